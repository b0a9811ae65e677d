r"""Games of incomplete information: Bayesian games and two-type signalling games.

**Bayesian games** (Harsanyi 1967–68).  Each player :math:`i` has a finite set of
*types* :math:`T_i`, drawn from a common prior :math:`\pi` on :math:`T = \prod_i T_i`;
each player learns their own type and chooses an action from :math:`A_i`; payoffs
:math:`u_i(a, t)` depend on the action profile and the type profile.  Harsanyi's
transformation makes this a game tree: chance draws :math:`t` with probability
:math:`\pi(t)`, then each player moves at the information set of their own type.  A
strategy is a map :math:`s_i : T_i \to A_i`, and the *ex-ante strategic form* has
payoffs :math:`U_i(s) = \sum_t \pi(t)\, u_i(s_1(t_1), \dots, s_N(t_N), t)`: it is the
reduced strategic form of that tree, and its Nash equilibria are the *Bayesian Nash
equilibria* (each type with positive probability best-responds given its interim
beliefs :math:`\pi(t_{-i} \mid t_i)`).  :class:`BayesianGame` builds the tree and
solves the form with the strategic-form engine (all extreme equilibria exactly for
two players; pure equilibria for more), and gives each equilibrium as a behaviour
strategy per type (Kuhn) with its interim payoffs.

**Signalling games** (Spence 1973; Cho & Kreps 1987).  A sender of type
:math:`t \in \{t_0, t_1\}` (prior :math:`p_0, p_1 > 0`) sends a message :math:`m`;
the receiver sees :math:`m`, not :math:`t`, and responds with :math:`a \in A(m)`;
payoffs :math:`u_S(t, m, a)`, :math:`u_R(t, m, a)`.  Write :math:`q` for the
receiver's belief that the sender is :math:`t_0`.  A *perfect Bayesian equilibrium*
(Fudenberg & Tirole 1991, §8.2) is a sender strategy :math:`\sigma(m \mid t)`, a
receiver strategy :math:`\rho(a \mid m)` and beliefs :math:`q(m)` such that

1. each type's messages maximise :math:`\sum_a \rho(a \mid m)\, u_S(t, m, a)`;
2. at every message :math:`\rho(\cdot \mid m)` is a best response to :math:`q(m)`
   (sequential rationality, on the path and off it);
3. on the path beliefs follow Bayes' rule,
   :math:`q(m) = p_0 \sigma(m \mid t_0) / (p_0 \sigma(m \mid t_0) + p_1 \sigma(m \mid t_1))`;
   off the path (no type sends :math:`m`) any :math:`q(m) \in [0, 1]` is allowed.

The receiver's expected payoff is linear in :math:`q`, so the beliefs at which an
action :math:`a` is a best response form a closed interval
:math:`I(m, a) = \{q : q\, \Delta_0 + (1 - q)\, \Delta_1 \ge 0 \ \forall a'\}`
(:math:`\Delta_t = u_R(t, m, a) - u_R(t, m, a')`), computed exactly.
:func:`perfect_bayesian` enumerates

* **pooling** and **separating** candidates: every pure sender strategy, with every
  pure best response at each message on the path;
* **semi-separating** candidates: one type sends one message :math:`m`, the other
  mixes between :math:`m` (probability :math:`x`) and a message :math:`m'` that
  reveals it; the mixing type must be indifferent, which pins down the receiver's
  mixture at :math:`m` and, through Bayes' rule, :math:`x` (or, when a pure response
  already makes it indifferent, leaves :math:`x` free in an interval: a family);

and keeps those for which no type gains by any message.  An off-path message
:math:`m` must be deterred: some belief :math:`q` and some best response to it give
each type at most its equilibrium payoff.  The *set* of such beliefs is reported (a
union of closed intervals): at a belief where one action is the only best response it
must deter by itself; where two are tied, a mixture of them may deter (with two
types, a mixture of any number of tied actions deters only if a mixture of two does,
since a convex polygon meets the closed lower-left quadrant iff a vertex or an edge
does).  Each equilibrium is checked again, from the definition, before it is returned.
Not enumerated (and said so on the result): equilibria in which both types mix, or a
type mixes over three or more messages, and mixtures of tied receiver responses at a
message on the path (they are noted where the receiver is indifferent).

References
----------
Harsanyi, J. C. (1967–68). Games with incomplete information played by "Bayesian"
players, I–III. *Management Science* 14(3), 159–182; 14(5), 320–334; 14(7), 486–502.
Fudenberg, D. & Tirole, J. (1991). *Game Theory*, MIT Press, ch. 6 and §8.2.
Spence, M. (1973). Job market signaling. *Quarterly Journal of Economics* 87(3), 355–374.
Cho, I.-K. & Kreps, D. M. (1987). Signaling games and stable equilibria. *QJE* 102(2).
"""

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .._numbers import format_number
from ..equilibria.result import EquilibriumSet
from ..errors import GameError, SolverError
from .behaviour import behaviour_strategies, realization
from .tree import GameTree, _is_exact, _is_symbolic, _show, _value

__all__ = [
    "BayesianGame",
    "BayesianNashEquilibria",
    "BayesianNashEquilibrium",
    "Interval",
    "OffPathSupport",
    "PerfectBayesianEquilibria",
    "PerfectBayesianEquilibrium",
    "SignallingGame",
]


def _label_list(values, what):
    if isinstance(values, str):
        raise GameError(f"{what} must be a list of labels, not the string {values!r}")
    values = list(values)
    if not values:
        raise GameError(f"{what} is empty")
    for v in values:
        if not isinstance(v, str):
            raise GameError(f"{what} contains {v!r}, which is not a string")
    if len(set(values)) != len(values):
        raise GameError(f"{what} repeats a label: {values}")
    return values


def _number(x):
    return str(x) if isinstance(x, Fraction) else _show(x)


