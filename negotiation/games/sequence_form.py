r"""The sequence form of a two-player game tree with perfect recall, and its solvers.

A *sequence* of player :math:`i` is the list of :math:`i`'s own moves on the path to a
node: the empty sequence :math:`\varnothing`, or the last own move :math:`(h, a)`
(with perfect recall it determines all the earlier ones).  A mixed strategy is
described, as far as payoffs are concerned, by its *realization plan* :math:`x`: the
probability :math:`x_\sigma` that the player plays the moves of :math:`\sigma` (the
others and chance permitting).  Realization plans are exactly the vectors

.. math:: x \ge 0, \qquad E x = e, \qquad\text{i.e.}\quad x_\varnothing = 1,\quad
          \sum_{a} x_{(h, a)} = x_{\sigma(h)} \text{ for every information set } h,

where :math:`\sigma(h)` is the sequence leading to :math:`h`.  With the second
player's plans :math:`F y = f`, the expected payoffs are :math:`x^\top A y` and
:math:`x^\top B y`, where :math:`A_{\sigma\tau}` sums, over the nodes :math:`v`
reached by the sequence pair :math:`(\sigma, \tau)` that carry an outcome,
:math:`\pi_0(v)\,u_1(v)` (:math:`\pi_0` the chance probability of reaching
:math:`v`).  The sequence form is linear in the size of the tree, where the
strategic form is exponential (Koller, Megiddo & von Stengel 1996).

**Zero-sum and constant-sum trees** are solved by linear programming (scipy's
HiGHS): player 1 maximises :math:`f^\top q` subject to :math:`F^\top q \le A^\top x`,
:math:`E x = e`, :math:`x \ge 0` (:math:`q` free: the opponent's best-response values),
and :math:`q_\varnothing` is the value; player 2's program is the same with the roles
swapped.  In exact trees the float optimum only names the optimal vertex (the support
of the plan and the tight constraints); the plans are then solved for exactly and
verified.

**General-sum trees**: an equilibrium is a solution of the linear complementarity
problem

.. math:: E^\top p - A y \ge 0 \perp x \ge 0, \qquad F^\top q - B^\top x \ge 0 \perp y \ge 0,
          \qquad E x = e,\ F y = f,

found by Lemke's algorithm along the linear tracing procedure of von Stengel, van den
Elzen & Talman (2002): with an extra variable :math:`z_0` and a completely mixed
prior :math:`(x^0, y^0)` (uniform at every information set unless given),

.. math:: E^\top p - A y - (A y^0) z_0 \ge 0 \perp x \ge 0, \quad
          F^\top q - B^\top x - (B^\top x^0) z_0 \ge 0 \perp y \ge 0, \quad
          E x + e z_0 = e, \quad F y + f z_0 = f.

At :math:`z_0 = 1`, :math:`x = y = 0` and the players' best responses to the prior
form the starting basis; complementary pivoting then lowers :math:`z_0` to 0, where
:math:`(x, y)` is an equilibrium (along the way :math:`x/(1 - z_0)` is a best
response to the mixture :math:`y + z_0 y^0` of the opponent's plan and the prior).
Realization plans are bounded, so below :math:`z_0 = 1` the path cannot end in a ray;
it can only come back to :math:`z_0 = 1` and leave by a ray there when a best response
to the prior is not unique, and then the prior is perturbed slightly and the path
followed again.  The lexicographic ratio test (a symbolic perturbation of the
right-hand side by the columns of the starting basis) makes the path finite on
degenerate trees.  In exact trees the pivoting is exact (fraction-free integer
pivoting, as in :mod:`negotiation.equilibria.polytope`), or, on larger trees, in
floats with the end of the path (its basis) then solved exactly and verified, and
exact pivoting as the fallback; float trees pivot in floats.

Every answer is verified before it is returned: each player's best-response value
against the other's strategy, computed by backward induction over the player's own
information sets, must equal the equilibrium payoff (exactly in exact trees).

References
----------
Koller, D., Megiddo, N. & von Stengel, B. (1996). Efficient computation of equilibria
for extensive two-person games. *Games and Economic Behavior* 14, 247–259.

von Stengel, B., van den Elzen, A. & Talman, D. (2002). Computing normal form perfect
equilibria for extensive two-person games. *Econometrica* 70(2), 693–715.

Lemke, C. E. (1965). Bimatrix equilibrium points and mathematical programming.
*Management Science* 11(7), 681–689.
"""

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .._numbers import format_number
from ..equilibria.polytope import _Tableau as _IntegerTableau
from ..equilibria.result import _name
from ..equilibria.verify import FLOAT_TOLERANCE
from ..equilibria.zero_sum import ZeroSumSolution
from ..errors import GameError, SolverError
from .behaviour import BehaviourProfile, _name_infoset, check_perfect_recall
from .tree import CHANCE

__all__ = [
    "SequenceForm",
    "SequenceFormEquilibrium",
    "TreeZeroSumSolution",
    "lemke",
    "regrets",
    "sequence_form",
    "solve_zero_sum",
]

#: Probabilities (and realization weights) below this are read as zero in float results.
SUPPORT_TOLERANCE = 1e-9
#: Relative size under which a difference of float tableau entries is rounding noise.
_ROUNDING = 1e-11


