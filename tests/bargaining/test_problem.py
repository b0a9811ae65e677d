"""BargainingProblem: construction, validation, hulls, transformations, frontier queries."""

import json
from itertools import pairwise
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.bargaining.problem import BargainingProblem
from negotiation.errors import ParameterError

u = sp.Symbol("u1")
z = sp.Symbol("z", positive=True)


# ---------------------------------------------------------------------------------------
# Construction


def test_sympy_frontier_default_domain_and_players():
    p = BargainingProblem(1 - u / 2, players=("US", "DPRK"))
    assert p.domain == (0, 2)  # from 0 to where player 2 gets 0
    assert p.kind == "sympy" and p.players == ("US", "DPRK")
    assert p.disagreement == (0, 0)
    text = p.nash().explain()
    assert "US" in text and "DPRK" in text and "1/2" in text


def test_lambda_and_variable():
    v, k = sp.symbols("v k", positive=True)
    a = BargainingProblem(sp.Lambda(v, 1 - v**2))
    b = BargainingProblem(1 - k * v**2, variable=v).subs({k: 1})
    assert a.nash().point == b.nash().point
    with pytest.raises(ParameterError, match="variable="):
        BargainingProblem(1 - k * v**2)


def test_callable_frontier_is_numeric():
    p = BargainingProblem(lambda x: 1 - x**2)
    assert p.domain == pytest.approx((0, 1))
    r = p.kalai_smorodinsky()
    assert not r.exact and isinstance(r.point[0], float)
    assert r.point[0] == pytest.approx((np.sqrt(5) - 1) / 2, abs=1e-12)


def test_callable_needs_a_domain_it_can_find():
    with pytest.raises(ParameterError, match="domain"):
        BargainingProblem(lambda x: -1 - x)


def test_exact_disagreement_inputs():
    p = BargainingProblem.split(disagreement=("1/5", 0.1))
    assert p.disagreement == (F(1, 5), 0.1)
    assert p.nash().point == pytest.approx((0.55, 0.45))


def test_split_total():
    p = BargainingProblem.split(total=3, disagreement=(1, 0))
    assert p.nash().point == (2, 1)
    with pytest.raises(ParameterError, match="total is -1"):
        BargainingProblem.split(total=-1)


# ---------------------------------------------------------------------------------------
# Validation


@pytest.mark.parametrize(("frontier", "domain", "message"), [
    (1 + u**2, (0, 1), "not decreasing on its domain"),
    (u - 1, (0, 1), "not decreasing on its domain"),
    (1 - u**3 / 10, (-2, 1), "not concave"),
    (sp.sqrt(1 - u), (0, 2), "not finite at u1"),
    (sp.Integer(1), None, "constant"),
])
def test_bad_frontiers(frontier, domain, message):
    with pytest.raises(ParameterError, match=message):
        BargainingProblem(frontier, domain=domain)


def test_bad_frontier_message_names_argument_and_value():
    with pytest.raises(ParameterError) as info:
        BargainingProblem(u + 1, domain=(0, 1))
    text = str(info.value)
    assert text.startswith("frontier u2 = u1 + 1 is not decreasing")
    assert "[0, 1]" in text and text.count(".") <= 3  # one sentence (decimals aside)


def test_non_concave_utility_of_shares():
    with pytest.raises(ParameterError, match="not concave"):
        BargainingProblem.from_shares(z**2, z)


@pytest.mark.parametrize("bad", [(1,), (1, 2, 3), "ab", 5])
def test_disagreement_must_be_a_pair(bad):
    with pytest.raises(ParameterError, match="disagreement"):
        BargainingProblem.split(disagreement=bad)


def test_disagreement_must_be_finite():
    with pytest.raises(ParameterError, match="disagreement is nan"):
        BargainingProblem.split(disagreement=(float("nan"), 0))


def test_disagreement_outside_is_rejected_at_construction():
    with pytest.raises(ParameterError, match=r"disagreement is \(1/2, 4/5\), which lies outside"):
        BargainingProblem(1 - u**2, disagreement=(F(1, 2), F(4, 5)))
    with pytest.raises(ParameterError, match="disagreement"):
        BargainingProblem(1 - u**2, disagreement=(F(11, 10), 0))  # beyond player 1's best


