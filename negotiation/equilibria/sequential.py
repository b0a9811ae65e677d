r"""Sequential equilibrium assessments of game trees: limits of agent logit QREs, and exact.

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

Exactly: :func:`assessment` takes a behaviour profile and an explicit sequence of
mistakes, each action the profile leaves out taken with probability
:math:`c_a \varepsilon^{k_a}` (the played ones scaled down to make room), computes the
probability of every node as a polynomial in :math:`\varepsilon` in fractions, takes
the beliefs as the limit of Bayes' rule along it (the ratio of lowest-order terms:
consistent by construction) and checks sequential rationality at them exactly
(Kreps & Wilson's consistency through such tremble sequences; compare the
lexicographic characterisation of Blume, Brandenburger & Dekel 1991).
:func:`sequential_equilibria` searches: candidates from the reduced strategic form's
extreme equilibria and the logit limit, tremble orders 1 and 2, coefficients 1 or
solved for by an exact linear program; what it cannot support it reports as
undecided.  :func:`limit_assessment` makes the end of the logit branch exact.

References: Blume, L., Brandenburger, A. & Dekel, E. (1991). Lexicographic
probabilities and equilibrium refinements. *Econometrica* 59, 81–98;
Kreps, D. M. & Wilson, R. (1982). Sequential equilibria.
*Econometrica* 50, 863–894; McKelvey, R. D. & Palfrey, T. R. (1998). Quantal
response equilibria for extensive form games. *Experimental Economics* 1, 9–41.
"""

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from .._numbers import format_number
from .._numbers import number_text as _name
from ..errors import GameError, SolverError


@dataclass(frozen=True)
class Assessment:
    """Behaviour and beliefs at each information set (an agent ``"player: label"``).

    ``beliefs[k]`` is ``(histories, probabilities)``: the nodes of agent ``k``'s
    information set, each named by the actions leading to it, and the probability
    the agent gives each.  ``regret`` is the largest gain an agent could make by
    changing its action given its beliefs.  A float assessment from the logit branch
    has ``lam``, the precision reached; an exact one (:func:`assessment`) has
    ``gains`` (each agent's, exact), ``trembles`` (the sequence its beliefs are the
    limit of) and ``epsilon`` (the sequence is completely mixed below it).
    """

    agents: tuple
    actions: tuple
    behaviour: tuple
    beliefs: tuple
    regret: object
    lam: float | None = None
    gains: tuple | None = None
    trembles: tuple | None = None
    epsilon: object = None

    @property
    def exact(self):
        return self.trembles is not None

    @property
    def sequential(self):
        """Whether every agent is sequentially rational (exactly, or within ``regret``)."""
        return self.regret == 0 if self.exact else True

    def to_dict(self):
        out = {"agents": list(self.agents),
               "behaviour": [[format_number(p) for p in b] for b in self.behaviour],
               "beliefs": [{" > ".join(h) or "root": format_number(p) for h, p in zip(*belief)}
                           for belief in self.beliefs],
               "regret": format_number(self.regret)}
        if self.exact:
            out.update(sequential=self.sequential, epsilon=format_number(self.epsilon),
                       gains=[format_number(g) for g in self.gains],
                       trembles=[[None if t is None else [format_number(t[0]), t[1]]
                                  for t in row] for row in self.trembles])
        else:
            out["lambda"] = self.lam
        return out

    def describe(self):
        """One clause per agent: what it plays and, at a set of several nodes, believes."""
        parts = []
        for agent, actions, play, (histories, probabilities) in zip(
                self.agents, self.actions, self.behaviour, self.beliefs):
            played = ", ".join(f"{a} with {_name(p)}" for a, p in zip(actions, play)
                               if p > (0 if self.exact else 1e-6))
            belief = ""
            if len(histories) > 1:
                belief = " believing " + ", ".join(
                    f"{' > '.join(h)} with {_name(p)}" for h, p in zip(histories, probabilities))
            parts.append(f"{agent} plays {played}{belief}")
        return "; ".join(parts)

    def explain(self):
        if not self.exact:
            return ("In the sequential equilibrium the logit branch selects, " + self.describe()
                    + f" (largest regret {self.regret:.2g}).")
        if self.sequential:
            return ("This assessment is a sequential equilibrium, checked exactly: "
                    + self.describe() + "; the beliefs are the limit of Bayes' rule along the "
                    "trembles recorded, and no agent gains by changing its action.")
        worst = max(range(len(self.gains)), key=lambda k: self.gains[k])
        return (f"This assessment is not a sequential equilibrium: at its beliefs "
                f"{self.agents[worst]} gains {_name(self.gains[worst])} by changing its action.")

    def _repr_html_(self):
        from html import escape

        return f"<p>{escape(self.explain())}</p>"


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
    return _float_assessment(system, system.split(x[:-1]), x[-1])


