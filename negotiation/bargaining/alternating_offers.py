r"""Alternating offers: Rubinstein bargaining with outside options and risk of breakdown.

Two players bargain over a surplus ("pie" :math:`\pi`, 1 by default) or, more
generally, over the points of a frontier :math:`u_2 = f(u_1)`.  Player ``proposer``
proposes in period 1, the other in period 2, and so on; a proposal accepted in period
:math:`t` is worth :math:`d_i + \delta_i^{t-1}(u_i - d_i)` to player :math:`i`
(:math:`d` the disagreement point, 0 for a pie).  A responder who is indifferent
accepts.  The unique subgame-perfect equilibrium (SPE) is stationary with immediate
agreement; with :math:`a` the first player's share when she proposes and :math:`b` the
second player's share when he proposes,

.. math::

    \pi - a = \max\bigl(\omega_2,\ e_2 + c_2 b\bigr), \qquad
    \pi - b = \max\bigl(\omega_1,\ e_1 + c_1 a\bigr),

where, after a rejection, talks continue with probability :math:`p = 1 - q`
(``breakdown`` :math:`= q`) and break down otherwise, so that the value of rejecting is
:math:`e_j + c_j v_j` with :math:`c_j = p\,\delta_j`, :math:`e_j = q\,\beta_j`
(:math:`\beta_j` the breakdown payoff) and :math:`v_j` the responder's own share when
she proposes next; :math:`\omega_j` is the responder's outside option in the chosen
timing convention (below).  The right-hand side is increasing with slope
:math:`c_1 c_2 < 1` in :math:`a`, so its fixed point is the fixed point :math:`a_0` of the
linear part clipped to the interval set by the two options — one closed form for every
regime, evaluated alike on Fractions, floats, numpy arrays and sympy expressions:

.. math::

    a_0 = \frac{\pi(1 - c_2) - e_2 + c_2 e_1}{1 - c_1 c_2}, \qquad
    a = \min\Bigl(\pi - \omega_2,\ \max\bigl(\pi(1 - c_2) - e_2 + c_2\,\omega_1,\ a_0\bigr)\Bigr),

and symmetrically for :math:`b`.  Special cases:

* **Rubinstein (1982)**, discount factors only: :math:`a = (1-\delta_2)/(1-\delta_1\delta_2)`
  (9/10 and 4/5 give exactly 5/7).
* **Outside options** (Binmore, Shaked & Sutton 1989; Osborne & Rubinstein 1990, §3.12):
  an option changes the outcome only when it exceeds what its holder gets without it
  (the *outside option principle*); then the holder, when responding, gets exactly it.
* **Risk of breakdown** (Binmore, Rubinstein & Wolinsky 1986), without discounting
  (``discount=None``): :math:`a = (1 + p\,b_1 - b_2)/(1 + p)` for :math:`\pi = 1`.  With
  :math:`\delta_i = e^{-r_i\Delta}` and :math:`q = 1 - e^{-\lambda\Delta}` the shares tend,
  as :math:`\Delta \to 0`, to the asymmetric Nash solution with weights proportional to
  :math:`1/(\lambda + r_i)` and disagreement point :math:`\lambda b_i/(\lambda + r_i)`
  (:func:`frictionless_limit`).
* **Finite horizon** (Ståhl 1972): ``horizon=T`` periods solved by backward induction;
  a rejection in period :math:`T` ends the talks with the breakdown payoffs (0 by
  default, so the last proposer takes everything).  The path is in ``result.path``.
* **General frontier** (Osborne & Rubinstein 1990, ch. 3): ``problem`` with a decreasing
  frontier; the proposals :math:`x^*, y^*` solve the indifference conditions
  :math:`u_2(x^*) = \max(\omega_2, e_2 + c_2 u_2(y^*))`,
  :math:`u_1(y^*) = \max(\omega_1, e_1 + c_1 u_1(x^*))` (with only discounting:
  :math:`u_2(x^*) - d_2 = \delta_2 (u_2(y^*) - d_2)` and
  :math:`u_1(y^*) - d_1 = \delta_1 (u_1(x^*) - d_1)`), found by bracketed root finding.
  Many problems solve at once: a disagreement point of arrays, or one frontier per row
  (:class:`~negotiation.bargaining.polylines.PolylineFrontiers`), with the parameters as
  arrays of the same length, by one vectorised bisection.

Timing conventions (parameters, never silent differences)
----------------------------------------------------------
``opt_out`` — when a player may take her outside option :math:`w_j`:

* ``"responding"`` (default): only when responding to an offer, instead of rejecting it;
  it pays :math:`w_j` at once and the other player 0 (the disagreement payoff)
  (Binmore, Shaked & Sutton 1989; Osborne & Rubinstein 1990, §3.12): :math:`\omega_j = w_j`.
* ``"next_period"``: as above, but opting out takes effect one period later:
  :math:`\omega_j = \delta_j w_j` (:math:`d_j + \delta_j(w_j - d_j)` on a frontier).
* ``"proposing"``: only at the start of one's own proposing turn, instead of proposing
  (the Shaked & Sutton 1984 timing): the value at one's turn is
  :math:`\max(w_j, \text{own proposal})`, so :math:`\omega_j = e_j + c_j w_j`.  Here a
  player whose option binds opts out at her turn (``result.exits``); if that is the
  first proposer, the game ends at once (``result.outcome``).  The stationary solution
  for this timing is derived here from the same fixed point, not taken from a source.

``breakdown_timing`` — when the breakdown payoffs :math:`b_j` are received:
``"immediate"`` (default, right after the rejection: :math:`\beta_j = b_j`, as in the
BRW closed form) or ``"next_period"`` (:math:`\beta_j = \delta_j b_j`).

References
----------
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50(1), 97–109.

Ståhl, I. (1972). *Bargaining Theory*. Stockholm School of Economics.

Shaked, A. & Sutton, J. (1984). Involuntary unemployment as a perfect equilibrium in a
bargaining model. *Econometrica* 52(6), 1351–1364.

Binmore, K., Rubinstein, A. & Wolinsky, A. (1986). The Nash bargaining solution in
economic modelling. *RAND J. Econ.* 17(2), 176–188.

Binmore, K., Shaked, A. & Sutton, J. (1989). An outside option experiment. *QJE* 104(4),
753–770.

Osborne, M. J. & Rubinstein, A. (1990). *Bargaining and Markets*. Academic Press, ch. 3
(§3.10 nonlinear frontiers, §3.12 outside options).

Muthoo, A. (1999). *Bargaining Theory with Applications*. Cambridge UP, ch. 4–5.
"""

