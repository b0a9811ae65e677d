r"""Crisis bargaining: Fearon's range, the risk–return trade-off, Powell's commitment problem.

Three rationalist models of war as a breakdown of bargaining, each written once so that it
evaluates symbolically (sympy symbols in, expressions out), exactly (``Fraction`` in,
``Fraction`` out; a sympy number when the value is irrational) and over numpy arrays of
parameters (DESIGN.md, "one model, three evaluations").

**The bargaining range** (Fearon 1995).  An issue :math:`x \in [0, 1]`; A prefers larger
:math:`x`.  War gives A the whole issue with probability :math:`p` and costs A :math:`c_A > 0`
and B :math:`c_B > 0`.  Risk-neutral war payoffs are :math:`p - c_A` and :math:`1 - p - c_B`, so
both strictly prefer every :math:`x` in

.. math:: (p - c_A,\ p + c_B),

an interval of width :math:`c_A + c_B > 0`: there is always a deal both prefer to war.  With
concave utilities the range widens; with convex (risk-acceptant) utilities it narrows and
may vanish.

**The risk–return trade-off** (Fearon 1995, private information; Powell 1999, ch. 3).  A makes
one take-it-or-leave-it demand :math:`x`; B's cost of war :math:`c_B \sim F` is private.  B
accepts iff :math:`1 - x \ge 1 - p - c_B`, i.e. iff :math:`c_B \ge z := x - p` (an indifferent
type accepts).  A maximises

.. math:: U_A(z) = (p + z)\,(1 - F(z)) + (p - c_A)\,F(z),

whose interior optimum satisfies the inverse-hazard condition
:math:`(1 - F(z^*)) / f(z^*) = z^* + c_A`.  For :math:`c_B \sim U[a, b]`,
:math:`z^* = \operatorname{clip}((b - c_A)/2,\ a,\ b)` and
:math:`P(\text{war}) = (z^* - a)/(b - a)`; war is avoided iff :math:`c_A \ge b - 2a`.  The war
probability does not depend on :math:`p` (neutrality; Benson, Meirowitz & Ramsay 2016).
The demand is capped by the top of the issue space (``issue_max``, 1 by default): a
demand of more than the whole issue is not a demand; with ``issue_max=None`` the formulas
are the textbook ones above.

**The commitment problem** (Powell 2006).  A flow pie of 1 per period; war is absorbing.  The
rising side R wins with :math:`p` today and :math:`p' \ge p` from tomorrow on; flow costs of war
:math:`c_R, c_D`.  The declining side D makes the offers.  From tomorrow D must give R its war
value :math:`p' - c_R` per period; D prefers a preventive war today iff

.. math:: \delta p' - p > c_D + \delta c_R

(lump-sum costs :math:`C`: :math:`\delta p' - p > (1 - \delta)(C_D + \delta C_R)`).
Disarmament is an endogenous shift of this kind: a state that keeps :math:`v_{keep}` per period
while armed, and can be held to :math:`v_{post}` after disarming, accepts a deal with up-front
compensation :math:`Y` iff :math:`(1 - \delta) Y \ge v_{keep} - \delta v_{post}`.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization* 49(3),
379–414.  Powell, R. (1999). *In the Shadow of Power*. Princeton UP.  Powell, R. (2006). War as
a commitment problem. *International Organization* 60(1), 169–203.  Benson, B. V., Meirowitz, A.
& Ramsay, K. W. (2016). Changing capabilities, uncertainty, and the risk of war in crisis
bargaining. *Research & Politics* 3(3).  Spaniel, W. (2019). *Bargaining over the Bomb*.
Cambridge UP.
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .. import _checks
from .._numbers import exact_value, format_number
from .._ops import exact_result, maximum, minimum, where
from ..errors import ParameterError

__all__ = [
    "BargainingRange",
    "ButterForBombs",
    "DisarmamentDeal",
    "OptimalDemand",
    "RiskReturn",
    "ShiftingPower",
    "bargaining_range",
    "butter_for_bombs",
    "disarmament_deal",
    "optimal_demand",
    "optimal_demand_uniform",
    "risk_return",
    "shifting_power",
]


# --------------------------------------------------------------------------------------------
# numbers: exact, float, array or symbolic, decided once for all inputs of a call


def _symbolic(value):
    return type(value).__module__.startswith("sympy") and not getattr(value, "is_number", False)


def _harmonise(values, exact=None):
    """The checked ``values`` (a list) in one arithmetic.

    ``exact=None``: exact iff every value is exact (a float anywhere makes all floats; an array
    anywhere makes all floats).  ``exact=True``: floats are read as the decimals they print as
    (``0.1`` as 1/10).  ``exact=False``: floats throughout.
    """
    if exact is True:
        values = [Fraction(repr(float(v))) if isinstance(v, float) else v for v in values]
    arrays = any(isinstance(v, np.ndarray) for v in values)
    floats = any(isinstance(v, float) for v in values)
    if arrays or floats or exact is False:
        values = [float(v) if isinstance(v, Fraction) else v for v in values]
    return values


def _is_exact(*values):
    return all(isinstance(v, Fraction) or _symbolic(v) or (getattr(v, "is_number", False)
               and not getattr(v, "is_Float", False)) for v in values)


def _out(value):
    """Results as the library returns them: Fraction, sympy, float or ndarray."""
    value = exact_result(value)
    if isinstance(value, np.ndarray):
        return value.astype(float) if value.dtype == object else value
    if isinstance(value, (np.floating, np.integer)):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _show(value):
    """A number for a sentence."""
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.4g}"
    return str(value)


def _plain(value):
    """A JSON-friendly value: exact numbers as "p/q", arrays as lists, sympy as strings."""
    if isinstance(value, (Fraction, float, int)) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if value is None or isinstance(value, str):
        return value
    if getattr(value, "is_Rational", False):
        return format_number(exact_result(value))
    return str(value)


def _scalar(*values):
    return not any(isinstance(v, np.ndarray) or _symbolic(v) for v in values)


# --------------------------------------------------------------------------------------------
# Fearon's bargaining range


@dataclass(frozen=True)
class BargainingRange:
    """The deals both sides prefer to war: every issue division ``x`` with ``low < x < high``.

    Attributes
    ----------
    low, high : number
        A prefers ``x`` to war iff ``x > low``; B iff ``x < high``.  Risk-neutral: ``p - cost_a``
        and ``p + cost_b`` (they may fall outside [0, 1]).  With utilities they are the
        indifferent divisions, clipped to the issue space [0, 1].
    war_payoffs : tuple
        The expected utility of war to A and to B.
    utilities : tuple of str
        How each side values the issue ("risk-neutral", "x**r", or a callable's name).
    """

    p: object
    cost_a: object
    cost_b: object
    low: object
    high: object
    war_payoffs: tuple
    utilities: tuple = ("risk-neutral", "risk-neutral")

    @property
    def width(self):
        """``high - low`` (negative when the range is empty)."""
        return self.high - self.low

    @property
    def nonempty(self):
        """Whether some division is strictly preferred by both to war."""
        return _out(self.high > self.low)

    @property
    def deals(self):
        """``(max(low, 0), min(high, 1))``: the range within the issue space [0, 1]."""
        return (_out(maximum(self.low, 0 * self.low)), _out(minimum(self.high, 1 + 0 * self.high)))

    def contains(self, x):
        """Whether both strictly prefer the division ``x`` to war."""
        return (x > self.low) & (x < self.high) if isinstance(x, np.ndarray) else \
            bool(self.low < x < self.high)

    def explain(self):
        if not _scalar(self.low, self.high):
            return ("Both sides prefer any division x between low and high to war; see .low and "
                    ".high for the range at each parameter point.")
        if self.high <= self.low:
            return (f"No division of the issue is better for both than war: A needs more than "
                    f"{_show(self.low)} but B gives at most {_show(self.high)}.")
        low, high = self.deals
        return (f"Both sides prefer any division between {_show(low)} and {_show(high)} to war "
                f"(A wins with probability {_show(self.p)}; war costs A {_show(self.cost_a)} and "
                f"B {_show(self.cost_b)}), so war is not needed to settle the issue with "
                "complete information.")

    def to_dict(self):
        return {"p": _plain(self.p), "cost_a": _plain(self.cost_a),
                "cost_b": _plain(self.cost_b), "low": _plain(self.low),
                "high": _plain(self.high), "war_payoffs": [_plain(w) for w in self.war_payoffs],
                "utilities": list(self.utilities)}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("p", "low", "high"))


def bargaining_range(p, cost_a, cost_b, *, utility_a=None, utility_b=None, exact=None):
    r"""Fearon's bargaining range: the divisions both sides strictly prefer to war.

    Parameters
    ----------
    p : number, array or sympy expression
        Probability that A wins a war, in [0, 1].
    cost_a, cost_b : number, array or sympy expression
        Costs of war (positive), in the units of the issue (risk-neutral) or of utility.
    utility_a, utility_b : None, positive number, or callable, optional
        How each side values its share :math:`s \in [0, 1]` of the issue.  ``None``:
        risk-neutral, :math:`u(s) = s`.  A number :math:`r`: :math:`u(s) = s^r` (concave,
        risk-averse, for :math:`r < 1`: the range widens; convex for :math:`r > 1`: it narrows).
        A callable: any increasing :math:`u` on [0, 1] (numeric only, inverted by Brent's
        method).  A's share is :math:`x`, B's :math:`1 - x`; war gives each
        :math:`p\,u(1) + (1-p)\,u(0) - c` (the side's own win probability).
    exact : bool, optional
        ``None``: exact when every input is exact.  ``True``: read floats as the decimals
        they print as.  ``False``: floats.

    Returns
    -------
    BargainingRange
        Risk-neutral: ``low = p - cost_a``, ``high = p + cost_b``.

    Notes
    -----
    A prefers :math:`x` to war iff :math:`u_A(x) > p\,u_A(1) + (1 - p)\,u_A(0) - c_A`; B iff
    :math:`u_B(1 - x) > (1 - p)\,u_B(1) + p\,u_B(0) - c_B` (Fearon 1995, p. 387).

    Examples
    --------
    >>> bargaining_range("0.6", "0.1", "0.15").deals
    (Fraction(1, 2), Fraction(3, 4))
    """
    p = _checks.probability("p", p)
    cost_a = _checks.positive("cost_a", cost_a)
    cost_b = _checks.positive("cost_b", cost_b)
    power_a = _power("utility_a", utility_a)
    power_b = _power("utility_b", utility_b)
    powers = [r for r in (power_a, power_b) if r is not None and not callable(r)]
    p, cost_a, cost_b, *powers = _harmonise([p, cost_a, cost_b, *powers], exact)
    if power_a is not None and not callable(power_a):
        power_a = powers.pop(0)
    if power_b is not None and not callable(power_b):
        power_b = powers.pop(0)

    war_a = p - cost_a
    war_b = 1 - p - cost_b
    if power_a is None:
        low = war_a
    else:
        war_a, low = _threshold(power_a, p, cost_a)
    if power_b is None:
        high = p + cost_b
    else:
        war_b, share_b = _threshold(power_b, 1 - p, cost_b)
        high = 1 - share_b
    names = tuple(_utility_name(u) for u in (power_a, power_b))
    return BargainingRange(_out(p), _out(cost_a), _out(cost_b), _out(low), _out(high),
                           (_out(war_a), _out(war_b)), names)


def _power(name, utility):
    if utility is None or callable(utility):
        return utility
    return _checks.positive(name, utility)


def _utility_name(utility):
    if utility is None:
        return "risk-neutral"
    if callable(utility):
        return getattr(utility, "__name__", "callable")
    return f"x**{_show(utility)}"


def _threshold(utility, p, cost):
    """War utility and the smallest share preferred to war, clipped to [0, 1]."""
    if not callable(utility):
        war = p - cost          # p*u(1) + (1-p)*u(0) - c with u(s) = s**r
        return war, _root(war, utility)
    from scipy.optimize import brentq

    def u(s):
        return float(utility(s))

    if not _scalar(p, cost):
        raise ParameterError("a callable utility works at one parameter point at a time, but "
                             "the parameters are arrays or symbols")
    u0, u1 = u(0.0), u(1.0)
    if not u1 > u0:
        raise ParameterError(f"the utility gives u(1) = {u1:g} <= u(0) = {u0:g}, but it must be "
                             "increasing on [0, 1]")
    war = float(p) * u1 + (1 - float(p)) * u0 - float(cost)
    if war <= u0:
        return war, 0.0
    if war >= u1:
        return war, 1.0
    return war, brentq(lambda s: u(s) - war, 0.0, 1.0, xtol=1e-14, rtol=4 * np.finfo(float).eps)


def _root(war, power):
    """``war ** (1/power)`` where ``war > 0``, else 0 (the share of utility ``war``)."""
    if isinstance(war, np.ndarray) or isinstance(power, np.ndarray):
        with np.errstate(invalid="ignore"):
            return np.where(war > 0, np.maximum(war, 0) ** (1 / np.asarray(power, float)), 0.0)
    if _symbolic(war) or _symbolic(power):
        import sympy

        return sympy.Piecewise((war ** (1 / sympy.sympify(power)), war > 0), (0, True))
    if war <= 0:
        return 0 * war
    if isinstance(war, Fraction) and isinstance(power, Fraction):
        exponent = 1 / power
        if exponent.denominator == 1:
            return war ** int(exponent)
        import sympy

        return sympy.Rational(war.numerator, war.denominator) ** sympy.Rational(
            exponent.numerator, exponent.denominator)
    return float(war) ** (1 / float(power))


# --------------------------------------------------------------------------------------------
# the risk–return trade-off


@dataclass(frozen=True)
class OptimalDemand:
    """A's optimal take-it-or-leave-it demand against a responder with a private cost of war.

    Attributes
    ----------
    demand : number
        The division :math:`x^* = p + z^*` that A demands.
    threshold : number
        :math:`z^* = x^* - p`: B accepts iff its cost of war is at least this.
    war_probability : number
        :math:`F(z^*)`, the probability that B rejects and fights.
    expected_utility : number
        A's expected payoff :math:`U_A(z^*)`.
    method : str
        ``"complete information"``, ``"uniform closed form"``, ``"numeric"`` or
        ``"discrete"``.
    exact : bool
        Whether the values are exact (Fraction or sympy).
    """

    p: object
    cost_a: object
    responder: str
    demand: object
    threshold: object
    war_probability: object
    expected_utility: object
    method: str
    exact: bool

    @property
    def acceptance_probability(self):
        return _out(1 - self.war_probability)

    def explain(self):
        if not _scalar(self.demand, self.war_probability):
            return ("A's optimal demand, its war risk and A's expected payoff at each parameter "
                    "point are in .demand, .war_probability and .expected_utility.")
        if self.method == "complete information":
            return (f"Knowing B's cost of war, A demands {_show(self.demand)}, exactly what "
                    f"leaves B indifferent to war, and B accepts: no war.")
        risk = ("no risk of war" if self.war_probability == 0 else
                f"a probability of war of {_show(self.war_probability)}")
        return (f"A demands {_show(self.demand)}, which B accepts whenever its cost of war is at "
                f"least {_show(self.threshold)}; A accepts {risk} for the larger share, and "
                f"expects {_show(self.expected_utility)}.")

    def to_dict(self):
        return {"p": _plain(self.p), "cost_a": _plain(self.cost_a), "responder": self.responder,
                "demand": _plain(self.demand), "threshold": _plain(self.threshold),
                "war_probability": _plain(self.war_probability),
                "expected_utility": _plain(self.expected_utility), "method": self.method,
                "exact": self.exact}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("demand", "war_probability", "expected_utility", "method"))


def optimal_demand(p, cost_a, cost_b, *, issue_max=1, method=None, exact=None, grid=4097):
    r"""A's optimal take-it-or-leave-it demand when B's cost of war may be private.

    A demands :math:`x = p + z`; B accepts iff its cost :math:`c_B \ge z`.  A maximises

    .. math:: U_A(z) = (p + z)\,(1 - F(z)) + (p - c_A)\,F(z), \qquad
              z \le \text{issue\_max} - p.

    Parameters
    ----------
    p : number, array or sympy expression
        Probability that A wins a war, in [0, 1].
    cost_a : number, array or sympy expression
        A's cost of war (positive).
    cost_b : number, array, sympy expression, or frozen scipy.stats distribution
        B's cost of war.  A number: complete information; A demands
        :math:`\min(p + c_B, \text{issue\_max})` and there is no war.  A frozen distribution
        (``scipy.stats.uniform(0, 0.3)``, ``beta(2, 5, scale=0.3)``, ``truncnorm(...)``, a frozen
        ``rv_histogram`` or discrete ``rv_discrete(values=...)``, or a new-style
        ``scipy.stats.Uniform(a=..., b=...)``): B's private cost; its support must lie in
        :math:`[0, \infty)`.
    issue_max : number or None
        The largest possible demand (the top of the issue space, 1).  ``None`` drops the
        bound, as the textbook formulas do.
    method : {None, "closed-form", "numeric"}
        ``None``: the closed form for complete information and for ``scipy.stats.uniform``,
        numeric search otherwise.  ``"numeric"`` forces the search (for checking).
    exact : bool, optional
        ``None``: exact when every input (``p``, ``cost_a``, and a uniform's ``loc`` and
        ``scale``) is exact — int, Fraction, sympy Rational or "p/q" string.  A float input
        gives float output.  ``True`` reads floats as the decimals they print as (so
        ``uniform(0, 0.3)`` is :math:`U[0, 3/10]` exactly); ``False`` gives floats.
    grid : int
        Points of the global search over the support before bounded refinement.

    Returns
    -------
    OptimalDemand
        ``.demand``, ``.threshold``, ``.war_probability``, ``.expected_utility``.

    Notes
    -----
    *Uniform closed form* (:math:`c_B \sim U[a, b]`): :math:`U_A` is a concave quadratic on
    :math:`[a, b]`, increasing below :math:`a` (all accept) and flat above :math:`b` (all fight),
    so :math:`z^* = \min(\operatorname{clip}((b - c_A)/2, a, b),\ \text{issue\_max} - p)` and
    :math:`P(\text{war}) = \max(z^* - a, 0)/(b - a)`.

    *Numeric* (any other continuous distribution): the first-order condition
    :math:`(1 - F)/f = z + c_A` can have several roots when :math:`F` is not log-concave, so
    :math:`U_A` is evaluated on a grid of ``grid`` points over
    :math:`[a, \min(b, \text{issue\_max} - p)]`, the best grid point is refined by bounded
    scalar maximisation between its neighbours, and the result is compared with the corners.
    *Discrete* distributions: the optimum is at a support point (the demand that leaves one
    type indifferent) or at the cap; every candidate is evaluated.  Arrays of ``p`` or
    ``cost_a`` with a non-uniform distribution are solved point by point.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from scipy import stats
    >>> r = optimal_demand(F(1, 2), F(1, 10), stats.uniform(0, F(3, 10)))
    >>> r.demand, r.war_probability, r.expected_utility
    (Fraction(3, 5), Fraction(1, 3), Fraction(8, 15))
    """
    if method not in (None, "closed-form", "numeric"):
        raise ParameterError(f"method is {method!r}, but it must be None, 'closed-form' or "
                             "'numeric'")
    p = _checks.probability("p", p)
    cost_a = _checks.positive("cost_a", cost_a)
    if issue_max is not None:
        issue_max = _checks.number("issue_max", issue_max)
    if not _is_distribution(cost_b):
        if _looks_like_distribution(cost_b):
            raise ParameterError(f"cost_b is {cost_b!r}, which is not a frozen scipy.stats "
                                 "distribution; give its parameters, e.g. "
                                 "scipy.stats.uniform(0, 0.3)")
        cost_b = _checks.positive("cost_b", cost_b)
        p, cost_a, cost_b, cap = _harmonise([p, cost_a, cost_b, issue_max], exact)
        demand = p + cost_b if cap is None else minimum(p + cost_b, cap)
        zero = 0 * demand
        return OptimalDemand(_out(p), _out(cost_a), "complete information", _out(demand),
                             _out(demand - p), _out(zero), _out(demand), "complete information",
                             _is_exact(p, cost_a, cost_b))
    uniform = _uniform_bounds(cost_b)
    if uniform is not None and method != "numeric":
        low, high = uniform
        return optimal_demand_uniform(p, cost_a, low, high, issue_max=issue_max, exact=exact,
                                      responder=_describe(cost_b))
    if method == "closed-form":
        raise ParameterError(f"cost_b is {_describe(cost_b)}, which has no closed form here; "
                             "use method=None or 'numeric'")
    return _numeric_demand(p, cost_a, cost_b, issue_max, grid)


def optimal_demand_uniform(p, cost_a, low, high, *, issue_max=1, exact=None,
                           responder=None):
    r"""The closed form of :func:`optimal_demand` for :math:`c_B \sim U[\text{low}, \text{high}]`.

    Every argument may be a number, an array or a sympy expression (so the demand can be
    written, differentiated and lambdified in all of them):

    .. math:: z^* = \min\bigl(\operatorname{clip}((b - c_A)/2,\ a,\ b),\
              \text{issue\_max} - p\bigr), \quad
              P(\text{war}) = \frac{\max(z^* - a, 0)}{b - a}, \quad
              U_A = (p + z^*)(1 - P(\text{war})) + (p - c_A)\,P(\text{war}).
    """
    p = _checks.probability("p", p)
    cost_a = _checks.positive("cost_a", cost_a)
    a = _checks.nonnegative("the lower end of cost_b's support", low)
    b = _checks.number("the upper end of cost_b's support", high)
    if issue_max is not None:
        issue_max = _checks.number("issue_max", issue_max)
    if not _symbolic(a) and not _symbolic(b):
        ends = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
        short = ~(ends[1] > ends[0])
        if np.any(short):
            k = np.flatnonzero(short.reshape(-1))[0]
            raise ParameterError(f"the upper end of cost_b's support is "
                                 f"{_show(ends[1].reshape(-1)[k])}, but it must exceed the "
                                 f"lower end ({_show(ends[0].reshape(-1)[k])})")
    p, cost_a, a, b, cap = _harmonise([p, cost_a, a, b, issue_max], exact)
    z = minimum(maximum((b - cost_a) / 2, a), b)
    if cap is not None:
        z = minimum(z, cap - p)
    war = maximum(z - a, 0 * z) / (b - a)
    utility = (p + z) * (1 - war) + (p - cost_a) * war
    if responder is None:
        responder = f"uniform on [{_show(a)}, {_show(b)}]" if _scalar(a, b) else "uniform"
    return OptimalDemand(_out(p), _out(cost_a), responder, _out(p + z), _out(z), _out(war),
                         _out(utility), "uniform closed form", _is_exact(p, cost_a, a, b))


def _is_distribution(value):
    from scipy import stats

    frozen = isinstance(getattr(value, "dist", None), (stats.rv_continuous, stats.rv_discrete)) \
        and hasattr(value, "cdf") and hasattr(value, "args")
    new_style = _new_style(value)
    return frozen or new_style


def _new_style(value):
    """A distribution of scipy's new infrastructure (``scipy.stats.Uniform(a=0, b=1)``...)."""
    try:
        from scipy.stats._distribution_infrastructure import ContinuousDistribution
    except ImportError:  # pragma: no cover - older scipy
        return False
    return isinstance(value, ContinuousDistribution)


def _looks_like_distribution(value):
    return type(value).__module__.startswith("scipy.stats") or (
        hasattr(value, "cdf") and not isinstance(value, np.ndarray))


def _describe(dist):
    if _new_style(dist):
        return str(dist)
    args = [repr(a) if not isinstance(a, Fraction) else str(a) for a in dist.args]
    args += [f"{k}={v}" for k, v in dist.kwds.items()]
    return f"{dist.dist.name}({', '.join(args)})"


def _loc_scale(dist):
    """``loc`` and ``scale`` of a frozen distribution as given (exact values kept)."""
    shapes = dist.dist.numargs
    rest = list(dist.args[shapes:])
    loc = dist.kwds.get("loc", rest[0] if rest else 0)
    scale = dist.kwds.get("scale", rest[1] if len(rest) > 1 else 1)
    return loc, scale


def _uniform_bounds(dist):
    """``(a, b)`` of a uniform distribution (exact when its parameters are), else None."""
    from scipy import stats

    if _new_style(dist):
        if isinstance(dist, getattr(stats, "Uniform", ())):
            return float(dist.a), float(dist.b)
        return None
    if dist.dist.name != "uniform":
        return None
    loc, scale = (_numeric_arg(v) for v in _loc_scale(dist))
    if not _symbolic(scale) and not np.all(np.asarray(scale, dtype=float) > 0):
        raise ParameterError(f"cost_b's scale is {_show(scale)}, but a uniform distribution's "
                             "scale must be positive")
    return loc, loc + scale


def _numeric_arg(value):
    if _symbolic(value):
        return value
    exact = exact_value(value)
    if exact is not None:
        return exact
    if isinstance(value, (np.ndarray, list, tuple)):
        return np.asarray(value, dtype=float)
    return float(value)


def _support(dist):
    low, high = dist.support()
    return float(low), float(high)


def _numeric_demand(p, cost_a, dist, issue_max, grid):
    if _symbolic(p) or _symbolic(cost_a):
        raise ParameterError(f"cost_b is {_describe(dist)}, which has no closed form, so p and "
                             "cost_a must be numbers or arrays, not symbols")
    try:
        low, high = _support(dist)
    except TypeError:
        raise ParameterError(f"cost_b is {_describe(dist)}, whose parameters are arrays; only "
                             "a uniform distribution is vectorised over its parameters") from None
    if low < 0:
        raise ParameterError(f"cost_b is {_describe(dist)}, whose support starts at {low:g}, "
                             "but costs of war must be non-negative")
    discrete = not _new_style(dist) and hasattr(dist.dist, "pmf") \
        and not hasattr(dist.dist, "pdf")
    cap = None if issue_max is None else float(issue_max)
    solve = _discrete_point if discrete else _continuous_point
    if isinstance(p, np.ndarray) or isinstance(cost_a, np.ndarray):
        pp, cc = np.broadcast_arrays(np.asarray(p, float), np.asarray(cost_a, float))
        rows = [solve(float(a), float(c), dist, low, high, cap, grid)
                for a, c in zip(pp.reshape(-1), cc.reshape(-1))]
        z, war, utility = (np.array(col, dtype=float).reshape(pp.shape) for col in zip(*rows))
        return OptimalDemand(pp, cc, _describe(dist), pp + z, z, war, utility,
                             "discrete" if discrete else "numeric", False)
    z, war, utility = solve(float(p), float(cost_a), dist, low, high, cap, grid)
    return OptimalDemand(float(p), float(cost_a), _describe(dist), float(p) + z, z, war, utility,
                         "discrete" if discrete else "numeric", False)


def _sf(dist, z):
    return dist.sf(z) if hasattr(dist, "sf") else dist.ccdf(z)


def _continuous_point(p, cost_a, dist, low, high, cap, grid):

    top = high if cap is None else min(high, cap - p)
    if not np.isfinite(top):
        top = float(dist.ppf(1 - 1e-12)) if hasattr(dist, "ppf") else float(dist.icdf(1 - 1e-12))
    if top <= low:  # the cap binds below every type's cost: everyone accepts the whole issue
        return top, 0.0, p + top

    def utility(z):
        z = np.asarray(z, dtype=float)
        war = np.asarray(dist.cdf(z), dtype=float)
        return (p + z) * np.asarray(_sf(dist, z), dtype=float) + (p - cost_a) * war

    points = np.linspace(low, top, max(int(grid), 3))
    values = utility(points)
    k = int(np.argmax(values))
    left, right = points[max(k - 1, 0)], points[min(k + 1, len(points) - 1)]
    candidates = [low, top, points[k]]
    if right > left:
        candidates.append(_refine(utility, dist, p, cost_a, left, right))
    best = max(candidates, key=lambda z: float(utility(z)))
    return float(best), float(dist.cdf(best)), float(utility(best))


def _refine(utility, dist, p, cost_a, left, right):
    """The maximiser of ``utility`` in [left, right]: a bracketed root of the first-order
    condition (1 - F) - (z + c_A) f = 0 when it changes sign, else bounded maximisation."""
    from scipy.optimize import brentq, minimize_scalar

    def slope(z):
        return float(_sf(dist, z)) - (z + cost_a) * float(dist.pdf(z))

    try:
        ends = slope(left), slope(right)
        if ends[0] > 0 > ends[1]:
            return brentq(slope, left, right, xtol=1e-15, rtol=4 * np.finfo(float).eps)
    except (AttributeError, ValueError):
        pass
    found = minimize_scalar(lambda z: -float(utility(z)), bounds=(left, right),
                            method="bounded", options={"xatol": 1e-12})
    return float(found.x)


def _discrete_point(p, cost_a, dist, low, high, cap, grid):
    top = high if cap is None else min(high, cap - p)
    if top <= low:
        return top, 0.0, p + top
    loc = float(_loc_scale(dist)[0])
    xk = getattr(dist.dist, "xk", None)
    if xk is not None:  # rv_discrete(values=...): finitely many cost types
        points = np.asarray(xk, dtype=float) + loc
    else:  # a lattice distribution: integer points shifted by loc
        points = loc + np.arange(np.ceil(low - loc), np.floor(top - loc) + 1)
    points = points[(points >= low) & (points <= top)]
    candidates = np.append(points, top)
    accept = _accept(dist, candidates)
    values = (p + candidates) * accept + (p - cost_a) * (1 - accept)
    k = int(np.argmax(values))
    return float(candidates[k]), float(1 - accept[k]), float(values[k])


def _accept(dist, z):
    """P(c_B >= z): the indifferent type accepts."""
    return np.asarray(dist.sf(z), float) + np.asarray(dist.pmf(z), float)


@dataclass(frozen=True)
class RiskReturn:
    """War probability and A's expected payoff for given demands: the risk–return curve."""

    demand: object
    war_probability: object
    expected_utility: object

    def explain(self):
        return ("Each larger demand raises A's share if accepted but also the chance that B "
                "prefers war; .expected_utility shows where the trade-off peaks.")

    def to_dict(self):
        return {"demand": _plain(self.demand), "war_probability": _plain(self.war_probability),
                "expected_utility": _plain(self.expected_utility)}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("demand", "war_probability", "expected_utility"))


def risk_return(p, cost_a, cost_b, demand, *, exact=None):
    r"""A's risk–return trade-off: war probability and expected payoff of given demands.

    :math:`P(\text{war}) = P(c_B < x - p)` and
    :math:`U_A(x) = x\,(1 - P(\text{war})) + (p - c_A)\,P(\text{war})`.  Exact for a number
    ``cost_b`` or a uniform distribution with exact inputs; ``demand`` may be an array.
    """
    p = _checks.probability("p", p)
    cost_a = _checks.positive("cost_a", cost_a)
    demand = _checks.number("demand", demand)
    if _is_distribution(cost_b):
        bounds = _uniform_bounds(cost_b)
        if bounds is None:
            demand = np.asarray(demand, float)
            z = demand - float(p)
            if _is_discrete(cost_b):
                war = 1 - _accept(cost_b, z)
            else:
                war = np.asarray(cost_b.cdf(z), float)
            utility = demand * (1 - war) + (float(p) - float(cost_a)) * war
            return RiskReturn(_out(demand), _out(war), _out(utility))
        a, b = bounds
        p, cost_a, a, b, demand = _harmonise([p, cost_a, a, b, demand], exact)
        share = (demand - p - a) / (b - a)
        war = minimum(maximum(share, 0 * share), 1 + 0 * share)
    else:
        if _looks_like_distribution(cost_b):
            raise ParameterError(f"cost_b is {cost_b!r}, which is not a frozen scipy.stats "
                                 "distribution; give its parameters, e.g. "
                                 "scipy.stats.uniform(0, 0.3)")
        cost_b = _checks.positive("cost_b", cost_b)
        p, cost_a, cost_b, demand = _harmonise([p, cost_a, cost_b, demand], exact)
        zero = 0 * (demand - p)
        war = where(demand - p > cost_b, 1 + zero, zero)
    utility = demand * (1 - war) + (p - cost_a) * war
    return RiskReturn(_out(demand), _out(war), _out(utility))


def _is_discrete(dist):
    return not _new_style(dist) and hasattr(dist.dist, "pmf") and not hasattr(dist.dist, "pdf")


# --------------------------------------------------------------------------------------------
# Powell's commitment problem


@dataclass(frozen=True)
class ShiftingPower:
    r"""Whether a deal today survives a coming shift of power (Powell 2006).

    Attributes
    ----------
    war : bool (array, or sympy relation)
        Whether the declining side prefers a preventive war today:
        :math:`\delta (p' - c_R) - p > c_D` in flow costs.
    margin : number
        :math:`\delta (p' - c_R) - p - c_D` (per-period units): positive means war.
    threshold : number
        The future strength :math:`p'^* = (p + c_D + \delta c_R)/\delta` of the rising side
        above which war comes; above 1, no shift can cause war.
    critical_discount : number or None
        Flow costs: the discount factor :math:`(p + c_D)/(p' - c_R)` above which war comes
        (1 or more: never); when :math:`p' \le c_R` no discount factor brings war (``None``;
        ``inf`` in an array).  ``None`` for lump-sum costs.
    offer_now, offer_later : number
        Under peace, what the declining side gives the rising side today and per period from
        tomorrow on: :math:`x_1 = \max(p' - c_R, 0)` and
        :math:`x_0 = \max(0, (p - c_R - \delta x_1)/(1 - \delta))`.
    value_peace, value_war : number
        The declining side's discounted values of that peace and of preventive war today.
    """

    p_now: object
    p_next: object
    discount: object
    cost_declining: object
    cost_rising: object
    costs: str
    war: object
    margin: object
    threshold: object
    critical_discount: object
    offer_now: object
    offer_later: object
    value_peace: object
    value_war: object

    def explain(self):
        if not _scalar(self.margin):
            return ("The declining side prefers preventive war wherever .war holds: where the "
                    "discounted future strength of the rising side, net of its costs, exceeds "
                    "today's strength by more than the declining side's cost of war.")
        if self.war:
            return (f"The declining side prefers a preventive war now: once the rising side's "
                    f"chance of winning grows from {_show(self.p_now)} to {_show(self.p_next)}, "
                    f"it can no longer be held to today's terms, and no promise to hold back "
                    f"is credible (war comes whenever that chance reaches "
                    f"{_show(self.threshold)}).")
        return (f"A deal today is self-enforcing: the rising side's chance of winning grows only "
                f"to {_show(self.p_next)}, below the threshold {_show(self.threshold)} at which "
                f"the declining side would rather fight now; it offers {_show(self.offer_now)} "
                f"today and {_show(self.offer_later)} per period later.")

    def to_dict(self):
        names = ("p_now", "p_next", "discount", "cost_declining", "cost_rising", "costs", "war",
                 "margin", "threshold", "critical_discount", "offer_now", "offer_later",
                 "value_peace", "value_war")
        return {name: _plain(getattr(self, name)) for name in names}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("p_now", "p_next", "war", "margin"))


