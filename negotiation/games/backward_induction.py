r"""Every pure subgame-perfect equilibrium of a game tree of perfect information.

In a tree of perfect information every decision node starts a subgame, so a pure
strategy profile is subgame perfect exactly when, at every decision node, the player
who moves chooses an action that maximises their payoff given the play the profile
prescribes below (Kuhn 1953; Selten 1965).  Backward induction computes this from
the leaves up.  At a chance node the value is the probability-weighted sum of the
children's values; at any node the payoffs of an outcome attached to it are added
(Gambit's non-terminal outcomes).

**Ties.**  When a player is indifferent between actions, each optimal action starts
its own equilibria, and since the other players generally are *not* indifferent,
upstream choices may depend on how the tie is broken.  So the solver keeps, for
every node, the set :math:`V(v)` of payoff vectors that subgame-perfect play of the
subtree can give, each with the number of subtree profiles giving it:

* at a decision node of player :math:`i` with children :math:`c_1, \ldots, c_m`, a
  vector :math:`x \in V(c_j)` is reached by choosing :math:`c_j` if every other child
  :math:`c_k` has some :math:`y \in V(c_k)` with :math:`y_i \le x_i`; the number of
  profiles is :math:`n_j(x) \prod_{k \ne j} \#\{y \in V(c_k): y_i \le x_i\}`
  (counted with multiplicity);
* at a chance node, every combination of children's vectors gives their
  probability-weighted sum, with the product of the counts.

The total count at the root is the number of pure subgame-perfect equilibria (a
Python integer, exact however large); the equilibria themselves are enumerated
lazily, one full strategy profile at a time, by a backtracking search that only
follows choices leading to equilibria.

**Speed.**  The tree is first swept level by level with numpy (integers as int64
when every payoff is an integer and there is no chance node, exact rationals as
:class:`fractions.Fraction` objects, floats as float64), breaking ties towards the
first optimal action and marking every node with a tie at or below it.  The set
computation above runs only on marked nodes, so a tree without ties is solved in a
few vectorised passes, and one with a few ties costs little more.  No recursion is
used: trees of any depth work.

Floats are compared with an absolute tolerance ``tol``; exact numbers exactly.

References: Kuhn, H. W. (1953). Extensive games and the problem of information.
*Contributions to the Theory of Games II*, 193–216.  Selten, R. (1965).
Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit.
*Zeitschrift für die gesamte Staatswissenschaft* 121, 301–324.  Osborne, M. J. &
Rubinstein, A. (1994). *A Course in Game Theory*, MIT Press, §6.2.
"""

import bisect
import itertools
import math
import sys
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .._numbers import format_number
from ..errors import GameError, SolverError
from .tree import CHANCE, Node, _show

__all__ = ["SubgamePerfectEquilibria", "SubgamePerfectEquilibrium", "subgame_perfect"]

#: At most this many combinations of children's equilibrium payoffs at one chance node.
MAX_COMBINATIONS = 1_000_000
#: Trees with fewer nodes per level on average are swept node by node, not level by level.
_NARROW = 48



