"""An indicator for a value left without one, from the name written right before it; snippets from
the corpus (held-out predictions of the bench fold models left these values without an indicator)."""
import pytest

from extraction.document import Relation
from extraction.orphan_indicators import add_orphan_indicators, indicator_before
from tests.extraction.snippets import spans_of


@pytest.mark.parametrize("text, value, expected", [
    # a year and 我会 in front, 完成 before the figure (003)
    ("2024年我会收入预算执行完成100%，其中：", ("RATIO", "100%"), "收入预算执行"),
    ("按用途分：工资福利支出预算执行完成100%，", ("RATIO", "100%"), "工资福利支出预算执行"),
    ("2021年生均财政经费投入大于1.2万元/生。", ("AMOUNT", "1.2万元/生"), "生均财政经费投入"),  # 004
    ("累计创建劳模和工匠人才创新工作室177家。", ("COUNT", "177家"), "创建劳模和工匠人才创新工作室"),  # 000, GUIDELINES 29
    ("活动，征集会员意见建议1059条。", ("COUNT", "1059条"), "征集会员意见建议"),  # 000
    ("产出指标为工人文化宫举办及服务的活动数量，预期举办及服务的活动数量为60场次。", ("COUNT", "60场次"),
     "举办及服务的活动数量"),
    ("娘家人”的温暖，慰问金和慰问品约17万元。", ("AMOUNT", "17万元"), "慰问金和慰问品"),  # 003
    # left alone: a noun after the count is what it counts (guide rule 2)
    ("组织基层工会开展不少于10个行业（工种）的职业技能竞赛", ("COUNT", "10个"), None),
    ("对全市10000名在智慧工会实名认证的春节期间留岗保供职工", ("COUNT", "10000名"), None),
    # left alone: a fund's sum (a PROJECT's in a department report), a bare act, a long clause
    ("目前已发在档在册困难职工帮扶金11.6万元。", ("AMOUNT", "11.6万元"), None),
    ("1积分=1元），共发放100万元积分。", ("AMOUNT", "100万元"), None),
    ("设备采购节约2.5万元，", ("AMOUNT", "2.5万元"), "设备采购节约"),
    ("我会使用工会经费购买的福利慰问品和消费帮扶产品共275.178万元", ("AMOUNT", "275.178万元"), None),
    ("一年来，举办各类大型文化展览、职工创新成果展11期；", ("COUNT", "11期"), None),
])
def test_the_name_before_a_value(text, value, expected):
    (span,) = spans_of(text, value)
    found = indicator_before(text, span, [span])
    assert (found.text if found else None) == expected
    if found:
        assert text[found.start:found.end] == found.text and found.label == "INDICATOR"


def test_a_name_another_span_touches_is_left_to_the_model():
    text = "“工会事业专项补助”年初预算金额236.98万元"
    spans = spans_of(text, ("PROJECT", "工会事业专项补助"), ("AMOUNT", "236.98万元"))
    assert indicator_before(text, spans[1], spans) is None


def test_the_new_indicator_takes_the_value_and_its_project():
    text = "“工会二次医保”项目。2024年支出预算执行完成100%，资金支出率100%。"
    spans = spans_of(text, ("PROJECT", "工会二次医保"), ("RATIO", "100%"), ("INDICATOR", "资金支出率"), ("RATIO", "100%"))
    relations = [Relation("BELONGS_TO", 1, 0, 0.7), Relation("BELONGS_TO", 2, 0, 0.9), Relation("HAS_VALUE", 2, 3, 0.8)]
    merged, linked = add_orphan_indicators(text, spans, relations)
    assert [span.text for span in merged] == ["工会二次医保", "支出预算执行", "100%", "资金支出率", "100%"]
    named = {(rel.type, merged[rel.head].text, merged[rel.tail].text, merged[rel.tail].start) for rel in linked}
    assert named == {("BELONGS_TO", "支出预算执行", "工会二次医保", 1), ("BELONGS_TO", "资金支出率", "工会二次医保", 1),
                     ("HAS_VALUE", "支出预算执行", "100%", text.index("100%")),
                     ("HAS_VALUE", "资金支出率", "100%", text.rindex("100%"))}


