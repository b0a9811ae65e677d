"""``scenario.analyze()``: everything an analysis of the case reports (literature notes:
lit-case-formulation), from the solvers.

1. The bargaining set over packages and its Pareto frontier (``PackageSpace``).
2. The agreement under each solution concept — symmetric Nash, Nash weighted by patience,
   Kalai–Smorodinsky, alternating offers with outside options — with its package, the
   utilities and whether recognition is in it.
3. Thresholds (a scan of the parameter's range for a change of "such a deal exists", then
   bisection on it inside the bracket, to 1e-13): the
   backing level at which every deal without
   recognition disappears, and at which every deal does; the legacy value at which a deal
   with recognition becomes acceptable to the US; the alliance cost at which the US walks
   away.
4. The patron's subgame-perfect backing level (:mod:`.backing`, a three-stage tree).
5. The best US offer and the probability of no deal when the DPRK's resolve is private
   (the same tree at the scenario's backing level), and the risk–return demand and
   probability of war of the crisis model (``crisis.optimal_demand_uniform``).
6. Self-enforcement: the patience the predicted deal needs against reneging
   (``repeated.PhasedDeal``), the commitment problem of the power shift
   (``crisis.shifting_power``) and of disarmament (``crisis.disarmament_deal``).
7. Then and now: the regime of the scenario named in ``compare_with``, and the parameter
   changes that alone move the regime, found by changing one parameter at a time.

Every number is computed here by the solvers from the model; none is read from the file.
"""

import json
import math
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction

import numpy as np

from ..errors import NegotiationError, ParameterError
from ..sensitivity.executors import in_background
from .labels import CHANNEL_LABELS

CONCEPTS = {
    "nash": "symmetric Nash solution",
    "nash_patience": "Nash solution weighted by patience",
    "kalai_smorodinsky": "Kalai–Smorodinsky solution",
    "alternating_offers": "alternating offers with outside options",
}

REGIMES = {
    "no deal": "no package gives both sides more than walking away",
    "recognition required": "deals exist, but every one of them includes recognition",
    "recognition chosen": "deals without recognition exist, but the predicted deal includes "
                          "recognition",
    "deal without recognition": "the predicted deal does not include recognition",
}

#: Points of the scan that brackets a threshold.
SCAN = 17


@dataclass(frozen=True)
class Agreement:
    """The agreement one solution concept predicts."""

    concept: str
    empty: bool
    package: dict | None = None
    utilities: tuple | None = None
    recognition: float = 0.0
    lottery: tuple = ()
    ties: int = 1
    note: str = ""

    @property
    def name(self):
        return CONCEPTS[self.concept]


@dataclass(frozen=True)
class Threshold:
    """A tipping point of one parameter, all else fixed."""

    key: str
    parameter: str
    value: float | None
    current: float
    range: tuple
    in_range: bool
    meaning: str
    side: str = ""
    status: str = "root"
    method: str = "scan of the range for a change of sign, then bisection on the sign"


