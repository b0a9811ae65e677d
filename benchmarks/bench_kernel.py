"""The Monte Carlo kernel and the regime map of the baseline, side by side with a fused
reference kernel written here, in one run.

1. 100,000 Monte Carlo draws of the baseline scenario, the report's outputs (symmetric,
   patience-weighted and Kalai–Smorodinsky solutions, the US utility, recognition,
   margin, deal, regime), in-process:

   - the numpy passes over a draws × packages matrix (the path before the compiled kernel,
     now the fallback without numba: ``NEGOTIATION_KERNEL=numpy``);
   - the library's path with numba (:mod:`negotiation.sensitivity.kernel`);
   - the reference: the same draws and the same per-draw tables of the issues' values
     (the model's formulas, evaluated by the library), then the kernel below, written
     independently: per draw, the packages' gains as outer sums of the issues' values,
     then one pass over them computing the margins, the Nash product, the weighted Nash
     score (the log of every acceptable package: no pruning) and the ideal point, a
     second over the cached row for Kalai–Smorodinsky, the tie rules resolved over the
     row; then the same summaries.  Its summaries must equal the library's (checked, to 1e-12).

2. The regime map 1000×1000 of the baseline's full analysis (output ``regime``, boundaries
   root-found) with each path, on the default executor; the numpy path is timed on a
   200×200 map and scaled (marked ~).

3. The probability of no deal under private resolve at 20,000 points drawn from the
   priors: over arrays, and point by point by the analysis's game tree (timed on 20
   points and scaled, ~).

4. Alternating offers at 20,000 points drawn from the priors: over arrays (each point's
   hull chain a row of ``PolylineFrontiers``, one bisection for all), and point by point
   by the analysis (``predicted_shares``; timed on 20 points and scaled, ~); the largest
   difference on those 20 points.

5. With lotteries: the baseline with ``lotteries: true`` (its 3,888 packages' convex hull;
   the path before took every segment between two packages and refused more than 96),
   20,000 points drawn from the priors, the Nash, patience-weighted Nash and
   Kalai–Smorodinsky shares, margin and regime: over arrays (the hull's Pareto chain per
   point) and point by point by the analysis (timed on 20 points and scaled, ~).

Run: ``.venv/bin/python benchmarks/bench_kernel.py [--quick] [section ...]`` (numba
needed: ``pip install negotiation[fast]``); sections by number, all by default.
"""

import importlib
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from numba import njit

import negotiation
from negotiation import sensitivity as S
from negotiation.scenario.analysis import _uncertainty, predicted_shares
from negotiation.scenario.loading import bundled
from negotiation.sensitivity import functions as F
from negotiation.sensitivity import kernel
from negotiation.sensitivity.executors import chunk_seeds, chunk_slices

M = importlib.import_module("negotiation.sensitivity.monte_carlo")

QUICK = "--quick" in sys.argv
OUTPUTS = ["nash", "nash_us", "nash_patience", "nash_recognition", "kalai_smorodinsky",
           "margin", "deal", "regime"]
REGIMES = np.array(["no deal", "recognition required", "recognition chosen",
                    "deal without recognition"], dtype=object)


