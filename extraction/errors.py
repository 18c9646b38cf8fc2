"""Errors a user can act on: each renders as one line naming the file and the reason."""
from __future__ import annotations

from pathlib import Path


class ReportieError(Exception):
    """Base class for every error that the CLI prints as one line instead of a traceback."""


class InputError(ReportieError):
    """A document that cannot be read: missing, unsupported, empty, scanned, encrypted, corrupt."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class QuantityError(ReportieError, ValueError):
    """A value span whose number cannot be parsed with confidence."""

    def __init__(self, text: str, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(f"cannot parse {text!r}: {reason}")


class ConfigError(ReportieError):
    """A YAML config that does not validate."""
