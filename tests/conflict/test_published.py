"""The textbook and published conflicts reproduce their stability tables.

Sources (tests/data/gmcr/README.md): Fang, Hipel & Kilgour (1993) and Kilgour, Hipel & Fang
(1987) for the prisoner's dilemma and chicken; Fraser & Hipel (1984) for the Cuban missile
crisis; Hipel, Fang, Kilgour & Haight (1993) and Hipel, Kilgour, Fang & Peng (1997) for
Elmira; Hipel & Fraser (1980) for Garrison; the GMCR+ examples and logs (Kinsara et al.
2015) for the others.  Each model is built from its published description, its stability
derived by our code, and compared with the published results and with the reference table
computed under the Fang–Hipel–Kilgour n-DM definitions by an independent implementation.
"""

import numpy as np
import pytest

from negotiation.conflict import CONCEPTS, analyse
from negotiation.conflict.reachability import reachable
from negotiation.conflict.statements import parse_statement, prioritisation_scores

from .published import ENTRIES, build, option_names, preferences

NAMES = sorted(ENTRIES)


def numbers(indices):
    return sorted(int(k) + 1 for k in indices)


@pytest.mark.parametrize("name", NAMES)
def test_states_moves_and_improvements_are_the_published_ones(name):
    entry, model = ENTRIES[name], build(name)
    if entry["form"] == "option":
        assert model.states.table.astype(int).tolist() == entry["feasible_states"]
    reference = entry["reference"]
    for i, dm in enumerate(model.decision_makers):
        for kind, pairs in (("unilateral_moves", model.moves[i]),
                            ("unilateral_improvements", model.improvements(i))):
            ours = {}
            for s, t in zip(*pairs):
                ours.setdefault(str(s + 1), []).append(int(t) + 1)
            assert {k: sorted(v) for k, v in ours.items()} == reference[kind][dm], (kind, dm)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("method", ["reachability", "matrix"])
def test_every_stable_state_matches_the_reference_table(name, method):
    entry, model = ENTRIES[name], build(name)
    result = analyse(model, method=method)
    for concept in CONCEPTS:
        for dm in model.decision_makers:
            assert list(result.stable_states(dm, concept)) == \
                entry["reference"]["stable_states"][concept][dm], (concept, dm)
        assert list(result.equilibria(concept)) == entry["reference"]["equilibria"][concept]


@pytest.mark.parametrize("name", ["prisoners_dilemma", "chicken", "prisoners_dilemma_gmcrpy",
                                  "syria_iraq"])
def test_published_equilibria(name):
    published = ENTRIES[name]["published_results"]["equilibria"]
    result = analyse(build(name))
    for concept in CONCEPTS:
        assert list(result.equilibria(concept)) == published[concept], concept


def test_prisoners_dilemma_mutual_cooperation_is_stable_only_with_foresight():
    """Fang, Hipel & Kilgour (1993): (C, C) is GMR, SMR and SEQ stable, not Nash; the
    unique Nash equilibrium is mutual defection."""
    result = analyse(build("prisoners_dilemma"))
    assert result.equilibria("nash") == (4,)
    why = result.why(1, "P1", "seq")
    assert why.stable and why.sanctions[0].improvement == 2
    assert why.sanctions[0].path == (("P2", 4),)          # P2 defects too
    assert why.sanctions[0].member == "P1"
    assert not result.why(1, "P1", "nash").stable


def test_chicken_mutual_swerving_is_not_sequentially_stable():
    """Fang, Hipel & Kilgour (1993): in chicken, mutual swerving (1) is GMR and SMR stable
    but not SEQ stable: the only sanction is a crash, which the sanctioner dislikes too."""
    result = analyse(build("chicken"))
    assert 1 in result.equilibria("gmr") and 1 in result.equilibria("smr")
    assert 1 not in result.equilibria("seq")
    assert result.why(1, "P1", "seq").unsanctioned == (2,)


def test_cuban_missile_crisis_historical_outcome_is_an_equilibrium():
    """Fraser & Hipel (1984): the blockade followed by Soviet withdrawal (state 7) is stable
    under the concepts with sanctions."""
    entry = ENTRIES["cuban_missile_crisis"]
    published = entry["published_results"]
    result = analyse(build("cuban_missile_crisis"))
    state = published["historical_outcome_state"]
    names = option_names(entry)
    taken = {names[k] for k, o in enumerate(entry["options"])
             if published["historical_outcome_bits"][o["name"]] == "Y"}
    assert set(result.model.states.taken(state - 1)) == taken
    for concept in published["expected_in_equilibria"]:
        assert state in result.equilibria(concept)


