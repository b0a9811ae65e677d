"""Loading and checking scenario files: ``negotiation.load(name_or_path)`` → :class:`Scenario`.

Reading goes in three steps, and every problem of a file is reported at once, each with
its line and field path:

1. :func:`~.yamlfile.read_yaml` reads the YAML safely (size, alias bombs, depth, tags);
2. :func:`~.schema.check` applies the shipped JSON Schema (types, required and unknown
   fields, with "did you mean" suggestions);
3. the checks here: declared names, every formula through the whitelisting parser (and
   the growth of its exact value bounded), no circular definitions, values inside their
   ranges and domains, discount factors and probabilities in their domains at every
   backing level the patron may choose, and Russian backing entering only through its
   five switchable channels.

Derived values are evaluated once each, in an order where each follows those it uses
(:class:`Slot`); a ``compare_with`` is confined to bundled scenarios and files beside the
scenario (:func:`resolve`).  Values set later (:meth:`Scenario.with_values`) pass the same
domain checks (:meth:`Scenario.check_domain`).

A scenario with problems raises :class:`ScenarioFileError` (a ``ScenarioError``) whose
message lists them all and whose ``problems`` attribute holds them one by one.
"""

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from .._numbers import show_number
from ..errors import DomainError, ScenarioError
from .domain import Domain, outside, slot_domain
from .schema import Problem, check, describe, field_path
from .yamlfile import read_yaml

#: The channels of Russian backing (literature notes: lit-channels) and the model slots
#: each feeds.
CHANNELS = {
    "outside_option": "the responder's outside option when responding (bargaining.outside_options)",
    "disagreement": "the responder's no-deal payoff, the disagreement point, and what a deal "
                    "forfeits of it (utilities.*.no_deal, utilities.*.forfeit)",
    "patience": "the responder's discount factor (bargaining.discount)",
    "war": "the war payoffs: the patron's intervention probability (war)",
    "power_shift": "the speed of the power shift (power_shift)",
    "substitution": "what the patron's aid takes off the value of the proposer's concessions to "
                    "the responder, e.g. sanctions relief (utilities.<responder>.issues)",
}

#: Names a file may not use for parameters: the issue-level variable and the functions.
RESERVED = {"level", "min", "max", "exp", "log", "sqrt", "abs", "piecewise", "and", "or", "not",
            "if", "else", "True", "False", "None"}


#: Most issues of a scenario, and most packages (combinations of their levels).
MAX_ISSUES = 20
MAX_PACKAGES = 100_000

#: Parsed formulas, shared between files that declare the same names (at most a few
#: thousand entries: one per distinct formula text and set of names).
_PARSED = {}


class ScenarioFileError(ScenarioError):
    """A scenario file with one or more problems; ``problems`` lists them, each with its line
    and field path, and the message shows them all."""

    def __init__(self, file, problems):
        self.file = file
        self.problems = tuple(sorted(problems, key=lambda p: (p.line or 0, p.field)))
        count = len(self.problems)
        head = f"{file}: {count} problem{'s' if count != 1 else ''}"
        lines = [p.text(file) for p in self.problems]
        super().__init__(head + ":\n" + "\n".join(f"  {line}" for line in lines)
                         if count > 1 else lines[0])


