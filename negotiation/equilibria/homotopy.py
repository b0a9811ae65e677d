r"""Certified numerical roots of a support's indifference system by homotopy continuation.

On a support profile :math:`S` the unknowns are, per player :math:`j`, the
probabilities :math:`x_j` of the support actions but the first; player
:math:`i`'s equations :math:`E_i(a) - E_i(a_0) = 0` are of degree at most 1 in
each other player's block :math:`x_j` and of degree 0 in :math:`x_i`.  The start
system takes, for each equation, a product of random complex affine forms, one
per other block; its roots are found by linear algebra, one for each way of
giving every block :math:`j` exactly :math:`|x_j|` of the equations
(the *multihomogeneous Bézout number*, for three players with three actions
each 10 paths where the total degree would give 64).  The homotopy

.. math::

    H(x, t) = (1 - t)\,\gamma\, G(x) + t\, F(x), \qquad \gamma = e^{i\theta}
    \text{ random},

is followed from each start root at :math:`t = 0` to :math:`t = 1` by a
Runge–Kutta predictor and Newton corrector with adaptive steps; for all
:math:`\theta` outside a finite set, the paths do not meet and every isolated
root of :math:`F` in :math:`\mathbb{C}^n` is the end of a path (Morgan &
Sommese 1987).  Paths whose size passes :data:`DIVERGED` are taken to go to
infinity.  Each real end point is polished by Newton's method and *certified*
by the Krawczyk test in interval arithmetic (mpmath): :math:`K(X) \subset
\operatorname{int} X` proves that the box :math:`X` holds exactly one root.  The
same interval evaluation then decides the signs of the support probabilities and
of the gains from unused actions over the whole box, so a certified equilibrium
is a box that provably holds one; the returned point is its centre.

What is certified: each reported root (a unique root in a box of width about
``1e-9``) and its equilibrium conditions.  What may be missed: a path that fails
(step size below ``1e-14``), a singular end point (a multiple root, or a point of
a positive-dimensional set of solutions, which Krawczyk cannot certify), or two
paths ending at one root (path jumping); in each of these cases the system is
reported as undecided, never as solved.  A positive-dimensional set of solutions
that no path reaches is not detected.

References: Morgan, A. P. & Sommese, A. J. (1987). A homotopy for solving general
polynomial systems that respects m-homogeneous structures. *Applied Mathematics
and Computation* 24, 101–113; Sommese, A. J. & Wampler, C. W. (2005). *The
Numerical Solution of Systems of Polynomials*, World Scientific, ch. 7–8;
Krawczyk, R. (1969). Newton-Algorithmen zur Bestimmung von Nullstellen mit
Fehlerschranken. *Computing* 4, 187–201; Moore, R. E., Kearfott, R. B. & Cloud,
M. J. (2009). *Introduction to Interval Analysis*, SIAM, §8.
"""

import numpy as np

#: A path whose largest coordinate passes this is taken to go to infinity.
DIVERGED = 1e8

#: Smallest step in t before a path is given up.
_MIN_STEP = 1e-14


def contract(table, sigmas, keep):
    """A player's payoff array contracted with every player's strategy but those in ``keep``
    (its remaining axes in player order)."""
    for j in reversed(range(len(sigmas))):
        if j not in keep:
            table = np.tensordot(table, sigmas[j], axes=([j], [0]))
    return table


