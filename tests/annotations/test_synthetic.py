import pytest

from annotations.markup import parse_markup
from annotations.synthetic import damage, passage_doc

PASSAGE = (
    "2023年，县教育局“⟦学生营养改善计划|P⟧”⟦年初预算|I^⟧⟦1,250.00万元|A<⟧，⟦执行率|I^⟧⟦98.6%|R<⟧。"
    "惠及⟦12,300名|C>⟧⟦在校学生|I^⟧，覆盖农村学校⟦45所|C^⟧。\n"
    "指标名称 | 年度预算数（万元） | 执行数（万元）\n⟦营养餐补助|I^⟧ | ⟦800|A<⟧ | ⟦790.5|A<⟧\n"
) * 4


@pytest.mark.parametrize("seed", range(12))
def test_damage_then_normalise_keeps_every_span(seed):
    doc, raw = passage_doc("p", PASSAGE, {"department": "县教育局"}, damaged=True, seed=seed)
    assert raw != doc.text and "\n\n" in raw
    _, clean_spans, _ = parse_markup(PASSAGE)
    assert len(doc.spans) == len(clean_spans)
    for span, clean in zip(doc.spans, clean_spans):
        assert doc.text[span.start:span.end] == span.text
        assert "".join(span.text.split()) == clean.text and span.label == clean.label
    assert len(doc.relations) == 4 * 10  # per copy: 5 HAS_VALUE, 5 BELONGS_TO
    assert doc.data["synthetic"] is True and doc.data["damaged"] is True


def test_damage_positions_point_at_the_same_characters():
    clean = "预算执行率 98.6%，培训 1,200 人次。\n表 | 1 | 2\n" * 10
    raw, positions = damage(clean, seed=3)
    assert all(raw[position] == char for position, char in zip(positions, clean))
    assert "表 | 1 | 2" in raw