@dataclass(frozen=True)
class CaseAnalysis:
    """The analysis of a scenario; see the module docstring.  ``explain()`` writes it up,
    ``to_dict()`` and ``to_json()`` give it whole."""

    scenario: str
    title: str
    players: tuple
    recognition_issue: str
    regime: str
    bargaining_set: dict
    agreements: dict
    shares: dict
    thresholds: tuple
    backing: dict | None = None
    uncertainty: dict | None = None
    war: dict | None = None
    power_shift: dict | None = None
    self_enforcement: dict | None = None
    schedule: dict | None = None
    comparison: dict | None = None
    record: dict | None = None
    channels: dict = field(default_factory=dict)
    changed: dict = field(default_factory=dict)
    patron: str | None = None
    labels: object = field(default=None, repr=False, compare=False)  # words for the names

    # ---------------------------------------------------------------- output
    def to_dict(self):
        """The whole analysis as plain data (floats, strings, lists, dicts)."""
        data = _plain(asdict(replace(self, labels=None)))
        del data["labels"]  # words for a reader, not results
        return data

    def to_json(self, **kwargs):
        """The whole analysis as JSON text (``kwargs`` go to ``json.dumps``)."""
        return json.dumps(self.to_dict(), **{"indent": 2, **kwargs})

    def explain(self):
        """The analysis in plain sentences for a policy reader."""
        us, dprk = self.players
        words = self.labels
        package = words.package_text if words else _package
        out = [f"{self.title} ({self.scenario})."]
        if self.changed:
            out.append("Changed from the file: " + "; ".join(
                f"{_named(k, words)} {_n(a)} → {_n(b)}" for k, (a, b) in self.changed.items())
                + ".")
        off = [c for c, on in self.channels.items() if not on]
        if off and self.patron:
            out.append(f"Channels of {self.patron}'s backing switched off: "
                       + ", ".join(CHANNEL_LABELS.get(c, c) for c in off)
                       + ".")
        s = self.bargaining_set
        out.append("")
        out.append(_walk_away_sentence(self.players, s))
        if s["lotteries"] and not s["empty"]:
            out.append(f"Bargaining set: mixtures of the {s['packages']:,} packages (phased or "
                       "probabilistic deals) give both sides more than walking away; "
                       f"{s['count']:,} single packages do.")
        elif s["empty"]:
            out.append(f"Bargaining set: no package of the {s['packages']:,} gives both {us} and "
                       f"{dprk} more than walking away, so there is no deal to predict.")
        else:
            out.append(f"Bargaining set: {s['count']:,} of the {s['packages']:,} packages give "
                       f"both sides more than walking away; {s['without_recognition']:,} of "
                       f"them {'leaves' if s['without_recognition'] == 1 else 'leave'} out "
                       f"{self.recognition_issue}, and {len(s['frontier'])} "
                       f"{'is' if len(s['frontier']) == 1 else 'are'} Pareto-efficient.")
        out.append(f"Regime: {self.regime} — {REGIMES[self.regime]}.")
        for a in self.agreements.values():
            if a.empty:
                out.append(f"- {a.name[0].upper() + a.name[1:]}: no deal. {a.note}".rstrip())
                continue
            rec = ("includes recognition" if a.recognition == 1 else "leaves recognition out"
                   if a.recognition == 0 else
                   f"includes recognition with probability {_n(a.recognition)}")
            what = package(a.package)
            if len(a.lottery) == 2:
                (p, w), (q, v) = a.lottery
                what = (f"with probability {_n(w)} [{package(p)}], with probability {_n(v)} "
                        f"[{package(q)}] (a lottery on the frontier of mixed deals)")
            out.append(f"- {a.name[0].upper() + a.name[1:]}: {what}; "
                       f"{us} {_n(a.utilities[0])}, {dprk} {_n(a.utilities[1])}; it {rec}."
                       + (f" {a.note}" if a.note else ""))
        if self.thresholds:
            out.append("")
            out.append("Thresholds (one parameter at a time, all else as in the scenario):")
            for t in self.thresholds:
                out.append("- " + _threshold_sentence(t, words))
        if self.backing:
            b = self.backing
            out.append("")
            out.append(f"{b['patron']}'s subgame-perfect backing level is {_n(b['level'])} (the "
                       f"scenario has {_n(b['current'])}): anticipating the {us} offer and the "
                       f"{dprk} reply, it gives {b['patron']} {_n(b['payoff'])}.")
            line = "; ".join(
                f"at {_n(o['level'])} {dprk} rejects every {us} offer (no deal)"
                if o["accept_probability"] == 0 else
                f"at {_n(o['level'])} the {us} offer where {package(o['package'])} "
                f"(no deal with probability {_n(1 - o['accept_probability'])})"
                for o in b["offers"])
            out.append(f"Across its choices: {line}.")
            if b["equilibria"] > 1:
                same = ("all with the same payoffs: they differ only in choices that change "
                        "nobody's payoff, such as which rejected offer is made"
                        if b["outcomes"] == 1 else
                        f"with {b['outcomes']} different payoff vectors")
                out.append(f"({b['equilibria']:,} subgame-perfect equilibria tie, {same}; the "
                           "first is reported.)")
        if self.uncertainty:
            u = self.uncertainty
            out.append("")
            out.append(f"With {dprk}'s resolve private (its walk-away value shifted by "
                       f"{_n(u['low'])} to {_n(u['high'])}, {u['types']} types), the best {us} "
                       f"offer is the one where {package(u['package'])}: accepted with probability "
                       f"{_n(u['accept_probability'])}, so the probability of no deal is "
                       f"{_n(u['no_deal_probability'])} ({us} expected payoff "
                       f"{_n(u['us_expected'])}).")
        if self.war:
            w = self.war
            out.append(f"War model: {us} prevails with probability {_n(w['p'])} "
                       f"({self.patron or 'the patron'} intervenes with probability "
                       f"{_n(w['intervention'])}); facing a {dprk} whose cost of war is "
                       f"private, the {us} demand that trades a better deal against the risk "
                       f"of war is {_n(w['demand'])}, leaving {dprk} {_n(w['dprk_share'])}, "
                       f"with probability of war {_n(w['war_probability'])}.")
        if self.power_shift:
            p = self.power_shift
            verdict = (f"the shift is large and fast enough that {us} prefers to fight now "
                       "(a commitment problem)" if p["war"] else
                       f"the shift causes no commitment problem: {us} can buy peace now")
            out.append(f"Power shift: {dprk}'s chance of prevailing grows from {_n(p['now'])} to "
                       f"{_n(p['next'])}; {verdict} (margin {_n(p['margin'])}; war from "
                       f"{_n(p['threshold'])}). After the shift {dprk} can claim "
                       f"{_n(p['dprk_share'])} a period.")
        if self.self_enforcement:
            e = self.self_enforcement
            out.append("")
            if e.get("deal"):
                who = ", ".join(f"{k} needs a discount factor of at least {_n(v)} and has "
                                f"{_n(e['discount'][k])}" if v is not None else
                                f"{k} gains by reneging at its patience and at any higher one"
                                for k, v in e["thresholds"].items())
                source = {
                    "schedule": "its patience for keeping a deal (a year ahead discounted) and "
                                + _reversal_text(e["reversal"]),
                    "compliance": "its patience for keeping a deal: a year ahead discounted, "
                                  "times the chance the deal is not reversed",
                    "bargaining": "the bargaining discount factors, as the scenario gives no "
                                  "patience for keeping a deal (schedule.discount)"}[e["patience"]]
                level = e.get("verification")
                checked = (f", with {words.verification(level)} as verification" if words and
                           level else f", with verification level {level}" if level else "")
                out.append(f"Self-enforcement: with no trust, the predicted deal given all at "
                           f"once holds only if neither side gains by reneging, each side with "
                           f"{source}{checked}; {who}. So the deal "
                           f"{'is' if e['self_enforcing'] else 'is not'} self-enforcing.")
            if e.get("disarmament"):
                d = e["disarmament"]
                out.append(f"Complete denuclearisation {'can' if d['feasible'] else 'cannot'} be "
                           f"made self-enforcing with an up-front compensation of "
                           f"{_n(d['compensation'])}; it would take {_n(d['required'])}.")
        if self.schedule:
            out.append("")
            head, lines = schedule_lines(self.schedule)
            out.append(head)
            out.extend(f"- {deal}: {text}" for deal, text in lines)
        if self.record:
            out.append("")
            out.extend(self.record["sentences"])
        if self.comparison:
            out.append("")
            out.extend(self.comparison["sentences"])
        return "\n".join(out)

    def __str__(self):
        return self.explain()

    def _repr_html_(self):
        from ..display import analysis_html

        return analysis_html(self)

    def __repr__(self):
        from ..display.text import analysis_repr

        return analysis_repr(self)


# ====================================================================== the analysis

def analyze(scenario, compare=True):
    """Analyse ``scenario``: a :class:`CaseAnalysis`."""
    model = scenario.model
    env = model.env()
    wanted = set(scenario.settings.get("analyses") or _ALL)
    space = model.package_space(env)
    us, dprk = model.players
    bargaining_set = _bargaining_set(model, env, space)
    agreements = _agreements(model, env, space, bargaining_set)
    shares = {k: (None if a.empty else a.utilities[1]) for k, a in agreements.items()}
    regime = _regime_label(bargaining_set, agreements["nash"])
    # the schedule answer (the longest part) in a forked copy beside the others, where one
    # can run (else in this process when its result is asked for: the same answer)
    job = in_background(lambda: schedule_answer(model, env, agreements)) \
        if "schedule" in wanted else None
    try:
        thresholds = _thresholds(model, env) if "thresholds" in wanted else ()
        backing = uncertainty = None
        if model.level and model.patron and scenario.settings.get("choices") and \
                model.patron_payoffs(model.env(floats=True)) is not None and "backing" in wanted:
            backing = _backing(model, env)
        if model.resolve(env) is not None and "uncertainty" in wanted:
            uncertainty = _uncertainty(model, env)
        war = _war(model, env) if "war" in wanted else None
        shift = _power_shift(model, env) if "power_shift" in wanted else None
        if war:
            shares["war"] = war["dprk_share"]
        if shift:
            shares["power_shift"] = shift["dprk_share"]
        enforcement = _self_enforcement(model, env, agreements["nash"]) \
            if "self_enforcement" in wanted else None
        comparison = None
        if compare and scenario.settings.get("compare_with") and "comparison" in wanted:
            comparison = _comparison(scenario, regime, bargaining_set)
        schedule = None if job is None else job.result()
    except BaseException:  # leave nothing running
        if job is not None:
            job.cancel()
        raise
    record = _record(scenario.settings.get("record"), regime, enforcement, uncertainty,
                     schedule)
    return CaseAnalysis(
        scenario=scenario.name, title=scenario.title, players=(us, dprk),
        recognition_issue=model.recognition, regime=regime, bargaining_set=bargaining_set,
        agreements=agreements, shares=shares, thresholds=thresholds, backing=backing,
        uncertainty=uncertainty, war=war, power_shift=shift, self_enforcement=enforcement,
        schedule=schedule, comparison=comparison, record=record, channels=dict(scenario.channels),
        patron=model.patron, labels=scenario.labels,
        changed={k: (float(a), float(b)) for k, (a, b) in scenario.changed().items()})


