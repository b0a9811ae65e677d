r"""Two-player bargaining problems :math:`(S, d)`.

A bargaining problem is a set :math:`S \subset \mathbb{R}^2` of feasible utility pairs
and a disagreement point :math:`d \in S` that the players get when they do not agree
(Nash 1950).  :math:`S` is convex (lotteries over outcomes are allowed) and
comprehensive (free disposal: a player may always give up utility), so it is described
by its Pareto frontier, a decreasing concave curve, and everything below it:

.. math::

    S = \{(u_1, u_2) : u_1 \le U^{\max}_1,\ u_2 \le f(\max(u_1, u^{\min}_1))\}.

The *bargaining set* is :math:`\{u \in S : u_1 > d_1,\ u_2 > d_2\}`; when it is empty
there is nothing to bargain over and every solution is "no deal".

Ways to build a problem (all keep the players' names, default ``("Player 1", "Player 2")``):

* ``BargainingProblem(frontier, disagreement)``: the frontier :math:`u_2 = f(u_1)` as a
  sympy expression in one symbol (exact and symbolic evaluation) or a Python callable
  (numeric only), on ``domain = (lo, hi)`` for :math:`u_1` — by default from 0 to the
  root of :math:`f`;
* ``BargainingProblem.split(total, disagreement)``: dividing a surplus, :math:`u_2 = T - u_1`;
* ``BargainingProblem.from_shares(u1, u2, total)``: dividing a surplus whose shares the
  players value with (concave) utility functions, e.g. CRRA :math:`u_i(z) = z^{\gamma_i}`;
  the frontier is the curve :math:`x \mapsto (u_1(x), u_2(T - x))`;
* ``BargainingProblem.from_points(points, disagreement, lotteries=True)``: a finite set of
  outcomes; with lotteries the feasible set is their convex hull with free disposal, whose
  frontier is a concave polyline with exact vertices; without lotteries the solutions
  choose among the points themselves.

``rescale`` applies positive affine transformations of utility, ``transform`` any
increasing ones (e.g. a concave utility of what a player gets), ``subs`` gives values to
the symbols of a symbolic problem.  The solutions (:mod:`.axiomatic`) are methods:
``nash``, ``kalai_smorodinsky``, ``egalitarian``, ``utilitarian``.

References
----------
Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.

Osborne, M. J. & Rubinstein, A. (1990). *Bargaining and Markets*. Academic Press, ch. 2.
"""

from fractions import Fraction

import numpy as np

from .. import _checks
from .._numbers import as_number_array
from ..errors import ParameterError

PLAYERS = ("Player 1", "Player 2")
_SAMPLES = 257


def _sp():
    import sympy

    return sympy


def _is_sympy(value):
    return type(value).__module__.startswith("sympy")


def _is_symbolic(value):
    return _is_sympy(value) and bool(getattr(value, "free_symbols", ()))


def _show(value):
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _to_sympy(value):
    if isinstance(value, Fraction):
        return _sp().Rational(value.numerator, value.denominator)
    return _sp().sympify(value)


def _exact_number(value):
    """A sympy number as Fraction when rational, kept as sympy when irrational, else float."""
    if _is_sympy(value):
        if getattr(value, "is_Rational", False):
            return Fraction(int(value.p), int(value.q))
        if value.free_symbols:
            return value
        if value.has(_sp().Float):
            return float(value)
        return value
    return value


# ----------------------------------------------------------------------------------------
# Frontier representations


