r"""All Nash equilibria of an N-player game: supports and polynomial systems.

A profile :math:`\sigma` with supports :math:`S_1, \ldots, S_N` is a Nash
equilibrium iff, with :math:`E_i(a) = \sum_{s_{-i}} u_i(a, s_{-i})
\prod_{j \ne i} \sigma_j(s_j)`,

.. math::

    E_i(a) = E_i(a_0) \ (a \in S_i), \qquad \sigma_i(a) > 0 \ (a \in S_i),
    \qquad E_i(b) \le E_i(a_0) \ (b \notin S_i),

where :math:`a_0` is the first action of :math:`S_i` and
:math:`\sigma_i(a_0) = 1 - \sum_{a \in S_i \setminus a_0} \sigma_i(a)`.  The
equations are multilinear: player :math:`i`'s involve only the others'
probabilities.  Every support profile is visited, smallest first, except those
with an action that another action strictly beats against every profile of the
others' supports (*conditional dominance*, Porter, Nudelman & Shoham 2008, as
Gambit's ``enumpoly``).  On each survivor the system is solved over
:math:`\mathbb{Q}`: a grevlex Gröbner basis decides whether it has no, finitely
many or infinitely many solutions; finitely many are found exactly from the lex
basis (FGLM) in *shape position* after a random separating linear form
:math:`t`, :math:`x_k = g_k(t)`, :math:`q(t) = 0` with :math:`q` irreducible, so a
rational root gives Fractions and an irrational one an algebraic number whose
signs are decided exactly (:math:`g(t) \equiv 0 \bmod q` or a non-zero value
evaluated to 60 digits).  A positive-dimensional solution set is reported as an
:class:`~negotiation.equilibria.result.EquilibriumVariety` (its equations,
inequalities, dimension and a verified sample point), never as a point.
Whether such a set holds equilibria with exactly that support is decided by
maximising the least support probability on it numerically (SLSQP from several
starts): a positive maximum is rounded to rationals and completed to an exact
point (failing that, the numerical point itself is the sample, kept only if its
regret is below :data:`NUMERIC_REGRET` of the payoff range); a maximum below
:data:`SLACK` means the set adds no equilibrium (its boundary points have
smaller supports and are found there).  A finite system
that is not in shape position is retried on its radical (Seidenberg's lemma).
The exact solution of one support gets ``time_limit`` seconds of CPU time; a support whose
exact solution ran out of time, or whose finite system stayed out of shape
position, is solved numerically (:mod:`.homotopy`: every isolated root by
multihomogeneous homotopy continuation, each certified by the Krawczyk test in
interval arithmetic, and its equilibrium conditions decided over the certified
box); those equilibria are floats with ``exact`` false and their ``regret``.  A
support that neither decides is listed in ``unresolved`` and the result is then
marked incomplete.

References: Porter, R., Nudelman, E. & Shoham, Y. (2008). Simple search methods
for finding a Nash equilibrium. *Games and Economic Behavior* 63, 642–662;
McKelvey, R. D. & McLennan, A. (1996). Computation of equilibria in finite
games, *Handbook of Computational Economics* I, ch. 2; Cox, D., Little, J. &
O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed., Springer, §2–3.
"""

import itertools
import random
import signal
import threading
import zlib
from contextlib import contextmanager
from fractions import Fraction

import numpy as np

from ..errors import SolverError
from .result import Equilibrium, EquilibriumVariety

#: A positive-dimensional solution set whose largest slack (the least probability
#: on the support, found numerically) is below this is taken to hold no equilibrium
#: with exactly that support.
SLACK = 1e-6

#: Residual of the equations and no-gain conditions accepted at that numerical point.
RESIDUAL = 1e-9

#: Largest regret, relative to the payoff range, of a continuum's sample point when no
#: exact point of the continuum was found and the numerical one is reported.
NUMERIC_REGRET = 1e-8

#: CPU seconds allowed to the exact solution of one support before the numerical fallback.
TIME_LIMIT = 30.0

