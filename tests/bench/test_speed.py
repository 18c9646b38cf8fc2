"""bench.speed times throughput after one warm-up batch, and the warm-up apart."""
import time

from bench import speed
from bench import systems as bench_systems


class SlowFirstSystem:
    """Every text costs 1 ms, plus 0.4 s once on the first whole batch (kernel setup for new shapes)."""

    calls = 0

    @classmethod
    def load(cls, folder):
        cls.calls = 0
        return cls()

    def predict(self, text):
        type(self).calls += 1
        time.sleep(0.001 + (0.4 if type(self).calls == 2 else 0.0))


def test_the_warm_up_batch_is_timed_apart_from_throughput(monkeypatch):
    monkeypatch.setitem(bench_systems.SYSTEMS, "slow-first", SlowFirstSystem)
    monkeypatch.setattr(speed, "MIN_SECONDS", 0.05)
    result = speed.measure("slow-first", None)
    assert result["batches"] >= 2
    assert result["first_pass_chars_per_s"] * 3 < result["chars_per_s"]
