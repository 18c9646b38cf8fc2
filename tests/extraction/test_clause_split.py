"""Name spans cut at clause marks, projects also at 、 outside quotes; snippets from reports 000, 002 and 004."""
import pytest

from extraction.clause_split import split_at_clause_marks
from tests.extraction.snippets import spans_of


@pytest.mark.parametrize("text, piece, expected", [
    ("30名退休人员经费，开展活动76场次", ("INDICATOR", "退休人员经费，开展活动"), ["退休人员经费", "开展活动"]),
    ("学校2565人参加就业，已就业2529人", ("INDICATOR", "参加就业，已就业"), ["参加就业", "已就业"]),
    ("预算执行率： 100%", ("INDICATOR", "预算执行率： "), ["预算执行率"]),
    ("“困难职工因病致困专项帮扶资金”；“情暖职工春节活动经费”", ("PROJECT", "困难职工因病致困专项帮扶资金”；“情暖职工春节活动经费"),
     ["困难职工因病致困专项帮扶资金”", "“情暖职工春节活动经费"]),
    # a list of projects (004, GUIDELINES 15)
    ("劳模津贴、劳模春节慰问金按照规定范围规定标准", ("PROJECT", "劳模津贴、劳模春节慰问金"), ["劳模津贴", "劳模春节慰问金"]),
    ("提高产业工人整体素质和维权建设项目资金、专项会议费、困难职工因病致困专项帮扶资金",
     ("PROJECT", "提高产业工人整体素质和维权建设项目资金、专项会议费、困难职工因病致困专项帮扶资金"),
     ["提高产业工人整体素质和维权建设项目资金", "专项会议费", "困难职工因病致困专项帮扶资金"]),
    # left whole: 、 inside a project's quotes
    ("2.开展“树榜样、立标杆”行动。", ("PROJECT", "“树榜样、立标杆”行动"), ["“树榜样、立标杆”行动"]),
    # left whole: no clause mark (、 joins the items of one indicator)
    ("土地、房屋及构筑物账面净值886.667万元", ("INDICATOR", "土地、房屋及构筑物账面净值"), ["土地、房屋及构筑物账面净值"]),
])
def test_names_are_cut_at_clause_marks(text, piece, expected):
    parts = split_at_clause_marks(text, spans_of(text, piece, score=0.8, source="model"))
    assert [part.text for part in parts] == expected == [text[part.start:part.end] for part in parts]
    assert {(part.label, part.score, part.source) for part in parts} == {(piece[0], 0.8, "model")}


def test_values_and_clean_names_are_kept():
    text = "预算金额：30万元，执行率100%"
    spans = spans_of(text, ("INDICATOR", "预算金额"), ("AMOUNT", "30万元"), ("RATIO", "100%"))
    assert split_at_clause_marks(text, spans) == spans


def test_the_annotated_corpus_has_no_name_across_a_clause_mark():
    from annotations.tasks import load_corpus

    docs = load_corpus()
    assert all(split_at_clause_marks(doc.text, list(doc.spans)) == list(doc.spans) for doc in docs)
