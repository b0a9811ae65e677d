"""The report's figures, in the house style (:mod:`negotiation.display.plotstyle`).

Each function draws results the library has computed and returns a matplotlib figure;
each is usable on its own (``frontier(analysis, scenario)``, ``backing(sweep, ...)``,
``regime_map(result, scenario)``, ``tornado(result)``, ``monte_carlo(result)``), as are
the ``plot()`` methods of the sensitivity results they build on.  Nothing here computes
a number: utilities, solution points, sweeps and maps come from the analysis and
:mod:`negotiation.sensitivity`.
"""

from dataclasses import replace

import numpy as np

from ..display.plotstyle import (
    GREY, INK, MARKERS, colour, house_style, regime_style, save_svg, style_axes)

#: Marker, colour index and label offset of each solution concept in the figures.
CONCEPT_STYLE = {
    "nash": ("o", 0),
    "nash_patience": ("s", 1),
    "kalai_smorodinsky": ("D", 2),
    "alternating_offers": ("^", 4),
}
#: How many parameters the tornado figure shows.
TORNADO_ROWS = 12


def _figure(size):
    import matplotlib

    # the backend chosen so far, if any (asking matplotlib.get_backend() would choose one
    # by importing pyplot, which these figures do not use)
    backend = matplotlib.rcParams._get_backend_or_none()
    if backend is None or backend.lower() not in (
            "agg", "svg", "pdf", "module://matplotlib_inline.backend_inline"):
        matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with house_style():
        fig = Figure(figsize=size)
    return fig


def frontier(analysis, scenario):
    """The utility-possibility set: every package (recognition or not), the Pareto
    frontier, the disagreement point and each solution concept's point, labelled; the
    right panel zooms in on the bargaining set."""
    from ..scenario.analysis import CONCEPTS

    data = analysis.to_dict()
    us, dprk = data["players"]
    model = scenario.model
    space = model.package_space(model.env())
    u1, u2 = (np.asarray(u, dtype=float) for u in space.utilities())
    rec = np.asarray(model.recognition_mask(), dtype=bool)
    d1, d2 = (float(v) for v in data["bargaining_set"]["disagreement"])
    front = np.asarray(space.pareto(), dtype=int)
    hull = hull_frontier(u1, u2, front)
    points = [(key, a) for key, a in data["agreements"].items() if not a["empty"]]
    # the zoom: the bargaining set (packages beating no deal for both) and its points
    good = (u1 >= d1) & (u2 >= d2)
    if not good.any() and len(front):  # no deal: the frontier nearest to no deal
        near = np.argsort(np.hypot(u1[front] - d1, u2[front] - d2))[:3]
        good = np.zeros(len(u1), dtype=bool)
        good[front[near]] = True
    xs = np.concatenate([u1[good], [d1], [a["utilities"][0] for _, a in points]])
    ys = np.concatenate([u2[good], [d2], [a["utilities"][1] for _, a in points]])
    pad_x = max(0.02, 0.15 * (xs.max() - xs.min()))
    pad_y = max(0.02, 0.15 * (ys.max() - ys.min()))
    window = (xs.min() - pad_x, xs.max() + pad_x, ys.min() - pad_y, ys.max() + pad_y)
    inside = (u1 >= window[0]) & (u1 <= window[1]) & (u2 >= window[2]) & (u2 <= window[3])
    with house_style():
        fig = _figure((7.0, 3.9))
        left, right = fig.subplots(1, 2)
        for ax, shown in ((left, np.ones(len(u1), dtype=bool)), (right, inside)):
            style_axes(ax)
            ax.scatter(u1[shown & ~rec], u2[shown & ~rec], s=4, marker="o", color=GREY,
                       linewidths=0, label=f"package without {data['recognition_issue']}")
            ax.scatter(u1[shown & rec], u2[shown & rec], s=8, marker="+", color=colour(3),
                       linewidths=0.5, label=f"package with {data['recognition_issue']}")
            if len(front):
                order = np.argsort(u1[front])
                ax.plot(u1[front][order], u2[front][order], ":", color=INK, lw=0.8,
                        label="Pareto frontier of packages")
            if len(hull):
                ax.plot(u1[hull], u2[hull], "-", color=INK, lw=0.9,
                        label="frontier of mixtures (hull)")
            ax.axvline(d1, color=INK, lw=0.6, ls=":")
            ax.axhline(d2, color=INK, lw=0.6, ls=":")
            ax.plot([d1], [d2], marker="X", ms=8, color=INK, ls="none", label="no deal")
            for k, (concept, a) in enumerate(points):
                marker, c = CONCEPT_STYLE.get(concept, (MARKERS[k % len(MARKERS)], k))
                x, y = a["utilities"]
                ax.plot([x], [y], marker=marker, ms=8, color=colour(c), mec=INK, mew=0.8,
                        ls="none", label=f"{k + 1}: {CONCEPTS[concept]}")
            ax.set_xlabel(f"{us} utility")
            ax.set_ylabel(f"{dprk} utility")
        right.set_xlim(window[0], window[1])
        right.set_ylim(window[2], window[3])
        for k, (_, a) in enumerate(points):
            right.annotate(str(k + 1), a["utilities"], xytext=(6, 4 - 10 * (k % 2)),
                           textcoords="offset points", fontsize=8, color=INK,
                           fontweight="bold")
        left.set_title("All packages")
        right.set_title("Zoom: the bargaining set" if points else
                        "Zoom: no deal and the nearest frontier")
        handles, labels = left.get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False,
                   bbox_to_anchor=(0.5, -0.02))
        fig.tight_layout(rect=(0, 0.17, 1, 1))
    return fig


