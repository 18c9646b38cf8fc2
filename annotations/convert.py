"""The corpus as a Hugging Face `datasets.Dataset` or a spaCy `DocBin`, and back, loss-free.

Offsets are code points everywhere (Python `str` indices), so a character outside the BMP
(𠮷) is one position and one BIO tag, and `\\r\\n` is two characters, both kept.

Hugging Face rows: `name, text, chars, bio, spans, relations, synthetic, data` (`data` holds the
task's metadata as JSON, whose keys differ between documents). `relations` index into the row's
`spans`. With `window=`, a document becomes several rows cut at sentence ends where possible,
never inside an entity (the edge moves to the entity's start, or past its end when the entity
alone is longer than a window); rows gain `window_start` (offset of the row in the document) and
`cross_relations`. A row lists every relation whose two entities it holds; a relation whose
entities share no row is kept, in document offsets, in `cross_relations` of the document's first
row. Whole documents keep their span and relation order exactly; windowed documents come back
in the corpus order (spans by offset, relations by type, head, tail), which is what `load_corpus`
gives.

spaCy docs: one token per character (whitespace characters are tokens, no trailing spaces, so
`doc.text == text`), entities in `doc.ents`, relations in `doc._.relations` as
`(type, head_start, head_end, tail_start, tail_end)`, the document name and metadata in
`doc.user_data["name"]` and `doc.user_data["data"]` (JSON).
"""
from __future__ import annotations

import json
from collections.abc import Iterable

from annotations.tasks import CorpusDoc
from extraction.document import Relation, Span
from extraction.sentences import sentence_bounds

RELATIONS_EXTENSION = "relations"
SPACY_LANG = "zh"


# --- character BIO ----------------------------------------------------------------------------

def bio_tags(length: int, spans: Iterable[Span]) -> list[str]:
    """IOB2 tags, one per code point; overlapping spans cannot be written as BIO and are an error."""
    tags = ["O"] * length
    for span in spans:
        if any(tag != "O" for tag in tags[span.start:span.end]):
            raise ValueError(f"span {span.start}..{span.end} {span.label} overlaps another span; BIO cannot hold both")
        tags[span.start] = f"B-{span.label}"
        tags[span.start + 1:span.end] = [f"I-{span.label}"] * (span.end - span.start - 1)
    return tags


def spans_from_bio(text: str, tags: list[str], source: str = "gold") -> list[Span]:
    """The spans of IOB2 tags; an `I-X` that continues nothing starts an entity (as conlleval reads it)."""
    spans: list[Span] = []
    start, label = None, None
    for offset, tag in enumerate([*tags, "O"]):
        prefix, _, tag_label = tag.partition("-")
        if label is not None and (prefix != "I" or tag_label != label):
            spans.append(Span(start, offset, label, text[start:offset], source=source))
            label = None
        if prefix in ("B", "I") and label is None:
            start, label = offset, tag_label
    return spans


# --- windows ----------------------------------------------------------------------------------

def window_ranges(text: str, spans: list[Span], window: int, stride: int | None = None) -> list[tuple[int, int]]:
    """Half-open `(start, end)` rows covering `text`, each at most `window` characters where possible.

    `stride` is the distance between the starts of consecutive windows (default `window`: no
    overlap); with a smaller stride consecutive windows overlap. Edges go to sentence ends when
    one is in reach, else to any offset that is not inside an entity.
    """
    stride = window if stride is None else stride
    if window < 1 or not 1 <= stride <= window:
        raise ValueError(f"window {window} / stride {stride}: need window ≥ 1 and 1 ≤ stride ≤ window")
    cuttable = [True] * (len(text) + 1)
    for span in spans:
        cuttable[span.start + 1:span.end] = [False] * (span.end - span.start - 1)
    sentence_ends = {end for _, end in sentence_bounds(text)}
    ranges: list[tuple[int, int]] = []
    start = 0
    while True:
        if len(text) - start <= window:
            ranges.append((start, len(text)))
            return ranges
        end = _edge(start, start + window, cuttable, sentence_ends)
        ranges.append((start, end))
        if end == len(text):
            return ranges
        start = end if stride == window else min(end, _edge(start, start + stride, cuttable, sentence_ends))


def _edge(after: int, limit: int, cuttable: list[bool], sentence_ends: set[int]) -> int:
    """The last sentence end in `(after, limit]`, else the last cuttable offset, else the first one past `limit`."""
    candidates = range(limit, after, -1)
    for offset in candidates:
        if offset in sentence_ends and cuttable[offset]:
            return offset
    for offset in candidates:
        if cuttable[offset]:
            return offset
    return next(offset for offset in range(limit + 1, len(cuttable)) if cuttable[offset])


