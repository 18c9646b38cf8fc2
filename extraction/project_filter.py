"""PROJECT mentions of names that nothing in the document is reported for, dropped.

The guide makes a campaign or slogan a PROJECT "only when it is reported with its own money or
output", and GUIDELINES decision 1 drops a project "mentioned only in passing (no money, no
output, no indicator reported for it anywhere in the document)". After the relation head has
decoded, that is visible: no INDICATOR or value BELONGS_TO any mention of the name. Mentions are
grouped by their name without quotes; a shorter name inside a reported one is a shortened mention
of it and stays (`创新创业大赛` after `“科技杯”创新创业大赛`, decisions 26 and 36).

Applied to the gold annotations of the corpus, it keeps 64 of the 66 PROJECT mentions of the real
reports (the two it drops are mentions of a name with no BELONGS_TO in the gold either). On the
bench fold models of 2026-11-23b it took PROJECT F1 from 0.392 to 0.452 (precision per held-out
report 0.69 → 1.00, 0.68 → 0.74, 0.17 → 0.31, 004 none right either way) and left every record
unchanged, as records only read projects that something belongs to.
"""
from __future__ import annotations

from collections import defaultdict

from extraction.document import Relation, Span, reindexed
from extraction.quote_trim import QUOTE_PAIRS

_QUOTES = set(QUOTE_PAIRS) | set(QUOTE_PAIRS.values())


def drop_unreported_projects(spans: list[Span], relations: list[Relation]) -> tuple[list[Span], list[Relation]]:
    """The spans without unreported PROJECT mentions, the relations re-indexed to match."""
    dropped = unreported_mentions(spans, relations)
    if not dropped:
        return spans, relations
    kept = [index for index in range(len(spans)) if index not in dropped]
    return [spans[index] for index in kept], reindexed(relations, {old: new for new, old in enumerate(kept)})


def unreported_mentions(spans: list[Span], relations: list[Relation]) -> set[int]:
    """Indices of the PROJECT spans whose name (or a longer name holding it) has nothing BELONGS_TO it."""
    mentions: dict[str, list[int]] = defaultdict(list)
    for index, span in enumerate(spans):
        if span.label == "PROJECT":
            mentions[project_key(span.text)].append(index)
    owners = {rel.tail for rel in relations if rel.type == "BELONGS_TO"}
    reported = [key for key, indices in mentions.items() if owners.intersection(indices)]
    return {index for key, indices in mentions.items()
            if not any(key in name for name in reported) for index in indices}


def project_key(name: str) -> str:
    """The name as its mentions share it: quotes and blanks left out."""
    return "".join(char for char in name if char not in _QUOTES and not char.isspace())
