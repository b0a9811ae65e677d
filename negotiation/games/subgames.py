r"""Subgames of a game tree, and subgame-perfect equilibria by subgame decomposition.

A node :math:`v` is the root of a *subgame* when every information set that meets the
subtree below :math:`v` lies entirely inside it: a player who moves in the subtree
knows that play has reached :math:`v`.  As in Gambit, the chance nodes of one chance
event count as an information set here, so that the subgame roots are exactly those
pygambit's ``get_subgame_roots`` reports.  Terminal nodes are not subgame roots.

They are found in one pass: with nodes numbered in preorder, the subtree of
:math:`v` is the interval :math:`[\mathrm{pre}(v), \mathrm{end}(v)]`, and :math:`v`
is a root when the smallest and the largest preorder number of any information set
met below :math:`v` both lie in that interval (minima and maxima are propagated from
the leaves up, :math:`O(n)`).

**Subgame-perfect equilibrium** (Selten 1965, 1975): a profile whose restriction to
every subgame is a Nash equilibrium of it.  Let :math:`r_1, \dots` be the subgame roots;
the *segment* of a root :math:`r` is its subtree with the subtrees of the nearest roots
below it, :math:`c_1, \dots, c_k`, cut off.  Working from the bottom up, each
:math:`c_j` has a set of equilibrium payoff vectors; for every combination
:math:`(x_1, \dots, x_k)` of them the segment, with :math:`c_j` made a terminal node
paying :math:`x_j`, is a finite game whose reduced strategic form is solved with the
strategic-form engine.  An equilibrium of the segment together with equilibria of the
:math:`c_j` paying the :math:`x_j` is an equilibrium of every subgame from :math:`r`
down: a player's best deviation below :math:`r` is worth, in each :math:`c_j` it
reaches, no more than :math:`x_j` (the :math:`c_j` play an equilibrium), so it is worth
no more than the best deviation in the segment with the :math:`x_j` substituted, which
the segment's equilibrium rules out.  Conversely every SPE restricts to such a choice.

**What is enumerated.**  With ``method="enumerate"`` (two players, the default) each
segment is solved by the exact enumeration of all extreme equilibria of its
strategic form, and the result lists every combination of extreme equilibria of the
segments, linked through their payoffs.  Two qualifications, both reported on the
result rather than hidden:

* a convex combination of equilibria in one maximal Nash subset of a segment is an
  equilibrium of it too; when its payoffs are constant along the subset (as when the
  continuum sits off the path) the combinations are SPE as well;
* when a segment below the root has a continuum of equilibria along which the
  payoffs *vary*, the segments above it would have to be solved for each of
  infinitely many payoff vectors; only its extreme points are substituted, and the
  result says ``complete=False`` and names those subgames.

With ``method="pure"`` (any number of players, the default for more than two) each
segment plays a pure equilibrium, and the result is every pure SPE (mixed ones are not
sought; there may be no pure one).  Every equilibrium of a segment is verified by the
strategic-form engine before it is used.  Equilibria are grouped by payoff vector, so
a segment is solved once per combination of *distinct* payoff vectors below it, and
the number of SPE is counted exactly while the SPE themselves are listed lazily.

References
----------
Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit
Nachfrageträgheit. *Zeitschrift für die gesamte Staatswissenschaft* 121, 301–324.
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in
extensive games. *International Journal of Game Theory* 4, 25–55.
Kuhn, H. W. (1953). Extensive games and the problem of information.
Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*, MIT Press, §6.2, §11.
"""

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction

from .._numbers import format_number
from ..errors import GameError, SolverError
from .backward_induction import SubgamePerfectEquilibria
from .behaviour import (
    BehaviourProfile,
    _name_infoset,
    behaviour_strategies,
    has_perfect_recall,
)
from .reduced_form import _Plans
from .tree import GameTree, InformationSet, Node, _is_symbolic, _show

