"""The two-page brief: the case's questions answered in plain sentences, from the results.

:func:`brief` turns the analysis (``analysis.to_dict()``, the dict ``negotiation solve
--json`` prints), the scenario's labels and, where the report has them, the Monte Carlo
and Sobol results into a :class:`Brief`: a bottom line, one paragraph for each question
the case turns on —

* would the proposer (the US) concede recognition, and why;
* how the patron's backing builds the responder's walk-away value (with the table of what
  switching each channel of backing off changes, from ``scenario.with_channels``);
* what deal is feasible (the packages in words, and the spread across solution concepts);
* what would make it collapse (tipping points, self-enforcement, private resolve, the
  patron's incentive to raise its backing, the priors);

— and a box of caveats.  Every number is a result's, printed by :func:`.markup.num`, and
carries a pointer (:class:`See`) to the section of the report that derives it.
:meth:`Brief.typst` sets it for the PDF, :meth:`Brief.text` as plain text.
"""

from dataclasses import dataclass, field

from ..scenario.analysis import CONCEPTS
from ..scenario.labels import join
from .markup import esc, num, quote, table

#: Where each kind of number is derived: the report's section labels, and their names
#: in plain text.
SEE = {
    "results": "Results", "frontier": "Results: the Pareto frontier",
    "backing": "Results: backing and private resolve", "crisis": "Results: crisis and "
    "self-enforcement", "models": "The models", "assumptions": "Assumptions register",
    "tipping": "Sensitivity: tipping points", "monte-carlo": "Sensitivity: Monte Carlo",
    "sobol": "Sensitivity: Sobol indices", "tornado": "Sensitivity: tornado",
    "comparison": "Then and now", "glossary": "Glossary",
}

#: The questions, in order: key and heading.
QUESTIONS = {
    "bottom_line": "Bottom line",
    "recognition": "Would the {us} concede recognition, and why?",
    "walk_away": "How {patron}'s backing builds the {dprk}'s walk-away value",
    "deal": "What deal is feasible",
    "collapse": "What would make it collapse",
}


@dataclass(frozen=True)
class See:
    """A pointer to the section (report label) that derives the numbers before it."""

    label: str


@dataclass(frozen=True)
class Paragraph:
    """One answer: its key (:data:`QUESTIONS`), heading and parts (text and pointers)."""

    key: str
    heading: str
    parts: tuple
    table: tuple | None = None  # (header, rows) of a small table after the text

    def text(self):
        return "".join(p if isinstance(p, str) else f" (see {SEE[p.label]})"
                       for p in self.parts).strip()


@dataclass(frozen=True)
class Brief:
    """The brief of one scenario: its title, paragraphs and caveats."""

    title: str
    scenario: str
    paragraphs: tuple
    caveats: tuple = field(default_factory=tuple)

    def paragraph(self, key):
        return next(p for p in self.paragraphs if p.key == key)

    def text(self):
        """The brief as plain text (pointers as "(see Section)")."""
        out = [self.title, ""]
        for p in self.paragraphs:
            out += [p.heading, p.text()]
            if p.table:
                header, rows = p.table
                out += [" | ".join(header)] + [" | ".join(r) for r in rows]
            out.append("")
        out += ["Caveats"] + [f"- {c.text()}" for c in self.caveats]
        return "\n".join(out)

    def typst(self, compact=False):
        """Typst markup of the brief (pointers as ``#see(<label>)``, defined by the
        template).  ``compact``: smaller type, for two briefs side by side."""
        out = []
        for p in self.paragraphs:
            out.append(f"#brief-question[{esc(p.heading)}]\n")
            out.append(_parts(p.parts) + "\n\n")
            if p.table:
                header, rows = p.table
                out.append(table(header, rows, size="7.5pt" if compact else "8.5pt"))
        box = "".join(f"- {_parts(c.parts)}\n" for c in self.caveats)
        out.append(f"#caveats[{box}]\n")
        return "".join(out)


    def beside(self, other):
        """Typst markup of this brief (left) and ``other`` (right), question by question:
        a grid with a row for each question and the caveats."""
        cells = [f"[#brief-column[{esc(self.title)}]]", f"[#brief-column[{esc(other.title)}]]"]
        for p in self.paragraphs:
            q = other.paragraph(p.key)
            cells.append(f"grid.cell(colspan: 2)[#brief-question[{esc(p.heading)}]]")
            for side in (p, q):
                body = _parts(side.parts, pointers=side is p)
                if side.table:
                    header, rows = side.table
                    keep = [0, 3, 5, 6]  # channel, walk-away, regime, share
                    body += "\n\n" + table([header[k] for k in keep],
                                            [[r[k] for k in keep] for r in rows], size="6.5pt")
                cells.append(f"[#set text(size: 8.5pt); {body}]")
        for side in (self, other):
            box = "".join(f"- {_parts(c.parts, side is self)}\n" for c in side.caveats)
            cells.append(f"[#set text(size: 8.5pt); #caveats[{box}]]")
        return f"#grid(columns: (1fr, 1fr), column-gutter: 1.2em, row-gutter: 0.5em, " \
               f"{', '.join(cells)})\n\n"