def _float_assessment(system, sigma, lam):
    """The agent logit profile ``sigma`` with its Bayes beliefs and regret."""
    return Assessment(agents=system.labels, actions=system.actions,
                      behaviour=tuple(tuple(map(float, s)) for s in sigma),
                      beliefs=tuple(system.beliefs(sigma)), regret=system.regret(sigma),
                      lam=float(lam))


# ------------------------------------------------------------------ exact assessments
def _exact(value, where):
    try:
        return Fraction(value)
    except (TypeError, ValueError):
        raise GameError(f"{where} must be a number, not {value!r}: substitute values for the "
                        "parameters first") from None


def _times(p, q):
    """The product of two polynomials in epsilon, as ``{exponent: coefficient}``."""
    out = {}
    for i, a in p.items():
        for j, b in q.items():
            out[i + j] = out.get(i + j, 0) + a * b
    return {k: v for k, v in out.items() if v != 0}


class _Tree:
    """A tree's nodes, agents and payoffs in exact arithmetic."""

    def __init__(self, tree):
        nodes = tree.nodes()
        self.infosets = tree.information_sets()
        block = {id(h): k for k, h in enumerate(self.infosets)}
        index = {node: k for k, node in enumerate(nodes)}
        self.players = [tree.players.index(h.player) for h in self.infosets]
        self.labels = tuple(f"{h.player}: {h.label or k + 1}" for k, h in enumerate(self.infosets))
        self.actions = tuple(h.actions for h in self.infosets)
        self.histories = [node.history for node in nodes]
        self.kids = [[index[c] for c in node.children] for node in nodes]
        self.block = [None if node.is_terminal or node.is_chance
                      else block[id(node.information_set)] for node in nodes]
        self.chance = [[_exact(p, f"the chance probability at {node.history}")
                        for p in node.information_set._probabilities]
                       if node.is_chance else None for node in nodes]
        self.own = [[_exact(u, f"the payoff at {node.history}") for u in node.outcome.payoffs]
                    if node.outcome is not None else [0] * tree.n_players for node in nodes]
        self.members = [[k for k in range(len(nodes)) if self.block[k] == b]
                        for b in range(len(self.infosets))]

    def continuation(self, behaviour):
        """Every node's expected payoff vector from there on, under ``behaviour``."""
        total = [list(u) for u in self.own]
        for k in reversed(range(len(self.kids))):
            if self.kids[k]:
                moves = self.chance[k] if self.block[k] is None else behaviour[self.block[k]]
                for c, q in zip(self.kids[k], moves):
                    if q:
                        total[k] = [t + q * v for t, v in zip(total[k], total[c])]
        return total

    def sequence(self, behaviour, trembles):
        r"""Each node's probability along the trembled profile, a polynomial in
        :math:`\varepsilon`: off-path actions are taken with :math:`c\,\varepsilon^k`, played
        ones with :math:`b(a)(1 - \sum c\,\varepsilon^k)`."""
        moves = []
        for play, shake in zip(behaviour, trembles):
            rest = {0: 1}
            for t in shake:
                if t is not None:
                    rest[t[1]] = rest.get(t[1], 0) - t[0]
            moves.append([{e: p * v for e, v in rest.items()} if p else {t[1]: t[0]}
                          for p, t in zip(play, shake)])
        reach = [None] * len(self.kids)
        reach[0] = {0: 1}
        for k in range(len(self.kids)):
            if self.kids[k]:
                if self.block[k] is None:
                    steps = [{0: p} for p in self.chance[k]]
                else:
                    steps = moves[self.block[k]]
                for c, step in zip(self.kids[k], steps):
                    reach[c] = _times(reach[k], step)
        return reach

    def beliefs(self, reach):
        """The limit of Bayes' rule at every information set: the lowest-order terms."""
        out = []
        for nodes in self.members:
            live = [min(reach[k]) for k in nodes if reach[k]]
            lead = [reach[k].get(min(live), 0) if reach[k] else 0 for k in nodes] if live \
                else [1] * len(nodes)   # behind a chance move of probability 0
            out.append([Fraction(v) / sum(lead) for v in lead])
        return out

    def gains(self, behaviour, beliefs):
        """Each agent's largest gain from another action, at its beliefs (exact)."""
        total = self.continuation(behaviour)
        out = []
        for b, nodes in enumerate(self.members):
            i = self.players[b]
            values = [sum(mu * total[self.kids[k][a]][i] for mu, k in zip(beliefs[b], nodes))
                      for a in range(len(self.actions[b]))]
            own = sum(p * v for p, v in zip(behaviour[b], values))
            out.append(max(values) - own)
        return out


