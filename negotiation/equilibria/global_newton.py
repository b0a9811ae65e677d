r"""One Nash equilibrium of an N-player game by the global Newton method.

Govindan & Wilson (2003) write a profile :math:`\sigma` through a point
:math:`z \in \mathbb{R}^M` (:math:`M = \sum_i m_i`, one coordinate per action)
and the *retraction* :math:`r(z)`: each player's block of :math:`z` projected
onto the simplex, :math:`r(z)_{ia} = \max(z_{ia} - v_i, 0)` with :math:`v_i`
such that the block sums to 1.  With :math:`V(\sigma)_{ia} = u_i(a, \sigma_{-i})`,
:math:`\sigma` is an equilibrium of the game whose payoffs carry a bonus
:math:`\lambda b_{ia}` for each action iff :math:`\sigma = r(z)` for a solution of

.. math::

    F(z) = z - r(z) - V(r(z)) = \lambda b .

For :math:`\lambda` large the bonus makes one pure profile (each player's action
with the largest :math:`b_{ia}`) strictly dominant, the unique equilibrium;
for a generic ray :math:`b` the solutions form a 1-manifold through it that
reaches :math:`\lambda = 0`, the game itself.  The manifold is traced by
predictor–corrector continuation in arclength on one *piece* at a time: on a set
of supports :math:`S` the retraction is affine and :math:`F` a polynomial; where
an action's probability reaches 0 or an unused action's value reaches the others'
the path crosses to the neighbouring piece at the boundary point (the boundary
conditions are linear in :math:`z`), keeping the sign of the determinant of the
Jacobian augmented by the tangent, which orients a piecewise-smooth path
consistently (Eaves 1976).  At the first crossing of :math:`\lambda = 0` Newton's
method at fixed :math:`\lambda = 0` gives the equilibrium to machine precision.

It is then *polished*: in an exact game the equilibria on its support are solved
exactly (:func:`.nplayer_support.support_equilibria`, within ``time_limit``) and the
one within ``1e-6`` is returned; otherwise the float profile is returned with its
regret, accepted only below :data:`REGRET` times the payoff range.  A path that
cannot be followed (a non-generic ray) is restarted with another ray, up to
``attempts`` times.

References: Govindan, S. & Wilson, R. (2003). A global Newton method to compute
Nash equilibria. *Journal of Economic Theory* 110, 65–86; Blum, B., Shelton, C. R.
& Koller, D. (2006). A continuation method for Nash equilibria in structured games.
*Journal of Artificial Intelligence Research* 25, 457–502 (as Gambit's ``gnm``);
Eaves, B. C. (1976). A short course in solving equations with PL homotopies.
*SIAM-AMS Proceedings* 9, 73–143.
"""

import numpy as np

from ..errors import SolverError

#: Largest regret of a float result, relative to the payoff range.
REGRET = 1e-9

#: Residual of :math:`F(z) - \lambda b` accepted on the path (payoffs scaled to range 1).
_RESIDUAL = 1e-11


