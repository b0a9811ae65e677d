"""Report benchmark: the full PDF report of the baseline scenario and its parts.

1. The whole command, process start included, as a user runs it:
   ``negotiation report us_dprk_2025_baseline -o report.pdf`` (20,000 draws), in fresh
   processes, by the clock and by CPU time (user + system, which a machine loaded by other
   work disturbs less): of the command's own process and of all its processes (the
   backing sweep runs on worker processes, and the formulas, the Monte Carlo, the Sobol
   indices and the figures' files are made in forked processes beside the build).  On an
   idle machine of two cores the clock shows about the larger of the first and half the
   second: the *idle estimate*.  Beside it the reference, ``python -c "import numpy,
   scipy.stats, sympy, matplotlib.figure, typst"`` (what a report loads), in the same
   rounds.  Runs alternate (reference, this version, ...), medians of ``--repeat`` runs;
   ``--against DIR`` also times the package in ``DIR`` (a checkout of another version) in
   the same rounds.
2. The same report with 2,000 draws, with ``--sections summary,results`` (what a quick
   look costs) and with ``--compare us_dprk_2018_summits`` (two briefs side by side).
3. The parts, from one in-process build: the analysis, the formulas, the tornado, the
   backing sweep, the regime map, the Monte Carlo, the Sobol indices, each figure group,
   the Typst markup of each section and the typesetting (``build.last_timings``).

Run: ``.venv/bin/python benchmarks/bench_report.py [--repeat 3] [--against DIR]``.
"""

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_import import checkouts

SCENARIO = "us_dprk_2025_baseline"
REFERENCE = "import numpy, scipy.stats, sympy, matplotlib.figure, typst"
#: Runs ``code`` and prints the CPU time of this process (not its children) on stderr.
OWN_CPU = ("import resource, sys\n{code}\n"
           "u = resource.getrusage(resource.RUSAGE_SELF)\n"
           "print(u.ru_utime + u.ru_stime, file=sys.stderr)")


def report(folder, *args):
    """The report command, writing into ``folder``."""
    return ("from negotiation.cli import main\n"
            f"assert main(['report', {SCENARIO!r}, '-o', {str(Path(folder) / 'report.pdf')!r}, "
            f"'--no-progress', *{list(args)!r}]) == 0")


def timed(code, env):
    """Wall time, CPU time of the process and CPU time of it and all its children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", OWN_CPU.format(code=code)], env=env,
                          check=True, capture_output=True, text=True, cwd=env["PYTHONPATH"])
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    return seconds, float(done.stderr.split()[-1]), total


def medians(runs):
    return [statistics.median(run[i] for run in runs) for i in range(3)]


def line(label, times, ref=None):
    w, own, total = times
    idle = max(own, total / 2)
    ratio = (lambda x, r: f" ({x / r:4.1f}x)") if ref else (lambda x, r: "")
    return (f"  {label[-38:]:<38} {w:6.2f} s{ratio(w, ref and ref[0])}  {own:6.2f} s"
            f"{ratio(own, ref and ref[1])}  {total:6.2f} s  {idle:6.2f} s"
            f"{ratio(idle, ref and max(ref[1], ref[2] / 2))}")


def parts():
    from negotiation.report import build

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        build(SCENARIO, Path(folder) / "report.pdf", samples=20_000, progress=False)
        total = time.perf_counter() - start
    return total, dict(build.last_timings)


def main():
    repeat, versions = checkouts(3)
    times = {name: [] for name in ("reference", *versions)}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            times["reference"].append(timed(REFERENCE, versions["this version"]))
            for name, env in versions.items():
                times[name].append(timed(report(folder), env))
        print(f"negotiation report {SCENARIO}, 20,000 draws, process start included "
              f"(medians of {repeat} alternating runs; ratios to the reference)\n")
        print(f"  {'':<38} {'clock':>8}  {'CPU, own':>15}  {'CPU, all':>8}  "
              f"{'idle estimate':>15}")
        ref = medians(times["reference"])
        for name in versions:
            print(line(name, medians(times[name]), ref))
        print(line(f"reference: {REFERENCE}", ref))
        print()
        env = versions["this version"]
        for label, extra in (("2,000 draws", ("--samples", "2000")),
                             ("--sections summary,results", ("--sections", "summary,results")),
                             ("--compare us_dprk_2018_summits",
                              ("--compare", "us_dprk_2018_summits"))):
            print(line(label, timed(report(folder, *extra), env)))
    total, timings = parts()
    print(f"\nparts of one in-process build ({total:.2f} s):")
    for label, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.005:
            print(f"  {label:<24} {seconds:6.2f} s  {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
