"""Which entity head, which rule merging, and whether synthetic passages help: measured, not guessed.

Leave-one-real-report-out for every variant (same folds, same seed); each fold's model is also
scored under every rule-merging mode. Usage:
    python bench/model_choice.py softmax crf span softmax:real --epochs 8 --out bench/results/model_choice.json
A variant is `HEAD[:real]` (`:real` trains on the real reports only).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from extraction.model import MERGE_MODES
from training.config import parse_config
from training.cv import cross_validate

HEADLINE = ("entity_INDICATOR", "entity_PROJECT", "entity_VALUES", "HAS_VALUE", "BELONGS_TO", "record_accuracy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="+")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--encoder", default="m3e-small")
    parser.add_argument("--set", action="append", default=[], help="extra config as section.key=value")
    parser.add_argument("--fold", type=int, action="append", help="run only these folds (1-based, repeatable)")
    parser.add_argument("--keep", type=Path, help="keep each fold's model under this folder")
    parser.add_argument("--out", type=Path, default=Path("bench/results/model_choice.json"))
    args = parser.parse_args()
    results = {}
    for variant in args.variants:
        head, _, scope = variant.partition(":")
        raw = {"encoder": args.encoder, "model": {"entity_head": head}, "data": {"synthetic": scope != "real"},
               "train": {"epochs": args.epochs}}
        for item in args.set:
            key, value = item.split("=", 1)
            section, name = key.split(".")
            raw.setdefault(section, {})[name] = json.loads(value)
        started = time.perf_counter()
        found = cross_validate(parse_config(raw), progress=False, merge_modes=tuple(m for m in MERGE_MODES), only_folds=args.fold,
                               keep_models=args.keep and args.keep / variant.replace(':', '_'),
                               log=lambda line: print(f"[{variant}] {line}", flush=True))
        found["seconds"] = time.perf_counter() - started
        results[variant] = found
        print(table(results), flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def table(results: dict) -> str:
    lines = ["| variant | merge | " + " | ".join(HEADLINE) + " |", "|---|---|" + "---|" * len(HEADLINE)]
    for variant, found in results.items():
        for mode, summary in found["merge_modes"].items():
            cells = [f"{summary[name]['mean']:.3f} ± {summary[name]['spread']:.3f}" for name in HEADLINE]
            lines.append(f"| {variant} | {mode} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
