"""Alternating offers: the worked examples of the literature notes (lit-rubinstein,
lit-outside-options, lit-breakdown), and the laws they obey.

Every row of their worked-example tables is a test here (exact where the
table is exact).  Independent oracles: scipy root finding on the fixed-point equations,
scipy maximisation of the weighted Nash product, fsolve on the indifference conditions of
a nonlinear frontier, and value iteration of the Shaked–Sutton recursion.
"""

import dataclasses
import json
import math
from fractions import Fraction as F
from itertools import pairwise

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq, fsolve, minimize_scalar

from negotiation.bargaining.alternating_offers import (
    REGIMES,
    alternating_offers,
    frictionless_limit,
    period_parameters,
)
from negotiation.errors import ParameterError

TOL = 1e-12

# exact numbers strictly inside (0, 1), and in [0, 1)
unit = st.fractions(min_value=F(1, 100), max_value=F(99, 100), max_denominator=200)
share = st.fractions(min_value=0, max_value=F(99, 100), max_denominator=200)


def oracle_shares(d, w, pie=1.0):
    """(a, b) of lit-two-sided-options by brentq on
    a - (pie - max(w_B, δ_B (pie - max(w_A, δ_A a)))) = 0."""
    (dA, dB), (wA, wB) = [float(x) for x in d], [float(x) for x in w]

    def gap(a):
        return a - (pie - max(wB, dB * (pie - max(wA, dA * a))))

    a = brentq(gap, -2 * pie, 2 * pie, xtol=1e-15)
    return a, pie - max(wA, dA * a)


# ----------------------------------------------------------------- lit-rubinstein: Rubinstein

@pytest.mark.parametrize("d, x1", [
    (("9/10", "9/10"), F(10, 19)),
    (("9/10", "4/5"), F(5, 7)),
    (("4/5", "9/10"), F(5, 14)),
    (("1/2", "1/2"), F(2, 3)),
    (("19/20", "9/10"), F(20, 29)),
])
def test_rubinstein_worked_examples_are_exact(d, x1):
    result = alternating_offers(discount=d)
    assert result.exact
    assert result.agreement == (x1, 1 - x1)
    assert type(result.agreement[0]) is F
    assert result.regime == REGIMES[0] and result.binding == (False, False)


def test_first_proposer_gets_five_sevenths_and_second_proposals_match_the_table():
    result = alternating_offers(discount=(F(9, 10), F(4, 5)))
    assert result.proposals == ((F(5, 7), F(2, 7)), (F(9, 14), F(5, 14)))
    assert float(result.proposals[1][1]) == pytest.approx(0.3571428571, abs=1e-10)
    assert result.shares == (F(5, 7), F(5, 14))
    other = alternating_offers(discount=(F(9, 10), F(4, 5)), proposer=1)
    assert other.agreement == result.proposals[1] and other.proposals == result.proposals


def test_float_inputs_give_the_table_values():
    assert alternating_offers((0.9, 0.8)).agreement[0] == pytest.approx(0.7142857143, abs=1e-10)
    assert alternating_offers(0.9).agreement[0] == pytest.approx(0.5263157895, abs=1e-10)
    assert alternating_offers((0.95, 0.9)).agreement[0] == pytest.approx(0.6896551724, abs=1e-10)
    assert not alternating_offers(0.9).exact


@given(unit, unit)
def test_stationarity_conditions_hold_exactly(d1, d2):
    x, y = alternating_offers((d1, d2)).proposals
    assert x[1] == d2 * y[1] and y[0] == d1 * x[0]
    assert x[0] == (1 - d2) / (1 - d1 * d2) and x[0] + x[1] == 1


@pytest.mark.parametrize("T, x1", [(1, 1), (2, F(1, 10)), (3, F(91, 100)), (4, F(181, 1000)),
                                   (5, F(8371, 10000))])
def test_finite_horizon_worked_examples(T, x1):
    result = alternating_offers(discount=F(9, 10), horizon=T)
    assert result.agreement[0] == x1
    assert result.method == "backward induction" and len(result.path) == T


def test_finite_horizon_ten_periods_and_stahl_closed_form():
    result = alternating_offers(discount=F(9, 10), horizon=10)
    assert float(result.agreement[0]) == pytest.approx(0.342800821, abs=1e-9)
    for T in range(1, 15):
        x1 = alternating_offers(discount=F(9, 10), horizon=T).agreement[0]
        assert x1 == (1 - F(-9, 10) ** T) / (1 + F(9, 10))


def test_finite_horizon_path_alternates_and_the_last_proposer_takes_everything():
    result = alternating_offers(discount=(F(9, 10), F(4, 5)), horizon=4, proposer=1)
    assert [o.proposer for o in result.path] == [1, 0, 1, 0]
    assert [o.period for o in result.path] == [1, 2, 3, 4]
    assert result.path[-1].proposal == (1, 0)
    assert result.path[0].proposal == result.agreement
    assert result.proposals == (result.path[1].proposal, result.path[0].proposal)
    for now, later in zip(result.path, result.path[1:]):  # responder indifferent each period
        j = 1 - now.proposer
        assert now.proposal[j] == (F(9, 10), F(4, 5))[j] * later.proposal[j]


