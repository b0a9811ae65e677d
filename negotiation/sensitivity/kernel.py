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
extra, for evaluations of at least :data:`KERNEL_POINTS` points and, once loaded, for
every evaluation), which the environment variable ``NEGOTIATION_KERNEL`` (``auto``,
``numba`` or ``numpy``) sets at import.  The compiled sweeps are in :mod:`._compiled`.
"""

import os
import sys
from importlib.util import find_spec

import numpy as np

#: "auto" (numba when installed, for large evaluations), "numba" or "numpy".
ENGINE = os.environ.get("NEGOTIATION_KERNEL", "auto")
#: Whether numba is installed (the ``fast`` extra).
NUMBA = find_spec("numba") is not None
#: Points from which ``"auto"`` loads the compiled kernel: loading numba and the cached
#: machine code takes about half a second, what the numpy passes take for some ten
#: thousand points.  Once loaded, it serves every evaluation.
KERNEL_POINTS = 10_000
#: What the kernel returns per point, in this order (columns of its output).
COLUMNS = ("margin_without_recognition", "margin_with_recognition",
           "nash_us", "nash_dprk", "nash_recognition",
           "patience_us", "patience_dprk", "patience_recognition",
           "ks_us", "ks_dprk", "ks_recognition")


def available(points=None):
    """Whether the compiled kernel serves an evaluation of ``points`` points (any number
    when not given): :data:`ENGINE` ``"numba"``, or ``"auto"`` with numba installed and
    the kernel loaded already or at least :data:`KERNEL_POINTS` points.  The numbers are
    the same either way."""
    if ENGINE == "numpy":
        return False
    if not NUMBA and ENGINE == "numba":
        from ..errors import NegotiationError

        raise NegotiationError("NEGOTIATION_KERNEL is 'numba', but numba is not installed "
                               "(pip install negotiation[fast])")
    loaded = f"{__package__}._compiled" in sys.modules
    return NUMBA and (ENGINE == "numba" or loaded or points is None
                      or points >= KERNEL_POINTS)


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
    if not NUMBA:
        from ..errors import NegotiationError

        raise NegotiationError("the compiled kernel needs numba (pip install "
                               "negotiation[fast]); functions.concepts gives the same numbers")
    from ._compiled import _bounded, _fused

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