def _payoff_values(value, where):
    """A payoff function's result as a list (or a dict by player) for GameTree.outcome."""
    if isinstance(value, dict):
        return value
    try:
        return list(value)
    except TypeError:
        raise GameError(f"{where} must be one payoff per player, not {value!r}") from None


class _Listed:
    """Sequence access (``len``, iteration, indexing) to ``self.equilibria``.

    The methods are :class:`~negotiation.equilibria.result.EquilibriumSet`'s.
    """

    __len__ = EquilibriumSet.__len__
    __iter__ = EquilibriumSet.__iter__
    __getitem__ = EquilibriumSet.__getitem__


# ========================================================== Bayesian games
class BayesianGame:
    """A simultaneous-move game with private types and a common prior.

    Parameters
    ----------
    players : sequence of str
    types : dict
        ``{player: [type labels]}``; a player not named has a single type (no private
        information).
    prior : dict
        Either the joint prior ``{type profile: probability}``, a type profile being
        a tuple with one type per player *that has types* (in player order; a plain
        label when only one player has types), profiles not named having probability
        0; or independent priors ``{player: {type: probability}}``.  Probabilities are
        exact, floats, or sympy expressions; every type needs positive probability.
    actions : dict
        ``{player: [action labels]}`` for every player (the same for all their types).
    payoffs : callable or dict
        ``payoffs(types, actions)`` with ``types`` and ``actions`` dicts by player,
        returning one payoff per player (a sequence in player order, or a dict); or a
        dict ``{type profile: NormalFormGame or array of shape (N, |A_1|, ...)}``.
    title : str, optional

    Examples
    --------
    >>> game = BayesianGame(
    ...     players=("Kim", "US"), types={"Kim": ["earnest", "duplicitous"]},
    ...     prior={"earnest": "4/5", "duplicitous": "1/5"},
    ...     actions={"Kim": ["propose", "none"], "US": ["negotiate", "reject"]},
    ...     payoffs=lambda t, a: (0, 0) if a["Kim"] == "none" else
    ...         (1, 0) if a["US"] == "reject" else
    ...         (2, 2) if t["Kim"] == "earnest" else (4, -4))
    >>> [e.strategies["US"][""] for e in game.bayesian_nash()]
    [{'negotiate': Fraction(1, 1), 'reject': Fraction(0, 1)}]
    """

    def __init__(self, players, types, prior, actions, payoffs, title=""):
        if isinstance(players, str):
            raise GameError(f"players must be a sequence of names, not the string {players!r}")
        self.players = tuple(players)
        if not self.players:
            raise GameError("a Bayesian game needs at least one player")
        self.title = title
        unknown = [p for p in list(types) + list(actions) if p not in self.players]
        if unknown:
            raise GameError(f"{unknown[0]!r} is not a player: the players are "
                            f"{', '.join(self.players)}")
        self.types = {p: tuple(_label_list(types[p], f"the types of {p!r}")) if p in types
                      else ("",) for p in self.players}
        missing = [p for p in self.players if p not in actions]
        if missing:
            raise GameError(f"actions gives no actions for {missing[0]!r}")
        self.actions = {p: tuple(_label_list(actions[p], f"the actions of {p!r}"))
                        for p in self.players}
        self.typed = tuple(p for p in self.players if p in types)
        self.prior = self._read_prior(prior)
        self.tree = self._build(payoffs)

    # ------------------------------------------------------------ building
    def _profile(self, key):
        """A full type profile (one type per player) from a prior key."""
        if len(self.typed) == 1 and not isinstance(key, tuple):
            key = (key,)
        if not isinstance(key, tuple) or len(key) != len(self.typed):
            raise GameError(
                f"the prior key {key!r} is not a type profile: give one type for each of "
                f"{', '.join(self.typed) or 'no player'}"
            )
        chosen = dict(zip(self.typed, key))
        for player, t in chosen.items():
            if t not in self.types[player]:
                raise GameError(f"the prior names the type {t!r} of {player!r}, which is not "
                                f"one of {', '.join(self.types[player])}")
        return tuple(chosen.get(p, "") for p in self.players)

    def _read_prior(self, prior):
        if not isinstance(prior, dict):
            raise GameError("the prior must be a dict: {type profile: probability} or "
                            "{player: {type: probability}}")
        if not self.typed:
            return {("",) * len(self.players): 1}
        if prior and all(k in self.typed and isinstance(v, dict) for k, v in prior.items()):
            for player in self.typed:
                if player not in prior:
                    raise GameError(f"the prior gives no distribution for {player!r}'s types")
            joint = {}
            for combo in itertools.product(*(self.types[p] for p in self.typed)):
                weight = 1
                for player, t in zip(self.typed, combo):
                    if t not in prior[player]:
                        raise GameError(f"the prior of {player!r} gives no probability for "
                                        f"the type {t!r}")
                    weight = weight * _value(prior[player][t], f"the prior of {t!r}")
                joint[combo if len(self.typed) > 1 else combo[0]] = weight
            prior = joint
        out = {}
        for key, probability in prior.items():
            profile = self._profile(key)
            if profile in out:
                raise GameError(f"the prior names the type profile {key!r} twice")
            out[profile] = _value(probability, lambda key=key: f"the prior of {key!r}")
        values = list(out.values())
        for v in values:
            if not _is_symbolic(v) and v < 0:
                raise GameError(f"the prior gives the negative probability {_number(v)}")
        if not any(_is_symbolic(v) for v in values):
            total = sum(values, Fraction(0)) if all(_is_exact(v) for v in values) else \
                sum(float(v) for v in values)
            if (total != 1) if isinstance(total, Fraction) else abs(total - 1) > 1e-9:
                raise GameError(f"the prior sums to {_number(total)}, not 1")
            for i, player in enumerate(self.players):
                if player not in self.typed:
                    continue
                for t in self.types[player]:
                    if not any(p[i] == t and out[p] != 0 for p in out):
                        raise GameError(f"the type {t!r} of {player!r} has prior probability 0; "
                                        "drop it from the types")
        return out

    def _build(self, payoffs):
        tree = GameTree(players=self.players, title=self.title)
        # every type profile in lexicographic order (zero-probability ones too), so that
        # each player's information sets, and so strategy labels, follow the type order
        profiles = list(itertools.product(*(self.types[p] for p in self.players)))
        self._profiles = profiles
        if len(self.typed) == 0:
            starts = [(tree.root, profiles[0])]
        else:
            labels = [", ".join(t for t in profile if t) for profile in profiles]
            tree.root.chance([(label, self.prior.get(profile, 0))
                              for label, profile in zip(labels, profiles)],
                             information_set="types")
            starts = list(zip(tree.root.children, profiles))
        self._infosets = {}
        for start, profile in starts:
            stack = [(start, 0, ())]
            while stack:
                node, i, chosen = stack.pop()
                if i == len(self.players):
                    node.terminal(self._payoff(payoffs, profile, chosen))
                    continue
                player = self.players[i]
                label = f"{player}: {profile[i]}" if profile[i] else player
                infoset = self._infosets.get((i, profile[i]))
                node.decision(i, self.actions[player], information_set=infoset or label)
                self._infosets[(i, profile[i])] = node.information_set
                for action, child in zip(self.actions[player], node.children):
                    stack.append((child, i + 1, (*chosen, action)))
        return tree

    def _payoff(self, payoffs, profile, chosen):
        where = f"the payoffs at types ({', '.join(profile)}) and actions ({', '.join(chosen)})"
        if callable(payoffs):
            value = payoffs(dict(zip(self.players, profile)), dict(zip(self.players, chosen)))
            return _payoff_values(value, where)
        key = tuple(t for t, p in zip(profile, self.players) if p in self.typed)
        if len(key) == 1:
            key = key[0] if key[0] in payoffs else key
        if key not in payoffs:
            raise GameError(f"payoffs has no entry for the type profile {key!r}")
        table = payoffs[key]
        array = np.asarray(getattr(table, "payoffs", table), dtype=object)
        index = tuple(self.actions[p].index(a) for p, a in zip(self.players, chosen))
        try:
            return [array[i][index] for i in range(len(self.players))]
        except (IndexError, TypeError, KeyError):
            raise GameError(f"payoffs[{key!r}] must have shape "
                            f"({len(self.players)}, "
                            f"{', '.join(str(len(self.actions[p])) for p in self.players)})") \
                from None

    # --------------------------------------------------------- evaluating
    @property
    def parameters(self):
        return self.tree.parameters

    def substitute(self, values):
        """The game with parameters replaced by ``values`` (see :meth:`GameTree.substitute`)."""
        new = object.__new__(BayesianGame)
        new.__dict__.update(self.__dict__)
        new.tree = self.tree.substitute(values)
        infosets = {}
        for key, infoset in self._infosets.items():
            member = infoset._members[0]
            infosets[key] = new.tree._infoset[member]
        new._infosets = infosets
        if self.typed:
            drawn = dict(zip(self._profiles, new.tree._infoset[0]._probabilities))
            new.prior = {profile: drawn[profile] for profile in self.prior}
        return new

    def strategic_form(self):
        """The ex-ante strategic form (a :class:`NormalFormGame`).

        A strategy names an action for each of the player's types, in the order of
        their types, joined by ``/`` (``"propose/none"``).
        """
        return self.tree.reduced_strategic_form()

    def bayesian_nash(self, method=None):
        """Bayesian Nash equilibria through the ex-ante strategic form.

        ``method`` as in :func:`negotiation.equilibria.solve`: ``"enumerate"`` (all
        extreme equilibria, exactly; the default for two players) or ``"pure"`` (any
        number of players; the default otherwise).  Each equilibrium of the form is
        turned into a behaviour strategy per type (Kuhn); equilibria of the form that
        give the same behaviour (they differ only in how a player's types' choices are
        correlated, which nobody can observe) are listed once.
        """
        method = method or ("enumerate" if len(self.players) == 2 else "pure")
        result = self.strategic_form().equilibria(method=method)
        found = {}
        for equilibrium in result:
            bne = self._equilibrium(equilibrium)
            key = repr(sorted((p, sorted((t, sorted(row.items())) for t, row in s.items()))
                              for p, s in bne.strategies.items()))
            found.setdefault(key, bne)
        return BayesianNashEquilibria(self, tuple(found.values()), result)

    def _equilibrium(self, equilibrium):
        behaviour = behaviour_strategies(self.tree, equilibrium)
        strategies = {p: {} for p in self.players}
        for (i, t), infoset in self._infosets.items():
            strategies[self.players[i]][t] = behaviour[infoset]
        reach = realization(self.tree, behaviour)
        exact = behaviour.exact and self.tree.exact
        zero = Fraction(0) if exact else 0.0
        mass = {}
        value = {}
        for node, probability in reach.items():
            if not node.is_terminal or probability == 0:
                continue
            profile = self._profile_of(node)
            payoffs = node.outcome.payoffs if node.outcome is not None else (0,) * len(self.players)
            for i, player in enumerate(self.players):
                key = (player, profile[i])
                value[key] = value.get(key, zero) + probability * payoffs[i]
        for profile, p in self.prior.items():
            for i, player in enumerate(self.players):
                key = (player, profile[i])
                mass[key] = mass.get(key, zero) + (p if exact else float(p))
        interim = {p: {} for p in self.players}
        for (player, t), total in mass.items():
            if total != 0:
                interim[player][t] = value.get((player, t), zero) / total
        return BayesianNashEquilibrium(self.players, strategies, tuple(equilibrium.payoffs),
                                       interim, equilibrium)

    def _profile_of(self, node):
        if not self.typed:
            return ("",) * len(self.players)
        k = node.index
        while self.tree._parent[k] != 0:
            k = self.tree._parent[k]
        return self._profiles[k - self.tree._first[0]]

    def __repr__(self):
        types = "; ".join(f"{p}: {', '.join(self.types[p])}" for p in self.typed) or "no types"
        return f"<BayesianGame: players {', '.join(self.players)}; {types}>"


