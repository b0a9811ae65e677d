"""The exact linear programs of :mod:`negotiation._lp`: the exact simplex and the HiGHS path
made exact against scipy's HiGHS in floats (the oracle), on random programs that are
feasible, infeasible or unbounded, with equalities, free variables and degenerate vertices,
and against optima derived by hand."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from negotiation import _lp


def _feasible(c, A_ub, b_ub, A_eq, b_eq, free, z):
    """Whether ``z`` satisfies the program exactly."""
    ok = all(sum(Fraction(a) * x for a, x in zip(row, z)) <= b for row, b in zip(A_ub, b_ub))
    ok &= all(sum(Fraction(a) * x for a, x in zip(row, z)) == b for row, b in zip(A_eq, b_eq))
    return ok and all(x >= 0 for k, x in enumerate(z) if k not in free)


@st.composite
def programs(draw):
    n = draw(st.integers(1, 4))
    m = draw(st.integers(0, 6))
    e = draw(st.integers(0, 2))
    entry = st.integers(-3, 3)
    c = draw(st.lists(entry, min_size=n, max_size=n))
    A_ub = draw(st.lists(st.lists(entry, min_size=n, max_size=n), min_size=m, max_size=m))
    b_ub = draw(st.lists(st.integers(-4, 6), min_size=m, max_size=m))
    A_eq = draw(st.lists(st.lists(entry, min_size=n, max_size=n), min_size=e, max_size=e))
    b_eq = draw(st.lists(st.integers(-3, 3), min_size=e, max_size=e))
    if draw(st.booleans()) and A_eq:  # a redundant equality: a multiple of the first
        A_eq.append([2 * a for a in A_eq[0]])
        b_eq.append(2 * b_eq[0])
    free = draw(st.sets(st.integers(0, n - 1), max_size=n))
    return c, A_ub, b_ub, A_eq, b_eq, sorted(free)


@settings(max_examples=400, deadline=None)
@given(programs())
def test_simplex_agrees_with_highs(program):
    """Same status (optimum or none) and the same optimal value as HiGHS; the point is
    feasible exactly and attains the value."""
    c, A_ub, b_ub, A_eq, b_eq, free = program
    n = len(c)
    oracle = linprog([-v for v in c], A_ub=np.array(A_ub, float).reshape(-1, n) if A_ub else None,
                     b_ub=b_ub or None, A_eq=np.array(A_eq, float).reshape(-1, n) if A_eq
                     else None, b_eq=b_eq or None,
                     bounds=[(None, None) if k in free else (0, None) for k in range(n)],
                     method="highs")
    got = _lp.simplex(c, A_ub, b_ub, A_eq, b_eq, free)
    assert (got is not None) == (oracle.status == 0)
    if got is not None:
        value, z = got
        assert all(isinstance(x, Fraction) for x in z)
        assert _feasible(c, A_ub, b_ub, A_eq, b_eq, free, z)
        assert value == sum(Fraction(a) * x for a, x in zip(c, z))
        assert float(value) == pytest.approx(-oracle.fun, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(programs())
def test_both_paths_give_the_same_optimum(program):
    """The HiGHS path made exact, where it returns a point, attains the simplex's optimum."""
    c, A_ub, b_ub, A_eq, b_eq, free = program
    exact = _lp.simplex(c, A_ub, b_ub, A_eq, b_eq, free)
    projected = _lp._highs_projected(c, A_ub, b_ub, A_eq, b_eq, (), free)
    assert (exact is None) <= (projected is None)
    if exact is not None and projected is not None \
            and _feasible(c, A_ub, b_ub, A_eq, b_eq, free, projected[1]):
        assert projected[0] == exact[0]


def test_hand_derived_optima():
    # max x + y, x + 2y <= 4, 3x + y <= 6: the vertex (8/5, 6/5), value 14/5
    assert _lp.simplex([1, 1], [[1, 2], [3, 1]], [4, 6]) == \
        (Fraction(14, 5), [Fraction(8, 5), Fraction(6, 5)])
    # a negative right-hand side needs phase 1: max -x, x >= 3/2 (as -x <= -3/2)
    assert _lp.simplex([-1], [[-1]], [Fraction(-3, 2)]) == (Fraction(-3, 2), [Fraction(3, 2)])
    # a free variable: max -x with x = -2
    assert _lp.simplex([-1], [], [], [[1]], [-2], free=[0]) == (Fraction(2), [Fraction(-2)])
    assert _lp.simplex([1, 0], [[1, -1]], [1]) is None          # unbounded along (1, 1)
    assert _lp.simplex([1], [[1], [-1]], [1, -2]) is None       # x <= 1 and x >= 2
    # Beale's cycling example (Chvátal 1983, p. 31): Bland's rule terminates at value 1/20
    c = [Fraction(3, 4), -150, Fraction(1, 50), -6]
    A = [[Fraction(1, 4), -60, Fraction(-1, 25), 9], [Fraction(1, 2), -90, Fraction(-1, 50), 3],
         [0, 0, 1, 0]]
    value, z = _lp.simplex(c, A, [0, 0, 1])
    assert value == Fraction(1, 20) and z == [Fraction(1, 25), 0, 1, 0]


def test_large_programs_go_to_highs(monkeypatch):
    """Beyond SMALL coefficients the HiGHS path is taken; a projected point that is not
    feasible exactly (here: a coordinate below 0) sends the program to the simplex."""
    calls = []
    monkeypatch.setattr(_lp, "SMALL", 0)
    monkeypatch.setattr(_lp, "_highs_projected", lambda *a: calls.append(a) or
                        (Fraction(14, 5), [Fraction(8, 5), Fraction(6, 5)]))
    assert _lp.solve_exact([1, 1], [[1, 2], [3, 1]], [4, 6])[0] == Fraction(14, 5)
    assert len(calls) == 1
    monkeypatch.setattr(_lp, "_highs_projected", lambda *a: calls.append(a) or
                        (Fraction(3), [Fraction(3), Fraction(-1, 10**12)]))
    assert _lp.solve_exact([1, 1], [[1, 2], [3, 1]], [4, 6]) == \
        (Fraction(14, 5), [Fraction(8, 5), Fraction(6, 5)])
    assert len(calls) == 2
