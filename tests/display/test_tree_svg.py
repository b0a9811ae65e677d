"""Game trees as SVG: layout, information sets, chance, the SPE path, the cap."""

import time

import pytest

from negotiation import GameTree
from negotiation.display import tree_html, tree_svg
from negotiation.display.tree_svg import layout

from .conftest import EVIL, SVG_NS, parse_html, self_contained, svgs


@pytest.fixture
def summit():
    """Chance picks the DPRK's type; the US offers or waits; the DPRK accepts or rejects."""
    tree = GameTree(("US", "DPRK"), title="Summit")
    root = tree.root.chance({"hawk": "1/3", "dove": "2/3"})
    for kind, reject in (("hawk", (-1, 1)), ("dove", (-1, 0))):
        us = root[kind].decision("US", ["offer", "wait"])
        us["wait"].terminal((0, 0))
        dprk = us["offer"].decision("DPRK", ["accept", "reject"])
        dprk["accept"].terminal((2, 1))
        dprk["reject"].terminal(reject)
    return tree


def edges(svg):
    return [e for e in svg.iter(f"{SVG_NS}line") if "edge" in e.get("class", "")]


def test_tree_drawing_is_wellformed_with_labels(summit):
    html = summit._repr_html_()
    parse_html(html)
    self_contained(html)
    drawing = svgs(html)[1]  # legend first, then the tree
    text = " ".join(t.text or "" for t in drawing.iter(f"{SVG_NS}text"))
    for label in ("offer", "wait", "accept", "reject", "hawk (1/3)", "dove (2/3)", "(2, 1)",
                  "(-1, 1)", "(0, 0)"):
        assert label in text
    assert int(drawing.get("data-nodes-drawn")) == len(summit)
    nodes = [g for g in drawing.iter(f"{SVG_NS}g") if g.get("class") == "node"]
    assert len(nodes) == len(summit)


def test_tidy_layout_centres_parents_and_separates_leaves(summit):
    position, _, collapsed = layout(summit)
    assert not collapsed
    for node in summit.nodes():
        if node.children:
            xs = [position[c.index][0] for c in node.children]
            assert position[node.index][0] == (xs[0] + xs[-1]) / 2
            assert all(position[c.index][1] == position[node.index][1] + 1
                       for c in node.children)
    leaves = sorted(position[n.index][0] for n in summit.terminal_nodes())
    assert leaves == sorted(set(leaves))  # one column each, no overlap


def test_spe_path_is_highlighted(summit):
    result = summit.subgame_perfect()
    equilibrium = result[0]
    drawing = svgs(equilibrium._repr_html_())[1]
    on_path = [e for e in edges(drawing) if e.get("data-spe") == "path"]
    labels = {e.get("data-action") for e in on_path}
    assert labels == {"hawk", "dove", "offer", "accept"}
    assert not any(e.get("data-action") in ("wait", "reject") for e in on_path)
    assert all("spe-path" in e.get("class") for e in on_path)
    # the set of equilibria shows the count and the first one's path
    html = result._repr_html_()
    parse_html(html)
    assert any(e.get("data-spe") == "path" for d in svgs(html) for e in edges(d))


def test_off_path_choices_are_marked():
    tree = GameTree(("US", "DPRK"))
    root = tree.root.decision("US", ["deal", "pressure"])
    root["pressure"].terminal((0, 0))
    dprk = root["deal"].decision("DPRK", ["comply", "cheat"])
    dprk["comply"].terminal((2, 2))
    dprk["cheat"].terminal((-1, 3))
    # the US anticipates cheating: pressure on the path, cheat chosen off it
    equilibrium = tree.subgame_perfect()[0]
    drawing = svgs(tree_svg(tree, equilibrium))[0]
    by_action = {e.get("data-action"): e.get("data-spe") for e in edges(drawing)}
    assert by_action == {"pressure": "path", "deal": None, "cheat": "choice", "comply": None}


def test_information_sets_are_dashed_links():
    tree = GameTree(("US", "DPRK"))
    root = tree.root.decision("US", ["a", "b"])
    for action in ("a", "b"):
        node = root[action].decision("DPRK", ["x", "y"], information_set="blind")
        node["x"].terminal((1, 1))
        node["y"].terminal((0, 0))
    drawing = svgs(tree_html(tree))[1]
    links = [p for p in drawing.iter(f"{SVG_NS}path") if p.get("class") == "infoset"]
    assert len(links) == 1
    assert links[0].get("stroke-dasharray") and links[0].get("data-infoset") == "blind"


