"""Alternating-offers, crisis, package and repeated-game results: small tables; reprs."""

import dataclasses

import pytest

import negotiation as ngt
from negotiation.bargaining import PhasedDeal, crisis, frictionless_limit, repeated
from negotiation.display.text import short_repr

from .conftest import EVIL, parse_html, self_contained


@pytest.fixture(scope="module")
def results():
    deal = PhasedDeal([[3, 3], [2, 2]], [[5, 5], [4, 4]], [[1, 1], [1, 1]])
    space = ngt.load("us_dprk_2025_baseline").model
    space = space.package_space(space.env())
    return {
        "rubinstein": ngt.alternating_offers(discount=("9/10", "4/5"), players=("US", "DPRK")),
        "finite": ngt.alternating_offers(discount=("9/10", "4/5"), horizon=4),
        "limit": frictionless_limit(rates=(1, 2)),
        "range": crisis.bargaining_range("1/2", "1/10", "1/10"),
        "demand": crisis.optimal_demand("1/2", "1/10", "1/10"),
        "risk": crisis.risk_return("1/2", "1/10", "1/10", "3/5"),
        "shift": crisis.shifting_power("1/2", "2/3", "9/10", "1/10", "1/10"),
        "disarm": crisis.disarmament_deal("1/2", "1/3", "9/10"),
        "butter": crisis.butter_for_bombs("1/2", "2/3", "9/10", "1/10", "1/10"),
        "package": space.solve("nash"),
        "lottery": space.solve("nash", lotteries=True),
        "threshold": repeated.critical_discount([[3, 3], [2, 2]], [[5, 5], [4, 4]],
                                                [[1, 1], [1, 1]]),
        "enforced": deal.is_self_enforcing("9/10"),
        "transfers": repeated.feasible_transfers(deal, "9/10", payer=deal.players[0],
                                                 receiver=deal.players[1]),
    }


def test_every_result_shows_a_wellformed_table(results):
    for name, result in results.items():
        html = result._repr_html_()
        checker = parse_html(html)
        self_contained(html)
        assert "<table>" in html, name
        assert result.explain().split()[0] in "".join(checker.text), name


def test_alternating_offers_values(results):
    text = "".join(parse_html(results["rubinstein"]._repr_html_()).text)
    assert "5/7" in text and "2/7" in text and "US" in text and "DPRK" in text
    finite = results["finite"]
    assert finite.path
    text = "".join(parse_html(finite._repr_html_()).text)
    assert "Backward-induction path" in text
    for offer in finite.path:
        for v in offer.proposal:
            assert str(v) in text


def test_crisis_values_are_exact(results):
    text = "".join(parse_html(results["range"]._repr_html_()).text)
    assert "2/5" in text and "3/5" in text
    text = "".join(parse_html(results["disarm"]._repr_html_()).text)
    assert "required_compensation" in text and "-1/10" in text


def test_package_choice_lists_issues_and_weights(results):
    choice = results["lottery"]
    text = "".join(parse_html(choice._repr_html_()).text)
    for issue in choice.packages[0]:
        assert issue in text
    for w in choice.weights:
        assert str(w) in text


def test_package_labels_are_escaped(results):
    choice = results["package"]
    evil = type(choice.packages[0])({EVIL: "yes"}, {EVIL: "no"})
    html = dataclasses.replace(choice, packages=(evil,), players=(EVIL, "B"))._repr_html_()
    parse_html(html)
    assert "&lt;script&gt;" in html


def test_reprs_are_short(results):
    for name, result in results.items():
        text = repr(result)
        assert "\n" not in text, name
        assert len(text) < 240, (name, len(text))


def test_short_repr_summarises_arrays():
    import numpy as np

    @dataclasses.dataclass
    class R:
        a: object

    assert short_repr(R(np.zeros((50, 50))), ("a",)) == "<R: a=array(50, 50)>"


def test_displays_do_not_solve(results, no_solvers):
    for result in results.values():
        assert parse_html(result._repr_html_()).tags
