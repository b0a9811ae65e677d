r"""Logit quantal response equilibria, traced along the principal branch.

In a logit QRE with precision :math:`\lambda \ge 0` each player plays every
action with probability proportional to :math:`\exp(\lambda\, u_i(a, \sigma_{-i}))`.
In log-probabilities :math:`w_{ia} = \log \sigma_i(a)` the equilibria solve

.. math::

    H(w, \lambda) = \Big(w_{ia} - w_{i0} - \lambda\,[u_i(a, \sigma_{-i}) - u_i(0, \sigma_{-i})]
    \ (a \ne 0),\quad \textstyle\sum_a e^{w_{ia}} - 1\Big)_i = 0,

:math:`M` equations in :math:`M + 1` unknowns.  At :math:`\lambda = 0` the only
solution is uniform play; the *principal branch* is the curve of solutions
leaving it, which for almost every game is smooth and reaches a Nash equilibrium
as :math:`\lambda \to \infty` (McKelvey & Palfrey 1995).  It is traced by
predictor–corrector continuation in arclength: an Euler step along the tangent
(the null vector of :math:`DH`, oriented as the previous one), then Gauss–Newton
corrector steps back onto the curve; the step grows by ``max_accel`` after an
easy correction and halves after a hard one (Allgower & Georg 1990; Turocy 2005,
as in Gambit's ``logit``).  Folds in :math:`\lambda` (where the branch turns back)
are crossed naturally, which fixed-point iteration cannot do.

References: McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria
for normal form games. *Games and Economic Behavior* 10, 6–38; Turocy, T. L.
(2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51, 243–263;
Allgower, E. L. & Georg, K. (1990). *Numerical Continuation Methods*, Springer;
McKelvey, R. D. & Palfrey, T. R. (1998). Quantal response equilibria for extensive
form games. *Experimental Economics* 1, 9–41.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import GameError, SolverError
from .homotopy import contract

#: Largest residual of the logit equations accepted on the branch, relative to the
#: size of the point (log-probabilities grow like lambda).
RESIDUAL = 1e-12


@dataclass(frozen=True)
class QuantalResponse:
    """A logit QRE: the precision ``lam`` and each player's mixed strategy (floats)."""

    players: tuple
    actions: tuple
    lam: float
    strategies: tuple

    def strategy(self, player):
        i = player if isinstance(player, int) else self.players.index(player)
        return dict(zip(self.actions[i], self.strategies[i]))

    def to_dict(self):
        return {"lambda": self.lam, "strategies": [list(s) for s in self.strategies]}

    def explain(self):
        parts = [f"{p} plays " + ", ".join(f"{a} with {q:.3g}" for a, q in zip(acts, s))
                 for p, acts, s in zip(self.players, self.actions, self.strategies)]
        return (f"With logit precision {self.lam:.4g} (players err less as it grows): "
                + "; ".join(parts) + ".")


@dataclass(frozen=True)
class LogitBranch:
    """The principal branch of the logit QRE correspondence, as traced.

    ``lams[k]`` and ``profiles[k]`` (one array of probabilities per player) are the
    points the tracer accepted, from :math:`\\lambda = 0`; ``limit`` is the Nash
    equilibrium (for a tree, the sequential assessment) the branch selects (verified), or
    ``None`` if the tracing stopped at ``max_lambda`` before the regret criterion was met.
    """

    players: tuple
    actions: tuple
    lams: tuple
    profiles: tuple
    limit: object = None
    bifurcations: tuple = ()

    def __len__(self):
        return len(self.lams)

    def to_dataframe(self):
        """One row per traced point: ``lambda`` and ``P(player:action)`` columns."""
        import pandas as pd

        rows = []
        for lam, profile in zip(self.lams, self.profiles):
            row = {"lambda": lam}
            for p, acts, s in zip(self.players, self.actions, profile):
                row.update({f"P({p}:{a})": q for a, q in zip(acts, s)})
            rows.append(row)
        return pd.DataFrame(rows)

    def to_dict(self):
        return {"lambda": list(self.lams), "bifurcations": list(self.bifurcations),
                "strategies": [[list(map(float, s)) for s in profile] for profile in self.profiles],
                **({"limit": self.limit.to_dict()} if self.limit is not None else {})}

    def explain(self):
        end = (f" and selects the equilibrium where {self.limit.describe()}"
               if self.limit is not None else "")
        fork = (f" It passed {len(self.bifurcations)} bifurcation point(s), where other "
                "branches leave it." if self.bifurcations else "")
        return (f"The principal logit branch was traced through {len(self)} points up to "
                f"precision {self.lams[-1]:.4g}{end}.{fork}")


