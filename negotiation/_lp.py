"""Exact optima of linear programs: small ones by an exact simplex, larger ones by HiGHS in
floats, made exact.

A small program (at most :data:`SMALL` coefficients) is solved by the two-phase simplex method
with Bland's rule (Dantzig 1963; Bland 1977) in exact rational arithmetic, each row of the
tableau kept as integers over one denominator: every pivot is exact, so the optimum,
infeasibility and unboundedness are decided exactly, and no float solver is imported (scipy's
``optimize`` package costs a large part of a second to import).  Up to about a thousand
coefficients it is about as fast as HiGHS followed by the projection below.  A larger program
is solved by scipy's HiGHS, and the rationalised optimum is projected, in fractions, onto the
constraints that are tight there (sympy's own simplex has returned infeasible optima).  Either
way the caller checks the exact point it gets back (feasibility, and whatever certificate it
needs) before it returns anything.

References
----------
Dantzig, G. B. (1963). *Linear Programming and Extensions*. Princeton UP, ch. 5.

Bland, R. G. (1977). New finite pivoting rules for the simplex method. *Math. Oper. Res.*
2(2), 103–107.
"""

import math
from fractions import Fraction

import numpy as np

#: The largest program, in coefficients (rows × columns), solved by the exact simplex.
SMALL = 1000


def solve_exact(c, A_ub, b_ub, A_eq=(), b_eq=(), tight_below=(), free=()):
    """Maximise ``c @ z`` subject to ``A_ub z <= b_ub``, ``A_eq z = b_eq`` and ``z >= 0``
    (except the coordinates listed in ``free``, which are unbounded), exactly.

    Coefficients may be ints, Fractions or floats (floats are read at their exact binary
    value).  Returns ``(value, z)`` as Fractions, or ``None`` when the program has no optimum
    (infeasible or unbounded).  A small program is solved by :func:`simplex`; a larger one
    by HiGHS, whose optimum is projected onto the constraints tight there (``tight_below``
    lists inequalities that never count as tight), and by the simplex after all when the
    projected point is not feasible exactly.  The caller verifies the point.
    """
    A_ub, A_eq = [list(r) for r in A_ub], [list(r) for r in A_eq]
    if len(c) * (len(A_ub) + len(A_eq) + 1) > SMALL:
        solved = _highs_projected(c, A_ub, b_ub, A_eq, b_eq, tight_below, free)
        if solved is None or _feasible(solved[1], A_ub, b_ub, A_eq, b_eq, free):
            return solved
    return simplex(c, A_ub, b_ub, A_eq, b_eq, free)


def _feasible(z, A_ub, b_ub, A_eq, b_eq, free):
    """Whether ``z`` satisfies the constraints exactly."""
    def value(row):
        return sum(Fraction(a) * x for a, x in zip(row, z))

    free = set(free)
    return all(x >= 0 for k, x in enumerate(z) if k not in free) and \
        all(value(r) <= Fraction(b) for r, b in zip(A_ub, b_ub)) and \
        all(value(r) == Fraction(b) for r, b in zip(A_eq, b_eq))


