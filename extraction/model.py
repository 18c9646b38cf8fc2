"""The trained tagger: encoder + entity head + relation head, and the folder it is saved in.

`load_model(folder)` gives a callable `text -> (spans, relations)` for `Pipeline`. A model folder
holds the encoder's config and tokenizer, `weights.safetensors` (every parameter),
`reportie_model.json` (labels, head, window settings, rule merging, training metrics) and, once
training has finished, `activation_ranges.safetensors` (what int8 extraction needs; extraction/quantize.py).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import torch
from torch import nn

from extraction.bert import folder_encoder
from extraction.document import LABELS, VALUE_LABELS, Relation, Span, overlaps_any
from extraction.encoding import Pieces, align_span, owned_rows, tiling_ranges, tokenize, window_ranges
from extraction.errors import ConfigError
from extraction.clause_split import split_at_clause_marks
from extraction.heads import create_head
from extraction.indicator_trim import trim_indicators
from extraction.listed_projects import add_listed_projects
from extraction.fund_projects import fund_projects
from extraction.named_projects import link_named_projects
from extraction.orphan_indicators import add_orphan_indicators
from extraction.counted_nouns import link_counted_nouns
from extraction.crossed_links import drop_crossed_links
from extraction.award_counts import award_counts
from extraction.award_names import join_award_names
from extraction.project_filter import drop_unreported_projects
from extraction.quantize import (RANGES_FILE, SmoothedInt8Linear, int8_encoder, load_ranges, record_input_ranges,
                                 save_ranges)
from extraction.project_trim import trim_project_leads
from extraction.quote_trim import trim_quotes
from extraction.relations import Entity, RelationHead
from extraction.title_project import link_to_title_project
from extraction.value_gate import add_candidates, drop_unvalued_indicators
from extraction.sections import Outline
from extraction.sentences import sentence_bounds, sentence_index

SETTINGS_FILE = "reportie_model.json"
WEIGHTS_FILE = "weights.safetensors"
MERGE_MODES = ("model", "rules_values", "union")
# The steps after the network, in the order ReportieModel applies them; `model_alone` turns them off.
POST_PROCESSING = ("listed_projects", "rule_projects", "split_names", "trim_project_leads", "trim_quotes",
                   "trim_indicators", "award_names", "fund_projects", "counted_nouns", "crossed_links",
                   "award_counts", "orphan_indicators", "title_project", "named_projects", "drop_unreported_projects")


@dataclass
class ModelSettings:
    """Everything needed to rebuild the network around saved weights (stored with the model)."""

    labels: list[str] = field(default_factory=lambda: list(LABELS))
    entity_head: str = "softmax"
    window: int = 256
    overlap: int = 32
    max_span: int = 64
    span_threshold: float = 0.0
    label_thresholds: dict[str, float] = field(default_factory=dict)  # per label, over span_threshold
    length_bonus: dict[str, float] = field(default_factory=dict)  # per label, see SpanHead.decode
    span_dim: int = 256
    max_projects: int = 4
    dropout: float = 0.1
    merge_rules: str = "rules_values"
    listed_projects: bool = True  # sub-projects listed with their count (extraction/listed_projects.py)
    rule_projects: bool = True
    trim_indicators: bool = True  # stage and money verbs cut off INDICATOR spans (extraction/indicator_trim.py)
    split_names: bool = True  # name spans cut at clause marks (extraction/clause_split.py)
    trim_project_leads: bool = True  # scope words and ordinals cut off PROJECT spans (extraction/project_trim.py)
    trim_quotes: bool = True  # enclosing quotes and blanks cut off name spans (extraction/quote_trim.py)
    award_names: bool = True  # a contest PROJECT joins the award INDICATOR after it (extraction/award_names.py)
    fund_projects: bool = True  # after decoding (extraction/fund_projects.py)
    counted_nouns: bool = True  # after decoding (extraction/counted_nouns.py)
    crossed_links: bool = True  # after decoding (extraction/crossed_links.py)
    award_counts: bool = True  # after decoding (extraction/award_counts.py)
    orphan_indicators: bool = True  # after decoding (extraction/orphan_indicators.py)
    title_project: bool = True  # after decoding (extraction/title_project.py)
    named_projects: bool = True  # after decoding (extraction/named_projects.py)
    drop_unreported_projects: bool = True  # after decoding (extraction/project_filter.py)
    # [low, high] logits: INDICATOR candidates decoded from `low`; under `high` kept only where a value
    # links to them (extraction/value_gate.py); None: off
    value_gate: list[float] | None = None
    int8: bool = True  # encoder products in int8 once loaded, given activation ranges (extraction/quantize.py)
    version: str = "reportie-untrained"

    def __post_init__(self) -> None:
        if self.merge_rules not in MERGE_MODES:
            raise ConfigError(f"merge_rules must be one of {', '.join(MERGE_MODES)}, not {self.merge_rules!r}")
        if self.value_gate is not None and (len(self.value_gate) != 2 or self.value_gate[0] > self.value_gate[1]):
            raise ConfigError(f"value_gate must be [low, high] with low ≤ high, not {self.value_gate!r}")
        if not 16 <= self.window <= 512 or not 0 <= self.overlap < self.window // 2:
            raise ConfigError(f"window {self.window} / overlap {self.overlap}: need 16 ≤ window ≤ 512, overlap < window/2")

    def model_alone(self) -> "ModelSettings":
        """These settings with no rule values and every post-processing step off."""
        return replace(self, merge_rules="model", value_gate=None, **{step: False for step in POST_PROCESSING})


class ReportieNet(nn.Module):
    """Encoder over sliding windows, merged into one state per piece, then the two heads."""

    def __init__(self, encoder: nn.Module, settings: ModelSettings):
        super().__init__()
        self.settings = settings
        self.encoder = encoder
        hidden_size = encoder.config.hidden_size
        self.dropout = nn.Dropout(settings.dropout)
        self.entities = create_head(settings.entity_head, hidden_size, settings.labels, max_span=settings.max_span,
                                    threshold=settings.span_threshold)
        self.relations = RelationHead(hidden_size, settings.labels, settings.span_dim, settings.max_projects)
        self.special_ids: tuple[int, int] | None = None  # [CLS], [SEP] of the tokenizer, set by its owner

    def window_ranges(self, pieces: Pieces, tiled: bool = False) -> list[tuple[int, int]]:
        """Piece ranges of the windows (room left for [CLS] and [SEP]): overlapping, or `tiled` for training."""
        if tiled:
            return tiling_ranges(len(pieces), self.settings.window - 2)
        return window_ranges(len(pieces), self.settings.window - 2, self.settings.overlap)

    def encode(self, pieces: Pieces, cls_id: int, sep_id: int, batch_size: int = 8,
               frozen: FrozenStates | None = None, tiled: bool = False) -> torch.Tensor:
        """One hidden state per piece `[pieces, hidden]`, each from the window where it is most central.

        `frozen` holds the states of every window batch after the encoder's lowest (frozen) layers
        (computed with the same `tiled`); only the layers above them run.
        """
        ranges = self.window_ranges(pieces, tiled)
        device = next(self.parameters()).device
        states = []
        for number, (batch, ids, mask) in enumerate(window_batches(pieces, ranges, cls_id, sep_id, batch_size)):
            if frozen is None:
                output = self.encoder(input_ids=ids.to(device), attention_mask=mask.to(device)).last_hidden_state
            else:
                output = self.encoder.run_layers(frozen.states[number], mask.to(device), start=frozen.layers)
            states.extend(output[row, 1: end - start + 1] for row, (start, end) in enumerate(batch))
        if not states:
            return torch.zeros(0, self.encoder.config.hidden_size, device=device)
        rows = torch.tensor(owned_rows(ranges, len(pieces)), device=device)
        # one gather: a selection per piece cost 3–5 % of a training step, mostly in its backward pass
        return self.dropout(torch.cat(states).index_select(0, rows))

    @torch.no_grad()
    def frozen_states(self, pieces: Pieces, cls_id: int, sep_id: int, layers: int, batch_size: int = 8,
                      tiled: bool = False) -> FrozenStates:
        """The states after embeddings and the lowest `layers` layers, computed once (no dropout)."""
        was_training = self.encoder.training
        self.encoder.eval()
        device = next(self.parameters()).device
        ranges = self.window_ranges(pieces, tiled)
        states = [self.encoder.run_layers(self.encoder.embeddings(ids.to(device)), mask.to(device), stop=layers)
                  for _, ids, mask in window_batches(pieces, ranges, cls_id, sep_id, batch_size)]
        self.encoder.train(was_training)
        return FrozenStates(layers, states)


@dataclass
class FrozenStates:
    layers: int
    states: list[torch.Tensor]  # per window batch `[windows, pieces + 2, hidden]`


def window_batches(pieces: Pieces, ranges: list[tuple[int, int]], cls_id: int, sep_id: int, batch_size: int):
    """`(ranges, input_ids, attention_mask)` per batch of windows, each window framed by [CLS] … [SEP]."""
    for offset in range(0, len(ranges), batch_size):
        batch = ranges[offset:offset + batch_size]
        longest = max(end - start for start, end in batch) + 2
        ids = torch.zeros(len(batch), longest, dtype=torch.long)
        mask = torch.zeros(len(batch), longest, dtype=torch.long)
        for row, (start, end) in enumerate(batch):
            ids[row, : end - start + 2] = torch.tensor([cls_id, *pieces.ids[start:end], sep_id])
            mask[row, : end - start + 2] = 1
        yield batch, ids, mask


def entities_for(text: str, pieces: Pieces, spans: list[Span]) -> tuple[list[Entity], list[int]]:
    """Relation-head entities for character spans, and the indices of the spans that found pieces."""
    bounds = sentence_bounds(text) or [(0, len(text))]
    outline = Outline(text)
    entities, kept = [], []
    opens_topic = outline.projects_opening_topics(spans, bounds)
    for index, span in enumerate(spans):
        aligned = align_span(pieces, span.start, span.end)
        if aligned is None:
            continue
        place = outline.place(span.start)
        entities.append(Entity(span.label, span.start, span.end, aligned[0], aligned[1],
                               sentence_index(bounds, span.start), place.line, place.section,
                               place.opens_line, place.in_heading,
                               span.label != "PROJECT" or index in opens_topic))
        kept.append(index)
    return entities, kept


class ReportieModel:
    """A loaded model: `model(text) -> (spans, relations)`, with rules merged as configured."""

    def __init__(self, net: ReportieNet, tokenizer, settings: ModelSettings, metrics: dict | None = None,
                 notes: list[str] | None = None):
        self.net, self.tokenizer, self.settings = net.eval(), tokenizer, settings
        self.metrics = metrics or {}
        self.version = settings.version
        self.notes = notes or []  # passed on with every extraction, e.g. why the encoder runs in float32

    @property
    def settings(self) -> ModelSettings:
        return self._settings

    @settings.setter
    def settings(self, settings: ModelSettings) -> None:
        """New settings take effect at once: windows, the span head's thresholds and length bonus, post-processing."""
        self._settings = self.net.settings = settings
        if hasattr(self.net.entities, "threshold"):
            self.net.entities.threshold = span_thresholds(settings)
            self.net.entities.length_bonus = torch.tensor([settings.length_bonus.get(label, 0.0)
                                                           for label in settings.labels])
            self.net.entities.floor = candidate_floors(settings)

    @torch.inference_mode()
    def __call__(self, text: str) -> tuple[list[Span], list[Relation]]:
        pieces = tokenize(self.tokenizer, text)
        if not len(pieces):
            return [], []
        hidden = self.net.encode(pieces, self.tokenizer.cls_token_id, self.tokenizer.sep_token_id)
        spans, candidates = self._entity_spans(text, pieces, hidden)
        spans = merge_rules(text, spans, self.settings.merge_rules)
        if self.settings.listed_projects:
            spans = add_listed_projects(text, spans)
        if self.settings.rule_projects:
            spans = add_rule_projects(text, spans)
        spans = add_candidates(spans, candidates)  # after the steps that add spans, before those that cut them
        if self.settings.split_names:
            spans = split_at_clause_marks(text, spans)
        if self.settings.trim_project_leads:
            spans = trim_project_leads(text, spans)
        if self.settings.trim_quotes:
            spans = trim_quotes(text, spans)
        if self.settings.trim_indicators:
            spans = trim_indicators(text, spans)
        if self.settings.award_names:
            spans = join_award_names(text, spans)
        entities, kept = entities_for(text, pieces, spans)
        relations = [
            Relation(kind, kept[head], kept[tail], score)
            for kind, head, tail, score in self.net.relations.decode(hidden, entities)
        ]
        relations = sorted(relations, key=lambda rel: (rel.type, rel.head, rel.tail))
        if self.settings.fund_projects:
            spans, relations = fund_projects(text, spans, relations)
        if self.settings.counted_nouns:
            relations = link_counted_nouns(text, spans, relations)
        if self.settings.crossed_links:
            relations = drop_crossed_links(text, spans, relations)
        if self.settings.award_counts:
            spans, relations = award_counts(text, spans, relations)
        if self.settings.orphan_indicators:
            spans, relations = add_orphan_indicators(text, spans, relations)
        if self.settings.value_gate:
            spans, relations = drop_unvalued_indicators(spans, relations, self.settings.value_gate[1])
        if self.settings.title_project:
            relations = link_to_title_project(text, spans, relations)
        if self.settings.named_projects:
            relations = link_named_projects(text, spans, relations)
        if self.settings.drop_unreported_projects:
            spans, relations = drop_unreported_projects(spans, relations)
        return spans, relations

    def _entity_spans(self, text: str, pieces: Pieces, hidden: torch.Tensor) -> tuple[list[Span], list[Span]]:
        """The entity head's spans, and its candidates under the threshold where `value_gate` asks for them."""
        head = self.net.entities
        if self.settings.value_gate and hasattr(head, "decode_with_candidates"):
            found, candidates = head.decode_with_candidates(hidden)
        else:
            found, candidates = head.decode(hidden), []
        return self._spans(text, pieces, found), self._spans(text, pieces, candidates)

    def _spans(self, text: str, pieces: Pieces, piece_spans) -> list[Span]:
        spans = []
        for first, last, label, score in piece_spans:
            start, end = pieces.char_span(first, last)
            spans.append(Span(start, end, self.settings.labels[label], text[start:end], round(score, 4), "model"))
        return spans


