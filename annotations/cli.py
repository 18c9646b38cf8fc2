"""`reportie corpus …`: build, check, inspect and score the labelled corpus."""
from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from annotations.tasks import CORPUS_DIR

corpus_app = typer.Typer(help="The labelled corpus in annotations/corpus/.", no_args_is_help=True)
FOLDER = typer.Option(CORPUS_DIR, "--corpus", help="Corpus folder.")


@corpus_app.command("check")
def check(folder: Path = FOLDER) -> None:
    """Validate every task: offsets, labels, overlaps, relation endpoints and types, manifest."""
    from annotations.check import check_corpus

    problems = check_corpus(folder)
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {folder}", err=True)
        raise typer.Exit(1)
    typer.echo(f"corpus OK: {folder}")


@corpus_app.command("stats")
def stats(folder: Path = FOLDER) -> None:
    """Characters, entities per label and relations per type, per document and in total."""
    from annotations.stats import corpus_stats_table
    from annotations.tasks import load_corpus

    typer.echo(corpus_stats_table(load_corpus(folder)))


@corpus_app.command("add")
def add(
    sources: List[Path] = typer.Argument(..., help="Report files to add (txt, pdf, docx)."),
    folder: Path = FOLDER,
    synthetic: bool = typer.Option(False, help="Mark as synthetic (never evaluated on)."),
    prefill: bool = typer.Option(True, help="Pre-annotate values with the rule tagger."),
) -> None:
    """Normalise reports into new tasks, values pre-annotated, and list them in the manifest."""
    from annotations.corpus import add_report

    for source in sources:
        typer.echo(f"added {add_report(source, folder, synthetic=synthetic, prefill=prefill)}")


@corpus_app.command("markup")
def markup(name: str = typer.Argument(..., help="Task file stem."), folder: Path = FOLDER) -> None:
    """Print a task's annotation as inline markup (see annotations/markup.py)."""
    from annotations.corpus import to_markup

    typer.echo(to_markup(folder / f"{name}.json"), nl=False)


@corpus_app.command("apply")
def apply(
    name: str = typer.Argument(..., help="Task file stem."),
    markup_file: Path = typer.Argument(..., help="Markup file whose stripped text equals the task text."),
    folder: Path = FOLDER,
) -> None:
    """Replace a task's annotation with the one written in a markup file."""
    from annotations.corpus import apply_markup
    from annotations.markup import MarkupError

    try:
        doc = apply_markup(folder / f"{name}.json", markup_file.read_text(encoding="utf-8"))
    except (MarkupError, ValueError) as error:
        typer.echo(f"error: {markup_file}: {error}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{name}: {len(doc.spans)} entities, {len(doc.relations)} relations")


@corpus_app.command("rules-score")
def rules_score(folder: Path = FOLDER) -> None:
    """Precision/recall/F1 of the rule tagger per value label on the real reports of the corpus."""
    from annotations.stats import rules_score_table
    from annotations.tasks import load_corpus

    typer.echo(rules_score_table(load_corpus(folder, synthetic=False)))


@corpus_app.command("add-synthetic")
def add_synthetic(
    passages: List[Path] = typer.Argument(..., help="Passage files: a '#meta {json}' line, then markup."),
    prefix: str = typer.Option("syn", help="Task names are PREFIX_<file stem>."),
    folder: Path = FOLDER,
) -> None:
    """Add passages written by us (marked synthetic; a third get PDF damage, then normalisation)."""
    from annotations.markup import MarkupError
    from annotations.synthetic import import_passages

    try:
        written = import_passages(sorted(passages), folder, prefix)
    except (MarkupError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1)
    typer.echo(f"added {len(written)} synthetic passages to {folder}")


@corpus_app.command("agreement")
def agreement_command(
    first: Path = typer.Argument(..., help="Markup file of the first pass."),
    second: Path = typer.Argument(..., help="Markup file of the second pass over the same text."),
    show: int = typer.Option(40, help="How many disagreements to list."),
) -> None:
    """Agreement (F1) between two annotation passes: values, INDICATOR, PROJECT, HAS_VALUE, BELONGS_TO."""
    from annotations.agreement import agreement, agreement_items, disagreements
    from annotations.markup import parse_markup

    text, spans_a, rels_a = parse_markup(first.read_text(encoding="utf-8"))
    text_b, spans_b, rels_b = parse_markup(second.read_text(encoding="utf-8"))
    if text != text_b:
        typer.echo("error: the two passes annotate different texts", err=True)
        raise typer.Exit(1)
    items_a, items_b = agreement_items("doc", spans_a, rels_a), agreement_items("doc", spans_b, rels_b)
    for category, score in agreement(items_a, items_b).items():
        typer.echo(f"{category:<11} F1 {score['f']:.3f}  (first {score['gold']}, second {score['pred']}, both {score['tp']})")
    for category, side, key in disagreements(items_a, items_b)[:show]:
        typer.echo(f"only {side:<6} {category:<10} {_describe(text, key)}")


