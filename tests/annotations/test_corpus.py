"""The bundled corpus itself: valid, complete, and its tools work on it."""
from typer.testing import CliRunner

from annotations.check import check_corpus
from annotations.tasks import CORPUS_DIR, load_corpus
from reportie_cli import app


def test_bundled_corpus_is_valid():
    assert check_corpus(CORPUS_DIR) == []


def test_corpus_holds_the_four_real_reports():
    real = load_corpus(synthetic=False)
    assert len(real) >= 4
    assert all(doc.data["sha256"] and doc.data["normalizer_version"] for doc in real)


def test_corpus_folder_may_be_given_as_a_string():
    assert [doc.name for doc in load_corpus(str(CORPUS_DIR))] == [doc.name for doc in load_corpus()]


def test_check_and_stats_commands():
    runner = CliRunner()
    checked = runner.invoke(app, ["corpus", "check"])
    assert checked.exit_code == 0, checked.output
    stats = runner.invoke(app, ["corpus", "stats"])
    assert stats.exit_code == 0
    assert "TOTAL real" in stats.output and "HAS_VALUE" in stats.output


def test_check_command_fails_on_a_damaged_corpus(tmp_path):
    for path in CORPUS_DIR.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    victim = sorted(tmp_path.glob("0*.json"))[0]
    victim.write_text(victim.read_text(encoding="utf-8").replace('"end": ', '"end": 1', 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["corpus", "check", "--corpus", str(tmp_path)])
    assert result.exit_code == 1
    assert victim.name in result.output