@dataclass(frozen=True)
class Parameter:
    """A named number of a scenario: its value, plausible range, prior, and basis."""

    name: str
    value: Fraction
    range: tuple
    distribution: dict | None = None
    source: dict | None = None
    judgement: str | None = None
    unit: str | None = None
    description: str | None = None
    line: int | None = None
    domain: Domain | None = None
    label: str | None = None

    @property
    def basis(self):
        """``"source"`` or ``"judgement"``."""
        return "source" if self.source else "judgement"

    def frozen(self):
        """The prior as a frozen ``scipy.stats`` distribution on the range (for Monte Carlo)."""
        from scipy import stats

        lo, hi = (float(v) for v in self.range)
        d = self.distribution or {"type": "uniform"}
        width = hi - lo
        if d["type"] == "uniform":
            return stats.uniform(lo, width)
        if d["type"] == "triangular":
            mode = float(d.get("mode", self.value))
            return stats.triang((mode - lo) / width if width else 0.5, lo, width)
        if d["type"] == "beta":
            return stats.beta(float(d["a"]), float(d["b"]), loc=lo, scale=width)
        sd = float(d["sd"])
        mean = float(self.value)
        return stats.truncnorm((lo - mean) / sd, (hi - mean) / sd, loc=mean, scale=sd)

    def to_dict(self):
        out = {"value": _plain(self.value), "range": [_plain(v) for v in self.range]}
        if self.domain is not None:
            out["domain"] = self.domain.to_data()
        for key in ("label", "distribution", "source", "judgement", "unit", "description"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class Slot:
    """One formula of the scenario, parsed: where it is, and its :class:`~.expressions.Formula`.

    ``formula`` is the expression as written, over parameters and derived names;
    ``derived`` maps the derived names it needs, directly or through other derived names,
    to their formulas, in an order where each comes after those it uses.  :meth:`evaluate`
    computes those derived values once each, in that order, then the formula — never by
    substituting formulas into formulas, whose size can double at each step.  ``expr``, the
    formula over parameters only (for symbolic work), is built on first use.
    """

    path: tuple
    formula: object
    line: int | None
    channel: str | None = None
    derived: tuple = ()
    symbols: frozenset = frozenset()
    file: str = ""

    @property
    def field(self):
        return field_path(self.path)

    def evaluate(self, env):
        """The formula's value at ``env`` (parameter values by name); None when undefined.

        Values at numbers (not arrays) are remembered, by the type and value of each
        parameter the formula uses (:attr:`symbols`), for the last :data:`MEMO` points:
        a threshold's bisection or a sweep changes a few parameters, and the formulas that
        do not use them are not evaluated again.

        Raises ScenarioError when an exact value grows beyond
        :data:`~.expressions.MAX_VALUE_BITS` (a chain of derived values whose digits double
        at each step)."""
        memo = self.__dict__.get("_memo")
        if memo is None:
            memo = {}
            object.__setattr__(self, "_memo", memo)
        try:
            key = tuple((type(v), v) for v in map(env.__getitem__, self._names))
            value = memo.get(key, memo)
        except (KeyError, TypeError):  # a name left out, or an array (not hashable)
            return self._evaluate(env)
        if value is not memo:
            return value
        value = self._evaluate(env)
        if len(memo) >= MEMO:
            memo.clear()
        memo[key] = value
        return value

    @property
    def _names(self):
        names = self.__dict__.get("_sorted")
        if names is None:
            names = tuple(sorted(self.symbols))
            object.__setattr__(self, "_sorted", names)
        return names

    def _evaluate(self, env):
        if self.derived:
            env = dict(env)
            for name, formula in self.derived:
                value = self._bounded(formula.evaluate(env), name)
                if value is None:
                    return None
                env[name] = value
        return self._bounded(self.formula.evaluate(env), self.field)

    def _bounded(self, value, name):
        from .expressions import MAX_VALUE_BITS

        if isinstance(value, Fraction) and max(value.numerator.bit_length(),
                                               value.denominator.bit_length()) > MAX_VALUE_BITS:
            raise ScenarioError(f"{self.file}, line {self.line}, {self.field}: the exact value "
                                f"of {name} has more than {MAX_VALUE_BITS:,} bits (its digits "
                                "grow at each step of a chain of formulas); the limit keeps "
                                "exact arithmetic fast")
        return value

    @property
    def expr(self):
        """The formula as a sympy expression with every derived name replaced by its
        formula (over parameters only)."""
        cached = self.__dict__.get("_expr")
        if cached is None:
            import sympy

            from .expressions import sympy_form

            sizes = {}
            for name, formula in self.derived:
                sizes[name] = _tree_size(formula, sizes)
            if _tree_size(self.formula, sizes) > MAX_EXPANDED:
                raise ScenarioError(f"{field_path(self.path)}: the formula expands to more than "
                                    f"{MAX_EXPANDED:,} terms when its derived values are "
                                    "written out; it can be evaluated but not shown "
                                    "symbolically")
            done = {}
            for name, formula in self.derived:
                done[sympy.Symbol(name, real=True)] = sympy_form(formula).xreplace(done)
            cached = sympy_form(self.formula).xreplace(done)
            object.__setattr__(self, "_expr", cached)
        return cached


#: Points whose values each formula remembers (:meth:`Slot.evaluate`).
MEMO = 64

#: Largest formula written out over parameters only (see :attr:`Slot.expr`), in tree nodes.
MAX_EXPANDED = 100_000


def _tree_size(formula, sizes):
    """The number of nodes of ``formula`` with each derived name counting ``sizes[name]``."""
    total = 0
    stack = [formula]
    while stack:
        node = stack.pop()
        if node.op == "name":
            total += sizes.get(node.args[0], 1)
        else:
            total += 1
            if node.op != "number":
                stack.extend(node.args)
    return total


@dataclass(frozen=True)
class Scenario:
    """A calibrated scenario of the case, checked and parsed.

    Use :func:`load` to make one.  ``values`` holds the parameter values in force (those of
    the file, or those set with :meth:`with_values`); ``channels`` which channels of Russian
    backing are switched on.  :attr:`model` is the model family built from it and
    :meth:`analyze` runs the analysis.
    """

    name: str
    title: str
    summary: str
    metadata: dict
    actors: dict
    parameters: dict
    derived: dict
    issues: dict
    slots: dict
    settings: dict
    values: dict
    channels: dict
    file: str
    data: dict = field(repr=False, compare=False)

    # ------------------------------------------------------------------ changes
    def with_values(self, values):
        """A copy with some parameter values (and channel switches) changed.

        ``values`` maps parameter names to numbers (exact: ints, Fractions, ``"p/q"`` or
        decimal strings; floats are read as the decimal they print as), and
        ``"channels.<name>"`` to true/false.  Unknown names raise ``ScenarioError`` with a
        suggestion.
        """
        new_values = dict(self.values)
        channels = dict(self.channels)
        for key, value in values.items():
            if key.startswith("channels."):
                name = key.split(".", 1)[1]
                if name not in CHANNELS:
                    raise ScenarioError(f"{key!r} is not a channel{_hint(name, CHANNELS)}; the "
                                        f"channels are {', '.join(CHANNELS)}")
                channels[name] = _switch(key, value)
                continue
            if key in self.derived:
                raise ScenarioError(f"{key!r} is derived from a formula in {self.name}; set the "
                                    "parameters it is computed from")
            if key not in self.parameters:
                raise ScenarioError(f"{key!r} is not a parameter of {self.name}"
                                    f"{_hint(key, self.parameters)}")
            new_values[key] = _number(key, value)
        new = replace(self, values=new_values, channels=channels)
        changed = {k: v for k, v in new_values.items() if v != self.values[k]}
        if changed or channels != self.channels:
            new.check_domain(changed)
        return new

    def check_domain(self, values=None):
        """Refuse values outside their domains: ``values`` (``{parameter: number or array}``,
        the rest at the scenario's values) must be finite and inside each parameter's
        ``domain``, and the model's discount factors, probabilities and costs (computed from
        them) inside theirs.

        Raises
        ------
        DomainError
            One sentence naming the parameter, or the formula (file, line, field) and the
            parameters it was computed from; a ScenarioError and a ParameterError.
        """
        import numpy as np

        values = dict(values or {})
        for name, value in values.items():
            p = self.parameters.get(name)
            if p is None:
                raise ScenarioError(f"{name!r} is not a parameter of {self.name}"
                                    f"{_hint(name, self.parameters)}")
            array = np.asarray(value, dtype=float) if not isinstance(value, Fraction) else None
            if array is not None and not np.all(np.isfinite(array)):
                bad = array.reshape(-1)[~np.isfinite(array.reshape(-1))][0]
                raise DomainError(f"{name} is {bad}, but it must be a finite number")
            if p.domain is not None:
                message = outside(p.domain, name, value if array is None or array.ndim else
                                  float(array))
                if message:
                    raise DomainError(message.replace(", but it must lie in",
                                                      ", outside its domain"))
        model = self.model
        env = model.env(values)
        for path, slot in self.slots.items():
            found = slot_domain(path)
            if found is None or (values and not slot.symbols & set(values) and
                                 slot.channel is None):
                continue
            value = model.value(path, env)
            at = None
            if isinstance(value, np.ndarray):
                bad = ~np.asarray(found[0].contains(value), dtype=bool).reshape(-1)
                if not bad.any():
                    continue
                at = int(np.argmax(bad))
                value = float(value.reshape(-1)[at])
            message = outside(*found, value)
            if message:
                used = sorted(slot.symbols & set(values)) or sorted(slot.symbols)
                shown = ", ".join(f"{n} = {_shown(env[n], at)}" for n in used if n in env)
                raise DomainError(f"{self.file}, line {slot.line}, {slot.field}: {message} "
                                  f"(with {shown or 'the values of the file'})")

    def with_channels(self, **switches):
        """A copy with channels of Russian backing switched on (True) or off (False)."""
        return self.with_values({f"channels.{k}": v for k, v in switches.items()})

    # ------------------------------------------------------------------ views
    @property
    def bargainers(self):
        """The two bargainers, proposer first."""
        return self.settings["bargainers"]

    @property
    def patron(self):
        return self.settings.get("patron")

    @property
    def model(self):
        """The model family of this scenario (:class:`~.model.CaseModel`)."""
        from .model import CaseModel

        cached = self.__dict__.get("_model")
        if cached is None:
            cached = CaseModel(self)
            object.__setattr__(self, "_model", cached)
        return cached

    @property
    def labels(self):
        """Words for the scenario's names (:class:`~.labels.Labels`)."""
        from .labels import Labels

        return Labels(self)

    def analyze(self, compare=True):
        """Run the scenario's analyses: a :class:`~.analysis.CaseAnalysis`.

        ``compare=False`` skips the then-vs-now comparison even when the file asks for it.
        """
        from .analysis import analyze

        return analyze(self, compare=compare)

    def changed(self):
        """Parameters whose value differs from the file's, as ``{name: (file, now)}``."""
        return {k: (p.value, self.values[k]) for k, p in self.parameters.items()
                if self.values[k] != p.value}

    def to_dict(self):
        """The scenario as plain data, with the values in force."""
        return {
            "name": self.name, "title": self.title, "summary": self.summary,
            "metadata": self.metadata, "file": self.file,
            "parameters": {k: {**p.to_dict(), "value": _plain(self.values[k])}
                           for k, p in self.parameters.items()},
            "channels": dict(self.channels),
        }

    def __repr__(self):
        return f"<Scenario {self.name}: {self.title}>"

    def _repr_html_(self):
        from ..display import scenario_html

        return scenario_html(self)


# ---------------------------------------------------------------------- finding files

def models_dir():
    """The folder of the bundled scenarios: ``negotiation/models`` in an installed package,
    ``models/`` next to the package in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "models", here.parent / "models"):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    return here / "models"


def bundled():
    """The bundled scenarios as ``{name: path}``, sorted by name (the graph models of
    :mod:`negotiation.conflict`, ``conflict_*.yaml``, are not scenarios)."""
    return {p.stem: p for p in sorted(models_dir().glob("*.yaml"))
            if not p.stem.startswith("conflict_")}


def models():
    """The bundled scenarios as ``[(name, summary), ...]`` (read without full checks)."""
    out = []
    for name, path in bundled().items():
        try:
            meta = read_yaml(path).data.get("metadata", {})
            out.append((name, str(meta.get("summary", ""))))
        except (ScenarioError, AttributeError):
            out.append((name, "(unreadable)"))
    return out


def resolve(name_or_path, relative_to=None, files=None, kind="scenario"):
    """The path of a bundled name or of a file; ``files`` are the bundled ``{name: path}``
    (default: the scenarios) and ``kind`` names them in messages.

    With ``relative_to`` (the file of a scenario that names another in ``compare_with``)
    the name is confined: it must be a bundled scenario or a ``.yaml`` file in the same
    folder as that scenario, a regular file — no folders, absolute paths, ``..``,
    symbolic links, FIFOs or devices — so that a scenario from elsewhere cannot make the
    library read (and quote) any other file.
    """
    if relative_to is not None:
        return _beside(str(name_or_path), relative_to)
    if isinstance(name_or_path, Path) or any(c in str(name_or_path) for c in "/\\") or \
            str(name_or_path).endswith((".yaml", ".yml")):
        return Path(name_or_path)
    files = bundled() if files is None else files
    if name_or_path in files:
        return files[name_or_path]
    close = _hint(name_or_path, files).removeprefix("; ")
    raise ScenarioError(f"{_quote(name_or_path)} is neither a bundled {kind} nor a file; "
                        f"{close + ' ' if close else ''}the bundled ones are "
                        f"{', '.join(files) or 'none'}")


def _beside(name, scenario_file):
    """The file ``compare_with: name`` denotes for the scenario in ``scenario_file``."""
    import os
    import stat

    files = bundled()
    if name in files:
        return files[name]
    rule = ("a scenario may compare only with a bundled scenario "
            f"({', '.join(files) or 'none'}) or a .yaml file in its own folder")
    if any(c in name for c in "/\\:") or name.startswith(("~", ".")) or "\x00" in name:
        raise ScenarioError(f"{_quote(name)} is not allowed: {rule} (no folders, absolute "
                            "paths or '..')")
    if not name.endswith((".yaml", ".yml")):
        raise ScenarioError(f"{_quote(name)} is not a bundled scenario{_hint(name, files)}; "
                            f"{rule}")
    folder = Path(scenario_file).parent
    if str(scenario_file).startswith("<") or not folder.is_dir():
        raise ScenarioError(f"{_quote(name)}: a scenario given as text has no folder; it may "
                            "compare only with a bundled scenario")
    path = folder / name
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        raise ScenarioError(f"{_quote(name)}: no such file beside the scenario") from None
    if not stat.S_ISREG(mode):
        raise ScenarioError(f"{_quote(name)} is not a regular file (a link, a folder, a FIFO "
                            f"or a device); {rule}")
    return path


def _quote(name):
    name = str(name)
    return repr(name) if len(name) <= 60 else repr(name[:56] + "...")


def load(name_or_path):
    """Load a scenario: a bundled name (``"us_dprk_2025_baseline"``) or a path to a file.

    Raises
    ------
    ScenarioError
        The file is missing, unsafe or malformed; every problem with its line and field.
    """
    path = resolve(name_or_path)
    if not path.exists():
        raise ScenarioError(f"{_quote(path)}: no such file")
    document = read_yaml(path, name=str(path))
    return _Loader(document).build()


def loads(text, name="<text>"):
    """Load a scenario from YAML text (``name`` is used in messages)."""
    return _Loader(read_yaml(text, name=name)).build()


def validate(name_or_path, loader=None):
    """Every problem of a scenario file as a list of :class:`~.schema.Problem` (empty when
    valid).  A file that cannot be read at all gives one problem.  ``loader`` reads another
    kind of file (default :func:`load`)."""
    try:
        (load if loader is None else loader)(name_or_path)
    except ScenarioFileError as error:
        return list(error.problems)
    except ScenarioError as error:
        return [Problem((), str(error))]
    return []


# ---------------------------------------------------------------------- the checks

class _Loader:
    def __init__(self, document):
        self.doc = document
        self.file = document.file
        self.problems = []
        self.parsed = {}
        self.names_keys = {}

    def add(self, path, message):
        self.problems.append(Problem(tuple(path), message, self.doc.line(path)))

    def build(self):
        """The Scenario, or ScenarioFileError with every problem (at most
        :data:`~.expressions.MAX_SUGGESTIONS` of them with a "did you mean")."""
        from .expressions import limit_suggestions

        limit_suggestions()
        try:
            return self._build()
        finally:
            limit_suggestions(None)

    def _build(self):
        data = self.doc.data
        if not isinstance(data, dict):
            what = "empty" if data is None else f"{describe(data)}, not a mapping"
            raise ScenarioFileError(self.file, [Problem((), f"the file is {what}; a scenario "
                                                         "is a mapping of sections", 1)])
        for p in check(data):
            self.problems.append(replace(p, line=self.doc.line(p.path)))
        self.data = data
        actors = self.actors()
        parameters = self.parameters()
        # every name the file declares, valid or not, so that one bad parameter is one problem
        declared = [n for n in _dict(self.data.get("parameters")) if n not in RESERVED]
        names = dict.fromkeys(declared)
        self.declared = set(declared)
        derived = self.derived(names)
        self.names = {**names, **derived}
        issues = self.issues(actors)
        self.order()
        slots = {}
        settings = {"bargainers": actors["bargainers"], "patron": actors["patron"]}
        self.utilities(actors, issues, slots)
        self.bargaining(actors, issues, slots, settings)
        channels = self.backing(actors, parameters, slots, settings)
        self.sections(slots)
        self.schedule(issues, slots, settings)
        self.roles(parameters, settings)
        self.analyses(settings)
        self.check_channels(slots, settings)
        self.check_values(parameters, slots, settings)
        if self.problems:
            raise ScenarioFileError(self.file, self.problems)
        meta = data["metadata"]
        values = {k: p.value for k, p in parameters.items()}
        return Scenario(
            name=meta["name"], title=meta["title"], summary=meta["summary"],
            metadata={k: (str(v) if k == "date" else v) for k, v in meta.items()},
            actors=data["actors"], parameters=parameters,
            derived={k: str(v) for k, v in self.derived_text.items()},
            issues=issues, slots=slots, settings=settings, values=values,
            channels=channels, file=self.file, data=data)

    # -- sections --------------------------------------------------------------------
    def actors(self):
        actors = _dict(self.data.get("actors"))
        bargainers = [k for k, v in actors.items() if _dict(v).get("role") == "bargainer"]
        patrons = [k for k, v in actors.items() if _dict(v).get("role") == "patron"]
        if actors and len(bargainers) != 2:
            self.add(("actors",), f"needs exactly two actors with role 'bargainer', not "
                                  f"{len(bargainers)} ({', '.join(bargainers) or 'none'})")
        if len(patrons) > 1:
            self.add(("actors",), f"has {len(patrons)} patrons ({', '.join(patrons)}); the "
                                  "model family has at most one")
        self.actor_names = list(actors)
        proposer = _dict(self.data.get("bargaining")).get("proposer")
        if isinstance(proposer, str) and len(bargainers) == 2:
            if proposer not in bargainers:
                self.add(("bargaining", "proposer"), f"{proposer!r} is not a bargainer"
                                                     f"{_hint(proposer, bargainers)}")
            elif proposer == bargainers[1]:
                bargainers.reverse()
        return {"all": list(actors), "bargainers": tuple(bargainers),
                "patron": patrons[0] if patrons else None}

    def parameters(self):
        out = {}
        for name, spec in _dict(self.data.get("parameters")).items():
            path = ("parameters", name)
            spec = _dict(spec)
            if name in RESERVED or name.split(".")[0] in RESERVED:
                self.add(path, f"{name!r} is a reserved word of the formulas; choose another name")
                continue
            value, bounds = spec.get("value"), spec.get("range")
            if not _is_number(value) or not isinstance(bounds, list) or len(bounds) != 2 or \
                    not all(_is_number(b) for b in bounds):
                continue  # the schema has said why
            bad = [v for v in (value, *bounds) if not math.isfinite(v)]
            if bad:
                self.add((*path, "value"), f"{bad[0]} is not a finite number")
                continue
            lo, hi = bounds
            domain = self.domain(spec, path, value, lo, hi)
            if lo > hi:
                self.add((*path, "range"), f"the range [{_show(lo)}, {_show(hi)}] is reversed; "
                                           "write [low, high]")
            elif not lo <= value <= hi and (domain is None or domain.contains(_exact(value))):
                self.add((*path, "value"), f"the value {_show(value)} lies outside its range "
                                           f"[{_show(lo)}, {_show(hi)}]")
            dist = spec.get("distribution")
            if isinstance(dist, dict) and dist.get("type") == "triangular" and _is_number(
                    dist.get("mode")) and not lo <= dist["mode"] <= hi:
                self.add((*path, "distribution", "mode"), f"the mode {_show(dist['mode'])} lies "
                                                          f"outside the range [{_show(lo)}, "
                                                          f"{_show(hi)}]")
            if isinstance(dist, dict) and dist.get("type") == "normal" and "sd" not in dist:
                self.add((*path, "distribution"), "a normal prior needs 'sd'")
            if isinstance(dist, dict) and dist.get("type") == "beta" and not {"a", "b"} <= set(
                    dist):
                self.add((*path, "distribution"), "a beta prior needs 'a' and 'b'")
            out[name] = Parameter(
                name=name, value=_exact(value), range=(_exact(lo), _exact(hi)),
                distribution=dist if isinstance(dist, dict) else None,
                source=spec.get("source") if isinstance(spec.get("source"), dict) else None,
                judgement=spec.get("judgement") if isinstance(spec.get("judgement"), str)
                else None, unit=spec.get("unit"), description=spec.get("description"),
                line=self.doc.line(path), domain=domain, label=spec.get("label"))
        return out

    def domain(self, spec, path, value, lo, hi):
        """The parameter's Domain (None when the file gives none); the value and the range
        must lie in it."""
        if "domain" not in spec:
            return None
        here = (*path, "domain")
        try:
            domain = Domain.parse(spec["domain"])
        except (ValueError, ScenarioError) as error:
            self.add(here, str(error).removeprefix("domain: "))
            return None
        if not domain.contains(_exact(value)):
            self.add((*path, "value"), f"the value {_show(value)} lies outside the domain "
                                       f"{domain}")
        elif lo <= hi and not (domain.contains(_exact(lo)) and domain.contains(_exact(hi))):
            self.add((*path, "range"), f"the range [{_show(lo)}, {_show(hi)}] reaches outside "
                                       f"the domain {domain}")
        return domain

    def derived(self, names):
        """Parse derived formulas; report unknown names and cycles; return their names (the
        keys of a dict)."""
        specs = _dict(self.data.get("derived"))
        self.derived_text = {}
        own = {}
        for name in specs:
            path = ("derived", name)
            if name in names:
                self.add(path, f"{name!r} is both a parameter and a derived value")
            elif name in RESERVED:
                self.add(path, f"{name!r} is a reserved word of the formulas")
            else:
                own[name] = None
        everything = {**names, **own}
        self.derived_exprs = {}
        for name in own:
            spec = specs[name]
            text = spec.get("formula") if isinstance(spec, dict) else spec
            path = ("derived", name, "formula") if isinstance(spec, dict) else ("derived", name)
            expr = self.formula(text, everything, path)
            if expr is not None:
                self.derived_exprs[name] = expr
                self.derived_text[name] = text
        # cycles: depth-first search over the derived names each formula uses
        depends = {n: sorted(s for s in e.names if s in own)
                   for n, e in self.derived_exprs.items()}
        state, reported = {}, set()
        for start in depends:
            if start in state:
                continue
            stack = [(start, iter(depends[start]))]
            state[start] = "open"
            trail = [start]
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    state[node] = "done"
                    stack.pop()
                    trail.pop()
                    continue
                if state.get(child) == "open":
                    cycle = [*trail[trail.index(child):], child]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        self.add(("derived", child), "circular definition: "
                                 + " → ".join(cycle) + "; a derived value cannot depend on "
                                                      "itself")
                elif child not in state and child in depends:
                    state[child] = "open"
                    trail.append(child)
                    stack.append((child, iter(depends[child])))
        self.cyclic = {n for n, s in state.items() if s != "done"} | {
            n for cycle in reported for n in cycle}
        return own

    def order(self):
        """Order the derived values so that each comes after those it uses, bound the work
        of each, and note what each needs (``needs``: derived names in that order;
        ``depends``: parameter names); returns the order."""
        from .expressions import MAX_WORK, work

        formulas = {n: e for n, e in self.derived_exprs.items() if n not in self.cyclic}
        order, seen = [], set()
        for start in formulas:  # depth-first, children first, without recursion
            stack = [(start, False)]
            while stack:
                name, ready = stack.pop()
                if ready:
                    if name not in seen:
                        seen.add(name)
                        order.append(name)
                    continue
                if name in seen:
                    continue
                stack.append((name, True))
                stack.extend((s, False) for s in sorted(formulas[name].names)
                             if s in formulas and s not in seen)
        self.derived_formulas = formulas
        self.position = {name: k for k, name in enumerate(order)}
        self.sizes, self.needs, self.depends = {}, {}, {}
        for name in order:
            expr = formulas[name]
            size = work(expr, self.sizes)
            if size > MAX_WORK:
                spec = _dict(self.data.get("derived")).get(name)
                self.add(("derived", name, "formula") if isinstance(spec, dict) else
                         ("derived", name), _too_much(size))
            self.sizes[name] = min(size, MAX_WORK + 1)
            needs, params = self.requirements(expr)
            self.needs[name], self.depends[name] = needs, params
        return order

    def requirements(self, expr):
        """The derived names ``expr`` needs (in evaluation order) and the parameters it uses."""
        needs, params = set(), set()
        for name in expr.names:
            if name in self.needs:  # derived, and earlier in the order
                needs |= {name, *self.needs[name]}
                params |= self.depends[name]
            else:
                params.add(name)
        return tuple(sorted(needs, key=self.position.__getitem__)), frozenset(params)

    def formula(self, text, names, path):
        from .expressions import number, parse_formula

        if text is None or isinstance(text, bool) or not isinstance(text, (str, int, float,
                                                                            Fraction)):
            return None  # the schema has said why
        if isinstance(text, Fraction):
            return number(text)
        key = (text, id(names), len(names))
        if key not in self.parsed:
            names_key = self.names_keys.get(id(names))
            if names_key is None:
                names_key = self.names_keys[id(names)] = frozenset(names)
            shared = (text, names_key)
            if shared not in _PARSED:
                if len(_PARSED) > 5000:
                    _PARSED.clear()
                try:
                    _PARSED[shared] = parse_formula(text, names, where="\x00")
                except ScenarioError as error:
                    _PARSED[shared] = str(error).removeprefix("\x00: ")
            self.parsed[key] = _PARSED[shared]
        result = self.parsed[key]
        if isinstance(result, str):
            self.add(path, result)
            return None
        return result

    def slot(self, slots, path, text, channel=None, extra=None):
        if extra is None:
            names = self.names
        else:
            if getattr(self, "_extended", None) is None:
                self._extended = {**self.names, **extra}
            names = self._extended
        expr = self.formula(text, names, path)
        if expr is None:
            return
        if self.cyclic and any(s in self.cyclic for s in expr.names):
            return  # reported as a cycle
        from .expressions import MAX_WORK, work

        size = work(expr, self.sizes)
        if size > MAX_WORK:
            self.add(path, _too_much(size))
            return
        needs, params = self.requirements(expr)
        slots[tuple(path)] = Slot(tuple(path), expr, self.doc.line(path), channel,
                                  tuple((n, self.derived_formulas[n]) for n in needs), params,
                                  self.file)

    def issues(self, actors):
        out = {}
        for name, spec in _dict(self.data.get("issues")).items():
            spec = _dict(spec)
            side = spec.get("side")
            if isinstance(side, str) and actors["bargainers"] and side not in actors["bargainers"]:
                self.add(("issues", name, "side"), f"{side!r} is not a bargainer"
                                                   f"{_hint(side, actors['bargainers'])}; an "
                                                   "issue is conceded by one of "
                                                   f"{', '.join(actors['bargainers'])}")
            levels = _dict(spec.get("levels"))
            for label, v in levels.items():
                if _is_number(v) and not math.isfinite(v):
                    self.add(("issues", name, "levels", label), f"{v} is not a finite number")
            words = _dict(spec.get("level_labels"))
            for level in words:
                if level not in levels:
                    self.add(("issues", name, "level_labels", level),
                             f"{level!r} is not a level of {name}{_hint(level, list(levels))}")
            out[name] = {"side": side, "levels": {k: _exact(v) if _is_number(v) else v
                                                  for k, v in levels.items()},
                         "description": spec.get("description"), "label": spec.get("label"),
                         "level_labels": {k: v for k, v in words.items() if k in levels}}
        packages = math.prod(max(1, len(i["levels"])) for i in out.values())
        if len(out) > MAX_ISSUES:
            self.add(("issues",), f"there are {len(out)} issues; at most {MAX_ISSUES} are "
                                  "allowed")
        elif packages > MAX_PACKAGES:
            self.add(("issues",), f"the issues' levels combine into {show_number(packages)} "
                                  f"packages; at most {MAX_PACKAGES:,} are allowed")
        return out

    def utilities(self, actors, issues, slots):
        extra = {"level": None}
        for actor, spec in _dict(self.data.get("utilities")).items():
            path = ("utilities", actor)
            if actor not in actors["all"]:
                self.add(path, f"{actor!r} is not an actor{_hint(actor, actors['all'])}")
                continue
            spec = _dict(spec)
            if actor in actors["bargainers"] and "no_deal" not in spec:
                self.add(path, f"the field 'no_deal' is missing: {actor}'s payoff without a deal")
            responder = actors["bargainers"][1] if len(actors["bargainers"]) == 2 else None
            for key in ("deal", "no_deal", "forfeit"):
                if key in spec:
                    channel = "disagreement" if key in ("no_deal", "forfeit") and \
                        actor == responder else None
                    self.slot(slots, (*path, key), spec[key], channel)
            channel = "substitution" if actor == responder else None
            for issue, value in _dict(spec.get("issues")).items():
                here = (*path, "issues", issue)
                if issue not in issues:
                    self.add(here, f"{issue!r} is not an issue{_hint(issue, issues)}")
                    continue
                if isinstance(value, dict):
                    labels = issues[issue]["levels"]
                    for label, text in value.items():
                        if label not in labels:
                            self.add((*here, label), f"{label!r} is not a level of {issue}"
                                                     f"{_hint(label, labels)}")
                        else:
                            self.slot(slots, (*here, label), text, channel)
                else:
                    self.slot(slots, here, value, channel, extra=extra)
        for actor in actors["bargainers"]:
            if actor not in _dict(self.data.get("utilities")):
                self.add(("utilities",), f"{actor} (a bargainer) has no utility")

    def bargaining(self, actors, issues, slots, settings):
        spec = _dict(self.data.get("bargaining"))
        bargainers = actors["bargainers"]
        responder = bargainers[1] if len(bargainers) == 2 else None
        for key, channel in (("discount", "patience"), ("outside_options", "outside_option")):
            given = _dict(spec.get(key))
            for actor, text in given.items():
                if actor not in bargainers:
                    self.add(("bargaining", key, actor), f"{actor!r} is not a bargainer"
                                                         f"{_hint(actor, bargainers)}")
                    continue
                self.slot(slots, ("bargaining", key, actor), text,
                          channel if actor == responder else None)
            if key == "discount" and "discount" in spec:
                for actor in bargainers:
                    if actor not in given:
                        self.add(("bargaining", "discount"), f"{actor}'s discount factor is "
                                                             "missing")
        recognition = spec.get("recognition")
        if isinstance(recognition, str):
            if recognition not in issues:
                self.add(("bargaining", "recognition"), f"{recognition!r} is not an issue"
                                                        f"{_hint(recognition, issues)}")
        settings["recognition"] = recognition
        settings["lotteries"] = bool(spec.get("lotteries", False))

    def backing(self, actors, parameters, slots, settings):
        spec = self.data.get("backing")
        if not isinstance(spec, dict):
            settings["level"] = None
            return dict.fromkeys(CHANNELS, False)
        patron = spec.get("patron")
        if isinstance(patron, str) and patron != actors["patron"]:
            self.add(("backing", "patron"), f"{patron!r} is not an actor with role 'patron'"
                                            f"{_hint(patron, self.actor_names)}")
        level = spec.get("level")
        settings["level"] = level
        has_own_problem = isinstance(level, str) and level in self.declared \
            and level not in parameters  # reported where the parameter is declared
        if isinstance(level, str) and not has_own_problem:
            if level not in parameters:
                more = " (it is derived; name a parameter)" if level in self.names else \
                    _hint(level, parameters)
                self.add(("backing", "level"), f"{level!r} is not a parameter{more}")
            else:
                lo, hi = parameters[level].range
                choices = spec.get("choices") or [lo, lo + (hi - lo) / 4, lo + (hi - lo) / 2,
                                                  lo + 3 * (hi - lo) / 4, hi]
                for k, c in enumerate(choices):
                    if _is_number(c) and not lo <= c <= hi:
                        self.add(("backing", "choices", k), f"{_show(c)} lies outside the range "
                                                            f"[{_show(lo)}, {_show(hi)}] of "
                                                            f"{level}")
                settings["choices"] = tuple(_exact(c) for c in choices if _is_number(c))
        channels = _dict(spec.get("channels"))
        return {c: bool(channels.get(c, True)) for c in CHANNELS}

    def sections(self, slots):
        war = self.data.get("war")
        if isinstance(war, dict):
            for key in ("alone", "with_patron"):
                if key in _dict(war.get("win")):
                    self.slot(slots, ("war", "win", key), war["win"][key], "war")
            if "intervention" in war:
                self.slot(slots, ("war", "intervention"), war["intervention"], "war")
            for actor, value in _dict(war.get("cost")).items():
                if actor not in self.actor_names[:] or actor not in self.bargainer_names():
                    self.add(("war", "cost", actor), f"{actor!r} is not a bargainer"
                                                     f"{_hint(actor, self.bargainer_names())}")
                    continue
                if isinstance(value, dict):
                    for key in ("low", "high"):
                        if key in value:
                            self.slot(slots, ("war", "cost", actor, key), value[key], "war")
                else:
                    self.slot(slots, ("war", "cost", actor), value, "war")
        shift = self.data.get("power_shift")
        if isinstance(shift, dict):
            for key in ("now", "next", "discount"):
                if key in shift:
                    self.slot(slots, ("power_shift", key), shift[key], "power_shift")
            for actor, value in _dict(shift.get("cost")).items():
                if actor not in self.bargainer_names():
                    self.add(("power_shift", "cost", actor), f"{actor!r} is not a bargainer"
                             f"{_hint(actor, self.bargainer_names())}")
                    continue
                self.slot(slots, ("power_shift", "cost", actor), value, "power_shift")
        for section, keys in (("disarmament", ("keep", "after", "discount", "compensation")),):
            spec = self.data.get(section)
            if isinstance(spec, dict):
                for key in keys:
                    if key in spec:
                        self.slot(slots, (section, key), spec[key])
        for actor, value in _dict(_dict(self.data.get("compliance")).get("discount")).items():
            if actor not in self.bargainer_names():
                self.add(("compliance", "discount", actor), f"{actor!r} is not a bargainer"
                         f"{_hint(actor, self.bargainer_names())}")
                continue
            self.slot(slots, ("compliance", "discount", actor), value)
        resolve = _dict(_dict(self.data.get("uncertainty")).get("resolve"))
        for key in ("low", "high"):
            if key in resolve:
                self.slot(slots, ("uncertainty", "resolve", key), resolve[key])
        for section in ("war", "power_shift"):
            spec = self.data.get(section)
            if isinstance(spec, dict):
                for actor in self.bargainer_names():
                    if actor not in _dict(spec.get("cost")):
                        self.add((section, "cost"), f"{actor}'s cost of war is missing")

    def schedule(self, issues, slots, settings):
        """The deal-schedule sections: each issue's ``step``, ``verification`` and
        ``schedule`` (formulas as slots; names and phases checked here)."""
        settings["steps"] = {name: self.step(name) for name in issues}
        bargainers = self.bargainer_names()
        verification = _dict(self.data.get("verification"))
        levels = _dict(verification.get("levels"))
        side = verification.get("side")
        if isinstance(side, str) and side not in bargainers:
            self.add(("verification", "side"), f"{side!r} is not a bargainer"
                                               f"{_hint(side, bargainers)}")
        for level, spec in levels.items():
            for key in ("detection", "cost"):
                if key in _dict(spec):
                    self.slot(slots, ("verification", "levels", level, key), spec[key])
        settings["verification"] = {"side": side, "levels": {
            level: _dict(given).get("label") or level for level, given in levels.items()}} \
            if levels else None
        spec = self.data.get("schedule")
        if not isinstance(spec, dict):
            settings["schedule"] = None
            if _dict(self.data.get("record")).get("broke"):
                self.add(("record", "broke"), "names a schedule, but the scenario has no "
                                              "schedule section")
            return
        if "compliance" in self.data:
            self.add(("compliance",), "the schedule section gives the patience for keeping a "
                                      "deal, with the reversal risk counted on its own; "
                                      "compliance.discount would count it a second time: keep "
                                      "one of the two")
        if "reversal" in spec:
            self.slot(slots, ("schedule", "reversal"), spec["reversal"])
        given = _dict(spec.get("discount"))
        for actor, text in given.items():
            if actor not in bargainers:
                self.add(("schedule", "discount", actor), f"{actor!r} is not a bargainer"
                                                          f"{_hint(actor, bargainers)}")
                continue
            self.slot(slots, ("schedule", "discount", actor), text)
        for actor in bargainers:
            if actor not in given:
                self.add(("schedule", "discount"), f"{actor}'s discount factor is missing")
        named = {}
        for name, offer in _dict(spec.get("schedules")).items():
            checked = self.named_schedule(name, _dict(offer), issues, settings)
            if checked is not None:
                named[name] = checked
        settings["schedule"] = {"max_phases": int(spec.get("max_phases", 3)),
                                "schedules": named}
        broke = _dict(_dict(self.data.get("record")).get("broke"))
        if isinstance(broke.get("schedule"), str) and broke["schedule"] not in \
                _dict(spec.get("schedules")):
            self.add(("record", "broke", "schedule"), f"{broke['schedule']!r} is not a named "
                     f"schedule{_hint(broke['schedule'], _dict(spec.get('schedules')))}")
        if isinstance(broke.get("side"), str) and broke["side"] not in bargainers:
            self.add(("record", "broke", "side"), f"{broke['side']!r} is not a bargainer"
                                                  f"{_hint(broke['side'], bargainers)}")

    def step(self, issue):
        """An issue's ``step``: ``{reversible, duration, tranches}`` with the defaults."""
        spec = _dict(_dict(_dict(self.data.get("issues")).get(issue)).get("step"))
        out = {"reversible": bool(spec.get("reversible", True)),
               "duration": int(spec.get("duration", 1)), "tranches": int(spec.get("tranches", 1))}
        if out["tranches"] > 1 and not out["reversible"]:
            self.add(("issues", issue, "step", "tranches"), "an irreversible step cannot be "
                     "split into tranches (each tranche is a flow that can be withheld); drop "
                     "tranches or make the step reversible")
        return out

    def named_schedule(self, name, offer, issues, settings):
        """A named schedule checked against the issues: its package's levels, every step of
        the package placed once, no step before its duration allows."""
        here = ("schedule", "schedules", name)
        package, problems = {}, len(self.problems)
        for issue, level in _dict(offer.get("package")).items():
            if issue not in issues:
                self.add((*here, "package", issue), f"{issue!r} is not an issue"
                                                    f"{_hint(issue, issues)}")
            elif level not in issues[issue]["levels"]:
                self.add((*here, "package", issue), f"{level!r} is not a level of {issue}"
                                                    f"{_hint(level, issues[issue]['levels'])}")
            else:
                package[issue] = level
        names = {}
        for issue, level in package.items():
            if level == next(iter(issues[issue]["levels"])):
                continue
            steps = step_names(issue, settings["steps"][issue]["tranches"])
            names[issue] = tuple(steps)
            names.update({s: (s,) for s in steps if s != issue})
        placed = {}
        for t, phase in enumerate(offer.get("phases") or ()):
            for k, step in enumerate(phase if isinstance(phase, list) else ()):
                where = (*here, "phases", t, k)
                if step not in names:
                    self.add(where, f"{step!r} is not a step of the package"
                                    f"{_hint(step, names)}")
                    continue
                for s in names[step]:
                    if s in placed:
                        self.add(where, f"the step {s} is placed twice (in phases "
                                        f"{placed[s]} and {t})")
                    placed[s] = t
                duration = settings["steps"][step.split(".")[0]]["duration"]
                if t < duration - 1:
                    self.add(where, f"{step} takes {duration} phases of work, so it cannot be in "
                                    f"force before phase {duration - 1}; it is placed in {t}")
        missing = [s for issue in package for s in names.get(issue, ()) if s not in placed]
        if missing:
            self.add((*here, "phases"), "these steps of the package are in no phase: "
                                        + ", ".join(missing))
        level = offer.get("verification")
        known = (settings.get("verification") or {}).get("levels") or {}
        if level is not None and level not in known:
            self.add((*here, "verification"), f"{level!r} is not a verification level"
                                              f"{_hint(str(level), known)}")
        if len(self.problems) > problems:
            return None
        phases = [()] * (max(placed.values(), default=0) + 1)
        for s, t in placed.items():
            phases[t] = (*phases[t], s)
        return {"label": offer.get("label") or name, "source": offer.get("source"),
                "package": package, "phases": tuple(phases), "verification": level}

    def bargainer_names(self):
        actors = _dict(self.data.get("actors"))
        return [k for k, v in actors.items() if _dict(v).get("role") == "bargainer"]

    def roles(self, parameters, settings):
        roles = _dict(self.data.get("roles"))
        for role, names in roles.items():
            for k, name in enumerate(names if isinstance(names, list) else [names]):
                if isinstance(name, str) and name not in parameters and name not in self.declared:
                    where = ("roles", role, k) if isinstance(names, list) else ("roles", role)
                    self.add(where, f"{name!r} is not a parameter{_hint(name, parameters)}")
        settings["roles"] = {k: v for k, v in roles.items() if isinstance(v, str) and
                             v in parameters}
        settings["judgements"] = [v for v in roles.get("judgements") or () if v in parameters]

    def analyses(self, settings):
        settings["analyses"] = self.data.get("analyses")
        settings["record"] = _dict(self.data.get("record")) or None
        compare = self.data.get("compare_with")
        settings["compare_with"] = compare
        if isinstance(compare, str):
            try:
                path = resolve(compare, relative_to=self.file)
            except ScenarioError as error:
                self.add(("compare_with",), str(error))
                return
            if path.parent != models_dir() and not getattr(self, "other", False):
                try:  # a file beside it must be a scenario, or its content could be quoted
                    _Loader(read_yaml(path, name=str(path))).analyses_of_other()
                except ScenarioError:
                    self.add(("compare_with",), f"{_quote(compare)} is not a valid scenario "
                                                "(its problems are not shown here; check it "
                                                f"with: negotiation validate {_quote(compare)})")

    def analyses_of_other(self):
        """Load the file as the scenario a ``compare_with`` names: fully checked, but its
        own ``compare_with`` only confined, not loaded (no chains)."""
        self.other = True
        return self._build()

    # -- the channel rule and the values ---------------------------------------------
    def check_channels(self, slots, settings):
        level = settings.get("level")
        if level is None or level not in self.names:
            return
        patron = settings.get("patron")
        for slot in slots.values():
            if level not in slot.symbols:
                continue
            if slot.channel is not None or (slot.path[0] == "utilities" and slot.path[1] == patron):
                continue
            self.add(slot.path, f"the backing level {level} enters here, but this formula "
                                f"belongs to none of the {len(CHANNELS)} channels of backing ("
                     + ", ".join(CHANNELS) + "); backing must enter through them so that each "
                                             "can be switched off")

    def check_values(self, parameters, slots, settings):
        """Every formula finite at the file's values, and discount factors, probabilities and
        costs in their domains at every backing level the patron may choose."""
        base = {name: p.value for name, p in parameters.items()}
        level = settings.get("level")
        points = [base] + [{**base, level: c} for c in settings.get("choices", ())] \
            if level else [base]
        known = {*base, "level"}
        for slot in slots.values():
            uses_level = slot.path[0] == "utilities" and len(slot.path) == 4
            if any(s not in known for s in slot.symbols):
                continue  # it uses a parameter with a problem of its own
            for point in points:
                if uses_level:
                    issue = _dict(_dict(self.data["issues"]).get(slot.path[3]))
                    values = [slot.evaluate({**point, "level": _exact(v)})
                              for v in _dict(issue.get("levels")).values() if _is_number(v)]
                else:
                    values = [slot.evaluate(point)]
                message = _domain(slot.path, values)
                if message:
                    at = "" if point is base else f" (when {level} is {_show(point[level])})"
                    self.add(slot.path, message + at)
                    break
        resolve = [slots.get(("uncertainty", "resolve", k)) for k in ("low", "high")]
        if all(resolve) and all(s in known for r in resolve for s in r.symbols):
            low, high = (s.evaluate(base) for s in resolve)
            if low > high:
                self.add(("uncertainty", "resolve"), f"low ({_show(low)}) is above high "
                                                     f"({_show(high)})")
        for actor in settings["bargainers"][1:]:
            cost = [slots.get(("war", "cost", actor, k)) for k in ("low", "high")]
            if all(cost) and all(s in known for c in cost for s in c.symbols):
                low, high = (s.evaluate(base) for s in cost)
                if low > high:
                    self.add(("war", "cost", actor), f"low ({_show(low)}) is above high "
                                                     f"({_show(high)})")


def step_names(issue, tranches):
    """The names of an issue's steps: the issue's own name, or ``issue.1``, ``issue.2``, ...
    for a step split into tranches."""
    return [issue] if tranches == 1 else [f"{issue}.{k}" for k in range(1, tranches + 1)]


def _too_much(size):
    from .expressions import MAX_WORK

    return (f"the formula's exact value can grow to {size:,} times the size of a parameter "
            f"value (through powers or derived values built on each other); the limit is "
            f"{MAX_WORK:,}")


def _domain(path, values):
    """The problem with a slot's values, or None."""
    for v in values:
        if v is None or (isinstance(v, float) and not math.isfinite(v)):
            return "the formula has no finite value at the file's parameter values"
    found = slot_domain(path)
    for v in values if found else ():
        message = outside(*found, v)
        if message:
            return message
    return None


def _shown(value, at=None):
    import numpy as np

    if isinstance(value, np.ndarray):
        flat = value.reshape(-1)
        return show_number(float(flat[at if at is not None and flat.size > 1 else 0]))
    return show_number(value)


# ---------------------------------------------------------------------- helpers

def _dict(value):
    return value if isinstance(value, dict) else {}


def _is_number(value):
    return isinstance(value, (int, float, Fraction)) and not isinstance(value, bool)


def _exact(value):
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def _show(value):
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        f = float(value)
        return f"{f:g}" if Fraction(repr(f)) == value else str(value)
    return f"{float(value):g}" if isinstance(value, float) else str(value)


def _plain(value):
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def _hint(name, choices):
    from .expressions import suggest

    return suggest(name, choices)


def _number(key, value):
    """A value given for a parameter, as an exact Fraction within the bounds of the format."""
    if isinstance(value, bool):
        raise ScenarioError(f"{key} is {value!r}, which is not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ScenarioError(f"{key} is {value}, but it must be a finite number")
        return Fraction(repr(value))
    if isinstance(value, str):
        from .expressions import number_literal

        number = number_literal(value, key)
        if number is None:
            raise ScenarioError(f"{key} is {_quote(value)}, which is not a number")
        return number
    if type(value).__module__.startswith("sympy") and getattr(value, "is_Rational", False):
        value = Fraction(int(value.p), int(value.q))
    if not isinstance(value, (int, Fraction)):
        raise ScenarioError(f"{key} is {_quote(repr(value))}, which is not a number")
    value = Fraction(value)
    if abs(value) > 10**300 or value.denominator.bit_length() > 1000:
        raise ScenarioError(f"{key} is {show_number(value)}; a scenario's numbers must lie "
                            "within ±1e300 with at most 300 digits")
    return value


def _switch(key, value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("on", "true", "yes", "1"):
        return True
    if text in ("off", "false", "no", "0"):
        return False
    raise ScenarioError(f"{key} is {value!r}; use on or off")