def _parts(parts, pointers=True):
    """Typst markup of a paragraph's parts; ``pointers=False`` leaves the pointers out."""
    return "".join(esc(p) if isinstance(p, str) else f"#see({quote(p.label)});" if pointers
                   else "" for p in parts)


# ====================================================================== the brief

def brief(scenario, data, mc=None, sobol=None, tornado=None):
    """The :class:`Brief` of ``scenario`` from its analysis ``data`` (``to_dict()``) and,
    optionally, the report's Monte Carlo, Sobol and tornado results."""
    words = Words(scenario, data)
    paragraphs = [
        bottom_line(words, data),
        recognition(words, data, scenario),
        walk_away(words, data, scenario),
        feasible_deal(words, data),
        collapse(words, data, mc),
    ]
    return Brief(title=scenario.title, scenario=scenario.name, paragraphs=tuple(paragraphs),
                 caveats=caveats(words, data, scenario, mc, sobol, tornado))


class Words:
    """Labels, and sentence pieces built from them."""

    def __init__(self, scenario, data):
        self.labels = scenario.labels
        self.scale = (scenario.metadata or {}).get("scale")
        us, dprk = data["players"]
        self.us, self.dprk = self.the(us), self.the(dprk)
        self.US, self.DPRK = _cap(self.us), _cap(self.dprk)
        self.patron = self.labels.actor(data["patron"]) if data.get("patron") else None

    def the(self, actor):
        """An actor's label as it reads in a sentence ("the US", "Russia")."""
        label = self.labels.actor(actor)
        return f"the {label}" if label.isupper() else label

    def parameter(self, name):
        return self.labels.parameter(name)

    def package(self, package):
        given = self.labels.package(package)
        parts = [f"{self.the(a)} gives {join(items)}" for a, items in given.items() if items]
        return "; ".join(parts) if parts else "no concessions"

    def heading(self, key):
        return QUESTIONS[key].format(us=self.labels.actor(_players(self)[0]),
                                     dprk=self.labels.actor(_players(self)[1]),
                                     patron=self.patron or "outside")


def _players(words):
    return tuple(words.labels.scenario.bargainers)


def _cap(text):
    return text[:1].upper() + text[1:]


def _deals(data):
    return {k: a for k, a in data["agreements"].items() if not a["empty"]}


def _threshold(data, key):
    return next((t for t in data["thresholds"] if t["key"] == key), None)


# ---------------------------------------------------------------------- bottom line

def bottom_line(w, data):
    s, regime = data["bargaining_set"], data["regime"]
    d_us, d_dprk = s.get("walk_away") or s["disagreement"]
    parts = []
    if regime == "no deal":
        parts += [f"No deal is in reach: none of the {s['packages']:,} packages gives both "
                  f"{w.us} more than {num(d_us)} and {w.dprk} more than {num(d_dprk)}, what "
                  "each has by walking away", See("results"), ". "]
    else:
        what = {"recognition required": "a deal is in reach, but only one that includes "
                                        "recognition",
                "recognition chosen": "a deal is in reach, and the predicted one includes "
                                      "recognition although deals without it exist",
                "deal without recognition": "a deal is in reach without recognition"}[regime]
        verb = "gives" if s["count"] == 1 else "give"
        parts += [f"{_cap(what)}: of the {s['packages']:,} possible packages, {s['count']:,} "
                  f"{verb} both sides more than walking away ({w.us} {num(d_us)}, {w.dprk} "
                  f"{num(d_dprk)}), and {s['without_recognition']:,} of those "
                  f"{'leaves' if s['without_recognition'] == 1 else 'leave'} recognition out",
                  See("results"), ". "]
    parts.append(_scale(w) + " ")
    nash = data["agreements"]["nash"]
    if not nash["empty"]:
        parts += [f"The central prediction (the Nash solution): {w.package(nash['package'])}; "
                  f"{w.us} gets {num(nash['utilities'][0])} and {w.dprk} "
                  f"{num(nash['utilities'][1])}", See("results"), ". "]
    e = data.get("self_enforcement") or {}
    risks = []
    if e.get("deal"):
        risks.append(("It is self-enforcing" if e["self_enforcing"] else
                      "It is not self-enforcing: without an outside enforcer one side gains "
                      "by reneging", "crisis"))
    u = data.get("uncertainty")
    if u and regime != "no deal":
        risks.append((f"if {w.us} cannot tell how little {w.dprk} would settle for, its best "
                      f"offer is refused with probability {num(u['no_deal_probability'])}",
                      "backing"))
    for k, (text, label) in enumerate(risks):
        parts += [(_cap(text) if k == 0 else text), See(label),
                  ". " if k == len(risks) - 1 else "; "]
    return Paragraph("bottom_line", w.heading("bottom_line"), _tidy(parts))


