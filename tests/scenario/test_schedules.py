"""Deal schedules in the case: the scenario format, the steps a package gives the schedule
engine, a deal that holds only when phased (checked by hand), the historical checks (Hanoi,
the Agreed Framework) and the invariants of the schedule answer over the plausible box."""

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.bargaining import Schedule
from negotiation.errors import DomainError, ScenarioError
from negotiation.scenario import bundled, load, loads

FIXTURES = Path(__file__).parent / "fixtures"
PHASED = FIXTURES / "phased.yaml"
CASE = tuple(bundled())


@pytest.fixture(scope="module")
def phased():
    return load(PHASED)


@pytest.fixture(scope="module")
def summits():
    return load("us_dprk_2018_summits")


@pytest.fixture(scope="module")
def framework():
    return load("agreed_framework_1994")


# ------------------------------------------------------------------ the steps of a package

@pytest.mark.parametrize("name", CASE)
def test_steps_add_up_to_the_package(name):
    """The steps' values = the package's utility less that of the package in which nobody
    concedes anything, exactly, for the Nash agreement and every named schedule: the
    schedule engine sees the package the bargaining model sees."""
    scenario = load(name)
    model = scenario.model
    space = model.package_space()
    nothing = space.exact_utilities([0] * len(model.issues))
    packages = [p["package"] for p in scenario.settings["schedule"]["schedules"].values()]
    nash = scenario.analyze(compare=False).agreements["nash"]
    packages.append(nash.package)
    for package in packages:
        full = {i.name: package.get(i.name, i.levels[0]) for i in model.issues}
        row = [i.levels.index(full[i.name]) for i in model.issues]
        worth = space.exact_utilities(row)
        problem = model.schedule_problem(full)
        for k, actor in enumerate(model.players):
            assert sum(s.values[actor] for s in problem.steps) == worth[k] - nothing[k]
        conceded = {i for i, level in full.items()
                    if level != next(iter(scenario.issues[i]["levels"]))}
        assert {s.name.split(".")[0] for s in problem.steps} == conceded


def test_tranches_split_a_step_into_equal_parts(phased):
    problem = phased.model.schedule_problem({"relief": "full", "freeze": "no",
                                             "dismantle": "no"})
    assert [s.name for s in problem.steps] == ["relief.1", "relief.2"]
    assert all(s.values == {"US": Fraction(-1, 16), "DPRK": Fraction(1, 2)}
               for s in problem.steps)
    assert [s.label for s in problem.steps] == ["relief (tranche 1 of 2)",
                                                "relief (tranche 2 of 2)"]


def test_verification_levels_set_detection_and_cost(summits):
    model = summits.model
    package = summits.settings["schedule"]["schedules"]["hanoi_dprk"]["package"]
    full = {i.name: package.get(i.name, i.levels[0]) for i in model.issues}
    v = summits.values
    plain = model.schedule_problem(full, verification="declaration")
    strict = model.schedule_problem(full, verification="challenge")
    assert plain.detection == {"US": 1, "DPRK": v["verify.declaration"]}
    assert strict.detection == {"US": 1, "DPRK": v["verify.challenge"]}
    # the level's cost comes off the DPRK's payoff while the deal runs: in the steady state
    # of a one-phase schedule its value falls by cost / (1 − δ(1 − r))
    once = Schedule((tuple(s.name for s in plain.steps if s.duration == 1),
                     tuple(s.name for s in plain.steps if s.duration > 1)))
    drop = plain.check(once).values["DPRK"][-1] - strict.check(once).values["DPRK"][-1]
    delta, r = v["power.discount"], v["us.reversal"]
    assert drop == v["verify.cost.challenge"] / (1 - delta * (1 - r))
    assert strict.reversal == v["us.reversal"]
    assert strict.discount == {"US": v["power.discount"], "DPRK": v["power.discount"]}
    with pytest.raises(ScenarioError, match="'none' is not a verification level"):
        model.schedule_problem(full, verification="none")


# ------------------------------------------------------------------ a deal that holds when phased

