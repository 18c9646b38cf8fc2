"""A fund named in full and paid out with its sum is a PROJECT, and the sum BELONGS_TO it.

Department reports list the money of their budget lines as `发放工人文化宫人员经费166.37万元`,
`划拨镇街（开发区）工联会工作经费44万元`, `省级下达大气污染防治专项资金2,600万元`: a paying verb, the
fund's own name, its amount. The guide makes such a fund a PROJECT (a special fund or subsidy
reported with its own money; GUIDELINES 15 and 27). The model often finds no name there, and
`orphan_indicators` rightly refuses a fund's name as an indicator; or it tags the name INDICATOR.
Either way the name becomes a PROJECT that the amount belongs to, as long as no other span
touches it; a span that reads only its tail (`工联会工作经费`, `荣誉津贴`: four characters or more, more than
a bare fund word) is widened to it. Generic fund words after the same verbs stay indicators (`发放财政资金30万元`,
`发放津贴9.78万元`, `安排救助资金186.4万元`): only a name of MIN_LENGTH characters or more is a fund's
own name. In the corpus annotations every fund-ending INDICATOR right after such a verb and
before its amount has at most 8 characters, every PROJECT there at least 9.
"""
from __future__ import annotations

import re
from dataclasses import replace

from extraction.document import VALUE_LABELS, Relation, Span, in_text_order, reindexed
from extraction.orphan_indicators import FUND_END, LINK_WORDS, clause_start

MIN_LENGTH, MAX_LENGTH = 9, 30
MIN_TAIL = 4  # a bare fund word (资金, 经费, 帮扶金) has at most 3 characters
_PAYING = re.compile(r"(?:发放|划拨|下拨|拨付|拨出|下达|安排|支付|落实|使用|投入)了?")
_NAME = re.compile(r"^[\u4e00-\u9fff“”（）]+$")
# between a line item's name and its figure: quotes, blanks, 项目 / 资金, then the linking words of
# orphan_indicators (为, 共, 约 …)
_ITEM_WORDS = re.compile(r"[\s“”\"‘’']*(?:项目|资金)?[\s“”\"‘’']*")
MAX_ITEM_GAP = 8


def fund_projects(text: str, spans: list[Span], relations: list[Relation]) -> tuple[list[Span], list[Relation]]:
    """The spans with every paid-out fund name a PROJECT, and the relations with its amount belonging
    to it; then every line item's figure belonging to the project it follows (`line_items`)."""
    spans, relations = _paid_funds(text, spans, relations)
    return spans, line_items(text, spans, relations)


def line_items(text: str, spans: list[Span], relations: list[Relation]) -> list[Relation]:
    """The relations with every figure right after a PROJECT mention (`其中：“提高…项目资金”54.35万元、
    “庆五一…座谈会”7.02万元`) belonging to that mention, as the guide's line-item rule says
    (GUIDELINES 7), unless an indicator of its own clause measures it. A link from an indicator of an
    earlier clause (`年初预算金额…，其中：“…”54.35万元`) is dropped. In the annotated corpus (114
    documents), all 158 such figures without an indicator belong to the mention right before them,
    and none of the 13 with one is measured from an earlier clause."""
    indicator_of = {rel.tail: rel.head for rel in relations if rel.type == "HAS_VALUE"}
    projects = [(span.end, index) for index, span in enumerate(spans) if span.label == "PROJECT"]
    owner = {}
    for index, value in enumerate(spans):
        if value.label not in VALUE_LABELS or (index in indicator_of and not _from_an_earlier_clause(
                text, spans[indicator_of[index]], value)):
            continue
        before = [(end, project) for end, project in projects
                  if value.start - MAX_ITEM_GAP <= end <= value.start and _is_item_gap(text[end:value.start])]
        if before:
            owner[index] = max(before)[1]
    if not owner:
        return relations
    kept = [rel for rel in relations if not (rel.type == "BELONGS_TO" and rel.head in owner)
            and not (rel.type == "HAS_VALUE" and rel.tail in owner)]
    kept += [Relation("BELONGS_TO", value, project, 0.5) for value, project in owner.items()]
    return sorted(kept, key=lambda rel: (rel.type, rel.head, rel.tail))


def _is_item_gap(gap: str) -> bool:
    link = gap[_ITEM_WORDS.match(gap).end():]
    return not link or LINK_WORDS.fullmatch(link) is not None


def _from_an_earlier_clause(text: str, indicator: Span, value: Span) -> bool:
    """An indicator named before the value's clause: `调整预算数为202.06万元，其中：“…资金”54.35万元` is not
    the item's measure, as `安排财政资金发放…津贴10万元` is."""
    return indicator.end <= clause_start(text, value.start)


def _paid_funds(text: str, spans: list[Span], relations: list[Relation]) -> tuple[list[Span], list[Relation]]:
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
        elif len(touching) == 1 and _reads_the_fund(spans[touching[0]], where, (touching[0], index) in has_value):
            spans[touching[0]] = replace(spans[touching[0]], start=where[0], end=where[1],
                                         text=text[where[0]:where[1]], label="PROJECT")
            fund_of[index] = touching[0]
    return (spans, relations) if not fund_of else _relinked(spans, relations, fund_of)


def _reads_the_fund(span: Span, where: tuple[int, int], measures_the_amount: bool) -> bool:
    """Whether `span` is the model's reading of the fund name at `where`: the whole name as an indicator of
    the amount, or its tail (`划拨镇街（开发区）工联会工作经费` → `工联会工作经费`) as that indicator or as a
    PROJECT. A bare fund word is a generic word the model chose on purpose (`…建设项目资金` → `资金`), not a cut name."""
    if span.start < where[0] or span.end != where[1] or span.label not in ("INDICATOR", "PROJECT"):
        return False
    if span.label == "INDICATOR" and not measures_the_amount:
        return False
    return span.start == where[0] or span.end - span.start >= MIN_TAIL


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
