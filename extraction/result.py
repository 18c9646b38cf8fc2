"""The result of extracting one document, and its rendering into the output contract."""
from __future__ import annotations

from dataclasses import dataclass

from extraction.document import Document, Relation, Span
from extraction.linker import Record
from extraction.normalize import Normalized


@dataclass
class Extraction:
    """Spans and relations found on the normalised text of `document`, plus the records built from them."""

    document: Document
    normalized: Normalized
    spans: list[Span]
    relations: list[Relation]
    records: list[Record]
    notes: list[str]

    def to_contract(self) -> dict:
        """The JSON object of the output contract; offsets are code points into the decoded input."""
        entities = [self._entity(index, span) for index, span in enumerate(self.spans)]
        return {
            "source": self.document.source,
            "pages": [list(page) for page in self.document.pages],
            "entities": entities,
            "relations": [
                {"type": rel.type, "head": _eid(rel.head), "tail": _eid(rel.tail), "score": round(rel.score, 4)}
                for rel in self.relations
            ],
            "records": [self._record(record, entities) for record in self.records],
            "notes": self.notes,
        }

    def _entity(self, index: int, span: Span) -> dict:
        start, end = self.normalized.to_source(span.start, span.end)
        return {
            "id": _eid(index),
            "label": span.label,
            "start": start,
            "end": end,
            "text": self.document.text[start:end],
            "score": round(span.score, 4),
            "page": self.document.page_of(start),
        }

    def _record(self, record: Record, entities: list[dict]) -> dict:
        value = entities[record.value]
        quantity = record.quantity
        sentence_start, sentence_end = record.sentence
        return {
            "project": _ref(entities, record.project),
            "indicator": _ref(entities, record.indicator),
            "value": {
                "id": value["id"],
                "text": value["text"],
                "label": value["label"],
                "number": quantity.number if quantity else None,
                "unit": quantity.unit if quantity else None,
                "approximate": quantity.approximate if quantity else None,
                "low": quantity.low if quantity else None,
                "high": quantity.high if quantity else None,
                "per": quantity.per if quantity else None,
                "parse_error": record.parse_error,
            },
            "page": value["page"],
            "sentence": self.normalized.text[sentence_start:sentence_end],
        }


def _eid(index: int) -> str:
    return f"e{index + 1}"


def _ref(entities: list[dict], index: int | None) -> dict | None:
    if index is None:
        return None
    return {"id": entities[index]["id"], "text": entities[index]["text"]}
