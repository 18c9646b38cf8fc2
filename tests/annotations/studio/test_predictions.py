"""Predictions are validated before they are sent: Label Studio stores bad ones without a word."""
import pytest

from annotations.studio.connection import StudioError
from annotations.studio.predictions import RulesPredictor, build_prediction, load_predictor, prediction_problems
from extraction.document import Relation, Span

TEXT = "项目预算资金100万元，完成率98%。"


def test_prediction_carries_version_least_sure_score_and_region_scores():
    spans = [Span(4, 6, "INDICATOR", "资金", 0.61), Span(6, 11, "AMOUNT", "100万元", 0.97)]
    prediction = build_prediction(TEXT, spans, [Relation("HAS_VALUE", 0, 1, 0.7)], "m-1", "a.txt")
    assert prediction["model_version"] == "m-1" and prediction["score"] == 0.61
    assert [item.get("score") for item in prediction["result"]] == [0.61, 0.97, None]
    assert prediction["result"][2]["labels"] == ["HAS_VALUE"]


def test_prediction_without_spans_has_no_score():
    assert build_prediction(TEXT, [], [], "m-1", "a.txt") == {"model_version": "m-1", "score": None, "result": []}


@pytest.mark.parametrize("spans, relations, problem", [
    ([Span(6, 11, "MONEY", "100万元")], [], "span 6..11 '100万元': label 'MONEY' is not one of INDICATOR, PROJECT"),
    ([Span(5, 10, "AMOUNT", "100万元")], [], "span 5..10 '100万元': the text there is '金100万'"),
    ([Span(18, 23, "RATIO", "98%。x")], [], "span 18..23 '98%。x': ends after the text (19 characters)"),
    ([Span(6, 11, "AMOUNT", "100万元")] * 2, [], "region 'a6_11' predicted 2 times"),
    ([Span(6, 11, "AMOUNT", "100万元")], [Relation("HAS_VALUE", 0, 3)], "relation 0 → 3: no such span"),
    ([Span(6, 11, "AMOUNT", "100万元")], [Relation("IS", 0, 0)], "relation 0 → 0: type 'IS' is not one of"),
])
def test_bad_predictions_are_named(spans, relations, problem):
    problems = prediction_problems(TEXT, spans, relations)
    assert len(problems) == 1 and problems[0].startswith(problem)
    with pytest.raises(StudioError, match="a.txt: predictions of m-1 are invalid, nothing was sent"):
        build_prediction(TEXT, spans, relations, "m-1", "a.txt")


def test_rules_predictor_finds_values_only():
    spans, relations = RulesPredictor()(TEXT)
    assert [(span.text, span.label) for span in spans] == [("100万元", "AMOUNT"), ("98%", "RATIO")]
    assert relations == [] and RulesPredictor.version.startswith("reportie-rules")


def test_load_predictor_kinds(tmp_path):
    assert load_predictor("none") is None
    assert isinstance(load_predictor("rules"), RulesPredictor)
    with pytest.raises(StudioError, match="--predictions must be one of model, rules, none"):
        load_predictor("crf")
    with pytest.raises(Exception, match="not a reportie model folder"):
        load_predictor("model", tmp_path)