def candidate_floors(settings: ModelSettings) -> torch.Tensor | None:
    """Where the span head's candidates start per label: INDICATOR at the gate's lower bound, the
    other labels at their threshold (no candidates)."""
    if not settings.value_gate:
        return None
    floors = span_thresholds(settings)
    floors[settings.labels.index("INDICATOR")] = settings.value_gate[0]
    return floors


def span_thresholds(settings: ModelSettings) -> torch.Tensor:
    """The span head's decision threshold of every label (logits; 0 is probability 0.5)."""
    return torch.tensor([settings.label_thresholds.get(label, settings.span_threshold) for label in settings.labels])


def merge_rules(text: str, model_spans: list[Span], mode: str) -> list[Span]:
    """Combine model spans with the rule tagger's values.

    - `model`: the model alone (rules only lend the table-header unit of a value both found);
    - `rules_values`: values from the rules (precision 1.0 on the corpus), then the model's names
      (INDICATOR, PROJECT) and values that overlap none of them;
    - `union`: every model span, plus rule values that overlap no model span.
    """
    from extraction.rules import tag_values

    rule_spans = tag_values(text)
    hints = {(span.start, span.end): span.unit_hint for span in rule_spans if span.unit_hint}
    model_spans = [_with_hint(span, hints.get((span.start, span.end))) for span in model_spans]
    if mode == "model":
        return model_spans
    if mode == "rules_values":
        merged = list(rule_spans)
        for wanted in (lambda span: span.label not in VALUE_LABELS, lambda span: span.label in VALUE_LABELS):
            merged += [span for span in model_spans if wanted(span) and not overlaps_any(span, merged)]
    else:
        merged = model_spans + [span for span in rule_spans if not overlaps_any(span, model_spans)]
    return sorted(merged, key=lambda span: (span.start, span.end))


