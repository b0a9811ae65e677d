"""The graph model of a conflict: decision makers, states, unilateral moves, preferences.

A graph model (Kilgour, Hipel & Fang 1987; Fang, Hipel & Kilgour 1993, ch. 2) is

* a set :math:`N` of decision makers (DMs) and a finite set :math:`S` of feasible states;
* for each DM :math:`i` a directed graph :math:`(S, A_i)` of *unilateral moves*:
  :math:`(s, t) \\in A_i` when :math:`i` alone can take the conflict from :math:`s` to
  :math:`t`; :math:`R_i(s) = \\{t : (s, t) \\in A_i\\}`;
* for each DM a preference over :math:`S`, ordinal with ties (:mod:`.preferences`).

In **option form** (Howard 1971; Fraser & Hipel 1984) each DM controls options that are
taken (Y) or not (N); a state is a feasible Y/N vector, and DM :math:`i` moves from
:math:`s` to any other feasible :math:`t` that differs from :math:`s` only in
:math:`i`'s options, each changed option changing in a permitted direction: an option
that is *irreversible* once taken (``reversibility="forward"``) never goes from Y back to
N, and one that can only be withdrawn (``"backward"``) never goes from N to Y.  Feasible
states are numbered 1, 2, ... in the order of their decimal code
:math:`\\sum_o x_o 2^o` (option 1 the least significant bit), as in GMCR II.

In **graph form** the states and each DM's moves are listed directly.
"""

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from ..errors import GameError
from .preferences import ranks_from
from .statements import evaluate, parse_statement

#: Directions in which an option may change: both ways, only N→Y (irreversible once
#: taken), only Y→N.
REVERSIBILITY = ("both", "forward", "backward")
#: Most options of a model in option form (2**22 candidate states, 4 M).
MAX_OPTIONS = 22


@dataclass(frozen=True)
class Option:
    """One option: its name, the DM who controls it, and which way it may change."""

    name: str
    dm: str
    reversibility: str = "both"
    description: str = ""


@dataclass(frozen=True, eq=False)
class StateSpace:
    """The feasible states: names, numbers (1-based) and, in option form, the Y/N table."""

    names: tuple
    options: tuple = ()
    table: np.ndarray | None = field(default=None, repr=False)

    @property
    def count(self):
        return len(self.names)

    @cached_property
    def _lookup(self):
        return {name: k for k, name in enumerate(self.names)}

    def index(self, state, where="a state"):
        """The 0-based index of a state given by its number (1-based) or its name."""
        if isinstance(state, bool):
            raise GameError(f"{where}: {state!r} is not a state")
        if isinstance(state, int | np.integer):
            if not 1 <= state <= self.count:
                raise GameError(f"{where}: there is no state {state} (the states are "
                                f"numbered 1 to {self.count})")
            return int(state) - 1
        if isinstance(state, str) and state in self._lookup:
            return self._lookup[state]
        raise GameError(f"{where}: {state!r} is not a state of the model")

    def number(self, k):
        """The number (1-based) of the state with index ``k``."""
        return int(k) + 1

    def taken(self, k):
        """The options taken in state ``k`` (option form), as names."""
        return tuple(o for o, on in zip(self.options, self.table[k]) if on)

    def short(self, k):
        """The state's number in option form, its name in graph form."""
        return str(k + 1) if self.table is not None else str(self.names[k])

    def label(self, k):
        """``"7"`` in graph form is the state's name; in option form, its number and the
        options taken: ``"7 (blockade, withdraw)"``."""
        if self.table is None:
            return str(self.names[k])
        taken = self.taken(k)
        return f"{k + 1} ({', '.join(taken) if taken else 'no option taken'})"


