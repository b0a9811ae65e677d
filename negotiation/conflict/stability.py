"""Stability of states for each decision maker: Nash, GMR, SMR and SEQ, with reasons.

For DM :math:`i`, state :math:`s` and :math:`R_i^+(s)` its unilateral improvements from
:math:`s` (Fang, Hipel & Kilgour 1993, ch. 3; n DMs as in §3.3, opponents acting as the
coalition :math:`N - i` by legal sequences, :mod:`.reachability`):

* **Nash** (R): :math:`R_i^+(s) = \\emptyset`;
* **GMR**: every :math:`s_1 \\in R_i^+(s)` has some :math:`s_2 \\in R_{N-i}(s_1)` with
  :math:`s_2 \\precsim_i s`;
* **SMR**: every :math:`s_1 \\in R_i^+(s)` has some :math:`s_2 \\in R_{N-i}(s_1)` with
  :math:`s_2 \\precsim_i s` and :math:`s_3 \\precsim_i s` for every
  :math:`s_3 \\in R_i(s_2)`;
* **SEQ**: every :math:`s_1 \\in R_i^+(s)` has some :math:`s_2 \\in R^+_{N-i}(s_1)` with
  :math:`s_2 \\precsim_i s`.

A state stable for every DM under a concept is an *equilibrium* under it.  The verdicts
for all states come from the least values the opponents can reach
(:func:`.reachability.floor`): the improvement :math:`s \\to s_1` is sanctioned iff
:math:`\\underline{v}_{N-i}(s_1) \\le r_i(s)`, with :math:`v = r_i` for GMR, :math:`v =
\\max(r_i, \\max_{R_i} r_i)` for SMR, and reachability by improvements for SEQ.  Each
verdict is explained by :func:`verdict`, which finds the sanctioning sequence itself.
"""

from dataclasses import dataclass, field

import numpy as np

from ..errors import GameError
from .reachability import ceiling, floor, reachable

#: The solution concepts (Fang, Hipel & Kilgour 1993, ch. 3).
CONCEPTS = ("nash", "gmr", "smr", "seq")
NAMES = {"nash": "Nash", "gmr": "GMR", "smr": "SMR", "seq": "SEQ"}


def check_concepts(concepts):
    """``concepts`` as a tuple of known names (one name or several)."""
    if isinstance(concepts, str):
        concepts = (concepts,)
    concepts = tuple(c.lower() for c in concepts)
    unknown = [c for c in concepts if c not in CONCEPTS]
    if unknown:
        raise GameError(f"{', '.join(map(repr, unknown))} is not a stability concept; the "
                        f"concepts are {', '.join(CONCEPTS)}")
    return concepts


def sanction_values(model, coalition, j, concept):
    """The value of each state :math:`s_2` for member ``j`` when the coalition is
    sanctioned there: ``j``'s rank, or for SMR the best ``j``'s coalition can reach from
    :math:`s_2` (:math:`\\max r_j` over :math:`\\{s_2\\} \\cup R_H(s_2)`, the
    counter-counter-move); :math:`s_2` sanctions iff this is at most :math:`r_j(s)`."""
    rank = model.ranks[j]
    return ceiling(model, coalition, rank) if concept == "smr" else rank


def sanction_floor(model, coalition, j, concept):
    """For every state :math:`s_1`, the least sanction value (:func:`sanction_values`)
    for member ``j`` that the DMs outside ``coalition`` can bring about from :math:`s_1`
    (for SEQ by their unilateral improvements only)."""
    others = [k for k in range(len(model.decision_makers)) if k not in coalition]
    return floor(model, others, sanction_values(model, coalition, j, concept),
                 improving=concept == "seq")


def stability_reachability(model, concepts):
    """Stability of every state for every DM: ``{concept: bool array (DMs, states)}``."""
    n, dms = model.n_states, len(model.decision_makers)
    out = {c: np.ones((dms, n), dtype=bool) for c in concepts}
    for i in range(dms):
        src, dst = model.improvements(i)
        rank = model.ranks[i]
        for concept in concepts:
            if concept == "nash":
                bad = np.ones(len(src), dtype=bool)
            else:
                bad = sanction_floor(model, (i,), i, concept)[dst] > rank[src]
            out[concept][i, src[bad]] = False
    return out


