"""The result of an axiomatic bargaining solution: :class:`BargainingSolution`.

One immutable object serves the three evaluations of DESIGN.md:

* at a point, ``point`` holds exact numbers (a ``Fraction`` when rational, a sympy
  number such as ``sqrt(3)/3`` otherwise) when the problem and its inputs are exact,
  floats otherwise;
* over numpy arrays of disagreement points (or weights), ``point`` holds arrays and
  ``empty`` / ``unique`` are boolean arrays;
* symbolically, ``point`` holds sympy expressions, ``empty`` is the sympy condition
  under which the bargaining set is empty and ``condition`` the one under which the
  closed form holds (an interior solution).
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

NAMES = {
    "nash": "Nash bargaining solution",
    "asymmetric nash": "asymmetric (generalised) Nash bargaining solution",
    "kalai-smorodinsky": "Kalai–Smorodinsky solution",
    "egalitarian": "egalitarian solution",
    "utilitarian": "utilitarian solution",
}


def _is_sympy(value):
    return type(value).__module__.startswith("sympy")


def _show(value):
    """A number for a sentence: ``11/20``, ``0.577350`` or a sympy expression."""
    if isinstance(value, Fraction):
        return str(value) if value.denominator <= 1000 else f"{float(value):.6g}"
    if _is_sympy(value):
        if value.free_symbols:
            return str(value)
        return f"{float(value):.6g}"
    return f"{float(value):.6g}"


def _plain(value):
    """JSON-friendly: Fractions as "p/q", sympy as strings, arrays as lists, floats as floats."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else str(value.numerator)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if _is_sympy(value):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    return float(value)


