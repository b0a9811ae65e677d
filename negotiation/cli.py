"""The ``negotiation`` command.

``negotiation equilibria GAME.nfg|TREE.efg [--method M] [--json]`` prints the Nash
equilibria of a game; ``negotiation models`` lists the bundled scenarios;
``negotiation validate FILE`` checks a scenario file (every problem, with its line
and field); ``negotiation solve NAME_OR_FILE [--set KEY=VALUE ...] [--json]``
analyses a scenario; ``negotiation sweep``, ``negotiation map`` and ``negotiation
sensitivity`` run the sensitivity analyses of a scenario (``negotiation.sensitivity``);
``negotiation report NAME_OR_FILE -o report.pdf`` writes
the PDF report of a scenario (``negotiation.report``); ``negotiation demo`` runs the main
job on the bundled default scenario and example game, its report included.  Bad input
(an argument, a file, an output path that cannot be written) prints one sentence to stderr
(a scenario file: one line per problem) and exits with status 2; every file written is
named on a line of its own.
"""

import argparse
import json
import math
import os
import sys
from pathlib import Path

from ._files import output_folder, output_path, write_file
from .errors import NegotiationError, ParameterError, ScenarioError

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
    except BrokenPipeError:  # the reader went away (`negotiation ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser():
    from . import __version__
    from .equilibria import METHODS
    from .sensitivity import SCENARIO_OUTPUTS

    outputs = ", ".join(SCENARIO_OUTPUTS)
    parser = argparse.ArgumentParser(
        prog="negotiation", description="Game-theoretic decision support.")
    parser.add_argument("--version", action="version", version=f"negotiation {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    eq = commands.add_parser("equilibria", help="Nash equilibria of a game: a strategic-form "
                                                "game (.nfg) or a game tree (.efg)")
    eq.add_argument("game", type=Path,
                    help="a Gambit .nfg file, or an .efg tree (solved in reduced strategic form)")
    eq.add_argument("--method", choices=METHODS, default="enumerate",
                    help="solver: enumerate (default; all extreme equilibria, exactly), "
                         "lemke-howson or support-enumeration (some equilibria), logit or "
                         "global-newton (one equilibrium of any number of players), pure (all "
                         "pure equilibria)")
    eq.add_argument("--json", action="store_true", help="print JSON instead of a table")
    eq.add_argument("--progress", action="store_true", help="show progress on stderr")
    eq.add_argument("--qre", type=float, metavar="LAMBDA",
                    help="print the logit QRE at precision LAMBDA instead (principal branch; "
                         "a tree's in agent form)")
    eq.add_argument("--qre-path", action="store_true",
                    help="print the principal logit QRE branch and the equilibrium it selects")
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
    solve.add_argument("--brief", action="store_true",
                       help="print the report's brief: the case's questions answered in plain "
                            "words (labels, three significant digits)")
    solve.add_argument("--no-compare", action="store_true",
                       help="skip the then-vs-now comparison")
    solve.add_argument("--three-players", action="store_true",
                       help="solve the three-player game of backing, offer and stance instead: "
                            "all its equilibria, its logit QRE curve and the precision below "
                            "which the deal prediction changes")
    solve.set_defaults(run=_solve_scenario)

    sweep = commands.add_parser("sweep", help="outputs of a scenario over parameter values "
                                              "(a CSV table)")
    _scenario_arguments(sweep)
    sweep.add_argument("--parameter", action="append", required=True, metavar="NAME",
                       help="a parameter to sweep; repeat with --values for a grid")
    sweep.add_argument("--values", action="append", required=True, metavar="LOW:HIGH:N|A,B,..",
                       help="its values: N points from LOW to HIGH, or a list")
    sweep.add_argument("--output", action="append", metavar="NAME",
                       help=f"an output, one of {outputs} (default: nash and regime); "
                            "repeatable")
    sweep.add_argument("--csv", type=Path, help="write the table to this file")
    sweep.add_argument("--json", action="store_true", help="print JSON records")
    sweep.set_defaults(run=_sweep)

    regime = commands.add_parser("map", help="a regime map over two parameters (PNG/SVG, CSV)")
    _scenario_arguments(regime)
    regime.add_argument("--x", required=True, metavar="NAME[=LOW:HIGH]", help="x parameter")
    regime.add_argument("--y", required=True, metavar="NAME[=LOW:HIGH]", help="y parameter")
    regime.add_argument("--n", type=int, default=50, help="grid points per axis (default 50)")
    regime.add_argument("--output", default="regime", metavar="NAME",
                        help=f"the output mapped, one of {outputs} (default regime); a "
                             "numeric one needs --level")
    regime.add_argument("--level", type=float, help="split a numeric output at this level")
    regime.add_argument("--png", type=Path, help="write the map as PNG to this file")
    regime.add_argument("--svg", type=Path, help="write the map as SVG to this file")
    regime.add_argument("--csv", type=Path, help="write the grid as CSV")
    regime.add_argument("--boundary", type=Path, help="write the boundary points as CSV")
    regime.set_defaults(run=_map)

    sens = commands.add_parser("sensitivity", help="tornado, comparative statics, Sobol "
                                                   "indices, judgement calls or the schedule "
                                                   "map of a scenario, as a table")
    _scenario_arguments(sens)
    sens.add_argument("--method", choices=("tornado", "statics", "sobol", "judgements",
                                           "schedule"),
                      default="tornado",
                      help="tornado (default: the output at each parameter's low and high "
                           "value, the others at baseline), statics (derivatives and "
                           "elasticities at baseline), sobol (variance-based indices over "
                           "the parameters' ranges), judgements (the headline answers with "
                           "each judgement call of roles.judgements at the ends of its range) "
                           "or schedule (how the Nash deal can be kept over the reversal risk "
                           "x the probability of detection, and the tipping point of each; "
                           "--parameters REVERSAL,DETECTION to choose them)")
    sens.add_argument("--output", metavar="NAME",
                      help=f"the output analysed, one of {outputs} (default: nash; for Sobol, "
                           "margin, which is defined at every draw)")
    sens.add_argument("--parameters", help="comma-separated parameters (default: all)")
    sens.add_argument("--n", type=int, help="Sobol base samples (a power of 2, default 1024), "
                                            "or grid points per axis of the schedule map "
                                            "(default 9)")
    sens.add_argument("--seed", type=int, default=0, help="Sobol seed (default 0)")
    sens.add_argument("--json", action="store_true", help="print JSON records")
    sens.set_defaults(run=_sensitivity)

    report = commands.add_parser("report", help="a PDF report (decision brief) of a scenario")
    report.add_argument("scenario", help="a bundled scenario name or a scenario file")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="PATH",
                        help="the PDF to write (written only when whole)")
    report.add_argument("--sections", metavar="A,B,..",
                        help="the sections, comma-separated (default all: summary, "
                             "assumptions, models, results, figures, sensitivity, comparison, "
                             "appendix)")
    report.add_argument("--seed", type=int, default=0,
                        help="seed of the Monte Carlo and Sobol draws (default 0)")
    report.add_argument("--samples", type=int, default=20_000,
                        help="Monte Carlo draws (default 20000)")
    report.add_argument("--set", dest="values", action="append", default=[],
                        metavar="KEY=VALUE",
                        help="change a parameter or switch a channel first, as for solve; "
                             "listed on the title page; repeatable")
    report.add_argument("--compare", metavar="NAME_OR_FILE",
                        help="another scenario: its brief is set beside this one's, question "
                             "by question, after the brief")
    report.add_argument("--no-progress", action="store_true", help="no progress bar")
    report.set_defaults(run=_report)

    conflict = commands.add_parser("conflict", help="stability analysis of a graph model "
                                                    "(GMCR, conflict_*.yaml)")
    conflict.add_argument("model", help="a graph-model file or a bundled one "
                                        "(conflict_us_dprk_2025)")
    conflict.add_argument("--concept", choices=("nash", "gmr", "smr", "seq"),
                          help="explain the status quo and --why under this concept only "
                               "(default gmr)")
    conflict.add_argument("--why", metavar="STATE", help="explain the verdict on this state "
                                                         "for every decision maker")
    conflict.add_argument("--json", action="store_true", help="print the result as JSON")
    conflict.set_defaults(run=_conflict)

    demo = commands.add_parser("demo", help="the main job on the bundled default scenario "
                                            f"({DEFAULT_SCENARIO}) and example game")
    demo.add_argument("--output", type=Path, default=Path("out"),
                      help="folder for the results (default out; created if missing)")
    demo.set_defaults(run=_demo)
    return parser