@dataclass(frozen=True)
class Sanction:
    """One improvement and what answers it.

    ``improvement`` is the state reached (a number), ``moves`` how the improver got there
    and ``path`` the other DMs' answering sequence, each a tuple of ``(mover, state)``
    steps (DM names, state numbers); ``member`` is the improver left no better off than
    before.  ``path`` and ``member`` are ``None`` when nothing answers the improvement.
    """

    improvement: int
    moves: tuple
    path: tuple | None
    member: str | None = None


@dataclass(frozen=True)
class Verdict:
    """Whether ``state`` (a number) is stable for ``coalition`` (DM names; one for the
    individual concepts) under ``concept``, with a :class:`Sanction` for every
    improvement."""

    model: object = field(repr=False)
    coalition: tuple
    state: int
    concept: str
    stable: bool
    sanctions: tuple

    @property
    def unsanctioned(self):
        """The improvements that nothing deters (state numbers)."""
        return tuple(s.improvement for s in self.sanctions if s.path is None)

    def explain(self):
        """One plain paragraph: the verdict and, for each improvement, its sanction."""
        m = self.model
        who = self.coalition[0] if len(self.coalition) == 1 else \
            "the coalition " + " + ".join(self.coalition)
        here = m.label(self.state - 1)
        head = f"State {here} is {NAMES[self.concept]} " \
            f"{'stable' if self.stable else 'unstable'} for {who}"
        joint = "joint " if len(self.coalition) > 1 else "unilateral "
        if not self.sanctions:
            return head + f": {who} has no {joint}improvement from it."
        parts = []
        for s in self.sanctions:
            move = f"the {joint}improvement to {m.label(s.improvement - 1)}"
            if s.path is None:
                parts.append(f"{move} is not sanctioned")
                continue
            steps = ", then ".join(f"{j} moves to {m.label(t - 1)}" for j, t in s.path)
            escape = (f" and from which {who} can reach nothing {s.member} prefers to it"
                      if self.concept == "smr" else "")
            parts.append(f"{move} is sanctioned: {steps}, which {s.member} likes no better "
                         f"than {m.states.short(self.state - 1)}{escape}")
        return head + ": " + "; ".join(parts) + "."

    def to_dict(self):
        def steps(path):
            return [{"mover": j, "to": t} for j, t in path]

        return {"coalition": list(self.coalition), "state": self.state,
                "concept": self.concept, "stable": self.stable,
                "improvements": [{"to": s.improvement, "by": steps(s.moves),
                                  "sanction": None if s.path is None else steps(s.path)}
                                 for s in self.sanctions]}


def named(model, path):
    """A path of ``(DM index, state index)`` steps as ``(DM name, state number)`` steps."""
    return tuple((model.decision_makers[j], int(t) + 1) for j, t in path)


def verdict(model, coalition, s, concept):
    """The stability of state index ``s`` for ``coalition`` (DM indices; one DM for the
    individual concepts) under ``concept``, found from the definition: every improvement
    with a shortest sanctioning sequence (a :class:`Verdict`).

    A coalition's improvements are the states of :math:`R_H(s)` that every member
    strictly prefers (for one DM: its unilateral improvements).
    """
    coalition = tuple(coalition)
    ranks = model.ranks
    moves = reachable(model, coalition, s)
    targets = [t for t in moves if t != s and all(ranks[j][t] > ranks[j][s] for j in coalition)]
    targets.sort(key=lambda t: (tuple(-ranks[j][t] for j in coalition), t))
    others = [k for k in range(len(model.decision_makers)) if k not in coalition]
    values = {j: sanction_values(model, coalition, j, concept) for j in coalition}
    sanctions = []
    for s1 in targets:
        path, member = None, None
        if concept != "nash":
            reach = reachable(model, others, s1, improving=concept == "seq")
            hits = [(len(p), p, j) for t, p in reach.items() for j in coalition
                    if values[j][t] <= ranks[j][s]]
            if hits:
                _, path, member = min(hits)
        sanctions.append(Sanction(s1 + 1, named(model, moves[s1]),
                                  None if path is None else named(model, path),
                                  None if member is None else model.decision_makers[member]))
    stable = all(x.path is not None for x in sanctions)
    names = tuple(model.decision_makers[j] for j in coalition)
    return Verdict(model, names, s + 1, concept, stable, tuple(sanctions))
