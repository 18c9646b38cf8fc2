"""The ML backend over HTTP, its retraining trigger, and Label Studio using it as its backend."""
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from annotations.studio.config import read_label_config
from annotations.studio.local_server import free_port
from annotations.studio.predictions import RulesPredictor
from annotations.studio.pull import pull_on_event
from annotations.studio.retrain import Retrainer, annotations_in
from annotations.studio.serve import Backend
from annotations.tasks import load_corpus

TEXT = "𠮷林省预算资金100万元，受益群众😀3000人。"


def call(url, path, payload=None):
    """(status, JSON body) of a GET, or of a POST when there is a payload."""
    data = None if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url + path, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def backend_url(serving):
    return serving(Backend(RulesPredictor()))


def test_health_and_setup_report_the_model_version(backend_url):
    assert call(backend_url, "/health") == (200, {"status": "UP", "model_class": "reportie",
                                                  "model_version": RulesPredictor.version})
    assert call(backend_url, "/setup", {"project": "1.1700000000", "schema": read_label_config()}) == (
        200, {"model_version": RulesPredictor.version})


def test_setup_with_another_labelling_config_is_refused_with_what_differs(backend_url):
    other = read_label_config().replace('<Label value="COUNT"', '<Label value="NUMBER"')
    status, body = call(backend_url, "/setup", {"project": "1.1", "schema": other})
    assert status == 400 and "labels lack COUNT; labels add NUMBER" in body["error"]


def test_predict_answers_regions_in_utf16_offsets_of_the_task_text(backend_url):
    status, body = call(backend_url, "/predict", {"tasks": [{"id": 5, "data": {"text": TEXT}}],
                                                  "label_config": read_label_config()})
    assert status == 200 and body["model_version"] == RulesPredictor.version
    [prediction] = body["results"]
    regions = [(item["value"]["start"], item["value"]["end"], item["value"]["text"]) for item in prediction["result"]]
    assert regions == [(8, 13, "100万元"), (20, 25, "3000人")]
    encoded = TEXT.encode("utf-16-le")
    assert all(encoded[2 * start:2 * end].decode("utf-16-le") == text for start, end, text in regions)
    assert prediction["score"] == 0.9 and prediction["model_version"] == RulesPredictor.version


def test_predict_reads_the_field_the_labelling_config_names(backend_url):
    config = read_label_config().replace('value="$text"', 'value="$content"')
    status, body = call(backend_url, "/predict", {"tasks": [{"id": 1, "data": {"content": "完成率98%"}}],
                                                  "label_config": config})
    assert status == 200 and body["results"][0]["result"][0]["value"]["text"] == "98%"


@pytest.mark.parametrize("path, payload, status, error", [
    ("/predict", {"tasks": [{"id": 3, "data": {"image": "x.png"}}]}, 400, "task 3 has no text in data.text"),
    ("/predict", {"tasks": "all"}, 400, "'tasks' must be a list"),
    ("/predict", [1, 2], 400, "request body must be a JSON object"),
    ("/nothing", {}, 404, "no route POST /nothing"),
])
def test_bad_requests_get_a_reason(backend_url, path, payload, status, error):
    answer = call(backend_url, path, payload)
    assert answer[0] == status and error in answer[1]["error"]


def test_webhook_without_retraining_says_how_to_turn_it_on(backend_url):
    assert call(backend_url, "/webhook", {"action": "ANNOTATION_CREATED"}) == (
        201, {"status": "retraining is off (start the server with --retrain-after N)"})


