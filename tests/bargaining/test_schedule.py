"""Deal schedules: hand derivations, the grim-trigger special case, the laws of detection and
irreversibility, the minimal transfer against brute force, and errors."""

import dataclasses
from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from negotiation.bargaining import Schedule, ScheduleProblem, Step
from negotiation.bargaining.repeated import PhasedDeal
from negotiation.errors import ParameterError

HALF = F(1, 2)


def freeze_and_relief(reversible_freeze=False):
    # B freezes (worth 2 to A, costs B 1); A relieves sanctions (costs A 1, worth 3 to B)
    return [Step("freeze", "B", {"A": 2, "B": -1}, reversible=reversible_freeze),
            Step("relief", "A", {"A": -1, "B": 3})]


def exchange(**options):
    return ScheduleProblem(("A", "B"), freeze_and_relief(), base=0, walk_away=0,
                           discount=HALF, reversal=F(1, 10),
                           detection={"A": 1, "B": HALF}, **options)


def test_one_phase_by_hand():
    # delta = 1/2, r = 1/10, p_A = 1, p_B = 1/2, so q_A = 1, q_B = 1/10 + 9/10 * 1/2 = 11/20.
    # All at once: g_A = -1 + 2 = 1, g_B = 3 - 1 = 2; the freeze is sunk, so on breakdown
    # P_A = 2, P_B = -1, X_A = 4, X_B = -2.
    # V = (g + d r X) / (1 - d (1 - r)), 1 - d(1 - r) = 11/20:
    #   V_A = (1 + 1/5) 20/11 = 24/11,  V_B = (2 - 1/10) 20/11 = 38/11.
    # A's cheat withholds the relief: tau = 2 = P, so C = tau + d X = 4; W_A = 0: slack -20/11.
    # B's cheat withholds the freeze: tau = 3 > P = 0, C = 3 / (1 - d + d q) = 3 / (31/40)
    #   = 120/31; slack 38/11 - 120/31 = -142/341.
    check = exchange().check([["freeze", "relief"]])
    assert check.values == {"A": (F(24, 11),), "B": (F(38, 11),)}
    assert check.cheat == {"A": (F(4),), "B": (F(120, 31),)}
    assert check.slack == {"A": (F(-20, 11),), "B": (F(-142, 341),)}
    assert not check.self_enforcing and check.first_broken == ("A", 0)
    assert check.exact and check.walks == {"A": (False,), "B": (False,)}
    assert "A gains by reneging at phase 0" in check.explain()


def test_two_phases_by_hand():
    # Freeze first, relief in phase 1 (parameters as above).  Phase 1 is the one-phase deal:
    # V_A(1) = 24/11, V_B(1) = 38/11.  Phase 0: g_A = 2, g_B = -1, X_A(0) = 4, X_B(0) = -2;
    #   V_A(0) = 2 + 1/2 (9/10 * 24/11 + 1/10 * 4) = 35/11,
    #   V_B(0) = -1 + 1/2 (9/10 * 38/11 - 1/10 * 2) = 5/11.
    # A at 0: withholds the relief due at 1, keeps the freeze: C = 2 + 1/2 * 4 = 4: -9/11.
    # B at 0: withholds the freeze; gets the relief at 1 if not caught at 0:
    #   C(1) = 120/31, C(0) = 0 + 1/2 (0 + 9/20 * 120/31) = 27/31: slack 5/11 - 27/31 = -142/341.
    # B at 1: the freeze is sunk and stays: tau = 2, X = -2, P = -1 < tau:
    #   C = (2 - 1/2 * 11/20 * 2) / (31/40) = 58/31; slack 38/11 - 58/31 = 540/341.
    # A at 1: as in one phase, -20/11.
    check = exchange().check(Schedule((("freeze",), ("relief",))))
    assert check.values == {"A": (F(35, 11), F(24, 11)), "B": (F(5, 11), F(38, 11))}
    assert check.slack == {"A": (F(-9, 11), F(-20, 11)), "B": (F(-142, 341), F(540, 341))}
    assert check.first_broken == ("A", 0)
    assert check.schedule.phase_of("relief") == 1


