r"""The formulas of scenario files: a whitelisting parser, their trees and their values.

Utilities and no-deal payoffs in a scenario are written as formulas over its
parameters, e.g. ``d0 + russia.reliability * russia.support``.  The text is parsed by
Python's own parser into a syntax tree (``ast.parse`` builds a tree and runs nothing)
and the tree is rebuilt node by node as a :class:`Formula`, accepting only:

* numbers in decimal — decimals and exponent notation are read as the exact rationals they
  denote (``0.1`` is 1/10), with at most :data:`MAX_LITERAL_DIGITS` digits and an exponent of
  at most :data:`MAX_LITERAL_EXPONENT` (hexadecimal, octal and binary literals are refused);
* declared parameter names, dotted names included (``russia.reliability``);
* ``+ - * / **`` and unary minus;
* the functions ``min``, ``max``, ``exp``, ``log``, ``sqrt``, ``abs`` and
  ``piecewise(value, condition, value, condition, ..., otherwise)``;
* comparisons (``< <= > >= == !=``) and ``and``/``or``/``not`` — only where a condition is
  expected, i.e. in ``a if condition else b`` and in the conditions of ``piecewise``; a
  comparison used as a number (``x < 1`` as a utility) is refused.

A formula is evaluated as written (:meth:`Formula.evaluate`): exactly with
:class:`~fractions.Fraction` when the values are exact and the formula rational, in floats
otherwise, over numpy arrays for sweeps; nothing is compiled or executed, and sympy is not
needed.  :func:`sympy_form` writes it as a sympy expression for symbolic work (the report's
formulas, closed forms); there a division that sympy's automatic simplification cancels
away keeps the condition that its factor is not zero (``x / x`` is 1 where ``x != 0``), as
the formula is undefined there.

The work a formula can cause is bounded before anything is evaluated: numeric powers are
limited (:data:`MAX_EXPONENT`, :data:`MAX_BITS`), nesting is limited (:data:`MAX_DEPTH`
brackets, :data:`MAX_NESTING` operations; long sums and products are read without
recursion), and :func:`work` bounds the size of the exact numbers a formula can produce.

Anything else — attribute access on something that is not a declared name, calls of
other functions, keywords, subscripts, lambdas, comprehensions, strings — is rejected
with one sentence naming it and its column.  Nothing is passed to ``eval``, ``exec``,
``sympify`` or ``parse_expr``.  Very long or deeply nested input is rejected before
parsing.
"""

import ast
import difflib
import math
import operator
import threading
from fractions import Fraction

import numpy as np

from .._numbers import NumberTooLarge, text_fraction
from .._ops import maximum, minimum
from ..errors import ScenarioError

#: Longest expression accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of brackets accepted.
MAX_DEPTH = 40
#: Deepest nesting of operations accepted (a long sum or product counts as one level).
MAX_NESTING = 100
#: Largest numeric exponent accepted: ``9**9**9`` would otherwise be a number with hundreds of
#: millions of digits.
MAX_EXPONENT = 100
#: Largest exact number a power may produce, in bits.
MAX_BITS = 4096
#: Most digits in a number literal of a formula or a scenario file.
MAX_LITERAL_DIGITS = 300
#: Largest exponent of a number literal (``1e300``; ``1.0e+999999999`` is refused).
MAX_LITERAL_EXPONENT = 300
#: Largest :func:`work` of a formula: a bound on the size of its exact value, in units of
#: one parameter value (``(x**100 + 1)**100`` is 10,000).
MAX_WORK = 5000
#: Largest exact value computed from a scenario's formulas, in bits (about 40,000 digits).
MAX_VALUE_BITS = 1 << 17
#: Most names "did you mean" compares an unknown name with, and most suggestions per file.
MAX_CANDIDATES = 1000
MAX_SUGGESTIONS = 100

_LARGEST = 10**MAX_LITERAL_EXPONENT

FUNCTIONS = ("min", "max", "exp", "log", "sqrt", "abs", "piecewise")

_budget = threading.local()