def shifting_power(p_now, p_next, discount, cost_declining, cost_rising, *, costs="flow",
                   exact=None):
    r"""Powell's commitment problem: is a deal today self-enforcing when power shifts tomorrow?

    Model (Powell 2006, one-time shift; literature notes: lit-powell): a pie of 1 per period; war is
    absorbing.  The rising side R wins a war with probability ``p_now`` today and ``p_next``
    (:math:`p' \ge p`) from tomorrow on.  War costs are per period (``costs="flow"``:
    war values :math:`(p_t - c_R)/(1-\delta)` and :math:`(1 - p_t - c_D)/(1-\delta)`) or a lump
    (``costs="lump-sum"``: :math:`p_t/(1-\delta) - C_R`, which is the flow model with
    :math:`c = (1 - \delta) C`).  The declining side D makes the offers; the result holds for
    any protocol in which R gets at least its war value later.  From tomorrow D can keep at most
    :math:`1 - p' + c_R` per period, so D prefers preventive war today iff

    .. math:: \delta p' - p > c_D + \delta c_R \quad\text{(flow)}, \qquad
              \delta p' - p > (1 - \delta)(C_D + \delta C_R) \quad\text{(lump sum)}.

    Parameters
    ----------
    p_now, p_next : number, array or sympy expression
        R's probability of winning today and after the shift, in [0, 1], ``p_next >= p_now``.
    discount : number, array or sympy expression
        The common discount factor δ in (0, 1).
    cost_declining, cost_rising : number, array or sympy expression
        Costs of war of D and R (positive), per period or lump sums per ``costs``.
    costs : {"flow", "lump-sum"}
    exact : bool, optional
        As in :func:`optimal_demand`.

    Returns
    -------
    ShiftingPower

    Examples
    --------
    >>> r = shifting_power("0.3", "0.7", "0.9", "0.05", "0.05")
    >>> r.war, r.threshold
    (True, Fraction(79, 180))
    """
    if costs not in ("flow", "lump-sum"):
        raise ParameterError(f"costs is {costs!r}, but it must be 'flow' or 'lump-sum'")
    p = _checks.probability("p_now", p_now)
    q = _checks.probability("p_next", p_next)
    d = _checks.discount("discount", discount)
    c_d = _checks.positive("cost_declining", cost_declining)
    c_r = _checks.positive("cost_rising", cost_rising)
    if not (_symbolic(p) or _symbolic(q)):
        rising, now = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(p, dtype=float))
        falls = ~(rising >= now)
        if np.any(falls):
            k = np.flatnonzero(falls.reshape(-1))[0]
            raise ParameterError(f"p_next is {_show(rising.reshape(-1)[k])}, but it must be at "
                                 f"least p_now ({_show(now.reshape(-1)[k])}): the rising side's "
                                 "strength must not fall; swap the sides when power shifts the "
                                 "other way")
    p, q, d, c_d, c_r = _harmonise([p, q, d, c_d, c_r], exact)
    flow_d, flow_r = (c_d, c_r) if costs == "flow" else ((1 - d) * c_d, (1 - d) * c_r)
    margin = d * (q - flow_r) - p - flow_d
    threshold = (p + flow_d + d * flow_r) / d
    critical = _critical_discount(p + flow_d, q - flow_r) if costs == "flow" else None
    later = maximum(q - flow_r, 0 * q)
    now = (p - flow_r - d * later) / (1 - d)
    now = maximum(now, 0 * now)
    value_peace = (1 - now) + d * (1 - later) / (1 - d)
    value_war = (1 - p - flow_d) / (1 - d)
    war = margin > 0
    if isinstance(war, np.bool_):
        war = bool(war)
    return ShiftingPower(_out(p), _out(q), _out(d), _out(c_d), _out(c_r), costs, war,
                         _out(margin), _out(threshold), None if critical is None else
                         _out(critical), _out(now), _out(later), _out(value_peace),
                         _out(value_war))