def assessment(tree, behaviour, trembles=None):
    r"""The exact assessment of a behaviour profile along an explicit tremble sequence.

    Every action ``a`` that ``behaviour`` leaves out at an information set is taken with
    probability :math:`c_a \varepsilon^{k_a}` (``trembles[h][a] = (c_a, k_a)``, a positive
    rational and a positive integer; all ``(1, 1)`` by default) and the played ones with
    :math:`b(a)\,(1 - \sum c\,\varepsilon^{k})`: a completely mixed profile for
    :math:`0 < \varepsilon < \min_h 1/\sum_a c_a` converging to :math:`b`.  The
    realisation probability of each node is a polynomial in :math:`\varepsilon`,
    computed exactly; the beliefs are the limit of Bayes' rule along the sequence (the
    ratio of lowest-order terms), so they are consistent by construction.  Sequential
    rationality is then checked exactly: ``gains[h]`` is the most the mover at ``h``
    gains by changing action, given those beliefs and the others' behaviour.

    Parameters
    ----------
    tree : GameTree
        Numeric payoffs (floats taken at their exact binary value).
    behaviour : sequence
        One probability vector per information set, in the order of
        :meth:`GameTree.information_sets` (a :class:`BehaviourProfile` works too).
    trembles : sequence, optional
        Per information set, per action: ``(coefficient, exponent)`` for the actions
        ``behaviour`` leaves out (``None`` for played ones).

    Returns
    -------
    Assessment
        Exact, with ``gains``; ``sequential`` says whether it is a sequential equilibrium.
    """
    form = _Tree(tree)
    if hasattr(behaviour, "probabilities"):
        behaviour = [behaviour.probabilities[h] for h in form.infosets]
    behaviour = [list(b) if b is not None else None for b in behaviour]
    if len(behaviour) != len(form.infosets) or any(
            b is None or len(b) != len(a) for b, a in zip(behaviour, form.actions)):
        raise GameError("the behaviour must give a probability for every action at each of "
                        f"the {len(form.infosets)} information sets, in preorder")
    behaviour = [[_exact(p, f"the probability of {a!r} at {label}") for p, a in zip(b, acts)]
                 for b, acts, label in zip(behaviour, form.actions, form.labels)]
    for b, label in zip(behaviour, form.labels):
        if min(b) < 0 or sum(b) != 1:
            raise GameError(f"the behaviour at {label} is not a probability vector")
    if trembles is None:
        trembles = [[None if p else (1, 1) for p in b] for b in behaviour]
    checked = []
    for b, shake, label in zip(behaviour, trembles, form.labels):
        row = []
        for p, t in zip(b, shake):
            if (t is None) != (p > 0):
                raise GameError(f"at {label} every action played with probability 0, and "
                                "only those, needs a tremble (coefficient, exponent)")
            if t is not None:
                c, k = _exact(t[0], f"a tremble coefficient at {label}"), t[1]
                if c <= 0 or not isinstance(k, int) or k < 1:
                    raise GameError(f"a tremble at {label} needs a positive coefficient and "
                                    f"a positive whole exponent, not {t!r}")
                t = (c, k)
            row.append(t)
        checked.append(row)
    reach = form.sequence(behaviour, checked)
    beliefs = form.beliefs(reach)
    gains = form.gains(behaviour, beliefs)
    bound = min((1 / sum(t[0] for t in row if t is not None)
                 for row in checked if any(row)), default=1)
    return Assessment(agents=form.labels, actions=form.actions,
                      behaviour=tuple(tuple(b) for b in behaviour),
                      beliefs=tuple((tuple(form.histories[k] for k in nodes), tuple(mu))
                                    for nodes, mu in zip(form.members, beliefs)),
                      regret=max(gains, default=0), gains=tuple(gains),
                      trembles=tuple(tuple(row) for row in checked), epsilon=min(bound, 1))


