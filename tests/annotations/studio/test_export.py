"""Label Studio export → corpus, without a server: annotation choice, offsets, validation, merging."""
import json

import pytest
from typer.testing import CliRunner

from annotations.check import check_corpus
from annotations.studio.export import ExportProblems, convert_task, import_export
from annotations.studio.results import studio_result
from annotations.tasks import load_corpus, read_task_file
from reportie_cli import app

TEXT = "𠮷林省项目预算资金100万元，受益群众😀3000人。\r\n完成率98%。"
DATA = {"text": TEXT, "source": "jilin.txt", "sha256": "ab" * 32, "normalizer_version": "1", "synthetic": False}


def region(rid, start, end, text, label):
    """A region as Label Studio stores it: UTF-16 offsets (𠮷 and 😀 count two)."""
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def relation(head, tail, label="HAS_VALUE", direction="right"):
    return {"from_id": head, "to_id": tail, "type": "relation", "direction": direction, "labels": [label]}


INDICATOR, AMOUNT = region("i", 6, 10, "预算资金", "INDICATOR"), region("a", 10, 15, "100万元", "AMOUNT")
COUNT, RATIO = region("c", 22, 27, "3000人", "COUNT"), region("r", 33, 36, "98%", "RATIO")


def annotation(ann_id, result, user=1, when="2025-03-01T10:00:00.000000Z", cancelled=False):
    return {"id": ann_id, "completed_by": user, "result": result, "was_cancelled": cancelled,
            "created_at": when, "updated_at": when}


def task(annotations, task_id=7, data=DATA):
    return {"id": task_id, "data": dict(data), "annotations": annotations, "predictions": []}


def spans_of(doc):
    return [(span.start, span.end, span.label, span.text) for span in doc.spans]


def test_offsets_become_code_points_around_astral_characters_and_crlf():
    converted = convert_task(task([annotation(1, [INDICATOR, AMOUNT, COUNT, RATIO, relation("i", "a")])]))
    assert converted.problems == []
    assert spans_of(converted.doc) == [(5, 9, "INDICATOR", "预算资金"), (9, 14, "AMOUNT", "100万元"),
                                       (20, 25, "COUNT", "3000人"), (31, 34, "RATIO", "98%")]
    assert [(rel.type, rel.head, rel.tail) for rel in converted.doc.relations] == [("HAS_VALUE", 0, 1)]
    assert converted.doc.text == TEXT and converted.doc.name == "jilin"


def test_the_most_recent_non_cancelled_annotation_is_used_and_the_others_named():
    converted = convert_task(task([
        annotation(11, [AMOUNT], user=1, when="2025-03-01T10:00:00.000000Z"),
        annotation(12, [AMOUNT, COUNT], user=2, when="2025-03-02T10:00:00.000000Z"),
        annotation(13, [], user=3, when="2025-03-03T10:00:00.000000Z", cancelled=True),
    ]))
    assert [span[3] for span in spans_of(converted.doc)] == ["100万元", "3000人"]
    assert converted.notes == ["used annotation 12 by user 2 at 2025-03-02T10:00:00.000000Z; not used: annotation 11 "
                               "by user 1 at 2025-03-01T10:00:00.000000Z, annotation 13 by user 3 at "
                               "2025-03-03T10:00:00.000000Z cancelled"]


def test_a_task_whose_annotations_are_all_cancelled_is_skipped():
    converted = convert_task(task([annotation(1, [AMOUNT], cancelled=True)]))
    assert converted.doc is None and converted.problems == []


@pytest.mark.parametrize("result, problem", [
    ([region("a", 10, 15, "100万", "AMOUNT")], "region 'a': text '100万' differs from data.text[9:14] = '100万元'"),
    ([region("a", 10, 15, "100万元", "MONEY")], "region 'a': labels ['MONEY'] must be one of"),
    ([region("c", 21, 27, "😀3000人", "COUNT")], "region 'c': UTF-16 offset 21 splits the character '😀'"),
    ([AMOUNT, relation("i", "a")], "relation 'i' → 'a': endpoint 'i' does not exist"),
    ([INDICATOR, AMOUNT, relation("i", "a", direction="bi")], "relation 'i' ↔ 'a': direction 'bi' is ambiguous"),
    ([INDICATOR, AMOUNT, relation("i", "a", label="")], "relation 'i' → 'a': labels [''] must be one of"),
    ([{"id": "x", "type": "choices", "value": {"choices": ["ok"]}}], "result item of unknown type 'choices'"),
])
def test_annotations_that_break_the_corpus_rules_are_problems(result, problem):
    converted = convert_task(task([annotation(1, result)]))
    assert converted.doc is None and converted.problems[0].startswith(problem)


def test_a_relation_drawn_from_value_to_indicator_leftwards_keeps_its_meaning():
    converted = convert_task(task([annotation(1, [INDICATOR, AMOUNT, relation("a", "i", direction="left")])]))
    assert [(rel.type, rel.head, rel.tail) for rel in converted.doc.relations] == [("HAS_VALUE", 0, 1)]


