"""Polyline frontiers over rows: hull chains, Minkowski sums, clipping, Kalai–Smorodinsky,
and alternating offers with one frontier per row.

Oracles: the chain's vertices found by brute force in exact arithmetic (the unique
maximisers of ``u1 + s u2`` over every direction ``s > 0`` between the critical ones), the
chain of every sum of points, and one :class:`BargainingProblem` per row (its frontier,
its Kalai–Smorodinsky point, the analysis's ``_clip``, alternating offers solved by
brentq one problem at a time).
"""

from fractions import Fraction as F
from itertools import combinations, pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.bargaining import BargainingProblem, alternating_offers
from negotiation.bargaining.packages import _clip
from negotiation.bargaining.polylines import PolylineFrontiers, hull_chains, sum_chains
from negotiation.bargaining.problem import _pareto_chain
from negotiation.errors import ParameterError
from negotiation.scenario.analysis import hull_margin


def brute_force_chain(points):
    """The vertices of the Pareto chain of conv(points), u1 increasing: the points that
    alone maximise u1 + s u2 for some s > 0 (exact; every such s lies strictly between two
    consecutive critical directions, where two points tie, or beyond them)."""
    points = [(F(a), F(b)) for a, b in points]
    critical = sorted({(q[0] - p[0]) / (p[1] - q[1]) for p, q in combinations(points, 2)
                       if p[1] != q[1] and (q[0] - p[0]) / (p[1] - q[1]) > 0})
    tests = [critical[0] / 2, critical[-1] + 1] if critical else [F(1)]
    tests += [(a + b) / 2 for a, b in pairwise(critical)]
    vertices = set()
    for s in tests:
        score = {p: p[0] + s * p[1] for p in points}
        best = max(score.values())
        winners = {p for p, v in score.items() if v == best}
        if len(winners) == 1:
            vertices |= winners
    return sorted(vertices)


def chain_of(x, y, count, row):
    return [(float(a), float(b)) for a, b in zip(x[row, :count[row]], y[row, :count[row]])]


point_sets = st.integers(1, 6).flatmap(lambda rows: st.integers(1, 9).flatmap(
    lambda size: st.lists(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)),
                                   min_size=size, max_size=size),
                          min_size=rows, max_size=rows)))


@settings(max_examples=300, deadline=None)
@given(point_sets)
def test_hull_chains_equal_the_brute_force_chain(sets):
    """Small integer points make ties of every kind common: equal points, equal u1 or
    u2, collinear points on the hull."""
    u1 = np.array([[a for a, _ in row] for row in sets], dtype=float)
    u2 = np.array([[b for _, b in row] for row in sets], dtype=float)
    x, y, count = hull_chains(u1, u2)
    for i, row in enumerate(sets):
        expected = brute_force_chain(row)
        if not expected:  # one point (perhaps repeated) and nothing else
            expected = [tuple(float(v) for v in row[0])]
        assert chain_of(x, y, count, i) == [tuple(map(float, p)) for p in expected]
        assert [row[k] for k in _pareto_chain(row)] == [tuple(map(int, p)) for p in expected]
    padding = np.arange(x.shape[1]) >= count[:, None]  # copies of each row's last vertex
    for v in (x, y):
        last = v[np.arange(len(v)), count - 1][:, None]
        assert np.array_equal(v[padding], np.broadcast_to(last, v.shape)[padding])


def test_hull_chains_reject_bad_shapes():
    with pytest.raises(ParameterError, match="one non-empty set of points per row"):
        hull_chains(np.zeros(3), np.zeros(3))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4), st.lists(st.integers(1, 4), min_size=1, max_size=3),
       st.integers(0, 2**32 - 1), st.booleans())
def test_sum_chains_equal_the_chain_of_every_sum(rows, sizes, seed, grid):
    """The chain of A + B + … from the summands' chains is the chain of all the sums (the
    same polyline: equal values at the vertices of both; on a grid, the same vertices)."""
    rng = np.random.default_rng(seed)
    sets = [(rng.integers(-2, 3, (rows, k)) if grid else rng.normal(size=(rows, k)),
             rng.integers(-2, 3, (rows, k)) if grid else rng.normal(size=(rows, k)))
            for k in sizes]
    sums = [np.zeros((rows, 1)), np.zeros((rows, 1))]
    for a1, a2 in sets:
        sums = [(s[:, :, None] + a[:, None, :]).reshape(rows, -1) for s, a in zip(sums, (a1, a2))]
    whole = PolylineFrontiers(*hull_chains(*sums))
    merged = PolylineFrontiers(*sum_chains([hull_chains(a1, a2) for a1, a2 in sets]))
    if grid:  # integers: exact sums and slopes, so the very same vertices
        for i in range(rows):
            assert chain_of(merged.x, merged.y, merged.count, i) == \
                chain_of(whole.x, whole.y, whole.count, i)
    assert merged.u1_max == pytest.approx(whole.u1_max, abs=1e-12)
    assert merged.u2_max == pytest.approx(whole.u2_max, abs=1e-12)
    for one, other in ((whole, merged), (merged, whole)):
        for j in range(one.x.shape[1]):
            at = np.minimum(one.x[:, j], other.u1_max)  # (the ends differ by a rounding)
            assert other.u2_of_u1(at) == pytest.approx(one.y[:, j], abs=1e-12)