from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Integral

import numpy as np

from .. import _checks
from .._ops import exact_result, exp, log, maximum, minimum, where
from ..errors import ParameterError

__all__ = [
    "BREAKDOWN_TIMINGS",
    "OPT_OUT_CONVENTIONS",
    "REGIMES",
    "AlternatingOffersResult",
    "FrictionlessLimit",
    "Offer",
    "alternating_offers",
    "frictionless_limit",
    "period_parameters",
]

#: The ``opt_out`` conventions and what each means, with the reference.
OPT_OUT_CONVENTIONS = {
    "responding": "a responder may opt out instead of rejecting, and gets her outside option at "
                  "once (Binmore, Shaked & Sutton 1989; Osborne & Rubinstein 1990, §3.12)",
    "next_period": "a responder may opt out instead of rejecting, and gets her outside option "
                   "one period later, discounted once",
    "proposing": "a player may opt out only at the start of her own proposing turn, instead of "
                 "proposing (Shaked & Sutton 1984)",
}

#: The ``breakdown_timing`` conventions.
BREAKDOWN_TIMINGS = {
    "immediate": "after a rejection talks break down with probability `breakdown` and the "
                 "breakdown payoffs are paid at once (Binmore, Rubinstein & Wolinsky 1986)",
    "next_period": "after a rejection talks break down with probability `breakdown` and the "
                   "breakdown payoffs are paid one period later, discounted once",
}

#: ``result.regime`` for scalar inputs; for arrays, ``result.regime`` holds indices into it.
REGIMES = (
    "no outside option binds",
    "only player 1's outside option binds",
    "only player 2's outside option binds",
    "both outside options bind",
)


# ----------------------------------------------------------------------------- helpers
# ``None`` stands for a term that is absent: 0 in a sum, 1 in a product.  Skipping absent
# terms keeps symbolic results clean and saves passes over large arrays.

