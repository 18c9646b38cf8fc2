"""ingest → normalise → tag → link: one document in, one `Extraction` out."""
from __future__ import annotations

from dataclasses import dataclass, field

from extraction.document import Document, Relation, Span
from extraction.linker import build_records
from extraction.normalize import normalize
from extraction.result import Extraction
from extraction.rules import RuleTagger

RULES_ONLY_NOTE = (
    "rules only: values (AMOUNT, COUNT, RATIO) come from the rule tagger; no indicators, projects "
    "or relations without a trained model (see `reportie train`)"
)


@dataclass
class Pipeline:
    """Runs the taggers on the normalised text and links what they find into records.

    `model` is any callable `text -> (spans, relations)`; without one the rule tagger alone
    finds values and the records carry no indicator or project.
    """

    rules: RuleTagger = field(default_factory=RuleTagger)
    model: object | None = None

    def __call__(self, document: Document) -> Extraction:
        normalized = normalize(document.text)
        spans, relations, notes = self._tag(normalized.text)
        records = build_records(normalized.text, spans, relations)
        return Extraction(document, normalized, spans, relations, records, notes)

    def _tag(self, text: str) -> tuple[list[Span], list[Relation], list[str]]:
        if self.model is None:
            return self.rules(text), [], [RULES_ONLY_NOTE]
        spans, relations = self.model(text)
        return spans, relations, list(getattr(self.model, "notes", []))