class _SympyCurve:
    """The frontier as a sympy curve ``x -> (u1(x), u2(x))`` on ``[lo, hi]``.

    ``u1`` increases and ``u2`` decreases in ``x``.  For a frontier ``u2 = f(u1)`` the
    parameter is ``u1`` itself (``identity``); for ``from_shares`` it is player 1's share.
    """

    kind = "sympy"

    def __init__(self, x, u1, u2, lo, hi, text, share=False):
        sp = _sp()
        self.x, self.u1, self.u2 = x, sp.sympify(u1), sp.sympify(u2)
        self.lo, self.hi = _to_sympy(lo), _to_sympy(hi)
        self.text, self.share = text, share
        self.identity = self.u1 == x
        free = set()
        for e in (self.u1, self.u2, self.lo, self.hi):
            free |= e.free_symbols
        self.params = frozenset(free - {x})
        self.exact = not any(e.has(sp.Float) for e in (self.u1, self.u2, self.lo, self.hi))
        self._cache = {}

    def derivatives(self):
        if "d" not in self._cache:
            sp = _sp()
            p1, p2 = sp.diff(self.u1, self.x), sp.diff(self.u2, self.x)
            self._cache["d"] = (p1, p2, sp.diff(p1, self.x), sp.diff(p2, self.x))
        return self._cache["d"]

    def numeric(self):
        """``f(x) -> (u1, u2, p1, p2, s1, s2)`` for floats and arrays (lambdified, cse)."""
        if "f" not in self._cache:
            sp = _sp()
            exprs = [self.u1, self.u2, *self.derivatives()]
            self._cache["f"] = sp.lambdify(self.x, exprs, modules="numpy", cse=True)
        return self._cache["f"]

    @property
    def bounds(self):
        return float(self.lo), float(self.hi)

    def linear(self):
        """Whether both utilities are affine in x (then the frontier is a segment)."""
        if self.params:
            return False
        if "linear" not in self._cache:
            sp = _sp()
            self._cache["linear"] = all(e.is_polynomial(self.x) and sp.degree(e, self.x) <= 1
                                        for e in (self.u1, self.u2))
        return self._cache["linear"]

    def to_polyline(self):
        sp = _sp()
        ends = [(_exact_number(sp.nsimplify(self.u1.subs(self.x, t)) if self.exact
                               else self.u1.subs(self.x, t)),
                 _exact_number(sp.nsimplify(self.u2.subs(self.x, t)) if self.exact
                               else self.u2.subs(self.x, t)))
                for t in (self.lo, self.hi)]
        if not all(isinstance(v, Fraction) for e in ends for v in e):
            ends = [tuple(float(v) for v in e) for e in ends]
        return _Polyline(tuple(ends), None, None, None, text=self.text)

    def map(self, phi1, phi2, text):
        """The curve with utilities transformed by sympy-aware maps (None: unchanged)."""
        u1 = self.u1 if phi1 is None else phi1(self.u1)
        u2 = self.u2 if phi2 is None else phi2(self.u2)
        return _SympyCurve(self.x, u1, u2, self.lo, self.hi, text, self.share)

    def subs(self, mapping):
        sp = _sp()
        u1, u2, lo, hi = (sp.sympify(e).subs(mapping) for e in (self.u1, self.u2, self.lo,
                                                                 self.hi))
        return _SympyCurve(self.x, u1, u2, lo, hi, self.text, self.share)

    def as_numeric(self):
        f = self.numeric()
        return _NumericCurve(lambda x: f(x)[0], lambda x: f(x)[1], *self.bounds,
                             text=self.text, identity=self.identity, share=self.share)


class _NumericCurve:
    """The frontier as numeric (numpy-vectorised) functions ``x -> u1(x), u2(x)``."""

    kind = "numeric"
    exact = False
    params = frozenset()

    def __init__(self, u1, u2, lo, hi, text, identity=False, share=False):
        self.u1, self.u2 = u1, u2
        self.lo, self.hi = float(lo), float(hi)
        self.text, self.identity, self.share = text, identity, share

    @property
    def bounds(self):
        return self.lo, self.hi

    def linear(self):
        return False

    def values(self, x):
        """``(u1, u2, p1, p2)`` at ``x``; derivatives by central differences."""
        x = np.asarray(x, dtype=float)
        u1 = _call(self.u1, x)
        u2 = _call(self.u2, x)
        h = 1e-6 * max(self.hi - self.lo, 1e-300)
        a, b = np.maximum(x - h, self.lo), np.minimum(x + h, self.hi)
        width = b - a
        p1 = x * 0 + 1.0 if self.identity else (_call(self.u1, b) - _call(self.u1, a)) / width
        p2 = (_call(self.u2, b) - _call(self.u2, a)) / width
        return u1, u2, p1, p2

    def map(self, phi1, phi2, text):
        u1 = self.u1 if phi1 is None else (lambda x, f=self.u1: phi1(f(x)))
        u2 = self.u2 if phi2 is None else (lambda x, f=self.u2: phi2(f(x)))
        identity = self.identity and phi1 is None
        return _NumericCurve(u1, u2, self.lo, self.hi, text, identity, self.share)


def _call(f, x):
    """Call a user function on floats or an array; element by element if it is not vectorised."""
    with np.errstate(all="ignore"):
        try:
            y = f(x)
            y = np.asarray(y, dtype=float)
            if y.shape == np.shape(x):
                return y if np.ndim(x) else float(y)
        except (TypeError, ValueError):
            pass
        flat = np.asarray(x, dtype=float).reshape(-1)
        out = np.array([float(f(float(v))) for v in flat])
        return out.reshape(np.shape(x)) if np.ndim(x) else float(out[0])


