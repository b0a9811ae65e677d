"""Exact sequential equilibria: hand-derived classics, Bayes' rule on the trembles, pygambit."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import GameTree
from negotiation.equilibria.qre import logit_at, logit_branch
from negotiation.equilibria.sequential import assessment, sequential_equilibria
from negotiation.errors import GameError

from .gambit_files import DATA

CATALOGUE = DATA / "catalog"
TREES = ["journals/ijgt/selten1975/fig1.efg", "journals/ijgt/selten1975/fig2.efg",
         "journals/ijgt/selten1975/fig3.efg", "books/myerson1991/fig4_2.efg",
         "books/vonstengel2022/fig10.1.efg", "books/watson2013/fig29_1.efg",
         "journals/geb/bagwell1995.efg", "journals/other/reiley2008/fig1.efg"]


def beer_quiche(weak=Fraction(1, 10)):
    """Cho & Kreps (1987): the sender is weak or strong; each type prefers its own
    breakfast (+1) and not to be dueled (+2); the receiver wants to duel the weak only."""
    tree = GameTree(players=("Sender", "Receiver"))
    types = tree.root.chance({"weak": weak, "strong": 1 - weak})
    for t, node in zip(("weak", "strong"), types.children):
        node.decision("Sender", ["beer", "quiche"], information_set=t)
        for meal, reply in zip(("beer", "quiche"), node.children):
            reply.decision("Receiver", ["duel", "not"], information_set=f"after {meal}")
            taste = int((t == "weak") == (meal == "quiche"))
            reply["duel"].terminal((taste, int(t == "weak")))
            reply["not"].terminal((taste + 2, int(t == "strong")))
    return tree


def horse():
    return GameTree.read(CATALOGUE / "journals/ijgt/selten1975/fig1.efg")


def bayes_at(tree, found, epsilon):
    """Beliefs from the trembled profile at ``epsilon``, by plain path products."""
    sets = tree.information_sets()
    play = {}
    for h, row, shake in zip(sets, found.behaviour, found.trembles):
        mistakes = sum(t[0] * epsilon ** t[1] for t in shake if t is not None)
        play[h] = [p * (1 - mistakes) if p else t[0] * epsilon ** t[1]
                   for p, t in zip(row, shake)]

    def reach(node):
        p, child = Fraction(1), node
        while child.parent is not None:
            parent = child.parent
            k = parent.children.index(child)
            h = parent.information_set
            p *= Fraction(h._probabilities[k]) if parent.is_chance else play[h][k]
            child = parent
        return p

    out = []
    for h in sets:
        weights = [reach(node) for node in h.members]
        out.append([w / sum(weights) for w in weights])
    return out


def test_selten_horse_by_hand():
    # Player 3 cannot tell 1's L from (R, L); with 1 and 2 playing R, 3 must play L
    # with probability at least 3/4 (else 2 deviates to L: 4(1 - q) > 1) and believe
    # 1's L no more than 1/3 (L pays 1 - mu, R pays 2 mu).  The equilibrium where 1
    # plays L and 3 plays R is Nash but needs 2 to stay with R against a better L.
    result = sequential_equilibria(horse())
    assert len(result) >= 1
    for found in result:
        assert found.behaviour[0] == (1, 0) and found.behaviour[1] == (1, 0)
        assert found.behaviour[2][1] >= Fraction(3, 4)
        histories, beliefs = found.beliefs[2]
        assert dict(zip(histories, beliefs))[("L",)] <= Fraction(1, 3)
    ((wrong, agent),) = result.refuted        # 1 plays L: 2 would rather play L too
    assert wrong[0] == (0, 1) and agent == "Player 2: 2" and not result.undecided
    assert "not sequential" in result.explain()
    unreasonable = assessment(horse(), [(0, 1), (1, 0), (1, 0)])
    assert not unreasonable.sequential and unreasonable.gains[1] == 3
    assert "not a sequential equilibrium" in unreasonable.explain()


def test_beer_quiche_has_both_pooling_equilibria():
    # Cho & Kreps (1987): both types pool on beer (a duel threatened after quiche,
    # believed weak with probability >= 1/2) or both on quiche (the same after beer):
    # both are sequential; only the intuitive criterion removes quiche pooling.
    # No separating equilibrium exists.
    tree = beer_quiche()
    result = sequential_equilibria(tree)
    pools = set()
    for found in result:
        play = dict(zip(found.agents, found.behaviour))
        belief = {agent: b[1] for agent, b in zip(found.agents, found.beliefs)}
        weak, strong = play["Sender: weak"], play["Sender: strong"]
        assert weak == strong and weak in ((1, 0), (0, 1))
        meal, other = ("beer", "quiche") if weak == (1, 0) else ("quiche", "beer")
        pools.add(meal)
        assert belief[f"Receiver: after {meal}"][0] == Fraction(1, 10)   # Bayes: the prior
        assert belief[f"Receiver: after {other}"][0] >= Fraction(1, 2)   # weak enough
        assert play[f"Receiver: after {other}"][0] >= Fraction(1, 2)     # to be dueled
        assert play[f"Receiver: after {meal}"] == (0, 1)
    assert pools == {"beer", "quiche"}
    assert not result.undecided


def test_one_card_poker_beliefs_are_exact():
    (found,) = sequential_equilibria(GameTree.read(DATA / "qre-poker.efg"))
    assert found.behaviour[1] == (Fraction(2, 3), Fraction(1, 3))
    assert found.beliefs[1][1] == (Fraction(3, 4), Fraction(1, 4))


@pytest.mark.parametrize("name", TREES)
def test_beliefs_are_the_limit_of_bayes_rule_on_the_trembles(name):
    tree = GameTree.read(CATALOGUE / name)
    result = sequential_equilibria(tree)
    assert len(result) >= 1          # every finite game has a sequential equilibrium
    for found in result:
        assert found.sequential and found.regret == 0
        epsilon = min(Fraction(1, 10 ** 12), Fraction(found.epsilon) / 2)
        for exact, trembled in zip(found.beliefs, bayes_at(tree, found, epsilon)):
            assert max(abs(p - q) for p, q in zip(exact[1], trembled)) < Fraction(1, 10 ** 9)


@pytest.mark.parametrize("name", TREES)
def test_pygambit_agrees_each_assessment_is_a_nash_equilibrium(name):
    gbt = pytest.importorskip("pygambit")
    G = gbt.read_efg(str(CATALOGUE / name))
    tree = GameTree.read(CATALOGUE / name)
    for found in sequential_equilibria(tree):
        rows = dict(zip(tree.information_sets(), found.behaviour))
        data = [[[gbt.Rational(p.numerator, p.denominator) for p in rows[h]]
                 for h in tree.information_sets(player)] for player in tree.players]
        profile = G.mixed_behavior_profile(data=data, rational=True)
        assert profile.max_regret() == 0


@pytest.mark.parametrize("name", TREES[:5])
def test_agent_qre_agrees_with_gambits_branch(name):
    gbt = pytest.importorskip("pygambit")
    G = gbt.read_efg(str(CATALOGUE / name))
    tree = GameTree.read(CATALOGUE / name)
    theirs = gbt.qre.logit_solve_branch(G)
    for point in theirs[len(theirs) // 3::max(len(theirs) // 3, 1)]:
        ours = logit_at(tree, point.lam)
        expected = [[float(q) for _a, q in probabilities]
                    for player in G.players for _h, probabilities in point.profile[player]]
        rows = dict(zip(tree.information_sets(), ours.strategies))
        mine = [rows[h] for player in tree.players for h in tree.information_sets(player)]
        assert np.allclose(np.concatenate(mine), np.concatenate(expected), atol=1e-6)


@pytest.mark.parametrize("name", TREES)
def test_the_tree_branch_selects_an_exact_sequential_equilibrium(name):
    tree = GameTree.read(CATALOGUE / name)
    branch = logit_branch(tree)
    limit = branch.limit
    assert limit is not None and limit.sequential
    last = branch.profiles[-1]
    if limit.exact:
        assert all(abs(float(p) - q) <= 1e-4 for r, s in zip(limit.behaviour, last)
                   for p, q in zip(r, s))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=16, max_size=16), st.integers(1, 9))
def test_random_signalling_games(payoffs, prior):
    # a sender of two types, two messages, a receiver of two answers: every
    # assessment found is sequential, and its beliefs are Bayes' limit on its trembles
    tree = GameTree(players=("S", "R"))
    types = tree.root.chance({"a": Fraction(prior, 10), "b": 1 - Fraction(prior, 10)})
    values = iter(payoffs)
    for t, node in zip("ab", types.children):
        node.decision("S", ["m", "n"], information_set=t)
        for message, reply in zip("mn", node.children):
            reply.decision("R", ["x", "y"], information_set=message)
            for leaf in reply.children:
                leaf.terminal((next(values), next(values)))
    result = sequential_equilibria(tree)
    assert len(result) >= 1
    for behaviour, _agent in result.refuted:   # never both refuted and supported
        assert all(found.behaviour != behaviour for found in result)
        assert not assessment(tree, behaviour).sequential
    for found in result:
        assert found.sequential
        for exact, trembled in zip(found.beliefs, bayes_at(tree, found, Fraction(1, 10 ** 12))):
            assert max(abs(p - q) for p, q in zip(exact[1], trembled)) < Fraction(1, 10 ** 9)


def test_bad_input():
    tree = horse()
    with pytest.raises(GameError, match="every action"):
        assessment(tree, [(1, 0), (1, 0)])
    with pytest.raises(GameError, match="probability vector"):
        assessment(tree, [(1, 1), (1, 0), (1, 0)])
    with pytest.raises(GameError, match="tremble"):
        assessment(tree, [(1, 0), (1, 0), (1, 0)], [[None, (1, 0)], [None, (1, 1)],
                                                     [None, (1, 1)]])