def _solve(path, method, progress=False):
    from .games import GameTree, NormalFormGame

    # a tree's Nash equilibria are those of its reduced strategic form
    game = GameTree.read(path).reduced_strategic_form() if Path(path).suffix == ".efg" \
        else NormalFormGame.read(path)
    result = game.equilibria(method=method, progress=progress if method == "enumerate" else None)
    if progress:
        print(file=sys.stderr)
    return game, result


def _equilibria(args):
    if args.qre is not None or args.qre_path:
        return _qre(args)
    game, result = _solve(args.game, args.method, args.progress)
    if args.json:
        print(json.dumps(result.to_dict()))
    else:
        from .display.text import equilibria_text

        print(equilibria_text(game, result))
    return 0


def _qre(args):
    from .equilibria.qre import logit_at, logit_branch
    from .games import GameTree, NormalFormGame

    # a tree's QRE is that of its agent form (one logit response per information set)
    game = GameTree.read(args.game) if args.game.suffix == ".efg" \
        else NormalFormGame.read(args.game)
    result = logit_branch(game) if args.qre_path else logit_at(game, args.qre)
    if args.json:
        print(json.dumps(result.to_dict()))
    elif args.qre_path:
        print(result.to_dataframe().to_string(index=False))
        print(result.explain())
    else:
        print(result.explain())
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
    from .scenario import load

    if Path(name).suffix.lower() in (".nfg", ".efg"):
        raise ScenarioError(f"{name} is a game file, not a scenario: for its equilibria run "
                            f"negotiation equilibria {name}")
    scenario = load(name)
    values = {}
    for item in settings:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"--set {item!r}: write KEY=VALUE, e.g. russia.reliability=0.9")
        values[key.strip()] = value.strip()
    return scenario.with_values(values) if values else scenario


