"""The interactive explorer, driven from Python: set a slider or the concept dropdown and
check the views against the analysis at the same values; the static view without
ipywidgets."""

import re
import sys
import time
from fractions import Fraction

import pytest

import negotiation
from negotiation.errors import ParameterError
from negotiation.explorer import SHOWN, INSTALL, Explorer, StaticView, key_parameters, shown
from negotiation.scenario.analysis import CONCEPTS, analyze

pytest.importorskip("ipywidgets")


@pytest.fixture(scope="module")
def baseline():
    return negotiation.load("us_dprk_2025_baseline")


@pytest.fixture
def dash(baseline):
    return negotiation.explore(baseline)


def _attribute(html, name):
    return re.search(rf'{name}="([^"]*)"', html).group(1)


def test_lazy_name_and_by_name():
    assert "explore" in negotiation.__all__
    first = negotiation.explore
    assert callable(first) and callable(negotiation.explore)  # not shadowed by its module
    dash = negotiation.explore("us_dprk_2025_baseline", parameters=["russia.backing",
                                                                    "leader.legacy"])
    assert isinstance(dash, Explorer)
    assert list(dash.sliders) == ["russia.backing", "leader.legacy"]


def test_key_parameters_come_from_the_scenario(baseline, dash):
    names = key_parameters(baseline)
    assert names[:4] == ["russia.backing", "russia.reliability", "leader.legacy",
                         "alliance.kappa"]
    assert {"us.discount", "dprk.discount_alone"} <= set(names)
    for name, slider in dash.sliders.items():
        low, high = (float(v) for v in baseline.parameters[name].range)
        assert (slider.min, slider.max) == (low, high)
        assert slider.value == float(baseline.values[name])
    assert dash.map_axes == ("russia.backing", "leader.legacy")


def test_initial_views_match_the_analysis(baseline, dash):
    expected = analyze(shown(baseline), compare=False)
    assert dash.analysis == expected
    assert _attribute(dash.views["summary"].value, "data-regime") == expected.regime
    assert _attribute(dash.views["map"].value, "data-regime") == expected.regime


def test_full_russian_backing_changes_every_view(baseline):
    # At the baseline a deal survives every slider's range; with an alliance cost of 1 per unit
    # of concession (twice the top of its range) full backing ends every deal.
    costly = baseline.with_values({"alliance.kappa": 1})
    dash = negotiation.explore(costly)
    before = {k: v.value for k, v in dash.views.items()}
    assert dash.analysis.regime != "no deal"
    dash.sliders["russia.backing"].value = dash.sliders["russia.backing"].max
    expected = analyze(shown(costly.with_values({"russia.backing": 1})), compare=False)
    assert dash.analysis == expected
    assert expected.regime == "no deal"
    assert all(dash.views[k].value != before[k] for k in ("summary", "frontier", "map",
                                                          "package"))
    assert _attribute(dash.views["summary"].value, "data-regime") == "no deal"
    # the package view says there is no deal; the frontier marks no agreement
    assert "no deal" in dash.views["package"].value
    assert 'class="solution"' not in dash.views["frontier"].value
    assert 'class="solution"' in before["frontier"]
    # the map's marker moved to the new point, and its axes did not force a new map
    current = re.search(r'<g class="current" data-x="([^"]*)" data-y="([^"]*)"',
                        dash.views["map"].value)
    assert (float(current.group(1)), float(current.group(2))) == (1.0, 0.1)
    assert len(dash._maps) == 1


def test_frontier_marks_each_concepts_agreement(dash):
    svg = dash.views["frontier"].value
    marks = dict(re.findall(r'data-solution="([^"]*)" data-u1="[^"]*" data-u2="([^"]*)"', svg))
    shares = {k: a.utilities[1] for k, a in dash.analysis.agreements.items() if not a.empty}
    names = {"nash": "nash", "nash_patience": "asymmetric nash",
             "kalai_smorodinsky": "kalai-smorodinsky", "alternating_offers": "alternating offers"}
    assert set(marks) == {names[k] for k in shares}
    for key, share in shares.items():
        assert float(Fraction(marks[names[key]])) == pytest.approx(float(share), rel=1e-5)