__all__ = [
    "MAX_GAMES",
    "SubgamePerfectProfile",
    "SubgamePerfectProfiles",
    "is_subgame_root",
    "subgame",
    "subgame_perfect_equilibria",
    "subgame_roots",
]

#: At most this many segment games are solved in one decomposition.
MAX_GAMES = 20_000

METHODS = ("enumerate", "pure")


# ------------------------------------------------------------------- roots
def _root_indices(tree):
    """Node indices of the subgame roots, in preorder."""
    order = tree._preorder()
    size = len(tree)
    position = [0] * size
    for p, k in enumerate(order):
        position[k] = p
    span = {}
    for infoset in tree._unique_infosets():
        members = infoset._members
        if len(members) > 1:
            where = [position[k] for k in members]
            span[id(infoset)] = (min(where), max(where))
    low = [0] * size
    high = [0] * size
    end = [0] * size
    infosets = tree._infoset
    first = tree._first
    count = tree._count
    for k in reversed(order):
        p = position[k]
        infoset = infosets[k]
        lo, hi = span.get(id(infoset), (p, p)) if infoset is not None else (p, p)
        last = p
        start = first[k]
        if start >= 0:
            for child in range(start, start + count[k]):
                lo = min(lo, low[child])
                hi = max(hi, high[child])
                last = max(last, end[child])
        low[k], high[k], end[k] = lo, hi, last
    return [
        k for k in order
        if infosets[k] is not None and low[k] >= position[k] and high[k] <= end[k]
    ]


def subgame_roots(tree):
    """The roots of the subgames of ``tree`` (non-terminal nodes), in preorder.

    The root of the tree is always one (unless it is terminal).  In a tree of perfect
    information every decision node is one.
    """
    return [Node(tree, k) for k in _root_indices(tree)]


def is_subgame_root(node):
    """Whether ``node`` is the root of a subgame of its tree."""
    return node.index in set(_root_indices(node.tree))


def _copy(tree, root, cut=frozenset()):
    """The subtree at node ``root`` as a new tree, leaving the nodes in ``cut`` as leaves.

    Returns ``(new tree, {old index: new index}, {old information set: new one})``;
    outcomes are shared (they are immutable); the nodes in ``cut`` get no outcome.
    """
    new = GameTree(players=tree.players, title=tree.title)
    index = {root: 0}
    infosets = {}
    stack = [root]
    while stack:
        k = stack.pop()
        target = index[k]
        label = tree._labels.get(k)
        if label:
            new._labels[target] = label
        if k in cut:
            continue
        if tree._outcome[k] is not None:
            new._outcome[target] = tree._outcome[k]
        infoset = tree._infoset[k]
        if infoset is None:
            continue
        copy = infosets.get(infoset)
        if copy is None:
            copy = InformationSet(new, infoset._player, infoset._actions, infoset._label,
                                  infoset._probabilities)
            infosets[infoset] = copy
        new._expand(target, copy)
        kids = tree._kids(k)
        start = new._first[target]
        for j, child in enumerate(kids):
            index[child] = start + j
        stack.extend(reversed(kids))
    return new, index, infosets


def subgame(tree, node):
    """The subgame of ``tree`` at ``node`` as a tree of its own (outcomes above dropped).

    Raises
    ------
    GameError
        If ``node`` is not the root of a subgame (naming an information set it cuts).
    """
    if not isinstance(node, Node) or node.tree is not tree:
        raise GameError(f"{node!r} is not a node of this tree")
    if node.index not in set(_root_indices(tree)):
        raise GameError(f"{tree._where(node.index)} is not the root of a subgame: "
                        f"{_cut_reason(tree, node.index)}")
    return _copy(tree, node.index)[0]


