"""Typst markup from text that may come from a scenario file: nothing is ever evaluated.

Text is set as Typst *string literals* (``#"...";`` in markup, ``"..."`` in code), so a
scenario's ``#``, ``$``, ``*``, ``_``, ``@``, ``<``, ``[``, ``\\`` or ``//`` is shown as it
is, never read as markup or code.  Every number goes through :func:`num`
(two to three significant digits).
"""

import math

import numpy as np

__all__ = ["esc", "estimate", "heading", "num", "paragraph", "pct", "power_of_ten", "quote",
           "table"]


def quote(text):
    """``text`` as a Typst string literal (also valid as upright text in math)."""
    out = []
    for ch in str(text):
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def esc(text):
    """``text`` as literal Typst markup (a string literal, closed with ``;``)."""
    return f"#{quote(text)};"


def num(value, digits=3):
    """A number as the report prints it: ``digits`` significant digits (never an exponent),
    whole numbers with thousands separators, ``yes``/``no`` for truth values, ``—`` for
    none, ``undefined`` for NaN; rounding noise below 1e-9 prints as 0.  The full
    precision is in ``negotiation solve --json``."""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    v = float(value)
    if not math.isfinite(v):
        return "undefined" if v != v else ("∞" if v > 0 else "−∞")
    if abs(v) < 1e-9:
        return "0"
    if v == round(v) and abs(v) >= 10 ** (digits - 1):
        return f"{round(v):,}"
    text = np.format_float_positional(v, precision=digits, unique=False, fractional=False,
                                      trim="-")
    return text.rstrip(".")


def power_of_ten(value):
    """A tolerance such as 1e-12 as ``10⁻¹²`` (the nearest power of ten)."""
    exponent = round(math.log10(float(value)))
    return "10" + str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def estimate(value):
    """A sampled estimate (a probability, an interval end, a Sobol index): :func:`num`."""
    return num(value)


def pct(value):
    return "—" if value is None else f"{100 * float(value):.1f}%"


def paragraph(*sentences):
    """A paragraph of plain sentences (escaped)."""
    text = " ".join(s for s in sentences if s)
    return esc(text) + "\n\n" if text else ""


def heading(text, level=1, label=None):
    mark = f" <{label}>" if label else ""
    return f"{'=' * level} {esc(text)}{mark}\n\n"


def table(header, rows, columns=None, align=None, size=None, caption=None, label=None):
    """A Typst table: ``header`` and ``rows`` are lists of plain text cells (escaped);
    ``columns`` Typst column widths (default ``auto`` each)."""
    columns = columns or ["auto"] * len(header)
    cells = [f"table.header({', '.join(f'[*{esc(h)}*]' for h in header)})"]
    for row in rows:
        cells.extend(quote(c) for c in row)
    args = [f"columns: ({', '.join(columns)},)"]
    if align:
        args.append(f"align: ({', '.join(align)},)")
    body = f"table({', '.join(args)}, {', '.join(cells)})"
    if size:
        body = f"text(size: {size})[#{body}]"
    if caption:
        mark = f" <{label}>" if label else ""
        figure = f"#figure({body}, caption: [{esc(caption)}], kind: table){mark}"
        if len(rows) <= KEEP_TOGETHER:  # a short table stays on its caption's page
            figure = f"#block(breakable: false)[{figure}]"
        return figure + "\n\n"
    return f"#{body}\n\n"


#: Captioned tables of at most this many rows are never broken across pages.
KEEP_TOGETHER = 12
