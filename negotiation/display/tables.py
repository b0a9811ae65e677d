"""HTML tables for Jupyter: a game's payoff table and a set of equilibria.

Pure equilibria are highlighted (outline, tint and a ★, so not by colour alone); mixed
equilibria, components and maximal Nash subsets are listed with their exact
probabilities.  Everything shown is read from the game or the :class:`EquilibriumSet`.
"""

from itertools import product

from .style import esc, explain_block, note, number, wrap
from .text import strategy_text

#: At most this many rows (profiles, equilibria) in one table.
MAX_ROWS = 400


def _pure_profile(eq):
    """The action indices of a pure equilibrium, else ``None``."""
    profile = []
    for s in eq.strategies:
        support = [a for a, p in enumerate(s) if p > 0]
        if len(support) != 1:
            return None
        profile.append(support[0])
    return tuple(profile)


def _pure_equilibria(result):
    """``{profile: equilibrium index}`` for the pure equilibria of ``result``."""
    if result is None:
        return {}
    out = {}
    for k, eq in enumerate(result.equilibria):
        profile = _pure_profile(eq)
        if profile is not None:
            out.setdefault(profile, k)
    return out


def _cell(payoffs, k):
    text = ", ".join(esc(number(u)) for u in payoffs)
    if k is None:
        return f'<td class="num">{text}</td>'
    return (f'<td class="num eq" data-equilibrium="{k}" title="pure equilibrium {k}">'
            f"★ {text}</td>")


def game_table(game, equilibria=None):
    """The payoff table of ``game`` (no wrapper); pure equilibria of ``equilibria`` marked."""
    pure = _pure_equilibria(equilibria)
    title = f"<caption>{esc(game.title)}</caption>" if game.title else ""
    if game.n_players == 2:
        (rows, columns), (p1, p2) = game.actions, game.players
        head = "".join(f"<th>{esc(c)}</th>" for c in columns)
        body = "".join(
            f"<tr><th>{esc(r)}</th>" + "".join(
                _cell((game.payoffs[0][i, j], game.payoffs[1][i, j]), pure.get((i, j)))
                for j in range(len(columns))) + "</tr>"
            for i, r in enumerate(rows[:MAX_ROWS]))
        more = (note(f"Showing {MAX_ROWS} of {len(rows)} rows.") if len(rows) > MAX_ROWS else "")
        return (f"<table>{title}<tr><th>{esc(p1)} ↓ \\ {esc(p2)} →</th>{head}</tr>"
                f"{body}</table>{more}")
    head = "".join(f"<th>{esc(p)}</th>" for p in game.players)
    rows = []
    for n, profile in enumerate(product(*(range(m) for m in game.shape))):
        if n == MAX_ROWS:
            break
        k = pure.get(profile)
        rows.append("<tr>" + "".join(f"<td>{esc(game.actions[i][a])}</td>"
                                     for i, a in enumerate(profile))
                    + _cell(tuple(game.payoffs[(i, *profile)] for i in range(game.n_players)), k)
                    + "</tr>")
    total = 1
    for m in game.shape:
        total *= m
    more = note(f"Showing {MAX_ROWS} of {total} profiles.") if total > MAX_ROWS else ""
    return (f"<table>{title}<tr>{head}<th>payoffs ({esc(', '.join(game.players))})</th></tr>"
            f"{''.join(rows)}</table>{more}")


def game_html(game, equilibria=None):
    """A strategic-form game as a payoff table (row player's payoff first).

    ``equilibria`` (an :class:`~negotiation.equilibria.result.EquilibriumSet` of this
    game) highlights its pure equilibria with an outline, a tint and a ★.
    """
    shape = "×".join(str(m) for m in game.shape)
    kind = "exact" if game.exact else "floating-point"
    legend = ""
    if equilibria is not None:
        n = len(_pure_equilibria(equilibria))
        legend = note(f"★ marks the {n} pure equilibri{'um' if n == 1 else 'a'} of the "
                      f"{len(equilibria)} found by method {equilibria.method}.")
    return wrap(f"{game_table(game, equilibria)}"
                f"{note(f'{shape} game, {kind} payoffs.')}{legend}", "game")


