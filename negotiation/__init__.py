"""negotiation: game-theoretic decision support.

Strategic-form games with exact equilibria (:class:`NormalFormGame`, solvers in
:mod:`negotiation.equilibria`); bargaining models and their solutions
(:mod:`negotiation.bargaining`).  Importing the package is light: sympy,
matplotlib and dask are imported only when a feature needs them.
"""

from .errors import (
    DomainError,
    GameError,
    NegotiationError,
    ParameterError,
    ScenarioError,
    SolverError,
)
from .games import GameTree, NormalFormGame

__version__ = "0.1.0"

#: Names imported on first use, so that ``import negotiation`` stays light.
_LAZY = {
    "BargainingProblem": "negotiation.bargaining",
    "alternating_offers": "negotiation.bargaining",
    "PackageSpace": "negotiation.bargaining",
    "explore": "negotiation.explorer",
    "load": "negotiation.scenario",
    "sensitivity": None,
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        if _LAZY[name] is None:  # a subpackage
            return importlib.import_module(f"negotiation.{name}")
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'negotiation' has no attribute {name!r}")

__all__ = [
    "BargainingProblem",
    "DomainError",
    "GameError",
    "GameTree",
    "NegotiationError",
    "NormalFormGame",
    "PackageSpace",
    "ParameterError",
    "ScenarioError",
    "SolverError",
    "__version__",
    "alternating_offers",
    "explore",
    "load",
    "sensitivity",
]
