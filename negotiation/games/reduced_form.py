r"""The reduced strategic form of a game tree.

A *pure strategy* of a player names an action at each of the player's information
sets.  Many pure strategies are equivalent: once a player's own earlier move rules
an information set out, what the strategy says there never matters.  A *reduced
strategy* (a *plan of action*) names actions only at the information sets the
player's own moves leave reachable; the other sets are left open (``*``).  The
reduced strategic form has one strategy per plan and, at each profile, the expected
payoffs over chance; it is the strategic form with equivalent strategies merged, as
Gambit computes it (Gambit's "reduced normal form").

Formally, let :math:`h_1, \ldots, h_m` be player :math:`i`'s information sets in
preorder of their first node.  A node :math:`v` is *consistent* with a partial plan
when at every ancestor of :math:`v` that belongs to :math:`i` the plan names the
action leading towards :math:`v`.  Plans are enumerated by branching, each time, on
the first undecided information set that has a consistent node, over its actions in
order; a plan is complete when no undecided set has one.  Each pure strategy agrees
with exactly one plan, which works for trees without perfect recall too (an
information set's reachability may then depend on several earlier choices).

Expected payoffs are
:math:`u(s) = \sum_v \pi_0(v)\, u(v) \prod_i [v \text{ consistent with } s_i]`, the
sum over the nodes :math:`v` that carry an outcome (terminal or not), :math:`\pi_0(v)`
being the product of the chance probabilities on the path to :math:`v`; it is exact
when payoffs and probabilities are.

Reference: Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*, MIT
Press, §11.1 (reduced strategic form); Kuhn, H. W. (1953). Extensive games and the
problem of information.
"""

import math
from fractions import Fraction

import numpy as np

from ..errors import GameError

__all__ = ["MAX_PROFILES", "MAX_STRATEGIES", "reduced_strategic_form", "reduced_strategies"]

#: At most this many reduced strategies per player.
MAX_STRATEGIES = 100_000
#: At most this many strategy profiles in a reduced strategic form.
MAX_PROFILES = 10_000_000


class _Plans:
    """The reduced strategies of one player, with what is needed to compute payoffs."""

    def __init__(self, tree, player, limit=MAX_STRATEGIES):
        self.tree = tree
        self.player = player
        self.infosets = [s for s in tree.information_sets() if s._player == player]
        where = {id(s): j for j, s in enumerate(self.infosets)}
        # constraint[k]: the player's own choices on the path to node k, as a linked list
        # (infoset position, action index, rest) of the player's ancestors, or None.
        size = len(tree)
        constraint = [None] * size
        for k in tree._preorder():
            parent = tree._parent[k]
            if parent < 0:
                continue
            infoset = tree._infoset[parent]
            if infoset._player == player:
                constraint[k] = (where[id(infoset)], k - tree._first[parent], constraint[parent])
            else:
                constraint[k] = constraint[parent]
        self.constraint = constraint
        # the player's decision nodes in preorder, each with its information set's position
        self.decisions = [(k, where[id(tree._infoset[k])]) for k in tree._preorder()
                          if tree._infoset[k] is not None and tree._infoset[k]._player == player]
        self.limit = limit
        self.count = self._count()
        if self.count is not None and self.count > limit:
            self._too_many()
        self._plans = None

    @property
    def plans(self):
        """The plans: one tuple per reduced strategy, an action index (or -1) per infoset."""
        if self._plans is None:
            self._plans = self._enumerate(self.limit)
        return self._plans

    def _too_many(self):
        name = self.tree.players[self.player]
        count = f"{self.count}" if self.count is not None else f"more than {self.limit}"
        raise GameError(
            f"{name} has {count} reduced strategies, too many for the reduced strategic form "
            f"(at most {self.limit}); solve the tree by backward induction or in sequence form "
            "instead"
        )

    def _sequence(self, k):
        out = []
        link = self.constraint[k]
        while link is not None:
            out.append(link[:2])
            link = link[2]
        return out

    def _count(self):
        """The number of plans when the player has perfect recall (else None).

        With perfect recall every information set has one *parent sequence*: the
        player's own last (information set, action) before it.  The number of plans
        below a sequence is the product, over the information sets it leads to, of the
        sums over their actions of the number of plans below each (Koller, Megiddo and
        von Stengel 1996); information sets come after their parent's in our order.
        """
        parents = []
        for infoset in self.infosets:
            first = self.constraint[infoset._members[0]]
            head = None if first is None else first[:2]
            sequence = self._sequence(infoset._members[0])
            for k in infoset._members[1:]:
                if self._sequence(k) != sequence:
                    return None
            parents.append(head)
        below = {}  # (infoset, action) -> product of the values of the sets it leads to
        values = [0] * len(self.infosets)
        for j in range(len(self.infosets) - 1, -1, -1):
            values[j] = sum(below.get((j, a), 1) for a in range(len(self.infosets[j]._actions)))
            parent = parents[j]
            below[parent] = below.get(parent, 1) * values[j]
        return below.get(None, 1)

    def consistent(self, k, plan):
        link = self.constraint[k]
        while link is not None:
            j, a, link = link
            if plan[j] != a:
                return False
        return True

    def _next(self, plan):
        """The information set to branch on: the one with the first node, in preorder, that
        ``plan`` leaves reachable and undecided (Gambit's order of reduced strategies)."""
        for k, j in self.decisions:
            if plan[j] < 0 and self.consistent(k, plan):
                return j
        return None

    def _enumerate(self, limit):
        plans = []
        stack = [[-1] * len(self.infosets)]
        while stack:
            plan = stack.pop()
            j = self._next(plan)
            if j is None:
                plans.append(tuple(plan))
                if len(plans) > limit:
                    self._too_many()
                continue
            for a in reversed(range(len(self.infosets[j]._actions))):
                branch = plan.copy()
                branch[j] = a
                stack.append(branch)
        return plans

    def label(self, plan, style):
        if style == "gambit":
            return "".join("*" if a < 0 else str(a + 1) for a in plan)
        parts = ["*" if a < 0 else s._actions[a] for s, a in zip(self.infosets, plan)]
        return "/".join(parts)

    def as_dict(self, plan):
        return {s: s._actions[a] for s, a in zip(self.infosets, plan) if a >= 0}