# --- Hugging Face datasets --------------------------------------------------------------------

def hf_features(windowed: bool = False):
    from datasets import Features, List, Value

    span = {"start": Value("int32"), "end": Value("int32"), "label": Value("string")}
    relation = {"type": Value("string"), "head": Value("int32"), "tail": Value("int32")}
    columns = {
        "name": Value("string"), "text": Value("string"), "chars": List(Value("string")),
        "bio": List(Value("string")), "spans": List(span), "relations": List(relation),
        "synthetic": Value("bool"), "data": Value("string"),
    }
    if windowed:
        columns["window_start"] = Value("int32")
        columns["cross_relations"] = List({"type": Value("string"), "head_start": Value("int32"),
                                           "head_end": Value("int32"), "tail_start": Value("int32"),
                                           "tail_end": Value("int32")})
    return Features(columns)


def to_hf_dataset(docs: list[CorpusDoc], window: int | None = None, stride: int | None = None):
    """One row per document, or per window of `window` characters (see the module docstring)."""
    from datasets import Dataset

    rows = []
    for doc in docs:
        rows += _windowed_rows(doc, window, stride) if window else [_row(doc, 0, len(doc.text), doc.spans, doc.relations)]
    return Dataset.from_list(rows, features=hf_features(windowed=bool(window)))


def _row(doc: CorpusDoc, start: int, end: int, spans: list[Span], relations: list[Relation]) -> dict:
    text = doc.text[start:end]
    rebased = [Span(span.start - start, span.end - start, span.label, span.text) for span in spans]
    return {
        "name": doc.name, "text": text, "chars": list(text), "bio": bio_tags(len(text), rebased),
        "spans": [{"start": span.start, "end": span.end, "label": span.label} for span in rebased],
        "relations": [{"type": rel.type, "head": rel.head, "tail": rel.tail} for rel in relations],
        "synthetic": doc.synthetic, "data": json.dumps(doc.data, ensure_ascii=False),
    }


def _windowed_rows(doc: CorpusDoc, window: int, stride: int | None) -> list[dict]:
    rows, placed = [], set()
    for start, end in window_ranges(doc.text, doc.spans, window, stride):
        inside = [index for index, span in enumerate(doc.spans) if start <= span.start and span.end <= end]
        position = {index: row_index for row_index, index in enumerate(inside)}
        relations = [Relation(rel.type, position[rel.head], position[rel.tail]) for rel in doc.relations
                     if rel.head in position and rel.tail in position]
        placed.update(number for number, rel in enumerate(doc.relations) if rel.head in position and rel.tail in position)
        row = _row(doc, start, end, [doc.spans[index] for index in inside], relations)
        rows.append({**row, "window_start": start, "cross_relations": []})
    rows[0]["cross_relations"] = [
        {"type": rel.type, "head_start": doc.spans[rel.head].start, "head_end": doc.spans[rel.head].end,
         "tail_start": doc.spans[rel.tail].start, "tail_end": doc.spans[rel.tail].end}
        for number, rel in enumerate(doc.relations) if number not in placed
    ]
    return rows


def from_hf_dataset(dataset) -> list[CorpusDoc]:
    """The documents of `to_hf_dataset` rows (whole or windowed), in the order they first appear."""
    rows_by_name: dict[str, list[dict]] = {}
    for row in dataset:
        rows_by_name.setdefault(row["name"], []).append(row)
    return [_doc_from_rows(name, rows) for name, rows in rows_by_name.items()]


def _doc_from_rows(name: str, rows: list[dict]) -> CorpusDoc:
    rows = sorted(rows, key=lambda row: row.get("window_start") or 0)
    for row in rows:
        _check_row(row)
    text = _joined_text(name, rows)
    if len(rows) == 1 and not rows[0].get("cross_relations"):
        spans = [Span(item["start"], item["end"], item["label"], text[item["start"]:item["end"]], source="gold")
                 for item in rows[0]["spans"]]
        relations = [Relation(item["type"], item["head"], item["tail"]) for item in rows[0]["relations"]]
        return CorpusDoc(name, text, spans, relations, json.loads(rows[0]["data"]))
    keys: set[tuple[int, int, str]] = set()
    linked: set[tuple[str, tuple[int, int], tuple[int, int]]] = set()
    for row in rows:
        offset = row.get("window_start") or 0
        absolute = [(item["start"] + offset, item["end"] + offset, item["label"]) for item in row["spans"]]
        keys.update(absolute)
        linked.update((item["type"], absolute[item["head"]][:2], absolute[item["tail"]][:2]) for item in row["relations"])
        linked.update((item["type"], (item["head_start"], item["head_end"]), (item["tail_start"], item["tail_end"]))
                      for item in row.get("cross_relations") or [])
    spans = [Span(start, end, label, text[start:end], source="gold") for start, end, label in sorted(keys)]
    index_of = {(span.start, span.end): index for index, span in enumerate(spans)}
    relations = sorted((Relation(kind, index_of[head], index_of[tail]) for kind, head, tail in linked),
                       key=lambda rel: (rel.type, rel.head, rel.tail))
    return CorpusDoc(name, text, spans, relations, json.loads(rows[0]["data"]))


