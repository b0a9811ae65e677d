"""Game representations: strategic form (Gambit .nfg files) and game trees (.efg files)."""

from .backward_induction import SubgamePerfectEquilibria, SubgamePerfectEquilibrium
from .efg import GambitCompatibilityWarning
from .normal_form import NormalFormGame
from .tree import GameTree, InformationSet, Node, Outcome

__all__ = [
    "GambitCompatibilityWarning",
    "GameTree",
    "InformationSet",
    "Node",
    "NormalFormGame",
    "Outcome",
    "SubgamePerfectEquilibria",
    "SubgamePerfectEquilibrium",
]