def reduced_strategies(tree, player):
    """The reduced strategies (plans of action) of ``player``, in the order of the strategic form.

    Returns a list of dicts ``{InformationSet: action label}`` naming an action at
    every information set the plan leaves reachable (the others are absent).
    """
    plans = _Plans(tree, tree._player_index(player))
    return [plans.as_dict(plan) for plan in plans.plans]


def reduced_strategic_form(tree, labels="actions"):
    """The reduced strategic form of ``tree`` as a :class:`NormalFormGame`.

    Parameters
    ----------
    tree : GameTree
        Numeric payoffs and probabilities (substitute parameters first).
    labels : {"actions", "gambit"}, optional
        How strategies are labelled.  ``"actions"`` (default) joins the action labels
        at the player's information sets (in preorder of their first node) with
        ``/``, writing ``*`` where the plan leaves a set unreachable:
        ``"offer/*"``.  ``"gambit"`` writes action numbers from 1 instead, as
        Gambit 16 labels reduced strategies: ``"1*"``.  A player without information
        sets has one strategy, labelled ``""``.

    Returns
    -------
    NormalFormGame
        Exact when the tree is exact.  Strategies are in Gambit's order: branching,
        actions in order, on the information set with the first node in preorder that the
        choices made so far leave reachable.

    Raises
    ------
    GameError
        If the tree has symbolic values, a player has more than ``MAX_STRATEGIES``
        reduced strategies, or there are more than ``MAX_PROFILES`` profiles.
    """
    from .normal_form import NormalFormGame

    if labels not in ("actions", "gambit"):
        raise GameError(f"labels must be 'actions' or 'gambit', not {labels!r}")
    tree._require_numbers("computing the strategic form")
    n = tree.n_players
    players = [_Plans(tree, i) for i in range(n)]
    for counted in (True, False):
        shape = tuple(
            len(p.plans) if not counted or p.count is None else p.count for p in players
        )
        profiles = math.prod(shape)
        if profiles > MAX_PROFILES:
            raise GameError(
                f"the reduced strategic form has {' x '.join(map(str, shape))} = {profiles} "
                f"profiles, more than {MAX_PROFILES}; solve the tree by backward induction or "
                "in sequence form instead"
            )

    # nodes with an outcome, and the chance probability of reaching each
    nodes = [(k, p) for k, p in tree._reach() if tree._outcome[k] is not None]

    exact = tree.exact
    weights = [[probability * u for u in tree._outcome[k]._payoffs] for k, probability in nodes]
    payoffs = _payoff_arrays(players, nodes, weights, n, shape, exact)
    actions = [[plans.label(plan, labels) for plan in plans.plans] for plans in players]
    return NormalFormGame(payoffs, tree.players, actions, title=tree.title)


def _payoff_arrays(players, nodes, weights, n, shape, exact):
    """``payoffs[p][s_1, ..., s_n]`` by one contraction per player over the outcome nodes.

    Exact weights are scaled to integers by their common denominator, so the sums run in
    int64 (or Python integers when they might overflow) rather than in Fractions.
    """
    if not nodes:
        return np.zeros((n, *shape), dtype=object if exact else float)
    if exact:
        denominator = math.lcm(*(Fraction(w).denominator for row in weights for w in row))
        scaled = [[int(Fraction(w) * denominator) for w in row] for row in weights]
        total = max(sum(abs(row[p]) for row in scaled) for p in range(n))
        dtype = np.int64 if total < 2**62 else object
        weight_array = np.array(scaled, dtype=dtype)
    else:
        dtype = float
        weight_array = np.array(weights, dtype=float)
    masks = []
    for plans in players:
        mask = np.zeros((len(plans.plans), len(nodes)), dtype=dtype)
        for s, plan in enumerate(plans.plans):
            for row, (k, _) in enumerate(nodes):
                if plans.consistent(k, plan):
                    mask[s, row] = 1
        masks.append(mask)
    letters = "abcdefghijklmnopqrstuvwxyz"
    if n > len(letters) - 1:
        raise GameError(f"the reduced strategic form supports at most 25 players, not {n}")
    spec = ",".join(f"{letters[i]}z" for i in range(n)) + ",z->" + letters[:n]
    payoffs = np.empty((n, *shape), dtype=object if exact else float)
    for p in range(n):
        value = np.einsum(spec, *masks, weight_array[:, p], optimize=False)
        if exact:
            value = np.vectorize(
                lambda x: Fraction(int(x), denominator), otypes=[object]
            )(value)
        payoffs[p] = value
    return payoffs
