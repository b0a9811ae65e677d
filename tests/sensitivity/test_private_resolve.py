"""The probability of no deal under private resolve, over arrays, as the analysis's game
tree gives it point by point."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.bargaining.packages import pareto_indices
from negotiation.scenario.analysis import _uncertainty
from negotiation.sensitivity import as_target
from negotiation.sensitivity.private_resolve import TOL, _offer, _on_frontier

SCENARIOS = ["us_dprk_2025_baseline", "us_dprk_2018_summits", "russia_full_backing",
             "legacy_deal", "alliance_first"]


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(SCENARIOS), st.integers(0, 2**32 - 1))
def test_no_deal_probability_is_the_trees(name, seed):
    """At points drawn from the priors (shares of refusals from 0 to 0.8 occur)."""
    scenario = negotiation.load(name)
    t = as_target(scenario)
    rng = np.random.default_rng(seed)
    draws = {k: t.spec(k).sample(4, rng) for k in t.parameters}
    out = t(draws, ["no_deal_probability"])["no_deal_probability"]
    for i in range(4):
        point = scenario.with_values({k: float(v[i]) for k, v in draws.items()})
        model = point.model
        expected = _uncertainty(model, model.env())["no_deal_probability"]
        assert out[i] == expected, (name, i)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 8), st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_frontier_test_is_pareto_indices(rows, packages, seed):
    """Coarse values make equal and tied packages common."""
    rng = np.random.default_rng(seed)
    u1, u2 = (rng.integers(0, 5, (rows, packages)).astype(float) for _ in range(2))
    on = np.column_stack([_on_frontier(u1, u2, np.full(rows, k)) for k in range(packages)])
    for r in range(rows):
        assert np.flatnonzero(on[r]).tolist() == pareto_indices(u1[r], u2[r]).tolist()


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6), st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_offer_is_the_first_best_on_the_frontier(rows, packages, seed):
    """The rule of the tree's backward induction, on coarse values (many ties)."""
    rng = np.random.default_rng(seed)
    u1, u2, expected = (rng.integers(0, 4, (rows, packages)).astype(float) for _ in range(3))
    offer = _offer(u1, u2, expected)
    for r in range(rows):
        frontier = pareto_indices(u1[r], u2[r])
        best = expected[r, frontier].max()
        assert offer[r] == next(k for k in frontier if expected[r, k] >= best - TOL)
