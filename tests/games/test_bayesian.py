"""Tests of Bayesian games and perfect Bayesian equilibria of signalling games.

Oracles: the two US–DPRK games of literature notes: lit-us-dprk-games and Beer–Quiche (Cho & Kreps
1987), solved by hand; the definition of a PBE, checked independently for every
equilibrium of random signalling games; a brute force over pure profiles, which must
find exactly the pure PBE we list; the strategic-form engine and pygambit, for which
every PBE must be a Nash equilibrium of the game tree; and the definition of the
ex-ante strategic form, computed directly for random Bayesian games.
"""

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError
from negotiation.games.bayesian import BayesianGame, Interval, SignallingGame
from tests.games.test_behaviour import gambit_behaviour
from tests.games.test_efg import gambit_game

pygambit = pytest.importorskip("pygambit")
F = Fraction


# ------------------------------------------------------------ the summit
def summit(p):
    """The textbook North Korea summit game (literature notes: lit-us-dprk-games).

    Kim is earnest with probability p, duplicitous otherwise.  No proposal: (0, 0).  A
    proposal the US rejects: (1, 0).  Negotiation: (2, 2) with an earnest Kim, (4, -4)
    with a duplicitous one.  Payoffs are (Kim, US).
    """
    return SignallingGame(
        types={"earnest": p, "duplicitous": 1 - p},
        messages=["propose", "none"],
        responses={"propose": ["negotiate", "reject"], "none": ["-"]},
        payoffs=lambda t, m, a: (0, 0) if m == "none" else (1, 0) if a == "reject" else
        ((2, 2) if t == "earnest" else (4, -4)),
        players=("Kim", "US"),
    )


@pytest.mark.parametrize("p", [F(1, 10), F(1, 2), F(2, 3), F(4, 5), F(1)])
def test_summit_threshold_two_thirds(p):
    """Both types propose (1, 2 and 4 all beat 0): pooling.  After a proposal the US
    expects 2p - 4(1 - p) = 6p - 4 from negotiating and 0 from rejecting, so it
    negotiates iff p >= 2/3; at p = 2/3 it is indifferent.  At p = 4/5 it expects 4/5.
    """
    if p == 1:
        with pytest.raises(GameError, match="has prior probability 0"):
            summit(p).perfect_bayesian()
        return
    result = summit(p).perfect_bayesian()
    assert all(e.kind == "pooling" for e in result)
    responses = {next(a for a, w in e.receiver["propose"].items() if w == 1) for e in result}
    if p > F(2, 3):
        assert responses == {"negotiate"}
    elif p < F(2, 3):
        assert responses == {"reject"}
    else:
        assert responses == {"negotiate", "reject"}
        assert "indifferent after propose" in result.notes[0]
    for e in result:
        assert e.sender == {"earnest": {"propose": 1, "none": 0},
                            "duplicitous": {"propose": 1, "none": 0}}
        assert e.beliefs == {"propose": p}
        assert e.belief_sets == {"none": (Interval(F(0), F(1)),)}
        assert e.payoffs["receiver"] == (6 * p - 4 if "negotiate" in e.receiver["propose"]
                                         and e.receiver["propose"]["negotiate"] == 1 else 0)
    if p == F(4, 5):
        assert result[0].payoffs == {"earnest": 2, "duplicitous": 4, "receiver": F(4, 5)}


def test_summit_as_a_bayesian_game():
    p = sympy.Symbol("p")
    game = BayesianGame(
        players=("Kim", "US"), types={"Kim": ["earnest", "duplicitous"]},
        prior={"earnest": p, "duplicitous": 1 - p},
        actions={"Kim": ["propose", "none"], "US": ["negotiate", "reject"]},
        payoffs=lambda t, a: (0, 0) if a["Kim"] == "none" else (1, 0) if a["US"] == "reject"
        else ((2, 2) if t["Kim"] == "earnest" else (4, -4)))
    assert game.parameters == ("p",)
    high = game.substitute({"p": "4/5"}).bayesian_nash()
    (e,) = high
    assert e.strategies["US"][""] == {"negotiate": 1, "reject": 0}
    assert e.strategies["Kim"] == {"earnest": {"propose": 1, "none": 0},
                                   "duplicitous": {"propose": 1, "none": 0}}
    assert e.payoffs == (F(12, 5), F(4, 5))
    assert e.interim["Kim"] == {"earnest": 2, "duplicitous": 4}
    at = game.substitute({"p": "2/3"}).bayesian_nash()
    assert {tuple(e.strategies["US"][""].values()) for e in at} == {(1, 0), (0, 1)}
    assert "2 Bayesian Nash equilibria" in at.explain()
    assert game.substitute({"p": "2/3"}).strategic_form().actions[0] == (
        "propose/propose", "propose/none", "none/propose", "none/none")


