"""Speed and size of one saved system, measured alone in a fresh process.

    python -m bench.speed SYSTEM FOLDER   # prints one JSON line: load_s, chars_per_s, peak_rss_mib

The texts are the real reports of the corpus, all of them per batch (the system already loaded).
One batch warms up first (timed apart as `first_pass_chars_per_s`: the model sets up kernels and
buffers for each new window shape); then batches repeat until `MIN_SECONDS` have passed, so no
system is timed on one noisy pass.
"""
from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIN_SECONDS = 5.0


def measure(system_name: str, folder: Path) -> dict:
    from annotations.tasks import load_corpus
    from bench.systems import SYSTEMS

    texts = [doc.text for doc in load_corpus(synthetic=False)]
    started = time.perf_counter()
    system = SYSTEMS[system_name].load(folder)
    system.predict(texts[0][:200])  # first-call setup belongs to loading, not to throughput
    load_s = time.perf_counter() - started
    chars = sum(len(text) for text in texts)
    first_pass_s = _timed_pass(system, texts)  # new window shapes: kernels and buffers set up once
    batches, started = 0, time.perf_counter()
    while batches == 0 or time.perf_counter() - started < MIN_SECONDS:
        _timed_pass(system, texts)
        batches += 1
    seconds = time.perf_counter() - started
    return {"load_s": load_s, "chars_per_s": chars * batches / seconds, "first_pass_chars_per_s": chars / first_pass_s,
            "batch_chars": chars, "batches": batches, "peak_rss_mib": peak_rss_mib()}


def _timed_pass(system, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        system.predict(text)
    return time.perf_counter() - started


def peak_rss_mib() -> float:
    """This process's peak resident memory. `ru_maxrss` survives exec(), so a child started by a
    big parent would report the parent's peak; the kernel's VmHWM belongs to the new image alone."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_in_subprocess(system_name: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.speed", system_name, str(folder)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"speed run of {system_name} failed ({done.returncode}): {tail[0]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def extract_speed(pdf: Path, reportie: Path, model: Path | None = None, runs: int = 3, cwd: Path | None = None) -> dict:
    """`reportie extract PDF` end to end (process start, imports, model load, ingest, extraction, writing)."""
    seconds = []
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as scratch:
        command = [str(reportie), "extract", str(pdf), "--out", scratch, "--quiet"]
        command += ["--model", str(model)] if model else ["--rules-only"]
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
            seconds.append(time.perf_counter() - started)
            if done.returncode:
                raise RuntimeError(f"reportie extract {pdf} failed ({done.returncode}): {done.stderr.strip()[-200:]}")
        result = json.loads((Path(scratch) / f"{pdf.stem}.json").read_text(encoding="utf-8"))
    chars = result["pages"][-1][1] if result["pages"] else 0
    median = statistics.median(seconds)
    return {"pdf": str(pdf), "model": str(model) if model else None, "chars": chars, "seconds": median,
            "chars_per_s": chars / median, "runs": runs, "records": len(result["records"])}


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], Path(sys.argv[2]))))