def _solve_scenario(args):
    from .conflict.files import bundled as graph_models

    if args.scenario in graph_models():  # a graph model: its stability analysis
        if not args.json:
            print(f"{args.scenario} is a graph model (ordinal preferences, many parties); its "
                  f"stability analysis follows, as from negotiation conflict {args.scenario}.\n")
        return _conflict(argparse.Namespace(model=args.scenario, concept=None, why=None,
                                            json=args.json))
    scenario = _scenario(args.scenario, args.values)
    if args.three_players:
        from .scenario.trilateral import trilateral

        result = trilateral(scenario)
        print(json.dumps(result.to_dict()) if args.json else result.explain())
        return 0
    analysis = scenario.analyze(compare=not args.no_compare)
    if args.brief and not args.json:
        from .report.brief import brief

        print(brief(scenario, analysis.to_dict()).text())
        return 0
    print(analysis.to_json() if args.json else analysis.explain())
    return 0


def _scenario_arguments(command):
    command.add_argument("scenario", help="a bundled scenario name or a scenario file")
    command.add_argument("--set", dest="values_set", action="append", default=[],
                         metavar="KEY=VALUE", help="change a parameter first; repeatable")
    command.add_argument("--progress", action="store_true", help="show progress on stderr")


#: Bounds on the work one command may ask for (docs/reference/limits.md); larger jobs go
#: through the Python API, in chunks.
MAX_SWEEP_POINTS = 1_000_000
MAX_MAP_N = 1000
MAX_SOBOL_N = 1 << 20
#: Each point of the schedule map runs the schedule engine (a search over schedules).
MAX_SCHEDULE_N = 30
MAX_SAMPLES = 10_000_000


def _at_most(option, value, limit, why):
    from .errors import ParameterError

    if value > limit:
        raise ParameterError(f"{option} is {value:,}, but the most a command computes is "
                             f"{limit:,} ({why}); use the Python API for larger jobs")


def _number_list(text):
    from .errors import ParameterError

    _at_most("--values", text.count(",") + 1, MAX_SWEEP_POINTS, "points of a sweep")
    try:
        if ":" in text:
            low, high, count = text.split(":")
            count = int(count) if len(count) < 20 else math.inf
            _at_most("--values N", count, MAX_SWEEP_POINTS, "points of a sweep")
            import numpy as np

            return list(np.linspace(float(low), float(high), count))
        return [float(v) for v in text.split(",")]
    except (ValueError, TypeError) as error:
        if isinstance(error, NegotiationError):
            raise
        raise ParameterError(f"values {text[:40]!r}: write LOW:HIGH:N (e.g. 0:1:11) or a list "
                             "A,B,C") from None


