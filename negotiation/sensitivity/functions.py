"""What the sensitivity functions evaluate: a *target*, "named parameters → named outputs".

A target is either

* a plain function of keyword arrays (one per parameter) returning an array, or a dict of
  arrays (several outputs), with its parameters given as ``{name: (low, high)}`` (a
  uniform range) or ``{name: frozen scipy.stats distribution}``; or
* a :class:`~negotiation.scenario.Scenario`, whose parameters (values, ranges, priors) come
  from the file and whose outputs are those of its analysis (:data:`SCENARIO_OUTPUTS`).

Scenario outputs are computed vectorised over many parameter points at once from the
scenario's own formulas (every package's utilities as an array per point; the Nash
solutions, margins and regime by array operations), exactly as ``scenario.analyze()``
computes them one point at a time; outputs without a vectorised path (Kalai–Smorodinsky,
alternating offers, the war and power-shift shares, the probability of no deal under
private resolve) are computed point by point with the analysis itself.
"""

from abc import ABC, abstractmethod
import math
from dataclasses import dataclass

import numpy as np

from ..errors import NegotiationError, ParameterError

#: The outputs of a scenario, with what each means.
SCENARIO_OUTPUTS = {
    "nash": "the DPRK's utility under the symmetric Nash solution (nan: no deal)",
    "nash_us": "the US utility under the symmetric Nash solution (nan: no deal)",
    "nash_patience": "the DPRK's utility under Nash weighted by patience (nan: no deal)",
    "nash_recognition": "whether the Nash deal includes recognition (a probability for "
                        "mixtures)",
    "margin": "the smaller side's gain over no deal in the best deal (negative: no deal)",
    "margin_without_recognition": "the same, over deals without recognition",
    "margin_with_recognition": "the same, over deals with recognition",
    "deal": "some deal gives both sides more than no deal",
    "regime": "no deal / recognition required / recognition chosen / deal without "
              "recognition",
    "kalai_smorodinsky": "the DPRK's utility under Kalai–Smorodinsky (point by point)",
    "alternating_offers": "the DPRK's utility under alternating offers with outside options "
                          "(point by point)",
    "war": "the DPRK's share in the crisis (war) model (point by point)",
    "power_shift": "the DPRK's share after the power shift (point by point)",
    "no_deal_probability": "the probability of no deal when the DPRK's resolve is private "
                           "(point by point)",
}
_POINTWISE = ("kalai_smorodinsky", "alternating_offers", "war", "power_shift",
              "no_deal_probability")
