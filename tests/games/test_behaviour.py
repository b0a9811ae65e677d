"""Tests of behaviour strategies, perfect recall and Kuhn's theorem.

Oracles: hand computations; the law itself (a behaviour profile from Kuhn's formula
reaches every node with the probability the mixed profile does), for random trees with
perfect recall; pygambit, which tells perfect recall, computes realisation
probabilities of a behaviour profile, and measures its regret (zero at a Nash
equilibrium, which Kuhn's theorem preserves).
"""

import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError
from negotiation.games.behaviour import (
    behaviour_strategies,
    check_perfect_recall,
    has_perfect_recall,
    mixed_realization,
    realization,
)
from negotiation.games.reduced_form import _Plans
from negotiation.games.tree import GameTree
from tests.games.test_efg import FILES, GAMBIT_READS, gambit_game, node_at, random_tree, read

pygambit = pytest.importorskip("pygambit")


def two_moves():
    """Player A moves (L/R); after L, B moves (l/r); after L,l A moves again (a/b)."""
    tree = GameTree(players=("A", "B"))
    root = tree.root.decision("A", ["L", "R"])
    root["R"].terminal((1, 1))
    middle = root["L"].decision("B", ["l", "r"])
    middle["r"].terminal((0, 2))
    last = middle["l"].decision("A", ["a", "b"])
    last["a"].terminal((3, 0))
    last["b"].terminal((2, 3))
    return tree


def test_kuhn_by_hand():
    tree = two_moves()
    assert tree.reduced_strategic_form().actions[0] == ("L/a", "L/b", "R/*")
    profile = behaviour_strategies(tree, [[Fraction(1, 4), Fraction(1, 4), Fraction(1, 2)], [1, 0]])
    first, second = tree.information_sets("A")
    assert profile[first] == {"L": Fraction(1, 2), "R": Fraction(1, 2)}
    # conditional on having played L: a and b with 1/4 each out of 1/2
    assert profile[second] == {"a": Fraction(1, 2), "b": Fraction(1, 2)}
    (b_set,) = tree.information_sets("B")
    assert profile[b_set] == {"l": 1, "r": 0}
    assert profile.payoffs() == (Fraction(1, 2) * 1 + Fraction(1, 4) * 3 + Fraction(1, 4) * 2,
                                 Fraction(1, 2) + Fraction(1, 4) * 3)
    assert profile.exact and not profile.is_pure


def test_a_set_the_player_never_reaches_is_any_action():
    tree = two_moves()
    profile = behaviour_strategies(tree, [{"R/*": 1}, {"r": 1}])
    first, second = tree.information_sets("A")
    assert profile[first] == {"L": 0, "R": 1}
    assert profile[second] is None  # realisation-equivalent whatever A does there
    assert profile.is_pure
    reach = profile.realization()
    assert reach[tree.root["R"]] == 1 and reach[tree.root["L"]["l"]["a"]] == 0
    assert "may do anything" in profile.explain()
    assert profile.to_dict()["information_sets"][2]["probabilities"] is None


def test_equilibria_of_the_reduced_form_become_behaviour_equilibria():
    tree = two_moves()
    game = tree.reduced_strategic_form()
    for equilibrium in game.equilibria():
        profile = behaviour_strategies(tree, equilibrium)
        assert profile.payoffs() == equilibrium.payoffs


def test_imperfect_recall_is_reported_with_the_player_and_the_set():
    tree = GameTree(players=("Driver",))
    root = tree.root.decision("Driver", ["exit", "continue"], information_set="junction")
    root["exit"].terminal((0,))
    second = root["continue"].decision("Driver", information_set="junction")
    second["exit"].terminal((4,))
    second["continue"].terminal((1,))
    assert not has_perfect_recall(tree)
    with pytest.raises(GameError, match=r"'Driver' forgets at the information set 'junction': "
                                        r"the root and the node after continue"):
        behaviour_strategies(tree, [[Fraction(1, 2), Fraction(1, 2)]])
    with pytest.raises(GameError, match="computing realisation needs perfect recall"):
        check_perfect_recall(tree, what="realisation")
    # the mixed realisation needs no perfect recall
    reach = mixed_realization(tree, [[0, 1]])
    assert reach[second["continue"]] == 1 and reach[second["exit"]] == 0


def test_a_player_who_forgets_their_own_move():
    tree = GameTree(players=("A", "B"))
    root = tree.root.decision("A", ["x", "y"])
    for action in ("x", "y"):
        node = root[action].decision("A", ["u", "v"], information_set="later")
        node["u"].terminal((1, 0))
        node["v"].terminal((0, 1))
    with pytest.raises(GameError, match="'A' forgets at the information set 'later'"):
        behaviour_strategies(tree, [[1, 0, 0, 0], [1]])


@pytest.mark.parametrize("strategies, message", [
    ([[1, 0], [1, 0]], "A's strategy has 2 probabilities but 3 actions"),
    ([[Fraction(1, 2), Fraction(1, 4), 0], [1, 0]], "is not a probability vector"),
    ([[1, 0, 0]], "needs 2 strategies"),
    ([{"L/c": 1}, [1, 0]], "A has no action 'L/c': the actions are L/a, L/b, R/\\*"),
])
def test_bad_mixed_strategies(strategies, message):
    with pytest.raises(GameError, match=message):
        behaviour_strategies(two_moves(), strategies)