def simplex(c, A_ub, b_ub, A_eq=(), b_eq=(), free=()):
    """The two-phase simplex method with Bland's rule, exactly: maximise ``c @ z`` subject
    to ``A_ub z <= b_ub``, ``A_eq z = b_eq``, ``z >= 0`` except the ``free`` coordinates.
    Returns ``(value, z)`` as Fractions, or ``None`` (infeasible or unbounded).

    Each row of the tableau is kept as integers over one positive denominator (a
    :class:`_Row`), so a pivot costs one greatest common divisor per row rather than one
    per entry."""
    n, free = len(c), set(free)
    columns = [(k, 1) for k in range(n)] + [(k, -1) for k in range(n) if k in free]
    m_ub = len(A_ub)
    rows = [[Fraction(a[k]) * s for k, s in columns] + [int(j == i) for j in range(m_ub)]
            + [Fraction(b)] for i, (a, b) in enumerate(zip(A_ub, b_ub))]
    rows += [[Fraction(a[k]) * s for k, s in columns] + [0] * m_ub + [Fraction(b)]
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
        row[width:width] = [int(i == a) for a in artificial]
    for col, i in enumerate(artificial):
        basis[i] = width + col
    rows = [_Row.of(row) for row in rows]
    cost = _Row.of([0] * width + [1] * len(artificial) + [0])
    for i in artificial:
        cost = cost.minus(rows[i], 1, 1)
    cost = _pivot_to_optimum(rows, basis, cost)  # bounded below by 0: never None
    if cost is None or cost.ints[-1] != 0:   # -cost is the least sum of the artificial variables
        return None
    for i in reversed(range(len(rows))):  # drive artificial variables out of the basis
        if basis[i] >= width:
            col = next((j for j in range(width) if rows[i].ints[j] != 0), None)
            if col is None:   # a redundant equality
                del rows[i], basis[i]
            else:
                _pivot(rows, basis, None, i, col)
    rows = [_Row.of(row.ints[:width] + row.ints[-1:], row.den) for row in rows]
    # phase 2: maximise c (the cost row holds -c, reduced)
    cost = _Row.of([-Fraction(c[k]) * s for k, s in columns] + [0] * (m_ub + 1))
    for i, b in enumerate(basis):
        if cost.ints[b] != 0:
            cost = cost.minus(rows[i], cost.ints[b] * rows[i].den, cost.den * rows[i].ints[b])
    if _pivot_to_optimum(rows, basis, cost) is None:
        return None
    value = [Fraction(0)] * width
    for i, b in enumerate(basis):
        value[b] = Fraction(rows[i].ints[-1], rows[i].den)
    z = [Fraction(0)] * n
    for (k, s), v in zip(columns, value):
        z[k] += s * v
    return sum(Fraction(v) * x for v, x in zip(c, z)), z


class _Row:
    """A row of the tableau, its entries ``ints[j] / den`` (``den > 0``, no common factor)."""

    __slots__ = ("den", "ints")

    def __init__(self, ints, den):
        if den < 0:
            ints, den = [-x for x in ints], -den
        g = math.gcd(den, *ints)
        self.ints, self.den = ([x // g for x in ints], den // g) if g > 1 else (ints, den)

    @classmethod
    def of(cls, values, den=1):
        """The row of ``values`` (ints and Fractions) divided by ``den``."""
        values = [Fraction(v) for v in values]
        common = math.lcm(*(v.denominator for v in values))
        return cls([int(v * common) for v in values], common * den)

    def minus(self, other, top, bottom):
        """``self - (top / bottom) * other``, ``bottom`` nonzero."""
        a, b = self.den * other.den * bottom, top
        return _Row([x * other.den * bottom - b * self.den * y
                     for x, y in zip(self.ints, other.ints)], a)


def _pivot_to_optimum(rows, basis, cost):
    """Pivot by Bland's rule until no reduced cost is negative: the final cost row, or
    ``None`` when a column with a negative reduced cost has no positive entry (unbounded)."""
    while True:
        col = next((j for j, x in enumerate(cost.ints[:-1]) if x < 0), None)
        if col is None:
            return cost
        ratios = [(Fraction(row.ints[-1], row.ints[col]), basis[i], i)
                  for i, row in enumerate(rows) if row.ints[col] > 0]
        if not ratios:
            return None
        cost = _pivot(rows, basis, cost, min(ratios)[2], col)  # ties: least basic index leaves


def _pivot(rows, basis, cost, r, col):
    """Make column ``col`` basic in row ``r``: the row divided by its entry there, that
    multiple of it taken from every other row; returns the cost row, so reduced."""
    top = rows[r] = _Row(rows[r].ints, rows[r].ints[col])
    for i, row in enumerate(rows):
        if i != r and row.ints[col] != 0:
            rows[i] = _eliminate(row, top, col)
    basis[r] = col
    return cost if cost is None or cost.ints[col] == 0 else _eliminate(cost, top, col)


def _eliminate(row, top, col):
    """``row`` less the multiple of the pivot row ``top`` (entry 1 at ``col``) that clears
    its entry at ``col``: ``row - (row[col]) * top``, in integers over one denominator."""
    q = row.ints[col]
    return _Row([x * top.den - q * y for x, y in zip(row.ints, top.ints)], row.den * top.den)


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
