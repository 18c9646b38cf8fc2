"""push → review in Label Studio (through its API, as the editor would save it) → pull, on the real server."""
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotations.check import check_corpus
from annotations.studio.config import read_label_config
from annotations.studio.connection import StudioError
from annotations.studio.push import prepare_tasks
from annotations.tasks import load_corpus, read_task_file
from extraction.document import Span
from reportie_cli import app

PDF = Path(__file__).resolve().parents[2] / "data" / "sample.pdf"
# CRLF line ends and two characters outside the BMP (𠮷 before every value, 😀 before the count).
REPORT = "𠮷林省2021年项目预算资金100万元，实际支出98.5万元。\r\n项目完成率98%，受益群众😀3000人。\r\n"
TEXT = "𠮷林省2021年项目预算资金100万元，实际支出98.5万元。\n项目完成率98%，受益群众😀3000人。"


def run(connection, *args):
    env = {"LABEL_STUDIO_URL": connection.url, "LABEL_STUDIO_API_KEY": connection.api_key}
    return CliRunner().invoke(app, list(args), env=env)


def region(rid, start, end, text, label, origin="manual"):
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "origin": origin,
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def relation(head, tail, label="HAS_VALUE"):
    return {"from_id": head, "to_id": tail, "type": "relation", "direction": "right", "labels": [label]}


def tasks_of(client, project_title):
    project = next(p for p in client.projects.list() if p.title == project_title)
    return project, list(client.tasks.list(project=project.id, fields="all"))


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "jilin.txt"
    path.write_bytes(REPORT.encode("utf-8"))
    return path


def test_push_review_pull_keeps_exactly_the_corrected_annotation(client, connection, project_title, report, tmp_path):
    pushed = run(connection, "studio", "push", str(report), str(PDF), "--project", project_title, "--predictions", "rules")
    assert pushed.exit_code == 0, pushed.output
    assert "created jilin.txt" in pushed.output and "created sample.pdf" in pushed.output

    project, tasks = tasks_of(client, project_title)
    task = next(t for t in tasks if t.data["source"] == "jilin.txt")
    assert task.data["text"] == TEXT and task.data["pages"] == [[0, len(TEXT)]] and len(task.data["sha256"]) == 64
    pdf_task = next(t for t in tasks if t.data["source"] == "sample.pdf")
    assert pdf_task.data["pages"] == [[0, 223], [223, 422]]
    [prediction] = task.predictions
    assert prediction.model_version.startswith("reportie-rules") and prediction.score == 0.9
    predicted = [(item["value"]["start"], item["value"]["end"], item["value"]["text"], item["score"])
                 for item in prediction.result]
    # UTF-16 offsets: one more than the code point offset after 𠮷, two more after 😀.
    assert predicted == [(15, 20, "100万元", 0.97), (25, 31, "98.5万元", 0.97), (38, 41, "98%", 0.98),
                         (48, 53, "3000人", 0.9)]

    # The reviewer accepts 100万元 and 98%, moves the end of 3000人, deletes 98.5万元, adds indicators and links.
    accepted = [item for item in prediction.result if item["value"]["text"] in ("100万元", "98%")]
    reviewed = [{**item, "origin": "prediction"} for item in accepted] + [
        region("c-moved", 48, 52, "3000", "COUNT", origin="prediction-changed"),
        region("ind1", 11, 15, "预算资金", "INDICATOR"),
        region("ind2", 35, 38, "完成率", "INDICATOR"),
        region("ind3", 42, 46, "受益群众", "INDICATOR"),
        relation("ind1", accepted[0]["id"]), relation("ind2", accepted[1]["id"]), relation("ind3", "c-moved"),
    ]
    client.annotations.create(id=task.id, result=reviewed, was_cancelled=False)

    corpus = tmp_path / "corpus"
    pulled = run(connection, "studio", "pull", "--project", project_title, "--into", str(corpus))
    assert pulled.exit_code == 0, pulled.output
    assert "added jilin" in pulled.output and "skipped task" in pulled.output  # the PDF has no annotation yet
    assert check_corpus(corpus) == []
    [doc] = load_corpus(corpus)
    assert doc.text == TEXT and doc.data["source"] == "jilin.txt" and doc.data["sha256"] == task.data["sha256"]
    assert [(s.start, s.end, s.label, s.text) for s in doc.spans] == [
        (10, 14, "INDICATOR", "预算资金"), (14, 19, "AMOUNT", "100万元"), (34, 37, "INDICATOR", "完成率"),
        (37, 40, "RATIO", "98%"), (41, 45, "INDICATOR", "受益群众"), (46, 50, "COUNT", "3000")]
    assert [(r.type, r.head, r.tail) for r in doc.relations] == [("HAS_VALUE", 0, 1), ("HAS_VALUE", 2, 3),
                                                                  ("HAS_VALUE", 4, 5)]

    # Pushing the same report again adds no task; a later correction replaces the corpus file, keeping a backup.
    again = run(connection, "studio", "push", str(report), "--project", project_title, "--predictions", "rules")
    assert again.exit_code == 0 and "unchanged jilin.txt" in again.output
    assert len(tasks_of(client, project_title)[1]) == 2
    before = (corpus / "jilin.json").read_bytes()
    client.annotations.create(id=task.id, result=reviewed[:-1], was_cancelled=False)  # drops the last link
    repulled = run(connection, "studio", "pull", "--project", project_title, "--into", str(corpus))
    assert "replaced jilin" in repulled.output, repulled.output
    [backup] = (corpus / ".backup").iterdir()
    assert (backup / "jilin.json").read_bytes() == before
    assert len(load_corpus(corpus)[0].relations) == 2