def add_rule_projects(text: str, spans: list[Span]) -> list[Span]:
    """Quoted programme names the model missed, where they overlap nothing it found but indicators
    cut out of the name (`维权建设项目` inside `“提高产业工人整体素质和维权建设项目”`), which they replace."""
    from extraction.project_rules import tag_projects

    extra = []
    for name in tag_projects(text):
        fragments = [span for span in spans if overlaps_any(span, [name])]
        if all(_is_fragment(span, name) for span in fragments):
            extra.append(name)
            spans = [span for span in spans if span not in fragments]
    return sorted(spans + extra, key=lambda span: (span.start, span.end)) if extra else spans


def _is_fragment(span: Span, name: Span) -> bool:
    return (span.label == "INDICATOR" and name.start <= span.start and span.end <= name.end
            and span.end - span.start < name.end - name.start)


def _with_hint(span: Span, hint: str | None) -> Span:
    if hint is None or span.label not in VALUE_LABELS:
        return span
    return Span(span.start, span.end, span.label, span.text, span.score, span.source, hint)


def resolve_tokenizer_and_config(folder: Path):
    from transformers import AutoConfig, AutoTokenizer

    return AutoTokenizer.from_pretrained(folder), AutoConfig.from_pretrained(folder)


def load_model(folder: str | Path, threads: int | None = None, int8: bool | None = None) -> ReportieModel:
    """Load a model folder written by `save_model`; a clear error when it is not one.

    `int8` (default: the model's `int8` setting) runs the encoder's products in int8 when the folder
    holds activation ranges; otherwise the model stays float32 and says why in its `notes`.
    """
    from safetensors.torch import load_file

    folder = Path(folder)
    settings_path = folder / SETTINGS_FILE
    if not settings_path.is_file() or not (folder / WEIGHTS_FILE).is_file():
        raise ConfigError(f"{folder}: not a reportie model folder (no {SETTINGS_FILE} / {WEIGHTS_FILE}); "
                          f"train one with `reportie train --out {folder}`")
    if threads:
        torch.set_num_threads(threads)
    stored = json.loads(settings_path.read_text(encoding="utf-8"))
    settings = ModelSettings(**stored["settings"])
    encoder_and_tokenizer = folder_encoder(folder)
    if encoder_and_tokenizer is None:  # not a plain BERT: transformers builds it (slower to import)
        from transformers import AutoModel

        tokenizer, config = resolve_tokenizer_and_config(folder)
        encoder_and_tokenizer = AutoModel.from_config(config, add_pooling_layer=False), tokenizer
    encoder, tokenizer = encoder_and_tokenizer
    net = ReportieNet(encoder, settings)
    net.load_state_dict(load_file(str(folder / WEIGHTS_FILE)))
    notes = _to_int8(net.encoder, folder) if (settings.int8 if int8 is None else int8) else []
    return ReportieModel(net, tokenizer, settings, stored.get("metrics"), notes)


