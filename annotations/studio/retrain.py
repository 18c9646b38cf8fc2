"""Retraining from Label Studio webhooks: after N new annotations, pull them and train, one run at a time."""
from __future__ import annotations

import logging
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

ONE_ANNOTATION = ("ANNOTATION_CREATED", "ANNOTATION_UPDATED")
MANY_ANNOTATIONS = "ANNOTATIONS_CREATED"
START_TRAINING = "START_TRAINING"


def train_command(config: Path, out: Path) -> list[str]:
    """`reportie train` in this interpreter, so the server's environment trains the model."""
    return [sys.executable, "-m", "reportie_cli", "train", "--config", str(config), "--out", str(out)]


def annotations_in(event: dict) -> int:
    """How many new or changed annotations a webhook event reports."""
    action = event.get("action")
    if action in ONE_ANNOTATION:
        return 1
    if action == MANY_ANNOTATIONS:
        annotations = event.get("annotation")
        return len(annotations) if isinstance(annotations, list) else 1
    return 0


class Retrainer:
    """Counts annotations from webhooks; at `threshold` runs `prepare(event)` then `command` in a thread.

    The request that triggers training returns at once. `finished(returncode)` runs after each
    training, e.g. to reload the model it wrote.
    """

    def __init__(self, threshold: int, command: list[str], prepare: Callable[[dict], None] | None = None,
                 finished: Callable[[int], None] | None = None):
        if threshold < 1:
            raise ValueError(f"retraining threshold must be at least 1, not {threshold}")
        self.threshold, self.command = threshold, command
        self.prepare, self.finished = prepare, finished
        self.pending = 0
        self.returncodes: list[int] = []
        self._lock = threading.Lock()
        self._job: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._job is not None and self._job.is_alive()

    def on_event(self, event: dict) -> dict:
        """Count the event's annotations and start a training when due; the answer says which happened."""
        with self._lock:
            self.pending += annotations_in(event)
            forced = event.get("action") == START_TRAINING
            state = {"new_annotations": self.pending, "threshold": self.threshold}
            if not forced and self.pending < self.threshold:
                return {"status": "waiting", **state}
            if self.running:
                return {"status": "training already running", **state}
            self.pending = 0
            self._job = threading.Thread(target=self._train, args=(event,), name="reportie-retrain", daemon=True)
            self._job.start()
            return {"status": "training started", **state}

    def wait(self, timeout: float | None = None) -> None:
        if self._job is not None:
            self._job.join(timeout)

    def _train(self, event: dict) -> None:
        try:
            if self.prepare is not None:
                self.prepare(event)
            returncode = subprocess.run(self.command, stdin=subprocess.DEVNULL).returncode
        except Exception:  # a failed pull must not kill the server; the log says why
            log.exception("retraining failed before training started")
            returncode = -1
        self.returncodes.append(returncode)
        log.info("retraining finished with exit code %s", returncode)
        if self.finished is not None:
            self.finished(returncode)
