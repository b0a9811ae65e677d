"""Crisis bargaining: Fearon's range, the risk–return trade-off, Powell's commitment problem.

Worked examples are those of literature.md §4.1–4.4.
"""

from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from negotiation import ParameterError
from negotiation.bargaining.crisis import (
    bargaining_range,
    butter_for_bombs,
    disarmament_deal,
    optimal_demand,
    optimal_demand_uniform,
    risk_return,
    shifting_power,
)

def probability(low=0, high=1):
    return st.fractions(low, high, max_denominator=100)


# --------------------------------------------------------------------------------------------
# the bargaining range (§4.1)


def test_bargaining_range_worked_example_is_exact():
    r = bargaining_range(F(3, 5), F(1, 10), F(3, 20))
    assert (r.low, r.high) == (F(1, 2), F(3, 4))
    assert r.width == F(1, 4) and r.nonempty and r.contains(F(3, 5))
    assert r.war_payoffs == (F(1, 2), F(1, 4))
    assert "1/2" in r.explain() and r.to_dict()["low"] == "1/2"


def test_bargaining_range_float_inputs_give_floats():
    r = bargaining_range(0.6, 0.1, 0.15)
    assert isinstance(r.low, float) and r.low == pytest.approx(0.5)
    assert r.high == pytest.approx(0.75)


def test_bargaining_range_deals_are_clipped_to_the_issue_space():
    r = bargaining_range(F(19, 20), F(1, 10), F(1, 5))
    assert r.high == F(23, 20) and r.deals == (F(17, 20), F(1))


@settings(max_examples=40, deadline=None)
@given(p=probability(), cost_a=probability(F(1, 50), F(1, 2)),
       cost_b=probability(F(1, 50), F(1, 2)), r_a=probability(F(1, 10), 1),
       r_b=probability(F(1, 10), 1))
def test_risk_aversion_widens_the_range(p, cost_a, cost_b, r_a, r_b):
    neutral = bargaining_range(p, cost_a, cost_b)
    averse = bargaining_range(p, cost_a, cost_b, utility_a=r_a, utility_b=r_b)
    low, high = neutral.deals
    assert float(averse.low) <= float(low) + 1e-15
    assert float(averse.high) >= float(high) - 1e-15


def test_risk_acceptance_can_close_the_range():
    # u(s) = s**3: war is worth p - c = 0.5 in utility, i.e. a share of 0.5**(1/3) ~ 0.794
    r = bargaining_range(F(3, 5), F(1, 10), F(1, 10), utility_a=3, utility_b=3)
    assert not r.nonempty
    assert "No division" in r.explain()


def test_callable_utility_matches_the_power_closed_form():
    closed = bargaining_range(0.6, 0.1, 0.15, utility_a=0.5, utility_b=0.7)
    numeric = bargaining_range(0.6, 0.1, 0.15, utility_a=np.sqrt, utility_b=lambda s: s ** 0.7)
    assert numeric.low == pytest.approx(closed.low, abs=1e-12)
    assert numeric.high == pytest.approx(closed.high, abs=1e-12)


def test_power_utility_stays_exact_as_an_algebraic_number():
    r = bargaining_range(F(3, 5), F(1, 10), F(3, 20), utility_a=F(2, 3))
    assert r.low == sympy.Rational(1, 2) ** sympy.Rational(3, 2)
    assert float(r.low) == pytest.approx(0.5 ** 1.5)


def test_bargaining_range_three_evaluations_agree():
    p, ca, cb = sympy.symbols("p c_A c_B", positive=True)
    symbolic = bargaining_range(p, ca, cb, utility_a=F(1, 2))
    point = {p: sympy.Rational(3, 5), ca: sympy.Rational(1, 10), cb: sympy.Rational(3, 20)}
    exact = bargaining_range(F(3, 5), F(1, 10), F(3, 20), utility_a=F(1, 2))
    assert sympy.nsimplify(symbolic.low.subs(point)) == exact.low
    assert sympy.nsimplify(symbolic.high.subs(point)) == exact.high
    ps = np.linspace(0.05, 0.95, 7)
    vector = bargaining_range(ps, 0.1, 0.15, utility_a=0.5)
    low = sympy.lambdify((p, ca, cb), symbolic.low, "numpy")(ps, 0.1, 0.15)
    assert np.allclose(vector.low, low) and np.allclose(vector.high, ps + 0.15)