# ------------------------------------------------------------------ the form
class SequenceForm:
    """The sequence form of a two-player tree with perfect recall.

    Built by :func:`sequence_form`.  Player ``i``'s sequences are numbered from 0 (the
    empty sequence); the sequences ``(h, a)`` of an information set ``h`` are
    consecutive, from ``first[i][j]`` for the ``j``-th information set (in preorder
    of its first node), and ``parent[i][j]`` is the sequence that leads to it.

    Attributes
    ----------
    tree : GameTree
    players : tuple of str
    infosets : tuple of tuple of InformationSet
        Each player's information sets in preorder of their first node (Gambit's order).
    names : tuple of tuple of str
        A name per information set: its label when that is non-empty and unique among
        the player's sets, else ``"#k"`` (its 1-based position).
    exact : bool
        Whether payoffs and probabilities are exact (then every number is a Fraction).
    """

    def __init__(self, tree, infosets, parent, first, entries, exact):
        self.tree = tree
        self.players = tree.players
        self.infosets = infosets
        self.parent = parent
        self.first = first
        self.exact = exact
        self._entries = entries  # {(sequence of player 1, sequence of player 2): [a, b]}
        self.names = tuple(_infoset_names(sets) for sets in infosets)

    # ---------------------------------------------------------------- sizes
    @property
    def n_sequences(self):
        """The number of sequences of each player (the empty one included)."""
        return tuple(1 + sum(len(h.actions) for h in sets) for sets in self.infosets)

    @property
    def n_infosets(self):
        return tuple(len(sets) for sets in self.infosets)

    def sequence_labels(self, player):
        """``"∅"`` for the empty sequence, else ``"information set name:action"``."""
        labels = ["∅"]
        for name, infoset in zip(self.names[player], self.infosets[player]):
            labels.extend(f"{name}:{a}" for a in infoset.actions)
        return labels

    # ----------------------------------------------------------- matrices
    def constraints(self, player):
        """``(E, e)``: the realization-plan constraints ``E x = e`` of ``player`` (integers)."""
        n = self.n_sequences[player]
        m = self.n_infosets[player]
        E = np.zeros((1 + m, n), dtype=np.int64)
        E[0, 0] = 1
        for j, infoset in enumerate(self.infosets[player]):
            E[1 + j, self.parent[player][j]] = -1
            start = self.first[player][j]
            E[1 + j, start : start + len(infoset.actions)] = 1
        e = np.zeros(1 + m, dtype=np.int64)
        e[0] = 1
        return E, e

    def payoff_matrices(self):
        """``(A, B)``: the payoffs over sequence pairs, chance probabilities folded in.

        Dense arrays of shape ``(n_1, n_2)``: Fractions (``dtype=object``) in exact
        trees, floats otherwise.  Most entries are zero.
        """
        shape = self.n_sequences
        zero = Fraction(0) if self.exact else 0.0
        matrices = [np.full(shape, zero, dtype=object if self.exact else float) for _ in "AB"]
        for (s, t), values in self._entries.items():
            matrices[0][s, t] = values[0]
            matrices[1][s, t] = values[1]
        return tuple(matrices)

    # ------------------------------------------------------------ strategies
    def realization_plan(self, player, behaviour):
        """The realization plan of a behaviour strategy (one probability tuple per infoset)."""
        x = [1] + [None] * (self.n_sequences[player] - 1)
        for j, probabilities in enumerate(behaviour):
            above = x[self.parent[player][j]]
            start = self.first[player][j]
            for a, p in enumerate(probabilities):
                x[start + a] = above * p
        return x

    def behaviour(self, player, plan, fallback=None):
        """The behaviour strategy of a realization plan: a probability tuple per infoset.

        Where the plan reaches an information set with probability zero (the player's
        own moves rule it out), the strategy is ``fallback[j]`` (an action index), or
        the first action.
        """
        out = []
        for j, infoset in enumerate(self.infosets[player]):
            above = plan[self.parent[player][j]]
            start = self.first[player][j]
            count = len(infoset.actions)
            row = None
            if self.exact and above > 0:
                row = [plan[start + a] / above for a in range(count)]
            elif not self.exact and above > SUPPORT_TOLERANCE:
                row = [max(0.0, float(plan[start + a])) for a in range(count)]
                total = sum(row)
                row = [p / total for p in row] if total > 0 else None
            if row is None:
                pick = 0 if fallback is None else fallback[j]
                row = [self._one() if a == pick else self._zero() for a in range(count)]
            out.append(tuple(row))
        return tuple(out)

    def payoff_vector(self, player, opponent_plan):
        """What each of ``player``'s sequences earns against the opponent's plan.

        ``A y`` for player 0 and ``B^T x`` for player 1: the sum over the nodes with an
        outcome that the sequence reaches, of chance probability times payoff times the
        opponent's realization weight.
        """
        g = [self._zero()] * self.n_sequences[player]
        for (s, t), values in self._entries.items():
            if player == 0:
                g[s] += values[0] * opponent_plan[t]
            else:
                g[t] += values[1] * opponent_plan[s]
        return g

    def best_response(self, player, opponent_plan):
        """``(value, choices)``: ``player``'s best-response value and a pure best response.

        Backward induction over the player's own information sets (the sequence-form
        best response): the value of a sequence is what it earns directly plus, for
        every information set it leads to, the value of the best action there.
        ``choices[j]`` is the first best action at information set ``j``.
        """
        return _best_response(self, player, self.payoff_vector(player, opponent_plan))

    def payoffs(self, plans):
        """Both players' expected payoffs ``(x^T A y, x^T B y)``."""
        x, y = plans
        u = [self._zero(), self._zero()]
        for (s, t), values in self._entries.items():
            weight = x[s] * y[t]
            u[0] += values[0] * weight
            u[1] += values[1] * weight
        return tuple(u)

    def regrets(self, plans):
        """Each player's gain from a best response (``0`` at an equilibrium)."""
        payoffs = self.payoffs(plans)
        return tuple(
            self.best_response(i, plans[1 - i])[0] - payoffs[i] for i in range(2)
        )

    def _one(self):
        return Fraction(1) if self.exact else 1.0

    def _zero(self):
        return Fraction(0) if self.exact else 0.0

    def __repr__(self):
        n1, n2 = self.n_sequences
        kind = "exact" if self.exact else "float"
        return (
            f"<SequenceForm: {self.players[0]} {n1} sequences, {self.players[1]} {n2} "
            f"sequences, {len(self._entries)} nonzero payoff pairs, {kind}>"
        )


def _best_response(form, player, g):
    """``(value, choices)`` of the best response to the sequence payoffs ``g``."""
    total = list(g)
    infosets = form.infosets[player]
    choices = [0] * len(infosets)
    for j in range(len(infosets) - 1, -1, -1):
        start = form.first[player][j]
        values = total[start : start + len(infosets[j].actions)]
        best = max(values)
        if isinstance(best, float):  # the first action that is best up to rounding
            near = best - 1e-10 * max(1.0, abs(best))
            choices[j] = next(a for a, v in enumerate(values) if v >= near)
        else:
            choices[j] = values.index(best)
        total[form.parent[player][j]] += best
    return total[0], choices