# ----------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class SubgamePerfectEquilibrium:
    """One pure subgame-perfect equilibrium of a tree of perfect information.

    Attributes
    ----------
    payoffs : tuple
        Each player's expected payoff (Fractions when the tree is exact).
    path : tuple of str
        The action labels played from the root: every decision along the equilibrium
        play, and every chance move whose outcome is certain (a single action with
        positive probability).  The path stops at the first chance node with two or
        more possible outcomes (``path_end`` is that node; ``path_complete`` is
        false); :meth:`plays` then lists every terminal node reached with its
        probability.
    choices : numpy.ndarray
        ``choices[k]`` is the index of the action chosen at node ``k`` (the node's
        ``index``), or -1 at chance and terminal nodes: the full strategy profile.
    """

    tree: object = field(repr=False)
    payoffs: tuple
    path: tuple
    choices: np.ndarray = field(repr=False)
    exact: bool = field(repr=False)

    @property
    def path_end(self):
        """The node where :attr:`path` ends (a terminal node, or a chance node)."""
        return _follow(self.tree, self.choices)[1]

    @property
    def path_complete(self):
        """Whether :attr:`path` reaches a terminal node (no uncertain chance move on it)."""
        return self.path_end.is_terminal

    def action(self, node):
        """The label of the action this equilibrium chooses at a decision ``node``."""
        if not isinstance(node, Node) or node.tree is not self.tree:
            raise GameError(f"{node!r} is not a node of this tree")
        choice = int(self.choices[node.index])
        if choice < 0:
            raise GameError(f"{node!r} is not a decision node")
        return node.actions[choice]

    @property
    def strategy(self):
        """``{node: action label}`` at every decision node (the full strategy profile)."""
        tree = self.tree
        out = {}
        for k in np.flatnonzero(self.choices >= 0):
            k = int(k)
            out[Node(tree, k)] = tree._infoset[k]._actions[int(self.choices[k])]
        return out

    def strategies(self):
        """``{player: {history: action label}}``: each player's plan at each of their nodes."""
        tree = self.tree
        out = {player: {} for player in tree.players}
        for k in np.flatnonzero(self.choices >= 0):
            k = int(k)
            infoset = tree._infoset[k]
            out[tree.players[infoset._player]][tree._history(k)] = infoset._actions[
                int(self.choices[k])
            ]
        return out

    def plays(self):
        """``[(probability, history, payoffs), ...]`` for each terminal node play reaches.

        Payoffs are those of the terminal node (the sum of the outcomes on its path);
        the probabilities (the product of the chance moves) sum to 1.
        """
        tree = self.tree
        n = tree.n_players
        zero = Fraction(0) if self.exact else 0.0
        one = Fraction(1) if self.exact else 1.0
        out = []
        stack = [(0, one, (zero,) * n)]
        while stack:
            k, probability, payoffs = stack.pop()
            outcome = tree._outcome[k]
            if outcome is not None:
                payoffs = tuple(
                    a + _number(b, self.exact) for a, b in zip(payoffs, outcome._payoffs)
                )
            infoset = tree._infoset[k]
            kids = tree._kids(k)
            if infoset is None:
                out.append((probability, tree._history(k), payoffs))
            elif infoset._player == CHANCE:
                for child, p in reversed(list(zip(kids, infoset._probabilities))):
                    p = _number(p, self.exact)
                    if p != 0:
                        stack.append((child, probability * p, payoffs))
            else:
                stack.append((kids[int(self.choices[k])], probability, payoffs))
        return out

    def explain(self):
        """One plain sentence for a policy reader."""
        tree = self.tree
        steps = []
        k = 0
        for label in self.path:
            infoset = tree._infoset[k]
            who = "chance" if infoset._player == CHANCE else tree.players[infoset._player]
            steps.append(f"{who} {'draws' if who == 'chance' else 'plays'} {label}")
            k = tree._first[k] + infoset._actions.index(label)
        play = ", then ".join(steps)
        if not self.path_complete:
            play = f"{play}, then chance moves" if steps else "chance moves first"
        elif not steps:
            play = "the game ends at once"
        payoffs = ", ".join(f"{p} {_name(u)}" for p, u in zip(tree.players, self.payoffs))
        expected = "expected payoffs" if not self.path_complete else "payoffs"
        return (
            f"In this subgame-perfect equilibrium {play}; {expected}: {payoffs}; every move, "
            "on the path or off it, is a best reply to the play that follows."
        )

    def to_dict(self):
        """Payoffs, path and every decision (exact values as ``"p/q"`` strings)."""
        tree = self.tree
        return {
            "payoffs": [format_number(u) for u in self.payoffs],
            "path": list(self.path),
            "path_complete": self.path_complete,
            "strategy": [
                {
                    "history": list(tree._history(int(k))),
                    "player": tree.players[tree._infoset[int(k)]._player],
                    "action": tree._infoset[int(k)]._actions[int(self.choices[k])],
                }
                for k in np.flatnonzero(self.choices >= 0)
            ],
        }

    def __eq__(self, other):
        return (
            isinstance(other, SubgamePerfectEquilibrium)
            and other.tree is self.tree
            and np.array_equal(other.choices, self.choices)
        )

    def __hash__(self):
        return hash((id(self.tree), self.choices.tobytes()))

    def __repr__(self):
        payoffs = ", ".join(_name(u) for u in self.payoffs)
        more = "" if self.path_complete else ", then chance"
        path = " → ".join(self.path) or "()"
        return f"<SubgamePerfectEquilibrium: path {path}{more}; payoffs ({payoffs})>"

    def _repr_html_(self):
        from ..display import spe_html

        return spe_html(self)


