from dataclasses import replace

import pytest
import torch

from extraction.relations import (DISTANCE_BUCKETS, Entity, PairScorer, RelationHead, belongs_to_candidates,
                                  belongs_to_feature_sizes, belongs_to_features, distance_bucket, governs,
                                  has_value_candidates)


def _entity(label, start, sentence, line=0):
    return Entity(label, start, start + 2, start, start + 1, sentence, line)


# “困难职工因病致困专项帮扶资金”项目预算金额 30 万元。对 80 户帮扶对象实施帮扶救助。
ENTITIES = [
    _entity("PROJECT", 1, 0),
    _entity("INDICATOR", 17, 0),
    _entity("AMOUNT", 22, 0),
    _entity("COUNT", 30, 1),
    _entity("INDICATOR", 34, 1),
    _entity("PROJECT", 50, 2),
    _entity("INDICATOR", 60, 2),
]


def test_has_value_candidates_are_the_indicators_of_the_sentence():
    assert has_value_candidates(ENTITIES) == {2: [1], 3: [4]}


def test_belongs_to_candidates_are_the_nearest_projects_before():
    assert belongs_to_candidates(ENTITIES, [1, 4, 6], max_projects=4) == {1: [0], 4: [0], 6: [5, 0]}
    assert belongs_to_candidates(ENTITIES, [6], max_projects=1) == {6: [5]}


@pytest.mark.parametrize("distance, bucket", [(0, 0), (1, 1), (3, 2), (-1, 9), (10_000, 7), (-10_000, 15)])
def test_distance_buckets_are_signed_and_bounded(distance, bucket):
    assert distance_bucket(distance) == bucket < DISTANCE_BUCKETS


def _trained_head(entities, gold):
    """A relation head fitted for 100 steps to `gold` over `entities` on random states; (head, states)."""
    torch.manual_seed(0)
    head = RelationHead(8, ["INDICATOR", "PROJECT", "AMOUNT", "COUNT", "RATIO"], span_dim=32)
    hidden = torch.randn(70, 8)
    optimizer = torch.optim.Adam(head.parameters(), lr=0.01)
    for _ in range(100):
        optimizer.zero_grad()
        head.loss(hidden, entities, gold).backward()
        optimizer.step()
    return head, hidden


def test_relation_head_learns_links_and_respects_one_indicator_per_value():
    gold = {("HAS_VALUE", 1, 2), ("HAS_VALUE", 4, 3), ("BELONGS_TO", 1, 0), ("BELONGS_TO", 6, 5)}
    head, hidden = _trained_head(ENTITIES, gold)
    with torch.no_grad():
        found = head.decode(hidden, ENTITIES)
    assert {(kind, h, t) for kind, h, t, _ in found} == gold
    tails = [t for kind, _, t, _ in found if kind == "HAS_VALUE"]
    assert len(tails) == len(set(tails))


def _placed(label, sentence, line, section, opens_line=False, in_heading=False):
    return Entity(label, 0, 2, 0, 1, sentence, line, section, opens_line, in_heading)


# (project, source, rank) → [rank, sentences between, headings between, project place, source in heading]
FEATURES = [
    # “提高…项目”：(1)…报名企业数量 — same line, project opening it
    (_placed("PROJECT", 5, 3, 2, opens_line=True), _placed("INDICATOR", 5, 3, 2), 0, [0, 0, 0, 1, 0]),
    # named in passing in 一、, indicator four sentences and two headings later
    (_placed("PROJECT", 2, 5, 1), _placed("INDICATOR", 6, 9, 3), 1, [1, 3, 2, 0, 0]),
    # the report title names the project; a heading indicator (产出指标) far below
    (_placed("PROJECT", 0, 0, 0), _placed("INDICATOR", 40, 30, 9, in_heading=True), 0, [0, 3, 3, 3, 1]),
    # project in a heading line
    (_placed("PROJECT", 3, 4, 2, opens_line=True, in_heading=True), _placed("AMOUNT", 4, 5, 2), 2, [2, 1, 0, 2, 0]),
]


@pytest.mark.parametrize("project, source, rank, expected", FEATURES)
def test_belongs_to_features(project, source, rank, expected):
    features = belongs_to_features(source, project, rank)
    assert features == expected
    assert all(0 <= value < size for value, size in zip(features, belongs_to_feature_sizes(4)))


# GUIDELINES 56: a project named in passing owns only its own sentence; one that opens a topic owns what follows.
GOVERNS = [
    (_entity("PROJECT", 0, 3), _entity("INDICATOR", 20, 3), True),
    (_entity("PROJECT", 0, 3), _entity("INDICATOR", 40, 5), True),
    (replace(_entity("PROJECT", 0, 3), opens_topic=False), _entity("INDICATOR", 20, 3), True),
    (replace(_entity("PROJECT", 0, 3), opens_topic=False), _entity("INDICATOR", 40, 5), False),
]


@pytest.mark.parametrize("project, source, owns", GOVERNS)
def test_governs(project, source, owns):
    assert governs(project, source) is owns


def test_decoding_drops_a_project_named_in_passing_in_an_earlier_sentence():
    passing = [replace(entity, opens_topic=False) if entity.label == "PROJECT" else entity for entity in ENTITIES]
    gold = {("HAS_VALUE", 1, 2), ("HAS_VALUE", 4, 3), ("BELONGS_TO", 1, 0), ("BELONGS_TO", 4, 0)}
    head, hidden = _trained_head(passing, gold)
    with torch.no_grad():
        topic = {(kind, h, t) for kind, h, t, _ in head.decode(hidden, ENTITIES) if kind == "BELONGS_TO"}
        in_passing = {(kind, h, t) for kind, h, t, _ in head.decode(hidden, passing) if kind == "BELONGS_TO"}
    assert ("BELONGS_TO", 4, 0) in topic
    assert ("BELONGS_TO", 1, 0) in in_passing  # same sentence
    assert ("BELONGS_TO", 4, 0) not in in_passing  # the project's sentence is over


def test_pair_scorer_scores_decisions_together_as_it_would_one_by_one():
    torch.manual_seed(0)
    scorer = PairScorer(8, feature_sizes=(3,))
    spans = torch.randn(6, 8)
    anchors, candidates = [0, 3, 5], [[1, 2], [4], [1, 2, 4]]
    distances = torch.tensor([1, 2, 0, 3, 2, 1])
    extras = torch.tensor([[0], [1], [2], [0], [1], [2]])
    together = scorer(spans, anchors, candidates, distances, extras)
    first = 0
    for anchor, group, logits in zip(anchors, candidates, together):
        rows = slice(first, first + len(group))
        alone, = scorer(spans, [anchor], [group], distances[rows], extras[rows])
        assert logits.shape == (1 + len(group),) and torch.allclose(logits, alone, atol=1e-6)
        first += len(group)
