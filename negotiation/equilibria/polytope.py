r"""Exact vertex enumeration of a best-response polytope.

The polytope is :math:`\{z \in \mathbb{R}^d : z \ge 0,\ C z \le \mathbf 1\}` with
:math:`C` a positive integer matrix (so it is bounded and contains 0).  Its
vertices are found by a depth-first search over the lexicographically feasible
bases of the system :math:`[C \; I]\,(z, w) = \mathbf 1`, starting from the slack
basis :math:`z = 0`.  The lexicographic rule is the symbolic perturbation
:math:`\mathbf 1 + (\varepsilon, \varepsilon^2, \ldots)`: it makes the polytope
simple, so every feasible basis has exactly one neighbour per entering variable
and the bases form a connected graph; every vertex of the unperturbed polytope,
degenerate or not, is the image of at least one of them.  Nothing is lost to
degeneracy, which is where support enumeration fails.

Arithmetic is exact: the tableau is kept in integers by fraction-free
(Bareiss) pivoting, as in lrs (Avis 2000).  Ratio tests are first compared in
floating point, which is safe when the two smallest ratios differ by far more
than the rounding error of a quotient of two integers; near ties, including
every degenerate tie, are settled exactly.

References
----------
Avis, D. (2000). lrs: a revised implementation of the reverse search vertex
enumeration algorithm. In *Polytopes — Combinatorics and Computation*, 177–198.

Dantzig, G., Orden, A. & Wolfe, P. (1955). The generalized simplex method for
minimizing a linear form under linear inequality restraints. *Pacific J. Math.*
5(2), 183–195 (the lexicographic rule).
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import SolverError

#: Relative gap under which two floating-point ratios are compared exactly.
_TIE = 1e-9

#: Bound on tableau entries under which int64 arithmetic cannot overflow.
_SMALL = 2**31

_FAILURES = {
    "limit": "vertex enumeration stopped after {limit} bases; raise `limit` to go on",
    "unbounded": "the polytope is unbounded: the payoffs were not made positive",
}

try:
    from . import _lexsearch
except ImportError:  # the C extension is optional: without a compiler and GMP, use Python
    _lexsearch = None


@dataclass(frozen=True)
class Vertex:
    """A vertex of the polytope: exact coordinates and its tight constraints.

    ``labels`` is a bit mask over the ``d + k`` constraints: bit ``j < d`` is set
    when ``z_j = 0``, bit ``d + i`` when row ``i`` of ``C z <= 1`` is tight.  The
    coordinates are ``numerators / denominator`` (integers), kept unreduced until
    asked for.
    """

    labels: int
    numerators: tuple
    denominator: int

    @property
    def coordinates(self):
        return tuple(Fraction(int(v), int(self.denominator)) for v in self.numerators)


def vertices(C, progress=None, limit=None):
    """All vertices of ``{z >= 0, C z <= 1}`` for a positive integer matrix ``C``.

    Runs the compiled search (:mod:`._lexsearch`, C with GMP) when it is built,
    else :func:`reference_vertices`; both give the same vertices in the same order.

    Parameters
    ----------
    C : array_like of int, shape (k, d)
        Positive integers.
    progress : callable, optional
        Called as ``progress(n_vertices)`` as the search goes (every 1000 bases in
        Python; once, at the end, for the compiled search).
    limit : int, optional
        Raise :class:`SolverError` after this many bases instead of running on.

    Returns
    -------
    list of Vertex
        Each vertex once, the origin first.
    """
    if _lexsearch is None:
        return reference_vertices(C, progress, limit)
    rows = [[int(c) for c in row] for row in np.asarray(C, dtype=object)]
    try:
        found = _lexsearch.vertices(rows, -1 if limit is None else int(limit))
    except RuntimeError as error:
        raise SolverError(_FAILURES.get(str(error), str(error)).format(limit=limit)) from None
    if progress is not None:
        progress(len(found))
    return [Vertex(labels, numerators, denominator) for labels, numerators, denominator in found]


def reference_vertices(C, progress=None, limit=None):
    """The same search in Python and numpy: the fallback, and the tests' reference."""
    C = np.asarray(C, dtype=object)
    k, d = C.shape
    n_vars = d + k
    # Tableau columns: 0 is the right-hand side, 1 + v is variable v
    # (z_0 .. z_{d-1}, then the slacks w_0 .. w_{k-1}).
    T = np.zeros((k, 1 + n_vars), dtype=object)
    T[:, 0] = 1
    T[:, 1 : 1 + d] = C
    T[:, 1 + d :] = np.identity(k, dtype=int).astype(object)
    state = _Tableau(T, basic=list(range(d, d + k)), det=1, d=d)

    found = {}
    visited = {state.key}
    state.record(found)
    stack = [state.neighbours()]
    path = []
    while stack:
        pending = stack[-1]
        if not pending:
            stack.pop()
            if path:
                state.restore(path.pop())
            continue
        entering, row, key = pending.pop()
        if key in visited:
            continue
        visited.add(key)
        path.append(state.save())
        state.pivot(row, entering)
        state.record(found)
        stack.append(state.neighbours())
        if progress is not None and len(visited) % 1000 == 0:
            progress(len(found))
        if limit is not None and len(visited) > limit:
            raise SolverError(_FAILURES["limit"].format(limit=limit))
    return list(found.values())


