"""Same seed, same numbers: in-process, threads, processes and a dask.distributed cluster."""

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

from negotiation.sensitivity import monte_carlo, regime_map, sobol, sweep

from .conftest import PRIORS, composite, ishigami
from .test_maps import option_regime

N = 20_000
CHUNK = 8_192


def _run(executor):
    return monte_carlo(composite, n=N, seed=42, outputs=["x", "no_surplus"],
                       parameters=PRIORS, chunk_size=CHUNK, executor=executor, progress=False)


@pytest.fixture(scope="module")
def reference():
    return _run(None)


def assert_same(a, b):
    assert a.summary == b.summary
    for k in a.samples:
        np.testing.assert_array_equal(a.samples[k], b.samples[k])


def test_threads_and_processes(reference):
    with ThreadPoolExecutor(3) as pool:
        assert_same(reference, _run(pool))
    with ProcessPoolExecutor(2) as pool:
        assert_same(reference, _run(pool))
        m1 = regime_map(option_regime, "w_B", "d_B", n=8, executor=pool,
                        parameters={"w_B": (0, 0.9), "d_B": (0.5, 0.95)})
    m0 = regime_map(option_regime, "w_B", "d_B", n=8,
                    parameters={"w_B": (0, 0.9), "d_B": (0.5, 0.95)})
    assert (m0.grid == m1.grid).all() and m0.boundary == m1.boundary


def test_chunks_do_not_depend_on_the_worker_count(reference):
    assert_same(reference, _run("threads"))
    regrouped = monte_carlo(composite, n=N, seed=42, outputs=["x", "no_surplus"],
                            parameters=PRIORS, chunk_size=100_000)
    assert_same(reference, regrouped)
    other = monte_carlo(composite, n=N, seed=43, outputs=["x"], parameters=PRIORS,
                        chunk_size=CHUNK)
    assert other.summary["x"]["mean"] != reference.summary["x"]["mean"]


def test_sobol_and_sweep_on_threads():
    params = {k: (-np.pi, np.pi) for k in ("x1", "x2", "x3")}
    a = sobol(ishigami, params, n=512, seed=1, n_resamples=50)
    with ThreadPoolExecutor(2) as pool:
        b = sobol(ishigami, params, n=512, seed=1, n_resamples=50, executor=pool,
                  chunk_size=300)
        s = sweep(composite, {"kappa": np.linspace(0.1, 0.5, 50)}, outputs=["x"],
                  parameters=PRIORS, executor=pool, chunk_size=7)
    assert a.first_order == b.first_order and a.total == b.total
    assert len(s.to_dataframe()) == 50


def test_dask_local_cluster(reference):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        assert_same(reference, _run(client.get_executor()))
        sobol_on_dask = sobol(composite, PRIORS, n=1024, seed=2, output="x",
                              executor=client.get_executor(), chunk_size=1000)
    assert sobol_on_dask == sobol(composite, PRIORS, n=1024, seed=2, output="x", executor=None)


def test_auto_runs_large_picklable_jobs_on_processes(reference, monkeypatch):
    """The default executor forks local processes for a large job of a module-level
    function, stays in-process for small jobs and for functions that do not pickle, and
    gives the same numbers either way."""
    from negotiation.sensitivity import executors

    assert executors._worth_processes(max, [(1,), (2,)], executors.AUTO_POINTS)
    assert not executors._worth_processes(max, [(1,), (2,)], executors.AUTO_POINTS - 1)
    assert not executors._worth_processes(max, [(1,)], executors.AUTO_POINTS)
    assert not executors._worth_processes(lambda x: x, [(1,), (2,)], executors.AUTO_POINTS)
    chosen = []
    real = executors._local
    monkeypatch.setattr(executors, "_local", lambda kind: chosen.append(kind) or real(kind))
    monkeypatch.setattr(executors, "AUTO_POINTS", N // 2)
    assert_same(reference, _run("auto"))
    assert chosen == ["processes"]
    small = monte_carlo(composite, n=CHUNK, seed=42, outputs=["x"], parameters=PRIORS,
                        progress=False)
    assert chosen == ["processes"] and small.n == CHUNK


def _pid_and(value):
    import os

    return os.getpid(), value


def _fails():
    raise ValueError("no luck")


@pytest.mark.parametrize("fork", [True, False])
def test_in_background_gives_the_value_or_the_error(fork, monkeypatch, request):
    """Forked: computed in another process; where none can fork, here, when asked; the
    same value and the same error either way."""
    import os

    from negotiation.sensitivity import executors

    if not fork:
        monkeypatch.setattr(executors, "forks", lambda: False)
    elif not request.getfixturevalue("alone"):
        return
    job = executors.in_background(lambda: _pid_and(np.arange(100_000)))  # > a pipe's buffer
    pid, value = job.result()
    assert (pid != os.getpid()) is fork
    np.testing.assert_array_equal(value, np.arange(100_000))
    assert job.result()[0] == pid  # asked again: the same outcome
    with pytest.raises(ValueError, match="no luck"):
        executors.in_background(_fails).result()


def test_a_background_job_cancelled_leaves_no_process(alone):
    import os
    import time

    from negotiation.sensitivity import executors

    if not alone:
        return
    job = executors.in_background(lambda: time.sleep(60))
    job.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(job.pid, os.WNOHANG)


def test_in_background_runs_here_when_no_process_can_start(monkeypatch):
    import os

    from negotiation.sensitivity import executors

    def refuse():
        raise BlockingIOError("no more processes")

    monkeypatch.setattr(os, "fork", refuse)
    assert executors.in_background(lambda: _pid_and(1)).result() == (os.getpid(), 1)
