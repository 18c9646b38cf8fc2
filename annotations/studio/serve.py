"""`reportie studio serve`: an ML backend for Label Studio (the label-studio-ml-backend HTTP protocol).

Label Studio calls `GET /health`, `POST /setup` when the backend is connected, `POST /predict`
with tasks when a reviewer opens them, and `POST /webhook` with annotation events. The predictor
is loaded once, before the server starts, and shared by every request.
"""
from __future__ import annotations

import json
import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from annotations.studio.config import config_differences, config_shape, read_label_config
from annotations.studio.connection import StudioError
from annotations.studio.predictions import Predictor, build_prediction
from annotations.studio.retrain import START_TRAINING, Retrainer

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024 * 1024


class BadRequest(Exception):
    """A request the backend cannot answer; its message goes back to Label Studio."""


class Backend:
    """The protocol's operations, independent of HTTP."""

    def __init__(self, predictor: Predictor, retrainer: Retrainer | None = None):
        self.predictor, self.retrainer = predictor, retrainer
        self._predicting = threading.Lock()  # one inference at a time: the model already uses every core

    @property
    def version(self) -> str:
        return self.predictor.version

    def replace_predictor(self, predictor: Predictor) -> None:
        with self._predicting:
            self.predictor = predictor

    def health(self) -> dict:
        return {"status": "UP", "model_class": "reportie", "model_version": self.version}

    def setup(self, payload: dict) -> dict:
        schema = payload.get("schema")
        if schema:
            _check_schema(schema)
        return {"model_version": self.version}

    def versions(self) -> dict:
        return {"versions": [self.version]}

    def predict(self, payload: dict) -> dict:
        tasks = payload.get("tasks")
        if not isinstance(tasks, list):
            raise BadRequest("'tasks' must be a list of Label Studio tasks")
        field = _text_field(payload.get("label_config"))
        return {"results": [self.predict_task(task, field) for task in tasks], "model_version": self.version}

    def predict_task(self, task: dict, field: str = "text") -> dict:
        text = (task.get("data") or {}).get(field) if isinstance(task, dict) else None
        if not isinstance(text, str):
            raise BadRequest(f"task {task.get('id') if isinstance(task, dict) else task!r} has no text in data.{field}")
        with self._predicting:
            predictor = self.predictor
            spans, relations = predictor(text)
        try:
            return build_prediction(text, spans, relations, predictor.version, f"task {task.get('id')}")
        except StudioError as error:
            raise BadRequest(str(error)) from error

    def webhook(self, payload: dict) -> dict:
        if self.retrainer is None:
            return {"status": "retraining is off (start the server with --retrain-after N)"}
        return self.retrainer.on_event(payload)

    def train(self, payload: dict) -> dict:
        return self.webhook({**payload, "action": START_TRAINING})


def _check_schema(schema: str) -> None:
    try:
        differences = config_differences(config_shape(read_label_config()), config_shape(schema))
    except ValueError as error:
        differences = [str(error)]
    if differences:
        raise BadRequest(f"the project's labelling config does not match annotations/label_config.xml "
                         f"({'; '.join(differences)}): paste that file into Settings → Labeling Interface")


def _text_field(label_config: str | None) -> str:
    if not label_config:
        return "text"
    try:
        return config_shape(label_config).text_field or "text"
    except ValueError as error:
        raise BadRequest(str(error)) from error


ROUTES = {
    ("GET", "/"): lambda backend, payload: backend.health(),
    ("GET", "/health"): lambda backend, payload: backend.health(),
    ("GET", "/versions"): lambda backend, payload: backend.versions(),
    ("POST", "/setup"): Backend.setup,
    ("POST", "/predict"): Backend.predict,
    ("POST", "/webhook"): Backend.webhook,
    ("POST", "/train"): Backend.train,
}


def make_server(backend: Backend, host: str = "127.0.0.1", port: int = 9090) -> ThreadingHTTPServer:
    """A threading HTTP server bound to (host, port); port 0 picks a free one (see `server_address`)."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "reportie-ml-backend"

        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def _answer(self, method: str) -> None:
            route = ROUTES.get((method, self.path.split("?")[0].rstrip("/") or "/"))
            if route is None:
                return self._send(HTTPStatus.NOT_FOUND, {"error": f"no route {method} {self.path}"})
            try:
                payload = self._payload() if method == "POST" else {}
                status = HTTPStatus.CREATED if self.path.startswith("/webhook") else HTTPStatus.OK
                self._send(status, route(backend, payload))
            except BadRequest as error:
                self._send(HTTPStatus.BAD_REQUEST, {"error": str(error)})
            except Exception as error:  # the reviewer's UI shows this line instead of a dropped connection
                log.exception("%s %s failed", method, self.path)
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"{type(error).__name__}: {error}"})

        def _payload(self) -> dict:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                raise BadRequest(f"request body of {length} bytes is over {MAX_BODY}")
            try:
                payload = json.loads(self.rfile.read(length) or b"{}")
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                raise BadRequest(f"request body is not JSON: {error}") from error
            if not isinstance(payload, dict):
                raise BadRequest("request body must be a JSON object")
            return payload

        def _send(self, status: HTTPStatus, body: dict) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args) -> None:
            log.info("%s %s", self.address_string(), format % args)

    return ThreadingHTTPServer((host, port), Handler)
