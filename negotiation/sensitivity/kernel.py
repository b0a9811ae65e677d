r"""The fused kernel of a scenario's vectorised outputs: at each point, the packages' gains
built from the issues' values and, sweeping over the packages, the margins and the
solution concepts with their tie rules, compiled by numba.

The same numbers as the numpy passes of :func:`.functions.scenario_outputs` (the fallback
where numba is not installed), operation for operation.  At a point with no-deal payoffs
:math:`d_i`, walk-away values :math:`d_i + e_i` and the value :math:`v_{ik}(l)` of level
:math:`l` of issue :math:`k`, a package :math:`x` has the gains

.. math:: g_i(x) = v_{i1}(x_1) + (v_{i2}(x_2) + (\dots + (v_{iK}(x_K) - d_i)))

(summed in this order, as the numpy path sums them), is acceptable when
:math:`h_i = g_i - e_i > 0` for both sides, and the kernel returns

* the margins :math:`\max_x \min(h_1, h_2)` over the packages without recognition and
  over those with it;
* the symmetric Nash package (largest :math:`g_1 g_2` among the acceptable ones), the
  Kalai–Smorodinsky package (largest :math:`\min(g_1/\bar g_1, g_2/\bar g_2)`,
  :math:`\bar g_i` the largest acceptable gain) and the Nash package weighted by
  patience (largest :math:`w_1 \log g_1 + w_2 \log g_2`, scored only where the tangent
  plane at the symmetric package allows it, see :func:`.functions._weighted`), each as its
  gains and whether it includes recognition; among packages within a relative
  :math:`10^{-12}` of the best score, the DPRK's best, then the first.

Per point the packages' arrays (a few tens of kilobytes) stay in the processor's cache,
where the numpy path streams a points × packages matrix through memory once per pass.
When the symmetric Nash solution and the margins are all that is wanted (a regime map),
blocks of packages that bounds exclude are left out (:func:`_bounded`), with the same
numbers.

Whether numba is used: :data:`ENGINE` (``"auto"``: when it is installed, the ``fast``
extra), which the environment variable ``NEGOTIATION_KERNEL`` (``auto``, ``numba`` or
``numpy``) sets at import.
"""

import os

import numpy as np

try:
    import numba
except ImportError:  # the numpy path of .functions is used
    numba = None

#: "auto" (numba when installed), "numba" or "numpy".
ENGINE = os.environ.get("NEGOTIATION_KERNEL", "auto")
#: What the kernel returns per point, in this order (columns of its output).
COLUMNS = ("margin_without_recognition", "margin_with_recognition",
           "nash_us", "nash_dprk", "nash_recognition",
           "patience_us", "patience_dprk", "patience_recognition",
           "ks_us", "ks_dprk", "ks_recognition")


def _jit(function):
    """``function`` compiled by numba (cached on disk beside this module), if installed."""
    return numba.njit(cache=True)(function) if numba is not None else function


def available():
    """Whether the compiled kernel is used (:data:`ENGINE` and numba installed)."""
    if ENGINE == "numpy":
        return False
    if numba is None and ENGINE == "numba":
        from ..errors import NegotiationError

        raise NegotiationError("NEGOTIATION_KERNEL is 'numba', but numba is not installed "
                               "(pip install negotiation[fast])")
    return numba is not None


