"""Rubinstein bargaining with two-sided outside options: vectorised closed form vs per-point loops.

Run:  .venv/bin/python benchmarks/bench_alternating_offers.py [--points 10000000]
                                                             [--loop-points 20000] [--repeat 5]

Draws seeded random parameter points (δ1, δ2 in [0.05, 0.99], outside options w1, w2 in
[-0.2, 0.49], so gains from trade always exist) and times, in one run:

* ``alternating_offers`` on numpy arrays of all points at once (closed form by regimes,
  validation included) — the issue's target is at least 10 million points per second;
* the usual alternative: a Python loop over points, each solved by ``scipy.optimize.brentq``
  on the fixed-point equation a = π − max(w2, δ2 (π − max(w1, δ1 a))) (literature §2.2);
* the same loop with ``scipy.optimize.fixed_point`` (the iteration literature §2.2 suggests);
* a Python loop calling ``alternating_offers`` per point with floats (our scalar path);
* on a nonlinear frontier u2 = 1 − u1², the vectorised bisection vs a loop of scalar calls
  (brentq per point).

Loops run on a subset (``--loop-points``); rates are points per second.  Every method's
shares are checked against the vectorised ones on the common points.
"""

import argparse
import statistics
import time

import numpy as np
from scipy.optimize import brentq, fixed_point

from negotiation.bargaining.alternating_offers import alternating_offers


def draw(n, seed=2024):
    rng = np.random.default_rng(seed)
    d1, d2 = rng.uniform(0.05, 0.99, (2, n))
    w1, w2 = rng.uniform(-0.2, 0.49, (2, n))
    return d1, d2, w1, w2


def timed(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), out


def loop_brentq(d1, d2, w1, w2):
    out = np.empty(len(d1))
    for k in range(len(d1)):
        dA, dB, wA, wB = float(d1[k]), float(d2[k]), float(w1[k]), float(w2[k])
        out[k] = brentq(lambda a, dA=dA, dB=dB, wA=wA, wB=wB:
                        a - (1 - max(wB, dB * (1 - max(wA, dA * a)))), -2.0, 2.0, xtol=1e-15)
    return out


def loop_fixed_point(d1, d2, w1, w2):
    out = np.empty(len(d1))
    for k in range(len(d1)):
        dA, dB, wA, wB = float(d1[k]), float(d2[k]), float(w1[k]), float(w2[k])
        out[k] = fixed_point(lambda a, dA=dA, dB=dB, wA=wA, wB=wB:
                             1 - max(wB, dB * (1 - max(wA, dA * a))), 0.5, xtol=1e-13,
                             maxiter=20000, method="iteration")
    return out


def loop_ours(d1, d2, w1, w2):
    return np.array([alternating_offers((float(a), float(b)), outside_options=(float(x), float(y)))
                     .agreement[0] for a, b, x, y in zip(d1, d2, w1, w2)])


class Quadratic:
    """u2 = 1 − u1² with the minimal protocol of a bargaining problem."""

    disagreement = (0.0, 0.0)
    u1_max = 1.0
    u2_max = 1.0

    @staticmethod
    def u2_of_u1(u1):
        return 1 - np.asarray(u1) ** 2

    @staticmethod
    def u1_of_u2(u2):
        return np.sqrt(1 - np.asarray(u2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000_000)
    parser.add_argument("--loop-points", type=int, default=20_000)
    parser.add_argument("--frontier-points", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    d1, d2, w1, w2 = draw(args.points)
    m = min(args.loop_points, args.points)
    alternating_offers((d1[:1000], d2[:1000]), outside_options=(w1[:1000], w2[:1000]))  # warm-up

    rows = []
    median, best, result = timed(
        lambda: alternating_offers((d1, d2), outside_options=(w1, w2)), args.repeat)
    a = result.agreement[0]
    rows.append(("alternating_offers, numpy arrays", args.points, median, best, 0.0))
    vector_rate = args.points / median

    loops = [("loop: scipy.optimize.brentq per point", loop_brentq, max(1, args.repeat // 2)),
             ("loop: scipy.optimize.fixed_point per point", loop_fixed_point, 1),
             ("loop: alternating_offers per point", loop_ours, 1)]
    for name, fn, repeat in loops:
        med, bst, out = timed(lambda fn=fn: fn(d1[:m], d2[:m], w1[:m], w2[:m]), repeat)
        rows.append((name, m, med, bst, float(np.max(np.abs(out - a[:m])))))
    brentq_rate = m / rows[1][2]

    n = min(args.frontier_points, args.points)
    med, bst, frontier = timed(lambda: alternating_offers(
        (d1[:n], d2[:n]), problem=Quadratic, outside_options=(w1[:n], w2[:n])), args.repeat)
    rows.append(("frontier u2=1-u1^2, vectorised bisection", n, med, bst, 0.0))
    k = min(2000, n)
    med, bst, out = timed(lambda: np.array([alternating_offers(
        (float(d1[i]), float(d2[i])), problem=Quadratic,
        outside_options=(float(w1[i]), float(w2[i]))).agreement[0] for i in range(k)]), 1)
    rows.append(("frontier, loop of brentq per point", k, med, bst,
                 float(np.max(np.abs(out - frontier.agreement[0][:k])))))

    print(f"Rubinstein with two-sided outside options; regimes over {args.points:,} points: "
          + ", ".join(f"{c:,}" for c in np.bincount(result.regime, minlength=4)))
    print(f"{'method':44s} {'points':>11s} {'median s':>10s} {'best s':>9s} "
          f"{'points/s':>13s} {'max |diff|':>11s}")
    for name, count, med, bst, diff in rows:
        print(f"{name:44s} {count:11,d} {med:10.4f} {bst:9.4f} {count / med:13,.0f} "
              f"{diff:11.1e}")
    print(f"\nvectorised closed form: {vector_rate / 1e6:.1f} million points/s "
          f"(target >= 10 million) — {vector_rate / brentq_rate:,.0f}x the brentq loop, "
          f"{vector_rate / (m / rows[2][2]):,.0f}x the fixed_point loop")
    frontier_rate, frontier_loop = rows[4][1] / rows[4][2], rows[5][1] / rows[5][2]
    print(f"nonlinear frontier: vectorised bisection {frontier_rate / 1e6:.2f} million points/s, "
          f"{frontier_rate / frontier_loop:,.0f}x the per-point brentq loop")


if __name__ == "__main__":
    main()
