r"""Iterated elimination of dominated strategies.

Action :math:`a` of player :math:`i` is *strictly dominated* by a mixed strategy
:math:`\sigma_i` if :math:`\sum_b \sigma_i(b)\,u_i(b, s_{-i}) > u_i(a, s_{-i})` for
every profile :math:`s_{-i}` of the others, and *weakly dominated* if the
inequality is weak everywhere and strict somewhere.  Domination by a mixture is
found by the linear program

.. math:: \max_{\sigma, \varepsilon}\ \varepsilon \quad\text{s.t.}\quad
          \sum_b \sigma(b) u_i(b, s_{-i}) - u_i(a, s_{-i}) \ge \varepsilon\ \forall s_{-i},

and in exact games the mixture is then checked exactly.  Strict elimination
keeps every Nash equilibrium and its result does not depend on the order;
weak elimination may lose equilibria and its result depends on the order
(a :class:`UserWarning` says so).

Reference: Fudenberg, D. & Tirole, J. (1991). *Game Theory*, MIT Press, §2.1.
"""

import warnings
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog


@dataclass(frozen=True)
class Elimination:
    """The reduced game and the order in which actions were removed."""

    game: object
    removed: tuple  # ((player, action label, dominating strategy as {label: prob}), ...)
    weak: bool

    def explain(self):
        if not self.removed:
            return "No action is dominated, so no action can be ruled out."
        kind = "weakly" if self.weak else "strictly"
        steps = "; ".join(f"{player} never plays {action}" for player, action, _ in self.removed)
        return f"Removing {kind} dominated actions one at a time: {steps}."


def eliminate_dominated(game, weak=False, mixed=True):
    """Remove dominated actions until none is left.

    Parameters
    ----------
    weak : bool
        Remove weakly dominated actions too (warns: the order matters).
    mixed : bool
        Allow domination by mixed strategies (linear programming), not only pure.
    """
    if weak:
        warnings.warn(
            "weak dominance: the reduced game depends on the order of elimination "
            "and Nash equilibria may be lost", UserWarning, stacklevel=2)
    keep = [list(range(m)) for m in game.shape]
    removed = []
    changed = True
    while changed:
        changed = False
        for i in range(game.n_players):
            current = game.restrict(keep)
            for a in range(current.shape[i]):
                dominator = _dominator(current, i, a, weak, mixed)
                if dominator is not None:
                    label = current.actions[i][a]
                    strategy = {current.actions[i][b]: p for b, p in enumerate(dominator) if p}
                    removed.append((game.players[i], label, strategy))
                    del keep[i][a]
                    changed = True
                    break
            if changed:
                break
    return Elimination(game.restrict(keep), tuple(removed), weak)


def _dominator(game, i, a, weak, mixed):
    """A strategy of player ``i`` dominating action ``a`` (as probabilities), or None."""
    rows = np.moveaxis(game.payoffs[i], i, 0).reshape(game.shape[i], -1)
    target = rows[a]
    others = [b for b in range(game.shape[i]) if b != a]
    for b in others:  # pure domination first: exact and cheap
        diff = rows[b] - target
        if all(diff >= 0) and (any(diff > 0) if weak else all(diff > 0)):
            return [1 if k == b else 0 for k in range(game.shape[i])]
    if not mixed or len(others) < 2:
        return None
    return _mixed_dominator(game, rows, a, others, weak)


def _mixed_dominator(game, rows, a, others, weak):
    M = np.array([[float(v) for v in rows[b]] for b in others])
    t = np.array([float(v) for v in rows[a]])
    k, cols = M.shape
    # variables: sigma (k), epsilon; maximise epsilon (weak: maximise the total gain)
    if weak:
        c = -(M.sum(axis=1) - t.sum())
        A_ub = -M.T
        b_ub = -t
        result = linprog(np.append(c, 0), A_ub=np.hstack([A_ub, np.zeros((cols, 1))]), b_ub=b_ub,
                         A_eq=[[1] * k + [0]], b_eq=[1], bounds=[(0, None)] * k + [(0, 0)])
    else:
        A_ub = np.hstack([-M.T, np.ones((cols, 1))])
        result = linprog(np.append(np.zeros(k), -1), A_ub=A_ub, b_ub=-t,
                         A_eq=[[1] * k + [0]], b_eq=[1], bounds=[(0, None)] * k + [(None, None)])
    if result.status != 0:
        return None
    sigma = result.x[:k]
    if game.exact:
        sigma = [Fraction(float(p)).limit_denominator(10**6) for p in sigma]
        total = sum(sigma)
        if total == 0:
            return None
        sigma = [p / total for p in sigma]
    gain = sum(p * rows[b] for p, b in zip(sigma, others)) - rows[a]
    floor, margin = (0, 0) if game.exact else (-1e-12, 1e-9)
    if not (all(gain >= floor) and (any(gain > margin) if weak else all(gain > margin))):
        return None
    weights = dict(zip(others, sigma))
    return [weights.get(b, 0) for b in range(len(rows))]
