"""Bargaining models and their solutions.

==============================  ==========================================================
:mod:`.problem`                  ``BargainingProblem``: a frontier and a disagreement point
:mod:`.axiomatic`                Nash (symmetric and generalised), Kalai–Smorodinsky,
                                 egalitarian and utilitarian solutions
:mod:`.alternating_offers`       Rubinstein bargaining with outside options, breakdown risk,
                                 finite horizons and general frontiers
:mod:`.crisis`                   Fearon's bargaining range, the risk–return trade-off,
                                 Powell's commitment problem
:mod:`.packages`                 multi-issue bargaining over concession packages
:mod:`.polylines`                many polyline problems at once: hull chains row by row,
                                 Minkowski sums, clipping, margin, Nash, Kalai–Smorodinsky
:mod:`.repeated`                 self-enforcing phased deals
:mod:`.schedule`                 deal schedules: reversible and irreversible steps,
                                 reversal risk, detection, third-party transfers
==============================  ==========================================================

Every closed form is written once and evaluates symbolically (sympy symbols in),
exactly (``Fraction`` in, ``Fraction`` or sympy number out) and over numpy arrays.
"""

from .. import _lazy

__getattr__, __dir__ = _lazy.load_on_first_use(__name__, {
    None: ["crisis", "repeated", "schedule"],
    ".alternating_offers": ["AlternatingOffersResult", "alternating_offers",
                            "frictionless_limit", "period_parameters"],
    ".axiomatic": ["egalitarian", "kalai_smorodinsky", "nash", "utilitarian"],
    ".packages": ["Issue", "PackageSpace"],
    ".polylines": ["PolylineFrontiers", "hull_chains", "sum_chains"],
    ".problem": ["BargainingProblem"],
    ".repeated": ["PhasedDeal"],
    ".result": ["BargainingSolution"],
    ".schedule": ["Schedule", "ScheduleCheck", "ScheduleProblem", "Step", "TransferPlan"],
})

__all__ = [
    "AlternatingOffersResult",
    "BargainingProblem",
    "BargainingSolution",
    "Issue",
    "PackageSpace",
    "PhasedDeal",
    "PolylineFrontiers",
    "Schedule",
    "ScheduleCheck",
    "ScheduleProblem",
    "Step",
    "TransferPlan",
    "alternating_offers",
    "crisis",
    "egalitarian",
    "frictionless_limit",
    "hull_chains",
    "kalai_smorodinsky",
    "nash",
    "period_parameters",
    "repeated",
    "schedule",
    "sum_chains",
    "utilitarian",
]
