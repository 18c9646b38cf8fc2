"""Read the files users have (TXT, PDF, DOCX) into a `Document`, or say in one line why not."""
from __future__ import annotations

import codecs
import io
import os
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from extraction.document import Document
from extraction.errors import InputError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable
    from pdfplumber.page import Page

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".docx")
CELL_SEPARATOR = " | "

EMPTY = "empty document"
UNDECODABLE = "undecodable bytes: not UTF-8, UTF-16 or GB18030 text"
SCANNED_PDF = "scanned PDF: OCR needed"
UNMAPPED_PDF = "PDF text has no Unicode mapping (only cid codes): OCR needed"
ENCRYPTED_PDF = "encrypted PDF: remove the password first"
ENCRYPTED_DOCX = "encrypted DOCX: remove the password first"
LEGACY_DOCX = "corrupt DOCX: an OLE file, not a DOCX (a .doc renamed? save it as .docx)"
NOT_ZIP_DOCX = "corrupt DOCX: not a zip archive (truncated or not a DOCX)"
NOT_WORD_DOCX = "corrupt DOCX: an Office package but not a Word document (an .xlsx or .pptx renamed?)"

_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# Office puts a password-protected DOCX in an OLE container holding this stream (name in UTF-16LE).
_ENCRYPTED_PACKAGE_STREAM = "EncryptedPackage".encode("utf-16-le")
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CID_CODE = re.compile(r"\(cid:\d+\)")
_MAX_REASON_CHARS = 120


# ---------------------------------------------------------------- inputs


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given plus the supported files found (recursively, sorted) in the folders given.

    Each file appears once, at its first position. Files given explicitly are kept whatever
    their suffix, so that reading them reports the problem instead of dropping them silently.
    """
    files: list[Path] = []
    for given in paths:
        files.extend(_expand(Path(given)))
    return _unique(files)


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document | InputError]:
    """Read every input; a bad path or file yields its `InputError` and the batch goes on."""
    seen: set[Path] = set()
    for given in paths:
        try:
            files = _expand(Path(given))
        except InputError as error:
            yield error
            continue
        for file in files:
            if _identity(file) in seen:
                continue
            seen.add(_identity(file))
            try:
                yield read_document(file)
            except InputError as error:
                yield error


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        found = _supported_files_under(path)
        if not found:
            raise InputError(path, f"no supported files ({', '.join(SUPPORTED_SUFFIXES)}) in folder")
        return found
    if not path.exists():
        raise InputError(path, "file not found")
    return [path]


def _supported_files_under(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [name for name in dirs if not _is_hidden(name)]
        found.extend(
            Path(root, name)
            for name in names
            if not _is_hidden(name) and _is_supported(Path(name)) and Path(root, name).is_file()
        )
    return sorted(found)


def _is_hidden(name: str) -> bool:
    # "~$" marks the lock file Office keeps beside a document that is open.
    return name.startswith((".", "~$"))


def _is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _identity(path: Path) -> Path:
    return path.resolve()


def _unique(files: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique: list[Path] = []
    for file in files:
        if _identity(file) not in seen:
            seen.add(_identity(file))
            unique.append(file)
    return unique


# ---------------------------------------------------------------- one document


def read_document(path: str | Path) -> Document:
    """The exact text of one TXT, PDF or DOCX file, with its page ranges."""
    path = Path(path)
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        text = decode_text(data, path)
        return Document(str(path), text, ((0, len(text)),), "txt")
    if suffix == ".pdf":
        text, pages = _pdf_text(data, path)
        return Document(str(path), text, pages, "pdf")
    text = _docx_text(data, path)
    return Document(str(path), text, ((0, len(text)),), "docx")


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    if not path.exists():
        raise InputError(path, "file not found")
    if not _is_supported(path):
        shown = path.suffix or "(none)"
        raise InputError(path, f"unsupported file type '{shown}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read file: {error.strerror or error}") from None
    if not data:
        raise InputError(path, EMPTY)
    return data


# ---------------------------------------------------------------- TXT


def decode_text(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode a text file exactly (line ends kept): BOM, UTF-8, BOM-less UTF-16, then GB18030."""
    text = _decode(data)
    if text is None:
        raise InputError(path, UNDECODABLE)
    if not text.strip():
        raise InputError(path, EMPTY)
    return text


def _decode(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8")
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], encoding)
    for encoding in ("utf-8", _utf16_without_bom(data), "gb18030"):
        text = _strict(data, encoding) if encoding else None
        if text is not None:
            return text
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    """`data` decoded, or None when it is not valid in `encoding` or holds NUL (a binary file)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order that the NUL bytes point to, if they point to one.

    ASCII characters (digits, newlines) in UTF-16 have a NUL high byte: at odd offsets in
    little-endian text, at even offsets in big-endian text. Real 8-bit text has no NULs.
    """
    if len(data) % 2 or b"\x00" not in data:
        return None
    nuls_at_even = data[0::2].count(0)
    nuls_at_odd = data[1::2].count(0)
    if nuls_at_odd > 4 * nuls_at_even:
        return "utf-16-le"
    if nuls_at_even > 4 * nuls_at_odd:
        return "utf-16-be"
    return None


