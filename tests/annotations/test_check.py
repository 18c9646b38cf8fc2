import copy
import json

import pytest

from annotations.check import check_corpus, check_task
from annotations.markup import parse_markup
from annotations.tasks import CorpusDoc, doc_from_task, task_from_doc, write_task_file

SNIPPET = ("“⟦困难职工因病致困专项帮扶资金|P⟧”项目⟦预算金额|I^⟧ ⟦30 万元|A<⟧，⟦实际使用金额|I^⟧ ⟦30 万元|A<⟧，"
           "⟦资金支出率|I^⟧ ⟦100%|R<⟧。对⟦80 户|C>⟧⟦帮扶对象|I⟧实施帮扶救助。")


def valid_task() -> dict:
    text, spans, relations = parse_markup(SNIPPET)
    return task_from_doc(CorpusDoc("snippet", text, spans, relations, {"source": "x.txt"}))


def regions(task):
    return [item for item in task["annotations"][0]["result"] if item["type"] == "labels"]


def relations(task):
    return [item for item in task["annotations"][0]["result"] if item["type"] == "relation"]


def shift_offsets(task):
    regions(task)[0]["value"]["end"] = 10_000


def change_text(task):
    regions(task)[1]["value"]["text"] = "预算"


def unknown_label(task):
    regions(task)[2]["value"]["labels"] = ["MONEY"]


def overlap(task):
    extra = copy.deepcopy(regions(task)[1])
    extra["id"] = "extra"
    extra["value"]["start"] += 1
    extra["value"]["text"] = task["data"]["text"][extra["value"]["start"]:extra["value"]["end"]]
    task["annotations"][0]["result"].append(extra)


def dangling_relation(task):
    relations(task)[0]["to_id"] = "nowhere"


def wrong_relation_direction(task):
    rel = next(r for r in relations(task) if r["labels"] == ["HAS_VALUE"])
    rel["from_id"], rel["to_id"] = rel["to_id"], rel["from_id"]


def two_has_value_into_one_value(task):
    has_value = [r for r in relations(task) if r["labels"] == ["HAS_VALUE"]]
    has_value[1]["to_id"] = has_value[0]["to_id"]


def duplicate_region_id(task):
    regions(task)[3]["id"] = regions(task)[2]["id"]


def unknown_relation_label(task):
    relations(task)[0]["labels"] = ["PART_OF"]


def whitespace_edge(task):
    region = regions(task)[2]
    region["value"]["start"] -= 1
    region["value"]["text"] = task["data"]["text"][region["value"]["start"]:region["value"]["end"]]


def cross_sentence_has_value(task):
    text = task["data"]["text"]
    value = next(r for r in regions(task) if r["value"]["text"] == "80 户")
    rel = next(r for r in relations(task) if r["to_id"] == value["id"])
    rel["from_id"] = next(r for r in regions(task) if r["value"]["text"] == "资金支出率")["id"]
    assert "。" in text


@pytest.mark.parametrize("damage, message", [
    (shift_offsets, "out of range"),
    (change_text, "differs from data.text"),
    (unknown_label, "labels ['MONEY']"),
    (overlap, "overlap"),
    (dangling_relation, "does not exist"),
    (wrong_relation_direction, "cannot go from"),
    (two_has_value_into_one_value, "HAS_VALUE relations (at most 1)"),
    (duplicate_region_id, "used 2 times"),
    (unknown_relation_label, "must be one of HAS_VALUE"),
    (whitespace_edge, "whitespace"),
    (cross_sentence_has_value, "crosses a sentence end"),
])
def test_each_kind_of_damage_is_reported(damage, message):
    task = valid_task()
    assert check_task(task) == []
    damage(task)
    problems = check_task(task)
    assert any(message in problem for problem in problems), problems


def test_cancelled_annotations_are_ignored_and_the_latest_wins():
    task = valid_task()
    stale = copy.deepcopy(task["annotations"][0])
    stale.update(id=2, updated_at="2020-01-01T00:00:00Z", result=[])
    cancelled = copy.deepcopy(task["annotations"][0])
    cancelled.update(id=3, updated_at="2030-01-01T00:00:00Z", was_cancelled=True, result=[])
    task["annotations"][0]["updated_at"] = "2025-01-01T00:00:00Z"
    task["annotations"] += [stale, cancelled]
    doc = doc_from_task(task, "snippet")
    assert len(doc.spans) == 9 and len(doc.relations) == 7


def test_corpus_folder_checks_manifest(tmp_path):
    write_task_file(tmp_path / "a.json", valid_task())
    assert check_corpus(tmp_path) == ["manifest.json: missing"]
    (tmp_path / "manifest.json").write_text(json.dumps([{"file": "b.json"}]), encoding="utf-8")
    problems = check_corpus(tmp_path)
    assert "manifest.json: a.json is not listed" in problems
    assert "manifest.json: lists b.json but the file is missing" in problems
