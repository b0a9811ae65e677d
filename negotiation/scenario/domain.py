r"""Hard domains: the values a quantity of the model can mean, apart from its plausible range.

A parameter's ``range`` is where the analyst believes its value lies (sweeps and Monte
Carlo draw from it); its ``domain`` is where the model *means* something: a probability
lies in :math:`[0, 1]`, a discount factor in :math:`(0, 1)`, a cost is not negative.  A
value inside the domain but outside the range is allowed (a "what if" far from the
evidence); a value outside the domain is refused with one sentence, wherever it comes
from: the file, :meth:`Scenario.with_values <negotiation.scenario.Scenario.with_values>`,
``--set``, a sweep, a threshold search, a Monte Carlo sample or an explorer slider.

A scenario file writes a domain as an interval: a list ``[0, 1]`` for a closed one, or
text in interval notation for open ends and infinity, ``"(0, 1)"``, ``"[0, 1)"``,
``"[0, inf)"``, ``"(-inf, inf)"``.

The model's own derived quantities have fixed domains (:func:`slot_domain`): discount
factors (bargaining, compliance, power shift) in :math:`(0, 1)` (so the bargaining weights
:math:`\log\delta_j / (\log\delta_1 + \log\delta_2)` are positive), probabilities of
winning, intervention and power in :math:`[0, 1]`, costs of war positive, costs of a power
shift not negative.
"""

import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._numbers import show_number

_INTERVAL = re.compile(r"\s*([\[(])\s*([^,]+?)\s*,\s*([^,]+?)\s*([\])])\s*")


@dataclass(frozen=True)
class Domain:
    """An interval of the real line; ``None`` ends are infinite (and always open)."""

    low: Fraction | None = None
    high: Fraction | None = None
    low_open: bool = False
    high_open: bool = False

    @classmethod
    def parse(cls, spec):
        """A Domain from a file's ``domain`` value; ValueError (one sentence) when malformed."""
        from .expressions import number_literal

        if isinstance(spec, list) and len(spec) == 2:
            ends, opens = spec, (False, False)
        elif isinstance(spec, str) and (match := _INTERVAL.fullmatch(spec)):
            left, low, high, right = match.groups()
            ends, opens = [low, high], (left == "(", right == ")")
        else:
            raise ValueError("a domain is [low, high] or an interval such as \"(0, 1)\", "
                             "\"[0, 1)\" or \"[0, inf)\"")
        values = []
        for end, sign in zip(ends, (-1, 1)):
            if isinstance(end, str) and end.strip().lstrip("+-") in ("inf", "oo"):
                if (end.strip().startswith("-") and sign > 0) or (
                        not end.strip().startswith("-") and sign < 0):
                    raise ValueError(f"the domain {spec} has its infinite ends reversed")
                values.append(None)
                continue
            value = number_literal(end, "domain") if isinstance(end, str) else end
            if isinstance(value, bool) or not isinstance(value, int | Fraction):
                raise ValueError(f"{end!r} is not a number (write inf for no bound)")
            values.append(Fraction(value))
        low, high = values
        if low is not None and high is not None and (
                low > high or (low == high and any(opens))):
            raise ValueError(f"the domain {spec} is empty; write [low, high]")
        return cls(low, high, opens[0] or low is None, opens[1] or high is None)

    def contains(self, value):
        """Whether ``value`` (a number or an array) lies in the domain, element by element;
        nan is never inside."""
        if isinstance(value, np.ndarray):
            value = value.astype(float)
            inside = ~np.isnan(value)
            low, high = (None if e is None else float(e) for e in (self.low, self.high))
        else:
            if isinstance(value, float) and value != value:
                return False
            inside, low, high = True, self.low, self.high
        if low is not None:
            inside = inside & ((value > low) if self.low_open else (value >= low))
        if high is not None:
            inside = inside & ((value < high) if self.high_open else (value <= high))
        return inside

    def __str__(self):
        low = "-inf" if self.low is None else show_number(self.low)
        high = "inf" if self.high is None else show_number(self.high)
        return f"{'(' if self.low_open else '['}{low}, {high}{')' if self.high_open else ']'}"

    def to_data(self):
        """The domain as a file writes it."""
        if not (self.low_open or self.high_open):
            return [_plain(self.low), _plain(self.high)]
        return str(self)


def _plain(value):
    return int(value) if value.denominator == 1 else float(value)


#: The model's derived quantities and their domains.
DISCOUNT = Domain(Fraction(0), Fraction(1), True, True)
PROBABILITY = Domain(Fraction(0), Fraction(1))
POSITIVE = Domain(Fraction(0), None, True, True)
NONNEGATIVE = Domain(Fraction(0), None, False, True)


def slot_domain(path):
    """``(domain, what)`` of the formula at ``path`` in a scenario file, or None when the
    model gives it no domain (utilities, no-deal payoffs, outside options)."""
    kind = path[-1] if path[0] not in ("bargaining", "compliance", "schedule") else path[1]
    if kind == "discount":
        return DISCOUNT, "the discount factor"
    if kind == "reversal":
        return PROBABILITY, "the probability of reversal"
    if path[0] == "verification":
        return (PROBABILITY, "the probability of detection") if kind == "detection" else \
            (NONNEGATIVE, "the cost of verification")
    if path[0] in ("war", "power_shift") and kind in ("alone", "with_patron", "intervention",
                                                       "now", "next"):
        return PROBABILITY, "the probability"
    if path[0] == "war" and path[1] == "cost":
        return POSITIVE, "the cost of war"
    if path[0] == "power_shift" and path[1] == "cost":
        return NONNEGATIVE, "the cost of war"
    return None


def outside(domain, what, value):
    """The sentence saying that ``value`` lies outside ``domain``, or None when it is in."""
    if isinstance(value, np.ndarray):
        bad = ~np.asarray(domain.contains(value), dtype=bool)
        if not bad.any():
            return None
        value = float(value.reshape(-1)[np.argmax(bad.reshape(-1))])
    elif domain.contains(value):
        return None
    return f"{what} is {show_number(value)}, but it must lie in {domain}"
