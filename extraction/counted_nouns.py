"""A count written right before a noun counts that noun (guide rule 2, example 6).

`下设6个县（区）分局和2个直属事业单位`: the relation head sometimes gives `2个` to the name before it.
In the annotated corpus every COUNT followed by an INDICATOR, directly or after blanks on the same
line (832 of 832), is a value of that indicator. After decoding, such a count's HAS_VALUE comes from
the indicator after it, whatever the head linked; a BELONGS_TO of the count itself goes to the
indicator where that has none.
"""
from __future__ import annotations

import re

from extraction.document import Relation, Span

# spaces only: a line break ends a table row (`…|得分|63\n质量指标|…`), and its count with it
_BLANKS = re.compile(r"[ \t\u3000]*")


def link_counted_nouns(text: str, spans: list[Span], relations: list[Relation]) -> list[Relation]:
    """`relations` with every count that an INDICATOR follows directly measured by that indicator."""
    order = sorted(range(len(spans)), key=lambda index: (spans[index].start, spans[index].end))
    noun_of = {count: noun for count, noun in zip(order, order[1:])
               if spans[count].label == "COUNT" and spans[noun].label == "INDICATOR"
               and _BLANKS.fullmatch(text, spans[count].end, spans[noun].start)}
    current = {(rel.head, rel.tail) for rel in relations if rel.type == "HAS_VALUE"}
    wrong = {count for count, noun in noun_of.items() if (noun, count) not in current}
    if not wrong:
        return relations
    project_of = {rel.head: rel for rel in relations if rel.type == "BELONGS_TO"}
    kept = [rel for rel in relations if not (rel.type == "HAS_VALUE" and rel.tail in wrong)
            and not (rel.type == "BELONGS_TO" and rel.head in wrong)]
    kept += [Relation("HAS_VALUE", noun_of[count], count, 0.5) for count in wrong]
    carried = {}
    for count in sorted(wrong):
        noun = noun_of[count]
        if count in project_of and noun not in project_of and noun not in carried:
            carried[noun] = Relation("BELONGS_TO", noun, project_of[count].tail, project_of[count].score)
    return sorted(kept + list(carried.values()), key=lambda rel: (rel.type, rel.head, rel.tail))
