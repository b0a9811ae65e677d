"""Sequential equilibrium assessments as limits of agent logit QREs."""

import pytest

from negotiation import GameTree
from negotiation.equilibria.sequential import sequential_equilibrium
from negotiation.errors import GameError

from .gambit_files import DATA


def test_one_card_poker_assessment_matches_the_hand_derivation():
    # Myerson (1991, §4.8): Alice always raises with the King and bluffs with the Queen
    # with probability 1/3; Bob meets with 2/3.  Bob's belief after a raise is, by Bayes'
    # rule, (1/2) / (1/2 + 1/2 * 1/3) = 3/4 on the King.
    assessment = sequential_equilibrium(GameTree.read(DATA / "qre-poker.efg"))
    play = dict(zip(assessment.agents, assessment.behaviour))
    assert play["Alice: 1"][0] == pytest.approx(1, abs=1e-6)
    assert play["Bob: 2"][0] == pytest.approx(2 / 3, abs=1e-6)
    assert play["Alice: 3"][0] == pytest.approx(1 / 3, abs=1e-6)
    histories, beliefs = assessment.beliefs[1]
    assert dict(zip(histories, beliefs)) == pytest.approx(
        {("King", "Raise"): 3 / 4, ("Queen", "Raise"): 1 / 4}, abs=1e-6)
    assert "believing" in assessment.explain()


def test_an_off_path_threat_is_not_sequentially_rational():
    # entry: the incumbent would fight only if entry happened; fighting costs it, so
    # the sequential equilibrium has entry and accommodation (the threat is empty)
    tree = GameTree(players=("Entrant", "Incumbent"))
    enter = tree.root.decision("Entrant", ["out", "in"])
    enter["out"].terminal((0, 2))
    respond = enter["in"].decision("Incumbent", ["fight", "share"])
    respond["fight"].terminal((-1, -1))
    respond["share"].terminal((1, 1))
    assessment = sequential_equilibrium(tree)
    assert assessment.behaviour[0][1] == pytest.approx(1, abs=1e-6)
    assert assessment.behaviour[1][1] == pytest.approx(1, abs=1e-6)
    assert assessment.regret <= 1e-8 * 3


def test_symbols_are_refused():
    import sympy as sp

    tree = GameTree(players=("A", "B"))
    move = tree.root.decision("A", ["l", "r"])
    move["l"].terminal((sp.Symbol("x"), 0))
    move["r"].terminal((0, 0))
    with pytest.raises(GameError, match="symbols"):
        sequential_equilibrium(tree)
