"""Extraction accuracy: entities (seqeval, strict, character BIO), relations, records.

Every function takes gold `CorpusDoc`s and predictions `(spans, relations)` on the same texts and
returns plain dicts, so benchmarks score every system the same way.
"""
from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path

from annotations.tasks import CorpusDoc
from extraction.document import LABELS, VALUE_LABELS, Relation, Span
from extraction.linker import build_records
from extraction.scorer import prf, relation_items, score_items

Prediction = tuple[list[Span], list[Relation]]


def char_bio(length: int, spans: list[Span]) -> list[str]:
    """IOB2 tags, one per character."""
    tags = ["O"] * length
    for span in spans:
        tags[span.start] = f"B-{span.label}"
        for index in range(span.start + 1, span.end):
            tags[index] = f"I-{span.label}"
    return tags


def entity_scores(gold_docs: list[CorpusDoc], predictions: list[Prediction]) -> dict:
    """seqeval strict P/R/F1 per label, micro over all labels and over the value labels."""
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    gold = [char_bio(len(doc.text), doc.spans) for doc in gold_docs]
    predicted = [char_bio(len(doc.text), spans) for doc, (spans, _) in zip(gold_docs, predictions)]
    report = classification_report(gold, predicted, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    gold_counts, predicted_counts = Counter(), Counter()
    for doc, (spans, _) in zip(gold_docs, predictions):
        gold_counts.update(span.label for span in doc.spans)
        predicted_counts.update(span.label for span in spans)
    scores = {}
    for label in LABELS:
        recall = float(report[label]["recall"]) if label in report else 0.0
        scores[label] = prf(round(recall * gold_counts[label]), predicted_counts[label], gold_counts[label])
    scores["ALL"] = _micro([scores[label] for label in LABELS])
    scores["VALUES"] = _micro([scores[label] for label in VALUE_LABELS])
    return scores


def _micro(rows: list[dict]) -> dict:
    return prf(sum(row["tp"] for row in rows), sum(row["pred"] for row in rows), sum(row["gold"] for row in rows))


def relation_scores(gold_docs: list[CorpusDoc], predictions: list[Prediction]) -> dict:
    gold, predicted = [], []
    for doc, (spans, relations) in zip(gold_docs, predictions):
        gold += relation_items(doc.name, doc.spans, doc.relations)
        predicted += relation_items(doc.name, spans, relations)
    return score_items(gold, predicted)


def record_keys(doc_name: str, text: str, spans: list[Span], relations: list[Relation]) -> dict[tuple, tuple]:
    """value (doc, start, end, label) → (indicator range or None, project range or None)."""
    keys = {}
    for record in build_records(text, spans, relations):
        value = spans[record.value]
        keys[(doc_name, value.start, value.end, value.label)] = tuple(
            None if index is None else (spans[index].start, spans[index].end)
            for index in (record.indicator, record.project)
        )
    return keys


def record_scores(gold_docs: list[CorpusDoc], predictions: list[Prediction]) -> dict:
    """A record is right when its value span, its indicator and its project all match gold (None too)."""
    correct = gold_total = predicted_total = 0
    for doc, (spans, relations) in zip(gold_docs, predictions):
        gold = record_keys(doc.name, doc.text, doc.spans, doc.relations)
        predicted = record_keys(doc.name, doc.text, spans, relations)
        correct += sum(1 for key, links in gold.items() if predicted.get(key) == links)
        gold_total += len(gold)
        predicted_total += len(predicted)
    scores = prf(correct, predicted_total, gold_total)
    return {"accuracy": scores["r"], "precision": scores["p"], "f": scores["f"],
            "correct": correct, "gold": gold_total, "predicted": predicted_total}


def evaluate(gold_docs: list[CorpusDoc], predictions: list[Prediction]) -> dict:
    return {
        "documents": [doc.name for doc in gold_docs],
        "entities": entity_scores(gold_docs, predictions),
        "relations": relation_scores(gold_docs, predictions),
        "records": record_scores(gold_docs, predictions),
    }


def selection_score(metrics: dict) -> float:
    """One number to pick the best epoch: entities, HAS_VALUE and records weigh the same."""
    return (metrics["entities"]["ALL"]["f"] + metrics["relations"].get("HAS_VALUE", {}).get("f", 0.0)
            + metrics["records"]["accuracy"]) / 3


def worst_errors(gold_docs: list[CorpusDoc], predictions: list[Prediction], limit: int = 40) -> list[dict]:
    """Missed and spurious entities and wrong records, with context, most frequent kinds first."""
    errors = []
    for doc, (spans, relations) in zip(gold_docs, predictions):
        gold = {(s.start, s.end, s.label) for s in doc.spans}
        predicted = {(s.start, s.end, s.label) for s in spans}
        errors += [_entity_error(doc, key, "missed") for key in sorted(gold - predicted)]
        errors += [_entity_error(doc, key, "spurious") for key in sorted(predicted - gold)]
        errors += _record_errors(doc, spans, relations)
    order = {"missed": 0, "wrong record": 1, "spurious": 2}
    return sorted(errors, key=lambda error: order[error["kind"]])[:limit]


def _entity_error(doc: CorpusDoc, key: tuple, kind: str) -> dict:
    start, end, label = key
    return {"kind": kind, "document": doc.name, "label": label, "text": doc.text[start:end],
            "context": _context(doc.text, start, end)}


def _record_errors(doc: CorpusDoc, spans: list[Span], relations: list[Relation]) -> list[dict]:
    gold = record_keys(doc.name, doc.text, doc.spans, doc.relations)
    predicted = record_keys(doc.name, doc.text, spans, relations)
    errors = []
    for key, links in gold.items():
        if key in predicted and predicted[key] != links:
            _, start, end, label = key
            errors.append({"kind": "wrong record", "document": doc.name, "label": label, "text": doc.text[start:end],
                           "context": _context(doc.text, start, end),
                           "gold": _describe(doc.text, links), "predicted": _describe(doc.text, predicted[key])})
    return errors


def _describe(text: str, links: tuple) -> str:
    indicator, project = (text[link[0]:link[1]] if link else "—" for link in links)
    return f"indicator={indicator} project={project}"


def _context(text: str, start: int, end: int, width: int = 20) -> str:
    snippet = text[max(0, start - width):start] + "【" + text[start:end] + "】" + text[end:end + width]
    return snippet.replace("\n", "⏎")


def summarize_folds(fold_metrics: list[dict]) -> dict:
    """Mean and spread (population stdev) of the headline figures over folds."""
    headline = {
        **{f"entity_{label}": lambda m, l=label: m["entities"][l]["f"] for label in (*LABELS, "VALUES", "ALL")},
        "HAS_VALUE": lambda m: m["relations"].get("HAS_VALUE", {}).get("f", 0.0),
        "BELONGS_TO": lambda m: m["relations"].get("BELONGS_TO", {}).get("f", 0.0),
        "record_accuracy": lambda m: m["records"]["accuracy"],
    }
    summary = {}
    for name, get in headline.items():
        values = [get(metrics) for metrics in fold_metrics]
        summary[name] = {"mean": statistics.fmean(values), "spread": statistics.pstdev(values), "folds": values}
    return summary


def markdown_report(metrics: dict, errors: list[dict], title: str) -> str:
    lines = [f"# {title}", "", "| entity | P | R | F1 | gold |", "|---|---|---|---|---|"]
    for label in (*LABELS, "VALUES", "ALL"):
        score = metrics["entities"][label]
        lines.append(f"| {label} | {score['p']:.3f} | {score['r']:.3f} | {score['f']:.3f} | {score['gold']} |")
    lines += ["", "| relation | P | R | F1 | gold |", "|---|---|---|---|---|"]
    for kind, score in metrics["relations"].items():
        lines.append(f"| {kind} | {score['p']:.3f} | {score['r']:.3f} | {score['f']:.3f} | {score['gold']} |")
    records = metrics["records"]
    lines += ["", f"Record accuracy: **{records['accuracy']:.3f}** ({records['correct']} of {records['gold']} gold "
                  f"records right; {records['predicted']} predicted).", "", "## Worst errors", "",
              "| kind | document | label | text | context | gold → predicted |", "|---|---|---|---|---|---|"]
    for error in errors:
        change = f"{error['gold']} → {error['predicted']}" if "gold" in error else ""
        lines.append(f"| {error['kind']} | {error['document'][:12]} | {error['label']} | {_cell(error['text'])} | "
                     f"{_cell(error['context'])} | {_cell(change)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "｜")


def write_reports(folder: Path, stem: str, payload: dict, markdown: str) -> tuple[Path, Path]:
    from extraction.export import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    json_path, md_path = folder / f"{stem}.json", folder / f"{stem}.md"
    write_atomic(json_path, (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    write_atomic(md_path, markdown.encode("utf-8"))
    return json_path, md_path