def _scale(w):
    """The sentence that says what the utilities mean, next to the first number."""
    if w.scale:
        return w.scale
    return ("Utilities are on the scenario's own scale, the same for both sides; only "
            "differences and comparisons with no deal carry meaning.")


# ---------------------------------------------------------------------- recognition

def _title(name, scenario):
    """The title of the scenario ``name`` (as the comparison names it)."""
    from ..errors import NegotiationError
    from ..scenario.loading import load, resolve

    try:
        return load(resolve(name, relative_to=scenario.file)).title.split(":")[0]
    except NegotiationError:
        return name


def recognition(w, data, scenario):
    deals = _deals(data)
    regime = data["regime"]
    parts = []
    with_rec = [k for k, a in deals.items() if float(a["recognition"]) > 0]
    if not deals:
        parts.append("The question does not arise: no solution concept predicts a deal. ")
    else:
        verdict = ("Yes" if len(with_rec) == len(deals) else "No" if not with_rec else
                   "It depends on the solution concept")
        count = (f"all {len(deals)}" if len(with_rec) == len(deals) else
                 f"{len(with_rec)} of the {len(deals)}")
        parts += [f"{verdict}: {count} solution concepts that predict a deal include "
                  "recognition", See("results"), ". "]
    why = {"recognition required": "Why: no package without recognition gives both sides "
                                   "more than no deal, so recognition is the price of any "
                                   "deal. ",
           "recognition chosen": f"Why: deals without recognition exist, but recognition is "
                                 f"the cheapest way for {w.us} to give {w.dprk} enough, so "
                                 "the predicted deal includes it. ",
           "deal without recognition": "Why: a deal without recognition gives both sides "
                                       "enough. ",
           "no deal": ""}[regime]
    parts.append(why)
    legacy = _threshold(data, "legacy_recognition")
    if legacy and legacy["value"] is not None:
        where = "" if legacy["in_range"] else \
            "; that is outside its plausible range, so within the range it always does"
        parts += [f"{w.US} accepts a deal with recognition while the "
                  f"{w.parameter(legacy['parameter'])} is {legacy['status']} "
                  f"{num(legacy['value'])} (now {num(legacy['current'])}{where})",
                  See("tipping"), ". "]
    norec = _threshold(data, "backing_without_recognition")
    if norec and norec["value"] is None and norec["status"] == "always":
        parts += [f"Deals without recognition exist at every level of the "
                  f"{w.parameter(norec['parameter'])} in or near its range", See("tipping"),
                  ". "]
    if norec and norec["value"] is not None:
        parts += [f"Deals without recognition exist while the "
                  f"{w.parameter(norec['parameter'])} is {norec['status']} "
                  f"{num(norec['value'])} (now {num(norec['current'])})", See("tipping"), ". "]
    then = then_and_now(w, data, scenario)
    if then:
        parts += ["Then and now: " + then[0].lower() + then[1:], See("comparison"), ". "]
    return Paragraph("recognition", w.heading("recognition"), _tidy(parts))


