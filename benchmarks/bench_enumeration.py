"""All-extreme-equilibria enumeration, side by side with lrsnash, Gambit and nashpy.

Run:  .venv/bin/python benchmarks/bench_enumeration.py [--sizes 4 6 8 10 12 15] [--games 3]
                                                      [--timeout 120] [--out results.csv]

For each size n and kind (``nondegenerate``: integer payoffs in -1000..1000, checked
nondegenerate; ``degenerate``: integers in -10..10) it draws seeded random n x n games,
and the 6x6 game with 75 equilibria (von Stengel 1999), and times in one run:

* negotiation ``method="enumerate"`` (exact),
* lrsnash (lrslib, C with GMP; Debian package ``lrslib``) when it is on the PATH,
* pygambit's native ``enummixed_solve`` (exact),
* nashpy's ``vertex_enumeration`` and ``support_enumeration`` (floats).

Each peer runs in a child process with a time limit.  The table reports the median
time and, per method, on how many games its count of equilibria was off the exact count
(fewer: equilibria missed; more: some listed twice).
"""

import argparse
import multiprocessing as mp
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEVENTY_FIVE = (ROOT / "tests/data/gambit/catalog/journals/dcg/vonstengel1999"
                / "6x6_game_with_75_eq.nfg")


def ours(A, B):
    from negotiation import NormalFormGame

    return len(NormalFormGame.from_matrices(A.tolist(), B.tolist()).equilibria())


def lrsnash(A, B):
    m, n = A.shape
    text = f"{m} {n}\n\n" + "\n".join(" ".join(map(str, r)) for r in A) + "\n\n" + "\n".join(
        " ".join(map(str, r)) for r in B) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(text)
    out = subprocess.run(["lrsnash", f.name], capture_output=True, text=True, check=True).stdout
    Path(f.name).unlink()
    line = next(ln for ln in out.splitlines() if "Number of equilibria found" in ln)
    return int(line.split(":")[1])


def gambit(A, B):
    import pygambit

    game = pygambit.StrategicGame.from_arrays(A.tolist(), B.tolist())
    return len(pygambit.nash.enummixed_solve(game, rational=True).equilibria)


def nashpy_vertex(A, B):
    import nashpy

    return len(list(nashpy.Game(A, B).vertex_enumeration()))


def nashpy_support(A, B):
    import warnings

    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(list(nashpy.Game(A, B).support_enumeration()))


METHODS = {"negotiation": ours, "lrsnash": lrsnash, "pygambit enummixed": gambit,
           "nashpy vertex_enumeration": nashpy_vertex, "nashpy support_enumeration": nashpy_support}


def _child(method, A, B, queue):
    import nashpy  # noqa: F401  (imports are not timed)
    import pygambit  # noqa: F401

    import negotiation.equilibria  # noqa: F401

    start = time.perf_counter()
    count = METHODS[method](A, B)
    queue.put((time.perf_counter() - start, count))


def timed(method, A, B, timeout):
    """(seconds, equilibria found) or (None, None) on time-out."""
    queue = mp.Queue()
    process = mp.Process(target=_child, args=(method, A, B, queue))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return None, None
    return queue.get() if not queue.empty() else (None, None)


def random_game(n, kind, rng):
    from fractions import Fraction

    from negotiation.equilibria.enumeration import positive_integer_matrix
    from negotiation.equilibria.polytope import vertices

    bound = 1000 if kind == "nondegenerate" else 10
    while True:
        A, B = rng.integers(-bound, bound + 1, (2, n, n))
        if kind == "degenerate":
            return A, B
        exact = np.vectorize(Fraction, otypes=[object])
        P = vertices(positive_integer_matrix(exact(B)).T)
        if all(v.labels.bit_count() == n for v in P):
            return A, B


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 6, 8, 10, 12, 15])
    parser.add_argument("--games", type=int, default=3, help="games per size and kind")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip", nargs="*", default=[], help="methods to leave out")
    args = parser.parse_args()

    methods = [m for m in METHODS if m not in args.skip]
    if "lrsnash" in methods and shutil.which("lrsnash") is None:
        print("lrsnash not found (apt-get install lrslib); leaving it out")
        methods.remove("lrsnash")
    rng = np.random.default_rng(args.seed)
    cases = []
    if SEVENTY_FIVE.exists():
        from negotiation import NormalFormGame

        A, B = (np.array(M, dtype=int) for M in NormalFormGame.read(SEVENTY_FIVE).matrices())
        cases.append(("6x6, 75 equilibria", [(A, B)]))
    for n in args.sizes:
        for kind in ("nondegenerate", "degenerate"):
            games = [random_game(n, kind, rng) for _ in range(args.games)]
            cases.append((f"{n}x{n} {kind}", games))

    header = f"{'case':28s}" + "".join(f"{m:>28s}" for m in methods)
    print(header)
    print("-" * len(header))
    gave_up = set()
    for name, games in cases:
        cells = []
        truth = [timed("negotiation", A, B, args.timeout)[1] for A, B in games] \
            if "negotiation" in methods else [None] * len(games)
        for method in methods:
            if method in gave_up:
                cells.append("skipped")
                continue
            times, found = [], []
            for (A, B), exact in zip(games, truth):
                seconds, count = timed(method, A, B, args.timeout)
                if seconds is None:
                    times, found = None, None
                    gave_up.add(method)  # larger sizes would time out too
                    break
                times.append(seconds)
                found.append((count, exact))
            if times is None:
                cells.append(f">{args.timeout:.0f}s")
                continue
            missed = sum(1 for c, e in found if e is not None and c != e)
            cell = f"{statistics.median(times):.3f}s"
            if missed:
                cell += f" ({missed}/{len(found)} off)"
            cells.append(cell)
        print(f"{name:28s}" + "".join(f"{c:>28s}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
