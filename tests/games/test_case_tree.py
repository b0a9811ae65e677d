"""Tests of the case's three-stage tree: Russian backing, a US offer, DPRK's answer.

Oracles: the baseline solved by hand; backward induction on the perfect-information
version (the US sees DPRK's type); the law "more backing never lowers DPRK's
subgame-perfect payoff" where it holds (the US informed, Russian aid not replacing
sanctions relief), checked for random parameters; and a hand-derived counterexample
where it does not (the US uninformed: screening).
"""

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError
from negotiation.games.case_tree import BASELINE, DEFAULT_OFFERS, Offer, case_tree

F = Fraction


def dprk_payoffs(solution, level):
    return [o.payoffs["DPRK"] for o in solution.continuations[level]]


# ------------------------------------------------------------ structure
def test_the_tree_has_three_stages_and_a_us_information_set_per_backing_level():
    case = case_tree()
    tree = case.tree
    assert tree.players == ("Russia", "US", "DPRK")
    assert tree.root.actions == ("backing 0", "backing 1/2", "backing 1")
    nature = tree.root["backing 1/2"]
    assert nature.is_chance and nature.actions == ("resolved", "soft")
    us = tree.information_sets("US")
    assert len(us) == 3 and all(len(s) == 2 for s in us)
    assert us[1].label == "US offer at backing 1/2"
    assert us[1].actions == tuple(o.name for o in DEFAULT_OFFERS)
    assert len(tree.information_sets("DPRK")) == 3 * 2 * 4
    assert set(case.parameters) <= set(BASELINE)
    informed = case_tree(us_observes_type=True)
    assert informed.tree.is_perfect_information


def test_payoffs_are_the_model_spec_utilities():
    case = case_tree()
    S = sympy.Symbol
    reply = case.tree.root["backing 1/2"]["soft"]["grand bargain"]
    russia, us, dprk = reply["accept"].outcome.payoffs
    assert sympy.simplify(russia - (S("mu") - S("chi")) / 2) == 0
    assert sympy.simplify(us - (S("w_denuclearisation") - S("kappa_sanctions")
                                - S("kappa_guarantee") - S("kappa_alliance") / 2
                                - S("alpha") / 2 + S("L"))) == 0
    assert sympy.simplify(dprk - (S("v_sanctions") * (1 - S("theta") / 2) + S("v_guarantee")
                                  + S("v_alliance") / 2
                                  - S("eta_soft") * S("k_denuclearisation"))) == 0
    russia, us, dprk = reply["reject"].outcome.payoffs
    assert sympy.simplify(dprk - (S("d0_soft") + S("rho") * S("s") / 2)) == 0
    assert us == S("d_US") and sympy.simplify(russia - (S("mu") - S("chi")) / 2
                                                 - S("lambda_R")) == 0
    p = case.tree.root["backing 0"].information_set.probabilities
    assert sympy.simplify(p["resolved"] + p["soft"] - 1) == 0


# ------------------------------------------------------------- baseline
def test_the_baseline_by_hand():
    """Baseline values (BASELINE), resolved with probability 1/2.

    'arms control with recognition' gives DPRK v_s (1 - theta R) + (v_r + v_g)/2 -
    eta (k_m + k_f + k_c) = (1/2)(1 - R/2) + 1/4 - eta/4 and the US w_m + w_f + w_c -
    k_s - (k_r + k_g)/2 - alpha/2 + L = 3/5 - 1/10 - 3/40 - 1/8 + 1/10 = 2/5 > d_US =
    3/10.  DPRK's outside option is d0_t + rho s R = d0_t + R/5.

    * R = 0: soft 1/2 >= 1/5 and resolved 3/4 - 3/8 = 3/8 >= 3/10: both accept; DPRK
      expects (1/2 + 3/8)/2 = 7/16, the US 2/5, Russia 0.
    * R = 1/2: soft 3/8 + 1/4 - 1/4 = 3/8 >= 3/10 accepts, resolved 5/8 - 3/8 = 1/4 <
      2/5 rejects; DPRK expects (3/8 + 2/5)/2 = 31/80 -- less than at R = 0; the US
      (2/5 + 3/10)/2 = 7/20; Russia (mu - chi)/2 + lambda_R/2 = 1/20 + 1/20 = 1/10.
    * R = 1: every package is rejected by both types, the US is indifferent between
      its four offers (d_US each), DPRK gets (3/10 + 1/5 + 1/5 + 1/5)/2 = 9/20 and
      Russia 1/10 + 1/10 = 1/5, its best: full backing.
    """
    solution = case_tree().solve()
    assert solution.backing == (1,)
    (zero,) = solution.continuations[0]
    assert zero.offer == {"resolved": "arms control with recognition",
                          "soft": "arms control with recognition"}
    assert zero.accepts == {"resolved": True, "soft": True}
    assert zero.payoffs == {"Russia": 0, "US": F(2, 5), "DPRK": F(7, 16)}
    (half,) = solution.continuations[F(1, 2)]
    assert half.accepts == {"resolved": False, "soft": True} and half.deal_probability == F(1, 2)
    assert half.payoffs == {"Russia": F(1, 10), "US": F(7, 20), "DPRK": F(31, 80)}
    full = solution.continuations[1]
    assert len(full) == 4 and {o.deal_probability for o in full} == {0}
    assert {tuple(o.payoffs.values()) for o in full} == {(F(1, 5), F(3, 10), F(9, 20))}
    assert solution.payoffs == ((F(1, 5), F(3, 10), F(9, 20)),)
    assert solution.equilibria.count == 4
    # with Russian aid replacing sanctions relief (theta = 1/2), more backing lowers
    # DPRK's payoff from 7/16 to 31/80 before raising it
    assert dprk_payoffs(solution, F(1, 2)) < dprk_payoffs(solution, 0)


