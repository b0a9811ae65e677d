"""Graph-model files: the YAML format, its schema, and one clear problem per mistake."""

from pathlib import Path

import numpy as np
import pytest

from negotiation.conflict import SCHEMA_PATH, analyse, bundled, load, loads, validate
from negotiation.errors import ScenarioError
from negotiation.scenario import bundled as bundled_scenarios

from .published import build

DATA = Path(__file__).resolve().parents[1] / "data" / "gmcr"

SMALL = """\
format: 1
kind: graph-model
metadata: {title: Small}
decision_makers:
  A: {options: {x: {}, y: {reversibility: forward}}}
  B: {options: {z: {}}}
infeasible: ["x and z"]
status_quo: [y]
preferences:
  A: {prioritisation: ["x", {statement: "not z", judgement: "A dislikes z."}]}
  B: {ranking: [[1, 2], 3, 4, 5, 6]}
"""


@pytest.mark.parametrize("file,name", [("elmira.yaml", "elmira_classic_9state"),
                                       ("cuban_missile_crisis.yaml", "cuban_missile_crisis")])
def test_files_give_the_same_model_as_the_published_description(file, name):
    from_file, from_data = load(DATA / file), build(name)
    assert from_file.n_states == from_data.n_states
    for i in range(len(from_file.decision_makers)):
        assert [a.tolist() for a in from_file.moves[i]] == [a.tolist() for a in from_data.moves[i]]
    assert np.array_equal(from_file.ranks, from_data.ranks)
    ours, theirs = analyse(from_file), analyse(from_data)
    for c in ours.concepts:
        assert ours.equilibria(c) == theirs.equilibria(c)


def test_a_small_file():
    model = loads(SMALL)
    assert model.n_states == 6          # 8 combinations less x-and-z (with y either way)
    assert model.label(model.status_quo) == "3 (y)"
    assert model.reasons["A"][1] == ("not z", "judgement: A dislikes z.")
    y = model.states.options.index("y")
    src, dst = model.moves[0]
    assert not (model.states.table[src, y] & ~model.states.table[dst, y]).any()
    assert model.ranks[1][0] == model.ranks[1][1] > model.ranks[1][2]


def test_the_bundled_model_is_not_a_scenario():
    assert "conflict_us_dprk_2025" in bundled()
    assert not any(name.startswith("conflict_") for name in bundled_scenarios())
    assert load("us_dprk_2025").title == load("conflict_us_dprk_2025").title
    assert validate("conflict_us_dprk_2025") == []


def test_schema_is_valid_json_schema_and_accepts_the_bundled_model():
    import json

    import jsonschema

    from negotiation.scenario.yamlfile import read_yaml

    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in [*bundled().values(), DATA / "elmira.yaml", DATA / "cuban_missile_crisis.yaml"]:
        data = read_yaml(path).data
        jsonschema.validate(_plain(data), schema)


def _plain(value):
    from fractions import Fraction

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return float(value) if isinstance(value, Fraction) else value


@pytest.mark.parametrize("change,line,field,message", [
    (("kind: graph-model", "kind: graph-model\ncolour: red"), 3, "colour", "unknown field"),
    (('"not z"', '"not w"'), 10, "preferences.A.prioritisation[1]", "'w' is not an option"),
    (('"x and z"', '"x and"'), 7, "infeasible[0]", "an option is missing"),
    (("[[1, 2], 3, 4, 5, 6]", "[[1, 2], 3, 4, 5]"), 11, "preferences.B",
     "leaves out state 6"),
    (("[[1, 2], 3, 4, 5, 6]", "[[1, 2], 3, 4, 5, 6, 9]"), 11, "preferences.B",
     "there is no state 9"),
    (("status_quo: [y]", "status_quo: [q]"), 8, "status_quo[0]", "'q' is not an option"),
    (("{reversibility: forward}", "{reversibility: forwards}"), 5,
     "decision_makers.A.options.y.reversibility", "did you mean 'forward'"),
    (('judgement: "A dislikes z."', 'judgement: "A dislikes z.", source: {citation: X}'), 10,
     "preferences.A.prioritisation[1]", "give one"),
])
def test_each_mistake_is_named_with_its_line_and_field(change, line, field, message):
    text = SMALL.replace(*change)
    assert text != SMALL
    with pytest.raises(ScenarioError) as error:
        loads(text, name="small.yaml")
    problems = error.value.problems
    assert len(problems) == 1, problems
    assert (problems[0].line, problems[0].field) == (line, field)
    assert message in problems[0].message
    assert str(error.value).startswith(f"small.yaml, line {line}")


def test_unsafe_yaml_is_refused():
    with pytest.raises(ScenarioError, match="tag"):
        loads("format: !!python/object:os.system 1\n")
    with pytest.raises(ScenarioError, match="neither a bundled graph model"):
        load("no_such_model")
