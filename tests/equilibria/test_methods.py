"""Lemke–Howson, support enumeration, pure equilibria, dominance, zero-sum games."""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiation import GameError, NormalFormGame, SolverError
from negotiation.equilibria.verify import verified
from tests.equilibria.test_enumeration import is_nondegenerate

BOS = ([[2, 0], [0, 1]], [[1, 0], [0, 2]])


def profiles(result):
    return {tuple(tuple(s) for s in e.strategies) for e in result}


def test_lemke_howson_finds_exact_equilibria_within_the_complete_set():
    game = NormalFormGame.from_matrices(*BOS)
    found = game.equilibria("lemke-howson")
    assert found.exact and not found.complete
    assert 1 <= len(found) and profiles(found) <= profiles(game.equilibria())


def test_support_enumeration_on_a_nondegenerate_game_matches_enumeration():
    rng = np.random.default_rng(3)
    A, B = rng.integers(-1000, 1000, (2, 3, 3))
    assert is_nondegenerate(A, B)
    game = NormalFormGame.from_matrices(A.tolist(), B.tolist())
    assert profiles(game.equilibria("support-enumeration")) == profiles(game.equilibria())


def test_support_enumeration_misses_equilibria_of_a_degenerate_game():
    """The documented hazard: a continuum's vertices have unequal support sizes."""
    game = NormalFormGame.from_matrices([[3, 1, 0], [0, 2, 4], [1, 3, 2]],
                                        [[1, 0, 3], [2, 3, 0], [0, 1, 2]])
    assert profiles(game.equilibria("support-enumeration")) < profiles(game.equilibria())


def test_float_game_lemke_howson_is_float():
    game = NormalFormGame.from_matrices([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]])
    found = game.equilibria("lemke-howson")
    assert not found.exact
    assert all(isinstance(p, float) for e in found for s in e.strategies for p in s)


def test_pure_equilibria_of_a_three_player_game():
    # Coordination: everyone gets 1 if all choose the same action.
    payoffs = np.zeros((3, 2, 2, 2), dtype=int)
    for a in range(2):
        payoffs[:, a, a, a] = 1
    game = NormalFormGame(payoffs, players=("US", "DPRK", "Russia"))
    result = game.pure_equilibria()
    found = {tuple(s.index(1) for s in e.strategies) for e in result}
    brute = {(a, b, c) for a in range(2) for b in range(2) for c in range(2)
             if all(payoffs[i][(a, b, c)] >= max(
                 payoffs[i][tuple(d if k == i else (a, b, c)[k] for k in range(3))]
                 for d in range(2)) for i in range(3))}
    assert found == brute
    assert {(0, 0, 0), (1, 1, 1)} <= found


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3).flatmap(
    lambda n: arrays(np.int64, (n, *[2] * n), elements=st.integers(-3, 3))))
def test_pure_equilibria_agree_with_brute_force(payoffs):
    game = NormalFormGame(payoffs)
    found = {tuple(s.index(1) for s in e.strategies) for e in game.pure_equilibria()}
    for profile in np.ndindex(game.shape):
        stable = all(
            payoffs[(i, *profile)] == max(payoffs[(i, *profile[:i], d, *profile[i + 1:])]
                                          for d in range(game.shape[i]))
            for i in range(game.n_players))
        assert (profile in found) == stable


def test_lemke_howson_needs_two_players():
    game = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(GameError, match="two-player"):
        game.equilibria("lemke-howson")
    with pytest.raises(GameError, match="unknown method"):
        NormalFormGame.from_matrices(*BOS).equilibria("magic")


def test_verification_rejects_a_non_equilibrium():
    game = NormalFormGame.from_matrices(*BOS)
    with pytest.raises(SolverError, match="gains"):
        verified(game, [[1, 0], [0, 1]], "test")


def test_strict_dominance_prisoners_dilemma():
    game = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                        actions=(["C", "D"], ["C", "D"]))
    result = game.eliminate_dominated()
    assert result.game.actions == (("D",), ("D",))
    assert [r[:2] for r in result.removed] == [("Row", "C"), ("Column", "C")]