def then_and_now(w, data, scenario):
    """The then-and-now sentence (no final stop): the regime then and now, and the change
    that alone moves it most; ``""`` without a comparison."""
    c = data.get("comparison")
    if not c or c.get("error"):
        return ""
    regimes = c.get("regimes") or {}
    text = (f"In '{_title(c['other'], scenario)}' the regime is "
            f"'{regimes.get(c['other'], '—')}'; here it is '{regimes.get(scenario.name, '—')}'")
    reason = next((r for r in c["changes"] if r["parameter"] == c.get("reason")), None)
    if reason:
        text += (f"; the change that alone moves it most is the "
                 f"{w.parameter(reason['parameter'])} ({num(reason['here'])} here, "
                 f"{num(reason['there'])} there)")
    elif c["changes"]:
        top = c["changes"][0]
        text += (f"; no single change moves it, the largest is the "
                 f"{w.parameter(top['parameter'])} ({num(top['here'])} here, "
                 f"{num(top['there'])} there)")
    return text


# ---------------------------------------------------------------------- walk-away value

def walk_away(w, data, scenario):
    """How the patron's backing builds the responder's walk-away value, with the table of
    what switching each channel off changes."""
    parts = [walk_away_sentence(w, data, scenario)]
    rows = channel_rows(scenario) if data.get("patron") and scenario.model.level else []
    tab = None
    if rows:
        base = rows[0]
        movers = [r for r in rows[1:] if r["regime"] != base["regime"] and r["channel"]]
        if movers:
            parts += [" Switching off " + join(f"{r['channel']} alone (to '{r['regime']}')"
                                               for r in movers) + " changes the regime",
                      See("models"), "."]
        else:
            parts.append(" No single channel switched off changes the regime.")
        header = ["Channel of backing", "No deal", "Outside option", "Walk-away", "Patience",
                  "Regime",
                  f"{w.labels.actor(data['players'][1])} share"]
        tab = (header, [[r["words"], num(r["no_deal"]), num(r["outside"]),
                         num(r["walk_away"]), num(r["discount"]), r["regime"],
                         num(r["share"]) if r["share"] is not None else "no deal"]
                        for r in rows])
    return Paragraph("walk_away", w.heading("walk_away"), _tidy(parts), tab)


def walk_away_sentence(w, data, scenario):
    """The sentence of the responder's walk-away value: no-deal payoff without and with
    the patron's aid, outside option, and the better of the two.  The walk-away value is
    the analysis's (``bargaining_set["walk_away"]``) where it gives one, else the model's
    (``model.walk_away()``)."""
    model = scenario.model
    no_deal = data["bargaining_set"]["disagreement"][1]
    given = data["bargaining_set"].get("walk_away")
    walk = given[1] if isinstance(given, (list, tuple)) else given if given is not None \
        else float(model.walk_away()[1])
    outside = model.outside_options()[1]
    if not data.get("patron") or not model.level:
        text = f"{w.DPRK}'s no-deal value is {num(no_deal)}"
        if outside is not None:
            text += f"; its outside option is worth {num(outside)}"
        return text + f", so its walk-away value is {num(walk)}."
    alone = float(scenario.with_channels(**{c: False for c in scenario.channels})
                  .model.disagreement()[1])
    text = f"Without {w.patron}, {w.dprk}'s no-deal value is {num(alone)}; "
    text += (f"{w.patron}'s aid raises it to {num(no_deal)}" if num(alone) != num(no_deal) else
             f"{w.patron}'s aid adds nothing to it at today's backing")
    if outside is not None:
        text += (f"; walking out to {w.patron} (its outside option) would be worth "
                 f"{num(outside)}")
    return text + (f"; so {w.dprk} walks away from any deal worth less than {num(walk)} to "
                   "it, the better of the two. The table shows what switching each channel of "
                   f"{w.patron}'s backing off changes (each off alone, then all off; the "
                   "Nash solution's share).")


def channel_rows(scenario):
    """For the scenario, each channel of backing switched off alone, and all off: the
    responder's no-deal payoff, outside option, walk-away value and discount factor, the
    regime and its Nash share (from the model and ``analysis.regime``)."""
    from ..scenario.analysis import predicted_shares, regime

    on = [c for c, state in scenario.channels.items() if state]
    cases = [("as in the scenario", {})] + \
        [(scenario.labels.channel(c), {c: False}) for c in on]
    if len(on) > 1:
        cases.append(("all off", {c: False for c in on}))
    rows = []
    for words, switches in cases:
        channel = words if len(switches) == 1 else None
        words = f"{words} off" if channel else words
        s = scenario.with_channels(**switches) if switches else scenario
        model = s.model
        fenv = model.env(floats=True)
        outside = model.outside_options()[1]
        rows.append({"words": words, "channel": channel, "no_deal": float(model.disagreement()[1]),
                     "outside": None if outside is None else float(outside),
                     "walk_away": float(model.walk_away()[1]),
                     "discount": float(model.discount()[1]),
                     "regime": regime(model, fenv)[0],
                     "share": predicted_shares(s)["nash"]})
    return rows


