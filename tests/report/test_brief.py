"""The two-page brief: its paragraphs against ``negotiation solve --json`` for every bundled
scenario, words for names, numbers at the printed precision, the side-by-side briefs."""

import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negotiation
from negotiation.cli import main
from negotiation.report.brief import QUESTIONS, brief, channel_rows
from negotiation.report.markup import num
from negotiation.scenario import bundled
from negotiation.scenario.labels import words

from .conftest import pdf_text, solve_json

NAMES = sorted(bundled())
SMALL = Path(__file__).parent / "fixtures" / "small_case.yaml"
#: An identifier: a dotted name (alliance.kappa) or a snake_case one (peace_treaty).
IDENTIFIER = re.compile(r"\b[A-Za-z]\w*\.[A-Za-z_]\w*\b|\b[a-z]+_[a-z0-9_]+\b")


def _brief(name):
    scenario = negotiation.load(name)
    return scenario, brief(scenario, solve_json(name)), solve_json(name)


@pytest.mark.parametrize("name", NAMES)
def test_every_question_has_its_paragraph(name):
    _, b, _ = _brief(name)
    assert [p.key for p in b.paragraphs] == list(QUESTIONS)
    for p in b.paragraphs:
        assert len(p.text()) > 80, p.key
    assert b.caveats and all(c.text() for c in b.caveats)


@pytest.mark.parametrize("name", NAMES)
def test_no_identifier_in_the_brief(name):
    scenario, b, _ = _brief(name)
    text = b.text()
    for bad in ("True", "False", "nan", "e-1", "None"):
        assert bad not in text, bad
    assert not IDENTIFIER.findall(text), IDENTIFIER.findall(text)
    for parameter in scenario.parameters:
        assert parameter not in text


@pytest.mark.parametrize("name", NAMES)
def test_numbers_agree_with_solve_json(name):
    """Each paragraph shows the numbers of ``solve --json`` that answer its question, as
    the report prints them."""
    _, b, data = _brief(name)
    s = data["bargaining_set"]
    bottom = b.paragraph("bottom_line").text()
    assert f"{s['packages']:,}" in bottom
    assert num(s["walk_away"][0]) in bottom and num(s["walk_away"][1]) in bottom
    nash = data["agreements"]["nash"]
    if not nash["empty"]:
        assert f"gets {num(nash['utilities'][0])} and" in bottom
        assert num(nash["utilities"][1]) in bottom
    recognition = b.paragraph("recognition").text()
    collapse = b.paragraph("collapse").text()
    for t in data["thresholds"]:
        if t["value"] is None:
            continue
        where = collapse if t["key"] in ("backing_all_deals", "alliance_walk_away") else \
            recognition
        assert f"{num(t['value'])} (now {num(t['current'])}" in where, t["key"]
    e = data.get("self_enforcement") or {}
    if e.get("deal") and not e["self_enforcing"]:
        for actor, need in e["thresholds"].items():
            if need is not None and e["discount"][actor] < need:
                assert f"at least {num(need)} to keep it and has {num(e['discount'][actor])}" \
                    in collapse
    if data.get("uncertainty"):
        assert f"probability {num(data['uncertainty']['no_deal_probability'])}" in collapse
    if data.get("backing"):
        assert f"best backing level is {num(data['backing']['level'])}" in collapse
    deals = [a for a in data["agreements"].values() if not a["empty"]]
    deal = b.paragraph("deal").text()
    if deals:
        low = min(a["utilities"][1] for a in deals)
        high = max(a["utilities"][1] for a in deals)
        assert num(low) in deal and num(high) in deal
    walk = b.paragraph("walk_away").text()
    assert num(s["disagreement"][1]) in walk
    assert f"worth less than {num(s['walk_away'][1])}" in walk