def test_domination_by_a_mixed_strategy():
    # M is dominated by 1/2 T + 1/2 B but by neither alone.
    game = NormalFormGame.from_matrices([[3, 0], [1, 1], [0, 3]], [[0, 0], [0, 0], [0, 0]],
                                        actions=(["T", "M", "B"], ["L", "R"]))
    result = game.eliminate_dominated()
    assert ("Row", "M") in [r[:2] for r in result.removed]
    dominator = next(r[2] for r in result.removed if r[1] == "M")
    assert sum(dominator.values()) == 1 and set(dominator) == {"T", "B"}
    assert game.eliminate_dominated(mixed=False).game.shape == (3, 2)


def test_weak_dominance_warns_that_order_matters():
    game = NormalFormGame.from_matrices([[1, 1], [1, 0]], [[1, 1], [1, 0]])
    with pytest.warns(UserWarning, match="order"):
        result = game.eliminate_dominated(weak=True)
    # Bottom is weakly dominated; against Top the column player is indifferent.
    assert [r[:2] for r in result.removed] == [("Row", "2")]
    assert result.game.shape == (1, 2)
    assert game.eliminate_dominated().game.shape == (2, 2)  # nothing strictly dominated


@settings(max_examples=40, deadline=None)
@given(st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda s: st.tuples(arrays(np.int64, s, elements=st.integers(-5, 5)),
                        arrays(np.int64, s, elements=st.integers(-5, 5)))))
def test_strict_elimination_keeps_every_equilibrium(AB):
    game = NormalFormGame.from_matrices(A := AB[0].tolist(), AB[1].tolist())
    reduced = game.eliminate_dominated().game
    before = game.equilibria()
    after = reduced.equilibria()
    assert len(A) >= reduced.shape[0]
    # every equilibrium of the full game is an equilibrium of the reduced one, in its labels
    def keyed(result):
        return {tuple(tuple(sorted((a, p) for a, p in eq.strategy(i).items() if p))
                      for i in range(2)) for eq in result}
    assert keyed(before) == keyed(after)


def test_zero_sum_value_and_strategies_exact():
    rps = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    game = NormalFormGame.from_matrices(rps, (-np.array(rps)).tolist())
    solution = game.zero_sum()
    assert solution.value == 0
    assert solution.strategies[0] == (F(1, 3),) * 3
    skewed = [[2, -1], [-1, 1]]
    solution = NormalFormGame.from_matrices(skewed, (-np.array(skewed)).tolist()).zero_sum()
    # x = (2/5, 3/5), value 1/5 by hand: 2x - (1 - x) = -x + (1 - x)
    assert solution.value == F(1, 5)
    assert solution.strategies[0] == (F(2, 5), F(3, 5))
    assert "guarantee 1/5" in solution.explain()


@settings(max_examples=40, deadline=None)
@given(st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(
    lambda s: arrays(np.int64, s, elements=st.integers(-9, 9))))
def test_zero_sum_value_equals_enumerated_equilibrium_payoff(A):
    game = NormalFormGame.from_matrices(A.tolist(), (-A).tolist())
    value = game.zero_sum().value
    assert {e.payoffs[0] for e in game.equilibria()} == {value}


def test_zero_sum_rejects_general_sum():
    with pytest.raises(GameError, match="not zero-sum"):
        NormalFormGame.from_matrices(*BOS).zero_sum()


def test_results_show_and_explain_themselves():
    result = NormalFormGame.from_matrices(*BOS, players=("US", "DPRK")).equilibria()
    assert "3 extreme equilibria" in result.explain()
    assert "<table>" in result._repr_html_()
    frame = result.to_dataframe()
    assert list(frame["player"][:2]) == ["US", "DPRK"]
    assert frame["payoff"].iloc[0] == F(2)
    eq = result[1]
    assert eq.strategy("US") == {"1": F(2, 3), "2": F(1, 3)}
    assert eq.support("DPRK") == ("1", "2")
