from pathlib import Path

import pytest

from extraction.errors import ConfigError
from training.config import load_config, parse_config
from training.encoder import resolve_encoder

ROOT = Path(__file__).resolve().parents[2]


def test_default_config_file_is_valid():
    config = load_config(ROOT / "configs" / "default.yaml")
    assert config.encoder == "m3e-small"
    assert config.model_settings("v1").version == "v1"


@pytest.mark.parametrize("raw, message", [
    ({"model": {"entity_head": "lstm"}}, "model.entity_head"),
    ({"train": {"epochs": 0}}, "train.epochs"),
    ({"model": {"merge_rules": "rules"}}, "model.merge_rules"),
    ({"trian": {}}, "trian"),
    ({"model": {"window": 1024}}, "model.window"),
    ({"model": {"label_thresholds": {"PROJET": -1.0}}}, "model.label_thresholds.*PROJET"),
    ({"model": {"length_bonus": {"INDICATORS": 0.2}}}, "model.length_bonus.*INDICATORS"),
    ({"model": {"value_gate": [0.85, -0.5]}}, "model.value_gate.*low ≤ high"),
    ({"model": {"value_gate": [-0.5]}}, "model.value_gate"),
])
def test_bad_configs_name_the_field(raw, message):
    with pytest.raises(ConfigError, match=message):
        parse_config(raw)


def test_label_thresholds_reach_the_span_head():
    from extraction.model import span_thresholds

    settings = parse_config({"model": {"span_threshold": 0.5, "label_thresholds": {"PROJECT": -1.0}}}).model_settings("v")
    thresholds = dict(zip(settings.labels, span_thresholds(settings).tolist()))
    assert thresholds["PROJECT"] == -1.0 and thresholds["INDICATOR"] == 0.5


def test_the_value_gate_sets_where_indicator_candidates_start():
    from extraction.model import candidate_floors

    settings = parse_config({"model": {"span_threshold": 0.5, "value_gate": [-0.5, 0.85]}}).model_settings("v")
    floors = dict(zip(settings.labels, candidate_floors(settings).tolist()))
    assert floors["INDICATOR"] == -0.5 and floors["PROJECT"] == 0.5 and floors["AMOUNT"] == 0.5
    assert candidate_floors(parse_config({}).model_settings("v")) is None


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("model: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(broken)


def test_encoder_resolution(tmp_path):
    assert Path(resolve_encoder("m3e-small"), "config.json").is_file()
    with pytest.raises(ConfigError, match="no config.json"):
        resolve_encoder(str(tmp_path))
    with pytest.raises(ConfigError, match="not in the Hugging Face cache"):
        resolve_encoder("no-such-org/no-such-model")
