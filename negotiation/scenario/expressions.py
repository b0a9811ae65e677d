r"""A whitelisting parser for the expressions in scenario files.

Utilities and no-deal payoffs in a scenario are written as formulas over its
parameters, e.g. ``d0 + russia.reliability * russia.support``.  The text is parsed by
Python's own parser into a syntax tree (``ast.parse`` builds a tree and runs nothing)
and the tree is rebuilt as a sympy expression node by node, accepting only:

* numbers — decimals are read as the exact rationals they denote (``0.1`` is 1/10);
* declared parameter names, dotted names included (``russia.reliability``);
* ``+ - * / **`` and unary minus;
* the functions ``min``, ``max``, ``exp``, ``log``, ``sqrt``, ``abs`` and
  ``piecewise(value, condition, value, condition, ..., otherwise)``;
* comparisons (``< <= > >= == !=``) and ``and``/``or``/``not`` inside conditions;
* ``a if condition else b``.

Anything else — attribute access on something that is not a declared name, calls of
other functions, keywords, subscripts, lambdas, comprehensions, strings — is rejected
with one sentence naming it and its column.  Nothing is passed to ``eval``, ``exec``,
``sympify`` or ``parse_expr``.  Very long or deeply nested input is rejected before
parsing.
"""

import ast
import difflib

from ..errors import ScenarioError

#: Longest expression accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of brackets accepted.
MAX_DEPTH = 40
#: Largest numeric exponent accepted: ``9**9**9`` would otherwise make sympy compute a number
#: with hundreds of millions of digits.
MAX_EXPONENT = 100
#: Largest exact number a power may produce, in bits.
MAX_BITS = 4096

FUNCTIONS = ("min", "max", "exp", "log", "sqrt", "abs", "piecewise")


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
        raise ScenarioError(f"{where}: {text!r} is not a valid formula{at}") from None
    return _Builder(text, names, where, sympy).build(tree.body)


class _Builder:
    def __init__(self, text, names, where, sympy):
        self.text, self.names, self.where, self.sympy = text, names, where, sympy

    def fail(self, node, message):
        column = getattr(node, "col_offset", None)
        at = f" (column {column + 1})" if column is not None else ""
        raise ScenarioError(f"{self.where}: {message}{at}")

    def build(self, node):
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            self.fail(node, f"{_describe(node)} is not allowed in a formula")
        return method(node)

    # numbers and names
    def _Constant(self, node):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            self.fail(node, f"{node.value!r} is not a number")
        source = ast.get_source_segment(self.text.strip(), node) or repr(node.value)
        return self.sympy.Rational(source.replace("_", ""))

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
            self.fail(node, f"attribute access ({dotted}) is not allowed in a formula")
        self.fail(node, self.unknown(dotted))

    def symbol(self, name, node):
        if name not in self.names:
            self.fail(node, self.unknown(name))
        return self.names[name]

    def unknown(self, name):
        close = difflib.get_close_matches(name, list(self.names), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{name!r} is not a declared parameter{hint}"

    # arithmetic
    def _BinOp(self, node):
        ops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
               ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b,
               ast.Pow: lambda a, b: a ** b}
        op = ops.get(type(node.op))
        if op is None:
            self.fail(node, f"the operator {_describe(node.op)} is not allowed")
        left, right = self.build(node.left), self.build(node.right)
        if isinstance(node.op, ast.Pow):
            self.check_power(node, left, right)
        result = op(left, right)
        if getattr(result, "is_Pow", False):
            self.check_power(node, result.base, result.exp)
        return result

    def check_power(self, node, base, exponent):
        """Refuse huge numeric exponents before sympy evaluates them (``9**9**9``)."""
        if not exponent.is_Number or base in (0, 1, -1):
            return
        if abs(exponent) > MAX_EXPONENT:
            self.fail(node, f"the exponent {exponent} is too large; the limit is {MAX_EXPONENT}")
        if base.is_Rational:  # (99**100)**100**...: the digits grow a hundredfold each time
            bits = max(int(base.p).bit_length(), int(base.q).bit_length())
            if bits * abs(exponent) > MAX_BITS:
                self.fail(node, f"the power is too large a number (over {MAX_BITS} bits)")

    def _UnaryOp(self, node):
        if isinstance(node.op, ast.USub):
            return -self.build(node.operand)
        if isinstance(node.op, ast.UAdd):
            return self.build(node.operand)
        if isinstance(node.op, ast.Not):
            return self.sympy.Not(self.build(node.operand))
        self.fail(node, f"the operator {_describe(node.op)} is not allowed")

    # conditions
    def _Compare(self, node):
        ops = {ast.Lt: self.sympy.Lt, ast.LtE: self.sympy.Le, ast.Gt: self.sympy.Gt,
               ast.GtE: self.sympy.Ge, ast.Eq: self.sympy.Eq, ast.NotEq: self.sympy.Ne}
        left = self.build(node.left)
        parts = []
        for op, right_node in zip(node.ops, node.comparators):
            relation = ops.get(type(op))
            if relation is None:
                self.fail(node, f"the comparison {_describe(op)} is not allowed")
            right = self.build(right_node)
            parts.append(relation(left, right))
            left = right
        return self.sympy.And(*parts)

    def _BoolOp(self, node):
        combine = self.sympy.And if isinstance(node.op, ast.And) else self.sympy.Or
        return combine(*(self.build(v) for v in node.values))

    def _IfExp(self, node):
        return self.sympy.Piecewise((self.build(node.body), self.build(node.test)),
                                    (self.build(node.orelse), True))

    # functions
    def _Call(self, node):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            self.fail(node, f"calling {ast.unparse(node.func)} is not allowed; the functions are "
                      + ", ".join(FUNCTIONS))
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self.fail(node, f"{node.func.id}() takes plain arguments only")
        args = [self.build(a) for a in node.args]
        name = node.func.id
        s = self.sympy
        if name in ("min", "max"):
            if len(args) < 2:
                self.fail(node, f"{name}() needs at least two arguments")
            return (s.Min if name == "min" else s.Max)(*args)
        if name == "piecewise":
            if len(args) < 3 or len(args) % 2 == 0:
                self.fail(node, "piecewise() takes value, condition, ..., otherwise")
            pairs = [(args[k], args[k + 1]) for k in range(0, len(args) - 1, 2)]
            return s.Piecewise(*pairs, (args[-1], True))
        if len(args) != 1:
            self.fail(node, f"{name}() takes one argument, not {len(args)}")
        return {"exp": s.exp, "log": s.log, "sqrt": s.sqrt, "abs": s.Abs}[name](args[0])


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
