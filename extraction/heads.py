"""Entity heads over the piece states of a whole document, registered by name.

Each head turns hidden states `[pieces, hidden]` into labelled piece spans `(first, last, label,
score)` (last inclusive) and scores gold spans with a loss. Three designs, chosen by measurement
(see the model issue note): per-piece softmax over BIO tags, the same with a CRF on top, and a span
head that scores every (start, width) cell per label (GlobalPointer-style, banded).
"""
from __future__ import annotations

import math

import torch
from torch import nn

PieceSpan = tuple[int, int, int, float]

HEADS: dict[str, type] = {}


def register_head(name: str):
    def decorate(cls):
        HEADS[name] = cls
        return cls

    return decorate


def bio_tags(labels: list[str]) -> list[str]:
    return ["O"] + [f"{prefix}-{label}" for label in labels for prefix in ("B", "I")]


def spans_to_tags(spans: list[tuple[int, int, int]], length: int) -> list[int]:
    """Tag ids (0 = O, 1 + 2·label = B, 2 + 2·label = I) for gold piece spans."""
    tags = [0] * length
    for first, last, label in spans:
        tags[first] = 1 + 2 * label
        for index in range(first + 1, last + 1):
            tags[index] = 2 + 2 * label
    return tags


def tags_to_spans(tags: list[int], scores: list[float]) -> list[PieceSpan]:
    """Spans from a tag sequence; a stray I- starts a span (lenient, as seqeval's default)."""
    spans: list[PieceSpan] = []
    first = label = None
    for index, tag in enumerate(tags + [0]):
        tag_label = (tag - 1) // 2 if tag else None
        begins = tag != 0 and (tag % 2 == 1 or tag_label != label)
        if first is not None and (tag == 0 or begins):
            spans.append((first, index - 1, label, sum(scores[first:index]) / (index - first)))
            first = label = None
        if begins:
            first, label = index, tag_label
    return spans


@register_head("softmax")
class SoftmaxHead(nn.Module):
    """One linear layer to BIO tags, cross-entropy per piece."""

    def __init__(self, hidden_size: int, labels: list[str], **_: object):
        super().__init__()
        self.num_tags = len(bio_tags(labels))
        self.classifier = nn.Linear(hidden_size, self.num_tags)

    def loss(self, hidden: torch.Tensor, gold: list[tuple[int, int, int]]) -> torch.Tensor:
        tags = torch.tensor(spans_to_tags(gold, hidden.shape[0]), device=hidden.device)
        return nn.functional.cross_entropy(self.classifier(hidden), tags)

    def decode(self, hidden: torch.Tensor) -> list[PieceSpan]:
        probs = self.classifier(hidden).softmax(-1)
        best, tags = probs.max(-1)
        return tags_to_spans(tags.tolist(), best.tolist())


@register_head("crf")
class CRFHead(nn.Module):
    """BIO emissions with a linear-chain CRF; I-X may only follow B-X or I-X."""

    def __init__(self, hidden_size: int, labels: list[str], **_: object):
        super().__init__()
        self.num_tags = len(bio_tags(labels))
        self.classifier = nn.Linear(hidden_size, self.num_tags)
        self.transitions = nn.Parameter(torch.zeros(self.num_tags, self.num_tags))
        self.register_buffer("allowed", _allowed_transitions(self.num_tags), persistent=False)
        self.register_buffer("allowed_start", torch.tensor([tag == 0 or tag % 2 == 1 for tag in range(self.num_tags)]),
                             persistent=False)

    def _scores(self) -> tuple[torch.Tensor, torch.Tensor]:
        blocked = torch.finfo(self.transitions.dtype).min / 2
        transitions = self.transitions.masked_fill(~self.allowed, blocked)
        start = torch.zeros(self.num_tags, device=transitions.device).masked_fill(~self.allowed_start, blocked)
        return transitions, start

    def loss(self, hidden: torch.Tensor, gold: list[tuple[int, int, int]]) -> torch.Tensor:
        emissions = self.classifier(hidden)
        tags = torch.tensor(spans_to_tags(gold, hidden.shape[0]), device=hidden.device)
        transitions, start = self._scores()
        gold_score = start[tags[0]] + emissions.gather(1, tags[:, None]).sum() + transitions[tags[:-1], tags[1:]].sum()
        alpha = start + emissions[0]
        for step in range(1, emissions.shape[0]):
            alpha = torch.logsumexp(alpha[:, None] + transitions, dim=0) + emissions[step]
        return (torch.logsumexp(alpha, dim=0) - gold_score) / emissions.shape[0]

    def decode(self, hidden: torch.Tensor) -> list[PieceSpan]:
        emissions = self.classifier(hidden)
        transitions, start = self._scores()
        score = start + emissions[0]
        backpointers = []
        for step in range(1, emissions.shape[0]):
            score, pointer = (score[:, None] + transitions).max(dim=0)
            score = score + emissions[step]
            backpointers.append(pointer)
        best = [int(score.argmax())]
        for pointer in reversed(backpointers):
            best.append(int(pointer[best[-1]]))
        best.reverse()
        probs = emissions.softmax(-1).gather(1, torch.tensor(best, device=emissions.device)[:, None]).squeeze(1)
        return tags_to_spans(best, probs.tolist())


