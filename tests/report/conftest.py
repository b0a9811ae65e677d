"""Shared helpers of the report tests: built reports (once per session), their text."""

import json
import re

import pytest

pytest.importorskip("typst")
pytest.importorskip("matplotlib")
pytest.importorskip("pypdf")

#: Monte Carlo draws of the test reports (the default, 20,000, in one test only).
SAMPLES = 2_000


def pdf_text(path):
    """The text of a PDF (pypdf), whitespace collapsed and minus signs made ASCII."""
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return re.sub(r"\s+", " ", text.replace("\u2212", "-"))


def solve_json(*args):
    """What ``negotiation solve --json`` prints, as data."""
    import contextlib
    import io

    from negotiation.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["solve", *args, "--json"]) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="session")
def reports(tmp_path_factory):
    """Build each bundled scenario's report once (lazily): ``reports(name)`` is its path.
    Smaller than the default to keep the suite fast: 2,000 draws, a 20 × 20 regime map,
    256 Sobol base samples, 21 points of the backing sweep."""
    import negotiation.report.builder as builder
    from negotiation.report import build

    folder = tmp_path_factory.mktemp("reports")
    built = {}

    def get(name):
        if name not in built:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(builder, "GRID", 20)
                patch.setattr(builder, "SOBOL_N", 256)
                patch.setattr(builder, "SWEEP_POINTS", 21)
                built[name] = build(name, folder / f"{name}.pdf", samples=SAMPLES, seed=0,
                                    progress=False)
        return built[name]

    return get


@pytest.fixture(scope="session")
def default_report(tmp_path_factory):
    """The baseline's report with every default (20,000 draws, seed 0)."""
    from negotiation.report import build

    folder = tmp_path_factory.mktemp("default")
    return build("us_dprk_2025_baseline", folder / "report.pdf", progress=False)
