"""Corpus maintenance: add reports, apply hand-written markup, keep the manifest in step."""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from pathlib import Path

from annotations.markup import parse_markup, render_markup
from annotations.tasks import MANIFEST_NAME, CorpusDoc, doc_from_task, read_task_file, task_from_doc, write_task_file
from extraction.export import write_atomic
from extraction.ingest import read_document
from extraction.normalize import NORMALIZER_VERSION, normalize
from extraction.rules import RuleTagger


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_report(source: Path, folder: Path, synthetic: bool = False, prefill: bool = True) -> Path:
    """Normalise a report into a new task (values pre-annotated by the rule tagger) and list it."""
    document = read_document(source)
    text = normalize(document.text).text
    spans = RuleTagger()(text) if prefill else []
    data = {"source": source.name, "sha256": sha256_of(source), "synthetic": synthetic,
            "normalizer_version": NORMALIZER_VERSION}
    doc = CorpusDoc(source.stem, text, spans, [], data)
    path = folder / f"{source.stem}.json"
    write_task_file(path, task_from_doc(doc, when=_now()))
    update_manifest(folder, path.name, data, len(text))
    return path


def update_manifest(folder: Path, file_name: str, data: dict, chars: int) -> None:
    manifest_path = folder / MANIFEST_NAME
    entries = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else []
    entries = [entry for entry in entries if entry.get("file") != file_name]
    entries.append({"file": file_name, "source": data["source"], "sha256": data["sha256"],
                    "normalizer_version": data["normalizer_version"], "synthetic": data["synthetic"],
                    "chars": chars})
    entries.sort(key=lambda entry: entry["file"])
    write_atomic(manifest_path, (json.dumps(entries, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def to_markup(path: Path) -> str:
    doc = doc_from_task(read_task_file(path), path.stem)
    return render_markup(doc.text, doc.spans, doc.relations)


def apply_markup(path: Path, markup: str) -> CorpusDoc:
    """Replace the annotation of task `path` with the markup's; the stripped text must match exactly."""
    task = read_task_file(path)
    text, spans, relations = parse_markup(markup)
    expected = task["data"]["text"]
    if text != expected:
        raise ValueError(f"{path.name}: markup text differs from the task text {_first_difference(text, expected)}")
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    position = {old: new for new, old in enumerate(order)}
    spans = [spans[i] for i in order]
    relations = [type(rel)(rel.type, position[rel.head], position[rel.tail]) for rel in relations]
    data = {key: value for key, value in task["data"].items() if key != "text"}
    doc = CorpusDoc(path.stem, text, spans, relations, data)
    write_task_file(path, task_from_doc(doc, task_id=task.get("id", 1), when=_now()))
    return doc


def _first_difference(got: str, expected: str) -> str:
    index = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
    return (f"at character {index}: markup has {got[max(0, index - 15):index + 15]!r}, "
            f"task has {expected[max(0, index - 15):index + 15]!r}")


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
