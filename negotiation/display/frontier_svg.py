"""Bargaining problems and solutions as an inline SVG plot of the utility space.

The frontier is sampled with the problem's own public evaluation method
(:meth:`BargainingProblem.frontier_points`) — presentation of the object, not a second
solver; a finite problem shows its points.  The disagreement point (a cross), and each
solution's point (a marker whose shape *and* Okabe–Ito colour name the solution) are
marked and labelled; a solution's exact coordinates are in the marker's ``data-u1`` and
``data-u2`` attributes.  A set of solutions (not unique) is drawn as the segment between
its ends; the Kalai–Smorodinsky utopia point, when the solution holds it, is joined to the
disagreement point by a dashed line.  Nothing is solved here.
"""

import numpy as np

from .style import GREY, PALETTE, esc, explain_block, marker, note, number, wrap

WIDTH, HEIGHT = 420, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 150, 16, 44
#: Frontier samples drawn for a curve.
SAMPLES = 201

_SHAPES = {"nash": "circle", "asymmetric nash": "circle", "kalai-smorodinsky": "square",
           "egalitarian": "triangle", "utilitarian": "diamond"}
_COLOURS = {"nash": PALETTE[0], "asymmetric nash": PALETTE[3], "kalai-smorodinsky": PALETTE[1],
            "egalitarian": PALETTE[2], "utilitarian": PALETTE[4]}


def _float(value):
    """``value`` as a float, or ``None`` when it is symbolic or an array."""
    if value is None or isinstance(value, np.ndarray):
        return None
    if getattr(value, "free_symbols", None):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _pair(values):
    if values is None:
        return None
    out = tuple(_float(v) for v in values)
    return None if len(out) != 2 or None in out else out


def _curve(problem):
    """``(u1, u2)`` float arrays along the frontier, or the finite points, and a note."""
    from ..errors import NegotiationError

    if problem.kind == "finite":
        points = [_pair(p) for p in problem.points]
        return None, [p for p in points if p is not None], ""
    points = []
    if problem.kind == "polyline":
        points = [p for p in (_pair(p) for p in problem.points) if p is not None]
    try:
        u1, u2 = problem.frontier_points(SAMPLES)
    except (NegotiationError, TypeError, ValueError) as error:
        return None, points, f"The frontier is not drawn: {error}."
    u1, u2 = np.asarray(u1, dtype=float), np.asarray(u2, dtype=float)
    keep = np.isfinite(u1) & np.isfinite(u2)
    return (u1[keep], u2[keep]), points, ""


def _name(solution):
    return getattr(solution, "solution", None) or getattr(solution, "model", "solution")


def _label(solution):
    name = _name(solution)
    short = {"nash": "Nash", "asymmetric nash": "Nash (weighted)",
             "kalai-smorodinsky": "Kalai–Smorodinsky", "egalitarian": "egalitarian",
             "utilitarian": "utilitarian"}
    return short.get(name, str(name))