def _pure_grid(result, pure):
    """The strategic form's grid (2 players) with the pure equilibria's cells filled in."""
    rows, columns = result.actions
    p1, p2 = result.players
    if len(rows) * len(columns) > MAX_ROWS * 4:
        return ""
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join(
        f"<tr><th>{esc(r)}</th>" + "".join(
            _cell(result.equilibria[pure[(i, j)]].payoffs, pure[(i, j)]) if (i, j) in pure
            else "<td></td>" for j in range(len(columns))) + "</tr>"
        for i, r in enumerate(rows))
    return (f"<table><caption>Pure equilibria in the strategic form</caption>"
            f"<tr><th>{esc(p1)} ↓ \\ {esc(p2)} →</th>{head}</tr>{body}</table>"
            + note("An equilibrium set holds the equilibria, not the game: the other cells "
                   "are left blank (display.game_html(game, equilibria=...) shows all payoffs)."))


def _vertex_sets(result, members):
    """Each player's distinct strategies among the equilibria ``members``."""
    out = []
    for i, labels in enumerate(result.actions):
        seen = []
        for k in members:
            s = strategy_text(labels, result.equilibria[k].strategies[i])
            if s not in seen:
                seen.append(s)
        out.append(seen)
    return out


def equilibria_html(result):
    """One row per equilibrium: each player's strategy, the payoffs, its component.

    Then the components (as sets of their extreme equilibria), the maximal Nash
    subsets (``conv(X) × conv(Y)`` by their vertices) and the explanation.
    """
    n = len(result.equilibria)
    kind = "exact" if result.exact else "floating-point"
    head_note = note(f"{result.count}; method {result.method}; {kind}.")
    component_of = {k: c for c, members in enumerate(result.components) for k in members}
    pure = _pure_equilibria(result)
    head = "".join(f"<th>{esc(p)}</th>" for p in result.players)
    body = "".join(
        (f'<tr class="eq" data-equilibrium="{k}">' if k in pure.values() else
         f'<tr data-equilibrium="{k}">') + f"<td>{'★ ' if k in pure.values() else ''}{k}</td>"
        + "".join(f"<td>{esc(strategy_text(a, s))}</td>"
                  for a, s in zip(result.actions, eq.strategies))
        + f'<td class="num">{esc(", ".join(number(u) for u in eq.payoffs))}</td>'
        + f"<td>{component_of.get(k, '')}</td></tr>"
        for k, eq in enumerate(result.equilibria[:MAX_ROWS]))
    more = note(f"Showing {MAX_ROWS} of {n} equilibria.") if n > MAX_ROWS else ""
    table = (f"<table><tr><th>#</th>{head}<th>payoffs</th><th>component</th></tr>{body}</table>"
             f"{more}")
    parts = [head_note, table]
    if result.components:
        items = []
        for c, members in enumerate(result.components[:MAX_ROWS]):
            ids = "{" + ", ".join(str(k) for k in members) + "}"
            what = ("a continuum of equilibria with these vertices" if len(members) > 1
                    else "an isolated equilibrium")
            items.append(f"<li>component {c}: {ids} — {what}</li>")
        parts.append(f"<p>Components (connected sets of equilibria):</p><ul>{''.join(items)}</ul>")
    if any(len(s) > 1 for s in result.maximal_subsets):
        items = []
        for s in result.maximal_subsets[:MAX_ROWS]:
            sets = " × ".join("conv{" + "; ".join(esc(v) for v in vs) + "}"
                              for vs in _vertex_sets(result, s))
            items.append(f"<li>{{{', '.join(str(k) for k in s)}}}: {sets}</li>")
        parts.append("<p>Maximal Nash subsets (convex sets of equilibria, by their vertices):"
                     f"</p><ul>{''.join(items)}</ul>")
    if len(result.players) == 2 and pure:
        parts.append(_pure_grid(result, pure))
    parts.append(explain_block(result.explain()))
    return wrap("".join(parts), "equilibria")
