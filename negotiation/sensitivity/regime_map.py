"""Regime maps: which outcome holds where over two parameters, with the boundaries found
by root finding.

The grid is evaluated in one vectorised pass (chunked by rows on ``executor``).  Then,
on every grid line where two neighbouring cells differ, the boundary is located by
bisection of the discrete outcome along that line (all such lines at once, vectorised)
to ``xtol`` — so a 50×50 map carries the boundary of a far finer one.  For a numeric
output, ``level`` makes the outcome "above / below level" and the boundary is its
crossing.
"""

from dataclasses import dataclass, field

import numpy as np

from ..errors import ParameterError
from .executors import CHUNK, chunk_slices, positive_count, run
from .functions import as_target, evaluate
from .results import Result, axes, fmt, named, tolerance
from .threshold import is_discrete


@dataclass(frozen=True)
class RegimeMap(Result):
    """``grid``: the outcome at each cell (rows: ``y`` values, columns: ``x`` values);
    ``boundary``: points ``(x, y, before, after)`` on the boundaries, each located to
    ``xtol`` along a grid line (``along`` says which parameter was moved)."""

    x: str
    y: str
    xs: np.ndarray
    ys: np.ndarray
    grid: np.ndarray
    output: str
    boundary: tuple = field(repr=False, default=())
    xtol: float = 1e-12

    @property
    def regimes(self):
        return tuple(sorted(set(self.grid.reshape(-1).tolist()), key=str))

    def shares(self):
        labels, counts = np.unique(self.grid.astype(str), return_counts=True)
        return dict(zip(labels.tolist(), (counts / self.grid.size).tolist()))

    def boundary_frame(self):
        import pandas as pd

        return pd.DataFrame(list(self.boundary),
                            columns=[self.x, self.y, "before", "after", "along"])

    def to_dataframe(self):
        import pandas as pd

        X, Y = np.meshgrid(self.xs, self.ys)
        return pd.DataFrame({self.x: X.reshape(-1), self.y: Y.reshape(-1),
                             self.output: self.grid.reshape(-1)})

    def explain(self):
        parts = ", ".join(f"{k} {v:.0%}" for k, v in sorted(self.shares().items(),
                                                             key=lambda kv: -kv[1]))
        return (f"Over {self.x} in [{fmt(self.xs[0])}, {fmt(self.xs[-1])}] and {self.y} in "
                f"[{fmt(self.ys[0])}, {fmt(self.ys[-1])}] ({len(self.xs)}×{len(self.ys)} grid), "
                f"{named(self.output)} is: {parts} of the area. {len(self.boundary):,} boundary "
                f"points were located by bisection to within {tolerance(self.xtol)}.")

    def plot(self, ax=None):
        from matplotlib.patches import Patch

        from ..display.plotstyle import INK, regime_style

        own = ax is None
        fig, ax = axes(ax, (7.5, 5))
        labels = list(self.regimes)
        codes = np.vectorize(lambda v: labels.index(v))(self.grid) if labels else self.grid
        dx = (self.xs[1] - self.xs[0]) / 2 if len(self.xs) > 1 else 0.5
        dy = (self.ys[1] - self.ys[0]) / 2 if len(self.ys) > 1 else 0.5
        edges_x = np.concatenate([self.xs - dx, [self.xs[-1] + dx]])
        edges_y = np.concatenate([self.ys - dy, [self.ys[-1] + dy]])
        from matplotlib.colors import ListedColormap, to_rgba

        styles = [regime_style(label, i) for i, label in enumerate(labels)]
        colours = [to_rgba(c, 0.6) for c, _ in styles] or [to_rgba("white")]
        ax.pcolormesh(edges_x, edges_y, codes, cmap=ListedColormap(colours), vmin=-0.5,
                      vmax=len(colours) - 0.5, shading="flat", antialiased=False,
                      edgecolors="face", linewidth=0)
        handles = []
        for i, label in enumerate(labels):  # each regime: its colour and its hatch
            c, hatch = styles[i]
            if hatch and len(self.xs) > 1 and len(self.ys) > 1 and (codes == i).any():
                ax.contourf(self.xs, self.ys, (codes == i).astype(float), levels=[0.5, 1.5],
                            colors="none", hatches=[hatch])
            handles.append(Patch(facecolor=to_rgba(c, 0.6), hatch=hatch, edgecolor=INK,
                                 linewidth=0.4, label=str(label)))
        if self.boundary:
            b = np.array([(p[0], p[1]) for p in self.boundary], dtype=float)
            ax.plot(b[:, 0], b[:, 1], ".", color=INK, ms=1.5, ls="none")
        ax.set_xlim(edges_x[0], edges_x[-1])
        ax.set_ylim(edges_y[0], edges_y[-1])
        ax.grid(False)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        ax.set_xlabel(self.x)
        ax.set_ylabel(self.y)
        ax.set_title(self.output)
        if own:  # room for the legend on the right, whatever savefig's bbox
            fig.subplots_adjust(left=0.1, right=0.7)
        return fig


