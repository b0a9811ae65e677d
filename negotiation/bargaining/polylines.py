r"""Many polyline bargaining problems at once: one concave Pareto chain per row.

Row :math:`i` of the arrays ``x, y`` (shape ``(n, m)``) holds the vertices of problem
:math:`i`'s frontier, :math:`x` (player 1's utility) increasing and :math:`y` decreasing,
its first ``count[i]`` entries the vertices and the rest copies of the last one (so that
rows of different lengths share one array).  This is the Pareto frontier of
:meth:`.BargainingProblem.from_points` with lotteries, for many point sets at once:

* :func:`hull_chains` — the Pareto chain of the convex hull of each row's points, by gift
  wrapping (Jarvis 1973) over all rows together: from the highest point (the rightmost of
  those tied), the next vertex is the point to the right seen at the largest slope (the
  farthest of those tied, so that collinear points are not vertices);
  :math:`O(n\,p\,h)` for :math:`p` points and chains of :math:`h` vertices.
* :func:`sum_chains` — the chain of a Minkowski sum :math:`A + B + \dots` from the chains
  of the summands: the support function of a sum is the sum of theirs, so its first vertex
  is the sum of their first vertices and its edges are theirs merged by decreasing slope
  (de Berg et al. 2008, §13.3).  Additive package utilities make the packages' points the
  Minkowski sum of the issues' levels, so the hull of thousands of packages costs a sort of
  a few dozen edges per row.  Edges of one slope are joined, so that no vertex lies
  inside a straight edge.
* :class:`PolylineFrontiers` — the frontiers with a disagreement point per row, in the
  form :func:`.alternating_offers` solves on (``u2_of_u1``, ``u1_of_u2``, ``u1_max``,
  ``u2_max``, ``disagreement``, each evaluated row by row), with the part above
  walk-away values (:meth:`~PolylineFrontiers.clip`), the largest smaller gain over them
  (:meth:`~PolylineFrontiers.margin`), and the (weighted) Nash and Kalai–Smorodinsky
  points (:meth:`~PolylineFrontiers.nash`, :meth:`~PolylineFrontiers.kalai_smorodinsky`),
  as :class:`.PackageSpace` computes them with lotteries one point at a time.

References
----------
Jarvis, R. A. (1973). On the identification of the convex hull of a finite set of points
in the plane. *Information Processing Letters* 2(1), 18–21.

de Berg, M., Cheong, O., van Kreveld, M. & Overmars, M. (2008). *Computational Geometry:
Algorithms and Applications*, 3rd ed. Springer, §13.3 (Minkowski sums).

Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.

Kalai, E. (1977). Nonsymmetric Nash solutions and replications of 2-person bargaining.
*International Journal of Game Theory* 6(3), 129–133.

Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
*Econometrica* 43(3), 513–518.
"""

import numpy as np

from ..errors import ParameterError

__all__ = ["PolylineFrontiers", "hull_chains", "sum_chains"]


def hull_chains(u1, u2):
    """The Pareto chain of the convex hull of each row's points ``(u1[i], u2[i])``.

    Parameters
    ----------
    u1, u2 : array of shape (n, p)
        The points, one set per row (finite floats).

    Returns
    -------
    x, y : arrays of shape (n, h)
        Each row's chain, ``x`` increasing, padded with its last vertex.
    count : int array of shape (n,)
        The number of vertices of each row's chain.
    """
    u1, u2 = np.asarray(u1, dtype=float), np.asarray(u2, dtype=float)
    if u1.ndim != 2 or u1.shape != u2.shape or u1.shape[1] == 0:
        raise ParameterError(f"u1 and u2 have shapes {u1.shape} and {u2.shape}, but they must "
                             "be one non-empty set of points per row, of one shape (n, p)")
    rows = np.arange(len(u1))
    top = u2.max(axis=1, keepdims=True)
    k = np.argmax(np.where(u2 == top, u1, -np.inf), axis=1)  # the rightmost highest point
    chain, count = [k], np.ones(len(u1), dtype=int)
    while True:
        cx, cy = u1[rows, k][:, None], u2[rows, k][:, None]
        right = u1 > cx
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = np.where(right, (u2 - cy) / (u1 - cx), -np.inf)
        best = slope.max(axis=1, keepdims=True)
        going = right.any(axis=1)
        if not going.any():
            break
        k = np.where(going, np.argmax(np.where(right & (slope == best), u1, -np.inf), axis=1),
                     k)
        chain.append(k)
        count += going
    index = np.stack(chain, axis=1)
    return u1[rows[:, None], index], u2[rows[:, None], index], count


