"""Tests of subgame roots and subgame-perfect equilibria by subgame decomposition.

Oracles: games solved by hand; backward induction, on trees of perfect information
(where every decision node is a subgame and the pure SPE are those it counts);
the strategic-form engine, on trees without proper subgames (where SPE = Nash); and
pygambit, whose subgame roots must equal ours on every file it reads, and which
measures the regret of each SPE we return in every subgame (zero: a Nash
equilibrium of every subgame).
"""

import io
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError, SolverError
from negotiation.games.behaviour import has_perfect_recall
from negotiation.games.reduced_form import _Plans
from negotiation.games.subgames import (
    is_subgame_root,
    subgame,
    subgame_perfect_equilibria,
    subgame_roots,
)
from negotiation.games.tree import GameTree
from tests.games.test_behaviour import gambit_behaviour
from tests.games.test_efg import FILES, GAMBIT_READS, gambit_game, node_at, random_tree, read

pygambit = pytest.importorskip("pygambit")


# ------------------------------------------------------------------ oracle
def subtree(tree, node):
    """The subgame at ``node`` built anew with the builder (information sets kept).

    Returns the new tree and ``{old index: new Node}``; outcomes at ``node`` and below.
    """
    new = GameTree(players=tree.players)
    mapping = {node.index: new.root}
    infosets = {}
    stack = [node]
    while stack:
        old = stack.pop()
        target = mapping[old.index]
        infoset = old.information_set
        if old.outcome is not None:
            target.set_outcome(old.outcome)
        if infoset is None:
            continue
        shared = infosets.get(id(infoset))
        if infoset.is_chance:
            target.chance(list(zip(infoset.actions, infoset._probabilities)),
                          information_set=shared)
        else:
            target.decision(infoset.player, infoset.actions, information_set=shared)
        infosets[id(infoset)] = target.information_set
        for child, copy in zip(old.children, target.children):
            mapping[child.index] = copy
            stack.append(child)
    return new, mapping


def regret_in_every_subgame(tree, spe):
    """pygambit's largest regret of ``spe`` over the subgames of ``tree`` (0 for an SPE)."""
    worst = Fraction(0)
    for root in subgame_roots(tree):
        sub, mapping = subtree(tree, root)
        back = {new.index: old for old, new in mapping.items()}
        game = gambit_game(sub)
        if spe.behaviour is not None:
            profile = gambit_behaviour(
                game, sub,
                lambda s, back=back: spe.behaviour.probabilities[
                    tree._infoset[back[s._members[0]]]])
            regret = profile.max_regret()
        else:  # imperfect recall: a pure SPE, checked on the subgame's strategic form
            regret = pure_regret(tree, spe.choices, sub, back, game)
        worst = max(worst, Fraction(str(regret)))
    return worst


def pure_regret(tree, choices, sub, back, game):
    """pygambit's regret of a pure profile in a subgame, on its strategic form.

    (pygambit refuses mixed profiles on trees without perfect recall.)  Our reduced
    strategies come in Gambit's order (tests of reduced_form), so the plan that takes
    the profile's actions is found among ours and marked at the same position.
    """
    data = []
    for i in range(sub.n_players):
        plans = _Plans(sub, i, limit=float("inf"))
        wanted = [choices.get(tree._infoset[back[s._members[0]]], -1) for s in plans.infosets]
        (position,) = [k for k, plan in enumerate(plans.plans)
                       if all(a < 0 or a == w for a, w in zip(plan, wanted))]
        data.append([int(k == position) for k in range(len(plans.plans))])
    strategic = pygambit.read_nfg(io.StringIO(game.to_nfg()))
    return strategic.mixed_strategy_profile(data, rational=True).max_regret()


# -------------------------------------------------------------- by hand
def entry():
    """Entry deterrence: a Nash equilibrium with a threat that is not credible."""
    tree = GameTree(players=("Entrant", "Incumbent"))
    root = tree.root.decision("Entrant", ["out", "in"])
    root["out"].terminal((0, 2))
    reply = root["in"].decision("Incumbent", ["fight", "accommodate"])
    reply["fight"].terminal((-1, -1))
    reply["accommodate"].terminal((1, 1))
    return tree


