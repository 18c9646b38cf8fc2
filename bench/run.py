"""`make bench`: every system on the same leave-one-report-out folds, then speed and size.

    python -m bench.run [--systems rules,crf,spacy] [--spacy-epochs 6] [--crf-epochs 150] [--jobs 2]

Writes bench/results/<date>.json, .md and .png (per-label F1) and prints the Markdown tables.
Each system trains once per fold on that fold's training documents (real reports and synthetic
passages) and is scored on the held-out real report; the system of the last fold is saved under
bench/work/<name>/ and measured for speed in a fresh process (see bench/speed.py).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from operator import truediv
from pathlib import Path

from annotations.folds import loro_folds, select
from annotations.tasks import load_corpus
from bench.report import markdown_report, write_chart
from bench.scoring import score_fold, summarize
from bench.speed import extract_speed, measure_in_subprocess
from bench.systems import SYSTEMS, ReportieSystem, create_system

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "bench" / "work"
SAMPLE_PDF = Path("tests/data/sample.pdf")  # relative to ROOT, as the results show it


def run_system(name: str, settings: dict, docs, folds, jobs: int = 1,
               log=lambda line: print(line, flush=True)) -> dict:
    """Train and score `name` on every fold; save the last fold's system and measure its speed."""
    started = time.perf_counter()
    systems, train_seconds, side_by_side, threads = train_folds(name, settings, docs, folds, jobs)
    train_wall = time.perf_counter() - started
    per_fold, epochs = [], [system.epochs for system in systems]
    for number, (fold, system, seconds) in enumerate(zip(folds, systems, train_seconds), start=1):
        held_out = select(docs, [fold.eval_name])[0]
        scores = score_fold(held_out, system.predict(held_out.text), system.labels, system.produces_relations)
        per_fold.append(scores)
        shown = {label: f"{score['f']:.3f}" for label, score in scores["entities"].items() if score is not None}
        log(f"[{name}] fold {number}/{len(folds)} ({fold.eval_name}): trained in {seconds:.1f} s; F1 {shown}")
    system = systems[-1]
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    system.save(folder)
    speed = measure_in_subprocess(name, folder)
    log(f"[{name}] {speed['chars_per_s']:,.0f} chars/s, load {speed['load_s']:.2f} s, peak RSS {speed['peak_rss_mib']:.0f} MiB")
    mean_train = statistics.fmean(train_seconds)
    trains = epochs[-1] is not None
    return {
        "labels": list(system.labels), "produces_relations": system.produces_relations, "settings": settings,
        "per_fold": per_fold, "summary": summarize(per_fold), "speed": speed, "saved": str(folder.relative_to(ROOT)),
        "train": {"epochs": round(statistics.fmean(epochs)) if trains else None, "per_fold_epochs": epochs,
                  "folds_at_once": side_by_side, "threads": threads, "wall_seconds": train_wall,
                  "reused": all(getattr(system, "reused_training", False) for system in systems),
                  "seconds_per_fold": mean_train, "per_fold_seconds": train_seconds,
                  "seconds_per_epoch": statistics.fmean(map(truediv, train_seconds, epochs)) if trains else None},
        "shipped": bool(getattr(system, "shipped", False)),
    }


def train_folds(name: str, settings: dict, docs, folds, jobs: int) -> tuple[list, list[float], int, int | None]:
    """One trained system per fold, and each fold's training seconds.

    Systems that train in a process of their own train `jobs` folds at once, the cores shared
    between them (two small trainings on one core each finish sooner than one after the other on
    two); the others train one fold after another.
    """
    kind = SYSTEMS[name]
    side_by_side = max(1, min(jobs, len(folds))) if kind.trains_in_subprocess else 1
    threads = max(1, (os.cpu_count() or 1) // side_by_side) if kind.trains_in_subprocess else None
    systems = [create_system(name, **settings, **({"threads": threads} if threads else {})) for _ in folds]

    def train_one(system, fold) -> float:
        started = time.perf_counter()
        system.train(select(docs, fold.train_names))
        # a system sharing a model trained for another reports that training's time, not its own lookup
        return getattr(system, "train_seconds", None) or time.perf_counter() - started

    with ThreadPoolExecutor(side_by_side) as pool:
        return systems, list(pool.map(train_one, systems, folds)), side_by_side, threads


def extract_model(systems: dict[str, dict]) -> Path | None:
    """The model `reportie extract` runs with: a shipped system of this run, else the one extract finds itself."""
    from extraction.cli import default_model

    shipped = next((found["saved"] for found in systems.values() if found["shipped"]), None)
    found = Path(shipped) if shipped else default_model()
    return found.relative_to(ROOT) if found is not None and found.is_absolute() and found.is_relative_to(ROOT) else found


def machine() -> dict:
    cores = os.cpu_count()
    return {"platform": platform.platform(), "python": platform.python_version(), "cpus": cores,
            "processor": platform.processor() or platform.machine(),
            "summary": f"{cores} cores, {platform.machine()}, Python {platform.python_version()}"}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, from {', '.join(SYSTEMS)}")
    parser.add_argument("--spacy-epochs", type=int, default=6)  # 8 gave the same F1 (all labels 0.600 vs 0.604), 50 s slower
    parser.add_argument("--crf-epochs", type=int, default=150, help="L-BFGS iterations at most")
    parser.add_argument("--reportie-config", type=Path, default=None,
                        help="training config of the reportie systems (default: configs/default.yaml)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="folds trained at once by the systems that train in a process of their own")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="stem of the result files")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.systems.split(",") if name.strip()]
    unknown = [name for name in names if name not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system(s) {', '.join(unknown)} (known: {', '.join(SYSTEMS)})")
    settings = {"spacy": {"epochs": args.spacy_epochs}, "crf": {"epochs": args.crf_epochs}}
    if args.reportie_config:
        ReportieSystem.config_path = args.reportie_config.resolve()

    started = time.perf_counter()
    docs = load_corpus()
    folds = loro_folds(docs)
    systems = {name: run_system(name, settings.get(name, {}), docs, folds, args.jobs) for name in names}
    extract = extract_speed(SAMPLE_PDF, Path(sys.executable).parent / "reportie", extract_model(systems), cwd=ROOT)
    payload = {"date": args.date, "machine": machine(), "folds": [fold.eval_name for fold in folds],
               "systems": systems, "extract": extract, "seconds": time.perf_counter() - started}

    args.out.mkdir(parents=True, exist_ok=True)
    chart = args.out / f"{args.date}.png"
    write_chart(systems, chart)
    markdown = markdown_report(payload, chart.name)
    (args.out / f"{args.date}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (args.out / f"{args.date}.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    print(f"wrote {args.out / args.date}.json, .md, .png")
    return payload


if __name__ == "__main__":
    main()