# ----------------------------- sincere vs deceitful (lit-us-dprk-games)
def sincere_or_deceitful(p, q, deceitful=None, sincere=None):
    r"""DPRK, sincere (prior p) or deceitful, signals A (accept inspections) or B (refuse).

    The US is hawkish with probability q and then answers A with the status quo SQ and
    B with rejection REJ_US whatever it believes; a dovish US (the receiver) chooses
    after A between *reconcile* (RECON_US, reconciliation on US terms) and *reject*
    (SQ), and after B between *reconcile* (RECON_NK, on North Korean terms) and
    *reject* (REJ_US).  The sender's payoff folds the hawk in:

        u(t, A, reconcile) = q U_t(SQ) + (1 - q) U_t(RECON_US),  u(t, A, reject) = U_t(SQ),
        u(t, B, reconcile) = q U_t(REJ_US) + (1 - q) U_t(RECON_NK),  u(t, B, reject) = U_t(REJ_US).

    The dove gains 2 from reconciling with a sincere DPRK and loses 1 with a deceitful
    one after A (0 from rejecting), and prefers reconciling after B (1 against 0).

    **Separating equilibrium** (sincere A, deceitful B).  Beliefs: sincere after A,
    deceitful after B; the dove reconciles after both.  The deceitful type does not
    mimic A iff  q U(REJ) + (1 - q) U(RN) >= q U(SQ) + (1 - q) U(RU), i.e.

        q >= [U(RU) - U(RN)] / [U(RU) + U(REJ) - U(RN) - U(SQ)]

    (U the deceitful type's utilities; denominator positive when U(RU) > U(RN) and
    U(REJ) > U(SQ)): the threshold of the University Press of Kentucky appendix
    (literature notes: lit-us-dprk-games).  With the deceitful utilities RU = 3, RN = 2, SQ = 0,
    REJ = 1 it is 1/2.  The sincere type (RU 3, RN 1, SQ 1, REJ 0) prefers A for every q:
    3 - 2q >= 1 - q.

    **Pooling on A**: after A the dove's belief is p, and it reconciles iff
    2p - (1 - p) >= 0, i.e. p >= 1/3; the deceitful type then gets 3 - 3q from A
    against 2 - q from B (the dove reconciles after B whatever it believes), so pooling
    needs q <= 1/2.

    **Semi-separating** (p < 1/3, q < 1/2): the sincere type plays A, the deceitful one
    A with probability x, so that the dove is indifferent after A: p / (p + (1 - p) x)
    = 1/3, x = 2p / (1 - p); the dove reconciles with probability l making the deceitful
    type indifferent: l (3 - 3q) = 2 - q, l = (2 - q) / (3 - 3q) (below 1 iff q < 1/2).
    """
    deceitful = deceitful or {"RU": 3, "RN": 2, "SQ": 0, "REJ": 1}
    sincere = sincere or {"RU": 3, "RN": 1, "SQ": 1, "REJ": 0}
    utilities = {"sincere": sincere, "deceitful": deceitful}
    q = F(q)

    def payoffs(t, m, a):
        u = utilities[t]
        if m == "A":
            sender = q * u["SQ"] + (1 - q) * (u["RU"] if a == "reconcile" else u["SQ"])
            dove = (2 if t == "sincere" else -1) if a == "reconcile" else 0
        else:
            sender = q * u["REJ"] + (1 - q) * (u["RN"] if a == "reconcile" else u["REJ"])
            dove = 1 if a == "reconcile" else 0
        return sender, dove

    return SignallingGame(types={"sincere": F(p), "deceitful": 1 - F(p)},
                          messages=["A", "B"], responses=["reconcile", "reject"],
                          payoffs=payoffs, players=("DPRK", "US"))


