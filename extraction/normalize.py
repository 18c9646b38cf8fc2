"""Undo PDF damage in report text while keeping an exact map back to the original characters.

PDF extraction breaks lines inside sentences and words, leaves page numbers between the
lines, sprinkles spaces around digits (`2021 年`, `30 万元`), gives a table one cell per line
and sometimes repeats fragments at the end of the file. `normalize` removes that damage and
nothing else: it only deletes characters, turns whitespace into "\\n" / " ", and turns the
line break between the cells of a table row (a metric's name, then its values) into "|", so every
character of the clean text has a known offset in the original.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import compress

from extraction.sections import heading_level

NORMALIZER_VERSION = "2"  # 2: one-cell-per-line table rows rebuilt with "|"; a number wrapped across lines joined

# Characters set full width in print: CJK ideographs, kana, hangul, CJK and full-width
# punctuation, plus the curly quotes, dash and ellipsis that Chinese text sets full width.
_WIDE_CLASS = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd\u2018\u2019\u201c\u201d\u2014\u2026"
)
_LINE_BREAKS = "\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029"  # exactly where str.splitlines() splits
_SPACE = r"[^\S\n\r\f\v\x1c-\x1e\x85\u2028\u2029]"  # whitespace inside a line
# Space patterns start with the space itself (not a lookbehind) so that the regex engine
# skips quickly to the next whitespace character.
# A run of spaces next to a full-width character, with no "|" (a table cell border) beside it:
_ONE_WIDE_SPACE = re.compile(
    rf"{_SPACE}(?:(?<=[{_WIDE_CLASS}]{_SPACE})(?![\s|])|(?<![\s|]{_SPACE})(?=[{_WIDE_CLASS}]))"
)
_LONG_WIDE_SPACE = re.compile(
    rf"{_SPACE}(?:(?<=[{_WIDE_CLASS}]{_SPACE}){_SPACE}+(?![\s|])|(?<![\s|]{_SPACE}){_SPACE}+(?=[{_WIDE_CLASS}]))"
)
# Inside a line, a run of spaces to make one " ": a longer run, or a lone tab, no-break space...
_ODD_SPACE = re.compile(rf"{_SPACE}(?<=\S.)(?:{_SPACE}+|(?<! ))(?=\S)")
_WIDE = re.compile(f"[{_WIDE_CLASS}]")
# Deleted characters are marked in a same-length copy of the text with a code point of plane
# 16 (when the text has none), found fast as the byte 0x10 in the third byte of each UTF-32 unit.
_DELETED = "\U0010ffff"
_PLANE_16 = re.compile("[\U00100000-\U0010ffff]")
_KEPT_BY_THIRD_BYTE = bytes(0 if byte == 0x10 else 1 for byte in range(256))

_STRONG_END = "。！？!?…．"
_WEAK_END = "；;：:"
_CLOSERS = "”’」』）)》〉】]\"'"
_OPEN_END = "，、,（(“‘《〈【["
_CLOSING_START = "，。、；：！？）》〉】”’%,;:!?)]"
_CLOSING_QUOTES = "”’」』"
_OPENING_QUOTES = "“‘「『"
_CLAUSE_MARK = re.compile(r"[，。；、,;！？!?]")
_TERMINATOR = re.compile(r"[。；;！？!?]")

_BARE_PAGE = re.compile(r"[1-9]\d{0,2}")
_SLASH_PAGE = re.compile(r"([1-9]\d{0,3})\s*/\s*([1-9]\d{0,3})")
_DECORATED_PAGE = re.compile(
    r"[-－—–~～]+\s*([1-9]\d{0,3})\s*[-－—–~～]+"
    r"|第\s*([1-9]\d{0,3})\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*[,，/]?\s*第\s*([1-9]\d{0,3})\s*页"
    r"|(?i:page)\s*([1-9]\d{0,3})(?:\s*(?:of|/)\s*\d+)?"
)
_MAX_PAGE_LINE = 24

# Widths are print columns: 2 for a CJK character, 1 for a digit or latin letter.
_CELL_WIDTH = 24  # two neighbouring lines this short are table cells or title parts
_TITLE_WIDTH = 40  # without a wrap width: a line this short without clause marks is a title
_HEADING_TITLE_WIDTH = 64  # without a wrap width: a heading line this short is a title
_MIN_WRAP_LINE = 20
_MAX_WRAP_LINE = 400
_MIN_REPEAT_CHARS = 16
_MAX_REPEAT_UNITS = 64
_MAX_PASSES = 6
# A table cell that holds only a value: a comparison sign, a number, a short unit (`≥5万人次`, `94.63%`, `10`)
_VALUE_CELL = re.compile(r"[≥≤<>＞＜=≈]?\s*[约近超]?\s*-?\d[\d,.]*\s*(?:%|‰|[\u4e00-\u9fff/a-zA-Z²³㎡]{0,6})")
# Column headers of a performance table are no metric's name
_HEADER_CELL = re.compile(r"(?:[一二三四]级)?指标(?:名称|内容)?|(?:年度|年初)?(?:指标|目标)值|(?:实际)?完成值|全年(?:实际|完成)值"
                          r"|分值|得分|权重|序号|单位|备注|预算数|执行数|执行率|偏差.*")
_CELL_BREAKER = re.compile(r"[。；;！？!?，,：:|]")
_NUMBER_END = re.compile(r"\d[\d,.]*$")  # a line that ends inside a number
_NUMBER_GOES_ON = re.compile(r"[\d.,%‰]")
_NAME_END = re.compile(r"[\u4e00-\u9fff）)%]$")  # a metric's name ends in a word, a unit in brackets or %


@dataclass(frozen=True)
class Normalized:
    """Clean running text (paragraphs separated by "\\n") and where each character came from.

    `source_offsets` has `len(text) + 1` entries: the offset in the original text of each
    character of `text`, then the length of the original text.
    """

    text: str
    source_offsets: tuple[int, ...]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """The original range from the span's first character to its last one."""
        _check_range(start, end, len(self.text))
        if start == end:
            return self.source_offsets[start], self.source_offsets[start]
        return self.source_offsets[start], self.source_offsets[end - 1] + 1

    def to_normalized(self, start: int, end: int) -> tuple[int, int]:
        """The smallest range of `text` holding every kept character of the original range."""
        _check_range(start, end, self.source_offsets[-1])
        first = bisect.bisect_left(self.source_offsets, start, 0, len(self.text))
        stop = bisect.bisect_left(self.source_offsets, end, first, len(self.text))
        return first, stop


