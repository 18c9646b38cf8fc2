"""A tiny model trained for a few steps on a slice of the corpus, through to the output contract.

Figures of the full-size model come from `make bench`; this only proves the whole path works.
"""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotations.tasks import load_corpus
from extraction.encoding import tokenize
from extraction.model import SETTINGS_FILE, WEIGHTS_FILE, load_model
from reportie_cli import app
from training import train as train_module
from training.config import parse_config
from training.train import Split, train

SAMPLE = Path(__file__).resolve().parents[2] / "annotations" / "samples" / "sample_report.txt"
TINY = {"model": {"window": 64, "overlap": 8, "entity_head": "span"},
        "train": {"epochs": 1, "max_steps": 2, "threads": 2, "batch_windows": 4}}


@pytest.fixture(scope="module")
def corpus():
    docs = load_corpus()
    synthetic = sorted((doc for doc in docs if doc.synthetic), key=lambda doc: len(doc.text))
    return synthetic[:2], synthetic[2:3]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, corpus):
    folder = tmp_path_factory.mktemp("model") / "tiny"
    summary = train(parse_config(TINY), folder, Split(*corpus), progress=False, log=lambda line: None)
    return folder, summary


def test_model_folder_holds_weights_settings_metrics_and_tokenizer(tiny_model):
    folder, summary = tiny_model
    assert (folder / WEIGHTS_FILE).is_file() and (folder / "tokenizer.json").is_file()
    saved = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert saved["settings"]["entity_head"] == "span" and saved["config"]["model"]["window"] == 64
    assert saved["metrics"]["dev"]["entities"]["ALL"]["gold"] > 10
    assert summary["epoch"] == 1 and not folder.with_name("tiny.resume.pt").exists()


def test_loaded_model_returns_spans_that_slice_the_text(tiny_model):
    model = load_model(tiny_model[0])
    text = SAMPLE.read_text(encoding="utf-8")[:600]
    spans, relations = model(text)
    assert spans, "rules_values merging always yields the rule tagger's values"
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert all(0 <= rel.head < len(spans) and 0 <= rel.tail < len(spans) for rel in relations)
    assert model("") == ([], [])


def test_extract_with_the_model_keeps_the_contract(tiny_model, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(SAMPLE), "--model", str(tiny_model[0]), "--out", str(out),
                                      "-f", "csv"])
    assert result.exit_code == 0, result.output
    contract = json.loads((out / "sample_report.json").read_text(encoding="utf-8"))
    source = SAMPLE.read_text(encoding="utf-8")
    assert contract["records"] and not any("rules only" in note for note in contract.get("notes", []))
    for entity in contract["entities"]:
        assert source[entity["start"]:entity["end"]] == entity["text"]


def test_not_a_model_folder_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(SAMPLE), "--model", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "not a reportie model folder" in result.output


@pytest.mark.parametrize("average_decay", [0.0, 0.9])
def test_interrupted_training_resumes_after_the_last_finished_epoch(tmp_path, corpus, monkeypatch, average_decay):
    config = parse_config({**TINY, "train": {**TINY["train"], "epochs": 2, "max_steps": None,
                                             "average_decay": average_decay}})
    folder = tmp_path / "model"
    real_run_epoch = train_module._run_epoch
    calls = []

    def interrupt_second_epoch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_run_epoch(*args, **kwargs)

    monkeypatch.setattr(train_module, "_run_epoch", interrupt_second_epoch)
    with pytest.raises(KeyboardInterrupt):
        train(config, folder, Split(corpus[0][:1], []), progress=False, log=lambda line: None)
    assert folder.with_name("model.resume.pt").is_file()
    monkeypatch.setattr(train_module, "_run_epoch", real_run_epoch)
    lines = []
    summary = train(config, folder, Split(corpus[0], []), resume=True, progress=False, log=lines.append)
    assert lines[0].startswith("resumed from") and "after epoch 1" in lines[0]
    assert [item["epoch"] for item in summary["history"]] == [1, 2]


