"""Tests of GameTree: building, information sets, parameters, equality, reduced strategic form."""

import warnings
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.equilibria.pure import pure_profiles
from negotiation.errors import GameError
from negotiation.games.efg import GambitCompatibilityWarning
from negotiation.games.normal_form import NormalFormGame
from negotiation.games.reduced_form import _Plans
from negotiation.games.tree import GameTree, InformationSet, Node, Outcome
from tests.games.test_efg import (
    GAMBIT_READS,
    gambit_game,
    gambit_pure_equilibria,
    gambit_strategy_plans,
    random_tree,
)

pygambit = pytest.importorskip("pygambit")


def case_tree():
    """Russia backs Pyongyang or not, chance decides DPRK's resolve, the US offers."""
    tree = GameTree(players=("Russia", "US", "DPRK"), title="backing")
    root = tree.root.decision("Russia", ["none", "full"])
    root["none"].terminal((0, 2, 1), "no backing")
    resolve = root["full"].chance({"resolved": "1/3", "soft": "2/3"})
    for state in ("resolved", "soft"):
        offer = resolve[state].decision("US", ["deal", "pressure"], information_set="US offer")
        offer["deal"].terminal((1, 1, 2))
        reply = offer["pressure"].decision("DPRK", ["yield", "resist"])
        reply["yield"].terminal((0, 3, 0))
        reply["resist"].terminal((2, -1, 1) if state == "resolved" else (2, 0, -1))
    return tree


# ----------------------------------------------------------------- building
def test_building_a_tree_reads_like_the_game():
    tree = case_tree()
    assert tree.players == ("Russia", "US", "DPRK")
    root = tree.root
    assert root.player == "Russia" and root.actions == ("none", "full")
    assert root.parent is None and root.action is None and root.history == ()
    node = root["full"]["soft"]["pressure"]["resist"]
    assert node.is_terminal and node.history == ("full", "soft", "pressure", "resist")
    assert node.outcome.payoffs == (2, 0, -1)
    assert node.parent.player == "DPRK"
    assert root["full"].is_chance and root["full"].player is None
    assert root["full"].information_set.probabilities == {
        "resolved": Fraction(1, 3), "soft": Fraction(2, 3)}
    assert root[1] == root["full"] and root[1] is not root["full"]
    assert len({root["full"], root[1]}) == 1
    assert len(tree) == 13
    assert len(tree.terminal_nodes()) == 7
    assert [n.history for n in tree.nodes()][:3] == [(), ("none",), ("full",)]
    assert root["none"].outcome.label == "no backing"
    assert tree.exact and not tree.symbolic and tree.parameters == ()
    assert not tree.is_perfect_information
    assert repr(node) == "<Node after full → soft → pressure → resist: terminal>"
    assert "13 nodes (7 terminal)" in repr(tree)


def test_information_sets_by_label_and_by_handle():
    tree = case_tree()
    (us,) = tree.information_sets("US")
    assert isinstance(us, InformationSet)
    assert us.label == "US offer" and us.player == "US" and len(us) == 2
    assert us.members == (tree.root["full"]["resolved"], tree.root["full"]["soft"])
    assert len(tree.information_sets("DPRK")) == 2
    assert len(tree.information_sets(chance=True)) == 1
    # joining by handle
    tree2 = GameTree(players=("A", "B"))
    root = tree2.root.decision("A", ["l", "r"])
    first = root["l"].decision("B", ["x", "y"])
    root["r"].decision("B", information_set=first.information_set)
    assert root["r"].actions == ("x", "y")
    assert root["l"].information_set is root["r"].information_set
    assert not tree2.is_perfect_information


def test_same_information_set_merges_and_checks():
    tree = GameTree(players=("A", "B"))
    root = tree.root.decision("A", ["l", "m", "r"])
    for side in ("l", "m"):
        root[side].decision("B", ["x", "y"])
    root["r"].decision("A", ["x", "y"])
    merged = tree.same_information_set(root["l"], root["m"])
    assert set(merged.members) == {root["l"], root["m"]}
    assert len(tree.information_sets("B")) == 1
    with pytest.raises(GameError, match="belongs to 'B', but 'A' moves at the node after r"):
        tree.same_information_set(root["l"], root["r"])
    with pytest.raises(GameError, match="has no move yet"):
        tree.same_information_set(root["l"], root["l"]["x"])
    tree2 = GameTree(players=("A", "B"))
    root2 = tree2.root.decision("A", ["l", "r"])
    root2["l"].decision("B", ["x", "y"])
    root2["r"].decision("B", ["x", "z"])
    with pytest.raises(GameError, match=r"has actions \(x, y\) but the node after r has \(x, z\)"):
        tree2.same_information_set(root2["l"], root2["r"])


