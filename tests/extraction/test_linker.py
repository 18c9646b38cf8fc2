"""Records from spans and relations: the indicator and project of each value, its number parsed."""
import pytest

from extraction.document import Relation, Span
from extraction.linker import build_records, minus_before
from tests.extraction.snippets import spans_of


def test_a_value_takes_its_indicator_and_the_indicators_project():
    text = "“困难职工帮扶资金”项目预算金额 30 万元，其中 2 万元未用。"
    spans = spans_of(text, ("PROJECT", "困难职工帮扶资金"), ("INDICATOR", "预算金额"), ("AMOUNT", "30 万元"),
                     ("AMOUNT", "2 万元"))
    relations = [Relation("HAS_VALUE", 1, 2), Relation("BELONGS_TO", 1, 0), Relation("BELONGS_TO", 3, 0)]
    first, second = build_records(text, spans, relations)
    assert (first.value, first.indicator, first.project, first.quantity.number) == (2, 1, 0, 300000.0)
    assert (second.value, second.indicator, second.project) == (3, None, 0)  # a lone value keeps its own project


@pytest.mark.parametrize("text, value, label, hint, number", [
    ("“三公”经费变动率|-6.8|", "6.8", "RATIO", "%", -0.068),
    ("公用经费同比变动−3.2%", "3.2%", "RATIO", None, -0.032),
    ("支出增长 5%", "5%", "RATIO", None, 0.05),
    ("年龄 20-45 周岁", "45 周岁", "COUNT", None, 45.0),  # a range dash, not a sign
])
def test_a_minus_sign_before_the_span_makes_the_number_negative(text, value, label, hint, number):
    start = text.index(value)
    span = Span(start, start + len(value), label, value, unit_hint=hint)
    (record,) = build_records(text, [span], [])
    assert record.quantity.number == pytest.approx(number)
    assert minus_before(text, start) == (number < 0)


def test_a_minus_sign_before_a_range_is_not_guessed():
    text = "变动 -10%-20%"
    span = Span(text.index("10"), len(text), "RATIO", "10%-20%")
    (record,) = build_records(text, [span], [])
    assert record.quantity is None and "range" in record.parse_error
