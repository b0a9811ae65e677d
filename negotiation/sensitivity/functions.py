"""What the sensitivity functions evaluate: a *target*, "named parameters → named outputs".

A target is either

* a plain function of keyword arrays (one per parameter) returning an array, or a dict of
  arrays (several outputs), with its parameters given as ``{name: (low, high)}`` (a
  uniform range) or ``{name: frozen scipy.stats distribution}``; or
* a :class:`~negotiation.scenario.Scenario`, whose parameters (values, ranges, priors) come
  from the file and whose outputs are those of its analysis (:data:`SCENARIO_OUTPUTS`).

Scenario outputs are computed vectorised over many parameter points at once from the
scenario's own formulas (every package's utilities as an array per point; the Nash and
Kalai–Smorodinsky solutions, margins and regime by array operations), exactly as
``scenario.analyze()`` computes them one point at a time; so are the crisis models' shares
(their closed forms, :func:`~negotiation.bargaining.crisis.optimal_demand_uniform` over
arrays), and so is the probability of no deal under private resolve
(:mod:`.private_resolve`).  Alternating offers, and Kalai–Smorodinsky with lotteries, lie
on the Pareto chain of the packages' convex hull: one chain per point
(:class:`~negotiation.bargaining.polylines.PolylineFrontiers`, the Minkowski sum of the
issues' chains), solved over all points at once.  Only the schedule is computed point by
point with the analysis itself.
"""

from abc import ABC, abstractmethod
import itertools
import math
from dataclasses import dataclass

import numpy as np

from ..errors import NegotiationError, ParameterError
from .executors import CHUNK, chunk_slices, run

#: The outputs of a scenario, with what each means.
SCENARIO_OUTPUTS = {
    "nash": "the DPRK's utility under the symmetric Nash solution (nan: no deal)",
    "nash_us": "the US utility under the symmetric Nash solution (nan: no deal)",
    "nash_patience": "the DPRK's utility under Nash weighted by patience (nan: no deal)",
    "nash_recognition": "whether the Nash deal includes recognition (a probability for "
                        "mixtures)",
    "margin": "the smaller side's gain over its walk-away value in the best deal (negative: "
              "no deal)",
    "margin_without_recognition": "the same, over deals without recognition",
    "margin_with_recognition": "the same, over deals with recognition",
    "deal": "some deal gives both sides more than walking away",
    "regime": "no deal / recognition required / recognition chosen / deal without "
              "recognition",
    "kalai_smorodinsky": "the DPRK's utility under Kalai–Smorodinsky (nan: no deal)",
    "alternating_offers": "the DPRK's utility under alternating offers with outside options "
                          "(nan: no deal)",
    "war": "the DPRK's share in the crisis (war) model",
    "power_shift": "the DPRK's share after the power shift",
    "no_deal_probability": "the probability of no deal when the DPRK's resolve is private",
    "schedule": "how the Nash deal can be kept, all at once, phased, not kept or no deal "
                "(point by point; phased: only as a schedule of steps, not kept: no schedule "
                "holds at any verification level)",
}
_POINTWISE = ("schedule",)
_CRISIS = ("war", "power_shift")
#: Points per chunk for outputs computed point by point (so that workers share them).
_POINTWISE_CHUNK = 8
#: Work of one point of an output computed point by point, in vectorised points.
_POINTWISE_WORK = 10_000
#: Cells evaluated at once (bounds memory: points × packages floats, or points × levels
#: with the compiled kernel).
_CELLS = 1 << 20


@dataclass(frozen=True)
class Spec:
    """One parameter of a target: its value (the baseline), range and prior."""

    name: str
    value: float
    low: float
    high: float
    prior: object = None  # a frozen scipy.stats distribution, or None: uniform on the range

    def distribution(self):
        if self.prior is not None:
            return self.prior
        from scipy import stats

        return stats.uniform(self.low, self.high - self.low)

    def sample(self, count, rng):
        """``count`` draws from the prior with the generator ``rng``; a uniform prior is
        drawn directly (the same numbers as scipy's, without freezing a distribution)."""
        if self.prior is None:
            return rng.uniform(self.low, self.high, count)
        return np.asarray(self.prior.rvs(size=count, random_state=rng), dtype=float)