def test_frozen_word_embeddings_stay_those_of_the_encoder(tmp_path, corpus):
    from safetensors.torch import load_file
    from transformers import AutoModel

    from training.encoder import resolve_encoder

    config = parse_config({**TINY, "train": {**TINY["train"], "freeze_embeddings": True}})
    train(config, tmp_path / "frozen", Split(corpus[0], []), progress=False, log=lambda line: None)
    saved = load_file(str(tmp_path / "frozen" / WEIGHTS_FILE))
    original = AutoModel.from_pretrained(resolve_encoder(config.encoder), add_pooling_layer=False)
    name = next(key for key in saved if key.endswith("word_embeddings.weight"))
    assert (saved[name] == original.get_input_embeddings().weight).all()
    moved = next(key for key in saved if key.endswith("position_embeddings.weight"))
    assert not (saved[moved] == original.embeddings.position_embeddings.weight).all()


def test_loaded_model_runs_without_transformers_and_saves_back_unchanged(tiny_model, tmp_path):
    from extraction.bert import Bert
    from extraction.model import save_model

    model = load_model(tiny_model[0], int8=False)
    assert isinstance(model.net.encoder, Bert)
    save_model(tmp_path / "copy", model.net, model.tokenizer, model.metrics)
    text = SAMPLE.read_text(encoding="utf-8")[:400]
    assert load_model(tmp_path / "copy", int8=False)(text) == model(text)


def test_trained_model_runs_int8_with_the_ranges_recorded_on_its_training_text(tiny_model, tmp_path):
    from extraction.model import save_model
    from extraction.quantize import RANGES_FILE, SmoothedInt8Linear

    assert (tiny_model[0] / RANGES_FILE).is_file()
    model = load_model(tiny_model[0])
    assert model.notes == [] and model.settings.int8
    assert sum(isinstance(module, SmoothedInt8Linear) for module in model.net.encoder.modules()) == 5 * 4
    float_model = load_model(tiny_model[0], int8=False)
    assert not any(isinstance(module, SmoothedInt8Linear) for module in float_model.net.modules())
    with pytest.raises(ValueError, match="int8=False"):
        save_model(tmp_path / "copy", model.net, model.tokenizer, model.metrics)


