"""What every sensitivity result shares: ``to_dataframe()``, ``plot()``, ``explain()``."""

import math
import sys
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


def difference(a, b):
    """``a - b`` for two float outputs, or 0 where it is within their rounding (a few units
    in the last place): a difference of rounding noise is no change (nor, over a small
    step, a slope)."""
    delta = float(a) - float(b)
    if abs(delta) <= 4 * sys.float_info.epsilon * max(abs(float(a)), abs(float(b))):
        return 0.0
    return delta


def fmt(value, digits=4):
    """A number for a sentence (NaN, an output that is not defined there, as "undefined")."""
    if value is None:
        return "—"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(v):
        return "undefined"
    if v == int(v) and abs(v) < 1e6:
        return str(int(v))
    return f"{v:.{digits}g}"


def tolerance(value):
    """A tolerance for a sentence: a power of ten as ``10⁻¹²``, any other as :func:`fmt`."""
    exponent = round(math.log10(value)) if value > 0 else None
    if exponent is None or not math.isclose(value, 10.0 ** exponent, rel_tol=1e-9):
        return fmt(value)
    return "10" + str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def named(output):
    """``output`` for a sentence: a scenario output's name with what it means
    (``"nash (the DPRK's utility under the symmetric Nash solution)"``), another as it is."""
    from .functions import SCENARIO_OUTPUTS

    meaning = SCENARIO_OUTPUTS.get(output)
    return output if meaning is None else f"{output} ({meaning.split(' (')[0]})"
