"""Fine-tune encoder + heads on corpus documents; keep the best epoch on the dev report(s)."""
from __future__ import annotations

import os
import random
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import torch

from annotations.tasks import CorpusDoc, load_corpus
from extraction.bert import Bert
from extraction.errors import ConfigError
from extraction.model import ReportieModel, ReportieNet, save_model, write_activation_ranges
from training.averaging import WeightAverage
from training.config import Config
from training.data import Example, make_example
from training.encoder import resolve_encoder
from training.evaluate import evaluate, selection_score


CALIBRATION_CHARS = 30_000  # the four real reports hold 21,400; about 6 s of encoding


@dataclass
class Split:
    train: list[CorpusDoc]
    dev: list[CorpusDoc]


def split_corpus(config: Config) -> Split:
    """Training and dev documents as the config's `data` section says."""
    docs = load_corpus(config.data.corpus) if config.data.corpus else load_corpus()
    known = {doc.name for doc in docs}
    unknown = [name for name in config.data.dev_reports if name not in known]
    if unknown:
        raise ConfigError(f"data.dev_reports: not in the corpus: {', '.join(unknown)}")
    dev = [doc for doc in docs if doc.name in config.data.dev_reports]
    train = [doc for doc in docs if (config.data.synthetic or not doc.synthetic)
             and (config.data.train_on_dev or doc.name not in config.data.dev_reports)]
    return Split(train, dev)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def autocast_dtype(precision: str, device: torch.device) -> torch.dtype | None:
    """The dtype the encoder's forward pass autocasts to in training, or None for plain fp32.

    `auto` takes bf16 only where the hardware computes it natively (a CPU with AVX512-BF16 or AMX,
    a CUDA device that supports it); emulated bf16 is slower than fp32.
    """
    if precision == "fp32":
        return None
    if precision == "bf16":
        return torch.bfloat16
    if device.type == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else None
    return torch.bfloat16 if device.type == "cpu" and _cpu_has_native_bf16() else None


