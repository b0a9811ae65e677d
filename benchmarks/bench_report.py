"""Report benchmark: the full PDF report of the baseline scenario and its parts.

1. The whole command, process start included, as a user runs it:
   ``negotiation report us_dprk_2025_baseline -o report.pdf --samples 20000`` (median of
   ``REPEATS`` runs, each in a fresh process; the target is under 20 s on two cores).
2. The import time of what a report loads (``negotiation.report`` with matplotlib, typst,
   scipy, sympy and pandas), in a fresh process.
3. The parts, from one in-process build: the analysis, the formulas, the tornado, the
   backing sweep, the regime map, the Monte Carlo, the Sobol indices, each figure group,
   the Typst markup of each section and the typesetting (``build.last_timings``).
4. The same report with 2,000 draws, with ``--sections summary,results`` (what a quick
   look costs) and with ``--compare us_dprk_2018_summits`` (two briefs side by side).

Run: ``.venv/bin/python benchmarks/bench_report.py [--quick]`` (``--quick``: one run each).
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUICK = "--quick" in sys.argv
REPEATS = 1 if QUICK else 3
SCENARIO = "us_dprk_2025_baseline"


def command(*args):
    """Median wall time of the report command in a fresh process."""
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(REPEATS):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "negotiation.cli", "report", SCENARIO,
                                   "-o", str(Path(folder) / "report.pdf"), "--no-progress",
                                   *args], capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if done.returncode:
                raise SystemExit(done.stderr)
    return statistics.median(times)


def imports():
    code = ("import time; s = time.perf_counter(); import negotiation.report, matplotlib, "
            "matplotlib.figure, typst, scipy.stats, sympy, pandas; "
            "print(time.perf_counter() - s)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(done.stdout)


def parts():
    from negotiation.report import build

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        build(SCENARIO, Path(folder) / "report.pdf", samples=20_000, progress=False)
        total = time.perf_counter() - start
    return total, dict(build.last_timings)


def main():
    print(f"negotiation report {SCENARIO} (median of {REPEATS}, fresh processes)")
    full = command("--samples", "20000")
    print(f"  full report, 20,000 draws, process start included: {full:6.2f} s "
          f"({'within' if full < 20 else 'OVER'} the 20 s target)")
    quick = command("--samples", "2000")
    print(f"  2,000 draws:                                       {quick:6.2f} s")
    print(f"  --sections summary,results:                        "
          f"{command('--sections', 'summary,results'):6.2f} s")
    print(f"  full report --compare us_dprk_2018_summits:        "
          f"{command('--compare', 'us_dprk_2018_summits'):6.2f} s")
    print(f"  imports (matplotlib, typst, scipy, sympy, pandas):  {imports():6.2f} s")
    total, timings = parts()
    print(f"\nparts of one in-process build ({total:.2f} s):")
    for label, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.005:
            print(f"  {label:<24} {seconds:6.2f} s  {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
