"""Reading scenario files: YAML made safe, with the line of every field.

A scenario file is read from PyYAML's *event stream* (``yaml.parse``; the C parser when
libyaml is there) into plain Python values by a loop with an explicit stack, never by
PyYAML's object constructor, so that:

* nothing but plain data is built: mappings, sequences, strings, numbers, booleans and
  null (an explicit tag such as ``!!python/object`` is an error, not an object);
* the file is refused *before parsing* when it is larger than :data:`MAX_BYTES` or is not a
  regular file (a FIFO, a device);
* aliases are counted as what they expand to: a "billion laughs" file, whose few lines
  expand to billions of nodes, is refused as soon as the expansion passes
  :data:`MAX_NODES` (the values are shared, never copied);
* nesting deeper than :data:`MAX_DEPTH` is refused (no recursion anywhere);
* a key given twice in one mapping is an error (YAML would silently keep the last);
* mapping keys stay the text written (``NO:`` is the key ``"NO"``, not ``False``);
* decimals are read as the exact fractions they denote (``0.1`` is 1/10), within the bounds
  of :func:`~.expressions.number_literal` (at most 300 digits, magnitude at most 1e300);
* YAML 1.1's surprising numbers are refused rather than misread: ``060`` (octal 48),
  ``0x1F``, ``0b11``, ``1:30`` (sexagesimal 90), ``.inf`` and ``.nan``; quote them to
  have text.

Every value's line is kept (:class:`Document`), so that later checks can say
"line 12, parameters.russia.reliability.value".
"""

from dataclasses import dataclass, field
from pathlib import Path

from .._files import read_bounded, size_text
from ..errors import ScenarioError

#: Largest scenario file read, in bytes (the bundled ones are about 20 kB).
MAX_BYTES = 1_000_000
#: Most values a file may expand to, counting what each alias stands for.
MAX_NODES = 100_000
#: Deepest nesting of mappings and sequences.
MAX_DEPTH = 24

_PLAIN_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map",
                                                    "seq", "timestamp")}