def separating(result):
    return [e for e in result.separating
            if e.sender["sincere"]["A"] == 1 and e.sender["deceitful"]["B"] == 1]


@pytest.mark.parametrize("q", [F(0), F(1, 4), F(49, 100), F(1, 2), F(51, 100), F(3, 4), F(1)])
def test_the_separating_equilibrium_needs_q_above_the_threshold(q):
    result = sincere_or_deceitful(F(1, 2), q).perfect_bayesian()
    found = separating(result)
    assert bool(found) == (q >= F(1, 2))
    for e in found:
        assert e.beliefs == {"A": 1, "B": 0}
        assert e.receiver == {"A": {"reconcile": 1, "reject": 0},
                              "B": {"reconcile": 1, "reject": 0}}
        assert e.payoffs["deceitful"] == q * 1 + (1 - q) * 2
        assert e.off_path == {}


@settings(max_examples=40, deadline=None)
@given(ru=st.integers(1, 6), rn=st.integers(0, 5), sq=st.integers(-3, 2), rej=st.integers(-2, 4),
       q=st.fractions(0, 1, max_denominator=12))
def test_the_threshold_formula_for_any_deceitful_utilities(ru, rn, sq, rej, q):
    if not (ru > rn and rej > sq):
        return
    deceitful = {"RU": ru, "RN": rn, "SQ": sq, "REJ": rej}
    threshold = F(ru - rn, ru + rej - rn - sq)
    result = sincere_or_deceitful(F(1, 2), q, deceitful=deceitful).perfect_bayesian()
    assert bool(separating(result)) == (q >= threshold)


def test_the_equilibrium_map_of_the_game():
    # pooling on A for p >= 1/3 and q <= 1/2
    (e,) = sincere_or_deceitful(F(1, 2), F(1, 4)).perfect_bayesian()
    assert e.kind == "pooling" and e.sender["deceitful"]["A"] == 1
    assert e.receiver["A"] == {"reconcile": 1, "reject": 0}
    assert e.belief_sets == {"B": (Interval(F(0), F(1)),)}
    # semi-separating for p < 1/3 and q < 1/2: x = 2p/(1-p), l = (2-q)/(3-3q)
    p, q = F(1, 5), F(1, 4)
    (e,) = sincere_or_deceitful(p, q).perfect_bayesian()
    assert e.kind == "semi-separating"
    assert e.sender["deceitful"] == {"A": 2 * p / (1 - p), "B": 1 - 2 * p / (1 - p)}
    assert e.beliefs == {"A": F(1, 3), "B": 0}
    assert e.receiver["A"] == {"reconcile": (2 - q) / (3 - 3 * q),
                               "reject": 1 - (2 - q) / (3 - 3 * q)}
    # at q = 1/2 the deceitful type is indifferent: pooling, separating and a family of
    # semi-separating equilibria, one for each x in (0, 1)
    result = sincere_or_deceitful(F(1, 2), F(1, 2)).perfect_bayesian()
    assert sorted(e.kind for e in result) == ["pooling", "semi-separating", "separating"]
    (family,) = result.semi_separating
    assert family.is_family
    assert family.sender["deceitful"]["A"] == Interval(F(0), F(1), False, False)
    assert family.beliefs["A"] == Interval(F(1, 2), F(1), False, False)
    assert family.payoffs["receiver"] == Interval(F(1, 2), F(3, 2), False, False)
    assert "a family of equilibria" in family.explain()
    # with no hawks and a rare sincere type, refusing can pool: off-path beliefs [0, 1/3]
    result = sincere_or_deceitful(F(1, 5), 0).perfect_bayesian()
    (pool,) = result.pooling
    assert pool.sender["sincere"]["B"] == 1
    assert pool.belief_sets == {"A": (Interval(F(0), F(1, 3)),)}
    (support,) = pool.off_path["A"]
    assert support.actions == ("reject",) and support.mixing is None


