"""The exceptions of `negotiation`.

Every error the library raises on bad input is a `NegotiationError`; those about
values a caller passed are also `ValueError`s, so ``except ValueError`` works as
it does with numpy and scipy.  Messages are one sentence naming what is wrong and
where.
"""


class NegotiationError(Exception):
    """Base class of every error raised by `negotiation`."""


class GameError(NegotiationError, ValueError):
    """A game is malformed: shapes, payoffs, labels, or a game file."""


class SolverError(NegotiationError, RuntimeError):
    """A solver could not finish; no partial answer is returned."""


class ScenarioError(NegotiationError, ValueError):
    """A scenario file is malformed (file, line and field path in the message)."""


class ParameterError(NegotiationError, ValueError):
    """A model parameter is outside its domain (a discount factor, a probability, a weight)."""


class DomainError(ScenarioError, ParameterError):
    """A value lies outside the hard domain of a scenario's parameter or of a quantity of
    its model (a probability above 1, a discount factor of 1.5): both a ScenarioError and a
    ParameterError."""


class OutputError(NegotiationError, OSError):
    """A file cannot be written where asked: a missing folder, a folder, a link, an input."""