# ---------------------------------------------------------------------- the deal

def feasible_deal(w, data):
    deals = _deals(data)
    if not deals:
        return Paragraph("deal", w.heading("deal"), _tidy([
            "No deal is feasible: every solution concept predicts no deal", See("results"),
            ". ",
            "The nearest packages to agreement are on the frontier", See("frontier"), "."]))
    labels = w.labels
    packages = {k: a["package"] for k, a in deals.items()}
    issues = list(next(iter(packages.values())))
    common, differ = [], []
    for issue in issues:
        chosen = [p[issue] for p in packages.values()]
        if len(set(chosen)) == 1:
            common.append((issue, chosen[0]))
        else:
            differ.append(issue)
    lowest = {i: next(iter(labels.scenario.issues[i]["levels"])) for i in issues}
    agreed = [labels.level(i, v) for i, v in common if v != lowest[i]]
    left_out = [labels.issue(i) for i, v in common if v == lowest[i]]
    parts = [f"All {len(deals)} solution concepts that predict a deal agree on "
             f"{join(agreed) if agreed else 'no concession'}"
             + (f", and leave out {join(left_out)}" if left_out else ""), See("results"), ". "]
    if differ:
        options = []
        for issue in differ:
            seen = []
            for p in packages.values():
                text = labels.level(issue, p[issue]) if p[issue] != lowest[issue] else \
                    f"no {labels.issue(issue)}"
                if text not in seen:
                    seen.append(text)
            options.append(f"{labels.issue(issue)} ({' or '.join(seen)})")
        parts.append(f"They differ on {join(options)}. ")
    us = [a["utilities"][0] for a in deals.values()]
    dprk = [a["utilities"][1] for a in deals.values()]
    parts += [f"Across them {w.us} gets {_span(us)} and {w.dprk} {_span(dprk)}",
              See("results"), ". "]
    for key, a in deals.items():
        if len(a["lottery"]) == 2:
            parts += [f"The prediction of {CONCEPTS[key]} lies between two packages on the "
                      "frontier of mixtures: in effect a phased or probabilistic deal",
                      See("frontier"), ". "]
    return Paragraph("deal", w.heading("deal"), _tidy(parts))


def _span(values):
    lo, hi = min(values), max(values)
    return num(lo) if num(lo) == num(hi) else f"{num(lo)} to {num(hi)}"


# ---------------------------------------------------------------------- collapse

def collapse(w, data, mc=None):
    parts = []
    ends = [t for t in data["thresholds"] if t["key"] in ("backing_all_deals",
                                                          "alliance_walk_away")]
    for t in ends:
        if t["value"] is None:
            if t["status"] == "always":
                parts += [f"No value of the {w.parameter(t['parameter'])} in or near its range "
                          "ends every deal", See("tipping"), ". "]
            continue
        flip = {"below": "above", "above": "below"}.get(t["status"], t["status"])
        where = "" if t["in_range"] else ", outside its plausible range"
        parts += [f"Every deal disappears if the {w.parameter(t['parameter'])} goes {flip} "
                  f"{num(t['value'])} (now {num(t['current'])}{where})", See("tipping"), ". "]
    e = data.get("self_enforcement") or {}
    if e.get("deal"):
        short = [(a, t) for a, t in e["thresholds"].items()
                 if t is None or float(e["discount"][a]) < float(t)]
        if short:
            parts += ["The predicted deal is not self-enforcing: " + join(
                f"{w.the(a)} would need patience (a discount factor) of at least {num(t)} to "
                f"keep it and has {num(e['discount'][a])}" if t is not None else
                f"{w.the(a)} gains by reneging at its patience and at any higher one"
                for a, t in short), See("crisis"), ". "]
            parts += [_schedule_sentence(data, w), See("crisis"), ". "]
        else:
            parts += ["The predicted deal is self-enforcing: each side's patience exceeds what "
                      "keeping it requires", See("crisis"), ". "]
    u = data.get("uncertainty")
    if u:
        parts += [f"{w.US} does not know how little {w.dprk} would settle for: its best offer "
                  f"then is refused with probability {num(u['no_deal_probability'])}",
                  See("backing"), ". "]
    b = data.get("backing")
    if b:
        chosen = next((o for o in b["offers"] if o["level"] == b["level"]), None)
        move = ("above" if b["level"] > b["current"] else "below" if b["level"] < b["current"]
                else "the same as")
        text = (f"{w.patron}'s incentive: its best backing level is {num(b['level'])}, "
                f"{move} today's {num(b['current'])}")
        if chosen:
            text += (f"; there the best {w.labels.actor(data['players'][0])} offer is refused "
                     f"with probability {num(1 - chosen['accept_probability'])}")
        parts += [text, See("backing"), ". "]
    x = e.get("disarmament")
    if x:
        parts += ["Complete denuclearisation " + ("can" if x["feasible"] else "cannot")
                  + " be made self-enforcing with the compensation offered "
                  f"({num(x['compensation'])}"
                  f"; it would take {num(x['required'])})", See("crisis"), ". "]
    if mc is not None and "regime" in mc.summary:
        probs = mc.summary["regime"]["probabilities"]
        if "no deal" in probs:
            parts += [f"Over the priors, no deal has probability {num(probs['no deal'][0])}",
                      See("monte-carlo"), ". "]
    if not parts:
        parts.append("Nothing in the analysis ends the deal within the parameters' ranges.")
    return Paragraph("collapse", w.heading("collapse"), _tidy(parts))


