"""The corpus on disk: Label Studio task JSON, one file per report, plus a manifest.

Offsets in the stored tasks are Unicode code points into `data.text` (Label Studio itself counts
UTF-16 units; `annotations.studio` converts at the server boundary).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from extraction.document import Relation, Span

FROM_NAME, TO_NAME = "label", "text"
CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
MANIFEST_NAME = "manifest.json"


@dataclass
class CorpusDoc:
    """One annotated report (or synthetic passage) of the corpus."""

    name: str
    text: str
    spans: list[Span]
    relations: list[Relation]
    data: dict = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        return bool(self.data.get("synthetic", False))


def region_id(span: Span) -> str:
    """Stable id from content: the same span always gets the same id."""
    return f"{span.label[0].lower()}{span.start}_{span.end}"


def task_from_doc(doc: CorpusDoc, task_id: int = 1, annotator: int = 1, when: str = "") -> dict:
    ids = [region_id(span) for span in doc.spans]
    result = [
        {
            "id": ids[index], "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels", "origin": "manual",
            "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [span.label]},
        }
        for index, span in enumerate(doc.spans)
    ]
    result += [
        {"from_id": ids[rel.head], "to_id": ids[rel.tail], "type": "relation", "direction": "right",
         "labels": [rel.type]}
        for rel in doc.relations
    ]
    annotation = {"id": task_id, "completed_by": annotator, "was_cancelled": False, "ground_truth": False,
                  "created_at": when, "updated_at": when, "lead_time": 0, "result": result}
    return {"id": task_id, "data": {**doc.data, "text": doc.text}, "annotations": [annotation], "predictions": []}


def pick_annotation(task: dict) -> tuple[dict | None, list[dict]]:
    """The most recent non-cancelled annotation of a task, and the others (for the report)."""
    live = [ann for ann in task.get("annotations", []) if not ann.get("was_cancelled")]
    if not live:
        return None, task.get("annotations", [])
    chosen = max(live, key=lambda ann: (ann.get("updated_at") or ann.get("created_at") or "", ann.get("id") or 0))
    others = [ann for ann in task.get("annotations", []) if ann is not chosen]
    return chosen, others


def doc_from_task(task: dict, name: str) -> CorpusDoc:
    """Spans and relations of the chosen annotation; assumes the task passed `check_task`."""
    data = dict(task["data"])
    text = data.pop("text")
    annotation, _ = pick_annotation(task)
    result = annotation["result"] if annotation else []
    regions = [item for item in result if item.get("type") == "labels"]
    regions.sort(key=lambda item: (item["value"]["start"], item["value"]["end"]))
    index_of = {item["id"]: index for index, item in enumerate(regions)}
    spans = [
        Span(item["value"]["start"], item["value"]["end"], item["value"]["labels"][0],
             text[item["value"]["start"]:item["value"]["end"]], source="gold")
        for item in regions
    ]
    relations = [
        Relation(item["labels"][0], index_of[item["from_id"]], index_of[item["to_id"]])
        for item in result if item.get("type") == "relation"
    ]
    relations.sort(key=lambda rel: (rel.type, rel.head, rel.tail))
    return CorpusDoc(name, text, spans, relations, data)


def read_task_file(path: Path) -> dict:
    """A corpus file holds a Label Studio export: a list with exactly one task."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(payload, list) and len(payload) == 1 and isinstance(payload[0], dict):
        return payload[0]
    raise ValueError(f"{path.name}: expected a JSON list holding one Label Studio task")


def write_task_file(path: Path, task: dict) -> None:
    from extraction.export import write_atomic

    write_atomic(path, (json.dumps([task], ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def task_files(folder: Path = CORPUS_DIR) -> list[Path]:
    return sorted(path for path in folder.glob("*.json") if path.name != MANIFEST_NAME)


def load_corpus(folder: str | Path = CORPUS_DIR, synthetic: bool | None = None) -> list[CorpusDoc]:
    """Every document of the corpus (optionally only real or only synthetic ones), sorted by name."""
    docs = [doc_from_task(read_task_file(path), path.stem) for path in task_files(Path(folder))]
    if synthetic is not None:
        docs = [doc for doc in docs if doc.synthetic == synthetic]
    return docs
