r"""Axiomatic solutions of two-player bargaining problems.

Let :math:`(S, d)` be a bargaining problem (:class:`.BargainingProblem`): :math:`S`
compact, convex and comprehensive, :math:`d \in S`, and let the Pareto frontier be the
curve :math:`x \mapsto (u_1(x), u_2(x))`, :math:`u_1` increasing and :math:`u_2`
decreasing in :math:`x` (for a frontier :math:`u_2 = g(u_1)` simply :math:`x = u_1`).
On the part of the frontier where both gain, :math:`x \in [x_a, x_b]` with
:math:`u_1(x_a) = d_1` and :math:`u_2(x_b) = d_2`, the solutions are

==========================  ==============================================================
Nash (1950)                 :math:`\arg\max (u_1-d_1)(u_2-d_2)`; with weights
                            :math:`w_1, w_2 > 0` (generalised / asymmetric Nash,
                            :math:`\alpha = w_1/(w_1+w_2)`) :math:`\arg\max
                            (u_1-d_1)^{w_1}(u_2-d_2)^{w_2}`.  First-order condition
                            :math:`w_1 u_1'(u_2-d_2) + w_2 u_2'(u_1-d_1) = 0`, i.e. on a
                            frontier :math:`g`: :math:`\alpha(g-d_2) + (1-\alpha)g'(u_1-d_1)=0`.
Kalai–Smorodinsky (1975)    the Pareto point on the segment from :math:`d` to the utopia
                            point :math:`U = (u_1(x_b), u_2(x_a))`:
                            :math:`(u_2-d_2)(U_1-d_1) = (U_2-d_2)(u_1-d_1)`.
egalitarian (Kalai 1977)    the largest :math:`t` with :math:`d + t(1, 1) \in S`:
                            :math:`u_2 - d_2 = u_1 - d_1` (weakly Pareto: on the flat or
                            vertical parts free disposal adds, it may be dominated).
utilitarian                 :math:`\arg\max u_1 + u_2` on the bargaining set:
                            :math:`u_1' + u_2' = 0`; not unique on a segment of slope -1.
==========================  ==============================================================

Each defining function is decreasing in :math:`x` on a concave frontier (for Nash, its
sign changes once), so every solution is the root of a monotone function on a bracket
— or an end of it (a corner) — which is how all of them are computed:

* **closed forms** (sympy): the condition is solved symbolically, the root in range
  chosen; exact when the inputs are exact (``Fraction`` when rational, a sympy number
  otherwise), symbolic when the disagreement point, weights or frontier hold symbols —
  then ``point`` is the closed form of the interior solution and ``condition`` says when
  it holds (e.g. the linear pie: :math:`x_1 = d_1 + \alpha(1-d_1-d_2)`);
* **polylines** (``from_points`` with lotteries, linear frontiers): edge by edge, the
  stationary point of the edge or a vertex, in exact arithmetic;
* **numerics** where no closed form is found or the frontier is a callable:
  ``scipy.optimize.brentq`` on the bracket at a point, and over numpy arrays of
  disagreement points (or weights) a vectorised safeguarded Newton–bisection on the same
  functions (pure bisection for callables, whose derivatives are finite differences).

An empty bargaining set (no feasible point strictly better than :math:`d` for both) is
a result with ``empty`` true and ``point`` equal to :math:`d`.  A disagreement point
outside the feasible set raises :class:`~negotiation.errors.ParameterError` unless
``outside="empty"`` (useful in Monte Carlo sweeps, where such draws mean "no deal").

The Nash and Kalai–Smorodinsky solutions are invariant under positive affine
transformations of either player's utility; the egalitarian and utilitarian ones are not
(they compare utilities across players).  Nash satisfies independence of irrelevant
alternatives, Kalai–Smorodinsky individual monotonicity instead (Osborne & Rubinstein
1990, §2.3–2.4).

References
----------
Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.

Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
*Econometrica* 43(3), 513–518.

Kalai, E. (1977). Proportional solutions to bargaining situations: interpersonal utility
comparisons. *Econometrica* 45(7), 1623–1630.

Osborne, M. J. & Rubinstein, A. (1990). *Bargaining and Markets*. Academic Press, ch. 2.
"""

from fractions import Fraction

import numpy as np

from .. import _checks
from .._ops import maximum, minimum
from ..errors import ParameterError, SolverError
from .problem import _is_sympy, _is_symbolic, _pair, _show, _to_sympy
from .result import BargainingSolution

SOLUTIONS = ("nash", "kalai-smorodinsky", "egalitarian", "utilitarian")
_EPS = np.finfo(float).eps


def _sp():
    import sympy

    return sympy


# ----------------------------------------------------------------------------------------
# Public functions


def nash(problem, weights=(1, 1), *, disagreement=None, outside="raise"):
    r"""The (generalised) Nash bargaining solution of ``problem``.

    Maximises :math:`(u_1-d_1)^{w_1}(u_2-d_2)^{w_2}` over the bargaining set (Nash 1950;
    the asymmetric form with :math:`\alpha = w_1/(w_1+w_2)`, e.g. Osborne & Rubinstein
    1990, §2.6).  On a linear pie of size 1, :math:`x_1 = d_1 + \alpha(1-d_1-d_2)`; with
    CRRA utilities :math:`z^{\gamma_i}` and :math:`d = 0`,
    :math:`x_1 = \alpha\gamma_1/(\alpha\gamma_1+(1-\alpha)\gamma_2)`.

    Parameters
    ----------
    problem : BargainingProblem
    weights : pair of positive numbers (or symbols, or arrays), default (1, 1)
    disagreement : pair, optional
        Overrides the problem's disagreement point; numpy arrays give one solution per
        element (vectorised).
    outside : {"raise", "empty"}
        What to do with a disagreement point outside the feasible set: raise
        ``ParameterError`` (default) or report an empty bargaining set.

    Returns
    -------
    BargainingSolution
    """
    return _solve(problem, "nash", weights, disagreement, outside)


def kalai_smorodinsky(problem, *, disagreement=None, outside="raise"):
    r"""The Kalai–Smorodinsky solution: the Pareto point on the segment from :math:`d` to the
    utopia point :math:`U` (each player's best utility in the bargaining set).

    Kalai & Smorodinsky (1975): it replaces Nash's independence of irrelevant alternatives
    by individual monotonicity.  ``result.utopia`` holds :math:`U`.
    """
    return _solve(problem, "kalai-smorodinsky", None, disagreement, outside)


def egalitarian(problem, *, disagreement=None, outside="raise"):
    r"""The egalitarian solution (Kalai 1977): equal gains :math:`d + t^*(1, 1)`, with
    :math:`t^*` the largest :math:`t` such that the point is feasible."""
    return _solve(problem, "egalitarian", None, disagreement, outside)


def utilitarian(problem, *, disagreement=None, outside="raise"):
    r"""The utilitarian solution: :math:`\arg\max u_1 + u_2` over the bargaining set.

    Not unique where the frontier has a segment of slope -1: then ``unique`` is false,
    ``points`` holds the segment's endpoints and ``point`` its midpoint.
    """
    return _solve(problem, "utilitarian", None, disagreement, outside)