def _infoset_names(infosets):
    labels = [h.label for h in infosets]
    return tuple(
        label if label and labels.count(label) == 1 else f"#{k + 1}"
        for k, label in enumerate(labels)
    )


def sequence_form(tree):
    """The sequence form of a two-player tree with perfect recall.

    Raises
    ------
    GameError
        If the tree does not have two players, has symbolic payoffs or
        probabilities, or does not have perfect recall (an information set whose
        nodes follow different own moves of its player, including absent-mindedness).
    """
    if tree.n_players != 2:
        raise GameError(
            f"the sequence form needs a tree with two players, not {tree.n_players}"
        )
    tree._require_numbers("solving it")
    exact = tree.exact
    infosets = tuple(tuple(tree.information_sets(i)) for i in range(2))
    position = [{id(h): j for j, h in enumerate(sets)} for sets in infosets]
    first = []
    for sets in infosets:
        starts, count = [], 1
        for h in sets:
            starts.append(count)
            count += len(h.actions)
        first.append(starts)
    parent = [[None] * len(sets) for sets in infosets]

    size = len(tree)
    sequence = [[0] * size, [0] * size]  # each player's last own sequence before the node
    reach = [None] * size  # the chance probability of reaching the node
    reach[0] = Fraction(1) if exact else 1.0
    entries = {}
    mover = tree._mover
    for k in tree._preorder():
        infoset = tree._infoset[k]
        player = mover[k]
        if player >= 0:
            j = position[player][id(infoset)]
            own = sequence[player][k]
            if parent[player][j] is None:
                parent[player][j] = own
            elif parent[player][j] != own:
                check_perfect_recall(tree, "the sequence form")  # raises, naming where
                raise GameError(f"{tree.players[player]!r} does not have perfect recall")
        outcome = tree._outcome[k]
        if outcome is not None and reach[k] != 0:
            key = (sequence[0][k], sequence[1][k])
            values = entries.setdefault(key, [reach[k] * 0, reach[k] * 0])
            values[0] += reach[k] * outcome._payoffs[0]
            values[1] += reach[k] * outcome._payoffs[1]
        if infoset is None:
            continue
        kids = tree._kids(k)
        if player == CHANCE:
            for child, p in zip(kids, infoset._probabilities):
                reach[child] = reach[k] * p
                sequence[0][child] = sequence[0][k]
                sequence[1][child] = sequence[1][k]
        else:
            other = 1 - player
            start = first[player][position[player][id(infoset)]]
            for a, child in enumerate(kids):
                reach[child] = reach[k]
                sequence[player][child] = start + a
                sequence[other][child] = sequence[other][k]
    if not exact:
        entries = {key: [float(v) for v in values] for key, values in entries.items()}
    else:
        entries = {key: [Fraction(v) for v in values] for key, values in entries.items()}
    return SequenceForm(tree, infosets, tuple(tuple(p) for p in parent),
                        tuple(tuple(f) for f in first), entries, exact)


# ----------------------------------------------------------------- results
@dataclass(frozen=True)
class SequenceFormEquilibrium:
    """A Nash equilibrium of a two-player tree in behaviour strategies.

    Attributes
    ----------
    players : tuple of str
    names : tuple of tuple of str
        The information sets of each player (see :attr:`SequenceForm.names`).
    actions : tuple of tuple of tuple of str
        The action labels at each information set.
    strategies : tuple of tuple of tuple
        ``strategies[i][j][a]``: the probability that player ``i`` takes action ``a`` at
        their ``j``-th information set (preorder, as in Gambit).  At information sets
        the player's own moves rule out, a best response (by backward induction) is
        given.
    realization_plans : tuple of tuple
        Probabilities of each player's sequences (see :meth:`SequenceForm.sequence_labels`).
    payoffs : tuple
        The expected payoffs.
    regrets : tuple
        Each player's gain from the best deviation: exactly 0 in exact trees, at most a
        tolerance in float trees.
    exact : bool
    method : str
        ``"lemke"`` or ``"linprog"``.
    pivots : int
        The number of complementary pivots (Lemke), 0 for the linear program.
    restarts : int
        How many times Lemke's path was restarted from a perturbed prior (see
        :func:`lemke`); usually 0.
    """

    players: tuple
    names: tuple
    actions: tuple
    strategies: tuple
    realization_plans: tuple
    payoffs: tuple
    regrets: tuple
    exact: bool
    method: str
    pivots: int = 0
    restarts: int = 0
    infosets: tuple = field(default=(), compare=False, repr=False)
    tree: object = field(default=None, compare=False, repr=False)

    def _index(self, player):
        if isinstance(player, int):
            return player
        if player not in self.players:
            raise GameError(f"there is no player {player!r}: the players are "
                            f"{', '.join(self.players)}")
        return self.players.index(player)

    def behaviour(self, player):
        """``{information set name: {action label: probability}}`` for ``player``."""
        i = self._index(player)
        return {
            name: _by_label(labels, row)
            for name, labels, row in zip(self.names[i], self.actions[i], self.strategies[i])
        }

    def at(self, infoset):
        """``{action label: probability}`` at an :class:`InformationSet` of the tree."""
        for i, sets in enumerate(self.infosets):
            for j, h in enumerate(sets):
                if h is infoset:
                    return _by_label(self.actions[i][j], self.strategies[i][j])
        raise GameError(f"{infoset!r} is not an information set of this equilibrium's players")

    def profile(self):
        """The strategies as a :class:`~negotiation.games.behaviour.BehaviourProfile`."""
        rows = {h: row for sets, strategy in zip(self.infosets, self.strategies)
                for h, row in zip(sets, strategy)}
        ordered = {h: rows[h] for h in self.tree.information_sets() if h in rows}
        return BehaviourProfile(self.tree, ordered, self.exact)

    def to_dict(self):
        """Plain data: behaviour by player and information set, payoffs, regrets."""
        return {
            "players": list(self.players),
            "method": self.method,
            "exact": self.exact,
            "behaviour": {
                player: {
                    name: {a: format_number(p) for a, p in probabilities.items()}
                    for name, probabilities in self.behaviour(player).items()
                }
                for player in self.players
            },
            "payoffs": [format_number(u) for u in self.payoffs],
            "regrets": [format_number(r) for r in self.regrets],
        }

    def describe(self):
        """One clause per player: what they do where it matters, and their payoff."""
        parts = []
        for i, player in enumerate(self.players):
            moves = []
            for h, labels, row in zip(self.infosets[i], self.actions[i], self.strategies[i]):
                support = [(a, p) for a, p in zip(labels, row) if p > 0]
                if len(labels) == 1:
                    continue
                where = _name_infoset(self.tree, h)
                if len(support) == 1:
                    moves.append(f"{support[0][0]} at {where}")
                else:
                    mix = ", ".join(f"{a} with {_name(p)}" for a, p in support)
                    moves.append(f"{mix} at {where}")
            play = "; ".join(moves) if moves else "has no choice"
            parts.append(f"{player}: {play} (payoff {_name(self.payoffs[i])})")
        return "; ".join(parts)

    def explain(self):
        """One plain sentence for a policy reader."""
        how = {"lemke": "Lemke's algorithm on the sequence form",
               "linprog": "linear programming on the sequence form"}.get(self.method, self.method)
        check = "exactly" if self.exact else "up to rounding"
        return (f"In this equilibrium of the game tree (found by {how}) {self.describe()}; "
                f"neither player gains by deviating (checked {check}).")

    def __repr__(self):
        return f"<SequenceFormEquilibrium ({self.method}): {self.describe()}>"


