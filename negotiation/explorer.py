"""The interactive explorer: ``negotiation.explore(scenario)`` (this module is named
``explorer`` so that it does not shadow the function once imported).

An ipywidgets dashboard over a scenario: one slider for each key parameter (over the
parameter's own range in the file), a dropdown for the solution concept, and three views
that follow every change —

* the **frontier**: the Pareto-efficient packages in utility space, the no-deal point and
  the agreement under each solution concept (``negotiation.display.frontier_svg``);
* the **package** the chosen concept predicts, issue by issue, and whether recognition is
  in it, under the regime and its meaning;
* the **regime map** over two of the parameters, with the current point marked;
* the **schedule view**, when its toggle (:data:`SCHEDULE_TOGGLE`, off by default) is on:
  whether the chosen concept's agreement can be kept (all at once, phased, not at all) and
  at which verification level, its best schedule phase by phase, the first broken
  constraint when none holds, and the minimal third-party transfer — the ``schedule`` part
  of the analysis for that one agreement, in the words of ``CaseAnalysis.explain()``.

Every number comes from :func:`negotiation.scenario.analysis.analyze` at the sliders'
values (the parts the views show, :data:`SHOWN`: about 0.2 s) and, for the map, from
:func:`negotiation.sensitivity.regime_map` (a small vectorised grid with root-found
boundaries).  The map is recomputed only when a parameter *off* its axes changes — moving
along its axes only moves the marker — and maps are cached by the values they were drawn
at.  The map is drawn as inline SVG, so the explorer needs neither matplotlib nor a
figure backend.  The schedule search (:func:`negotiation.bargaining.ScheduleProblem.best`
at each verification level) costs up to a second or two an update, so it runs only while
the toggle is on, and then only for the concept on show.

Without ipywidgets, :func:`explore` returns a :class:`StaticView`: the analysis display
with one message saying how to get the controls (the ``notebook`` extra).
ipywidgets is imported only when :func:`explore` is called.
"""

import time

from .display.plotstyle import REGIME_STYLES
from .errors import NegotiationError, ParameterError

#: The map's grid points per axis, and the relative tolerance of its boundaries.
MAP_N = 21
MAP_XTOL = 1e-4
#: Steps of a slider across its parameter's range.
STEPS = 100
#: The frontier view shows the efficient packages within this much of no deal (utility
#: units of the scenario).
WINDOW = 0.25
#: Maps kept per explorer (one per setting of the parameters off the map's axes).
CACHE = 16
#: Significant digits of every number the explorer shows (readouts, views).
DIGITS = 4
#: The parts of the analysis the views show; the others (Russia's best backing, private
#: resolve, the war and power-shift models, self-enforcement) are left to
#: ``explorer.scenario.analyze()``, which saves about a third of each update.
SHOWN = ("bargaining_set", "solutions", "thresholds")
#: The label of the toggle that turns the schedule view on.
SCHEDULE_TOGGLE = "Can the deal hold? (deal schedules)"
#: Width of the controls column and of each slider (its label, track and readout).
CONTROLS_WIDTH = "34em"

INSTALL = ("Interactive controls need ipywidgets: pip install '.[notebook]' in the "
           "negotiation checkout, or make lab (then restart the kernel). Showing the static "
           "analysis instead.")


# ====================================================================== choosing parameters

def key_parameters(scenario):
    """The scenario's key parameters, in the order the sliders show them: the patron's
    backing level, its reliability, the legacy value and the alliance cost (the file's
    ``roles``), and the parameters named ``*discount*`` that enter the bargainers'
    discount factors.  Only parameters with a range of positive width are kept."""
    settings = scenario.settings
    names = []
    if settings.get("level"):
        names.append(settings["level"])
    names += [k for k in scenario.parameters if "reliability" in k]
    names += list((settings.get("roles") or {}).values())
    for path, slot in scenario.slots.items():
        if tuple(path[:2]) == ("bargaining", "discount"):
            names += sorted(s for s in slot.symbols if "discount" in s)
    out = []
    for name in names:
        p = scenario.parameters.get(name)
        if name not in out and p is not None and p.range[0] < p.range[1]:
            out.append(name)
    if len(out) < 2:  # a scenario without the case's roles: its first parameters
        out += [k for k, p in scenario.parameters.items()
                if k not in out and p.range[0] < p.range[1]][:2 - len(out)]
    return out