@dataclass(frozen=True, eq=False)
class GraphModel:
    """A graph model of a conflict.

    Make one with :meth:`option_form`, :meth:`graph_form` or :meth:`from_game`, or read
    one from a file with :func:`negotiation.conflict.load`.  ``moves[i]`` holds DM
    ``i``'s unilateral moves as two index arrays ``(source, target)``; ``ranks[i]`` the
    rank of every state for DM ``i`` (higher is preferred, equal ranks tie).
    """

    decision_makers: tuple
    states: StateSpace
    moves: tuple = field(repr=False)
    ranks: np.ndarray = field(repr=False)
    options: tuple = ()
    title: str = ""
    status_quo: int | None = None
    reasons: dict = field(default_factory=dict, repr=False)
    metadata: dict = field(default_factory=dict, repr=False)
    settings: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def option_form(cls, decision_makers, preferences, infeasible=(), reversibility=None,
                    title="", status_quo=None, descriptions=None):
        """A model in option form.

        Parameters
        ----------
        decision_makers : dict
            ``{dm: [option, ...]}``, the options each DM controls, in order.
        preferences : dict or None
            ``{dm: spec}``, each spec ``{"ranking": ...}``, ``{"prioritisation": ...}`` or
            ``{"payoffs": ...}`` (:mod:`.preferences`); ``None`` leaves every DM
            indifferent between all states (to be set with :meth:`with_preferences`).
        infeasible : sequence of str
            Statements true in infeasible combinations (``"withdraw and escalate"``);
            mutually exclusive options are one such statement per pair.
        reversibility : dict, optional
            ``{option: "forward" | "backward"}`` for options that change one way only.
        status_quo : sequence of str, optional
            The options taken at the status quo.

        Raises
        ------
        GameError
            An option named twice, an unknown option, no feasible state, bad preferences.
        """
        reversibility = dict(reversibility or {})
        descriptions = dict(descriptions or {})
        options = []
        for dm, names in decision_makers.items():
            for name in names:
                if any(o.name == name for o in options):
                    raise GameError(f"the option {name!r} is named twice; option names must "
                                    "be unique")
                way = reversibility.pop(name, "both")
                if way not in REVERSIBILITY:
                    raise GameError(f"the option {name!r}: reversibility {way!r} is not one "
                                    f"of {', '.join(REVERSIBILITY)}")
                options.append(Option(name, dm, way, descriptions.get(name, "")))
        if reversibility:
            raise GameError(f"reversibility is given for {', '.join(map(repr, reversibility))}"
                            ", which no decision maker controls")
        if not options:
            raise GameError("a model in option form needs at least one option")
        if len(options) > MAX_OPTIONS:
            raise GameError(f"the model has {len(options)} options; at most {MAX_OPTIONS} "
                            "are supported (2**options candidate states)")
        names = [o.name for o in options]
        n = len(options)
        codes = np.arange(1 << n, dtype=np.int64)
        table = ((codes[:, None] >> np.arange(n)) & 1).astype(bool)
        feasible = np.ones(len(codes), dtype=bool)
        for k, text in enumerate(infeasible):
            tree = parse_statement(text, names, f"infeasible statement {k + 1}")
            feasible &= ~evaluate(tree, table)
        codes, table = codes[feasible], table[feasible]
        if not len(codes):
            raise GameError("no state is feasible: the infeasibility statements rule out "
                            "every combination of options")
        space = StateSpace(tuple(str(k + 1) for k in range(len(codes))), tuple(names), table)
        dms = tuple(decision_makers)
        moves = tuple(_option_moves(codes, table, options, dm, n) for dm in dms)
        start = None
        if status_quo is not None:
            unknown = [o for o in status_quo if o not in names]
            if unknown:
                raise GameError(f"the status quo names {', '.join(map(repr, unknown))}, which "
                                "is not an option")
            row = np.array([name in status_quo for name in names])
            hit = np.flatnonzero((table == row).all(axis=1))
            if not len(hit):
                raise GameError("the status quo is not a feasible state")
            start = int(hit[0])
        return cls(dms, space, moves, _ranks(dms, preferences, space), tuple(options), title,
                   start)

    @classmethod
    def graph_form(cls, decision_makers, states, moves, preferences, title="",
                   status_quo=None):
        """A model in graph form: ``states`` (names), ``moves`` ``{dm: [(from, to), ...]}``
        with states by name or number, and ``preferences`` ``{dm: spec}``."""
        names = tuple(str(s) for s in states)
        if len(set(names)) != len(names):
            raise GameError("a state is named twice")
        space = StateSpace(names)
        dms = tuple(decision_makers)
        unknown = set(moves) - set(dms)
        if unknown:
            raise GameError(f"moves are given for {', '.join(map(repr, sorted(unknown)))}, "
                            "who is not a decision maker")
        arcs = []
        for dm in dms:
            pairs = set()
            for a, b in moves.get(dm, ()):
                where = f"a move of {dm}"
                s, t = space.index(a, where), space.index(b, where)
                if s == t:
                    raise GameError(f"{where}: a move must change the state ({a} to {b})")
                pairs.add((s, t))
            arcs.append(_arrays(sorted(pairs)))
        start = None if status_quo is None else space.index(status_quo, "the status quo")
        return cls(dms, space, tuple(arcs), _ranks(dms, preferences, space), (), title, start)

    @classmethod
    def from_game(cls, game, title=None):
        """The graph model of a strategic-form game: a state per pure profile, each player
        moving by changing their own action, preferences the order of the payoffs."""
        shape = game.shape
        profiles = list(np.ndindex(*shape))
        names = [", ".join(str(game.actions[p][a]) for p, a in enumerate(profile))
                 for profile in profiles]
        index = {profile: k for k, profile in enumerate(profiles)}
        moves, prefs = {}, {}
        for p, player in enumerate(game.players):
            pairs = []
            for profile in profiles:
                for a in range(shape[p]):
                    if a != profile[p]:
                        other = (*profile[:p], a, *profile[p + 1:])
                        pairs.append((names[index[profile]], names[index[other]]))
            moves[player] = pairs
            prefs[player] = {"payoffs": [game.payoffs[(p, *profile)] for profile in profiles]}
        return cls.graph_form(game.players, names, moves, prefs,
                              title=game.title if title is None else title)

    @classmethod
    def from_scenario(cls, scenario):
        """The packages of a bargaining scenario as a graph model, preferences from its
        cardinal utilities (:func:`.from_scenario.from_scenario`)."""
        from .from_scenario import from_scenario

        return from_scenario(scenario)

    def with_preferences(self, dm, spec):
        """A copy in which ``dm``'s preferences are ``spec`` (:mod:`.preferences`)."""
        i = self.dm_index(dm)
        ranks = self.ranks.copy()
        ranks[i] = ranks_from(spec, self.states, self.decision_makers[i])
        return replace(self, ranks=ranks)

    def with_ranks(self, dm, ranks):
        """A copy in which ``dm``'s ranks (one integer per state, higher preferred) are
        ``ranks``."""
        new = self.ranks.copy()
        new[self.dm_index(dm)] = np.asarray(ranks, dtype=np.int64)
        return replace(self, ranks=new)

    # ------------------------------------------------------------------ views
    @property
    def n_states(self):
        return self.states.count

    def dm_index(self, dm):
        """The index of a DM given by name or index."""
        if isinstance(dm, int | np.integer) and not isinstance(dm, bool) and \
                0 <= dm < len(self.decision_makers):
            return int(dm)
        if dm in self.decision_makers:
            return self.decision_makers.index(dm)
        raise GameError(f"{dm!r} is not a decision maker; they are "
                        f"{', '.join(self.decision_makers)}")

    def improvements(self, i):
        """DM ``i``'s unilateral improvements :math:`R_i^+`: its moves to states it
        strictly prefers, as ``(source, target)`` index arrays."""
        src, dst = self.moves[i]
        keep = self.ranks[i][dst] > self.ranks[i][src]
        return src[keep], dst[keep]

    @cached_property
    def transitive(self):
        """Whether every DM's move relation is transitive (:math:`s \\to t \\to u` with
        :math:`u \\ne s` implies :math:`s \\to u`): always so in option form.  Then the
        rule that no DM moves twice in succession removes no reachable state."""
        from scipy import sparse

        n = self.n_states
        for src, dst in self.moves:
            a = sparse.csr_matrix((np.ones(len(src), dtype=np.int32), (src, dst)), shape=(n, n))
            two = (a @ a).tocoo()
            off = two.row != two.col
            if off.any() and not np.asarray(a[two.row[off], two.col[off]]).all():
                return False
        return True

    def label(self, k):
        """A state (0-based index) as shown to people."""
        return self.states.label(k)

    def __repr__(self):
        form = "option form" if self.options else "graph form"
        return (f"<GraphModel {self.title or ''}: {len(self.decision_makers)} decision makers,"
                f" {self.n_states} states, {form}>")

    def to_dict(self):
        """The model as plain data: states (with options taken), moves and rankings."""
        out = {"title": self.title, "decision_makers": list(self.decision_makers),
               "states": [self.label(k) for k in range(self.n_states)],
               "moves": {dm: [[int(s) + 1, int(t) + 1] for s, t in zip(*self.moves[i])]
                         for i, dm in enumerate(self.decision_makers)},
               "ranking": {dm: [[int(s) + 1 for s in np.flatnonzero(self.ranks[i] == r)]
                                for r in sorted(set(self.ranks[i].tolist()), reverse=True)]
                           for i, dm in enumerate(self.decision_makers)}}
        if self.options:
            out["options"] = [{"name": o.name, "dm": o.dm, "reversibility": o.reversibility}
                              for o in self.options]
        if self.status_quo is not None:
            out["status_quo"] = self.status_quo + 1
        return out


