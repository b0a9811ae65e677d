"""All extreme equilibria, exactly: classic games, degenerate games, and pygambit as oracle."""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiation import NormalFormGame
from negotiation.equilibria.enumeration import positive_integer_matrix
from negotiation.equilibria.polytope import vertices
from tests.conftest import oracle_equilibria

HALF, THIRD = F(1, 2), F(1, 3)


def solved(A, B):
    game = NormalFormGame.from_matrices(A, B)
    return game, game.equilibria()


def profiles(result):
    return {tuple(tuple(s) for s in e.strategies) for e in result}


CLASSICS = {
    "prisoners dilemma": ([[3, 0], [5, 1]], [[3, 5], [0, 1]], {((0, 1), (0, 1))}),
    "chicken": ([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
                {((1, 0), (0, 1)), ((0, 1), (1, 0)),
                 ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10)))}),
    "battle of the sexes": ([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                            {((1, 0), (1, 0)), ((0, 1), (0, 1)),
                             ((F(2, 3), THIRD), (THIRD, F(2, 3)))}),
    "matching pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], {((HALF, HALF), (HALF, HALF))}),
    "stag hunt": ([[4, 0], [3, 3]], [[4, 3], [0, 3]],
                  {((1, 0), (1, 0)), ((0, 1), (0, 1)),
                   ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)))}),
    "rock paper scissors": ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
                            [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
                            {((THIRD,) * 3, (THIRD,) * 3)}),
}


@pytest.mark.parametrize("name", CLASSICS)
def test_classic_games_have_their_exact_equilibrium_sets(name):
    A, B, expected = CLASSICS[name]
    _, result = solved(A, B)
    assert profiles(result) == {tuple(tuple(F(p) for p in s) for s in e) for e in expected}
    assert result.exact and result.complete
    assert all(isinstance(p, F) for e in result for s in e.strategies for p in s)
    assert len(result.components) == len(expected)  # isolated equilibria


def test_payoffs_are_exact():
    _, result = solved(*CLASSICS["chicken"][:2])
    mixed = next(e for e in result if not e.is_pure)
    assert mixed.payoffs == (F(-1, 10), F(-1, 10))


def test_continuum_is_one_component_with_its_vertices():
    # Top strictly dominates; Column is indifferent against Top: every y is an equilibrium.
    _, result = solved([[1, 1], [0, 0]], [[1, 1], [0, 0]])
    assert profiles(result) == {((1, 0), (1, 0)), ((1, 0), (0, 1))}
    assert result.components == ((0, 1),)
    assert result.maximal_subsets == ((0, 1),)


def test_two_segments_meeting_at_a_vertex():
    # Nash set = {Top} x simplex  union  simplex x {Left}: one component, two convex pieces.
    _, result = solved([[1, 1], [1, 0]], [[1, 1], [1, 0]])
    eqs = [tuple(tuple(s) for s in e.strategies) for e in result]
    assert set(eqs) == {((1, 0), (1, 0)), ((1, 0), (0, 1)), ((0, 1), (1, 0))}
    assert len(result.components) == 1
    pieces = {frozenset(eqs[k] for k in subset) for subset in result.maximal_subsets}
    assert pieces == {frozenset({((1, 0), (1, 0)), ((1, 0), (0, 1))}),
                      frozenset({((1, 0), (1, 0)), ((0, 1), (1, 0))})}


def test_all_zero_game_is_the_whole_product_of_simplices():
    _, result = solved(np.zeros((3, 2), dtype=int), np.zeros((3, 2), dtype=int))
    assert len(result) == 6  # every pure profile is a vertex of the one convex set
    assert result.maximal_subsets == (tuple(range(6)),)


def test_maximal_subsets_agree_with_pygambit_cliques():
    import pygambit

    A = [[1, 1, 0], [1, 0, 1], [0, 1, 1]]
    B = [[1, 1, 0], [1, 0, 1], [0, 0, 0]]
    _, result = solved(A, B)
    oracle = pygambit.nash.enummixed_solve(pygambit.StrategicGame.from_arrays(A, B),
                                           rational=True, cliques=True)
    assert profiles(result) == oracle_equilibria(A, B)
    assert len(result.maximal_subsets) == len(oracle.cliques)


