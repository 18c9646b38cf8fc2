"""Reaching a Label Studio server: URL and key from options or environment, one-line errors."""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Mapping

from extraction.errors import ReportieError

URL_VARIABLE, KEY_VARIABLE = "LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY"


class StudioError(ReportieError):
    """Anything about Label Studio the user can fix: connection, key, project, config, predictions."""


@dataclass(frozen=True)
class Connection:
    url: str
    api_key: str


def resolve_connection(url: str | None, api_key: str | None, environ: Mapping[str, str] | None = None) -> Connection:
    """Options win over `LABEL_STUDIO_URL` / `LABEL_STUDIO_API_KEY`."""
    environ = os.environ if environ is None else environ
    url = url or environ.get(URL_VARIABLE, "")
    api_key = api_key or environ.get(KEY_VARIABLE, "")
    if not url:
        raise StudioError(f"no Label Studio URL: pass --url or set {URL_VARIABLE} (e.g. http://localhost:8080)")
    if not url.startswith(("http://", "https://")):
        raise StudioError(f"Label Studio URL {url!r} must start with http:// or https://")
    if not api_key:
        raise StudioError(f"no API key: pass --api-key or set {KEY_VARIABLE} (Label Studio → Account & Settings "
                          "→ Personal Access Token, or the legacy token)")
    return Connection(url.rstrip("/"), api_key)


def connect(connection: Connection, timeout: float = 120.0):
    """A `LabelStudio` client whose key was just accepted by the server."""
    from label_studio_sdk import LabelStudio

    with talking_to(connection.url):
        client = LabelStudio(base_url=connection.url, api_key=connection.api_key, timeout=timeout)
        client.users.whoami(request_options={"max_retries": 0})  # a server that is down fails at once
    return client


@contextmanager
def talking_to(url: str) -> Iterator[None]:
    """Turns transport and API failures into a `StudioError` that says what to do."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    try:
        yield
    except httpx.TransportError as error:
        raise StudioError(f"cannot reach Label Studio at {url} ({type(error).__name__}): start it "
                          f"(`label-studio start`) or fix --url / {URL_VARIABLE}") from error
    except ApiError as error:
        raise studio_error(url, error.status_code, error.body) from error


def studio_error(url: str, status: int | None, body: object) -> StudioError:
    detail = body.get("detail") if isinstance(body, dict) else body
    detail = " ".join(str(detail).split())[:200]
    if status in (401, 403):
        return StudioError(f"Label Studio at {url} rejected the API key ({status}: {detail}): copy a Personal "
                           f"Access Token (or the legacy token) from Account & Settings into --api-key / {KEY_VARIABLE}")
    if status == 404:
        return StudioError(f"Label Studio at {url} answered 404 ({detail}): check that --url points at a "
                           "Label Studio server and that the project or task still exists")
    return StudioError(f"Label Studio at {url} answered {status}: {detail}")
