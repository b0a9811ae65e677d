"""Graph-model stability at scale: 15 options (32,768 states), 5 decision makers.

Run:  .venv/bin/python benchmarks/bench_conflict.py [--options 15] [--repeat 3]

Builds a seeded random model in option form — five DMs with three options each, one
irreversible option per DM, each DM's preferences six option-prioritisation statements —
and times, in one run:

* building the model (feasible states, every DM's unilateral moves, preferences);
* each of Nash, GMR, SMR and SEQ for every DM and state by the reachable-list computation
  (``analyse(method="reachability")``), and all four together;
* the matrix representation of Xu, Hipel & Kilgour (2009) (``method="matrix"``, dense
  O(|S|^3) products, the formulation GMCR tools describe) on smaller models of the same
  kind, with the reachability computation beside it on each, their tables compared;
* the bundled five-party US–DPRK model (2,400 states) with its five coalitions.

No Python library computes GMCR stability (GMCR II and GMCR+ are closed or dormant
Windows/Java programs), so the matrix formulation is the only peer timed.
"""

import argparse
import statistics
import time

import numpy as np

from negotiation.conflict import CONCEPTS, GraphModel, analyse, load


def model(options, seed=0):
    rng = np.random.default_rng(seed)
    dms = {}
    for k in range(options):
        dms.setdefault(f"D{k % 5}", []).append(f"o{k}")
    names = [o for opts in dms.values() for o in opts]
    prefs = {}
    for dm in dms:
        picks = rng.permutation(options)[:6]
        prefs[dm] = {"prioritisation": [("not " if rng.random() < 0.5 else "") + names[k]
                                        for k in picks]}
    ways = {opts[0]: "forward" for opts in dms.values()}
    return GraphModel.option_form(dms, prefs, reversibility=ways)


def timed(f, repeat):
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--options", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    build, big = timed(lambda: model(args.options), args.repeat)
    print(f"{args.options} options, {big.n_states:,} states, 5 DMs: model built in "
          f"{build:.2f} s (moves transitive: {big.transitive})")
    for concept in CONCEPTS:
        t, result = timed(lambda c=concept: analyse(big, concepts=[c]), args.repeat)
        print(f"  {concept:5s} {t:7.2f} s   {len(result.equilibria(concept)):6,} equilibria")
    t, _ = timed(lambda: analyse(big), args.repeat)
    print(f"  all four {t:5.2f} s")

    print("\nreachable lists vs the matrix representation (dense), same tables:")
    print(f"  {'options':>7} {'states':>7} {'reachability':>13} {'matrix':>9}")
    for options in (6, 8, 10):
        small = model(options)
        fast, a = timed(lambda m=small: analyse(m, check=False), args.repeat)
        dense, b = timed(lambda m=small: analyse(m, method="matrix"), 1)
        assert all(np.array_equal(a.stable[c], b.stable[c]) for c in CONCEPTS)
        print(f"  {options:7d} {small.n_states:7,} {fast:12.3f}s {dense:8.2f}s")

    case = load("conflict_us_dprk_2025")
    t, result = timed(lambda: analyse(case, coalitions=case.settings["coalitions"]), 1)
    print(f"\nUS–DPRK model ({case.n_states:,} states, 5 DMs, 5 coalitions): {t:.2f} s; "
          f"SEQ equilibria {len(result.equilibria('seq'))}, coalitional "
          f"{len(result.coalitional_equilibria('seq'))}")


if __name__ == "__main__":
    main()