_DIGITS = 60


class _Timeout(BaseException):   # not swallowed by an "except Exception" inside sympy
    """The exact solution of a support ran out of time."""


@contextmanager
def _time_limit(seconds):
    """Raise :class:`_Timeout` in the block after ``seconds`` of CPU time.

    A virtual interval timer (POSIX; it counts the process's CPU time, so the limit
    does not depend on the machine's load) interrupts the computation between two
    Python bytecodes; in another thread than the main one, where signals cannot be
    received, or where a SIGVTALRM handler is already installed, there is no limit.
    """
    if (seconds is None or seconds == float("inf") or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGVTALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None)):
        yield
        return

    armed, fired = [True], [False]

    def alarm(_signum, _frame):
        if armed[0]:                  # never after the block has finished
            fired[0] = True
            raise _Timeout

    previous = signal.signal(signal.SIGVTALRM, alarm)
    try:
        # repeated every 50 ms of CPU time: a timeout raised where Python ignores it (a
        # garbage-collection callback) is raised again
        signal.setitimer(signal.ITIMER_VIRTUAL, max(float(seconds), 1e-6), 0.05)
        yield
        armed[0] = False
    except BaseException as error:
        armed[0] = False
        # raised inside some C calls, the timeout comes back as another error (CPython's
        # SystemError "returned a result with an exception set"): after the alarm, any
        # error is the interruption's
        if fired[0] and not isinstance(error, _Timeout):
            raise _Timeout from error
        raise
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def supports(shape):
    """Every support profile (tuples of action indices), by total size then lexicographically."""
    per_player = [[s for k in range(1, m + 1) for s in itertools.combinations(range(m), k)]
                  for m in shape]
    return sorted(itertools.product(*per_player), key=lambda p: (sum(map(len, p)), p))


def conditionally_dominated(payoffs, support):
    """Whether some action in ``support`` is strictly beaten by another pure action
    against every profile of the other players' supports."""
    n = len(support)
    for i in range(n):
        table = np.moveaxis(payoffs[i][np.ix_(*[range(payoffs.shape[1 + j]) if j == i
                                                  else support[j] for j in range(n)])], i, 0)
        rows = table.reshape(table.shape[0], -1)
        for a in support[i]:
            if any(all(rows[b] > rows[a]) for b in range(rows.shape[0]) if b != a):
                return True
    return False


class _System:
    """The indifference system of one support profile as sympy polynomials over QQ."""

    def __init__(self, payoffs, support, players, actions):
        import sympy as sp

        self.support = support
        n = len(support)
        names = [[f"p[{players[i]}:{actions[i][a]}]" for a in support[i][1:]] for i in range(n)]
        if len({x for row in names for x in row}) < sum(map(len, names)):   # repeated labels
            names = [[f"p[{i + 1}:{a + 1}]" for a in support[i][1:]] for i in range(n)]
        self.symbols = [[sp.Symbol(x) for x in row] for row in names]
        self.gens = [x for xs in self.symbols for x in xs]
        ring, *unknowns = sp.ring(self.gens or [sp.Dummy()], sp.QQ)
        unknowns = iter(unknowns if self.gens else [])
        sigma = []
        for xs in self.symbols:
            xs = [next(unknowns) for _ in xs]
            sigma.append(np.array([ring.one - sum(xs, ring.zero), *xs], dtype=object))
        self.sigma = [[p.as_expr() for p in row] for row in sigma]
        values = []   # E_i(a) for every action a of every player, as polynomials
        for i in range(n):
            table = payoffs[i][np.ix_(*[range(payoffs.shape[1 + j]) if j == i else support[j]
                                        for j in range(n)])]
            table = np.vectorize(lambda v: ring(sp.Rational(v.numerator, v.denominator)),
                                 otypes=[object])(table)
            for j in reversed(range(n)):
                if j != i:
                    table = np.tensordot(table, sigma[j], axes=([j], [0]))
            values.append(list(table))
        self.values = [[v.as_expr() for v in row] for row in values]
        # differences in the polynomial ring: already expanded, without sympy's expand
        self.equations = [(values[i][a] - values[i][support[i][0]]).as_expr()
                          for i in range(n) for a in support[i][1:]]
        self.equations = [e for e in self.equations if e != 0]
        # constraints g >= 0 (off-support: no gain) and g > 0 (probabilities on the support)
        self.weak = [(values[i][support[i][0]] - values[i][b]).as_expr()
                     for i in range(n) for b in range(payoffs.shape[1 + i]) if b not in support[i]]
        self.strict = [p for row in self.sigma for p in row]

    def profile(self):
        """Full strategy vectors as expressions in the unknowns (0 off the support)."""
        out = []
        for i, support in enumerate(self.support):
            vector = [0] * len(self.values[i])
            for a, p in zip(support, self.sigma[i]):
                vector[a] = p
            out.append(vector)
        return out