def _allowed_transitions(num_tags: int) -> torch.Tensor:
    allowed = torch.ones(num_tags, num_tags, dtype=torch.bool)
    for to_tag in range(2, num_tags, 2):  # I- tags
        for from_tag in range(num_tags):
            allowed[from_tag, to_tag] = from_tag in (to_tag - 1, to_tag)
    return allowed


@register_head("span")
class SpanHead(nn.Module):
    """Scores every span up to `max_span` pieces per label: q(start)·k(end) with rotary positions.

    Trained with the multi-label categorical cross-entropy of GlobalPointer; decoded greedily by
    score into non-overlapping spans.
    """

    def __init__(self, hidden_size: int, labels: list[str], max_span: int = 64, span_dim: int = 64,
                 threshold: float = 0.0, **_: object):
        super().__init__()
        self.num_labels, self.max_span, self.span_dim = len(labels), max_span, span_dim
        self.threshold = threshold  # logit above which a cell is a span; below 0 trades precision for recall
        self.length_bonus: torch.Tensor | float = 0.0  # per label, added per extra piece when overlaps compete
        self.floor: torch.Tensor | float | None = None  # per label, below the threshold: where candidates start
        self.project = nn.Linear(hidden_size, self.num_labels * span_dim * 2)

    def _cells(self, hidden: torch.Tensor) -> torch.Tensor:
        """Scores `[pieces, max_span, labels]`; cell (i, w) is the span i..i+w, -inf past the end."""
        length = hidden.shape[0]
        qk = self.project(hidden).view(length, self.num_labels, 2, self.span_dim)
        positions = torch.arange(length, device=hidden.device)
        query, key = _rotate(qk[:, :, 0], positions), _rotate(qk[:, :, 1], positions)
        return banded_scores(query, key, self.max_span) / self.span_dim**0.5

    def loss(self, hidden: torch.Tensor, gold: list[tuple[int, int, int]]) -> torch.Tensor:
        cells = self._cells(hidden)
        positive = torch.zeros_like(cells, dtype=torch.bool)
        for first, last, label in gold:
            if last - first < self.max_span:
                positive[first, last - first, label] = True
        flat, flat_positive = cells.reshape(-1, self.num_labels).T, positive.reshape(-1, self.num_labels).T
        zero = flat.new_zeros(self.num_labels, 1)
        negatives = torch.cat([flat.masked_fill(flat_positive, float("-inf")), zero], 1).logsumexp(1)
        positives = torch.cat([(-flat).masked_fill(~flat_positive, float("-inf")), zero], 1).logsumexp(1)
        return (negatives + positives).mean()

    def decode(self, hidden: torch.Tensor) -> list[PieceSpan]:
        """Cells above the threshold, taken greedily; among overlapping cells the best score wins,
        lengthened by `length_bonus` per piece: an indicator keeps its modifiers (年初预算金额, not 预算金额)."""
        return self.decode_with_candidates(hidden)[0]

    def decode_with_candidates(self, hidden: torch.Tensor) -> tuple[list[PieceSpan], list[PieceSpan]]:
        """The spans of `decode`, and the candidates: cells between `floor` and the threshold, taken
        greedily after the spans in the pieces they left free."""
        cells = self._cells(hidden).detach()
        threshold = torch.as_tensor(self.threshold, dtype=cells.dtype).expand(self.num_labels)
        floor = threshold if self.floor is None else torch.minimum(threshold, torch.as_tensor(self.floor, dtype=cells.dtype))
        bonus = torch.as_tensor(self.length_bonus, dtype=cells.dtype).expand(self.num_labels).tolist()
        found = (cells > floor).nonzero()
        scores = cells[found[:, 0], found[:, 1], found[:, 2]].tolist()
        thresholds = threshold.tolist()
        ranked = sorted(((score > thresholds[l], score + bonus[l] * w, score, i, i + w, l)
                         for (i, w, l), score in zip(found.tolist(), scores)), reverse=True)
        taken = [False] * hidden.shape[0]
        spans: list[PieceSpan] = []
        candidates: list[PieceSpan] = []
        for sure, _, score, first, last, label in ranked:
            if not any(taken[first:last + 1]):
                taken[first:last + 1] = [True] * (last + 1 - first)
                (spans if sure else candidates).append((first, last, label, 0.5 * (1 + math.tanh(score / 2))))
        return sorted(spans), sorted(candidates)