def concepts(values1, values2, sizes, recognition, d1, d2, e1, e2, weights, nash=True,
             patience=True, ks=True, exact=True):
    """The margins and solution concepts at each point (see the module docstring).

    Parameters
    ----------
    values1, values2 : ndarray, shape (n, sum(sizes))
        Each side's value of every level of every issue at each point, issue after issue
        (the first issue's values include the side's zero point).
    sizes : sequence of int
        The issues' numbers of levels; packages are their product, the last issue fastest.
    recognition : int
        The recognition issue (its levels after the first include recognition).
    d1, d2, e1, e2 : ndarray, shape (n,)
        The no-deal payoffs and the walk-away values less them.
    weights : pair of ndarray, shape (n,)
        The bargaining weights of the patience-weighted Nash solution.
    nash, patience, ks : bool
        Which solutions to compute (the margins always are).
    exact : bool
        The margins exactly; if False, with the symmetric Nash solution alone, each margin
        column is at most the margin, and the one without recognition, and the larger of
        the two, are positive exactly where the margins are: enough for the deal and the
        regime, and much faster.

    Returns
    -------
    dict
        ``{column: ndarray}`` for the :data:`COLUMNS` (nan where not computed).
    """
    n = len(values1)
    out = np.full((n, len(COLUMNS)), np.nan)
    f = np.ascontiguousarray
    tables = f(values1, dtype=float), f(values2, dtype=float)
    d1, d2, e1, e2, w1, w2 = (f(np.broadcast_to(v, (n,)), dtype=float)
                              for v in (d1, d2, e1, e2, *weights))
    rec = recognition_mask(sizes, recognition)
    sizes = np.asarray(sizes, dtype=np.int64)
    split = _split(sizes, recognition)
    if nash and not (patience or ks) and split is not None:
        _bounded(*tables, sizes, split, d1, d2, e1, e2, rec, _RATIOS, _MIXES, exact, out)
    else:
        _fused(*tables, sizes, d1, d2, e1, e2, w1, w2, rec, nash, patience, ks, out)
    return dict(zip(COLUMNS, out.T))


#: Packages in a block of the bounded sweep, at most (the issues after the split).
_BLOCK = 64
#: The directions of the bounds of :func:`_bounded`: lambda for the Nash product
#: (lambda squared 1, 1/2, 2), mu for the margins.
_RATIOS = np.sqrt([1.0, 0.5, 2.0])
_MIXES = np.array([0.5, 0.25, 0.75])


def _split(sizes, recognition):
    """The first issue of the blocks of :func:`_bounded`: the first after the recognition
    issue whose issues make blocks of at most :data:`_BLOCK` packages (``None``: none)."""
    for j in range(recognition + 1, len(sizes)):
        if np.prod(sizes[j:]) <= _BLOCK:
            return j
    return None


def recognition_mask(sizes, recognition):
    """Which packages (the product of the issues' levels, the last issue fastest) have a
    level after the first on the issue ``recognition``."""
    inner = int(np.prod(sizes[recognition + 1:], dtype=np.int64))
    outer = int(np.prod(sizes[:recognition], dtype=np.int64))
    return np.repeat(np.tile(np.arange(sizes[recognition]) > 0, outer), inner)


@_jit
def _gains(values, offsets, sizes, start, out, spare):
    """The gains of every package, one side, one point, into ``out``: the last issue's
    levels plus ``start`` (minus the no-deal payoff), then each issue before it prepended
    by adding its level's value to the whole block; ``spare`` holds the steps between."""
    k = len(sizes) - 1
    dst = out if k % 2 == 0 else spare  # the steps alternate, the last one into out
    for level in range(sizes[k]):
        dst[level] = values[offsets[k] + level] + start
    length = sizes[k]
    for k in range(len(sizes) - 2, -1, -1):
        src, dst = dst, (spare if dst is out else out)
        for level in range(sizes[k]):
            v = values[offsets[k] + level]
            base = level * length
            for r in range(length):
                dst[base + r] = v + src[r]
        length *= sizes[k]


@_jit
def _best(score, g2, count, top, first, nothing):
    """The package of highest score (``top``, first at ``first``); among those within a
    relative 1e-12 of it, the DPRK's best, then the first, when ``top`` beats
    ``nothing``."""
    if not top > nothing:
        return first
    floor = top - 1e-12 * max(1.0, abs(top))
    pick, high = first, -np.inf
    for p in range(count):
        if score[p] >= floor and g2[p] > high:
            pick, high = p, g2[p]
    return pick