def predicted_shares(scenario):
    """The DPRK's predicted share under each concept, and in the war and power-shift
    models: the quick part of the analysis (no thresholds, tree or comparison).  ``None``
    where a concept predicts no deal."""
    model = scenario.model
    env = model.env()
    space = model.package_space(env)
    agreements = _agreements(model, env, space, _bargaining_set(model, env, space))
    out = {k: (None if a.empty else float(a.utilities[1])) for k, a in agreements.items()}
    war, shift = _war(model, env), _power_shift(model, env)
    if war:
        out["war"] = float(war["dprk_share"])
    if shift:
        out["power_shift"] = float(shift["dprk_share"])
    return out


_ALL = ("bargaining_set", "solutions", "thresholds", "backing", "uncertainty", "war",
        "power_shift", "self_enforcement", "schedule", "comparison")


# ---------------------------------------------------------------------- 1. the set

def _bargaining_set(model, env, space):
    rational = space.individually_rational()
    rec = model.recognition_mask()
    frontier = space.pareto(rational) if rational.any() else np.array([], dtype=int)
    levels = space.levels()
    empty = not bool(rational.any())
    if model.scenario.settings.get("lotteries"):  # mixtures of packages count as deals
        u1, u2 = space.utilities()
        empty = hull_margin(u1, u2, *(float(a) for a in space.walk_away)) <= 0
    return {
        "empty": empty,
        "lotteries": bool(model.scenario.settings.get("lotteries")),
        "packages": int(space.size),
        "count": int(rational.sum()),
        "without_recognition": int((rational & ~rec).sum()),
        "disagreement": tuple(space.disagreement),
        "outside_options": tuple(model.outside_options(env)),
        "walk_away": tuple(space.walk_away),
        "frontier": [{"package": model.package(levels[k]),
                      "utilities": space.exact_utilities(levels[k])} for k in frontier],
    }


# ---------------------------------------------------------------------- 2. agreements

def _agreements(model, env, space, bargaining_set):
    lotteries = model.scenario.settings.get("lotteries", False)
    out = {}
    for concept, method in (("nash", "nash"), ("kalai_smorodinsky", "kalai_smorodinsky")):
        out[concept] = _choice(model, concept, space.solve(method, lotteries=lotteries))
    delta = model.discount(env)
    rates = [-math.log(float(d)) for d in delta]
    weights = (rates[1] / sum(rates), rates[0] / sum(rates))
    float_space = model.package_space(model.env(floats=True))
    choice = float_space.solve("nash", weights=weights, lotteries=lotteries)
    out["nash_patience"] = _choice(model, "nash_patience", choice, note=(
        f"Bargaining weights {weights[0]:.3f} ({model.us}) and {weights[1]:.3f} ({model.dprk}), "
        "proportional to the inverse discount rates (the limit of alternating offers)."))
    out["alternating_offers"] = _alternating(model, env, space, bargaining_set)
    return {k: out[k] for k in CONCEPTS}


def _choice(model, concept, choice, note=""):
    if choice.empty:
        return Agreement(concept, True, note=note)
    lottery = tuple((dict(p), w) for p, w in zip(choice.packages, choice.weights)) \
        if choice.weights else ()
    point = tuple(choice.point)
    if len(choice.packages) > 1 and not choice.weights:  # a tie: report the DPRK's best
        note = (note + f" {len(choice.packages)} packages tie; the one best for "
                f"{model.dprk} is shown.").strip()
        best = max(choice.packages, key=lambda p: _utility_of(model, p)[1])
        point = _utility_of(model, best)
        package = dict(best)
    else:
        package = dict(choice.packages[0])
    return Agreement(concept, False, package=package, utilities=point,
                     recognition=_float(choice.includes(model.recognition)), lottery=lottery,
                     ties=1 if choice.weights else len(choice.packages), note=note)


def _utility_of(model, package):
    rows = model.levels()
    target = [model.issues[k].levels.index(package[i.name]) for k, i in enumerate(model.issues)]
    k = int(np.flatnonzero((rows == target).all(axis=1))[0])
    u = model.utilities()
    return (float(u[0][k]), float(u[1][k]))


def _alternating(model, env, space, bargaining_set):
    from ..bargaining import BargainingProblem, alternating_offers

    if bargaining_set["empty"]:
        return Agreement("alternating_offers", True)
    _, points = space.hull()
    points = [tuple(float(v) for v in p) for p in points]
    d = tuple(float(v) for v in space.disagreement)
    problem = BargainingProblem.from_points(points, disagreement=d, players=model.players)
    w = tuple(None if v is None else float(v) for v in model.outside_options(env))
    delta = tuple(float(v) for v in model.discount(env))
    try:  # one-element arrays: the vectorised bisection, which needs no scipy import
        result = alternating_offers(tuple(np.array([v]) for v in delta), problem=problem,
                                    outside_options=w, players=model.players)
    except ParameterError as error:
        return Agreement("alternating_offers", True, note=f"No deal: {error}.")
    point = tuple(float(np.asarray(v).reshape(-1)[0]) for v in result.agreement)
    packages, weights = space.mixture(point)
    lottery = tuple((dict(p), w) for p, w in zip(packages, weights)) if len(packages) > 1 \
        else ()
    utilities = _worth(space, packages, weights)
    package = dict(max(zip(packages, weights), key=lambda pw: pw[1])[0])
    rec = sum(w for p, w in zip(packages, weights)
              if p[model.recognition] != p.none[model.recognition])
    binding = [name for name, flag in zip(model.players, result.binding) if bool(np.any(flag))]
    note = (f"{' and '.join(binding)}'s outside option binds. " if binding else "") + \
        f"Discount factors {delta[0]:.3f} and {delta[1]:.3f}; {model.us} proposes first."
    return Agreement("alternating_offers", False, package=package, utilities=utilities,
                     recognition=float(rec), lottery=lottery, note=note)


def _worth(space, packages, weights):
    """What a lottery over packages is worth to each side: the weighted sum of the
    packages' exact utilities, so that a reported lottery reproduces its utilities."""
    rows = [[issue.levels.index(p[issue.name]) for issue in space.issues] for p in packages]
    values = [space.exact_utilities(r) for r in rows]
    return tuple(sum(w * v[i] for w, v in zip(weights, values)) for i in range(2))


