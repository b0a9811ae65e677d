r"""Sequential equilibrium assessments of game trees, as limits of agent logit QREs.

An *assessment* is a behaviour strategy profile :math:`b` with *beliefs*
:math:`\mu` (a probability over the nodes of each information set).  It is a
sequential equilibrium (Kreps & Wilson 1982) when every agent's action is a best
response given its beliefs and the others' behaviour (*sequential rationality*)
and the beliefs are the limit of Bayes' rule along completely mixed profiles
converging to :math:`b` (*consistency*).

The agent logit QREs of a tree are completely mixed, their beliefs are given by
Bayes' rule, and as the precision :math:`\lambda \to \infty` along the principal
branch they converge to a sequential equilibrium (McKelvey & Palfrey 1998).
:func:`sequential_equilibrium` traces that branch (:mod:`.qre`) until every
agent's regret, at its own beliefs, is below ``max_regret`` times the payoff
range, and returns the last profile with its beliefs: an approximate assessment,
consistent with the completely mixed profile it comes from and sequentially
rational within the regret reported.  It is one sequential equilibrium, the one
the logit branch selects, not all of them, and it is in floating point.

References: Kreps, D. M. & Wilson, R. (1982). Sequential equilibria.
*Econometrica* 50, 863–894; McKelvey, R. D. & Palfrey, T. R. (1998). Quantal
response equilibria for extensive form games. *Experimental Economics* 1, 9–41.
"""

from dataclasses import dataclass

from ..errors import SolverError


@dataclass(frozen=True)
class Assessment:
    """Behaviour and beliefs at each information set (an agent ``"player: label"``).

    ``beliefs[k]`` is ``(histories, probabilities)``: the nodes of agent ``k``'s
    information set, each named by the actions leading to it, and the probability
    the agent gives each.  ``regret`` is the largest gain an agent could make by
    changing its action given its beliefs; ``lam`` the logit precision reached.
    """

    agents: tuple
    actions: tuple
    behaviour: tuple
    beliefs: tuple
    regret: float
    lam: float

    def to_dict(self):
        return {"agents": list(self.agents),
                "behaviour": [list(b) for b in self.behaviour],
                "beliefs": [{" > ".join(h) or "root": p for h, p in zip(*belief)}
                            for belief in self.beliefs],
                "regret": self.regret, "lambda": self.lam}

    def explain(self):
        parts = []
        for agent, actions, play, (histories, probabilities) in zip(
                self.agents, self.actions, self.behaviour, self.beliefs):
            played = ", ".join(f"{a} with {p:.3g}" for a, p in zip(actions, play) if p > 1e-6)
            belief = ""
            if len(histories) > 1:
                belief = " believing " + ", ".join(
                    f"{' > '.join(h)} with {p:.3g}" for h, p in zip(histories, probabilities))
            parts.append(f"{agent} plays {played}{belief}")
        return ("In the sequential equilibrium the logit branch selects, " + "; ".join(parts)
                + f" (largest regret {self.regret:.2g}).")


def sequential_equilibrium(tree, max_regret=1e-8, max_lambda=1e10):
    """An approximate sequential equilibrium assessment of ``tree``.

    Parameters
    ----------
    tree : GameTree
        Numeric payoffs and probabilities.
    max_regret : float
        Tracing stops when every agent's regret is below this times the payoff range.

    Returns
    -------
    Assessment
    """
    from .qre import _AgentLogit, _trace

    system = _AgentLogit(tree)
    bound = max_regret * max(system.scale, 1e-300)

    def regret(x):
        return system.regret(system.split(x[:-1]))

    system, points = _trace(system, lambda x, _p: x[-1] >= max_lambda or regret(x) <= bound)
    x = points[-1]
    if regret(x) > bound:
        raise SolverError(f"the agent logit branch reached precision {x[-1]:.4g} with regret "
                          f"{regret(x):.3g}, above the bound {bound:.3g}")
    sigma = system.split(x[:-1])
    return Assessment(agents=system.labels, actions=system.actions,
                      behaviour=tuple(tuple(map(float, s)) for s in sigma),
                      beliefs=tuple(system.beliefs(sigma)), regret=regret(x), lam=float(x[-1]))
