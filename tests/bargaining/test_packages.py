"""Concession packages: the space, Pareto frontier, individual rationality, selections."""

from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import ParameterError
from negotiation.bargaining.packages import Issue, PackageSpace, pareto_indices

ISSUES = [Issue("sanctions", "US", ("none", "partial", "full")),
          Issue("recognition", "US", ("none", "de facto", "formal")),
          Issue("freeze", "DPRK", ("no", "yes")),
          Issue("dismantle", "DPRK", ("no", "Yongbyon", "all"))]
VALUES = {"US": {"sanctions": [0, -1, -3], "recognition": [0, -2, -5], "freeze": [0, 3],
                 "dismantle": [0, 2, 6]},
          "DPRK": {"sanctions": [0, 3, 5], "recognition": [0, 4, 6], "freeze": [0, -1],
                   "dismantle": [0, -3, -9]}}


def brute(space, values, disagreement, interactions=None):
    """Exact utilities of every package by plain loops (independent of the vectorised code)."""
    out = {}
    for levels in product(*(range(len(i.levels)) for i in space.issues)):
        u = []
        for player in ("US", "DPRK"):
            total = sum(F(values[player][i.name][k]) for i, k in zip(space.issues, levels))
            for (a, b), M in (interactions or {}).get(player, {}).items():
                ia = [i.name for i in space.issues].index(a)
                ib = [i.name for i in space.issues].index(b)
                total += F(M[levels[ia]][levels[ib]])
            u.append(total)
        out[levels] = tuple(u)
    return out


def as_levels(space, package):
    return tuple(i.levels.index(package[i.name]) for i in space.issues)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=0, max_size=40))
def test_pareto_filter_agrees_with_brute_force(points):
    u1 = np.array([p[0] for p in points], dtype=float)
    u2 = np.array([p[1] for p in points], dtype=float)
    got = set(pareto_indices(u1, u2).tolist())
    expected = {i for i, (a, b) in enumerate(points)
                if not any(c >= a and d >= b and (c, d) != (a, b) for c, d in points)}
    assert got == expected


def test_individually_rational_packages_are_those_both_prefer():
    space = PackageSpace(ISSUES, VALUES, (1, 1))
    exact = brute(space, VALUES, (1, 1))
    mask = space.individually_rational()
    chosen = {tuple(int(k) for k in row) for row in space.levels()[mask]}
    assert chosen == {levels for levels, u in exact.items() if u[0] > 1 and u[1] > 1}


@pytest.mark.parametrize("method", ["nash", "egalitarian", "utilitarian", "kalai_smorodinsky"])
def test_selection_is_the_exact_argmax_with_every_tie(method):
    d = (F(1, 2), F(1, 3))
    space = PackageSpace(ISSUES, VALUES, d)
    exact = brute(space, VALUES, d)
    rational = {k: u for k, u in exact.items() if u[0] > d[0] and u[1] > d[1]}
    ideal = (max(u[0] for u in rational.values()), max(u[1] for u in rational.values()))
    score = {
        "nash": lambda u: (u[0] - d[0]) * (u[1] - d[1]),
        "egalitarian": lambda u: min(u[0] - d[0], u[1] - d[1]),
        "utilitarian": lambda u: u[0] + u[1],
        "kalai_smorodinsky": lambda u: min((u[0] - d[0]) / (ideal[0] - d[0]),
                                           (u[1] - d[1]) / (ideal[1] - d[1])),
    }[method]
    best = max(score(u) for u in rational.values())
    expected = {k for k, u in rational.items() if score(u) == best}
    choice = space.solve(method)
    assert {as_levels(space, p) for p in choice.packages} == expected
    assert choice.point == exact[as_levels(space, choice.packages[0])]


def test_includes_reports_recognition_and_ties_honestly():
    space = PackageSpace(ISSUES, VALUES, (0, 0))
    nash = space.solve("nash")
    assert nash.includes("recognition") == 1 and nash.includes("recognition", "formal") == 0
    tie = space.solve("egalitarian")
    assert len(tie.packages) == 2 and tie.includes("recognition") == F(1, 2)


def test_interactions_enter_the_utilities():
    interactions = {"US": {("recognition", "dismantle"): [[0, 0, 0], [0, 0, 0], [0, 0, 10]]}}
    space = PackageSpace(ISSUES, VALUES, (0, 0), interactions=interactions)
    exact = brute(space, VALUES, (0, 0), interactions)
    u1, u2 = space.utilities()
    for row, a, b in zip(space.levels(), u1, u2):
        assert (F(a), F(b)) == exact[tuple(int(k) for k in row)]


