"""The C vertex search `_lexsearch.vertices` against the Python reference `polytope.vertices`."""

import random
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation import SolverError
from negotiation.equilibria import polytope

_lexsearch = pytest.importorskip(
    "negotiation.equilibria._lexsearch",
    reason="the C extension is not built (python setup.py build_ext --inplace)",
)

#: Upper ends of the entry ranges: small ones make degeneracy frequent, the rest
#: cross the int64 / int128 / GMP boundaries of the C arithmetic.
HIGHS = [2, 3, 5, 21, 2001, 2**31, 2**62, 2**63, 2**64, 2**100, 2**126, 2**127, 2**128, 10**30]


@st.composite
def matrices(draw, max_k=8, max_d=8, highs=HIGHS):
    """A k x d matrix of positive integers in 1..hi, or in a narrow range near hi."""
    k = draw(st.integers(1, max_k))
    d = draw(st.integers(1, max_d))
    hi = draw(st.sampled_from(highs))
    lo = draw(st.sampled_from([1, hi // 2 + 1, max(1, hi - 2)]))
    row = st.lists(st.integers(lo, hi), min_size=d, max_size=d)
    return draw(st.lists(row, min_size=k, max_size=k))


def fast(C, limit=-1):
    return _lexsearch.vertices(C, limit)


def as_set(found):
    """{(labels, coordinates)} from (labels, numerators, denominator) triples."""
    return {(labels, tuple(Fraction(x, den) for x in nums)) for labels, nums, den in found}


def reference(C):
    """The Python search ``polytope.reference_vertices`` as (labels, numerators, denominator)."""
    found = polytope.reference_vertices(C)
    return [(v.labels, tuple(v.numerators), v.denominator) for v in found]


def oracle(C):
    """``[(labels, coordinates)]`` of the reference's vertices, in its order."""
    return ordered(reference(C))


def ordered(found):
    return [(labels, tuple(Fraction(x, den) for x in nums)) for labels, nums, den in found]


def check_vertices(C, found):
    """Each vertex is feasible, exactly, and its labels are exactly its tight constraints."""
    d = len(C[0])
    assert found[0] == ((1 << d) - 1, (0,) * d, 1)  # the origin first
    assert len({labels for labels, _, _ in found}) == len(found)
    assert len(as_set(found)) == len(found)
    for labels, nums, den in found:
        assert den > 0 and len(nums) == d
        assert all(x >= 0 for x in nums)
        tight = {j for j in range(d) if nums[j] == 0}
        for i, row in enumerate(C):
            lhs = sum(c * x for c, x in zip(row, nums))
            assert lhs <= den
            if lhs == den:
                tight.add(d + i)
        assert labels == sum(1 << t for t in tight)
        assert len(tight) >= d  # a vertex: d independent tight constraints at least


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices())
def test_same_vertices_as_the_reference(C):
    assert as_set(fast(C)) == set(oracle(C))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices(highs=[2, 3]))
def test_same_vertices_as_the_reference_when_degenerate(C):
    assert as_set(fast(C)) == set(oracle(C))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices())
def test_same_search_as_the_reference(C):
    """A drop-in replacement: same order, same unreduced numerators and denominators."""
    assert fast(C) == reference(C)


@pytest.mark.parametrize("hi", HIGHS)
def test_same_search_as_the_reference_on_random_matrices(hi):
    rng = random.Random(hi)
    for _ in range(12):
        k, d = rng.randint(1, 8), rng.randint(1, 8)
        lo = rng.choice([1, hi // 2 + 1])
        C = [[rng.randint(lo, hi) for _ in range(d)] for _ in range(k)]
        assert ordered(fast(C)) == oracle(C)


def test_where_int64_products_would_overflow():
    """Entries near 2**31 whose products exceed int64 (the reference once wrapped around here)."""
    C = [
        [15493192, 14682147, 30843467],
        [19446915, 1442150, 27929363],
        [6710905, 12475959, 19890423],
        [8112788, 22326796, 28327122],
        [12740600, 20358717, 19069613],
        [19446915, 1442150, 27929363],
    ]
    found = fast(C)
    check_vertices(C, found)
    check_vertices(C, reference(C))
    assert len(found) == 10
    assert found == reference(C)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices())
def test_vertices_are_feasible_and_labelled_by_their_tight_constraints(C):
    check_vertices(C, fast(C))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices(max_k=6, max_d=6), st.integers(0, 40))
