r"""Reading and writing Gambit extensive-form game files (``.efg``).

The format is the one documented in the Gambit manual, section "Game representation
formats" (https://gambitproject.readthedocs.io/en/latest/formats.html)::

    EFG 2 R "An example" { "Player 1" "Player 2" }
    "An optional comment"

    c "" 1 "" { "H" 1/2 "T" 1/2 } 0
    p "" 1 1 "" { "A" "B" } 0
    t "" 1 "Outcome 1" { 1, -1 }
    t "" 2 "Outcome 2" { -1, 1 }
    p "" 1 2 "" { "A" "B" } 0
    t "" 2 "Outcome 2" { -1, 1 }
    t "" 1

``EFG 2 R`` (or ``D``) opens the file, then come the title, the player names and an
optional comment.  The nodes follow in preorder (a node, then the subtrees of its
children in action order), one record each:

* ``c "label" e "event label" { "a" p "b" q ... } o`` — a chance node of chance event
  ``e`` with its actions and their probabilities;
* ``p "label" i s "infoset label" { "a" "b" ... } o`` — a decision node of player
  ``i`` (numbered from 1) in that player's information set ``s``;
* ``t "label" o`` — a terminal node.

Information sets (and chance events) are numbered per player; the first node of a
set defines its label and actions, later nodes may repeat them (they must then
agree) or give the number alone.  ``o`` is an outcome number, ``0`` for none; the
first use of an outcome defines it with a name and one payoff per player
(``1 "Outcome 1" { 1, -1 }``, commas optional), later uses may repeat it or give
the number alone.  Outcomes may sit at decision and chance nodes too; a player's
payoff at a terminal node is the sum of the outcomes on its path.  The tokens
(labels, numbers, braces) are those of the ``.nfg`` format and are read by the same
tokenizer (:mod:`negotiation.games.nfg`), so numbers are read exactly (``1/3``,
``0.25``, ``1.5e-3``), with the same bounds on digits and exponents, and a move has
at most :data:`MAX_ACTIONS` actions.

Choices where Gambit and this module differ:

* Gambit 17 refuses files that repeat a non-empty node label anywhere in the tree,
  or a non-empty information-set label between two information sets of one player
  (or two chance events).  Eight files of Gambit's own collection do
  (``contrib/games/`` 4cards, caro2, e10, e10a, nim, nim7: node labels such as
  ``"1 left"``; coord2ts, holdout: information-set labels).  The format identifies
  nodes by position and information sets by number, so nothing is ambiguous: this
  reader reads such files as written and issues a :class:`GambitCompatibilityWarning`
  naming the first repeated label and its lines.  The writer writes labels as they
  are, so Gambit 17 cannot read such a tree back until its labels are made unique.
* Gambit compares a repeated outcome or chance-event definition with the first as
  text (``5.0`` differs from ``5``); this reader compares values.
* Gambit 17 renames empty and repeated player, action and outcome labels
  (``""`` becomes ``"_1"``) when it builds a game; this reader keeps labels as written.
"""

import warnings

from ..errors import GameError
from .nfg import (
    _read_value,
    _read_header as _read_nfg_header,
    _EOF,
    _TEXT,
    _WORD,
    _format_number,
    _iter_tokens,
    _plural,
    _quote,
    _Reader,
    _short,
    _whole,
)
from .tree import CHANCE, GameTree, InformationSet, Outcome, _check_probabilities, _is_symbolic

__all__ = ["GambitCompatibilityWarning", "format_efg", "parse_efg"]

#: Most actions of one move (decision or chance) read from a file.
MAX_ACTIONS = 10_000


class GambitCompatibilityWarning(UserWarning):
    """A file was read although Gambit 17 refuses it (repeated node or infoset labels)."""


class _Stream(_Reader):
    """A :class:`_Reader` that tokenizes lazily (an .efg file can have millions of tokens)."""

    def __init__(self, text, source):
        self.source = source
        self._tokens = _iter_tokens(text, source)
        self._next = next(self._tokens)

    def peek(self):
        return self._next

    def next(self):
        token = self._next
        if token.kind != _EOF:
            self._next = next(self._tokens)
        return token


def _read_header(reader):
    title, players = _read_nfg_header(reader, "EFG", "2")
    comment = reader.next().text if reader.peek().kind == _TEXT else ""
    return title, players, comment