def _critical_discount(top, gap):
    """``top / gap`` where the rising side's future war value ``gap`` is positive; else no
    discount factor brings war (None for a number, inf in an array)."""
    if isinstance(gap, np.ndarray) or isinstance(top, np.ndarray):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(gap > 0, top / np.where(gap > 0, gap, 1), np.inf)
    if _symbolic(gap) or _symbolic(top):
        return top / gap
    return top / gap if gap > 0 else None


@dataclass(frozen=True)
class DisarmamentDeal:
    r"""Whether compensation can buy disarmament that shifts power for good.

    Attributes
    ----------
    feasible : bool (array, or sympy relation)
        :math:`(1 - \delta) Y \ge v_{keep} - \delta v_{post}`.
    margin : number
        :math:`(1 - \delta) Y - (v_{keep} - \delta v_{post})`; non-negative means feasible.
    required_compensation : number
        The smallest :math:`Y`: :math:`(v_{keep} - \delta v_{post})/(1 - \delta)`.
    max_discount : number
        :math:`(Y - v_{keep})/(Y - v_{post})`: a state more patient than this cannot be bought
        (when :math:`Y > v_{post}`; more patience weighs the permanent loss more).
    """

    v_keep: object
    v_post: object
    discount: object
    compensation: object
    feasible: object
    margin: object
    required_compensation: object
    max_discount: object

    def explain(self):
        if not _scalar(self.margin):
            return ("Disarmament can be bought wherever .feasible holds; .required_compensation "
                    "is the up-front payment it takes.")
        if self.feasible:
            return (f"Disarmament can be bought: an up-front compensation of "
                    f"{_show(self.compensation)} covers the loss from {_show(self.v_keep)} to "
                    f"{_show(self.v_post)} per period, which the other side cannot promise not "
                    f"to impose (it takes at least {_show(self.required_compensation)}).")
        return (f"No self-enforcing disarmament deal exists: once disarmed, the state can be held "
                f"to {_show(self.v_post)} per period instead of {_show(self.v_keep)}, and "
                f"promises not to do so are not credible; it would take an up-front "
                f"compensation of {_show(self.required_compensation)}, more than "
                f"{_show(self.compensation)}.")

    def to_dict(self):
        names = ("v_keep", "v_post", "discount", "compensation", "feasible", "margin",
                 "required_compensation", "max_discount")
        return {name: _plain(getattr(self, name)) for name in names}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("feasible", "margin", "required_compensation"))