def test_limit_raises_exactly_when_the_reference_does(C, limit):
    try:
        polytope.reference_vertices(C, limit=limit)
        expected = False
    except SolverError:
        expected = True
    if expected:
        with pytest.raises(RuntimeError, match=r"^limit$"):
            fast(C, limit)
    else:
        assert fast(C, limit) == fast(C)


def test_limit():
    C = [[random.Random(i * 7 + j).randint(1, 9) for j in range(7)] for i in range(7)]
    with pytest.raises(RuntimeError, match=r"^limit$"):
        fast(C, 0)
    with pytest.raises(RuntimeError, match=r"^limit$"):
        fast(C, 10)
    assert fast(C, 10**9) == fast(C, -1)


@pytest.mark.parametrize("budget", [0, 3000, 50000])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(C=matrices(max_k=9, max_d=9, highs=[3, 21, 2001, 2**64, 2**127, 10**30]))
def test_tableaux_rebuilt_along_the_path(budget, C):
    """With (almost) no memory for the path, tableaux are rebuilt by pivots forward and back."""
    old = _lexsearch._set_path_budget(budget)
    try:
        found = fast(C)
    finally:
        _lexsearch._set_path_budget(old)
    assert ordered(found) == oracle(C)


def test_rebuilt_along_a_long_path():
    rng = random.Random(3)
    C = [[rng.randint(1, 2001) for _ in range(10)] for _ in range(10)]
    expected = fast(C)
    old = _lexsearch._set_path_budget(0)
    try:
        assert fast(C) == expected
    finally:
        _lexsearch._set_path_budget(old)
    check_vertices(C, expected)


@pytest.mark.parametrize("k, d", [(1, 130), (130, 1), (70, 2), (2, 63), (63, 3)])
def test_label_masks_wider_than_a_word(k, d):
    rng = random.Random(k * 1000 + d)
    C = [[rng.randint(1, 5) for _ in range(d)] for _ in range(k)]
    found = fast(C)
    assert ordered(found) == oracle(C)
    check_vertices(C, found)


def test_huge_entries():
    rng = random.Random(1)
    C = [[rng.randint(1, 2**300) for _ in range(6)] for _ in range(6)]
    found = fast(C)
    assert found == reference(C)  # all in Python ints
    check_vertices(C, found)


def test_small_cases():
    assert fast([[1]]) == [(1, (0,), 1), (2, (1,), 1)]
    assert fast([[2, 3]]) == [(3, (0, 0), 1), (5, (0, 1), 3), (6, (1, 0), 2)]
    # a triangle with a repeated facet: degenerate at both vertices off the origin
    assert as_set(fast([[1, 1], [1, 1]])) == {
        (0b0011, (0, 0)),
        (0b1110, (1, 0)),
        (0b1101, (0, 1)),
    }
    assert fast([[]]) == [(0, (), 1)]  # d = 0: the polytope is a point
    assert fast(((1, 2), (3, 4))) == fast([[1, 2], [3, 4]])  # any sequences


def test_bad_input():
    with pytest.raises(ValueError):
        fast([])
    with pytest.raises(ValueError):
        fast([[1, 2], [3]])
    with pytest.raises(TypeError):
        fast([[1, "2"]])
    with pytest.raises(TypeError):
        fast(5)
    with pytest.raises(RuntimeError, match="unbounded"):
        fast([[0, 1], [0, 2]])


def test_threads_give_the_same_answers():
    rng = random.Random(2)
    Cs = [[[rng.randint(1, 30) for _ in range(8)] for _ in range(8)] for _ in range(6)]
    with ThreadPoolExecutor(3) as pool:
        assert list(pool.map(fast, Cs)) == [fast(C) for C in Cs]