def test_a_deal_that_holds_only_when_phased_by_hand(phased):
    r"""Relief (US: −a, DPRK: +b, two tranches), a freeze (US: +f, DPRK: −h, reversible) and
    a dismantling (US: +c, DPRK: −e, irreversible); a = c = e = 1/8, b = 1, f = 1/4, h = 1/2,
    δ = 1/2, no reversal, every violation caught at once, walk-away values 0.

    * All at once: the DPRK complies for (b − e − h)/(1 − δ) = 3/4; reneging it withholds the
      freeze and the dismantling, has the relief for one period (b = 1) and then nothing:
      slack −1/4.  It needs (b − e − h) ≥ (1 − δ) b, δ ≥ 5/8.  The US complies for
      (c + f − a)/(1 − δ) = 1/2; reneging it withholds relief, has c + f = 3/8 for a period
      and keeps the dismantling, δ c/(1 − δ) = 1/8: slack 0 (it needs δ ≥ 1/2 and has it).
    * Relief and the dismantling first, the freeze in phase 1: the DPRK complies in phase 0
      for (b − e) + δ · 3/4 = 5/4 and reneging gets b = 1 (slack 1/4); in phase 1 reneging
      keeps the dismantling sunk, (b − e) + δ(−e)/(1 − δ) = 3/4 (slack 0).  The US: phase 0
      (c − a) + δ · 1/2 = 1/4 against c + δ c/(1 − δ) = 1/4, phase 1 1/2 against 1/2.
    * The cheapest payment making the all-at-once deal hold: x a period to the DPRK, not paid
      in a period in which it cheats (caught at once), so 2x ≥ 1/4: x = 1/8, cost 1/4.
    """
    a = phased.analyze()
    e = a.self_enforcement
    assert e["holds"] == {"US": True, "DPRK": False} and not e["self_enforcing"]
    assert e["thresholds"]["DPRK"] == pytest.approx(5 / 8, abs=1e-11)
    assert e["thresholds"]["US"] == pytest.approx(1 / 2, abs=1e-11)
    answer = a.schedule["concepts"]["nash"]
    once = answer["all_at_once"]
    assert once["slack"] == {"US": [0], "DPRK": [Fraction(-1, 4)]}
    assert answer["holds"] and answer["level"] is None
    best = answer["best"]
    assert best["phases"] == [["relief.1", "relief.2", "dismantle"], ["freeze"]]
    assert best["slack"] == {"US": [0, 0], "DPRK": [Fraction(1, 4), 0]}
    transfer = answer["transfer"]
    assert transfer["transfers"] == {"US": [0], "DPRK": [Fraction(1, 8)]}
    assert transfer["cost"] == Fraction(1, 4) and transfer["exact"] and transfer["verified"]
    named = a.schedule["named"]
    assert named["dismantle_first"]["self_enforcing"]
    assert named["freeze_first"]["first_broken"] == ["DPRK", 0]
    text = a.explain()
    assert ("it holds with every violation caught at once when delivered in this order: relief "
            "(both tranches at once) and the dismantling first; then, in phase 1, the freeze."
            in text)
    assert "a third party paying DPRK 0.125 a year (a discounted total of 0.25" in text
    assert "no chance that the deal is reversed from outside" in text
    assert "relief (one tranche of two) and the freeze first" in text


def test_the_minimal_transfer_is_no_larger_than_any_on_a_grid(phased):
    """Brute force: no constant payment to the DPRK below the LP's makes the deal hold."""
    problem = phased.model.schedule_problem(phased.analyze().agreements["nash"].package)
    once = Schedule((tuple(s.name for s in problem.steps),))
    plan = problem.minimal_transfer(once)
    for k in range(40):
        x = Fraction(k, 320)
        holds = problem.check(once, {"US": [0], "DPRK": [x]}).self_enforcing
        assert holds == (x >= plan.transfers["DPRK"][0])


# ------------------------------------------------------------------ the record

@pytest.mark.parametrize("offer", ["hanoi_dprk", "hanoi_us"])
def test_neither_hanoi_schedule_holds_for_both_sides(summits, offer):
    """Hanoi, 27–28 February 2019: the DPRK offered Yongbyon and a written moratorium for
    relief from the five 2016–17 resolutions, relief first (Ri Yong Ho, Hanoi press
    conference, 1 March 2019); the US asked for everything first (President Trump's press
    conference, Hanoi, 28 February 2019).  Under the 2019 parameters neither schedule keeps
    both sides from reneging, at any verification level."""
    model = summits.model
    spec = summits.settings["schedule"]["schedules"][offer]
    full = {i.name: spec["package"].get(i.name, i.levels[0]) for i in model.issues}
    for level in summits.settings["verification"]["levels"]:
        check = model.schedule_problem(full, verification=level).check(
            Schedule(spec["phases"]))
        assert not check.self_enforcing, level
    answer = summits.analyze(compare=False).schedule["named"][offer]
    assert not all(answer["holds_for"].values())
    # who balks is the side the offer asks most of: the US at the DPRK's offer, the DPRK at
    # the US's
    assert answer["holds_for"] == ({"US": False, "DPRK": True} if offer == "hanoi_dprk" else
                                   {"US": True, "DPRK": False})


def test_the_singapore_steps_held(summits):
    """The Singapore steps — exercises suspended (US Department of Defense, 18 June 2018), a
    peace declaration, the test halt kept — were kept through 2019."""
    assert summits.analyze(compare=False).schedule["named"]["singapore"]["self_enforcing"]