def test_a_folder_without_ranges_extracts_in_float32_and_says_so(tiny_model, tmp_path):
    import shutil

    from extraction.quantize import RANGES_FILE

    folder = tmp_path / "old"
    shutil.copytree(tiny_model[0], folder)
    (folder / RANGES_FILE).unlink()
    assert "float32" in load_model(folder).notes[0]
    result = CliRunner().invoke(app, ["extract", str(SAMPLE), "--model", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    contract = json.loads((tmp_path / "out" / "sample_report.json").read_text(encoding="utf-8"))
    assert any(RANGES_FILE in note for note in contract["notes"]) and "float32" in result.output


def test_frozen_lower_layers_stay_those_of_the_encoder_and_upper_ones_train(tmp_path, corpus):
    from safetensors.torch import load_file
    from transformers import AutoModel

    from training.encoder import resolve_encoder

    config = parse_config({**TINY, "train": {**TINY["train"], "freeze_layers": 2}})
    train(config, tmp_path / "frozen", Split(corpus[0], []), progress=False, log=lambda line: None)
    saved = load_file(str(tmp_path / "frozen" / WEIGHTS_FILE))
    original = AutoModel.from_pretrained(resolve_encoder(config.encoder), add_pooling_layer=False).state_dict()
    for name in ("embeddings.position_embeddings.weight", "encoder.layer.1.output.dense.weight"):
        assert (saved[f"encoder.{name}"] == original[name]).all(), name
    assert not (saved["encoder.encoder.layer.2.output.dense.weight"] == original["encoder.layer.2.output.dense.weight"]).all()


def test_encoder_layers_keeps_the_lowest_layers_and_the_saved_model_loads_with_them(tmp_path, corpus):
    from transformers import AutoModel

    from training.encoder import resolve_encoder

    config = parse_config({**TINY, "encoder_layers": 2, "train": {**TINY["train"], "max_steps": 1}})
    net, _ = train_module.build_network(config, "test")
    original = AutoModel.from_pretrained(resolve_encoder(config.encoder), add_pooling_layer=False).state_dict()
    kept = net.encoder.state_dict()
    assert len(net.encoder.encoder.layer) == 2 and "encoder.layer.2.output.dense.weight" not in kept
    assert all((kept[name] == original[name]).all() for name in kept)
    train(config, tmp_path / "two", Split(corpus[0], []), progress=False, log=lambda line: None)
    model = load_model(tmp_path / "two")
    assert len(model.net.encoder.encoder.layer) == 2 and model.net.encoder.config.num_hidden_layers == 2


def test_more_encoder_layers_than_the_encoder_has_is_a_config_error(tmp_path):
    from extraction.errors import ConfigError

    with pytest.raises(ConfigError, match="encoder_layers 5: the encoder has only 4 layers"):
        train_module.build_network(parse_config({**TINY, "encoder_layers": 5}), "test")


@pytest.mark.parametrize("layers", [4, 9])
def test_freezing_every_layer_is_a_config_error(tmp_path, corpus, layers):
    from extraction.errors import ConfigError

    config = parse_config({**TINY, "train": {**TINY["train"], "freeze_layers": layers}})
    with pytest.raises(ConfigError, match="leave at least one"):
        train(config, tmp_path / "all", Split(corpus[0], []), progress=False, log=lambda line: None)


@pytest.mark.parametrize("tiled", [False, True])
def test_states_from_cached_lower_layers_equal_a_full_pass(tiny_model, tiled):
    import torch

    model = load_model(tiny_model[0])
    pieces = tokenize(model.tokenizer, SAMPLE.read_text(encoding="utf-8")[:900])
    special = (model.tokenizer.cls_token_id, model.tokenizer.sep_token_id)
    with torch.inference_mode():
        full = model.net.encode(pieces, *special, tiled=tiled)
        frozen = model.net.frozen_states(pieces, *special, layers=2, tiled=tiled)
        resumed = model.net.encode(pieces, *special, frozen=frozen, tiled=tiled)
    assert len(frozen.states) >= 2 and torch.allclose(full, resumed, atol=1e-5)


def test_training_tiles_give_one_state_per_piece_and_equal_windows_on_a_short_text(tiny_model):
    import torch

    model = load_model(tiny_model[0])
    special = (model.tokenizer.cls_token_id, model.tokenizer.sep_token_id)
    text = SAMPLE.read_text(encoding="utf-8")
    with torch.inference_mode():
        for length in (40, 900):
            pieces = tokenize(model.tokenizer, text[:length])
            overlapping = model.net.encode(pieces, *special)
            tiled = model.net.encode(pieces, *special, tiled=True)
            assert tiled.shape == overlapping.shape == (len(pieces), model.net.encoder.config.hidden_size)
            assert torch.allclose(tiled, overlapping, atol=1e-5) == (len(pieces) <= 62), length


def test_averaging_saves_other_weights_than_the_last_ones_of_the_same_run(tmp_path, corpus):
    from safetensors.torch import load_file

    saved = {}
    for decay in (0.0, 0.5):
        config = parse_config({**TINY, "train": {**TINY["train"], "average_decay": decay}})
        train(config, tmp_path / str(decay), Split(corpus[0], []), progress=False, log=lambda line: None)
        saved[decay] = load_file(str(tmp_path / str(decay) / WEIGHTS_FILE))
    name = "encoder.encoder.layer.3.output.dense.weight"
    assert not (saved[0.0][name] == saved[0.5][name]).all()


def test_new_settings_reach_the_windows_the_network_encodes(tiny_model):
    from dataclasses import replace

    model = load_model(tiny_model[0])
    pieces = tokenize(model.tokenizer, SAMPLE.read_text(encoding="utf-8")[:900])
    before = model.net.window_ranges(pieces)
    model.settings = replace(model.settings, overlap=4)
    after = model.net.window_ranges(pieces)
    assert before[0][1] - before[1][0] == 8  # the tiny model's overlap
    assert after[0][1] - after[1][0] == 4 and len(after) < len(before)


@pytest.mark.parametrize("precision, device, bf16_cpu, expected", [
    ("fp32", "cpu", True, None),
    ("bf16", "cpu", False, "bfloat16"),   # asked for by name: taken even where it is emulated
    ("auto", "cpu", True, "bfloat16"),
    ("auto", "cpu", False, None),
    ("auto", "meta", True, None),         # neither a CPU nor a CUDA device: fp32
])
def test_precision_names_the_autocast_dtype(monkeypatch, precision, device, bf16_cpu, expected):
    import torch

    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: bf16_cpu)
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: False)
    dtype = train_module.autocast_dtype(precision, torch.device(device))
    assert dtype == (getattr(torch, expected) if expected else None)