def _cut_reason(tree, k):
    if tree._infoset[k] is None:
        return "it is a terminal node"
    inside = set()
    stack = [k]
    while stack:
        v = stack.pop()
        inside.add(v)
        stack.extend(tree._kids(v))
    for v in sorted(inside):
        infoset = tree._infoset[v]
        if infoset is not None:
            outside = [m for m in infoset._members if m not in inside]
            if outside:
                who = "a chance event" if infoset.is_chance else f"{infoset.player!r}"
                name = f" {infoset.label!r}" if infoset.label else ""
                return (f"the information set{name} of {who} has {tree._where(v)} inside and "
                        f"{tree._where(outside[0])} outside")
    return "it cuts an information set"  # pragma: no cover - roots are exact


# ----------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class LocalEquilibrium:
    """The equilibrium one subgame's segment plays in a subgame-perfect equilibrium.

    ``root`` is the subgame's root; ``equilibrium`` is an
    :class:`~negotiation.equilibria.result.Equilibrium` of the segment's reduced
    strategic form (the subgame with the subgames below it replaced by terminal nodes
    paying ``values``); ``payoffs`` are the subgame's payoffs; ``behaviour`` is
    ``{InformationSet of the tree: probabilities or None}`` when the tree has perfect
    recall (else ``None``); ``choices`` is ``{InformationSet of the tree: action index}``
    at the sets the plans leave reachable when the equilibrium is pure (any recall;
    else ``None``), and ``actions`` the same with labels; ``values`` are the payoff
    vectors substituted for the subgames below, in preorder of their roots.
    """

    root: Node
    equilibrium: object = field(repr=False)
    payoffs: tuple
    values: tuple = field(repr=False)
    behaviour: object = field(default=None, repr=False)
    choices: object = field(default=None, repr=False)

    @property
    def actions(self):
        """``{InformationSet: action label}`` for a pure equilibrium, else ``None``."""
        if self.choices is None:
            return None
        return {s: s.actions[a] for s, a in self.choices.items()}


@dataclass(frozen=True, eq=False)
class SubgamePerfectProfile:
    """One subgame-perfect equilibrium found by subgame decomposition.

    Attributes
    ----------
    tree : GameTree
    payoffs : tuple
        Expected payoffs at the root (Fractions when the tree is exact).
    local : tuple of LocalEquilibrium
        What each subgame's segment plays, the subgames in preorder of their roots.
    behaviour : BehaviourProfile or None
        The whole profile as behaviour strategies (perfect recall only; ``None``
        at an information set means any behaviour there will do, since the player's
        own moves never lead to it).
    """

    tree: object = field(repr=False)
    payoffs: tuple
    local: tuple = field(repr=False)
    behaviour: object = field(default=None, repr=False)
    exact: bool = field(default=True, repr=False)

    @property
    def is_pure(self):
        return all(e.equilibrium.is_pure for e in self.local)

    @property
    def choices(self):
        """``{InformationSet: action index}`` for a pure SPE (any recall), else ``None``.

        Information sets that the players' own moves make unreachable in their
        subgame are absent (any action there will do).
        """
        if not self.is_pure:
            return None
        merged = {}
        for local in self.local:
            merged.update(local.choices)
        return merged

    @property
    def actions(self):
        """:attr:`choices` with action labels (ambiguous if a set repeats a label)."""
        choices = self.choices
        return None if choices is None else {s: s.actions[a] for s, a in choices.items()}

    def plays(self):
        """``[(probability, history, payoffs), ...]`` for each terminal node reached."""
        if self.behaviour is None:
            raise GameError("plays() needs behaviour strategies, and this tree has imperfect "
                            "recall; look at .local instead")
        out = []
        for node, probability in self.behaviour.realization().items():
            if node.is_terminal and probability != 0:
                out.append((probability, node.history, _terminal_payoffs(node, self.exact)))
        return out

    def explain(self):
        """One plain sentence for a policy reader."""
        payoffs = ", ".join(f"{p} {_name(u)}" for p, u in zip(self.tree.players, self.payoffs))
        if self.behaviour is not None:
            play = self.behaviour.describe(limit=6)
        elif self.is_pure:
            play = "; ".join(f"{s.player} plays {a} at {_name_infoset(self.tree, s)}"
                             for s, a in list(self.actions.items())[:6])
        else:
            play = "; ".join(
                f"the subgame at {self.tree._where(e.root.index)} plays "
                f"{e.equilibrium.describe()}" for e in self.local[:4]
            )
        kind = "pure" if self.is_pure else "mixed"
        return (f"In this {kind} subgame-perfect equilibrium {play}; expected payoffs: "
                f"{payoffs}; in every subgame, on the path or off it, no player gains by "
                "deviating alone.")

    def to_dict(self):
        """Payoffs, each subgame's equilibrium, and the behaviour profile if there is one."""
        return {
            "payoffs": [format_number(u) for u in self.payoffs],
            "subgames": [
                {
                    "root": list(e.root.history),
                    "payoffs": [format_number(u) for u in e.payoffs],
                    "strategic_form": e.equilibrium.to_dict(),
                }
                for e in self.local
            ],
            "behaviour": None if self.behaviour is None else self.behaviour.to_dict(),
        }

    def __repr__(self):
        payoffs = ", ".join(_name(u) for u in self.payoffs)
        kind = "pure" if self.is_pure else "mixed"
        return f"<SubgamePerfectProfile ({kind}): payoffs ({payoffs})>"

    def _repr_html_(self):
        from ..display import spe_html

        return spe_html(self)


