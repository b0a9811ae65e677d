"""The documentation builds with Sphinx, warnings as errors (the same command as ``make docs``)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_docs_build_without_warnings(tmp_path):
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
               "-d", str(tmp_path / "doctrees"), str(ROOT / "docs"), str(tmp_path / "html")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (
        f"sphinx exited with status {done.returncode}:\n{done.stderr}{done.stdout}")
    assert (tmp_path / "html" / "index.html").exists()
