"""The analysis of a scenario: hand-derived values, every bundled scenario, then and now,
and the direction of each channel of Russian backing."""

import json
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.bargaining import Issue, PackageSpace, Schedule
from negotiation.scenario import CHANNELS, bundled, load
from negotiation.scenario.analysis import hull_margin, predicted_shares
from negotiation.sensitivity.threshold import bracketed_root

FIXTURE = Path(__file__).parent / "fixtures" / "composite.yaml"
BUNDLED = ("us_dprk_2025_baseline", "us_dprk_2018_summits", "russia_full_backing",
           "alliance_first", "legacy_deal", "agreed_framework_1994")


@pytest.fixture(scope="module")
def composite():
    return load(FIXTURE)


@pytest.fixture(scope="module")
def composite_analysis(composite):
    return composite.analyze()


def test_composite_model_by_hand(composite, composite_analysis):
    r"""The composite recognition-deal model of literature notes: lit-composite, solved by hand.

    One US concession x ∈ [0, 1], realised as a lottery between the packages "none" (x = 0)
    and "full" (x = 1) (``lotteries: true``).  DPRK values it u_K = x; the US gets
    u_US = 1 + L − (1 + κ) x from a deal.  No deal gives d_U = 0.3 and
    d_K = d0 + ρ s R = 0.2 + 1 · 0.4 · 0.5 = 0.4.  With κ = 0.25 and L = 0.1:

    * The frontier is the segment from (u_US, u_K) = (1.1, 0) to (−0.15, 1), i.e.
      u_US = 1.1 − 1.25 u_K.  The Nash product (1.1 − 1.25 x − 0.3)(x − 0.4) is maximal at
      x* = d_K/2 + (1 + L − d_U)/(2(1 + κ)) = 0.2 + 0.8/2.5 = 0.52 = 13/25, where
      u_US = 1.1 − 0.65 = 0.45 = 9/20 (literature notes: lit-composite: x* = 0.52, u_U = 0.45).
    * Kalai–Smorodinsky: the utopia point is (1.1 − 1.25 · 0.4, (1.1 − 0.3)/1.25) =
      (0.6, 0.64); the line from d = (0.3, 0.4) to it meets the frontier half way, at
      (0.45, 0.52): the same point, as on any linear frontier.
    * Deals exist while the surplus S = 1 + L − d_U − (1 + κ) d_K > 0 (S = 0.3 here).
      In R: d_K = 0.2 + 0.4 R < 0.64 ⇔ R < 1.1.  In κ: 1 + κ < 0.8/0.4 ⇔ κ < 1.
    * The package "full" alone (recognition for sure) is acceptable to the US when
      1 + L − 1.25 > 0.3 ⇔ L > 0.55 (DPRK gets 1 > 0.4 from it anyway).  The package
      "none" gives DPRK 0 < d_K: no deal without recognition exists at any R.
    * Self-enforcement (grim trigger): the US pays 1.25 · 0.52 = 0.65 a period; reneging it
      gets 0.45 + 0.65 = 1.1 once, then 0.3 forever.  It complies iff
      δ ≥ (1.1 − 0.45)/(1.1 − 0.3) = 13/16 = 0.8125, and has 0.85.  DPRK gives nothing, so
      it needs δ ≥ 0.
    """
    a = composite_analysis
    nash = a.agreements["nash"]
    assert nash.utilities == (Fraction(9, 20), Fraction(13, 25))
    assert dict(nash.lottery[0][0]) == {"recognition": "full"}
    assert nash.lottery[0][1] == Fraction(13, 25)
    assert nash.recognition == pytest.approx(0.52)
    assert a.agreements["kalai_smorodinsky"].utilities == (Fraction(9, 20), Fraction(13, 25))
    assert a.shares["nash"] == Fraction(13, 25)
    t = {x.key: x for x in a.thresholds}
    assert t["backing_all_deals"].value == pytest.approx(1.1, abs=1e-10)
    assert t["backing_all_deals"].status == "below"
    assert t["alliance_walk_away"].value == pytest.approx(1.0, abs=1e-10)
    assert t["legacy_recognition"].value == pytest.approx(0.55, abs=1e-10)
    assert not t["legacy_recognition"].in_range
    assert t["backing_without_recognition"].value is None
    assert t["backing_without_recognition"].status == "never"
    e = a.self_enforcement
    assert e["thresholds"]["US"] == pytest.approx(13 / 16, abs=1e-11)
    assert e["thresholds"]["DPRK"] == 0
    assert e["self_enforcing"] is True and e["holds"] == {"US": True, "DPRK": True}
    # the schedule engine, exactly: at 13/16 the US's constraint binds, just below it fails
    model = composite.model
    for delta, slack in ((Fraction(13, 16), 0), (Fraction(81, 100), -1)):
        problem = model.schedule_problem(nash.lottery, discount={"US": delta})
        check = problem.check(Schedule((tuple(s.name for s in problem.steps),)))
        assert problem.exact and (check.slack["US"][0] > 0) - (check.slack["US"][0] < 0) == slack