class _Listing:
    """What :class:`SubgamePerfectEquilibria` asks of its solver, for a decomposition."""

    def __init__(self, profiles):
        self.profiles = profiles
        self.exact = profiles.tree.exact

    @property
    def count(self):
        return sum(n for _, n in self.root_values())

    def root_values(self):
        profiles = self.profiles
        if not profiles._root_indices:
            return [(profiles._trivial_payoffs(), 1)]
        return [(key, sum(n for _, n in rows)) for key, rows in profiles._entries[0].items()]

    def equilibria(self):
        return self.profiles._enumerate()


class SubgamePerfectProfiles(SubgamePerfectEquilibria):
    """The subgame-perfect equilibria a decomposition found, counted exactly, listed lazily.

    Lists, counts and indexes like :class:`SubgamePerfectEquilibria` (``count``,
    ``payoff_counts``, ``payoffs``, iteration, ``result[k]``, ``len``), and adds:

    Attributes
    ----------
    roots : tuple of Node
        The subgame roots, in preorder.
    method : str
        ``"enumerate"`` or ``"pure"``, how each segment was solved.
    complete : bool
        ``False`` when some subgame below the root has a continuum of equilibria
        whose payoffs vary (``varying`` names them): SPE built on its interior points
        are not listed.
    games_solved : int
        How many segment games were solved.
    """

    def __init__(self, tree, method, roots, entries, varying, games_solved, recall):
        self.method = method
        self.roots = tuple(Node(tree, k) for k in roots)
        self._root_indices = roots
        self._entries = entries  # per root: {payoffs: [(LocalEquilibrium, count)]}
        self.varying = tuple(Node(tree, k) for k in varying)
        self.games_solved = games_solved
        self.perfect_recall = recall
        self._parent, self._slot = _parents(tree, roots)
        self.tree = tree
        super().__init__(tree, _Listing(self))

    @property
    def complete(self):
        return not self.varying

    @property
    def statement(self):
        """What the list contains, in one or two sentences."""
        if self.method == "pure":
            text = ("Every pure subgame-perfect equilibrium: each subgame plays a pure "
                    "equilibrium of its strategic form; mixed equilibria are not sought.")
        else:
            text = ("Every combination of extreme equilibria of the subgames (exact "
                    "enumeration of each subgame's strategic form); convex combinations "
                    "within a maximal Nash subset of a subgame with constant payoffs are "
                    "subgame perfect too.")
        if self.varying:
            where = ", ".join(self.tree._where(n.index) for n in self.varying[:3])
            text += (f" Incomplete: the subgame(s) at {where} have continua of equilibria "
                     "whose payoffs vary, and only their extreme points were substituted "
                     "above them.")
        return text

    def _trivial_payoffs(self):
        outcome = self.tree._outcome[0]
        zero = Fraction(0) if self.exact else 0.0
        return tuple(outcome._payoffs) if outcome is not None else (zero,) * self.tree.n_players

    def _position(self, node):
        if not isinstance(node, Node) or node.tree is not self.tree:
            raise GameError(f"{node!r} is not a node of this tree")
        try:
            return self._root_indices.index(node.index)
        except ValueError:
            raise GameError(f"{self.tree._where(node.index)} is not the root of a subgame: "
                            f"{_cut_reason(self.tree, node.index)}") from None

    def at(self, node):
        """The equilibria of the segment at subgame root ``node`` used by some listed SPE.

        A tuple of :class:`LocalEquilibrium`; each says what the players do in the
        subgame's own segment and which payoffs it assumed for the subgames below.
        """
        target = self._position(node)
        used = [set() for _ in self._root_indices]
        used[0] = set(self._entries[0])
        for j in range(1, target + 1):
            parent = self._parent[j]
            for key in used[parent]:
                for local, _ in self._entries[parent][key]:
                    used[j].add(local.values[self._slot[j]])
        return tuple(local for key in self._entries[target] if key in used[target]
                     for local, _ in self._entries[target][key])

    def in_subgame(self, node):
        """Lazily, every listed SPE of the subgame at ``node``, restricted to it.

        Each is a :class:`SubgamePerfectProfile` whose payoffs are the subgame's and whose
        behaviour covers the information sets inside the subgame only.
        """
        return self._enumerate(self._position(node))

    def _enumerate(self, start=0):
        """Listed SPE of the subgame at root position ``start``: an odometer, no recursion."""
        tree = self.tree
        if not self._root_indices:
            yield SubgamePerfectProfile(tree, self._trivial_payoffs(), (),
                                        BehaviourProfile(tree, {}, self.exact), self.exact)
            return
        # the roots below ``start`` follow it contiguously in preorder
        stop = start + 1
        while stop < len(self._root_indices) and self._below(stop, start):
            stop += 1
        count = stop - start
        options = [None] * count
        position = [0] * count
        picked = [None] * count
        options[0] = [e for rows in self._entries[start].values() for e, _ in rows]
        j = 0
        while j >= 0:
            if position[j] == len(options[j]):
                j -= 1
                continue
            picked[j] = options[j][position[j]]
            position[j] += 1
            if j + 1 == count:
                yield self._profile(picked, whole=start == 0)
                continue
            j += 1
            parent = picked[self._parent[start + j] - start]
            key = parent.values[self._slot[start + j]]
            options[j] = [e for e, _ in self._entries[start + j][key]]
            position[j] = 0

    def _below(self, j, start):
        while j > start:
            j = self._parent[j]
        return j == start

    def _profile(self, picked, whole=True):
        behaviour = None
        if self.perfect_recall:
            merged = {}
            for local in picked:
                merged.update(local.behaviour)
            infosets = self.tree.information_sets() if whole else list(merged)
            ordered = {s: merged[s] for s in infosets}
            behaviour = BehaviourProfile(self.tree, ordered, self.exact)
        return SubgamePerfectProfile(self.tree, picked[0].payoffs, tuple(picked), behaviour,
                                     self.exact)

    def explain(self):
        """A few plain sentences for a policy reader."""
        n_roots = len(self.roots)
        how = ("the exact enumeration of all extreme equilibria of its strategic form"
               if self.method == "enumerate" else "the enumeration of its pure equilibria")
        head = (f"The tree has {n_roots} subgame{'s' if n_roots != 1 else ''}; each was solved "
                f"with {how}, and the equilibrium payoffs were substituted upward.")
        if self.count == 0:
            return (f"{head} No subgame-perfect equilibrium in pure strategies exists; "
                    "mixed ones do (Selten 1975) but were not sought.")
        players = self.tree.players
        counts = self.payoff_counts
        described = "; ".join(
            f"({', '.join(f'{p} {_name(u)}' for p, u in zip(players, payoffs))}) in {n}"
            for payoffs, n in list(counts.items())[:4]
        )
        more = f" and {len(counts) - 4} more payoff vectors" if len(counts) > 4 else ""
        lead = (f"It lists {self.count} subgame-perfect equilibri"
                f"{'um' if self.count == 1 else 'a'}, with payoffs {described}{more}.")
        tail = "" if self.complete else " " + self.statement.split(" Incomplete: ")[1]
        return f"{head} {lead} For example: {self[0].explain()}{tail}"

    def to_dict(self, limit=100):
        """As :meth:`SubgamePerfectEquilibria.to_dict`, with what was enumerated."""
        data = super().to_dict(limit)
        data.update(statement=self.statement, complete=self.complete,
                    subgame_roots=[list(n.history) for n in self.roots])
        return data

    def __repr__(self):
        return (f"<SubgamePerfectProfiles: {self.count} of {self.tree!r}; "
                f"{len(self.roots)} subgames, method={self.method!r}>")