@dataclass(frozen=True)
class LogitFit:
    """Maximum-likelihood logit precision for observed counts of play."""

    lam: float
    log_likelihood: float
    response: QuantalResponse

    def to_dict(self):
        return {"lambda": self.lam, "log_likelihood": self.log_likelihood,
                **self.response.to_dict()}

    def explain(self):
        return (f"The observed play is best fitted by logit precision {self.lam:.4g} "
                f"(log-likelihood {self.log_likelihood:.6g}). " + self.response.explain())


class _Logit:
    r"""The system :math:`H(w, \lambda)` over blocks of actions (one per player, or per
    agent of a tree) from the blocks' action values and their derivatives."""

    def split(self, w):
        return [np.exp(w[self.offsets[b]:self.offsets[b + 1]]) for b in range(len(self.shape))]

    def residual(self, x):
        w, lam = x[:-1], x[-1]
        sigma = self.split(w)
        out = []
        for b, v in enumerate(self.values(sigma)):
            wb = w[self.offsets[b]:self.offsets[b + 1]]
            out.append(np.concatenate(([sigma[b].sum() - 1],
                                       wb[1:] - wb[0] - lam * (v[1:] - v[0]))))
        return np.concatenate(out)

    def jacobian(self, x):
        w, lam = x[:-1], x[-1]
        sigma = self.split(w)
        M = len(w)
        D = self.derivatives(w)   # D[row of (b, a), column of (c, l)] = d v_ba / d w_cl
        J = np.zeros((M, M + 1))
        for b, v in enumerate(self.values(sigma)):
            r0, m = self.offsets[b], self.shape[b]
            J[r0, r0:r0 + m] = sigma[b]
            J[r0 + 1:r0 + m, r0] = -1
            J[r0 + 1:r0 + m, r0 + 1:r0 + m] += np.eye(m - 1)
            J[r0 + 1:r0 + m, :M] -= lam * (D[r0 + 1:r0 + m] - D[r0])
            J[r0 + 1:r0 + m, M] = -(v[1:] - v[0])
        return J

    def regret(self, sigma):
        return max(float(np.max(v) - v @ s) for v, s in zip(self.values(sigma), sigma))


class _StrategicLogit(_Logit):
    """Blocks are the players of a strategic-form game; derivatives are exact."""

    def __init__(self, game):
        self.payoffs = np.asarray(game.payoffs, dtype=float)
        self.shape = tuple(game.shape)
        self.offsets = np.cumsum((0, *self.shape))
        self.n = len(self.shape)
        self.labels, self.actions = game.players, game.actions
        self.scale = float(self.payoffs.max() - self.payoffs.min())

    def _contract(self, i, sigma, keep):
        """Player ``i``'s payoff array contracted with every strategy but those in ``keep``."""
        return contract(self.payoffs[i], sigma, keep)

    def values(self, sigma):
        return [self._contract(i, sigma, (i,)) for i in range(self.n)]

    def derivatives(self, w):
        sigma = self.split(w)
        D = np.zeros((len(w), len(w)))
        for i in range(self.n):
            rows = slice(self.offsets[i], self.offsets[i + 1])
            for k in range(self.n):
                if k != i:
                    pair = self._contract(i, sigma, (i, k))
                    pair = pair if i < k else pair.T      # rows: i's actions, columns: k's
                    D[rows, self.offsets[k]:self.offsets[k + 1]] = pair * sigma[k]
        return D


