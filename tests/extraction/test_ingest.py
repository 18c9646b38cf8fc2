"""Reading TXT / PDF / DOCX into a Document; fixtures in tests/data (see make_fixtures.py there)."""
from __future__ import annotations

import codecs
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from extraction.document import Document
from extraction.errors import InputError
from extraction.ingest import (
    collect_inputs,
    decode_text,
    iter_documents,
    join_wrapped_lines,
    page_ranges,
    read_document,
    render_table,
)

DATA = Path(__file__).resolve().parents[1] / "data"

# Report 000, 预算编制情况 (as written into the TXT fixtures, line ends replaced per fixture).
BUDGET_LINES = [
    "2021年预算总额1318.10万元，其中基本支出预算",
    "1001.08万元，占支出预算75.95%；项目支出预算317.02万元，",
    " 占支出预算24.05%。",
    "",
]

PDF_PAGE_1 = [
    "（二）预算编制及执行情况",
    "1.预算编制情况",
    "2021年预算总额1318.10万元，其中基本支出预算",
    "1001.08万元，占支出预算75.95%；项目支出预算317.02万元，",
    "占支出预算24.05%。年初预算由业务部门提出，财务部门汇",
    "总提出意见后，经党组会议审议通过报财政局。",
    "2.预算执行情况",
    "2021 年支出完成 1622.15 万元，其中基本支出为",
    "1130.35 万元，占支出总额的 69.68%；项目支出为 491.80 万",
    "元，占支出总额的 30.32%。",
    "- 1 -",
]
PDF_PAGE_2 = [
    "“提高产业工人整体素质和维权建设项目”项目年初预算金额是",
    "75 万元，压减经费 20.65 万元，压减后预算 54.35 万元，",
    "实际支出 51.43 万元，资金支出率 94.63%。",
    "指标名称 | 年度指标值 | 实际完成值",
    "资金支出率 | 100% | 94.63%",
    "实际支出（万元） | 54.35 | 51.43",
    "“困难职工因病致困专项帮扶资金”项目预算金额 30 万元，",
    "实际使用金额 30 万元，资金支出率 100%。",
    "- 2 -",
]
DOCX_LINES = [
    "2024 年度工会事业专项补助绩效自评报告",
    "一、项目概况",
    "2024 年，市财政局下达市总工会“工会事业专项补助”项目预算金额 236.98 万元，"
    "项目分类属于其他特定目标类，为一级项目。",
    "",
    "“困难职工因病致困专项帮扶资金”项目预算金额 30 万元，实际使用金额 30 万元，资金支出率 100%。",
    "绩效指标完成情况",  # one cell merged across four columns: once
    "一级指标 | 指标名称 | 年度指标值 | 实际完成值",
    "产出指标 | 资金支出率 | 100% | 94.63%",
    "实际支出（万元） | 54.35 | 51.43",  # 产出指标 continues from the row above: skipped
    "“情暖职工春节活动经费”项目预算金额 100.67 万元，年中压减 13.64 万元，"
    "实际核定和使用金额 87.03 万元，资金支出率 100%。",
]

