r"""The three-stage game tree of the case: Russian backing, a US offer, DPRK's answer.

1. **Russia** chooses a backing level :math:`R` from a finite set (0 = none, 1 =
   full: food, fuel, hard currency, military technology, the 2024 treaty guarantee).
2. **Chance** draws DPRK's type :math:`t` (by default *resolved* with probability
   :math:`p`, *soft* otherwise).  The US does not observe it (one information set per
   backing level) unless ``us_observes_type=True``.
3. The **US** offers a package :math:`x` from a finite menu: US concession levels
   :math:`c_i \in [0, 1]` (sanctions relief, recognition of nuclear status, alliance
   posture, a security guarantee) against DPRK concession levels :math:`z_j`
   (test moratorium, freeze, cap, dismantling Yongbyon, denuclearisation).
4. **DPRK** accepts, or rejects and takes its outside option.

Payoffs follow the reference formulation (``model-spec.md``), all
sympy expressions in named parameters:

.. math::

    U_{US}(x) &= \sum_j w_j z_j - \sum_i \kappa_i c_i
                 - \alpha\,(c_{recognition} + c_{alliance}) + L,
    \qquad U_{US}(\text{no deal}) = d_{US}, \\
    U_{K,t}(x, R) &= v_{sanctions} (1 - \theta R)\, c_{sanctions}
                    + \sum_{i \ne sanctions} v_i c_i - \eta_t \sum_j k_j z_j, \\
    U_{K,t}(\text{no deal}, R) &= d_{0,t} + \rho\, s\, R, \\
    U_{RU}(R) &= (\mu - \chi) R + \lambda_R [\text{no deal}].

Russian aid substitutes for sanctions relief (:math:`\theta`) and props up DPRK's
outside option (:math:`\rho s R`, the outside-option channel of model-spec.md); Russia
pays :math:`\chi` per unit of backing, receives :math:`\mu` (munitions, troops) and
values a failed deal at :math:`\lambda_R` (leverage against the US).

The tree is solved by backward induction generalised to the US information set:
every subgame (each DPRK decision, each backing level's continuation, the whole game)
is solved for its pure equilibria and the payoffs substituted upward
(:func:`~negotiation.games.subgames.subgame_perfect_equilibria` with
``method="pure"``); every tie is kept, so the SPE backing level and offer are sets.

**What is and is not a law here.**  With ``theta = 0`` and the US informed of the
type, more backing never lowers DPRK's SPE payoff in the continuation (tests check it
for random parameters).  Without it, it can: Russian aid that replaces sanctions
relief makes every package worth less to DPRK (:math:`\theta > 0`), and when the US
does not know the type, a higher outside option of the resolved type can make the US
give up on it and offer the soft type less (screening; compare literature.md §4.2).

References
----------
Selten, R. (1975), Reexamination of the perfectness concept for equilibrium points in
extensive games, *IJGT* 4; Fearon, J. D. (1995), Rationalist explanations for war,
*International Organization* 49(3); Yuen, A. (2009), Target concessions in the
shadow of intervention, *JCR* 53(5).
"""

from dataclasses import dataclass, field
from fractions import Fraction

from .._numbers import exact_value, format_number
from ..errors import GameError
from .subgames import subgame_perfect_equilibria
from .tree import GameTree, _is_symbolic, _show, _value

__all__ = [
    "BASELINE",
    "DEFAULT_BACKING",
    "DEFAULT_OFFERS",
    "DPRK_ISSUES",
    "US_ISSUES",
    "CaseSolution",
    "CaseTree",
    "ContinuationOutcome",
    "Offer",
    "case_tree",
]

US_ISSUES = ("sanctions", "recognition", "alliance", "guarantee")
DPRK_ISSUES = ("moratorium", "freeze", "cap", "yongbyon", "denuclearisation")
PLAYERS = ("Russia", "US", "DPRK")