def _by_label(labels, row):
    """``{label: p}``; repeated labels get their 1-based position appended."""
    out = {}
    for a, (label, p) in enumerate(zip(labels, row)):
        out[label if labels.count(label) == 1 else f"{label} #{a + 1}"] = p
    return out


@dataclass(frozen=True)
class TreeZeroSumSolution(ZeroSumSolution):
    """The value of a two-player constant-sum tree and optimal behaviour strategies.

    ``value`` is what the first player can guarantee; ``equilibrium`` a
    :class:`SequenceFormEquilibrium` of optimal behaviour strategies; ``total`` the
    constant sum of the payoffs (0 in a zero-sum tree), so the second player gets
    ``total - value``.
    """

    total: object = 0

    def to_dict(self):
        out = self.equilibrium.to_dict()
        out["value"] = format_number(self.value)
        return out

    def __repr__(self):
        return f"<TreeZeroSumSolution: value {_name(self.value)}>"


# ----------------------------------------------------------- verification
def regrets(tree, strategies):
    """Each player's gain from the best deviation from a behaviour profile of ``tree``.

    ``strategies[i][j]`` is a tuple of probabilities of player ``i``'s actions at their
    ``j``-th information set (preorder).  Exact in exact trees.
    """
    form = tree if isinstance(tree, SequenceForm) else sequence_form(tree)
    _check_prior(form, strategies, "strategy")
    kind = Fraction if form.exact else float
    plans = [form.realization_plan(i, [[kind(p) for p in row] for row in strategies[i]])
             for i in range(2)]
    return form.regrets(plans)


def _check(form, plans):
    """``(payoffs, regrets, best responses, first player who gains or None)``."""
    payoffs = form.payoffs(plans)
    gaps, choices = [], []
    for i in range(2):
        value, best = form.best_response(i, plans[1 - i])
        gaps.append(value - payoffs[i])
        choices.append(best)
    if form.exact:
        bad = [i for i in range(2) if gaps[i] != 0]
    else:
        scale = max([1.0] + [abs(v) for values in form._entries.values() for v in values])
        bad = [i for i in range(2) if gaps[i] > FLOAT_TOLERANCE * scale]
    return payoffs, gaps, choices, (bad[0] if bad else None)


def _verifies(form, plans):
    return plans is not None and _check(form, plans)[3] is None


def _equilibrium(form, plans, method, pivots=0, restarts=0):
    """The verified :class:`SequenceFormEquilibrium` of realization plans, or SolverError."""
    payoffs, gaps, choices, bad = _check(form, plans)
    if bad is not None:
        raise SolverError(
            f"method {method!r} produced a profile that is not an equilibrium: "
            f"{form.players[bad]} gains {_name(gaps[bad])} by deviating"
        )
    strategies = tuple(form.behaviour(i, plans[i], choices[i]) for i in range(2))
    if not form.exact:
        plans = [[float(v) for v in plan] for plan in plans]
        payoffs = tuple(float(u) for u in payoffs)
        gaps = [max(0.0, float(g)) for g in gaps]
    return SequenceFormEquilibrium(
        players=form.players,
        names=form.names,
        actions=tuple(tuple(h.actions for h in sets) for sets in form.infosets),
        strategies=strategies,
        realization_plans=tuple(tuple(plan) for plan in plans),
        payoffs=tuple(payoffs),
        regrets=tuple(gaps),
        exact=form.exact,
        method=method,
        pivots=pivots,
        restarts=restarts,
        infosets=form.infosets,
        tree=form.tree,
    )


def _exact_plans(form, supports, tight=None):
    """Exact realization plans with the given supports, by the equilibrium equations.

    For player ``i`` with support ``S_i``, the unknowns are ``x`` on ``S_i`` and the
    opponent's best-response values ``q``: ``E x = e`` and, for every opponent
    sequence ``t`` in ``tight[i]`` (by default the opponent's support: the sequences
    the opponent uses are best responses), ``(F^T q)_t = (B^T x)_t``.  Solved exactly
    by :func:`_solve_sparse` (free unknowns are set to 0).  Returns ``None`` if a
    system has no solution or a plan has a negative entry; the caller verifies the rest.
    """
    if tight is None:
        tight = [supports[1], supports[0]]
    plans = []
    for i in range(2):
        j = 1 - i
        own, other = supports[i], tight[i]
        column = {s: k for k, s in enumerate(own)}
        width = len(own) + len(form.infosets[j]) + 1
        rows = []
        E, e = form.constraints(i)
        for h in range(E.shape[0]):
            row = {column[s]: Fraction(int(E[h, s])) for s in np.flatnonzero(E[h]) if s in column}
            if e[h]:
                row[width] = Fraction(int(e[h]))
            rows.append(row)
        F, _ = form.constraints(j)
        position = {t: len(rows) + k for k, t in enumerate(other)}
        for t in other:
            rows.append({len(own) + k: Fraction(int(F[k, t])) for k in np.flatnonzero(F[:, t])})
        for (s, t), values in form._entries.items():
            mine, theirs = (s, t) if i == 0 else (t, s)
            if mine in column and theirs in position:
                row = rows[position[theirs]]
                row[column[mine]] = row.get(column[mine], 0) - Fraction(values[j])
        solution = _solve_sparse(rows, width)
        if solution is None:
            return None
        plan = [Fraction(0)] * form.n_sequences[i]
        for s, k in column.items():
            plan[s] = solution[k]
        if any(v < 0 for v in plan):
            return None
        plans.append(plan)
    return plans


