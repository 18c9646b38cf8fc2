"""Spans written as (label, text) pairs found in order in a snippet: the tables of the tests use them."""
from extraction.document import Span


def spans_of(text: str, *pieces: tuple[str, str], score: float = 1.0, source: str = "gold") -> list[Span]:
    spans, cursor = [], 0
    for label, piece in pieces:
        start = text.index(piece, cursor)
        spans.append(Span(start, start + len(piece), label, piece, score, source))
        cursor = start + len(piece)
    return spans