def _mul(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a * b


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _sub(a, b):
    return a if b is None else a - b


def _max(a, b):
    return b if a is None else maximum(a, b)


def _absent(pair):
    return pair[0] is None and pair[1] is None


def _is_symbolic(value):
    return type(value).__module__.startswith("sympy")


def _flatten(values):
    for v in values:
        if isinstance(v, tuple):
            yield from _flatten(v)
        elif v is not None:
            yield v


def _pair(name, value, check, allow_none=False):
    """``(v1, v2)`` from a pair or one common value; each checked, ``None`` kept if allowed."""
    if value is None:
        return (None, None)
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ParameterError(f"{name} is {value!r}, but it must be a pair (player 1, "
                                 "player 2) or one value for both")
        out = []
        for i, v in enumerate(value):
            if v is None and allow_none:
                out.append(None)
            elif v is None:
                raise ParameterError(f"{name}[{i}] is None, but it must be a number")
            else:
                out.append(check(f"{name}[{i}]", v))
        return tuple(out)
    v = check(name, value)
    return (v, v)


def _floats(value):
    return float(value) if isinstance(value, Fraction) else value


def _show(value):
    if isinstance(value, Fraction):
        return str(value) if value.denominator == 1 else f"{value} (≈ {float(value):.6g})"
    if isinstance(value, np.ndarray):
        if value.size == 0:
            return "(no points)"
        lo, hi = float(np.min(value)), float(np.max(value))
        return f"{lo:.4g}" if lo == hi else f"{lo:.4g} to {hi:.4g}"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    return str(value)


def _plain(value):
    """A JSON-friendly form: Fractions as "p/q", arrays as lists, sympy as strings."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else int(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (Integral, np.integer)):
        return int(value)
    if _is_symbolic(value):
        return str(value)
    return float(value)


def _finish(value):
    if isinstance(value, tuple):
        return tuple(_finish(v) for v in value)
    if type(value).__name__ in ("BooleanTrue", "BooleanFalse"):
        return bool(value)
    return exact_result(value) if _is_symbolic(value) else value


# ----------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Offer:
    """One period of the backward-induction path of a finite-horizon game.

    ``proposal`` is the pair of utilities ``(u1, u2)`` that ``proposer`` (0 or 1) offers
    in ``period`` if the talks get there; it is accepted at once.  ``exits`` is true when,
    under ``opt_out="proposing"``, the proposer would rather take her outside option.
    """

    period: int
    proposer: int
    proposal: tuple
    exits: object = False


@dataclass(frozen=True)
class AlternatingOffersResult:
    """The subgame-perfect equilibrium of an alternating-offers game.

    Attributes
    ----------
    agreement : tuple
        ``(u1, u2)``: the utilities of the first proposer's offer, accepted at once.
    proposals : tuple
        ``proposals[i]`` is player ``i``'s equilibrium proposal as a utility pair ``(u1, u2)``
        (for a finite horizon: the first one she makes; ``None`` if she never proposes).
    proposer : int
        Who proposes first (0 or 1).
    binding : tuple
        ``binding[i]``: whether player ``i``'s outside option binds — it exceeds what she
        gets by rejecting, so it raises her share.  Bools, bool arrays or sympy relations.
    exits : tuple
        ``exits[i]``: whether player ``i`` opts out instead of proposing (only with
        ``opt_out="proposing"``; otherwise false).
    timing : str
        The conventions: who proposes first, when an option may be taken, when breakdown
        payoffs are paid, what ends a finite game.
    path : tuple of Offer or None
        For a finite horizon, the proposal of every period, first to last.
    model, method : str
        Which model (Rubinstein; with outside options, breakdown, finite horizon, frontier)
        and how it was solved (closed form, backward induction, root finding).
    exact : bool
        Whether the values are exact (Fractions).
    outside_options, disagreement, players, parameters
        The inputs as used (options ``None`` where absent; disagreement (0, 0) on a pie).

    Properties: ``point`` (= ``agreement``), ``shares`` (each player's own utility when she
    proposes), ``regime`` (one of :data:`REGIMES`; an int array of indices for arrays;
    ``None`` when symbolic) and ``outcome`` (what is realised at once, which differs from
    ``agreement`` only when the first proposer walks away under ``opt_out="proposing"``).
    """

    agreement: tuple
    proposals: tuple
    proposer: int
    binding: tuple
    exits: tuple
    timing: str
    path: tuple | None
    model: str
    method: str
    exact: bool
    outside_options: tuple = (None, None)
    disagreement: tuple = (0, 0)
    players: tuple = ("player 1", "player 2")
    parameters: dict = field(default_factory=dict, compare=False)

    @property
    def point(self):
        """The agreed utilities, as for the axiomatic solutions (= ``agreement``)."""
        return self.agreement

    @property
    def shares(self):
        """``(a, b)``: each player's own utility when she proposes (``None`` if she never does)."""
        return tuple(None if p is None else p[i] for i, p in enumerate(self.proposals))

    @property
    def regime(self):
        """One of :data:`REGIMES` (scalars), an int array of indices into it, or ``None``
        when symbolic."""
        b1, b2 = self.binding
        if _is_symbolic(b1) or _is_symbolic(b2):
            return None
        if isinstance(b1, np.ndarray) or isinstance(b2, np.ndarray):
            return np.asarray(b1, dtype=np.int8) + 2 * np.asarray(b2, dtype=np.int8)
        return REGIMES[int(bool(b1)) + 2 * int(bool(b2))]

    @property
    def outcome(self):
        """The utilities realised at once: the agreement, or the outside option and the
        disagreement payoff when the first proposer opts out (``opt_out="proposing"``)."""
        i = self.proposer
        leave = self.exits[i]
        if leave is False:
            return self.agreement
        out = [None, None]
        out[i] = where(leave, self.outside_options[i], self.agreement[i])
        out[1 - i] = where(leave, self.disagreement[1 - i], self.agreement[1 - i])
        return tuple(out)

    def to_dict(self):
        """A JSON-friendly dictionary (exact values as ``"p/q"`` strings, arrays as lists)."""
        regime = self.regime
        return {
            "agreement": _plain(self.agreement),
            "proposals": _plain(self.proposals),
            "proposer": self.proposer,
            "binding": _plain(self.binding),
            "exits": _plain(self.exits),
            "regime": _plain(regime),
            "outcome": _plain(self.outcome),
            "timing": self.timing,
            "model": self.model,
            "method": self.method,
            "exact": self.exact,
            "path": None if self.path is None else [
                {"period": o.period, "proposer": o.proposer, "proposal": _plain(o.proposal),
                 "exits": _plain(o.exits)} for o in self.path],
        }

    def explain(self):
        """A few plain sentences for a policy reader."""
        i = self.proposer
        j = 1 - i
        me, you = self.players[i], self.players[j]
        u = self.agreement
        vector = isinstance(u[0], np.ndarray)
        when = "" if self.path is None else f" within {len(self.path)} periods"
        where_ = f"Over {np.size(u[0])} parameter points, " if vector else ""
        lines = [f"{where_}{me} proposes first{when} and keeps {_show(u[i])}, offering {you} "
                 f"{_show(u[j])}, which {you} accepts at once."]
        for k in (0, 1):
            flag = self.binding[k]
            name = self.players[k]
            if _is_symbolic(flag):
                lines.append(f"{name}'s outside option binds when {flag}.")
            elif isinstance(flag, np.ndarray):
                if flag.any():
                    lines.append(f"{name}'s outside option binds at {int(flag.sum())} of them.")
            elif flag:
                lines.append(f"{name}'s outside option ({_show(self.outside_options[k])}) "
                             f"binds: it beats holding out, so as responder {name} gets exactly "
                             "it.")
        if not _absent(self.outside_options) and not any(
                _is_symbolic(f) or np.any(f) for f in self.binding):
            lines.append("No outside option binds, so the options change nothing (the outside "
                         "option principle).")
        leave = self.exits[i]
        if leave is not False and not _is_symbolic(leave) and np.any(leave):
            lines.append(f"{me} would rather take the outside option than propose, and ends "
                         "the talks" + (" at some of the points." if vector else "."))
        lines.append(f"Model: {self.model}; {self.method}. Timing: {self.timing}.")
        return " ".join(lines)

    def __repr__(self):
        return (f"<AlternatingOffersResult: agreement={_show(self.agreement[0])}, "
                f"{_show(self.agreement[1])}; {self.model}>")

    def _repr_html_(self):
        from ..display import alternating_offers_html

        return alternating_offers_html(self)


@dataclass(frozen=True)
class FrictionlessLimit:
    """The limit of alternating offers as the time between offers goes to zero.

    ``weights`` are the asymmetric Nash weights :math:`\\alpha_i \\propto 1/(\\lambda + r_i)`,
    ``disagreement`` the effective disagreement point :math:`\\lambda b_i/(\\lambda + r_i)`,
    and ``point`` the split of the pie, the asymmetric Nash solution
    :math:`x_i = d_i + \\alpha_i(\\pi - d_1 - d_2)`.
    """

    point: tuple
    weights: tuple
    disagreement: tuple
    exact: bool

    def explain(self):
        a = self.weights
        return (f"As offers come ever faster, first-mover advantage vanishes and the split tends "
                f"to ({_show(self.point[0])}, {_show(self.point[1])}): the asymmetric Nash "
                f"solution with weights ({_show(a[0])}, {_show(a[1])}) — the more patient side "
                "weighs more.")

    def to_dict(self):
        return {"point": _plain(self.point), "weights": _plain(self.weights),
                "disagreement": _plain(self.disagreement), "exact": self.exact}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("point", "weights"))


