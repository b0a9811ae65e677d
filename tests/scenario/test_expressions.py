"""The scenario formula parser accepts arithmetic over declared names and nothing else."""

import re

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import ScenarioError
from negotiation.scenario.expressions import parse_expression

NAMES = {n: sympy.Symbol(n) for n in ("d0", "russia.reliability", "russia.support", "kappa", "L")}
d0, rho, s, kappa, L = NAMES.values()


@pytest.mark.parametrize("text, expected", [
    ("d0 + russia.reliability * russia.support", d0 + rho * s),
    ("0.1", sympy.Rational(1, 10)),
    ("1/3 + 2**3", sympy.Rational(25, 3)),
    ("-kappa", -kappa),
    ("max(d0, 0.5) - min(L, kappa, 1)",
     sympy.Max(d0, sympy.Rational(1, 2)) - sympy.Min(L, kappa, 1)),
    ("sqrt(d0) * exp(-kappa) + log(L) + abs(d0)", sympy.sqrt(d0) * sympy.exp(-kappa) + sympy.log(L)
     + sympy.Abs(d0)),
    ("d0 if kappa > 0.2 else L", sympy.Piecewise((d0, kappa > sympy.Rational(1, 5)), (L, True))),
    ("piecewise(1, d0 < 0 and L >= 1, 2)", sympy.Piecewise(
        (1, sympy.And(d0 < 0, L >= 1)), (2, True))),
])
def test_allowed_formulas(text, expected):
    assert sympy.simplify(parse_expression(text, NAMES) - expected) == 0 or \
        parse_expression(text, NAMES) == expected


@pytest.mark.parametrize("text, fragment", [
    ("__import__('os').system('echo hacked')", "calling __import__('os').system is not"),
    ("d0.__class__", "attribute access"),
    ("(1).real", "attribute access"),
    ("(lambda: 1)()", "calling"),
    ("lambda x: x", "a lambda"),
    ("[x for x in range(3)]", "comprehension"),
    ("sum(x for x in [1])", "calling sum"),
    ("d0[0]", "indexing"),
    ("'text'", "not a number"),
    ("open('/etc/passwd')", "calling open"),
    ("eval('1')", "calling eval"),
    ("max(d0, key=1)", "plain arguments"),
    ("d0 % 2", "%"),
    ("russia.reliabilty", "did you mean 'russia.reliability'"),
    ("kapa * 2", "did you mean 'kappa'"),
    ("d0 +", "not a valid formula"),
    ("(" * 100 + "1" + ")" * 100, "nests brackets 100 deep"),
    ("1+" * 2000 + "1", "characters long"),
    ("x := 1", "not a valid formula"),
    ("exp(1, 2)", "takes one argument"),
])
def test_rejected_with_a_clear_message(text, fragment):
    with pytest.raises(ScenarioError, match=re.escape(fragment)):
        parse_expression(text, NAMES, where="model.yaml, line 3, utilities.US")


def test_the_message_names_where():
    with pytest.raises(ScenarioError, match=r"^model.yaml, line 3, utilities.US: .*column"):
        parse_expression("d0 + open(1)", NAMES, where="model.yaml, line 3, utilities.US")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_never_escapes(text):
    try:
        result = parse_expression(text, NAMES)
    except ScenarioError:
        return
    assert isinstance(result, sympy.Basic)
    assert result.free_symbols <= set(NAMES.values())
