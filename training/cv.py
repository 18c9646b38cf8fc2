"""Leave-one-report-out cross-validation: train per fold, evaluate on the held-out real report."""
from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable

from annotations.folds import loro_folds, select
from annotations.tasks import CorpusDoc, load_corpus
from extraction.model import load_model
from training.config import Config
from training.evaluate import evaluate, summarize_folds, worst_errors
from training.train import Split, predict, train


def cross_validate(config: Config, docs: list[CorpusDoc] | None = None, progress: bool = True,
                   merge_modes: tuple[str, ...] = (), only_folds: list[int] | None = None,
                   keep_models: Path | None = None,
                   log: Callable[[str], None] = print) -> dict:
    """Per-fold metrics and their mean ± spread; synthetic passages only ever train.

    `merge_modes` also scores each fold's model with other ways of merging the rules, from the
    same trained weights (the merge happens at prediction time).
    """
    docs = docs if docs is not None else (load_corpus(config.data.corpus) if config.data.corpus else load_corpus())
    folds = loro_folds(docs, with_synthetic=config.data.synthetic)
    if only_folds:
        folds = [fold for number, fold in enumerate(folds, start=1) if number in only_folds]
    results: dict[str, list[dict]] = {mode: [] for mode in (config.model.merge_rules, *merge_modes)}
    errors = []
    with tempfile.TemporaryDirectory(prefix="reportie-cv-") as scratch:
        for number, fold in enumerate(folds, start=1):
            log(f"fold {number}/{len(folds)}: held out {fold.eval_name}")
            held_out = select(docs, [fold.eval_name])
            folder = (keep_models or Path(scratch)) / f"fold{number}"
            train(config, folder, Split(select(docs, fold.train_names), []), progress=progress, log=log)
            model = load_model(folder)
            for mode in results:
                model.settings = replace(model.settings, merge_rules=mode)
                predictions = predict(model, held_out)
                metrics = evaluate(held_out, predictions)
                results[mode].append(metrics)
                if mode == config.model.merge_rules:
                    errors += worst_errors(held_out, predictions, limit=15)
                    log(f"fold {number}: entities F1 {metrics['entities']['ALL']['f']:.3f}, "
                        f"records {metrics['records']['accuracy']:.3f}")
    main = results[config.model.merge_rules]
    return {
        "folds": [fold.eval_name for fold in folds],
        "per_fold": main,
        "summary": summarize_folds(main),
        "merge_modes": {mode: summarize_folds(found) for mode, found in results.items()},
        "errors": errors,
        "config": config.model_dump(mode="json"),
    }


