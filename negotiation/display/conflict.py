"""Graph models of conflicts in Jupyter: the stability table and the state graph as SVG.

The table has one row per state (the options taken, in option form) and, for each
solution concept, a mark per decision maker (✓ stable, ✗ unstable) with equilibria
outlined and starred, so that nothing is told by colour alone; a large model shows its
equilibria and status quo only, and says so.  The graph draws states as circles on a
ring and each decision maker's unilateral moves as arrows in its Okabe–Ito colour and
dash pattern; equilibria get a thick vermillion ring and the status quo a square.
Everything drawn is read from the model and the analysis.
"""

import math

import numpy as np

from .style import GREY, HIGHLIGHT, PALETTE, esc, explain_block, marker, note, wrap

#: At most this many rows in the stability table.
MAX_ROWS = 200
#: At most this many states in the drawn graph.
MAX_STATES = 40
#: Dash patterns of the decision makers' arrows (with the colours, one per DM).
DASHES = ("", "6,3", "2,3", "8,3,2,3", "1,2", "10,4")
NAMES = {"nash": "Nash", "gmr": "GMR", "smr": "SMR", "seq": "SEQ"}


def stability_html(analysis):
    """The stability table of a :class:`~negotiation.conflict.StabilityAnalysis`."""
    m = analysis.model
    n = m.n_states
    every = {c: analysis.stable[c].all(axis=0) for c in analysis.concepts}
    rows = np.arange(n)
    hidden = ""
    if n > MAX_ROWS:
        keep = np.zeros(n, dtype=bool)
        for ok in every.values():
            keep |= ok
        if m.status_quo is not None:
            keep[m.status_quo] = True
        rows = np.flatnonzero(keep)[:MAX_ROWS]
        hidden = (f"{n:,} states; shown: the status quo and the equilibria under some concept"
                  f"{' (the first ' + str(MAX_ROWS) + ')' if keep.sum() > MAX_ROWS else ''}.")
    dms = " ".join(esc(d) for d in m.decision_makers)
    head = "<tr><th>state</th>" + ("<th>options taken</th>" if m.options else "") + \
        "".join(f'<th title="{dms}">{NAMES[c]}<br><small>{dms}</small></th>'
                for c in analysis.concepts) + "</tr>"
    body = []
    for k in rows:
        sq = " (status quo)" if k == m.status_quo else ""
        cells = [f"<td>{k + 1}{esc(sq)}</td>" if m.options else
                 f"<td>{esc(m.states.names[k])}{esc(sq)}</td>"]
        if m.options:
            cells.append(f"<td>{esc(', '.join(m.states.taken(k)) or '—')}</td>")
        for c in analysis.concepts:
            marks = " ".join("✓" if analysis.stable[c][i, k] else "✗"
                             for i in range(len(m.decision_makers)))
            if every[c][k]:
                cells.append(f'<td class="eq" title="{NAMES[c]} equilibrium">★ {marks}</td>')
            else:
                cells.append(f"<td>{marks}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = f"<caption>{esc(m.title or 'Graph model')}: stability (✓ stable, ✗ not; " \
              "★ equilibrium)</caption>"
    table = f"<table>{caption}<thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"
    parts = [table]
    if hidden:
        parts.append(note(hidden))
    parts.append(explain_block(analysis.explain()))
    if n <= MAX_STATES:
        concept = "gmr" if "gmr" in every else analysis.concepts[0]
        parts.append(conflict_svg(m, every[concept], concept=concept))
    return wrap("".join(parts), "conflict")


def _chosen(model, equilibria, states):
    if states is not None:
        return [model.states.index(s, "conflict_svg") for s in states][:MAX_STATES]
    if model.n_states <= MAX_STATES:
        return list(range(model.n_states))
    picked = [] if model.status_quo is None else [model.status_quo]
    for k in np.flatnonzero(equilibria):
        if len(picked) >= MAX_STATES:
            break
        if k not in picked:
            picked.append(int(k))
    return picked


def conflict_svg(model, equilibria, states=None, size=420, concept=None):
    """The state graph of ``model`` as SVG: states on a ring, each DM's moves as arrows.

    Parameters
    ----------
    model : GraphModel
    equilibria : array of bool
        One per state: marked with a thick ring.
    states : sequence, optional
        The states to draw (numbers or names); by default all of them, or for a model of
        more than :data:`MAX_STATES` states the status quo and the first equilibria.
    concept : str, optional
        The concept the equilibria are of, named in the legend.
    """
    chosen = _chosen(model, np.asarray(equilibria, dtype=bool), states)
    where = {k: j for j, k in enumerate(chosen)}
    count = max(len(chosen), 1)
    centre, radius = size / 2, size / 2 - 40
    xy = {k: (centre + radius * math.sin(2 * math.pi * j / count),
              centre - radius * math.cos(2 * math.pi * j / count)) for k, j in where.items()}
    parts = []
    for i in range(len(model.decision_makers)):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<marker id="a{i}" viewBox="0 0 10 10" refX="10" refY="5" '
                     f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                     f'<path d="M0,0L10,5L0,10z" fill="{colour}"/></marker>')
    defs = "<defs>" + "".join(parts) + "</defs>"
    arrows = []
    for i, dm in enumerate(model.decision_makers):
        colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        for s, t in zip(*model.moves[i]):
            if s in xy and t in xy:
                (x1, y1), (x2, y2) = xy[s], xy[t]
                d = math.hypot(x2 - x1, y2 - y1) or 1
                ux, uy = (x2 - x1) / d, (y2 - y1) / d
                bend = 8 if (t, s) in zip(*model.moves[i]) else 0
                mx, my = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
                arrows.append(
                    f'<path d="M{x1 + ux * 13:.1f},{y1 + uy * 13:.1f}Q{mx:.1f},{my:.1f} '
                    f'{x2 - ux * 13:.1f},{y2 - uy * 13:.1f}" fill="none" stroke="{colour}" '
                    f'stroke-width="1.4"' + (f' stroke-dasharray="{dash}"' if dash else "")
                    + f' marker-end="url(#a{i})"><title>{esc(dm)}: {s + 1} → {t + 1}'
                    "</title></path>")
    nodes = []
    for k, (x, y) in xy.items():
        eq = bool(equilibria[k])
        ring = (' stroke-width="3.5"' if eq else ' stroke-width="1.2"')
        shape = "square" if k == model.status_quo else "circle"
        tip = esc(model.label(k)) + (" — equilibrium" if eq else "") + \
            (" — status quo" if k == model.status_quo else "")
        nodes.append(f"<g><title>{tip}</title>"
                     + marker(shape, x, y, 11, "none", HIGHLIGHT if eq else GREY, ring)
                     + f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" '
                     f'font-size="10">{esc(k + 1 if model.options else model.states.names[k])}'
                     "</text></g>")
    legend = []
    for i, dm in enumerate(model.decision_makers):
        colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        y = size + 14 + 16 * i
        legend.append(f'<line x1="10" y1="{y}" x2="40" y2="{y}" stroke="{colour}" '
                      f'stroke-width="2"' + (f' stroke-dasharray="{dash}"' if dash else "")
                      + f'/><text x="46" y="{y + 4}" font-size="11">{esc(dm)}</text>')
    y = size + 14 + 16 * len(model.decision_makers)
    kind = f"{NAMES[concept]} equilibria" if concept else "equilibria"
    legend.append(f'<text x="10" y="{y + 4}" font-size="11">thick ring: {kind}'
                  + ("; square: the status quo" if model.status_quo is not None else "")
                  + "</text>")
    height = size + 36 + 16 * len(model.decision_makers)
    shown = "" if len(chosen) == model.n_states else \
        (f'<text x="10" y="14" font-size="11">{len(chosen)} of {model.n_states:,} states '
         "(status quo and equilibria)</text>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="ngt-conflict" width="{size}" '
            f'height="{height}" viewBox="0 0 {size} {height}" role="img" '
            f'aria-label="state graph">{defs}{shown}{"".join(arrows)}{"".join(nodes)}'
            f'{"".join(legend)}</svg>')
