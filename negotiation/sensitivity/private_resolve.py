r"""The probability of no deal when the DPRK's resolve is private, over arrays of points.

The analysis solves a game tree at one point (:func:`negotiation.scenario.backing.solve_tree`
without the patron's stage): the US offers a package on the Pareto frontier of the package
space; chance draws the DPRK's type, one of :math:`T` equally likely quantiles
:math:`s_t = \ell + (h - \ell)(t + \tfrac12)/T` of the uniform shift of its walk-away value
:math:`a_2`; the DPRK accepts package :math:`k` when :math:`u_2(k) \ge a_2 + s_t` (an
accept within the tree's tie tolerance :math:`\tau = 10^{-9}` of walking away is its first
action, so it accepts).  Backward induction gives the US the expected payoff

.. math:: E(k) = \sum_t \tfrac1T \,[\text{accept}_t(k)\; u_1(k) + (1 - \text{accept}_t(k))\; d_1]

and the first frontier package within :math:`\tau` of the best; the probability of no deal
is the share of types that refuse it.  Here the same rule is applied to every point at once:
each point's frontier from its packages sorted by the US utility (ties by the DPRK's), the
acceptances and expected payoffs as arrays.
"""

import numpy as np

#: The tie tolerance of the tree's backward induction (its default).
TOL = 1e-9


def no_deal_probability(model, values, n):
    """The probability of no deal at ``n`` points (``values``: arrays), as
    ``analysis._uncertainty`` computes it one point at a time; nan where the scenario has
    no private resolve."""
    from .functions import _CELLS, _row

    batch = max(1, _CELLS // len(model.levels()))  # bounds memory: rows × packages
    return np.concatenate([_batch(model, {k: _row(v, n)[a:a + batch] for k, v in
                                          values.items()}, min(batch, n - a))
                           for a in range(0, n, batch)])


def _batch(model, values, n):
    from ..scenario.analysis import _types
    from .functions import _row, tables_at

    env = model.env({k: _row(v, n) for k, v in values.items()} or None, floats=True)
    resolve = model.resolve(env)
    if resolve is None:
        return np.full(n, np.nan)
    low, high = (_row(x, n) for x in resolve)
    types = _types(model.scenario)
    shifts = [low + (high - low) * (t + 0.5) / types for t in range(types)]
    tables, sizes, _, (d1, _), _, _ = tables_at(model, values, n)
    walk = _row(model.walk_away(env)[1], n)
    levels = model.levels()
    offsets = np.cumsum([0, *sizes[:-1]])
    u1, u2 = (_utilities(table, offsets, levels) for table in tables)
    frontier = _frontier(u1, u2)
    accepted = np.zeros(u1.shape, dtype=np.int64)
    expected = np.zeros(u1.shape)
    for shift in shifts:  # each type in turn, as the chance node sums them
        accept = u2 >= (walk + shift)[:, None] - TOL
        accepted += accept
        expected += np.where(accept, u1, d1[:, None]) / types
    expected = np.where(frontier, expected, -np.inf)
    best = expected.max(axis=1, keepdims=True)
    offer = np.argmax(frontier & (expected >= best - TOL), axis=1)
    return 1 - accepted[np.arange(n), offer] / types


def _utilities(table, offsets, levels):
    """Every package's utility, summed issue by issue as ``model.utilities`` sums it."""
    u = np.zeros((len(table), len(levels)))
    for k in range(levels.shape[1]):
        u = u + table[:, offsets[k] + levels[:, k]]
    return u


def _frontier(u1, u2):
    """Which packages of each row no other beats for both sides (equal ones all kept), as
    :func:`negotiation.bargaining.packages.pareto_indices` finds them: sorted by ``u1``
    descending (ties by ``u2`` descending), a package is kept when its ``u2`` beats every
    package of larger ``u1`` and is the largest of its ``u1``."""
    order = np.lexsort((-u2, -u1), axis=1)
    a, b = np.take_along_axis(u1, order, 1), np.take_along_axis(u2, order, 1)
    start = np.ones(a.shape, dtype=bool)
    start[:, 1:] = a[:, 1:] != a[:, :-1]
    position = np.arange(a.shape[1])
    first = np.maximum.accumulate(np.where(start, position, 0), axis=1)  # group's start
    running = np.maximum.accumulate(b, axis=1)
    before = np.where(first > 0, np.take_along_axis(running, np.maximum(first - 1, 0), 1),
                      -np.inf)
    keep = (b > before) & (b == np.take_along_axis(b, first, 1))
    frontier = np.zeros(a.shape, dtype=bool)
    np.put_along_axis(frontier, order, keep, 1)
    return frontier