@dataclass(frozen=True)
class Offer:
    """A package the US can table: its own concession levels and DPRK's, each in [0, 1]."""

    name: str
    us: dict = field(default_factory=dict)
    dprk: dict = field(default_factory=dict)

    def describe(self):
        def side(levels):
            return ", ".join(f"{k} {_show_level(v)}" for k, v in levels.items() if v) or "nothing"

        return f"{self.name} (US: {side(self.us)}; DPRK: {side(self.dprk)})"


def _show_level(v):
    return str(v) if not isinstance(v, float) else _show(v)


#: A small menu of packages from the case (model-spec.md "Issues").
DEFAULT_OFFERS = (
    Offer("freeze for partial relief", {"sanctions": Fraction(1, 2)},
          {"moratorium": 1, "freeze": 1}),
    Offer("Hanoi: Yongbyon for partial relief", {"sanctions": Fraction(1, 2)},
          {"moratorium": 1, "yongbyon": 1}),
    Offer("arms control with recognition",
          {"sanctions": 1, "recognition": Fraction(1, 2), "guarantee": Fraction(1, 2)},
          {"moratorium": 1, "freeze": 1, "cap": 1}),
    Offer("grand bargain", {"sanctions": 1, "guarantee": 1, "alliance": Fraction(1, 2)},
          {"denuclearisation": 1}),
)

#: Russian backing levels: none, half, full.
DEFAULT_BACKING = (0, Fraction(1, 2), 1)

#: Baseline values: {parameter: (value, source or judgement)}; literature.md §8.2.
BASELINE = {
    "d_US": (Fraction(3, 10), "literature.md §8.2: US no-deal value 0.3 (judgement)"),
    "L": (Fraction(1, 10), "literature.md §8.2: legacy value of a deal 0.1 (judgement)"),
    "alpha": (Fraction(1, 4), "literature.md §8.2: alliance/reassurance cost 0.25 (judgement)"),
    "kappa_sanctions": (Fraction(1, 10), "judgement: lost leverage of sanctions relief"),
    "kappa_recognition": (Fraction(1, 10), "judgement: non-proliferation norm cost"),
    "kappa_alliance": (Fraction(1, 10), "judgement: posture cost beyond alliance reaction"),
    "kappa_guarantee": (Fraction(1, 20), "judgement: a guarantee is cheap to give"),
    "w_moratorium": (Fraction(1, 10), "judgement"),
    "w_freeze": (Fraction(1, 4), "judgement: stops growth from ~50 toward ~90 weapons (§8.1)"),
    "w_cap": (Fraction(1, 4), "judgement"),
    "w_yongbyon": (Fraction(3, 10), "judgement"),
    "w_denuclearisation": (Fraction(1), "judgement: the US's stated aim"),
    "v_sanctions": (Fraction(1, 2), "judgement: 5 of 11 resolutions asked at Hanoi (§8.1)"),
    "v_recognition": (Fraction(2, 5), "judgement: Kim's SPA speech, Sep 2025 (§8.1)"),
    "v_alliance": (Fraction(1, 5), "judgement"),
    "v_guarantee": (Fraction(1, 10), "judgement"),
    "k_moratorium": (Fraction(1, 20), "judgement"),
    "k_freeze": (Fraction(1, 10), "judgement"),
    "k_cap": (Fraction(1, 10), "judgement"),
    "k_yongbyon": (Fraction(1, 10), "judgement"),
    "k_denuclearisation": (Fraction(1), "judgement: 'we will never give up' (§8.1)"),
    "eta_resolved": (Fraction(3, 2), "judgement: the resolved type values the arsenal more"),
    "eta_soft": (Fraction(1), "judgement"),
    "d0_resolved": (Fraction(3, 10), "literature.md §8.2: maximum-pressure era 0.2-0.3"),
    "d0_soft": (Fraction(1, 5), "literature.md §8.2: maximum-pressure era 0.2-0.3"),
    "rho": (Fraction(4, 5), "literature.md §8.2: reliability of Russian support 0.8"),
    "s": (Fraction(1, 4), "judgement: d_K = 0.2 + 0.8 x 0.25 = 0.4 at full backing (§8.2)"),
    "theta": (Fraction(1, 2), "judgement: aid replaces half of sanctions relief at full backing"),
    "chi": (Fraction(1, 10), "judgement: cost to Russia of full backing"),
    "mu": (Fraction(1, 5), "judgement: munitions and troops received (§8.1)"),
    "lambda_R": (Fraction(1, 10), "judgement: leverage against the US if no deal"),
    "p_resolved": (Fraction(1, 2), "judgement: even odds of a resolved DPRK"),
}