@dataclass(frozen=True)
class BayesianNashEquilibrium:
    """A Bayesian Nash equilibrium.

    Attributes
    ----------
    strategies : dict
        ``{player: {type: {action: probability}}}`` (the type ``""`` for a player
        without private information).
    payoffs : tuple
        Ex-ante expected payoffs, one per player.
    interim : dict
        ``{player: {type: expected payoff given that type}}``.
    equilibrium : Equilibrium
        The equilibrium of the ex-ante strategic form it comes from.
    """

    players: tuple
    strategies: dict
    payoffs: tuple
    interim: dict
    equilibrium: object = field(repr=False)

    def describe(self):
        parts = []
        for player in self.players:
            for t, row in self.strategies[player].items():
                who = f"{player} ({t})" if t else player
                played = [(a, p) for a, p in row.items() if p != 0]
                if len(played) == 1:
                    parts.append(f"{who} plays {played[0][0]}")
                else:
                    parts.append(f"{who} plays " + ", ".join(f"{a} with {_number(p)}"
                                                             for a, p in played))
        return "; ".join(parts)

    def explain(self):
        payoffs = ", ".join(f"{p} {_number(u)}" for p, u in zip(self.players, self.payoffs))
        return (f"In this Bayesian Nash equilibrium {self.describe()}; ex-ante expected "
                f"payoffs: {payoffs}; no type of any player gains by deviating alone, given "
                "what it believes about the others' types.")

    def to_dict(self):
        return {
            "strategies": {p: {t: {a: format_number(x) for a, x in row.items()}
                               for t, row in by_type.items()}
                           for p, by_type in self.strategies.items()},
            "payoffs": [format_number(u) for u in self.payoffs],
            "interim": {p: {t: format_number(u) for t, u in rows.items()}
                        for p, rows in self.interim.items()},
        }

    def __repr__(self):
        from ..display.text import short_repr

        return short_repr(self, ("players", "payoffs"))


