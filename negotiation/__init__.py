"""negotiation: game-theoretic decision support.

Strategic-form games with exact equilibria (:class:`NormalFormGame`), and the
solvers in :mod:`negotiation.equilibria`.  Importing the package is light: sympy,
matplotlib and dask are imported only when a feature needs them.
"""

from .errors import GameError, NegotiationError, ParameterError, ScenarioError, SolverError
from .games import NormalFormGame

__version__ = "0.1.0"

__all__ = [
    "GameError",
    "NegotiationError",
    "NormalFormGame",
    "ParameterError",
    "ScenarioError",
    "SolverError",
    "__version__",
]