def sum_chains(chains):
    """The Pareto chain of the convex hull of ``A + B + …`` (all sums of one point of each)
    from the chains of ``A``, ``B``, … (each ``(x, y, count)`` as :func:`hull_chains`
    returns it), row by row: the sum of their first vertices, then their edges in order of
    decreasing slope, edges of one slope joined into one (so that, as in
    :func:`hull_chains`, no vertex lies inside a straight edge)."""
    dx = np.concatenate([np.diff(x, axis=1) for x, _, _ in chains], axis=1)
    dy = np.concatenate([np.diff(y, axis=1) for _, y, _ in chains], axis=1)
    real = dx > 0  # the padding adds edges of length 0
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(real, dy / dx, -np.inf)
    order = np.argsort(-slope, axis=1, kind="stable")
    dx, dy, slope = (np.take_along_axis(v, order, axis=1) for v in (dx, dy, slope))
    x0 = sum(x[:, 0] for x, _, _ in chains)[:, None]
    y0 = sum(y[:, 0] for _, y, _ in chains)[:, None]
    x = np.concatenate([x0, x0 + np.cumsum(dx, axis=1)], axis=1)
    y = np.concatenate([y0, y0 + np.cumsum(dy, axis=1)], axis=1)
    # a vertex is kept where the slope changes; the rest move behind, as copies of the last
    change = np.take_along_axis(real, order, axis=1)  # the end of a real edge ...
    change[:, :-1] &= slope[:, 1:] != slope[:, :-1]  # ... where the next one turns
    corner = np.concatenate([np.ones((len(x), 1), dtype=bool), change], axis=1)
    count = corner.sum(axis=1)
    width = int(count.max())
    keep = np.argsort(~corner, axis=1, kind="stable")[:, :width]
    x, y = (np.take_along_axis(v, keep, axis=1) for v in (x, y))
    padding = np.arange(width) >= count[:, None]
    rows = np.arange(len(x))
    x = np.where(padding, x[rows, count - 1][:, None], x)
    y = np.where(padding, y[rows, count - 1][:, None], y)
    return x, y, count


