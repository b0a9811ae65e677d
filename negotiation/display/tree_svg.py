"""Game trees as inline SVG, drawn in pure Python (no graphviz binary).

Layout: a tidy layered drawing — nodes sit on one level per depth, the leaves of the
drawn tree take consecutive columns in preorder, and every parent is centred over its
first and last child, so subtrees never overlap and edges never cross (the leaf-column
variant of Reingold & Tilford 1981; linear time, iterative, so deep trees are fine).

Decision nodes carry their player's Okabe–Ito colour *and* shape; chance nodes are
hollow grey circles with their probabilities on the edges; leaves show their payoffs;
information sets are dashed links between their nodes.  Given a subgame-perfect
equilibrium, the edges of the path of play are drawn thick (``class="spe-path"``) and the
off-path choices dashed (``class="spe-choice"``).  Trees larger than ``max_nodes`` are
drawn from the root down, breadth first, with the cut subtrees collapsed into a ``+n``
marker and a note saying how much is hidden.

Everything drawn is read from the tree and the result: nothing is solved here.
"""

from collections import deque
from itertools import pairwise

from ..games.tree import CHANCE

from .style import (GREY, HIGHLIGHT, SHAPES, esc, explain_block, marker, note, number,
                    player_colour, wrap)

#: Default cap on the number of nodes drawn.
MAX_NODES = 400
LEVEL = 80  # vertical distance between levels
MIN_COLUMN = 56
MAX_LABEL = 22  # characters of a label shown before it is cut with "…"
_CHANCE = CHANCE


def _short(text, limit=MAX_LABEL):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _payoff_text(outcome):
    return "(" + ", ".join(number(u) for u in outcome.payoffs) + ")"


def _choice_function(equilibrium):
    """``f(node index) -> action index or None`` from a subgame-perfect result."""
    if equilibrium is None:
        return None
    choices = getattr(equilibrium, "choices", None)
    if choices is None:
        return None
    if isinstance(choices, dict):  # SubgamePerfectProfile: {InformationSet: action}
        tree = equilibrium.tree
        return lambda k: choices.get(tree._infoset[k])

    def choice(k):
        c = int(choices[k])
        return None if c < 0 else c

    return choice


def _select(tree, max_nodes):
    """The drawn nodes (breadth first from the root) and those whose children are cut."""
    drawn = [0]
    expanded = set()
    collapsed = []
    queue = deque([0])
    while queue:
        k = queue.popleft()
        count = tree._count[k]
        if count == 0:
            continue
        if len(drawn) + count > max_nodes:
            collapsed.append(k)
            continue
        first = tree._first[k]
        kids = range(first, first + count)
        drawn.extend(kids)
        queue.extend(kids)
        expanded.add(k)
    return drawn, expanded, collapsed


def _subtree_sizes(tree, wanted):
    """Node counts of the subtrees rooted at ``wanted`` (children are numbered after parents)."""
    n = len(tree)
    size = [1] * n
    parent = tree._parent
    for k in range(n - 1, 0, -1):
        size[parent[k]] += size[k]
    return {k: size[k] for k in wanted}


def layout(tree, max_nodes=MAX_NODES):
    """Positions of the drawn nodes: ``(x column, depth)`` per node index, and the cut.

    Returns ``(position, expanded, collapsed)``; ``position`` is ordered in preorder.
    """
    _, expanded, collapsed = _select(tree, max_nodes)
    # preorder of the drawn tree, iteratively
    order = []
    depth = {0: 0}
    stack = [0]
    while stack:
        k = stack.pop()
        order.append(k)
        if k in expanded:
            first, count = tree._first[k], tree._count[k]
            for c in range(first + count - 1, first - 1, -1):
                depth[c] = depth[k] + 1
                stack.append(c)
    x = {}
    column = 0
    for k in order:
        if k not in expanded:
            x[k] = float(column)
            column += 1
    for k in reversed(order):
        if k in expanded:
            first, count = tree._first[k], tree._count[k]
            x[k] = (x[first] + x[first + count - 1]) / 2
    return {k: (x[k], depth[k]) for k in order}, expanded, collapsed


