"""``negotiation.report.build(scenario, path, ...)``: the PDF decision brief of a scenario.

The build runs in steps — the analysis, the sensitivity results the chosen sections
need, the figures (SVG, vector), the Typst markup of each section — and typesets the
document with Typst (the ``typst`` package from PyPI: a compiler with native mathematics,
no LaTeX or browser).  A step that fails raises :class:`~negotiation.errors.NegotiationError`
naming its section; the PDF is written to a temporary file beside ``path`` and moved into
place only when whole, so no partial PDF is ever left under the requested name.

Deterministic: the document's date is the scenario's own date (or none), the PDF's
identifier derives from its content, only the fonts embedded in Typst are used, the
figures are SVG with fixed ids and no dates, and every random draw comes from ``seed``;
so the same scenario, options and toolkit version give the same bytes.
"""

import hashlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from .._files import output_path, write_file
from ..errors import NegotiationError, ParameterError
from . import figures as fig
from .markup import quote
from .sections import BUILDERS, SECTIONS, ranked_swings, title_page

#: Default number of Monte Carlo draws.
SAMPLES = 20_000
#: Grid points per axis of the regime map.
GRID = 40
#: Points of the backing sweep.
SWEEP_POINTS = 41
#: Sobol: base samples, and how many of the parameters with the largest tornado swings.
SOBOL_N = 1024
SOBOL_PARAMETERS = 10
#: The output whose variance the Sobol indices decompose.
SOBOL_OUTPUT = "margin"
#: Steps that need only the scenario: computed from the start in forked processes, beside
#: the others (:func:`~negotiation.sensitivity.executors.in_background`; in this process
#: where none can fork), as figures are written.  The steps of a group share one process,
#: one after the other, and what it loads (the compiled kernel and the tornado that orders
#: both, for the Sobol indices and the regime map).
BACKGROUND = (("formulas",), ("Monte Carlo",), ("Sobol indices", "regime map"))


@dataclass
class Context:
    """What the sections read: the scenario, its analysis and the sensitivity results."""

    scenario: object
    sections: tuple
    seed: int
    samples: int
    version: str
    digest: str
    scenario_file_name: str
    analysis: object = None
    data: dict = None
    symbolic: dict = None
    level: str | None = None
    tornado: object = None
    sweep: object = None
    regime_map: object = None
    mc: object = None
    sobol: object = None
    brief: object = None
    compare: object = None
    compare_brief: object = None
    closed_forms: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    writes: list = field(default_factory=list)  # figures being written in the background
    timings: dict = field(default_factory=dict)


def parse_sections(sections):
    """The sections asked for (a list, or a comma-separated string), in report order."""
    if sections is None:
        return tuple(SECTIONS)
    if isinstance(sections, str):
        sections = [s.strip() for s in sections.split(",") if s.strip()]
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise ParameterError(f"unknown report section {unknown[0]!r}; the sections are "
                             f"{', '.join(SECTIONS)}")
    if not sections:
        raise ParameterError(f"no report sections chosen; the sections are "
                             f"{', '.join(SECTIONS)}")
    return tuple(s for s in SECTIONS if s in sections)


def _digest(scenario):
    try:
        return hashlib.sha256(Path(scenario.file).read_bytes()).hexdigest()
    except (OSError, TypeError):
        return "— (not read from a file)"


def _steps(ctx):
    """``(label, section, function)`` for each step the chosen sections need."""
    chosen = set(ctx.sections)
    steps = [("analysis", "results", _analysis)]
    if ctx.compare is not None:
        steps.append(("analysis of the scenario compared", "summary", _compare_analysis))
    if chosen & {"summary", "sensitivity"}:
        steps.append(("tornado", "sensitivity" if "sensitivity" in chosen else "summary",
                      _tornado))
    if "figures" in chosen:
        steps.append(("backing sweep", "figures", _sweep))
        steps.append(("figure: frontier", "figures", _frontier_figure))
        steps.append(("figure: backing", "figures", _backing_figure))
    if "sensitivity" in chosen:
        steps += [("regime map", "sensitivity", _regime_map),
                  ("Monte Carlo", "sensitivity", _monte_carlo),
                  ("Sobol indices", "sensitivity", _sobol),
                  ("figures: sensitivity", "sensitivity", _sensitivity_figures)]
    if "models" in chosen:  # last: computed in the background meanwhile
        steps.append(("formulas", "models", _symbolic))
    return steps


