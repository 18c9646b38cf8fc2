"""Indicator boundaries cut back to GUIDELINES 30/41 and guide rule 3; snippets from the corpus."""
import pytest

from extraction.indicator_trim import trim_indicators
from tests.extraction.snippets import spans_of


@pytest.mark.parametrize("text, pieces, expected", [
    # after a COUNT the counted noun stops before the stage verb (decisions 30, 41)
    ("其中5家企业进入复赛，", [("COUNT", "5家"), ("INDICATOR", "企业进入复赛")], "企业"),
    ("有3个人入围省复赛", [("COUNT", "3个"), ("INDICATOR", "人入围省复赛")], "人"),
    ("2家 企业获得省赛奖项", [("COUNT", "2家"), ("INDICATOR", "企业获得省赛奖项")], "企业"),
    # no counted noun: the award is the indicator, without the verb (decision 30)
    ("2家获得省赛三等奖", [("COUNT", "2家"), ("INDICATOR", "获得省赛三等奖")], "省赛三等奖"),
    # 发放 before a money noun stays outside (guide rule 3)
    ("发放帮扶金11.6万元", [("INDICATOR", "发放帮扶金"), ("AMOUNT", "11.6万元")], "帮扶金"),
    # award and approval verbs before what was won or approved (decision 30; 004)
    ("获批立项省级高水平专业群5个", [("INDICATOR", "获批立项省级高水平专业群"), ("COUNT", "5个")], "省级高水平专业群"),
    ("获学生技能竞赛省级一等奖15项", [("INDICATOR", "获学生技能竞赛省级一等奖"), ("COUNT", "15项")], "学生技能竞赛省级一等奖"),
    ("入选“十三五”职业教育国家规划教材1部", [("INDICATOR", "入选“十三五”职业教育国家规划教材"), ("COUNT", "1部")],
     "“十三五”职业教育国家规划教材"),
    # the writer's own unit, a mid-year adjustment's time word, a reporting or comparison word before
    # the figure (decisions 13, 21; 003, 002, g2 p07, g1 p18)
    ("2024年我会收入预算执行完成100%", [("INDICATOR", "我会收入预算执行完成"), ("RATIO", "100%")], "收入预算执行"),
    ("年中压减经费0.64万元", [("INDICATOR", "年中压减经费"), ("AMOUNT", "0.64万元")], "压减经费"),
    ("救助申请审核时限不超过15个工作日", [("INDICATOR", "救助申请审核时限不超过"), ("COUNT", "15个工作日")], "救助申请审核时限"),
    ("老人就餐距离超过1.5公里", [("INDICATOR", "老人就餐距离超过"), ("COUNT", "1.5公里")], "老人就餐距离"),
    ("参与职工超4万人（次）", [("INDICATOR", "参与职工超"), ("COUNT", "4万人")], "参与职工"),  # 002
    # linking words before the name (guide example 3; 003)
    ("人员构成情况:现有编制16名,", [("INDICATOR", "现有编制"), ("COUNT", "16名")], "编制"),
    ("其中3家为新业态行业基层工会。", [("COUNT", "3家"), ("INDICATOR", "为新业态行业基层工会")], "新业态行业基层工会"),
    # reporting verbs (decision 21)
    ("全年发放学生资助资金1,286万元，惠及学生1.12万人次。", [("INDICATOR", "惠及学生"), ("COUNT", "1.12万人次")], "学生"),
    ("设备采购节约2.5万元", [("INDICATOR", "设备采购节约"), ("AMOUNT", "2.5万元")], "设备采购节约"),  # 约 of 节约
    # left whole: names of metrics, verbs not after a count, verbs that are the measured action
    ("国赛晋级企业数3家", [("INDICATOR", "国赛晋级企业数"), ("COUNT", "3家")], "国赛晋级企业数"),
    ("获奖总数12个", [("INDICATOR", "获奖总数"), ("COUNT", "12个")], "获奖总数"),
    ("推荐企业进入复赛 5家", [("INDICATOR", "推荐企业进入复赛"), ("COUNT", "5家")], "推荐企业进入复赛"),
    ("发放宣传资料2.3万份", [("INDICATOR", "发放宣传资料"), ("COUNT", "2.3万份")], "发放宣传资料"),
    ("进入", [("INDICATOR", "进入")], "进入"),
    ("其中13篇获市领导肯定性批示的决策咨询报告", [("COUNT", "13篇"), ("INDICATOR", "获市领导肯定性批示的决策咨询报告")],
     "获市领导肯定性批示的决策咨询报告"),  # 获 in a relative clause (g4 p08)
    ("年初预算金额236.98万元", [("INDICATOR", "年初预算金额"), ("AMOUNT", "236.98万元")], "年初预算金额"),
    ("完成工作任务，", [("INDICATOR", "完成工作任务")], "完成工作任务"),  # no figure after it
])
def test_indicator_boundaries(text, pieces, expected):
    predicted = spans_of(text, *pieces, score=0.9, source="model")
    trimmed = trim_indicators(text, predicted)
    (indicator,) = [span for span in trimmed if span.label == "INDICATOR"]
    assert indicator.text == expected == text[indicator.start:indicator.end]
    assert [span for span in trimmed if span.label != "INDICATOR"] == [span for span in predicted
                                                                          if span.label != "INDICATOR"]


