"""Normaliser throughput on a megabyte of report-shaped text: `python bench/normalize_speed.py`."""
import time
from pathlib import Path

from annotations.tasks import load_corpus
from extraction.normalize import normalize


def main() -> None:
    text = "\n\n".join(doc.text for doc in load_corpus(synthetic=False))
    megabyte = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    started = time.perf_counter()
    normalize(megabyte)
    seconds = time.perf_counter() - started
    print(f"normalize: 1,000,000 chars in {seconds:.2f} s ({1_000_000 / seconds:,.0f} chars/s)")


if __name__ == "__main__":
    main()