def _check_range(start: int, end: int, length: int) -> None:
    if not 0 <= start <= end <= length:
        raise ValueError(f"range {start}..{end} is outside 0..{length}")


def normalize(text: str) -> Normalized:
    """`text` without line breaks inside paragraphs, page numbers, stray spaces and repeated tails."""
    result = _normalize_once(text)
    # A later pass sees joined paragraphs where the first saw short lines and may decide
    # differently; passing again until nothing changes makes the output its own fixed point.
    for _ in range(_MAX_PASSES - 1):
        again = _normalize_once(result.text)
        if again.text == result.text:
            break
        offsets = result.source_offsets
        result = Normalized(again.text, tuple([offsets[index] for index in again.source_offsets]))
    return result


def _normalize_once(original: str) -> Normalized:
    lines = _split_lines(original)
    if _layout(lines).is_raw:
        page_numbers = _page_number_lines(lines)
        lines = [line for index, line in enumerate(lines) if index not in page_numbers]
    del lines[len(lines) - _repeated_tail([[line] for line in lines]):]
    paragraphs = _paragraphs(lines)
    del paragraphs[len(paragraphs) - _repeated_tail(paragraphs):]
    return _emit(original, paragraphs)


# ---------------------------------------------------------------- lines


@dataclass(slots=True)
class _Line:
    """One non-blank line; `start..end` spans it in the original without surrounding whitespace."""

    start: int
    end: int
    text: str
    break_at: int | None  # offset of the line break that ends it; None on the last line
    blank_before: bool  # a blank line separates it from the previous non-blank line
    width: int
    is_row: bool  # a table row rendered with "|" between cells
    is_heading: bool  # starts with a heading number: 一、 （一） (1) 1. 1、 第一章 ①


def _display_width(text: str) -> int:
    """Columns `text` takes in print: 2 for a CJK character, 1 for an ASCII one (roughly)."""
    # GB18030 spends one byte on ASCII and two on CJK characters and punctuation: the byte
    # count is the print width, computed in C.
    return len(text.encode("gb18030", "replace"))


