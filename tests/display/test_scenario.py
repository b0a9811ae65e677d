"""Scenarios (parameters with sources and judgements) and case analyses."""

import dataclasses

import pytest

import negotiation as ngt

from .conftest import EVIL, parse_html, self_contained


@pytest.fixture(scope="module")
def baseline():
    return ngt.load("us_dprk_2025_baseline")


@pytest.fixture(scope="module")
def analysis(baseline):
    return baseline.analyze()


def test_scenario_table_has_every_parameter_with_its_basis(baseline):
    html = baseline._repr_html_()
    checker = parse_html(html)
    self_contained(html)
    text = "".join(checker.text)
    rows = {a["data-parameter"] for tag, a in checker.tags if tag == "tr" and
            "data-parameter" in a}
    assert rows == set(baseline.parameters)
    links = {a["href"] for tag, a in checker.tags if tag == "a"}
    for p in baseline.parameters.values():
        if p.source and p.source.get("url"):
            assert p.source["url"] in links
        if p.judgement:
            assert p.judgement.split("\n")[0][:40] in text
    assert baseline.title in text


def test_changed_values_are_shown_against_the_file(baseline):
    name, p = next((k, p) for k, p in baseline.parameters.items() if p.range[0] != p.range[1])
    changed = baseline.with_values({name: p.range[0] if p.value != p.range[0] else p.range[1]})
    assert "(file: " in "".join(parse_html(changed._repr_html_()).text)


def test_scenario_labels_and_links_are_escaped(baseline):
    name, p = next(iter(baseline.parameters.items()))
    evil = dataclasses.replace(p, source={"citation": EVIL, "url": "javascript:alert(1)"},
                               description=EVIL)
    judged = dataclasses.replace(p, source=None, judgement=EVIL)
    scenario = dataclasses.replace(baseline, title=EVIL,
                                   parameters={name: evil, "judged": judged})
    html = scenario._repr_html_()
    checker = parse_html(html)
    hrefs = [a.get("href", "") for tag, a in checker.tags if tag == "a"]
    assert not any(h.startswith("javascript") for h in hrefs)
    assert "&lt;script&gt;" in html and EVIL in "".join(checker.text)


def test_analysis_summary_tables(analysis):
    html = analysis._repr_html_()
    checker = parse_html(html)
    self_contained(html)
    text = "".join(checker.text)
    assert analysis.regime in text
    concepts = {a["data-concept"] for tag, a in checker.tags if tag == "tr" and
                "data-concept" in a}
    assert concepts == set(analysis.agreements)
    for a in analysis.agreements.values():
        if not a.empty:
            assert str(a.utilities[0]) in text or f"{float(a.utilities[0]):.6g}" in text
    for t in analysis.thresholds:
        assert t.parameter in text
    assert analysis.explain().splitlines()[0] in text


def test_analysis_repr_is_one_short_line(analysis):
    text = repr(analysis)
    assert text.startswith("<CaseAnalysis ") and "\n" not in text and len(text) < 200
    assert str(analysis) == analysis.explain()  # str stays the full write-up


def test_displays_do_not_solve(baseline, analysis, no_solvers):
    with pytest.raises(AssertionError):
        baseline.analyze()
    parse_html(analysis._repr_html_())
    parse_html(baseline._repr_html_())
