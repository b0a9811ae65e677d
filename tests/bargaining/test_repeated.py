"""Self-enforcing phased deals: critical discount factors, schedules and transfers."""

from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from negotiation import ParameterError
from negotiation.bargaining.repeated import (
    PhasedDeal,
    critical_discount,
    feasible_transfers,
    grim_trigger_threshold,
    self_enforcing_schedules,
)

# --------------------------------------------------------------------------------------------
# hand-derived cases


@pytest.mark.parametrize("reward, temptation, punishment, expected", [
    (3, 5, 1, F(1, 2)), (3, 4, 1, F(1, 3)), (2, 3, 0, F(1, 3)), (F(5, 2), 4, 1, F(1, 2)),
])
def test_prisoners_dilemma_grim_trigger_threshold(reward, temptation, punishment, expected):
    """One phase repeated forever: R/(1-δ) >= T + δP/(1-δ)  <=>  δ >= (T - R)/(T - P)."""
    result = critical_discount([[reward]], [[temptation]], punishment)
    assert result.threshold == expected and isinstance(result.threshold, F)
    assert result.monotone and result.intervals[0].closed_low
    assert grim_trigger_threshold(reward, temptation, punishment) == expected


@settings(max_examples=40, deadline=None)
@given(r=st.integers(-5, 10), t=st.integers(-5, 10), p=st.integers(-5, 10))
def test_grim_trigger_closed_form_matches_the_exact_solver(r, t, p):
    assume(t > p)
    closed = grim_trigger_threshold(r, t, p)
    found = critical_discount([[r]], [[t]], p)
    if closed >= 1:
        assert found.threshold is None
    else:
        assert found.threshold == closed


def test_grim_trigger_closed_form_three_evaluations():
    r, t, p = sympy.symbols("R T P")
    symbolic = grim_trigger_threshold(r, t, p)
    assert symbolic.subs({r: 3, t: 5, p: 1}) == sympy.Rational(1, 2)
    rs = np.linspace(1, 4.5, 8)
    vector = grim_trigger_threshold(rs, 5, 1)
    assert np.allclose(vector, sympy.lambdify((r, t, p), symbolic, "numpy")(rs, 5.0, 1.0))
    assert np.allclose(vector, np.maximum((5 - rs) / 4, 0))


def test_finite_punishment_one_period():
    """R + δR >= T + δP  <=>  δ >= (T - R)/(R - P)."""
    assert critical_discount([[3]], [[4]], 1, punishment=1).threshold == F(1, 2)
    assert critical_discount([[3]], [[5]], 1, punishment=1).threshold is None   # would need δ >= 1


def test_finite_punishment_two_periods_is_algebraic():
    """(R - P)(δ + δ²) >= T - R with R, T, P = 3, 4, 1: 2δ² + 2δ - 1 >= 0, δ* = (√3 - 1)/2."""
    result = critical_discount([[3]], [[4]], 1, punishment=2)
    assert sympy.simplify(result.threshold - (sympy.sqrt(3) - 1) / 2) == 0
    assert float(result.threshold) == pytest.approx((3 ** 0.5 - 1) / 2, abs=1e-15)
    assert "2-period punishment" in result.explain()


def test_longer_punishments_need_less_patience():
    grim = critical_discount([[3]], [[4]], 1).threshold
    finite = [critical_discount([[3]], [[4]], 1, punishment=k).threshold for k in (1, 2, 3, 10)]
    values = [float(v) for v in finite] + [float(grim)]
    assert values == sorted(values, reverse=True)