def test_one_period_game_has_no_second_proposal():
    result = alternating_offers(discount=0.9, horizon=1)
    assert result.proposals[1] is None and result.agreement == (1, 0)
    assert result.shares == (1, None)


@pytest.mark.parametrize("options", [None, (0.3, 0.55), (0.49, 0.4), (0, 0.6)])
def test_finite_horizon_converges_to_the_infinite_horizon(options):
    infinite = alternating_offers((0.9, 0.8), outside_options=options)
    gaps = [abs(alternating_offers((0.9, 0.8), outside_options=options, horizon=T)
                .agreement[0] - infinite.agreement[0]) for T in (10, 40, 300, 301)]
    assert gaps[-1] < 1e-12 and gaps[-2] < 1e-12
    assert gaps[0] >= gaps[1] - 1e-15


def test_patient_limit_sweep_matches_the_table_and_two_thirds():
    expected = {1: 0.68319, 0.1: 0.66833, 0.01: 0.66683, 0.001: 0.6666833}
    for dt, value in expected.items():
        x1 = alternating_offers(**period_parameters((0.05, 0.10), dt)).agreement[0]
        assert x1 == pytest.approx(value, abs=6e-6 if dt != 0.001 else 1e-7)
    assert frictionless_limit(rates=(F(1, 20), F(1, 10))).point == (F(2, 3), F(1, 3))


def test_log_weights_of_per_round_discount_factors():
    weights = frictionless_limit(discount=(0.9, 0.8)).weights
    assert weights[0] == pytest.approx(0.6792718074, abs=1e-10)
    assert weights[0] == pytest.approx(math.log(0.8) / (math.log(0.9) + math.log(0.8)), abs=TOL)


def test_comparative_statics_by_sympy_diff():
    d1, d2 = sp.symbols("delta1 delta2", positive=True)
    x1 = alternating_offers(discount=(d1, d2)).agreement[0]
    assert sp.simplify(x1 - (1 - d2) / (1 - d1 * d2)) == 0
    dx1 = sp.diff(x1, d1)
    dx2 = sp.diff(x1, d2)
    assert sp.simplify(dx1 - d2 * (1 - d2) / (1 - d1 * d2) ** 2) == 0
    assert sp.simplify(dx2 + (1 - d1) / (1 - d1 * d2) ** 2) == 0
    at = {d1: sp.Rational(9, 10), d2: sp.Rational(4, 5)}
    assert float(dx1.subs(at)) == pytest.approx(2.0408163265, abs=1e-10)
    assert float(dx2.subs(at)) == pytest.approx(-1.2755102041, abs=1e-10)
    d = sp.Symbol("delta", positive=True)
    assert sp.simplify(alternating_offers(discount=d).agreement[0] - 1 / (1 + d)) == 0


# --------------------------------------------------- lit-outside-options: O&R §3.12

@given(unit, share)
def test_osborne_rubinstein_outside_option_when_responding(d, b):
    result = alternating_offers(discount=d, outside_options=(None, b))
    a, y = result.shares
    if b <= d / (1 + d):
        assert (a, y) == (1 / (1 + d), 1 / (1 + d))
        assert not result.binding[1]
    else:
        assert (a, y) == (1 - b, 1 - d * (1 - b))
        assert result.binding[1] and result.agreement[1] == b
    assert result.agreement[1] == max(d / (1 + d), b)


# ---------------------------------------------------- lit-two-sided-options: two-sided

@pytest.mark.parametrize("d, w, ab, binding", [
    ((0.9, 0.9), (0, 0), (0.5263157895, 0.5263157895), (False, False)),
    ((0.9, 0.9), (0, 0.3), (0.5263157895, 0.5263157895), (False, False)),
    ((0.9, 0.9), (0, 0.6), (0.4, 0.64), (False, True)),
    ((0.9, 0.9), (0.3, 0.55), (0.45, 0.595), (False, True)),
    ((0.9, 0.9), (0.48, 0.5), (0.5, 0.52), (True, True)),
    ((0.9, 0.9), (0.49, 0.4), (0.541, 0.51), (True, False)),
    ((0.9, 0.8), (0, 0.3), (0.7, 0.37), (False, True)),
])
def test_two_sided_outside_option_table(d, w, ab, binding):
    result = alternating_offers(discount=d, outside_options=w)
    assert result.shares == pytest.approx(ab, abs=1e-10)
    assert result.binding == binding
    assert result.regime == REGIMES[binding[0] + 2 * binding[1]]
    assert result.shares == pytest.approx(oracle_shares(d, w), abs=TOL)
    exact = alternating_offers(discount=tuple(F(str(x)) for x in d),
                               outside_options=tuple(F(str(x)) for x in w))
    assert exact.exact and exact.binding == binding
    assert tuple(float(x) for x in exact.shares) == pytest.approx(ab, abs=1e-10)
    if ab[0] != 0.5263157895:
        assert exact.shares == tuple(F(str(x)) for x in ab)


