"""Untrusted input: reading game files beside Gambit, and the time to refuse hostile input.

Run:  .venv/bin/python benchmarks/bench_untrusted_input.py [--size 200] [--repeat 3]

In one run:

* a ``size`` x ``size`` two-player .nfg whose payoffs are in exponent notation
  (``1.25e-3``), and one with a 3,990-digit payoff, read exactly by
  :func:`negotiation.games.nfg.parse_nfg` and by pygambit's ``read_nfg`` (Gambit's own C++
  reader, the peer); both give exact rationals, checked equal;
* scenarios with chains of derived values (1,000 lines, and 20 lines that each use the next
  twice), loaded; they were quadratic and exponential when derived values were substituted
  into each other;
* hostile inputs refused: ``1.0e+999999999`` as a value, a power tower in a formula, a
  2,000,000-digit payoff, a move of 100,000 actions (each is one error, timed).
"""

import argparse
import statistics
import time
from fractions import Fraction

import numpy as np

from negotiation.errors import NegotiationError
from negotiation.games import GameTree
from negotiation.games.nfg import parse_nfg
from negotiation.scenario.loading import bundled, loads


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def nfg_text(size, seed=16):
    rng = np.random.default_rng(seed)
    values = rng.integers(-9999, 9999, 2 * size * size)
    body = " ".join(f"{v / 1000:.3f}e-3".replace(".000e", "e") for v in values)
    return f'NFG 1 R "bench" {{ "A" "B" }} {{ {size} {size} }}\n{body}\n'


def gambit_reader(text):
    import pygambit

    path = "/tmp/bench_untrusted_input.nfg"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return lambda: pygambit.read_nfg(path)


def refuse(fn):
    def run():
        try:
            fn()
        except NegotiationError:
            return
        raise AssertionError("not refused")
    return run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"reading .nfg files (median of {args.repeat}):")
    big = "9" * 3990
    for name, text in ((f"{args.size}x{args.size}, exponent notation", nfg_text(args.size)),
                       ("2x2, one 3,990-digit payoff",
                        f'NFG 1 R "" {{ "A" "B" }} {{ 2 2 }}\n{big} 1 2 3 4 5 6 7\n')):
        ours = timed(lambda text=text: parse_nfg(text), args.repeat)
        line = f"  {name:40s} negotiation {ours * 1e3:9.1f} ms"
        try:
            theirs = timed(gambit_reader(text), args.repeat)
            first = gambit_reader(text)().to_arrays()[0].reshape(-1)[0]
            assert Fraction(str(first)) == parse_nfg(text)["payoffs"][0].reshape(-1)[0]
            line += f"   pygambit {theirs * 1e3:9.1f} ms"
        except ImportError:
            line += "   pygambit not installed"
        print(line)

    base = bundled()["us_dprk_2025_baseline"].read_text()

    def chain(body, top):
        text = base.replace("derived:\n", "derived:\n" + body + "\n", 1)
        return text.replace("us.no_deal: us.no_deal_base",
                            f"us.no_deal: min({top}, 0) + us.no_deal_base", 1)

    long = "\n".join(f"  e{i}: e{i + 1} + leader.legacy" for i in range(1000))
    twice = "\n".join(f"  d{i}: d{i + 1} + d{i + 1} * leader.legacy" for i in range(20))
    print("loading scenarios with derived chains (first load parses every formula):")
    for name, text in (("the bundled baseline", base),
                       ("+ 1,000 derived lines in a chain", chain(long + "\n  e1000: 1", "e0")),
                       ("+ 20 lines, each using the next twice",
                        chain(twice + "\n  d20: leader.legacy", "d0"))):
        print(f"  {name:40s} {timed(lambda text=text: loads(text), 1):9.2f} s")

    print("refusing hostile input:")
    digits = "9" * 2_000_000
    actions = " ".join(f'"a{k}"' for k in range(100_000))
    for name, fn in (
            ("1.0e+999999999 as a value", lambda: loads(base.replace(
                "value: 0.85", "value: 1.0e+999999999", 1))),
            ("a power tower in a formula", lambda: loads(base.replace(
                "us.no_deal: us.no_deal_base", "us.no_deal: (((leader.legacy**100 + 1)**100 "
                "+ 1)**100 + 1)**100 + us.no_deal_base", 1))),
            ("a 2,000,000-digit payoff", lambda: parse_nfg(
                f'NFG 1 R "" {{ "A" }} {{ 1 }}\n{digits}\n')),
            ("a move of 100,000 actions", lambda: GameTree.from_efg(
                f'EFG 2 R "" {{ "A" }}\n""\np "" 1 1 "" {{ {actions} }} 0\n'))):
        print(f"  {name:40s} {timed(refuse(fn), args.repeat) * 1e3:9.1f} ms")


if __name__ == "__main__":
    main()
