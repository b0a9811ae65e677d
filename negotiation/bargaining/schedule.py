r"""Deal schedules: which order and timing of steps lets a deal hold.

A package is a set of **steps**, each given by one side and worth :math:`v_i(s)` per period to
every player :math:`i` while in force.  A step is *reversible* (a flow its giver can withdraw:
sanctions relief with snap-back, suspended exercises, a freeze) or *irreversible* (a stock:
a dismantled reactor, material shipped out, formal recognition); it takes ``duration``
:math:`d_s \ge 1` phases of work, so it cannot be in force before phase :math:`d_s - 1`.  A
**schedule** puts each step in force from a phase :math:`0, \dots, T-1`; :math:`S(t)` is the set
in force in phase :math:`t` and the last phase repeats forever.

**Complying.**  Player :math:`i` gets :math:`g_i(t) = b_i + \sum_{s \in S(t)} v_i(s)` per period
(:math:`b_i` the deal's base payoff).  On breakdown in phase :math:`t` reversible steps are
withdrawn and irreversible ones stay: :math:`P_i(t) = a_i + \sum_{s \in S(t),\ s \text{
irreversible}} v_i(s)` per period forever (:math:`a_i` the walk-away value), worth
:math:`X_i(t) = P_i(t)/(1-\delta_i)`.  With probability :math:`r` per period the deal is ended from
outside (a successor government, a legislature), so

.. math:: V_i(t) = g_i(t) + \delta_i\bigl[(1-r) V_i(t+1) + r X_i(t)\bigr], \qquad
          V_i(T-1) = \frac{g_i(T-1) + \delta_i r X_i(T-1)}{1 - \delta_i (1 - r)}.

**Cheating.**  The cheapest cheat of :math:`i` begun in phase :math:`c` keeps in force those of its
own steps it values (:math:`v_i(s) \ge 0`) and its irreversible steps already in force, and
withholds or withdraws the rest; the others go on with the schedule until the violation is
caught, with probability :math:`p_i` per period (*detection*), or the deal ends anyway; so it
ends with probability :math:`q_i = r + (1 - r) p_i` per period.  With :math:`\tau_i^c(t)` and
:math:`X_i^c(t)` the per-period payoff and the breakdown value of what is in force during the
cheat, and the option to stop pretending and walk away at any time,

.. math:: C_i^c(t) = \tau_i^c(t) + \delta_i\Bigl[X_i^c(t)
          + (1 - q_i)\max\bigl(C_i^c(t+1) - X_i^c(t),\ 0\bigr)\Bigr],

in the steady state :math:`C = (\tau + \delta q X)/(1 - \delta + \delta q)` if
:math:`\tau > (1-\delta)X` and :math:`C = \tau + \delta X` otherwise.  Walking away openly at
phase :math:`c` is worth :math:`W_i(c) = X_i(c-1)` (:math:`X_i(-1) = a_i/(1-\delta_i)`).  The
incentive constraint of :math:`i` at phase :math:`t` is

.. math:: \text{slack}_i(t) = V_i(t) - \max\bigl(C_i^t(t),\ W_i(t)\bigr) \;\ge\; 0,

so a side that would rather leave than comply fails its constraint too.  The last phase stands
for every period of the steady state, so its deviation is the better of one begun in its first
period (its steps still due) and one begun later (its steps in force, the irreversible ones
sunk).  The schedule is *self-enforcing* when every slack is non-negative (the one-shot
deviation principle; the punishment is a return to the no-deal state, a stage-game equilibrium:
Friedman 1971).  With :math:`p_i = 1`, :math:`r = 0` and every step reversible the constraints
are those of :class:`~negotiation.bargaining.repeated.PhasedDeal` under grim trigger.

**Laws** (proved here, property-tested).  (1) *Detection*: :math:`C` falls as :math:`q` rises
(in the steady state :math:`\partial C/\partial q = \delta(P - \tau)/(1-\delta+\delta q)^2 < 0`
when :math:`\tau > P`, and the recursion is monotone), so raising :math:`p_i` never shrinks the
self-enforcing set.  (2) *Irreversibility cuts both ways*.  Making step :math:`s`, in force from
phase :math:`\sigma`, irreversible adds :math:`v_i(s)/(1-\delta_i)` to every breakdown value
from :math:`\sigma` on; compliance at phase :math:`t` gains
:math:`\delta_i r v_i(s) (\delta_i(1-r))^{\max(\sigma-t, 0)} / ((1-\delta_i)(1-\delta_i(1-r)))`,
through the reversals that leave :math:`s` sunk.

* Its giver :math:`j` (:math:`v_j(s) \le 0`) is committed: at phases :math:`t > \sigma` no
  deviation can take :math:`s` back, every deviation path loses :math:`|v_j(s)|` per period,
  and the slack rises by exactly :math:`|v_j(s)|/(1 - \delta_j + \delta_j r)`.  At phases
  :math:`t \le \sigma` a deviation withholds :math:`s` anyway, so the slack falls by the
  compliance loss above (zero when :math:`r = 0`); at :math:`t = \sigma = T-1` the later
  deviation gains, so the change lies between the two.  Irreversibility never shrinks the set
  satisfying the giver's constraints **when** :math:`r = 0`; with :math:`r > 0` it never does
  at phases after :math:`\sigma` and can before.
* Each receiver :math:`i` (:math:`v_i(s) \ge 0`) is armed: a deviation after :math:`\sigma`
  keeps :math:`s` through the breakdown, and it ends sooner than compliance (hazard at least
  :math:`q_i \ge r` per period, or at once by walking away), so it gains at least as much
  from the sunk step: the slack never rises at phases :math:`t > \sigma`.  At phases
  :math:`t \le \sigma` with :math:`r > 0` a deviation that ends before :math:`s` arrives gains
  nothing from it while compliance gains insurance against reversal, so the slack can rise.
  Irreversibility never enlarges the set satisfying the receivers' constraints **when**
  :math:`r = 0`; with :math:`r > 0` it never does at phases after :math:`\sigma`.

Hence the claim that irreversibility never enlarges the self-enforcing set is false: it
relaxes the giver's temptation to take a step back and can turn a failing schedule into one
that holds (``tests/bargaining/test_schedule.py`` keeps the smallest example).

**Transfers.**  A third party pays player :math:`k` an amount :math:`x_k(t) \ge 0` at the end of
each phase in which no violation by :math:`k` was detected (so an undetected cheater is paid,
with probability :math:`1 - p_k`).  Every :math:`V`, :math:`\tau`, :math:`X` and :math:`W` is affine
in :math:`x`, and :math:`C^c(c)` is the largest value of the cheat's stopping plans (walk away
after period :math:`s = c, \dots, T-1`, or never), each affine in :math:`x`: asking compliance to
beat every plan linearises the max exactly, without auxiliary variables.  Payments only help
their receiver (they raise compliance more than any cheat, :math:`1-p_k \le 1` and
:math:`q_k \ge r`), so the feasible payments are closed upwards.  The cheapest schedule of
payments is a linear program, solved exactly (:func:`negotiation._lp.solve_exact`: the
simplex method in fractions for programs this small; with float inputs, the float program's
exact optimum rounded once); the point is checked exactly.

**Enumeration.**  With :math:`S` steps and at most :math:`T` phases there are :math:`T^S`
assignments (at most :data:`MAX_SCHEDULES` are screened); they are screened in floats over
numpy arrays and every schedule reported is checked again exactly (a few milliseconds each);
:meth:`ScheduleProblem.best` checks exactly only the schedules that could be the best.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of Economic
Studies* 38(1), 1–12.  Abreu, D. (1988). On the theory of infinitely repeated games with
discounting. *Econometrica* 56(2), 383–396.  Fearon, J. D. (1995). Rationalist explanations for
war. *International Organization* 49(3), 379–414.  Powell, R. (2006). War as a commitment
problem. *International Organization* 60(1), 169–203.  Kydd, A. (2000). Trust, reassurance, and
cooperation. *International Organization* 54(2), 325–357.  Coe, A. J. & Vaynman, J. (2020). Why
arms control is so rare. *American Political Science Review* 114(2), 342–355.
"""

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Integral