def _interior_guesses(system, basis, rng, starts=6):
    r"""Rational points near the most interior point of a positive-dimensional set.

    Maximises the slack :math:`s` subject to :math:`f = 0`, :math:`g \ge s`
    (probabilities on the support), :math:`h \ge 0` (no gain off it) by SLSQP from
    the centre and random starts; every start whose slack is positive yields its
    point rounded to rationals of growing denominators.  No guess (an empty list)
    means no start found a point with slack above :data:`SLACK`.
    """
    import sympy as sp
    from scipy.optimize import minimize

    gens = system.gens

    def vector(expressions):
        rows = [e for e in map(sp.sympify, expressions) if not e.is_number] or [sp.Integer(0)]
        function = sp.lambdify([gens], rows, "numpy")
        return lambda z: np.asarray(function(z), dtype=float)

    f, g, h = vector(basis.exprs), vector(system.strict), vector(system.weak)
    constraints = [{"type": "ineq", "fun": lambda z: g(z[:-1]) - z[-1]}]
    if any(not e.is_number for e in basis.exprs):
        constraints.append({"type": "eq", "fun": lambda z: f(z[:-1])})
    if any(not sp.sympify(e).is_number for e in system.weak):
        constraints.append({"type": "ineq", "fun": lambda z: h(z[:-1])})
    centre = [1 / len(system.support[i]) for i, xs in enumerate(system.symbols) for _ in xs]
    guesses = []
    for k in range(starts):
        start = centre if k == 0 else [rng.uniform(0.05, 0.5) for _ in gens]
        result = minimize(lambda z: -z[-1], [*start, 0.0], method="SLSQP",
                          constraints=constraints, bounds=[(0, 1)] * len(gens) + [(None, 1)],
                          options={"maxiter": 200})
        z = result.x[:-1]
        if (result.success and result.x[-1] > SLACK and np.max(np.abs(f(z))) <= RESIDUAL
                and np.min(h(z)) >= -RESIDUAL):
            guesses += [[sp.Rational(Fraction(float(z)).limit_denominator(d))
                         for z in result.x[:-1]] for d in (1, 2, 3, 4, 6, 10, 100, 10**4, 10**8)]
    return guesses


def _independent(basis, gens):
    """A largest set of unknowns containing no leading monomial of a grevlex basis:
    its size is the dimension of the solution variety (Cox, Little & O'Shea, §9.3)."""
    leading = [frozenset(k for k, e in enumerate(g.monoms(order="grevlex")[0]) if e)
               for g in basis.polys]
    for size in range(len(gens), -1, -1):
        for subset in itertools.combinations(range(len(gens)), size):
            if not any(s <= set(subset) for s in leading):
                return [gens[k] for k in subset]
    return []