def test_concept_dropdown_shows_that_concepts_package(dash):
    assert set(dash.concept.options) == {(v, k) for k, v in CONCEPTS.items()}
    for concept in CONCEPTS:
        dash.concept.value = concept
        agreement = dash.analysis.agreements[concept]
        html = dash.views["package"].value
        assert _attribute(html, "data-concept") == concept
        assert dash.agreement == agreement
        words = dash.analysis.labels
        for issue, level in agreement.package.items():
            conceded = level != next(iter(dash.scenario.issues[issue]["levels"]))
            assert f"<th>{words.issue(issue)}</th>" in html
            assert (f"<b>{words.level(issue, level)}</b>" in html) == conceded
        assert float(_attribute(html, "data-recognition")) == pytest.approx(
            agreement.recognition)


def test_recognition_shown_as_backing_falls(baseline, dash):
    dash.sliders["russia.backing"].value = 0.0
    expected = analyze(shown(baseline.with_values({"russia.backing": 0})), compare=False)
    assert dash.analysis.regime == expected.regime
    rec = dash.analysis.agreements["nash"].recognition
    assert float(_attribute(dash.views["package"].value, "data-recognition")) == rec
    assert ("leaves recognition out" in dash.views["package"].value) == (rec == 0)


def test_map_recomputed_only_off_its_axes(baseline, dash):
    first = dash.regime_map
    dash.sliders["leader.legacy"].value = 0.2  # on an axis: same map, marker moves
    assert dash.regime_map is first
    dash.sliders["alliance.kappa"].value = 0.5  # off the axes: a new map at the new value
    assert dash.regime_map is not first
    from negotiation.sensitivity import regime_map

    expected = regime_map(baseline.with_values({"alliance.kappa": 0.5, "leader.legacy": 0.2}),
                          "russia.backing", "leader.legacy", n=dash.n, refine=False)
    assert (dash.regime_map.grid == expected.grid).all()
    dash.sliders["alliance.kappa"].value = 0.25  # back: the cached map
    assert dash.regime_map is first


def test_set_updates_once_and_reset(baseline, dash):
    count = dash.updates
    dash.set({"russia.backing": 0.75, "russia.reliability": 1.0})
    assert dash.updates == count + 1
    assert dash.analysis == analyze(shown(baseline.with_values(
        {"russia.backing": 0.75, "russia.reliability": 1})), compare=False)
    dash.reset()
    assert dash.analysis == analyze(shown(baseline), compare=False)
    with pytest.raises(ParameterError, match="no slider"):
        dash.set({"dprk.warheads": 40})


def test_bad_arguments(baseline):
    with pytest.raises(ParameterError, match=r"did you mean 'russia\.backing'"):
        negotiation.explore(baseline, parameters=["russia.bakcing"])
    with pytest.raises(ParameterError, match="not a solution concept"):
        negotiation.explore(baseline, concept="shapley")
    with pytest.raises(ParameterError, match="two different"):
        negotiation.explore(baseline, map_axes=("leader.legacy", "leader.legacy"))


def test_an_error_is_shown_not_raised(monkeypatch, dash):
    import negotiation.scenario.analysis as module

    before = dash.analysis

    def broken(scenario, compare=True):
        raise ParameterError("the discount factor of DPRK is 1.")

    monkeypatch.setattr(module, "analyze", broken)
    dash.sliders["russia.backing"].value = 0.9  # a widget callback: must not raise
    assert dash.error == "the discount factor of DPRK is 1."
    assert "cannot be analysed" in dash.views["summary"].value
    assert dash.analysis is before
    monkeypatch.undo()
    dash.sliders["russia.backing"].value = 0.8
    assert dash.error is None and dash.analysis.regime == analyze(
        dash.base.with_values({"russia.backing": 0.8}), compare=False).regime


def test_display_bundle(dash):
    bundle = dash._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("<Explorer us_dprk_2025_baseline")
    assert "static snapshot" in bundle["text/html"]


def test_the_views_skip_only_what_they_do_not_show(baseline, dash):
    full = analyze(baseline, compare=False)
    assert full.backing is not None and dash.analysis.backing is None  # not shown, not computed
    for part in ("regime", "bargaining_set", "agreements", "thresholds", "players"):
        assert getattr(dash.analysis, part) == getattr(full, part), part
    assert dash.analysis.shares.items() <= full.shares.items()  # without war and power shift
    assert set(shown(baseline).settings["analyses"]) == set(SHOWN)
    assert dash.scenario.settings == baseline.settings  # the scenario itself is unchanged