def _arrays(pairs):
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    a = np.asarray(pairs, dtype=np.int64)
    return a[:, 0].copy(), a[:, 1].copy()


def _option_moves(codes, table, options, dm, n):
    """DM ``dm``'s unilateral moves in option form, as sorted ``(source, target)`` arrays."""
    mine = [k for k, o in enumerate(options) if o.dm == dm]
    lookup = np.full(1 << n, -1, dtype=np.int64)
    lookup[codes] = np.arange(len(codes))
    mask = sum(1 << k for k in mine)
    sources, targets = [], []
    for combo in range(1 << len(mine)):
        bits = sum(1 << k for j, k in enumerate(mine) if combo >> j & 1)
        target = (codes & ~mask) | bits
        ok = (target != codes) & (lookup[target] >= 0)
        for k in mine:
            was, becomes = (codes >> k) & 1, (target >> k) & 1
            if options[k].reversibility == "forward":
                ok &= ~((was == 1) & (becomes == 0))
            elif options[k].reversibility == "backward":
                ok &= ~((was == 0) & (becomes == 1))
        sources.append(np.flatnonzero(ok))
        targets.append(lookup[target[ok]])
    src, dst = np.concatenate(sources), np.concatenate(targets)
    order = np.lexsort((dst, src))
    return src[order], dst[order]


def _ranks(dms, preferences, space):
    if preferences is None:
        return np.zeros((len(dms), space.count), dtype=np.int64)
    unknown = set(preferences) - set(dms)
    if unknown:
        raise GameError(f"preferences are given for {', '.join(map(repr, sorted(unknown)))}, "
                        "who is not a decision maker")
    missing = [dm for dm in dms if dm not in preferences]
    if missing:
        raise GameError(f"no preferences are given for {', '.join(missing)}")
    return np.array([ranks_from(preferences[dm], space, dm) for dm in dms], dtype=np.int64)
