"""Write extraction results: one JSON per document (the contract) and record tables for a batch.

Every file is written to a temporary name in the target folder and renamed into place, so a
crash never leaves a half-written output behind.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

from extraction.result import Extraction

FORMATS = ("json", "jsonl", "csv", "xlsx")
RECORD_COLUMNS = (
    "source", "page", "project", "indicator", "value_text", "label",
    "number", "unit", "approximate", "low", "high", "per", "parse_error",
    "start", "end", "sentence",
)


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp_file:
            temp_file.write(data)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def contract_json(extraction: Extraction) -> bytes:
    return json.dumps(extraction.to_contract(), ensure_ascii=False, indent=1).encode("utf-8")


def record_rows(extraction: Extraction) -> list[dict]:
    """Flat rows, one per record, for CSV/XLSX/JSONL; names shown as normalised (no PDF line breaks)."""
    contract = extraction.to_contract()
    spans = extraction.spans
    rows = []
    for record, flat in zip(extraction.records, contract["records"]):
        value = flat["value"]
        entity = contract["entities"][record.value]
        rows.append({
            "source": contract["source"],
            "page": flat["page"],
            "project": spans[record.project].text if record.project is not None else "",
            "indicator": spans[record.indicator].text if record.indicator is not None else "",
            "value_text": spans[record.value].text,
            "label": value["label"],
            "number": value["number"],
            "unit": value["unit"],
            "approximate": value["approximate"],
            "low": value["low"],
            "high": value["high"],
            "per": value["per"],
            "parse_error": value["parse_error"],
            "start": entity["start"],
            "end": entity["end"],
            "sentence": flat["sentence"],
        })
    return rows


def jsonl_bytes(rows: Iterable[dict]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")


def csv_bytes(rows: Iterable[dict]) -> bytes:
    # UTF-8 with BOM: Excel opens it with the Chinese intact; plain UTF-8 shows mojibake there.
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=RECORD_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[dict]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("records")
    sheet.append(list(RECORD_COLUMNS))
    for row in rows:
        sheet.append([_xlsx_cell(row[column]) for column in RECORD_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str):
        # A cell starting with = + - @ would be read by Excel as a formula.
        return "'" + value if value[:1] in ("=", "+", "-", "@") else value
    return value


class BatchWriter:
    """Writes per-document JSON as documents arrive and the batch tables at the end."""

    def __init__(self, out_dir: Path, formats: Iterable[str]):
        self.out_dir = out_dir
        self.formats = tuple(dict.fromkeys(formats))
        unknown = [fmt for fmt in self.formats if fmt not in FORMATS]
        if unknown:
            raise ValueError(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
        self.rows: list[dict] = []
        self._used_names: set[str] = set()
        self.written: list[Path] = []

    def add(self, extraction: Extraction) -> Path:
        path = self.out_dir / self._json_name(Path(extraction.document.source))
        write_atomic(path, contract_json(extraction))
        self.written.append(path)
        self.rows.extend(record_rows(extraction))
        return path

    def finish(self) -> list[Path]:
        writers = {"jsonl": jsonl_bytes, "csv": csv_bytes, "xlsx": xlsx_bytes}
        for fmt in self.formats:
            if fmt in writers:
                path = self.out_dir / f"records.{fmt}"
                write_atomic(path, writers[fmt](self.rows))
                self.written.append(path)
        return self.written

    def _json_name(self, source: Path) -> str:
        # Two inputs with one stem (a.pdf, a.docx) must not overwrite each other.
        name = f"{source.stem}.json"
        if name in self._used_names:
            name = f"{source.stem}.{source.suffix.lstrip('.')}.json"
        counter = 2
        while name in self._used_names:
            name = f"{source.stem}.{counter}.json"
            counter += 1
        self._used_names.add(name)
        return name