def default_map_axes(scenario, names):
    """The regime map's axes: the first slider against the legacy value (the file's
    ``roles``) when both are sliders, the first two sliders otherwise."""
    legacy = (scenario.settings.get("roles") or {}).get("legacy")
    if legacy in names and names[0] != legacy:
        return (names[0], legacy)
    return tuple(names[:2]) if len(names) > 1 else (names[0], next(
        k for k, p in scenario.parameters.items() if k != names[0] and p.range[0] < p.range[1]))


def _check_parameters(scenario, names):
    out = []
    for name in names:
        if name not in scenario.parameters:
            import difflib

            close = difflib.get_close_matches(str(name), list(scenario.parameters), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ParameterError(f"{name!r} is not a parameter of {scenario.name}{hint}")
        lo, hi = scenario.parameters[name].range
        if not lo < hi:
            raise ParameterError(f"{name!r} has the range [{lo}, {hi}] in {scenario.name}, so "
                                 "it cannot be explored with a slider")
        if name not in out:
            out.append(name)
    if not out:
        raise ParameterError("give at least one parameter to explore")
    return out


def shown(scenario):
    """``scenario`` with its analyses limited to those the views show (:data:`SHOWN`)."""
    from dataclasses import replace

    from .scenario.analysis import _ALL

    own = scenario.settings.get("analyses") or _ALL
    return replace(scenario, settings={**scenario.settings, "analyses": [
        a for a in own if a in SHOWN] or ["bargaining_set"]})


def _scenario(scenario):
    if isinstance(scenario, str):
        from .scenario import load

        return load(scenario)
    return scenario


# ====================================================================== the entry point

def explore(scenario, parameters=None, concept="nash", map_axes=None, n=MAP_N,
            schedule=False):
    """An interactive dashboard over ``scenario`` (a :class:`~negotiation.scenario.Scenario`
    or the name or path of a scenario file).

    ``parameters``: the parameters to put on sliders (default: :func:`key_parameters`);
    ``concept``: the solution concept shown first (``nash``, ``nash_patience``,
    ``kalai_smorodinsky``, ``alternating_offers``); ``map_axes``: the two parameters of the
    regime map (default: :func:`default_map_axes`); ``n``: the map's grid points per axis;
    ``schedule``: whether the schedule view starts on (its toggle, :data:`SCHEDULE_TOGGLE`).

    Returns an :class:`Explorer` (display it as a cell's last expression), or a
    :class:`StaticView` with a message when ipywidgets is not installed.
    """
    from .scenario.analysis import CONCEPTS

    scenario = _scenario(scenario)
    names = _check_parameters(scenario, parameters if parameters is not None
                              else key_parameters(scenario))
    if concept not in CONCEPTS:
        raise ParameterError(f"{concept!r} is not a solution concept; the concepts are "
                             + ", ".join(CONCEPTS))
    axes = tuple(map_axes) if map_axes is not None else default_map_axes(scenario, names)
    if len(axes) != 2 or axes[0] == axes[1]:
        raise ParameterError(f"the regime map needs two different parameters, not {axes!r}")
    _check_parameters(scenario, axes)
    for axis in axes:
        if axis not in names:
            names.append(axis)
    try:
        import ipywidgets
    except ImportError:
        return StaticView(scenario, INSTALL, concept=concept)
    return Explorer(ipywidgets, scenario, names, concept, axes, n, schedule)


# ====================================================================== the dashboard

class Explorer:
    """The dashboard: ``sliders`` (by parameter name), ``concept`` (the dropdown),
    ``schedule_toggle`` (the checkbox of the schedule view), ``views`` (``summary``,
    ``frontier``, ``package``, ``map``, ``schedule``: ipywidgets.HTML) and ``widget`` (the
    whole layout).  ``scenario`` and ``analysis`` are those at the current settings (the
    analysis of the parts the views show, :data:`SHOWN`), ``schedule`` the analysis's
    ``schedule`` part for the chosen concept's agreement alone while the toggle is on (else
    ``None``), ``regime_map`` the map on show; ``last_update`` is the time the last change took (s);
    ``error`` the message when the current values could not be analysed (else ``None``).

    Set a value in code with ``explorer.sliders["russia.backing"].value = 1`` or
    :meth:`set`; the views update as they would from the mouse.
    """

    def __init__(self, widgets, scenario, names, concept, map_axes, n=MAP_N, schedule=False):
        from .scenario.analysis import CONCEPTS

        self.base = scenario
        self.map_axes = map_axes
        self.n = n
        self._maps = {}
        self.regime_map = None
        self.analysis = None
        self.schedule = None
        self.scenario = scenario
        self.last_update = None
        self.updates = 0
        self.error = None
        self.sliders = {}
        for name in names:
            value = float(scenario.values[name])  # a value set outside the range widens it
            lo, hi = (float(v) for v in scenario.parameters[name].range)
            lo, hi = min(lo, value), max(hi, value)
            # the readout is formatted in the browser by d3-format, whose format without a
            # type drops trailing zeros as Python's "g" does (0.85, not 0.8500)
            slider = widgets.FloatSlider(
                value=value, min=lo, max=hi, step=(hi - lo) / STEPS,
                description=scenario.labels.parameter(name), tooltip=name,
                continuous_update=False, readout_format=f".{DIGITS}",
                style={"description_width": "11em"},
                layout=widgets.Layout(width=CONTROLS_WIDTH, min_width=CONTROLS_WIDTH))
            slider.observe(self._changed, names="value")
            self.sliders[name] = slider
        self.concept = widgets.Dropdown(
            options=[(label, key) for key, label in CONCEPTS.items()], value=concept,
            description="concept", style={"description_width": "11em"},
            layout=widgets.Layout(width=CONTROLS_WIDTH, min_width=CONTROLS_WIDTH))
        self.concept.observe(self._concept_changed, names="value")
        self.schedule_toggle = widgets.Checkbox(
            value=schedule, description=SCHEDULE_TOGGLE, indent=False,
            layout=widgets.Layout(width=CONTROLS_WIDTH, min_width=CONTROLS_WIDTH))
        self.schedule_toggle.observe(self._concept_changed, names="value")
        self.reset_button = widgets.Button(description="reset")
        self.reset_button.on_click(lambda _: self.reset())
        self.views = {k: widgets.HTML() for k in ("summary", "frontier", "package", "map",
                                                  "schedule")}
        # the controls never shrink (a squeezed slider clips its readout); the views beside
        # and below them wrap onto the next line when the window is narrow
        controls = widgets.VBox([*self.sliders.values(), self.concept, self.schedule_toggle,
                                 self.reset_button],
                                layout=widgets.Layout(flex="0 0 auto", min_width=CONTROLS_WIDTH))
        self.views["summary"].layout = widgets.Layout(flex="1 1 24em", min_width="20em")
        for name in ("frontier", "map"):  # side by side where they fit, else one under the other
            self.views[name].layout = widgets.Layout(flex="1 1 32em", max_width="46em")
        wrapping = widgets.Layout(flex_flow="row wrap", align_items="flex-start")
        self.widget = widgets.VBox([
            widgets.HTML(f"<b>{_esc(scenario.title)}</b> ({_esc(scenario.name)})"),
            widgets.HBox([controls, self.views["summary"]], layout=wrapping),
            widgets.HBox([self.views["frontier"], self.views["map"]], layout=wrapping),
            self.views["package"],
            self.views["schedule"],
        ])
        self._holding = False
        self.update()
        if self.analysis is None:
            raise ParameterError(self.error)

    # ------------------------------------------------------------------ state
    def values(self):
        """The sliders' values, rounded to ten significant digits (what is analysed)."""
        return {k: float(f"{s.value:.10g}") for k, s in self.sliders.items()}

    def set(self, values=None, **kwargs):
        """Set several sliders at once (``{name: value}``), updating the views once."""
        values = {**(values or {}), **kwargs}
        unknown = [k for k in values if k not in self.sliders]
        if unknown:
            raise ParameterError(f"no slider for {unknown[0]!r}; the sliders are "
                                 + ", ".join(self.sliders))
        self._holding = True
        try:
            for k, v in values.items():
                self.sliders[k].value = float(v)
        finally:
            self._holding = False
        self.update()
        if self.analysis is None:
            raise ParameterError(self.error)
        return self

    def reset(self):
        """Back to the values of the scenario the explorer was opened on."""
        return self.set({k: float(self.base.values[k]) for k in self.sliders})

    # ------------------------------------------------------------------ updates
    def _changed(self, change):
        if not self._holding:
            self.update()

    def _concept_changed(self, change):
        self._show_concept()

    def update(self):
        """Recompute the analysis (and the map if a parameter off its axes changed) at the
        sliders' values and redraw the views."""
        from .scenario.analysis import analyze

        from .display.style import note, wrap

        start = time.perf_counter()
        try:
            scenario = self.base.with_values(self.values())
            analysis = analyze(shown(scenario), compare=False)
            self.scenario, self.analysis = scenario, analysis
            self.regime_map = self._map()
        except NegotiationError as error:  # shown, not raised: this runs in a widget callback
            self.error = str(error)
            self.views["summary"].value = wrap(note(
                f"These values cannot be analysed: {error} The other views still show the "
                "last values that could."), "explore-summary")
            return
        self.error = None
        self.views["summary"].value = _summary_html(self.analysis)
        self.views["frontier"].value = _frontier_html(self.scenario, self.analysis)
        self.views["map"].value = _map_svg(self.regime_map, self.values(), self.analysis.regime)
        self._show_concept()
        self.last_update = time.perf_counter() - start
        self.updates += 1

    def _show_concept(self):
        """The views of the chosen concept: its package and, while the toggle is on, how its
        agreement can be kept (the schedule search runs here, and only then)."""
        from .display.style import note, wrap
        from .scenario.analysis import schedule_answer

        concept = self.concept.value
        self.views["package"].value = _package_html(self.analysis, concept)
        self.schedule = None
        if not self.schedule_toggle.value:
            self.views["schedule"].value = ""
            return
        model = self.scenario.model
        try:
            self.schedule = schedule_answer(model, model.env(),
                                       {concept: self.analysis.agreements[concept]})
        except NegotiationError as error:  # shown, not raised: a widget callback
            self.views["schedule"].value = wrap(note(
                f"The deal schedules cannot be computed at these values: {error}"),
                "explore-schedule")
            return
        self.views["schedule"].value = _schedule_html(self.schedule, concept)

    def _map(self):
        from .sensitivity import regime_map

        x, y = self.map_axes
        key = (tuple(sorted((k, v) for k, v in self.scenario.values.items() if k not in (x, y))),
               tuple(sorted(self.scenario.channels.items())))
        cached = self._maps.get(key)
        if cached is None:
            if len(self._maps) >= CACHE:
                self._maps.pop(next(iter(self._maps)))
            cached = self._maps[key] = regime_map(self.scenario, x, y, output="regime",
                                                  n=self.n, xtol=MAP_XTOL)
        return cached

    @property
    def agreement(self):
        """The agreement of the concept chosen in the dropdown."""
        return self.analysis.agreements[self.concept.value]

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude, **kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data = dict(data or {})
        data["text/plain"] = repr(self)
        # shown where the widget cannot be (a saved notebook, an HTML export)
        data.setdefault("text/html", StaticView(self.scenario, (
            "A static snapshot: the controls need a running Jupyter kernel with ipywidgets."),
            concept=self.concept.value, analysis=self.analysis)._repr_html_())
        return data

    def _ipython_display_(self):
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)

    def __repr__(self):
        a = self.analysis
        return (f"<Explorer {self.base.name}: {len(self.sliders)} sliders, regime "
                f"{a.regime!r}, {self.concept.value} → "
                f"{'no deal' if self.agreement.empty else _short(self.agreement.package)}>")


