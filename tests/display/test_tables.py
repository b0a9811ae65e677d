"""Strategic-form games and equilibrium sets as HTML tables."""

import pytest

from negotiation import NormalFormGame
from negotiation.display import equilibria_html, game_html
from negotiation.equilibria import solve

from .conftest import EVIL, parse_html, self_contained


@pytest.fixture
def battle():
    """Battle of the sexes: two pure equilibria and the mixed one (2/3, 1/3), (1/3, 2/3)."""
    game = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=("US", "DPRK"),
                                        actions=(["summit", "freeze"], ["summit", "freeze"]),
                                        title="Summit or freeze")
    return game, solve(game)


def cells(checker, cls):
    return [attrs for tag, attrs in checker.tags if tag == "td" and cls in attrs.get("class", "")]


def test_game_table_has_players_actions_and_payoffs(battle):
    game, _ = battle
    html = game._repr_html_()
    checker = parse_html(html)
    self_contained(html)
    text = "".join(checker.text)
    for label in ("US", "DPRK", "summit", "freeze", "Summit or freeze", "2, 1", "1, 2", "0, 0"):
        assert label in text
    assert not cells(checker, "eq")  # nothing highlighted without equilibria


def test_game_table_highlights_the_pure_equilibria(battle):
    game, result = battle
    checker = parse_html(game_html(game, equilibria=result))
    marked = cells(checker, "eq")
    assert len(marked) == 2
    pure = {k for k, eq in enumerate(result) if eq.is_pure}
    assert {int(a["data-equilibrium"]) for a in marked} == pure
    assert "★" in "".join(checker.text)


def test_equilibrium_set_shows_exact_probabilities_and_pure_grid(battle):
    _, result = battle
    html = result._repr_html_()
    checker = parse_html(html)
    text = "".join(checker.text)
    assert "2/3" in text and "1/3" in text  # the mixed equilibrium, exactly
    for eq in result:
        for player in eq.players:
            for action, p in eq.strategy(player).items():
                if 0 < p < 1:
                    assert f"{action} {p}" in text
    assert "Components" in text
    rows = [a for tag, a in checker.tags if tag == "tr" and "data-equilibrium" in a]
    assert len(rows) == len(result)
    # the game grid with the pure equilibria highlighted
    assert len(cells(checker, "eq")) == 2
    assert "Pure equilibria in the strategic form" in text


def test_degenerate_game_shows_maximal_subsets_by_vertices():
    game = NormalFormGame.from_matrices([[1, 1], [1, 1]], [[1, 1], [1, 1]],
                                        actions=(["a", "b"], ["c", "d"]))
    result = solve(game)
    text = "".join(parse_html(result._repr_html_()).text)
    assert "Maximal Nash subsets" in text
    assert "conv{a; b} × conv{c; d}" in text
    assert "continuum" in text


def test_three_player_game_lists_profiles():
    import numpy as np

    payoffs = np.zeros((3, 2, 2, 2), dtype=int)
    payoffs[:, 0, 0, 0] = 1
    game = NormalFormGame(payoffs, players=("US", "DPRK", "Russia"))
    result = solve(game, method="pure")
    checker = parse_html(game_html(game, equilibria=result))
    assert len(cells(checker, "eq")) == len([e for e in result if e.is_pure])
    assert "Russia" in "".join(checker.text)


def test_labels_are_escaped():
    game = NormalFormGame.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]],
                                        players=(EVIL, "B"), actions=([EVIL, "x"], ["y", "z"]),
                                        title=EVIL)
    result = solve(game)
    for html in (game._repr_html_(), game_html(game, result), equilibria_html(result)):
        checker = parse_html(html)
        assert EVIL in "".join(checker.text)  # shown as text, not markup
        assert "&lt;script&gt;" in html


def test_displays_do_not_solve(battle, no_solvers):
    game, result = battle
    parse_html(result._repr_html_())
    parse_html(game_html(game, equilibria=result))
    assert repr(result).startswith("<EquilibriumSet")
