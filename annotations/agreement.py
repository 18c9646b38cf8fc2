"""Inter-annotator agreement between two passes over the same text, and their disagreements."""
from __future__ import annotations

from extraction.document import VALUE_LABELS, Relation, Span
from extraction.scorer import relation_items, score_items, span_items

GROUPS = {
    "values": set(VALUE_LABELS),
    "INDICATOR": {"INDICATOR"},
    "PROJECT": {"PROJECT"},
}


def agreement_items(name: str, spans: list[Span], relations: list[Relation]) -> list[tuple[str, tuple]]:
    """Items compared between passes: value spans (label included), name spans, relation pairs."""
    items = [("values", (label, key)) for label, key in span_items(name, spans, VALUE_LABELS)]
    items += span_items(name, spans, ("INDICATOR", "PROJECT"))
    items += relation_items(name, spans, relations)
    return items


def agreement(first: list[tuple[str, tuple]], second: list[tuple[str, tuple]]) -> dict[str, dict]:
    """Pairwise F1 per category, taking the first pass as reference (F1 is symmetric)."""
    return score_items(first, second)


def disagreements(first: list[tuple[str, tuple]], second: list[tuple[str, tuple]]) -> list[tuple[str, str, tuple]]:
    """Items only one pass has, as (category, 'first'|'second', key), in text order."""
    only_first = set(first) - set(second)
    only_second = set(second) - set(first)
    rows = [(cat, "first", key) for cat, key in only_first] + [(cat, "second", key) for cat, key in only_second]
    return sorted(rows, key=lambda row: (_start(row[2]), row[0]))


def _start(key: tuple) -> int:
    """The first character offset in an item key (keys nest the document name and offsets)."""
    for part in key:
        if isinstance(part, int):
            return part
        if isinstance(part, tuple):
            return _start(part)
    return 0