def _name(x):
    return str(x) if isinstance(x, Fraction) else _show(x)


def _terminal_payoffs(node, exact):
    tree = node.tree
    zero = Fraction(0) if exact else 0.0
    total = [zero] * tree.n_players
    k = node.index
    while k >= 0:
        outcome = tree._outcome[k]
        if outcome is not None:
            total = [a + (u if exact else float(u)) for a, u in zip(total, outcome._payoffs)]
        k = tree._parent[k]
    return tuple(total)


def _parents(tree, roots):
    """For each root (preorder), the position of the nearest root above it and its slot there."""
    position = {k: j for j, k in enumerate(roots)}
    parent = [-1] * len(roots)
    slot = [0] * len(roots)
    children = [[] for _ in roots]
    for j, k in enumerate(roots):
        up = tree._parent[k]
        while up >= 0 and up not in position:
            up = tree._parent[up]
        if up >= 0:
            parent[j] = position[up]
            slot[j] = len(children[position[up]])
            children[position[up]].append(j)
    return parent, slot


# ------------------------------------------------------------------ solver
def subgame_perfect_equilibria(tree, method=None, max_games=MAX_GAMES):
    """Subgame-perfect equilibria of a tree with information sets, by subgame decomposition.

    Parameters
    ----------
    tree : GameTree
        Numeric payoffs and probabilities (use :meth:`GameTree.substitute` first).
    method : {"enumerate", "pure"}, optional
        How each subgame's segment is solved: ``"enumerate"``, all extreme
        equilibria exactly (two players; the default for two-player trees), or
        ``"pure"``, all pure equilibria (any number of players; the default
        otherwise).
    max_games : int, optional
        At most this many segment games are solved (default :data:`MAX_GAMES`).

    Returns
    -------
    SubgamePerfectProfiles
        Counted exactly, listed lazily; its ``statement`` says what is enumerated.

    Raises
    ------
    GameError
        If the tree has symbolic values, ``method`` is unknown or ``"enumerate"`` is
        asked of a tree without exactly two players.
    SolverError
        If more than ``max_games`` segment games would have to be solved (no partial
        answer is returned).
    """
    if method is None:
        method = "enumerate" if tree.n_players == 2 else "pure"
    if method not in METHODS:
        raise GameError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    if method == "enumerate" and tree.n_players != 2:
        raise GameError(
            f"method 'enumerate' needs a two-player tree, not one of {tree.n_players} players; "
            "use method='pure'"
        )
    for value in tree._values():
        if _is_symbolic(value):
            raise GameError(
                f"the tree has the symbolic value {value}; substitute values for its parameters "
                f"({', '.join(tree.parameters)}) before solving"
            )
    roots = _root_indices(tree)
    recall = has_perfect_recall(tree)
    parent, _ = _parents(tree, roots)
    children = [[] for _ in roots]
    for j, up in enumerate(parent):
        if up >= 0:
            children[up].append(j)
    entries = [None] * len(roots)
    varying = []
    solved = 0
    for j in reversed(range(len(roots))):
        below = children[j]
        keys = [list(entries[c]) for c in below]
        combos = math.prod(len(k) for k in keys)
        if solved + combos > max_games:
            raise SolverError(
                f"the subgame decomposition needs more than {max_games} strategic-form games "
                f"(the subgame at {tree._where(roots[j])} alone needs {combos}, one per "
                "combination of equilibrium payoffs of the subgames below it); raise max_games "
                "or simplify the tree"
            )
        segment = _Segment(tree, roots[j], [roots[c] for c in below], recall)
        table = {}
        for combo in itertools.product(*keys):
            solved += 1
            weight = math.prod(
                sum(n for _, n in entries[c][x]) for c, x in zip(below, combo)
            )
            found, varies = segment.solve(combo, method)
            if varies and parent[j] >= 0 and roots[j] not in varying:
                varying.append(roots[j])
            for local in found:
                table.setdefault(local.payoffs, []).append((local, weight))
        entries[j] = table
    varying.sort(key=lambda k: roots.index(k))
    return SubgamePerfectProfiles(tree, method, roots, entries, varying, solved, recall)