def frontier_svg(problem=None, solutions=(), disagreement=None, players=None):
    """The SVG plot: ``problem``'s frontier (optional) with ``solutions`` marked.

    ``solutions`` are :class:`BargainingSolution` objects (or any result with ``point``,
    such as an alternating-offers result).  Returns ``(svg, notes)``.
    """
    notes = []
    solutions = list(solutions)
    if disagreement is None:
        disagreement = (problem.disagreement if problem is not None
                        else solutions[0].disagreement if solutions else None)
    if players is None:
        players = (problem.players if problem is not None
                   else solutions[0].players if solutions else ("player 1", "player 2"))
    curve, points, why = (None, [], "") if problem is None else _curve(problem)
    if why:
        notes.append(why)
    d = _pair(disagreement)
    if disagreement is not None and d is None:
        notes.append("The disagreement point is symbolic or an array, so it is not drawn.")
    marks = []
    for s in solutions:
        point = _pair(s.point)
        if point is None:
            notes.append(f"The {_label(s)} point is symbolic or an array, so it is not drawn.")
            continue
        marks.append((s, point))
    xs, ys = [], []
    if curve is not None:
        xs.extend(curve[0].tolist())
        ys.extend(curve[1].tolist())
    for group in (points, [m[1] for m in marks], [d] if d else []):
        for p in group:
            xs.append(p[0])
            ys.append(p[1])
    for s, _ in marks:
        for extra in (getattr(s, "utopia", None), *getattr(s, "points", ())):
            p = _pair(extra)
            if p is not None:
                xs.append(p[0])
                ys.append(p[1])
    if not xs:
        return "", [*notes, "There is nothing numeric to plot."]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    padx, pady = (x1 - x0) * 0.06 or 0.5, (y1 - y0) * 0.06 or 0.5
    x0, x1, y0, y1 = x0 - padx, x1 + padx, y0 - pady, y1 + pady
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(u):
        return LEFT + (u - x0) / (x1 - x0) * plot_w

    def sy(u):
        return TOP + (y1 - u) / (y1 - y0) * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ngt-frontier" width="{WIDTH}" '
           f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" '
           'font-size="11" role="img">']
    # axes and ticks
    out.append(f'<g class="axes" stroke="{GREY}" fill="none"><rect x="{LEFT}" y="{TOP}" '
               f'width="{plot_w}" height="{plot_h}"/></g>')
    for k in range(5):
        u = x0 + (x1 - x0) * k / 4
        out.append(f'<text x="{sx(u):.1f}" y="{TOP + plot_h + 14}" text-anchor="middle">'
                   f"{u:.3g}</text>")
        v = y0 + (y1 - y0) * k / 4
        out.append(f'<text x="{LEFT - 4}" y="{sy(v) + 4:.1f}" text-anchor="end">{v:.3g}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">'
               f"{esc(players[0])}’s utility</text>")
    out.append(f'<text x="12" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})">{esc(players[1])}’s utility'
               "</text>")
    if curve is not None and len(curve[0]):
        path = " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b in zip(*curve))
        out.append(f'<polyline class="frontier" points="{path}" fill="none" '
                   'stroke="currentColor" stroke-width="2"/>')
    for p in points:
        out.append(f'<circle class="outcome" cx="{sx(p[0]):.1f}" cy="{sy(p[1]):.1f}" r="3" '
                   f'fill="{GREY}" data-u1="{p[0]:.6g}" data-u2="{p[1]:.6g}"/>')
    legend_y = TOP + 10
    if d is not None:
        out.append(f'<g class="disagreement" data-u1="{esc(number(disagreement[0]))}" '
                   f'data-u2="{esc(number(disagreement[1]))}">'
                   + marker("cross", sx(d[0]), sy(d[1]), 5, "none", "currentColor")
                   + f'<text x="{sx(d[0]) + 8:.1f}" y="{sy(d[1]) - 6:.1f}">d</text></g>')
        out.append(marker("cross", WIDTH - RIGHT + 16, legend_y - 4, 4, "none", "currentColor")
                   + f'<text x="{WIDTH - RIGHT + 26}" y="{legend_y}">disagreement '
                   f"({esc(number(disagreement[0]))}, {esc(number(disagreement[1]))})</text>")
        legend_y += 18
    for k, (s, (u1, u2)) in enumerate(marks):
        name = _name(s)
        colour = _COLOURS.get(name, PALETTE[k % len(PALETTE)])
        shape = _SHAPES.get(name, ("circle", "square", "triangle", "diamond")[k % 4])
        ends = [p for p in (_pair(q) for q in getattr(s, "points", ())) if p is not None]
        if len(ends) > 1 and not bool(np.all(getattr(s, "unique", True))):
            out.append(f'<line class="solution-set" x1="{sx(ends[0][0]):.1f}" '
                       f'y1="{sy(ends[0][1]):.1f}" x2="{sx(ends[-1][0]):.1f}" '
                       f'y2="{sy(ends[-1][1]):.1f}" stroke="{colour}" stroke-width="5" '
                       'stroke-opacity=".6"/>')
        utopia = _pair(getattr(s, "utopia", None))
        if utopia is not None and d is not None:
            out.append(f'<line class="utopia-ray" x1="{sx(d[0]):.1f}" y1="{sy(d[1]):.1f}" '
                       f'x2="{sx(utopia[0]):.1f}" y2="{sy(utopia[1]):.1f}" stroke="{colour}" '
                       'stroke-dasharray="4 3"/>'
                       + marker("square", sx(utopia[0]), sy(utopia[1]), 4, "none", colour,
                                ' class="utopia"'))
        exact = ", ".join(number(v) for v in s.point)
        out.append(f'<g class="solution" data-solution="{esc(name)}" '
                   f'data-u1="{esc(number(s.point[0]))}" data-u2="{esc(number(s.point[1]))}">'
                   f"<title>{esc(_label(s))}: ({esc(exact)})</title>"
                   + marker(shape, sx(u1), sy(u2), 5.5, colour, "currentColor")
                   + "</g>")
        out.append(marker(shape, WIDTH - RIGHT + 16, legend_y - 4, 4.5, colour, "currentColor")
                   + f'<text x="{WIDTH - RIGHT + 26}" y="{legend_y}">{esc(_label(s))}</text>'
                   f'<text x="{WIDTH - RIGHT + 26}" y="{legend_y + 13}">'
                   f"({esc(f'{u1:.4g}, {u2:.4g}')})</text>")
        legend_y += 32
    out.append("</svg>")
    return "".join(out), notes


