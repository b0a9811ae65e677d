"""The ``negotiation`` command.

``negotiation equilibria GAME.nfg [--method M] [--json]`` prints the Nash
equilibria of a game; ``negotiation models`` lists the bundled scenarios;
``negotiation validate FILE`` checks a scenario file (every problem, with its line
and field); ``negotiation solve NAME_OR_FILE [--set KEY=VALUE ...] [--json]``
analyses a scenario; ``negotiation demo`` runs the main job on the bundled default
scenario and example game.  Bad input prints one sentence to stderr (a scenario
file: one line per problem) and exits with status 2.
"""

import argparse
import json
import sys
from pathlib import Path

from .errors import NegotiationError

EXAMPLE_GAME = Path(__file__).parent / "games" / "examples" / "hanoi_2019.nfg"
DEFAULT_SCENARIO = "us_dprk_2025_baseline"


def main(argv=None):
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except NegotiationError as error:
        print(f"negotiation: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("negotiation: interrupted", file=sys.stderr)
        return 130


def _parser():
    from .equilibria import METHODS

    parser = argparse.ArgumentParser(
        prog="negotiation", description="Game-theoretic decision support.")
    commands = parser.add_subparsers(dest="command", required=True)

    eq = commands.add_parser("equilibria", help="Nash equilibria of a strategic-form game (.nfg)")
    eq.add_argument("game", type=Path, help="a Gambit .nfg file")
    eq.add_argument("--method", choices=METHODS, default="enumerate",
                    help="solver (default: enumerate, all extreme equilibria exactly)")
    eq.add_argument("--json", action="store_true", help="print JSON instead of a table")
    eq.add_argument("--progress", action="store_true", help="show progress on stderr")
    eq.set_defaults(run=_equilibria)

    models = commands.add_parser("models", help="the bundled scenarios, one line each")
    models.set_defaults(run=_models)

    validate = commands.add_parser("validate", help="check a scenario file (exit 0 valid, 2 not)")
    validate.add_argument("scenario", help="a scenario file (or a bundled name)")
    validate.set_defaults(run=_validate)

    solve = commands.add_parser("solve", help="analyse a scenario")
    solve.add_argument("scenario", help="a bundled scenario name or a scenario file")
    solve.add_argument("--set", dest="values", action="append", default=[],
                       metavar="KEY=VALUE",
                       help="change a parameter (russia.reliability=0.9) or switch a channel "
                            "(channels.war=off); repeatable")
    solve.add_argument("--json", action="store_true", help="print the whole result as JSON")
    solve.add_argument("--no-compare", action="store_true",
                       help="skip the then-vs-now comparison")
    solve.set_defaults(run=_solve_scenario)

    demo = commands.add_parser("demo", help="the main job on the bundled default scenario "
                                            f"({DEFAULT_SCENARIO}) and example game")
    demo.add_argument("--output", type=Path, default=Path("out"), help="folder for the results")
    demo.set_defaults(run=_demo)
    return parser


def _solve(path, method, progress=False):
    from .games import NormalFormGame

    game = NormalFormGame.read(path)
    result = game.equilibria(method=method, progress=progress if method == "enumerate" else None)
    if progress:
        print(file=sys.stderr)
    return game, result


def _equilibria(args):
    game, result = _solve(args.game, args.method, args.progress)
    if args.json:
        print(json.dumps(result.to_dict()))
    else:
        from .display.text import equilibria_text

        print(equilibria_text(game, result))
    return 0


def _models(args):
    from .scenario import models

    rows = models()
    width = max((len(name) for name, _ in rows), default=0)
    for name, summary in rows:
        print(f"{name:<{width}}  {summary}")
    return 0


def _validate(args):
    from .scenario import validate
    from .scenario.loading import resolve

    problems = validate(args.scenario)
    if not problems:
        print(f"{resolve(args.scenario)}: valid")
        return 0
    file = str(resolve(args.scenario))
    for problem in problems:
        text = problem.message if not problem.line and not problem.path else problem.text(file)
        print(f"negotiation: error: {text}", file=sys.stderr)
    return 2


def _scenario(name, settings):
    from .errors import ScenarioError
    from .scenario import load

    scenario = load(name)
    values = {}
    for item in settings:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"--set {item!r}: write KEY=VALUE, e.g. russia.reliability=0.9")
        values[key.strip()] = value.strip()
    return scenario.with_values(values) if values else scenario


def _solve_scenario(args):
    analysis = _scenario(args.scenario, args.values).analyze(compare=not args.no_compare)
    print(analysis.to_json() if args.json else analysis.explain())
    return 0


def _demo(args):
    from .display.text import equilibria_text

    args.output.mkdir(parents=True, exist_ok=True)
    analysis = _scenario(DEFAULT_SCENARIO, []).analyze()
    summary = args.output / "analysis.txt"
    summary.write_text(analysis.explain() + "\n", encoding="utf-8")
    (args.output / "analysis.json").write_text(analysis.to_json() + "\n", encoding="utf-8")
    print(analysis.explain())
    print()

    game, result = _solve(EXAMPLE_GAME, "enumerate")
    report = args.output / "equilibria.txt"
    text = equilibria_text(game, result) + "\n\n" + result.explain() + "\n"
    report.write_text(text, encoding="utf-8")
    (args.output / "equilibria.json").write_text(json.dumps(result.to_dict(), indent=2) + "\n")
    print("The example game (Hanoi 2019, strategic form):")
    print(text)
    print(f"Results written to {summary} and {args.output / 'analysis.json'} (the scenario "
          f"{DEFAULT_SCENARIO}), {report} and {args.output / 'equilibria.json'} (the game).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
