"""Our labelling config (annotations/label_config.xml) and whether a project's config matches it."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

LABEL_CONFIG_PATH = Path(__file__).resolve().parents[1] / "label_config.xml"


@dataclass(frozen=True)
class ConfigShape:
    """What our converters rely on in a labelling config; hints, colours and hotkeys may differ."""

    labels_name: str
    to_name: str
    text_name: str
    text_field: str
    labels: frozenset[str]
    relations: frozenset[str]


def read_label_config() -> str:
    return LABEL_CONFIG_PATH.read_text(encoding="utf-8")


def config_shape(xml: str) -> ConfigShape:
    """The shape of a config; ValueError when it is not XML or lacks a Labels or Text tag."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise ValueError(f"labelling config is not XML: {error}") from error
    labels_tag, text_tag = root.find(".//Labels"), root.find(".//Text")
    if labels_tag is None or text_tag is None:
        raise ValueError("labelling config has no <Labels> or no <Text> tag")
    return ConfigShape(
        labels_name=labels_tag.get("name", ""),
        to_name=labels_tag.get("toName", ""),
        text_name=text_tag.get("name", ""),
        text_field=text_tag.get("value", "").lstrip("$"),
        labels=frozenset(tag.get("value", "") for tag in labels_tag.iter("Label")),
        relations=frozenset(tag.get("value", "") for tag in root.iter("Relation")),
    )


def config_differences(ours: ConfigShape, theirs: ConfigShape) -> list[str]:
    """How `theirs` differs from `ours`, one short phrase each (empty when they match)."""
    differences = []
    for field in ("labels_name", "to_name", "text_name", "text_field"):
        if getattr(ours, field) != getattr(theirs, field):
            differences.append(f"{field} {getattr(theirs, field)!r} instead of {getattr(ours, field)!r}")
    for kind in ("labels", "relations"):
        missing = sorted(getattr(ours, kind) - getattr(theirs, kind))
        extra = sorted(getattr(theirs, kind) - getattr(ours, kind))
        differences += [f"{kind} lack {', '.join(missing)}"] if missing else []
        differences += [f"{kind} add {', '.join(extra)}"] if extra else []
    return differences