@dataclass(frozen=True)
class BayesianNashEquilibria(_Listed):
    """The Bayesian Nash equilibria found, with the ex-ante form's equilibrium set.

    ``complete`` (from the strategic-form solver) says whether every extreme
    equilibrium was found; ``result`` holds the components and maximal Nash subsets.
    """

    game: object = field(repr=False)
    equilibria: tuple
    result: object = field(repr=False)

    @property
    def complete(self):
        return self.result.complete

    def explain(self):
        n = len(self.equilibria)
        if n == 0:
            return ("No Bayesian Nash equilibrium was found by this method (pure equilibria "
                    "may not exist; mixed ones always do).")
        how = "all extreme equilibria" if self.result.method == "enumerate" else \
            "all pure equilibria"
        lines = [f"The game has {n} Bayesian Nash equilibri{'um' if n == 1 else 'a'} "
                 f"({how} of the ex-ante strategic form)."]
        lines += [e.explain() for e in self.equilibria[:3]]
        if n > 3:
            lines.append(f"... and {n - 3} more.")
        return " ".join(lines)

    def to_dict(self):
        return {"method": self.result.method, "complete": self.complete,
                "equilibria": [e.to_dict() for e in self.equilibria]}

    def __repr__(self):
        from ..display.text import listing_repr

        return listing_repr(self)


# =========================================================== intervals
@dataclass(frozen=True)
class Interval:
    """An interval of numbers; ``lo == hi`` with both ends closed is a point."""

    lo: object
    hi: object
    lo_closed: bool = True
    hi_closed: bool = True

    def __contains__(self, x):
        return ((self.lo < x) or (self.lo_closed and self.lo == x)) and \
            ((x < self.hi) or (self.hi_closed and x == self.hi))

    @property
    def is_point(self):
        return self.lo == self.hi

    def map(self, function):
        return Interval(function(self.lo), function(self.hi), self.lo_closed, self.hi_closed)

    def __str__(self):
        if self.is_point:
            return _number(self.lo)
        return (f"{'[' if self.lo_closed else '('}{_number(self.lo)}, "
                f"{_number(self.hi)}{']' if self.hi_closed else ')'}")

    def to_list(self):
        return [format_number(self.lo), format_number(self.hi), self.lo_closed, self.hi_closed]


def _intersect(a, b):
    """The intersection of two Intervals, or None if empty."""
    if a is None or b is None:
        return None
    if a.lo > b.lo or (a.lo == b.lo and not a.lo_closed):
        lo, lo_closed = a.lo, a.lo_closed
    else:
        lo, lo_closed = b.lo, b.lo_closed
    if a.hi < b.hi or (a.hi == b.hi and not a.hi_closed):
        hi, hi_closed = a.hi, a.hi_closed
    else:
        hi, hi_closed = b.hi, b.hi_closed
    if lo > hi or (lo == hi and not (lo_closed and hi_closed)):
        return None
    return Interval(lo, hi, lo_closed, hi_closed)


def _union(intervals):
    """Closed intervals merged into a sorted tuple of disjoint ones."""
    out = []
    for piece in sorted(intervals, key=lambda i: (i.lo, i.hi)):
        if out and piece.lo <= out[-1].hi:
            if piece.hi > out[-1].hi:
                out[-1] = Interval(out[-1].lo, piece.hi)
        else:
            out.append(Interval(piece.lo, piece.hi))
    return tuple(out)


def _linear_set(c, e):
    """``{x in [0, 1] : c + x e <= 0}`` as an Interval, or None."""
    if e == 0:
        return Interval(Fraction(0), Fraction(1)) if c <= 0 else None
    root = -c / e
    return _intersect(Interval(Fraction(0), Fraction(1)),
                      Interval(root, Fraction(1)) if e < 0 else Interval(Fraction(0), root))


