"""Sub-projects listed with their number: `包括A、B和C 3个二级项目` → A, B and C are each a PROJECT.

A project report breaks its money down into sub-projects (二级项目, 子项目) and often lists them
once, with their count: `为一级项目，包括提高产业工人整体素质和维权建设项目资金、专项会议费、…和2024年
江门市劳动模范和先进集体表彰项目5个二级项目`, or `分为3个子项目：A、B、C。`. When the number of
items equals the count the sentence states, every item is a sub-project's name (guide: a project
is a named programme with its own money; the sub-projects are), whatever the model tagged there.
The count is the check: a list it does not match (`等5个项目`, an item with a comma) is left alone.
"""
from __future__ import annotations

import re

from extraction.document import VALUE_LABELS, Span
from extraction.errors import QuantityError
from extraction.project_rules import PROJECT_WORDS
from extraction.quantities import chinese_integer

_COUNT = r"([0-9]{1,2}|[一二两三四五六七八九十]{1,3})个(?:一级|二级|三级|子|下属|具体)?(?:项目|子项目)"
_ITEMS = r"([^，,。；;：:\n]{2,300}?)"
# 包括A、B和C 3个二级项目 (the list, then its count)
_LIST_THEN_COUNT = re.compile(f"(?:包括|包含|含|分为|涵盖|下设|设有|共有|共)\\s*{_ITEMS}\\s*{_COUNT}")
# 分为3个子项目：A、B、C。 (the count, then its list)
_COUNT_THEN_LIST = re.compile(f"{_COUNT}\\s*(?:[，,：:]\\s*)?(?:分别为|分别是|即|包括|为)?\\s*[：:]?\\s*"
                              r"([^。；;\n]{2,300}?)(?=[。；;\n]|$)")
_ITEM = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z“”\"（）()·—\-]{2,40}$")
# 和 inside a name (提高产业工人整体素质和维权建设项目资金) is no separator; after a project word it is
_JOINED = re.compile(f"(?:{PROJECT_WORDS})[”\"]?(以及|及|和|与)")


def listed_projects(text: str) -> list[tuple[int, int]]:
    """Character ranges of the items of every list whose length matches the count it states."""
    found = []
    for pattern, count_group, items_group in ((_LIST_THEN_COUNT, 2, 1), (_COUNT_THEN_LIST, 1, 2)):
        for match in pattern.finditer(text):
            items = _items(text, match.start(items_group), match.end(items_group))
            if items and len(items) == _count(match.group(count_group)):
                found += items
    return sorted(set(found))


def _items(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The ranges between 、 (and 和/及/与 after a project word); None when one is no name (a clause,
    a single character). Quotes stay: `trim_quotes` cuts them off later as for any name."""
    bounds = [start]
    for position in range(start, end):
        if text[position] == "、":
            bounds += [position, position + 1]
    for joiner in _JOINED.finditer(text, start, end):
        bounds += [joiner.start(1), joiner.end(1)]
    bounds = sorted(bounds) + [end]
    items = list(zip(bounds[::2], bounds[1::2]))
    return items if all(_ITEM.match(text[first:last]) for first, last in items) else None


def _count(numeral: str) -> int | None:
    """5 → 5, 三 → 3, 十二 → 12; None for a malformed numeral."""
    if numeral.isdigit():
        return int(numeral)
    try:
        return chinese_integer(numeral, numeral)
    except QuantityError:
        return None


def add_listed_projects(text: str, spans: list[Span]) -> list[Span]:
    """The spans with every listed sub-project a PROJECT, in place of the names that overlapped it
    (a value inside an item keeps its place, and the item is not taken)."""
    values = [span for span in spans if span.label in VALUE_LABELS]
    ranges = [(start, end) for start, end in listed_projects(text) if not any(_overlap(start, end, v) for v in values)]
    if not ranges:
        return spans
    kept = [span for span in spans
            if span.label in VALUE_LABELS or not any(_overlap(start, end, span) for start, end in ranges)]
    added = [Span(start, end, "PROJECT", text[start:end], 0.5, "rules") for start, end in ranges]
    return sorted(kept + added, key=lambda span: (span.start, span.end))


def _overlap(start: int, end: int, span: Span) -> bool:
    return span.start < end and start < span.end
