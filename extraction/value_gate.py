"""Indicators the model is unsure of, kept only where a value is linked to them.

An indicator is the name of what a figure measures (guide rule 1); an indicator span the model
scores low and that no value takes (HAS_VALUE) is mostly a noun phrase of the narrative, while a
low-scored span that a value does take is mostly a real indicator the threshold would have lost.
So the span head also decodes INDICATOR candidates below its threshold (`SpanHead.floor`), the
relation head sees them with the other spans, and after linking every model INDICATOR scored under
the gate's upper bound that no value links to is dropped.

On the bench fold models of 2026-11-23j (held-out real reports, candidates from logit -0.5, kept
without a value from 0.85): INDICATOR F1 0.686 → 0.716, PROJECT 0.617 → 0.651 (unvalued
indicators no longer keep passing projects reported), HAS_VALUE 0.716 → 0.726, records 0.610 → 0.618.
"""
from __future__ import annotations

import math

from extraction.document import Relation, Span, overlaps_any, reindexed


def add_candidates(spans: list[Span], candidates: list[Span]) -> list[Span]:
    """The spans with the INDICATOR candidates that overlap none of them."""
    free = [span for span in candidates if span.label == "INDICATOR" and not overlaps_any(span, spans)]
    return sorted(spans + free, key=lambda span: (span.start, span.end)) if free else spans


def drop_unvalued_indicators(spans: list[Span], relations: list[Relation],
                             keep_from: float) -> tuple[list[Span], list[Relation]]:
    """The spans without the model's INDICATORs scored under logit `keep_from` that no value links
    to, the relations re-indexed to match (those of a dropped span go with it)."""
    valued = {rel.head for rel in relations if rel.type == "HAS_VALUE"}
    least = 0.5 * (1 + math.tanh(keep_from / 2))
    kept = [index for index, span in enumerate(spans)
            if index in valued or not (span.label == "INDICATOR" and span.source == "model" and span.score < least)]
    if len(kept) == len(spans):
        return spans, relations
    return [spans[index] for index in kept], reindexed(relations, {old: new for new, old in enumerate(kept)})