class SupportSystem:
    """The indifference equations of one support profile, evaluated in any arithmetic
    that numpy object arrays carry (floats, complex numbers, mpmath intervals)."""

    def __init__(self, payoffs, support):
        self.support = support
        self.n = len(support)
        self.shape = payoffs.shape[1:]
        self.sizes = [len(s) - 1 for s in support]
        self.offsets = np.cumsum((0, *self.sizes))
        # player i's payoffs, i's actions all kept, the others' restricted to their supports
        self.tables = [payoffs[i][np.ix_(*[range(self.shape[j]) if j == i else support[j]
                                           for j in range(self.n)])] for i in range(self.n)]

    @property
    def dimension(self):
        return int(self.offsets[-1])

    def sigmas(self, x):
        """Each player's probabilities on their support."""
        out = []
        for j in range(self.n):
            xj = x[self.offsets[j]:self.offsets[j + 1]]
            out.append(np.array([1 - sum(xj), *xj], dtype=x.dtype))
        return out

    def _contract(self, i, sigmas, keep):
        return contract(self.tables[i], sigmas, keep)

    def values_at(self, sigmas):
        """Each player's expected payoff of every action, :math:`E_i(\\cdot)`."""
        return [self._contract(i, sigmas, (i,)) for i in range(self.n)]

    def values(self, x):
        return self.values_at(self.sigmas(x))

    def pair(self, i, j, sigmas):
        """:math:`u_i(a, b, \\sigma_{-ij})`: ``i``'s actions by ``j``'s support actions."""
        pair = self._contract(i, sigmas, (i, j))
        return pair if i < j else pair.T

    def residual(self, x):
        values = self.values(x)
        return np.concatenate([values[i][list(s[1:])] - values[i][s[0]]
                               for i, s in enumerate(self.support)])

    def gains(self, x):
        """:math:`E_i(b) - E_i(a_0)` for every action ``b`` off player ``i``'s support."""
        values = self.values(x)
        return np.concatenate([values[i][[b for b in range(self.shape[i]) if b not in s]]
                               - values[i][s[0]] for i, s in enumerate(self.support)])

    def jacobian(self, x):
        sigmas = self.sigmas(x)
        d = self.dimension
        J = np.zeros((d, d), dtype=x.dtype) if x.dtype != object else \
            np.array([[0 * x[0]] * d] * d, dtype=object)
        for i, s in enumerate(self.support):
            rows = slice(self.offsets[i], self.offsets[i + 1])
            for j in range(self.n):
                if j == i or not self.sizes[j]:
                    continue
                pair = self.pair(i, j, sigmas)
                block = pair[:, 1:] - pair[:, :1]         # d E_i(a) / d x_jb
                J[rows, self.offsets[j]:self.offsets[j + 1]] = block[list(s[1:])] - block[s[0]]
        return J


def _assignments(system):
    """Every way of giving block ``j`` exactly ``sizes[j]`` of the equations, each
    equation to a block of another player: the start roots of the product system."""
    rows = [i for i in range(system.n) for _ in range(system.sizes[i])]
    out = []

    def extend(k, left, chosen):
        if k == len(rows):
            out.append(tuple(chosen))
            return
        for j in range(system.n):
            if j != rows[k] and left[j] > 0:
                left[j] -= 1
                extend(k + 1, left, [*chosen, j])
                left[j] += 1

    extend(0, list(system.sizes), [])
    return rows, out


