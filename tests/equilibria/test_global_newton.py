"""One equilibrium by the global Newton method, against pygambit's regret and enumpoly."""

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame
from negotiation.cli import main
from negotiation.equilibria.global_newton import REGRET, global_newton, trace
from negotiation.equilibria.verify import regrets

from . import gambit_files

gbt = pytest.importorskip("pygambit")


def random_game(seed, shape, low=-9, high=10):
    rng = np.random.default_rng(seed)
    return NormalFormGame(rng.integers(low, high, size=(len(shape), *shape)).tolist())


def spread(game):
    payoffs = np.asarray(game.payoffs, dtype=float)
    return max(float(payoffs.max() - payoffs.min()), 1.0)


def exact_regret(game, eq):
    """The regret of the returned profile, computed exactly from its (float) values."""
    profile = [np.array([Fraction(p) for p in s], dtype=object) for s in eq.strategies]
    return max(regrets(game, profile))


def gambit_regret(game, strategies):
    G = gambit_files.gambit_game(gbt, game)
    profile = G.mixed_strategy_profile()
    for player, s in zip(G.players, strategies):
        profile[player] = dict(zip(G.get_strategies(player), [float(p) for p in s]))
    return float(profile.max_regret())


def check(game, eq):
    if eq.exact:
        assert game.is_equilibrium(eq.strategies)
    elif eq.algebraic:
        assert eq.regret == 0
    else:
        assert 0 <= eq.regret <= REGRET * spread(game)
        assert exact_regret(game, eq) <= REGRET * spread(game)
    assert gambit_regret(game, eq.strategies) <= 1e-8 * spread(game)


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 2, 2, 2), (3, 3, 3, 3), (4, 4, 4, 4)])
@pytest.mark.parametrize("seed", range(3))
def test_random_games_give_an_equilibrium_by_our_exact_regret_and_gambits(shape, seed):
    game = random_game(seed, shape)
    result = game.equilibria(method="global-newton")
    assert result.method == "global-newton" and not result.complete and len(result) == 1
    check(game, result[0])


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 2, 2, 2)])
@pytest.mark.parametrize("seed", range(3))
def test_the_equilibrium_is_one_of_all_equilibria(shape, seed):
    # the complete set is ours (checked against enumpoly in test_nplayer_support; on
    # the 2x2x2x2 game of seed 0 enumpoly misses the totally mixed equilibrium that
    # the global Newton path ends at, which pygambit's regret confirms)
    game = random_game(seed, shape)
    eq = game.equilibria(method="global-newton")[0]
    ours = np.concatenate([np.asarray(s, dtype=float) for s in eq.strategies])
    everything = game.equilibria()
    assert everything.complete
    assert any(np.allclose(ours, np.concatenate([np.asarray(s, dtype=float)
                                                 for s in other.strategies]), atol=1e-9)
               for other in everything) or any(v.contains(eq.strategies)
                                               for v in everything.varieties)
    assert gambit_regret(game, eq.strategies) <= 1e-10 * spread(game)


def test_gambit_gnm_finds_equilibria_we_verify_and_ours_passes_gambits_check():
    game = random_game(7, (3, 3, 3, 3))
    G = gambit_files.gambit_game(gbt, game)
    for found in gbt.nash.gnm_solve(G).equilibria:   # the peer's answer passes our check
        profile = [[float(v) for _, v in found[p]] for p in G.players]
        floats = NormalFormGame(np.asarray(game.payoffs, dtype=float))
        assert max(regrets(floats, [np.array(s) for s in profile])) <= 1e-6 * spread(game)
    check(game, global_newton(game))


def test_simpdiv_and_ours_are_both_equilibria_of_a_four_player_game():
    game = random_game(3, (3, 3, 3, 3))
    G = gambit_files.gambit_game(gbt, game)
    theirs = gbt.nash.simpdiv_solve(G.mixed_strategy_profile(rational=True)).equilibrium
    assert float(theirs.max_regret()) <= 1e-6 * spread(game)
    check(game, global_newton(game))


@pytest.mark.parametrize("payoffs", [
    np.zeros((3, 2, 2, 2), dtype=int),                       # every profile an equilibrium
    np.ones((3, 3, 2, 2), dtype=int),
    np.array([np.ones((2, 2, 2)), np.zeros((2, 2, 2)), np.eye(2)[:, :, None] * [1, 1]]),
])
def test_degenerate_games(payoffs):
    game = NormalFormGame(np.asarray(payoffs).astype(int).tolist())
    check(game, global_newton(game))


def test_duplicated_actions_and_binary_payoffs():
    for seed in range(6):
        game = random_game(seed, (2, 3, 2), low=0, high=2)
        table = np.asarray(game.payoffs)
        game = NormalFormGame(np.concatenate([table, table[:, :, -1:]], axis=2).tolist())
        check(game, global_newton(game, seed=seed))


def test_catalogue_coordination_game():
    game = NormalFormGame.read(gambit_files.DATA / "nplayer-coord333.nfg")
    check(game, global_newton(game))


def test_a_float_game_gives_a_float_equilibrium_with_its_regret():
    game = NormalFormGame(np.random.default_rng(1).normal(size=(3, 3, 3, 3)) * 1e6)
    eq = global_newton(game)
    assert not eq.exact and eq.regret <= 1e-6 * spread(game)
    assert gambit_regret(game, eq.strategies) <= 1e-8 * spread(game)


def test_the_path_ends_at_the_game_itself():
    # matching pennies: the only equilibrium is (1/2, 1/2) for both
    sigma, _steps = trace(np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]),
                          np.array([0.3, 0.9, 0.2, 0.5]))
    assert np.allclose(np.concatenate(sigma), 0.5, atol=1e-12)


def test_exact_polish_gives_fractions():
    eq = global_newton(NormalFormGame.read(gambit_files.DATA / "nplayer-2x2x2.nfg"))
    assert eq.exact and all(isinstance(p, Fraction) for s in eq.strategies for p in s)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 3).flatmap(lambda n: st.tuples(
    st.lists(st.integers(2, 3), min_size=n, max_size=n), st.integers(0, 2**31))))
def test_every_returned_profile_is_within_the_regret_bound(spec):
    shape, seed = spec
    game = random_game(seed, tuple(shape), low=-3, high=4)
    eq = global_newton(game, seed=seed % 5)
    if eq.exact:
        assert game.is_equilibrium(eq.strategies)
    else:
        assert exact_regret(game, eq) <= max(eq.regret, 0) + 1e-15 * spread(game)
        assert eq.regret <= REGRET * spread(game)


def test_cli_method_global_newton(tmp_path, capsys):
    path = tmp_path / "game.nfg"
    random_game(0, (3, 3, 3)).write(path)
    assert main(["equilibria", str(path), "--method", "global-newton", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["equilibria"]) == 1
