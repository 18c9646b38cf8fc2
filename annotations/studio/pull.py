"""Pull reviewed annotations from a project into the corpus (through the same path as `corpus import`)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from annotations.studio.connection import Connection, StudioError, connect, talking_to
from annotations.studio.export import MergeReport, import_export


def fetch_export(client, project_id: int, url: str) -> list[dict]:
    """The project's tasks in the full JSON export (JSON_MIN would drop relations and annotation history)."""
    with talking_to(url):
        raw = b"".join(client.projects.exports.download_sync(project_id, export_type="JSON", download_all_tasks=True))
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise StudioError(f"Label Studio at {url} sent an export that is not JSON ({error})") from error


def pull(client, project_id: int, folder: Path, url: str) -> MergeReport:
    return import_export(fetch_export(client, project_id, url), folder)


def pull_on_event(connection: Connection, folder: Path) -> Callable[[dict], MergeReport]:
    """For retraining: pull the project a Label Studio webhook event names, after checking its config."""
    from annotations.studio.projects import check_config

    def pull_project(event: dict) -> MergeReport:
        project = event.get("project") or {}
        if not isinstance(project.get("id"), int):
            raise StudioError(f"webhook event {event.get('action')!r} names no project")
        client = connect(connection)
        with talking_to(connection.url):
            label_config = project.get("label_config") or client.projects.get(id=project["id"]).label_config
        check_config(label_config, project.get("title") or str(project["id"]))
        return pull(client, project["id"], folder, connection.url)

    return pull_project
