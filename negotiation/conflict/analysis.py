"""``analyse(model)``: the stability of every state, the equilibria, and their reasons.

The result, :class:`StabilityAnalysis`, holds the stability table (for each concept, DM
and state) and, when asked for, the coalitional table; it answers "why" for any state
(:meth:`~StabilityAnalysis.why`), traces paths from the status quo
(:meth:`~StabilityAnalysis.status_quo`) and the inverse question
(:meth:`~StabilityAnalysis.make_stable`).
"""

import json
from dataclasses import dataclass, field

import numpy as np

from ..errors import GameError, SolverError
from .coalitions import coalition_class, coalition_stability
from .matrix import stability_matrix
from .stability import CONCEPTS, NAMES, check_concepts, stability_reachability, verdict
from .status_quo import preference_changes, status_quo_paths

#: Methods of :func:`analyse`.
METHODS = ("reachability", "matrix")
#: Up to this many states the reachability result is checked against the matrix one.
CHECK_STATES = 128


def analyse(model, concepts=CONCEPTS, method="reachability", coalitions=None, check=None):
    """The stability of every state for every decision maker.

    Parameters
    ----------
    model : GraphModel
    concepts : sequence of str
        Among ``"nash"``, ``"gmr"``, ``"smr"``, ``"seq"`` (default all four).
    method : {"reachability", "matrix"}
        ``"reachability"`` (default): least values over the opponents' reachable lists,
        linear in the number of moves per round (:mod:`.stability`).
        ``"matrix"``: the matrix representation of Xu, Hipel & Kilgour (2009), dense
        :math:`O(|S|^3)` (:mod:`.matrix`).
    coalitions : "all" or list, optional
        Also analyse coalitions (:mod:`.coalitions`): ``"all"`` for every coalition of two
        or more DMs, or a list of coalitions (lists of DM names).
    check : bool, optional
        Check the reachability table against the matrix one (default: when the model has
        at most :data:`CHECK_STATES` states).

    Returns
    -------
    StabilityAnalysis

    Raises
    ------
    SolverError
        The two methods disagree (a defect, reported rather than hidden).
    """
    concepts = check_concepts(concepts)
    if method not in METHODS:
        raise GameError(f"method {method!r} is not one of {', '.join(METHODS)}")
    if method == "matrix":
        stable = stability_matrix(model, concepts)
    else:
        stable = stability_reachability(model, concepts)
        if check is None:
            check = model.n_states <= CHECK_STATES
        if check:
            other = stability_matrix(model, concepts)
            for c in concepts:
                if not np.array_equal(stable[c], other[c]):
                    raise SolverError(f"the reachability and matrix computations of {NAMES[c]}"
                                      " stability disagree; please report this model")
    table = {}
    if coalitions is not None:
        for coalition in coalition_class(model, coalitions):
            table[coalition] = coalition_stability(model, coalition, concepts)
    return StabilityAnalysis(model, concepts, method, stable, table)


