"""Laws of the stability definitions on random models, and agreement of the computations.

For every DM: R ⊆ SMR ⊆ GMR and R ⊆ SEQ ⊆ GMR (Fang, Hipel & Kilgour 1993, §3.4).  The
reachability computation, the matrix representation (Xu, Hipel & Kilgour 2009), the
explained verdicts and a brute-force reading of the definitions (reachable sets built by
extending legal sequences until nothing new appears) all agree, on random graph models
(moves need not be transitive) and random option-form models (with irreversible options);
the coalitional definitions agree with their literal reading too.
"""

from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame
from negotiation.conflict import CONCEPTS, GraphModel, analyse
from negotiation.conflict.coalitions import coalition_stability
from negotiation.conflict.matrix import stability_matrix
from negotiation.conflict.stability import stability_reachability, verdict


@st.composite
def graph_models(draw, max_states=6, max_dms=4):
    dms = [f"D{i}" for i in range(draw(st.integers(1, max_dms)))]
    n = draw(st.integers(1, max_states))
    states = [f"s{k}" for k in range(n)]
    pairs = [(a, b) for a in states for b in states if a != b]
    moves = {dm: draw(st.lists(st.sampled_from(pairs), max_size=2 * n)) if pairs else []
             for dm in dms}
    prefs = {dm: {"payoffs": draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))}
             for dm in dms}
    return GraphModel.graph_form(dms, states, moves, prefs)


@st.composite
def option_models(draw):
    count = draw(st.integers(2, 3))
    owners = [draw(st.integers(0, 1)) for _ in range(3)]
    dms = {f"D{i}": [f"o{k}" for k in range(3) if owners[k] == i] for i in range(count)}
    dms = {dm: opts for dm, opts in dms.items() if opts}
    ways = {f"o{k}": draw(st.sampled_from(["both", "forward", "backward"])) for k in range(3)}
    ways = {k: v for k, v in ways.items() if v != "both"}
    infeasible = draw(st.sampled_from([[], ["o0 and o1"], ["not o2 and o0"]]))
    prefs = {dm: {"prioritisation": draw(st.lists(
        st.sampled_from(["o0", "not o1", "o2", "o0 iff o2", "o1 if o0", "o1 or o2"]),
        min_size=1, max_size=3))} for dm in dms}
    return GraphModel.option_form(dms, prefs, infeasible, ways)


def sequences(model, coalition, start, improving):
    """R_H(start) read off the definition: extend legal sequences (state, last mover)
    until no new pair appears."""
    frontier = {(start, None)}
    seen = set()
    while frontier:
        new = set()
        for state, last in frontier:
            for j in coalition:
                if j == last:
                    continue
                src, dst = model.improvements(j) if improving else model.moves[j]
                for s, t in zip(src.tolist(), dst.tolist()):
                    if s == state and (t, j) not in seen:
                        new.add((t, j))
        seen |= new
        frontier = new
    return {t for t, _ in seen}


def brute_force(model, i, s, concept):
    rank = model.ranks[i]
    others = [j for j in range(len(model.decision_makers)) if j != i]
    src, dst = model.moves[i]
    for s1 in sequences(model, [i], s, False):
        if rank[s1] <= rank[s]:
            continue
        if concept == "nash":
            return False
        replies = sequences(model, others, s1, concept == "seq")
        ok = [s2 for s2 in replies if rank[s2] <= rank[s] and
              (concept != "smr" or all(rank[t] <= rank[s] for t in dst[src == s2]))]
        if not ok:
            return False
    return True


def brute_force_coalition(model, coalition, s, concept):
    """The coalitional definitions (Kilgour et al. 2001; Inohara & Hipel 2008) read
    literally, with reachable sets from :func:`sequences`."""
    ranks = model.ranks
    outside = [j for j in range(len(model.decision_makers)) if j not in coalition]
    for s1 in sequences(model, coalition, s, False):
        if not all(ranks[j][s1] > ranks[j][s] for j in coalition):
            continue
        if concept == "nash":
            return False
        replies = sequences(model, outside, s1, concept == "seq") if outside else set()
        if not any(ranks[j][s2] <= ranks[j][s] and
                   (concept != "smr" or all(ranks[j][t] <= ranks[j][s]
                                            for t in sequences(model, coalition, s2, False)))
                   for s2 in replies for j in coalition):
            return False
    return True


