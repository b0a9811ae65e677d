"""HTML tables for Jupyter: a game's payoff table and a set of equilibria."""

from html import escape
from itertools import product

from .text import number, strategy_text


def game_html(game):
    """Two-player games as a bimatrix table (row player's payoff first); others as a list."""
    title = f"<caption>{escape(game.title)}</caption>" if game.title else ""
    if game.n_players == 2:
        (rows, columns), (p1, p2) = game.actions, game.players
        head = "".join(f"<th>{escape(c)}</th>" for c in columns)
        body = "".join(
            f"<tr><th>{escape(r)}</th>" + "".join(
                f"<td>{number(game.payoffs[0][i, j])}, {number(game.payoffs[1][i, j])}</td>"
                for j in range(len(columns))) + "</tr>"
            for i, r in enumerate(rows))
        return (f"<table>{title}<tr><th>{escape(p1)} \\ {escape(p2)}</th>{head}</tr>"
                f"{body}</table>")
    head = "".join(f"<th>{escape(p)}</th>" for p in game.players)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(game.actions[i][a])}</td>" for i, a in enumerate(profile))
        + "".join(f"<td>{number(game.payoffs[(i, *profile)])}</td>"
                  for i in range(game.n_players)) + "</tr>"
        for profile in product(*(range(m) for m in game.shape)))
    return f"<table>{title}<tr>{head}{head}</tr>{body}</table>"


def equilibria_html(result):
    """One row per equilibrium: each player's strategy, the payoffs, its component."""
    component_of = {k: c for c, members in enumerate(result.components) for k in members}
    head = "".join(f"<th>{escape(p)}</th>" for p in result.players)
    body = "".join(
        f"<tr><td>{k}</td>" + "".join(
            f"<td>{escape(strategy_text(a, s))}</td>"
            for a, s in zip(result.actions, eq.strategies))
        + f"<td>{', '.join(number(u) for u in eq.payoffs)}</td><td>{component_of[k]}</td></tr>"
        for k, eq in enumerate(result.equilibria))
    note = escape(result.explain())
    return (f"<table><tr><th>#</th>{head}<th>payoffs</th><th>component</th></tr>{body}</table>"
            f"<p>{note}</p>")