# ---------------------------------------------------------------------- computations

def _analysis(ctx, workdir):
    from ..scenario.analysis import analyze

    ctx.analysis = analyze(ctx.scenario, compare=True)
    ctx.data = ctx.analysis.to_dict()
    ctx.level = ctx.scenario.model.level


def _compare_analysis(ctx, workdir):
    from ..scenario.analysis import analyze
    from .brief import brief

    ctx.compare_brief = brief(ctx.compare, analyze(ctx.compare, compare=True).to_dict())


def _symbolic(ctx, workdir):
    ctx.symbolic = ctx.scenario.model.symbolic()


def _tornado(ctx, workdir=None):
    """The tornado of the margin (continuous, and defined where a parameter ends the deal:
    negative there), once in each process that needs it."""
    from ..sensitivity import tornado

    if ctx.tornado is None:
        ctx.tornado = tornado(ctx.scenario, SOBOL_OUTPUT)


def _sweep(ctx, workdir):
    if not ctx.level:
        return
    import numpy as np

    from ..sensitivity import sweep

    p = ctx.scenario.parameters[ctx.level]
    xs = np.linspace(float(p.range[0]), float(p.range[1]), SWEEP_POINTS)
    ctx.sweep = sweep(ctx.scenario, {ctx.level: xs},
                      outputs=["nash", "nash_patience", "kalai_smorodinsky",
                               "alternating_offers", "regime", "nash_recognition"])


def _regime_map(ctx, workdir):
    from ..sensitivity import regime_map

    x, y = _map_axes(ctx)
    if x and y:
        ctx.regime_map = regime_map(ctx.scenario, x, y, output="regime", n=GRID)


def _map_axes(ctx):
    """The regime map's axes: the backing level against the legacy value (or the
    alliance cost, or the parameter with the largest tornado swing)."""
    roles = ctx.scenario.settings.get("roles") or {}
    _tornado(ctx)
    ranked = [r["parameter"] for r in ranked_swings(ctx.tornado)[0]]
    x = ctx.scenario.model.level or (ranked[0] if ranked else None)
    candidates = [roles.get("legacy"), roles.get("alliance_cost"), *ranked]
    y = next((c for c in candidates if c and c != x and c in ctx.scenario.parameters), None)
    return x, y


def _monte_carlo(ctx, workdir):
    from ..sensitivity import monte_carlo

    ctx.mc = monte_carlo(ctx.scenario, ctx.samples, seed=ctx.seed,
                         outputs=["nash", "regime", "deal", "nash_recognition"], progress=False)


def _sobol(ctx, workdir):
    """Sobol indices of the margin (the smaller side's gain over no deal in the best deal;
    defined at every draw, unlike a share, which is undefined where there is no deal), over
    the parameters with the largest swings of it."""
    from ..sensitivity import sobol

    _tornado(ctx)
    swings = ranked_swings(ctx.tornado)[0]
    names = [r["parameter"] for r in swings if r["swing"] > 0][:SOBOL_PARAMETERS]
    if len(names) < 2:
        return
    ctx.sobol = sobol(ctx.scenario, names, n=SOBOL_N, seed=ctx.seed, output=SOBOL_OUTPUT,
                      progress=False)


# ---------------------------------------------------------------------- figures

def _save(ctx, workdir, name, figure):
    from ..sensitivity.executors import in_background

    file = f"figure-{name}.svg"
    ctx.writes.append((name, in_background(lambda: fig.write(figure, Path(workdir) / file))))
    ctx.figures[name] = file