# --------------------------------------------------------------------------------------------
# the risk–return trade-off (§4.2)


def test_uniform_worked_example_is_exact():
    r = optimal_demand(F(1, 2), F(1, 10), stats.uniform(0, F(3, 10)))
    assert r.demand == F(3, 5) and r.war_probability == F(1, 3)
    assert r.expected_utility == F(8, 15) and r.threshold == F(1, 10)
    assert r.exact and r.method == "uniform closed form"
    assert isinstance(r.demand, F) and float(r.expected_utility) == pytest.approx(0.5333333333)


def test_uniform_worked_example_compares_with_the_extreme_offers():
    dist = stats.uniform(0, F(3, 10))
    curve = risk_return(F(1, 2), F(1, 10), dist, np.array([0.5, 0.6, 0.8]))
    assert np.allclose(curve.expected_utility, [0.5, 8 / 15, 0.4])
    assert risk_return(F(1, 2), F(1, 10), dist, F(3, 5)).expected_utility == F(8, 15)


def test_float_inputs_give_floats_and_exact_true_reads_them_as_decimals():
    floats = optimal_demand(0.5, 0.1, stats.uniform(0, 0.3))
    assert isinstance(floats.demand, float) and not floats.exact
    assert floats.demand == pytest.approx(0.6) and floats.war_probability == pytest.approx(1 / 3)
    mixed = optimal_demand(F(1, 2), F(1, 10), stats.uniform(0, 0.3))
    assert isinstance(mixed.war_probability, float)
    decimal = optimal_demand(0.5, 0.1, stats.uniform(0, 0.3), exact=True)
    assert (decimal.demand, decimal.war_probability) == (F(3, 5), F(1, 3))
    assert isinstance(optimal_demand(F(1, 2), F(1, 10), stats.uniform(0, F(3, 10)),
                                     exact=False).demand, float)


def test_uniform_keywords_and_strings():
    r = optimal_demand("1/2", "0.1", stats.uniform(loc=0, scale=F(3, 10)))
    assert r.demand == F(3, 5)


def test_neutrality_worked_example():
    r = optimal_demand(F(3, 10), F(1, 10), stats.uniform(0, F(3, 10)))
    assert r.demand == F(2, 5) and r.war_probability == F(1, 3)


def test_corner_worked_example_has_no_war():
    r = optimal_demand(F(1, 2), F(1, 4), stats.uniform(F(1, 20), F(1, 4)))
    assert r.demand == F(11, 20) and r.war_probability == 0
    assert r.expected_utility == F(11, 20)
    assert "no risk of war" in r.explain()


@settings(max_examples=50, deadline=None)
@given(p1=probability(0, F(1, 2)), p2=probability(0, F(1, 2)),
       cost_a=probability(F(1, 100), F(1, 2)), a=probability(0, F(1, 4)),
       width=probability(F(1, 100), F(1, 4)))
def test_war_probability_does_not_depend_on_p_for_uniform_costs(p1, p2, cost_a, a, width):
    """Neutrality (Benson, Meirowitz & Ramsay 2016), while the demand stays inside [0, 1]."""
    dist = stats.uniform(a, width)
    r1 = optimal_demand(p1, cost_a, dist)
    r2 = optimal_demand(p2, cost_a, dist)
    assert r1.war_probability == r2.war_probability
    assert r2.demand - r1.demand == p2 - p1          # the offer moves one for one


@settings(max_examples=50, deadline=None)
@given(p=probability(0, F(1, 2)), cost_a=probability(F(1, 100), F(1, 2)),
       a=probability(0, F(1, 4)), width=probability(F(1, 100), F(1, 4)))
def test_no_war_corner_iff_cost_a_at_least_b_minus_2a(p, cost_a, a, width):
    b = a + width
    r = optimal_demand(p, cost_a, stats.uniform(a, width))
    assert (r.war_probability == 0) == (cost_a >= b - 2 * a)