def _regime_label(bargaining_set, nash):
    if bargaining_set["empty"]:
        return "no deal"
    if bargaining_set["without_recognition"] == 0:
        return "recognition required"
    return "recognition chosen" if nash.recognition > 0 else "deal without recognition"


# ---------------------------------------------------------------------- 3. thresholds

def margins(model, env):
    """Fast float margins at ``env``: ``(all deals, deals without recognition, deals with
    recognition)``, each the largest over packages of the smaller side's gain over its
    walk-away value (positive: such a deal exists).  With lotteries the first is taken over
    the convex hull of the packages; the other two are over packages as such (recognition
    is in a package or not)."""
    u1, u2 = model.utilities(env)
    a1, a2 = (float(v) for v in model.walk_away(env))
    gain = np.minimum(u1 - a1, u2 - a2)
    rec = model.recognition_mask()
    every = hull_margin(u1, u2, a1, a2) if model.scenario.settings.get("lotteries") else \
        float(gain.max())
    return (every, float(gain[~rec].max()) if (~rec).any() else -math.inf,
            float(gain[rec].max()) if rec.any() else -math.inf)


def hull_margin(u1, u2, d1, d2):
    """The largest ``min(v1 - d1, v2 - d2)`` over the convex hull of the points ``(u1, u2)``
    (``d``: the walk-away values):
    on each edge of the hull's Pareto frontier the smaller gain is concave, so its maximum
    is at an end or where the two gains are equal."""
    from ..bargaining.packages import pareto_indices
    from ..bargaining.problem import _pareto_chain

    keep = pareto_indices(u1, u2)
    x, y = np.asarray(u1, dtype=float)[keep], np.asarray(u2, dtype=float)[keep]
    chain = _pareto_chain(list(zip(x, y)))  # the hull's Pareto chain, left to right
    x, y = x[chain], y[chain]
    best = float(np.max(np.minimum(x - d1, y - d2)))
    if len(x) > 1:
        a1, a2, b1, b2 = x[:-1] - d1, y[:-1] - d2, x[1:] - d1, y[1:] - d2
        denominator = (b1 - a1) - (b2 - a2)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(denominator != 0, (a2 - a1) / denominator, -1.0)
        inside = (t > 0) & (t < 1)
        if inside.any():
            best = max(best, float(np.max((a1 + t * (b1 - a1))[inside])))
    return best


def _thresholds(model, env):
    scenario = model.scenario
    roles = scenario.settings.get("roles", {})
    out = []
    fenv = model.env(floats=True)
    jobs = []
    if model.level:
        jobs.append(("backing_without_recognition", model.level, 1,
                     "some deal without recognition exists"))
        jobs.append(("backing_all_deals", model.level, 0, "some deal exists"))
    if roles.get("legacy"):
        jobs.append(("legacy_recognition", roles["legacy"], 2,
                     f"{model.us} accepts recognition: some deal with recognition beats "
                     "walking away for both sides"))
    if roles.get("alliance_cost"):
        jobs.append(("alliance_walk_away", roles["alliance_cost"], 0,
                     f"some deal exists ({model.us} does not walk away)"))
    for key, name, which, meaning in jobs:
        out.append(_threshold(model, fenv, key, name, which, meaning))
    return tuple(out)


def _threshold(model, fenv, key, name, which, meaning):
    parameter = model.scenario.parameters[name]
    lo, hi = (float(v) for v in parameter.range)
    current = float(model.scenario.values[name])

    def f(x):
        return margins(model, {**fenv, name: float(x)})[which]

    root, inside = None, False
    bounded = model.level == name
    floor = None if key == "legacy_recognition" else (0.0 if lo >= 0 else None)
    for a, b in _brackets(lo, hi, bounded, floor):
        xs = np.linspace(a, b, SCAN)
        values = [f(x) for x in xs]
        for k in range(SCAN - 1):
            if (values[k] > 0) != (values[k + 1] > 0):
                root = _transition(lambda x: f(x) > 0, xs[k], xs[k + 1])
                break
        if root is not None:
            inside = lo - 1e-12 <= root <= hi + 1e-12
            break
    status, side = "never", ""
    if root is not None:
        step = 1e-7 * max(1.0, abs(root), hi - lo)
        below, above = f(root - step) > 0, f(root + step) > 0
        status = {(True, False): "below", (False, True): "above", (False, False): "only at",
                  (True, True): "except at"}[below, above]
        if which == 0 and model.scenario.settings.get("lotteries"):
            side = "The deals that vanish there are mixtures of packages"
        else:
            side = _last_standing(model, fenv, name, which, root,
                                  root - step if below else root + step if above else root)
    elif f(lo) > 0 and f(hi) > 0:
        status = "always"
    return Threshold(key=key, parameter=name, value=root, current=current, range=(lo, hi),
                     in_range=inside, meaning=meaning, side=side, status=status)


def _last_standing(model, fenv, name, which, root, inside):
    """Which side's gain runs out at the tipping point ``root``, and the last package
    standing: the best such package just on the side ``inside`` where deals exist."""
    u1, u2 = model.utilities({**fenv, name: inside})
    a1, a2 = (float(v) for v in model.walk_away({**fenv, name: inside}))
    gain = np.minimum(u1 - a1, u2 - a2)
    rec = model.recognition_mask()
    if which:
        gain = np.where(rec if which == 1 else ~rec, -np.inf, gain)
    k = int(np.argmax(gain))
    r1, r2 = model.utilities({**fenv, name: root})
    b1, b2 = (float(v) for v in model.walk_away({**fenv, name: root}))
    who = model.us if r1[k] - b1 < r2[k] - b2 else model.dprk
    return (f"{who}'s gain runs out first; the last package standing: "
            + model.scenario.labels.package_text(model.package(model.levels()[k])))


def _transition(holds, a, b):
    """Where ``holds`` (true at ``a`` xor at ``b``) changes, by bisection to 1e-13: the
    margin is piecewise linear with plateaus where a package leaves a side exactly at its
    walk-away value, so its sign, not a root of it, marks the tipping point."""
    from ..sensitivity.threshold import bisect_change

    a, b = bisect_change(holds, a, b, holds(a), xtol=1e-13)
    return float((a + b) / 2)


def _brackets(lo, hi, bounded, floor):
    """The plausible range first, then (unless the parameter is bounded by its range)
    wider intervals either side, not below ``floor`` (None: no floor)."""
    yield lo, hi
    if bounded:
        return
    width = max(hi - lo, 1e-3)
    below = lo - 4 * width if floor is None else max(floor, lo - 4 * width)
    if below < lo:
        yield below, lo
    yield hi, hi + 4 * width


# ---------------------------------------------------------------------- 4–5. the tree

