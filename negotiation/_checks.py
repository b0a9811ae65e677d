"""Checks of model parameters, each failing with one sentence naming the argument and its value.

Every check accepts exact numbers (int, Fraction, sympy Rational, "p/q" strings), floats and
numpy arrays, and returns the value in the form the models compute with: a ``Fraction`` when
exact, a ``float`` otherwise, an ``ndarray`` for arrays.  sympy expressions (symbols) pass
through unchecked, so that the same model code also runs symbolically.
"""

import numpy as np

from ._numbers import scalar
from .errors import ParameterError


def number(name, value):
    """``value`` as a Fraction, float, ndarray or sympy expression; else ParameterError."""
    if _is_symbolic(value):
        return value
    if isinstance(value, (np.ndarray, list, tuple)):
        array = np.asarray(value, dtype=float)
        if not np.all(np.isfinite(array)):
            raise ParameterError(f"{name} contains {array[~np.isfinite(array)][0]}, "
                                 "but it must be finite")
        return array
    return scalar(value, name, ParameterError)


def _inside(name, value, low, high, closed, text):
    value = number(name, value)
    if _is_symbolic(value):
        return value
    array = np.asarray(value, dtype=float if isinstance(value, np.ndarray) else object)
    ok = (array >= low) & (array <= high) if closed else (array > low) & (array < high)
    if not np.all(ok):
        bad = array[~np.asarray(ok, dtype=bool)].reshape(-1)[0] if array.ndim else value
        raise ParameterError(f"{name} is {_show(bad)}, but it must be {text}")
    return value


def discount(name, value):
    """A discount factor in the open interval (0, 1)."""
    return _inside(name, value, 0, 1, False, "in (0, 1)")


def probability(name, value):
    """A probability in [0, 1]."""
    return _inside(name, value, 0, 1, True, "in [0, 1]")


def positive(name, value):
    """A number > 0 (weights, rates, costs that must be positive)."""
    return _inside(name, value, 0, np.inf, False, "positive")


def nonnegative(name, value):
    """A number >= 0."""
    return _inside(name, value, 0, np.inf, True, "non-negative")


def _is_symbolic(value):
    return type(value).__module__.startswith("sympy") and not getattr(value, "is_Rational", False) \
        and not getattr(value, "is_Float", False)


def _show(value):
    return str(value) if not isinstance(value, float) else f"{value:g}"
