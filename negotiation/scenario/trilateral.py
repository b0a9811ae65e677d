r"""The case as a three-player game: Russia's backing, the US offer, the DPRK's stance.

The three leaders commit to positions before seeing one another's: **Russia** withholds
or keeps its backing (the scenario's level, against none), the **US** offers the
*tough* package or the *generous* one or makes *no offer* (keeps the status quo), and
the **DPRK** *settles* (accepts either package) or *holds firm* (accepts only the
generous one).  The two packages are the
scenario's: each is the package best for the US among those the DPRK accepts (its
utility at least its walk-away value, the better of no deal and its outside option)
at one backing level — the tough one without Russian backing, the generous one with
it.  A deal gives each side its utility of the package at Russia's level; no deal its
no-deal payoff (the DPRK: its walk-away value), all exact from the scenario's formulas.

Its Nash equilibria (all, mixed ones included: :mod:`~negotiation.equilibria.nplayer_support`)
and its logit QRE branch (:mod:`~negotiation.equilibria.qre`) answer "how much must the
leaders err before the deal prediction changes?": the *modal outcome* of a profile is the
most likely of a deal on the tough package, a deal on the generous one, and no deal;
:attr:`TrilateralAnalysis.critical_precision` is the logit precision below which the
QRE's modal outcome differs from that of the equilibrium the branch selects (found on the
traced branch and refined by bisection on :func:`~negotiation.equilibria.qre.logit_at`).

References: McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria for
normal form games. *Games and Economic Behavior* 10, 6–38; Yuen, A. (2009). Target
concessions in the shadow of intervention. *Journal of Conflict Resolution* 53(5).
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._numbers import format_number
from ..errors import ScenarioError

#: The outcomes a profile leads to, in the order of :func:`outcome_probabilities`.
OUTCOMES = ("deal on the tough package", "deal on the generous package", "no deal")
OFFERS = ("tough", "generous", "no offer")
STANCES = ("settle", "hold firm")


def _exact_values(model, actor, env, rows):
    """Every package's exact utility to ``actor`` (the sum of its issue values)."""
    values = model.issue_values(actor, env)
    return [sum((Fraction(values[name][int(r[k])]) for k, name in enumerate(model.issue_names)),
                Fraction(0)) for r in rows]


def _best_acceptable(model, env, rows, us):
    """The package best for the US among those the DPRK accepts at ``env``."""
    dprk = _exact_values(model, model.dprk, env, rows)
    walk = Fraction(model.walk_away(env)[1])
    acceptable = [k for k in range(len(rows)) if dprk[k] >= walk]
    if not acceptable:
        raise ScenarioError(f"{model.scenario.name}: no package is acceptable to "
                            f"{model.dprk} at backing level {env[model.level]}")
    return max(acceptable, key=lambda k: (us[k], dprk[k]))


def trilateral_game(scenario, levels=None):
    """The three-player strategic form of the case (see the module notes), exact.

    ``levels`` are Russia's two backing levels (default: the bottom of the backing
    parameter's range and the scenario's value).

    Returns
    -------
    NormalFormGame, dict
        The game (players patron, proposer, responder) and the two packages
        ``{"tough": {issue: level}, "generous": {...}}``.
    """
    from ..games import NormalFormGame

    model = scenario.model
    if model.patron is None or model.level is None:
        raise ScenarioError(f"{scenario.name}: the three-player game needs a patron and a "
                            "backing level (the scenario's backing section)")
    env = model.env()
    rows = model.levels()
    us = _exact_values(model, model.us, env, rows)
    if levels is None:
        levels = (model.off_level(), env[model.level])
    levels = tuple(Fraction(v) for v in levels)
    if len(levels) != 2 or levels[0] >= levels[1]:
        shown = ", ".join(format_number(v) for v in levels)
        raise ScenarioError(f"{scenario.name}: the three-player game needs two backing levels "
                            f"of {model.patron}, the lower first, not ({shown}) (by default "
                            "the bottom of the range and the scenario's level)")
    envs = [{**env, model.level: level} for level in levels]
    packages = [_best_acceptable(model, e, rows, us) for e in envs]
    payoffs = np.empty((3, 2, 3, 2), dtype=object)
    for r, e in enumerate(envs):
        dprk = _exact_values(model, model.dprk, e, rows)
        russia = _exact_values(model, model.patron, e, rows)
        no_deal = (Fraction(model.value(("utilities", model.patron, "no_deal"), e)),
                   Fraction(model.disagreement(e)[0]), Fraction(model.walk_away(e)[1]))
        payoffs[:, r, 2, :] = np.array(no_deal, dtype=object)[:, None]
        for o, k in enumerate(packages):
            for s in range(2):
                deal = s == 0 or o == 1
                payoffs[:, r, o, s] = (russia[k], us[k], dprk[k]) if deal else no_deal
    game = NormalFormGame(payoffs, players=(model.patron, model.us, model.dprk),
                          actions=(("withhold", "back"), OFFERS, STANCES),
                          title=f"{scenario.name}: backing, offer and stance")
    return game, {"tough": model.package(rows[packages[0]]),
                  "generous": model.package(rows[packages[1]])}