def test_two_phase_schedule_by_hand():
    r"""US (player A) and DPRK (player B); phase 0 is a freeze with first relief, phase 1 the
    steady state (repeated).  Payoffs g, temptations τ, punishment P (no deal) per period:

        US:   g = (1, 2), τ = (2, 4), P = 0
        DPRK: g = (0, 3), τ = (3, 5), P = 1

    Grim trigger, V(1) = g(1)/(1-δ), V(0) = g(0) + δ V(1):

        US   phase 1: 2/(1-δ) >= 4                    <=>  δ >= 1/2
        US   phase 0: 1 + 2δ/(1-δ) >= 2               <=>  1 + δ >= 2 - 2δ     <=>  δ >= 1/3
        DPRK phase 1: 3/(1-δ) >= 5 + δ/(1-δ)          <=>  3 >= 5 - 4δ         <=>  δ >= 1/2
        DPRK phase 0: 3δ/(1-δ) >= 3 + δ/(1-δ)         <=>  3δ >= 3 - 2δ        <=>  δ >= 3/5

    so δ* = 3/5, bound by DPRK's temptation to renege on the freeze before relief flows; the
    US alone would need 1/2.  With a one-period punishment the US's steady state needs
    2/(1-δ) - 2δ²/(1-δ) >= 4, i.e. δ >= 1: never.
    """
    deal = PhasedDeal([[1, 2], [0, 3]], [[2, 4], [3, 5]], [0, 1], players=("US", "DPRK"))
    result = deal.critical_discount()
    assert result.threshold == F(3, 5)
    assert result.per_player == (F(1, 2), F(3, 5))
    assert result.binding == (("DPRK", 0),)
    assert "3/5" in result.explain() and "DPRK's at phase 0" in result.explain()
    assert deal.slack(F(3, 5)).tolist() == [[F(2), F(1)], [F(0), F(1)]]
    assert deal.is_self_enforcing(F(3, 5)).holds
    check = deal.is_self_enforcing(F(1, 2))
    assert not check.holds and check.violations == (("DPRK", 0),)
    assert deal.critical_discount(punishment=1).threshold is None


def test_three_phase_back_loaded_deal_has_the_golden_ratio_threshold():
    """g = (0, 0, 1), τ(0) = 1, P = 0: δ²/(1-δ) >= 1  <=>  δ² + δ - 1 >= 0, δ* = (√5 - 1)/2."""
    result = critical_discount([[0, 0, 1]], [[1, 0, 1]], 0)
    assert sympy.simplify(result.threshold - (sympy.sqrt(5) - 1) / 2) == 0
    assert result.binding == (("player 1", 0),)
    assert "≈ 0.618" in result.explain()


def test_patience_can_break_a_deal_whose_steady_state_is_worse_than_punishment():
    """g = (2, -1), τ = (1, -2), P = 0: phase 0 needs 2 - 3δ >= 1 - δ, phase 1 needs
    -1 >= -2(1 - δ); both give δ <= 1/2."""
    result = critical_discount([[2, -1]], [[1, -2]], 0)
    assert not result.monotone and result.threshold == 0
    (interval,) = result.intervals
    assert (interval.low, interval.high, interval.closed_low, interval.closed_high) == (
        0, F(1, 2), False, True)
    assert result.holds_at(F(1, 2)) and not result.holds_at(F(3, 5))
    assert "more patience can break it" in result.explain()


def test_deal_without_temptation_holds_at_any_discount_factor():
    result = critical_discount([[2, 3], [1, 1]], [[1, 2], [1, 1]], [0, 0])
    assert result.threshold == 0 and result.monotone
    assert "every discount factor" in result.explain()


def test_no_discount_factor_works():
    result = critical_discount([[1]], [[3]], 2)
    assert result.threshold is None and result.intervals == ()
    assert "No discount factor" in result.explain()


def test_per_phase_punishment_payoffs():
    """After dismantling in phase 0, the no-deal payoff of phase 1 is lower (1 -> 0)."""
    fixed = critical_discount([[1, 2]], [[2, 3]], [[1, 1]])
    lowered = critical_discount([[1, 2]], [[2, 3]], [[1, 0]])
    # phase 1: 2/(1-δ) >= 3 + δP/(1-δ): P = 1 gives δ >= 1/2, P = 0 gives δ >= 1/3
    assert fixed.threshold == F(1, 2)
    assert lowered.threshold == F(1, 2)   # phase 0 still needs 1 + δ >= 2 - δ: δ >= 1/2
    assert lowered.per_player_intervals[0][0].low == F(1, 2)


