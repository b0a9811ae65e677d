"""Bargaining problems and solutions: the frontier plot and its marked points."""

from fractions import Fraction

import pytest
import sympy as sp

from negotiation.bargaining import BargainingProblem
from negotiation.display import frontier_svg, problem_html
from negotiation.display.frontier_svg import SAMPLES

from .conftest import EVIL, SVG_NS, parse_html, self_contained, svgs


@pytest.fixture
def root_frontier():
    u = sp.Symbol("u1")
    return BargainingProblem(sp.sqrt(1 - u), players=("US", "DPRK"))


def solutions_in(svg):
    return {g.get("data-solution"): (g.get("data-u1"), g.get("data-u2"))
            for g in svg.iter(f"{SVG_NS}g") if g.get("class") == "solution"}


def test_frontier_with_solutions(root_frontier):
    sols = [root_frontier.nash(), root_frontier.kalai_smorodinsky(),
            root_frontier.utilitarian()]
    html = problem_html(root_frontier, sols)
    parse_html(html)
    self_contained(html)
    (svg,) = svgs(html)
    frontier = [p for p in svg.iter(f"{SVG_NS}polyline") if p.get("class") == "frontier"]
    assert len(frontier[0].get("points").split()) == SAMPLES
    marked = solutions_in(svg)
    assert marked["nash"] == ("2/3", "sqrt(3)/3")
    assert marked["utilitarian"] == ("3/4", "1/2")
    assert marked["kalai-smorodinsky"] == tuple(str(v) for v in sols[1].point)
    d = next(g for g in svg.iter(f"{SVG_NS}g") if g.get("class") == "disagreement")
    assert (d.get("data-u1"), d.get("data-u2")) == ("0", "0")
    text = " ".join(t.text or "" for t in svg.iter(f"{SVG_NS}text"))
    assert "Nash" in text and "Kalai–Smorodinsky" in text and "US" in text
    # the utopia point the KS solution holds is drawn, joined to d
    assert any(e.get("class") == "utopia-ray" for e in svg.iter(f"{SVG_NS}line"))


def test_problem_repr_html_shows_frontier_and_disagreement():
    problem = BargainingProblem.split(disagreement=(Fraction(1, 5), Fraction(1, 10)))
    (svg,) = svgs(problem._repr_html_())
    d = next(g for g in svg.iter(f"{SVG_NS}g") if g.get("class") == "disagreement")
    assert (d.get("data-u1"), d.get("data-u2")) == ("1/5", "1/10")
    assert not solutions_in(svg)


def test_solution_repr_html(root_frontier):
    nash = root_frontier.nash()
    html = nash._repr_html_()
    checker = parse_html(html)
    text = "".join(checker.text)
    assert "2/3" in text and "sqrt(3)/3" in text and "US" in text
    assert solutions_in(svgs(html)[0])["nash"] == ("2/3", "sqrt(3)/3")
    assert nash._repr_latex_().startswith("$(u_1, u_2)")  # the formula view is kept


def test_finite_and_polyline_problems():
    finite = BargainingProblem.from_points([(0, 3), (1, 2), (3, 0)], lotteries=False)
    svg, notes = frontier_svg(finite, [finite.utilitarian()])
    outcomes = [c for c in svgs(svg)[0].iter(f"{SVG_NS}circle") if c.get("class") == "outcome"]
    assert len(outcomes) == 3 and not notes
    poly = BargainingProblem.from_points([(0, 3), (1, 2), (3, 0)])
    svg, _ = frontier_svg(poly, [poly.nash()])
    assert solutions_in(svgs(svg)[0])["nash"] == tuple(str(v) for v in poly.nash().point)


def test_non_unique_solution_draws_its_segment():
    problem = BargainingProblem.split()
    utilitarian = problem.utilitarian()
    assert not utilitarian.unique
    svg, _ = frontier_svg(problem, [utilitarian])
    assert any(e.get("class") == "solution-set" for e in svgs(svg)[0].iter(f"{SVG_NS}line"))


def test_symbolic_problem_says_why_nothing_is_drawn():
    u, a = sp.Symbol("u1"), sp.Symbol("a", positive=True)
    problem = BargainingProblem(sp.sqrt(a - u), domain=(0, a))
    html = problem_html(problem, [problem.nash()])
    text = "".join(parse_html(html).text)
    assert "not drawn" in text and "2*a/3" in text


def test_labels_are_escaped():
    problem = BargainingProblem.split(players=(EVIL, "B"))
    html = problem_html(problem, [problem.nash()])
    parse_html(html)
    svgs(html)
    assert "&lt;script&gt;" in html



@pytest.fixture
def held(root_frontier):
    return root_frontier, [root_frontier.nash(), root_frontier.kalai_smorodinsky()]


def test_displays_do_not_solve(held, no_solvers):
    problem, sols = held
    with pytest.raises(AssertionError):
        problem.nash()
    html = problem_html(problem, sols)
    assert solutions_in(svgs(html)[0])["nash"] == ("2/3", "sqrt(3)/3")
    parse_html(problem._repr_html_())
    for s in sols:
        parse_html(s._repr_html_())