@njit(cache=True)
def reference(values1, values2, sizes, offsets, rec, d1, d2, e1, e2, w1, w2, out):
    """Per draw: margin, DPRK and US Nash utilities, recognition, weighted Nash, KS,
    regime code (columns of ``out``)."""
    n, count = len(values1), len(rec)
    f, nash, ks = np.empty(count), np.empty(count), np.empty(count)
    ok = np.empty(count, dtype=np.bool_)
    for row in range(n):
        # the gains row as outer sums, the last issue first: first issue + (second + (...
        # + (last - d))), the library's order of additions
        g1, g2 = np.full(1, -d1[row]), np.full(1, -d2[row])
        for k in range(len(sizes) - 1, -1, -1):
            a, b = offsets[k], offsets[k] + sizes[k]
            g1 = (values1[row, a:b].reshape(-1, 1) + g1.reshape(1, -1)).ravel()
            g2 = (values2[row, a:b].reshape(-1, 1) + g2.reshape(1, -1)).ravel()
        margin = without = -np.inf
        top_n = top_f = -np.inf
        ideal1 = ideal2 = 0.0
        for p in range(count):  # the one pass: margins, scores, the ideal point
            x1, x2 = g1[p], g2[p]
            h1, h2 = x1 - e1[row], x2 - e2[row]
            low = min(h1, h2)
            margin = max(margin, low)
            if not rec[p]:
                without = max(without, low)
            good = h1 > 0 and h2 > 0
            ok[p] = good
            nash[p] = x1 * x2 if good else 0.0
            top_n = max(top_n, nash[p])
            f[p] = w1[row] * np.log(x1) + w2[row] * np.log(x2) if good else -np.inf
            top_f = max(top_f, f[p])
            if good:
                ideal1, ideal2 = max(ideal1, x1), max(ideal2, x2)
        i1 = ideal1 if ideal1 > 0 else 1.0
        i2 = ideal2 if ideal2 > 0 else 1.0
        top_k = -np.inf
        for p in range(count):
            ks[p] = min(g1[p] / i1, g2[p] / i2) if ok[p] else 0.0
            top_k = max(top_k, ks[p])
        picks = [0, 0, 0]
        for j, (score, top) in enumerate(((nash, top_n), (f, top_f), (ks, top_k))):
            floor = top - 1e-12 * max(1.0, abs(top))
            pick, high = -1, -np.inf
            for p in range(count):  # ties: the DPRK's best, then the first
                if score[p] >= floor and (pick < 0 or g2[p] > high):
                    pick, high = p, g2[p]
            picks[j] = pick
        a, b, c = picks
        deal = margin > 0
        out[row, 0] = margin
        out[row, 1] = g2[a] + d2[row] if deal else np.nan
        out[row, 2] = g1[a] + d1[row] if deal else np.nan
        out[row, 3] = (1.0 if rec[a] else 0.0) if deal else np.nan
        out[row, 4] = g2[b] + d2[row] if deal else np.nan
        out[row, 5] = g2[c] + d2[row] if deal else np.nan
        out[row, 6] = 0 if not deal else 1 if not without > 0 else 2 if rec[a] else 3


def reference_monte_carlo(scenario, n, seed):
    """The same draws as ``monte_carlo(scenario, n, seed)`` (block by block), the
    reference kernel, the same summaries."""
    model = scenario.model
    target = S.as_target(scenario)
    names = list(target.parameters)
    parts = []
    blocks = chunk_slices(n, M.BLOCK)
    for (a, b), s in zip(blocks, chunk_seeds(seed, len(blocks))):
        values = M.draw(target, names, b - a, s)
        scenario.check_domain(values)
        tables, sizes, k, (d1, d2), (e1, e2), (w1, w2) = F.tables_at(model, values, b - a)
        offsets = np.cumsum([0, *sizes[:-1]]).astype(np.int64)
        rec = kernel.recognition_mask(sizes, k)
        out = np.empty((b - a, 7))
        reference(*tables, np.asarray(sizes, dtype=np.int64), offsets, rec, d1, d2, e1, e2,
                  w1, w2, out)
        y = {"margin": out[:, 0], "deal": out[:, 0] > 0, "nash": out[:, 1],
             "nash_us": out[:, 2], "nash_recognition": out[:, 3], "nash_patience": out[:, 4],
             "kalai_smorodinsky": out[:, 5], "regime": REGIMES[out[:, 6].astype(int)]}
        parts.append({o: M._summarise(y[o]) for o in OUTPUTS})
    return {o: M._combine([p[o] for p in parts]) for o in OUTPUTS}


def library_monte_carlo(scenario, n, seed, engine):
    kernel.ENGINE = engine
    try:
        result = S.monte_carlo(scenario, n, seed=seed, outputs=OUTPUTS, keep=False,
                               progress=False, executor=None)
    finally:
        kernel.ENGINE = "auto"
    return result.summary


