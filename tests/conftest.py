"""Shared test helpers: the public Gambit games and pygambit as an oracle."""

from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Copies of Gambit's game files, in Gambit's own folder layout (see its README.md).
GAMBIT_GAMES = ROOT / "tests" / "data" / "gambit"
GAMBIT_FOLDERS = ("catalog", "contrib", "doc", "tests")


def gambit_files(suffix):
    """Every game file with ``suffix`` copied from Gambit's repository (sorted)."""
    return sorted(path for folder in GAMBIT_FOLDERS
                  for path in (GAMBIT_GAMES / folder).rglob(f"*{suffix}"))


def oracle_equilibria(A, B):
    """pygambit's exact enummixed equilibria of (A, B) as a set of Fraction tuples."""
    import pygambit

    game = pygambit.StrategicGame.from_arrays(
        [[Fraction(v) for v in row] for row in A], [[Fraction(v) for v in row] for row in B])
    return _oracle_set(game)


def _oracle_set(game, pure=False):
    import pygambit

    if pure:
        result = pygambit.nash.enumpure_solve(game)
    else:
        result = pygambit.nash.enummixed_solve(game, rational=True)
    players = list(game.players)
    return {
        tuple(tuple(Fraction(str(p)) for _, p in eq[player]) for player in players)
        for eq in result.equilibria
    }


def oracle_file_equilibria(path, pure=False):
    """pygambit's exact equilibria (enummixed, or enumpure) of a .nfg file."""
    import pygambit

    return _oracle_set(pygambit.read_nfg(str(path)), pure)


@pytest.fixture
def ours():
    """Our equilibria of a NormalFormGame as a set of Fraction tuples."""
    return lambda result: {tuple(tuple(s) for s in e.strategies) for e in result}


@pytest.fixture
def alone(request):
    """Whether this test may fork here: ``True`` when this is the only thread, so that it
    goes on; otherwise it runs again in a fresh interpreter (a fork copies only the calling
    thread, so forked code is tested where no other thread runs), asserts that it passed
    there, and returns ``False``.  Skipped where processes do not fork."""
    import os
    import subprocess
    import sys
    import threading

    from negotiation.sensitivity import executors

    if not executors.forks():
        pytest.skip("processes do not fork on this platform")
    if threading.active_count() == 1:
        return True
    assert "NEGOTIATION_ALONE" not in os.environ, "other threads run in a fresh interpreter"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           request.node.nodeid], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "NEGOTIATION_ALONE": "1"}, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    return False
