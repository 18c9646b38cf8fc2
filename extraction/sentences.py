"""Sentence boundaries as the annotation guide draws them: up to 。；！？!?; or a line end."""
from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[。；;！!？?]+|\n")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Half-open ranges of the sentences of `text`, terminators included, surrounding blanks excluded."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _append_trimmed(text, start, match.end(), bounds)
        start = match.end()
    _append_trimmed(text, start, len(text), bounds)
    return bounds


def _append_trimmed(text: str, start: int, end: int, bounds: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        bounds.append((start, end))


def sentence_index(bounds: list[tuple[int, int]], offset: int) -> int:
    """Index of the sentence holding `offset` (the nearest one before it when it falls between)."""
    low, high = 0, len(bounds)
    while low < high:
        middle = (low + high) // 2
        if bounds[middle][0] <= offset:
            low = middle + 1
        else:
            high = middle
    return max(0, low - 1)