class PolylineFrontiers:
    """One concave decreasing polyline frontier and one disagreement point per row.

    Evaluation follows :meth:`.BargainingProblem.u2_of_u1` on the boundary of the
    comprehensive hull: left of the frontier its top value, beyond its end ``-inf``.

    Parameters
    ----------
    x, y : arrays of shape (n, m)
        The vertices of each row's frontier, ``x`` increasing and ``y`` decreasing, padded
        with the last vertex (as :func:`hull_chains` and :func:`sum_chains` return them).
    count : int array of shape (n,)
        The number of vertices of each row.
    disagreement : pair of arrays or numbers
        ``(d1, d2)``, one point per row (or one for all).
    """

    def __init__(self, x, y, count, disagreement=(0, 0)):
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if x.ndim != 2 or x.shape != y.shape or x.shape[1] == 0:
            raise ParameterError(f"x and y have shapes {x.shape} and {y.shape}, but they must "
                                 "be one chain of vertices per row, of one shape (n, m)")
        if x.shape[1] == 1:  # a second column, so that every row has an edge to index
            x, y = np.repeat(x, 2, axis=1), np.repeat(y, 2, axis=1)
        count = np.broadcast_to(np.asarray(count, dtype=int), (len(x),))
        if np.any((count < 1) | (count > x.shape[1])):
            raise ParameterError(f"count holds {int(count[(count < 1) | (count > x.shape[1])][0])}"
                                 f", but each row's number of vertices must lie between 1 and "
                                 f"{x.shape[1]} (the columns of x)")
        self.x, self.y, self.count = x, y, count
        last = self.count - 1
        rows = np.arange(len(x))
        self._last = (x[rows, last], y[rows, last])
        self.disagreement = tuple(np.broadcast_to(np.asarray(d, dtype=float), (len(x),))
                                  for d in disagreement)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, rows):
        """The frontiers of the rows ``rows`` (an index array, a mask or a slice)."""
        return PolylineFrontiers(self.x[rows], self.y[rows], self.count[rows],
                                 tuple(d[rows] for d in self.disagreement))

    @property
    def u1_max(self):
        """Player 1's largest utility on each row's frontier."""
        return self._last[0]

    @property
    def u2_max(self):
        """Player 2's largest utility on each row's frontier."""
        return self.y[:, 0]

    def u2_of_u1(self, u1):
        """Player 2's utility on each row's frontier at player 1's ``u1`` (one per row)."""
        return self._along(self.x, self.y, u1, self.y[:, 0], -np.inf)

    def u1_of_u2(self, u2):
        """Player 1's utility on each row's frontier at player 2's ``u2`` (one per row)."""
        return self._along(-self.y, self.x, -np.asarray(u2, dtype=float), -np.inf,
                           self._last[0])

    def _along(self, xs, ys, v, before, beyond):
        """Linear interpolation of ``ys`` at ``v`` along each row's chain, ``xs`` increasing
        along it: ``before`` left of its first vertex, ``beyond`` right of its last."""
        v = np.broadcast_to(np.asarray(v, dtype=float), (len(xs),))
        rows = np.arange(len(xs))
        first, last = xs[:, 0], xs[rows, self.count - 1]
        k = np.clip((xs < v[:, None]).sum(axis=1), 1, xs.shape[1] - 1)
        a, b = xs[rows, k - 1], xs[rows, k]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (v - a) / (b - a)  # first < v <= last: a < v <= b
            inside = ys[rows, k - 1] + t * (ys[rows, k] - ys[rows, k - 1])
        return np.where(v < first, before, np.where(v > last, beyond,
                                                    np.where(v == first, ys[:, 0], inside)))

    def clip(self, floor):
        """The part of each row's frontier where both utilities are at least ``floor``
        (a pair, one value per row or one for all), as :func:`.packages._clip`: the
        vertices there and the points where the frontier crosses ``u1 = floor[0]`` and
        ``u2 = floor[1]``.  Returns ``(frontiers, nonempty)``; the rows where nothing is
        left hold the floor point."""
        f1, f2 = (np.broadcast_to(np.asarray(f, dtype=float), (len(self),)) for f in floor)
        start = np.maximum(self.x[:, 0], f1)
        end = np.minimum(self.u1_of_u2(f2), self.u1_max)
        nonempty = (f1 <= self.u1_max) & (self.u2_of_u1(start) >= f2) & (start <= end)
        start = np.where(nonempty, start, f1)
        end = np.where(nonempty, end, f1)
        inner = (self.x > start[:, None]) & (self.x < end[:, None])  # one run of vertices
        kept = inner.sum(axis=1)
        column = np.arange(int(kept.max(initial=0)) + 2)
        source = np.clip(np.argmax(inner, axis=1)[:, None] + column - 1, 0, self.x.shape[1] - 1)
        ends = [(v, np.where(nonempty, self.u2_of_u1(v), f2)) for v in (start, end)]
        x, y = ((np.where(column == 0, first[:, None], np.where(
            column <= kept[:, None], np.take_along_axis(chain, source, axis=1), last[:, None])))
            for chain, first, last in zip((self.x, self.y), ends[0], ends[1]))
        count = np.where(start < end, 2 + kept, 1)
        return PolylineFrontiers(x, y, count, self.disagreement), nonempty

    def margin(self, floor):
        r"""The largest :math:`\min(u_1 - a_1, u_2 - a_2)` on each row's frontier (``floor``
        :math:`= a`, one value per row or one for all), as ``analysis.hull_margin``: along
        the frontier the first gain rises and the second falls, so the smaller one is
        largest where they are equal, or at an end."""
        a1, a2 = (np.broadcast_to(np.asarray(f, dtype=float), (len(self),)) for f in floor)
        h = (self.x - a1[:, None]) - (self.y - a2[:, None])  # increasing along the chain
        rows = np.arange(len(self))
        k = np.clip(np.argmax(h >= 0, axis=1), 1, self.x.shape[1] - 1)
        ha, hb = h[rows, k - 1], h[rows, k]
        with np.errstate(divide="ignore", invalid="ignore"):  # (rows decided at an end)
            t = np.where(ha < 0, ha / (ha - hb), 0.0)
            equal = self.x[rows, k - 1] + t * (self.x[rows, k] - self.x[rows, k - 1]) - a1
        return np.where(h[:, 0] >= 0, self.y[:, 0] - a2,
                        np.where(h[rows, self.count - 1] < 0, self.u1_max - a1, equal))

    def nash(self, weights=(1, 1)):
        r"""The (weighted) Nash point of each row: the largest
        :math:`w_1 \log(u_1 - d_1) + w_2 \log(u_2 - d_2)` over the frontier's points better
        than :math:`d` for both, as :meth:`.BargainingProblem.nash` with
        ``outside="empty"`` for :math:`d` below the frontier's lower ends.  It is concave
        along the frontier, so it is largest at the best of the edges' stationary points
        :math:`x^* = (w_1 (P - d_2) + w_2 q d_1) / ((w_1 + w_2) q)` (an edge
        :math:`u_2 = P - q u_1`), each clamped to its edge (Nash 1950; Kalai 1977).
        ``weights`` is a pair of numbers or of arrays (one per row).  Returns
        ``(u1, u2, empty)``; empty rows hold :math:`d`."""
        d1, d2 = (v[:, None] for v in self.disagreement)
        w1, w2 = (np.broadcast_to(np.asarray(w, dtype=float).reshape(-1), (len(self),))[:, None]
                  for w in weights)
        x0, x1, y0, y1 = self.x[:, :-1], self.x[:, 1:], self.y[:, :-1], self.y[:, 1:]
        edge = x1 > x0
        with np.errstate(divide="ignore", invalid="ignore"):
            q = (y0 - y1) / (x1 - x0)
            stationary = (w1 * (y0 + q * x0 - d2) + w2 * q * d1) / ((w1 + w2) * q)
            x = np.where(edge, np.clip(stationary, x0, x1), x0)
            y = np.where(edge, y0 - q * (x - x0), y0)
            good = (x > d1) & (y > d2)
            score = np.where(good, w1 * np.log(np.where(good, x - d1, 1)) +
                             w2 * np.log(np.where(good, y - d2, 1)), -np.inf)
        rows = np.arange(len(self))
        k = np.argmax(score, axis=1)
        empty = ~np.isfinite(score[rows, k])
        return (np.where(empty, d1[:, 0], x[rows, k]), np.where(empty, d2[:, 0], y[rows, k]),
                empty)

    def kalai_smorodinsky(self):
        r"""The Kalai–Smorodinsky point of each row, as :meth:`.BargainingProblem.
        kalai_smorodinsky` with ``outside="empty"``: with the utopia point
        :math:`U = (u_1(d_2), u_2(d_1))` (each side's best on the frontier when the other
        gets its disagreement payoff), the point where the segment from :math:`d` to
        :math:`U` meets the frontier, the root of
        :math:`h(x) = (f(x) - d_2)(U_1 - d_1) - (U_2 - d_2)(x - d_1)`: linear on each edge,
        positive before the root and negative after it.  Returns ``(u1, u2, empty)``;
        the rows where no point gives both sides more than :math:`d` are empty and hold
        :math:`d`."""
        d1, d2 = self.disagreement
        U1, U2 = self.u1_of_u2(d2), self.u2_of_u1(d1)
        empty = ~((d1 < self.u1_max) & (d2 < U2))
        with np.errstate(invalid="ignore"):
            h = (self.y - d2[:, None]) * (U1 - d1)[:, None] - \
                (U2 - d2)[:, None] * (self.x - d1[:, None])
        rows = np.arange(len(self))
        k = np.clip(np.argmax(h <= 0, axis=1), 1, self.x.shape[1] - 1)
        ha, hb = h[rows, k - 1], h[rows, k]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(ha > 0, ha / (ha - hb), 0.0)
        u1 = self.x[rows, k - 1] + t * (self.x[rows, k] - self.x[rows, k - 1])
        u2 = self.y[rows, k - 1] + t * (self.y[rows, k] - self.y[rows, k - 1])
        return np.where(empty, d1, u1), np.where(empty, d2, u2), empty

    def __repr__(self):
        return f"<PolylineFrontiers: {len(self)} rows, at most {int(self.count.max())} vertices>"
