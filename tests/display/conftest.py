"""Helpers for the display tests: well-formedness checks and a solver tripwire."""

import importlib
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source"}
SVG_NS = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert(1)</script>"


class _Checker(HTMLParser):
    """Every opened tag closed in order; records the text and the tags' attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack, f"</{tag}> closes nothing"
        opened = self.stack.pop()
        assert opened == tag, f"<{opened}> closed by </{tag}>"

    def handle_data(self, data):
        self.text.append(data)


def parse_html(html):
    """Check ``html`` is well formed; return the parser (``tags``, ``text``)."""
    assert isinstance(html, str) and html
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.stack, f"unclosed tags: {checker.stack}"
    assert not any(tag == "script" for tag, _ in checker.tags), "a <script> element got through"
    assert "<script" not in html.lower(), "an unescaped <script> got through"
    assert not re.search(r"(href|src)=\"(?!https?:)", html), "a non-http link"
    return checker


def svgs(html):
    """Every ``<svg>`` element in ``html``, parsed with xml.etree (so well-formed XML)."""
    out = []
    for chunk in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
        out.append(ET.fromstring(chunk))
    return out


def self_contained(html):
    """No external resources: no <link>, <script src>, @import or url(...)."""
    low = html.lower()
    assert "<link" not in low and "@import" not in low and "url(" not in low


@pytest.fixture
def no_solvers(monkeypatch):
    """Make every solver entry point raise, so a display that solves fails the test."""
    import negotiation.bargaining.axiomatic as axiomatic
    import negotiation.bargaining.crisis as crisis
    import negotiation.bargaining.packages as packages
    import negotiation.bargaining.problem as problem
    import negotiation.equilibria as equilibria
    import negotiation.equilibria.enumeration as enumeration
    import negotiation.games.backward_induction as bi
    import negotiation.games.subgames as subgames
    import negotiation.games.tree as tree
    import negotiation.scenario.analysis as analysis
    import negotiation.scenario.loading as loading

    ao = importlib.import_module("negotiation.bargaining.alternating_offers")

    def boom(*args, **kwargs):
        raise AssertionError("a display called a solver")

    targets = [
        (equilibria, "solve"), (enumeration, "extreme_equilibria"),
        (enumeration, "maximal_nash_subsets"), (enumeration, "connected_components"),
        (bi, "subgame_perfect"), (subgames, "subgame_perfect_equilibria"),
        (tree.GameTree, "subgame_perfect"),
        (axiomatic, "nash"), (axiomatic, "kalai_smorodinsky"), (axiomatic, "egalitarian"),
        (axiomatic, "utilitarian"), (axiomatic, "solve"),
        (problem.BargainingProblem, "nash"), (problem.BargainingProblem, "kalai_smorodinsky"),
        (problem.BargainingProblem, "egalitarian"), (problem.BargainingProblem, "utilitarian"),
        (problem.BargainingProblem, "solve"), (problem.BargainingProblem, "utopia"),
        (ao, "alternating_offers"), (ao, "frictionless_limit"),
        (crisis, "bargaining_range"), (crisis, "optimal_demand"), (crisis, "risk_return"),
        (crisis, "shifting_power"), (crisis, "disarmament_deal"), (crisis, "butter_for_bombs"),
        (packages.PackageSpace, "solve"),
        (analysis, "analyze"), (loading.Scenario, "analyze"),
    ]
    for owner, name in targets:
        monkeypatch.setattr(owner, name, boom)
    return boom
