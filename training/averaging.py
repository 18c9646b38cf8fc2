"""An exponential moving average of the trained weights, used for evaluation and saving.

On a corpus this small the last weights depend strongly on the order of the last batches and on
dropout; their average over the final steps does much less so.
"""
from __future__ import annotations

from contextlib import contextmanager

import torch
from torch import nn


class WeightAverage:
    """Shadow copies of the trainable parameters: `shadow ← decay·shadow + (1 − decay)·weight` per step.

    The decay starts low, `(1 + n) / (10 + n)` after n updates, so early weights are forgotten fast.
    """

    def __init__(self, net: nn.Module, decay: float):
        self.decay, self.updates = decay, 0
        self.shadow = {name: p.detach().clone() for name, p in net.named_parameters() if p.requires_grad}

    @torch.no_grad()
    def update(self, net: nn.Module) -> None:
        self.updates += 1
        decay = min(self.decay, (1 + self.updates) / (10 + self.updates))
        for name, parameter in net.named_parameters():
            if name in self.shadow:
                self.shadow[name].lerp_(parameter.detach(), 1 - decay)

    @contextmanager
    def applied(self, net: nn.Module):
        """The averaged weights inside the block, the trained ones restored after it."""
        parameters = dict(net.named_parameters())
        trained = {name: parameters[name].detach().clone() for name in self.shadow}
        with torch.no_grad():
            for name, value in self.shadow.items():
                parameters[name].copy_(value)
        try:
            yield net
        finally:
            with torch.no_grad():
                for name, value in trained.items():
                    parameters[name].copy_(value)

    def state_dict(self) -> dict:
        return {"updates": self.updates, "shadow": self.shadow}

    def load_state_dict(self, saved: dict) -> None:
        self.updates = saved["updates"]
        self.shadow = {name: value.clone() for name, value in saved["shadow"].items()}
