r"""Self-enforcing deals: phased agreements that no side gains from breaking.

With no outside enforcer, a deal holds only if, at every phase, each side's value of going on
with it is at least its value of reneging and being punished.  This module computes, for a
deal paid out in phases, the discount factors at which that is so and the transfer schedules
that make it so.

**Model.**  Players :math:`i = 1, \dots, n` (two in the case: US and DPRK).  The deal has phases
:math:`t = 0, \dots, T-1`, one period each; the last phase is the deal's steady state and repeats
forever.  Per period, when all comply, player :math:`i` gets :math:`g_i(t)` in phase :math:`t`
(clipped to the last phase: :math:`g_i(t) = g_i(T-1)` for :math:`t \ge T-1`).  A player who
reneges in phase :math:`t` while the others comply gets :math:`\tau_i(t)` in that period (the
one-shot temptation); every deviation is then punished by :math:`P_i(t)` per period — the
no-deal (stage Nash) payoff after the phase-:math:`t` steps already taken.  With discount factor
:math:`\delta_i`, the value of complying is

.. math:: V_i(t) = \sum_{s \ge 0} \delta_i^s\, g_i(t + s)
          = g_i(t) + \delta_i V_i(t + 1), \qquad V_i(T-1) = \frac{g_i(T-1)}{1 - \delta_i}.

Under **grim trigger** (Friedman 1971) the punishment lasts forever, and the incentive
constraint of player :math:`i` at phase :math:`t` is

.. math:: V_i(t) \;\ge\; \tau_i(t) + \frac{\delta_i}{1 - \delta_i} P_i(t).

Under a **finite punishment of k periods** the deal resumes, at the phase after the one broken,
once the punishment is over:

.. math:: V_i(t) \;\ge\; \tau_i(t) + \sum_{j=1}^{k} \delta_i^j P_i(t)
          + \delta_i^{k+1} V_i(t + 1).

The deal is *self-enforcing* when every constraint holds (the one-shot deviation principle:
no other deviation can then pay, provided the punishment itself is credible, e.g. a repetition
of a stage-game equilibrium — Friedman 1971; harsher optimal penal codes are Abreu 1988's).
``slack`` is :math:`V_i(t)` minus the right-hand side.

**Thresholds.**  Multiplied by :math:`1 - \delta`, each slack is a polynomial in :math:`\delta` of
degree at most :math:`T + k`.  The set of discount factors at which the deal is self-enforcing is
found exactly: the polynomials' real roots in (0, 1) are isolated in exact arithmetic (sympy;
float payoffs are used at their exact binary values) and the sign of every constraint is
checked between and at them.  The threshold :math:`\delta^*` is a ``Fraction`` when rational
and a sympy algebraic number otherwise (``float()`` works on both); with float payoffs it is a
float.  The set need not be an interval :math:`[\delta^*, 1)`: when a phase pays less than the
punishment, patience can break a deal (``monotone`` says whether it is).

For a one-phase deal (a repeated prisoner's dilemma with reward :math:`R`, temptation
:math:`T` and punishment :math:`P`) grim trigger gives :math:`\delta^* = (T - R)/(T - P)`.

**Transfers.**  When, in addition, one side pays the other :math:`x_t` in phase :math:`t` (worth
``value`` per unit to the receiver, costing ``cost`` per unit to the payer), every slack is
affine in :math:`x = (x_0, \dots, x_{T-1})`: the receiver keeps :math:`x_t` when it reneges in
phase :math:`t` (it was paid), the payer saves it.  For given discount factors, the
self-enforcing schedules are the polyhedron :math:`\{x : A x \le b\}` that
:func:`feasible_transfers` returns.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of Economic
Studies* 38(1), 1–12.  Abreu, D. (1988). On the theory of infinitely repeated games with
discounting. *Econometrica* 56(2), 383–396.  Fearon, J. D. (1998). Bargaining, enforcement, and
international cooperation. *International Organization* 52(2), 269–305.  Powell, R. (2006). War
as a commitment problem. *International Organization* 60(1), 169–203.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from fractions import Fraction

import numpy as np

from .. import _checks
from .._numbers import as_number_array, format_number
from .._ops import exact_result, maximum
from ..errors import ParameterError

__all__ = [
    "DiscountInterval",
    "DiscountThreshold",
    "PhasedDeal",
    "SelfEnforcement",
    "TransferConstraints",
    "critical_discount",
    "feasible_transfers",
    "grim_trigger_threshold",
    "self_enforcing_schedules",
]


def _symbolic(value):
    return type(value).__module__.startswith("sympy") and not getattr(value, "is_number", False)


def _show(value):
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, float | np.floating):
        return f"{float(value):.4g}"
    if getattr(value, "is_number", False):  # an algebraic number: its form and its value
        return f"{value} (≈ {float(value):.4g})"
    return str(value)


def _plain(value):
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, Fraction | float | int):
        return format_number(value)
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()] if value.dtype == object else value.tolist()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str):
        return value
    if getattr(value, "is_Rational", False):
        return format_number(exact_result(value))
    return str(value)


def _punishment(punishment):
    """``None`` for grim trigger, else the number of punishment periods."""
    if isinstance(punishment, str) and punishment.lower().replace("-", " ") in (
            "grim", "grim trigger"):
        return None
    if isinstance(punishment, int | np.integer) and not isinstance(punishment, bool) \
            and punishment >= 1:
        return int(punishment)
    raise ParameterError(f"punishment is {punishment!r}, but it must be 'grim' or a number of "
                         "periods of at least 1")


def _punishment_name(k):
    return "grim trigger" if k is None else f"{k}-period punishment"


# --------------------------------------------------------------------------------------------


class PhasedDeal:
    r"""A deal paid out in phases: what each side gets by complying, by reneging, when punished.

    Parameters
    ----------
    payoffs : array_like, shape (n, T)
        ``payoffs[i][t]``: player i's per-period payoff in phase t when everyone complies.  The
        last phase repeats forever (the deal's steady state).  A 1-D array is one player.
    temptations : array_like, shape (n, T)
        ``temptations[i][t]``: player i's payoff in the period in which it reneges in phase t
        while the others comply.
    punishment_payoffs : number or array_like, shape (n,) or (n, T)
        Player i's per-period payoff while punished after a deviation in phase t (the no-deal
        payoffs; per phase when earlier steps, such as dismantled facilities, are not undone).
    players : sequence of str, optional

    Numbers are exact (``Fraction``) when every entry is an int, Fraction, sympy Rational or
    "p/q" string, floats otherwise.  Gains relative to no deal work as well as levels: then
    ``punishment_payoffs`` is 0.
    """

    def __init__(self, payoffs, temptations, punishment_payoffs, players=None):
        g, g_exact = _matrix("payoffs", payoffs)
        if g.ndim != 2 or g.shape[1] == 0 or g.shape[0] == 0:
            raise ParameterError(f"payoffs has shape {g.shape}, but it must be (players, phases) "
                                 "with at least one player and one phase")
        tau, tau_exact = _matrix("temptations", temptations)
        if tau.shape != g.shape:
            raise ParameterError(f"temptations has shape {tau.shape}, but it must match payoffs "
                                 f"{g.shape}")
        pun, pun_exact = _matrix("punishment_payoffs", punishment_payoffs)
        n, phases = g.shape
        if pun.ndim == 0:
            pun = np.full(g.shape, pun.item(), dtype=pun.dtype)
        elif pun.shape == (n,):
            pun = np.repeat(pun[:, None], phases, axis=1)
        elif pun.ndim == 1 and n == 1 and pun.shape == (phases,):
            pun = pun[None, :]
        if pun.shape != g.shape:
            raise ParameterError(f"punishment_payoffs has shape {pun.shape}, but it must be a "
                                 f"number, ({n},) or {g.shape}")
        exact = g_exact and tau_exact and pun_exact
        if not exact:
            g, tau, pun = (np.asarray(m, dtype=float) for m in (g, tau, pun))
        if players is None:
            players = ("A", "B") if n == 2 else tuple(f"player {i + 1}" for i in range(n))
        players = tuple(str(p) for p in players)
        if len(players) != n:
            raise ParameterError(f"players has {len(players)} names, but there are {n} players")
        self._g, self._tau, self._pun = g, tau, pun
        self.players = players
        self.exact = exact

    @property
    def payoffs(self):
        return self._g.copy()

    @property
    def temptations(self):
        return self._tau.copy()

    @property
    def punishment_payoffs(self):
        return self._pun.copy()

    @property
    def n_players(self):
        return self._g.shape[0]

    @property
    def n_phases(self):
        return self._g.shape[1]

    def __repr__(self):
        return (f"<PhasedDeal: {self.n_players} players ({', '.join(self.players)}), "
                f"{self.n_phases} phases>")

    # ---- evaluation at discount factors

    def _discounts(self, discount):
        if isinstance(discount, list | tuple):
            if len(discount) != self.n_players:
                raise ParameterError(f"discount has {len(discount)} entries, but there are "
                                     f"{self.n_players} players")
            values = [_checks.discount(f"discount of {p}", d)
                      for p, d in zip(self.players, discount)]
        else:
            values = [_checks.discount("discount", discount)] * self.n_players
        floats = any(isinstance(v, float | np.ndarray) for v in values)
        return [float(v) if floats and isinstance(v, Fraction) else v for v in values], floats

    def slack(self, discount, punishment="grim"):
        r"""``V_i(t)`` minus the value of reneging at ``t``, for every player and phase.

        ``discount`` is one discount factor (a number, a numpy array for a sweep, or a sympy
        symbol) or a list with one per player.  Returns an array of shape ``(n, T)`` (plus the
        sweep's shape): ``Fraction`` entries when exact, sympy expressions when symbolic.
        """
        k = _punishment(punishment)
        ds, floats = self._discounts(discount)
        g, tau, pun = (self._g, self._tau, self._pun)
        if floats and self.exact:
            g, tau, pun = (m.astype(float) for m in (g, tau, pun))
        rows = [_slack_row(g[i], tau[i], pun[i], ds[i], k) for i in range(self.n_players)]
        if any(isinstance(v, np.ndarray) for row in rows for v in row):
            return np.array([[np.asarray(v, dtype=float) for v in row] for row in rows])
        symbolic = any(_symbolic(d) for d in ds)
        if symbolic:
            import sympy

            convert = sympy.sympify
        elif self.exact and not floats:
            convert = exact_result
        else:
            convert = float
        out = np.empty((self.n_players, self.n_phases), dtype=float if convert is float
                       else object)
        for i, row in enumerate(rows):
            for t, v in enumerate(row):
                out[i, t] = convert(v)
        return out

    def is_self_enforcing(self, discount, punishment="grim"):
        """Whether no player gains by reneging at any phase: a :class:`SelfEnforcement`."""
        k = _punishment(punishment)
        ds, _ = self._discounts(discount)
        if any(_symbolic(d) for d in ds):
            raise ParameterError(f"discount is {discount}, but checking needs numbers; use "
                                 "slack() for symbolic discount factors")
        slack = self.slack(discount, punishment)
        ok = slack >= 0
        if slack.ndim == 2:
            violations = tuple((self.players[i], int(t)) for i, t in zip(*np.nonzero(~ok)))
            holds = not violations
        else:
            holds = np.all(ok, axis=(0, 1))
            violations = ()
        return SelfEnforcement(self.players, discount if not isinstance(discount, list) else
                               tuple(discount), _punishment_name(k), holds, slack, violations)

    def critical_discount(self, punishment="grim"):
        r"""The discount factors at which the deal is self-enforcing: a :class:`DiscountThreshold`.

        ``.threshold`` is the smallest common discount factor δ* (for all players);
        ``.per_player`` each player's own; ``.intervals`` the whole set (a union of intervals
        of (0, 1)).
        """
        k = _punishment(punishment)
        polys = {(i, t): _scaled_polynomial(self._g[i], self._tau[i], self._pun[i], t, k)
                 for i in range(self.n_players) for t in range(self.n_phases)}
        common = _solve_set(list(polys.values()))
        per_player = tuple(
            _solve_set([polys[i, t] for t in range(self.n_phases)])
            for i in range(self.n_players))
        threshold = common.intervals[0].low if common.intervals else None
        binding = ()
        if threshold is not None and common.intervals[0].closed_low:
            binding = tuple((self.players[i], t) for (i, t), poly in polys.items()
                            if _vanishes(poly, common.root_of(threshold)))
        convert = _exact_number if self.exact else _float_number
        intervals = tuple(iv.converted(convert) for iv in common.intervals)
        player_intervals = tuple(tuple(iv.converted(convert) for iv in s.intervals)
                                 for s in per_player)
        return DiscountThreshold(
            players=self.players, punishment=_punishment_name(k),
            threshold=None if threshold is None else convert(threshold),
            intervals=intervals,
            per_player=tuple(ivs[0].low if ivs else None for ivs in player_intervals),
            per_player_intervals=player_intervals, binding=binding, exact=self.exact)

    def transfers(self, discount, payer, receiver, **options):
        """The self-enforcing transfer schedules: :func:`feasible_transfers` of this deal."""
        return feasible_transfers(self, discount, payer=payer, receiver=receiver, **options)


def _matrix(name, values):
    try:
        array, exact = as_number_array(values, name)
    except ValueError as error:
        raise ParameterError(str(error)) from None
    return array, exact


def _slack_row(g, tau, pun, d, k):
    """Slack of one player at every phase, in the arithmetic of ``d`` (any backend)."""
    phases = len(g)
    values = [None] * phases
    values[-1] = g[-1] / (1 - d)
    for t in range(phases - 2, -1, -1):
        values[t] = g[t] + d * values[t + 1]
    row = []
    for t in range(phases):
        after = values[min(t + 1, phases - 1)]
        if k is None:
            deviation = tau[t] + d * pun[t] / (1 - d)
        else:
            deviation = tau[t] + d * (1 - d ** k) / (1 - d) * pun[t] + d ** (k + 1) * after
        row.append(values[t] - deviation)
    return row


# ---- exact polynomials in the discount factor (ascending coefficient lists of Fractions)


def _poly_add(a, b, scale=1):
    out = list(a) + [Fraction(0)] * max(0, len(b) - len(a))
    for j, c in enumerate(b):
        out[j] += scale * c
    return out


def _monomial(power, coefficient):
    return [Fraction(0)] * power + [Fraction(coefficient)]


def _scaled_value(g, t):
    """(1 - δ) V(t) as a polynomial: Σ_{s<m} g(t+s)(δ^s - δ^{s+1}) + g(T-1) δ^m."""
    last = len(g) - 1
    m = last - t
    poly = _monomial(m, g[last])
    for s in range(m):
        poly = _poly_add(poly, _poly_add(_monomial(s, g[t + s]), _monomial(s + 1, g[t + s]), -1))
    return poly


def _scaled_polynomial(g, tau, pun, t, k):
    """(1 - δ) · slack of one player at phase ``t``, exactly (floats at their binary value)."""
    g, tau, pun = ([Fraction(v) for v in row] for row in (g, tau, pun))
    value = _scaled_value(g, t)
    deviation = _poly_add(_monomial(0, tau[t]), _monomial(1, tau[t]), -1)
    if k is None:
        deviation = _poly_add(deviation, _monomial(1, pun[t]))
    else:
        deviation = _poly_add(deviation, _poly_add(_monomial(1, pun[t]),
                                                   _monomial(k + 1, pun[t]), -1))
        after = _scaled_value(g, min(t + 1, len(g) - 1))
        deviation = _poly_add(deviation, [Fraction(0)] * (k + 1) + after)
    poly = _poly_add(value, deviation, -1)
    while len(poly) > 1 and poly[-1] == 0:
        poly.pop()
    return poly


def _evaluate(poly, x):
    result = Fraction(0)
    for c in reversed(poly):
        result = result * x + c
    return result


class _Root:
    """A root in (0, 1): exact when rational; otherwise a root of an irreducible factor with
    an isolating interval ``[low, high]`` of rationals (refined on demand) and, on demand,
    its exact value as a sympy algebraic number."""

    def __init__(self, value=None, factor=None, index=None, low=None, high=None):
        self.factor, self.index = factor, index
        self._value = value
        self.low, self.high = (value, value) if value is not None else (low, high)

    @property
    def rational(self):
        return self.factor is None

    def refine(self):
        """Shrink the isolating interval a hundredfold."""
        if self.rational:
            return
        import sympy

        width = (self.high - self.low) / 100
        low, high = self.factor.refine_root(
            sympy.Rational(self.low.numerator, self.low.denominator),
            sympy.Rational(self.high.numerator, self.high.denominator),
            eps=sympy.Rational(width.numerator, width.denominator))
        self.low, self.high = _fraction(low), _fraction(high)

    @property
    def value(self):
        if self._value is None:
            import sympy

            self._value = sympy.CRootOf(self.factor, self.index, radicals=True)
        return self._value


def _fraction(rational):
    return Fraction(int(rational.p), int(rational.q))


@dataclass(frozen=True)
class _SolvedSet:
    intervals: tuple
    roots: tuple

    def root_of(self, value):
        return next((r for r in self.roots if r.value is value), None)


def _roots_in_unit_interval(polys):
    """The distinct roots in (0, 1) of the polynomials, sorted, with disjoint intervals.

    Linear polynomials are solved directly; others are factored over the rationals (sympy)
    and their irrational roots isolated exactly."""
    rational, factors = set(), []
    for p in polys:
        if len(p) == 2:
            rational.add(-p[0] / p[1])
        elif len(p) > 2:
            import sympy

            x = sympy.Symbol("delta")
            q = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(p)], x,
                           domain="QQ")
            for f, _ in q.factor_list()[1]:
                f = f.monic()
                if f.degree() == 1:
                    rational.add(-_fraction(f.all_coeffs()[1]))
                elif f not in factors:
                    factors.append(f)
    roots = [_Root(value=r) for r in rational if 0 < r < 1]
    for f in factors:
        for index, ((a, b), _) in enumerate(f.intervals()):
            root = _Root(factor=f, index=index, low=_fraction(a), high=_fraction(b))
            while root.low <= 0 < root.high or root.low < 1 <= root.high:
                root.refine()     # an irrational root is never 0 or 1
            if 0 < root.low and root.high < 1:
                roots.append(root)
    roots.sort(key=lambda r: r.low)
    overlap = True
    while overlap:             # distinct roots: refining separates their intervals
        overlap = False
        for left, right in pairwise(roots):
            if left.high >= right.low:
                overlap = True
                left.refine()
                right.refine()
        roots.sort(key=lambda r: r.low)
    return roots


def _solve_set(polys):
    """The δ in (0, 1) where every polynomial is >= 0, as intervals with exact endpoints."""
    roots = _roots_in_unit_interval(polys)
    points = [Fraction(0)] + [end for r in roots for end in (r.low, r.high)] + [Fraction(1)]
    gaps = [(points[2 * j] + points[2 * j + 1]) / 2 for j in range(len(roots) + 1)]
    gap_ok = [all(_evaluate(p, z) >= 0 for p in polys) for z in gaps]
    root_ok = []
    for j, r in enumerate(roots):
        if gap_ok[j] or gap_ok[j + 1]:
            root_ok.append(True)   # a limit of points where every constraint holds
        else:
            root_ok.append(all(_sign_at(p, r) >= 0 for p in polys))
    # pieces in order: gap 0, root 0, gap 1, root 1, ..., gap m
    pieces = []
    for j in range(len(roots) + 1):
        pieces.append(("gap", j, gap_ok[j]))
        if j < len(roots):
            pieces.append(("root", j, root_ok[j]))
    intervals, current = [], None
    for kind, j, ok in pieces:
        if ok and current is None:
            if kind == "gap":
                low = Fraction(0) if j == 0 else roots[j - 1].value
                current = [low, False]
            else:
                current = [roots[j].value, True]
        if not ok and current is not None:
            if kind == "root":
                intervals.append(DiscountInterval(current[0], roots[j].value, current[1],
                                                  False))
            else:  # an isolated root closes the interval at itself
                intervals.append(DiscountInterval(current[0], roots[j - 1].value, current[1],
                                                  True))
            current = None
    if current is not None:
        intervals.append(DiscountInterval(current[0], Fraction(1), current[1], False))
    return _SolvedSet(tuple(intervals), tuple(roots))


def _sign_at(poly, root):
    """The sign of ``poly`` at ``root``: 0 exactly when it vanishes there (the root's minimal
    polynomial divides it), else from the isolating interval refined until it decides."""
    if _vanishes(poly, root):
        return 0
    if root.rational:
        return 1 if _evaluate(poly, root.value) > 0 else -1
    slope = sum(abs(j * c) for j, c in enumerate(poly))   # bounds |poly'| on [0, 1]
    while True:
        middle = (root.low + root.high) / 2
        value = _evaluate(poly, middle)
        if abs(value) > slope * (root.high - root.low):
            return 1 if value > 0 else -1
        root.refine()


def _vanishes(poly, root):
    """Whether ``poly`` is zero at ``root``."""
    if root is None:
        return False
    if all(c == 0 for c in poly):
        return True
    if root.rational:
        return _evaluate(poly, root.value) == 0
    import sympy

    q = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(poly)],
                   root.factor.gens[0], domain="QQ")
    return q.rem(root.factor).is_zero


def _exact_number(value):
    if isinstance(value, Fraction):
        return value
    return exact_result(value)


def _float_number(value):
    return float(value)


@dataclass(frozen=True)
class DiscountInterval:
    """An interval of discount factors in (0, 1), with its end points exact when they can be."""

    low: object
    high: object
    closed_low: bool
    closed_high: bool

    def __contains__(self, delta):
        above = delta >= self.low if self.closed_low else delta > self.low
        below = delta <= self.high if self.closed_high else delta < self.high
        return bool(above and below)

    def converted(self, convert):
        return DiscountInterval(convert(self.low), convert(self.high), self.closed_low,
                                self.closed_high)

    def __str__(self):
        return (f"{'[' if self.closed_low else '('}{_show(self.low)}, {_show(self.high)}"
                f"{']' if self.closed_high else ')'}")


@dataclass(frozen=True)
class DiscountThreshold:
    r"""The discount factors at which a phased deal is self-enforcing.

    Attributes
    ----------
    threshold : Fraction, sympy number, float or None
        The smallest common discount factor δ* at which no player gains by reneging at any
        phase (the infimum; 0 when any patience will do); ``None`` when no δ in (0, 1) works.
    intervals : tuple of DiscountInterval
        Every common δ that works.
    per_player, per_player_intervals : tuple
        The same for each player's own constraints (players may discount differently).
    binding : tuple
        The constraints that hold with equality at δ*, as ``(player, phase)`` pairs.
    monotone : bool
        Whether the set is ``[δ*, 1)``: more patience never breaks the deal.
    """

    players: tuple
    punishment: str
    threshold: object
    intervals: tuple
    per_player: tuple
    per_player_intervals: tuple
    binding: tuple
    exact: bool

    @property
    def monotone(self):
        return len(self.intervals) == 1 and self.intervals[0].high == 1 and (
            self.intervals[0].closed_low or self.intervals[0].low == 0)

    def holds_at(self, discount):
        """Whether a common discount factor makes the deal self-enforcing."""
        return any(discount in iv for iv in self.intervals)

    def explain(self):
        if self.threshold is None:
            return (f"No discount factor makes this deal self-enforcing under "
                    f"{self.punishment}: at some phase a side always gains by reneging.")
        parts = ", ".join(f"{p} {_show(d) if d is not None else 'never'}"
                          for p, d in zip(self.players, self.per_player))
        where_ = (f" The binding temptation is {self._binding_text()}." if self.binding
                  else "")
        if self.monotone and self.threshold == 0:
            return (f"This deal is self-enforcing under {self.punishment} at every discount "
                    f"factor: no side ever gains by reneging.")
        if self.monotone and len(self.players) == 1:
            return (f"This deal is self-enforcing under {self.punishment} exactly when the "
                    f"discount factor is at least {_show(self.threshold)}.{where_}")
        if self.monotone:
            return (f"This deal is self-enforcing under {self.punishment} exactly when every "
                    f"side's discount factor is at least {_show(self.threshold)} (each side "
                    f"needs: {parts}).{where_}")
        spans = " or ".join(str(iv) for iv in self.intervals)
        return (f"This deal is self-enforcing under {self.punishment} only for discount factors "
                f"in {spans}: more patience can break it, because some phase pays less than "
                f"the punishment.{where_}")

    def _binding_text(self):
        return " and ".join(f"{p}'s at phase {t}" for p, t in self.binding)

    def to_dict(self):
        return {
            "players": list(self.players), "punishment": self.punishment,
            "threshold": _plain(self.threshold),
            "intervals": [str(iv) for iv in self.intervals],
            "per_player": [_plain(d) for d in self.per_player],
            "binding": [list(b) for b in self.binding], "monotone": self.monotone,
            "exact": self.exact,
        }

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("players", "threshold", "monotone"))


@dataclass(frozen=True)
class SelfEnforcement:
    """Whether a phased deal is self-enforcing at given discount factors, and by how much."""

    players: tuple
    discount: object
    punishment: str
    holds: object
    slack: object
    violations: tuple

    def explain(self):
        if isinstance(self.holds, np.ndarray):
            return (f"Self-enforcing under {self.punishment} wherever .holds is true over the "
                    "swept discount factors.")
        if self.holds:
            tight = np.unravel_index(np.argmin(np.asarray(self.slack, dtype=float)),
                                     self.slack.shape)
            return (f"The deal is self-enforcing under {self.punishment}: no side gains by "
                    f"reneging at any phase; the closest call is {self.players[tight[0]]} at "
                    f"phase {tight[1]} (slack {_show(self.slack[tight])}).")
        where_ = ", ".join(f"{p} at phase {t}" for p, t in self.violations)
        return (f"The deal is not self-enforcing under {self.punishment}: reneging pays for "
                f"{where_}.")

    def to_dict(self):
        return {"players": list(self.players), "discount": _plain(self.discount),
                "punishment": self.punishment, "holds": _plain(self.holds),
                "slack": _plain(self.slack), "violations": [list(v) for v in self.violations]}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("players", "discount", "holds"))


def critical_discount(payoffs, temptations, punishment_payoffs, *, punishment="grim",
                      players=None):
    r"""The smallest discount factor at which a phased deal is self-enforcing.

    Shorthand for ``PhasedDeal(payoffs, temptations, punishment_payoffs).critical_discount()``;
    see :class:`PhasedDeal` and :meth:`PhasedDeal.critical_discount`.

    Examples
    --------
    A repeated prisoner's dilemma (R = 3, T = 5, P = 1) under grim trigger:

    >>> critical_discount([[3]], [[5]], 1).threshold
    Fraction(1, 2)
    """
    deal = PhasedDeal(payoffs, temptations, punishment_payoffs, players=players)
    return deal.critical_discount(punishment)


def grim_trigger_threshold(reward, temptation, punishment):
    r"""Friedman's threshold :math:`\delta^* = \max\bigl((T - R)/(T - P), 0\bigr)` in closed form.

    For a stationary deal (reward :math:`R` per period, temptation :math:`T`, punishment
    :math:`P < T` forever after): cooperation is self-enforcing iff :math:`\delta \ge \delta^*`;
    a value of 1 or more means never.  Numbers, numpy arrays or sympy expressions.
    """
    reward = _checks.number("reward", reward)
    temptation = _checks.number("temptation", temptation)
    punishment = _checks.number("punishment", punishment)
    if not (_symbolic(temptation) or _symbolic(punishment)):
        gap = np.asarray(temptation, dtype=float) - np.asarray(punishment, dtype=float)
        if np.any(gap <= 0):
            raise ParameterError(f"temptation is {_show(temptation)}, but it must exceed the "
                                 f"punishment payoff ({_show(punishment)})")
    values = [reward, temptation, punishment]
    if any(isinstance(v, float | np.ndarray) for v in values):
        values = [float(v) if isinstance(v, Fraction) else v for v in values]
    reward, temptation, punishment = values
    ratio = (temptation - reward) / (temptation - punishment)
    return exact_result(maximum(ratio, 0 * ratio))


def self_enforcing_schedules(candidates, discount, *, punishment="grim"):
    """The candidate deals that are self-enforcing at ``discount``.

    ``candidates`` maps names to :class:`PhasedDeal` (or is a sequence of them, named by
    index).  Returns ``{name: SelfEnforcement}`` for those that hold, in the given order.
    """
    items = candidates.items() if isinstance(candidates, Mapping) else enumerate(candidates)
    found = {}
    for name, deal in items:
        if not isinstance(deal, PhasedDeal):
            raise ParameterError(f"candidate {name!r} is {type(deal).__name__}, but it must be a "
                                 "PhasedDeal")
        check = deal.is_self_enforcing(discount, punishment)
        if check.holds:
            found[name] = check
    return found


# ---- transfers


@dataclass(frozen=True)
class TransferConstraints:
    r"""The self-enforcing transfer schedules :math:`\{x : A x \le b,\ lower \le x \le upper\}`.

    Row ``r`` of ``A`` is the incentive constraint of ``labels[r] = (player, phase)``;
    ``x[t]`` is paid by ``payer`` to ``receiver`` in phase ``t`` (``x[T-1]`` every period of the
    steady state).  Exact (``Fraction`` object arrays) when the deal and discount are.
    """

    players: tuple
    payer: str
    receiver: str
    discount: object
    punishment: str
    A: object
    b: object
    labels: tuple
    lower: object
    upper: object
    exact: bool

    def contains(self, transfers):
        """Whether the schedule ``transfers`` (one entry per phase) is self-enforcing."""
        x = np.asarray(transfers, dtype=object if self.exact else float)
        if x.shape != (self.A.shape[1],):
            raise ParameterError(f"transfers has shape {x.shape}, but the deal has "
                                 f"{self.A.shape[1]} phases")
        if self.exact:
            x = np.array([Fraction(v) if not isinstance(v, float) else v for v in x],
                         dtype=object)
        ok = all(sum(a * v for a, v in zip(row, x)) <= bound for row, bound in zip(self.A, self.b))
        if self.lower is not None:
            ok = ok and all(v >= self.lower for v in x)
        if self.upper is not None:
            ok = ok and all(v <= self.upper for v in x)
        return bool(ok)

    def _linprog(self, objective):
        from scipy.optimize import linprog

        bounds = [(None if self.lower is None else float(self.lower),
                   None if self.upper is None else float(self.upper))] * self.A.shape[1]
        return linprog(objective, A_ub=np.asarray(self.A, dtype=float),
                       b_ub=np.asarray(self.b, dtype=float), bounds=bounds, method="highs")

    def witness(self):
        """A self-enforcing schedule (floats, from a linear program), or ``None``."""
        result = self._linprog(np.zeros(self.A.shape[1]))
        return result.x if result.status == 0 else None

    @property
    def is_empty(self):
        return self.witness() is None

    def range(self, phase):
        """``(min, max)`` of the transfer in ``phase`` over all self-enforcing schedules
        (floats; ``None`` for an unbounded side; ``None`` overall when there is none)."""
        ends = []
        for sign in (1, -1):
            objective = np.zeros(self.A.shape[1])
            objective[phase] = sign
            result = self._linprog(objective)
            if result.status == 2:
                return None
            ends.append(None if result.status == 3 else sign * result.fun)
        return tuple(ends)

    def explain(self):
        count = len(self.labels)
        if self.is_empty:
            return (f"No transfer schedule from {self.payer} to {self.receiver} makes this deal "
                    f"self-enforcing under {self.punishment} at these discount factors.")
        spans = []
        for t in range(self.A.shape[1]):
            span = self.range(t)
            low = "-inf" if span[0] is None else f"{span[0]:.4g}"
            high = "inf" if span[1] is None else f"{span[1]:.4g}"
            spans.append(f"phase {t}: {low} to {high}")
        return (f"Transfers from {self.payer} to {self.receiver} make the deal self-enforcing "
                f"under {self.punishment} exactly when they satisfy {count} linear incentive "
                f"constraints; each phase's transfer can range ({'; '.join(spans)}), but not "
                "independently.")

    def to_dict(self):
        return {"players": list(self.players), "payer": self.payer, "receiver": self.receiver,
                "discount": _plain(self.discount), "punishment": self.punishment,
                "A": _plain(self.A), "b": _plain(self.b),
                "labels": [list(label) for label in self.labels],
                "lower": _plain(self.lower), "upper": _plain(self.upper), "exact": self.exact}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("payer", "receiver", "discount", "lower", "upper"))


def feasible_transfers(deal, discount, *, payer, receiver, punishment="grim", lower=0,
                       upper=None, value=1, cost=1):
    r"""The transfer schedules that make a phased deal self-enforcing, as linear inequalities.

    The payer pays :math:`x_t` in phase :math:`t`: the receiver's payoffs
    :math:`g_r(t)` and :math:`\tau_r(t)` rise by ``value`` :math:`\cdot x_t` (a receiver that
    reneges in phase :math:`t` has been paid), the payer's :math:`g_p(t)` falls by
    ``cost`` :math:`\cdot x_t` (a payer that reneges does not pay).  Every slack is then affine,
    :math:`s(x) = s_0 + M x`, and the deal is self-enforcing iff :math:`-M x \le s_0`.

    Parameters
    ----------
    deal : PhasedDeal
    discount : number or list of numbers (one per player)
    payer, receiver : int or str
        Players by index or name.
    punishment : "grim" or int
    lower, upper : number or None
        Bounds on every transfer (default: non-negative, unbounded above).
    value, cost : number
        Worth of a unit of transfer to the receiver, cost to the payer.

    Returns
    -------
    TransferConstraints
    """
    if not isinstance(deal, PhasedDeal):
        raise ParameterError(f"deal is {type(deal).__name__}, but it must be a PhasedDeal")
    k = _punishment(punishment)
    p, r = (_player(deal, who, name) for who, name in ((payer, "payer"), (receiver, "receiver")))
    if p == r:
        raise ParameterError(f"payer and receiver are both {deal.players[p]}, but they must "
                             "differ")
    value = _checks.positive("value", value)
    cost = _checks.positive("cost", cost)
    ds, floats = deal._discounts(discount)
    if any(_symbolic(d) or isinstance(d, np.ndarray) for d in ds):
        raise ParameterError(f"discount is {discount!r}, but the transfer constraints need "
                             "numbers")
    exact = deal.exact and not floats and all(isinstance(v, Fraction) for v in (value, cost))
    kind = object if exact else float

    def typed(m):
        return m.astype(kind) if exact else np.asarray(m, dtype=float)

    g, tau, pun = (typed(m) for m in (deal._g, deal._tau, deal._pun))
    n, phases = g.shape
    base = _slack_matrix(g, tau, pun, ds, k)
    zero = np.zeros_like(g) if not exact else np.full(g.shape, Fraction(0), dtype=object)
    columns = []
    for s in range(phases):
        dg, dtau = zero.copy(), zero.copy()
        dg[r, s] = value
        dtau[r, s] = value
        dg[p, s] = -cost
        columns.append(_slack_matrix(dg, dtau, zero, ds, k).reshape(-1))
    M = np.stack(columns, axis=1)
    labels = tuple((deal.players[i], t) for i in range(n) for t in range(phases))
    lower = None if lower is None else _checks.number("lower", lower)
    upper = None if upper is None else _checks.number("upper", upper)
    return TransferConstraints(deal.players, deal.players[p], deal.players[r],
                               tuple(discount) if isinstance(discount, list) else discount,
                               _punishment_name(k), -M, base.reshape(-1), labels, lower, upper,
                               exact)


def _slack_matrix(g, tau, pun, ds, k):
    rows = [_slack_row(g[i], tau[i], pun[i], ds[i], k) for i in range(g.shape[0])]
    return np.array([[exact_result(v) for v in row] for row in rows],
                    dtype=object if g.dtype == object else float)


def _player(deal, who, name):
    if isinstance(who, str):
        if who not in deal.players:
            raise ParameterError(f"{name} is {who!r}, which is not one of the players "
                                 f"{deal.players}")
        return deal.players.index(who)
    if isinstance(who, int | np.integer) and 0 <= who < deal.n_players:
        return int(who)
    raise ParameterError(f"{name} is {who!r}, but it must be a player's name or index")

