"""N-player equilibria side by side with pygambit: all equilibria, the QRE branch, one equilibrium.

Run:  .venv/bin/python benchmarks/bench_nplayer.py

* **all equilibria** of 3x3x3 and 2x2x2x2 games (Gambit's ``3x3x3.nfg``,
  ``coord333.nfg``, ``2x2x2x2.nfg`` and seeded random games with integer payoffs in
  [-9, 9]): negotiation ``method="enumerate"`` (exact) against pygambit
  ``enumpoly_solve`` (floating point); the equilibrium counts are printed beside the times;
* **QRE branch**: negotiation ``logit_branch`` against pygambit ``logit_solve_branch``
  (both trace the principal branch until the regret is below 1e-8 of the payoff range);
* **one equilibrium** of a seeded random 4-player game with 4 actions each: negotiation
  ``method="global-newton"`` and ``method="logit"`` against pygambit ``logit_solve``,
  ``gnm_solve`` and ``simpdiv_solve`` (global Newton also with ``time_limit=0``: the path
  without the exact polishing); ``ratio`` is the last of ours over theirs.

One run each, in this process, sympy and pygambit imported before timing; ``ratio`` is
our time over pygambit's (above 1: pygambit is faster).
"""

import tempfile
import time
from pathlib import Path

import numpy as np
import pygambit as gbt
import sympy  # noqa: F401  (imported before timing)

from negotiation import NormalFormGame

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "gambit"


def gambit(game, folder):
    path = folder / "game.nfg"
    game.write(path)
    return gbt.read_nfg(str(path))


def clock(function):
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def random_game(seed, shape):
    rng = np.random.default_rng(seed)
    return NormalFormGame(rng.integers(-9, 10, size=(len(shape), *shape)).tolist(),
                          title=f"random {'x'.join(map(str, shape))} seed {seed}")


def main():


    folder = Path(tempfile.mkdtemp())
    games = [NormalFormGame.read(DATA / f"nplayer-{name}.nfg")
             for name in ("3x3x3", "coord333", "2x2x2x2")]
    games += [random_game(seed, (3, 3, 3)) for seed in range(2)]
    games += [random_game(seed, (2, 2, 2, 2)) for seed in range(2)]
    print("all equilibria: negotiation enumerate (exact) vs pygambit enumpoly_solve")
    print(f"{'game':<40} {'ours s':>8} {'n':>3} {'gambit s':>9} {'n':>3} {'ratio':>7}")
    for game in games:
        ours, result = clock(game.equilibria)
        G = gambit(game, folder)
        theirs, found = clock(lambda G=G: gbt.nash.enumpoly_solve(G).equilibria)
        n = f"{len(result)}" + (f"+{len(result.varieties)}v" if result.varieties else "")
        print(f"{game.title[:40]:<40} {ours:8.2f} {n:>3} {theirs:9.3f} {len(found):>3} "
              f"{ours / theirs:7.0f}")

    print("\nQRE principal branch: negotiation logit_branch vs pygambit logit_solve_branch")
    for game in games[:1] + games[2:3] + games[3:4]:
        ours, branch = clock(game.logit_branch)
        G = gambit(game, folder)
        theirs, points = clock(lambda G=G: gbt.qre.logit_solve_branch(G))
        print(f"{game.title[:40]:<40} ours {ours:6.2f} s ({len(branch)} points), "
              f"gambit {theirs:6.3f} s ({len(points)} points), ratio {ours / theirs:5.0f}")

    print("\none equilibrium of a random 4-player game with 4 actions each")
    game = random_game(0, (4, 4, 4, 4))
    for method, options in [("logit", {}), ("global-newton", {}),
                            ("global-newton", {"time_limit": 0})]:   # the path alone
        ours, result = clock(lambda method=method, options=options: game.equilibria(
            method=method, **options))
        eq = result[0]
        exact = eq.exact or bool(eq.algebraic)
        print(f"negotiation {method:<13} {options or ''!s:<17} {ours:7.2f} s  "
              f"regret {eq.regret or 0:.2e} exact {exact}")
    G = gambit(game, folder)
    for name, solve in [("logit_solve", lambda: gbt.nash.logit_solve(G)),
                        ("gnm_solve", lambda: gbt.nash.gnm_solve(G)),
                        ("simpdiv_solve", lambda: gbt.nash.simpdiv_solve(
                            G.mixed_strategy_profile(rational=True)))]:
        theirs, found = clock(solve)
        found = getattr(found, "equilibria", None) or [found.equilibrium]
        regret = max(float(e.max_regret()) for e in found)
        print(f"pygambit {name:<16} {theirs:7.3f} s  regret {regret:.2e}  "
              f"ratio {ours / theirs:6.1f}")


if __name__ == "__main__":
    main()
