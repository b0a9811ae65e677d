"""A bargaining scenario's packages as a graph model, preferences from its utilities."""

import numpy as np
import pytest

import negotiation
from negotiation.conflict import GraphModel, analyse
from negotiation.conflict.from_scenario import NO_DEAL


@pytest.fixture(scope="module")
def bridge():
    scenario = negotiation.load("us_dprk_2025_baseline")
    model = GraphModel.from_scenario(scenario)
    return scenario, model, analyse(model)


def test_ranks_keep_the_order_of_the_exact_utilities(bridge):
    scenario, model, _ = bridge
    case = scenario.model
    assert model.n_states == len(case.levels()) + 1
    assert model.states.names[-1] == NO_DEAL
    walk = case.walk_away()
    for p, actor in enumerate(case.players):
        values = case.issue_values(actor)
        utility = [sum((values[i][row[k]] for k, i in enumerate(case.issue_names)), 0)
                   for row in case.levels()] + [walk[p]]
        rng = np.random.default_rng(p)
        for a, b in rng.integers(0, model.n_states, size=(2000, 2)):
            assert (utility[a] > utility[b]) == (model.ranks[p][a] > model.ranks[p][b])
            assert (utility[a] == utility[b]) == (model.ranks[p][a] == model.ranks[p][b])


def test_each_side_moves_only_its_own_concessions_or_walks_away(bridge):
    scenario, model, _ = bridge
    levels = np.asarray(scenario.model.levels())
    last = model.n_states - 1
    for p, actor in enumerate(model.decision_makers):
        src, dst = model.moves[p]
        assert not (src == last).any()                      # nobody moves back from no deal
        theirs = [k for k, i in enumerate(scenario.model.issue_names)
                  if scenario.issues[i]["side"] != actor]
        inner = dst != last
        assert (levels[src[inner]][:, theirs] == levels[dst[inner]][:, theirs]).all()
        assert (np.bincount(src[~inner], minlength=last) == 1).all()


def test_stable_packages_are_individually_rational(bridge):
    """Walking away is always possible and never answered, so a package that is GMR
    stable for a side is one that side likes at least as much as no deal."""
    _, model, result = bridge
    last = model.n_states - 1
    for p, dm in enumerate(model.decision_makers):
        stable = np.array(result.stable_states(dm, "gmr")) - 1
        assert (model.ranks[p][stable] >= model.ranks[p][last]).all()
    assert result.equilibria("nash")[-1] == model.n_states
