r"""The US–DPRK model family built from a scenario: ``scenario.model``.

One scenario gives one family of models, all over the same named parameters:

* the **package space** (:class:`~negotiation.bargaining.PackageSpace`): every combination
  of the issues' levels, each side's utility additive over issues and measured from the
  status quo,

  .. math:: u_i(x) = d_i - f_i + B_i + \sum_k v_{ik}(x_k)

  (:math:`d_i` the no-deal payoff, the disagreement point; :math:`f_i` what any deal
  forfeits of it, such as the patron's aid that stops; :math:`B_i` the value of signing
  in itself, the US leader's legacy value), so that a package in which nobody concedes
  anything keeps the status quo less what a deal forfeits.  A side accepts only packages
  above its walk-away value :math:`\max(d_i, w_i)` (:math:`w_i` its outside option);
* alternating offers on the Pareto frontier of the packages' convex hull, with each
  side's discount factor and outside option;
* the crisis (war) model of Fearon (1995) with the patron's intervention;
* the commitment problem of a power shift (Powell 2006);
* the patron's payoff, for its choice of backing level.

The **channels of Russian backing** are switches: each channel owns some formulas (its
*slots*), and when a channel is off its slots are evaluated with the backing level at the
bottom of its range, "as if Russia gave nothing through this channel", while the other
channels keep the level of the scenario.  Loading has checked that the backing level
enters nowhere else (except the patron's own payoff).

Formulas are evaluated by walking their trees (:meth:`~.expressions.Formula.evaluate`):
exactly with :class:`~fractions.Fraction` when the parameters are exact and the formula is
rational, in floats otherwise, and over numpy arrays for sweeps.  Nothing is compiled or
executed; sympy is needed only for :meth:`CaseModel.symbolic`.
"""

import functools
import operator
from fractions import Fraction

import numpy as np

from .._ops import maximum
from ..errors import ParameterError, ScenarioError
from .expressions import _float


def _combine(op, values):
    """``values`` combined by ``op`` (add, mul), exactly unless one is an array: then
    the Fractions become floats, so that the arrays stay float (not object) arrays."""
    if any(isinstance(v, np.ndarray) for v in values):
        values = [_float(v) for v in values]
    return functools.reduce(op, values)


# ------------------------------------------------------------------ the model family