class StaticView:
    """What :func:`explore` gives without ipywidgets: the analysis at the scenario's values
    (its frontier and the predicted package) with ``message`` saying why it is static."""

    def __init__(self, scenario, message, concept="nash", analysis=None):
        from .scenario.analysis import analyze

        self.scenario = _scenario(scenario)
        self.message = message
        self.concept = concept
        self.analysis = analysis if analysis is not None else analyze(self.scenario,
                                                                      compare=False)

    def _repr_html_(self):
        from .display.style import note, wrap

        return wrap(note(self.message) + _summary_html(self.analysis)
                    + _frontier_html(self.scenario, self.analysis)
                    + _package_html(self.analysis, self.concept)
                    + self.analysis._repr_html_(), "explore")

    def __repr__(self):
        return f"{self.message}\n{self.analysis!r}"


# ====================================================================== the views

def _esc(text):
    from .display.style import esc

    return esc(text)


def _num(x):
    """A number as the explorer shows it: four significant digits, as the slider readouts
    and the frontier's labels (exact values stay in ``analysis``)."""
    return f"{float(x):.{DIGITS}g}"


def _short(package):
    concessions = [f"{k} {v}" for k, v in package.items()
                   if v not in ("none", "no")]
    return ", ".join(concessions) or "nothing"


