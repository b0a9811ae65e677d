"""The case analysis is right and consistent over the whole plausible box of every bundled
scenario: one walk-away value for each side, lotteries that reproduce their utilities,
threshold sentences that agree with the analysis on both sides, no crash, exact counts, the
same answer from the exact and the vectorised paths, and a calibration that retrodicts the
2018–19 summits."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.errors import NegotiationError
from negotiation.scenario import CHANNELS, load
from negotiation.scenario.analysis import predicted_shares
from negotiation.sensitivity.functions import scenario_outputs

BUNDLED = ("us_dprk_2025_baseline", "us_dprk_2018_summits", "russia_full_backing",
           "alliance_first", "legacy_deal", "agreed_framework_1994")
SCENARIOS = {name: load(name) for name in BUNDLED}


def _package_row(model, package):
    """The package space's row of ``package`` ({issue: level}; missing issues: none)."""
    full = {i.name: i.levels[0] for i in model.issues}
    full.update(package)
    return [i.levels.index(full[i.name]) for i in model.issues]


def _worth(scenario, package):
    """Exact utilities of one package, from the package space."""
    return scenario.model.package_space().exact_utilities(
        _package_row(scenario.model, package))


def _check_agreements(scenario, analysis):
    """Each agreement: its lottery reproduces its utilities, and it gives each side at
    least its walk-away value."""
    space = scenario.model.package_space(scenario.model.env())
    walk = analysis.bargaining_set["walk_away"]
    for agreement in analysis.agreements.values():
        if agreement.empty:
            continue
        lottery = agreement.lottery or ((agreement.package, 1),)
        worth = [sum(w * space.exact_utilities(_package_row(scenario.model, p))[i]
                     for p, w in lottery) for i in range(2)]
        for i in range(2):
            assert float(worth[i]) == pytest.approx(float(agreement.utilities[i]), abs=1e-12), \
                (agreement.concept, i)
            assert float(agreement.utilities[i]) >= float(walk[i]) - 1e-12, \
                (agreement.concept, i, agreement.utilities, walk)
        assert sum(w for _, w in lottery) == pytest.approx(1)


def _exists(scenario, key):
    """Whether what threshold ``key`` is about holds, from the exact package space."""
    model = scenario.model
    space = model.package_space(model.env())
    rational = space.individually_rational()
    rec = model.recognition_mask()
    if key == "backing_without_recognition":
        return bool((rational & ~rec).any())
    if key == "legacy_recognition":
        return bool((rational & rec).any())
    return bool(rational.any())


# ------------------------------------------------------------------ regressions

def test_the_reported_lottery_reproduces_its_utilities():
    for scenario in SCENARIOS.values():
        _check_agreements(scenario, scenario.analyze(compare=False))


def test_a_lottery_names_both_of_its_packages():
    for scenario in SCENARIOS.values():
        analysis = scenario.analyze(compare=False)
        for a in analysis.agreements.values():
            if len(a.lottery) == 2:
                text = analysis.explain()
                line = next(x for x in text.splitlines() if x.startswith("- " + a.name[:8]
                                                                     .capitalize()))
                assert line.count("with probability") == 2


def test_one_walk_away_value_in_every_concept():
    """The DPRK's outside option beats its no-deal payoff in the baseline: the bargaining
    set, every concept and the tree all use it (walk-away = max(d, w))."""
    scenario = SCENARIOS["us_dprk_2025_baseline"]
    model = scenario.model
    d, w = model.disagreement(), model.outside_options()
    analysis = scenario.analyze(compare=False)
    walk = analysis.bargaining_set["walk_away"]
    assert walk == (d[0], max(d[1], w[1])) and w[1] > d[1]
    space = model.package_space()
    count = sum(1 for row in space.levels()
                if all(u > a for u, a in zip(space.exact_utilities(row), walk)))
    assert analysis.bargaining_set["count"] == count
    assert "walk_away" in analysis.to_dict()["bargaining_set"]
    assert "Walk-away values" in analysis.explain()
    _check_agreements(scenario, analysis)


