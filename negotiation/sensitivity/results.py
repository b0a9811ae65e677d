"""What every sensitivity result shares: ``to_dataframe()``, ``plot()``, ``explain()``."""

import math
from abc import ABC, abstractmethod


class Result(ABC):
    """Base of the frozen result dataclasses of :mod:`negotiation.sensitivity`."""

    @abstractmethod
    def to_dataframe(self):
        """The result as a tidy pandas DataFrame."""

    @abstractmethod
    def explain(self):
        """A few plain sentences for a policy reader."""

    @abstractmethod
    def plot(self, ax=None):
        """A matplotlib figure of the result (on ``ax`` if given)."""

    def __str__(self):
        return self.explain()

    def _repr_html_(self):
        return self.to_dataframe()._repr_html_()


class RowsResult(Result):
    """A result held as ``rows``, one dict per parameter (key ``"parameter"``)."""

    def column(self, key):
        """``{parameter: row[key]}``."""
        return {r["parameter"]: r[key] for r in self.rows}

    def to_dataframe(self):
        import pandas as pd

        return pd.DataFrame(list(self.rows))


def axes(ax=None, size=(6, 4)):
    """A matplotlib figure and axes (new unless ``ax`` is given), in the house style
    (:mod:`negotiation.display.plotstyle`)."""
    from ..display.plotstyle import house_style, style_axes

    if ax is not None:
        return ax.figure, style_axes(ax)
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
        try:
            import matplotlib.pyplot as plt
        except ImportError:  # pragma: no cover
            matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with house_style():
        fig, ax = plt.subplots(figsize=size)
    return fig, style_axes(ax)


def fmt(value, digits=4):
    """A number for a sentence."""
    if value is None:
        return "—"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(v):
        return "nan"
    if v == int(v) and abs(v) < 1e6:
        return str(int(v))
    return f"{v:.{digits}g}"
