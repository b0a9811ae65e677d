"""Deal schedules: searching every schedule of a package, and the cheapest third-party payments.

Run:  .venv/bin/python benchmarks/bench_schedule.py [--steps 8] [--phases 5]

A seeded random package (two players, each step given by one side, a third of the steps
irreversible, some taking two phases of work; exact inputs) and, in one run:

* ``ScheduleProblem.self_enforcing``: every assignment of steps to phases screened in floats
  over numpy arrays, each survivor checked again exactly (and the same search with float
  inputs, where the screen is the answer), and ``best``, which checks exactly only the
  schedules that could be the best;
* the per-schedule loops it replaces, on a sample of the same schedules and extrapolated to
  all: ``check`` in exact arithmetic (Fractions) and in floats;
* ``minimal_transfer`` (HiGHS, then the optimum made exact and checked) against HiGHS alone
  in floats on the same program, over every two- and three-phase schedule of a smaller package.

No library computes self-enforcing deal schedules, so the peers are the direct loops.
"""

import argparse
import time
from fractions import Fraction as F

import numpy as np

from negotiation.bargaining import ScheduleProblem, Step


def package(steps, seed=0, exact=True):
    rng = np.random.default_rng(seed)
    made = []
    for k in range(steps):
        side = ("US", "DPRK")[k % 2]
        other = "DPRK" if side == "US" else "US"
        cost, gain = int(rng.integers(1, 4)), int(rng.integers(1, 6))
        made.append(Step(f"s{k}", side, {side: -cost, other: gain},
                         reversible=bool(rng.random() > 1 / 3),
                         duration=int(rng.choice([1, 1, 2]))))
    number = (lambda v: v) if exact else float
    return ScheduleProblem(("US", "DPRK"), made, base=0, walk_away=number(-4),
                           discount=number(F(9, 10)), reversal=number(F(1, 20)),
                           detection={"US": 1, "DPRK": number(F(3, 4))})


def timed(f):
    start = time.perf_counter()
    out = f()
    return time.perf_counter() - start, out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--phases", type=int, default=5)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    exact = package(args.steps, seed=args.seed)
    floats = package(args.steps, seed=args.seed, exact=False)
    listing, schedules = timed(lambda: exact.schedules(args.phases))
    search, found = timed(lambda: exact.self_enforcing(args.phases))
    search_floats, found_floats = timed(lambda: floats.self_enforcing(args.phases))
    best, _ = timed(lambda: exact.best(args.phases))
    rng = np.random.default_rng(1)
    sample = [schedules[k] for k in rng.choice(len(schedules), args.sample, replace=False)]
    per_exact, _ = timed(lambda: [exact.check(s) for s in sample])
    per_float, _ = timed(lambda: [floats.check(s) for s in sample])
    scale = len(schedules) / len(sample)
    print(f"{args.steps} steps, at most {args.phases} phases: {len(schedules):,} schedules, "
          f"{len(found):,} self-enforcing (each checked exactly)")
    print("| method | seconds |")
    print("|---|---|")
    print(f"| list the schedules | {listing:.2f} |")
    print(f"| self_enforcing, exact inputs (float screen, survivors checked exactly) | "
          f"{search:.2f} |")
    print(f"| self_enforcing, float inputs ({len(found_floats):,} found) | {search_floats:.2f} |")
    print(f"| best (float screen, only its contenders checked exactly) | {best:.2f} |")
    print(f"| loop of exact check() (extrapolated from {args.sample:,}) | "
          f"{per_exact * scale:.1f} |")
    print(f"| loop of float check() (extrapolated) | {per_float * scale:.1f} |")

    small, small_floats = package(4, seed=2), package(4, seed=2, exact=False)
    cases = [s for s in small.schedules(3) if s.n_phases > 1]
    lp_exact, plans = timed(lambda: [small.minimal_transfer(s) for s in cases])
    lp_float, float_plans = timed(lambda: [small_floats.minimal_transfer(s) for s in cases])
    agree = all((a.cost is None and b.cost is None) or
                abs(float(a.cost) - b.cost) <= 1e-7 * (1 + abs(b.cost))
                for a, b in zip(plans, float_plans))
    print(f"\nminimal_transfer over {len(cases)} schedules of 4 steps "
          f"({sum(p.feasible for p in plans)} feasible; costs agree: {agree})")
    print("| method | ms per schedule |")
    print("|---|---|")
    print(f"| HiGHS, made exact and checked exactly | {1000 * lp_exact / len(cases):.1f} |")
    print(f"| HiGHS alone, floats | {1000 * lp_float / len(cases):.1f} |")


if __name__ == "__main__":
    main()
