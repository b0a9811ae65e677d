"""The numerical fallback of N-player enumeration: certified homotopy roots, against the
exact path and pygambit's enumpoly."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from negotiation import NormalFormGame
from negotiation.equilibria import nplayer_support
from negotiation.equilibria.homotopy import SupportSystem, certify, real_roots
from negotiation.equilibria.nplayer_support import numerical_equilibria, solve_supports

from . import gambit_files

gbt = pytest.importorskip("pygambit")


def random_game(seed, shape):
    rng = np.random.default_rng(seed)
    return NormalFormGame(rng.integers(-9, 10, size=(len(shape), *shape)).tolist())


def flat(eq):
    return np.concatenate([np.asarray(s, dtype=float) for s in eq.strategies])


def same_sets(ours, theirs, atol=1e-8):
    return (len(ours) == len(theirs)
            and all(any(np.allclose(flat(a), flat(b), atol=atol) for b in theirs) for a in ours))


GAMES = [NormalFormGame.read(gambit_files.DATA / "nplayer-2x2x2.nfg"),
         *[random_game(seed, (2, 2, 2)) for seed in range(3)],
         *[random_game(seed, (2, 2, 2, 2)) for seed in range(2)],
         random_game(5, (3, 2, 2))]


@pytest.mark.parametrize("game", GAMES)
def test_timed_out_supports_recover_the_exact_equilibrium_set(game, monkeypatch):
    exact, varieties, unresolved = solve_supports(game, time_limit=None)
    assert not unresolved and not varieties
    # the CPU timer with a tiny limit: whatever does not finish within its first tick
    timed, _timed_varieties, timed_unresolved = solve_supports(game, time_limit=1e-6)
    assert not timed_unresolved and same_sets(timed, exact)

    def out_of_time(*args):
        raise nplayer_support._Timeout

    monkeypatch.setattr(nplayer_support, "_on_support", out_of_time)   # every support
    numeric, _numeric_varieties, numeric_unresolved = solve_supports(game)
    assert not numeric_unresolved and same_sets(numeric, exact)
    assert all(not eq.exact and 0 <= eq.regret <= 1e-12 for eq in numeric)
    G = gambit_files.gambit_game(gbt, game)        # and against pygambit, each of theirs
    for eq in gbt.nash.enumpoly_solve(G).equilibria:
        theirs = np.array([float(v) for p in G.players for _, v in eq[p]])
        assert any(np.allclose(theirs, flat(ours), atol=1e-7) for ours in numeric)


def test_undecided_finite_systems_fall_back(monkeypatch):
    # the exact solver is made to give up on every finite system
    game = NormalFormGame.read(gambit_files.DATA / "nplayer-3x3x3.nfg")
    exact = game.equilibria()
    original = nplayer_support._shape_points
    monkeypatch.setattr(nplayer_support, "_shape_points", lambda equations, gens, *args, **kw:
                        None if gens else original(equations, gens, *args, **kw))
    numeric = game.equilibria()
    assert exact.complete and numeric.complete
    assert same_sets(list(numeric), list(exact))
    assert any(not eq.exact and eq.regret is not None for eq in numeric)


def test_a_continuum_is_left_undecided_not_reported_as_points():
    # every profile of the all-zero game is an equilibrium: no support system is finite
    game = NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int).tolist())
    assert numerical_equilibria(game, ((0, 1), (0, 1), (0, 1))) is None
    result = game.equilibria(time_limit=1e-6)
    assert not result.complete and result.unresolved


def test_the_certified_box_holds_the_exact_root():
    game = NormalFormGame.read(gambit_files.DATA / "nplayer-2x2x2.nfg")
    payoffs = np.vectorize(Fraction, otypes=[object])(game.payoffs)
    support = ((0, 1), (0, 1), (0, 1))
    floats = np.asarray(game.payoffs, dtype=float)
    roots = real_roots(SupportSystem(floats, support))
    exact = [eq for eq in game.equilibria() if all(len(s) == 2 for s in
                                                    (eq.support(i) for i in range(3)))]
    assert len(roots) >= len(exact) == 2
    for eq in exact:
        x = np.array([float(s[1]) for s in eq.strategies])
        box, _probabilities, _gains = certify(payoffs, support, x + 1e-12)
        assert all(b.a <= sp.Rational(s[1]) <= b.b for b, s in zip(box, eq.strategies))
        # a box that holds no root is not certified
        assert certify(payoffs, support, x + 1e-3, radius=1e-6) is None


def test_time_limit_reaches_support_equilibria_and_solve():
    game = random_game(1, (2, 2, 2))
    assert same_sets(game.equilibria(time_limit=1e-6).equilibria, game.equilibria().equilibria)