UNSUPPORTED = "unsupported file type '{}' (supported: .txt, .pdf, .docx)"
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def assert_one_line_error(error: InputError, path: Path | str, reason: str) -> None:
    message = str(error)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message
    assert error.path == str(path)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty document"),
        ("latin1_garbage.bin.txt", "undecodable bytes: not UTF-8, UTF-16 or GB18030 text"),
        ("scanned.pdf", "scanned PDF: OCR needed"),
        ("cid_only.pdf", "PDF text has no Unicode mapping (only cid codes): OCR needed"),
        ("encrypted.pdf", "encrypted PDF: remove the password first"),
        ("corrupt.pdf", "corrupt PDF: Unexpected EOF"),
        ("corrupt.docx", "corrupt DOCX: not a zip archive (truncated or not a DOCX)"),
        ("sample.doc", UNSUPPORTED.format(".doc")),
        ("make_fixtures.py", UNSUPPORTED.format(".py")),
        ("no_such_report.txt", "file not found"),
        ("no_such_report.doc", "file not found"),
    ],
)
def test_bad_fixture_raises_one_line_input_error(name: str, reason: str) -> None:
    path = DATA / name
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: {reason}"
    assert_one_line_error(caught.value, path, reason)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("blank.txt", "\u3000 \r\n\t\n".encode("utf-8"), "empty document"),
        ("bom_only.txt", codecs.BOM_UTF8, "empty document"),
        ("utf16_bom_only.txt", codecs.BOM_UTF16_LE, "empty document"),
        ("empty.pdf", b"", "empty document"),
        ("empty.docx", b"", "empty document"),
        ("report.xls", b"\x00" * 16, UNSUPPORTED.format(".xls")),
        ("README", b"text", UNSUPPORTED.format("(none)")),
        ("image.txt", bytes.fromhex("89504e470d0a1a0a0000000d49484452"), "undecodable bytes"),
        ("gbk_cut.txt", "预算总额".encode("gbk")[:-1], "undecodable bytes"),
        ("notes.pdf", "2021年预算总额1318.10万元".encode("utf-8"), "corrupt PDF: no PDF header (not a PDF file)"),
        ("header_only.pdf", b"%PDF-1.4\n%%EOF\n", "corrupt PDF: "),
        ("old.docx", OLE_MAGIC + bytes(504), "corrupt DOCX: an OLE file, not a DOCX"),
        (
            "locked.docx",
            OLE_MAGIC + bytes(120) + "EncryptedPackage".encode("utf-16-le") + bytes(100),
            "encrypted DOCX: remove the password first",
        ),
        ("plain.docx", "一、项目概况".encode("utf-8"), "corrupt DOCX: not a zip archive"),
    ],
)
def test_bad_bytes_raise_one_line_input_error(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert_one_line_error(caught.value, path, reason)


def test_zip_without_word_parts_is_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("report.txt", "一、项目概况")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert_one_line_error(caught.value, path, "corrupt DOCX: There is no item named '[Content_Types].xml'")


def test_workbook_renamed_to_docx_is_not_a_word_document(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "indicators.docx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert_one_line_error(caught.value, path, "corrupt DOCX: an Office package but not a Word document")


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    document = docx.Document()
    document.add_paragraph("  ")
    document.add_table(rows=2, cols=2)
    document.save(str(path))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert_one_line_error(caught.value, path, "empty document")


def test_folder_given_to_read_document(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_document(tmp_path)
    assert_one_line_error(caught.value, tmp_path, "is a folder, not a file")


# ---------------------------------------------------------------- TXT


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gbk.txt", "\n".join(BUDGET_LINES)),
        ("utf16.txt", "\n".join(BUDGET_LINES)),
        ("utf8_bom.txt", "\n".join(BUDGET_LINES)),  # the BOM is not part of the text
        ("crlf.txt", "\r\n".join(BUDGET_LINES)),
        ("cr.txt", "\r".join(BUDGET_LINES)),
    ],
)
def test_text_fixture_decodes_exactly(name: str, expected: str) -> None:
    document = read_document(DATA / name)
    assert document == Document(str(DATA / name), expected, ((0, len(expected)),), "txt")


def test_offsets_index_the_text_with_crlf_kept() -> None:
    text = read_document(DATA / "crlf.txt").text
    # 27 characters of line 1, its "\r\n", then "1001.08万元，占支出预算" (15 characters)
    assert text.index("75.95%") == 44
    assert text[44:50] == "75.95%"
    assert text.count("\r\n") == 3 and "\n" not in text.replace("\r\n", "")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("1001.08万元\n".encode("utf-16-le"), "1001.08万元\n"),
        ("1001.08万元\n".encode("utf-16-be"), "1001.08万元\n"),
        (codecs.BOM_UTF16_BE + "占支出预算75.95%".encode("utf-16-be"), "占支出预算75.95%"),
        ("项目支出预算317.02万元".encode("gb18030"), "项目支出预算317.02万元"),
        ("江门市总工会 €".encode("gb18030"), "江门市总工会 €"),  # € is GB18030 only, not GBK
        ("预算执行率 100%".encode("utf-8"), "预算执行率 100%"),
    ],
)
def test_decode_text_examples(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


def test_decode_text_names_the_given_path() -> None:
    with pytest.raises(InputError) as caught:
        decode_text(b"  \r\n", "upload/report.txt")
    assert str(caught.value) == "upload/report.txt: empty document"


NON_BLANK_TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))).filter(
    lambda text: text.strip() != ""
)
REPORT_PIECES = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF).filter(lambda char: ord(char) % 256 != 0),
    st.sampled_from(["\r\n", "\n", "\r", "，", "。", "％", "（", "）"]),
)
REPORT_LIKE_TEXT = st.lists(REPORT_PIECES, min_size=1).map("".join).filter(lambda text: text.strip() != "")


