r"""Reading and writing Gambit strategic-form game files (``.nfg``).

The format is the one documented in the Gambit manual, section "Game
representation formats" (https://gambitproject.readthedocs.io/en/latest/formats.html),
in its two versions.  Both open with the same prologue::

    NFG 1 R "Title" { "Player 1" "Player 2" }
    { { "Up" "Down" } { "Left" "Right" } }
    "An optional comment"

``NFG`` names the format, ``1`` is its version and ``R`` (or the obsolete ``D``)
the number type; then come the title, the player names and the strategies, either
as one list of labels per player or as a list of strategy counts such as
``{ 2 2 }``, in which case the strategies are labelled ``"1"``, ``"2"``, ... as
Gambit labels them.  The *payoff version* continues with a flat list of numbers:
for each pure-strategy profile, the payoffs of all players in player order, the
profiles enumerated with the **first** player's strategy changing fastest::

    1 1   0 2   0 2   1 1

The *outcome version* continues instead with a list of named outcomes, each
giving one payoff per player (optionally separated by commas), then one outcome
index per profile in the same order, 0 being the null outcome that pays every
player zero::

    { { "Agree" 1, 1 } { "Clash" 0, 2 } }
    1 2 2 1

Whitespace is not significant outside quotes.  Labels are in double quotes; a
``"`` inside a label is written ``\"``.  Numbers are integers (``-3``), decimals
(``0.25``, ``.5``, ``5.``) or rationals (``3/4``); Gambit reads all of them as
exact rationals and so does this module (as :class:`fractions.Fraction`).
Gambit also accepts exponent notation (``1.5e-3``) and reads it exactly as well,
and so does this module: ``0e0`` is the rational 0 and ``1e-400`` is
:math:`10^{-400}`, not a float.  A number has at most 4,000 digits and an exponent
of at most 4,000 (:data:`negotiation._numbers.MAX_DIGITS`, ``MAX_EXPONENT``), and a
file at most :data:`MAX_BYTES` bytes, so reading is fast whatever the file.

Choices where the format leaves room:

* A backslash is an escape only before ``"`` or another backslash (``\\`` is one
  backslash); before any other character it is literal, as in Gambit.  The writer
  escapes a backslash only where it must (before ``"``, before another backslash
  or at the end of a label), so labels whose backslashes are isolated are written
  exactly as Gambit writes them.  Gambit itself cannot read back a label with two
  adjacent backslashes, or ending in one.
* The reader keeps labels as written.  Gambit 17 renames empty and repeated
  labels when it builds a game (``""`` becomes ``"_1"``, two ``"x"`` become
  ``"x_1"`` and ``"x_2"``); that is a property of its game objects, not of the
  file.  Gambit 17 also refuses to read labels with control characters (a
  newline, a tab), leading or trailing whitespace or two whitespace characters
  in a row; this module reads and writes any string.
* The reader is stricter than Gambit where Gambit guesses: a lone ``-`` or ``.``
  is not read as 0, numbers run together (``1-3``, ``0.5.25``) are not split in
  two, and a strategy count or an outcome index must be a whole number (Gambit
  truncates ``2.7`` to 2).  As in Gambit, a leading ``+`` is an error, commas are
  allowed only between the payoffs of an outcome, and the outcome version must
  give exactly one index per profile.
"""

import math
import re
from decimal import Decimal
from fractions import Fraction
from numbers import Integral

import numpy as np

from .._numbers import MAX_DIGITS, NumberTooLarge, int_text, text_fraction
from ..errors import GameError

__all__ = ["format_nfg", "parse_nfg"]

_WHITESPACE = " \t\n\r\v\f"

#: One token at a time: whitespace, a newline, punctuation, a quote or a word.
_TOKEN = re.compile(r'[ \t\r\v\f]+|\n|[{},"]|[^ \t\n\r\v\f{},"]+')

