"""Rule tagger for the value labels of the annotation guide: AMOUNT, COUNT and RATIO.

It pre-annotates reports for human correction and runs beside the neural model as a safety
net, so precision and recall both matter, and it must work on raw PDF text, where line breaks
and stray spaces sit inside values (`1001.08\\n万元`, `491.80 万\\n\\n元`).

Every Arabic number of the text is looked at once, together with what follows it (inner 多/余,
a 万/亿 magnitude, then a money unit, a percent sign or a measure word) and what precedes it
(第, 《, a formula, a clock time).  Bare numbers in table cells take the unit of their header.
A span runs from its first digit (or 百分之) to the last character of its unit, so leading words
(约, 达, 不少于 …) and trailing 左右/以上 stay outside, and whitespace inside stays inside.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from extraction.document import Span
from extraction.registry import register

# --- lexicon ----------------------------------------------------------------------------------

_DIGIT = "0-9０-９"
_BLANK = "[ \t\r\n\u3000\xa0]"
# PDF text puts line breaks (and sometimes a blank line) between a number and its unit.
_GAP = f"{_BLANK}{{0,6}}"

_MONEY_UNITS = ("元", "美元", "港元", "欧元")
_MAGNITUDES = ("万亿", "千万", "百万", "万", "亿", "千")

# Units that never start another word, so they need no look at the next character.
_COMPOUND_UNITS = """
    人次 人天 人日 人月 人份 户次 个次 家次 场次 批次 台次 车次 架次 班次 节次 篇次 册次 所次 项次 例次
    期次 宗次 间次 剂次 站次 站年 头份 床日 课时 学时 学分 学年 学期 工作日 个工作日 个月 个季度 个学期 个星期 个小时 小时
    分钟 星期 平方公里 平方千米 平方米 平米 立方米 公顷 公里 千米 厘米 毫米 千克 公斤 千瓦时 千瓦 兆瓦
    ㎡ ㎥ ㎞ ㎏ m² m³ m2 m3 km² km kg kWh kW MW GB TB
    微克/立方米 毫克/立方米 毫克/升 毫克/千克 微克 毫克 分贝 立方米/秒 μg/m³ mg/m³ mg/L
