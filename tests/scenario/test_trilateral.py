"""The case as a three-player game: payoffs from the scenario, equilibria, QRE curve."""

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.cli import main
from negotiation.errors import ScenarioError
from negotiation.scenario.trilateral import (OUTCOMES, modal_outcome, outcome_probabilities,
                                             trilateral, trilateral_game)


@pytest.fixture(scope="module")
def baseline():
    return negotiation.load("us_dprk_2025_baseline")


@pytest.fixture(scope="module")
def analysis(baseline):
    return trilateral(baseline)


def test_payoffs_are_the_scenarios_utilities(baseline):
    # the float model, evaluated independently, gives the same payoffs; the packages are
    # the best for the US among those the DPRK accepts at each level
    game, packages = trilateral_game(baseline)
    model = baseline.model
    rows = model.levels()
    index = {tuple(model.package(r).items()): k for k, r in enumerate(rows)}
    for r, level in enumerate((0.0, float(baseline.values[model.level]))):
        env = model.env({model.level: level}, floats=True)
        u_us, u_k = model.utilities(env)
        u_ru, ru_none = model.patron_payoffs(env)
        walk = float(model.walk_away(env)[1])
        acceptable = u_k >= walk - 1e-12
        chosen = index[tuple(packages["tough" if r == 0 else "generous"].items())]
        assert acceptable[chosen] and u_us[chosen] == pytest.approx(u_us[acceptable].max())
        for o, name in enumerate(("tough", "generous")):
            k = index[tuple(packages[name].items())]
            deal = (u_ru[k], u_us[k], u_k[k])
            assert np.allclose(np.array(game.payoffs[:, r, o, 0], dtype=float), deal)
        nothing = (ru_none, float(model.disagreement(env)[0]), walk)
        assert np.allclose(np.array(game.payoffs[:, r, 2, 1], dtype=float), nothing)
        assert np.allclose(np.array(game.payoffs[:, r, 0, 1], dtype=float), nothing)
    assert game.exact


def test_equilibria_agree_with_gambit(analysis):
    gbt = pytest.importorskip("pygambit")
    from tests.equilibria.gambit_files import gambit_game

    game = analysis.game
    for eq in analysis.equilibria:
        assert game.is_equilibrium(eq.strategies)
    # every equilibrium pygambit's enumpoly finds is one of ours or in a continuum
    G = gambit_game(gbt, game)
    theirs = gbt.nash.enumpoly_solve(G).equilibria
    assert theirs
    for profile in theirs:
        sigma = [[float(v) for _, v in profile[player]] for player in G.players]
        mine = any(max(abs(float(p) - q) for s, t in zip(eq.strategies, sigma)
                       for p, q in zip(s, t)) < 1e-6 for eq in analysis.equilibria)
        assert mine or any(v.contains(sigma, tol=1e-6) for v in analysis.equilibria.varieties)


def test_the_qre_curve_agrees_with_gambit(analysis):
    gbt = pytest.importorskip("pygambit")
    from tests.equilibria.gambit_files import gambit_game

    G = gambit_game(gbt, analysis.game)
    for lam, theirs in zip([0.5, 3.0], gbt.qre.logit_solve_lambda(G, [0.5, 3.0])):
        ours = analysis.game.logit_qre(lam)
        expected = [float(v) for p in G.players for _, v in theirs.profile[p]]
        assert np.allclose(np.concatenate(ours.strategies), expected, atol=1e-6)


def test_the_prediction_changes_at_the_critical_precision(analysis):
    lam = analysis.critical_precision
    assert analysis.limit_outcome == modal_outcome(analysis.branch.limit.strategies)
    assert lam > 0
    above = analysis.game.logit_qre(lam * 1.001)
    below = analysis.game.logit_qre(lam * 0.999)
    assert modal_outcome(above.strategies) == analysis.limit_outcome
    assert modal_outcome(below.strategies) != analysis.limit_outcome
    # and it stays the limit's above: every traced point past the threshold agrees
    for point, outcome in analysis.modal_outcomes():
        if point > lam * 1.001:
            assert outcome == analysis.limit_outcome
    assert f"{lam:.3g}" in analysis.explain()
    frame = analysis.to_dataframe()
    assert np.allclose(frame[[f"P({o})" for o in OUTCOMES]].sum(axis=1), 1)
    json.dumps(analysis.to_dict())
    assert "<p>" in analysis._repr_html_()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=7, max_size=7))
def test_outcome_probabilities_add_up(weights):
    def vector(ws):
        total = sum(ws) or 1
        return [Fraction(w, total) if sum(ws) else Fraction(1, len(ws)) for w in ws]

    profile = (vector(weights[:2]), vector(weights[2:5]), vector(weights[5:]))
    p = outcome_probabilities(profile)
    assert sum(p) == 1 and min(p) >= 0
    assert modal_outcome(profile) == OUTCOMES[p.index(max(p))]


def test_a_scenario_without_backing_is_refused():
    summits = negotiation.load("us_dprk_2018_summits")
    with pytest.raises(ScenarioError, match="two backing levels"):
        trilateral_game(summits)
    game, _ = trilateral_game(summits, levels=(0, 1))
    assert game.shape == (2, 3, 2)


def test_cli(capsys):
    assert main(["solve", "us_dprk_2025_baseline", "--three-players"]) == 0
    assert "three-player game" in capsys.readouterr().out
    assert main(["solve", "us_dprk_2025_baseline", "--three-players", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["players"] == ["Russia", "US", "DPRK"] and data["critical_precision"] > 0
    assert main(["solve", "us_dprk_2018_summits", "--three-players"]) == 2
    assert "backing levels" in capsys.readouterr().err