def solve(problem, solution="nash", **kwargs):
    """Any of the solutions by name (``SOLUTIONS``)."""
    key = str(solution).lower().replace("_", "-").replace("–", "-")
    functions = {"nash": nash, "kalai-smorodinsky": kalai_smorodinsky, "ks": kalai_smorodinsky,
                 "egalitarian": egalitarian, "utilitarian": utilitarian}
    if key not in functions:
        raise ParameterError(f"solution is {solution!r}, but it must be one of "
                             f"{', '.join(SOLUTIONS)}")
    return functions[key](problem, **kwargs)


# ----------------------------------------------------------------------------------------
# Dispatch


def _solve(problem, concept, weights, disagreement, outside):
    if outside not in ("raise", "empty"):
        raise ParameterError(f"outside is {outside!r}, but it must be 'raise' or 'empty'")
    d = problem.disagreement if disagreement is None else _pair("disagreement", disagreement)
    w = None
    if concept == "nash":
        w = tuple(_checks.positive("weights", v) for v in _pair("weights", weights))
    fr = problem._frontier
    mode = _mode(fr, d, w)
    ctx = _Context(problem, concept, d, w, mode, outside)
    if fr.kind == "finite":
        return _finite(ctx, fr)
    if fr.kind == "polyline":
        return _polyline(ctx, fr)
    if fr.kind == "sympy" and mode != "symbolic" and fr.identity and fr.linear():
        return _polyline(ctx, fr.to_polyline())
    if mode == "symbolic":
        if fr.kind != "sympy":
            raise ParameterError("a callable frontier is numeric only; give numbers or arrays, "
                                 "or a sympy frontier for symbolic solutions")
        return _symbolic_curve(ctx, fr)
    if mode == "exact":
        try:
            return _curve(ctx, _ExactBackend(fr))
        except _NoClosedForm:
            ctx.note = "; no closed form found"
            ctx.mode = "float"
            ctx.d = tuple(float(v) for v in d)
            ctx.w = None if w is None else tuple(float(v) for v in w)
    return _curve(ctx, _NumericBackend(fr, ctx.mode == "vector"))


def _mode(fr, d, w):
    values = [*d, *(w or ())]
    if fr.params or any(_is_symbolic(v) for v in values):
        return "symbolic"
    if any(isinstance(v, np.ndarray) for v in values):
        return "vector"
    if fr.exact and all(isinstance(v, Fraction) or _is_sympy(v) for v in values):
        return "exact"
    return "float"


class _Context:
    """What one call works with; ``d`` and ``w`` converted to the mode's numbers."""

    def __init__(self, problem, concept, d, w, mode, outside):
        self.problem, self.concept, self.mode, self.outside = problem, concept, mode, outside
        self.players = problem.players
        self.note = ""
        if mode == "vector":
            arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (*d, *(w or ()))))
            d, w = tuple(arrays[:2]), (tuple(arrays[2:]) if w is not None else None)
        elif mode == "float":
            d = tuple(float(v) for v in d)
            w = None if w is None else tuple(float(v) for v in w)
        self.d, self.w = d, w

    @property
    def solution(self):
        if self.concept == "nash" and self.w is not None and not _equal(*self.w):
            return "asymmetric nash"
        return self.concept


def _equal(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.all(np.asarray(a) == np.asarray(b)))
    try:
        return bool(a == b)
    except TypeError:
        return False


def _outside_error(ctx, feasible):
    """Raise ParameterError for the first disagreement point outside the feasible set."""
    if _is_sympy(feasible) and feasible.free_symbols:
        return  # symbolic: the result's condition and empty say where the formula holds
    d1, d2 = ctx.d
    if isinstance(feasible, np.ndarray):
        bad = ~feasible
        if not bad.any():
            return
        k = int(np.argmax(bad.reshape(-1)))
        v1 = np.broadcast_to(d1, bad.shape).reshape(-1)[k]
        v2 = np.broadcast_to(d2, bad.shape).reshape(-1)[k]
        raise ParameterError(
            f"disagreement contains ({_show(float(v1))}, {_show(float(v2))}), which lies "
            f"outside the feasible set ({ctx.problem._frontier.text}); pass outside='empty' to "
            "report such points as empty bargaining sets")
    if not feasible:
        raise ParameterError(
            f"disagreement is ({_show(d1)}, {_show(d2)}), which lies outside the feasible set "
            f"({ctx.problem._frontier.text}): no agreement gives both players that much")


def _finish(ctx, point, empty, *, feasible=True, method, exact, unique=True, points=None,
            x=None, utopia=None, condition=None, lottery=None):
    """Build the result: check feasibility, replace empty cases by the disagreement point."""
    if ctx.outside == "raise":
        _outside_error(ctx, feasible)
    d = ctx.d
    if ctx.mode == "vector":
        empty = np.asarray(empty, dtype=bool) | ~np.asarray(feasible, dtype=bool)
        shape = np.broadcast_shapes(*(np.shape(v) for v in (*point, *d, empty)))
        point = tuple(np.where(empty, np.broadcast_to(dv, shape), np.broadcast_to(pv, shape))
                      for pv, dv in zip(point, d))
        empty = np.broadcast_to(empty, shape).copy()
        unique = np.broadcast_to(np.asarray(unique, dtype=bool) | empty, shape).copy()
        if x is not None:
            x = np.where(empty, np.nan, np.broadcast_to(x, shape))
        if utopia is not None:
            utopia = tuple(np.where(empty, np.nan, np.broadcast_to(u, shape)) for u in utopia)
        if points is not None:
            points = tuple(tuple(np.where(empty, np.broadcast_to(dv, shape),
                                          np.broadcast_to(pv, shape)) for pv, dv in zip(p, d))
                           for p in points)
        lottery = None
    elif ctx.mode != "symbolic":
        empty = bool(empty) or not bool(feasible)
        if empty:
            point, unique, points, x, utopia, lottery = d, True, None, None, None, None
    if ctx.mode in ("exact", "float"):
        conv = _exact if ctx.mode == "exact" else float
        point = tuple(conv(v) for v in point)
        x = None if x is None else conv(x)
        utopia = None if utopia is None else tuple(conv(v) for v in utopia)
        if points is not None:
            points = tuple(tuple(conv(v) for v in p) for p in points)
        d = tuple(conv(v) for v in d)
    if points is None:
        points = (point,)
    labels = None
    fr = ctx.problem._frontier
    if lottery is not None and getattr(fr, "labels", None) is not None:
        labels = tuple(fr.labels[k] for k, _ in lottery)
    weights = ctx.w if ctx.concept == "nash" else None
    return BargainingSolution(
        solution=ctx.solution, point=tuple(point), disagreement=tuple(d), players=ctx.players,
        method=method + ctx.note, exact=exact, empty=empty, unique=unique, points=points, x=x,
        weights=weights, utopia=utopia, condition=condition, lottery=lottery, labels=labels)


def _exact(value):
    """Fraction when rational, a (simplified) sympy number otherwise."""
    if isinstance(value, (Fraction, int)):
        return Fraction(value)
    if _is_sympy(value):
        if getattr(value, "is_Rational", False):
            return Fraction(int(value.p), int(value.q))
        sp = _sp()
        simple = sp.nsimplify(value) if value.is_Float else value
        if getattr(simple, "is_Rational", False):
            return Fraction(int(simple.p), int(simple.q))
        return simple
    return value


