"""Regenerate the ingest fixtures in this folder (they are committed; tests never run this).

Run by hand from the repository root, with the dev extra installed (reportlab, python-docx, Pillow):

    .venv/bin/python tests/data/make_fixtures.py

Every text is copied from two real reports of the corpus (江门市总工会 2021 整体支出自评报告
and 2024 年度工会事业专项补助绩效自评报告). The PDF uses reportlab's built-in CID font
STSong-Light: it is not embedded, but its Adobe-GB1 encoding maps back to Unicode, so pdfplumber
extracts real Chinese characters and the fixtures need no font file.
"""
from __future__ import annotations

import codecs
import io
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

DATA = Path(__file__).resolve().parent
FONT = "STSong-Light"

# Hard line breaks where the source PDF broke the lines (report 000, pages 8-9).
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
]
# Report 002: the paragraph on one project, its indicators as a table, the next paragraph.
PDF_PAGE_2_BEFORE_TABLE = [
    "“提高产业工人整体素质和维权建设项目”项目年初预算金额是",
    "75 万元，压减经费 20.65 万元，压减后预算 54.35 万元，",
    "实际支出 51.43 万元，资金支出率 94.63%。",
]
PDF_TABLE = [
    ["指标名称", "年度指标值", "实际完成值"],
    ["资金支出率", "100%", "94.63%"],
    ["实际支出（万元）", "54.35", "51.43"],
]
PDF_PAGE_2_AFTER_TABLE = [
    "“困难职工因病致困专项帮扶资金”项目预算金额 30 万元，",
    "实际使用金额 30 万元，资金支出率 100%。",
]

DOCX_BEFORE_TABLE = [
    "2024 年度工会事业专项补助绩效自评报告",
    "一、项目概况",
    "2024 年，市财政局下达市总工会“工会事业专项补助”项目预算金额 236.98 万元，"
    "项目分类属于其他特定目标类，为一级项目。",
    "",
    "“困难职工因病致困专项帮扶资金”项目预算金额 30 万元，实际使用金额 30 万元，资金支出率 100%。",
]
DOCX_TABLE = [  # None marks the continuation of the vertically merged cell above
    ["绩效指标完成情况"],  # merged across all four columns
    ["一级指标", "指标名称", "年度指标值", "实际完成值"],
    ["产出指标", "资金支出率", "100%", "94.63%"],
    [None, "实际支出（万元）", "54.35", "51.43"],
]
DOCX_AFTER_TABLE = [
    "“情暖职工春节活动经费”项目预算金额 100.67 万元，年中压减 13.64 万元，"
    "实际核定和使用金额 87.03 万元，资金支出率 100%。",
]

TEXT_SNIPPET = (
    "2021年预算总额1318.10万元，其中基本支出预算\n"
    "1001.08万元，占支出预算75.95%；项目支出预算317.02万元，\n"
    " 占支出预算24.05%。\n"
)


def draw_lines(pdf: canvas.Canvas, lines: list[str], top: float) -> float:
    """Draw `lines` from `top` down; return the baseline below the last one."""
    y = top
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 20
    return y


def draw_page_number(pdf: canvas.Canvas, number: int) -> None:
    pdf.drawCentredString(A4[0] / 2, 40, f"- {number} -")


def make_sample_pdf(path: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    pdf.setFont(FONT, 12)
    draw_lines(pdf, PDF_PAGE_1, 760)
    draw_page_number(pdf, 1)
    pdf.showPage()

    pdf.setFont(FONT, 12)
    y = draw_lines(pdf, PDF_PAGE_2_BEFORE_TABLE, 760)
    table = Table(PDF_TABLE, colWidths=[140, 100, 100])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 11),
        ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
    ]))
    _, height = table.wrapOn(pdf, 400, 300)
    table.drawOn(pdf, 72, y - height)
    pdf.setFont(FONT, 12)
    draw_lines(pdf, PDF_PAGE_2_AFTER_TABLE, y - height - 24)
    draw_page_number(pdf, 2)
    pdf.save()


def make_scanned_pdf(path: Path) -> None:
    """One page holding only a picture of a page: lines of 'text' as grey bars, no text layer."""
    image = Image.new("L", (300, 420), 255)
    pen = ImageDraw.Draw(image)
    for row in range(12):
        top = 30 + row * 30
        pen.rectangle((30, top, 270 - (row % 3) * 40, top + 10), fill=90)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    pdf.drawImage(ImageReader(buffer), 50, 50, width=A4[0] - 100, height=A4[1] - 100)
    pdf.save()