def test_cuban_missile_crisis_air_strike_is_irreversible():
    model = build("cuban_missile_crisis")
    strike = model.states.options.index("air_strike")
    src, dst = model.moves[model.dm_index("US")]
    table = model.states.table
    assert not (table[src, strike] & ~table[dst, strike]).any()
    assert (~table[src, strike] & table[dst, strike]).any()


@pytest.mark.parametrize("name,low,key", [
    ("elmira_gmcrplus_12state", 7, "equilibria_among_states_7_to_12"),
    ("elmira_classic_9state", 5, "equilibria_among_states_5_to_9"),
    ("elmira_classic_9state_ur_alt", 5, "equilibria_among_states_5_to_9")])
def test_elmira_published_equilibria_where_the_source_shows_them(name, low, key):
    published = ENTRIES[name]["published_results"][key]
    result = analyse(build(name))
    for concept in CONCEPTS:
        assert [s for s in result.equilibria(concept) if s >= low] == published[concept]


def test_elmira_status_quo_moves_to_the_local_government_insisting():
    """Hipel et al. (1997): from the status quo (1) the local government's insistence leads
    to state 5, an equilibrium; the historical outcome 8 is not reachable unilaterally."""
    result = analyse(build("elmira_classic_9state"))
    paths = result.status_quo(1)
    assert paths.paths[5] == (("Local Government", 5),)
    assert 8 in paths.unreachable


def test_elmira_historical_outcome_needs_the_moe_uniroyal_coalition():
    """Hipel et al. (1997), Inohara & Hipel (2008): from the deadlock at 5 the historical
    outcome 8 (MoE modifies its order, Uniroyal accepts it) is reached only by MoE and
    Uniroyal moving together."""
    result = analyse(build("elmira_classic_9state"))
    together = result.status_quo(1, coalitions=[["MoE", "Uniroyal"]])
    assert together.paths[8] == (("Local Government", 5), ("MoE + Uniroyal", 8))
    for pair in (["MoE", "Local Government"], ["Uniroyal", "Local Government"]):
        assert 8 in result.status_quo(5, coalitions=[pair]).unreachable


def test_garrison_agrees_with_the_published_tables_where_the_definitions_agree():
    """Hipel & Fraser (1980), as solved by GMCR+ (2014): Nash and SEQ agree; the published
    GMR and SMR equilibria (one-move sanctions) are all GMR and SMR equilibria under the
    n-DM definitions, which can only add sanctions."""
    published = ENTRIES["garrison_diversion_unit"]["published_results"]
    result = analyse(build("garrison_diversion_unit"))
    logged = published["gmcrpy_test_data_2014"]
    for concept in ("nash", "seq"):
        assert list(result.equilibria(concept)) == logged[concept]
    for concept in ("gmr", "smr"):
        assert set(logged[concept]) <= set(result.equilibria(concept))
        assert set(published["filtered_table"][concept]) <= set(result.equilibria(concept))


@pytest.mark.parametrize("name", [n for n in NAMES if "coalition_reachability" in
                                  ENTRIES[n]["reference"]])
def test_coalition_reachable_lists(name):
    entry, model = ENTRIES[name], build(name)
    for key, lists in entry["reference"]["coalition_reachability"].items():
        members = [model.dm_index(dm) for dm in key.split("+")]
        for kind, improving in (("R_H", False), ("R_H_plus", True)):
            for s in range(model.n_states):
                ours = numbers(t for t in reachable(model, members, s, improving) if t != s)
                theirs = [t for t in lists[kind].get(str(s + 1), []) if t != s + 1]
                assert ours == theirs, (key, kind, s + 1)


@pytest.mark.parametrize("name", [n for n in NAMES if "option_prioritisation_scores" in
                                  ENTRIES[n]])
def test_option_prioritisation_scores(name):
    entry, model = ENTRIES[name], build(name)
    names = option_names(entry)
    for dm, spec in preferences(entry).items():
        trees = [parse_statement(text, names) for text in spec["prioritisation"]]
        scores = prioritisation_scores(trees, model.states.table)
        assert [int(v) for v in scores] == entry["option_prioritisation_scores"][dm]
        i = model.dm_index(dm)
        order = np.argsort(-np.array(scores, dtype=np.int64), kind="stable")
        assert (np.diff(model.ranks[i][order]) <= 0).all()
