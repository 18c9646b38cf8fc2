"""The `reportie` command: one app, each folder contributing its own sub-commands."""
from __future__ import annotations

import typer

from annotations.cli import corpus_app
from annotations.studio.cli import studio_app
from extraction.cli import extract
from training.cli import evaluate_command, train_command

app = typer.Typer(
    name="reportie",
    help="Structured, checkable data from Chinese budget-performance reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract)
app.add_typer(corpus_app, name="corpus")
app.add_typer(studio_app, name="studio")
app.command("train")(train_command)
app.command("evaluate")(evaluate_command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
