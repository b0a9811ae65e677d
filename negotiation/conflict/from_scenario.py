"""A bargaining scenario as a graph model, its preferences derived from the cardinal utilities.

The scenario's two bargainers each control their own concession issues
(``issues.*.side``).  In the graph model a state is a package of concessions (one level per
issue, :meth:`~negotiation.scenario.model.CaseModel.levels`) or ``no deal``; a bargainer
moves by changing any of its own concessions, or by walking away to ``no deal``, from
which nobody moves back alone (a new deal takes both).  Each bargainer ranks the packages by
its exact utility in the scenario and ``no deal`` by what it has without a deal (the better
of its no-deal payoff and its outside option); only the order is kept.  This asks of the
cardinal model the graph model's question: which packages survive when either side may take
back its concessions and the other may answer?
"""

from itertools import pairwise

import numpy as np

from .model import GraphModel, StateSpace
from .preferences import dense_ranks

#: The name of the state in which a bargainer has walked away.
NO_DEAL = "no deal"


def from_scenario(scenario):
    """The graph model of a scenario's bargaining over packages (see the module).

    Returns
    -------
    GraphModel
        In graph form; state ``k`` (1-based) is package ``k - 1`` of
        ``scenario.model.levels()`` and the last state is :data:`NO_DEAL`.
    """
    case = scenario.model
    players = tuple(case.players)
    levels = np.asarray(case.levels())
    issues = list(case.issue_names)
    count = len(levels)
    names = [_package_name(scenario, issues, row) for row in levels] + [NO_DEAL]
    walk = case.walk_away()
    ranks, moves = [], []
    for p, actor in enumerate(players):
        values = case.issue_values(actor)
        utility = np.zeros(count, dtype=object)
        for k, issue in enumerate(issues):
            utility = utility + np.asarray(values[issue], dtype=object)[levels[:, k]]
        ranks.append(dense_ranks([*utility, walk[p]]))
        mine = [k for k, issue in enumerate(issues)
                if scenario.issues[issue].get("side") == actor]
        others = [k for k in range(len(issues)) if k not in mine]
        moves.append(_moves(levels[:, others], count))
    space = StateSpace(tuple(names))
    return GraphModel(players, space, tuple(moves), np.array(ranks, dtype=np.int64),
                      title=f"{scenario.title} (packages as a graph model)",
                      metadata={"scenario": scenario.name})


def package_state(scenario, package):
    """The state number of ``package`` (``{issue: level}``, as in the scenario's
    agreements; issues left out are at their first level) in :func:`from_scenario`'s
    model."""
    case = scenario.model
    row = [list(scenario.issues[i]["levels"]).index(package.get(i, next(iter(
        scenario.issues[i]["levels"])))) for i in case.issue_names]
    hit = np.flatnonzero((np.asarray(case.levels()) == row).all(axis=1))
    return int(hit[0]) + 1


def _moves(fixed, count):
    """Moves among packages that agree on the ``fixed`` columns, and to no deal."""
    _, group = np.unique(fixed, axis=0, return_inverse=True)
    group = group.reshape(-1)
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.r_[True, group[order][1:] != group[order][:-1], True])
    sources, targets = [], []
    for a, b in pairwise(bounds):
        members = order[a:b]
        src, dst = np.meshgrid(members, members, indexing="ij")
        keep = src != dst
        sources.append(src[keep])
        targets.append(dst[keep])
    sources.append(np.arange(count))
    targets.append(np.full(count, count))
    src, dst = np.concatenate(sources), np.concatenate(targets)
    order = np.lexsort((dst, src))
    return src[order], dst[order]


def _package_name(scenario, issues, row):
    parts = [f"{issue} {list(scenario.issues[issue]['levels'])[level]}"
             for issue, level in zip(issues, row) if level]
    return ", ".join(parts) or "no concessions"