class _Polyline:
    """A concave decreasing polyline frontier through ``vertices`` (u1 increasing)."""

    kind = "polyline"
    params = frozenset()
    identity = True
    share = False

    def __init__(self, vertices, source, index, labels, text="polyline"):
        self.vertices = tuple(vertices)
        self.exact = all(isinstance(v, Fraction) for p in self.vertices for v in p)
        self.source, self.index, self.labels, self.text = source, index, labels, text

    @property
    def bounds(self):
        return self.vertices[0][0], self.vertices[-1][0]

    def linear(self):
        return False


class _Finite:
    """A finite set of outcomes without lotteries."""

    kind = "finite"
    params = frozenset()

    def __init__(self, points, exact, labels):
        self.points, self.exact, self.labels = tuple(points), exact, labels
        self.text = f"{len(self.points)} outcomes"


# ----------------------------------------------------------------------------------------
# Construction helpers


def _players(players):
    if isinstance(players, str) or len(players) != 2:
        raise ParameterError(f"players is {players!r}, but it must be a pair of names")
    return tuple(str(p) for p in players)


def _pair(name, value):
    if isinstance(value, np.ndarray) and value.ndim >= 1 and value.shape[0] == 2:
        value = (value[0], value[1])
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise ParameterError(f"{name} is {value!r}, but it must be a pair ({name}[0], "
                             f"{name}[1]), one value per player")
    return tuple(_checks.number(name, v) for v in value)


def _frontier_variable(expr, variable):
    if variable is not None:
        return variable
    free = sorted(expr.free_symbols, key=str)
    if len(free) == 1:
        return free[0]
    named = [s for s in free if str(s) in ("u1", "u_1", "u")]
    if len(named) == 1:
        return named[0]
    raise ParameterError(f"frontier is {expr}, which has the symbols "
                         f"{', '.join(map(str, free)) or 'none'}; name player 1's utility with "
                         "variable=")


def _default_domain(expr, x):
    """(0, root of the frontier) for a sympy frontier."""
    sp = _sp()
    try:
        roots = sp.solve(sp.Eq(expr, 0), x)
    except NotImplementedError:
        roots = []
    roots = [r for r in roots if r.is_real is not False]
    if not expr.free_symbols - {x}:
        roots = [r for r in roots if r.is_real and float(r) > 0]
    if len(roots) > 1 and all(not r.free_symbols for r in roots):
        roots = [min(roots, key=float)]
    if len(roots) != 1:
        raise ParameterError(f"frontier is {expr}, whose domain cannot be inferred (it needs "
                             "a single positive root); give domain=(lo, hi) for player 1's "
                             "utility")
    return sp.Integer(0), roots[0]


def _default_numeric_domain(f):
    with np.errstate(all="ignore"):
        try:
            f0 = float(f(0.0))
        except Exception:  # a user function may raise anything
            f0 = np.nan
        if not np.isfinite(f0) or f0 <= 0:
            raise ParameterError(f"frontier is {f!r}, whose domain cannot be inferred (f(0) is "
                                 f"{f0:g}, not positive); give domain=(lo, hi)")
        lo, hi = 0.0, 1.0
        for _ in range(60):
            value = float(f(hi))
            if not np.isfinite(value):
                break
            if value <= 0:
                from scipy.optimize import brentq

                return 0.0, brentq(lambda t: float(f(t)), lo, hi, xtol=1e-15, rtol=1e-15)
            lo, hi = hi, 2 * hi
    raise ParameterError(f"frontier is {f!r}, whose domain cannot be inferred (no root of f "
                         "was found); give domain=(lo, hi)")


