"""A decision maker's preferences over states, as an ordinal ranking with ties.

The graph model needs only each decision maker's *ordinal* preference: a total preorder
(a ranking in which several states may tie) over the feasible states (Fang, Hipel &
Kilgour 1993, §2.2).  It is stored as an integer *rank* per state, higher for more
preferred, equal for equally preferred, so that ":math:`s_1 \\succ_i s`" is
``rank[s1] > rank[s]`` and ":math:`s_2 \\precsim_i s`" is ``rank[s2] <= rank[s]``.

Three ways to state it, the same in Python and in a model file:

``{"ranking": [...]}``
    the states, most preferred first; an inner list is a set of equally preferred states;
``{"prioritisation": [...]}``
    option-prioritisation statements, most important first (Fang, Hipel & Kilgour 1993,
    §4.3; see :mod:`.statements`): statement *k* of *K* weighs :math:`2^{K-1-k}`;
``{"payoffs": [...]}``
    a cardinal utility per state (exact numbers); only their order is kept.
"""

from fractions import Fraction

import numpy as np

from ..errors import GameError
from .statements import parse_statement, prioritisation_scores, split_statements

KINDS = ("ranking", "prioritisation", "payoffs")


def dense_ranks(values):
    """Ranks 0, 1, ... of ``values`` (higher value, higher rank; equal values tie)."""
    _, ranks = np.unique(np.asarray(values, dtype=object), return_inverse=True)
    return ranks.reshape(-1).astype(np.int64)


def statements_of(items):
    """The statement texts of a prioritisation: strings (split at top-level commas) or
    mappings with a ``statement`` (and its reason, which is kept by the file reader)."""
    out = []
    for item in items:
        text = item.get("statement") if isinstance(item, dict) else item
        out.extend(split_statements(text) if isinstance(text, str) else [text])
    return out


def ranks_from(spec, model_states, dm):
    """The rank of every state under one preference statement.

    Parameters
    ----------
    spec : dict
        ``{"ranking": ...}``, ``{"prioritisation": ...}`` or ``{"payoffs": ...}`` (with
        optional other keys, such as reasons, that are ignored here).
    model_states : StateSpace
        The model's states (numbers, names and, in option form, the option table).
    dm : str
        The decision maker, for messages.

    Raises
    ------
    GameError
        A state missing from or repeated in a ranking, an unknown option in a statement,
        payoffs of the wrong length.
    """
    where = f"the preferences of {dm}"
    kinds = [k for k in KINDS if k in spec] if isinstance(spec, dict) else []
    if len(kinds) != 1:
        raise GameError(f"{where}: give exactly one of {', '.join(KINDS)}, not "
                        f"{', '.join(kinds) or repr(spec)}")
    kind = kinds[0]
    value = spec[kind]
    count = model_states.count
    if kind == "payoffs":
        if len(value) != count:
            raise GameError(f"{where}: {len(value)} payoffs for {count} states")
        try:
            exact = [Fraction(v) if not isinstance(v, float) else Fraction(str(v))
                     for v in value]
        except (TypeError, ValueError):
            raise GameError(f"{where}: every payoff must be a number") from None
        return dense_ranks(exact)
    if kind == "prioritisation":
        if model_states.table is None:
            raise GameError(f"{where}: option prioritisation needs a model in option form")
        texts = statements_of(value)
        if not texts:
            raise GameError(f"{where}: the prioritisation lists no statement")
        trees = [parse_statement(t, model_states.options, f"{where}, statement {k + 1}")
                 for k, t in enumerate(texts)]
        return dense_ranks(prioritisation_scores(trees, model_states.table))
    return _ranking(value, model_states, where)


def _ranking(levels, model_states, where):
    if not isinstance(levels, list | tuple) or not levels:
        raise GameError(f"{where}: a ranking is a non-empty list of states, most preferred "
                        "first")
    count = model_states.count
    ranks = np.full(count, -1, dtype=np.int64)
    for position, level in enumerate(levels):
        for state in (level if isinstance(level, list | tuple) else [level]):
            k = model_states.index(state, where)
            if ranks[k] >= 0:
                raise GameError(f"{where}: state {model_states.number(k)} is ranked twice")
            ranks[k] = len(levels) - 1 - position
    missing = [model_states.number(k) for k in np.flatnonzero(ranks < 0)]
    if missing:
        shown = ", ".join(map(str, missing[:8])) + (", ..." if len(missing) > 8 else "")
        raise GameError(f"{where}: the ranking leaves out state{'s' if len(missing) > 1 else ''}"
                        f" {shown}; rank every state (ties as an inner list)")
    return ranks
