import threading
import time

import pytest

from annotations.folds import Fold
from bench import run, systems
from bench.report import side_by_side_line
from bench.systems import ReportieSystem

DOCS = []  # train_folds only passes names through `select`; the fake system ignores its documents


class _SideBySide:
    """A system that can only finish when two folds train at the same time."""

    trains_in_subprocess = True
    epochs = 1
    both_started = threading.Barrier(2, timeout=10)

    def __init__(self, threads=None):
        self.threads = threads

    def train(self, train_docs):
        self.both_started.wait()


class _Quick(_SideBySide):
    def train(self, train_docs):
        pass


class _OneAtATime(_SideBySide):
    trains_in_subprocess = False
    running = 0

    def train(self, train_docs):
        type(self).running += 1
        time.sleep(0.05)  # long enough for a second fold to start if folds ran at once
        assert type(self).running == 1, "two folds of an in-process system trained at once"
        type(self).running -= 1


@pytest.fixture
def fake_systems(monkeypatch):
    monkeypatch.setitem(systems.SYSTEMS, "side", _SideBySide)
    monkeypatch.setitem(systems.SYSTEMS, "alone", _OneAtATime)
    monkeypatch.setitem(systems.SYSTEMS, "quick", _Quick)
    monkeypatch.setattr(run, "SYSTEMS", systems.SYSTEMS)
    monkeypatch.setattr(run, "select", lambda docs, names: list(names))
    monkeypatch.setattr(run.os, "cpu_count", lambda: 2)


FOLDS = [Fold("000", ("002", "003")), Fold("002", ("000", "003"))]


def test_systems_training_in_their_own_process_train_folds_side_by_side_sharing_the_cores(fake_systems):
    trained, seconds, side_by_side, threads = run.train_folds("side", {}, DOCS, FOLDS, jobs=2)
    assert (side_by_side, threads) == (2, 1)
    assert [system.threads for system in trained] == [1, 1] and len(seconds) == 2


def test_in_process_systems_and_jobs_1_train_one_fold_after_another(fake_systems):
    assert run.train_folds("alone", {}, DOCS, FOLDS, jobs=2)[2:] == (1, None)
    _, _, side_by_side, threads = run.train_folds("quick", {}, DOCS, FOLDS[:1], jobs=2)
    assert (side_by_side, threads) == (1, 2)  # never more at once than there are folds


def test_the_speed_section_says_which_systems_trained_side_by_side():
    alone = {"train": {"folds_at_once": 1, "threads": None, "wall_seconds": 60.0}}
    shared = {"train": {"folds_at_once": 2, "threads": 1, "wall_seconds": 1234.4}}
    assert side_by_side_line({"crf": alone}) == ""
    line = side_by_side_line({"crf": alone, "reportie": shared})
    assert "reportie 2 at a time, 1 thread(s) each, 1234 s for all folds" in line and "crf" not in line
    reused = {"train": {**shared["train"], "wall_seconds": 1.0, "reused": True}}
    assert "reportie-model" not in side_by_side_line({"reportie": shared, "reportie-model": reused})


def test_a_failed_fold_training_reports_the_subprocess_error(tmp_path, monkeypatch):
    monkeypatch.setattr(ReportieSystem, "config_path", tmp_path / "missing.yaml")
    with pytest.raises(RuntimeError, match=r"bench.train_fold failed \(1\): .*missing.yaml not found"):
        ReportieSystem(threads=1)._train(("000_5eadc2578929b6a5",), tmp_path / "fold")
