"""Training configuration: YAML validated into typed objects, with one-line errors."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from extraction.errors import ConfigError
from extraction.document import LABELS
from extraction.model import MERGE_MODES, ModelSettings


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelConfig(_Strict):
    entity_head: Literal["softmax", "crf", "span"] = "softmax"
    window: int = Field(256, ge=16, le=512)
    overlap: int = Field(32, ge=0)
    max_span: int = Field(64, ge=4)
    span_threshold: float = 0.0
    label_thresholds: dict[str, float] = Field(default_factory=dict)
    length_bonus: dict[str, float] = Field(default_factory=dict)
    span_dim: int = Field(256, ge=16)
    max_projects: int = Field(4, ge=1, le=16)
    dropout: float = Field(0.1, ge=0, lt=1)
    merge_rules: Literal[MERGE_MODES] = "rules_values"  # type: ignore[valid-type]
    listed_projects: bool = True
    rule_projects: bool = True
    trim_indicators: bool = True
    split_names: bool = True
    trim_project_leads: bool = True
    trim_quotes: bool = True
    award_names: bool = True
    fund_projects: bool = True
    counted_nouns: bool = True
    crossed_links: bool = True
    award_counts: bool = True
    orphan_indicators: bool = True
    title_project: bool = True
    named_projects: bool = True
    drop_unreported_projects: bool = True
    value_gate: tuple[float, float] | None = None  # [low, high] logits, see ModelSettings
    int8: bool = True

    @field_validator("value_gate")
    @classmethod
    def _ordered(cls, gate: tuple[float, float] | None) -> tuple[float, float] | None:
        if gate is not None and gate[0] > gate[1]:
            raise ValueError(f"[low, high] needs low ≤ high, not {list(gate)}")
        return gate

    @field_validator("label_thresholds", "length_bonus")
    @classmethod
    def _known_labels(cls, thresholds: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(thresholds) - set(LABELS))
        if unknown:
            raise ValueError(f"unknown label(s) {', '.join(unknown)} (known: {', '.join(LABELS)})")
        return thresholds


class DataConfig(_Strict):
    corpus: Path | None = None  # None: the corpus bundled in annotations/corpus
    synthetic: bool = True
    real_repeat: int = Field(3, ge=1)  # real reports seen this many times per epoch: few, long, and what users run
    dev_reports: list[str] = Field(default_factory=list)
    train_on_dev: bool = False


class TrainConfig(_Strict):
    epochs: int = Field(8, ge=1)
    batch_windows: int = Field(8, ge=1)
    learning_rate: float = Field(2e-4, gt=0)
    head_learning_rate: float = Field(1e-3, gt=0)
    weight_decay: float = Field(0.01, ge=0)
    warmup: float = Field(0.1, ge=0, lt=1)
    relation_weight: float = Field(1.0, ge=0)
    freeze_embeddings: bool = False  # keep the encoder's word embeddings fixed: characters unseen in training stay comparable
    freeze_layers: int = Field(0, ge=0)  # lowest encoder layers kept fixed (with the embeddings); their states computed once
    average_decay: float = Field(0.0, ge=0, lt=1)  # > 0: evaluate and save an exponential moving average of the weights
    seed: int = 13
    threads: int | None = Field(None, ge=1)
    device: str = "auto"
    precision: Literal["auto", "fp32", "bf16"] = "fp32"  # bf16: the encoder's forward pass in bfloat16 (heads, weights, optimizer fp32); auto: where native
    max_steps: int | None = Field(None, ge=1)  # cut training short (tests, smoke runs)
    max_train_docs: int | None = Field(None, ge=1)


class Config(_Strict):
    encoder: str = "m3e-small"
    encoder_layers: int | None = Field(None, ge=1)  # keep only the lowest N layers of the encoder (None: all)
    model: ModelConfig = Field(default_factory=ModelConfig)
    data: DataConfig = Field(default_factory=DataConfig)
    train: TrainConfig = Field(default_factory=TrainConfig)

    def model_settings(self, version: str) -> ModelSettings:
        return ModelSettings(**self.model.model_dump(), version=version)


def load_config(path: str | Path | None) -> Config:
    """Read and validate a YAML config; `None` gives the defaults."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"config {path} not found") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"config {path}: not valid YAML ({error})") from None
    return parse_config(raw, str(path))


def parse_config(raw: dict, where: str = "config") -> Config:
    try:
        return Config.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{where}: {field}: {first['msg']} ({len(error.errors())} problem(s))") from None
