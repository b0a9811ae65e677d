r"""Checking that a profile is a Nash equilibrium.

A mixed profile :math:`\sigma` is a Nash equilibrium iff no player has a pure
action that does better: :math:`\max_a u_i(a, \sigma_{-i}) - u_i(\sigma) \le 0`
for every :math:`i` (the *regret*).  In an exact game the check is exact; in a
float game it allows ``tol``.  Every solver passes its answers through
:func:`verified` before returning them.

Reference: Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2),
286–295.
"""

from fractions import Fraction

import numpy as np

from ..errors import SolverError
from .result import Equilibrium

#: Largest regret accepted in float games.
FLOAT_TOLERANCE = 1e-7


def regrets(game, strategies):
    """Each player's gain from the best pure deviation (``<= 0`` at an equilibrium)."""
    out = []
    for i in range(game.n_players):
        values = game.payoff_vectors(strategies, i)
        out.append(max(values) - np.dot(values, strategies[i]))
    return out


def best_responses(game, strategies, player):
    """Indices of ``player``'s pure best responses to ``strategies``."""
    values = game.payoff_vectors(strategies, player)
    best = max(values)
    if game.exact:
        return tuple(a for a, v in enumerate(values) if v == best)
    scale = max(1.0, abs(float(best)))
    return tuple(a for a, v in enumerate(values) if v >= best - FLOAT_TOLERANCE * scale)


def verified(game, strategies, method):
    """An :class:`Equilibrium` for ``strategies`` after checking it; else :class:`SolverError`.

    In exact games probabilities must be exact and every regret exactly ``<= 0``.
    """
    strategies = [np.asarray(s, dtype=object if game.exact else float) for s in strategies]
    if game.exact:
        strategies = [np.array([Fraction(p) for p in s], dtype=object) for s in strategies]
    gaps = regrets(game, strategies)
    scale = max(1.0, float(np.max(np.abs(game.payoffs.astype(float)))))
    for player, gap in zip(game.players, gaps):
        if gap > (0 if game.exact else FLOAT_TOLERANCE * scale):
            raise SolverError(
                f"method {method!r} produced a profile that is not an equilibrium: "
                f"{player} gains {gap} by deviating"
            )
    payoffs = tuple(
        np.dot(game.payoff_vectors(strategies, i), strategies[i]) for i in range(game.n_players)
    )
    convert = (lambda v: v) if game.exact else float
    return Equilibrium(
        players=game.players,
        actions=game.actions,
        strategies=tuple(tuple(convert(p) for p in s) for s in strategies),
        payoffs=tuple(convert(u) for u in payoffs),
        exact=game.exact,
    )