import numpy as np

from .. import _checks
from .._lp import solve_exact
from .._numbers import format_number, number_text
from ..errors import ParameterError, SolverError

__all__ = ["MAX_SCHEDULES", "Schedule", "ScheduleCheck", "ScheduleProblem", "Step",
           "TransferPlan"]

#: Most schedules (assignments of steps to phases) that :meth:`ScheduleProblem.schedules`
#: and the searches built on it enumerate.
MAX_SCHEDULES = 2_000_000
_CHUNK = 20_000
#: Relative rounding allowance of float problems: a slack above ``-_TOLERANCE * scale`` holds.
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Step:
    """A step of a deal: given by ``side``, worth ``values[player]`` per period while in force.

    Parameters
    ----------
    name : str
        Unique within a problem.
    side : str
        The player who gives (takes) the step.
    values : mapping player -> number
        Per-period value to each player while the step is in force (missing players: 0).
    reversible : bool
        True for a flow its giver can withdraw, False for a stock that stays.
    duration : int
        Phases of work (>= 1): the step cannot be in force before phase ``duration - 1``.
    label : str, optional
        Text for explanations (default: the name).
    """

    name: str
    side: str
    values: Mapping = field(default_factory=dict, hash=False)
    reversible: bool = True
    duration: int = 1
    label: str | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise ParameterError(f"a step's name is {self.name!r}, but it must be a non-empty "
                                 "string")
        if not isinstance(self.reversible, bool | np.bool_):
            raise ParameterError(f"reversible of step {self.name!r} is {self.reversible!r}, "
                                 "but it must be True or False")
        if not isinstance(self.duration, Integral) or isinstance(self.duration, bool) \
                or self.duration < 1:
            raise ParameterError(f"duration of step {self.name!r} is {self.duration!r}, but it "
                                 "must be a whole number of phases of at least 1")
        if not isinstance(self.values, Mapping):
            raise ParameterError(f"values of step {self.name!r} is "
                                 f"{type(self.values).__name__}, but it must map players to "
                                 "numbers")

    @property
    def text(self):
        return self.label or self.name