class CaseModel:
    """The model family of a scenario, at the scenario's values (see the module docstring).

    Methods take ``env``, a mapping of parameter names to values (default: the scenario's);
    :meth:`env` makes one with some values overridden (numbers or numpy arrays).
    """

    def __init__(self, scenario):
        from ..bargaining import Issue

        self.scenario = scenario
        self.us, self.dprk = scenario.bargainers
        self.players = (self.us, self.dprk)
        self.patron = scenario.patron
        self.level = scenario.settings.get("level")
        self.recognition = scenario.settings["recognition"]
        self.issue_names = tuple(scenario.issues)
        self.issues = tuple(Issue(name, spec["side"], tuple(spec["levels"]))
                            for name, spec in scenario.issues.items())
        self.intensities = {name: tuple(spec["levels"].values())
                            for name, spec in scenario.issues.items()}
        self.slots = scenario.slots
        self._levels = None

    # -- environments ---------------------------------------------------------------
    def env(self, overrides=None, floats=False):
        """Parameter values: the scenario's, with ``overrides`` (a dict) applied."""
        env = dict(self.scenario.values)
        if overrides:
            env.update(overrides)
        if floats or any(isinstance(v, np.ndarray) for v in env.values()):
            env = {k: (v if isinstance(v, np.ndarray) else float(v)) for k, v in env.items()}
        return env

    def off_level(self):
        """The backing level "as if none": the bottom of its range."""
        return self.scenario.parameters[self.level].range[0]

    def value(self, path, env=None, default=None):
        """The value of the formula at ``path`` (a tuple), honouring the channel switches."""
        slot = self.slots.get(tuple(path))
        if slot is None:
            return default
        env = self.env() if env is None else env
        if slot.channel is not None and self.level is not None and \
                not self.scenario.channels.get(slot.channel, True):
            off = self.off_level()
            env = {**env, self.level: off if isinstance(env[self.level], Fraction)
                   else float(off)}
        result = slot.evaluate(env)
        if result is None:
            raise ScenarioError(f"{self.scenario.file}, line {slot.line}, {slot.field}: the "
                                "formula has no finite value at these parameter values")
        return result

    # -- the bargaining model ------------------------------------------------------------
    def base(self, actor, env=None):
        """What a package in which nobody concedes anything is worth to ``actor``:
        ``no_deal − forfeit + deal`` (the zero point of the package space)."""
        env = self.env() if env is None else env
        path = ("utilities", actor)
        parts = [self.value((*path, "no_deal"), env, Fraction(0)),
                 -self.value((*path, "forfeit"), env, Fraction(0)),
                 self.value((*path, "deal"), env, Fraction(0))]
        return _combine(operator.add, parts)

    def issue_values(self, actor, env=None):
        """``{issue: [value at each level]}`` for ``actor`` (zeros where it has none); the
        actor's :meth:`base` is added to the first issue's levels, so that every package
        carries it once."""
        env = self.env() if env is None else env
        floats = any(isinstance(v, (float, np.ndarray)) for v in env.values())
        with_level = dict(env)
        out = {}
        for name in self.issue_names:
            path = ("utilities", actor, "issues", name)
            if path in self.slots:
                row = []
                for x in self.intensities[name]:
                    with_level["level"] = float(x) if floats else x
                    row.append(self.value(path, with_level))
            else:
                row = [self.value((*path, label), env, Fraction(0))
                       for label in self.scenario.issues[name]["levels"]]
            out[name] = row
        bonus = self.base(actor, env)
        first = self.issue_names[0]
        out[first] = [_combine(operator.add, (v, bonus)) for v in out[first]]
        return out

    def disagreement(self, env=None):
        """The no-deal payoffs ``(d_US, d_DPRK)``."""
        return tuple(self.value(("utilities", a, "no_deal"), env) for a in self.players)

    def outside_options(self, env=None):
        """Each bargainer's outside option when responding, ``None`` where it has none."""
        return tuple(self.value(("bargaining", "outside_options", a), env) for a in self.players)

    def discount(self, env=None):
        """Each bargainer's discount factor per round."""
        return tuple(self.value(("bargaining", "discount", a), env) for a in self.players)

    def compliance_discount(self, env=None):
        """Each bargainer's discount factor for keeping a deal (``compliance.discount``), or
        ``None`` when the scenario gives none."""
        if ("compliance", "discount", self.us) not in self.slots:
            return None
        return tuple(self.value(("compliance", "discount", a), env) for a in self.players)

    def walk_away(self, env=None):
        """What each side has without a deal: the better of its no-deal payoff and its
        outside option."""
        d, w = self.disagreement(env), self.outside_options(env)
        return tuple(d_i if w_i is None else maximum(d_i, w_i) for d_i, w_i in zip(d, w))

    def package_space(self, env=None):
        """The :class:`~negotiation.bargaining.PackageSpace` at ``env``: gains measured from
        the no-deal payoffs, only packages above each side's walk-away value acceptable."""
        from ..bargaining import PackageSpace

        env = self.env() if env is None else env
        values = {a: self.issue_values(a, env) for a in self.players}
        return PackageSpace(self.issues, values, self.disagreement(env), players=self.players,
                            walk_away=self.walk_away(env))

    def package(self, row):
        """The package with level indices ``row`` as ``{issue: level}``."""
        return {i.name: i.levels[int(k)] for i, k in zip(self.issues, row)}

    def levels(self):
        """Every package as level indices, in the package space's order (cached)."""
        if self._levels is None:
            self._levels = self.package_space().levels()
        return self._levels

    def utilities(self, env=None, actor=None):
        """Float utilities of every package (one array per bargainer, or ``actor``'s)."""
        env = self.env(floats=True) if env is None else env
        out = [self._package_values(a, env) for a in (self.players if actor is None
                                                       else (actor,))]
        return tuple(out) if actor is None else out[0]

    def _package_values(self, actor, env):
        """``actor``'s utility of every package, summed issue by issue in the order of
        :meth:`levels` (the product of the issues' levels, the last issue fastest) by
        outer sums."""
        values = self.issue_values(actor, env)
        u = np.zeros(1)
        for name in self.issue_names:
            u = (u[:, None] + np.asarray([float(v) for v in values[name]])).reshape(-1)
        return u

    def recognition_mask(self):
        """Which packages include recognition (a level above the first)."""
        k = self.issue_names.index(self.recognition)
        return self.levels()[:, k] > 0

    # -- deal schedules ------------------------------------------------------------------
    def steps(self, agreement, env=None):
        r"""The steps of an agreement, for the schedule engine
        (:class:`~negotiation.bargaining.Step`).

        ``agreement`` is a package ``{issue: level}`` or a lottery ``((package, weight),
        ...)``.  Each issue conceded (at a level above its first) is one step, given by the
        issue's ``side`` and worth per period to each bargainer :math:`i` the change its
        level brings, :math:`v_{ik}(x_k) - v_{ik}(\text{first level})` (in a lottery, the
        expected change); an issue with ``step.tranches`` :math:`n > 1` gives :math:`n`
        equal steps ``issue.1``, ..., ``issue.n``.  Its nature and duration are the issue's
        ``step`` (reversible, one phase, by default).
        """
        from ..bargaining import Step
        from .loading import step_names

        env = self.env() if env is None else env
        lottery = agreement if isinstance(agreement, tuple) else ((agreement, 1),)
        values = {a: self.issue_values(a, env) for a in self.players}
        words = self.scenario.labels
        out = []
        for issue in self.issue_names:
            first = next(iter(self.scenario.issues[issue]["levels"]))
            conceded = [(p[issue], w) for p, w in lottery if p.get(issue, first) != first]
            if not conceded:
                continue
            spec = self.scenario.settings["steps"][issue]
            index = {level: k for k, level in enumerate(self.scenario.issues[issue]["levels"])}
            worth = {a: sum((w * (values[a][issue][index[level]] - values[a][issue][0])
                             for level, w in conceded), Fraction(0)) for a in self.players}
            names = step_names(issue, spec["tranches"])
            label = words.level(issue, conceded[0][0]) if len(conceded) == 1 else \
                words.issue(issue)
            for k, name in enumerate(names, 1):
                out.append(Step(name, self.scenario.issues[issue]["side"],
                                {a: v / len(names) for a, v in worth.items()},
                                reversible=spec["reversible"], duration=spec["duration"],
                                label=label if len(names) == 1 else
                                f"{label} (tranche {k} of {len(names)})"))
        return tuple(out)

    def schedule_problem(self, agreement, env=None, verification=None, discount=None):
        r"""The :class:`~negotiation.bargaining.ScheduleProblem` of keeping ``agreement``
        (see :meth:`steps`).

        Each bargainer's ``base`` is the utility of the package in which nobody concedes
        anything (:math:`d_i - f_i + B_i` plus the issues' first levels), its walk-away
        value :meth:`walk_away`, its discount factor :meth:`keeping_discount` and the
        reversal risk ``schedule.reversal`` (0 without a ``schedule`` section).
        ``verification`` names a level of the ``verification`` section (default: the
        first, least intrusive): the verified side's violations are caught with the
        level's detection probability per period and it pays the level's cost per period
        while the deal runs (taken off its base); the other side's acts are public
        (detection 1).  Without a ``verification`` section every violation is caught at
        once (grim trigger).  ``discount`` overrides some bargainers' discount factors
        (``{actor: value}``).
        """
        from ..bargaining import ScheduleProblem

        env = self.env() if env is None else env
        none = {i.name: i.levels[0] for i in self.issues}
        base = dict(zip(self.players, self._utility_of(none, env)))
        detection = dict.fromkeys(self.players, Fraction(1))
        side = self.scenario.settings["verification"]
        if side is not None:
            levels = tuple(side["levels"])
            level = levels[0] if verification is None else verification
            if level not in side["levels"]:
                raise ScenarioError(f"{level!r} is not a verification level of "
                                    f"{self.scenario.name}; its levels are {', '.join(levels)}")
            path = ("verification", "levels", level)
            detection[side["side"]] = self.value((*path, "detection"), env)
            cost = self.value((*path, "cost"), env, Fraction(0))
            base[side["side"]] = _combine(operator.sub, (base[side["side"]], cost))
        elif verification is not None:
            raise ScenarioError(f"{self.scenario.name} has no verification section, so it has "
                                f"no level {verification!r}")
        delta = {**dict(zip(self.players, self.keeping_discount(env)[0])), **(discount or {})}
        return ScheduleProblem(self.players, self.steps(agreement, env), base,
                               dict(zip(self.players, self.walk_away(env))), delta,
                               reversal=self.reversal(env), detection=detection)

    def keeping_discount(self, env=None):
        """Each bargainer's discount factor for keeping a deal, and where it comes from:
        ``schedule.discount`` (time preference alone: the reversal risk is counted on its
        own), else ``compliance.discount`` (which folds the reversal risk in), else the
        bargaining discount factors; ``(factors, "schedule" | "compliance" |
        "bargaining")``."""
        if ("schedule", "discount", self.us) in self.slots:
            return tuple(self.value(("schedule", "discount", a), env)
                         for a in self.players), "schedule"
        given = self.compliance_discount(env)
        if given is not None:
            return given, "compliance"
        return self.discount(env), "bargaining"

    def reversal(self, env=None):
        """The per-period probability that a deal is ended from outside
        (``schedule.reversal``; 0 when the scenario gives none)."""
        return self.value(("schedule", "reversal"), env, Fraction(0))

    def verification_levels(self):
        """The verification levels ``{name: label}`` in order, and the verified side, or
        ``({}, None)``."""
        side = self.scenario.settings["verification"]
        return (dict(side["levels"]), side["side"]) if side else ({}, None)

    def _utility_of(self, package, env):
        """Each bargainer's exact utility of ``package`` ({issue: level})."""
        out = []
        for actor in self.players:
            values = self.issue_values(actor, env)
            out.append(sum((values[i.name][i.levels.index(package[i.name])]
                            for i in self.issues), Fraction(0)))
        return tuple(out)

    # -- the other models ----------------------------------------------------------------
    def war(self, env=None):
        """The crisis model: ``(p, cost_US, (low, high), q)``: the proposer's chance of
        prevailing with the patron's intervention probability ``q`` folded in, its cost of
        war, and the range of the responder's private cost."""
        if ("war", "intervention") not in self.slots:
            return None
        q = self.value(("war", "intervention"), env)
        alone = self.value(("war", "win", "alone"), env)
        with_patron = self.value(("war", "win", "with_patron"), env)
        p = q * with_patron + (1 - q) * alone
        cost_us = self.value(("war", "cost", self.us), env)
        if ("war", "cost", self.dprk, "low") in self.slots:
            low = self.value(("war", "cost", self.dprk, "low"), env)
            high = self.value(("war", "cost", self.dprk, "high"), env)
        else:
            low = high = self.value(("war", "cost", self.dprk), env)
        return p, cost_us, (low, high), q

    def power_shift(self, env=None):
        """``(p_now, p_next, δ, cost_US, cost_DPRK)`` of the power shift, or None."""
        if ("power_shift", "now") not in self.slots:
            return None
        return tuple(self.value(("power_shift", *k), env) for k in (
            ("now",), ("next",), ("discount",), ("cost", self.us), ("cost", self.dprk)))

    def disarmament(self, env=None):
        if ("disarmament", "keep") not in self.slots:
            return None
        return tuple(self.value(("disarmament", k), env, Fraction(1)) for k in (
            "keep", "after", "discount", "compensation"))

    def resolve(self, env=None):
        """The range ``(low, high)`` of the shift of the responder's walk-away value."""
        if ("uncertainty", "resolve", "low") not in self.slots:
            return None
        return tuple(self.value(("uncertainty", "resolve", k), env) for k in ("low", "high"))

    def patron_payoffs(self, env=None):
        """The patron's payoff from each package (an array) and from no deal."""
        if self.patron is None or ("utilities", self.patron, "no_deal") not in self.slots:
            return None
        env = self.env(floats=True) if env is None else env
        return (self._package_values(self.patron, env),
                float(self.value(("utilities", self.patron, "no_deal"), env)))

    # -- symbolic ------------------------------------------------------------------------
    def symbolic(self):
        """The model's formulas as sympy expressions over the parameters.

        Returns a dict: ``utilities`` (each actor's utility of a package, with one symbol
        per issue standing for the intensity agreed on it, from its no-deal payoff less
        what a deal forfeits plus its deal value), ``deal``, ``no_deal``,
        ``outside_options``, ``discount``; ``war`` (the proposer's chance of prevailing
        with intervention folded in, and the risk–return demand and probability of war
        in closed form); ``power_shift`` (Powell's margin: war iff it is positive);
        ``nash`` (the Nash solution on the frontier edge where the scenario's agreement
        lies: the responder's utility in closed form, valid while that edge is chosen).
        The channel switches are applied (a switched-off channel's formulas have the
        backing level at the bottom of its range).
        """
        import sympy

        from ..bargaining.crisis import optimal_demand_uniform

        def expr(path):
            slot = self.slots.get(tuple(path))
            if slot is None:
                return None
            e = slot.expr
            if slot.channel and self.level and not self.scenario.channels.get(slot.channel):
                e = e.xreplace({sympy.Symbol(self.level, real=True):
                                _rational(self.off_level())})
            return e

        level = sympy.Symbol("level", real=True)
        out = {"utilities": {}, "deal": {}, "no_deal": {}, "outside_options": {},
               "discount": {}}
        actors = [*self.players] + ([self.patron] if self.patron else [])
        for actor in actors:
            total = sympy.Integer(0)
            for name in self.issue_names:
                x = sympy.Symbol(name, real=True)
                path = ("utilities", actor, "issues", name)
                if path in self.slots:
                    total += expr(path).xreplace({level: x})
                else:
                    pieces = [(expr((*path, label)) or 0, sympy.Eq(x, _rational(v)))
                              for label, v in self.scenario.issues[name]["levels"].items()
                              if (*path, label) in self.slots]
                    if pieces:
                        total += sympy.Piecewise(*pieces, (0, True))
            out["deal"][actor] = expr(("utilities", actor, "deal")) or sympy.Integer(0)
            out["no_deal"][actor] = expr(("utilities", actor, "no_deal"))
            forfeit = expr(("utilities", actor, "forfeit")) or sympy.Integer(0)
            out["utilities"][actor] = total + (out["no_deal"][actor] or 0) - forfeit + \
                out["deal"][actor]
        for actor in self.players:
            out["outside_options"][actor] = expr(("bargaining", "outside_options", actor))
            out["discount"][actor] = expr(("bargaining", "discount", actor))
        if ("war", "intervention") in self.slots:
            q = expr(("war", "intervention"))
            p = q * expr(("war", "win", "with_patron")) + (1 - q) * expr(("war", "win", "alone"))
            cost = expr(("war", "cost", self.us))
            low = expr(("war", "cost", self.dprk, "low")) or expr(("war", "cost", self.dprk))
            high = expr(("war", "cost", self.dprk, "high")) or low
            war = {"win": p}
            try:
                demand = optimal_demand_uniform(p, cost, low, high, issue_max=None)
                war.update(demand=demand.demand, war_probability=demand.war_probability)
            except Exception:
                pass
            out["war"] = war
        if ("power_shift", "now") in self.slots:
            now, nxt, delta = (expr(("power_shift", k)) for k in ("now", "next", "discount"))
            c_us, c_k = expr(("power_shift", "cost", self.us)), expr(("power_shift", "cost",
                                                                       self.dprk))
            out["power_shift"] = {"margin": delta * nxt - now - c_us - delta * c_k}
        nash = self._symbolic_nash(out)
        if nash is not None:
            out["nash"] = nash
        return out

    def _symbolic_nash(self, forms):
        """The Nash solution on the hull edge of the current agreement, in closed form."""
        import sympy

        from ..bargaining import BargainingProblem

        space = self.package_space()
        frontier = space.pareto()
        points = [space.exact_utilities(r) for r in space.levels()[frontier]]
        try:
            problem = BargainingProblem.from_points(points, disagreement=space.disagreement,
                                                    players=self.players)
        except ParameterError:
            return None
        solution = problem.nash(outside="empty")
        if bool(solution.empty):
            return None
        ends = [frontier[k] for k, _ in solution.lottery]
        if len(ends) != 2:
            ends = ends * 2
        rows = [space.levels()[k] for k in ends]
        utility = []
        for actor in self.players:
            u = forms["utilities"][actor]
            utility.append([u.xreplace({sympy.Symbol(n, real=True): _rational(
                self.intensities[n][int(row[j])]) for j, n in enumerate(self.issue_names)})
                for row in rows])
        (a1, b1), (a2, b2) = utility  # US at the two ends, DPRK at the two ends
        d1, d2 = forms["no_deal"][self.us], forms["no_deal"][self.dprk]
        if sympy.simplify(b2 - a2) == 0:
            return {"share": a2, "packages": [space.package(r) for r in rows]}
        slope = (b1 - a1) / (b2 - a2)           # dU/dK along the edge (negative)
        alpha = a1 - slope * a2                # u_US = alpha + slope * u_K
        share = sympy.simplify(d2 / 2 + (alpha - d1) / (-2 * slope))
        return {"share": share, "us": sympy.simplify(alpha + slope * share),
                "packages": [dict(space.package(r)) for r in rows]}


def _rational(value):
    import sympy

    value = Fraction(value)
    return sympy.Rational(value.numerator, value.denominator)
