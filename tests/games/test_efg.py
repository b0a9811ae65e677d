"""Tests of the Gambit .efg reader and writer, with pygambit as the oracle.

Helpers here (Gambit's label normalisation, trees as pygambit games, the mapping from
Gambit's reduced strategies to ours) are shared by the other game-tree tests.
"""

import io
import os
import tempfile
import warnings
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError
from negotiation.games.efg import GambitCompatibilityWarning, format_efg, parse_efg
from negotiation.games.tree import GameTree, Outcome
from tests.conftest import GAMBIT_GAMES as GAMBIT
from tests.conftest import gambit_files
from tests.games.test_nfg import gambit_normalized

pygambit = pytest.importorskip("pygambit")

FILES = gambit_files(".efg")
IDS = [str(path.relative_to(GAMBIT)) for path in FILES]
#: The files Gambit 16.7 and 17 refuse for repeated node or information-set labels.
REPEATED_LABELS = {"4cards", "caro2", "e10", "e10a", "nim", "nim7", "coord2ts", "holdout"}
GAMBIT_READS = [p for p in FILES if p.stem not in REPEATED_LABELS]


# ------------------------------------------------------------------ helpers
def read(path):
    """Our tree of a collection file, without the compatibility warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GambitCompatibilityWarning)
        return GameTree.read(path)


def gambit_labels(tree):
    """A copy of ``tree`` with labels as Gambit 17 stores them (empty/repeated renamed)."""
    copy = tree.copy()
    copy._players = tuple(gambit_normalized(list(tree.players)))
    outcomes = tree.outcomes
    renamed = {
        id(o): Outcome(o.payoffs, label)
        for o, label in zip(outcomes, gambit_normalized([o.label for o in outcomes]))
    }
    copy._outcome = [None if o is None else renamed[id(o)] for o in tree._outcome]
    for infoset in copy.information_sets() + copy.information_sets(chance=True):
        infoset._actions = tuple(gambit_normalized(list(infoset.actions)))
    return copy


def gambit_game(tree):
    """``tree`` as a pygambit game (through an .efg file)."""
    handle, name = tempfile.mkstemp(suffix=".efg")
    try:
        with os.fdopen(handle, "w") as file:
            file.write(tree.to_efg())
        return pygambit.read_efg(name)
    finally:
        os.unlink(name)


def node_at(tree, gambit_history):
    """Our node index at a pygambit History (action labels as Gambit normalised them)."""
    k = 0
    for label in gambit_history.actions:
        actions = gambit_normalized(list(tree._infoset[k].actions))
        k = tree._first[k] + actions.index(label)
    return k


def gambit_strategy_plans(game, tree, player):
    """For each of pygambit's strategies of ``player``, our plan (action index per infoset)."""
    from negotiation.games.reduced_form import _Plans

    plans = _Plans(tree, player)
    position = {id(s): j for j, s in enumerate(plans.infosets)}
    label = list(game.players)[player]
    out = []
    for strategy in game.get_strategies(label):
        plan = [-1] * len(plans.infosets)
        for history, action in game.get_behavior(label, strategy).items():
            infoset = tree._infoset[node_at(tree, history)]
            plan[position[id(infoset)]] = gambit_normalized(list(infoset.actions)).index(action)
        out.append(tuple(plan))
    return plans, out


def gambit_pure_equilibria(game, tree):
    """pygambit's pure Nash equilibria, each as a tuple of our plans (one per player)."""
    mapping = [dict(enumerate(gambit_strategy_plans(game, tree, i)[1]))
               for i in range(tree.n_players)]
    out = set()
    # on the reduced strategic form (pygambit refuses trees without perfect recall)
    strategic = pygambit.read_nfg(io.StringIO(game.to_nfg()))
    for eq in pygambit.nash.enumpure_solve(strategic).equilibria:
        profile = []
        for i, player in enumerate(strategic.players):
            chosen = [k for k, (_, p) in enumerate(eq[player]) if p == 1]
            assert len(chosen) == 1
            profile.append(mapping[i][chosen[0]])
        out.add(tuple(profile))
    return out