def test_disagreement_on_the_frontier_gives_an_empty_set():
    p = BargainingProblem(1 - u**2, disagreement=(F(1, 2), F(3, 4)))
    assert p.nash().empty and p.kalai_smorodinsky().empty
    assert p.nash().point == (F(1, 2), F(3, 4))


def test_points_shape_and_labels():
    with pytest.raises(ParameterError, match="points has shape"):
        BargainingProblem.from_points([1, 2, 3])
    with pytest.raises(ParameterError, match="labels has 1 entries"):
        BargainingProblem.from_points([(0, 1), (1, 0)], labels=["a"])


def test_players_pair():
    with pytest.raises(ParameterError, match="players"):
        BargainingProblem.split(players=("only one",))


def test_outside_keyword():
    with pytest.raises(ParameterError, match="outside is 'ignore'"):
        BargainingProblem.split().nash(outside="ignore")


# ---------------------------------------------------------------------------------------
# Convex hulls of points

coord = st.fractions(min_value=-2, max_value=4, max_denominator=10)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(coord, coord), min_size=1, max_size=9))
def test_hull_frontier_is_concave_decreasing_and_covers_the_points(points):
    p = BargainingProblem.from_points(points, disagreement=min(points))
    V = p.vertices
    assert all(v in points for v in V) and p.vertices == tuple(V)
    assert all(isinstance(c, F) for v in V for c in v)  # exact vertices
    # strictly increasing u1, strictly decreasing u2, strictly concave (no collinear vertex)
    assert all(a[0] < b[0] and a[1] > b[1] for a, b in pairwise(V))
    slopes = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in pairwise(V)]
    assert all(s > t for s, t in pairwise(slopes))
    # every point is feasible (free disposal), every vertex is on the boundary
    assert all(p.contains(q) for q in points)
    eps = F(1, 10**6)
    assert not any(p.contains((a + eps, b)) or p.contains((a, b + eps)) for a, b in V)
    # the ends: the best point for each player
    assert V[0][1] == max(b for _, b in points) and V[-1][0] == max(a for a, _ in points)


def test_hull_examples():
    T = BargainingProblem.from_points([(0, 0), (1, 0), (0, 1), (1, "7/10")])
    assert T.vertices == ((0, 1), (1, F(7, 10)))
    square = BargainingProblem.from_points([(0, 0), (1, 1), (1, 0), (0, 1), (F(1, 2), 1)])
    assert square.vertices == ((1, 1),)  # one point dominates everything
    assert square.nash().point == (1, 1) and square.egalitarian().point == (1, 1)
    collinear = BargainingProblem.from_points([(0, 2), (1, 1), (2, 0)])
    assert collinear.vertices == ((0, 2), (2, 0))


def test_float_points_give_float_results():
    p = BargainingProblem.from_points([(0.0, 1.0), (1.0, 0.7), (0, 0)])
    r = p.kalai_smorodinsky()
    assert not r.exact and r.point == pytest.approx((10 / 13, 10 / 13), abs=1e-15)


def test_lottery_with_labels():
    p = BargainingProblem.from_points([(0, 1), (1, 0), (F(2, 3), F(2, 3))],
                                      labels=["status quo", "freeze", "cap"])
    r = p.nash()  # edge (0,1)-(2/3,2/3): u2 = 1 - u1/2 gives u1 = 1 > 2/3, so the vertex
    assert r.point == (F(2, 3), F(2, 3)) and r.labels == ("cap",)
    r = p.with_disagreement((F(1, 2), 0)).nash()
    # edge (2/3,2/3)-(1,0): u2 = 2 - 2 u1; max (u1 - 1/2)(2 - 2 u1) at u1 = 3/4
    assert r.point == (F(3, 4), F(1, 2))
    assert dict(r.lottery) == {2: F(3, 4), 1: F(1, 4)}
    assert set(r.labels) == {"cap", "freeze"}


# ---------------------------------------------------------------------------------------
# Transformations


def test_rescale_is_exact_and_maps_disagreement():
    p = BargainingProblem.split(disagreement=(F(1, 5), F(1, 10)))
    q = p.rescale(scale=(2, F(1, 2)), shift=(1, -1))
    assert q.disagreement == (F(7, 5), F(-19, 20))
    assert q.nash().point == (2 * F(11, 20) + 1, F(9, 40) - 1)
    with pytest.raises(ParameterError, match="scale is -1"):
        p.rescale(scale=(-1, 1))
    with pytest.raises(ParameterError, match="scale is 0"):
        p.rescale(scale=(0, 1))