def _path_edges(tree, choice, expanded):
    """Edges ``(parent, child)`` of the path of play, and every chosen edge."""
    chosen = set()
    path = set()
    if choice is None:
        return path, chosen
    for k in expanded:
        infoset = tree._infoset[k]
        if infoset is not None and tree._mover[k] != _CHANCE:
            c = choice(k)
            if c is not None:
                chosen.add((k, tree._first[k] + c))
    stack = [0]
    while stack:
        k = stack.pop()
        if k not in expanded:
            continue
        first = tree._first[k]
        if tree._mover[k] == _CHANCE:
            probabilities = tree._infoset[k]._probabilities
            for a, p in enumerate(probabilities):
                if _positive(p):
                    path.add((k, first + a))
                    stack.append(first + a)
        else:
            c = choice(k)
            if c is not None:
                path.add((k, first + c))
                stack.append(first + c)
    return path, chosen


def _positive(p):
    try:
        return bool(p != 0)
    except TypeError:  # pragma: no cover - symbolic probabilities
        return True


def tree_svg(tree, equilibrium=None, max_nodes=MAX_NODES):
    """An SVG drawing of ``tree`` (a :class:`~negotiation.games.tree.GameTree`).

    ``equilibrium`` (a :class:`SubgamePerfectEquilibrium`, or a pure
    :class:`SubgamePerfectProfile`) highlights the path of play and the choices off it.
    At most ``max_nodes`` nodes are drawn.
    """
    position, expanded, collapsed = layout(tree, max_nodes)
    hidden = {}
    if collapsed:
        hidden = _subtree_sizes(tree, collapsed)
    path, chosen = _path_edges(tree, _choice_function(equilibrium), expanded)

    leaf_labels = {k: _payoff_text(tree._outcome[k]) for k in position
                   if tree._outcome[k] is not None}
    widest = max((len(t) for t in leaf_labels.values()), default=0)
    column = max(MIN_COLUMN, min(MAX_LABEL, widest) * 7 + 12)
    max_depth = max(d for _, d in position.values())
    columns = max(x for x, _ in position.values()) + 1
    margin = 30
    width = int(columns * column + 2 * margin)
    height = int(max_depth * LEVEL + 2 * margin + 30)

    def xy(k):
        x, d = position[k]
        return margin + column / 2 + x * column, margin + d * LEVEL

    edges, labels, infoset_links, nodes = [], [], [], []
    for k in position:
        if k not in expanded:
            continue
        infoset = tree._infoset[k]
        first = tree._first[k]
        x0, y0 = xy(k)
        is_chance = tree._mover[k] == _CHANCE
        for a, action in enumerate(infoset._actions):
            c = first + a
            x1, y1 = xy(c)
            if (k, c) in path:
                style = (f'class="edge spe-path" data-spe="path" stroke="{HIGHLIGHT}" '
                         'stroke-width="4"')
            elif (k, c) in chosen:
                style = (f'class="edge spe-choice" data-spe="choice" stroke="{HIGHLIGHT}" '
                         'stroke-width="2.5" stroke-dasharray="6 3"')
            else:
                style = f'class="edge" stroke="{GREY}" stroke-width="1.2"'
            edges.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
                         f'{style} data-action="{esc(action)}"/>')
            text = _short(action)
            if is_chance:
                text = f"{text} ({_short(number(infoset._probabilities[a]), 12)})"
            mx, my = (x0 + x1) / 2, (y0 + y1) / 2
            anchor = "end" if x1 < x0 - 1 else "start" if x1 > x0 + 1 else "middle"
            dx = -4 if anchor == "end" else 4 if anchor == "start" else 0
            labels.append(f'<text x="{mx + dx:.1f}" y="{my - 3:.1f}" text-anchor="{anchor}" '
                          f'font-size="11">{esc(text)}<title>{esc(action)}</title></text>')
    # information sets with two or more drawn members
    members = {}
    for k in position:
        infoset = tree._infoset[k]
        if infoset is not None and len(infoset._members) > 1:
            members.setdefault(id(infoset), (infoset, []))[1].append(k)
    for infoset, ks in members.values():
        if len(ks) < 2:
            continue
        ks.sort(key=lambda k: position[k])
        colour = GREY if infoset._player == _CHANCE else player_colour(infoset._player)
        name = esc(infoset._label or "")
        for a, b in pairwise(ks):
            (xa, ya), (xb, yb) = xy(a), xy(b)
            infoset_links.append(
                f'<path class="infoset" data-infoset="{name}" d="M{xa:.1f},{ya:.1f} '
                f'Q{(xa + xb) / 2:.1f},{min(ya, yb) - 22:.1f} {xb:.1f},{yb:.1f}" fill="none" '
                f'stroke="{colour}" stroke-width="2" stroke-dasharray="5 4"/>')
    for k in position:
        x, y = xy(k)
        infoset = tree._infoset[k]
        label = tree._labels.get(k, "")
        if infoset is None:
            shape = marker("square", x, y, 3.5, "currentColor", "currentColor")
            tip = "terminal node"
        elif tree._mover[k] == _CHANCE:
            shape = marker("circle", x, y, 7, "none", GREY, ' stroke-width="2"')
            tip = "chance"
        else:
            p = infoset._player
            colour = player_colour(p)
            shape = marker(SHAPES[p % len(SHAPES)], x, y, 7, colour, colour)
            tip = tree.players[p]
            if infoset._label:
                tip += f" (information set {infoset._label})"
        if label:
            tip += f" — {label}"
        parts = [f'<g class="node" data-node="{k}"><title>{esc(tip)}</title>{shape}']
        if label:
            parts.append(f'<text x="{x + 10:.1f}" y="{y - 8:.1f}" font-size="10">'
                         f"{esc(_short(label))}</text>")
        outcome = tree._outcome[k]
        if outcome is not None:
            text = leaf_labels[k]
            dy = 18 if infoset is None else -10
            parts.append(f'<text class="payoff" x="{x:.1f}" y="{y + dy:.1f}" '
                         f'text-anchor="middle" font-size="11">{esc(_short(text))}'
                         f"<title>{esc(text)}</title></text>")
        if k in hidden:
            parts.append(f'<text class="collapsed" x="{x:.1f}" y="{y + 20:.1f}" '
                         f'text-anchor="middle" font-size="11">+{hidden[k] - 1:,} nodes</text>')
        parts.append("</g>")
        nodes.append("".join(parts))
    title = f"<title>{esc(tree.title)}</title>" if tree.title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="ngt-tree" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" '
            f'role="img" data-nodes-drawn="{len(position)}" data-nodes="{len(tree)}">{title}'
            + "".join(infoset_links) + "".join(edges) + "".join(labels) + "".join(nodes)
            + "</svg>")