@_jit
def _fused(values1, values2, sizes, d1, d2, e1, e2, w1, w2, rec, nash, patience, ks, out):
    n = values1.shape[0]
    count = len(rec)
    offsets = np.zeros(len(sizes), dtype=np.int64)
    for k in range(1, len(sizes)):
        offsets[k] = offsets[k - 1] + sizes[k - 1]
    g1, g2, spare = np.empty(count), np.empty(count), np.empty(count)
    score, ok = np.empty(count), np.empty(count, dtype=np.bool_)
    for row in range(n):
        _gains(values1[row], offsets, sizes, -d1[row], g1, spare)
        _gains(values2[row], offsets, sizes, -d2[row], g2, spare)
        a1, a2 = e1[row], e2[row]
        without, with_ = -np.inf, -np.inf
        top, first = -np.inf, 0
        ideal1, ideal2 = 0.0, 0.0
        for p in range(count):  # margins, acceptability, Nash products, the ideal point
            h1, h2 = g1[p] - a1, g2[p] - a2  # (new maxima are rare: branches, not selects)
            low = h1 if h1 <= h2 else h2
            if rec[p]:
                if low > with_:
                    with_ = low
            elif low > without:
                without = low
            good = (h1 > 0) & (h2 > 0)
            ok[p] = good
            if nash:
                s = g1[p] * g2[p] if good else 0.0
                score[p] = s
                if s > top or p == 0:
                    top, first = s, p
            if ks:
                x1, x2 = g1[p] if good else 0.0, g2[p] if good else 0.0
                if x1 > ideal1:
                    ideal1 = x1
                if x2 > ideal2:
                    ideal2 = x2
        out[row, 0], out[row, 1] = without, with_
        if not nash:
            continue
        k = _best(score, g2, count, top, first, 0.0)
        out[row, 2], out[row, 3], out[row, 4] = g1[k], g2[k], 1.0 if rec[k] else 0.0
        if patience:
            _weighted(g1, g2, ok, rec, w1[row], w2[row], g1[k], g2[k], k, score, out[row])
        if ks:
            i1 = ideal1 if ideal1 > 0 else 1.0
            i2 = ideal2 if ideal2 > 0 else 1.0
            top, first = -np.inf, 0
            for p in range(count):
                s = min(g1[p] / i1, g2[p] / i2) if ok[p] else 0.0
                score[p] = s
                if s > top or p == 0:
                    top, first = s, p
            k = _best(score, g2, count, top, first, 0.0)
            out[row, 8], out[row, 9], out[row, 10] = g1[k], g2[k], 1.0 if rec[k] else 0.0


@_jit
def _weighted(g1, g2, ok, rec, w1, w2, a1, a2, anchor, score, out):
    """The patience-weighted Nash package, written into ``out[5:8]`` (the anchor ``a``,
    the symmetric package, where it has no gains)."""
    out[5], out[6], out[7] = a1, a2, 1.0 if rec[anchor] else 0.0
    if not (a1 > 0 and a2 > 0):
        return
    c1, c2 = w1 / a1, w2 / a2
    fa = w1 * np.log(a1) + w2 * np.log(a2)
    level = (w1 + w2) * (1 - 1e-9) - 1e-9 * abs(fa)
    top, found = -np.inf, False
    for p in range(len(g1)):  # only packages above the tangent plane can beat the anchor
        if g1[p] * c1 + g2[p] * c2 >= level:
            f = w1 * np.log(g1[p]) + w2 * np.log(g2[p]) if ok[p] else -np.inf
            score[p] = f
            top = max(top, f)
            found = True
        else:
            score[p] = np.nan  # not a candidate: never near the best
    if not found:
        return
    floor = top - 1e-12 * max(1.0, abs(top))
    pick, high = -1, -np.inf
    for p in range(len(g1)):
        if score[p] >= floor and (pick < 0 or g2[p] > high):
            pick, high = p, g2[p]
    out[5], out[6], out[7] = g1[pick], g2[pick], 1.0 if rec[pick] else 0.0


