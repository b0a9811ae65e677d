r"""Trembling-hand perfection of equilibria of two-player strategic-form games.

An equilibrium is *(trembling-hand) perfect* if it is the limit of equilibria of
games in which every action is played with a small positive probability
(Selten 1975): it survives small mistakes.  In a two-player game an equilibrium
:math:`(x, y)` is perfect if and only if neither :math:`x` nor :math:`y` is weakly
dominated by a mixed strategy (van Damme 1991, Theorem 3.2.2), and a strategy is
undominated if and only if it is a best response to some completely mixed
strategy of the other player (Lemma 3.2.1).  Both sides are certified with exact
linear programs (sympy's rational simplex):

* a *witness*: :math:`\max \varepsilon` over opponent strategies :math:`y' \ge \varepsilon`
  that make every action in :math:`x`'s support a best response; a positive optimum
  gives a completely mixed :math:`y'` to which :math:`x` is a best response;
* a *dominator*: :math:`\max \sum_j ((\tau - x) A)_j` subject to
  :math:`(\tau - x) A \ge 0`; a positive optimum gives a strategy :math:`\tau` that
  weakly dominates :math:`x`.

Exactly one of the two exists for each strategy; both are computed and checked.

References: Selten, R. (1975). Reexamination of the perfectness concept for
equilibrium points in extensive games. *International Journal of Game Theory* 4,
25–55; van Damme, E. (1991). *Stability and Perfection of Nash Equilibria*, 2nd ed.,
Springer, §3.2.
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._numbers import format_number
from ..errors import GameError, SolverError


@dataclass(frozen=True)
class PerfectionCheck:
    """Whether a two-player equilibrium is trembling-hand perfect, with certificates.

    ``witnesses[i]`` is a completely mixed strategy of the other player to which
    player ``i``'s strategy is a best response (``None`` when there is none);
    ``dominators[i]`` a strategy of player ``i`` that weakly dominates theirs
    (``None`` when there is none).  The equilibrium is perfect iff every player
    has a witness.
    """

    players: tuple
    actions: tuple
    strategies: tuple
    witnesses: tuple
    dominators: tuple

    @property
    def perfect(self):
        return all(w is not None for w in self.witnesses)

    def to_dict(self):
        def vector(v):
            return None if v is None else [format_number(p) for p in v]

        return {"perfect": self.perfect,
                "witnesses": [vector(w) for w in self.witnesses],
                "dominators": [vector(d) for d in self.dominators]}

    def explain(self):
        if self.perfect:
            return ("This equilibrium is trembling-hand perfect: each player's strategy is a "
                    "best response even when the other makes every mistake with a small "
                    "probability, so it survives small errors.")
        weak = [p for p, d in zip(self.players, self.dominators) if d is not None]
        return (f"This equilibrium is not trembling-hand perfect: {' and '.join(weak)} "
                f"{'uses' if len(weak) == 1 else 'use'} a weakly dominated strategy, which "
                "the slightest chance of a mistake by the other player makes a loss.")


def _exact_lp(c, A_ub, b_ub, A_eq, b_eq, bounds):
    """Maximise ``c @ z`` exactly (``z >= 0`` unless ``bounds`` says otherwise);
    returns ``(value, z)`` as Fractions."""
    import sympy as sp
    from sympy.solvers.simplex import linprog

    value, z = linprog(sp.Matrix([-v for v in c]).T, sp.Matrix(A_ub), sp.Matrix(b_ub),
                       sp.Matrix(A_eq), sp.Matrix(b_eq), bounds=bounds)

    def fraction(v):
        v = sp.Rational(v)
        return Fraction(int(v.p), int(v.q))

    return -fraction(value), [fraction(v) for v in z]


def _witness(M, x):
    """A completely mixed column strategy to which ``x`` (rows of ``M``) is a best
    response, or ``None``."""
    m, n = M.shape
    support = [a for a in range(m) if x[a] > 0]
    a0 = support[0]
    # variables y (n) and epsilon; (M y)_b - (M y)_a0 <= 0, equal on the support, y_j >= eps
    rows = [[M[b, j] - M[a0, j] for j in range(n)] + [0] for b in range(m) if b not in support]
    rows += [[-int(j == k) for j in range(n)] + [1] for k in range(n)]
    equal = [[M[a, j] - M[a0, j] for j in range(n)] + [0] for a in support[1:]]
    equal.append([1] * n + [0])
    value, z = _exact_lp([0] * n + [1], rows, [0] * len(rows), equal, [0] * (len(equal) - 1) + [1],
                         bounds={n: (-1, 1)})   # only the sign of epsilon matters
    return tuple(z[:n]) if value > 0 else None


def _dominator(M, x):
    """A mixed strategy weakly dominating ``x`` (rows of ``M``), or ``None``."""
    m, n = M.shape
    xM = [sum(x[a] * M[a, j] for a in range(m)) for j in range(n)]
    # maximise sum_j (tau M)_j subject to (tau M)_j >= (x M)_j, tau a probability vector
    c = [sum(M[a, j] for j in range(n)) for a in range(m)]
    rows = [[-M[a, j] for a in range(m)] for j in range(n)]
    value, tau = _exact_lp(c, rows, [-v for v in xM], [[1] * m], [1], bounds=None)
    return tuple(tau) if value - sum(xM) > 0 else None


def perfection(game, strategies):
    """Check that a two-player equilibrium is trembling-hand perfect, exactly.

    Parameters
    ----------
    game : NormalFormGame
        Two players; float payoffs are taken at their exact binary value.
    strategies : Equilibrium or profile

    Returns
    -------
    PerfectionCheck
    """
    if game.n_players != 2:
        raise GameError("the perfection check needs a two-player game (in larger games "
                        f"undominated equilibria need not be perfect), not {game.n_players}")
    profile = game.profile(strategies)
    if not game.is_equilibrium(profile):
        raise GameError("the profile is not a Nash equilibrium, so it cannot be perfect")
    A, B = (np.vectorize(Fraction, otypes=[object])(M) for M in game.matrices())
    x, y = ([Fraction(p) for p in s] for s in profile)
    witnesses = (_witness(A, x), _witness(B.T, y))
    dominators = (_dominator(A, x), _dominator(B.T, y))
    for player, w, d in zip(game.players, witnesses, dominators):
        if (w is None) == (d is None):
            raise SolverError(f"the perfection certificates of {player} disagree: "
                              "a strategy is either undominated or dominated")
    return PerfectionCheck(players=game.players, actions=game.actions,
                           strategies=tuple(tuple(s) for s in (x, y)),
                           witnesses=witnesses, dominators=dominators)