def test_update_is_fast(dash):
    """Timed, not asserted (the machine is shared): printed for the benchmark record."""
    times = []
    for value in (0.0, 0.25, 0.75, 1.0):
        start = time.perf_counter()
        dash.sliders["russia.backing"].value = value
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    dash.sliders["us.discount"].value = 0.9  # off the map's axes: a new map
    times.append(time.perf_counter() - start)
    print(f"explorer updates: {', '.join(f'{t:.3f}' for t in times)} s")
    assert dash.last_update is not None


def test_static_fallback_without_ipywidgets(monkeypatch, baseline):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import raises ImportError
    view = negotiation.explore(baseline)
    assert isinstance(view, StaticView)
    html = view._repr_html_()
    assert "pip install &#x27;.[notebook]&#x27; in the negotiation checkout" in html
    assert html.count("pip install") == 1
    assert INSTALL in repr(view)
    assert view.analysis == analyze(baseline, compare=False)
    assert 'class="solution"' in html  # the frontier with the agreements, still drawn


def test_a_value_outside_the_range_widens_its_slider(baseline):
    changed = baseline.with_values({"leader.legacy": "0.3"})
    dash = negotiation.explore(changed, parameters=["russia.backing", "leader.legacy"])
    assert dash.sliders["leader.legacy"].max == 0.3
    assert dash.analysis == analyze(shown(changed), compare=False)
    dash.set({"leader.legacy": 0.1})
    dash.reset()  # back to the scenario it was opened on, not the file
    assert dash.analysis == analyze(shown(changed), compare=False)


# ---------------------------------------------------------------------- the schedule view

def _keeping_answer(full, concept):
    """The analysis's schedule answer for ``concept`` (following "the same agreement as"),
    and the sentence ``explain()`` gives for it."""
    answers = full.schedule["concepts"]
    while answers[concept]["same_as"]:
        concept = answers[concept]["same_as"]
    name = CONCEPTS[concept][0].upper() + CONCEPTS[concept][1:]
    text = full.explain().splitlines()
    head = next(k for k, line in enumerate(text) if line.startswith("Deal schedules"))
    line = next(line for line in text[head:] if line.startswith(f"- {name}: "))
    return answers[concept], line[len(f"- {name}: "):]


def _check_schedule_view(dash, scenario):
    """The schedule view against the full analysis of ``scenario`` and the engine itself;
    whether the engine re-checked the schedule shown (exact agreements of one package)."""
    from html import escape

    from negotiation.bargaining import Schedule
    from negotiation.scenario.analysis import keeping

    concept = dash.concept.value
    html = dash.views["schedule"].value
    assert _attribute(html, "data-concept") == concept
    full = analyze(scenario, compare=False)
    assert "Deal schedules" in full.explain()
    if dash.analysis.agreements[concept].empty:
        assert concept not in full.schedule["concepts"]
        assert _attribute(html, "data-keeping") == "no deal"
        return False
    answer, sentence = _keeping_answer(full, concept)
    mine = dash.schedule["concepts"][concept]
    assert {k: v for k, v in mine.items() if k != "same_as"} == \
        {k: v for k, v in answer.items() if k != "same_as"}
    assert escape(sentence, quote=True) in html  # explain()'s own sentence, word for word
    verdict = ("not kept" if not answer["holds"] else "all at once"
               if answer["all_at_once"]["self_enforcing"] else "phased")
    if concept == "nash":  # the analysis's own verdict, computed apart
        assert verdict == keeping(scenario)
    assert _attribute(html, "data-keeping") == verdict
    assert _attribute(html, "data-level") == (answer["level"] or "")
    transfer = answer["transfer"]
    assert _attribute(html, "data-transfer") == ("" if not transfer else
                                                 str(Fraction(transfer["cost"]))
                                                 if transfer["exact"] else
                                                 f"{float(transfer['cost']):.6g}")
    # the table: the schedule the sentence speaks of, phase by phase, re-checked by the engine
    table = answer["best"] or answer["all_at_once"]
    level = answer["level"] if answer["holds"] else \
        (list(full.schedule["verification"]["levels"]) or [None])[-1]
    model = scenario.model
    agreement = dash.analysis.agreements[concept]
    package = agreement.package if len(agreement.lottery) != 2 else None
    rows = re.findall(r"<tr><th>(first phase|phase \d+)</th><td>([^<]*)</td>(.*?)</tr>", html)
    assert len(rows) == len(table["phases"])
    for t, (phase, words, cells) in enumerate(rows):
        assert phase == ("first phase" if t == 0 else f"phase {t}")
        assert words == escape(", ".join(table["words"][t]), quote=True)
        slacks = [Fraction(s) for s in re.findall(r'data-slack="([^"]*)"', cells)]
        expected = [table["slack"][p][t] for p in table["slack"]]
        assert slacks == pytest.approx([Fraction(s) for s in expected], rel=1e-5)
        assert cells.count("<b>") == sum(s < 0 for s in slacks)  # broken ones in bold
    if package is not None and table["exact"]:
        check = model.schedule_problem(package, model.env(), level).check(
            Schedule(table["phases"]))
        assert check.self_enforcing == (answer["best"] is not None)
        for p, row in table["slack"].items():
            assert list(check.slack[p]) == row
    if answer["best"] is None:  # the first broken constraint is the first negative slack
        player, phase = answer["first_broken"]
        assert table["slack"][player][phase] < 0
        assert all(s >= 0 for p in table["slack"] for s in table["slack"][p][:phase])
    return package is not None and table["exact"]  # whether the engine re-checked it


