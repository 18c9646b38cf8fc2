"""Name spans (INDICATOR, PROJECT) without the quotes and blanks that enclose them.

The guide keeps quotation marks or 《》 around a whole name outside the span, and quotes that cover
only part of a name inside it (`“科技杯”创新创业大赛`, GUIDELINES 53); blanks and line breaks at
either edge are outside every span. The model sometimes takes the opening quote along
(`“困难职工因病致困专项帮扶资金` with the closing quote left out); a quote at an edge whose partner
is not inside the span is dropped, and so is a pair that encloses the whole span.

Applied to the gold spans of the whole corpus this changes none of them.
"""
from __future__ import annotations

from extraction.document import NAME_LABELS, Span

QUOTE_PAIRS = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "\"": "\"", "'": "'"}
_CLOSERS = {closer: opener for opener, closer in QUOTE_PAIRS.items()}


def trim_quotes(text: str, spans: list[Span]) -> list[Span]:
    """The spans with every name span trimmed as the module says; other spans unchanged."""
    return [_trimmed(text, span) if span.label in NAME_LABELS else span for span in spans]


def name_edges(name: str) -> tuple[int, int]:
    """(first, last) offsets of `name` once enclosing quotes and edge blanks are dropped."""
    first, last = 0, len(name)
    while True:
        before = (first, last)
        while first < last and name[first].isspace():
            first += 1
        while last > first and name[last - 1].isspace():
            last -= 1
        if last - first >= 2 and _encloses(name, first, last):
            first, last = first + 1, last - 1
        if first < last and name[first] in QUOTE_PAIRS and QUOTE_PAIRS[name[first]] not in name[first + 1:last]:
            first += 1
        if first < last and name[last - 1] in _CLOSERS and _CLOSERS[name[last - 1]] not in name[first:last - 1]:
            last -= 1
        if (first, last) == before:
            return first, last


def _encloses(name: str, first: int, last: int) -> bool:
    """The quote pair at both edges is the only pair of its kind in the span."""
    opener, closer = name[first], name[last - 1]
    inner = name[first + 1:last - 1]
    return QUOTE_PAIRS.get(opener) == closer and opener not in inner and closer not in inner


def _trimmed(text: str, span: Span) -> Span:
    first, last = name_edges(span.text)
    if (first, last) == (0, len(span.text)) or first >= last:
        return span
    start, end = span.start + first, span.start + last
    return Span(start, end, span.label, text[start:end], span.score, span.source, span.unit_hint)
