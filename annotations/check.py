"""Validate corpus tasks: every problem is one precise line naming the file and the region."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from annotations.tasks import FROM_NAME, MANIFEST_NAME, TO_NAME, pick_annotation, read_task_file, task_files
from extraction.document import LABELS, VALUE_LABELS
from extraction.sentences import sentence_bounds, sentence_index

ALLOWED_RELATIONS = {
    "HAS_VALUE": ({"INDICATOR"}, set(VALUE_LABELS)),
    "BELONGS_TO": ({"INDICATOR", *VALUE_LABELS}, {"PROJECT"}),
}


def check_task(task: dict) -> list[str]:
    """Problems of one task (empty when valid)."""
    text = task.get("data", {}).get("text")
    if not isinstance(text, str) or not text:
        return ["data.text is missing or empty"]
    annotation, _ = pick_annotation(task)
    if annotation is None:
        return ["no annotation that is not cancelled"]
    result = annotation.get("result", [])
    regions = [item for item in result if item.get("type") == "labels"]
    relations = [item for item in result if item.get("type") == "relation"]
    unknown = [item.get("type") for item in result if item.get("type") not in ("labels", "relation")]
    problems = [f"result item of unknown type {kind!r}" for kind in unknown]
    problems += _check_regions(text, regions)
    if not problems:
        problems += _check_relations(text, regions, relations)
    return problems


def _check_regions(text: str, regions: list[dict]) -> list[str]:
    problems = []
    counts = Counter(item.get("id") for item in regions)
    problems += [f"region id {rid!r} used {n} times" for rid, n in counts.items() if n > 1]
    placed = []
    for item in regions:
        where = f"region {item.get('id')!r}"
        value = item.get("value", {})
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        if item.get("from_name") != FROM_NAME or item.get("to_name") != TO_NAME:
            problems.append(f"{where}: from_name/to_name must be {FROM_NAME!r}/{TO_NAME!r}")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            problems.append(f"{where}: offsets {start}..{end} out of range 0..{len(text)}")
            continue
        if not isinstance(labels, list) or len(labels) != 1 or labels[0] not in LABELS:
            problems.append(f"{where}: labels {labels!r} must be one of {', '.join(LABELS)}")
            continue
        if text[start:end] != value.get("text"):
            problems.append(f"{where}: text {value.get('text')!r} differs from data.text[{start}:{end}] = {text[start:end]!r}")
        elif text[start].isspace() or text[end - 1].isspace():
            problems.append(f"{where}: span {text[start:end]!r} starts or ends with whitespace")
        placed.append((start, end, item.get("id")))
    placed.sort()
    for (s1, e1, id1), (s2, e2, id2) in zip(placed, placed[1:]):
        if s2 < e1:
            problems.append(f"regions {id1!r} {s1}..{e1} and {id2!r} {s2}..{e2} overlap")
    return problems


def _check_relations(text: str, regions: list[dict], relations: list[dict]) -> list[str]:
    problems = []
    by_id = {item["id"]: item for item in regions}
    bounds = sentence_bounds(text)
    has_value_into = Counter()
    belongs_from = Counter()
    seen = Counter()
    for item in relations:
        head_id, tail_id, labels = item.get("from_id"), item.get("to_id"), item.get("labels") or []
        where = f"relation {head_id!r} → {tail_id!r}"
        if len(labels) != 1 or labels[0] not in ALLOWED_RELATIONS:
            problems.append(f"{where}: labels {labels!r} must be one of HAS_VALUE, BELONGS_TO")
            continue
        kind = labels[0]
        seen[(head_id, tail_id, kind)] += 1
        if head_id not in by_id or tail_id not in by_id:
            missing = head_id if head_id not in by_id else tail_id
            problems.append(f"{where}: endpoint {missing!r} does not exist")
            continue
        head, tail = by_id[head_id]["value"], by_id[tail_id]["value"]
        heads_ok, tails_ok = ALLOWED_RELATIONS[kind]
        if head["labels"][0] not in heads_ok or tail["labels"][0] not in tails_ok:
            problems.append(f"{where}: {kind} cannot go from {head['labels'][0]} to {tail['labels'][0]}")
            continue
        if kind == "HAS_VALUE":
            has_value_into[tail_id] += 1
            if sentence_index(bounds, head["start"]) != sentence_index(bounds, tail["start"]):
                problems.append(f"{where}: HAS_VALUE {head['text']!r} → {tail['text']!r} crosses a sentence end")
        else:
            belongs_from[head_id] += 1
    problems += [f"value {rid!r} has {n} HAS_VALUE relations (at most 1)" for rid, n in has_value_into.items() if n > 1]
    problems += [f"entity {rid!r} has {n} BELONGS_TO relations (at most 1)" for rid, n in belongs_from.items() if n > 1]
    problems += [f"relation {h!r} → {t!r} ({k}) repeated {n} times" for (h, t, k), n in seen.items() if n > 1]
    return problems


def check_corpus(folder: Path) -> list[str]:
    """Problems of every task file and of the manifest, each prefixed with the file name."""
    problems = []
    files = task_files(folder)
    if not files:
        return [f"{folder}: no task files"]
    for path in files:
        try:
            task = read_task_file(path)
        except (ValueError, json.JSONDecodeError) as error:
            problems.append(f"{path.name}: {error}")
            continue
        problems += [f"{path.name}: {problem}" for problem in check_task(task)]
    problems += _check_manifest(folder, files)
    return problems


def _check_manifest(folder: Path, files: list[Path]) -> list[str]:
    manifest_path = folder / MANIFEST_NAME
    if not manifest_path.exists():
        return [f"{MANIFEST_NAME}: missing"]
    entries = {entry.get("file"): entry for entry in json.loads(manifest_path.read_text(encoding="utf-8"))}
    problems = [f"{MANIFEST_NAME}: {path.name} is not listed" for path in files if path.name not in entries]
    names = {path.name for path in files}
    problems += [f"{MANIFEST_NAME}: lists {name} but the file is missing" for name in entries if name not in names]
    for name, entry in entries.items():
        missing = [key for key in ("source", "sha256", "normalizer_version", "synthetic") if key not in entry]
        if missing:
            problems.append(f"{MANIFEST_NAME}: {name} lacks {', '.join(missing)}")
    return problems
