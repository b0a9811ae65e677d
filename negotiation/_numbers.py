"""Exact and floating-point numbers as the library reads and writes them.

A number is *exact* when it is an ``int``, a :class:`fractions.Fraction`, a sympy
``Rational`` or a string such as ``"3"``, ``"-2/3"`` or ``"1.25"`` (decimal strings
are read as the rational they denote, as Gambit does).  Exact inputs give exact
:class:`~fractions.Fraction` results; anything else is a float.  sympy is never
imported here: its rationals are recognised by duck typing.
"""

from fractions import Fraction
from numbers import Integral

import numpy as np


def exact_value(value):
    """Return ``value`` as a :class:`Fraction` if it is exact, else ``None``."""
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, (Integral, Fraction)):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            return None
    if type(value).__module__.startswith("sympy") and getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return None


def scalar(value, where, error=ValueError):
    """``value`` as a Fraction when exact, else as a finite float.

    Anything else raises ``error`` with one sentence naming ``where`` and the value.
    """
    exact = exact_value(value)
    if exact is not None:
        return exact
    if isinstance(value, str):
        raise error(f"{where} is {value!r}, which is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise error(f"{where} is {value!r}, which is not a number") from None
    if not np.isfinite(number):
        raise error(f"{where} is {number}, but it must be finite")
    return number


def as_number_array(values, what):
    """Coerce a nested sequence into an exact (object/Fraction) or float array.

    Returns ``(array, exact)``.  Raises ``ValueError`` with one sentence naming the
    first offending entry of ``what`` when a value is not a finite number.
    """
    raw = np.asarray(values, dtype=object)
    flat = raw.reshape(-1)
    exact = [exact_value(v) for v in flat]
    if all(e is not None for e in exact):
        return np.array(exact, dtype=object).reshape(raw.shape), True
    floats = np.empty(flat.shape, dtype=float)
    for k, v in enumerate(flat):
        index = np.unravel_index(k, raw.shape) if raw.shape else ()
        floats[k] = scalar(v, f"{what} at index {tuple(int(i) for i in index)}")
    return floats.reshape(raw.shape), False


def format_number(value):
    """Exact numbers as ``"p/q"`` (or ``"p"``) strings, floats as floats."""
    if isinstance(value, Fraction):
        return str(value)
    return float(value)
