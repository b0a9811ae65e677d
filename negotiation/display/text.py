"""Plain-text tables of games and equilibria for the terminal."""

from fractions import Fraction


def number(x):
    """A short exact (``"2/3"``) or float (``"0.6667"``) rendering."""
    return str(x) if isinstance(x, Fraction) else f"{float(x):.6g}"


def strategy_text(labels, probabilities):
    """``"Concede"`` for a pure strategy, ``"Concede 2/3, Hold 1/3"`` for a mixed one."""
    support = [(a, p) for a, p in zip(labels, probabilities) if p > 0]
    if len(support) == 1:
        return support[0][0]
    return ", ".join(f"{a} {number(p)}" for a, p in support)


def equilibria_text(game, result):
    """The equilibria of ``game`` as an aligned table, with components and maximal subsets."""
    shape = "x".join(str(m) for m in game.shape)
    kind = "exact" if result.exact else "floating point"
    lines = []
    if game.title:
        lines.append(game.title)
    lines.append(f"{shape} game, {kind} payoffs; players: " + "; ".join(
        f"{p} ({', '.join(a)})" for p, a in zip(game.players, game.actions)))
    scope = "all of them" if result.complete else "found by this method; there may be more"
    noun = "equilibrium" if len(result) == 1 else "equilibria"
    lines.append(f"{len(result)} extreme {noun} ({scope}), method {result.method}")
    header = ["#", *game.players, "payoffs"]
    rows = [[str(k), *(strategy_text(a, s) for a, s in zip(game.actions, eq.strategies)),
             ", ".join(number(u) for u in eq.payoffs)] for k, eq in enumerate(result)]
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    for row in [header, *rows]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    lines.append("components: " + "  ".join("{" + ", ".join(map(str, c)) + "}"
                                            for c in result.components))
    if any(len(s) > 1 for s in result.maximal_subsets):
        lines.append("maximal Nash subsets (convex sets of equilibria, by their vertices): "
                     + "  ".join("{" + ", ".join(map(str, s)) + "}"
                                 for s in result.maximal_subsets))
    return "\n".join(lines)