def test_demand_is_capped_by_the_issue_space():
    r = optimal_demand(F(19, 20), F(1, 10), stats.uniform(0, F(3, 10)))
    assert r.demand == 1 and r.war_probability == F(1, 6)
    uncapped = optimal_demand(F(19, 20), F(1, 10), stats.uniform(0, F(3, 10)), issue_max=None)
    assert uncapped.demand == F(21, 20) and uncapped.war_probability == F(1, 3)
    everyone = optimal_demand(F(9, 10), F(1, 10), stats.uniform(F(1, 5), F(1, 10)))
    assert everyone.demand == 1 and everyone.war_probability == 0


def test_complete_information_demands_the_top_of_the_range():
    r = optimal_demand(F(1, 2), F(1, 10), F(1, 5))
    assert (r.demand, r.war_probability, r.expected_utility) == (F(7, 10), 0, F(7, 10))
    assert r.method == "complete information"
    assert optimal_demand(F(9, 10), F(1, 10), F(1, 5)).demand == 1
    vector = optimal_demand(np.array([0.2, 0.5]), 0.1, 0.2)
    assert np.allclose(vector.demand, [0.4, 0.7]) and np.all(vector.war_probability == 0)


def test_uniform_three_evaluations_agree():
    p, ca, a, b = sympy.symbols("p c_A a b", positive=True)
    symbolic = optimal_demand_uniform(p, ca, a, b)
    point = {p: F(1, 2), ca: F(1, 10), a: 0, b: F(3, 10)}
    exact = optimal_demand(F(1, 2), F(1, 10), stats.uniform(0, F(3, 10)))
    for name in ("demand", "war_probability", "expected_utility"):
        value = getattr(symbolic, name).subs({k: sympy.Rational(v) for k, v in point.items()})
        assert value == getattr(exact, name)
    rng = np.random.default_rng(1)
    ps, cas = rng.uniform(0, 0.6, 1000), rng.uniform(0.01, 0.5, 1000)
    lows = rng.uniform(0, 0.2, 1000)
    highs = lows + rng.uniform(0.01, 0.3, 1000)
    vector = optimal_demand(ps, cas, stats.uniform(lows, highs - lows))
    for name in ("demand", "war_probability", "expected_utility"):
        f = sympy.lambdify((p, ca, a, b), getattr(symbolic, name), "numpy")
        assert np.allclose(getattr(vector, name), f(ps, cas, lows, highs), atol=1e-12)
    scalar = [optimal_demand(float(x), float(c), stats.uniform(lo, hi - lo))
              for x, c, lo, hi in zip(ps[:20], cas[:20], lows[:20], highs[:20])]
    assert np.allclose([s.demand for s in scalar], vector.demand[:20], atol=1e-12)


def test_symbolic_p_with_an_exact_distribution():
    p = sympy.Symbol("p", positive=True)
    r = optimal_demand(p, F(1, 10), stats.uniform(0, F(3, 10)))
    assert r.war_probability.subs(p, sympy.Rational(1, 3)) == sympy.Rational(1, 3)
    assert r.demand.subs(p, sympy.Rational(1, 2)) == sympy.Rational(3, 5)


def test_numeric_search_agrees_with_the_uniform_closed_form():
    for p, cost_a, a, w in [(0.5, 0.1, 0.0, 0.3), (0.3, 0.05, 0.02, 0.4), (0.5, 0.25, 0.05, 0.25)]:
        closed = optimal_demand(p, cost_a, stats.uniform(a, w))
        numeric = optimal_demand(p, cost_a, stats.uniform(a, w), method="numeric")
        assert numeric.method == "numeric"
        assert numeric.demand == pytest.approx(closed.demand, abs=1e-10)
        assert numeric.war_probability == pytest.approx(closed.war_probability, abs=1e-9)
        assert numeric.expected_utility == pytest.approx(closed.expected_utility, abs=1e-12)


def test_new_style_uniform_uses_the_closed_form():
    r = optimal_demand(0.5, 0.1, stats.Uniform(a=0, b=0.3))
    assert r.method == "uniform closed form" and r.demand == pytest.approx(0.6)


def _brute_force(p, cost_a, dist, top, n=100_001):
    z = np.linspace(dist.support()[0], top, n)
    u = (p + z) * dist.sf(z) + (p - cost_a) * dist.cdf(z)
    k = int(np.argmax(u))
    return z[k], u[k]


