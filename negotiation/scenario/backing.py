"""The patron's backing and the proposer's offer under uncertainty: a three-stage game tree.

Stage 1, the patron (Russia) chooses a backing level from the scenario's ``choices``;
stage 2, the proposer (the US) offers one package, knowing the level but not the
responder's resolve; then chance draws the responder's (the DPRK's) type and, stage 3,
the responder accepts or walks away.  A type is a shift of the responder's walk-away
value (the better of its no-deal payoff and its outside option), uniform on the
scenario's ``uncertainty.resolve`` range, represented by ``types`` equally likely
quantiles.  Chance moves after the offer, so the tree has perfect information and the
offer is made without knowing the type, as in a Bayesian game.

The US offers only packages on the Pareto frontier of the package space: a package that
another beats for both sides is accepted by fewer types and gives the US less.  The tree
is a :class:`~negotiation.games.GameTree`, solved by backward induction
(:meth:`~negotiation.games.GameTree.subgame_perfect`); the equilibrium's full strategy
gives the offer and the probability of no deal at every backing level, on the path or
off it.  Ties are reported: with several equilibria the first is used and their number
is kept, with the number of distinct payoff vectors among them.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class OfferAtLevel:
    """The proposer's equilibrium offer at one backing level."""

    level: float
    package: dict | None
    utilities: tuple | None
    accept_probability: float
    patron_payoff: float
    us_payoff: float


@dataclass(frozen=True)
class BackingEquilibrium:
    level: float | None
    offers: tuple
    equilibria: int
    outcomes: int
    types: tuple
    patron: str
    nodes: int


def type_shifts(low, high, count):
    """``count`` equally likely quantiles of the uniform distribution on [low, high]."""
    low, high = float(low), float(high)
    return tuple(low + (high - low) * (k + 0.5) / count for k in range(count))


def solve_tree(model, env, levels, shifts, patron=True):
    """Build and solve the tree; ``levels`` are backing levels (floats).

    Returns a :class:`BackingEquilibrium` (``level`` is the patron's choice, None without
    a patron stage).
    """
    from ..games.tree import GameTree

    space_rows = model.levels()
    u_all = model.utilities(env)
    frontier = _pareto(*u_all)
    names = model.players
    patron_name = model.patron if patron else None
    players = ((patron_name,) if patron else ()) + names
    tree = GameTree(players=players, title=f"{model.scenario.name}: backing and offers")
    probability = 1.0 / len(shifts)
    per_level = []
    for level in levels:
        level_env = {**env, model.level: float(level)} if model.level else env
        u_us, u_k = model.utilities(level_env)
        d_us = float(model.disagreement(level_env)[0])
        walk = float(model.walk_away(level_env)[1])
        if patron:
            r_deal, r_none = model.patron_payoffs(level_env)
        else:
            r_deal, r_none = np.zeros(len(space_rows)), 0.0
        per_level.append((u_us, u_k, d_us, walk, r_deal, r_none))
    root = tree.root
    if patron:
        root = root.decision(patron_name, [_label(v) for v in levels])
    us_nodes = []
    for j, (u_us, u_k, d_us, walk, r_deal, r_none) in enumerate(per_level):
        start = root[j] if patron else root
        offer = start.decision(names[0], [f"package {k}" for k in frontier])
        us_nodes.append(offer)
        for i, k in enumerate(frontier):
            types = offer[i].chance({f"type {t + 1}": probability for t in range(len(shifts))})
            for t, shift in enumerate(shifts):
                reply = types[t].decision(names[1], ["accept", "walk away"])
                accept = (float(u_us[k]), float(u_k[k]))
                refuse = (d_us, walk + shift)
                reply["accept"].terminal(((float(r_deal[k]),) if patron else ()) + accept)
                reply["walk away"].terminal(((r_none,) if patron else ()) + refuse)
    result = tree.subgame_perfect()
    spe = result[0]
    offers = []
    for j, node in enumerate(us_nodes):
        i = int(spe.choices[node.index])
        k = frontier[i]
        chance = node[i]
        accepted = sum(1 for t in range(len(shifts))
                       if spe.action(chance[t]) == "accept") / len(shifts)
        u_us, u_k, d_us, walk, r_deal, r_none = per_level[j]
        offers.append(OfferAtLevel(
            level=float(levels[j]), package=model.package(space_rows[k]),
            utilities=(float(u_us[k]), float(u_k[k])), accept_probability=accepted,
            patron_payoff=float(accepted * r_deal[k] + (1 - accepted) * r_none),
            us_payoff=float(accepted * u_us[k] + (1 - accepted) * d_us)))
    chosen = None
    if patron:
        chosen = float(levels[int(spe.choices[tree.root.index])])
    return BackingEquilibrium(level=chosen, offers=tuple(offers), equilibria=result.count,
                              outcomes=len(result.payoff_counts), types=tuple(shifts),
                              patron=patron_name, nodes=len(tree))


def _label(v):
    return f"{float(v):g}"


def _pareto(u1, u2):
    from ..bargaining.packages import pareto_indices

    return [int(k) for k in pareto_indices(u1, u2)]