def _solve_sparse(rows, n):
    """A solution of the linear equations ``rows`` in ``n`` unknowns, exactly, or ``None``.

    Each row is a dict ``{unknown: coefficient}`` with the right-hand side under key
    ``n``.  Gauss–Jordan elimination on sparse rows of Fractions, always pivoting in a
    shortest remaining row on its least used unknown (a Markowitz-like rule that keeps
    the tree-shaped sequence-form systems sparse); unknowns left free are set to 0.
    Returns ``None`` when the equations are inconsistent.
    """
    rows = [{c: v for c, v in row.items() if v} for row in rows]
    where = {}  # unknown -> the rows it appears in
    for k, row in enumerate(rows):
        for c in row:
            if c != n:
                where.setdefault(c, set()).add(k)
    alive = set(range(len(rows)))
    pivots = {}
    while True:
        best = None
        for k in alive:
            size = len(rows[k]) - (n in rows[k])
            if size == 0:
                if rows[k].get(n, 0) != 0:
                    return None  # 0 = nonzero
                continue
            if best is None or size < best[0]:
                best = (size, k)
                if size == 1:
                    break
        if best is None:
            break
        k = best[1]
        row = rows[k]
        c = min((c for c in row if c != n), key=lambda c: len(where[c]))
        alive.discard(k)
        pivots[k] = c
        for other in list(where[c]):
            if other == k:
                continue
            target = rows[other]
            factor = target[c] / row[c]
            for cc, v in row.items():
                new = target.get(cc, 0) - factor * v
                if new:
                    if cc not in target and cc != n:
                        where[cc].add(other)
                    target[cc] = new
                elif cc in target:
                    del target[cc]
                    if cc != n:
                        where[cc].discard(other)
    solution = [Fraction(0)] * n
    for k, c in pivots.items():
        solution[c] = Fraction(rows[k].get(n, 0)) / rows[k][c]
    return solution


# --------------------------------------------------------------- zero-sum
def solve_zero_sum(tree):
    """The value and optimal behaviour strategies of a two-player constant-sum tree.

    Solved by one linear program on the sequence form (scipy's HiGHS); in exact trees
    the optimal plans are then recomputed exactly from the supports the program
    found and verified exactly (if the supports do not determine them, Lemke's
    algorithm, which finds an optimal pair in a constant-sum game, is used instead).

    Parameters
    ----------
    tree : GameTree or SequenceForm
        Two players, perfect recall, and the same sum of payoffs at every terminal
        node (0 for zero-sum).

    Returns
    -------
    TreeZeroSumSolution

    Raises
    ------
    GameError
        If the tree is not two-player, not constant-sum or lacks perfect recall.
    SolverError
        If the linear program fails or its answer does not verify.
    """
    form = tree if isinstance(tree, SequenceForm) else sequence_form(tree)
    total = _constant_sum(form.tree, form.exact)
    (x, tight_x), (y, tight_y) = (_maxmin_lp(form, i) for i in range(2))
    if form.exact:
        supports = [[s for s, v in enumerate(plan) if v > SUPPORT_TOLERANCE] for plan in (x, y)]
        plans = _exact_plans(form, supports, [tight_x, tight_y])
    else:
        plans = [[float(v) for v in x], [float(v) for v in y]]
    if _verifies(form, plans):
        equilibrium = _equilibrium(form, plans, "linprog")
    else:  # the supports were off (rounding): an equilibrium is an optimal pair
        equilibrium = lemke(form)
    return TreeZeroSumSolution(equilibrium.payoffs[0], equilibrium, form.exact, total)


def _constant_sum(tree, exact):
    """The common sum of the two payoffs at every terminal node; GameError if none."""
    sums = {0: 0}
    found = None
    for k in tree._preorder():
        here = sums.pop(k)
        outcome = tree._outcome[k]
        if outcome is not None:
            here = here + outcome._payoffs[0] + outcome._payoffs[1]
        kids = tree._kids(k)
        if not kids:
            if found is None:
                found, where = here, k
            elif (here != found) if exact else abs(here - found) > 1e-9 * max(1, abs(found)):
                raise GameError(
                    f"the tree is not constant-sum: the payoffs sum to {_name(found)} at "
                    f"{tree._where(where)} but to {_name(here)} at {tree._where(k)}; use lemke "
                    "for general-sum trees"
                )
            continue
        for child in kids:
            sums[child] = here
    return found


def _maxmin_lp(form, player):
    """Player's optimal plan in a constant-sum sequence form, by HiGHS, and the tight rows.

    Player 1 maximises ``f^T q`` subject to ``F^T q <= A^T x``, ``E x = e``, ``x >= 0``
    (``q`` free): ``q`` are the opponent's best-response values and ``f^T q`` the
    value.  For player 2 the roles (and ``B^T`` for ``A``) are swapped.  Returns the
    plan (floats) and the opponent's sequences whose constraint is tight at the
    optimal vertex: with the plan's support they determine the vertex exactly.
    """
    from scipy import sparse
    from scipy.optimize import linprog

    other = 1 - player
    n, n_other = form.n_sequences[player], form.n_sequences[other]
    E, e = form.constraints(player)
    F, _ = form.constraints(other)
    m_other = F.shape[0]
    rows, cols, values = [], [], []
    for key, payoffs in form._entries.items():
        rows.append(key[other])
        cols.append(key[player])
        values.append(-float(payoffs[player]))
    scale = max([1.0] + [abs(v) for v in values])  # HiGHS refuses coefficients above 1e15
    minus_Ct = sparse.csr_matrix(([v / scale for v in values], (rows, cols)),
                                 shape=(n_other, n))
    A_ub = sparse.hstack([minus_Ct, sparse.csr_matrix(F.T.astype(float))], format="csr")
    A_eq = sparse.hstack([sparse.csr_matrix(E.astype(float)),
                          sparse.csr_matrix((E.shape[0], m_other))], format="csr")
    cost = np.zeros(n + m_other)
    cost[n] = -1.0  # maximise q_0, the value
    result = linprog(cost, A_ub=A_ub, b_ub=np.zeros(n_other), A_eq=A_eq, b_eq=e.astype(float),
                     bounds=[(0, None)] * n + [(None, None)] * m_other, method="highs")
    if result.status != 0:
        raise SolverError(f"the sequence-form linear program failed: {result.message}")
    tight = np.flatnonzero(np.abs(result.ineqlin.residual) <= SUPPORT_TOLERANCE)
    return np.clip(result.x[:n], 0, None), tight.tolist()


