r"""Exact equilibria from floating-point ones.

Float solvers (nashpy's Lemke–Howson and support enumeration, scipy's linear
programs) find an equilibrium approximately.  In an exact game we recover the
exact equilibrium with the same supports: player :math:`j`'s strategy on its
support :math:`S_j` makes every action in the other player's support
:math:`S_i` equally good,

.. math:: \sum_{b \in S_j} u_i(a, b)\, \sigma_j(b) = v_i \quad (a \in S_i), \qquad
          \sum_{b \in S_j} \sigma_j(b) = 1,

solved exactly with sympy.  The result is then verified exactly by the caller.
"""

from fractions import Fraction

import numpy as np

#: Probabilities below this are read as zero when reading a float solution's support.
SUPPORT_TOLERANCE = 1e-9


def exact_profile(game, strategies):
    """Exact two-player profile with the supports of the float ``strategies``.

    Returns ``None`` when the support equations have no solution that is a
    probability vector (the float profile was not close to an equilibrium).
    """
    A, B = game.matrices()
    x, y = (np.asarray(s, dtype=float) for s in strategies)
    sx = np.flatnonzero(x > SUPPORT_TOLERANCE)
    sy = np.flatnonzero(y > SUPPORT_TOLERANCE)
    y_exact = _mixture(A[np.ix_(sx, sy)], y[sy])
    x_exact = _mixture(B[np.ix_(sx, sy)].T, x[sx])
    if x_exact is None or y_exact is None:
        return None
    full_x = [Fraction(0)] * len(x)
    full_y = [Fraction(0)] * len(y)
    for k, p in zip(sx, x_exact):
        full_x[k] = p
    for k, p in zip(sy, y_exact):
        full_y[k] = p
    return [full_x, full_y]


def _mixture(M, guess):
    """A probability vector ``s`` with ``M s`` constant, the one nearest ``guess``.

    ``M`` is the opponent's payoff block (rows: opponent's support).  When the
    equations leave freedom (degenerate games) the free parameters are set to
    the rational closest to the float guess.
    """
    import sympy

    rows, cols = M.shape
    unknowns = sympy.symbols(f"s0:{cols}")
    value = sympy.Symbol("v")
    equations = [sum(sympy.Rational(M[a, b]) * unknowns[b] for b in range(cols)) - value
                 for a in range(rows)]
    equations.append(sum(unknowns) - 1)
    solution = sympy.solve(equations, [*unknowns, value], dict=True)
    if not solution:
        return None
    solution = solution[0]
    free = {s: sympy.Rational(Fraction(float(g)).limit_denominator(10**6))
            for s, g in zip(unknowns, guess) if s not in solution}
    out = []
    for s in unknowns:
        expr = sympy.sympify(solution.get(s, s)).subs(free)
        if not expr.is_Rational:
            return None
        out.append(Fraction(int(expr.p), int(expr.q)))
    if any(p < 0 for p in out):
        return None
    return out