@dataclass(frozen=True)
class Schedule:
    """When each step comes into force: ``phases[t]`` holds the names of the steps that start
    in phase ``t`` (and stay in force after it); the last phase repeats forever."""

    phases: tuple

    def __post_init__(self):
        if isinstance(self.phases, str) or not isinstance(self.phases, tuple | list):
            raise ParameterError(f"a schedule is {self.phases!r}, but it must be a sequence of "
                                 "phases, each a sequence of step names")
        phases = []
        for t, phase in enumerate(self.phases):
            phase = (phase,) if isinstance(phase, str) else phase
            if not isinstance(phase, tuple | list) or \
                    not all(isinstance(name, str) for name in phase):
                raise ParameterError(f"phase {t} of the schedule is {phase!r}, but it must be a "
                                     "sequence of step names")
            phases.append(tuple(phase))
        phases = tuple(phases)
        if not phases:
            raise ParameterError("a schedule needs at least one phase")
        names = [name for phase in phases for name in phase]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ParameterError(f"step {twice[0]!r} appears in more than one place of the "
                                 "schedule")
        object.__setattr__(self, "phases", phases)

    @classmethod
    def from_phase_of(cls, phase_of):
        """The schedule putting each step ``name`` in force from phase ``phase_of[name]``."""
        last = max(phase_of.values(), default=0)
        return cls(tuple(tuple(n for n, t in phase_of.items() if t == k)
                         for k in range(last + 1)))

    @property
    def n_phases(self):
        return len(self.phases)

    def phase_of(self, name):
        """The phase from which step ``name`` is in force."""
        for t, phase in enumerate(self.phases):
            if name in phase:
                return t
        raise ParameterError(f"step {name!r} is not in this schedule")

    def in_force(self, phase):
        """The names of the steps in force in ``phase``."""
        return tuple(n for p in self.phases[:phase + 1] for n in p)

    def __str__(self):
        return " | ".join(", ".join(p) or "—" for p in self.phases)


def _plain(value):
    if isinstance(value, Fraction | float | int) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _show(value):
    return number_text(value) if isinstance(value, Fraction) else f"{float(value):.4g}"


@dataclass(frozen=True)
class ScheduleCheck:
    """Whether a schedule is self-enforcing, and by how much at each phase.

    ``values[p][t]`` is :math:`V_p(t)`, ``cheat[p][t]`` the best deviation
    :math:`\\max(C_p^t(t), W_p(t))`, ``slack[p][t]`` their difference; ``first_broken`` the
    earliest ``(player, phase)`` with negative slack, or ``None``; ``walks[p][t]`` whether that
    best deviation is to walk away openly rather than to cheat; ``transfers`` the third-party
    payments included (``None`` if none).  Exact (``Fraction``) when the problem is.
    """

    schedule: Schedule
    players: tuple
    slack: dict
    values: dict
    cheat: dict
    self_enforcing: bool
    first_broken: tuple | None
    exact: bool
    walks: dict | None = None
    steps: tuple = ()
    transfers: dict | None = None

    @property
    def least_slack(self):
        """The smallest slack over all players and phases."""
        return min(min(row) for row in self.slack.values())

    @property
    def closest(self):
        """``(player, phase)`` of the least slack."""
        return min(((p, t) for p in self.players for t in range(self.schedule.n_phases)),
                   key=lambda pt: self.slack[pt[0]][pt[1]])

    def order(self, labels=None):
        """The schedule in words: which steps go first, which follow."""
        labels = labels or {}
        text = {s.name: labels.get(s.name, s.text) for s in self.steps}
        side = {s.name: labels.get(s.side, s.side) for s in self.steps}
        parts = []
        last = self.schedule.n_phases - 1
        for t, phase in enumerate(self.schedule.phases):
            if not phase:
                continue
            what = " and ".join(f"{text.get(n, n)} ({side[n]})" if n in side else n
                                for n in phase)
            if last == 0:
                parts.append(f"all at once: {what}")
            elif t == 0:
                parts.append(f"{what} first")
            else:
                parts.append(f"{what} in phase {t}")
        return "; ".join(parts) if parts else "no steps"

    def explain(self, labels=None):
        """One sentence: the order of steps and whether, and where, the schedule breaks.

        ``labels`` maps step or player names to the text to show.
        """
        labels = labels or {}
        order = self.order(labels)
        order = order[:1].upper() + order[1:]
        paid = ""
        if self.transfers:
            paid = " with the third-party payments"
        if self.self_enforcing:
            who, t = self.closest
            return (f"{order}: this schedule holds{paid}; no side gains by reneging at any "
                    f"phase (the closest call is {labels.get(who, who)} at phase {t}, slack "
                    f"{_show(self.slack[who][t])}).")
        who, t = self.first_broken
        how = "walking away" if self.walks and self.walks[who][t] else "reneging"
        return (f"{order}: this schedule does not hold{paid}; {labels.get(who, who)} gains by "
                f"{how} at phase {t} first (by {_show(-self.slack[who][t])}).")

    def to_dict(self):
        return {"schedule": [list(p) for p in self.schedule.phases],
                "players": list(self.players), "slack": _plain(self.slack),
                "values": _plain(self.values), "cheat": _plain(self.cheat),
                "self_enforcing": self.self_enforcing,
                "first_broken": None if self.first_broken is None else list(self.first_broken),
                "exact": self.exact, "walks": self.walks, "transfers": _plain(self.transfers)}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self, skip=("steps", "schedule"))   # explain() gives the order

    def __repr__(self):
        return (f"<ScheduleCheck: {self.schedule}, "
                f"{'holds' if self.self_enforcing else 'broken at ' + str(self.first_broken)}>")