def _point_rows(solutions):
    rows = []
    for s in solutions:
        rows.append(f"<tr><td>{esc(_label(s))}</td>"
                    + "".join(f'<td class="num">{esc(number(v))}</td>' for v in s.point)
                    + f"<td>{esc(getattr(s, 'method', ''))}</td></tr>")
    return "".join(rows)


def problem_html(problem, solutions=()):
    """A bargaining problem: its frontier and disagreement point, with ``solutions`` marked."""
    svg, notes = frontier_svg(problem, solutions)
    table = ""
    if solutions:
        p1, p2 = problem.players
        table = (f"<table><tr><th>solution</th><th>{esc(p1)}</th><th>{esc(p2)}</th>"
                 f"<th>method</th></tr>{_point_rows(solutions)}</table>")
    desc = note(repr(problem))
    return wrap(f"{svg}{''.join(note(n) for n in notes)}{table}{desc}", "bargaining")


def solution_html(solution):
    """A bargaining solution: its point against the disagreement point, and the sentence.

    The solution does not hold its problem, so no frontier is drawn here; use
    ``display.problem_html(problem, [solution, ...])`` for the frontier.
    """
    p1, p2 = solution.players
    rows = (f"<tr><th></th><th>{esc(p1)}</th><th>{esc(p2)}</th></tr>"
            f"<tr><td>{esc(_label(solution))}</td>"
            + "".join(f'<td class="num">{esc(number(v))}</td>' for v in solution.point)
            + "</tr><tr><td>disagreement</td>"
            + "".join(f'<td class="num">{esc(number(v))}</td>' for v in solution.disagreement)
            + "</tr>")
    utopia = getattr(solution, "utopia", None)
    if utopia is not None:
        rows += ("<tr><td>utopia</td>"
                 + "".join(f'<td class="num">{esc(number(v))}</td>' for v in utopia) + "</tr>")
    svg, notes = ("", []) if solution.vectorised else frontier_svg(None, [solution])
    return wrap(f"<table>{rows}</table>{svg}{''.join(note(n) for n in notes)}"
                f"{note('Method: ' + solution.method)}{explain_block(solution.explain())}",
                "solution")