class Target(ABC):
    """Named parameters → named outputs, evaluated on arrays."""

    parameters: dict
    outputs: tuple
    default: str

    @abstractmethod
    def __call__(self, values):
        """``{output: array}`` at the points ``values`` (``{parameter: array}``; the
        parameters left out stay at their baseline)."""

    def spec(self, name):
        if name not in self.parameters:
            raise ParameterError(f"{name!r} is not a parameter of {self.label}"
                                 f"{_hint(name, self.parameters)}")
        return self.parameters[name]

    def check_output(self, output):
        output = self.default if output is None else output
        if output not in self.outputs:
            raise ParameterError(f"{output!r} is not an output of {self.label}"
                                 f"{_hint(output, self.outputs)}; the outputs are "
                                 + ", ".join(self.outputs))
        return output

    def check_range(self, name, low, high):
        """``(low, high)`` as floats if they make a valid range for ``name``."""
        self.spec(name)
        try:
            low, high = float(low), float(high)
        except (TypeError, ValueError):
            raise ParameterError(f"the range of {name!r} must be two numbers, not "
                                 f"({low!r}, {high!r})") from None
        if not (math.isfinite(low) and math.isfinite(high)) or not low < high:
            raise ParameterError(f"the range of {name!r} is [{low:g}, {high:g}], but it must "
                                 "have finite ends, the low one first")
        return low, high

    def baseline(self):
        return {k: p.value for k, p in self.parameters.items()}

    def inside(self, name, value):
        """Whether ``value`` is a value the parameter ``name`` can take (finite here)."""
        return bool(np.isfinite(value))

    def work(self, outputs, n):
        """``(points per chunk, work)`` for ``n`` points of ``outputs``: the work counts
        vectorised points, so that ``executor="auto"`` can weigh the job."""
        return CHUNK, n


class FunctionTarget(Target):
    """A plain function of keyword arrays (see the module docstring)."""

    def __init__(self, function, parameters, at=None, name=None):
        if not callable(function):
            raise ParameterError(f"the function to analyse is {function!r}, not a callable")
        if not parameters:
            raise ParameterError("give the function's parameters as {name: (low, high)} or "
                                 "{name: scipy.stats distribution}")
        self.function = function
        self.label = name or getattr(function, "__name__", "the function")
        specs = {}
        for key, given in dict(parameters).items():
            specs[key] = _spec(key, given, None if at is None else at.get(key))
        self.parameters = specs
        self.default = "output"
        self.outputs = ("output",)
        self._probe()

    def _probe(self):
        names = ", ".join(f"{k}=array" for k in self.parameters)
        try:
            out = self.function(**{k: np.array([p.value]) for k, p in self.parameters.items()})
        except NegotiationError:
            raise
        except TypeError as error:
            if "argument" in str(error):  # it does not take its parameters by keyword
                raise ParameterError(
                    f"{self.label} must take its parameters as keyword arrays ({names}), but "
                    f"calling it so fails: {error}; wrap it, e.g. lambda {names.split('=')[0]}"
                    f": f({names.split('=')[0]})") from None
            return
        except Exception:
            return
        if isinstance(out, dict):
            self.outputs = tuple(out)
            self.default = self.outputs[0]

    def __call__(self, values):
        n = max((np.size(v) for v in values.values()), default=1)
        scalars = getattr(self.function, "broadcasts", False)  # fixed values as scalars
        args = {k: (np.asarray(values[k], dtype=float) if k in values else
                    p.value if scalars else np.full(n, p.value))
                for k, p in self.parameters.items()}
        out = self.function(**args)
        if not isinstance(out, dict):
            out = {"output": out}
        return {k: np.broadcast_to(np.asarray(v), (n,)) for k, v in out.items()}


