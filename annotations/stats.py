"""Tables about the corpus: sizes, label counts, and how well the rule tagger does on it."""
from __future__ import annotations

from collections import Counter

from annotations.tasks import CorpusDoc
from extraction.document import LABELS, RELATION_TYPES, VALUE_LABELS
from extraction.scorer import score_items, span_items

COLUMNS = ("chars", *LABELS, *RELATION_TYPES)


def doc_counts(doc: CorpusDoc) -> Counter:
    counts = Counter(span.label for span in doc.spans)
    counts.update(rel.type for rel in doc.relations)
    counts["chars"] = len(doc.text)
    return counts


def corpus_stats_table(docs: list[CorpusDoc]) -> str:
    """Per-document rows, then a total for real and for synthetic documents, then the grand total."""
    rows = [(doc.name + (" (synthetic)" if doc.synthetic else ""), doc_counts(doc)) for doc in docs]
    for title, group in (("TOTAL real", [d for d in docs if not d.synthetic]),
                         ("TOTAL synthetic", [d for d in docs if d.synthetic])):
        rows.append((f"{title} ({len(group)} docs)", sum((doc_counts(d) for d in group), Counter())))
    rows.append((f"TOTAL ({len(docs)} docs)", sum((doc_counts(d) for d in docs), Counter())))
    return _table(("document", *COLUMNS), [(name, *(counts[c] for c in COLUMNS)) for name, counts in rows])


def rules_score(docs: list[CorpusDoc]) -> dict[str, dict]:
    from extraction.rules import RuleTagger

    tagger = RuleTagger()
    gold, predicted = [], []
    for doc in docs:
        gold += span_items(doc.name, doc.spans, VALUE_LABELS)
        predicted += span_items(doc.name, tagger(doc.text), VALUE_LABELS)
    return score_items(gold, predicted)


def rules_score_table(docs: list[CorpusDoc]) -> str:
    scores = rules_score(docs)
    rows = [(label, s["gold"], s["pred"], s["tp"], f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f']:.3f}")
            for label, s in scores.items()]
    return _table(("label", "gold", "pred", "tp", "P", "R", "F1"), rows)


def _table(header: tuple, rows: list[tuple]) -> str:
    cells = [tuple(str(value) for value in row) for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(value.rjust(widths[i]) if i else value.ljust(widths[i]) for i, value in enumerate(row))
             for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
