"""The ``negotiation`` command.

``negotiation equilibria GAME.nfg [--method M] [--json]`` prints the Nash
equilibria of a game; ``negotiation demo`` runs the main job on the bundled
example.  Bad input prints one sentence to stderr and exits with status 2.
"""

import argparse
import json
import sys
from pathlib import Path

from .errors import NegotiationError

EXAMPLE_GAME = Path(__file__).parent / "games" / "examples" / "hanoi_2019.nfg"


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

    demo = commands.add_parser("demo", help="the main job on the bundled example")
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


def _demo(args):
    from .display.text import equilibria_text

    game, result = _solve(EXAMPLE_GAME, "enumerate")
    args.output.mkdir(parents=True, exist_ok=True)
    report = args.output / "equilibria.txt"
    text = equilibria_text(game, result) + "\n\n" + result.explain() + "\n"
    report.write_text(text, encoding="utf-8")
    (args.output / "equilibria.json").write_text(json.dumps(result.to_dict(), indent=2) + "\n")
    print(text)
    print(f"Results written to {report} and {args.output / 'equilibria.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
