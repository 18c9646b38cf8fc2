"""Code point ↔ UTF-16 code unit offsets of one text.

Only characters outside the Basic Multilingual Plane (𠮷, emoji) differ: they are one code
point but two UTF-16 units (a surrogate pair). `\r\n` is two of each.
"""
from __future__ import annotations

import bisect


class OffsetError(ValueError):
    """A UTF-16 offset that does not fall on a character boundary of the text."""


class OffsetMap:
    """Converts offsets of one text both ways in O(log n) per offset."""

    def __init__(self, text: str):
        self.text = text
        self._astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]
        # UTF-16 unit where each astral character starts: its code point index plus the pairs before it.
        self._astral_units = [index + before for before, index in enumerate(self._astral)]
        self.units = len(text) + len(self._astral)

    def to_units(self, index: int) -> int:
        """UTF-16 offset of code point offset `index` (0 ≤ index ≤ len(text))."""
        if not 0 <= index <= len(self.text):
            raise OffsetError(f"code point offset {index} is outside 0..{len(self.text)}")
        return index + bisect.bisect_left(self._astral, index)

    def to_code_points(self, unit: int) -> int:
        """Code point offset of UTF-16 offset `unit`; an offset inside a surrogate pair is an error."""
        if not isinstance(unit, int) or isinstance(unit, bool) or not 0 <= unit <= self.units:
            raise OffsetError(f"UTF-16 offset {unit!r} is outside 0..{self.units}")
        pairs_before = bisect.bisect_right(self._astral_units, unit - 2)
        if pairs_before < len(self._astral_units) and self._astral_units[pairs_before] == unit - 1:
            char = self.text[self._astral[pairs_before]]
            raise OffsetError(f"UTF-16 offset {unit} splits the character {char!r} (a surrogate pair) in two")
        return unit - pairs_before
