"""Judgement calls: what each unsourced parameter that may decide the answer does.

A scenario names its decisive judgement calls in ``roles.judgements`` (values without a
source: Russia's leverage, the share of its aid a deal would stop, the bite of partial
relief, the cost of de facto recognition, the risk of a US reversal).  For each, the whole
analysis is run with the parameter at each end of its plausible range, all else at the
scenario's values, and the headline answers are compared with the baseline's: the regime,
whether the symmetric Nash deal includes recognition, the patron's subgame-perfect backing
level, the probability of no deal under private resolve, and whether the predicted deal is
self-enforcing.  One parameter at a time, like a tornado, but over the answers a reader
acts on rather than one number (Saltelli et al. 2008, ch. 1, on one-at-a-time screening).
"""

from dataclasses import dataclass
from fractions import Fraction

from ..errors import ScenarioError
from .results import RowsResult, axes, fmt

#: The headline answers compared, with how each is read.
ANSWERS = {
    "regime": "the regime",
    "recognition": "recognition in the Nash deal",
    "backing": "the patron's backing level",
    "no_deal_probability": "the probability of no deal under private resolve",
    "self_enforcing": "whether the deal is self-enforcing",
}


@dataclass(frozen=True)
class JudgementCalls(RowsResult):
    """``baseline``: the answers at the scenario's values; ``rows``: one dict per judgement
    (``parameter, value, low, high, at_low, at_high, decides``), where ``decides`` lists the
    answers that differ from the baseline at either end."""

    scenario: str
    baseline: dict
    rows: tuple

    def to_dataframe(self):
        """One row per judgement: its range, then each answer at the low and the high end."""
        import pandas as pd

        return pd.DataFrame([{"parameter": r["parameter"], "value": r["value"],
                              "low": r["low"], "high": r["high"],
                              **{f"{k} at low": r["at_low"][k] for k in ANSWERS},
                              **{f"{k} at high": r["at_high"][k] for k in ANSWERS},
                              "decides": ", ".join(r["decides"])} for r in self.rows])

    def explain(self):
        if not self.rows:
            return f"{self.scenario} names no judgement calls (roles.judgements)."
        parts = []
        for r in self.rows:
            if not r["decides"]:
                parts.append(f"{r['parameter']} (now {fmt(r['value'])}) changes none of the "
                             f"answers between {fmt(r['low'])} and {fmt(r['high'])}")
                continue
            changes = "; ".join(
                f"{ANSWERS[k]} {_show(self.baseline[k])} becomes "
                + " and ".join(f"{_show(r[end][k])} at {fmt(r[side])}"
                               for end, side in (("at_low", "low"), ("at_high", "high"))
                               if r[end][k] != self.baseline[k])
                for k in r["decides"])
            parts.append(f"{r['parameter']} (now {fmt(r['value'])}): {changes}")
        return "Judgement calls, one at a time over the plausible range: " + ". ".join(parts) + "."

    def plot(self, ax=None):
        from ..display.plotstyle import INK, colour

        fig, ax = axes(ax, (6, 0.6 + 0.45 * max(1, len(self.rows))))
        regimes = sorted({r[end]["regime"] for r in self.rows for end in ("at_low", "at_high")}
                         | {self.baseline["regime"]})
        for k, r in enumerate(self.rows):
            ax.plot([0, 1], [k, k], color=INK, lw=0.8)
            for x, end in ((0, "at_low"), (1, "at_high")):
                regime = r[end]["regime"]
                ax.scatter([x], [k], s=60, color=colour(regimes.index(regime)), zorder=3,
                           label=regime)
        handles, labels = ax.get_legend_handles_labels()
        unique = dict(zip(labels, handles))
        ax.legend(unique.values(), unique.keys(), fontsize=7, loc="upper center",
                  bbox_to_anchor=(0.5, -0.15), ncol=2)
        ax.set_yticks(range(len(self.rows)), [r["parameter"] for r in self.rows])
        ax.set_xticks([0, 1], ["low end of range", "high end of range"])
        ax.set_xlim(-0.3, 1.3)
        ax.set_title(f"Regime at each end (baseline: {self.baseline['regime']})", fontsize=9)
        return fig


def judgement_calls(scenario, parameters=None):
    """What each judgement call does to the headline answers (:class:`JudgementCalls`).

    Parameters
    ----------
    scenario : Scenario
    parameters : sequence of str, optional
        The parameters to swing (default: the scenario's ``roles.judgements``).
    """
    names = list(parameters if parameters is not None else
                 scenario.settings.get("judgements") or ())
    unknown = [n for n in names if n not in scenario.parameters]
    if unknown:
        raise ScenarioError(f"{', '.join(map(repr, unknown))} is not a parameter of "
                            f"{scenario.name}; its parameters are listed by "
                            "scenario.parameters")
    baseline = answers(scenario)
    rows = []
    for name in names:
        low, high = (Fraction(v) for v in scenario.parameters[name].range)
        at_low = answers(scenario.with_values({name: low}))
        at_high = answers(scenario.with_values({name: high}))
        decides = [k for k in ANSWERS if at_low[k] != baseline[k] or at_high[k] != baseline[k]]
        rows.append({"parameter": name, "value": float(scenario.values[name]),
                     "low": float(low), "high": float(high), "at_low": at_low,
                     "at_high": at_high, "decides": decides})
    return JudgementCalls(scenario=scenario.name, baseline=baseline, rows=tuple(rows))


def answers(scenario):
    """The headline answers of ``scenario``'s analysis (see :data:`ANSWERS`)."""
    a = scenario.analyze(compare=False)
    nash = a.agreements["nash"]
    return {
        "regime": a.regime,
        "recognition": None if nash.empty else float(nash.recognition),
        "backing": a.backing["level"] if a.backing else None,
        "no_deal_probability": round(a.uncertainty["no_deal_probability"], 12)
        if a.uncertainty else None,
        "self_enforcing": bool(a.self_enforcement["self_enforcing"])
        if a.self_enforcement and a.self_enforcement.get("deal") else None,
    }


def _show(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    return f"'{value}'" if isinstance(value, str) else fmt(value)
