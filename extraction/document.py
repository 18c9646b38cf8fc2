"""The data that flows through extraction: a decoded document and labelled spans on it."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

VALUE_LABELS = ("AMOUNT", "COUNT", "RATIO")
NAME_LABELS = ("INDICATOR", "PROJECT")
LABELS = NAME_LABELS + VALUE_LABELS
RELATION_TYPES = ("HAS_VALUE", "BELONGS_TO")


@dataclass(frozen=True)
class Document:
    """The exact decoded text of one source file, with the character range of every page.

    `pages` holds half-open `(start, end)` code-point ranges into `text`, in page order;
    formats without pages (TXT, DOCX) have a single range covering the whole text.
    """

    source: str
    text: str
    pages: tuple[tuple[int, int], ...]
    format: str

    def page_of(self, offset: int) -> int:
        """1-based number of the page holding `offset` (the last page for offsets past the end)."""
        starts = [start for start, _ in self.pages]
        return max(1, bisect.bisect_right(starts, offset))


@dataclass(frozen=True)
class Span:
    """A labelled, half-open character range `[start, end)` of some text."""

    start: int
    end: int
    label: str
    text: str
    score: float = 1.0
    source: str = "rules"  # which component produced it: rules, model, gold
    unit_hint: str | None = None  # unit stated by a table header for a bare-number cell, e.g. "万元"

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")
        if self.end - self.start != len(self.text):
            raise ValueError(f"span text {self.text!r} does not fit {self.start}..{self.end}")


@dataclass(frozen=True)
class Relation:
    """A typed link from `head` to `tail`, both indices into a list of spans."""

    type: str
    head: int
    tail: int
    score: float = 1.0


def overlaps_any(span: Span, others: list[Span]) -> bool:
    """Whether `span` shares a character with any of `others`."""
    return any(span.start < other.end and other.start < span.end for other in others)


def in_text_order(spans: list[Span]) -> tuple[list[Span], dict[int, int]]:
    """The spans sorted by (start, end), and each old index's new one (for `reindexed`)."""
    order = sorted(range(len(spans)), key=lambda n: (spans[n].start, spans[n].end))
    return [spans[n] for n in order], {old: new for new, old in enumerate(order)}


def reindexed(relations: list[Relation], new_index: dict[int, int]) -> list[Relation]:
    """The relations over a new span list (`new_index`: old span index → new); a link to a span left
    out of `new_index` goes with it."""
    return [Relation(rel.type, new_index[rel.head], new_index[rel.tail], rel.score)
            for rel in relations if rel.head in new_index and rel.tail in new_index]


@dataclass
class Annotated:
    """Spans and relations over one text (the normalised text of a document)."""

    text: str
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
