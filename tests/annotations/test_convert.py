import pytest
from typer.testing import CliRunner

from annotations.convert import (
    bio_tags, blank_vocab, from_docbin, from_hf_dataset, register_relations_extension, spans_from_bio, to_docbin,
    to_hf_dataset, to_spacy_doc, window_ranges,
)
from annotations.markup import parse_markup
from annotations.tasks import CorpusDoc, load_corpus
from extraction.document import Span
from reportie_cli import app


def _doc(markup: str, name: str = "snippet", data: dict | None = None) -> CorpusDoc:
    text, spans, relations = parse_markup(markup)
    return CorpusDoc(name, text, spans, relations, data if data is not None else {"synthetic": False})


# From 004: 其中⟦一般公共预算财政拨款预算数⟧为⟦27,585.71万元⟧
BUDGET = _doc("⟦一般公共预算财政拨款预算数|I#i7⟧为⟦27,585.71万元|A<i7⟧")
# From 004, shortened: a project, then its indicator and value in the next sentence.
ALLOWANCE = _doc("⟦劳模津贴|P#p⟧按标准发放。⟦劳模津贴发放率|I^p⟧达⟦98.67%|R<⟧。")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_bio_tags_of_a_real_snippet():
    row = to_hf_dataset([BUDGET])[0]
    assert row["chars"][:3] == ["一", "般", "公"] and row["chars"][13] == "为"
    assert row["bio"] == (["B-INDICATOR"] + ["I-INDICATOR"] * 12 + ["O"]
                          + ["B-AMOUNT"] + ["I-AMOUNT"] * 10)
    assert row["spans"] == [{"start": 0, "end": 13, "label": "INDICATOR"}, {"start": 14, "end": 25, "label": "AMOUNT"}]
    assert row["relations"] == [{"type": "HAS_VALUE", "head": 0, "tail": 1}]
    assert row["synthetic"] is False and row["name"] == "snippet"


def test_non_bmp_characters_and_crlf_are_single_code_points_both_ways():
    doc = _doc("𠮷\r\n全年⟦预算数|I⟧⟦5 万元|A<⟧\r\n")
    row = to_hf_dataset([doc])[0]
    assert row["chars"][:4] == ["𠮷", "\r", "\n", "全"]
    assert len(row["bio"]) == len(doc.text) == 14
    assert row["bio"][5:13] == ["B-INDICATOR", "I-INDICATOR", "I-INDICATOR",
                                "B-AMOUNT", "I-AMOUNT", "I-AMOUNT", "I-AMOUNT", "O"]
    spacy_doc = to_spacy_doc(doc, blank_vocab())
    assert spacy_doc.text == doc.text and len(spacy_doc) == len(doc.text)
    assert [(ent.start_char, ent.end_char, ent.label_) for ent in spacy_doc.ents] == [(5, 8, "INDICATOR"), (8, 12, "AMOUNT")]
    assert spacy_doc._.relations == [("HAS_VALUE", 5, 8, 8, 12)]
    assert from_hf_dataset(to_hf_dataset([doc])) == [doc]
    assert from_docbin(to_docbin([doc])) == [doc]


def test_overlapping_spans_are_refused():
    spans = [Span(0, 3, "AMOUNT", "5万元"), Span(2, 3, "COUNT", "元")]
    with pytest.raises(ValueError, match="overlaps"):
        bio_tags(3, spans)


def test_spans_from_bio_reads_tags_back_and_starts_an_entity_at_a_stray_inside_tag():
    assert spans_from_bio(BUDGET.text, bio_tags(len(BUDGET.text), BUDGET.spans)) == BUDGET.spans
    spans = spans_from_bio("达98%，5个", ["O", "I-RATIO", "I-RATIO", "B-RATIO", "O", "B-COUNT", "I-AMOUNT"], source="crf")
    assert [(span.start, span.end, span.label, span.source) for span in spans] == [
        (1, 3, "RATIO", "crf"), (3, 4, "RATIO", "crf"), (5, 6, "COUNT", "crf"), (6, 7, "AMOUNT", "crf")]