def test_transform_with_concave_utility_equals_from_shares():
    a = BargainingProblem.split().transform(u2=sp.Lambda(z, sp.sqrt(z)))
    b = BargainingProblem.from_shares(z, sp.sqrt(z))
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        ra, rb = getattr(a, name)(), getattr(b, name)()
        assert sp.simplify(sp.sympify(ra.point[1]) - sp.sympify(rb.point[1])) == 0
        assert ra.point[0] == rb.point[0]


def test_transform_with_callable_is_numeric():
    p = BargainingProblem.split().transform(u2=np.sqrt)
    r = p.nash()
    assert not r.exact and r.point == pytest.approx((2 / 3, 1 / np.sqrt(3)), abs=1e-8)


def test_transform_points_rebuilds_the_hull():
    # risk-averse player 1: sqrt makes (1/4, 3/5) worth (1/2, 3/5), above the old hull
    p = BargainingProblem.from_points([(0, 1), (1, 0), (F(1, 4), F(3, 5))])
    assert p.vertices == ((0, 1), (1, 0))
    q = p.transform(u1=sp.sqrt)
    assert q.vertices == ((0, 1), (F(1, 2), F(3, 5)), (1, 0))


def test_transform_finite_set():
    p = BargainingProblem.from_points([(1, 4), (4, 1), (2, 2)], lotteries=False)
    r = p.nash()  # all three have product 4: a tie, reported as such
    assert not r.unique and set(r.points) == {(1, 4), (4, 1), (2, 2)}
    q = p.transform(u1=sp.Lambda(z, 3 * z))
    assert q.points == ((3, 4), (12, 1), (6, 2))


def test_subs_and_symbols():
    T, d = sp.symbols("T d", positive=True)
    p = BargainingProblem.split(total=T, disagreement=(d, 0))
    assert p.symbols == {T, d}
    q = p.subs({T: 2, d: F(1, 2)})
    assert q.symbols == frozenset() and q.nash().point == (F(5, 4), F(3, 4))


def test_with_disagreement_keeps_the_frontier():
    p = BargainingProblem(sp.sqrt(1 - u))
    q = p.with_disagreement((F(1, 5), F(1, 10)))
    assert q._frontier is p._frontier and q.players == p.players


# ---------------------------------------------------------------------------------------
# Frontier queries (also used by alternating offers)


@pytest.mark.parametrize("make", [
    lambda: BargainingProblem(sp.sqrt(1 - u)),
    lambda: BargainingProblem(lambda x: np.sqrt(1 - x)),
    lambda: BargainingProblem.from_points([(0, 1), (F(1, 2), F(3, 4)), (1, 0)]),
    lambda: BargainingProblem.from_shares(z ** sp.Rational(1, 2), z),
])
def test_frontier_functions_are_inverse(make):
    p = make()
    assert p.u1_max == pytest.approx(1) and p.u2_max == pytest.approx(1)
    x = np.linspace(0.01, 0.99, 7)
    assert np.allclose(p.u1_of_u2(p.u2_of_u1(x)), x, atol=1e-9)
    assert p.u2_of_u1(0.5) == pytest.approx(p.u2_of_u1(np.array([0.5]))[0])
    assert p.u2_of_u1(2.0) == -np.inf and p.u1_of_u2(2.0) == -np.inf
    assert p.u2_of_u1(-1.0) == pytest.approx(1)  # free disposal to the left
    u1, u2 = p.frontier_points(11)
    assert np.all(np.diff(u1) > 0) and np.all(np.diff(u2) < 0)


def test_utopia():
    assert BargainingProblem(1 - u**2).utopia() == (1, 1)
    p = BargainingProblem.split(disagreement=(F(1, 5), F(1, 10)))
    assert p.utopia() == (F(9, 10), F(4, 5))


def test_results_serialise():
    for p in (BargainingProblem(sp.sqrt(1 - u)),
              BargainingProblem.split(disagreement=(sp.Symbol("d"), 0)),
              BargainingProblem.split(disagreement=(np.array([0.1, 0.2]), 0.0))):
        for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
            r = getattr(p, name)()
            json.dumps(r.to_dict())
            assert r.explain().endswith(".") and repr(r).startswith("<BargainingSolution")
    assert repr(BargainingProblem.split()) == "<BargainingProblem split of 1, disagreement (0, 0)>"
