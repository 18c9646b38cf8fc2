"""Every system scored the same way on a held-out report: strict spans, relations, records.

A figure a system cannot produce (INDICATOR for the rules, HAS_VALUE for a tagger without
relations) is None, shown as "—": never a zero that would read as a failure.
"""
from __future__ import annotations

import statistics

from annotations.tasks import CorpusDoc
from extraction.document import LABELS, RELATION_TYPES, VALUE_LABELS
from extraction.scorer import relation_items, score_items, span_items

ENTITY_COLUMNS = (*LABELS, "VALUES", "ALL")


def score_fold(gold: CorpusDoc, prediction, labels: tuple[str, ...], produces_relations: bool) -> dict:
    """F1 (and P/R counts) per label, micro over the value labels and over all labels, relations, records."""
    spans, relations = prediction
    scores = score_items(span_items(gold.name, gold.spans), span_items(gold.name, spans))
    values = score_items(span_items(gold.name, gold.spans, VALUE_LABELS), span_items(gold.name, spans, VALUE_LABELS))
    entities = {label: scores.get(label, _empty()) if label in labels else None for label in LABELS}
    entities["VALUES"] = values["ALL"] if set(VALUE_LABELS) <= set(labels) else None
    entities["ALL"] = scores["ALL"] if set(LABELS) <= set(labels) else None
    found = {"entities": entities, "relations": {kind: None for kind in RELATION_TYPES}, "record_accuracy": None}
    if produces_relations:
        linked = score_items(relation_items(gold.name, gold.spans, gold.relations), relation_items(gold.name, spans, relations))
        found["relations"] = {kind: linked.get(kind, _empty()) for kind in RELATION_TYPES}
        found["record_accuracy"] = score_records(gold, prediction)["accuracy"]
    return found


def score_records(gold: CorpusDoc, prediction) -> dict:
    """Record accuracy as the model's own evaluation computes it (`training.evaluate.record_scores`)."""
    from training.evaluate import record_scores

    return record_scores([gold], [prediction])


def _empty() -> dict:
    return {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "pred": 0, "gold": 0}


def headline(fold_scores: dict) -> dict[str, float | None]:
    """The figures the tables show, from one fold's scores: F1s and record accuracy."""
    figures = {label: _f(fold_scores["entities"][label]) for label in ENTITY_COLUMNS}
    figures.update({kind: _f(fold_scores["relations"][kind]) for kind in RELATION_TYPES})
    figures["record_accuracy"] = fold_scores["record_accuracy"]
    return figures


def _f(score: dict | None) -> float | None:
    return None if score is None else score["f"]


def summarize(per_fold: list[dict]) -> dict[str, dict | None]:
    """Mean and spread (population standard deviation) over folds of every headline figure."""
    figures = [headline(scores) for scores in per_fold]
    summary = {}
    for name in figures[0]:
        values = [fold[name] for fold in figures]
        summary[name] = None if None in values else {
            "mean": statistics.fmean(values), "spread": statistics.pstdev(values), "folds": values}
    return summary
