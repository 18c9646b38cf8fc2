"""Push documents as tasks (normalised text, source, page ranges) with the predictor's pre-annotations."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotations.studio.connection import talking_to
from annotations.studio.predictions import Predictor, build_prediction
from extraction.errors import InputError


@dataclass
class PreparedTask:
    source: str
    sha256: str
    data: dict
    prediction: dict | None


@dataclass
class PushReport:
    created: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ([f"created {name}" for name in self.created]
                + [f"new predictions for {name} (already in the project)" for name in self.predicted]
                + [f"unchanged {name} (already in the project)" for name in self.unchanged]
                + [f"skipped {line}" for line in self.failed])


def prepare_task(path: Path, predictor: Predictor | None) -> PreparedTask:
    """Task data in code points (`pages` are ranges of the normalised text) and its validated prediction."""
    from annotations.corpus import sha256_of
    from extraction.ingest import read_document
    from extraction.normalize import NORMALIZER_VERSION, normalize

    document = read_document(path)
    normalized = normalize(document.text)
    text = normalized.text
    sha256 = sha256_of(path)
    pages = [list(normalized.to_normalized(start, end)) for start, end in document.pages]
    data = {"text": text, "source": path.name, "sha256": sha256, "normalizer_version": NORMALIZER_VERSION,
            "synthetic": False, "pages": pages}
    prediction = None
    if predictor is not None:
        spans, relations = predictor(text)
        prediction = build_prediction(text, spans, relations, predictor.version, path.name)
    return PreparedTask(path.name, sha256, data, prediction)


def prepare_tasks(paths: list[Path], predictor: Predictor | None) -> tuple[list[PreparedTask], list[str]]:
    """Every readable document, prepared before anything is sent; unreadable ones as one line each."""
    prepared, failed = [], []
    for path in paths:
        try:
            prepared.append(prepare_task(path, predictor))
        except InputError as error:
            failed.append(str(error))
    return prepared, failed


def push_tasks(client, project_id: int, prepared: list[PreparedTask], url: str) -> PushReport:
    """New documents become tasks; a document already there (same sha256) only gets a prediction it lacks."""
    report = PushReport()
    with talking_to(url):
        existing = existing_tasks(client, project_id)
        new: dict[str, PreparedTask] = {}
        for task in prepared:
            if task.sha256 in existing:
                _add_missing_prediction(client, existing[task.sha256], task, report)
            elif task.sha256 in new:
                report.unchanged.append(task.source)
            else:
                new[task.sha256] = task
        if new:
            payload = [{"data": task.data, "predictions": [task.prediction] if task.prediction else []}
                       for task in new.values()]
            client.projects.import_tasks(project_id, request=payload, return_task_ids=True)
            report.created += [task.source for task in new.values()]
    return report


def existing_tasks(client, project_id: int) -> dict[str, tuple[int, set[str]]]:
    """sha256 in `data` → (task id, model versions of its predictions)."""
    found = {}
    for task in client.tasks.list(project=project_id, fields="all"):
        sha256 = (task.data or {}).get("sha256")
        if sha256:
            versions = {prediction.model_version for prediction in (task.predictions or [])}
            found[sha256] = (task.id, versions)
    return found


def _add_missing_prediction(client, existing: tuple[int, set[str]], task: PreparedTask, report: PushReport) -> None:
    task_id, versions = existing
    if task.prediction is None or task.prediction["model_version"] in versions:
        report.unchanged.append(task.source)
        return
    client.predictions.create(task=task_id, **task.prediction)
    existing[1].add(task.prediction["model_version"])
    report.predicted.append(task.source)
