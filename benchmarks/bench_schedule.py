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
* ``minimal_transfer`` over every two- and three-phase schedule of a smaller package, and its
  linear programs alone: the exact simplex the library uses, against scipy's HiGHS in floats
  and HiGHS made exact by projection (the method before) on the same programs.

No library computes self-enforcing deal schedules, so the peers are the direct loops.
"""

import argparse
import time
from fractions import Fraction as F

import numpy as np

from scipy.optimize import linprog

from negotiation import _lp
from negotiation.bargaining import ScheduleProblem, Step
from negotiation.bargaining import schedule as S


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
    programs = []
    solve = S.solve_exact  # record the linear programs as the library poses them
    S.solve_exact = lambda c, A, b, *rest: programs.append((c, A, b)) or solve(c, A, b, *rest)
    try:
        lp_exact, plans = timed(lambda: [small.minimal_transfer(s) for s in cases])
    finally:
        S.solve_exact = solve
    lp_float, float_plans = timed(lambda: [small_floats.minimal_transfer(s) for s in cases])
    alone, _ = timed(lambda: [linprog(-np.array(c, dtype=float), A_ub=np.array(A, dtype=float),
                                      b_ub=np.array(b, dtype=float), bounds=(0, None),
                                      method="highs") for c, A, b in programs])
    projected, answers = timed(lambda: [_lp._highs_projected(c, A, b, (), (), (), ())
                                        for c, A, b in programs])
    simplex, exact_answers = timed(lambda: [_lp.simplex(c, A, b) for c, A, b in programs])
    agree = all((a.cost is None and b.cost is None) or
                abs(float(a.cost) - b.cost) <= 1e-7 * (1 + abs(b.cost))
                for a, b in zip(plans, float_plans))
    same = all((x is None) == (y is None) and (x is None or x[0] == y[0])
               for x, y in zip(answers, exact_answers))
    print(f"\nminimal_transfer over {len(cases)} schedules of 4 steps "
          f"({sum(p.feasible for p in plans)} feasible; exact and float costs agree: {agree})")
    print("| method | ms per schedule |")
    print("|---|---|")
    print(f"| minimal_transfer, exact inputs (built, solved, checked exactly) | "
          f"{1000 * lp_exact / len(cases):.1f} |")
    print(f"| minimal_transfer, float inputs | {1000 * lp_float / len(cases):.1f} |")
    print(f"| the linear programs alone: the exact simplex (the library) | "
          f"{1000 * simplex / len(cases):.2f} |")
    print(f"| the same by HiGHS, made exact by projection (before; same optima: {same}) | "
          f"{1000 * projected / len(cases):.2f} |")
    print(f"| the same by HiGHS alone, floats | {1000 * alone / len(cases):.2f} |")

if __name__ == "__main__":
    main()
