"""A torch-only BERT encoder and word-piece tokenizer for inference from a model folder.

Importing transformers' BERT costs 5–6 s on a 2-core machine (it pulls in torch.distributed,
sympy, scipy …), more than loading and running the model itself. Extraction only needs the
forward pass of a plain BERT, so this module rebuilds it from `config.json` with the same
parameter names as `transformers.BertModel` (the saved weights load unchanged) and reads
`tokenizer.json` with the `tokenizers` library. Folders of other architectures return None from
`folder_encoder` and go through transformers instead.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import torch
from torch import nn
from torch.nn import functional as F

SUPPORTED_ACTIVATIONS = {"gelu": F.gelu, "relu": F.relu}
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


@dataclass(frozen=True)
class BertShape:
    vocab_size: int
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    max_position_embeddings: int
    type_vocab_size: int
    layer_norm_eps: float
    hidden_act: str
    hidden_dropout_prob: float = 0.0
    attention_probs_dropout_prob: float = 0.0
    raw: dict = field(default_factory=dict, compare=False, repr=False)  # config.json as read

    @classmethod
    def from_config(cls, config: dict) -> BertShape | None:
        """The shape of a plain BERT config; None for anything this module cannot run exactly."""
        plain = (config.get("model_type") == "bert"
                 and config.get("position_embedding_type", "absolute") == "absolute"
                 and config.get("hidden_act", "gelu") in SUPPORTED_ACTIVATIONS
                 and not config.get("is_decoder", False)
                 and config["hidden_size"] % config["num_attention_heads"] == 0)
        if not plain:
            return None
        return cls(config["vocab_size"], config["hidden_size"], config["num_hidden_layers"],
                   config["num_attention_heads"], config["intermediate_size"], config["max_position_embeddings"],
                   config.get("type_vocab_size", 2), config.get("layer_norm_eps", 1e-12), config.get("hidden_act", "gelu"),
                   config.get("hidden_dropout_prob", 0.0), config.get("attention_probs_dropout_prob", 0.0), dict(config))

    def save_pretrained(self, folder: str | Path) -> None:
        """Write `config.json` back unchanged (what `transformers.PretrainedConfig` would do)."""
        Path(folder, "config.json").write_text(json.dumps(self.raw, ensure_ascii=False, indent=2), encoding="utf-8")


class _Embeddings(nn.Module):
    def __init__(self, shape: BertShape):
        super().__init__()
        self.word_embeddings = nn.Embedding(shape.vocab_size, shape.hidden_size)
        self.position_embeddings = nn.Embedding(shape.max_position_embeddings, shape.hidden_size)
        self.token_type_embeddings = nn.Embedding(shape.type_vocab_size, shape.hidden_size)
        self.LayerNorm = nn.LayerNorm(shape.hidden_size, eps=shape.layer_norm_eps)
        self.dropout = nn.Dropout(shape.hidden_dropout_prob)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        summed = (self.word_embeddings(input_ids) + self.position_embeddings(positions)[None]
                  + self.token_type_embeddings.weight[0])
        return self.dropout(self.LayerNorm(summed))


class _SelfAttention(nn.Module):
    def __init__(self, shape: BertShape):
        super().__init__()
        self.heads, self.dropout = shape.num_attention_heads, shape.attention_probs_dropout_prob
        self.query = nn.Linear(shape.hidden_size, shape.hidden_size)
        self.key = nn.Linear(shape.hidden_size, shape.hidden_size)
        self.value = nn.Linear(shape.hidden_size, shape.hidden_size)

    def forward(self, states: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = states.shape

        def split(tensor: torch.Tensor) -> torch.Tensor:
            return tensor.view(batch, length, self.heads, hidden // self.heads).transpose(1, 2)

        mixed = F.scaled_dot_product_attention(split(self.query(states)), split(self.key(states)),
                                               split(self.value(states)), attn_mask=bias,
                                               dropout_p=self.dropout if self.training else 0.0)
        return mixed.transpose(1, 2).reshape(batch, length, hidden)


class _Residual(nn.Module):
    """`dense` then LayerNorm over the sum with the block's input (BERT's `*Output` modules)."""

    def __init__(self, inputs: int, shape: BertShape):
        super().__init__()
        self.dense = nn.Linear(inputs, shape.hidden_size)
        self.LayerNorm = nn.LayerNorm(shape.hidden_size, eps=shape.layer_norm_eps)
        self.dropout = nn.Dropout(shape.hidden_dropout_prob)

    def forward(self, states: torch.Tensor, block_input: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.dense(states)) + block_input)


class _Attention(nn.Module):
    def __init__(self, shape: BertShape):
        super().__init__()
        self.self = _SelfAttention(shape)
        self.output = _Residual(shape.hidden_size, shape)

    def forward(self, states: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(states, bias), states)


class _Intermediate(nn.Module):
    def __init__(self, shape: BertShape):
        super().__init__()
        self.dense = nn.Linear(shape.hidden_size, shape.intermediate_size)
        self.activation = SUPPORTED_ACTIVATIONS[shape.hidden_act]

    def forward(self, states: torch.Tensor) -> torch.Tensor:
        return self.activation(self.dense(states))


class _Layer(nn.Module):
    def __init__(self, shape: BertShape):
        super().__init__()
        self.attention = _Attention(shape)
        self.intermediate = _Intermediate(shape)
        self.output = _Residual(shape.intermediate_size, shape)

    def forward(self, states: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        attended = self.attention(states, bias)
        return self.output(self.intermediate(attended), attended)


class _Stack(nn.Module):
    def __init__(self, shape: BertShape):
        super().__init__()
        self.layer = nn.ModuleList(_Layer(shape) for _ in range(shape.num_hidden_layers))


class Bert(nn.Module):
    """`BertModel` without pooler: `forward(input_ids, attention_mask).last_hidden_state`.

    `run_layers` runs a slice of the layer stack, so training can keep the states after frozen
    lower layers and run only the upper ones each epoch.
    """

    def __init__(self, shape: BertShape):
        super().__init__()
        self.config = shape
        self.embeddings = _Embeddings(shape)
        self.encoder = _Stack(shape)

    @classmethod
    def from_transformers(cls, model: nn.Module) -> Bert | None:
        """The same network as a transformers BERT (weights copied); None for other architectures."""
        shape = BertShape.from_config(model.config.to_dict())
        if shape is None:
            return None
        bert = cls(shape)
        missing, _ = bert.load_state_dict(model.state_dict(), strict=False)
        return None if missing else bert

    def get_input_embeddings(self) -> nn.Embedding:
        return self.embeddings.word_embeddings

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None) -> SimpleNamespace:
        mask = torch.ones_like(input_ids) if attention_mask is None else attention_mask
        return SimpleNamespace(last_hidden_state=self.run_layers(self.embeddings(input_ids), mask))

    def run_layers(self, states: torch.Tensor, attention_mask: torch.Tensor, start: int = 0,
                   stop: int | None = None) -> torch.Tensor:
        bias = (1.0 - attention_mask[:, None, None, :].to(states.dtype)) * torch.finfo(states.dtype).min
        for layer in self.encoder.layer[start:stop]:
            states = layer(states, bias)
        return states


class FolderTokenizer:
    """The word-piece tokenizer of a model folder (`tokenizer.json`), with BERT's special tokens."""

    def __init__(self, folder: Path):
        from tokenizers import Tokenizer

        self.folder = folder
        self.backend_tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        special = _special_tokens(folder)
        self.cls_token_id = self._known(special.get("cls_token", "[CLS]"))
        self.sep_token_id = self._known(special.get("sep_token", "[SEP]"))

    def save_pretrained(self, folder: str | Path) -> None:
        for name in TOKENIZER_FILES:
            if (self.folder / name).is_file():
                shutil.copyfile(self.folder / name, Path(folder, name))

    def _known(self, token: str) -> int:
        found = self.backend_tokenizer.token_to_id(token)
        if found is None:
            raise ValueError(f"tokenizer.json has no {token!r} token")
        return found


def _special_tokens(folder: Path) -> dict[str, str]:
    path = folder / "tokenizer_config.json"
    raw = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {key: value["content"] if isinstance(value, dict) else value
            for key, value in raw.items() if key in ("cls_token", "sep_token") and value}


def folder_encoder(folder: Path) -> tuple[Bert, FolderTokenizer] | None:
    """A torch-only encoder and tokenizer for a plain-BERT model folder, else None."""
    config_path, tokenizer_path = folder / "config.json", folder / "tokenizer.json"
    if not config_path.is_file() or not tokenizer_path.is_file():
        return None
    shape = BertShape.from_config(json.loads(config_path.read_text(encoding="utf-8")))
    if shape is None:
        return None
    return Bert(shape), FolderTokenizer(folder)

