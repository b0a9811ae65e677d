"""Sympy expressions as Typst mathematics (sympy 1.14 has no Typst printer).

:class:`TypstPrinter` is a small :class:`sympy.printing.str.StrPrinter` subclass: sums,
products with fractions, powers and roots, symbols (a long or dotted name is set upright
in quotes; ``names`` maps a symbol's name to Typst code of your choice), ``Max``/``Min``,
``Piecewise`` (as ``cases``), relations and the elementary functions.  Its output goes
between ``$ ... $``; nothing in it is evaluated as Typst code (names are quoted strings).

>>> import sympy
>>> x, k = sympy.symbols("x alliance.kappa")
>>> typst_math(2 * x ** 2 / (x + 1) - k)
'-"alliance.kappa" + (2 x^2)/(x + 1)'
"""

from typing import ClassVar

import sympy
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

from .markup import quote

#: Greek letters that Typst math knows by name.
GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi",
    "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi",
    "Psi", "Omega",
}


#: Constants that print as a fixed Typst word (by sympy class name).
_NAMED = {"Half": "1/2", "Infinity": "infinity", "NegativeInfinity": "-infinity", "Pi": "pi",
          "Exp1": "e", "BooleanTrue": '"true"', "BooleanFalse": '"false"'}


class TypstPrinter(StrPrinter):
    """Typst math code of a sympy expression (see the module docstring)."""

    printmethod = "_typst"
    _default_settings: ClassVar[dict] = {**StrPrinter._default_settings, "names": None}

    # -------------------------------------------------------------- atoms
    def _print_Symbol(self, expr):
        names = self._settings.get("names") or {}
        name = expr.name
        if name in names:
            return names[name]
        if len(name) == 1 and name.isalpha() and name.isascii():
            return name
        if name in GREEK:
            return name
        base, sep, sub = name.partition("_")
        if sep and base and sub and (len(base) == 1 or base in GREEK) and base.isalpha() \
                and sub.isalnum():
            return f"{base}_{quote(sub) if len(sub) > 1 else sub}"
        return quote(name)

    _print_Dummy = _print_Symbol

    def _print_Integer(self, expr):
        return str(expr.p)

    def _print_Rational(self, expr):
        if expr.q == 1:
            return str(expr.p)
        sign = "-" if expr.p < 0 else ""
        return f"{sign}{abs(expr.p)}/{expr.q}"

    def _print_Float(self, expr):
        text = f"{float(expr):.6g}"
        if "e" in text:
            mantissa, exponent = text.split("e")
            return f"{mantissa} times 10^({int(exponent)})"
        return text

    def _print(self, expr, **kwargs):
        named = _NAMED.get(type(expr).__name__)
        return named if named is not None else super()._print(expr, **kwargs)

    # -------------------------------------------------------------- arithmetic
    def _print_Add(self, expr, order=None):
        terms = self._as_ordered_terms(expr, order=order)
        out = []
        for k, term in enumerate(terms):
            text = self._print(term)
            negative = text.startswith("-")
            if negative:
                text = text[1:]
            if precedence(term) < PRECEDENCE["Add"] and not negative:
                text = f"({text})"
            if k == 0:
                out.append(("-" if negative else "") + text)
            else:
                out.append((" - " if negative else " + ") + text)
        return "".join(out)

    def _print_Mul(self, expr):
        coeff, rest = expr.as_coeff_Mul()
        if coeff.is_negative:
            inner = self._print_Mul_positive(-coeff * rest if coeff != -1 else rest)
            return "-" + inner
        return self._print_Mul_positive(expr)

    def _print_Mul_positive(self, expr):
        if not isinstance(expr, sympy.Mul):
            return self._print(expr)
        numer, denom = [], []
        for factor in expr.as_ordered_factors():
            if factor.is_Pow and factor.exp.is_Rational and factor.exp.is_negative:
                denom.append(factor.base if factor.exp == -1 else
                             sympy.Pow(factor.base, -factor.exp, evaluate=False))
            elif factor.is_Rational and factor.q != 1:
                if factor.p != 1:
                    numer.append(sympy.Integer(factor.p))
                denom.append(sympy.Integer(factor.q))
            else:
                numer.append(factor)
        top = self._product(numer) if numer else "1"
        if not denom:
            return top
        bottom = self._product(denom)
        top = self._group(top, numer) if numer else top
        return f"{top}/{self._group(bottom, denom)}"

    def _product(self, factors):
        parts = []
        for k, factor in enumerate(factors):
            text = self._print(factor)
            if precedence(factor) < PRECEDENCE["Mul"] or (k > 0 and text.startswith("-")):
                text = f"({text})"
            parts.append(text)
        out = parts[0]
        for prev, text in zip(factors, parts[1:]):
            # a number before a symbol reads as a product; anything else gets a dot
            out += " " if prev.is_Number and not text[0].isdigit() else " dot "
            out += text
        return out

    @staticmethod
    def _group(text, factors):
        if len(factors) == 1 and precedence(factors[0]) < PRECEDENCE["Mul"]:
            return text  # a sum: _product has put it in parentheses already
        single = len(factors) == 1 and (factors[0].is_Atom or isinstance(
            factors[0], (sympy.Function, sympy.Max, sympy.Min)))
        return text if single and not text.startswith("-") else f"({text})"

    def _print_Pow(self, expr, rational=False):
        base, exp = expr.as_base_exp()
        if exp == sympy.Rational(1, 2):
            return f"sqrt({self._print(base)})"
        if exp == -1:
            text = self._print(base)
            return f"1/({text})" if precedence(base) < PRECEDENCE["Mul"] else \
                f"1/{self._group(text, [base])}"
        if exp.is_Rational and exp.is_negative:
            return f"1/({self._print(sympy.Pow(base, -exp, evaluate=False))})"
        if exp.is_Rational and exp.q != 1 and exp.p == 1:
            return f"root({exp.q}, {self._print(base)})"
        b = self._print(base)
        if not (base.is_Symbol or (base.is_Integer and base >= 0)) or " " in b:
            b = f"({b})"
        e = self._print(exp)
        return f"{b}^({e})" if len(e) > 1 else f"{b}^{e}"

    # -------------------------------------------------------------- functions
    def _function(self, name, args):
        return f"{name}({', '.join(self._print(a) for a in args)})"

    def _print_Max(self, expr):
        return self._function("max", expr.args)

    def _print_Min(self, expr):
        return self._function("min", expr.args)

    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"

    def _print_exp(self, expr):
        return f"e^({self._print(expr.args[0])})"

    def _print_log(self, expr):
        return self._function("ln", expr.args)

    def _print_Function(self, expr):
        name = expr.func.__name__
        head = name if name in ("sin", "cos", "tan", "sinh", "cosh", "tanh") else \
            f"op({quote(name)})"
        return self._function(head, expr.args)

    def _print_Piecewise(self, expr):
        rows = []
        for value, cond in expr.args:
            when = '"otherwise"' if cond is sympy.true else f'"if" {self._print(cond)}'
            rows.append(f"{self._print(value)} & {when}")
        return "cases(" + ", ".join(rows) + ")"

    # -------------------------------------------------------------- logic
    _RELATIONS: ClassVar[dict] = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}

    def _print_Relational(self, expr):
        op = self._RELATIONS.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_Equality(self, expr):
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Unequality(self, expr):
        return f"{self._print(expr.lhs)} != {self._print(expr.rhs)}"

    def _logic(self, expr, word):
        return f' {quote(" " + word + " ")} '.join(
            f"({self._print(a)})" if isinstance(a, (sympy.And, sympy.Or)) else self._print(a)
            for a in expr.args)

    def _print_And(self, expr):
        return self._logic(expr, "and")

    def _print_Or(self, expr):
        return self._logic(expr, "or")

    def _print_Not(self, expr):
        return f"not {self._print(expr.args[0])}"

    def emptyPrinter(self, expr):  # anything unknown: its text, quoted (never evaluated)
        return quote(str(expr))


