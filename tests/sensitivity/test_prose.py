"""The sentences of the sensitivity results read as prose: no ``nan``, no floating-point noise
(``2.22e-16``), no fixed-width exponents (``1.150000e-01``), and every scenario output named
with what it means."""

import re

import numpy as np
import pytest

import negotiation
from negotiation import sensitivity
from negotiation.cli import main
from negotiation.sensitivity import SCENARIO_OUTPUTS
from negotiation.sensitivity.results import difference, fmt, named, tolerance

SCENARIOS = ["us_dprk_2025_baseline", "us_dprk_2018_summits"]
#: What prose must not show: NaN, a number in exponent notation, a rounding-noise figure.
NOT_PROSE = re.compile(r"\bnan\b|\d\.?\d*e[-+]\d+", re.IGNORECASE)


def first_mention_unexplained(text, outputs):
    """The outputs whose first mention in ``text`` does not say what they mean."""
    found = []
    for output in outputs:
        first = re.search(rf"(?<![\w.]){re.escape(output)}(?![\w.])", text)
        if output in SCENARIO_OUTPUTS and first and not text[first.end():].startswith(" ("):
            found.append(output)
    return found


def outputs(result):
    if hasattr(result, "summary"):
        return list(result.summary)
    return list(getattr(result, "outputs", None) or [result.output])


def explanations(name):
    scenario = negotiation.load(name)
    names = ["russia.backing", "russia.reliability", "alliance.kappa", "dprk.value.alliance",
             "dprk.value.recognition", "leader.legacy"]
    yield sensitivity.tornado(scenario, "nash", executor=None)
    yield sensitivity.comparative_statics(scenario, names, output="nash", executor=None)
    yield sensitivity.sobol(scenario, names, n=64, seed=1, output="margin")
    yield sensitivity.regime_map(scenario, "russia.backing", "russia.reliability", n=5)
    yield sensitivity.sweep(scenario, {"russia.backing": np.linspace(0, 1, 5)},
                            outputs=["nash", "regime"])
    yield sensitivity.threshold(scenario, "russia.backing", output="regime", level=None)
    yield sensitivity.monte_carlo(scenario, 200, seed=1, outputs=["nash", "regime"])


@pytest.mark.parametrize("name", SCENARIOS)
def test_explanations_read_as_prose(name):
    for result in explanations(name):
        text = result.explain()
        assert not NOT_PROSE.search(text), (type(result).__name__, NOT_PROSE.search(text)[0])
        assert first_mention_unexplained(text, outputs(result)) == [], type(result).__name__


def test_the_checks_catch_what_they_should():
    assert NOT_PROSE.search("swing 2.22e-16") and NOT_PROSE.search("1.150000e-01")
    assert NOT_PROSE.search("nash nan (0.62 at 0.1 to nan at 0.5)")
    assert not NOT_PROSE.search("dprk.value.alliance 0 (0.495 at 0.1)")
    assert first_mention_unexplained("nash = 0.43 here", ["nash"]) == ["nash"]
    assert first_mention_unexplained("war.cost_us: nash (the DPRK's utility) is 0.43; nash",
                                     ["nash", "war"]) == []


def test_fmt_and_named():
    assert fmt(float("nan")) == "undefined"
    assert fmt(0.115) == "0.115" and fmt(3.0) == "3"
    assert named("nash").startswith("nash (the DPRK's utility") and named("x") == "x"
    assert all("nan" not in named(o) for o in SCENARIO_OUTPUTS)
    assert tolerance(1e-12) == "10⁻¹²" and tolerance(1e3) == "10³" and tolerance(0.25) == "0.25"


@pytest.mark.parametrize("a", [0.1, 0.495, 1e-3, 1e6, 123.456])
def test_rounding_noise_is_no_difference(a):
    assert difference(a + a * 2.2e-16, a) == 0.0
    assert difference(a * (1 + 1e-12), a) != 0.0
    assert difference(a, a * (1 + 1e-9)) == pytest.approx(a - a * (1 + 1e-9))
    assert np.isnan(difference(float("nan"), a))


def test_cli_tables_have_no_exponent_columns(capsys):
    assert main(["sensitivity", "us_dprk_2025_baseline"]) == 0
    out = capsys.readouterr().out
    table, prose = out.split("\n\n", 1)
    assert not re.search(r"\d\.\d{6}e[-+]\d\d", table)
    result = sensitivity.tornado(negotiation.load("us_dprk_2025_baseline"), "nash")
    rows = [line.split() for line in table.splitlines()[1:]]
    assert [r[0] for r in rows] == [r["parameter"] for r in result.rows]
    assert [r[-1] for r in rows] == [f"{r['swing']:.6g}" if r["swing"] == r["swing"] else "—"
                                     for r in result.rows]
    assert not NOT_PROSE.search(prose)