def test_chance_events_can_be_shared():
    tree = GameTree(players=("A",))
    root = tree.root.decision("A", ["l", "r"])
    first = root["l"].chance({"h": "1/2", "t": "1/2"}, information_set="coin")
    root["r"].chance({"h": "1/2", "t": "1/2"}, information_set="coin")
    assert first.information_set is root["r"].information_set
    with pytest.raises(GameError, match=r"has probabilities \(1/2, 1/2\) but"):
        other = GameTree(players=("A",))
        r = other.root.decision("A", ["l", "r"])
        r["l"].chance({"h": "1/2", "t": "1/2"}, information_set="coin")
        r["r"].chance({"h": "1/3", "t": "2/3"}, information_set="coin")


def test_outcomes_can_be_shared_and_non_terminal():
    tree = GameTree(players=("A", "B"))
    win = tree.outcome({"B": 0, "A": 1}, "win")
    assert win.payoffs == (1, 0)
    root = tree.root.decision("A", ["l", "r"], outcome=(-1, 0))
    root["l"].terminal(win)
    root["r"].terminal(win)
    assert tree.outcomes == [root.outcome, win]
    assert root["l"].outcome is root["r"].outcome
    assert repr(win) == "<Outcome 'win': (1, 0)>"
    root.set_outcome(None)
    assert root.outcome is None


BAD_BUILDS = [
    (lambda t: t.root.chance({"a": "1/2", "b": "1/3"}),
     "the chance probabilities at the root sum to 5/6, not 1"),
    (lambda t: t.root.chance({"a": 0.5, "b": 0.6}), "sum to 1.1, not 1"),
    (lambda t: t.root.chance({"a": "3/2", "b": "-1/2"}), "include -1/2, which is negative"),
    (lambda t: t.root.chance({}), "has no actions"),
    (lambda t: t.root.decision("A", []), "has no actions"),
    (lambda t: t.root.decision("A", "lr"), "must be a list of labels, not a string"),
    (lambda t: t.root.decision("C", ["l"]), "there is no player 'C': the players are A, B"),
    (lambda t: t.root.decision(2, ["l"]), "there is no player 2"),
    (lambda t: t.root.decision("A", [1, 2]), "an action label at the root is 1"),
    (lambda t: t.root.terminal((1,)), "the payoffs at the root have 1 entries but the tree has 2"),
    (lambda t: t.root.terminal({"A": 1}), "give no payoff to B"),
    (lambda t: t.root.terminal((1, "x")), "the payoff of 'B' in the payoffs at the root is 'x'"),
    (lambda t: t.root.terminal((1, float("nan"))), "must be finite"),
    (lambda t: t.root.terminal((True, 1)), "a boolean"),
    (lambda t: t.root.terminal(7), "must be a sequence with one payoff per player"),
    (lambda t: t.root.decision("A", ["l"]).decision("B", ["x"]), "the root already has a move"),
    (lambda t: t.root["l"], "the root is a leaf and has no actions"),
    (lambda t: t.root.decision("A", ["l", "l"])["l"], "action label 'l' is used 2 times"),
    (lambda t: t.root.decision("A", ["l"])["r"], "has no action 'r': the actions are l"),
    (lambda t: t.root.decision("A", ["l"])[3], "has 1 actions, so there is no action 3"),
    (lambda t: t.root.decision("A", information_set="I"),
     "needs actions: 'A' has no information set 'I' yet"),
    (lambda t: GameTree(players=()), "at least one player"),
    (lambda t: GameTree(players="AB"), "not the string 'AB'"),
    (lambda t: t.root.terminal(Outcome((1, 2, 3))), "the outcome has 3 payoffs but the tree has 2"),
]


