"""sympy → Typst mathematics: the printed code, and that Typst compiles it."""

import sympy
import pytest

from negotiation.report.markup import quote
from negotiation.report.typst_math import split_sum, typst_math

x, y = sympy.symbols("x y", real=True)
k = sympy.Symbol("alliance.kappa", real=True)
b = sympy.Symbol("russia.backing", real=True)


@pytest.mark.parametrize("expr, code", [
    (x + y, "x + y"),
    (x - y, "x - y"),
    (2 * x, "2 x"),
    (x * y, "x dot y"),
    (x / 2, "x/2"),
    (sympy.Rational(3, 4), "3/4"),
    (-sympy.Rational(3, 4) * x, "-(3 x)/4"),
    (1 / (x + 1), "1/(x + 1)"),
    (2 * x ** 2 / (x + 1) - k, '-"alliance.kappa" + (2 x^2)/(x + 1)'),
    (x ** 2, "x^2"),
    ((x + 1) ** 2, "(x + 1)^2"),
    (x ** y, "x^y"),
    (sympy.sqrt(x + 1), "sqrt(x + 1)"),
    (x ** sympy.Rational(1, 3), "root(3, x)"),
    (sympy.Max(x, y), "max(x, y)"),
    (sympy.Min(x, 0), "min(0, x)"),
    (sympy.Abs(x - 1), "abs(x - 1)"),
    (sympy.exp(x), "e^(x)"),
    (sympy.log(x), "ln(x)"),
    (k * b, '"alliance.kappa" dot "russia.backing"'),
    (sympy.Symbol("delta"), "delta"),
    (sympy.Symbol("d_US"), 'd_"US"'),
    (sympy.Piecewise((x, x < 1), (0, True)), 'cases(x & "if" x < 1, 0 & "otherwise")'),
    (sympy.Float(1.5), "1.5"),
    (sympy.pi * x, "pi dot x"),
    (sympy.oo, "infinity"),
    (-sympy.oo, "-infinity"),
    (sympy.E / 2, "e/2"),
    (sympy.Rational(1, 2), "1/2"),
])
def test_printed_code(expr, code):
    assert typst_math(expr) == code


def test_names_map_symbols_to_code_and_quotes_are_escaped():
    assert typst_math(2 * x, names={"x": 'x_"cap"'}) == '2 x_"cap"'
    assert quote('a "b" \\ c') == '"a \\"b\\" \\\\ c"'
    nasty = sympy.Symbol('a"#$@\\x', real=True)
    assert typst_math(nasty) == quote('a"#$@\\x')


def test_long_sums_are_split_between_terms():
    expr = sum(sympy.Symbol(f"parameter.number_{i}") for i in range(12))
    lines = split_sum(expr, width=60)
    assert len(lines) > 2 and all(len(line) <= 90 for line in lines)
    assert all(line.startswith(("+", "-")) for line in lines[1:])


def test_the_scenario_formulas_compile():
    typst = pytest.importorskip("typst")
    import negotiation

    forms = negotiation.load("us_dprk_2025_baseline").model.symbolic()
    exprs = [*forms["utilities"].values(), *forms["no_deal"].values(),
             forms["discount"]["DPRK"], *forms["war"].values(), forms["power_shift"]["margin"],
             forms["nash"]["share"], sympy.Piecewise((x, x < 1), (2, True)),
             sympy.sqrt(x) / (1 + k), sympy.Max(0, x - sympy.Min(y, 1)),
             x ** sympy.Rational(-1, 2), sympy.Float(2.5e-7) * x,
             sympy.And(x < 1, y > 2), sympy.Eq(x, 1)]
    body = "\n".join(f"$ {typst_math(e)} $" for e in exprs if e is not None)
    body += "\n$ u &= " + " \\\n & ".join(split_sum(forms["utilities"]["US"])) + " $"
    pdf = typst.compile(body.encode(), ignore_system_fonts=True)
    assert pdf.startswith(b"%PDF")