# ------------------------------------------------------------------ the search
#: Largest number of candidate completions (pure actions at information sets a player's
#: own strategy excludes) and of tremble orders tried per candidate.
MAX_TRIES = 64


@dataclass(frozen=True)
class SequentialEquilibria:
    """The sequential equilibria found among the candidates, each checked exactly.

    ``assessments`` are exact sequential equilibria (:func:`assessment`, with the
    trembles that make their beliefs consistent); ``undecided`` are candidate
    behaviour profiles (Nash equilibria of the tree) for which no tremble sequence
    tried makes them sequentially rational (with the first pure completion at sets the
    player's own strategy excludes): they may or may not be sequential.  ``refuted``
    are ``(behaviour, agent)`` pairs of candidates that are certainly not sequential:
    the agent's played action is worse than another whatever it believes (its beliefs
    are fixed by Bayes' rule when its set is reached, or the other action is better at
    every node).  ``candidates`` counts the Nash equilibria tried.
    """

    assessments: tuple
    undecided: tuple
    candidates: int
    refuted: tuple = ()

    def __len__(self):
        return len(self.assessments)

    def __iter__(self):
        return iter(self.assessments)

    def __getitem__(self, k):
        return self.assessments[k]

    def to_dict(self):
        def rows(behaviour):
            return [[format_number(p) for p in b] for b in behaviour]

        return {"assessments": [a.to_dict() for a in self.assessments],
                "undecided": [rows(u) for u in self.undecided],
                "refuted": [{"behaviour": rows(b), "agent": agent} for b, agent in self.refuted],
                "candidates": self.candidates}

    def explain(self):
        found = (f"{len(self)} sequential equilibrium assessment(s) were found and checked "
                 f"exactly among {self.candidates} candidate(s)")
        first = f"; in the first, {self.assessments[0].describe()}" if self.assessments else ""
        many = "um" if len(self.undecided) == 1 else "a"
        open_ = (f". For {len(self.undecided)} Nash equilibri{many} no tremble sequence "
                 "tried gave beliefs that make it sequentially rational: undecided"
                 if self.undecided else "")
        are = "um is" if len(self.refuted) == 1 else "a are"
        wrong = (f". {len(self.refuted)} Nash equilibri{are} not sequential (at "
                 + ", ".join(agent for _, agent in self.refuted) + " the action played is "
                 "worse than another whatever the mover believes)" if self.refuted else "")
        return found + first + open_ + wrong + "."

    def _repr_html_(self):
        from html import escape

        return f"<p>{escape(self.explain())}</p>"