def _axis(text):
    name, sep, bounds = text.partition("=")
    if not sep:
        return name.strip()
    from .errors import ParameterError

    try:
        low, high = (float(v) for v in bounds.split(":"))
    except ValueError:
        raise ParameterError(f"{text!r}: write NAME or NAME=LOW:HIGH") from None
    return (name.strip(), low, high)


def _written(path, what, args):
    """The line that says what was written where (on stderr when stdout carries JSON)."""
    print(f"Wrote {what} to {path}.", file=sys.stderr if getattr(args, "json", False)
          else sys.stdout)


def _table(frame, args):
    if getattr(args, "csv", None):
        write_file(args.csv, lambda path: frame.to_csv(path, index=False), "the table",
                   _inputs(args))
        _written(args.csv, f"the table ({len(frame)} rows, CSV)", args)
    if args.json:
        print(frame.to_json(orient="records"))
    elif not getattr(args, "csv", None):
        # six significant digits, no exponent for ordinary numbers; "—" where undefined
        print(frame.to_string(index=False, float_format=lambda v: f"{v:.6g}", na_rep="—"))


def _inputs(args):
    """The files a command reads (its scenario file), which its outputs must not replace."""
    from .scenario.loading import resolve

    try:
        return [resolve(args.scenario)]
    except NegotiationError:
        return []


def _outputs(args, *names):
    """Check every output path given in ``args`` before any work starts."""
    for name in names:
        if getattr(args, name, None):
            output_path(getattr(args, name), f"the --{name} output", _inputs(args))


def _sweep(args):
    from .errors import ParameterError
    from .sensitivity import sweep

    if len(args.parameter) != len(args.values):
        raise ParameterError("give one --values for each --parameter")
    _outputs(args, "csv")
    scenario = _scenario(args.scenario, args.values_set)
    grid = {name: _number_list(text) for name, text in zip(args.parameter, args.values)}
    _at_most("the sweep's grid", math.prod(len(v) for v in grid.values()), MAX_SWEEP_POINTS,
             "points of a sweep")
    result = sweep(scenario, grid, outputs=args.output or ["nash", "regime"],
                   progress=args.progress)
    _table(result.to_dataframe(), args)
    return 0


def _map(args):
    from .sensitivity import regime_map

    _at_most("--n", args.n, MAX_MAP_N, "grid points per axis of a map")
    _outputs(args, "png", "svg", "csv", "boundary")
    scenario = _scenario(args.scenario, args.values_set)
    result = regime_map(scenario, _axis(args.x), _axis(args.y), output=args.output, n=args.n,
                        level=args.level, progress=args.progress)
    print(result.explain())
    inputs = _inputs(args)
    for path, frame, what in ((args.csv, result.to_dataframe, "the grid"),
                              (args.boundary, result.boundary_frame, "the boundary points")):
        if path:
            table = frame()
            write_file(path, lambda to, t=table: t.to_csv(to, index=False), what,
                       inputs)
            _written(path, f"{what} ({len(table)} rows, CSV)", args)
    for path, kind in ((args.png, "png"), (args.svg, "svg")):
        if path:
            import matplotlib

            matplotlib.use("Agg")
            figure = result.plot()
            # the format the flag names, whatever the file's suffix
            write_file(path, lambda to, f=figure, k=kind: f.savefig(to, format=k), "the map",
                       inputs)
            _written(path, f"the map ({kind.upper()})", args)
    return 0


