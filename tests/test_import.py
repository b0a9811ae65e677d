"""`import negotiation` stays light: sub-packages and heavy dependencies load on first use,
and every public name is still importable from where it is documented."""

import importlib
import subprocess
import sys

import pytest

PACKAGES = ("negotiation", "negotiation.bargaining", "negotiation.conflict",
            "negotiation.games", "negotiation.report", "negotiation.scenario",
            "negotiation.sensitivity")


def loaded_after(code):
    """The modules in ``sys.modules`` after ``code`` in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", f"import sys; {code}; print(*sys.modules)"],
                          capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_import_does_not_load_heavy_dependencies():
    heavy = {"sympy", "matplotlib", "dask", "pandas", "scipy", "scipy.stats", "nashpy", "typst"}
    loaded = loaded_after("import negotiation")
    assert not heavy & loaded
    assert {m for m in loaded if m.startswith("negotiation.")} <= {"negotiation._lazy",
                                                                  "negotiation.errors"}


def test_solving_a_scenario_loads_no_sympy():
    """sympy is for symbolic work only: loading a scenario, its analysis and its brief never
    import it (it is a quarter of a second of a command's start); its formulas do."""
    quiet = "import io; real, sys.stdout = sys.stdout, io.StringIO()"
    solve = "from negotiation.cli import main; main(['solve', 'us_dprk_2025_baseline', '--brief'])"
    assert "sympy" not in loaded_after(f"{quiet}; {solve}; sys.stdout = real")
    formulas = "from negotiation import load; load('us_dprk_2025_baseline').model.symbolic()"
    assert "sympy" in loaded_after(formulas)


@pytest.mark.parametrize("package", PACKAGES[1:])
def test_importing_a_subpackage_loads_none_of_its_modules(package):
    loaded = loaded_after(f"import {package}")
    assert not {m for m in loaded if m.startswith(package + ".")}


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_imports(package):
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None
        assert name in dir(module)
    with pytest.raises(AttributeError, match="has no attribute 'nonexistent'"):
        module.nonexistent  # noqa: B018


def test_a_function_named_like_its_module_stays_the_function():
    """``sobol`` is a function of ``negotiation.sensitivity`` even when its module
    ``negotiation.sensitivity.sobol`` is imported first."""
    code = ("import negotiation.sensitivity.sobol, negotiation.games.case_tree; "
            "from negotiation.sensitivity import sobol; from negotiation.games import case_tree; "
            "import negotiation.bargaining.alternating_offers as a; "
            "print(callable(sobol), callable(case_tree), callable(a), "
            "type(sys.modules['negotiation.sensitivity.sobol']).__name__)")
    done = subprocess.run([sys.executable, "-c", "import sys; " + code], capture_output=True,
                          text=True, check=True)
    assert done.stdout.split() == ["True", "True", "True", "module"]


def test_packages_pickle_by_name():
    """A function that uses a package pickles with cloudpickle (as dask sends it)."""
    import pickle

    cloudpickle = pytest.importorskip("cloudpickle")
    from negotiation import sensitivity

    assert pickle.loads(pickle.dumps(sensitivity)) is sensitivity
    function = pickle.loads(cloudpickle.dumps(lambda: sensitivity.sobol))
    assert function() is sensitivity.sobol


def test_submodules_load_as_attributes():
    import negotiation

    assert negotiation.sensitivity.functions.evaluate_many is not None
    assert negotiation.bargaining.crisis.optimal_demand is not None


def test_public_names():
    import negotiation

    assert {"NormalFormGame", "GameError", "SolverError", "NegotiationError"} <= set(
        negotiation.__all__)
    assert issubclass(negotiation.GameError, ValueError)


def test_bargaining_names_load_on_first_use():
    import negotiation

    assert negotiation.alternating_offers(discount=("1/2", "1/2")).agreement[0] == 2 * \
        negotiation.alternating_offers(discount=("1/2", "1/2")).agreement[1]
    assert negotiation.BargainingProblem.split(1).nash().point == (0.5, 0.5)
