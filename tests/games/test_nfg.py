"""Tests of the Gambit .nfg reader and writer, with pygambit as the oracle."""

import io
import itertools
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError
from negotiation.games.nfg import format_nfg, parse_nfg
from tests.conftest import GAMBIT_GAMES as GAMBIT
from tests.conftest import gambit_files

pygambit = pytest.importorskip("pygambit")

FILES = gambit_files(".nfg")
IDS = [str(path.relative_to(GAMBIT)) for path in FILES]


def read(path):
    return parse_nfg(path.read_text(), path.name)


def gambit_normalized(labels):
    """Labels as Gambit 17 stores them: empty and repeated ones get a suffix."""
    counts = Counter(labels)
    used = set(labels)
    visited = Counter()
    out = []
    for label in labels:
        if counts[label] == 1 and label != "":
            out.append(label)
            continue
        while True:
            visited[label] += 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


def gambit_payoffs(game):
    """pygambit's payoffs as one exact Fraction array of shape (n, m_1, ..., m_n)."""
    arrays = game.to_arrays()
    return np.stack([np.vectorize(Fraction, otypes=[object])(a) for a in arrays])


def assert_same_payoffs(ours, theirs):
    assert ours.shape == theirs.shape
    for index in np.ndindex(ours.shape):
        assert ours[index] == theirs[index], index
        assert isinstance(ours[index], Fraction), index


def assert_same_game(game, again):
    for key in ("title", "comment", "players", "actions"):
        assert again[key] == game[key], key
    assert again["payoffs"].shape == game["payoffs"].shape
    for index in np.ndindex(game["payoffs"].shape):
        ours, theirs = game["payoffs"][index], again["payoffs"][index]
        if isinstance(ours, float):  # read back as the rational its decimal denotes
            ours = Fraction(repr(ours))
        assert type(theirs) is Fraction, index
        assert theirs == ours, index


def test_the_game_files_are_there():
    assert len(FILES) == 60


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_reads_like_pygambit(path):
    game = read(path)
    oracle = pygambit.read_nfg(str(path))
    assert game["title"] == oracle.title
    assert game["comment"] == oracle.description
    assert gambit_normalized(game["players"]) == list(oracle.players)
    assert [gambit_normalized(labels) for labels in game["actions"]] == [
        oracle.get_strategies(player) for player in oracle.players
    ]
    assert_same_payoffs(game["payoffs"], gambit_payoffs(oracle))


@pytest.mark.parametrize("outcomes", [False, True], ids=["payoff", "outcome"])
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_round_trip_of_game_files(path, outcomes):
    game = read(path)
    text = format_nfg(
        game["title"],
        game["players"],
        game["actions"],
        game["payoffs"],
        comment=game["comment"],
        outcomes=outcomes,
    )
    again = parse_nfg(text, "written.nfg")
    assert_same_game(game, again)
    assert ("outcomes" in again) is outcomes


@pytest.mark.parametrize("outcomes", [False, True], ids=["payoff", "outcome"])
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_pygambit_reads_what_we_write(path, outcomes):
    game = read(path)
    text = format_nfg(
        game["title"],
        game["players"],
        game["actions"],
        game["payoffs"],
        comment=game["comment"],
        outcomes=outcomes,
    )
    oracle = pygambit.read_nfg(io.StringIO(text))
    assert oracle.title == game["title"]
    assert oracle.description == game["comment"]
    assert list(oracle.players) == gambit_normalized(game["players"])
    assert_same_payoffs(game["payoffs"], gambit_payoffs(oracle))


def test_payoff_order_first_player_fastest():
    text = 'NFG 1 R "t" { "A" "B" } { 3 2 }\n1 1 0 2 0 2 1 1 0 3 2 0\n'
    game = parse_nfg(text)
    assert game["actions"] == [["1", "2", "3"], ["1", "2"]]
    a, b = game["payoffs"]
    assert a.tolist() == [[1, 1], [0, 0], [0, 2]]
    assert b.tolist() == [[1, 1], [2, 3], [2, 0]]