def test_linked_values_are_left_alone():
    text = "资金支出率100%。"
    spans = spans_of(text, ("INDICATOR", "资金支出率"), ("RATIO", "100%"))
    relations = [Relation("HAS_VALUE", 0, 1)]
    assert add_orphan_indicators(text, spans, relations) == (spans, relations)


# Shares written `占…` (guide rule 4), lines of 000: the indicator named last before the share in its
# sentence takes it; `占比` itself never becomes an indicator.
SHARES = [
    ("图书档案账面净值0万元，占比0%；", [("INDICATOR", "图书档案账面净值"), ("AMOUNT", "0万元"), ("RATIO", "0%")],
     "图书档案账面净值"),
    ("其中基本支出预算1001.08万元，占支出预算75.95%；", [("INDICATOR", "基本支出预算"), ("AMOUNT", "1001.08万元"),
                                                    ("RATIO", "75.95%")], "基本支出预算"),
    # no indicator before it in its sentence: nothing to take it
    ("其余资金由工会经费弥补。占比5.296%；", [("RATIO", "5.296%")], None),
    ("图书档案账面净值0万元； 占比0%；", [("INDICATOR", "图书档案账面净值"), ("AMOUNT", "0万元"), ("RATIO", "0%")], None),
    # not a share of what came before
    ("资金支出率达到100%。", [("RATIO", "100%")], "资金支出率"),
]


@pytest.mark.parametrize("text, pieces, expected", SHARES)
def test_a_share_goes_to_the_indicator_named_before_it(text, pieces, expected):
    spans = spans_of(text, *pieces)
    indicator = next((n for n, span in enumerate(spans) if span.label == "INDICATOR"), None)
    relations = [Relation("HAS_VALUE", indicator, indicator + 1)] if indicator is not None else []
    merged, linked = add_orphan_indicators(text, spans, relations)
    heads = [merged[rel.head].text for rel in linked if rel.type == "HAS_VALUE" and merged[rel.tail].label == "RATIO"]
    assert heads == ([expected] if expected else [])
    assert "占比" not in [span.text for span in merged]


@pytest.mark.parametrize("text, pieces, expected", [
    # a change in a clause of its own is of the indicator before it (GUIDELINES 4; synthetic passage g3)
    ("全市空气质量优良天数比例86.3%，比上年提高3.6个百分点", [("INDICATOR", "全市空气质量优良天数比例"), ("RATIO", "86.3%"),
                                                 ("COUNT", "3.6个百分点")], "全市空气质量优良天数比例"),
    # the indicator itself found here first, from the name before the first value
    ("全市环境空气质量优良天数比例达到92.6%，同比上升1.8个百分点；", [("RATIO", "92.6%"), ("COUNT", "1.8个百分点")],
     "全市环境空气质量优良天数比例"),
])
def test_a_change_goes_to_the_indicator_named_before_it(text, pieces, expected):
    spans = spans_of(text, *pieces)
    relations = [Relation("HAS_VALUE", 0, 1)] if spans[0].label == "INDICATOR" else []
    merged, linked = add_orphan_indicators(text, spans, relations)
    change = next(n for n, span in enumerate(merged) if span.text.endswith("个百分点"))
    assert [merged[rel.head].text for rel in linked if rel.type == "HAS_VALUE" and rel.tail == change] == [expected]
    assert not any(span.text.startswith(("同比", "比上年")) for span in merged)


@pytest.mark.parametrize("text, values, expected", [
    # the next item of a list of counts (003): its name starts after the value before it and 、
    ("2024年召开党员大会6次、支委会16次，组织党员上党课4次", [("COUNT", "6次"), ("COUNT", "16次")], "支委会"),
    # no 、 after the value before: the clause is not a list, the name is left to the model
    ("投入资金50.7万元推进求学圆梦行动500名", [("AMOUNT", "50.7万元"), ("COUNT", "500名")], None),
])
def test_a_list_item_names_its_own_value(text, values, expected):
    spans = spans_of(text, *values)
    found = indicator_before(text, spans[1], spans)
    assert (found.text if found else None) == expected
