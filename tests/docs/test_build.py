"""The documentation builds with Sphinx, warnings as errors (the same command as ``make docs``),
and the built site reads offline: every script and stylesheet it loads is one of its own files."""

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


class _Loads(HTMLParser):
    """The ``src`` of every script and the ``href`` of every stylesheet of a page."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.urls.append(attrs["href"])


def loaded(page):
    parser = _Loads()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.urls


def test_a_remote_script_is_seen(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<script src="https://cdn.example.org/mathjax/tex-chtml.js"></script>'
                    '<script src="//cdn.example.org/x.js"></script><script>var a;</script>'
                    '<link rel="stylesheet" href="_static/a.css">')
    assert loaded(page) == ["https://cdn.example.org/mathjax/tex-chtml.js",
                            "//cdn.example.org/x.js", "_static/a.css"]


def test_docs_build_without_warnings(tmp_path):
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
               "-d", str(tmp_path / "doctrees"), str(ROOT / "docs"), str(tmp_path / "html")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (
        f"sphinx exited with status {done.returncode}:\n{done.stderr}{done.stdout}")
    assert (tmp_path / "html" / "index.html").exists()

    html = tmp_path / "html"
    mathjax = 0
    for page in html.rglob("*.html"):
        for url in loaded(page):
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc, f"{page.name} loads {url}"
            assert (page.parent / parts.path).resolve().is_file(), f"{page.name}: no {url}"
            mathjax += "mathjax" in parts.path
    assert mathjax > 0  # the pages with mathematics load the site's own MathJax