#: A complete quoted string; a backslash always takes the next character with it.
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_UNESCAPE = re.compile(r'\\(["\\])')

_INTEGER = re.compile(r"(-?)(\d+)", re.ASCII)
_DECIMAL = re.compile(r"(-?)(\d*)\.(\d*)", re.ASCII)
_RATIONAL = re.compile(r"(-?)(\d+)/(\d+)", re.ASCII)
_EXPONENT = re.compile(r"-?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+", re.ASCII)

#: Largest game file read, in bytes.
MAX_BYTES = 20_000_000
#: Most players of a game read from a file (numpy arrays have at most 64 dimensions).
MAX_PLAYERS = 32


_EOF = "eof"
_WORD = "word"
_TEXT = "string"


def _short(text):
    """``text`` cut to at most 30 characters for an error message."""
    return text if len(text) <= 30 else text[:27] + "..."


class _Token:
    """A token: its kind (``word``, ``string``, ``{``, ``}``, ``,`` or ``eof``)."""

    __slots__ = ("kind", "line", "text")

    def __init__(self, kind, text, line):
        self.kind = kind
        self.text = text
        self.line = line

    def describe(self):
        """Name the token for an error message."""
        if self.kind == _EOF:
            return "the end of the file"
        shown = _short(self.text)
        if self.kind == _TEXT:
            return f"the string {_quote(shown)}"
        return repr(shown)


class _Reader:
    """The tokens of one file, read front to back, with error reporting."""

    def __init__(self, text, source):
        self.source = source
        self.tokens = _tokenize(text, source)
        self.position = 0

    def peek(self):
        return self.tokens[self.position]

    def next(self):
        token = self.tokens[self.position]
        if token.kind != _EOF:
            self.position += 1
        return token

    def fail(self, line, message):
        raise GameError(f"{self.source}, line {line}: {message}")

    def unexpected(self, token, wanted):
        self.fail(token.line, f"expected {wanted} but found {token.describe()}")

    def expect(self, kind, wanted):
        token = self.next()
        if token.kind != kind:
            self.unexpected(token, wanted)
        return token


def _tokenize(text, source):
    """Split ``text`` into tokens, each tagged with the line it starts on."""
    return list(_iter_tokens(text, source))


def _iter_tokens(text, source):
    """Yield the tokens of ``text`` one at a time, ending with an ``eof`` token.

    The .efg reader shares this tokenizer: both formats have the same lexical
    structure (words, quoted labels, braces and commas).
    """
    line = 1
    position = 0
    end = len(text)
    while position < end:
        match = _TOKEN.match(text, position)
        lexeme = match.group()
        if lexeme == "\n":
            line += 1
        elif lexeme == '"':
            string = _STRING.match(text, position)
            if string is None:
                raise GameError(
                    f"{source}, line {line}: unterminated string (the quote opened "
                    "here is never closed)"
                )
            body = string.group(1)
            yield _Token(_TEXT, _UNESCAPE.sub(r"\1", body), line)
            line += body.count("\n")
            match = string
        elif lexeme in "{},":
            yield _Token(lexeme, lexeme, line)
        elif lexeme[0] not in _WHITESPACE:
            yield _Token(_WORD, lexeme, line)
        position = match.end()
    yield _Token(_EOF, "", line)


def _number(word):
    """The payoff a word denotes, an exact Fraction (integers, decimals, ``p/q`` and
    exponent notation), or None; NumberTooLarge beyond the bounds on digits and exponent."""
    decimal = _DECIMAL.fullmatch(word)
    if _INTEGER.fullmatch(word) or _RATIONAL.fullmatch(word) or _EXPONENT.fullmatch(word) or (
            decimal and (decimal.group(2) or decimal.group(3))):
        return text_fraction(word)
    return None


def _whole(word):
    """The non-negative integer a word denotes, or None."""
    if not _INTEGER.fullmatch(word) or word.startswith("-") or len(word) > MAX_DIGITS:
        return None
    return int(word)