@pytest.mark.parametrize("dist", [stats.beta(2, 5, scale=0.3), stats.beta(0.5, 0.5, scale=0.4),
                                  stats.truncnorm(-1, 3, loc=0.1, scale=0.05),
                                  stats.lognorm(0.8, scale=0.1)])
def test_numeric_optimum_satisfies_the_inverse_hazard_condition(dist):
    p, cost_a = 0.4, 0.08
    r = optimal_demand(p, cost_a, dist)
    z = r.threshold
    low, high = dist.support()
    if low + 1e-9 < z < min(high, 1 - p) - 1e-9:  # interior: (1 - F)/f = z + c_A
        assert dist.sf(z) / dist.pdf(z) == pytest.approx(z + cost_a, rel=1e-7)
    _, best = _brute_force(p, cost_a, dist, min(high, 1 - p))
    assert r.expected_utility >= best - 1e-12
    assert r.war_probability == pytest.approx(dist.cdf(z))


def test_bimodal_costs_the_first_order_condition_has_several_roots():
    """Costs mostly small (near 0.03) or large (near 0.3): U_A has two local maxima."""
    bins = np.linspace(0, 0.4, 401)
    centres = (bins[:-1] + bins[1:]) / 2
    density = 0.5 * np.exp(-((centres - 0.03) / 0.01) ** 2) + np.exp(-((centres - 0.3) / 0.02) ** 2)
    dist = stats.rv_histogram((density, bins), density=False)()
    p, cost_a = 0.3, 0.05
    z = np.linspace(0, 0.4, 40_001)
    u = (p + z) * dist.sf(z) + (p - cost_a) * dist.cdf(z)
    slope = np.diff(u)
    peaks = np.sum((slope[:-1] > 0) & (slope[1:] <= 0))
    assert peaks >= 2  # several roots of the first-order condition
    r = optimal_demand(p, cost_a, dist)
    z_best, u_best = _brute_force(p, cost_a, dist, 0.4)
    assert r.expected_utility >= u_best - 1e-12
    assert r.threshold == pytest.approx(z_best, abs=1e-4)


def test_discrete_costs_choose_among_the_types():
    types = stats.rv_discrete(values=([0.05, 0.1, 0.2], [0.3, 0.4, 0.3]))()
    p, cost_a = 0.5, 0.02
    r = optimal_demand(p, cost_a, types)
    # by hand: demand p + c_k accepted by types >= c_k
    candidates = {0.05: (0.55, 1.0), 0.1: (0.6, 0.7), 0.2: (0.7, 0.3)}
    values = {z: x * acc + (p - cost_a) * (1 - acc) for z, (x, acc) in candidates.items()}
    best = max(values, key=values.get)
    assert r.method == "discrete" and r.threshold == pytest.approx(best)
    assert r.expected_utility == pytest.approx(values[best])
    assert r.war_probability == pytest.approx(1 - candidates[best][1])


def test_arrays_with_a_general_distribution_are_solved_point_by_point():
    dist = stats.beta(2, 5, scale=0.3)
    ps = np.array([0.2, 0.4, 0.6])
    vector = optimal_demand(ps, 0.1, dist)
    for k, p in enumerate(ps):
        single = optimal_demand(float(p), 0.1, dist)
        assert vector.demand[k] == pytest.approx(single.demand, abs=1e-12)
        assert vector.war_probability[k] == pytest.approx(single.war_probability, abs=1e-12)


def test_optimal_demand_result_reports():
    r = optimal_demand(F(1, 2), F(1, 10), stats.uniform(0, F(3, 10)))
    assert r.to_dict()["demand"] == "3/5" and r.to_dict()["war_probability"] == "1/3"
    assert "3/5" in r.explain() and "1/3" in r.explain()
    assert r.acceptance_probability == F(2, 3)


# --------------------------------------------------------------------------------------------
# Powell's commitment problem (§4.3)


