"""Conflict analysis with the Graph Model for Conflict Resolution (GMCR).

Decision makers, their options (or the states directly), unilateral moves (some
irreversible) and ordinal preferences; the stability of every state under Nash (R),
general metarationality (GMR), symmetric metarationality (SMR) and sequential stability
(SEQ) for any number of decision makers, with coalitions; status-quo paths and the
inverse question (Kilgour, Hipel & Fang 1987; Fang, Hipel & Kilgour 1993).

=========================  ==================================================================
:mod:`.statements`          option statements: ``"freeze and not escalate"``, ``"1 iff 2"``
:mod:`.preferences`         rankings with ties, option prioritisation, cardinal payoffs
:mod:`.model`               :class:`GraphModel` in option or graph form
:mod:`.reachability`        the reachable lists :math:`R_H`, :math:`R^+_H` and their extremes
:mod:`.stability`           Nash, GMR, SMR, SEQ for each DM, and the reason for each verdict
:mod:`.matrix`              the same by the matrix representation (Xu, Hipel & Kilgour 2009)
:mod:`.coalitions`          coalitional improvements and stability
:mod:`.status_quo`          paths from the status quo; what would make a state stable
:mod:`.analysis`            ``analyse(model)`` → :class:`StabilityAnalysis`
:mod:`.files`               the YAML model format: ``load``, ``loads``, ``validate``
:mod:`.from_scenario`       a bargaining scenario's packages as a graph model
=========================  ==================================================================
"""

from .. import _lazy

__getattr__, __dir__ = _lazy.load_on_first_use(__name__, {
    ".analysis": ["METHODS", "StabilityAnalysis", "analyse"],
    ".files": ["SCHEMA_PATH", "bundled", "load", "loads", "validate"],
    ".model": ["GraphModel", "Option"],
    ".stability": ["CONCEPTS", "Verdict"],
    ".status_quo": ["PreferenceChange", "StatusQuoPaths"],
})

__all__ = [
    "CONCEPTS",
    "METHODS",
    "SCHEMA_PATH",
    "GraphModel",
    "Option",
    "PreferenceChange",
    "StabilityAnalysis",
    "StatusQuoPaths",
    "Verdict",
    "analyse",
    "bundled",
    "load",
    "loads",
    "validate",
]
