"""The PDF report: every section, the numbers of `negotiation solve --json`, pages that are
not blank, byte-identical rebuilds, and clean failures that leave no PDF behind."""

import subprocess
import sys
from pathlib import Path

import pytest

import negotiation
from negotiation.cli import main
from negotiation.errors import NegotiationError, ScenarioError
from negotiation.report import SECTIONS, build
from negotiation.report.markup import num
from negotiation.scenario import bundled

from .conftest import SAMPLES, pdf_text, solve_json

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "scenario" / "broken"
NAMES = sorted(bundled())


def key_numbers(data, scenario):
    """The numbers and words of an analysis the report must show, as it formats them."""
    package_text = scenario.labels.package_text
    out = [data["regime"], f"{data['bargaining_set']['packages']:,}"]
    for a in data["agreements"].values():
        if not a["empty"]:
            out += [num(a["utilities"][0]), num(a["utilities"][1]), package_text(a["package"])]
    for t in data["thresholds"]:
        if t["value"] is not None:
            out.append(num(t["value"]))
    if data.get("backing"):
        out += [num(data["backing"]["level"]), num(data["backing"]["payoff"])]
    if data.get("war"):
        out += [num(data["war"]["demand"]), num(data["war"]["war_probability"])]
    if data.get("uncertainty"):
        out.append(num(data["uncertainty"]["no_deal_probability"]))
    for share in data["shares"].values():
        if share is not None:
            out.append(num(share))
    return out