def test_floats_give_floats():
    tree = two_moves()
    profile = behaviour_strategies(tree, [[0.25, 0.25, 0.5], [0.5, 0.5]])
    assert not profile.exact
    second = tree.information_sets("A")[1]
    assert profile[second] == {"a": 0.5, "b": 0.5}
    assert isinstance(profile.payoffs()[0], float)


def test_missing_behaviour_on_the_path_is_an_error():
    tree = two_moves()
    first = tree.information_sets("A")[0]
    with pytest.raises(GameError, match="gives no behaviour for 'B'"):
        realization(tree, {first: (1, 0)})


# ------------------------------------------------------------------ oracles
def test_perfect_recall_agrees_with_pygambit_on_the_collection():
    for path in GAMBIT_READS:
        tree = read(path)
        assert has_perfect_recall(tree) == pygambit.read_efg(str(path)).is_perfect_recall, path


def small_perfect_recall_files():
    out = []
    for path in FILES:
        tree = read(path)
        if path not in GAMBIT_READS or not has_perfect_recall(tree):
            continue
        counts = [_Plans(tree, i, limit=float("inf")).count for i in range(tree.n_players)]
        if tree.n_players == 2 and counts[0] * counts[1] <= 64 and len(tree) <= 100:
            out.append(path)
    return out


SMALL = small_perfect_recall_files()


def gambit_behaviour(game, tree, row_of):
    """A pygambit behaviour profile of ``game`` (``tree`` read by pygambit).

    ``row_of(information set of tree)`` gives its probabilities, or ``None`` for "any
    action" (then uniform).
    """
    data = []
    for player in game.players:
        rows = []
        for history in game.get_infosets(player):
            infoset = tree._infoset[node_at(tree, history)]
            row = row_of(infoset)
            n = len(infoset.actions)
            rows.append([Fraction(1, n)] * n if row is None else list(row))
        data.append(rows)
    return game.mixed_behavior_profile(data, rational=True)


def gambit_profile(tree, game, profile):
    """Our behaviour profile as a pygambit one."""
    return gambit_behaviour(game, tree, profile.probabilities.get)


def test_the_collection_has_small_games_with_perfect_recall():
    assert len(SMALL) >= 40


@pytest.mark.parametrize("path", SMALL, ids=lambda p: p.name)
def test_kuhn_equilibria_have_no_regret_and_pygambits_realisation(path):
    tree = read(path)
    game = gambit_game(tree)
    for equilibrium in tree.reduced_strategic_form().equilibria()[:3]:
        profile = behaviour_strategies(tree, equilibrium)
        theirs = gambit_profile(tree, game, profile)
        assert theirs.max_regret() == 0
        ours = mixed_realization(tree, equilibrium)
        by_index = {node.index: p for node, p in ours.items()}
        for history, probability in theirs.realiz_probs:
            assert by_index[node_at(tree, history)] == Fraction(str(probability))
        assert profile.payoffs() == equilibrium.payoffs


def random_mixed(rng, tree):
    strategies = []
    for i in range(tree.n_players):
        m = len(_Plans(tree, i).plans)
        weights = [rng.randint(0, 3) for _ in range(m)]
        if not sum(weights):
            weights[rng.randrange(m)] = 1
        strategies.append([Fraction(w, sum(weights)) for w in weights])
    return strategies


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(2, 3))
def test_kuhn_realisation_equals_the_mixed_one_on_every_node(rng, players):
    """The law of Kuhn's theorem, for random trees with perfect recall and random mixes."""
    tree = random_tree(rng, players=players, depth=4)
    if not has_perfect_recall(tree):
        return
    mixed = random_mixed(rng, tree)
    profile = behaviour_strategies(tree, mixed)
    assert realization(tree, profile) == mixed_realization(tree, mixed)
    # and so the expected payoffs agree with the reduced strategic form's
    game = tree.reduced_strategic_form()
    assert profile.payoffs() == game.expected_payoffs(mixed)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_realisation_equals_pygambits(rng):
    tree = random_tree(rng, players=2, depth=3)
    if not has_perfect_recall(tree):
        return
    profile = behaviour_strategies(tree, random_mixed(rng, tree))
    game = gambit_game(tree)
    theirs = gambit_profile(tree, game, profile)
    ours = {node.index: p for node, p in profile.realization().items()}
    for history, probability in theirs.realiz_probs:
        assert ours[node_at(tree, history)] == Fraction(str(probability))


def test_random_trees_without_recall_are_refused():
    rng = random.Random(3)
    for _ in range(200):
        tree = random_tree(rng, players=2, depth=4)
        if not has_perfect_recall(tree):
            game = gambit_game(tree)
            assert not game.is_perfect_recall
            with pytest.raises(GameError, match="forgets"):
                behaviour_strategies(tree, random_mixed(rng, tree))
            return
    pytest.fail("no random tree without perfect recall was drawn")  # pragma: no cover