def test_von_stengel_75_equilibria(tmp_path):
    from tests.conftest import GAMBIT_GAMES

    path = GAMBIT_GAMES / "catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg"
    game = NormalFormGame.read(path)
    result = game.equilibria()
    assert len(result) == 75
    assert len(result.components) == 75


def is_nondegenerate(A, B):
    """No vertex of either best-response polytope has more labels than its dimension."""
    m, n = A.shape
    P = vertices(positive_integer_matrix(np.vectorize(F, otypes=[object])(B)).T)
    Q = vertices(positive_integer_matrix(np.vectorize(F, otypes=[object])(A)))
    return all(v.labels.bit_count() == m for v in P) and all(
        v.labels.bit_count() == n for v in Q)


sizes = st.tuples(st.integers(1, 6), st.integers(1, 6), st.sampled_from([1, 2, 5, 10, 1000]))
games = sizes.flatmap(
    lambda s: st.tuples(arrays(np.int64, (s[0], s[1]), elements=st.integers(-s[2], s[2])),
                        arrays(np.int64, (s[0], s[1]), elements=st.integers(-s[2], s[2]))))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games)
def test_random_games_agree_with_pygambit_and_every_profile_is_verified(AB):
    A, B = AB
    game, result = solved(A.tolist(), B.tolist())
    for eq in result:
        assert game.is_equilibrium(eq.strategies)  # exact check, independent of the solver
        assert sum(eq.strategies[0]) == 1 and sum(eq.strategies[1]) == 1
    assert profiles(result) == oracle_equilibria(A.tolist(), B.tolist())
    assert sorted(k for c in result.components for k in c) == list(range(len(result)))


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.randoms(use_true_random=False))
def test_nondegenerate_games_have_an_odd_number_of_equilibria(m, n, rnd):
    A = np.array([[rnd.randint(-10**6, 10**6) for _ in range(n)] for _ in range(m)])
    B = np.array([[rnd.randint(-10**6, 10**6) for _ in range(n)] for _ in range(m)])
    assume(is_nondegenerate(A, B))
    _, result = solved(A.tolist(), B.tolist())
    assert len(result) % 2 == 1
    assert len(result.components) == len(result)


def test_float_games_are_solved_on_their_exact_binary_values():
    game = NormalFormGame.from_matrices([[0.1, 0.0], [0.0, 0.2]], [[0.2, 0.0], [0.0, 0.1]])
    result = game.equilibria()
    assert not result.exact
    mixed = next(e for e in result if not e.is_pure)
    assert mixed.strategies[0][0] == pytest.approx(1 / 3)
    assert mixed.strategies[1][0] == pytest.approx(2 / 3)


def test_to_dict_json_shape():
    _, result = solved([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    d = result.to_dict()
    assert set(d) == {"players", "actions", "exact", "equilibria", "components"}
    mixed = next(e for e in d["equilibria"] if "2/3" in e["strategies"][0])
    assert mixed == {"strategies": [["2/3", "1/3"], ["1/3", "2/3"]], "payoffs": ["2/3", "2/3"]}


def test_the_python_search_gives_the_same_equilibria(monkeypatch):
    """Without the C extension the pure-Python search is used, with the same answers."""
    from negotiation.equilibria import polytope
    from tests.conftest import GAMBIT_GAMES

    path = GAMBIT_GAMES / "catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg"
    game = NormalFormGame.read(path)
    compiled = game.equilibria()
    monkeypatch.setattr(polytope, "_lexsearch", None)
    assert profiles(game.equilibria()) == profiles(compiled)


def test_progress_is_reported_for_each_player():
    seen = []
    game = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    game.equilibria(progress=lambda player, count: seen.append((player, count)))
    assert {player for player, _ in seen} == {0, 1}
    assert all(count >= 3 for _, count in seen)  # each polytope has the origin and two vertices