def test_kink_of_the_responders_option_is_at_the_rubinstein_share():
    dA, dB = F(9, 10), F(4, 5)
    kink = dB * (1 - dA) / (1 - dA * dB)
    assert kink == 1 - alternating_offers((dA, dB)).agreement[0]
    below = alternating_offers((dA, dB), outside_options=(0, kink - F(1, 10**9)))
    at = alternating_offers((dA, dB), outside_options=(0, kink))
    above = alternating_offers((dA, dB), outside_options=(0, kink + F(1, 10**9)))
    assert below.agreement == at.agreement == alternating_offers((dA, dB)).agreement
    assert not at.binding[1] and above.binding[1]
    assert above.agreement[1] == kink + F(1, 10**9)


def test_first_players_option_at_its_kink_does_not_bind():
    dA, dB = F(9, 10), F(4, 5)
    kink = dA * alternating_offers((dA, dB)).proposals[0][0]  # what A gets by rejecting
    at = alternating_offers((dA, dB), outside_options=(kink, 0))
    above = alternating_offers((dA, dB), outside_options=(kink + F(1, 10**9), 0))
    assert not at.binding[0] and above.binding[0]
    assert at.proposals == alternating_offers((dA, dB)).proposals
    assert above.proposals[1][0] == kink + F(1, 10**9)


@given(unit, unit, share, share, share, share,
       st.fractions(min_value=F(1, 10), max_value=10, max_denominator=20))
def test_shares_scale_with_the_size_of_the_pie(dA, dB, wA, wB, bA, bB, pie):
    assume(wA + wB < 1 and bA + bB < 1)
    kwargs = dict(discount=(dA, dB), breakdown=F(1, 7))
    unit_pie = alternating_offers(**kwargs, outside_options=(wA, wB), breakdown_payoffs=(bA, bB))
    scaled = alternating_offers(**kwargs, outside_options=(wA * pie, wB * pie),
                                breakdown_payoffs=(bA * pie, bB * pie), pie=pie)
    assert scaled.proposals == tuple(tuple(pie * x for x in p) for p in unit_pie.proposals)
    assert scaled.binding == unit_pie.binding
    finite = alternating_offers(**kwargs, outside_options=(wA * pie, wB * pie), pie=pie,
                                horizon=3)
    assert finite.path[-1].proposal == (pie - wB * pie, wB * pie)  # the last proposer's take


def test_last_period_responder_may_still_opt_out():
    result = alternating_offers(0.9, outside_options=(None, F(3, 10)), horizon=1)
    assert result.agreement == (F(7, 10), F(3, 10)) and result.binding[1]
    proposing = alternating_offers(0.9, outside_options=(None, F(3, 10)), horizon=1,
                                   opt_out="proposing")
    assert proposing.agreement == (1, 0)  # her next turn never comes


@settings(max_examples=200)
@given(unit, unit, st.floats(-0.5, 0.99), st.floats(-0.5, 0.99))
def test_closed_form_matches_the_fixed_point_oracle(dA, dB, wA, wB):
    assume(max(wA, 0) + max(wB, 0) < 0.999)
    result = alternating_offers((float(dA), float(dB)), outside_options=(wA, wB))
    assert result.shares == pytest.approx(oracle_shares((dA, dB), (wA, wB)), abs=1e-11)


@given(unit, unit, share, share)
def test_outside_option_principle(dA, dB, w, v):
    """An option at or below the Rubinstein share changes nothing; above it, the responder
    gets exactly the option."""
    plain = alternating_offers((dA, dB))
    rubinstein_share = plain.agreement[1]
    assume(w + v < 1)
    with_option = alternating_offers((dA, dB), outside_options=(None, w))
    if w <= rubinstein_share:
        assert with_option.agreement == plain.agreement and not with_option.binding[1]
    else:
        assert with_option.agreement[1] == w and with_option.binding[1]
    # player 1's option, symmetric: it matters only beyond what she gets as responder
    with_first = alternating_offers((dA, dB), outside_options=(v, None))
    responder_share = 1 - plain.proposals[1][1]
    if v <= responder_share:
        assert with_first.proposals == plain.proposals
    else:
        assert with_first.proposals[1][0] == v


@given(unit, unit, unit, share, share)
def test_more_patience_never_lowers_your_share(d1, d1_more, d2, w1, w2):
    assume(w1 + w2 < 1)
    lo, hi = sorted((d1, d1_more))
    less = alternating_offers((lo, d2), outside_options=(w1, w2))
    more = alternating_offers((hi, d2), outside_options=(w1, w2))
    assert more.proposals[0][0] >= less.proposals[0][0]  # as proposer
    assert more.proposals[1][0] >= less.proposals[1][0]  # as responder
    other = alternating_offers((d2, lo), outside_options=(w2, w1))
    other_more = alternating_offers((d2, hi), outside_options=(w2, w1))
    assert other_more.proposals[1][1] >= other.proposals[1][1]