# --------------------------------------------------------------- beer-quiche
def beer_quiche(strong=None):
    """Cho & Kreps (1987): a strong or weak sender chooses beer or quiche; the receiver
    duels or not.  The sender gets 1 for its favourite breakfast (strong: beer, weak:
    quiche) and 2 if there is no duel; the receiver gets 1 for dueling a weak sender or
    not dueling a strong one, else 0.  So it duels iff P(strong) <= 1/2.

    With P(strong) = 9/10 there are two pooling equilibria and nothing else: both on
    beer (no duel; quiche deterred by dueling, any belief P(strong) <= 1/2 there) and
    both on quiche (symmetrically for beer).
    """
    strong = F(9, 10) if strong is None else strong
    return SignallingGame(
        types={"strong": strong, "weak": 1 - strong},
        messages=["beer", "quiche"], responses=["duel", "not"],
        payoffs=lambda t, m, a: (
            (1 if (t, m) in (("strong", "beer"), ("weak", "quiche")) else 0)
            + (2 if a == "not" else 0),
            1 if (t == "weak") == (a == "duel") else 0))


def test_beer_quiche_has_two_pooling_equilibria():
    result = beer_quiche().perfect_bayesian()
    assert sorted(e.kind for e in result) == ["pooling", "pooling"]
    for e in result:
        (sent,) = {m for m, w in e.sender["strong"].items() if w == 1}
        (other,) = set(e.game.messages) - {sent}
        assert e.receiver == {sent: {"duel": 0, "not": 1}}
        assert e.belief_sets == {other: (Interval(F(0), F(1, 2)),)}
    assert "2 perfect Bayesian equilibria" in result.explain()


def test_beer_quiche_with_floats_gives_floats():
    result = beer_quiche(strong=0.9).perfect_bayesian()
    assert len(result) == 2
    (beer,) = [e for e in result if e.sender["strong"]["beer"] == 1]
    assert beer.belief_sets == {"quiche": (Interval(0.0, 0.5),)}
    assert isinstance(beer.payoffs["receiver"], float)


# ------------------------------------------------------- random games
def random_signalling(draw_payoffs, prior, messages, responses):
    types = ["t0", "t1"]
    table = {}
    k = 0
    for t in types:
        for m in messages:
            for a in responses:
                table[t, m, a] = (draw_payoffs[k], draw_payoffs[k + 1])
                k += 2
    return SignallingGame(types={"t0": prior, "t1": 1 - prior}, messages=messages,
                          responses=responses, payoffs=table)


def beliefs_where_best(game, m, a):
    """Candidate beliefs (0, 1 and every crossing point) at which ``a`` is a best reply."""
    points = {F(0), F(1)}
    for b, c in itertools.combinations(game.responses[m], 2):
        d0 = F(game.payoff("t0", m, b)[1]) - F(game.payoff("t0", m, c)[1])
        d1 = F(game.payoff("t1", m, b)[1]) - F(game.payoff("t1", m, c)[1])
        if d0 != d1 and 0 <= d1 / (d1 - d0) <= 1:
            points.add(d1 / (d1 - d0))
    return [q for q in sorted(points) if a in best_replies(game, m, q)]


def best_replies(game, m, q):
    first, second = game.types
    values = {a: q * F(game.payoff(first, m, a)[1]) + (1 - q) * F(game.payoff(second, m, a)[1])
              for a in game.responses[m]}
    top = max(values.values())
    return {a for a, v in values.items() if v == top}


def brute_force_pure(game):
    """Every pure PBE (sender message per type, receiver action per message)."""
    p0 = F(game.prior()["t0"])
    out = set()
    for sender in itertools.product(game.messages, repeat=2):
        for receiver in itertools.product(*(game.responses[m] for m in game.messages)):
            response = dict(zip(game.messages, receiver))
            ok = True
            for m in game.messages:
                mass = [p0 * (sender[0] == m), (1 - p0) * (sender[1] == m)]
                if sum(mass):
                    ok &= response[m] in best_replies(game, m, mass[0] / sum(mass))
                else:
                    ok &= bool(beliefs_where_best(game, m, response[m]))
            for k, t in enumerate(("t0", "t1")):
                values = {m: F(game.payoff(t, m, response[m])[0]) for m in game.messages}
                ok &= values[sender[k]] == max(values.values())
            if ok:
                out.add((sender, receiver))
    return out