def _summary_html(analysis):
    from .display.style import esc, wrap
    from .scenario.analysis import REGIMES

    s = analysis.bargaining_set
    us, dprk = analysis.players
    d = s["walk_away"]
    rows = [f"<p>Regime: <b data-regime=\"{esc(analysis.regime)}\">{esc(analysis.regime)}</b>"
            f" — {esc(REGIMES[analysis.regime])}.</p>",
            f"<p>{s['count']:,} of {s['packages']:,} packages beat walking away ({esc(us)} "
            f"{esc(_num(d[0]))}, {esc(dprk)} {esc(_num(d[1]))}); "
            f"{s['without_recognition']:,} of them leave out {esc(analysis.recognition_issue)}."
            "</p>"]
    if analysis.thresholds:
        items = "".join(
            f"<li>{esc(analysis.labels.parameter(t.parameter))}: {esc(t.meaning)} — "
            + (f"holds {esc(t.status)} {esc(_num(t.value))}" if t.value is not None
               else "holds throughout the range" if t.status == "always"
               else "holds nowhere in or near the range")
            + f" (now {esc(_num(t.current))})</li>" for t in analysis.thresholds)
        rows.append(f"<p>Thresholds, one parameter at a time:</p><ul>{items}</ul>")
    return wrap("".join(rows), "explore-summary")


