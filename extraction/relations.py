"""The relation head: which indicator a value measures, which project an indicator belongs to.

Both relations are choices among a few candidates, so both are scored as a softmax over the
candidates plus "none" (a value takes at most one HAS_VALUE, a source at most one BELONGS_TO):
- HAS_VALUE: for each value, the INDICATORs of its sentence;
- BELONGS_TO: for each INDICATOR (and each value without an indicator), the `max_projects`
  nearest PROJECT mentions before it (the guide links to the nearest mention before). A choice of a
  project named in passing in an earlier sentence is dropped at decoding (`governs`, GUIDELINES 56).
Span representations come from the entity's first and last piece states and its label.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn

from extraction.document import VALUE_LABELS
from extraction.sections import TITLE_LINES

DISTANCE_BUCKETS = 16


@dataclass(frozen=True)
class Entity:
    """An entity as the relation head sees it: label, character range, piece range, sentence and
    line numbers, and its place in the outline (`extraction.sections.Place`)."""

    label: str
    start: int
    end: int
    first_piece: int
    last_piece: int
    sentence: int
    line: int
    section: int = 0
    opens_line: bool = False
    in_heading: bool = False
    opens_topic: bool = True  # a PROJECT that governs later sentences (`Outline.opens_topic`)


def has_value_candidates(entities: list[Entity]) -> dict[int, list[int]]:
    """value index → indices of the INDICATORs in its sentence (text order)."""
    indicators_by_sentence: dict[int, list[int]] = {}
    for index, entity in enumerate(entities):
        if entity.label == "INDICATOR":
            indicators_by_sentence.setdefault(entity.sentence, []).append(index)
    return {index: indicators_by_sentence.get(entity.sentence, [])
            for index, entity in enumerate(entities) if entity.label in VALUE_LABELS}


def belongs_to_candidates(entities: list[Entity], sources: list[int], max_projects: int) -> dict[int, list[int]]:
    """source index → the nearest PROJECT mentions before it, nearest first."""
    candidates = {}
    for source in sources:
        before = [index for index in range(source) if entities[index].label == "PROJECT"
                  and entities[index].end <= entities[source].start]
        candidates[source] = before[::-1][:max_projects]
    return candidates


def governs(project: Entity, source: Entity) -> bool:
    """Whether a project mention can own a source: named in the source's sentence, or opening a topic.

    Only applied when decoding: trained with every nearby project as a candidate, the head learns
    to tell them apart; taking passing mentions away at decoding made it pick an older project
    instead of none (bench fold models: records 0.490 → 0.461, against 0.519 when dropped)."""
    return project.opens_topic or project.sentence == source.sentence


def distance_bucket(distance: int) -> int:
    """Signed log buckets: 0 for adjacent, then ±1, ±2, ±3-4, ±5-8 … folded into DISTANCE_BUCKETS ids."""
    half = DISTANCE_BUCKETS // 2
    magnitude = min(half - 1, int(math.log2(abs(distance) + 1)))
    return magnitude if distance >= 0 else half + magnitude


class PairScorer(nn.Module):
    """Scores of (anchor, candidate) pairs and of "none" for each anchor, every decision of a kind at once.

    `feature_sizes`: the number of values of each categorical pair feature (`extras[:, k]`);
    their embeddings are summed.
    """

    def __init__(self, span_dim: int, feature_sizes: tuple[int, ...]):
        super().__init__()
        self.distance = nn.Embedding(DISTANCE_BUCKETS, 32)
        self.extra = nn.ModuleList(nn.Embedding(size, 32) for size in feature_sizes)
        self.pair = nn.Sequential(nn.Linear(span_dim * 3 + 64, span_dim), nn.GELU(), nn.Linear(span_dim, 1))
        self.none = nn.Linear(span_dim, 1)

    def forward(self, spans: torch.Tensor, anchors: Sequence[int], candidates: Sequence[list[int]],
                distances: torch.Tensor, extras: torch.Tensor) -> list[torch.Tensor]:
        """Logits `[1 + len(candidates[k])]` of decision k (index 0 is "none"); `distances` and
        `extras` hold one row per pair, the decisions' pairs one after the other."""
        anchors, sizes = list(anchors), [len(group) for group in candidates]
        anchor_rows = torch.tensor(anchors, device=spans.device).repeat_interleave(
            torch.tensor(sizes, device=spans.device))
        pairs = spans[[index for group in candidates for index in group]]
        anchored = spans[anchor_rows]
        extra = sum(embedding(extras[:, k]) for k, embedding in enumerate(self.extra))
        features = torch.cat([pairs, anchored, pairs * anchored, self.distance(distances), extra], -1)
        pair_logits = self.pair(features).view(-1).split(sizes)
        none_logits = self.none(spans[anchors]).view(-1, 1)
        return [torch.cat([none, pair]) for none, pair in zip(none_logits, pair_logits)]


def project_place(project: Entity) -> int:
    """0 named in passing, 1 opening its line, 2 in a heading, 3 in the title lines."""
    if project.in_heading:
        return 2
    if project.line < TITLE_LINES:
        return 3
    return int(project.opens_line)


def belongs_to_features(source: Entity, project: Entity, rank: int) -> list[int]:
    """Rank among the candidates, sentences and headings between, where the project is named,
    whether the source is a heading (sizes in `BELONGS_TO_FEATURES`)."""
    return [rank, min(3, source.sentence - project.sentence), min(3, source.section - project.section),
            project_place(project), int(source.in_heading)]


