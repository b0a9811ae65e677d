"""Sensitivity benchmarks (issue 6): each vectorised path side by side with the naive
per-point loop, in one run; prints the times and the ratios.

1. A 1000×1000 regime map of a closed-form output of the baseline scenario (the war
   model's probability of war, lambdified from ``scenario.model.symbolic()``), with
   boundaries root-found; naive: the analysis's own war model, point by point.
2. 100,000 Monte Carlo draws of the bargaining analysis of the baseline (symmetric and
   patience-weighted Nash shares, margins, regime) over all 60 parameters, in-process and
   on two local processes; naive: ``predicted_shares`` + ``regime`` point by point.
3. Sobol indices of 10 parameters of the baseline (output: the Nash share) with 4,096 base
   samples (49,152 evaluations); naive: the same evaluations point by point.

Naive loops are timed on a sample of points and scaled to the full count (marked ~).
Run: ``.venv/bin/python benchmarks/bench_sensitivity.py [--quick]``.
"""

import sys
import time

import numpy as np

import negotiation
from negotiation import sensitivity as S
from negotiation.scenario.analysis import _war, predicted_shares, regime

QUICK = "--quick" in sys.argv


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    out = function(*args, **kwargs)
    return time.perf_counter() - start, out


def row(name, fast, naive, note=""):
    print(f"{name:<58} {fast:8.2f} s   naive {naive:9.1f} s   ratio {naive / fast:8.0f}x  {note}")


def main():
    baseline = negotiation.load("us_dprk_2025_baseline")
    model = baseline.model
    print(f"negotiation.sensitivity benchmarks (baseline: {baseline.name}, "
          f"{len(model.levels()):,} packages, {len(baseline.parameters)} parameters)\n")

    # 1. regime map of a closed form -------------------------------------------------
    forms = model.symbolic()["war"]
    target = S.closed_form(baseline, {"war_probability": forms["war_probability"]})
    n = 200 if QUICK else 1000
    x, y = ("war.cost_us", 0.0, 0.6), ("war.cost_dprk_high", 0.2, 0.8)
    fast, result = timed(S.regime_map, target, x, y, output="war_probability", level=0.1, n=n,
                         progress=False)
    env = model.env(floats=True)
    sample = 2000
    xs = np.random.default_rng(0).uniform(0, 0.6, (sample, 2))
    start = time.perf_counter()
    for a, b in xs:
        _war(model, {**env, x[0]: float(a), y[0]: float(b) + 0.2})
    naive = (time.perf_counter() - start) / sample * n * n
    row(f"1. regime map {n}x{n} (closed form), {len(result.boundary)} boundary pts",
        fast, naive, "~")

    # 2. Monte Carlo -------------------------------------------------------------------
    draws = 10_000 if QUICK else 100_000
    outputs = ["nash", "nash_patience", "margin", "regime"]
    fast, mc = timed(S.monte_carlo, baseline, draws, seed=1, outputs=outputs, progress=False,
                     keep=False)
    procs, mc2 = timed(S.monte_carlo, baseline, draws, seed=1, outputs=outputs,
                       progress=False, keep=False, executor="processes", chunk_size=4096)
    target = S.as_target(baseline)
    points = S.monte_carlo(baseline, 40, seed=2, outputs=["margin"], progress=False).samples
    start = time.perf_counter()
    for i in range(40):
        s = baseline.with_values({k: float(points[k][i]) for k in target.parameters})
        predicted_shares(s)
        regime(s.model, s.model.env(floats=True))
    naive = (time.perf_counter() - start) / 40 * draws
    row(f"2. Monte Carlo {draws:,} draws, in-process", fast, naive, "~")
    row(f"   Monte Carlo {draws:,} draws, 2 local processes", procs, naive, "~")
    same = mc.summary["nash"]["mean"] == mc2.summary["nash"]["mean"]
    print("   P(regime): " + ", ".join(f"{k} {p:.3f}" for k, (p, _, _) in
                                        mc.summary["regime"]["probabilities"].items())
          + f"; same numbers on processes: {same}")

    # 3. Sobol -------------------------------------------------------------------------
    base = 512 if QUICK else 4096
    names = ["russia.backing", "russia.reliability", "alliance.kappa", "leader.legacy",
             "dprk.value.recognition", "dprk.value.sanctions", "us.no_deal_base",
             "us.cost.recognition", "dprk.status_quo", "us.value.freeze"]
    fast, sob = timed(S.sobol, baseline, names, n=base, seed=3, output="margin",
                      progress=False)
    procs, _ = timed(S.sobol, baseline, names, n=base, seed=3, output="margin",
                     progress=False, executor="processes", chunk_size=4096)
    naive = (time.perf_counter())
    start = time.perf_counter()
    for i in range(40):
        s = baseline.with_values({k: float(points[k][i]) for k in names})
        regime(s.model, s.model.env(floats=True))
    naive = (time.perf_counter() - start) / 40 * sob.evaluations
    row(f"3. Sobol, 10 parameters, {base:,} base samples, in-process", fast, naive, "~")
    row("   Sobol, 2 local processes", procs, naive, "~")
    top = sorted(sob.total, key=lambda k: -sob.total[k])[:3]
    print("   largest total indices of the margin: " + ", ".join(
        f"{k} {sob.total[k]:.3f}" for k in top))


if __name__ == "__main__":
    main()
