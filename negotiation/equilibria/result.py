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
    :meth:`strategy` gives the same keyed by action label.
    """

    players: tuple
    actions: tuple
    strategies: tuple
    payoffs: tuple
    exact: bool

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
        return {
            "strategies": [[format_number(p) for p in s] for s in self.strategies],
            "payoffs": [format_number(u) for u in self.payoffs],
        }

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
        which).
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
        if self.complete:
            return f"{n} extreme {noun} (all of them)"
        return f"{n} {noun} (found by this method; there may be more)"

    def explain(self):
        """A few plain sentences for a policy reader."""
        n = len(self.equilibria)
        if n == 0:
            return "No equilibrium was found by this method."
        lines = [f"The game has {self.count}."]
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
