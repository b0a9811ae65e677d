"""From the status quo to the equilibria, and what would make a state stable.

**Status-quo analysis** (Li, Hipel, Kilgour & Fang 2004, "Preference uncertainty in the
graph model for conflict resolution", *IEEE Trans. SMC A* 34(4); Fang, Hipel & Kilgour
1993, §5.3) asks which equilibria the conflict can reach from where it stands when the
DMs take unilateral improvements one after another (no DM twice in succession), and
along which path; coalitions may be allowed joint improvements too (Inohara & Hipel
2008).  Here each reachable equilibrium gets a shortest such path, with who moves at each
step.

**The inverse question** asks what preference change would make a state :math:`s` stable
for a DM :math:`i` under a concept.  Each improvement :math:`s_1 \\in R_i^+(s)` that
nothing sanctions must be deterred: either :math:`i` comes to like :math:`s_1` no more
than :math:`s` (the improvement disappears), or one state the opponents can reach from
:math:`s_1` falls to :math:`s` or below in :math:`i`'s ranking (it becomes a sanction;
for SEQ only states reached by the opponents' improvements count, for SMR the state and
:math:`i`'s escapes from it must all fall).  The answer lists these alternatives for every
unsanctioned improvement, and the change that lowers the unsanctioned improvements
themselves is applied and checked.
"""

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from .reachability import reachable
from .stability import NAMES, stability_reachability


@dataclass(frozen=True)
class StatusQuoPaths:
    """The ``concept`` equilibria reachable from ``start`` by unilateral improvements:
    ``paths`` maps each reachable equilibrium to a shortest path of ``(mover, state)``
    steps (DM names, or ``"A + B"`` for a coalition's joint move; state numbers; empty for
    the start itself); ``unreachable`` lists the other equilibria."""

    model: object = field(repr=False)
    start: int
    concept: str
    paths: dict
    unreachable: tuple

    def explain(self):
        m = self.model
        head = f"From the status quo {m.label(self.start - 1)}"
        if not self.paths and not self.unreachable:
            return head + f" there is no {NAMES[self.concept]} equilibrium to reach."
        parts = []
        for eq, path in self.paths.items():
            if not path:
                parts.append(f"{m.label(eq - 1)} is where the conflict stands")
            else:
                parts.append(f"{m.label(eq - 1)} is reached by " + ", then ".join(
                    f"{j} moving to {m.label(t - 1)}" for j, t in path))
        if self.unreachable:
            shown = self.unreachable if len(self.unreachable) <= 5 else self.unreachable[:4]
            few = ", ".join(m.label(e - 1) for e in shown)
            more = (f" or the {len(self.unreachable) - 4} other equilibria"
                    if len(shown) < len(self.unreachable) else "")
            parts.append(f"no sequence of improvements reaches {few}{more}")
        return head + f" ({NAMES[self.concept]} equilibria): " + "; ".join(parts) + "."

    def to_dict(self):
        return {"start": self.start, "concept": self.concept,
                "paths": {str(eq): [{"mover": j, "to": t} for j, t in path]
                          for eq, path in self.paths.items()},
                "unreachable": list(self.unreachable)}


def status_quo_paths(model, start, equilibria, concept, coalitions=()):
    """Shortest paths from ``start`` to each equilibrium (state indices) by unilateral
    improvements, no mover twice in succession; each coalition of ``coalitions`` (tuples
    of DM indices) may also move, to any state of :math:`R_H` its members all prefer."""
    ranks = model.ranks
    movers = [(i,) for i in range(len(model.decision_makers))] + \
        [tuple(c) for c in coalitions]
    steps = {}
    for i in range(len(model.decision_makers)):
        for s, t in zip(*(a.tolist() for a in model.improvements(i))):
            steps.setdefault(((i,), s), []).append(t)

    def targets(mover, s):
        if len(mover) == 1:
            return steps.get((mover, s), ())
        if (mover, s) not in steps:
            steps[(mover, s)] = sorted(t for t in reachable(model, mover, s)
                                       if all(ranks[j][t] > ranks[j][s] for j in mover))
        return steps[(mover, s)]

    seen = {(start, None): ()}
    found = {start: ()}
    queue = deque([(start, None)])
    while queue:
        state, last = queue.popleft()
        path = seen[(state, last)]
        for mover in movers:
            if mover == last:
                continue
            for t in targets(mover, state):
                if (t, mover) not in seen:
                    step = (*path, (" + ".join(model.decision_makers[j] for j in mover),
                                    t + 1))
                    seen[(t, mover)] = step
                    found.setdefault(t, step)
                    queue.append((t, mover))
    paths = {eq + 1: found[eq] for eq in equilibria if eq in found}
    missing = tuple(eq + 1 for eq in equilibria if eq not in found)
    return StatusQuoPaths(model, start + 1, concept, paths, missing)


