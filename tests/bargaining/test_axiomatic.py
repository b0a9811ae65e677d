"""Axiomatic bargaining solutions: worked examples, closed forms, the axioms, three evaluations.

Expected values come from the literature (literature.md §3) or are derived
by hand in the comments, never from the code under test.
"""

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from negotiation.bargaining.problem import BargainingProblem
from negotiation.errors import ParameterError

u = sp.Symbol("u1")
z = sp.Symbol("z", positive=True)
d1s, d2s = sp.symbols("d1 d2", real=True)
alpha = sp.Symbol("alpha", positive=True)
SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
PHI = (sp.sqrt(5) - 1) / 2  # 0.6180339887


def solve(problem, name, **kw):
    return getattr(problem, name)(**kw)


def same(value, expected, tol=1e-12):
    """Exact equality for exact expectations (sympy decides), else floats within tol."""
    if isinstance(expected, (F, int)) and isinstance(value, F):
        return value == expected
    if isinstance(expected, sp.Basic) and not isinstance(value, float):
        return sp.simplify(sp.sympify(value) - expected) == 0
    return abs(float(value) - float(expected)) <= tol


# ---------------------------------------------------------------------------------------
# Worked examples (literature §3 table)

S_POINTS = [(0, 0), (1, 0), (0, 1), (F(3, 4), F(3, 4))]
T_POINTS = [(0, 0), (1, 0), (0, 1), (1, F(7, 10))]

TABLE = [
    # (problem factory, solution, expected point)
    ("pie d=(0.2, 0.1)", lambda: BargainingProblem.split(disagreement=("0.2", "0.1")),
     {"nash": (F(11, 20), F(9, 20)), "kalai_smorodinsky": (F(11, 20), F(9, 20)),
      "egalitarian": (F(11, 20), F(9, 20))}),
    ("u2 = sqrt(1 - u1)", lambda: BargainingProblem(sp.sqrt(1 - u)),
     {"nash": (F(2, 3), 1 / sp.sqrt(3)), "kalai_smorodinsky": (PHI, PHI),
      "egalitarian": (PHI, PHI), "utilitarian": (F(3, 4), F(1, 2))}),
    ("u2 = 1 - u1^2", lambda: BargainingProblem(1 - u**2),
     {"nash": (1 / sp.sqrt(3), F(2, 3)), "kalai_smorodinsky": (PHI, PHI),
      "egalitarian": (PHI, PHI), "utilitarian": (F(1, 2), F(3, 4))}),
    ("triangle (2,0),(0,1)", lambda: BargainingProblem.from_points([(2, 0), (0, 1), (0, 0)]),
     {"nash": (1, F(1, 2)), "kalai_smorodinsky": (1, F(1, 2)),
      "egalitarian": (F(2, 3), F(2, 3)), "utilitarian": (2, 0)}),
    ("triangle as u2 = 1 - u1/2", lambda: BargainingProblem(1 - u / 2),
     {"nash": (1, F(1, 2)), "kalai_smorodinsky": (1, F(1, 2)),
      "egalitarian": (F(2, 3), F(2, 3)), "utilitarian": (2, 0)}),
    ("S", lambda: BargainingProblem.from_points(S_POINTS),
     {s: (F(3, 4), F(3, 4)) for s in SOLUTIONS}),
    ("T", lambda: BargainingProblem.from_points(T_POINTS),
     {"nash": (1, F(7, 10)), "kalai_smorodinsky": (F(10, 13), F(10, 13)),
      "egalitarian": (F(10, 13), F(10, 13)), "utilitarian": (1, F(7, 10))}),
]
CASES = [(name, make, s, point) for name, make, table in TABLE for s, point in table.items()]


