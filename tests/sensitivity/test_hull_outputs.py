"""Alternating offers, and Kalai–Smorodinsky with lotteries, over arrays: the same values
as the analysis computes point by point (``predicted_shares`` of the scenario at each
point), at points drawn from the priors of every bundled scenario and of the composite
test scenario (which has lotteries), including points where an outside option binds,
where no deal is possible, and where the hull of the packages is one point."""

import numpy as np
import pytest

import negotiation
from negotiation.scenario.analysis import predicted_shares, regime
from negotiation.scenario.loading import bundled
from negotiation.sensitivity import as_target

from .conftest import COMPOSITE

BUNDLED = ["us_dprk_2025_baseline", "us_dprk_2018_summits", "russia_full_backing",
           "legacy_deal", "alliance_first", "agreed_framework_1994"]
OUTPUTS = ["alternating_offers", "kalai_smorodinsky"]


def checked_points(scenario, seed, draws=3000, each=6):
    """Points drawn from the priors: ``each`` at random, and up to ``each`` of those where
    the vectorised path finds no deal and where the DPRK's outside option binds (it gets
    exactly its option), so that the rare cases are checked too."""
    target = as_target(scenario)
    rng = np.random.default_rng(seed)
    values = {k: p.sample(draws, rng) for k, p in target.parameters.items()}
    out = target(values, OUTPUTS)["alternating_offers"]
    option = scenario.model.outside_options(scenario.model.env(values, floats=True))[1]
    binds = np.zeros(draws, dtype=bool) if option is None else np.abs(out - option) < 1e-9
    picks = [np.arange(each), np.flatnonzero(np.isnan(out))[:each],
             np.flatnonzero(binds)[:each]]
    rows = np.unique(np.concatenate(picks))
    return {k: v[rows] for k, v in values.items()}, (option is None or binds.any())


def assert_equal_to_the_analysis(scenario, values):
    """Each output at each point equals the analysis (nan where it predicts no deal);
    returns how many points had no deal and how many a binding DPRK option."""
    out = as_target(scenario)(values, OUTPUTS)
    n = len(next(iter(values.values())))
    none = binding = 0
    for i in range(n):
        point = scenario.with_values({k: float(v[i]) for k, v in values.items()})
        expected = predicted_shares(point)
        for key in OUTPUTS:
            if expected[key] is None:
                assert np.isnan(out[key][i]), (key, i)
            else:
                assert out[key][i] == pytest.approx(expected[key], abs=1e-9), (key, i)
        option = point.model.outside_options(point.model.env())[1]
        none += expected["alternating_offers"] is None
        binding += option is not None and expected["alternating_offers"] is not None and \
            abs(expected["alternating_offers"] - float(option)) < 1e-9
    return none, binding


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_scenarios_at_draws_from_their_priors(name):
    scenario = negotiation.load(name)
    values, found = checked_points(scenario, seed=7)
    none, binding = assert_equal_to_the_analysis(scenario, values)
    if name != "agreed_framework_1994":  # (its option never binds at these draws)
        assert none and binding and found


def test_the_composite_scenario_with_lotteries():
    scenario = negotiation.load(str(COMPOSITE))
    assert scenario.settings.get("lotteries")
    values, _ = checked_points(scenario, seed=3, draws=400)
    none, _ = assert_equal_to_the_analysis(scenario, values)
    assert none


def test_a_hull_of_one_point(tmp_path):
    """The composite scenario where both sides prefer no recognition: one package
    dominates, so the hull's frontier is one point; a deal where it beats both
    walk-away values, none elsewhere."""
    text = COMPOSITE.read_text()
    text = text.replace("      recognition: level\n", "      recognition: -0.5 * level\n")
    text = text.replace("    no_deal: d0 + rho * s * R\n",
                        "    deal: 0.5\n    no_deal: d0 + rho * s * R\n")
    path = tmp_path / "one_point.yaml"
    path.write_text(text)
    scenario = negotiation.load(str(path))
    _, vertices = scenario.model.package_space(scenario.model.env()).hull()
    assert len(vertices) == 1
    values, _ = checked_points(scenario, seed=5, draws=200)
    none, _ = assert_equal_to_the_analysis(scenario, values)
    assert 0 < none < len(next(iter(values.values())))


def test_at_the_file_values_of_every_bundled_scenario():
    for name in BUNDLED:
        scenario = negotiation.load(name)
        out = as_target(scenario)({}, OUTPUTS)
        expected = predicted_shares(scenario)
        for key in OUTPUTS:
            assert out[key][0] == pytest.approx(expected[key], abs=1e-9), (name, key)


@pytest.mark.parametrize("name", ["us_dprk_2025_baseline", "alliance_first"])
def test_bundled_scenarios_with_lotteries(name, tmp_path):
    """With lotteries switched on, every solution lies on the hull of thousands of
    packages: the margins, regime, Nash points (and their recognition), Kalai–Smorodinsky
    and alternating offers over arrays equal the analysis."""
    text = bundled()[name].read_text()
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace("  lotteries: false", "  lotteries: true"))
    scenario = negotiation.load(str(path))
    assert scenario.settings["lotteries"] and len(scenario.model.levels()) > 1000
    target = as_target(scenario)
    rng = np.random.default_rng(11)
    values = {k: p.sample(12, rng) for k, p in target.parameters.items()}
    out = target(values, ["nash", "nash_us", "nash_patience", "nash_recognition", "margin",
                          "regime", *OUTPUTS])
    for i in range(12):
        point = scenario.with_values({k: float(v[i]) for k, v in values.items()})
        label, margin, _ = regime(point.model, point.model.env(floats=True))
        assert out["regime"][i] == label
        assert out["margin"][i] == pytest.approx(margin, abs=1e-12)
        agreements = point.analyze(compare=False).agreements
        nash = agreements["nash"]
        expected = {"nash_us": None if nash.empty else nash.utilities[0],
                    "nash_recognition": None if nash.empty else nash.recognition,
                    **{k: None if agreements[k].empty else agreements[k].utilities[1]
                       for k in ("nash", "nash_patience", *OUTPUTS)}}
        for key, want in expected.items():
            assert (np.isnan(out[key][i]) if want is None else
                    out[key][i] == pytest.approx(float(want), abs=1e-9)), (key, i)