def _check_curve(curve, what="frontier"):
    """Sample the curve: finite, u2 strictly decreasing in u1, concave (convex S)."""
    if curve.params:
        return
    lo, hi = (float(v) for v in curve.bounds)
    if not lo < hi:
        raise ParameterError(f"domain is ({_show(lo)}, {_show(hi)}), but it must be an "
                             "interval lo < hi")
    x = np.linspace(lo, hi, _SAMPLES)
    with np.errstate(all="ignore"):
        if curve.kind == "sympy":
            values = curve.numeric()(x)
            u1 = np.broadcast_to(np.asarray(values[0], dtype=float), x.shape)
            u2 = np.broadcast_to(np.asarray(values[1], dtype=float), x.shape)
        else:
            u1, u2 = np.asarray(_call(curve.u1, x)), np.asarray(_call(curve.u2, x))
    bad = ~(np.isfinite(u1) & np.isfinite(u2))
    if bad.any():
        k = int(np.argmax(bad))
        raise ParameterError(f"{what} {curve.text} is not finite at u1 = {_show(x[k])} "
                             f"(domain [{_show(lo)}, {_show(hi)}]); give a domain where it is "
                             "defined")
    du1, du2 = np.diff(u1), np.diff(u2)
    if np.any(du1 <= 0):
        k = int(np.argmax(du1 <= 0))
        raise ParameterError(f"{what} {curve.text} is not increasing in player 1's utility: "
                             f"it falls from {_show(u1[k])} to {_show(u1[k + 1])} at the share "
                             f"{_show(x[k])}")
    if np.any(du2 >= 0):
        k = int(np.argmax(du2 >= 0))
        raise ParameterError(f"{what} {curve.text} is not decreasing on its domain "
                             f"[{_show(lo)}, {_show(hi)}]: u2 goes from {_show(u2[k])} at "
                             f"u1 = {_show(u1[k])} to {_show(u2[k + 1])} at u1 = "
                             f"{_show(u1[k + 1])}")
    slopes = du2 / du1
    scale = 1e-7 * (1 + np.abs(slopes[1:]) + np.abs(slopes[:-1]))
    rise = slopes[1:] - slopes[:-1] > scale
    if np.any(rise):
        k = int(np.argmax(rise)) + 1
        raise ParameterError(f"{what} {curve.text} is not concave near u1 = {_show(u1[k])} "
                             "(the feasible set would not be convex); use from_points with "
                             "lotteries for the convex hull")


def _pareto_chain(points):
    """Vertices of the Pareto frontier of conv(points) (u1 increasing, u2 decreasing).

    Returns a list of indices into ``points``.  Exact when the points are Fractions.
    """
    order = sorted(range(len(points)), key=lambda k: (points[k][0], points[k][1]))
    upper = []
    for k in reversed(order):  # from right to left: the upper hull
        while len(upper) >= 2:
            (ax, ay), (bx, by) = points[upper[-2]], points[upper[-1]]
            cx, cy = points[k]
            if (bx - ax) * (cy - ay) - (by - ay) * (cx - ax) <= 0:
                upper.pop()
            else:
                break
        if upper and points[upper[-1]][0] == points[k][0]:
            continue  # same u1, lower u2 (or equal): not on the upper hull
        upper.append(k)
    chain = upper[::-1]  # left to right
    top = max(points[k][1] for k in chain)
    start = max(i for i, k in enumerate(chain) if points[k][1] == top)
    return chain[start:]


# ----------------------------------------------------------------------------------------


