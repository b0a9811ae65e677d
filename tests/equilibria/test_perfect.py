"""Trembling-hand perfection of two-player equilibria: certificates checked exactly."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame
from negotiation.equilibria.perfect import perfection
from negotiation.errors import GameError


def test_the_weakly_dominated_equilibrium_is_not_perfect():
    # Selten's example in its simplest form: (2, 2) is an equilibrium in weakly dominated
    # strategies; a tremble towards 1 makes 1 strictly better for both
    game = NormalFormGame.from_matrices([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    good, bad = game.equilibria()
    assert perfection(game, good).perfect
    check = perfection(game, bad)
    assert not check.perfect
    assert check.dominators == ((1, 0), (1, 0))
    assert "not trembling-hand perfect" in check.explain()


def test_a_mixed_equilibrium_of_matching_pennies_is_perfect():
    game = NormalFormGame.from_matrices([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    (eq,) = game.equilibria()
    check = perfection(game, eq)
    assert check.perfect and check.witnesses == ((Fraction(1, 2),) * 2,) * 2


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_certificates_hold_exactly(m, n, data):
    values = st.integers(-3, 3)   # small range: many ties, so dominated equilibria occur
    A = data.draw(st.lists(st.lists(values, min_size=n, max_size=n), min_size=m, max_size=m))
    B = data.draw(st.lists(st.lists(values, min_size=n, max_size=n), min_size=m, max_size=m))
    game = NormalFormGame.from_matrices(A, B)
    for eq in game.equilibria():
        check = perfection(game, eq)
        for i, (witness, dominator) in enumerate(zip(check.witnesses, check.dominators)):
            own = np.array(eq.strategies[i], dtype=object)
            M = np.array(A if i == 0 else np.array(B).T.tolist(), dtype=object)
            if witness is not None:   # completely mixed, and own strategy a best response
                assert all(p > 0 for p in witness) and sum(witness) == 1
                values_ = M.dot(np.array(witness, dtype=object))
                assert all(values_[a] == max(values_) for a in range(len(own)) if own[a] > 0)
            else:                     # a weakly dominating strategy
                gain = np.array(dominator, dtype=object).dot(M) - own.dot(M)
                assert all(g >= 0 for g in gain) and any(g > 0 for g in gain)
        assert check.perfect == all(w is not None for w in check.witnesses)


def test_bad_input():
    game = NormalFormGame.from_matrices([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    with pytest.raises(GameError, match="not a Nash equilibrium"):
        perfection(game, [[1, 0], [0, 1]])
    with pytest.raises(GameError, match="two-player"):
        perfection(NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int).tolist()),
                   [[1, 0], [1, 0], [1, 0]])
