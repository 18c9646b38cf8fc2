"""Name spans (INDICATOR, PROJECT) split where a clause mark runs through them.

No name in the annotated corpus holds ，；。：！？ (or their ASCII forms): a model span across one
is two names run together (`退休人员经费，开展活动` before `76场次`, `参加就业，已就业`). Each part
becomes a span of its own, without the blanks at its edges; the mark stays outside.

A PROJECT is also cut at 、 outside quotes: no project name of the corpus holds one except inside
its quotes (`“树榜样、立标杆”行动`), and a model span across one is a list of projects
(`劳模津贴、劳模春节慰问金`, GUIDELINES 15).
"""
from __future__ import annotations

import re

from extraction.document import NAME_LABELS, Span
from extraction.quote_trim import QUOTE_PAIRS

_CLAUSE_MARK = re.compile(r"[，,；;。：:！!？?]+")
_LIST_MARK = re.compile(r"、+")
# straight quotes open and close alike: no depth to count
_DEPTH = {**{opener: 1 for opener, closer in QUOTE_PAIRS.items() if opener != closer},
          **{closer: -1 for opener, closer in QUOTE_PAIRS.items() if opener != closer}}


def split_at_clause_marks(text: str, spans: list[Span]) -> list[Span]:
    """The spans with every name span that holds a clause mark cut into its parts."""
    result = []
    for span in spans:
        marks = _marks(span) if span.label in NAME_LABELS else []
        result += _parts(text, span, marks) if marks else [span]
    return result


def _marks(span: Span) -> list[tuple[int, int]]:
    """(start, end) of the marks to cut `span` at, in order, relative to the span."""
    marks = [match.span() for match in _CLAUSE_MARK.finditer(span.text)]
    if span.label == "PROJECT":
        marks += [match.span() for match in _LIST_MARK.finditer(span.text) if not _quoted(span.text, match.start())]
    return sorted(marks)


def _quoted(name: str, offset: int) -> bool:
    return sum(_DEPTH.get(char, 0) for char in name[:offset]) > 0


def _parts(text: str, span: Span, marks: list[tuple[int, int]]) -> list[Span]:
    parts, first = [], 0
    for mark_start, mark_end in [*marks, (len(span.text), len(span.text))]:
        chunk = span.text[first:mark_start]
        start = span.start + first + len(chunk) - len(chunk.lstrip())
        end = span.start + mark_start - (len(chunk) - len(chunk.rstrip()))
        if start < end:
            parts.append(Span(start, end, span.label, text[start:end], span.score, span.source, span.unit_hint))
        first = mark_end
    return parts