# ----------------------------------------------------------------------------------------
# Generic helpers over Python numbers, numpy arrays and sympy


def _where(c, a, b):
    if isinstance(c, (bool, np.bool_)):
        return a if c else b
    if isinstance(c, np.ndarray):
        return np.where(c, a, b)
    sp = _sp()
    if c == sp.true:
        return a
    if c == sp.false:
        return b
    return sp.Piecewise((a, c), (b, True), evaluate=False)


def _and(a, b):
    if isinstance(a, (bool, np.bool_)) and isinstance(b, (bool, np.bool_)):
        return bool(a) and bool(b)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.logical_and(a, b)
    return _sp().And(a, b)


def _or(*args):
    if all(isinstance(a, (bool, np.bool_)) for a in args):
        return any(bool(a) for a in args)
    if any(isinstance(a, np.ndarray) for a in args):
        return np.logical_or.reduce(np.broadcast_arrays(*args))
    return _sp().Or(*args)


def _not(a):
    if isinstance(a, (bool, np.bool_)):
        return not a
    if isinstance(a, np.ndarray):
        return ~a
    return _sp().Not(a)


def _cmp(a, b, strict):
    """a < b (strict) or a <= b, as a Python bool for numbers, array or sympy relational."""
    if _is_sympy(a) or _is_sympy(b):
        sp = _sp()
        a, b = sp.sympify(a), sp.sympify(b)
        if (a - b).free_symbols:
            return sp.Lt(a, b) if strict else sp.Le(a, b)
        s = _sign(b - a)
        return s > 0 if strict else s >= 0
    return (a < b) if strict else (a <= b)


def _sign(expr):
    """-1, 0 or 1 for a sympy number (high-precision evaluation); None if undefined."""
    sp = _sp()
    expr = sp.sympify(expr)
    if expr.is_zero:
        return 0
    if expr in (sp.zoo, sp.nan):
        return None
    if expr is sp.oo:
        return 1
    if expr is -sp.oo:
        return -1
    value = sp.N(expr, 40)
    if not value.is_number or value.has(sp.zoo, sp.nan):
        return None
    re, im = value.as_real_imag()
    if abs(im) > 1e-30 * (1 + abs(re)):
        return None
    if abs(re) < 1e-35:
        return 0 if sp.simplify(expr) == 0 else (1 if re > 0 else -1)
    return 1 if re > 0 else -1


# ----------------------------------------------------------------------------------------
# Finite sets (no lotteries)


def _finite(ctx, fr):
    if ctx.mode == "symbolic":
        raise ParameterError("a finite set of outcomes compares numbers; give the disagreement "
                             "point and weights as numbers or arrays, not symbols")
    pts = fr.points
    d1, d2 = ctx.d
    if ctx.mode == "vector":
        return _finite_vector(ctx, fr)
    if ctx.mode == "float" or not fr.exact:
        pts = [tuple(float(v) for v in p) for p in pts]
        ctx.mode = "float"
        ctx.d = d1, d2 = float(d1), float(d2)
        if ctx.w is not None:
            ctx.w = tuple(float(v) for v in ctx.w)
    better = [k for k, (a, b) in enumerate(pts) if a > d1 and b > d2]
    if not better:
        return _finish(ctx, ctx.d, True, method="finite set", exact=ctx.mode == "exact")
    gains = {k: (pts[k][0] - d1, pts[k][1] - d2) for k in better}
    key = _finite_key(ctx, gains)
    scores = {k: key(k) for k in better}
    best = max(scores.values())
    exact = ctx.mode == "exact" and not isinstance(best, float) and not (
        isinstance(best, tuple) and any(isinstance(v, float) for v in best))
    if exact:
        ties = [k for k in better if scores[k] == best]
    else:
        ties = [k for k in better if _close(scores[k], best)]
    chosen = ties[0]
    utopia = None
    if ctx.concept == "kalai-smorodinsky":
        utopia = (max(pts[k][0] for k in better), max(pts[k][1] for k in better))
    return _finish(ctx, pts[chosen], False, method="finite set", exact=ctx.mode == "exact",
                   unique=len(ties) == 1, points=tuple(pts[k] for k in ties), utopia=utopia,
                   lottery=((chosen, Fraction(1) if ctx.mode == "exact" else 1.0),))


def _close(a, b):
    a, b = (a if isinstance(a, tuple) else (a,)), (b if isinstance(b, tuple) else (b,))
    return all(abs(float(x) - float(y)) <= 1e-12 * (1 + abs(float(y))) for x, y in zip(a, b))


def _finite_key(ctx, gains):
    c = ctx.concept
    if c == "nash":
        w1, w2 = ctx.w
        if isinstance(w1, Fraction) and isinstance(w2, Fraction):
            r = w1 / w2
            p, q = r.numerator, r.denominator
            return lambda k: gains[k][0] ** p * gains[k][1] ** q
        return lambda k: float(w1) * np.log(float(gains[k][0])) + float(w2) * np.log(
            float(gains[k][1]))
    if c == "kalai-smorodinsky":
        top1 = max(g[0] for g in gains.values())
        top2 = max(g[1] for g in gains.values())

        def ks(k):
            r = (gains[k][0] / top1, gains[k][1] / top2)
            return (min(r), max(r))

        return ks
    if c == "egalitarian":
        return lambda k: (min(gains[k]), max(gains[k]))
    return lambda k: gains[k][0] + gains[k][1]


def _finite_vector(ctx, fr):
    P = np.array([[float(a), float(b)] for a, b in fr.points])
    d1, d2 = ctx.d
    g1 = P[:, 0] - d1[..., None]
    g2 = P[:, 1] - d2[..., None]
    ok = (g1 > 0) & (g2 > 0)
    with np.errstate(all="ignore"):
        if ctx.concept == "nash":
            w1, w2 = (v[..., None] for v in ctx.w)
            score = w1 * np.log(g1) + w2 * np.log(g2)
        elif ctx.concept == "kalai-smorodinsky":
            t1 = np.max(np.where(ok, g1, -np.inf), axis=-1, keepdims=True)
            t2 = np.max(np.where(ok, g2, -np.inf), axis=-1, keepdims=True)
            r1, r2 = g1 / t1, g2 / t2
            score = np.minimum(r1, r2) + 1e-9 * np.maximum(r1, r2)
        elif ctx.concept == "egalitarian":
            score = np.minimum(g1, g2) + 1e-9 * np.maximum(g1, g2)
        else:
            score = g1 + g2
    score = np.where(ok, score, -np.inf)
    k = np.argmax(score, axis=-1)
    best = np.take_along_axis(score, k[..., None], axis=-1)
    with np.errstate(all="ignore"):
        ties = np.sum(np.abs(score - best) <= 1e-12 * (1 + np.abs(best)), axis=-1)
    empty = ~ok.any(axis=-1)
    point = (P[k, 0], P[k, 1])
    return _finish(ctx, point, empty, method="finite set (vectorised)", exact=False,
                   unique=ties <= 1)


# ----------------------------------------------------------------------------------------
# Polylines: convex hulls of points, linear frontiers


