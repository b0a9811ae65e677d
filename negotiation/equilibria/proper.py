r"""Proper equilibria of two-player strategic-form games (Myerson 1978).

A completely mixed profile :math:`\sigma^\varepsilon` is *ε-proper* when a worse
action is at least :math:`1/\varepsilon` times less likely than a better one:

.. math:: u_i(a, \sigma^\varepsilon_{-i}) < u_i(a', \sigma^\varepsilon_{-i})
          \ \Rightarrow\ \sigma^\varepsilon_i(a) \le \varepsilon\, \sigma^\varepsilon_i(a'),

and an equilibrium is *proper* when it is the limit of ε-proper profiles as
:math:`\varepsilon \to 0`: costlier mistakes are infinitely rarer.  Every proper
equilibrium is perfect and every game has one (Myerson 1978).

:func:`properness` looks for the sequence explicitly, as a lexicographic probability
system (Blume, Brandenburger & Dekel 1991): layers :math:`\rho^0_i = \sigma_i, \rho^1_i,
\dots` and

.. math:: \sigma^\varepsilon_i \propto \sum_k \varepsilon^{2k} \rho^k_i ,

where layer :math:`k \ge 1` puts weight 1 on the actions whose *level* :math:`\ell(a)` is
:math:`k` (0 on the support) and, to break ties inside the support, possibly on one support
action in layer 1.  Against it an action's payoff is a polynomial in :math:`\varepsilon^2`
whose coefficients, layer by layer, rank the actions lexicographically; the levels are
re-read from that ranking (the support first, then each class of equally good actions one
level below the last) until they no longer change.  At a fixed point in which the support
is ranked best, a lexicographically worse action sits at least one level, a factor
:math:`\varepsilon^2`, lower, so the profile is ε-proper for all small
:math:`\varepsilon`: a certificate, checked exactly.

Two certificates say *not proper*: the equilibrium is not perfect (:mod:`.perfect`),
or a support action is forced below another.  Relations "every ε-proper sequence makes
:math:`a` at least :math:`1/\varepsilon` times rarer than :math:`a'`" are derived
soundly from the payoffs (an action worse against the limit is below; an action is
below another when every opponent action favouring it is below one favouring the
other); one that puts a support action below another contradicts convergence.  When
no certificate is found either way the answer is left open (``proper is None``): the
search is not complete.

References: Myerson, R. B. (1978). Refinements of the Nash equilibrium concept.
*International Journal of Game Theory* 7, 73–80; Blume, L., Brandenburger, A. &
Dekel, E. (1991). Lexicographic probabilities and equilibrium refinements.
*Econometrica* 59, 81–98; van Damme, E. (1991). *Stability and Perfection of Nash
Equilibria*, 2nd ed., Springer, §2.3.
"""

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import numpy as np

from .._numbers import format_number
from ..errors import GameError

#: Most rounds of re-reading the levels before the search gives up.
MAX_ROUNDS = 50


@dataclass(frozen=True)
class ProperCheck:
    """Whether a two-player equilibrium is proper, with the certificate found.

    ``proper`` is ``True`` (``system`` is a lexicographic probability system per player,
    :math:`(\\rho^0 = \\sigma, \\rho^1, \\dots)`, defining an ε-proper sequence converging
    to the equilibrium: :meth:`perturbed`; ``levels`` the first layer of each action),
    ``False`` (it is not perfect: ``perfection`` holds the dominating strategy; or
    ``refutation`` is ``(player, action, better action)``: an action of the support that
    every ε-proper sequence makes infinitely rarer than another) or ``None`` (undecided).
    """

    players: tuple
    actions: tuple
    strategies: tuple
    proper: bool | None
    levels: tuple | None = None
    system: tuple | None = None
    perfection: object = None
    refutation: tuple | None = None

    def perturbed(self, epsilon):
        """The ε-proper profile of the certificate at ``epsilon`` (exact for a Fraction):
        :math:`\\sigma^\\varepsilon_i \\propto \\sum_k \\varepsilon^{2k} \\rho^k_i`."""
        if self.system is None:
            raise GameError("only a certified proper equilibrium has an ε-proper sequence")
        out = []
        for layers in self.system:
            raw = [sum(rho[a] * epsilon ** (2 * k) for k, rho in enumerate(layers))
                   for a in range(len(layers[0]))]
            out.append(tuple(r / sum(raw) for r in raw))
        return tuple(out)

    def to_dict(self):
        return {"proper": self.proper,
                "levels": None if self.levels is None else [list(k) for k in self.levels],
                "lexicographic": None if self.system is None
                else [[[format_number(w) for w in rho] for rho in layers]
                      for layers in self.system]}

    def explain(self):
        if self.proper:
            return ("This equilibrium is proper: it survives mistakes when costlier mistakes "
                    "are infinitely rarer than cheaper ones (a lexicographic sequence of "
                    "trembles certifies it exactly).")
        if self.refutation is not None:
            i, a, c = self.refutation
            player, acts = self.players[i], self.actions[i]
            return (f"This equilibrium is perfect but not proper: whenever costlier mistakes "
                    f"are infinitely rarer, {player}'s {acts[a]} does worse than {acts[c]}, "
                    f"so {player} would all but never play {acts[a]}.")
        if self.proper is False:
            return ("This equilibrium is not proper, not even perfect: "
                    + self.perfection.explain().split(": ", 1)[1])
        return ("Whether this equilibrium is proper is undecided: it is perfect, but the "
                "search for a lexicographic sequence of trembles found none.")

    def _repr_html_(self):
        from html import escape

        return f"<p>{escape(self.explain())}</p>"


