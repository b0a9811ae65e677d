"""Sobol indices with bootstrap intervals: time and peak memory, side by side in one run.

Each job runs in a fresh interpreter (imports and a small warm-up call first, not timed),
which reports its wall time and its peak resident memory (``VmHWM``):

* ours: ``negotiation.sensitivity.sobol`` (BCa intervals from resample counts and
  leave-one-out sums, 200 resamples), and without intervals (``confidence=None``);
* SciPy: ``scipy.stats.sobol_indices`` and its BCa ``bootstrap`` (200 resamples) on the same
  sample — what ``sobol`` did before (its jackknife is O(n²d) in time and memory);
* SALib: Saltelli sampling, the same function at its points and ``sobol.analyze``
  (percentile intervals, 100 resamples; ``pip install SALib``, the ``bench`` extra).

Jobs: Ishigami with N = 16,384 and 65,536 base samples (3 parameters; SciPy only at 16,384:
at 65,536 its jackknife would need ~100 GB), and the margin of the baseline scenario over
10 parameters with N = 4,096 (49,152 evaluations, in-process).  The three compute the same
estimators (Saltelli 2010 first order, Jansen total) on samples of the same design.

Last, the estimators alone on the same evaluations (Ishigami, N = 65,536): ours (indices and
BCa intervals, 200 resamples) and SALib's ``analyze`` (percentile intervals, 100 resamples)
on one array of outputs, in SALib's row order for SALib.

Run: ``.venv/bin/python benchmarks/bench_sobol.py [--quick]``.
"""

import json
import subprocess
import sys

QUICK = "--quick" in sys.argv

SETUP = {
    "ishigami": """
import numpy as np
names = ["x1", "x2", "x3"]
bounds = [(-np.pi, np.pi)] * 3
def function(x1, x2, x3):
    return np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3 ** 4 * np.sin(x1)
target, params = function, dict(zip(names, bounds))
evaluate = lambda x: function(*x)
""",
    "baseline": """
import numpy as np
import negotiation
from negotiation.sensitivity import as_target
from negotiation.sensitivity.functions import evaluate_many
target = negotiation.load("us_dprk_2025_baseline")
names = ["russia.backing", "russia.reliability", "alliance.kappa", "leader.legacy",
         "dprk.value.recognition", "dprk.value.sanctions", "us.no_deal_base",
         "us.cost.recognition", "dprk.status_quo", "us.value.freeze"]
spec = as_target(target)
bounds = [(spec.spec(k).low, spec.spec(k).high) for k in names]
params = names
def evaluate(x):
    return np.asarray(evaluate_many(spec, dict(zip(names, x)), ["margin"], executor=None,
                                    progress=False)["margin"], dtype=float)
""",
}

METHODS = {
    "ours": """
from negotiation.sensitivity import sobol
def run(n):
    r = sobol(target, params, n=n, seed=3, output=OUTPUT, executor=None, progress=False)
    return [r.total[k] for k in names]
""",
    "ours, no intervals": """
from negotiation.sensitivity import sobol
def run(n):
    r = sobol(target, params, n=n, seed=3, output=OUTPUT, executor=None, progress=False,
              confidence=None)
    return [r.total[k] for k in names]
""",
    "SciPy (before)": """
import warnings
from scipy import stats
def run(n):
    dists = [stats.uniform(a, b - a) for a, b in bounds]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        r = stats.sobol_indices(func=lambda x: evaluate(x)[None, :], n=n, dists=dists,
                                rng=np.random.default_rng(3))
        r.bootstrap(confidence_level=0.95, n_resamples=200)
    return list(np.reshape(r.total_order, -1))
""",
    "SALib": """
from SALib.analyze import sobol as analyze
from SALib.sample import sobol as sample
def run(n):
    problem = {"num_vars": len(names), "names": names, "bounds": [list(b) for b in bounds]}
    x = sample.sample(problem, n, calc_second_order=False, seed=3)
    r = analyze.analyze(problem, evaluate(x.T), calc_second_order=False, seed=3)
    return list(r["ST"])
""",
}