def _shape_points(equations, gens, rng, fixed=None, basis=None):
    """Real solutions of a zero-dimensional system, exactly, as :class:`_Point`.

    The lex basis (by FGLM from the grevlex ``basis``) is tried in shape
    position in the last unknown first, then after adding a random separating
    form ``t``.  ``fixed`` maps further unknowns to Rationals.  Returns ``None``
    when no attempt is in shape position.
    """
    import sympy as sp

    constants = {x: v for x, v in (fixed or {}).items()}
    if not gens:
        t = sp.Dummy("t")
        return [_Point(constants, sp.Poly(t, t, domain="QQ"), sp.Integer(0), t)] \
            if not equations else []
    for attempt in range(3):
        if attempt == 0:
            t, unknowns = gens[-1], gens[:-1]
            grevlex = basis or sp.groebner(equations, *gens, order="grevlex", domain="QQ")
        else:
            t, unknowns = sp.Dummy("t"), gens
            form = sum(rng.randint(1, 9) * x for x in gens)
            grevlex = sp.groebner([*list(equations), t - form], *gens, t, order="grevlex",
                                  domain="QQ")
        lex = grevlex.fglm("lex")
        if lex.exprs == [1]:
            return []
        forms = _shape(lex.exprs, unknowns, t)
        if forms is None and attempt > 0:   # multiple roots: retry on the radical
            radical = list(equations) + [t - form] + [_squarefree_eliminant(equations, gens, x)
                                                      for x in gens]
            lex = sp.groebner(radical, *gens, t, order="lex", domain="QQ")
            forms = _shape(lex.exprs, unknowns, t)
        if forms is None:
            continue
        points = []
        for factor, _power in sp.factor_list(lex.exprs[-1], t)[1]:
            q = sp.Poly(factor, t, domain="QQ")
            if q.degree() < 1 or q.count_roots() == 0:
                continue
            reduced = {x: sp.Poly(f, t, domain="QQ").rem(q).as_expr() for x, f in forms.items()}
            if attempt == 0:
                reduced[t] = t
            for root in q.real_roots():
                points.append(_Point({**constants, **reduced}, q, root, t))
        return points
    return None


def _squarefree_eliminant(equations, gens, x):
    """The squarefree part of the polynomial in ``x`` alone in the ideal (Seidenberg's
    lemma: adding these for every unknown gives the radical)."""
    import sympy as sp

    order = [y for y in gens if y != x] + [x]
    eliminant = sp.groebner(equations, *order, order="grevlex", domain="QQ").fglm("lex").exprs[-1]
    return sp.sqf_part(eliminant, x)


def _shape(lex, unknowns, t):
    """``{x: g(t)}`` when a lex basis is ``x_k - g_k(t)`` and one polynomial in ``t``."""
    import sympy as sp

    if len(lex) != len(unknowns) + 1 or lex[-1].free_symbols - {t}:
        return None
    forms = {}
    for g, x in zip(lex[:-1], unknowns):
        poly = sp.Poly(g, x)
        if poly.degree() != 1 or not poly.LC().is_number or poly.LC() == 0:
            return None
        rest = poly.nth(0)
        if rest.free_symbols - {t}:
            return None
        forms[x] = sp.expand(-rest / poly.LC())
    return forms


