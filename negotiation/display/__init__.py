"""Presentation of games and results: plain text for terminals, HTML and SVG for Jupyter.

Every result object shows itself (``_repr_html_``, ``_repr_latex_``, a short ``__repr__``)
by calling one function here.  Displays present what the objects hold; they compute
nothing of their own and never call a solver.  The HTML is escaped, self-contained (no
external CSS or JavaScript), readable in light and dark themes, and colour-blind safe
(Okabe–Ito colours, always paired with shapes or dash patterns).

============================  ==========================================================
``game_html``                 strategic-form payoff table, pure equilibria highlighted
``equilibria_html``           an ``EquilibriumSet``: table, components, maximal subsets
``tree_svg`` / ``tree_html``  a game tree drawn as SVG (capped at ``max_nodes``)
``spe_html``                  a subgame-perfect equilibrium, its path highlighted
``spe_set_html``              a set of subgame-perfect equilibria
``frontier_svg``              a bargaining frontier with disagreement and solution points
``problem_html``              a bargaining problem (optionally with its solutions)
``solution_html``             a bargaining solution
``alternating_offers_html``   an alternating-offers result (and its path)
``package_html``              a package choice
``result_html``               any other small result (crisis, repeated games)
``scenario_html``             a scenario's parameters with sources and judgements
``analysis_html``             a case analysis: summary tables and the write-up
``stability_html``            a graph model's stability table (conflict analysis)
``conflict_svg``              a graph model's states and moves drawn as SVG
============================  ==========================================================
"""

from .conflict import conflict_svg, stability_html
from .frontier_svg import frontier_svg, problem_html, solution_html
from .results import alternating_offers_html, package_html, result_html
from .scenario import analysis_html, scenario_html
from .tables import equilibria_html, game_html
from .tree_svg import equilibria_html as spe_set_html
from .tree_svg import equilibrium_html as spe_html
from .tree_svg import tree_html, tree_svg

__all__ = [
    "alternating_offers_html",
    "analysis_html",
    "conflict_svg",
    "equilibria_html",
    "frontier_svg",
    "game_html",
    "package_html",
    "problem_html",
    "result_html",
    "scenario_html",
    "solution_html",
    "spe_html",
    "spe_set_html",
    "stability_html",
    "tree_html",
    "tree_svg",
]