class _AgentLogit(_Logit):
    r"""Blocks are the information sets of a tree (its agent form).

    The value of action :math:`a` at information set :math:`h` is the mover's expected
    payoff from taking :math:`a` there, conditional on reaching :math:`h` (beliefs
    :math:`\mu(x) \propto` the realisation probability of node :math:`x \in h`,
    positive along the branch); derivatives are central differences.
    """

    def __init__(self, tree):
        nodes = tree.nodes()
        infosets = tree.information_sets()
        self.labels = tuple(f"{h.player}: {h.label or k + 1}" for k, h in enumerate(infosets))
        self.actions = tuple(h.actions for h in infosets)
        self.shape = tuple(len(h.actions) for h in infosets)
        self.offsets = np.cumsum((0, *self.shape))
        self.players = [tree.players.index(h.player) for h in infosets]
        block = {id(h): k for k, h in enumerate(infosets)}
        index = {node: k for k, node in enumerate(nodes)}
        self.histories = [node.history for node in nodes]
        self.kids, self.block, self.chance, self.own = [], [], [], []
        for node in nodes:
            infoset = node.information_set
            self.kids.append([index[c] for c in node.children])
            self.block.append(None if infoset is None or node.is_chance else block[id(infoset)])
            self.chance.append([float(p) for p in infoset._probabilities]
                               if node.is_chance else None)
            try:
                self.own.append(np.zeros(tree.n_players) if node.outcome is None
                                else np.array([float(u) for u in node.outcome.payoffs]))
            except TypeError:
                raise GameError("the logit QRE of a tree needs numbers, not symbols; "
                                "substitute values for the parameters first") from None
        leaves = np.array(self.own)
        self.scale = float(leaves.max() - leaves.min())

    def reach(self, sigma):
        """The realisation probability of every node, and the moves taken at each."""
        n = len(self.kids)
        reach = np.zeros(n)
        reach[0] = 1.0
        moves = []
        for k in range(n):   # preorder: parents first
            if self.kids[k]:
                p = self.chance[k] if self.block[k] is None else sigma[self.block[k]]
                moves.append(p)
                for child, q in zip(self.kids[k], p):
                    reach[child] = reach[k] * q
            else:
                moves.append(None)
        return reach, moves

    def beliefs(self, sigma):
        """For each information set, ``(node histories, probabilities)`` by Bayes' rule."""
        reach, _ = self.reach(sigma)
        out = []
        for b in range(len(self.shape)):
            members = [k for k in range(len(self.kids)) if self.block[k] == b]
            weights = reach[members]
            out.append((tuple(self.histories[k] for k in members),
                        tuple(float(p) for p in weights / max(weights.sum(), 1e-300))))
        return out

    def values(self, sigma):
        n = len(self.kids)
        reach, moves = self.reach(sigma)
        total = [np.array(u, dtype=float) for u in self.own]
        for k in reversed(range(n)):   # children before parents
            if self.kids[k]:
                total[k] = total[k] + sum(q * total[c] for c, q in zip(self.kids[k], moves[k]))
        sums = [np.zeros(m) for m in self.shape]
        weights = np.zeros(len(self.shape))
        for k in range(n):
            b = self.block[k]
            if b is not None:
                player = self.players[b]
                sums[b] += reach[k] * np.array([total[c][player] for c in self.kids[k]])
                weights[b] += reach[k]
        return [v / max(wt, 1e-300) for v, wt in zip(sums, weights)]

    def derivatives(self, w, step=1e-6):
        D = np.zeros((len(w), len(w)))
        for col in range(len(w)):
            up, down = w.copy(), w.copy()
            up[col] += step
            down[col] -= step
            D[:, col] = (np.concatenate(self.values(self.split(up)))
                         - np.concatenate(self.values(self.split(down)))) / (2 * step)
        return D


def _system(game):
    """The logit system of a strategic-form game, or of a tree's agent form."""
    if hasattr(game, "information_sets"):
        return _AgentLogit(game)
    return _StrategicLogit(game)