def _sympy_number(value, where):
    import sympy

    exact = exact_value(value)
    if exact is not None:
        return sympy.Rational(exact.numerator, exact.denominator)
    if type(value).__module__.startswith("sympy"):
        return value
    try:
        return sympy.Float(float(value))
    except (TypeError, ValueError):
        raise GameError(f"{where} is {value!r}, which is not a number") from None


class CaseTree:
    """The case's three-stage tree with symbolic payoffs; see :func:`case_tree`.

    Attributes
    ----------
    tree : GameTree
        Players Russia, US, DPRK; payoffs and the prior are sympy expressions.
    backing : tuple
        The backing levels (Fractions, or floats), in order.
    offers : tuple of Offer
    types : tuple of str
    us_observes_type : bool
    """

    def __init__(self, tree, backing, offers, types, us_observes_type):
        self.tree = tree
        self.backing = backing
        self.offers = offers
        self.types = types
        self.us_observes_type = us_observes_type
        symbols = {}
        for value in tree._values():
            for symbol in getattr(value, "free_symbols", ()):
                symbols[str(symbol)] = symbol
        self._symbols = symbols
        self.parameters = tuple(sorted(symbols))

    def values(self, overrides=None):
        """The baseline values of the parameters, with ``overrides`` applied."""
        values = {name: value for name, (value, _) in BASELINE.items()
                  if name in self._symbols}
        for name, value in dict(overrides or {}).items():
            if str(name) not in self._symbols:
                raise GameError(f"{name!r} is not a parameter of the case tree: they are "
                                f"{', '.join(self.parameters)}")
            values[str(name)] = value
        missing = [p for p in self.parameters if p not in values]
        if missing:
            raise GameError(f"no value for the parameter(s) {', '.join(missing)}")
        return values

    def numeric(self, overrides=None):
        """The tree with numbers for every parameter (baseline, then ``overrides``).

        The same as ``tree.substitute(values)``, a little faster (``xreplace``).
        """
        mapping = {self._symbols[name]: _sympy_number(value, f"the value of {name}")
                   for name, value in self.values(overrides).items()}

        def replace(value, where):
            return _value(value.xreplace(mapping), where) if _is_symbolic(value) else value

        return self.tree._map_values(replace, check=True)

    def solve(self, overrides=None):
        """Every pure SPE at the baseline values with ``overrides``; a :class:`CaseSolution`."""
        numeric = self.numeric(overrides)
        return CaseSolution(self, numeric, subgame_perfect_equilibria(numeric, method="pure"))

    def __repr__(self):
        return (f"<CaseTree: {len(self.backing)} backing levels, {len(self.offers)} offers, "
                f"types {', '.join(self.types)}; {len(self.tree)} nodes>")


