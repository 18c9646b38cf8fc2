"""The section structure of a normalised report: which lines are numbered headings, and where
an offset stands in it. The relation head reads it to scope projects (a project named in a
heading or at the start of a paragraph governs what follows; one named in passing does not).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extraction.document import Span
from extraction.sentences import sentence_index

# Outline levels as Chinese reports number them: 第一部分 > 一、 > （一） > 1. > (1) > ①
_HEADING_LEVELS = (
    re.compile(r"第[一二三四五六七八九十百零〇\d]+[章节部分篇]"),
    re.compile(r"[一二三四五六七八九十百零〇]+[、.．]"),
    re.compile(r"[（(][一二三四五六七八九十百零〇]+[）)]"),
    re.compile(r"\d{1,2}(?:、|[.．](?!\d))"),
    re.compile(r"[（(]\d{1,2}[）)]"),
    re.compile(r"[①-⑳]"),
)
_LEAD = re.compile(r"[\s“‘「『\"]*")
# Words that may come before the topic of a sentence: blanks, quotes, 一是 / 其中, a year or month.
_LEAD_IN = re.compile(r"(?:[\s“‘《「『\"，,、：:]|[一二三四五六七八九十]+是|其[一二三]|首先|其次|最后|其中|全年|今年"
                      r"|本年度?|\d{4}\s*年度?|\d{1,2}\s*月份?)*")
TITLE_LINES = 2


def heading_level(line: str, strip: bool = True) -> int | None:
    """0 (第一部分) … 5 (①) for a line that starts with a heading number (after blanks, unless
    `strip` is off); None otherwise."""
    stripped = line.lstrip() if strip else line
    for level, pattern in enumerate(_HEADING_LEVELS):
        if pattern.match(stripped):
            return level
    return None


@dataclass(frozen=True)
class Place:
    """Where an offset stands: its line, how many headings came up to that line, and whether the
    entity there opens its line (only quotes, blanks or a heading number before it) or sits in a heading."""

    line: int
    section: int
    opens_line: bool
    in_heading: bool


class Outline:
    def __init__(self, text: str):
        self.text = text
        lines = text.split("\n")
        self.line_starts = [0]
        for line in lines[:-1]:
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        self.levels = [heading_level(line) for line in lines]
        self.sections = []
        count = 0
        for level in self.levels:
            count += level is not None
            self.sections.append(count)

    def opens_topic(self, offset: int, bounds: list[tuple[int, int]], first_in_sentence: bool = True) -> bool:
        """Whether a mention at `offset` governs what follows, the guide's "named in a heading or at
        the head of a paragraph" (GUIDELINES 56): in the title lines, in a heading, in the first
        sentence of its line or, on a heading line, the sentence after it, or after nothing but a
        list marker or lead-in words in its sentence. Outside a heading, a sentence opens a topic
        with its first project only (`first_in_sentence`): a name later in it is named in passing.
        `bounds`: the text's sentences (`extraction.sentences.sentence_bounds`)."""
        place = self.place(offset)
        if place.line < TITLE_LINES or place.opens_line:
            return True
        sentence = sentence_index(bounds, offset)
        line_start = self.line_starts[place.line]
        if _first_of_line(bounds, sentence, line_start):
            return first_in_sentence or place.in_heading
        # A numbered line often runs on after its heading (`1.大力选树优秀典型。推荐…`): the heading
        # and the sentence after it open a topic, a name later in that paragraph does not.
        if place.in_heading and _first_of_line(bounds, sentence - 1, line_start):
            return first_in_sentence
        lead = self.text[bounds[sentence][0]:offset]
        return (first_in_sentence and heading_level(lead) is not None) or _LEAD_IN.fullmatch(lead) is not None

    def projects_opening_topics(self, spans: list[Span], bounds: list[tuple[int, int]]) -> set[int]:
        """Indices of the PROJECT spans that govern later sentences: `opens_topic`, or a later
        mention of a name that already opened a topic. The report's own project named again in
        passing (`县财政将重大动物疫病监测经费列入年度预算`) is still the topic."""
        opening, topics, sentences_seen = set(), set(), set()
        projects = sorted((span.start, index) for index, span in enumerate(spans) if span.label == "PROJECT")
        for start, index in projects:
            sentence = sentence_index(bounds, start)
            if self.opens_topic(start, bounds, sentence not in sentences_seen):
                topics.add(spans[index].text)
            sentences_seen.add(sentence)
            if spans[index].text in topics:
                opening.add(index)
        return opening

    def place(self, offset: int) -> Place:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        level = self.levels[line]
        lead = self.text[self.line_starts[line]:offset]
        if level is not None:
            lead = _HEADING_LEVELS[level].sub("", lead.lstrip(), count=1)
        return Place(line, self.sections[line], _LEAD.fullmatch(lead) is not None, level is not None)


def _first_of_line(bounds: list[tuple[int, int]], sentence: int, line_start: int) -> bool:
    return sentence == 0 or bounds[sentence - 1][1] <= line_start