def _sensitivity(args):
    from .sensitivity import as_target, comparative_statics, judgement_calls, sobol, tornado

    scenario = _scenario(args.scenario, args.values_set)
    names = [n.strip() for n in args.parameters.split(",")] if args.parameters else None
    if args.method == "schedule":
        from .sensitivity import schedule_map

        n = 9 if args.n is None else args.n
        _at_most("--n", n, MAX_SCHEDULE_N, "grid points per axis of the schedule map")
        if names is not None and len(names) != 2:
            raise ParameterError(f"--parameters {args.parameters!r}: the schedule map takes two "
                                 "parameters, the reversal risk and the probability of "
                                 "detection (REVERSAL,DETECTION)")
        result = schedule_map(scenario, *(names or ()), n=n, progress=args.progress)
    elif args.method == "tornado":
        target = as_target(scenario)
        ranges = {n: (target.spec(n).low, target.spec(n).high) for n in names} if names else None
        result = tornado(target, args.output or "nash", ranges=ranges)
    elif args.method == "statics":
        result = comparative_statics(scenario, names, output=args.output or "nash")
    elif args.method == "judgements":
        result = judgement_calls(scenario, names)
    else:
        n = 1024 if args.n is None else args.n
        _at_most("--n", n, MAX_SOBOL_N, "Sobol base samples")
        result = sobol(scenario, names, n=n, seed=args.seed,
                       output=args.output or "margin", progress=args.progress)
    _table(result.to_dataframe(), args)
    if not args.json:
        print()
        print(result.explain())
    return 0


def _report(args):
    from .report import build, parse_sections

    sections = parse_sections(args.sections)  # bad names fail before any work
    _at_most("--samples", args.samples, MAX_SAMPLES, "Monte Carlo draws of a report")
    output_path(args.output, "the report", _inputs(args))
    scenario = _scenario(args.scenario, args.values)
    other = _scenario(args.compare, []) if args.compare else None
    path = build(scenario, args.output, sections=sections, seed=args.seed,
                 samples=args.samples, progress=False if args.no_progress else None,
                 compare=other)
    print(path)
    return 0


def _conflict(args):
    from .conflict import analyse, load

    model = load(args.model)
    settings = model.settings
    result = analyse(model, settings.get("concepts", ("nash", "gmr", "smr", "seq")),
                     coalitions=settings.get("coalitions"))
    concept = args.concept or ("gmr" if "gmr" in result.concepts else result.concepts[0])
    state = None if args.why is None else (int(args.why) if args.why.isdigit() else args.why)
    if args.json:
        out = result.to_dict()
        if state is not None:
            out["why"] = [result.why(state, dm, concept).to_dict()
                          for dm in model.decision_makers]
        print(json.dumps(out, indent=1))
        return 0
    print(result.explain())
    if model.status_quo is not None:
        print()
        print(result.status_quo(concept=concept,
                                coalitions=settings.get("coalitions")).explain())
        for change in result.make_stable(model.status_quo + 1, concept):
            print(change.explain())
    if state is not None:
        print()
        for dm in model.decision_makers:
            print(result.why(state, dm, concept).explain())
    return 0


def _demo_report(output):
    """The main job: the PDF report of the default scenario (None if the report extras,
    matplotlib and typst, are not installed)."""
    try:
        import matplotlib  # noqa: F401
        import typst  # noqa: F401
    except ImportError:
        return None
    from .report import build

    return build(_scenario(DEFAULT_SCENARIO, []), output / f"{DEFAULT_SCENARIO}.pdf")


def _demo(args):
    from .display.text import equilibria_text

    output_folder(args.output, "the demo's results")
    analysis = _scenario(DEFAULT_SCENARIO, []).analyze()
    summary = write_file(args.output / "analysis.txt", analysis.explain() + "\n",
                         "the analysis")
    write_file(args.output / "analysis.json", analysis.to_json() + "\n", "the analysis")
    print(analysis.explain())
    print()

    game, result = _solve(EXAMPLE_GAME, "enumerate")
    text = equilibria_text(game, result) + "\n\n" + result.explain() + "\n"
    report = write_file(args.output / "equilibria.txt", text, "the equilibria")
    write_file(args.output / "equilibria.json", json.dumps(result.to_dict(), indent=2) + "\n",
               "the equilibria")
    print("The example game (Hanoi 2019, strategic form):")
    print(text)
    print(f"Results written to {summary} and {args.output / 'analysis.json'} (the scenario "
          f"{DEFAULT_SCENARIO}), {report} and {args.output / 'equilibria.json'} (the game).")
    pdf = _demo_report(args.output)
    if pdf is None:
        print("The PDF report needs the report extras: pip install '.[report]' in the "
              "negotiation checkout (make demo does it).")
    else:
        print(f"The report of {DEFAULT_SCENARIO}: {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