def case_tree(backing=DEFAULT_BACKING, offers=DEFAULT_OFFERS, types=None,
              us_observes_type=False):
    """Build the three-stage tree of the case (Russia → chance → US → DPRK).

    Parameters
    ----------
    backing : sequence of numbers
        Russia's backing levels, distinct and non-negative (1 = full backing).
    offers : sequence of Offer
        The US menu; issue names from :data:`US_ISSUES` and :data:`DPRK_ISSUES`,
        levels in [0, 1].
    types : dict, optional
        ``{type: prior probability}`` (numbers or sympy expressions); by default
        ``{"resolved": p_resolved, "soft": 1 - p_resolved}``.  Each type ``t`` has
        parameters ``d0_t`` (status-quo value) and ``eta_t`` (weight on the arsenal).
    us_observes_type : bool, optional
        Whether the US sees DPRK's type before it offers (default ``False``: one
        information set per backing level).

    Returns
    -------
    CaseTree
    """
    import sympy

    levels = []  # Fractions (exact) or floats, for labels and results
    symbolic = []  # the same as sympy numbers, for the payoff expressions
    for k, level in enumerate(backing):
        value = _sympy_number(level, f"backing level {k + 1}")
        if not value.is_number:
            raise GameError(f"backing level {k + 1} is {value}, but it must be a number")
        if value.is_negative:
            raise GameError(f"backing level {k + 1} is {value}, but it must be non-negative")
        if value in symbolic:
            raise GameError(f"backing level {value} is listed twice")
        symbolic.append(value)
        exact = exact_value(level)
        if exact is None:
            levels.append(float(level))
        else:
            levels.append(exact)
    if not levels:
        raise GameError("backing needs at least one level")
    offers = tuple(offers)
    if not offers:
        raise GameError("offers needs at least one package")
    names = [o.name for o in offers]
    if len(set(names)) != len(names):
        raise GameError(f"offer names must be distinct, not {names}")
    for offer in offers:
        for side, issues in (("us", US_ISSUES), ("dprk", DPRK_ISSUES)):
            for issue, level in getattr(offer, side).items():
                if issue not in issues:
                    raise GameError(f"offer {offer.name!r} names the issue {issue!r}, which is "
                                    f"not one of {', '.join(issues)}")
                value = _sympy_number(level, f"the level of {issue} in offer {offer.name!r}")
                if value.is_number and not 0 <= value <= 1:
                    raise GameError(f"the level of {issue} in offer {offer.name!r} is {value}, "
                                    "but it must be in [0, 1]")
    if types is None:
        p = sympy.Symbol("p_resolved", nonnegative=True)
        types = {"resolved": p, "soft": 1 - p}
    if not isinstance(types, dict) or not types:
        raise GameError("types must be a non-empty dict {type: prior probability}")
    type_names = tuple(types)
    for t in type_names:
        if not isinstance(t, str) or not t.isidentifier():
            raise GameError(f"the type name {t!r} must be an identifier (it names parameters)")

    S = sympy.Symbol
    deal_us = {}
    for offer in offers:
        c = {i: _sympy_number(offer.us.get(i, 0), "") for i in US_ISSUES}
        z = {j: _sympy_number(offer.dprk.get(j, 0), "") for j in DPRK_ISSUES}
        deal_us[offer.name] = (c, z, sum(S(f"w_{j}") * z[j] for j in DPRK_ISSUES)
                               - sum(S(f"kappa_{i}") * c[i] for i in US_ISSUES)
                               - S("alpha") * (c["recognition"] + c["alliance"]) + S("L"))

    tree = GameTree(players=PLAYERS, title="US-DPRK deal with Russian backing")
    root = tree.root.decision("Russia", [f"backing {level}" for level in levels])
    for plain, level, after in zip(levels, symbolic, root.children):
        russia = (S("mu") - S("chi")) * level
        if len(type_names) > 1:
            nature = after.chance([(t, types[t]) for t in type_names])
            starts = list(zip(type_names, nature.children))
        else:
            starts = [(type_names[0], after)]
        infoset = None
        for t, node in starts:
            label = f"US offer at backing {plain}" + (f", {t}" if us_observes_type else "")
            node.decision("US", [o.name for o in offers],
                          information_set=label if us_observes_type or infoset is None
                          else infoset)
            infoset = node.information_set
            outside = S(f"d0_{t}") + S("rho") * S("s") * level
            for offer, reply in zip(offers, node.children):
                c, z, us_value = deal_us[offer.name]
                dprk_value = (S("v_sanctions") * (1 - S("theta") * level) * c["sanctions"]
                              + sum(S(f"v_{i}") * c[i] for i in US_ISSUES if i != "sanctions")
                              - S(f"eta_{t}") * sum(S(f"k_{j}") * z[j] for j in DPRK_ISSUES))
                reply.decision("DPRK", ["accept", "reject"])
                reply["accept"].terminal((russia, us_value, dprk_value), "deal")
                reply["reject"].terminal((russia + S("lambda_R"), S("d_US"), outside), "no deal")
    return CaseTree(tree, tuple(levels), offers, type_names, us_observes_type)