@pytest.mark.parametrize(("build", "message"), BAD_BUILDS, ids=[m for _, m in BAD_BUILDS])
def test_bad_input_gets_one_clear_sentence(build, message):
    tree = GameTree(players=("A", "B"))
    with pytest.raises(GameError) as error:
        build(tree)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_errors_name_deep_nodes_by_their_path():
    tree = GameTree(players=("A",))
    node = tree.root
    for _ in range(10):
        node = node.decision("A", ["go", "stop"])["go"]
    with pytest.raises(GameError, match=r"the node after go → go → \.\.\. → go → go → go sum"):
        node.chance({"x": "1/2"})
    node.label = "deep"
    with pytest.raises(GameError, match="at node 'deep' sum to 1/2"):
        node.chance({"x": "1/2"})


def test_terminal_twice_is_an_error():
    tree = GameTree(players=("A",))
    tree.root.terminal((1,))
    with pytest.raises(GameError, match="already a terminal node"):
        tree.root.terminal((2,))


def test_ambiguous_information_set_labels():
    tree = GameTree(players=("A",))
    root = tree.root.decision("A", ["l", "m", "r"])
    root["l"].decision("A", ["x"])
    root["m"].decision("A", ["x"])
    # two information sets with one label, as in files Gambit 17 refuses
    root["l"].information_set._label = "I"
    root["m"].information_set._label = "I"
    tree._by_label[(0, "I")] = [root["l"].information_set, root["m"].information_set]
    with pytest.raises(GameError, match="ambiguous"):
        root["r"].decision("A", ["x"], information_set="I")


# --------------------------------------------------------------- numbers
def test_exact_and_float_values():
    tree = GameTree(players=("A",))
    root = tree.root.chance([("h", "0.25"), ("t", Fraction(3, 4))])
    root["h"].terminal((sympy.Rational(1, 3),))
    root["t"].terminal((np.int64(2),))
    assert root.information_set.probabilities == {"h": Fraction(1, 4), "t": Fraction(3, 4)}
    assert root["h"].outcome.payoffs == (Fraction(1, 3),)
    assert tree.exact
    root2 = GameTree(players=("A",))
    root2.root.terminal((0.5,))
    assert not root2.exact and "float" in repr(root2)


def test_parameters_and_substitute():
    p, c = sympy.symbols("p c", positive=True)
    tree = GameTree(players=("US", "DPRK"))
    root = tree.root.chance({"resolved": p, "soft": 1 - p})
    root["resolved"].terminal((1 - c, 2))
    root["soft"].terminal((3, -c))
    assert tree.parameters == ("c", "p")
    assert tree.symbolic and not tree.exact
    assert "symbolic" in repr(tree)
    exact = tree.substitute({"p": "1/3", "c": 2})
    assert exact.root.information_set.probabilities == {"resolved": Fraction(1, 3),
                                                        "soft": Fraction(2, 3)}
    assert exact.root["resolved"].outcome.payoffs == (-1, 2)
    assert exact.exact and exact.parameters == ()
    floats = tree.substitute({p: 0.25, "c": 1})
    assert floats.root["soft"].outcome.payoffs == (3, -1)
    assert floats.root.information_set.probabilities["resolved"] == 0.25
    assert not floats.exact
    partial = tree.substitute({"c": 0})
    assert partial.parameters == ("p",)
    with pytest.raises(GameError, match="include -1/2, which is negative"):
        tree.substitute({"p": "3/2", "c": 0})
    with pytest.raises(GameError, match="which is not a number"):
        tree.substitute({"p": "x"})
    # the original is untouched
    assert tree.parameters == ("c", "p")


def test_symbolic_probabilities_must_sum_to_one():
    p, q = sympy.symbols("p q")
    tree = GameTree(players=("A",))
    with pytest.raises(GameError, match="sum to p \\+ q, not 1"):
        tree.root.chance({"a": p, "b": q})
    tree.root.chance({"a": p, "b": 1 - p})


def test_symbolic_trees_are_not_solved():
    p = sympy.Symbol("p")
    tree = GameTree(players=("A",))
    root = tree.root.decision("A", ["l", "r"])
    root["l"].terminal((p,))
    root["r"].terminal((1,))
    with pytest.raises(GameError, match=r"substitute values for its parameters \(p\)"):
        tree.subgame_perfect()
    with pytest.raises(GameError, match=r"substitute values for its parameters \(p\)"):
        tree.reduced_strategic_form()
    assert len(tree.substitute({"p": 2}).subgame_perfect()) == 1


