r"""Multi-issue bargaining over concession packages.

Each side concedes on issues with ordered levels (US: sanctions relief, recognition of
nuclear status, alliance posture, a security guarantee; DPRK: a test moratorium, a
freeze, a cap, dismantling Yongbyon, full denuclearisation).  A *package* fixes a level
of every issue; the package space is the product of the issues' levels.  Utilities are
additive over issues, with optional interaction terms between pairs of issues:

.. math:: u_i(x) = \sum_k v_{ik}(x_k) + \sum_{k < l} w_{ikl}(x_k, x_l).

A side's *walk-away value* :math:`a_i = \max(d_i, w_i)` is the better of its no-deal
(impasse) payoff :math:`d_i` and its outside option :math:`w_i`.  By the outside-option
principle (Binmore, Shaked & Sutton 1989) the option is a constraint on what a side
accepts, not a new disagreement point: a package is individually rational when each side
gets more than its walk-away value (at least, when not ``strict``), and every solution
concept measures gains from :math:`d` but chooses only among individually rational
packages (or, with lotteries, points of the hull with :math:`u \ge a`).  The Pareto
frontier of the package space is found by one sort and a sweep, :math:`O(n \log n)`
(Kung, Luccio & Preparata 1975).  Without lotteries a solution concept picks the
package(s) maximising its criterion among the individually rational ones — every tie is
reported; with lotteries the
feasible set is the convex hull of the packages and the solution may mix two
adjacent frontier packages.

References
----------
Raiffa, H. (1982). *The Art and Science of Negotiation*, Harvard UP, ch. 10–11
(additive scoring of multi-issue packages).

Kung, H. T., Luccio, F. & Preparata, F. P. (1975). On finding the maxima of a set of
vectors. *J. ACM* 22(4), 469–476.
"""

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._checks import number
from ..errors import ParameterError, SolverError

#: Relative tolerance under which two float criteria are compared again exactly.
_NEAR = 1e-9

NAMES = {"nash": "Nash", "egalitarian": "egalitarian", "kalai_smorodinsky": "Kalai–Smorodinsky",
         "utilitarian": "utilitarian"}
CRITERIA = tuple(NAMES)


@dataclass(frozen=True)
class Issue:
    """A concession issue: who concedes it and its levels, from no concession upward."""

    name: str
    side: str
    levels: tuple

    def __post_init__(self):
        if len(self.levels) < 2:
            raise ParameterError(
                f"issue {self.name!r} has levels {list(self.levels)}, but it needs at least two "
                "(no concession and some concession)")


@dataclass(frozen=True)
class PackageChoice:
    """What one solution concept selects from a package space.

    ``packages`` holds every maximiser (more than one when there is a tie); with lotteries
    it holds the one or two frontier packages mixed, with ``weights`` their probabilities.
    """

    method: str
    packages: tuple
    point: tuple
    weights: tuple
    empty: bool
    players: tuple

    def includes(self, issue, level=None):
        """Probability that ``issue`` is conceded (at ``level`` if given) in the selection.

        For a tie among packages this is the share of tied packages that include it; 1 or 0
        says the answer does not depend on which tied package is picked.
        """
        if self.empty:
            return Fraction(0)
        hits = [(levels[issue] != levels_none) if level is None else levels[issue] == level
                for levels, levels_none in ((p, p.none[issue]) for p in self.packages)]
        weights = self.weights or (Fraction(1, len(hits)),) * len(hits)
        return sum((w for w, hit in zip(weights, hits) if hit), Fraction(0))

    def explain(self):
        if self.empty:
            return (f"No package gives both {self.players[0]} and {self.players[1]} more than "
                    "no deal, so there is no agreement to predict.")
        name = NAMES[self.method]
        package = self.packages[0].describe()
        if len(self.packages) == 1:
            return f"The {name} solution selects the package: {package}."
        if self.weights:
            return (f"The {name} solution mixes two packages with probabilities "
                    f"{', '.join(str(w) for w in self.weights)}: "
                    + " / ".join(p.describe() for p in self.packages) + ".")
        return (f"The {name} criterion is maximised by {len(self.packages)} packages equally, "
                f"for example: {package}.")

    def _repr_html_(self):
        from ..display import package_html

        return package_html(self)

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("method", "point", "weights", "empty"))