# --------------------------------------------------------------- solution
@dataclass(frozen=True)
class ContinuationOutcome:
    """What subgame-perfect play does after one backing level (one of possibly several).

    ``offer`` is ``{type: offer name}`` (the same name for every type when the US does
    not observe the type); ``accepts`` is ``{type: bool}``; ``deal_probability`` the
    probability of a deal; ``payoffs`` ``{player: expected payoff}`` in the continuation.
    """

    backing: object
    offer: dict
    accepts: dict
    deal_probability: object
    payoffs: dict

    def to_dict(self):
        return {
            "backing": format_number(self.backing),
            "offer": dict(self.offer),
            "accepts": dict(self.accepts),
            "deal_probability": format_number(self.deal_probability),
            "payoffs": {p: format_number(u) for p, u in self.payoffs.items()},
        }


class CaseSolution:
    """The subgame-perfect backing level(s) and offer(s) of a :class:`CaseTree`.

    Attributes
    ----------
    equilibria : SubgamePerfectProfiles
        Every pure SPE of the numeric tree.
    backing : tuple
        The backing levels Russia chooses in some SPE (several when Russia is
        indifferent).
    continuations : dict
        ``{backing level: tuple of ContinuationOutcome}`` for *every* level, on the
        equilibrium path or off it (several outcomes when a player is indifferent).
    offer : tuple
        The offers tabled after an SPE backing level (``{type: name}`` dicts).
    """

    def __init__(self, case, tree, equilibria):
        self.case = case
        self.tree = tree
        self.equilibria = equilibria
        self.exact = tree.exact
        root = tree.root
        levels = dict(zip(root.actions, case.backing))
        chosen = set()
        for local in equilibria.at(root):
            row = local.behaviour[root.information_set]
            chosen.update(a for a, probability in zip(root.actions, row) if probability == 1)
        self.backing = tuple(levels[a] for a in root.actions if a in chosen)
        self.continuations = {
            levels[action]: self._continuation(levels[action], child)
            for action, child in zip(root.actions, root.children)
        }
        self.offer = tuple(dict(o.offer) for level in self.backing
                           for o in self.continuations[level])

    @property
    def payoffs(self):
        """The distinct SPE payoff vectors (Russia, US, DPRK)."""
        return self.equilibria.payoffs

    def _continuation(self, level, node):
        case = self.case
        players = self.tree.players
        if node.is_chance:
            probabilities = dict(zip(node.actions, node.information_set._probabilities))
            us_nodes = dict(zip(node.actions, node.children))
        else:
            probabilities = {case.types[0]: 1}
            us_nodes = {case.types[0]: node}
        zero = Fraction(0) if self.exact else 0.0
        outcomes = []
        seen = set()
        for spe in self.equilibria.in_subgame(node):
            chosen = spe.behaviour.probabilities
            offers = {t: us.actions[list(chosen[us.information_set]).index(1)]
                      for t, us in us_nodes.items()}
            accepts = {t: chosen[us[offers[t]].information_set][0] == 1
                       for t, us in us_nodes.items()}
            deal = sum((probabilities[t] for t in accepts if accepts[t]), zero)
            key = (tuple(offers.items()), tuple(accepts.items()), spe.payoffs)
            if key not in seen:
                seen.add(key)
                outcomes.append(ContinuationOutcome(level, offers, accepts, deal,
                                                    dict(zip(players, spe.payoffs))))
        return tuple(outcomes)

    def table(self):
        """A pandas DataFrame: one row per backing level and continuation outcome."""
        import pandas as pd

        rows = []
        for level, outcomes in self.continuations.items():
            for o in outcomes:
                row = {"backing": level, "chosen": level in self.backing}
                row.update({f"offer ({t})": name for t, name in o.offer.items()})
                row.update({f"accepts ({t})": a for t, a in o.accepts.items()})
                row["P(deal)"] = o.deal_probability
                row.update(o.payoffs)
                rows.append(row)
        return pd.DataFrame(rows)

    def explain(self):
        """A few plain sentences for a policy reader."""
        levels = " or ".join(_show_level(level) for level in self.backing)
        parts = [f"Anticipating the bargain, Russia backs Pyongyang at level {levels} "
                 f"(of {', '.join(_show_level(b) for b in self.case.backing)})."]
        for level in self.backing:
            parts.append(f"After backing {_show_level(level)}: "
                         + _describe(self.continuations[level]))
        for level in self.case.backing:
            if level not in self.backing:
                parts.append(f"Had Russia chosen {_show_level(level)}: "
                             + _describe(self.continuations[level]))
        if self.equilibria.count > 1:
            parts.append(f"There are {self.equilibria.count} pure subgame-perfect equilibria "
                         "because some player is indifferent; all are in .equilibria.")
        return " ".join(parts)

    def to_dict(self):
        return {
            "backing": [format_number(b) for b in self.backing],
            "continuations": {format_number(level): [o.to_dict() for o in outcomes]
                              for level, outcomes in self.continuations.items()},
            "payoffs": [[format_number(u) for u in p] for p in self.payoffs],
            "count": self.equilibria.count,
        }

    def __repr__(self):
        return (f"<CaseSolution: backing {', '.join(_show_level(b) for b in self.backing)}; "
                f"{self.equilibria.count} SPE>")