@dataclass(frozen=True)
class TransferPlan:
    """The cheapest third-party payments that make a schedule self-enforcing.

    ``transfers[p][t]`` is paid to ``p`` at the end of phase ``t`` (the last phase's amount
    every period from then on) unless a violation by ``p`` was detected in that phase;
    ``cost`` is the payer's discounted total (``payer_discount``).  ``feasible`` is False when
    no payments to ``receivers`` help (then ``transfers`` and ``cost`` are ``None`` and
    ``check`` shows the schedule without payments).  ``verified``: the payments were checked
    (exactly when ``exact``) to make every constraint hold.
    """

    schedule: Schedule
    receivers: tuple
    transfers: dict | None
    cost: object
    payer_discount: object
    feasible: bool
    exact: bool
    verified: bool
    check: ScheduleCheck

    def explain(self, labels=None):
        labels = labels or {}
        if not self.feasible:
            who = ", ".join(labels.get(r, r) for r in self.receivers)
            return (f"No payments to {who} make this schedule self-enforcing: "
                    f"{self.check.explain(labels)}")
        paid = []
        for p, row in self.transfers.items():
            parts = [f"{_show(x)} in phase {t}" for t, x in enumerate(row[:-1]) if x != 0]
            if row[-1] != 0:
                parts.append(f"{_show(row[-1])} per period from phase {len(row) - 1} on")
            if parts:
                paid.append(f"{labels.get(p, p)} {', '.join(parts)}")
        if not paid:
            return ("This schedule is self-enforcing without payments: "
                    f"{self.check.explain(labels)}")
        order = self.check.order(labels)
        return (f"{order[:1].upper() + order[1:]}: the cheapest third-party payments that make "
                f"this schedule self-enforcing pay {'; '.join(paid)}, a discounted cost of "
                f"{_show(self.cost)} to the payer.")

    def to_dict(self):
        return {"schedule": [list(p) for p in self.schedule.phases],
                "receivers": list(self.receivers), "transfers": _plain(self.transfers),
                "cost": _plain(self.cost), "payer_discount": _plain(self.payer_discount),
                "feasible": self.feasible, "exact": self.exact, "verified": self.verified,
                "check": self.check.to_dict()}

    def _repr_html_(self):
        from ..display import result_html

        return result_html(self, skip=("check", "schedule"))   # explain() gives the order


