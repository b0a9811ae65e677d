r"""All extreme Nash equilibria of a two-player game, exactly.

For an :math:`m \times n` game :math:`(A, B)` with positive payoffs (adding a
constant changes no equilibrium) the best-response polytopes are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le \mathbf 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le \mathbf 1,\ y \ge 0\}.

Label :math:`i \in M` marks :math:`x_i = 0` or :math:`(Ay)_i = 1`; label
:math:`j \in N` marks :math:`(B^\top x)_j = 1` or :math:`y_j = 0`.  A pair of
vertices :math:`(x, y) \ne (0, 0)` that together carry every label is, rescaled
to probabilities, an extreme Nash equilibrium, and every extreme equilibrium
arises so — in degenerate games too, where a vertex carries more labels than
its dimension (Avis, Rosenberg, Savani & von Stengel 2010, §2–3).  Both
polytopes are enumerated exactly (:mod:`.polytope`) and complementary pairs are
matched by their label sets.

The equilibria form a bipartite graph (an edge :math:`x - y` per equilibrium);
its maximal complete bipartite subgraphs are the maximal Nash subsets
:math:`\mathrm{conv}(X) \times \mathrm{conv}(Y)` and its connected components
are the components of the set of equilibria (Audet, Hansen, Jaumard & Savard
2001).

References
----------
Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of
Nash equilibria for two-player games. *Economic Theory* 42(1), 9–37.

Audet, C., Hansen, P., Jaumard, B. & Savard, G. (2001). Enumeration of all
extreme equilibria of bimatrix games. *SIAM J. Sci. Comput.* 23(1), 323–338.
"""

from fractions import Fraction
from math import lcm

import numpy as np

from .polytope import vertices


def positive_integer_matrix(M):
    """An integer matrix with all entries >= 1 that is a positive affine image of ``M``.

    ``M`` holds Fractions; it is shifted so that its minimum is 1 and scaled by the
    common denominator.  Equilibria are unchanged (payoffs are only compared).
    """
    shifted = M - min(M.reshape(-1)) + 1
    scale = lcm(*(Fraction(v).denominator for v in shifted.reshape(-1)))
    return np.array([[int(v * scale) for v in row] for row in shifted], dtype=object)


def extreme_equilibria(A, B, progress=None):
    """All extreme equilibria of the bimatrix game ``(A, B)`` (exact arrays of Fractions).

    Returns
    -------
    list of (x, y)
        Exact probability vectors (tuples of Fractions), each pair once.
    """
    m, n = A.shape
    report = None if progress is None else (lambda player: lambda k: progress(player, k))
    xs = vertices(positive_integer_matrix(B).T, report and report(0))
    ys = vertices(positive_integer_matrix(A), report and report(1))
    # Q's own labels are (y_j = 0 for j < n, row i tight at n + i); use the game's.
    low = (1 << n) - 1
    y_labels = [((v.labels & low) << m) | (v.labels >> n) for v in ys]
    full = (1 << (m + n)) - 1

    by_labels = {labels: k for k, labels in enumerate(y_labels)}
    crowded = [k for k, labels in enumerate(y_labels) if labels.bit_count() > n]
    pairs = []
    for x in xs[1:]:  # xs[0] is the origin, which pairs only with y = 0
        need = full & ~x.labels
        if x.labels.bit_count() == m:
            candidates = [by_labels[need]] if need in by_labels else []
            candidates += [k for k in crowded if y_labels[k] & need == need]
        else:
            candidates = [k for k, labels in enumerate(y_labels) if labels & need == need]
        pairs.extend((x, ys[k]) for k in candidates if k != 0)
    return [(_normalised(x), _normalised(y)) for x, y in dict.fromkeys(pairs)]


def _normalised(vertex):
    total = sum(vertex.numerators)
    return tuple(Fraction(int(v), int(total)) for v in vertex.numerators)


def maximal_nash_subsets(pairs):
    """Maximal bicliques of the equilibrium graph, as lists of indices into ``pairs``.

    ``pairs`` are ``(x, y)`` extreme equilibria.  A biclique ``X x Y`` is closed
    when ``Y`` is the set of common partners of ``X`` and vice versa; the closed
    ``Y`` sets are exactly the non-empty intersections of partner sets.
    """
    xs = list(dict.fromkeys(x for x, _ in pairs))
    ys = list(dict.fromkeys(y for _, y in pairs))
    x_at = {x: i for i, x in enumerate(xs)}
    y_at = {y: j for j, y in enumerate(ys)}
    partners = [0] * len(xs)
    for x, y in pairs:
        partners[x_at[x]] |= 1 << y_at[y]
    closed = set(partners)
    frontier = set(partners)
    while frontier:
        new = {a & b for a in frontier for b in partners} - closed - {0}
        closed |= new
        frontier = new
    index = {pair: k for k, pair in enumerate(pairs)}
    subsets = []
    for ymask in closed:
        X = [x for x, p in zip(xs, partners) if p & ymask == ymask]
        Y = [y for j, y in enumerate(ys) if ymask >> j & 1]
        subsets.append(sorted(index[(x, y)] for x in X for y in Y))
    return sorted(subsets)


def connected_components(profiles):
    """Group profiles that are joined by chains differing in one player's strategy.

    If two equilibria differ only in player ``i``'s strategy, every mixture of the
    two is an equilibrium (best-response sets are convex, payoffs linear), so the
    segment joining them lies in one component.  For two players and all extreme
    equilibria, these are exactly the components of the equilibrium set.
    """
    parent = list(range(len(profiles)))

    def root(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    n_players = len(profiles[0]) if profiles else 0
    for i in range(n_players):
        groups = {}
        for k, profile in enumerate(profiles):
            groups.setdefault(profile[:i] + profile[i + 1:], []).append(k)
        for members in groups.values():
            for k in members[1:]:
                parent[root(k)] = root(members[0])
    components = {}
    for k in range(len(profiles)):
        components.setdefault(root(k), []).append(k)
    return sorted(components.values())