def random_tree(rng, players=2, depth=3, labels=False, information=True, chance=True,
                payoffs=range(0, 3), nonterminal=True, floats=False):
    """A random small tree: decision, chance and terminal nodes, shared outcomes, ties.

    With ``information``, some decision nodes of one player with the same number of
    actions are merged into information sets; ``labels`` gives random labels.
    """
    names = [f"P{i + 1}" for i in range(players)]
    tree = GameTree(players=names, title=_text(rng) if labels else "")
    shared = []
    stack = [(tree.root, 0)]
    decision_nodes = []
    while stack:
        node, level = stack.pop()
        kind = rng.random()
        if level < depth and kind < 0.6:
            count = rng.randint(1, 3)
            actions = [_text(rng) if labels else f"a{j}" for j in range(count)]
            player = rng.randrange(players)
            node.decision(player, actions)
            decision_nodes.append((node, player, count))
        elif level < depth and kind < 0.75 and chance:
            count = rng.randint(1, 3)
            weights = [rng.randint(0, 3) for _ in range(count)]
            if not sum(weights):
                weights[0] = 1
            total = sum(weights)
            probabilities = [
                (_text(rng) if labels else f"c{j}",
                 w / total if floats else Fraction(w, total))
                for j, w in enumerate(weights)
            ]
            node.chance(probabilities)
        else:
            if shared and rng.random() < 0.3:
                node.terminal(rng.choice(shared))
            elif rng.random() < 0.1:
                pass  # a leaf without an outcome pays nothing
            else:
                values = [rng.choice(payoffs) for _ in range(players)]
                if floats:
                    values = [v + 0.5 for v in values]
                outcome = tree.outcome(values, _text(rng) if labels else "")
                node.terminal(outcome)
                shared.append(outcome)
            if labels and rng.random() < 0.3:
                node.label = _text(rng)
            continue
        if nonterminal and rng.random() < 0.2:
            node.set_outcome([rng.choice(payoffs) for _ in range(players)])
        stack.extend((child, level + 1) for child in reversed(node.children))
    if information:
        groups = {}
        for node, player, count in decision_nodes:
            groups.setdefault((player, count), []).append(node)
        for nodes in groups.values():
            if len(nodes) > 1 and rng.random() < 0.5:
                members = [n for n in nodes if rng.random() < 0.6]
                if len(members) > 1:
                    # actions must agree: relabel by re-reading is not possible, so only
                    # merge nodes whose labels already agree
                    first = members[0].actions
                    members = [n for n in members if n.actions == first]
                    if len(members) > 1:
                        tree.same_information_set(*members)
    return tree


def _text(rng):
    alphabet = 'ab "\\\n{},é'
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))


# ------------------------------------------------------------- collection
def test_the_game_files_are_there():
    assert len(FILES) == 174
    assert {p.stem for p in FILES} >= REPEATED_LABELS
    assert len(GAMBIT_READS) == 166