# ------------------------------------------------------------------ Lemke
#: Exact trees with at most this many sequences (both players) pivot exactly all the way
#: when ``pivoting="auto"``; larger ones follow the path in floats and solve its end exactly.
EXACT_PIVOTING_LIMIT = 150
#: Priors tried (the given one, then perturbed ones) before Lemke's algorithm gives up.
RESTARTS = 4


class _Ray(SolverError):
    """Lemke's path ended in a ray."""


def lemke(tree, prior=None, max_pivots=None, pivoting="auto"):
    """One Nash equilibrium of a two-player tree by Lemke's algorithm on the sequence form.

    The path is the linear tracing procedure from ``prior`` (von Stengel, van den
    Elzen & Talman 2002).

    Parameters
    ----------
    tree : GameTree or SequenceForm
        Two players and perfect recall; any payoffs.
    prior : pair of behaviour strategies, optional
        The starting point: for each player a probability tuple per information set
        (as in :attr:`SequenceFormEquilibrium.strategies`).  By default every action of
        an information set is equally likely.  A completely mixed prior whose best
        responses are unique yields a normal-form perfect equilibrium (von Stengel, van
        den Elzen & Talman 2002).  If the path ends in a ray, which can only happen
        when a best response to the prior is not unique, the prior is perturbed
        slightly and the path followed again (``restarts`` in the result counts this).
    max_pivots : int, optional
        Raise :class:`SolverError` after this many pivots on one path (the
        lexicographic rule guarantees termination; this only bounds the time).
    pivoting : {"auto", "exact", "float"}
        How exact trees pivot.  ``"exact"``: integer (fraction-free) pivoting all the
        way.  ``"float"``: the path in floats, then its end (the supports) solved
        exactly and verified, falling back to exact pivoting if that fails.
        ``"auto"`` (default): ``"exact"`` up to ``EXACT_PIVOTING_LIMIT`` sequences,
        ``"float"`` above.  Float trees always pivot in floats (and redo the path
        exactly, on the floats' exact values, if the answer does not verify).

    Returns
    -------
    SequenceFormEquilibrium
        Verified: neither player gains by deviating (exactly in exact trees).

    Raises
    ------
    GameError
        If the tree is not two-player or lacks perfect recall, or the prior is not a
        behaviour strategy profile.
    SolverError
        If every path ended in a ray or the answer failed verification.
    """
    form = tree if isinstance(tree, SequenceForm) else sequence_form(tree)
    if pivoting not in ("auto", "exact", "float"):
        raise GameError(f"pivoting must be 'auto', 'exact' or 'float', not {pivoting!r}")
    if prior is not None:
        _check_prior(form, prior)
    failure = None
    for attempt in range(RESTARTS):
        start = prior if attempt == 0 else _perturbed_prior(form, prior, attempt)
        try:
            plans, pivots = _lemke_plans(form, start, pivoting, max_pivots)
        except _Ray as error:
            failure = error
            continue
        return _equilibrium(form, plans, "lemke", pivots, attempt)
    raise SolverError(f"{failure} (from {RESTARTS} priors)")


def _lemke_plans(form, prior, pivoting, max_pivots):
    """Realization plans at the end of Lemke's path, and the number of pivots."""
    small = sum(form.n_sequences) <= EXACT_PIVOTING_LIMIT
    if form.exact and (pivoting == "exact" or (pivoting == "auto" and small)):
        lcp = _LCP(form, prior)
        tab, pivots = _lemke_path(lcp, max_pivots)
        return lcp.plans(tab), pivots
    lcp = _LCP(form, prior, exact=False)
    try:
        tab, pivots = _lemke_path(lcp, max_pivots)
    except _Ray:
        tab = None  # perhaps rounding: the exact path decides
    if tab is not None:
        if form.exact:
            supports = [sorted(v for v in tab.basic if v < lcp.n1),
                        sorted(v - lcp.n1 for v in tab.basic if lcp.n1 <= v < lcp.n)]
            plans = _exact_plans(form, supports)
        else:
            plans = lcp.plans(tab)
        if _verifies(form, plans):
            return plans, pivots
    lcp = _LCP(form, prior, exact=True)
    tab, pivots = _lemke_path(lcp, max_pivots)
    plans = lcp.plans(tab)
    if not form.exact:
        plans = [[float(v) for v in plan] for plan in plans]
    return plans, pivots


def _perturbed_prior(form, prior, attempt):
    """``prior`` (uniform if None) with each probability scaled by a random 1 + r/1000."""
    import random

    rng = random.Random(attempt)
    out = []
    for sets, rows in zip(form.infosets, prior or [None, None]):
        player = []
        for j, h in enumerate(sets):
            row = rows[j] if rows is not None else [1] * len(h.actions)
            weights = [Fraction(p) * (1 + Fraction(rng.randint(1, 999), 1000)) for p in row]
            total = sum(weights)
            player.append(tuple(w / total for w in weights))
        out.append(player)
    return out