@_jit
def _bounded(values1, values2, sizes, split, d1, d2, e1, e2, rec, lams, mus, exact, out):
    r"""The margins and the symmetric Nash package, as :func:`_fused` computes them, with
    blocks of packages left out where bounds show they hold neither a margin nor a Nash
    product that could count.

    A block is the packages sharing their levels of the issues before ``split`` (a
    prefix, with values :math:`A_i`); the issues from ``split`` on give every block the
    same inner gains :math:`S_i(r)`, so a package's gains are :math:`A_i + S_i(r)` (up to
    rounding, covered by a tolerance).  For :math:`\mu \in [0, 1]`,
    :math:`\min(h_1, h_2) \le \mu h_1 + (1 - \mu) h_2`, so the block's margin is at most
    :math:`\mu (A_1 - e_1) + (1 - \mu)(A_2 - e_2) + \max_r (\mu S_1 + (1 - \mu) S_2)`; and
    for positive gains and :math:`\lambda > 0`,
    :math:`g_1 g_2 \le (\lambda g_1 + g_2 / \lambda)^2 / 4`, so its Nash products are at
    most :math:`(\lambda A_1 + A_2/\lambda + \max_r (\lambda S_1 + S_2/\lambda))^2 / 4`.
    The block of the highest Nash bound is swept first, then the next, while that bound
    reaches the tie threshold of the best product so far; then, at each recognition
    level, the block of the highest margin bound while it reaches the best margin so far.
    The maxima, and every package within the tie tolerance of the best, are therefore
    among the packages swept, whose gains are summed exactly as :func:`_gains` sums them.
    Without ``exact`` only signs are sought: the margin columns are then at most the
    margins; the one without recognition is positive exactly where that margin is (its
    sweep stops at a positive margin), and so is the larger of the two where the margin of
    all deals is (the Nash package, swept, is acceptable wherever a deal is)."""
    n = values1.shape[0]
    count = len(rec)
    offsets = np.zeros(len(sizes), dtype=np.int64)
    for k in range(1, len(sizes)):
        offsets[k] = offsets[k - 1] + sizes[k - 1]
    inner = 1
    for k in range(split, len(sizes)):
        inner *= sizes[k]
    blocks = count // inner
    prefix = np.empty((blocks, split), dtype=np.int64)  # each block's levels, first issues
    for b in range(blocks):
        rest = b
        for k in range(split - 1, -1, -1):
            prefix[b, k] = offsets[k] + rest % sizes[k]
            rest //= sizes[k]
    s1, s2, spare = np.empty(inner), np.empty(inner), np.empty(inner)
    g1, g2, score = np.empty(count), np.empty(count), np.empty(count)
    lifts, mixes = np.empty(len(lams)), np.empty(len(mus))
    product, margin = np.empty(blocks), np.empty(blocks)
    swept = np.zeros(blocks, dtype=np.bool_)
    for row in range(n):
        v1, v2 = values1[row], values2[row]
        _gains(v1, offsets[split:], sizes[split:], -d1[row], s1, spare)
        _gains(v2, offsets[split:], sizes[split:], -d2[row], s2, spare)
        a1, a2 = e1[row], e2[row]
        scale = 1.0 + abs(a1) + abs(a2)
        for r in range(inner):
            scale = max(scale, 1.0 + abs(a1) + abs(a2) + abs(s1[r]) + abs(s2[r]))
        for j in range(len(lams)):
            best = -np.inf
            for r in range(inner):
                best = max(best, lams[j] * s1[r] + s2[r] / lams[j])
            lifts[j] = best
        for j in range(len(mus)):
            best = -np.inf
            for r in range(inner):
                best = max(best, mus[j] * s1[r] + (1 - mus[j]) * s2[r])
            mixes[j] = best
        for b in range(blocks):  # each block's bounds
            x1, x2 = 0.0, 0.0
            for k in range(split):
                x1 += v1[prefix[b, k]]
                x2 += v2[prefix[b, k]]
            tol = 1e-10 * (scale + abs(x1) + abs(x2))
            product[b] = _product_bound(x1, x2, tol, lams, lifts)
            margin[b] = _margin_bound(x1 - a1, x2 - a2, tol, mus, mixes)
        without, with_, top = -np.inf, -np.inf, 0.0
        while True:  # the block of the highest Nash bound, while it may reach a tie
            b = _most(product, swept, 0, rec, inner)
            if b < 0 or not (product[b] > 0 and
                             product[b] >= top - 1e-12 * max(1.0, abs(top))):
                break
            swept[b] = True
            without, with_, top = _sweep(v1, v2, prefix[b], s1, s2, a1, a2, b * inner,
                                         rec[b * inner], g1, g2, score, without, with_, top)
        for level in (False, True):  # the block of the highest margin bound, likewise
            if level and not exact:  # the Nash package, swept, settles its sign
                break
            while True:
                b = _most(margin, swept, 2 if level else 1, rec, inner)
                best = with_ if level else without
                if b < 0 or not (margin[b] >= best if exact else
                                 best <= 0 < margin[b]):
                    break
                swept[b] = True
                without, with_, top = _sweep(v1, v2, prefix[b], s1, s2, a1, a2, b * inner,
                                             level, g1, g2, score, without, with_, top)
        # a tie threshold not positive: every package may tie; no deal: the first package
        # is the pick (the argmax of zeros)
        tiny = 0 < top <= 1e-12
        for b in range(blocks if tiny else 1 if top == 0 else 0):
            if not swept[b]:
                swept[b] = True
                without, with_, top = _sweep(v1, v2, prefix[b], s1, s2, a1, a2, b * inner,
                                             rec[b * inner], g1, g2, score, without, with_,
                                             top)
        out[row, 0], out[row, 1] = without, with_
        pick = 0
        if top > 0:  # ties: the DPRK's best, then the first, among the swept packages
            floor = top - 1e-12 * max(1.0, abs(top))
            high = -np.inf
            for b in range(blocks):
                if swept[b]:
                    for p in range(b * inner, (b + 1) * inner):
                        if score[p] >= floor and g2[p] > high:
                            pick, high = p, g2[p]
        out[row, 2], out[row, 3], out[row, 4] = g1[pick], g2[pick], 1.0 if rec[pick] else 0.0
        swept[:] = False


