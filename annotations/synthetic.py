"""Synthetic passages written by us: markup in, corpus tasks out, some with PDF damage applied.

A third of the passages go through `damage` (hard line breaks, page numbers, stray spaces)
and then through the real normaliser, so that the corpus exercises the normaliser too; the
annotation follows the text through both steps by offset maps.
"""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import replace
from pathlib import Path

from annotations.check import check_task
from annotations.corpus import update_manifest
from annotations.markup import parse_markup
from annotations.tasks import CorpusDoc, task_from_doc, write_task_file
from extraction.document import Span
from extraction.normalize import NORMALIZER_VERSION, normalize

META_PREFIX = "#meta "
WRAP_WIDTH = (24, 30)
LINES_PER_PAGE = 22


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _in_token(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ".,%")


def damage(text: str, seed: int) -> tuple[str, list[int]]:
    """PDF-extraction damage; returns the damaged text and where each original char went.

    Lines are wrapped only between characters that are not both part of a number or a latin
    word, and table rows (`|`) are left whole, as PDF text layers of such reports do.
    """
    rng = random.Random(seed)
    out: list[str] = []
    positions: list[int] = []
    length = 0
    column, lines, page = 0, 0, rng.randint(2, 9)
    width = rng.randint(*WRAP_WIDTH)
    table_lines = {index for index, line in enumerate(text.split("\n")) if "|" in line}
    line_number = 0

    def emit(piece: str) -> None:
        nonlocal length
        out.append(piece)
        length += len(piece)

    for index, char in enumerate(text):
        previous = text[index - 1] if index else ""
        if (char.isdigit() and _is_cjk(previous) or _is_cjk(char) and previous.isdigit()) and rng.random() < 0.5:
            emit(" ")
        positions.append(length)
        emit(char)
        if char == "\n":
            emit("\n")
            column, lines, line_number = 0, lines + 1, line_number + 1
            continue
        column += 1
        following = text[index + 1] if index + 1 < len(text) else "\n"
        if column >= width and following != "\n" and line_number not in table_lines \
                and not (_in_token(char) and _in_token(following)):
            emit("\n\n")
            column, lines, width = 0, lines + 1, rng.randint(*WRAP_WIDTH)
            if lines % LINES_PER_PAGE == 0:
                emit(f"{page}\n\n")
                page += 1
    return "".join(out), positions


def passage_doc(name: str, markup: str, meta: dict, damaged: bool, seed: int) -> tuple[CorpusDoc, str]:
    """The corpus document of one passage (text normalised as a user's input would be) and its raw text."""
    clean, spans, relations = parse_markup(markup)
    raw, positions = damage(clean, seed) if damaged else (clean, list(range(len(clean))))
    normalized = normalize(raw)
    moved = [_move(span, positions, normalized) for span in spans]
    data = {"source": f"synthetic/{name}.txt", "sha256": hashlib.sha256(raw.encode("utf-8")).hexdigest(),
            "synthetic": True, "damaged": damaged, "normalizer_version": NORMALIZER_VERSION, **meta}
    return CorpusDoc(name, normalized.text, moved, relations, data), raw


def _move(span: Span, positions: list[int], normalized) -> Span:
    start, end = normalized.to_normalized(positions[span.start], positions[span.end - 1] + 1)
    moved = replace(span, start=start, end=end, text=normalized.text[start:end])
    if "".join(moved.text.split()) != "".join(span.text.split()):
        raise ValueError(f"span {span.text!r} became {moved.text!r} after damage and normalisation")
    return moved


def read_passage(path: Path) -> tuple[dict, str]:
    first, _, markup = path.read_text(encoding="utf-8").partition("\n")
    if not first.startswith(META_PREFIX):
        raise ValueError(f"{path}: first line must be the {META_PREFIX.strip()} line")
    return json.loads(first[len(META_PREFIX):]), markup.strip("\n")


def import_passages(paths: list[Path], folder: Path, prefix: str) -> list[Path]:
    """Write one task per passage file; a third of them (chosen by name) damaged first."""
    written = []
    for path in paths:
        meta, markup = read_passage(path)
        name = f"{prefix}_{path.stem}"
        digest = int(hashlib.sha256(name.encode()).hexdigest(), 16)
        doc, _ = passage_doc(name, markup, meta, damaged=digest % 3 == 0, seed=digest % 10_000)
        if doc.data["damaged"] and check_task(task_from_doc(doc)):
            # The normaliser left a break that splits a linked sentence: keep the passage clean
            # rather than lose its relations.
            doc, _ = passage_doc(name, markup, meta, damaged=False, seed=0)
        target = folder / f"{name}.json"
        write_task_file(target, task_from_doc(doc))
        update_manifest(folder, target.name, doc.data, len(doc.text))
        written.append(target)
    return written
