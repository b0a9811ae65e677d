"""The structure of a scenario file: the shipped JSON Schema, applied with line numbers.

``scenario.schema.json`` (next to this module, shipped with the package) is the format's
reference: editors and other tools can validate against it with any JSON Schema
(draft 2020-12) implementation.  The loader applies the *same file* with the small
interpreter below, which knows the keywords the schema uses and reports every problem
at once with its field path, the line it is on (from :class:`~.yamlfile.Document`) and,
for a misspelt field, the field meant ("did you mean 'title'?").  So the schema is the
single statement of the structure; :mod:`.loading` adds the checks a schema cannot
express (declared names, formulas, cycles, values inside their ranges).
"""

import difflib
import json
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

SCHEMA_PATH = Path(__file__).with_name("scenario.schema.json")


@dataclass(frozen=True)
class Problem:
    """One problem in a scenario file: where (field path and line) and what."""

    path: tuple
    message: str
    line: int | None = None

    @property
    def field(self):
        """The field path as written in messages: ``parameters.russia.reliability.value``."""
        return field_path(self.path)

    def text(self, file=None):
        parts = [p for p in (file, f"line {self.line}" if self.line else None,
                             self.field or None) if p]
        return f"{', '.join(parts)}: {self.message}"


def field_path(path):
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@cache
def schema():
    """The JSON Schema of the scenario format (a dict)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def check(data, against=None):
    """Every structural problem of ``data`` (a scenario as plain data), as Problems;
    ``against`` is another JSON Schema (a dict) to apply instead of the scenario one."""
    problems = []
    root = schema() if against is None else against
    _Checker(root, problems).check(data, root, ())
    return problems


_WORDS = {"object": "a mapping", "array": "a list", "string": "text", "number": "a number",
          "integer": "a whole number", "boolean": "true or false", "null": "nothing"}


def describe(value):
    """What a value is, in the words of a YAML reader."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 40 else "a text"
    if isinstance(value, Fraction):
        return f"the number {float(value):g}"
    return f"the number {value}"


def _is(kind, value):
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if kind == "integer":
        return isinstance(value, int) or (isinstance(value, Fraction) and value.denominator == 1)
    return isinstance(value, int | float | Fraction)


class _Checker:
    def __init__(self, root, problems):
        self.root, self.problems = root, problems

    def add(self, path, message):
        self.problems.append(Problem(tuple(path), message))

    def resolve(self, node):
        while "$ref" in node:
            ref = node["$ref"]
            target = self.root
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def check(self, value, node, path):
        node = self.resolve(node)
        if "const" in node and value != node["const"]:
            self.add(path, f"must be {node['const']!r}, not {describe(value)}")
            return
        if "enum" in node and value not in node["enum"]:
            close = difflib.get_close_matches(str(value), [str(v) for v in node["enum"]], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.add(path, f"{describe(value)} is not one of "
                           f"{', '.join(map(repr, node['enum']))}{hint}")
            return
        if "type" in node:
            kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
            if not any(_is(k, value) for k in kinds):
                wanted = " or ".join(_WORDS[k] for k in kinds)
                if kinds == ["number", "string"]:
                    wanted = "a number or a formula"
                self.add(path, f"expected {wanted}, not {describe(value)}")
                return
        if "oneOf" in node or "anyOf" in node:
            self.alternatives(value, node, path)
        if isinstance(value, dict):
            self.mapping(value, node, path)
        elif isinstance(value, list):
            self.sequence(value, node, path)
        elif isinstance(value, str):
            if len(value) < node.get("minLength", 0):
                self.add(path, "must not be empty")
            if "maxLength" in node and len(value) > node["maxLength"]:
                self.add(path, f"is {len(value)} characters long; the limit is "
                               f"{node['maxLength']}")
            if "pattern" in node and not re.search(node["pattern"], value):
                self.add(path, f"{value!r} does not have the form {_form(node['pattern'])}")
        elif _is("number", value):
            self.bounds(value, node, path)

    def alternatives(self, value, node, path):
        branches = node.get("oneOf") or node.get("anyOf")
        results = []
        for branch in branches:
            found = []
            _Checker(self.root, found).check(value, branch, path)
            results.append(found)
        passing = sum(1 for r in results if not r)
        if passing == 1 or (passing > 1 and "anyOf" in node):
            return True
        if passing > 1 and "x-message-many" in node:
            self.add(path, node["x-message-many"])
        elif "x-message" in node:
            self.add(path, node["x-message"])
        else:
            self.problems.extend(min(results, key=len))
        return False

    def mapping(self, value, node, path):
        props = node.get("properties", {})
        for key in node.get("required", ()):
            if key not in value:
                self.add(path, f"the field {key!r} is missing")
        if len(value) < node.get("minProperties", 0):
            self.add(path, f"needs at least {node['minProperties']} entries, not {len(value)}")
        names = node.get("propertyNames")
        extra = node.get("additionalProperties", True)
        for key, item in value.items():
            here = (*path, key)
            if names and "pattern" in names and not re.search(names["pattern"], key):
                self.add(here, f"the name {key!r} does not have the form "
                               f"{_form(names['pattern'])}")
                continue
            if key in props:
                self.check(item, props[key], here)
            elif extra is False:
                close = difflib.get_close_matches(key, list(props), n=1, cutoff=0.6)
                hint = (f"did you mean {close[0]!r}?" if close else
                        "the fields are " + ", ".join(map(repr, props)))
                self.add(here, f"unknown field {key!r}; {hint}")
            elif isinstance(extra, dict):
                self.check(item, extra, here)

    def sequence(self, value, node, path):
        if len(value) < node.get("minItems", 0):
            self.add(path, f"needs at least {node['minItems']} entries, not {len(value)}")
        if "maxItems" in node and len(value) > node["maxItems"]:
            self.add(path, f"has {len(value)} entries; at most {node['maxItems']} are allowed")
        if node.get("uniqueItems"):
            seen = set()
            for item in value:
                key = _hashable(item)
                if key in seen:
                    self.add(path, f"lists {describe(item)} twice")
                seen.add(key)
        if "items" in node:
            for k, item in enumerate(value):
                self.check(item, node["items"], (*path, k))

    def bounds(self, value, node, path):
        if "minimum" in node and value < node["minimum"]:
            self.add(path, f"is {value}, but it must be at least {node['minimum']}")
        if "maximum" in node and value > node["maximum"]:
            self.add(path, f"is {value}, but it must be at most {node['maximum']}")
        if "exclusiveMinimum" in node and value <= node["exclusiveMinimum"]:
            self.add(path, f"is {value}, but it must be more than {node['exclusiveMinimum']}")


def _hashable(value):
    """A hashable stand-in for plain data, equal exactly when the data are equal."""
    if isinstance(value, dict):
        return ("map", frozenset((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", tuple(_hashable(v) for v in value))
    return (type(value) is bool, value)


def _form(pattern):
    forms = {"^[a-z][a-z0-9_]*$": "lower-case letters, digits and _ (starting with a letter)",
             "^[A-Za-z][A-Za-z0-9_]*$": "letters, digits and _ (starting with a letter)",
             "^https?://": "a web address (http:// or https://)"}
    if pattern in forms:
        return forms[pattern]
    if "\\." in pattern:
        return "names of letters, digits and _ joined by dots (like russia.reliability)"
    return f"the pattern {pattern}"