def _is_table_row(text: str) -> bool:
    return " | " in text or text.count("|") >= 2 or text[0] == "|" or text[-1] == "|"


def _split_lines(original: str) -> list[_Line]:
    lines: list[_Line] = []
    position = 0
    breaks_since_text = 2
    for raw in original.splitlines(keepends=True):
        has_break = raw[-1] in _LINE_BREAKS
        text = raw.strip()
        if text:
            start = position + len(raw) - len(raw.lstrip())
            break_at = position + len(raw) - (2 if raw.endswith("\r\n") else 1) if has_break else None
            lines.append(_Line(start, start + len(text), text, break_at, breaks_since_text >= 2,
                               _display_width(text), "|" in text and _is_table_row(text),
                               heading_level(text, strip=False) is not None))
            breaks_since_text = 0
        breaks_since_text += has_break
        position += len(raw)
    return lines


# ---------------------------------------------------------------- page numbers


def _page_number_lines(lines: list[_Line]) -> set[int]:
    """Indices of page-number lines: the longest increasing run of page-number-shaped lines."""
    indices: list[int] = []
    numbers: list[int] = []
    for index, line in enumerate(lines):
        if len(line.text) > _MAX_PAGE_LINE:
            continue
        found = _page_number(line.text)
        if found is None:
            continue
        number, could_be_cell = found
        if could_be_cell and not _stands_between_text(lines, index):
            continue
        indices.append(index)
        numbers.append(number)
    return {indices[position] for position in _longest_increasing(numbers)}


def _page_number(text: str) -> tuple[int, bool] | None:
    """The page number a line shows, and whether a table cell could have the same shape."""
    if _BARE_PAGE.fullmatch(text):
        return int(text), True
    slash = _SLASH_PAGE.fullmatch(text)
    if slash:
        page, pages = int(slash.group(1)), int(slash.group(2))
        return (page, True) if page <= pages else None
    decorated = _DECORATED_PAGE.fullmatch(text)
    if decorated:
        return int(next(group for group in decorated.groups() if group)), False
    return None


def _stands_between_text(lines: list[_Line], index: int) -> bool:
    """Neither neighbouring line looks like a table cell (which would make the number one too)."""
    before = lines[index - 1] if index else None
    after = lines[index + 1] if index + 1 < len(lines) else None
    return not (before and _looks_like_cell(before)) and not (after and _looks_like_cell(after))


def _looks_like_cell(line: _Line) -> bool:
    return (line.is_row or line.width <= _CELL_WIDTH) and not _ends_clause(line.text) \
        and not line.is_heading


def _longest_increasing(values: list[int]) -> list[int]:
    """Positions of one longest strictly increasing subsequence of `values` (patience sorting)."""
    tails: list[int] = []  # tails[k]: the smallest last value of an increasing run of length k + 1
    tail_positions: list[int] = []
    previous: list[int] = []
    for position, value in enumerate(values):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[k] = value
            tail_positions[k] = position
        previous.append(tail_positions[k - 1] if k else -1)
    run: list[int] = []
    position = tail_positions[-1] if tail_positions else -1
    while position >= 0:
        run.append(position)
        position = previous[position]
    return run


# ---------------------------------------------------------------- repeated tail


def _repeated_tail(units: list[list[_Line]]) -> int:
    """How many units (lines or paragraphs) at the end repeat, near verbatim, the text before them."""
    tail = [_compact("".join(line.text for line in unit)) for unit in units[-_MAX_REPEAT_UNITS:]]
    if not tail or len(tail[-1]) < _MIN_REPEAT_CHARS:
        return 0
    haystack = _compact("".join(line.text for unit in units for line in unit))
    end = len(haystack)
    dropped = 0
    for compact in reversed(tail):
        end -= len(compact)
        if not _occurs_before(compact, haystack, end):
            break
        dropped += 1
    return dropped


def _compact(text: str) -> str:
    return "".join(text.split())


def _occurs_before(needle: str, haystack: str, end: int) -> bool:
    if len(needle) < _MIN_REPEAT_CHARS:
        return False
    # Near verbatim: a fragment cut through its first or last character counts too.
    return haystack.find(needle, 0, end) >= 0 or haystack.find(needle[1:-1], 0, end) >= 0