# --------------------------------------------------------------------------------------------
# the three evaluations


def test_slack_three_evaluations_agree():
    deal = PhasedDeal([[1, 2, 3], [0, 1, 4]], [[2, 3, 6], [3, 2, 7]], [0, 1])
    delta = sympy.Symbol("delta", positive=True)
    for punishment in ("grim", 2):
        symbolic = deal.slack(delta, punishment)
        exact = deal.slack(F(4, 5), punishment)
        assert all(sympy.nsimplify(symbolic[i, t].subs(delta, sympy.Rational(4, 5))) == exact[i, t]
                   for i in range(2) for t in range(3))
        deltas = np.linspace(0.05, 0.95, 19)
        vector = deal.slack(deltas, punishment)
        assert vector.shape == (2, 3, 19)
        for i in range(2):
            for t in range(3):
                f = sympy.lambdify(delta, symbolic[i, t], "numpy")
                assert np.allclose(vector[i, t], f(deltas))
        assert np.allclose(deal.slack(0.8, punishment), np.asarray(exact, dtype=float))


def test_float_payoffs_give_float_thresholds_equal_to_the_exact_ones():
    exact = critical_discount([[1, 2], [0, 3]], [[2, 4], [3, 5]], [0, 1])
    floats = critical_discount([[1.0, 2.0], [0.0, 3.0]], [[2.0, 4.0], [3.0, 5.0]], [0.0, 1.0])
    assert isinstance(floats.threshold, float) and not floats.exact
    assert floats.threshold == pytest.approx(float(exact.threshold), abs=1e-15)
    algebraic = critical_discount([[0, 0, 1.0]], [[1, 0, 1]], 0)
    assert algebraic.threshold == pytest.approx((5 ** 0.5 - 1) / 2, abs=1e-15)


def test_per_player_discount_factors():
    deal = PhasedDeal([[1, 2], [0, 3]], [[2, 4], [3, 5]], [0, 1], players=("US", "DPRK"))
    assert deal.is_self_enforcing([F(1, 2), F(3, 5)]).holds
    assert not deal.is_self_enforcing([F(9, 10), F(1, 2)]).holds
    sweep = deal.is_self_enforcing(np.array([0.5, 0.6, 0.7]))
    assert sweep.holds.tolist() == [False, True, True]


# --------------------------------------------------------------------------------------------
# properties


@st.composite
def deals(draw, max_phases=3):
    phases = draw(st.integers(1, max_phases))
    payoffs = draw(st.lists(st.lists(st.integers(0, 6), min_size=phases, max_size=phases),
                            min_size=2, max_size=2))
    extra = draw(st.lists(st.lists(st.integers(0, 4), min_size=phases, max_size=phases),
                          min_size=2, max_size=2))
    temptations = [[g + e for g, e in zip(gs, es)] for gs, es in zip(payoffs, extra)]
    punishment = draw(st.lists(st.integers(-2, 0), min_size=2, max_size=2))
    return payoffs, temptations, punishment


discounts = st.fractions(F(1, 100), F(99, 100), max_denominator=100)


@settings(max_examples=60, deadline=None)
@given(deal=deals(), d1=discounts, d2=discounts)
def test_more_patience_never_breaks_a_self_enforcing_schedule(deal, d1, d2):
    """Grim trigger with every phase paying at least the punishment: the slack
    g(t) - τ(t) + Σ_{s>=1} δ^s (g(t+s) - P) rises with δ."""
    low, high = sorted((d1, d2))
    deal = PhasedDeal(*deal)
    if deal.is_self_enforcing(low).holds:
        assert deal.is_self_enforcing(high).holds
    threshold = deal.critical_discount()
    assert threshold.monotone or threshold.threshold is None
    if threshold.threshold is not None:
        assert deal.is_self_enforcing(high).holds == (high >= threshold.threshold)


@settings(max_examples=40, deadline=None)
@given(deal=deals(), player=st.integers(0, 1), phase=st.integers(0, 2), bump=st.integers(1, 5),
       punishment=st.sampled_from(["grim", 1, 2]))
