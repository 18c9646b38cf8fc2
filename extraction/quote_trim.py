"""Name spans (INDICATOR, PROJECT) without the quotes and blanks that enclose them.

The guide keeps quotation marks or 《》 around a whole name outside the span, and quotes that cover
only part of a name inside it (`“科技杯”创新创业大赛`, GUIDELINES 53); blanks and line breaks at
either edge are outside every span. The model sometimes takes the opening quote along
(`“困难职工因病致困专项帮扶资金` with the closing quote left out); a quote at an edge whose partner
is not inside the span is dropped, and so is a pair that encloses the whole span.

A PROJECT that ends where a quote closes is the whole quoted name (`“庆五一暨劳模代表座谈会”`, not
`劳模代表座谈会`; `市总工会“工会事业专项补助”项目`, not `市总工会“工会事业专项补助`): in the corpus all 47
such projects start right after the opening quote.

Applied to the gold spans of the whole corpus this changes none of them.
"""
from __future__ import annotations

import re

from extraction.document import NAME_LABELS, Span

QUOTE_PAIRS = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "\"": "\"", "'": "'"}
_CLOSERS = {closer: opener for opener, closer in QUOTE_PAIRS.items()}
_CLAUSE_MARK = re.compile(r"[，。；：！？,;:!?\n]")


def trim_quotes(text: str, spans: list[Span]) -> list[Span]:
    """The spans with every name span trimmed as the module says; other spans unchanged."""
    spans = [_trimmed(text, span) if span.label in NAME_LABELS else span for span in spans]
    return [_whole_quoted(text, span, spans) if span.label == "PROJECT" else span for span in spans]


def _whole_quoted(text: str, span: Span, spans: list[Span]) -> Span:
    """A project ending at a closing quote, from the quote's opening on (when no clause mark or
    other span lies between)."""
    closer = text[span.end:span.end + 1]
    opener = _CLOSERS.get(closer)
    if opener is None or opener == closer:
        return span
    start = text.rfind(opener, 0, span.end) + 1
    if start in (0, span.start) or closer in text[start:span.end] or _CLAUSE_MARK.search(text, start, span.end):
        return span
    if any(other is not span and other.start < span.start and other.end > start for other in spans):
        return span
    return Span(start, span.end, span.label, text[start:span.end], span.score, span.source, span.unit_hint)


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
