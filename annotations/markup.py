"""A compact inline markup for reading and writing annotations by hand.

    2021年⟦预算总额|I#b⟧⟦1318.10万元|A<b⟧，其中⟦基本支出预算|I#c⟧⟦1001.08万元|A<⟧，占支出预算⟦75.95%|R<c⟧
    “⟦困难职工因病致困专项帮扶资金|P#p1⟧”项目⟦预算金额|I^⟧ ⟦30 万元|A<⟧
    对⟦80 户|C>⟧⟦帮扶对象|I⟧实施帮扶救助

An entity is `⟦text|TAG⟧`; TAG is a label (P I A C R or the full name) followed by options:
`#id` names the entity; on a value `<id` / `>id` is HAS_VALUE from that indicator, a bare `<`
the nearest INDICATOR before it in the same sentence, a bare `>` the nearest one after it;
`^id` is BELONGS_TO that project, a bare `^` the nearest PROJECT before it. Stripping the
markup gives back the annotated text exactly, which is what `parse_markup` checks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.document import VALUE_LABELS, Relation, Span
from extraction.sentences import sentence_bounds, sentence_index

OPEN, CLOSE, SEP = "⟦", "⟧", "|"
SHORT_LABELS = {"P": "PROJECT", "I": "INDICATOR", "A": "AMOUNT", "C": "COUNT", "R": "RATIO"}
LONG_TO_SHORT = {long: short for short, long in SHORT_LABELS.items()}
_TAG = re.compile(r"^(?P<label>[A-Z]+)(?P<options>(?:[#<>^][A-Za-z0-9_\-]*)*)$")
_OPTION = re.compile(r"([#<>^])([A-Za-z0-9_\-]*)")


class MarkupError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")


@dataclass
class _Pending:
    index: int
    name: str | None
    links: list[tuple[str, str]]  # (kind, target id or "")
    line: int


def parse_markup(markup: str) -> tuple[str, list[Span], list[Relation]]:
    """Text, spans and relations from markup; raises MarkupError naming the line of each problem."""
    text_parts: list[str] = []
    spans: list[Span] = []
    pending: list[_Pending] = []
    position = 0
    cursor = 0
    while True:
        open_at = markup.find(OPEN, cursor)
        if open_at < 0:
            tail = markup[cursor:]
            if CLOSE in tail:
                raise MarkupError(_line(markup, cursor + tail.index(CLOSE)), f"stray {CLOSE}")
            text_parts.append(tail)
            break
        close_at = markup.find(CLOSE, open_at)
        if close_at < 0:
            raise MarkupError(_line(markup, open_at), f"unclosed {OPEN}")
        before = markup[cursor:open_at]
        if CLOSE in before:
            raise MarkupError(_line(markup, cursor + before.index(CLOSE)), f"stray {CLOSE}")
        text_parts.append(before)
        position += len(before)
        body = markup[open_at + 1:close_at]
        if OPEN in body:
            raise MarkupError(_line(markup, open_at), "nested entity")
        if SEP not in body:
            raise MarkupError(_line(markup, open_at), f"entity {body!r} has no |TAG")
        span_text, tag = body.rsplit(SEP, 1)
        label, name, links = _parse_tag(tag, _line(markup, open_at))
        if not span_text or span_text != span_text.strip():
            raise MarkupError(_line(markup, open_at), f"entity text {span_text!r} is empty or has outer spaces")
        spans.append(Span(position, position + len(span_text), label, span_text, source="gold"))
        pending.append(_Pending(len(spans) - 1, name, links, _line(markup, open_at)))
        text_parts.append(span_text)
        position += len(span_text)
        cursor = close_at + 1
    text = "".join(text_parts)
    relations = _resolve_links(text, spans, pending)
    return text, spans, relations


def _parse_tag(tag: str, line: int) -> tuple[str, str | None, list[tuple[str, str]]]:
    match = _TAG.match(tag.strip())
    if not match:
        raise MarkupError(line, f"bad tag {tag!r}")
    label = SHORT_LABELS.get(match["label"], match["label"])
    if label not in LONG_TO_SHORT:
        raise MarkupError(line, f"unknown label {match['label']!r}")
    name = None
    links = []
    for kind, target in _OPTION.findall(match["options"]):
        if kind == "#":
            if not target:
                raise MarkupError(line, "'#' needs an id")
            name = target
        else:
            links.append((kind, target))
    return label, name, links


def _resolve_links(text: str, spans: list[Span], pending: list[_Pending]) -> list[Relation]:
    names: dict[str, int] = {}
    for item in pending:
        if item.name is None:
            continue
        if item.name in names:
            raise MarkupError(item.line, f"id #{item.name} used twice")
        names[item.name] = item.index
    bounds = sentence_bounds(text)
    relations = []
    for item in pending:
        for kind, target in item.links:
            relations.append(_relation(kind, target, item, spans, names, bounds))
    return relations


def _relation(kind, target, item, spans, names, bounds) -> Relation:
    span = spans[item.index]
    if kind in "<>":
        if span.label not in VALUE_LABELS:
            raise MarkupError(item.line, f"HAS_VALUE link on a {span.label}: only values take '<' or '>'")
        head = names.get(target) if target else _nearest(spans, item.index, "INDICATOR", kind, bounds)
        wanted = "INDICATOR"
        relation_type = "HAS_VALUE"
        pair = (head, item.index)
    else:
        head = names.get(target) if target else _nearest(spans, item.index, "PROJECT", "<", None)
        wanted = "PROJECT"
        relation_type = "BELONGS_TO"
        pair = (item.index, head)
    if head is None:
        where = f"#{target}" if target else f"a {wanted} {'after' if kind == '>' else 'before'} it"
        raise MarkupError(item.line, f"{span.text!r}: {relation_type} target {where} not found")
    if spans[head].label != wanted:
        raise MarkupError(item.line, f"{span.text!r}: #{target} is a {spans[head].label}, not a {wanted}")
    return Relation(relation_type, *pair)


def _nearest(spans, index, label, direction, bounds) -> int | None:
    step = -1 if direction == "<" else 1
    sentence = sentence_index(bounds, spans[index].start) if bounds else None
    other = index + step
    while 0 <= other < len(spans):
        if bounds is not None and sentence_index(bounds, spans[other].start) != sentence:
            return None
        if spans[other].label == label:
            return other
        other += step
    return None


def _line(markup: str, offset: int) -> int:
    return markup.count("\n", 0, offset) + 1


def render_markup(text: str, spans: list[Span], relations: list[Relation]) -> str:
    """Markup for `text` with explicit ids on every linked entity (the inverse of parse_markup)."""
    ordered = sorted(range(len(spans)), key=lambda i: spans[i].start)
    linked = {rel.head for rel in relations} | {rel.tail for rel in relations}
    name_of = {index: f"{LONG_TO_SHORT[spans[index].label].lower()}{index + 1}" for index in linked}
    options: dict[int, str] = {index: "" for index in ordered}
    for index in linked:
        options[index] += f"#{name_of[index]}"
    for rel in relations:
        if rel.type == "HAS_VALUE":
            options[rel.tail] += f"<{name_of[rel.head]}"
        else:
            options[rel.head] += f"^{name_of[rel.tail]}"
    parts, cursor = [], 0
    for index in ordered:
        span = spans[index]
        parts.append(text[cursor:span.start])
        parts.append(f"{OPEN}{span.text}{SEP}{LONG_TO_SHORT[span.label]}{options[index]}{CLOSE}")
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts)
