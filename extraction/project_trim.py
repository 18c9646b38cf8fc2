"""PROJECT spans without the scope word or ordinal written in front of the name.

GUIDELINES 32 and 52: a scope word (`全省`, `全市` …) and an ordinal (`第一届`, `第五次`) before a
contest or programme name stay outside the PROJECT (`第一届全省政务服务技能大赛` → `政务服务技能大赛`,
`第五次全国经济普查经费` → `全国经济普查经费`). `全国` is not cut: it is the core of names such as
`全国经济普查`. An ordinal inside a name stays (`粤港澳大湾区第四届职业技能大赛`).

Applied to the gold spans of the whole corpus this changes none of them.
"""
from __future__ import annotations

import re
from dataclasses import replace

from extraction.document import Span

_LEADS = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+[届次期批轮]|全(?:省|市|县|区|州|盟|旗|镇|乡))+")
MIN_NAME = 2


def trim_project_leads(text: str, spans: list[Span]) -> list[Span]:
    """The spans with every PROJECT's leading scope words and ordinals cut off; other spans unchanged."""
    return [_trimmed(text, span) if span.label == "PROJECT" else span for span in spans]


def _trimmed(text: str, span: Span) -> Span:
    lead = _LEADS.match(span.text)
    if not lead or len(span.text) - lead.end() < MIN_NAME:
        return span
    start = span.start + lead.end()
    return replace(span, start=start, text=text[start:span.end])
