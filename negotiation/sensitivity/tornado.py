"""Tornado diagrams: one parameter at a time over its range, the swings ranked.

All ``2k + 1`` points (the baseline, and each parameter at its low and high end with the
others at the baseline) are evaluated in one vectorised call.
"""

from dataclasses import dataclass

import numpy as np

from .functions import as_target, evaluate_many
from .results import RowsResult, axes, difference, fmt, named


@dataclass(frozen=True)
class TornadoResult(RowsResult):
    """``rows``: one dict per parameter (``parameter, low, high, output_low, output_high,
    swing``), largest swing first; ``baseline``: the output at the baseline."""

    output: str
    baseline: float
    rows: tuple

    @property
    def order(self):
        return tuple(r["parameter"] for r in self.rows)

    @property
    def swings(self):
        return self.column("swing")

    def explain(self):
        top = self.rows[0] if self.rows else None
        if top is None:
            return "No parameters to swing."
        parts = "; ".join(f"{r['parameter']} {fmt(r['swing'])} ({fmt(r['output_low'])} at "
                          f"{fmt(r['low'])} to {fmt(r['output_high'])} at {fmt(r['high'])})"
                          for r in self.rows)
        return (f"{named(self.output)} is {fmt(self.baseline)} at the baseline. Moving one "
                f"parameter at a time over its range, the swings are, largest first: {parts}. "
                f"{top['parameter']} matters most.")

    def plot(self, ax=None):
        from ..display.plotstyle import HATCHES, INK, colour

        fig, ax = axes(ax, (6, 0.5 + 0.4 * max(1, len(self.rows))))
        names = [r["parameter"] for r in self.rows][::-1]
        ends = (("output_low", 0, HATCHES[0]), ("output_high", 4, HATCHES[1]))
        for k, r in enumerate(self.rows[::-1]):
            for key, c, hatch in ends:
                ax.barh(k, r[key] - self.baseline, left=self.baseline, color=colour(c),
                        hatch=hatch, edgecolor=INK, linewidth=0.5, height=0.7)
        ax.set_yticks(range(len(names)), names)
        ax.axvline(self.baseline, color=INK, lw=0.8)
        ax.grid(False, axis="y")
        ax.set_xlabel(f"{self.output} (baseline {fmt(self.baseline)}); plain blue: parameter "
                      "at the low end of its range, hatched orange: at the high end")
        return fig


def tornado(target, output=None, parameters=None, ranges=None, at=None, executor="auto",
            progress=None):
    """One-at-a-time swings of ``output`` over each parameter's range, ranked.

    ``ranges`` (``{name: (low, high)}``) narrows the analysis to those parameters and
    ranges; by default every parameter over its own range.  Ties keep the order of
    ``ranges`` (or the parameters').
    """
    t = as_target(target, parameters, at=at, ranges=None)
    output = t.check_output(output)
    names = list(ranges) if ranges else list(t.parameters)
    bounds = {}
    for name in names:
        spec = t.spec(name)
        bounds[name] = t.check_range(name, *(ranges[name] if ranges else (spec.low, spec.high)))
    base = t.baseline()
    k = len(names)
    values = {name: np.full(2 * k + 1, base[name], dtype=float) for name in names}
    for i, name in enumerate(names):
        values[name][1 + 2 * i], values[name][2 + 2 * i] = bounds[name]
    y = np.asarray(evaluate_many(t, values, [output], executor, progress, "tornado")[output],
                   dtype=float)
    rows = []
    for i, name in enumerate(names):
        lo, hi = y[1 + 2 * i], y[2 + 2 * i]
        rows.append({"parameter": name, "low": bounds[name][0], "high": bounds[name][1],
                     "output_low": float(lo), "output_high": float(hi),
                     "swing": abs(difference(hi, lo))})
    # undefined swings (an end of the range where the output is nan) rank last
    order = sorted(range(k), key=lambda i: (np.isnan(rows[i]["swing"]),
                                            -round(np.nan_to_num(rows[i]["swing"]), 12), i))
    return TornadoResult(output=output, baseline=float(y[0]),
                         rows=tuple(rows[i] for i in order))
