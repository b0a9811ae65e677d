"""Solvers for strategic-form games: one entry point, :func:`solve`, with ``method=``.

=========================  =====================================================
``"enumerate"``             all extreme equilibria exactly with the components of
                            the equilibrium set (two players, default); three or
                            more: every isolated equilibrium (rational or
                            algebraic) and every continuum as a set
``"lemke-howson"``          two players: nashpy's Lemke–Howson from every label
``"support-enumeration"``   two players: nashpy's support enumeration (unsafe on
                            degenerate games)
``"logit"``                 any number of players: one equilibrium, the limit of the
                            principal logit QRE branch (:mod:`.qre`), verified
``"global-newton"``         any number of players: one equilibrium by Govindan and
                            Wilson's global Newton method (:mod:`.global_newton`),
                            made exact where its support solves in time
``"pure"``                  any number of players: all pure equilibria
=========================  =====================================================
"""

import sys

from ..errors import GameError, SolverError
from .result import Equilibrium, EquilibriumSet, EquilibriumVariety

METHODS = ("enumerate", "lemke-howson", "support-enumeration", "logit", "global-newton",
           "pure")

__all__ = ["METHODS", "Equilibrium", "EquilibriumSet", "EquilibriumVariety", "solve"]


def solve(game, method="enumerate", progress=None, seed=0, time_limit=None):
    """Nash equilibria of ``game`` by ``method``; every one verified before it is returned.

    Parameters
    ----------
    game : NormalFormGame
    method : {"enumerate", "lemke-howson", "support-enumeration", "logit", "global-newton", \
"pure"}
    progress : bool or callable, optional
        For ``"enumerate"``: ``True`` prints the vertex count to stderr as the
        search goes; a callable is called as ``progress(player, n_vertices)``.
    seed : int
        For ``"global-newton"``: seed of the random bonus ray (another seed may
        find another equilibrium).
    time_limit : float, optional
        CPU seconds allowed to an exact solution of a support: for ``"enumerate"`` with
        three or more players, of each support before its certified numerical
        solution (default :data:`.nplayer_support.TIME_LIMIT`); for
        ``"global-newton"``, of the found equilibrium's support (default 2).

    Returns
    -------
    EquilibriumSet
    """
    from . import enumeration, nashpy_methods
    from .pure import pure_profiles
    from .verify import verified

    if method not in METHODS:
        raise GameError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    if method == "enumerate" and game.n_players != 2:
        return _enumerate_nplayer(game, time_limit)
    if method == "logit":
        return _logit_limit(game)
    if method == "global-newton":
        return _global_newton(game, seed, time_limit)
    if method != "pure" and game.n_players != 2:
        raise GameError(
            f"method {method!r} needs a two-player game, not one of {game.n_players} players; "
            "use method='enumerate' or 'pure'"
        )
    if method == "pure":
        found = [verified(game, _pure(game, s), method) for s in pure_profiles(game)]
    elif method == "enumerate":
        A, B = game.matrices()
        exact_A, exact_B = (_exact(M) for M in (A, B))
        pairs = enumeration.extreme_equilibria(exact_A, exact_B, _reporter(progress))
        pairs.sort(reverse=True)
        found = [verified(game, list(pair) if game.exact else [[float(p) for p in s] for s in pair],
                          method) for pair in pairs]
    elif method == "lemke-howson":
        found = nashpy_methods.lemke_howson(game)
    else:
        found = nashpy_methods.support_enumeration(game)
    profiles = [eq.strategies for eq in found]
    subsets = ()
    if method == "enumerate":
        subsets = tuple(tuple(s) for s in enumeration.maximal_nash_subsets(
            [(x, y) for x, y in pairs]))
    return EquilibriumSet(
        players=game.players,
        actions=game.actions,
        exact=game.exact,
        equilibria=tuple(found),
        components=tuple(tuple(c) for c in enumeration.connected_components(profiles)),
        method=method,
        complete=method in ("enumerate", "pure"),
        maximal_subsets=subsets,
        title=game.title,
    )


def _enumerate_nplayer(game, time_limit=None):
    from .enumeration import connected_components
    from .nplayer_support import TIME_LIMIT, solve_supports

    found, varieties, unresolved = solve_supports(
        game, time_limit=TIME_LIMIT if time_limit is None else time_limit)
    return EquilibriumSet(
        players=game.players, actions=game.actions, exact=game.exact,
        equilibria=tuple(found),
        components=tuple(tuple(c) for c in connected_components(
            [eq.algebraic or eq.strategies for eq in found])),
        method="enumerate", complete=not unresolved, title=game.title,
        varieties=tuple(varieties), unresolved=tuple(unresolved))


def _logit_limit(game):
    from .qre import logit_branch

    branch = logit_branch(game)
    if branch.limit is None:
        raise SolverError(f"the logit branch reached precision {branch.lams[-1]:.4g} "
                          "before play came within the regret bound of an equilibrium")
    return EquilibriumSet(
        players=game.players, actions=game.actions, exact=branch.limit.exact,
        equilibria=(branch.limit,), components=((0,),), method="logit", complete=False,
        title=game.title)


def _global_newton(game, seed, time_limit=None):
    from .global_newton import global_newton

    found = global_newton(game, seed=seed, **({} if time_limit is None
                                               else {"time_limit": time_limit}))
    return EquilibriumSet(
        players=game.players, actions=game.actions, exact=found.exact, equilibria=(found,),
        components=((0,),), method="global-newton", complete=False, title=game.title)


def _pure(game, profile):
    return [[1 if a == s else 0 for a in range(m)] for s, m in zip(profile, game.shape)]


def _exact(M):
    """Payoffs as Fractions: exact games as they are, floats by their exact binary value."""
    from fractions import Fraction

    import numpy as np

    return np.vectorize(Fraction, otypes=[object])(M)


def _reporter(progress):
    if progress is True:
        def report(player, count):
            print(f"\rpolytope {player + 1}: {count} vertices", end="", file=sys.stderr)
        return report
    return progress or None