def disarmament_deal(v_keep, v_post, discount, compensation=1, *, exact=None):
    r"""Disarmament as an endogenous power shift (Powell 2006; Fearon 1995; literature notes:
    lit-powell).

    A state gets :math:`v_{keep}` per period while armed.  If it disarms it gets the up-front
    compensation :math:`Y` in the period of the deal and, from the next period on, only
    :math:`v_{post}` — what the other side cannot be kept from holding it to once it is
    disarmed (promises to pay more are not credible).  It accepts iff
    :math:`Y + \delta v_{post}/(1 - \delta) \ge v_{keep}/(1 - \delta)`, that is

    .. math:: (1 - \delta)\,Y \ge v_{keep} - \delta\, v_{post}.

    Parameters
    ----------
    v_keep, v_post : number, array or sympy expression
        Per-period values armed and after verified disarmament.
    discount : number, array or sympy expression
        δ in (0, 1).
    compensation : number, array or sympy expression
        The largest up-front payment :math:`Y` (one flow period of the pie, 1, by default).

    Examples
    --------
    >>> disarmament_deal("0.5", "0.35", "0.9").feasible
    False
    """
    v_keep = _checks.number("v_keep", v_keep)
    v_post = _checks.number("v_post", v_post)
    d = _checks.discount("discount", discount)
    y = _checks.number("compensation", compensation)
    v_keep, v_post, d, y = _harmonise([v_keep, v_post, d, y], exact)
    margin = (1 - d) * y - (v_keep - d * v_post)
    feasible = margin >= 0
    if isinstance(feasible, np.bool_):
        feasible = bool(feasible)
    required = (v_keep - d * v_post) / (1 - d)
    gap = y - v_post
    if _scalar(gap) and gap == 0:
        max_discount = None
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            max_discount = (y - v_keep) / gap
    return DisarmamentDeal(_out(v_keep), _out(v_post), _out(d), _out(y), feasible,
                           _out(margin), _out(required), _out(max_discount))


