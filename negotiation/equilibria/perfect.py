r"""Trembling-hand perfection of equilibria of two-player strategic-form games.

An equilibrium is *(trembling-hand) perfect* if it is the limit of equilibria of
games in which every action is played with a small positive probability
(Selten 1975): it survives small mistakes.  In a two-player game an equilibrium
:math:`(x, y)` is perfect if and only if neither :math:`x` nor :math:`y` is weakly
dominated by a mixed strategy (van Damme 1991, Theorem 3.2.2), and a strategy is
undominated if and only if it is a best response to some completely mixed
strategy of the other player (Lemma 3.2.1).  Both sides are certified with exact
linear programs (:func:`negotiation._lp.solve_exact`: the simplex method in fractions
for small ones, HiGHS made exact by projection for larger ones); each certificate is
then checked exactly:

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

from .._lp import solve_exact
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


def _witness(M, x):
    """A completely mixed column strategy to which ``x`` (rows of ``M``) is a best
    response, or ``None``."""
    m, n = M.shape
    support = [a for a in range(m) if x[a] > 0]
    a0 = support[0]
    # variables y (n) and epsilon >= 0, maximised: (M y)_b - (M y)_a0 <= 0, equal on the
    # support, y_j >= epsilon, epsilon <= 1
    rows = [[M[b, j] - M[a0, j] for j in range(n)] + [0] for b in range(m) if b not in support]
    bounds = range(len(rows), len(rows) + n + 1)  # y_j >= epsilon and epsilon <= 1
    rows += [[-int(j == k) for j in range(n)] + [1] for k in range(n)]
    rows.append([0] * n + [1])
    equal = [[M[a, j] - M[a0, j] for j in range(n)] + [0] for a in support[1:]]
    equal.append([1] * n + [0])
    solved = solve_exact([0] * n + [1], rows, [0] * (len(rows) - 1) + [1], equal,
                         [0] * (len(equal) - 1) + [1], tight_below=bounds)
    if solved is None or solved[0] <= 1e-9:
        return None
    witness = tuple(solved[1][:n])
    values = [sum(M[a, j] * witness[j] for j in range(n)) for a in range(m)]
    if min(witness) <= 0 or sum(witness) != 1 or \
            any(values[a] != max(values) for a in support):
        raise SolverError("no exact witness could be recovered from the linear program")
    return witness


def _dominator(M, x):
    """A mixed strategy weakly dominating ``x`` (rows of ``M``), or ``None``."""
    m, n = M.shape
    xM = [sum(x[a] * M[a, j] for a in range(m)) for j in range(n)]
    # maximise sum_j (tau M)_j subject to (tau M)_j >= (x M)_j, tau a probability vector
    c = [sum(M[a, j] for j in range(n)) for a in range(m)]
    rows = [[-M[a, j] for a in range(m)] for j in range(n)]
    solved = solve_exact(c, rows, [-v for v in xM], [[1] * m], [1])
    if solved is None or solved[0] - sum(xM) <= 1e-9:
        return None
    tau = tuple(solved[1])
    gain = [sum(tau[a] * M[a, j] for a in range(m)) - xM[j] for j in range(n)]
    if min(tau) < 0 or sum(tau) != 1 or min(gain) < 0 or max(gain) <= 0:
        raise SolverError("no exact dominating strategy could be recovered from the linear "
                          "program")
    return tau


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