# ---------------------------------------------------------------------- caveats

def caveats(w, data, scenario, mc=None, sobol=None, tornado=None):
    judged = [p for p in scenario.parameters.values() if p.basis == "judgement"]
    out = [Paragraph("forecast", "", _tidy([
        f"Not a forecast: the answers hold if the scenario's judgements hold; {len(judged)} "
        f"of its {len(scenario.parameters)} parameters are modelling judgements, not "
        "measurements", See("assumptions"), "."]))]
    if mc is not None and "regime" in mc.summary:
        probs = sorted(mc.summary["regime"]["probabilities"].items(), key=lambda kv: -kv[1][0])
        rank = next((k for k, (name, _) in enumerate(probs) if name == data["regime"]), None)
        text = ("Probabilities are over the stated priors (each parameter drawn independently "
                "over its plausible range), not frequencies")
        if rank is not None:
            ordinal = ("the most likely", "only the second most likely",
                       "only the third most likely", "only the fourth most likely")[min(rank, 3)]
            text += (f"; under them the headline regime '{data['regime']}' is {ordinal} "
                     f"({num(probs[rank][1][0])})")
            if rank:
                text += f", after '{probs[0][0]}' ({num(probs[0][1][0])})"
        out.append(Paragraph("priors", "", _tidy([text, See("monte-carlo"), "."])))
    ranked = []
    if sobol is not None:
        ranked = [(k, "sobol") for k in sorted(sobol.total, key=lambda k: -sobol.total[k])[:3]]
    elif tornado is not None:
        from .sections import ranked_swings

        ranked = [(r["parameter"], "tornado") for r in ranked_swings(tornado)[0][:3]]
    if ranked:
        names = [f"the {w.parameter(k)} ({scenario.parameters[k].basis})" for k, _ in ranked]
        out.append(Paragraph("judgements", "", _tidy([
            f"The calls that decide the answer: {join(names)}", See(ranked[0][1]), "."])))
    out.append(Paragraph("structure", "", _tidy([
        "The structure is fixed: two bargainers; the allies only as a cost to "
        f"{w.us}; {w.patron or 'a patron'} as one actor; commitments are kept only if "
        "each side prefers to keep them; the terms are explained in the glossary",
        See("glossary"), "."])))
    return tuple(out)


def _tidy(parts):
    """Merge adjacent strings, drop empty ones."""
    out = []
    for p in parts:
        if isinstance(p, str):
            if not p:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += p
                continue
        out.append(p)
    return tuple(out)


def _schedule_sentence(data, w):
    """What phasing, verification or a guarantor can do for the predicted deal (the
    schedule answer for the Nash deal)."""
    schedule = data.get("schedule") or {}
    answer = (schedule.get("concepts") or {}).get("nash")
    if not answer:
        return "Phasing, verification or a guarantor must do the work"
    levels = schedule["verification"]["levels"]
    if answer["holds"]:
        level = f", with {levels[answer['level']]}" if answer["level"] else ""
        return (f"Delivered in this order it holds{level}: {answer['best']['order']}")
    strongest = f", even with {list(levels.values())[-1]}" if levels else ""
    text = (f"No schedule of it of up to {schedule['max_phases']} phases holds{strongest}")
    if answer["transfer"]:
        text += (f"; a third party would have to pay a discounted {num(answer['transfer']['cost'])}"
                 " to make it hold")
    return text