def _backing(model, env):
    from .backing import solve_tree, type_shifts

    scenario = model.scenario
    fenv = model.env(floats=True)
    low, high = model.resolve(env) or (0, 0)
    count = _types(scenario)
    shifts = type_shifts(low, high, count)
    levels = [float(c) for c in scenario.settings["choices"]]
    eq = solve_tree(model, fenv, levels, shifts, patron=True)
    chosen = next(o for o in eq.offers if o.level == eq.level)
    return {"level": eq.level, "current": float(scenario.values[model.level]),
            "payoff": chosen.patron_payoff, "offers": [asdict(o) for o in eq.offers],
            "equilibria": eq.equilibria, "outcomes": eq.outcomes, "patron": eq.patron,
            "tree_nodes": eq.nodes}


def _types(scenario):
    return int(((scenario.data.get("uncertainty") or {}).get("resolve") or {}).get("types", 5))


def _uncertainty(model, env):
    from .backing import solve_tree, type_shifts

    fenv = model.env(floats=True)
    low, high = model.resolve(env)
    count = _types(model.scenario)
    level = [fenv[model.level]] if model.level else [0.0]
    eq = solve_tree(model, fenv, level, type_shifts(low, high, count), patron=False)
    offer = eq.offers[0]
    return {"low": float(low), "high": float(high), "types": count, "package": offer.package,
            "utilities": offer.utilities, "accept_probability": offer.accept_probability,
            "no_deal_probability": 1 - offer.accept_probability, "us_expected": offer.us_payoff,
            "equilibria": eq.equilibria}


# ---------------------------------------------------------------------- the crisis models

def _war(model, env):
    from ..bargaining.crisis import optimal_demand_uniform

    war = model.war(env)
    if war is None:
        return None
    p, cost_us, (low, high), q = war
    if low == high:
        demand, probability = p + low, 0
    else:
        r = optimal_demand_uniform(p, cost_us, low, high)
        demand, probability = r.demand, r.war_probability
    return {"p": p, "intervention": q, "cost_us": cost_us, "cost_dprk": (low, high),
            "demand": demand, "war_probability": probability, "dprk_share": 1 - demand}


def _power_shift(model, env):
    from ..bargaining.crisis import shifting_power

    values = model.power_shift(env)
    if values is None:
        return None
    now, nxt, delta, c_us, c_k = values
    if nxt < now:
        return {"now": now, "next": nxt, "war": False, "margin": None, "threshold": None,
                "dprk_share": max(nxt - c_k, 0), "note": "the DPRK's chances fall"}
    r = shifting_power(now, nxt, delta, c_us, c_k)
    return {"now": now, "next": nxt, "discount": delta, "war": bool(r.war), "margin": r.margin,
            "threshold": r.threshold, "dprk_share": max(nxt - c_k, 0)}


def _self_enforcement(model, env, nash):
    """Whether the Nash agreement holds with every step given at once (one phase), by the
    schedule engine (:class:`~negotiation.bargaining.ScheduleProblem`): the one model of
    keeping a deal, with the scenario's reversal risk and its least intrusive verification
    level; and the complete-disarmament deal of the crisis model."""
    from ..bargaining.crisis import disarmament_deal

    out = {}
    if not nash.empty:
        agreement = _agreement_of(nash)
        problem = model.schedule_problem(agreement, env)
        check = problem.check(_all_at_once(problem))
        delta, patience = model.keeping_discount(env)
        holds = _holds_for(check, model.players)
        out = {"deal": True, "patience": patience,
               "discount": dict(zip(model.players, delta)),
               "thresholds": {a: _critical_discount(model, env, agreement, a, holds[a])
                              for a in model.players},
               "holds": holds, "self_enforcing": bool(check.self_enforcing),
               "reversal": model.reversal(env),
               "verification": next(iter(model.verification_levels()[0]), None),
               "first_broken": _broken(check), "exact": bool(check.exact)}
    values = model.disarmament(env)
    if values is not None:
        keep, after, delta, comp = values
        r = disarmament_deal(keep, after, delta, comp)
        out["disarmament"] = {"feasible": bool(r.feasible), "compensation": comp,
                              "required": r.required_compensation,
                              "max_discount": r.max_discount}
    return out or None


def _agreement_of(agreement):
    """An :class:`Agreement`'s package, or its lottery as ``((package, weight), ...)``."""
    return tuple(agreement.lottery) if agreement.lottery else dict(agreement.package)


def _all_at_once(problem):
    """Every step as soon as its work allows (in phase ``duration - 1``): with steps of one
    phase each, the whole deal at once."""
    from ..bargaining import Schedule

    return Schedule.from_phase_of({step.name: step.duration - 1 for step in problem.steps})


def _holds_for(check, players):
    """Whether each player's constraints hold in every phase of a checked schedule."""
    return {a: all(s >= 0 for s in check.slack[a]) for a in players}


def _broken(check):
    return None if check.first_broken is None else list(check.first_broken)


def _critical_discount(model, env, agreement, actor, holds):
    """The discount factor at which ``actor``'s constraints of the all-at-once schedule
    start to hold, the others' as in the scenario: the lower end of the interval of
    discount factors around the scenario's on which they hold (when they hold), else the
    first discount factor above it at which they do (``None``: none below 1).  A scan of
    :data:`SCAN` points, then bisection to 1e-12 (:func:`~.sensitivity.threshold.
    bisect_change`)."""
    from ..sensitivity.threshold import bisect_change

    delta, _ = model.keeping_discount(env)
    k = model.players.index(actor)
    own = float(delta[k])
    fenv = model.env(floats=True) if not any(isinstance(v, float) for v in env.values()) \
        else env

    problem = model.schedule_problem(agreement, fenv)
    once = _all_at_once(problem)

    def ok(x):
        changed = problem.replace(discount={**problem.discount, actor: float(x)})
        return all(s >= 0 for s in changed.check(once).slack[actor])

    if holds:  # down from its own discount factor to the first that fails
        last = own
        for x in np.linspace(0, own, SCAN)[1:-1][::-1]:
            if not ok(x):
                return float(bisect_change(ok, x, last, False, xtol=1e-12)[1])
            last = x
        return 0.0
    last = own  # up from its own discount factor to the first that holds
    for x in np.linspace(own, 1, SCAN)[1:-1]:
        if ok(x):
            return float(bisect_change(ok, last, x, False, xtol=1e-12)[1])
        last = x
    return None


# ---------------------------------------------------------------------- schedules