def test_the_non_credible_threat_is_not_subgame_perfect():
    tree = entry()
    nash = tree.reduced_strategic_form().equilibria()
    assert any(e.strategy("Incumbent")["fight"] == 1 for e in nash)
    result = subgame_perfect_equilibria(tree)
    assert [n.history for n in result.roots] == [(), ("in",)]
    (spe,) = list(result)
    assert spe.payoffs == (1, 1)
    assert spe.actions == {tree.root.information_set: "in",
                           tree.root["in"].information_set: "accommodate"}
    assert result.complete and result.count == 1
    assert "pure subgame-perfect equilibrium Entrant plays in" in spe.explain()


def battle_after_an_outside_option():
    """Player 1 takes 2 or enters a battle of the sexes played simultaneously.

    The subgame's equilibria: (A, A) paying (3, 1), (B, B) paying (1, 3), and the mixed
    one in which 1 plays A with 3/4 (making 2 indifferent: 1 * p = 3 * (1 - p)) and 2
    plays A with 1/4 (3 q = 1 - q), paying (3/4, 3/4).  Player 1 enters only after
    (A, A), since 3 > 2 > 1 and 2 > 3/4: three SPE.
    """
    tree = GameTree(players=("1", "2"))
    root = tree.root.decision("1", ["out", "in"])
    root["out"].terminal((2, 2))
    battle = root["in"].decision("1", ["A", "B"])
    for action in ("A", "B"):
        node = battle[action].decision("2", ["A", "B"], information_set="guess")
        node["A"].terminal((3, 1) if action == "A" else (0, 0))
        node["B"].terminal((0, 0) if action == "A" else (1, 3))
    return tree


def test_a_simultaneous_subgame_with_a_mixed_equilibrium():
    tree = battle_after_an_outside_option()
    result = subgame_perfect_equilibria(tree)
    assert [n.history for n in result.roots] == [(), ("in",)]
    assert result.payoff_counts == {(3, 1): 1, (2, 2): 2}
    found = {}
    for spe in result:
        first, battle = tree.information_sets("1")
        (guess,) = tree.information_sets("2")
        b = spe.behaviour
        found[b[first]["in"], b[battle]["A"], b[guess]["A"]] = spe.payoffs
    assert found == {
        (1, 1, 1): (3, 1),
        (0, 0, 0): (2, 2),
        (0, Fraction(3, 4), Fraction(1, 4)): (2, 2),
    }
    assert result.complete
    local = result.at(tree.root["in"])
    assert sorted(e.payoffs for e in local) == [(Fraction(3, 4), Fraction(3, 4)), (1, 3), (3, 1)]


def test_a_tie_that_moves_the_other_players_payoff_makes_the_list_incomplete():
    """Player 2 is indifferent between l (paying 1 three) and r (paying 1 zero).

    Mixing gives player 1 any payoff in [0, 3]; player 1's choice between that and a
    safe 1 depends on the mixture, so there are infinitely many SPE.  The two extreme
    ones (2 plays l, 1 enters; 2 plays r, 1 stays out) are listed, and the result says
    that the subgame after "in" has a continuum with varying payoffs.
    """
    tree = GameTree(players=("1", "2"))
    root = tree.root.decision("1", ["safe", "in"])
    root["safe"].terminal((1, 0))
    node = root["in"].decision("2", ["l", "r"])
    node["l"].terminal((3, 1))
    node["r"].terminal((0, 1))
    result = subgame_perfect_equilibria(tree)
    assert result.payoff_counts == {(3, 1): 1, (1, 0): 1}
    assert not result.complete
    assert [n.history for n in result.varying] == [("in",)]
    assert "Incomplete" in result.statement and "Incomplete" not in result.explain()[:20]
    # the pure method lists the same two, and is complete for pure SPE
    pure = subgame_perfect_equilibria(tree, method="pure")
    assert pure.payoff_counts == result.payoff_counts and pure.complete


def test_without_proper_subgames_spe_are_the_nash_equilibria():
    (path,) = [p for p in FILES if p.name == "poker.efg" and p.parent.name == "doc"]
    tree = read(path)
    assert [n.index for n in subgame_roots(tree)] == [0]
    result = subgame_perfect_equilibria(tree)
    nash = tree.reduced_strategic_form().equilibria()
    assert {e.payoffs for e in result} == {e.payoffs for e in nash}
    assert result.count == len(nash)