class ScenarioTarget(Target):
    """A scenario's analysis as a vectorised function of its parameters."""

    def __init__(self, scenario, ranges=None):
        self.scenario = scenario
        self.label = scenario.name
        self.default = "nash"
        self.outputs = tuple(SCENARIO_OUTPUTS)
        specs = {}
        for name, p in scenario.parameters.items():
            low, high = (float(v) for v in p.range)
            prior = p.frozen() if p.distribution and p.distribution.get("type") != "uniform" \
                else None
            specs[name] = Spec(name, float(scenario.values[name]), low, high, prior)
        self.parameters = specs
        for name, bounds in (ranges or {}).items():
            low, high = self.check_range(name, *bounds)
            self.parameters[name] = Spec(name, specs[name].value, low, high)

    def check_range(self, name, low, high):
        low, high = super().check_range(name, low, high)
        self.scenario.check_domain({name: np.array([low, high])})
        model = self.scenario.model
        for end in (low, high):
            try:
                env = model.env({name: end}, floats=True)
                model.disagreement(env)
                model.outside_options(env)
            except NegotiationError as error:
                raise ParameterError(f"the range [{low:g}, {high:g}] of {name!r} is outside its "
                                     f"allowed domain: at {end:g}, {error}") from None
        return low, high

    def inside(self, name, value):
        """Whether ``value`` lies in the domain of the parameter ``name``."""
        domain = self.scenario.parameters[name].domain
        return bool(np.isfinite(value)) and (domain is None or bool(domain.contains(value)))

    @property
    def pointwise(self):
        """The outputs computed point by point by the analysis itself."""
        return _POINTWISE

    def __call__(self, values, outputs=None):
        outputs = self.outputs if outputs is None else tuple(outputs)
        n = max((np.size(v) for v in values.values()), default=1)
        self.scenario.check_domain({k: np.asarray(v, dtype=float) for k, v in values.items()})
        fast = [o for o in outputs if o not in (*self.pointwise, *_CRISIS,
                                                "no_deal_probability")]
        out = {}
        if fast:
            out.update(scenario_outputs(self.scenario, values, n, fast))
        crisis = [o for o in outputs if o in _CRISIS]
        if crisis:
            out.update(crisis_outputs(self.scenario.model, values, n, crisis))
        if "no_deal_probability" in outputs:
            from .private_resolve import no_deal_probability

            out["no_deal_probability"] = no_deal_probability(self.scenario.model, values, n)
        slow = [o for o in outputs if o in self.pointwise]
        if slow:
            out.update(_pointwise(self.scenario, values, n, slow))
        return {k: out[k] for k in outputs}

    def evaluate(self, values, output):
        return self(values, (output,))[output]

    def work(self, outputs, n):
        if any(o in self.pointwise for o in outputs):
            return _POINTWISE_CHUNK, n * _POINTWISE_WORK
        return CHUNK, n


def as_target(target, parameters=None, at=None, ranges=None):
    """A :class:`Target` from a scenario, a target or a plain function with ``parameters``."""
    if isinstance(target, Target):
        return target
    from ..scenario import Scenario

    if isinstance(target, Scenario):
        return ScenarioTarget(target, ranges)
    if isinstance(target, str):
        raise ParameterError(f"{target!r} is a name: load the scenario first "
                             "(negotiation.load(name)) or pass a function")
    return FunctionTarget(target, parameters, at=at)


def evaluate(target, values, output):
    """One output of ``target`` at ``values`` as a float or object array."""
    if isinstance(target, ScenarioTarget):
        return target.evaluate(values, output)
    return target(values)[output]


def evaluate_many(target, values, outputs, executor="auto", progress=None, description="",
                  chunk_size=None):
    """``{output: array}`` of ``target`` at the points ``values`` (``{parameter: array}``),
    in chunks on ``executor`` (see :mod:`.executors`), with a progress bar."""
    n = max((np.size(v) for v in values.values()), default=1)
    size, work = target.work(outputs, n)
    tasks = [(target, outputs, {k: _row(v, n)[a:b] for k, v in values.items()})
             for a, b in chunk_slices(n, chunk_size or size)]
    parts = run(_outputs, tasks, executor, progress, description, points=work)
    return {o: np.concatenate([np.asarray(p[o]) for p in parts]) for o in outputs}


def _outputs(target, outputs, values):
    if isinstance(target, ScenarioTarget):
        return target(values, outputs)
    out = target(values)
    return {o: out[o] for o in outputs}


