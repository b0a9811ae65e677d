"""Result objects of the game solvers: one equilibrium, and a set of them.

Both are immutable.  Probabilities and payoffs are :class:`fractions.Fraction`
when the game is exact, floats otherwise.  An :class:`EquilibriumSet` also knows
which equilibria lie in one connected set of equilibria (``components``) and, for
two players, the maximal convex sets of equilibria (``maximal_subsets``): in a
degenerate game a continuum of equilibria is reported as a set with its vertices,
never as a few arbitrary points.
"""

from dataclasses import dataclass, field

from .._numbers import format_number, number_text


_name = number_text


@dataclass(frozen=True)
class Equilibrium:
    """A Nash equilibrium: a mixed strategy per player and the payoffs it gives.

    ``strategies[i][a]`` is the probability that player ``i`` plays action ``a``;
    :meth:`strategy` gives the same keyed by action label.  When the exact
    probabilities are irrational, ``strategies`` holds their float values and
    ``algebraic`` the exact sympy numbers (radicals or ``CRootOf``).  ``regret``
    is the largest gain from a deviation where a solver computed it (0 for
    exact equilibria; a small float for numerically verified ones).
    """

    players: tuple
    actions: tuple
    strategies: tuple
    payoffs: tuple
    exact: bool
    algebraic: tuple = ()
    regret: object = None

    def _index(self, player):
        return player if isinstance(player, int) else self.players.index(player)

    def strategy(self, player):
        """``{action label: probability}`` for ``player`` (name or index)."""
        i = self._index(player)
        return dict(zip(self.actions[i], self.strategies[i]))

    def support(self, player):
        """Labels of the actions ``player`` plays with positive probability."""
        i = self._index(player)
        return tuple(a for a, p in zip(self.actions[i], self.strategies[i]) if p > 0)

    @property
    def is_pure(self):
        return all(len(self.support(i)) == 1 for i in range(len(self.players)))

    def to_dict(self):
        """``{"strategies": [[...], ...], "payoffs": [...]}``, exact values as ``"p/q"`` strings."""
        out = {
            "strategies": [[format_number(p) for p in s] for s in self.strategies],
            "payoffs": [format_number(u) for u in self.payoffs],
        }
        if self.algebraic:
            out["algebraic"] = [[str(p) for p in s] for s in self.algebraic]
        if self.regret is not None:
            out["regret"] = format_number(self.regret)
        return out

    def describe(self):
        """One line per player: what they play and what they get."""
        parts = []
        for i, player in enumerate(self.players):
            support = self.support(i)
            if len(support) == 1:
                play = support[0]
            else:
                play = ", ".join(f"{a} with {_name(self.strategies[i][self.actions[i].index(a)])}"
                                 for a in support)
            parts.append(f"{player} plays {play} (payoff {_name(self.payoffs[i])})")
        return "; ".join(parts)

    def explain(self):
        """One plain sentence for a policy reader."""
        kind = "pure" if self.is_pure else "mixed"
        return f"In this {kind} equilibrium {self.describe()}, and no one gains by deviating alone."

    def __repr__(self):
        return f"<Equilibrium: {self.describe()}>"


