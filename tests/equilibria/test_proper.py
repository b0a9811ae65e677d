"""Proper equilibria of two-player games: textbook cases, certificates checked independently."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame
from negotiation.equilibria.proper import _refutation, properness
from negotiation.errors import GameError

# Myerson (1978): (U, L) and (M, M) are perfect, only (U, L) is proper; (D, R) is
# not even perfect.  Without the third strategies, (M, M) is not perfect either.
MYERSON = [[1, 0, -9], [0, 0, -7], [-9, -7, -7]]


def epsilon_proper(game, profile, epsilon):
    """Myerson's condition checked directly, in Fractions: a worse action is at most
    epsilon times as likely as a better one, and every action has positive probability."""
    A, B = (np.vectorize(Fraction, otypes=[object])(M) for M in game.matrices())
    x, y = (np.array(s, dtype=object) for s in profile)
    for own, values in ((x, A.dot(y)), (y, x.dot(B))):
        assert all(p > 0 for p in own)
        for a in range(len(own)):
            for c in range(len(own)):
                if values[a] < values[c]:
                    assert own[a] <= epsilon * own[c]


def test_myersons_example():
    game = NormalFormGame.from_matrices(MYERSON, MYERSON)
    checks = {tuple(s.index(1) for s in eq.strategies): properness(game, eq)
              for eq in game.equilibria()}
    assert set(checks) == {(0, 0), (1, 1), (2, 2)}
    assert checks[(0, 0)].proper is True
    assert checks[(1, 1)].proper is False and checks[(1, 1)].perfection.perfect
    assert checks[(1, 1)].refutation[1] == 1          # M is forced below U
    assert "perfect but not proper" in checks[(1, 1)].explain()
    assert checks[(2, 2)].proper is False and not checks[(2, 2)].perfection.perfect
    epsilon = Fraction(1, 1000)
    epsilon_proper(game, checks[(0, 0)].perturbed(epsilon), epsilon)


def test_without_the_dominated_strategies_m_m_is_not_even_perfect():
    small = [row[:2] for row in MYERSON[:2]]
    game = NormalFormGame.from_matrices(small, small)
    verdicts = {tuple(s.index(1) for s in eq.strategies): properness(game, eq).proper
                for eq in game.equilibria()}
    assert verdicts == {(0, 0): True, (1, 1): False}


def test_a_completely_mixed_equilibrium_is_proper():
    # every action is a best response, so no mistake is costlier: the limit itself
    game = NormalFormGame.from_matrices([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    (eq,) = game.equilibria()
    check = properness(game, eq)
    assert check.proper and check.levels == ((0, 0), (0, 0))


def test_ties_inside_the_support_are_tilted():
    # Column mixes its first and third columns, equally good against Row's pure strategy;
    # Row is indifferent against the exact mix, and the middle column (worse for Column)
    # trembles towards Row's second row.  Tilting Column's trembles towards its third
    # column keeps Row's first row the better one: proper.
    game = NormalFormGame.from_matrices([[-2, -1, 0], [0, 0, -2]], [[-2, -2, -2], [1, 0, 1]])
    eq = [[1, 0], [Fraction(1, 2), 0, Fraction(1, 2)]]
    check = properness(game, eq)
    assert check.proper
    epsilon = Fraction(1, 10 ** 4)
    epsilon_proper(game, check.perturbed(epsilon), epsilon)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_proper_implies_perfect_implies_nash(m, n, data):
    values = st.integers(-2, 2)   # many ties: perfect-but-not-proper cases occur
    A = data.draw(st.lists(st.lists(values, min_size=n, max_size=n), min_size=m, max_size=m))
    B = data.draw(st.lists(st.lists(values, min_size=n, max_size=n), min_size=m, max_size=m))
    game = NormalFormGame.from_matrices(A, B)
    for eq in game.equilibria():
        assert game.is_equilibrium(eq.strategies)
        check = properness(game, eq)
        if check.proper:
            assert check.perfection.perfect
            for epsilon in (Fraction(1, 100), Fraction(1, 10 ** 6)):
                perturbed = check.perturbed(epsilon)
                epsilon_proper(game, perturbed, epsilon)
            close = check.perturbed(Fraction(1, 10 ** 8))
            assert max(abs(p - q) for s, t in zip(close, eq.strategies)
                       for p, q in zip(s, t)) < Fraction(1, 10 ** 6)
            tables = [np.vectorize(Fraction, otypes=[object])(M) for M in game.matrices()]
            assert _refutation((tables[0], tables[1].T), check.strategies) is None
        elif check.proper is False:
            assert not check.perfection.perfect or check.refutation is not None


def test_bad_input():
    game = NormalFormGame.from_matrices(MYERSON, MYERSON)
    with pytest.raises(GameError, match="not a Nash equilibrium"):
        properness(game, [[1, 0, 0], [0, 1, 0]])
    with pytest.raises(GameError, match="two-player"):
        properness(NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int).tolist()),
                   [[1, 0], [1, 0], [1, 0]])
    with pytest.raises(GameError, match="certified proper"):
        properness(game, [[0, 0, 1], [0, 0, 1]]).perturbed(Fraction(1, 10))