@dataclass(frozen=True)
class ButterForBombs:
    r"""The smallest concession that keeps a state from building the bomb (Spaniel 2019).

    Attributes
    ----------
    concession : number
        :math:`x^* = \max(p - c_R,\ p' - c_R - (1 - \delta) k)` per period.
    binding : str (or array of str)
        ``"war"`` when today's war value binds, ``"build"`` when the option to build does.
    """

    p_now: object
    p_nuclear: object
    discount: object
    cost_rising: object
    build_cost: object
    concession: object
    binding: object

    def explain(self):
        if not _scalar(self.concession):
            return "The smallest concession at each parameter point is in .concession."
        why = ("its war value today" if self.binding == "war" else
               "what it would get by building, net of the cost of building")
        return (f"A concession of {_show(self.concession)} per period is the least that keeps "
                f"the state from building: it matches {why}; since building is costly, this "
                "deal is better for both than proliferation.")

    def to_dict(self):
        names = ("p_now", "p_nuclear", "discount", "cost_rising", "build_cost", "concession",
                 "binding")
        return {name: _plain(getattr(self, name)) for name in names}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("concession", "binding"))


def butter_for_bombs(p_now, p_nuclear, discount, cost_rising, build_cost, *, exact=None):
    r"""Spaniel's butter-for-bombs deal in a minimal stationary form (literature notes:
    lit-proliferation).

    The declining side proposes a per-period concession :math:`x`.  The potential proliferator
    R can fight now (:math:`p - c_R` per period) or build at lump cost :math:`k > 0` and then
    get :math:`p' - c_R` per period.  R accepts iff :math:`x \ge p - c_R` and
    :math:`x/(1-\delta) \ge (p' - c_R)/(1-\delta) - k`, so the least concession is

    .. math:: x^* = \max\bigl(p - c_R,\ p' - c_R - (1 - \delta)\,k\bigr).

    Reference: Spaniel, W. (2019). *Bargaining over the Bomb*. Cambridge UP, ch. 2.
    """
    p = _checks.probability("p_now", p_now)
    q = _checks.probability("p_nuclear", p_nuclear)
    d = _checks.discount("discount", discount)
    c = _checks.positive("cost_rising", cost_rising)
    k = _checks.positive("build_cost", build_cost)
    p, q, d, c, k = _harmonise([p, q, d, c, k], exact)
    war, build = p - c, q - c - (1 - d) * k
    concession = maximum(war, build)
    if _scalar(war, build):
        binding = "war" if war >= build else "build"
    elif isinstance(war - build, np.ndarray):
        binding = np.where(war >= build, "war", "build")
    else:
        binding = where(war >= build, 0, 1)
    return ButterForBombs(_out(p), _out(q), _out(d), _out(c), _out(k), _out(concession),
                          binding)
