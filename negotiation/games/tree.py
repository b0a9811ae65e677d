r"""Game trees (extensive-form games) with named players, labelled actions and chance moves.

A game tree is built from its root down, without numbering nodes by hand::

    tree = GameTree(players=("Russia", "US", "DPRK"))
    root = tree.root.decision("Russia", ["none", "full"])
    root["none"].terminal((0, 2, 1))
    soft = root["full"].chance({"resolved": "1/3", "soft": "2/3"})
    ...

Every node is a *decision node* (a player moves), a *chance node* (nature moves with
given probabilities) or a *terminal node* (a leaf).  Decision nodes belong to
*information sets*: the player cannot tell apart the nodes of one information set, so
they share their actions.  Chance nodes belong to *chance events* (Gambit calls them
chance information sets): chance nodes of one event share their actions and
probabilities.  *Outcomes* carry payoffs, one per player; as in Gambit an outcome may
sit at any node, terminal or not, and a player's payoff at a terminal node is the sum
of the payoffs of the outcomes on the path from the root to it.  A terminal node
without an outcome pays every player the outcomes above it (zero if there are none).

Payoffs and probabilities are exact (:class:`fractions.Fraction`) when given as
integers, fractions, decimal or ``"p/q"`` strings or sympy rationals, floats when
given as floats, and may be sympy expressions in named parameters; then
:meth:`GameTree.substitute` gives a numeric tree.

Reference: Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*, MIT
Press, ch. 6 and 11 (extensive games with perfect and imperfect information); the
node/outcome model is Gambit's (McKelvey, McLennan & Turocy, *Gambit: Software Tools
for Game Theory*).
"""

import math
from array import array
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np

from .._numbers import exact_value
from ..errors import GameError

__all__ = ["GameTree", "InformationSet", "Node", "Outcome"]

#: The player index used internally for chance, and the mover of a leaf.
CHANCE = -1
LEAF = -2


# --------------------------------------------------------------------- values
def _is_symbolic(value):
    return type(value).__module__.startswith("sympy")


def _value(value, where):
    """``value`` as a Fraction (exact), a float, or a sympy expression with symbols.

    ``where`` names the value for an error message: a string, or a function giving one
    (so that building the message costs nothing when the value is fine).
    """
    kind = type(value)
    if kind is int or kind is Fraction:
        return value
    if kind is float and math.isfinite(value):
        return value
    if callable(where):
        where = where()
    if isinstance(value, (bool, np.bool_)):
        raise GameError(f"{where} is {value!r}, a boolean, not a number")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise GameError(f"{where} is {value}, but it must be finite")
        return Fraction(value)
    exact = exact_value(value)
    if exact is not None:
        numerator, denominator = int(exact.numerator), int(exact.denominator)
        return numerator if denominator == 1 else Fraction(numerator, denominator)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if not np.isfinite(value):
            raise GameError(f"{where} is {value}, but it must be finite")
        return value
    if _is_symbolic(value):
        if getattr(value, "free_symbols", None):
            return value
        if getattr(value, "is_number", False):
            if value.is_real is False:
                raise GameError(f"{where} is {value}, which is not a real number")
            return _value(float(value), where)
    if isinstance(value, str):
        raise GameError(
            f"{where} is {value!r}, which is not a number (use sympy symbols for parameters)"
        )
    raise GameError(f"{where} is {value!r}, which is not a number")


def _is_exact(value):
    """Whether ``value`` is an exact number as trees store them (an int or a Fraction)."""
    kind = type(value)
    return kind is int or kind is Fraction


def _same_value(a, b):
    """Equality that tells an exact 1 from a float 1.0 (used for identical trees)."""
    if isinstance(a, float) != isinstance(b, float):
        return False
    if _is_symbolic(a) or _is_symbolic(b):
        return _is_symbolic(a) and _is_symbolic(b) and a == b
    return a == b


def _value_key(value):
    """A hashable key that tells exact, float and symbolic values apart."""
    if isinstance(value, float):
        return ("float", value)
    if _is_symbolic(value):
        return ("sympy", str(value))
    return ("exact", value)


def _check_probabilities(probabilities, where):
    """Raise GameError unless numeric probabilities are >= 0 and sum to 1."""
    symbolic = [p for p in probabilities if _is_symbolic(p)]
    for p in probabilities:
        if not _is_symbolic(p) and p < 0:
            raise GameError(
                f"the chance probabilities {where} include {_show(p)}, which is negative"
            )
    if symbolic:
        import sympy

        total = sum(probabilities, sympy.Integer(0))
        if sympy.simplify(total - 1) != 0:
            raise GameError(f"the chance probabilities {where} sum to {total}, not 1")
        return
    if all(_is_exact(p) for p in probabilities):
        total = sum(probabilities, Fraction(0))
        if total != 1:
            raise GameError(f"the chance probabilities {where} sum to {total}, not 1")
    else:
        total = sum(float(p) for p in probabilities)
        if abs(total - 1) > 1e-9:
            raise GameError(f"the chance probabilities {where} sum to {total!r}, not 1")


