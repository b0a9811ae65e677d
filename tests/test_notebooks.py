"""The example notebooks: each one runs from top to bottom in a fresh kernel (a failing cell
fails the test with that cell's error), and each is stored without outputs."""

import os
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
from nbclient.exceptions import CellExecutionError, CellTimeoutError  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
KERNEL = "python3"
TIMEOUT = 120  # seconds per cell


def _client(nb, folder):
    return nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=TIMEOUT,
                                   resources={"metadata": {"path": str(folder)}})


def test_the_examples_are_there():
    names = {p.stem for p in NOTEBOOKS}
    assert {"01-quickstart", "02-outside-options", "03-russian-backing", "04-uncertainty",
            "05-games", "06-your-own-scenario", "07-three-players"} <= names


def test_kernel_is_this_python(tmp_path):
    """The ``python3`` kernel runs this interpreter (the project's venv), so the notebooks
    test the code checked out here, not some other installation."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(
        "import sys, negotiation; print(sys.executable); print(negotiation.__file__)"))
    _client(nb, tmp_path).execute()
    executable, package = nb.cells[0].outputs[0]["text"].split()
    assert os.path.realpath(executable) == os.path.realpath(sys.executable)
    import negotiation

    assert os.path.realpath(package) == os.path.realpath(negotiation.__file__)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    try:
        _client(nb, tmp_path).execute()
    except (CellExecutionError, CellTimeoutError) as error:
        pytest.fail(f"{path.name}: a cell failed:\n{error}", pytrace=False)
    print(f"{path.name}: {time.perf_counter() - start:.1f} s")
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{path.name}: {output.get('evalue')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL
    assert "widgets" not in nb.metadata, f"{path.name} holds saved widget state"
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {k} has outputs"
            assert cell.execution_count is None, f"{path.name}: cell {k} has a count"
