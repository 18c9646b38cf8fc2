"""Print the records of an output-contract JSON file as a table: `python -m extraction.show FILE`."""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    while display_width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - display_width(text))


def records_table(contract: dict, limit: int = 60) -> str:
    columns = (("project", 24), ("indicator", 20), ("value", 16), ("number", 16), ("unit", 6))
    lines = ["  ".join(fit(name, width) for name, width in columns)]
    for record in contract["records"][:limit]:
        value = record["value"]
        number = "" if value["number"] is None else f"{value['number']:,.4f}".rstrip("0").rstrip(".")
        cells = ((record["project"] or {}).get("text", ""), (record["indicator"] or {}).get("text", ""),
                 value["text"], number, value["unit"] or "")
        lines.append("  ".join(fit(cell, width) for cell, (_, width) in zip(cells, columns)))
    hidden = len(contract["records"]) - limit
    if hidden > 0:
        lines.append(f"… {hidden} more records")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    for name in argv:
        contract = json.loads(Path(name).read_text(encoding="utf-8"))
        print(f"{contract['source']}: {len(contract['entities'])} entities, {len(contract['records'])} records")
        print(records_table(contract))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