def test_a_torch_without_the_bf16_probes_trains_auto_in_fp32(monkeypatch):
    import torch

    for probe in ("_is_avx512_bf16_supported", "_is_amx_tile_supported"):
        monkeypatch.delattr(torch.cpu, probe)
    assert train_module.autocast_dtype("auto", torch.device("cpu")) is None


@pytest.mark.parametrize("precision", ["bf16", "fp32"])
def test_training_passes_the_configured_precision_and_saves_fp32_weights(tmp_path, corpus, monkeypatch, precision):
    import torch
    from safetensors.torch import load_file

    passed = []
    real_loss = train_module.document_loss

    def recording_loss(net, example, relation_weight, precision=None):
        passed.append(precision)
        return real_loss(net, example, relation_weight, precision)

    monkeypatch.setattr(train_module, "document_loss", recording_loss)
    config = parse_config({**TINY, "train": {**TINY["train"], "precision": precision}})
    train(config, tmp_path / "m", Split(corpus[0], []), progress=False, log=lambda line: None)
    assert passed and set(passed) == {torch.bfloat16 if precision == "bf16" else None}
    assert {tensor.dtype for tensor in load_file(str(tmp_path / "m" / WEIGHTS_FILE)).values()} == {torch.float32}


@pytest.mark.parametrize("precision", [None, "bfloat16"])
def test_document_loss_runs_the_encoder_in_the_precision_and_the_heads_in_fp32(tiny_model, corpus, precision):
    import torch

    from training.data import make_example

    model = load_model(tiny_model[0], int8=False)
    net = model.net
    net.special_ids = (model.tokenizer.cls_token_id, model.tokenizer.sep_token_id)
    example = make_example(corpus[0][0], model.tokenizer, net.settings.labels)
    dtype = getattr(torch, precision) if precision else None
    seen = {}

    def record(name):
        def hook(module, args, out):
            seen.setdefault(name, out.dtype)
        return hook

    relation_linears = [module for module in net.relations.modules() if isinstance(module, torch.nn.Linear)]
    hooks = [net.encoder.encoder.layer[0].attention.self.query.register_forward_hook(record("encoder")),
             net.entities.project.register_forward_hook(record("entity head")),
             *(linear.register_forward_hook(record("relation head")) for linear in relation_linears)]
    try:
        loss = train_module.document_loss(net, example, 1.0, dtype)
        reference = train_module.document_loss(net, example, 1.0, None)
    finally:
        for hook in hooks:
            hook.remove()
    assert seen == {"encoder": dtype or torch.float32, "entity head": torch.float32, "relation head": torch.float32}
    assert loss.dtype == torch.float32 and not torch.is_autocast_enabled("cpu")
    assert abs(loss.item() - reference.item()) <= 0.02 * reference.item()