def _typeset(ctx, source, workdir):
    """:func:`typeset` once the figures being written are there."""
    while ctx.writes:
        name, job = ctx.writes.pop(0)
        try:
            job.result()
        except Exception as error:
            raise NegotiationError(f"writing the figure {name} failed: "
                                   f"{type(error).__name__}: {error}") from error
    return typeset(source, workdir)


def _changes(steps, ctx, workdir):
    """What each ``(label, function)`` of ``steps``, run in turn, sets in ``ctx``:
    ``{label: changes}``, or the exception the step raised."""
    out = {}
    for label, function in steps:
        before = dict(vars(ctx))
        try:
            function(ctx, workdir)
        except Exception as error:  # raised where the step is reported (_outcome)
            out[label] = error
        else:
            out[label] = {k: v for k, v in vars(ctx).items() if v is not before.get(k)}
    return out


def _outcome(job, label):
    """The changes that the step ``label`` of a background ``job`` made (or its error)."""
    outcome = job.result()[label]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def _frontier_figure(ctx, workdir):
    _save(ctx, workdir, "frontier", fig.frontier(ctx.analysis, ctx.scenario))


def _backing_figure(ctx, workdir):
    if ctx.sweep is not None:
        _save(ctx, workdir, "backing", fig.backing(
            ctx.sweep, ctx.analysis, ctx.level, float(ctx.scenario.values[ctx.level]),
            label=ctx.scenario.labels.parameter(ctx.level)))


def _sensitivity_figures(ctx, workdir):
    if ctx.tornado is not None and ranked_swings(ctx.tornado)[0]:
        _save(ctx, workdir, "tornado", fig.tornado(ctx.tornado, ctx.scenario.labels))
    if ctx.regime_map is not None:
        _save(ctx, workdir, "regime_map", fig.regime_map(ctx.regime_map, ctx.scenario))
    if ctx.mc is not None:
        _save(ctx, workdir, "monte_carlo", fig.monte_carlo(ctx.mc, headline=ctx.data["regime"]))
    if ctx.sobol is not None:
        _save(ctx, workdir, "sobol", fig.sobol(ctx.sobol, ctx.scenario.labels))


# ---------------------------------------------------------------------- the document

def _preamble(ctx):
    meta = ctx.scenario.metadata or {}
    when = meta.get("date")
    if isinstance(when, str):
        try:
            when = date.fromisoformat(when)
        except ValueError:
            when = None
    stamp = (f"datetime(year: {when.year}, month: {when.month}, day: {when.day})"
             if isinstance(when, date) else "none")
    authors = meta.get("authors") or []
    author = f", author: ({', '.join(quote(a) for a in authors)},)" if authors else ""
    template = resources.files("negotiation.report").joinpath("template.typ").read_text(
        encoding="utf-8")
    return (f"#set document(title: {quote(ctx.scenario.title)}{author}, date: {stamp}, "
            f"keywords: (\"negotiation\", {quote(ctx.scenario.name)}))\n" + template + "\n")


def typeset(source, workdir):
    """PDF bytes of the Typst ``source`` (figures in ``workdir``), with Typst's embedded
    fonts only."""
    import typst

    main = Path(workdir) / "report.typ"
    main.write_text(source, encoding="utf-8")
    try:
        return typst.compile(str(main), root=str(workdir), font_paths=[],
                             ignore_system_fonts=True)
    except typst.TypstError as error:
        message = " ".join(str(error).split())
        raise NegotiationError(f"typesetting the report failed: {message}") from None


