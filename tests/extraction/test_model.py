"""Model settings: the model alone has every post-processing step off (its network runs as shipped)."""
from dataclasses import fields

import pytest
import torch

from extraction.encoding import Pieces, owning_window
from extraction.model import POST_PROCESSING, ModelSettings, ReportieNet
from tests.extraction.test_quantize import tiny_bert


def test_every_switch_of_the_settings_but_int8_is_a_listed_post_processing_step():
    switches = {field.name for field in fields(ModelSettings) if field.type in (bool, "bool")}
    assert switches == set(POST_PROCESSING) | {"int8"}


def test_the_model_alone_keeps_the_arithmetic_of_the_shipped_model():
    assert ModelSettings().model_alone().int8 and not ModelSettings(int8=False).model_alone().int8


def test_the_model_alone_runs_no_rules_and_no_post_processing():
    shipped = ModelSettings(merge_rules="rules_values", label_thresholds={"PROJECT": 0.5}, value_gate=[-0.5, 0.85])
    alone = shipped.model_alone()
    assert alone.merge_rules == "model" and alone.value_gate is None
    assert all(getattr(shipped, step) for step in POST_PROCESSING)
    assert not any(getattr(alone, step) for step in POST_PROCESSING)
    assert alone.label_thresholds == {"PROJECT": 0.5} and alone.window == shipped.window


@pytest.mark.parametrize("tiled", [False, True])
def test_each_piece_takes_its_state_from_the_window_that_owns_it(tiled):
    """`encode` against the states of each window run alone (window of 16 = 14 pieces, overlap 4)."""
    net = ReportieNet(tiny_bert(), ModelSettings(window=16, overlap=4, max_span=8, span_dim=16)).eval()
    pieces = Pieces(list(range(5, 45)), list(range(40)), list(range(1, 41)))
    cls_id, sep_id = 1, 2
    ranges = net.window_ranges(pieces, tiled)
    owner = owning_window(ranges, len(pieces))
    with torch.no_grad():
        alone = [net.encoder(torch.tensor([[cls_id, *pieces.ids[start:end], sep_id]])).last_hidden_state[0, 1:-1]
                 for start, end in ranges]
        encoded = net.encode(pieces, cls_id, sep_id, batch_size=2, tiled=tiled)
    expected = torch.stack([alone[owner[index]][index - ranges[owner[index]][0]] for index in range(len(pieces))])
    assert len(ranges) > 2 and encoded.shape == (40, 16)
    assert torch.allclose(encoded, expected, atol=1e-5)
