"""Shared by the N-player and QRE tests: Gambit's games and games handed to pygambit."""

import tempfile
from pathlib import Path

DATA = Path(__file__).parent.parent / "data" / "gambit"


def gambit_game(gbt, game):
    """The pygambit game of a NormalFormGame, through its .nfg text."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "game.nfg"
        game.write(path)
        return gbt.read_nfg(str(path))