def test_a_larger_temptation_never_lowers_the_threshold(deal, player, phase, bump, punishment):
    payoffs, temptations, pun = deal
    assume(phase < len(payoffs[0]))
    before = critical_discount(payoffs, temptations, pun, punishment=punishment).threshold
    temptations = [list(row) for row in temptations]
    temptations[player][phase] += bump
    after = critical_discount(payoffs, temptations, pun, punishment=punishment).threshold
    if before is None:
        assert after is None
    elif after is not None:
        assert float(after) >= float(before) - 1e-12


@settings(max_examples=40, deadline=None)
@given(deal=deals())
def test_slack_is_zero_at_the_threshold_for_the_binding_constraints(deal):
    deal = PhasedDeal(*deal)
    result = deal.critical_discount()
    assume(result.threshold not in (None, 0))
    delta = sympy.Symbol("delta")
    slack = deal.slack(delta)
    for i, player in enumerate(deal.players):
        for t in range(deal.n_phases):
            value = sympy.N(slack[i, t].subs(delta, result.threshold), 50)
            assert value >= -1e-40
            if (player, t) in result.binding:
                assert abs(value) <= 1e-40


# --------------------------------------------------------------------------------------------
# schedules and transfers


def test_self_enforcing_schedules_from_a_finite_family():
    """Relief first (DPRK g = (3, 3)): US needs 2δ/(1-δ) >= 2 and 2/(1-δ) >= 4, DPRK
    3 >= 5 - 4δ: all δ >= 1/2.  Freeze first: δ >= 3/5 (above).  Big bang: the US needs
    2/(1-δ) >= 6, δ >= 2/3."""
    candidates = {
        "front-loaded relief": PhasedDeal([[0, 2], [3, 3]], [[2, 4], [3, 5]], [0, 1]),
        "freeze first": PhasedDeal([[1, 2], [0, 3]], [[2, 4], [3, 5]], [0, 1]),
        "big bang": PhasedDeal([[2], [3]], [[6], [9]], [0, 1]),
    }
    found = self_enforcing_schedules(candidates, F(3, 5))
    assert list(found) == ["front-loaded relief", "freeze first"]
    assert all(check.holds for check in found.values())
    assert list(self_enforcing_schedules(list(candidates.values()), F(1, 2))) == [0]
    assert self_enforcing_schedules(candidates, F(2, 5)) == {}


def test_transfers_for_a_freeze_by_hand():
    r"""DPRK freezes (costs it 1 per period), the US values the freeze at 2 and pays x per
    period.  DPRK: (x - 1)/(1-δ) >= x  <=>  x >= 1/δ.  US: (2 - x)/(1-δ) >= 2  <=>  x <= 2δ.
    Feasible iff δ >= 1/√2; at δ = 9/10, x in [10/9, 9/5]."""
    deal = PhasedDeal([[2], [-1]], [[2], [0]], [0, 0], players=("US", "DPRK"))
    box = feasible_transfers(deal, F(9, 10), payer="US", receiver="DPRK")
    assert box.exact
    assert box.contains([F(3, 2)]) and box.contains([F(10, 9)]) and box.contains([F(9, 5)])
    assert not box.contains([1]) and not box.contains([2])
    low, high = box.range(0)
    assert low == pytest.approx(10 / 9) and high == pytest.approx(9 / 5)
    assert not box.is_empty and "US to DPRK" in box.explain()
    assert deal.transfers(F(1, 2), payer=0, receiver=1).is_empty
    assert feasible_transfers(deal, 0.71, payer="US", receiver="DPRK").range(0) is not None
    assert feasible_transfers(deal, 0.70, payer="US", receiver="DPRK").is_empty


@settings(max_examples=40, deadline=None)
@given(deal=deals(), x=st.lists(st.fractions(0, 4, max_denominator=4), min_size=3, max_size=3),
       d=discounts, punishment=st.sampled_from(["grim", 2]))