@given(unit, unit, share, share, share)
def test_a_larger_outside_option_never_lowers_your_share(d1, d2, w, w_more, v):
    lo, hi = sorted((w, w_more))
    assume(hi + v < 1)
    less = alternating_offers((d1, d2), outside_options=(v, lo))
    more = alternating_offers((d1, d2), outside_options=(v, hi))
    assert more.proposals[0][1] >= less.proposals[0][1]
    assert more.proposals[1][1] >= less.proposals[1][1]


def test_timing_conventions_differ_and_are_pinned_down():
    responding = alternating_offers(0.9, outside_options=(0, 0.6))
    next_period = alternating_offers(0.9, outside_options=(0, 0.6), opt_out="next_period")
    proposing = alternating_offers(0.9, outside_options=(0, 0.6), opt_out="proposing")
    assert responding.shares == pytest.approx((0.4, 0.64), abs=TOL)
    # next period: w_B is replaced by δ_B w_B = 0.54
    replaced = alternating_offers(0.9, outside_options=(0, 0.54))
    assert next_period.shares == pytest.approx(replaced.shares, abs=TOL)
    assert next_period.shares == pytest.approx((0.46, 0.586), abs=TOL)
    assert "next period" in next_period.timing or "one period later" in next_period.timing
    assert "§3.12" in responding.timing and "Shaked & Sutton" in proposing.timing
    assert proposing.agreement == pytest.approx(next_period.agreement, abs=TOL)


def shaked_sutton_values(d, w, rounds=3000):
    """Value iteration of V_i = max(w_i, 1 - δ_j V_j): each player's value at her turn."""
    v = [0.0, 0.0]
    for _ in range(rounds):
        v = [max(w[0], 1 - d[1] * v[1]), max(w[1], 1 - d[0] * v[0])]
    return v


@pytest.mark.parametrize("d, w", [((0.9, 0.9), (0.6, 0)), ((0.9, 0.8), (0.2, 0.5)),
                                  ((0.9, 0.9), (0.3, 0.3)), ((0.7, 0.95), (0, 0.7))])
def test_proposing_convention_against_value_iteration(d, w):
    result = alternating_offers(d, outside_options=w, opt_out="proposing")
    values = shaked_sutton_values(d, w)
    for i in (0, 1):
        mine = max(w[i], result.proposals[i][i])
        assert mine == pytest.approx(values[i], abs=1e-10)
        assert bool(result.exits[i]) == (w[i] > result.proposals[i][i])


def test_proposing_convention_first_proposer_may_walk_away():
    result = alternating_offers(0.9, outside_options=(0.6, 0), opt_out="proposing")
    assert result.exits[0]
    assert result.outcome == (0.6, 0)
    assert "rather take the outside option" in result.explain()
    stays = alternating_offers(0.9, outside_options=(0.5, 0), opt_out="proposing")
    assert not stays.exits[0] and stays.outcome == stays.agreement


# ------------------------------------------------------------ lit-oop: patient limit

@pytest.mark.parametrize("wB, oop, std", [(0.36, 0.5, 0.68), (0.64, 0.64, 0.82)])
def test_outside_option_principle_in_the_patient_limit(wB, oop, std):
    result = alternating_offers(1 - 1e-7, outside_options=(0, wB))
    assert result.agreement[1] == pytest.approx(oop, abs=1e-6)
    split_the_difference = wB + (1 - 0 - wB) / 2
    assert split_the_difference == pytest.approx(std, abs=TOL)
    assert abs(result.agreement[1] - split_the_difference) > 0.1


# ---------------------------------------------------------- lit-breakdown: breakdown

@pytest.mark.parametrize("q, b, x", [
    (F(1, 10), (0, 0), F(10, 19)),
    (F(1, 10), (F(1, 5), F(1, 10)), F(54, 95)),
    (F(1, 100), (F(1, 5), F(1, 10)), None),
])
def test_breakdown_worked_examples(q, b, x):
    result = alternating_offers(breakdown=q, breakdown_payoffs=b)
    p = 1 - q
    assert result.exact
    assert result.agreement[0] == (1 + p * b[0] - b[1]) / (1 + p)
    assert result.proposals[1][1] == (1 + p * b[1] - b[0]) / (1 + p)
    if x is not None:
        assert result.agreement[0] == x
    expected = {F(1, 10): 0.5684210526 if b[0] else 0.5263157895, F(1, 100): 0.5517587940}[q]
    assert float(result.agreement[0]) == pytest.approx(expected, abs=1e-10)


def test_breakdown_limit_splits_the_difference_from_the_breakdown_point():
    x = alternating_offers(breakdown=1e-9, breakdown_payoffs=(0.2, 0.1)).agreement[0]
    assert x == pytest.approx(0.55, abs=1e-8)


def test_certain_breakdown_is_an_ultimatum():
    result = alternating_offers(breakdown=1, breakdown_payoffs=(F(1, 5), F(1, 10)))
    assert result.agreement == (F(9, 10), F(1, 10))


