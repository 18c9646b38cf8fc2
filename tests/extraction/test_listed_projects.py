"""Sub-projects listed with their count become PROJECTs. The first list is report 002's (the
annotations have each of its five items as a PROJECT); the others are written in the same form."""
import pytest

from extraction.listed_projects import _count, add_listed_projects, listed_projects
from tests.extraction.snippets import spans_of

REPORT_002 = ("项目分类属于其他特定目标类，为一级项目，包括提高产业工人整体素质和维权建设项目资金、专项会议费、"
              "困难职工因病致困专项帮扶资金和情暖职工春节活动经费和2024年江门市劳动模范和先进集体表彰项目5个二级项目。")

LISTS = [
    # 和 inside a name (整体素质和维权, 劳动模范和先进集体) is no separator; after 资金 / 经费 it is
    (REPORT_002, ["提高产业工人整体素质和维权建设项目资金", "专项会议费", "困难职工因病致困专项帮扶资金",
                  "情暖职工春节活动经费", "2024年江门市劳动模范和先进集体表彰项目"]),
    # the count first, then the list; quotes stay for trim_quotes
    ("本项目分为3个子项目：农村公路建设项目、危桥改造工程和“四好农村路”示范创建。",
     ["农村公路建设项目", "危桥改造工程", "“四好农村路”示范创建"]),
    ("共有三个项目，包括农村饮水安全工程、高标准农田建设项目、小型水库除险加固。",
     ["农村饮水安全工程", "高标准农田建设项目", "小型水库除险加固"]),
    # the count does not match the list: 等 leaves it open, or 和 joins two words of one name
    ("包括困难职工帮扶资金、劳模慰问金等5个项目。", []),
    ("包括农村公路建设、危桥改造和安保工程2个项目。", []),
    # a clause in the list is no list of names
    ("包括2个项目，其中农村公路建设完成投资1.2亿元。", []),
    ("包括农村公路建设，危桥改造2个项目。", []),
]


@pytest.mark.parametrize("text, names", LISTS)
def test_a_list_is_taken_when_its_count_matches(text, names):
    assert [text[start:end] for start, end in listed_projects(text)] == names


@pytest.mark.parametrize("numeral, count", [("5", 5), ("12", 12), ("三", 3), ("两", 2), ("十", 10), ("十二", 12),
                                            ("二十", 20), ("二十三", 23), ("十十", None), ("三四", None)])
def test_count(numeral, count):
    assert _count(numeral) == count


def test_listed_items_replace_the_names_the_model_gave_them():
    spans = spans_of(REPORT_002, ("INDICATOR", "专项会议费"), ("PROJECT", "情暖职工春节活动经费和2024年江门市劳动模范"),
                     ("COUNT", "5个"))
    added = add_listed_projects(REPORT_002, spans)
    assert [(span.label, span.text) for span in added] == [
        ("PROJECT", "提高产业工人整体素质和维权建设项目资金"), ("PROJECT", "专项会议费"),
        ("PROJECT", "困难职工因病致困专项帮扶资金"), ("PROJECT", "情暖职工春节活动经费"),
        ("PROJECT", "2024年江门市劳动模范和先进集体表彰项目"), ("COUNT", "5个")]


def test_an_item_holding_a_value_is_not_taken():
    text = "包括困难职工帮扶资金、2024年劳模慰问金2个项目。"
    spans = spans_of(text, ("AMOUNT", "2024年"))
    assert [(span.label, span.text) for span in add_listed_projects(text, spans)] == [
        ("PROJECT", "困难职工帮扶资金"), ("AMOUNT", "2024年")]
