"""Process start: ``import negotiation`` and ``negotiation solve`` against importing numpy,
scipy and sympy, in fresh interpreters, in one run.

* ``import negotiation``: its own import time from ``python -X importtime`` (the package's
  cumulative line) and the wall time of the process;
* ``negotiation solve us_dprk_2025_baseline`` (the whole command: start, imports, loading,
  the analysis with its comparisons, the text);
* the reference: ``python -c "import numpy, scipy, sympy"``.

Runs alternate (reference, ours, ...) so that a change of load on the machine hits both;
medians of ``--repeat`` runs (default 7).  Bytecode is compiled first (``compileall``), as
an installed package has it.  ``--against DIR`` also times the package found in ``DIR`` (a
checkout of another version) in the same rounds, side by side.

Run: ``.venv/bin/python benchmarks/bench_import.py [--repeat 7] [--against DIR]``.
"""

import argparse
import compileall
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def wall(command, env):
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=env["PYTHONPATH"])
    return time.perf_counter() - start


def import_time(env):
    """``import negotiation``'s cumulative import time (s), from ``-X importtime``."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import negotiation"],
                          env=env, capture_output=True, text=True, check=True,
                          cwd=env["PYTHONPATH"])
    line = [x for x in done.stderr.splitlines() if x.rstrip().endswith("| negotiation")][-1]
    return int(re.split(r"\s*\|\s*", line)[1]) / 1e6


def environment(source):
    """The environment (and working folder) in which ``import negotiation`` finds the package
    in ``source``."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(Path(source) / "negotiation"), quiet=1)
    return env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--against", help="a checkout of another version, timed alongside")
    args = parser.parse_args()
    versions = {"this version": environment(REPOSITORY)}
    if args.against:
        versions[f"{args.against}"] = environment(Path(args.against).resolve())
    solve = [sys.executable, "-c", "import sys; from negotiation.cli import main; "
             "sys.exit(main(['solve', 'us_dprk_2025_baseline']))"]
    reference = [sys.executable, "-c", "import numpy, scipy, sympy"]
    times = {"reference": []}
    for name in versions:
        times[name] = {"import": [], "import wall": [], "solve": []}
    for _ in range(args.repeat):
        times["reference"].append(wall(reference, versions["this version"]))
        for name, env in versions.items():
            times[name]["import"].append(import_time(env))
            times[name]["import wall"].append(wall([sys.executable, "-c", "import negotiation"],
                                                   env))
            times[name]["solve"].append(wall(solve, env))
    ref = statistics.median(times["reference"])
    print(f"medians of {args.repeat} alternating runs\n")
    print(f"{'':<40}" + "".join(f"{name[-28:]:>30}" for name in versions))
    rows = [("import negotiation (-X importtime)", "import", None),
            ("python -c 'import negotiation' (wall)", "import wall", None),
            ("negotiation solve us_dprk_2025_baseline", "solve", ref)]
    for label, key, against in rows:
        cells = []
        for name in versions:
            t = statistics.median(times[name][key])
            cells.append(f"{t:8.3f} s" + (f" ({t / against:4.2f}x ref)" if against else ""))
        print(f"{label:<40}" + "".join(f"{c:>30}" for c in cells))
    print(f"{'reference: import numpy, scipy, sympy':<40}{ref:>28.3f} s")


if __name__ == "__main__":
    main()