def ours_pure(game, result):
    out = set()
    for e in result:
        if e.kind == "semi-separating":
            continue
        sender = tuple(next(m for m, w in e.sender[t].items() if w == 1) for t in ("t0", "t1"))
        options = []
        for m in game.messages:
            if m in e.receiver:
                options.append([next(a for a, w in e.receiver[m].items() if w == 1)])
            else:
                options.append([s.actions[0] for s in e.off_path[m] if s.mixing is None])
        out.update((sender, r) for r in itertools.product(*options))
    return out


def satisfies_the_definition(game, e):
    """Bayes on the path, best replies everywhere, no profitable message (representative)."""
    p = [F(game.prior()[t]) for t in game.types]

    def value(w):
        return (w.lo + w.hi) / 2 if isinstance(w, Interval) else F(w)

    sender = [{m: value(w) for m, w in e.sender[t].items()} for t in game.types]
    response = {m: {a: F(w) for a, w in row.items()} for m, row in e.receiver.items()}
    for m, supports in e.off_path.items():
        s = supports[0]
        weight = F(1) if s.mixing is None else F(s.mixing.lo)
        response[m] = {s.actions[0]: weight}
        if len(s.actions) > 1:
            response[m][s.actions[1]] = 1 - weight
        q = F(s.beliefs.lo)
        assert set(response[m]) <= best_replies(game, m, q) | {a for a, w in response[m].items()
                                                                if w == 0}
    for m in game.messages:
        mass = [p[k] * sender[k][m] for k in (0, 1)]
        if sum(mass):
            q = mass[0] / sum(mass)
            assert {a for a, w in response[m].items() if w > 0} <= best_replies(game, m, q)
    for k, t in enumerate(game.types):
        values = {m: sum(w * F(game.payoff(t, m, a)[0]) for a, w in response[m].items())
                  for m in game.messages}
        top = max(values.values())
        assert all(values[m] == top for m, w in sender[k].items() if w > 0)
    return sender, response


def assert_nash_in_the_tree(game, sender, response):
    """Exact Nash check on the strategic form, and pygambit's regret on the tree."""
    form = game.strategic_form()
    vectors = []
    for player, labels in enumerate(form.actions):
        row = []
        for label in labels:
            parts = label.split("/")
            if player == 0:
                row.append(sender[0][parts[0]] * sender[1][parts[1]])
            else:
                weight = F(1)
                for m, a in zip(game.messages, parts):
                    weight *= response[m].get(a, 0)
                row.append(weight)
        vectors.append(row)
    assert form.is_equilibrium(vectors)
    def row(infoset):
        if infoset.player == game.players[0]:
            return [sender[game.types.index(infoset.label)][m] for m in game.messages]
        return [response[infoset.label].get(a, 0) for a in infoset.actions]

    theirs = gambit_behaviour(gambit_game(game.tree), game.tree, row)
    assert theirs.max_regret() == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payoffs=st.lists(st.integers(0, 3), min_size=24, max_size=24),
       prior=st.sampled_from([F(1, 4), F(1, 3), F(1, 2), F(2, 3)]),
       shape=st.sampled_from([(2, 2), (2, 3), (3, 2)]))
def test_random_signalling_games(payoffs, prior, shape):
    messages = ["m0", "m1", "m2"][: shape[0]]
    responses = ["a0", "a1", "a2"][: shape[1]]
    game = random_signalling(payoffs, prior, messages, responses)
    result = game.perfect_bayesian()
    assert ours_pure(game, result) == brute_force_pure(game)
    for e in result:
        sender, response = satisfies_the_definition(game, e)
        assert_nash_in_the_tree(game, sender, response)


def test_classic_pbe_are_nash_equilibria_of_the_tree():
    for game in (beer_quiche(), sincere_or_deceitful(F(1, 5), F(1, 4)),
                 sincere_or_deceitful(F(1, 2), F(1, 2))):
        for e in game.perfect_bayesian():
            sender, response = satisfies_the_definition(game, e)
            assert_nash_in_the_tree(game, sender, response)