def _identity(x):
    return x


def _name(x):
    return str(x) if isinstance(x, Fraction) else _show(x)


def _number(value, exact):
    return value if exact else float(value)


def _follow(tree, choices):
    """The equilibrium path's labels and the node where it ends."""
    labels = []
    k = 0
    while True:
        infoset = tree._infoset[k]
        if infoset is None:
            break
        if infoset._player == CHANCE:
            possible = [a for a, p in enumerate(infoset._probabilities) if p != 0]
            if len(possible) != 1:
                break
            action = possible[0]
        else:
            action = int(choices[k])
        labels.append(infoset._actions[action])
        k = tree._first[k] + action
    return tuple(labels), Node(tree, k)


class SubgamePerfectEquilibria:
    """Every pure subgame-perfect equilibrium of a tree, counted exactly and listed lazily.

    Iterating gives :class:`SubgamePerfectEquilibrium` objects one at a time (there may
    be astronomically many when players are often indifferent); ``count`` is their
    exact number and ``payoff_counts`` how many give each payoff vector.  Indexing
    (``result[0]``) and ``len()`` work as for a list.
    """

    method = "backward induction"

    def __init__(self, tree, solver):
        self.tree = tree
        self._solver = solver
        self._cache = []
        self._iterator = None

    @property
    def count(self):
        """The exact number of pure subgame-perfect equilibria."""
        return self._solver.count

    @property
    def exact(self):
        return self._solver.exact

    @property
    def payoff_counts(self):
        """``{payoffs: number of equilibria giving them}``, payoffs in player order."""
        return dict(self._solver.root_values())

    @property
    def payoffs(self):
        """The distinct equilibrium payoff vectors."""
        return tuple(self.payoff_counts)

    @property
    def is_unique(self):
        return self.count == 1

    def __iter__(self):
        """A fresh, lazy pass over every equilibrium (nothing is kept in memory)."""
        return self._solver.equilibria()

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._len_capped())
            return [self[k] for k in range(start, stop, step)]
        if index < 0:
            index += self.count
        if index < 0:
            raise IndexError("equilibrium index out of range")
        if self._iterator is None:
            self._iterator = self._solver.equilibria()
        while len(self._cache) <= index:
            try:
                self._cache.append(next(self._iterator))
            except StopIteration:
                raise IndexError("equilibrium index out of range") from None
        return self._cache[index]

    def _len_capped(self):
        return min(self.count, sys.maxsize)

    def __len__(self):
        if self.count > sys.maxsize:
            raise OverflowError(
                f"there are {self.count} subgame-perfect equilibria, too many for len(); "
                "use .count"
            )
        return self.count

    def explain(self):
        """One or two plain sentences for a policy reader."""
        players = self.tree.players
        if self.count == 1:
            return self[0].explain()
        counts = self.payoff_counts
        described = "; ".join(
            f"({', '.join(f'{p} {_name(u)}' for p, u in zip(players, payoffs))}) in {n}"
            for payoffs, n in list(counts.items())[:5]
        )
        more = f" and {len(counts) - 5} more payoff vectors" if len(counts) > 5 else ""
        return (
            f"Backward induction finds {self.count} subgame-perfect equilibria, because some "
            f"player is indifferent between actions; their payoffs: {described}{more}. "
            f"For example: {self[0].explain()}"
        )

    def to_dict(self, limit=100):
        """The count, the payoff vectors and the first ``limit`` equilibria."""
        shown = self[: min(limit, self.count)]
        return {
            "method": self.method,
            "count": self.count,
            "payoffs": [
                {"payoffs": [format_number(u) for u in payoffs], "count": n}
                for payoffs, n in self.payoff_counts.items()
            ],
            "equilibria": [e.to_dict() for e in shown],
            "truncated": self.count > len(shown),
        }

    def __repr__(self):
        return f"<SubgamePerfectEquilibria: {self.count} of {self.tree!r}>"

    def _repr_html_(self):
        from ..display import spe_set_html

        return spe_set_html(self)