@given(st.fractions(min_value=F(1, 100), max_value=1, max_denominator=100), share, share, unit)
def test_breakdown_with_discounting_solves_the_indifference_conditions(q, b1, b2, d):
    assume(b1 + b2 < 1)
    result = alternating_offers(discount=(d, d), breakdown=q, breakdown_payoffs=(b1, b2))
    (a, ra), (rb, b) = result.proposals
    p = 1 - q
    assert ra == p * d * b + q * b2 and rb == p * d * a + q * b1


def test_breakdown_timing_next_period_discounts_the_breakdown_payoffs():
    later = alternating_offers((0.9, 0.8), breakdown=0.2, breakdown_payoffs=(0.3, 0.4),
                               breakdown_timing="next_period")
    same = alternating_offers((0.9, 0.8), breakdown=0.2, breakdown_payoffs=(0.27, 0.32))
    assert np.allclose(later.proposals, same.proposals, atol=TOL, rtol=0)
    assert "one period later" in later.timing


# ------------------------------------------------------ lit-both-frictions and Δ → 0

def nash_on_the_pie(tau, d=(0.0, 0.0)):
    """argmax (x - d1)^τ (1 - x - d2)^(1-τ) by scipy, independent of the module."""
    found = minimize_scalar(
        lambda x: -(tau * np.log(x - d[0]) + (1 - tau) * np.log(1 - x - d[1])),
        bounds=(d[0] + 1e-12, 1 - d[1] - 1e-12), method="bounded",
        options={"xatol": 1e-12})
    return found.x


def test_both_frictions_worked_example_is_nineteen_thirty_fifths():
    limit = frictionless_limit(rates=(F(1, 20), F(1, 10)), hazard=F(1, 10),
                               breakdown_payoffs=(F(1, 5), F(3, 10)))
    assert limit.point[0] == F(19, 35) and limit.exact
    assert float(limit.point[0]) == pytest.approx(0.5428571429, abs=1e-10)
    x = alternating_offers(**period_parameters((0.05, 0.10), 1e-4, hazard=0.1),
                           breakdown_payoffs=(0.2, 0.3)).agreement[0]
    assert x == pytest.approx(0.54286, abs=1e-5)


def test_pure_discounting_converges_to_nash_with_rate_weights():
    r1, r2 = 0.05, 0.10
    target = nash_on_the_pie(r2 / (r1 + r2))
    assert target == pytest.approx(2 / 3, abs=1e-8)
    errors = [abs(alternating_offers(**period_parameters((r1, r2), dt)).agreement[0] - target)
              for dt in (1, 0.1, 0.01, 0.001)]
    assert all(later < 0.2 * earlier for earlier, later in pairwise(errors))
    assert errors[-1] < 1e-4


@pytest.mark.parametrize("lam, r, b", [(0.1, (0.05, 0.10), (0.2, 0.3)),
                                       (1.0, (0.2, 0.05), (0.1, 0.4)),
                                       (0.5, (0.1, 0.1), (0.0, 0.0))])
def test_breakdown_and_discounting_converge_to_nash_with_breakdown_weights(lam, r, b):
    tau = (lam + r[1]) / (2 * lam + r[0] + r[1])  # lit-both-frictions, computed here
    d = (lam * b[0] / (lam + r[0]), lam * b[1] / (lam + r[1]))
    target = nash_on_the_pie(tau, d)
    errors = []
    for dt in (0.1, 0.01, 0.001, 0.0001):
        result = alternating_offers(**period_parameters(r, dt, hazard=lam), breakdown_payoffs=b)
        errors.append(abs(result.agreement[0] - target))
    assert all(later < 0.2 * earlier for earlier, later in pairwise(errors))
    assert errors[-1] < 1e-4
    assert frictionless_limit(rates=r, hazard=lam, breakdown_payoffs=b).point[0] == \
        pytest.approx(target, abs=1e-8)


# --------------------------------------------------------- lit-channels: channels 1-3

def test_patience_channel_worked_examples():
    """Limit share x_K = r_U / (r_U + r_K): 1/3 under maximum pressure, 2/3 with a patron."""
    pressure = frictionless_limit(rates=(F(1, 10), F(1, 5)))
    patron = frictionless_limit(rates=(F(1, 10), F(1, 20)))
    assert pressure.point[1] == F(1, 3) and patron.point[1] == F(2, 3)


def test_outside_option_channel_raises_dprk_share_only_when_it_binds():
    baseline = alternating_offers((0.95, 0.9)).agreement[1]
    shares = [alternating_offers((0.95, 0.9), outside_options=(0, 0.1 + rho * 0.5)).agreement[1]
              for rho in np.linspace(0, 1, 11)]
    for rho, s in zip(np.linspace(0, 1, 11), shares):
        assert s == pytest.approx(max(baseline, 0.1 + rho * 0.5), abs=TOL)


def test_disagreement_channel_breakdown_payoff_raises_the_share():
    shares = [alternating_offers(breakdown=0.05, breakdown_payoffs=(0.1, bk)).agreement[1]
              for bk in (0, 0.1, 0.2, 0.4)]
    assert shares == sorted(shares) and shares[0] < shares[-1]


# ----------------------------------------------------------------------------- three evaluations