class BargainingProblem:
    r"""A two-player bargaining problem: a frontier and a disagreement point.

    Parameters
    ----------
    frontier : sympy expression, sympy Lambda or callable
        Player 2's utility on the Pareto frontier as a function of player 1's,
        :math:`u_2 = f(u_1)`, decreasing and concave on ``domain``.  A sympy expression
        (in one symbol, or name it with ``variable``) allows exact and symbolic solutions;
        other symbols in it are parameters (see :meth:`subs`).  A Python callable is
        evaluated numerically only (floats; vectorised over numpy arrays if it accepts
        them).
    disagreement : pair, optional
        :math:`(d_1, d_2)`, default ``(0, 0)``: numbers (exact: int, Fraction, "p/q";
        or floats), sympy symbols/expressions, or numpy arrays (one problem per element).
        Must lie in the feasible set.
    domain : pair, optional
        The range ``(lo, hi)`` of :math:`u_1` on the frontier.  Default: from 0 to the
        root of :math:`f` (where player 2 gets 0).
    variable : sympy Symbol, optional
        Player 1's utility in ``frontier`` when the expression has several symbols.
    players : pair of str, optional

    Raises
    ------
    ParameterError
        A frontier that is not decreasing (or not concave) on its domain, a disagreement
        point outside the feasible set.

    Examples
    --------
    >>> import sympy as sp
    >>> u = sp.Symbol("u1")
    >>> BargainingProblem(sp.sqrt(1 - u)).nash().point
    (Fraction(2, 3), sqrt(3)/3)
    """

    def __init__(self, frontier, disagreement=(0, 0), *, domain=None, variable=None,
                 players=PLAYERS):
        self.players = _players(players)
        if isinstance(frontier, (_SympyCurve, _NumericCurve, _Polyline, _Finite)):
            self._frontier = frontier
        else:
            self._frontier = self._parse(frontier, domain, variable)
        if self._frontier.kind in ("sympy", "numeric"):
            _check_curve(self._frontier)
        self.disagreement = _pair("disagreement", disagreement)
        self._check_disagreement(self.disagreement)

    @staticmethod
    def _parse(frontier, domain, variable):
        if _is_sympy(frontier):
            sp = _sp()
            if isinstance(frontier, sp.Lambda):
                variable, frontier = frontier.variables[0], frontier.expr
            expr = sp.sympify(frontier)
            if not expr.free_symbols:
                raise ParameterError(f"frontier is {expr}, a constant, but it must decrease in "
                                     "player 1's utility")
            x = _frontier_variable(expr, variable)
            if domain is None:
                lo, hi = _default_domain(expr, x)
            else:
                lo, hi = (_to_sympy(_checks.number("domain", v)) for v in _pair("domain",
                                                                                  domain))
            return _SympyCurve(x, x, expr, lo, hi, f"u2 = {expr}")
        if callable(frontier):
            if domain is None:
                lo, hi = _default_numeric_domain(frontier)
            else:
                lo, hi = (float(v) for v in _pair("domain", domain))
            name = getattr(frontier, "__name__", "f")
            return _NumericCurve(lambda x: x, frontier, lo, hi, f"u2 = {name}(u1)",
                                 identity=True)
        raise ParameterError(f"frontier is {frontier!r}, but it must be a sympy expression or "
                             "a callable u2 = f(u1)")

    # -- alternative constructors ---------------------------------------------------------

    @classmethod
    def split(cls, total=1, disagreement=(0, 0), *, players=PLAYERS):
        """Divide a surplus ``total``: the frontier :math:`u_2 = T - u_1` on :math:`[0, T]`.

        >>> BargainingProblem.split(disagreement=("1/5", "1/10")).nash().point
        (Fraction(11, 20), Fraction(9, 20))
        """
        sp = _sp()
        total = _checks.positive("total", total)
        if isinstance(total, np.ndarray):
            raise ParameterError("total is an array, but it must be one number or symbol")
        T = _to_sympy(total)
        x = sp.Symbol("x")
        curve = _SympyCurve(x, x, T - x, 0, T, f"split of {T}", share=True)
        return cls(curve, disagreement, players=players)

    @classmethod
    def from_shares(cls, u1, u2, total=1, disagreement=None, *, variable=None,
                    players=PLAYERS):
        r"""Divide ``total`` when the players value their shares with utilities ``u1``, ``u2``.

        The frontier is the curve :math:`x \mapsto (u_1(x), u_2(T - x))`, :math:`x` being
        player 1's share; ``result.x`` reports it.  Each utility is a sympy ``Lambda``, a
        sympy expression in one symbol (the share), or a Python callable (numeric only).
        They must be increasing and make the frontier concave (e.g. concave utilities).

        Parameters
        ----------
        disagreement : pair, optional
            In utilities; default: each player's utility of a zero share.
        variable : sympy Symbol, optional
            The share in ``u1`` and ``u2`` when they hold other symbols (parameters).

        Examples
        --------
        CRRA utilities :math:`z^{\gamma_i}` give player 1 the share
        :math:`\gamma_1/(\gamma_1+\gamma_2)`:

        >>> import sympy as sp
        >>> z = sp.Symbol("z")
        >>> BargainingProblem.from_shares(z, sp.sqrt(z)).nash().x
        Fraction(2, 3)
        """
        total = _checks.positive("total", total)
        maps = [_utility_map(f"u{i + 1}", f, variable) for i, f in enumerate((u1, u2))]
        if all(m[0] == "sympy" for m in maps) and not isinstance(total, float):
            sp = _sp()
            T = _to_sympy(total)
            x = sp.Symbol("x", real=True)
            e1, e2 = maps[0][1](x), maps[1][1](T - x)
            curve = _SympyCurve(x, e1, e2, 0, T, f"shares valued ({maps[0][2]}, {maps[1][2]})",
                                share=True)
            if disagreement is None:
                disagreement = tuple(_exact_number(sp.simplify(m[1](sp.Integer(0))))
                                     for m in maps)
        else:
            fs = [_numeric_map(m) for m in maps]
            T = float(total)
            curve = _NumericCurve(lambda x: fs[0](x), lambda x: fs[1](T - x), 0.0, T,
                                  f"shares valued ({maps[0][2]}, {maps[1][2]})", share=True)
            if disagreement is None:
                disagreement = (float(fs[0](0.0)), float(fs[1](0.0)))
        return cls(curve, disagreement, players=players)

    @classmethod
    def from_points(cls, points, disagreement=(0, 0), lotteries=True, *, labels=None,
                    players=PLAYERS):
        """A finite set of outcomes ``points`` = [(u1, u2), ...].

        With ``lotteries`` (default) the feasible set is the convex hull of the points with
        free disposal; its frontier is a concave polyline whose vertices are exact when the
        points are.  Without lotteries the solutions choose among the points.

        >>> T = BargainingProblem.from_points([(0, 0), (1, 0), (0, 1), (1, "7/10")])
        >>> T.kalai_smorodinsky().point
        (Fraction(10, 13), Fraction(10, 13))
        """
        array, exact = as_number_array(points, "points")
        if array.ndim != 2 or array.shape[1] != 2 or array.shape[0] == 0:
            raise ParameterError(f"points has shape {array.shape}, but it must be a non-empty "
                                 "list of (u1, u2) pairs")
        pts = [(a, b) if exact else (float(a), float(b)) for a, b in array]
        if labels is not None:
            labels = tuple(labels)
            if len(labels) != len(pts):
                raise ParameterError(f"labels has {len(labels)} entries, but there are "
                                     f"{len(pts)} points")
        if lotteries:
            chain = _pareto_chain(pts)
            frontier = _Polyline([pts[k] for k in chain], tuple(pts), tuple(chain), labels,
                                 text=f"Pareto frontier of the convex hull of {len(pts)} points")
        else:
            frontier = _Finite(pts, exact, labels)
        return cls(frontier, disagreement, players=players)

    # -- transformations -------------------------------------------------------------------

    def with_disagreement(self, disagreement):
        """The same feasible set with another disagreement point."""
        return BargainingProblem(self._frontier, disagreement, players=self.players)

    def rescale(self, scale=(1, 1), shift=(0, 0)):
        r"""Positive affine transformation :math:`u_i \mapsto a_i u_i + b_i` of utilities.

        Nash and Kalai–Smorodinsky solutions commute with it; the egalitarian and
        utilitarian ones do not.  Exact when the problem and ``scale``, ``shift`` are.
        """
        a = tuple(_checks.positive("scale", v) for v in _pair("scale", scale))
        b = _pair("shift", shift)
        for name, v in (("scale", a), ("shift", b)):
            if any(isinstance(t, np.ndarray) for t in v):
                raise ParameterError(f"{name} is an array, but it must be a pair of numbers")

        def affine(i):
            return lambda u: a[i] * u + b[i]

        return self._mapped(affine(0), affine(1), affine(0), affine(1),
                            f"rescaled by {_show(a[0])}, {_show(a[1])}")

    def transform(self, u1=None, u2=None):
        r"""Apply increasing utility transformations :math:`\phi_i` to each player's utility.

        Each map is a sympy ``Lambda``, a sympy expression in one symbol, or a Python
        callable (the problem becomes numeric).  The disagreement point is mapped too.
        With lotteries over points the convex hull is taken again in the new utilities
        (the expected-utility scale changed).  The result must still have a concave
        frontier (e.g. :math:`\phi` concave).
        """
        maps = [None if f is None else _utility_map(f"u{i + 1}", f)
                for i, f in enumerate((u1, u2))]
        num = [None if m is None else _numeric_map(m) for m in maps]
        if all(m is None or m[0] == "sympy" for m in maps):
            sym = [None if m is None else m[1] for m in maps]
            return self._mapped(sym[0], sym[1], num[0], num[1], "transformed")
        base = self
        if self._frontier.kind == "sympy":
            base = BargainingProblem(self._frontier.as_numeric(), self.disagreement,
                                     players=self.players)
        return base._mapped(None, None, num[0], num[1], "transformed", exact=False)

    def _mapped(self, phi1, phi2, psi1, psi2, note, exact=True):
        """Map utilities: ``phi`` on sympy expressions and exact numbers, ``psi`` on floats
        and arrays (with ``exact`` false only ``psi`` is used)."""
        fr = self._frontier

        def point(p):
            out = []
            for v, phi, psi in zip(p, (phi1, phi2), (psi1, psi2)):
                if psi is None:
                    out.append(v)
                elif exact and not isinstance(v, (float, np.ndarray)):
                    value = phi(_to_sympy(v))
                    out.append(_exact_number(value) if _is_sympy(value) else value)
                else:
                    out.append(psi(np.asarray(v, dtype=float) if isinstance(v, np.ndarray)
                                   else float(v)))
            return tuple(out)

        d = point(self.disagreement)
        if fr.kind == "sympy":
            new = fr.map(phi1, phi2, f"{fr.text}, {note}")
            return BargainingProblem(new, d, players=self.players)
        if fr.kind == "numeric":
            new = fr.map(psi1, psi2, f"{fr.text}, {note}")
            return BargainingProblem(new, d, players=self.players)
        source = fr.source if fr.kind == "polyline" else fr.points
        mapped = [point(p) for p in source]
        if not all(isinstance(v, Fraction) for p in mapped for v in p):
            mapped = [tuple(float(v) for v in p) for p in mapped]
        return BargainingProblem.from_points(mapped, d, lotteries=fr.kind == "polyline",
                                             labels=fr.labels, players=self.players)

    def subs(self, mapping):
        """Give values to the symbols of a symbolic problem (frontier and disagreement)."""
        d = tuple(v.subs(mapping) if _is_sympy(v) else v for v in self.disagreement)
        d = tuple(_exact_number(v) if _is_sympy(v) else v for v in d)
        fr = self._frontier
        if fr.kind == "sympy":
            fr = fr.subs(mapping)
            if not fr.params:
                _check_curve(fr)
        return BargainingProblem(fr, d, players=self.players)

    # -- queries -----------------------------------------------------------------------------

    @property
    def kind(self):
        """``"sympy"``, ``"numeric"`` (callable), ``"polyline"`` or ``"finite"``."""
        return self._frontier.kind

    @property
    def domain(self):
        """The range of the frontier parameter (player 1's utility or share)."""
        fr = self._frontier
        if fr.kind == "finite":
            return None
        if fr.kind == "sympy":
            return tuple(_exact_number(v) for v in (fr.lo, fr.hi))
        return fr.bounds

    @property
    def vertices(self):
        """The vertices of a polyline frontier (``from_points`` with lotteries), else None."""
        return self._frontier.vertices if self._frontier.kind == "polyline" else None

    @property
    def points(self):
        """The outcomes given to ``from_points``, else None."""
        fr = self._frontier
        return fr.source if fr.kind == "polyline" else fr.points if fr.kind == "finite" else None

    @property
    def symbols(self):
        """The sympy symbols of the problem (frontier parameters and disagreement)."""
        out = set(self._frontier.params)
        for v in self.disagreement:
            if _is_sympy(v):
                out |= v.free_symbols
        return frozenset(out)

    @property
    def frontier(self):
        """The frontier: a sympy pair ``(u1(x), u2(x))`` with its parameter, or a description."""
        fr = self._frontier
        if fr.kind == "sympy":
            return fr.u2 if fr.identity else (fr.u1, fr.u2)
        if fr.kind == "polyline":
            return fr.vertices
        return fr.text

    def _numeric_curve(self):
        fr = self._frontier
        if fr.params:
            raise ParameterError(f"frontier has the free symbols {sorted(map(str, fr.params))}; "
                                 "give them values with subs() to evaluate it numerically")
        if fr.kind in ("sympy", "numeric", "polyline"):
            return fr
        raise ParameterError("a finite set of outcomes without lotteries has no frontier")

    @property
    def u1_max(self):
        """Player 1's largest utility on the frontier (float)."""
        from . import axiomatic

        return float(axiomatic._ends(self._numeric_curve())[1][0])

    @property
    def u2_max(self):
        """Player 2's largest utility on the frontier (float)."""
        from . import axiomatic

        return float(axiomatic._ends(self._numeric_curve())[0][1])

    def u2_of_u1(self, u1):
        """Player 2's utility on the frontier given player 1's (floats, numpy-vectorised).

        The boundary of the comprehensive set: ``u2_max`` left of the frontier,
        ``-inf`` beyond ``u1_max``.
        """
        from . import axiomatic

        return axiomatic._boundary(self._numeric_curve(), u1, 0)

    def u1_of_u2(self, u2):
        """Player 1's utility on the frontier given player 2's (floats, numpy-vectorised)."""
        from . import axiomatic

        return axiomatic._boundary(self._numeric_curve(), u2, 1)

    def frontier_points(self, n=101):
        """``(u1, u2)`` float arrays along the frontier, e.g. for a plot."""
        from . import axiomatic

        return axiomatic._trace(self._numeric_curve(), n)

    def contains(self, point):
        """Whether ``point`` is feasible (below the frontier, with free disposal)."""
        from . import axiomatic

        u1, u2 = _pair("point", point)
        return axiomatic._contains(self, u1, u2)

    def utopia(self, disagreement=None):
        """The utopia (ideal) point: each player's best utility in the bargaining set."""
        return self.kalai_smorodinsky(disagreement=disagreement).utopia

    def _check_disagreement(self, d):
        if any(isinstance(v, np.ndarray) for v in d):
            return  # checked by each solution, which may report such points as empty
        from . import axiomatic

        axiomatic._check_feasible(self, d)

    # -- solutions ---------------------------------------------------------------------------

    def nash(self, weights=(1, 1), *, disagreement=None, outside="raise"):
        r"""The Nash bargaining solution; with unequal ``weights`` the asymmetric one.

        Maximises :math:`(u_1-d_1)^{w_1}(u_2-d_2)^{w_2}` over the bargaining set (Nash
        1950; Kalai 1977b for the weighted form, :math:`\alpha = w_1/(w_1+w_2)`).  See
        :func:`negotiation.bargaining.axiomatic.nash`.
        """
        from . import axiomatic

        return axiomatic.nash(self, weights, disagreement=disagreement, outside=outside)

    def kalai_smorodinsky(self, *, disagreement=None, outside="raise"):
        """The Kalai–Smorodinsky solution; see :func:`.axiomatic.kalai_smorodinsky`."""
        from . import axiomatic

        return axiomatic.kalai_smorodinsky(self, disagreement=disagreement, outside=outside)

    def egalitarian(self, *, disagreement=None, outside="raise"):
        """The egalitarian solution (Kalai 1977); see :func:`.axiomatic.egalitarian`."""
        from . import axiomatic

        return axiomatic.egalitarian(self, disagreement=disagreement, outside=outside)

    def utilitarian(self, *, disagreement=None, outside="raise"):
        """The utilitarian solution; see :func:`.axiomatic.utilitarian`."""
        from . import axiomatic

        return axiomatic.utilitarian(self, disagreement=disagreement, outside=outside)

    def solve(self, solution="nash", **kwargs):
        """Any solution by name: ``"nash"``, ``"kalai-smorodinsky"``, ``"egalitarian"``,
        ``"utilitarian"`` (scipy-style single entry point)."""
        from . import axiomatic

        return axiomatic.solve(self, solution, **kwargs)

    def __repr__(self):
        d = ", ".join(_show(v) if not isinstance(v, np.ndarray) else f"array{v.shape}"
                      for v in self.disagreement)
        return f"<BargainingProblem {self._frontier.text}, disagreement ({d})>"

    def _repr_html_(self):
        from ..display import problem_html

        return problem_html(self)