def test_bundled_scenarios_are_the_five():
    assert {"us_dprk_2025_baseline", "us_dprk_2018_summits", "russia_full_backing",
            "legacy_deal", "alliance_first"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_report_has_every_section_and_the_numbers_of_solve(name, reports):
    path = reports(name)
    text = pdf_text(path)
    data = solve_json(name)
    for section, title in SECTIONS.items():
        if section == "comparison" and not data.get("comparison"):
            continue
        assert title in text, (section, title)
    scenario = negotiation.load(name)
    assert scenario.title.split(":")[0] in text
    assert f"{SAMPLES:,}" in text and "Random seed 0" in text
    for value in key_numbers(data, scenario):
        assert value in text, value
    for name_ in list(scenario.parameters)[:10]:
        assert name_ in text


@pytest.mark.parametrize("name", NAMES[:2])
def test_first_pages_are_not_blank(name, reports):
    import numpy as np
    import pypdfium2

    document = pypdfium2.PdfDocument(str(reports(name)))
    assert len(document) > 8
    for index in (0, 1, 2):
        image = np.asarray(document[index].render(scale=0.6).to_pil().convert("L"),
                           dtype=float)
        assert image.std() > 5, index  # ink on the page
        assert (image < 128).mean() > 0.002


def test_rebuild_is_byte_identical_in_another_process(default_report, tmp_path):
    again = tmp_path / "again.pdf"
    done = subprocess.run([sys.executable, "-m", "negotiation.cli", "report",
                           "us_dprk_2025_baseline", "-o", str(again), "--samples", "20000",
                           "--seed", "0", "--no-progress"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(again)
    assert again.read_bytes() == default_report.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["again.pdf"]


def test_steps_computed_in_the_background_give_the_same_report(tmp_path, monkeypatch, alone):
    """The formulas, Monte Carlo and Sobol steps and the figures' files, made in forked
    processes beside the build, give the bytes that making them one after the other in
    this process gives."""
    import negotiation.report.builder as builder
    from negotiation.sensitivity import executors

    if not alone:
        return
    monkeypatch.setattr(builder, "GRID", 20)
    monkeypatch.setattr(builder, "SOBOL_N", 256)
    monkeypatch.setattr(builder, "SWEEP_POINTS", 21)
    pdf = {}
    for where in ("background", "inline"):
        pdf[where] = build("us_dprk_2025_baseline", tmp_path / f"{where}.pdf", samples=SAMPLES,
                           seed=0, progress=False).read_bytes()
        monkeypatch.setattr(executors, "forks", lambda: False)
    assert pdf["background"] == pdf["inline"]


def test_default_report_of_the_baseline(default_report):
    path = default_report
    text = pdf_text(path)
    assert "20,000 draws" in text and "Monte Carlo draws 20,000" in text
    for value in key_numbers(solve_json("us_dprk_2025_baseline"),
                             negotiation.load("us_dprk_2025_baseline")):
        assert value in text, value
    from pypdf import PdfReader

    meta = PdfReader(str(path)).metadata
    assert meta.title.startswith("US–DPRK nuclear deal, 2025")
    assert meta["/CreationDate"].startswith("D:20251024")  # the scenario's date
    assert [p.name for p in path.parent.iterdir()] == ["report.pdf"]  # no temporary left


def test_set_changes_are_on_the_title_page_and_in_the_numbers(tmp_path, capsys):
    path = tmp_path / "changed.pdf"
    assert main(["report", "us_dprk_2025_baseline", "-o", str(path), "--set",
                 "russia.reliability=0.9", "--set", "channels.war=off", "--sections",
                 "summary,results", "--no-progress"]) == 0
    assert capsys.readouterr().out.strip() == str(path)
    from pypdf import PdfReader

    first = " ".join(PdfReader(str(path)).pages[0].extract_text().split())
    assert "reliability of Russian backing 0.8 → 0.9" in first  # on the brief's first page
    assert "the channel 'intervention in a war' switched off" in first
    text = pdf_text(path)
    data = solve_json("us_dprk_2025_baseline", "--set", "russia.reliability=0.9", "--set",
                      "channels.war=off")
    changed = negotiation.load("us_dprk_2025_baseline").with_values(
        {"russia.reliability": 0.9, "channels.war": False})
    for value in key_numbers(data, changed):
        assert value in text, value
    assert SECTIONS["summary"] in text and SECTIONS["models"] not in text


def test_broken_scenario_gives_its_error_and_no_pdf(tmp_path, capsys):
    path = tmp_path / "broken.pdf"
    broken = BROKEN / "undeclared_names.yaml"
    assert main(["report", str(broken), "-o", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'rhoo' is not a declared parameter" in err
    assert not path.exists() and list(tmp_path.iterdir()) == []
    with pytest.raises(ScenarioError):
        build(broken, path)
    assert not path.exists()


@pytest.mark.parametrize("args, words", [
    (["--sections", "summary,nonsense"], "unknown report section 'nonsense'"),
    (["--set", "russia.backing"], "write KEY=VALUE"),
    (["--set", "russia.nonsense=1"], "is not a parameter"),
    (["--samples", "0"], "Monte Carlo draws"),
])
def test_bad_options_give_one_sentence_and_no_pdf(tmp_path, capsys, args, words):
    path = tmp_path / "x.pdf"
    assert main(["report", "us_dprk_2025_baseline", "-o", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_failing_section_is_named_and_leaves_no_file(tmp_path, monkeypatch):
    from negotiation.report import sections

    def boom(ctx):
        raise ValueError("kaput")

    monkeypatch.setitem(sections.BUILDERS, "results", boom)
    path = tmp_path / "report.pdf"
    with pytest.raises(NegotiationError, match=r"section 'results' failed.*kaput"):
        build("legacy_deal", path, sections="summary,results", progress=False)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_computation_names_its_section(tmp_path, monkeypatch):
    import negotiation.report.builder as builder

    def boom(*args, **kwargs):
        raise RuntimeError("no map today")

    monkeypatch.setattr(builder, "_regime_map", boom)
    path = tmp_path / "report.pdf"
    path.write_bytes(b"an older report")  # left alone: never half-overwritten
    with pytest.raises(NegotiationError, match="section 'sensitivity' failed \\(regime map\\)"):
        build("us_dprk_2025_baseline", path, sections="sensitivity", samples=100,
              progress=False)
    assert path.read_bytes() == b"an older report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_a_failing_background_computation_names_its_section(tmp_path, monkeypatch):
    import negotiation.report.builder as builder

    def boom(*args, **kwargs):
        raise RuntimeError("no indices today")

    monkeypatch.setattr(builder, "_sobol", boom)
    path = tmp_path / "report.pdf"
    with pytest.raises(NegotiationError,
                       match=r"section 'sensitivity' failed \(Sobol indices\).*no indices today"):
        build("us_dprk_2025_baseline", path, sections="sensitivity", samples=100,
              progress=False)
    assert list(tmp_path.iterdir()) == []


def test_text_from_the_file_is_never_evaluated(tmp_path):
    source = (ROOT / "models" / "us_dprk_2025_baseline.yaml").read_text(encoding="utf-8")
    title = 'Nasty #import "x": *bold* _it_ $x$ @ref <l> [a] \\\\ // not a comment `c` ~'
    source = source.replace(
        'title: "US–DPRK nuclear deal, 2025: Russian backing after the June 2024 treaty"',
        f"title: '{title}'")
    source = source.replace("citation: \"SIPRI Yearbook 2025 (16 June 2025)",
                            "citation: \"#panic() $$ [SIPRI] Yearbook 2025 (16 June 2025)")
    path = tmp_path / "nasty.yaml"
    path.write_text(source, encoding="utf-8")
    scenario = negotiation.load(path)
    assert scenario.title == title
    pdf = build(scenario, tmp_path / "nasty.pdf", sections="summary,assumptions,appendix",
                progress=False)
    text = pdf_text(pdf)
    assert scenario.title in text
    assert "#panic() $$ [SIPRI] Yearbook 2025" in text


def test_sections_and_figures_alone(tmp_path):
    path = build("alliance_first", tmp_path / "a.pdf", sections=["figures", "models"],
                 progress=False)
    text = pdf_text(path)
    assert SECTIONS["figures"] in text and SECTIONS["models"] in text
    assert SECTIONS["sensitivity"] not in text and "Figure 1" in text


def test_monte_carlo_probabilities_are_the_library_s(default_report):
    """The regime probabilities and intervals in the Monte Carlo table, and the headline
    regime's rank in the brief's caveats, are those of ``sensitivity.monte_carlo`` with the
    same seed and draws, at the printed precision."""
    from negotiation.sensitivity import monte_carlo

    mc = monte_carlo(negotiation.load("us_dprk_2025_baseline"), 20_000, seed=0,
                     outputs=["regime"], progress=False)
    text = pdf_text(default_report)
    probabilities = mc.summary["regime"]["probabilities"]
    for regime, (p, lo, hi) in probabilities.items():
        assert f"regime {regime} {num(p)} {num(lo)} to {num(hi)}" in text, regime
    first = max(probabilities, key=lambda k: probabilities[k][0])
    headline = solve_json("us_dprk_2025_baseline")["regime"]
    if first != headline:
        assert f"after '{first}' ({num(probabilities[first][0])})" in text


def test_a_small_scenario_of_ones_own(tmp_path):
    """A scenario that is not bundled and has no labels: the brief reads its identifiers as
    words, and counts the packages of the bargaining set as the analysis does."""
    path = tmp_path / "small.pdf"
    scenario = negotiation.load(str(Path(__file__).parent / "fixtures" / "small_case.yaml"))
    build(scenario, path, sections=["summary"], samples=2000, progress=False)
    text = pdf_text(path)
    count = scenario.analyze(compare=False).bargaining_set["count"]
    verb = "gives" if count == 1 else "give"
    assert f"of the 12 possible packages, {count:,} {verb} both sides more than walking " \
           "away" in text
    assert "the US gives relief: partial" in text or "the US gives recognition: formal" in text


@pytest.mark.parametrize("name", NAMES)
def test_no_python_values_and_no_identifiers_in_the_brief(name, reports):
    """No Python truth value, NaN or exponent anywhere in the PDF; no identifier (dotted or
    snake_case) in the brief, the pages before the title page."""
    import re

    from pypdf import PdfReader

    text = pdf_text(reports(name))
    for bad in (" True", " False", " nan", " None"):
        assert bad not in text, bad
    assert not re.search(r"\b\d(\.\d+)?e[-+]\d+\b", text)  # 2.22e-16, not a hash's "6e8"
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(
        str(reports(name))).pages]
    title = next(k for k, p in enumerate(pages) if "Scenario file SHA-256" in p)
    brief = " ".join(pages[:title])
    assert brief and not re.findall(r"\b[A-Za-z]\w*\.[a-z_]\w*\b|\b[a-z]+_[a-z0-9_]+\b",
                                    brief)