CASES = [
    dict(discount=("9/10", "4/5")),
    dict(discount=("9/10", "4/5"), outside_options=("1/2", "9/25")),
    dict(discount=("9/10", "9/10"), outside_options=("12/25", "1/2")),
    dict(discount=("7/10", "19/20"), outside_options=(None, "7/10")),
    dict(breakdown="1/10", breakdown_payoffs=("1/5", "1/10")),
    dict(discount=("9/10", "4/5"), breakdown="1/5", breakdown_payoffs=("1/10", "3/10"),
         outside_options=("1/5", "1/2")),
    dict(discount=("9/10", "4/5"), outside_options=("1/5", "1/2"), opt_out="next_period"),
    dict(discount=("9/10", "4/5"), outside_options=("1/2", "1/10"), opt_out="proposing"),
    dict(discount=("9/10", "4/5"), horizon=5, outside_options=("1/5", "9/20")),
    dict(discount=("9/10", "4/5"), horizon=4, breakdown="1/10",
         breakdown_payoffs=("1/5", "1/10")),
]


def _symbols_for(case):
    """The case with every numeric parameter replaced by a sympy symbol, and the values."""
    symbolic, values = dict(case), {}
    for key in ("discount", "outside_options", "breakdown_payoffs"):
        if key in case:
            pair = []
            for i, v in enumerate(case[key]):
                if v is None:
                    pair.append(None)
                else:
                    s = sp.Symbol(f"{key}{i}", positive=True)
                    values[s] = sp.Rational(v)
                    pair.append(s)
            symbolic[key] = tuple(pair)
    if "breakdown" in case:
        s = sp.Symbol("q", positive=True)
        values[s] = sp.Rational(case["breakdown"])
        symbolic["breakdown"] = s
    return symbolic, values


@pytest.mark.parametrize("case", CASES)
def test_symbolic_exact_and_vectorised_evaluations_agree(case):
    exact = alternating_offers(**case)
    assert exact.exact
    symbolic_case, values = _symbols_for(case)
    symbolic = alternating_offers(**symbolic_case)
    vector_case = {k: (tuple(None if x is None else np.full(3, float(F(x))) for x in v)
                       if isinstance(v, tuple) else
                       np.full(3, float(F(v))) if k == "breakdown" else v)
                   for k, v in case.items()}
    vector = alternating_offers(**vector_case)
    for i in (0, 1):
        if exact.proposals[i] is None:
            assert symbolic.proposals[i] is None and vector.proposals[i] is None
            continue
        for k in (0, 1):
            at_point = sp.simplify(symbolic.proposals[i][k].subs(values))
            assert at_point.is_Rational and F(int(at_point.p), int(at_point.q)) == \
                exact.proposals[i][k]
            np.testing.assert_allclose(vector.proposals[i][k], float(exact.proposals[i][k]),
                                       atol=TOL, rtol=0)
        assert bool(exact.binding[i]) == bool(symbolic.binding[i].subs(values)
                                               if hasattr(symbolic.binding[i], "subs")
                                               else symbolic.binding[i])
        assert np.all(vector.binding[i] == exact.binding[i])


def test_symbolic_outside_options_give_min_max_expressions():
    d, w = sp.symbols("delta w", positive=True)
    result = alternating_offers(discount=d, outside_options=(None, w))
    a = result.agreement[0]
    assert a.has(sp.Min)
    assert a.subs({d: sp.Rational(9, 10), w: sp.Rational(3, 5)}) == sp.Rational(2, 5)
    assert a.subs({d: sp.Rational(9, 10), w: sp.Rational(3, 10)}) == sp.Rational(10, 19)
    assert result.regime is None and "binds when" in result.explain()


def test_vectorised_sweep_matches_pointwise_and_broadcasts():
    rng = np.random.default_rng(7)
    n = 100_003  # more than one block
    d1, d2 = rng.uniform(0.01, 0.99, (2, n))
    w1, w2 = rng.uniform(-0.1, 0.49, (2, n))
    result = alternating_offers((d1, d2), outside_options=(w1, w2))
    assert result.agreement[0].shape == (n,) and result.binding[0].dtype == bool
    for k in rng.choice(n, 50, replace=False):
        point = alternating_offers((d1[k], d2[k]), outside_options=(w1[k], w2[k]))
        assert result.shares[0][k] == pytest.approx(point.shares[0], abs=TOL)
        assert result.shares[1][k] == pytest.approx(point.shares[1], abs=TOL)
        assert result.regime[k] == REGIMES.index(point.regime)
    d1, w2 = np.linspace(0.1, 0.9, 5)[:, None], np.linspace(0, 0.8, 7)
    grid = alternating_offers((d1, 0.5), outside_options=(0, w2))
    assert grid.agreement[0].shape == (5, 7) and grid.binding[0].shape == (5, 7)
    rubinstein = 0.5 * (1 - d1) / (1 - 0.5 * d1)
    np.testing.assert_allclose(grid.agreement[1], np.maximum(rubinstein, w2), atol=TOL, rtol=0)


# ----------------------------------------------------------------------------- general frontier