# ---------------------------------------------------------------- equality
def test_equality_is_structural():
    a, b = case_tree(), case_tree()
    assert a == b and a.copy() == a
    b.root["none"].label = "quiet"
    assert a != b
    c = case_tree()
    c.root["full"]["soft"].information_set._label = "other"
    assert a != c
    floats = GameTree(players=("A",))
    floats.root.terminal((1.0,))
    exact = GameTree(players=("A",))
    exact.root.terminal((1,))
    assert floats != exact
    assert (a == 3) is False


def test_copy_is_independent():
    tree = case_tree()
    copy = tree.copy()
    copy.root["none"].label = "x"
    assert tree.root["none"].label == ""
    assert copy.information_sets("US")[0] is not tree.information_sets("US")[0]
    assert copy.information_sets("US")[0].members[0].tree is copy


# ------------------------------------------------------------ reduced form
def test_reduced_form_merges_plans_a_player_rules_out():
    # A: Out (ends) or In; then B: x or y; then A: a or b (only after In)
    tree = GameTree(players=("A", "B"))
    root = tree.root.decision("A", ["Out", "In"])
    root["Out"].terminal((1, 3))
    b = root["In"].decision("B", ["x", "y"])
    for move, (u, v) in (("x", ((2, 1), (0, 0))), ("y", ((0, 2), (3, 0)))):
        a = b[move].decision("A", ["a", "b"], information_set="late")
        a["a"].terminal(u)
        a["b"].terminal(v)
    game = tree.reduced_strategic_form()
    assert isinstance(game, NormalFormGame)
    assert game.actions == (("Out/*", "In/a", "In/b"), ("x", "y"))
    expected_a = [[1, 1], [2, 0], [0, 3]]
    expected_b = [[3, 3], [1, 2], [0, 0]]
    assert game.payoffs[0].tolist() == expected_a
    assert game.payoffs[1].tolist() == expected_b
    assert game.exact
    assert tree.reduced_strategic_form(labels="gambit").actions == (("1*", "21", "22"),
                                                                    ("1", "2"))
    plans = tree.reduced_strategies("A")
    assert [{s.label: a for s, a in plan.items()} for plan in plans] == [
        {"": "Out"}, {"": "In", "late": "a"}, {"": "In", "late": "b"}]
    with pytest.raises(GameError, match="labels must be"):
        tree.reduced_strategic_form(labels="numbers")


def test_reduced_form_takes_expectations_over_chance_exactly():
    tree = case_tree()
    game = tree.reduced_strategic_form()
    # DPRK makes no move before its two information sets, so all four plans are distinct
    assert game.actions == (("none", "full"), ("deal", "pressure"),
                            ("yield/yield", "yield/resist", "resist/yield", "resist/resist"))
    # Russia full, US pressure, DPRK resists at both: 1/3 (2, -1, 1) + 2/3 (2, 0, -1)
    full, pressure, resist = 1, 1, 3
    payoffs = tuple(game.payoffs[p][full, pressure, resist] for p in range(3))
    assert payoffs == (2, Fraction(-1, 3), Fraction(-1, 3))
    assert all(type(u) is Fraction for u in payoffs)
    # Russia none: (0, 2, 1) whatever the others plan
    assert all(game.payoffs[1][0, s, t] == 2 for s in range(2) for t in range(4))


def test_reduced_form_without_moves():
    tree = GameTree(players=("A", "B"))
    tree.root.terminal((1, 2))
    game = tree.reduced_strategic_form()
    assert game.shape == (1, 1) and game.actions == (("",), ("",))
    assert game.payoffs[:, 0, 0].tolist() == [1, 2]


def reduced_form_cases():
    cases = []
    for path in GAMBIT_READS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GambitCompatibilityWarning)
            tree = GameTree.read(path)
        sizes = [len(_Plans(tree, i, limit=2000).plans) if _small(tree, i) else 10**9
                 for i in range(tree.n_players)]
        if np.prod([float(s) for s in sizes]) <= 2000:
            cases.append(path)
    return cases


def _small(tree, player):
    try:
        _Plans(tree, player, limit=2000)
    except GameError:
        return False
    return True


REDUCED = reduced_form_cases()


def test_most_of_the_collection_has_a_small_reduced_form():
    assert len(REDUCED) >= 150


