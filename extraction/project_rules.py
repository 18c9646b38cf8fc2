"""Quoted programme names as PROJECT candidates: “工会二次医保”, “科技杯”创新创业大赛 → the quoted name.

Reports quote the names of their projects, campaigns and subsidies; a quoted phrase is taken when it
ends in (or is followed by) a project word (项目, 资金, 经费, 活动, 工程 …) and holds no clause
punctuation. Measured on the four annotated real reports: precision 0.52, recall 0.39 — used only
where the model found nothing (`ModelSettings.rule_projects`).
"""
from __future__ import annotations

import re

from extraction.document import Span
from extraction.registry import register

PROJECT_WORDS = ("项目|资金|经费|补助|补贴|专项|工程|活动|大赛|竞赛|培训|行动|计划|津贴|慰问金|会议费|医保|服务|建设|改造")
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,40}?)[”\"](" + PROJECT_WORDS + ")?")
_ENDS_IN_PROJECT_WORD = re.compile(f"(?:{PROJECT_WORDS})$")
_CLAUSE = re.compile(r"[，。；：！？,;:!?]")


def tag_projects(text: str) -> list[Span]:
    spans = []
    for match in _QUOTED.finditer(text):
        name = match.group(1)
        if _CLAUSE.search(name) or not (match.group(2) or _ENDS_IN_PROJECT_WORD.search(name)):
            continue
        spans.append(Span(match.start(1), match.end(1), "PROJECT", name, 0.5, "rules"))
    return spans


@register("project_rules")
class ProjectRuleTagger:
    name = "project_rules"

    def __call__(self, text: str) -> list[Span]:
        return tag_projects(text)
