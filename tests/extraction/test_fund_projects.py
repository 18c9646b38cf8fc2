"""A fund named in full and paid out with its sum becomes a PROJECT; snippets from the corpus
(real reports 000, 003 and the synthetic passages), the expectation as the annotations have it."""
import pytest

from extraction.document import Relation
from extraction.fund_projects import fund_projects, line_items
from tests.extraction.snippets import spans_of


PAID = [
    ("使用财政资金发放工人文化宫人员经费166.37万元，其余资金由工会经费弥补。", "工人文化宫人员经费", "166.37万元", True),
    ("及时划拨镇街（开发区）工联会工作经费44万元。", "镇街（开发区）工联会工作经费", "44万元", True),
    ("安排财政资金发放市直离退休劳动模范荣誉津贴10万元。", "市直离退休劳动模范荣誉津贴", "10万元", True),
    ("全年拨付城乡医疗救助补助资金1,530万元，", "城乡医疗救助补助资金", "1,530万元", True),
    # generic fund words stay indicators
    ("按季度发放津贴9.78万元，完成预算金额的100%。", "津贴", "9.78万元", False),
    ("会议开支严格要求标准执行，安排财政资金7.65万元，", "财政资金", "7.65万元", False),
    ("平台发放惠民惠农补贴资金3.46亿元，", "惠民惠农补贴资金", "3.46亿元", False),
    # no paying verb right before, or the amount not right after the name
    ("目前已发在档在册困难职工帮扶金11.6万元。", "在档在册困难职工帮扶金", "11.6万元", False),
    ("发放市直离退休劳动模范荣誉津贴，共10万元。", "市直离退休劳动模范荣誉津贴", "10万元", False),
    # not a fund's name
    ("发放职工书屋图书和电子阅读器具12万元", "职工书屋图书和电子阅读器具", "12万元", False),
]


@pytest.mark.parametrize("text, name, amount, is_project", PAID)
def test_a_paid_out_fund_name_the_model_missed_is_added(text, name, amount, is_project):
    spans = spans_of(text, ("AMOUNT", amount))
    added, relations = fund_projects(text, spans, [])
    if is_project:
        assert [(span.label, span.text) for span in added] == [("PROJECT", name), ("AMOUNT", amount)]
        assert text[added[0].start:added[0].end] == name and relations == [Relation("BELONGS_TO", 1, 0, 0.5)]
    else:
        assert (added, relations) == (spans, [])


@pytest.mark.parametrize("text, name, amount, is_project", PAID)
def test_a_paid_out_fund_name_the_model_tagged_indicator_is_relabelled(text, name, amount, is_project):
    spans = spans_of(text, ("INDICATOR", name), ("AMOUNT", amount))
    relabelled, relations = fund_projects(text, spans, [Relation("HAS_VALUE", 0, 1, 0.9)])
    if is_project:
        assert relabelled[0].label == "PROJECT" and relabelled[0].text == name
        assert relations == [Relation("BELONGS_TO", 1, 0, 0.5)]
    else:
        assert (relabelled, relations) == (spans, [Relation("HAS_VALUE", 0, 1, 0.9)])


def test_the_amount_leaves_its_old_project_and_the_fund_its_own():
    text = "“工会事业专项”项目：划拨镇街（开发区）工联会工作经费44万元。"
    spans = spans_of(text, ("PROJECT", "工会事业专项"), ("INDICATOR", "镇街（开发区）工联会工作经费"), ("AMOUNT", "44万元"))
    relations = [Relation("BELONGS_TO", 1, 0, 0.8), Relation("BELONGS_TO", 2, 0, 0.6), Relation("HAS_VALUE", 1, 2, 0.9)]
    relabelled, linked = fund_projects(text, spans, relations)
    assert [span.label for span in relabelled] == ["PROJECT", "PROJECT", "AMOUNT"]
    assert linked == [Relation("BELONGS_TO", 2, 1, 0.5)]


def test_a_name_another_span_touches_or_a_linked_amount_is_left_alone():
    text = "及时划拨镇街（开发区）工联会工作经费44万元。"
    spans = spans_of(text, ("INDICATOR", "经费"), ("AMOUNT", "44万元"))
    assert fund_projects(text, spans, [Relation("HAS_VALUE", 0, 1)]) == (spans, [Relation("HAS_VALUE", 0, 1)])
    spans = spans_of(text, ("INDICATOR", "划拨"), ("AMOUNT", "44万元"))
    assert fund_projects(text, spans, [Relation("HAS_VALUE", 0, 1)]) == (spans, [Relation("HAS_VALUE", 0, 1)])


WORK_FUNDS = "及时划拨镇街（开发区）工联会工作经费44万元。"
TAILS = [
    # the model's indicator or project is the tail of the paid-out name, or the whole name as a PROJECT
    (WORK_FUNDS, ("INDICATOR", "工联会工作经费"), "44万元", "镇街（开发区）工联会工作经费"),
    (WORK_FUNDS, ("PROJECT", "工联会工作经费"), "44万元", "镇街（开发区）工联会工作经费"),
    (WORK_FUNDS, ("PROJECT", "镇街（开发区）工联会工作经费"), "44万元", "镇街（开发区）工联会工作经费"),
    ("安排财政资金发放市直离退休劳动模范荣誉津贴10万元。", ("INDICATOR", "荣誉津贴"), "10万元", "市直离退休劳动模范荣誉津贴"),
    # a short tail is a generic word read on purpose (syn_g3_p23 has 资金 an INDICATOR here)
    ("县财政安排农资储备与社区综合服务社建设项目资金360万元，", ("INDICATOR", "资金"), "360万元", None),
    (WORK_FUNDS, ("INDICATOR", "经费"), "44万元", None),
]