class Package(dict):
    """A package as ``{issue name: level label}``, knowing each issue's "no concession" level."""

    def __init__(self, levels, none):
        super().__init__(levels)
        self.none = none

    def describe(self):
        conceded = [f"{issue}: {level}" for issue, level in self.items()
                    if level != self.none[issue]]
        return "; ".join(conceded) if conceded else "no concessions"


class PackageSpace:
    """All packages of a set of concession issues, with each side's utility over them.

    Parameters
    ----------
    issues : sequence of Issue
    values : dict
        ``values[player][issue name]`` is the sequence of that player's utility at each level
        of the issue (additive part).
    disagreement : (d1, d2)
        Each player's no-deal payoff.
    interactions : dict, optional
        ``interactions[player][(issue a, issue b)]`` is a matrix of extra utility for each
        pair of levels.
    players : (str, str)
    walk_away : (a1, a2), optional
        Each player's walk-away value (at least its no-deal payoff); default: the no-deal
        payoffs.  Only packages above it are individually rational.
    """

    def __init__(self, issues, values, disagreement, interactions=None, players=("US", "DPRK"),
                 walk_away=None):
        self.issues = tuple(issues)
        self.players = tuple(players)
        names = [issue.name for issue in self.issues]
        if len(set(names)) != len(names):
            raise ParameterError(f"issue names must be distinct, not {names}")
        self._index = {name: k for k, name in enumerate(names)}
        self.disagreement = tuple(number(f"disagreement[{i}]", d)
                                  for i, d in enumerate(disagreement))
        self.walk_away = self.disagreement if walk_away is None else tuple(
            number(f"walk_away[{i}]", a) for i, a in enumerate(walk_away))
        for i, (a, d) in enumerate(zip(self.walk_away, self.disagreement)):
            if a < d:
                raise ParameterError(f"walk_away[{i}] is {a}, below the no-deal payoff {d}; a "
                                     "side can always walk away to no deal")
        self._values = [self._additive(player, values) for player in self.players]
        self._interactions = [self._pairs(player, interactions or {}) for player in self.players]
        self.exact = all(isinstance(v, Fraction) for table in self._values for row in table
                         for v in row) and all(isinstance(d, Fraction)
                                               for d in self.disagreement + self.walk_away)
        self.size = int(np.prod([len(issue.levels) for issue in self.issues]))
        self._cache = {}  # levels, utilities and hull: computed once, read-only

    # ----------------------------------------------------------- construction
    def _additive(self, player, values):
        if player not in values:
            raise ParameterError(f"values has no entry for {player!r}; give one per player")
        table = []
        for issue in self.issues:
            row = values[player].get(issue.name, [0] * len(issue.levels))
            if len(row) != len(issue.levels):
                raise ParameterError(
                    f"values[{player!r}][{issue.name!r}] has {len(row)} entries but the issue has "
                    f"{len(issue.levels)} levels")
            table.append([number(f"values[{player!r}][{issue.name!r}]", v) for v in row])
        unknown = set(values[player]) - set(self._index)
        if unknown:
            raise ParameterError(f"values[{player!r}] names unknown issues {sorted(unknown)}")
        return table

    def _pairs(self, player, interactions):
        out = []
        for (a, b), matrix in interactions.get(player, {}).items():
            for name in (a, b):
                if name not in self._index:
                    raise ParameterError(f"interactions[{player!r}] names unknown issue {name!r}")
            M = np.asarray(matrix, dtype=object)
            shape = tuple(len(self.issues[self._index[name]].levels) for name in (a, b))
            if M.shape != shape:
                raise ParameterError(
                    f"interactions[{player!r}][({a!r}, {b!r})] has shape {M.shape}, but the "
                    f"issues' levels make it {shape}")
            out.append((self._index[a], self._index[b], M))
        return out

    # ----------------------------------------------------------- the space
    def _cached(self, key, compute):
        if key not in self._cache:
            value = compute()
            for array in value if isinstance(value, tuple) else (value,):
                if isinstance(array, np.ndarray):
                    array.flags.writeable = False
            self._cache[key] = value
        return self._cache[key]

    def levels(self):
        """Every package as an integer array of level indices, shape ``(size, n_issues)``
        (read-only)."""
        def compute():
            grids = np.meshgrid(*[np.arange(len(i.levels), dtype=np.int16)
                                  for i in self.issues], indexing="ij")
            return np.stack([g.reshape(-1) for g in grids], axis=1)

        return self._cached("levels", compute)

    def utilities(self, levels=None):
        """Float utilities ``(u1, u2)`` of the packages given by level indices (default: all,
        read-only)."""
        if levels is None:
            return self._cached("utilities", lambda: self._utilities(self.levels()))
        return self._utilities(np.asarray(levels))

    def _utilities(self, levels):
        out = []
        for values, pairs in zip(self._values, self._interactions):
            u = np.zeros(len(levels))
            for k, row in enumerate(values):
                u += np.asarray([float(v) for v in row])[levels[:, k]]
            for a, b, M in pairs:
                u += M.astype(float)[levels[:, a], levels[:, b]]
            out.append(u)
        return out[0], out[1]

    def exact_utilities(self, level_row):
        """Exact utilities of one package (Fractions when every input is exact)."""
        out = []
        for values, pairs in zip(self._values, self._interactions):
            u = sum((values[k][level] for k, level in enumerate(level_row)), Fraction(0))
            u += sum((M[level_row[a], level_row[b]] for a, b, M in pairs), Fraction(0))
            out.append(u if self.exact else float(u))
        return tuple(out)

    def package(self, level_row):
        """The package at ``level_row`` as ``{issue: level label}``."""
        return Package({i.name: i.levels[int(k)] for i, k in zip(self.issues, level_row)},
                       {i.name: i.levels[0] for i in self.issues})

    def individually_rational(self, strict=True):
        """Boolean mask of packages both sides prefer to walking away (``>=`` when not
        strict).  In an exact space the packages within a float rounding of a walk-away
        value are compared again exactly, so the mask is exact."""
        u = self.utilities()
        mask = np.ones(self.size, dtype=bool)
        for k, (u_k, a) in enumerate(zip(u, self.walk_away)):
            a_float = float(a)
            side = (u_k > a_float) if strict else (u_k >= a_float)
            if self.exact:
                near = np.flatnonzero(np.abs(u_k - a_float) <= _NEAR * max(1.0, abs(a_float)))
                levels = self.levels()[near]
                side[near] = [bool(v > a if strict else v >= a) for v in
                              (self.exact_utilities(row)[k] for row in levels)]
            mask &= side
        return mask

    def pareto(self, mask=None):
        """Indices of the Pareto-optimal packages (among ``mask`` if given), by a sort and sweep."""
        u1, u2 = self.utilities()
        candidates = np.arange(self.size) if mask is None else np.flatnonzero(mask)
        return candidates[pareto_indices(u1[candidates], u2[candidates])]

    # ----------------------------------------------------------- solutions
    def solve(self, method="nash", weights=(1, 1), lotteries=False, strict=True):
        """The package(s) a solution concept selects.

        Parameters
        ----------
        method : {"nash", "egalitarian", "kalai_smorodinsky", "utilitarian"}
        weights : (w1, w2)
            Bargaining weights of the generalised Nash solution.
        lotteries : bool
            Allow lotteries over packages (the convex hull); else choose among packages.
        """
        if method not in CRITERIA:
            raise ParameterError(f"method is {method!r}; use one of {', '.join(CRITERIA)}")
        if lotteries:  # mixtures can beat no deal for both even where no package does
            return self._lottery_choice(method, weights)
        rational = self.individually_rational(strict=strict)
        if not rational.any():
            return PackageChoice(method, (), tuple(self.disagreement), (), True, self.players)
        candidates = np.flatnonzero(rational)
        u1, u2 = self.utilities(self.levels()[candidates])
        score = _criterion(method, u1, u2, self.disagreement, weights, (u1.max(), u2.max()))
        band = _NEAR * max(1.0, abs(score.max()))
        if self.exact:  # widen the band by the criterion's float error, so no maximiser is lost
            band += _float_error(u1, u2, self.disagreement, weights)
        near = candidates[score >= score.max() - band]
        rows = self.levels()[near]
        if self.exact:
            rows = self._exact_maximisers(method, rows, weights, candidates)
        packages = tuple(self.package(r) for r in rows)
        point = self.exact_utilities(rows[0])
        return PackageChoice(method, packages, point, (), False, self.players)

    def _exact_maximisers(self, method, rows, weights, candidates):
        """Among float near-ties, the exact maximisers."""
        exact = [self.exact_utilities(r) for r in rows]
        ideal = None
        if method == "kalai_smorodinsky":
            ideal = self._exact_ideal(candidates)
        keys = [_exact_criterion(method, u, self.disagreement, weights, ideal) for u in exact]
        best = max(keys)
        return np.array([r for r, k in zip(rows, keys) if k == best])

    def _exact_ideal(self, candidates):
        """Each side's exact best utility among the packages ``candidates`` (indices into
        :meth:`levels`): only the packages whose float utility is within the float
        tolerance of the side's float best are compared exactly."""
        levels = self.levels()[candidates]
        ideal = []
        for k, u in enumerate(self.utilities(levels)):
            best = u.max()
            near = levels[u >= best - _NEAR * max(1.0, abs(best))]
            ideal.append(max(self.exact_utilities(r)[k] for r in near))
        return tuple(ideal)

    def hull(self):
        """The Pareto chain of the packages' convex hull: the packages at its vertices (as
        indices into :meth:`levels`) and their exact utilities, ``u1`` increasing."""
        index, points = self._cached("hull", self._hull)
        return list(index), list(points)

    def _hull(self):
        from .problem import _pareto_chain

        frontier = self.pareto()
        points = [self.exact_utilities(r) for r in self.levels()[frontier]]
        chain = _pareto_chain(points) if points else []
        return tuple(int(frontier[k]) for k in chain), tuple(points[k] for k in chain)

    def mixture(self, point):
        """The lottery worth ``point``, a point of the hull's Pareto chain: the one package
        at a vertex, or the two packages at the ends of the chain's edge it lies on, as
        ``(packages, weights)``; the weights reproduce ``point`` exactly when it and the
        space are exact, and to float rounding otherwise."""
        index, vertices = self.hull()
        x, y = point
        for k, (vx, vy) in enumerate(vertices):
            if _close(vx, x) and _close(vy, y):
                return (self.package(self.levels()[index[k]]),), (Fraction(1),)
        for k, ((ax, ay), (bx, by)) in enumerate(itertools.pairwise(vertices)):
            if ax <= x <= bx:
                t = (x - ax) / (bx - ax)
                if _close(ay + t * (by - ay), y):
                    rows = self.levels()[[index[k], index[k + 1]]]
                    return tuple(self.package(r) for r in rows), (1 - t, t)
        raise SolverError(f"the point {tuple(float(v) for v in point)} is not on the Pareto "
                          "frontier of the packages' convex hull")

    def _lottery_choice(self, method, weights):
        """The solution on the convex hull of *all* packages, among its points worth at least
        each side's walk-away value: a mixture of a package both prefer to no deal with one
        only one side prefers can be better for both."""
        from .problem import BargainingProblem

        empty = PackageChoice(method, (), tuple(self.disagreement), (), True, self.players)
        _, vertices = self.hull()
        feasible = _clip(vertices, self.walk_away)
        if not feasible:
            return empty
        try:
            problem = BargainingProblem.from_points(feasible, disagreement=self.disagreement,
                                                    players=self.players)
        except ParameterError:  # the no-deal point lies outside the hull: nothing to share
            return empty
        solution = getattr(problem, method)(
            **({"weights": weights} if method == "nash" else {}), outside="empty")
        if bool(solution.empty):
            return empty
        packages, mix = self.mixture(solution.point)
        return PackageChoice(method, packages, tuple(solution.point),
                             mix if len(packages) > 1 else (), False, self.players)

    def __repr__(self):
        return (f"<PackageSpace: {len(self.issues)} issues, {self.size} packages, "
                f"players {', '.join(self.players)}>")