def _read_value(reader, token, what="number"):
    """The number at ``token`` (shared by .nfg and .efg); a bad one fails naming ``what``."""
    try:
        value = _number(token.text)
    except NumberTooLarge as error:
        reader.fail(token.line, f"the {what} {error}")
    if value is None:
        reader.fail(
            token.line,
            f"bad {what} {token.describe()}; numbers are integers, decimals, p/q rationals or "
            "exponent notation (1.5e-3)",
        )
    return value


def _plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _read_header(reader, magic, version):
    """Read ``MAGIC VERSION R|D "title" { "player" ... }`` (shared by .nfg and .efg).

    Returns ``(title, players)``.
    """
    header = f"{magic} {version} R"
    token = reader.next()
    if token.kind == _EOF:
        reader.fail(token.line, f"the file is empty; expected the header '{header}'")
    if token.kind != _WORD or token.text != magic:
        reader.unexpected(token, f"the header '{header}' at the start of the file")
    token = reader.next()
    if token.kind == _WORD and token.text != version and _INTEGER.fullmatch(token.text):
        reader.fail(token.line,
                    f"unknown {magic} version {token.text}; only version {version} is read")
    if token.kind != _WORD or token.text != version:
        reader.unexpected(token, f"the version number {version} after '{magic}'")
    token = reader.next()
    if token.kind != _WORD or token.text not in ("R", "D"):
        reader.fail(
            token.line,
            f"unknown number type {token.describe()} in the header; expected 'R' or 'D'",
        )
    title = reader.expect(_TEXT, "the game title (a quoted string) after the header").text
    opening = reader.expect("{", "'{' opening the list of players")
    players = []
    while (token := reader.next()).kind == _TEXT:
        players.append(token.text)
    if token.kind != "}":
        reader.unexpected(token, "a quoted player name or '}' closing the list of players")
    if not players:
        reader.fail(opening.line, "the list of players is empty")
    if len(players) > MAX_PLAYERS:
        reader.fail(opening.line, f"the game has {len(players)} players; at most {MAX_PLAYERS} "
                                  "are read")
    return title, players


def _read_prologue(reader):
    """Read the header, players, strategies and comment; return them as a dict."""
    title, players = _read_header(reader, "NFG", "1")

    opening = reader.expect("{", "'{' opening the strategies of the players")
    if reader.peek().kind == "{":
        actions = _read_labels(reader, players, opening)
    else:
        actions = _read_counts(reader, players, opening)

    comment = reader.next().text if reader.peek().kind == _TEXT else ""
    return {"title": title, "comment": comment, "players": players, "actions": actions}


def _read_labels(reader, players, opening):
    """Read one list of strategy labels per player, then the closing brace."""

    def labels(token, player):
        if token.kind != "{":
            reader.unexpected(token, f"'{{' opening the strategies of player {player!r}")
        out = []
        while (label := reader.next()).kind == _TEXT:
            out.append(label.text)
        if label.kind != "}":
            reader.unexpected(label, f"a quoted strategy label or '}}' for player {player!r}")
        if not out:
            reader.fail(token.line, f"player {player!r} has an empty action set")
        return out

    return _read_per_player(reader, players, opening, "strategy list", "{", labels)


def _read_counts(reader, players, opening):
    """Read one strategy count per player, then the closing brace."""

    def count(token, player):
        if token.kind != _WORD:
            reader.unexpected(token, f"the number of strategies of player {player!r}")
        k = _whole(token.text)
        if k is None:
            reader.fail(
                token.line,
                f"bad strategy count {token.describe()} for player {player!r}; "
                "expected a positive whole number",
            )
        if k == 0:
            reader.fail(token.line, f"player {player!r} has an empty action set")
        if k > len(reader.tokens):  # each profile needs at least one number
            reader.fail(
                token.line,
                f"player {player!r} has {_short(token.text)} strategies, more than the file has "
                "numbers for",
            )
        return [str(j) for j in range(1, k + 1)]

    return _read_per_player(reader, players, opening, "strategy count", _WORD, count)


