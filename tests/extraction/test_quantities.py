"""Parsing value spans into numbers: real snippets of the corpus, then round-trip properties."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from extraction.errors import QuantityError
from extraction.quantities import Quantity, parse

# text, label, unit_hint -> number, unit, written_number, magnitude, approximate, low, high, per
PARSED = [
    # AMOUNT
    ("1,057.63 万元", "AMOUNT", None, 10576300.0, "元", 1057.63, 1e4, False, None, None, None),
    ("1318.10万元", "AMOUNT", None, 13181000.0, "元", 1318.1, 1e4, False, None, None, None),
    ("4.48 万余元", "AMOUNT", None, 44800.0, "元", 4.48, 1e4, True, None, None, None),
    ("50 多万元", "AMOUNT", None, 500000.0, "元", 50.0, 1e4, True, None, None, None),
    ("１２３．５万元", "AMOUNT", None, 1235000.0, "元", 123.5, 1e4, False, None, None, None),
    ("１，０００元", "AMOUNT", None, 1000.0, "元", 1000.0, 1.0, False, None, None, None),
    ("10-20万元", "AMOUNT", None, 100000.0, "元", 10.0, 1e4, False, 100000.0, 200000.0, None),
    ("10～20万元", "AMOUNT", None, 100000.0, "元", 10.0, 1e4, False, 100000.0, 200000.0, None),
    ("10 万元至 20 万元", "AMOUNT", None, 100000.0, "元", 10.0, 1e4, False, 100000.0, 200000.0, None),
    ("5000元-2万元", "AMOUNT", None, 5000.0, "元", 5000.0, 1.0, False, 5000.0, 20000.0, None),
    ("1.2 万元/生", "AMOUNT", None, 12000.0, "元/生", 1.2, 1e4, False, None, None, "生"),
    ("1.35 万元/生", "AMOUNT", None, 13500.0, "元/生", 1.35, 1e4, False, None, None, "生"),
    ("100元/人·年", "AMOUNT", None, 100.0, "元/人·年", 100.0, 1.0, False, None, None, "人·年"),
    ("100 元/人", "AMOUNT", None, 100.0, "元/人", 100.0, 1.0, False, None, None, "人"),
    ("200/人", "AMOUNT", None, 200.0, "元/人", 200.0, 1.0, False, None, None, "人"),
    # environmental measures (an environment bureau's report)
    ("24微克/立方米", "COUNT", None, 24.0, "微克/立方米", 24.0, 1.0, False, None, None, "立方米"),
    ("45μg/m³", "COUNT", None, 45.0, "微克/立方米", 45.0, 1.0, False, None, None, "立方米"),
    ("30mg/L", "COUNT", None, 30.0, "毫克/升", 30.0, 1.0, False, None, None, "升"),
    ("54.2分贝", "COUNT", None, 54.2, "分贝", 54.2, 1.0, False, None, None, None),
    ("12.5立方米/秒", "COUNT", None, 12.5, "立方米/秒", 12.5, 1.0, False, None, None, "秒"),
    # GUIDELINES decision 11: percentage points are a COUNT, kept as written
    ("2.1 个百分点", "COUNT", None, 2.1, "个百分点", 2.1, 1.0, False, None, None, None),
    ("3.50万", "AMOUNT", None, 35000.0, "元", 3.5, 1e4, False, None, None, None),
    ("35,408.62 万", "AMOUNT", None, 354086200.0, "元", 35408.62, 1e4, False, None, None, None),
    ("275.178万元", "AMOUNT", None, 2751780.0, "元", 275.178, 1e4, False, None, None, None),
    ("936.246 万元", "AMOUNT", None, 9362460.0, "元", 936.246, 1e4, False, None, None, None),
    ("0 万元", "AMOUNT", None, 0.0, "元", 0.0, 1e4, False, None, None, None),
    ("0.5亿元", "AMOUNT", None, 50000000.0, "元", 0.5, 1e8, False, None, None, None),
    ("12.5千元", "AMOUNT", None, 12500.0, "元", 12.5, 1e3, False, None, None, None),
    ("1001.08\n万元", "AMOUNT", None, 10010800.0, "元", 1001.08, 1e4, False, None, None, None),
    ("491.80 万\n\n元", "AMOUNT", None, 4918000.0, "元", 491.8, 1e4, False, None, None, None),
    ("约 170 万元", "AMOUNT", None, 1700000.0, "元", 170.0, 1e4, True, None, None, None),
    ("238.93", "AMOUNT", "万元", 2389300.0, "元", 238.93, 1e4, False, None, None, None),
    ("238.93", "AMOUNT", "（万元）", 2389300.0, "元", 238.93, 1e4, False, None, None, None),
    ("3000", "AMOUNT", "元", 3000.0, "元", 3000.0, 1.0, False, None, None, None),
    ("30万元", "AMOUNT", "元", 300000.0, "元", 30.0, 1e4, False, None, None, None),  # the text's unit wins
    # COUNT
    ("50 多个", "COUNT", None, 50.0, "个", 50.0, 1.0, True, None, None, None),
    ("2 万名", "COUNT", None, 20000.0, "名", 2.0, 1e4, False, None, None, None),
    ("6 万人次", "COUNT", None, 60000.0, "人次", 6.0, 1e4, False, None, None, None),
    ("250 多场次", "COUNT", None, 250.0, "场次", 250.0, 1.0, True, None, None, None),
    ("1000㎡", "COUNT", None, 1000.0, "平方米", 1000.0, 1.0, False, None, None, None),
    ("120套(间)", "COUNT", None, 120.0, "套(间)", 120.0, 1.0, False, None, None, None),
    ("500卷(册、件)", "COUNT", None, 500.0, "卷(册、件)", 500.0, 1.0, False, None, None, None),
    ("300 余场（次）", "COUNT", None, 300.0, "场(次)", 300.0, 1.0, True, None, None, None),
    ("4 万人（次）", "COUNT", None, 40000.0, "人(次)", 4.0, 1e4, False, None, None, None),
    ("96 分", "COUNT", None, 96.0, "分", 96.0, 1.0, False, None, None, None),
    ("93.53分", "COUNT", None, 93.53, "分", 93.53, 1.0, False, None, None, None),
    ("12 个月", "COUNT", None, 12.0, "个月", 12.0, 1.0, False, None, None, None),
    ("20—45周岁", "COUNT", None, 20.0, "周岁", 20.0, 1.0, False, 20.0, 45.0, None),
    ("2.309万件", "COUNT", None, 23090.0, "件", 2.309, 1e4, False, None, None, None),
    ("21.3 万人", "COUNT", None, 213000.0, "人", 21.3, 1e4, False, None, None, None),
    ("800 多名", "COUNT", None, 800.0, "名", 800.0, 1.0, True, None, None, None),
    ("30 余项", "COUNT", None, 30.0, "项", 30.0, 1.0, True, None, None, None),
    ("15 多个", "COUNT", None, 15.0, "个", 15.0, 1.0, True, None, None, None),
    ("395节次", "COUNT", None, 395.0, "节次", 395.0, 1.0, False, None, None, None),
    ("近800棵", "COUNT", None, 800.0, "棵", 800.0, 1.0, True, None, None, None),
    ("5千克", "COUNT", None, 5.0, "千克", 5.0, 1.0, False, None, None, None),  # a unit, not 千 × 克
    ("2 次/年", "COUNT", None, 2.0, "次/年", 2.0, 1.0, False, None, None, "年"),
    ("30", "COUNT", "人", 30.0, "人", 30.0, 1.0, False, None, None, None),
    ("30", "COUNT", "（个）", 30.0, "个", 30.0, 1.0, False, None, None, None),
    ("29 万", "COUNT", None, 290000.0, "", 29.0, 1e4, False, None, None, None),
    # RATIO
    ("98.6%", "RATIO", None, 0.986, "ratio", 98.6, 0.01, False, None, None, None),
    ("100.00%", "RATIO", None, 1.0, "ratio", 100.0, 0.01, False, None, None, None),
    ("0%", "RATIO", None, 0.0, "ratio", 0.0, 0.01, False, None, None, None),
    ("75.95％", "RATIO", None, 0.7595, "ratio", 75.95, 0.01, False, None, None, None),
    ("3‰", "RATIO", None, 0.003, "ratio", 3.0, 0.001, False, None, None, None),
    ("百分之九十", "RATIO", None, 0.9, "ratio", 90.0, 0.01, False, None, None, None),
    ("百分之九十五点五", "RATIO", None, 0.955, "ratio", 95.5, 0.01, False, None, None, None),
    ("百分之10", "RATIO", None, 0.1, "ratio", 10.0, 0.01, False, None, None, None),
    ("百分之百", "RATIO", None, 1.0, "ratio", 100.0, 0.01, False, None, None, None),
    ("百分之一百零五", "RATIO", None, 1.05, "ratio", 105.0, 0.01, False, None, None, None),
    ("90%-95%", "RATIO", None, 0.9, "ratio", 90.0, 0.01, False, 0.9, 0.95, None),
    ("95%以上", "RATIO", None, 0.95, "ratio", 95.0, 0.01, True, None, None, None),
    ("≥90%", "RATIO", None, 0.9, "ratio", 90.0, 0.01, True, None, None, None),
    ("95", "RATIO", "%", 0.95, "ratio", 95.0, 0.01, False, None, None, None),
]


@pytest.mark.parametrize(
    "text, label, unit_hint, number, unit, written, magnitude, approximate, low, high, per", PARSED
)
def test_parse(text, label, unit_hint, number, unit, written, magnitude, approximate, low, high, per):
    assert parse(text, label, unit_hint=unit_hint) == Quantity(
        text, label, number, unit, written, magnitude, approximate, low, high, per
    )


REFUSED = [
    ("", "AMOUNT", None, "empty text"),
    ("  \n ", "AMOUNT", None, "empty text"),
    ("abc", "AMOUNT", None, "no Arabic-digit number"),
    ("万元", "AMOUNT", None, "no Arabic-digit number"),
    ("两个", "COUNT", None, "no Arabic-digit number"),
    ("1.2.3万元", "AMOUNT", None, "more than one decimal point"),
    ("1,05,7元", "AMOUNT", None, "bad thousands grouping"),
    ("1000,000元", "AMOUNT", None, "bad thousands grouping"),
    ("30.万元", "AMOUNT", None, "ends with '.'"),
    ("95", "RATIO", None, "RATIO needs %"),
    ("3个百分点", "RATIO", None, "a RATIO needs %"),
    ("30 万元", "COUNT", None, "money unit in a COUNT"),
    ("75.95%", "AMOUNT", None, "percentage cannot be a AMOUNT"),
    ("21 人", "AMOUNT", None, "'人' is not a money unit"),
    ("30 万元", "DATE", None, "label 'DATE' is not one of"),
    ("238.93", "AMOUNT", None, "no money unit and no unit_hint"),
    ("3.50万", "AMOUNT", "万元", "both the text and the unit_hint give a magnitude"),
    ("30", "COUNT", "万元", "money unit in a COUNT"),
    ("30", "AMOUNT", "度量单位", "unit_hint '度量单位' is not a unit"),
    ("30", "COUNT", "多", "unit_hint '多' is not a unit"),
    ("100美元", "AMOUNT", None, "foreign currency"),
    ("10 01万元", "AMOUNT", None, "whitespace inside the number"),
    ("-5%", "RATIO", None, "a sign before the number"),
    ("20-10万元", "AMOUNT", None, "reversed"),
    ("10万元-20", "AMOUNT", None, "second number of the range has no unit"),
    ("10个-20名", "COUNT", None, "different units"),
    ("2025.07.08", "COUNT", None, "more than one decimal point"),
    ("2022-5-12", "COUNT", None, "more than two numbers"),
    ("2021 年", "COUNT", None, "calendar year"),
    ("12 月 31 日", "COUNT", None, "unexpected '月31日'"),
    ("12 月", "COUNT", None, "unexpected '月'"),
    ("100元/之", "AMOUNT", None, "'/' not followed by a known unit"),
    ("第 5", "COUNT", None, "unexpected '第' before the number"),
    ("1+6+3", "COUNT", None, "unexpected '+6+3'"),
    ("7 个部室", "COUNT", None, "unexpected '部室'"),
    ("0事故", "COUNT", None, "unexpected '事故'"),
    ("5万%", "RATIO", None, "magnitude before '%'"),
    ("百分之一百五", "RATIO", None, "ambiguous Chinese numeral"),
    ("百分之九九", "RATIO", None, "two Chinese digits in a row"),
    ("百分之", "RATIO", None, "no number after 百分之"),
]


@pytest.mark.parametrize("text, label, unit_hint, reason", REFUSED)
def test_refused(text, label, unit_hint, reason):
    with pytest.raises(QuantityError) as raised:
        parse(text, label, unit_hint=unit_hint)
    assert reason in raised.value.reason
    assert raised.value.text == text


def test_decimal_arithmetic_is_exact():
    # float arithmetic gives 10576299.999999998 here
    assert 1057.63 * 10000 != 10576300.0
    assert parse("1,057.63万元", "AMOUNT").number == 10576300.0


# --- properties -------------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
_AMOUNT_MAGNITUDES = {"": Decimal(1), "千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(10) ** 8}
_COUNT_MAGNITUDES = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(10) ** 8}
# measure words that no magnitude word can swallow (千 + 米 would read as the unit 千米)
_COUNT_UNITS = ["个", "名", "人", "人次", "场次", "项", "家", "户", "件", "平方米", "个月", "分", "套"]
_GAPS = st.sampled_from(["", " ", "\n", " \n\n"])


@st.composite
def written_numbers(draw) -> tuple[str, Decimal]:
    """A number as reports write it, and its exact value."""
    integer = draw(st.integers(min_value=0, max_value=10**9))
    places = draw(st.integers(min_value=0, max_value=2))
    fraction = "".join(str(draw(st.integers(0, 9))) for _ in range(places))
    integer_text = f"{integer:,}" if draw(st.booleans()) else str(integer)
    plain = f"{integer}.{fraction}" if places else str(integer)
    text = f"{integer_text}.{fraction}" if places else integer_text
    if draw(st.booleans()):
        text = text.translate(_FULL_WIDTH)
    return text, Decimal(plain)


@st.composite
def amounts(draw) -> tuple[str, Decimal, Decimal, bool]:
    number_text, written = draw(written_numbers())
    magnitude_word = draw(st.sampled_from(sorted(_AMOUNT_MAGNITUDES)))
    approximator = draw(st.sampled_from(["", "多", "余"]))
    before_magnitude = draw(st.booleans()) and magnitude_word
    middle = approximator + magnitude_word if before_magnitude else magnitude_word + approximator
    # 元 may only be dropped after 万 / 亿 (`3.50万`): a bare number is refused
    currency = draw(st.sampled_from(["元", ""])) if magnitude_word in ("万", "亿") else "元"
    text = number_text + draw(_GAPS) + middle + draw(_GAPS) + currency
    return text, written, _AMOUNT_MAGNITUDES[magnitude_word], bool(approximator)


@given(amounts())
def test_amount_round_trip(case):
    text, written, magnitude, approximate = case
    quantity = parse(text, "AMOUNT")
    assert quantity.number == float(written * magnitude)
    assert quantity.written_number == float(written)
    assert quantity.magnitude == float(magnitude)
    assert quantity.unit == "元"
    assert quantity.approximate is approximate
    assert quantity.low is None and quantity.high is None and quantity.per is None


@given(written_numbers(), st.sampled_from(sorted(_COUNT_MAGNITUDES)), st.sampled_from(_COUNT_UNITS),
       st.sampled_from(["", "多", "余"]), _GAPS)
def test_count_round_trip(number, magnitude_word, unit, approximator, gap):
    number_text, written = number
    quantity = parse(f"{number_text}{gap}{approximator}{magnitude_word}{unit}", "COUNT")
    assert quantity.number == float(written * _COUNT_MAGNITUDES[magnitude_word])
    assert quantity.written_number == float(written)
    assert quantity.unit == unit
    assert quantity.approximate is bool(approximator)


@given(written_numbers(), st.sampled_from(["%", "％", "‰"]), st.sampled_from(["", "左右", "以上"]), _GAPS)
def test_ratio_round_trip(number, sign, trail, gap):
    number_text, written = number
    quantity = parse(f"{number_text}{gap}{sign}{trail}", "RATIO")
    magnitude = Decimal("0.001") if sign == "‰" else Decimal("0.01")
    assert quantity.number == float(written * magnitude)
    assert quantity.magnitude == float(magnitude)
    assert quantity.unit == "ratio"
    assert quantity.approximate is bool(trail)


@given(written_numbers(), written_numbers(), st.sampled_from(["-", "～", "—", "至"]))
def test_range_bounds(first, second, separator):
    (low_text, low), (high_text, high) = sorted([first, second], key=lambda case: case[1])
    quantity = parse(f"{low_text}{separator}{high_text}万元", "AMOUNT")
    assert (quantity.low, quantity.high) == (float(low * 10_000), float(high * 10_000))
    assert quantity.number == quantity.low


_DIGITS = set("0123456789０１２３４５６７８９")
_NEAR_MISSES = list("万元亿千百十九五点零%％‰多余约近个人名.,，．-~至/()（）分之 \n") + ["百分之", "万元", "㎡"]


@given(
    st.lists(st.sampled_from(_NEAR_MISSES) | st.characters(), max_size=12).map("".join),
    st.sampled_from(["AMOUNT", "COUNT", "RATIO"]),
    st.sampled_from([None, "万元", "人", "%"]),
)
def test_no_number_without_a_digit(text, label, unit_hint):
    assume(not _DIGITS & set(text))
    assume(not {"分", "之"} <= set(text))  # 百分之九十 is the one digit-free figure
    with pytest.raises(QuantityError):
        parse(text, label, unit_hint=unit_hint)
