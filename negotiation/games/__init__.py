"""Game representations and their solutions beyond the strategic-form engine.

Strategic form (Gambit .nfg files), game trees (.efg files) with backward induction,
subgame decomposition, Kuhn behaviour strategies, the sequence form (zero-sum LP, Lemke),
Bayesian and signalling games, and the case's three-stage tree.
"""

from .backward_induction import SubgamePerfectEquilibria, SubgamePerfectEquilibrium
from .bayesian import BayesianGame, SignallingGame
from .behaviour import behaviour_strategies
from .case_tree import case_tree
from .efg import GambitCompatibilityWarning
from .normal_form import NormalFormGame
from .sequence_form import lemke, solve_zero_sum
from .subgames import subgame_perfect_equilibria, subgame_roots
from .tree import GameTree, InformationSet, Node, Outcome

__all__ = [
    "BayesianGame",
    "GambitCompatibilityWarning",
    "GameTree",
    "InformationSet",
    "Node",
    "NormalFormGame",
    "Outcome",
    "SignallingGame",
    "SubgamePerfectEquilibria",
    "SubgamePerfectEquilibrium",
    "behaviour_strategies",
    "case_tree",
    "lemke",
    "solve_zero_sum",
    "subgame_perfect_equilibria",
    "subgame_roots",
]
