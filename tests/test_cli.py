"""The `negotiation` command: tables, exact JSON, and bad input with status 2."""

import json
import math
import subprocess
import sys

import pytest

from negotiation import NormalFormGame
from negotiation.cli import DEFAULT_SCENARIO, EXAMPLE_GAME, main

BOS = """NFG 1 R "Battle" { "US" "DPRK" } { 2 2 }
2 1 0 0 0 0 1 2
"""


def run(*args):
    return subprocess.run([sys.executable, "-m", "negotiation.cli", *map(str, args)],
                          capture_output=True, text=True)


def test_json_output_is_exact_and_has_the_documented_keys(tmp_path):
    path = tmp_path / "bos.nfg"
    path.write_text(BOS)
    done = run("equilibria", path, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["players", "actions", "exact", "equilibria", "components"]
    assert data["players"] == ["US", "DPRK"] and data["exact"] is True
    assert {"strategies": [["2/3", "1/3"], ["1/3", "2/3"]], "payoffs": ["2/3", "2/3"]} in data[
        "equilibria"]
    assert sorted(i for c in data["components"] for i in c) == [0, 1, 2]


@pytest.mark.parametrize("method", ["enumerate", "lemke-howson", "support-enumeration", "pure"])
def test_every_method_prints_a_table(tmp_path, method, capsys):
    path = tmp_path / "bos.nfg"
    path.write_text(BOS)
    assert main(["equilibria", str(path), "--method", method]) == 0
    out = capsys.readouterr().out
    assert "US" in out and "DPRK" in out and f"method {method}" in out


@pytest.mark.parametrize("content, fragment", [
    (None, "cannot read"),
    ("NFG 1 R \"x\" { \"A\" \"B\" } { 2 2 }\n1 2 3\n", "line"),
    ("not a game\n", "line 1"),
])
def test_bad_files_print_one_line_and_exit_2(tmp_path, content, fragment):
    path = tmp_path / "bad.nfg"
    if content is not None:
        path.write_text(content)
    done = run("equilibria", path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert fragment in done.stderr


def test_a_tree_is_solved_in_reduced_strategic_form(tmp_path):
    path = tmp_path / "entry.efg"
    path.write_text('EFG 2 R "entry" { "E" "I" }\n'
                    'p "" 1 1 "" { "in" "out" } 0\n'
                    'p "" 2 1 "" { "fight" "share" } 0\n'
                    't "" 1 "" { -1, -1 }\nt "" 2 "" { 1, 1 }\nt "" 3 "" { 0, 2 }\n')
    done = run("equilibria", path, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["players"] == ["E", "I"]
    # (in, share) and the continuum where E stays out and I fights with probability >= 1/2
    assert {"strategies": [["1", "0"], ["0", "1"]], "payoffs": ["1", "1"]} in data["equilibria"]
    assert len(data["components"]) == 2


def test_enumerate_of_a_three_player_file_reports_points_and_continua(tmp_path):
    path = tmp_path / "three.nfg"
    path.write_text('NFG 1 R "t" { "A" "B" "C" } { 2 2 2 }\n' + " ".join(["0"] * 24) + "\n")
    done = run("equilibria", path, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    # every profile is an equilibrium: the 8 pure ones, and a continuum on every larger support
    assert len(data["equilibria"]) == 8
    assert sorted(v["dimension"] for v in data["varieties"]) == [1] * 12 + [2] * 6 + [3]
    text = run("equilibria", path).stdout
    assert "continuum: A 3-dimensional continuum" in text
    done = run("equilibria", path, "--method", "lemke-howson")
    assert done.returncode == 2 and "two-player" in done.stderr


def test_qre_options_print_the_logit_profile_and_branch(tmp_path):
    path = tmp_path / "pennies.nfg"
    NormalFormGame.from_matrices([[2, 0], [0, 1]], [[0, 1], [1, 0]]).write(path)
    done = run("equilibria", path, "--qre", "1.5", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    x, y = data["strategies"]
    # the logit equations of this game, checked by hand
    assert x[0] / x[1] == pytest.approx(math.exp(1.5 * (2 * y[0] - y[1])))
    assert y[1] / y[0] == pytest.approx(math.exp(1.5 * (x[0] - x[1])))
    done = run("equilibria", path, "--qre-path")
    assert done.returncode == 0 and "selects the equilibrium" in done.stdout
    done = run("equilibria", path, "--qre", "-1")
    assert done.returncode == 2 and "precision" in done.stderr and "Traceback" not in done.stderr


def test_qre_of_a_tree_is_its_agent_qre(tmp_path):
    from negotiation import GameTree

    tree = GameTree(players=("US", "DPRK"))
    offer = tree.root.decision("US", ["relief", "pressure"])
    offer["relief"].terminal((2, 3))
    reply = offer["pressure"].decision("DPRK", ["freeze", "build"])
    reply["freeze"].terminal((3, 1))
    reply["build"].terminal((0, 2))
    tree.write(tmp_path / "tree.efg")
    done = run("equilibria", tmp_path / "tree.efg", "--qre", "2", "--json")
    assert done.returncode == 0, done.stderr
    freeze, build = json.loads(done.stdout)["strategies"][1]
    # the DPRK's agent compares its own payoffs 1 and 2 at precision 2
    assert freeze / build == pytest.approx(math.exp(-2))


def test_demo_writes_its_results(tmp_path, capsys):
    assert main(["demo", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "equilibria.txt") in out
    data = json.loads((tmp_path / "equilibria.json").read_text())
    assert data["players"] == ["US", "DPRK"] and data["equilibria"]
    assert EXAMPLE_GAME.exists()
    # the main job: the analysis of the bundled default scenario
    assert str(tmp_path / "analysis.txt") in out and "Regime:" in out
    analysis = json.loads((tmp_path / "analysis.json").read_text())
    assert analysis["scenario"] == DEFAULT_SCENARIO and analysis["agreements"]
    assert (tmp_path / "analysis.txt").read_text().startswith(analysis["title"])


def test_python_dash_m_runs_the_command_line():
    """``python -m negotiation`` is the same command line: its answer and its exit status."""
    ok = subprocess.run([sys.executable, "-m", "negotiation", "models"], capture_output=True,
                        text=True)
    assert ok.returncode == 0 and DEFAULT_SCENARIO in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "negotiation", "solve", "no_such_scenario"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "no_such_scenario" in bad.stderr.splitlines()[-1]