@pytest.mark.parametrize(("name", "make", "solution", "expected"), CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_worked_examples_exact(name, make, solution, expected):
    result = solve(make(), solution)
    assert result.exact and not result.empty and result.unique
    assert all(same(v, e) for v, e in zip(result.point, expected)), result.point
    # exact numbers are Fractions when rational
    for v, e in zip(result.point, expected):
        if isinstance(e, (F, int)):
            assert isinstance(v, F)


@pytest.mark.parametrize(("name", "make", "solution", "expected"), CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_worked_examples_in_floats(name, make, solution, expected):
    problem = make()
    d = tuple(float(v) for v in problem.disagreement)
    result = solve(problem, solution, disagreement=d)
    assert not result.exact
    assert all(isinstance(v, float) for v in result.point)
    assert np.allclose(result.point, [float(e) for e in expected], atol=1e-12, rtol=0)


def test_linear_pie_utilitarian_is_not_unique():
    r = BargainingProblem.split(disagreement=("0.2", "0.1")).utilitarian()
    assert r.unique is False
    # every split between "player 1 gets only d1" and "player 2 gets only d2" sums to 1
    assert set(r.points) == {(F(1, 5), F(4, 5)), (F(9, 10), F(1, 10))}
    assert sum(r.point) == 1
    assert "not unique" in r.explain()


def test_utilitarian_on_a_slope_minus_one_edge_is_flagged():
    # vertices (0,3), (1, 2.5), (2, 1.5), (3, 0): the middle edge has slope -1
    p = BargainingProblem.from_points([(0, 3), (1, F(5, 2)), (2, F(3, 2)), (3, 0)])
    r = p.utilitarian()
    assert not r.unique and set(r.points) == {(1, F(5, 2)), (2, F(3, 2))}
    # on a steeper edge it is unique: a vertex
    q = BargainingProblem.from_points([(0, 3), (1, F(5, 2)), (2, F(1, 2)), (3, 0)])
    assert q.utilitarian().unique and q.utilitarian().point == (1, F(5, 2))


def test_ks_monotonicity_example_nash_hurts_player_2():
    S = BargainingProblem.from_points(S_POINTS)
    T = BargainingProblem.from_points(T_POINTS)
    assert S.nash().point == (F(3, 4), F(3, 4))
    assert T.nash().point == (1, F(7, 10))
    assert T.nash().point[1] < S.nash().point[1]  # player 2 loses although S is inside T
    ks_s, ks_t = S.kalai_smorodinsky(), T.kalai_smorodinsky()
    assert ks_t.point == (F(10, 13), F(10, 13))
    assert ks_t.point[1] >= ks_s.point[1] and ks_t.point[0] >= ks_s.point[0]
    assert ks_t.utopia == (1, 1)
    # the lottery behind KS on T: (0,1) with 3/13 and (1, 7/10) with 10/13
    assert dict(ks_t.lottery) == {2: F(3, 13), 3: F(10, 13)}


def test_exact_split():
    r = BargainingProblem.split(disagreement=(F(1, 5), F(1, 10))).nash()
    assert r.point[0] == F(11, 20) and type(r.point[0]) is F
    assert r.point == (F(11, 20), F(9, 20))


# ---------------------------------------------------------------------------------------
# Closed forms


def test_linear_pie_closed_form():
    p = BargainingProblem.split(disagreement=(d1s, d2s))
    r = p.nash(weights=(alpha, 1 - alpha))
    assert sp.simplify(r.point[0] - (d1s + alpha * (1 - d1s - d2s))) == 0
    assert sp.simplify(r.point[1] - (1 - d1s - alpha * (1 - d1s - d2s))) == 0
    assert sp.simplify(sp.diff(r.point[0], d1s) - (1 - alpha)) == 0
    assert sp.simplify(sp.diff(r.point[0], d2s) + alpha) == 0
    # symmetric: KS and egalitarian agree with Nash on the pie
    for name in ("kalai_smorodinsky", "egalitarian"):
        x = solve(p, name).point[0]
        assert sp.simplify(x - (1 + d1s - d2s) / 2) == 0
    # the empty set as a condition: no surplus
    assert bool(r.empty.subs({d1s: F(3, 5), d2s: F(2, 5)}))
    assert not bool(r.empty.subs({d1s: F(1, 5), d2s: F(1, 10)}))


def test_symbolic_total():
    T = sp.Symbol("T", positive=True)
    r = BargainingProblem.split(total=T, disagreement=(0, 0)).nash()
    assert sp.simplify(r.point[0] - T / 2) == 0


@pytest.mark.parametrize(("g1", "g2"), [(1, F(1, 2)), (F(1, 3), F(2, 3)), (F(1, 2), F(1, 4))])
def test_crra_shares(g1, g2):
    p = BargainingProblem.from_shares(z ** sp.Rational(g1), z ** sp.Rational(g2))
    r = p.nash()
    assert r.x == g1 / (g1 + g2)  # x1 = γ1/(γ1+γ2)
    assert p.disagreement == (0, 0)
    w = (F(1, 3), F(2, 3))  # weighted: αγ1/(αγ1+(1-α)γ2) with α = 1/3
    assert p.nash(weights=w).x == w[0] * g1 / (w[0] * g1 + w[1] * g2)


def test_crra_worked_example_and_symbolic_closed_form():
    assert BargainingProblem.from_shares(z, sp.sqrt(z)).nash().x == F(2, 3)
    g1, g2 = sp.symbols("gamma1 gamma2", positive=True)
    p = BargainingProblem.from_shares(z**g1, z**g2, variable=z)
    assert sp.simplify(p.nash().x - g1 / (g1 + g2)) == 0
    weighted = p.nash(weights=(alpha, 1 - alpha)).x
    assert sp.simplify(weighted - alpha * g1 / (alpha * g1 + (1 - alpha) * g2)) == 0


def test_crra_numeric_utilities():
    p = BargainingProblem.from_shares(lambda x: x, np.sqrt)
    assert abs(p.nash().x - 2 / 3) < 1e-8


def test_composite_recognition_deal():
    """Literature §7: u_K = x, u_U = 1 - (1+κ)x + L on a deal; x* = d_K/2 + (1+L-d_U)/(2(1+κ))."""
    dK, dU, kappa, L = (F(2, 5), F(3, 10), F(1, 4), F(1, 10))
    x = sp.Symbol("x")
    p = BargainingProblem(1 + L - (1 + kappa) * x, disagreement=(dK, dU), variable=x,
                          domain=(0, (1 + L) / (1 + kappa)))
    r = p.nash()
    assert r.point == (F(13, 25), F(9, 20))  # x* = 0.52, u_U = 0.45


# ---------------------------------------------------------------------------------------
# Empty bargaining sets and disagreement points outside S


@pytest.mark.parametrize("solution", SOLUTIONS)
def test_empty_bargaining_set_is_reported(solution):
    r = solve(BargainingProblem.split(disagreement=(F(3, 5), F(2, 5))), solution)
    assert r.empty is True and r.point == (F(3, 5), F(2, 5))
    assert "no deal" in r.explain()
    r = solve(BargainingProblem.from_points(T_POINTS, disagreement=(1, 0)), solution)
    assert r.empty and r.point == (1, 0)
    r = solve(BargainingProblem(sp.sqrt(1 - u), disagreement=(F(3, 4), F(1, 2))), solution)
    assert r.empty and r.point == (F(3, 4), F(1, 2))


@pytest.mark.parametrize("solution", SOLUTIONS)
def test_empty_in_arrays(solution):
    p = BargainingProblem(sp.sqrt(1 - u))
    d1 = np.array([0.0, 0.75, 0.5])
    d2 = np.array([0.0, 0.5, np.sqrt(0.5)])  # the last two lie on the frontier
    r = solve(p, solution, disagreement=(d1, d2))
    assert r.empty.tolist() == [False, True, True]
    assert np.all(np.isfinite(r.point[0])) and np.all(np.isfinite(r.point[1]))
    assert r.point[0][1] == 0.75 and r.point[1][1] == 0.5


def test_disagreement_outside_the_feasible_set():
    with pytest.raises(ParameterError, match=r"disagreement is \(0\.7, 0\.5\)"):
        BargainingProblem.split(disagreement=(0.7, 0.5))
    p = BargainingProblem(sp.sqrt(1 - u))
    with pytest.raises(ParameterError, match="disagreement"):
        p.nash(disagreement=(F(1, 2), F(3, 4)))
    d = (np.array([0.1, 0.5]), np.array([0.1, 0.9]))
    with pytest.raises(ParameterError, match=r"disagreement contains \(0\.5, 0\.9\)"):
        p.kalai_smorodinsky(disagreement=d)
    r = p.kalai_smorodinsky(disagreement=d, outside="empty")
    assert r.empty.tolist() == [False, True] and r.point[1][1] == 0.9


@pytest.mark.parametrize("weights", [(0, 1), (-1, 1), (1, -2.5)])
def test_weights_must_be_positive(weights):
    with pytest.raises(ParameterError, match="weights is"):
        BargainingProblem.split().nash(weights=weights)


def test_frontier_must_decrease():
    with pytest.raises(ParameterError, match=r"frontier u2 = u1\*\*2 \+ 1 is not decreasing"):
        BargainingProblem(1 + u**2, domain=(0, 1))
    with pytest.raises(ParameterError, match="not decreasing"):
        BargainingProblem(lambda v: 1 + v, domain=(0, 1))


# ---------------------------------------------------------------------------------------
# Three evaluations agree


@pytest.mark.parametrize(("frontier", "solution"), [
    (sp.sqrt(1 - u), "nash"), (sp.sqrt(1 - u), "egalitarian"), (sp.sqrt(1 - u), "utilitarian"),
    (1 - u**2, "kalai_smorodinsky"), (1 - u**2, "nash"),
])
def test_symbolic_exact_and_vectorised_agree(frontier, solution):
    symbolic = solve(BargainingProblem(frontier, disagreement=(d1s, d2s)), solution)
    points = [(F(1, 5), F(1, 10)), (F(0), F(0)), (F(1, 3), F(1, 4)), (F(1, 10), F(1, 2))]
    d1 = np.array([float(a) for a, _ in points])
    d2 = np.array([float(b) for _, b in points])
    vector = solve(BargainingProblem(frontier), solution, disagreement=(d1, d2))
    for k, (a, b) in enumerate(points):
        exact = solve(BargainingProblem(frontier, disagreement=(a, b)), solution)
        assert exact.exact
        for i in (0, 1):
            at_point = symbolic.point[i].subs({d1s: a, d2s: b})
            assert abs(sp.N(at_point - sp.sympify(exact.point[i]), 30)) < 1e-25
            assert abs(float(exact.point[i]) - vector.point[i][k]) < 1e-12


def test_weighted_nash_three_ways():
    frontier = sp.sqrt(1 - u)
    symbolic = BargainingProblem(frontier, disagreement=(d1s, d2s)).nash(weights=(1, 2))
    exact = BargainingProblem(frontier, disagreement=(F(1, 5), F(1, 10))).nash(weights=(1, 2))
    vector = BargainingProblem(frontier).nash(
        weights=(np.array([1.0, 1.0]), np.array([2.0, 2.0])),
        disagreement=(np.array([0.2, 0.2]), np.array([0.1, 0.1])))
    for i in (0, 1):
        at = symbolic.point[i].subs({d1s: F(1, 5), d2s: F(1, 10)})
        assert abs(sp.N(at - sp.sympify(exact.point[i]), 30)) < 1e-25
        assert np.all(np.abs(vector.point[i] - float(exact.point[i])) < 1e-12)


def test_polyline_symbolic_piecewise_agrees():
    T = BargainingProblem.from_points(T_POINTS)
    r = T.nash(disagreement=(d1s, d2s))
    for a, b in [(0, 0), (F(-1, 2), F(3, 5)), (F(1, 10), F(4, 5))]:
        exact = T.nash(disagreement=(a, b)).point
        assert [sp.nsimplify(v.subs({d1s: a, d2s: b})) for v in r.point] == [
            sp.Rational(v.numerator, v.denominator) for v in exact]


SMOOTH = {
    "sqrt": lambda: BargainingProblem(sp.sqrt(1 - u)),
    "quarter circle": lambda: BargainingProblem(sp.sqrt(4 - u**2)),
    "shifted domain": lambda: BargainingProblem(1 - u**2, domain=("0.2", "0.9")),
    "crra shares": lambda: BargainingProblem.from_shares(z ** sp.Rational(1, 3), sp.sqrt(z)),
}


@pytest.mark.parametrize("solution", SOLUTIONS)
@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_vectorised_matches_scalar(name, solution):
    """Newton–bisection over arrays == brentq at each point, corners and extensions included."""
    p = SMOOTH[name]()
    rng = np.random.default_rng(7)
    d1 = rng.uniform(-0.3, 0.9 * p.u1_max, 60)
    d2 = np.array([rng.uniform(-0.3, p.u2_of_u1(v)) for v in d1])
    w = rng.uniform(0.2, 3, 60)
    kw = {"weights": (w, 1.0)} if solution == "nash" else {}
    vector = solve(p, solution, disagreement=(d1, d2), **kw)
    for k in range(0, 60, 3):
        kws = {"weights": (float(w[k]), 1.0)} if solution == "nash" else {}
        scalar = solve(p, solution, disagreement=(float(d1[k]), float(d2[k])), **kws)
        assert scalar.empty == vector.empty[k]
        assert np.allclose(scalar.point, (vector.point[0][k], vector.point[1][k]),
                           atol=1e-10, rtol=0)
    assert vector.method.startswith("vectorised")


@pytest.mark.parametrize("solution", SOLUTIONS)
def test_vectorised_polyline_and_finite_match_scalar(solution):
    T = BargainingProblem.from_points([(0, 3), (1, F(5, 2)), (2, F(1, 2)), (F(5, 2), 0)])
    d1 = np.array([0.0, 0.5, -1.0, 2.0, 1.5])
    d2 = np.array([0.0, 1.0, 2.0, 0.1, -2.0])
    vector = solve(T, solution, disagreement=(d1, d2))
    finite = BargainingProblem.from_points(T.points, lotteries=False)
    vfin = solve(finite, solution, disagreement=(d1, d2))
    for k in range(5):
        d = (F(d1[k]), F(d2[k]))
        assert np.allclose([float(v) for v in solve(T, solution, disagreement=d).point],
                           [vector.point[0][k], vector.point[1][k]], atol=1e-12)
        assert np.allclose([float(v) for v in solve(finite, solution, disagreement=d).point],
                           [vfin.point[0][k], vfin.point[1][k]], atol=1e-12)


def test_many_points_vectorised_nonlinear():
    """Nash and KS on u2 = sqrt(1 - u1) over many disagreement points (10^6 timed in
    benchmarks/bench_bargaining_axiomatic.py)."""
    rng = np.random.default_rng(1)
    d1, d2 = rng.uniform(0, 0.5, 2 * 10**5), rng.uniform(0, 0.5, 2 * 10**5)
    p = BargainingProblem(sp.sqrt(1 - u))
    r = p.nash(disagreement=(d1, d2))
    # first-order condition (g - d2) + g'(u1)(u1 - d1) = 0 holds everywhere
    g = np.sqrt(1 - r.point[0])
    foc = (g - d2) - (r.point[0] - d1) / (2 * g)
    assert np.max(np.abs(foc)) < 1e-10 and not r.empty.any()
    k = p.kalai_smorodinsky(disagreement=(d1, d2))
    U1, U2 = 1 - d2**2, np.sqrt(1 - d1)  # utopia: where u2 = d2, and g(d1)
    line = (k.point[1] - d2) * (U1 - d1) - (U2 - d2) * (k.point[0] - d1)
    assert np.max(np.abs(line)) < 1e-10
    assert np.max(np.abs(k.point[1] - np.sqrt(1 - k.point[0]))) < 1e-12


# ---------------------------------------------------------------------------------------
# The axioms, as properties

coord = st.fractions(min_value=0, max_value=4, max_denominator=12)
point_lists = st.lists(st.tuples(coord, coord), min_size=2, max_size=7)


def hull(points, d=(0, 0)):
    return BargainingProblem.from_points([*points, d], disagreement=d)


def interior(problem):
    """Disagreement points strictly inside: below the middle of the frontier."""
    (a, b) = problem.vertices[0]
    (c, e) = problem.vertices[-1]
    return (a + c) / 3, (b + e) / 3


@settings(max_examples=60, deadline=None)
@given(point_lists)
def test_pareto_efficiency(points):
    p = hull(points)
    d = interior(p)
    p = p.with_disagreement(d)
    eps = F(1, 10**9)
    for name in SOLUTIONS:
        r = solve(p, name)
        if r.empty:
            continue
        x, y = r.point
        assert p.contains((x, y))
        # nothing feasible is better for both; for all but egalitarian, better for one
        assert not p.contains((x + eps, y + eps))
        if name != "egalitarian":
            assert not p.contains((x + eps, y)) and not p.contains((x, y + eps))
        assert all(not (a >= x and b >= y and (a, b) != (x, y))
                   for a, b in p.points) or name == "egalitarian"


@settings(max_examples=60, deadline=None)
@given(point_lists, st.tuples(st.fractions(1, 5, max_denominator=7),
                              st.fractions(1, 5, max_denominator=7)),
       st.tuples(st.fractions(-3, 3, max_denominator=5), st.fractions(-3, 3, max_denominator=5)),
       st.sampled_from([(1, 1), (1, 2), (F(3, 2), F(1, 2))]))
def test_nash_and_ks_are_invariant_to_affine_rescaling(points, scale, shift, weights):
    p = hull(points)
    p = p.with_disagreement(interior(p))
    q = p.rescale(scale, shift)
    image = tuple(a * v + b for a, v, b in zip(scale, p.nash(weights=weights).point, shift))
    assert q.nash(weights=weights).point == image
    image = tuple(a * v + b for a, v, b in zip(scale, p.kalai_smorodinsky().point, shift))
    assert q.kalai_smorodinsky().point == image


SQRT = BargainingProblem(sp.sqrt(1 - u))


@settings(max_examples=8, deadline=None)
@given(st.floats(0.5, 3), st.floats(0.5, 3), st.floats(-1, 1), st.floats(0, 0.3),
       st.floats(0, 0.3))
def test_affine_invariance_on_a_curve(a1, a2, b1, d1, d2):
    p = SQRT.with_disagreement((d1, d2))
    q = p.rescale((a1, a2), (b1, 0.5))
    for name in ("nash", "kalai_smorodinsky"):
        image = (a1 * solve(p, name).point[0] + b1, a2 * solve(p, name).point[1] + 0.5)
        assert np.allclose(solve(q, name).point, image, atol=1e-10)


def test_egalitarian_and_utilitarian_are_not_scale_invariant():
    tri = BargainingProblem.from_points([(2, 0), (0, 1), (0, 0)])
    stretched = tri.rescale(scale=(1, 2))  # player 2's utility doubled: (0, 2)
    assert tri.egalitarian().point == (F(2, 3), F(2, 3))
    assert stretched.egalitarian().point == (1, 1) != (F(2, 3), F(4, 3))
    tall = tri.rescale(scale=(1, 3))  # (0, 3): now the sum is largest at player 2's corner
    assert tri.utilitarian().point == (2, 0)
    assert tall.utilitarian().point == (0, 3) != (2, 0)
    # ... while Nash and KS follow the rescaling
    assert stretched.nash().point == (1, 1) and tri.nash().point == (1, F(1, 2))
    assert stretched.kalai_smorodinsky().point == (1, 1)


@settings(max_examples=60, deadline=None)
@given(point_lists, st.fractions(0, 1, max_denominator=8))
def test_symmetry(points, c):
    sym = points + [(b, a) for a, b in points] + [(c, c)]
    p = BargainingProblem.from_points(sym, disagreement=(c, c))
    for name in ("nash", "kalai_smorodinsky", "egalitarian"):
        r = solve(p, name)
        assert r.point[0] == r.point[1]
    r = p.utilitarian()
    if r.unique:
        assert r.point[0] == r.point[1]
    else:
        assert {tuple(reversed(q)) for q in r.points} == set(r.points)


def test_symmetry_on_a_curve():
    circle = BargainingProblem(sp.sqrt(1 - u**2))
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        r = solve(circle, name)
        assert same(r.point[0], 1 / sp.sqrt(2)) and same(r.point[1], 1 / sp.sqrt(2))


@settings(max_examples=60, deadline=None)
@given(point_lists, st.lists(st.booleans(), min_size=7, max_size=7),
       st.sampled_from([(1, 1), (2, 1), (1, 3)]))
def test_nash_independence_of_irrelevant_alternatives(points, keep, weights):
    big = hull(points)
    d = interior(big)
    big = big.with_disagreement(d)
    n = big.nash(weights=weights)
    assume(not n.empty)
    subset = [q for q, k in zip(points, keep) if k]
    small = BargainingProblem.from_points([*subset, n.point, d], disagreement=d)
    assert small.nash(weights=weights).point == n.point


@settings(max_examples=60, deadline=None)
@given(point_lists, point_lists)
def test_ks_individual_monotonicity(points, extra):
    S = hull(points)
    top1 = max(a for a, _ in S.points)
    # T adds outcomes that do not raise player 1's best utility
    added = [(min(a, top1), b) for a, b in extra]
    T = hull(points + added)
    ks, kt = S.kalai_smorodinsky(), T.kalai_smorodinsky()
    assume(not ks.empty)
    assert kt.utopia[0] == ks.utopia[0]
    assert kt.point[1] >= ks.point[1]


def test_asymmetric_nash_weights_favour_the_stronger():
    p = BargainingProblem.split()
    assert p.nash(weights=(2, 1)).point == (F(2, 3), F(1, 3))
    assert p.nash(weights=(2, 1)).solution == "asymmetric nash"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(coord, coord), min_size=1, max_size=6, unique=True))
