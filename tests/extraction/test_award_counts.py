"""A count right before the award it won takes the quoted award as its indicator (GUIDELINES 30);
snippets from report 002."""
from extraction.award_counts import award_counts
from extraction.document import Relation
from tests.extraction.snippets import spans_of

AWARDS = "4个集体获“广东省五一劳动奖状”，14人获“广东省五一劳动奖章”，6个集体获"


def _links(spans, relations):
    return sorted((rel.type, spans[rel.head].text, spans[rel.tail].text) for rel in relations)


def test_a_count_linked_to_the_award_before_it_takes_its_own():
    spans = spans_of(AWARDS, ("COUNT", "4个"), ("INDICATOR", "集体"), ("INDICATOR", "劳动奖状"), ("COUNT", "14人"),
                     source="model")
    relations = [Relation("HAS_VALUE", 1, 0), Relation("HAS_VALUE", 2, 3)]
    new_spans, new_relations = award_counts(AWARDS, spans, relations)
    assert [span.text for span in new_spans] == ["4个", "集体", "劳动奖状", "14人", "广东省五一劳动奖章"]
    assert _links(new_spans, new_relations) == [("HAS_VALUE", "广东省五一劳动奖章", "14人"), ("HAS_VALUE", "集体", "4个")]


def test_a_piece_of_the_award_is_widened_and_keeps_its_project():
    text = AWARDS + "。“树榜样、立标杆”行动"
    spans = spans_of(text, ("COUNT", "14人"), ("INDICATOR", "劳动奖章"), ("PROJECT", "树榜样、立标杆"), source="model")
    relations = [Relation("HAS_VALUE", 1, 0), Relation("BELONGS_TO", 1, 2)]
    new_spans, new_relations = award_counts(text, spans, relations)
    assert [span.text for span in new_spans] == ["14人", "广东省五一劳动奖章", "树榜样、立标杆"]
    assert _links(new_spans, new_relations) == [("BELONGS_TO", "广东省五一劳动奖章", "树榜样、立标杆"),
                                                ("HAS_VALUE", "广东省五一劳动奖章", "14人")]


def test_a_new_award_indicator_takes_the_project_of_the_old_one():
    text = "“树榜样、立标杆”行动：" + AWARDS
    spans = spans_of(text, ("PROJECT", "树榜样、立标杆"), ("INDICATOR", "劳动奖状"), ("COUNT", "14人"), source="model")
    relations = [Relation("HAS_VALUE", 1, 2), Relation("BELONGS_TO", 1, 0)]
    new_spans, new_relations = award_counts(text, spans, relations)
    assert _links(new_spans, new_relations) == [
        ("BELONGS_TO", "劳动奖状", "树榜样、立标杆"), ("BELONGS_TO", "广东省五一劳动奖章", "树榜样、立标杆"),
        ("HAS_VALUE", "广东省五一劳动奖章", "14人")]


def test_left_alone_without_a_quoted_award_or_with_another_span_in_it():
    text = "2家企业获得省赛三等奖；1人获“全国五一劳动奖章”"
    spans = spans_of(text, ("COUNT", "2家"), ("INDICATOR", "企业"), ("COUNT", "1人"), ("PROJECT", "全国五一劳动奖章"))
    relations = [Relation("HAS_VALUE", 1, 0)]
    assert award_counts(text, spans, relations) == (spans, relations)
