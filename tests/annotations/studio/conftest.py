"""One real Label Studio server for the whole session, started clean and stopped by PID."""
import threading
import uuid
from pathlib import Path

import pytest

from annotations.studio.connection import Connection, connect
from annotations.studio.local_server import start_local_studio

CACHE_DIR = Path(__file__).resolve().parents[3] / ".cache" / "label-studio"
USER, PASSWORD = "reviewer@reportie.test", "reportie-review-1"
TOKEN = "5eadc2578929b6a5f085708ef1ee06263b31014a"
# The ML backend and its webhook run on 127.0.0.1 beside the server, which Label Studio refuses by default.
LOCAL_BACKENDS = {"ML_BLOCK_LOCAL_IP": "false", "SSRF_PROTECTION_ENABLED": "false"}


@pytest.fixture(scope="session")
def studio(tmp_path_factory):
    server = start_local_studio(tmp_path_factory.mktemp("label-studio"), USER, PASSWORD, TOKEN,
                                cache_dir=CACHE_DIR, extra_env=LOCAL_BACKENDS)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def connection(studio):
    return Connection(studio.url, studio.token)


@pytest.fixture(scope="session")
def client(connection):
    return connect(connection)


@pytest.fixture
def project_title(request):
    """A fresh title per test, so tests never see each other's tasks."""
    return f"{request.node.name[:40]}-{uuid.uuid4().hex[:6]}"


@pytest.fixture
def serving():
    """Runs a backend's HTTP server on a free port in a thread; yields a function returning its URL."""
    from annotations.studio.serve import make_server

    servers = []

    def start(backend):
        server = make_server(backend, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
