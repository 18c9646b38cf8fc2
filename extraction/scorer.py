"""Exact-match scores as plain dicts of precision, recall and F1 (spaCy-style)."""
from __future__ import annotations

from collections import defaultdict
from typing import Hashable, Iterable


def prf(true_positives: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f": f1, "tp": true_positives, "pred": predicted, "gold": gold}


def score_items(gold: Iterable[tuple[str, Hashable]], predicted: Iterable[tuple[str, Hashable]]) -> dict[str, dict]:
    """P/R/F per category and micro-averaged ("ALL") over (category, key) items matched exactly."""
    gold_by = defaultdict(set)
    pred_by = defaultdict(set)
    for category, key in gold:
        gold_by[category].add(key)
    for category, key in predicted:
        pred_by[category].add(key)
    scores = {}
    totals = [0, 0, 0]
    for category in sorted(set(gold_by) | set(pred_by)):
        hits = len(gold_by[category] & pred_by[category])
        scores[category] = prf(hits, len(pred_by[category]), len(gold_by[category]))
        totals = [totals[0] + hits, totals[1] + len(pred_by[category]), totals[2] + len(gold_by[category])]
    scores["ALL"] = prf(*totals)
    return scores


def span_items(doc_name: str, spans, labels: Iterable[str] | None = None) -> list[tuple[str, tuple]]:
    """(label, (doc, start, end)) items for the spans whose label is in `labels` (all when None)."""
    wanted = set(labels) if labels is not None else None
    return [(span.label, (doc_name, span.start, span.end)) for span in spans
            if wanted is None or span.label in wanted]


def relation_items(doc_name: str, spans, relations) -> list[tuple[str, tuple]]:
    """(type, (doc, head span, tail span)) items: a relation counts only when both spans are exact."""
    return [
        (rel.type, (doc_name, spans[rel.head].start, spans[rel.head].end, spans[rel.tail].start, spans[rel.tail].end))
        for rel in relations
    ]
