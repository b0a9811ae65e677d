"""The vectorised outputs of a scenario agree with its analysis, point by point."""

import numpy as np
import pytest

import negotiation
from negotiation.scenario.analysis import predicted_shares, regime
from negotiation.sensitivity import as_target, monte_carlo


@pytest.mark.parametrize("name", ["us_dprk_2025_baseline", "us_dprk_2018_summits",
                                  "russia_full_backing", "legacy_deal"])
def test_outputs_at_the_file_values(name):
    s = negotiation.load(name)
    out = as_target(s)({}, ["nash", "nash_patience", "regime", "margin"])
    a = s.analyze(compare=False)
    assert out["regime"][0] == a.regime
    for key in ("nash", "nash_patience"):
        if a.shares[key] is None:
            assert np.isnan(out[key][0])
        else:
            assert out[key][0] == pytest.approx(float(a.shares[key]), abs=1e-12)


def test_outputs_at_random_points(baseline):
    t = as_target(baseline)
    rng = np.random.default_rng(4)
    draws = {k: rng.uniform(p.low, p.high, 6) for k, p in t.parameters.items()}
    out = t(draws, ["nash", "regime", "margin"])
    for i in range(6):
        point = baseline.with_values({k: float(v[i]) for k, v in draws.items()})
        label, margin, _ = regime(point.model, point.model.env(floats=True))
        assert out["regime"][i] == label
        assert out["margin"][i] == pytest.approx(margin, abs=1e-12)
        share = predicted_shares(point)["nash"]
        assert (np.isnan(out["nash"][i]) if share is None else
                out["nash"][i] == pytest.approx(share, abs=1e-12))


def test_composite_scenario_with_lotteries(composite_scenario):
    out = as_target(composite_scenario)({"kappa": np.array([0.1, 0.25, 0.5])}, ["nash"])
    expected = [0.2 + (1.1 - 0.3) / (2 * (1 + k)) for k in (0.1, 0.25, 0.5)]
    assert out["nash"] == pytest.approx(expected, abs=1e-12)


def test_monte_carlo_of_a_scenario(baseline):
    r = monte_carlo(baseline, n=2000, seed=1, vary=["russia.backing", "alliance.kappa"])
    probabilities = r.summary["regime"]["probabilities"]
    assert sum(p for p, _, _ in probabilities.values()) == pytest.approx(1)
    assert "recognition required" in probabilities


def test_pointwise_outputs(composite_scenario):
    out = as_target(composite_scenario)({"L": np.array([0.1])}, ["alternating_offers"])
    assert out["alternating_offers"][0] == pytest.approx(
        predicted_shares(composite_scenario)["alternating_offers"])


def test_closed_form_target(baseline):
    from negotiation.sensitivity import closed_form, regime_map

    forms = baseline.model.symbolic()["war"]
    target = closed_form(baseline, {"war_probability": forms["war_probability"],
                                    "demand": forms["demand"]})
    war = baseline.analyze(compare=False).war
    out = target({})
    assert out["war_probability"][0] == pytest.approx(float(war["war_probability"]), abs=1e-12)
    assert out["demand"][0] == pytest.approx(float(war["demand"]), abs=1e-12)
    m = regime_map(target, ("war.cost_us", 0.0, 0.6), "war.cost_dprk_high",
                   output="war_probability", level=0.1, n=10)
    assert set(m.regimes) == {"above", "below"} and m.boundary