#: Rows of packages evaluated at once (bounds memory: rows × packages floats).
_CELLS = 1 << 21


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
        try:
            out = self.function(**{k: np.array([p.value]) for k, p in self.parameters.items()})
        except NegotiationError:
            raise
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
        model = self.scenario.model
        for end in (low, high):
            try:
                env = model.env({name: end}, floats=True)
                for actor, delta in zip(model.players, model.discount(env)):
                    if delta is not None and not 0 < float(delta) < 1:
                        raise ParameterError(
                            f"the range [{low:g}, {high:g}] of {name!r} is outside its allowed "
                            f"domain: at {end:g} the discount factor of {actor} is "
                            f"{float(delta):g}, but it must lie strictly between 0 and 1")
                model.disagreement(env)
                model.outside_options(env)
            except ParameterError:
                raise
            except NegotiationError as error:
                raise ParameterError(f"the range [{low:g}, {high:g}] of {name!r} is outside its "
                                     f"allowed domain: at {end:g}, {error}") from None
        return low, high

    def __call__(self, values, outputs=None):
        outputs = self.outputs if outputs is None else tuple(outputs)
        n = max((np.size(v) for v in values.values()), default=1)
        fast = [o for o in outputs if o not in _POINTWISE]
        out = {}
        if fast:
            out.update(scenario_outputs(self.scenario, values, n, fast))
        slow = [o for o in outputs if o in _POINTWISE]
        if slow:
            out.update(_pointwise(self.scenario, values, n, slow))
        return {k: out[k] for k in outputs}

    def evaluate(self, values, output):
        return self(values, (output,))[output]


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
    model = scenario.model
    levels = model.levels()
    size = len(levels)
    batch = max(1, _CELLS // size)
    pieces = []
    for a in range(0, n, batch):
        b = min(a + batch, n)
        part = {k: _row(v, n)[a:b] for k, v in values.items()}
        pieces.append(_batch(model, part, b - a, want))
    return {k: np.concatenate([p[k] for p in pieces]) for k in pieces[0]}


def _row(value, n):
    return np.broadcast_to(np.asarray(value, dtype=float), (n,))


def _column(value, n):
    return np.broadcast_to(np.asarray(value, dtype=float).reshape(-1), (n,)) \
        if np.size(value) in (1, n) else np.asarray(value, dtype=float)


def _batch(model, values, n, want=()):
    """The outputs at ``n`` points; the packages are in ``model.levels()`` order, which is
    the product order of the issues' levels (the last issue fastest)."""
    env = model.env({k: np.asarray(v, dtype=float) for k, v in values.items()} or None)
    env = {k: (v if isinstance(v, np.ndarray) else np.full(n, float(v))) for k, v in env.items()}
    u = []
    for actor in model.players:  # packages in product order: outer sums, issue by issue
        table = model.issue_values(actor, env)
        total = np.zeros((n, 1))
        for name in model.issue_names:
            columns = np.stack([_column(v, n) for v in table[name]], axis=1)
            total = (total[:, :, None] + columns[:, None, :]).reshape(n, -1)
        u.append(total)
    u1, u2 = u
    d1, d2 = (_column(v, n)[:, None] for v in model.disagreement(env))
    g1, g2 = u1 - d1, u2 - d2
    ok = (g1 > 0) & (g2 > 0)
    gain = np.minimum(g1, g2)
    rec = model.recognition_mask()
    with np.errstate(invalid="ignore", divide="ignore"):
        m_norec = gain[:, ~rec].max(axis=1) if (~rec).any() else np.full(n, -np.inf)
        m_rec = gain[:, rec].max(axis=1) if rec.any() else np.full(n, -np.inf)
    rates = [-np.log(_column(v, n)) for v in model.discount(env)]
    weights = (rates[1] / (rates[0] + rates[1]), rates[0] / (rates[0] + rates[1]))
    if model.scenario.settings.get("lotteries"):
        margin, nash, patience = _hull(g1, g2, rec, weights)
        deal = margin > 0
    else:
        margin = gain.max(axis=1)
        deal = ok.any(axis=1)
        nash = _nash(g1, g2, ok, rec, None)
        patience = _nash(g1, g2, ok, rec, weights) if "nash_patience" in want else nash
    us_nash = nash[0] + d1[:, 0]
    dprk_nash = nash[1] + d2[:, 0]
    regime = np.where(~deal, "no deal", np.where(
        ~(ok & ~rec).any(axis=1), "recognition required",
        np.where(nash[2] > 0, "recognition chosen", "deal without recognition"))).astype(object)
    nan = np.full(n, np.nan)
    return {
        "nash": np.where(deal, dprk_nash, nan), "nash_us": np.where(deal, us_nash, nan),
        "nash_patience": np.where(deal, patience[1] + d2[:, 0], nan),
        "nash_recognition": np.where(deal, nash[2], nan), "margin": margin,
        "margin_without_recognition": m_norec, "margin_with_recognition": m_rec,
        "deal": deal, "regime": regime,
    }


def _nash(g1, g2, ok, rec, weights):
    """The (weighted) Nash package at each row: its gains and whether it has recognition;
    ties go to the DPRK's best, as in the analysis."""
    if weights is None:  # symmetric: the product itself (no logarithms)
        score = np.where(ok, g1 * g2, -np.inf)
    else:
        w1, w2 = (np.asarray(w)[:, None] for w in weights)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(ok, w1 * np.log(np.where(ok, g1, 1)) +
                             w2 * np.log(np.where(ok, g2, 1)), -np.inf)
    best = score.max(axis=1, keepdims=True)
    tie = np.isfinite(best) & (score >= best - 1e-12 * np.maximum(1, np.abs(best)))
    k = np.argmax(np.where(tie, g2, -np.inf), axis=1)
    rows = np.arange(len(k))
    return g1[rows, k], g2[rows, k], rec[k].astype(float)


def _hull(g1, g2, rec, weights):
    """With lotteries: the hull margin and the (weighted) Nash point over the convex hull,
    from every segment between two packages (the hull's frontier is made of such
    segments); returns ``margin, (g1, g2, recognition), (g1, g2, recognition)``."""
    n, size = g1.shape
    if size > 96:
        raise ParameterError("vectorised outputs with lotteries need at most 96 packages; "
                             "this scenario has more")
    i, j = np.triu_indices(size)
    a1, a2, b1, b2 = g1[:, i], g2[:, i], g1[:, j], g2[:, j]
    q, s = b1 - a1, b2 - a2
    with np.errstate(divide="ignore", invalid="ignore"):
        t_eq = np.where((q - s) != 0, (a2 - a1) / (q - s), 0.0)
    ts = [np.zeros_like(a1), np.ones_like(a1), np.clip(t_eq, 0, 1)]
    margin = np.max([np.minimum(a1 + t * q, a2 + t * s) for t in ts], axis=0).max(axis=1)
    out = []
    for w in ((np.ones(n), np.ones(n)), weights):
        w1, w2 = (np.asarray(x)[:, None] for x in w)
        # stationary point of w1 log(a1 + t q) + w2 log(a2 + t s)
        with np.errstate(divide="ignore", invalid="ignore"):
            t_st = np.where(q * s != 0, -(w1 * a2 * q + w2 * a1 * s) / ((w1 + w2) * q * s), 0.0)
        best_score = np.full(a1.shape, -np.inf)
        best_t = np.zeros_like(a1)
        for t in (np.zeros_like(a1), np.ones_like(a1), np.clip(np.nan_to_num(t_st), 0, 1)):
            x, y = a1 + t * q, a2 + t * s
            good = (x > 0) & (y > 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                score = np.where(good, w1 * np.log(np.where(good, x, 1)) +
                                 w2 * np.log(np.where(good, y, 1)), -np.inf)
            better = score > best_score
            best_score = np.where(better, score, best_score)
            best_t = np.where(better, t, best_t)
        k = np.argmax(best_score, axis=1)
        rows = np.arange(n)
        t = best_t[rows, k]
        x = a1[rows, k] + t * q[rows, k]
        y = a2[rows, k] + t * s[rows, k]
        r = (1 - t) * rec[i[k]] + t * rec[j[k]]
        out.append((x, y, r))
    return margin, out[0], out[1]


def _pointwise(scenario, values, n, names):
    from ..scenario.analysis import _uncertainty, predicted_shares

    out = {k: np.full(n, np.nan) for k in names}
    for row in range(n):
        point = {k: float(_row(v, n)[row]) for k, v in values.items()}
        s = scenario.with_values(point) if point else scenario
        shares = predicted_shares(s) if set(names) - {"no_deal_probability"} else {}
        for k in names:
            if k == "no_deal_probability":
                model = s.model
                if model.resolve(model.env()) is not None:
                    out[k][row] = _uncertainty(model, model.env())["no_deal_probability"]
            elif shares.get(k) is not None:
                out[k][row] = float(shares[k])
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