class Frontier:
    """A stand-in for a bargaining problem: the minimal protocol the solver uses."""

    def __init__(self, u2_of_u1, u1_of_u2, disagreement=(0.0, 0.0)):
        self.u2_of_u1, self.u1_of_u2 = u2_of_u1, u1_of_u2
        self.disagreement = disagreement
        self.u1_max = float(u1_of_u2(0.0))
        self.u2_max = float(u2_of_u1(0.0))


QUADRATIC = Frontier(lambda u1: 1 - np.asarray(u1) ** 2, lambda u2: np.sqrt(1 - np.asarray(u2)))
ROOT = Frontier(lambda u1: np.sqrt(1 - np.asarray(u1)), lambda u2: 1 - np.asarray(u2) ** 2)
LINEAR = Frontier(lambda u1: 1 - np.asarray(u1), lambda u2: 1 - np.asarray(u2))


def indifference_oracle(f, d):
    """Solve f(x1) = δ2 f(y1), y1 = δ1 x1 by fsolve (O&R 1990 ch. 3), independent of the code."""
    def equations(z):
        x1, y1 = z
        return [f(x1) - d[1] * f(y1), y1 - d[0] * x1]
    x1, y1 = fsolve(equations, [0.5, 0.4], xtol=1e-14)
    return x1, y1


@pytest.mark.parametrize("problem, f", [(QUADRATIC, lambda u: 1 - u ** 2),
                                        (ROOT, lambda u: np.sqrt(1 - u))])
@pytest.mark.parametrize("d", [(0.9, 0.8), (0.5, 0.95), (0.99, 0.99)])
def test_nonlinear_frontier_solves_the_indifference_conditions(problem, f, d):
    result = alternating_offers(d, problem=problem)
    x1, y1 = indifference_oracle(f, d)
    assert result.proposals[0][0] == pytest.approx(x1, abs=1e-10)
    assert result.proposals[1][0] == pytest.approx(y1, abs=1e-10)
    x, y = result.proposals
    assert x[1] == pytest.approx(d[1] * y[1], abs=1e-12)
    assert y[0] == pytest.approx(d[0] * x[0], abs=1e-12)
    assert "root finding" in result.method and not result.exact


def test_linear_frontier_agrees_with_the_closed_form():
    for kwargs in (dict(discount=(0.9, 0.8)),
                   dict(discount=(0.9, 0.9), outside_options=(0.3, 0.55)),
                   dict(discount=(0.9, 0.8), breakdown=0.2, breakdown_payoffs=(0.1, 0.3),
                        outside_options=(0.2, 0.5)),
                   dict(discount=(0.9, 0.8), outside_options=(0.5, 0.1), opt_out="proposing"),
                   dict(discount=(0.9, 0.8), horizon=6, outside_options=(0.2, 0.45))):
        closed = alternating_offers(**kwargs)
        frontier = alternating_offers(problem=LINEAR, **kwargs)
        assert np.allclose(frontier.proposals, closed.proposals, atol=1e-12, rtol=0)
        assert frontier.binding == closed.binding


def test_frontier_with_disagreement_point_discounts_gains_over_it():
    problem = Frontier(lambda u1: 1 - np.asarray(u1), lambda u2: 1 - np.asarray(u2), (0.2, 0.1))
    result = alternating_offers((F(9, 10), F(4, 5)), problem=problem)
    # gains over d split Rubinstein-fashion: 5/7 of the 0.7 surplus to player 1
    assert result.agreement[0] == pytest.approx(0.2 + 0.7 * 5 / 7, abs=1e-12)


def test_frontier_outside_option_binds_exactly():
    result = alternating_offers(0.9, problem=QUADRATIC, outside_options=(None, 0.8))
    assert result.binding[1] and result.agreement[1] == pytest.approx(0.8, abs=1e-12)
    assert result.agreement[0] == pytest.approx(math.sqrt(0.2), abs=1e-12)


def test_frontier_vectorised_bisection_matches_scalar_brentq():
    ds = np.linspace(0.3, 0.98, 40)
    grid = alternating_offers((ds, 0.85), problem=ROOT, outside_options=(0.1, 0.6))
    for k in (0, 7, 21, 39):
        point = alternating_offers((ds[k], 0.85), problem=ROOT, outside_options=(0.1, 0.6))
        assert grid.proposals[0][0][k] == pytest.approx(point.proposals[0][0], abs=1e-12)
        assert grid.proposals[1][1][k] == pytest.approx(point.proposals[1][1], abs=1e-12)
        assert bool(grid.binding[1][k]) == bool(point.binding[1])


def test_frontier_limit_is_the_asymmetric_nash_solution():
    r1, r2 = 0.05, 0.10
    alpha = r2 / (r1 + r2)
    target = minimize_scalar(lambda u: -(alpha * np.log(u) + (1 - alpha) * np.log(1 - u ** 2)),
                             bounds=(1e-9, 1 - 1e-9), method="bounded",
                             options={"xatol": 1e-12}).x
    errors = [abs(alternating_offers(**period_parameters((r1, r2), dt), problem=QUADRATIC)
                  .agreement[0] - target) for dt in (0.1, 0.01, 0.001)]
    assert errors[1] < 0.2 * errors[0] and errors[2] < 0.2 * errors[1] and errors[2] < 1e-4


