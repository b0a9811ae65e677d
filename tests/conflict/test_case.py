"""The bundled US–DPRK conflict in option form: facts that follow from its statements by
hand, and the command line."""

import json

import numpy as np
import pytest

from negotiation.cli import main
from negotiation.conflict import analyse, load


@pytest.fixture(scope="module")
def case():
    model = load("conflict_us_dprk_2025")
    return model, analyse(model, coalitions=model.settings["coalitions"])


def column(model, option):
    return model.states.table[:, model.states.options.index(option)]


def test_the_model(case):
    model, _ = case
    assert model.decision_makers == ("US", "DPRK", "Russia", "China", "ROK")
    # US 10 combinations (walk-away excludes relief and recognition), DPRK 5 (escalate, or
    # the chain moratorium <- freeze <- dismantle), Russia 4, China 3, ROK 4
    assert model.n_states == 10 * 5 * 4 * 3 * 4
    assert model.states.taken(model.status_quo) == ("moratorium", "backing", "arms",
                                                   "dialogue")


def test_dismantling_locks_the_dprk_in(case):
    """Dismantling is irreversible, needs the freeze, which needs the moratorium, which
    excludes escalation: from any state with Yongbyon dismantled the DPRK cannot move."""
    model, result = case
    src, _ = model.moves[model.dm_index("DPRK")]
    assert not column(model, "dismantle")[src].any()
    for k in np.flatnonzero(column(model, "dismantle")):
        assert result.stable["nash"][1, k]


def test_the_us_cannot_improve_on_the_status_quo(case):
    """At the status quo each US option taken breaks a US statement and satisfies none
    above it: relief breaks 'freeze if relief', recognition 'not recognition', drawdown
    'not drawdown', walking away 'not walk_away'."""
    model, result = case
    assert result.why(model.status_quo + 1, "US", "nash").sanctions == ()


def test_the_rok_goes_nuclear_after_recognition_or_drawdown(case):
    """'deterrent iff (drawdown or recognition)' is the ROK's first statement its own move
    can change, so with recognition or drawdown and no deterrent it improves by starting
    one: no Nash equilibrium has recognition or drawdown without the deterrent."""
    model, result = case
    exposed = (column(model, "recognition") | column(model, "drawdown")) & \
        ~column(model, "deterrent")
    for k in result.equilibria("nash"):
        assert not exposed[k - 1]
    assert not result.stable["nash"][4, exposed].any()


def test_equilibria_are_verified_by_their_explanations(case):
    model, result = case
    for concept in result.concepts:
        for k in result.equilibria(concept)[:5]:
            for dm in model.decision_makers:
                assert result.why(k, dm, concept).stable
    assert set(result.coalitional_equilibria("gmr")) <= set(result.equilibria("gmr"))


def test_command_line(capsys, tmp_path):
    assert main(["conflict", "conflict_us_dprk_2025", "--json", "--why", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    model = load("conflict_us_dprk_2025")
    result = analyse(model, concepts=["seq"])
    assert data["equilibria"]["seq"] == list(result.equilibria("seq"))
    assert len(data["why"]) == 5 and data["status_quo"]["start"] == model.status_quo + 1
    assert main(["conflict", "conflict_us_dprk_2025", "--concept", "seq"]) == 0
    assert "From the status quo" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nkind: graph-model\nmetadata: {title: x}\n"
                   "decision_makers: {A: {options: {x: {}}}}\npreferences: {A: {ranking: [1]}}\n")
    assert main(["conflict", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 5" in err and "leaves out state 2" in err and "Traceback" not in err


def test_solve_on_a_bundled_graph_model_gives_its_stability_analysis(capsys):
    """Every bundled model answers `negotiation solve`: a graph model with the conflict
    analysis, the same as `negotiation conflict` gives."""
    assert main(["solve", "conflict_us_dprk_2025", "--json"]) == 0
    solved = json.loads(capsys.readouterr().out)
    assert main(["conflict", "conflict_us_dprk_2025", "--json"]) == 0
    assert solved == json.loads(capsys.readouterr().out)
    assert main(["solve", "conflict_us_dprk_2025"]) == 0
    assert "is a graph model" in capsys.readouterr().out
