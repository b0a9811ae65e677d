"""Tests of the sequence form: zero-sum LP and Lemke's algorithm, with pygambit as the oracle.

pygambit's ``lp_solve`` (the sequence-form LP) gives the value of every constant-sum tree
of Gambit's collection, which ours must equal exactly; for general-sum trees the profile
Lemke returns must be an equilibrium (not necessarily pygambit's), which is checked by
our own best-response recursion and, independently, by pygambit's ``max_regret``.
"""

import importlib
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError, SolverError
from negotiation.games.sequence_form import lemke, regrets, sequence_form, solve_zero_sum
from negotiation.games.tree import GameTree, Outcome
from tests.games.test_efg import FILES, GAMBIT, gambit_game, read

pygambit = pytest.importorskip("pygambit")
#: The module (its name is also the name of its main function, which a package may export).
sf = importlib.import_module("negotiation.games.sequence_form")

TWO_PLAYERS = [p for p in FILES if read(p).n_players == 2]


def _has_perfect_recall(path):
    try:
        sequence_form(read(path))
    except GameError:
        return False
    return True


PERFECT_RECALL = [p for p in TWO_PLAYERS if _has_perfect_recall(p)]


def ids(path):
    return str(path.relative_to(GAMBIT))


# ------------------------------------------------------------------ helpers
def gambit_copy(tree):
    """``tree`` as a pygambit game, with labels pygambit accepts.

    Labels are replaced so that pygambit also reads the files that repeat them;
    profiles are positional (information sets in preorder, actions in order), so
    nothing is lost.
    """
    copy = tree.copy()
    copy.title = ""
    for node in copy.nodes():
        node.label = ""
    for infoset in copy.information_sets() + copy.information_sets(chance=True):
        infoset._label = ""
        infoset._actions = tuple(f"a{k}" for k in range(len(infoset._actions)))
    copy._outcome = [None if o is None else Outcome(o.payoffs) for o in copy._outcome]
    return gambit_game(copy)


def gambit_regret(tree, equilibrium):
    """pygambit's ``max_regret`` of our behaviour profile on ``tree``, exactly."""
    data = [[[Fraction(p) for p in row] for row in player] for player in equilibrium.strategies]
    profile = gambit_copy(tree).mixed_behavior_profile(data, rational=True)
    return profile.max_regret()


def perfect_recall_tree(rng, depth=4, payoffs=range(3), zero_sum=False, floats=False):
    """A random two-player tree with perfect recall, chance, ties and non-terminal outcomes.

    Decision nodes of one player whose own earlier moves agree (and with as many
    actions) are merged into information sets at random, level by level from the root,
    which keeps perfect recall.
    """
    tree = GameTree(players=("P1", "P2"))
    decisions = []
    stack = [(tree.root, 0)]
    while stack:
        node, level = stack.pop()
        kind = rng.random()
        if level < depth and kind < 0.65:
            player = rng.randrange(2)
            node.decision(player, [f"a{j}" for j in range(rng.randint(1, 3))])
            decisions.append((node, player, level))
        elif level < depth and kind < 0.8:
            weights = [rng.randint(1, 3) for _ in range(rng.randint(2, 3))]
            total = sum(weights)
            node.chance([(f"c{j}", w / total if floats else Fraction(w, total))
                         for j, w in enumerate(weights)])
        else:
            u = rng.choice(payoffs)
            v = -u if zero_sum else rng.choice(payoffs)
            node.terminal((u + 0.5, v - 0.5 if zero_sum else v + 0.25) if floats else (u, v))
            continue
        if rng.random() < 0.15:
            u = rng.choice(payoffs)
            node.set_outcome((u, -u if zero_sum else rng.choice(payoffs)))
        stack.extend((child, level + 1) for child in reversed(node.children))
    for level in range(depth + 1):
        groups = {}
        for node, player, at in decisions:
            if at == level:
                key = (player, len(node.actions), own_moves(tree, node, player))
                groups.setdefault(key, []).append(node)
        for nodes in groups.values():
            members = [n for n in nodes if rng.random() < 0.7]
            if len(members) > 1:
                tree.same_information_set(*members)
    return tree


