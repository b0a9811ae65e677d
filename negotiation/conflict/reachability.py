"""What a coalition can reach: reachable lists, their extreme values, and the paths.

For a coalition :math:`H \\subseteq N`, :math:`R_H(s)` is the set of states reachable
from :math:`s` by a *legal sequence* of unilateral moves by members of :math:`H`: one
move or more, no DM moving twice in succession (a DM may move again after another has
moved); :math:`R^+_H(s)` is the same with every move a unilateral improvement for its
mover (Fang, Hipel & Kilgour 1993, §3.3; Kilgour, Hipel, Fang & Peng 2001).

The stability definitions need, for a value :math:`v` on states (a DM's rank, say), only

.. math:: \\underline{v}_H(s) = \\min \\{ v(t) : t \\in \\{s\\} \\cup R_H(s) \\},

the least value the coalition can bring about from :math:`s` (standing still included),
because "some :math:`s_2 \\in R_H(s_1)` with :math:`s_2 \\precsim_i s`" is
:math:`\\underline{r_i}_H(s_1) \\le r_i(s)` whenever :math:`s_1 \\succ_i s`.  It is the
least fixed point of :math:`\\underline{v}(s) = \\min(v(s), \\min_{s \\to t}
\\underline{v}(t))`, computed by relaxing every move at once (numpy) until nothing
changes.  The legal-sequence rule is honoured by relaxing over pairs (state, last
mover); when every DM's moves are transitive (always in option form) the rule removes no
reachable state (a run of one DM's moves is one move), and the pairs are not needed.
"""

from collections import deque

import numpy as np


def _edges(model, coalition, improving):
    """The moves of each member of ``coalition``: ``[(member, src, dst), ...]``."""
    out = []
    for j in coalition:
        src, dst = model.improvements(j) if improving else model.moves[j]
        out.append((j, src, dst))
    return out


def _relax(values, src, dst):
    """The least fixed point of ``v[s] = min(values[s], min over edges s->t of v[t])``."""
    v = np.array(values, copy=True)
    if not len(src):
        return v
    order = np.argsort(src, kind="stable")
    src, dst = src[order], dst[order]
    heads = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
    owners = src[heads]
    while True:
        best = np.minimum.reduceat(v[dst], heads)
        new = np.minimum(v[owners], best)
        changed = new < v[owners]
        if not changed.any():
            return v
        v[owners] = new


def floor(model, coalition, values, improving=False):
    """:math:`\\min\\{v(t) : t \\in \\{s\\} \\cup R_H(s)\\}` for every state ``s``.

    Parameters
    ----------
    model : GraphModel
    coalition : sequence of int
        The members of :math:`H` (DM indices); empty gives ``values`` itself.
    values : numpy.ndarray
        One number per state.
    improving : bool
        Use :math:`R^+_H` (every move an improvement for its mover) instead of :math:`R_H`.
    """
    values = np.asarray(values)
    if not len(coalition):
        return values.copy()
    edges = _edges(model, coalition, improving)
    src = np.concatenate([e[1] for e in edges]) if edges else np.zeros(0, np.int64)
    dst = np.concatenate([e[2] for e in edges]) if edges else np.zeros(0, np.int64)
    if len(coalition) == 1:  # one DM makes one move: R_j(s) itself
        out = np.array(values, copy=True)
        np.minimum.at(out, src, values[dst])
        return out
    if model.transitive:
        return _relax(values, src, dst)
    # pairs (state, slot): slot 0 = no move yet, slot 1 + m = member m moved last
    slots = len(coalition) + 1
    n = model.n_states
    srcs, dsts = [], []
    for m, (_, src, dst) in enumerate(edges):
        for slot in range(slots):
            if slot != m + 1:
                srcs.append(src * slots + slot)
                dsts.append(dst * slots + m + 1)
    node_values = np.repeat(values, slots)
    v = _relax(node_values, np.concatenate(srcs), np.concatenate(dsts))
    return v.reshape(n, slots)[:, 0]


def ceiling(model, coalition, values, improving=False):
    """:math:`\\max\\{v(t) : t \\in \\{s\\} \\cup R_H(s)\\}` for every state (see
    :func:`floor`)."""
    return -floor(model, coalition, -np.asarray(values), improving)


def reachable(model, coalition, start, improving=False):
    """:math:`R_H(s)` (or :math:`R^+_H(s)`) with a shortest legal path to each state.

    Returns
    -------
    dict
        ``{state: path}``, each path a tuple of ``(mover, state)`` steps from ``start``
        (DM and state indices, 0-based), found by breadth-first search over (state, last
        mover).  ``start`` itself is included only when a legal sequence returns to it.
    """
    edges = {j: {} for j in coalition}
    for j, src, dst in _edges(model, coalition, improving):
        for s, t in zip(src.tolist(), dst.tolist()):
            edges[j].setdefault(s, []).append(t)
    seen = {(start, None): ()}
    queue = deque([(start, None)])
    found = {}
    while queue:
        state, last = queue.popleft()
        path = seen[(state, last)]
        for j in coalition:
            if j == last:
                continue
            for t in edges[j].get(state, ()):
                if (t, j) not in seen:
                    step = (*path, (j, t))
                    seen[(t, j)] = step
                    found.setdefault(t, step)
                    queue.append((t, j))
    return found


def reachable_matrix(model, coalition, improving=False):
    """:math:`R_H` as a dense boolean matrix: entry ``[s, t]`` is ``t in R_H(s)`` for
    ``t != s`` (the diagonal, whether a sequence returns to ``s``, is left out: no
    stability definition needs it).

    With transitive moves it is the transitive closure of the members' moves (one sparse
    product a round); otherwise the recursion of Xu, Hipel & Kilgour (2009) over the
    last mover (:func:`.matrix.coalition_reachability`).
    """
    from scipy import sparse

    from .matrix import coalition_reachability

    n = model.n_states
    if not model.transitive:
        reach = coalition_reachability(model, coalition, improving)
        np.fill_diagonal(reach, False)
        return reach
    edges = _edges(model, coalition, improving)
    src = np.concatenate([e[1] for e in edges]) if edges else np.zeros(0, np.int64)
    dst = np.concatenate([e[2] for e in edges]) if edges else np.zeros(0, np.int64)
    step = sparse.csr_matrix((np.ones(len(src), dtype=np.float32), (src, dst)), shape=(n, n))
    reach = step.toarray() > 0
    while True:
        grown = reach | (np.asarray((step.T @ reach.T.astype(np.float32)).T) > 0)
        if (grown == reach).all():
            np.fill_diagonal(reach, False)
            return reach
        reach = grown