def test_minimal_transfer_by_hand():
    # Freeze first, relief in phase 1; a third party with discount 1/2 pays x_k(t).
    # A at 1: (6/5 + x_A(1)) 20/11 >= 4 (A's cheat is caught at once, p_A = 1), so
    #   x_A(1) >= 1; then A at 0 holds with x_A(0) = 0 (V_A(0) = 4 + x_A(0) >= 4).
    # B at 0: slack = -142/341 + z/2 + (9/11 - (9/2)/31) y with y = x_B(1), z = x_B(0);
    #   a unit of y costs beta/(1 - beta) = 1 and buys 229.5/341, a unit of z costs 1 and
    #   buys 1/2, so y = (142/341) / (229.5/341) = 284/459 and z = 0.
    plan = exchange().minimal_transfer(Schedule((("freeze",), ("relief",))))
    assert plan.feasible and plan.verified and plan.exact
    assert plan.transfers == {"A": (0, 1), "B": (0, F(284, 459))}
    assert plan.cost == 1 + F(284, 459)
    assert plan.check.self_enforcing and plan.check.slack["A"] == (0, 0)
    assert "284/459" in plan.explain()
    assert plan.to_dict()["cost"] == "743/459"


def test_floats_agree_with_fractions():
    exact = exchange().check([["freeze"], ["relief"]])
    floats = ScheduleProblem(("A", "B"), freeze_and_relief(), 0, 0, 0.5, 0.1,
                             {"A": 1.0, "B": 0.5}).check([["freeze"], ["relief"]])
    assert not floats.exact
    for p in ("A", "B"):
        assert np.allclose([float(v) for v in exact.slack[p]], floats.slack[p])
    plan = ScheduleProblem(("A", "B"), freeze_and_relief(), 0, 0, 0.5, 0.1,
                           {"A": 1.0, "B": 0.5}).minimal_transfer([["freeze"], ["relief"]])
    assert plan.feasible and np.isclose(plan.cost, 1 + 284 / 459)


# ---- an independent reference: the model's formulas written as plain loops


def reference_slack(players, steps, base, walk, delta, r, p, phases):
    """slack[i][t] from the model's definitions, one scalar at a time."""
    start = {name: t for t, names in enumerate(phases) for name in names}
    return {i: reference_player(i, steps, base[i], walk[i], delta[i], r, r + (1 - r) * p[i],
                                start, len(phases))
            for i in players}


def reference_player(i, steps, base, walk, d, r, q, start, T):
    def value(s):
        return F(s.values.get(i, 0))

    def in_force(t, cheat=None):
        t = min(t, T - 1)
        live = []
        for s in steps:
            if start[s.name] > t:
                continue
            if cheat is not None and s.side == i and value(s) < 0 and not (
                    not s.reversible and start[s.name] < cheat):
                continue
            live.append(s)
        return live

    def flow(live):
        return base + sum(value(s) for s in live)

    def breakdown(live):
        return (walk + sum(value(s) for s in live if not s.reversible)) / (1 - d)

    V = [None] * T
    V[T - 1] = (flow(in_force(T - 1)) + d * r * breakdown(in_force(T - 1))) / (1 - d * (1 - r))
    for t in range(T - 2, -1, -1):
        V[t] = flow(in_force(t)) + d * ((1 - r) * V[t + 1] + r * breakdown(in_force(t)))

    def cheat_value(c):
        tau = flow(in_force(T - 1, c))
        X = breakdown(in_force(T - 1, c))
        C = (tau + d * q * X) / (1 - d + d * q) if tau > (1 - d) * X else tau + d * X
        for t in range(T - 2, c - 1, -1):
            tau, X = flow(in_force(t, c)), breakdown(in_force(t, c))
            C = tau + d * (X + (1 - q) * max(C - X, 0))
        return C

    def walk_value(c):
        return breakdown([s for s in steps if start[s.name] < c])

    deviation = [max(cheat_value(c), walk_value(c)) for c in range(T + 1)]
    deviation[T - 1] = max(deviation[T - 1], deviation[T])
    return tuple(V[t] - deviation[t] for t in range(T))


small = st.integers(-3, 3).map(F)
probability = st.sampled_from([F(0), F(1, 4), F(1, 2), F(3, 4), F(1)])
discount = st.sampled_from([F(1, 4), F(1, 2), F(2, 3), F(9, 10)])


@st.composite
def problems(draw, max_steps=3, reversal=None):
    players = ("A", "B")
    n = draw(st.integers(1, max_steps))
    steps = [Step(f"s{k}", draw(st.sampled_from(players)),
                  {p: draw(small) for p in players}, reversible=draw(st.booleans()),
                  duration=draw(st.sampled_from([1, 1, 2])))
             for k in range(n)]
    return dict(players=players, steps=steps,
                base={p: draw(small) for p in players}, walk_away={p: draw(small) for p in players},
                discount={p: draw(discount) for p in players},
                reversal=draw(probability) if reversal is None else reversal,
                detection={p: draw(probability) for p in players})


