"""Validate markup files (see annotations/markup.py): `python scripts/check_markup.py FILE...`.

Prints one line per file with entity and relation counts, or the first problem found; with
--text FILE it also checks that the stripped markup equals that text exactly.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from annotations.markup import MarkupError, parse_markup


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--text", type=Path, help="the exact text the markup must strip to")
    args = parser.parse_args()
    failed = 0
    for path in args.files:
        try:
            text, spans, relations = parse_markup(path.read_text(encoding="utf-8"))
        except MarkupError as error:
            print(f"{path}: ERROR {error}")
            failed += 1
            continue
        if args.text is not None:
            expected = args.text.read_text(encoding="utf-8")
            if text != expected:
                at = next((i for i, (a, b) in enumerate(zip(text, expected)) if a != b), min(len(text), len(expected)))
                print(f"{path}: ERROR text differs at {at}: markup {text[max(0, at-20):at+20]!r} vs text {expected[max(0, at-20):at+20]!r}")
                failed += 1
                continue
        labels = Counter(span.label for span in spans)
        rels = Counter(rel.type for rel in relations)
        print(f"{path}: OK {len(text)} chars; " + " ".join(f"{k}={v}" for k, v in sorted(labels.items()))
              + "; " + " ".join(f"{k}={v}" for k, v in sorted(rels.items())))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
