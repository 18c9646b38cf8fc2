import pytest

from annotations.tasks import CorpusDoc
from extraction.document import Relation, Span
from training.evaluate import (char_bio, entity_scores, evaluate, record_scores, relation_scores,
                               summarize_folds, worst_errors)

TEXT = "“困难职工因病致困专项帮扶资金”项目预算金额 30 万元，对80 户帮扶对象实施帮扶救助。"


def _span(text, label, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Span(start, start + len(text), label, text, source="gold")


PROJECT = _span("困难职工因病致困专项帮扶资金", "PROJECT")
BUDGET = _span("预算金额", "INDICATOR")
AMOUNT = _span("30 万元", "AMOUNT")
COUNT = _span("80 户", "COUNT")
TARGETS = _span("帮扶对象", "INDICATOR")
GOLD_SPANS = [PROJECT, BUDGET, AMOUNT, COUNT, TARGETS]
GOLD_RELATIONS = [Relation("HAS_VALUE", 1, 2), Relation("HAS_VALUE", 4, 3),
                  Relation("BELONGS_TO", 1, 0), Relation("BELONGS_TO", 4, 0)]
GOLD = CorpusDoc("r1", TEXT, GOLD_SPANS, GOLD_RELATIONS)


def test_char_bio():
    assert char_bio(6, [Span(1, 3, "COUNT", "80"), Span(4, 5, "RATIO", "%")]) == [
        "O", "B-COUNT", "I-COUNT", "O", "B-RATIO", "O"]


def test_perfect_prediction_scores_one_everywhere():
    metrics = evaluate([GOLD], [(GOLD_SPANS, GOLD_RELATIONS)])
    assert metrics["entities"]["ALL"]["f"] == 1.0
    assert metrics["relations"]["ALL"]["f"] == 1.0
    assert metrics["records"] == {"accuracy": 1.0, "precision": 1.0, "f": 1.0, "correct": 2, "gold": 2, "predicted": 2}


def test_a_boundary_error_costs_precision_and_recall_of_its_label_only():
    wrong = Span(AMOUNT.start, AMOUNT.end - 1, "AMOUNT", TEXT[AMOUNT.start:AMOUNT.end - 1])
    scores = entity_scores([GOLD], [([PROJECT, BUDGET, wrong, COUNT, TARGETS], [])])
    assert scores["AMOUNT"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "pred": 1, "gold": 1}
    assert scores["COUNT"]["f"] == 1.0
    assert scores["VALUES"]["tp"] == 1 and scores["VALUES"]["gold"] == 2
    assert scores["ALL"]["tp"] == 4 and scores["ALL"]["pred"] == 5


def test_spurious_spans_count_as_predictions():
    extra = _span("项目", "PROJECT")
    scores = entity_scores([GOLD], [(GOLD_SPANS + [extra], [])])
    assert scores["PROJECT"]["pred"] == 2 and scores["PROJECT"]["p"] == 0.5


def test_relation_needs_both_spans_exact():
    predicted = [PROJECT, BUDGET, AMOUNT, COUNT, TARGETS]
    scores = relation_scores([GOLD], [(predicted, [Relation("HAS_VALUE", 1, 2), Relation("HAS_VALUE", 1, 3)])])
    assert scores["HAS_VALUE"]["tp"] == 1 and scores["HAS_VALUE"]["pred"] == 2
    assert scores["BELONGS_TO"]["r"] == 0.0


def test_record_is_right_only_when_value_indicator_and_project_all_match():
    no_project = [Relation("HAS_VALUE", 1, 2), Relation("HAS_VALUE", 4, 3), Relation("BELONGS_TO", 1, 0)]
    records = record_scores([GOLD], [(GOLD_SPANS, no_project)])
    assert records["correct"] == 1 and records["gold"] == 2
    errors = worst_errors([GOLD], [(GOLD_SPANS, no_project)])
    assert errors == [{"kind": "wrong record", "document": "r1", "label": "COUNT", "text": "80 户",
                       "context": "项帮扶资金”项目预算金额 30 万元，对【80 户】帮扶对象实施帮扶救助。",
                       "gold": "indicator=帮扶对象 project=困难职工因病致困专项帮扶资金",
                       "predicted": "indicator=帮扶对象 project=—"}]


def test_fold_summary_mean_and_spread():
    perfect = evaluate([GOLD], [(GOLD_SPANS, GOLD_RELATIONS)])
    empty = evaluate([GOLD], [([], [])])
    summary = summarize_folds([perfect, empty])
    assert summary["record_accuracy"] == {"mean": 0.5, "spread": 0.5, "folds": [1.0, 0.0]}
    assert summary["entity_PROJECT"]["mean"] == pytest.approx(0.5)