def test_serve_command_loads_the_predictor_once_and_answers(tmp_path):
    port = free_port()
    log = open(tmp_path / "serve.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "reportie_cli", "studio", "serve", "--rules-only",
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                assert call(url, "/health")[0] == 200
                break
            except OSError:
                time.sleep(0.3)
        for _ in range(2):
            status, body = call(url, "/predict", {"tasks": [{"id": 1, "data": {"text": TEXT}}]})
            assert status == 200 and len(body["results"][0]["result"]) == 2
    finally:
        process.terminate()
        process.wait(20)
        log.close()
    output = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert output.count("loaded predictor reportie-rules") == 1 and output.count("POST /predict") == 2


# ---------------------------------------------------------------- retraining


@pytest.mark.parametrize("event, count", [
    ({"action": "ANNOTATION_CREATED", "annotation": {"id": 1}}, 1),
    ({"action": "ANNOTATION_UPDATED", "annotation": {"id": 1}}, 1),
    ({"action": "ANNOTATIONS_CREATED", "annotation": [{"id": 1}, {"id": 2}, {"id": 3}]}, 3),
    ({"action": "ANNOTATIONS_DELETED", "annotations": [{"id": 1}]}, 0),
    ({"action": "PROJECT_UPDATED"}, 0),
])
def test_annotations_counted_per_event(event, count):
    assert annotations_in(event) == count


def fake_training(tmp_path, wait_for=None):
    """A command that records each run in runs.txt, optionally waiting (at most 30 s) for a file to appear."""
    script = ("import pathlib, sys, time\n"
              "gate = sys.argv[2]\n"
              "deadline = time.monotonic() + 30\n"
              "while gate and not pathlib.Path(gate).exists() and time.monotonic() < deadline: time.sleep(0.05)\n"
              "with open(sys.argv[1], 'a') as runs: runs.write('trained\\n')\n")
    return [sys.executable, "-c", script, str(tmp_path / "runs.txt"), str(wait_for or "")]


def test_training_starts_when_enough_annotations_arrived(tmp_path):
    pulled, finished = [], []
    retrainer = Retrainer(3, fake_training(tmp_path), prepare=pulled.append, finished=finished.append)
    answers = [retrainer.on_event({"action": action})["status"]
               for action in ("ANNOTATION_CREATED", "PROJECT_UPDATED", "ANNOTATION_UPDATED")]
    assert answers == ["waiting", "waiting", "waiting"] and retrainer.pending == 2
    assert retrainer.on_event({"action": "ANNOTATIONS_CREATED", "annotation": [{}, {}]})["status"] == "training started"
    retrainer.wait(60)
    assert (tmp_path / "runs.txt").read_text() == "trained\n" and finished == [0] and retrainer.pending == 0
    assert [event["action"] for event in pulled] == ["ANNOTATIONS_CREATED"]


def test_one_training_at_a_time(tmp_path):
    gate = tmp_path / "gate"
    retrainer = Retrainer(1, fake_training(tmp_path, wait_for=gate))
    assert retrainer.on_event({"action": "ANNOTATION_CREATED"})["status"] == "training started"
    assert retrainer.on_event({"action": "ANNOTATION_CREATED"})["status"] == "training already running"
    assert retrainer.on_event({"action": "START_TRAINING"})["status"] == "training already running"
    gate.touch()
    retrainer.wait(60)
    assert not retrainer.running and retrainer.pending == 1
    assert retrainer.on_event({"action": "START_TRAINING"})["status"] == "training started"
    retrainer.wait(60)
    assert (tmp_path / "runs.txt").read_text() == "trained\ntrained\n" and retrainer.returncodes == [0, 0]


def test_a_failed_pull_means_no_training(tmp_path):
    def failing_pull(event):
        raise RuntimeError("export does not validate")

    retrainer = Retrainer(1, fake_training(tmp_path), prepare=failing_pull)
    retrainer.on_event({"action": "ANNOTATION_CREATED"})
    retrainer.wait(60)
    assert retrainer.returncodes == [-1] and not (tmp_path / "runs.txt").exists()


def test_retraining_threshold_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        Retrainer(0, ["true"])


# ---------------------------------------------------------------- Label Studio using the backend


def test_label_studio_uses_the_backend_for_pre_annotations_and_webhooks(client, connection, project_title, serving,
                                                                         tmp_path):
    corpus = tmp_path / "corpus"
    retrainer = Retrainer(2, fake_training(tmp_path), prepare=pull_on_event(connection, corpus))
    backend_url = serving(Backend(RulesPredictor(), retrainer))
    project = client.projects.create(title=project_title, label_config=read_label_config())
    client.ml.create(project=project.id, url=backend_url, title="reportie")
    client.projects.update(id=project.id, evaluate_predictions_automatically=True)
    [task_id] = client.projects.import_tasks(project.id, request=[{"text": TEXT}], return_task_ids=True).task_ids

    opened = client.tasks.get(id=str(task_id))  # what the editor asks for when a reviewer opens the task
    [prediction] = opened.predictions
    assert prediction.model_version == RulesPredictor.version and prediction.score == 0.9
    assert [(item["value"]["start"], item["value"]["end"], item["value"]["text"]) for item in prediction.result] == [
        (8, 13, "100万元"), (20, 25, "3000人")]

    for _ in range(2):
        client.annotations.create(id=task_id, result=prediction.result, was_cancelled=False)
    retrainer.wait(60)
    assert retrainer.returncodes == [0] and (tmp_path / "runs.txt").read_text() == "trained\n"
    [doc] = load_corpus(corpus)  # pulled before training started
    assert doc.text == TEXT and [span.text for span in doc.spans] == ["100万元", "3000人"]