class _Point:
    """An exact real solution: each unknown a polynomial in ``t`` reduced modulo an
    irreducible ``q``, at the real root ``root`` of ``q`` (a Rational when ``q`` is linear).

    Signs are exact: a polynomial expression vanishes at the point iff its
    composition with the forms is divisible by ``q``; otherwise its value is
    evaluated to 60 digits.
    """

    def __init__(self, forms, q, root, t):
        import sympy as sp

        self.forms, self.q, self.root, self.t = forms, q, root, t
        self.rational = q.degree() == 1
        if self.rational:   # every unknown is a Rational: evaluate directly
            self.forms = {x: _rational_value(f, t, root) for x, f in forms.items()}
        else:               # the root to 60 digits, computed once
            self.numeric = sp.N(root, _DIGITS)

    def reduce(self, expr):
        import sympy as sp

        value = sp.expand(sp.sympify(expr).xreplace(self.forms))
        if self.rational:
            return sp.Poly(value, self.t, domain="QQ")
        return sp.Poly(value, self.t, domain="QQ").rem(self.q)

    def value(self, expr):
        """The exact value: a Rational, or an algebraic number in radicals or CRootOf form."""
        import sympy as sp

        r = self.reduce(expr)
        if r.degree() <= 0:
            return sp.Rational(r.as_expr())
        value = r.as_expr().xreplace({self.t: self.root})
        return sp.radsimp(sp.expand(value)) if self.q.degree() == 2 else value

    def approximate(self, expr):
        """The value to 60 digits (exact when rational)."""
        r = self.reduce(expr)
        return r.as_expr() if r.degree() <= 0 else r.eval(self.numeric)

    def sign(self, expr):
        import sympy as sp

        r = self.reduce(expr)
        if r.is_zero:
            return 0
        return int(sp.sign(r.as_expr() if r.degree() <= 0 else r.eval(self.numeric)))


def _rational_value(form, t, root):
    """The Rational value of a form in ``t`` at a rational root."""
    import sympy as sp

    return sp.Rational(sp.sympify(form).xreplace({t: root}))


def _feasible(system, point):
    """Whether a point satisfies the strict and weak inequalities exactly."""
    return (all(point.sign(p) > 0 for p in system.strict)
            and all(point.sign(g) >= 0 for g in system.weak))


def _exact_equilibrium(game, system, point, method):
    """An :class:`Equilibrium` from an exact point; regrets checked exactly."""
    if point.rational:
        from .verify import verified

        strategies = [[point.value(p) for p in s] for s in system.profile()]
        return verified(game, [[Fraction(int(p.p), int(p.q)) for p in s] for s in strategies],
                        method)
    payoffs = [system.values[i][system.support[i][0]] for i in range(len(system.support))]
    for i, row in enumerate(system.values):   # exact regret: no action does better
        for value in row:
            if point.sign(payoffs[i] - value) < 0:
                raise SolverError(f"method {method!r} produced a profile that is not an "
                                  f"equilibrium: {game.players[i]} gains by deviating")
    profile = system.profile()
    return Equilibrium(
        players=game.players, actions=game.actions,
        strategies=tuple(tuple(float(point.approximate(p)) for p in s) for s in profile),
        payoffs=tuple(float(point.approximate(u)) for u in payoffs), exact=False,
        algebraic=tuple(tuple(point.value(p) for p in s) for s in profile), regret=0.0)


def _numeric_equilibrium(game, system, values):
    """The equilibrium at a numerical point, if its regret is within
    :data:`NUMERIC_REGRET` of the payoff range, else ``None``."""
    import sympy as sp

    from .verify import regrets

    point = dict(zip(system.gens, values))
    strategies = [np.array([float(sp.sympify(p).xreplace(point)) for p in s])
                  for s in system.profile()]
    floats = type(game)(np.asarray(game.payoffs, dtype=float), game.players, game.actions)
    regret = max(float(r) for r in regrets(floats, strategies))
    payoffs = np.asarray(game.payoffs, dtype=float)
    if regret > NUMERIC_REGRET * max(float(payoffs.max() - payoffs.min()), 1.0):
        return None
    return Equilibrium(
        players=game.players, actions=game.actions,
        strategies=tuple(tuple(map(float, s)) for s in strategies),
        payoffs=tuple(float(floats.payoff_vectors(strategies, i) @ strategies[i])
                      for i in range(game.n_players)),
        exact=False, regret=max(regret, 0.0))


