"""`reportie extract`: files or folders in, the output contract out."""
from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from extraction.errors import InputError, ReportieError
from extraction.export import FORMATS, BatchWriter


def extract(
    inputs: List[Path] = typer.Argument(..., help="Report files (.txt .pdf .docx) or folders of them."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the results (created if missing)."),
    formats: List[str] = typer.Option(
        ["json"], "--format", "-f",
        help=f"Output formats, repeatable: {', '.join(FORMATS)}. JSON per document is always written; "
        "jsonl/csv/xlsx hold the records of the whole batch.",
    ),
    model: Path = typer.Option(None, "--model", "-m", help="Trained model folder (default: models/default when "
                               "it exists, else $REPORTIE_MODEL)."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Values from the rule tagger only, no model."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Extract amounts, counts, ratios, indicators and projects, linked into records."""
    from tqdm import tqdm

    from extraction.ingest import collect_inputs, read_document
    from extraction.pipeline import Pipeline

    try:
        writer = BatchWriter(out, ["json", *formats])
        paths = collect_inputs(inputs)
        model = None if rules_only else (model or default_model())
        pipeline = Pipeline(model=_load_model(model) if model else None)
    except (ReportieError, ValueError) as error:
        _fail(str(error))
    failures = 0
    notes: set[str] = set()
    for path in tqdm(paths, desc="extract", unit="file", disable=quiet or len(paths) < 2):
        try:
            extraction = pipeline(read_document(path))
        except InputError as error:
            failures += 1
            typer.echo(f"skipped {error}", err=True)
            continue
        writer.add(extraction)
        notes.update(extraction.notes)
    written = writer.finish()
    for note in sorted(notes):
        typer.echo(f"note: {note}", err=True)
    done = len(paths) - failures
    typer.echo(f"{done} of {len(paths)} documents extracted, {len(writer.rows)} records → {out}", err=True)
    if failures:
        raise typer.Exit(1)


def default_model() -> Path | None:
    """`$REPORTIE_MODEL`, else `models/default` of the working directory or of this checkout, if trained."""
    import os

    candidates = [os.environ.get("REPORTIE_MODEL"), "models/default",
                  Path(__file__).resolve().parents[1] / "models" / "default"]
    for candidate in filter(None, candidates):
        if (Path(candidate) / "reportie_model.json").is_file():
            return Path(candidate)
    return None


def _load_model(folder: Path):
    from extraction.model import load_model

    return load_model(folder)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
