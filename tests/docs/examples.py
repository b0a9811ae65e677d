"""Find the Python examples of the Markdown pages.

An example is a fenced block whose info string is ``python``. Blocks are run in page order in
one namespace per page. A block that holds ``>>>`` prompts is a doctest (its output is
checked); any other block is executed and must not raise. A block preceded by the line
``<!-- no-run -->`` (blank lines allowed between) is not run: use it only for code that needs
something a test cannot have, such as the address of a dask scheduler.

A fenced block of any language preceded by ``<!-- file: NAME -->`` is written to the file
NAME in the working directory when the page's blocks reach it, so that a page can show a
scenario file in YAML and then load it. The comment is invisible on the page, so the paragraph
before the block names the file (a reader running the page by hand saves it under that name;
tests/docs/test_collector.py checks this).
"""

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NO_RUN = "<!-- no-run -->"
_FILE = re.compile(r"^<!-- file: (?P<name>[\w.-]+) -->$")
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*?)[ \t]*$")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # 1-based line of the first line of code
    code: str
    run: bool
    file: str | None = None  # for a file block: the name to write it to

    @property
    def is_doctest(self):
        return any(line.lstrip().startswith(">>>") for line in self.code.splitlines())

    @property
    def where(self):
        path = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{path}, code block at line {self.line}"


def pages():
    """README.md and every page under docs/ (not the build output), in a stable order."""
    docs = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)
    return [ROOT / "README.md", *docs]


def blocks(path):
    """The fenced ``python`` blocks and the file blocks of a Markdown file, in order."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    found, i = [], 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, info = match["fence"], match["info"].split()
        start, i = i, i + 1
        body = []
        while i < len(lines) and not (
                lines[i].strip().startswith(fence[0] * len(fence))
                and set(lines[i].strip()) == {fence[0]}):
            body.append(lines[i])
            i += 1
        i += 1
        marker = next((s.strip() for s in reversed(lines[:start]) if s.strip()), "")
        indent = len(match["indent"])  # a fence inside a list item: strip its indentation only
        code = "\n".join(line[indent:] if line[:indent].strip() == "" else line.lstrip()
                         for line in body)
        if _FILE.match(marker):
            found.append(Block(Path(path), start + 2, code + "\n", True,
                               _FILE.match(marker)["name"]))
        elif info[:1] == ["python"]:
            found.append(Block(Path(path), start + 2, code, marker != NO_RUN))
    return found