@dataclass(frozen=True)
class Requirement:
    """One unsanctioned improvement to state ``improvement`` and the ways to deter it: any
    one of ``alternatives`` (each a frozenset of state numbers) falling to the state or
    below in the DM's ranking."""

    improvement: int
    alternatives: tuple


@dataclass(frozen=True)
class PreferenceChange:
    """What ``dm`` (a name) would have to like less for ``state`` (a number) to be stable
    under ``concept``: every one of ``requirements`` met.  ``checked`` is True once the
    change that drops each unsanctioned improvement to the state's level has been applied
    and the state found stable for the DM."""

    model: object = field(repr=False)
    dm: str
    state: int
    concept: str
    requirements: tuple
    checked: bool

    def explain(self):
        m = self.model
        here = m.label(self.state - 1)
        parts = []
        for r in self.requirements:
            other = [a for a in r.alternatives if a != frozenset({r.improvement})]
            text = m.label(r.improvement - 1)
            if other:
                shown = ", ".join("{" + ", ".join(map(str, sorted(a))) + "}" if len(a) > 1
                                  else str(next(iter(a))) for a in other[:6])
                more = f" (and {len(other) - 6} more)" if len(other) > 6 else ""
                text += f", or else one of {shown}{more} that the others can reach from it"
            parts.append(text)
        return (f"For {here} to be {NAMES[self.concept]} stable for {self.dm}, {self.dm} "
                f"would have to like no more than {m.states.short(self.state - 1)}: "
                + "; and ".join(parts) + ".")

    def to_dict(self):
        return {"dm": self.dm, "state": self.state, "concept": self.concept,
                "checked": self.checked,
                "requirements": [{"improvement": r.improvement,
                                  "drop_any_of": [sorted(a) for a in r.alternatives]}
                                 for r in self.requirements]}


def preference_changes(model, state, concept, unsanctioned):
    """A :class:`PreferenceChange` for each DM with unsanctioned improvements from
    ``state``; ``unsanctioned`` maps a DM index to those improvements."""
    out = []
    for i, targets in unsanctioned.items():
        others = [j for j in range(len(model.decision_makers)) if j != i]
        rank = model.ranks[i]
        src, dst = model.moves[i]
        requirements = []
        for s1 in targets:
            alternatives = [frozenset({s1 + 1})]
            if concept != "nash":
                reach = reachable(model, others, s1, improving=concept == "seq")
                for s2 in sorted(set(reach) - {s1}):
                    drop = {s2} if rank[s2] > rank[state] else set()
                    if concept == "smr":
                        drop |= {t for t in dst[src == s2].tolist() if rank[t] > rank[state]}
                    if drop:
                        alternatives.append(frozenset(k + 1 for k in drop))
            requirements.append(Requirement(s1 + 1, tuple(alternatives)))
        changed = model.ranks[i].copy()
        changed[list(targets)] = np.minimum(changed[list(targets)], rank[state])
        after = stability_reachability(model.with_ranks(i, changed), (concept,))
        out.append(PreferenceChange(model, model.decision_makers[i], state + 1, concept,
                                    tuple(requirements), bool(after[concept][i, state])))
    return tuple(out)