# ----------------------------------------------------------------------------- the solver

def alternating_offers(discount=None, proposer=0, problem=None, outside_options=None,
                       breakdown=None, breakdown_payoffs=None, horizon=None, *, pie=1,
                       opt_out="responding", breakdown_timing="immediate",
                       players=("player 1", "player 2"), xtol=1e-14):
    r"""Subgame-perfect equilibrium of alternating-offers bargaining.

    Parameters
    ----------
    discount : pair or number, optional
        Discount factors per period ``(δ1, δ2)``, each in (0, 1), or one common factor.
        ``None`` means no time preference (then ``breakdown`` must be positive, or the
        horizon finite).  A tuple or list is read as the pair; a number or a numpy array
        as the common factor.
    proposer : {0, 1}
        Who proposes in period 1.
    problem : object, optional
        A bargaining problem with a decreasing frontier: ``disagreement`` (d1, d2),
        ``u2_of_u1(u1)`` and ``u1_of_u2(u2)`` (numpy-vectorised), ``u1_max``, ``u2_max``;
        the disagreement point may be arrays, and the frontier one per row (``u1_max`` an
        array, as :class:`~negotiation.bargaining.polylines.PolylineFrontiers`).
        Default: split a pie of size ``pie`` with disagreement (0, 0), in closed form.
    outside_options : pair, optional
        ``(w1, w2)``; an entry ``None`` means that player has no option.  Taking an option
        ends the talks with ``w_i`` for the taker and the disagreement payoff for the other.
        When is set by ``opt_out``.
    breakdown : probability, optional
        Probability ``q`` that talks break down after each rejection (Binmore, Rubinstein &
        Wolinsky 1986).
    breakdown_payoffs : pair, optional
        ``(b1, b2)`` paid on breakdown (default: the disagreement point); each at least the
        disagreement payoff.  With a finite horizon they are also what a rejection in the
        last period gives.
    horizon : int, optional
        Number of periods (Ståhl 1972); ``None`` for no deadline (Rubinstein 1982).
    pie : number, keyword-only
        The size of the surplus when ``problem`` is not given.
    opt_out : {"responding", "next_period", "proposing"}, keyword-only
        When an outside option may be taken; see the module docstring and
        :data:`OPT_OUT_CONVENTIONS`.
    breakdown_timing : {"immediate", "next_period"}, keyword-only
        When breakdown payoffs are paid; see :data:`BREAKDOWN_TIMINGS`.
    players : pair of str, keyword-only
        Names used by ``explain()``.
    xtol : float, keyword-only
        Absolute tolerance of the root finding on a general frontier (default 1e-14).

    Returns
    -------
    AlternatingOffersResult
        ``agreement``, ``proposals``, ``binding``, ``regime``, ``timing``, ``path`` …
        Values are Fractions when every input is exact, sympy expressions when an input
        is a sympy symbol, numpy arrays (broadcast together) when an input is an array,
        floats otherwise.  A general frontier is always numeric.

    Raises
    ------
    ParameterError
        A discount factor outside (0, 1), a probability outside [0, 1], a horizon that is
        not a positive integer, breakdown payoffs below the disagreement point, or outside
        options / breakdown payoffs that leave no gains from trade.

    Notes
    -----
    The equations and conventions are in the module docstring.  Worked examples:
    ``alternating_offers(("9/10", "4/5")).agreement == (Fraction(5, 7), Fraction(2, 7))``;
    with ``discount=0.9`` and ``outside_options=(0, 0.6)`` the proposals are
    ``(0.4, 0.6)`` and ``(0.36, 0.64)`` (Osborne & Rubinstein 1990, §3.12).

    References
    ----------
    Rubinstein (1982); Ståhl (1972); Binmore, Rubinstein & Wolinsky (1986); Binmore, Shaked
    & Sutton (1989); Osborne & Rubinstein (1990), ch. 3; Shaked & Sutton (1984).
    """
    if opt_out not in OPT_OUT_CONVENTIONS:
        raise ParameterError(f"opt_out is {opt_out!r}, but it must be one of "
                             f"{', '.join(map(repr, OPT_OUT_CONVENTIONS))}")
    if breakdown_timing not in BREAKDOWN_TIMINGS:
        raise ParameterError(f"breakdown_timing is {breakdown_timing!r}, but it must be one of "
                             f"{', '.join(map(repr, BREAKDOWN_TIMINGS))}")
    if isinstance(proposer, bool) or proposer not in (0, 1):
        raise ParameterError(f"proposer is {proposer!r}, but it must be 0 or 1")
    if horizon is not None and (isinstance(horizon, bool) or not isinstance(horizon, Integral)
                                or horizon < 1):
        raise ParameterError(f"horizon is {horizon!r}, but it must be a positive integer "
                             "(or None for no deadline)")
    delta = _pair("discount", discount, _checks.discount)
    q = None if breakdown is None else _checks.probability("breakdown", breakdown)
    w = _pair("outside_options", outside_options, _checks.number, allow_none=True)
    b = _pair("breakdown_payoffs", breakdown_payoffs, _checks.number)
    size = _checks.positive("pie", pie)
    if problem is not None and not (isinstance(size, Fraction) and size == 1):
        raise ParameterError(f"pie is {pie!r}, but a pie size cannot be given with a problem "
                             "(the problem's frontier fixes the surplus)")

    values = [*_flatten((delta, q, w, b)), size]
    symbolic = any(_is_symbolic(v) for v in values)
    vector = any(isinstance(v, np.ndarray) for v in values)
    if vector:  # Fractions would turn float arrays into slow object arrays
        delta, w, b = (tuple(_floats(v) for v in pair) for pair in (delta, w, b))
        q, size = _floats(q), _floats(size)
    if problem is not None:
        if symbolic:
            raise ParameterError("a general problem frontier is solved numerically; give "
                                 "numbers or arrays, not sympy symbols, with problem")
        missing = [a for a in ("disagreement", "u2_of_u1", "u1_of_u2", "u1_max", "u2_max")
                   if not hasattr(problem, a)]
        if missing:
            raise ParameterError(f"problem is {problem!r}, which lacks {', '.join(missing)}")
        d = tuple(np.asarray(x, dtype=float) if np.ndim(x) else float(x)
                  for x in problem.disagreement)
        delta, w, b = (tuple(_floats(v) for v in pair) for pair in (delta, w, b))
        q = _floats(q)
        vector = vector or any(isinstance(v, np.ndarray) for v in d)
    else:
        d = (None, None)

    if horizon is None and _absent(delta) and (
            q is None or (not symbolic and np.any(np.asarray(q) == 0))):
        raise ParameterError(
            f"breakdown is {breakdown!r} and discount is None: with neither time preference nor "
            "a risk of breakdown every split is an equilibrium; give a discount factor, a "
            "positive breakdown probability, or a finite horizon")
    if not symbolic:
        _check_feasible(problem, size, d, w, b)
    if _absent(b) and problem is not None:
        b = d

    # The frictions as the fixed point sees them (None: an absent term).
    p = None if q is None else 1 - q
    c = tuple(_mul(p, delta[j]) for j in (0, 1))
    beta = tuple(_beta(breakdown_timing, b[j], delta[j], d[j]) for j in (0, 1))
    e = tuple(_add(_mul(q, beta[j]) if q is not None and beta[j] is not None else None,
                   _impasse(p, delta[j], d[j])) for j in (0, 1))
    omega = tuple(_omega(opt_out, w[j], delta[j], d[j], c[j], e[j]) for j in (0, 1))
    if problem is None:
        pie_ = None if not isinstance(size, np.ndarray) and not symbolic and size == 1 \
            else size
        whole = 1 if pie_ is None else pie_

        def other(i, u_j):  # the proposer's utility when the responder gets u_j
            return whole - u_j
    else:
        def other(i, u_j):
            return problem.u1_of_u2(u_j) if i == 0 else problem.u2_of_u1(u_j)

    if horizon is not None:
        proposals, binding, exits, path = _backward(
            horizon, proposer, other, c, e, omega, beta, d, w, opt_out)
        method = "backward induction"
    elif problem is None:
        proposals, binding = _blockwise(_pie_stationary, (pie_, c, e, omega), vector)
        exits = _exits(opt_out, w, proposals)
        path = None
        method = "closed form"
    else:  # one frontier per row (a problem whose u1_max is an array) is solved whole
        proposals, binding = _blockwise(
            lambda c, e, omega, d: _frontier_stationary(problem, d, c, e, omega, xtol),
            (c, e, omega, d), vector and not _per_row(problem))
        exits = _exits(opt_out, w, proposals)
        path = None
        method = "bracketed root finding (brentq; vectorised bisection for arrays)"

    exact = problem is None and not symbolic and not vector and all(
        isinstance(v, Fraction) for v in values)
    if vector:
        shape = np.broadcast_shapes(*(np.shape(v) for v in _flatten((proposals, binding))))
        proposals = tuple(None if pr is None else tuple(np.broadcast_to(x, shape) for x in pr)
                          for pr in proposals)
        binding = tuple(np.broadcast_to(x, shape) for x in binding)
    proposals, binding = _finish(proposals), _finish(binding)
    if exact:  # integers such as the last proposer's whole pie, as Fractions
        proposals = tuple(None if pr is None else tuple(Fraction(x) for x in pr)
                          for pr in proposals)
        if path is not None:
            path = tuple(Offer(o.period, o.proposer, tuple(Fraction(x) for x in o.proposal),
                               o.exits) for o in path)
    return AlternatingOffersResult(
        agreement=proposals[proposer], proposals=proposals, proposer=proposer,
        binding=binding, exits=exits, path=path,
        timing=_timing(proposer, players, opt_out, w, q, breakdown_timing, horizon, delta),
        model=_model(problem, w, q, delta, horizon), method=method, exact=exact,
        outside_options=w, disagreement=(0, 0) if problem is None else d,
        players=tuple(players),
        parameters={"discount": delta, "breakdown": q, "outside_options": w,
                    "breakdown_payoffs": b, "horizon": horizon, "pie": size},
    )


