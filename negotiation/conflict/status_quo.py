"""From the status quo to the equilibria, and what would make a state stable.

**Status-quo analysis** (Li, Hipel, Kilgour & Fang 2004, "Preference uncertainty in the
graph model for conflict resolution", *IEEE Trans. SMC A* 34(4); Fang, Hipel & Kilgour
1993, §5.3) asks which equilibria the conflict can reach from where it stands when the
DMs take unilateral improvements one after another (no DM twice in succession), and
along which path.  Here each reachable equilibrium gets a shortest such path, with who
moves at each step.

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

from dataclasses import dataclass

import numpy as np

from .reachability import reachable
from .stability import NAMES, stability_reachability


@dataclass(frozen=True)
class StatusQuoPaths:
    """The equilibria reachable from ``start`` by unilateral improvements, each with a
    shortest path of ``(mover, state)`` steps (0-based); ``unreachable`` lists the
    others."""

    model: object
    start: int
    concept: str
    paths: dict
    unreachable: tuple

    def explain(self):
        m = self.model
        head = f"From the status quo {m.label(self.start)}"
        if not self.paths and not self.unreachable:
            return head + f" there is no {NAMES[self.concept]} equilibrium to reach."
        parts = []
        for eq, path in self.paths.items():
            if not path:
                parts.append(f"{m.label(eq)} is where the conflict stands")
            else:
                parts.append(f"{m.label(eq)} is reached by " + ", then ".join(
                    f"{m.decision_makers[j]} moving to {m.label(t)}" for j, t in path))
        if self.unreachable:
            few = ", ".join(m.label(e) for e in self.unreachable[:4])
            more = (f" or the {len(self.unreachable) - 4} other equilibria"
                    if len(self.unreachable) > 4 else "")
            parts.append(f"no sequence of unilateral improvements reaches {few}{more}")
        return head + f" ({NAMES[self.concept]} equilibria): " + "; ".join(parts) + "."

    def to_dict(self):
        m = self.model
        return {"start": self.start + 1, "concept": self.concept,
                "paths": {str(eq + 1): [{"mover": m.decision_makers[j], "to": t + 1}
                                        for j, t in path] for eq, path in self.paths.items()},
                "unreachable": [e + 1 for e in self.unreachable]}


def status_quo_paths(model, start, equilibria, concept):
    """Shortest paths of unilateral improvements from ``start`` to each equilibrium."""
    everyone = range(len(model.decision_makers))
    reach = reachable(model, everyone, start, improving=True)
    paths, missing = {}, []
    for eq in equilibria:
        if eq == start:
            paths[eq] = ()
        elif eq in reach:
            paths[eq] = reach[eq]
        else:
            missing.append(eq)
    return StatusQuoPaths(model, start, concept, paths, tuple(missing))


@dataclass(frozen=True)
class Requirement:
    """One unsanctioned improvement to ``improvement`` and the ways to deter it: any one
    of ``alternatives`` (each a set of states, 0-based) falling to the state or below in
    the DM's ranking."""

    improvement: int
    alternatives: tuple


@dataclass(frozen=True)
class PreferenceChange:
    """What DM ``dm`` would have to like less for ``state`` to be stable under
    ``concept``: every one of ``requirements`` met.  ``checked`` is True once the change
    that drops each unsanctioned improvement to the state's level has been applied and the
    state found stable for the DM."""

    model: object
    dm: int
    state: int
    concept: str
    requirements: tuple
    checked: bool

    def explain(self):
        m = self.model
        dm = m.decision_makers[self.dm]
        here = m.label(self.state)
        parts = []
        for r in self.requirements:
            other = [a for a in r.alternatives if a != frozenset({r.improvement})]
            text = f"{m.label(r.improvement)}"
            if other:
                shown = ", ".join("{" + ", ".join(str(k + 1) for k in sorted(a)) + "}"
                                  if len(a) > 1 else str(next(iter(a)) + 1) for a in other[:6])
                more = f" (and {len(other) - 6} more)" if len(other) > 6 else ""
                text += f", or else one of {shown}{more} that the others can reach from it"
            parts.append(text)
        return (f"For {here} to be {NAMES[self.concept]} stable for {dm}, {dm} would have to "
                f"like no more than {here}: " + "; and ".join(parts) + ".")

    def to_dict(self):
        return {"dm": self.model.decision_makers[self.dm], "state": self.state + 1,
                "concept": self.concept, "checked": self.checked,
                "requirements": [{"improvement": r.improvement + 1,
                                  "drop_any_of": [sorted(k + 1 for k in a)
                                                  for a in r.alternatives]}
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
            alternatives = [frozenset({s1})]
            if concept != "nash":
                reach = reachable(model, others, s1, improving=concept == "seq")
                for s2 in sorted(set(reach) - {s1}):
                    drop = {s2} if rank[s2] > rank[state] else set()
                    if concept == "smr":
                        drop |= {t for t in dst[src == s2].tolist() if rank[t] > rank[state]}
                    if drop:
                        alternatives.append(frozenset(drop))
            requirements.append(Requirement(s1, tuple(alternatives)))
        changed = model.ranks[i].copy()
        changed[list(targets)] = np.minimum(changed[list(targets)], rank[state])
        after = stability_reachability(model.with_ranks(i, changed), (concept,))
        out.append(PreferenceChange(model, i, state, concept, tuple(requirements),
                                    bool(after[concept][i, state])))
    return tuple(out)