def same(a, b):
    """Summaries equal: the probabilities of each value exactly, means and spreads to
    1e-12, the counts exactly (``a``: the reference's, ``b``: the library's)."""
    for o in OUTPUTS:
        x, y = a[o], b[o]
        if "counts" in x:
            if {k: c / x["n"] for k, c in x["counts"].items()} != \
                    {k: p for k, (p, _, _) in y["probabilities"].items()}:
                return False
            continue
        for key in ("mean", "sd", "min", "max"):
            if not math.isclose(x[key], y[key], rel_tol=1e-12, abs_tol=1e-12):
                return False
        if (x["count"], x["nan"]) != (y["count"], y["nan"]):
            return False
    return True


def _pointwise_no_deal(scenario, values, n):
    """The analysis's game tree at each point (what the output cost before)."""
    out = []
    for i in range(n):
        model = scenario.with_values({k: float(v[i]) for k, v in values.items()}).model
        out.append(_uncertainty(model, model.env())["no_deal_probability"])
    return np.array(out)


def _pointwise_shares(scenario, values, n, names=("alternating_offers",)):
    """The analysis at each point (what the outputs cost before); nan: no deal."""
    out = []
    for i in range(n):
        shares = predicted_shares(scenario.with_values(
            {k: float(v[i]) for k, v in values.items()}))
        out.append([np.nan if shares[k] is None else shares[k] for k in names])
    return np.array(out).T


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    out = function(*args, **kwargs)
    return time.perf_counter() - start, out


def main():
    baseline = negotiation.load("us_dprk_2025_baseline")
    packages = len(baseline.model.levels())
    print(f"Fused kernel benchmarks: {baseline.name}, {packages:,} packages, "
          f"{len(baseline.parameters)} parameters; ratios against the reference kernel\n")
    chosen = {int(a) for a in sys.argv[1:] if a.isdigit()} or {1, 2, 3, 4, 5}
    for number, section in enumerate((monte_carlo, regime_map, private_resolve,
                                      alternating_offers, lotteries), start=1):
        if number in chosen:
            section(baseline)


def monte_carlo(baseline):
    draws = 10_000 if QUICK else 100_000
    # compile (or load from the cache) and warm every path once
    reference_monte_carlo(baseline, 4096, 0)
    for engine in ("numba", "numpy"):
        library_monte_carlo(baseline, 4096, 0, engine)

    ref, ref_summary = timed(reference_monte_carlo, baseline, draws, 1)
    new, new_summary = timed(library_monte_carlo, baseline, draws, 1, "numba")
    old, old_summary = timed(library_monte_carlo, baseline, draws, 1, "numpy")
    print(f"1. Monte Carlo, {draws:,} draws, {len(OUTPUTS)} outputs, in-process")
    for label, seconds in (("numpy passes (before; the fallback without numba)", old),
                           ("the library with numba (kernel.py)", new),
                           ("reference kernel (this file)", ref)):
        print(f"   {label:<52} {seconds:7.2f} s   {seconds / ref:5.2f}x reference")
    print(f"   same summaries: library with numba = numpy passes "
          f"{new_summary == old_summary}; = reference {same(ref_summary, new_summary)}")



def regime_map(baseline):
    n = 200 if QUICK else 1000
    small = 200
    x, y = "russia.backing", "leader.legacy"
    kernel.ENGINE = "numpy"
    before, _ = timed(S.regime_map, baseline, x, y, n=small, progress=False)
    kernel.ENGINE = "auto"
    before *= (n / small) ** 2
    after, result = timed(S.regime_map, baseline, x, y, n=n, progress=False)
    print(f"\n2. regime map {n}x{n} of the full analysis (regime, {len(result.boundary):,} "
          "boundary points), default executor")
    print(f"   numpy passes (before)                                ~{before:6.1f} s")
    print(f"   the library with numba                                {after:7.2f} s   "
          f"{before / after:5.1f}x faster")
    print("   shares: " + ", ".join(f"{k} {v:.3f}" for k, v in result.shares().items()))