#: Block length for large arrays: temporaries stay in cache, which is several times faster
#: than whole-array passes over tens of megabytes.
_BLOCK = 1 << 15


def _nested(f, value):
    if isinstance(value, tuple):
        return tuple(_nested(f, v) for v in value)
    return f(value)


def _blockwise(fn, args, vector, block=_BLOCK):
    """``fn(*args)`` evaluated block by block over the broadcast shape of the array arguments.

    ``args`` and the result are nested tuples whose leaves are arrays, scalars or ``None``;
    the closed forms are written once and are elementwise, so blocks give the same numbers.
    """
    if not vector:
        return fn(*args)
    shape = np.broadcast_shapes(*(np.shape(v) for v in _flatten(args)))
    n = int(np.prod(shape))
    if n <= block:
        return fn(*args)
    flat = _nested(lambda v: np.broadcast_to(v, shape).reshape(-1)
                   if isinstance(v, np.ndarray) else v, args)
    out = None
    for start in range(0, n, block):
        cut = slice(start, start + block)
        part = fn(*_nested(lambda v, cut=cut: v[cut] if isinstance(v, np.ndarray) else v, flat))
        if out is None:
            out = _nested(lambda v: np.empty(n, dtype=np.asarray(v).dtype), part)
        leaves_out, leaves_part = list(_flatten((out,))), list(_flatten((part,)))
        for o, v in zip(leaves_out, leaves_part):
            o[cut] = v
    return _nested(lambda o: o.reshape(shape), out)