@given(NON_BLANK_TEXT)
def test_utf8_round_trips_exactly(text: str) -> None:
    assert decode_text(text.encode("utf-8")) == text


@given(NON_BLANK_TEXT, st.sampled_from(["utf-8-sig", "utf-16"]), st.sampled_from(["little", "big"]))
def test_text_with_bom_round_trips_without_the_bom(text: str, encoding: str, byte_order: str) -> None:
    if encoding == "utf-16":
        bom, codec = (codecs.BOM_UTF16_LE, "utf-16-le") if byte_order == "little" else (codecs.BOM_UTF16_BE, "utf-16-be")
        data = bom + text.encode(codec)
    else:
        data = text.encode("utf-8-sig")
    assert decode_text(data) == text


@given(REPORT_LIKE_TEXT, st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_utf16_without_bom_is_found_by_its_nul_bytes(text: str, encoding: str) -> None:
    assume(any(char.isascii() for char in text))  # only ASCII code units carry a NUL byte
    assert decode_text(text.encode(encoding)) == text


@given(REPORT_LIKE_TEXT)
def test_gb18030_round_trips_when_not_utf8(text: str) -> None:
    data = text.encode("gb18030")
    try:
        data.decode("utf-8")
        assume(False)
    except UnicodeDecodeError:
        pass
    assert decode_text(data) == text


@given(st.binary(max_size=200))
def test_any_bytes_give_text_or_input_error(data: bytes) -> None:
    try:
        text = decode_text(data)
    except InputError as error:
        assert str(error).startswith("<bytes>: ")
    else:
        assert text.strip() and "\x00" not in text


# ---------------------------------------------------------------- PDF


def test_pdf_pages_and_text() -> None:
    document = read_document(DATA / "sample.pdf")
    page_1, page_2 = "\n".join(PDF_PAGE_1), "\n".join(PDF_PAGE_2)
    assert document.format == "pdf"
    assert document.text == page_1 + "\n" + page_2
    assert document.pages == ((0, len(page_1)), (len(page_1) + 1, len(page_1) + 1 + len(page_2)))


@pytest.mark.parametrize(
    ("phrase", "page"),
    [
        ("2021年预算总额1318.10万元", 1),
        ("占支出预算75.95%", 1),
        ("2021 年支出完成 1622.15 万元", 1),
        ("资金支出率 94.63%。", 2),
        ("资金支出率 | 100% | 94.63%", 2),
        ("实际使用金额 30 万元", 2),
    ],
)
def test_pdf_phrase_is_on_its_page(phrase: str, page: int) -> None:
    document = read_document(DATA / "sample.pdf")
    start, end = document.pages[page - 1]
    assert phrase in document.text[start:end]
    assert document.page_of(document.text.index(phrase)) == page


def test_pdf_table_rows_stay_between_the_paragraphs_around_them() -> None:
    lines = read_document(DATA / "sample.pdf").text.split("\n")
    before = lines.index("实际支出 51.43 万元，资金支出率 94.63%。")
    assert lines[before + 1:before + 4] == [
        "指标名称 | 年度指标值 | 实际完成值",
        "资金支出率 | 100% | 94.63%",
        "实际支出（万元） | 54.35 | 51.43",
    ]
    assert lines[before + 4].startswith("“困难职工因病致困专项帮扶资金”")
    assert sum(" | " in line for line in lines) == 3  # table cells are not repeated as plain text


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",))), max_size=6))
def test_page_ranges_index_the_joined_text(page_texts: list[str]) -> None:
    text = "\n".join(page_texts)
    ranges = page_ranges(page_texts)
    assert [text[start:end] for start, end in ranges] == page_texts


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["指标名称", "年度指标值"], ["资金支出率", "100%"]], "指标名称 | 年度指标值\n资金支出率 | 100%"),
        ([["产出指标", "数量指标", None], [None, "开展竞赛", "250 多场次"]], "产出指标 | 数量指标\n开展竞赛 | 250 多场次"),
        ([["年度预算数\n（万元）", "执行数"], ["", "1622.15"]], "年度预算数（万元） | 执行数\n | 1622.15"),
        ([[None, None], ["", ""], ["自评分", "96 分"]], "自评分 | 96 分"),
        ([[None]], ""),
    ],
)
def test_render_table(rows: list[list[str | None]], expected: str) -> None:
    assert render_table(rows) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("服务对象满意\n度", "服务对象满意度"),
        ("实际完成值\n(万元)", "实际完成值(万元)"),
        ("Budget\nexecution rate", "Budget execution rate"),
        ("1,057.63\n万元", "1,057.63万元"),
        (" 100% \n", "100%"),
    ],
)
def test_join_wrapped_lines(cell: str, expected: str) -> None:
    assert join_wrapped_lines(cell) == expected


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_join_wrapped_lines_keeps_every_visible_character(cell: str) -> None:
    joined = join_wrapped_lines(cell)
    assert "\n" not in joined and "\r" not in joined
    assert "".join(joined.split()) == "".join(cell.split())


