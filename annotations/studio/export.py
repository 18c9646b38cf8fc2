"""Label Studio export (full JSON, UTF-16 offsets) → corpus tasks (code points): works without a server.

Every task contributes its most recent non-cancelled annotation; the others are named in the
report. All tasks are converted and validated before anything is written, and nothing is
written when one of them fails. Replaced corpus files are copied to `<corpus>/.backup/<time>/`.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from annotations.check import check_task
from annotations.studio.connection import StudioError
from annotations.studio.results import code_point_result
from annotations.tasks import (MANIFEST_NAME, CorpusDoc, doc_from_task, pick_annotation, read_task_file,
                               task_from_doc, write_task_file)

BACKUP_DIR = ".backup"


class ExportProblems(StudioError):
    """An export that does not validate: every problem is kept, the message names the first."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{len(problems)} problem(s) in the export, nothing written: {problems[0]}{more}")


@dataclass
class ConvertedTask:
    """One exported task: its corpus document (None when it has no usable annotation) and what to report."""

    label: str
    task_id: int
    doc: CorpusDoc | None
    annotation: dict | None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    backup: Path | None = None

    def lines(self) -> list[str]:
        lines = [f"added {name}" for name in self.added]
        lines += [f"replaced {name} (previous version in {self.backup})" for name in self.replaced]
        lines += [f"unchanged {name}" for name in self.unchanged]
        lines += [f"skipped {label}" for label in self.skipped]
        return lines + [f"note: {note}" for note in self.notes]


def read_export(path: Path) -> list[dict]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StudioError(f"{path}: cannot read a Label Studio JSON export ({error})") from error
    if not isinstance(payload, list) or not all(isinstance(task, dict) for task in payload):
        raise StudioError(f"{path}: expected a list of tasks (export with the JSON format, not JSON_MIN or CSV)")
    return payload


def convert_task(task: dict) -> ConvertedTask:
    """The chosen annotation of one exported task, in code points, checked by the corpus rules."""
    data = dict(task.get("data") or {})
    label = _task_label(task)
    task_id = task["id"] if isinstance(task.get("id"), int) else 1
    text = data.get("text")
    if not isinstance(text, str) or not text:
        return ConvertedTask(label, task_id, None, None, ["data.text is missing or empty"])
    annotation, others = pick_annotation(task)
    if annotation is None:
        return ConvertedTask(label, task_id, None, None)
    result, problems = code_point_result(text, annotation.get("result") or [])
    converted = {"data": data, "annotations": [{**annotation, "result": result}]}
    problems += [] if problems else check_task(converted)
    notes = [_others_note(annotation, others)] if others else []
    if problems:
        return ConvertedTask(label, task_id, None, annotation, problems, notes)
    doc = doc_from_task(converted, _file_stem(data, task))
    doc.data = _with_manifest_fields(doc.data, text, task.get("id"))
    return ConvertedTask(label, task_id, doc, annotation, [], notes)


def import_export(export: list[dict], folder: Path) -> MergeReport:
    """Merge an export into the corpus folder: new documents added, changed ones replaced (backed up)."""
    converted = [convert_task(task) for task in export]
    problems = [f"{item.label}: {problem}" for item in converted for problem in item.problems]
    problems += _repeated_documents(converted)
    if problems:
        raise ExportProblems(problems)
    folder.mkdir(parents=True, exist_ok=True)
    report = MergeReport(notes=[f"{item.label}: {note}" for item in converted for note in item.notes])
    report.skipped = [f"{item.label}: no annotation that is not cancelled" for item in converted if item.doc is None]
    targets = _target_files(folder, [item for item in converted if item.doc is not None])
    for path, item in targets:
        _merge_one(folder, path, item, report)
    return report


