"""The repository stands on its own: no tracked file refers to a path outside it.

A clone has no sibling folders, so a test, benchmark, document or module that reads (or cites)
``../something`` beyond the repository root, or an absolute path of the machine it was written
on, breaks or misleads there.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: ``../a/b`` relative paths (one or more ``../``), as written in code, prose or links.
RELATIVE = re.compile(r"(?<![\w.])((?:\.\./)+[\w.-]*(?:/[\w.-]+)*)")
#: Absolute paths of a working machine, and the sibling folder a checkout used to lean on.
OUTSIDE = re.compile(r"/work/|/home/\w|[\"']shared[\"']|\bshared/(?:context|games)\b")


def tracked_files():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    return [ROOT / name for name in listed if name]


def outside_references(text, folder):
    """``(line number, line)`` of each reference in ``text`` to a place outside the repository.

    A ``../`` path counts when, read from ``folder`` (the file's own), it leaves the repository
    or names nothing in it (a path meant from elsewhere, such as the root's parent).
    """
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if OUTSIDE.search(line):
            found.append((number, line.strip()))
            continue
        for relative in RELATIVE.findall(line):
            target = (folder / relative).resolve()
            named = target.exists() or any(target.parent.glob(target.name + ".*"))
            if not target.is_relative_to(ROOT) or not named:
                found.append((number, line.strip()))
                break
    return found


@pytest.mark.parametrize("line", [
    "see ../" + "sha" + "red/context/literature.md §3",
    'GAMBIT = ROOT.parent / "shared" / "games"',
    "open('/work/" + "sha" + "red/games/x.nfg')", "[a link](../../../elsewhere/a.md)",
    "Payoffs follow ``shared/" + "context/model-spec.md``"])
def test_a_reference_that_leaves_the_repository_is_found(line):
    assert outside_references(f"text\n{line}\n", ROOT / "tests") == [(2, line)]


def test_a_link_inside_the_repository_is_not():
    text = ("[the how-to](../howto/index.md), `../../README.md`, a toctree's ../tutorial;"
            " one of the shared messages")
    assert outside_references(text, ROOT / "docs" / "explanation") == []


#: Files whose outside paths are data, not references: hostile inputs the readers must refuse,
#: and the pattern of stale pointers another test looks for.
HOSTILE_INPUTS = (ROOT / "tests" / "untrusted",
                  ROOT / "tests" / "docs" / "test_literature_notes.py")


def test_no_tracked_file_refers_outside_the_repository():
    me = Path(__file__).resolve()
    offenders = []
    for path in tracked_files():
        if path == me or not path.is_file() or any(path.is_relative_to(h) for h in HOSTILE_INPUTS):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # a binary file
            continue
        offenders += [f"{path.relative_to(ROOT)}:{number}: {line}"
                      for number, line in outside_references(text, path.parent)]
    assert offenders == [], "references outside the repository:\n" + "\n".join(offenders)