def test_a_task_made_in_label_studio_with_crlf_text_and_several_annotators(client, connection, project_title, tmp_path):
    """Text imported by hand keeps its CRLF and emoji; the most recent non-cancelled annotation wins."""
    text = "第一部分😀\r\n𠮷林省预算资金100万元。\r\n"
    project = client.projects.create(title=project_title, label_config=read_label_config())
    [task_id] = client.projects.import_tasks(project.id, request=[{"text": text}], return_task_ids=True).task_ids
    amount = region("a", 16, 21, "100万元", "AMOUNT")  # code points 14..19
    client.annotations.create(id=task_id, result=[amount], was_cancelled=False)
    client.annotations.create(id=task_id, result=[amount, region("i", 12, 16, "预算资金", "INDICATOR"),
                                                   relation("i", "a")], was_cancelled=False)
    client.annotations.create(id=task_id, result=[], was_cancelled=True)

    corpus = tmp_path / "corpus"
    pulled = run(connection, "studio", "pull", "--project", project_title, "--into", str(corpus))
    assert pulled.exit_code == 0, pulled.output
    assert "not used: annotation" in pulled.output and "cancelled" in pulled.output
    stored = read_task_file(corpus / f"labelstudio_task_{task_id}.json")
    assert stored["data"]["text"] == text
    regions = [item["value"] for item in stored["annotations"][0]["result"] if item["type"] == "labels"]
    assert [(value["start"], value["end"], value["text"]) for value in regions] == [(10, 14, "预算资金"), (14, 19, "100万元")]
    assert all(text[value["start"]:value["end"]] == value["text"] for value in regions)
    assert check_corpus(corpus) == []


class _OffByOne:
    """A predictor with an offset bug: Label Studio would store its regions without complaint."""

    version = "buggy-1"

    def __call__(self, text):
        return [Span(1, 6, "AMOUNT", "100万元")], []


def test_push_refuses_invalid_predictions_before_sending_anything(connection, client, project_title, report, monkeypatch):
    with pytest.raises(StudioError, match="jilin.txt: predictions of buggy-1 are invalid, nothing was sent: span 1..6"):
        prepare_tasks([report], _OffByOne())
    monkeypatch.setattr("annotations.studio.predictions.load_predictor", lambda kind, model=None: _OffByOne())
    result = run(connection, "studio", "push", str(report), "--project", project_title, "--predictions", "model")
    assert result.exit_code == 2 and "error: jilin.txt: predictions of buggy-1 are invalid" in result.output
    assert all(project.title != project_title for project in client.projects.list())


def test_push_of_an_unreadable_file_reports_it_and_pushes_the_rest(connection, client, project_title, report, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(connection, "studio", "push", str(report), str(empty), "--project", project_title,
                 "--predictions", "none")
    assert result.exit_code == 1 and "created jilin.txt" in result.output and "skipped" in result.output
    _, tasks = tasks_of(client, project_title)
    assert [task.data["source"] for task in tasks] == ["jilin.txt"] and tasks[0].predictions == []
