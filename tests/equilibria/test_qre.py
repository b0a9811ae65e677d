"""Logit QRE by path following: the fixed-point equations, pygambit, estimation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame
from negotiation.equilibria.qre import logit_at, logit_branch, logit_estimate
from negotiation.errors import GameError

from . import gambit_files

gbt = pytest.importorskip("pygambit")

DATA = gambit_files.DATA


def gambit_game(game):
    return gambit_files.gambit_game(gbt, game)


def logit_gap(game, lam, strategies):
    """Largest violation of sigma_i(a) = exp(lam u_i(a)) / sum_b exp(lam u_i(b))."""
    sigma = [np.asarray(s, dtype=float) for s in strategies]
    floats = NormalFormGame(np.asarray(game.payoffs, dtype=float))
    gap = 0.0
    for i in range(game.n_players):
        v = lam * floats.payoff_vectors(sigma, i)
        response = np.exp(v - v.max()) / np.exp(v - v.max()).sum()
        gap = max(gap, float(np.max(np.abs(response - sigma[i]))))
    return gap


def random_game(seed, shape):
    rng = np.random.default_rng(seed)
    return NormalFormGame(rng.integers(-9, 10, size=(len(shape), *shape)).tolist())


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), shape=st.sampled_from([(2, 2), (3, 2), (2, 2, 2), (3, 2, 2)]),
       lam=st.floats(0, 5))
def test_the_profile_satisfies_the_logit_equations(seed, shape, lam):
    game = random_game(seed, shape)
    response = logit_at(game, lam)
    assert response.lam == lam
    assert logit_gap(game, lam, response.strategies) <= 1e-8


@pytest.mark.parametrize("name", ["3x3x3", "2x2x2x2"])
@pytest.mark.parametrize("lam", [0.3, 1.0, 4.0, 20.0])
def test_agrees_with_gambit_on_catalogue_games(name, lam):
    path = DATA / f"nplayer-{name}.nfg"
    game, G = NormalFormGame.read(path), gbt.read_nfg(str(path))
    (theirs,) = gbt.qre.logit_solve_lambda(G, [lam])
    ours = logit_at(game, lam)
    assert np.allclose(np.concatenate(ours.strategies), np.concatenate(
        [[float(v) for _, v in theirs.profile[p]] for p in G.players]), atol=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_gambit_on_random_games(seed):
    game = random_game(seed, (3, 3, 2))
    G = gambit_game(game)
    for lam, theirs in zip([0.5, 2.0], gbt.qre.logit_solve_lambda(G, [0.5, 2.0])):
        ours = logit_at(game, lam)
        assert np.allclose(np.concatenate(ours.strategies), np.concatenate(
            [[float(v) for _, v in theirs.profile[p]] for p in G.players]), atol=1e-6)


@pytest.mark.parametrize("name", ["3x3x3", "2x2x2x2"])
def test_the_branch_selects_gambits_equilibrium(name):
    path = DATA / f"nplayer-{name}.nfg"
    game, G = NormalFormGame.read(path), gbt.read_nfg(str(path))
    branch = logit_branch(game)
    theirs = gbt.nash.logit_solve(G).equilibrium
    assert branch.limit is not None and branch.limit.exact
    assert game.is_equilibrium(branch.limit)
    ours = np.concatenate([np.asarray(s, dtype=float) for s in branch.limit.strategies])
    assert np.allclose(ours, np.concatenate([[float(v) for _, v in theirs[p]] for p in G.players]),
                       atol=1e-6)
    result = game.equilibria(method="logit")
    assert result.equilibria == (branch.limit,) and not result.complete


def test_a_fold_is_followed_where_fixed_points_fail():
    # Gambit's 2x2x2 game has a bifurcation on the symmetric branch; the tracer reports it
    branch = logit_branch(NormalFormGame.read(DATA / "nplayer-2x2x2.nfg"))
    assert len(branch.bifurcations) == 1 and 0.55 < branch.bifurcations[0] < 0.65
    assert "bifurcation" in branch.explain()


def test_a_turning_branch_is_traced_through_its_fold():
    # a random 3x3 game whose branch turns back in lambda (found by search, seed 12):
    # lambda falls for a while, yet every traced point satisfies the equations, and the
    # profile at a lambda crossed three times is the first crossing, as Gambit's
    game = random_game(12, (3, 3))
    branch = logit_branch(game)
    lams = np.asarray(branch.lams)
    assert np.any(np.diff(lams) < 0)
    for lam, profile in zip(branch.lams, branch.profiles):
        assert logit_gap(game, lam, profile) <= 1e-8
    turn = int(np.argmax(np.diff(lams) < 0))
    lam = float(lams[turn] - 1e-3)
    (theirs,) = gbt.qre.logit_solve_lambda(gambit_game(game), [lam])
    assert np.allclose(np.concatenate(logit_at(game, lam).strategies), np.concatenate(
        [[float(v) for _, v in theirs.profile[p]] for p in theirs.profile.game.players]),
        atol=1e-6)


@pytest.mark.parametrize("lam", [0.4, 1.5, 6.0])
def test_estimation_recovers_a_known_precision(lam):
    game = NormalFormGame.read(DATA / "nplayer-3x3x3.nfg")
    counts = [np.asarray(s) * 1000 for s in logit_at(game, lam).strategies]
    fit = logit_estimate(game, counts)
    assert fit.lam == pytest.approx(lam, rel=1e-5)
    G = gbt.read_nfg(str(DATA / "nplayer-3x3x3.nfg"))
    data = G.mixed_strategy_profile()
    for player, c in zip(G.players, counts):
        data[player] = dict(zip(G.get_strategies(player), map(float, c)))
    assert fit.log_likelihood == pytest.approx(gbt.qre.logit_estimate(data).log_like, abs=1e-6)


def test_bad_input_is_one_sentence():
    game = NormalFormGame.read(DATA / "nplayer-2x2x2.nfg")
    with pytest.raises(GameError, match="precision"):
        logit_at(game, -1)
    with pytest.raises(GameError, match="counts"):
        logit_estimate(game, [[1, 2], [3]])


@pytest.mark.parametrize("lam", [0.3, 1.0, 5.0])
def test_agent_qre_of_a_tree_agrees_with_gambit(lam):
    from negotiation import GameTree

    path = DATA / "qre-poker.efg"
    tree, G = GameTree.read(path), gbt.read_efg(str(path))
    ours = logit_at(tree, lam)
    (theirs,) = gbt.qre.logit_solve_lambda(G, [lam])
    # Gambit lists each player's information sets in order; ours are in preorder
    expected = {}
    for player in G.players:
        for _history, probabilities in theirs.profile[player]:
            expected.setdefault(player, []).append([float(q) for _, q in probabilities])
    seen = {}
    for label, strategy in zip(ours.players, ours.strategies):
        player = label.split(":")[0]
        k = seen.get(player, 0)
        seen[player] = k + 1
        assert np.allclose(strategy, expected[player][k], atol=1e-6)


def test_agent_branch_of_one_card_poker_ends_at_its_sequential_equilibrium():
    from negotiation import GameTree

    branch = logit_branch(GameTree.read(DATA / "qre-poker.efg"))
    # Myerson's one-card poker: Alice raises with the red card, bluffs with 1/3 on the
    # black card; Bob meets with 2/3 (Myerson 1991, §4.8 / Gambit's documentation)
    final = dict(zip(branch.players, branch.profiles[-1]))
    assert np.allclose([final["Alice: 1"][0], final["Bob: 2"][0], final["Alice: 3"][0]],
                       [1, 2 / 3, 1 / 3], atol=1e-6)
    from fractions import Fraction

    assert branch.limit.exact and branch.limit.sequential     # the limit, made exact
    assert branch.limit.behaviour[1] == (Fraction(2, 3), Fraction(1, 3))
    assert "believing" in branch.explain()