def test_outcome_version():
    text = (
        'NFG 1 R "t" { "A" "B" }\n{ { "u" "d" } { "l" } }\n"c"\n'
        '{ { "first" 1, 2 } { "second" 3/4 -5 } }\n2 0\n'
    )
    game = parse_nfg(text)
    assert game["comment"] == "c"
    assert game["outcomes"] == [
        ("first", (Fraction(1), Fraction(2))),
        ("second", (Fraction(3, 4), Fraction(-5))),
    ]
    assert game["payoffs"].tolist() == [[[Fraction(3, 4)], [0]], [[-5], [0]]]


def test_numbers():
    text = 'NFG 1 D "t" { "A" } { 7 }\n3 -2 0.25 -.5 5. 7/14 -1.5e-3\n'
    payoffs = parse_nfg(text)["payoffs"][0].tolist()
    assert payoffs[:6] == [3, -2, Fraction(1, 4), Fraction(-1, 2), 5, Fraction(1, 2)]
    assert all(type(x) is Fraction for x in payoffs)  # exponent notation too, as in Gambit
    assert payoffs[6] == Fraction(-3, 2000)


def test_labels_with_quotes_and_backslashes():
    game = parse_nfg(r'NFG 1 R "say \"hi\"" { "a\b" "c\\" } { 1 1 } "x\\\"y" 1 2')
    assert game["title"] == 'say "hi"'
    assert game["players"] == ["a\\b", "c\\"]
    assert game["comment"] == 'x\\"y'


def test_free_layout_and_crlf():
    text = 'NFG 1 R "t"{"A""B"}{{"x""y"}{"z"}}\r\n1 2\r\n3 4\r\n'
    game = parse_nfg(text)
    assert game["actions"] == [["x", "y"], ["z"]]
    assert game["payoffs"][:, 1, 0].tolist() == [3, 4]


labels = st.text(alphabet=st.sampled_from(list('ab Z"\\\n\t{},1.-é')), min_size=0, max_size=6)
exact = st.fractions(max_denominator=50) | st.integers(-(10**30), 10**30).map(Fraction)


@st.composite
def games(draw, payoff=exact, label=labels):
    n = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(n))
    players = [draw(label) for _ in range(n)]
    actions = [[draw(label) for _ in range(m)] for m in shape]
    payoffs = np.empty((n, *shape), dtype=object)
    for index in np.ndindex(payoffs.shape):
        payoffs[index] = draw(payoff)
    return {
        "title": draw(label),
        "comment": draw(label),
        "players": players,
        "actions": actions,
        "payoffs": payoffs,
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=games(payoff=exact | st.floats(allow_nan=False, allow_infinity=False)))
def test_round_trip_of_random_games(game):
    for outcomes in (False, True):
        text = format_nfg(
            game["title"],
            game["players"],
            game["actions"],
            game["payoffs"],
            comment=game["comment"],
            outcomes=outcomes,
        )
        assert_same_game(game, parse_nfg(text))


# Gambit 17 rejects labels with control characters, edge or doubled whitespace.
plain = st.lists(st.text("abcXYZ12_'", min_size=1, max_size=4), min_size=1, max_size=2).map(
    " ".join
)


@settings(max_examples=40, deadline=None)
@given(game=games(label=plain))
def test_pygambit_reads_random_outcome_files(game):
    text = format_nfg(
        game["title"],
        game["players"],
        game["actions"],
        game["payoffs"],
        comment=game["comment"],
        outcomes=True,
    )
    oracle = pygambit.read_nfg(io.StringIO(text))
    assert_same_payoffs(game["payoffs"], gambit_payoffs(oracle))


