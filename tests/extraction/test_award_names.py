"""An award written after its contest is one INDICATOR; snippets from report 004 and synthetic passages,
the expectation as the annotations have it (GUIDELINES 66)."""
import pytest

from extraction.award_names import join_award_names
from tests.extraction.snippets import spans_of

TEA = "获广东省第二届职业技能大赛“茶艺”赛项银奖各1个。"
WAITER = "获广东省第二届职业技能大赛暨乡村振兴职业技能大赛学生组“餐厅服务员”赛项银奖和"
JOINED = [
    (TEA, [("PROJECT", "广东省第二届职业技能大赛"), ("INDICATOR", "“茶艺”赛项银奖")], "广东省第二届职业技能大赛“茶艺”赛项银奖"),
    (WAITER, [("PROJECT", "广东省第二届职业技能大赛"), ("INDICATOR", "赛项银奖")],
     "广东省第二届职业技能大赛暨乡村振兴职业技能大赛学生组“餐厅服务员”赛项银奖"),
    ("获全国职业院校技能大赛二等奖2项", [("PROJECT", "全国职业院校技能大赛"), ("INDICATOR", "二等奖")], "全国职业院校技能大赛二等奖"),
]
LEFT = [
    # a verb of winning or taking part between them: the contest is what they took part in
    ("参加“科技杯”创新创业大赛获一等奖3个", [("PROJECT", "“科技杯”创新创业大赛"), ("INDICATOR", "一等奖")]),
    # a clause mark between them
    ("举办“领军杯”职业技能大赛，一等奖10人", [("PROJECT", "“领军杯”职业技能大赛"), ("INDICATOR", "一等奖")]),
    # not an award
    ("“巾帼家政”技能培训项目学员稳定就业率85%", [("PROJECT", "“巾帼家政”技能培训项目"), ("INDICATOR", "学员稳定就业率")]),
    # an award after a name that is not a PROJECT
    ("获“茶艺”赛项银奖1个", [("INDICATOR", "“茶艺”赛项银奖")]),
]


@pytest.mark.parametrize("text, found, award", JOINED)
def test_the_contest_joins_the_award_after_it(text, found, award):
    joined = join_award_names(text, spans_of(text, *found))
    assert [(span.label, span.text) for span in joined] == [("INDICATOR", award)]
    assert text[joined[0].start:joined[0].end] == award


@pytest.mark.parametrize("text, found", LEFT)
def test_other_names_before_an_indicator_stay(text, found):
    spans = spans_of(text, *found)
    assert join_award_names(text, spans) == spans


def test_the_annotated_corpus_already_follows_the_rule():
    from annotations.tasks import load_corpus

    changed = [doc.name for doc in load_corpus() if join_award_names(doc.text, doc.spans) != doc.spans]
    assert changed == []
