"""Process start: ``import negotiation`` and ``negotiation solve`` against importing numpy,
scipy and sympy, in fresh interpreters, in one run.

* ``import negotiation``: its own import time from ``python -X importtime`` (the package's
  cumulative line) and the wall time of the process;
* ``negotiation solve us_dprk_2025_baseline`` (the whole command: start, imports, loading,
  the analysis with its comparisons, the text);
* the reference: ``python -c "import numpy, scipy, sympy"``.

Each is timed by the clock and by the CPU time of the process (user + system), which a
machine loaded by other work disturbs less.

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
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def wall(command, env):
    """Wall time and CPU time (user + system, less sensitive to a loaded machine) of
    ``command``."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=env["PYTHONPATH"])
    return time.perf_counter() - start, _children_cpu() - cpu


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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


def checkouts(repeat):
    """``(repeat, {name: environment})`` from the command line (``--repeat``, default
    ``repeat``; ``--against DIR``): this version and, if given, the checkout in ``DIR``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--against", help="a checkout of another version, timed alongside")
    args = parser.parse_args()
    out = {"this version": environment(REPOSITORY)}
    if args.against:
        out[args.against] = environment(Path(args.against).resolve())
    return args.repeat, out


def main():
    repeat, versions = checkouts(7)
    solve = [sys.executable, "-c", "import sys; from negotiation.cli import main; "
             "sys.exit(main(['solve', 'us_dprk_2025_baseline']))"]
    reference = [sys.executable, "-c", "import numpy, scipy, sympy"]
    times = {"reference": []}
    for name in versions:
        times[name] = {"import": [], "import wall": [], "solve": []}
    for _ in range(repeat):
        times["reference"].append(wall(reference, versions["this version"]))
        for name, env in versions.items():
            times[name]["import"].append(import_time(env))
            times[name]["import wall"].append(wall([sys.executable, "-c", "import negotiation"],
                                                   env))
            times[name]["solve"].append(wall(solve, env))
    print(f"medians of {repeat} alternating runs (wall clock / CPU)\n")
    print(f"{'':<44}" + "".join(f"{name[-34:]:>36}" for name in versions))
    ref = [statistics.median(t[i] for t in times["reference"]) for i in (0, 1)]
    t = [statistics.median(times[name]["import"]) for name in versions]
    print(f"{'import negotiation (-X importtime)':<44}"
          + "".join(f"{x * 1000:33.1f} ms" for x in t))
    for label, key in (("python -c 'import negotiation'", "import wall"),
                       ("negotiation solve us_dprk_2025_baseline", "solve")):
        cells = []
        for name in versions:
            w, c = (statistics.median(x[i] for x in times[name][key]) for i in (0, 1))
            cells.append(f"{w:.3f} s ({w / ref[0]:.2f}x) / {c:.3f} s ({c / ref[1]:.2f}x)")
        print(f"{label:<44}" + "".join(f"{c:>36}" for c in cells))
    print(f"{'reference: import numpy, scipy, sympy':<44}{ref[0]:>18.3f} s / {ref[1]:.3f} s")


if __name__ == "__main__":
    main()