def _polyline(ctx, fr):
    mode = ctx.mode
    verts = fr.vertices
    if mode in ("vector", "float") or not fr.exact:
        if mode == "exact":  # exact inputs on a float polyline
            ctx.mode = mode = "float"
            ctx.d = tuple(float(v) for v in ctx.d)
            ctx.w = None if ctx.w is None else tuple(float(v) for v in ctx.w)
        verts = [(float(a), float(b)) for a, b in verts]
    elif mode == "symbolic" or any(_is_sympy(v) for v in (*ctx.d, *(ctx.w or ()))):
        verts = [(_to_sympy(a), _to_sympy(b)) for a, b in verts]
        ctx.d = tuple(_to_sympy(v) for v in ctx.d)
        ctx.w = None if ctx.w is None else tuple(_to_sympy(v) for v in ctx.w)
    P = _Poly(verts, mode == "vector")
    d1, d2 = ctx.d
    a = minimum(maximum(d1, P.lo), P.hi)
    ga = P.g(a)
    feasible = _and(_cmp(d1, P.hi, False), _cmp(d2, ga, False))
    nonempty = _and(_cmp(d1, P.hi, True), _cmp(d2, ga, True))
    exact = mode in ("exact", "symbolic")
    method = "exact polyline" if exact else "polyline (vectorised)" if mode == "vector" \
        else "polyline"
    if mode in ("exact", "float") and not (nonempty and feasible):
        return _finish(ctx, ctx.d, not nonempty, feasible=feasible, method=method, exact=exact)
    top = P.ys[-1]
    b = maximum(_where(_cmp(d2, top, False), P.hi, P.x_of_u2(d2)), a)
    yb = maximum(d2, top)
    unique, points, utopia = True, None, None
    with np.errstate(all="ignore"):  # arrays: cases with an empty set give 0/0, masked later
        if ctx.concept == "nash":
            x, y = P.nash(a, b, yb, d1, d2, *ctx.w)
        elif ctx.concept == "kalai-smorodinsky":
            utopia = (b, ga)
            x, y = P.ks(a, b, yb, d1, d2, b, ga)
        elif ctx.concept == "egalitarian":
            x, y = P.egalitarian(d1, d2)
        else:
            x, y, unique, points = P.utilitarian(a, b, yb)
    empty = _not(nonempty)
    condition = None
    if mode == "symbolic":
        condition = nonempty
    lottery = None
    if fr.source is not None and mode in ("exact", "float") and bool(unique):
        lottery = _lottery(fr, verts, x)
    return _finish(ctx, (x, y), empty, feasible=feasible, method=method, exact=exact,
                   unique=unique, points=points, x=x, utopia=utopia, condition=condition,
                   lottery=lottery)


def _lottery(fr, verts, x):
    """The lottery over two adjacent vertices whose expected utilities dominate point."""
    xs = [v[0] for v in verts]
    x = minimum(maximum(x, xs[0]), xs[-1])
    for j, xj in enumerate(xs):
        if x == xj:
            return ((fr.index[j], type(x)(1)),)
    for j in range(len(xs) - 1):
        if xs[j] < x < xs[j + 1]:
            p = (xs[j + 1] - x) / (xs[j + 1] - xs[j])
            return ((fr.index[j], p), (fr.index[j + 1], 1 - p))
    return None


class _Poly:
    """Evaluation on a concave decreasing polyline; scalars, arrays or sympy alike."""

    def __init__(self, verts, vector):
        self.xs = [v[0] for v in verts]
        self.ys = [v[1] for v in verts]
        self.lo, self.hi = self.xs[0], self.xs[-1]
        self.vector = vector
        self.edges = []
        for j in range(len(verts) - 1):
            (x0, y0), (x1, y1) = verts[j], verts[j + 1]
            q = (y0 - y1) / (x1 - x0)
            self.edges.append((x0, x1, q, y0 + q * x0))  # u2 = P - q u1 on [x0, x1]

    def g(self, u):
        if self.vector:
            return np.interp(u, self.xs, self.ys)
        if not self.edges:
            return self.ys[0]
        _, _, q, P = self.edges[-1]
        res = P - q * u
        for _x0, x1, q, P in reversed(self.edges[:-1]):
            res = _where(_cmp(u, x1, False), P - q * u, res)
        return res

    def x_of_u2(self, v):
        """u1 where the frontier reaches u2 = v (lo above the top, hi below the bottom)."""
        if self.vector:
            return np.interp(v, self.ys[::-1], self.xs[::-1])
        res = self.hi
        for _x0, x1, q, P in reversed(self.edges):
            y1 = P - q * x1
            res = _where(_cmp(v, y1, False), res, (P - v) / q)
        return _where(_cmp(self.ys[0], v, False), self.lo, res)

    def _scan(self, a, b, yb, stationary):
        """First edge (restricted to [a, b]) whose stationary point is not to its right."""
        res_x, res_y, decided = b, yb, False
        for x0, x1, q, P in self.edges:
            lo_j, hi_j = maximum(x0, a), minimum(x1, b)
            relevant = _and(_not(decided), _cmp(lo_j, hi_j, True))
            u = stationary(q, P)
            left = _and(relevant, _cmp(u, lo_j, False))
            inside = _and(_and(relevant, _not(left)), _cmp(u, hi_j, True))
            res_x = _where(left, lo_j, _where(inside, u, res_x))
            res_y = _where(left, P - q * lo_j, _where(inside, P - q * u, res_y))
            decided = _or(decided, left, inside)
        return res_x, res_y

    def nash(self, a, b, yb, d1, d2, w1, w2):
        return self._scan(a, b, yb, lambda q, P: (w1 * (P - d2) + w2 * q * d1) / (q * (w1 + w2)))

    def ks(self, a, b, yb, d1, d2, U1, U2):
        return self._scan(a, b, yb, lambda q, P: ((P - d2) * (U1 - d1) + (U2 - d2) * d1)
                          / (q * (U1 - d1) + (U2 - d2)))

    def egalitarian(self, d1, d2):
        lo, top = self.lo, self.ys[0]
        horizontal = _cmp(top - d2, lo - d1, True)  # the diagonal meets the flat part first
        res_x, res_y = self.hi, d2 + self.hi - d1  # ... or the vertical part at the end
        decided = horizontal
        for x0, x1, q, P in self.edges:
            u = (P - d2 + d1) / (q + 1)
            left = _and(_not(decided), _cmp(u, x0, False))
            inside = _and(_and(_not(decided), _not(left)), _cmp(u, x1, True))
            res_x = _where(left, x0, _where(inside, u, res_x))
            res_y = _where(left, P - q * x0, _where(inside, P - q * u, res_y))
            decided = _or(decided, left, inside)
        res_x = _where(horizontal, d1 + top - d2, res_x)
        res_y = _where(horizontal, top, res_y)
        return res_x, res_y

    def utilitarian(self, a, b, yb):
        res_x, res_y, decided = b, yb, False
        unique, seg = True, None
        for x0, x1, q, P in self.edges:
            if q < 1:
                continue
            lo_j, hi_j = maximum(x0, a), minimum(x1, b)
            relevant = _and(_not(decided), _cmp(lo_j, hi_j, True))
            if q > 1:
                res_x = _where(relevant, lo_j, res_x)
                res_y = _where(relevant, P - q * lo_j, res_y)
            else:  # slope -1: every point of the edge maximises u1 + u2
                mid = (lo_j + hi_j) / 2
                res_x = _where(relevant, mid, res_x)
                res_y = _where(relevant, P - q * mid, res_y)
                unique = _and(unique, _not(relevant))
                seg = ((lo_j, P - q * lo_j), (hi_j, P - q * hi_j))
                if not isinstance(relevant, np.ndarray) and not _is_sympy(relevant):
                    seg = seg if relevant else None
            decided = _or(decided, relevant)
        if seg is not None and isinstance(unique, np.ndarray):
            seg = tuple(tuple(np.where(unique, r, s) for r, s in zip((res_x, res_y), e))
                        for e in seg)
        return res_x, res_y, unique, seg