def legend(tree, highlight=False):
    """A small SVG legend: each player's colour and shape, chance, information sets."""
    items = [(SHAPES[i % len(SHAPES)], player_colour(i), name)
             for i, name in enumerate(tree.players)]
    parts, x = [], 8
    for shape, colour, name in items:
        parts.append(marker(shape, x + 6, 12, 6, colour, colour)
                     + f'<text x="{x + 16}" y="16" font-size="11">{esc(_short(name))}</text>')
        x += 26 + 7 * len(_short(name))
    parts.append(marker("circle", x + 6, 12, 6, "none", GREY, ' stroke-width="2"')
                 + f'<text x="{x + 16}" y="16" font-size="11">chance</text>')
    x += 70
    parts.append(f'<line x1="{x}" y1="12" x2="{x + 24}" y2="12" stroke="{GREY}" '
                 'stroke-width="2" stroke-dasharray="5 4"/>'
                 f'<text x="{x + 30}" y="16" font-size="11">information set</text>')
    x += 130
    if highlight:
        parts.append(f'<line x1="{x}" y1="12" x2="{x + 24}" y2="12" stroke="{HIGHLIGHT}" '
                     'stroke-width="4"/>'
                     f'<text x="{x + 30}" y="16" font-size="11">path of play</text>')
        x += 110
        parts.append(f'<line x1="{x}" y1="12" x2="{x + 24}" y2="12" stroke="{HIGHLIGHT}" '
                     'stroke-width="2.5" stroke-dasharray="6 3"/>'
                     f'<text x="{x + 30}" y="16" font-size="11">choice off the path</text>')
        x += 150
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="ngt-legend" width="{x}" '
            f'height="24">{"".join(parts)}</svg>')


