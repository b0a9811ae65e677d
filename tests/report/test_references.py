"""References: every source a bundled scenario cites is a full entry of the data file, each
once, none through a news aggregator; the report lists them and the models' literature."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

import negotiation
from negotiation.report.references import cited, literature, references, sources
from negotiation.report.sections import references_section
from negotiation.report.markup import quote
from negotiation.scenario import bundled

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(bundled())

#: Hosts that republish others' reporting: a citation names the original instead.
AGGREGATORS = {
    "ajupress.com", "europesays.com", "devdiscourse.com", "evrimagaci.org", "wikisum.wiki",
    "persecondnews.com", "pratidintime.com", "arynews.tv", "army-technology.com",
    "israelnationalnews.com", "dailyfinland.fi", "babel.ua", "dimsumdaily.hk", "123docz.net",
    "menafn.com", "msn.com", "news.google.com", "headtopics.com", "newsbreak.com",
}


def host(url):
    name = urlparse(url).hostname or ""
    return name.removeprefix("www.").removeprefix("m.")


def scenario_urls(scenario):
    return [p.source["url"] for p in scenario.parameters.values()
            if p.source and p.source.get("url")]


@pytest.mark.parametrize("name", NAMES)
def test_every_source_of_a_bundled_scenario_is_a_full_reference(name):
    scenario = negotiation.load(name)
    works, others = cited(scenario)
    assert others == [], f"{name}: sources that name no entry of references.yaml"
    for p in scenario.parameters.values():
        if p.source:  # each parameter source names at least one work
            assert any(r.cite in p.source["citation"] for r in works), p.name
    for ref in works:
        assert ref.author and ref.title and ref.date and (ref.publisher or ref.in_), ref.key
    assert len({r.key for r in works}) == len(works)
    for url in scenario_urls(scenario):
        assert host(url) not in AGGREGATORS, (name, url)
        assert url in {r.url for r in references().values()}, (name, url)


def test_no_model_file_cites_an_aggregator():
    """Every URL of every file in models/ (graph models too) is a primary or reputable one."""
    for path in sorted((ROOT / "models").glob("*.yaml")):
        for url in re.findall(r"url:\s*(\S+)", path.read_text(encoding="utf-8")):
            assert host(url) not in AGGREGATORS, (path.name, url)


def test_the_bundled_scenarios_cite_the_late_2025_facts():
    works = {r.key for r in cited(negotiation.load("us_dprk_2025_baseline"))[0]}
    assert {"msmt2025a", "msmt2025b", "un-sc15648", "kcna-kursk2025", "xinhua-xi-kim2025",
            "apec2025", "sipri2025"} <= works
    text = (ROOT / "models" / "us_dprk_2025_baseline.yaml").read_text(encoding="utf-8")
    assert "13,000" not in text and "20,000 containers" in text
    then = (ROOT / "models" / "us_dprk_2018_summits.yaml").read_text(encoding="utf-8")
    assert "enforced" not in then and "SIPRI Yearbook 2018" in then


def test_references_are_unique_complete_and_primary():
    data = yaml.safe_load((ROOT / "negotiation" / "report" / "references.yaml")
                          .read_text(encoding="utf-8"))
    refs = list(references().values())
    assert len(refs) == sum(len(section) for section in data.values())  # no key twice
    cites = [form for r in refs for form in r.forms]
    assert len(set(cites)) == len(cites)
    # a short form inside another would cite two works at once
    assert not [(a, b) for a in cites for b in cites if a != b and a in b]
    titles = [(r.author, r.title) for r in refs]
    assert len(set(titles)) == len(titles)
    for r in refs:
        assert r.author and r.title and r.date and re.fullmatch(r"\d{4}(-\d\d){0,2}", r.date)
        assert r.in_ or r.publisher, r.key
        if r.url:
            assert r.url.startswith("https://") and host(r.url) not in AGGREGATORS, r.key
        if r.doi:
            assert re.fullmatch(r"10\.\d{4,5}/\S+", r.doi), r.key


def test_every_source_is_cited_somewhere():
    """No dead entries: each source is cited by a bundled scenario or the literature notes."""
    used = {r.key for name in NAMES for r in cited(negotiation.load(name))[0]}
    notes = (ROOT / "docs/reference/literature.md").read_text(encoding="utf-8")
    assert [r.key for r in sources() if r.key not in used and not r.cited_in(notes)] == []


def test_the_calibration_table_of_the_notes_cites_known_works():
    notes = (ROOT / "docs/reference/literature.md").read_text(encoding="utf-8")
    table = notes.split("(lit-calibration)=")[1].split("\n\n## ")[0].split("(lit-judgements)=")[0]
    rows = [line.split("|")[1:-1] for line in table.splitlines()
            if line.startswith("| ") and not line.startswith("| item")]
    cites = {r.cite for r in sources()}
    assert len(rows) > 20
    for row in rows:
        for part in row[-1].split(";"):
            assert part.strip() in cites, part


def test_the_models_literature_is_there_in_full():
    keys = {r.key for r in literature()}
    assert {"rubinstein1982", "binmore-shaked-sutton1989", "binmore-rubinstein-wolinsky1986",
            "fearon1995", "powell2006", "saltelli2010", "nash1950",
            "kalai-smorodinsky1975"} <= keys
    rubinstein = references()["rubinstein1982"].text()
    assert rubinstein == ("Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. "
                          "Econometrica 50(1), 97–109. https://doi.org/10.2307/1912531")


def test_the_report_lists_each_cited_source_once_and_the_literature():
    scenario = negotiation.load("us_dprk_2025_baseline")
    markup = references_section(scenario)
    works, _ = cited(scenario)
    for r in works:
        if r.kind == "source":
            assert markup.count(quote(r.text())) == 1, r.key
    for r in literature():
        assert markup.count(quote(r.text())) == 1, r.key
    assert "europesays" not in markup and "ajupress" not in markup


def test_a_source_no_entry_names_is_listed_as_given(tmp_path):
    text = (ROOT / "tests" / "scenario" / "fixtures" / "composite.yaml").read_text(
        encoding="utf-8")
    bare = negotiation.load(ROOT / "tests" / "scenario" / "fixtures" / "composite.yaml")
    assert cited(bare) == ([], [])
    assert quote("The scenario cites no sources.") in references_section(bare)
    marker = 'kappa: {value: 0.25, range: [0, 1.5], judgement:'
    assert marker in text
    line = next(line for line in text.splitlines() if marker in line)
    mine = ('  kappa: {value: 0.25, range: [0, 1.5], source: {citation: "My survey, 2026",'
            ' url: "https://example.org/survey"}}')
    (tmp_path / "mine.yaml").write_text(text.replace(line, mine), encoding="utf-8")
    scenario = negotiation.load(tmp_path / "mine.yaml")
    assert cited(scenario) == ([], [("My survey, 2026", "https://example.org/survey")])
    assert quote("My survey, 2026 https://example.org/survey") in references_section(scenario)
