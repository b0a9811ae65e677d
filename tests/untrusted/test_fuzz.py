"""Untrusted input, fuzzed: every input ends in success or exactly one project error.

A seeded mutation corpus of the bundled scenarios and of Gambit files (the example game
and the small files beside this module), and hypothesis over formulas and number
literals.  Each input runs under :func:`~tests.untrusted.guard.outcome`: no exception but
a :class:`~negotiation.errors.NegotiationError`, no input over the time limit, no jump in
peak memory; errors from a file name the file, and from a game file also the line.  The
corpus is bounded (a few hundred inputs) so that the whole module runs in well under a
minute.
"""

import random
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.cli import main
from negotiation.display.text import equilibria_text
from negotiation.errors import GameError, ScenarioError
from negotiation.games import GameTree, NormalFormGame
from negotiation.games.nfg import parse_nfg
from negotiation.scenario.loading import bundled, loads

from .guard import outcome

HERE = Path(__file__).resolve().parent
GAME_FILES = sorted((HERE / "files").glob("*.[ne]fg")) + sorted(
    (HERE.parents[1] / "negotiation" / "games" / "examples").glob("*.nfg"))

#: Values an attacker or a careless user writes where a number or a formula belongs;
#: ``{p}`` becomes a parameter of the scenario.
HOSTILE_VALUES = [
    "1.0e+999999999", "1.0e+400", "1e-400", ".inf", "-.inf", ".nan", "060", "1:30", "0x1F",
    "0b101", "-1", "5", "0", "1" + "0" * 5000, "true", "null", "[1, 2]", "{a: 1}", "''",
    "'{p} / {p}'", "'{p} < 1'", "'{p} and {p}'", "'({p} < 1) + 1'", "'not {p}'",
    "'piecewise({p}, {p} < 0.5, 1 - {p})'", "'{p} if {p} > 0.5 else 0'",
    "'(((({p})**100 + 1)**100 + 1)**100 + 1)**100'", "'9**9**9'", "'0x10 * {p}'",
    "'__import__(\"os\").system(\"true\")'", "'{p}.__class__'", "'" + "+".join(["{p}"] * 500)
    + "'", "'" + "-" * 300 + "{p}'", "'log(-{p})'", "'1 / ({p} - {p})'", "'1 / 0 + {p}'", "'{p}' ",
    "/etc/passwd", "../../etc/passwd", "'" + "x" * 3000 + "'", "!!python/object:os.system x",
    "*anchor", "&a [*a, *a]",
]
#: Whole blocks appended to a scenario.
HOSTILE_BLOCKS = [
    "compare_with: /etc/passwd", "compare_with: ../../../etc/shadow",
    "compare_with: /dev/zero", "compare_with: ./x.yaml",
    "analyses: [" + ", ".join(["bargaining_set"] * 3000) + "]",
    "derived:\n" + "\n".join(f"  d{i}: d{i + 1} + d{i + 1} * {{p}}" for i in range(30))
    + "\n  d30: {p}",
    "derived:\n" + "\n".join(f"  c{i}: c{i + 1} * c{i + 1}" for i in range(25)) + "\n  c25: 2",
]


def _scenario_mutants(count=14, seed=16):
    rng = random.Random(seed)
    cases = []
    for name, path in bundled().items():
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        parameters = re.findall(r"^  ([a-z][\w.]*):\s*$", text, flags=re.M)
        values = [k for k, line in enumerate(lines) if re.match(r"^\s+[\w.]+: \S", line)]
        for k in range(count):
            p = rng.choice(parameters)
            kind = k % 7
            new = list(lines)
            if kind in (0, 1, 2):  # a hostile value where a value was
                at = rng.choice(values)
                key = new[at].split(":")[0]
                new[at] = f"{key}: " + rng.choice(HOSTILE_VALUES).replace("{p}", p)
            elif kind == 3:
                del new[rng.randrange(len(new))]
            elif kind == 4:
                at = rng.randrange(len(new))
                new.insert(at, new[at])
            elif kind == 5:
                new = "\n".join(new)[:rng.randrange(len(text))].split("\n")
            else:
                new.append(rng.choice(HOSTILE_BLOCKS).replace("{p}", p))
            cases.append((f"{name}-{k}", "\n".join(new)))
    return cases


SCENARIO_MUTANTS = _scenario_mutants()


@pytest.mark.parametrize("label, text", SCENARIO_MUTANTS, ids=[c[0] for c in SCENARIO_MUTANTS])
def test_scenario_mutants(label, text, tmp_path):
    path = tmp_path / f"{label}.yaml"
    path.write_text(text, encoding="utf-8")
    error = outcome(lambda: loads(text, name=str(path)), label=label)
    if error is not None:
        assert isinstance(error, ScenarioError)
        assert str(error).startswith(str(path)), str(error)[:200]
        assert "root:" not in str(error)  # nothing of /etc/passwd is quoted
        return
    scenario = loads(text, name=str(path))
    name, p = next(iter(scenario.parameters.items()))
    for value in (p.range[0], "1e-400", "-1e300", 7):
        outcome(scenario.with_values, {name: value}, label=f"{label} with {name}={value}")
    if label.endswith("-0"):  # one analysis per scenario: the slowest step
        outcome(lambda: scenario.analyze(compare=False), label=f"{label} analysed")


