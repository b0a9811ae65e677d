"""Scenarios and case analyses as HTML: the parameter table with the basis of each value,
and the analysis's summary tables followed by its plain-language write-up."""

from urllib.parse import urlparse

from .style import esc, explain_block, note, number, wrap


def _link(url, text):
    """An ``<a>`` for http(s) URLs only (anything else is shown as text)."""
    if isinstance(url, str) and urlparse(url).scheme in ("http", "https"):
        return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(text)}</a>'
    return esc(text)


def _basis(parameter):
    if parameter.source:
        source = parameter.source
        text = source.get("citation") or source.get("title") or source.get("url") or "source"
        return f"source: {_link(source.get('url'), text)}"
    if parameter.judgement:
        return f"<i>judgement</i>: {esc(parameter.judgement)}"
    return "<i>judgement</i>"


def scenario_html(scenario):
    """The scenario's title, summary and parameters: value in force, range, unit, basis."""
    rows = []
    for name, p in scenario.parameters.items():
        value = scenario.values.get(name, p.value)
        shown = esc(number(value))
        if value != p.value:
            shown = f"<b>{shown}</b> (file: {esc(number(p.value))})"
        low, high = p.range
        desc = f"<br><small>{esc(p.description)}</small>" if p.description else ""
        rows.append(f'<tr data-parameter="{esc(name)}"><th>{esc(name)}{desc}</th>'
                    f'<td class="num">{shown}</td>'
                    f'<td class="num">[{esc(number(low))}, {esc(number(high))}]</td>'
                    f"<td>{esc(p.unit or '')}</td><td>{_basis(p)}</td></tr>")
    table = ("<table><caption>Parameters</caption><tr><th>parameter</th><th>value</th>"
             "<th>range</th><th>unit</th><th>basis</th></tr>" + "".join(rows) + "</table>")
    channels = ""
    if scenario.channels:
        channels = note("Channels of Russian backing: " + ", ".join(
            f"{k} {'on' if on else 'off'}" for k, on in scenario.channels.items()))
    summary = f"<p>{esc(scenario.summary)}</p>" if scenario.summary else ""
    return wrap(f"<p><b>{esc(scenario.title)}</b> ({esc(scenario.name)})</p>{summary}{table}"
                f"{channels}{note('File: ' + str(scenario.file))}", "scenario")


def _package(package):
    if not package:
        return "—"
    return "; ".join(f"{k}: {v}" for k, v in package.items())


def analysis_html(analysis):
    """The regime, the agreement under each concept, the thresholds, then ``explain()``."""
    from ..scenario.analysis import REGIMES

    us, dprk = analysis.players
    head = (f"<p><b>{esc(analysis.title)}</b> ({esc(analysis.scenario)})</p>"
            f"<p>Regime: <b>{esc(analysis.regime)}</b> — "
            f"{esc(REGIMES.get(analysis.regime, ''))}.</p>")
    rows = []
    for a in analysis.agreements.values():
        if a.empty:
            cells = "<td>no deal</td><td></td><td></td><td></td>"
        else:
            cells = (f"<td>{esc(_package(a.package))}</td>"
                     + "".join(f'<td class="num">{esc(number(u))}</td>' for u in a.utilities)
                     + f'<td class="num">{esc(number(a.recognition))}</td>')
        rows.append(f'<tr data-concept="{esc(a.concept)}"><th>{esc(a.name)}</th>{cells}</tr>')
    agreements = (f"<table><caption>Predicted agreements</caption><tr><th>concept</th>"
                  f"<th>package</th><th>{esc(us)}</th><th>{esc(dprk)}</th>"
                  f"<th>P(recognition)</th></tr>{''.join(rows)}</table>")
    thresholds = ""
    if analysis.thresholds:
        body = "".join(
            f"<tr><td>{esc(t.parameter)}</td><td>{esc(t.meaning)}</td>"
            f'<td class="num">{esc(number(t.value))}</td>'
            f'<td class="num">{esc(number(t.current))}</td>'
            f'<td class="num">[{esc(number(t.range[0]))}, {esc(number(t.range[1]))}]</td>'
            f"<td>{esc(t.status)}</td></tr>" for t in analysis.thresholds)
        thresholds = ("<table><caption>Thresholds (one parameter at a time)</caption><tr>"
                      "<th>parameter</th><th>meaning</th><th>threshold</th><th>current</th>"
                      f"<th>range</th><th>status</th></tr>{body}</table>")
    shares = ""
    if analysis.shares:
        shares = ("<table><caption>" + esc(dprk) + "’s share by model</caption><tr>"
                  + "".join(f"<th>{esc(k)}</th>" for k in analysis.shares) + "</tr><tr>"
                  + "".join(f'<td class="num">{esc(number(v))}</td>'
                            for v in analysis.shares.values()) + "</tr></table>")
    return wrap(f"{head}{agreements}{thresholds}{shares}"
                f"<details><summary>Full explanation</summary>"
                f"{explain_block(analysis.explain())}</details>", "analysis")