def _tangent(J, previous):
    q, _ = np.linalg.qr(J.T, mode="complete")
    t = q[:, -1]
    return -t if t @ previous < 0 else t


def _correct(system, x, fixed_lambda=False, steps=12):
    """Gauss–Newton steps back onto the branch (``fixed_lambda``: Newton at fixed λ)."""
    def tolerance(x):
        return RESIDUAL * max(1.0, float(np.max(np.abs(x))))

    for _ in range(steps):
        F = system.residual(x)
        if np.max(np.abs(F)) <= tolerance(x):
            return x, True
        J = system.jacobian(x)
        try:
            if fixed_lambda:
                x = np.concatenate((x[:-1] - np.linalg.solve(J[:, :-1], F), x[-1:]))
            else:
                x = x - np.linalg.lstsq(J, F, rcond=None)[0]
        except np.linalg.LinAlgError:   # singular at fixed lambda: a fold or bifurcation
            return x, False
        if not np.all(np.isfinite(x)):
            return x, False
    return x, np.max(np.abs(system.residual(x))) <= tolerance(x)


def _trace(system, stop, first_step=0.03, max_accel=1.1, max_points=100000):
    """Follow the principal branch from λ = 0, calling ``stop(x, previous)`` at each
    accepted point; returns the system and the accepted points (rows ``(w, λ)``).

    Where the determinant of the Jacobian augmented by the tangent changes sign
    the branch has crossed a bifurcation point (Allgower & Georg 1990, §8); the
    tracer goes straight on and ``system.bifurcations`` records the λ after it.
    """
    x = np.concatenate([np.full(m, -np.log(m)) for m in system.shape] + [[0.0]])
    t = np.zeros_like(x)
    t[-1] = 1.0
    h = first_step
    points, bifurcations = [x], []
    J = system.jacobian(x)
    t = _tangent(J, t)
    orientation = np.sign(np.linalg.det(np.vstack([J, t])))
    while len(points) < max_points:
        trial, ok = _correct(system, x + h * t)
        if ok and trial[-1] >= 0 and np.linalg.norm(trial - x) <= 4 * h:
            x = trial
            points.append(x)
            J = system.jacobian(x)
            t = _tangent(J, t)
            sign = np.sign(np.linalg.det(np.vstack([J, t])))
            if sign != orientation:   # the augmented Jacobian is singular in between
                bifurcations.append(float(x[-1]))
                orientation = sign
            if stop(x, points[-2]):
                system.bifurcations = tuple(bifurcations)
                return system, points
            h *= max_accel
        else:
            h /= 2
            if h < 1e-12:
                raise SolverError("the logit branch could not be followed: the step size "
                                  f"fell below 1e-12 at lambda {x[-1]:.6g}")
    raise SolverError(f"the logit branch was not finished in {max_points} steps")


def _response(system, x):
    return QuantalResponse(players=system.labels, actions=system.actions, lam=float(x[-1]),
                           strategies=tuple(tuple(map(float, s)) for s in system.split(x[:-1])))


def logit_at(game, lam, first_step=0.03, max_accel=1.1):
    """The logit QRE on the principal branch at precision ``lam`` (the first crossing).

    ``game`` is a :class:`~negotiation.NormalFormGame` or a
    :class:`~negotiation.GameTree` (its agent form: one block per information set,
    named ``"player: label"``).  Traces from 0 until the branch passes ``lam``,
    then solves :math:`H(w, \\lambda) = 0` at that ``lam`` by Newton's method from
    the bracketing point.
    """
    lam = float(lam)
    if not np.isfinite(lam) or lam < 0:
        raise GameError(f"the logit precision must be a finite number >= 0, not {lam}")
    system = _system(game)
    system, points = _trace(system, lambda x, _previous: x[-1] >= lam, first_step, max_accel)
    before, after = points[-2], points[-1]
    if after[-1] == before[-1]:
        start = after
    else:
        s = (lam - before[-1]) / (after[-1] - before[-1])
        start = before + min(max(s, 0.0), 1.0) * (after - before)
    start[-1] = lam
    x, ok = _correct(system, start, fixed_lambda=True, steps=30)
    if not ok:
        raise SolverError(f"Newton's method did not converge to the QRE at lambda {lam}")
    return _response(system, x)


