"""Smoothed int8 layers: which layers, the recorded ranges, and products close to float32."""
import pytest
import torch
from torch import nn

from extraction.bert import Bert, BertShape
from extraction.quantize import (SmoothedInt8Linear, int8_candidates, int8_encoder, load_ranges,
                                 record_input_ranges, save_ranges)

SHAPE = BertShape(vocab_size=50, hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                  max_position_embeddings=32, type_vocab_size=2, layer_norm_eps=1e-12, hidden_act="gelu")


def tiny_bert() -> Bert:
    torch.manual_seed(0)
    return Bert(SHAPE).eval()


def test_every_linear_layer_but_the_down_projections_runs_in_int8():
    names = sorted(int8_candidates(tiny_bert()))
    per_layer = ["attention.output.dense", "attention.self.key", "attention.self.query", "attention.self.value",
                 "intermediate.dense"]
    assert names == [f"encoder.layer.{n}.{part}" for n in (0, 1) for part in per_layer]


def test_recorded_ranges_are_the_largest_absolute_input_of_each_channel():
    net = nn.Sequential(nn.Linear(3, 4))
    inputs = {"a": torch.tensor([[1.0, -5.0, 0.5]]), "b": torch.tensor([[[-2.0, 4.0, 0.25], [0.0, 0.0, -3.0]]])}
    ranges = record_input_ranges(net, lambda key: net(inputs[key]), ["a", "b"])
    assert ranges.keys() == {"0"}
    assert ranges["0"].tolist() == [2.0, 5.0, 3.0]
    assert not net[0]._forward_hooks, "the recording hooks are removed"


def test_ranges_survive_the_model_folder(tmp_path):
    save_ranges(tmp_path, {"encoder.layer.0.intermediate.dense": torch.tensor([1.5, 2.0])})
    assert load_ranges(tmp_path)["encoder.layer.0.intermediate.dense"].tolist() == [1.5, 2.0]
    assert load_ranges(tmp_path / "missing") is None
    assert [path.name for path in tmp_path.iterdir()] == ["activation_ranges.safetensors"]


def relative_error(found: torch.Tensor, expected: torch.Tensor) -> float:
    return ((found - expected).norm() / expected.norm()).item()


def test_smoothing_keeps_int8_close_where_one_input_channel_is_an_outlier():
    torch.manual_seed(1)
    linear = nn.Linear(64, 64)
    inputs = torch.randn(200, 64)
    inputs[:, 7] *= 60  # BERT's outlier channels: 10–50× the others
    input_max = inputs.abs().amax(0)
    expected = linear(inputs).detach()
    smoothed = relative_error(SmoothedInt8Linear(linear, input_max)(inputs), expected)
    plain = relative_error(SmoothedInt8Linear(linear, input_max, alpha=0.0)(inputs), expected)
    assert smoothed < 0.03 and smoothed < plain / 3


def test_an_int8_encoder_gives_nearly_the_float_states():
    bert = tiny_bert()
    ids = torch.randint(1, 50, (3, 20))
    mask = torch.ones_like(ids)
    with torch.inference_mode():
        expected = bert(ids, mask).last_hidden_state
        ranges = record_input_ranges(bert, lambda _: bert(ids, mask), ["all"])
        assert int8_encoder(bert, ranges) == 10
        found = bert(ids, mask).last_hidden_state
    assert sum(isinstance(module, SmoothedInt8Linear) for module in bert.modules()) == 10
    assert relative_error(found, expected) < 0.05


@pytest.mark.parametrize("change", ["missing", "width"])
def test_ranges_of_another_encoder_are_refused(change):
    bert = tiny_bert()
    ranges = {name: torch.ones(linear.in_features) for name, linear in int8_candidates(bert).items()}
    name = "encoder.layer.1.intermediate.dense"
    if change == "missing":
        del ranges[name]
    else:
        ranges[name] = torch.ones(3)
    with pytest.raises(ValueError, match="do not fit this encoder"):
        int8_encoder(bert, ranges)
    assert not any(isinstance(module, SmoothedInt8Linear) for module in bert.modules())
