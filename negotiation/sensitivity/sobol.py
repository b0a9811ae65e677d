r"""Sobol indices: first-order and total, with BCa bootstrap confidence intervals.

Design (Saltelli et al. 2010, §5): ``n`` points of a scrambled Sobol sequence in ``2d``
dimensions give two independent samples :math:`A` and :math:`B` of the parameters, and
:math:`A_B^{(i)}` is :math:`A` with its column ``i`` taken from :math:`B`: ``n(d + 2)``
evaluations.  With the outputs centred on the mean of :math:`f(A)` and :math:`f(B)`
(Sobol' & Levitan 1999) and :math:`V` the variance of the ``2n`` values :math:`f(A), f(B)`,

.. math::

    S_i = \frac{1}{nV} \sum_j f(B)_j \bigl(f(A_B^{(i)})_j - f(A)_j\bigr), \qquad
    S_{Ti} = \frac{1}{2nV} \sum_j \bigl(f(A)_j - f(A_B^{(i)})_j\bigr)^2

(first order: Saltelli et al. 2010, Table 2 (b); total: Jansen 1999, Table 2 (f)) — the
estimators of :func:`scipy.stats.sobol_indices`, on the same sample.

Every index is a ratio of sums over the ``n`` base points of per-point terms.  So a
bootstrap resample is its vector of counts (how often it draws each point), and the
bootstrap distribution is one matrix product, counts (resamples × n, in chunks) times
terms (n × (2 + 2d)); the leave-one-out (jackknife) values are the full sums minus one
point's terms.  The BCa intervals (Efron & Tibshirani 1993, §14.3, eq. 14.14–14.15) then
take O(n(d + resamples)) time and O(n d) memory, and equal SciPy's
``sobol_indices(...).bootstrap()`` on the same resamples (which builds an n × (n − 1)
jackknife index matrix: O(n²d) time and memory).

References: Saltelli, A. et al. (2010), *Comput. Phys. Commun.* 181, 259–270; Jansen, M. J. W.
(1999), *Comput. Phys. Commun.* 117, 35–43; Efron, B. & Tibshirani, R. (1993), *An
Introduction to the Bootstrap*, Chapman & Hall.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import ParameterError
from .executors import positive_count
from .functions import as_target, evaluate_many
from .results import Result, axes, fmt, named

#: Resample counts held at once (resamples × base points), bounding the bootstrap's memory.
_COUNTS = 1 << 22


@dataclass(frozen=True)
class SobolResult(Result):
    """``first_order`` and ``total`` (dicts by parameter), and their confidence intervals
    ``first_order_interval`` and ``total_interval`` (dicts of ``(low, high)``; ``None``
    when computed without intervals, ``confidence=None``)."""

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

        rows = []
        for k in self.first_order:
            row = {"parameter": k, "first_order": self.first_order[k]}
            if self.confidence is not None:
                row.update(first_order_low=self.first_order_interval[k][0],
                           first_order_high=self.first_order_interval[k][1])
            row["total"] = self.total[k]
            if self.confidence is not None:
                row.update(total_low=self.total_interval[k][0],
                           total_high=self.total_interval[k][1])
            rows.append(row)
        return pd.DataFrame(rows)

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
            err = None if intervals is None else np.clip(np.array(
                [[v[i] - intervals[k][0], intervals[k][1] - v[i]]
                 for i, k in enumerate(names)]).T, 0, None)
            ax.bar(x + offset, v, 0.4, yerr=err, label=label,
                   color=colour(c), hatch=hatch, edgecolor=INK, linewidth=0.5,
                   error_kw={"ecolor": INK, "elinewidth": 0.8, "capsize": 2})
        ax.set_xticks(x, names, rotation=30, ha="right")
        ax.set_ylabel("Sobol index")
        ax.legend()
        fig.tight_layout()
        return fig


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
    confidence : float or None
        Level of the BCa bootstrap intervals (``n_resamples`` resamples); ``None``: the
        indices alone, without intervals.
    """
    n = positive_count("the number of base samples n", n)
    if n & (n - 1):
        raise ParameterError(f"the number of base samples n is {n}, but it must be a power "
                             "of 2 (e.g. 1024 or 4096)")
    if confidence is not None:
        if not 0 < confidence < 1:
            raise ParameterError(f"the confidence level is {confidence!r}, but it must lie "
                                 "strictly between 0 and 1 (e.g. 0.95), or be None for no "
                                 "intervals")
        n_resamples = positive_count("the number of bootstrap resamples", n_resamples)
    t = as_target(function, parameters if not hasattr(function, "model") else None)
    output = t.check_output(output)
    names = list(vary or (parameters if hasattr(function, "model") and parameters else
                          t.parameters))
    d = len(names)
    sample_seed, bootstrap_seed = np.random.SeedSequence(seed).spawn(2)
    a, b = _sample(n, [t.spec(k).distribution() for k in names],
                   np.random.default_rng(sample_seed))
    ab = np.repeat(a[:, None, :], d, axis=1)            # (d, pages, n): A with column i of B
    ab[np.arange(d), np.arange(d)] = b
    points = np.concatenate([a, b, ab.reshape(d, d * n)], axis=1)
    f = np.asarray(evaluate_many(t, dict(zip(names, points)), [output], executor, progress,
                                 "Sobol", chunk_size)[output], dtype=float)
    undefined = int((~np.isfinite(f)).sum())
    if undefined:
        raise ParameterError(
            f"{output!r} is undefined (nan) at {undefined:,} of {f.size:,} Sobol "
            "evaluations (e.g. a share where there is no deal), and variance-based indices "
            "need a value at every point: analyse an output defined everywhere (such as "
            "'margin') or narrow the parameters' ranges")
    terms = _terms(f[:n], f[n:2 * n], f[2 * n:].reshape(d, n))
    with np.errstate(all="ignore"):
        first, total = _indices(terms.sum(axis=0), n)
    first, total = (np.where(np.isfinite(v), v, 0.0) for v in (first, total))
    intervals = None
    if confidence is not None:
        resampler = np.random.RandomState(bootstrap_seed.generate_state(1)[0])
        low, high = _bca_interval(terms, confidence, n_resamples, resampler)
        intervals = [{k: (float(low[j, i]), float(high[j, i])) for i, k in enumerate(names)}
                     for j in (0, 1)]
    return SobolResult(
        output=output, n=n, seed=seed,
        first_order={k: float(first[i]) for i, k in enumerate(names)},
        total={k: float(total[i]) for i, k in enumerate(names)},
        first_order_interval=intervals and intervals[0],
        total_interval=intervals and intervals[1],
        confidence=confidence, evaluations=int(f.size))