def _cap_note(tree, max_nodes):
    n = len(tree)
    if n <= max_nodes:
        return ""
    return note(f"The tree has {n:,} nodes; the drawing shows the first levels (at most "
                f"{max_nodes:,} nodes) and collapses the rest into “+n nodes” markers. "
                "Use display.tree_html(tree, max_nodes=...) to draw more.")


def tree_html(tree, equilibrium=None, max_nodes=MAX_NODES):
    """A game tree as HTML: title, legend, the SVG drawing and a note when it is capped."""
    title = f"<p><b>{esc(tree.title)}</b></p>" if tree.title else ""
    return wrap(f"{title}{legend(tree, equilibrium is not None)}<div>"
                f"{tree_svg(tree, equilibrium, max_nodes)}</div>{_cap_note(tree, max_nodes)}"
                f"{note(repr(tree))}", "tree")


def equilibrium_html(equilibrium, max_nodes=MAX_NODES):
    """One subgame-perfect equilibrium: its tree with the path highlighted, and its story."""
    tree = equilibrium.tree
    extra = ""
    if getattr(equilibrium, "choices", None) is None:
        extra = note("This equilibrium is mixed: no single path is highlighted; its "
                     "behaviour strategies are in .behaviour.")
    return wrap(f"{legend(tree, True)}<div>{tree_svg(tree, equilibrium, max_nodes)}</div>"
                f"{_cap_note(tree, max_nodes)}{extra}{explain_block(equilibrium.explain())}",
                "spe")


def equilibria_html(result, max_nodes=MAX_NODES, limit=20):
    """A set of subgame-perfect equilibria: the count, the payoff vectors and how many
    equilibria give each, and the tree with the first equilibrium's path highlighted."""
    tree = result.tree
    players = tree.players
    counts = list(result.payoff_counts.items())
    head = "".join(f"<th>{esc(p)}</th>" for p in players)
    rows = "".join("<tr>" + "".join(f'<td class="num">{esc(number(u))}</td>' for u in payoffs)
                   + f'<td class="num">{n:,}</td></tr>' for payoffs, n in counts[:limit])
    more = note(f"Showing {limit} of {len(counts)} payoff vectors.") if len(counts) > limit else ""
    table = (f"<table><caption>{esc(result.method)}: {result.count:,} subgame-perfect "
             f"equilibri{'um' if result.count == 1 else 'a'}</caption><tr>{head}"
             f"<th>equilibria</th></tr>{rows}</table>{more}")
    first = result[0] if result.count else None
    drawing = ""
    if first is not None:
        which = "the" if result.count == 1 else "the first"
        drawing = (note(f"The tree with {which} equilibrium highlighted:")
                   + legend(tree, True) + f"<div>{tree_svg(tree, first, max_nodes)}</div>"
                   + _cap_note(tree, max_nodes))
    return wrap(f"{table}{drawing}{explain_block(result.explain())}", "spe-set")
