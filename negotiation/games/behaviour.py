r"""Behaviour strategies, perfect recall, and Kuhn's theorem.

A *behaviour strategy* of player :math:`i` gives, at each of the player's information
sets :math:`h`, a probability distribution :math:`b_i(\cdot \mid h)` over the actions
there, drawn independently at each set.  A *mixed strategy* :math:`\mu_i` is a
probability distribution over the player's (reduced) pure strategies.  Two strategies
are *realisation-equivalent* when, whatever the others do, they reach every node with
the same probability.

**Perfect recall.**  Player :math:`i` has perfect recall when the nodes of each of
their information sets are reached by the same sequence :math:`\sigma_h` of the
player's own earlier (information set, action) pairs: the player never forgets what
they knew or did.  (A node with an ancestor in its own information set, the
"absent-minded driver", breaks this.)

**Kuhn's theorem** (Kuhn 1953; Osborne & Rubinstein 1994, Prop. 214.1).  In a game
with perfect recall every mixed strategy has a realisation-equivalent behaviour
strategy, namely

.. math::

    b_i(a \mid h) = \frac{\mu_i(\{p : p \text{ agrees with } \sigma_h
    \text{ and } p(h) = a\})}{\mu_i(\{p : p \text{ agrees with } \sigma_h\})},

where the sums run over the reduced strategies :math:`p` that take the actions of
:math:`\sigma_h` (those are exactly the plans that leave :math:`h` reachable).  When
the denominator is zero the player's own mixed strategy never reaches :math:`h`, and
*every* behaviour at :math:`h` is realisation-equivalent: such sets are reported as
``None`` ("any action"), not as an arbitrary pick.

The realisation probability of a node :math:`v` under behaviour strategies is the
product of the chance probabilities and the behaviour probabilities of the actions on
its path; under mixed strategies it is :math:`\pi_0(v) \prod_i \mu_i(\{p : v
\text{ consistent with } p\})`.  Kuhn's theorem says the two agree on every node.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. In H. W. Kuhn &
A. W. Tucker (eds.), *Contributions to the Theory of Games II*, Princeton UP, 193–216.
Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*, MIT Press, §11.4.
"""

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .._numbers import exact_value, format_number
from ..errors import GameError
from .normal_form import NormalFormGame
from .reduced_form import _Plans
from .tree import CHANCE, InformationSet, Node, _show

__all__ = [
    "BehaviourProfile",
    "behaviour_strategies",
    "check_perfect_recall",
    "has_perfect_recall",
    "mixed_realization",
    "realization",
]


# ------------------------------------------------------------------ recall
def _recall_failure(tree, player, plans=None):
    """``None`` if ``player`` has perfect recall, else (information set, node a, node b)."""
    plans = plans or _Plans(tree, player, limit=float("inf"))
    for infoset in plans.infosets:
        first = infoset._members[0]
        sequence = plans._sequence(first)
        for k in infoset._members[1:]:
            if plans._sequence(k) != sequence:
                return infoset, first, k
    return None


def has_perfect_recall(tree):
    """Whether every player of ``tree`` has perfect recall."""
    return all(_recall_failure(tree, i) is None for i in range(tree.n_players))


def check_perfect_recall(tree, what="behaviour strategies"):
    """Raise :class:`GameError` naming the first player and information set that forgets.

    ``what`` names the computation that needs perfect recall, for the message.
    """
    for i in range(tree.n_players):
        failure = _recall_failure(tree, i)
        if failure is not None:
            infoset, a, b = failure
            name = f" {infoset.label!r}" if infoset.label else ""
            raise GameError(
                f"computing {what} needs perfect recall, but {tree.players[i]!r} forgets at the "
                f"information set{name}: {tree._where(a)} and {tree._where(b)} are reached "
                f"by different earlier moves of {tree.players[i]!r}"
            )


