"""Code point ↔ UTF-16 offsets: hand-counted cases, then every offset of arbitrary texts."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.studio.offsets import OffsetError, OffsetMap

# (text, code point offset, UTF-16 offset), counted by hand: 𠮷 and emoji are two UTF-16 units each.
CASES = [
    ("预算资金100万元", 4, 4),
    ("𠮷林省", 0, 0),
    ("𠮷林省", 1, 2),
    ("𠮷林省", 3, 4),
    ("受益群众😀3000人", 5, 6),
    ("受益群众😀3000人", 10, 11),
    ("𠮷😀a", 2, 4),
    ("👨\u200d👩\u200d👧家庭3户", 5, 8),
    ("第一行\r\n第二行", 5, 5),
    ("第一行\r\n😀行", 6, 7),
    ("", 0, 0),
]


@pytest.mark.parametrize("text, code_point, unit", CASES)
def test_offsets_convert_both_ways(text, code_point, unit):
    offsets = OffsetMap(text)
    assert offsets.to_units(code_point) == unit
    assert offsets.to_code_points(unit) == code_point


@pytest.mark.parametrize("text, unit, message", [
    ("受益群众😀3000人", 5, "splits the character '😀'"),
    ("𠮷林省", 1, "splits the character '𠮷'"),
    ("𠮷林省", 5, "outside 0..4"),
    ("𠮷林省", -1, "outside 0..4"),
    ("预算", "1", "outside 0..2"),
])
def test_utf16_offset_off_a_character_boundary_is_an_error(text, unit, message):
    with pytest.raises(OffsetError, match=message):
        OffsetMap(text).to_code_points(unit)


def test_code_point_offset_past_the_end_is_an_error():
    with pytest.raises(OffsetError, match="outside 0..3"):
        OffsetMap("𠮷林省").to_units(4)


@given(st.text(alphabet=st.sampled_from("预算a1\r\n %𠮷😀🧧\u200d"), max_size=40))
def test_every_offset_matches_the_utf16_encoding_and_round_trips(text):
    offsets = OffsetMap(text)
    assert offsets.units == len(text.encode("utf-16-le")) // 2
    for index in range(len(text) + 1):
        unit = offsets.to_units(index)
        assert unit == len(text[:index].encode("utf-16-le")) // 2
        assert offsets.to_code_points(unit) == index