def _variety(game, system, basis, saturated, rng, method):
    """The continuum of equilibria on a support with a verified sample point; ``"empty"``
    when no point of it has positive slack, ``None`` when undecided.

    ``basis`` is the grevlex basis of the indifference equations, ``saturated`` the
    basis with the unknowns and independent set after the components with a zero
    probability are removed.
    """
    import sympy as sp

    extended, gens, free = saturated
    guesses = _interior_guesses(system, basis, rng)
    if not guesses:
        return "empty"
    sample = None
    for values in guesses:
        fixed = {x: v for x, v in zip(system.gens, values) if x in free}
        rest = [x for x in gens if x not in fixed]
        equations = [e for e in (sp.expand(e.xreplace(fixed)) for e in extended.exprs)
                     if e != 0]
        if any(e.is_number for e in equations) or (rest and not sp.groebner(
                equations, *rest, order="grevlex", domain="QQ").is_zero_dimensional):
            continue
        points = _shape_points(equations, rest, rng, fixed) or []
        sample = next((_exact_equilibrium(game, system, p, method)
                       for p in points if _feasible(system, p)), None)
        if sample is not None:
            break
    if sample is None:   # no exact completion: the numerical point, verified
        sample = _numeric_equilibrium(game, system, guesses[-1])
    if sample is None:
        return None
    free = [x for x in free if x in system.gens]
    return EquilibriumVariety(
        players=game.players, actions=game.actions,
        support=tuple(tuple(game.actions[i][a] for a in s) for i, s in enumerate(system.support)),
        dimension=len(free),
        unknowns=tuple((i, a) for i, s in enumerate(system.support) for a in s[1:]),
        symbols=tuple(system.gens),
        equations=tuple(basis.exprs),
        inequalities=tuple(sp.StrictGreaterThan(p, 0) for p in system.strict
                           if not sp.sympify(p).is_number)
        + tuple(sp.GreaterThan(g, 0) for g in system.weak if not g.is_number),
        sample=sample)


def solve_supports(game, method="enumerate", seed=0, time_limit=TIME_LIMIT):
    """All equilibria of an N-player game: isolated ones and continua.

    Parameters
    ----------
    game : NormalFormGame
    seed : int
        Seed of the random separating forms and sample points (results do not
        depend on it).
    time_limit : float or None
        Seconds allowed to the exact solution of each support (``None`` or ``inf``:
        no limit);
        past it the support is solved numerically (:func:`numerical_equilibria`).

    Returns
    -------
    equilibria : list of Equilibrium
        Isolated equilibria, exact (Fractions, or algebraic numbers in ``algebraic``),
        or certified numerical ones (floats, ``exact`` false, with their ``regret``).
    varieties : list of EquilibriumVariety
        Positive-dimensional sets of equilibria, one per support on which they occur.
    unresolved : list of tuple
        Supports (action labels) left undecided: a positive-dimensional set with
        interior slack but no verified sample point, or a system that neither the
        exact solution (in time) nor the numerical fallback decided.
    """
    rng = random.Random(seed)
    payoffs = np.vectorize(Fraction, otypes=[object])(game.payoffs)
    found, varieties, unresolved = [], [], []
    for support in supports(game.shape):
        if conditionally_dominated(payoffs, support):
            continue
        points, variety = _decided(game, payoffs, support, rng, method, time_limit)
        found.extend(points or [])
        if variety is None or points is None:
            unresolved.append(tuple(tuple(game.actions[i][a] for a in s)
                                    for i, s in enumerate(support)))
        elif variety != "empty":
            varieties.append(variety)
    return found, varieties, unresolved


def support_equilibria(game, support, method="enumerate", seed=0, time_limit=TIME_LIMIT,
                       numerical=True):
    """The isolated equilibria whose supports are exactly ``support`` (action indices):
    exact, or certified numerical ones when the exact solution runs out of time
    (with ``numerical`` false: ``None`` then)."""
    payoffs = np.vectorize(Fraction, otypes=[object])(game.payoffs)
    points, _variety = _decided(game, payoffs, support, random.Random(seed), method,
                                time_limit, numerical)
    return points if points is not None or not numerical else []