def test_windows_cut_at_sentence_ends_and_move_off_entities():
    # "劳模津贴按标准发放。" is 10 characters; the RATIO 98.67% spans 18..24, so a cut at 22 moves to 18.
    rows = to_hf_dataset([ALLOWANCE], window=12)
    assert rows["window_start"] == [0, 10, 18]
    assert rows["text"] == ["劳模津贴按标准发放。", "劳模津贴发放率达", "98.67%。"]
    assert rows["spans"][1] == [{"start": 0, "end": 7, "label": "INDICATOR"}]
    assert rows["bio"][2][:2] == ["B-RATIO", "I-RATIO"]
    assert [row["relations"] for row in rows] == [[], [], []]
    assert rows["cross_relations"][0] == [
        {"type": "BELONGS_TO", "head_start": 10, "head_end": 17, "tail_start": 0, "tail_end": 4},
        {"type": "HAS_VALUE", "head_start": 10, "head_end": 17, "tail_start": 18, "tail_end": 24},
    ]
    assert from_hf_dataset(rows) == [ALLOWANCE]


def test_relations_inside_a_window_stay_in_its_row():
    rows = to_hf_dataset([ALLOWANCE], window=20)
    assert rows["window_start"] == [0, 10]
    assert rows["relations"][1] == [{"type": "HAS_VALUE", "head": 0, "tail": 1}]
    assert [item["type"] for item in rows["cross_relations"][0]] == ["BELONGS_TO"]
    assert from_hf_dataset(rows) == [ALLOWANCE]


def test_an_entity_longer_than_the_window_is_kept_whole():
    assert window_ranges(BUDGET.text, BUDGET.spans, 5) == [(0, 13), (13, 14), (14, 25)]


def test_overlapping_windows_rebuild_the_document():
    ranges = window_ranges(ALLOWANCE.text, ALLOWANCE.spans, 12, stride=6)
    assert ranges[0] == (0, 10) and all(a[0] < b[0] <= a[1] for a, b in zip(ranges, ranges[1:]))
    assert from_hf_dataset(to_hf_dataset([ALLOWANCE], window=12, stride=6)) == [ALLOWANCE]


def test_bad_window_settings_and_tampered_rows_are_errors():
    with pytest.raises(ValueError, match="stride"):
        window_ranges("abc", [], 4, stride=5)
    rows = to_hf_dataset([BUDGET]).to_list()
    rows[0]["bio"][0] = "O"
    with pytest.raises(ValueError, match="snippet: chars or bio"):
        from_hf_dataset(rows)


def test_relations_extension_registers_twice_harmlessly():
    register_relations_extension()
    register_relations_extension()
    assert to_spacy_doc(BUDGET, blank_vocab())._.relations == [("HAS_VALUE", 0, 13, 14, 25)]


@pytest.mark.parametrize("window, stride", [(None, None), (256, None), (200, 120)])
def test_whole_corpus_hf_round_trip(corpus, window, stride):
    assert from_hf_dataset(to_hf_dataset(corpus, window=window, stride=stride)) == corpus


def test_whole_corpus_docbin_round_trip_through_bytes(corpus):
    from spacy.tokens import DocBin

    stored = DocBin().from_bytes(to_docbin(corpus).to_bytes())
    assert from_docbin(stored) == corpus


def test_export_command_writes_a_fold(tmp_path):
    from datasets import load_from_disk
    from spacy.tokens import DocBin

    runner = CliRunner()
    result = runner.invoke(app, ["corpus", "export", "--to", "hf", str(tmp_path / "hf"), "--real-only", "--fold", "2"])
    assert result.exit_code == 0, result.output
    split = load_from_disk(str(tmp_path / "hf"))
    real = sorted(doc.name for doc in load_corpus(synthetic=False))
    assert split["dev"]["name"] == [real[1]]
    assert sorted(split["train"]["name"]) == [name for name in real if name != real[1]]
    result = runner.invoke(app, ["corpus", "export", "--to", "spacy", str(tmp_path / "sp"), "--real-only", "--fold", "2"])
    assert result.exit_code == 0, result.output
    dev = from_docbin(DocBin().from_disk(tmp_path / "sp" / "dev" / "corpus.spacy"))
    assert [doc.name for doc in dev] == [real[1]]


def test_export_command_refuses_a_fold_out_of_range(tmp_path):
    result = CliRunner().invoke(app, ["corpus", "export", "--to", "spacy", str(tmp_path), "--fold", "9"])
    assert result.exit_code == 2
    assert "--fold must be 1..4" in result.output