class ScheduleProblem:
    r"""Which schedules of a package's steps are self-enforcing (see the module's model).

    Parameters
    ----------
    players : sequence of str
    steps : sequence of Step
    base : mapping player -> number, or sequence
        Per-period payoff while the deal runs, before any step.
    walk_away : mapping player -> number, or sequence
        Per-period payoff after a breakdown, before the irreversible steps that stay.
    discount : number or mapping player -> number
        Discount factors, in (0, 1).
    reversal : number
        Per-period probability that the deal is ended from outside, in [0, 1].
    detection : number or mapping player -> number
        Per-period probability that a violation by each player is caught, in [0, 1].

    Numbers are exact (``Fraction``) when every input is exact, floats otherwise.
    """

    def __init__(self, players, steps, base, walk_away, discount, reversal=0, detection=1):
        self._inputs = dict(players=players, steps=steps, base=base, walk_away=walk_away,
                            discount=discount, reversal=reversal, detection=detection)
        if isinstance(players, str):
            players = (players,)
        players = tuple(players)
        if not players or any(not isinstance(p, str) or not p for p in players):
            raise ParameterError(f"players is {players!r}, but it must be a non-empty sequence "
                                 "of names")
        if len(set(players)) != len(players):
            raise ParameterError(f"players {players!r} repeat a name")
        self.players = players
        steps = tuple(steps)
        for s in steps:
            if not isinstance(s, Step):
                raise ParameterError(f"a step is {type(s).__name__}, but it must be a Step")
        names = [s.name for s in steps]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ParameterError(f"two steps are named {twice[0]!r}, but names must be unique")
        for s in steps:
            if s.side not in players:
                raise ParameterError(f"step {s.name!r} has side {s.side!r}, which is not one of "
                                     f"the players {players}")
            for p in s.values:
                if p not in players:
                    raise ParameterError(f"step {s.name!r} gives a value to {p!r}, which is not "
                                         f"one of the players {players}")
        self.steps = steps
        raw = {
            "base": self._per_player("base", base, _checks.number),
            "walk_away": self._per_player("walk_away", walk_away, _checks.number),
            "discount": self._per_player("discount", discount, _checks.discount),
            "detection": self._per_player("detection", detection, _checks.probability),
            "reversal": [_checks.probability("reversal", reversal)],
            "values": [_checks.number(f"value of step {s.name!r} to {p}", s.values.get(p, 0))
                       for s in steps for p in players],
        }
        exact = all(isinstance(v, Fraction) for vs in raw.values() for v in vs)
        kind = Fraction if exact else float
        n, S = len(players), len(steps)
        typed = {k: np.array([kind(v) for v in vs], dtype=object if exact else float)
                 for k, vs in raw.items()}
        self._numbers = _Numbers(
            base=typed["base"], walk=typed["walk_away"], delta=typed["discount"],
            detection=typed["detection"], reversal=typed["reversal"][0],
            values=typed["values"].reshape(S, n).T.copy(),
            side=np.array([players.index(s.side) for s in steps], dtype=int),
            irreversible=np.array([not s.reversible for s in steps], dtype=bool),
            exact=exact)
        self._earliest = np.array([s.duration - 1 for s in steps], dtype=int)

    @property
    def exact(self):
        """Whether every number is exact (then results are Fractions)."""
        return self._numbers.exact

    def _per_player(self, name, value, check):
        if isinstance(value, Mapping):
            unknown = [p for p in value if p not in self.players]
            if unknown:
                raise ParameterError(f"{name} names {unknown[0]!r}, which is not one of the "
                                     f"players {self.players}")
            missing = [p for p in self.players if p not in value]
            if missing:
                raise ParameterError(f"{name} has no value for {missing[0]!r}")
            values = [value[p] for p in self.players]
        elif isinstance(value, list | tuple | np.ndarray):
            if len(value) != len(self.players):
                raise ParameterError(f"{name} has {len(value)} entries, but there are "
                                     f"{len(self.players)} players")
            values = list(value)
        else:
            values = [value] * len(self.players)
        out = []
        for p, v in zip(self.players, values):
            checked = check(f"{name} of {p}", v)
            if not isinstance(checked, Fraction | float):
                raise ParameterError(f"{name} of {p} is {v!r}, but it must be a number")
            out.append(checked)
        return out

    def replace(self, **changes):
        """The same problem with some arguments changed, e.g. ``replace(reversal=0.25)`` in a
        sweep over reversal risk or detection."""
        unknown = sorted(set(changes) - set(self._inputs))
        if unknown:
            raise ParameterError(f"replace got {unknown[0]!r}, which is not an argument of "
                                 f"ScheduleProblem ({', '.join(self._inputs)})")
        return ScheduleProblem(**{**self._inputs, **changes})

    def __repr__(self):
        return (f"<ScheduleProblem: {len(self.players)} players, {len(self.steps)} steps, "
                f"{'exact' if self.exact else 'floats'}>")

    @property
    def discount(self):
        return dict(zip(self.players, self._numbers.delta))

    @property
    def detection(self):
        return dict(zip(self.players, self._numbers.detection))

    @property
    def reversal(self):
        return self._numbers.reversal

    # ---- one schedule

    def _phase_array(self, schedule):
        if not isinstance(schedule, Schedule):
            schedule = Schedule(schedule)
        names = {s.name for s in self.steps}
        for phase in schedule.phases:
            for name in phase:
                if name not in names:
                    raise ParameterError(f"the schedule names step {name!r}, which is not one "
                                         "of the problem's steps")
        ph = np.empty(len(self.steps), dtype=int)
        for k, s in enumerate(self.steps):
            t = schedule.phase_of(s.name)
            if t < s.duration - 1:
                raise ParameterError(f"step {s.name!r} takes {s.duration} phases, so it cannot "
                                     f"be in force before phase {s.duration - 1}, but the "
                                     f"schedule puts it in phase {t}")
            ph[k] = t
        return schedule, ph

    def _transfer_array(self, transfers, T):
        x = _zeros(self._numbers, T)
        if not transfers:
            return x, False
        exact = True
        for p, row in transfers.items():
            if p not in self.players:
                raise ParameterError(f"transfers name {p!r}, which is not one of the players "
                                     f"{self.players}")
            row = list(row)
            if len(row) != T:
                raise ParameterError(f"transfers to {p} have {len(row)} entries, but the "
                                     f"schedule has {T} phases")
            for t, v in enumerate(row):
                v = _checks.nonnegative(f"transfer to {p} in phase {t}", v)
                exact = exact and isinstance(v, Fraction)
                x[self.players.index(p), t] = v if self.exact else float(v)
        if self.exact and not exact:
            raise ParameterError("transfers must be exact numbers when the problem is exact")
        return x, True

    def check(self, schedule, transfers=None):
        """Check one schedule: a :class:`ScheduleCheck` (exact when the problem is; with
        floats a slack above -1e-9 times the largest value counts as met, for rounding).

        ``transfers`` optionally maps players to third-party payments per phase (see
        :class:`TransferPlan`).
        """
        schedule, ph = self._phase_array(schedule)
        x, paid = self._transfer_array(transfers, schedule.n_phases)
        V, D, walks = _evaluate(self._numbers, ph[None, :], schedule.n_phases, x)
        return self._result(schedule, V[0], D[0], walks[0], x if paid else None)

    def _result(self, schedule, V, D, walks, x=None):
        """The :class:`ScheduleCheck` of values ``V`` and deviations ``D`` (n, T)."""
        slack = V - D
        tolerance = 0 if self.exact else _TOLERANCE * (1 + np.abs(np.stack([V, D])).max())
        broken = [(t, i) for t in range(schedule.n_phases) for i in range(len(self.players))
                  if slack[i, t] < -tolerance]
        first = None
        if broken:
            t, i = min(broken)
            first = (self.players[i], t)

        def rows(a):
            return {p: tuple(a[i]) for i, p in enumerate(self.players)}

        return ScheduleCheck(
            schedule=schedule, players=self.players, slack=rows(slack), values=rows(V),
            cheat=rows(D), self_enforcing=not broken, first_broken=first, exact=self.exact,
            walks={p: tuple(bool(w) for w in walks[i]) for i, p in enumerate(self.players)},
            steps=self.steps, transfers=None if x is None else rows(x))

    # ---- every schedule

    def _assignments(self, max_phases):
        """Arrays of phases (N, S), one block per number of phases T (the last one used)."""
        if not isinstance(max_phases, Integral) or isinstance(max_phases, bool) \
                or max_phases < 1:
            raise ParameterError(f"max_phases is {max_phases!r}, but it must be a whole number "
                                 "of at least 1")
        S = len(self.steps)
        if max_phases ** S > MAX_SCHEDULES:
            raise ParameterError(f"{S} steps over up to {max_phases} phases give "
                                 f"{max_phases ** S:,} schedules, more than the "
                                 f"{MAX_SCHEDULES:,} this search enumerates; use fewer steps or "
                                 "phases")
        for T in range(1, max_phases + 1):
            if S == 0:
                if T == 1:
                    yield T, np.zeros((1, 0), dtype=int)
                continue
            low = self._earliest
            if np.any(low > T - 1):
                continue
            sizes = T - low
            total = int(np.prod(sizes))
            for start in range(0, total, _CHUNK):
                index = np.arange(start, min(start + _CHUNK, total))
                ph = np.empty((len(index), S), dtype=int)
                for k in range(S - 1, -1, -1):
                    index, digit = np.divmod(index, sizes[k])
                    ph[:, k] = low[k] + digit
                ph = ph[ph.max(axis=1) == T - 1] if T > 1 else ph
                if len(ph):
                    yield T, ph

    def _schedule(self, ph, T):
        phases = [[] for _ in range(T)]
        for step, t in zip(self.steps, ph.tolist()):
            phases[t].append(step.name)
        schedule = object.__new__(Schedule)     # valid by construction: skip the checks
        object.__setattr__(schedule, "phases", tuple(map(tuple, phases)))
        return schedule

    def schedules(self, max_phases=3):
        """Every admissible schedule of at most ``max_phases`` phases (durations respected,
        the last phase not empty), fewest phases first."""
        return [self._schedule(row, T) for T, ph in self._assignments(max_phases) for row in ph]

    def _screened(self, max_phases):
        """``(T, survivors, least)`` per block of assignments: the schedules whose float
        slacks all pass (within rounding) and their float least slack."""
        screen = self._numbers.floats()
        for T, ph in self._assignments(max_phases):
            V, D, _ = _evaluate(screen, ph, T, np.zeros((len(self.players), T)))
            least = (V - D).min(axis=(1, 2))
            scale = 1 + np.maximum(np.abs(V), np.abs(D)).max(axis=(1, 2))
            keep = least >= -2 * _TOLERANCE * scale
            if keep.any():
                yield T, ph[keep], least[keep], scale[keep]

    def _verified(self, T, rows):
        """The :class:`ScheduleCheck` of each schedule in ``rows``, exactly (one batch)."""
        V, D, walks = _evaluate(self._numbers, rows, T, _zeros(self._numbers, T))
        return [self._result(self._schedule(row, T), v, d, w)
                for row, v, d, w in zip(rows, V, D, walks)]

    def self_enforcing(self, max_phases=3):
        """Every self-enforcing schedule of at most ``max_phases`` phases, as
        :class:`ScheduleCheck` (fewest phases first): screened in floats, each checked again
        exactly."""
        return [check for T, rows, _, _ in self._screened(max_phases)
                for check in self._verified(T, rows) if check.self_enforcing]

    def best(self, max_phases=3):
        """The self-enforcing schedule with the fewest phases and, among those, the largest
        least slack (a :class:`ScheduleCheck`, checked exactly), or ``None`` when none holds.

        Only the candidates whose float least slack could match the best are checked
        exactly, so this is much faster than :meth:`self_enforcing` on large searches.
        """
        group = []
        for block in self._screened(max_phases):
            if group and block[0] != group[0][0]:
                best = self._best_of(group)
                if best is not None:
                    return best
                group = []
            group.append(block)
        return self._best_of(group) if group else None

    def _best_of(self, blocks):
        """The best exact check among candidate blocks of one number of phases, or None."""
        T = blocks[0][0]
        rows = np.concatenate([b[1] for b in blocks])
        least = np.concatenate([b[2] for b in blocks])
        margin = 4 * _TOLERANCE * np.concatenate([b[3] for b in blocks])
        best = None
        for k in np.argsort(-least, kind="stable"):
            if best is not None and least[k] + margin[k] < float(best.least_slack):
                break
            (check,) = self._verified(T, rows[k:k + 1])
            if check.self_enforcing and (best is None or check.least_slack > best.least_slack):
                best = check
        return best

    # ---- transfers

    def minimal_transfer(self, schedule, receivers=None, payer_discount=None):
        r"""The cheapest third-party payments that make ``schedule`` self-enforcing.

        Parameters
        ----------
        schedule : Schedule or sequence of phases
        receivers : sequence of str, optional
            The players who may be paid (default: every player).
        payer_discount : number, optional
            The payer's discount factor for the cost (default: the players' common discount
            factor; required when they differ).

        Returns
        -------
        TransferPlan
            The payments minimise :math:`\sum_k \sum_{t<T-1} \beta^t x_k(t) + \beta^{T-1}
            x_k(T-1)/(1-\beta)`: a linear program solved exactly (in floats when the
            problem is) and checked.
        """
        schedule, ph = self._phase_array(schedule)
        T = schedule.n_phases
        receivers = self.players if receivers is None else tuple(
            [receivers] if isinstance(receivers, str) else receivers)
        for p in receivers:
            if p not in self.players:
                raise ParameterError(f"receiver {p!r} is not one of the players {self.players}")
        if not receivers:
            raise ParameterError("receivers is empty, but at least one player must be paid")
        if payer_discount is None:
            if len(set(self._numbers.delta.tolist())) != 1:
                raise ParameterError("payer_discount is missing, and the players' discount "
                                     "factors differ, so there is no default")
            beta = self._numbers.delta[0]
        else:
            beta = _checks.discount("payer_discount", payer_discount)
            beta = beta if self.exact and isinstance(beta, Fraction) else float(beta)
        plan = _transfer_lp(self._numbers, ph, T,
                            [self.players.index(p) for p in receivers], beta)
        if plan is None:
            return TransferPlan(schedule, receivers, None, None, beta, False, self.exact, True,
                                self.check(schedule))
        transfers, cost = dict(zip(receivers, plan[0])), plan[1]
        if any(x < 0 for row in transfers.values() for x in row):
            raise SolverError("the linear program's optimum could not be made exact: a "
                              "payment came out negative")
        check = self.check(schedule, transfers)
        if not check.self_enforcing:
            raise SolverError("the payments found by the linear program do not make the "
                              f"schedule self-enforcing: {check.explain()}")
        return TransferPlan(schedule, receivers, transfers, cost, beta, True, self.exact,
                            True, check)