def test_the_zero_point_a_package_without_concessions_keeps_the_status_quo():
    """u(nobody concedes) = no_deal − forfeit + deal, for every side of every scenario."""
    for scenario in SCENARIOS.values():
        model = scenario.model
        nothing = _worth(scenario, {})
        v = scenario.values
        aid = model.value(("utilities", "DPRK", "no_deal")) - v["dprk.status_quo"]
        assert nothing[0] == model.disagreement()[0] + v["leader.legacy"]
        assert nothing[1] == model.disagreement()[1] - (1 - v["russia.kept"]) * aid


def test_kalai_smorodinsky_tie_break_does_not_crash_at_plausible_values():
    scenario = SCENARIOS["us_dprk_2025_baseline"]
    reported = scenario.with_values({"russia.reliability": 0.9, "alliance.kappa": 0.36})
    _check_agreements(reported, reported.analyze())
    for r in np.linspace(0.4, 1.0, 7):
        for k in np.linspace(0.1, 0.5, 21):
            point = scenario.with_values({"russia.reliability": Fraction(str(round(r, 6))),
                                          "alliance.kappa": Fraction(str(round(k, 6)))})
            walk = point.model.walk_away()[1]
            shares = predicted_shares(point)
            for concept in ("nash", "nash_patience", "kalai_smorodinsky"):
                assert shares[concept] is None or shares[concept] > float(walk) - 1e-12


def test_individually_rational_counts_are_exact():
    scenario = SCENARIOS["us_dprk_2018_summits"]
    space = scenario.model.package_space()
    walk = space.walk_away
    exact = sum(1 for row in space.levels()
                if all(u > a for u, a in zip(space.exact_utilities(row), walk)))
    assert scenario.analyze(compare=False).bargaining_set["count"] == exact


def test_every_parameter_enters_the_model():
    """No sourced fact sits in a file without entering a formula."""
    for scenario in SCENARIOS.values():
        used = {scenario.settings["level"]}  # derived names are expanded in the formulas
        for slot in scenario.slots.values():
            used |= {str(s) for s in slot.expr.free_symbols}
        unused = set(scenario.parameters) - used
        assert not unused, (scenario.name, unused)


def test_relief_loses_value_with_backing_through_its_own_channel():
    scenario = SCENARIOS["us_dprk_2025_baseline"]
    model = scenario.model

    def relief(s, backing):
        return s.model.issue_values("DPRK", s.model.env({"russia.backing": backing}))[
            "sanctions"][-1] - s.model.issue_values(
                "DPRK", s.model.env({"russia.backing": backing}))["sanctions"][0]
    assert relief(scenario, Fraction(1)) < relief(scenario, Fraction(0))
    off = scenario.with_channels(substitution=False)
    assert relief(off, Fraction(1)) == relief(off, Fraction(0)) == \
        model.scenario.values["dprk.value.sanctions"]


def test_the_patron_pays_only_for_the_aid_the_dprk_keeps_under_a_deal():
    scenario = SCENARIOS["us_dprk_2025_baseline"]
    v = scenario.values
    kept = v["russia.kept"] * v["russia.backing"]
    deal, _ = scenario.model.patron_payoffs()
    nothing = _package_row(scenario.model, {})
    index = next(k for k, row in enumerate(scenario.model.levels()) if list(row) == nothing)
    expected = v["russia.munitions"] * kept - v["russia.cost"] * kept ** 2
    assert deal[index] == pytest.approx(float(expected), abs=1e-12)


def test_ties_in_the_backing_tree_are_explained():
    analysis = SCENARIOS["us_dprk_2025_baseline"].analyze(compare=False)
    b = analysis.backing
    text = analysis.explain()
    for o in b["offers"]:
        if o["accept_probability"] == 0:
            assert f"at {o['level']:g} DPRK rejects every US offer" in text
    if b["equilibria"] > 1:
        assert "subgame-perfect equilibria tie, " in text