def own_moves(tree, node, player):
    """``player``'s (information set, action) pairs on the path to ``node``."""
    out = []
    while node.parent is not None:
        parent = node.parent
        if parent.player == tree.players[player]:
            out.append((id(parent.information_set), node.action))
        node = parent
    return tuple(out)


def kuhn_poker():
    """Kuhn's three-card poker: ante 1, one bet of 1."""
    tree = GameTree(players=("Alice", "Bob"), title="Kuhn poker")
    cards = "JQK"
    deals = [(a, b) for a in range(3) for b in range(3) if a != b]
    root = tree.root.chance([(cards[a] + cards[b], Fraction(1, 6)) for a, b in deals])

    def showdown(a, b, stake):
        return (stake, -stake) if a > b else (-stake, stake)

    for k, (a, b) in enumerate(deals):
        first = root[k].decision("Alice", ["check", "bet"], information_set=f"Alice {cards[a]}")
        checked = first["check"].decision("Bob", ["check", "bet"],
                                          information_set=f"Bob {cards[b]} checked")
        checked["check"].terminal(showdown(a, b, 1))
        again = checked["bet"].decision("Alice", ["fold", "call"],
                                        information_set=f"Alice {cards[a]} check-bet")
        again["fold"].terminal((-1, 1))
        again["call"].terminal(showdown(a, b, 2))
        facing = first["bet"].decision("Bob", ["fold", "call"],
                                       information_set=f"Bob {cards[b]} bet")
        facing["fold"].terminal((1, -1))
        facing["call"].terminal(showdown(a, b, 2))
    return tree


def matching_pennies():
    tree = GameTree(players=("Even", "Odd"))
    root = tree.root.decision("Even", ["H", "T"])
    for a in "HT":
        node = root[a].decision("Odd", ["H", "T"], information_set="guess")
        for b in "HT":
            node[b].terminal((1, -1) if a == b else (-1, 1))
    return tree


def beer_quiche(strong="9/10"):
    """Cho and Kreps's signalling game: the challenger sees breakfast, not the type."""
    tree = GameTree(players=("Sender", "Receiver"), title="beer-quiche")
    weak = 1 - Fraction(strong)
    types = tree.root.chance({"strong": strong, "weak": weak})
    for kind, likes in (("strong", "beer"), ("weak", "quiche")):
        breakfast = types[kind].decision("Sender", ["beer", "quiche"], information_set=kind)
        for food in ("beer", "quiche"):
            duel = breakfast[food].decision("Receiver", ["duel", "not"], information_set=food)
            taste = 1 if food == likes else 0
            duel["duel"].terminal((taste, 1 if kind == "weak" else 0))
            duel["not"].terminal((taste + 2, 1 if kind == "strong" else 0))
    return tree


# --------------------------------------------------------------- collection
def test_the_collection_has_two_player_trees_with_perfect_recall():
    assert len(TWO_PLAYERS) >= 130 and len(PERFECT_RECALL) >= 100


@pytest.mark.parametrize("path", TWO_PLAYERS, ids=ids)
def test_perfect_recall_is_detected_as_gambit_does(path):
    assert (path in PERFECT_RECALL) == gambit_copy(read(path)).is_perfect_recall


@pytest.mark.parametrize("path", PERFECT_RECALL, ids=ids)
def test_lemke_finds_an_equilibrium_pygambit_confirms(path):
    tree = read(path)
    for pivoting in ("exact", "float"):
        equilibrium = lemke(tree, pivoting=pivoting)
        assert equilibrium.exact and equilibrium.regrets == (0, 0)
        assert regrets(tree, equilibrium.strategies) == (0, 0)
        assert gambit_regret(tree, equilibrium) == 0
        assert equilibrium.payoffs == sequence_form(tree).payoffs(equilibrium.realization_plans)


CONSTANT_SUM = [p for p in PERFECT_RECALL
                if p.stem not in {"4cards", "caro2", "e10", "e10a", "nim", "nim7", "coord2ts"}
                and pygambit.read_efg(str(p)).is_const_sum]


