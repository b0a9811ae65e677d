"""Nash equilibria by nashpy's float algorithms, made exact and verified.

``lemke_howson`` runs the Lemke–Howson algorithm from every initial label
(Lemke & Howson 1964; nashpy's ``lemke_howson_enumeration``) and keeps each
distinct equilibrium once.  It finds at least one equilibrium of a nondegenerate
game, but not all of them in general.

``support_enumeration`` is nashpy's support enumeration.  It is **not safe on
degenerate games**: it may miss equilibria there, and with floating-point
round-off it misses some in nondegenerate games too (nashpy issues #82, #231).
Use ``method="enumerate"`` for all extreme equilibria.

In exact games each float equilibrium is made exact from its supports
(:mod:`.rational`); every answer is verified, and a float answer that is not an
equilibrium raises :class:`~negotiation.errors.SolverError` instead of being
returned or silently dropped.
"""

import warnings

import numpy as np

from ..errors import SolverError
from .rational import exact_profile
from .verify import verified


def lemke_howson(game):
    """Profiles found by Lemke–Howson from every initial label (duplicates removed)."""
    import nashpy

    A, B = _scaled(game)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        found = list(nashpy.Game(A, B).lemke_howson_enumeration())
    return _exact_distinct(game, found, "lemke-howson")


def support_enumeration(game):
    """Profiles found by nashpy's support enumeration (unsafe on degenerate games)."""
    import nashpy

    A, B = _scaled(game)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = list(nashpy.Game(A, B).support_enumeration(non_degenerate=False))
    return _exact_distinct(game, found, "support-enumeration")


def _scaled(game):
    """Each player's payoff matrix divided by its largest absolute entry, as floats.

    Equilibria do not change when a player's payoffs are multiplied by a positive number,
    and nashpy's pivoting works with absolute tolerances: at the scale 1 it finds the
    same equilibria of a game whose payoffs are 1e-20 or 1e20 (or exact 10^400, which
    has no float).  The answers are verified against the game itself."""
    out = []
    for M in game.matrices():
        largest = max(abs(v) for v in M.reshape(-1))
        M = M / largest if largest else M
        out.append(M.astype(float))
    return out


def _exact_distinct(game, found, method):
    out = {}
    for label, (x, y) in enumerate(found):
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            raise SolverError(
                f"{method} failed (from initial label {label}): nashpy returned no profile; "
                "the game is probably degenerate, use method='enumerate'"
            )
        profile = [x, y]
        if game.exact:
            profile = exact_profile(game, profile)
            if profile is None:
                raise SolverError(f"{method} returned a profile that is not an equilibrium")
        equilibrium = verified(game, profile, method)
        key = equilibrium.strategies if game.exact else tuple(
            tuple(round(p, 9) for p in s) for s in equilibrium.strategies)
        out.setdefault(key, equilibrium)
    return list(out.values())
