"""Arithmetic that works alike on exact numbers, floats, numpy arrays and sympy expressions.

Closed forms in the models are written once with these functions and plain operators, so the
same code gives the symbolic form (sympy), the exact or float value at a point, and the value
over numpy arrays of parameters (DESIGN.md: "one model, three evaluations").
"""

import numpy as np


def _symbolic(*values):
    return any(type(v).__module__.startswith("sympy") for v in values)


def _array(*values):
    return any(isinstance(v, np.ndarray) for v in values)


def maximum(a, b):
    """max(a, b): ``np.maximum`` for arrays (elementwise, of sympy objects too),
    ``sympy.Max`` for expressions."""
    if _array(a, b):
        return np.maximum(a, b)
    if _symbolic(a, b):
        import sympy

        return sympy.Max(a, b)
    return max(a, b)


def minimum(a, b):
    """min(a, b): ``np.minimum`` for arrays (elementwise, of sympy objects too),
    ``sympy.Min`` for expressions."""
    if _array(a, b):
        return np.minimum(a, b)
    if _symbolic(a, b):
        import sympy

        return sympy.Min(a, b)
    return min(a, b)


def where(condition, a, b):
    """``a`` where ``condition`` holds, else ``b``: ``sympy.Piecewise`` for expressions."""
    if _symbolic(condition, a, b):
        import sympy

        return sympy.Piecewise((a, condition), (b, True))
    if _array(condition, a, b):
        return np.where(condition, a, b)
    return a if condition else b


def log(x):
    """Natural logarithm (sympy, numpy or float)."""
    if _symbolic(x):
        import sympy

        return sympy.log(x)
    return np.log(x)


def exp(x):
    """Exponential (sympy, numpy or float)."""
    if _symbolic(x):
        import sympy

        return sympy.exp(x)
    return np.exp(x)


def sqrt(x):
    """Square root (sympy keeps it exact, numpy or float otherwise)."""
    if _symbolic(x) or (not _array(x) and not isinstance(x, float)):
        import sympy

        return sympy.sqrt(x)
    return np.sqrt(x)


def exact_result(value):
    """A sympy number as a ``Fraction`` when rational; other sympy numbers stay sympy."""
    from fractions import Fraction

    if type(value).__module__.startswith("sympy") and getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return value