class _Progress:
    def __init__(self, total, enabled):
        self.bar = None
        if enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, desc="report", unit="step", file=sys.stderr,
                            leave=False)

    def step(self, label):
        if self.bar is not None:
            self.bar.set_postfix_str(label, refresh=True)

    def done(self):
        if self.bar is not None:
            self.bar.update(1)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def build(scenario, path, sections=None, seed=0, samples=SAMPLES, values=None,
          progress=None, compare=None):
    """Write the PDF report of ``scenario`` to ``path``; return the path.

    Parameters
    ----------
    scenario : Scenario or str
        A loaded scenario, a bundled scenario's name or a scenario file.
    path : str or Path
        Where the PDF goes: a new or regular file, not the scenario file, in a folder that
        exists (checked before any work; :class:`~negotiation.errors.OutputError`
        otherwise).  Written only when whole.
    sections : list of str or str, optional
        The sections (default all, :data:`~negotiation.report.SECTIONS`); the title page
        is always there.
    seed : int
        Seed of the Monte Carlo draws and the Sobol sequence (default 0).
    samples : int
        Monte Carlo draws (default 20,000).
    values : dict, optional
        Parameter changes (``{"russia.reliability": 0.9, "channels.war": "off"}``), as
        ``scenario.with_values``; they are listed on the title page.
    progress : bool, optional
        Show a progress bar on stderr (default: when stderr is a terminal).
    compare : Scenario or str, optional
        Another scenario (or its name or file): its brief is set beside this one's,
        question by question, right after the brief (``negotiation report A --compare B``).
    """
    from .. import __version__
    from ..scenario import load

    if isinstance(scenario, (str, os.PathLike)):
        scenario = load(scenario)
    if values:
        scenario = scenario.with_values(values)
    if isinstance(compare, (str, os.PathLike)):
        compare = load(compare)
    sections = parse_sections(sections)
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise ParameterError(f"the number of Monte Carlo draws is {samples!r}, but it must be "
                             "a positive whole number")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ParameterError(f"the seed is {seed!r}, but it must be a whole number >= 0")
    inputs = [scenario.file] if scenario.file else []
    path = output_path(path, "the report", inputs)
    if progress is None:
        progress = sys.stderr.isatty()
    ctx = Context(scenario=scenario, sections=sections, seed=seed, samples=samples,
                  version=__version__, digest=_digest(scenario),
                  scenario_file_name=Path(scenario.file).name if scenario.file else "—",
                  compare=compare)
    steps = _steps(ctx)
    # the brief (section "summary") opens the document, before the title page
    builders = [(name, name, BUILDERS[name]) for name in sections if name == "summary"] + \
        [("title page", "title page", title_page)] + \
        [(name, name, BUILDERS[name]) for name in sections if name != "summary"]
    from ..sensitivity.executors import in_background

    bar = None
    try:
        with tempfile.TemporaryDirectory(prefix="negotiation-report-") as workdir:
            # started before the progress bar, whose thread would keep them here
            jobs = {}
            functions = {label: function for label, _, function in steps}
            for group in BACKGROUND:
                here = [(label, functions[label]) for label in group if label in functions]
                if here:
                    job = in_background(lambda here=here: _changes(here, ctx, workdir))
                    jobs.update((label, job) for label, _ in here)
            try:
                bar = _Progress(len(steps) + len(builders) + 1, progress)
                for label, section, function in steps:
                    _run(ctx, bar, label, section,
                         (lambda job=jobs[label], lb=label: vars(ctx).update(_outcome(job, lb)))
                         if label in jobs else (lambda f=function: f(ctx, workdir)))
                parts = [_preamble(ctx)]
                for label, section, function in builders:
                    parts.append(_run(ctx, bar, label, section, lambda f=function: f(ctx)))
                pdf = _run(ctx, bar, "typesetting", "typesetting",
                           lambda: _typeset(ctx, "".join(parts), workdir))
            finally:  # a failed build leaves nothing running
                for job in [*jobs.values(), *(job for _, job in ctx.writes)]:
                    job.cancel()
        write_file(path, pdf, "the report", inputs)
    finally:
        if bar is not None:
            bar.close()
    build.last_timings = dict(ctx.timings)
    return path


build.last_timings = {}


def _run(ctx, bar, label, section, function):
    bar.step(label)
    start = time.perf_counter()
    try:
        out = function()
    except NegotiationError as error:
        if section == "typesetting":
            raise
        raise NegotiationError(f"report section '{section}' failed ({label}): {error}") \
            from error
    except Exception as error:  # any other failure: name the section, keep the cause
        raise NegotiationError(f"report section '{section}' failed ({label}): "
                               f"{type(error).__name__}: {error}") from error
    ctx.timings[label] = time.perf_counter() - start
    bar.done()
    return out