# ----------------------------------------------------------------------------------------
# Smooth curves: numeric and exact backends sharing one algorithm


class _V:
    """Frontier values at x: utilities, first and second derivatives in x."""

    __slots__ = ("p1", "p2", "s1", "s2", "u1", "u2")

    def __init__(self, u1, u2, p1, p2, s1=None, s2=None):
        self.u1, self.u2, self.p1, self.p2, self.s1, self.s2 = u1, u2, p1, p2, s1, s2


def _nash_h(V, d1, d2, w1, w2):
    return w1 * V.p1 * (V.u2 - d2) + w2 * V.p2 * (V.u1 - d1)


def _nash_dh(V, d1, d2, w1, w2):
    return w1 * (V.s1 * (V.u2 - d2) + V.p1 * V.p2) + w2 * (V.s2 * (V.u1 - d1) + V.p2 * V.p1)


def _nash_log(V, d1, d2, w1, w2):
    return w1 * V.p1 / (V.u1 - d1) + w2 * V.p2 / (V.u2 - d2)


def _ks_h(V, d1, d2, U1, U2):
    return (V.u2 - d2) * (U1 - d1) - (U2 - d2) * (V.u1 - d1)


def _ks_dh(V, d1, d2, U1, U2):
    return V.p2 * (U1 - d1) - (U2 - d2) * V.p1


def _egal_h(V, d1, d2):
    return (V.u2 - d2) - (V.u1 - d1)


def _egal_dh(V, d1, d2):
    return V.p2 - V.p1


def _util_h(V):
    return V.p1 + V.p2


def _util_dh(V):
    return V.s1 + V.s2


def _inv1_h(V, v):
    return v - V.u1


def _inv1_dh(V, v):
    return -V.p1


def _inv2_h(V, v):
    return V.u2 - v


def _inv2_dh(V, v):
    return V.p2


class _NoClosedForm(Exception):
    pass


class _NumericBackend:
    """Floats (brentq) or numpy arrays (vectorised Newton–bisection)."""

    def __init__(self, curve, vector):
        self.curve, self.vector = curve, vector
        self.lo, self.hi = curve.bounds
        self.smooth = curve.kind == "sympy"
        self.exact = False
        if self.smooth:
            self._f = curve.numeric()
        self.method = ("vectorised Newton-bisection" if self.smooth else
                       "vectorised bisection") if vector else "bracketed root (brentq)"

    def values(self, x):
        if self.smooth:  # numpy scalars: inf rather than ZeroDivisionError at the ends
            with np.errstate(all="ignore"):
                return _V(*self._f(x if isinstance(x, np.ndarray) else np.float64(x)))
        return _V(*self.curve.values(x))

    def point(self, x):
        V = self.values(x)
        shape = np.shape(x)
        return (np.broadcast_to(V.u1, shape) if shape else V.u1,
                np.broadcast_to(V.u2, shape) if shape else V.u2)

    def lt(self, a, b, tol=0.0):
        return a < b - tol

    def le(self, a, b, tol=0.0):
        return a <= b + tol

    def _compiled(self, h, dh, names):
        """``f(x, *params) -> [h, dh]`` and ``f0(x, *params) -> h``, lambdified (cse, cached)."""
        cache = self.curve._cache
        key = ("compiled", h.__name__, names)
        if key not in cache:
            sp = _sp()
            syms = [sp.Dummy(n) for n in names]
            p1, p2, s1, s2 = self.curve.derivatives()
            V = _V(self.curve.u1, self.curve.u2, p1, p2, s1, s2)
            args = dict(zip(names, syms))
            both = sp.lambdify([self.curve.x, *syms], [h(V, **args), dh(V, **args)],
                               modules="numpy", cse=True)
            alone = sp.lambdify([self.curve.x, *syms], h(V, **args), modules="numpy", cse=True)
            cache[key] = both, alone
        return cache[key]

    def root(self, h, dh, lo, hi, params, guess=None):
        names = tuple(params)
        if self.smooth:
            f, f0 = self._compiled(h, dh, names)

            def fun(x, p, derivative=True):
                args = (p[n] for n in names)
                return f(x, *args) if derivative else (f0(x, *args), None)
        else:
            def fun(x, p, derivative=True):
                return h(self.values(x), **p), None

        if self.vector:
            return _vector_root(fun, lo, hi, params, guess=guess)
        return _scalar_root(lambda x: float(fun(np.float64(x), params, False)[0]), lo, hi)

    def guess_xb(self, v, xa, hi):
        """Where player 2's utility falls to ``v``, if a closed form makes it cheap."""
        if not (self.vector and self.smooth) or _inverse_form(self.curve, 2) is None:
            return None
        return maximum(self.inverse(2, v, self.lo, hi), xa)

    def inverse(self, which, v, lo, hi):
        """x in [lo, hi] where u_which(x) = v (lo or hi where the value is out of range)."""
        # a closed-form inverse pays off over arrays; at a point brentq is cheaper than sympy
        f = _inverse_form(self.curve, which) if self.smooth and self.vector else None
        h, dh = (_inv1_h, _inv1_dh) if which == 1 else (_inv2_h, _inv2_dh)
        if f is None:
            return self.root(h, dh, lo, hi, {"v": v})
        with np.errstate(all="ignore"):
            x = np.clip(f(v) * np.ones_like(v), lo, hi)
            at_lo = h(self.values(lo), v) <= 0  # the value is out of range on one side
            at_hi = h(self.values(hi), v) >= 0
            x = np.where(at_lo, lo, np.where(at_hi, hi, x))
        return x if self.vector else float(x)


def _inverse_form(curve, which):
    """A lambdified closed form of x(v) solving u_which(x) = v, checked along the curve."""
    key = ("inverse", which)
    if key not in curve._cache:
        curve._cache[key] = None
        if not curve.params:
            sp = _sp()
            X, v = curve.x, sp.Dummy("v")
            u = curve.u1 if which == 1 else curve.u2
            if which == 1 and curve.identity:
                curve._cache[key] = lambda value: value
                return curve._cache[key]
            try:
                candidates = sp.solve(u - v, X)
            except (NotImplementedError, ValueError, TypeError):
                candidates = []
            lo, hi = float(curve.lo), float(curve.hi)
            refs = [lo + r * (hi - lo) for r in (0.05, 0.3, 0.5, 0.7, 0.95)]
            fu = sp.lambdify(X, u, modules="numpy")
            for c in candidates:
                f = sp.lambdify(v, c, modules="numpy")
                try:
                    with np.errstate(all="ignore"):
                        ok = all(abs(complex(f(np.float64(fu(np.float64(r))))) - r)
                                 < 1e-9 * (1 + abs(r)) for r in refs)
                except (TypeError, ValueError, ZeroDivisionError):
                    ok = False
                if ok:
                    curve._cache[key] = f
                    break
    return curve._cache[key]