def test_finite_set_solutions_choose_among_points(points):
    p = BargainingProblem.from_points(points, lotteries=False)
    for name in SOLUTIONS:
        r = solve(p, name)
        if r.empty:
            assert not any(a > 0 and b > 0 for a, b in points)
            continue
        assert r.point in points and set(r.points) <= set(points)
        assert r.lottery == ((points.index(r.point), 1),)
    n = p.nash()
    if not n.empty:
        best = max(a * b for a, b in points)
        assert n.point[0] * n.point[1] == best


def test_corners_and_free_disposal_parts_of_the_frontier():
    """u2 = 1 - u1^2 only on [4/5, 9/10]: a flat part at u2 = 9/25 to the left (free
    disposal) and a vertical part below (9/10, 19/100)."""
    p = BargainingProblem(1 - u**2, domain=(F(4, 5), F(9, 10)))
    # Nash and utilitarian optima of the whole curve (1/sqrt(3), 1/2) lie left: corner at 4/5
    assert p.nash().point == (F(4, 5), F(9, 25))
    assert p.utilitarian().point == (F(4, 5), F(9, 25))
    # KS: utopia (9/10, 9/25); the ray u2 = 2/5 u1 meets 1 - u1^2 at u1 = (sqrt(26) - 1)/5
    ks = p.kalai_smorodinsky()
    assert ks.utopia == (F(9, 10), F(9, 25))
    assert same(ks.point[0], (sp.sqrt(26) - 1) / 5)
    # egalitarian: the diagonal leaves S on the flat part, at (9/25, 9/25) — weakly Pareto
    assert p.egalitarian().point == (F(9, 25), F(9, 25))
    q = BargainingProblem(1 - u**2, domain=(F(1, 10), F(1, 2)))
    assert q.egalitarian().point == (F(1, 2), F(1, 2))  # ... or on the vertical part
    assert q.nash().point == (F(1, 2), F(3, 4))  # Nash's 1/sqrt(3) lies right of 1/2
    for name in SOLUTIONS:  # floats and arrays take the same corners
        for prob in (p, q):
            exact = [float(v) for v in solve(prob, name).point]
            assert np.allclose(solve(prob, name, disagreement=(0.0, 0.0)).point, exact)
            vec = solve(prob, name, disagreement=(np.zeros(2), np.zeros(2))).point
            assert np.allclose([vec[0][0], vec[1][1]], exact, atol=1e-12)


def test_polyline_free_disposal_parts():
    p = BargainingProblem.from_points([(2, 1), (3, 0)])
    assert p.egalitarian().point == (1, 1)  # on the flat part left of (2, 1)
    assert p.nash().point == (2, 1)  # u1 (3 - u1) peaks at 3/2, left of the edge
    # KS: utopia (3, 1); the ray u2 = u1/3 meets u2 = 3 - u1 at u1 = 9/4
    assert p.kalai_smorodinsky().point == (F(9, 4), F(3, 4))
    q = BargainingProblem.from_points([(0, 3), (1, F(5, 2))])
    assert q.egalitarian().point == (1, 1)  # on the vertical part below (1, 5/2)
    assert q.utilitarian().point == (1, F(5, 2))
