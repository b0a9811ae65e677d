"""Small HTML tables for the bargaining results: one row per attribute, then the sentence.

Used by the alternating-offers, crisis, repeated-game and package results.  Values are
shown as the result holds them (exact ``p/q``, floats to six digits, sympy as text);
arrays are summarised by their shape, long sequences are cut.
"""

from dataclasses import fields, is_dataclass

import numpy as np

from .style import esc, explain_block, note, number, wrap

#: Items of a sequence shown before it is cut.
MAX_ITEMS = 12
#: Rows of a path (finite-horizon alternating offers) shown.
MAX_PATH = 30


def value_text(value, depth=0):
    """A short text for any value a result holds."""
    if isinstance(value, np.ndarray):
        if value.size <= MAX_ITEMS and value.ndim <= 1:
            return "[" + ", ".join(number(v) for v in value.tolist()) + "]"
        return f"array of shape {value.shape}"
    if isinstance(value, dict):
        items = list(value.items())
        text = ", ".join(f"{k}: {value_text(v, depth + 1)}" for k, v in items[:MAX_ITEMS])
        return "{" + text + (", …" if len(items) > MAX_ITEMS else "") + "}"
    if isinstance(value, (tuple, list)):
        if depth > 2:
            return f"({len(value)} items)"
        text = ", ".join(value_text(v, depth + 1) for v in value[:MAX_ITEMS])
        return "(" + text + (f", … {len(value) - MAX_ITEMS} more" if len(value) > MAX_ITEMS
                             else "") + ")"
    if is_dataclass(value):
        return type(value).__name__
    return number(value)


def _rows(result, skip=()):
    names = [f.name for f in fields(result)] if is_dataclass(result) else list(vars(result))
    out = []
    for name in names:
        if name.startswith("_") or name in skip:
            continue
        value = getattr(result, name)
        if value is None or (isinstance(value, (dict, tuple)) and not value):
            continue
        out.append(f"<tr><th>{esc(name)}</th><td>{esc(value_text(value))}</td></tr>")
    return "".join(out)


def result_table(result, skip=()):
    """The attributes of ``result`` as a two-column table."""
    return (f"<table><caption>{esc(type(result).__name__)}</caption>{_rows(result, skip)}"
            "</table>")


def result_html(result, skip=()):
    """A result as a small table of its attributes and its plain-language explanation."""
    explain = getattr(result, "explain", None)
    text = explain_block(explain()) if callable(explain) else ""
    return wrap(result_table(result, skip) + text, "result")


def alternating_offers_html(result):
    """The agreement, each player's proposal, the binding options and, for a finite horizon,
    the proposal of every period."""
    p1, p2 = result.players
    head = f"<tr><th></th><th>{esc(p1)}</th><th>{esc(p2)}</th></tr>"

    def row(name, pair):
        return (f"<tr><th>{esc(name)}</th>"
                + "".join(f'<td class="num">{esc(value_text(v))}</td>' for v in pair) + "</tr>")

    rows = [row("agreement", result.agreement)]
    for i, proposal in enumerate(result.proposals):
        if proposal is not None:
            rows.append(row(f"{result.players[i]} proposes", proposal))
    rows.append(row("outside option", result.outside_options))
    rows.append(row("option binds", result.binding))
    rows.append(row("disagreement", result.disagreement))
    table = f"<table><caption>{esc(result.model)}</caption>{head}{''.join(rows)}</table>"
    path = ""
    if result.path:
        body = "".join(
            f"<tr><td>{o.period}</td><td>{esc(result.players[o.proposer])}</td>"
            + "".join(f'<td class="num">{esc(value_text(v))}</td>' for v in o.proposal)
            + f"<td>{esc(value_text(o.exits))}</td></tr>" for o in result.path[:MAX_PATH])
        more = (note(f"Showing {MAX_PATH} of {len(result.path)} periods.")
                if len(result.path) > MAX_PATH else "")
        path = (f"<table><caption>Backward-induction path</caption><tr><th>period</th>"
                f"<th>proposer</th><th>{esc(p1)}</th><th>{esc(p2)}</th><th>exits</th></tr>"
                f"{body}</table>{more}")
    info = note(f"Method: {result.method}. Timing: {result.timing}.")
    return wrap(table + path + info + explain_block(result.explain()), "alternating-offers")


def package_html(choice):
    """A package choice: each selected package issue by issue, its weight and the utilities."""
    if choice.empty:
        return wrap(explain_block(choice.explain()), "package")
    issues = list(choice.packages[0])
    head = "".join(f"<th>package {k + 1}</th>" for k in range(len(choice.packages)))
    body = "".join(
        f"<tr><th>{esc(issue)}</th>" + "".join(
            (f"<td><b>{esc(p[issue])}</b></td>" if p[issue] != p.none[issue]
             else f"<td>{esc(p[issue])}</td>") for p in choice.packages) + "</tr>"
        for issue in issues)
    if choice.weights:
        body += ("<tr><th>probability</th>"
                 + "".join(f'<td class="num">{esc(number(w))}</td>' for w in choice.weights)
                 + "</tr>")
    p1, p2 = choice.players
    point = (f"<table><tr><th></th><th>{esc(p1)}</th><th>{esc(p2)}</th></tr><tr><th>utilities"
             "</th>" + "".join(f'<td class="num">{esc(number(v))}</td>' for v in choice.point)
             + "</tr></table>")
    return wrap(f"<table><caption>{esc(choice.method)}: selected package"
                f"{'s' if len(choice.packages) > 1 else ''} (concessions in bold)</caption>"
                f"<tr><th>issue</th>{head}</tr>{body}</table>{point}"
                f"{explain_block(choice.explain())}", "package")