# ===================================================== signalling games
@dataclass(frozen=True)
class OffPathSupport:
    """Beliefs at an off-path message and a receiver response that together deter it.

    ``beliefs`` is an :class:`Interval` of the probability of the first type; the
    receiver plays ``actions[0]`` (and, for a mixture, ``actions[1]``), the first with a
    probability in ``mixing`` (``None`` for a pure response).  Every belief in
    ``beliefs`` makes the response a best reply, and with it no type gains by sending
    the message.
    """

    beliefs: Interval
    actions: tuple
    mixing: object = None

    def describe(self, types):
        if self.mixing is None:
            response = self.actions[0]
        else:
            response = (f"{self.actions[0]} with probability in {self.mixing} and "
                        f"{self.actions[1]} otherwise")
        return f"belief {types[0]} in {self.beliefs} and response {response}"


@dataclass(frozen=True, eq=False)
class PerfectBayesianEquilibrium:
    """A perfect Bayesian equilibrium of a two-type signalling game (or a family of them).

    Attributes
    ----------
    kind : {"pooling", "separating", "semi-separating"}
    sender : dict
        ``{type: {message: probability}}``; in a semi-separating *family* the mixing
        type's probabilities are :class:`Interval` objects.
    receiver : dict
        ``{message: {action: probability}}`` at the messages on the path.
    beliefs : dict
        ``{message: probability of the first type}`` on the path (an Interval in a
        family).
    off_path : dict
        ``{message: tuple of OffPathSupport}``: every way to deter each message no type
        sends.
    belief_sets : dict
        ``{message: tuple of Interval}``: the union of the supporting beliefs at each
        off-path message — the set of off-path beliefs that support the equilibrium.
    payoffs : dict
        ``{type: sender's payoff}`` and ``"receiver"``: the receiver's expected
        payoff (an Interval in a family).
    notes : tuple of str
        Ties not enumerated (receiver indifferent at a message on the path).
    """

    game: object = field(repr=False)
    kind: str
    sender: dict
    receiver: dict
    beliefs: dict
    off_path: dict
    payoffs: dict
    notes: tuple = ()

    @property
    def belief_sets(self):
        return {m: _union(s.beliefs for s in supports) for m, supports in self.off_path.items()}

    @property
    def is_family(self):
        return any(isinstance(v, Interval) for v in self.beliefs.values())

    def describe(self):
        game = self.game
        parts = []
        for t, row in self.sender.items():
            sent = [(m, p) for m, p in row.items() if isinstance(p, Interval) or p != 0]
            if len(sent) == 1:
                parts.append(f"the {t} type sends {sent[0][0]}")
            else:
                parts.append(f"the {t} type sends " + ", ".join(
                    f"{m} with probability {p if isinstance(p, Interval) else _number(p)}"
                    for m, p in sent))
        for m, row in self.receiver.items():
            played = [(a, p) for a, p in row.items() if p != 0]
            belief = self.beliefs[m]
            belief = str(belief) if isinstance(belief, Interval) else _number(belief)
            if len(played) == 1:
                response = played[0][0]
            else:
                response = ", ".join(f"{a} with {_number(p)}" for a, p in played)
            parts.append(f"after {m} the {game.players[1]} believes {game.types[0]} with "
                         f"probability {belief} and plays {response}")
        for m, sets in self.belief_sets.items():
            parts.append(f"{m} is never sent, and is deterred by any belief in "
                         f"{' or '.join(str(s) for s in sets)}")
        return "; ".join(parts)

    def explain(self):
        payoffs = ", ".join(
            f"{k if k != 'receiver' else self.game.players[1]} "
            f"{v if isinstance(v, Interval) else _number(v)}" for k, v in self.payoffs.items())
        family = " (a family of equilibria, one for each mixing probability in the range)" \
            if self.is_family else ""
        return (f"In this {self.kind} perfect Bayesian equilibrium{family} {self.describe()}; "
                f"payoffs: {payoffs}; no type gains by another message, the "
                f"{self.game.players[1]} best-responds to Bayes-consistent beliefs on the path "
                "and to the stated beliefs off it.")

    def to_dict(self):
        def value(v):
            return v.to_list() if isinstance(v, Interval) else format_number(v)

        return {
            "kind": self.kind,
            "sender": {t: {m: value(p) for m, p in row.items()} for t, row in self.sender.items()},
            "receiver": {m: {a: value(p) for a, p in row.items()}
                         for m, row in self.receiver.items()},
            "beliefs": {m: value(q) for m, q in self.beliefs.items()},
            "off_path_beliefs": {m: [i.to_list() for i in sets]
                                 for m, sets in self.belief_sets.items()},
            "payoffs": {k: value(v) for k, v in self.payoffs.items()},
            "notes": list(self.notes),
        }

    def __repr__(self):
        return f"<PerfectBayesianEquilibrium ({self.kind}): {self.describe()}>"


@dataclass(frozen=True)
class PerfectBayesianEquilibria(_Listed):
    """The perfect Bayesian equilibria of a two-type signalling game that were enumerated."""

    game: object = field(repr=False)
    equilibria: tuple
    notes: tuple = ()

    statement = ("Pooling and separating equilibria (every pure sender strategy with every "
                 "pure best response on the path) and semi-separating ones in which one type "
                 "mixes over two messages, one of them revealing it; off-path beliefs as the "
                 "full set that supports each. Not enumerated: equilibria in which both types "
                 "mix or a type mixes over three or more messages, and mixtures of tied "
                 "responses on the path (see notes).")

    def of_kind(self, kind):
        return tuple(e for e in self.equilibria if e.kind == kind)

    @property
    def pooling(self):
        return self.of_kind("pooling")

    @property
    def separating(self):
        return self.of_kind("separating")

    @property
    def semi_separating(self):
        return self.of_kind("semi-separating")

    def explain(self):
        if not self.equilibria:
            return ("No pooling, separating or semi-separating perfect Bayesian equilibrium of "
                    "the kinds enumerated exists. " + self.statement)
        counts = ", ".join(f"{len(self.of_kind(k))} {k}" for k in
                           ("pooling", "separating", "semi-separating") if self.of_kind(k))
        lines = [f"The game has {len(self)} perfect Bayesian equilibria of the kinds enumerated "
                 f"({counts})."]
        lines += [e.explain() for e in self.equilibria[:3]]
        if len(self) > 3:
            lines.append(f"... and {len(self) - 3} more.")
        return " ".join(lines)

    def to_dict(self):
        return {"statement": self.statement, "notes": list(self.notes),
                "equilibria": [e.to_dict() for e in self.equilibria]}

    def __repr__(self):
        from ..display.text import listing_repr

        return listing_repr(self)


