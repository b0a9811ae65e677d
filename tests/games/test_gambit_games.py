"""Every .nfg of Gambit's collection is read, and each two-player one solved as pygambit does."""

import pytest

from negotiation import NormalFormGame
from tests.conftest import gambit_files, oracle_file_equilibria

NFG = gambit_files(".nfg")


def test_the_collection_is_there():
    assert len(NFG) >= 60


@pytest.mark.parametrize("path", NFG, ids=lambda p: p.name)
def test_read_and_solve_like_pygambit(path):
    game = NormalFormGame.read(path)
    assert game.n_players >= 2
    if game.n_players == 2:
        result = game.equilibria()
        ours = {tuple(tuple(s) for s in e.strategies) for e in result}
        assert ours == oracle_file_equilibria(path)
    pure = {tuple(tuple(s) for s in e.strategies) for e in game.pure_equilibria()}
    assert pure == oracle_file_equilibria(path, pure=True)
