"""Sweeps: outputs over a grid of parameter values, as a tidy table; and equilibria of a
game tracked along a parameter, with the points where they appear, merge or vanish.

:func:`sweep` evaluates the grid (every combination of the values given) vectorised, in
chunks on ``executor``.  :func:`sweep_equilibria` solves the game exactly at each value
(``NormalFormGame.equilibria()``: all extreme equilibria), links each equilibrium to the
nearest one at the next value (an optimal assignment on the distance between strategy
profiles), and where the number of equilibria changes locates the value by bisection on
the equilibrium count, to ``xtol``; equilibria that disappear at one point together (the
mixed equilibrium of a coordination game running into a pure one) are reported as a
merge.
"""

import itertools
from dataclasses import dataclass, field

import numpy as np

from ..errors import ParameterError
from .executors import CHUNK, chunk_slices, run
from .functions import as_target
from .results import Result, axes, fmt


@dataclass(frozen=True)
class SweepResult(Result):
    """``table``: a pandas DataFrame, one row per point, a column per parameter and output."""

    parameters: tuple
    outputs: tuple
    table: object = field(repr=False)

    def to_dataframe(self):
        return self.table.copy()

    def explain(self):
        out = []
        for o in self.outputs:
            col = self.table[o]
            if col.dtype.kind in "fiu":
                out.append(f"{o} runs from {fmt(col.min())} to {fmt(col.max())} over the sweep "
                           f"of {', '.join(self.parameters)} ({len(col):,} points).")
            else:
                changes = col.ne(col.shift()).sum() - 1
                out.append(f"{o} takes {col.nunique()} values over the sweep of "
                           f"{', '.join(self.parameters)} ({changes} changes along it).")
        return " ".join(out)

    def plot(self, output=None, ax=None):
        fig, ax = axes(ax)
        output = output or self.outputs[0]
        x = self.parameters[0]
        if len(self.parameters) == 1:
            ax.plot(self.table[x], self.table[output])
        else:
            for value, group in self.table.groupby(self.parameters[1]):
                ax.plot(group[x], group[output], label=f"{self.parameters[1]}={fmt(value)}")
            ax.legend(fontsize="small")
        ax.set_xlabel(x)
        ax.set_ylabel(output)
        return fig


def _evaluate(target, outputs, block):
    if hasattr(target, "scenario"):
        return target(block, outputs)
    out = target(block)
    return {o: out[o] for o in outputs}


def sweep(target, values, outputs=None, parameters=None, chunk_size=CHUNK, executor=None,
          progress=None):
    """Outputs at every combination of ``values`` (``{parameter: sequence}``), others at
    the baseline: a :class:`SweepResult` (``.to_dataframe()`` is tidy: a row per point)."""
    import pandas as pd

    t = as_target(target, parameters)
    if not values:
        raise ParameterError("give the values to sweep as {parameter: [values, ...]}")
    names = list(values)
    grids = []
    for name in names:
        t.spec(name)
        v = np.atleast_1d(np.asarray(values[name], dtype=float))
        if v.size == 0:
            raise ParameterError(f"no values given for {name!r}")
        grids.append(v)
    if outputs is None:
        outputs = [t.default]
    outputs = [t.check_output(o) for o in ([outputs] if isinstance(outputs, str) else outputs)]
    mesh = [m.reshape(-1) for m in np.meshgrid(*grids, indexing="ij")]
    n = len(mesh[0])
    tasks = [(t, outputs, {k: m[a:b] for k, m in zip(names, mesh)})
             for a, b in chunk_slices(n, chunk_size)]
    parts = run(_evaluate, tasks, executor, progress, "sweep")
    table = pd.DataFrame({**dict(zip(names, mesh)),
                          **{o: np.concatenate([np.asarray(p[o]) for p in parts])
                             for o in outputs}})
    return SweepResult(parameters=tuple(names), outputs=tuple(outputs), table=table)


# ================================================================= equilibria along a path

@dataclass(frozen=True)
class EquilibriumPath(Result):
    """Equilibria along a parameter: ``points`` (value, branch id, profile as a flat
    tuple of probabilities), ``events`` (dicts ``value, kind, branches, bracket``; kind is
    ``"appear"``, ``"vanish"``, ``"merge"`` (branches that meet and vanish together) or
    ``"split"`` (born together))."""

    parameter: str
    values: tuple
    points: tuple
    events: tuple
    xtol: float

    def to_dataframe(self):
        import pandas as pd

        return pd.DataFrame([{"parameter": self.parameter, "value": v, "branch": b,
                              "profile": p} for v, b, p in self.points])

    def counts(self):
        out = {}
        for v, _, _ in self.points:
            out[v] = out.get(v, 0) + 1
        return [out.get(v, 0) for v in self.values]

    def explain(self):
        if not self.events:
            return (f"Along {self.parameter} from {fmt(self.values[0])} to "
                    f"{fmt(self.values[-1])}, the equilibria persist without change in number.")
        words = {"appear": "appears", "vanish": "vanishes", "merge": "merge and vanish",
                 "split": "are born together"}
        parts = [f"at {self.parameter} = {fmt(e['value'], 10)}, equilibri"
                 f"{'um' if len(e['branches']) == 1 else 'a'} "
                 f"{', '.join(str(b) for b in e['branches'])} {words[e['kind']]}"
                 for e in self.events]
        return f"Along {self.parameter}: " + "; ".join(parts) + "."

    def plot(self, ax=None, coordinate=0):
        fig, ax = axes(ax)
        branches = {}
        for v, b, p in self.points:
            branches.setdefault(b, []).append((v, p[coordinate]))
        for b, pts in branches.items():
            pts = np.array(pts)
            ax.plot(pts[:, 0], pts[:, 1], ".-", label=f"equilibrium {b}")
        for e in self.events:
            ax.axvline(e["value"], color="grey", ls=":")
        ax.set_xlabel(self.parameter)
        ax.set_ylabel(f"probability of strategy {coordinate}")
        ax.legend(fontsize="small")
        return fig


