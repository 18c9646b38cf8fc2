"""Name spans without enclosing quotes and edge blanks (guide: quotes around a whole name stay
outside, quotes inside it stay inside; GUIDELINES 53); snippets from the corpus."""
import pytest

from extraction.quote_trim import name_edges, trim_quotes
from tests.extraction.snippets import spans_of


@pytest.mark.parametrize("text, piece, expected", [
    # the model took the opening quote along, not the closing one (held-out 002)
    ("“困难职工因病致困专项帮扶资金”项目", ("PROJECT", "“困难职工因病致困专项帮扶资金"), "困难职工因病致困专项帮扶资金"),
    ("“情暖职工春节活动经费”项目：", ("PROJECT", "“情暖职工春节活动经费"), "情暖职工春节活动经费"),
    # the closing quote without its opening one
    ("开展“职工之家”建设经费", ("PROJECT", "职工之家”建设经费"), "职工之家”建设经费"),
    ("“劳模工匠助企行”专项行动", ("PROJECT", "劳模工匠助企行”"), "劳模工匠助企行"),
    # a pair around the whole name, and 《》
    ("“求学圆梦”学历提升行动", ("PROJECT", "“求学圆梦”"), "求学圆梦"),
    ("《工会事业专项补助》", ("PROJECT", "《工会事业专项补助》"), "工会事业专项补助"),
    # blanks at the edges; a line break inside stays
    ("资金支出率 100%", ("INDICATOR", "资金支出率 "), "资金支出率"),
    ("工资集体协商完成\n\n率100%", ("INDICATOR", "工资集体协商完成\n\n率"), "工资集体协商完成\n\n率"),
    # quotes over part of the name stay inside (GUIDELINES 53)
    ("“领军杯”职业技能大赛", ("PROJECT", "“领军杯”职业技能大赛"), "“领军杯”职业技能大赛"),
    ("文化赋能“百千万工程”系列活动", ("PROJECT", "文化赋能“百千万工程”系列活动"), "文化赋能“百千万工程”系列活动"),
    ("“龙腾贺新春·情暖劳动者”新春系列活动", ("PROJECT", "“龙腾贺新春·情暖劳动者”新春系列活动"),
     "“龙腾贺新春·情暖劳动者”新春系列活动"),
    # a project ending where a quote closes is the whole quoted name (002)
    ("下达市总工会“工会事业专项补助”项目预算金额236.98万元", ("PROJECT", "市总工会“工会事业专项补助"), "工会事业专项补助"),
    ("其中：“庆五一暨劳模代表座谈会”7.02万元", ("PROJECT", "劳模代表座谈会"), "庆五一暨劳模代表座谈会"),
    ("“庆五一暨劳模座谈会专项会议费”项目安排预算金额7.65万元", ("PROJECT", "劳模座谈会专项会议费"), "庆五一暨劳模座谈会专项会议费"),
    # not an indicator, not across a clause mark
    ("我市购买“工会二次医保”6729人次", ("INDICATOR", "二次医保"), "二次医保"),
    ("“学习二十大，建功新时代”主题活动", ("PROJECT", "建功新时代"), "建功新时代"),
])
def test_name_boundaries(text, piece, expected):
    predicted = spans_of(text, piece, score=0.9, source="model")
    (trimmed,) = trim_quotes(text, predicted)
    assert trimmed.text == expected == text[trimmed.start:trimmed.end]
    assert (trimmed.label, trimmed.score, trimmed.source) == (piece[0], 0.9, "model")


@pytest.mark.parametrize("name, edges", [("“”", (1, 1)), ("  ", (2, 2)), ("《", (1, 1))])
def test_nothing_left_keeps_the_span(name, edges):
    assert name_edges(name) == edges
    text = name + "。"
    (span,) = spans_of(text, ("PROJECT", name))
    assert trim_quotes(text, [span]) == [span]


def test_values_are_not_touched():
    text = "“30万元”"
    spans = spans_of(text, ("AMOUNT", "30万元”"))
    assert trim_quotes(text, spans) == spans


def test_the_annotated_corpus_already_follows_the_rule():
    from annotations.tasks import load_corpus

    changed = [(doc.name, before.text, after.text) for doc in load_corpus()
               for before, after in zip(doc.spans, trim_quotes(doc.text, list(doc.spans))) if before != after]
    assert changed == []


def test_a_quoted_name_is_not_widened_over_another_span():
    text = "其中：“庆五一暨劳模代表座谈会”7.02万元"
    spans = spans_of(text, ("INDICATOR", "庆五一"), ("PROJECT", "劳模代表座谈会"), score=0.9, source="model")
    assert trim_quotes(text, spans) == spans