def _candidates(tree, form):
    """Exact behaviour profiles to test, in groups (one per Nash equilibrium): the
    extreme equilibria of the reduced strategic form (Kuhn's behaviour; each set a
    player's own strategy excludes filled with each pure action in turn)."""
    from ..games.behaviour import behaviour_strategies

    groups = []
    for eq in tree.reduced_strategic_form().equilibria():
        rows = behaviour_strategies(tree, eq).probabilities
        rows = [rows.get(h) for h in form.infosets]
        free = [k for k, r in enumerate(rows) if r is None]
        group = []
        for fill in list(product(*[range(len(form.actions[k])) for k in free]))[:MAX_TRIES]:
            done = list(rows)
            for k, a in zip(free, fill):
                done[k] = tuple(Fraction(int(j == a)) for j in range(len(form.actions[k])))
            group.append(tuple(tuple(Fraction(p) for p in r) for r in done))
        groups.append(group)
    seen, out = set(), []
    for group in groups:
        group = [b for b in group if b not in seen]
        seen.update(group)
        if group:
            out.append(group)
    return out


def _orders(behaviour):
    """Tremble exponents to try: all 1 (every mistake equally unlikely), then every
    assignment of orders 1 and 2 while there are few mistakes to order."""
    off = [(b, a) for b, row in enumerate(behaviour) for a, p in enumerate(row) if p == 0]
    patterns = product((1, 2), repeat=len(off)) if len(off) <= 6 else [(1,) * len(off)]
    for pattern in list(patterns)[:MAX_TRIES]:
        yield dict(zip(off, pattern))


def _coefficients(form, behaviour, order):
    """Tremble coefficients making ``behaviour`` sequentially rational at the limit
    beliefs, when each belief is linear in them (one mistake on the way to every
    lowest-order node); an exact linear program (:func:`~negotiation._lp.solve_exact`).  ``None``
    when infeasible or not linear."""
    from .._lp import solve_exact

    off = list(order)
    column = {key: j for j, key in enumerate(off)}
    weight = [None] * len(form.kids)   # (order, coefficient, mistakes on the path)
    weight[0] = (0, Fraction(1), ())
    for k in range(len(form.kids)):
        if not form.kids[k] or weight[k] is None:
            continue
        e, c, path = weight[k]
        for a, child in enumerate(form.kids[k]):
            b = form.block[k]
            if b is None:
                p = form.chance[k][a]
                weight[child] = (e, c * p, path) if p else None
            elif behaviour[b][a]:
                weight[child] = (e, c * behaviour[b][a], path)
            else:
                weight[child] = (e + order[(b, a)], c, (*path, (b, a)))
    total = form.continuation(behaviour)
    rows = []
    for b, nodes in enumerate(form.members):
        live = [weight[k] for k in nodes if weight[k] is not None]
        if not live or min(w[0] for w in live) == 0:
            continue
        low = min(w[0] for w in live)
        lead = [(k, weight[k]) for k in nodes if weight[k] is not None and weight[k][0] == low]
        if any(len(w[2]) != 1 for _, w in lead):
            return None
        i = form.players[b]
        for a, p in enumerate(behaviour[b]):
            if not p:
                continue
            for other in range(len(form.actions[b])):
                row = [Fraction(0)] * len(off)
                for k, (_, c, path) in lead:
                    row[column[path[0]]] += c * (total[form.kids[k][other]][i]
                                                 - total[form.kids[k][a]][i])
                rows.append(row)
    if not rows:
        return {key: Fraction(1) for key in off}
    n = len(off)
    bounds = [[-int(j == k) for j in range(n)] for k in range(n)]
    solved = solve_exact([-1] * n, rows + bounds, [0] * len(rows) + [-1] * n, [], [])
    if solved is None:
        return None
    return {key: max(v, Fraction(1, 10 ** 9)) for key, v in zip(off, solved[1])}


