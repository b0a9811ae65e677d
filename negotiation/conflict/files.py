"""Graph-model files: YAML read safely, checked against a JSON Schema, every problem at once.

A graph model is a YAML file (``models/conflict_*.yaml`` are bundled) read with the same
safe reader as scenarios (:func:`negotiation.scenario.yamlfile.read_yaml`: plain data
only, size, alias and depth limits, the line of every value), checked against the shipped
``graph_model.schema.json`` and then for what a schema cannot say: option names known to
every statement, rankings that rank every state once, a feasible status quo.  A file with
problems raises :class:`~negotiation.scenario.ScenarioFileError` (a ``ScenarioError``)
listing each with its line and field path.  The format is described in
``docs/reference/graph-model-format.md``.
"""

import difflib
import json
from dataclasses import replace
from functools import cache
from itertools import combinations
from pathlib import Path

from ..errors import GameError, ScenarioError
from ..scenario.loading import ScenarioFileError, models_dir, resolve
from ..scenario.loading import validate as validate_file
from ..scenario.schema import Problem, check, describe
from ..scenario.yamlfile import read_yaml
from .model import GraphModel
from .preferences import ranks_from, statements_of
from .statements import parse_statement, split_statements

SCHEMA_PATH = Path(__file__).with_name("graph_model.schema.json")
#: Bundled graph models are the files of ``models/`` whose names start with this.
PREFIX = "conflict_"


