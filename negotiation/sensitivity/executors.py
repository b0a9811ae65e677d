"""Running many points: chunking, seeding and progress, on any executor.

Work is cut into chunks that do not depend on the executor or the number of
workers, and random draws come in fixed blocks, each with its own child of one
:class:`numpy.random.SeedSequence`, spawned in block order (see
:mod:`.monte_carlo`).  So the same seed gives the
same numbers in-process, on a :class:`~concurrent.futures.ThreadPoolExecutor`, a
:class:`~concurrent.futures.ProcessPoolExecutor` or a dask.distributed cluster
(``Client(address).get_executor()``): a cluster moves one array per chunk, not one task
per point.

``executor`` may be ``"auto"`` (the default: local processes for large jobs — at
least :data:`AUTO_POINTS` points in two or more chunks, where processes start by forking
and the work pickles — and this process otherwise), ``None`` (in this process),
``"threads"`` or ``"processes"`` (a local pool made and closed for the call), or any
:class:`concurrent.futures.Executor` (left open: the caller owns it).  ``progress`` is
``True``, ``False`` or ``None`` (the default: a bar when standard error is a terminal),
drawn with ``tqdm.auto`` so that it works in a terminal and in Jupyter.
"""

import os
import sys
from concurrent.futures import Executor

import numpy as np

from ..errors import NegotiationError, ParameterError

#: Default number of points per chunk (fixed, so results do not depend on the workers).
CHUNK = 32_768
#: With ``executor="auto"``, jobs of at least this many points run on local processes.
AUTO_POINTS = 65_536


def chunk_slices(n, size=CHUNK):
    """``[(start, stop), ...]`` covering ``range(n)`` in chunks of ``size``."""
    size = max(1, int(size))
    return [(a, min(a + size, n)) for a in range(0, n, size)]


def chunk_seeds(seed, count):
    """One :class:`~numpy.random.SeedSequence` per chunk, spawned from ``seed`` in order."""
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return root.spawn(count)


def positive_count(name, value):
    """``value`` as a positive int, or a ParameterError naming ``name``."""
    try:
        ok = int(value) == value and int(value) > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ParameterError(f"{name} is {value!r}, but it must be a positive whole number")
    return int(value)


def show_progress(progress):
    if progress is None:
        return bool(getattr(sys.stderr, "isatty", lambda: False)())
    return bool(progress)


def run(function, tasks, executor="auto", progress=None, description="", points=0):
    """``[function(*task) for task in tasks]``, in order, on ``executor``, with a bar;
    ``points`` (how many points the tasks hold) lets ``"auto"`` choose."""
    tasks = list(tasks)
    if isinstance(executor, str) and executor == "auto":
        executor = "processes" if _worth_processes(function, tasks, points) else None
    bar = None
    if show_progress(progress) and tasks:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(tasks), desc=description or None, unit="chunk", leave=False)
    own = None
    if isinstance(executor, str):
        executor = own = _local(executor)
    elif executor is not None and not isinstance(executor, Executor) and \
            not hasattr(executor, "submit"):
        raise ParameterError(f"executor is {executor!r}, but it must be 'auto', None, "
                             "'threads', 'processes' or a concurrent.futures.Executor")
    try:
        if executor is None or len(tasks) <= 1:
            out = []
            for task in tasks:
                out.append(function(*task))
                if bar is not None:
                    bar.update()
            return out
        futures = [executor.submit(function, *task) for task in tasks]
        out = []
        for future in futures:  # in submission order: the order of the chunks
            out.append(future.result())
            if bar is not None:
                bar.update()
        return out
    finally:
        if bar is not None:
            bar.close()
        if own is not None:
            own.shutdown(wait=True, cancel_futures=True)


def _worth_processes(function, tasks, points):
    """Whether a job is large enough for local processes and can run on them cheaply
    (forked workers, a function and tasks that pickle)."""
    import pickle

    if len(tasks) < 2 or points < AUTO_POINTS or not forks():
        return False
    try:
        pickle.dumps((function, tasks[0]))
    except Exception:  # a lambda, a local function, an open resource: stay in-process
        return False
    return True


def forks():
    """Whether local processes start here by forking (the platform's default) and a
    second core can run them."""
    import multiprocessing

    return (os.cpu_count() or 1) >= 2 and \
        multiprocessing.get_start_method(allow_none=True) in (None, "fork") and \
        multiprocessing.get_all_start_methods()[0] == "fork"


def in_background(function):
    """Start ``function()`` in a forked copy of this process, to run beside it; return
    a job whose ``result()`` waits for it and gives its value (sent back pickled) or
    raises its exception, and whose ``cancel()`` ends it.  Where processes do not fork,
    or other threads run (a fork copies only this one), or no process can be started,
    ``function`` runs in this process when ``result()`` is first called: the same value,
    later."""
    import threading

    if forks() and threading.active_count() == 1:
        try:
            return _Forked(function)
        except OSError:  # no process to be had (memory, a limit on processes)
            pass
    return _Deferred(function)


class _Deferred:
    def __init__(self, function):
        self.function = function

    def result(self):
        if self.function is not None:
            self.value, self.function = self.function(), None
        return self.value

    def cancel(self):
        self.function = None


class _Forked:
    """``function()`` in a forked process, its outcome pickled to a temporary file (not a
    pipe, which would hold the process until read)."""

    def __init__(self, function):
        import pickle
        import tempfile

        self.file = tempfile.TemporaryFile()
        try:
            self.pid = os.fork()
        except OSError:
            self.file.close()
            raise
        if self.pid == 0:  # the copy: run, keep the outcome, leave without cleaning up
            try:
                try:
                    outcome = pickle.dumps((True, function()))
                except BaseException as error:  # sent to the caller, re-raised there
                    try:
                        outcome = pickle.dumps((False, error))
                    except Exception:
                        outcome = pickle.dumps((False, RuntimeError(repr(error))))
                self.file.write(outcome)
                self.file.flush()
            finally:
                os._exit(0)

    def result(self):
        import pickle

        if self.file is not None:
            self._reap()
            self.file.seek(0)
            data = self.file.read()
            self.file.close()
            self.file = None
            if not data:
                raise NegotiationError("the background process ended without a result")
            self.outcome = pickle.loads(data)
        ok, value = self.outcome
        if not ok:
            raise value
        return value

    def cancel(self):
        if self.file is not None:
            import signal

            os.kill(self.pid, signal.SIGKILL)
            self._reap()
            self.file.close()
            self.file = None

    def _reap(self):
        os.waitpid(self.pid, 0)


def _local(kind):
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    workers = max(1, os.cpu_count() or 1)
    if kind == "threads":
        return ThreadPoolExecutor(workers)
    if kind == "processes":
        return ProcessPoolExecutor(workers)
    raise ParameterError(f"executor is {kind!r}, but it must be 'auto', 'threads', "
                         "'processes', None or an Executor")