def make_encrypted_pdf(path: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt="reportie", invariant=True)  # user password
    pdf.setFont(FONT, 12)
    draw_lines(pdf, PDF_PAGE_1[:3], 760)
    pdf.save()


def make_corrupt_pdf(path: Path, sample: Path) -> None:
    """The head of a real PDF: header and first objects, no page tree, no xref, no trailer."""
    path.write_bytes(sample.read_bytes()[:400])


def make_cid_only_pdf(path: Path) -> None:
    """A text layer in a CID font with no Unicode mapping (Identity-H, no ToUnicode):
    pdfplumber can only give "(cid:N)" codes, as with many fonts subset by office software."""
    font_descriptor = b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] " \
        b"/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>"
    content = b"BT /F1 12 Tf 72 760 Td <0F3A0F3B0F3C> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /FontDescriptor 7 0 R "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        font_descriptor,
    ]
    pdf = io.BytesIO()
    pdf.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(pdf.tell())
        pdf.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = pdf.tell()
    pdf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    pdf.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    pdf.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(pdf.getvalue())


def merge_cells(table, row: int, first: int, last: int) -> None:
    table.cell(row, first).merge(table.cell(row, last))


def make_sample_docx(path: Path) -> None:
    document = docx.Document()
    for text in DOCX_BEFORE_TABLE:
        document.add_paragraph(text)
    columns = len(DOCX_TABLE[1])
    table = document.add_table(rows=len(DOCX_TABLE), cols=columns)
    table.style = "Table Grid"
    for row_index, row in enumerate(DOCX_TABLE):
        for column_index, text in enumerate(row):
            if text is not None:
                table.cell(row_index, column_index).text = text
    merge_cells(table, 0, 0, columns - 1)
    # Vertical merge of 一级指标 over the two indicator rows; merge() would concatenate the
    # texts, so the continuation cell gets an explicit empty vMerge instead.
    top, below = table.cell(2, 0)._tc, table.cell(3, 0)._tc
    for tc, value in ((top, "restart"), (below, None)):
        properties = tc.get_or_add_tcPr()
        vmerge = OxmlElement("w:vMerge")
        if value:
            vmerge.set(qn("w:val"), value)
        properties.append(vmerge)
    for text in DOCX_AFTER_TABLE:
        document.add_paragraph(text)
    document.save(str(path))


def make_corrupt_docx(path: Path, sample: Path) -> None:
    """A DOCX cut short: the zip has lost its central directory."""
    path.write_bytes(sample.read_bytes()[:1500])


def make_text_fixtures() -> None:
    (DATA / "empty.txt").write_bytes(b"")
    (DATA / "gbk.txt").write_bytes(TEXT_SNIPPET.encode("gbk"))
    (DATA / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + TEXT_SNIPPET.encode("utf-16-le"))
    (DATA / "utf8_bom.txt").write_bytes(codecs.BOM_UTF8 + TEXT_SNIPPET.encode("utf-8"))
    (DATA / "crlf.txt").write_bytes(TEXT_SNIPPET.replace("\n", "\r\n").encode("utf-8"))
    (DATA / "cr.txt").write_bytes(TEXT_SNIPPET.replace("\n", "\r").encode("utf-8"))
    # cp1252 French: é before a space and € (0x80) are invalid in UTF-8 and in GB18030.
    (DATA / "latin1_garbage.bin.txt").write_bytes("Budget exécuté : 1 318,10 € ; taux 75,95 %\n".encode("cp1252"))
    # The start of an OLE compound file, as a legacy Word .doc begins.
    (DATA / "sample.doc").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))


def main() -> None:
    make_sample_pdf(DATA / "sample.pdf")
    make_scanned_pdf(DATA / "scanned.pdf")
    make_encrypted_pdf(DATA / "encrypted.pdf")
    make_corrupt_pdf(DATA / "corrupt.pdf", DATA / "sample.pdf")
    make_cid_only_pdf(DATA / "cid_only.pdf")
    make_sample_docx(DATA / "sample.docx")
    make_corrupt_docx(DATA / "corrupt.docx", DATA / "sample.docx")
    make_text_fixtures()


if __name__ == "__main__":
    main()