@pytest.mark.parametrize("path", CONSTANT_SUM, ids=ids)
def test_zero_sum_value_equals_pygambits_exactly(path):
    tree = read(path)
    game = pygambit.read_efg(str(path))
    theirs = pygambit.nash.lp_solve(game, rational=True).equilibrium
    solution = solve_zero_sum(tree)
    first, second = game.players
    assert solution.value == Fraction(theirs.payoffs[first])
    assert solution.equilibrium.payoffs[1] == Fraction(theirs.payoffs[second])
    assert solution.equilibrium.regrets == (0, 0)
    assert gambit_regret(tree, solution.equilibrium) == 0


def test_the_constant_sum_games_include_the_poker_games():
    names = {p.name for p in CONSTANT_SUM}
    assert {"poker.efg", "stripped_down_poker.efg", "2smp.efg"} <= names


@pytest.mark.parametrize("stem", ["holdout7", "4cards", "caro2", "palf2", "bayes2a", "artist2"])
def test_the_larger_general_sum_trees(stem):
    path = next(p for p in PERFECT_RECALL if p.stem == stem)
    tree = read(path)
    equilibrium = lemke(tree)
    assert equilibrium.regrets == (0, 0)
    assert gambit_regret(tree, equilibrium) == 0


def test_holdout7_payoffs_are_gambits():
    """On holdout7 our path ends at the equilibrium pygambit's lcp_solve reports."""
    path = next(p for p in FILES if p.stem == "holdout7")
    equilibrium = lemke(read(path))
    assert equilibrium.payoffs == (Fraction(1317, 5000), Fraction(2337, 10000))


# -------------------------------------------------------------- hand examples
def test_poker_the_unique_equilibrium():
    tree = read(next(p for p in FILES if p.name == "poker.efg"))
    for equilibrium in (lemke(tree), solve_zero_sum(tree).equilibrium):
        assert equilibrium.behaviour("Alice") == {
            "#1": {"Raise": 1, "Fold": 0},
            "#2": {"Raise": Fraction(1, 3), "Fold": Fraction(2, 3)},
        }
        assert equilibrium.behaviour("Bob") == {"#1": {"Meet": Fraction(2, 3),
                                                       "Pass": Fraction(1, 3)}}
        assert equilibrium.payoffs == (Fraction(1, 3), Fraction(-1, 3))


def test_kuhn_poker_value_is_minus_one_eighteenth():
    tree = kuhn_poker()
    solution = solve_zero_sum(tree)
    assert solution.value == Fraction(-1, 18) and solution.total == 0
    assert solution.equilibrium.method == "linprog"
    assert lemke(tree).payoffs == (Fraction(-1, 18), Fraction(1, 18))
    for equilibrium in (solution.equilibrium, lemke(tree), lemke(tree, pivoting="float")):
        bob = equilibrium.behaviour("Bob")
        # Bob's optimal strategy is unique (Kuhn 1950)
        assert bob["Bob J checked"] == {"check": Fraction(2, 3), "bet": Fraction(1, 3)}
        assert bob["Bob Q bet"] == {"fold": Fraction(2, 3), "call": Fraction(1, 3)}
        assert bob["Bob K bet"]["call"] == 1 and bob["Bob J bet"]["fold"] == 1
        assert equilibrium.behaviour("Alice")["Alice Q"]["check"] == 1


def test_matching_pennies_as_a_tree():
    tree = matching_pennies()
    half = (Fraction(1, 2), Fraction(1, 2))
    solution = solve_zero_sum(tree)
    assert solution.value == 0
    assert solution.strategies == ((half,), (half,))
    assert lemke(tree).strategies == ((half,), (half,))
    assert solution.explain().startswith("Even can guarantee 0 whatever Odd does")


def test_beer_quiche_signalling():
    tree = beer_quiche()
    equilibrium = lemke(tree)
    assert equilibrium.regrets == (0, 0) and gambit_regret(tree, equilibrium) == 0
    # every equilibrium pools: on beer (2.9, 0.9) or on quiche (2.1, 0.9)
    assert equilibrium.payoffs in {(Fraction(29, 10), Fraction(9, 10)),
                                   (Fraction(21, 10), Fraction(9, 10))}
    sender = equilibrium.behaviour("Sender")
    assert sender["strong"] == sender["weak"]
    with pytest.raises(GameError, match="not constant-sum"):
        solve_zero_sum(tree)