def test_signalling_errors_and_output():
    with pytest.raises(GameError, match="enumerates two-type signalling games, but this one "
                                        "has 3 types"):
        SignallingGame({"a": "1/3", "b": "1/3", "c": "1/3"}, ["m"], ["r"],
                       lambda t, m, a: (0, 0)).perfect_bayesian()
    p = sympy.Symbol("p")
    game = SignallingGame({"a": p, "b": 1 - p}, ["m", "n"], ["r", "s"], lambda t, m, a: (0, 0))
    with pytest.raises(GameError, match=r"has parameters \(p\); substitute"):
        game.perfect_bayesian()
    assert len(game.substitute({"p": "1/2"}).perfect_bayesian()) > 0
    with pytest.raises(GameError, match=r"payoffs has no entry for \('a', 'm', 'r'\)"):
        SignallingGame({"a": "1/2", "b": "1/2"}, ["m"], ["r"], {})
    with pytest.raises(GameError, match=r"must be a pair \(sender, receiver\)"):
        SignallingGame({"a": "1/2", "b": "1/2"}, ["m"], ["r"], lambda t, m, a: 1)
    with pytest.raises(GameError, match="responses gives no actions after the message 'n'"):
        SignallingGame({"a": "1/2", "b": "1/2"}, ["m", "n"], {"m": ["r"]}, lambda t, m, a: (0, 0))
    with pytest.raises(GameError, match="the messages repeats a label"):
        SignallingGame({"a": "1/2", "b": "1/2"}, ["m", "m"], ["r"], lambda t, m, a: (0, 0))
    result = beer_quiche().perfect_bayesian()
    data = result.to_dict()
    assert data["equilibria"][0]["off_path_beliefs"]["quiche"] == [["0", "1/2", True, True]]
    assert "Not enumerated" in data["statement"]
    assert "pooling" in repr(result[0])
    assert "quiche is never sent, and is deterred by any belief in [0, 1/2]" in result[0].explain()
    assert len(beer_quiche().bayesian_nash()) >= 2


# ------------------------------------------------------- Bayesian games
@settings(max_examples=30, deadline=None)
@given(payoffs=st.lists(st.integers(-3, 3), min_size=32, max_size=32),
       prior=st.lists(st.integers(0, 3), min_size=4, max_size=4))
def test_the_ex_ante_form_is_the_prior_weighted_sum(payoffs, prior):
    if prior.count(0) > 1 or sum(prior) == 0:
        return
    total = sum(prior)
    joint = {(a, b): F(w, total) for (a, b), w in zip(itertools.product("xy", "uv"), prior)}
    types_of_a = {a for (a, _), w in joint.items() if w}
    types_of_b = {b for (_, b), w in joint.items() if w}
    if types_of_a != {"x", "y"} or types_of_b != {"u", "v"}:
        return
    table = {}
    k = 0
    for ta, tb, aa, ab in itertools.product("xy", "uv", "lr", "lr"):
        table[ta, tb, aa, ab] = (payoffs[k], payoffs[k + 1])
        k += 2
    game = BayesianGame(
        players=("A", "B"), types={"A": ["x", "y"], "B": ["u", "v"]}, prior=joint,
        actions={"A": ["l", "r"], "B": ["l", "r"]},
        payoffs=lambda t, a: table[t["A"], t["B"], a["A"], a["B"]])
    form = game.strategic_form()
    for i, sa in enumerate(form.actions[0]):
        for j, sb in enumerate(form.actions[1]):
            plan_a = dict(zip(("x", "y"), sa.split("/")))
            plan_b = dict(zip(("u", "v"), sb.split("/")))
            expected = [sum(w * table[ta, tb, plan_a[ta], plan_b[tb]][n]
                            for (ta, tb), w in joint.items()) for n in (0, 1)]
            assert [form.payoffs[n][i, j] for n in (0, 1)] == expected
    for e in game.bayesian_nash():
        # every type with positive probability best-responds given its interim beliefs
        for player, own, other, position in (("A", "xy", "uv", 0), ("B", "uv", "xy", 1)):
            for t in own:
                beliefs = {s: joint[(t, s) if position == 0 else (s, t)] for s in other}
                mass = sum(beliefs.values())
                values = {}
                for act in "lr":
                    v = F(0)
                    for s, w in beliefs.items():
                        for theirs, prob in e.strategies["B" if position == 0 else "A"][s].items():
                            key = (t, s, act, theirs) if position == 0 else (s, t, theirs, act)
                            v += w * prob * table[key][position]
                    values[act] = v / mass
                chosen = [a for a, w in e.strategies[player][t].items() if w > 0]
                assert all(values[a] == max(values.values()) for a in chosen)
                assert e.interim[player][t] == sum(
                    e.strategies[player][t][a] * values[a] for a in "lr")