def hull_frontier(u1, u2, front):
    """The Pareto frontier of the convex hull of the points ``(u1, u2)``: the Pareto
    packages ``front`` that are vertices of the hull's upper-right boundary, in order of
    ``u1`` (the edges between them are where mixtures — and alternating offers — lie)."""
    if len(front) < 2:
        return np.asarray(front, dtype=int)
    order = front[np.lexsort((-u2[front], u1[front]))]
    chain = []
    for k in order:  # upper hull by the monotone chain; the frontier falls left to right
        while len(chain) >= 2:
            (x1, y1), (x2, y2) = (u1[chain[-2]], u2[chain[-2]]), (u1[chain[-1]], u2[chain[-1]])
            if (x2 - x1) * (u2[k] - y1) - (y2 - y1) * (u1[k] - x1) >= 0:
                chain.pop()  # chain[-1] lies on or below the segment: not a vertex
            else:
                break
        chain.append(k)
    return np.asarray(chain, dtype=int)


def backing(sweep, analysis, parameter, current=None, label=None):
    """How the predicted agreement changes with the backing level (from a
    :func:`~negotiation.sensitivity.sweep`): the DPRK's utility under each concept and,
    below, whether the Nash package includes recognition; the regime as shaded bands, the
    backing thresholds and the scenario's value (``current``)."""
    from ..scenario.analysis import CONCEPTS

    table = sweep.to_dataframe()
    data = analysis.to_dict()
    xs = table[parameter].to_numpy(dtype=float)
    with house_style():
        fig = _figure((6.4, 4.6))
        ax, low = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [4, 1]})
        style_axes(ax)
        style_axes(low)
        regimes = table["regime"].astype(str).to_numpy() if "regime" in table else None
        step = (xs[1] - xs[0]) / 2 if len(xs) > 1 else 0.5
        if regimes is not None:
            seen = set()
            start = 0
            for k in range(1, len(xs) + 1):
                if k == len(xs) or regimes[k] != regimes[start]:
                    c, hatch = regime_style(regimes[start])
                    label = regimes[start] if regimes[start] not in seen else None
                    seen.add(regimes[start])
                    for axis in (ax, low):
                        axis.axvspan(max(xs[0], xs[start] - step),
                                     min(xs[-1], xs[k - 1] + step), facecolor=c,
                                     edgecolor=GREY, alpha=0.3, hatch=hatch, lw=0,
                                     label=label if axis is ax else None)
                    start = k
        for key in CONCEPTS:
            if key not in table:
                continue
            marker, c = CONCEPT_STYLE[key]
            ys = table[key].to_numpy(dtype=float)
            ax.plot(xs, ys, marker=marker, markevery=max(1, len(xs) // 8), ms=4,
                    color=colour(c), ls=("-", "--", "-.", ":")[c % 4], label=CONCEPTS[key])
        if "nash_recognition" in table:
            low.step(xs, table["nash_recognition"].to_numpy(dtype=float), where="mid",
                     color=colour(0), lw=1.6)
            low.set_ylim(-0.15, 1.15)
            low.set_yticks([0, 1], ["no", "yes"])
            low.set_ylabel("recognition\nin Nash deal", fontsize=7)
        for t in data["thresholds"]:
            if t["parameter"] == parameter and t["value"] is not None and t["in_range"]:
                for axis in (ax, low):
                    axis.axvline(t["value"], color=INK, lw=0.8, ls="--")
                ax.annotate(f"{t['value']:.3g}", (t["value"], 1), xycoords=("data",
                                                                            "axes fraction"),
                            xytext=(2, -10), textcoords="offset points", fontsize=7)
        if current is not None:
            for axis in (ax, low):
                axis.axvline(current, color=INK, lw=1.4, ls="-")
            ax.annotate("scenario", (current, 0), xycoords=("data", "axes fraction"),
                        xytext=(3, 4), textcoords="offset points", fontsize=7)
        ax.set_xlim(xs[0], xs[-1])
        low.set_xlabel(label or parameter)
        ax.set_ylabel(f"{data['players'][1]} utility of the predicted agreement")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        ax.set_title("The predicted agreement as backing changes")
        fig.tight_layout()
    return fig


def regime_map(result, scenario):
    """The regime map (``RegimeMap.plot()``) with the scenario's point marked, its axes
    named by the parameters' labels."""
    with house_style():
        fig = _figure((6.4, 4.4))
        ax = fig.add_subplot()
        result.plot(ax=ax)
        x0, y0 = float(scenario.values[result.x]), float(scenario.values[result.y])
        ax.plot([x0], [y0], marker="*", ms=14, color="white", mec=INK, mew=1.2, ls="none")
        ax.annotate("scenario", (x0, y0), xytext=(8, 6), textcoords="offset points",
                    fontsize=8, color=INK, fontweight="bold")
        labels = scenario.labels
        ax.set_xlabel(labels.parameter(result.x))
        ax.set_ylabel(labels.parameter(result.y))
        ax.set_title("Regime map")
    return fig


def tornado(result, labels=None, rows=TORNADO_ROWS):
    """The tornado diagram (``TornadoResult.plot()``) of the ``rows`` largest swings (those
    defined at both ends of the range), each parameter named by its label (``labels``, a
    scenario's :class:`~negotiation.scenario.labels.Labels`); a line at zero where the
    output is the margin (below zero: no deal)."""
    from .sections import ranked_swings

    top = replace(result, rows=tuple(ranked_swings(result)[0][:rows]))
    with house_style():
        fig = _figure((6.2, 1.0 + 0.3 * max(1, len(top.rows))))
        ax = style_axes(fig.add_subplot())
        top.plot(ax=ax)
        if labels is not None:
            _relabel(ax, "y", labels)
        if result.output == "margin":
            ax.axvline(0, color=INK, lw=1.0, ls="--")
            ax.annotate("← no deal", (0, 0), xycoords=("data", "axes fraction"),
                        xytext=(-3, 3), textcoords="offset points", ha="right", va="bottom",
                        fontsize=7)
        ax.set_title(f"Tornado: the {len(top.rows)} largest swings of the {result.output}")
        fig.tight_layout()
    return fig


def monte_carlo(result, numeric="nash", discrete="regime", headline=None):
    """The Monte Carlo distributions: a histogram of ``numeric`` and the probability of
    each value of ``discrete`` with its interval; ``headline`` (the scenario's own value of
    ``discrete``) is marked."""
    with house_style():
        fig = _figure((6.4, 3.0))
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
        if result.samples is not None and numeric in result.summary:
            from .sections import OUTPUT_WORDS

            result.plot(numeric, ax=left)
            left.set_xlabel(left.get_xlabel().replace(numeric, OUTPUT_WORDS.get(numeric, numeric),
                                                      1))
        style_axes(left)
        if discrete in result.summary:
            result.plot(discrete, ax=right)
            values = list(result.summary[discrete]["probabilities"])
            if headline in values:
                k = values.index(headline)
                ticks = [str(v) + ("  ◀ scenario" if v == headline else "") for v in values]
                right.set_yticks(range(len(values)), ticks)
                right.get_yticklabels()[k].set_fontweight("bold")
        style_axes(right)
        fig.suptitle(f"Monte Carlo: {result.n:,} draws from the priors (seed {result.seed})")
        fig.tight_layout()
    return fig


def sobol(result, labels=None):
    """Sobol indices (``SobolResult.plot()``), parameters named by their labels."""
    with house_style():
        fig = _figure((6.4, 3.8))
        ax = style_axes(fig.add_subplot())
        result.plot(ax=ax)
        if labels is not None:
            _relabel(ax, "x", labels)
        ax.set_title(f"Sobol indices of the {result.output}")
        fig.tight_layout()
    return fig


def _relabel(ax, axis, labels):
    """Name the parameters on an axis's tick labels by their labels."""
    getter = ax.get_yticklabels if axis == "y" else ax.get_xticklabels
    ticks = ax.get_yticks() if axis == "y" else ax.get_xticks()
    words = [labels.parameter(t.get_text()) for t in getter()]
    if axis == "y":
        ax.set_yticks(ticks, words)
    else:
        ax.set_xticks(ticks, words, rotation=30, ha="right")


def write(fig, path):
    """Save ``fig`` as deterministic SVG (vector; the same bytes for the same figure)."""
    save_svg(fig, path)
    return path
