"""Report benchmark: the full PDF report of the baseline scenario and its parts.

1. The whole command, process start included, as a user runs it:
   ``negotiation report us_dprk_2025_baseline -o report.pdf`` (20,000 draws), in fresh
   processes, by the clock and by the CPU time of all its processes (user + system, which
   a machine loaded by other work disturbs less; the report runs the backing sweep on
   worker processes, so on an idle machine of two cores the clock shows less than the
   CPU time); beside it the reference, ``python -c "import numpy, scipy.stats, sympy,
   matplotlib.figure, typst"`` (what a report loads), in the same rounds.  Runs alternate
   (reference, this version, ...), medians of ``--repeat`` runs; ``--against DIR`` also
   times the package in ``DIR`` (a checkout of another version) in the same rounds.
2. The same report with 2,000 draws, with ``--sections summary,results`` (what a quick
   look costs) and with ``--compare us_dprk_2018_summits`` (two briefs side by side).
3. The parts, from one in-process build: the analysis, the formulas, the tornado, the
   backing sweep, the regime map, the Monte Carlo, the Sobol indices, each figure group,
   the Typst markup of each section and the typesetting (``build.last_timings``).

Run: ``.venv/bin/python benchmarks/bench_report.py [--repeat 3] [--against DIR]``.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_import import REPOSITORY, environment, wall

SCENARIO = "us_dprk_2025_baseline"
REFERENCE = [sys.executable, "-c", "import numpy, scipy.stats, sympy, matplotlib.figure, typst"]


def report(folder, *args):
    """The report command, writing into ``folder``."""
    return [sys.executable, "-m", "negotiation.cli", "report", SCENARIO,
            "-o", str(Path(folder) / "report.pdf"), "--no-progress", *args]


def medians(runs):
    return [statistics.median(run[i] for run in runs) for i in (0, 1)]


def parts():
    from negotiation.report import build

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        build(SCENARIO, Path(folder) / "report.pdf", samples=20_000, progress=False)
        total = time.perf_counter() - start
    return total, dict(build.last_timings)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", help="a checkout of another version, timed alongside")
    args = parser.parse_args()
    versions = {"this version": environment(REPOSITORY)}
    if args.against:
        versions[args.against] = environment(Path(args.against).resolve())
    times = {name: [] for name in ("reference", *versions)}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeat):
            times["reference"].append(wall(REFERENCE, versions["this version"]))
            for name, env in versions.items():
                times[name].append(wall(report(folder), env))
        print(f"negotiation report {SCENARIO}, 20,000 draws, process start included "
              f"(medians of {args.repeat} alternating runs; wall clock / CPU of all its "
              "processes)\n")
        ref = medians(times["reference"])
        for name in versions:
            w, c = medians(times[name])
            print(f"  {name[-40:]:<40} {w:6.2f} s ({w / ref[0]:4.1f}x) / {c:6.2f} s "
                  f"({c / ref[1]:4.1f}x)")
        print(f"  {'reference: ' + ' '.join(REFERENCE[2:]):<40} {ref[0]:6.2f} s        / "
              f"{ref[1]:6.2f} s\n")
        env = versions["this version"]
        for label, extra in (("2,000 draws", ("--samples", "2000")),
                             ("--sections summary,results", ("--sections", "summary,results")),
                             ("--compare us_dprk_2018_summits",
                              ("--compare", "us_dprk_2018_summits"))):
            w, c = wall(report(folder, *extra), env)
            print(f"  {label:<40} {w:6.2f} s        / {c:6.2f} s")
    total, timings = parts()
    print(f"\nparts of one in-process build ({total:.2f} s):")
    for label, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.005:
            print(f"  {label:<24} {seconds:6.2f} s  {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
