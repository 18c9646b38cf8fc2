"""Components registered by name, so configs can say which taggers a pipeline runs."""
from __future__ import annotations

from typing import Callable, Protocol

from extraction.document import Relation, Span


class Tagger(Protocol):
    """Finds labelled spans in a text."""

    name: str

    def __call__(self, text: str) -> list[Span]: ...


class RelationTagger(Protocol):
    """Finds labelled spans and the relations between them in a text."""

    name: str

    def __call__(self, text: str) -> tuple[list[Span], list[Relation]]: ...


_FACTORIES: dict[str, Callable[..., object]] = {}


def register(name: str) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """Decorator: make a component factory available under `name`."""

    def decorate(factory: Callable[..., object]) -> Callable[..., object]:
        _FACTORIES[name] = factory
        return factory

    return decorate


def create(name: str, **settings: object) -> object:
    if name not in _FACTORIES:
        known = ", ".join(sorted(_FACTORIES)) or "none"
        raise KeyError(f"unknown component {name!r} (known: {known})")
    return _FACTORIES[name](**settings)
