"""Sobol indices: first-order and total, with bootstrap confidence intervals.

The estimators are SciPy's (:func:`scipy.stats.sobol_indices`, Saltelli et al. 2010 for
first-order, Jansen for total; ``n`` base samples of a scrambled Sobol sequence, so
``n(d + 2)`` evaluations); this module only feeds it the target, evaluated vectorised in
chunks on ``executor``, and reads off the indices by parameter name.

Reference: Saltelli, A. et al. (2010), *Comput. Phys. Commun.* 181, 259–270.
"""

from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..errors import ParameterError
from .executors import positive_count
from .functions import as_target, evaluate_many
from .results import Result, axes, fmt, named


@dataclass(frozen=True)
class SobolResult(Result):
    """``first_order`` and ``total`` (dicts by parameter), and their confidence intervals
    ``first_order_interval`` and ``total_interval`` (dicts of ``(low, high)``)."""

    output: str
    n: int
    seed: object
    first_order: dict
    total: dict
    first_order_interval: dict
    total_interval: dict
    confidence: float
    evaluations: int

    def to_dataframe(self):
        import pandas as pd

        return pd.DataFrame([{"parameter": k, "first_order": self.first_order[k],
                              "first_order_low": self.first_order_interval[k][0],
                              "first_order_high": self.first_order_interval[k][1],
                              "total": self.total[k], "total_low": self.total_interval[k][0],
                              "total_high": self.total_interval[k][1]}
                             for k in self.first_order])

    def explain(self):
        ranked = sorted(self.total, key=lambda k: -self.total[k])
        parts = "; ".join(f"{k} {fmt(self.first_order[k], 3)} alone, {fmt(self.total[k], 3)} "
                          "with interactions" for k in ranked)
        inter = 1 - sum(self.first_order.values())
        return (f"Share of the variance of {named(self.output)} due to each parameter (Sobol "
                f"indices, {self.n:,} base samples, {self.evaluations:,} evaluations): {parts}. "
                f"Interactions account for about {fmt(max(inter, 0), 2)} of the variance.")

    def plot(self, ax=None):
        from ..display.plotstyle import HATCHES, INK, colour

        fig, ax = axes(ax)
        names = list(self.first_order)
        x = np.arange(len(names))
        for offset, values, intervals, label, c, hatch in (
                (-0.2, self.first_order, self.first_order_interval, "first order", 0,
                 HATCHES[0]),
                (0.2, self.total, self.total_interval, "total", 4, HATCHES[1])):
            v = np.array([values[k] for k in names])
            err = np.array([[v[i] - intervals[k][0], intervals[k][1] - v[i]]
                            for i, k in enumerate(names)]).T
            ax.bar(x + offset, v, 0.4, yerr=np.clip(err, 0, None), label=label,
                   color=colour(c), hatch=hatch, edgecolor=INK, linewidth=0.5,
                   error_kw={"ecolor": INK, "elinewidth": 0.8, "capsize": 2})
        ax.set_xticks(x, names, rotation=30, ha="right")
        ax.set_ylabel("Sobol index")
        ax.legend()
        fig.tight_layout()
        return fig


@contextmanager
def _global_seed(seed):
    """numpy's global generator seeded from ``seed`` (a SeedSequence), then restored:
    SciPy's bootstrap of the Sobol intervals draws from it and takes no generator."""
    state = np.random.get_state()
    np.random.seed(seed.generate_state(1)[0])
    try:
        yield
    finally:
        np.random.set_state(state)


def sobol(function, parameters=None, n=1024, seed=None, output=None, confidence=0.95,
          n_resamples=200, chunk_size=None, executor="auto", progress=None, vary=None):
    """First-order and total Sobol indices of ``output`` of ``function``.

    Parameters
    ----------
    function : callable or Scenario
        A function of keyword arrays (one per parameter) returning an array (or a dict
        of arrays: pick one with ``output``), or a scenario (priors from the file).
    parameters : dict
        ``{name: (low, high)}`` (uniform) or ``{name: frozen scipy.stats distribution}``.
        For a scenario: the parameters varied (default ``vary`` or all).
    n : int
        Base samples, a power of two (``n(d + 2)`` evaluations).
    seed : int
        Seeds the scrambled Sobol sequence and the bootstrap (the same seed, the same
        indices and intervals).
    """
    from scipy import stats

    n = positive_count("the number of base samples n", n)
    if n & (n - 1):
        raise ParameterError(f"the number of base samples n is {n}, but it must be a power "
                             "of 2 (e.g. 1024 or 4096)")
    t = as_target(function, parameters if not hasattr(function, "model") else None)
    output = t.check_output(output)
    names = list(vary or (parameters if hasattr(function, "model") and parameters else
                          t.parameters))
    dists = [t.spec(k).distribution() for k in names]
    calls = []

    def func(x):
        calls.append(x.shape[1])
        out = np.asarray(evaluate_many(t, dict(zip(names, x)), [output], executor, progress,
                                       "Sobol", chunk_size)[output], dtype=float)
        undefined = int((~np.isfinite(out)).sum())
        if undefined:
            raise ParameterError(
                f"{output!r} is undefined (nan) at {undefined:,} of {out.size:,} Sobol "
                "evaluations (e.g. a share where there is no deal), and variance-based indices "
                "need a value at every point: analyse an output defined everywhere (such as "
                "'margin') or narrow the parameters' ranges")
        return out[None, :]

    root = np.random.SeedSequence(seed)
    sample_seed, bootstrap_seed = root.spawn(2)
    import warnings

    with np.errstate(all="ignore"), warnings.catch_warnings(), _global_seed(bootstrap_seed):
        warnings.simplefilter("ignore", getattr(stats, "DegenerateDataWarning", Warning))
        result = stats.sobol_indices(func=func, n=n, dists=dists,
                                     random_state=np.random.default_rng(sample_seed))
        interval = result.bootstrap(confidence_level=confidence, n_resamples=n_resamples)
    first = np.asarray(result.first_order).reshape(-1)
    total = np.asarray(result.total_order).reshape(-1)
    f_ci = interval.first_order.confidence_interval
    t_ci = interval.total_order.confidence_interval
    f_lo, f_hi = (np.asarray(v).reshape(-1) for v in (f_ci.low, f_ci.high))
    t_lo, t_hi = (np.asarray(v).reshape(-1) for v in (t_ci.low, t_ci.high))
    return SobolResult(
        output=output, n=n, seed=seed,
        first_order={k: float(first[i]) for i, k in enumerate(names)},
        total={k: float(total[i]) for i, k in enumerate(names)},
        first_order_interval={k: (float(f_lo[i]), float(f_hi[i])) for i, k in enumerate(names)},
        total_interval={k: (float(t_lo[i]), float(t_hi[i])) for i, k in enumerate(names)},
        confidence=confidence, evaluations=int(sum(calls)))