def test_the_2018_record_names_the_schedules_that_failed(summits):
    record = summits.analyze(compare=False).record
    assert any("the DPRK's offer at Hanoi and the US's all-in offer at Hanoi would not have "
               "held as scheduled" in r for r in record["reasons"])


def test_the_agreed_framework_held_for_its_first_phases_then_the_dprk_broke_it(framework):
    """Agreed Framework, 21 October 1994: the freeze held from 1994; in 2002 the US exposed a
    covert enrichment programme that had run for some years (US Department of State, press
    statement of 16 October 2002), before the DPRK's full compliance with safeguards came due.
    In the model the schedule holds for its first phases and the first constraint to break
    is the DPRK's, before the phase in which full compliance with safeguards is due — the one
    the file's record names."""
    a = framework.analyze()
    offer = a.schedule["named"]["agreed_framework"]
    side, phase = offer["first_broken"]
    due = next(t for t, p in enumerate(offer["phases"]) if "safeguards" in p)
    assert side == "DPRK" and 3 <= phase < due
    for actor, row in offer["slack"].items():
        assert all(s >= 0 for s in row[:phase]), actor
    assert all(s >= 0 for s in offer["slack"]["US"])
    broke = framework.settings["record"]["broke"]
    assert [broke["side"], broke["phase"]] == offer["first_broken"]
    assert a.record["broke"]["agrees"] and a.record["agrees"]
    assert "In the model the first constraint to break is DPRK's, in phase 6, as on the record." \
        in a.explain()


# ------------------------------------------------------------------ the format

def _phased_text(**edits):
    text = PHASED.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("old, new, message", [
    ("step: {reversible: false}", "step: {reversible: false, tranches: 2}",
     r"issues\.dismantle\.step\.tranches: an irreversible step cannot be split into tranches"),
    ("phases: [[relief, dismantle], [freeze]]", "phases: [[relief, dismantle], [frieze]]",
     r"schedule\.schedules\.dismantle_first\.phases\[1\]\[0\]: 'frieze' is not a step of the "
     r"package; did you mean 'freeze'\?"),
    ("phases: [[relief, dismantle], [freeze]]", "phases: [[relief, dismantle]]",
     r"schedule\.schedules\.dismantle_first\.phases: these steps of the package are in no "
     r"phase: freeze"),
    ("phases: [[relief, dismantle], [freeze]]", "phases: [[relief, dismantle], [relief.1, "
     "freeze]]", r"the step relief\.1 is placed twice \(in phases 0 and 1\)"),
    ("step: {reversible: false}", "step: {reversible: false, duration: 2}",
     r"dismantle takes 2 phases of work, so it cannot be in force before phase 1; it is "
     r"placed in 0"),
    ("  max_phases: 2\n", "  max_phases: 2\n  reversal: 1.5\n",
     r"schedule\.reversal: the probability of reversal is 1\.5, but it must lie in \[0, 1\]"),
    ("analyses:", "compliance: {discount: {US: delta, DPRK: delta}}\nanalyses:",
     r"compliance: the schedule section gives the patience for keeping a deal, with the "
     r"reversal risk counted on its own; compliance\.discount would count it a second time"),
    ("analyses:", "verification:\n  side: ROK\n  levels: {x: {detection: 2}}\nanalyses:",
     r"verification\.side: 'ROK' is not a bargainer"),
    ("analyses:", "verification:\n  side: DPRK\n  levels: {x: {detection: 2}}\nanalyses:",
     r"verification\.levels\.x\.detection: the probability of detection is 2, but it must lie "
     r"in \[0, 1\]"),
    ("analyses:", "verification:\n  side: DPRK\n  levels: {x: {detection: 1, cost: -1}}\n"
     "analyses:", r"verification\.levels\.x\.cost: the cost of verification is -1, but it must "
     r"lie in \[0, inf\)"),
    ("      phases: [[relief.1, freeze], [relief.2, dismantle]]\n",
     "      phases: [[relief.1, freeze], [relief.2, dismantle]]\n      verification: iaea\n",
     r"'iaea' is not a verification level"),
    ("analyses:", "record:\n  deal: true\n  summary: x\n  broke: {schedule: hanoi, side: DPRK, "
     "phase: 0, summary: x}\nanalyses:", r"record\.broke\.schedule: 'hanoi' is not a named "
     r"schedule"),
])
def test_a_bad_schedule_is_refused_naming_the_file_the_key_and_the_problem(old, new, message):
    with pytest.raises(ScenarioError, match=message) as error:
        loads(_phased_text(**{old: new}), name="phased.yaml")
    assert "phased.yaml" in str(error.value)


