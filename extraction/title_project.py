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
    markers = [(start, level) for start, end in bounds if (level := heading_level(text[start:end])) is not None]
    name = project_key(titled[0].text)
    candidates = sorted({index for index, span in enumerate(spans) if span.label == "PROJECT" and _names(span, name)}
                        | outline.projects_opening_topics(spans, bounds), key=lambda index: spans[index].end)
    measured = {rel.tail for rel in relations if rel.type == "HAS_VALUE"}
    owned = {rel.head for rel in relations if rel.type == "BELONGS_TO"}
    added = []
    for index, span in enumerate(spans):
        if index in owned or not (span.label == "INDICATOR" or (span.label in VALUE_LABELS and index not in measured)):
            continue
        scope = [mention for mention in candidates if spans[mention].end <= span.start
                 and (_names(spans[mention], name) or _in_scope(markers, spans[mention].start, span.start))]
        if scope:
            added.append(Relation("BELONGS_TO", index, scope[-1], 0.5))
    return sorted(relations + added, key=lambda rel: (rel.type, rel.head, rel.tail)) if added else relations


def _names(span: Span, name: str) -> bool:
    """Whether `span` names the title's project, in full or shortened (`工会事业专项` for `工会事业专项补助`)."""
    key = project_key(span.text)
    return key in name or name in key


def _in_scope(markers: list[tuple[int, int]], mention: int, offset: int) -> bool:
    """Whether no numbered heading or list item between a mention and `offset` closes the one the mention
    stands under (`(2)…“领军杯”职业技能大赛…（3）第一届全省…`). `markers`: (start, level) of every sentence
    that begins with a heading number."""
    before = [level for start, level in markers if start <= mention]
    if not before:
        return True
    return all(level > before[-1] for start, level in markers if mention < start <= offset)