def random_problems(seed, rows, size, one_vertex=False):
    rng = np.random.default_rng(seed)
    u1, u2 = rng.random((rows, size)), rng.random((rows, size))
    if one_vertex:  # a point that dominates the others
        u1[:, 0], u2[:, 0] = 1.5, 1.5
    return u1, u2, [BargainingProblem.from_points(list(zip(a, b))) for a, b in zip(u1, u2)]


@pytest.mark.parametrize("one_vertex", [False, True])
def test_frontier_values_equal_the_problem(one_vertex):
    u1, u2, problems = random_problems(1, 20, 7, one_vertex)
    frontiers = PolylineFrontiers(*hull_chains(u1, u2))
    rng = np.random.default_rng(2)
    for _ in range(30):
        v = rng.uniform(-0.2, 1.7, len(problems))
        at = [0, 1, 2]  # the ends and a vertex, exactly
        v[at] = [frontiers.x[0, 0], frontiers.u1_max[1], frontiers.x[2, 1]]
        for which, method in ((frontiers.u2_of_u1, "u2_of_u1"), (frontiers.u1_of_u2,
                                                                 "u1_of_u2")):
            got = which(v)
            want = np.array([getattr(p, method)(x) for p, x in zip(problems, v)])
            assert np.array_equal(np.isinf(got), np.isinf(want))
            assert got[np.isfinite(want)] == pytest.approx(want[np.isfinite(want)], abs=1e-12)
    assert frontiers.u1_max == pytest.approx([p.u1_max for p in problems])
    assert frontiers.u2_max == pytest.approx([p.u2_max for p in problems])


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 8), st.booleans())
def test_clip_and_kalai_smorodinsky_equal_the_package_space(seed, size, grid):
    """As ``PackageSpace._lottery_choice``: the chain clipped to a floor, then the
    Kalai–Smorodinsky point of the clipped problem with ``outside="empty"`` (the
    reference clipped in exact arithmetic; the points on a grid make ties among them
    common, the floors and no-deal points are continuous)."""
    rng = np.random.default_rng(seed)
    rows = 12
    draw = (lambda *s: rng.integers(0, 5, s) / 4) if grid else (lambda *s: rng.random(s))
    u1, u2 = draw(rows, size), draw(rows, size)
    d = (rng.random(rows) * 0.8 - 0.1, rng.random(rows) * 0.8 - 0.1)
    floor = (np.maximum(d[0], rng.random(rows)), np.maximum(d[1], rng.random(rows)))
    frontiers = PolylineFrontiers(*hull_chains(u1, u2), d)
    clipped, nonempty = frontiers.clip(floor)
    a1, a2, empty = clipped.kalai_smorodinsky()
    for i in range(rows):
        vertices = [tuple(map(F, p)) for p in
                    chain_of(frontiers.x, frontiers.y, frontiers.count, i)]
        kept = _clip(vertices, (F(floor[0][i]), F(floor[1][i])))
        assert nonempty[i] == bool(kept)
        if not kept:
            continue
        got = np.array(chain_of(clipped.x, clipped.y, clipped.count, i))
        assert got.shape == (len(kept), 2)
        assert got == pytest.approx(np.array(kept, dtype=float), abs=1e-12)
        try:
            problem = BargainingProblem.from_points(kept, disagreement=(F(d[0][i]),
                                                                        F(d[1][i])))
        except ParameterError:  # the no-deal point lies outside the hull
            assert empty[i]
            continue
        ks = problem.kalai_smorodinsky(outside="empty")
        assert empty[i] == bool(ks.empty)
        if not ks.empty:
            assert (a1[i], a2[i]) == pytest.approx(tuple(map(float, ks.point)), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 8), st.booleans())