def test_explain_table_and_dict():
    solution = case_tree().solve()
    text = solution.explain()
    assert text.startswith("Anticipating the bargain, Russia backs Pyongyang at level 1 "
                           "(of 0, 1/2, 1). After backing 1: the US is indifferent between "
                           "offering 'freeze for partial relief', ")
    assert ("Had Russia chosen 1/2: the US offers 'arms control with recognition'; the soft "
            "type accepts and the resolved type takes its outside option (a deal with "
            "probability 1/2)") in text
    table = solution.table()
    assert len(table) == 6 and table["chosen"].sum() == 4
    assert set(table.columns) >= {"backing", "offer (soft)", "accepts (resolved)", "P(deal)",
                                  "Russia", "US", "DPRK"}
    data = solution.to_dict()
    assert data["backing"] == ["1"] and data["count"] == 4
    assert data["continuations"]["1/2"][0]["deal_probability"] == "1/2"
    assert "CaseSolution: backing 1" in repr(solution) and "CaseTree" in repr(case_tree())


def test_overrides_and_floats():
    solution = case_tree().solve({"lambda_R": 0, "mu": 0})
    # backing only costs Russia now: it stays out, and the deal goes through
    assert solution.backing == (0,)
    assert solution.offer == ({"resolved": "arms control with recognition",
                               "soft": "arms control with recognition"},)
    floats = case_tree().solve({"p_resolved": 0.5})
    assert floats.backing == (1,) and isinstance(floats.payoffs[0][2], float)


def test_the_informed_tree_agrees_with_backward_induction():
    case = case_tree(us_observes_type=True)
    numeric = case.numeric()
    solution = case.solve()
    induction = numeric.subgame_perfect()
    assert solution.equilibria.count == induction.count
    assert solution.equilibria.payoff_counts == induction.payoff_counts


def test_a_single_type_needs_no_chance_node():
    case = case_tree(types={"resolved": 1})
    assert not case.tree.root["backing 0"].is_chance
    solution = case.solve()
    assert all(len(o.accepts) == 1 for outcomes in solution.continuations.values()
               for o in outcomes)
    assert "DPRK" in solution.explain()


# --------------------------------------------------------- monotonicity
RANDOM_PARAMETERS = st.fixed_dictionaries({
    name: st.fractions(0, 1, max_denominator=10)
    for name, _ in BASELINE.items() if name not in ("theta", "p_resolved", "eta_resolved")
})


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=RANDOM_PARAMETERS, p=st.fractions(0, 1, max_denominator=10),
       eta=st.fractions(1, 3, max_denominator=4))
def test_more_backing_never_lowers_dprks_payoff_when_the_us_knows_the_type(values, p, eta):
    """With theta = 0 (aid does not replace sanctions relief) the deal values do not
    depend on R and the outside option d0_t + rho s R rises with it.  With one type,
    or the type known to the US, DPRK gets at least its outside option, and an offer
    it accepted stays acceptable and optimal for the US unless it is now rejected, in
    which case DPRK's payoff is the (higher) outside option: the lowest and the highest
    SPE payoff of DPRK both rise (weakly) with R, type by type and so in expectation.
    """
    values = dict(values, theta=0, p_resolved=p, eta_resolved=eta)
    solution = INFORMED.solve(values)
    levels = INFORMED.backing
    for low, high in itertools.pairwise(levels):
        below, above = dprk_payoffs(solution, low), dprk_payoffs(solution, high)
        assert min(above) >= min(below) and max(above) >= max(below)