def slack_of(data, schedule):
    return ScheduleProblem(**data).check(schedule).slack


@settings(max_examples=60, deadline=None)
@given(problems())
def test_every_reported_schedule_satisfies_each_constraint_exactly(data):
    problem = ScheduleProblem(**data)
    every = problem.schedules(3)
    reported = problem.self_enforcing(3)
    args = (data["players"], data["steps"], data["base"], data["walk_away"], data["discount"],
            data["reversal"], data["detection"])
    for check in reported:
        assert check.exact and check.self_enforcing
        assert check.slack == reference_slack(*args, check.schedule.phases)
        assert all(isinstance(v, F) and v >= 0 for row in check.slack.values() for v in row)
    # the float screen misses none: exactly the schedules whose exact check holds
    holding = [s for s in every if problem.check(s).self_enforcing]
    assert [c.schedule for c in reported] == holding
    for s in every[:6]:
        assert problem.check(s).slack == reference_slack(*args, s.phases)
    best = problem.best(3)
    assert (best is None) == (not reported)
    if best is not None:
        assert best.schedule.n_phases == reported[0].schedule.n_phases
        assert all(best.least_slack >= c.least_slack for c in reported
                   if c.schedule.n_phases == best.schedule.n_phases)


def test_schedules_respect_durations_and_count():
    steps = [Step("a", "A", {"A": -1}), Step("b", "B", {"B": -1}, duration=2)]
    problem = ScheduleProblem(("A", "B"), steps, 0, 0, HALF)
    found = problem.schedules(3)
    # b cannot start before phase 1; the last phase is never empty
    assert all(s.phase_of("b") >= 1 for s in found)
    assert all(s.phases[-1] for s in found)
    # 2 phases: a in {0, 1}, b = 1 (2); 3 phases: a in {0, 1, 2}, b in {1, 2}, one of them
    # at 2 (6 - 2 = 4)
    assert len(found) == 6 and len(set(found)) == 6


# ---- the grim-trigger special case


@settings(max_examples=40, deadline=None)
@given(problems())
def test_agrees_with_phased_deal_grim_when_detection_is_sure_and_no_reversal(data):
    data = dict(data, reversal=0, detection=1,
                steps=[dataclasses.replace(s, reversible=True) for s in data["steps"]])
    problem = ScheduleProblem(**data)
    players = data["players"]
    for schedule in problem.schedules(3)[:8]:
        T = schedule.n_phases
        payoffs, temptations = [], []
        for i in players:
            row_g, row_tau = [], []
            for t in range(T):
                live = [s for s in data["steps"] if schedule.phase_of(s.name) <= t]
                values = [F(s.values.get(i, 0)) for s in live]
                row_g.append(data["base"][i] + sum(values))
                # the temptation: the cheater withholds its own steps that cost it; walking
                # away openly gives the walk-away value in that period
                kept = sum(v for s, v in zip(live, values) if s.side != i or v >= 0)
                row_tau.append(max(data["base"][i] + kept, data["walk_away"][i]))
            payoffs.append(row_g)
            temptations.append(row_tau)
        deal = PhasedDeal(payoffs, temptations, [data["walk_away"][i] for i in players],
                          players=players)
        grim = deal.slack([data["discount"][i] for i in players])
        check = problem.check(schedule)
        for k, i in enumerate(players):
            assert check.slack[i] == tuple(grim[k])


# ---- detection


@settings(max_examples=60, deadline=None)
@given(problems(), st.data())
def test_raising_detection_never_shrinks_the_self_enforcing_set(data, draw):
    higher = {p: draw.draw(st.sampled_from([q for q in (F(0), F(1, 4), F(1, 2), F(3, 4), F(1))
                                            if q >= v]))
              for p, v in data["detection"].items()}
    low, high = ScheduleProblem(**data), ScheduleProblem(**dict(data, detection=higher))
    for schedule in low.schedules(2):
        a, b = low.check(schedule), high.check(schedule)
        assert all(x <= y for p in a.slack for x, y in zip(a.slack[p], b.slack[p]))
    assert {c.schedule for c in low.self_enforcing(2)} <= \
        {c.schedule for c in high.self_enforcing(2)}


# ---- irreversibility cuts both ways


def irreversible_pair(data, draw):
    """The problem with one reversible step made irreversible: (before, after, step)."""
    reversible = [s for s in data["steps"] if s.reversible]
    assume(reversible)
    step = draw.draw(st.sampled_from(reversible))
    after = [dataclasses.replace(s, reversible=False) if s is step else s
             for s in data["steps"]]
    return ScheduleProblem(**data), ScheduleProblem(**dict(data, steps=after)), step


