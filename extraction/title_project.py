"""In a project's own report, whatever belongs to no project belongs to the one whose scope it lies in (GUIDELINES 56).

A report titled `2024年度农村公路养护专项资金项目绩效自评报告` is about that fund: the guide's scope
rule gives it the whole report, and the annotations agree (in the 61 annotated documents whose title
names a project, all 2,512 indicators and lone values belong to a project; the 2,098 of them that
belong to the title's project each link to its nearest mention before them). The relation head
leaves some without a project, most often in the targets and the problems sections. After decoding,
in a document whose title lines name a PROJECT and say 绩效, every INDICATOR and every value without
an indicator that belongs to nothing takes the nearest project before it that may govern it: a
mention of the title's project (in full or shortened: `工会事业专项` for `工会事业专项补助`), or a project
that opens a topic (`Outline.projects_opening_topics`) under a heading or list item that no later
one of the same or a higher level has closed (`(2)…“领军杯”职业技能大赛…（3）…` — item (3) is no longer
the contest's). Department-level reports (`部门整体支出绩效自评报告`) name no project in their title and
are left alone.
"""
from __future__ import annotations

import bisect

from extraction.document import VALUE_LABELS, Relation, Span
from extraction.project_filter import project_key
from extraction.sections import TITLE_LINES, Outline, heading_level
from extraction.sentences import sentence_bounds


def link_to_title_project(text: str, spans: list[Span], relations: list[Relation]) -> list[Relation]:
    """`relations` with every indicator and lone value that belongs to nothing linked to the project
    whose scope it lies in: the nearest topic-opening project before it whose section is still open,
    or the nearest mention of the title's project."""
    outline = Outline(text)
    title_end = outline.line_starts[TITLE_LINES] - 1 if len(outline.line_starts) > TITLE_LINES else len(text)
    titled = [span for span in spans if span.label == "PROJECT" and span.end <= title_end]
    if "绩效" not in text[:title_end] or not titled:
        return relations
    bounds = sentence_bounds(text)
    name = project_key(titled[0].text)
    own = {index for index, span in enumerate(spans) if span.label == "PROJECT" and _names(span, name)}
    candidates = sorted(own | outline.projects_opening_topics(spans, bounds), key=lambda index: spans[index].end)
    ends = [spans[index].end for index in candidates]
    # the title's project governs to the end; another up to the heading or list item that closes its own
    closes = scope_ends(text, bounds, [spans[index].start for index in candidates])
    closes = [len(text) if index in own else close for index, close in zip(candidates, closes)]
    measured = {rel.tail for rel in relations if rel.type == "HAS_VALUE"}
    owned = {rel.head for rel in relations if rel.type == "BELONGS_TO"}
    added = []
    for index, span in enumerate(spans):
        if index in owned or not (span.label == "INDICATOR" or (span.label in VALUE_LABELS and index not in measured)):
            continue
        # the nearest mention before the span whose scope reaches it (a title mention always does)
        for position in range(bisect.bisect_right(ends, span.start) - 1, -1, -1):
            if closes[position] > span.start:
                added.append(Relation("BELONGS_TO", index, candidates[position], 0.5))
                break
    return sorted(relations + added, key=lambda rel: (rel.type, rel.head, rel.tail)) if added else relations


def _names(span: Span, name: str) -> bool:
    """Whether `span` names the title's project, in full or shortened (`工会事业专项` for `工会事业专项补助`)."""
    key = project_key(span.text)
    return key in name or name in key


def scope_ends(text: str, bounds: list[tuple[int, int]], offsets: list[int]) -> list[int]:
    """For each offset, where the section or list item it stands under closes: the start of the next
    sentence that begins with a heading number of the same or a higher level (`(2)…（3）…`, `三、…五、`);
    the end of the text for an offset under no heading."""
    markers = [(start, level) for start, end in bounds if (level := heading_level(text[start:end])) is not None]
    starts = [start for start, _ in markers]
    # next_close[k]: the first marker after marker k whose level is k's or higher (a lower number)
    next_close, pending = [len(text)] * len(markers), []
    for position, (start, level) in enumerate(markers):
        while pending and markers[pending[-1]][1] >= level:
            next_close[pending.pop()] = start
        pending.append(position)
    ends = []
    for offset in offsets:
        under = bisect.bisect_right(starts, offset) - 1
        ends.append(next_close[under] if under >= 0 else len(text))
    return ends