class _Projective:
    r"""The system in multiprojective coordinates, for tracking.

    Block :math:`x_j` becomes :math:`y_j = (y_{j0}, \ldots)` with
    :math:`x_j = y_{j,1:}/y_{j0}`, on the random chart :math:`p_j \cdot y_j = 1`;
    player :math:`j`'s probabilities become :math:`(y_{j0} - \sum_b y_{jb}, y_{j,1:})`,
    so each equation is homogeneous of degree 1 in every other block and paths to
    infinity end at finite points with :math:`y_{j0} = 0`.  The start system
    :math:`G` has, per equation, a product of random linear forms, one per other block.
    """

    def __init__(self, system, rng):
        self.system = system
        self.rows, self.assignments = _assignments(system)
        self.blocks = [j for j in range(system.n) if system.sizes[j]]
        self.offsets = {}
        k = 0
        for j in self.blocks:
            self.offsets[j] = slice(k, k + system.sizes[j] + 1)
            k += system.sizes[j] + 1
        self.size = k

        def complex_normal(m):
            return rng.normal(size=m) + 1j * rng.normal(size=m)

        self.charts = {j: complex_normal(system.sizes[j] + 1) for j in self.blocks}
        self.forms = [{j: complex_normal(system.sizes[j] + 1) for j in self.blocks if j != i}
                      for i in self.rows]

    def sigmas(self, y):
        out = []
        for j in range(self.system.n):
            if j in self.offsets:
                yj = y[self.offsets[j]]
                out.append(np.concatenate(([yj[0] - yj[1:].sum()], yj[1:])))
            else:
                out.append(np.ones(1, dtype=y.dtype))
        return out

    def _charts(self, y):
        return np.array([self.charts[j] @ y[self.offsets[j]] - 1 for j in self.blocks])

    def target(self, y):
        """:math:`F` homogenised, with the chart equations."""
        values = self.system.values_at(self.sigmas(y))
        equations = [values[i][list(s[1:])] - values[i][s[0]]
                     for i, s in enumerate(self.system.support)]
        return np.concatenate([*equations, self._charts(y)])

    def target_jacobian(self, y):
        system, sigmas = self.system, self.sigmas(y)
        J = np.zeros((self.size, self.size), dtype=complex)
        for i, s in enumerate(system.support):
            rows = slice(system.offsets[i], system.offsets[i + 1])
            for j in self.blocks:
                if j != i:
                    pair = system.pair(i, j, sigmas)
                    block = np.hstack([pair[:, :1], pair[:, 1:] - pair[:, :1]])
                    J[rows, self.offsets[j]] = block[list(s[1:])] - block[s[0]]
        self._chart_rows(J)
        return J

    def _chart_rows(self, J):
        for r, j in enumerate(self.blocks):
            J[self.system.dimension + r, self.offsets[j]] = self.charts[j]

    def start(self, y):
        values = [np.prod([form @ y[self.offsets[j]] for j, form in forms.items()])
                  for forms in self.forms]
        return np.concatenate([values, self._charts(y)])

    def start_jacobian(self, y):
        J = np.zeros((self.size, self.size), dtype=complex)
        for k, forms in enumerate(self.forms):
            factors = {j: form @ y[self.offsets[j]] for j, form in forms.items()}
            for j in factors:
                J[k, self.offsets[j]] = forms[j] * np.prod(
                    [f for jj, f in factors.items() if jj != j])
        self._chart_rows(J)
        return J

    def start_roots(self):
        """One root of :math:`G` per assignment: each block's linear forms solved."""
        for assignment in self.assignments:
            y = np.zeros(self.size, dtype=complex)
            for j in self.blocks:
                rows = [k for k, jj in enumerate(assignment) if jj == j]
                A = np.array([self.forms[k][j] for k in rows] + [self.charts[j]])
                y[self.offsets[j]] = np.linalg.solve(A, np.eye(len(A))[-1])
            yield y

    def affine(self, y):
        """``x`` from ``y``, or ``None`` for a point at infinity."""
        parts = []
        for j in self.blocks:
            yj = y[self.offsets[j]]
            if abs(yj[0]) <= 1e-8 * np.max(np.abs(yj)):
                return None
            parts.append(yj[1:] / yj[0])
        return np.concatenate(parts)


def _newton(F, J, x, steps, tolerance):
    for _ in range(steps):
        try:
            dx = np.linalg.solve(J(x), F(x))
        except np.linalg.LinAlgError:
            return x, False
        x = x - dx
        if not np.all(np.isfinite(x)):
            return x, False
        if np.max(np.abs(dx)) <= tolerance * (1 + np.max(np.abs(x))):
            return x, True
    return x, False