def _merge_one(folder: Path, path: Path, item: ConvertedTask, report: MergeReport) -> None:
    from annotations.corpus import update_manifest  # brings in ingest (PDF, DOCX readers): only when writing

    doc = item.doc
    if path.exists():
        if _content(doc_from_task(read_task_file(path), path.stem)) == _content(doc):
            report.unchanged.append(path.stem)
            return
        report.backup = report.backup or _new_backup_dir(folder)
        shutil.copy2(path, report.backup / path.name)
        report.replaced.append(path.stem)
    else:
        report.added.append(path.stem)
    annotator = item.annotation.get("completed_by")
    annotator = annotator.get("id") if isinstance(annotator, dict) else annotator
    when = item.annotation.get("updated_at") or item.annotation.get("created_at") or ""
    write_task_file(path, task_from_doc(doc, task_id=item.task_id, annotator=annotator, when=when))
    update_manifest(folder, path.name, doc.data, len(doc.text))


def _target_files(folder: Path, items: list[ConvertedTask]) -> list[tuple[Path, ConvertedTask]]:
    """The corpus file of each document: the one listed with its sha256, else a new free name."""
    by_sha = {entry.get("sha256"): entry.get("file") for entry in _manifest(folder)}
    taken = {path.name for path in folder.glob("*.json")}
    targets = []
    for item in items:
        name = by_sha.get(item.doc.data["sha256"])
        if name is None:
            name = f"{item.doc.name}.json"
            if name in taken:
                name = f"{item.doc.name}_{item.doc.data['sha256'][:8]}.json"
        taken.add(name)
        targets.append((folder / name, item))
    return targets


def _repeated_documents(items: list[ConvertedTask]) -> list[str]:
    first_label: dict[str, str] = {}
    problems = []
    for item in items:
        if item.doc is None:
            continue
        sha = item.doc.data["sha256"]
        if sha in first_label:
            problems.append(f"{first_label[sha]} and {item.label} hold the same document (sha256 {sha[:12]}…): "
                            "delete one of them in Label Studio")
        first_label.setdefault(sha, item.label)
    return problems


def _content(doc: CorpusDoc) -> tuple:
    spans = [(span.start, span.end, span.label) for span in doc.spans]
    relations = [(rel.type, rel.head, rel.tail) for rel in doc.relations]
    return doc.text, spans, relations, doc.data


def _with_manifest_fields(data: dict, text: str, task_id) -> dict:
    """What the manifest needs; a task made outside reportie gets its text's hash and no normaliser version."""
    return {**data,
            "source": data.get("source") or f"labelstudio-task-{task_id}",
            "sha256": data.get("sha256") or hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "normalizer_version": data.get("normalizer_version"),
            "synthetic": bool(data.get("synthetic", False))}


def _file_stem(data: dict, task: dict) -> str:
    stem = Path(str(data["source"])).stem if data.get("source") else f"labelstudio_task_{task.get('id')}"
    return "".join(char if char.isalnum() or char in "-_." else "_" for char in stem) or "task"


def _task_label(task: dict) -> str:
    source = (task.get("data") or {}).get("source")
    return f"task {task.get('id')}" + (f" ({source})" if source else "")


def _others_note(chosen: dict, others: list[dict]) -> str:
    described = ", ".join(_describe_annotation(ann) + (" cancelled" if ann.get("was_cancelled") else "")
                          for ann in others)
    return f"used {_describe_annotation(chosen)}; not used: {described}"


def _describe_annotation(annotation: dict) -> str:
    who = annotation.get("completed_by")
    who = who.get("email") or who.get("id") if isinstance(who, dict) else who
    when = annotation.get("updated_at") or annotation.get("created_at") or "?"
    return f"annotation {annotation.get('id')} by user {who} at {when}"


def _manifest(folder: Path) -> list[dict]:
    path = folder / MANIFEST_NAME
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def _new_backup_dir(folder: Path) -> Path:
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    backup = folder / BACKUP_DIR / stamp
    backup.mkdir(parents=True)
    if (folder / MANIFEST_NAME).exists():
        shutil.copy2(folder / MANIFEST_NAME, backup / MANIFEST_NAME)
    return backup
