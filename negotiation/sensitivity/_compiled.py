"""The compiled sweeps of :mod:`.kernel` (numba, cached on disk beside this module): per
point, the packages' gains and, in one pass over them, the margins and the solution concepts
with their tie rules (:func:`_fused`), or the bounded sweep by blocks (:func:`_bounded`).
Imported only when the kernel is used (:func:`.kernel.available`): loading numba and the
cached machine code takes about half a second."""

import numba
import numpy as np

_jit = numba.njit(cache=True)


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
