"""The stability table and the state graph shown in Jupyter."""

import xml.etree.ElementTree as ET

from negotiation.conflict import analyse, load

from .published import build


def test_table_marks_each_equilibrium_and_each_verdict():
    result = analyse(build("elmira_classic_9state"))
    html = result._repr_html_()
    stars = sum(len(result.equilibria(c)) for c in result.concepts)
    assert html.count('<td class="eq"') == html.count("★ ✓") == stars
    assert html.count("<tr>") == 1 + result.model.n_states
    stable = sum(int(t.sum()) for t in result.stable.values())
    assert html.count("✓") - 1 == stable                     # less the caption's
    assert html.count("✗") - 1 == 4 * 3 * 9 - stable
    assert "<svg" in html


def test_svg_draws_every_state_and_move():
    model = build("cuban_missile_crisis")
    result = analyse(model)
    svg = ET.fromstring(result.svg("seq"))
    ns = "{http://www.w3.org/2000/svg}"
    nodes = svg.findall(f".//{ns}g")
    assert len(nodes) == model.n_states
    arrows = [p for p in svg.iter(f"{ns}path") if p.get("marker-end")]
    assert len(arrows) == sum(len(src) for src, _ in model.moves)
    thick = [c for c in svg.iter(f"{ns}circle") if c.get("stroke-width") == "3.5"] + \
        [r for r in svg.iter(f"{ns}rect") if r.get("stroke-width") == "3.5"]
    assert len(thick) == len(result.equilibria("seq"))


def test_a_large_model_shows_its_equilibria_and_says_so():
    model = load("conflict_us_dprk_2025")
    result = analyse(model, concepts=["nash", "seq"])
    html = result._repr_html_()
    assert "2,400 states; shown: the status quo and the equilibria" in html
    svg = ET.fromstring(result.svg("nash"))
    assert "of 2,400 states" in "".join(svg.itertext())
