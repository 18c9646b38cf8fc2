"""An indicator that begins with a project's name is reported for that project (GUIDELINES 15).

`劳模津贴、劳模春节慰问金按照规定…发放，劳模津贴发放率达98.67%`: the rate is of 劳模津贴, whatever project
was named last. The relation head reads scope and distance and links it to the nearer 劳模春节慰问金;
`drop_unreported_projects` then drops 劳模津贴, which nothing belongs to. After decoding, an INDICATOR
whose text begins with the name of a PROJECT mentioned before it in the same sentence, and goes on
past it, BELONGS_TO the nearest such mention instead.

The corpus annotations follow it everywhere it applies (no link of the 114 documents changes).
"""
from __future__ import annotations

from extraction.document import Relation, Span
from extraction.project_filter import project_key
from extraction.sentences import sentence_bounds, sentence_index

MIN_NAME = 3  # a shorter "name" (`工会`) begins too many indicators by chance


def link_named_projects(text: str, spans: list[Span], relations: list[Relation]) -> list[Relation]:
    """`relations` with every indicator that begins with an earlier project's name of its sentence
    belonging to that project."""
    bounds = sentence_bounds(text)
    projects: dict[int, list[tuple[int, str]]] = {}  # sentence → its PROJECT mentions and their names
    for index, span in enumerate(spans):
        if span.label == "PROJECT" and len(key := project_key(span.text)) >= MIN_NAME:
            projects.setdefault(sentence_index(bounds, span.start), []).append((index, key))
    current = {(rel.head, rel.tail) for rel in relations if rel.type == "BELONGS_TO"}
    owner = {}
    for index, indicator in enumerate(spans):
        if indicator.label == "INDICATOR" and projects:
            named = _named_project(spans, indicator, projects.get(sentence_index(bounds, indicator.start), []))
            if named is not None and (index, named) not in current:
                owner[index] = named
    if not owner:
        return relations
    kept = [rel for rel in relations if not (rel.type == "BELONGS_TO" and rel.head in owner)]
    kept += [Relation("BELONGS_TO", indicator, project, 0.5) for indicator, project in owner.items()]
    return sorted(kept, key=lambda rel: (rel.type, rel.head, rel.tail))


def _named_project(spans: list[Span], indicator: Span, projects: list[tuple[int, str]]) -> int | None:
    name = project_key(indicator.text)
    mentions = [index for index, key in projects
                if spans[index].end <= indicator.start and len(name) > len(key) and name.startswith(key)]
    return max(mentions, key=lambda index: spans[index].end) if mentions else None
