r"""Multi-issue bargaining over concession packages.

Each side concedes on issues with ordered levels (US: sanctions relief, recognition of
nuclear status, alliance posture, a security guarantee; DPRK: a test moratorium, a
freeze, a cap, dismantling Yongbyon, full denuclearisation).  A *package* fixes a level
of every issue; the package space is the product of the issues' levels.  Utilities are
additive over issues, with optional interaction terms between pairs of issues:

.. math:: u_i(x) = \sum_k v_{ik}(x_k) + \sum_{k < l} w_{ikl}(x_k, x_l).

A package is individually rational when each side gets at least its no-deal payoff
:math:`d_i` (strictly more when ``strict``).  The Pareto frontier of the package space
is found by one sort and a sweep, :math:`O(n \log n)` (Kung, Luccio & Preparata 1975).
Without lotteries a solution concept picks the package(s) maximising its criterion
among the individually rational ones — every tie is reported; with lotteries the
feasible set is the convex hull of the packages and the solution may mix two
adjacent frontier packages.

References
----------
Raiffa, H. (1982). *The Art and Science of Negotiation*, Harvard UP, ch. 10–11
(additive scoring of multi-issue packages).

Kung, H. T., Luccio, F. & Preparata, F. P. (1975). On finding the maxima of a set of
vectors. *J. ACM* 22(4), 469–476.
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._checks import number
from ..errors import ParameterError

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
    """

    def __init__(self, issues, values, disagreement, interactions=None, players=("US", "DPRK")):
        self.issues = tuple(issues)
        self.players = tuple(players)
        names = [issue.name for issue in self.issues]
        if len(set(names)) != len(names):
            raise ParameterError(f"issue names must be distinct, not {names}")
        self._index = {name: k for k, name in enumerate(names)}
        self.disagreement = tuple(number(f"disagreement[{i}]", d)
                                  for i, d in enumerate(disagreement))
        self._values = [self._additive(player, values) for player in self.players]
        self._interactions = [self._pairs(player, interactions or {}) for player in self.players]
        self.exact = all(isinstance(v, Fraction) for table in self._values for row in table
                         for v in row) and all(isinstance(d, Fraction) for d in self.disagreement)
        self.size = int(np.prod([len(issue.levels) for issue in self.issues]))

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
    def levels(self):
        """Every package as an integer array of level indices, shape ``(size, n_issues)``."""
        grids = np.meshgrid(*[np.arange(len(i.levels), dtype=np.int16) for i in self.issues],
                            indexing="ij")
        return np.stack([g.reshape(-1) for g in grids], axis=1)

    def utilities(self, levels=None):
        """Float utilities ``(u1, u2)`` of the packages given by level indices (default: all)."""
        levels = self.levels() if levels is None else np.asarray(levels)
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
        """Boolean mask of packages both sides prefer to no deal (``>=`` when not strict)."""
        u1, u2 = self.utilities()
        d1, d2 = (float(d) for d in self.disagreement)
        return (u1 > d1) & (u2 > d2) if strict else (u1 >= d1) & (u2 >= d2)

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
        near = candidates[score >= score.max() - _NEAR * max(1.0, abs(score.max()))]
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
            us = [self.exact_utilities(r) for r in self.levels()[candidates]]
            ideal = (max(u[0] for u in us), max(u[1] for u in us))
        keys = [_exact_criterion(method, u, self.disagreement, weights, ideal) for u in exact]
        best = max(keys)
        return np.array([r for r, k in zip(rows, keys) if k == best])

    def _lottery_choice(self, method, weights):
        """The solution on the convex hull of *all* packages: a mixture of a package both
        prefer to no deal with one only one side prefers can be better for both."""
        from .problem import BargainingProblem

        frontier = self.pareto()
        levels = self.levels()[frontier]
        points = [self.exact_utilities(r) for r in levels]
        empty = PackageChoice(method, (), tuple(self.disagreement), (), True, self.players)
        try:
            problem = BargainingProblem.from_points(points, disagreement=self.disagreement,
                                                    players=self.players)
        except ParameterError:  # the no-deal point lies outside the hull: nothing to share
            return empty
        solution = getattr(problem, method)(
            **({"weights": weights} if method == "nash" else {}), outside="empty")
        if bool(solution.empty):
            return empty
        packages = tuple(self.package(levels[k]) for k, _ in solution.lottery)
        return PackageChoice(method, packages, tuple(solution.point),
                             tuple(w for _, w in solution.lottery), False, self.players)

    def __repr__(self):
        return (f"<PackageSpace: {len(self.issues)} issues, {self.size} packages, "
                f"players {', '.join(self.players)}>")


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
    span1, span2 = ideal[0] - d1, ideal[1] - d2
    return np.minimum(g1 / span1, g2 / span2)


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
    return min(g1 / (ideal[0] - disagreement[0]), g2 / (ideal[1] - disagreement[1]))
