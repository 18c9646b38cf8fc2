"""Pre-annotations: which predictor runs, and its output as a validated Label Studio prediction."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Protocol

from annotations.studio.connection import StudioError
from annotations.studio.results import studio_result
from annotations.tasks import region_id
from extraction.document import LABELS, RELATION_TYPES, Relation, Span
from extraction.normalize import NORMALIZER_VERSION

PREDICTION_KINDS = ("model", "rules", "none")


class Predictor(Protocol):
    """What `reportie extract` runs on a normalised text: spans (with scores) and relations between them."""

    version: str

    def __call__(self, text: str) -> tuple[list[Span], list[Relation]]: ...


class RulesPredictor:
    """The rule tagger alone: values (AMOUNT, COUNT, RATIO), no names, no relations."""

    version = f"reportie-rules-n{NORMALIZER_VERSION}"

    def __init__(self):
        from extraction.rules import RuleTagger

        self.tagger = RuleTagger()

    def __call__(self, text: str) -> tuple[list[Span], list[Relation]]:
        return self.tagger(text), []


def load_predictor(kind: str, model: Path | None = None) -> Predictor | None:
    """The predictor for `--predictions KIND`: the trained model (as `extract` finds it), the rules, or none."""
    if kind not in PREDICTION_KINDS:
        raise StudioError(f"--predictions must be one of {', '.join(PREDICTION_KINDS)}, not {kind!r}")
    if kind == "none":
        return None
    if kind == "rules":
        return RulesPredictor()
    from extraction.cli import default_model
    from extraction.model import load_model

    folder = model or default_model()
    if folder is None:
        raise StudioError("no trained model: pass --model DIR, train one with `reportie train --config "
                          "configs/default.yaml --out models/default`, or use --predictions rules")
    return load_model(folder)


def prediction_problems(text: str, spans: list[Span], relations: list[Relation]) -> list[str]:
    """What Label Studio would accept silently but show wrongly: bad offsets, labels, relation ends."""
    problems = []
    for span in spans:
        where = f"span {span.start}..{span.end} {span.text!r}"
        if span.label not in LABELS:
            problems.append(f"{where}: label {span.label!r} is not one of {', '.join(LABELS)}")
        if span.end > len(text):
            problems.append(f"{where}: ends after the text ({len(text)} characters)")
        elif text[span.start:span.end] != span.text:
            problems.append(f"{where}: the text there is {text[span.start:span.end]!r}")
    repeated = Counter(region_id(span) for span in spans)
    problems += [f"region {rid!r} predicted {count} times" for rid, count in repeated.items() if count > 1]
    for rel in relations:
        if rel.type not in RELATION_TYPES:
            problems.append(f"relation {rel.head} → {rel.tail}: type {rel.type!r} is not one of {', '.join(RELATION_TYPES)}")
        if not (0 <= rel.head < len(spans) and 0 <= rel.tail < len(spans)):
            problems.append(f"relation {rel.head} → {rel.tail}: no such span (there are {len(spans)})")
    return problems


def build_prediction(text: str, spans: list[Span], relations: list[Relation], version: str, source: str) -> dict:
    """A Label Studio prediction; the task score is the least sure region's, so sorting by it puts doubts first."""
    problems = prediction_problems(text, spans, relations)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise StudioError(f"{source}: predictions of {version} are invalid, nothing was sent: {problems[0]}{more}")
    score = round(min(float(span.score) for span in spans), 4) if spans else None
    return {"model_version": version, "score": score, "result": studio_result(text, spans, relations, scores=True)}