class SignallingGame:
    """A sender–receiver game: the sender knows its type, the receiver sees only the message.

    Parameters
    ----------
    types : dict
        ``{type: prior probability}`` (exact, float or sympy); two types for
        :meth:`perfect_bayesian`.
    messages : sequence of str
    responses : sequence of str or dict
        The receiver's actions, the same after every message, or
        ``{message: [actions]}``.
    payoffs : callable or dict
        ``payoffs(type, message, response)`` returning ``(sender payoff, receiver
        payoff)``, or a dict ``{(type, message, response): (sender, receiver)}``.
    players : (str, str), optional
        Names of the sender and the receiver.
    """

    def __init__(self, types, messages, responses, payoffs, players=("Sender", "Receiver"),
                 title=""):
        if not isinstance(types, dict) or not types:
            raise GameError("types must be a non-empty dict {type: prior probability}")
        self.types = tuple(_label_list(list(types), "the types"))
        self.messages = tuple(_label_list(messages, "the messages"))
        if isinstance(responses, dict):
            missing = [m for m in self.messages if m not in responses]
            if missing:
                raise GameError(f"responses gives no actions after the message {missing[0]!r}")
            self.responses = {m: tuple(_label_list(responses[m], f"the responses to {m!r}"))
                              for m in self.messages}
        else:
            labels = tuple(_label_list(responses, "the responses"))
            self.responses = {m: labels for m in self.messages}
        self.players = tuple(players)
        if len(self.players) != 2:
            raise GameError(f"a signalling game has two players, not {len(self.players)}")
        self.title = title
        self.tree = GameTree(players=self.players, title=title)
        nature = self.tree.root.chance([(t, types[t]) for t in self.types])
        for t, node in zip(self.types, nature.children):
            node.decision(0, self.messages, information_set=t)
            for m, after in zip(self.messages, node.children):
                after.decision(1, self.responses[m], information_set=m)
                for a, leaf in zip(self.responses[m], after.children):
                    leaf.terminal(self._payoff(payoffs, t, m, a))

    def _payoff(self, payoffs, t, m, a):
        if callable(payoffs):
            value = payoffs(t, m, a)
        else:
            if (t, m, a) not in payoffs:
                raise GameError(f"payoffs has no entry for ({t!r}, {m!r}, {a!r})")
            value = payoffs[(t, m, a)]
        try:
            value = tuple(value)
        except TypeError:
            value = None
        if value is None or len(value) != 2:
            raise GameError(f"the payoffs for ({t!r}, {m!r}, {a!r}) must be a pair "
                            "(sender, receiver)")
        return value

    @classmethod
    def _from_tree(cls, original, tree):
        new = object.__new__(cls)
        new.__dict__.update(original.__dict__)
        new.tree = tree
        return new

    @property
    def parameters(self):
        return self.tree.parameters

    def substitute(self, values):
        """The game with parameters replaced by ``values`` (see :meth:`GameTree.substitute`)."""
        return self._from_tree(self, self.tree.substitute(values))

    def prior(self):
        """``{type: probability}``."""
        return dict(zip(self.types, self.tree._infoset[0]._probabilities))

    def payoff(self, t, m, a):
        """``(sender, receiver)`` payoffs at type ``t``, message ``m``, response ``a``."""
        node = self.tree.root[t][m][a]
        return node.outcome.payoffs

    def strategic_form(self):
        """The reduced strategic form of the tree (sender plans by type, receiver by message)."""
        return self.tree.reduced_strategic_form()

    def bayesian_nash(self):
        """All extreme Nash equilibria of the strategic form (every PBE is among its equilibria)."""
        return self.strategic_form().equilibria()

    def perfect_bayesian(self):
        """Pooling, separating and semi-separating perfect Bayesian equilibria (two types).

        See the module documentation for what is enumerated and how off-path beliefs
        are reported.

        Raises
        ------
        GameError
            If the game does not have exactly two types, a type has prior 0, or the
            game has parameters.
        SolverError
            If an equilibrium fails the final check (a bug, never a silent answer).
        """
        if len(self.types) != 2:
            raise GameError(f"perfect_bayesian enumerates two-type signalling games, but this "
                            f"one has {len(self.types)} types")
        if self.tree.symbolic:
            raise GameError(f"the game has parameters ({', '.join(self.parameters)}); "
                            "substitute values before solving")
        return _PBESolver(self).solve()

    def __repr__(self):
        return (f"<SignallingGame: types {', '.join(self.types)}; messages "
                f"{', '.join(self.messages)}>")