""".split()

# Single-character measure words, each with the characters that, written right after it, show
# that it starts another word instead (`5 分别`, `3 所有`, `2 本部门`).
_MEASURE_WORDS: dict[str, str] = {
    "个": "性体别案税", "人": "民大社行均口格员才", "名": "单称义录额牌片誉次字", "位": "居于置列",
    "场": "所地馆景合面域部站", "次": "年日月要序", "家": "属长乡居具电庭", "户": "口籍外",
    "项": "目", "期": "间末初中限望待刊货满", "篇": "章幅", "棵": "", "株": "洲", "台": "账阶风湾",
    "件": "", "所": "有属在得需以谓述示长致处", "座": "谈位椅", "条": "件例款理形", "宗": "旨教",
    "起": "点草步初源止", "笔": "记试者墨录画", "种": "植子类养苗粮业质猪地树草", "款": "项式物额",
    "批": "复准示评判发", "类": "别型似", "支": "出持付部撑援配取", "套": "餐",
    "本": "部单级年次项市地人着身来期院校届科质职会息金钱底土区县省镇村行系领能案",
    "册": "", "份": "额", "块": "", "间": "隔接断歇", "辆": "", "亩": "", "吨": "", "米": "粮",
    "天": "然津河气空地下", "床": "", "张": "", "头": "号等部脑", "只": "有是要能需在会",
    "例": "如外行会子", "班": "子长", "门": "诊户口槛店票类前", "节": "日约能点假庆目水奏电俭",
    "部": "门室署分队长委属件位落际", "处": "理室长于置罚分", "栋": "", "幢": "", "盏": "",
    "艘": "", "架": "", "趟": "", "幅": "", "首": "页位次届都批先长个", "轮": "", "卷": "",
    "箱": "", "袋": "", "瓶": "", "盒": "", "枚": "", "斤": "", "克": "服", "组": "织成建长委员合",
    "集": "体团中合市", "剂": "量型", "羽": "毛", "尾": "声款部", "颗": "粒", "届": "时满中", "层": "级次面",
    "片": "区面刻", "包": "括含装干", "双": "方向重", "副": "主书县市局处科院校部总", "单": "位独元项据身",
    "字": "数号体符母样典画幕迹段", "页": "面码数脚眉", "具": "体有备", "讲": "话座解授述究师堂评",
}
# Measure words that are also common word starts: a little less sure.
_WEAK_WORDS = frozenset("本支所门节部处组集首头只克类期间条座台班届层片包双副单")

# Units whose number may be a date, a clock time or an age: checked one by one below.
_TIME_WORDS: dict[str, str] = {
    "年": "度级代初底末中份轻龄终会鉴",
    "月": "份底初末中",
    "日": "常益趋前后报记均",
    "周": "年末边期围转",
    "分": "别之成类配析布享管批期摊解档组级工局会队部行公支散流化红拨钟秒值项数段头区院校店厂站所钱",
    "岁": "",
    "周岁": "",
}

_SCHOOL_YEARS = ("年", "学年", "学期")  # with a 4-digit number these name a calendar year

_STRONG, _WEAK, _TIME, _GUESS = 0.9, 0.75, 0.7, 0.5

_COUNT_UNITS = (*_COMPOUND_UNITS, *_MEASURE_WORDS, *_TIME_WORDS)
_UNIT_AFTER_NUMBER = _COUNT_UNITS + _MONEY_UNITS
_NEXT_WORD_STARTS = {**_MEASURE_WORDS, **_TIME_WORDS, "元": "旦宵素"}


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


# Between full-width digits a full-width comma followed by three of them groups thousands (`１，２８６．５`);
# elsewhere "，" is the clause comma.
_WIDE_GROUP = "(?<=[０-９])，(?=[０-９]{3}(?![０-９]))"
_NUMBER_RUN = re.compile(rf"[{_DIGIT}](?:[{_DIGIT}]|[.．,](?=[{_DIGIT}])|{_WIDE_GROUP})*")
_WELL_FORMED_NUMBER = re.compile(
    rf"(?:[{_DIGIT}]{{1,3}}(?:,[{_DIGIT}]{{3}})+|[０-９]{{1,3}}(?:，[０-９]{{3}})+|[{_DIGIT}]+)(?:[.．][{_DIGIT}]+)?"
)
_NUMBER = _WELL_FORMED_NUMBER.pattern
_HALF_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")

_RATIO_TAIL = re.compile(rf"{_GAP}[%％‰]")
# Percentage points are a difference of two ratios: a COUNT in 个百分点, never a RATIO.
_PERCENTAGE_POINTS_TAIL = re.compile(rf"{_GAP}(?:个{_GAP})?百分点")
_UNIT_TAIL = re.compile(
    rf"{_GAP}[多余]?{_GAP}(?P<magnitude>{_alternation(_MAGNITUDES)})?{_GAP}[多余]?{_GAP}"
    rf"(?P<unit>{_alternation(_UNIT_AFTER_NUMBER)})"
)
_MAGNITUDE_TAIL = re.compile(rf"{_GAP}[多余]?{_GAP}(?:万亿|千万|百万|万|亿)(?:{_GAP}[多余](?![多余]))?")
_PER_PERSON_TAIL = re.compile(rf"{_GAP}[/／](?:人|生|户|次|月|年)")
_PER_UNIT = re.compile(
    rf"[/／](?:学生|生|{_alternation(_COUNT_UNITS)})(?:[/／·](?:学生|生|{_alternation(_COUNT_UNITS)}))*"
)
_ALTERNATIVE_UNIT = re.compile(
    rf"[（(](?:{_alternation(_COUNT_UNITS)})(?:[、,，/](?:{_alternation(_COUNT_UNITS)}))*[)）]"
)
_RATIO_WORDS = re.compile(
    rf"[百千]分之(?:{_NUMBER}|[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
)

_ORDINAL_BEFORE = re.compile(rf"第{_GAP}$")
_CALENDAR_YEAR_BEFORE = re.compile(rf"[{_DIGIT}]{_GAP}年{_GAP}$")
_MONTH_BEFORE = re.compile(rf"[{_DIGIT}]{_GAP}月{_GAP}$")
_DAY_AFTER = re.compile(rf"{_GAP}[{_DIGIT}]{{1,2}}{_GAP}[日号]")
_MONTH_AFTER = re.compile(rf"{_GAP}[{_DIGIT}]{{1,2}}{_GAP}月")
_CLOCK_BEFORE = re.compile(rf"[{_DIGIT}]{_GAP}[时点:：]{_GAP}$")
_DURATION_CUES = ("为期", "历时", "历经", "耗时", "用时", "持续", "累计", "长达", "期限", "周期", "工期", "时长", "连续")
_WITHIN = re.compile(rf"{_GAP}(?:以内|之内|内)")  # `5 日内`: a time limit, so a duration
_AGE_CUE = "年龄"
# One dash only: a doubled dash (——) is the Chinese 破折号 between two separate statements.
_RANGE_LINK = re.compile(rf"^{_GAP}[-－—–~～〜至]{_GAP}$")
_LEFT_BOUND = re.compile(rf"(?<![{_DIGIT}.．,—])(?P<number>{_NUMBER}){_GAP}[-－—–~～〜至]{_GAP}$")
_NOT_UNIT = re.compile(rf"{_NUMBER}|{_BLANK}")

_CLAUSE_END = "，,。；;！!？?"
_SENTENCE_END = "。；;！!？?"
_MONEY_WORDS = re.compile(
    "预算|资金|经费|金额|执行数|决算|支出|收入|拨款|拨付|补助|补贴|投入|投资|费用|成本|资产|产值|收益|工资|"
    "薪酬|奖金|慰问金|帮扶金|救助金|津贴|销售额|营业额|利润|总额|余额|结余|结转|造价|价值|税|款"
)
_MONEY_AFTER = re.compile(rf"{_GAP}(?:的)?(?:资金|经费|投资|拨款|补助|补贴)")
_SIBLING_AMOUNT = re.compile(rf"[{_DIGIT}]{_GAP}[多余]?{_GAP}(?:万|亿){_GAP}[多余]?{_GAP}元")
_COUNTED_WORDS = re.compile("人|职工|群众|会员|学生|户|次|场|名|家")
_POINTS_AFTER = re.compile(rf"{_GAP}积分")
_POINTS_BEFORE = re.compile(rf"积分{_GAP}[=＝]{_GAP}$")


# --- public API -------------------------------------------------------------------------------


@register("rules")
@dataclass(frozen=True)
class RuleTagger:
    """Finds AMOUNT, COUNT and RATIO spans; `score` is how sure the rule that found each one is."""

    name: str = "rules"

    def __call__(self, text: str) -> list[Span]:
        candidates = _text_values(text) + _ratio_word_values(text) + _table_values(text)
        spans = _without_overlaps(_merge_ranges(text, _with_left_bounds(text, candidates)))
        return [replace(span, source=self.name) for span in spans]


def tag_values(text: str) -> list[Span]:
    """AMOUNT, COUNT and RATIO spans of `text`, sorted and non-overlapping."""
    return RuleTagger()(text)


# --- values written in running text -----------------------------------------------------------


def _text_values(text: str) -> list[Span]:
    spans = []
    for run in _NUMBER_RUN.finditer(text):
        if not _WELL_FORMED_NUMBER.fullmatch(run.group()) or _is_not_a_quantity(text, run.start(), run.end()):
            continue
        span = _value_after_number(text, run.start(), run.end())
        if span is not None and not _unit_on_another_row(text, run.start(), run.end(), span.end):
            spans.append(span)
    return spans


def _is_not_a_quantity(text: str, start: int, end: int) -> bool:
    """Numbers that are names, ordinals, codes, formulas or clock times, whatever follows them."""
    before = text[start - 1] if start else ""
    before2 = text[start - 2] if start > 1 else ""
    after = text[end] if end < len(text) else ""
    after2 = text[end + 1] if end + 1 < len(text) else ""
    return (
        _ORDINAL_BEFORE.search(text, max(0, start - 8), start) is not None
        or (before.isascii() and before.isalpha())
        or "+" in (before, after)
        or (bool(before) and before in "×*＊÷")  # a formula: 实际支出/预算数×100%
        or (bool(before) and before in "-_" and before2.isascii() and before2.isalpha())  # COVID-19
        or (bool(before) and before in "/／" and before2.isdigit())  # 3/5: a fraction
        or (bool(after) and after in ":：" and after2.isdigit())  # 14:30
        or (bool(before) and before in ":：" and before2.isdigit())
        or _inside_title(text, start)
    )


def _inside_title(text: str, start: int) -> bool:
    """Within 《…》: a document title, whose numbers are part of the name."""
    opening = text.rfind("《", max(0, start - 60), start)
    return opening >= 0 and text.find("》", opening, start) < 0


def _unit_on_another_row(text: str, start: int, end: int, span_end: int) -> bool:
    """A 'unit' on a later line belongs to another row when the number is alone on its line (a
    page number of the PDF, a one-cell-per-line table) or ends a `|`-separated table row."""
    if "\n" not in text[end:span_end]:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start:text.find("\n", end)]
    return line.strip() == text[start:end] or bool(_CELL_SEPARATOR.search(line))


def _value_after_number(text: str, start: int, end: int) -> Span | None:
    ratio = _RATIO_TAIL.match(text, end)
    if ratio:
        return _ratio(text, start, ratio.end())
    points = _PERCENTAGE_POINTS_TAIL.match(text, end)
    if points:
        # GUIDELINES decision 11: a percentage-point difference is a COUNT, never a RATIO.
        return _span(text, start, points.end(), "COUNT", _STRONG)
    unit = _UNIT_TAIL.match(text, end)
    if unit and _unit_stands_alone(text, unit.group("unit"), unit.end()):
        return _unit_value(text, start, end, unit)
    magnitude = _MAGNITUDE_TAIL.match(text, end)
    if magnitude:
        return _magnitude_value(text, start, magnitude.end())
    per_person = _PER_PERSON_TAIL.match(text, end)
    if per_person and _money_context(text, start, per_person.end()):
        return _span(text, start, per_person.end(), "AMOUNT", _GUESS)
    return None


def _unit_stands_alone(text: str, unit: str, unit_end: int) -> bool:
    following = text[unit_end] if unit_end < len(text) else ""
    return not following or following not in _NEXT_WORD_STARTS.get(unit, "")


def _ratio(text: str, start: int, end: int) -> Span | None:
    # Glued OCR digits (`202010100%`) give impossible percentages.
    if _number_value(text, start) > 1000:
        return None
    return _span(text, start, end, "RATIO", 0.98)


def _unit_value(text: str, start: int, end: int, match: re.Match) -> Span | None:
    unit = match.group("unit")
    if unit in _MONEY_UNITS:
        if _POINTS_AFTER.match(text, match.end()) or _POINTS_BEFORE.search(text, max(0, start - 10), start):
            return None  # 积分 (points) are not money, even where the text equates them to 元
        return _span(text, start, _per_unit_end(text, match.end()), "AMOUNT", 0.97)
    score = _count_score(text, start, end, unit, match.end(), bool(match.group("magnitude")))
    if score is None:
        return None
    unit_end = match.end()
    alternative = _ALTERNATIVE_UNIT.match(text, unit_end)
    if alternative:
        unit_end = alternative.end()
    return _span(text, start, _per_unit_end(text, unit_end), "COUNT", score)


def _per_unit_end(text: str, end: int) -> int:
    per = _PER_UNIT.match(text, end)
    return per.end() if per else end


def _count_score(
    text: str, start: int, end: int, unit: str, unit_end: int, has_magnitude: bool
) -> float | None:
    """How sure a number + `unit` is a count; None where it is a date, a clock time or an age."""
    if unit in _SCHOOL_YEARS and _is_calendar_year(text, start, end):
        return None  # 2024-2025 学年
    if unit in _COMPOUND_UNITS:
        return _STRONG
    if unit in _MEASURE_WORDS:
        return _WEAK if unit in _WEAK_WORDS else _STRONG
    if has_magnitude:
        return _TIME if unit not in ("岁", "周岁") else None
    value = _number_value(text, start)
    if unit == "年":
        return None if _MONTH_AFTER.match(text, unit_end) else _TIME  # 2021 年 is caught above
    if unit == "月":
        return _month_duration_score(text, start, unit_end, value)
    if unit == "日":
        return _day_duration_score(text, start, unit_end, value)
    if unit == "周":
        return _STRONG
    if unit == "分":
        return None if _CLOCK_BEFORE.search(text, max(0, start - 10), start) else _STRONG
    return _age_score(text, start)


def _is_calendar_year(text: str, start: int, end: int) -> bool:
    digits = text[start:end].translate(_HALF_WIDTH_DIGITS)
    return digits.isdigit() and len(digits) == 4


def _month_duration_score(text: str, start: int, unit_end: int, value: float) -> float | None:
    if _CALENDAR_YEAR_BEFORE.search(text, max(0, start - 12), start) or _DAY_AFTER.match(text, unit_end):
        return None
    return _TIME if value > 12 or _is_duration(text, start, unit_end) else None


def _day_duration_score(text: str, start: int, unit_end: int, value: float) -> float | None:
    if _MONTH_BEFORE.search(text, max(0, start - 10), start):
        return None
    return _TIME if value > 31 or _is_duration(text, start, unit_end) else None


def _age_score(text: str, start: int) -> float | None:
    """An age range stated as a target (`年龄 20—45周岁`) counts; an age naming a group does not."""
    clause = _clause_before(text, start, 14)
    return _TIME if _AGE_CUE in clause else None


def _is_duration(text: str, start: int, unit_end: int) -> bool:
    """`为期 3 月`, `历时 2 日`, `5 日内`: a span of time rather than a date."""
    before = re.sub(_BLANK, "", text[max(0, start - 8):start])
    cued = any(before.endswith(cue) or before[:-1].endswith(cue) for cue in _DURATION_CUES)
    return cued or bool(_WITHIN.match(text, unit_end))


def _magnitude_value(text: str, start: int, end: int) -> Span:
    """`35,408.62 万`: money where the context says so, else a count of a noun (`29 万会员`)."""
    if _money_context(text, start, end):
        return _span(text, start, end, "AMOUNT", 0.6)
    return _span(text, start, end, "COUNT", _GUESS)


def _money_context(text: str, start: int, end: int) -> bool:
    clause = _clause_before(text, start, 40)
    if _MONEY_WORDS.search(clause) or _MONEY_AFTER.match(text, end):
        return True
    sentence = _sentence_around(text, start, end)
    return bool(_SIBLING_AMOUNT.search(sentence)) and not _COUNTED_WORDS.search(clause)


def _clause_before(text: str, start: int, limit: int) -> str:
    window = text[max(0, start - limit):start]
    cut = max(window.rfind(mark) for mark in _CLAUSE_END)
    return window[cut + 1:]


def _sentence_around(text: str, start: int, end: int, limit: int = 200) -> str:
    window_start = max(0, start - limit)
    cut = max(text.rfind(mark, window_start, start) for mark in _SENTENCE_END)
    sentence_start = max(window_start, cut + 1)
    ends = [index for index in (text.find(mark, end, end + limit) for mark in _SENTENCE_END) if index >= 0]
    return text[sentence_start:start] + text[end:min(ends, default=min(len(text), end + limit))]


def _number_value(text: str, start: int) -> float:
    run = _WELL_FORMED_NUMBER.match(text, start).group()
    return float(run.translate(_HALF_WIDTH_DIGITS).replace(",", "").replace("，", ""))


def _span(text: str, start: int, end: int, label: str, score: float, unit_hint: str | None = None) -> Span:
    return Span(start, end, label, text[start:end], score=score, source="rules", unit_hint=unit_hint)


def _ratio_word_values(text: str) -> list[Span]:
    """`百分之九十`, `千分之五`; `百分之百的…` is an idiom (wholehearted), not a figure."""
    spans = []
    for match in _RATIO_WORDS.finditer(text):
        if match.group().endswith("百分之百") and text[match.end():match.end() + 1] == "的":
            continue
        spans.append(_span(text, match.start(), match.end(), "RATIO", 0.9))
    return spans


# --- ranges -----------------------------------------------------------------------------------


def _with_left_bounds(text: str, spans: list[Span]) -> list[Span]:
    """`10-20 万元`, `20—45周岁`: a bare number joined to a value by a dash is its lower bound."""
    extended = []
    for span in spans:
        left = None
        if span.unit_hint is None and span.text[0].isdigit():
            left = _LEFT_BOUND.search(text, max(0, span.start - 30), span.start)
        if left is None:
            extended.append(span)
        elif not _is_not_a_quantity(text, left.start(), left.end("number")):
            extended.append(_span(text, left.start(), span.end, span.label, span.score))
        # else a range of ordinals or codes (`第 1-5 名`): neither bound is a quantity
    return extended


def _merge_ranges(text: str, spans: list[Span]) -> list[Span]:
    """`10 万元至 20 万元`: two values of one label joined by 至 or a dash are one range span."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.label == span.label
            and previous.end <= span.start
            and previous.unit_hint is None
            and span.unit_hint is None
            and _RANGE_LINK.match(text[previous.end:span.start])
            and _NOT_UNIT.sub("", previous.text) == _NOT_UNIT.sub("", span.text)
        ):
            merged[-1] = _span(text, previous.start, span.end, span.label, min(previous.score, span.score))
            continue
        merged.append(span)
    return merged


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """Text order; of two overlapping candidates the longer one, then the surer one, stays."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if kept and span.start < kept[-1].end:
            # `span` starts inside the last kept one, so it cannot overlap any earlier span.
            if (span.end - span.start, span.score) > (kept[-1].end - kept[-1].start, kept[-1].score):
                kept[-1] = span
            continue
        kept.append(span)
    return kept


# --- values in table cells --------------------------------------------------------------------

_TABLE_MONEY = ("万元", "亿元", "千元", "元")
_TABLE_RATIO = ("%", "％", "‰")
# Time units that never name a date or a score; 年/月/日/周/分/岁 cells stay unlabelled.
_TABLE_COUNT = tuple(u for u in _COUNT_UNITS if u not in _TIME_WORDS)
_TABLE_COUNT += tuple(magnitude + unit for magnitude in ("万", "亿") for unit in _TABLE_COUNT)  # 万吨, 万亩, 万人次
_TABLE_UNITS = _alternation(_TABLE_MONEY + _TABLE_RATIO + _TABLE_COUNT)
_HEADER_UNIT = re.compile(rf"[（(]{_BLANK}*(?:单位{_BLANK}*[:：]{_BLANK}*)?(?P<unit>{_TABLE_UNITS}){_BLANK}*[)）]")
# A unit cell: a unit, or money per something (`元/吨`, `万元/公里`).
_WHOLE_UNIT = re.compile(rf"(?:{_TABLE_UNITS})|(?:{_alternation(_TABLE_MONEY)})[/／][^/／\s]{{1,4}}")
# Scores are never labelled in tables; the other headers name a column of codes or dates.
_UNLABELLED_HEADER = re.compile("分值|得分|评分|权重|满分|分数|^(?:序号|编号|年度|年份|代码|排名|名次|日期|时间|页码)$")
_UNIT_COLUMN = re.compile("度量单位|计量单位|^单位$")
_PEOPLE_HEADER = re.compile("人数|人次")
_SHARE_HEADER = re.compile("率|比|占|%|％|均")
_BARE_CELL = re.compile(rf"^(?:[≥≤＞＜><=≧≦]{_BLANK}*)?(?P<number>-?{_NUMBER})$")
_CELL_SEPARATOR = re.compile("[|｜\t]")
_RULE_CELL = re.compile(r"^:?-{2,}:?$")
_SENTENCE_MARK = re.compile("[。，,；;！!？?：:、]")
_INLINE_HEADER_ROW = re.compile(
    rf"^(?P<head>[^\n。，；！？]{{1,30}}?[（(][^（()）]{{1,8}}[)）])(?P<cells>(?:[ \t\u3000]+{_NUMBER})+)$"
)


@dataclass(frozen=True)
class _Cell:
    start: int
    end: int
    text: str


def _table_values(text: str) -> list[Span]:
    lines = _lines(text)
    return (
        _separated_table_values(text, lines) + _line_run_values(text, lines) + _inline_header_values(text, lines)
    )


def _lines(text: str) -> list[_Cell]:
    """Every line of `text` with its offsets, surrounding blanks trimmed."""
    cells, start = [], 0
    for line in text.split("\n"):
        cells.append(_trimmed(text, start, start + len(line)))
        start += len(line) + 1
    return cells


def _trimmed(text: str, start: int, end: int) -> _Cell:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _Cell(start, end, text[start:end])


def _header_unit(header: str) -> str | None:
    """The unit a header states: `年度预算数（万元）` → 万元, `%` → %, `参训人数` → 人."""
    if _UNLABELLED_HEADER.search(header):
        return None
    if header in _TABLE_RATIO:
        return _half_width(header)
    units = [match.group("unit") for match in _HEADER_UNIT.finditer(header)]
    if units:
        return _half_width(units[-1])
    if _PEOPLE_HEADER.search(header) and not _SHARE_HEADER.search(header):
        return "人次" if "人次" in header else "人"
    return None


def _half_width(unit: str) -> str:
    return "%" if unit == "％" else unit


def _label_of_unit(unit: str) -> str:
    if unit.split("/")[0] in _TABLE_MONEY:
        return "AMOUNT"
    return "RATIO" if unit in _TABLE_RATIO else "COUNT"


def _cell_value(text: str, cell: _Cell, unit: str, score: float) -> Span | None:
    bare = _BARE_CELL.match(cell.text)
    if bare is None:
        return None
    number_start = cell.start + bare.start("number")
    if text[number_start] == "-":
        number_start += 1  # value spans start at the first digit
    number_end = cell.start + bare.end("number")
    return _span(text, number_start, number_end, _label_of_unit(unit), score, unit_hint=unit)


# `|`- or tab-separated rows under a header row.


def _separated_table_values(text: str, lines: list[_Cell]) -> list[Span]:
    spans: list[Span] = []
    block: list[list[_Cell]] = []
    for line in [*lines, _Cell(len(text), len(text), "end")]:
        row = _row_cells(text, line)
        if row is None and line.text:
            spans += _block_values(text, block)
            block = []
        elif row:
            block.append(row)
    return spans


def _row_cells(text: str, line: _Cell) -> list[_Cell] | None:
    """The cells of a separated row; [] for a markdown rule line, None for a line that is no row."""
    if not _CELL_SEPARATOR.search(line.text):
        return None
    cells, start = [], line.start
    for part in _CELL_SEPARATOR.split(line.text):
        cells.append(_trimmed(text, start, start + len(part)))
        start += len(part) + 1
    if cells and not cells[0].text:
        cells = cells[1:]
    if cells and not cells[-1].text:
        cells = cells[:-1]
    if len(cells) < 2:
        return None
    return [] if all(_RULE_CELL.match(cell.text) for cell in cells) else cells


def _block_values(text: str, block: list[list[_Cell]]) -> list[Span]:
    if len(block) < 2:
        return []
    header = [cell.text for cell in block[0]]
    column_units = [_header_unit(name) for name in header]
    unit_column = next((i for i, name in enumerate(header) if _UNIT_COLUMN.search(name)), None)
    spans = []
    for row in block[1:]:
        if len(row) != len(header):
            continue  # merged or split cells: the columns cannot be trusted
        label_index, row_unit = _row_unit(row, unit_column)
        for index, cell in enumerate(row):
            if index == unit_column or _UNLABELLED_HEADER.search(header[index]):
                continue
            unit, score = column_units[index], 0.8
            if unit is None and index > label_index and row_unit is not None:
                unit, score = row_unit, 0.7
            span = _cell_value(text, cell, unit, score) if unit else None
            if span is not None:
                spans.append(span)
    return spans


def _row_unit(row: list[_Cell], unit_column: int | None) -> tuple[int, str | None]:
    """The unit a row states, and the cell after which it applies: the 度量单位 cell, or the last
    label cell before the row's numbers (`参训人数`, `预算（万元）`, the third-level indicator
    `清运生活垃圾（万吨）` after `产出指标|数量指标`)."""
    if unit_column is not None:
        unit = row[unit_column].text
        return 0, _half_width(unit).replace("／", "/") if _WHOLE_UNIT.fullmatch(unit) else None
    labels = list(itertools.takewhile(lambda cell: not _BARE_CELL.match(cell.text), row))
    for index in range(len(labels) - 1, -1, -1):
        unit = _header_unit(labels[index].text)
        if unit is not None:
            return index, unit
    return 0, None


# One cell per line: header lines, then the numbers of the rows.


def _line_run_values(text: str, lines: list[_Cell]) -> list[Span]:
    cells = [line for line in lines if line.text]
    spans: list[Span] = []
    index = floor = 0
    while index < len(cells):
        if not _is_unit_header(cells[index].text):
            index += 1
            continue
        first = index
        while first > max(floor, index - 8) and _is_plain_header(cells[first - 1].text):
            first -= 1
        last = index + 1
        while last < len(cells) and _continues_header(cells, last):
            last += 1
        found, index = _rows_under(text, cells, first, last)
        spans += found
        floor = index
    return spans


def _continues_header(cells: list[_Cell], index: int) -> bool:
    """A unit header, or a plain one between unit headers: a plain line after the last unit
    header is more likely the first cell of a row (`工会事业专项补助`) than a header."""
    if _is_unit_header(cells[index].text):
        return True
    following = cells[index + 1].text if index + 1 < len(cells) else ""
    return _is_plain_header(cells[index].text) and _is_unit_header(following)


def _is_unit_header(line: str) -> bool:
    return (
        len(line) <= 30
        and not _CELL_SEPARATOR.search(line)
        and not _SENTENCE_MARK.search(line.replace("：", "").replace(":", ""))
        and (line in _TABLE_RATIO or (_HEADER_UNIT.search(line) is not None and line.endswith((")", "）"))))
    )


def _is_plain_header(line: str) -> bool:
    return (
        len(line) <= 10
        and not _CELL_SEPARATOR.search(line)
        and not any(char.isdigit() for char in line)
        and not _SENTENCE_MARK.search(line)
        and not _HEADER_UNIT.search(line)
    )


def _rows_under(text: str, cells: list[_Cell], first: int, last: int) -> tuple[list[Span], int]:
    """Values of the rows after header lines `first..last`; the index where the table ends."""
    headers = [cell.text for cell in cells[first:last]]
    units = [_header_unit(header) if _is_unit_header(header) else None for header in headers]
    if not any(units):
        return [], last  # only score headers (`得分（分）`): nothing to label
    width = len(headers)
    score = 0.65 if width == 1 else 0.6
    spans: list[Span] = []
    position = last
    while position + width <= len(cells):
        row = cells[position:position + width]
        values = [_cell_value(text, cell, unit, score) if unit else None for cell, unit in zip(row, units)]
        row_fits = all(
            (value is not None) if unit else _is_text_cell(cell.text)
            for cell, unit, value in zip(row, units, values)
        )
        if not row_fits:
            break
        spans += [value for value in values if value is not None]
        position += width
    return spans, position


def _is_text_cell(cell: str) -> bool:
    return (
        len(cell) <= 30 and "。" not in cell and not _is_unit_header(cell) and not _CELL_SEPARATOR.search(cell)
    )


# A label with its unit and the number(s) on the same line: `预算总额（万元）  238.93`.


def _inline_header_values(text: str, lines: list[_Cell]) -> list[Span]:
    spans = []
    for line in lines:
        match = _INLINE_HEADER_ROW.match(line.text)
        if match is None or _CELL_SEPARATOR.search(line.text):
            continue
        unit = _header_unit(match.group("head"))
        if unit is None:
            continue
        offset = line.start + match.start("cells")
        for number in _WELL_FORMED_NUMBER.finditer(match.group("cells")):
            cell = _Cell(offset + number.start(), offset + number.end(), number.group())
            spans.append(_cell_value(text, cell, unit, 0.7))
    return spans
