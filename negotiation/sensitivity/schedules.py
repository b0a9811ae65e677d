"""Where a deal can be kept: the schedule verdict of the Nash deal (all at once, phased,
not kept, no deal) over the reversal risk × the probability of detection, and the tipping
point of each with the other at its baseline.

The map is :func:`~.regime_map.regime_map` of the output ``schedule`` (computed point by
point by the schedule engine, :func:`negotiation.scenario.analysis.keeping`), the tipping
points :func:`~.threshold.threshold` of the same output.  The axes default to the parameter
of the scenario's ``schedule.reversal`` and to that of the detection probability of its
least intrusive verification level.
"""

from dataclasses import dataclass

from ..errors import ScenarioError
from .regime_map import RegimeMap, regime_map
from .results import Result
from .threshold import threshold


@dataclass(frozen=True)
class ScheduleMap(Result):
    """``map``: the verdict over the two parameters; ``thresholds``: for each parameter
    every point of its range where the verdict changes, the other at its baseline."""

    map: RegimeMap
    thresholds: tuple

    def to_dataframe(self):
        return self.map.to_dataframe()

    def plot(self, ax=None):
        return self.map.plot(ax)

    def explain(self):
        return " ".join([self.map.explain(), *(t.explain() for t in self.thresholds)])


def schedule_map(scenario, reversal=None, detection=None, n=9, xtol=1e-6, executor="auto",
                 progress=None):
    """How the Nash deal of ``scenario`` can be kept, over ``reversal`` × ``detection``
    (parameter names, or ``(name, low, high)``; defaults in the module docstring), on an
    ``n`` × ``n`` grid with boundaries and tipping points located to ``xtol``."""
    reversal = reversal or _parameter_of(scenario, ("schedule", "reversal"), "reversal risk")
    if detection is None:
        levels = (scenario.settings.get("verification") or {}).get("levels") or {}
        if not levels:
            raise ScenarioError(f"{scenario.name} has no verification section, so there is "
                                "no probability of detection to map; name a parameter")
        detection = _parameter_of(scenario, ("verification", "levels", next(iter(levels)),
                                             "detection"), "probability of detection")
    grid = regime_map(scenario, reversal, detection, output="schedule", n=n, xtol=xtol,
                      executor=executor, progress=progress)
    tipping = tuple(threshold(scenario, p if isinstance(p, str) else p[0],
                              bounds=None if isinstance(p, str) else p[1:], level=None,
                              output="schedule", scan=n, xtol=xtol, executor=executor)
                    for p in (reversal, detection))
    return ScheduleMap(map=grid, thresholds=tipping)


def _parameter_of(scenario, path, what):
    """The one parameter the formula at ``path`` is written in."""
    slot = scenario.slots.get(path)
    names = sorted(slot.symbols & set(scenario.parameters)) if slot else []
    if len(names) != 1:
        where = ".".join(path)
        raise ScenarioError(f"{scenario.name}: the {what} ({where}) is "
                            + ("not given" if slot is None else "not one parameter")
                            + "; name the parameter to map")
    return names[0]