def banded_scores(query: torch.Tensor, key: torch.Tensor, width: int) -> torch.Tensor:
    """`[pieces, width, labels]`: cell (i, w) = query[i]·key[i + w], -inf past the end.

    Pieces go in chunks of `width` rows, each against the keys of its own and the next chunk: one
    batched matrix product, then the band read out with `gather` (10× faster than a loop over
    widths, forward and backward, on a 5,000-piece report).
    """
    length, labels, dim = query.shape
    chunks = -(-length // width)
    query = torch.cat([query, query.new_zeros(chunks * width - length, labels, dim)])
    key = torch.cat([key, key.new_zeros((chunks + 1) * width - length, labels, dim)])
    query = query.view(chunks, width, labels, dim).permute(0, 2, 1, 3)                 # [chunks, labels, rows, dim]
    key = torch.cat([key[:-width].view(chunks, width, labels, dim),
                     key[width:].view(chunks, width, labels, dim)], 1).permute(0, 2, 3, 1)  # [chunks, labels, dim, 2·width]
    rows = torch.arange(width, device=query.device)
    band_index = (rows[:, None] + rows[None]).expand(chunks, labels, width, width)
    band = (query @ key).gather(3, band_index)                                          # [chunks, labels, rows, widths]
    cells = band.permute(0, 2, 3, 1).reshape(chunks * width, width, labels)[:length]
    positions = torch.arange(length, device=query.device)
    beyond = positions[:, None] + rows[None] >= length
    return cells.masked_fill(beyond[:, :, None], float("-inf"))


def _rotate(vectors: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
    """Rotary position encoding over the last dimension of `[pieces, labels, dim]`."""
    dim = vectors.shape[-1]
    frequencies = 10000 ** (-torch.arange(0, dim, 2, device=vectors.device, dtype=vectors.dtype) / dim)
    angles = positions[:, None].to(vectors.dtype) * frequencies[None]
    cos, sin = angles.cos()[:, None, :], angles.sin()[:, None, :]
    even, odd = vectors[..., 0::2], vectors[..., 1::2]
    return torch.stack([even * cos - odd * sin, even * sin + odd * cos], dim=-1).flatten(-2)


def create_head(name: str, hidden_size: int, labels: list[str], **settings: object) -> nn.Module:
    if name not in HEADS:
        raise KeyError(f"unknown entity head {name!r} (known: {', '.join(sorted(HEADS))})")
    return HEADS[name](hidden_size, labels, **settings)
