"""Statements about options: the little logic of option prioritisation and feasibility.

A statement says which options are taken in a state, in the words of Fang, Hipel &
Kilgour (1993, ch. 4) and of GMCR II: an option's name (or its number, counting from 1)
is true in the states where it is taken.  Statements combine with

=================  =========================  ==============================
``not a``, ``-a``  a is not taken             highest precedence
``a and b``        both (also ``a & b``)
``a or b``         either (also ``a | b``)
``a if b``         a is taken whenever b is    (``b`` implies ``a``)
``a iff b``        both or neither             lowest precedence
=================  =========================  ==============================

and parentheses.  Several statements may be written on one line separated by commas
(``"-3, 1 iff 2, 4"``), most important first.  The text is parsed by the small
recursive-descent parser below into a tree of tuples; nothing is evaluated as Python.
A parsed statement is evaluated on a boolean table of states (one row per state, one
column per option) with numpy, so that 32,768 states cost one vector operation per
connective.
"""

import re

import numpy as np

from ..errors import GameError

_TOKEN = re.compile(r"\s*(?:(\()|(\))|(&|\band\b)|(\||\bor\b)|(\biff\b)|(\bif\b)|(-|\bnot\b)"
                    r"|([A-Za-z_][A-Za-z0-9_.]*|\d+))", re.IGNORECASE)


def split_statements(text):
    """The comma-separated statements of ``text`` (commas inside parentheses do not split)."""
    parts, depth, start = [], 0, 0
    for k, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def parse_statement(text, options, where="a statement"):
    """Parse one statement into a tree of tuples.

    Parameters
    ----------
    text : str
        The statement, e.g. ``"freeze and not escalate"`` or ``"1 iff 2"``.
    options : sequence of str
        The option names in order; numbers in ``text`` count from 1 in this order.
    where : str
        Where the statement is, for error messages.

    Returns
    -------
    tuple
        ``("option", k)``, ``("not", x)``, ``("and", x, y)``, ``("or", x, y)``,
        ``("if", x, y)`` (x whenever y) or ``("iff", x, y)``.

    Raises
    ------
    GameError
        An unknown option, a misplaced word or an unbalanced parenthesis.
    """
    tokens = _tokens(text, where)
    names = {name.lower(): k for k, name in enumerate(options)}
    position = 0

    def fail(message):
        raise GameError(f"{where}: {message} in {text!r}")

    def peek():
        return tokens[position] if position < len(tokens) else (None, None)

    def take(kind):
        nonlocal position
        if peek()[0] != kind:
            fail(f"expected {kind}")
        position += 1

    def binary(kind, lower):
        def rule():
            nonlocal position
            left = lower()
            while peek()[0] == kind:
                position += 1
                left = (kind, left, lower())
            return left
        return rule

    def atom():
        nonlocal position
        kind, value = peek()
        if kind == "not":
            position += 1
            return ("not", atom())
        if kind == "(":
            position += 1
            inner = iff()
            take(")")
            return inner
        if kind != "name":
            fail("an option is missing" if kind is None else f"{value!r} is misplaced")
        position += 1
        if value.isdigit():
            k = int(value) - 1
            if not 0 <= k < len(options):
                fail(f"there is no option {value} (the options are numbered 1 to "
                     f"{len(options)})")
            return ("option", k)
        if value.lower() not in names:
            fail(f"{value!r} is not an option of the model")
        return ("option", names[value.lower()])

    conjunction = binary("and", atom)
    disjunction = binary("or", conjunction)
    implication = binary("if", disjunction)
    iff = binary("iff", implication)
    tree = iff()
    if position != len(tokens):
        fail(f"{tokens[position][1]!r} is misplaced")
    return tree


def _tokens(text, where):
    if not isinstance(text, str) or not text.strip():
        raise GameError(f"{where}: a statement must be non-empty text, not {text!r}")
    kinds = ("(", ")", "and", "or", "iff", "if", "not", "name")
    out, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise GameError(f"{where}: cannot read {text[position:].strip()!r} in {text!r}")
        k = next(i for i, group in enumerate(match.groups()) if group is not None)
        out.append((kinds[k], match.group(k + 1)))
        position = match.end()
    return out


def evaluate(tree, table):
    """The truth of a parsed statement in every state: a boolean array, one entry a row of
    ``table`` (states × options, boolean)."""
    kind = tree[0]
    if kind == "option":
        return table[:, tree[1]]
    if kind == "not":
        return ~evaluate(tree[1], table)
    left, right = evaluate(tree[1], table), evaluate(tree[2], table)
    if kind == "and":
        return left & right
    if kind == "or":
        return left | right
    if kind == "if":
        return left | ~right
    return left == right


def prioritisation_scores(trees, table):
    """Option-prioritisation scores (Fang, Hipel & Kilgour 1993, §4.3).

    Statement ``k`` of ``K`` (most important first) adds :math:`2^{K-1-k}` to the score of
    every state where it holds, so that a more important statement outweighs all less
    important ones together; states with equal scores are equally preferred.

    Returns
    -------
    numpy.ndarray of object
        Exact integer scores, one per state (Python ints: no overflow for many statements).
    """
    scores = np.zeros(len(table), dtype=object)
    count = len(trees)
    for k, tree in enumerate(trees):
        scores = scores + evaluate(tree, table).astype(object) * (1 << (count - 1 - k))
    return scores


__all__ = ["evaluate", "parse_statement", "prioritisation_scores", "split_statements"]