def _read_number(reader, what):
    """A whole number (player, information set or outcome number)."""
    token = reader.next()
    if token.kind != _WORD:
        reader.unexpected(token, what)
    value = _whole(token.text)
    if value is None:
        reader.fail(token.line, f"bad {what.removeprefix('the ')} {token.describe()}; "
                                "expected a whole number")
    return value, token


class _Parser:
    def __init__(self, reader, tree):
        self.reader = reader
        self.tree = tree
        self.players = len(tree.players)
        self.infosets = {}  # (player, number) -> (InformationSet, line)
        self.outcomes = {}  # number -> (Outcome, line)
        self.node_lines = []  # line of each node, by node index
        self.infoset_lines = {}  # id(infoset) -> line of definition

    def parse(self):
        reader = self.reader
        tree = self.tree
        pending = [(0, None)]  # (node index, line of the parent's record)
        node_lines = [0]
        while pending:
            index, parent_line = pending.pop()
            token = reader.next()
            if token.kind == _EOF:
                reader.fail(
                    token.line,
                    f"the file ends before the tree is complete: the move on line {parent_line} "
                    f"has more actions than nodes follow it (at least "
                    f"{_plural(len(pending) + 1, 'more node')} expected)",
                )
            if token.kind != _WORD or token.text not in ("c", "p", "t"):
                reader.unexpected(token, "a node ('c', 'p' or 't')")
            node_lines[index] = token.line
            label = reader.expect(_TEXT, "the node label (a quoted string)").text
            if label:
                tree._labels[index] = label
            if token.text == "t":
                self.read_outcome(index)
                continue
            if token.text == "c":
                infoset = self.read_chance(token)
            else:
                infoset = self.read_personal(token)
            tree._expand(index, infoset)
            node_lines.extend([0] * len(infoset._actions))
            self.read_outcome(index)
            pending.extend((child, token.line) for child in reversed(tree._kids(index)))
        token = reader.next()
        if token.kind != _EOF:
            reader.fail(
                token.line,
                f"unexpected {token.describe()} after the last node of the tree (every move's "
                "children are already given)",
            )
        self.node_lines = node_lines

    def read_actions(self, chance):
        reader = self.reader
        opening = reader.expect("{", "'{' opening the list of actions")
        labels = []
        probabilities = []
        while (token := reader.next()).kind == _TEXT:
            labels.append(token.text)
            if len(labels) > MAX_ACTIONS:
                reader.fail(opening.line, f"the move has more than {MAX_ACTIONS:,} actions, the "
                                          "most a move may have")
            if chance:
                number = reader.next()
                if number.kind != _WORD:
                    reader.unexpected(
                        number, f"the probability of action {_quote(_short(token.text))}"
                    )
                probabilities.append(_read_value(reader, number, "probability"))
        if token.kind != "}":
            wanted = "a quoted action label" + (" (then its probability)" if chance else "")
            reader.unexpected(token, f"{wanted} or '}}' closing the list of actions")
        if not labels:
            reader.fail(opening.line, "the list of actions is empty")
        return labels, probabilities, opening.line

    def read_chance(self, start):
        number, token = _read_number(self.reader, "the chance event number")
        return self.read_infoset(CHANCE, number, token, start)

    def read_personal(self, start):
        reader = self.reader
        player, token = _read_number(reader, "the player number")
        if not 1 <= player <= self.players:
            reader.fail(
                token.line,
                f"player number {_short(token.text)} is out of range; the game has "
                f"{_plural(self.players, 'player')}, numbered from 1",
            )
        number, token = _read_number(reader, "the information set number")
        return self.read_infoset(player - 1, number, token, start)

    def read_infoset(self, player, number, token, start):
        reader = self.reader
        chance = player == CHANCE
        kind = "chance event" if chance else "information set"
        owner = "" if chance else f" of player {player + 1}"
        known = self.infosets.get((player, number))
        if reader.peek().kind != _TEXT:
            if known is None:
                reader.fail(
                    token.line,
                    f"{kind} {number}{owner} is used before it is defined (give its label and "
                    "actions the first time)",
                )
            return known[0]
        label = reader.next().text
        labels, probabilities, line = self.read_actions(chance)
        if known is None:
            if chance:
                _check(reader, line, probabilities, f"of chance event {number}")
            infoset = InformationSet(self.tree, player, labels, label, probabilities or None)
            self.infosets[(player, number)] = (infoset, start.line)
            return infoset
        infoset, defined = known
        if label != infoset._label:
            reader.fail(
                line,
                f"{kind} {number}{owner} is labelled {_quote(_short(label))} here but "
                f"{_quote(_short(infoset._label))} on line {defined}",
            )
        if tuple(labels) != infoset._actions:
            reader.fail(
                line,
                f"{kind} {number}{owner} has actions ({', '.join(labels)}) here but "
                f"({', '.join(infoset._actions)}) on line {defined}",
            )
        if chance and tuple(probabilities) != infoset._probabilities:
            reader.fail(
                line,
                f"chance event {number} has probabilities "
                f"({', '.join(str(p) for p in probabilities)}) here but "
                f"({', '.join(str(p) for p in infoset._probabilities)}) on line {defined}",
            )
        return infoset

    def read_outcome(self, index):
        reader = self.reader
        number, token = _read_number(reader, "the outcome number (0 for none)")
        if reader.peek().kind != _TEXT:
            if number == 0:
                return
            known = self.outcomes.get(number)
            if known is None:
                reader.fail(
                    token.line,
                    f"outcome {number} is used before it is defined (give its name and payoffs "
                    "the first time)",
                )
            self.tree._outcome[index] = known[0]
            return
        if number == 0:
            reader.fail(
                token.line, "outcome 0 means no outcome, so it cannot have a name or payoffs"
            )
        name = reader.next().text
        opening = reader.expect("{", f"'{{' opening the payoffs of outcome {number}")
        payoffs = []
        while (item := reader.next()).kind == _WORD:
            payoffs.append(_read_value(reader, item, "payoff"))
            if reader.peek().kind == ",":
                reader.next()
        if item.kind != "}":
            reader.unexpected(item, f"a payoff or '}}' closing outcome {number}")
        if len(payoffs) != self.players:
            reader.fail(
                opening.line,
                f"outcome {number} ({_quote(_short(name))}) has "
                f"{_plural(len(payoffs), 'payoff')} but the game has "
                f"{_plural(self.players, 'player')}",
            )
        known = self.outcomes.get(number)
        if known is None:
            outcome = Outcome(payoffs, name)
            self.outcomes[number] = (outcome, token.line)
        else:
            outcome, defined = known
            if name != outcome._label or tuple(payoffs) != outcome._payoffs:
                reader.fail(
                    token.line,
                    f"outcome {number} is defined here as {_quote(_short(name))} "
                    f"{{ {', '.join(str(u) for u in payoffs)} }} but on line {defined} as "
                    f"{_quote(_short(outcome._label))} "
                    f"{{ {', '.join(str(u) for u in outcome._payoffs)} }}",
                )
        self.tree._outcome[index] = outcome

    def warn_about_labels(self, stacklevel):
        """Warn if Gambit 17 would refuse the file for repeated labels."""
        problems = []
        lines = {}
        for index, label in self.tree._labels.items():
            if label:
                lines.setdefault(label, []).append(self.node_lines[index])
        repeated = {label: found for label, found in lines.items() if len(found) > 1}
        if repeated:
            label, found = min(repeated.items(), key=lambda item: min(item[1]))
            problems.append(
                f"{_plural(len(repeated), 'node label')} repeated (e.g. {_quote(_short(label))} "
                f"on lines {_lines(found)})"
            )
        labels = {}
        for (player, _), (infoset, line) in self.infosets.items():
            if infoset._label:
                labels.setdefault((player, infoset._label), []).append(line)
        repeated = {key: found for key, found in labels.items() if len(found) > 1}
        if repeated:
            (player, label), found = min(repeated.items(), key=lambda item: min(item[1]))
            who = "chance" if player == CHANCE else f"player {player + 1}"
            problems.append(
                f"{_plural(len(repeated), 'information set label')} repeated within a player "
                f"(e.g. {_quote(_short(label))} of {who} on lines {_lines(found)})"
            )
        if problems:
            warnings.warn(
                f"{self.reader.source}: {' and '.join(problems)}; Gambit 17 refuses such files, "
                "but nodes and information sets are identified by position and number, so the "
                "tree is read with its labels as written",
                GambitCompatibilityWarning,
                stacklevel=stacklevel,
            )


