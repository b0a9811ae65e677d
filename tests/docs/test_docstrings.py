"""The ``>>>`` examples in the package's docstrings are doctests: each module's pass.

One test per module that has examples, run in a temporary working directory; a failure names
the module, the file and the line of the example.
"""

import doctest
import importlib
import pkgutil

import pytest

import negotiation

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

def _modules_with_examples():
    found = []
    for info in pkgutil.walk_packages(negotiation.__path__, "negotiation."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional dependency is missing: nothing to check here
            continue
        if any(t.examples for t in doctest.DocTestFinder().find(module)):
            found.append(info.name)
    return found


MODULES = _modules_with_examples()


def test_some_docstrings_have_examples():
    assert len(MODULES) >= 5, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = []
    for test in doctest.DocTestFinder().find(module):
        runner.run(test, out=report.append)
    assert not runner.failures, (f"{name}: {runner.failures} of {runner.tries} docstring "
                                 "examples failed\n" + "".join(report))
