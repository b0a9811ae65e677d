"""Exact optima of linear programs: small ones by an exact simplex in fractions, larger ones by
HiGHS in floats, made exact.

A small program (at most :data:`SMALL` coefficients) is solved by the two-phase simplex method
with Bland's rule over Fractions (Dantzig 1963; Bland 1977): every pivot is exact, so the
optimum, infeasibility and unboundedness are decided exactly, and no float solver is imported
(scipy's ``optimize`` package costs a large part of a second to import).  A larger program is
solved by scipy's HiGHS, and the rationalised optimum is projected, in fractions, onto the
constraints that are tight there (sympy's own simplex has returned infeasible optima).  Either
way the caller checks the exact point it gets back (feasibility, and whatever certificate it
needs) before it returns anything.

References
----------
Dantzig, G. B. (1963). *Linear Programming and Extensions*. Princeton UP, ch. 5.

Bland, R. G. (1977). New finite pivoting rules for the simplex method. *Math. Oper. Res.*
2(2), 103–107.
"""

from fractions import Fraction

import numpy as np

#: The largest program, in coefficients (rows × columns), solved by the exact simplex.
SMALL = 2500


def solve_exact(c, A_ub, b_ub, A_eq=(), b_eq=(), tight_below=(), free=()):
    """Maximise ``c @ z`` subject to ``A_ub z <= b_ub``, ``A_eq z = b_eq`` and ``z >= 0``
    (except the coordinates listed in ``free``, which are unbounded), exactly.

    Coefficients may be ints, Fractions or floats (floats are read at their exact binary
    value).  Returns ``(value, z)`` as Fractions, or ``None`` when the program has no optimum
    (infeasible or unbounded).  A small program is solved by :func:`simplex`; a larger one
    by HiGHS, whose optimum is projected onto the constraints tight there (``tight_below``
    lists inequalities that never count as tight).  The caller verifies the point.
    """
    A_ub, A_eq = [list(r) for r in A_ub], [list(r) for r in A_eq]
    if len(c) * (len(A_ub) + len(A_eq) + 1) <= SMALL:
        return simplex(c, A_ub, b_ub, A_eq, b_eq, free)
    return _highs_projected(c, A_ub, b_ub, A_eq, b_eq, tight_below, free)


def simplex(c, A_ub, b_ub, A_eq=(), b_eq=(), free=()):
    """The two-phase simplex method with Bland's rule, exactly in Fractions: maximise
    ``c @ z`` subject to ``A_ub z <= b_ub``, ``A_eq z = b_eq``, ``z >= 0`` except the
    ``free`` coordinates.  Returns ``(value, z)`` or ``None`` (infeasible or unbounded)."""
    n, free = len(c), set(free)
    columns = [(k, 1) for k in range(n)] + [(k, -1) for k in range(n) if k in free]
    m_ub = len(A_ub)
    rows = [[Fraction(a[k]) * s for k, s in columns] + [Fraction(int(j == i))
                                                         for j in range(m_ub)] + [Fraction(b)]
            for i, (a, b) in enumerate(zip(A_ub, b_ub))]
    rows += [[Fraction(a[k]) * s for k, s in columns] + [Fraction(0)] * m_ub + [Fraction(b)]
             for a, b in zip(A_eq, b_eq)]
    width = len(columns) + m_ub
    basis = []
    for i, row in enumerate(rows):
        if row[-1] < 0:
            rows[i] = row = [-x for x in row]
        slack = len(columns) + i
        basis.append(slack if i < m_ub and row[slack] == 1 else None)
    # phase 1: an artificial variable in each row without a basic slack; minimise their sum
    artificial = [i for i, b in enumerate(basis) if b is None]
    for i, row in enumerate(rows):
        row[width:width] = [Fraction(int(i == a)) for a in artificial]
    for col, i in enumerate(artificial):
        basis[i] = width + col
    cost = [Fraction(0)] * width + [Fraction(1)] * len(artificial) + [Fraction(0)]
    for i in artificial:
        cost = [x - y for x, y in zip(cost, rows[i])]
    if not _pivot_to_optimum(rows, basis, cost):  # bounded below by 0: cannot happen
        return None
    if cost[-1] != 0:   # -cost[-1] is the least sum of the artificial variables
        return None
    for i in reversed(range(len(rows))):  # drive artificial variables out of the basis
        if basis[i] >= width:
            col = next((j for j in range(width) if rows[i][j] != 0), None)
            if col is None:   # a redundant equality
                del rows[i], basis[i]
            else:
                _pivot(rows, basis, None, i, col)
    for row in rows:
        del row[width:-1]
    # phase 2: maximise c (the cost row holds -c, reduced)
    cost = [-Fraction(c[k]) * s for k, s in columns] + [Fraction(0)] * (m_ub + 1)
    for i, b in enumerate(basis):
        if cost[b] != 0:
            cost = [x - cost[b] * y for x, y in zip(cost, rows[i])]
    if not _pivot_to_optimum(rows, basis, cost):
        return None
    value = [Fraction(0)] * width
    for i, b in enumerate(basis):
        value[b] = rows[i][-1]
    z = [Fraction(0)] * n
    for (k, s), v in zip(columns, value):
        z[k] += s * v
    return sum(Fraction(v) * x for v, x in zip(c, z)), z


def _pivot_to_optimum(rows, basis, cost):
    """Pivot by Bland's rule until no reduced cost is negative (``True``) or a column with
    a negative reduced cost has no positive entry: unbounded (``False``)."""
    while True:
        col = next((j for j, x in enumerate(cost[:-1]) if x < 0), None)
        if col is None:
            return True
        ratios = [(row[-1] / row[col], basis[i], i) for i, row in enumerate(rows) if row[col] > 0]
        if not ratios:
            return False
        _pivot(rows, basis, cost, min(ratios)[2], col)  # ties: the least basic index leaves


def _pivot(rows, basis, cost, r, col):
    """Make column ``col`` basic in row ``r``."""
    pivot = rows[r][col]
    rows[r] = top = [x / pivot for x in rows[r]]
    for i, row in enumerate(rows):
        if i != r and row[col] != 0:
            f = row[col]
            rows[i] = [x - f * y for x, y in zip(row, top)]
    if cost is not None and cost[col] != 0:
        f = cost[col]
        cost[:] = [x - f * y for x, y in zip(cost, top)]
    basis[r] = col


def _highs_projected(c, A_ub, b_ub, A_eq, b_eq, tight_below, free):
    """HiGHS in floats, then the optimum projected exactly onto the constraints tight there
    (the equalities, the tight inequalities, the zero coordinates that are not free)."""
    import sympy as sp
    from scipy.optimize import linprog

    n = len(c)
    free = set(free)
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