def _track(chart, gamma, y):
    """Follow one path from ``t = 0`` to ``t = 1``: ``("root", x)``, ``("infinity", y)``
    or ``("failed", y)``."""
    def H(y, t):
        return (1 - t) * gamma * chart.start(y) + t * chart.target(y)

    def Hy(y, t):
        return (1 - t) * gamma * chart.start_jacobian(y) + t * chart.target_jacobian(y)

    def velocity(y, t):
        return -np.linalg.solve(Hy(y, t), chart.target(y) - gamma * chart.start(y))

    t, h = 0.0, 0.02
    while t < 1:
        h = min(h, 1 - t)
        try:   # fourth-order Runge–Kutta predictor along dy/dt = -H_y^{-1} H_t
            k1 = velocity(y, t)
            k2 = velocity(y + h / 2 * k1, t + h / 2)
            k3 = velocity(y + h / 2 * k2, t + h / 2)
            k4 = velocity(y + h * k3, t + h)
            guess = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            T = t + h
            z, ok = _newton(lambda v, T=T: H(v, T), lambda v, T=T: Hy(v, T), guess, 3, 1e-8)
        except np.linalg.LinAlgError:
            ok = False
        if ok and np.max(np.abs(z - guess)) <= 1e-4 * (1 + np.max(np.abs(y))):
            y, t = z, T
            h = min(2 * h, 0.05)
        else:
            h /= 2
            if h < _MIN_STEP:
                break
    if t >= 1:
        y, _ok = _newton(chart.target, chart.target_jacobian, y, 50, 1e-13)
    x = chart.affine(y)
    if x is None or np.max(np.abs(x)) > DIVERGED:
        return "infinity", y
    system = chart.system
    x, ok = _newton(system.residual, system.jacobian, x, 50, 1e-13)
    return ("root" if ok and t >= 1 else "failed"), x


def real_roots(system, seed=0, attempts=3):
    """The real isolated roots of ``system`` (float coefficients) by the homotopy,
    polished; ``None`` when in each of ``attempts`` runs (each with a new random
    :math:`\\gamma`) a path failed, ended at a singular point or met another path
    (the system is then undecided)."""
    rng = np.random.default_rng(seed)
    if system.dimension == 0:
        return [np.zeros(0)]
    chart = _Projective(system, rng)
    for _ in range(attempts):
        ends = _ends(chart, np.exp(2j * np.pi * rng.uniform()))
        if ends is not None:
            return [x.real for x in ends
                    if np.max(np.abs(x.imag)) <= 1e-8 * (1 + np.max(np.abs(x)))]
    return None


def _ends(chart, gamma):
    """The finite ends of every path, or ``None`` when one is not a clean end."""
    ends = []
    for y0 in chart.start_roots():
        kind, x = _track(chart, gamma, y0)
        if kind == "failed":
            return None
        if kind == "root":
            if np.linalg.cond(chart.system.jacobian(x)) > 1e10:    # singular end point
                return None
            if any(np.max(np.abs(x - y)) <= 1e-8 * (1 + np.max(np.abs(x))) for y in ends):
                return None                                        # two paths met one root
            ends.append(x)
    return ends


def certify(payoffs, support, x, radius=None):
    """Interval boxes around ``x`` proven by the Krawczyk test to hold one root, with
    the interval values there of the support probabilities and off-support gains:
    ``(box, probabilities, gains)``, or ``None`` when the test fails.

    ``payoffs`` are exact (Fractions): they enter as intervals.
    """
    from mpmath import iv

    d = len(x)
    system = SupportSystem(np.vectorize(lambda v: iv.mpf(v.numerator) / iv.mpf(v.denominator),
                                        otypes=[object])(payoffs), support)
    if d == 0:                                  # a pure profile: nothing to solve
        point = np.zeros(0, dtype=object)
        return point, point, system.gains(point)
    radius = radius or 1e-9 * (1 + float(np.max(np.abs(x))))
    centre = np.array([iv.mpf(float(v)) for v in x], dtype=object)
    box = np.array([iv.mpf([float(v) - radius, float(v) + radius]) for v in x],
                   dtype=object)
    F = system.residual(centre)
    Jbox = system.jacobian(box)
    Y = np.linalg.inv(np.array([[float(v.mid) for v in row] for row in system.jacobian(
        centre)]))
    Yo = np.array([[iv.mpf(float(v)) for v in row] for row in Y], dtype=object)
    identity = np.array([[iv.mpf(int(a == b)) for b in range(d)] for a in range(d)],
                        dtype=object)
    K = centre - Yo.dot(F) + (identity - Yo.dot(Jbox)).dot(box - centre)
    inside = all(k.a > b.a and k.b < b.b for k, b in zip(K, box))
    if not inside:
        return None
    probabilities = [iv.mpf(p) for p in np.concatenate(system.sigmas(box))]
    return box, probabilities, system.gains(box)
