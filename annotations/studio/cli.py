"""`reportie studio …`: push documents with predictions, pull reviewed annotations, serve the model."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import List, Optional

import typer

from annotations.studio.connection import StudioError
from annotations.tasks import CORPUS_DIR

studio_app = typer.Typer(help="Review predictions in Label Studio and feed the corrections back into the corpus.",
                         no_args_is_help=True)
URL = typer.Option(None, "--url", help="Label Studio URL (default: $LABEL_STUDIO_URL).")
API_KEY = typer.Option(None, "--api-key", help="Personal access token or legacy token (default: $LABEL_STUDIO_API_KEY).")
PROJECT = typer.Option(..., "--project", help="Project title.")


@studio_app.command("push")
def push_command(
    inputs: List[Path] = typer.Argument(..., help="Report files (.txt .pdf .docx) or folders of them."),
    project: str = PROJECT,
    predictions: Optional[str] = typer.Option(None, "--predictions", help="model, rules or none (default: the "
                                              "trained model when there is one, else rules)."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model folder for --predictions model."),
    url: Optional[str] = URL,
    api_key: Optional[str] = API_KEY,
) -> None:
    """Import documents as tasks with pre-annotations; a document already in the project is not duplicated."""
    from annotations.studio.connection import connect, resolve_connection
    from annotations.studio.predictions import load_predictor
    from annotations.studio.projects import find_project
    from annotations.studio.push import prepare_tasks, push_tasks
    from extraction.cli import default_model
    from extraction.ingest import collect_inputs

    with _errors_as_lines():
        connection = resolve_connection(url, api_key)
        if predictions is None:
            predictions = "model" if (model or default_model()) else "rules"
            if predictions == "rules":
                typer.echo("note: no trained model, pre-annotating values with the rule tagger", err=True)
        predictor = load_predictor(predictions, model)
        prepared, failed = prepare_tasks(collect_inputs(inputs), predictor)
        client = connect(connection)
        target = find_project(client, project, connection.url, create=True)
        report = push_tasks(client, target.id, prepared, connection.url)
    report.failed += failed
    for line in report.lines():
        typer.echo(line)
    typer.echo(f"{len(report.created)} created, {len(report.predicted)} with new predictions, "
               f"{len(report.unchanged)} unchanged → project {project!r} at {connection.url}", err=True)
    if report.failed:
        raise typer.Exit(1)


@studio_app.command("pull")
def pull_command(
    project: str = PROJECT,
    into: Path = typer.Option(CORPUS_DIR, "--into", help="Corpus folder to merge into."),
    url: Optional[str] = URL,
    api_key: Optional[str] = API_KEY,
) -> None:
    """Merge each task's most recent non-cancelled annotation into the corpus (validated first, backups kept)."""
    from annotations.studio.connection import connect, resolve_connection
    from annotations.studio.projects import find_project
    from annotations.studio.pull import pull

    with _errors_as_lines():
        connection = resolve_connection(url, api_key)
        client = connect(connection)
        target = find_project(client, project, connection.url)
        report = pull(client, target.id, into, connection.url)
    for line in report.lines():
        typer.echo(line)
    typer.echo(f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
               f"{len(report.skipped)} without annotation → {into}", err=True)


@studio_app.command("serve")
def serve_command(
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model folder (default: the one `reportie "
                                         "extract` uses)."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Pre-annotate values with the rule tagger only."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for other machines)."),
    port: int = typer.Option(9090, "--port", help="Port to listen on."),
    retrain_after: int = typer.Option(0, "--retrain-after", help="Retrain after this many new annotations "
                                      "arrive through /webhook (0: never)."),
    config: Path = typer.Option(Path("configs/default.yaml"), "--train-config", help="Config for retraining."),
    into: Path = typer.Option(CORPUS_DIR, "--into", help="Corpus folder the annotations are pulled into first."),
    url: Optional[str] = URL,
    api_key: Optional[str] = API_KEY,
) -> None:
    """An ML backend for Label Studio: /health, /setup, /predict, /webhook (Settings → Model → Connect Model)."""
    from annotations.studio.serve import Backend, make_server

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    with _errors_as_lines():
        predictor = _serve_predictor(model, rules_only)
        logging.info("loaded predictor %s", predictor.version)
        retrainer = _retrainer(retrain_after, config, model, into, url, api_key) if retrain_after else None
        backend = Backend(predictor, retrainer)
        if retrainer is not None:
            retrainer.finished = _reload_after_training(backend, model)
        try:
            server = make_server(backend, host, port)
        except OSError as error:
            raise StudioError(f"cannot listen on {host}:{port} ({error.strerror}): pick another --port")
    typer.echo(f"ML backend {predictor.version} on http://{host}:{server.server_address[1]} "
               "(Ctrl+C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _serve_predictor(model: Path | None, rules_only: bool):
    from annotations.studio.predictions import load_predictor

    return load_predictor("rules" if rules_only else "model", model)


def _reload_after_training(backend, model: Path):
    def reload(returncode: int) -> None:
        if returncode == 0:
            backend.replace_predictor(_serve_predictor(model, False))

    return reload


def _retrainer(threshold: int, config: Path, model: Path | None, into: Path, url: str | None, api_key: str | None):
    from annotations.studio.connection import resolve_connection
    from annotations.studio.pull import pull_on_event
    from annotations.studio.retrain import Retrainer, train_command

    if model is None:
        raise StudioError("--retrain-after needs --model DIR: the folder that training writes and the server reloads")
    connection = resolve_connection(url, api_key)  # the pull before training needs the server
    return Retrainer(threshold, train_command(config, model), prepare=pull_on_event(connection, into))


class _errors_as_lines:
    """`error: …` and exit code 2 for every error a user can act on."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        from annotations.studio.export import ExportProblems
        from extraction.errors import ReportieError

        if isinstance(error, ExportProblems):
            for problem in error.problems:
                typer.echo(problem, err=True)
        if isinstance(error, ReportieError):
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2)
        return False