@dataclass(frozen=True)
class BargainingSolution:
    """An axiomatic solution of a two-player bargaining problem.

    Attributes
    ----------
    solution : str
        ``"nash"``, ``"asymmetric nash"``, ``"kalai-smorodinsky"``, ``"egalitarian"`` or
        ``"utilitarian"``.
    point : tuple
        The agreed utilities ``(u1, u2)``.  When the bargaining set is empty this is the
        disagreement point (there is no deal; each side keeps its no-deal payoff).  When
        the solution is not unique (``unique`` false) this is a representative: the
        midpoint of the segment of solutions on a frontier, the first maximiser in the
        order given for a finite set.
    disagreement : tuple
        The disagreement point ``(d1, d2)`` used.
    players : tuple of str
    method : str
        How the point was computed: ``"closed form (sympy)"``, ``"exact polyline"``,
        ``"bracketed root (brentq)"``, ``"vectorised Newton-bisection"``,
        ``"finite set"``, ...
    exact : bool
        Whether ``point`` is exact (``Fraction`` or sympy number / expression).
    empty : bool, ndarray of bool, or sympy Boolean
        True when no feasible point is strictly better than disagreement for both.
    unique : bool or ndarray of bool
        False when a whole set of points is optimal (the utilitarian solution on a
        frontier segment of slope -1, ties in a finite set).
    points : tuple
        All the solutions when not unique: the two endpoints of the segment of solutions
        on a frontier, every maximiser in a finite set; ``(point,)`` otherwise.
    x : object
        Where on the frontier the solution lies: player 1's share for problems built
        with ``split`` or ``from_shares``, player 1's utility for a frontier
        ``u2 = f(u1)`` or a polyline; ``None`` for a finite set.
    weights : tuple or None
        The bargaining weights (Nash only).
    utopia : tuple or None
        The utopia (ideal) point ``(U1, U2)`` (Kalai–Smorodinsky only).
    condition : sympy Boolean or None
        Symbolic results only: when the closed form in ``point`` holds (the solution is
        interior and both gain).
    lottery : tuple or None
        For a problem built with ``from_points``: ``((k, p), ...)``, the outcomes (indices
        into the points given) and the probabilities of the lottery that realises ``point``
        (with free disposal when ``point`` is dominated by it); the chosen outcome with
        probability 1 for a finite set.
    labels : tuple or None
        The labels of the outcomes in ``lottery``, when the problem has labels.
    """

    solution: str
    point: tuple
    disagreement: tuple
    players: tuple
    method: str
    exact: bool
    empty: object
    unique: object = True
    points: tuple = ()
    x: object = None
    weights: tuple | None = None
    utopia: tuple | None = None
    condition: object = None
    lottery: tuple | None = None
    labels: tuple | None = None

    @property
    def name(self):
        """The solution's name in words, e.g. ``"Kalai–Smorodinsky solution"``."""
        return NAMES[self.solution]

    @property
    def symbolic(self):
        """Whether ``point`` holds sympy expressions with free symbols."""
        return any(_is_sympy(v) and bool(v.free_symbols) for v in self.point)

    @property
    def vectorised(self):
        """Whether ``point`` holds numpy arrays (one solution per disagreement point)."""
        return any(isinstance(v, np.ndarray) for v in self.point)

    @property
    def floats(self):
        """``point`` as floats (or float arrays)."""
        if self.vectorised:
            return tuple(np.asarray(v, dtype=float) for v in self.point)
        return tuple(float(v) for v in self.point)

    def to_dict(self):
        """A JSON-friendly dict; exact numbers as ``"p/q"`` strings, sympy as strings."""
        out = {
            "solution": self.solution,
            "players": list(self.players),
            "point": _plain(self.point),
            "disagreement": _plain(self.disagreement),
            "empty": _plain(self.empty),
            "unique": _plain(self.unique),
            "method": self.method,
            "exact": self.exact,
        }
        if not _all_true(self.unique):
            out["points"] = _plain(self.points)
        for key in ("weights", "utopia", "x", "condition", "lottery", "labels"):
            value = getattr(self, key)
            if value is not None:
                out[key] = _plain(value)
        return out

    def explain(self):
        """One plain sentence for a policy reader."""
        p1, p2 = self.players
        name = self.name
        if self.vectorised:
            shape = np.broadcast(*self.point).shape
            n = int(np.prod(shape))
            empty = int(np.count_nonzero(np.broadcast_to(np.asarray(self.empty, dtype=bool),
                                                         shape)))
            return (f"The {name} was computed for {n:,} cases; in {empty:,} of them no agreement "
                    f"is better for both {p1} and {p2} than disagreement, so there is no deal.")
        d1, d2 = (_show(v) for v in self.disagreement)
        if self.symbolic or any(_is_sympy(v) and bool(v.free_symbols) for v in self.disagreement):
            return (f"Where the bargaining set is not empty and the solution is interior, the "
                    f"{name} gives {p1} {self.point[0]} and {p2} {self.point[1]} "
                    f"(against {self.disagreement[0]} and {self.disagreement[1]} without a deal).")
        if bool(self.empty):
            return (f"No agreement is better for both {p1} and {p2} than disagreement "
                    f"({d1}, {d2}), so under the {name} there is no deal.")
        u1, u2 = (_show(v) for v in self.point)
        if not bool(self.unique):
            a, b = self.points[0], self.points[-1]
            return (f"The {name} is not unique: every agreement from ({_show(a[0])}, "
                    f"{_show(a[1])}) to ({_show(b[0])}, {_show(b[1])}) gives the same total, "
                    f"for example {p1} {u1} and {p2} {u2} (against {d1} and {d2} without a deal).")
        return (f"The {name} gives {p1} {u1} and {p2} {u2} "
                f"(against {d1} and {d2} without a deal).")

    def _repr_latex_(self):
        if self.vectorised or not self.exact:
            return None
        import sympy

        point = sympy.latex(sympy.Tuple(*(sympy.sympify(v) for v in self.point)))
        return f"$(u_1, u_2) = {point}$"

    def __repr__(self):
        if self.vectorised:
            shape = np.broadcast(*self.point).shape
            return f"<BargainingSolution {self.solution}: arrays of shape {shape}, {self.method}>"
        point = ", ".join(str(v) if self.exact else f"{float(v):.6g}" for v in self.point)
        flags = " empty" if _is_bool(self.empty) and self.empty else ""
        flags += " not unique" if _is_bool(self.unique) and not self.unique else ""
        return f"<BargainingSolution {self.solution}: ({point}){flags}, {self.method}>"

    def _repr_html_(self):
        from ..display import solution_html

        return solution_html(self)


def _is_bool(value):
    return isinstance(value, (bool, np.bool_))


def _all_true(value):
    if _is_sympy(value):
        return False
    return bool(np.all(value))