def _to_int8(encoder: nn.Module, folder: Path) -> list[str]:
    """Run `encoder` in int8 with the folder's activation ranges; the reason as a note where it cannot."""
    ranges = load_ranges(folder)
    if ranges is None:
        return [f"encoder ran in float32: {folder} has no {RANGES_FILE} (trained before int8 extraction); "
                f"`reportie train` writes it and extraction gets faster"]
    try:
        int8_encoder(encoder, ranges)
    except (ValueError, RuntimeError, ImportError) as error:
        return [f"encoder ran in float32: int8 not possible here ({error})"]
    return []


def write_activation_ranges(folder: str | Path, texts: list[str]) -> None:
    """Record the encoder's input ranges on `texts` with the float model in `folder`, and store them there.

    Read from the folder, not taken from memory: the weights saved may be an average or an earlier epoch.
    """
    model = load_model(folder, int8=False)

    def encode(text: str) -> None:
        pieces = tokenize(model.tokenizer, text)
        if len(pieces):
            model.net.encode(pieces, model.tokenizer.cls_token_id, model.tokenizer.sep_token_id)

    save_ranges(folder, record_input_ranges(model.net.encoder, encode, texts))


def save_model(folder: str | Path, net: ReportieNet, tokenizer, metrics: dict, extra: dict | None = None) -> None:
    """Write the model folder atomically: a temporary sibling, renamed over the old one when complete."""
    from safetensors.torch import save_file

    if any(isinstance(module, SmoothedInt8Linear) for module in net.modules()):
        raise ValueError("an int8 network cannot be saved: load the model with int8=False first")
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        net.encoder.config.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        state = {name: tensor.detach().cpu().contiguous() for name, tensor in net.state_dict().items()}
        save_file(state, str(staging / WEIGHTS_FILE))
        payload = {"settings": asdict(net.settings), "metrics": metrics, **(extra or {})}
        (staging / SETTINGS_FILE).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        _replace_folder(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _replace_folder(staging: Path, folder: Path) -> None:
    if folder.exists():
        retired = folder.with_name(f".{folder.name}.old")
        shutil.rmtree(retired, ignore_errors=True)
        os.replace(folder, retired)
        os.replace(staging, folder)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, folder)
