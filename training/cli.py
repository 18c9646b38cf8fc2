"""`reportie train` and `reportie evaluate`."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from extraction.errors import ReportieError


def train_command(
    config: Path = typer.Option(Path("configs/default.yaml"), "--config", "-c", help="YAML training config."),
    out: Path = typer.Option(Path("models/default"), "--out", "-o", help="Model folder to write (replaced atomically)."),
    resume: bool = typer.Option(False, "--resume", help="Continue from the last finished epoch of an interrupted run."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars."),
) -> None:
    """Train the NER + relation model on the corpus."""
    from training.config import load_config
    from training.train import split_corpus, train

    try:
        settings = load_config(config)
        split = split_corpus(settings)
        dev = ", ".join(doc.name for doc in split.dev) or "none (the last epoch is saved; held-out figures: reportie evaluate --cv)"
        typer.echo(f"training on {len(split.train)} documents, dev: {dev}", err=True)
        summary = train(settings, out, split, resume=resume, progress=not quiet, log=lambda line: typer.echo(line, err=True))
    except ReportieError as error:
        _fail(str(error))
    typer.echo(f"model saved to {out} (epoch {summary['epoch']}, {summary['train_seconds']:.0f} s)", err=True)


def evaluate_command(
    model: Path = typer.Option(..., "--model", "-m", help="Trained model folder."),
    cv: bool = typer.Option(False, "--cv", help="Leave-one-report-out cross-validation with the model's config "
                                               "(trains one model per fold)."),
    reports: list[str] = typer.Option(None, "--report", "-r", help="Real reports to score (default: the model's dev reports)."),
    out: Path = typer.Option(Path("outputs/evaluation"), "--out", "-o", help="Folder for the JSON and Markdown reports."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars."),
) -> None:
    """Score a model: entity P/R/F1 (seqeval, strict), relation P/R/F1, record accuracy."""
    try:
        payload, markdown, stem = _cross_validation(model, quiet) if cv else _held_out(model, reports)
    except ReportieError as error:
        _fail(str(error))
    from training.evaluate import write_reports

    json_path, md_path = write_reports(out, stem, payload, markdown)
    typer.echo(markdown.split("## Worst errors")[0])
    typer.echo(f"written {json_path} and {md_path}", err=True)


def _held_out(model_dir: Path, reports: list[str] | None):
    from annotations.folds import select
    from annotations.tasks import load_corpus
    from extraction.model import load_model
    from training.evaluate import evaluate, markdown_report, worst_errors
    from training.train import predict

    model = load_model(model_dir)
    names = reports or _saved_config(model_dir).get("data", {}).get("dev_reports") or []
    if not names:
        raise ReportieError("no reports to score: the model has no dev reports; name some with --report")
    docs = select(load_corpus(), names)
    predictions = predict(model, docs)
    metrics = evaluate(docs, predictions)
    errors = worst_errors(docs, predictions)
    return {"model": str(model_dir), **metrics, "errors": errors}, markdown_report(metrics, errors, f"Evaluation of {model_dir}"), "evaluation"


def _cross_validation(model_dir: Path, quiet: bool):
    from training.config import parse_config
    from training.cv import cross_validate

    config = parse_config(_saved_config(model_dir), f"{model_dir}/reportie_model.json")
    result = cross_validate(config, progress=not quiet, log=lambda line: typer.echo(line, err=True))
    return result, cv_markdown(result), "cross_validation"


def cv_markdown(result: dict) -> str:
    lines = ["# Leave-one-report-out cross-validation", "", "| figure | mean | spread | per fold |", "|---|---|---|---|"]
    for name, row in result["summary"].items():
        folds = ", ".join(f"{value:.3f}" for value in row["folds"])
        lines.append(f"| {name} | {row['mean']:.3f} | {row['spread']:.3f} | {folds} |")
    lines += ["", f"Folds (held-out report): {', '.join(result['folds'])}", "", "## Worst errors", "",
              "| kind | document | label | text | context |", "|---|---|---|---|---|"]
    lines += [f"| {e['kind']} | {e['document'][:12]} | {e['label']} | {e['text']} | {e['context']} |"
              for e in result["errors"][:40]]
    return "\n".join(lines) + "\n"


def _saved_config(model_dir: Path) -> dict:
    from extraction.model import SETTINGS_FILE

    path = model_dir / SETTINGS_FILE
    if not path.is_file():
        raise ReportieError(f"{model_dir}: not a reportie model folder (no {SETTINGS_FILE})")
    return json.loads(path.read_text(encoding="utf-8")).get("config", {})


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
