"""Every pointer to the literature notes resolves: a ``lit-...`` anchor named anywhere in the
package, the docs, the scenarios, the examples or the tests is a section of
docs/reference/literature.md, and nothing points at notes outside the repository."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "docs" / "reference" / "literature.md"
PLACES = ("negotiation", "docs", "models", "examples", "tests", "README.md")
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".ipynb", ".json", ".typ"}


def tracked_files():
    """The files of ``PLACES`` that git tracks (every file there, outside a checkout)."""
    try:
        out = subprocess.run(["git", "ls-files", *PLACES], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
        files = [ROOT / name for name in out]
    except (OSError, subprocess.CalledProcessError):
        files = [p for place in PLACES for p in (ROOT / place).rglob("*")]
    return [p for p in files if p.is_file() and p.suffix in SUFFIXES
            and "_build" not in p.parts and p != Path(__file__)]


def anchors():
    return set(re.findall(r"^\((lit-[a-z0-9-]+)\)=$", NOTES.read_text(encoding="utf-8"), re.M))


def test_the_notes_have_their_sections():
    assert {"lit-rubinstein", "lit-outside-options", "lit-breakdown", "lit-axiomatic",
            "lit-fearon", "lit-powell", "lit-channels", "lit-composite", "lit-calibration",
            "lit-judgements", "lit-case-formulation", "lit-bibliography"} <= anchors()
    assert "<!-- bibliography -->" in NOTES.read_text(encoding="utf-8")


def test_every_pointer_resolves_to_an_anchor():
    known = anchors()
    missing = []
    for path in tracked_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for name in set(re.findall(r"\blit-[a-z0-9]+(?:-[a-z0-9]+)*", text)):
            if name not in known:
                missing.append(f"{path.relative_to(ROOT)}: {name}")
    assert missing == []


#: Files that hold such pointers as the very examples their tests must catch.
EXAMPLES_OF_STALE_POINTERS = {ROOT / "tests" / "test_repository.py", Path(__file__).resolve()}


def test_no_pointer_to_notes_outside_the_repository():
    stale = re.compile(r"literature(?:\.md)?\s*§|model-spec|shared" r"/context|literature\.md\b")
    found = []
    for path in tracked_files():
        if path == NOTES or path in EXAMPLES_OF_STALE_POINTERS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if stale.search(line) and "docs/reference/literature.md" not in line:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_scenarios_point_at_the_notes():
    from negotiation.scenario import bundled

    for path in bundled().values():
        assert "literature notes: lit-judgements" in path.read_text(encoding="utf-8"), path.name
    for path in (ROOT / "models").glob("*.yaml"):
        assert "§" not in path.read_text(encoding="utf-8"), path.name