def test_a_prior_steers_the_tracing_procedure():
    """From the uniform prior the path ends pooling on beer; from a prior in which the
    weak type eats beer and the receiver duels beer-eaters, pooling on quiche."""
    tree = beer_quiche()
    assert lemke(tree).payoffs == (Fraction(29, 10), Fraction(9, 10))
    sender = [(Fraction(1, 100), Fraction(99, 100)), (Fraction(99, 100), Fraction(1, 100))]
    receiver = [(Fraction(9, 10), Fraction(1, 10)), (Fraction(1, 10), Fraction(9, 10))]
    assert lemke(tree, prior=[sender, receiver]).payoffs == (Fraction(21, 10), Fraction(9, 10))


def test_non_terminal_outcomes_count_once_on_every_path():
    tree = GameTree(players=("A", "B"))
    root = tree.root.decision("A", ["in", "out"], outcome=(-1, 1))   # a cost of moving at all
    root["out"].terminal((0, 0))
    inside = root["in"].chance({"h": "1/2", "t": "1/2"}, outcome=(2, -2))
    for side in ("h", "t"):
        guess = inside[side].decision("B", ["h", "t"], information_set="guess")
        guess["h"].terminal((1, -1) if side == "h" else (-1, 1))
        guess["t"].terminal((-1, 1) if side == "h" else (1, -1))
    solution = solve_zero_sum(tree)
    assert solution.value == 1  # in: -1 + 2 + 0
    assert solution.value == tree.reduced_strategic_form().zero_sum().value
    assert solution.equilibrium.behaviour("A")["#1"] == {"in": 1, "out": 0}


def test_a_player_without_moves_and_a_tree_without_payoffs():
    tree = GameTree(players=("A", "B"))
    nature = tree.root.chance({"x": "1/3", "y": "2/3"})
    nature["x"].decision("A", ["l", "r"])["l"].terminal((3, 1))
    nature["y"].terminal((0, 6))
    equilibrium = lemke(tree)
    assert equilibrium.strategies == (((1, 0),), ())
    assert equilibrium.payoffs == (1, Fraction(13, 3))
    empty = GameTree(players=("A", "B"))
    empty.root.decision("B", ["u", "v"])
    assert lemke(empty).payoffs == (0, 0)
    assert solve_zero_sum(empty).value == 0


# ------------------------------------------------------------------ the form
def test_the_sequence_form_of_poker():
    form = sequence_form(read(next(p for p in FILES if p.name == "poker.efg")))
    assert form.n_sequences == (5, 3) and form.n_infosets == (2, 1)
    assert form.sequence_labels(0) == ["∅", "#1:Raise", "#1:Fold", "#2:Raise", "#2:Fold"]
    E, e = form.constraints(0)
    assert E.tolist() == [[1, 0, 0, 0, 0], [-1, 1, 1, 0, 0], [-1, 0, 0, 1, 1]]
    assert e.tolist() == [1, 0, 0]
    A, B = form.payoff_matrices()
    assert A[1, 1] == 1 and A[1, 2] == Fraction(1, 2) and A[2, 0] == Fraction(-1, 2)
    assert (A + B == 0).all()
    assert "5 sequences" in repr(form)


@pytest.mark.parametrize("stem", ["poker", "holdout7", "e16", "montyhal", "bayes2a", "palf3"])
def test_pure_plans_pay_what_the_reduced_strategic_form_says(stem):
    tree = read(next(p for p in FILES if p.stem == stem))
    form = sequence_form(tree)
    game = tree.reduced_strategic_form()
    plans = []
    for i in range(2):
        plans.append([])
        for strategy in tree.reduced_strategies(i):
            behaviour = [tuple(int(strategy.get(h) == a) if h in strategy else int(k == 0)
                               for k, a in enumerate(h.actions)) for h in form.infosets[i]]
            plans[i].append(form.realization_plan(i, behaviour))
    for r, x in enumerate(plans[0]):
        for c, y in enumerate(plans[1]):
            assert form.payoffs((x, y)) == (game.payoffs[0][r, c], game.payoffs[1][r, c])


