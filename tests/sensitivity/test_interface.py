"""Bad input gets one clear sentence; results plot; the command line."""

import pytest

from negotiation.cli import main
from negotiation.errors import ParameterError
from negotiation.sensitivity import (monte_carlo, regime_map, sobol, threshold, tornado)

from .conftest import COMPOSITE, PRIORS, composite


def test_unknown_parameter(baseline):
    with pytest.raises(ParameterError, match=r"'russia.backin' is not a parameter of "
                                             r"us_dprk_2025_baseline; did you mean "
                                             r"'russia.backing'"):
        threshold(baseline, "russia.backin")


def test_range_outside_the_domain(baseline):
    with pytest.raises(ParameterError, match=r"outside its allowed domain.*discount factor"):
        threshold(baseline, "us.discount", bounds=(0.5, 1.2))
    with pytest.raises(ParameterError, match="the low one first"):
        tornado(composite, "x", {**PRIORS, "L": (0.2, 0.0)})


def test_zero_samples_and_bad_n():
    with pytest.raises(ParameterError, match="the number of draws n is 0, but it must be a "
                                             "positive whole number"):
        monte_carlo(composite, n=0, parameters=PRIORS)
    with pytest.raises(ParameterError, match="power of 2"):
        sobol(composite, PRIORS, n=1000, output="x")
    with pytest.raises(ParameterError, match="'y' is not an output"):
        sobol(composite, PRIORS, n=64, output="y")
    with pytest.raises(ParameterError, match="must be a \\(low, high\\) range"):
        sobol(composite, {**PRIORS, "L": "wide"}, n=64)


def test_results_plot_and_explain(composite_scenario):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    results = [tornado(composite, "x", PRIORS),
               monte_carlo(composite, 1000, seed=1, parameters=PRIORS, outputs=["x"]),
               regime_map(composite_scenario, "R", "kappa", n=6),
               threshold(composite_scenario, "R", output="margin"),
               sobol(composite, PRIORS, n=64, seed=1, output="x", n_resamples=20)]
    for r in results:
        assert r.plot() is not None
        assert isinstance(r.explain(), str) and r.explain()
        assert len(r.to_dataframe()) > 0


def test_cli_sweep_map_sensitivity(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    assert main(["sweep", str(COMPOSITE), "--parameter", "R", "--values", "0:2:5",
                 "--output", "nash", "--output", "regime"]) == 0
    out = capsys.readouterr().out
    assert "regime" in out and "no deal" in out
    png, csv = tmp_path / "map.png", tmp_path / "map.csv"
    assert main(["map", str(COMPOSITE), "--x", "R", "--y", "kappa=0.1:0.5", "--n", "8",
                 "--png", str(png), "--csv", str(csv)]) == 0
    assert png.stat().st_size > 0 and csv.read_text().startswith("R,kappa,regime")
    assert main(["sensitivity", str(COMPOSITE), "--method", "tornado", "--json"]) == 0
    assert '"swing"' in capsys.readouterr().out
    assert main(["sensitivity", str(COMPOSITE), "--method", "sobol", "--n", "64",
                 "--parameters", "kappa,L,d_U"]) == 0
    assert main(["sensitivity", str(COMPOSITE), "--method", "statics"]) == 0


def test_cli_bad_input(capsys):
    assert main(["sweep", str(COMPOSITE), "--parameter", "Q", "--values", "0:1:3"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("negotiation: error: 'Q' is not a parameter") and err.count("\n") == 1
    assert main(["sensitivity", str(COMPOSITE), "--method", "sobol", "--n", "0"]) == 2
    assert "positive whole number" in capsys.readouterr().err
    assert main(["sensitivity", str(COMPOSITE), "--parameters", "kapa"]) == 2
    assert "did you mean 'kappa'" in capsys.readouterr().err
    assert main(["map", str(COMPOSITE), "--x", "delta_K=0.5:1.5", "--y", "kappa"]) == 2
    assert "outside its allowed domain" in capsys.readouterr().err


def test_sobol_is_reproducible_from_its_seed_alone():
    """The bootstrap intervals too: SciPy draws them from numpy's global generator,
    which the seed governs for the call (and which is left as it was)."""
    import numpy as np

    from .conftest import ishigami

    params = {k: (-np.pi, np.pi) for k in ("x1", "x2", "x3")}
    np.random.seed(1)
    a = sobol(ishigami, params, n=256, seed=5, n_resamples=30, progress=False)
    after = np.random.get_state()[1].copy()
    np.random.seed(2)
    b = sobol(ishigami, params, n=256, seed=5, n_resamples=30, progress=False)
    assert a == b
    np.random.seed(1)
    assert (np.random.get_state()[1] == after).all()  # the global state is restored


def test_sobol_of_an_output_undefined_somewhere(baseline):
    # with an alliance cost of 1 per unit of concession, strong backing ends every deal
    costly = baseline.with_values({"alliance.kappa": 1})
    with pytest.raises(ParameterError, match=r"'nash' is undefined \(nan\) at .* Sobol "
                                             r"evaluations.*'margin'"):
        sobol(costly, ["russia.backing", "russia.reliability"], n=64, seed=0, output="nash",
              progress=False)


def test_tornado_ranks_undefined_swings_last():
    import numpy as np

    def f(a, b, c):
        return np.where(c > 0.9, np.nan, a + 2 * b + 0.5 * c)

    rows = tornado(f, parameters={"a": (0, 1), "b": (0, 1), "c": (0, 1)}).rows
    assert [r["parameter"] for r in rows] == ["b", "a", "c"]
    assert np.isnan(rows[-1]["swing"])


def test_a_function_that_takes_no_keywords():
    import numpy as np

    with pytest.raises(ParameterError, match=r"sin must take its parameters as keyword "
                                             r"arrays \(x=array\).*lambda x"):
        threshold(np.sin, "x", bounds=(0, 6), level=0)


def test_monte_carlo_plots_what_its_summary_holds(composite_scenario):
    """Regime probabilities are drawn from the summary (bars of the estimated length, one
    interval each), so they need no samples; a histogram needs them."""
    import matplotlib

    matplotlib.use("Agg")
    r = monte_carlo(composite_scenario, 2000, seed=3, outputs=["regime", "nash"], keep=False,
                    progress=False)
    ax = r.plot("regime").axes[0]
    probabilities = r.summary["regime"]["probabilities"]
    assert [p.get_width() for p in ax.patches] == [p for p, _, _ in probabilities.values()]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(probabilities)
    with pytest.raises(ParameterError, match="samples were not kept"):
        r.plot("nash")