def _ranking(M, layers):
    """Classes of actions (rows of ``M``), best first, by their payoff against the
    opponent's lexicographic system ``layers``, compared layer by layer."""
    vectors = [tuple(sum(row[b] * rho[b] for b in range(len(row))) for rho in layers)
               for row in M]
    distinct = sorted(set(vectors), reverse=True)
    return [distinct.index(v) for v in vectors]


def _layers(strategy, levels, boost):
    """The lexicographic system of ``levels``: layer 0 the strategy, layer ``k`` weight 1
    on the actions first at level ``k``; ``boost`` (a support action, or ``None``)
    reappears with weight 1 in layer 1, tilting the ties inside the support."""
    depth = max(levels) + 1
    layers = [list(strategy)] + [[Fraction(int(levels[a] == k)) for a in range(len(levels))]
                                 for k in range(1, max(depth, 2 if boost is not None else 1))]
    if boost is not None:
        layers[1][boost] += 1
    return tuple(tuple(rho) for rho in layers)


def _relevel(rank, support):
    """Levels from a ranking: the support at 0, any other action one level per class
    above it, and at least 1; ``None`` when the support is not ranked best."""
    if any(rank[a] != 0 for a in support):
        return None
    return tuple(0 if a in support else rank[a] + 1 for a in range(len(rank)))


def _refutation(tables, strategies):
    r"""A support action that every ε-proper sequence makes vanish, or ``None``.

    Relations :math:`b \ll b'` (:math:`\sigma^\varepsilon(b) \le \varepsilon\,
    \sigma^\varepsilon(b')` for all small :math:`\varepsilon`) are derived soundly: an
    action worse against the limit is below; and :math:`a' \ll a` whenever every
    opponent action :math:`b` that favours :math:`a'` is below one that favours
    :math:`a`, for then :math:`a` is eventually better.  Returns ``(player, action,
    better action)``.
    """
    below = [set(), set()]   # (b, b'): b << b'
    for i in (0, 1):
        M, y = tables[i], strategies[1 - i]
        values = [sum(M[a, b] * y[b] for b in range(len(y))) for a in range(M.shape[0])]
        below[i] |= {(a, c) for a in range(len(values)) for c in range(len(values))
                     if values[a] < values[c]}
    changed = True
    while changed:
        changed = False
        for i in (0, 1):
            M, theirs = tables[i], below[1 - i]
            for a in range(M.shape[0]):
                for c in range(M.shape[0]):
                    if a == c or (c, a) in below[i]:
                        continue
                    gain = M[a] - M[c]
                    plus = [b for b in range(len(gain)) if gain[b] > 0]
                    minus = [b for b in range(len(gain)) if gain[b] < 0]
                    if plus and all(any((b, d) in theirs for d in plus) for b in minus):
                        below[i].add((c, a))
                        changed = True
            closure = {(a, d) for (a, b) in below[i] for (c, d) in below[i] if b == c}
            if not closure <= below[i]:
                below[i] |= closure
                changed = True
    for i in (0, 1):
        for a, c in sorted(below[i]):
            if strategies[i][a] > 0:
                return i, a, c
    return None


def properness(game, strategies):
    """Check that an equilibrium of a two-player ``game`` is proper, exactly: first
    perfect (:func:`~.perfect.perfection`, which refuses other games and profiles), then
    refuted or certified as in the module notes.  Returns a :class:`ProperCheck`."""
    from .perfect import perfection

    check = perfection(game, strategies)
    x, y = (list(s) for s in check.strategies)
    base = dict(players=game.players, actions=game.actions, strategies=check.strategies,
                perfection=check)
    if not check.perfect:
        return ProperCheck(proper=False, **base)
    A, B = (np.vectorize(Fraction, otypes=[object])(M) for M in game.matrices())
    tables = (A, B.T)
    refuted = _refutation(tables, (x, y))
    if refuted is not None:
        return ProperCheck(proper=False, refutation=refuted, **base)
    supports = [{a for a, p in enumerate(s) if p > 0} for s in (x, y)]
    strategies = (x, y)
    tilts = [[None] + (sorted(sup) if len(sup) > 1 else []) for sup in supports]
    for boosts in product(*tilts):
        levels = tuple(tuple(0 if a in sup else 1 for a in range(len(s)))
                       for sup, s in zip(supports, strategies))
        for _ in range(MAX_ROUNDS):
            system = tuple(_layers(strategies[i], levels[i], boosts[i]) for i in (0, 1))
            new = tuple(_relevel(_ranking(tables[i], system[1 - i]), supports[i])
                        for i in (0, 1))
            if None in new:
                break
            if new == levels:
                return ProperCheck(proper=True, levels=levels, system=system, **base)
            levels = new
    return ProperCheck(proper=None, **base)