def _sample(n, dists, rng):
    """The matrices ``A`` and ``B`` (each ``(d, n)``): the two halves of ``n`` points of a
    scrambled Sobol sequence in ``2d`` dimensions, through each parameter's quantile
    function (as :func:`scipy.stats.sobol_indices` samples them)."""
    from scipy.stats import qmc

    d = len(dists)
    u = qmc.Sobol(d=2 * d, rng=rng, bits=64).random(n).T.reshape(2, d, n)
    for i, dist in enumerate(dists):
        u[:, i] = dist.ppf(u[:, i])
    return u[0], u[1]


def _terms(f_a, f_b, f_ab):
    """Per-point terms ``(n, 2 + 2d)`` whose column sums give the indices: ``f(A) + f(B)``,
    ``f(A)² + f(B)²``, ``f(B)(f(AB_i) − f(A))`` and ``(f(A) − f(AB_i))²``, with ``f``
    centred on the mean of ``f(A)`` and ``f(B)``."""
    mean = (f_a.mean() + f_b.mean()) / 2
    f_a, f_b, f_ab = f_a - mean, f_b - mean, f_ab - mean
    return np.column_stack([f_a + f_b, f_a ** 2 + f_b ** 2, (f_b * (f_ab - f_a)).T,
                            ((f_a - f_ab) ** 2).T])