def test_keeping_a_deal_counts_the_reversal_risk_once():
    """The schedule section gives time preference alone; the reversal risk enters the
    schedule model on its own, not again through the discount factor."""
    for scenario in SCENARIOS.values():
        e = scenario.analyze(compare=False).self_enforcement
        v = scenario.values
        assert e["patience"] == "schedule"
        assert e["discount"]["US"] == v["power.discount"]
        assert e["reversal"] == v["us.reversal"]
        assert (e["self_enforcing"] is True) == all(e["holds"].values())
        for k, t in e["thresholds"].items():
            assert e["holds"][k] == (t is not None and e["discount"][k] >= t)


def test_one_balance_of_power_in_both_crisis_models():
    for scenario in SCENARIOS.values():
        a = scenario.analyze(compare=False)
        v = scenario.values
        assert a.power_shift["now"] == 1 - v["war.us_alone"]
        q = a.war["intervention"]
        assert a.war["p"] == q * v["war.us_against_both"] + (1 - q) * v["war.us_alone"]


# ------------------------------------------------------------------ retrodiction

SINGAPORE = {"alliance": "exercises_suspended", "guarantee": "declaration", "moratorium": "yes"}
HANOI_DPRK = {"sanctions": "partial", "yongbyon": "dismantled", "moratorium": "yes"}


def test_singapore_was_acceptable_to_both():
    """Joint Statement of President Trump and Chairman Kim, Singapore, 12 June 2018:
    exercises suspended (US DoD, 18 June 2018) and a declaration for the test moratorium."""
    scenario = SCENARIOS["us_dprk_2018_summits"]
    u = _worth(scenario, SINGAPORE)
    walk = scenario.model.walk_away()
    assert u[0] > walk[0] and u[1] > walk[1]


def test_at_hanoi_the_dprk_wanted_its_offer_and_the_us_walked_away():
    """Hanoi, 27–28 February 2019: the DPRK offered Yongbyon and a written moratorium for
    relief from the five 2016–17 resolutions (Ri Yong Ho's press conference, 1 March 2019);
    the US walked away (President Trump's press conference, 28 February 2019)."""
    scenario = SCENARIOS["us_dprk_2018_summits"]
    u = _worth(scenario, HANOI_DPRK)
    walk = scenario.model.walk_away()
    assert u[1] > walk[1]
    assert u[0] < walk[0]


def test_in_2018_russia_chose_not_to_back_pyongyang():
    """Russia voted for every sanctions resolution through 2397 (22 December 2017) and its
    munitions trade with the DPRK began only in 2023 (MSMT report of 29 May 2025): with
    nothing to buy, the patron's best backing level in the 2018 scenario is none."""
    analysis = SCENARIOS["us_dprk_2018_summits"].analyze(compare=False)
    assert analysis.backing["level"] == 0


def test_the_2018_record_is_stated_and_explained():
    analysis = SCENARIOS["us_dprk_2018_summits"].analyze(compare=False)
    r = analysis.record
    assert r["deal"] is False and r["predicted"] == (analysis.regime != "no deal")
    text = analysis.explain()
    assert "The record: " in text
    if r["predicted"]:
        assert "The model predicts a deal that was not made." in text


# ------------------------------------------------------------------ the plausible box

def _point(scenario, data):
    values = {}
    for name, parameter in scenario.parameters.items():
        lo, hi = (Fraction(v) for v in parameter.range)
        values[name] = lo + (hi - lo) * Fraction(data.draw(st.integers(0, 8)), 8)
    switches = {f"channels.{c}": data.draw(st.booleans()) for c in CHANNELS}
    return scenario.with_values({**values, **switches})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(BUNDLED), data=st.data())