class _Point:
    """An agreement as the frontier drawing reads a solution: ``point``, ``solution``."""

    def __init__(self, point, solution, players):
        self.point, self.solution, self.players = point, solution, players


_DRAWN = (("nash", "nash"), ("nash_patience", "asymmetric nash"),
          ("alternating_offers", "alternating offers"),
          ("kalai_smorodinsky", "kalai-smorodinsky"))


def _frontier_html(scenario, analysis):
    """The Pareto frontier of all packages (grey points), the no-deal point and each
    concept's agreement, drawn by ``display.frontier_svg``."""
    from .bargaining import BargainingProblem
    from .display import frontier_svg
    from .display.style import note, wrap

    model = scenario.model
    space = model.package_space(model.env(floats=True))
    u1, u2 = space.utilities()
    d = tuple(float(v) for v in analysis.bargaining_set["disagreement"])
    points = [(float(u1[k]), float(u2[k])) for k in space.pareto()]
    # the part of the frontier near the no-deal point (within a quarter of a full deal)
    gap = [min(a - d[0], b - d[1]) for a, b in points]
    near = [p for p, g in zip(points, gap) if g >= -WINDOW]
    points = near if len(near) >= 3 else [points[k] for k in sorted(
        range(len(points)), key=lambda k: -gap[k])[:8]]
    problem = BargainingProblem.from_points(points, disagreement=d, lotteries=False,
                                            players=analysis.players)
    marks = [_Point(tuple(float(u) for u in a.utilities), label, analysis.players)
             for key, label in _DRAWN
             for a in [analysis.agreements[key]] if not a.empty]
    svg, notes = frontier_svg(problem, marks)
    text = ("Grey: the Pareto-efficient packages near the no-deal point d; a deal must give "
            "each side more than its walk-away value, the better of its no-deal payoff and its "
            "outside option (above and to the right of d where no outside option beats it).")
    if not marks:
        text += " No package beats walking away for both sides, so no agreement is marked."
    return wrap(svg + "".join(note(n) for n in [*notes, text]), "explore-frontier")


