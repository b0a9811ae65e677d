"""The layout of every bundled scenario's report, and of a scenario of one's own: no glyph
outside the text area, no page under a quarter full except the title page and section
ends, no caption away from its figure or table (:mod:`.layout`)."""

from pathlib import Path

import pytest

import negotiation
from negotiation.report import SECTIONS, build
from negotiation.scenario import bundled

from . import layout

NAMES = sorted(bundled())


def _titles():
    return [*SECTIONS.values(), "Side by side"]


@pytest.mark.parametrize("name", NAMES)
def test_layout_of_every_bundled_report(name, reports):
    assert layout.problems(reports(name), _titles()) == []


def test_layout_of_a_scenario_of_ones_own(tmp_path):
    scenario = negotiation.load(str(Path(__file__).parent / "fixtures" / "small_case.yaml"))
    path = build(scenario, tmp_path / "small.pdf", samples=500, progress=False)
    assert layout.problems(path, _titles()) == []


def test_the_checker_finds_the_defects(tmp_path):
    """A page of text running into the margin, a caption parted from its figure and a
    near-empty page in the middle of a section are each reported."""
    from negotiation.report.builder import typeset

    source = ("#set page(paper: \"a4\", margin: (x: 2.1cm, top: 2.2cm, bottom: 2.4cm))\n"
              "= Results\n" + "#box(width: 18cm)[" + "wide " * 60 + "]\n\n"
              "#pagebreak()\nA short page.\n#pagebreak()\n" + "Text. " * 300 + "\n\n"
              "#rect(width: 5cm, height: 3cm)\n#pagebreak()\nFigure 1: A figure.\n\n"
              + "Text. " * 400 + "\n")
    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(typeset(source, tmp_path))
    found = "\n".join(layout.problems(pdf, ["Results"]))
    assert "page 1: text outside the text area" in found
    assert "page 2: only" in found
    assert "page 4: the caption 'Figure1:Afigure.' is not on its figure's page" in found
