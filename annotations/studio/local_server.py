"""A throwaway Label Studio on this machine (tests, the README screenshot): started clean, stopped by PID.

`label-studio start` reads plain `HOST`, `PORT`, `CI` and many other variables, so its environment
is built from scratch. Migrating a fresh database takes ~25 s; a migrated one (with the user and
token already in it) can be kept in `cache_dir` and copied in, which cuts the start to ~10 s.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DATABASE = "label_studio.sqlite3"


@dataclass
class LocalStudio:
    url: str
    user: str
    password: str
    token: str
    data_dir: Path
    process: subprocess.Popen

    def stop(self, timeout: float = 20) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def studio_environment(data_dir: Path, user: str, password: str, token: str, extra: dict | None = None) -> dict:
    """Only what Label Studio needs: PATH, HOME, LANG and its own settings (no HOST, PORT, CI, SENTRY…)."""
    bin_dir = str(Path(sys.executable).parent)
    return {
        "PATH": os.pathsep.join([bin_dir, "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(data_dir / "home"),
        "LANG": "C.UTF-8",
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "LABEL_STUDIO_USERNAME": user,
        "LABEL_STUDIO_PASSWORD": password,
        "LABEL_STUDIO_USER_TOKEN": token,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
        "COLLECT_ANALYTICS": "false",
        "LATEST_VERSION_CHECK": "false",
        **(extra or {}),
    }


def start_local_studio(data_dir: Path, user: str, password: str, token: str, cache_dir: Path | None = None,
                       extra_env: dict | None = None, timeout: float = 240) -> LocalStudio:
    """Start `label-studio` on a free port of 127.0.0.1 and wait until `/health` answers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    cached = _cached_database(cache_dir, user, token) if cache_dir else None
    if cached is not None and cached.exists():
        shutil.copy2(cached, data_dir / DATABASE)
    port = free_port()
    log = open(data_dir / "label-studio.log", "wb")
    command = [_executable(), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=data_dir, env=studio_environment(data_dir, user, password, token, extra_env),
                               stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    studio = LocalStudio(f"http://127.0.0.1:{port}", user, password, token, data_dir, process)
    try:
        _wait_healthy(studio, timeout)
    except BaseException:
        studio.stop()
        raise
    if cached is not None and not cached.exists():
        _snapshot(data_dir / DATABASE, cached)
    return studio


def _executable() -> str:
    beside = Path(sys.executable).with_name("label-studio")
    found = str(beside) if beside.exists() else shutil.which("label-studio")
    if not found:
        raise RuntimeError("label-studio is not installed: run `make install` (extras dev,studio)")
    return found


def _cached_database(cache_dir: Path, user: str, token: str) -> Path:
    """One cached database per Label Studio version and credentials (they are stored in it)."""
    from importlib.metadata import version

    key = hashlib.sha256(f"{version('label-studio')}\0{user}\0{token}".encode()).hexdigest()[:16]
    return cache_dir / f"label_studio-{key}.sqlite3"


def _wait_healthy(studio: LocalStudio, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if studio.process.poll() is not None:
            raise RuntimeError(f"label-studio exited with {studio.process.returncode}: {_log_tail(studio.data_dir)}")
        try:
            with urllib.request.urlopen(f"{studio.url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"label-studio did not answer /health within {timeout:.0f} s: {_log_tail(studio.data_dir)}")


def _snapshot(database: Path, target: Path) -> None:
    """A consistent copy of the live database (sqlite's backup API), written atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.partial")
    source, copy = sqlite3.connect(database), sqlite3.connect(partial)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    os.replace(partial, target)


def _log_tail(data_dir: Path, lines: int = 15) -> str:
    path = data_dir / "label-studio.log"
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return " | ".join(text.strip().splitlines()[-lines:])
