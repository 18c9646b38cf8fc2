"""End-to-end runs of `reportie extract` through the output contract."""
import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from reportie_cli import app

DATA = Path(__file__).resolve().parents[1] / "data"
# A real passage (report 000, PDF-extracted: hard line breaks, stray spaces), GBK-encoded on disk
# as Chinese government files often are.
PASSAGE = (
    "全年预算数 35,408.62 万，执行数 33,814.57 万元，其\r\n\r\n中一般公共预算财政拨款预算数为 27,585.71 万元，支出决\r\n\r\n"
    "算数为 26,393.83 万元，完成预算的 95.68%。\r\n\r\n2021年生均财政经费投\r\n\r\n入大于 1.2 万元/生。\r\n"
)

runner = CliRunner()


def run(*args):
    """`reportie extract` with the rule tagger alone: these tests pin the rules' output, whatever model is trained."""
    if args[0] == "extract":
        args = (*args, "--rules-only")
    return runner.invoke(app, [str(arg) for arg in args])


@pytest.fixture
def passage_file(tmp_path):
    path = tmp_path / "budget.txt"
    path.write_bytes(PASSAGE.encode("gb18030"))
    return path


def test_txt_offsets_index_the_decoded_input(passage_file, tmp_path):
    out = tmp_path / "out"
    result = run("extract", passage_file, "--out", out, "--format", "csv", "--format", "xlsx", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    contract = json.loads((out / "budget.json").read_text(encoding="utf-8"))
    assert contract["pages"] == [[0, len(PASSAGE)]]
    for entity in contract["entities"]:
        assert PASSAGE[entity["start"]:entity["end"]] == entity["text"]
    values = {record["value"]["text"]: record["value"] for record in contract["records"]}
    assert values["33,814.57 万元"]["number"] == 338145700.0
    assert values["95.68%"]["number"] == pytest.approx(0.9568)
    assert values["1.2 万元/生"]["per"] == "生"
    assert any("rules only" in note for note in contract["notes"])
    rows = list(csv.DictReader((out / "records.csv").read_text(encoding="utf-8-sig").splitlines()))
    # tables show names and values as normalised (no PDF line breaks or stray spaces)
    assert [row["value_text"] for row in rows] == ["".join(r["value"]["text"].split()) for r in contract["records"]]
    assert rows[1]["number"] == "338145700" and rows[1]["unit"] == "元" and rows[1]["source"].endswith("budget.txt")
    sheet = load_workbook(out / "records.xlsx").active
    assert sheet.max_row == len(rows) + 1
    assert len((out / "records.jsonl").read_text(encoding="utf-8").splitlines()) == len(rows)


def test_pdf_and_docx_fixtures_extract_with_pages(tmp_path):
    out = tmp_path / "out"
    result = run("extract", DATA / "sample.pdf", DATA / "sample.docx", "--out", out)
    assert result.exit_code == 0, result.output
    pdf = json.loads((out / "sample.json").read_text(encoding="utf-8"))
    docx = json.loads((out / "sample.docx.json").read_text(encoding="utf-8"))
    assert len(pdf["pages"]) == 2
    assert {entity["page"] for entity in pdf["entities"]} == {1, 2}
    assert docx["records"] and pdf["records"]


def test_a_bad_file_is_reported_and_skipped(passage_file, tmp_path):
    out = tmp_path / "out"
    result = run("extract", passage_file, DATA / "corrupt.pdf", DATA / "scanned.pdf", "--out", out)
    assert result.exit_code == 1
    assert "corrupt.pdf: corrupt PDF" in result.output
    assert "scanned.pdf: scanned PDF: OCR needed" in result.output
    assert "Traceback" not in result.output
    assert sorted(path.name for path in out.iterdir()) == ["budget.json"]


@pytest.mark.parametrize("args, message", [
    (["missing.txt"], "file not found"),
    ([str(DATA / "sample.doc")], "unsupported file type '.doc'"),
])
def test_unusable_input_is_one_line(args, message, tmp_path):
    result = run("extract", *args, "--out", tmp_path / "out")
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_unknown_format_is_refused(passage_file, tmp_path):
    result = run("extract", passage_file, "--out", tmp_path / "out", "--format", "pdf")
    assert result.exit_code == 2 and "unknown format 'pdf'" in result.output


def test_default_model_comes_from_the_environment_when_trained(tmp_path, monkeypatch):
    from extraction.cli import default_model

    (tmp_path / "reportie_model.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("REPORTIE_MODEL", str(tmp_path))
    assert default_model() == tmp_path
    monkeypatch.setenv("REPORTIE_MODEL", str(tmp_path / "missing"))
    assert default_model() != tmp_path / "missing"