def _profiles(game_at, x):
    result = game_at(x).equilibria()
    return [np.concatenate([np.asarray([float(p) for p in s]) for s in eq.strategies])
            for eq in result]


def _solve_all(game_at, xs):
    return [_profiles(game_at, x) for x in xs]


def sweep_equilibria(game_at, parameter, values, xtol=1e-10, tolerance=1e-6, executor=None,
                     progress=None):
    """Track the equilibria of ``game_at(value)`` (a :class:`NormalFormGame`) along
    ``values`` of ``parameter``; see the module docstring."""
    from scipy.optimize import linear_sum_assignment

    xs = [float(v) for v in values]
    if len(xs) < 2:
        raise ParameterError("give at least two values to sweep the equilibria along")
    if any(b <= a for a, b in itertools.pairwise(xs)):
        raise ParameterError("the values must increase")
    blocks = chunk_slices(len(xs), max(1, len(xs) // 8))
    solved = list(itertools.chain.from_iterable(
        run(_solve_all, [(game_at, xs[a:b]) for a, b in blocks], executor, progress,
            "equilibria")))
    points, events = [], []
    ids = list(range(len(solved[0])))
    next_id = len(ids)
    for eq_id, p in zip(ids, solved[0]):
        points.append((xs[0], eq_id, tuple(p)))
    for k in range(1, len(xs)):
        prev, cur = solved[k - 1], solved[k]
        new_ids = [None] * len(cur)
        if prev and cur:
            cost = np.array([[np.abs(p - q).sum() for q in cur] for p in prev])
            rows, cols = linear_sum_assignment(cost)
            for r, c in zip(rows, cols):
                new_ids[c] = ids[r]
            lost = [ids[r] for r in range(len(prev)) if r not in set(rows)]
        else:
            lost = list(ids)
        born = [c for c in range(len(cur)) if new_ids[c] is None]
        for c in born:
            new_ids[c] = next_id
            next_id += 1
        if len(prev) != len(cur) or lost or born:
            events.extend(_locate(game_at, xs[k - 1], xs[k], prev, cur, ids, new_ids, lost,
                                  born, xtol, tolerance))
        ids = new_ids
        for eq_id, p in zip(ids, cur):
            points.append((xs[k], eq_id, tuple(p)))
    return EquilibriumPath(parameter=parameter, values=tuple(xs), points=tuple(points),
                           events=tuple(events), xtol=xtol)


def _locate(game_at, a, b, prev, cur, ids, new_ids, lost, born, xtol, tolerance):
    """Where between ``a`` and ``b`` the equilibrium count changes: bisection on "has the
    count of ``a``" (a degenerate value, with its own count, is where the change is)."""
    count = len(prev)
    lo, hi = a, b
    while hi - lo > xtol * max(1.0, abs(lo), abs(hi)):
        mid = (lo + hi) / 2
        if len(_profiles(game_at, mid)) == count:
            lo = mid
        else:
            hi = mid
    value = (lo + hi) / 2
    events = []
    if lost:
        near = _profiles(game_at, lo)
        ends = [near[int(np.argmin([np.abs(q - prev[ids.index(i)]).sum() for q in near]))]
                for i in lost if near]
        together = len(lost) >= 2 and ends and max(
            np.abs(p - q).sum() for p in ends for q in ends) < max(tolerance, 1e-3)
        events.append({"value": value, "kind": "merge" if together else "vanish",
                       "branches": tuple(lost), "bracket": (a, b)})
    if born:
        far = _profiles(game_at, hi)
        ends = [far[int(np.argmin([np.abs(q - cur[c]).sum() for q in far]))]
                for c in born if far]
        together = len(born) >= 2 and ends and max(
            np.abs(p - q).sum() for p in ends for q in ends) < max(tolerance, 1e-3)
        events.append({"value": value, "kind": "split" if together else "appear",
                       "branches": tuple(new_ids[c] for c in born), "bracket": (a, b)})
    return events