def _check_row(row: dict) -> None:
    spans = [Span(item["start"], item["end"], item["label"], row["text"][item["start"]:item["end"]])
             for item in row["spans"]]
    if "".join(row["chars"]) != row["text"] or row["bio"] != bio_tags(len(row["text"]), spans):
        raise ValueError(f"{row['name']}: chars or bio of the row at {row.get('window_start') or 0} disagree with its text and spans")


def _joined_text(name: str, rows: list[dict]) -> str:
    text = ""
    for row in rows:
        start = row.get("window_start") or 0
        shared = len(text) - start
        if shared < 0 or text[start:] != row["text"][:shared]:
            raise ValueError(f"{name}: the window at {start} leaves a gap or disagrees with the one before")
        text += row["text"][shared:]
    return text


# --- spaCy DocBin -----------------------------------------------------------------------------

def register_relations_extension() -> None:
    """`Doc._.relations`; calling it again is harmless."""
    from spacy.tokens import Doc

    if not Doc.has_extension(RELATIONS_EXTENSION):
        Doc.set_extension(RELATIONS_EXTENSION, default=None)


def blank_vocab():
    import spacy

    return spacy.blank(SPACY_LANG).vocab


def to_spacy_doc(doc: CorpusDoc, vocab):
    """One token per character, entities, relations and metadata (see the module docstring)."""
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    register_relations_extension()
    bio_tags(len(doc.text), doc.spans)  # refuses overlapping spans, which doc.ents cannot hold either
    spacy_doc = Doc(vocab, words=list(doc.text), spaces=[False] * len(doc.text))
    spacy_doc.ents = [SpacySpan(spacy_doc, span.start, span.end, label=span.label) for span in doc.spans]
    spacy_doc._.relations = [
        (rel.type, doc.spans[rel.head].start, doc.spans[rel.head].end, doc.spans[rel.tail].start, doc.spans[rel.tail].end)
        for rel in doc.relations
    ]
    spacy_doc.user_data["name"] = doc.name
    spacy_doc.user_data["data"] = json.dumps(doc.data, ensure_ascii=False)  # msgpack would turn lists into tuples
    return spacy_doc


def to_docbin(docs: list[CorpusDoc], vocab=None):
    from spacy.tokens import DocBin

    vocab = vocab if vocab is not None else blank_vocab()
    docbin = DocBin(store_user_data=True)
    for doc in docs:
        docbin.add(to_spacy_doc(doc, vocab))
    return docbin


def from_spacy_doc(spacy_doc) -> CorpusDoc:
    """Entities sorted by offset (as `doc.ents` are); relations in their stored order."""
    register_relations_extension()
    text = spacy_doc.text
    spans = [Span(ent.start_char, ent.end_char, ent.label_, text[ent.start_char:ent.end_char], source="gold")
             for ent in spacy_doc.ents]
    index_of = {(span.start, span.end): index for index, span in enumerate(spans)}
    relations = []
    for kind, head_start, head_end, tail_start, tail_end in spacy_doc._.relations or []:
        head, tail = index_of.get((head_start, head_end)), index_of.get((tail_start, tail_end))
        if head is None or tail is None:
            raise ValueError(f"{spacy_doc.user_data.get('name')}: {kind} relation {head_start}..{head_end} → "
                             f"{tail_start}..{tail_end} points outside doc.ents")
        relations.append(Relation(kind, head, tail))
    return CorpusDoc(spacy_doc.user_data["name"], text, spans, relations, json.loads(spacy_doc.user_data["data"]))


def from_docbin(docbin, vocab=None) -> list[CorpusDoc]:
    register_relations_extension()
    vocab = vocab if vocab is not None else blank_vocab()
    return [from_spacy_doc(spacy_doc) for spacy_doc in docbin.get_docs(vocab)]