@dataclass(frozen=True)
class EquilibriumSet:
    """The equilibria a method found, with how they hang together.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
        Each verified before it was returned.  For ``method="enumerate"`` these
        are *all* extreme equilibria (``complete`` is true).
    components : tuple of tuple of int
        Indices into ``equilibria``: equilibria in one component are joined by
        segments of equilibria (two equilibria that differ in one player's
        strategy are joined by the segment between them).
    maximal_subsets : tuple of tuple of int
        Two players only: the maximal Nash subsets, convex sets
        ``conv(X) x conv(Y)`` of equilibria, each given by its extreme equilibria
        (Audet, Hansen, Jaumard & Savard 2001).
    method : str
    complete : bool
        Whether the method guarantees that every equilibrium of its kind was found: every
        extreme equilibrium, or for ``method="pure"`` every pure one (:attr:`count` says
        which); for three or more players every isolated equilibrium, and every continuum
        as one of ``varieties``.
    varieties : tuple of EquilibriumVariety
        Three or more players: the positive-dimensional sets of equilibria, one
        per support on which they occur.
    unresolved : tuple
        Supports (action labels per player) whose positive-dimensional system was
        left undecided; ``complete`` is false when there are any.
    """

    players: tuple
    actions: tuple
    exact: bool
    equilibria: tuple
    components: tuple
    method: str
    complete: bool
    maximal_subsets: tuple = ()
    title: str = field(default="", compare=False)
    varieties: tuple = ()
    unresolved: tuple = ()

    def __len__(self):
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def __getitem__(self, index):
        return self.equilibria[index]

    @property
    def is_unique(self):
        return len(self.equilibria) == 1

    @property
    def continua(self):
        """Components with more than one extreme equilibrium (continua of equilibria)."""
        return tuple(c for c in self.components if len(c) > 1)

    def to_dict(self):
        """The JSON form printed by ``negotiation equilibria --json``."""
        return {
            "players": list(self.players),
            "actions": [list(a) for a in self.actions],
            "exact": self.exact,
            "equilibria": [e.to_dict() for e in self.equilibria],
            "components": [list(c) for c in self.components],
            **({"varieties": [v.to_dict() for v in self.varieties]} if self.varieties else {}),
            **({"unresolved": [[list(s) for s in support] for support in self.unresolved]}
               if self.unresolved else {}),
        }

    def to_dataframe(self):
        """One row per equilibrium and player: probabilities by action, and the payoff."""
        import pandas as pd

        rows = []
        for k, eq in enumerate(self.equilibria):
            component = next(c for c, members in enumerate(self.components) if k in members)
            for i, player in enumerate(self.players):
                row = {"equilibrium": k, "component": component, "player": player}
                row.update({f"P({a})": p for a, p in zip(self.actions[i], eq.strategies[i])})
                row["payoff"] = eq.payoffs[i]
                rows.append(row)
        return pd.DataFrame(rows)

    @property
    def count(self):
        """How many equilibria, of which kind, and whether they are all of that kind.

        ``"3 extreme equilibria (all of them)"``; ``"2 pure equilibria (all the pure ones;
        mixed ones were not sought)"`` for ``method="pure"``; ``"1 equilibrium (found by this
        method; there may be more)"`` for a method that finds some.
        """
        n = len(self.equilibria)
        noun = "equilibrium" if n == 1 else "equilibria"
        if self.method == "pure":
            return f"{n} pure {noun} (all the pure ones; mixed ones were not sought)"
        if len(self.players) > 2 and self.method == "enumerate":
            return (f"{n} point {noun} (" + ("all those alone on their supports)"
                                             if self.complete else "those this method decided)"))
        if self.complete:
            return f"{n} extreme {noun} (all of them)"
        return f"{n} {noun} (found by this method; there may be more)"

    def explain(self):
        """A few plain sentences for a policy reader."""
        n = len(self.equilibria)
        if n == 0 and not self.varieties:
            return "No equilibrium was found by this method."
        lines = [f"The game has {self.count}."]
        for variety in self.varieties:
            lines.append(variety.explain())
        if self.unresolved:
            lines.append(f"{len(self.unresolved)} supports carry a set of solutions that was "
                         "not decided, so equilibria may be missing there.")
        if self.continua:
            verb = "is a continuum" if len(self.continua) == 1 else "are continua"
            lines.append(f"{len(self.continua)} of its components {verb} of equilibria: the "
                         "players can move along them without anyone gaining.")
        for eq in self.equilibria[:3]:
            lines.append(eq.explain())
        if n > 3:
            lines.append(f"... and {n - 3} more.")
        return " ".join(lines)

    def __repr__(self):
        kind = "exact" if self.exact else "float"
        return (
            f"<EquilibriumSet: {len(self.equilibria)} equilibria in {len(self.components)} "
            f"components, {kind}, method={self.method!r}>"
        )

    def _repr_html_(self):
        from ..display.tables import equilibria_html

        return equilibria_html(self)


@dataclass(frozen=True)
class EquilibriumVariety:
    r"""A continuum of equilibria of an N-player game on one support profile.

    The set is :math:`\{x : f(x) = 0,\ g(x) > 0,\ h(x) \ge 0\}`: ``equations``
    are the indifference conditions (a Gröbner basis), ``inequalities`` the
    positive probabilities on the support and the no-gain conditions off it, in
    the unknowns ``unknowns`` (``(player, action)`` index pairs: the probability
    of each support action but the first, which is one minus the others).

    Attributes
    ----------
    support : tuple of tuple of str
        The actions each player uses.
    dimension : int
        Dimension of the solution variety of the equations (the set itself is a
        non-empty semi-algebraic subset: ``sample`` lies in it).
    sample : Equilibrium
        One equilibrium in the set, verified: exact when an exact point was found,
        otherwise numerical with its regret.
    """

    players: tuple
    actions: tuple
    support: tuple
    dimension: int
    unknowns: tuple
    symbols: tuple
    equations: tuple
    inequalities: tuple
    sample: Equilibrium

    def _values(self, strategies):
        import sympy as sp

        return {x: sp.Float(float(strategies[i][a]), 30)
                for x, (i, a) in zip(self.symbols, self.unknowns)}

    def contains(self, strategies, tol=1e-7):
        """Whether a profile lies in the set (equations and inequalities within ``tol``)."""
        for i, labels in enumerate(self.actions):
            for a, label in enumerate(labels):
                if (label in self.support[i]) != (float(strategies[i][a]) > tol):
                    return False
        values = self._values(strategies)
        return (all(abs(float(e.subs(values))) <= tol for e in self.equations)
                and all(float(g.lhs.subs(values)) >= -tol for g in self.inequalities))

    def to_dict(self):
        return {
            "support": [list(s) for s in self.support],
            "dimension": self.dimension,
            "equations": [f"{e} = 0" for e in self.equations],
            "inequalities": [str(g) for g in self.inequalities],
            "sample": self.sample.to_dict(),
        }

    def explain(self):
        """One plain sentence for a policy reader."""
        support = "; ".join(f"{p} mixes {', '.join(s)}" if len(s) > 1 else f"{p} plays {s[0]}"
                            for p, s in zip(self.players, self.support))
        return (f"A {self.dimension}-dimensional continuum of equilibria where {support}: "
                f"the players can move along it without anyone gaining (one point: "
                f"{self.sample.describe()}).")

    def __repr__(self):
        return f"<EquilibriumVariety: dimension {self.dimension}, support {self.support}>"
