"""Turn entities and relations into records: project → indicator → value, the value parsed."""
from __future__ import annotations

from dataclasses import dataclass, replace

from extraction.document import VALUE_LABELS, Relation, Span
from extraction.errors import QuantityError
from extraction.quantities import Quantity, parse
from extraction.sentences import sentence_bounds, sentence_index


@dataclass(frozen=True)
class Record:
    """One value with the indicator it measures and the project it belongs to (indices into spans)."""

    value: int
    indicator: int | None
    project: int | None
    quantity: Quantity | None
    parse_error: str | None
    sentence: tuple[int, int]


def build_records(text: str, spans: list[Span], relations: list[Relation]) -> list[Record]:
    """A record for every value span, in text order; unparseable values keep `parse_error`."""
    indicator_of = {rel.tail: rel.head for rel in relations if rel.type == "HAS_VALUE"}
    project_of = {rel.head: rel.tail for rel in relations if rel.type == "BELONGS_TO"}
    bounds = sentence_bounds(text)
    records = []
    for index, span in enumerate(spans):
        if span.label not in VALUE_LABELS:
            continue
        indicator = indicator_of.get(index)
        project = project_of.get(indicator) if indicator is not None else None
        if project is None:
            project = project_of.get(index)
        quantity, error = _parse_quietly(span, negative=minus_before(text, span.start))
        sentence = bounds[sentence_index(bounds, span.start)] if bounds else (0, len(text))
        records.append(Record(index, indicator, project, quantity, error, sentence))
    return records


MINUS_SIGNS = "-−－"


def minus_before(text: str, start: int) -> bool:
    """A minus sign written right before a value (`| -6.8 |`, `变动率-3.2%`), not the dash of a range
    (`10-20`): value spans start at the first digit, so the sign is read from the text here."""
    return start > 0 and text[start - 1] in MINUS_SIGNS and not (start > 1 and text[start - 2].isdigit())


def _parse_quietly(span: Span, negative: bool = False) -> tuple[Quantity | None, str | None]:
    try:
        quantity = parse(span.text, span.label, unit_hint=span.unit_hint)
    except QuantityError as error:
        return None, error.reason
    if not negative:
        return quantity, None
    if quantity.low is not None:
        return None, "a minus sign before a range: the sign of the second bound is not written"
    return replace(quantity, number=-quantity.number, written_number=-quantity.written_number), None
