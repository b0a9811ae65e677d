r"""Strategic-form (normal-form) games with named players and labelled actions.

A game with players :math:`1, \ldots, N` and action sets :math:`S_1, \ldots, S_N`
is a payoff array :math:`u` of shape :math:`(N, |S_1|, \ldots, |S_N|)`:
:math:`u[i, s_1, \ldots, s_N]` is player :math:`i`'s payoff at the profile
:math:`s`.  The game is *exact* when every payoff is exact (an ``int``,
``Fraction``, sympy ``Rational`` or a ``"p/q"`` string); then payoffs are stored
as :class:`fractions.Fraction` and every result is exact.  Otherwise payoffs are
floats.

Reference: Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*,
MIT Press, ch. 2–3.
"""

from fractions import Fraction
from pathlib import Path

import numpy as np

from .._numbers import as_number_array
from ..errors import GameError


class NormalFormGame:
    """A finite game in strategic form.

    Parameters
    ----------
    payoffs : array_like, shape (N, m_1, ..., m_N)
        ``payoffs[i][s_1, ..., s_N]`` is player ``i``'s payoff.
    players : sequence of str, optional
        Player names (default ``"Player 1"``, ...).
    actions : sequence of sequences of str, optional
        Action labels per player (default ``"1"``, ``"2"``, ...).
    title : str, optional

    Examples
    --------
    >>> game = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                     players=("US", "DPRK"))
    >>> game.shape
    (2, 2)
    """

    def __init__(self, payoffs, players=None, actions=None, title=""):
        array, exact = _payoff_array(payoffs)
        n_players = array.shape[0]
        if array.ndim - 1 != n_players:
            raise GameError(
                f"payoffs have shape {array.shape}: a game of {n_players} players needs "
                f"{n_players} action dimensions after the player axis, not {array.ndim - 1}"
            )
        for i, size in enumerate(array.shape[1:]):
            if size == 0:
                raise GameError(f"player {i + 1} has an empty action set")
        self._payoffs = array
        self._payoffs.setflags(write=False)
        self._exact = exact
        self._players = _players(players, n_players)
        self._actions = _actions(actions, array.shape[1:], self._players)
        self.title = str(title)

    # ----------------------------------------------------------------- building
    @classmethod
    def from_matrices(cls, A, B, players=("Row", "Column"), actions=None, title=""):
        """A two-player game from the row player's matrix ``A`` and the column player's ``B``."""
        A, B = _matrix(A, "A"), _matrix(B, "B")
        if A.shape != B.shape:
            raise GameError(f"A has shape {A.shape} but B has shape {B.shape}; they must match")
        return cls(np.stack([A, B]), players=players, actions=actions, title=title)

    @classmethod
    def read(cls, path):
        """Read a Gambit ``.nfg`` file (payoff or outcome version)."""
        from .nfg import parse_nfg

        from .._files import read_bounded
        from .nfg import MAX_BYTES

        path = Path(path)
        text = read_bounded(path, MAX_BYTES, GameError, "game file")
        data = parse_nfg(text, source=str(path))
        return cls(data["payoffs"], data["players"], data["actions"], title=data["title"])

    def write(self, path, outcomes=False):
        """Write the game to a Gambit ``.nfg`` file (``outcomes=True`` for the outcome version)."""
        Path(path).write_text(self.to_nfg(outcomes=outcomes), encoding="utf-8")

    def to_nfg(self, outcomes=False):
        """The game as the text of a Gambit ``.nfg`` file."""
        from .nfg import format_nfg

        return format_nfg(self.title, self.players, self.actions, self._payoffs, outcomes=outcomes)

    # --------------------------------------------------------------- accessors
    @property
    def payoffs(self):
        """The read-only payoff array of shape ``(N, m_1, ..., m_N)``."""
        return self._payoffs

    @property
    def exact(self):
        """Whether payoffs (and so all results) are exact rationals."""
        return self._exact

    @property
    def players(self):
        return self._players

    @property
    def actions(self):
        """Action labels, one tuple per player."""
        return self._actions

    @property
    def n_players(self):
        return len(self._players)

    @property
    def shape(self):
        """Number of actions of each player."""
        return self._payoffs.shape[1:]

    def player_index(self, player):
        """The index of ``player``, given by name or index."""
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= player < self.n_players:
                return int(player)
            raise GameError(f"there is no player {player}: the game has {self.n_players}")
        return _unique_index(self._players, player, "player", "the game")

    def action_index(self, player, action):
        """The index of ``action`` (label or index) of ``player``."""
        i = self.player_index(player)
        labels = self._actions[i]
        if isinstance(action, (int, np.integer)) and not isinstance(action, bool):
            if 0 <= action < len(labels):
                return int(action)
        elif action in labels:
            return _unique_index(labels, action, "action", self._players[i])
        raise GameError(
            f"{self._players[i]} has no action {action!r}: the actions are {', '.join(labels)}"
        )

    def matrices(self):
        """``(A, B)`` for a two-player game."""
        if self.n_players != 2:
            raise GameError(f"matrices() needs a two-player game, not one of {self.n_players}")
        return self._payoffs[0], self._payoffs[1]

    # ---------------------------------------------------------------- payoffs
    def profile(self, strategies):
        """Normalise a mixed profile to one array per player (exact in exact mode).

        Each player's strategy may be a sequence of probabilities, a pure action
        (label or index), or a ``{label: probability}`` mapping; an ``Equilibrium``
        stands for its own strategies.
        """
        from .._numbers import exact_value

        strategies = getattr(strategies, "strategies", strategies)
        if len(strategies) != self.n_players:
            raise GameError(
                f"a profile needs {self.n_players} strategies, one per player, "
                f"not {len(strategies)}"
            )
        out = []
        for i, strategy in enumerate(strategies):
            m = self.shape[i]
            if isinstance(strategy, dict):
                vector = [0] * m
                for label, probability in strategy.items():
                    vector[self.action_index(i, label)] = probability
            elif isinstance(strategy, (str, int, np.integer)):
                vector = [0] * m
                vector[self.action_index(i, strategy)] = 1
            else:
                vector = list(strategy)
            if len(vector) != m:
                raise GameError(
                    f"{self._players[i]}'s strategy has {len(vector)} probabilities "
                    f"but {m} actions"
                )
            exact = [exact_value(p) for p in vector]
            if self._exact and all(p is not None for p in exact):
                array = np.array(exact, dtype=object)
                total = sum(exact, Fraction(0))
                ok = total == 1
            else:
                array = np.array([float(p) for p in vector])
                total = array.sum()
                ok = abs(total - 1) <= 1e-9
            if not ok or any(p < 0 for p in array):
                raise GameError(
                    f"{self._players[i]}'s strategy {vector} is not a probability vector "
                    f"(entries must be >= 0 and sum to 1)"
                )
            out.append(array)
        return out

    def payoff_vectors(self, strategies, player):
        """Expected payoff of each pure action of ``player`` against the others' strategies."""
        i = self.player_index(player)
        values = self._payoffs[i]
        for j in reversed(range(self.n_players)):
            if j != i:
                values = np.tensordot(values, strategies[j], axes=([j], [0]))
        return values

    def expected_payoffs(self, strategies):
        """Each player's expected payoff at a mixed profile."""
        strategies = self.profile(strategies)
        return tuple(
            np.dot(self.payoff_vectors(strategies, i), strategies[i]) for i in range(self.n_players)
        )

    # ---------------------------------------------------------------- solving
    def equilibria(self, method="enumerate", **options):
        """Nash equilibria; see :func:`negotiation.equilibria.solve`."""
        from ..equilibria import solve

        return solve(self, method=method, **options)

    def pure_equilibria(self):
        """All pure-strategy Nash equilibria (any number of players)."""
        from ..equilibria import solve

        return solve(self, method="pure")

    def logit_qre(self, lam):
        """The logit quantal response equilibrium at precision ``lam`` on the principal
        branch; see :func:`negotiation.equilibria.qre.logit_at`."""
        from ..equilibria.qre import logit_at

        return logit_at(self, lam)

    def logit_branch(self, **options):
        """The principal branch of logit QREs and the equilibrium it selects; see
        :func:`negotiation.equilibria.qre.logit_branch`."""
        from ..equilibria.qre import logit_branch

        return logit_branch(self, **options)

    def logit_estimate(self, counts):
        """Maximum-likelihood logit precision for observed counts of play; see
        :func:`negotiation.equilibria.qre.logit_estimate`."""
        from ..equilibria.qre import logit_estimate

        return logit_estimate(self, counts)

    def is_equilibrium(self, strategies, tol=1e-9):
        """Whether no player gains by deviating: exactly in exact mode (with an exact
        profile); otherwise each player's gain must be at most ``tol`` times the largest
        absolute value of that player's payoffs (a tolerance relative to the payoff scale)."""
        from ..equilibria.verify import payoff_scales, regrets

        gains = regrets(self, self.profile(strategies))
        if self._exact and all(isinstance(g, Fraction) for g in gains):
            return all(g <= 0 for g in gains)
        return all(float(g) <= tol * scale for g, scale in zip(gains, payoff_scales(self)))

    def best_responses(self, player, strategies):
        """Labels of ``player``'s best responses to the others' strategies in a profile."""
        from ..equilibria.verify import best_responses

        i = self.player_index(player)
        return tuple(self._actions[i][a] for a in best_responses(self, self.profile(strategies), i))

    def eliminate_dominated(self, weak=False, mixed=True):
        """Iterated elimination of dominated strategies (see :mod:`.equilibria.dominance`)."""
        from ..equilibria.dominance import eliminate_dominated

        return eliminate_dominated(self, weak=weak, mixed=mixed)

    def zero_sum(self):
        """Value and optimal strategies of a two-player zero-sum game by linear programming."""
        from ..equilibria.zero_sum import solve_zero_sum

        return solve_zero_sum(self)

    def restrict(self, keep):
        """The subgame keeping, for each player, the action indices in ``keep[i]``."""
        index = np.ix_(range(self.n_players), *[list(k) for k in keep])
        return NormalFormGame(
            self._payoffs[index],
            self._players,
            [[self._actions[i][a] for a in k] for i, k in enumerate(keep)],
            title=self.title,
        )

    # ---------------------------------------------------------------- display
    def __repr__(self):
        shape = "x".join(str(m) for m in self.shape)
        kind = "exact" if self._exact else "float"
        name = f" {self.title!r}" if self.title else ""
        return f"<NormalFormGame{name}: {shape}, players {', '.join(self._players)}, {kind}>"

    def _repr_html_(self):
        from ..display.tables import game_html

        return game_html(self)

    def __eq__(self, other):
        return (
            isinstance(other, NormalFormGame)
            and self._players == other._players
            and self._actions == other._actions
            and self._payoffs.shape == other._payoffs.shape
            and bool(np.all(self._payoffs == other._payoffs))
        )

    __hash__ = None