class _PBESolver:
    """Exact enumeration of the PBE of a two-type signalling game (see the module doc)."""

    def __init__(self, game):
        self.game = game
        prior = game.prior()
        self.exact = game.tree.exact
        self.p = [Fraction(prior[t]) for t in game.types]
        for t, p in zip(game.types, self.p):
            if p == 0:
                raise GameError(f"the type {t!r} has prior probability 0; drop it")
        self.S = {}
        self.R = {}
        for t_index, t in enumerate(game.types):
            for m in game.messages:
                for a in game.responses[m]:
                    u = game.payoff(t, m, a)
                    self.S[t_index, m, a] = Fraction(u[0])
                    self.R[t_index, m, a] = Fraction(u[1])
        self.notes = []

    def out(self, x):
        """Exact results stay Fractions; a float game gets floats back."""
        if isinstance(x, Interval):
            return x.map(self.out)
        return x if self.exact else float(x)

    # ------------------------------------------------------------- receiver
    def region(self, m, a):
        """The closed Interval of beliefs q at which ``a`` is a best response at ``m``."""
        lo, hi = Fraction(0), Fraction(1)
        for b in self.game.responses[m]:
            if b == a:
                continue
            d0 = self.R[0, m, a] - self.R[0, m, b]
            d1 = self.R[1, m, a] - self.R[1, m, b]
            if d0 == d1:
                if d1 < 0:
                    return None
            elif d0 > d1:
                lo = max(lo, -d1 / (d0 - d1))
            else:
                hi = min(hi, d1 / (d1 - d0))
        return Interval(lo, hi) if lo <= hi else None

    def best(self, m, q):
        values = {a: q * self.R[0, m, a] + (1 - q) * self.R[1, m, a]
                  for a in self.game.responses[m]}
        top = max(values.values())
        return [a for a, v in values.items() if v == top]

    def sender(self, t, m, response):
        return sum((w * self.S[t, m, a] for a, w in response.items()), Fraction(0))

    def receiver_value(self, t, m, response):
        return sum((w * self.R[t, m, a] for a, w in response.items()), Fraction(0))

    def deterrence(self, m, U):
        """Every (beliefs, response) that makes ``m`` unprofitable for both types."""
        actions = self.game.responses[m]
        regions = {a: self.region(m, a) for a in actions}
        found = []
        deters = {a: all(self.S[t, m, a] <= U[t] for t in (0, 1)) for a in actions}
        for a in actions:
            if regions[a] is not None and deters[a]:
                found.append(OffPathSupport(regions[a], (a,)))
        for a, b in itertools.combinations(actions, 2):
            if deters[a] or deters[b]:
                continue
            common = _intersect(regions[a], regions[b])
            if common is None:
                continue
            mixing = Interval(Fraction(0), Fraction(1))
            for t in (0, 1):
                c = self.S[t, m, b] - U[t]
                e = self.S[t, m, a] - self.S[t, m, b]
                mixing = _intersect(mixing, _linear_set(c, e))
            if mixing is not None:
                found.append(OffPathSupport(common, (a, b), mixing))
        return found

    # --------------------------------------------------------------- solving
    def solve(self):
        found = []
        found += self.pure_sender()
        found += self.semi_separating()
        for equilibrium in found:
            self.check(equilibrium)
        notes = tuple(dict.fromkeys(self.notes))
        return PerfectBayesianEquilibria(self.game, tuple(self.output(e) for e in found), notes)

    def off_path(self, messages, U):
        supports = {}
        for m in self.game.messages:
            if m in messages:
                continue
            found = self.deterrence(m, U)
            if not found:
                return None
            supports[m] = tuple(found)
        return supports

    def pure_sender(self):
        game = self.game
        out = []
        for s0, s1 in itertools.product(game.messages, repeat=2):
            sent = (s0, s1)
            if s0 == s1:
                beliefs = {s0: self.p[0]}
            else:
                beliefs = {s0: Fraction(1), s1: Fraction(0)}
            on = list(beliefs)
            options = [self.best(m, beliefs[m]) for m in on]
            notes = tuple(
                f"the {game.players[1]} is indifferent after {m} between "
                f"{', '.join(best)}; mixtures of them are not listed"
                for m, best in zip(on, options) if len(best) > 1
            )
            for chosen in itertools.product(*options):
                response = {m: {a: Fraction(1)} for m, a in zip(on, chosen)}
                U = [self.sender(t, sent[t], response[sent[t]]) for t in (0, 1)]
                if any(self.sender(t, m, response[m]) > U[t] for t in (0, 1) for m in on):
                    continue
                supports = self.off_path(on, U)
                if supports is None:
                    continue
                self.notes += list(notes)
                sender = {t: {m: Fraction(int(m == sent[k])) for m in game.messages}
                          for k, t in enumerate(game.types)}
                out.append(dict(kind="pooling" if s0 == s1 else "separating", sender=sender,
                                receiver=response, beliefs=beliefs, off_path=supports, U=U,
                                notes=notes))
        return out

    def semi_separating(self):
        game = self.game
        p0 = self.p[0]
        out = []
        for b in (0, 1):
            a = 1 - b
            # the range of the belief at the shared message as x runs over (0, 1)
            Q = Interval(p0, Fraction(1), False, False) if a == 0 else \
                Interval(Fraction(0), p0, False, False)
            for m, m2 in itertools.permutations(game.messages, 2):
                q2 = Fraction(1) if b == 0 else Fraction(0)
                for r2 in self.best(m2, q2):
                    Ub = self.S[b, m2, r2]
                    for c in game.responses[m]:
                        belief = _intersect(self.region(m, c), Q)
                        if belief is None or self.S[b, m, c] != Ub:
                            continue
                        out += self.hybrid(a, b, m, m2, {c: Fraction(1)}, r2, belief)
                    for c, c2 in itertools.combinations(game.responses[m], 2):
                        common = _intersect(_intersect(self.region(m, c), self.region(m, c2)), Q)
                        if common is None:
                            continue
                        if not common.is_point:
                            self.notes.append(
                                f"the {game.players[1]} values {c} and {c2} after {m} alike "
                                "for a range of beliefs; mixtures there are not listed")
                            continue
                        if self.S[b, m, c] == self.S[b, m, c2]:
                            continue  # a pure response keeps the type indifferent (above)
                        weight = (Ub - self.S[b, m, c2]) / (self.S[b, m, c] - self.S[b, m, c2])
                        if not 0 < weight < 1:
                            continue
                        out += self.hybrid(a, b, m, m2, {c: weight, c2: 1 - weight}, r2, common)
        return out

    def hybrid(self, a, b, m, m2, response_m, r2, belief):
        """A semi-separating candidate (or family): type a sends m, type b mixes m and m2."""
        game = self.game
        p0, p1 = self.p
        response = {m: response_m, m2: {r2: Fraction(1)}}
        U = [None, None]
        U[a] = self.sender(a, m, response_m)
        U[b] = self.S[b, m2, r2]
        if self.sender(a, m2, response[m2]) > U[a]:
            return []
        supports = self.off_path([m, m2], U)
        if supports is None:
            return []

        # x, the probability that type b sends m, from the belief q at m
        def x_of(q):
            return p0 * (1 - q) / (p1 * q) if a == 0 else p1 * q / (p0 * (1 - q))

        if belief.is_point:
            x = x_of(belief.lo)
            q = belief.lo
        else:
            mapped = belief.map(x_of)
            if a == 0:  # x decreases in q
                mapped = Interval(mapped.hi, mapped.lo, mapped.hi_closed, mapped.lo_closed)
            x = _intersect(mapped, Interval(Fraction(0), Fraction(1), False, False))
            if x is None:
                return []
            q = belief
        sender = {game.types[a]: {n: Fraction(int(n == m)) for n in game.messages},
                  game.types[b]: {n: Fraction(0) for n in game.messages}}
        if isinstance(x, Interval):
            sender[game.types[b]][m] = x
            sender[game.types[b]][m2] = Interval(1 - x.hi, 1 - x.lo, x.hi_closed, x.lo_closed)
        else:
            sender[game.types[b]][m] = x
            sender[game.types[b]][m2] = 1 - x
        return [dict(kind="semi-separating", sender=sender, receiver=response,
                     beliefs={m: q, m2: Fraction(1) if b == 0 else Fraction(0)},
                     off_path=supports, U=U, notes=(), mixing=(b, m, m2, x))]

    # -------------------------------------------------------------- checking
    def check(self, candidate):
        """Check a candidate from the definition at representative points; else SolverError."""
        game = self.game
        sender = {}
        for k, t in enumerate(game.types):
            row = {}
            for m, w in candidate["sender"][t].items():
                if isinstance(w, Interval):
                    w = (w.lo + w.hi) / 2
                row[m] = w
            sender[k] = row
        response = candidate["receiver"]
        for m in list(response):
            mass = [self.p[t] * sender[t][m] for t in (0, 1)]
            if sum(mass) == 0:
                self.fail(candidate, f"{m} is treated as on the path but no type sends it")
            q = mass[0] / sum(mass)
            best = self.best(m, q)
            if any(w > 0 and a not in best for a, w in response[m].items()):
                self.fail(candidate, f"the response after {m} is not a best reply to {q}")
        for t in (0, 1):
            values = {m: self.sender(t, m, response[m]) for m in response}
            top = max(values.values())
            for m, w in sender[t].items():
                if w > 0 and values[m] != top:
                    self.fail(candidate, f"type {game.types[t]} loses by sending {m}")
            for m, supports in candidate["off_path"].items():
                if sender[0][m] != 0 or sender[1][m] != 0:
                    self.fail(candidate, f"{m} is treated as off the path but is sent")
                for support in supports:
                    weights = [support.mixing.lo] if support.mixing is not None else [1]
                    for q in (support.beliefs.lo, support.beliefs.hi):
                        best = self.best(m, q)
                        if any(a not in best for a in support.actions):
                            self.fail(candidate, f"the off-path response after {m} is not a "
                                      f"best reply to {q}")
                        mix = dict(zip(support.actions, [weights[0], 1 - weights[0]]))
                        if self.sender(t, m, mix) > top:
                            self.fail(candidate, f"type {game.types[t]} gains by sending {m}")

    def fail(self, candidate, reason):
        raise SolverError(f"a {candidate['kind']} candidate failed the final check: {reason}")

    def output(self, candidate):
        game = self.game
        out = self.out
        payoffs = {t: out(candidate["U"][k]) for k, t in enumerate(game.types)}
        # the receiver's expected payoff, linear in x in a family: evaluate at the ends
        points = [candidate["sender"]]
        mixing = candidate.get("mixing")
        if mixing is not None and isinstance(mixing[3], Interval):
            b, m, m2, x = mixing
            points = []
            for end in (x.lo, x.hi):
                row = {k: dict(v) for k, v in candidate["sender"].items()}
                row[game.types[b]][m] = end
                row[game.types[b]][m2] = 1 - end
                points.append(row)
        values = []
        for sender in points:
            total = Fraction(0)
            for k, t in enumerate(game.types):
                for m, w in sender[t].items():
                    if w:
                        total += self.p[k] * w * self.receiver_value(k, m,
                                                                     candidate["receiver"][m])
            values.append(total)
        if len(values) == 1:
            payoffs["receiver"] = out(values[0])
        else:
            x = mixing[3]
            ends = sorted(zip(values, (x.lo_closed, x.hi_closed)))
            if ends[0][0] == ends[1][0]:
                payoffs["receiver"] = out(ends[0][0])
            else:
                payoffs["receiver"] = out(Interval(ends[0][0], ends[1][0], ends[0][1],
                                                   ends[1][1]))
        return PerfectBayesianEquilibrium(
            game=game,
            kind=candidate["kind"],
            sender={t: {m: out(w) for m, w in row.items()}
                    for t, row in candidate["sender"].items()},
            receiver={m: {a: out(row.get(a, Fraction(0))) for a in game.responses[m]}
                      for m, row in candidate["receiver"].items()},
            beliefs={m: out(q) for m, q in candidate["beliefs"].items()},
            off_path={m: tuple(OffPathSupport(out(s.beliefs), s.actions,
                                              None if s.mixing is None else out(s.mixing))
                               for s in supports)
                      for m, supports in candidate["off_path"].items()},
            payoffs=payoffs,
            notes=tuple(candidate["notes"]),
        )