def _beta(timing, b_j, delta_j, d_j):
    """The breakdown payoff as valued at the moment of the rejection."""
    if b_j is None or timing == "immediate" or delta_j is None:
        return b_j
    return _add(d_j, delta_j * _sub(b_j, d_j))


def _per_row(problem):
    """Whether ``problem`` holds one frontier per row (its ``u1_max`` an array)."""
    return problem is not None and np.ndim(problem.u1_max) > 0


def _impasse(p, delta_j, d_j):
    """p (1 − δ_j) d_j: the part of the value of waiting that the disagreement point keeps."""
    if d_j is None or delta_j is None or (np.ndim(d_j) == 0 and d_j == 0):
        return None
    return _mul(p, (1 - delta_j) * d_j)


def _omega(convention, w_j, delta_j, d_j, c_j, e_j):
    """The outside option as it enters the responder's acceptance threshold."""
    if w_j is None:
        return None
    if convention == "responding" or (convention == "next_period" and delta_j is None):
        return w_j
    if convention == "next_period":
        return _add(d_j, delta_j * _sub(w_j, d_j))
    return _add(e_j, _mul(c_j, w_j))


def _exits(convention, w, proposals):
    """Under ``opt_out="proposing"``: whether each player prefers her option to proposing."""
    if convention != "proposing":
        return (False, False)
    out = []
    for i in (0, 1):
        if w[i] is None or proposals[i] is None:
            out.append(False)
        else:
            out.append(_finish(w[i] > proposals[i][i]))
    return tuple(out)


def _check_feasible(problem, size, d, w, b):
    """Breakdown payoffs at least the disagreement point; options and breakdown payoffs
    strictly inside the bargaining set (gains from trade)."""
    for j in (0, 1):
        floor = 0 if d[j] is None else d[j]
        if b[j] is not None and np.any(np.asarray(b[j]) < floor):
            bad = np.asarray(b[j]).reshape(-1)[np.argmax(np.asarray(b[j]).reshape(-1) < floor)]
            raise ParameterError(f"breakdown_payoffs[{j}] is {_show(bad)}, but it must be at "
                                 f"least the disagreement payoff {_show(floor)} (measure "
                                 "payoffs from the status quo)")
    if problem is not None and not np.all(_gains(problem, None, d, (None, None))):
        raise ParameterError(f"problem has disagreement point ({_show(d[0])}, {_show(d[1])}), "
                             "and no point of its frontier gives both sides strictly more: "
                             "there is nothing to bargain over")
    for name, pair in (("outside_options", w), ("breakdown_payoffs", b)):
        if _absent(pair):
            continue
        vector = any(isinstance(v, np.ndarray) for v in (*pair, size, *d)) and \
            not _per_row(problem)
        ok = _blockwise(lambda pair, size, d: _gains(problem, size, d, pair), (pair, size, d),
                        vector)
        if not np.all(ok):
            k = int(np.argmin(np.asarray(ok).reshape(-1))) if np.ndim(ok) else 0
            shown = tuple(_show(np.broadcast_to(x, np.shape(ok)).reshape(-1)[k]
                                if np.ndim(ok) else x) if x is not None else "None"
                          for x in pair)
            limit = "the frontier" if problem is not None else f"a pie of {_show(size)}"
            raise ParameterError(
                f"{name} is ({shown[0]}, {shown[1]}), which leaves no gains from trade: no "
                f"agreement on {limit} gives both sides strictly more; with nothing to bargain "
                "over each side simply takes what it has — lower them, or enlarge the surplus")


