"""Scenarios: the case as data (actors, issues, parameters with their sources, utilities
as formulas), checked, loaded and analysed.

=========================  ==================================================================
:mod:`.expressions`         formulas: the whitelisting parser (nothing executed), their values
:mod:`.yamlfile`            safe YAML reading with the line of every value
:mod:`.schema`              the shipped JSON Schema, applied with lines and suggestions
:mod:`.loading`             ``load``, ``validate``, :class:`Scenario` and the semantic checks
:mod:`.model`               the model family of a scenario (:class:`CaseModel`)
:mod:`.backing`             the three-stage tree: backing level, offer, acceptance
:mod:`.analysis`            ``scenario.analyze()`` → :class:`CaseAnalysis`
=========================  ==================================================================
"""

from .. import _lazy

__getattr__, __dir__ = _lazy.load_on_first_use(__name__, {
    ".analysis": ["CaseAnalysis"],
    ".expressions": ["Formula", "parse_expression", "parse_formula"],
    ".loading": ["CHANNELS", "Parameter", "Scenario", "ScenarioFileError", "bundled", "load",
                 "loads", "models", "validate"],
    ".model": ["CaseModel"],
    ".schema": ["SCHEMA_PATH", "Problem"],
})

__all__ = [
    "CHANNELS",
    "SCHEMA_PATH",
    "CaseAnalysis",
    "CaseModel",
    "Formula",
    "Parameter",
    "Problem",
    "Scenario",
    "ScenarioFileError",
    "bundled",
    "load",
    "loads",
    "models",
    "parse_expression",
    "parse_formula",
    "validate",
]
