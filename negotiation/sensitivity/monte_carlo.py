"""Monte Carlo: draws from each parameter's prior, the distribution of every output.

Draws come in blocks of :data:`BLOCK`; block *k* draws from its own generator, seeded by
the *k*-th child of ``SeedSequence(seed)``, every parameter in a fixed order, and is
summarised on its own; chunks (the unit of work sent to an executor) group whole blocks.
So the same seed gives the same numbers on any executor, any number of workers and any
``chunk_size``.  Each block returns only summaries (count, sum, sum of squares, min,
max; counts per category; and, if kept, the samples), so memory stays bounded however
many draws there are.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from .executors import CHUNK, chunk_seeds, chunk_slices, positive_count, run
from .functions import as_target, evaluate
from .results import Result, axes, fmt, named
from .threshold import is_discrete

#: Draws per block of the random stream (each block has its own spawned seed).
BLOCK = 4096
#: Keep the samples by default up to this many draws.
KEEP = 1_000_000


@dataclass(frozen=True)
class MonteCarloResult(Result):
    """``summary[output]``: for a numeric output ``mean, sd, se, min, max, count, nan``
    (draws where it is undefined, e.g. a share when there is no deal); for a discrete or
    boolean one ``probabilities`` ``{value: (p, low, high)}`` with a Wilson interval.
    ``samples``: the draws and outputs as arrays (when kept)."""

    n: int
    seed: object
    summary: dict
    confidence: float
    samples: dict = field(default=None, repr=False)

    def mean(self, output):
        return self.summary[output]["mean"]

    def probability(self, output, value=True):
        """P(output == value) and its confidence interval ``(p, low, high)``."""
        return self.summary[output]["probabilities"].get(value, (0.0, 0.0, _wilson(0, self.n,
                                                                  self.confidence)[1]))

    def to_dataframe(self):
        import pandas as pd

        if self.samples is not None:
            return pd.DataFrame(self.samples)
        rows = []
        for name, s in self.summary.items():
            if "probabilities" in s:
                for v, (p, lo, hi) in s["probabilities"].items():
                    rows.append({"output": name, "value": v, "probability": p, "low": lo,
                                 "high": hi})
            else:
                rows.append({"output": name, **s})
        return pd.DataFrame(rows)

    def explain(self):
        out = [f"{self.n:,} draws from the parameters' priors (seed {self.seed})."]
        for name, s in self.summary.items():
            if "probabilities" in s:
                parts = ", ".join(f"{v}: {fmt(p)} ({fmt(lo)}–{fmt(hi)})"
                                  for v, (p, lo, hi) in s["probabilities"].items())
                out.append(f"- {named(name)}: {parts} ({self.confidence:.0%} intervals).")
            else:
                extra = f"; undefined in {s['nan']:,} draws" if s["nan"] else ""
                out.append(f"- {named(name)}: mean {fmt(s['mean'], 6)} ± {fmt(s['se'], 2)} "
                           f"(standard error), sd {fmt(s['sd'])}, range {fmt(s['min'])} to "
                           f"{fmt(s['max'])}{extra}.")
        return "\n".join(out)

    def plot(self, output=None, ax=None):
        """A discrete output: the probability of each value with its interval (from the
        summary, so it needs no samples); a numeric one: the histogram of its samples
        (where defined) with the mean dashed."""
        from ..display.plotstyle import HATCHES, INK, colour, regime_style

        output = output or next(k for k in self.summary)
        fig, ax = axes(ax)
        s = self.summary[output]
        if "probabilities" in s:
            for k, (label, (p, lo, hi)) in enumerate(s["probabilities"].items()):
                c, hatch = regime_style(label, k)
                ax.barh(k, p, color=c, hatch=hatch or HATCHES[0], edgecolor=INK, linewidth=0.5,
                        xerr=[[p - lo], [hi - p]],
                        error_kw={"ecolor": INK, "capsize": 2, "elinewidth": 0.8})
            ax.set_yticks(range(len(s["probabilities"])), [str(v) for v in s["probabilities"]])
            ax.invert_yaxis()
            ax.set_xlabel(f"probability of {output} ({self.confidence:.0%} interval)")
            ax.set_xlim(0, 1)
            return fig
        if self.samples is None:
            from ..errors import ParameterError

            raise ParameterError(f"the samples were not kept (keep=False), so there is no "
                                 f"histogram of {output!r} to draw")
        y = np.asarray(self.samples[output], dtype=float)
        ax.hist(y[np.isfinite(y)], bins=50, density=True, color=colour(0), edgecolor=INK,
                linewidth=0.3)
        ax.axvline(s["mean"], color=INK, lw=1.2, ls="--")
        ax.set_xlabel(f"{output} (defined in {s['count']:,} draws; mean dashed)")
        ax.set_ylabel("density")
        return fig


def draw(target, names, count, seed):
    """``count`` draws of the parameters ``names`` from one seed (fixed order)."""
    rng = np.random.default_rng(seed)
    return {name: target.spec(name).sample(count, rng) for name in names}


def _chunk(target, names, outputs, blocks, keep):
    """The draws of several blocks (``[(count, seed), ...]``): a summary per block (so the
    totals do not depend on how blocks are grouped into chunks) and the samples."""
    summaries, samples = [], []
    for count, seed in blocks:
        values = draw(target, names, count, seed)
        out = target(values, outputs) if hasattr(target, "scenario") else \
            {o: evaluate(target, values, o) for o in outputs}
        summaries.append({o: _summarise(np.asarray(out[o])) for o in outputs})
        if keep:
            samples.append({**values, **{o: np.asarray(out[o]) for o in outputs}})
    return summaries, samples


def _summarise(y):
    if is_discrete(y):
        labels, counts = np.unique(y, return_counts=True)
        return {"counts": {_key(v): int(c) for v, c in zip(labels, counts)}, "n": len(y)}
    y = y.astype(float)
    good = np.isfinite(y)
    z = y[good]
    return {"n": int(good.sum()), "nan": int((~good).sum()), "sum": float(z.sum()),
            "m2": float(((z - z.mean()) ** 2).sum()) if len(z) else 0.0,
            "mean": float(z.mean()) if len(z) else math.nan,
            "min": float(z.min()) if len(z) else math.inf,
            "max": float(z.max()) if len(z) else -math.inf}


def _key(v):
    v = v.item() if hasattr(v, "item") else v
    return v


def _combine(parts):
    if "counts" in parts[0]:
        counts = {}
        for p in parts:
            for k, c in p["counts"].items():
                counts[k] = counts.get(k, 0) + c
        return {"counts": counts, "n": sum(p["n"] for p in parts)}
    n, mean, m2 = 0, 0.0, 0.0
    for p in parts:  # Chan et al.'s parallel update: exact order, same numbers every time
        if p["n"] == 0:
            continue
        delta = p["mean"] - mean
        total = n + p["n"]
        mean += delta * p["n"] / total
        m2 += p["m2"] + delta ** 2 * n * p["n"] / total
        n = total
    sd = math.sqrt(m2 / (n - 1)) if n > 1 else math.nan
    return {"mean": mean if n else math.nan, "sd": sd, "se": sd / math.sqrt(n) if n else math.nan,
            "min": min(p["min"] for p in parts), "max": max(p["max"] for p in parts),
            "count": n, "nan": sum(p["nan"] for p in parts)}


def _wilson(k, n, confidence):
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, max(0.0, centre - half), min(1.0, centre + half)


def monte_carlo(target, n=10_000, seed=None, outputs=None, parameters=None, vary=None,
                chunk_size=CHUNK, keep=None, confidence=0.95, executor="auto", progress=None,
                ranges=None):
    """Propagate the priors through ``target``: the distribution of each output.

    Parameters
    ----------
    target : Scenario or callable
        A scenario (priors from the file, ``Parameter.frozen()``), or a function of keyword
        arrays with ``parameters`` ``{name: (low, high) | frozen distribution}``.
    n : int
        Number of draws.
    seed : int or SeedSequence
        The same seed gives the same numbers, whatever ``executor`` and workers.
    outputs : list of str
        Outputs to summarise (default: the target's default output; a scenario's
        ``nash`` and ``regime``).
    vary : list of str
        The parameters drawn (default: all); the others stay at their values.
    keep : bool
        Keep the samples (default: when ``n`` is at most a million).
    """
    t = as_target(target, parameters, ranges=ranges)
    n = positive_count("the number of draws n", n)
    chunk_size = positive_count("chunk_size", chunk_size)
    if outputs is None:
        outputs = ["nash", "regime"] if hasattr(t, "scenario") else [t.default]
    outputs = [t.check_output(o) for o in ([outputs] if isinstance(outputs, str) else outputs)]
    names = list(vary) if vary is not None else list(t.parameters)
    for name in names:
        t.spec(name)
    keep = n <= KEEP if keep is None else bool(keep)
    # the random stream is cut into blocks of BLOCK draws, each with its own spawned seed;
    # chunks group whole blocks, so neither the executor nor chunk_size changes a number
    blocks = chunk_slices(n, BLOCK)
    seeds = chunk_seeds(seed, len(blocks))
    per_chunk = max(1, -(-chunk_size // BLOCK))
    tasks = [(t, names, outputs, [(b - a, s) for (a, b), s in
                                  zip(blocks[k:k + per_chunk], seeds[k:k + per_chunk])], keep)
             for k in range(0, len(blocks), per_chunk)]
    results = run(_chunk, tasks, executor, progress, "Monte Carlo", points=n)
    parts = [block for r in results for block in r[0]]
    summary = {}
    for o in outputs:
        merged = _combine([p[o] for p in parts])
        if "counts" in merged:
            total = merged["n"]
            merged = {"probabilities": {k: _wilson(c, total, confidence)
                                        for k, c in sorted(merged["counts"].items(),
                                                           key=lambda kv: (-kv[1], str(kv[0])))},
                      "count": total}
        summary[o] = merged
    samples = None
    if keep:
        kept = [block for r in results for block in r[1]]
        samples = {k: np.concatenate([b[k] for b in kept]) for k in kept[0]}
    return MonteCarloResult(n=n, seed=seed, summary=summary, confidence=confidence,
                            samples=samples)
