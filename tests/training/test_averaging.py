"""The moving average of the weights: its arithmetic, and that the trained weights come back."""
import pytest
import torch
from torch import nn

from training.averaging import WeightAverage


def _net() -> nn.Module:
    net = nn.Linear(2, 1, bias=False)
    with torch.no_grad():
        net.weight.copy_(torch.tensor([[1.0, 2.0]]))
    return net


def _set(net: nn.Module, values: list[float]) -> None:
    with torch.no_grad():
        net.weight.copy_(torch.tensor([values]))


@pytest.mark.parametrize("decay, updates, expected", [
    (0.99, [[3.0, 2.0]], [1 + 2 * 9 / 11, 2.0]),          # first decay is min(0.99, 2/11)
    (0.1, [[3.0, 2.0]], [1 + 2 * 0.9, 2.0]),              # a low decay applies at once
    (0.99, [[3.0, 2.0], [3.0, 2.0]], None),               # second update moves closer, never past
])
def test_shadow_moves_toward_the_weights_by_one_minus_decay(decay, updates, expected):
    net = _net()
    average = WeightAverage(net, decay)
    history = []
    for values in updates:
        _set(net, values)
        average.update(net)
        history.append(average.shadow["weight"][0, 0].item())
    if expected:
        assert average.shadow["weight"][0].tolist() == pytest.approx(expected)
    else:
        assert history[0] < history[1] < 3.0


def test_averaged_weights_inside_the_block_and_trained_ones_after():
    net = _net()
    average = WeightAverage(net, 0.5)
    _set(net, [5.0, 6.0])
    with average.applied(net):
        assert net.weight[0].tolist() == [1.0, 2.0]
    assert net.weight[0].tolist() == [5.0, 6.0]


def test_frozen_parameters_are_not_averaged():
    net = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
    net[0].weight.requires_grad_(False)
    assert "0.weight" not in WeightAverage(net, 0.9).shadow


def test_state_round_trips():
    net = _net()
    average = WeightAverage(net, 0.9)
    _set(net, [3.0, 2.0])
    average.update(net)
    restored = WeightAverage(_net(), 0.9)
    restored.load_state_dict(average.state_dict())
    assert restored.updates == 1 and torch.equal(restored.shadow["weight"], average.shadow["weight"])