@pytest.mark.parametrize("name", NAMES)
def test_channel_table_against_the_model(name):
    """The first row is the scenario (its no-deal payoff is that of ``solve --json``); the
    walk-away value is the better of no deal and the outside option in every row; with
    every channel off the patron adds nothing: the no-deal payoff is the same as with
    backing at zero."""
    scenario = negotiation.load(name)
    data = solve_json(name)
    rows = channel_rows(scenario)
    assert rows[0]["no_deal"] == pytest.approx(data["bargaining_set"]["disagreement"][1])
    assert rows[0]["share"] == (None if data["agreements"]["nash"]["empty"] else
                                pytest.approx(data["agreements"]["nash"]["utilities"][1]))
    for r in rows:
        best = r["no_deal"] if r["outside"] is None else max(r["no_deal"], r["outside"])
        assert r["walk_away"] == pytest.approx(best)
    level = scenario.model.level
    low = float(scenario.parameters[level].range[0])
    zero = scenario.with_values({level: low}).model
    assert rows[-1]["words"] == "all off"
    assert rows[-1]["no_deal"] == pytest.approx(float(zero.disagreement()[1]))
    assert rows[-1]["discount"] == pytest.approx(float(zero.discount()[1]))


def test_baseline_walk_away_by_hand():
    """The baseline's walk-away value by hand: status quo 0.24; aid 0.8 · 0.5 · (0.05 + 0.1
    + 0.1 + 0.15) = 0.16, so no deal 0.4; the outside option 0.24 + 1.5 · 0.16 = 0.48."""
    _, b, _ = _brief("us_dprk_2025_baseline")
    text = b.paragraph("walk_away").text()
    assert "no-deal value is 0.24" in text and "raises it to 0.4" in text
    assert "would be worth 0.48" in text and "worth less than 0.48" in text


def test_the_small_case_reads_its_identifiers_as_words():
    scenario = negotiation.load(str(SMALL))
    b = brief(scenario, scenario.analyze().to_dict())
    assert "russia backing" in b.text() and "russia.backing" not in b.text()
    assert not re.search(r"\b\w+\.\w+\b", re.sub(r"\d+\.\d+", "", b.text()))


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_num_prints_three_significant_digits(x):
    """``num`` is within half a unit of the third significant digit, with no exponent."""
    text = num(x)
    assert "e" not in text.lower() and "True" not in text
    value = float(text.replace(",", ""))
    if abs(x) < 1e-9:
        assert value == 0
    else:
        digit = 10 ** (math.floor(math.log10(abs(x))) - 2)
        assert abs(value - x) <= 0.5 * digit * (1 + 1e-9)


def test_num_of_the_odd_values():
    assert num(True) == "yes" and num(False) == "no" and num(None) == "—"
    assert num(float("nan")) == "undefined" and num(2.220446049250313e-16) == "0"
    assert num(3888) == "3,888" and num(0.359375) == "0.359" and num(-0.0) == "0"


def test_words_of_an_identifier():
    assert words("alliance.kappa") == "alliance kappa"
    assert words("peace_treaty") == "peace treaty"


def test_compare_sets_the_briefs_side_by_side(tmp_path, capsys):
    path = tmp_path / "both.pdf"
    assert main(["report", "us_dprk_2025_baseline", "--compare", "russia_full_backing",
                 "-o", str(path), "--sections", "summary,results", "--samples", "500",
                 "--no-progress"]) == 0
    text = pdf_text(path)
    assert "Side by side" in text
    ours, other = (negotiation.load(n) for n in ("us_dprk_2025_baseline",
                                                 "russia_full_backing"))
    assert ours.title.split(":")[0] in text and other.title.split(":")[0] in text
    theirs = solve_json("russia_full_backing")
    assert f"{theirs['bargaining_set']['packages']:,}" in text
    assert num(theirs["bargaining_set"]["disagreement"][1]) in text


def test_compare_with_a_missing_scenario_is_one_sentence(tmp_path, capsys):
    path = tmp_path / "none.pdf"
    assert main(["report", "us_dprk_2025_baseline", "--compare", "no_such_scenario",
                 "-o", str(path), "--no-progress"]) == 2
    assert "no_such_scenario" in capsys.readouterr().err
    assert not path.exists()


def test_solve_brief_prints_the_brief_in_plain_words(capsys):
    assert main(["solve", "russia_full_backing", "--brief"]) == 0
    out = capsys.readouterr().out
    scenario = negotiation.load("russia_full_backing")
    assert out.startswith(scenario.title)
    for key in QUESTIONS:
        heading = brief(scenario, solve_json("russia_full_backing")).paragraph(key).heading
        assert heading in out
    assert not IDENTIFIER.findall(out)