@pytest.mark.parametrize("path", REDUCED, ids=lambda p: p.name)
def test_reduced_form_and_pure_equilibria_match_pygambit(path):
    game = pygambit.read_efg(str(path))
    tree = GameTree.read(path)
    ours = tree.reduced_strategic_form()
    players = list(game.players)
    assert ours.shape == tuple(len(game.get_strategies(p)) for p in players)
    mapping = [gambit_strategy_plans(game, tree, i) for i in range(tree.n_players)]
    index = [
        [plans.plans.index(plan) for plan in theirs] for plans, theirs in mapping
    ]
    # the strategies come in Gambit's order
    assert index == [list(range(m)) for m in ours.shape]
    arrays = game.to_arrays()
    for i in range(tree.n_players):
        theirs = np.vectorize(lambda x: Fraction(str(x)), otypes=[object])(arrays[i])
        assert (ours.payoffs[i][np.ix_(*index)] == theirs).all()
    pure = {
        tuple(mapping[i][0].plans[s] for i, s in enumerate(profile))
        for profile in pure_profiles(ours)
    }
    assert pure == gambit_pure_equilibria(game, tree)


#: A tree (found by the property test below) where a player's information set is first
#: reached, after some of her choices, below a set that comes later in preorder overall:
#: Gambit branches on the set reached first.
REACHED_FIRST = """\
EFG 2 R "" { "P1" "P2" }
""

p "" 2 1 "" { "a0" "a1" "a2" } 0
p "" 1 1 "" { "a0" "a1" "a2" } 0
p "" 2 2 "" { "a0" "a1" "a2" } 0
t "" 1 "" { 0, 2 }
t "" 2 "" { 0, 1 }
t "" 0
p "" 1 2 "" { "a0" "a1" } 0
t "" 1 "" { 0, 2 }
t "" 1 "" { 0, 2 }
p "" 1 3 "" { "a0" "a1" "a2" } 0
t "" 2 "" { 0, 1 }
t "" 3 "" { 1, 0 }
t "" 4 "" { 1, 1 }
p "" 1 2 "" { "a0" "a1" } 0
p "" 2 3 "" { "a0" "a1" } 0
t "" 5 "" { 2, 2 }
t "" 0
p "" 1 2 "" { "a0" "a1" } 0
t "" 6 "" { 2, 2 }
t "" 7 "" { 2, 2 }
p "" 1 4 "" { "a0" "a1" } 0
c "" 1 "" { "c0" 3/5 "c1" 0 "c2" 2/5 } 0
t "" 7 "" { 2, 2 }
t "" 8 "" { 2, 1 }
t "" 5 "" { 2, 2 }
p "" 1 5 "" { "a0" } 0
t "" 9 "" { 0, 1 }
"""


def test_strategies_branch_on_the_set_reached_first_as_gambit(tmp_path):
    path = tmp_path / "reached_first.efg"
    path.write_text(REACHED_FIRST)
    tree = GameTree.read(path)
    game = pygambit.read_efg(str(path))
    for player in range(tree.n_players):
        plans, theirs = gambit_strategy_plans(game, tree, player)
        assert plans.plans == theirs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_random_reduced_forms_match_pygambit(rng):
    tree = random_tree(rng, players=rng.randint(1, 3))
    ours = tree.reduced_strategic_form()
    game = gambit_game(tree)
    mapping = [gambit_strategy_plans(game, tree, i) for i in range(tree.n_players)]
    index = [[plans.plans.index(plan) for plan in theirs] for plans, theirs in mapping]
    assert ours.shape == tuple(len(x) for x in index)
    assert index == [list(range(m)) for m in ours.shape]
    arrays = game.to_arrays()
    for i in range(tree.n_players):
        theirs = np.vectorize(lambda x: Fraction(str(x)), otypes=[object])(arrays[i])
        assert (ours.payoffs[i][np.ix_(*index)] == theirs).all()


def test_too_large_reduced_forms_are_refused():
    tree = GameTree(players=("A", "B"))
    level = [tree.root]
    for depth in range(12):
        nxt = []
        for node in level:
            node.decision(depth % 2, ["l", "r"])
            nxt.extend(node.children)
        level = nxt
    for node in level:
        node.terminal((0, 0))
    with pytest.raises(GameError, match="reduced strategies, too many"):
        tree.reduced_strategic_form()


def test_nodes_are_handles():
    tree = case_tree()
    node = tree.root["full"]
    assert isinstance(node, Node) and node.tree is tree and node.index == 2
    assert node.children[0].action == "resolved"