def schedule_answer(model, env, agreements):
    """For each solution concept's agreement, whether it can be delivered as a
    self-enforcing schedule and at which verification level (the least intrusive at
    which one holds), the best schedule (fewest phases, then the largest least slack:
    :meth:`~negotiation.bargaining.ScheduleProblem.best`), the first broken constraint
    of the all-at-once schedule at the most intrusive level when none holds, and the
    minimal third-party transfer that makes the all-at-once schedule hold (the payer
    discounting as the more patient side: with equal discount factors, as both); then each
    named schedule of the file, checked as given."""
    settings = model.scenario.settings.get("schedule") or {}
    max_phases = settings.get("max_phases", 3)
    levels = list(model.verification_levels()[0]) or [None]
    done, concepts = {}, {}
    for concept, a in agreements.items():
        if a.empty:
            continue
        agreement = _agreement_of(a)
        key = repr(agreement)
        if key not in done:
            done[key] = _deliver(model, env, agreement, levels, max_phases)
        concepts[concept] = {**done[key], "same_as": next(
            (c for c in concepts if repr(_agreement_of(agreements[c])) == key), None)}
    named = {}
    for name, offer in (settings.get("schedules") or {}).items():
        named[name] = _named_schedule(model, env, offer, levels)
    return {"max_phases": max_phases, "reversal": model.reversal(env),
            "discount": dict(zip(model.players, model.keeping_discount(env)[0])),
            "verification": {"side": model.verification_levels()[1],
                             "levels": model.verification_levels()[0]},
            "concepts": concepts, "named": named}


def keeping(scenario):
    """How the Nash agreement of ``scenario`` can be kept: ``"all at once"``, ``"phased"``
    (only as a schedule of up to ``schedule.max_phases`` phases), ``"not kept"`` (no such
    schedule holds at any verification level) or ``"no deal"``: the verdict of the schedule
    answer, for maps and thresholds (:func:`~negotiation.sensitivity.schedule_map`)."""
    model = scenario.model
    env = model.env()
    space = model.package_space(env)
    nash = _choice(model, "nash", space.solve(
        "nash", lotteries=scenario.settings.get("lotteries", False)))
    if nash.empty:
        return "no deal"
    levels = list(model.verification_levels()[0]) or [None]
    max_phases = (scenario.settings.get("schedule") or {}).get("max_phases", 3)
    return verdict(_deliver(model, env, _agreement_of(nash), levels, max_phases,
                            transfer=False))


def verdict(answer):
    """How an agreement can be kept, from its answer in the ``schedule`` part (``None`` for
    no deal): ``"all at once"``, ``"phased"``, ``"not kept"`` or ``"no deal"``."""
    if answer is None:
        return "no deal"
    if not answer["holds"]:
        return "not kept"
    return "all at once" if answer["all_at_once"]["self_enforcing"] else "phased"


def _deliver(model, env, agreement, levels, max_phases, transfer=True):
    from ..bargaining import Schedule

    out = {"holds": False, "level": None, "best": None, "all_at_once": None,
           "first_broken": None, "transfer": None}
    for level in levels:
        problem = model.schedule_problem(agreement, env, level)
        once = problem.check(_all_at_once(problem))
        best = problem.best(max_phases)
        if best is not None:
            out.update(holds=True, level=level, best=_checked(best, problem),
                       all_at_once=_checked(once, problem))
            break
    if out["all_at_once"] is None:  # nothing holds: the strongest verification's failure
        out["all_at_once"] = _checked(once, problem)
        out["first_broken"] = _broken(once)
    if transfer and not once.self_enforcing:
        plan = problem.minimal_transfer(Schedule(once.schedule.phases),
                                        payer_discount=max(problem.discount.values()))
        out["transfer"] = None if not plan.feasible else {
            "level": levels[-1] if out["level"] is None else out["level"], "cost": plan.cost,
            "transfers": {k: list(v) for k, v in plan.transfers.items()},
            "exact": bool(plan.exact), "verified": bool(plan.verified)}
    return out


def _checked(check, problem):
    """A checked schedule as plain data: its phases (step names and words, and the order in
    one phrase), each player's slack, whether it holds, the first broken constraint."""
    words = {s.name: s.label or s.name for s in problem.steps}
    return {"phases": [list(p) for p in check.schedule.phases],
            "words": [[words[s] for s in p] for p in check.schedule.phases],
            "order": _order(check.schedule.phases, problem.steps),
            "slack": {a: list(v) for a, v in check.slack.items()},
            "least_slack": {a: min(v) for a, v in check.slack.items()},
            "self_enforcing": bool(check.self_enforcing), "first_broken": _broken(check),
            "exact": bool(check.exact)}


def _order(phases, steps):
    """A schedule in one phrase: "Yongbyon first; then partial sanctions relief (three
    tranches)"; the tranches of a step that come together are named once."""
    from .labels import join

    label = {s.name: (s.label or s.name).split(" (tranche ")[0] for s in steps}
    count = {}
    for s in steps:
        count[label[s.name]] = count.get(label[s.name], 0) + 1
    parts = []
    for t, phase in enumerate(phases):
        if not phase:
            continue
        here = {}
        for name in phase:
            here[label[name]] = here.get(label[name], 0) + 1
        items = [text if count[text] == 1 else
                 f"{text} ({_count(n)} tranche{'s' if n > 1 else ''} of {_count(count[text])})"
                 if n < count[text] else
                 f"{text} ({'both' if n == 2 else 'all ' + _count(n)} tranches at once)"
                 for text, n in here.items()]
        parts.append(join(items) + (" first" if t == 0 and len(phases) > 1 else "")
                     if t == 0 else f"then, in phase {t}, {join(items)}")
    return "; ".join(parts) or "no steps"


def _count(n):
    return {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}.get(n, str(n))


def _transfer_text(transfer):
    """Who the third party pays, when, and the discounted total."""
    paid = []
    for actor, row in transfer["transfers"].items():
        if not any(row):
            continue
        steady = "" if not row[-1] else f"{_n(row[-1])} a year from phase {len(row) - 1} on" \
            if len(row) > 1 else f"{_n(row[-1])} a year"
        early = ", ".join(f"{_n(x)} in phase {t}" for t, x in enumerate(row[:-1]) if x)
        paid.append(f"{actor} " + " and ".join(part for part in (early, steady) if part))
    return (f"a third party paying {'; '.join(paid)} (a discounted total of "
            f"{_n(transfer['cost'])}, paid only while no violation by the receiver is caught)")


def _named_schedule(model, env, offer, levels):
    """A schedule the file names (an offer on the record), at its own verification level
    or, when it gives none, at the least intrusive level at which it holds (else the
    most intrusive)."""
    from ..bargaining import Schedule

    package = {i.name: offer["package"].get(i.name, i.levels[0]) for i in model.issues}
    tried = [offer["verification"]] if offer["verification"] else levels
    for level in tried:
        problem = model.schedule_problem(package, env, level)
        check = problem.check(Schedule(offer["phases"]))
        if check.self_enforcing:
            break
    return {"label": offer["label"], "source": offer["source"], "package": package,
            "level": level, **_checked(check, problem),
            "holds_for": _holds_for(check, model.players)}


