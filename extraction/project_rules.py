"""Quoted programme names as PROJECT candidates: “工会二次医保” → the name, “科技杯”创新创业大赛 → all of it.

Reports quote the names of their projects, campaigns and subsidies; a quoted phrase is taken when it
ends in (or is followed by) a project word (项目, 资金, 经费, 活动, 工程 …) and holds no clause
punctuation, unless it names a campaign the report serves (助力“百千万工程”), the “三公” expenditure
category (GUIDELINES 57) or sits in a document title (《…“青春助学”项目的通知》; guide: not PROJECT).
Measured on the whole corpus: precision 0.607 (71 of 117 hits), recall 0.197; 0.473 before those
three exclusions (most misses are unquoted names, most false hits quoted
campaigns without figures of their own) — used only where the model found nothing
(`ModelSettings.rule_projects`).
"""
from __future__ import annotations

import re

from extraction.document import Span
from extraction.registry import register

PROJECT_WORDS = ("项目|资金|经费|补助|补贴|专项|工程|活动|大赛|竞赛|培训|行动|计划|津贴|慰问金|会议费|医保|服务|建设|改造")
# A generic word after a quoted name that already ends in a project word is not part of the name:
# “提高…维权建设项目”项目 → the quoted name.
GENERIC_TAILS = frozenset({"项目", "资金", "经费", "项目资金", "专项", "专项资金", "活动", "工程"})
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,40}?)[”\"]([\u4e00-\u9fff]{0,12})")
_ENDS_IN_PROJECT_WORD = re.compile(f"(?:{PROJECT_WORDS})$")
_CLAUSE = re.compile(r"[，。；：！？,;:!?]")
# Verbs of serving or following a campaign run by others (助力“百千万工程”, 推行“公交+定制”服务):
# the quote names their campaign, not a project of this report. On the corpus the six measured here
# (推动 助力 围绕 推行 按照 结合) precede 11 quoted hits, none an annotated PROJECT; 融入, 对接, 贯彻 and
# 响应 say the same.
_SERVING = re.compile(r"(?:推动|助力|围绕|推行|按照|结合|融入|对接|贯彻|响应)$")
# Expenditure categories of every budget report: INDICATORs (“三公”经费支出, 16 in the corpus), never projects.
BUDGET_CATEGORIES = frozenset({"三公"})


def tag_projects(text: str) -> list[Span]:
    """“科技杯”创新创业大赛 (a quoted modifier and the project noun after it, quotes inside),
    “困难职工因病致困专项帮扶资金” (a quoted name, quotes outside)."""
    spans = []
    for match in _QUOTED.finditer(text):
        name, tail = match.group(1), match.group(2)
        if _CLAUSE.search(name):
            continue
        if tail.startswith("等"):
            continue  # “迎新春送温暖”等系列活动 heads a series with no figure of its own (GUIDELINES 37)
        if name in BUDGET_CATEGORIES or _SERVING.search(text[max(0, match.start() - 2):match.start()]):
            continue
        if _inside_title(text, match.start(), match.end()):
            continue  # 《关于实施2023年“青春助学”项目的通知》 names a document (guide: not PROJECT)
        noun = _project_noun(tail)
        if noun and not (noun in GENERIC_TAILS and _ENDS_IN_PROJECT_WORD.search(name)):
            start, end = match.start(), match.start(2) + len(noun)
        elif noun or _ENDS_IN_PROJECT_WORD.search(name):
            start, end = match.start(1), match.end(1)
        else:
            continue
        spans.append(Span(start, end, "PROJECT", text[start:end], 0.5, "rules"))
    return spans


def _inside_title(text: str, start: int, end: int) -> bool:
    """`start:end` lies between 《 and 》 on one line (only that line is searched)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    opened, closed = text.rfind("《", line_start, start), text.rfind("》", line_start, start)
    return opened > closed and text.find("》", end, line_end) >= 0


def _project_noun(tail: str) -> str:
    """The longest start of the Chinese run after a closing quote that ends in a project word."""
    return next((tail[:size] for size in range(len(tail), 0, -1) if _ENDS_IN_PROJECT_WORD.search(tail[:size])), "")


@register("project_rules")
class ProjectRuleTagger:
    name = "project_rules"

    def __call__(self, text: str) -> list[Span]:
        return tag_projects(text)