def _show(value):
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


# --------------------------------------------------------------------- pieces
class Outcome:
    """A named payoff vector that may be attached to one or more nodes.

    ``payoffs[i]`` is player ``i``'s payoff.  Outcomes are immutable; nodes that share
    one outcome object share it in the ``.efg`` file too (Gambit's outcome numbers).
    """

    __slots__ = ("_label", "_payoffs")

    def __init__(self, payoffs, label=""):
        if not isinstance(label, str):
            raise GameError(f"the outcome name {label!r} is not a string")
        self._label = label
        self._payoffs = tuple(payoffs)

    @property
    def label(self):
        return self._label

    @property
    def payoffs(self):
        return self._payoffs

    def __repr__(self):
        name = f" {self._label!r}" if self._label else ""
        return f"<Outcome{name}: ({', '.join(_show(u) for u in self._payoffs)})>"


class InformationSet:
    """The nodes one player cannot tell apart (or the chance nodes of one chance event).

    Attributes are read-only: ``player`` (a name, or ``None`` for chance), ``label``,
    ``actions`` (labels), ``probabilities`` (chance only, else ``None``) and
    ``members`` (the nodes, in the order they joined).
    """

    __slots__ = ("_actions", "_label", "_members", "_player", "_probabilities", "_tree")

    def __init__(self, tree, player, actions, label="", probabilities=None):
        self._tree = tree
        self._player = player
        self._actions = tuple(actions)
        self._label = label
        self._probabilities = None if probabilities is None else tuple(probabilities)
        self._members = []

    @property
    def player(self):
        """The player's name, or ``None`` for a chance event."""
        return None if self._player == CHANCE else self._tree.players[self._player]

    @property
    def is_chance(self):
        return self._player == CHANCE

    @property
    def label(self):
        return self._label

    @property
    def actions(self):
        return self._actions

    @property
    def probabilities(self):
        """``{action label: probability}`` for a chance event (``None`` for a player)."""
        if self._probabilities is None:
            return None
        return dict(zip(self._actions, self._probabilities))

    @property
    def members(self):
        return tuple(Node(self._tree, k) for k in self._members)

    def __len__(self):
        return len(self._members)

    def __repr__(self):
        who = "chance" if self._player == CHANCE else self.player
        name = f" {self._label!r}" if self._label else ""
        return (
            f"<InformationSet{name} of {who}: {len(self._members)} node(s), "
            f"actions {', '.join(self._actions)}>"
        )


