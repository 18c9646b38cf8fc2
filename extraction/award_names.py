"""An award named after the contest that gives it is one INDICATOR, the contest inside it (GUIDELINES 66).

`获…一等奖、广东省第二届职业技能大赛“茶艺”赛项银奖各1个`: what is counted is the award, and its name
begins with the contest's. The model often reads the contest as a PROJECT and the rest (`“茶艺”赛项银奖`)
as the indicator, so the count belongs to a contest the report has no money or target for. Before the
relation head runs, a PROJECT followed, with nothing but more of the name between them (no clause mark,
no 获 / 得 / 参), by an INDICATOR that ends in an award word becomes part of that INDICATOR.

In the corpus all 5 awards written after their contest (`全国职业院校技能大赛二等奖`) are annotated so,
and no PROJECT is followed directly by an award.
"""
from __future__ import annotations

import re

from extraction.document import Span

_AWARD_END = re.compile(r"(?:奖|奖项)$")
# more of one name: Chinese characters, quotes and brackets; a verb of winning or taking part ends it
_NAME_GAP = re.compile(r"[\u4e00-\u9fff“”‘’\"（）()·]{0,30}")
_GAP_VERB = re.compile(r"[获得参]")


def join_award_names(text: str, spans: list[Span]) -> list[Span]:
    """The spans with every award INDICATOR widened over the contest PROJECT written right before it."""
    joined = []
    for span in sorted(spans, key=lambda span: (span.start, span.end)):
        if joined and _names_its_contest(text, joined[-1], span):
            contest = joined.pop()
            span = Span(contest.start, span.end, "INDICATOR", text[contest.start:span.end], span.score, span.source)
        joined.append(span)
    return joined


def _names_its_contest(text: str, before: Span, award: Span) -> bool:
    if before.label != "PROJECT" or award.label != "INDICATOR" or not _AWARD_END.search(award.text):
        return False
    gap = text[before.end:award.start]
    return _NAME_GAP.fullmatch(gap) is not None and not _GAP_VERB.search(gap)
