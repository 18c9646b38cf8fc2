"""A fund named in full and paid out with its sum is a PROJECT, and the sum BELONGS_TO it.

Department reports list the money of their budget lines as `发放工人文化宫人员经费166.37万元`,
`划拨镇街（开发区）工联会工作经费44万元`, `省级下达大气污染防治专项资金2,600万元`: a paying verb, the
fund's own name, its amount. The guide makes such a fund a PROJECT (a special fund or subsidy
reported with its own money; GUIDELINES 15 and 27). The model often finds no name there, and
`orphan_indicators` rightly refuses a fund's name as an indicator; or it tags the name INDICATOR.
Either way the name becomes a PROJECT that the amount belongs to, as long as no other span
touches it. Generic fund words after the same verbs stay indicators (`发放财政资金30万元`,
`发放津贴9.78万元`, `安排救助资金186.4万元`): only a name of MIN_LENGTH characters or more is a fund's
own name. In the corpus annotations every fund-ending INDICATOR right after such a verb and
before its amount has at most 8 characters, every PROJECT there at least 9.
"""
from __future__ import annotations

import re
from dataclasses import replace

from extraction.document import Relation, Span, in_text_order, reindexed
from extraction.orphan_indicators import FUND_END, clause_start

MIN_LENGTH, MAX_LENGTH = 9, 30
_PAYING = re.compile(r"(?:发放|划拨|下拨|拨付|拨出|下达|安排|支付|落实|使用|投入)了?")
_NAME = re.compile(r"^[\u4e00-\u9fff“”（）]+$")


def fund_projects(text: str, spans: list[Span], relations: list[Relation]) -> tuple[list[Span], list[Relation]]:
    """The spans with every paid-out fund name a PROJECT, and the relations with its amount belonging to it."""
    has_value = {(rel.head, rel.tail) for rel in relations if rel.type == "HAS_VALUE"}
    linked = {tail for _, tail in has_value}
    spans, fund_of = list(spans), {}
    for index, value in enumerate(list(spans)):
        where = paid_fund_before(text, value) if value.label == "AMOUNT" else None
        if where is None:
            continue
        touching = [other for other, span in enumerate(spans) if span.start < where[1] and where[0] < span.end]
        if not touching and index not in linked:
            spans.append(Span(*where, "PROJECT", text[where[0]:where[1]], 0.5, "rules"))
            fund_of[index] = len(spans) - 1
        elif len(touching) == 1 and (touching[0], index) in has_value \
                and (spans[touching[0]].start, spans[touching[0]].end) == where:
            spans[touching[0]] = replace(spans[touching[0]], label="PROJECT")
            fund_of[index] = touching[0]
    return (spans, relations) if not fund_of else _relinked(spans, relations, fund_of)


def paid_fund_before(text: str, value: Span) -> tuple[int, int] | None:
    """The character range of the fund name between the last paying verb of the clause and `value`."""
    verbs = list(_PAYING.finditer(text, clause_start(text, value.start), value.start))
    if not verbs:
        return None
    start, end = verbs[-1].end(), value.start
    name = text[start:end]
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH or not _NAME.match(name) or not FUND_END.search(name):
        return None
    return start, end


def _relinked(spans: list[Span], relations: list[Relation], fund_of: dict[int, int]) -> tuple[list[Span], list[Relation]]:
    """Spans in text order; a fund's own links and its amounts' old BELONGS_TO dropped, each amount BELONGING_TO its fund."""
    funds = set(fund_of.values())
    kept = [rel for rel in relations
            if rel.head not in funds and not (rel.type == "BELONGS_TO" and rel.head in fund_of)]
    kept += [Relation("BELONGS_TO", value, fund, 0.5) for value, fund in fund_of.items()]
    ordered, new_index = in_text_order(spans)
    return ordered, sorted(reindexed(kept, new_index), key=lambda rel: (rel.type, rel.head, rel.tail))
