"""Running one untrusted input under guard: a time limit and a memory bound.

:func:`outcome` runs a function on one input and returns ``None`` (success) or the project
error it raised; anything else fails the test, naming the input: another exception type,
more than :data:`SECONDS` seconds (an interval timer interrupts it), or a peak memory
(resident set) more than :data:`MEGABYTES` above where the run began.  The timer
interrupts Python code; one long C-level step (a huge integer power) ends before the
interrupt is seen, which is why the library bounds every such step before it starts.
"""

import resource
import signal
import sys

import pytest

from negotiation.errors import NegotiationError

#: Longest one input may take (far above what any takes; only a hang reaches it).
SECONDS = 10
#: Most memory one input may add to the process's peak, in MB.
MEGABYTES = 500


class TookTooLong(BaseException):
    """Raised in the guarded code when its time is up (a BaseException, so that no
    ``except Exception`` in the code under test can swallow it)."""


def _alarm(signum, frame):
    raise TookTooLong


def _peak_mb():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def outcome(function, *args, label=""):
    """``None`` if ``function(*args)`` succeeds, the NegotiationError it raises otherwise."""
    before = _peak_mb()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        function(*args)
        error = None
    except NegotiationError as raised:
        error = raised
    except TookTooLong:
        pytest.fail(f"{label}: more than {SECONDS} s")
    except Exception as raised:  # the point: no other exception type
        pytest.fail(f"{label}: {type(raised).__name__}: {str(raised)[:300]}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    grown = _peak_mb() - before
    assert grown < MEGABYTES, f"{label}: the peak memory grew by {grown:.0f} MB"
    return error