def _utility_map(name, f, variable=None):
    """``("sympy", callable on sympy expressions, text)`` or ``("numeric", f, text)``."""
    if _is_sympy(f):
        sp = _sp()
        if isinstance(f, sp.Lambda):
            return "sympy", (lambda e, f=f: f(e)), str(f.expr)
        expr = sp.sympify(f)
        free = expr.free_symbols
        if variable is not None and variable in free:
            free = {variable}
        if len(free) > 1:
            raise ParameterError(f"{name} is {expr}, which has several symbols; name the "
                                 "argument with variable= or pass a sympy.Lambda")
        if not free:
            raise ParameterError(f"{name} is {expr}, a constant, but it must increase")
        (s,) = free
        return "sympy", (lambda e, expr=expr, s=s: expr.subs(s, e)), str(expr)
    if callable(f):
        if (getattr(f, "__module__", None) or "").startswith("sympy"):
            return "sympy", f, f.__name__  # e.g. sympy.sqrt: exact on sympy numbers
        return "numeric", f, getattr(f, "__name__", "f")
    raise ParameterError(f"{name} is {f!r}, but it must be a sympy expression, a sympy Lambda "
                         "or a callable")


def _numeric_map(m):
    if m[0] == "numeric":
        return m[1]
    sp = _sp()
    s = sp.Dummy("s")
    return sp.lambdify(s, m[1](s), modules="numpy")


__all__ = ["PLAYERS", "BargainingProblem"]