@dataclass(frozen=True, eq=False)
class StabilityAnalysis:
    """The stability table of a graph model.

    ``stable[concept]`` is a boolean array (DMs × states); ``coalitional[coalition]
    [concept]`` a boolean array over states for each coalition analysed (DM index
    tuples).  States are numbered from 1 in everything public.
    """

    model: object
    concepts: tuple
    method: str
    stable: dict = field(repr=False)
    coalitional: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ questions
    def stable_states(self, dm, concept="gmr"):
        """The states stable for ``dm`` under ``concept``, as numbers."""
        return tuple(int(k) + 1 for k in
                     np.flatnonzero(self.stable[self._concept(concept)][self.model.dm_index(dm)]))

    def equilibria(self, concept="gmr"):
        """The states stable for every DM under ``concept``, as numbers."""
        return tuple(int(k) + 1 for k in np.flatnonzero(self._all(concept)))

    def coalitional_equilibria(self, concept="gmr"):
        """The states stable for every DM and every coalition analysed, as numbers."""
        if not self.coalitional:
            raise GameError("no coalition was analysed; call analyse(..., coalitions='all')")
        concept = self._concept(concept)
        ok = self._all(concept).copy()
        for table in self.coalitional.values():
            ok &= table[concept]
        return tuple(int(k) + 1 for k in np.flatnonzero(ok))

    def why(self, state, dm, concept="gmr"):
        """The verdict on ``state`` for ``dm`` (a name, or a list of names for a coalition)
        under ``concept``, with the sanction of every improvement: a
        :class:`~.stability.Verdict`."""
        m = self.model
        members = dm if isinstance(dm, list | tuple) else [dm]
        coalition = tuple(sorted({m.dm_index(d) for d in members}))
        return verdict(m, coalition, m.states.index(state, "why"), self._concept(concept))

    def status_quo(self, start=None, concept="gmr", coalitions=None):
        """Shortest paths of improvements from ``start`` (default: the model's status quo)
        to each equilibrium under ``concept``: unilateral improvements, and with
        ``coalitions`` (``"all"`` or lists of DM names) also the joint improvements of
        those coalitions (a coalition moves to a state all its members prefer)."""
        m = self.model
        if start is None:
            if m.status_quo is None:
                raise GameError("the model names no status quo; pass start=STATE")
            begin = m.status_quo
        else:
            begin = m.states.index(start, "the status quo")
        concept = self._concept(concept)
        joint = () if coalitions is None else coalition_class(m, coalitions)
        return status_quo_paths(m, begin, np.flatnonzero(self._all(concept)).tolist(),
                                concept, joint)

    def make_stable(self, state, concept="gmr"):
        """What each DM for whom ``state`` is unstable would have to like less for it to
        become stable under ``concept``: a tuple of
        :class:`~.status_quo.PreferenceChange` (empty when it is an equilibrium)."""
        m = self.model
        s = m.states.index(state, "make_stable")
        concept = self._concept(concept)
        unsanctioned = {}
        for i in range(len(m.decision_makers)):
            if not self.stable[concept][i, s]:
                unsanctioned[i] = [k - 1 for k in verdict(m, (i,), s, concept).unsanctioned]
        return preference_changes(m, s, concept, unsanctioned)

    # ------------------------------------------------------------------ output
    def explain(self):
        """The equilibria under each concept, in one sentence each."""
        m = self.model
        title = f"{m.title}: " if m.title else ""
        parts = [f"{NAMES[c]}: {_states(m, self.equilibria(c))}" for c in self.concepts]
        text = (f"{title}{len(m.decision_makers)} decision makers, {m.n_states} states. "
                "Equilibria — " + "; ".join(parts) + ".")
        if self.coalitional:
            shown = "; ".join(f"{NAMES[c]}: {_states(m, self.coalitional_equilibria(c))}"
                              for c in self.concepts)
            count = len(self.coalitional)
            text += (f" Stable also against the {count} coalition{'s' if count > 1 else ''} "
                     f"analysed — {shown}.")
        return text

    def to_dataframe(self):
        """One row per state: the options taken (option form) and, per concept and DM,
        whether it is stable, then whether it is an equilibrium."""
        import pandas as pd

        m = self.model
        rows = {"state": np.arange(1, m.n_states + 1)}
        if m.options:
            for k, option in enumerate(m.states.options):
                rows[option] = np.where(m.states.table[:, k], "Y", "N")
        else:
            rows["name"] = list(m.states.names)
        for c in self.concepts:
            for i, dm in enumerate(m.decision_makers):
                rows[f"{NAMES[c]} {dm}"] = self.stable[c][i]
            rows[f"{NAMES[c]} equilibrium"] = self._all(c)
        return pd.DataFrame(rows)

    def to_dict(self):
        m = self.model
        out = {"model": m.title, "method": self.method,
               "decision_makers": list(m.decision_makers),
               "states": [m.label(k) for k in range(m.n_states)],
               "stable": {c: {dm: list(self.stable_states(dm, c)) for dm in m.decision_makers}
                          for c in self.concepts},
               "equilibria": {c: list(self.equilibria(c)) for c in self.concepts}}
        if self.coalitional:
            out["coalitional"] = {
                " + ".join(m.decision_makers[j] for j in h): {
                    c: [int(k) + 1 for k in np.flatnonzero(t[c])] for c in self.concepts}
                for h, t in self.coalitional.items()}
            out["coalitional_equilibria"] = {c: list(self.coalitional_equilibria(c))
                                             for c in self.concepts}
        if m.status_quo is not None and "gmr" in self.concepts:
            out["status_quo"] = self.status_quo().to_dict()
        return out

    def to_json(self):
        return json.dumps(self.to_dict(), indent=1)

    def svg(self, concept="gmr", **options):
        """The state graph as SVG, equilibria under ``concept`` marked
        (:func:`negotiation.display.conflict_svg`)."""
        from ..display.conflict import conflict_svg

        concept = self._concept(concept)
        return conflict_svg(self.model, self._all(concept), concept=concept, **options)

    def _repr_html_(self):
        from ..display.conflict import stability_html

        return stability_html(self)

    def __repr__(self):
        return (f"<StabilityAnalysis of {self.model.title or 'a graph model'}: "
                + ", ".join(f"{NAMES[c]} {len(self.equilibria(c))}" for c in self.concepts)
                + " equilibria>")

    # ------------------------------------------------------------------ helpers
    def _concept(self, concept):
        (concept,) = check_concepts(concept)
        if concept not in self.concepts:
            raise GameError(f"{concept!r} was not analysed; analyse(model, concepts=...) "
                            "with it")
        return concept

    def _all(self, concept):
        return self.stable[self._concept(concept)].all(axis=0)


def _states(model, numbers, limit=8):
    """States (numbers) as text, the first ``limit`` with their options, then a count."""
    if not numbers:
        return "none"
    shown = ", ".join(model.label(k - 1) for k in numbers[:limit])
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")