def _package_html(analysis, concept):
    from .display.style import esc, number, wrap

    a = analysis.agreements[concept]
    head = f"<p><b>{esc(a.name[0].upper() + a.name[1:])}</b>: "
    if a.empty:
        return wrap(f'<div data-concept="{esc(concept)}" data-recognition="none">{head}'
                    f"no deal. {esc(a.note)}</p></div>", "explore-package")
    us, dprk = analysis.players
    if a.recognition == 1:
        rec = "includes recognition"
    elif a.recognition == 0:
        rec = "leaves recognition out"
    else:
        rec = f"includes recognition with probability {_num(a.recognition)}"
    words = analysis.labels
    issues = words.scenario.issues
    rows = "".join(
        f"<tr><th>{esc(words.issue(k))}</th><td>"
        + ("none" if v == next(iter(issues[k]["levels"])) else
           "<b>" + esc(words.level(k, v)) + "</b>") + "</td></tr>"
        for k, v in a.package.items())
    mix = ""
    if len(a.lottery) == 2:
        mix = "<p>A lottery on the frontier of mixed deals: " + "; or ".join(
            f"with probability {esc(_num(w))}, {esc(words.package_text(p))}"
            for p, w in a.lottery) + ".</p>"
    return wrap(
        f'<div data-concept="{esc(concept)}" data-recognition="{esc(number(a.recognition))}">'
        f"{head}{esc(us)} {esc(_num(a.utilities[0]))}, {esc(dprk)} "
        f"{esc(_num(a.utilities[1]))}; it <b>{esc(rec)}</b>.</p>"
        f"<table><caption>The package (concessions in bold)</caption>{rows}</table>{mix}"
        + (f'<p class="note">{esc(a.note)}</p>' if a.note else "") + "</div>",
        "explore-package")


def _schedule_html(schedule, concept):
    """The schedule view: the analysis's own sentences on ``concept``'s agreement
    (:func:`~negotiation.scenario.analysis.schedule_lines`), then the schedule they speak of
    phase by phase (the best one when one holds, else the all-at-once one that breaks) with
    each side's slack, a negative slack (a broken constraint) in bold.  ``data-keeping``,
    ``data-level`` and ``data-transfer`` (the minimal transfer's discounted cost) carry the
    verdict for a program."""
    from .display.style import esc, number, wrap
    from .scenario.analysis import CONCEPTS, schedule_lines, verdict

    answer = schedule["concepts"].get(concept)
    keeping = verdict(answer)
    head, lines = schedule_lines(schedule)
    said = "".join(f"<li><b>{esc(deal)}</b>: {esc(text)}</li>" for deal, text in lines)
    if answer is None:
        said = (f"<li><b>{esc(CONCEPTS[concept][0].upper() + CONCEPTS[concept][1:])}</b>: "
                "no deal, so no schedule to keep.</li>" + said)
    level = "" if answer is None or answer["level"] is None else answer["level"]
    transfer = "" if answer is None or not answer["transfer"] else number(
        answer["transfer"]["cost"])
    out = [f'<div data-concept="{esc(concept)}" data-keeping="{esc(keeping)}" '
           f'data-level="{esc(level)}" data-transfer="{esc(transfer)}">',
           f"<p>{esc(head)}</p><ul>{said}</ul>"]
    if answer is not None:
        shown = answer["best"] or answer["all_at_once"]
        players = list(shown["slack"])
        caption = ("The best schedule that holds" if answer["best"] else
                   "Given all at once, where it breaks")
        cells = "".join(
            f"<tr><th>{'first phase' if t == 0 else f'phase {t}'}</th>"
            f"<td>{esc(', '.join(words)) or 'nothing new'}</td>"
            + "".join(f'<td data-slack="{esc(number(shown["slack"][p][t]))}">'
                      + (f"<b>{esc(_num(shown['slack'][p][t]))}</b>"
                         if shown["slack"][p][t] < 0 else esc(_num(shown["slack"][p][t])))
                      + "</td>" for p in players) + "</tr>"
            for t, words in enumerate(shown["words"]))
        out.append(f"<table><caption>{caption} (the last phase repeats; slack: what each side "
                   "gains by complying rather than reneging)</caption><tr><th>phase</th>"
                   "<th>steps coming into force</th>"
                   + "".join(f"<th>slack of {esc(p)}</th>" for p in players)
                   + f"</tr>{cells}</table>")
    return wrap("".join(out) + "</div>", "explore-schedule")