def test_margin_and_nash_equal_the_analysis_and_the_problem(seed, size, grid):
    """The hull margin as ``analysis.hull_margin``; the (weighted) Nash point of the chain
    clipped to a floor as the exact problem's (``outside="empty"``)."""
    rng = np.random.default_rng(seed)
    rows = 10
    draw = (lambda *s: rng.integers(0, 5, s) / 4) if grid else (lambda *s: rng.random(s))
    u1, u2 = draw(rows, size), draw(rows, size)
    d = (rng.random(rows) * 0.6 - 0.1, rng.random(rows) * 0.6 - 0.1)
    floor = (np.maximum(d[0], rng.random(rows) * 0.8), np.maximum(d[1], rng.random(rows) * 0.8))
    weights = [F(int(k), 20) for k in rng.integers(1, 20, rows)]
    frontiers = PolylineFrontiers(*hull_chains(u1, u2), d)
    margin = frontiers.margin(floor)
    clipped, nonempty = frontiers.clip(floor)
    x, y, empty = clipped.nash((np.array([float(w) for w in weights]),
                                np.array([1 - float(w) for w in weights])))
    for i in range(rows):
        assert margin[i] == pytest.approx(hull_margin(u1[i], u2[i], floor[0][i], floor[1][i]),
                                          abs=1e-12)
        vertices = [tuple(map(F, p)) for p in
                    chain_of(frontiers.x, frontiers.y, frontiers.count, i)]
        kept = _clip(vertices, (F(floor[0][i]), F(floor[1][i])))
        if not kept:
            assert not nonempty[i]
            continue
        problem = BargainingProblem.from_points(kept, disagreement=(F(d[0][i]), F(d[1][i])))
        nash = problem.nash((weights[i], 1 - weights[i]), outside="empty")
        assert empty[i] == bool(nash.empty)
        if not nash.empty:
            assert (x[i], y[i]) == pytest.approx(tuple(map(float, nash.point)), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_kalai_smorodinsky_with_any_disagreement_point(seed):
    """Also for disagreement points left of the frontier's start or below its end, and
    outside the feasible set (empty); the reference in exact arithmetic (near a steep
    edge its float evaluation loses digits)."""
    rng = np.random.default_rng(seed)
    u1, u2, _ = random_problems(seed, 15, 6)
    d = (rng.uniform(-0.5, 1.2, 15), rng.uniform(-0.5, 1.2, 15))
    a1, a2, empty = PolylineFrontiers(*hull_chains(u1, u2), d).kalai_smorodinsky()
    for i in range(15):
        p = BargainingProblem.from_points([(F(a), F(b)) for a, b in zip(u1[i], u2[i])])
        ks = p.kalai_smorodinsky(disagreement=(F(d[0][i]), F(d[1][i])), outside="empty")
        assert empty[i] == bool(ks.empty)
        assert (a1[i], a2[i]) == pytest.approx(tuple(map(float, ks.point)), abs=1e-12)


CONVENTIONS = [{}, {"proposer": 1}, {"opt_out": "next_period"}, {"opt_out": "proposing"},
               {"breakdown": 0.1, "breakdown_timing": "next_period"}]


@pytest.mark.parametrize("one_vertex", [False, True])
@pytest.mark.parametrize("options", [None, "both"])
@pytest.mark.parametrize("convention", CONVENTIONS)
def test_alternating_offers_with_one_frontier_per_row(one_vertex, options, convention):
    """Each row as its own problem, solved by brentq: the same proposals, the same
    binding options (both sides' options bind at some rows, at none at others) and the
    same exits, under every timing convention."""
    rows = 40
    rng = np.random.default_rng(5)
    u1, u2, problems = random_problems(3, rows, 8, one_vertex)
    d = (rng.uniform(0, 0.2, rows), rng.uniform(0, 0.2, rows))
    delta = (rng.uniform(0.3, 0.99, rows), rng.uniform(0.3, 0.99, rows))
    w = (None, None)
    if options:
        w = tuple(d_i + rng.uniform(0, 0.5, rows) * (rng.random(rows) < 0.6) for d_i in d)
    frontiers = PolylineFrontiers(*hull_chains(u1, u2), d)
    feasible = np.ones(rows, dtype=bool)
    expected = []
    for i, p in enumerate(problems):
        try:
            expected.append(alternating_offers(
                (delta[0][i], delta[1][i]), problem=p.with_disagreement((d[0][i], d[1][i])),
                outside_options=tuple(None if v is None else v[i] for v in w), **convention))
        except ParameterError:  # the options leave no gains from trade
            feasible[i] = False
            expected.append(None)
    keep = np.flatnonzero(feasible)
    assert len(keep) > rows // 2
    part = PolylineFrontiers(frontiers.x[keep], frontiers.y[keep], frontiers.count[keep],
                             tuple(v[keep] for v in d))
    got = alternating_offers(tuple(v[keep] for v in delta), problem=part,
                             outside_options=tuple(None if v is None else v[keep] for v in w),
                             **convention)
    for k, i in enumerate(keep):
        for proposal, want in zip(got.proposals, expected[i].proposals):
            assert (proposal[0][k], proposal[1][k]) == pytest.approx(want, abs=1e-12)
        assert tuple(bool(b[k]) for b in got.binding) == expected[i].binding
        assert tuple(bool(np.asarray(x).reshape(-1)[k]) if np.ndim(x) else bool(x)
                     for x in got.exits) == tuple(map(bool, expected[i].exits))
    if options and not one_vertex and convention.get("opt_out") is None:
        assert all(np.any(b) and not np.all(b) for b in got.binding)
        assert not feasible.all()
    if not feasible.all():  # all at once: the first row without gains is named
        with pytest.raises(ParameterError, match="no gains from trade"):
            alternating_offers(delta, problem=frontiers, outside_options=w, **convention)


def test_alternating_offers_with_an_array_disagreement_point():
    """One frontier, many disagreement points: each as its own problem."""
    problem = BargainingProblem.from_points([(0, 1), (0.6, 0.8), (1, 0)])
    d = (np.array([0.0, 0.1, 0.3]), np.array([0.0, 0.2, 0.1]))
    frontiers = PolylineFrontiers(*(np.repeat(v[None, :], 3, axis=0) for v in
                                    (np.array([0, 0.6, 1.0]), np.array([1, 0.8, 0.0]))),
                                  3, d)
    got = alternating_offers((0.9, 0.8), problem=frontiers)
    for k in range(3):
        want = alternating_offers((0.9, 0.8), problem=problem.with_disagreement(
            (d[0][k], d[1][k])))
        assert (got.agreement[0][k], got.agreement[1][k]) == pytest.approx(want.agreement,
                                                                            abs=1e-12)
    assert "parameter points" in got.explain()


def test_a_long_array_disagreement_point_on_one_frontier():
    """More points than the solver's block length: each block takes its own part of the
    disagreement point (and of the outside options)."""
    problem = BargainingProblem.from_points([(0, 1), (0.6, 0.8), (1, 0)])
    n = 70_000
    d = (np.linspace(0, 0.3, n), np.linspace(0.2, 0, n))
    w = (None, np.linspace(0.1, 0.7, n))
    got = alternating_offers((0.9, 0.8), problem=problem.with_disagreement(d),
                             outside_options=w)
    for k in (0, n // 2, n - 1):
        want = alternating_offers((0.9, 0.8), problem=problem.with_disagreement(
            (d[0][k], d[1][k])), outside_options=(None, w[1][k]))
        assert (got.agreement[0][k], got.agreement[1][k]) == pytest.approx(want.agreement,
                                                                            abs=1e-12)
        assert bool(got.binding[1][k]) == want.binding[1]


def test_a_long_row_of_problems_is_solved_whole():
    """More rows than the solver's block length: one frontier per row is never split."""
    rows = 40_000
    rng = np.random.default_rng(0)
    x = np.sort(rng.random((rows, 3)), axis=1)
    y = np.sort(rng.random((rows, 3)), axis=1)[:, ::-1]
    y[:, 1] = np.maximum(y[:, 1], (y[:, 0] * (x[:, 2] - x[:, 1]) + y[:, 2] *
                                   (x[:, 1] - x[:, 0])) / (x[:, 2] - x[:, 0]))  # concave
    frontiers = PolylineFrontiers(*hull_chains(x, y), (x[:, 0] - 1, y[:, 2] - 1))
    got = alternating_offers((0.9, 0.9), problem=frontiers)
    for k in (0, rows // 2, rows - 1):
        problem = BargainingProblem.from_points(list(zip(x[k], y[k])),
                                                disagreement=(x[k, 0] - 1, y[k, 2] - 1))
        want = alternating_offers((0.9, 0.9), problem=problem)
        assert (got.agreement[0][k], got.agreement[1][k]) == pytest.approx(want.agreement,
                                                                            abs=1e-12)


def test_a_vertex_count_outside_the_rows_is_one_sentence():
    with pytest.raises(ParameterError, match="count holds 3, but each row's number of vertices "
                                             "must lie between 1 and 2"):
        PolylineFrontiers([[0.0, 1.0]], [[1.0, 0.0]], [3])