class Node:
    """A handle on one node of a :class:`GameTree` (cheap; equal handles compare equal)."""

    __slots__ = ("_index", "_tree")

    def __init__(self, tree, index):
        self._tree = tree
        self._index = index

    # --------------------------------------------------------------- building
    def decision(self, player, actions=None, information_set=None, outcome=None):
        """Make this leaf a decision node of ``player`` with one child per action.

        Parameters
        ----------
        player : str or int
            The player's name or index.
        actions : sequence of str, optional
            The action labels, in order; may be omitted when ``information_set`` is an
            existing information set, whose actions are then used.
        information_set : str or InformationSet, optional
            Join an information set: an :class:`InformationSet` of this tree, or a
            label naming one of ``player``'s information sets (created with that label
            if the player has none so named).  By default the node is alone in a new
            information set (perfect information).
        outcome : Outcome or sequence of numbers, optional
            A non-terminal outcome at this node; its payoffs are added to those of
            every terminal node below.

        Returns
        -------
        Node
            This node, so that ``root = tree.root.decision(...)`` reads naturally.
        """
        tree = self._tree
        tree._check_leaf(self._index)
        p = tree._player_index(player)
        infoset = tree._resolve_infoset(p, actions, information_set, None, self._index)
        tree._expand(self._index, infoset)
        if outcome is not None:
            self.set_outcome(outcome)
        return self

    def chance(self, probabilities, information_set=None, outcome=None):
        """Make this leaf a chance node; ``probabilities`` maps action labels to probabilities.

        ``probabilities`` is a dict ``{label: probability}`` or a sequence of
        ``(label, probability)`` pairs (use pairs when labels repeat).  Probabilities are
        exact or floats, or sympy expressions; numeric ones must be non-negative and sum
        to 1.  ``information_set`` joins a chance event shared with other chance nodes
        (an :class:`InformationSet` or a label), whose probabilities must then be the
        same.
        """
        tree = self._tree
        tree._check_leaf(self._index)
        index = self._index
        where = _Deferred(lambda: f"at {tree._where(index)}")
        if isinstance(probabilities, dict):
            pairs = list(probabilities.items())
        else:
            try:
                pairs = [tuple(pair) for pair in probabilities]
            except TypeError:
                raise GameError(
                    f"the chance probabilities {where} must be a dict or (label, probability) pairs"
                ) from None
            if any(len(pair) != 2 for pair in pairs):
                raise GameError(
                    f"the chance probabilities {where} must be (label, probability) pairs"
                )
        if not pairs:
            raise GameError(f"the chance node {where} has no actions")
        labels = [
            label if type(label) is str else _label(label, f"an action label {where}")
            for label, _ in pairs
        ]
        values = [
            _value(p, lambda: f"the probability of {label!r} {where}")  # noqa: B023
            for label, p in pairs
        ]
        _check_probabilities(values, where)
        infoset = tree._resolve_infoset(CHANCE, labels, information_set, values, self._index)
        tree._expand(self._index, infoset)
        if outcome is not None:
            self.set_outcome(outcome)
        return self

    def terminal(self, payoffs, name=""):
        """Make this leaf a terminal node with ``payoffs`` (or an :class:`Outcome`).

        ``payoffs`` is a sequence with one payoff per player, a dict ``{player:
        payoff}`` naming every player, or an :class:`Outcome` to share.  ``name``
        names the new outcome (Gambit's outcome label).
        """
        tree = self._tree
        tree._check_leaf(self._index)
        if tree._outcome[self._index] is not None:
            raise GameError(f"{tree._where(self._index)} is already a terminal node")
        self.set_outcome(payoffs, name)
        return self

    def set_outcome(self, payoffs, name=""):
        """Attach an outcome (payoffs or an :class:`Outcome`) to this node; ``None`` removes it."""
        tree = self._tree
        if payoffs is None:
            tree._outcome[self._index] = None
            return self
        index = self._index
        tree._outcome[index] = tree.outcome(
            payoffs, name, where=lambda: f"the payoffs at {tree._where(index)}"
        )
        return self

    # ------------------------------------------------------------- structure
    @property
    def tree(self):
        return self._tree

    @property
    def index(self):
        """The node's number in the tree (stable; the root is 0)."""
        return self._index

    @property
    def label(self):
        return self._tree._labels.get(self._index, "")

    @label.setter
    def label(self, value):
        self._tree._set_label(self._index, _label(value, "a node label"))

    @property
    def parent(self):
        k = self._tree._parent[self._index]
        return None if k < 0 else Node(self._tree, k)

    @property
    def children(self):
        tree = self._tree
        return tuple(Node(tree, k) for k in tree._kids(self._index))

    @property
    def action(self):
        """The label of the action leading to this node (``None`` at the root)."""
        k = self._tree._parent[self._index]
        if k < 0:
            return None
        tree = self._tree
        return tree._infoset[k]._actions[self._index - tree._first[k]]

    @property
    def history(self):
        """The action labels from the root to this node."""
        return self._tree._history(self._index)

    @property
    def information_set(self):
        return self._tree._infoset[self._index]

    @property
    def player(self):
        """The name of the player who moves here (``None`` at chance and terminal nodes)."""
        infoset = self._tree._infoset[self._index]
        return None if infoset is None else infoset.player

    @property
    def actions(self):
        infoset = self._tree._infoset[self._index]
        return () if infoset is None else infoset.actions

    @property
    def is_terminal(self):
        return self._tree._infoset[self._index] is None

    @property
    def is_chance(self):
        infoset = self._tree._infoset[self._index]
        return infoset is not None and infoset._player == CHANCE

    @property
    def outcome(self):
        return self._tree._outcome[self._index]

    def __getitem__(self, action):
        """The child reached by ``action`` (a label, or an index into the actions)."""
        tree = self._tree
        infoset = tree._infoset[self._index]
        if infoset is None:
            raise GameError(f"{tree._where(self._index)} is a leaf and has no actions")
        labels = infoset._actions
        if type(action) is str:
            try:
                position = labels.index(action)
            except ValueError:
                position = None
            if position is not None and labels.count(action) == 1:
                return Node(tree, tree._first[self._index] + position)
        if isinstance(action, (int, np.integer)) and not isinstance(action, bool):
            if 0 <= action < len(labels):
                return Node(tree, tree._first[self._index] + int(action))
            raise GameError(
                f"{tree._where(self._index)} has {len(labels)} actions, so there is no action "
                f"{action}"
            )
        positions = [k for k, label in enumerate(labels) if label == action]
        if not positions:
            raise GameError(
                f"{tree._where(self._index)} has no action {action!r}: the actions are "
                f"{', '.join(labels)}"
            )
        if len(positions) > 1:
            raise GameError(
                f"action label {action!r} is used {len(positions)} times at "
                f"{tree._where(self._index)}; refer to it by its index"
            )
        return Node(tree, tree._first[self._index] + positions[0])

    def __eq__(self, other):
        return isinstance(other, Node) and other._tree is self._tree and other._index == self._index

    def __hash__(self):
        return hash((id(self._tree), self._index))

    def __repr__(self):
        tree = self._tree
        infoset = tree._infoset[self._index]
        if infoset is None:
            kind = "terminal"
        elif infoset._player == CHANCE:
            kind = "chance"
        else:
            kind = f"{infoset.player} to move"
        index = self._index
        label = tree._labels.get(index)
        if label:
            name = repr(label)
        else:
            name = "root" if index == 0 else "after " + tree._path_text(index)
        return f"<Node {name}: {kind}>"