def _spec(name, given, value):
    if hasattr(given, "ppf") and hasattr(given, "rvs"):
        low, high = (float(v) for v in given.support())
        if not (math.isfinite(low) and math.isfinite(high)):
            low, high = (float(v) for v in given.ppf([0.001, 0.999]))
        centre = float(given.median()) if value is None else float(value)
        return Spec(name, centre, low, high, given)
    try:
        low, high = (float(v) for v in given)
    except (TypeError, ValueError):
        raise ParameterError(f"parameter {name!r} is given as {given!r}, but it must be a "
                             "(low, high) range or a frozen scipy.stats distribution") from None
    if not (math.isfinite(low) and math.isfinite(high)) or not low < high:
        raise ParameterError(f"the range of {name!r} is [{low:g}, {high:g}], but it must have "
                             "finite ends, the low one first")
    return Spec(name, (low + high) / 2 if value is None else float(value), low, high)


def _hint(name, names):
    import difflib

    close = difflib.get_close_matches(str(name), list(names), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


# ====================================================================== scenario outputs

def scenario_outputs(scenario, values, n, want=("nash_patience",)):
    """The vectorised outputs of ``scenario`` at ``n`` points (``values``: arrays)."""
    from . import kernel

    model = scenario.model
    # the numpy passes hold points × packages matrices, the kernel points × levels tables
    compiled = kernel.available(n) and not model.scenario.settings.get("lotteries")
    size = sum(len(i.levels) for i in model.issues) if compiled else len(model.levels())
    batch = max(1, _CELLS // size)
    pieces = []
    for a in range(0, n, batch):
        b = min(a + batch, n)
        part = {k: _row(v, n)[a:b] for k, v in values.items()}
        pieces.append(_batch(model, part, b - a, want, compiled))
    return {k: np.concatenate([p[k] for p in pieces]) for k in pieces[0]}


def _row(value, n):
    return np.broadcast_to(np.asarray(value, dtype=float), (n,))


def _column(value, n):
    return np.broadcast_to(np.asarray(value, dtype=float).reshape(-1), (n,)) \
        if np.size(value) in (1, n) else np.asarray(value, dtype=float)


def _batch(model, values, n, want=(), compiled=False):
    """The outputs at ``n`` points: each side's value of every issue's levels at each
    point, then the margins and solution concepts over the packages (in
    ``model.levels()`` order, the product order of the issues' levels, the last issue
    fastest) by the compiled :mod:`.kernel` when ``compiled``, by :func:`concepts`
    otherwise (the same numbers); with lotteries, on the Pareto chain of the convex hull
    (:func:`_lottery_concepts`)."""
    from . import kernel

    tables, sizes, k, (d1, d2), (e1, e2), weights = tables_at(model, values, n)
    lotteries = model.scenario.settings.get("lotteries")
    exact_margins = lotteries or not set(want).isdisjoint({"margin", *_MARGINS})
    plain = set(want) <= {"margin", "deal", *_MARGINS, "alternating_offers"}  # no concept
    hull = hull_frontiers(tables, sizes, (d1, d2)) \
        if lotteries or "alternating_offers" in want else None
    if lotteries:
        c = concepts(*tables, sizes, k, d1, d2, e1, e2, weights, nash=False)
        margin, nash, patience, ks = _lottery_concepts(
            hull, (d1 + e1, d2 + e2), tables, sizes, kernel.recognition_mask(sizes, k),
            weights)
    else:
        solve = kernel.concepts if compiled else concepts
        c = solve(*tables, sizes, k, d1, d2, e1, e2, weights,
                  nash=not plain,
                  patience="nash_patience" in want, ks="kalai_smorodinsky" in want,
                  exact=exact_margins)
        margin = np.maximum(c["margin_without_recognition"], c["margin_with_recognition"])
        nash, patience = ((c[f"{s}_us"], c[f"{s}_dprk"], c[f"{s}_recognition"])
                          for s in ("nash", "patience"))
        ks = c["ks_dprk"] + d2
    margins = {m: c[m] for m in _MARGINS}
    deal = margin > 0
    extra = {}
    if "alternating_offers" in want:
        extra["alternating_offers"] = alternating_offers_at(model, values, n, hull, deal)
    if plain:
        return {"margin": margin, "deal": deal, **margins, **extra}
    regime = np.where(~deal, "no deal", np.where(
        ~(margins["margin_without_recognition"] > 0), "recognition required",
        np.where(nash[2] > 0, "recognition chosen", "deal without recognition"))).astype(object)
    nan = np.full(n, np.nan)
    exact = {"margin": margin, **margins} if exact_margins else {}  # (else: signs only)
    return {
        "nash": np.where(deal, nash[1] + d2, nan), "nash_us": np.where(deal, nash[0] + d1, nan),
        "nash_patience": np.where(deal, patience[1] + d2, nan),
        "nash_recognition": np.where(deal, nash[2], nan), **exact, "deal": deal,
        "regime": regime,
        **({"kalai_smorodinsky": ks if lotteries else np.where(deal, ks, nan)}
           if "kalai_smorodinsky" in want else {}), **extra,
    }


_MARGINS = ("margin_without_recognition", "margin_with_recognition")


def tables_at(model, values, n):
    """What the packages' gains are built from at ``n`` points: each side's values of
    every issue's levels (an ``n × levels`` table per side, issue after issue), the
    issues' sizes, the recognition issue's index, the no-deal payoffs, the walk-away
    values less them, and the bargaining weights of patience (inverse discount rates)."""
    env = model.env({k: np.asarray(v, dtype=float) for k, v in values.items()} or None)
    env = {k: (v if isinstance(v, np.ndarray) else np.full(n, float(v))) for k, v in env.items()}
    d = [_column(v, n) for v in model.disagreement(env)]
    tables = [np.concatenate([np.stack([_column(v, n) for v in table[name]], axis=1)
                              for name in model.issue_names], axis=1)
              for table in (model.issue_values(actor, env) for actor in model.players)]
    extra = [_column(a, n) - d_i for a, d_i in zip(model.walk_away(env), d)]
    rates = [-np.log(_column(v, n)) for v in model.discount(env)]
    weights = (rates[1] / (rates[0] + rates[1]), rates[0] / (rates[0] + rates[1]))
    return (tables, [len(i.levels) for i in model.issues],
            model.issue_names.index(model.recognition), d, extra, weights)


def concepts(values1, values2, sizes, recognition, d1, d2, e1, e2, weights, nash=True,
             patience=True, ks=True, exact=True):
    """The margins and solution concepts at ``n`` points, as :func:`.kernel.concepts`
    (same arguments, same numbers; the margins always exact), by numpy passes over the
    ``n × packages`` matrices.
    The gains ``g = u − d`` are summed issue by issue from ``−d``, each step adding a
    level's column to a long contiguous row (numpy's inner loop runs along the packages,
    not along an issue's few levels), and the margins are maxima over views split at the
    recognition issue."""
    from .kernel import COLUMNS, recognition_mask

    n = len(values1)
    g1, g2 = (_gains(t, sizes, d) for t, d in ((values1, d1), (values2, d2)))
    # gains over the walk-away values (where an outside option beats no deal)
    h1, h2 = (gain if not extra.any() else gain - extra[:, None]
              for gain, extra in ((g1, e1), (g2, e2)))
    k = recognition
    split = (n, math.prod(sizes[:k]), sizes[k], math.prod(sizes[k + 1:]))
    by_level = np.minimum(h1, h2).reshape(split).max(axis=3).max(axis=1)
    out = dict.fromkeys(COLUMNS, np.full(n, np.nan))
    out["margin_without_recognition"] = by_level[:, 0]
    out["margin_with_recognition"] = by_level[:, 1:].max(axis=1, initial=-np.inf)
    if nash:
        rec = recognition_mask(sizes, k)
        ok = (h1 > 0) & (h2 > 0)
        symmetric, weighted = _nash(g1, g2, ok, rec, weights if patience else None)
        solutions = {"nash": symmetric, **({"patience": weighted} if patience else {})}
        if ks:
            solutions["ks"] = _kalai_smorodinsky(g1, g2, ok, rec)
        for name, (x1, x2, r) in solutions.items():
            out.update({f"{name}_us": x1, f"{name}_dprk": x2, f"{name}_recognition": r})
    return out


def _gains(values, sizes, d):
    """Every package's gains over the no-deal payoff ``d`` (see :func:`concepts`)."""
    n = len(values)
    stops = np.cumsum([0, *sizes])
    total = -d[:, None]  # product order: outer sums, the last issue first
    for k in reversed(range(len(sizes))):
        total = (values[:, stops[k]:stops[k + 1], None] + total[:, None, :]).reshape(n, -1)
    return total


def _nash(g1, g2, ok, rec, weights=None):
    """The symmetric Nash package at each row and, with ``weights``, the weighted one,
    among the packages ``ok`` (above both walk-away values): each as its gains and whether
    it has recognition; ties go to the DPRK's best, as in the analysis.  Without
    ``weights`` the second result is the first."""
    score = np.where(ok, g1, 0)  # the product of the gains where acceptable, else 0
    score *= g2
    symmetric = _best(score, 0, g1, g2, rec)
    if weights is None:
        return symmetric, symmetric
    return symmetric, _weighted(g1, g2, ok, rec, weights, symmetric)


def _kalai_smorodinsky(g1, g2, ok, rec):
    r"""The Kalai–Smorodinsky package at each row, among the packages ``ok`` (above both
    walk-away values): the largest :math:`\min(g_1/\bar g_1, g_2/\bar g_2)`, with
    :math:`\bar g_i` the largest gain of side *i* among them (the ideal point); ties to
    the DPRK's best."""
    ideal = [np.where(ok, g, 0).max(axis=1, keepdims=True) for g in (g1, g2)]
    ideal = [np.where(i > 0, i, 1) for i in ideal]  # rows without such packages: no deal
    score = np.minimum(g1 / ideal[0], g2 / ideal[1])
    score = np.where(ok, score, 0)  # a package outside the set scores 0
    return _best(score, 0, g1, g2, rec)


def _weighted(g1, g2, ok, rec, weights, anchor):
    r"""The weighted Nash package, maximising :math:`f = w_1 \log g_1 + w_2 \log g_2`,
    with logarithms taken only where needed.  :math:`f` is concave, so below its tangent
    plane at the symmetric package ``anchor`` :math:`a`:
    :math:`f(g) \le f(a) + w_1 (g_1/a_1 - 1) + w_2 (g_2/a_2 - 1)`.  The maximiser (and
    every package tied with it) has :math:`f(g) \ge f(a)`, so it is among the packages
    with :math:`w_1 g_1/a_1 + w_2 g_2/a_2 \ge w_1 + w_2`: only these are scored."""
    n, size = g1.shape
    w1, w2 = (np.broadcast_to(np.asarray(w, dtype=float), (n,)) for w in weights)
    a1, a2, _ = anchor
    deal = (a1 > 0) & (a2 > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        c1, c2 = np.where(deal, w1 / a1, 0), np.where(deal, w2 / a2, 0)
        fa = np.where(deal, w1 * np.log(np.where(deal, a1, 1)) +
                      w2 * np.log(np.where(deal, a2, 1)), 0)
    level = np.where(deal, (w1 + w2) * (1 - 1e-9) - 1e-9 * np.abs(fa), np.inf)
    bound = g1 * c1[:, None]
    bound += g2 * c2[:, None]
    flat = np.flatnonzero(bound >= level[:, None])  # row-major: rows in order, packages too
    row, col = np.divmod(flat, size)
    x1, x2 = g1.ravel()[flat], g2.ravel()[flat]
    good = ok.ravel()[flat]
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(good, w1[row] * np.log(np.where(good, x1, 1)) +
                     w2[row] * np.log(np.where(good, x2, 1)), -np.inf)
    rows, start, count = np.unique(row, return_index=True, return_counts=True)
    best = np.repeat(np.maximum.reduceat(f, start), count)
    near = f >= best - 1e-12 * np.maximum(1, np.abs(best))
    dprk = np.where(near, x2, -np.inf)
    pick = near & (dprk == np.repeat(np.maximum.reduceat(dprk, start), count))
    first = np.flatnonzero(pick)[np.unique(row[pick], return_index=True)[1]]
    out = [a1.copy(), a2.copy(), anchor[2].copy()]  # rows without a deal: the anchor
    out[0][rows], out[1][rows], out[2][rows] = x1[first], x2[first], rec[col[first]]
    return tuple(out)


def _best(score, nothing, g1, g2, rec):
    """The package of highest ``score`` in each row; among those within a relative 1e-12
    of the best, the DPRK's best (the first such package if several).  ``nothing`` is the
    score of a package without gains: rows where it is the best have no deal."""
    rows = np.arange(len(score))
    k = score.argmax(axis=1)
    best = score[rows, k]
    with np.errstate(invalid="ignore"):
        floor = (best - 1e-12 * np.maximum(1, np.abs(best)))[:, None]
        tied = np.flatnonzero((best > nothing) & ((score >= floor).sum(axis=1) > 1))
    if len(tied):
        near = score[tied] >= floor[tied]
        k[tied] = np.argmax(np.where(near, g2[tied], -np.inf), axis=1)
    return g1[rows, k], g2[rows, k], rec[k].astype(float)


def _lottery_concepts(hull, walk_away, tables, sizes, rec, weights):
    """With lotteries, on the Pareto chain of the convex hull (``hull``, one row per point,
    with the no-deal payoffs): the hull margin over the walk-away values, the symmetric and
    the weighted Nash points of the chain's part above them (each as gains and the
    probability of recognition of its lottery), and the DPRK's utility under
    Kalai–Smorodinsky there (nan: none), as ``PackageSpace._lottery_choice`` computes them
    one point at a time."""
    d1, d2 = hull.disagreement
    clipped, nonempty = hull.clip(walk_away)
    solutions = []
    for w in ((1, 1), weights):
        x, y, _ = clipped.nash(w)
        solutions.append((x - d1, y - d2, _recognition(hull, x, y, tables, sizes, rec)))
    _, dprk, empty = clipped.kalai_smorodinsky()
    ks = np.where(nonempty & ~empty, dprk, np.nan)
    return hull.margin(walk_away), solutions[0], solutions[1], ks


def _recognition(hull, x, y, tables, sizes, rec):
    """The probability of recognition in the lottery worth ``(x, y)`` on each row's chain,
    as ``PackageSpace.mixture`` forms it: the packages at the ends of the chain's edge
    the point lies on (each found by its utilities), mixed to give ``x``."""
    rows = np.arange(len(hull))
    k = np.clip((hull.x < x[:, None]).sum(axis=1), 1, hull.x.shape[1] - 1)
    u1, u2 = (_gains(t, sizes, np.zeros(len(hull))) for t in tables)  # once, for both ends
    ends = []
    for j in (k - 1, k):
        gap = np.abs(u1 - hull.x[rows, j][:, None]) + np.abs(u2 - hull.y[rows, j][:, None])
        ends.append(rec[np.argmin(gap, axis=1)].astype(float))
    a, b = hull.x[rows, k - 1], hull.x[rows, k]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(b > a, np.clip((x - a) / (b - a), 0, 1), 0.0)
    return ends[0] + t * (ends[1] - ends[0])


def hull_frontiers(tables, sizes, disagreement):
    """The Pareto chain of the convex hull of every package's utilities at each point, as
    :class:`~negotiation.bargaining.polylines.PolylineFrontiers` with the no-deal payoffs
    ``disagreement``: utilities are additive over issues, so the packages' points are the
    Minkowski sum of the issues' levels and the chain is the sum of the issues' chains
    (:func:`~negotiation.bargaining.polylines.sum_chains`)."""
    from ..bargaining.polylines import PolylineFrontiers, hull_chains, sum_chains

    stops = np.cumsum([0, *sizes])
    chains = [hull_chains(tables[0][:, a:b], tables[1][:, a:b])
              for a, b in itertools.pairwise(stops)]
    return PolylineFrontiers(*sum_chains(chains), disagreement)


def alternating_offers_at(model, values, n, hull, deal):
    """The DPRK's utility under alternating offers at ``n`` points, as ``analysis.
    _alternating`` computes it one point at a time: the stationary subgame-perfect
    agreement on the Pareto chain of the packages' convex hull (``hull``, one row per point,
    with the no-deal payoffs), with the outside options and discount factors of each
    point, the US proposing first; nan where no deal gives both sides more than walking
    away (``deal`` false)."""
    from ..bargaining import alternating_offers

    env = model.env({k: _row(v, n) for k, v in values.items()} or None, floats=True)
    out = np.full(n, np.nan)
    rows = np.flatnonzero(deal)
    if len(rows):
        options = tuple(None if w is None else _column(w, n)[rows]
                        for w in model.outside_options(env))
        delta = tuple(_column(v, n)[rows] for v in model.discount(env))
        result = alternating_offers(delta, problem=hull[rows], outside_options=options,
                                    players=model.players)
        out[rows] = result.agreement[1]
    return out


def crisis_outputs(model, values, n, names=_CRISIS):
    """The DPRK's shares in the war and power-shift models at ``n`` points, as
    ``analysis._war`` and ``analysis._power_shift`` compute them one point at a time:
    ``1 − z*`` for the optimal demand against a uniform cost (``p + low`` where the cost
    is known), and ``max(p' − c, 0)``; nan where the scenario has no such model."""
    from ..bargaining.crisis import optimal_demand_uniform

    env = model.env({k: _row(v, n) for k, v in values.items()} or None, floats=True)
    out = {}
    if "war" in names:
        war = model.war(env)
        out["war"] = np.full(n, np.nan)
        if war is not None:
            p, cost_us, (low, high), _ = war
            p, cost_us, low, high = (_row(x, n) for x in (p, cost_us, low, high))
            demand = p + low  # a known cost: the demand takes the whole cost
            spread = high != low
            if spread.any():
                demand = demand.copy()
                demand[spread] = optimal_demand_uniform(
                    p[spread], cost_us[spread], low[spread], high[spread]).demand
            out["war"] = 1 - demand
    if "power_shift" in names:
        shift = model.power_shift(env)
        out["power_shift"] = np.full(n, np.nan) if shift is None else \
            np.maximum(_row(shift[1], n) - _row(shift[4], n), 0)
    return out


def _pointwise(scenario, values, n, names):
    """The outputs of :data:`_POINTWISE` (the schedule) at each point, by the analysis."""
    from ..scenario.analysis import keeping

    out = {k: np.full(n, "", dtype=object) for k in names}
    for row in range(n):
        point = {k: float(_row(v, n)[row]) for k, v in values.items()}
        out["schedule"][row] = keeping(scenario.with_values(point) if point else scenario)
    return out


def closed_form(scenario, expressions, name=None):
    """A vectorised target from closed forms of ``scenario`` (sympy expressions over its
    parameters, e.g. ``scenario.model.symbolic()["war"]["demand"]``): compiled once by
    ``sympy.lambdify`` to numpy, the other parameters at the scenario's values and ranges.
    ``expressions`` is one expression or ``{output: expression}``."""
    import sympy

    exprs = expressions if isinstance(expressions, dict) else {"output": expressions}
    names = list(scenario.parameters)
    symbols = [sympy.Symbol(k, real=True) for k in names]
    compiled = {k: sympy.lambdify(symbols, e, "numpy", dummify=True) for k, e in exprs.items()}
    parameters = {k: tuple(float(v) for v in p.range) for k, p in scenario.parameters.items()}
    at = {k: float(v) for k, v in scenario.values.items()}
    return FunctionTarget(_Compiled(names, compiled), parameters, at=at,
                          name=name or f"closed forms of {scenario.name}")


class _Compiled:
    broadcasts = True  # numpy broadcasting: the fixed parameters may stay scalars

    def __init__(self, names, compiled):
        self.names, self.compiled = names, compiled
        self.__name__ = "closed_form"

    def __call__(self, **values):
        args = [values[k] for k in self.names]
        n = max(np.size(a) for a in args)
        with np.errstate(all="ignore"):
            return {k: np.broadcast_to(np.asarray(f(*args), dtype=float), (n,))
                    for k, f in self.compiled.items()}