def _read_per_player(reader, players, opening, what, starts, read_one):
    """``[read_one(token, player) for each player]`` (``token`` the first of the player's
    entry, of kind ``starts``), then the brace closing the list opened at ``opening``."""
    actions = []
    for player in players:
        token = reader.next()
        if token.kind == "}":
            reader.fail(
                token.line,
                f"expected {_plural(len(players), what)} (one per player) "
                f"but found {len(actions)}",
            )
        actions.append(read_one(token, player))
    token = reader.next()
    if token.kind == starts:
        reader.fail(
            token.line,
            f"expected {_plural(len(players), what)} (one per player) but found more",
        )
    if token.kind != "}":
        reader.unexpected(token, f"'}}' closing the {what}s opened on line {opening.line}")
    return actions


def _read_payoff_body(reader, shape):
    """Read the flat payoff list; return the payoff array."""
    players = len(shape)
    profiles = math.prod(shape)
    expected = players * profiles
    wanted = (
        f"{_plural(expected, 'payoff')} ({_plural(players, 'player')} x "
        f"{_plural(profiles, 'profile')})"
    )
    values = []
    last_line = reader.peek().line
    while (token := reader.next()).kind == _WORD:
        if len(values) == expected:
            if _number(token.text) is None:
                reader.fail(token.line, f"unexpected {token.describe()} after the last payoff")
            found = expected + 1
            while reader.next().kind == _WORD:
                found += 1
            reader.fail(token.line, f"expected {wanted} but found {found}")
        values.append(_read_value(reader, token))
        last_line = token.line
    if token.kind != _EOF:
        if len(values) < expected:
            reader.unexpected(token, "a payoff")
        reader.fail(token.line, f"unexpected {token.describe()} after the last payoff")
    if len(values) < expected:
        reader.fail(last_line, f"expected {wanted} but found {len(values)}")
    flat = np.empty(expected, dtype=object)
    flat[:] = values
    flat = flat.reshape(profiles, players)
    return np.stack([flat[:, p].reshape(shape, order="F") for p in range(players)])


def _read_outcome_body(reader, shape):
    """Read the outcome list and the outcome indices; return payoffs and outcomes."""
    players = len(shape)
    opening = reader.expect("{", "'{' opening the list of outcomes")
    outcomes = []
    while True:
        token = reader.next()
        if token.kind == "}":
            break
        if token.kind != "{":
            reader.unexpected(
                token,
                f"'{{' opening an outcome or '}}' closing the outcome list opened on "
                f"line {opening.line}",
            )
        number = len(outcomes) + 1
        name = reader.expect(_TEXT, f"the name of outcome {number} (a quoted string)")
        payoffs = []
        while (item := reader.next()).kind == _WORD:
            payoffs.append(_read_value(reader, item))
            if reader.peek().kind == ",":
                reader.next()
        if item.kind != "}":
            reader.unexpected(item, f"a payoff or '}}' closing outcome {number}")
        if len(payoffs) != players:
            reader.fail(
                token.line,
                f"outcome {number} ({_quote(name.text)}) has "
                f"{_plural(len(payoffs), 'payoff')} but the game has "
                f"{_plural(players, 'player')}",
            )
        outcomes.append((name.text, tuple(payoffs)))

    profiles = math.prod(shape)
    null = (Fraction(0),) * players
    chosen = []
    last_line = token.line
    wanted = f"{profiles} outcome {'index' if profiles == 1 else 'indices'}"
    while (token := reader.next()).kind == _WORD:
        index = _whole(token.text)
        if len(chosen) == profiles:
            if index is None:
                reader.fail(
                    token.line,
                    f"unexpected {token.describe()} after the last outcome index",
                )
            found = profiles + 1
            while reader.next().kind == _WORD:
                found += 1
            reader.fail(token.line, f"expected {wanted} (one per profile) but found {found}")
        if index is None:
            reader.fail(
                token.line,
                f"bad outcome index {token.describe()}; expected a whole number from 0 "
                f"to {len(outcomes)}",
            )
        if index > len(outcomes):
            reader.fail(
                token.line,
                f"outcome index {_short(token.text)} is out of range; the file defines "
                f"{_plural(len(outcomes), 'outcome')}",
            )
        chosen.append(outcomes[index - 1][1] if index else null)
        last_line = token.line
    if token.kind != _EOF:
        if len(chosen) < profiles:
            reader.unexpected(token, "an outcome index")
        reader.fail(token.line, f"unexpected {token.describe()} after the last outcome index")
    if len(chosen) < profiles:
        reader.fail(last_line, f"expected {wanted} (one per profile) but found {len(chosen)}")
    flat = np.empty((profiles, players), dtype=object)
    for row, payoffs in enumerate(chosen):
        flat[row, :] = payoffs
    payoff_array = np.stack([flat[:, p].reshape(shape, order="F") for p in range(players)])
    return payoff_array, outcomes