class _Path:
    """The map :math:`F` of a game with payoffs scaled to range 1, piece by piece."""

    def __init__(self, payoffs):
        payoffs = np.asarray(payoffs, dtype=float)
        spread = float(payoffs.max() - payoffs.min())
        self.payoffs = (payoffs - payoffs.min()) / (spread if spread > 0 else 1.0)
        self.shape = tuple(payoffs.shape[1:])
        self.n = len(self.shape)
        self.offsets = np.cumsum((0, *self.shape))
        self.M = int(self.offsets[-1])
        self.owner = np.repeat(np.arange(self.n), self.shape)
        self.same = (self.owner[:, None] == self.owner[None, :]).astype(float)
        self._pieces, self._subscripts = {}, {}

    def blocks(self, vector):
        return [vector[self.offsets[i]:self.offsets[i + 1]] for i in range(self.n)]

    def _contract(self, i, sigma, keep):
        """Player ``i``'s payoffs against every strategy but those in ``keep`` (one einsum)."""
        if (i, keep) not in self._subscripts:
            letters = "abcdefghijklmnopqrstuvwxyz"[:self.n]
            others = [j for j in range(self.n) if j not in keep]
            self._subscripts[i, keep] = (letters + "".join("," + letters[j] for j in others)
                                         + "->" + "".join(letters[j] for j in keep), others)
        subscripts, others = self._subscripts[i, keep]
        return np.einsum(subscripts, self.payoffs[i], *(sigma[j] for j in others))

    def values(self, sigma):
        """:math:`V(\\sigma)`: each action's expected payoff, one vector."""
        return np.concatenate([self._contract(i, sigma, (i,)) for i in range(self.n)])

    def value_jacobian(self, sigma):
        """:math:`\\partial V_{ia} / \\partial \\sigma_{jb}`."""
        D = np.zeros((self.M, self.M))
        for i in range(self.n):
            for j in range(self.n):
                if j != i:
                    D[self.offsets[i]:self.offsets[i + 1],
                      self.offsets[j]:self.offsets[j + 1]] = self._contract(i, sigma, (i, j))
        return D

    def _piece(self, support):
        """The linear part :math:`R` of :math:`r_S` and each coordinate's support size."""
        key = support.tobytes()
        if key not in self._pieces:
            mask = support.astype(float)
            sizes = (self.same @ mask)
            R = np.diag(mask) - self.same * np.outer(mask, mask) / sizes[:, None]
            self._pieces[key] = R, sizes
        return self._pieces[key]

    def _levels(self, z, support):
        _R, sizes = self._piece(support)
        return (self.same @ np.where(support, z, 0.0) - 1) / sizes

    def retraction(self, z, support):
        """:math:`r_S(z)` (the affine retraction of the piece ``support``, a boolean mask)
        and its Jacobian."""
        return np.where(support, z - self._levels(z, support), 0.0), self._piece(support)[0]

    def support_of(self, z):
        """The piece of ``z``: each block's simplex projection support."""
        mask = np.zeros(self.M, dtype=bool)
        for i in range(self.n):
            zi = z[self.offsets[i]:self.offsets[i + 1]]
            order = np.sort(zi)[::-1]
            sums = np.cumsum(order) - 1
            k = int(np.flatnonzero(order - sums / np.arange(1, len(zi) + 1) > 0)[-1]) + 1
            mask[self.offsets[i]:self.offsets[i + 1]] = zi > sums[k - 1] / k
        return mask

    def boundary(self, z, support):
        """Signed distances to the piece's walls (all ``>= 0`` inside): the support
        probabilities, and for unused actions the gap :math:`v_i - z_{ia}`."""
        levels = self._levels(z, support)
        return np.where(support, z - levels, levels - z)

    def residual(self, x, support, ray):
        z, lam = x[:-1], x[-1]
        sigma, _ = self.retraction(z, support)
        return z - sigma - self.values(self.blocks(sigma)) - lam * ray

    def jacobian(self, x, support, ray):
        sigma, R = self.retraction(x[:-1], support)
        D = self.value_jacobian(self.blocks(sigma))
        return np.hstack([np.eye(self.M) - R - D @ R, -ray[:, None]])


def _tangent(J, orientation):
    q, _ = np.linalg.qr(J.T, mode="complete")
    t = q[:, -1]
    return t if np.sign(np.linalg.det(np.vstack([J, t]))) == orientation else -t


def _correct(path, x, support, ray, fixed_lambda=False, steps=8):
    for _ in range(steps):
        F = path.residual(x, support, ray)
        if np.max(np.abs(F)) <= _RESIDUAL * max(1.0, float(np.max(np.abs(x)))):
            return x, True
        J = path.jacobian(x, support, ray)
        try:
            if fixed_lambda:
                x = np.concatenate((x[:-1] - np.linalg.lstsq(J[:, :-1], F, rcond=None)[0],
                                    x[-1:]))
            else:
                x = x - np.linalg.lstsq(J, F, rcond=None)[0]
        except np.linalg.LinAlgError:
            return x, False
        if not np.all(np.isfinite(x)):
            return x, False
    F = path.residual(x, support, ray)
    return x, bool(np.max(np.abs(F)) <= _RESIDUAL * max(1.0, float(np.max(np.abs(x)))))