class _LCP:
    """The tracing-procedure LCP of a sequence form, as a raw system ``M v = rhs``.

    Variables (tableau column ``1 + v``; column 0 is the right-hand side):
    ``x`` (0..n1-1), ``y`` (n1..n-1), slacks ``w`` of ``x`` (n..n+n1-1) and of ``y``
    (n+n1..2n-1), ``z0`` (2n), then the free variables ``p`` (m1) and ``q`` (m2).
    Rows: player 1's sequences, player 2's sequences, ``E x + e z0 = e``,
    ``F y + f z0 = f``.  In exact mode each block of rows is scaled by a positive
    integer so that the system is integral.
    """

    def __init__(self, form, prior=None, exact=None):
        self.form = form
        self.exact = form.exact if exact is None else exact
        n1, n2 = form.n_sequences
        E, _ = form.constraints(0)
        F, _ = form.constraints(1)
        m1, m2 = E.shape[0], F.shape[0]
        self.n1, self.n2, self.n, self.m1, self.m2 = n1, n2, n1 + n2, m1, m2
        self.z0 = 2 * self.n
        self.n_vars = 2 * self.n + 1 + m1 + m2
        self.N = self.n + m1 + m2

        exactly = Fraction if self.exact else float
        entries = {key: [exactly(v) for v in values] for key, values in form._entries.items()}
        if prior is None:
            prior = [[(exactly(1) / len(h.actions),) * len(h.actions) for h in sets]
                     for sets in form.infosets]
        self.prior = [form.realization_plan(i, [_normalised(row, exactly) for row in prior[i]])
                      for i in range(2)]
        d1 = [exactly(0)] * n1
        d2 = [exactly(0)] * n2
        for (s, t), (a, b) in entries.items():
            d1[s] += a * self.prior[1][t]
            d2[t] += b * self.prior[0][s]
        self.d = (d1, d2)

        # the starting basis: best responses to the prior
        self.start = [_best_response(form, i, self.d[i])[1] for i in range(2)]

        M = np.zeros((self.N, 1 + self.n_vars), dtype=object if self.exact else float)
        if self.exact:
            scale1 = math.lcm(*(v.denominator for v in [*d1, *(a for a, _ in entries.values())]))
            scale2 = math.lcm(*(v.denominator for v in [*d2, *(b for _, b in entries.values())]))
        else:
            big = max([1.0] + [abs(v) for values in entries.values() for v in values])
            scale1 = scale2 = 1.0 / big
        for (s, t), (a, b) in entries.items():
            M[s, 1 + n1 + t] = a * scale1
            M[n1 + t, 1 + s] = b * scale2
        for s in range(n1):
            M[s, 1 + self.n + s] = 1
            M[s, 1 + self.z0] = d1[s] * scale1
        for t in range(n2):
            M[n1 + t, 1 + self.n + n1 + t] = 1
            M[n1 + t, 1 + self.z0] = d2[t] * scale2
        for h in range(m1):
            for s in np.flatnonzero(E[h]):
                M[s, 1 + self.z0 + 1 + h] = -E[h, s]
                M[self.n + h, 1 + s] = E[h, s]
        for k in range(m2):
            for t in np.flatnonzero(F[k]):
                M[n1 + t, 1 + self.z0 + 1 + m1 + k] = -F[k, t]
                M[self.n + m1 + k, 1 + n1 + t] = F[k, t]
        M[self.n, 0] = M[self.n, 1 + self.z0] = 1
        M[self.n + m1, 0] = M[self.n + m1, 1 + self.z0] = 1
        if self.exact:
            M = np.vectorize(int, otypes=[object])(M)
        self.M = M

    def complement(self, v):
        return v + self.n if v < self.n else v - self.n

    def starting_basis(self):
        """``z0``, the free variables, the best responses to the prior (but ``y_∅``), slacks.

        At ``z0 = 1`` every plan is 0; the best responses' sequences are basic at 0 and
        their slacks nonbasic, so the pair (``y_∅``, its slack) is the one left out, and
        ``y_∅`` enters first.
        """
        form, n1, n = self.form, self.n1, self.n
        pure = [{0} | {form.first[i][j] + a for j, a in enumerate(self.start[i])}
                for i in range(2)]
        basic = [self.z0, *range(2 * n + 1, self.n_vars)]
        basic += sorted(pure[0]) + [n1 + t for t in sorted(pure[1] - {0})]
        basic += [n + s for s in range(n1) if s not in pure[0]]
        basic += [n + n1 + t for t in range(self.n2) if t not in pure[1]]
        return basic

    def tableau(self, basic):
        """The tableau of ``basic`` by Gauss–Jordan pivoting, or ``None`` if it is singular.

        Returns a tableau object with ``T`` (rows of the non-free basic variables only;
        columns ``0..2n+1``), ``basic`` and ``det`` (``T = det * B^-1 M``, ``det > 0``).
        """
        M = self.M
        if self.exact:
            tab = _IntegerTableau(M.copy(), basic=[self.n_vars + r for r in range(self.N)],
                                  det=1, d=0)
            tab.T = tab._sized(tab.T)
        else:
            tab = _FloatTableau(M.copy(), basic=[self.n_vars + r for r in range(self.N)])
        used = np.zeros(self.N, dtype=bool)
        slacks = [v for v in basic if self.n <= v < 2 * self.n]
        for v in slacks:  # a slack is a unit column in its own row already
            used[v - self.n] = True
            tab.basic[v - self.n] = v
        for v in basic:
            if self.n <= v < 2 * self.n:
                continue
            column = tab.T[:, 1 + v]
            if self.exact:
                rows = np.flatnonzero((column != 0) & ~used)
            else:
                size = np.abs(column) * ~used
                rows = [int(np.argmax(size))] if size.max() > 1e-12 else []
            if len(rows) == 0:
                return None
            r = int(rows[0])
            if self.exact:  # the smallest pivot keeps the integers small
                r = int(min(rows, key=lambda k: abs(int(column[k]))))
            used[r] = True
            tab.pivot(r, v)
            if self.exact and tab.det < 0:
                tab.T = -tab.T
                tab.det = -tab.det
        keep = [r for r, v in enumerate(tab.basic) if v <= self.z0]
        tab.T = tab.T[keep][:, : 2 + self.z0]
        tab.basic = [tab.basic[r] for r in keep]
        return tab

    def plans(self, tab):
        """The realization plans ``(x, y)`` at a basis (``z0`` must be 0)."""
        det = tab.det
        values = [Fraction(0) if self.exact else 0.0] * self.n
        for r, v in enumerate(tab.basic):
            if v < self.n:
                values[v] = (Fraction(int(tab.T[r, 0]), int(det)) if self.exact
                             else max(0.0, float(tab.T[r, 0])))
        return [values[: self.n1], values[self.n1 :]]


