from fractions import Fraction

import numpy as np
import pytest

from negotiation import GameError, NormalFormGame


def test_exact_mode_from_ints_fractions_strings_and_sympy():
    import sympy

    game = NormalFormGame.from_matrices([[1, "1/2"], [Fraction(1, 3), sympy.Rational(2, 7)]],
                                        [[0, 0], [0, "-3/4"]])
    assert game.exact
    assert game.payoffs[0, 0, 1] == Fraction(1, 2)
    assert game.payoffs[0, 1, 1] == Fraction(2, 7)
    assert isinstance(game.payoffs[1, 1, 1], Fraction)


def test_float_mode_when_any_payoff_is_a_float():
    game = NormalFormGame.from_matrices([[1.5, 0], [0, 1]], [[1, 0], [0, 1]])
    assert not game.exact
    assert game.payoffs.dtype == float


def test_labels_players_and_shape():
    game = NormalFormGame.from_matrices(
        [[3, 0, 1], [5, 1, 2]], [[3, 5, 0], [0, 1, 1]], players=("US", "DPRK"),
        actions=(["Concede", "Hold"], ["Freeze", "Build", "Test"]))
    assert game.shape == (2, 3)
    assert game.players == ("US", "DPRK")
    assert game.action_index("DPRK", "Test") == 2
    assert game.player_index("DPRK") == 1


def test_general_constructor_three_players():
    payoffs = np.arange(3 * 2 * 2 * 2).reshape(3, 2, 2, 2)
    game = NormalFormGame(payoffs)
    assert game.n_players == 3 and game.shape == (2, 2, 2)
    assert game.payoffs[2, 1, 0, 1] == payoffs[2, 1, 0, 1]


@pytest.mark.parametrize("payoffs, fragment", [
    ([[[1, 2], [3]], [[1, 2], [3, 4]]], "ragged"),
    (np.zeros((2, 2, 3, 1)), "2 players needs 2 action dimensions"),
    (np.zeros((2, 0, 2)), "empty action set"),
    ([[[1, float("nan")], [0, 0]], [[0, 0], [0, 0]]], "nan"),
    ([[[1, float("inf")], [0, 0]], [[0, 0], [0, 0]]], "finite"),
    ([[[1, "x"], [0, 0]], [[0, 0], [0, 0]]], "not a number"),
])
def test_bad_payoffs_raise_game_error_naming_the_problem(payoffs, fragment):
    with pytest.raises(GameError, match=fragment):
        NormalFormGame(payoffs)


def test_mismatched_matrices_and_labels():
    with pytest.raises(GameError, match="shape"):
        NormalFormGame.from_matrices([[1, 2]], [[1], [2]])
    with pytest.raises(GameError, match="labels"):
        NormalFormGame.from_matrices([[1, 2]], [[1, 2]], actions=(["a"], ["x"]))
    twins = NormalFormGame.from_matrices([[1, 2]], [[1, 2]], actions=(["a"], ["x", "x"]))
    assert twins.action_index(1, 1) == 1  # repeated labels (Gambit allows them) by index
    with pytest.raises(GameError, match="used 2 times"):
        twins.action_index(1, "x")


def test_expected_payoffs_exact():
    game = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    u = game.expected_payoffs([["2/3", "1/3"], ["1/3", "2/3"]])
    assert u == (Fraction(2, 3), Fraction(2, 3))


def test_profile_accepts_labels_and_mappings():
    game = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                        actions=(["a", "b"], ["c", "d"]))
    assert game.is_equilibrium(["a", {"c": 1}])
    assert all(game.is_equilibrium(eq) for eq in game.equilibria())
    assert not game.is_equilibrium(["a", "d"])
    with pytest.raises(GameError, match="probability vector"):
        game.profile([[1, 1], [1, 0]])
    with pytest.raises(GameError, match="no action 'z'"):
        game.profile(["z", "c"])


def test_best_responses():
    game = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                        actions=(["a", "b"], ["c", "d"]))
    assert game.best_responses(0, [[1, 0], ["1/3", "2/3"]]) == ("a", "b")
    assert game.best_responses("Column", [[1, 0], [1, 0]]) == ("c",)
