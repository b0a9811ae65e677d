"""`negotiation models`, `validate` and `solve`."""

import json
import re
import subprocess
import sys
from pathlib import Path

import negotiation

BROKEN = Path(__file__).parent / "broken"
FIXTURE = Path(__file__).parent / "fixtures" / "composite.yaml"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "negotiation.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def test_models_lists_the_bundled_scenarios():
    done = run("models")
    assert done.returncode == 0
    names = [line.split()[0] for line in done.stdout.splitlines()]
    assert {"us_dprk_2025_baseline", "us_dprk_2018_summits", "russia_full_backing",
            "alliance_first", "legacy_deal"} <= set(names)
    assert all(len(line.split(maxsplit=1)) == 2 for line in done.stdout.splitlines())


def test_validate_a_good_and_a_broken_file():
    good = run("validate", FIXTURE)
    assert good.returncode == 0 and "valid" in good.stdout
    bad = run("validate", BROKEN / "unknown_fields.yaml")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 4 and all("line " in line for line in lines)
    assert any("did you mean 'bargaining'?" in line for line in lines)


def test_solve_prints_the_analysis_and_json(tmp_path):
    done = run("solve", "us_dprk_2025_baseline", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    regime = negotiation.load("us_dprk_2025_baseline").analyze(compare=False).regime
    assert f"Regime: {regime}" in done.stdout and "Then and now" in done.stdout
    assert "Walk-away values" in done.stdout
    data = json.loads(run("solve", FIXTURE, "--json", "--set", "kappa=0.5",
                          "--set", "channels.war=off").stdout)
    assert data["changed"] == {"kappa": [0.25, 0.5]} and data["channels"]["war"] is False
    # x* = 0.2 + 0.8 / 3 with kappa = 0.5
    assert abs(data["shares"]["nash"] - (0.2 + 0.8 / 3)) < 1e-12


def test_solve_errors_are_one_clear_line():
    done = run("solve", "us_dprk_2025_baseline", "--set", "russia.reliabilty=0.9")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "negotiation: error: 'russia.reliabilty' is not a parameter of us_dprk_2025_baseline; "
        "did you mean 'russia.reliability'?")
    assert run("solve", "us_dprk_2025_baseline", "--set", "nonsense").returncode == 2
    missing = run("solve", "no_such_scenario")
    assert missing.returncode == 2 and "bundled ones are" in missing.stderr


PHASED = Path(__file__).parent / "fixtures" / "phased.yaml"


def test_solve_shows_and_carries_the_schedule_answer():
    done = run("solve", PHASED)
    assert done.returncode == 0, done.stderr
    assert "Deal schedules" in done.stdout
    assert "when delivered in this order: relief (both tranches at once) and the dismantling " \
           "first; then, in phase 1, the freeze." in done.stdout
    data = json.loads(run("solve", PHASED, "--json").stdout)
    nash = data["schedule"]["concepts"]["nash"]
    assert nash["holds"] and nash["best"]["phases"] == [["relief.1", "relief.2", "dismantle"],
                                                        ["freeze"]]
    assert nash["transfer"]["cost"] == 0.25
    assert data["self_enforcement"]["holds"] == {"US": True, "DPRK": False}
    assert data["schedule"]["named"]["freeze_first"]["first_broken"] == ["DPRK", 0]


def test_sensitivity_maps_how_a_deal_can_be_kept():
    """delta tips the fixture at 1/2 (the US's constraints hold from there; phasing saves the
    DPRK's) and at 5/8 (the DPRK's all-at-once constraint holds), by hand in
    tests/scenario/test_schedules.py."""
    done = run("sensitivity", PHASED, "--method", "schedule", "--parameters", "delta,h",
               "--n", "9")
    assert done.returncode == 0, done.stderr
    delta = re.search(r"delta .*? changes 2 times: at ([0-9.]+) \(not kept → phased\); at "
                      r"([0-9.]+) \(phased → all at once\)", done.stdout)
    assert delta and abs(float(delta[1]) - 1 / 2) < 1e-5 and abs(float(delta[2]) - 5 / 8) < 1e-5
    # the freeze's cost: all at once while (b − e − h) ≥ (1 − δ) b, h ≤ 3/8; phased while the
    # DPRK's last phase holds, 2(7/8 − h) ≥ 3/4, h ≤ 1/2
    h = re.search(r"at ([0-9.]+) \(all at once → phased\); at ([0-9.]+) \(phased → not kept\)",
                  done.stdout)
    assert h and abs(float(h[1]) - 3 / 8) < 1e-5 and abs(float(h[2]) - 1 / 2) < 1e-5
    bad = run("sensitivity", PHASED, "--method", "schedule", "--parameters", "delta")
    assert bad.returncode == 2 and "the schedule map takes two parameters" in bad.stderr
    none = run("sensitivity", PHASED, "--method", "schedule")
    assert none.returncode == 2 and "schedule.reversal) is not given" in none.stderr
