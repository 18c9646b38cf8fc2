"""The systems the benchmark compares: what a user would pick instead of reportie.

A system has `name`, `labels` (the entity labels it can produce), `produces_relations`,
`epochs` (training passes, None when it does not train), `train(train_docs)`,
`predict(text) -> (spans, relations)`, `save(folder)` and a class method `load(folder)` (the
speed runs load a saved system in a fresh process, so that its memory is measured alone).
A system is added by one entry in `SYSTEMS`: a name and the class. reportie's own pipeline goes
in the same way, with `produces_relations = True` (HAS_VALUE, BELONGS_TO and record accuracy are
then scored, records by `bench.scoring.score_records`) and `shipped = True` (its saved folder is
then the model that `reportie extract --model` runs for the end-to-end figure). A system with
`trains_in_subprocess = True` takes `threads=` and may be trained on several folds at once.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from annotations.tasks import CorpusDoc
from extraction.document import LABELS, VALUE_LABELS, Relation, Span

Prediction = tuple[list[Span], list[Relation]]


class RulesSystem:
    """`extraction.rules.RuleTagger`: values only, nothing to train."""

    name = "rules"
    labels = VALUE_LABELS
    produces_relations = False
    trains_in_subprocess = False
    epochs = None

    def __init__(self) -> None:
        from extraction.rules import RuleTagger

        self.tagger = RuleTagger()

    def train(self, train_docs: list[CorpusDoc]) -> None:
        pass  # hand-written rules: the same on every fold

    def predict(self, text: str) -> Prediction:
        return self.tagger(text), []

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def load(cls, folder: Path) -> "RulesSystem":
        return cls()


class SpacySystem:
    """`spacy train` as a user runs it: `init config --lang zh --pipeline ner --optimize efficiency`
    (blank zh, character tokens, CNN tok2vec + transition-based ner) on the DocBin export.

    Fixed epochs and `model-last`, like reportie's own training: the held-out report is never
    seen, and the dev set spaCy insists on is the training reports (it only fills the log).
    """

    name = "spacy"
    labels = LABELS
    produces_relations = False
    trains_in_subprocess = True

    def __init__(self, epochs: int = 12, nlp=None, threads: int | None = None) -> None:
        self.epochs = epochs
        self.nlp = nlp
        self.threads = threads
        self.log = ""

    def train(self, train_docs: list[CorpusDoc]) -> None:
        import spacy

        from annotations.convert import to_docbin

        dev_docs = [doc for doc in train_docs if not doc.synthetic] or train_docs[:1]
        with tempfile.TemporaryDirectory(prefix="bench-spacy-") as scratch:
            folder = Path(scratch)
            to_docbin(train_docs).to_disk(folder / "train.spacy")
            to_docbin(dev_docs).to_disk(folder / "dev.spacy")
            _spacy_cli(folder, "init", "config", "config.cfg", "--lang", "zh", "--pipeline", "ner",
                       "--optimize", "efficiency", "--force")
            self.log = _spacy_cli(folder, "train", "config.cfg", "--output", "out", "--paths.train", "train.spacy",
                                  "--paths.dev", "dev.spacy", "--training.max_epochs", str(self.epochs),
                                  "--training.max_steps", "0", "--training.patience", "0",
                                  "--training.eval_frequency", "1000", threads=self.threads)
            self.nlp = spacy.load(folder / "out" / "model-last")

    def predict(self, text: str) -> Prediction:
        doc = self.nlp(text)
        return [Span(ent.start_char, ent.end_char, ent.label_, ent.text, source="spacy") for ent in doc.ents], []

    def save(self, folder: Path) -> None:
        self.nlp.to_disk(folder)

    @classmethod
    def load(cls, folder: Path) -> "SpacySystem":
        import spacy

        return cls(nlp=spacy.load(folder))


def _spacy_cli(folder: Path, *arguments: str, threads: int | None = None) -> str:
    return _run_python(["-m", "spacy", *arguments], f"spacy {arguments[0]}", folder, threads)


def _run_python(arguments: list[str], what: str, cwd: Path, threads: int | None) -> str:
    """`python ARGUMENTS` with numeric libraries held to `threads`; its stdout, or an error with its last line."""
    env = dict(os.environ)
    if threads:
        env.update({variable: str(threads) for variable in THREAD_VARIABLES})
    done = subprocess.run([sys.executable, *arguments], cwd=cwd, capture_output=True, text=True, env=env)
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"{what} failed ({done.returncode}): {tail[0]}")
    return done.stdout


THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "BLIS_NUM_THREADS")


# --- CRF over character features --------------------------------------------------------------

UNIT_CHARS = frozenset("元万亿千百%％‰个人次项家户名件所座条台辆批场期篇份天年月日米吨亩公里分岁")
CHINESE_NUMERALS = frozenset("零〇一二三四五六七八九十百千万亿两")


def char_class(char: str) -> str:
    if char.isspace():
        return "space"
    if char.isdigit():
        return "digit"
    if char in CHINESE_NUMERALS:
        return "hannum"
    if unicodedata.name(char, "").startswith("CJK"):
        return "han"
    if char.isascii() and char.isalpha():
        return "latin"
    if unicodedata.category(char)[0] in "PS":
        return "punct"
    return "other"


def char_features(text: str) -> list[dict]:
    """Per character: itself, its class and unit-ness, ±2 neighbours and their classes, bigrams."""
    chars = ["<s>", "<s>", *text, "</s>", "</s>"]
    classes = ["bos", "bos", *map(char_class, text), "eos", "eos"]
    features = []
    for index in range(2, len(chars) - 2):
        feature = {"bias": 1.0, "bigram-1": chars[index - 1] + chars[index], "bigram+1": chars[index] + chars[index + 1],
                   "classes": "|".join(classes[index - 1:index + 2])}
        for shift in (-2, -1, 0, 1, 2):
            feature[f"char{shift:+d}"] = chars[index + shift]
            feature[f"class{shift:+d}"] = classes[index + shift]
        for shift in (-1, 0, 1):
            feature[f"unit{shift:+d}"] = chars[index + shift] in UNIT_CHARS
        features.append(feature)
    return features


class CrfSystem:
    """`sklearn_crfsuite.CRF` (L-BFGS, L1+L2) on character BIO; an epoch is one L-BFGS pass over the data."""

    name = "crf"
    labels = LABELS
    produces_relations = False
    trains_in_subprocess = False  # one process: crfsuite is quick (≈ 15 s a fold)

    def __init__(self, epochs: int = 150, crf=None) -> None:
        self.epochs = epochs
        self.crf = crf

    def train(self, train_docs: list[CorpusDoc]) -> None:
        import sklearn_crfsuite

        from annotations.convert import bio_tags

        self.crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.1, c2=0.1, max_iterations=self.epochs,
                                        all_possible_transitions=True)
        self.crf.fit([char_features(doc.text) for doc in train_docs],
                     [bio_tags(len(doc.text), doc.spans) for doc in train_docs])
        self.epochs = len(self.crf.training_log_.iterations) or self.epochs  # L-BFGS may converge before the cap

    def predict(self, text: str) -> Prediction:
        from annotations.convert import spans_from_bio

        if not text:
            return [], []
        return spans_from_bio(text, self.crf.predict_single(char_features(text)), source="crf"), []

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "crf.pickle").write_bytes(pickle.dumps(self.crf))

    @classmethod
    def load(cls, folder: Path) -> "CrfSystem":
        return cls(crf=pickle.loads((folder / "crf.pickle").read_bytes()))


# --- reportie ------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
REPORTIE_CONFIG = ROOT / "configs" / "default.yaml"
REPORTIE_WORK = ROOT / "bench" / "work" / "reportie-folds"


class ReportieSystem:
    """The shipped pipeline: reportie's model trained with `configs/default.yaml` on the fold's
    documents, rules merged as that config says, relations linked into records.

    The config's dev report is ignored (the fold decides what is held out) and the last epoch is
    kept. Both reportie variants run on the same trained model of a fold: it is trained once, in a
    process of its own (`bench/train_fold.py`).
    """

    name = "reportie"
    labels = LABELS
    produces_relations = True
    trains_in_subprocess = True
    shipped = True
    config_path = REPORTIE_CONFIG
    _trained: dict[tuple[str, ...], tuple[Path, float, int]] = {}  # fold's training docs → folder, seconds, epochs

    def __init__(self, model=None, threads: int | None = None, folder: Path | None = None) -> None:
        self.model = model
        self.folder = folder  # the model folder `model` was loaded from
        self.threads = threads
        self.epochs = None
        self.train_seconds = None

    def train(self, train_docs: list[CorpusDoc]) -> None:
        key = tuple(doc.name for doc in train_docs)
        self.reused_training = key in self._trained  # trained for the other reportie system already
        if key not in self._trained:
            # named after its documents: folds trained side by side never share a folder
            digest = hashlib.sha1("\n".join(key).encode()).hexdigest()[:10]
            folder = REPORTIE_WORK / f"fold-{digest}"
            self._trained[key] = self._train(key, folder)
        self.folder, self.train_seconds, self.epochs = self._trained[key]
        self.model = self._load(self.folder)

    def _train(self, names: tuple[str, ...], folder: Path) -> tuple[Path, float, int]:
        from training.config import load_config

        started = time.perf_counter()
        threads = ["--threads", str(self.threads)] if self.threads else []
        _run_python(["-m", "bench.train_fold", "--config", str(self.config_path), "--out", str(folder), *threads, *names],
                    "bench.train_fold", ROOT, self.threads)
        return folder, time.perf_counter() - started, load_config(self.config_path).train.epochs

    @classmethod
    def _load(cls, folder: Path):
        from extraction.model import load_model

        return load_model(folder)

    def predict(self, text: str) -> Prediction:
        return self.model(text)

    def save(self, folder: Path) -> None:
        """A copy of the trained folder: the loaded network may run in int8, which is not saved."""
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(self.folder, folder)

    @classmethod
    def load(cls, folder: Path) -> "ReportieSystem":
        return cls(model=cls._load(folder), folder=folder)


class ReportieModelSystem(ReportieSystem):
    """reportie's model alone: no rule values, no post-processing (the same trained model)."""

    name = "reportie-model"
    shipped = False

    @classmethod
    def _load(cls, folder: Path):
        from extraction.model import load_model

        model = load_model(folder)
        model.settings = model.settings.model_alone()
        return model


SYSTEMS = {"rules": RulesSystem, "spacy": SpacySystem, "crf": CrfSystem,
           "reportie-model": ReportieModelSystem, "reportie": ReportieSystem}


def create_system(name: str, **settings):
    if name not in SYSTEMS:
        raise KeyError(f"unknown system {name!r} (known: {', '.join(SYSTEMS)})")
    return SYSTEMS[name](**settings)

