"""All equilibria of N-player games against pygambit's enumpoly and hand derivations."""

import json
import random
from fractions import Fraction

import numpy as np
import pytest

from negotiation import NormalFormGame
from negotiation.equilibria import EquilibriumVariety
from negotiation.equilibria.nplayer_support import conditionally_dominated, supports

from . import gambit_files

gbt = pytest.importorskip("pygambit")

DATA = gambit_files.DATA


def gambit_game(game):
    return gambit_files.gambit_game(gbt, game)


def gambit_regret(G, strategies):
    """pygambit's own regret of a profile (an oracle independent of our verification)."""
    profile = G.mixed_strategy_profile()
    for player, s in zip(G.players, strategies):
        profile[player] = dict(zip(G.get_strategies(player), [float(p) for p in s]))
    return profile.max_regret()


def check_against_gambit(game, G):
    """Every enumpoly equilibrium is ours (a point or in a continuum), and each of ours
    has zero regret by pygambit's reckoning."""
    result = game.equilibria()
    assert result.complete
    scale = max(1.0, float(np.max(np.abs(game.payoffs.astype(float)))))
    for eq in result:
        assert gambit_regret(G, eq.strategies) <= 1e-12 * scale
    for variety in result.varieties:
        assert gambit_regret(G, variety.sample.strategies) <= 1e-12 * scale
        assert variety.contains(variety.sample.strategies)
    for eq in gbt.nash.enumpoly_solve(G).equilibria:
        theirs = [[float(v) for _, v in eq[player]] for player in G.players]
        assert any(np.allclose(np.concatenate(theirs), np.concatenate(
            [np.asarray(s, dtype=float) for s in ours.strategies]), atol=1e-7)
                   for ours in result) or any(v.contains(theirs) for v in result.varieties)
    return result


@pytest.mark.parametrize("name", ["2x2x2", "2x2x2x2", "coord333"])
def test_catalogue_games_agree_with_enumpoly(name):
    path = DATA / f"nplayer-{name}.nfg"
    check_against_gambit(NormalFormGame.read(path), gbt.read_nfg(str(path)))


def test_mckelvey_mclennan_2x2x2_has_nine_exact_equilibria():
    # the game's title: "with 9 Nash equilibria, 2 totally mixed"; all rational here
    result = NormalFormGame.read(DATA / "nplayer-2x2x2.nfg").equilibria()
    assert len(result) == 9 and all(eq.exact for eq in result)
    mixed = [eq for eq in result if all(len(eq.support(i)) == 2 for i in range(3))]
    assert len(mixed) == 2
    assert (Fraction(2, 5), Fraction(3, 5)) in [eq.strategies[0] for eq in mixed]


def test_3x3x3_finds_an_algebraic_equilibrium_enumpoly_misses():
    path = DATA / "nplayer-3x3x3.nfg"
    game, G = NormalFormGame.read(path), gbt.read_nfg(str(path))
    result = check_against_gambit(game, G)
    algebraic = [eq for eq in result if eq.algebraic]
    assert algebraic and len(result) > len(gbt.nash.enumpoly_solve(G).equilibria)
    for eq in algebraic:   # the exact values are the floats reported, and irrational
        assert not all(p.is_Rational for s in eq.algebraic for p in s)
        assert np.allclose([float(p) for s in eq.algebraic for p in s],
                           [p for s in eq.strategies for p in s], atol=1e-15)
    assert "algebraic" in json.dumps(result.to_dict())


@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 2, 2), (3, 2, 2)])
@pytest.mark.parametrize("seed", range(3))
def test_random_games_agree_with_enumpoly(shape, seed):
    rng = np.random.default_rng(seed)
    game = NormalFormGame(rng.integers(-9, 10, size=(len(shape), *shape)).tolist())
    check_against_gambit(game, gambit_game(game))


@pytest.mark.parametrize("seed", range(4))
def test_degenerate_games_agree_with_enumpoly(seed):
    rng = np.random.default_rng(100 + seed)
    game = NormalFormGame(rng.integers(0, 2, size=(3, 2, 2, 2)).tolist())
    check_against_gambit(game, gambit_game(game))