def test_the_analysis_holds_everywhere_in_the_plausible_box(name, data):
    scenario = _point(SCENARIOS[name], data)
    try:
        analysis = scenario.analyze(compare=False)
    except NegotiationError:
        return  # a point the model cannot mean is refused in one sentence
    _check_agreements(scenario, analysis)
    # the vectorised path gives the same regime and deal at the same point
    values = {k: np.array([float(v)]) for k, v in scenario.values.items()}
    fast = scenario_outputs(scenario, values, 1, want=("regime", "deal", "nash"))
    assert fast["regime"][0] == analysis.regime
    assert bool(fast["deal"][0]) == (analysis.regime != "no deal")
    nash = analysis.agreements["nash"]
    if not nash.empty:
        assert fast["nash"][0] == pytest.approx(float(nash.utilities[1]), abs=1e-9)
    # every threshold sentence agrees with the analysis just below and just above it
    for t in analysis.thresholds:
        if t.value is None or t.status not in ("below", "above"):
            continue
        step = 1e-6 * max(1.0, abs(t.value), t.range[1] - t.range[0])
        try:
            below = scenario.with_values({t.parameter: Fraction(t.value - step)})
            above = scenario.with_values({t.parameter: Fraction(t.value + step)})
        except NegotiationError:
            continue  # a tipping point at the edge of what the parameter can mean
        holds = (_exists(below, t.key), _exists(above, t.key))
        assert holds == ((True, False) if t.status == "below" else (False, True)), \
            (t.key, t.value, t.status)



def test_judgement_calls_show_what_each_does():
    """Each judgement call at the ends of its range, compared with analyses run directly."""
    from negotiation.sensitivity import judgement_calls

    scenario = SCENARIOS["us_dprk_2025_baseline"]
    calls = judgement_calls(scenario, ["russia.kept", "us.reversal"])
    base = scenario.analyze(compare=False)
    assert calls.baseline["regime"] == base.regime
    for row in calls.rows:
        low = Fraction(scenario.parameters[row["parameter"]].range[0])
        direct = scenario.with_values({row["parameter"]: low}).analyze(compare=False)
        assert row["at_low"]["backing"] == direct.backing["level"]
        assert row["at_low"]["self_enforcing"] == direct.self_enforcement["self_enforcing"]
        assert set(row["decides"]) == {k for k in row["at_low"]
                                       if row["at_low"][k] != calls.baseline[k]
                                       or row["at_high"][k] != calls.baseline[k]}
    assert "russia.kept" in calls.explain()
    assert list(calls.to_dataframe().columns[:4]) == ["parameter", "value", "low", "high"]
    with pytest.raises(NegotiationError, match="not a parameter"):
        judgement_calls(scenario, ["no.such"])


@pytest.mark.parametrize("name", BUNDLED)
def test_package_utilities_are_the_sums_of_the_packages_levels(name):
    """Every package's utility, summed level by level over the package rows (the plain
    way), is what the model's outer sums give, to the bit."""
    model = SCENARIOS[name].model
    env = model.env(floats=True)
    rows = model.levels()
    for actor in (*model.players, *([model.patron] if model.patron else [])):
        values = model.issue_values(actor, env)
        plain = sum(np.asarray([float(v) for v in values[issue]])[rows[:, k]]
                    for k, issue in enumerate(model.issue_names))
        np.testing.assert_array_equal(model.utilities(env, actor), plain)


def test_formulas_remember_values_by_type_and_value():
    """A remembered value is the one a fresh evaluation gives, exact or float, at every
    point; arrays are evaluated each time."""
    scenario = SCENARIOS["us_dprk_2025_baseline"]
    model = scenario.model
    slot = next(s for s in model.slots.values() if len(s.symbols) > 1 and s.derived)
    name = sorted(slot.symbols - {"level"})[0]
    exact, floats = model.env(), model.env(floats=True)
    half = {k: Fraction(1, 2) for k in slot.symbols}  # equal as a Fraction and as a float
    points = [exact, floats, {**exact, **half}, {**floats, **dict.fromkeys(half, 0.5)},
              exact, floats, {**exact, **half}]
    for env in points:
        fresh = slot._evaluate(env)
        value = slot.evaluate(env)
        assert value == fresh and type(value) is type(fresh)
    grid = np.linspace(0.1, 0.9, 5)
    values = slot.evaluate({**floats, name: grid})
    assert isinstance(values, np.ndarray)
    np.testing.assert_allclose(values, [slot.evaluate({**floats, name: float(x)})
                                        for x in grid], rtol=1e-15)
