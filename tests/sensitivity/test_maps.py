"""Thresholds, regime maps and sweeps, including tracked equilibria."""

import importlib

import numpy as np
import pytest

import negotiation
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame
from negotiation.bargaining import alternating_offers
from negotiation.sensitivity import regime_map, sweep, sweep_equilibria, threshold

DELTA_A = 0.9


def option_regime(w_B, d_B):
    """Whether B's outside option binds in alternating offers (literature notes:
    lit-two-sided-options)."""
    r = alternating_offers(discount=(np.full(np.shape(w_B), DELTA_A), d_B),
                           outside_options=(0, w_B))
    return np.where(np.asarray(r.binding[1]), "B's option binds", "Rubinstein").astype(object)


def test_regime_map_boundary_is_the_analytic_kink():
    m = regime_map(option_regime, "w_B", "d_B", n=20,
                   parameters={"w_B": (0, 0.9), "d_B": (0.5, 0.95)})
    b = m.boundary_frame()
    along = b[b.along == "w_B"]
    assert len(along) == 20  # one crossing per row of the coarse grid
    kink = along.d_B * (1 - DELTA_A) / (1 - DELTA_A * along.d_B)
    assert np.abs(along.w_B - kink).max() < 1e-10
    assert set(m.regimes) == {"B's option binds", "Rubinstein"}
    assert len(m.to_dataframe()) == 400


def test_regime_map_of_a_scenario(composite_scenario):
    m = regime_map(composite_scenario, "R", "kappa", n=(12, 10))
    assert "no deal" in m.regimes
    # the backing level where every deal vanishes, at kappa = 0.25: R = 1.1 (margin 0)
    b = m.boundary_frame()
    assert m.grid.shape == (10, 12)
    assert "boundary points" in m.explain()
    assert len(b) > 0


def test_threshold_finds_every_crossing():
    r = threshold(lambda x: np.sin(x), "x", bounds=(0.5, 10), level=0.0)
    assert r.values == pytest.approx([np.pi, 2 * np.pi, 3 * np.pi], abs=1e-11)
    assert r.directions == ("down", "up", "down")
    assert all(lo <= v <= hi for v, (lo, hi) in zip(r.values, r.brackets))
    assert r.tolerance == 1e-12
    assert len(r.to_dataframe()) == 3


def test_threshold_matches_the_analysis(baseline):
    cautious = baseline.with_values({"russia.kept": 0})  # a deal would stop all Russian aid
    r = threshold(cautious, "russia.backing", output="regime", level=None)
    found = {t.key: t.value for t in cautious.analyze(compare=False).thresholds}
    k = min(range(len(r.values)),
            key=lambda i: abs(r.values[i] - found["backing_without_recognition"]))
    assert r.values[k] == pytest.approx(found["backing_without_recognition"], abs=1e-9)
    assert r.directions[k][1] == "recognition required"
    full = negotiation.load("russia_full_backing")
    walk_away = {t.key: t.value for t in full.analyze(compare=False).thresholds}[
        "alliance_walk_away"]
    m = threshold(full, "alliance.kappa", output="margin", level=0.0, bounds=(0.1, 1.0))
    assert m.values == pytest.approx([walk_away], abs=1e-9)


def test_sweep_is_tidy(baseline):
    r = sweep(baseline, {"russia.backing": [0, 0.5, 1], "leader.legacy": [0.0, 0.1]},
              outputs=["nash", "regime"])
    df = r.to_dataframe()
    assert list(df.columns) == ["russia.backing", "leader.legacy", "nash", "regime"]
    assert len(df) == 6
    row = df[(df["russia.backing"] == 0.5) & (df["leader.legacy"] == 0.1)].iloc[0]
    analysis = baseline.analyze(compare=False)
    assert row.nash == pytest.approx(float(analysis.agreements["nash"].utilities[1]))
    assert row.regime == analysis.regime


def _coordination(a):
    return NormalFormGame.from_matrices([[a, 0], [0, 1]], [[a, 0], [0, 1]])


def test_equilibria_are_born_together_at_the_degenerate_value():
    path = sweep_equilibria(_coordination, "a", np.linspace(-1, 1, 8))
    assert path.counts() == [1, 1, 1, 1, 3, 3, 3, 3]
    (event,) = path.events
    assert event["kind"] == "split" and len(event["branches"]) == 2
    assert event["value"] == pytest.approx(0, abs=1e-9)


def test_equilibria_merge_and_vanish():
    path = sweep_equilibria(lambda a: _coordination(0.5 - a), "a", np.linspace(0, 1, 6))
    (event,) = path.events
    assert event["kind"] == "merge"
    assert event["value"] == pytest.approx(0.5, abs=1e-9)
    assert "merge" in path.explain()


@settings(max_examples=25, deadline=None)
@given(st.floats(-0.9, 0.9), st.floats(0.2, 3))
def test_branch_ends_are_found_from_their_supports(t, scale):
    """Each branch's end is located by bisection on its own support (no enumeration, no
    count bisection), at the degenerate value of a coordination game (off the grid: on
    it, the game there is degenerate and the count decides)."""
    grid = np.linspace(-1, 1, 7)
    assume(np.abs(grid - t).min() > 1e-6)
    module = importlib.import_module("negotiation.sensitivity.sweep")  # not the function

    def game(a):
        return NormalFormGame.from_matrices([[scale * (a - t), 0], [0, 1]],
                                            [[a - t, 0], [0, scale]])

    def no_count(*args):
        raise AssertionError("fell back to bisection on the count")

    original = module._count_change
    module._count_change = no_count
    try:
        path = sweep_equilibria(game, "a", grid)
    finally:
        module._count_change = original
    (event,) = path.events
    assert event["kind"] == "split" and len(event["branches"]) == 2
    assert event["value"] == pytest.approx(t, abs=1e-9)
