"""Name spans (INDICATOR, PROJECT) split where a clause mark runs through them.

No name in the annotated corpus holds ，；。：！？ (or their ASCII forms): a model span across one
is two names run together (`退休人员经费，开展活动` before `76场次`, `参加就业，已就业`). Each part
becomes a span of its own, without the blanks at its edges; the mark stays outside.
"""
from __future__ import annotations

import re

from extraction.document import NAME_LABELS, Span

_CLAUSE_MARK = re.compile(r"[，,；;。：:！!？?]+")


def split_at_clause_marks(text: str, spans: list[Span]) -> list[Span]:
    """The spans with every name span that holds a clause mark cut into its parts."""
    result = []
    for span in spans:
        result += _parts(text, span) if span.label in NAME_LABELS and _CLAUSE_MARK.search(span.text) else [span]
    return result


def _parts(text: str, span: Span) -> list[Span]:
    parts, first = [], 0
    for piece in [*_CLAUSE_MARK.finditer(span.text), None]:
        last = piece.start() if piece else len(span.text)
        chunk = span.text[first:last]
        start = span.start + first + len(chunk) - len(chunk.lstrip())
        end = span.start + last - (len(chunk) - len(chunk.rstrip()))
        if start < end:
            parts.append(Span(start, end, span.label, text[start:end], span.score, span.source, span.unit_hint))
        first = piece.end() if piece else len(span.text)
    return parts
