"""Sensitivity benchmarks: each vectorised path side by side with the naive
per-point loop (and SALib for Sobol), in one run; prints the times and the ratios.

1. A 1000×1000 regime map of a closed-form output of the baseline scenario (the war
   model's probability of war, lambdified from ``scenario.model.symbolic()``), with
   boundaries root-found; naive: the analysis's own war model, point by point.
2. 100,000 Monte Carlo draws of the bargaining analysis of the baseline (symmetric and
   patience-weighted Nash solutions, Kalai–Smorodinsky, the US utility, recognition,
   margins, deal, regime, the war and power-shift shares) over all 60 parameters:
   in-process, with the default executor ("auto": local processes for a job this size)
   and on two local processes;
   naive: ``predicted_shares`` + ``regime`` point by point.
3. Sobol indices of 10 parameters of the baseline (output: the margin) with 4,096 base
   samples (49,152 evaluations); naive: the same evaluations point by point; SALib
   (``pip install SALib``): its Saltelli sampling and ``sobol.analyze`` on the same
   vectorised evaluations.
4. Equilibria tracked along a parameter in a 12x12 game: where branches end, found by
   bisection on each branch's support (no enumeration) vs bisection on the equilibrium
   count (a full enumeration per step).
5. Memory: peak resident memory of 10 million draws (a closed-form output, streamed in
   chunks) and of 100,000 and 1,000,000 draws of the bargaining analysis, each in a
   fresh process (its workers included).

Naive loops are timed on a sample of points and scaled to the full count (marked ~).
Run: ``.venv/bin/python benchmarks/bench_sensitivity.py [--quick]``.
"""

import subprocess
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
    outputs = ["nash", "nash_us", "nash_patience", "nash_recognition", "kalai_smorodinsky",
               "margin", "deal", "regime", "war", "power_shift"]
    S.monte_carlo(baseline, 4096, seed=0, outputs=outputs, progress=False)  # warm caches
    fast, mc = timed(S.monte_carlo, baseline, draws, seed=1, outputs=outputs, progress=False,
                     keep=False, executor=None)
    auto, mc1 = timed(S.monte_carlo, baseline, draws, seed=1, outputs=outputs,
                      progress=False, keep=False)
    procs, mc2 = timed(S.monte_carlo, baseline, draws, seed=1, outputs=outputs,
                       progress=False, keep=False, executor="processes", chunk_size=16384)
    target = S.as_target(baseline)
    points = S.monte_carlo(baseline, 40, seed=2, outputs=["margin"], progress=False).samples
    start = time.perf_counter()
    for i in range(40):
        s = baseline.with_values({k: float(points[k][i]) for k in target.parameters})
        predicted_shares(s)
        regime(s.model, s.model.env(floats=True))
    naive = (time.perf_counter() - start) / 40 * draws
    row(f"2. Monte Carlo {draws:,} draws, in-process", fast, naive, "~")
    row(f"   Monte Carlo {draws:,} draws, default executor (auto)", auto, naive, "~")
    row(f"   Monte Carlo {draws:,} draws, 2 local processes", procs, naive, "~")
    same = mc.summary == mc1.summary == mc2.summary
    print("   P(regime): " + ", ".join(f"{k} {p:.3f}" for k, (p, _, _) in
                                        mc.summary["regime"]["probabilities"].items())
          + f"; same numbers on every executor: {same}")

    # 3. Sobol -------------------------------------------------------------------------
    base = 512 if QUICK else 4096
    names = ["russia.backing", "russia.reliability", "alliance.kappa", "leader.legacy",
             "dprk.value.recognition", "dprk.value.sanctions", "us.no_deal_base",
             "us.cost.recognition", "dprk.status_quo", "us.value.freeze"]
    fast, sob = timed(S.sobol, baseline, names, n=base, seed=3, output="margin", executor=None,
                      progress=False)
    procs, _ = timed(S.sobol, baseline, names, n=base, seed=3, output="margin",
                     progress=False, executor="processes", chunk_size=4096)
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
    salib(baseline, names, base, fast)

    # 4. equilibria along a parameter ---------------------------------------------------
    equilibria_along_a_parameter()

    # 5. memory -------------------------------------------------------------------------
    print("5. peak memory (a fresh process, in-process evaluation):")
    big = 1_000_000 if QUICK else 10_000_000
    for label, code in (
            (f"{big:,} draws of a closed form (war probability), streamed",
             "t = S.closed_form(b, b.model.symbolic()['war']['war_probability']); "
             f"S.monte_carlo(t, {big}, seed=1, keep=False, progress=False, executor=None)"),
            ("100,000 draws of the bargaining analysis",
             "S.monte_carlo(b, 100_000, seed=1, outputs=['nash', 'regime'], keep=False, "
             "progress=False, executor=None)"),
            ("1,000,000 draws of the bargaining analysis",
             "S.monte_carlo(b, 1_000_000, seed=1, outputs=['nash', 'regime'], keep=False, "
             "progress=False, executor=None)")):
        if QUICK and label.startswith("1,000,000 draws of the bargaining"):
            continue
        seconds, peak = peak_memory(code)
        print(f"   {label:<58} {seconds:8.1f} s   peak {peak:7.0f} MiB")


