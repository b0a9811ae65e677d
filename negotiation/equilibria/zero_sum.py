r"""Two-player zero-sum games by linear programming.

In a zero-sum game (:math:`B = -A`) the row player's optimal strategy solves

.. math:: \max_{x, v}\ v \quad\text{s.t.}\quad A^\top x \ge v\mathbf 1,\
          \mathbf 1^\top x = 1,\ x \ge 0,

and the column player's the dual; the optimum :math:`v` is the value of the game
(von Neumann's minimax theorem).  In exact games the float optimum gives the
supports, and the exact strategies are recovered from them and verified.

Reference: von Neumann, J. (1928). Zur Theorie der Gesellschaftsspiele. *Math.
Annalen* 100, 295–320; Dantzig, G. B. (1951), in *Activity Analysis of Production
and Allocation*, ch. 20.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import GameError, SolverError
from .rational import exact_profile
from .verify import verified


@dataclass(frozen=True)
class ZeroSumSolution:
    """The value of a zero-sum game and an optimal strategy for each player."""

    value: object
    equilibrium: object
    exact: bool

    @property
    def strategies(self):
        return self.equilibrium.strategies

    def explain(self):
        row, column = self.equilibrium.players
        return (f"{row} can guarantee {self.value} whatever {column} does, and {column} can hold "
                f"{row} to it; optimal play: {self.equilibrium.describe()}.")


def solve_zero_sum(game):
    """Value and optimal strategies of a two-player zero-sum game."""
    A, B = game.matrices()
    if not np.all(A + B == 0):
        raise GameError("the game is not zero-sum: B must equal -A for every profile")
    Af = A.astype(float)
    x = _optimal(Af)
    y = _optimal(-Af.T)
    strategies = [x, y]
    if game.exact:
        strategies = exact_profile(game, strategies)
        if strategies is None:
            raise SolverError("the linear program's solution could not be made exact")
    equilibrium = verified(game, strategies, "linprog")
    return ZeroSumSolution(equilibrium.payoffs[0], equilibrium, game.exact)


def _optimal(A):
    """An optimal mixed strategy of the maximising row player of ``A``."""
    from scipy.optimize import linprog

    m, n = A.shape
    result = linprog(
        np.append(np.zeros(m), -1.0),
        A_ub=np.hstack([-A.T, np.ones((n, 1))]), b_ub=np.zeros(n),
        A_eq=[[1.0] * m + [0.0]], b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)], method="highs",
    )
    if result.status != 0:
        raise SolverError(f"the linear program failed: {result.message}")
    return np.clip(result.x[:m], 0, None)