# ---------------------------------------------------------------------- the record

def _record(record, regime, enforcement, uncertainty, schedule=None):
    """Whether the analysis retrodicts what happened (``record`` of a historical scenario)
    and, where it predicts a deal that was not made, which of its own mechanisms would
    explain that: the deal not holding without trust, no schedule of it holding, or the US
    offer failing against a DPRK whose resolve is private.  With ``record.broke`` (a named
    schedule that held for some phases and then broke), whether the constraint the model
    finds broken first is the one the record names."""
    if not record:
        return None
    predicted = regime != "no deal"
    agrees = predicted == bool(record["deal"])
    sentences = [f"The record: {record['summary']}"]
    reasons = []
    if predicted and not record["deal"]:
        if enforcement and enforcement.get("deal") and not enforcement["self_enforcing"]:
            short = [k for k, ok in enforcement["holds"].items() if not ok]
            reasons.append(f"the predicted deal given all at once is not self-enforcing "
                           f"({' and '.join(short)} would gain by reneging)")
        nash = (schedule or {}).get("concepts", {}).get("nash")
        if nash and not nash["holds"]:
            reasons.append(f"no schedule of it of up to {schedule['max_phases']} phases holds")
        failed = [o["label"] for o in (schedule or {}).get("named", {}).values()
                  if not o["self_enforcing"]]
        if failed:
            reasons.append(f"{' and '.join(failed)} would not have held as scheduled")
        if uncertainty and uncertainty["no_deal_probability"] > 0:
            reasons.append(f"with the DPRK's resolve private the best US offer fails with "
                           f"probability {_n(uncertainty['no_deal_probability'])}")
        sentences.append("The model predicts a deal that was not made. " + (
            "What it leaves out of the bargain but computes elsewhere: " + "; ".join(reasons)
            + "." if reasons else "None of its own mechanisms (commitment, schedules, private "
            "resolve) explains it: the omitted factor lies outside the model."))
    else:
        sentences.append("The model " + ("retrodicts it." if agrees else
                                         "predicts no deal where one was made."))
    broke = None
    if record.get("broke"):
        broke = dict(record["broke"])
        offer = (schedule or {}).get("named", {}).get(broke["schedule"])
        found = offer["first_broken"] if offer else None
        named = [broke["side"], broke["phase"]]
        broke.update(found=found, agrees=found == named)
        said = (f"On the record {offer['label'] if offer else broke['schedule']} broke "
                f"{_phase_text(named[1])}, {broke['side']} first: {broke['summary']}")
        if found is None:
            sentences.append(said + (" In the model it holds throughout." if offer else ""))
        else:
            sentences.append(said + f" In the model the first constraint to break is "
                             f"{found[0]}'s, {_phase_text(found[1])}"
                             + (", as on the record." if broke["agrees"] else
                                ", not as on the record."))
    return {"deal": bool(record["deal"]), "predicted": predicted, "agrees": agrees,
            "reasons": reasons, "sentences": sentences, "broke": broke}


# ---------------------------------------------------------------------- 7. then and now

def regime(model, env):
    """The regime at ``env`` (float parameter values) and the margins that decide it."""
    u1, u2 = model.utilities(env)
    d1, d2 = (float(v) for v in model.disagreement(env))
    a1, a2 = (float(v) for v in model.walk_away(env))
    rec = model.recognition_mask()
    ok = (u1 > a1) & (u2 > a2)
    all_m, norec, _ = margins(model, env)
    if all_m <= 0:
        label = "no deal"
    elif model.scenario.settings.get("lotteries"):
        space = model.package_space(env)
        nash = space.solve("nash", lotteries=True)
        label = ("recognition required" if not (ok & ~rec).any() else "recognition chosen"
                 if nash.includes(model.recognition) > 0 else "deal without recognition")
    elif not (ok & ~rec).any():
        label = "recognition required"
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(ok, np.log(np.where(ok, u1 - d1, 1)) +
                             np.log(np.where(ok, u2 - d2, 1)), -np.inf)
        best = score.max()
        near = score >= best - 1e-12 * max(1.0, abs(best))  # ties: the DPRK's best, as in
        pick = int(np.argmax(np.where(near, u2, -np.inf)))  # the analysis
        label = "recognition chosen" if rec[pick] else "deal without recognition"
    return label, all_m, norec


def _comparison(scenario, now_regime, bargaining_set):
    """The other scenario (``compare_with``) against this one, the earlier by date called
    "then"; and the parameters that alone move this scenario's regime when set to the other
    scenario's values."""
    from .loading import load, resolve

    other_name = scenario.settings["compare_with"]
    try:
        other = load(resolve(other_name, relative_to=scenario.file))
    except NegotiationError as error:
        return {"other": other_name, "error": str(error),
                "sentences": [f"Then and now: {other_name} could not be loaded ({error})."]}
    model = scenario.model
    here_env = model.env(floats=True)
    here_label, here_all, here_norec = regime(model, here_env)
    there_label, there_all, there_norec = regime(other.model, other.model.env(floats=True))
    rows = []
    for name, there_value in other.values.items():
        if name not in scenario.parameters or there_value == scenario.values[name]:
            continue
        label, m_all, m_norec = regime(model, {**here_env, name: float(there_value)})
        rows.append({"parameter": name, "here": float(scenario.values[name]),
                     "there": float(there_value), "regime": label,
                     "margin_all": m_all, "margin_without_recognition": m_norec,
                     "moves": label != here_label, "effect": m_norec - here_norec})
    rows.sort(key=lambda r: -abs(r["effect"]))
    here_first = _date(scenario) <= _date(other)
    then, now = (scenario, other) if here_first else (other, scenario)
    labels = {scenario.name: here_label, other.name: there_label}
    margins_of = {scenario.name: {"all": here_all, "without_recognition": here_norec},
                  other.name: {"all": there_all, "without_recognition": there_norec}}
    same_date = _date(then) == _date(now)  # two views of one moment, not then and now
    if same_date:
        then, now = scenario, other
        sentences = [f"Compared with {other.name} (the same date, {_date(other)}): the regime "
                     f"is '{here_label}' here and '{there_label}' there."]
    else:
        sentences = [f"Then and now ({then.name}, {_date(then)}, against {now.name}, "
                     f"{_date(now)}): then the regime was '{labels[then.name]}', now it is "
                     f"'{labels[now.name]}'."]
    movers = [r for r in rows if r["moves"]]
    change = (f"Changing one parameter at a time of {scenario.name} from its value here to its "
              f"value in {other.name}")
    if here_label == there_label:
        sentences.append("The regime is the same; the largest single changes in the margin "
                         "of deals without recognition are: "
                         + _rows(rows[:3], scenario.labels) + ".")
    elif movers:
        sentences.append(f"{change}, the changes that alone move the regime are: "
                         + _rows(movers[:4], scenario.labels) + ".")
        reason = movers[0]
        sentences.append(f"The named reason: {reason['parameter']} ({_n(reason['here'])} here, "
                         f"{_n(reason['there'])} in {other.name}); with the value of "
                         f"{other.name}, the regime would be '{reason['regime']}'.")
    else:
        sentences.append(f"{change}, no single parameter moves the regime alone; the largest "
                         "changes in the margin of deals without recognition are: "
                         + _rows(rows[:4], scenario.labels) + ".")
    first, second = ("here", "there") if same_date else ("then", "now")
    sentences.append(f"Margins (the smaller side's gain over its walk-away value in the best "
                     f"such deal; negative: there is none): deals without recognition "
                     f"{_n(margins_of[then.name]['without_recognition'])} {first}, "
                     f"{_n(margins_of[now.name]['without_recognition'])} {second}; any deal "
                     f"{_n(margins_of[then.name]['all'])} {first}, "
                     f"{_n(margins_of[now.name]['all'])} {second}.")
    return {"other": other.name, "then": then.name, "now": now.name,
            "regimes": labels, "margins": {"then": margins_of[then.name],
                                           "now": margins_of[now.name]},
            "changes": rows, "reason": movers[0]["parameter"] if movers else None,
            "sentences": sentences}