def check(model):
    fast = stability_reachability(model, CONCEPTS)
    matrix = stability_matrix(model, CONCEPTS)
    for c in CONCEPTS:
        assert np.array_equal(fast[c], matrix[c]), c
    for i in range(len(model.decision_makers)):
        assert (fast["nash"][i] <= fast["smr"][i]).all()
        assert (fast["smr"][i] <= fast["gmr"][i]).all()
        assert (fast["nash"][i] <= fast["seq"][i]).all()
        assert (fast["seq"][i] <= fast["gmr"][i]).all()
        for s in range(model.n_states):
            for c in CONCEPTS:
                assert fast[c][i, s] == brute_force(model, i, s, c), (c, i, s)
                assert verdict(model, (i,), s, c).stable == fast[c][i, s]


@settings(max_examples=150, deadline=None)
@given(graph_models())
def test_graph_models(model):
    check(model)


@settings(max_examples=80, deadline=None)
@given(option_models())
def test_option_models(model):
    assert model.transitive
    check(model)


def sanction_is_valid(model, v):
    """Each step of a sanction is a legal move (an improvement, for SEQ) by a DM outside
    the coalition, and it ends where the named member is no better off."""
    ranks = model.ranks
    for s in v.sanctions:
        if s.path is None:
            continue
        state, last = s.improvement - 1, None
        for mover, t in s.path:
            assert mover not in v.coalition and mover != last
            j = model.dm_index(mover)
            pairs = model.improvements(j) if v.concept == "seq" else model.moves[j]
            assert ((pairs[0] == state) & (pairs[1] == t - 1)).any()
            state, last = t - 1, mover
        member = model.dm_index(s.member)
        assert s.member in v.coalition
        assert ranks[member][state] <= ranks[member][v.state - 1]


@settings(max_examples=60, deadline=None)
@given(graph_models(max_states=5, max_dms=3))
def test_coalitions_refine_and_explanations_hold(model):
    n = len(model.decision_makers)
    single = stability_reachability(model, CONCEPTS)
    for size in range(1, n + 1):
        for coalition in [c for c in product(range(n), repeat=size)
                          if list(c) == sorted(set(c)) and len(c) == size]:
            table = coalition_stability(model, coalition, CONCEPTS)
            for c in CONCEPTS:
                if size == 1:
                    assert np.array_equal(table[c], single[c][coalition[0]])
                for s in range(model.n_states):
                    v = verdict(model, coalition, s, c)
                    assert v.stable == table[c][s], (coalition, c, s)
                    assert brute_force_coalition(model, coalition, s, c) == table[c][s]
                    sanction_is_valid(model, v)
    result = analyse(model, coalitions="all") if n > 1 else analyse(model)
    if n > 1:
        for c in CONCEPTS:
            assert set(result.coalitional_equilibria(c)) <= set(result.equilibria(c))


@settings(max_examples=60, deadline=None)
@given(graph_models(max_states=6, max_dms=3), st.sampled_from(CONCEPTS), st.data())
def test_inverse_question_changes_make_the_state_stable(model, concept, data):
    result = analyse(model, concepts=[concept])
    state = data.draw(st.integers(1, model.n_states))
    for change in result.make_stable(state, concept):
        assert change.checked
        i, s = model.dm_index(change.dm), state - 1
        assert not result.stable[concept][i, s]
        for requirement in change.requirements:
            for drop in requirement.alternatives:
                assert all(model.ranks[i][t - 1] > model.ranks[i][s] for t in drop)
        # lowering one alternative of every requirement makes s stable for i
        ranks = model.ranks[i].copy()
        for requirement in change.requirements:
            chosen = [t - 1 for t in data.draw(st.sampled_from(requirement.alternatives))]
            ranks[chosen] = np.minimum(ranks[chosen], ranks[s])
        after = stability_reachability(model.with_ranks(i, ranks), (concept,))
        assert after[concept][i, s]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(-3, 3), min_size=3, max_size=3), min_size=2, max_size=3),
       st.lists(st.lists(st.integers(-3, 3), min_size=3, max_size=3), min_size=2, max_size=3))
def test_nash_stability_of_a_game_is_its_pure_nash_equilibria(a, b):
    rows = min(len(a), len(b))
    game = NormalFormGame.from_matrices(a[:rows], b[:rows])
    model = GraphModel.from_game(game)
    result = analyse(model, concepts=["nash"])
    profiles = list(np.ndindex(*game.shape))
    ours = {profiles[k - 1] for k in result.equilibria("nash")}
    pure = set()
    for eq in game.pure_equilibria().equilibria:
        pure.add(tuple(int(np.argmax([float(p) for p in s])) for s in eq.strategies))
    assert ours == pure