def _close(a, b):
    """Equal, exactly for exact numbers and to float rounding otherwise."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    return abs(float(a) - float(b)) <= _NEAR * max(1.0, abs(float(a)), abs(float(b)))


def _clip(vertices, floor):
    """The part of a Pareto chain (``u1`` increasing, ``u2`` decreasing) with
    ``u >= floor``: its vertices there and the points where it crosses ``u1 = floor[0]``
    and ``u2 = floor[1]``, in order (exact when the inputs are)."""
    points = list(vertices)
    for (ax, ay), (bx, by) in itertools.pairwise(vertices):
        for axis, (p, q) in enumerate(((ax, bx), (ay, by))):
            if (p - floor[axis]) * (q - floor[axis]) < 0:
                t = (floor[axis] - p) / (q - p)
                points.append((floor[0], ay + t * (by - ay)) if axis == 0 else
                              (ax + t * (bx - ax), floor[1]))
    kept = sorted({p for p in points if p[0] >= floor[0] and p[1] >= floor[1]})
    return kept


def pareto_indices(u1, u2):
    """Indices of the points not dominated by another, in :math:`O(n \\log n)`.

    Sort by ``u1`` descending (ties by ``u2`` descending) and sweep, keeping the best ``u2``
    seen: a point is on the frontier iff its ``u2`` beats every point with a larger ``u1``.
    Equal points are all kept (none dominates another).
    """
    u1, u2 = np.asarray(u1, dtype=float), np.asarray(u2, dtype=float)
    if u1.size == 0:
        return np.array([], dtype=int)
    order = np.lexsort((-u2, -u1))
    a, b = u1[order], u2[order]
    # best u2 among points with strictly larger u1: running max over earlier groups of u1
    running = np.maximum.accumulate(b)
    group_start = np.r_[True, a[1:] != a[:-1]]
    starts = np.flatnonzero(group_start)
    group = np.cumsum(group_start) - 1
    before = np.r_[-np.inf, running[starts[1:] - 1]][group]
    keep = (b > before) & (b == b[starts][group])  # b[starts] is each group's largest u2
    return np.sort(order[keep])


def _criterion(method, u1, u2, disagreement, weights, ideal):
    d1, d2 = (float(d) for d in disagreement)
    g1, g2 = u1 - d1, u2 - d2
    if method == "nash":
        w1, w2 = (float(w) for w in weights)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where((g1 > 0) & (g2 > 0), w1 * np.log(g1) + w2 * np.log(g2), -np.inf)
    if method == "egalitarian":
        return np.minimum(g1, g2)
    if method == "utilitarian":
        return u1 + u2
    return np.minimum(*(_ratio(g, i - d) for g, i, d in ((g1, ideal[0], d1), (g2, ideal[1], d2))))


def _float_error(u1, u2, disagreement, weights):
    """A bound on the float rounding error of any criterion over these packages: the
    utilities are sums rounded at the scale of the largest magnitude, and each criterion
    (a gain, a weighted log of gains, a ratio of gains) magnifies an error by at most the
    scale over the smallest gain, times the largest weight.  Infinite when a gain is below
    the floats' resolution."""
    d1, d2 = (float(d) for d in disagreement)
    scale = max(1.0, float(np.abs(u1).max()), float(np.abs(u2).max()), abs(d1), abs(d2))
    gain = min(float((u1 - d1).min()), float((u2 - d2).min()))
    if gain <= 64 * np.finfo(float).eps * scale:
        return np.inf
    return 64 * np.finfo(float).eps * scale / gain * max(1.0, *(abs(float(w)) for w in weights))


def _exact_criterion(method, u, disagreement, weights, ideal):
    g1, g2 = u[0] - disagreement[0], u[1] - disagreement[1]
    if method == "nash":
        w1, w2 = (Fraction(w) for w in weights)
        scale = w1.denominator * w2.denominator
        a, b = int(w1 * scale), int(w2 * scale)
        return g1 ** a * g2 ** b if g1 > 0 and g2 > 0 else Fraction(-1)
    if method == "egalitarian":
        return min(g1, g2)
    if method == "utilitarian":
        return u[0] + u[1]
    return min(_ratio(g1, ideal[0] - disagreement[0]), _ratio(g2, ideal[1] - disagreement[1]))


def _ratio(gain, span):
    """A side's gain as a share of its ideal gain; 1 when its ideal gain is nil (every
    candidate gives it the same, so it is indifferent among them)."""
    if isinstance(gain, np.ndarray):
        return gain / span if span > 0 else np.ones_like(gain)
    return gain / span if span > 0 else Fraction(1)
