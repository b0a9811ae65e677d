r"""A whitelisting parser for the expressions in scenario files.

Utilities and no-deal payoffs in a scenario are written as formulas over its
parameters, e.g. ``d0 + russia.reliability * russia.support``.  The text is parsed by
Python's own parser into a syntax tree (``ast.parse`` builds a tree and runs nothing)
and the tree is rebuilt as a sympy expression node by node, accepting only:

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

A division is never cancelled away unseen: sympy simplifies ``x / x`` to 1 as it builds the
product, so when a division loses a factor of its denominator the result carries the
condition that the factor is not zero (``x / x`` is 1 where ``x != 0`` and undefined at 0).

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
import threading

from .._numbers import NumberTooLarge, text_fraction
from ..errors import ScenarioError

#: Longest expression accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of brackets accepted.
MAX_DEPTH = 40
#: Deepest nesting of operations accepted (a long sum or product counts as one level).
MAX_NESTING = 100
#: Largest numeric exponent accepted: ``9**9**9`` would otherwise make sympy compute a number
#: with hundreds of millions of digits.
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


def parse_expression(text, names, where="expression"):
    """The sympy expression of ``text`` over the parameter ``names``.

    Parameters
    ----------
    text : str or number
    names : dict
        Declared names, each mapped to its sympy symbol.
    where : str
        Where the text comes from (file, line and field), for error messages.

    Raises
    ------
    ScenarioError
        One sentence naming what is not allowed and where.
    """
    import sympy

    if isinstance(text, bool):
        raise ScenarioError(f"{where}: {text!r} is not a number or formula")
    if isinstance(text, int | float):
        return sympy.Rational(str(text)) if isinstance(text, float) else sympy.Integer(text)
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
    builder = _Builder(text, names, where, sympy)
    return builder.guarded(builder.value(tree.body))


_GROUPS = {ast.Add: "+", ast.Sub: "+", ast.Mult: "*", ast.Div: "*"}


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


class _Builder:
    def __init__(self, text, names, where, sympy):
        self.text, self.names, self.where, self.sympy = text, names, where, sympy
        self.denominators = []

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
            combine = self.sympy.And if isinstance(node.op, ast.And) else self.sympy.Or
            return combine(*(self.condition(v) for v in node.values))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self.sympy.Not(self.condition(node.operand))
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
        return self.sympy.Rational(value.numerator, value.denominator)

    def _Name(self, node):
        return self.symbol(node.id, node)

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
            return self.names[dotted]
        if current.id in self.names or any(p.startswith("_") for p in parts):
            self.fail(node, f"attribute access ({_cut(dotted)}) is not allowed in a formula")
        self.fail(node, self.unknown(dotted))

    def symbol(self, name, node):
        if name not in self.names:
            self.fail(node, self.unknown(name))
        return self.names[name]

    def unknown(self, name):
        return f"{_short(name)} is not a declared parameter{suggest(name, self.names)}"

    # arithmetic
    def _BinOp(self, node):
        if type(node.op) in _GROUPS:
            first, *rest = _chain(node)
            result = self.value(first)
            for op, operand in rest:
                right = self.value(operand)
                if isinstance(op, ast.Add):
                    result = result + right
                elif isinstance(op, ast.Sub):
                    result = result - right
                elif isinstance(op, ast.Mult):
                    result = result * right
                else:
                    self.denominators.append(right)
                    result = result / right
            return result
        if not isinstance(node.op, ast.Pow):
            self.fail(node, f"the operator {_describe(node.op)} is not allowed")
        left, right = self.value(node.left), self.value(node.right)
        self.check_power(node, left, right)
        if right.is_Number and right < 0:
            self.denominators.append(left)
        result = left ** right
        if getattr(result, "is_Pow", False):
            self.check_power(node, result.base, result.exp)
        return result

    def guarded(self, result):
        """``result`` with the condition ``factor != 0`` for every factor of a denominator
        written in the formula that sympy's automatic simplification cancelled away (``x / x``
        is 1, ``1/x - 1/x`` is 0): such a formula stays undefined where the factor is 0."""
        sympy = self.sympy
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

    def check_power(self, node, base, exponent):
        """Refuse huge numeric exponents before sympy evaluates them (``9**9**9``)."""
        if not exponent.is_Number or base in (0, 1, -1):
            return
        if abs(exponent) > MAX_EXPONENT:
            self.fail(node, f"the exponent {_cut(exponent)} is too large; the limit is "
                      f"{MAX_EXPONENT}")
        if base.is_Rational:  # (99**100)**100**...: the digits grow a hundredfold each time
            bits = max(int(base.p).bit_length(), int(base.q).bit_length())
            if bits * abs(exponent) > MAX_BITS:
                self.fail(node, f"the power is too large a number (over {MAX_BITS} bits)")

    def _UnaryOp(self, node):
        if isinstance(node.op, ast.USub):
            return -self.value(node.operand)
        if isinstance(node.op, ast.UAdd):
            return self.value(node.operand)
        if isinstance(node.op, ast.Not):
            return self.condition(node)
        self.fail(node, f"the operator {_describe(node.op)} is not allowed")

    # conditions
    def _Compare(self, node):
        ops = {ast.Lt: self.sympy.Lt, ast.LtE: self.sympy.Le, ast.Gt: self.sympy.Gt,
               ast.GtE: self.sympy.Ge, ast.Eq: self.sympy.Eq, ast.NotEq: self.sympy.Ne}
        left = self.value(node.left)
        parts = []
        for op, right_node in zip(node.ops, node.comparators):
            relation = ops.get(type(op))
            if relation is None:
                self.fail(node, f"the comparison {_describe(op)} is not allowed")
            right = self.value(right_node)
            parts.append(relation(left, right))
            left = right
        return self.sympy.And(*parts)

    def _BoolOp(self, node):
        return self.condition(node)

    def _IfExp(self, node):
        return self.sympy.Piecewise((self.value(node.body), self.condition(node.test)),
                                    (self.value(node.orelse), True))

    # functions
    def _Call(self, node):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            self.fail(node, f"calling {_cut(ast.unparse(node.func))} is not allowed; the "
                      "functions are " + ", ".join(FUNCTIONS))
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self.fail(node, f"{node.func.id}() takes plain arguments only")
        name = node.func.id
        s = self.sympy
        if name == "piecewise":
            if len(node.args) < 3 or len(node.args) % 2 == 0:
                self.fail(node, "piecewise() takes value, condition, ..., otherwise")
            pairs = [(self.value(node.args[k]), self.condition(node.args[k + 1]))
                     for k in range(0, len(node.args) - 1, 2)]
            return s.Piecewise(*pairs, (self.value(node.args[-1]), True))
        args = [self.value(a) for a in node.args]
        if name in ("min", "max"):
            if len(args) < 2:
                self.fail(node, f"{name}() needs at least two arguments")
            return (s.Min if name == "min" else s.Max)(*args)
        if len(args) != 1:
            self.fail(node, f"{name}() takes one argument, not {len(args)}")
        return {"exp": s.exp, "log": s.log, "sqrt": s.sqrt, "abs": s.Abs}[name](args[0])


def work(expr, sizes=None):
    r"""A bound on the growth of the exact value of ``expr``, in units of one parameter value.

    Exact evaluation multiplies numerators and denominators: a product's size is at most
    the sum of its factors', and a power :math:`b^n` is ``n`` times the base's.  A sum counts
    as its largest term plus one per further term (a sum of terms with the same
    denominators stays small; sums whose denominators differ at each step of a chain are
    caught as they are evaluated, :data:`MAX_VALUE_BITS`).  A parameter counts 1, a number its
    64-bit words, a derived name what ``sizes`` says (its own work); ``exp``, ``log`` and
    fractional powers are computed in floats and count 1.  Used to refuse
    ``(x**100 + 1)**100`` and chains of derived values that square at each step before any
    of them is evaluated.
    """
    sizes = sizes or {}
    memo = {}
    stack = [(expr, False)]
    while stack:
        node, ready = stack.pop()
        if node in memo:
            continue
        if node.is_Symbol:
            memo[node] = sizes.get(node.name, 1)
            continue
        if node.is_Rational:
            memo[node] = max(1, -(-max(int(node.p).bit_length(), int(node.q).bit_length())
                                   // 64))
            continue
        if not node.args:
            memo[node] = 1
            continue
        if not ready:
            stack.append((node, True))
            stack.extend((a, False) for a in node.args if a not in memo)
            continue
        args = [memo[a] for a in node.args]
        name = type(node).__name__
        if node.is_Pow:
            exponent = node.exp
            memo[node] = args[0] * abs(int(exponent)) if exponent.is_Integer else 1
        elif name in ("exp", "log"):
            memo[node] = 1
        elif node.is_Mul:
            memo[node] = sum(args)
        else:  # sums, min, max, piecewise, conditions
            memo[node] = max(args) + (len(args) - 1 if node.is_Add else 0)
    return memo[expr]


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
