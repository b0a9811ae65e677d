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
is the share of types that refuse it.  Here the same rule is applied to every point at once,
the acceptances and expected payoffs as arrays; packages are tested for being on the
frontier (no other better for both sides) only as needed, from the highest payoff down.
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
    u1, u2 = (_utilities(table, sizes) for table in tables)
    accepted = np.zeros(u1.shape, dtype=np.int64)
    expected = np.zeros(u1.shape)
    for shift in shifts:  # each type in turn, as the chance node sums them
        accept = u2 >= (walk + shift)[:, None] - TOL
        accepted += accept
        expected += np.where(accept, u1, d1[:, None]) / types
    offer = _offer(u1, u2, expected)
    return 1 - accepted[np.arange(n), offer] / types


def _offer(u1, u2, expected):
    """The US offer at each row: the first package of the Pareto frontier whose expected
    payoff is within the tolerance of the frontier's best.  Packages are tried in
    decreasing order of payoff until one is on the frontier (which sets the best), then
    those near it in order of index, so that only a few are tested for dominance."""
    untried = np.ones(u1.shape, dtype=bool)
    best = np.full(len(u1), np.nan)
    while np.isnan(best).any():  # the best frontier payoff
        todo = np.flatnonzero(np.isnan(best))
        k = np.argmax(np.where(untried[todo], expected[todo], -np.inf), axis=1)
        untried[todo, k] = False
        on = _on_frontier(u1[todo], u2[todo], k)
        best[todo[on]] = expected[todo[on], k[on]]
    near = expected >= (best - TOL)[:, None]
    offer = np.full(len(u1), -1)
    while (offer < 0).any():  # the first near it on the frontier
        todo = np.flatnonzero(offer < 0)
        k = np.argmax(near[todo], axis=1)
        near[todo, k] = False
        on = _on_frontier(u1[todo], u2[todo], k)
        offer[todo[on]] = k[on]
    return offer


def _on_frontier(u1, u2, k):
    """Whether package ``k[i]`` of row ``i`` is beaten by no other for both sides (equal
    packages do not beat each other), as
    :func:`negotiation.bargaining.packages.pareto_indices` keeps it."""
    rows = np.arange(len(k))
    a, b = u1[rows, k][:, None], u2[rows, k][:, None]
    beaten = (u1 >= a) & (u2 >= b) & ((u1 > a) | (u2 > b))
    return ~beaten.any(axis=1)


def _utilities(table, sizes):
    """Every package's utility, summed issue after issue as ``model.utilities`` sums it
    (from the first issue: the packages in product order, the last issue fastest)."""
    n = len(table)
    stops = np.cumsum([0, *sizes])
    total = table[:, :sizes[0]]
    for k in range(1, len(sizes)):
        total = (total[:, :, None] + table[:, None, stops[k]:stops[k + 1]]).reshape(n, -1)
    return total