def test_chance_events_shared_by_two_nodes_count_as_an_information_set():
    """As in Gambit: the chance node after r shares its event with the one after l."""
    tree = GameTree(players=("A", "B"))
    root = tree.root.decision("A", ["l", "r"])
    left = root["l"].chance({"h": "1/2", "t": "1/2"}, information_set="coin")
    right = root["r"].chance({"h": "1/2", "t": "1/2"}, information_set="coin")
    for coin in (left, right):
        for side in ("h", "t"):
            node = coin[side].decision("B", ["x", "y"])
            node["x"].terminal((1, 0))
            node["y"].terminal((0, 1))
    roots = {n.index for n in subgame_roots(tree)}
    assert left.index not in roots and right.index not in roots
    assert roots == {0} | {coin[s].index for coin in (left, right) for s in ("h", "t")}
    theirs = gambit_game(tree).get_subgame_roots()
    assert {node_at(tree, h) for h in theirs} == roots
    assert not is_subgame_root(left) and is_subgame_root(left["h"])


def test_subgame_copies_and_refuses_a_node_that_cuts_an_information_set():
    tree = battle_after_an_outside_option()
    sub = subgame(tree, tree.root["in"])
    assert sub.root.player == "1" and len(sub.information_sets("2")[0]) == 2
    with pytest.raises(GameError, match=r"the node after in → A is not the root of a subgame: "
                                        r"the information set 'guess' of '2' has the node "
                                        r"after in → A inside and the node after in → B "
                                        r"outside"):
        subgame(tree, tree.root["in"]["A"])
    with pytest.raises(GameError, match="it is a terminal node"):
        subgame(tree, tree.root["out"])


def test_a_tree_that_is_a_single_leaf():
    tree = GameTree(players=("A", "B"))
    tree.root.terminal((1, 2))
    result = subgame_perfect_equilibria(tree)
    assert result.count == 1 and result.payoffs == ((1, 2),) and subgame_roots(tree) == []
    assert next(iter(result)).payoffs == (1, 2)


def test_errors():
    import sympy

    tree = GameTree(players=("A", "B"))
    root = tree.root.decision("A", ["x", "y"])
    root["x"].terminal((sympy.Symbol("a"), 0))
    root["y"].terminal((0, 0))
    with pytest.raises(GameError, match=r"symbolic value a; substitute values for its "
                                        r"parameters \(a\)"):
        subgame_perfect_equilibria(tree)
    with pytest.raises(GameError, match="unknown method 'lcp'"):
        subgame_perfect_equilibria(entry(), method="lcp")
    three = GameTree(players=("A", "B", "C"))
    three.root.terminal((0, 0, 0))
    with pytest.raises(GameError, match="needs a two-player tree, not one of 3"):
        subgame_perfect_equilibria(three, method="enumerate")
    (path,) = [p for p in FILES if p.name == "nim7.efg"]
    with pytest.raises(SolverError, match="needs more than 10 strategic-form games"):
        subgame_perfect_equilibria(read(path), max_games=10)
    tree = entry()
    result = subgame_perfect_equilibria(tree)
    with pytest.raises(GameError, match="is not a node of this tree"):
        result.at(entry().root)
    with pytest.raises(GameError, match="the node after out is not the root of a subgame"):
        result.in_subgame(tree.root["out"])
    with pytest.raises(IndexError):
        result[5]


def test_results_read_and_print():
    tree = battle_after_an_outside_option()
    result = subgame_perfect_equilibria(tree)
    text = result.explain()
    assert text.startswith("The tree has 2 subgames; each was solved with the exact "
                           "enumeration of all extreme equilibria")
    assert "It lists 3 subgame-perfect equilibria" in text
    data = result.to_dict()
    assert data["count"] == 3 and data["complete"] and data["subgame_roots"] == [[], ["in"]]
    assert data["equilibria"][0]["subgames"][0]["root"] == []
    assert result[-1] is result[2] and len(result[:2]) == 2
    assert "SubgamePerfectProfiles: 3" in repr(result)
    spe = result[0]
    plays = spe.plays()
    assert sum(p for p, _, _ in plays) == 1
    assert "mixed" in repr(result[2]) or "mixed" in repr(result[1])
    restricted = list(result.in_subgame(tree.root["in"]))
    assert len(restricted) == 3
    assert all(set(r.behaviour.probabilities) == {
        tree.root["in"].information_set, tree.information_sets("2")[0]} for r in restricted)


# ------------------------------------------------- perfect information
def _perfect(rng, players, chance=True):
    return random_tree(rng, players=players, depth=4, information=False, chance=chance)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(2, 3))
