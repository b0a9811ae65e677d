"""The house style of every matplotlib figure: the ``plot()`` methods and the PDF report.

One look everywhere: the Okabe–Ito palette of :mod:`.style` (distinguishable under the
common colour-vision deficiencies), each colour paired with a marker, a dash pattern and
a hatch so that the figures read in greyscale and nothing is told by colour alone;
DejaVu Sans (shipped with matplotlib, so the same glyphs on any machine); light axes.

``house_style()`` is an ``rcParams`` context: figures made inside it (and saved inside
it) get the whole style; SVG output is deterministic in it (fixed ``svg.hashsalt``, text
as paths).  ``style_axes(ax)`` gives axes made elsewhere the same frame.  matplotlib is
imported only when these functions are called.
"""

from contextlib import contextmanager

from .style import GREY, HIGHLIGHT, PALETTE

#: One matplotlib marker per palette colour (circle, square, diamond, triangles, plus).
MARKERS = ("o", "s", "D", "^", "v", "P")
#: One dash pattern per palette colour.
DASHES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)))
#: One hatch per palette colour (the first plain), for bars and areas.
HATCHES = ("", "//", "..", "xx", "\\\\", "++")
#: Text and lines in black, neutral elements grey.
INK = "#222222"

#: The regimes of a scenario, always in the same colour and hatch (pale fills for maps).
REGIME_STYLES = {
    "no deal": ("#BBBBBB", "xx"),
    "recognition required": ("#E69F00", "//"),
    "recognition chosen": ("#56B4E9", ".."),
    "deal without recognition": ("#009E73", ""),
}


def rc():
    """The house ``rcParams`` (a dict)."""
    from cycler import cycler

    return {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.labelsize": 9,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "legend.fontsize": 8,
        "legend.frameon": False,
        "axes.prop_cycle": cycler(color=list(PALETTE)) + cycler(linestyle=list(DASHES)),
        "axes.edgecolor": INK,
        "axes.labelcolor": INK,
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": "#DDDDDD",
        "grid.linewidth": 0.6,
        "xtick.color": INK,
        "ytick.color": INK,
        "lines.linewidth": 1.6,
        "lines.markersize": 5,
        "hatch.linewidth": 0.6,
        "hatch.color": INK,
        "patch.edgecolor": INK,
        "figure.dpi": 100,
        "savefig.dpi": 200,
        "svg.fonttype": "path",
        "svg.hashsalt": "negotiation",
        "pdf.compression": 6,
        "path.simplify": True,
    }


@contextmanager
def house_style():
    """An ``rcParams`` context with the house style, for making and saving figures."""
    import matplotlib

    with matplotlib.rc_context(rc()):
        yield


def style_axes(ax):
    """Give ``ax`` the house frame (spines, grid, tick colours) whatever the rcParams."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(INK)
        ax.spines[side].set_linewidth(0.8)
    ax.tick_params(colors=INK, labelsize=8)
    ax.grid(True, color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    return ax


def colour(i):
    """The ``i``-th house colour."""
    return PALETTE[i % len(PALETTE)]


def regime_style(label, k=0):
    """``(colour, hatch)`` of a regime label (an unknown label gets the ``k``-th colour)."""
    return REGIME_STYLES.get(str(label), (PALETTE[k % len(PALETTE)], HATCHES[k % len(HATCHES)]))


def save_svg(fig, path):
    """Save ``fig`` as SVG with no date in its metadata (the same bytes every time)."""
    with house_style():
        fig.savefig(path, format="svg", metadata={"Date": None, "Creator": None},
                    bbox_inches="tight")


__all__ = ["DASHES", "GREY", "HATCHES", "HIGHLIGHT", "INK", "MARKERS", "PALETTE",
           "REGIME_STYLES", "colour", "house_style", "rc", "regime_style", "save_svg",
           "style_axes"]
