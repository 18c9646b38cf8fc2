"""Spans and relations ↔ Label Studio result items, converting offsets at the server boundary."""
from __future__ import annotations

import copy

from annotations.studio.offsets import OffsetError, OffsetMap
from annotations.tasks import FROM_NAME, TO_NAME, region_id
from extraction.document import Relation, Span


def studio_result(text: str, spans: list[Span], relations: list[Relation], scores: bool = False) -> list[dict]:
    """Result items in UTF-16 offsets (what Label Studio stores), region ids stable from content."""
    offsets = OffsetMap(text)
    ids = [region_id(span) for span in spans]
    items = []
    for span, rid in zip(spans, ids):
        value = {"start": offsets.to_units(span.start), "end": offsets.to_units(span.end), "text": span.text,
                 "labels": [span.label]}
        item = {"id": rid, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels", "value": value}
        if scores:
            item["score"] = round(float(span.score), 4)
        items.append(item)
    items += [{"from_id": ids[rel.head], "to_id": ids[rel.tail], "type": "relation", "direction": "right",
               "labels": [rel.type]} for rel in relations]
    return items


def code_point_result(text: str, result: list[dict]) -> tuple[list[dict], list[str]]:
    """A Label Studio result with code point offsets and every relation pointing head → tail.

    Returns the converted items and the problems met (offsets inside a surrogate pair, relations
    drawn both ways). Items that are not regions or relations are kept for the validator to name.
    """
    offsets = OffsetMap(text)
    converted, problems = [], []
    for item in copy.deepcopy(result):
        if item.get("type") == "labels":
            problems += _convert_region(offsets, item)
        elif item.get("type") == "relation":
            problems += _orient_relation(item)
        converted.append(item)
    return converted, problems


def _convert_region(offsets: OffsetMap, item: dict) -> list[str]:
    value = item.get("value", {})
    start, end = value.get("start"), value.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return []  # the validator reports missing offsets with the region's other problems
    try:
        value["start"], value["end"] = offsets.to_code_points(start), offsets.to_code_points(end)
    except OffsetError as error:
        return [f"region {item.get('id')!r}: {error}"]
    return []


def _orient_relation(item: dict) -> list[str]:
    direction = item.get("direction", "right")
    if direction == "left":
        item["from_id"], item["to_id"] = item.get("to_id"), item.get("from_id")
    elif direction != "right":
        return [f"relation {item.get('from_id')!r} ↔ {item.get('to_id')!r}: direction {direction!r} is ambiguous; "
                "point it from the indicator (or value) to what it links to"]
    item["direction"] = "right"
    return []