def parse_nfg(text, source="<string>"):
    """Read a game in Gambit's strategic-form (``.nfg``) format.

    Parameters
    ----------
    text : str
        The contents of the file, in either the payoff or the outcome version.
    source : str, optional
        The name of the file, used in error messages.

    Returns
    -------
    dict
        ``title`` and ``comment`` (str), ``players`` (list of str), ``actions``
        (one list of strategy labels per player) and ``payoffs``, a numpy object
        array of shape ``(n_players, m_1, ..., m_n)`` in which
        ``payoffs[p][a_1, ..., a_n]`` is player ``p``'s payoff when each player
        ``i`` plays strategy ``a_i``.  Entries are :class:`~fractions.Fraction`
        (integers, decimals, ``p/q`` rationals and exponent notation alike).  A
        file in the outcome version also gives
        ``outcomes``: a list of ``(name, payoffs)`` pairs in file order, outcome
        ``k`` of the file being ``outcomes[k - 1]``.

    Raises
    ------
    GameError
        If the text is not a well-formed ``.nfg`` file; the message names the
        source, the line and what is wrong.
    """
    if not isinstance(text, str):
        raise GameError(f"{source}: expected the text of an .nfg file, not {type(text).__name__}")
    reader = _Reader(text.removeprefix("\ufeff"), source)
    game = _read_prologue(reader)
    shape = tuple(len(labels) for labels in game["actions"])
    token = reader.peek()
    if token.kind == "{":
        game["payoffs"], game["outcomes"] = _read_outcome_body(reader, shape)
    elif token.kind in (_WORD, _EOF):
        game["payoffs"] = _read_payoff_body(reader, shape)
    else:
        reader.unexpected(token, "the payoffs or the list of outcomes")
    return game


def _quote(text):
    """``text`` as a quoted .nfg label; backslashes are escaped only where needed."""
    out = []
    for position, char in enumerate(text):
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            following = text[position + 1 : position + 2]
            out.append("\\\\" if following in ("", "\\", '"') else "\\")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _format_number(value, where):
    """Write one payoff: exact values as ``n`` or ``p/q``, floats with ``repr``."""
    if isinstance(value, (bool, np.bool_)):
        raise GameError(f"{where} is {value!r}, a boolean, not a payoff")
    if isinstance(value, (Integral, np.integer)):
        return int_text(int(value))
    if isinstance(value, Decimal) and value.is_finite():
        value = Fraction(value)
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int_text(value.numerator)
        return f"{int_text(value.numerator)}/{int_text(value.denominator)}"
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if not np.isfinite(value):
            raise GameError(f"{where} is {value!r}, which an .nfg file cannot hold")
        return repr(value)  # read back as the rational the decimal denotes
    raise GameError(f"{where} is {value!r}, which is not a number")


