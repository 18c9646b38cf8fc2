"""Spans ↔ Label Studio result items: UTF-16 offsets out, code points and head → tail relations back."""
import pytest

from annotations.studio.results import code_point_result, studio_result
from extraction.document import Relation, Span

TEXT = "𠮷林省预算资金100万元，受益群众😀3000人。"
SPANS = [Span(3, 7, "INDICATOR", "预算资金", 0.8), Span(7, 12, "AMOUNT", "100万元", 0.97),
         Span(18, 23, "COUNT", "3000人", 0.9)]
RELATIONS = [Relation("HAS_VALUE", 0, 1)]


def test_studio_result_counts_utf16_units_and_keeps_text_labels_scores():
    result = studio_result(TEXT, SPANS, RELATIONS, scores=True)
    regions = [(item["id"], item["value"]["start"], item["value"]["end"], item["value"]["text"],
                item["value"]["labels"], item["score"]) for item in result if item["type"] == "labels"]
    assert regions == [("i3_7", 4, 8, "预算资金", ["INDICATOR"], 0.8), ("a7_12", 8, 13, "100万元", ["AMOUNT"], 0.97),
                       ("c18_23", 20, 25, "3000人", ["COUNT"], 0.9)]
    assert result[-1] == {"from_id": "i3_7", "to_id": "a7_12", "type": "relation", "direction": "right",
                          "labels": ["HAS_VALUE"]}
    assert all(item["from_name"] == "label" and item["to_name"] == "text" for item in result[:3])


def test_a_javascript_slice_at_the_utf16_offsets_gives_the_region_text():
    encoded = TEXT.encode("utf-16-le")
    for item in studio_result(TEXT, SPANS, RELATIONS):
        if item["type"] == "labels":
            value = item["value"]
            assert encoded[2 * value["start"]:2 * value["end"]].decode("utf-16-le") == value["text"]


def test_annotations_have_no_scores():
    assert all("score" not in item for item in studio_result(TEXT, SPANS, RELATIONS))


def test_code_point_result_inverts_studio_result():
    converted, problems = code_point_result(TEXT, studio_result(TEXT, SPANS, RELATIONS))
    assert problems == []
    assert [(item["value"]["start"], item["value"]["end"]) for item in converted[:3]] == [(3, 7), (7, 12), (18, 23)]


def _region(rid, start, end, text, label="AMOUNT"):
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


@pytest.mark.parametrize("direction, expected_from, expected_to", [("right", "i", "a"), ("left", "a", "i")])
def test_a_relation_drawn_leftwards_is_turned_head_to_tail(direction, expected_from, expected_to):
    relation = {"from_id": "i", "to_id": "a", "type": "relation", "direction": direction, "labels": ["HAS_VALUE"]}
    converted, problems = code_point_result(TEXT, [relation])
    assert problems == [] and converted[0]["from_id"] == expected_from and converted[0]["to_id"] == expected_to
    assert converted[0]["direction"] == "right"


@pytest.mark.parametrize("item, problem", [
    ({"from_id": "i", "to_id": "a", "type": "relation", "direction": "bi", "labels": ["HAS_VALUE"]},
     "relation 'i' ↔ 'a': direction 'bi' is ambiguous"),
    (_region("c1", 19, 25, "3000人", "COUNT"), "region 'c1': UTF-16 offset 19 splits the character '😀'"),
    (_region("a1", 8, 40, "100万元"), "region 'a1': UTF-16 offset 40 is outside 0..26"),
])
def test_unconvertible_items_are_problems(item, problem):
    _, problems = code_point_result(TEXT, [item])
    assert len(problems) == 1 and problems[0].startswith(problem)


def test_items_of_other_types_are_kept_for_the_validator():
    choice = {"id": "x", "type": "choices", "value": {"choices": ["ok"]}}
    assert code_point_result(TEXT, [choice]) == ([choice], [])