def _label(value, what):
    if not isinstance(value, str):
        raise GameError(f"{what} is {value!r}, which is not a string")
    return value


# ----------------------------------------------------------------------- tree
class GameTree:
    """A finite game in extensive form.

    Parameters
    ----------
    players : sequence of str
        The player names (chance is not a player).
    title, comment : str, optional
        As in Gambit's ``.efg`` files.

    Examples
    --------
    >>> tree = GameTree(players=("US", "DPRK"))
    >>> root = tree.root.decision("US", ["offer", "wait"])
    >>> root["wait"].terminal((0, 0))
    <Node after wait: terminal>
    >>> offer = root["offer"].decision("DPRK", ["accept", "reject"])
    >>> _ = offer["accept"].terminal((2, 1)), offer["reject"].terminal((-1, 0))
    >>> [(e.path, e.payoffs) for e in tree.subgame_perfect()]
    [(('offer', 'accept'), (Fraction(2, 1), Fraction(1, 1)))]
    """

    def __init__(self, players, title="", comment=""):
        if isinstance(players, str):
            raise GameError(f"players must be a sequence of names, not the string {players!r}")
        players = tuple(players)
        if not players:
            raise GameError("a game tree needs at least one player")
        for player in players:
            _label(player, "a player name")
        self._players = players
        self.title = _label(title, "the title")
        self.comment = _label(comment, "the comment")
        # One entry per node, indexed by node number (the root is 0).  The children of
        # a node are numbered consecutively from _first[k]; _mover[k] is the player
        # index, CHANCE, or LEAF.
        self._parent = array("q", [-1])
        self._first = array("q", [-1])
        self._count = array("q", [0])
        self._mover = array("q", [LEAF])
        self._infoset = [None]
        self._outcome = [None]
        self._labels = {}  # node labels, only the non-empty ones
        self._by_label = {}  # (player, label) -> labelled information sets

    # ------------------------------------------------------------ internals
    def _check_leaf(self, index):
        if self._infoset[index] is not None:
            raise GameError(f"{self._where(index)} already has a move")

    def _player_index(self, player):
        if type(player) is int and 0 <= player < len(self._players):
            return player
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= player < len(self._players):
                return int(player)
            raise GameError(f"there is no player {player}: the tree has {len(self._players)}")
        positions = [k for k, name in enumerate(self._players) if name == player]
        if not positions:
            raise GameError(
                f"there is no player {player!r}: the players are {', '.join(self._players)}"
            )
        if len(positions) > 1:
            raise GameError(f"player name {player!r} is used {len(positions)} times; use an index")
        return positions[0]

    def _resolve_infoset(self, player, actions, information_set, probabilities, index):
        """The information set a new move at ``index`` joins (created if need be)."""
        kind = type(actions)
        if information_set is None and (kind is list or kind is tuple) and actions:
            for a in actions:
                if type(a) is not str:
                    break
            else:  # the common case: a new information set with well-formed labels
                return InformationSet(self, player, actions, "", probabilities)

        def where():
            return self._where(index)

        who = "chance" if player == CHANCE else repr(self._players[player])
        if actions is not None:
            if isinstance(actions, str):
                raise GameError(f"the actions at {where()} must be a list of labels, not a string")
            actions = tuple(actions)
            for a in actions:
                if type(a) is not str:
                    _label(a, f"an action label at {where()}")
            if not actions:
                raise GameError(f"the move at {where()} has no actions")
        infoset = None
        if isinstance(information_set, InformationSet):
            if information_set._tree is not self:
                raise GameError(f"the information set given at {where()} belongs to another tree")
            infoset = information_set
        elif information_set is not None:
            label = _label(information_set, f"the information set label at {where()}")
            found = [s for s in self._by_label.get((player, label), ()) if s._members]
            if len(found) > 1:
                raise GameError(
                    f"{who} has {len(found)} information sets labelled {label!r}, so the label "
                    f"given at {where()} is ambiguous; pass the InformationSet itself"
                )
            if found:
                infoset = found[0]
            elif actions is None:
                raise GameError(
                    f"the move at {where()} needs actions: {who} has no information set "
                    f"{label!r} yet"
                )
            else:
                return InformationSet(self, player, actions, label, probabilities)
        if infoset is None:
            if actions is None:
                raise GameError(f"the move at {where()} needs actions")
            return InformationSet(self, player, actions, "", probabilities)
        _check_compatible(infoset, player, actions, probabilities, self, where)
        return infoset

    def _expand(self, index, infoset):
        first = len(self._parent)
        count = len(infoset._actions)
        self._parent.extend([index] * count)
        self._first.extend([-1] * count)
        self._count.extend([0] * count)
        self._mover.extend([LEAF] * count)
        nones = [None] * count
        self._infoset.extend(nones)
        self._outcome.extend(nones)
        self._first[index] = first
        self._count[index] = count
        self._mover[index] = infoset._player
        self._infoset[index] = infoset
        members = infoset._members
        members.append(index)
        if len(members) == 1 and infoset._label:
            self._by_label.setdefault((infoset._player, infoset._label), []).append(infoset)

    def _kids(self, index):
        """The children of node ``index`` (a range of node numbers, empty at a leaf)."""
        first = self._first[index]
        return range(first, first + self._count[index]) if first >= 0 else range(0)

    def _set_label(self, index, label):
        if label:
            self._labels[index] = label
        else:
            self._labels.pop(index, None)

    def _live_infosets(self):
        """Every information set and chance event in use, in preorder of first member."""
        seen = set()
        out = []
        for k in self._preorder():
            infoset = self._infoset[k]
            if infoset is not None and id(infoset) not in seen:
                seen.add(id(infoset))
                out.append(infoset)
        return out

    def _reach(self, choices=None, one=1):
        """``(node, probability of reaching it)`` for every node reached from the root, in
        preorder.  A chance move multiplies the probability (branches of probability 0 are
        left out); a player's node passes it to every child or, with ``choices`` (an action
        index per node), to the chosen one.  ``one`` is the root's probability (its type
        sets the arithmetic: ``Fraction(1)``, ``1.0``)."""
        stack = [(0, one)]
        while stack:
            k, probability = stack.pop()
            yield k, probability
            infoset = self._infoset[k]
            if infoset is None:
                continue
            kids = self._kids(k)
            if infoset._player == CHANCE:
                branches = [(child, probability * p)
                            for child, p in zip(kids, infoset._probabilities) if p != 0]
            elif choices is None:
                branches = [(child, probability) for child in kids]
            else:
                branches = [(kids[int(choices[k])], probability)]
            stack.extend(reversed(branches))

    def _preorder(self):
        """Node indices in preorder (children in action order); iterative."""
        order = []
        stack = [0]
        first = self._first
        count = self._count
        while stack:
            k = stack.pop()
            order.append(k)
            start = first[k]
            if start >= 0:
                stack.extend(range(start + count[k] - 1, start - 1, -1))
        return order

    def _history(self, index):
        labels = []
        while self._parent[index] >= 0:
            parent = self._parent[index]
            labels.append(self._infoset[parent]._actions[index - self._first[parent]])
            index = parent
        return tuple(reversed(labels))

    def _where(self, index):
        """Name a node for an error message."""
        label = self._labels.get(index)
        if label:
            return f"node {label!r}"
        if index == 0:
            return "the root"
        return "the node after " + self._path_text(index)

    def _path_text(self, index):
        history = self._history(index)
        if len(history) > 6:
            history = (*history[:2], "...", *history[-3:])
        return " → ".join(history)

    # ------------------------------------------------------------- building
    @property
    def root(self):
        return Node(self, 0)

    def outcome(self, payoffs, name="", where="the payoffs"):
        """A new :class:`Outcome` (or ``payoffs`` itself if it is one) for this tree's players.

        ``payoffs`` is a sequence (player order) or a dict naming every player; create
        an outcome once and pass it to :meth:`Node.terminal` at several nodes to share
        it (as outcome numbers do in an ``.efg`` file).
        """
        n = len(self._players)
        kind = type(payoffs)
        if (kind is tuple or kind is list) and len(payoffs) == n:
            values = [
                v if type(v) in _PLAIN else _value(v, _payoff_where(self, i, where))
                for i, v in enumerate(payoffs)
            ]
            return Outcome(values, name if type(name) is str else _label(name, "the outcome name"))
        if not callable(where):
            where = _constant(where)
        if isinstance(payoffs, Outcome):
            if len(payoffs._payoffs) != n:
                raise GameError(
                    f"{where()}: the outcome has {len(payoffs._payoffs)} payoffs but the tree "
                    f"has {n} players"
                )
            return payoffs
        if isinstance(payoffs, dict):
            values = [None] * n
            for player, value in payoffs.items():
                values[self._player_index(player)] = value
            missing = [self._players[i] for i, v in enumerate(values) if v is None]
            if missing:
                raise GameError(f"{where()} give no payoff to {', '.join(missing)}")
        elif isinstance(payoffs, (str, bytes)) or not hasattr(payoffs, "__len__"):
            raise GameError(
                f"{where()} must be a sequence with one payoff per player, not {payoffs!r}"
            )
        else:
            values = list(payoffs)
            if len(values) != n:
                raise GameError(
                    f"{where()} have {len(values)} entries but the tree has {n} players"
                )
        values = [_value(v, _payoff_where(self, i, where)) for i, v in enumerate(values)]
        return Outcome(values, _label(name, "the outcome name"))

    def same_information_set(self, *nodes):
        """Put ``nodes`` (decision nodes of one player, or chance nodes) in one information set.

        The nodes must already have their moves, with the same player and the same action
        labels (and, for chance nodes, the same probabilities).  Returns the merged
        :class:`InformationSet`, which keeps the label of the first node's set.
        """
        if len(nodes) == 1 and not isinstance(nodes[0], Node):
            nodes = tuple(nodes[0])
        if not nodes:
            raise GameError("same_information_set needs at least one node")
        for node in nodes:
            if not isinstance(node, Node) or node._tree is not self:
                raise GameError(f"{node!r} is not a node of this tree")
            if self._infoset[node._index] is None:
                raise GameError(
                    f"{self._where(node._index)} has no move yet; give it a decision or chance "
                    "move before joining information sets"
                )
        target = self._infoset[nodes[0]._index]
        for node in nodes[1:]:
            infoset = self._infoset[node._index]
            if infoset is target:
                continue
            _check_compatible(
                target, infoset._player, infoset._actions, infoset._probabilities, self,
                lambda: self._where(node._index),  # noqa: B023
            )
            for member in infoset._members:
                self._infoset[member] = target
                target._members.append(member)
            infoset._members = []
        return target

    # ------------------------------------------------------------ accessors
    @property
    def players(self):
        return self._players

    @property
    def n_players(self):
        return len(self._players)

    def __len__(self):
        """The number of nodes."""
        return len(self._parent)

    def nodes(self):
        """Every node, in preorder (a parent before its children, children in action order)."""
        return [Node(self, k) for k in self._preorder()]

    def terminal_nodes(self):
        """The leaves, in preorder."""
        return [Node(self, k) for k in self._preorder() if self._infoset[k] is None]

    def information_sets(self, player=None, chance=False):
        """The information sets in use, in preorder of their first member.

        ``player`` (a name or index) keeps one player's; ``chance=True`` gives the chance
        events instead of the players' information sets.
        """
        found = self._live_infosets()
        if chance:
            return [s for s in found if s._player == CHANCE]
        found = [s for s in found if s._player != CHANCE]
        if player is not None:
            p = self._player_index(player)
            found = [s for s in found if s._player == p]
        return found

    @property
    def outcomes(self):
        """The distinct outcomes in use, in preorder of their first node."""
        seen = set()
        out = []
        for k in self._preorder():
            outcome = self._outcome[k]
            if outcome is not None and id(outcome) not in seen:
                seen.add(id(outcome))
                out.append(outcome)
        return out

    @property
    def is_perfect_information(self):
        """Whether every player's information set has a single node (chance may be anything)."""
        return all(
            len(s._members) == 1 for s in self._unique_infosets() if s._player != CHANCE
        )

    def _unique_infosets(self):
        """The information sets and chance events in use, in no particular order (fast)."""
        return list({id(s): s for s in self._infoset if s is not None}.values())

    def _unique_outcomes(self):
        """The outcomes in use, in no particular order (fast)."""
        return list({id(o): o for o in self._outcome if o is not None}.values())

    def _values(self):
        """Every payoff and probability in use."""
        for outcome in self._unique_outcomes():
            yield from outcome._payoffs
        for infoset in self._unique_infosets():
            if infoset._probabilities is not None:
                yield from infoset._probabilities

    @property
    def exact(self):
        """Whether every payoff and probability is an exact rational."""
        return all(_is_exact(v) for v in self._values())

    @property
    def parameters(self):
        """The names of the sympy symbols in payoffs and probabilities, sorted."""
        names = set()
        for value in self._values():
            if _is_symbolic(value):
                names.update(str(s) for s in value.free_symbols)
        return tuple(sorted(names))

    @property
    def symbolic(self):
        return any(_is_symbolic(v) for v in self._values())

    def _require_numbers(self, doing):
        """Raise GameError at the first symbolic value; ``doing`` ends the message."""
        for value in self._values():
            if _is_symbolic(value):
                raise GameError(
                    f"the tree has the symbolic value {value}; substitute values for its "
                    f"parameters ({', '.join(self.parameters)}) before {doing}"
                )

    # ------------------------------------------------------------ transforms
    def copy(self):
        """An independent copy (outcomes and information sets are copied too)."""
        return self._map_values(lambda value, where: value)

    def substitute(self, values):
        """The tree with parameters replaced by ``values`` (``{name or symbol: value}``).

        Exact values give exact payoffs and probabilities (Fractions); floats give
        floats.  Parameters not in ``values`` stay symbolic.  Probabilities are checked
        again (non-negative, summing to 1) once numeric.
        """
        import sympy

        mapping = {}
        for key, value in dict(values).items():
            symbol = sympy.Symbol(key) if isinstance(key, str) else key
            exact = exact_value(value)
            if exact is not None:
                mapping[symbol] = sympy.Rational(exact.numerator, exact.denominator)
            elif _is_symbolic(value):
                mapping[symbol] = value
            else:
                try:
                    number = float(value)
                except (TypeError, ValueError):
                    raise GameError(
                        f"the value of {key} is {value!r}, which is not a number"
                    ) from None
                mapping[symbol] = sympy.Float(number)
        by_name = {str(s): v for s, v in mapping.items()}

        def replace(value, where):
            if not _is_symbolic(value):
                return value
            # match symbols by name so that assumptions (positive=True) do not matter
            subs = {s: by_name[str(s)] for s in value.free_symbols if str(s) in by_name}
            return _value(value.subs(subs), where)

        return self._map_values(replace, check=True)

    def _map_values(self, function, check=False):
        tree = GameTree.__new__(GameTree)
        tree._players = self._players
        tree.title = self.title
        tree.comment = self.comment
        tree._parent = array("q", self._parent)
        tree._first = array("q", self._first)
        tree._count = array("q", self._count)
        tree._mover = array("q", self._mover)
        tree._labels = dict(self._labels)
        tree._by_label = {}
        infosets = {}
        outcomes = {}
        new_infoset = [None] * len(self._infoset)
        new_outcome = [None] * len(self._outcome)
        for k, infoset in enumerate(self._infoset):
            if infoset is not None:
                copy = infosets.get(id(infoset))
                if copy is None:
                    probabilities = None
                    if infoset._probabilities is not None:
                        where = f"at {self._where(infoset._members[0])}"
                        probabilities = [
                            function(p, f"the probability of {a!r} {where}")
                            for a, p in zip(infoset._actions, infoset._probabilities)
                        ]
                        if check:
                            _check_probabilities(probabilities, where)
                    copy = InformationSet(
                        tree, infoset._player, infoset._actions, infoset._label, probabilities
                    )
                    copy._members = list(infoset._members)
                    if copy._label:
                        key = (copy._player, copy._label)
                        tree._by_label.setdefault(key, []).append(copy)
                    infosets[id(infoset)] = copy
                new_infoset[k] = copy
            outcome = self._outcome[k]
            if outcome is not None:
                copy = outcomes.get(id(outcome))
                if copy is None:
                    copy = outcome  # outcomes are immutable: share those without parameters
                    if any(_is_symbolic(u) for u in outcome._payoffs):
                        where = _constant(f"the outcome at {self._where(k)}")
                        copy = Outcome(
                            [
                                function(u, _payoff_where(self, i, where))
                                for i, u in enumerate(outcome._payoffs)
                            ],
                            outcome._label,
                        )
                    outcomes[id(outcome)] = copy
                new_outcome[k] = copy
        tree._infoset = new_infoset
        tree._outcome = new_outcome
        return tree

    # ------------------------------------------------------------ comparing
    def _canonical(self):
        """The tree as nested tuples, numbering information sets and outcomes by first use."""
        infoset_ids = {}
        outcome_ids = {}
        infosets = []
        outcomes = []
        nodes = []
        for k in self._preorder():
            infoset = self._infoset[k]
            s = None
            if infoset is not None:
                s = infoset_ids.get(id(infoset))
                if s is None:
                    s = infoset_ids[id(infoset)] = len(infosets)
                    probabilities = None
                    if infoset._probabilities is not None:
                        probabilities = tuple(_value_key(p) for p in infoset._probabilities)
                    infosets.append((infoset._player, infoset._label, infoset._actions,
                                     probabilities))
            outcome = self._outcome[k]
            o = None
            if outcome is not None:
                o = outcome_ids.get(id(outcome))
                if o is None:
                    o = outcome_ids[id(outcome)] = len(outcomes)
                    payoffs = tuple(_value_key(u) for u in outcome._payoffs)
                    outcomes.append((outcome._label, payoffs))
            nodes.append((self._labels.get(k, ""), s, o))
        return (self._players, self.title, self.comment, tuple(nodes), tuple(infosets),
                tuple(outcomes))

    def __eq__(self, other):
        """Identical trees: same players, labels, moves, information sets and outcomes.

        Information sets and outcomes are compared as partitions of the nodes (which
        nodes share one), so their numbering in a file does not matter; exact and float
        numbers are told apart (``1`` is not ``1.0``).
        """
        if not isinstance(other, GameTree):
            return NotImplemented
        return self._canonical() == other._canonical()

    __hash__ = None

    # ------------------------------------------------------------------ I/O
    @classmethod
    def read(cls, path):
        """Read a Gambit ``.efg`` file.

        Files that Gambit 17 rejects only because they repeat node labels or information
        set labels (eight files of Gambit's own collection) are read as written, with a
        :class:`~negotiation.games.efg.GambitCompatibilityWarning`.
        """
        from .efg import parse_efg

        from .._files import read_bounded
        from .nfg import MAX_BYTES

        path = Path(path)
        text = read_bounded(path, MAX_BYTES, GameError, "game file")
        return parse_efg(text, source=str(path), _stacklevel=4)

    @classmethod
    def from_efg(cls, text, source="<string>"):
        """A tree from the text of an ``.efg`` file."""
        from .efg import parse_efg

        return parse_efg(text, source=source, _stacklevel=4)

    def to_efg(self):
        """The tree as the text of a Gambit ``.efg`` file."""
        from .efg import format_efg

        return format_efg(self)

    def write(self, path):
        """Write the tree to a Gambit ``.efg`` file (numeric payoffs and probabilities only)."""
        Path(path).write_text(self.to_efg(), encoding="utf-8")

    # -------------------------------------------------------------- solving
    def subgame_perfect(self, tol=1e-9, method=None):
        """Subgame-perfect equilibria.

        With perfect information (chance nodes allowed): every pure SPE by backward
        induction (:func:`negotiation.games.backward_induction.subgame_perfect`; ``tol``
        is the tie tolerance of float trees).  With information sets: by subgame
        decomposition, each subgame solved by the strategic-form engine with ``method``
        (:func:`negotiation.games.subgames.subgame_perfect_equilibria`).
        """
        if self.is_perfect_information:
            from .backward_induction import subgame_perfect

            return subgame_perfect(self, tol=tol)
        from .subgames import subgame_perfect_equilibria

        return subgame_perfect_equilibria(self, method=method)

    def reduced_strategies(self, player):
        """The reduced strategies of ``player``: see :mod:`negotiation.games.reduced_form`."""
        from .reduced_form import reduced_strategies

        return reduced_strategies(self, player)

    def reduced_strategic_form(self, labels="actions"):
        """The reduced strategic form as a :class:`NormalFormGame` (exact when the tree is).

        See :func:`negotiation.games.reduced_form.reduced_strategic_form`.
        """
        from .reduced_form import reduced_strategic_form

        return reduced_strategic_form(self, labels=labels)

    # -------------------------------------------------------------- display
    def __repr__(self):
        terminal = sum(1 for s in self._infoset if s is None)
        name = f" {self.title!r}" if self.title else ""
        if self.symbolic:
            kind = "symbolic"
        else:
            kind = "exact" if self.exact else "float"
        info = "perfect information" if self.is_perfect_information else "imperfect information"
        return (
            f"<GameTree{name}: players {', '.join(self._players)}; {len(self)} nodes "
            f"({terminal} terminal); {info}; {kind}>"
        )

    def _repr_html_(self):
        from ..display import tree_html

        return tree_html(self)


