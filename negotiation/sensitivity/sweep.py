"""Sweeps: outputs over a grid of parameter values, as a tidy table; and equilibria of a
game tracked along a parameter, with the points where they appear, merge or vanish.

:func:`sweep` evaluates the grid (every combination of the values given) vectorised, in
chunks on ``executor``.  :func:`sweep_equilibria` solves the game exactly at each value
(``NormalFormGame.equilibria()``: all extreme equilibria), links each equilibrium to the
nearest one at the next value (an optimal assignment on the distance between strategy
profiles), and where equilibria vanish or appear locates each branch's end to ``xtol``,
reusing the branch's support from the neighbouring point: bisection on "the equilibrium
with this support still exists" (its indifference equations solved and the profile
verified at each step) rather than on a full enumeration; by bisection on the count where
the support does not bracket the end.  Equilibria that end at one point together (the
mixed equilibrium of a coordination game running into a pure one) are reported as a
merge (or, born together, a split).
"""

import itertools
from dataclasses import dataclass, field

import numpy as np

from ..errors import ParameterError
from .executors import chunk_slices, run
from .functions import as_target, evaluate_many
from .results import Result, axes, fmt, named

#: Probabilities above this make a profile's support.
SUPPORT_TOLERANCE = 1e-9


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
                out.append(f"{named(o)} runs from {fmt(col.min())} to {fmt(col.max())} over the "
                           f"sweep of {', '.join(self.parameters)} ({len(col):,} points).")
            else:
                changes = col.ne(col.shift()).sum() - 1
                out.append(f"{named(o)} takes {col.nunique()} values over the sweep of "
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


def sweep(target, values, outputs=None, parameters=None, chunk_size=None, executor="auto",
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
        if not np.all(np.isfinite(v)):
            raise ParameterError(f"the values of {name!r} include {v[~np.isfinite(v)][0]}; "
                                 "sweep values must be finite numbers")
        grids.append(v)
    if outputs is None:
        outputs = [t.default]
    outputs = [t.check_output(o) for o in ([outputs] if isinstance(outputs, str) else outputs)]
    mesh = [m.reshape(-1) for m in np.meshgrid(*grids, indexing="ij")]
    out = evaluate_many(t, dict(zip(names, mesh)), outputs, executor, progress, "sweep",
                        chunk_size)
    table = pd.DataFrame({**dict(zip(names, mesh)), **out})
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
        from ..display.plotstyle import GREY

        for e in self.events:
            ax.axvline(e["value"], color=GREY, ls=":")
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
    """Where between ``a`` and ``b`` equilibria vanish or appear.  In a two-player game,
    each branch's end is found on its own, by bisection on "the equilibrium with this
    branch's support exists" (the support's indifference equations solved and the
    profile verified at each step: no enumeration); where that does not bracket the end
    (more players, or a branch whose support changes on the way), by bisection on the
    equilibrium count (a degenerate value, with its own count, is where the change is)."""
    ends = {}
    for branch, profile, inside, outside in (
            [(i, prev[ids.index(i)], a, b) for i in lost] +
            [(new_ids[c], cur[c], b, a) for c in born]):
        ends[branch] = _support_end(game_at, profile, inside, outside, xtol, tolerance)
    if any(end is None for end in ends.values()):
        value = _count_change(game_at, a, b, len(prev), xtol)
        ends = {k: (value, None) for k in ends}
    events = []
    for kind, together, branches in (("vanish", "merge", list(lost)),
                                     ("appear", "split", [new_ids[c] for c in born])):
        while branches:  # group the branches that end at one value and one profile
            first = branches.pop(0)
            value, profile = ends[first]
            group = [first] + [i for i in branches if abs(ends[i][0] - value) <= 10 * xtol *
                               max(1.0, abs(value)) and _near(ends[i][1], profile, tolerance)]
            branches = [i for i in branches if i not in group]
            events.append({"value": value, "kind": together if len(group) > 1 else kind,
                           "branches": tuple(group), "bracket": (a, b)})
    return sorted(events, key=lambda e: e["value"])


def _near(p, q, tolerance):
    return p is None or q is None or np.abs(p - q).sum() < max(tolerance, 1e-3)


def _count_change(game_at, a, b, count, xtol):
    lo, hi = a, b
    while hi - lo > xtol * max(1.0, abs(lo), abs(hi)):
        mid = (lo + hi) / 2
        if len(_profiles(game_at, mid)) == count:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _support_end(game_at, profile, inside, outside, xtol, tolerance):
    """``(value, profile there)``: the end of the branch through ``profile`` at ``inside``
    that has gone at ``outside``, by bisection on its support; None if the support does
    not bracket it."""
    game = game_at(inside)
    if len(game.players) != 2:
        return None
    sizes = [len(a) for a in game.actions]
    support = (np.flatnonzero(profile[:sizes[0]] > SUPPORT_TOLERANCE),
               np.flatnonzero(profile[sizes[0]:] > SUPPORT_TOLERANCE))
    found = _with_support(game, support)
    if found is None or _with_support(game_at(outside), support) is not None:
        return None
    lo, hi = inside, outside
    while abs(hi - lo) > xtol * max(1.0, abs(lo), abs(hi)):
        mid = (lo + hi) / 2
        at = _with_support(game_at(mid), support)
        if at is not None:
            lo, found = mid, at
        else:
            hi = mid
    return (lo + hi) / 2, found


def _with_support(game, support):
    """The equilibrium of a two-player ``game`` with the given ``support`` (one index
    array per player), or None: the indifference equations (each player's mixture makes
    the other's support equally good) solved by least squares, then the profile verified
    — probabilities nonnegative, no better reply off the support — to a relative 1e-12."""
    A, B = (np.asarray(M, dtype=float) for M in game.matrices())
    tolerance = 1e-12 * max(1.0, np.abs(A).max(), np.abs(B).max())
    sx, sy = support
    y = _indifferent(A[np.ix_(sx, sy)], tolerance)
    x = _indifferent(B[np.ix_(sx, sy)].T, tolerance)
    if x is None or y is None:
        return None
    full = np.zeros(A.shape[0] + A.shape[1])
    full[sx], full[A.shape[0] + sy] = x, y
    x, y = full[:A.shape[0]], full[A.shape[0]:]
    if (A @ y).max() - x @ A @ y > tolerance or (x @ B).max() - x @ B @ y > tolerance:
        return None
    return full


def _indifferent(M, tolerance):
    """A probability vector ``s`` with ``M s`` constant, or None."""
    rows, cols = M.shape
    system = np.block([[M, -np.ones((rows, 1))], [np.ones((1, cols)), np.zeros((1, 1))]])
    rhs = np.zeros(rows + 1)
    rhs[-1] = 1
    solution, *_ = np.linalg.lstsq(system, rhs, rcond=None)
    s = solution[:cols]
    if np.abs(system @ solution - rhs).max() > tolerance or s.min() < -tolerance:
        return None
    return np.clip(s, 0, None)