def _gains(problem, size, d, pair):
    """Whether some agreement gives both strictly more than ``pair`` (and the disagreement)."""
    v = [maximum(0 if d[j] is None else d[j], pair[j]) if pair[j] is not None
         else (0 if d[j] is None else d[j]) for j in (0, 1)]
    if problem is None:
        return v[0] + v[1] < size
    inside = np.asarray(v[0]) < problem.u1_max
    u2 = problem.u2_of_u1(np.minimum(v[0], problem.u1_max))
    return inside & (np.asarray(u2) > v[1])


def _pie_stationary(pie, c, e, omega):
    """Closed form of the stationary SPE on a pie (see the module docstring)."""
    (c1, c2), (e1, e2), (o1, o2) = c, e, omega
    whole = 1 if pie is None else pie
    den = 1 - c1 * c2

    def share(c_own, c_oth, e_own, e_oth, o_own, o_oth):
        base = _scale(pie, 1 - c_oth)  # π(1 − c_other)
        a0 = _add(_sub(base, e_oth), _mul(c_oth, e_own) if e_own is not None else None) / den
        if o_own is not None:  # the proposer's own option raises her floor
            a0 = maximum(_sub(base, e_oth) + c_oth * o_own, a0)
        if o_oth is not None:  # the responder's option caps the proposer's share
            a0 = minimum(whole - o_oth, a0)
        return a0

    a = share(c1, c2, e1, e2, o1, o2)
    b = share(c2, c1, e2, e1, o2, o1)
    binding = (False if o1 is None else o1 > _add(e1, c1 * a),
               False if o2 is None else o2 > _add(e2, c2 * b))
    return ((a, whole - a), (whole - b, b)), binding


def _scale(pie, x):
    return x if pie is None else pie * x


def _threshold(j, v, c, e, omega):
    """What responder j must get: max(ω_j, e_j + c_j v_j), v_j her share when proposing."""
    return _max(omega[j], _add(e[j], _mul(c[j], v)))


def _frontier_stationary(problem, d, c, e, omega, xtol):
    """Solve u2(x*) = thr_2(u2(y*)), u1(y*) = thr_1(u1(x*)) on a general frontier."""
    top = problem.u1_of_u2(d[1])  # player 1's utility where player 2 gets d2

    def gap(x1):
        y1 = _threshold(0, x1, c, e, omega)
        y2 = problem.u2_of_u1(y1)
        return problem.u1_of_u2(_threshold(1, y2, c, e, omega)) - x1

    shape = np.broadcast_shapes(*(np.shape(v) for v in _flatten((c, e, omega, d, top))))
    if shape == ():
        x1 = _brent(gap, d[0], float(top), xtol)
    else:
        x1 = _bisect(gap, np.broadcast_to(d[0], shape), np.broadcast_to(top, shape), xtol)
    y1 = _threshold(0, x1, c, e, omega)
    x2, y2 = problem.u2_of_u1(x1), problem.u2_of_u1(y1)
    if shape == ():
        x1, x2, y1, y2 = (float(v) for v in (x1, x2, y1, y2))
    binding = (False if omega[0] is None else omega[0] > _add(e[0], c[0] * x1),
               False if omega[1] is None else omega[1] > _add(e[1], c[1] * y2))
    return ((x1, x2), (y1, y2)), binding


def _brent(gap, lo, hi, xtol):
    from scipy.optimize import brentq

    g_lo, g_hi = float(gap(lo)), float(gap(hi))
    if g_lo <= 0:
        return lo
    if g_hi >= 0:
        return hi
    return brentq(gap, lo, hi, xtol=xtol, rtol=4 * np.finfo(float).eps, maxiter=200)


def _bisect(gap, lo, hi, xtol):
    """Vectorised bisection of a function that is >= 0 at ``lo`` and <= 0 at ``hi``."""
    lo, hi = lo.astype(float), hi.astype(float)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        right = gap(mid) > 0
        lo = np.where(right, mid, lo)
        hi = np.where(right, hi, mid)
        if np.all(hi - lo <= xtol + 4 * np.finfo(float).eps * np.abs(mid)):
            break
    return 0.5 * (lo + hi)


def _backward(T, first, other, c, e, omega, beta, d, w, convention):
    """Backward induction over T periods; returns proposals, binding, exits and the path."""
    end_omega = omega if convention != "proposing" else (None, None)
    later = [None, None]  # each player's proposal share in the next period she proposes
    path = []
    for t in range(T, 0, -1):
        i = first if t % 2 == 1 else 1 - first
        j = 1 - i
        if t == T:
            reject = beta[j] if beta[j] is not None else (0 if d[j] is None else d[j])
            threshold = _max(end_omega[j], reject)
            binds = False if end_omega[j] is None else end_omega[j] > reject
        else:
            reject = _add(e[j], _mul(c[j], later[j]))
            threshold = _max(omega[j], reject)
            binds = False if omega[j] is None else omega[j] > reject
        own = other(i, threshold)
        proposal = (own, threshold) if i == 0 else (threshold, own)
        exits = _finish(w[i] > own) if convention == "proposing" and w[i] is not None else False
        later[i] = own
        path.append((t, i, _finish(proposal), exits, _finish(binds)))
    path.reverse()
    proposals, binding, leave = [None, None], [False, False], [False, False]
    for t, i, proposal, exits, binds in path:
        if proposals[i] is None:
            proposals[i], leave[i] = proposal, exits
        if t <= 2:
            binding[1 - i] = binds
    offers = tuple(Offer(t, i, proposal, exits) for t, i, proposal, exits, _ in path)
    return tuple(proposals), tuple(binding), tuple(leave), offers