INFORMED = case_tree(us_observes_type=True)


def test_more_backing_can_lower_dprks_payoff_when_the_us_does_not_know_the_type():
    """A counterexample to the law above without the US knowing the type (theta = 0).

    Two packages, both against a moratorium the US values at 1 and DPRK at no cost:
    'generous' (sanctions lifted: DPRK 1/2, US 1 - 1/20 = 19/20) and 'stingy'
    (recognition at level 1/2: DPRK 2/5 x 1/2 = 1/5, US 1).  The soft type (9/10) has
    outside option R x 3/20, the resolved type 2/5 + R x 3/20; d_US = 0.

    * R = 0: 'generous' is accepted by both (US 19/20), 'stingy' only by the soft type
      (US 9/10 x 1 = 9/10 < 19/20): the US pools; DPRK gets 1/2.
    * R = 1: the resolved type's option 11/20 beats 1/2, so 'generous' is accepted only
      by the soft type (US 9/10 x 19/20 = 171/200) and 'stingy' (soft: 1/5 >= 3/20) is
      worth 9/10 > 171/200: the US screens.  DPRK gets 9/10 x 1/5 + 1/10 x 11/20 =
      47/200 < 1/2: the soft type loses 3/10 because the resolved type's option rose.

    Knowing the type, the US would already screen at R = 0, and DPRK's payoff rises
    from 23/100 to 47/200.
    """
    offers = (Offer("generous", {"sanctions": 1}, {"moratorium": 1}),
              Offer("stingy", {"recognition": F(1, 2)}, {"moratorium": 1}))
    values = dict(theta=0, rho=1, s=F(3, 20), d0_soft=0, d0_resolved=F(2, 5),
                  p_resolved=F(1, 10), v_sanctions=F(1, 2), v_recognition=F(2, 5),
                  k_moratorium=0, w_moratorium=1, kappa_sanctions=F(1, 20),
                  kappa_recognition=0, alpha=0, L=0, d_US=0)
    uninformed = case_tree(backing=(0, 1), offers=offers).solve(values)
    assert dprk_payoffs(uninformed, 0) == [F(1, 2)]
    assert dprk_payoffs(uninformed, 1) == [F(47, 200)]
    (low,) = uninformed.continuations[0]
    (high,) = uninformed.continuations[1]
    assert low.offer["soft"] == "generous" and high.offer["soft"] == "stingy"
    assert high.accepts == {"resolved": False, "soft": True}
    informed = case_tree(backing=(0, 1), offers=offers, us_observes_type=True).solve(values)
    assert set(dprk_payoffs(informed, 0)) == {F(23, 100)}
    assert set(dprk_payoffs(informed, 1)) == {F(47, 200)}


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("kwargs, message", [
    (dict(offers=(Offer("x", {"aid": 1}, {}),)), "names the issue 'aid', which is not one of"),
    (dict(offers=(Offer("x", {"sanctions": 2}, {}),)), "is 2, but it must be in \\[0, 1\\]"),
    (dict(offers=(Offer("x"), Offer("x"))), "offer names must be distinct"),
    (dict(offers=()), "offers needs at least one package"),
    (dict(backing=(0, 0)), "backing level 0 is listed twice"),
    (dict(backing=(-1,)), "backing level 1 is -1, but it must be non-negative"),
    (dict(backing=()), "backing needs at least one level"),
    (dict(types={"very resolved": 1}), "must be an identifier"),
])
def test_bad_input(kwargs, message):
    with pytest.raises(GameError, match=message):
        case_tree(**kwargs)


def test_unknown_and_missing_parameters():
    case = case_tree()
    with pytest.raises(GameError, match="'beta' is not a parameter of the case tree"):
        case.solve({"beta": 1})
    odd = case_tree(types={"hawk": "1/2", "dove": "1/2"})
    with pytest.raises(GameError, match="no value for the parameter"):
        odd.solve()
    solution = odd.solve({"d0_hawk": "1/4", "d0_dove": "1/4", "eta_hawk": 2, "eta_dove": 1})
    assert solution.backing
    assert "Offer" in repr(DEFAULT_OFFERS[0]) and "US: sanctions 1/2" in \
        DEFAULT_OFFERS[0].describe()