# ------------------------------------------------------------------ solver
def subgame_perfect(tree, tol=1e-9):
    """Every pure subgame-perfect equilibrium of a tree of perfect information.

    Parameters
    ----------
    tree : GameTree
        Every information set of a player must hold a single node (chance nodes may
        share chance events); payoffs and probabilities must be numbers (use
        :meth:`GameTree.substitute` first for a tree with parameters).
    tol : float, optional
        Two float payoffs within ``tol`` of each other are a tie (default 1e-9);
        exact payoffs are compared exactly.

    Returns
    -------
    SubgamePerfectEquilibria
        Lazily enumerated, with the exact count.

    Raises
    ------
    GameError
        If the tree has imperfect information or symbolic payoffs.
    SolverError
        If one chance node has more than ``MAX_COMBINATIONS`` combinations of
        equilibrium payoffs below it (massive ties under chance).
    """
    return SubgamePerfectEquilibria(tree, _Solver(tree, tol))


class _Solver:
    def __init__(self, tree, tol):
        self.tree = tree
        self.tol = float(tol)
        self._check(tree)
        self._flatten()
        self._sweep()
        self._region_values()

    # ---------------------------------------------------------- checking
    @staticmethod
    def _check(tree):
        for infoset in tree._infoset:
            if infoset is not None and len(infoset._members) > 1 and infoset._player != CHANCE:
                name = f" {infoset._label!r}" if infoset._label else ""
                nodes = " and ".join(tree._where(k) for k in infoset._members[:2])
                raise GameError(
                    f"backward induction needs perfect information, but the information "
                    f"set{name} of {infoset.player} has {len(infoset._members)} nodes "
                    f"({nodes}{', ...' if len(infoset._members) > 2 else ''})"
                )

    # -------------------------------------------------------- flattening
    def _flatten(self):
        """Number the nodes in breadth-first order (each level the children of the last).

        ``order[position]`` is the node index at a position; the children of a node are
        contiguous, starting at ``first[position]``, and the levels are
        ``level_start[d] : level_start[d + 1]``.
        """
        tree = self.tree
        infosets = tree._infoset
        size = len(tree)
        first_index = tree._first
        count_index = tree._count
        order = [0]
        level_start = [0, 1]
        extend = order.extend
        position = 0
        while position < len(order):
            if position == level_start[-1]:
                level_start.append(len(order))
            k = order[position]
            count = count_index[k]
            if count:
                start = first_index[k]
                extend(range(start, start + count))
            position += 1
        if level_start[-1] != len(order):
            level_start.append(len(order))
        n = len(order)
        order = np.asarray(order, dtype=np.int64)
        self.n = n
        self.order = order
        self.level_start = level_start
        self.nchild = np.frombuffer(count_index, dtype=np.int64)[order]
        # children are appended in the order of their parents: the first child of the
        # j-th node with children comes after the children of the ones before it
        parents = np.flatnonzero(self.nchild)
        first = np.full(n, -1, dtype=np.int64)
        counts = self.nchild[parents]
        first[parents] = 1 + np.cumsum(counts) - counts
        self.first = first
        self.player = np.frombuffer(tree._mover, dtype=np.int64)[order]

        # numbers: int64, exact int/Fraction objects, or float64
        outcomes = tree._outcome
        with_outcome = [k for k, o in enumerate(outcomes) if o is not None]
        table = [outcomes[k]._payoffs for k in with_outcome]
        chance_positions = np.flatnonzero(self.player == CHANCE)
        probabilities = [
            p for c in chance_positions.tolist() for p in infosets[order[c]]._probabilities
        ]
        types = {type(u) for row in table for u in row} | {type(p) for p in probabilities}
        if not types <= {int, Fraction, float}:
            value = next(
                v for v in itertools.chain(itertools.chain.from_iterable(table), probabilities)
                if type(v) not in (int, Fraction, float)
            )
            raise GameError(
                f"the tree has the symbolic value {value}; substitute values for its "
                f"parameters ({', '.join(tree.parameters)}) before solving"
            )
        n_players = tree.n_players
        self.exact = exact = float not in types
        self.kind = "float" if not exact else "object"
        payoff_table = None
        if exact and not len(chance_positions) and Fraction not in types:
            try:
                payoff_table = np.array(table, dtype=np.int64).reshape(-1, n_players)
            except OverflowError:
                payoff_table = None
            else:
                bound = int(np.abs(payoff_table).max()) if len(table) else 0
                if bound * (len(level_start) + 1) < 2**62:
                    self.kind = "int"
                else:
                    payoff_table = None
        if self.kind == "float":
            dtype = np.float64
            convert = float
        else:
            dtype = np.int64 if self.kind == "int" else object
            convert = _identity
        if payoff_table is None:
            payoff_table = np.array(table, dtype=dtype).reshape(-1, n_players)
        zero = convert(0)
        row = np.full(size, len(table), dtype=np.int64)
        row[with_outcome] = np.arange(len(table))
        payoff_table = np.concatenate([payoff_table, np.zeros((1, n_players), dtype=dtype)])
        if dtype is object:
            payoff_table[-1] = 0
        outcome_row = row[order]
        self.own = payoff_table[outcome_row]
        self.has_own = outcome_row != len(table)
        self.zero = zero
        self.convert = convert
        # probability of reaching each position from its parent (chance children only)
        self.probability = None
        if len(chance_positions):
            probability = np.zeros(n, dtype=dtype)
            if dtype is object:
                probability[:] = 0
            for c in chance_positions.tolist():
                start = int(first[c])
                for a, p in enumerate(infosets[int(order[c])]._probabilities):
                    probability[start + a] = convert(p)
            self.probability = probability

    # ------------------------------------------------------------ sweep
    def _sweep(self):
        """Values, first optimal choices and tie marks, level by level (numpy) or node by node.

        Each level costs a few dozen numpy calls, so a deep narrow tree (a long chain)
        is swept node by node in plain Python instead.
        """
        if self.n < _NARROW * (len(self.level_start) - 1):
            self._sweep_nodes()
            return
        n = self.n
        val = self.own.copy()
        choice = np.full(n, -1, dtype=np.int64)
        tie = np.zeros(n, dtype=bool)
        exact = self.kind != "float"
        tol = self.tol
        levels = self.level_start
        for level in range(len(levels) - 3, -1, -1):
            a, b = levels[level], levels[level + 1]
            c0, c1 = levels[level + 1], levels[level + 2]
            if c0 == c1:
                continue
            local = np.flatnonzero(self.nchild[a:b]) + a
            starts = self.first[local] - c0
            counts = self.nchild[local]
            players = self.player[local]
            child_val = val[c0:c1]
            group = np.repeat(np.arange(len(local)), counts)
            decision = players >= 0
            if decision.any():
                child_player = np.repeat(np.where(decision, players, 0), counts)
                key = child_val[np.arange(c1 - c0), child_player]
                best = np.maximum.reduceat(key, starts)
                if exact:
                    is_max = key == best[group]
                else:
                    is_max = key >= best[group] - tol
                is_max = is_max.astype(bool)
                n_max = np.add.reduceat(is_max.astype(np.int64), starts)
                first_max = np.minimum.reduceat(
                    np.where(is_max, np.arange(c1 - c0), c1 - c0), starts
                )
                d = local[decision]
                choice[d] = (first_max - starts)[decision]
                val[d] += child_val[first_max[decision]]
                tie[d] = n_max[decision] > 1
            chance = ~decision
            if chance.any():
                weighted = self.probability[c0:c1, None] * child_val
                sums = np.add.reduceat(weighted, starts, axis=0)
                val[local[chance]] += sums[chance]
            tie[local] |= np.logical_or.reduceat(tie[c0:c1], starts)
        self.val = val
        self.choice = choice
        self.tie = tie

    def _sweep_nodes(self):
        """The sweep of :meth:`_sweep`, one node at a time from the last position back."""
        n = self.n
        kind = self.kind
        tol = self.tol if kind == "float" else None
        if kind == "object":
            own = [tuple(row) for row in self.own]
        else:
            own = self.own.tolist()
        first = self.first.tolist()
        nchild = self.nchild.tolist()
        player = self.player.tolist()
        probability = self.probability.tolist() if self.probability is not None else None
        val = [None] * n
        choice = [-1] * n
        tie = [False] * n
        for position in range(n - 1, -1, -1):
            count = nchild[position]
            mine = own[position]
            if not count:
                val[position] = mine
                continue
            start = first[position]
            mover = player[position]
            below = any(tie[start : start + count])
            if mover >= 0:
                keys = [val[c][mover] for c in range(start, start + count)]
                best = max(keys)
                if tol is None:
                    optimal = [j for j, key in enumerate(keys) if key == best]
                else:
                    optimal = [j for j, key in enumerate(keys) if key >= best - tol]
                choice[position] = optimal[0]
                tie[position] = below or len(optimal) > 1
                chosen = val[start + optimal[0]]
                val[position] = [u + w for u, w in zip(mine, chosen)]
            else:
                total = list(mine)
                for c in range(start, start + count):
                    p = probability[c]
                    total = [u + p * w for u, w in zip(total, val[c])]
                val[position] = total
                tie[position] = below
        dtype = {"int": np.int64, "float": np.float64, "object": object}[kind]
        array = np.empty((n, self.tree.n_players), dtype=dtype)
        array[:] = val
        self.val = array
        self.choice = np.asarray(choice, dtype=np.int64)
        self.tie = np.asarray(tie, dtype=bool)

    # ----------------------------------------------------------- ties
    def _row(self, position):
        return tuple(self.val[position].tolist()) if self.kind != "object" else tuple(
            self.val[position]
        )

    def _own(self, position):
        if not self.has_own[position]:
            return None
        row = self.own[position]
        return tuple(row.tolist()) if self.kind != "object" else tuple(row)

    def _values_of(self, position):
        if self.tie[position]:
            return self.values[position]
        return {self._row(position): 1}

    def _region_values(self):
        """V(v) and how each value arises, for every node with a tie at or below it."""
        self.values = {}
        self.origins = {}
        region = np.flatnonzero(self.tie)
        tol = 0.0 if self.kind != "float" else self.tol
        for position in region[::-1].tolist():
            start = int(self.first[position])
            kids = range(start, start + int(self.nchild[position]))
            child_sets = [self._values_of(c) for c in kids]
            own = self._own(position)
            player = int(self.player[position])
            values = {}
            origins = {}
            if player >= 0:
                ordered = []
                for child_set in child_sets:
                    pairs = sorted((x[player], count) for x, count in child_set.items())
                    keys = [t for t, _ in pairs]
                    totals = list(itertools.accumulate(count for _, count in pairs))
                    ordered.append((keys, totals))
                cache = {}
                for j, child_set in enumerate(child_sets):
                    for x, count in child_set.items():
                        t = x[player]
                        below = cache.get(t)
                        if below is None:
                            below = []
                            for keys, totals in ordered:
                                at = bisect.bisect_right(keys, t + tol if tol else t)
                                below.append(totals[at - 1] if at else 0)
                            cache[t] = below
                        others = math.prod(below[:j]) * math.prod(below[j + 1 :])
                        if not others:
                            continue
                        value = x if own is None else tuple(u + w for u, w in zip(x, own))
                        values[value] = values.get(value, 0) + count * others
                        origins.setdefault(value, []).append((j, x))
            else:
                combinations = math.prod(len(s) for s in child_sets)
                if combinations > MAX_COMBINATIONS:
                    raise SolverError(
                        f"{self.tree._where(int(self.order[position]))} (a chance node) has "
                        f"{combinations} combinations of subgame-perfect payoffs below it (more "
                        f"than {MAX_COMBINATIONS}); the players are indifferent too often for "
                        "the equilibria to be listed"
                    )
                probabilities = [self.probability[c] for c in kids]
                zero = self.zero
                for combination in itertools.product(*(s.items() for s in child_sets)):
                    total = list(own) if own is not None else [zero] * self.tree.n_players
                    count = 1
                    for p, (x, n) in zip(probabilities, combination):
                        count *= n
                        for i, u in enumerate(x):
                            total[i] = total[i] + p * u
                    value = tuple(total)
                    values[value] = values.get(value, 0) + count
                    origins.setdefault(value, []).append(tuple(x for x, _ in combination))
            self.values[position] = values
            self.origins[position] = origins

    def root_values(self):
        convert = Fraction if self.exact else float
        return {
            tuple(convert(u) for u in value): count for value, count in self._values_of(0).items()
        }

    @property
    def count(self):
        return sum(self._values_of(0).values())

    # ------------------------------------------------------ enumeration
    def _options(self, task):
        """The alternatives for one task: (assignment or None, new tasks)."""
        kind, position = task[0], task[1]
        tol = 0.0 if self.kind != "float" else self.tol
        if kind == "any":
            return [(None, [("eq", position, x)]) for x in self.values[position]]
        if kind == "le":
            _, _, player, bound = task
            return [
                (None, [("eq", position, x)])
                for x in self.values[position]
                if x[player] <= (bound + tol if tol else bound)
            ]
        value = task[2]
        start = int(self.first[position])
        player = int(self.player[position])
        tie = self.tie
        out = []
        for origin in self.origins[position][value]:
            if player >= 0:
                j, x = origin
                tasks = []
                for k in range(int(self.nchild[position])):
                    child = start + k
                    if not tie[child]:
                        continue
                    if k == j:
                        tasks.append(("eq", child, x))
                    else:
                        tasks.append(("le", child, player, x[player]))
                out.append(((position, j), tasks))
            else:
                tasks = [
                    ("eq", start + k, x) for k, x in enumerate(origin) if tie[start + k]
                ]
                out.append((None, tasks))
        return out

    def equilibria(self):
        """Yield every subgame-perfect equilibrium (lazily, by backtracking)."""
        choice = self.choice.copy()
        if not self.tie[0]:
            yield self._result(choice, self._row(0))
            return
        # pending tasks form a persistent linked list (task, rest) so that a choice
        # point can resume from the same list without copying it.
        choice_points = []

        def apply(option, rest):
            assignment, tasks = option
            if assignment is not None:
                choice[assignment[0]] = assignment[1]
            for task in reversed(tasks):
                rest = (task, rest)
            return rest

        pending = (("any", 0), None)
        while True:
            while pending is not None:
                task, rest = pending
                options = self._options(task)
                if len(options) > 1:
                    choice_points.append([options, 1, rest])
                pending = apply(options[0], rest)
            yield self._result(choice, None)
            while choice_points:
                point = choice_points[-1]
                options, index, rest = point
                if index + 1 >= len(options):
                    choice_points.pop()
                else:
                    point[1] = index + 1
                pending = apply(options[index], rest)
                break
            else:
                return

    def _result(self, choice, payoffs):
        tree = self.tree
        choices = np.full(self.n, -1, dtype=np.int64)
        choices[self.order] = choice
        choices.setflags(write=False)
        if payoffs is None:
            payoffs = self._payoffs_of(choices)
        convert = Fraction if self.exact else float
        payoffs = tuple(convert(u) for u in payoffs)
        path, _ = _follow(tree, choices)
        return SubgamePerfectEquilibrium(tree, payoffs, path, choices, self.exact)

    def _payoffs_of(self, choices):
        """Expected payoffs at the root under a full profile (walking the reached nodes)."""
        tree = self.tree
        total = [self.zero] * tree.n_players
        for k, probability in tree._reach(choices, self.convert(1)):
            outcome = tree._outcome[k]
            if outcome is not None:
                for i, u in enumerate(outcome._payoffs):
                    total[i] = total[i] + probability * self.convert(u)
        return total
