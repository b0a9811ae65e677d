"""Worked examples of the literature notes (lit-rubinstein, lit-sensitivity, lit-composite):
Sobol (Ishigami and the composite model), Rubinstein derivatives, the tornado order and
swings, the Monte Carlo mean and P(S < 0)."""

import numpy as np
import pytest
import sympy

from negotiation.bargaining import alternating_offers
from negotiation.sensitivity import (comparative_statics, implicit_statics, monte_carlo, sobol,
                                     tornado)

from .conftest import BASELINE, PRIORS, composite, ishigami

ISHIGAMI_S = {"x1": 0.3139051911, "x2": 0.4424111448, "x3": 0.0}
ISHIGAMI_ST = {"x1": 0.5575888552, "x2": 0.4424111448, "x3": 0.2436836641}


def test_ishigami_indices_match_the_analytic_values():
    r = sobol(ishigami, {k: (-np.pi, np.pi) for k in ISHIGAMI_S}, n=4096, seed=2)
    for k in ISHIGAMI_S:
        assert r.first_order[k] == pytest.approx(ISHIGAMI_S[k], abs=0.02)
        assert r.total[k] == pytest.approx(ISHIGAMI_ST[k], abs=0.02)
        lo, hi = r.first_order_interval[k]
        assert lo <= ISHIGAMI_S[k] <= hi
        lo, hi = r.total_interval[k]
        assert lo <= ISHIGAMI_ST[k] <= hi
    assert r.evaluations == 4096 * 5
    assert set(r.to_dataframe().parameter) == set(ISHIGAMI_S)
    assert "x2" in r.explain()


def test_sobol_accepts_frozen_distributions():
    from scipy import stats

    params = {k: stats.uniform(-np.pi, 2 * np.pi) for k in ISHIGAMI_S}
    a = sobol(ishigami, params, n=1024, seed=5)
    b = sobol(ishigami, {k: (-np.pi, np.pi) for k in ISHIGAMI_S}, n=1024, seed=5)
    assert a.first_order == b.first_order


def test_composite_sobol_indices():
    r = sobol(composite, PRIORS, n=4096, seed=3, output="x")
    expected = {"d_K": 0.318424, "kappa": 0.295606, "L": 0.191445, "d_U": 0.191445}
    for k, v in expected.items():
        assert r.first_order[k] == pytest.approx(v, abs=0.02)
    assert r.total["kappa"] == pytest.approx(0.298686, abs=0.02)


def _rubinstein(d1, d2):
    return alternating_offers(discount=(d1, d2)).agreement[0]


def test_rubinstein_derivatives_are_the_closed_forms():
    r = comparative_statics(_rubinstein, {"d1": (0.5, 0.99), "d2": (0.5, 0.99)},
                            at={"d1": 0.9, "d2": 0.8})
    d = r.derivatives
    assert d["d1"] == pytest.approx(0.8 * 0.2 / (1 - 0.72) ** 2, rel=1e-12)   # 2.0408163265
    assert d["d2"] == pytest.approx(-0.1 / (1 - 0.72) ** 2, rel=1e-12)        # -1.2755102041
    assert all(row["method"] == "symbolic" for row in r.rows)
    assert r.value == pytest.approx(5 / 7)
    assert r.elasticities["d1"] == pytest.approx(d["d1"] * 0.9 / (5 / 7))


def test_numerical_statics_agree_and_report_kinks():
    r = comparative_statics(_rubinstein, {"d1": (0.5, 0.99), "d2": (0.5, 0.99)},
                            at={"d1": 0.9, "d2": 0.8}, symbolic=False)
    assert r.derivatives["d1"] == pytest.approx(2.0408163265, rel=1e-5)
    kinked = comparative_statics(lambda x: np.maximum(x, 0.5), {"x": (0, 1)}, at={"x": 0.5})
    row = kinked.rows[0]
    assert row["derivative"] is None and row["method"].startswith("one-sided")
    assert row["left"] == pytest.approx(0, abs=1e-9) and row["right"] == pytest.approx(1)


def test_implicit_function_theorem_on_the_stationarity_conditions():
    x, y, d1, d2 = sympy.symbols("x y d1 d2")
    d = implicit_statics([1 - x - d2 * y, 1 - y - d1 * x], [x, y], [d1, d2],
                         {d1: sympy.Rational(9, 10), d2: sympy.Rational(4, 5)})
    assert d[("x", "d1")] == pytest.approx(2.0408163265, abs=1e-10)
    assert d[("x", "d2")] == pytest.approx(-1.2755102041, abs=1e-10)


def test_composite_statics_symbolic(composite_scenario):
    r = comparative_statics(composite_scenario, ["L", "kappa"])
    assert r.derivatives["L"] == pytest.approx(1 / (2 * 1.25), abs=1e-12)
    assert r.derivatives["kappa"] == pytest.approx(-(1 + 0.1 - 0.3) / (2 * 1.25 ** 2), abs=1e-12)
    assert r.rows[0]["method"] == "symbolic"


def test_tornado_order_and_swings():
    r = tornado(composite, "x", PRIORS, at=BASELINE)
    assert r.order[:2] == ("d_K", "kappa") and set(r.order[2:]) == {"d_U", "L"}
    assert r.baseline == pytest.approx(0.52, abs=1e-12)
    s = r.swings
    assert s["d_K"] == pytest.approx(0.1, abs=1e-12)
    assert s["kappa"] == pytest.approx(0.5636363636 - 0.4666666667, abs=1e-9)
    assert s["d_U"] == pytest.approx(0.08, abs=1e-12) and s["L"] == pytest.approx(0.08, abs=1e-12)
    row = {x["parameter"]: x for x in r.rows}["kappa"]
    assert row["output_low"] == pytest.approx(0.5636364, abs=1e-7)
    assert row["output_high"] == pytest.approx(0.4666667, abs=1e-7)


def test_tornado_on_the_composite_scenario(composite_scenario):
    ranges = {"d0": (0.2, 0.4), "kappa": (0.1, 0.5), "d_U": (0.2, 0.4), "L": (0, 0.2)}
    r = tornado(composite_scenario, ranges=ranges)
    assert r.order[:2] == ("d0", "kappa")
    assert r.swings["d0"] == pytest.approx(0.1, abs=1e-12)
    assert r.swings["kappa"] == pytest.approx(0.0969697, abs=1e-7)


def test_monte_carlo_mean_and_probability_of_no_surplus():
    r = monte_carlo(composite, n=200_000, seed=11, outputs=["x", "no_surplus"],
                    parameters=PRIORS, confidence=0.999)
    s = r.summary["x"]
    assert abs(s["mean"] - 0.5101549283) < 4 * s["se"]
    p, lo, hi = r.probability("no_surplus", True)
    se = np.sqrt(0.0091663 * (1 - 0.0091663) / r.n)
    assert abs(p - 0.0091663) < 4 * se
    assert lo < 0.0091663 < hi
    assert len(r.to_dataframe()) == r.n
    assert "no_surplus" in r.explain()
