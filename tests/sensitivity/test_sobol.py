"""Sobol indices and their BCa intervals against SciPy's ``sobol_indices`` and its BCa
bootstrap (the oracle) on the same sample and the same resamples."""

import importlib
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from negotiation.errors import ParameterError
from negotiation.sensitivity import sobol

from .conftest import ishigami

sobol_module = importlib.import_module("negotiation.sensitivity.sobol")  # the function shadows it


def scipy_sobol(function, dists, n, seed, confidence, n_resamples):
    """SciPy's indices and BCa intervals, seeded as ``sobol(seed=seed)`` seeds its own:
    the Sobol sequence from the first child of the seed, the resample indices drawn by
    numpy's legacy generator from the second (SciPy's bootstrap draws from the global one)."""
    sample_seed, bootstrap_seed = np.random.SeedSequence(seed).spawn(2)
    result = stats.sobol_indices(func=lambda x: function(*x), n=n, dists=dists,
                                 rng=np.random.default_rng(sample_seed))
    state = np.random.get_state()
    np.random.seed(bootstrap_seed.generate_state(1)[0])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            boot = result.bootstrap(confidence_level=confidence, n_resamples=n_resamples)
    finally:
        np.random.set_state(state)
    return result, boot


@pytest.mark.parametrize("n, confidence, n_resamples", [(64, 0.95, 50), (256, 0.9, 200),
                                                        (1024, 0.99, 99)])
def test_indices_and_intervals_are_scipys_on_the_same_resamples(n, confidence, n_resamples):
    dists = [stats.uniform(-np.pi, 2 * np.pi), stats.norm(0, 1), stats.uniform(-np.pi, np.pi)]
    params = dict(zip(("x1", "x2", "x3"), dists))
    ours = sobol(ishigami, params, n=n, seed=7, confidence=confidence,
                 n_resamples=n_resamples, executor=None, progress=False)
    ref, boot = scipy_sobol(ishigami, dists, n, 7, confidence, n_resamples)
    for i, k in enumerate(params):
        assert ours.first_order[k] == pytest.approx(ref.first_order[i], abs=1e-12)
        assert ours.total[k] == pytest.approx(ref.total_order[i], abs=1e-12)
        for mine, theirs in ((ours.first_order_interval, boot.first_order),
                             (ours.total_interval, boot.total_order)):
            ci = theirs.confidence_interval
            assert mine[k] == pytest.approx((ci.low[i], ci.high[i]), abs=1e-12)


@pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::UserWarning")
@settings(max_examples=25, deadline=None)
@given(st.integers(4, 7), st.integers(2, 4), st.integers(0, 2 ** 32 - 1),
       st.floats(0.5, 0.995), st.integers(5, 60), st.booleans())
def test_bca_interval_is_scipys_for_any_outputs(log2n, d, seed, confidence, n_resamples,
                                                skewed):
    """Any outputs f(A), f(B), f(AB) (SciPy's dictionary input; it fails for d = 1), any
    level and count."""
    n = 2 ** log2n  # SciPy asks for a power of 2
    rng = np.random.default_rng(seed)
    f = rng.lognormal(size=(d + 2, n)) if skewed else rng.normal(size=(d + 2, n))
    f[2:] += f[0]  # outputs at AB share part of A's
    terms = sobol_module._terms(f[0], f[1], f[2:])
    low, high = sobol_module._bca_interval(terms, confidence, n_resamples,
                                           np.random.RandomState(seed))
    result = stats.sobol_indices(func={"f_A": f[:1], "f_B": f[1:2], "f_AB": f[2:, None]},
                                 n=n)
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        boot = result.bootstrap(confidence_level=confidence, n_resamples=n_resamples)
    finally:
        np.random.set_state(state)
    for j, part in enumerate((boot.first_order, boot.total_order)):
        ci = part.confidence_interval
        np.testing.assert_allclose(low[j], np.reshape(ci.low, -1), rtol=0, atol=1e-12)
        np.testing.assert_allclose(high[j], np.reshape(ci.high, -1), rtol=0, atol=1e-12)


def test_resamples_in_chunks_give_the_same_intervals(monkeypatch):
    params = {k: (-np.pi, np.pi) for k in ("x1", "x2", "x3")}
    whole = sobol(ishigami, params, n=128, seed=3, n_resamples=40, executor=None)
    monkeypatch.setattr(sobol_module, "_COUNTS", 128 * 7)  # 7 resamples at a time
    assert sobol(ishigami, params, n=128, seed=3, n_resamples=40, executor=None) == whole


def test_without_intervals():
    params = {k: (-np.pi, np.pi) for k in ("x1", "x2", "x3")}
    full = sobol(ishigami, params, n=256, seed=4, executor=None)
    bare = sobol(ishigami, params, n=256, seed=4, executor=None, confidence=None)
    assert bare.first_order == full.first_order and bare.total == full.total
    assert bare.first_order_interval is None and bare.total_interval is None
    assert list(bare.to_dataframe().columns) == ["parameter", "first_order", "total"]
    assert "x2" in bare.explain()
    import matplotlib

    matplotlib.use("Agg")
    assert bare.plot() is not None


def test_a_constant_output_has_zero_indices_and_no_interval():
    r = sobol(lambda x, y: np.ones_like(x), {"x": (0, 1), "y": (0, 1)}, n=64, seed=0,
              n_resamples=20, executor=None)
    assert r.first_order == {"x": 0.0, "y": 0.0} and r.total == {"x": 0.0, "y": 0.0}
    assert all(np.isnan(v).all() for v in r.first_order_interval.values())


@pytest.mark.parametrize("bad, message", [({"confidence": 1.5}, "confidence level is 1.5"),
                                          ({"confidence": 0}, "strictly between 0 and 1"),
                                          ({"n_resamples": 0}, "bootstrap resamples")])
def test_bad_interval_options(bad, message):
    with pytest.raises(ParameterError, match=message):
        sobol(ishigami, {k: (-np.pi, np.pi) for k in ("x1", "x2", "x3")}, n=64, **bad)