def _describe(outcomes):
    """One sentence per group of outcomes that differ only in the (equally good) offer."""
    groups = {}
    for o in outcomes:
        key = (tuple(o.accepts.items()), o.deal_probability, tuple(o.payoffs.items()))
        groups.setdefault(key, []).append(o.offer)
    return " Or: ".join(_sentence(offers, dict(accepts), deal, dict(payoffs))
                        for (accepts, deal, payoffs), offers in groups.items())


def _sentence(offers, accepts, deal, payoffs):
    first = offers[0]
    names = set(first.values())
    if len(offers) > 1:
        if all(len(set(o.values())) == 1 for o in offers):
            listed = [f"'{next(iter(o.values()))}'" for o in offers]
            offer = (f"the US is indifferent between offering {', '.join(listed[:-1])} or "
                     f"{listed[-1]}")
        else:
            offer = f"the US is indifferent between {len(offers)} ways of making its offers"
    elif len(names) == 1:
        offer = f"the US offers '{next(iter(names))}'"
    else:
        offer = "the US offers " + ", ".join(f"'{n}' to the {t} type" for t, n in first.items())
    yes = [t for t, a in accepts.items() if a]
    no = [t for t, a in accepts.items() if not a]
    if len(accepts) == 1:
        answer = "DPRK accepts" if yes else "DPRK rejects and takes its outside option"
    elif not no:
        answer = "every type of DPRK accepts"
    elif not yes:
        answer = "every type of DPRK rejects and takes its outside option"
    else:
        answer = (f"the {', '.join(yes)} type accepts and the {', '.join(no)} type takes its "
                  "outside option")
    shown = ", ".join(f"{p} {_show_level(u)}" for p, u in payoffs.items())
    return (f"{offer}; {answer} (a deal with probability {_show_level(deal)}); expected "
            f"payoffs: {shown}.")