@dataclass
class Document:
    """The data of a YAML file and the line (1-based) where each value starts."""

    data: object
    file: str
    lines: dict = field(default_factory=dict)

    def line(self, path):
        """The line of the value at ``path`` (a tuple of keys and indices), or of its
        nearest enclosing value that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def read_yaml(source, name=None):
    """Read a scenario file (a path) or text into a :class:`Document`.

    Raises
    ------
    ScenarioError
        The file cannot be read, is too large, is not valid YAML, or is unsafe (tags,
        an alias bomb, too deep); one sentence with the file and line.
    """
    if isinstance(source, Path):
        file = name or str(source)
        text = read_bounded(source, MAX_BYTES, ScenarioError, "scenario file", file)
    else:
        file = name or "<text>"
        text = source
        if len(text) > MAX_BYTES:
            raise ScenarioError(f"{file}: the text is {size_text(len(text))}, but a scenario may "
                                f"be at most {size_text(MAX_BYTES)}")
    return _Builder(file).run(text)




class _Frame:
    __slots__ = ("anchor", "key", "key_line", "key_lines", "kind", "nodes", "path", "value")

    def __init__(self, kind, value, path, anchor):
        self.kind, self.value, self.path, self.anchor = kind, value, path, anchor
        self.key = _NO_KEY
        self.key_line = None
        self.nodes = 1
        self.key_lines = {}


_NO_KEY = object()


class _Builder:
    def __init__(self, file):
        self.file = file
        self.lines = {}
        self.anchors = {}
        self.nodes = 0

    def fail(self, line, message):
        where = f"{self.file}, line {line}" if line else self.file
        raise ScenarioError(f"{where}: {message}")

    def run(self, text):
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        self.resolver = yaml.resolver.Resolver()
        self.yaml = yaml
        stack = []
        result = _NO_KEY
        documents = 0
        try:
            for event in yaml.parse(text, Loader=loader):
                kind = type(event).__name__
                if kind == "DocumentStartEvent":
                    documents += 1
                    if documents > 1:
                        self.fail(_line(event), "the file holds more than one YAML document "
                                                "(a second '---'); a scenario is one document")
                    continue
                if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
                    continue
                if kind in ("MappingEndEvent", "SequenceEndEvent"):
                    frame = stack.pop()
                    if frame.kind == "map" and frame.key is not _NO_KEY:
                        self.fail(_line(event), "a mapping key has no value")
                    if frame.anchor:
                        self.anchors[frame.anchor] = (frame.value, frame.nodes)
                    value, nodes = frame.value, frame.nodes
                else:
                    value, nodes, frame = self.start(event, stack)
                    if frame is not None:
                        stack.append(frame)
                        if len(stack) > MAX_DEPTH:
                            self.fail(_line(event), f"the data nest more than {MAX_DEPTH} levels "
                                                    "deep")
                        continue
                if not stack:
                    result = value
                    continue
                self.attach(stack[-1], value, nodes, event)
        except ScenarioError:
            raise
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            line = mark.line + 1 if mark is not None else None
            column = f", column {mark.column + 1}" if mark is not None else ""
            where = f"{self.file}, line {line}{column}" if line else self.file
            raise ScenarioError(f"{where}: the file is not valid YAML: {problem}") from None
        except RecursionError:
            raise ScenarioError(f"{self.file}: the data nest too deeply") from None
        return Document(None if result is _NO_KEY else result, self.file, self.lines)

    def start(self, event, stack):
        """A scalar, an alias, or the start of a collection: (value, nodes, frame or None)."""
        kind = type(event).__name__
        line = _line(event)
        path = self.child_path(stack, line) if stack else ()
        if path is None and kind in ("MappingStartEvent", "SequenceStartEvent", "AliasEvent"):
            self.fail(line, "a mapping key must be plain text, not a list, a mapping or an alias")
        if kind == "AliasEvent":
            if event.anchor not in self.anchors:
                self.fail(line, f"the alias *{event.anchor} refers to no anchor before it")
            value, nodes = self.anchors[event.anchor]
            self.count(nodes, line, alias=True)
            return value, nodes, None
        tag = getattr(event, "tag", None)
        explicit = tag not in (None, "!")
        if explicit and tag not in _PLAIN_TAGS:
            self.fail(line, f"the tag {tag} is not allowed: a scenario holds plain data only "
                            "(mappings, lists, text, numbers, true/false)")
        self.count(1, line)
        if path is not None and stack:
            self.lines[path] = line
        elif not stack:
            self.lines[()] = line
        if kind == "MappingStartEvent":
            return None, 1, _Frame("map", {}, path, event.anchor)
        if kind == "SequenceStartEvent":
            return None, 1, _Frame("seq", [], path, event.anchor)
        value = self.scalar(event, tag if explicit else None, stack)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        return value, 1, None

    def child_path(self, stack, line):
        top = stack[-1]
        if top.kind == "seq":
            return (*top.path, len(top.value))
        if top.key is _NO_KEY:
            return None  # this event is a key
        return (*top.path, top.key)

    def count(self, nodes, line, alias=False):
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            why = (" through YAML aliases (a 'billion laughs' alias bomb?)" if alias else "")
            self.fail(line, f"the file expands to more than {MAX_NODES:,} values{why}; "
                            "it was refused")

    def scalar(self, event, tag, stack):
        text = event.value
        top = stack[-1] if stack else None
        if top is not None and top.kind == "map" and top.key is _NO_KEY:
            return ("key", text)  # keys stay the text written
        yaml = self.yaml
        if tag is None:
            if event.style is not None and event.style != "":  # quoted or block: a string
                return text
            tag = self.resolver.resolve(yaml.ScalarNode, text, (True, False))
        name = tag.rsplit(":", 1)[-1]
        if name == "str" or name == "timestamp":
            return text
        if name == "null":
            return None
        if name == "bool":
            return text.lower() in ("yes", "true", "on", "y")
        if name in ("int", "float"):
            return self.number(text, _line(event))
        return text

    def number(self, text, line):
        """A plain number of the file, exact; YAML 1.1's other spellings are refused."""
        from .expressions import number_literal

        where = f"{self.file}, line {line}" if line else self.file
        shown = repr(text) if len(text) <= 30 else repr(text[:26] + "...")
        digits = text.lstrip("+-").replace("_", "")
        if ":" in text:
            self.fail(line, f"{shown} is a sexagesimal number in YAML 1.1 (1:30 means 90); "
                            "write the number in decimal, or quote it for text")
        if digits.lower() in (".inf", ".nan"):
            self.fail(line, f"{shown} is not a finite number")
        if digits[:2].lower() in ("0x", "0o", "0b") or (
                len(digits) > 1 and digits[0] == "0" and digits[1].isdigit()):
            self.fail(line, f"{shown} is not a decimal number (YAML 1.1 reads a leading 0 as "
                            "octal, 0x as hexadecimal and 0b as binary: 060 is 48); write it "
                            "without the leading 0, or quote it for text")
        value = number_literal(text, where)
        if value is None:
            self.fail(line, f"{shown} is not a number")
        return int(value) if value.denominator == 1 and "." not in text and "e" not in \
            text.lower() else value

    def attach(self, frame, value, nodes, event):
        frame.nodes += nodes
        if frame.kind == "seq":
            frame.value.append(value)
            return
        if frame.key is _NO_KEY:
            if not (isinstance(value, tuple) and len(value) == 2 and value[0] == "key"):
                self.fail(_line(event), "a mapping key must be plain text, not a list or a "
                                        "mapping")
            key = value[1]
            line = _line(event)
            if key in frame.value or key in frame.key_lines:
                first = frame.key_lines.get(key)
                self.fail(line, f"the key {key!r} appears twice in one mapping (first on line "
                                f"{first}); YAML would silently keep only the last")
            frame.key, frame.key_line = key, line
            frame.key_lines[key] = line
            return
        frame.value[frame.key] = value
        self.lines[(*frame.path, frame.key)] = frame.key_line
        frame.key = _NO_KEY


def _line(event):
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else None
