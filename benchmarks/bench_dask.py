"""Scaling on dask.distributed: Monte Carlo and Sobol of the baseline scenario on a local
cluster of 1, 2 and 4 worker processes (one thread each) through ``executor=``, against the
same call in this process; the numbers must be identical on every executor.

* Monte Carlo: 100,000 draws of the bargaining analysis (Nash, Kalai–Smorodinsky, margin,
  regime), chunks of 8,192 draws;
* Sobol: the margin over 10 parameters, N = 4,096 base samples (49,152 evaluations),
  chunks of 4,096 points.

Every worker (and this process) runs a small job of each kind first (imports, caches),
before the clock starts.  On a machine with fewer cores than workers the extra workers
only share the cores.  Run: ``.venv/bin/python benchmarks/bench_dask.py [--quick]``.
"""

import sys
import time

import negotiation
from negotiation import sensitivity as S

QUICK = "--quick" in sys.argv
DRAWS = 10_000 if QUICK else 100_000
BASE = 512 if QUICK else 4096
NAMES = ["russia.backing", "russia.reliability", "alliance.kappa", "leader.legacy",
         "dprk.value.recognition", "dprk.value.sanctions", "us.no_deal_base",
         "us.cost.recognition", "dprk.status_quo", "us.value.freeze"]


def jobs(scenario, executor, draws=DRAWS, base=BASE):
    """``{job: (seconds, result)}`` on ``executor``."""
    out = {}
    start = time.perf_counter()
    mc = S.monte_carlo(scenario, draws, seed=1, outputs=["nash", "kalai_smorodinsky", "margin",
                                                        "regime"],
                       keep=False, progress=False, executor=executor, chunk_size=8192)
    out[f"Monte Carlo, {draws:,} draws"] = (time.perf_counter() - start, mc.summary)
    start = time.perf_counter()
    sob = S.sobol(scenario, NAMES, n=base, seed=3, output="margin", progress=False,
                  executor=executor, chunk_size=4096)
    out[f"Sobol, 10 parameters, N = {base:,}"] = (time.perf_counter() - start, sob)
    return out


def warm_up():
    """A small job of each kind in this process: imports and caches."""
    jobs(negotiation.load("us_dprk_2025_baseline"), None, draws=1024, base=64)


def main():
    from dask.distributed import Client, LocalCluster

    scenario = negotiation.load("us_dprk_2025_baseline")
    warm_up()
    runs = {"in-process": jobs(scenario, None)}
    for workers in (1, 2, 4):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=":0", silence_logs=40) as cluster, \
                Client(cluster) as client:
            client.run(warm_up)
            runs[f"dask, {workers} worker{'s' * (workers > 1)}"] = jobs(
                scenario, client.get_executor())
    reference = runs["in-process"]
    print(f"dask.distributed scaling (baseline scenario; {negotiation.__version__})\n")
    print(f"{'job':<34} " + " ".join(f"{k:>16}" for k in runs) + "   identical")
    for job in reference:
        same = all(run[job][1] == reference[job][1] for run in runs.values())
        print(f"{job:<34} " + " ".join(f"{run[job][0]:15.2f}s" for run in runs.values())
              + f"   {same}")


if __name__ == "__main__":
    main()