def test_symbolic_nash_is_the_closed_form(composite):
    forms = composite.model.symbolic()
    names = {n: sympy.Symbol(n, real=True) for n in ("kappa", "L", "d_U", "d0", "rho", "s", "R")}
    kappa, L, d_U, d0, rho, s, R = names.values()
    d_K = d0 + rho * s * R
    assert sympy.simplify(forms["nash"]["share"] - (d_K / 2 + (1 + L - d_U) / (2 * (1 + kappa)))) \
        == 0
    assert sympy.simplify(forms["no_deal"]["DPRK"] - d_K) == 0
    assert forms["discount"]["US"] == sympy.Symbol("delta_U", real=True)


def test_package_space_lotteries_reach_deals_no_single_package_gives():
    """Regression: with lotteries, mixtures count even when no package beats no deal."""
    space = PackageSpace([Issue("x", "US", ("none", "full"))],
                         {"US": {"x": ["11/10", "-3/20"]}, "DPRK": {"x": [0, 1]}},
                         disagreement=("3/10", "2/5"))
    assert space.solve("nash").empty
    choice = space.solve("nash", lotteries=True)
    assert not choice.empty and choice.point == (Fraction(9, 20), Fraction(13, 25))


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_scenario_loads_validates_and_analyses(name):
    assert name in bundled()
    assert negotiation.scenario.validate(name) == []
    scenario = negotiation.load(name)
    analysis = scenario.analyze()
    data = json.loads(analysis.to_json())
    assert data["scenario"] == name
    assert set(data["agreements"]) == {"nash", "nash_patience", "kalai_smorodinsky",
                                       "alternating_offers"}
    assert {t["key"] for t in data["thresholds"]} == {
        "backing_without_recognition", "backing_all_deals", "legacy_recognition",
        "alliance_walk_away"}
    assert data["backing"]["level"] in [float(c) for c in scenario.settings["choices"]]
    assert 0 <= data["uncertainty"]["no_deal_probability"] <= 1
    text = analysis.explain()
    assert scenario.title in text and "Regime:" in text and "Thresholds" in text
    for param in scenario.parameters.values():
        assert (param.source is None) != (param.judgement is None)
        if param.source:
            assert param.source["citation"] and param.source.get("url", "http").startswith("http")


def test_numbers_come_from_the_solvers_not_the_file():
    base = load("us_dprk_2025_baseline")
    a, b = base.analyze(compare=False), base.with_values(
        {"russia.reliability": "0.4"}).analyze(compare=False)
    assert a.bargaining_set["disagreement"][1] == Fraction(2, 5)
    assert b.bargaining_set["disagreement"][1] == Fraction(8, 25)  # 0.24 + 0.4 · 0.5 · 0.4
    assert b.changed == {"russia.reliability": (0.8, 0.4)}
    assert a.agreements["nash"].utilities != b.agreements["nash"].utilities


@pytest.mark.parametrize("name", ["us_dprk_2025_baseline", "us_dprk_2018_summits"])
def test_then_and_now_follow_the_dates(name):
    """Whichever file asks for the comparison, the earlier scenario is "then"."""
    c = load(name).analyze().comparison
    assert (c["then"], c["now"]) == ("us_dprk_2018_summits", "us_dprk_2025_baseline")
    text = "\n".join(c["sentences"])
    assert text.startswith("Then and now (us_dprk_2018_summits, 2018-06-12, against "
                           "us_dprk_2025_baseline")
    for other in (c["then"], c["now"]):
        assert c["regimes"][other] == load(other).analyze(compare=False).regime


def test_then_and_now_rows_are_this_scenario_with_one_value_of_the_other():
    here, there = load("us_dprk_2025_baseline"), load("us_dprk_2018_summits")
    c = here.analyze().comparison
    row = next(r for r in c["changes"] if r["parameter"] == "russia.backing")
    assert (row["here"], row["there"]) == (0.5, 0.0)
    alone = here.with_values({"russia.backing": 0}).analyze(compare=False)
    assert row["regime"] == alone.regime
    assert {r["parameter"] for r in c["changes"]} == {
        k for k in there.values if k in here.values and there.values[k] != here.values[k]}


