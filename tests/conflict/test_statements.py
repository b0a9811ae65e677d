"""Option statements: the syntax of Fang, Hipel & Kilgour (1993) and GMCR II, evaluated."""

import numpy as np
import pytest

from negotiation.conflict.statements import (
    evaluate,
    parse_statement,
    prioritisation_scores,
    split_statements,
)
from negotiation.errors import GameError

OPTIONS = ["a", "b", "c", "d"]
TABLE = ((np.arange(16)[:, None] >> np.arange(4)) & 1).astype(bool)
A, B, C, D = TABLE.T


def truth(text):
    return evaluate(parse_statement(text, OPTIONS), TABLE)


@pytest.mark.parametrize("text,expected", [
    ("a", A), ("not a", ~A), ("-3", ~C), ("a and b", A & B), ("a & b", A & B),
    ("a or b and c", A | (B & C)), ("(a or b) and c", (A | B) & C),
    ("a if b", A | ~B), ("a iff b", A == B), ("1 iff 2", A == B),
    ("not a or b iff c", (~A | B) == C), ("a if b or c", A | ~(B | C)),
    ("not (a and b)", ~(A & B)), ("- -a", A), ("A and B", A & B),
])
def test_truth_tables(text, expected):
    assert np.array_equal(truth(text), expected)


def test_comma_separated_statements_as_in_fang_hipel_kilgour():
    assert split_statements("-3, 1 iff 2, 4") == ["-3", "1 iff 2", "4"]
    assert split_statements("(a, b)") == ["(a, b)"]


def test_scores_weigh_each_statement_above_all_less_important_ones():
    trees = [parse_statement(t, OPTIONS) for t in ("a", "b", "c")]
    scores = prioritisation_scores(trees, TABLE)
    assert list(scores) == [4 * a + 2 * b + c for a, b, c in zip(A, B, C)]
    many = [parse_statement("a", OPTIONS)] * 80        # no overflow past 64 statements
    assert prioritisation_scores(many, TABLE)[1] == 2 ** 80 - 1


@pytest.mark.parametrize("text,message", [
    ("e", "'e' is not an option"), ("5", "there is no option 5"), ("a and", "missing"),
    ("(a", "expected )"), ("a b", "misplaced"), ("a + b", "cannot read"), ("", "non-empty"),
    ("and a", "misplaced"),
])
def test_bad_statements_say_what_is_wrong(text, message):
    with pytest.raises(GameError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_statement(text, OPTIONS, "somewhere")