MEASURE = """
import re, time
run(64)  # warm-up: imports and caches
start = time.perf_counter()
total = run({n})
seconds = time.perf_counter() - start
peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
print(json.dumps([seconds, peak / 1024, total]))
"""


def measure(case, method, n):
    """Wall time (s), peak memory (MiB) and total indices of one job in a fresh process."""
    output = "None" if case == "ishigami" else '"margin"'
    code = ("import json\nOUTPUT = " + output + "\n" + SETUP[case] + METHODS[method]
            + MEASURE.format(n=n))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        return None, done.stderr.strip().splitlines()[-1]
    return json.loads(done.stdout.splitlines()[-1]), ""


def main():
    try:
        import SALib  # noqa: F401
        salib = ["SALib"]
    except ImportError:
        salib = []
        print("SALib: not installed (pip install SALib) - left out\n")
    jobs = [("ishigami", 2048 if QUICK else 16_384,
             ["ours", "ours, no intervals", "SciPy (before)", *salib]),
            ("ishigami", 8192 if QUICK else 65_536, ["ours", "ours, no intervals", *salib]),
            ("baseline", 512 if QUICK else 4096,
             ["ours", "ours, no intervals", "SciPy (before)", *salib])]
    print(f"{'job':<44} {'method':<20} {'time':>9} {'peak':>10}   ratio to ours   "
          "largest total index")
    for case, n, methods in jobs:
        label = (f"Ishigami, N = {n:,} (3 parameters)" if case == "ishigami" else
                 f"baseline margin, 10 parameters, N = {n:,}")
        ours = None
        for method in methods:
            result, error = measure(case, method, n)
            if result is None:
                print(f"{label:<44} {method:<20} failed: {error}")
                continue
            seconds, peak, total = result
            ours = seconds if ours is None else ours
            print(f"{label:<44} {method:<20} {seconds:8.2f}s {peak:7.0f} MiB   "
                  f"{seconds / ours:8.2f}x        {max(total):.3f}")
            label = ""
    if salib:
        same_evaluations(8192 if QUICK else 65_536)


def same_evaluations(n):
    """Our estimator and SALib's on the same outputs of Ishigami (in this process)."""
    import importlib
    import time

    import numpy as np
    from SALib.analyze import sobol as analyze
    from scipy import stats

    module = importlib.import_module("negotiation.sensitivity.sobol")
    d = 3
    a, b = module._sample(n, [stats.uniform(-np.pi, 2 * np.pi)] * d,
                          np.random.default_rng(3))
    ab = np.repeat(a[:, None, :], d, axis=1)
    ab[np.arange(d), np.arange(d)] = b

    def ishigami(x):
        return np.sin(x[0]) + 7 * np.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * np.sin(x[0])

    f_a, f_b, f_ab = ishigami(a), ishigami(b), ishigami(ab.reshape(d, -1)).reshape(d, n)
    start = time.perf_counter()
    terms = module._terms(f_a, f_b, f_ab)
    first, total = module._indices(terms.sum(axis=0), n)
    module._bca_interval(terms, 0.95, 200, np.random.RandomState(3))
    mine = time.perf_counter() - start
    problem = {"num_vars": d, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * d}
    rows = np.concatenate([f_a[:, None], f_ab.T, f_b[:, None]], axis=1).ravel()
    start = time.perf_counter()
    theirs = analyze.analyze(problem, rows, calc_second_order=False, seed=3)
    salib = time.perf_counter() - start
    gap = max(np.abs(first - theirs["S1"]).max(), np.abs(total - theirs["ST"]).max())
    print(f"\nestimators alone, same {n * (d + 2):,} outputs (Ishigami, N = {n:,}): ours "
          f"{mine:.3f} s (with BCa intervals), SALib analyze {salib:.3f} s, ratio "
          f"{salib / mine:.1f}x; largest difference of the indices {gap:.1e}")


if __name__ == "__main__":
    main()