# ---------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class _Layout:
    """What the whole document tells about its lines: where they wrap, how they are separated."""

    wrap_width: int | None
    blank_separated: bool

    def wraps(self, line: _Line) -> bool:
        """The line is part of wrapped running text (not an over-long paragraph line)."""
        return self.wrap_width is not None and line.width <= self.wrap_width + self.wrap_width // 8 + 2

    def is_full(self, line: _Line) -> bool:
        """The line runs to the right margin, so its paragraph may go on."""
        return self.wraps(line) and line.width >= self.wrap_width - self.wrap_width // 5

    @property
    def is_raw(self) -> bool:
        """Lines as a PDF gives them (wrapped, or apart by blank lines), not paragraph by paragraph.

        Page numbers are looked for only here: a paragraph-per-line text (DOCX, or this module's
        own output) has none, and a number standing alone there is a paragraph or a cell.
        """
        return self.wrap_width is not None or self.blank_separated


def _layout(lines: list[_Line]) -> _Layout:
    blank = sum(1 for line in lines[1:] if line.blank_before)
    return _Layout(_wrap_width(lines), 2 * blank >= len(lines) - 1)


def _wrap_width(lines: list[_Line]) -> int | None:
    """The width at which the running text wraps, when the document has one."""
    widths = sorted(line.width for line in lines
                    if _MIN_WRAP_LINE <= line.width <= _MAX_WRAP_LINE and not line.is_row)
    if not widths:
        return None
    low, high = max((_band(widths, width) for width in range(widths[0], widths[-1] + 1)),
                    key=lambda band: (band[1] - band[0], band[0]))
    in_band = [line for line in lines if widths[low] <= line.width <= widths[high - 1] and not line.is_row]
    cut = sum(1 for line in in_band if not _ends_clause(line.text))
    # Wrapped text: many lines of about one width, most of them cut in mid-sentence.
    if len(in_band) >= 3 and 5 * len(in_band) >= 2 * len(widths) and 2 * cut >= len(in_band):
        return widths[(low + high) // 2]  # the median: lines that hold digits come out narrower
    return None


def _band(widths: list[int], width: int) -> tuple[int, int]:
    """Where, in the sorted `widths`, the lines of text wrapping at `width` are."""
    return (bisect.bisect_left(widths, width - width // 5), bisect.bisect_right(widths, width + width // 8))


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    layout = _layout(lines)
    paragraphs: list[list[_Line]] = []
    before = None
    for line in lines:
        if before is not None and not _breaks_paragraph(before, line, layout):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        before = line
    return paragraphs


def _breaks_paragraph(before: _Line, after: _Line, layout: _Layout) -> bool:
    """Whether the line break between two lines ends a paragraph (else the lines are joined)."""
    if before.is_row or after.is_row or after.is_heading:
        return True
    if before.text[-1] in _OPEN_END or after.text[0] in _CLOSING_START:
        return False
    if _is_title(before, layout):
        return True
    if before.width <= _CELL_WIDTH and after.width <= _CELL_WIDTH:
        return True
    if before.text[-1] in _CLOSING_QUOTES and after.text[0] in _OPENING_QUOTES and not layout.is_full(before):
        return True
    if layout.wraps(before):
        return not layout.is_full(before) or _ends_sentence(before.text)
    # Lines that are paragraphs already (DOCX text, or this module's own output) stay apart.
    return _ends_clause(before.text) or not layout.blank_separated


def _is_title(line: _Line, layout: _Layout) -> bool:
    """A heading or title standing on its own line, not the start of a wrapped paragraph."""
    if line.is_heading:
        if _TERMINATOR.search(line.text.rstrip(_STRONG_END + _WEAK_END + _CLOSERS)):
            return False  # a run-in heading: its paragraph goes on after it
        if layout.wraps(line):
            return line.width < layout.wrap_width - layout.wrap_width // 8 - 1
        return line.width <= _HEADING_TITLE_WIDTH
    if layout.wraps(line):
        return False
    return line.width <= _TITLE_WIDTH and not _CLAUSE_MARK.search(line.text)


def _ends_sentence(text: str) -> bool:
    last = text.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in _STRONG_END


def _ends_clause(text: str) -> bool:
    last = text.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in _STRONG_END + _WEAK_END


# ---------------------------------------------------------------- output


def _keeps_space(before: str, after: str) -> bool:
    """Whitespace between two characters survives (as one space) only between latin/digit tokens."""
    if before == "|" or after == "|":
        return True
    return _WIDE.match(before) is None and _WIDE.match(after) is None


def _mark_spaces(original: str, deleted: str) -> str:
    """`original` with deletable spaces inside lines marked and the others made a single " "."""
    marked = _ONE_WIDE_SPACE.sub(deleted, original)
    marked = _LONG_WIDE_SPACE.sub(lambda run: deleted * len(run[0]), marked)
    return _ODD_SPACE.sub(lambda run: " " + deleted * (len(run[0]) - 1), marked)


def _emit(original: str, paragraphs: list[list[_Line]]) -> Normalized:
    deleted = _deletion_mark(original)
    marked = _mark_spaces(original, deleted)
    pieces: list[str] = []
    position = 0  # everything of `original` before it is in `pieces`
    before = None
    in_row = False  # the paragraph before is a cell of a row being rebuilt (`_rejoins_row`)
    for number, paragraph in enumerate(paragraphs):
        single = number > 0 and len(paragraphs[number - 1]) == 1 and len(paragraph) == 1
        in_row = single and _rejoins_row(before, paragraph[0], in_row)
        for line in paragraph:
            joint = _joint(before, line, line is paragraph[0], in_row) if before else ""
            if joint:
                pieces.append(deleted * (before.break_at - position))
                pieces.append(joint)
                position = before.break_at + 1
            pieces.append(deleted * (line.start - position))
            pieces.append(marked[line.start:line.end])
            position = line.end
            before = line
    pieces.append(deleted * (len(original) - position))
    return _kept(original, "".join(pieces), deleted)


def _rejoins_row(before: _Line, cell: _Line, in_row: bool) -> bool:
    """Whether `cell`, a value standing alone on its line (`≥120场`, `94.63%`), goes on the table row of
    the line before it: the name of a metric (`送戏下乡演出场次`) or a value of that row. PDF text
    gives a table one cell per line; a row of name and values lets HAS_VALUE, which stays in a
    sentence, reach from the name to its values, as in a table rendered with "|"."""
    if before.is_row or cell.is_row or not _VALUE_CELL.fullmatch(cell.text):
        return False
    return in_row or _is_name_cell(before.text)


def _is_name_cell(text: str) -> bool:
    return (len(text) <= _TITLE_WIDTH and _NAME_END.search(text) is not None and not _CELL_BREAKER.search(text)
            and not _HEADER_CELL.fullmatch(text) and not _VALUE_CELL.fullmatch(text) and heading_level(text) is None)


def _joint(before: _Line, line: _Line, starts_paragraph: bool, joins_row: bool) -> str:
    """What replaces the line break between two lines: "|" between the cells of a rebuilt table row,
    "\n", a space between two words, or nothing (also inside a number wrapped across lines: `0.` /
    `5%` is `0.5%`, not `0. 5%`)."""
    if joins_row:
        return "|"
    if starts_paragraph:
        return "\n"
    if _NUMBER_END.search(before.text) and _NUMBER_GOES_ON.match(line.text):
        return ""
    return " " if _keeps_space(before.text[-1], line.text[0]) else ""


def _deletion_mark(original: str) -> str:
    """A character absent from `original`, to mark deleted positions in a same-length copy."""
    present = set(_PLANE_16.findall(original))
    if not present:
        return _DELETED
    return next(char for char in map(chr, range(0x10FFFE, 0xFFFFF, -1)) if char not in present)


def _kept(original: str, marked: str, deleted: str) -> Normalized:
    """The characters of `marked` other than `deleted`, with their offsets in `original`."""
    if deleted == _DELETED:
        keep = marked.encode("utf-32-le", "surrogatepass")[2::4].translate(_KEPT_BY_THIRD_BYTE)
    else:
        keep = bytes(char != deleted for char in marked)
    offsets = tuple(compress(range(len(original)), keep)) + (len(original),)
    return Normalized(marked.replace(deleted, ""), offsets)
