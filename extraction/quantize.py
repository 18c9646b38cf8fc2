"""Int8 matrix products in the encoder at extraction time: smoothed dynamic quantisation.

Why: on two AVX2 cores the encoder's linear layers take about 70 % of extraction time and run
near the float32 peak, so only cheaper arithmetic makes extraction faster; int8 products are.
Plain dynamic int8 (one scale per input tensor) lost accuracy on the held-out folds (INDICATOR
0.683 → 0.541): a few input channels carry values 10–50× their median, and the other channels
are left a handful of the 256 levels. Smoothing (Xiao et al., SmoothQuant, 2023) divides input
channel j by s_j = max|x_j|^α / max|W_·j|^(1−α) and multiplies weight column j by s_j: the same
product, with the outliers moved into the weights. The input maxima are recorded on training
text when a model is trained (`RANGES_FILE` in the model folder). Down-projections (input wider
than output: BERT's feed-forward output) stay float32: their post-GELU inputs lost accuracy even
smoothed.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

import torch
from torch import nn

RANGES_FILE = "activation_ranges.safetensors"
# How much of the outliers moves into the weights (fold models 23d / 23b: records 0.582 / 0.596 at 0.7,
# 0.579 / 0.587 at 0.5).
ALPHA = 0.7


def int8_candidates(encoder: nn.Module) -> dict[str, nn.Linear]:
    """The encoder's linear layers that run in int8: every one but the down-projections."""
    return {name: module for name, module in encoder.named_modules()
            if isinstance(module, nn.Linear) and module.in_features <= module.out_features}


@torch.inference_mode()
def record_input_ranges(encoder: nn.Module, run: Callable[[str], object],
                        texts: Iterable[str]) -> dict[str, torch.Tensor]:
    """Per input channel, the largest |value| entering each int8 candidate while `run` reads `texts`."""
    ranges: dict[str, torch.Tensor] = {}

    def recorder(name: str):
        def record(module, inputs, output) -> None:
            channel_max = inputs[0].detach().abs().reshape(-1, inputs[0].shape[-1]).amax(0).float().cpu()
            ranges[name] = torch.maximum(ranges[name], channel_max) if name in ranges else channel_max
        return record

    hooks = [module.register_forward_hook(recorder(name)) for name, module in int8_candidates(encoder).items()]
    try:
        for text in texts:
            run(text)
    finally:
        for hook in hooks:
            hook.remove()
    return ranges


def save_ranges(folder: str | Path, ranges: dict[str, torch.Tensor]) -> None:
    """Write `RANGES_FILE` into a model folder (a temporary file renamed over the old one)."""
    from safetensors.torch import save_file

    target = Path(folder) / RANGES_FILE
    staging = target.with_name(f".{RANGES_FILE}.tmp")
    save_file({name: tensor.contiguous() for name, tensor in ranges.items()}, str(staging))
    os.replace(staging, target)


def load_ranges(folder: str | Path) -> dict[str, torch.Tensor] | None:
    from safetensors.torch import load_file

    path = Path(folder) / RANGES_FILE
    return load_file(str(path)) if path.is_file() else None


class SmoothedInt8Linear(nn.Module):
    """`linear` with its input channels rescaled by the recorded ranges, then int8 weights and inputs."""

    def __init__(self, linear: nn.Linear, input_max: torch.Tensor, alpha: float = ALPHA):
        super().__init__()
        weight_max = linear.weight.detach().abs().amax(0).clamp(min=1e-5)
        scale = (input_max.clamp(min=1e-5) ** alpha / weight_max ** (1 - alpha)).clamp(min=1e-5)
        self.register_buffer("input_scale", 1 / scale)
        smoothed = nn.Linear(linear.in_features, linear.out_features, bias=linear.bias is not None)
        with torch.no_grad():
            smoothed.weight.copy_(linear.weight * scale)
            if linear.bias is not None:
                smoothed.bias.copy_(linear.bias)
        self.int8 = _dynamic_int8(smoothed)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.int8(inputs * self.input_scale)


def _dynamic_int8(linear: nn.Linear) -> nn.Module:
    """fbgemm's dynamic int8 linear, per-output-channel weight scales (torch.ao warns it is deprecated)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

        return quantize_dynamic(nn.Sequential(linear), {nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8)[0]


def int8_encoder(encoder: nn.Module, ranges: dict[str, torch.Tensor]) -> int:
    """Swap the int8 candidates of `encoder` for smoothed int8 layers, in place; how many were swapped.

    Raises ValueError when `ranges` were recorded on another architecture (names or widths differ).
    """
    candidates = int8_candidates(encoder)
    mismatched = [name for name, linear in candidates.items()
                  if name not in ranges or ranges[name].shape != (linear.in_features,)]
    if mismatched or not candidates:
        named = ", ".join(mismatched[:3]) or "no linear layers"
        raise ValueError(f"activation ranges do not fit this encoder ({named})")
    for name, linear in candidates.items():
        parent_name, _, child = name.rpartition(".")
        setattr(encoder.get_submodule(parent_name) if parent_name else encoder, child,
                SmoothedInt8Linear(linear, ranges[name]))
    return len(candidates)
