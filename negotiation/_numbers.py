"""Exact and floating-point numbers as the library reads and writes them.

A number is *exact* when it is an ``int``, a :class:`fractions.Fraction`, a sympy
``Rational`` or a string such as ``"3"``, ``"-2/3"``, ``"1.25"`` or ``"1.5e-3"``
(decimal and exponent strings are read as the rational they denote, as Gambit does).
Exact inputs give exact :class:`~fractions.Fraction` results; anything else is a float.
sympy is never imported here: its rationals are recognised by duck typing.

Text is read with bounds on the work it can cause (:func:`text_fraction`): at most
:data:`MAX_DIGITS` digits and an exponent of at most :data:`MAX_EXPONENT`, so that a
13-character ``1.0e+999999999`` is refused at once instead of building a number of a
billion digits.
"""

import re
from fractions import Fraction
from numbers import Integral

import numpy as np

#: Most digits in one number written as text (below Python's 4,300-digit limit on
#: converting integers to and from text).
MAX_DIGITS = 4000
#: Largest exponent (in absolute value) of a number written as text, ``1e-4000`` included.
MAX_EXPONENT = 4000

_DECIMAL = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?", re.ASCII)
_RATIONAL = re.compile(r"([+-]?)(\d+)/(\d+)", re.ASCII)


class NumberTooLarge(ValueError):
    """A number written as text exceeds :data:`MAX_DIGITS` or :data:`MAX_EXPONENT`."""


def text_fraction(text, max_digits=MAX_DIGITS, max_exponent=MAX_EXPONENT):
    """The exact :class:`Fraction` that ``text`` denotes, or ``None`` if it is no number.

    ``text`` is an integer, a decimal, a number in exponent notation (``-1.5e-3``) or a
    rational ``p/q``; underscores between digits and surrounding whitespace are ignored.
    Raises :class:`NumberTooLarge` (one sentence) when it has more than ``max_digits``
    digits or an exponent beyond ``max_exponent``, before any big number is built.
    """
    text = text.strip().replace("_", "")
    match = _RATIONAL.fullmatch(text)
    if match:
        sign, numerator, denominator = match.groups()
        _check_digits(text, len(numerator) + len(denominator), max_digits)
        if int(denominator) == 0:
            return None
        value = Fraction(int(numerator), int(denominator))
        return -value if sign == "-" else value
    match = _DECIMAL.fullmatch(text)
    if match is None or not (match.group(2) or match.group(3)):
        return None
    sign, whole, decimals, exponent = match.groups()
    digits = (whole + (decimals or "")).lstrip("0")
    _check_digits(text, len(digits), max_digits)
    shift = 0
    if exponent is not None:
        if len(exponent.lstrip("+-").lstrip("0")) > len(str(max_exponent)) or \
                abs(int(exponent)) > max_exponent:
            raise NumberTooLarge(f"{_head(text)} has an exponent beyond ±{max_exponent}, the "
                                 "limit for numbers written as text")
        shift = int(exponent)
    shift -= len(decimals or "")
    numerator = -int(digits or "0") if sign == "-" else int(digits or "0")
    if shift >= 0:
        return Fraction(numerator * 10**shift)
    return Fraction(numerator, 10**-shift)


def _check_digits(text, count, limit):
    if count > limit:
        raise NumberTooLarge(f"{_head(text)} has {count} digits; numbers written as text may "
                             f"have at most {limit}")


def _head(text):
    return repr(text) if len(text) <= 30 else repr(text[:24] + "...") + f" ({len(text)} "\
        "characters)"


def show_number(value):
    """``value`` as short text for a message, whatever its size (never Python's
    int-to-str limit): huge or long exact numbers are shown rounded."""
    if isinstance(value, Integral) and not isinstance(value, bool):
        value = Fraction(int(value))
    if isinstance(value, Fraction):
        if value.numerator.bit_length() < 64 and value.denominator.bit_length() < 64:
            if value.denominator == 1 or Fraction(repr(float(value))) != value:
                return str(value)
            return repr(float(value))
        digits = _decimal_digits(abs(value.numerator)) - _decimal_digits(value.denominator)
        if abs(digits) < 300:
            return f"{float(value):.6g}"
        return f"{'-' if value < 0 else ''}about 10^{digits}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def number_text(value):
    """A short exact (``"2/3"``) or float (``"0.6667"``) rendering; an exact number of more
    than about 300 digits is shown rounded (:func:`show_number`)."""
    if isinstance(value, Fraction):
        if max(value.numerator.bit_length(), value.denominator.bit_length()) < 1000:
            return str(value)
        return show_number(value)
    return f"{float(value):.6g}"


def _decimal_digits(n):
    """The number of decimal digits of a positive int, within one (from its bit length)."""
    return int(n.bit_length() * 0.30103) + 1


def exact_value(value):
    """Return ``value`` as a :class:`Fraction` if it is exact, else ``None``."""
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, (Integral, Fraction)):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return text_fraction(value)
        except NumberTooLarge:
            return None
    if type(value).__module__.startswith("sympy") and getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return None


def scalar(value, where, error=ValueError):
    """``value`` as a Fraction when exact, else as a finite float.

    Anything else raises ``error`` with one sentence naming ``where`` and the value.
    """
    if isinstance(value, str):
        try:
            exact = text_fraction(value)
        except NumberTooLarge as reason:
            raise error(f"{where}: {reason}") from None
        if exact is None:
            raise error(f"{where} is {_short(value)}, which is not a number")
        return exact
    exact = exact_value(value)
    if exact is not None:
        return exact
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise error(f"{where} is {value!r}, which is not a number") from None
    if not np.isfinite(number):
        raise error(f"{where} is {number}, but it must be finite")
    return number


def _short(text):
    return repr(text) if len(text) <= 40 else repr(text[:36] + "...")


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
        if value.denominator == 1:
            return int_text(value.numerator)
        return f"{int_text(value.numerator)}/{int_text(value.denominator)}"
    return float(value)


_CHUNK = 10**4000


def int_text(number):
    """``str(number)`` for an int of any size (``str`` refuses over 4,300 digits)."""
    if number < 0:
        return "-" + int_text(-number)
    if number < _CHUNK:
        return str(number)
    high, low = divmod(number, _CHUNK)
    return int_text(high) + str(low).zfill(4000)