@cache
def schema():
    """The JSON Schema of the graph-model format (a dict)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def bundled():
    """The bundled graph models as ``{name: path}``."""
    return {p.stem: p for p in sorted(models_dir().glob(f"{PREFIX}*.yaml"))}


def load(name_or_path):
    """Read a graph model: a bundled name (``"conflict_us_dprk_2025"``) or a YAML file.

    Raises
    ------
    ScenarioError
        The file is missing, unsafe or malformed; every problem with its line and field.
    """
    files = bundled()
    if f"{PREFIX}{name_or_path}" in files and name_or_path not in files:
        name_or_path = f"{PREFIX}{name_or_path}"
    path = resolve(name_or_path, files=files, kind="graph model")
    if not path.exists():
        raise ScenarioError(f"{path}: no such file")
    return _Reader(read_yaml(path, name=str(path))).build()


def loads(text, name="<text>"):
    """Read a graph model from YAML text (``name`` is used in messages)."""
    return _Reader(read_yaml(text, name=name)).build()


def validate(name_or_path):
    """Every problem of a graph-model file as :class:`~negotiation.scenario.Problem`
    objects (an empty list when the file is valid)."""
    return validate_file(name_or_path, loader=load)


class _Reader:
    def __init__(self, document):
        self.doc = document
        self.problems = []

    def add(self, path, message):
        self.problems.append(Problem(tuple(path), message, self.doc.line(path)))

    def stop(self):
        if self.problems:
            raise ScenarioFileError(self.doc.file, self.problems)

    def build(self):
        data = self.doc.data
        if not isinstance(data, dict):
            what = "empty" if data is None else f"{describe(data)}, not a mapping"
            self.add((), f"the file is {what}; a graph model is a mapping of sections")
            self.stop()
        for p in check(data, schema()):
            self.add(p.path, p.message)
        self.stop()
        dms = data["decision_makers"]
        with_options = [dm for dm, d in dms.items() if d.get("options")]
        if "states" in data or "moves" in data:
            for dm in with_options:
                self.add(("decision_makers", dm, "options"), "a model in graph form (with "
                         "'states' and 'moves') lists no options")
            for key in ("states", "moves"):
                if key not in data:
                    self.add((key,), f"a model in graph form needs '{key}'")
            self.stop()
            model = self.guard((), lambda: GraphModel.graph_form(
                list(dms), data["states"], data["moves"], None,
                status_quo=data.get("status_quo")))
        else:
            model = self.option_form(data, dms)
        self.stop()
        ranks = model.ranks.copy()
        reasons = {}
        for dm, spec in data["preferences"].items():
            path = ("preferences", dm)
            if dm not in dms:
                self.add(path, f"{dm!r} is not a decision maker{_hint(dm, dms)}")
                continue
            before = len(self.problems)
            if "prioritisation" in spec:
                reasons[dm] = self.statements(spec["prioritisation"], model, path)
            if len(self.problems) > before:
                continue
            i = model.dm_index(dm)
            ranks[i] = self.guard(path, lambda dm=dm, spec=spec:
                                  ranks_from(spec, model.states, dm), ranks[i])
        for dm in dms:
            if dm not in data["preferences"]:
                self.add(("preferences",), f"no preferences are given for {dm}")
        self.stop()
        meta = data["metadata"]
        return replace(model, ranks=ranks, title=meta["title"], reasons=reasons,
                       metadata=dict(meta), settings=dict(data.get("analysis", {})))

    def option_form(self, data, dms):
        options = {dm: list(d.get("options") or {}) for dm, d in dms.items()}
        names = [o for opts in options.values() for o in opts]
        seen = set()
        for dm, opts in options.items():
            for o in opts:
                if o in seen:
                    self.add(("decision_makers", dm, "options", o),
                             f"the option {o!r} is named twice; option names must be unique")
                seen.add(o)
        if not names:
            self.add(("decision_makers",), "no decision maker has options (give options, or "
                     "'states' and 'moves' for a model in graph form)")
        self.stop()
        infeasible = []
        for k, item in enumerate(data.get("infeasible", ())):
            text = item["statement"] if isinstance(item, dict) else item
            path = ("infeasible", k)
            for part in split_statements(text):
                if self.guard(path, lambda part=part: parse_statement(part, names,
                                                                      "the statement")):
                    infeasible.append(part)
        for k, group in enumerate(data.get("mutually_exclusive", ())):
            unknown = [o for o in group if o not in names]
            if unknown:
                self.add(("mutually_exclusive", k), f"{', '.join(map(repr, unknown))} is not "
                         f"an option{_hint(unknown[0], names)}")
                continue
            infeasible.extend(f"{a} and {b}" for a, b in combinations(group, 2))
        reversibility = {o: spec["reversibility"] for d in dms.values()
                         for o, spec in (d.get("options") or {}).items()
                         if spec and spec.get("reversibility", "both") != "both"}
        descriptions = {o: spec.get("description", "") for d in dms.values()
                        for o, spec in (d.get("options") or {}).items() if spec}
        status = data.get("status_quo")
        if status is not None and not isinstance(status, list):
            self.add(("status_quo",), "in option form the status quo is the list of options "
                     "taken")
            status = None
        for k, o in enumerate(status or ()):
            if o not in names:
                self.add(("status_quo", k), f"{o!r} is not an option{_hint(o, names)}")
        self.stop()
        return self.guard((), lambda: GraphModel.option_form(
            options, None, infeasible, reversibility, status_quo=status,
            descriptions=descriptions))

    def statements(self, items, model, path):
        """Check each prioritisation statement where it stands; its reasons."""
        out = []
        for k, item in enumerate(items):
            where = (*path, "prioritisation", k)
            for text in statements_of([item]):
                self.guard(where, lambda text=text: parse_statement(
                    text, model.states.options, "the statement"))
            if isinstance(item, dict):
                basis = (f"source: {item['source']['citation']}" if "source" in item
                         else f"judgement: {item['judgement']}")
                out.append((item["statement"], basis))
            else:
                out.append((item, None))
        return tuple(out)

    def guard(self, path, make, default=None):
        """``make()``, or ``default`` with its GameError recorded as a problem at
        ``path``."""
        try:
            return make()
        except GameError as error:
            self.add(path, str(error))
            return default


def _hint(name, choices):
    close = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
