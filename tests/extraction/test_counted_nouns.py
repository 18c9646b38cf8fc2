"""A count right before a noun counts that noun (guide rule 2); snippets from report 000 and the guide,
the expectations as annotated there."""
from extraction.document import Relation
from extraction.counted_nouns import link_counted_nouns
from tests.extraction.snippets import spans_of

SUPPORT = "发放标准按市财政因病致困专项帮扶资金总额30万元与80户帮扶对象医疗费用个人自付总额233.84万元占比分配全额发放。"
FOUND = (("PROJECT", "因病致困专项帮扶资金"), ("INDICATOR", "总额"), ("AMOUNT", "30万元"), ("COUNT", "80户"),
         ("INDICATOR", "帮扶对象"), ("INDICATOR", "医疗费用个人自付总额"), ("AMOUNT", "233.84万元"))


def test_the_count_goes_to_the_noun_after_it_and_takes_its_project_along():
    relations = [Relation("BELONGS_TO", 1, 0), Relation("BELONGS_TO", 3, 0), Relation("HAS_VALUE", 1, 2),
                 Relation("HAS_VALUE", 1, 3), Relation("HAS_VALUE", 5, 6)]
    linked = link_counted_nouns(SUPPORT, spans_of(SUPPORT, *FOUND), relations)
    assert set(linked) == {Relation("BELONGS_TO", 1, 0), Relation("BELONGS_TO", 4, 0), Relation("HAS_VALUE", 1, 2),
                           Relation("HAS_VALUE", 4, 3, 0.5), Relation("HAS_VALUE", 5, 6)}


def test_a_count_already_linked_so_or_not_right_before_a_noun_is_left_alone():
    relations = [Relation("HAS_VALUE", 1, 2), Relation("HAS_VALUE", 4, 3), Relation("HAS_VALUE", 5, 6)]
    assert link_counted_nouns(SUPPORT, spans_of(SUPPORT, *FOUND), relations) == relations
    meetings = "2024年召开党员大会6次、支委会16次"
    spans = spans_of(meetings, ("INDICATOR", "党员大会"), ("COUNT", "6次"), ("INDICATOR", "支委会"), ("COUNT", "16次"))
    relations = [Relation("HAS_VALUE", 0, 1), Relation("HAS_VALUE", 2, 3)]
    assert link_counted_nouns(meetings, spans, relations) == relations


def test_a_blank_between_count_and_noun_is_no_gap():
    text = "江门市总工会内设 7 个 部室"
    spans = spans_of(text, ("INDICATOR", "江门市总工会内设"), ("COUNT", "7 个"), ("INDICATOR", "部室"))
    assert link_counted_nouns(text, spans, [Relation("HAS_VALUE", 0, 1)]) == [Relation("HAS_VALUE", 2, 1, 0.5)]


def test_the_annotated_corpus_already_follows_the_rule():
    from annotations.tasks import load_corpus

    changed = [doc.name for doc in load_corpus()
               if set(link_counted_nouns(doc.text, doc.spans, doc.relations)) != set(doc.relations)]
    assert changed == []