def logit_branch(game, max_regret=1e-8, max_lambda=1e10, first_step=0.03, max_accel=1.1):
    """Trace the principal branch until the regret is below ``max_regret`` times the
    payoff range (as Gambit's ``logit``), and verify its limit equilibrium.

    ``game`` is a strategic-form game or a tree (agent form; the regret is then each
    agent's, at its conditional action values).

    Returns
    -------
    LogitBranch
        ``limit`` is the equilibrium the branch selects, exact when the game is
        exact and the equilibrium with that support is found exactly
        (:func:`limit_equilibrium`), else the float profile with its regret.
        For a tree it is the sequential equilibrium the branch selects (McKelvey &
        Palfrey 1998): an exact :class:`~.sequential.Assessment` when the rounded last
        profile is supported by a tremble sequence
        (:func:`~.sequential.limit_assessment`), else the float assessment with
        its regret.  ``None`` when tracing stopped at ``max_lambda`` above the regret bound.
    """
    system = _system(game)
    scale = max(system.scale, 1e-300)

    def stop(x, _previous):
        return x[-1] >= max_lambda or system.regret(system.split(x[:-1])) <= max_regret * scale

    system, points = _trace(system, stop, first_step, max_accel)
    sigma = system.split(points[-1][:-1])
    if isinstance(system, _StrategicLogit):
        try:   # at max_lambda play may still be close enough to identify the equilibrium
            limit = limit_equilibrium(game, sigma)
        except SolverError:
            limit = None
    else:
        limit = _tree_limit(game, system, sigma, points[-1][-1], max_regret * scale)
    return LogitBranch(players=system.labels, actions=system.actions,
                       lams=tuple(float(x[-1]) for x in points),
                       profiles=tuple(tuple(tuple(map(float, s)) for s in system.split(x[:-1]))
                                      for x in points),
                       limit=limit, bifurcations=system.bifurcations)


def _tree_limit(tree, system, sigma, lam, bound):
    """The sequential equilibrium at the end of a tree's agent logit branch."""
    from .sequential import _float_assessment, limit_assessment

    exact = limit_assessment(tree, sigma)
    if exact is not None:
        return exact
    return _float_assessment(system, sigma, lam) if system.regret(sigma) <= bound else None


def nearby_fractions(sigma, distance=1e-4, tiny=1e-6):
    """Exact profiles near a float one, simplest first: each probability rounded to the
    nearest fraction with denominator up to 10, 100, ..., 10**6 (zero below ``tiny``,
    the largest adjusted so each vector sums to 1), when within ``distance`` of ``sigma``."""
    from fractions import Fraction

    seen = set()
    for denominator in (10, 100, 1000, 10 ** 4, 10 ** 6):
        profile = []
        for s in sigma:
            q = [Fraction(float(p)).limit_denominator(denominator) if p > tiny else Fraction(0)
                 for p in s]
            top = max(range(len(q)), key=lambda a: q[a])
            q[top] += 1 - sum(q)
            profile.append(tuple(q))
        profile = tuple(profile)
        if profile in seen or max(abs(float(p) - q) for r, s in zip(profile, sigma)
                                  for p, q in zip(r, s)) > distance:
            continue
        seen.add(profile)
        yield profile


