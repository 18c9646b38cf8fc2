"""One reportie fold trained in a process of its own, so that `make bench` can train folds side by side.

    python -m bench.train_fold --out DIR [--config configs/default.yaml] [--threads 1] NAME [NAME ...]

Trains on the corpus documents called NAME (a fold's training documents, real and synthetic) with
the config's model and training settings; its dev reports are ignored (the fold decides what is
held out) and the last epoch is saved to DIR.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from annotations.folds import select
from annotations.tasks import load_corpus
from training.config import load_config
from training.train import Split, train

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "configs" / "default.yaml"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: the config's)")
    parser.add_argument("names", nargs="+", help="training documents")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    threads = args.threads or config.train.threads
    config = config.model_copy(update={"data": config.data.model_copy(update={"dev_reports": []}),
                                       "train": config.train.model_copy(update={"threads": threads})})
    train(config, args.out, Split(select(load_corpus(), args.names), []), progress=False, log=lambda line: None)


if __name__ == "__main__":
    main()