def test_best_response_and_regrets():
    tree = matching_pennies()
    form = sequence_form(tree)
    pure = [form.realization_plan(0, [(1, 0)]), form.realization_plan(1, [(1, 0)])]
    assert form.best_response(1, pure[0]) == (1, [1])
    assert form.regrets(pure) == (0, 2)
    assert regrets(tree, [[(1, 0)], [(1, 0)]]) == (0, 2)
    with pytest.raises(GameError, match="summing to 1"):
        regrets(tree, [[(1, 1)], [(1, 0)]])


# ------------------------------------------------------------------ results
def test_results_explain_and_serialise():
    tree = kuhn_poker()
    equilibrium = lemke(tree)
    text = equilibrium.explain()
    assert text.startswith("In this equilibrium of the game tree (found by Lemke's algorithm")
    assert "checked exactly" in text and "information set 'Bob K bet'" in text
    profile = equilibrium.profile()
    assert profile.payoffs() == equilibrium.payoffs
    bob = tree.information_sets("Bob")[0]
    assert profile[bob] == equilibrium.at(bob)
    data = equilibrium.to_dict()
    assert data["payoffs"] == ["-1/18", "1/18"] and data["method"] == "lemke"
    assert data["behaviour"]["Bob"]["Bob Q bet"] == {"fold": "2/3", "call": "1/3"}
    first = tree.information_sets("Alice")[0]
    assert equilibrium.at(first) == equilibrium.behaviour("Alice")["Alice J"]
    solution = solve_zero_sum(tree)
    assert solution.to_dict()["value"] == "-1/18"
    assert repr(solution) == "<TreeZeroSumSolution: value -1/18>"


def test_repeated_and_empty_labels_get_positions():
    tree = GameTree(players=("A", "B"))
    root = tree.root.chance({"x": "1/2", "y": "1/2"})
    for side in "xy":
        node = root[side].decision("A", ["go", "go"], information_set="same")
        node[0].terminal((1, 0))
        node[1].terminal((0, 1))
    other = GameTree.from_efg(tree.to_efg())
    equilibrium = lemke(other)
    assert list(equilibrium.behaviour("A")) == ["same"]
    assert equilibrium.behaviour("A")["same"] == {"go #1": 1, "go #2": 0}


# ------------------------------------------------------------------- errors
def test_trees_without_perfect_recall_are_refused():
    tree = GameTree(players=("A", "B"))
    root = tree.root.decision("A", ["l", "r"])
    for side in "lr":
        root[side].decision("A", ["u", "d"], information_set="forgot")
        for action in "ud":
            root[side][action].terminal((1, 0))
    with pytest.raises(GameError, match="sequence form needs perfect recall, but 'A' forgets "
                                        "at the information set 'forgot'"):
        lemke(tree)
    driver = read(next(p for p in FILES if p.stem == "AM-driver-one-infoset"))
    with pytest.raises(GameError, match="perfect recall"):
        sequence_form(driver)


def test_other_bad_input():
    three = GameTree(players=("A", "B", "C"))
    three.root.decision("A", ["x"])["x"].terminal((1, 2, 3))
    with pytest.raises(GameError, match="two players, not 3"):
        sequence_form(three)
    import sympy

    p = sympy.Symbol("p")
    symbolic = GameTree(players=("A", "B"))
    symbolic.root.decision("A", ["x"])["x"].terminal((p, 0))
    with pytest.raises(GameError, match="substitute values"):
        lemke(symbolic)
    with pytest.raises(GameError, match="pivoting must be"):
        lemke(matching_pennies(), pivoting="fast")
    with pytest.raises(GameError, match="prior gives 2 information sets"):
        lemke(matching_pennies(), prior=[[(1, 0), (1, 0)], [(1, 0)]])