# ---------------------------------------------------------------- DOCX


def test_docx_paragraphs_and_table_rows_in_body_order() -> None:
    document = read_document(DATA / "sample.docx")
    assert document.format == "docx"
    assert document.text.split("\n") == DOCX_LINES
    assert document.pages == ((0, len(document.text)),)


# ---------------------------------------------------------------- batches


def make_tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(DATA / "sample.pdf", root / "sub" / "B_report.PDF")
    shutil.copy(DATA / "sample.docx", root / "sub" / "deeper" / "c.docx")
    shutil.copy(DATA / "crlf.txt", root / "a.txt")
    shutil.copy(DATA / "sample.docx", root / "~$a.docx")
    shutil.copy(DATA / "crlf.txt", root / ".notes.txt")
    shutil.copy(DATA / "crlf.txt", root / ".git" / "HEAD.txt")
    shutil.copy(DATA / "sample.doc", root / "old.doc")
    (root / "readme.md").write_text("# reports", encoding="utf-8")


def test_collect_inputs_expands_folders_recursively_and_sorted(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert collect_inputs([tmp_path]) == [
        tmp_path / "a.txt",
        tmp_path / "sub" / "B_report.PDF",
        tmp_path / "sub" / "deeper" / "c.docx",
    ]


def test_collect_inputs_keeps_given_files_in_order_once(tmp_path: Path) -> None:
    make_tree(tmp_path)
    given = [tmp_path / "old.doc", str(tmp_path / "a.txt"), tmp_path / "sub", tmp_path / "a.txt"]
    assert collect_inputs(given) == [
        tmp_path / "old.doc",  # given by name: kept, so reading it reports the unsupported type
        tmp_path / "a.txt",
        tmp_path / "sub" / "B_report.PDF",
        tmp_path / "sub" / "deeper" / "c.docx",
    ]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda root: root / "missing.pdf", "file not found"),
        (lambda root: root / "missing_folder", "file not found"),
        (lambda root: root, "no supported files (.txt, .pdf, .docx) in folder"),
    ],
)
def test_collect_inputs_rejects_missing_and_empty_inputs(tmp_path: Path, make, reason: str) -> None:
    (tmp_path / ".hidden.txt").write_text("预算", encoding="utf-8")
    (tmp_path / "report.doc").write_bytes(b"x")
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        collect_inputs([DATA / "crlf.txt", path])
    assert_one_line_error(caught.value, path, reason)


def test_iter_documents_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    for name in ("sample.pdf", "scanned.pdf", "sample.docx", "corrupt.docx", "crlf.txt", "empty.txt", "sample.doc"):
        shutil.copy(DATA / name, tmp_path / name)
    missing = tmp_path / "missing.txt"
    results = list(iter_documents([tmp_path, missing, tmp_path / "sample.doc"]))
    outcome = [
        (Path(item.source).name, item.format) if isinstance(item, Document) else (Path(item.path).name, item.reason)
        for item in results
    ]
    assert outcome == [
        ("corrupt.docx", "corrupt DOCX: not a zip archive (truncated or not a DOCX)"),
        ("crlf.txt", "txt"),
        ("empty.txt", "empty document"),
        ("sample.docx", "docx"),
        ("sample.pdf", "pdf"),
        ("scanned.pdf", "scanned PDF: OCR needed"),
        ("missing.txt", "file not found"),
        ("sample.doc", UNSUPPORTED.format(".doc")),
    ]


def test_iter_documents_reads_a_file_given_twice_once() -> None:
    results = list(iter_documents([DATA / "gbk.txt", str(DATA / "gbk.txt")]))
    assert len(results) == 1 and isinstance(results[0], Document)


@pytest.mark.parametrize("name", ["sample.pdf", "sample.docx", "scanned.pdf", "encrypted.pdf", "cid_only.pdf"])
def test_fixtures_stay_small(name: str) -> None:
    assert (DATA / name).stat().st_size < 100_000