def test_shifting_power_worked_examples():
    war = shifting_power(F(3, 10), F(7, 10), F(9, 10), F(1, 20), F(1, 20))
    assert war.war is True and war.margin == F(33, 100) - F(95, 1000)
    assert war.threshold == F(79, 180) and float(war.threshold) == pytest.approx(0.4388888889)
    assert "preventive war" in war.explain()
    peace = shifting_power(F(3, 10), F(2, 5), F(9, 10), F(1, 20), F(1, 20))
    assert peace.war is False
    assert (peace.offer_now, peace.offer_later) == (0, F(7, 20))
    assert peace.value_peace >= peace.value_war
    floats = shifting_power(0.3, 0.7, 0.9, 0.05, 0.05)
    assert floats.war and floats.threshold == pytest.approx(0.4388888889)


def test_lump_sum_costs_are_flow_costs_times_one_minus_delta():
    lump = shifting_power(F(3, 10), F(1, 2), F(9, 10), F(1, 2), F(1, 2), costs="lump-sum")
    flow = shifting_power(F(3, 10), F(1, 2), F(9, 10), F(1, 20), F(1, 20))
    assert lump.margin == flow.margin and lump.threshold == flow.threshold
    # the literature's form: δp' − p > (1 − δ)(C_D + δ C_R)
    assert lump.margin == F(9, 10) * F(1, 2) - F(3, 10) - F(1, 10) * (F(1, 2) + F(9, 20))
    assert lump.critical_discount is None


@settings(max_examples=40, deadline=None)
@given(p=probability(0, F(1, 2)), shift=probability(0, F(1, 2)), d=probability(F(1, 20), F(19, 20)),
       c_d=probability(F(1, 100), F(1, 5)), c_r=probability(F(1, 100), F(1, 5)))
def test_war_exactly_when_the_declining_side_prefers_it(p, shift, d, c_d, c_r):
    r = shifting_power(p, p + shift, d, c_d, c_r)
    assert r.war == (r.value_war > r.value_peace)
    assert r.war == (p + shift > r.threshold)
    # the rising side gets at least its war value under the peaceful offers
    assert r.offer_now + d * r.offer_later / (1 - d) >= (p - c_r) / (1 - d)


def test_critical_discount_of_the_shift():
    r = shifting_power(F(3, 10), F(7, 10), F(9, 10), F(1, 20), F(1, 20))
    assert r.critical_discount == F(7, 13)
    at = shifting_power(F(3, 10), F(7, 10), F(7, 13), F(1, 20), F(1, 20))
    assert at.margin == 0 and not at.war


def test_shifting_power_three_evaluations_agree():
    p, q, d, cd, cr = sympy.symbols("p q delta c_D c_R", positive=True)
    symbolic = shifting_power(p, q, d, cd, cr)
    assert sympy.simplify(symbolic.margin - (d * q - p - cd - d * cr)) == 0
    values = (F(3, 10), F(7, 10), F(9, 10), F(1, 20), F(1, 20))
    exact = shifting_power(*values)
    point = dict(zip((p, q, d, cd, cr), (sympy.Rational(v) for v in values)))
    assert symbolic.threshold.subs(point) == exact.threshold
    assert bool(symbolic.war.subs(point)) is exact.war
    rng = np.random.default_rng(2)
    ps = rng.uniform(0, 0.5, 500)
    qs = ps + rng.uniform(0, 0.5, 500)
    vector = shifting_power(ps, qs, 0.9, 0.05, 0.05)
    f = sympy.lambdify((p, q, d, cd, cr), symbolic.margin, "numpy")
    assert np.allclose(vector.margin, f(ps, qs, 0.9, 0.05, 0.05))
    assert np.array_equal(vector.war, vector.margin > 0)


def test_disarmament_worked_examples():
    no = disarmament_deal(F(1, 2), F(7, 20), F(9, 10))
    assert no.feasible is False and no.margin == F(1, 10) - F(37, 200)
    assert "No self-enforcing disarmament" in no.explain()
    yes = disarmament_deal(F(1, 2), F(9, 20), F(9, 10))
    assert yes.feasible is True and F(1, 10) - yes.margin == F(19, 200)
    floats = disarmament_deal(0.5, 0.35, 0.9)
    assert not floats.feasible and floats.required_compensation == pytest.approx(1.85)


def test_disarmament_patience_threshold():
    r = disarmament_deal(F(1, 2), F(7, 20), F(9, 10))
    assert r.max_discount == F(10, 13)
    assert disarmament_deal(F(1, 2), F(7, 20), F(10, 13)).margin == 0
    assert disarmament_deal(F(1, 2), F(7, 20), F(3, 4)).feasible


