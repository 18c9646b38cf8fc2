"""A count followed by the award it won: the award is the count's indicator (GUIDELINES 30).

`4个集体获“广东省五一劳动奖状”，14人获“广东省五一劳动奖章”`: no counted noun follows `14人`, so the award
is what it counts. The model often links such a count to the award of the item before it, or finds
only part of the quoted name (`劳动奖章`). After decoding, a COUNT written right before 获 / 获得 /
荣获 / 获评 and a quoted name takes that name, whole, as its only INDICATOR; an INDICATOR inside the
quotes is widened to them and keeps its links, and a new one takes the project the old indicator had.

In the corpus all 6 such counts are annotated this way.
"""
from __future__ import annotations

import re

from extraction.document import Relation, Span, in_text_order, reindexed

_AWARD_AFTER = re.compile(r"(?:获得|荣获|获评|获)“([^“”\n]{2,40})”")


def award_counts(text: str, spans: list[Span], relations: list[Relation]) -> tuple[list[Span], list[Relation]]:
    """The spans and relations with every award count linked to its award as the module says."""
    for value in [span for span in spans if span.label == "COUNT"]:
        award = _AWARD_AFTER.match(text, value.end)
        if award:
            spans, relations = _linked(text, spans, relations, spans.index(value), award.start(1), award.end(1))
    return spans, relations


def _linked(text: str, spans: list[Span], relations: list[Relation], count: int, start: int,
            end: int) -> tuple[list[Span], list[Relation]]:
    inside = [index for index, span in enumerate(spans) if span.start < end and start < span.end]
    if any(spans[index].label != "INDICATOR" or not start <= spans[index].start <= spans[index].end <= end
           for index in inside) or len(inside) > 1:
        return spans, relations  # another kind of span there, or several: the model's reading stays
    old = [rel.head for rel in relations if rel.type == "HAS_VALUE" and rel.tail == count]
    project = [rel for rel in relations if rel.type == "BELONGS_TO" and rel.head in old]
    spans = list(spans)
    if inside:
        award = inside[0]
        spans[award] = Span(start, end, "INDICATOR", text[start:end], spans[award].score, spans[award].source)
    else:
        award = len(spans)
        spans.append(Span(start, end, "INDICATOR", text[start:end], 0.5, "rules"))
    relations = [rel for rel in relations if not (rel.type == "HAS_VALUE" and rel.tail == count)]
    relations.append(Relation("HAS_VALUE", award, count, 0.5))
    if project and not any(rel.type == "BELONGS_TO" and rel.head == award for rel in relations):
        relations.append(Relation("BELONGS_TO", award, project[0].tail, project[0].score))
    ordered, new_index = in_text_order(spans)
    return ordered, sorted(reindexed(relations, new_index), key=lambda rel: (rel.type, rel.head, rel.tail))