def outcome_probabilities(profile):
    """``(P(deal on tough), P(deal on generous), P(no deal))`` under a mixed profile
    ``(Russia's, the US's, the DPRK's)``: a deal when the US makes an offer, unless the
    DPRK holds firm against the tough one."""
    _, offer, stance = profile
    tough = offer[0] * stance[0]
    generous = offer[1]
    return (tough, generous, offer[0] * stance[1] + offer[2])


def modal_outcome(profile):
    """The most likely outcome of a profile (the first of equally likely ones)."""
    p = outcome_probabilities(profile)
    return OUTCOMES[max(range(3), key=lambda k: (p[k], -k))]


@dataclass(frozen=True)
class TrilateralAnalysis:
    """The three-player game of a scenario, its equilibria and its logit QRE curve.

    ``equilibria`` is the exact :class:`~negotiation.equilibria.result.EquilibriumSet`
    (``varieties`` holds any continuum); ``branch`` the principal logit branch with the
    equilibrium it selects (``branch.limit``); ``critical_precision`` the precision below
    which the QRE's modal outcome differs from the selected equilibrium's (0 when it
    never does; ``None`` when the branch selects no equilibrium).
    """

    scenario: str
    game: object
    packages: dict
    equilibria: object
    branch: object
    limit_outcome: str | None
    critical_precision: float | None

    def modal_outcomes(self):
        """The modal outcome at every traced precision: ``[(lambda, outcome)]``."""
        return [(lam, modal_outcome(profile))
                for lam, profile in zip(self.branch.lams, self.branch.profiles)]

    def to_dict(self):
        return {"scenario": self.scenario, "players": list(self.game.players),
                "actions": [list(a) for a in self.game.actions], "packages": self.packages,
                "equilibria": self.equilibria.to_dict(),
                "equilibrium_outcomes": [
                    dict(zip(OUTCOMES, map(float, outcome_probabilities(eq.strategies))))
                    for eq in self.equilibria],
                "qre": self.branch.to_dict(), "limit_outcome": self.limit_outcome,
                "critical_precision": self.critical_precision}

    def to_dataframe(self):
        """The QRE curve: one row per traced precision, with the outcome probabilities."""
        frame = self.branch.to_dataframe()
        for k, name in enumerate(OUTCOMES):
            frame[f"P({name})"] = [float(outcome_probabilities(p)[k])
                                   for p in self.branch.profiles]
        return frame

    def explain(self):
        players = ", ".join(self.game.players)
        n = len(self.equilibria)
        mixed = sum(1 for eq in self.equilibria if not eq.is_pure)
        parts = [f"As a three-player game ({players} choosing backing, offer and stance "
                 f"at once), the case has {n} isolated equilibri{'um' if n == 1 else 'a'} "
                 f"({mixed} mixed)"
                 + (f" and {len(self.equilibria.varieties)} continuum(s)"
                    if self.equilibria.varieties else "") + "."]
        if self.limit_outcome is None:
            parts.append("The logit branch was not traced to an equilibrium.")
            return " ".join(parts)
        parts.append(f"Leaders who err less and less (the logit QRE branch) end in the "
                     f"equilibrium where {self.branch.limit.describe()}, whose most likely "
                     f"outcome is {self.limit_outcome}.")
        if self.critical_precision == 0:
            parts.append("That prediction holds however much they err.")
        else:
            at_zero = modal_outcome(self.branch.profiles[0])
            parts.append(f"The prediction changes when they err more: below logit precision "
                         f"{self.critical_precision:.3g}, where a payoff advantage of "
                         f"{1 / self.critical_precision:.3g} on the case's utility scale makes "
                         f"a choice only e ≈ 2.7 times as likely as the other, the most likely "
                         f"outcome is another ({at_zero} when all choices are random).")
        return " ".join(parts)

    def _repr_html_(self):
        from html import escape

        return f"<p>{escape(self.explain())}</p>"


def trilateral(scenario, levels=None, max_lambda=1e6):
    """Solve the three-player game of ``scenario``: all equilibria, the QRE curve, and
    the precision below which the deal prediction changes.

    Parameters
    ----------
    scenario : Scenario
        With a patron and a backing level.
    levels : pair of numbers, optional
        Russia's two backing levels (see :func:`trilateral_game`).
    max_lambda : float
        Where tracing stops if the branch has not reached an equilibrium.

    Returns
    -------
    TrilateralAnalysis
    """
    from ..equilibria.qre import logit_at, logit_branch
    from ..sensitivity.threshold import bisect_change

    game, packages = trilateral_game(scenario, levels)
    equilibria = game.equilibria(method="enumerate")
    branch = logit_branch(game, max_lambda=max_lambda)
    limit_outcome = critical = None
    if branch.limit is not None:
        limit_outcome = modal_outcome(branch.limit.strategies)
        changes = [k for k, profile in enumerate(branch.profiles)
                   if modal_outcome(profile) != limit_outcome]
        critical = 0.0
        if changes:
            k = changes[-1]
            lo, hi = branch.lams[k], branch.lams[k + 1]

            def outcome(lam):
                return modal_outcome(logit_at(game, lam).strategies)

            critical = float(bisect_change(outcome, lo, hi, outcome(lo), xtol=1e-9)[1])
    return TrilateralAnalysis(scenario=scenario.name, game=game, packages=packages,
                              equilibria=equilibria, branch=branch,
                              limit_outcome=limit_outcome, critical_precision=critical)