def _rows(target, x, y, output, xs, ys, level):
    X, Y = np.meshgrid(xs, ys)
    values = evaluate(target, {x: X.reshape(-1), y: Y.reshape(-1)}, output)
    return _label(values, level).reshape(len(ys), len(xs))


def _label(values, level):
    values = np.asarray(values)
    if level is not None:
        return np.where(values.astype(float) >= level, "above", "below")
    if not is_discrete(values):
        raise ParameterError("a regime map needs a discrete output (such as 'regime'), or "
                             "level= to split a numeric one")
    return values


def regime_map(target, x, y, output=None, n=50, level=None, parameters=None, refine=True,
               xtol=1e-12, executor="auto", progress=None, ranges=None):
    """The outcome over a grid of two parameters, with root-found boundaries.

    ``x`` and ``y`` are parameter names, or ``(name, low, high)``; ``n`` is the number of
    grid points per axis (or ``(nx, ny)``).
    """
    t = as_target(target, parameters, ranges=ranges)
    if output is None:
        output = "regime" if hasattr(t, "scenario") else t.default
    output = t.check_output(output)
    (xn, xlo, xhi), (yn, ylo, yhi) = (_axis(t, a) for a in (x, y))
    if xn == yn:
        raise ParameterError(f"the map needs two different parameters, not {xn!r} twice")
    nx, ny = (n, n) if np.ndim(n) == 0 else n
    nx, ny = positive_count("n", nx), positive_count("n", ny)
    xs, ys = np.linspace(xlo, xhi, nx), np.linspace(ylo, yhi, ny)
    blocks = chunk_slices(ny, max(1, CHUNK // nx))  # rows: chunks for the workers
    parts = run(_rows, [(t, xn, yn, output, xs, ys[a:b], level) for a, b in blocks],
                executor, progress, "regime map", points=nx * ny)
    grid = np.concatenate(parts, axis=0)
    boundary = _boundary(t, xn, yn, output, xs, ys, grid, level, xtol) if refine else ()
    return RegimeMap(x=xn, y=yn, xs=xs, ys=ys, grid=grid, output=output,
                     boundary=boundary, xtol=xtol)


def _axis(t, spec):
    if isinstance(spec, str):
        p = t.spec(spec)
        return spec, p.low, p.high
    name, low, high = spec
    return (name, *t.check_range(name, low, high))


def _boundary(t, xn, yn, output, xs, ys, grid, level, xtol):
    points = []
    for along in (xn, yn):
        if along == xn:  # neighbours along x, in each row
            i, j = np.nonzero(grid[:, :-1] != grid[:, 1:])
            a, b, fixed = xs[j], xs[j + 1], ys[i]
            before, after = grid[i, j], grid[i, j + 1]
        else:
            i, j = np.nonzero(grid[:-1, :] != grid[1:, :])
            a, b, fixed = ys[i], ys[i + 1], xs[j]
            before, after = grid[i, j], grid[i + 1, j]
        if len(a) == 0:
            continue
        a, b = a.astype(float).copy(), b.astype(float).copy()
        other = yn if along == xn else xn
        for _ in range(200):  # bisection, every line at once
            if np.all(np.abs(b - a) <= xtol * np.maximum(1, np.abs(a))):
                break
            c = (a + b) / 2
            value = _label(evaluate(t, {along: c, other: fixed}, output), level)
            same = value == before
            a = np.where(same, c, a)
            b = np.where(same, b, c)
        c = (a + b) / 2
        for k in range(len(c)):
            xy = (float(c[k]), float(fixed[k])) if along == xn else (float(fixed[k]),
                                                                     float(c[k]))
            points.append((*xy, _plain(before[k]), _plain(after[k]), along))
    return tuple(points)


def _plain(v):
    return v.item() if hasattr(v, "item") else v