class _Segment:
    """One subgame with the subgames below it cut off, ready to solve per payoff combination."""

    def __init__(self, tree, root, cuts, recall):
        self.tree = tree
        self.root = root
        self.copy, index, infosets = _copy(tree, root, frozenset(cuts))
        self.leaves = [index[c] for c in cuts]
        self.recall = recall
        self.back = {new: old for old, new in infosets.items()}
        self._plans = None

    def pure_choices(self, equilibrium):
        """``{InformationSet of the tree: action index}`` of a pure equilibrium of the segment."""
        if self._plans is None:
            self._plans = [_Plans(self.copy, i) for i in range(self.tree.n_players)]
        out = {}
        for plans, strategy in zip(self._plans, equilibrium.strategies):
            plan = plans.plans[list(strategy).index(1)]
            out.update({self.back[s]: a for s, a in zip(plans.infosets, plan) if a >= 0})
        return out

    def solve(self, combo, method):
        """The segment's equilibria given the payoffs ``combo`` of the cut subgames.

        Returns ``(list of LocalEquilibrium, whether a maximal Nash subset has varying
        payoffs)``; realisation-equivalent equilibria (same behaviour) are listed once.
        """
        copy = self.copy
        for leaf, payoffs in zip(self.leaves, combo):
            copy._outcome[leaf] = copy.outcome(list(payoffs))
        game = copy.reduced_strategic_form()
        result = game.equilibria() if method == "enumerate" else game.pure_equilibria()
        varies = False
        for subset in result.maximal_subsets:
            if len({result.equilibria[e].payoffs for e in subset}) > 1:
                varies = True
        found = []
        seen = set()
        for equilibrium in result:
            behaviour = None
            key = (equilibrium.payoffs, equilibrium.strategies)
            if self.recall:
                profile = behaviour_strategies(copy, equilibrium)
                behaviour = {self.back[s]: row for s, row in profile.probabilities.items()}
                key = (equilibrium.payoffs, tuple(behaviour.items()))
            if key in seen:
                continue
            seen.add(key)
            choices = self.pure_choices(equilibrium) if equilibrium.is_pure else None
            found.append(LocalEquilibrium(Node(self.tree, self.root), equilibrium,
                                          tuple(equilibrium.payoffs), tuple(combo), behaviour,
                                          choices))
        return found, varies