def _map_svg(result, values, regime):
    """The regime map as inline SVG: coloured cells, boundary points, the current point."""
    from .display.style import esc, wrap

    width, height, left, top, right, bottom = 420, 300, 56, 12, 170, 40
    pw, ph = width - left - right, height - top - bottom
    xs, ys = result.xs, result.ys
    x0, x1, y0, y1 = float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1])

    def sx(v):
        return left + (v - x0) / (x1 - x0) * pw

    def sy(v):
        return top + (y1 - v) / (y1 - y0) * ph

    cw, ch = pw / max(len(xs) - 1, 1), ph / max(len(ys) - 1, 1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ngt-regime-map" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" '
           'font-size="11" role="img" shape-rendering="crispEdges">']
    for i, yv in enumerate(ys):
        for j, xv in enumerate(xs):
            cell = str(result.grid[i, j])
            cx, cy = sx(float(xv)) - cw / 2, sy(float(yv)) - ch / 2
            # clip the half cells at the edges to the plot
            xa, ya = max(cx, left), max(cy, top)
            xb, yb = min(cx + cw, left + pw), min(cy + ch, top + ph)
            out.append(f'<rect x="{xa:.1f}" y="{ya:.1f}" width="{xb - xa:.1f}" '
                       f'height="{yb - ya:.1f}" fill="{REGIME_STYLES.get(cell, ("#FFFFFF",))[0]}" '
                       'stroke="none"/>')
    for bx, by, *_ in result.boundary:
        out.append(f'<circle cx="{sx(bx):.1f}" cy="{sy(by):.1f}" r="1.2" '
                   'fill="currentColor"/>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" '
               'stroke="#999999"/>')
    for v in (x0, (x0 + x1) / 2, x1):
        out.append(f'<text x="{sx(v):.1f}" y="{top + ph + 13}" text-anchor="middle">'
                   f"{v:.3g}</text>")
    for v in (y0, (y0 + y1) / 2, y1):
        out.append(f'<text x="{left - 4}" y="{sy(v) + 4:.1f}" text-anchor="end">{v:.3g}</text>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{height - 6}" text-anchor="middle">'
               f"{esc(result.x)}</text>")
    out.append(f'<text x="12" y="{top + ph / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 12 {top + ph / 2:.1f})">{esc(result.y)}</text>')
    px, py = values[result.x], values[result.y]
    out.append(f'<g class="current" data-x="{px:.10g}" data-y="{py:.10g}" '
               f'data-regime="{esc(regime)}"><title>now: {esc(regime)}</title>'
               f'<circle cx="{sx(px):.1f}" cy="{sy(py):.1f}" r="7" fill="none" '
               'stroke="#D55E00" stroke-width="2.5"/>'
               f'<circle cx="{sx(px):.1f}" cy="{sy(py):.1f}" r="2" fill="#D55E00"/></g>')
    ly = top + 10
    for label, (colour, _) in REGIME_STYLES.items():
        out.append(f'<rect x="{width - right + 12}" y="{ly - 9}" width="11" height="11" '
                   f'fill="{colour}" stroke="#999999"/><text x="{width - right + 28}" '
                   f'y="{ly}">{esc(label)}</text>')
        ly += 17
    out.append(f'<circle cx="{width - right + 17.5}" cy="{ly - 4}" r="5" fill="none" '
               f'stroke="#D55E00" stroke-width="2"/><text x="{width - right + 28}" y="{ly}">'
               "the current point</text>")
    out.append("</svg>")
    shares = ", ".join(f"{k} {v:.0%}" for k, v in sorted(result.shares().items(),
                                                          key=lambda kv: -kv[1]))
    text = (f"Regime over {result.x} × {result.y} ({len(xs)}×{len(ys)} grid; dots: boundaries "
            f"located by bisection), the other parameters as set: {shares}. Now "
            f"({_num(px)}, {_num(py)}): {regime}.")
    return wrap("".join(out) + f'<p class="note">{esc(text)}</p>', "explore-map")