class _FloatTableau:
    """A float tableau ``B^-1 [rhs | M]`` with the interface of the integer one."""

    def __init__(self, T, basic):
        self.T = np.asarray(T, dtype=float)
        self.basic = basic
        self.det = 1.0

    def pivot(self, row, entering):
        """Pivot on ``(row, entering)``, touching only the rows and columns that change."""
        T = self.T
        c = 1 + entering
        pivot_row = T[row] / T[row, c]
        T[row] = pivot_row
        rows = np.flatnonzero(T[:, c])
        rows = rows[rows != row]
        if len(rows):
            cols = np.flatnonzero(pivot_row)
            block = np.ix_(rows, cols)
            before = T[block]
            change = np.outer(T[rows, c], pivot_row[cols])
            update = before - change
            # what cancels up to rounding is zero (degenerate ties must stay exact ties)
            update[np.abs(update) <= _ROUNDING * (np.abs(before) + np.abs(change))] = 0.0
            T[block] = update
            T[rows, c] = 0.0
        T[row, c] = 1.0
        self.basic[row] = entering


def _normalised(row, kind):
    """A probability row in ``kind`` (Fraction or float), rescaled to sum to 1 exactly."""
    row = [kind(p) for p in row]
    total = sum(row)
    return [p / total for p in row]


def _check_prior(form, profile, what="prior"):
    """GameError unless ``profile`` gives each player a probability row per information set."""
    if len(profile) != 2:
        raise GameError(f"the {what} must give two behaviour strategies, not {len(profile)}")
    for i, sets in enumerate(form.infosets):
        if len(profile[i]) != len(sets):
            raise GameError(
                f"the {what} gives {len(profile[i])} information sets for {form.players[i]}, "
                f"who has {len(sets)}"
            )
        for j, (row, h) in enumerate(zip(profile[i], sets)):
            if len(row) != len(h.actions) or any(p < 0 for p in row) or (
                    abs(sum(row) - 1) > 1e-9):
                raise GameError(
                    f"the {what} of {form.players[i]} at information set {form.names[i][j]} "
                    f"must give a probability to each of its {len(h.actions)} actions, "
                    f"summing to 1, not {tuple(row)}"
                )


def _lemke_path(lcp, max_pivots=None):
    """Follow Lemke's path from the prior; ``(plans, pivots)`` at ``z0 = 0``."""
    basic = lcp.starting_basis()
    tab = lcp.tableau(basic)
    if tab is None:  # cannot happen: the starting basis is triangular
        raise SolverError("the starting basis of Lemke's algorithm is singular")
    lexicographic = [1 + v for v in basic if v <= lcp.z0]
    z0_row = tab.basic.index(lcp.z0)
    entering = lcp.n1  # y_∅: the one complementary pair outside the starting basis
    pivots = 0
    while True:
        row = _ratio_test(tab, entering, lexicographic, lcp.exact, z0_row)
        if row is None:
            raise _Ray(
                "Lemke's algorithm ended in a ray (no variable blocks the entering "
                f"variable after {pivots} pivots), so no equilibrium was found"
            )
        leaving = tab.basic[row]
        tab.pivot(row, entering)
        pivots += 1
        if leaving == lcp.z0:
            return tab, pivots
        if max_pivots is not None and pivots >= max_pivots:
            raise SolverError(f"Lemke's algorithm stopped after {pivots} pivots; raise "
                              "max_pivots to go on")
        entering = lcp.complement(leaving)
        z0_row = tab.basic.index(lcp.z0)


def _ratio_test(tab, entering, lexicographic, exact, z0_row):
    """The leaving row: minimum ratio, ``z0`` first on ties, then lexicographic."""
    T = tab.T
    column = T[:, 1 + entering]
    if exact:
        rows = np.flatnonzero(column > 0)
    else:
        rows = np.flatnonzero(column > _ROUNDING * np.abs(column).max())
    if len(rows) == 0:
        return None
    if len(rows) == 1:
        return int(rows[0])
    if exact:
        try:
            approx = T[rows, 0].astype(float) / column[rows].astype(float)
        except OverflowError:
            approx = None
        if approx is not None:
            order = np.argsort(approx, kind="stable")
            best, second = approx[order[0]], approx[order[1]]
            if second > best + 1e-9 * max(1.0, abs(best)) and rows[order[0]] != z0_row:
                return int(rows[order[0]])
            candidates = rows[approx <= best + 1e-9 * max(1.0, abs(best))].tolist()
        else:
            candidates = [int(r) for r in rows]
        return _exact_lexicographic_row(T, column, candidates, lexicographic, z0_row)
    ratios = T[rows, 0] / column[rows]
    best = ratios.min()
    tied = rows[ratios <= best + 1e-9 * max(1.0, abs(best))]
    if z0_row in tied:
        return z0_row
    for c in lexicographic:
        if len(tied) == 1:
            break
        values = T[tied, c] / column[tied]
        low = values.min()
        tied = tied[values <= low + 1e-9 * max(1.0, abs(low))]
    return int(tied[0])


def _exact_lexicographic_row(T, column, candidates, lexicographic, z0_row):
    """Exact minimum ratio over ``candidates``; ``z0`` wins a tie of the ratio, then lex."""
    def less(r, s, c):  # T[r, c] / column[r] < T[s, c] / column[s]  (both columns > 0)
        return int(T[r, c]) * int(column[s]) < int(T[s, c]) * int(column[r])

    best = [candidates[0]]
    for r in candidates[1:]:
        if less(r, best[0], 0):
            best = [r]
        elif not less(best[0], r, 0):
            best.append(r)
    if z0_row in best:
        return z0_row
    for c in lexicographic:
        if len(best) == 1:
            break
        low = best[0]
        for r in best[1:]:
            if less(r, low, c):
                low = r
        best = [r for r in best if not less(low, r, c)]
    return best[0]
