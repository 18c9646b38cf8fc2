"""Splits by report, never by sentence: leave-one-real-report-out folds.

Synthetic passages only ever train; every evaluation fold is one real report.
"""
from __future__ import annotations

from dataclasses import dataclass

from annotations.tasks import CorpusDoc


@dataclass(frozen=True)
class Fold:
    """One split of the corpus: names of the training documents and the held-out real report."""

    eval_name: str
    train_names: tuple[str, ...]


def loro_folds(docs: list[CorpusDoc], with_synthetic: bool = True) -> list[Fold]:
    """One fold per real report; the others (plus synthetic passages when asked) train."""
    real = sorted(doc.name for doc in docs if not doc.synthetic)
    synthetic = sorted(doc.name for doc in docs if doc.synthetic) if with_synthetic else []
    if len(real) < 2:
        raise ValueError(f"leave-one-report-out needs at least 2 real reports, the corpus has {len(real)}")
    return [Fold(held_out, tuple(name for name in real if name != held_out) + tuple(synthetic)) for held_out in real]


def select(docs: list[CorpusDoc], names: tuple[str, ...] | list[str]) -> list[CorpusDoc]:
    """The documents called `names`, in that order; unknown names are an error, not a silent gap."""
    by_name = {doc.name: doc for doc in docs}
    missing = [name for name in names if name not in by_name]
    if missing:
        raise KeyError(f"not in the corpus: {', '.join(missing)}")
    return [by_name[name] for name in names]