def number_literal(text, where):
    """The exact Fraction of a number written in a scenario (a formula literal, a YAML
    value, a ``--set`` value): decimal or exponent notation within the literal bounds;
    ``None`` when ``text`` is not such a number.  Raises ScenarioError when too large."""
    try:
        value = text_fraction(text, MAX_LITERAL_DIGITS, MAX_LITERAL_EXPONENT)
    except NumberTooLarge as error:
        raise ScenarioError(f"{where}: {error}") from None
    if value is not None and abs(value) > _LARGEST:
        raise ScenarioError(f"{where}: {_short(text)} is beyond ±1e{MAX_LITERAL_EXPONENT}, the "
                            "largest number a scenario may hold")
    return value


def suggest(name, choices):
    """``"; did you mean 'x'?"`` for the choice closest to ``name``, or ``""``.

    Bounded: at most :data:`MAX_CANDIDATES` choices are compared, names longer than 100
    characters get no suggestion, and after :func:`limit_suggestions` only that many
    suggestions are made (so a file of thousands of misspellings is checked in linear time).
    """
    left = getattr(_budget, "left", None)
    if len(str(name)) > 100 or left == 0:
        return ""
    if left is not None:
        _budget.left = left - 1
    candidates = [str(c) for c, _ in zip(choices, range(MAX_CANDIDATES))]
    close = difflib.get_close_matches(str(name), candidates, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def limit_suggestions(count=MAX_SUGGESTIONS):
    """Allow at most ``count`` further suggestions in this thread (``None``: no limit)."""
    _budget.left = count


class Formula:
    """A parsed formula: the operation ``op`` on ``args``, immutable.

    ``op`` is ``"number"`` (``args``: one Fraction) or ``"name"`` (one declared name) at the
    leaves; ``"+"`` and ``"*"`` are chains ``args[0] signs[0] args[1] signs[1] args[2] ...``
    with ``signs`` from ``+-`` and ``*/``; then ``"neg"``, ``"**"``, ``"min"``, ``"max"``,
    ``"exp"``, ``"log"``, ``"abs"``, ``"if"`` (``value, condition, ..., otherwise``), the
    comparisons ``< <= > >= == !=`` and ``"and"``, ``"or"``, ``"not"``.  Operations on
    numbers alone are done exactly as the formula is read (``1/3 + 2**3`` is the number
    25/3); nothing else is rearranged, so :meth:`evaluate` computes in the order written.
    Two formulas are equal when their trees are.
    :func:`sympy_form` writes the formula as a sympy expression.
    """

    __slots__ = ("_names", "_run", "args", "op", "signs")

    def __init__(self, op, args, signs=""):
        self.op, self.args, self.signs = op, tuple(args), signs
        self._names = self._run = None

    def __reduce__(self):  # the tree, without the closures of its first evaluation
        return Formula, (self.op, self.args, self.signs)

    def __eq__(self, other):  # the same tree
        return isinstance(other, Formula) and (self.op, self.signs, self.args) == (
            other.op, other.signs, other.args)

    def __hash__(self):
        return hash((self.op, self.signs, self.args))

    def __repr__(self):
        signs = f", {self.signs!r}" if self.signs else ""
        return f"Formula({self.op!r}, {self.args!r}{signs})"

    @property
    def names(self):
        """The names the formula uses (a frozenset of str)."""
        if self._names is None:
            found, stack = set(), [self]
            while stack:
                node = stack.pop()
                if node.op == "name":
                    found.add(node.args[0])
                elif node.op != "number":
                    stack.extend(node.args)
            self._names = frozenset(found)
        return self._names

    def evaluate(self, env):
        """The value with the names' values in ``env`` (a mapping by name).

        Exact (:class:`~fractions.Fraction`) when every value is exact and the formula
        rational, a float otherwise, a numpy array when a value is an array; ``None`` when
        undefined (a division by zero, the logarithm of a number that is not positive, an
        overflow).  The tree is turned into closures once, on the first evaluation.
        """
        if self._run is None:
            self._run = _compile(self)
        try:
            with np.errstate(all="ignore"):
                value = self._run(env)
        except _UNDEFINED:
            return None
        if isinstance(value, np.ndarray):
            return value
        if isinstance(value, bool | np.bool_):
            return bool(value)
        if isinstance(value, float | np.floating):
            value = float(value)
            return value if math.isfinite(value) else None
        return value


def number(value):
    """The formula of an exact number (a Fraction or an int)."""
    return Formula("number", (Fraction(value),))


def parse_formula(text, names, where="expression"):
    """The :class:`Formula` of ``text`` over the declared ``names``.

    Parameters
    ----------
    text : str or number
    names : collection of str
        The declared names (a dict counts by its keys, in its order for suggestions).
    where : str
        Where the text comes from (file, line and field), for error messages.

    Raises
    ------
    ScenarioError
        One sentence naming what is not allowed and where.
    """
    if isinstance(text, bool):
        raise ScenarioError(f"{where}: {text!r} is not a number or formula")
    if isinstance(text, int):
        return number(text)
    if isinstance(text, float):
        if not math.isfinite(text):
            raise ScenarioError(f"{where}: {text} is not a finite number")
        return number(Fraction(str(text)))
    if not isinstance(text, str):
        raise ScenarioError(f"{where}: expected a number or a formula, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ScenarioError(f"{where}: the formula is {len(text)} characters long; "
                            f"the limit is {MAX_LENGTH}")
    depth = deepest = 0
    for char in text:
        depth += char in "([{"
        depth -= char in ")]}"
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise ScenarioError(f"{where}: the formula nests brackets {deepest} deep; "
                            f"the limit is {MAX_DEPTH}")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        column = getattr(error, "offset", None)
        at = f" at column {column}" if column else ""
        raise ScenarioError(f"{where}: {_short(text)} is not a valid formula{at}") from None
    nesting = _nesting(tree.body)
    if nesting > MAX_NESTING:
        raise ScenarioError(f"{where}: the formula nests operations {nesting} deep; the limit "
                            f"is {MAX_NESTING}")
    return _Builder(text, names, where).value(tree.body)


def parse_expression(text, names, where="expression"):
    """The sympy expression of ``text`` over the declared ``names`` (a mapping of each name
    to its sympy symbol): :func:`sympy_form` of :func:`parse_formula`."""
    return sympy_form(parse_formula(text, names, where), names)


_GROUPS = {ast.Add: "+", ast.Sub: "+", ast.Mult: "*", ast.Div: "*"}
_SIGNS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _chain(node):
    """A left-nested chain of + and - (or * and /) as ``[first, (op, operand), ...]``."""
    group = _GROUPS.get(type(node.op))
    tail = []
    while isinstance(node, ast.BinOp) and _GROUPS.get(type(node.op)) == group:
        tail.append((node.op, node.right))
        node = node.left
    return [node, *reversed(tail)]


def _children(node):
    if isinstance(node, ast.BinOp) and type(node.op) in _GROUPS:
        first, *rest = _chain(node)
        return [first, *(operand for _, operand in rest)]
    return list(ast.iter_child_nodes(node))


def _nesting(root):
    """How deep operations nest, a chain of + and - (or * and /) counting once; no recursion."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_NESTING:
            stack.extend((child, depth + 1) for child in _children(node))
    return deepest


#: What evaluating an undefined formula raises (a division by zero, the logarithm of a number
#: that is not positive, an overflow, a comparison of undefined values).
_UNDEFINED = (ZeroDivisionError, OverflowError, ValueError, TypeError)

_STEPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def _exactly(op, args, signs=""):
    """The Formula of ``op`` on ``args``: a number when they are numbers and the result is
    exact (sums, products, quotients by non-zero numbers, integer powers); as written
    otherwise (``1/0`` stays a division, undefined when evaluated)."""
    written = Formula(op, args, signs)
    if not all(a.op == "number" for a in args) or (
            op == "**" and args[1].args[0].denominator != 1):
        return written
    value = written.evaluate({})
    return written if value is None else number(value)


class _Builder:
    def __init__(self, text, names, where):
        self.text, self.names, self.where = text, names, where

    def fail(self, node, message):
        column = getattr(node, "col_offset", None)
        at = f" (column {column + 1})" if column is not None else ""
        raise ScenarioError(f"{self.where}: {message}{at}")

    def build(self, node):
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            self.fail(node, f"{_describe(node)} is not allowed in a formula")
        return method(node)

    def value(self, node):
        """A node where a number is expected: a condition is refused."""
        if isinstance(node, ast.Compare | ast.BoolOp) or (
                isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            self.fail(node, f"{_short(_segment(self.text, node))} is a condition (true or "
                      "false), not a number; conditions belong in 'a if condition else b' or "
                      "piecewise(value, condition, ..., otherwise)")
        return self.build(node)

    def condition(self, node):
        """A node where a condition is expected: comparisons, and/or/not of them."""
        if isinstance(node, ast.Compare):
            return self._Compare(node)
        if isinstance(node, ast.BoolOp):
            return Formula("and" if isinstance(node.op, ast.And) else "or",
                           [self.condition(v) for v in node.values])
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return Formula("not", [self.condition(node.operand)])
        self.fail(node, f"{_short(_segment(self.text, node))} is a number where a condition "
                  "(a comparison such as x < 1) is expected")

    # numbers and names
    def _Constant(self, node):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            self.fail(node, f"{_short(repr(node.value))} is not a number")
        source = _segment(self.text, node)
        value = number_literal(source, self.where)
        if value is None:
            self.fail(node, f"{_short(source)} is not a decimal number (write numbers in "
                      "decimal, like 12, 0.5 or 1e-3)")
        return number(value)

    def _Name(self, node):
        if node.id not in self.names:
            self.fail(node, self.unknown(node.id))
        return Formula("name", [node.id])

    def _Attribute(self, node):
        parts = []
        current = node
        while isinstance(current, ast.Attribute):
            parts.append(current.attr)
            current = current.value
        if not isinstance(current, ast.Name):
            self.fail(node, "attribute access is not allowed in a formula")
        parts = [current.id, *reversed(parts)]
        dotted = ".".join(parts)
        if dotted in self.names:
            return Formula("name", [dotted])
        if current.id in self.names or any(p.startswith("_") for p in parts):
            self.fail(node, f"attribute access ({_cut(dotted)}) is not allowed in a formula")
        self.fail(node, self.unknown(dotted))

    def unknown(self, name):
        return f"{_short(name)} is not a declared parameter{suggest(name, self.names)}"

    # arithmetic
    def _BinOp(self, node):
        if type(node.op) in _GROUPS:
            first, *rest = _chain(node)
            return _exactly(_GROUPS[type(node.op)],
                            [self.value(first), *(self.value(operand) for _, operand in rest)],
                            "".join(_SIGNS[type(op)] for op, _ in rest))
        if not isinstance(node.op, ast.Pow):
            self.fail(node, f"the operator {_describe(node.op)} is not allowed")
        return self.power(node, self.value(node.left), self.value(node.right))

    def power(self, node, base, exponent):
        """``base ** exponent``, refusing huge numeric exponents before they are computed
        (``9**9**9``), also where powers of powers multiply (``(x**50)**50``)."""
        self.check_power(node, base, exponent)
        if _integer(exponent) is not None:  # ((x**a)**b)**n is x**(a*b*n)
            total, inner = exponent.args[0], base
            while inner.op == "**" and inner.args[1].op == "number":
                total, inner = total * inner.args[1].args[0], inner.args[0]
            if inner is not base:
                self.check_power(node, inner, number(total))
        return _exactly("**", [base, exponent])

    def check_power(self, node, base, exponent):
        if exponent.op != "number" or (base.op == "number" and base.args[0] in (0, 1, -1)):
            return
        value = exponent.args[0]
        if abs(value) > MAX_EXPONENT:
            self.fail(node, f"the exponent {_cut(value)} is too large; the limit is "
                      f"{MAX_EXPONENT}")
        if base.op == "number":  # (99**100)**100**...: the digits grow a hundredfold each time
            b = base.args[0]
            bits = max(b.numerator.bit_length(), b.denominator.bit_length())
            if bits * abs(value) > MAX_BITS:
                self.fail(node, f"the power is too large a number (over {MAX_BITS} bits)")

    def _UnaryOp(self, node):
        if isinstance(node.op, ast.USub):
            return _exactly("neg", [self.value(node.operand)])
        if isinstance(node.op, ast.UAdd):
            return self.value(node.operand)
        self.fail(node, f"the operator {_describe(node.op)} is not allowed")

    # conditions
    def _Compare(self, node):
        ops = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
               ast.NotEq: "!="}
        left = self.value(node.left)
        parts = []
        for op, right_node in zip(node.ops, node.comparators):
            relation = ops.get(type(op))
            if relation is None:
                self.fail(node, f"the comparison {_describe(op)} is not allowed")
            right = self.value(right_node)
            parts.append(Formula(relation, [left, right]))
            left = right
        return parts[0] if len(parts) == 1 else Formula("and", parts)

    def _IfExp(self, node):
        return Formula("if", [self.value(node.body), self.condition(node.test),
                              self.value(node.orelse)])

    # functions
    def _Call(self, node):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            self.fail(node, f"calling {_cut(ast.unparse(node.func))} is not allowed; the "
                      "functions are " + ", ".join(FUNCTIONS))
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self.fail(node, f"{node.func.id}() takes plain arguments only")
        name = node.func.id
        if name == "piecewise":
            if len(node.args) < 3 or len(node.args) % 2 == 0:
                self.fail(node, "piecewise() takes value, condition, ..., otherwise")
            parts = []
            for k in range(0, len(node.args) - 1, 2):
                parts += [self.value(node.args[k]), self.condition(node.args[k + 1])]
            return Formula("if", [*parts, self.value(node.args[-1])])
        args = [self.value(a) for a in node.args]
        if name in ("min", "max"):
            if len(args) < 2:
                self.fail(node, f"{name}() needs at least two arguments")
            return Formula(name, args)
        if len(args) != 1:
            self.fail(node, f"{name}() takes one argument, not {len(args)}")
        if name == "sqrt":
            return self.power(node, args[0], number(Fraction(1, 2)))
        return Formula(name, args)


def _integer(formula):
    """The formula's value if it is an integer number, else None."""
    if formula.op == "number" and formula.args[0].denominator == 1:
        return formula.args[0]
    return None


# ------------------------------------------------------------------ the sympy form

def sympy_form(formula, symbols=None):
    """The sympy expression of a parsed :class:`Formula`.

    Built operation by operation as the formula is written, so that sympy's automatic
    simplification applies; ``symbols`` maps names to sympy symbols (default: a real
    symbol of each name).  A division is never cancelled away unseen: sympy simplifies
    ``x / x`` to 1 as it builds the product, so when a division loses a factor of its
    denominator, the result carries the condition that the factor is not zero (``x / x``
    is 1 where ``x != 0``), as the formula itself is undefined there.  Raises ScenarioError
    where sympy refuses a part (the minimum of a complex number, ``min(x, log(-1))``).
    """
    import sympy

    try:
        return _SympyForm(sympy, symbols or {}).guarded(formula)
    except (ValueError, TypeError) as error:  # min(x, log(-1)): sympy compares only reals
        raise ScenarioError(f"the formula cannot be written symbolically ({error}); it is "
                            "evaluated where it is defined") from None


class _SympyForm:
    def __init__(self, sympy, symbols):
        s = self.sympy = sympy
        self.symbols, self.denominators = symbols, []
        self.relations = {"<": s.Lt, "<=": s.Le, ">": s.Gt, ">=": s.Ge, "==": s.Eq, "!=": s.Ne}
        self.functions = {"min": s.Min, "max": s.Max, "exp": s.exp, "log": s.log,
                          "abs": s.Abs, "and": s.And, "or": s.Or, "not": s.Not}

    def build(self, f):
        s, op = self.sympy, f.op
        if op == "number":
            return s.Rational(f.args[0].numerator, f.args[0].denominator)
        if op == "name":
            name = f.args[0]
            symbol = self.symbols.get(name)
            return s.Symbol(name, real=True) if symbol is None else symbol
        if op in ("+", "*"):
            result = self.build(f.args[0])
            for sign, part in zip(f.signs, f.args[1:]):
                right = self.build(part)
                if sign == "/":
                    self.denominators.append(right)
                result = _STEPS[sign](result, right)
            return result
        if op == "neg":
            return -self.build(f.args[0])
        if op == "**":
            base, exponent = self.build(f.args[0]), self.build(f.args[1])
            if exponent.is_Number and exponent < 0:
                self.denominators.append(base)
            return base ** exponent
        if op == "if":
            parts = [self.build(a) for a in f.args]
            return s.Piecewise(*zip(parts[:-1:2], parts[1::2]), (parts[-1], True))
        if op in self.relations:
            return self.relations[op](*map(self.build, f.args))
        return self.functions[op](*map(self.build, f.args))

    def guarded(self, formula):
        """The sympy form of ``formula`` with the condition ``factor != 0`` for every factor
        of a denominator that sympy's automatic simplification cancelled away."""
        sympy = self.sympy
        result = self.build(formula)
        kept = set()
        for power in result.atoms(sympy.Pow):
            if power.exp.is_Number and power.exp < 0:
                kept |= set(sympy.Mul.make_args(power.base))
        lost = []
        for bottom in self.denominators:
            for factor in sympy.Mul.make_args(bottom):
                base = factor.as_base_exp()[0]
                if not base.is_Number and base not in kept and base not in lost:
                    lost.append(base)
        if not lost:
            return result
        return sympy.Piecewise((result, sympy.And(*(sympy.Ne(b, 0) for b in lost))))


# ------------------------------------------------------------------ bounds and evaluation

def work(formula, sizes=None):
    r"""A bound on the growth of the exact value of ``formula``, in units of one parameter
    value.

    Exact evaluation multiplies numerators and denominators: a product's (or quotient's)
    size is at most the sum of its factors', and a power :math:`b^n` is ``n`` times the
    base's.  A sum counts as its largest term plus one per further term (a sum of terms
    with the same denominators stays small; sums whose denominators differ at each step of
    a chain are caught as they are evaluated, :data:`MAX_VALUE_BITS`).  A name counts what
    ``sizes`` says (a derived value's own work) or 1, a number its 64-bit words; ``exp``,
    ``log`` and fractional powers are computed in floats and count 1.  Used to refuse
    ``(x**100 + 1)**100`` and chains of derived values that square at each step before any
    of them is evaluated.
    """
    sizes = sizes or {}
    memo = {}
    stack = [(formula, False)]
    while stack:
        node, ready = stack.pop()
        key = id(node)
        if key in memo:
            continue
        op = node.op
        if op == "name":
            memo[key] = sizes.get(node.args[0], 1)
            continue
        if op == "number":
            value = node.args[0]
            memo[key] = max(1, -(-max(value.numerator.bit_length(),
                                      value.denominator.bit_length()) // 64))
            continue
        if not ready:
            stack.append((node, True))
            stack.extend((a, False) for a in node.args if id(a) not in memo)
            continue
        args = [memo[id(a)] for a in node.args]
        if op == "**":
            exponent = _integer(node.args[1])
            memo[key] = args[0] * abs(int(exponent)) if exponent is not None else 1
        elif op in ("exp", "log"):
            memo[key] = 1
        elif op == "*":
            memo[key] = sum(args)
        else:  # sums, min, max, piecewise, conditions
            memo[key] = max(args) + (len(args) - 1 if op == "+" else 0)
    return memo[id(formula)]


def _float(x):
    return float(x) if isinstance(x, Fraction) else x


_COMPARISONS = {"<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__", "==": "__eq__",
                "!=": "__ne__"}


def _compile(formula):
    """A closure computing ``formula`` from an environment (a recursive walk done once)."""
    op, args = formula.op, formula.args
    if op == "number":
        value = args[0]
        return lambda env: value
    if op == "name":
        name = args[0]
        return lambda env: env[name]
    parts = [_compile(a) for a in args]
    if op in ("+", "*"):
        return _fold(parts, [_STEPS[sign] for sign in formula.signs])
    if op == "neg":
        (inner,) = parts
        return lambda env: -inner(env)
    if op == "**":
        base, power = parts
        integer = _integer(args[1]) is not None

        def pow_(env):
            b, e = base(env), power(env)
            if integer and isinstance(b, Fraction):
                if b == 0 and e < 0:
                    raise ZeroDivisionError
                return b ** int(e)
            b, e = _float(b), _float(e)
            if isinstance(b, np.ndarray) or isinstance(e, np.ndarray):
                return np.power(np.asarray(b, dtype=float), e)
            if b < 0 and not float(e).is_integer():
                raise ValueError("a negative number to a fractional power")
            if b == 0 and e < 0:
                raise ZeroDivisionError
            return float(b) ** float(e)
        return pow_
    if op == "if":  # value, condition, ..., otherwise
        pieces = [*zip(parts[:-1:2], parts[1::2]), (parts[-1], lambda env: True)]

        def piecewise(env):
            conditions = [cond(env) for _, cond in pieces]
            if any(isinstance(c, np.ndarray) for c in conditions):
                values = [_branch(value, env) for value, _ in pieces]
                shape = np.broadcast_shapes(*(np.shape(c) for c in conditions),
                                            *(v.shape for v in values))
                return np.select([np.broadcast_to(c, shape) for c in conditions],
                                 [np.broadcast_to(v, shape) for v in values], np.nan)
            for (value, _), condition in zip(pieces, conditions):
                if condition:
                    return value(env)
            raise ValueError("no condition of the piecewise formula holds")
        return piecewise
    if op in ("min", "max", "and", "or"):
        step = {"min": minimum, "max": maximum, "and": np.logical_and, "or": np.logical_or}[op]
        return _fold(parts, [step] * (len(parts) - 1))
    if op in ("exp", "log"):
        (inner,) = parts

        def elementary(env):
            x = _float(inner(env))
            if isinstance(x, np.ndarray):
                return np.exp(x) if op == "exp" else np.log(x)
            if op == "log" and x <= 0:
                raise ValueError("the logarithm of a number that is not positive")
            return float(np.exp(x)) if op == "exp" else float(np.log(x))
        return elementary
    if op == "abs":
        (inner,) = parts
        return lambda env: abs(inner(env))
    if op in _COMPARISONS:
        left, right = parts
        name = _COMPARISONS[op]
        return lambda env: _compare(name, left(env), right(env))
    (inner,) = parts  # not
    return lambda env: np.logical_not(inner(env))


def _branch(value, env):
    """A piece's value over arrays: NaN where it is undefined, so that only the points whose
    condition picks it are undefined (as a single point is)."""
    try:
        return np.asarray(_float(value(env)), dtype=float)
    except _UNDEFINED:
        return np.asarray(np.nan)


def _fold(parts, steps):
    """A closure joining the parts' values left to right, ``steps[k]`` joining value k + 1;
    beside an array, Fractions become floats (so that arrays stay float, not object, arrays)."""
    def fold(env):
        values = [part(env) for part in parts]
        if any(isinstance(v, np.ndarray) for v in values):
            values = [_float(v) for v in values]
        out = values[0]
        for step, value in zip(steps, values[1:]):
            out = step(out, value)
        return out
    return fold


def _compare(op, a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return getattr(np.asarray(_float(a), dtype=float), op)(_float(b))
    return getattr(a, op)(b) if not (isinstance(a, Fraction) ^ isinstance(b, Fraction)) else \
        getattr(_float(a), op)(_float(b))


def _segment(text, node):
    return ast.get_source_segment(text.strip(), node) or ast.unparse(node)


def _cut(text):
    text = str(text)
    return text if len(text) <= 40 else text[:36] + "..."


def _short(text):
    return repr(_cut(text))


def _describe(node):
    names = {"Lambda": "a lambda", "ListComp": "a comprehension", "SetComp": "a comprehension",
             "DictComp": "a comprehension", "GeneratorExp": "a comprehension",
             "Subscript": "indexing", "Str": "a string", "JoinedStr": "an f-string",
             "Starred": "unpacking", "NamedExpr": "assignment", "Await": "await",
             "Yield": "yield", "List": "a list", "Tuple": "a tuple", "Dict": "a dict",
             "Set": "a set", "Mod": "%", "FloorDiv": "//", "MatMult": "@", "BitAnd": "&",
             "BitOr": "|", "BitXor": "^", "LShift": "<<", "RShift": ">>", "Invert": "~",
             "Is": "is", "IsNot": "is not", "In": "in", "NotIn": "not in"}
    kind = type(node).__name__
    return names.get(kind, kind)
