"""Game representations and their solutions beyond the strategic-form engine.

Strategic form (Gambit .nfg files), game trees (.efg files) with backward induction,
subgame decomposition, Kuhn behaviour strategies, the sequence form (zero-sum LP, Lemke),
Bayesian and signalling games, and the case's three-stage tree.
"""

from .. import _lazy

__getattr__, __dir__ = _lazy.load_on_first_use(__name__, {
    ".backward_induction": ["SubgamePerfectEquilibria", "SubgamePerfectEquilibrium"],
    ".bayesian": ["BayesianGame", "SignallingGame"],
    ".behaviour": ["behaviour_strategies"],
    ".case_tree": ["case_tree"],
    ".efg": ["GambitCompatibilityWarning"],
    ".normal_form": ["NormalFormGame"],
    ".sequence_form": ["lemke", "solve_zero_sum"],
    ".subgames": ["subgame_perfect_equilibria", "subgame_roots"],
    ".tree": ["GameTree", "InformationSet", "Node", "Outcome"],
})

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