# ---- the model over arrays of schedules


@dataclass(frozen=True)
class _Numbers:
    """A problem's numbers: per player (n,), per player and step (n, S), per step (S,); in
    object arrays of Fractions when exact, float arrays otherwise."""

    base: np.ndarray
    walk: np.ndarray
    delta: np.ndarray
    detection: np.ndarray
    reversal: object
    values: np.ndarray
    side: np.ndarray
    irreversible: np.ndarray
    exact: bool

    def floats(self):
        """The same numbers as floats (for the vectorised screen)."""
        return dataclasses.replace(
            self, base=self.base.astype(float), walk=self.walk.astype(float),
            delta=self.delta.astype(float), detection=self.detection.astype(float),
            reversal=float(self.reversal), values=self.values.astype(float), exact=False)


def _evaluate(m, ph, T, x):
    """``(V, D, walks)`` of shape (N, n, T) for the schedules ``ph`` (N, S) of ``T`` phases
    and the transfers ``x`` (n, T): compliance values, best deviation values (floats or
    Fractions, as the problem's numbers) and whether that deviation is to walk away openly.
    The last phase stands for every period of the steady state: its deviation is the better
    of one begun in its first period and one begun later."""
    V, tau, Xc, W = _pieces(m, ph, T, x)
    C = _cheat_values(m, tau, Xc)
    walks = W > C
    D = np.where(walks, W, C)
    later = D[..., T] > D[..., T - 1]
    D[..., T - 1] = np.where(later, D[..., T], D[..., T - 1])
    walks[..., T - 1] = np.where(later, walks[..., T], walks[..., T - 1])
    return V, D[..., :T], walks[..., :T]