def test_three_players_and_payoff_tables():
    import numpy as np

    game = BayesianGame(
        players=("A", "B", "C"), types={"C": ["hi", "lo"]},
        prior={"C": {"hi": "1/2", "lo": "1/2"}},
        actions={"A": ["x", "y"], "B": ["x", "y"], "C": ["go", "stay"]},
        payoffs={
            "hi": np.array([[[[1, 0], [0, 0]], [[0, 0], [1, 0]]],
                            [[[1, 0], [0, 0]], [[0, 0], [1, 0]]],
                            [[[2, 0], [0, 0]], [[0, 0], [2, 0]]]]),
            "lo": np.array([[[[1, 0], [0, 0]], [[0, 0], [1, 0]]],
                            [[[1, 0], [0, 0]], [[0, 0], [1, 0]]],
                            [[[0, 1], [0, 1]], [[0, 1], [0, 1]]]]),
        })
    # A and B get 1 when they match and C goes; C of type hi gets 2 then, C of type lo
    # always prefers to stay.  So: both match and hi goes, or they mismatch and hi
    # (indifferent) stays.
    result = game.bayesian_nash()
    assert result.result.method == "pure" and result.complete
    found = set()
    for e in result:
        assert e.strategies["C"]["lo"] == {"go": 0, "stay": 1}
        pick = [next(a for a, w in e.strategies[p][""].items() if w == 1) for p in "AB"]
        found.add((*pick, next(a for a, w in e.strategies["C"]["hi"].items() if w == 1)))
    assert found == {("x", "x", "go"), ("y", "y", "go"), ("x", "y", "stay"),
                     ("y", "x", "stay")}


@pytest.mark.parametrize("kwargs, message", [
    (dict(prior={"a": "1/2", "b": "1/3"}), "the prior sums to 5/6, not 1"),
    (dict(prior={"a": 1, "c": 0}), "names the type 'c' of 'P', which is not one of a, b"),
    (dict(prior={"a": 1}), "the type 'b' of 'P' has prior probability 0"),
    (dict(prior={"a": "-1/2", "b": "3/2"}), "the negative probability -1/2"),
    (dict(types={"Q": ["a"]}), "'Q' is not a player"),
    (dict(actions={"P": ["x"]}), "actions gives no actions for 'R'"),
    (dict(prior={("a", "b"): 1}), r"the prior key \('a', 'b'\) is not a type profile"),
    (dict(payoffs=lambda t, a: 1), "must be one payoff per player"),
])
def test_bayesian_game_errors(kwargs, message):
    arguments = dict(players=("P", "R"), types={"P": ["a", "b"]},
                     prior={"a": "1/2", "b": "1/2"},
                     actions={"P": ["x"], "R": ["y"]}, payoffs=lambda t, a: (0, 0))
    arguments.update(kwargs)
    with pytest.raises(GameError, match=message):
        BayesianGame(**arguments)


def test_bayesian_output():
    game = BayesianGame(players=("P", "R"), types={"P": ["a", "b"]},
                        prior={"a": "1/2", "b": "1/2"},
                        actions={"P": ["x", "y"], "R": ["u", "v"]},
                        payoffs=lambda t, a: (1 if (t["P"] == "a") == (a["P"] == "x") else 0,
                                              1 if a["R"] == "u" else 0))
    result = game.bayesian_nash()
    (e,) = result
    assert e.to_dict()["strategies"]["P"] == {"a": {"x": "1", "y": "0"},
                                              "b": {"x": "0", "y": "1"}}
    assert "P (a) plays x; P (b) plays y; R plays u" in e.explain()
    assert result.to_dict()["complete"]
    assert "BayesianGame" in repr(game)