def _indices(sums, m):
    """First-order and total indices ``(..., d)`` from column sums ``(..., 2 + 2d)`` of
    :func:`_terms` over ``m`` points."""
    d = (sums.shape[-1] - 2) // 2
    mean = sums[..., :1] / (2 * m)
    variance = sums[..., 1:2] / (2 * m) - mean ** 2
    return (sums[..., 2:2 + d] / m / variance,
            0.5 * sums[..., 2 + d:] / m / variance)


def _bca_interval(terms, confidence, n_resamples, random_state):
    r"""BCa bootstrap intervals ``(low, high)``, each ``(2, d)`` (first order, total), of the
    indices of the per-point ``terms``, resampling points with ``random_state.randint``
    (``n_resamples`` rows of ``n`` indices, in order: SciPy's draws).

    Bias correction :math:`z_0 = \Phi^{-1}(p)`, ``p`` the share of resampled indices below
    the estimate (ties count half); acceleration :math:`a = \sum_j U_j^3 / (6 (\sum_j
    U_j^2)^{3/2})` from the jackknife deviations :math:`U_j = (n-1)(\bar\theta - \theta_{(j)})`;
    the interval is the bootstrap distribution's quantiles at
    :math:`\Phi(z_0 + (z_0 + z_\alpha) / (1 - a (z_0 + z_\alpha)))` for
    :math:`z_\alpha = \Phi^{-1}((1 \mp \text{confidence}) / 2)` (Efron & Tibshirani 1993,
    §14.3)."""
    from scipy.special import ndtr, ndtri

    n = len(terms)
    with np.errstate(all="ignore"):
        theta = np.stack(_indices(terms.sum(axis=0), n))                  # (2, d)
        rows = max(1, _COUNTS // n)
        sums = []
        for start in range(0, n_resamples, rows):
            k = min(rows, n_resamples - start)
            drawn = random_state.randint(0, n, (k, n), dtype=np.int64)
            drawn += n * np.arange(k)[:, None]
            counts = np.bincount(drawn.ravel(), minlength=k * n).reshape(k, n)
            sums.append(counts.astype(float) @ terms)
        boot = np.moveaxis(np.stack(_indices(np.concatenate(sums), n)), 1, -1)  # (2, d, B)
        below = (boot < theta[..., None]).sum(-1) + (boot <= theta[..., None]).sum(-1)
        z0 = ndtri(below / (2 * n_resamples))
        jack = np.stack(_indices(terms.sum(axis=0) - terms, n - 1))          # (2, n, d)
        u = (n - 1) * (jack.mean(axis=1, keepdims=True) - jack)
        accel = (np.sum(u ** 3, axis=1) / n ** 3) / (np.sum(u ** 2, axis=1) / n ** 2) ** 1.5 / 6
        z = float(ndtri((1 - confidence) / 2))
        levels = [ndtr(z0 + (z0 + zz) / (1 - accel * (z0 + zz))) for zz in (z, -z)]
        return tuple(_quantile(boot, p) for p in levels)


def _quantile(values, p):
    """Quantile ``p`` (per row) of each row of ``values``, linear between order statistics
    (Hyndman & Fan 1996, type 7, in the form of :func:`scipy.stats.quantile`); ``nan`` where
    ``p`` or the row is undefined."""
    count = values.shape[-1]
    ordered = np.sort(values, axis=-1)
    ok = np.isfinite(p) & ~np.isnan(values).any(axis=-1)
    p = np.where(ok, p, 0.5)
    position = p * count + (1 - p)
    upper = np.floor(position)
    g = np.where(upper - 1 < 0, 0.0, position % 1)
    j = np.clip(upper - 1, 0, count - 1).astype(np.int64)
    k = np.clip(upper, 0, count - 1).astype(np.int64)
    low, high = (np.take_along_axis(ordered, i[..., None], -1)[..., 0] for i in (j, k))
    return np.where(ok, (1 - g) * low + g * high, np.nan)
