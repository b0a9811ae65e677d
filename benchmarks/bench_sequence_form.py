"""Sequence-form solvers side by side with pygambit, on Gambit's poker games and larger trees.

Run:  .venv/bin/python benchmarks/bench_sequence_form.py [--timeout 120] [--repeat 3]
                      [--largest 30] [--skip-gambit-exact] [--games poker.efg holdout7.efg ...]

Games: Gambit's ``doc/poker.efg`` (Myerson's one-card poker), the card games of
``contrib/games/`` (``4cards.efg``, ``caro2.efg``), ``contrib/games/holdout7.efg``
(McKelvey–Palfrey, general-sum), and generated poker trees with Kuhn's rules: ``n``
cards, antes of 1, bets of 1 and up to ``r`` bets or raises; zero-sum, or general-sum
with a rake of 10% of the pot above the antes.  ``holdout.efg`` lacks perfect recall.

Two problems, each in exact rationals and in floats:

* **zero-sum** (constant-sum trees): negotiation ``solve_zero_sum`` against pygambit
  ``lp_solve`` (both the sequence-form LP); the values must agree;
* **Lemke** (every tree): negotiation ``lemke`` against pygambit ``lcp_solve`` (both
  Lemke on the sequence form); both answers are checked to be equilibria (ours is
  verified exactly before it is returned; pygambit's ``max_regret`` is printed when
  it is not 0).  The two may find different equilibria.

Each run is a forked child process with a time limit (the timer of
``bench_enumeration.py``); building and reading the tree are not timed, the sequence form
is (both libraries build it inside the solver).  Cells are the
median of ``--repeat`` runs; ``ratio`` is pygambit's time over ours (above 1: faster
here).  Float trees are the exact trees with every number converted to a float.
"""

import argparse
import re
import statistics
import sys
import tempfile
import warnings
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_enumeration import METHODS, timed  # the shared child-process timer

ROOT = Path(__file__).resolve().parents[1]
GAMBIT = ROOT / "tests" / "data" / "gambit"
FILES = {
    "poker.efg": GAMBIT / "doc" / "poker.efg",
    "4cards.efg": GAMBIT / "contrib" / "games" / "4cards.efg",
    "caro2.efg": GAMBIT / "contrib" / "games" / "caro2.efg",
    "holdout7.efg": GAMBIT / "contrib" / "games" / "holdout7.efg",
}


# ----------------------------------------------------------------- the games
def poker(cards, raises, rake=0):
    """Poker with Kuhn's rules: each player holds one of ``cards`` cards, bets of 1.

    Alice opens; a player facing no bet checks or bets, a player facing a bet folds,
    calls or (if fewer than ``raises`` bets were made) raises.  ``rake`` is the share of
    the pot above the antes that the house keeps (a general-sum game when positive).
    """
    from negotiation.games.tree import GameTree

    tree = GameTree(players=("Alice", "Bob"), title=f"{cards}-card poker, {raises} raise(s)")
    deals = [(a, b) for a in range(cards) for b in range(cards) if a != b]
    root = tree.root.chance([(f"{a}-{b}", Fraction(1, len(deals))) for a, b in deals])
    for k, deal in enumerate(deals):
        _betting(root[k], deal, 0, [1, 1], 0, raises, "", Fraction(rake))
    return tree


def _betting(node, deal, player, pot, bets, raises, history, rake):
    """The betting round from ``node``, where ``player`` is to act."""
    facing = pot[player] < pot[1 - player]
    actions = ["fold", "call"] if facing else ["check", "bet"]
    if bets < raises and facing:
        actions.append("raise")
    elif bets >= raises and not facing:
        actions = ["check"]
    name = f"{'AB'[player]}{deal[player]}:{history}"
    node.decision(player, actions, information_set=name)
    for action in actions:
        child = node[action]
        if action == "fold":
            child.terminal(_payoffs(pot, 1 - player, rake))
        elif action == "call" or (action == "check" and history.endswith("c")):
            pot_after = [max(pot), max(pot)]
            child.terminal(_payoffs(pot_after, 0 if deal[0] > deal[1] else 1, rake))
        elif action == "check":
            _betting(child, deal, 1 - player, pot, bets, raises, history + "c", rake)
        else:  # bet or raise: match the opponent, then one more
            pot_after = list(pot)
            pot_after[player] = pot[1 - player] + 1
            _betting(child, deal, 1 - player, pot_after, bets + 1, raises,
                     history + action[0], rake)


def _payoffs(pot, winner, rake):
    gains = [-pot[0], -pot[1]]
    gains[winner] += sum(pot) - rake * (sum(pot) - 2)
    return tuple(gains)


def build(name):
    """Our tree of a named game (exact)."""
    from negotiation.games.efg import GambitCompatibilityWarning
    from negotiation.games.tree import GameTree

    if name in FILES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GambitCompatibilityWarning)
            return GameTree.read(FILES[name])
    cards, raises, rake = (int(x) for x in re.fullmatch(r"poker-(\d+)-(\d+)-(\d+)", name).groups())
    return poker(cards, raises, Fraction(rake, 100))


def floats(tree):
    """The same tree with every payoff and probability a float."""
    return tree._map_values(lambda value, where: float(value))