def test_on_perfect_information_the_pure_spe_are_backward_inductions(rng, players):
    tree = _perfect(rng, players)
    induction = tree.subgame_perfect()
    result = subgame_perfect_equilibria(tree, method="pure")
    assert result.count == induction.count
    assert result.payoff_counts == induction.payoff_counts
    if induction.count > 200:
        return
    ours = set()
    for spe in result:
        choices = {s._members[0]: a for s, a in spe.choices.items()}
        ours.add(tuple(sorted(choices.items())))
    theirs = {tuple((int(k), int(c)) for k, c in enumerate(e.choices) if c >= 0)
              for e in induction}
    assert ours == theirs


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_two_players_extreme_equilibria_on_perfect_information(rng):
    """The extreme equilibria of a one-mover segment are its optimal pure moves."""
    tree = _perfect(rng, 2)
    result = subgame_perfect_equilibria(tree)
    induction = tree.subgame_perfect()
    assert result.count == induction.count
    assert result.payoff_counts == induction.payoff_counts


# ------------------------------------------------------------- pygambit
@pytest.mark.parametrize("path", GAMBIT_READS, ids=lambda p: p.name)
def test_subgame_roots_are_pygambits(path):
    tree = read(path)
    theirs = {node_at(tree, h) for h in pygambit.read_efg(str(path)).get_subgame_roots()}
    assert {n.index for n in subgame_roots(tree)} == theirs


def _quick(path):
    """Collection files whose subgames have small strategic forms (solved in milliseconds)."""
    tree = read(path)
    if path not in GAMBIT_READS or len(tree) > 80:
        return False
    counts = [_Plans(tree, i, limit=float("inf")).count for i in range(tree.n_players)]
    if None in counts:
        return len(tree) <= 60
    product = 1
    for c in counts:
        product *= c
    return product <= 100


QUICK = [p for p in FILES if _quick(p)]


def test_the_collection_has_many_quick_games():
    assert len(QUICK) >= 80


@pytest.mark.parametrize("path", QUICK, ids=lambda p: p.name)
def test_collection_spe_are_nash_in_every_subgame_says_pygambit(path):
    tree = read(path)
    result = subgame_perfect_equilibria(tree)
    assert result.count >= (1 if tree.n_players == 2 else 0)
    for spe in result[:3]:
        if spe.behaviour is None and not spe.is_pure:
            continue  # a mixed SPE without perfect recall: no behaviour profile to check
        assert regret_in_every_subgame(tree, spe) == 0
    if tree.n_players == 2 and has_perfect_recall(tree) and len(result.roots) == 1:
        # without proper subgames the SPE are the extreme Nash equilibria
        nash = tree.reduced_strategic_form().equilibria()
        assert {e.payoffs for e in result} == {e.payoffs for e in nash}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_random_trees_with_information_sets_spe_have_no_regret(rng):
    tree = random_tree(rng, players=2, depth=4, nonterminal=True)
    counts = [_Plans(tree, i, limit=float("inf")).count for i in range(2)]
    if None in counts or counts[0] * counts[1] > 64:
        return
    result = subgame_perfect_equilibria(tree)
    for spe in result[:2]:
        assert regret_in_every_subgame(tree, spe) == 0


def test_random_trees_with_imperfect_recall_pure_spe_have_no_regret():
    rng = random.Random(5)
    checked = 0
    for _ in range(300):
        tree = random_tree(rng, players=2, depth=4)
        if has_perfect_recall(tree):
            continue
        counts = [len(_Plans(tree, i, limit=float("inf")).plans) for i in range(2)]
        if counts[0] * counts[1] > 64:
            continue
        for spe in subgame_perfect_equilibria(tree, method="pure")[:2]:
            assert regret_in_every_subgame(tree, spe) == 0
            checked += 1
        if checked >= 6:
            break
    assert checked >= 6


def test_float_payoffs_give_float_equilibria():
    tree = battle_after_an_outside_option()
    floats = tree.substitute({})  # a copy; then make every payoff a float
    for node in floats.terminal_nodes():
        node.set_outcome([float(u) for u in node.outcome.payoffs])
    result = subgame_perfect_equilibria(floats)
    assert result.payoff_counts == {(3.0, 1.0): 1, (2.0, 2.0): 2}
    mixed = [e for e in result if not e.is_pure]
    assert len(mixed) == 1 and isinstance(mixed[0].payoffs[0], float)
