"""The vectorised outputs of a scenario agree with its analysis, point by point."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.scenario.analysis import keeping, predicted_shares, regime
from negotiation.sensitivity import as_target, kernel, monte_carlo
from negotiation.sensitivity.functions import _nash


@pytest.mark.parametrize("name", ["us_dprk_2025_baseline", "us_dprk_2018_summits",
                                  "russia_full_backing", "legacy_deal"])
def test_outputs_at_the_file_values(name):
    s = negotiation.load(name)
    out = as_target(s)({}, ["nash", "nash_patience", "kalai_smorodinsky", "regime",
                               "margin"])
    a = s.analyze(compare=False)
    assert out["regime"][0] == a.regime
    for key in ("nash", "nash_patience", "kalai_smorodinsky"):
        if a.shares[key] is None:
            assert np.isnan(out[key][0])
        else:
            assert out[key][0] == pytest.approx(float(a.shares[key]), abs=1e-12)


@pytest.mark.parametrize("engine", ["numba" if kernel.NUMBA else "auto", "numpy"])
@pytest.mark.parametrize("name", ["us_dprk_2025_baseline", "us_dprk_2018_summits",
                                  "russia_full_backing", "legacy_deal", "alliance_first"])
def test_outputs_at_random_points(name, engine, monkeypatch):
    monkeypatch.setattr(kernel, "ENGINE", engine)
    scenario = negotiation.load(name)
    t = as_target(scenario)
    rng = np.random.default_rng(4)
    draws = {k: rng.uniform(p.low, p.high, 15) for k, p in t.parameters.items()}
    shares = ["nash", "nash_patience", "kalai_smorodinsky", "war", "power_shift"]
    out = t(draws, ["regime", "margin", *shares])
    for i in range(15):
        point = scenario.with_values({k: float(v[i]) for k, v in draws.items()})
        label, margin, _ = regime(point.model, point.model.env(floats=True))
        assert out["regime"][i] == label
        assert out["margin"][i] == pytest.approx(margin, abs=1e-12)
        expected = predicted_shares(point)
        for key in shares:
            share = expected.get(key)
            assert (np.isnan(out[key][i]) if share is None else
                    out[key][i] == pytest.approx(share, abs=1e-12)), (key, i)


def _reference_nash(g1, g2, ok, rec, weights):
    """Every package scored, the plain way: (weighted) log Nash product over the acceptable
    packages ``ok``, ties within 1e-12 to the DPRK's best, then the first."""
    w1, w2 = (np.asarray(w)[:, None] for w in weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(ok, w1 * np.log(np.where(ok, g1, 1)) +
                         w2 * np.log(np.where(ok, g2, 1)), -np.inf)
    best = score.max(axis=1, keepdims=True)
    tie = np.isfinite(best) & (score >= best - 1e-12 * np.maximum(1, np.abs(best)))
    k = np.argmax(np.where(tie, g2, -np.inf), axis=1)
    rows = np.arange(len(k))
    return (g1[rows, k], g2[rows, k], rec[k].astype(float)), np.isfinite(best[:, 0])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 30), st.integers(1, 50), st.integers(0, 2**32 - 1), st.booleans(),
       st.booleans(), st.booleans())
def test_weighted_nash_equals_scoring_every_package(rows, packages, seed, shifted, equal,
                                                    option):
    """The tangent-plane pruning of the weighted Nash solution loses nothing, ties included
    (gains on a 0.1 grid make exact ties common), also when an outside option raises a
    side's walk-away value above its no-deal payoff (``option``)."""
    rng = np.random.default_rng(seed)
    g1, g2 = (np.round(rng.normal(size=(rows, packages)), 1) + shifted for _ in range(2))
    extra = np.round(rng.random((rows, 1)), 1) * option  # walk-away value less no-deal payoff
    ok = (g1 > 0) & (g2 - extra > 0)
    rec = rng.random(packages) < 0.5
    w = np.full(rows, 0.5) if equal else rng.random(rows)
    _, weighted = _nash(g1, g2, ok, rec, (w, 1 - w))
    expected, deal = _reference_nash(g1, g2, ok, rec, (w, 1 - w))
    for got, want in zip(weighted, expected):
        assert np.array_equal(got[deal], want[deal])


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
    """Only the schedule is computed point by point; alternating offers and
    Kalai–Smorodinsky with lotteries (on the hull) come over arrays, with the analysis's
    values (more points in ``test_hull_outputs.py``)."""
    target = as_target(composite_scenario)
    assert target.pointwise == ("schedule",)
    out = target({"L": np.array([0.0, 0.1, 0.2])},
                 ["alternating_offers", "kalai_smorodinsky", "schedule"])
    for i, legacy in enumerate((0.0, 0.1, 0.2)):
        point = composite_scenario.with_values({"L": legacy})
        expected = predicted_shares(point)
        for key in ("alternating_offers", "kalai_smorodinsky"):
            assert out[key][i] == pytest.approx(expected[key], abs=1e-12)
        assert out["schedule"][i] == keeping(point)


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
