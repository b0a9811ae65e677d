"""Stability by the matrix representation of Xu, Hipel & Kilgour (2009).

Xu, H., Hipel, K. W. & Kilgour, D. M. (2009), "Matrix representation of solution concepts
in multiple-decision-maker graph models", *IEEE Trans. Systems, Man, and Cybernetics A*
39(1), 96–108.  With :math:`J_i` DM :math:`i`'s 0/1 move matrix, :math:`J_i^+` its
improvements, :math:`P_i^{-,=}(s, q) = 1` iff :math:`q \\precsim_i s`,
:math:`P_i^{+}(s, q) = 1` iff :math:`q \\succ_i s`, :math:`E` the all-ones matrix and
:math:`\\operatorname{sign}` taken entrywise:

* the coalition's reachability by legal sequences is built over the last mover,
  :math:`M_H^{(1)}(i) = J_i`,
  :math:`M_H^{(\\delta)}(i) = \\operatorname{sign}\\big[(\\sum_{j \\in H \\setminus i}
  M_H^{(\\delta-1)}(j))\\, J_i\\big]`, :math:`M_H = \\operatorname{sign}
  \\sum_\\delta \\sum_i M_H^{(\\delta)}(i)` (and :math:`M_H^+` from the :math:`J_j^+`);
* :math:`s` is Nash stable for :math:`i` iff :math:`(J_i^+ E)(s, s) = 0`;
* GMR iff :math:`M^{GMR}_i(s, s) = 0` with :math:`M^{GMR}_i = J_i^+ \\big[E -
  \\operatorname{sign}(M_{N-i} (P_i^{-,=})^T)\\big]`;
* SMR iff the same holds with :math:`M_{N-i}\\,[(P_i^{-,=})^T \\circ (E -
  \\operatorname{sign}(J_i (P_i^+)^T))]` in place of :math:`M_{N-i} (P_i^{-,=})^T`;
* SEQ iff it holds with :math:`M^+_{N-i}` in place of :math:`M_{N-i}`.

Dense :math:`|S| \\times |S|` products cost :math:`O(|S|^3)`: this is the independent
formulation used to check the reachability-list computation of :mod:`.stability` on
models of up to a few thousand states, not the fast path.
"""

import numpy as np


def _dense(model, i, improving=False):
    n = model.n_states
    src, dst = model.improvements(i) if improving else model.moves[i]
    out = np.zeros((n, n), dtype=np.float32)
    out[src, dst] = 1
    return out


def _sign(matrix):
    return (matrix > 0).astype(np.float32)


def coalition_reachability(model, coalition, improving=False):
    """:math:`M_H` (or :math:`M^+_H`) as a boolean matrix, by the recursion over the last
    mover, stopped when a round adds no new (state, last mover) pair."""
    n = model.n_states
    if not coalition:
        return np.zeros((n, n), dtype=bool)
    step = {i: _dense(model, i, improving) for i in coalition}
    reached = {i: step[i] > 0 for i in coalition}
    frontier = {i: step[i] for i in coalition}
    while True:
        grown = {}
        for i in coalition:
            others = sum((frontier[j] for j in coalition if j != i),
                         np.zeros((n, n), dtype=np.float32))
            grown[i] = ((others @ step[i]) > 0) & ~reached[i]
        if not any(g.any() for g in grown.values()):
            break
        for i in coalition:
            reached[i] |= grown[i]
        frontier = {i: grown[i].astype(np.float32) for i in coalition}
    out = np.zeros((n, n), dtype=bool)
    for i in coalition:
        out |= reached[i]
    return out


def stability_matrix(model, concepts):
    """Stability of every state for every DM: ``{concept: bool array (DMs, states)}``."""
    n, dms = model.n_states, len(model.decision_makers)
    out = {c: np.zeros((dms, n), dtype=bool) for c in concepts}
    ones = np.ones((n, n), dtype=np.float32)
    for i in range(dms):
        rank = model.ranks[i]
        better = (rank[None, :] > rank[:, None]).astype(np.float32)     # P_i^+
        no_better = (rank[None, :] <= rank[:, None]).astype(np.float32)  # P_i^{-,=}
        improve = _dense(model, i, improving=True)
        others = [j for j in range(dms) if j != i]
        reaches = {}
        for concept in concepts:
            if concept == "nash":
                witness = improve @ ones
            else:
                improving = concept == "seq"
                if improving not in reaches:
                    reaches[improving] = coalition_reachability(model, others, improving)
                reach = reaches[improving]
                sanction = no_better.T
                if concept == "smr":
                    escape = _sign(_dense(model, i) @ better.T)
                    sanction = sanction * (1 - escape)
                counter = _sign(reach.astype(np.float32) @ sanction)
                witness = improve @ (ones - counter)
            out[concept][i] = np.diagonal(witness) == 0
    return out