@pytest.mark.parametrize("path", GAMBIT_READS, ids=lambda p: str(p.relative_to(GAMBIT)))
def test_reads_like_pygambit(path):
    """Our tree equals pygambit's (read back from its own writer), labels normalised."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", GambitCompatibilityWarning)
        ours = GameTree.read(path)
    game = pygambit.read_efg(str(path))
    theirs = parse_efg(game.to_efg(), "pygambit")
    assert gambit_labels(ours) == theirs
    assert ours.title == game.title
    assert ours.comment == game.description


@pytest.mark.parametrize("path", GAMBIT_READS, ids=lambda p: str(p.relative_to(GAMBIT)))
def test_pygambit_reads_what_we_write(path):
    ours = read(path)
    original = pygambit.read_efg(str(path))
    again = gambit_game(ours)
    assert parse_efg(again.to_efg()) == parse_efg(original.to_efg())


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_round_trip_is_lossless(path):
    tree = read(path)
    text = tree.to_efg()
    again = parse_efg(text) if path.stem not in REPEATED_LABELS else read_text(text)
    assert again == tree
    assert again.to_efg() == text
    # non-terminal outcomes, shared outcomes and information sets survive
    assert [o.label for o in again.outcomes] == [o.label for o in tree.outcomes]
    assert len(again.information_sets()) == len(tree.information_sets())


def read_text(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GambitCompatibilityWarning)
        return parse_efg(text)


@pytest.mark.parametrize("stem", sorted(REPEATED_LABELS))
def test_files_with_repeated_labels_are_read_with_a_warning(stem):
    (path,) = [p for p in FILES if p.stem == stem]
    with pytest.raises(Exception, match="unique"):
        pygambit.read_efg(str(path))
    with pytest.warns(GambitCompatibilityWarning, match="Gambit 17 refuses") as record:
        tree = GameTree.read(path)
    message = str(record[0].message)
    assert str(path) in message and "line" in message
    assert len(tree) == sum(
        1 for line in path.read_text().splitlines() if line[:2] in ("c ", "p ", "t ")
    )


def test_the_warning_names_the_repeated_label_and_its_lines():
    text = (
        'EFG 2 R "" { "A" }\n""\n'
        'p "x" 1 1 "I" { "l" "r" } 0\n'
        't "x" 1 "" { 1 }\n'
        't "y" 2 "" { 2 }\n'
    )
    with pytest.warns(GambitCompatibilityWarning, match=r'"x" on lines 3, 4'):
        parse_efg(text, "t.efg")
    text = (
        'EFG 2 R "" { "A" }\n""\n'
        'p "" 1 1 "I" { "l" "r" } 0\n'
        'p "" 1 2 "I" { "u" } 0\n'
        't "" 1 "" { 1 }\n'
        't "" 2 "" { 2 }\n'
    )
    with pytest.warns(GambitCompatibilityWarning, match=r'"I" of player 1 on lines 3, 4'):
        parse_efg(text, "t.efg")


def test_no_warning_for_repeated_empty_labels():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would fail the test
        tree = parse_efg('EFG 2 R "" { "A" }\np "" 1 1 "" { "l" "r" } 0\nt "" 0\nt "" 0\n')
    assert tree.root.actions == ("l", "r")


# ------------------------------------------------------------------ format
def test_reads_the_example_of_the_manual():
    text = (
        'EFG 2 R "General Bayes game, one stage" { "Player 1" "Player 2" }\n'
        '"A comment"\n\n'
        'c "ROOT" 1 "(0,1)" { "1G" 0.500000 "1B" 0.500000 } 0\n'
        'c "" 2 "(0,2)" { "2g" 0.500000 "2b" 0.500000 } 0\n'
        'p "" 1 1 "(1,1)" { "H" "L" } 0\n'
        'p "" 2 1 "(2,1)" { "h" "l" } 0\n'
        't "" 1 "Outcome 1" { 10.000000 2.000000 }\n'
        't "" 2 "Outcome 2" { 0.000000 10.000000 }\n'
        'p "" 2 1 "(2,1)" { "h" "l" } 0\n'
        't "" 3 "Outcome 3" { 2.000000 4.000000 }\n'
        't "" 4 "Outcome 4" { 4.000000 0.000000 }\n'
        'p "" 1 1 "(1,1)" { "H" "L" } 0\n'
        'p "" 2 2 "(2,2)" { "h" "l" } 0\n'
        't "" 1\n'
        't "" 2\n'
        'p "" 2 2 "(2,2)" { "h" "l" } 0\n'
        't "" 3\n'
        't "" 4\n'
        'c "" 3 "(0,3)" { "2g" 0.500000 "2b" 0.500000 } 0\n'
        'p "" 1 2 "(1,2)" { "H" "L" } 0\n'
        'p "" 2 1 0\n'
        't "" 1\n'
        't "" 2\n'
        'p "" 2 1 0\n'
        't "" 3\n'
        't "" 4\n'
        'p "" 1 2 "(1,2)" { "H" "L" } 0\n'
        'p "" 2 2 "(2,2)" { "h" "l" } 0\n'
        't "" 1\n'
        't "" 2\n'
        'p "" 2 2 "(2,2)" { "h" "l" } 0\n'
        't "" 3\n'
        't "" 4\n'
    )
    tree = parse_efg(text)
    assert tree.players == ("Player 1", "Player 2")
    assert tree.comment == "A comment"
    assert tree.root.label == "ROOT"
    assert tree.root.information_set.probabilities == {"1G": Fraction(1, 2), "1B": Fraction(1, 2)}
    assert len(tree) == 31
    assert [len(s) for s in tree.information_sets("Player 1")] == [2, 2]
    assert [len(s) for s in tree.information_sets("Player 2")] == [4, 4]
    assert len(tree.outcomes) == 4
    leaf = tree.root["1B"]["2b"]["L"]["l"]
    assert leaf.history == ("1B", "2b", "L", "l")
    assert leaf.outcome.label == "Outcome 4"
    assert leaf.outcome.payoffs == (4, 0)
    assert all(type(u) is Fraction for u in leaf.outcome.payoffs)
    assert tree.root["1G"].information_set is not tree.root["1B"].information_set
    # pygambit agrees (via a file)
    assert gambit_labels(tree) == parse_efg(gambit_game(tree).to_efg())


def test_non_terminal_outcomes_and_leaves_without_outcomes():
    text = (
        'EFG 2 R "" { "A" "B" }\n""\n'
        'p "" 1 1 "" { "l" "r" } 1 "entry" { 1, -1 }\n'
        't "" 0\n'
        'p "" 2 1 "" { "x" } 2 "toll" { -1/2, 1/2 }\n'
        't "" 1\n'
    )
    tree = parse_efg(text)
    assert tree.root.outcome.payoffs == (1, -1)
    assert tree.root["l"].outcome is None
    assert tree.root["r"]["x"].outcome is tree.root.outcome
    assert tree.root["r"].outcome.payoffs == (Fraction(-1, 2), Fraction(1, 2))
    assert parse_efg(format_efg(tree)) == tree


def test_payoff_commas_are_optional_and_numbers_exact():
    tree = parse_efg('EFG 2 D "" { "A" "B" }\nt "" 1 "o" { .5 -3/4 }\n')
    assert tree.root.outcome.payoffs == (Fraction(1, 2), Fraction(-3, 4))
    tree = parse_efg('EFG 2 R "" { "A" "B" }\nt "" 1 "o" { 1.5e0, 2 }\n')
    assert tree.root.outcome.payoffs == (Fraction(3, 2), 2)
    assert type(tree.root.outcome.payoffs[0]) is Fraction  # exponent notation is exact
    assert tree.exact


def test_float_values_are_read_back_as_the_rationals_of_their_decimals():
    tree = GameTree(players=("A",))
    root = tree.root.chance({"h": 0.1, "t": 0.9})
    root["h"].terminal((1 / 3,))
    root["t"].terminal((Fraction(1, 3),))
    text = tree.to_efg()
    assert '"h" 0.1 "t" 0.9' in text.split("\n")[3]
    again = parse_efg(text)
    assert again.exact
    assert again.root["h"].outcome.payoffs[0] == Fraction(repr(1 / 3))
    assert again.root["t"].outcome.payoffs[0] == Fraction(1, 3)
    assert gambit_game(tree).get_action_probs(pygambit.H.path())["h"] == Fraction(1, 10)


def test_the_writer_numbers_information_sets_per_player_and_outcomes_by_first_use():
    tree = GameTree(players=("A", "B"), title='a "title"', comment="line 1\nline 2")
    root = tree.root.decision("B", ["l", "r"])
    win = tree.outcome((1, 0), "win")
    for side in ("l", "r"):
        node = root[side].decision("A", ["u", "d"], information_set="I")
        node["u"].terminal(win)
        node["d"].terminal((0, 1), "loss " + side)
    text = tree.to_efg()
    lines = text.splitlines()
    assert lines[0] == 'EFG 2 R "a \\"title\\"" { "A" "B" }'
    assert lines[1] == '"line 1'
    assert lines[4] == 'p "" 2 1 "" { "l" "r" } 0'
    assert lines[5] == 'p "" 1 1 "I" { "u" "d" } 0'
    assert lines[6] == 't "" 1 "win" { 1, 0 }'
    assert lines[7] == 't "" 2 "loss l" { 0, 1 }'
    assert lines[9] == 't "" 1 "win" { 1, 0 }'
    assert lines[10] == 't "" 3 "loss r" { 0, 1 }'
    assert parse_efg(text) == tree
    game = gambit_game(tree)
    assert game.title == 'a "title"' and game.description == "line 1\nline 2"
    assert len(game.get_infosets("A")) == 1


def test_symbolic_trees_cannot_be_written():
    sympy = pytest.importorskip("sympy")
    tree = GameTree(players=("A",))
    tree.root.terminal((sympy.Symbol("p"),))
    with pytest.raises(GameError, match="substitute"):
        tree.to_efg()
    assert parse_efg(tree.substitute({"p": 2}).to_efg()).root.outcome.payoffs == (2,)


# ------------------------------------------------------------------ errors
BAD = [
    ("", 1, "the file is empty"),
    ('NFG 1 R "" { "A" }', 1, "expected the header 'EFG 2 R'"),
    ('EFG 3 R "" { "A" }', 1, "unknown EFG version 3"),
    ('EFG 2 Q "" { "A" }', 1, "unknown number type"),
    ('EFG 2 R "" { }\nt "" 0', 1, "the list of players is empty"),
    ('EFG 2 R "" { "A" }\n""\nx "" 0', 3, "expected a node ('c', 'p' or 't')"),
    ('EFG 2 R "" { "A" }\n\np "" 1 1 "" { "a" "b" } 0\nt "" 0\n', 5,
     "the file ends before the tree is complete: the move on line 3"),
    ('EFG 2 R "" { "A" }\nt "" 0\nt "" 0\n', 3, "after the last node"),
    ('EFG 2 R "" { "A" }\np "" 2 1 "" { "a" } 0\nt "" 0', 2, "player number 2 is out of range"),
    ('EFG 2 R "" { "A" }\np "" 0 1 "" { "a" } 0\nt "" 0', 2, "player number 0 is out of range"),
    ('EFG 2 R "" { "A" }\np "" 1 1 0\nt "" 0', 2,
     "information set 1 of player 1 is used before it is defined"),
    ('EFG 2 R "" { "A" }\np "" 1 1 "" { } 0\n', 2, "the list of actions is empty"),
    ('EFG 2 R "" { "A" }\n\np "" 1 1 "" { "a" "b" } 0\np "" 1 1 "" { "a" "c" } 0\n'
     't "" 0\nt "" 0\nt "" 0\n', 4,
     "information set 1 of player 1 has actions (a, c) here but (a, b) on line 3"),
    ('EFG 2 R "" { "A" }\n\np "" 1 1 "" { "a" "b" } 0\np "" 1 1 "X" { "a" "b" } 0\n'
     't "" 0\nt "" 0\nt "" 0\n', 4, 'labelled "X" here but "" on line 3'),
    ('EFG 2 R "" { "A" }\nc "" 1 "" { "a" 1/2 "b" 1/3 } 0\nt "" 0\nt "" 0\n', 2,
     "the chance probabilities of chance event 1 sum to 5/6, not 1"),
    ('EFG 2 R "" { "A" }\nc "" 1 "" { "a" 3/2 "b" -1/2 } 0\nt "" 0\nt "" 0\n', 2,
     "include -1/2, which is negative"),
    ('EFG 2 R "" { "A" }\n\nc "" 1 "" { "a" 1/2 "b" 1/2 } 0\nc "" 1 "" { "a" 1/3 "b" 2/3 } 0\n'
     't "" 0\nt "" 0\nt "" 0\n', 4, "chance event 1 has probabilities (1/3, 2/3) here but "
     "(1/2, 1/2) on line 3"),
    ('EFG 2 R "" { "A" }\nc "" 1 "" { "a" x } 0\nt "" 0\n', 2, "bad probability 'x'"),
    ('EFG 2 R "" { "A" }\nc "" 1 "" { "a" } 0\nt "" 0\n', 2, "expected the probability of action"),
    ('EFG 2 R "" { "A" "B" }\nt "" 1 "o" { 1 }\n', 2, "outcome 1 (\"o\") has 1 payoff but the "
     "game has 2 players"),
    ('EFG 2 R "" { "A" }\nt "" 0 "o" { 1 }\n', 2, "outcome 0 means no outcome"),
    ('EFG 2 R "" { "A" }\nt "" 3\n', 2, "outcome 3 is used before it is defined"),
    ('EFG 2 R "" { "A" }\nt ""\n', 3, "expected the outcome number (0 for none) but found the end"),
    ('EFG 2 R "" { "A" }\n\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1 }\nt "" 1 "o" { 2 }\n', 5,
     'outcome 1 is defined here as "o" { 2 } but on line 4 as "o" { 1 }'),
    ('EFG 2 R "" { "A" }\nt "" 1 "o" { 1/0 }\n', 2, "bad payoff '1/0'"),
    ('EFG 2 R "" { "A" }\nt "" 1.5\n', 2, "bad outcome number (0 for none) '1.5'"),
    ('EFG 2 R "" { "A" }\nt "unterminated 0\n', 2, "unterminated string"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD, ids=[b[2][:40] for b in BAD])
def test_malformed_files_name_the_line(text, line, message):
    with pytest.raises(GameError) as error:
        parse_efg(text, "bad.efg")
    assert str(error.value).startswith(f"bad.efg, line {line}: ")
    assert message in str(error.value)
    assert str(error.value).count(". ") == 0  # one sentence


def test_same_outcome_spelled_differently_is_accepted():
    tree = parse_efg(
        'EFG 2 R "" { "A" }\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1 }\nt "" 1 "o" { 1.0 }\n'
    )
    assert tree.root["a"].outcome is tree.root["b"].outcome


def test_reading_a_missing_or_binary_file(tmp_path):
    with pytest.raises(GameError, match="cannot read"):
        GameTree.read(tmp_path / "missing.efg")
    path = tmp_path / "binary.efg"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(GameError, match="UTF-8"):
        GameTree.read(path)
    with pytest.raises(GameError, match="not bytes"):
        parse_efg(b"EFG 2 R")


def test_write_and_read_a_file(tmp_path):
    tree = read(GAMBIT / "doc" / "poker.efg")
    tree.write(tmp_path / "poker.efg")
    assert GameTree.read(tmp_path / "poker.efg") == tree


# -------------------------------------------------------------- hypothesis
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.booleans())
def test_random_trees_round_trip(rng, floats):
    tree = random_tree(rng, players=rng.randint(1, 3), labels=True, floats=floats)
    again = read_text(tree.to_efg())
    if floats:  # floats come back as the rationals their decimals denote, as in Gambit
        assert again.exact and read_text(again.to_efg()) == again
    else:
        assert again == tree
        assert again.to_efg() == tree.to_efg()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_pygambit_reads_random_trees_as_we_do(rng):
    tree = random_tree(rng, players=rng.randint(1, 3))
    assert parse_efg(gambit_game(tree).to_efg()) == gambit_labels(tree)
