"""An indicator written right before its own value does not also take the value before it.

Reports list measures as name-then-figure: `召开党员大会6次、支委会16次`, `其中市直7户，蓬江区6户，江海区0户`.
The relation head sometimes links a figure to the name that follows it (`6次` → `支委会`) when that
name is already directly followed by a figure of its own (`支委会16次`). Such a backward link is
dropped; the value keeps the project its indicator had, and `orphan_indicators` can then name it
from the text before it. A name followed by a separator before the next figure is left alone: in
`召开6次党员大会、16次支委会` each count comes first and names what follows (guide rule 2).
"""
from __future__ import annotations

from extraction.document import Relation, Span
from extraction.orphan_indicators import LINK_WORDS


def drop_crossed_links(text: str, spans: list[Span], relations: list[Relation]) -> list[Relation]:
    """`relations` without the HAS_VALUE links from an indicator to a value before it, where that
    indicator also has a value written right after it; the value takes the indicator's project."""
    has_value = [rel for rel in relations if rel.type == "HAS_VALUE"]
    owns_next = {rel.head for rel in has_value if _right_after(text, spans[rel.head], spans[rel.tail])}
    crossed = [rel for rel in has_value if rel.head in owns_next and spans[rel.head].start >= spans[rel.tail].end]
    if not crossed:
        return relations
    belongs_to = {rel.head: rel for rel in relations if rel.type == "BELONGS_TO"}
    kept = [rel for rel in relations if rel not in crossed]
    carried = [Relation("BELONGS_TO", rel.tail, belongs_to[rel.head].tail, belongs_to[rel.head].score)
               for rel in crossed if rel.head in belongs_to and rel.tail not in belongs_to]
    return sorted(kept + carried, key=lambda rel: (rel.type, rel.head, rel.tail))


def _right_after(text: str, indicator: Span, value: Span) -> bool:
    """`value` follows `indicator` with at most blanks and linking words (为, 达到, 共计 …) between."""
    gap = text[indicator.end:value.start].strip()
    return value.start >= indicator.end and (not gap or LINK_WORDS.fullmatch(gap) is not None)