def test_a_ray_is_an_error_not_an_answer():
    """Shapley's game as a tree: from the uniform prior (tied best responses) the path
    ends in a ray; lemke then restarts from a perturbed prior."""
    tree = read(next(p for p in FILES if p.stem == "sh3"))
    with pytest.raises(SolverError, match="ended in a ray"):
        sf._lemke_path(sf._LCP(sequence_form(tree)))
    equilibrium = lemke(tree)
    assert equilibrium.restarts == 1 and equilibrium.regrets == (0, 0)


def test_lemke_gives_up_with_a_solver_error(monkeypatch):
    def ray(*args):
        raise sf._Ray("Lemke's algorithm ended in a ray")

    monkeypatch.setattr(sf, "_lemke_plans", ray)
    with pytest.raises(SolverError, match=r"ended in a ray \(from 4 priors\)"):
        lemke(matching_pennies())
    monkeypatch.undo()
    with pytest.raises(SolverError, match="stopped after 1 pivots"):
        lemke(kuhn_poker(), max_pivots=1)


# ------------------------------------------------------------------ internals
def test_exact_pivoting_is_exact():
    """The exact path's end, solved again from its supports, gives the same plans."""
    for tree in (kuhn_poker(), beer_quiche(), read(next(p for p in FILES if p.stem == "holdout7"))):
        form = sequence_form(tree)
        lcp = sf._LCP(form)
        tab, _ = sf._lemke_path(lcp)
        plans = lcp.plans(tab)
        supports = [sorted(v for v in tab.basic if v < lcp.n1),
                    sorted(v - lcp.n1 for v in tab.basic if lcp.n1 <= v < lcp.n)]
        assert sf._exact_plans(form, supports) == plans


def test_sparse_solver():
    one = Fraction(1)
    rows = [{0: one, 1: one, 3: 2 * one}, {1: 2 * one, 2: -one, 3: one}, {0: one, 2: one, 3: one}]
    assert sf._solve_sparse(rows, 3) == [2, 0, -1]
    # underdetermined: the free unknown is 0
    assert sf._solve_sparse([{0: one, 1: one, 2: 3 * one}], 2) in ([3, 0], [0, 3])
    # inconsistent
    assert sf._solve_sparse([{0: one, 1: one}, {0: 2 * one, 1: 3 * one}], 1) is None


# ---------------------------------------------------------------- properties
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.integers(0, 10**9))
def test_random_trees_lemke_profile_has_zero_regret(seed):
    rng = random.Random(seed)
    tree = perfect_recall_tree(rng, depth=rng.randint(2, 6), payoffs=range(rng.choice([2, 3, 9])))
    equilibrium = lemke(tree)
    assert equilibrium.regrets == (0, 0)
    assert regrets(tree, equilibrium.strategies) == (0, 0)
    assert gambit_regret(tree, equilibrium) == 0
    again = lemke(tree, pivoting="float")
    assert regrets(tree, again.strategies) == (0, 0)


@SETTINGS
@given(st.integers(0, 10**9))
def test_random_zero_sum_value_equals_the_reduced_strategic_form_value(seed):
    rng = random.Random(seed)
    tree = perfect_recall_tree(rng, depth=rng.randint(2, 5), zero_sum=True)
    try:
        game = tree.reduced_strategic_form()
    except GameError:
        assume(False)
    solution = solve_zero_sum(tree)
    assert solution.value == game.zero_sum().value
    assert lemke(tree).payoffs[0] == solution.value


@SETTINGS
@given(st.integers(0, 10**9))
def test_random_float_trees(seed):
    rng = random.Random(seed)
    tree = perfect_recall_tree(rng, depth=rng.randint(2, 6), floats=True)
    equilibrium = lemke(tree)
    assert not equilibrium.exact and max(equilibrium.regrets) <= 1e-7
    assert max(regrets(tree, equilibrium.strategies)) <= 1e-7
    zero = perfect_recall_tree(rng, depth=rng.randint(2, 5), zero_sum=True)
    exact = solve_zero_sum(zero).value
    floating = solve_zero_sum(zero._map_values(lambda v, where: float(v)))
    assert floating.value == pytest.approx(float(exact), abs=1e-7)
