"""An indicator for a value the model left without one, where the text names it right before.

Reports write a measure and its figure back to back: `收入预算执行完成100%`, `仪器设备值大于1.35万元/生`,
`征集会员意见建议1059条`. When the relation head links no INDICATOR to such a value (most often
because the model found no span there), the phrase between the start of its clause and the value
becomes the indicator, with what the guide keeps outside cut off: a year or 全年/累计 in front
(guide; GUIDELINES 29), lead-in words (`其中`, `一是`), and the linking word before the figure
(完成, 为, 达到, 大于, 共, 约 …). Only a short phrase of Chinese characters qualifies, one that no
other span touches; anything else is left alone, as a wrong indicator costs a record as much as a
missing one. The value's BELONGS_TO moves to the new indicator, as the guide links the indicator.

A share written `占…` (`占比0%`, `占支出预算75.95%`) is the share of the indicator named before it (guide
rule 4): it takes a HAS_VALUE from the last INDICATOR before it in its sentence, and `占…` never
becomes an indicator. With the gold ratio links taken out of the 114 annotated documents, this puts
back 106 of 106 exactly.
"""
from __future__ import annotations

import re
from dataclasses import replace

from extraction.document import VALUE_LABELS, Relation, Span, in_text_order, reindexed
from extraction.sentences import sentence_bounds, sentence_index

MAX_LENGTH = 16
_CLAUSE_START = re.compile(r"[，,。；;：:！!？?\n]")
_LEAD_IN = re.compile(r"^(?:(?:19|20)\d{2}年(?:度)?|其中|全年|累计|[一二三四五六七八九十]是|另外|同时|此外|预期|预计|计划|"
                      r"我会|我市|我局|我院|我校|本单位|本部门)+")
LINK_WORDS = re.compile(r"(?:完成了?|为|达到了?|达|大于|小于|不少于|不低于|超过|高于|低于|共计|合计|总计|共|(?<!节)约|近|逾|是)+$")
_NAME = re.compile(r"^[\u4e00-\u9fff“”、（）]+$")
# A sum after a fund's name is the fund's (a PROJECT in a department report, GUIDELINES 15 and 27),
# not an indicator's: left to the model.
FUND_END = re.compile(r"(?:经费|资金|补助|补贴|津贴|帮扶金|慰问金|救助金|专项)$")
_VERB_END = re.compile(r"(?:发放|开展|组织|举办|落实|拨付|下拨|划拨|安排|获得|获)$")  # an act, not what it measures
_CJK = re.compile(r"[\u4e00-\u9fff]")
# `占…` before a share: the share of what was named before it (guide rule 4), never an indicator
_SHARE = re.compile(r"\s*占[^，,。；;：:！!？?\n]{0,20}$")
# A change stated against an earlier figure: a value of the indicator before it, never a name (GUIDELINES 4)
_CHANGE_VERB = "(?:增长|上升|下降|提高|减少|降低|增加|缩短|延长|增幅|降幅)"
CHANGE_WORDS = re.compile(rf"(?:(?:同比|环比|比上年|较上年|比去年|较去年|比年初|较年初|与上年相比)[，,]?{_CHANGE_VERB}?"
                          rf"|{_CHANGE_VERB})了?")


def add_orphan_indicators(text: str, spans: list[Span], relations: list[Relation]) -> tuple[list[Span], list[Relation]]:
    """The spans with an INDICATOR added before every value that has none and a name right before it."""
    relations = relations + share_links(text, spans, relations)
    linked = {rel.tail for rel in relations if rel.type == "HAS_VALUE"}
    added = [(index, found) for index, span in enumerate(spans)
             if span.label in VALUE_LABELS and index not in linked
             for found in [indicator_before(text, span, spans)] if found]
    if not added:
        return spans, sorted(relations, key=lambda rel: (rel.type, rel.head, rel.tail))
    merged, new_index = in_text_order(spans + [found for _, found in added])
    indicator_of = {new_index[value]: new_index[len(spans) + k] for k, (value, _) in enumerate(added)}
    moved = [replace(rel, head=indicator_of[rel.head]) if rel.type == "BELONGS_TO" and rel.head in indicator_of else rel
             for rel in reindexed(relations, new_index)]
    moved += [Relation("HAS_VALUE", indicator, value, 0.5) for value, indicator in indicator_of.items()]
    moved += share_links(text, merged, moved)  # a share or change of a value whose name was just added
    return merged, sorted(moved, key=lambda rel: (rel.type, rel.head, rel.tail))


def share_links(text: str, spans: list[Span], relations: list[Relation]) -> list[Relation]:
    """HAS_VALUE links for the unlinked shares written `占…` and the unlinked changes written in a clause
    of their own (`，同比上升1.8个百分点`): from the INDICATOR named last before the value in its sentence
    (guide rule 4: `图书档案账面净值0万元，占比0%` → `图书档案账面净值`; GUIDELINES 4: a change is of the
    indicator it follows; 67 of the 68 such changes in the corpus are annotated so)."""
    linked = {rel.tail for rel in relations if rel.type == "HAS_VALUE"}
    shares = [(index, start) for index, span in enumerate(spans) if span.label in VALUE_LABELS and index not in linked
              for start in [clause_start(text, span.start)]
              if (span.label == "RATIO" and _SHARE.match(text, start, span.start))
              or CHANGE_WORDS.fullmatch(text[start:span.start].strip())]
    bounds = sentence_bounds(text) if shares else []
    links = []
    for index, start in shares:
        sentence = sentence_index(bounds, spans[index].start)
        before = [n for n, other in enumerate(spans) if other.label == "INDICATOR" and other.end <= start
                  and sentence_index(bounds, other.start) == sentence]
        if before:
            links.append(Relation("HAS_VALUE", max(before, key=lambda n: spans[n].end), index, 0.5))
    return links


def indicator_before(text: str, value: Span, spans: list[Span]) -> Span | None:
    """The name written between the clause start and `value`, trimmed as the module says; else None."""
    start, end = clause_start(text, value.start), value.start
    start = _after_list_item(text, start, end, spans)
    lead = _LEAD_IN.match(text[start:end])
    start += lead.end() if lead else 0
    link = LINK_WORDS.search(text[start:end])
    end = start + link.start() if link else end
    name = text[start:end]
    if not 2 <= len(name) <= MAX_LENGTH or not _NAME.match(name) or FUND_END.search(name) or _VERB_END.search(name) \
            or _unpaired(name) or name.startswith("占") or CHANGE_WORDS.fullmatch(name):
        return None
    if value.label == "COUNT" and _CJK.match(text, value.end):
        return None  # a noun after a count is what it counts (guide rule 2): the model's call
    if any(span.start < end and start < span.end for span in spans):
        return None
    return Span(start, end, "INDICATOR", name, 0.5, "rules")


def _after_list_item(text: str, start: int, end: int, spans: list[Span]) -> int:
    """Past the last value of the clause before `end` and the list mark after it: in
    `召开党员大会6次、支委会16次` the name of `16次` starts after `6次、`."""
    ends = [span.end for span in spans if span.label in VALUE_LABELS and start <= span.end <= end and span.start >= start]
    if not ends or not text.startswith("、", max(ends)):
        return start
    return max(ends) + 1


def clause_start(text: str, position: int, reach: int = 40) -> int:
    """Where the clause holding `position` starts: after the last clause mark within `reach` characters."""
    earliest = max(0, position - reach)
    return max((mark.end() for mark in _CLAUSE_START.finditer(text, earliest, position)), default=earliest)


def _unpaired(name: str) -> bool:
    return name.count("“") != name.count("”") or name.count("（") != name.count("）")