@pytest.mark.parametrize("text, tail, amount, name", TAILS)
def test_a_fund_name_read_in_part_is_widened_to_the_whole_name(text, tail, amount, name):
    spans = spans_of(text, tail, ("AMOUNT", amount))
    relations = [Relation("HAS_VALUE", 0, 1, 0.9)] if tail[0] == "INDICATOR" else [Relation("BELONGS_TO", 1, 0, 0.7)]
    widened, linked = fund_projects(text, spans, relations)
    if name is None:
        assert (widened, linked) == (spans, relations)
    else:
        assert [(span.label, span.text) for span in widened] == [("PROJECT", name), ("AMOUNT", amount)]
        assert text[widened[0].start:widened[0].end] == name and linked == [Relation("BELONGS_TO", 1, 0, 0.5)]


def test_the_annotated_corpus_already_follows_the_rule():
    from annotations.tasks import load_corpus

    changed = [(doc.name, doc.spans[index].text) for doc in load_corpus()
               for index, (before, after) in enumerate(zip(doc.spans, fund_projects(doc.text, doc.spans, doc.relations)[0]))
               if before != after]
    assert changed == []


LIST = "调整预算数为202.06万元，其中：“提高产业工人整体素质和维权建设项目资金”54.35万元、“庆五一暨劳模代表座谈会”7.02万元。"


def test_line_items_belong_to_the_project_right_before_them():
    """002 on a held-out fold model: the items' sums were measured by the budget figure of the clause
    before, or left to the report's main project."""
    text = "“工会事业专项”" + LIST
    spans = spans_of(text, ("PROJECT", "工会事业专项"), ("INDICATOR", "调整预算数"), ("AMOUNT", "202.06万元"),
                     ("PROJECT", "提高产业工人整体素质和维权建设项目资金"), ("AMOUNT", "54.35万元"),
                     ("PROJECT", "庆五一暨劳模代表座谈会"), ("AMOUNT", "7.02万元"))
    relations = [Relation("HAS_VALUE", 1, 2), Relation("HAS_VALUE", 1, 4), Relation("BELONGS_TO", 1, 0),
                 Relation("BELONGS_TO", 6, 0)]
    merged, linked = fund_projects(text, spans, relations)
    named = {(rel.type, merged[rel.head].text, merged[rel.tail].text) for rel in linked}
    assert named == {("HAS_VALUE", "调整预算数", "202.06万元"), ("BELONGS_TO", "调整预算数", "工会事业专项"),
                     ("BELONGS_TO", "54.35万元", "提高产业工人整体素质和维权建设项目资金"),
                     ("BELONGS_TO", "7.02万元", "庆五一暨劳模代表座谈会")}


@pytest.mark.parametrize("text, pieces, relations", [
    # measured by an indicator of its own clause (000, 003)
    ("安排财政资金发放市直离退休劳动模范荣誉津贴10万元。", [("INDICATOR", "财政资金"), ("PROJECT", "市直离退休劳动模范荣誉津贴"),
                                             ("AMOUNT", "10万元")], [("HAS_VALUE", 0, 2), ("BELONGS_TO", 0, 1)]),
    ("截至12月，我市购买“工会二次医保”6729人次。", [("INDICATOR", "购买"), ("PROJECT", "工会二次医保"), ("COUNT", "6729人次")],
     [("HAS_VALUE", 0, 2), ("BELONGS_TO", 0, 1)]),
    # not right after the name
    ("“工会二次医保”项目覆盖职工6729人次。", [("PROJECT", "工会二次医保"), ("COUNT", "6729人次")], [("BELONGS_TO", 1, 0)]),
])
def test_figures_that_are_not_line_items_keep_their_links(text, pieces, relations):
    spans = spans_of(text, *pieces)
    links = [Relation(kind, head, tail) for kind, head, tail in relations]
    assert line_items(text, spans, links) == links


@pytest.mark.parametrize("text, name, amount", [
    ("项目支出主要用于：大气污染防治专项3,860 万元、", "大气污染防治专项", "3,860 万元"),  # g2 p19
    ("其中“困难职工因病致困专项帮扶资金”30万元和", "困难职工因病致困专项帮扶资金", "30万元"),  # 002
    # 资金, then a linking word of orphan_indicators
    ("其中“大气污染防治专项”资金为3,860 万元", "大气污染防治专项", "3,860 万元"),
])
def test_a_figure_after_a_project_name_is_its_line_item(text, name, amount):
    spans = spans_of(text, ("PROJECT", name), ("AMOUNT", amount))
    assert line_items(text, spans, []) == [Relation("BELONGS_TO", 1, 0, 0.5)]