def test_a_player_indifferent_everywhere_gives_a_continuum():
    # player 3's payoffs are constant, players 1 and 2 play matching pennies whatever
    # player 3 does: the equilibria are (1/2, 1/2) x (1/2, 1/2) x anything
    pennies = np.array([[1, -1], [-1, 1]])
    payoffs = np.zeros((3, 2, 2, 2), dtype=int)
    for c in range(2):
        payoffs[0, :, :, c], payoffs[1, :, :, c] = pennies, -pennies
    result = NormalFormGame(payoffs.tolist()).equilibria()
    assert result.complete
    assert [eq.strategies for eq in result] == [
        ((Fraction(1, 2),) * 2, (Fraction(1, 2),) * 2, (1, 0)),
        ((Fraction(1, 2),) * 2, (Fraction(1, 2),) * 2, (0, 1))]
    (variety,) = result.varieties
    assert isinstance(variety, EquilibriumVariety) and variety.dimension == 1
    assert variety.support == (("1", "2"), ("1", "2"), ("1", "2"))
    assert variety.contains([[0.5, 0.5], [0.5, 0.5], [0.3, 0.7]])
    assert not variety.contains([[0.4, 0.6], [0.5, 0.5], [0.3, 0.7]])
    assert "continuum" in result.explain()


def test_supports_visits_every_profile_once():
    profiles = supports((2, 3, 1))
    assert len(profiles) == len(set(profiles)) == 3 * 7 * 1


def test_conditional_dominance_prunes_only_dominated_supports():
    rng = random.Random(3)
    payoffs = np.array([[[[Fraction(rng.randint(-5, 5)) for _ in range(2)] for _ in range(2)]
                         for _ in range(2)] for _ in range(3)], dtype=object)
    game = NormalFormGame(payoffs)
    found = {tuple(tuple(a for a, p in enumerate(s) if p > 0) for s in eq.strategies)
             for eq in game.equilibria()}
    for support in found:   # no equilibrium's support is ever pruned
        assert not conditionally_dominated(payoffs, support)


def test_two_player_json_is_unchanged():
    game = NormalFormGame.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    out = game.equilibria().to_dict()
    assert set(out) == {"players", "actions", "exact", "equilibria", "components"}
    assert set(out["equilibria"][0]) == {"strategies", "payoffs"}


def test_repeated_labels_do_not_merge_unknowns():
    # the bystander game with every player and action named alike: the same answer
    pennies = [[[[1, 1], [-1, -1]], [[-1, -1], [1, 1]]], [[[-1, -1], [1, 1]], [[1, 1], [-1, -1]]],
               [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]]
    named = NormalFormGame(pennies).equilibria()
    alike = NormalFormGame(pennies, players=("P", "P", "P"),
                           actions=(("a", "a"),) * 3).equilibria()
    assert [eq.strategies for eq in named] == [eq.strategies for eq in alike]
    assert alike.varieties[0].dimension == named.varieties[0].dimension == 1
    assert alike.varieties[0].contains([[0.5, 0.5], [0.5, 0.5], [0.2, 0.8]])


def test_a_continuum_without_an_exact_point_gets_a_verified_numerical_sample(monkeypatch):
    from negotiation.equilibria import nplayer_support

    exact = nplayer_support._shape_points

    def no_exact_completion(equations, gens, rng, fixed=None, basis=None):
        return [] if fixed else exact(equations, gens, rng, fixed, basis)

    monkeypatch.setattr(nplayer_support, "_shape_points", no_exact_completion)
    pennies = [[[[1, 1], [-1, -1]], [[-1, -1], [1, 1]]], [[[-1, -1], [1, 1]], [[1, 1], [-1, -1]]],
               [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]]
    (variety,) = NormalFormGame(pennies).equilibria().varieties
    assert not variety.sample.exact and variety.sample.regret <= 1e-8
    assert variety.contains(variety.sample.strategies)
    assert np.allclose(variety.sample.strategies[:2], [[0.5, 0.5], [0.5, 0.5]])
