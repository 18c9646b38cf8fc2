"""Corpus documents → what the network trains on: pieces, gold piece spans, gold relations."""
from __future__ import annotations

from dataclasses import dataclass

from annotations.tasks import CorpusDoc
from extraction.encoding import Pieces, align_span, tokenize
from extraction.model import FrozenStates, entities_for
from extraction.relations import Entity


@dataclass
class Example:
    """One document ready for the network; `dropped` counts gold spans no piece covers."""

    name: str
    pieces: Pieces
    gold_spans: list[tuple[int, int, int]]
    entities: list[Entity]
    gold_relations: set[tuple[str, int, int]]
    dropped: int
    frozen: FrozenStates | None = None  # encoder states below the trained layers, when some are frozen

    @property
    def windows_hint(self) -> int:
        return max(1, len(self.pieces) // 224 + 1)


def make_example(doc: CorpusDoc, tokenizer, labels: list[str]) -> Example:
    pieces = tokenize(tokenizer, doc.text)
    gold_spans = []
    for span in doc.spans:
        aligned = align_span(pieces, span.start, span.end)
        if aligned is not None:
            gold_spans.append((aligned[0], aligned[1], labels.index(span.label)))
    entities, kept = entities_for(doc.text, pieces, doc.spans)
    position = {span_index: entity_index for entity_index, span_index in enumerate(kept)}
    relations = {(rel.type, position[rel.head], position[rel.tail]) for rel in doc.relations
                 if rel.head in position and rel.tail in position}
    return Example(doc.name, pieces, _without_overlaps(gold_spans), entities, relations, len(doc.spans) - len(kept))


def _without_overlaps(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Two entities widened onto the same piece cannot both be tagged: keep the first."""
    kept, last_end = [], -1
    for span in sorted(spans):
        if span[0] > last_end:
            kept.append(span)
            last_end = span[1]
    return kept
