"""Markdown tables and the per-label F1 chart of a benchmark run."""
from __future__ import annotations

from pathlib import Path

from extraction.document import LABELS, RELATION_TYPES

ACCURACY_COLUMNS = (*LABELS, "VALUES", "ALL", *RELATION_TYPES, "record_accuracy")
ACCURACY_TITLES = {"VALUES": "values (micro)", "ALL": "all (micro)", "record_accuracy": "record acc."}
CHART_LABELS = (*LABELS, "VALUES")
MISSING = "—"


def mean_spread(figure: dict | None) -> str:
    return MISSING if figure is None else f"{figure['mean']:.3f} ± {figure['spread']:.3f}"


def accuracy_table(systems: dict[str, dict]) -> str:
    header = ["system", *(ACCURACY_TITLES.get(column, column) for column in ACCURACY_COLUMNS)]
    rows = [[name, *(mean_spread(found["summary"][column]) for column in ACCURACY_COLUMNS)]
            for name, found in systems.items()]
    return markdown_table(header, rows)


def fold_table(systems: dict[str, dict], folds: list[str]) -> str:
    """F1 of every fold, to see where the spread comes from."""
    columns = (*LABELS, "HAS_VALUE")
    rows = []
    for name, found in systems.items():
        for number, fold in enumerate(folds):
            rows.append([name, fold, *(_fold_cell(found["summary"][column], number) for column in columns)])
    return markdown_table(["system", "held out", *columns], rows)


def _fold_cell(figure: dict | None, number: int) -> str:
    return MISSING if figure is None else f"{figure['folds'][number]:.3f}"


def speed_table(systems: dict[str, dict], baseline: str = "rules") -> str:
    """Absolute figures with the ratio to the baseline beside them (absolute times on a shared machine are noisy)."""
    reference = systems.get(baseline, {}).get("speed")
    header = ["system", "chars/s", f"× {baseline}", "load s", f"× {baseline}", "peak RSS MiB", f"× {baseline}",
              "train s/epoch", "epochs", "train s/fold"]
    rows = []
    for name, found in systems.items():
        speed, train = found["speed"], found["train"]
        rows.append([
            name, f"{speed['chars_per_s']:,.0f}", _ratio(speed, reference, "chars_per_s"),
            f"{speed['load_s']:.2f}", _ratio(speed, reference, "load_s"),
            f"{speed['peak_rss_mib']:.0f}", _ratio(speed, reference, "peak_rss_mib"),
            MISSING if train["seconds_per_epoch"] is None else f"{train['seconds_per_epoch']:.2f}",
            MISSING if train["epochs"] is None else str(train["epochs"]),
            MISSING if train["epochs"] is None else f"{train['seconds_per_fold']:.1f}",
        ])
    return markdown_table(header, rows)


def side_by_side_line(systems: dict[str, dict]) -> str:
    """Which systems trained several folds at once: their train s/fold is a fold's own wall time then."""
    shared = {name: found["train"] for name, found in systems.items()
              if found["train"].get("folds_at_once", 1) > 1 and not found["train"].get("reused")}
    if not shared:
        return ""
    parts = [f"{name} {train['folds_at_once']} at a time, {train['threads']} thread(s) each, "
             f"{train['wall_seconds']:.0f} s for all folds" for name, train in shared.items()]
    return ("Folds trained side by side (train s/fold is then one fold's wall time, slower than alone): "
            + "; ".join(parts) + ".")


def _ratio(speed: dict, reference: dict | None, key: str) -> str:
    if not reference or not reference[key]:
        return MISSING
    return f"{speed[key] / reference[key]:.3g}×"


def extract_line(extract: dict) -> str:
    what = f"with the model in {extract['model']}" if extract["model"] else "rules only (no trained model)"
    return (f"`reportie extract {extract['pdf']}` end to end, {what}: {extract['chars']:,} characters in "
            f"{extract['seconds']:.2f} s (median of {extract['runs']}; process start included), "
            f"{extract['chars_per_s']:,.0f} chars/s, {extract['records']} records.")


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "｜") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown_report(payload: dict, chart_name: str | None) -> str:
    folds = payload["folds"]
    lines = [
        f"# Benchmark {payload['date']}", "",
        f"Leave-one-report-out over the {len(folds)} real reports ({', '.join(folds)}); synthetic passages only "
        f"train. Strict spans (exact start, end and label), F1 mean ± spread (population SD) over folds. "
        f"{MISSING} = the system cannot produce it. Machine: {payload['machine']['summary']}.", "",
        "## Accuracy", "", accuracy_table(payload["systems"]), "",
    ]
    if chart_name:
        lines += [f"![per-label F1]({chart_name})", ""]
    lines += ["## Per fold (F1)", "", fold_table(payload["systems"], folds), "",
              "## Speed and size", "",
              f"Characters/s on the {len(folds)} real reports' texts per batch, system loaded and warmed up on one batch; load time includes "
              "imports; peak RSS of a fresh process that loads the system and runs the batches; training time from "
              "the leave-one-report-out folds.", "",
              speed_table(payload["systems"]), ""]
    shared = side_by_side_line(payload["systems"])
    if shared:
        lines += [shared, ""]
    if payload.get("extract"):
        lines += [extract_line(payload["extract"]), ""]
    lines += [f"Bench wall time: {payload['seconds'] / 60:.1f} min.", ""]
    return "\n".join(lines)


def write_chart(systems: dict[str, dict], path: Path) -> None:
    """Grouped bars of per-label F1 with the spread over folds as error bars; no bar where a system cannot tag."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(10, 4.2), dpi=120)
    width = 0.8 / max(1, len(systems))
    for number, (name, found) in enumerate(systems.items()):
        positions, means, spreads = [], [], []
        for index, label in enumerate(CHART_LABELS):
            figure_of_label = found["summary"][label]
            position = index + (number - (len(systems) - 1) / 2) * width
            if figure_of_label is None:
                axes.text(position, 0.01, "n/a", ha="center", va="bottom", fontsize=7, rotation=90, color="grey")
                continue
            positions.append(position)
            means.append(figure_of_label["mean"])
            spreads.append(figure_of_label["spread"])
        axes.bar(positions, means, width, yerr=spreads, capsize=3, label=name, color=f"C{number}")
    axes.set_xticks(range(len(CHART_LABELS)), [label if label != "VALUES" else "values (micro)" for label in CHART_LABELS])
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("strict F1 (mean ± spread over folds)")
    axes.set_title("Per-label F1, leave-one-report-out")
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