def _unique_index(labels, label, kind, owner):
    """The position of ``label``; labels may repeat (Gambit allows it) but then are ambiguous."""
    positions = [k for k, other in enumerate(labels) if other == label]
    if not positions:
        raise GameError(f"there is no {kind} {label!r} in {owner}: they are {', '.join(labels)}")
    if len(positions) > 1:
        raise GameError(f"{kind} label {label!r} is used {len(positions)} times in {owner}; "
                        "refer to it by its index")
    return positions[0]


def _payoff_array(payoffs):
    try:
        raw = np.asarray(payoffs, dtype=object)
    except ValueError:
        raise GameError("payoffs are ragged: every row must have the same length") from None
    if raw.ndim == 0 or raw.shape[0] == 0:
        raise GameError("payoffs are empty: give an array of shape (N, m_1, ..., m_N)")
    if any(isinstance(v, (list, tuple, np.ndarray)) for v in raw.reshape(-1)):
        raise GameError("payoffs are ragged: every row must have the same length")
    try:
        return as_number_array(raw, "payoffs")
    except ValueError as error:
        raise GameError(str(error)) from None


def _matrix(M, name):
    array, _ = _payoff_array(M)
    if array.ndim != 2:
        raise GameError(f"{name} must be a matrix (2 dimensions), not {array.ndim}")
    return np.asarray(M, dtype=object)


def _players(players, n):
    if players is None:
        return tuple(f"Player {i + 1}" for i in range(n))
    players = tuple(str(p) for p in players)
    if len(players) != n:
        raise GameError(f"{len(players)} player names were given for a game of {n} players")
    return players


def _actions(actions, shape, players):
    if actions is None:
        return tuple(tuple(str(a + 1) for a in range(m)) for m in shape)
    actions = tuple(tuple(str(a) for a in labels) for labels in actions)
    if len(actions) != len(shape):
        raise GameError(f"action labels were given for {len(actions)} players, not {len(shape)}")
    for player, labels, m in zip(players, actions, shape):
        if len(labels) != m:
            raise GameError(f"{player} has {m} actions but {len(labels)} labels were given")
    return actions