def _timing(proposer, players, convention, w, q, breakdown_timing, horizon, delta):
    parts = [f"{players[proposer]} proposes first, then the players alternate; a responder "
             "who is indifferent accepts"]
    if not _absent(delta):
        parts.append("an agreement in period t is worth δ_i^(t−1) times its value (Rubinstein "
                     "1982)")
    if not _absent(w):
        parts.append(f"opt_out={convention!r}: {OPT_OUT_CONVENTIONS[convention]}")
    if q is not None:
        parts.append(f"breakdown_timing={breakdown_timing!r}: "
                     f"{BREAKDOWN_TIMINGS[breakdown_timing]}")
    if horizon is not None:
        parts.append(f"the talks last {horizon} periods; a rejection in the last ends them with "
                     "the breakdown payoffs (Ståhl 1972)")
    return "; ".join(parts)


def _model(problem, w, q, delta, horizon):
    parts = ["Rubinstein (1982) alternating offers" if horizon is None
             else f"alternating offers with a {horizon}-period horizon (Ståhl 1972)"]
    if _absent(delta):
        parts.append("no time preference")
    if not _absent(w):
        sides = "one-sided" if w[0] is None or w[1] is None else "two-sided"
        parts.append(f"{sides} outside options")
    if q is not None:
        parts.append("risk of breakdown (Binmore, Rubinstein & Wolinsky 1986)")
    if problem is not None:
        parts.append("general frontier (Osborne & Rubinstein 1990, ch. 3)")
    return ", ".join(parts)


# ----------------------------------------------------------------------------- limits

def period_parameters(rates, period, hazard=None):
    r"""Per-period parameters of continuous-time frictions for offers every ``period``.

    Returns ``{"discount": (e^{-r_1 Δ}, e^{-r_2 Δ}), "breakdown": 1 - e^{-λΔ}}`` (the
    breakdown entry only with a ``hazard``), ready for ``alternating_offers(**...)``.
    """
    r = tuple(_floats(x) for x in _pair("rates", rates, _checks.positive))
    dt = _floats(_checks.positive("period", period))
    out = {"discount": tuple(exp(-x * dt) for x in r)}
    if hazard is not None:
        out["breakdown"] = 1 - exp(-_floats(_checks.positive("hazard", hazard)) * dt)
    return out


def frictionless_limit(rates=None, hazard=None, breakdown_payoffs=None, pie=1, *,
                       discount=None):
    r"""The limit of alternating offers as the time between offers goes to zero.

    With discount rates :math:`r_i` (:math:`\delta_i = e^{-r_i\Delta}`), breakdown hazard
    :math:`\lambda` (breakdown probability :math:`1 - e^{-\lambda\Delta}` per rejection) and
    breakdown payoffs :math:`b_i`, the SPE shares tend to

    .. math::

        x_1 = d_1 + \tau(\pi - d_1 - d_2), \quad
        \tau = \frac{\lambda + r_2}{2\lambda + r_1 + r_2}, \quad
        d_i = \frac{\lambda b_i}{\lambda + r_i},

    the asymmetric Nash solution with weights :math:`\propto 1/(\lambda + r_i)`; without
    breakdown, :math:`x_1 = r_2/(r_1 + r_2)` (Binmore, Rubinstein & Wolinsky 1986; Muthoo
    1999, ch. 4; Kawamori 2014, *J. Math. Econ.* 52, 12–15).  ``discount=(δ1, δ2)`` may be
    given instead of ``rates``, read as :math:`r_i = -\ln \delta_i` per period.
    """
    if (rates is None) == (discount is None):
        raise ParameterError("give exactly one of rates and discount")
    if rates is None:
        delta = _pair("discount", discount, _checks.discount)
        r = tuple(-log(_floats(x)) for x in delta)
    else:
        r = _pair("rates", rates, _checks.positive)
    lam = None if hazard is None else _checks.nonnegative("hazard", hazard)
    b = _pair("breakdown_payoffs", breakdown_payoffs, _checks.nonnegative)
    size = _checks.positive("pie", pie)
    total = _add(_add(r[0], r[1]), None if lam is None else 2 * lam)
    weights = (_add(lam, r[1]) / total, _add(lam, r[0]) / total)
    if lam is None or _absent(b):
        dis = (0, 0)
    else:
        dis = tuple(lam * b[j] / (lam + r[j]) for j in (0, 1))
    if not _absent(b) and not any(_is_symbolic(v) for v in (*b, size)) \
            and np.any(b[0] + b[1] >= size):
        raise ParameterError(f"breakdown_payoffs is ({_show(b[0])}, {_show(b[1])}), which "
                             "leaves no gains from trade: they sum to at least the pie")
    rest = size - dis[0] - dis[1]
    point = (dis[0] + weights[0] * rest, dis[1] + weights[1] * rest)
    exact = all(isinstance(v, Fraction) for v in _flatten((r, lam, b, size)))
    return FrictionlessLimit(point=_finish(point), weights=_finish(weights),
                             disagreement=_finish(dis), exact=exact)
