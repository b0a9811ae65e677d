r"""Pure-strategy Nash equilibria of an N-player game.

A profile :math:`s` is a pure equilibrium iff each :math:`s_i` maximises
:math:`u_i(\cdot, s_{-i})`.  All such profiles are found at once: for each player
the payoff array is compared with its maximum along that player's axis.

Reference: Osborne, M. J. (2004). *An Introduction to Game Theory*, OUP, §2.6.
"""

import numpy as np


def pure_profiles(game):
    """Index tuples of every pure-strategy equilibrium, in lexicographic order."""
    stable = np.ones(game.shape, dtype=bool)
    for i in range(game.n_players):
        payoffs = game.payoffs[i]
        stable &= payoffs == payoffs.max(axis=i, keepdims=True)
    return [tuple(int(a) for a in index) for index in np.argwhere(stable)]