# ---------------------------------------------------------------- profiles
@dataclass(frozen=True, eq=False)
class BehaviourProfile:
    """A behaviour strategy for every player of a tree.

    Attributes
    ----------
    tree : GameTree
    probabilities : dict
        ``{InformationSet: tuple of probabilities}`` (in the set's action order) for
        every players' information set; ``None`` where any behaviour is
        realisation-equivalent (the player's own strategy never reaches the set).
    exact : bool
        Whether the probabilities are exact (Fractions).
    """

    tree: object = field(repr=False)
    probabilities: dict
    exact: bool = True

    def __getitem__(self, infoset):
        """``{action: probability}`` at ``infoset`` (``None`` for "any action")."""
        if not isinstance(infoset, InformationSet) or infoset not in self.probabilities:
            raise GameError(f"{infoset!r} is not an information set of this profile's tree")
        row = self.probabilities[infoset]
        return None if row is None else dict(zip(infoset.actions, row))

    @property
    def is_pure(self):
        """Whether every constrained information set has a single action of probability 1."""
        return all(row is None or max(row) == 1 for row in self.probabilities.values())

    def strategies(self):
        """``{player: {information set: {action: probability} or None}}``."""
        out = {player: {} for player in self.tree.players}
        for infoset in self.probabilities:
            out[infoset.player][infoset] = self[infoset]
        return out

    def realization(self):
        """``{node: probability of reaching it}`` for every node (see :func:`realization`)."""
        return realization(self.tree, self)

    def payoffs(self):
        """Each player's expected payoff under the profile."""
        return _expected(self.tree, realization(self.tree, self), self.exact)

    def describe(self, limit=8):
        """One clause per information set (at most ``limit``), in preorder."""
        parts = []
        for infoset, row in list(self.probabilities.items())[:limit]:
            where = _name_infoset(self.tree, infoset)
            if row is None:
                parts.append(f"{infoset.player} may do anything at {where} (never reached)")
                continue
            played = [(a, p) for a, p in zip(infoset.actions, row) if p != 0]
            if len(played) == 1:
                parts.append(f"{infoset.player} plays {played[0][0]} at {where}")
            else:
                mix = ", ".join(f"{a} with {_number(p)}" for a, p in played)
                parts.append(f"{infoset.player} plays {mix} at {where}")
        more = len(self.probabilities) - limit
        if more > 0:
            parts.append(f"and so on at {more} more information sets")
        return "; ".join(parts)

    def explain(self):
        """One plain sentence for a policy reader."""
        if not self.probabilities:
            return "No player moves in this game."
        kind = "pure" if self.is_pure else "mixed"
        return f"In this {kind} behaviour profile {self.describe()}."

    def to_dict(self):
        """``{"information_sets": [...]}``, exact probabilities as ``"p/q"`` strings."""
        rows = []
        for infoset, row in self.probabilities.items():
            rows.append({
                "player": infoset.player,
                "label": infoset.label,
                "history": list(infoset.members[0].history),
                "actions": list(infoset.actions),
                "probabilities": None if row is None else [format_number(p) for p in row],
            })
        return {"information_sets": rows}

    def __repr__(self):
        return f"<BehaviourProfile: {self.describe(limit=3)}>"


def _name_infoset(tree, infoset):
    if infoset.label:
        return f"information set {infoset.label!r}"
    first = infoset._members[0]
    where = tree._where(first)
    if len(infoset._members) > 1:
        return f"the information set of {where} ({len(infoset._members)} nodes)"
    return where


def _number(x):
    return str(x) if isinstance(x, Fraction) else _show(x)


# ------------------------------------------------------------------- Kuhn
class _PlanForm:
    """Just enough of a strategic form (players, reduced-strategy labels) to check profiles.

    :meth:`NormalFormGame.profile` does the checking, without the payoffs being computed.
    """

    def __init__(self, tree, players_plans):
        self._players = tree.players
        self._actions = tuple(
            tuple(plans.label(plan, "actions") for plan in plans.plans) for plans in players_plans
        )
        self._exact = True
        self.n_players = tree.n_players
        self.shape = tuple(len(labels) for labels in self._actions)

    player_index = NormalFormGame.player_index
    action_index = NormalFormGame.action_index
    profile = NormalFormGame.profile


def _mixed_vectors(tree, strategies, players_plans):
    """Per-player probability vectors over reduced strategies, checked; and exactness."""
    if hasattr(strategies, "strategies") and not isinstance(strategies, (list, tuple)):
        strategies = strategies.strategies
    vectors = _PlanForm(tree, players_plans).profile(list(strategies))
    exact = all(v.dtype == object for v in vectors)
    if exact:
        return [list(v) for v in vectors], True
    return [[float(p) for p in v] for v in vectors], False