def test_a_step_value_out_of_its_domain_is_refused_when_set(summits):
    with pytest.raises(ScenarioError, match=r"verify\.iaea is 1\.5, outside its domain"):
        summits.with_values({"verify.iaea": 1.5})


# ------------------------------------------------------------------ over the plausible box

def _point(scenario, data):
    values = {}
    for name, parameter in scenario.parameters.items():
        lo, hi = (Fraction(v) for v in parameter.range)
        values[name] = lo + (hi - lo) * Fraction(data.draw(st.integers(0, 4)), 4)
    return scenario.with_values(values)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(CASE), data=st.data())
def test_every_reported_schedule_is_checked_exactly_everywhere_in_the_box(name, data):
    """At any point of the plausible box (every parameter, the schedule's ones included):
    each schedule the answer reports re-checks exactly to the slack it reports; a schedule
    reported to hold has no negative slack; one reported broken breaks first where it says;
    the self-enforcement verdict is the all-at-once schedule's at the least intrusive level;
    a reported transfer makes the all-at-once schedule hold."""
    try:
        scenario = _point(load(name), data)
        a = scenario.analyze(compare=False)
    except DomainError:
        return  # a corner the model cannot mean (a discount factor of 1) is refused in one sentence
    model = scenario.model
    env = model.env()
    levels = list(scenario.settings["verification"]["levels"])
    nash = a.agreements["nash"]
    if not nash.empty:
        problem = model.schedule_problem(dict(nash.package) if not nash.lottery else
                                         tuple(nash.lottery), env)
        once = problem.check(Schedule.from_phase_of(
            {s.name: s.duration - 1 for s in problem.steps}))
        assert a.self_enforcement["self_enforcing"] == once.self_enforcing
    for answer in a.schedule["concepts"].values():
        for key in ("best", "all_at_once"):
            checked = answer[key]
            if checked is None:
                continue
            assert checked["self_enforcing"] == all(s >= 0 for row in checked["slack"].values()
                                                    for s in row)
            if checked["first_broken"]:
                who, t = checked["first_broken"]
                assert checked["slack"][who][t] < 0
                assert all(s >= 0 for row in checked["slack"].values() for s in row[:t])
        if answer["best"] is not None:
            assert answer["best"]["self_enforcing"] and answer["level"] in levels
        if answer["transfer"] is not None:
            assert answer["transfer"]["verified"] and answer["transfer"]["cost"] >= 0
    for name_, offer in a.schedule["named"].items():
        spec = scenario.settings["schedule"]["schedules"][name_]
        check = model.schedule_problem(offer["package"], env, offer["level"]).check(
            Schedule(spec["phases"]))
        assert {k: list(v) for k, v in check.slack.items()} == offer["slack"]


@pytest.mark.parametrize("name", ["us_dprk_2025_baseline", "us_dprk_2018_summits"])
def test_with_every_step_reversible_and_no_reversal_the_engine_is_grim_trigger(name):
    """The one model of keeping a deal against the one it replaced: with every step
    reversible, of one phase, no reversal and every violation caught, the all-at-once
    schedule's critical discount factors are those of ``repeated.PhasedDeal`` under grim
    trigger for the Nash package (payoff u, temptation u − what the side gives, punishment
    the walk-away value), computed here independently."""
    from negotiation.bargaining.repeated import PhasedDeal
    from negotiation.scenario.loading import models_dir

    text = (models_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    for old, new in (("reversible: false", "reversible: true"), ("duration: 2", "duration: 1"),
                     ("duration: 3", "duration: 1"), ("reversal: us.reversal", "reversal: 0")):
        text = text.replace(old, new)
    text += "\nanalyses: [bargaining_set, solutions, self_enforcement]\n"
    scenario = loads(text, name=f"{name}.yaml").with_values({"verify.declaration": 1})
    a = scenario.analyze(compare=False)
    model, nash = scenario.model, a.agreements["nash"]
    u = nash.utilities
    gives = [sum((model.issue_values(actor)[i.name][i.levels.index(nash.package[i.name])]
                  - model.issue_values(actor)[i.name][0]) for i in model.issues
                 if i.side == actor) for actor in model.players]
    grim = PhasedDeal(payoffs=[[u[0]], [u[1]]],
                      temptations=[[u[0] - gives[0]], [u[1] - gives[1]]],
                      punishment_payoffs=list(model.walk_away()),
                      players=model.players).critical_discount()
    for actor, expected in zip(model.players, grim.per_player):
        found = a.self_enforcement["thresholds"][actor]
        assert (found is None) == (expected is None)
        if expected is not None:
            assert found == pytest.approx(float(expected), abs=1e-10)
