"""negotiation: game-theoretic decision support.

Strategic-form games with exact equilibria (:class:`NormalFormGame`, solvers in
:mod:`negotiation.equilibria`); bargaining models and their solutions
(:mod:`negotiation.bargaining`).  Importing the package is light: its
sub-packages (and numpy, scipy, sympy, matplotlib, dask) load when a name that needs them is
first used.
"""

from . import _lazy
from .errors import (
    DomainError,
    GameError,
    NegotiationError,
    ParameterError,
    ScenarioError,
    SolverError,
)

__version__ = "0.1.0"

__getattr__, __dir__ = _lazy.load_on_first_use(__name__, {
    None: ["sensitivity"],
    ".bargaining": ["BargainingProblem", "PackageSpace", "alternating_offers"],
    ".explorer": ["explore"],
    ".games": ["GameTree", "NormalFormGame"],
    ".scenario": ["load"],
})

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
