r"""Comparative statics: the derivative and elasticity of outputs with respect to parameters.

Three ways, the best available first:

* **symbolic** — a plain function that also runs on sympy symbols (the bargaining module's
  closed forms do) is differentiated by sympy, and a scenario output with a closed form
  (the Nash share with lotteries, ``scenario.model.symbolic()["nash"]["share"]``, valid on
  the frontier edge of the current agreement, checked against the numbers);
* **implicit** — an output defined by equilibrium conditions :math:`F(x^*, \theta) = 0`
  (:func:`implicit_statics`) by the implicit function theorem,
  :math:`dx^*/d\theta = -[D_x F]^{-1} D_\theta F`;
* **numerical** — central differences, all points in one vectorised call; where the left
  and right differences disagree (a kink: a ``max``, a corner, a change of package) both
  one-sided derivatives are reported and the method says so.

The elasticity is :math:`(\partial y/\partial \theta)\,\theta / y`.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import ParameterError
from .functions import FunctionTarget, as_target, evaluate, evaluate_many
from .results import RowsResult, axes, difference, fmt, named


@dataclass(frozen=True)
class StaticsResult(RowsResult):
    """``rows``: one dict per parameter: ``parameter, value, output, derivative, left,
    right, elasticity, method`` (``derivative`` is None at a kink: see left and right)."""

    output: str
    value: float
    rows: tuple

    @property
    def derivatives(self):
        return self.column("derivative")

    @property
    def elasticities(self):
        return self.column("elasticity")

    def explain(self):
        parts = []
        for r in self.rows:
            if r["derivative"] is None:
                parts.append(f"{r['parameter']}: a kink, left derivative {fmt(r['left'])}, right "
                             f"{fmt(r['right'])}")
            else:
                parts.append(f"{r['parameter']}: derivative {fmt(r['derivative'], 6)}, elasticity "
                             f"{fmt(r['elasticity'])} ({r['method']})")
        return f"{named(self.output)} is {fmt(self.value, 6)} here. " + "; ".join(parts) + "."

    def plot(self, ax=None):
        fig, ax = axes(ax)
        rows = [r for r in self.rows if r["elasticity"] is not None]
        from ..display.plotstyle import INK, colour

        ax.barh([r["parameter"] for r in rows], [r["elasticity"] for r in rows],
                color=colour(0), edgecolor=INK, linewidth=0.5)
        ax.set_xlabel(f"elasticity of {self.output}")
        fig.tight_layout()
        return fig


def comparative_statics(target, parameters=None, output=None, at=None, step=1e-6,
                        symbolic=True, ranges=None, executor="auto", progress=None):
    """Derivatives and elasticities of ``output`` at ``at`` (default: the baseline).

    ``target`` is a scenario or a function of keyword arrays; for a function,
    ``parameters`` gives ``{name: (low, high) | distribution}`` and ``at`` the point
    (default: the middle of each range).  For a scenario, ``parameters`` may list the
    parameters to differentiate by (default: all).
    """
    is_function = not hasattr(target, "model") and callable(target)
    t = as_target(target, parameters if is_function else None, at=at if is_function else None)
    output = t.check_output(output)
    point = t.baseline()
    if at and not is_function:
        for k, v in at.items():
            t.spec(k)
            point[k] = float(v)
    names = list(parameters) if (parameters and not is_function) else list(t.parameters)
    for name in names:
        t.spec(name)
    exact = _symbolic(t, output, names, point) if symbolic else None
    k = len(names)
    values = {name: np.full(2 * k + 1, point[name], dtype=float) for name in t.parameters}
    hs, sides = [], []
    for i, name in enumerate(names):
        h = step * max(1.0, abs(point[name]))
        side = (t.inside(name, point[name] - h), t.inside(name, point[name] + h))
        if side[0]:  # at the edge of the parameter's domain, one side only
            values[name][1 + 2 * i] -= h
        if side[1]:
            values[name][2 + 2 * i] += h
        hs.append(h)
        sides.append(side)
    y = np.asarray(evaluate_many(t, values, [output], executor, progress, "statics")[output],
                   dtype=float)
    y0 = float(y[0])
    rows = []
    for i, name in enumerate(names):
        left = difference(y[0], y[1 + 2 * i]) / hs[i] if sides[i][0] else np.nan
        right = difference(y[2 + 2 * i], y[0]) / hs[i] if sides[i][1] else np.nan
        kink = all(sides[i]) and not np.isclose(left, right, rtol=1e-4, atol=1e-6)
        if exact is not None and name in exact and not kink:
            d, method = exact[name], "symbolic"
        elif not all(sides[i]):
            d = float(left if sides[i][0] else right)
            method = "one-sided (the edge of its domain)"
        elif kink:
            d, method = None, "one-sided (a kink here)"
        else:
            d, method = float(difference(y[2 + 2 * i], y[1 + 2 * i]) / (2 * hs[i])), "numerical"
        elasticity = None if d is None or y0 == 0 else d * point[name] / y0
        rows.append({"parameter": name, "value": point[name], "output": y0, "derivative": d,
                     "left": float(left), "right": float(right), "elasticity": elasticity,
                     "method": method})
    return StaticsResult(output=output, value=y0, rows=tuple(rows))


def _symbolic(t, output, names, point):
    """Exact derivatives where the output has a closed form, else None."""
    try:
        import sympy
    except ImportError:  # pragma: no cover
        return None
    expr = None
    if isinstance(t, FunctionTarget):
        symbols = {k: sympy.Symbol(k, real=True) for k in t.parameters}
        try:
            out = t.function(**symbols)
        except Exception:
            return None
        expr = out.get(output) if isinstance(out, dict) else out
    elif hasattr(t, "scenario") and output == "nash" and \
            t.scenario.settings.get("lotteries"):
        try:
            expr = t.scenario.with_values(
                {k: v for k, v in point.items() if v != t.parameters[k].value}
            ).model.symbolic().get("nash", {}).get("share")
        except Exception:
            return None
        symbols = {k: sympy.Symbol(k, real=True) for k in t.parameters}
    if not isinstance(expr, sympy.Basic) or not expr.free_symbols:
        return None
    subs = {symbols[k]: point[k] for k in symbols}
    try:
        value = float(expr.evalf(subs=subs))
        check = float(evaluate(t, {k: np.array([v]) for k, v in point.items()}, output)[0])
        if not np.isclose(value, check, rtol=1e-9, atol=1e-12):
            return None
        return {k: float(sympy.diff(expr, symbols[k]).evalf(subs=subs)) for k in names}
    except (TypeError, ValueError):
        return None


def implicit_statics(equations, unknowns, parameters, at, solution=None):
    r"""Derivatives of the solution of ``equations`` (sympy expressions equal to zero) in
    ``unknowns`` with respect to ``parameters``, by the implicit function theorem:
    :math:`dx/d\theta = -[D_x F]^{-1} D_\theta F` at the point ``at`` (parameter values).

    ``solution`` gives the unknowns' values there (default: solved by sympy).  Returns
    ``{(unknown, parameter): derivative}`` as floats; a singular :math:`D_x F` (where the
    theorem does not apply) is a ParameterError.
    """
    import sympy

    F = sympy.Matrix(list(equations))
    xs, ps = list(unknowns), list(parameters)
    subs = {p: sympy.nsimplify(v) if isinstance(v, (int, str)) else v for p, v in at.items()}
    if solution is None:
        found = sympy.solve(F.subs(subs), xs, dict=True)
        if not found:
            raise ParameterError("the equations have no solution at this point")
        solution = found[0]
    subs.update(solution)
    Jx = F.jacobian(xs).subs(subs)
    if Jx.det() == 0:
        raise ParameterError("the Jacobian of the equations in the unknowns is singular here, so "
                             "the implicit function theorem does not apply")
    D = -Jx.inv() * F.jacobian(ps).subs(subs)
    return {(str(x), str(p)): float(D[i, j]) for i, x in enumerate(xs) for j, p in enumerate(ps)}