def test_full_backing_leaves_no_deal_without_recognition_by_hand():
    """At full, reliable backing Russian aid replaces sanctions relief and raises the DPRK's
    walk-away value by more than every other US concession is worth to it."""
    scenario = load("russia_full_backing")
    v = scenario.values
    aid = v["russia.reliability"] * v["russia.backing"] * sum(
        v[f"russia.{k}"] for k in ("food", "fuel", "currency", "technology"))
    relief = v["dprk.value.sanctions"] * (
        1 - v["russia.substitution"] * v["russia.reliability"] * v["russia.backing"])
    hurdle = (1 - v["russia.kept"]) * aid + (v["dprk.alignment"] - 1) * aid
    best_without = relief + v["dprk.value.alliance"] + v["dprk.value.guarantee"]
    assert best_without < hurdle  # the hand check the model must agree with
    analysis = scenario.analyze(compare=False)
    assert analysis.bargaining_set["without_recognition"] == 0
    assert analysis.regime in ("recognition required", "no deal")


def test_switching_a_channel_off_removes_its_effect():
    base = load("us_dprk_2025_baseline")
    on = base.analyze(compare=False)
    off = base.with_channels(disagreement=False).analyze(compare=False)
    assert off.bargaining_set["disagreement"][1] == Fraction(6, 25)  # d0 alone
    assert off.channels["disagreement"] is False
    assert off.war == on.war and off.power_shift == on.power_shift
    war_off = base.with_values({"channels.war": "off"}).analyze(compare=False)
    assert war_off.war["intervention"] == 0
    assert war_off.bargaining_set == on.bargaining_set


def _channel_scenario(channel):
    base = load("us_dprk_2025_baseline")
    return base.with_channels(**{c: c == channel for c in CHANNELS})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(channel=st.sampled_from(sorted(set(CHANNELS) - {"substitution"})),
       levels=st.lists(st.integers(0, 20), min_size=2, max_size=2, unique=True))
def test_more_backing_never_lowers_the_dprk_share(channel, levels):
    """Each channel alone: raising Russia's backing never lowers the DPRK's predicted share
    under any concept, wherever a deal is predicted at both levels (a backing level that
    kills the deal is the threshold analysis's business).  Not the substitution channel:
    aid that replaces relief makes relief worth less, which can lower what a deal gives."""
    scenario = _channel_scenario(channel)
    low, high = sorted(Fraction(v, 20) for v in levels)
    a = predicted_shares(scenario.with_values({"russia.backing": low}))
    b = predicted_shares(scenario.with_values({"russia.backing": high}))
    for concept in a:
        if a[concept] is not None and b[concept] is not None:
            assert b[concept] >= a[concept] - 1e-9, (channel, concept, low, high)


@pytest.mark.parametrize("channel, concept", [
    ("disagreement", "nash"), ("patience", "alternating_offers"), ("war", "war"),
    ("power_shift", "power_shift")])
def test_each_channel_moves_its_share(channel, concept):
    scenario = _channel_scenario(channel)
    low = predicted_shares(scenario.with_values({"russia.backing": 0}))[concept]
    high = predicted_shares(scenario.with_values({"russia.backing": "0.5"}))[concept]
    assert high > low


def test_the_outside_option_channel_raises_the_walk_away_value():
    scenario = _channel_scenario("outside_option")
    low, high = (scenario.with_values({"russia.backing": b}).analyze(compare=False)
                 .bargaining_set["walk_away"][1] for b in (0, "0.5"))
    assert high > low
    v = scenario.values  # w = status quo + alignment · aid, above d = status quo alone
    aid = v["russia.reliability"] * Fraction(1, 2) * sum(
        v[f"russia.{k}"] for k in ("food", "fuel", "currency", "technology"))
    assert high == v["dprk.status_quo"] + v["dprk.alignment"] * aid


def test_hull_margin_and_root_finder():
    # equal gains 0.8 - 1.25 x = x - 0.4 at x = 8/15: both gain 2/15
    assert hull_margin([1.1, -0.15], [0, 1], 0.3, 0.4) == pytest.approx(2 / 15)
    assert hull_margin([1.1, -0.15], [0, 1], 0.3, 0.7) < 0
    assert bracketed_root(lambda x: x ** 3 - 2, 0, 2) == pytest.approx(2 ** (1 / 3), abs=1e-11)
    assert bracketed_root(lambda x: 0.5 - x, 0, 1) == 0.5