def belongs_to_feature_sizes(max_projects: int) -> tuple[int, ...]:
    return (max_projects, 4, 4, 4, 2)


class RelationHead(nn.Module):
    def __init__(self, hidden_size: int, labels: list[str], span_dim: int = 256, max_projects: int = 4):
        super().__init__()
        self.labels, self.max_projects = labels, max_projects
        self.label_embedding = nn.Embedding(len(labels), 64)
        self.span = nn.Sequential(nn.Linear(hidden_size * 2 + 64, span_dim), nn.GELU())
        self.has_value = PairScorer(span_dim, feature_sizes=(2,))
        self.belongs_to = PairScorer(span_dim, feature_sizes=belongs_to_feature_sizes(max_projects))

    def represent(self, hidden: torch.Tensor, entities: list[Entity]) -> torch.Tensor:
        first = hidden[[entity.first_piece for entity in entities]]
        last = hidden[[entity.last_piece for entity in entities]]
        label_ids = torch.tensor([self.labels.index(entity.label) for entity in entities], device=hidden.device)
        return self.span(torch.cat([first, last, self.label_embedding(label_ids)], -1))

    def choices(self, hidden: torch.Tensor, entities: list[Entity], has_value_of: dict[int, int]):
        """(relation type, anchor, candidate indices, logits) of every decision of a document.

        `has_value_of` (value → indicator) decides which values are BELONGS_TO sources: only those
        without an indicator, as the guide links the indicator instead. At training time it is the
        gold relation; `decode` decides HAS_VALUE first and passes the predicted one.
        """
        if not entities:
            return []
        spans = self.represent(hidden, entities)
        return self.has_value_choices(spans, entities) + self.belongs_to_choices(spans, entities, has_value_of)

    def has_value_choices(self, spans: torch.Tensor, entities: list[Entity]):
        decisions = [(value, indicators) for value, indicators in has_value_candidates(entities).items() if indicators]
        if not decisions:
            return []
        distances = torch.tensor([distance_bucket(entities[value].first_piece - entities[i].last_piece)
                                  for value, indicators in decisions for i in indicators], device=spans.device)
        after = torch.tensor([[int(entities[i].start > entities[value].start)]
                              for value, indicators in decisions for i in indicators], device=spans.device)
        logits = self.has_value(spans, *zip(*decisions), distances, after)
        return [("HAS_VALUE", value, indicators, scores) for (value, indicators), scores in zip(decisions, logits)]

    def belongs_to_choices(self, spans: torch.Tensor, entities: list[Entity], has_value_of: dict[int, int]):
        sources = [index for index, entity in enumerate(entities)
                   if entity.label == "INDICATOR" or (entity.label in VALUE_LABELS and index not in has_value_of)]
        decisions = [(source, projects) for source, projects
                     in belongs_to_candidates(entities, sources, self.max_projects).items() if projects]
        if not decisions:
            return []
        distances = torch.tensor([distance_bucket(entities[source].line - entities[p].line)
                                  for source, projects in decisions for p in projects], device=spans.device)
        extras = torch.tensor([belongs_to_features(entities[source], entities[p], rank)
                               for source, projects in decisions for rank, p in enumerate(projects)],
                              device=spans.device)
        logits = self.belongs_to(spans, *zip(*decisions), distances, extras)
        return [("BELONGS_TO", source, projects, scores) for (source, projects), scores in zip(decisions, logits)]

    def loss(self, hidden: torch.Tensor, entities: list[Entity], gold: set[tuple[str, int, int]]) -> torch.Tensor:
        """Cross-entropy of every decision; gold holds (type, head, tail) over `entities`."""
        has_value_of = {tail: head for kind, head, tail in gold if kind == "HAS_VALUE"}
        losses = []
        for kind, anchor, candidates, logits in self.choices(hidden, entities, has_value_of):
            target = 0
            for position, candidate in enumerate(candidates, start=1):
                pair = (candidate, anchor) if kind == "HAS_VALUE" else (anchor, candidate)
                if (kind, *pair) in gold:
                    target = position
            losses.append(nn.functional.cross_entropy(logits[None], torch.tensor([target], device=logits.device)))
        return torch.stack(losses).mean() if losses else hidden.sum() * 0

    def decode(self, hidden: torch.Tensor, entities: list[Entity]) -> list[tuple[str, int, int, float]]:
        """(type, head, tail, probability) of the predicted relations; HAS_VALUE decided first."""
        if not entities:
            return []
        spans = self.represent(hidden, entities)
        found = []
        for kind, anchor, candidates, logits in self.has_value_choices(spans, entities):
            found += _pick(kind, anchor, candidates, logits)
        has_value_of = {tail: head for _, head, tail, _ in found}
        for kind, anchor, candidates, logits in self.belongs_to_choices(spans, entities, has_value_of):
            found += [pick for pick in _pick(kind, anchor, candidates, logits)
                      if governs(entities[pick[2]], entities[pick[1]])]
        return found


def _pick(kind: str, anchor: int, candidates: list[int], logits: torch.Tensor) -> list[tuple[str, int, int, float]]:
    probs = logits.softmax(-1)
    best = int(probs.argmax())
    if best == 0:
        return []
    candidate = candidates[best - 1]
    head, tail = (candidate, anchor) if kind == "HAS_VALUE" else (anchor, candidate)
    return [(kind, head, tail, float(probs[best]))]