#: Tokens an attacker or a careless user writes in a game file.
HOSTILE_TOKENS = [
    "1e999999999", "1.0e+400", "1e-400", "0e0", "9" * 5000, "9" * 3990, "1/" + "7" * 3990,
    "-", "+1", "1/0", "0x10", "1.2.3",
    "nan", "inf", '"', "{", "}", ",", '"unterminated', "100000", "0", "-1", "3/4", "1e-9",
    "99999999999999999999999999", "\x00", "é",
]
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\S+')


def _game_mutants(count=60, seed=12):
    rng = random.Random(seed)
    cases = []
    for path in GAME_FILES:
        text = path.read_text(encoding="utf-8")
        spans = [m.span() for m in _TOKEN.finditer(text)]
        for k in range(count):
            start, end = rng.choice(spans)
            kind = k % 5
            if kind in (0, 1):
                new = text[:start] + rng.choice(HOSTILE_TOKENS) + text[end:]
            elif kind == 2:
                new = text[:start] + text[end:]
            elif kind == 3:
                new = text[:end] + " " + text[start:end] + text[end:]
            else:
                new = text[:rng.randrange(len(text))]
            cases.append((f"{path.name}-{k}", path.suffix, new))
    return cases


GAME_MUTANTS = _game_mutants()


def _read_and_solve(suffix, text, source):
    if suffix == ".nfg":
        data = parse_nfg(text, source)
        game = NormalFormGame(data["payoffs"], data["players"], data["actions"])
    else:
        game = GameTree.from_efg(text, source).reduced_strategic_form()
    if game.n_players == 2 and game.payoffs[0].size <= 36:
        results = [game.equilibria(), game.equilibria(method="lemke-howson")]
    else:
        results = [game.equilibria(method="pure")]
    for result in results:  # every way of showing an answer, whatever its numbers
        result.explain(), result.to_dict(), result._repr_html_(), equilibria_text(game, result)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("label, suffix, text", GAME_MUTANTS, ids=[c[0] for c in GAME_MUTANTS])
def test_game_file_mutants(label, suffix, text, tmp_path, capsys):
    source = f"{label}{suffix}"
    error = outcome(_read_and_solve, suffix, text, source, label=label)
    if isinstance(error, GameError) and str(error).startswith(source):
        assert re.match(rf"{re.escape(source)}(, line \d+)?: ", str(error)), str(error)
    if label.endswith("0"):  # the command line: exit status 0 or 2, one line on stderr
        path = tmp_path / source
        path.write_text(text, encoding="utf-8")
        status = []
        outcome(lambda: status.append(main(["equilibria", str(path), "--method", "pure"])),
                label=f"negotiation equilibria {source}")
        err = capsys.readouterr().err
        unreadable = isinstance(error, GameError) and str(error).startswith(source)
        assert status == [2] if unreadable else status in ([0], [2])
        assert (status == [2]) == err.startswith("negotiation: error: ")


def test_every_game_file_of_the_corpus_reads_and_solves():
    for path in GAME_FILES:
        assert outcome(_read_and_solve, path.suffix, path.read_text(), path.name,
                       label=path.name) is None


# ---------------------------------------------------------------- hypothesis
FORMULA_TOKENS = ["x", "y", "a.b", "0", "1", "0.5", "2", "1e-3", "1e999", "0x10", "+", "-", "*",
                  "/", "**", "<", "<=", "==", "and", "or", "not", "if", "else", "(", ")", ",",
                  "min(", "max(", "piecewise(", "exp(", "log(", "sqrt(", "abs(", "1.0e+9999"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FORMULA_TOKENS), min_size=1, max_size=14),
       st.fractions(min_value=-3, max_value=3, max_denominator=7),
       st.fractions(min_value=-3, max_value=3, max_denominator=7))
def test_formulas_parse_and_evaluate_or_fail_clearly(tokens, x, y):
    from negotiation.scenario.expressions import parse_formula

    names = ("x", "y", "a.b")
    text = " ".join(tokens)
    found = []
    error = outcome(lambda: found.append(parse_formula(text, names, "f.yaml, line 3, u")),
                    label=repr(text))
    if error is not None:
        assert str(error).startswith("f.yaml, line 3, u: ")
        return
    value = []
    outcome(lambda: value.append(found[0].evaluate({"x": x, "y": y, "a.b": x + y})),
            label=f"{text!r} at x={x}, y={y}")
    assert value[0] is None or isinstance(value[0], Fraction | float)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"-?[0-9]{0,12}(\.[0-9]{0,12})?([eE][+-]?[0-9]{1,3})?", fullmatch=True))
def test_number_literals_are_the_rationals_python_reads(text):
    from negotiation._numbers import text_fraction

    try:
        expected = Fraction(text)
    except (ValueError, ZeroDivisionError):
        expected = None
    assert text_fraction(text) == expected
