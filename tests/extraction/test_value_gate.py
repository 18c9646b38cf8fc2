"""Indicators the model is unsure of are kept only where a value links to them (extraction/value_gate.py);
snippets from the corpus."""
import pytest

from extraction.document import Relation, Span
from extraction.value_gate import add_candidates, drop_unvalued_indicators
from tests.extraction.snippets import spans_of

# 003: the tweets are counted; 工作动态 is narrative
TWEETS = "及时发布工作动态，截至2024年12月，“廉江工会”公众号共发布推文202篇，积极宣传工会工作。"


def _model(span: Span, score: float) -> Span:
    return Span(span.start, span.end, span.label, span.text, score, "model")


def test_candidates_join_where_they_overlap_nothing():
    spans = spans_of(TWEETS, ("PROJECT", "“廉江工会”公众号"), ("COUNT", "202篇"))
    candidates = [_model(span, 0.42) for span in spans_of(
        TWEETS, ("INDICATOR", "工作动态"), ("INDICATOR", "廉江工会"), ("INDICATOR", "发布推文"))]
    joined = add_candidates(spans, candidates)
    assert [(span.label, span.text) for span in joined] == [
        ("INDICATOR", "工作动态"), ("PROJECT", "“廉江工会”公众号"), ("INDICATOR", "发布推文"), ("COUNT", "202篇")]
    assert add_candidates(spans, []) is spans


@pytest.mark.parametrize("score, source, linked, kept", [
    (0.42, "model", False, False),  # a candidate no value takes
    (0.62, "model", False, False),  # over the threshold, under the gate
    (0.42, "model", True, True),    # a candidate a value takes
    (0.75, "model", False, True),   # sure enough on its own (a table header, a list of indicators)
    (0.5, "rules", False, True),    # not the model's
])
def test_an_indicator_under_the_gate_needs_a_value(score, source, linked, kept):
    named = spans_of(TWEETS, ("INDICATOR", "工作动态"), ("INDICATOR", "发布推文"), ("COUNT", "202篇"))
    first = Span(named[0].start, named[0].end, "INDICATOR", "工作动态", score, source)
    spans = [first, _model(named[1], 0.9), named[2]]
    relations = [Relation("HAS_VALUE", 1, 2, 0.9)] + ([Relation("HAS_VALUE", 0, 2, 0.6)] if linked else [])
    gated, links = drop_unvalued_indicators(spans, relations, keep_from=0.85)  # logit 0.85: probability 0.70
    assert (first in gated) is kept
    assert [(gated[rel.head].text, gated[rel.tail].text) for rel in links] == [("发布推文", "202篇")] + (
        [("工作动态", "202篇")] if linked else [])


def test_links_of_a_dropped_indicator_go_with_it():
    text = "“庆五一暨劳模座谈会专项会议费”项目安排预算金额7.65万元。"
    spans = spans_of(text, ("PROJECT", "庆五一暨劳模座谈会专项会议费"), ("INDICATOR", "项目安排"),
                     ("INDICATOR", "预算金额"), ("AMOUNT", "7.65万元"))
    spans[1], spans[2] = _model(spans[1], 0.45), _model(spans[2], 0.45)
    relations = [Relation("BELONGS_TO", 1, 0), Relation("BELONGS_TO", 2, 0), Relation("HAS_VALUE", 2, 3)]
    gated, links = drop_unvalued_indicators(spans, relations, keep_from=0.85)
    assert [span.text for span in gated] == ["庆五一暨劳模座谈会专项会议费", "预算金额", "7.65万元"]
    assert links == [Relation("BELONGS_TO", 1, 0), Relation("HAS_VALUE", 1, 2)]