def equilibria_along_a_parameter():
    """Branch ends in a random 12x12 game whose payoffs move with a: by support and by
    count."""
    import importlib

    from negotiation import NormalFormGame

    module = importlib.import_module("negotiation.sensitivity.sweep")
    rng = np.random.default_rng(11)
    A0, A1, B0, B1 = (rng.integers(-9, 10, (12, 12)) for _ in range(4))

    def game(a):
        return NormalFormGame.from_matrices(A0 + a * A1, B0 + a * B1)

    grid = np.linspace(0, 1, 5)
    fast, path = timed(S.sweep_equilibria, game, "a", grid)
    support_end = module._support_end
    module._support_end = lambda *args: None  # force bisection on the count
    try:
        slow, counted = timed(S.sweep_equilibria, game, "a", grid)
    finally:
        module._support_end = support_end
    row(f"4. equilibria of a 12x12 game along a: {len(path.events)} branch ends", fast, slow,
        f"(naive: bisection on the count, {len(counted.events)} events)")


def salib(baseline, names, base, ours):
    """SALib's Sobol on the same vectorised evaluations (when SALib is installed)."""
    try:
        from SALib.analyze import sobol as salib_sobol
        from SALib.sample import sobol as salib_sample
    except ImportError:
        print("   SALib: not installed (pip install SALib) - left out")
        return
    target = S.as_target(baseline)
    problem = {"num_vars": len(names), "names": names,
               "bounds": [[target.spec(k).low, target.spec(k).high] for k in names]}
    start = time.perf_counter()
    x = salib_sample.sample(problem, base, calc_second_order=False, seed=3)
    y = S.functions.evaluate_many(target, dict(zip(names, x.T)), ["margin"],
                                  executor=None)["margin"]
    result = salib_sobol.analyze(problem, np.asarray(y, dtype=float), calc_second_order=False,
                                 seed=3)
    seconds = time.perf_counter() - start
    print(f"   SALib (Saltelli sampling + sobol.analyze, same evaluations)  {seconds:8.2f} s"
          f"   ours {ours:.2f} s; largest total index: "
          f"{names[int(np.argmax(result['ST']))]} {np.max(result['ST']):.3f}")


def peak_memory(code):
    """Wall time and peak resident memory (MiB) of ``code`` in a fresh interpreter: the
    kernel's high-water mark of the process (``VmHWM``; ``ru_maxrss`` would also count the
    memory of the process it was forked from)."""
    script = ("import re, time, negotiation; from negotiation import sensitivity as S; "
              "b = negotiation.load('us_dprk_2025_baseline'); t0 = time.perf_counter(); "
              f"{code}; "
              "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()); "
              "print(time.perf_counter() - t0, hwm.group(1))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1]) / 1024


if __name__ == "__main__":
    main()