@settings(max_examples=80, deadline=None)
@given(problems(reversal=F(0)), st.data())
def test_without_reversal_irreversibility_commits_the_giver_and_arms_the_receivers(data, draw):
    before, after, step = irreversible_pair(data, draw)
    for schedule in before.schedules(3):
        a, b = before.check(schedule).slack, after.check(schedule).slack
        for p in data["players"]:
            v = F(step.values.get(p, 0))
            if p == step.side and v <= 0:      # the giver's set never shrinks
                assert all(y >= x for x, y in zip(a[p], b[p]))
            elif p != step.side and v >= 0:    # no receiver's set ever grows
                assert all(y <= x for x, y in zip(a[p], b[p]))


@settings(max_examples=80, deadline=None)
@given(problems(), st.data())
def test_with_reversal_the_laws_hold_after_the_step_and_the_giver_pays_before(data, draw):
    before, after, step = irreversible_pair(data, draw)
    r = before.reversal
    for schedule in before.schedules(3):
        a, b = before.check(schedule).slack, after.check(schedule).slack
        sigma, T = schedule.phase_of(step.name), schedule.n_phases
        for p in data["players"]:
            v, d = F(step.values.get(p, 0)), data["discount"][p]
            for t in range(T):
                change = b[p][t] - a[p][t]
                if p == step.side and v <= 0:
                    if t > sigma:      # committed: exactly |v| / (1 - d + d r) more slack
                        assert change == -v / (1 - d + d * r)
                    else:              # a reversal now leaves the step sunk
                        loss = d * r * -v * (d * (1 - r)) ** (sigma - t) / (
                            (1 - d) * (1 - d * (1 - r)))
                        if t < sigma or T - 1 > sigma:
                            assert change == -loss
                        else:          # the steady state's later deviation also loses
                            assert -loss <= change <= -v / (1 - d + d * r)
                elif p != step.side and v >= 0 and t > sigma:
                    assert change <= 0      # armed: the step stays after a breakdown


def test_irreversibility_can_enlarge_the_self_enforcing_set():
    # The law ("making a step irreversible never enlarges the set") is false.
    # A relieves (costs A 1, worth 1 to B) in phase 0; B dismantles (irreversible, worth 1 to
    # A, costs B 1) in phase 1.  delta = 1/2, r = 0, p = 1, base 0, walk-away A -1, B -2.
    # Reversible relief: V_A(1) = 0.  At phase 1 (and later) A withdraws the relief and keeps
    # the dismantlement: C = 1 + 1/2 * (-1 + 1) / (1/2) = 1 > 0: A reneges, slack -1.
    # Irreversible relief: A can no longer take it back; its best deviation keeps it:
    # C = 0 + 1/2 * (-1 - 1 + 1) / (1/2) = -1, slack 1.  B is armed (the relief stays if it
    # reneges) but still complies: at phase 0, C_B = 1 + 1/2 * (-2 + 1) / (1/2) = 0 <= V_B(0)
    # = 1; at phase 1, C_B = 0 = V_B(1).  The schedule holds only when the relief is
    # irreversible.
    def problem(reversible):
        steps = [Step("relief", "A", {"A": -1, "B": 1}, reversible=reversible),
                 Step("dismantle", "B", {"A": 1, "B": -1}, reversible=False)]
        return ScheduleProblem(("A", "B"), steps, 0, {"A": -1, "B": -2}, HALF)

    schedule = Schedule((("relief",), ("dismantle",)))
    flow = problem(True).check(schedule)
    stock = problem(False).check(schedule)
    assert flow.slack == {"A": (0, -1), "B": (2, 1)} and flow.first_broken == ("A", 1)
    assert stock.slack == {"A": (0, 1), "B": (1, 0)} and stock.self_enforcing
    assert [c.schedule for c in problem(True).self_enforcing(2)] == []
    assert [c.schedule for c in problem(False).self_enforcing(2)] == [schedule]


def test_walking_away_is_a_deviation():
    # a deal worse than walking away fails its participation constraint as an IC failure:
    # delta = 1/2, no steps.  A: V = 0, W = 1 / (1/2) = 2, slack -2.  B: V = 1 / (1/2) = 2; its
    # best deviation is worth 1 (one period of the deal, then the walk-away value 0): slack 1.
    problem = ScheduleProblem(("A", "B"), [], base={"A": 0, "B": 1}, walk_away={"A": 1, "B": 0},
                              discount=HALF)
    check = problem.check([[]])
    assert check.slack == {"A": (-2,), "B": (1,)} and check.first_broken == ("A", 0)
    assert check.walks == {"A": (True,), "B": (False,)}
    assert "A gains by walking away at phase 0" in check.explain()


