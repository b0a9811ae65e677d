"""Backward induction on wide perfect-information trees: build and solve times.

Run:  .venv/bin/python benchmarks/bench_backward_induction.py [--depths 4 5 6]

The tree of tests/games/test_backward_induction.py (three players in turn, ten actions
each): depth 6 has 1,111,111 nodes.  The issue's target is one million nodes in seconds.
pygambit 17 has no subgame-perfect solver to time beside it: its nearest tool,
``enumpure_agent_solve``, enumerates the pure profiles of the agent form, 10**1111 of them
already at depth 4, and does not finish.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.games.test_backward_induction import wide_tree


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[4, 5, 6])
    args = parser.parse_args()
    print(f"{'depth':>5} {'nodes':>10} {'build s':>9} {'solve s':>9} {'SPE':>6}")
    for depth in args.depths:
        start = time.perf_counter()
        tree = wide_tree(depth)
        built = time.perf_counter() - start
        start = time.perf_counter()
        result = tree.subgame_perfect()
        solved = time.perf_counter() - start
        print(f"{depth:>5} {len(tree):>10,} {built:>9.3f} {solved:>9.3f} {result.count:>6}")


if __name__ == "__main__":
    main()