def typst_math(expr, names=None):
    """Typst math code of ``expr`` (a sympy expression or a number); see :class:`TypstPrinter`.

    ``names`` maps symbol names to the Typst code to print for them.  Text is refused:
    ``sympy.sympify`` would evaluate it as Python; parse a formula first with
    :func:`negotiation.scenario.expressions.parse_expression`.
    """
    return TypstPrinter({"names": names}).doprint(_expression(expr))


def _expression(expr):
    """``expr`` as a sympy object: sympy objects as they are, numbers converted exactly;
    anything else (text above all) is a TypeError."""
    from fractions import Fraction
    from numbers import Integral, Real

    if isinstance(expr, sympy.Basic):
        return expr
    if isinstance(expr, bool) or not isinstance(expr, Real):
        raise TypeError(f"typst_math takes a sympy expression or a number, not "
                        f"{type(expr).__name__}; parse text with "
                        "negotiation.scenario.expressions.parse_expression first")
    if isinstance(expr, Integral):
        return sympy.Integer(int(expr))
    if isinstance(expr, Fraction):
        return sympy.Rational(expr.numerator, expr.denominator)
    return sympy.Float(float(expr))


def split_sum(expr, names=None, width=80):
    """``expr`` as lines of Typst math, a long sum broken between terms so that each line
    has at most about ``width`` characters of code (for display equations that would not
    fit across the page).  The lines after the first begin with ``+`` or ``-``; join them
    with ``\\`` and an alignment point."""
    expr = _expression(expr)
    printer = TypstPrinter({"names": names})
    if not isinstance(expr, sympy.Add):
        return [printer.doprint(expr)]
    lines, line = [], ""
    for k, term in enumerate(printer._as_ordered_terms(expr)):
        text = printer.doprint(term)
        negative = text.startswith("-")
        if negative:
            text = text[1:]
        if precedence(term) < PRECEDENCE["Add"] and not negative:
            text = f"({text})"
        piece = ("-" if negative else "") + text if k == 0 else \
            (" - " if negative else " + ") + text
        if line and len(line) + len(piece) > width:
            lines.append(line)
            line = ""
            piece = piece.lstrip()
        line += piece
    lines.append(line)
    return lines
