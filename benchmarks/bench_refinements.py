"""Refinements and the three-player case side by side with pygambit.

Run:  .venv/bin/python benchmarks/bench_refinements.py

* **sequential equilibria of trees** (Gambit's catalogue trees): negotiation
  ``sequential_equilibria`` (every candidate checked exactly, beliefs included) against
  pygambit ``lcp_solve`` (two players, one equilibrium, no beliefs) and ``logit_solve``
  (the agent QRE limit, floats); the number of exact assessments is printed beside;
* **the tree logit branch**: negotiation ``logit_branch`` (the limit made exact) against
  pygambit ``logit_solve_branch``;
* **the three-player case** (2x3x2, from the 2025 baseline scenario): negotiation
  ``trilateral`` (all equilibria, the branch, the critical precision) against pygambit
  ``enumpoly_solve`` plus ``logit_solve_branch`` on the same game.

One run each, in this process, sympy and pygambit imported before timing; ``ratio`` is
our time over pygambit's (above 1: pygambit is faster).  Pygambit computes less (no
beliefs, no exactness, no threshold), so the ratio is the price of the extra answers.
"""

import tempfile
import time
from pathlib import Path

import pygambit as gbt
import sympy  # noqa: F401  (imported before timing)

import negotiation
from negotiation import GameTree
from negotiation.equilibria.qre import logit_branch
from negotiation.equilibria.sequential import sequential_equilibria
from negotiation.scenario.trilateral import trilateral, trilateral_game

CATALOGUE = Path(__file__).resolve().parents[1] / "tests" / "data" / "gambit" / "catalog"
TREES = ["journals/ijgt/selten1975/fig1.efg", "journals/ijgt/selten1975/fig2.efg",
         "books/myerson1991/fig4_2.efg", "books/vonstengel2022/fig10.1.efg",
         "journals/geb/bagwell1995.efg"]


def clock(function, *args, **options):
    start = time.perf_counter()
    value = function(*args, **options)
    return time.perf_counter() - start, value


def row(name, ours, theirs, note=""):
    print(f"{name:44s} {ours:9.3f} {theirs:9.3f} {ours / theirs:8.1f}  {note}")


def main():
    print(f"{'task':44s} {'ours (s)':>9s} {'gambit':>9s} {'ratio':>8s}")
    for name in TREES:
        path = CATALOGUE / name
        tree, G = GameTree.read(path), gbt.read_efg(str(path))
        ours, found = clock(sequential_equilibria, tree)
        if len(G.players) == 2:
            theirs, _ = clock(gbt.nash.lcp_solve, G, rational=True)
            row(f"sequential {Path(name).stem} vs lcp", ours, theirs,
                f"{len(found)} exact assessments")
        theirs, _ = clock(gbt.nash.logit_solve, G)
        row(f"sequential {Path(name).stem} vs logit", ours, theirs,
            f"{len(found)} exact assessments")
        ours, _ = clock(logit_branch, tree)
        theirs, _ = clock(gbt.qre.logit_solve_branch, G)
        row(f"tree logit branch {Path(name).stem}", ours, theirs)
    scenario = negotiation.load("us_dprk_2025_baseline")
    game, _ = trilateral_game(scenario)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.nfg"
        game.write(path)
        G = gbt.read_nfg(str(path))
    ours, case = clock(lambda: trilateral(scenario))
    theirs, _ = clock(lambda: (gbt.nash.enumpoly_solve(G), gbt.qre.logit_solve_branch(G)))
    row("three-player case (2x3x2)", ours, theirs,
        f"{len(case.equilibria)} points, {len(case.equilibria.varieties)} continua")


if __name__ == "__main__":
    main()