def gambit_game(tree):
    """``tree`` as a pygambit game; labels blanked so that Gambit 17 accepts every file."""
    import pygambit

    lines = tree.to_efg().splitlines()
    body = [re.sub(r'"(?:[^"\\]|\\.)*"', '""', line) for line in lines[2:]]
    with tempfile.NamedTemporaryFile("w", suffix=".efg", delete=False) as file:
        file.write("\n".join(lines[:2] + body) + "\n")
    try:
        return pygambit.read_efg(file.name)
    finally:
        Path(file.name).unlink()


# ------------------------------------------------------------------- solvers
def ours(tree, task):
    from negotiation.games.sequence_form import lemke, solve_zero_sum

    problem, _ = task
    if problem == "zero-sum":
        return solve_zero_sum(tree).value
    return lemke(tree).payoffs[0]


def theirs(game, task):
    import pygambit

    problem, exact = task
    first = next(iter(game.players))
    if problem == "zero-sum":
        return Fraction(pygambit.nash.lp_solve(game, rational=exact).equilibrium.payoffs[first])
    profile = pygambit.nash.lcp_solve(game, rational=exact).equilibrium
    return Fraction(profile.payoffs[first]), Fraction(profile.max_regret())


def _reported(solve):
    """``solve`` with a failure returned as its message (the table shows it)."""
    def run(subject, task):
        try:
            return solve(subject, task)
        except Exception as error:
            return f"failed: {type(error).__name__}: {error}"
    return run


# The child-process timer of bench_enumeration.py times METHODS[name](A, B) in a forked
# child; here A is the prepared game (built in the parent, so not timed) and B the task.
METHODS["sequence form: negotiation"] = _reported(ours)
METHODS["sequence form: pygambit"] = _reported(theirs)


def median_time(who, subject, task, timeout, repeat):
    """``(median seconds, answer)``, or ``(None, None)`` on time-out."""
    times, answer = [], None
    for _ in range(repeat):
        seconds, answer = timed(f"sequence form: {who}", subject, task, timeout)
        if seconds is None:
            return None, None
        times.append(seconds)
        if seconds > timeout / 4:
            break  # slow: one run says enough
    return statistics.median(times), answer


def _cell(seconds, answer, timeout):
    if isinstance(answer, str):
        return "failed"
    return f">{timeout:.0f}s" if seconds is None else f"{seconds:.4f}s"


def _agreement(problem, mine, yours, exact):
    for answer in (mine, yours):
        if isinstance(answer, str):
            return answer  # the error message of a failed run
    if mine is None or yours is None:
        return ""
    if problem == "zero-sum":
        same = yours == mine if exact else abs(float(yours) - mine) < 1e-6
        return "" if same else f"values differ: {mine} vs {yours}"
    _, regret = yours
    return "" if float(regret) <= 1e-6 else f"pygambit's regret {regret}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--largest", type=int, default=30, help="cards in the largest poker")
    parser.add_argument("--skip-gambit-exact", action="store_true",
                        help="leave out pygambit's rational solvers (slow on larger trees)")
    parser.add_argument("--games", nargs="*", help="only these games (names as in the table)")
    args = parser.parse_args()

    names = list(FILES) + [f"poker-{c}-{r}-0" for c, r in ((3, 1), (13, 1), (13, 2))
                           if c <= args.largest]
    names += [f"poker-{args.largest}-2-0"] if args.largest > 13 else []
    names += [f"poker-{c}-{r}-10" for c, r in ((3, 1), (13, 1), (13, 2))]
    names += [f"poker-{args.largest}-2-10"] if args.largest > 13 else []
    names = [name for name in names if not args.games or name in args.games]

    from negotiation.errors import GameError
    from negotiation.games.sequence_form import _constant_sum, sequence_form

    header = (f"{'game':18s}{'nodes':>7s}{'seqs':>10s}  {'problem':9s}{'mode':6s}"
              f"{'negotiation':>13s}{'pygambit':>13s}{'ratio':>9s}  check")
    print(header)
    print("-" * len(header), flush=True)
    slow = {}
    ours(build("poker.efg"), ("zero-sum", True))  # imports and first calls: not timed
    ours(floats(build("poker.efg")), ("lemke", False))
    for name in names:
        tree = build(name)
        form = sequence_form(tree)
        game = gambit_game(tree)
        try:
            _constant_sum(tree, True)
            problems = ["zero-sum", "lemke"]
        except GameError:
            problems = ["lemke"]
        for problem in problems:
            for exact in (True, False):
                mode = "exact" if exact else "float"
                task = (problem, exact)
                mine_s, mine = median_time("negotiation", tree if exact else floats(tree), task,
                                           args.timeout, args.repeat)
                if len(tree) >= slow.get(task, len(tree) + 1) or (
                        exact and args.skip_gambit_exact):
                    yours_s, yours, cell = None, None, "skipped"
                else:  # pygambit reads the exact game and computes in floats when not rational
                    yours_s, yours = median_time("pygambit", game, task, args.timeout,
                                                 args.repeat)
                    cell = _cell(yours_s, yours, args.timeout)
                    if yours_s is None:
                        slow[task] = len(tree)  # larger trees would time out too
                ratio = f"{yours_s / mine_s:.1f}x" if mine_s and yours_s else ""
                seqs = "x".join(str(n) for n in form.n_sequences)
                print(f"{name:18s}{len(tree):>7d}{seqs:>10s}  {problem:9s}{mode:6s}"
                      f"{_cell(mine_s, mine, args.timeout):>13s}{cell:>13s}{ratio:>9s}  "
                      f"{_agreement(problem, mine, yours, exact)}", flush=True)


if __name__ == "__main__":
    main()