def _decided(game, payoffs, support, rng, method, time_limit, numerical=True):
    """:func:`_on_support` within ``time_limit``; past it, or when its finite system is
    undecided, the numerical fallback."""
    try:
        with _time_limit(time_limit):
            points, variety = _on_support(game, payoffs, support, rng, method)
    except _Timeout:
        points, variety = None, "empty"
    if points is None and numerical:   # seeded by the support: the same wherever time ran out
        points = numerical_equilibria(game, support, payoffs,
                                      seed=zlib.crc32(repr(support).encode()))
    return points, variety


def numerical_equilibria(game, support, payoffs=None, seed=0):
    r"""The equilibria on ``support`` from the certified roots of its system
    (:mod:`.homotopy`), or ``None`` when the system is undecided numerically.

    A root counts when its Krawczyk box provably holds one root with every support
    probability positive and no gain off the support; a box where a sign is not
    decided leaves the support undecided.  Each equilibrium is the box's centre in
    floats, with the exact regret of that float profile.
    """
    from .homotopy import SupportSystem, certify, real_roots
    from .verify import regrets

    if payoffs is None:
        payoffs = np.vectorize(Fraction, otypes=[object])(game.payoffs)
    floats = np.asarray(game.payoffs, dtype=float)
    spread = float(floats.max() - floats.min()) or 1.0
    roots = real_roots(SupportSystem(floats / spread, support), seed)
    if roots is None:
        return None
    found = []
    for x in roots:
        certificate = certify(payoffs, support, x)
        if certificate is None:
            return None
        _box, probabilities, gains = certificate
        if any(p.b <= 0 for p in probabilities) or any(g.a > 0 for g in gains):
            continue                                   # provably not an equilibrium
        if any(p.a <= 0 for p in probabilities) or any(g.b > 0 for g in gains):
            return None                                # a sign not decided
        strategies = []
        for i, s in enumerate(support):
            vector = np.zeros(game.shape[i])
            block = x[sum(len(t) - 1 for t in support[:i]):][:len(s) - 1]
            vector[list(s)] = [1 - block.sum(), *block]
            strategies.append(vector)
        exact = [np.array([Fraction(p) for p in v], dtype=object) for v in strategies]
        regret = max(max(regrets(type(game)(payoffs, game.players, game.actions), exact)), 0)
        values = [game.payoff_vectors(strategies, i) @ strategies[i]
                  for i in range(game.n_players)]
        found.append(Equilibrium(
            players=game.players, actions=game.actions,
            strategies=tuple(tuple(map(float, v)) for v in strategies),
            payoffs=tuple(map(float, values)), exact=False, regret=float(regret)))
    return found


def _on_support(game, payoffs, support, rng, method):
    """``(isolated equilibria, variety)`` on one support: the variety is ``"empty"``
    when there is none, ``None`` when undecided; the equilibria ``None`` when undecided."""
    import sympy as sp

    system = _System(payoffs, support, game.players, game.actions)
    if any(e.is_number for e in system.equations):
        return [], "empty"
    if not system.gens:
        point = _shape_points([], [], rng)[0]
        return [_exact_equilibrium(game, system, point, method)
                for _ in range(_feasible(system, point))], "empty"
    basis = sp.groebner(system.equations or [0], *system.gens, order="grevlex", domain="QQ")
    if basis.exprs == [1]:
        return [], "empty"
    gens = system.gens
    if _independent(basis, gens):   # drop components where a probability is 0
        plain, gens = basis, [*gens, sp.Dummy("z")]
        basis = sp.groebner([*list(basis.exprs), gens[-1] * sp.Mul(*system.strict) - 1],
                            *gens, order="grevlex", domain="QQ")
        if basis.exprs == [1]:
            return [], "empty"
        free = _independent(basis, gens)
        if free:
            return [], _variety(game, system, plain, (basis, gens, free), rng, method)
    points = _shape_points(basis.exprs, gens, rng, basis=basis)
    if points is None:
        return None, "empty"
    return [_exact_equilibrium(game, system, p, method)
            for p in points if _feasible(system, p)], "empty"
