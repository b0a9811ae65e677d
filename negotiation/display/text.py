"""Plain-text tables of games and equilibria for the terminal."""

from .._numbers import number_text as number


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
    lines.append(f"{result.count}, method {result.method}")
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
    lines.extend(f"continuum: {variety.explain()}" for variety in result.varieties)
    lines.extend("undecided support: " + "; ".join(f"{p} ({', '.join(s)})" for p, s in
                                                   zip(game.players, support))
                 for support in result.unresolved)
    return "\n".join(lines)


def analysis_repr(analysis):
    """``<CaseAnalysis us_dprk_2025_baseline: regime ...; Nash: ...>``, one line."""
    nash = analysis.agreements.get("nash")
    deal = ""
    if nash is not None:
        deal = "; Nash: no deal" if nash.empty else (
            "; Nash: " + ", ".join(f"{p} {number(u)}"
                                   for p, u in zip(analysis.players, nash.utilities)))
    return (f"<CaseAnalysis {analysis.scenario}: regime {analysis.regime!r}{deal}; "
            f"{len(analysis.thresholds)} thresholds>")


def _brief(value, limit=48):
    """A value in a few characters: exact numbers as ``p/q``, arrays by their shape."""
    import numpy as np

    if isinstance(value, np.ndarray):
        text = f"array{value.shape}"
    elif isinstance(value, (tuple, list)):
        text = "(" + ", ".join(_brief(v, limit) for v in value) + ")"
    elif isinstance(value, (float, np.floating)):
        text = f"{float(value):.6g}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_repr(result, names):
    """``<ClassName: name=value, ...>`` for the attributes ``names``, each kept short."""
    parts = ", ".join(f"{n}={_brief(getattr(result, n))}" for n in names)
    return f"<{type(result).__name__}: {parts}>"


def listing_repr(result):
    """``<BayesianNashEquilibria: 3 equilibria>``: a list of equilibria by its length."""
    n = len(result.equilibria)
    return f"<{type(result).__name__}: {n} equilibri{'um' if n == 1 else 'a'}>"