def format_nfg(title, players, actions, payoffs, comment="", outcomes=False):
    """Write a game in Gambit's strategic-form (``.nfg``) format.

    Parameters
    ----------
    title : str
        The title of the game.
    players : sequence of str
        The player names.
    actions : sequence of sequence of str
        The strategy labels of each player, none empty.
    payoffs : array_like
        Shape ``(n_players, m_1, ..., m_n)``; ``payoffs[p][a_1, ..., a_n]`` is
        player ``p``'s payoff at the profile ``(a_1, ..., a_n)``.  Entries are
        integers, :class:`~fractions.Fraction` or :class:`~decimal.Decimal`
        (written exactly, as ``n`` or ``p/q``) or floats (written with ``repr``;
        they read back as the rationals their decimals denote, as in Gambit).
    comment : str, optional
        The comment of the game.
    outcomes : bool, optional
        Write the outcome version, with one outcome per profile named after the
        profile's strategy labels (``"(Up, Left)"``), instead of the payoff
        version (the default).

    Returns
    -------
    str
        The file contents, ending in a newline; ``parse_nfg`` reads it back to
        the same title, comment, players, actions and payoffs.

    Raises
    ------
    GameError
        If the labels are not strings, a player has no strategies, the shape of
        ``payoffs`` does not match the strategies, or a payoff is not a finite
        number.
    """
    for name, value in (("title", title), ("comment", comment)):
        if not isinstance(value, str):
            raise GameError(f"the {name} is {value!r}, which is not a string")
    players = list(players)
    actions = [list(labels) for labels in actions]
    if not players:
        raise GameError("a game needs at least one player")
    if len(actions) != len(players):
        raise GameError(
            f"there are {_plural(len(players), 'player')} but "
            f"{_plural(len(actions), 'strategy list')}"
        )
    for player, labels in zip(players, actions):
        if not isinstance(player, str):
            raise GameError(f"the player name {player!r} is not a string")
        if not labels:
            raise GameError(f"player {player!r} has an empty action set")
        for label in labels:
            if not isinstance(label, str):
                raise GameError(f"the strategy label {label!r} of {player!r} is not a string")
    shape = tuple(len(labels) for labels in actions)
    try:
        table = np.asarray(payoffs, dtype=object)
    except ValueError as error:  # ragged nested sequences
        raise GameError(f"the payoffs are not a regular array ({error})") from None
    if table.shape != (len(players), *shape):
        raise GameError(
            f"the payoffs have shape {table.shape} but the strategies need {(len(players), *shape)}"
        )

    rows = []
    for profile in np.ndindex(*shape[::-1]):
        profile = profile[::-1]  # first player's strategy changes fastest
        rows.append(
            (
                profile,
                [
                    _format_number(
                        table[(p, *profile)],
                        f"the payoff of {players[p]!r} at profile {tuple(int(a) for a in profile)}",
                    )
                    for p in range(len(players))
                ],
            )
        )

    lines = [
        f"NFG 1 R {_quote(title)} {{ {' '.join(_quote(p) for p in players)} }}",
        "",
    ]
    strategy_lines = [
        "{ " + " ".join(_quote(label) for label in labels) + " }" for labels in actions
    ]
    strategy_lines[0] = "{ " + strategy_lines[0]
    lines += [*strategy_lines, "}", _quote(comment), ""]
    if outcomes:
        lines.append("{")
        for profile, written in rows:
            name = "(" + ", ".join(actions[p][a] for p, a in enumerate(profile)) + ")"
            lines.append(f"{{ {_quote(name)} {', '.join(written)} }}")
        lines.append("}")
        lines.append(" ".join(str(k) for k in range(1, len(rows) + 1)))
    else:
        lines += [" ".join(written) for _, written in rows]
    return "\n".join(lines) + "\n"