@_jit
def _sweep(v1, v2, prefix, s1, s2, a1, a2, start, level, g1, g2, score, without, with_, top):
    """One block of :func:`_bounded`: its packages' gains (from ``start``), the margins
    of its recognition ``level``, Nash products and the best of them so far."""
    last = len(prefix) - 1
    c1, c2 = np.empty(len(prefix)), np.empty(len(prefix))
    for k in range(len(prefix)):
        c1[k], c2[k] = v1[prefix[k]], v2[prefix[k]]
    for r in range(len(s1)):
        x1, x2 = c1[last] + s1[r], c2[last] + s2[r]
        for k in range(last - 1, -1, -1):  # the order of _gains
            x1 = c1[k] + x1
            x2 = c2[k] + x2
        p = start + r
        g1[p], g2[p] = x1, x2
        h1, h2 = x1 - a1, x2 - a2
        low = h1 if h1 <= h2 else h2
        if level:
            if low > with_:
                with_ = low
        elif low > without:
            without = low
        s = x1 * x2 if (h1 > 0) & (h2 > 0) else 0.0
        score[p] = s
        if s > top:
            top = s
    return without, with_, top


@_jit
def _most(bound, swept, which, rec, inner):
    """The block not swept of the highest ``bound`` (``which``: any block, those without
    recognition, those with it); -1 if none."""
    pick, high = -1, -np.inf
    for b in range(len(bound)):
        if not swept[b] and bound[b] > high and \
                (which == 0 or rec[b * inner] == (which == 2)):
            pick, high = b, bound[b]
    return pick


@_jit
def _product_bound(x1, x2, tol, lams, lifts):
    """A bound on the Nash products of a block (see :func:`_bounded`), 0 where it has no
    package with both gains positive."""
    high = np.inf
    for j in range(len(lams)):
        lam = lams[j]
        u = max(lam * x1 + x2 / lam + lifts[j] + tol * (lam + 1 / lam), 0.0)
        high = min(high, u * u / 4 * (1 + 1e-10))
    return high


@_jit
def _margin_bound(h1, h2, tol, mus, mixes):
    """A bound on the margins of a block (see :func:`_bounded`)."""
    high = np.inf
    for j in range(len(mus)):
        high = min(high, mus[j] * h1 + (1 - mus[j]) * h2 + mixes[j])
    return high + tol