def _pieces(m, ph, T, x):
    """The affine pieces of the model: compliance values V (N, n, T); for cheats begun at
    phase c = 0, ..., T (T: once the last phase's steps are in force), per-period payoffs
    and breakdown values tau, Xc (N, n, c, t) for t < T (the last repeats); walk-away W
    (N, n, c).

    Every piece is a sum over the steps in force, so it is read off each schedule's running
    totals by phase (:func:`_running`): a step is in force at period t when its phase is at
    most t, and, during a cheat begun at c, the cheater still has her own irreversible steps
    that she would withhold (``lost``) only when they came before c, that is by period
    min(t, c - 1)."""
    N = ph.shape[0]
    n = len(m.base)
    kind = object if m.exact else float
    V = np.empty((N, n, T), dtype=kind)
    W = np.empty((N, n, T + 1), dtype=kind)
    tau, Xc = (np.empty((N, n, T + 1, T), dtype=kind) for _ in range(2))
    upto = ph[:, None, :] < np.arange(T + 1)[:, None]                   # (N, k, S): by k - 1
    both = np.minimum(np.arange(1, T + 1)[None, :], np.arange(T + 1)[:, None])  # (c, t)
    r = m.reversal
    paid = bool(np.any(x != 0))
    for i in range(n):
        d, p = m.delta[i], m.detection[i]
        v = m.values[i]
        sunk = np.where(m.irreversible, v, 0 * v)
        own = m.side == i
        keeps = ~own | (v >= 0)        # during a cheat: the others' steps, own steps i values
        lost = own & m.irreversible & ~keeps
        totals, (base, walk), finish = _running(
            m, upto, (v, sunk, v * keeps, v * lost, sunk * keeps, sunk * lost),
            (m.base[i], m.walk[i]))
        all_v, all_sunk, kept_v, lost_v, kept_sunk, lost_sunk = totals
        per_period = 1 / (1 - d)
        g = finish(base + all_v[:, 1:], 1) + x[i][None, :]
        X = finish(walk + all_sunk[:, 1:], per_period)
        V[:, i, T - 1] = (g[:, T - 1] + d * r * X[:, T - 1]) / (1 - d * (1 - r))
        for k in range(T - 2, -1, -1):
            V[:, i, k] = g[:, k] + d * ((1 - r) * V[:, i, k + 1] + r * X[:, k])
        W[:, i, :] = finish(walk + all_sunk, per_period)
        tau[:, i] = finish(base + kept_v[:, None, 1:] + lost_v[:, both], 1)
        if paid:
            tau[:, i] += (1 - p) * x[i][None, None, :]
        Xc[:, i] = finish(walk + kept_sunk[:, None, 1:] + lost_sunk[:, both], per_period)
    return V, tau, Xc, W


def _zeros(m, T):
    """No payments: (n, T) zeros of the numbers' kind."""
    if m.exact:
        return np.full((len(m.base), T), Fraction(0), dtype=object)
    return np.zeros((len(m.base), T))