def _lines(found):
    found = sorted(found)
    shown = ", ".join(str(line) for line in found[:3])
    return shown + (f" and {len(found) - 3} more" if len(found) > 3 else "")


def _check(reader, line, probabilities, where):
    try:
        _check_probabilities(probabilities, where)
    except GameError as error:
        reader.fail(line, str(error))


def parse_efg(text, source="<string>", _stacklevel=3):
    """Read a game tree in Gambit's extensive-form (``.efg``) format.

    Parameters
    ----------
    text : str
        The contents of the file.
    source : str, optional
        The name of the file, used in error messages.

    Returns
    -------
    GameTree
        Payoffs and probabilities are :class:`~fractions.Fraction` (integers,
        decimals, ``p/q`` rationals and exponent notation alike).

    Raises
    ------
    GameError
        If the text is not a well-formed ``.efg`` file (the message names the source,
        the line and what is wrong), or chance probabilities are negative or do not
        sum to 1.

    Warns
    -----
    GambitCompatibilityWarning
        If the file repeats node labels or information-set labels, which Gambit 17
        refuses.
    """
    if not isinstance(text, str):
        raise GameError(f"{source}: expected the text of an .efg file, not {type(text).__name__}")
    reader = _Stream(text.removeprefix("\ufeff"), source)
    title, players, comment = _read_header(reader)
    tree = GameTree(players, title=title, comment=comment)
    parser = _Parser(reader, tree)
    parser.parse()
    parser.warn_about_labels(_stacklevel)
    return tree


