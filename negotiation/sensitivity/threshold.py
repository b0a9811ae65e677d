"""Tipping points: where an output crosses a level, or a discrete outcome changes.

The range is scanned (one vectorised evaluation of ``scan`` points) for sign changes of
``output − level`` (or changes of a discrete output), and each bracket is refined: by the
Illinois variant of regula falsi (:func:`bracketed_root`) for a numeric output, by
bisection for a discrete one.  Every crossing in the range is reported with its bracket
and the tolerance reached; a crossing between two scan points that cancel out (an even
number of crossings in one scan interval) is missed, so ``scan`` should be fine enough
for the output's wiggles.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import ParameterError
from .executors import positive_count
from .functions import as_target, evaluate, evaluate_many
from .results import Result, fmt, named, tolerance

#: Default number of scan points.
SCAN = 65


def bracketed_root(f, a, b, fa=None, fb=None, xtol=1e-12, maxiter=200):
    """A root of ``f`` between ``a`` and ``b``, where ``f`` changes sign: the Illinois
    variant of regula falsi (superlinear, and exact on a linear piece), which never leaves
    the bracket.  Piecewise-linear functions (the margins of the analysis) usually take a
    few steps."""
    fa = f(a) if fa is None else fa
    fb = f(b) if fb is None else fb
    if fa == 0:
        return float(a)
    if fb == 0:
        return float(b)
    if (fa > 0) == (fb > 0):
        raise ValueError("f does not change sign between a and b")
    side = 0
    for _ in range(maxiter):
        c = (a * fb - b * fa) / (fb - fa)
        if not a < c < b and not b < c < a:
            c = (a + b) / 2
        fc = f(c)
        if fc == 0 or abs(b - a) < xtol:
            return float(c)
        if (fc > 0) == (fb > 0):
            b, fb = c, fc
            if side == -1:
                fa /= 2
            side = -1
        else:
            a, fa = c, fc
            if side == 1:
                fb /= 2
            side = 1
        if abs(b - a) < xtol:
            break
    return float((a * fb - b * fa) / (fb - fa)) if fb != fa else float((a + b) / 2)


def bisect_change(f, a, b, fa, xtol=1e-12, maxiter=200):
    """The point in ``[a, b]`` where the discrete ``f`` stops equalling ``fa``: the final
    bracket ``(a, b)`` (``f(a) == fa != f(b)``)."""
    for _ in range(maxiter):
        if abs(b - a) <= xtol * max(1.0, abs(a), abs(b)):
            break
        c = (a + b) / 2
        if f(c) == fa:
            a = c
        else:
            b = c
    return a, b


def is_discrete(values):
    values = np.asarray(values)
    return values.dtype.kind in "OUSb"


@dataclass(frozen=True)
class ThresholdResult(Result):
    """Every crossing found: ``values`` (sorted), with ``brackets`` (the scan interval
    each was found in), ``directions`` (``"up"``/``"down"`` for a numeric output, or
    ``(before, after)`` for a discrete one) and the ``tolerance`` of each root."""

    parameter: str
    output: str
    level: object
    bounds: tuple
    values: tuple
    brackets: tuple
    directions: tuple
    tolerance: float
    method: str

    def to_dataframe(self):
        import pandas as pd

        return pd.DataFrame({"parameter": self.parameter, "output": self.output,
                             "value": list(self.values),
                             "bracket_low": [b[0] for b in self.brackets],
                             "bracket_high": [b[1] for b in self.brackets],
                             "direction": [str(d) for d in self.directions],
                             "tolerance": self.tolerance})

    def explain(self):
        lo, hi = self.bounds
        what = (f"{named(self.output)} crosses {fmt(self.level)}" if self.level is not None
                else f"{named(self.output)} changes")
        if not self.values:
            verb = f"cross {fmt(self.level)}" if self.level is not None else "change"
            return (f"Nowhere in [{fmt(lo)}, {fmt(hi)}] of {self.parameter} does "
                    f"{named(self.output)} {verb} (scan of the range, then {self.method}).")
        points = "; ".join(
            f"at {fmt(v, 10)} ({d if isinstance(d, str) else f'{d[0]} → {d[1]}'})"
            for v, d in zip(self.values, self.directions))
        return (f"As {self.parameter} runs over [{fmt(lo)}, {fmt(hi)}], {what} "
                f"{len(self.values)} time{'s' if len(self.values) > 1 else ''}: {points} "
                f"({self.method}, to within {tolerance(self.tolerance)}).")

    def plot(self, ax=None):
        from .results import axes

        fig, ax = axes(ax)
        from ..display.plotstyle import HIGHLIGHT

        for v in self.values:
            ax.axvline(v, color=HIGHLIGHT, ls="--")
        ax.set_xlim(*self.bounds)
        ax.set_xlabel(self.parameter)
        ax.set_title(f"Tipping points of {self.output}")
        return fig


def threshold(target, parameter, bounds=None, level=0.0, output=None, parameters=None,
              scan=SCAN, xtol=1e-12, at=None, executor="auto", progress=None):
    """Every point in ``bounds`` where ``output`` crosses ``level`` (or, with
    ``level=None`` or a discrete output, changes value), all else at the baseline.

    Parameters
    ----------
    target : Scenario or callable
        A scenario, or a function of keyword arrays (``parameters`` gives their ranges;
        for a function of one keyword array it may be omitted when ``bounds`` is given).
    parameter : str
        The parameter to move.
    bounds : (low, high), optional
        The range searched (default: the parameter's range).
    level : float or None
        The value the output crosses; ``None`` for a discrete change.
    scan, xtol
        Scan points that bracket the crossings, and the tolerance of each root.
    """
    if parameters is None and not hasattr(target, "parameters") and bounds is not None \
            and callable(target):
        parameters = {parameter: tuple(bounds)}
    t = as_target(target, parameters, at=at)
    output = t.check_output(output)
    spec = t.spec(parameter)
    lo, hi = t.check_range(parameter, *(bounds if bounds is not None else
                                        (spec.low, spec.high)))
    scan = positive_count("scan", scan)
    if scan < 2:
        raise ParameterError(f"scan is {scan}, but it must be at least 2")

    def f(x):
        return evaluate(t, {parameter: np.atleast_1d(np.asarray(x, dtype=float))}, output)

    xs = np.linspace(lo, hi, scan)
    ys = evaluate_many(t, {parameter: xs}, [output], executor, progress, "scan")[output]
    discrete = level is None or is_discrete(ys)
    values, brackets, directions = [], [], []
    if discrete:
        for k in range(scan - 1):
            if ys[k] != ys[k + 1]:
                a, b = bisect_change(lambda x: f(x)[0], xs[k], xs[k + 1], ys[k], xtol)
                values.append((a + b) / 2)
                brackets.append((float(xs[k]), float(xs[k + 1])))
                directions.append((_plain(ys[k]), _plain(ys[k + 1])))
        method = "bisection on the discrete output"
    else:
        level = float(level)
        g = np.asarray(ys, dtype=float) - level
        for k in range(scan - 1):
            if not (np.isfinite(g[k]) and np.isfinite(g[k + 1])):
                continue
            if g[k] == 0 and k > 0:
                continue  # counted as the right end of the previous interval
            if (g[k] > 0) != (g[k + 1] > 0) or g[k] == 0:
                if g[k] == 0:
                    root = float(xs[k])
                else:
                    root = bracketed_root(lambda x: float(f(x)[0]) - level, xs[k], xs[k + 1],
                                          g[k], g[k + 1], xtol=xtol)
                values.append(root)
                brackets.append((float(xs[k]), float(xs[k + 1])))
                directions.append("up" if g[k + 1] > g[k] else "down")
        method = "Illinois regula falsi in each bracket"
    return ThresholdResult(parameter=parameter, output=output,
                           level=None if discrete else level, bounds=(lo, hi),
                           values=tuple(values), brackets=tuple(brackets),
                           directions=tuple(directions), tolerance=xtol, method=method)


def _plain(value):
    return value.item() if hasattr(value, "item") else value
