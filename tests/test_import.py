"""`import negotiation` stays light: no sympy, matplotlib, dask or pandas at import time."""

import subprocess
import sys


def test_import_does_not_load_heavy_dependencies():
    code = ("import sys, negotiation; "
            "print(sorted(m for m in ('sympy', 'matplotlib', 'dask', 'pandas', 'scipy', 'nashpy') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_public_names():
    import negotiation

    assert {"NormalFormGame", "GameError", "SolverError", "NegotiationError"} <= set(
        negotiation.__all__)
    assert issubclass(negotiation.GameError, ValueError)


def test_bargaining_names_load_on_first_use():
    import negotiation

    assert negotiation.alternating_offers(discount=("1/2", "1/2")).agreement[0] == 2 * \
        negotiation.alternating_offers(discount=("1/2", "1/2")).agreement[1]
    assert negotiation.BargainingProblem.split(1).nash().point == (0.5, 0.5)