@pytest.mark.parametrize("text, pieces, kept", [
    ("项目支出预算317.02万元，占支出预算24.05%。", [("INDICATOR", "项目支出预算"), ("AMOUNT", "317.02万元"),
                                               ("INDICATOR", "占支出预算"), ("RATIO", "24.05%")], ["项目支出预算"]),
    ("通用设备账面净值49.579万元，占比5.296%；", [("INDICATOR", "通用设备账面净值"), ("AMOUNT", "49.579万元"),
                                             ("INDICATOR", "占比"), ("RATIO", "5.296%")], ["通用设备账面净值"]),
    ("基本支出为1130.35万元，占支出总额的 69.68%", [("INDICATOR", "基本支出"), ("AMOUNT", "1130.35万元"),
                                                ("INDICATOR", "占支出总额"), ("RATIO", "69.68%")], ["基本支出"]),
    # the model's span began after 占 (000)
    ("其中基本支出预算1001.08万元，占支出预算75.95%；", [("INDICATOR", "基本支出预算"), ("AMOUNT", "1001.08万元"),
                                                    ("INDICATOR", "支出预算"), ("RATIO", "75.95%")], ["基本支出预算"]),
    # not before a share: a metric of its own
    ("占地面积1000㎡", [("INDICATOR", "占地面积"), ("COUNT", "1000㎡")], ["占地面积"]),
    # a change word alone is a value's lead, not a name (GUIDELINES 4; synthetic passages g2, g3)
    ("全市空气质量优良天数比例86.3%，比上年提高3.6个百分点", [("INDICATOR", "全市空气质量优良天数比例"), ("RATIO", "86.3%"),
                                                 ("INDICATOR", "比上年提高"), ("COUNT", "3.6个百分点")],
     ["全市空气质量优良天数比例"]),
    ("外贸进出口总额1,286.5亿元，同比增长6.3%", [("INDICATOR", "外贸进出口总额"), ("AMOUNT", "1,286.5亿元"),
                                          ("INDICATOR", "同比增长"), ("RATIO", "6.3%")], ["外贸进出口总额"]),
    # a metric of change keeps its name
    ("进出口总额同比增长率6.3%", [("INDICATOR", "进出口总额同比增长率"), ("RATIO", "6.3%")], ["进出口总额同比增长率"]),
])
def test_share_and_change_leads_are_dropped(text, pieces, kept):
    spans = spans_of(text, *pieces, score=0.9, source="model")
    left = trim_indicators(text, spans)
    assert [span.text for span in left if span.label == "INDICATOR"] == kept
    assert [span for span in left if span.label != "INDICATOR"] == [span for span in spans if span.label != "INDICATOR"]


def test_the_annotated_corpus_already_follows_the_rule():
    from annotations.tasks import load_corpus

    changed = [(doc.name, before.text, after.text) for doc in load_corpus()
               for before, after in zip(doc.spans, trim_indicators(doc.text, list(doc.spans))) if before != after]
    assert changed == []
