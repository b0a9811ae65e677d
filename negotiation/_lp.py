"""Exact optima of small linear programs: HiGHS in floats, then made exact in fractions.

sympy's simplex has returned infeasible optima, so the library solves a linear program with
scipy's HiGHS and makes the optimum exact by projecting the rationalised point, in fractions,
onto the constraints that are tight there.  The caller checks the exact point it gets back
(feasibility, and whatever certificate it needs) before it returns anything.
"""

from fractions import Fraction

import numpy as np


def solve_exact(c, A_ub, b_ub, A_eq=(), b_eq=(), tight_below=(), free=()):
    """Maximise ``c @ z`` subject to ``A_ub z <= b_ub``, ``A_eq z = b_eq`` and ``z >= 0``
    (except the coordinates listed in ``free``, which are unbounded), exactly.

    HiGHS solves the program in floats; the rationalised optimum is then projected, in
    fractions, onto the constraints tight there (the equalities, the tight inequalities and
    the zero coordinates that are not free; ``tight_below`` lists inequalities that never
    count as tight).  Coefficients may be ints, Fractions or floats (floats are read at
    their exact binary value).  Returns ``(value, z)`` as Fractions, or ``None`` when the
    program has no optimum (infeasible or unbounded).  The caller verifies the point.
    """
    import sympy as sp
    from scipy.optimize import linprog

    n = len(c)
    free = set(free)
    A_ub, A_eq = [list(r) for r in A_ub], [list(r) for r in A_eq]
    floats_ub = np.array(A_ub, dtype=float).reshape(-1, n)
    floats_eq = np.array(A_eq, dtype=float).reshape(-1, n)
    result = linprog([-float(v) for v in c], A_ub=floats_ub if A_ub else None,
                     b_ub=np.array(b_ub, dtype=float) if A_ub else None,
                     A_eq=floats_eq if A_eq else None,
                     b_eq=np.array(b_eq, dtype=float) if A_eq else None,
                     bounds=[(None, None) if k in free else (0, None) for k in range(n)],
                     method="highs")
    if result.status != 0:
        return None
    z = result.x
    rows, right = list(A_eq), list(b_eq)
    scale = 1 + float(np.max(np.abs(z), initial=0))
    for k, (r, floats, b) in enumerate(zip(A_ub, floats_ub, b_ub)):
        if k not in tight_below and abs(float(floats @ z) - float(b)) <= 1e-9 * scale:
            rows.append(list(r))
            right.append(b)
    for k, v in enumerate(z):
        if k not in free and v <= 1e-12 * scale:
            rows.append([int(j == k) for j in range(n)])
            right.append(0)
    point = sp.Matrix([sp.Rational(Fraction(float(v)).limit_denominator(10 ** 9)) for v in z])
    if rows:
        E = sp.Matrix([[sp.Rational(Fraction(v)) for v in r] for r in rows])
        f = sp.Matrix([sp.Rational(Fraction(v)) for v in right])
        _, independent = E.T.rref()
        E, f = E[list(independent), :], f[list(independent), :]
        point = point - E.T * (E * E.T).inv() * (E * point - f)
    z = [Fraction(int(sp.Rational(v).p), int(sp.Rational(v).q)) for v in point]
    return sum(Fraction(v) * x for v, x in zip(c, z)), z
