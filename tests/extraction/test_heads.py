import pytest
import torch

from extraction.heads import HEADS, bio_tags, create_head, spans_to_tags, tags_to_spans

LABELS = ["INDICATOR", "PROJECT", "AMOUNT", "COUNT", "RATIO"]


def test_bio_tag_order():
    assert bio_tags(["A", "B"]) == ["O", "B-A", "I-A", "B-B", "I-B"]


@pytest.mark.parametrize("spans, length, tags", [
    ([(0, 1, 0), (3, 3, 2)], 5, [1, 2, 0, 5, 0]),
    ([(0, 0, 1), (1, 2, 1)], 3, [3, 3, 4]),  # adjacent same-label spans stay apart through B-
    ([], 3, [0, 0, 0]),
])
def test_spans_to_tags_and_back(spans, length, tags):
    assert spans_to_tags(spans, length) == tags
    assert [span[:3] for span in tags_to_spans(tags, [1.0] * length)] == spans


def test_stray_inside_tag_starts_a_span_and_label_change_splits():
    # O I-AMOUNT I-AMOUNT I-COUNT O
    assert [s[:3] for s in tags_to_spans([0, 6, 6, 8, 0], [0.5] * 5)] == [(1, 2, 2), (3, 3, 3)]


def test_span_score_is_the_mean_piece_probability():
    assert tags_to_spans([5, 6], [0.9, 0.7])[0][3] == pytest.approx(0.8)


@pytest.mark.parametrize("name", sorted(HEADS))
def test_every_head_learns_two_spans(name):
    torch.manual_seed(0)
    hidden = torch.randn(12, 16)
    gold = [(2, 4, 0), (7, 7, 2)]
    head = create_head(name, 16, LABELS, max_span=8, span_dim=16)
    optimizer = torch.optim.Adam(head.parameters(), lr=0.05)
    for _ in range(150):
        optimizer.zero_grad()
        head.loss(hidden, gold).backward()
        optimizer.step()
    with torch.no_grad():
        assert [span[:3] for span in head.decode(hidden)] == gold


def test_crf_never_decodes_an_inside_tag_after_outside():
    head = create_head("crf", 4, LABELS)
    with torch.no_grad():
        head.classifier.bias.copy_(torch.tensor([0, 0, 5.0, 0, 0, 0, 0, 0, 0, 0, 0]))  # I-INDICATOR favoured
        spans = head.decode(torch.zeros(3, 4))
    assert spans == [] or spans[0][0] == 0 and len(spans) == 1


def test_unknown_head_is_named():
    with pytest.raises(KeyError, match="known: crf, softmax, span"):
        create_head("lstm", 8, LABELS)


def test_length_bonus_lets_the_longer_of_two_overlapping_spans_win():
    from extraction.heads import SpanHead

    head = SpanHead(8, ["INDICATOR", "AMOUNT"], max_span=8)
    # 年初预算金额: cells for pieces 0..5 (the whole name, logit 1.0) and 2..5 (预算金额, logit 1.5)
    cells = torch.full((6, 8, 2), -10.0)
    cells[0, 5, 0], cells[2, 3, 0] = 1.0, 1.5
    head._cells = lambda hidden: cells
    hidden = torch.zeros(6, 8)
    assert [span[:3] for span in head.decode(hidden)] == [(2, 5, 0)]
    head.length_bonus = torch.tensor([0.3, 0.0])  # 1.0 + 5 × 0.3 > 1.5 + 3 × 0.3
    decoded = head.decode(hidden)
    assert [span[:3] for span in decoded] == [(0, 5, 0)]
    assert abs(decoded[0][3] - float(torch.sigmoid(torch.tensor(1.0)))) < 1e-6  # the score stays the cell's own


@pytest.mark.parametrize("length, width", [(1, 4), (3, 4), (4, 4), (5, 4), (9, 4), (130, 64), (64, 64)])
def test_banded_scores_equal_a_loop_over_widths(length, width):
    from extraction.heads import banded_scores

    torch.manual_seed(length)
    query, key = torch.randn(length, 3, 8), torch.randn(length, 3, 8)
    expected = torch.full((length, width, 3), float("-inf"))
    for w in range(min(width, length)):
        expected[: length - w, w] = (query[: length - w] * key[w:]).sum(-1)
    found = banded_scores(query, key, width)
    assert found.shape == expected.shape
    assert torch.equal(torch.isinf(found), torch.isinf(expected))
    assert torch.allclose(found[~torch.isinf(found)], expected[~torch.isinf(expected)], atol=1e-5)


def test_candidates_fill_the_pieces_the_spans_left_free_between_floor_and_threshold():
    from extraction.heads import SpanHead

    head = SpanHead(8, ["INDICATOR", "AMOUNT"], max_span=8)
    # an AMOUNT over pieces 4..5 (logit 1.0); INDICATOR cells 0..3 (-0.3), 3..4 (-0.2, across the
    # AMOUNT) and 1..1 (-0.9, under the floor)
    cells = torch.full((6, 8, 2), -10.0)
    cells[4, 1, 1], cells[0, 3, 0], cells[3, 1, 0], cells[1, 0, 0] = 1.0, -0.3, -0.2, -0.9
    head._cells = lambda hidden: cells
    hidden = torch.zeros(6, 8)
    assert head.decode_with_candidates(hidden) == (head.decode(hidden), [])  # no floor: no candidates
    head.floor = torch.tensor([-0.5, 0.0])
    spans, candidates = head.decode_with_candidates(hidden)
    assert [span[:3] for span in spans] == [(4, 5, 1)] == [span[:3] for span in head.decode(hidden)]
    assert [span[:3] for span in candidates] == [(0, 3, 0)]  # 3..4 overlaps the span; 1..1 is under the floor
    assert abs(candidates[0][3] - float(torch.sigmoid(torch.tensor(-0.3)))) < 1e-6
