"""Connection settings and the one-line errors, against the real server where there is one."""
import httpx
import pytest
from typer.testing import CliRunner

from annotations.studio.config import read_label_config
from annotations.studio.connection import Connection, StudioError, connect, resolve_connection
from annotations.studio.local_server import free_port
from annotations.studio.projects import find_project
from reportie_cli import app

ENV = {"LABEL_STUDIO_URL": "http://studio.example:8080", "LABEL_STUDIO_API_KEY": "env-key"}


@pytest.mark.parametrize("url, key, environ, expected", [
    (None, None, ENV, Connection("http://studio.example:8080", "env-key")),
    ("http://127.0.0.1:9000/", "option-key", ENV, Connection("http://127.0.0.1:9000", "option-key")),
    ("https://ls.example/", None, ENV, Connection("https://ls.example", "env-key")),
])
def test_options_win_over_the_environment(url, key, environ, expected):
    assert resolve_connection(url, key, environ) == expected


@pytest.mark.parametrize("url, key, message", [
    (None, "k", "no Label Studio URL: pass --url or set LABEL_STUDIO_URL"),
    ("http://127.0.0.1:8080", None, "no API key: pass --api-key or set LABEL_STUDIO_API_KEY"),
    ("127.0.0.1:8080", "k", "must start with http:// or https://"),
])
def test_missing_settings_say_where_to_put_them(url, key, message):
    with pytest.raises(StudioError, match=message):
        resolve_connection(url, key, {})


def _cli(*args, connection=None):
    env = {"LABEL_STUDIO_URL": connection.url, "LABEL_STUDIO_API_KEY": connection.api_key} if connection else {}
    return CliRunner().invoke(app, list(args), env=env)


def test_unreachable_server_is_one_line_saying_to_start_it():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StudioError, match=f"cannot reach Label Studio at {url} .*start it"):
        connect(Connection(url, "any-key"))
    result = _cli("studio", "pull", "--project", "x", connection=Connection(url, "any-key"))
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(f"error: cannot reach Label Studio at {url}")


def test_wrong_key_is_one_line_saying_where_to_get_one(studio):
    result = _cli("studio", "pull", "--project", "x", connection=Connection(studio.url, "0" * 40))
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "rejected the API key (401" in result.output and "Personal Access Token" in result.output


def test_legacy_token_and_personal_access_token_both_work(studio, client):
    response = httpx.post(f"{studio.url}/api/token/", headers={"Authorization": f"Token {studio.token}"})
    personal_token = response.json()["token"]
    assert personal_token.count(".") == 2, "a personal access token is a JWT refresh token"
    for key in (studio.token, personal_token):
        assert connect(Connection(studio.url, key)).users.whoami().email == studio.user


def test_unknown_project_says_how_to_create_it(connection, tmp_path):
    result = _cli("studio", "pull", "--project", "没有这个项目", "--into", str(tmp_path), connection=connection)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "no project titled '没有这个项目'" in result.output and "reportie studio push" in result.output


def test_a_project_with_another_labelling_config_is_refused(client, connection, project_title):
    other = read_label_config().replace('<Label value="RATIO"', '<Label value="PERCENT"')
    client.projects.create(title=project_title, label_config=other)
    with pytest.raises(StudioError, match="does not use our labelling config \\(labels lack RATIO; labels add PERCENT\\)"):
        find_project(client, project_title, connection.url)
    result = _cli("studio", "pull", "--project", project_title, connection=connection)
    assert result.exit_code == 2 and "paste annotations/label_config.xml" in result.output