def _cpu_has_native_bf16() -> bool:
    # torch only has private probes for this; a torch without them trains in fp32 rather than failing
    probes = [getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    return any(probe() for probe in probes if probe)


def build_network(config: Config, version: str):
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()  # the unused pooler weights are expected, not news
    encoder_path = resolve_encoder(config.encoder)
    tokenizer = AutoTokenizer.from_pretrained(encoder_path)
    encoder = AutoModel.from_pretrained(encoder_path, add_pooling_layer=False, **_layer_count(config, encoder_path))
    encoder = Bert.from_transformers(encoder) or encoder  # the network inference runs, when it is a plain BERT
    if config.train.freeze_layers:
        _check_freezable(encoder, config.train.freeze_layers)
    net = ReportieNet(encoder, config.model_settings(version))
    net.special_ids = (tokenizer.cls_token_id, tokenizer.sep_token_id)
    return net, tokenizer


def _layer_count(config: Config, encoder_path: str) -> dict:
    """`from_pretrained` keyword that keeps the lowest `encoder_layers` layers; the rest are never loaded."""
    if config.encoder_layers is None:
        return {}
    from transformers import AutoConfig

    available = AutoConfig.from_pretrained(encoder_path).num_hidden_layers
    if config.encoder_layers > available:
        raise ConfigError(f"encoder_layers {config.encoder_layers}: the encoder has only {available} layers")
    return {"num_hidden_layers": config.encoder_layers}


def _check_freezable(encoder, layers: int) -> None:
    if not isinstance(encoder, Bert):
        raise ConfigError(f"train.freeze_layers needs a plain BERT encoder; {type(encoder).__name__} is not one")
    if layers >= encoder.config.num_hidden_layers:
        raise ConfigError(f"train.freeze_layers {layers}: the encoder has {encoder.config.num_hidden_layers} layers; "
                          "leave at least one to train")


def freeze_lower_layers(net: ReportieNet, layers: int) -> None:
    for parameter in [*net.encoder.embeddings.parameters(),
                      *(p for layer in net.encoder.encoder.layer[:layers] for p in layer.parameters())]:
        parameter.requires_grad_(False)


def train(config: Config, out: Path, split: Split, resume: bool = False, progress: bool = True,
          log: Callable[[str], None] = print) -> dict:
    """Train, evaluate on `split.dev` every epoch, save the best (or last, without dev) model to `out`."""
    from tqdm import tqdm
    from transformers import get_linear_schedule_with_warmup

    seed_everything(config.train.seed)
    if config.train.threads:
        torch.set_num_threads(config.train.threads)
    device = pick_device(config.train.device)
    precision = autocast_dtype(config.train.precision, device)
    version = f"reportie-{config.model.entity_head}-{time.strftime('%Y%m%d-%H%M%S')}"
    net, tokenizer = build_network(config, version)
    net.to(device)
    if config.train.freeze_embeddings:
        net.encoder.get_input_embeddings().weight.requires_grad_(False)
    train_docs = split.train[: config.train.max_train_docs] if config.train.max_train_docs else split.train
    examples = [make_example(doc, tokenizer, net.settings.labels) for doc in train_docs]
    if config.train.freeze_layers:
        freeze_lower_layers(net, config.train.freeze_layers)
        for example in tqdm(examples, desc="frozen layers", unit="doc", disable=not progress):
            example.frozen = net.frozen_states(example.pieces, *net.special_ids, config.train.freeze_layers, tiled=True)
    examples += [example for example, doc in zip(examples, train_docs) if not doc.synthetic] * (config.data.real_repeat - 1)
    if not examples:
        raise ConfigError("no training documents (check data.synthetic / data.dev_reports)")
    optimizer = _optimizer(net, config)
    steps_per_epoch = max(1, -(-sum(ex.windows_hint for ex in examples) // config.train.batch_windows))
    total_steps = config.train.max_steps or steps_per_epoch * config.train.epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, int(total_steps * config.train.warmup), total_steps)
    state = {"epoch": 0, "step": 0, "best": None, "history": []}
    average = WeightAverage(net, config.train.average_decay) if config.train.average_decay else None
    checkpoint = out.with_name(out.name + ".resume.pt")
    if resume and checkpoint.is_file():
        state = _load_checkpoint(checkpoint, net, optimizer, scheduler, average)
        log(f"resumed from {checkpoint} after epoch {state['epoch']}")
    started = time.perf_counter()
    for epoch in range(state["epoch"] + 1, config.train.epochs + 1):
        net.train()
        order = random.Random(config.train.seed + epoch).sample(examples, len(examples))
        bar = tqdm(order, desc=f"epoch {epoch}/{config.train.epochs}", unit="doc", disable=not progress)
        losses = _run_epoch(net, bar, Stepper(optimizer, scheduler, average), config, state, total_steps, precision)
        epoch_seconds = time.perf_counter() - started
        record = {"epoch": epoch, "loss": sum(losses) / max(1, len(losses)), "seconds": round(epoch_seconds, 1)}
        with average.applied(net) if average else nullcontext():
            if split.dev:
                metrics = evaluate(split.dev, predict(ReportieModel(net, tokenizer, net.settings), split.dev))
                record.update(dev=selection_score(metrics), metrics=metrics)
                net.train()
            state["history"].append(record)
            log(_epoch_line(record))
            if state["best"] is None or not split.dev or record["dev"] >= state["best"]:
                state["best"] = record.get("dev", 0.0)
                save_model(out, net, tokenizer, _summary(state, record, config), {"config": config.model_dump(mode="json")})
        state["epoch"] = epoch
        _save_checkpoint(checkpoint, net, optimizer, scheduler, state, average)
        if config.train.max_steps and state["step"] >= config.train.max_steps:
            break
    checkpoint.unlink(missing_ok=True)
    write_activation_ranges(out, calibration_texts(train_docs))
    return _summary(state, state["history"][-1], config)


def calibration_texts(docs: list[CorpusDoc], max_chars: int = CALIBRATION_CHARS) -> list[str]:
    """Texts the saved model's int8 ranges are recorded on: real reports first, up to `max_chars`."""
    texts, total = [], 0
    for doc in sorted(docs, key=lambda doc: doc.synthetic):
        if total >= max_chars:
            break
        texts.append(doc.text[: max_chars - total])
        total += len(texts[-1])
    return texts


def _optimizer(net: ReportieNet, config: Config) -> torch.optim.Optimizer:
    encoder_params = [p for p in net.encoder.parameters() if p.requires_grad]
    encoder_ids = {id(p) for p in encoder_params}
    head_params = [p for p in net.parameters() if id(p) not in encoder_ids]
    return torch.optim.AdamW([
        {"params": encoder_params, "lr": config.train.learning_rate},
        {"params": head_params, "lr": config.train.head_learning_rate},
    ], weight_decay=config.train.weight_decay)


def _run_epoch(net, bar, stepper: Stepper, config: Config, state: dict, total_steps: int,
               precision: torch.dtype | None = None) -> list[float]:
    losses, pending = [], 0
    for example in bar:
        if state["step"] >= total_steps:
            break
        loss = document_loss(net, example, config.train.relation_weight, precision)
        (loss * example.windows_hint / config.train.batch_windows).backward()
        losses.append(loss.item())
        pending += example.windows_hint
        if pending >= config.train.batch_windows:
            stepper.step(net, state)
            pending = 0
        bar.set_postfix(loss=f"{sum(losses[-20:]) / len(losses[-20:]):.3f}")
    if pending:
        stepper.step(net, state)
    return losses


@dataclass
class Stepper:
    """What one optimisation step touches: the optimizer, its schedule, the weight average if any."""

    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler
    average: WeightAverage | None

    def step(self, net: ReportieNet, state: dict) -> None:
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        self.optimizer.step()
        self.scheduler.step()
        self.optimizer.zero_grad()
        if self.average:
            self.average.update(net)
        state["step"] += 1


def document_loss(net: ReportieNet, example: Example, relation_weight: float,
                  precision: torch.dtype | None = None) -> torch.Tensor:
    """Entity loss plus weighted relation loss of one document.

    With a `precision`, the encoder's products run in it; the heads score spans and pairs in fp32,
    where bf16's three significant digits would blur close scores.
    """
    device = next(net.parameters()).device.type
    with torch.autocast(device, dtype=precision) if precision else nullcontext():
        hidden = net.encode(example.pieces, *net.special_ids, frozen=example.frozen, tiled=True)
    hidden = hidden.float()
    loss = net.entities.loss(hidden, example.gold_spans)
    if relation_weight and example.entities:
        loss = loss + relation_weight * net.relations.loss(hidden, example.entities, example.gold_relations)
    return loss


def predict(model: ReportieModel, docs: list[CorpusDoc]):
    return [model(doc.text) for doc in docs]


def _epoch_line(record: dict) -> str:
    line = f"epoch {record['epoch']}: loss {record['loss']:.4f}, {record['seconds']:.0f} s"
    if "metrics" in record:
        metrics = record["metrics"]
        line += (f"; dev entities F1 {metrics['entities']['ALL']['f']:.3f}, values {metrics['entities']['VALUES']['f']:.3f}, "
                 f"HAS_VALUE {metrics['relations'].get('HAS_VALUE', {}).get('f', 0):.3f}, "
                 f"records {metrics['records']['accuracy']:.3f}")
    return line


def _summary(state: dict, record: dict, config: Config) -> dict:
    return {"epoch": record["epoch"], "dev_score": record.get("dev"), "dev": record.get("metrics"),
            "history": [{k: v for k, v in item.items() if k != "metrics"} for item in state["history"]],
            "train_seconds": record["seconds"], "seed": config.train.seed}


def _save_checkpoint(path: Path, net, optimizer, scheduler, state: dict, average: WeightAverage | None) -> None:
    staging = path.with_name(path.name + ".tmp")
    torch.save({"net": net.state_dict(), "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
                "average": average.state_dict() if average else None,
                "state": state, "rng": torch.get_rng_state(), "py_rng": random.getstate()}, staging)
    os.replace(staging, path)


def _load_checkpoint(path: Path, net, optimizer, scheduler, average: WeightAverage | None) -> dict:
    saved = torch.load(path, map_location="cpu", weights_only=False)
    net.load_state_dict(saved["net"])
    if average and saved.get("average"):
        average.load_state_dict(saved["average"])
    optimizer.load_state_dict(saved["optimizer"])
    scheduler.load_state_dict(saved["scheduler"])
    torch.set_rng_state(saved["rng"])
    random.setstate(saved["py_rng"])
    return saved["state"]