# ---- the minimal transfer


@settings(max_examples=40, deadline=None)
@given(problems(max_steps=2), st.data())
def test_the_transfer_is_minimal(data, draw):
    problem = ScheduleProblem(**dict(data, discount=HALF))
    schedule = draw.draw(st.sampled_from(problem.schedules(2)))
    receiver = draw.draw(st.sampled_from(data["players"]))
    plan = problem.minimal_transfer(schedule, receivers=[receiver])
    T = schedule.n_phases
    weights = [F(1), F(1)] if T == 2 else [F(2)]    # beta^t, the last phase / (1 - beta)
    grid = [F(k, 2) for k in range(0, 13)]           # 0 to 6 in halves
    costs = []
    for x in product(grid, repeat=T):
        if problem.check(schedule, {receiver: x}).self_enforcing:
            costs.append(sum(w * v for w, v in zip(weights, x)))
    if plan.feasible:
        assert plan.exact and plan.verified and plan.check.self_enforcing
        assert plan.cost == sum(w * v for w, v in zip(weights, plan.transfers[receiver]))
        # no grid point is cheaper, and payments only help the receiver (the feasible set
        # is closed upwards), so rounding the optimum up to the grid stays feasible
        assert all(c >= plan.cost for c in costs)
        if all(v <= 6 - F(1, 2) for v in plan.transfers[receiver]):
            assert costs and min(costs) <= plan.cost + F(1, 2) * sum(weights)
    else:
        assert costs == []


# ---- errors


def test_bad_input_gets_one_clear_sentence():
    steps = freeze_and_relief()
    cases = [
        (dict(reversal=F(3, 2)), "reversal is 3/2, but it must be in \\[0, 1\\]"),
        (dict(detection={"A": -0.1, "B": 1}), "detection of A is -0.1, but it must be in"),
        (dict(discount=1), "discount of A is 1, but it must be in \\(0, 1\\)"),
        (dict(discount={"A": HALF}), "discount has no value for 'B'"),
    ]
    for options, message in cases:
        kwargs = dict(players=("A", "B"), steps=steps, base=0, walk_away=0, discount=HALF)
        kwargs.update(options)
        with pytest.raises(ParameterError, match=message):
            ScheduleProblem(**kwargs)
    with pytest.raises(ParameterError, match="side 'C', which is not one of the players"):
        ScheduleProblem(("A", "B"), [Step("x", "C", {"A": 1})], 0, 0, HALF)
    with pytest.raises(ParameterError, match="duration of step 'x' is 0, but it must be"):
        Step("x", "A", {"A": 1}, duration=0)
    problem = ScheduleProblem(("A", "B"), [Step("x", "A", {"A": -1}, duration=2)], 0, 0, HALF)
    with pytest.raises(ParameterError, match="step 'x' takes 2 phases, so it cannot be in force "
                                             "before phase 1"):
        problem.check([["x"]])
    with pytest.raises(ParameterError, match="step 'y', which is not one of the problem's"):
        problem.check([[], ["x", "y"]])
    with pytest.raises(ParameterError, match="max_phases is 0"):
        problem.schedules(0)
    with pytest.raises(ParameterError, match="payer_discount is missing"):
        ScheduleProblem(("A", "B"), [], 0, 0, {"A": HALF, "B": F(1, 3)}).minimal_transfer([[]])


def test_replace_changes_one_argument():
    problem = exchange()
    stricter = problem.replace(detection=1)
    assert stricter.detection == {"A": 1, "B": 1} and stricter.reversal == F(1, 10)
    assert problem.detection == {"A": 1, "B": HALF}
    with pytest.raises(ParameterError, match="replace got 'delta', which is not an argument"):
        problem.replace(delta=HALF)


def test_a_schedule_is_a_sequence_of_phases():
    assert Schedule(["a", ("b", "c")]).phases == (("a",), ("b", "c"))
    assert Schedule.from_phase_of({"a": 1, "b": 0}).phases == (("b",), ("a",))
    assert Schedule([["a"], []]).in_force(1) == ("a",) and str(Schedule([[], ["a"]])) == "— | a"
    with pytest.raises(ParameterError, match="phase 0 of the schedule is 3, but it must be"):
        Schedule([3])
    with pytest.raises(ParameterError, match="step 'a' appears in more than one place"):
        Schedule([["a"], ["a"]])
    with pytest.raises(ParameterError, match="needs at least one phase"):
        Schedule([])