def trace(payoffs, ray, max_steps=20000):
    """Follow the global Newton path of ``payoffs`` (an array ``(n, m_1, ..., m_n)``)
    along the bonus ``ray`` (length :math:`M`) from the dominant pure profile to
    :math:`\\lambda = 0`; returns the equilibrium as a list of float arrays and the
    number of steps.  :class:`SolverError` when the path cannot be followed."""
    path = _Path(payoffs)
    ray = np.asarray(ray, dtype=float)
    blocks = path.blocks(ray)
    sigma = np.concatenate([np.eye(len(b))[int(np.argmax(b))] for b in blocks])
    gaps = np.concatenate([b.max() - b for b in blocks])
    lam = 2.0 / np.min(gaps[gaps > 0]) if np.any(gaps > 0) else 1.0
    z = sigma + path.values(path.blocks(sigma)) + lam * ray
    support = path.support_of(z)
    x = np.concatenate([z, [lam]])
    J = path.jacobian(x, support, ray)
    q, _ = np.linalg.qr(J.T, mode="complete")
    t = q[:, -1] if q[-1, -1] < 0 else -q[:, -1]        # start by lowering lambda
    orientation = np.sign(np.linalg.det(np.vstack([J, t])))
    h = 0.1 * max(1.0, lam)
    for step in range(max_steps):
        trial, ok = _correct(path, x + h * t, support, ray)
        walls = path.boundary(trial[:-1], support) if ok else None
        if not ok or np.linalg.norm(trial - x) > 2 * h:
            h /= 2
            if h < 1e-13:
                raise SolverError("the global Newton path could not be followed: the step "
                                  f"size fell below 1e-13 at lambda {x[-1]:.6g}")
            continue
        crossed = walls < 0
        before = path.boundary(x[:-1], support)
        fractions = np.where(crossed, before / np.maximum(before - walls, 1e-300), np.inf)
        if trial[-1] < 0 and x[-1] / (x[-1] - trial[-1]) <= fractions.min() + 1e-9:
            end = x + x[-1] / (x[-1] - trial[-1]) * (trial - x)   # the game itself is reached
            end[-1] = 0.0
            end, ok = _correct(path, end, support, ray, fixed_lambda=True, steps=20)
            if ok and (path.boundary(end[:-1], support) >= -1e-9).all():
                sigma = np.clip(path.retraction(end[:-1], support)[0], 0, None)
                return [s / s.sum() for s in path.blocks(sigma)], step
            h /= 2
            continue
        if crossed.any():                                # land on the first wall crossed
            wall = int(np.argmin(fractions))
            if before[wall] > 1e-9 * max(1.0, float(np.max(np.abs(x)))):
                h *= max(min(fractions[wall], 0.999), 1e-3)
                continue
            support = support.copy()
            support[wall] = not support[wall]
            if not all(b.any() for b in path.blocks(support)):
                raise SolverError("the global Newton path left the strategy simplex")
            J = path.jacobian(x, support, ray)
            t = _tangent(J, orientation)
            continue
        x = trial
        J = path.jacobian(x, support, ray)
        t = _tangent(J, orientation)
        h = min(h * 1.5, 0.5 * max(1.0, abs(x[-1])))
    raise SolverError(f"the global Newton path was not finished in {max_steps} steps")


def global_newton(game, seed=0, attempts=4, time_limit=2.0):
    """One Nash equilibrium of ``game`` by the global Newton method, verified.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    seed : int
        Seed of the random bonus ray :math:`b` (another equilibrium may be found
        from another seed).
    attempts : int
        Rays tried before giving up.
    time_limit : float
        CPU seconds allowed to the exact solution on the equilibrium's support.

    Returns
    -------
    Equilibrium
        Exact (Fractions, or algebraic numbers) when the game is exact and the
        equilibrium on its support was solved in time; otherwise floats with
        ``regret`` below :data:`REGRET` times the payoff range.
    """
    rng = np.random.default_rng(seed)
    payoffs = np.asarray(game.payoffs, dtype=float)
    problems = []
    for _ in range(attempts):
        ray = rng.uniform(0.0, 1.0, size=int(sum(game.shape)))
        try:
            sigma, _steps = trace(payoffs, ray)
        except SolverError as error:
            problems.append(str(error))
            continue
        return polish(game, sigma, "global-newton", time_limit)
    raise SolverError(f"method 'global-newton' failed from {attempts} rays: {problems[-1]}")


def polish(game, sigma, method, time_limit):
    """The exact equilibrium on the support of ``sigma`` (probabilities above ``1e-9``)
    within ``1e-6`` of it, solved in ``time_limit`` seconds; else ``sigma`` verified with
    its regret, which must be below :data:`REGRET` of the payoff range."""
    from .nplayer_support import support_equilibria
    from .result import Equilibrium
    from .verify import regrets

    sigma = [np.asarray(s, dtype=float) for s in sigma]
    if game.exact:
        support = tuple(tuple(int(a) for a in np.flatnonzero(s > 1e-9)) for s in sigma)
        for eq in support_equilibria(game, support, method, time_limit=time_limit,
                                     numerical=False) or []:
            if max(abs(float(p) - q) for s, t in zip(eq.strategies, sigma)
                   for p, q in zip(s, t)) <= 1e-6:
                return eq
    floats = type(game)(payoffs := np.asarray(game.payoffs, dtype=float), game.players,
                        game.actions)
    regret = max(float(r) for r in regrets(floats, sigma))
    if regret > REGRET * max(float(payoffs.max() - payoffs.min()), 1.0):
        raise SolverError(f"method {method!r} ended at a profile with regret {regret:.3g}, "
                          "which is not an equilibrium")
    return Equilibrium(players=game.players, actions=game.actions,
                       strategies=tuple(tuple(map(float, s)) for s in sigma),
                       payoffs=tuple(float(floats.payoff_vectors(sigma, i) @ sigma[i])
                                     for i in range(game.n_players)),
                       exact=False, regret=max(regret, 0.0))