def test_a_task_made_outside_reportie_gets_manifest_fields_from_its_text():
    converted = convert_task(task([annotation(1, [AMOUNT])], task_id=3, data={"text": TEXT}))
    data = converted.doc.data
    assert data["source"] == "labelstudio-task-3" and len(data["sha256"]) == 64
    assert data["normalizer_version"] is None and data["synthetic"] is False
    assert converted.doc.name == "labelstudio_task_3"


def test_the_corpus_survives_a_trip_through_label_studio_offsets_unchanged():
    for doc in load_corpus():
        exported = task([annotation(1, studio_result(doc.text, doc.spans, doc.relations))],
                        data={**doc.data, "text": doc.text})
        back = convert_task(exported)
        assert back.problems == [], (doc.name, back.problems[:3])
        assert (spans_of(back.doc), back.doc.relations, back.doc.data) == (spans_of(doc), doc.relations, doc.data)


# ---------------------------------------------------------------- merging into a corpus folder


def write_export(path, tasks):
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_adds_then_leaves_unchanged_then_replaces_with_a_backup(tmp_path):
    corpus = tmp_path / "corpus"
    first = import_export([task([annotation(1, [AMOUNT])])], corpus)
    assert first.added == ["jilin"] and check_corpus(corpus) == []
    written = (corpus / "jilin.json").read_bytes()

    again = import_export([task([annotation(1, [AMOUNT])])], corpus)
    assert again.unchanged == ["jilin"] and again.backup is None
    assert (corpus / "jilin.json").read_bytes() == written

    corrected = import_export([task([annotation(2, [INDICATOR, AMOUNT, relation("i", "a")],
                                                when="2025-04-01T00:00:00.000000Z")])], corpus)
    assert corrected.replaced == ["jilin"] and check_corpus(corpus) == []
    assert (corrected.backup / "jilin.json").read_bytes() == written
    assert (corrected.backup / "manifest.json").is_file()
    stored = read_task_file(corpus / "jilin.json")
    assert [item["value"]["text"] for item in stored["annotations"][0]["result"][:2]] == ["预算资金", "100万元"]
    assert stored["annotations"][0]["updated_at"] == "2025-04-01T00:00:00.000000Z"


def test_nothing_is_written_when_one_task_fails(tmp_path):
    corpus = tmp_path / "corpus"
    import_export([task([annotation(1, [AMOUNT])])], corpus)
    before = {path.name: path.read_bytes() for path in corpus.iterdir()}
    other = {**DATA, "source": "other.txt", "sha256": "cd" * 32}
    bad = [task([annotation(1, [AMOUNT, COUNT])]), task([annotation(1, [region("a", 10, 14, "100万元", "AMOUNT")])],
                                                        task_id=8, data=other)]
    with pytest.raises(ExportProblems, match="nothing written: task 8 \\(other.txt\\): region 'a'"):
        import_export(bad, corpus)
    assert {path.name: path.read_bytes() for path in corpus.iterdir()} == before


def test_a_new_document_whose_name_is_taken_gets_its_hash_in_the_name(tmp_path):
    corpus = tmp_path / "corpus"
    import_export([task([annotation(1, [AMOUNT])])], corpus)
    other = {**DATA, "sha256": "cd" * 32}
    report = import_export([task([annotation(1, [COUNT])], task_id=9, data=other)], corpus)
    assert report.added == ["jilin_cdcdcdcd"] and check_corpus(corpus) == []


def test_the_same_document_twice_in_one_export_is_a_problem(tmp_path):
    with pytest.raises(ExportProblems, match="task 7 \\(jilin.txt\\) and task 8 \\(jilin.txt\\) hold the same document"):
        import_export([task([annotation(1, [AMOUNT])]), task([annotation(2, [COUNT])], task_id=8)], tmp_path)


def test_corpus_import_command(tmp_path):
    export = write_export(tmp_path / "export.json", [task([annotation(1, [AMOUNT])]), task([], task_id=8)])
    result = CliRunner().invoke(app, ["corpus", "import", str(export), "--into", str(tmp_path / "corpus")])
    assert result.exit_code == 0, result.output
    assert "added jilin" in result.output and "skipped task 8 (jilin.txt): no annotation" in result.output


@pytest.mark.parametrize("content, message", [
    ('{"id": 1}', "expected a list of tasks (export with the JSON format, not JSON_MIN or CSV)"),
    ("[{", "cannot read a Label Studio JSON export"),
])
def test_corpus_import_of_something_else_is_a_one_line_error(tmp_path, content, message):
    (tmp_path / "export.json").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["corpus", "import", str(tmp_path / "export.json"), "--into", str(tmp_path)])
    assert result.exit_code == 2 and message in result.output and len(result.output.strip().splitlines()) == 1


def test_corpus_import_lists_every_problem_then_says_nothing_was_written(tmp_path):
    bad = [task([annotation(1, [region("a", 10, 15, "100万", "AMOUNT"), region("r", 33, 36, "98%", "MONEY")])])]
    export = write_export(tmp_path / "export.json", bad)
    result = CliRunner().invoke(app, ["corpus", "import", str(export), "--into", str(tmp_path / "corpus")])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 3 and lines[-1].startswith("error: 2 problem(s) in the export")
    assert not (tmp_path / "corpus").exists() or not any((tmp_path / "corpus").iterdir())
