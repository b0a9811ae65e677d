"""Scenario files: the format, the shipped JSON Schema, every problem at once with its line,
the corpus of broken files, and changed copies."""

import json
import os
from fractions import Fraction
import subprocess
import sys
from pathlib import Path

import pytest

from negotiation import ScenarioError
from negotiation.scenario import SCHEMA_PATH, ScenarioFileError, bundled, load, loads, validate
from negotiation.scenario.yamlfile import MAX_BYTES, read_yaml

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
BROKEN = HERE / "broken"
FIXTURE = HERE / "fixtures" / "composite.yaml"
MARKER = Path("/tmp/negotiation-pwned")

#: file → (line, fragment) for every problem it must report (all of them, at once).
CORPUS = {
    "wrong_types.yaml": [(16, "parameters.kappa.range: expected a list, not the number 0.5"),
                         (16, "parameters.kappa.value: expected a number, not the text 'high'"),
                         (46, "bargaining.lotteries: expected true or false")],
    "missing_fields.yaml": [(5, "metadata: the field 'title' is missing"),
                            (16, "parameters.L: the field 'range' is missing"),
                            (16, "parameters.L: needs a 'source'")],
    "undeclared_names.yaml": [(36, "'rhoo' is not a declared parameter; did you mean 'rho'?"),
                              (36, "utilities.DPRK.no_deal")],
    "circular_definitions.yaml": [(26, "circular definition: aid → support → aid")],
    "malicious_expressions.yaml": [(31, "attribute access (L.__class__.__mro__)"),
                                   (32, "calling __import__('os').system is not allowed"),
                                   (38, "calling lambda: level is not allowed"),
                                   (40, "the exponent 387420489 is too large")],
    "deeply_nested_formula.yaml": [(32, "nests brackets 200 deep")],
    "billion_laughs.yaml": [(7, "billion laughs")],
    "python_tag.yaml": [(32, "the tag tag:yaml.org,2002:python/object/apply:os.system is not "
                             "allowed")],
    "deep_nesting.yaml": [(56, "nest more than 24 levels deep")],
    "duplicate_key.yaml": [(22, "the key 'd0' appears twice in one mapping (first on line 19)")],
    "unknown_fields.yaml": [(8, "unknown field 'sumary'; did you mean 'summary'?"),
                            (42, "unknown field 'bargainng'; did you mean 'bargaining'?")],
    "out_of_domain.yaml": [(16, "the value 2 lies outside its range [0, 1.5]"),
                           (44, "the discount factor is 1.2, but it must lie in (0, 1)")],
    "backing_outside_channels.yaml": [(31, "the backing level R enters here, but this formula "
                                           "belongs to none of the 6 channels")],
    "not_a_mapping.yaml": [(1, "the file is a list, not a mapping")],
}


