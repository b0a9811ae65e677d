r"""Checking that a profile is a Nash equilibrium.

A mixed profile :math:`\sigma` is a Nash equilibrium iff no player has a pure
action that does better: :math:`\max_a u_i(a, \sigma_{-i}) - u_i(\sigma) \le 0`
for every :math:`i` (the *regret*).  In an exact game the check is exact; in a
float game it allows a tolerance *relative to the player's payoff scale*,
:math:`\text{regret}_i \le \varepsilon \max_a |u_i(a)|`, so that a game and the same
game with every payoff multiplied by :math:`10^{-20}` or :math:`10^{20}` get the same
answer (an absolute tolerance accepts anything in the first and nothing in the second).
Every solver passes its answers through :func:`verified` before returning them; one
that fails is a :class:`~negotiation.errors.SolverError`, never a result.

Reference: Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2),
286–295.
"""

from fractions import Fraction

import numpy as np

from .._numbers import show_number
from ..errors import SolverError
from .result import Equilibrium

#: Largest regret accepted in float games, relative to the player's largest absolute payoff.
FLOAT_TOLERANCE = 1e-7


def payoff_scales(game):
    """Each player's largest absolute payoff, as a float (0 for a player whose payoffs are
    all 0); computed exactly first, so that exact payoffs of 10^400 do not overflow."""
    out = []
    for i in range(game.n_players):
        largest = max(abs(v) for v in game.payoffs[i].reshape(-1))
        out.append(_finite(largest))
    return out


def _finite(value):
    """``float(value)``, the largest float for an exact number beyond the float range."""
    try:
        return float(value)
    except OverflowError:
        return float(np.finfo(float).max)


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
    scale = payoff_scales(game)[player]
    return tuple(a for a, v in enumerate(values) if v >= best - FLOAT_TOLERANCE * scale)


def verified(game, strategies, method):
    """An :class:`Equilibrium` for ``strategies`` after checking it; else :class:`SolverError`.

    In exact games probabilities must be exact and every regret exactly ``<= 0``.
    """
    strategies = [np.asarray(s, dtype=object if game.exact else float) for s in strategies]
    if game.exact:
        strategies = [np.array([Fraction(p) for p in s], dtype=object) for s in strategies]
    gaps = regrets(game, strategies)
    scales = [0] * game.n_players if game.exact else payoff_scales(game)
    for player, gap, scale in zip(game.players, gaps, scales):
        if gap > FLOAT_TOLERANCE * scale:
            raise SolverError(
                f"method {method!r} produced a profile that is not an equilibrium: "
                f"{player} gains {show_number(gap)} by deviating"
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