def _date(scenario):
    """The date a scenario describes, as text that sorts (YYYY-MM-DD or a year)."""
    return str(scenario.metadata.get("date", ""))


def _rows(rows, words):
    return "; ".join(f"{_named(r['parameter'], words)} {_n(r['here'])} → {_n(r['there'])} "
                     "(margin without "
                     f"recognition {'+' if r['effect'] >= 0 else ''}{_n(r['effect'])}"
                     + (f", regime '{r['regime']}'" if r["moves"] else "") + ")" for r in rows)


def schedule_lines(schedule):
    """The schedule answer as ``(heading, lines)``: a sentence on the model's settings, then
    ``(deal, verdict)`` for each agreement (whether and how it can be delivered so that it
    holds) and each named schedule."""
    side = schedule["verification"]["side"]

    def level(name):
        if name is None:
            return "with every violation caught at once"
        return f"with {schedule['verification']['levels'].get(name, name)} for {side}"

    head = (f"Deal schedules (phases of a year, at most {schedule['max_phases']} when searched; "
            f"{_reversal_text(schedule['reversal'])}):")
    lines = []
    for concept, answer in schedule["concepts"].items():
        name = CONCEPTS[concept][0].upper() + CONCEPTS[concept][1:]
        if answer["same_as"]:
            lines.append((name, f"the same agreement as the {CONCEPTS[answer['same_as']]}."))
            continue
        once = answer["all_at_once"]
        if answer["holds"] and once["self_enforcing"]:
            text = f"it holds given all at once, {level(answer['level'])}."
        elif answer["holds"]:
            text = (f"given all at once it does not hold ({_broken_text(once['first_broken'])}"
                    f"); it holds {level(answer['level'])} when delivered in this order: "
                    f"{answer['best']['order']}.")
        else:
            strongest = list(schedule["verification"]["levels"])[-1:] or [None]
            text = (f"no schedule of up to {schedule['max_phases']} phases holds, even "
                    f"{level(strongest[0])}; given all at once, "
                    f"{_broken_text(answer['first_broken'])}.")
        if answer["transfer"]:
            text += (f" It would hold given all at once, {level(answer['transfer']['level'])}, "
                     f"with {_transfer_text(answer['transfer'])}.")
        elif not once["self_enforcing"]:
            text += " No payments by a third party would make it hold given all at once."
        lines.append((name, text))
    for offer in schedule["named"].values():
        verdict = ("it holds" if offer["self_enforcing"] else "it does not hold: " +
                   _broken_text(offer["first_broken"]))
        lines.append((offer["label"][0].upper() + offer["label"][1:],
                      f"{level(offer['level'])}: {offer['order']}; {verdict}."))
    return head, lines


def _reversal_text(reversal):
    if not reversal:
        return "no chance that the deal is reversed from outside"
    return f"a chance of {_n(reversal)} a year that the deal is reversed from outside"


def _broken_text(broken):
    if broken is None:
        return "no constraint breaks"
    player, phase = broken
    return f"{player} gains by reneging {_phase_text(phase)}"


def _phase_text(phase):
    return "in the first phase" if phase == 0 else f"in phase {phase}"


# ---------------------------------------------------------------------- text helpers

def _walk_away_sentence(players, s):
    """How each side's walk-away value is built: its no-deal payoff, or its outside option
    where that is better."""
    parts = []
    for name, d, w, a in zip(players, s["disagreement"], s["outside_options"], s["walk_away"]):
        if w is not None and w > d:
            parts.append(f"{name} {_n(a)} (its outside option, above its no-deal payoff "
                         f"{_n(d)})")
        else:
            parts.append(f"{name} {_n(a)} (its no-deal payoff"
                         + (f"; its outside option {_n(w)} is lower)" if w is not None else ")"))
    return "Walk-away values (what each side has if it leaves the table): " + \
        "; ".join(parts) + "."


def _threshold_sentence(t, words):
    name = _named(t.parameter, words)
    name = name[0].upper() + name[1:]
    if t.value is None:
        where = f"in or near [{_n(t.range[0])}, {_n(t.range[1])}]"
        if t.status == "always":
            return f"{name}: no tipping point {where}: {t.meaning} throughout."
        return f"{name}: no tipping point {where}: nowhere there {t.meaning}."
    where = "" if t.in_range else " (outside its plausible range)"
    if t.status in ("below", "above"):
        verdict = f"{t.status} it, {t.meaning}"
    elif t.status == "only at":
        verdict = f"a knife-edge: only at exactly this value, {t.meaning}"
    else:
        verdict = f"a knife-edge: {t.meaning} on both sides of it, but not at exactly this value"
    return (f"{name} tips at {_n(t.value)}{where}: {verdict} (the scenario has "
            f"{_n(t.current)}). {t.side}.")


def _named(parameter, words):
    """A parameter in prose: its label, with the identifier that ``--set`` takes."""
    label = words.parameter(parameter) if words else parameter
    return parameter if label == parameter else f"{label} ({parameter})"


def _package(package):
    if not package:
        return "no package"
    conceded = [f"{k} {v}" for k, v in package.items() if v not in ("none", "no")]
    return ", ".join(conceded) if conceded else "no concessions"


def _n(value):
    if value is None:
        return "—"
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    v = float(value)
    if v == int(v) and abs(v) < 1e6:
        return str(int(v))
    return f"{v:.3g}" if abs(v) >= 0.001 else f"{v:.2e}"


def _float(value):
    return float(value)


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (Fraction, np.floating)):
        return float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if type(value).__module__.startswith("sympy"):
        return float(value) if value.is_number else str(value)
    return value
