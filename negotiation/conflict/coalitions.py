"""Coalitional stability: joint improvements by coalitions and their sanctions.

Following Kilgour, Hipel, Fang & Peng (2001), "Coalition analysis in group decision
support", *Group Decision and Negotiation* 10, 159–175, and Inohara & Hipel (2008),
"Coalition analysis in the graph model for conflict resolution", *Systems Engineering*
11(4), 343–359.  A coalition :math:`H \\subseteq N` moves by a legal sequence of its
members' unilateral moves; its *coalitional improvements* from :math:`s` are

.. math:: R^{++}_H(s) = \\{ s_1 \\in R_H(s) : s_1 \\succ_j s \\text{ for every } j \\in H \\}.

A joint improvement is *sanctioned* when the DMs outside the coalition can answer it so
that some member is no better off than at :math:`s`:

* **coalitional Nash**: :math:`R^{++}_H(s) = \\emptyset`;
* **coalitional GMR**: every :math:`s_1 \\in R^{++}_H(s)` has :math:`s_2 \\in
  R_{N-H}(s_1)` and :math:`j \\in H` with :math:`s_2 \\precsim_j s`;
* **coalitional SMR**: as GMR, and moreover no state of :math:`R_H(s_2)` is preferred to
  :math:`s` by that :math:`j` (the coalition cannot escape the sanction);
* **coalitional SEQ**: as GMR with :math:`s_2 \\in R^+_{N-H}(s_1)`, the outsiders'
  sanction made of their own unilateral improvements.

For :math:`H = \\{i\\}` these are the individual definitions of :mod:`.stability`.  A
state is *coalitionally stable* for DM :math:`i` when it is stable for every coalition of
the class that contains :math:`i` (the singletons are always in the class), and a
*coalitional equilibrium* when it is so for every DM.

The joint improvements are found from the coalition's reachability matrix
(:func:`.reachability.reachable_matrix`, dense: at most :data:`MAX_STATES` states) and
the sanctions from the outsiders' least reachable values, one vector per member.
"""

from itertools import combinations

import numpy as np

from ..errors import GameError
from .reachability import reachable_matrix
from .stability import sanction_floor

#: Most states for a coalition analysis (it builds dense square boolean matrices).
MAX_STATES = 6000


def coalition_class(model, coalitions="all"):
    """The coalitions analysed, as sorted tuples of DM indices: ``"all"`` (every coalition
    of two or more DMs) or a list of coalitions, each a list of DM names."""
    n = len(model.decision_makers)
    if coalitions == "all":
        return tuple(c for size in range(2, n + 1) for c in combinations(range(n), size))
    out = []
    for coalition in coalitions:
        members = tuple(sorted({model.dm_index(dm) for dm in coalition}))
        if len(members) < 2:
            raise GameError(f"the coalition {list(coalition)} needs two or more decision "
                            "makers (single DMs are always analysed)")
        if members not in out:
            out.append(members)
    return tuple(out)


def coalition_stability(model, coalition, concepts):
    """Stability of every state for ``coalition`` (DM indices): ``{concept: bool array}``.
    """
    n = model.n_states
    if n > MAX_STATES:
        raise GameError(f"coalition analysis builds {n} x {n} reachability matrices; the "
                        f"model has {n} states, above the limit of {MAX_STATES}")
    ranks = model.ranks
    joint = reachable_matrix(model, coalition)
    for j in coalition:
        joint &= ranks[j][None, :] > ranks[j][:, None]
    out = {}
    for concept in concepts:
        if concept == "nash":
            out[concept] = ~joint.any(axis=1)
            continue
        sanctioned = np.zeros((n, n), dtype=bool)   # [s, s1]
        for j in coalition:
            low = sanction_floor(model, coalition, j, concept)
            sanctioned |= low[None, :] <= ranks[j][:, None]
        out[concept] = ~(joint & ~sanctioned).any(axis=1)
    return out
