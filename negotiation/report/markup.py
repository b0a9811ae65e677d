"""Typst markup from text that may come from a scenario file: nothing is ever evaluated.

Text is set as Typst *string literals* (``#"...";`` in markup, ``"..."`` in code), so a
scenario's ``#``, ``$``, ``*``, ``_``, ``@``, ``<``, ``[``, ``\\`` or ``//`` is shown as it
is, never read as markup or code.  Numbers are formatted as everywhere else in the
toolkit (:func:`negotiation.display.style.number`).
"""

from ..display.style import number
from .typst_math import quote

__all__ = ["esc", "heading", "num", "package_text", "paragraph", "pct", "quote", "table"]


def esc(text):
    """``text`` as literal Typst markup (a string literal, closed with ``;``)."""
    return f"#{quote(text)};"


def num(value):
    """A number as the report prints it (``number``; ``—`` for none)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "—"
    return number(float(value)) if not isinstance(value, str) else value


def estimate(value):
    """A sampled estimate (a probability, an interval end, a Sobol index) to three
    decimals: its sampling error is larger than the digits left out."""
    return f"{float(value):.3f}"


def pct(value):
    return "—" if value is None else f"{100 * float(value):.1f}%"


def paragraph(*sentences):
    """A paragraph of plain sentences (escaped)."""
    text = " ".join(s for s in sentences if s)
    return esc(text) + "\n\n" if text else ""


def heading(text, level=1, label=None):
    mark = f" <{label}>" if label else ""
    return f"{'=' * level} {esc(text)}{mark}\n\n"


def table(header, rows, columns=None, align=None, size=None, caption=None):
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
        return f"#figure({body}, caption: [{esc(caption)}], kind: table)\n\n"
    return f"#{body}\n\n"


def package_text(package):
    """The issues a package concedes, ``sanctions partial, recognition formal, ...``."""
    if not package:
        return "no package"
    conceded = [f"{k} {v}" for k, v in package.items() if v not in ("none", "no")]
    return ", ".join(conceded) if conceded else "no concessions"
