import pytest

from annotations.markup import MarkupError, parse_markup, render_markup

GUIDE_EXAMPLE_1 = "2021年⟦预算总额|I#b⟧⟦1318.10万元|A<b⟧，其中⟦基本支出预算|I#c⟧⟦1001.08万元|A<⟧，占支出预算⟦75.95%|R<c⟧"


def test_guide_example_1_spans_and_links():
    text, spans, relations = parse_markup(GUIDE_EXAMPLE_1)
    assert text == "2021年预算总额1318.10万元，其中基本支出预算1001.08万元，占支出预算75.95%"
    assert [(s.label, s.text) for s in spans] == [
        ("INDICATOR", "预算总额"), ("AMOUNT", "1318.10万元"), ("INDICATOR", "基本支出预算"),
        ("AMOUNT", "1001.08万元"), ("RATIO", "75.95%"),
    ]
    assert all(text[s.start:s.end] == s.text for s in spans)
    pairs = {(spans[r.head].text, spans[r.tail].text, r.type) for r in relations}
    assert pairs == {
        ("预算总额", "1318.10万元", "HAS_VALUE"),
        ("基本支出预算", "1001.08万元", "HAS_VALUE"),
        ("基本支出预算", "75.95%", "HAS_VALUE"),
    }


@pytest.mark.parametrize("markup, expected", [
    # value before its counted noun: '>' links to the next indicator in the sentence
    ("对⟦80 户|C>⟧⟦帮扶对象|I⟧实施帮扶救助", {("帮扶对象", "80 户", "HAS_VALUE")}),
    # bare '^' links to the nearest project before it, across sentences
    ("“⟦困难职工因病致困专项帮扶资金|P⟧”项目。⟦预算金额|I^⟧ ⟦30 万元|A<⟧",
     {("预算金额", "困难职工因病致困专项帮扶资金", "BELONGS_TO"), ("预算金额", "30 万元", "HAS_VALUE")}),
    # a lone value belongs to a project directly
    ("⟦情暖职工春节活动经费|P⟧ ⟦12.5万元|A^⟧", {("12.5万元", "情暖职工春节活动经费", "BELONGS_TO")}),
])
def test_links(markup, expected):
    _, spans, relations = parse_markup(markup)
    assert {(spans[r.head].text, spans[r.tail].text, r.type) for r in relations} == expected


@pytest.mark.parametrize("markup, message", [
    ("⟦预算总额|I⟧⟦1318.10万元|A", "unclosed"),
    ("预算总额⟧", "stray"),
    ("⟦预算总额⟧", "no |TAG"),
    ("⟦预算总额|X⟧", "unknown label"),
    ("⟦ 预算总额|I⟧", "outer spaces"),
    ("⟦⟦预算|I⟧总额|I⟧", "nested"),
    ("⟦1318.10万元|A<⟧", "not found"),
    ("⟦预算总额|I⟧。⟦1318.10万元|A<⟧", "not found"),  # '<' never crosses a sentence end
    ("⟦预算总额|I#a⟧⟦执行数|I#a⟧", "used twice"),
    ("⟦预算总额|I<⟧", "only values"),
    ("⟦工会|P#p⟧⟦30万元|A<p⟧", "not a INDICATOR"),
])
def test_errors_name_the_problem(markup, message):
    with pytest.raises(MarkupError, match=message):
        parse_markup(markup)


def test_render_then_parse_round_trips():
    text, spans, relations = parse_markup(GUIDE_EXAMPLE_1 + "。“⟦工会事业专项补助|P⟧”⟦预算金额|I^⟧⟦236.98 万元|A<⟧")
    again = parse_markup(render_markup(text, spans, relations))
    assert again[0] == text
    assert [(s.start, s.end, s.label) for s in again[1]] == [(s.start, s.end, s.label) for s in spans]
    assert set(again[2]) == set(relations)
