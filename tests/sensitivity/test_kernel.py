"""The compiled kernel gives the numbers of the numpy passes (both are checked against the
exact analysis in test_scenario_outputs.py)."""

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.errors import NegotiationError
from negotiation.sensitivity import as_target, kernel, monte_carlo
from negotiation.sensitivity.functions import concepts, tables_at

pytestmark = pytest.mark.skipif(not kernel.NUMBA, reason="numba is not installed "
                                "(the fast extra); the numpy path runs everywhere else")

SCENARIOS = ["us_dprk_2025_baseline", "us_dprk_2018_summits", "russia_full_backing",
             "legacy_deal", "alliance_first"]


def assert_same(a, b):
    assert a.keys() == b.keys()
    for key in a:
        assert np.array_equal(a[key], b[key], equal_nan=True), key


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=5), st.data(),
       st.integers(1, 12), st.integers(0, 2**32 - 1), st.booleans())
def test_kernel_equals_numpy_passes_with_ties(sizes, data, n, seed, option):
    """Issue values on a coarse grid make exact ties, equal packages and zero gains
    common; outside options raise the walk-away values (``option``).  Without the
    weighted Nash and Kalai–Smorodinsky solutions the kernel sweeps by blocks, leaving
    out those that bounds exclude."""
    recognition = data.draw(st.integers(0, len(sizes) - 1))
    rng = np.random.default_rng(seed)
    values = [np.round(rng.normal(size=(n, sum(sizes))), 1) for _ in range(2)]
    d = [np.round(rng.normal(size=n), 1) for _ in range(2)]
    e = [np.round(rng.random(n), 1) * option for _ in range(2)]
    w = rng.random(n)
    args = (*values, sizes, recognition, *d, *e, (w, 1 - w))
    for flags in ({}, {"nash": False}, {"patience": False, "ks": False}):
        assert_same(kernel.concepts(*args, **flags), concepts(*args, **flags))
    assert_signs_agree(kernel.concepts(*args, patience=False, ks=False, exact=False),
                       concepts(*args))


def assert_signs_agree(fast, exact):
    """Without exact margins: the solutions the same, each margin column at most the
    margin, the margin without recognition and the larger of the two (the deal) positive
    exactly where they are."""
    for key in ("nash_us", "nash_dprk", "nash_recognition"):
        assert np.array_equal(fast[key], exact[key], equal_nan=True), key
    columns = ("margin_without_recognition", "margin_with_recognition")
    for key in columns:
        assert np.all(fast[key] <= exact[key]), key
    signs = [(c[columns[0]] > 0, np.maximum(*(c[k] for k in columns)) > 0)
             for c in (fast, exact)]
    assert np.array_equal(signs[0], signs[1])


@pytest.mark.parametrize("name", SCENARIOS)
def test_kernel_equals_numpy_passes_on_scenarios(name):
    scenario = negotiation.load(name)
    t = as_target(scenario)
    rng = np.random.default_rng(7)
    draws = {k: t.spec(k).sample(300, rng) for k in t.parameters}
    tables, sizes, k, d, e, weights = tables_at(scenario.model, draws, 300)
    args = (*tables, sizes, k, *d, *e, weights)
    for flags in ({}, {"patience": False, "ks": False}):  # the second sweeps by blocks
        assert_same(kernel.concepts(*args, **flags), concepts(*args, **flags))
    assert_signs_agree(kernel.concepts(*args, patience=False, ks=False, exact=False),
                       concepts(*args))


def test_monte_carlo_summaries_are_the_same_on_both_paths(baseline, monkeypatch):
    outputs = ["nash", "nash_us", "nash_patience", "nash_recognition", "kalai_smorodinsky",
               "margin", "deal", "regime"]
    summaries = []
    for engine in ("numba", "numpy"):
        monkeypatch.setattr(kernel, "ENGINE", engine)
        summaries.append(monte_carlo(baseline, 5000, seed=3, outputs=outputs, progress=False,
                                     executor=None).summary)
    numba, numpy = summaries
    assert numba.keys() == numpy.keys()
    for o in outputs:
        if "probabilities" in numpy[o]:
            assert numba[o] == numpy[o]
        else:
            for key, value in numpy[o].items():
                assert numba[o][key] == pytest.approx(value, rel=1e-12, abs=1e-12), (o, key)


def test_the_engine_switch(monkeypatch):
    monkeypatch.setattr(kernel, "ENGINE", "numpy")
    assert not kernel.available()
    monkeypatch.setattr(kernel, "ENGINE", "auto")
    assert kernel.available()
    assert kernel.available(kernel.KERNEL_POINTS)
    monkeypatch.setattr(kernel, "NUMBA", False)
    assert not kernel.available()
    with pytest.raises(NegotiationError, match="needs numba"):
        kernel.concepts(np.zeros((1, 2)), np.zeros((1, 2)), [2], 0, 0, 0, 0, 0, (1, 1))
    monkeypatch.setattr(kernel, "ENGINE", "numba")
    with pytest.raises(NegotiationError, match="numba is not installed"):
        kernel.available()


def test_small_evaluations_leave_numba_unloaded():
    """A small evaluation takes the numpy passes (the same numbers) without loading numba;
    a large one loads the compiled kernel, which then serves small ones too."""
    code = ("import sys, numpy as np, negotiation\n"
            "from negotiation.sensitivity import as_target, kernel\n"
            "t = as_target(negotiation.load('us_dprk_2025_baseline'))\n"
            "small = {'russia.backing': np.linspace(0, 1, 50)}\n"
            "first = t(small, ['regime', 'nash'])\n"
            "print('numba' in sys.modules)\n"
            "t({'russia.backing': np.linspace(0, 1, kernel.KERNEL_POINTS)}, ['regime'])\n"
            "print('numba' in sys.modules)\n"
            "again = t(small, ['regime', 'nash'])\n"
            "print(all(np.array_equal(first[k], again[k], equal_nan=k != 'regime')\n"
            "          for k in first))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "NEGOTIATION_KERNEL": "auto"})
    assert out.stdout.split() == ["False", "True", "True"]


def test_recognition_mask_is_the_models(baseline):
    model = baseline.model
    sizes = [len(i.levels) for i in model.issues]
    k = model.issue_names.index(model.recognition)
    assert np.array_equal(kernel.recognition_mask(sizes, k), model.recognition_mask())
