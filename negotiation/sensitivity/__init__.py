"""Sensitivity and uncertainty of a scenario's analysis: which assumptions drive the answer,
where it flips, and how sure it is.

=========================  ==================================================================
:mod:`.functions`           targets: a scenario's outputs, or a plain function of named arrays
:mod:`.statics`             ``comparative_statics``, ``implicit_statics``: derivatives, elasticities
:mod:`.sweep`               ``sweep`` (a tidy table), ``sweep_equilibria`` (tracked equilibria)
:mod:`.threshold`           ``threshold``: every crossing in a range, by bracketed root finding
:mod:`.regime_map`          ``regime_map``: outcomes over two parameters, root-found boundaries
:mod:`.schedules`           ``schedule_map``: how a deal can be kept over reversal × detection
:mod:`.tornado`             ``tornado``: one-at-a-time swings, ranked
:mod:`.monte_carlo`         ``monte_carlo``: priors → distributions, regime probabilities
:mod:`.sobol`               ``sobol``: first-order and total indices with BCa intervals
:mod:`.judgements`          ``judgement_calls``: what each decisive judgement does to the answers
:mod:`.executors`           chunking, per-chunk seeds, progress; any ``Executor`` or dask
=========================  ==================================================================

Every function that evaluates many points takes ``executor=`` and ``progress=``; every
result has ``to_dataframe()``, ``plot()`` and ``explain()``.  Importing this package
loads numpy only (pandas, scipy, sympy, matplotlib and tqdm when a function needs them).
"""

from .. import _lazy

__getattr__, __dir__ = _lazy.load_on_first_use(__name__, {
    ".functions": ["SCENARIO_OUTPUTS", "as_target", "closed_form"],
    ".judgements": ["JudgementCalls", "judgement_calls"],
    ".monte_carlo": ["MonteCarloResult", "monte_carlo"],
    ".regime_map": ["RegimeMap", "regime_map"],
    ".schedules": ["ScheduleMap", "schedule_map"],
    ".sobol": ["SobolResult", "sobol"],
    ".statics": ["StaticsResult", "comparative_statics", "implicit_statics"],
    ".sweep": ["EquilibriumPath", "SweepResult", "sweep", "sweep_equilibria"],
    ".threshold": ["ThresholdResult", "bracketed_root", "threshold"],
    ".tornado": ["TornadoResult", "tornado"],
})

__all__ = [
    "SCENARIO_OUTPUTS",
    "EquilibriumPath",
    "JudgementCalls",
    "MonteCarloResult",
    "RegimeMap",
    "ScheduleMap",
    "SobolResult",
    "StaticsResult",
    "SweepResult",
    "ThresholdResult",
    "TornadoResult",
    "as_target",
    "bracketed_root",
    "closed_form",
    "comparative_statics",
    "implicit_statics",
    "judgement_calls",
    "monte_carlo",
    "regime_map",
    "schedule_map",
    "sobol",
    "sweep",
    "sweep_equilibria",
    "threshold",
    "tornado",
]