def test_schedule_view_is_off_by_default_and_toggling_off_stops_the_search(monkeypatch,
                                                                            dash):
    import negotiation.scenario.analysis as module

    calls = []
    search = module.schedule_answer
    monkeypatch.setattr(module, "schedule_answer",
                        lambda *args: calls.append(args[2]) or search(*args))
    assert not dash.schedule_toggle.value and dash.schedule is None
    assert dash.views["schedule"].value == ""
    dash.sliders["russia.backing"].value = 0.25
    assert calls == []  # off: the search never runs
    dash.schedule_toggle.value = True
    assert len(calls) == 1 and list(calls[0]) == ["nash"]  # only the concept on show
    assert dash.schedule is not None and "data-keeping" in dash.views["schedule"].value
    dash.sliders["russia.backing"].value = 0.5
    assert len(calls) == 2
    dash.schedule_toggle.value = False
    assert dash.schedule is None and dash.views["schedule"].value == ""
    dash.sliders["russia.backing"].value = 0.75
    dash.concept.value = "kalai_smorodinsky"
    assert len(calls) == 2  # off again: neither a slider nor the dropdown searches


def test_schedule_view_agrees_with_the_analysis_as_sliders_move(baseline):
    dash = negotiation.explore(baseline, schedule=True)
    assert dash.schedule_toggle.value and dash.schedule_toggle.description == \
        "Can the deal hold? (deal schedules)"
    _check_schedule_view(dash, baseline)
    before = dash.views["schedule"].value
    # without Russian backing the Nash deal can be kept, but only phased (the analysis says so)
    dash.sliders["russia.backing"].value = 0.0
    assert dash.views["schedule"].value != before
    _check_schedule_view(dash, baseline.with_values({"russia.backing": 0}))
    rechecked = []
    for concept in CONCEPTS:
        dash.concept.value = concept
        rechecked.append(_check_schedule_view(dash, baseline.with_values({"russia.backing": 0})))
    assert any(rechecked)
    verdicts = set()
    for concept in CONCEPTS:
        dash.concept.value = concept
        verdicts.add(_attribute(dash.views["schedule"].value, "data-keeping"))
    assert "phased" in verdicts


def test_schedule_view_of_no_deal_and_of_named_offers():
    costly = negotiation.load("us_dprk_2025_baseline").with_values({"alliance.kappa": 1})
    dash = negotiation.explore(costly, schedule=True)
    dash.sliders["russia.backing"].value = 1  # no deal under any concept (see above)
    _check_schedule_view(dash, costly.with_values({"russia.backing": 1}))
    assert "no schedule to keep" in dash.views["schedule"].value
    # a scenario with offers on the record: each is shown with the analysis's verdict
    summits = negotiation.load("us_dprk_2018_summits")
    dash = negotiation.explore(summits, schedule=True)
    _check_schedule_view(dash, summits)
    from html import escape

    from negotiation.scenario.analysis import schedule_lines

    lines = schedule_lines(analyze(summits, compare=False).schedule)[1]
    for offer in summits.settings["schedule"]["schedules"].values():
        label = offer["label"][0].upper() + offer["label"][1:]
        text = dict(lines)[label]
        assert (f"<li><b>{escape(label, quote=True)}</b>: {escape(text, quote=True)}</li>"
                in dash.views["schedule"].value)