def limit_equilibrium(game, sigma, method="logit"):
    """The Nash equilibrium at (or next to) an approximate one ``sigma``.

    In an exact game the equilibria with the support of ``sigma`` (probabilities
    above ``1e-3``, then above ``1e-6``) are solved exactly and the nearest is returned when it is
    within ``1e-4``; else the simplest nearby fractions (:func:`nearby_fractions`) when
    they are an equilibrium exactly (a point of a continuum); otherwise ``sigma`` itself is
    verified against a regret bound relative to the payoff range (its regret is recorded in
    the result).
    """
    from .nplayer_support import support_equilibria
    from .result import Equilibrium
    from .verify import regrets, verified

    if game.exact:
        for threshold in (1e-3, 1e-6):
            support = tuple(tuple(int(a) for a in np.flatnonzero(np.asarray(s) > threshold))
                            for s in sigma)
            if sum(len(s) - 1 for s in support) > 6:
                continue
            near = [eq for eq in support_equilibria(game, support, method)
                    if max(abs(float(p) - q) for s, t in zip(eq.strategies, sigma)
                           for p, q in zip(s, t)) <= 1e-4]
            if near:
                return near[0]
        # inside a continuum the support solve gives no point: the simplest nearby
        # fractions, when they are an equilibrium exactly
        for exact in nearby_fractions(sigma):
            try:
                return verified(game, exact, method)
            except SolverError:
                continue
    floats = type(game)(np.asarray(game.payoffs, dtype=float), game.players, game.actions)
    sigma = [np.asarray(s, dtype=float) for s in sigma]
    regret = max(float(r) for r in regrets(floats, sigma))
    payoffs = np.asarray(game.payoffs, dtype=float)
    if regret > 1e-6 * max(float(payoffs.max() - payoffs.min()), 1.0):
        raise SolverError(f"method {method!r} ended at a profile with regret {regret:.3g}, "
                          "which is not an equilibrium")
    values = tuple(float(floats.payoff_vectors(sigma, i) @ sigma[i])
                   for i in range(game.n_players))
    return Equilibrium(players=game.players, actions=game.actions,
                       strategies=tuple(tuple(map(float, s)) for s in sigma), payoffs=values,
                       exact=False, regret=regret)


def logit_estimate(game, counts, max_lambda=1e7, first_step=0.03, max_accel=1.1):
    r"""Maximum-likelihood logit precision for observed counts of play.

    Maximises :math:`\ell(\lambda) = \sum_{i,a} n_{ia} \log \sigma_i(a; \lambda)` over
    the principal branch (as Gambit's ``logit_estimate``): the branch is traced to
    ``max_lambda`` or until play is within regret ``1e-10`` of the payoff range of
    an equilibrium, the best traced point is found, and :math:`\lambda` is refined
    between its neighbours by a bounded scalar search on :func:`logit_at`.

    Parameters
    ----------
    counts : sequence of sequences
        ``counts[i][a]``: how often player ``i`` was seen playing action ``a``.
    """
    from scipy.optimize import minimize_scalar

    counts = [np.asarray(c, dtype=float) for c in counts]
    system = _system(game)
    if len(counts) != len(system.shape) or any(len(c) != m or np.any(c < 0)
                                               for c, m in zip(counts, system.shape)):
        raise GameError("counts must give a non-negative number for every action of every "
                        f"player (or information set), shaped as {system.shape}")

    def loglike(x):
        return float(sum(c @ w for c, w in zip(
            counts, np.split(x[:-1], system.offsets[1:-1]))))

    scale = max(system.scale, 1e-300)

    def stop(x, _previous):   # past the equilibrium the likelihood no longer changes
        return x[-1] >= max_lambda or system.regret(system.split(x[:-1])) <= 1e-10 * scale

    _, points = _trace(system, stop, first_step, max_accel)
    values = [loglike(x) for x in points]
    k = int(np.argmax(values))
    lo, hi = points[max(k - 1, 0)][-1], points[min(k + 1, len(points) - 1)][-1]
    best = _response(system, points[k])
    if hi > lo:
        def negative(lam):
            response = logit_at(game, lam, first_step, max_accel)
            return -sum(c @ np.log(s) for c, s in zip(counts, response.strategies))

        found = minimize_scalar(negative, bounds=(lo, hi), method="bounded",
                                options={"xatol": 1e-10 * max(1.0, hi)})
        if -found.fun >= values[k]:
            best = logit_at(game, found.x, first_step, max_accel)
    return LogitFit(lam=best.lam, log_likelihood=float(
        sum(c @ np.log(s) for c, s in zip(counts, best.strategies))), response=best)
