import pytest

from extraction.encoding import NEWLINE_TOKEN, align_span, owned_rows, owning_window, tiling_ranges, tokenize, window_ranges
from training.encoder import resolve_encoder


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(resolve_encoder("m3e-small"))


# (text, entity text) from the corpus: every entity must map to whole pieces and back exactly
ALIGNED = [
    ("2021年预算总额1318.10万元，其中基本支出预算1001.08万元", "1318.10万元"),
    ("占支出预算75.95%", "75.95%"),
    ("对80 户帮扶对象实施帮扶救助", "80 户"),
    ("比上年提高 2.1 个百分点", "2.1 个百分点"),
    ("“困难职工因病致困专项帮扶资金”项目", "困难职工因病致困专项帮扶资金"),
    ("生均财政经费投入大于 1.2 万元/生", "1.2 万元/生"),
]


@pytest.mark.parametrize("text, entity", ALIGNED)
def test_entities_map_to_pieces_and_back(tokenizer, text, entity):
    pieces = tokenize(tokenizer, text)
    start = text.index(entity)
    first, last = align_span(pieces, start, start + len(entity))
    assert pieces.char_span(first, last) == (start, start + len(entity))


def test_line_ends_are_pieces_and_offsets_stay_exact(tokenizer):
    text = "项目名称\n年度预算数（万元）\n𠮷12"
    pieces = tokenize(tokenizer, text)
    newline_id = tokenizer.convert_tokens_to_ids(NEWLINE_TOKEN)
    newlines = [index for index, piece in enumerate(pieces.ids) if piece == newline_id]
    assert [pieces.starts[index] for index in newlines] == [4, 14]
    assert all(0 <= s < e <= len(text) for s, e in zip(pieces.starts, pieces.ends))
    assert text[pieces.starts[-1]:pieces.ends[-1]] == "12"


def test_boundary_inside_a_piece_widens_to_the_piece(tokenizer):
    text = "完成率98.5%"
    pieces = tokenize(tokenizer, text)
    first, last = align_span(pieces, 4, 8)  # "8.5%" starts inside the piece "98"
    assert pieces.char_span(first, last) == (3, 8)


@pytest.mark.parametrize("start, end, expected", [
    (0, 2, (0, 1)),      # "对8": the end falls inside the piece "80", widened to it
    (1, 3, (1, 1)),      # "80"
    (3, 5, (2, 2)),      # the blank before "户" belongs to no piece: "户" only
    (3, 4, None),        # only the blank: no piece
    (13, 40, (11, 12)),  # past the end of the text: up to the last piece
    (14, 20, (12, 12)),
    (15, 20, None),      # after the last piece
])
def test_span_alignment_at_gaps_and_edges(tokenizer, start, end, expected):
    pieces = tokenize(tokenizer, "对80 户帮扶对象实施帮扶救助")
    assert align_span(pieces, start, end) == expected


@pytest.mark.parametrize("length, size, overlap, expected", [
    (10, 254, 32, [(0, 10)]),
    (254, 254, 32, [(0, 254)]),
    (300, 254, 32, [(0, 254), (46, 300)]),
    (500, 254, 32, [(0, 254), (222, 476), (246, 500)]),
])
def test_windows_cover_everything_with_overlap(length, size, overlap, expected):
    assert window_ranges(length, size, overlap) == expected


@pytest.mark.parametrize("length, size, expected", [
    (0, 254, [(0, 0)]),
    (10, 254, [(0, 10)]),
    (254, 254, [(0, 254)]),
    (255, 254, [(0, 128), (128, 255)]),
    (594, 254, [(0, 198), (198, 396), (396, 594)]),
])
def test_training_tiles_cover_every_piece_once_in_even_windows(length, size, expected):
    assert tiling_ranges(length, size) == expected


def test_window_size_must_exceed_overlap():
    with pytest.raises(ValueError, match="must exceed"):
        window_ranges(100, 32, 32)


def test_each_piece_is_owned_by_its_most_central_window():
    ranges = window_ranges(300, 254, 32)
    owner = owning_window(ranges, 300)
    assert owner[0] == 0 and owner[299] == 1
    assert owner[150] == 1 and owner[149] == 0  # margins tie-break to the window with more context
    assert len(owner) == 300


@pytest.mark.parametrize("ranges, length, expected", [
    ([(0, 3)], 3, [0, 1, 2]),
    ([(0, 3), (3, 5)], 5, [0, 1, 2, 3, 4]),  # tiles: every piece in its only window
    # windows of 4 sharing 2 pieces: piece 2 is central in window 0 (row 2), piece 3 in window 1
    # (row 4 + 1); rows 4..7 are window 1's pieces 2..5
    ([(0, 4), (2, 6)], 6, [0, 1, 2, 5, 6, 7]),
])
def test_owned_rows_index_the_owning_window_in_the_laid_out_states(ranges, length, expected):
    assert owned_rows(ranges, length) == expected
