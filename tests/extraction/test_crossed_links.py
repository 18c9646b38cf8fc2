"""Backward HAS_VALUE links to an indicator that has its own figure right after it; snippets from the
corpus, links as the bench fold models of 2026-11-23h predicted them on their held-out reports."""
import pytest

from extraction.crossed_links import drop_crossed_links
from extraction.document import Relation
from extraction.orphan_indicators import add_orphan_indicators
from tests.extraction.snippets import spans_of

LIST_003 = "2024年召开党员大会6次、支委会16次，组织党员上党课4次"
DISTRICTS_000 = "其中市直7户，蓬江区6户，江海区0户，"
BUDGET_002 = "压减经费34.92万元，调整预算数为202.0万元。"
COUNT_FIRST = "2024年召开6次党员大会、16次支委会。"
NOUN_AFTER_003 = "约14场公益活动，惠及800多名一线职工和农民工。"


@pytest.mark.parametrize("text, pieces, links, dropped", [
    # 6次 linked to 支委会, which has 16次 right after it (003)
    (LIST_003, [("COUNT", "6次"), ("INDICATOR", "支委会"), ("COUNT", "16次")], [(1, 0), (1, 2)], [(1, 0)]),
    # 7户 linked to 蓬江区, whose own figure 6户 follows it (000); 江海区 → 0户 stays
    (DISTRICTS_000, [("COUNT", "7户"), ("INDICATOR", "蓬江区"), ("COUNT", "6户"), ("INDICATOR", "江海区"),
                     ("COUNT", "0户")], [(1, 0), (1, 2), (3, 4)], [(1, 0)]),
    # a linking word between the name and its own figure (002)
    (BUDGET_002, [("INDICATOR", "压减经费"), ("AMOUNT", "34.92万元"), ("INDICATOR", "调整预算数"), ("AMOUNT", "202.0万元")],
     [(2, 1), (2, 3)], [(2, 1)]),
    # counts before the counted noun (guide rule 2): the name is followed by 、, not by a figure of its own
    (COUNT_FIRST, [("COUNT", "6次"), ("INDICATOR", "党员大会"), ("COUNT", "16次"), ("INDICATOR", "支委会")],
     [(1, 0), (3, 2)], []),
    # a noun after its count with no figure of its own (003)
    (NOUN_AFTER_003, [("COUNT", "800多名"), ("INDICATOR", "一线职工和农民工")], [(1, 0)], []),
    # the figure after the name is not linked to it: the name has no figure of its own
    (LIST_003, [("COUNT", "6次"), ("INDICATOR", "支委会"), ("COUNT", "16次")], [(1, 0)], []),
])
def test_backward_links_to_a_name_with_its_own_figure_are_dropped(text, pieces, links, dropped):
    spans = spans_of(text, *pieces)
    relations = [Relation("HAS_VALUE", head, tail) for head, tail in links]
    kept = drop_crossed_links(text, spans, relations)
    assert sorted((rel.head, rel.tail) for rel in relations if rel not in kept) == dropped
    assert len(kept) == len(relations) - len(dropped)  # no project to carry: nothing added


def test_the_freed_value_keeps_the_project_its_indicator_had_and_gets_the_name_before_it():
    text = "困难职工帮扶项目：" + DISTRICTS_000
    spans = spans_of(text, ("PROJECT", "困难职工帮扶项目"), ("COUNT", "7户"), ("INDICATOR", "蓬江区"), ("COUNT", "6户"))
    relations = [Relation("BELONGS_TO", 2, 0, 0.8), Relation("HAS_VALUE", 2, 1), Relation("HAS_VALUE", 2, 3)]
    kept = drop_crossed_links(text, spans, relations)
    assert kept == [Relation("BELONGS_TO", 1, 0, 0.8), Relation("BELONGS_TO", 2, 0, 0.8), Relation("HAS_VALUE", 2, 3)]
    spans, relations = add_orphan_indicators(text, spans, kept)
    named = {spans[rel.tail].text: spans[rel.head].text for rel in relations if rel.type == "HAS_VALUE"}
    projects = {spans[rel.head].text: spans[rel.tail].text for rel in relations if rel.type == "BELONGS_TO"}
    assert named == {"7户": "市直", "6户": "蓬江区"}
    assert projects == {"市直": "困难职工帮扶项目", "蓬江区": "困难职工帮扶项目"}


def test_a_value_with_a_project_of_its_own_keeps_it():
    spans = spans_of(LIST_003, ("PROJECT", "党员大会"), ("COUNT", "6次"), ("INDICATOR", "支委会"), ("COUNT", "16次"))
    relations = [Relation("BELONGS_TO", 1, 0, 0.9), Relation("HAS_VALUE", 2, 1), Relation("HAS_VALUE", 2, 3)]
    assert drop_crossed_links(LIST_003, spans, relations) == [Relation("BELONGS_TO", 1, 0, 0.9), Relation("HAS_VALUE", 2, 3)]