def private_resolve(baseline):
    points = 2_000 if QUICK else 20_000
    target = S.as_target(baseline)
    rng = np.random.default_rng(4)
    draws = {k: target.spec(k).sample(points, rng) for k in target.parameters}
    after, fast = timed(target, draws, ["no_deal_probability"])
    sample = 20
    before, slow = timed(_pointwise_no_deal, baseline, {k: v[:sample] for k, v in
                                                          draws.items()}, sample)
    before *= points / sample
    agree = bool(np.array_equal(fast["no_deal_probability"][:sample], slow))
    print(f"\n3. the probability of no deal under private resolve, {points:,} points")
    print(f"   point by point (the analysis's game tree)           ~{before:6.1f} s")
    print(f"   over arrays (private_resolve.py)                     {after:7.2f} s   "
          f"{before / after:5.0f}x faster; the same on the first {sample}: {agree}")


def alternating_offers(baseline):
    points = 2_000 if QUICK else 20_000
    target = S.as_target(baseline)
    rng = np.random.default_rng(5)
    draws = {k: target.spec(k).sample(points, rng) for k in target.parameters}
    target({k: v[:100] for k, v in draws.items()}, ["alternating_offers"])  # warm
    after, fast = timed(target, draws, ["alternating_offers"])
    fast = fast["alternating_offers"]
    sample = 20
    before, (slow,) = timed(_pointwise_shares, baseline, {k: v[:sample] for k, v in
                                                           draws.items()}, sample)
    before *= points / sample
    same_nan = bool(np.array_equal(np.isnan(fast[:sample]), np.isnan(slow)))
    gap = float(np.nanmax(np.abs(fast[:sample] - slow), initial=0))
    print(f"\n4. alternating offers, {points:,} points drawn from the priors "
          f"({int(np.isnan(fast).sum())} without a deal)")
    print(f"   point by point (the analysis)                       ~{before:6.1f} s")
    print(f"   over arrays (polylines.py)                           {after:7.2f} s   "
          f"{before / after:5.0f}x faster; on the first {sample}: no deal alike "
          f"{same_nan}, largest difference {gap:.1e}")



def lotteries(baseline):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "baseline_lotteries.yaml"
        path.write_text(bundled()[baseline.name].read_text().replace("  lotteries: false",
                                                                      "  lotteries: true"))
        scenario = negotiation.load(str(path))
    points = 2_000 if QUICK else 20_000
    target = S.as_target(scenario)
    rng = np.random.default_rng(6)
    draws = {k: target.spec(k).sample(points, rng) for k in target.parameters}
    shares = ("nash", "nash_patience", "kalai_smorodinsky")
    target({k: v[:100] for k, v in draws.items()}, [*shares, "margin", "regime"])  # warm
    after, fast = timed(target, draws, [*shares, "margin", "regime"])
    sample = 20
    before, slow = timed(_pointwise_shares, scenario, {k: v[:sample] for k, v in
                                                       draws.items()}, sample, shares)
    before *= points / sample
    got = np.array([fast[k][:sample] for k in shares])
    same_nan = bool(np.array_equal(np.isnan(got), np.isnan(slow)))
    gap = float(np.nanmax(np.abs(got - slow), initial=0))
    print(f"\n5. with lotteries (the baseline's hull of {len(scenario.model.levels()):,} "
          f"packages), {points:,} points: {', '.join(shares)}, margin, regime")
    print(f"   point by point (the analysis)                       ~{before:6.1f} s")
    print(f"   over arrays (the hull's Pareto chain)                {after:7.2f} s   "
          f"{before / after:5.0f}x faster; on the first {sample}: no deal alike "
          f"{same_nan}, largest difference {gap:.1e}")


if __name__ == "__main__":
    main()
