"""Sphinx configuration: Markdown pages through MyST, the API reference from docstrings.

Build with ``make docs``; ``make test`` builds it with warnings as errors and runs every code
example of the pages (tests/docs/).
"""

import negotiation

project = "negotiation"
author = "the negotiation authors"
copyright = "2026, the negotiation authors"
release = negotiation.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    # MathJax 3.2.2 from the PyPI package, copied into the built site's _static/mathjax, so
    # that the pages render their mathematics offline (no script from a CDN).
    "sphinx-mathjax-offline",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# MyST: $...$ and $$...$$ maths, amsmath environments, anchors for headings down to ####.
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 4
myst_dmath_double_inline = True

# autodoc: numpy-style docstrings, members in source order, signatures without type noise.
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"
# (True would show defaults as written, but Sphinx 9 fails to parse some signatures with it.)
autodoc_preserve_defaults = False
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_param = True

# The package's attribute and constant docstrings are prose ("#: Names a file may not use for
# parameters: the issue-level variable and the functions."); napoleon would read the text
# before the first colon as a Google-style inline type. Never do that: numpy-style sections
# (Parameters, Attributes, ...) are parsed as before.
from sphinx.ext.napoleon import docstring as _napoleon  # noqa: E402


def _consume_inline_attribute(self):
    lines = [self._lines.next(), *self._dedent(self._consume_to_end())]
    return "", self.__class__(lines, self._config).lines()


_napoleon.GoogleDocstring._consume_inline_attribute = _consume_inline_attribute

html_theme = "alabaster"
html_title = f"negotiation {release}"
html_theme_options = {"description": "Game-theoretic decision support", "fixed_sidebar": True}

# ---------------------------------------------------------------------------------------------
# Pages that other parts of the project provide and that may not exist yet: the report and the
# interactive explorer. A page is built, and listed where an index says
# ``<!-- optional-toctree: NAME ... -->``, only when it exists (and, for an API page, when its
# module can be imported), so the site builds without warnings either way.
import importlib.util  # noqa: E402
from pathlib import Path  # noqa: E402

_DOCS = Path(__file__).resolve().parent
_OPTIONAL_MODULES = {"reference/api/report": "negotiation.report",
                     "reference/api/explore": "negotiation.explorer"}


def _module_exists(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


exclude_patterns += [f"{page}.md" for page, module in _OPTIONAL_MODULES.items()
                     if not _module_exists(module)]


def _page_exists(docname):
    return (_DOCS / f"{docname}.md").exists() and not any(
        docname == page for page, module in _OPTIONAL_MODULES.items()
        if not _module_exists(module))


def _optional_toctrees(app, docname, source):
    import posixpath
    import re

    def expand(match):
        base = posixpath.dirname(docname)
        entries = [e for e in match.group(1).split()
                   if _page_exists(posixpath.normpath(posixpath.join(base, e)))]
        if not entries:
            return ""
        return "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(entries) + "\n```\n"

    source[0] = re.sub(r"<!-- optional-toctree: ([^>]*?) -->", expand, source[0])


def _cli_help(app, docname, source):
    """Replace ``<!-- cli-help -->`` by the ``--help`` of every command, from the parser itself."""
    if "<!-- cli-help -->" not in source[0]:
        return
    import argparse
    import os

    from negotiation.cli import _parser

    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "96"
    try:
        parser = _parser()
        parts = ["```text\n" + parser.format_help().rstrip() + "\n```\n"]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    parts.append(f"## `negotiation {name}`\n\n```text\n"
                                 + sub.format_help().rstrip() + "\n```\n")
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns
    source[0] = source[0].replace("<!-- cli-help -->", "\n".join(parts))


def _bibliography(app, docname, source):
    """Replace ``<!-- bibliography -->`` by the project's references, from the data file the
    report uses too (``negotiation/report/references.yaml``)."""
    if "<!-- bibliography -->" not in source[0]:
        return
    import re

    from negotiation.report.references import literature, sources

    def entry(ref):
        text = re.sub(r"([*_`$<>\\])", r"\\\1", ref.text(link=False))
        return f"- {text}" + (f" <{ref.link}>" if ref.link else "")

    parts = ["### The literature behind the models and methods\n",
             *map(entry, literature()), "",
             "### Sources of the case\n", *map(entry, sources()), ""]
    source[0] = source[0].replace("<!-- bibliography -->", "\n".join(parts))


#: Pages whose content depends on more than their own file: read again on every build.
_GENERATED = ("howto/index", "reference/index", "reference/cli", "reference/literature")


def _reread_generated(app, env, added, changed, removed):
    return [name for name in _GENERATED if name in env.found_docs]


def setup(app):
    app.connect("source-read", _optional_toctrees)
    app.connect("source-read", _cli_help)
    app.connect("source-read", _bibliography)
    app.connect("env-get-outdated", _reread_generated)