def test_labels_are_escaped():
    tree = GameTree((EVIL, "B"), title=EVIL)
    root = tree.root.decision(EVIL, [EVIL, "ok"])
    root[EVIL].terminal((1, 0), name=EVIL)
    root["ok"].terminal((0, 1))
    root.label = EVIL
    html = tree._repr_html_()
    parse_html(html)
    svgs(html)
    assert "&lt;script&gt;" in html


def test_symbolic_tree_draws():
    import sympy as sp

    a = sp.Symbol("a")
    tree = GameTree(("US", "DPRK"))
    root = tree.root.decision("US", ["x", "y"])
    root["x"].terminal((a, 1 - a))
    root["y"].terminal((0, 0))
    text = " ".join(t.text or "" for t in svgs(tree._repr_html_())[1].iter(f"{SVG_NS}text"))
    assert "(a, 1 - a)" in text


def _big_tree(size):
    tree = GameTree(("US", "DPRK"))
    frontier = [tree.root]
    turn = 0
    while len(tree) + 3 <= size:
        node = frontier.pop(0)
        node.decision(turn % 2, ["l", "m", "r"])
        frontier.extend(node.children)
        turn += 1
    for node in frontier:
        node.terminal((1, 0))
    return tree


def test_ten_thousand_nodes_render_capped_and_fast():
    tree = _big_tree(10_000)
    assert len(tree) >= 9_990
    start = time.perf_counter()
    html = tree._repr_html_()
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{elapsed:.2f}s"
    parse_html(html)
    drawing = svgs(html)[1]
    assert int(drawing.get("data-nodes-drawn")) <= 400
    assert "collapses the rest" in html
    collapsed = [t.text for t in drawing.iter(f"{SVG_NS}text") if t.get("class") == "collapsed"]
    assert collapsed and all(t.startswith("+") for t in collapsed)
    # every node is drawn or counted in a marker
    hidden = sum(int(t[1:].split()[0].replace(",", "")) for t in collapsed)
    assert int(drawing.get("data-nodes-drawn")) + hidden == len(tree)


def test_deep_chain_does_not_recurse():
    tree = GameTree(("US", "DPRK"))
    node = tree.root
    for k in range(5_000):
        node.decision(k % 2, ["go", "stop"])
        node["stop"].terminal((k, -k))
        node = node["go"]
    node.terminal((0, 0))
    assert parse_html(tree_html(tree, max_nodes=300)).tags


def test_held_spe_results_display_without_solvers(summit, monkeypatch):
    result = summit.subgame_perfect()
    first = result[0]
    import negotiation.games.backward_induction as bi

    def boom(*args, **kwargs):
        raise AssertionError("solver called")

    monkeypatch.setattr(bi, "subgame_perfect", boom)
    monkeypatch.setattr(GameTree, "subgame_perfect", boom)
    assert parse_html(first._repr_html_()).tags
    assert parse_html(result._repr_html_()).tags


def test_subgame_decomposition_profiles_display():
    from negotiation.games import subgame_perfect_equilibria

    tree = GameTree(("US", "DPRK"))
    root = tree.root.decision("US", ["talk", "walk"])
    root["walk"].terminal((0, 0))
    talk = root["talk"]
    talk.decision("US", ["give", "keep"])
    for action, pay in (("give", (1, 3)), ("keep", (2, 1))):
        d = talk[action].decision("DPRK", ["yes", "no"], information_set="h")
        d["yes"].terminal(pay)
        d["no"].terminal((-1, -1))
    profiles = subgame_perfect_equilibria(tree)
    html = profiles._repr_html_()
    parse_html(html)
    profile = profiles[0]
    assert profile.is_pure
    drawing = svgs(profile._repr_html_())[1]
    path = {e.get("data-action") for e in edges(drawing) if e.get("data-spe") == "path"}
    assert path and path <= {"talk", "walk", "give", "keep", "yes", "no"}
    assert any(p.get("class") == "infoset" for p in drawing.iter(f"{SVG_NS}path"))
    assert "subgame" in repr(profiles).lower()