def _number_text(value, where):
    if _is_symbolic(value):
        raise GameError(
            f"{where} is the expression {value}; substitute values for the parameters "
            "(tree.substitute) before writing an .efg file"
        )
    return _format_number(value, where)


def _last_probability(written, probabilities):
    """The last probability of a chance move as written: floats sum to 1 only within
    round-off, and the reader reads decimals exactly, so the last one of a float
    distribution is written as 1 minus the others (a change below the floats' precision)."""
    if not any(isinstance(p, float) for p in probabilities):
        return written[-1]
    from fractions import Fraction

    rest = sum((Fraction(w) for w in written[:-1]), Fraction(0))
    last = 1 - rest
    return written[-1] if Fraction(written[-1]) == last else _number_text(last, "")


def format_efg(tree):
    """The text of a Gambit ``.efg`` file holding ``tree``.

    Information sets are numbered per player, chance events among themselves and
    outcomes overall, each in the order of first appearance in preorder; every node
    repeats the label and actions of its information set and the name and payoffs of
    its outcome, as Gambit writes them.  Exact numbers are written as ``n`` or
    ``p/q``, floats as their shortest decimal (read back as that rational).
    :func:`parse_efg` reads the text back to an identical tree.
    """
    players = tree.players
    lines = [
        f"EFG 2 R {_quote(tree.title)} {{ {' '.join(_quote(p) for p in players)} }}",
        _quote(tree.comment),
        "",
    ]
    infoset_numbers = {}
    counters = {}
    outcome_numbers = {}
    for index in tree._preorder():
        where = tree._where(index)
        label = _quote(tree._labels.get(index, ""))
        outcome = tree._outcome[index]
        if outcome is None:
            written_outcome = "0"
        else:
            number = outcome_numbers.get(id(outcome))
            if number is None:
                number = outcome_numbers[id(outcome)] = len(outcome_numbers) + 1
            payoffs = ", ".join(
                _number_text(u, f"the payoff of {players[i]!r} at {where}")
                for i, u in enumerate(outcome._payoffs)
            )
            written_outcome = f"{number} {_quote(outcome._label)} {{ {payoffs} }}"
        infoset = tree._infoset[index]
        if infoset is None:
            lines.append(f"t {label} {written_outcome}")
            continue
        number = infoset_numbers.get(id(infoset))
        if number is None:
            number = counters.get(infoset._player, 0) + 1
            counters[infoset._player] = infoset_numbers[id(infoset)] = number
        if infoset._player == CHANCE:
            written = [_number_text(p, f"the probability of {a!r} at {where}")
                       for a, p in zip(infoset._actions, infoset._probabilities)]
            written[-1] = _last_probability(written, infoset._probabilities)
            actions = " ".join(f"{_quote(a)} {p}" for a, p in zip(infoset._actions, written))
            lines.append(
                f"c {label} {number} {_quote(infoset._label)} {{ {actions} }} {written_outcome}"
            )
        else:
            actions = " ".join(_quote(a) for a in infoset._actions)
            lines.append(
                f"p {label} {infoset._player + 1} {number} {_quote(infoset._label)} "
                f"{{ {actions} }} {written_outcome}"
            )
    return "\n".join(lines) + "\n"