def _check_compatible(infoset, player, actions, probabilities, tree, where):
    """Raise GameError unless a move (player, actions, probabilities) fits ``infoset``.

    ``where`` names the node: a string or a function giving one.
    """
    name = f" {infoset._label!r}" if infoset._label else ""
    if callable(where):
        where = _Deferred(where)
    if infoset._player != player:
        owner = "chance" if infoset._player == CHANCE else repr(tree._players[infoset._player])
        mover = "chance" if player == CHANCE else repr(tree._players[player])
        raise GameError(
            f"the information set{name} belongs to {owner}, but {mover} moves at {where}"
        )
    if actions is not None and tuple(actions) != infoset._actions:
        raise GameError(
            f"the information set{name} has actions ({', '.join(infoset._actions)}) but "
            f"{where} has ({', '.join(actions)})"
        )
    if probabilities is not None and infoset._probabilities is not None:
        same = len(probabilities) == len(infoset._probabilities) and all(
            _same_value(a, b) or (not _is_symbolic(a) and not _is_symbolic(b) and a == b)
            for a, b in zip(probabilities, infoset._probabilities)
        )
        if not same:
            raise GameError(
                f"the chance event{name} has probabilities "
                f"({', '.join(_show(p) for p in infoset._probabilities)}) but {where} has "
                f"({', '.join(_show(p) for p in probabilities)})"
            )


_PLAIN = frozenset((int, Fraction))


def _payoff_where(tree, i, where):
    return lambda: f"the payoff of {tree.players[i]!r} in {where() if callable(where) else where}"


def _constant(text):
    return lambda: text


class _Deferred:
    """A message part computed only when it is formatted."""

    __slots__ = ("function",)

    def __init__(self, function):
        self.function = function

    def __format__(self, spec):
        return format(self.function(), spec)

    def __str__(self):
        return self.function()
