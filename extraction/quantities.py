"""Parse the text of a value span (AMOUNT / COUNT / RATIO) into a number an analyst can add up.

The parser is strict on purpose: whatever it does not understand raises `QuantityError`
with the reason, because a wrong number in a record is worse than a missing one.
Arithmetic is done in `Decimal` so that `1,057.63万元` is exactly 10576300 元.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from extraction.document import VALUE_LABELS
from extraction.errors import QuantityError

MONEY_UNIT = "元"
RATIO_UNIT = "ratio"


@dataclass(frozen=True)
class Quantity:
    """The parsed value of one AMOUNT / COUNT / RATIO span."""

    text: str  # the span text as given
    label: str  # AMOUNT | COUNT | RATIO
    number: float  # 元, a fraction for ratios, counts with 万/亿 applied; the low bound of a range
    unit: str  # "元" (or "元/生"), the measure word of a count ("" when none is stated), "ratio"
    written_number: float  # the number as written, before the magnitude
    magnitude: float  # multiplier applied to `written_number`: 10000 for 万, 0.01 for %, ...
    approximate: bool  # 多 / 余 / 约 / 近 / 以上 / 左右 / 超 / 不少于 ... anywhere in the text
    low: float | None  # normalised bounds of a range ("10-20万元"), else None
    high: float | None
    per: str | None  # denominator of a per-unit value: "生" in "1.2 万元/生"


# --- vocabulary -----------------------------------------------------------------------------

_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: ord(" "),  # ideographic space
    0x301C: ord("~"),  # wave dash 〜
    0x2212: ord("-"),  # minus sign −
}
_SYMBOL_UNITS = {"㎡": "平方米", "m²": "平方米", "㎥": "立方米", "m³": "立方米", "㎞": "公里", "㎏": "千克",
                 "mg/L": "毫克/升", "mg": "毫克", "μg": "微克"}

_MAGNITUDES = {
    "千": Decimal(10) ** 3,
    "万": Decimal(10) ** 4,
    "十万": Decimal(10) ** 5,
    "百万": Decimal(10) ** 6,
    "千万": Decimal(10) ** 7,
    "亿": Decimal(10) ** 8,
    "十亿": Decimal(10) ** 9,
    "百亿": Decimal(10) ** 10,
    "千亿": Decimal(10) ** 11,
    "万亿": Decimal(10) ** 12,
}
_RATIO_SIGNS = {"%": Decimal("0.01"), "‰": Decimal("0.001"), "‱": Decimal("0.0001")}
_RATIO_WORDS = {"百分之": Decimal("0.01"), "千分之": Decimal("0.001"), "万分之": Decimal("0.0001")}

# Measure words and units of COUNT (guide list plus the common ones of the reports).
# 月 and 日 are left out: `12 月`, `31 日` are dates (a duration is 个月 / 天).
_MEASURE_WORDS = frozenset(
    """
    个 人 名 位 人次 场 场次 次 家 户 户次 项 项次 期 篇 棵 株 台 台次 件 所 座 条 宗 批 批次 类 支 套
    本 册 卷 份 块 间 辆 亩 公顷 吨 平方米 平方公里 平方千米 立方米 方 公里 千米 米 厘米 毫米 千克 公斤 克
    天 小时 分钟 个月 周 年 分 课时 学时 节 节次 部 张 幅 首 门 架 艘 头 只 对 双 副 组 队 届 轮
    班 班次 栋 幢 层 处 室 床 枚 颗 片 段 根 盒 箱 包 瓶 袋 车次 架次 人天 人日 岁 周岁 倍 千瓦 千瓦时 度
    个工作日 工作日 期次 单 宗次 册次 篇次 间次 个百分点 百分点 微克 毫克 升 分贝
    """.split()
)
# Denominators of per-unit values (`1.2 万元/生`) besides the measure words.
_PER_NOUNS = frozenset("生 学生 校 月 日 季度 职工 会员 村 企业 单位 秒".split())
_FOREIGN_CURRENCIES = ("美元", "港元", "港币", "欧元", "日元", "英镑", "澳元", "澳门元")

# Words around the number: the guide keeps most of them outside the span, but tolerating them
# costs nothing and callers may pass a wider text.
_APPROXIMATE_LEADS = (
    "不少于", "不低于", "不超过", "不高于", "将近", "接近", "大约", "超过", "至少", "最多", "多达",
    "不足", "不到", "大于", "小于", "高于", "低于", "约", "近", "超", "逾", "≥", "≤", ">", "<", "≈",
)
_EXACT_LEADS = ("达到", "共计", "合计", "总计", "累计", "达", "共", "为")
_APPROXIMATE_TRAILS = ("左右", "以上", "以下", "以内", "上下", "之多", "有余", "多", "余")
_INNER_APPROXIMATORS = ("多", "余")

_CALENDAR_YEARS = (1900, 2100)  # a 4-digit number of 年 in this span is a date, not a duration
_CHINESE_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CHINESE_POWERS = {"十": 10, "百": 100, "千": 1000}

_NUMBER_RUN = re.compile(r"[0-9][0-9.,]*")
_GROUPED_INTEGER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_SPLIT_NUMBER = re.compile(r"[0-9.,]\s+[0-9.,]")
_WHITESPACE = re.compile(r"\s+")
_RANGE_SEPARATOR = re.compile(r"(?:-|~|—{1,2}|–|至|到)(?=[0-9]|百分之|千分之|万分之)")
_ALTERNATIVE_UNITS = re.compile(r"\(([^()]+)\)")
_ALTERNATIVE_SEPARATOR = re.compile(r"[、,/]")
_PER_JOINERS = ("·", "・", "/")  # 元/人·年, 元/人/月
_CHINESE_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千点]+")


def _longest_first(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


_MAGNITUDE_WORDS = _longest_first(_MAGNITUDES)
_MEASURE_WORDS_LONGEST = _longest_first(_MEASURE_WORDS)
_UNIT_WORDS = _longest_first([MONEY_UNIT, *_RATIO_SIGNS, *_MEASURE_WORDS])
_LEADS = _longest_first(_APPROXIMATE_LEADS + _EXACT_LEADS)
_TRAILS = _longest_first(_APPROXIMATE_TRAILS)
_RATIO_WORDS_LONGEST = _longest_first(_RATIO_WORDS)
_PER_WORDS = _longest_first(_MEASURE_WORDS | _PER_NOUNS)


# --- intermediate forms ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """What the text (or a header) states after a number; None where it states nothing."""

    magnitude: Decimal | None = None
    name: str | None = None  # "元", RATIO_UNIT, or a measure word such as "套(间)"
    per: str | None = None


@dataclass(frozen=True)
class _Term:
    """One number with its unit: the whole value, or one bound of a range."""

    written: Decimal
    unit: _Unit
    approximate: bool


# --- public API -----------------------------------------------------------------------------


def parse(text: str, label: str, unit_hint: str | None = None) -> Quantity:
    """Parse the text of a value span; `unit_hint` is the unit a table header gives a bare number.

    Raises `QuantityError` for anything not parsed with confidence.
    """
    if label not in VALUE_LABELS:
        raise QuantityError(text, f"label {label!r} is not one of {', '.join(VALUE_LABELS)}")
    hint = _parse_hint(unit_hint, text)
    body = _compact(text)
    if not body:
        raise QuantityError(text, "empty text")
    lead_approximate, body = _strip_leads(body)
    body, trail_approximate = _strip_trails(body)
    terms = [_parse_term(part, text) for part in _split_range(body, text)]
    if len(terms) == 2:
        terms[0] = _inherit_unit(terms[0], terms[1], text)
    resolved = [_resolve(_with_hint(term.unit, hint, text), label, text) for term in terms]
    if len(terms) == 2 and resolved[0][1:] != resolved[1][1:]:
        raise QuantityError(text, "the two bounds of the range have different units")
    magnitude, name, per = resolved[0]
    if label == "COUNT" and name == "年":
        _reject_calendar_years(terms, text)
    values = [term.written * unit_magnitude for term, (unit_magnitude, _, _) in zip(terms, resolved)]
    if len(values) == 2 and values[0] > values[1]:
        raise QuantityError(text, "range bounds are reversed (low > high)")
    return Quantity(
        text=text,
        label=label,
        number=float(values[0]),
        unit=f"{name}/{per}" if per else name,
        written_number=float(terms[0].written),
        magnitude=float(magnitude),
        approximate=lead_approximate or trail_approximate or any(term.approximate for term in terms),
        low=float(values[0]) if len(values) == 2 else None,
        high=float(values[1]) if len(values) == 2 else None,
        per=per,
    )


# --- text clean-up --------------------------------------------------------------------------


def _compact(text: str) -> str:
    """Half-width, unit symbols spelled out, whitespace removed (PDF breaks inside the span)."""
    normalised = text.translate(_HALF_WIDTH)
    for symbol, unit in _SYMBOL_UNITS.items():
        normalised = normalised.replace(symbol, unit)
    split = _SPLIT_NUMBER.search(normalised)
    if split:
        # A wrapped number and two numbers look the same; refuse rather than glue them.
        raise QuantityError(text, f"whitespace inside the number {split.group()!r}")
    return _WHITESPACE.sub("", normalised)


def _take(text: str, words: tuple[str, ...]) -> tuple[str | None, str]:
    """The first of `words` (ordered longest first) that starts `text`, and the rest of `text`."""
    for word in words:
        if text.startswith(word):
            return word, text[len(word):]
    return None, text


def _strip_leads(body: str) -> tuple[bool, str]:
    approximate = False
    word, body = _take(body, _LEADS)
    while word is not None:
        approximate = approximate or word in _APPROXIMATE_LEADS
        word, body = _take(body, _LEADS)
    return approximate, body


def _strip_trails(body: str) -> tuple[str, bool]:
    approximate = False
    stripped = True
    while stripped:
        stripped = False
        for word in _TRAILS:
            if body.endswith(word) and len(body) > len(word):
                body, approximate, stripped = body[: -len(word)], True, True
                break
    return body, approximate


def _split_range(body: str, text: str) -> list[str]:
    if body[:1] in ("-", "+", "负"):
        raise QuantityError(text, "a sign before the number (value spans start at the first digit)")
    parts = _RANGE_SEPARATOR.split(body)
    if len(parts) > 2:
        raise QuantityError(text, "more than two numbers (a date, a code or several values?)")
    return parts


# --- one number with its unit ---------------------------------------------------------------


def _parse_term(part: str, text: str) -> _Term:
    ratio_word, rest = _take(part, _RATIO_WORDS_LONGEST)
    if ratio_word is not None:
        return _Term(_ratio_word_number(rest, text), _Unit(_RATIO_WORDS[ratio_word], RATIO_UNIT), False)
    first_digit = _NUMBER_RUN.search(part)
    if first_digit is None:
        raise QuantityError(text, "no Arabic-digit number in the text")
    if first_digit.start() > 0:
        raise QuantityError(text, f"unexpected {part[: first_digit.start()]!r} before the number")
    written, rest = _read_number(part, text)
    approximate, unit = _parse_unit_words(rest, text)
    return _Term(written, unit, approximate)


def _read_number(part: str, text: str) -> tuple[Decimal, str]:
    """The Arabic number that starts `part`, strictly checked, and what follows it."""
    run = _NUMBER_RUN.match(part).group()
    if run[-1] in ".,":
        raise QuantityError(text, f"number {run!r} ends with {run[-1]!r}")
    if run.count(".") > 1:
        raise QuantityError(text, f"more than one decimal point in {run!r}")
    integer, _, fraction = run.partition(".")
    if "," in fraction:
        raise QuantityError(text, f"thousands separator after the decimal point in {run!r}")
    if "," in integer and not _GROUPED_INTEGER.fullmatch(integer):
        raise QuantityError(text, f"bad thousands grouping in {run!r}")
    return Decimal(run.replace(",", "")), part[len(run):]


def _parse_unit_words(rest: str, text: str, source: str = "the number") -> tuple[bool, _Unit]:
    """Approximators, magnitude, unit, alternative units and per-unit after a number (or in a hint)."""
    inner, rest = _take(rest, _INNER_APPROXIMATORS)
    approximate = inner is not None
    # Measure words first, so that 千克 and 千米 are units and not 千 × 克.
    name, rest = _take(rest, _MEASURE_WORDS_LONGEST)
    magnitude = None
    if name is None:
        magnitude_word, rest = _take(rest, _MAGNITUDE_WORDS)
        magnitude = _MAGNITUDES[magnitude_word] if magnitude_word else None
        inner, rest = _take(rest, _INNER_APPROXIMATORS)
        approximate = approximate or inner is not None
        name, rest = _take(rest, _UNIT_WORDS)
    if name in _RATIO_SIGNS:
        if magnitude is not None:
            raise QuantityError(text, f"a magnitude before {name!r} after {source}")
        magnitude, name = _RATIO_SIGNS[name], RATIO_UNIT
    elif name in _MEASURE_WORDS:
        name, rest = _with_alternatives(name, rest, text)
    per = None
    if rest.startswith("/"):
        per, rest = _read_per(rest, text)
    if rest:
        raise QuantityError(text, _leftover_reason(rest, source))
    return approximate, _Unit(magnitude, name, per)


def _with_alternatives(name: str, rest: str, text: str) -> tuple[str, str]:
    """`套(间)`, `卷(册、件)`: a bracketed alternative measure word belongs to the unit."""
    match = _ALTERNATIVE_UNITS.match(rest)
    if not match:
        return name, rest
    alternatives = _ALTERNATIVE_SEPARATOR.split(match.group(1))
    if not all(word in _MEASURE_WORDS for word in alternatives):
        raise QuantityError(text, f"unknown alternative unit {match.group()!r}")
    return f"{name}({match.group(1)})", rest[match.end():]


def _read_per(rest: str, text: str) -> tuple[str, str]:
    """The denominator after '/': known words joined by · or / (`人`, `人·年`, `人/月`)."""
    word, rest = _take(rest[1:], _PER_WORDS)
    if word is None:
        raise QuantityError(text, f"'/' not followed by a known unit in {'/' + rest!r}")
    per = word
    while rest[:1] in _PER_JOINERS:
        word, after = _take(rest[1:], _PER_WORDS)
        if word is None:
            break
        per, rest = per + rest[0] + word, after
    return per, rest


def _leftover_reason(rest: str, source: str) -> str:
    currency = next((name for name in _FOREIGN_CURRENCIES if rest.startswith(name)), None)
    if currency:
        return f"foreign currency {currency!r}: only 元 (RMB) amounts are parsed"
    if rest.startswith("百分点"):
        return "percentage points (百分点) are a difference of ratios, not a RATIO"
    return f"unexpected {rest!r} after {source}"


# --- 百分之九十五点五 ------------------------------------------------------------------------


def _ratio_word_number(rest: str, text: str) -> Decimal:
    """The number after 百分之 / 千分之: Arabic (`百分之10`) or Chinese (`百分之九十五点五`)."""
    if rest[:1].isascii() and rest[:1].isdigit():
        written, leftover = _read_number(rest, text)
    else:
        match = _CHINESE_NUMERAL.match(rest)
        if not match:
            raise QuantityError(text, "no number after 百分之")
        written, leftover = _chinese_number(match.group(), text), rest[match.end():]
    if leftover:
        raise QuantityError(text, f"unexpected {leftover!r} after the number")
    return written


def _chinese_number(numeral: str, text: str) -> Decimal:
    integer, point, fraction = numeral.partition("点")
    value = Decimal(chinese_integer(integer, text))
    if point:
        if not fraction or any(char not in _CHINESE_DIGITS for char in fraction):
            raise QuantityError(text, f"bad decimals in Chinese numeral {numeral!r}")
        value += Decimal("0." + "".join(str(_CHINESE_DIGITS[char]) for char in fraction))
    return value


def chinese_integer(numeral: str, text: str) -> int:
    """A Chinese integer below 10000, strictly: 九十五, 一百零五, 十; not 一百五 (colloquial 150?)."""
    if numeral in ("零", "〇"):
        return 0
    if not numeral:
        raise QuantityError(text, "Chinese numeral without an integer part")
    total, digit, last_power, after_zero = 0, None, 10_000, False
    for char in numeral:
        if char in _CHINESE_DIGITS:
            if digit is not None:
                raise QuantityError(text, f"two Chinese digits in a row in {numeral!r}")
            if _CHINESE_DIGITS[char] == 0:
                if total == 0 or after_zero:
                    raise QuantityError(text, f"misplaced 零 in {numeral!r}")
                after_zero = True
                continue
            digit = _CHINESE_DIGITS[char]
            continue
        power = _CHINESE_POWERS[char]
        if power >= last_power or (digit is None and total):
            raise QuantityError(text, f"malformed Chinese numeral {numeral!r}")
        total += (1 if digit is None else digit) * power
        digit, last_power, after_zero = None, power, False
    if digit is None:
        if after_zero:
            raise QuantityError(text, f"Chinese numeral {numeral!r} ends with 零")
        return total
    if total and last_power > 10 and not after_zero:
        raise QuantityError(text, f"ambiguous Chinese numeral {numeral!r}")
    return total + digit


# --- units: ranges, header hints, labels ----------------------------------------------------


def _inherit_unit(low: _Term, high: _Term, text: str) -> _Term:
    """`10-20万元`: the low bound takes the unit (and magnitude, if it has none) of the high one."""
    if low.unit.name is not None:
        if high.unit.name is None:
            raise QuantityError(text, "the second number of the range has no unit")
        return low
    unit = _Unit(
        magnitude=high.unit.magnitude if low.unit.magnitude is None else low.unit.magnitude,
        name=high.unit.name,
        per=low.unit.per or high.unit.per,
    )
    return _Term(low.written, unit, low.approximate)


def _parse_hint(unit_hint: str | None, text: str) -> _Unit | None:
    if unit_hint is None:
        return None
    hint = _WHITESPACE.sub("", unit_hint.translate(_HALF_WIDTH)).strip("()[]【】")
    for symbol, unit in _SYMBOL_UNITS.items():
        hint = hint.replace(symbol, unit)
    if not hint:
        return None
    try:
        approximate, unit = _parse_unit_words(hint, text, source="the unit")
    except QuantityError as error:
        raise QuantityError(text, f"unit_hint {unit_hint!r} is not a unit: {error.reason}") from None
    if approximate or (unit.magnitude is None and unit.name is None and unit.per is None):
        raise QuantityError(text, f"unit_hint {unit_hint!r} is not a unit")
    return unit


def _with_hint(unit: _Unit, hint: _Unit | None, text: str) -> _Unit:
    """A header unit fills in for a number whose text states no unit of its own."""
    if hint is None or unit.name is not None:
        return unit
    if unit.magnitude is not None and hint.magnitude is not None:
        raise QuantityError(text, "both the text and the unit_hint give a magnitude")
    return _Unit(
        magnitude=hint.magnitude if unit.magnitude is None else unit.magnitude,
        name=hint.name,
        per=unit.per or hint.per,
    )


def _reject_calendar_years(terms: list[_Term], text: str) -> None:
    """`2021 年` is a date, never a duration: the guide does not count it, so refuse to add it up."""
    for term in terms:
        if term.unit.magnitude is None and term.written == term.written.to_integral_value() and (
            _CALENDAR_YEARS[0] <= term.written <= _CALENDAR_YEARS[1]
        ):
            raise QuantityError(text, f"{term.written} 年 is a calendar year, not a count of years")


def _resolve(unit: _Unit, label: str, text: str) -> tuple[Decimal, str, str | None]:
    """(magnitude, unit name, per) of a value of `label`, or the reason it does not fit."""
    magnitude = Decimal(1) if unit.magnitude is None else unit.magnitude
    if label == "RATIO":
        if unit.name != RATIO_UNIT:
            raise QuantityError(text, "a RATIO needs %, ‰ or 百分之 (or unit_hint '%')")
        if unit.per is not None:
            raise QuantityError(text, "a per-unit ratio is not supported")
        return magnitude, RATIO_UNIT, None
    if unit.name == RATIO_UNIT:
        raise QuantityError(text, f"a percentage cannot be a {label} value")
    if label == "AMOUNT":
        if unit.name not in (None, MONEY_UNIT):
            raise QuantityError(text, f"{unit.name!r} is not a money unit")
        if unit.name is None and unit.magnitude is None and unit.per is None:
            raise QuantityError(
                text, "bare number with no money unit and no unit_hint: its magnitude (元/万元/亿元) is unknown"
            )
        return magnitude, MONEY_UNIT, unit.per
    if unit.name == MONEY_UNIT:
        raise QuantityError(text, "a money unit in a COUNT span")
    if unit.name is None and unit.per is not None:
        raise QuantityError(text, "a per-unit count without a measure word")
    return magnitude, unit.name or "", unit.per
