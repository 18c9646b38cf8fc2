"""An indicator that begins with a project's name of its sentence belongs to that project (GUIDELINES 15);
the snippet from report 004, its expectation as annotated there."""
from extraction.document import Relation
from extraction.named_projects import link_named_projects
from tests.extraction.snippets import spans_of

SUBSIDIES = "劳模津贴、劳模春节慰问金按照规定范围规定标准进行发放，劳模津贴发放率达98.67%。"
FOUND = (("PROJECT", "劳模津贴"), ("PROJECT", "劳模春节慰问金"), ("INDICATOR", "劳模津贴发放率"), ("RATIO", "98.67%"))


def test_the_indicator_goes_to_the_project_it_names():
    relations = [Relation("BELONGS_TO", 2, 1, 0.8), Relation("HAS_VALUE", 2, 3, 0.9)]
    linked = link_named_projects(SUBSIDIES, spans_of(SUBSIDIES, *FOUND), relations)
    assert linked == [Relation("BELONGS_TO", 2, 0, 0.5), Relation("HAS_VALUE", 2, 3, 0.9)]


def test_a_project_of_an_earlier_sentence_a_short_name_or_the_name_alone_is_left_alone():
    earlier = "劳模津贴、劳模春节慰问金按照规定发放。劳模津贴发放率达98.67%。"
    relations = [Relation("BELONGS_TO", 2, 1, 0.8)]
    assert link_named_projects(earlier, spans_of(earlier, *FOUND), relations) == relations
    short = "工会、工会驿站建设经费按规定使用，工会会员覆盖率达98%。"
    spans = spans_of(short, ("PROJECT", "工会"), ("PROJECT", "工会驿站建设经费"), ("INDICATOR", "工会会员覆盖率"))
    assert link_named_projects(short, spans, relations) == relations
    alone = "劳模津贴、劳模春节慰问金按照规定发放，劳模津贴98万元。"
    spans = spans_of(alone, ("PROJECT", "劳模津贴"), ("PROJECT", "劳模春节慰问金"), ("INDICATOR", "劳模津贴"))
    assert link_named_projects(alone, spans, relations) == relations


def test_the_annotated_corpus_already_follows_the_rule():
    from annotations.tasks import load_corpus

    changed = [doc.name for doc in load_corpus()
               if set(link_named_projects(doc.text, doc.spans, doc.relations)) != set(doc.relations)]
    assert changed == []