def test_disarmament_three_evaluations_agree():
    vk, vp, d, y = sympy.symbols("v_keep v_post delta Y", positive=True)
    symbolic = disarmament_deal(vk, vp, d, y)
    exact = disarmament_deal(F(1, 2), F(7, 20), F(9, 10))
    point = {vk: sympy.Rational(1, 2), vp: sympy.Rational(7, 20), d: sympy.Rational(9, 10), y: 1}
    assert symbolic.margin.subs(point) == exact.margin
    deltas = np.linspace(0.5, 0.95, 10)
    vector = disarmament_deal(0.5, 0.35, deltas)
    f = sympy.lambdify((vk, vp, d, y), symbolic.margin, "numpy")
    assert np.allclose(vector.margin, f(0.5, 0.35, deltas, 1.0))
    assert np.array_equal(vector.feasible, deltas <= 10 / 13)


def test_butter_for_bombs():
    r = butter_for_bombs(F(3, 10), F(3, 5), F(9, 10), F(1, 20), 1)
    assert r.concession == F(9, 20) and r.binding == "build"
    cheap_war = butter_for_bombs(F(3, 10), F(3, 10), F(9, 10), F(1, 20), 1)
    assert cheap_war.concession == F(1, 4) and cheap_war.binding == "war"


# --------------------------------------------------------------------------------------------
# bad input: one sentence naming the argument and its value


@pytest.mark.parametrize("call, pattern", [
    (lambda: bargaining_range(1.2, 0.1, 0.1), r"p is 1\.2, but it must be in \[0, 1\]"),
    (lambda: bargaining_range(0.5, 0, 0.1), r"cost_a is 0, but it must be positive"),
    (lambda: bargaining_range(0.5, 0.1, -0.1), r"cost_b is -0\.1, but it must be positive"),
    (lambda: bargaining_range(0.5, 0.1, 0.1, utility_a=-1), r"utility_a is -1"),
    (lambda: optimal_demand(-0.1, 0.1, 0.2), r"p is -0\.1"),
    (lambda: optimal_demand(0.5, -1, stats.uniform(0, 0.3)), r"cost_a is -1"),
    (lambda: optimal_demand(0.5, 0.1, stats.uniform), r"cost_b is .*not a frozen scipy\.stats"),
    (lambda: optimal_demand(0.5, 0.1, "cheap"), r"cost_b is 'cheap', which is not a number"),
    (lambda: optimal_demand(0.5, 0.1, stats.norm(0.1, 0.1)), r"support starts at -inf"),
    (lambda: optimal_demand(0.5, 0.1, stats.uniform(-0.1, 0.3)),
     r"lower end of cost_b's support is -0\.1"),
    (lambda: optimal_demand(0.5, 0.1, stats.uniform(0, 0.3), method="guess"), r"method is"),
    (lambda: shifting_power(0.3, 0.7, 1, 0.05, 0.05), r"discount is 1, but it must be in \(0, 1\)"),
    (lambda: shifting_power(0.3, 0.7, 0, 0.05, 0.05), r"discount is 0"),
    (lambda: shifting_power(0.3, 0.2, 0.9, 0.05, 0.05), r"p_next is 0\.2, but it must be at least"),
    (lambda: shifting_power(0.3, 0.7, 0.9, 0, 0.05), r"cost_declining is 0"),
    (lambda: shifting_power(0.3, 0.7, 0.9, 0.05, 0.05, costs="daily"), r"costs is 'daily'"),
    (lambda: shifting_power(np.array([0.3, 0.5]), np.array([0.7, 0.4]), 0.9, 0.05, 0.05),
     r"p_next is 0\.4"),
    (lambda: disarmament_deal(0.5, 0.35, 1.5), r"discount is 1\.5"),
    (lambda: butter_for_bombs(0.3, 0.6, 0.9, 0.05, 0), r"build_cost is 0"),
])
def test_bad_input_names_the_argument_and_its_value(call, pattern):
    with pytest.raises(ParameterError, match=pattern):
        call()


def test_parameter_errors_are_value_errors():
    with pytest.raises(ValueError):
        optimal_demand(0.5, 0.1, stats.beta)