def test_transfer_constraints_agree_with_the_deal_with_transfers_paid(deal, x, d, punishment):
    payoffs, temptations, pun = deal
    phases = len(payoffs[0])
    x = x[:phases]
    box = feasible_transfers(PhasedDeal(payoffs, temptations, pun), d, payer=0, receiver=1,
                             punishment=punishment)
    paid = [[g - v for g, v in zip(payoffs[0], x)], [g + v for g, v in zip(payoffs[1], x)]]
    tempted = [list(temptations[0]), [t + v for t, v in zip(temptations[1], x)]]
    check = PhasedDeal(paid, tempted, pun).is_self_enforcing(d, punishment)
    assert box.contains(x) == check.holds


def test_transfers_with_unequal_worth():
    """Relief worth 2 to DPRK per unit of US cost: DPRK needs 2x >= 1/δ, US x <= 2δ."""
    deal = PhasedDeal([[2], [-1]], [[2], [0]], [0, 0], players=("US", "DPRK"))
    box = deal.transfers(F(1, 2), payer="US", receiver="DPRK", value=2)
    assert box.contains([1]) and not box.contains([F(9, 10)])


# --------------------------------------------------------------------------------------------
# reports and bad input


def test_results_report_themselves():
    deal = PhasedDeal([[1, 2], [0, 3]], [[2, 4], [3, 5]], [0, 1], players=("US", "DPRK"))
    data = deal.critical_discount().to_dict()
    assert data["threshold"] == "3/5" and data["intervals"] == ["[3/5, 1)"]
    assert data["binding"] == [["DPRK", 0]] and data["monotone"] is True
    check = deal.is_self_enforcing(F(3, 5))
    assert check.to_dict()["holds"] is True and "closest call is DPRK" in check.explain()
    box = deal.transfers(F(3, 5), payer="US", receiver="DPRK")
    assert box.to_dict()["labels"][0] == ["US", 0]
    assert "2 players" in repr(deal)


@pytest.mark.parametrize("call, pattern", [
    (lambda: critical_discount([[3]], [[5]], 1, punishment="forever"),
     r"punishment is 'forever', but it must be 'grim'"),
    (lambda: critical_discount([[3]], [[5]], 1, punishment=0), r"punishment is 0"),
    (lambda: critical_discount([[3, 1]], [[5]], 1), r"temptations has shape \(1, 1\)"),
    (lambda: critical_discount([[3]], [[5]], [1, 2, 3]), r"punishment_payoffs has shape \(3,\)"),
    (lambda: critical_discount([["a"]], [[5]], 1), r"payoffs at index \(0, 0\) is 'a'"),
    (lambda: PhasedDeal([[3]], [[5]], 1).slack(1), r"discount is 1, but it must be in \(0, 1\)"),
    (lambda: PhasedDeal([[3]], [[5]], 1).is_self_enforcing(-0.5), r"discount is -0\.5"),
    (lambda: PhasedDeal([[3], [3]], [[5], [5]], 1).slack([0.5]), r"discount has 1 entries"),
    (lambda: PhasedDeal([[3], [3]], [[5], [5]], 1).slack([0.5, 1.5]),
     r"discount of B is 1\.5"),
    (lambda: PhasedDeal([[3]], [[5]], 1, players=("A", "B")), r"players has 2 names"),
    (lambda: feasible_transfers(PhasedDeal([[3], [3]], [[5], [5]], 1), 0.5, payer=0,
                                receiver=0), r"payer and receiver are both A"),
    (lambda: feasible_transfers(PhasedDeal([[3], [3]], [[5], [5]], 1), 0.5, payer="US",
                                receiver=0), r"payer is 'US'"),
    (lambda: feasible_transfers("deal", 0.5, payer=0, receiver=1), r"deal is str"),
    (lambda: grim_trigger_threshold(3, 1, 1), r"temptation is 1, but it must exceed"),
    (lambda: self_enforcing_schedules({"x": 1}, 0.5), r"candidate 'x' is int"),
])
def test_bad_input_names_the_argument_and_its_value(call, pattern):
    with pytest.raises(ParameterError, match=pattern):
        call()