def test_empty_bargaining_set_is_reported_not_raised():
    choice = PackageSpace(ISSUES, VALUES, (100, 100)).solve("nash")
    assert choice.empty and choice.packages == ()
    assert "no agreement" in choice.explain()


def test_a_million_packages():
    issues = [Issue(f"i{k}", "US" if k % 2 else "DPRK", ("0", "1", "2", "3")) for k in range(10)]
    rng = np.random.default_rng(0)
    values = {p: {i.name: [0, *sorted(rng.integers(-9, 9, 3).tolist())] for i in issues}
              for p in ("US", "DPRK")}
    space = PackageSpace(issues, values, (0, 0))
    assert space.size == 4 ** 10
    frontier = space.pareto()
    u1, u2 = space.utilities()
    # no frontier point is dominated by a random sample of the space
    sample = rng.integers(0, space.size, 2000)
    for k in frontier[:200]:
        assert not np.any((u1[sample] >= u1[k]) & (u2[sample] >= u2[k])
                          & ((u1[sample] > u1[k]) | (u2[sample] > u2[k])))
    choice = space.solve("nash")
    assert not choice.empty


@pytest.mark.parametrize("kwargs, fragment", [
    ({"values": {"US": VALUES["US"]}}, "no entry for 'DPRK'"),
    ({"values": {**VALUES, "US": {**VALUES["US"], "freeze": [0, 1, 2]}}}, "has 3 entries"),
    ({"values": {**VALUES, "US": {**VALUES["US"], "bogus": [0, 1]}}}, "unknown issues"),
    ({"disagreement": (0, float("nan"))}, "finite"),
])
def test_bad_input_names_what_is_wrong(kwargs, fragment):
    args = {"issues": ISSUES, "values": VALUES, "disagreement": (0, 0), **kwargs}
    with pytest.raises(ParameterError, match=fragment):
        PackageSpace(**args)
    with pytest.raises(ParameterError, match="at least two"):
        Issue("x", "US", ("only",))


def test_lotteries_mix_two_adjacent_frontier_packages():
    space = PackageSpace(ISSUES, VALUES, (0, 0))
    exact = brute(space, VALUES, (0, 0))
    choice = space.solve("nash", lotteries=True)
    assert sum(choice.weights) == 1 and 1 <= len(choice.packages) <= 2
    mixed = tuple(sum(w * exact[as_levels(space, p)][i] for w, p in zip(choice.weights,
                                                                          choice.packages))
                  for i in range(2))
    assert mixed == choice.point
    # the lottery does at least as well on the Nash product as every single package
    best_single = max(u[0] * u[1] for u in exact.values() if u[0] > 0 and u[1] > 0)
    assert choice.point[0] * choice.point[1] >= best_single


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-4, 4), st.integers(-2, 2)), min_size=22, max_size=22),
       st.tuples(st.integers(-3, 3), st.integers(-3, 3)))
def test_kalai_smorodinsky_is_the_exact_argmax_with_near_ties(cells, d):
    """The ideal point and the criterion are compared exactly even where packages differ
    by less than a float's rounding (steps of 1e-17)."""
    tiny = F(1, 10 ** 17)
    values = iter(F(k) + j * tiny for k, j in cells)
    table = {p: {i.name: [next(values) for _ in i.levels] for i in ISSUES}
             for p in ("US", "DPRK")}
    d = tuple(F(v) for v in d)
    space = PackageSpace(ISSUES, table, d)
    rational = {k: u for k, u in brute(space, table, d).items() if u[0] > d[0] and u[1] > d[1]}
    choice = space.solve("kalai_smorodinsky")
    if not rational:
        assert choice.empty
        return
    ideal = (max(u[0] for u in rational.values()), max(u[1] for u in rational.values()))
    assert space._exact_ideal(np.flatnonzero(space.individually_rational())) == ideal
    score = {k: min(((u[0] - d[0]) / (ideal[0] - d[0])) if ideal[0] > d[0] else F(1),
                    ((u[1] - d[1]) / (ideal[1] - d[1])) if ideal[1] > d[1] else F(1))
             for k, u in rational.items()}
    best = max(score.values())
    assert {as_levels(space, p) for p in choice.packages} == \
        {k for k, s in score.items() if s == best}


def test_the_space_computes_its_arrays_once_and_they_stay_as_computed():
    space = PackageSpace(ISSUES, VALUES, (0, 0))
    assert space.levels() is space.levels() and space.utilities()[0] is space.utilities()[0]
    with pytest.raises(ValueError, match="read-only"):
        space.utilities()[0][0] = 99
    index, points = space.hull()
    index.append(-1)  # the caller's copy
    assert space.hull()[0] == index[:-1] and space.hull()[1] == points