def _describe(text: str, key: tuple) -> str:
    flat = [part for part in _flatten(key) if isinstance(part, int)]
    pieces = [text[flat[i]:flat[i + 1]] for i in range(0, len(flat), 2)]
    return " → ".join(repr(piece) for piece in pieces)


def _flatten(key):
    for part in key:
        if isinstance(part, tuple):
            yield from _flatten(part)
        else:
            yield part


@corpus_app.command("export")
def export(
    out: Path = typer.Argument(..., help="Folder to write (a saved Dataset, or .spacy files)."),
    to: str = typer.Option(..., "--to", help="hf (datasets.Dataset.save_to_disk) or spacy (DocBin .spacy)."),
    real_only: bool = typer.Option(False, "--real-only", help="Leave the synthetic passages out."),
    fold: int = typer.Option(None, "--fold", help="Write train/ and dev/ of leave-one-report-out fold N (1-based)."),
    window: int = typer.Option(None, "--window", help="hf only: rows of at most N characters, cut at sentence ends."),
    stride: int = typer.Option(None, "--stride", help="hf only: distance between window starts (default: the window)."),
    folder: Path = FOLDER,
) -> None:
    """Export the corpus for Hugging Face datasets or spaCy, whole or as one fold's train/dev split."""
    from annotations.convert import to_docbin, to_hf_dataset
    from annotations.folds import loro_folds, select
    from annotations.tasks import load_corpus

    if to not in ("hf", "spacy"):
        _export_error(f"--to must be hf or spacy, not {to!r}")
    if to == "spacy" and window:
        _export_error("--window applies to --to hf only (spaCy docs are whole reports)")
    docs = load_corpus(folder, synthetic=False if real_only else None)
    if fold is None:
        splits = {"": docs}
    else:
        try:
            folds = loro_folds(docs)
        except ValueError as error:
            _export_error(str(error))
        if not 1 <= fold <= len(folds):
            _export_error(f"--fold must be 1..{len(folds)}, not {fold}")
        chosen = folds[fold - 1]
        splits = {"train": select(docs, chosen.train_names), "dev": select(docs, [chosen.eval_name])}
    try:
        if to == "hf":
            from datasets import DatasetDict, disable_progress_bars

            disable_progress_bars()
            datasets = {name: to_hf_dataset(split, window=window, stride=stride) for name, split in splits.items()}
            (datasets[""] if fold is None else DatasetDict(datasets)).save_to_disk(str(out))
            sizes = {name: f"{len(split)} documents, {len(datasets[name])} rows" for name, split in splits.items()}
        else:
            for name, split in splits.items():
                (out / name).mkdir(parents=True, exist_ok=True)
                to_docbin(split).to_disk(out / name / "corpus.spacy")
            sizes = {name: f"{len(split)} documents" for name, split in splits.items()}
    except ValueError as error:
        _export_error(str(error))
    for name, size in sizes.items():
        typer.echo(f"{(out / name) if name else out}: {size}")


def _export_error(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@corpus_app.command("import")
def import_command(
    export_file: Path = typer.Argument(..., help="Label Studio export in the JSON format (not JSON_MIN)."),
    into: Path = typer.Option(CORPUS_DIR, "--into", help="Corpus folder to merge into."),
) -> None:
    """Merge a Label Studio export: each task's most recent non-cancelled annotation, validated, backups kept."""
    from annotations.studio.export import ExportProblems, import_export, read_export
    from annotations.studio.connection import StudioError

    try:
        report = import_export(read_export(export_file), into)
    except StudioError as error:
        for problem in error.problems if isinstance(error, ExportProblems) else []:
            typer.echo(problem, err=True)
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2)
    for line in report.lines():
        typer.echo(line)
    typer.echo(f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
               f"{len(report.skipped)} without annotation → {into}", err=True)