def _running(m, upto, vectors, offsets):
    """Each schedule's running totals ``sum_s w_s [phase_s < k]`` (N, k) of each vector
    ``w`` (S,) (``upto`` (N, k, S): whether step s comes before period k) and the
    ``offsets``, in one unit, with ``finish(sums, scale)`` giving ``sums * scale`` as
    numbers of the problem's kind.  For Fractions the unit is the common denominator, so
    the sums are exact in integers (machine integers while they cannot overflow) and each
    entry becomes one Fraction at the end."""
    S = upto.shape[-1]

    def totals(weights, kind):  # einsum's own loops: BLAS threads cost more than they give
        w = np.array(weights, dtype=kind).reshape(len(weights), S)
        return np.einsum("nks,vs->vnk", upto.astype(kind), w)

    if not m.exact:
        return (totals(vectors, float), tuple(map(float, offsets)),
                lambda total, scale: total * scale)
    offsets = tuple(map(Fraction, offsets))
    unit = math.lcm(*(x.denominator for x in offsets),
                    *(Fraction(x).denominator for w in vectors for x in w))
    ints = [[int(Fraction(x) * unit) for x in w] for w in vectors]
    tops = tuple(int(x * unit) for x in offsets)
    small = sum(abs(x) for w in ints for x in w) + sum(map(abs, tops)) < 2 ** 62

    def finish(total, scale):
        scale = Fraction(scale)
        top, bottom = scale.numerator, unit * scale.denominator
        flat = [Fraction(int(v) * top, bottom) for v in np.asarray(total).reshape(-1)]
        return np.array(flat, dtype=object).reshape(np.shape(total))

    return totals(ints, np.int64 if small else object), tops, finish


def _cheat_values(m, tau, Xc):
    """:math:`C^c(c)` (N, n, c) from the recursion with the walk-away option (module
    docstring); for c = T, the steady state's value."""
    N, n, starts, T = tau.shape
    r = m.reversal
    C = np.empty((N, n, starts), dtype=tau.dtype)
    for i in range(n):
        d = m.delta[i]
        q = r + (1 - r) * m.detection[i]
        go_on, caught = d * (1 - q), d * q
        ts, xs = tau[:, i, :, T - 1], Xc[:, i, :, T - 1]                # (N, c)
        gains = ts > (1 - d) * xs
        value = np.where(gains, (ts + caught * xs) / (1 - go_on), ts + d * xs)
        C[:, i, T - 1:] = value[:, T - 1:]
        for t in range(T - 2, -1, -1):     # only cheats begun by phase t matter
            x = Xc[:, i, :t + 1, t]
            stop = tau[:, i, :t + 1, t] + d * x
            more = value[:, :t + 1] - x
            value = np.where(more > 0, stop + go_on * more, stop)
            C[:, i, t] = value[:, t]
    return C


def _stopping_values(tau, X, c, T, d, q):
    """The value of each plan of a cheat begun at ``c``: walk away after period ``s``
    (s = c, ..., T-1) or never; :math:`C^c(c)` is their maximum (an optimal stopping problem
    whose only chance event ends it).  Linear in ``(tau, X)``: used for the transfer LP and as
    a check of the recursion."""
    plans = []
    running = 0 * tau[c]
    factor = 1 + 0 * d
    for s in range(c, T):
        plans.append(running + factor * (tau[s] + d * X[s]))
        running = running + factor * (tau[s] + d * q * X[s])
        factor = factor * d * (1 - q)
    last = T - 1    # never: the steady state's stream until caught
    plans.append(running + factor * (tau[last] + d * q * X[last]) / (1 - d * (1 - q)))
    return plans


def _transfer_lp(m, ph, T, receivers, beta):
    """The cheapest payments (a tuple per receiver, by index; the cost) or ``None`` when there
    are none.

    The variables are ``x_k(t)`` for each receiver and phase.  Every piece of the model is
    affine in x, so its coefficients are the differences of the model at unit payments
    (exact).  The max in the cheat value is linearised by asking compliance to beat every
    stopping plan of the cheat (:func:`_stopping_values`), an exact epigraph of the recursion
    without auxiliary variables."""
    n = len(m.base)
    zero = _zeros(m, T)
    base = [a[0] for a in _pieces(m, ph[None, :], T, zero)]
    xs = [(k, t) for k in receivers for t in range(T)]
    columns = []
    for i, t in xs:
        unit = zero.copy()
        unit[i, t] = 1
        columns.append([a[0] - b for a, b in zip(_pieces(m, ph[None, :], T, unit), base)])
    rows, right = [], []
    for i in range(n):
        d = m.delta[i]
        q = m.reversal + (1 - m.reversal) * m.detection[i]
        for c in range(T + 1):
            start = min(c, T - 1)
            v_coef = [col[0][i, start] for col in columns]
            deviations = [([col[3][i, c] for col in columns], base[3][i, c])]
            plans = [_stopping_values(col[1][i, c], col[2][i, c], start, T, d, q)
                     for col in columns]
            constants = _stopping_values(base[1][i, c], base[2][i, c], start, T, d, q)
            deviations += [([plan[k] for plan in plans], constants[k])
                           for k in range(len(constants))]
            for coef, constant in deviations:     # deviation(x) <= V(x)
                rows.append([a - b for a, b in zip(coef, v_coef)])
                right.append(base[0][i, start] - constant)
    weights = [beta ** t if t < T - 1 else beta ** t / (1 - beta) for _, t in xs]
    solved = solve_exact([-w for w in weights], rows, right)
    if solved is None:
        return None
    cost, z = -solved[0], solved[1]
    if not m.exact:  # the float program's exact optimum, rounded once
        cost, z = float(cost), [float(v) for v in z]
    return [tuple(z[k * T:(k + 1) * T]) for k in range(len(receivers))], cost