def test_frontier_finite_horizon_converges():
    infinite = alternating_offers((0.9, 0.8), problem=QUADRATIC).agreement
    finite = alternating_offers((0.9, 0.8), problem=QUADRATIC, horizon=201).agreement
    assert finite == pytest.approx(infinite, abs=1e-10)


# ----------------------------------------------------------------------------- results

def test_result_is_frozen_and_serialises():
    result = alternating_offers(("9/10", "4/5"), outside_options=(0, "3/10"), horizon=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.agreement = (0, 1)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["agreement"] == ["7/10", "3/10"] and data["proposer"] == 0
    assert data["path"][0]["proposal"] == data["agreement"] and len(data["path"]) == 3
    vector = alternating_offers((np.array([0.9, 0.8]), 0.8), outside_options=(0, 0.3))
    json.dumps(vector.to_dict())
    assert result.point == result.agreement


def test_explain_names_the_players_the_binding_option_and_the_timing():
    text = alternating_offers((0.9, 0.8), outside_options=(0, 0.3),
                              players=("US", "DPRK")).explain()
    assert "US proposes first" in text and "DPRK's outside option (0.3) binds" in text
    assert "§3.12" in text
    quiet = alternating_offers(0.9, outside_options=(0, 0.1)).explain()
    assert "outside option principle" in quiet
    many = alternating_offers((np.linspace(0.5, 0.9, 5), 0.8), outside_options=(0, 0.3))
    assert "Over 5 parameter points" in many.explain()


# ----------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("kwargs, words", [
    (dict(discount=(1.2, 0.9)), ["discount[0]", "1.2", "(0, 1)"]),
    (dict(discount=(0.9, 0)), ["discount[1]", "0", "(0, 1)"]),
    (dict(discount=1), ["discount", "1", "(0, 1)"]),
    (dict(discount=np.array([0.5, 1.5])), ["discount", "1.5"]),
    (dict(discount=0.9, breakdown=1.5), ["breakdown", "1.5", "[0, 1]"]),
    (dict(discount=0.9, breakdown=-0.1), ["breakdown", "-0.1"]),
    (dict(discount=0.9, horizon=0), ["horizon", "0", "positive integer"]),
    (dict(discount=0.9, horizon=2.5), ["horizon", "2.5"]),
    (dict(discount=0.9, horizon=True), ["horizon", "True"]),
    (dict(discount=0.9, outside_options=(0.6, 0.5)), ["outside_options", "0.6", "0.5",
                                                       "no gains from trade"]),
    (dict(discount=0.9, outside_options=(1.5, -1)), ["outside_options", "1.5"]),
    (dict(discount=0.9, outside_options=(0, np.array([0.2, 1.0]))), ["outside_options", "1"]),
    (dict(breakdown=0.1, breakdown_payoffs=(0.5, 0.5)), ["breakdown_payoffs", "no gains"]),
    (dict(breakdown=0.1, breakdown_payoffs=(-0.1, 0.5)), ["breakdown_payoffs[0]", "-0.1"]),
    (dict(), ["discount is None", "every split"]),
    (dict(breakdown=0), ["breakdown is 0"]),
    (dict(discount=0.9, proposer=2), ["proposer", "2"]),
    (dict(discount=0.9, opt_out="whenever"), ["opt_out", "whenever"]),
    (dict(discount=0.9, breakdown_timing="later"), ["breakdown_timing", "later"]),
    (dict(discount=(0.9, 0.8, 0.7)), ["discount", "pair"]),
    (dict(discount=(0.9, "x")), ["discount[1]", "'x'"]),
    (dict(discount=0.9, problem=object()), ["problem", "lacks"]),
    (dict(discount=sp.Symbol("d"), problem=LINEAR), ["symbols"]),
    (dict(discount=0.9, problem=QUADRATIC, outside_options=(0.9, 0.5)), ["no gains"]),
    (dict(discount=0.9, problem=Frontier(lambda u: 1 - np.asarray(u), lambda u: 1 - np.asarray(u),
                                          (0.6, 0.4))), ["disagreement point", "nothing"]),
    (dict(discount=0.9, problem=LINEAR, breakdown=0.1, breakdown_payoffs=(0.0, -0.1)),
     ["breakdown_payoffs[1]", "-0.1", "at least"]),
])
def test_bad_input_is_a_parameter_error_naming_argument_and_value(kwargs, words):
    with pytest.raises(ParameterError) as info:
        alternating_offers(**kwargs)
    assert isinstance(info.value, ValueError)
    for word in words:
        assert word in str(info.value)


def test_edge_inputs_that_are_allowed():
    # negative outside options never bind; a finite game needs no friction
    assert alternating_offers(0.9, outside_options=(-1, -2)).binding == (False, False)
    assert alternating_offers(horizon=3).agreement == (1, 0)
    assert alternating_offers(horizon=2).agreement == (0, 1)
