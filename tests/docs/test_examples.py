"""Every Python example of README.md and docs/ runs, and every ``>>>`` output is what it shows.

The blocks of a page run in order in one namespace, in a temporary working directory, so a
page is a script a reader can follow. See ``examples.py`` for the rules (and the one opt-out).
"""

import doctest
import io
import sys
import traceback

import pytest

from .examples import ROOT, blocks, pages

PAGES = [p for p in pages() if blocks(p)]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_page_examples(page, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace = {"__name__": "__docs__"}
    ran = 0
    for block in blocks(page):
        if not block.run:
            continue
        ran += 1
        if block.file:
            (tmp_path / block.file).write_text(block.code, encoding="utf-8")
        elif block.is_doctest:
            _run_doctest(block, namespace)
        else:
            _run_script(block, namespace)
    if "matplotlib.pyplot" in sys.modules:  # figures a page drew: free them
        sys.modules["matplotlib.pyplot"].close("all")
    assert ran, f"{page}: every Python block is marked no-run, so nothing on it is checked"


def _run_script(block, namespace):
    # Pad with blank lines so that tracebacks give the line numbers of the Markdown file.
    source = "\n" * (block.line - 1) + block.code
    try:
        exec(compile(source, str(block.path), "exec"), namespace)
    except Exception as error:
        message = (f"{block.where} raised {type(error).__name__}: {error}\n\n"
                   + traceback.format_exc())
    else:
        return
    pytest.fail(message, pytrace=False)


def _run_doctest(block, namespace):
    if not block.code.lstrip().startswith(">>>"):
        pytest.fail(f"{block.where}: a block with >>> prompts must start with one (lines before "
                    "the first prompt would not run)", pytrace=False)
    test = doctest.DocTestParser().get_doctest(
        block.code, namespace, block.where, str(block.path), block.line - 1)
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    result = runner.run(test, out=out.write, clear_globs=False)
    namespace.update(test.globs)
    if result.failed:
        pytest.fail(f"{block.where}: {result.failed} of {result.attempted} examples failed\n\n"
                    + out.getvalue(), pytrace=False)