def behaviour_strategies(tree, strategies):
    """The behaviour profile realisation-equivalent to a mixed profile (Kuhn 1953).

    Parameters
    ----------
    tree : GameTree
        A tree with perfect recall.
    strategies : Equilibrium or sequence
        A mixed strategy per player over the reduced strategies of
        :meth:`GameTree.reduced_strategic_form` (same order): an
        :class:`~negotiation.equilibria.result.Equilibrium` of that form, or per
        player a probability vector or ``{strategy label: probability}``.

    Returns
    -------
    BehaviourProfile
        Exact when the probabilities are.  An information set the player's own mixed
        strategy never reaches gets ``None``: any behaviour there is
        realisation-equivalent.

    Raises
    ------
    GameError
        If a player does not have perfect recall (naming the player and the
        information set), or a strategy is not a probability vector over the player's
        reduced strategies.
    """
    check_perfect_recall(tree)
    players_plans = [_Plans(tree, i) for i in range(tree.n_players)]
    vectors, exact = _mixed_vectors(tree, strategies, players_plans)
    probabilities = {}
    for plans, vector in zip(players_plans, vectors):
        if not plans.infosets:
            continue
        table = np.array(plans.plans, dtype=np.int64).reshape(len(plans.plans), -1)
        weights = np.array(vector, dtype=object if exact else float)
        for j, infoset in enumerate(plans.infosets):
            mask = np.ones(len(plans.plans), dtype=bool)
            for position, action in plans._sequence(infoset._members[0]):
                mask &= table[:, position] == action
            denominator = weights[mask].sum() if mask.any() else 0
            if denominator == 0:
                probabilities[infoset] = None
                continue
            row = []
            for a in range(len(infoset._actions)):
                chosen = mask & (table[:, j] == a)
                numerator = weights[chosen].sum() if chosen.any() else 0
                row.append(Fraction(numerator) / denominator if exact
                           else float(numerator) / float(denominator))
            probabilities[infoset] = tuple(row)
    ordered = {s: probabilities[s] for s in tree.information_sets() if s in probabilities}
    return BehaviourProfile(tree, ordered, exact)


# ------------------------------------------------------------ realisation
def realization(tree, profile):
    """The probability of reaching each node under a behaviour profile.

    Parameters
    ----------
    tree : GameTree
    profile : BehaviourProfile or dict
        ``{InformationSet: probabilities}`` as in :attr:`BehaviourProfile.probabilities`.

    Returns
    -------
    dict
        ``{Node: probability}`` for every node, in preorder.

    Raises
    ------
    GameError
        If play reaches, with positive probability, an information set whose behaviour
        is ``None`` or missing.
    """
    probabilities = profile.probabilities if isinstance(profile, BehaviourProfile) else profile
    exact = all(
        row is None or all(exact_value(p) is not None for p in row)
        for row in probabilities.values()
    ) and tree.exact
    one = Fraction(1) if exact else 1.0
    reach = {0: one}
    out = {}
    for k in tree._preorder():
        probability = reach.pop(k)
        out[k] = probability
        infoset = tree._infoset[k]
        if infoset is None:
            continue
        if infoset._player == CHANCE:
            row = infoset._probabilities
        else:
            row = probabilities.get(infoset)
            if row is None:
                if probability != 0:
                    raise GameError(
                        f"play reaches {tree._where(k)} with probability {_number(probability)}, "
                        f"but the profile gives no behaviour for {infoset.player!r} there"
                    )
                row = (0,) * len(infoset._actions)
        for child, p in zip(tree._kids(k), row):
            reach[child] = probability * (exact_value(p) if exact else float(p))
    return {Node(tree, k): p for k, p in out.items()}


def mixed_realization(tree, strategies):
    """The probability of reaching each node under a mixed profile over reduced strategies.

    :math:`P(v) = \\pi_0(v) \\prod_i \\mu_i(\\{p : v \\text{ consistent with } p\\})`,
    which needs no perfect recall.  ``strategies`` as in :func:`behaviour_strategies`.
    Returns ``{Node: probability}`` in preorder.
    """
    players_plans = [_Plans(tree, i) for i in range(tree.n_players)]
    vectors, exact = _mixed_vectors(tree, strategies, players_plans)
    exact = exact and tree.exact
    one = Fraction(1) if exact else 1.0
    chance = {0: one}
    out = {}
    for k in tree._preorder():
        probability = chance.pop(k)
        infoset = tree._infoset[k]
        if infoset is not None:
            if infoset._player == CHANCE:
                for child, p in zip(tree._kids(k), infoset._probabilities):
                    chance[child] = probability * (p if exact else float(p))
            else:
                for child in tree._kids(k):
                    chance[child] = probability
        value = probability
        for plans, vector in zip(players_plans, vectors):
            if value == 0:
                break
            value *= sum(
                (w for plan, w in zip(plans.plans, vector) if w and plans.consistent(k, plan)),
                Fraction(0) if exact else 0.0,
            )
        out[k] = value
    return {Node(tree, k): p for k, p in out.items()}


def _expected(tree, reach, exact):
    """Expected payoffs from node realisation probabilities (outcomes at any node)."""
    zero = Fraction(0) if exact else 0.0
    totals = [zero] * tree.n_players
    for node, probability in reach.items():
        outcome = tree._outcome[node.index]
        if outcome is None or probability == 0:
            continue
        for i, u in enumerate(outcome._payoffs):
            totals[i] += probability * (u if exact else float(u))
    return tuple(totals)
