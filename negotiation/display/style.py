"""Shared look of the HTML and SVG displays: palette, markers, CSS and number formatting.

Colours follow the Okabe–Ito palette (Okabe & Ito 2008), which stays distinguishable
under the common colour-vision deficiencies; every colour is paired with a shape or a
dash pattern so that nothing is told by colour alone.  Text uses ``currentColor`` and
backgrounds stay transparent, so the displays read in light and dark themes alike.
Everything is self-contained: one ``<style>`` block scoped to ``.ngt``, no external
CSS or JavaScript.
"""

from fractions import Fraction
from html import escape

import numpy as np

from .._numbers import number_text

#: Okabe–Ito colours, in the order players get them (vermillion is kept for highlights).
PALETTE = ("#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#F0E442")
#: Chance and neutral elements.
GREY = "#999999"
#: The highlight colour of equilibria and the SPE path, Okabe–Ito vermillion.
HIGHLIGHT = "#D55E00"
#: Node marker shapes, one per player (paired with the colours).
SHAPES = ("circle", "square", "diamond", "triangle")

CSS = (
    "<style>"
    ".ngt{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;"
    "color:inherit;background:transparent;max-width:100%;overflow-x:auto}"
    ".ngt table{border-collapse:collapse;margin:4px 0}"
    ".ngt caption{font-weight:600;text-align:left;padding:2px 0}"
    ".ngt th,.ngt td{border:1px solid rgba(128,128,128,.5);padding:3px 8px;text-align:left;"
    "vertical-align:top;color:inherit;background:transparent}"
    ".ngt th{font-weight:600}"
    ".ngt td.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".ngt .eq{background:rgba(213,94,0,.22);font-weight:700;outline:2px solid #D55E00;"
    "outline-offset:-2px}"
    ".ngt .note{opacity:.8;font-style:italic;margin:4px 0}"
    ".ngt .explain{white-space:pre-wrap;margin:6px 0}"
    ".ngt svg text{fill:currentColor}"
    ".ngt a{color:#0072B2}"
    "</style>"
)


def esc(value):
    """``value`` as escaped HTML/XML text (quotes too, so it is safe in attributes)."""
    return escape(str(value), quote=True)


def number(x):
    """An exact number as ``"2/3"``, a float to six significant digits, sympy as text."""
    if x is None:
        return "—"
    if isinstance(x, (bool, np.bool_)):
        return "yes" if x else "no"
    if isinstance(x, (Fraction, int, np.integer)):
        return number_text(Fraction(int(x)) if not isinstance(x, Fraction) else x)
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    return str(x)


def wrap(body, kind):
    """The outer ``<div class="ngt ...">`` with the shared style block."""
    return f'<div class="ngt ngt-{kind}">{CSS}{body}</div>'


def note(text):
    return f'<p class="note">{esc(text)}</p>'


def explain_block(text):
    return f'<div class="explain">{esc(text)}</div>'


def player_colour(i):
    return PALETTE[i % len(PALETTE)]


def marker(shape, x, y, r, fill, stroke, extra=""):
    """An SVG marker of ``shape`` centred at ``(x, y)`` with radius ``r``."""
    if shape == "circle":
        return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" '
                f'stroke="{stroke}"{extra}/>')
    if shape == "square":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
                f'fill="{fill}" stroke="{stroke}"{extra}/>')
    if shape == "diamond":
        pts = f"{x:.1f},{y - r * 1.3:.1f} {x + r * 1.3:.1f},{y:.1f} {x:.1f},{y + r * 1.3:.1f} " \
              f"{x - r * 1.3:.1f},{y:.1f}"
    elif shape == "triangle":
        pts = (f"{x:.1f},{y - r * 1.3:.1f} {x + r * 1.2:.1f},{y + r:.1f} "
               f"{x - r * 1.2:.1f},{y + r:.1f}")
    else:  # cross
        return (f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},'
                f'{y + r:.1f}L{x + r:.1f},{y - r:.1f}" stroke="{stroke}" stroke-width="2.5" '
                f'fill="none"{extra}/>')
    return f'<polygon points="{pts}" fill="{fill}" stroke="{stroke}"{extra}/>'