@settings(max_examples=300, deadline=None)
@given(
    cut=st.integers(0, 400),
    insert=st.text(alphabet='{}",\\ 1-./eX\n', max_size=3),
)
def test_damaged_files_raise_only_game_error(cut, insert):
    text = (GAMBIT / "contrib" / "games" / "perfect3.nfg").read_text()
    cut = min(cut, len(text))
    damaged = text[:cut] + insert + text[cut + len(insert) // 2 :]
    try:
        parse_nfg(damaged, "damaged.nfg")
    except GameError as error:
        assert str(error).startswith("damaged.nfg, line ")


HEAD = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'
LABELS = 'NFG 1 R "t" { "A" "B" }\n{ { "u" "d" }\n{ "l" "r" } }\n'

MALFORMED = {
    "empty file": ("", 1, "the file is empty"),
    "missing header": ('"t" { "A" } { 1 }\n1', 1, "expected the header 'NFG 1 R'"),
    "wrong magic": ('EFG 1 R "t" { "A" } { 1 }\n1', 1, "expected the header"),
    "unknown version": ('NFG 2 R "t" { "A" } { 1 }\n1', 1, "unknown NFG version 2"),
    "unknown number type": (
        'NFG 1\nX "t" { "A" } { 1 }\n1',
        2,
        "unknown number type 'X'",
    ),
    "missing title": ("NFG 1 R { } { }\n", 1, "expected the game title"),
    "unterminated string": (
        'NFG 1 R "t" { "A" } { 1 }\n"open\n1',
        2,
        "unterminated string",
    ),
    "no players": ('NFG 1 R "t"\n{ }\n{ }\n', 2, "the list of players is empty"),
    "unquoted player": ('NFG 1 R "t" { "A"\nB } { 1 1 }\n1 1', 2, "quoted player name"),
    "empty action set": (
        LABELS.replace('"l" "r"', ""),
        3,
        "player 'B' has an empty action set",
    ),
    "zero count": ('NFG 1 R "t" { "A" "B" }\n{ 2 0 }\n1 1', 2, "empty action set"),
    "bad count": (
        'NFG 1 R "t" { "A" "B" }\n{ 2.5 2 }\n1 1',
        2,
        "bad strategy count '2.5'",
    ),
    "too few counts": ('NFG 1 R "t" { "A" "B" }\n{ 2 }\n1 1', 2, "2 strategy counts"),
    "too many counts": ('NFG 1 R "t" { "A" "B" }\n{ 2 2 2 }\n1 1', 2, "but found more"),
    "too few lists": (
        'NFG 1 R "t" { "A" "B" }\n{ { "x" }\n}\n1 1',
        3,
        "2 strategy lists",
    ),
    "unclosed strategy lists": (
        LABELS.replace("} }", "}") + "1 1 1 1 1 1 1 1\n",
        4,
        "expected '}' closing the strategy lists opened on line 2",
    ),
    "unclosed label list": (
        'NFG 1 R "t" { "A" }\n{ { "x"\n1 } }\n1',
        3,
        "a quoted strategy label or '}'",
    ),
    "too few payoffs": (
        'NFG 1 R "t" { "A" "B" "C" } { 2 2 1 }\n' + "1 " * 11 + "\n\n",
        2,
        "expected 12 payoffs (3 players x 4 profiles) but found 11",
    ),
    "too few counts for players": (
        'NFG 1 R "t" { "A" "B" "C" } { 2 2 }\n1',
        1,
        "expected 3 strategy counts",
    ),
    "no payoffs": (HEAD, 2, "expected 8 payoffs (2 players x 4 profiles) but found 0"),
    "too many payoffs": (
        HEAD + "1 1 1 1\n1 1 1 1\n9",
        4,
        "expected 8 payoffs (2 players x 4",
    ),
    "bad number": (HEAD + "1 1 1 1\n1 1/0 1 1", 3, "bad number '1/0'"),
    "bad decimal": (HEAD + "1 1.2.3 1 1 1 1 1 1", 2, "bad number '1.2.3'"),
    "plus sign": (HEAD + "1 +1 1 1 1 1 1 1", 2, "bad number '+1'"),
    "lone minus": (HEAD + "1 - 1 1 1 1 1 1", 2, "bad number '-'"),
    "huge exponent": (HEAD + "1 1e9999 1 1 1 1 1 1", 2, "'1e9999' has an exponent beyond"),
    "too many digits": (HEAD + "1 " + "9" * 4001 + " 1 1 1 1 1 1", 2, "has 4001 digits"),
    "comma in payoff list": (
        HEAD + "1, 1 1 1 1 1 1 1",
        2,
        "expected a payoff but found ','",
    ),
    "trailing garbage": (
        HEAD + "1 1 1 1 1 1 1 1\nend",
        3,
        "unexpected 'end' after the last",
    ),
    "trailing brace": (
        HEAD + "1 1 1 1 1 1 1 1\n}",
        3,
        "unexpected '}' after the last payoff",
    ),
    "second comment": (HEAD.replace("}\n", '} "c"\n"d"\n'), 2, "expected the payoffs"),
    "outcome index out of range": (
        HEAD + '{ { "x" 1 2 }\n{ "y" 3 4 } }\n1 2\n3 0',
        5,
        "outcome index 3 is out of range; the file defines 2 outcomes",
    ),
    "negative outcome index": (
        HEAD + '{ { "x" 1 2 } }\n1 -1 0 0',
        3,
        "bad outcome index '-1'",
    ),
    "fractional outcome index": (
        HEAD + '{ { "x" 1 2 } }\n1 1.5 0 0',
        3,
        "bad outcome index",
    ),
    "too few outcome indices": (
        HEAD + '{ { "x" 1 2 } }\n1 1\n0',
        4,
        "expected 4 outcome indices (one per profile) but found 3",
    ),
    "too many outcome indices": (
        HEAD + '{ { "x" 1 2 } }\n1 1 1 1\n1 0',
        4,
        "expected 4 outcome indices (one per profile) but found 6",
    ),
    "garbage after outcome indices": (
        HEAD + '{ { "x" 1 2 } }\n1 1 1 1\n{',
        4,
        "unexpected '{' after the last outcome index",
    ),
    "outcome with too few payoffs": (
        HEAD + '{\n{ "x" 1 2 }\n{ "y" 3 } }\n1 1 1 1',
        4,
        'outcome 2 ("y") has 1 payoff but the game has 2 players',
    ),
    "outcome without name": (
        HEAD + "{\n{ 1 2 } }\n1 1 1 1",
        3,
        "the name of outcome 1",
    ),
    "unclosed outcome": (
        HEAD + '{ { "x" 1 2 }\n{ "y" 3 4\n1 1 1 1',
        4,
        "a payoff or '}' closing outcome 2",
    ),
    "unclosed outcome list": (
        HEAD + '{\n{ "x" 1 2 }\n1 1 1 1',
        4,
        "'}' closing the outcome list opened on line 2",
    ),
    "bad outcome payoff": (HEAD + '{ { "x" 1\nabc } }\n1 1 1 1', 3, "bad number 'abc'"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed(case):
    text, line, fragment = MALFORMED[case]
    with pytest.raises(GameError) as caught:
        parse_nfg(text, "bad.nfg")
    message = str(caught.value)
    assert message.startswith(f"bad.nfg, line {line}: "), message
    assert fragment in message, message


def test_writer_rejects_bad_games():
    good = np.zeros((1, 2), dtype=object)
    with pytest.raises(GameError, match="empty action set"):
        format_nfg("t", ["A"], [[]], np.zeros((1, 0)))
    with pytest.raises(GameError, match="shape"):
        format_nfg("t", ["A"], [["x", "y", "z"]], good)
    with pytest.raises(GameError, match="not a number"):
        format_nfg("t", ["A"], [["x", "y"]], np.array([["1", 2]], dtype=object))
    with pytest.raises(GameError, match="cannot hold"):
        format_nfg("t", ["A"], [["x", "y"]], np.array([[float("inf"), 0]], dtype=object))
    with pytest.raises(GameError, match="not a string"):
        format_nfg("t", [1], [["x", "y"]], good)


def test_writer_numbers():
    payoffs = np.array([[Fraction(-3, 4), 2, 0.1, np.int64(7)]], dtype=object)
    text = format_nfg("t", ["A"], [list("abcd")], payoffs)
    assert text.rstrip().splitlines()[-4:] == ["-3/4", "2", "0.1", "7"]
    values = parse_nfg(text)["payoffs"][0].tolist()
    assert values == [Fraction(-3, 4), 2, Fraction(1, 10), 7]
    assert all(type(v) is Fraction for v in values)


def test_every_profile_is_written_once():
    game = read(GAMBIT / "contrib" / "games" / "5x4x3.nfg")
    text = format_nfg(game["title"], game["players"], game["actions"], game["payoffs"])
    body = " ".join(text.splitlines()[-60:]).split()
    assert len(body) == 3 * 5 * 4 * 3
    profiles = list(itertools.product(range(3), range(4), range(5)))
    for row, (c, b, a) in enumerate(profiles):
        for p in range(3):
            assert Fraction(body[3 * row + p]) == game["payoffs"][p, a, b, c]