class _ExactBackend:
    """sympy: the defining condition solved in closed form; exact comparisons."""

    method = "closed form (sympy)"
    vector = False
    exact = True

    def __init__(self, curve):
        sp = _sp()
        self.curve = curve
        self.lo, self.hi = curve.lo, curve.hi
        self.X = curve.x
        p1, p2, s1, s2 = curve.derivatives()
        self.V = _V(curve.u1, curve.u2, p1, p2, s1, s2)
        self.sp = sp

    def point(self, x):
        sp = self.sp
        return tuple(_simplify(sp.sympify(e).subs(self.X, x)) for e in (self.curve.u1,
                                                                         self.curve.u2))

    def lt(self, a, b, tol=0.0):
        return _sign(self.sp.sympify(b) - a) == 1

    def le(self, a, b, tol=0.0):
        s = _sign(self.sp.sympify(b) - a)
        return s is not None and s >= 0

    def inverse(self, which, v, lo, hi):
        h, dh = (_inv1_h, _inv1_dh) if which == 1 else (_inv2_h, _inv2_dh)
        return self.root(h, dh, lo, hi, {"v": v})

    def root(self, h, dh, lo, hi, params, solve_form=None):
        sp, X = self.sp, self.X
        expr = h(self.V, **params)
        s_lo = _sign(expr.subs(X, lo))
        if s_lo is not None and s_lo <= 0:
            return lo
        s_hi = _sign(expr.subs(X, hi))
        if s_hi is not None and s_hi >= 0:
            return hi
        if _sign(sp.sympify(hi) - lo) == 0:
            return lo
        target = expr if solve_form is None else solve_form(self.V, **params)
        try:
            candidates = sp.solve(target, X)
        except (NotImplementedError, ValueError, TypeError):
            raise _NoClosedForm from None
        lo_f, hi_f = float(lo), float(hi)
        valid = []
        for c in candidates:
            if c.free_symbols:
                continue
            value = complex(sp.N(c, 30))
            if abs(value.imag) > 1e-20 or not lo_f - 1e-20 <= value.real <= hi_f + 1e-20:
                continue
            residual = sp.N(expr.subs(X, c), 30)
            if residual.is_number and abs(complex(residual)) < 1e-15:
                valid.append(c)
        if not valid:
            raise _NoClosedForm
        return _simplify(valid[0])


def _simplify(expr):
    sp = _sp()
    expr = sp.sympify(expr)
    if sp.count_ops(expr) < 80:
        try:
            if expr.has(sp.Float):
                return sp.nsimplify(sp.simplify(expr))
            simple = sp.simplify(expr)
            return sp.sqrtdenest(simple) if simple.has(sp.Pow) else simple
        except Exception:  # simplification is cosmetic
            return expr
    return expr


def _curve(ctx, B):
    """The solution on a smooth frontier with backend ``B`` (numeric or exact)."""
    d1, d2 = ctx.d
    w = ctx.w
    if B.exact:
        d1, d2 = _to_sympy(d1), _to_sympy(d2)
        w = None if w is None else tuple(_to_sympy(v) for v in w)
    lo, hi = B.lo, B.hi
    curve = B.curve
    tol = 0.0 if B.exact else 1e-12
    if curve.identity:
        xa = minimum(maximum(d1, lo), hi) if not B.exact else _clip_exact(d1, lo, hi)
    else:
        xa = B.inverse(1, d1, lo, hi)
    A2 = B.point(xa)[1]
    H1 = B.point(hi)[0]
    scale = 1 + np.abs(A2) if not B.exact else 0
    feasible = _and(B.le(d1, H1, tol * scale), B.le(d2, A2, tol * scale))
    nonempty = _and(B.lt(d1, H1, tol * scale), B.lt(d2, A2, tol * scale))
    method = B.method
    if not B.vector and not (nonempty and feasible):
        return _finish(ctx, ctx.d, not nonempty, feasible=feasible, method=method,
                       exact=B.exact)
    with np.errstate(all="ignore"):  # arrays: cases with an empty set are masked later
        unique, points, utopia = True, None, None
        c = ctx.concept
        if c == "nash":
            w1, w2 = w
            params = {"d1": d1, "d2": d2, "w1": w1, "w2": w2}
            if B.exact:
                x = B.root(_nash_h, _nash_dh, xa, hi, params, solve_form=_nash_log)
            else:
                xb = B.guess_xb(d2, xa, hi)  # start Newton at the chord's Nash point
                guess = None if xb is None else xa + w1 / (w1 + w2) * (xb - xa)
                x = B.root(_nash_h, _nash_dh, xa, hi, params, guess=guess)
            point = B.point(x)
        elif c == "kalai-smorodinsky":
            xb = maximum(B.inverse(2, d2, lo, hi), xa)
            U1 = B.point(xb)[0]
            utopia = (U1, A2)
            params = {"d1": d1, "d2": d2, "U1": U1, "U2": A2}
            if B.exact:
                x = B.root(_ks_h, _ks_dh, xa, xb, params)
            else:
                x = B.root(_ks_h, _ks_dh, xa, xb, params, guess=(xa + xb) / 2)
            point = B.point(x)
        elif c == "egalitarian":
            x = B.root(_egal_h, _egal_dh, lo, hi, {"d1": d1, "d2": d2})
            point = B.point(x)
            L1, L2 = B.point(lo)
            H2 = B.point(hi)[1]
            horizontal = B.lt(L2 - d2, L1 - d1)  # the diagonal leaves S on the flat part
            vertical = B.lt(H1 - d1, H2 - d2)  # ... or on the vertical part
            point = (_where(horizontal, d1 + L2 - d2, _where(vertical, H1, point[0])),
                     _where(horizontal, L2, _where(vertical, d2 + H1 - d1, point[1])))
        else:
            xb = maximum(B.inverse(2, d2, lo, hi), xa)
            if _flat_sum(curve):
                points = (B.point(xa), B.point(xb))
                x = (xa + xb) / 2
                unique = False
            else:
                x = B.root(_util_h, _util_dh, xa, xb, {})
            point = B.point(x)
    return _finish(ctx, point, _not(nonempty), feasible=feasible, method=method, exact=B.exact,
                   unique=unique, points=points, x=x, utopia=utopia)


def _clip_exact(v, lo, hi):
    if _sign(_sp().sympify(v) - lo) <= 0:
        return lo
    if _sign(_sp().sympify(v) - hi) >= 0:
        return hi
    return _sp().sympify(v)


def _flat_sum(curve):
    """Whether u1 + u2 is constant along a sympy curve (then utilitarian is not unique)."""
    if curve.kind != "sympy":
        return False
    if "flat" not in curve._cache:
        p1, p2, _, _ = curve.derivatives()
        curve._cache["flat"] = _sp().simplify(p1 + p2) == 0
    return curve._cache["flat"]