def test_the_corpus_is_complete():
    assert {p.name for p in BROKEN.glob("*.yaml")} == set(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_broken_file_gives_all_its_problems_with_lines(name):
    MARKER.unlink(missing_ok=True)
    with pytest.raises(ScenarioError) as caught:
        load(BROKEN / name)
    message = str(caught.value)
    assert str(BROKEN / name) in message
    for line, fragment in CORPUS[name]:
        assert f"line {line}" in message and fragment in message, (fragment, message)
        assert any(f"line {line}" in row and fragment in row for row in message.splitlines()), \
            message
    problems = validate(BROKEN / name)
    assert len(problems) >= len({f for _, f in CORPUS[name]}) - 1
    assert not MARKER.exists()  # nothing was executed


def test_a_50_megabyte_file_is_refused_by_its_size(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.write(b"parameters:\n")
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ScenarioError, match=r"big\.yaml: the file is 52\.4 MB, but a scenario "
                                            r"file may be at most 1\.0 MB; it was not read"):
        load(big)
    with pytest.raises(ScenarioError, match="at most"):
        read_yaml("x" * (MAX_BYTES + 1))


def test_missing_file_and_unknown_name():
    with pytest.raises(ScenarioError, match="no such file"):
        load("no/such/file.yaml")
    with pytest.raises(ScenarioError, match="did you mean 'us_dprk_2025_baseline'"):
        load("us_dprk_2025_basline")


def test_yaml_keys_stay_text_and_decimals_are_exact():
    doc = read_yaml("levels: {no: 0, yes: 0.1, NO: 1}\nwhen: 2025-01-02\non: off\n")
    assert doc.data["levels"] == {"no": 0, "yes": Fraction(1, 10),
                                  "NO": 1}
    assert doc.data["when"] == "2025-01-02" and doc.data["on"] is False
    assert doc.line(("levels", "yes")) == 1 and doc.line(("on",)) == 3


def test_the_shipped_schema_is_valid_and_accepts_every_bundled_scenario():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in [*bundled().values(), FIXTURE]:
        data = json.loads(json.dumps(read_yaml(path).data, default=float))
        assert list(validator.iter_errors(data)) == [], path
    for name in ("wrong_types.yaml", "missing_fields.yaml", "unknown_fields.yaml"):
        data = json.loads(json.dumps(read_yaml(BROKEN / name).data, default=float))
        assert list(validator.iter_errors(data)), name


def test_a_scenario_from_text_and_its_parameters():
    text = FIXTURE.read_text()
    scenario = loads(text, name="composite")
    assert scenario.name == "composite" and scenario.bargainers == ("US", "DPRK")
    kappa = scenario.parameters["kappa"]
    assert kappa.basis == "judgement" and kappa.range == (0, Fraction(3, 2))
    assert kappa.line == 1 + next(k for k, line in enumerate(text.splitlines())
                                  if line.startswith("  kappa:"))
    broken = text.replace("  kappa: {value: 0.25", "  kappa: {value: 0.25, distribution: "
                                                    "{type: triangular, mode: 3}")
    with pytest.raises(ScenarioFileError, match="the mode 3 lies outside the range"):
        loads(broken)


def test_parameter_priors_for_monte_carlo():
    text = FIXTURE.read_text().replace(
        '  kappa: {value: 0.25, range: [0, 1.5],',
        '  kappa: {value: 0.25, range: [0, 1.5], distribution: {type: triangular, mode: 0.5},')
    kappa = loads(text).parameters["kappa"]
    prior = kappa.frozen()
    assert prior.support() == (0, 1.5) and abs(prior.cdf(0.5) - 1 / 3) < 1e-12
    assert abs(loads(text).parameters["L"].frozen().mean() - 0.1) < 1e-12  # U[0, 0.2]


def test_with_values():
    base = load(FIXTURE)
    changed = base.with_values({"kappa": 0.5, "R": "3/4", "channels.war": "off"})
    assert changed.values["kappa"] == Fraction(1, 2)
    assert changed.channels["war"] is False and base.channels["war"] is True
    assert changed.changed() == {"kappa": (base.values["kappa"], changed.values["kappa"]),
                                 "R": (base.values["R"], changed.values["R"])}
    with pytest.raises(ScenarioError, match="did you mean 'kappa'"):
        base.with_values({"kapa": 1})
    with pytest.raises(ScenarioError, match="not a number"):
        base.with_values({"kappa": "lots"})
    with pytest.raises(ScenarioError, match="use on or off"):
        base.with_values({"channels.war": "maybe"})
    with pytest.raises(ScenarioError, match="did you mean 'patience'"):
        base.with_values({"channels.patiense": True})


def test_import_stays_light_and_load_is_lazy():
    code = ("import sys, negotiation; heavy = ('yaml', 'sympy', 'negotiation.scenario'); "
            "before = [m for m in heavy if m in sys.modules]; load = negotiation.load; "
            "print(before, load.__module__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[] negotiation.scenario.loading"


@pytest.mark.skipif(not os.environ.get("CI") and not os.environ.get("NEGOTIATION_INSTALL_TEST"),
                    reason="builds and installs the package (slow); runs in CI")
def test_a_non_editable_install_ships_the_scenarios(tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(ROOT)],
                   check=True, capture_output=True, text=True)
    assert (target / "negotiation" / "models" / "us_dprk_2025_baseline.yaml").exists()
    packages = {p.parent.relative_to(ROOT) for p in (ROOT / "negotiation").rglob("__init__.py")}
    assert all((target / package / "__init__.py").exists() for package in packages)
    assert (target / "negotiation" / "scenario" / "scenario.schema.json").exists()
    code = ("import negotiation; s = negotiation.load('us_dprk_2025_baseline'); "
            "print(negotiation.__file__, s.file)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(target)})
    module, file = done.stdout.split()
    assert module.startswith(str(target)) and file.startswith(str(target))


def test_labels_and_their_fallbacks():
    """Labels where the file gives them; the identifier in words where it does not; a
    level label for a level the issue does not have is a problem with its line."""
    text = FIXTURE.read_text()
    labelled = text.replace("  US: {role: bargainer}", "  US: {label: the United States, "
                                                       "role: bargainer}") \
        .replace("  kappa: {value: 0.25", "  kappa: {label: allies' alarm, value: 0.25") \
        .replace("    side: US\n    levels: {none: 0, full: 1}",
                 "    side: US\n    label: recognition of nuclear status\n"
                 "    level_labels: {full: formal recognition}\n    levels: {none: 0, full: 1}")
    scenario = loads(labelled, name="composite")
    labels = scenario.labels
    assert labels.actor("US") == "the United States" and labels.actor("DPRK") == "DPRK"
    assert labels.parameter("kappa") == "allies' alarm"
    assert scenario.parameters["kappa"].to_dict()["label"] == "allies' alarm"
    assert labels.issue("recognition") == "recognition of nuclear status"
    assert labels.level("recognition", "full") == "formal recognition"
    assert labels.package_text({"recognition": "full"}) == \
        "the United States gives formal recognition"
    plain = loads(text, name="composite").labels
    assert plain.parameter("kappa") == "kappa" and plain.level("recognition", "full") == \
        "recognition: full"
    wrong = labelled.replace("{full: formal recognition}", "{ful: formal recognition}")
    with pytest.raises(ScenarioFileError, match=r"'ful' is not a level of recognition; did "
                                                r"you mean 'full'\?"):
        loads(wrong)


def test_every_bundled_scenario_labels_everything():
    for name in bundled():
        scenario = load(name)
        assert scenario.metadata.get("scale")
        for key, spec in scenario.actors.items():
            assert spec.get("label"), (name, key)
        for key, p in scenario.parameters.items():
            assert p.label and "." not in p.label and "_" not in p.label, (name, key)
        for key, issue in scenario.issues.items():
            assert issue["label"], (name, key)
            assert set(issue["level_labels"]) == set(list(issue["levels"])[1:]), (name, key)