def sequential_equilibria(tree):
    """Sequential equilibria of a small tree with perfect recall, each an exact assessment.

    Candidates are the extreme Nash equilibria of the reduced strategic form, with every
    pure action at the sets a player's own strategy excludes, and the limit of the agent
    logit branch (:func:`sequential_equilibrium`).  For each, tremble
    orders are tried (all mistakes of order 1, then orders 1 and 2), and for each order
    the coefficients are first all 1, then solved for by an exact linear program
    making the candidate sequentially rational; every assessment returned is checked
    exactly by :func:`assessment`.  This finds the sequential equilibria among the
    candidates whose beliefs need at most two orders of mistakes; a candidate no tried
    sequence supports is reported as undecided, not as refuted.  Interior points of a
    continuum of equilibria are not candidates.

    Returns
    -------
    SequentialEquilibria
    """
    from ..games.behaviour import check_perfect_recall

    check_perfect_recall(tree, "sequential equilibria")
    form = _Tree(tree)
    found, undecided = [], []
    groups = _candidates(tree, form)
    refuted = []
    for group in groups:
        checked = [a for a in (_supported(tree, form, b) for b in group) if a is not None]
        found.extend(checked)
        agent = _refutation(form, group[0]) if not checked and len(group) == 1 else None
        if agent is not None:
            refuted.append((group[0], agent))
        elif not checked:
            undecided.append(group[0])
    try:
        limit = sequential_equilibrium(tree).behaviour
    except SolverError:
        limit = None
    if limit is not None:
        exact = _near(tree, form, limit)
        if exact is None:
            undecided.append(tuple(tuple(Fraction(p).limit_denominator(10 ** 6) for p in b)
                                   for b in limit))
        elif all(a.behaviour != exact.behaviour for a in found):
            found.append(exact)
    return SequentialEquilibria(assessments=tuple(found), undecided=tuple(undecided),
                                candidates=len(groups) + (limit is not None),
                                refuted=tuple(refuted))


def _refutation(form, behaviour):
    """The label of an agent whose played action is worse than another whatever it
    believes, or ``None``: at a set reached with positive probability the beliefs are
    Bayes' rule on ``behaviour``; elsewhere another action must be better at every node."""
    total = form.continuation(behaviour)
    reach = [Fraction(0)] * len(form.kids)   # realisation probabilities, in preorder
    reach[0] = Fraction(1)
    for k in range(len(form.kids)):
        if form.kids[k]:
            moves = form.chance[k] if form.block[k] is None else behaviour[form.block[k]]
            for c, q in zip(form.kids[k], moves):
                reach[c] = reach[k] * q
    for b, nodes in enumerate(form.members):
        i = form.players[b]
        values = [[total[form.kids[k][a]][i] for k in nodes]
                  for a in range(len(form.actions[b]))]
        weight = sum(reach[k] for k in nodes)
        for a, p in enumerate(behaviour[b]):
            if not p:
                continue
            for other in range(len(values)):
                gains = [u - v for u, v in zip(values[other], values[a])]
                if weight and sum(reach[k] * g for k, g in zip(nodes, gains)) > 0:
                    return form.labels[b]
                if min(gains) > 0:
                    return form.labels[b]
    return None


def _supported(tree, form, behaviour):
    """The first exact sequential assessment of ``behaviour`` along the tremble orders
    and coefficients tried, or ``None``."""
    for order in _orders(behaviour):
        for solve in (lambda o: {key: 1 for key in o},
                      lambda o: _coefficients(form, behaviour, o)):
            coefficients = solve(order)
            if coefficients is None:
                continue
            trembles = [[None if p else (coefficients[(b, a)], order[(b, a)])
                         for a, p in enumerate(row)] for b, row in enumerate(behaviour)]
            checked = assessment(tree, behaviour, trembles)
            if checked.sequential:
                return checked
    return None


def _near(tree, form, behaviour):
    """The exact sequential assessment at the simplest fractions near a float
    behaviour profile (:func:`~.qre.nearby_fractions`), or ``None``."""
    from .qre import nearby_fractions

    for exact in nearby_fractions(behaviour):
        checked = _supported(tree, form, exact)
        if checked is not None:
            return checked
    return None


def limit_assessment(tree, behaviour):
    """The exact sequential equilibrium next to a float behaviour profile (the end of
    the agent logit branch): the simplest nearby fractions (within ``1e-4``) that tremble
    sequences tried as in :func:`sequential_equilibria` make a sequential equilibrium;
    ``None`` when there are none."""
    return _near(tree, _Tree(tree), behaviour)