class _Tableau:
    """An integer simplex tableau ``det * B^{-1} [1 | C | I]`` and its basis."""

    def __init__(self, T, basic, det, d):
        self.T = T
        self.basic = basic
        self.det = det
        self.d = d
        self.key = sum(1 << v for v in basic)
        self.all_labels = (1 << (T.shape[1] - 1)) - 1

    def save(self):
        """The state to come back to after a pivot (the search's path)."""
        return self.T, list(self.basic), self.det, self.key

    def restore(self, saved):
        self.T, self.basic, self.det, self.key = saved

    def record(self, found):
        """Add the current vertex to ``found`` (keyed by its labels) if it is new."""
        rhs = self.T[:, 0]
        labels = self.all_labels
        for r in np.flatnonzero(rhs):
            labels &= ~(1 << self.basic[r])
        if labels in found:
            return
        numerators = [0] * self.d
        for r, v in enumerate(self.basic):
            if v < self.d:
                numerators[v] = int(rhs[r])
        found[labels] = Vertex(labels, tuple(numerators), int(self.det))

    def neighbours(self):
        """``[(entering, row, basis key)]``: one lexicographic pivot per nonbasic variable."""
        T = self.T
        basic = self.basic
        key = self.key
        nonbasic = [v for v in range(T.shape[1] - 1) if not key >> v & 1]
        try:
            approx = T.astype(float)
        except OverflowError:  # entries beyond 1e308: compare every ratio exactly
            approx = None
        if approx is None:
            rows = [self._lexicographic_row(e, np.flatnonzero(T[:, 1 + e] > 0)) for e in nonbasic]
        else:
            rows = self._float_rows(nonbasic, approx)
        return [(e, r, key ^ (1 << basic[r]) | (1 << e)) for e, r in zip(nonbasic, rows)]

    def _float_rows(self, nonbasic, approx):
        """Minimum ratio rows for all entering columns, in floats where the minimum is clear."""
        columns = approx[:, [1 + e for e in nonbasic]]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios = np.where(columns > 0, approx[:, :1] / columns, np.inf)
        if ratios.shape[0] == 1:
            return [0] * len(nonbasic)
        two = np.partition(ratios, 1, axis=0)[:2]
        best = np.argmin(ratios, axis=0)
        clear = np.isfinite(two[1]) & (two[1] > 0) & (two[1] > two[0] * (1 + _TIE))
        if not np.all(np.isfinite(two[0])):
            raise SolverError(_FAILURES["unbounded"])
        if clear.all():
            return best.tolist()
        return [
            int(best[i]) if clear[i]
            else self._lexicographic_row(e, np.flatnonzero(self.T[:, 1 + e] > 0))
            for i, e in enumerate(nonbasic)
        ]

    def _lexicographic_row(self, e, rows):
        """The lexicographic minimum ratio row among ``rows``, exactly."""
        T, d = self.T, self.d
        lex = np.concatenate(([0], np.arange(1 + d, T.shape[1])))
        best = int(rows[0])
        for r in rows[1:]:
            r = int(r)
            a, ta = T[best, lex], T[best, 1 + e]
            b, tb = T[r, lex], T[r, 1 + e]
            for x, y in zip(a, b):
                left, right = int(x) * int(tb), int(y) * int(ta)  # Python ints: no overflow
                if left != right:
                    if right < left:
                        best = r
                    break
        return best

    def pivot(self, row, entering):
        """Fraction-free pivot on ``(row, entering)``; exactly reversible.

        Entries are minors of ``[C | I | 1]``; the tableau is held in int64 while
        every entry is below 2**31 (so products cannot overflow) and in Python
        integers otherwise.
        """
        T = self._sized(self.T.copy())
        c = 1 + entering
        p = T[row, c]
        pivot_row = T[row].copy()
        column = T[:, c].copy()
        T *= p
        T -= np.outer(column, pivot_row)
        T //= self.det
        T[row] = pivot_row
        self.T = T
        self.det = p
        self.key ^= (1 << self.basic[row]) | (1 << entering)
        self.basic[row] = entering

    @staticmethod
    def _sized(T):
        if T.dtype == object:
            try:
                small = T.astype(np.int64)
            except OverflowError:
                return T
            return small if np.abs(small).max() < _SMALL else T
        return T if np.abs(T).max() < _SMALL else T.astype(object)