def _scalar_root(f, lo, hi):
    """Root of a decreasing f on [lo, hi], or the end where f already has the final sign."""
    from scipy.optimize import brentq

    with np.errstate(all="ignore"):
        f_lo, f_hi = f(lo), f(hi)
    if f_lo <= 0:
        return lo
    if f_hi >= 0:
        return hi
    if not lo < hi:
        return lo

    def g(x):
        with np.errstate(all="ignore"):
            v = f(x)
        if np.isfinite(v):
            return v
        return 1e300 if x - lo < hi - x else -1e300

    return brentq(g, lo, hi, xtol=1e-300, rtol=4 * _EPS, maxiter=500)


def _vector_root(fun, lo, hi, params, maxiter=200, guess=None):
    """Vectorised root of decreasing functions on brackets [lo, hi] (arrays).

    ``fun(x, params) -> (h, dh)`` with ``dh`` None for pure bisection.  Where ``h(lo) <= 0``
    the result is ``lo``, where ``h(hi) >= 0`` it is ``hi``.  Newton steps that leave the
    current bracket are replaced by bisection (a safeguarded Newton, "rtsafe").
    """
    arrays = np.broadcast_arrays(np.asarray(lo, float), np.asarray(hi, float),
                                 *(np.asarray(v, float) for v in params.values()))
    shape = arrays[0].shape
    lo, hi = (a.reshape(-1) for a in arrays[:2])
    keys = list(params)
    p = {k: a.reshape(-1) for k, a in zip(keys, arrays[2:])}
    out = np.empty(lo.shape)
    if guess is not None:
        guess = np.broadcast_to(np.asarray(guess, float), shape).reshape(-1)
    with np.errstate(all="ignore"):
        h_lo = fun(lo, p, False)[0] * np.ones_like(lo)
        h_hi = fun(hi, p, False)[0] * np.ones_like(lo)
        at_lo = h_lo <= 0
        at_hi = ~at_lo & (h_hi >= 0)
        out[at_lo], out[at_hi] = lo[at_lo], hi[at_hi]
        idx = np.flatnonzero(~(at_lo | at_hi))
        a, b = lo[idx], hi[idx]
        p = {k: v[idx] for k, v in p.items()}
        scale = 4 * _EPS * np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300)
        x = 0.5 * (a + b)
        if guess is not None:
            g = guess[idx]
            x = np.where((g > a) & (g < b), g, x)
        for _ in range(maxiter):
            if idx.size == 0:
                break
            hv, dv = fun(x, p)
            hv = hv * np.ones_like(x)
            a = np.where(hv > 0, x, a)
            b = np.where(hv < 0, x, b)
            mid = 0.5 * (a + b)
            if dv is not None:
                step = hv / dv
                xn = x - step
                # converged: quadratic convergence leaves an error ~ step**2 after this step
                small = np.abs(step) <= np.maximum(scale, 1e-9 * (b - a + scale))
                xn = np.where(((xn > a) & (xn < b)) | small, xn, mid)
                done = (hv == 0) | small | (b - a <= scale)
            else:
                xn = mid
                done = (hv == 0) | (b - a <= scale)
            xn = np.where(hv == 0, x, xn)
            n_done = np.count_nonzero(done)
            if n_done == idx.size:
                out[idx] = xn
                idx, x = idx[:0], xn[:0]
                break
            if n_done > idx.size // 4:
                out[idx[done]] = xn[done]
                keep = ~done
                idx, x, a, b, scale = idx[keep], xn[keep], a[keep], b[keep], scale[keep]
                p = {k: v[keep] for k, v in p.items()}
            else:
                x = xn
        out[idx] = x
    return out.reshape(shape)


# ----------------------------------------------------------------------------------------
# Symbolic closed forms


def _symbolic_curve(ctx, fr):
    """Closed form of the interior solution; symbols in d, weights or the frontier."""
    sp = _sp()
    X = fr.x
    names = ["d1", "d2"] + (["w1", "w2"] if ctx.concept == "nash" else [])
    given = dict(zip(names, (*ctx.d, *(ctx.w or ()))))
    dummies, back = {}, {}
    for name, value in given.items():
        if _is_symbolic(value):
            D = sp.Dummy(name, real=True)
            dummies[name], back[D] = D, value
        else:
            dummies[name] = _to_sympy(value)
    key = ("symbolic", ctx.concept,
           *((n, None if isinstance(v, sp.Dummy) else v) for n, v in dummies.items()))
    if key not in fr._cache:
        fr._cache[key] = _closed_form(fr, ctx.concept, dummies)
    generic = fr._cache[key]
    free = {D: back[D] for D in back}

    def user(e):
        return _simplify(e.xreplace(free))

    d1, d2 = (sp.sympify(v) for v in ctx.d)
    u1, u2 = fr.u1, fr.u2
    x = user(generic["x"])
    point = (user(u1.subs(X, generic["x"])), user(u2.subs(X, generic["x"])))
    xa = user(generic["xa"])
    empty = sp.Or(d1 >= u1.subs(X, fr.hi), d2 >= u2.subs(X, xa))
    if generic.get("segment"):
        points = tuple((user(u1.subs(X, e)), user(u2.subs(X, e))) for e in generic["segment"])
        unique = False
    else:
        points, unique = None, True
    condition = sp.And(point[0] > d1, point[1] > d2, x >= fr.lo, x <= fr.hi)
    if ctx.concept == "kalai-smorodinsky":
        condition = sp.And(condition, d1 >= u1.subs(X, fr.lo), d2 >= u2.subs(X, fr.hi))
    utopia = None
    if "U" in generic:
        utopia = tuple(user(v) for v in generic["U"])
    return _finish(ctx, point, empty, method="closed form (sympy)", exact=True, unique=unique,
                   points=points, x=x, utopia=utopia, condition=condition)


def _references(fr, dummies):
    """Numeric values for the dummy symbols at which to tell closed-form branches apart."""
    sp = _sp()
    if fr.params:
        return []
    lo, hi = fr.lo, fr.hi
    X = fr.x
    out = []
    R = sp.Rational
    for r1, r2 in ((R(1, 4), R(3, 4)), (R(1, 3), R(1, 2)), (R(1, 10), R(9, 10)),
                   (R(1, 2), R(2, 3))):
        for w in ((1, 1), (3, 2)):
            values = {"d1": fr.u1.subs(X, lo + r1 * (hi - lo)),
                      "d2": fr.u2.subs(X, lo + r2 * (hi - lo)), "w1": w[0], "w2": w[1]}
            ref = {D: sp.sympify(values[n]) for n, D in dummies.items()
                   if isinstance(D, sp.Dummy)}
            out.append(ref)
    return out