# ---------------------------------------------------------------- PDF


def _pdf_text(data: bytes, path: Path) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Page texts joined by newlines, and the range of each page in the joined text."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(path, "corrupt PDF: no PDF header (not a PDF file)")
    page_texts = _pdf_page_texts(data, path)
    text = "\n".join(page_texts)
    if not text.strip():
        raise InputError(path, SCANNED_PDF)
    if not _CID_CODE.sub("", text).strip():
        raise InputError(path, UNMAPPED_PDF)
    return text, page_ranges(page_texts)


def _pdf_page_texts(data: bytes, path: Path) -> list[str]:
    import pdfplumber  # heavy: loaded only when a PDF is read
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise InputError(path, "corrupt PDF: no pages")
            return [_page_text(page) for page in pdf.pages]
    except InputError:
        raise
    except Exception as error:  # pdfminer raises many types; none may leak as a traceback
        cause = _pdfminer_cause(error)
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError(path, ENCRYPTED_PDF) from None
        raise InputError(path, f"corrupt PDF: {_short_reason(cause)}") from None


def _pdfminer_cause(error: Exception) -> BaseException:
    """pdfplumber wraps pdfminer errors in PdfminerException(original)."""
    if error.args and isinstance(error.args[0], BaseException):
        return error.args[0]
    return error


def page_ranges(page_texts: list[str]) -> tuple[tuple[int, int], ...]:
    """Half-open range of each page in `"\\n".join(page_texts)`."""
    ranges: list[tuple[int, int]] = []
    start = 0
    for page_text in page_texts:
        ranges.append((start, start + len(page_text)))
        start += len(page_text) + 1
    return tuple(ranges)


def _page_text(page: Page) -> str:
    """The text lines outside tables and the rendered tables, top to bottom."""
    page = page.dedupe_chars()  # some PDFs draw bold text twice, offset by a fraction of a point
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _in_any_box(obj, boxes))
    blocks = [(line["top"], line["text"]) for line in outside.extract_text_lines()]
    blocks += [(table.bbox[1], render_table(table.extract())) for table in tables]
    blocks.sort(key=lambda block: block[0])  # stable: a line level with a table stays first
    return "\n".join(text for _, text in blocks if text)


def _in_any_box(char: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def render_table(rows: list[list[str | None]]) -> str:
    """One line per row, cells joined by " | "; merged (None) cells and blank rows skipped.

    Empty cells stay (as "") so that a cell keeps the column of its header.
    """
    lines = []
    for row in rows:
        cells = [join_wrapped_lines(cell) for cell in row if cell is not None]
        if any(cells):
            lines.append(CELL_SEPARATOR.join(cells))
    return "\n".join(lines)


def join_wrapped_lines(cell: str) -> str:
    """A cell's text on one line: breaks next to CJK characters vanish, others become a space."""
    joined = ""
    for line in cell.splitlines():
        line = line.strip()
        if not line:
            continue
        if joined and not (_is_wide(joined[-1]) or _is_wide(line[0])):
            joined += " "
        joined += line
    return joined


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _short_reason(error: BaseException) -> str:
    """The first line of a library's message, unquoted (KeyError quotes it), kept short."""
    message = str(error).strip().strip("\"'").strip()
    first_line = message.splitlines()[0] if message else type(error).__name__
    return first_line[:_MAX_REASON_CHARS]


# ---------------------------------------------------------------- DOCX


def _docx_text(data: bytes, path: Path) -> str:
    """Body paragraphs and tables in document order, one line per paragraph or table row."""
    document = _open_docx(data, path)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(_docx_table_lines(block))
        else:
            lines.append(block.text)
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(path, EMPTY)
    return text


def _open_docx(data: bytes, path: Path) -> DocxDocument:
    import docx  # heavy: loaded only when a DOCX is read

    if data.startswith(_OLE_MAGIC):
        raise InputError(path, ENCRYPTED_DOCX if _ENCRYPTED_PACKAGE_STREAM in data else LEGACY_DOCX)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(path, NOT_ZIP_DOCX)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # zip, XML and package errors; none may leak as a traceback
        if isinstance(error, ValueError) and "not a Word file" in str(error):
            raise InputError(path, NOT_WORD_DOCX) from None
        raise InputError(path, f"corrupt DOCX: {_short_reason(error)}") from None


def _docx_table_lines(table: DocxTable) -> list[str]:
    from docx.table import _Cell

    rows = []
    for row in table.rows:
        # Reading <w:tc> elements directly gives a horizontally merged cell once; a vertically
        # merged one continues with vMerge="continue" and is skipped like pdfplumber's None.
        rows.append([
            None if tc.vMerge == "continue" else _Cell(tc, table).text
            for tc in row._tr.tc_lst
        ])
    rendered = render_table(rows)
    return rendered.split("\n") if rendered else []