def _closed_form(fr, concept, dummies):
    sp = _sp()
    X = fr.x
    p1, p2, s1, s2 = fr.derivatives()
    V = _V(fr.u1, fr.u2, p1, p2, s1, s2)
    refs = _references(fr, dummies)
    d1, d2 = dummies["d1"], dummies["d2"]

    def numeric(e, ref):
        try:
            return complex(sp.N(sp.sympify(e).xreplace(ref), 30))
        except (TypeError, ValueError):
            return complex(np.nan)

    def in_range(c, ref):
        v = numeric(c, ref)
        return abs(v.imag) < 1e-12 and float(fr.lo) - 1e-12 <= v.real <= float(fr.hi) + 1e-12

    def gains(c, ref):
        if not in_range(c, ref):
            return False
        g1 = numeric(fr.u1.subs(X, c) - d1, ref)
        g2 = numeric(fr.u2.subs(X, c) - d2, ref)
        return g1.real > 0 and g2.real > 0

    def pick(candidates, check, what, extra=None):
        candidates = list(dict.fromkeys(candidates))
        if len(candidates) == 1:
            return candidates[0]
        for ref in refs:
            full = dict(ref)
            if extra is not None:
                full.update(extra(ref))
            ok = [c for c in candidates if check(c, full)]
            if len(ok) == 1:
                return ok[0]
        raise SolverError(f"the {what} has {len(candidates) or 'no'} closed-form "
                          "candidate(s) and none could be chosen; give the frontier's "
                          "parameters values (subs) or solve at a point")

    def solve(*forms):
        for form in forms:
            try:
                found = sp.solve(form, X)
            except NotImplementedError:
                continue
            if found:
                return found
        return []

    if fr.identity:
        xa = d1
    else:
        xa = pick(solve(fr.u1 - d1), in_range, "inverse of player 1's utility")
    out = {"xa": xa}
    if concept in ("kalai-smorodinsky", "utilitarian"):
        xb = pick(solve(fr.u2 - d2), in_range, "inverse of player 2's utility")
    if concept == "nash":
        w1, w2 = dummies["w1"], dummies["w2"]
        args = {"d1": d1, "d2": d2, "w1": w1, "w2": w2}
        forms = (sp.together(_nash_log(V, **args)), _nash_h(V, **args))
        out["x"] = pick(solve(*forms), gains, "Nash first-order condition")
    elif concept == "kalai-smorodinsky":
        U1s, U2s = sp.Dummy("U1"), sp.Dummy("U2")
        U1, U2 = fr.u1.subs(X, xb), fr.u2.subs(X, xa)
        candidates = solve(_ks_h(V, d1, d2, U1s, U2s))
        chosen = pick(candidates, gains, "Kalai–Smorodinsky condition",
                      extra=lambda ref: {U1s: sp.N(U1.xreplace(ref), 30),
                                         U2s: sp.N(U2.xreplace(ref), 30)})
        out["x"] = chosen.xreplace({U1s: U1, U2s: U2})
        out["U"] = (U1, U2)
    elif concept == "egalitarian":
        out["x"] = pick(solve(_egal_h(V, d1, d2)), gains, "egalitarian condition")
    else:
        if _flat_sum(fr):
            out["segment"] = (xa, xb)
            out["x"] = (xa + xb) / 2
        else:
            out["x"] = pick(solve(_util_h(V)), in_range, "utilitarian condition")
    return out


# ----------------------------------------------------------------------------------------
# Helpers for BargainingProblem


def _ends(curve):
    """((u1, u2) at the left end, (u1, u2) at the right end) of a numeric frontier, floats."""
    if curve.kind == "polyline":
        (a, b), (c, e) = curve.vertices[0], curve.vertices[-1]
        return (float(a), float(b)), (float(c), float(e))
    B = _NumericBackend(curve, False)
    lo, hi = B.lo, B.hi
    return tuple(float(v) for v in B.point(lo)), tuple(float(v) for v in B.point(hi))


def _boundary(curve, v, which):
    """u2 on the boundary of S at u1 = v (which=0), or u1 at u2 = v (which=1); floats."""
    vector = np.ndim(v) > 0
    v = np.asarray(v, dtype=float) if vector else float(v)
    (_, l2), (h1, _) = _ends(curve)
    with np.errstate(all="ignore"):
        if curve.kind == "polyline":
            xs = [float(p[0]) for p in curve.vertices]
            ys = [float(p[1]) for p in curve.vertices]
            if which == 0:
                out = np.interp(v, xs, ys, right=-np.inf)
                out = np.where(np.asarray(v) > h1, -np.inf, out)
            else:
                out = np.interp(v, ys[::-1], xs[::-1], right=-np.inf)
                out = np.where(np.asarray(v) > l2, -np.inf, out)
            return out if vector else float(out)
        B = _NumericBackend(curve, vector)
        lo, hi = B.lo, B.hi
        if which == 0:
            if curve.identity:
                x = np.clip(v, lo, hi)
            else:
                x = B.inverse(1, v, lo, hi)
            out = np.where(np.asarray(v) > h1, -np.inf, B.point(x)[1])
        else:
            x = B.inverse(2, v, lo, hi)
            out = np.where(np.asarray(v) > l2, -np.inf, B.point(x)[0])
    return out if vector else float(out)


def _trace(curve, n):
    if curve.kind == "polyline":
        return (np.array([float(p[0]) for p in curve.vertices]),
                np.array([float(p[1]) for p in curve.vertices]))
    lo, hi = curve.bounds
    x = np.linspace(float(lo), float(hi), n)
    B = _NumericBackend(curve, True)
    u1, u2 = B.point(x)
    return np.asarray(u1, dtype=float), np.asarray(u2, dtype=float)


def _contains(problem, u1, u2):
    fr = problem._frontier
    if fr.kind == "finite":
        return any(a >= u1 and b >= u2 for a, b in fr.points)
    if fr.kind == "polyline" and fr.exact and all(isinstance(v, Fraction) for v in (u1, u2)):
        P = _Poly(fr.vertices, False)
        return u1 <= P.hi and u2 <= P.g(minimum(maximum(u1, P.lo), P.hi))
    top = _boundary(problem._numeric_curve(), u1, 0)
    return np.asarray(u2) <= top + 1e-12 * (1 + np.abs(top))


def _check_feasible(problem, d):
    """Raise ParameterError if a numeric disagreement point lies outside the feasible set."""
    fr = problem._frontier
    if fr.kind == "finite" or fr.params or any(_is_symbolic(v) for v in d):
        return
    vector = any(isinstance(v, np.ndarray) for v in d)
    if fr.kind == "polyline" or (fr.kind == "sympy" and fr.identity and fr.linear()):
        poly = fr if fr.kind == "polyline" else fr.to_polyline()
        exact = poly.exact and all(isinstance(v, Fraction) for v in d)
        verts = poly.vertices if exact else [(float(a), float(b)) for a, b in poly.vertices]
        dd = d if exact else tuple(np.asarray(v, dtype=float) if vector else float(v)
                                   for v in d)
        P = _Poly(verts, vector)
        a = minimum(maximum(dd[0], P.lo), P.hi)
        feasible = _and(_cmp(dd[0], P.hi, False), _cmp(dd[1], P.g(a), False))
    else:
        dd = tuple(np.asarray(v, dtype=float) if vector else float(v) for v in d)
        B = _NumericBackend(fr, vector)
        if fr.identity:
            xa = np.clip(dd[0], B.lo, B.hi)
        else:
            xa = B.inverse(1, dd[0], B.lo, B.hi)
        A2 = B.point(xa)[1]
        H1 = B.point(B.hi)[0]
        tol = 1e-12 * (1 + np.abs(A2))
        feasible = (dd[0] <= H1 + tol) & (dd[1] <= A2 + tol)
    ctx = _Context.__new__(_Context)
    ctx.d, ctx.problem = (dd if vector else d), problem
    _outside_error(ctx, np.asarray(feasible) if vector else bool(feasible))


__all__ = ["SOLUTIONS", "egalitarian", "kalai_smorodinsky", "nash", "solve", "utilitarian"]
