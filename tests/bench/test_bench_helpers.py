from annotations.markup import parse_markup
from annotations.tasks import CorpusDoc
from bench.report import accuracy_table, speed_table
from bench.scoring import score_fold, summarize
from bench.systems import char_class, char_features
from extraction.document import LABELS, VALUE_LABELS, Span

TEXT, SPANS, RELATIONS = parse_markup("全年⟦预算数|I⟧⟦35,408.62万|A<⟧，⟦执行率|I⟧⟦95.68%|R<⟧。")
GOLD = CorpusDoc("004", TEXT, SPANS, RELATIONS)


def _values_only(spans):
    return [span for span in spans if span.label in VALUE_LABELS]


def test_a_values_only_system_has_no_figures_for_what_it_cannot_tag():
    scores = score_fold(GOLD, (_values_only(SPANS), []), VALUE_LABELS, produces_relations=False)
    assert scores["entities"]["INDICATOR"] is None and scores["entities"]["ALL"] is None
    assert scores["entities"]["AMOUNT"]["f"] == 1.0 and scores["entities"]["VALUES"]["f"] == 1.0
    assert scores["relations"] == {"HAS_VALUE": None, "BELONGS_TO": None} and scores["record_accuracy"] is None


def test_spans_match_strictly_and_a_label_never_predicted_scores_zero():
    amount = SPANS[1]
    shifted = Span(amount.start, amount.end - 1, "AMOUNT", amount.text[:-1])
    scores = score_fold(GOLD, ([shifted, SPANS[3]], []), LABELS, produces_relations=False)
    assert scores["entities"]["AMOUNT"]["f"] == 0.0
    assert scores["entities"]["RATIO"]["f"] == 1.0
    assert scores["entities"]["INDICATOR"]["f"] == 0.0 and scores["entities"]["INDICATOR"]["gold"] == 2
    assert scores["entities"]["VALUES"]["tp"] == 1 and scores["entities"]["VALUES"]["pred"] == 2


def test_relations_and_records_are_scored_when_a_system_links():
    one_link = [rel for rel in RELATIONS if rel.tail == 1]
    scores = score_fold(GOLD, (SPANS, one_link), LABELS, produces_relations=True)
    assert round(scores["relations"]["HAS_VALUE"]["f"], 3) == 0.667
    assert scores["record_accuracy"] == 0.5


def test_summary_keeps_none_and_gives_mean_and_spread():
    perfect = score_fold(GOLD, (SPANS, []), LABELS, produces_relations=False)
    half = score_fold(GOLD, (SPANS[:2], []), LABELS, produces_relations=False)
    summary = summarize([perfect, half])
    assert summary["HAS_VALUE"] is None
    assert summary["RATIO"] == {"mean": 0.5, "spread": 0.5, "folds": [1.0, 0.0]}


def test_tables_show_a_dash_for_missing_figures_and_ratios_to_rules():
    figure = {"mean": 0.0, "spread": 0.0, "folds": [0.0]}
    summary = {name: None for name in (*LABELS, "VALUES", "ALL", "HAS_VALUE", "BELONGS_TO", "record_accuracy")}
    systems = {"rules": {"summary": {**summary, "AMOUNT": figure}}}
    row = accuracy_table(systems).splitlines()[2]
    assert row.startswith("| rules | — | — | 0.000 ± 0.000 | — |")
    speed = {"chars_per_s": 1000.0, "load_s": 0.5, "peak_rss_mib": 20.0}
    untrained = {"epochs": None, "seconds_per_epoch": None, "seconds_per_fold": 0.0}
    trained = {"epochs": 10, "seconds_per_epoch": 2.5, "seconds_per_fold": 25.0}
    table = speed_table({"rules": {"speed": speed, "train": untrained},
                         "crf": {"speed": {"chars_per_s": 250.0, "load_s": 1.0, "peak_rss_mib": 200.0}, "train": trained}})
    assert "| crf | 250 | 0.25× | 1.00 | 2× | 200 | 10× | 2.50 | 10 | 25.0 |" in table
    assert "| rules | 1,000 | 1× | 0.50 | 1× | 20 | 1× | — | — | — |" in table


def test_character_classes_and_window_features():
    assert [char_class(char) for char in "5五预𠮷%a \u3000"] == ["digit", "hannum", "han", "han", "punct", "latin",
                                                             "space", "space"]
    first, last = char_features("35万元")[0], char_features("35万元")[-1]
    assert first["char-2"] == "<s>" and first["char+1"] == "5" and first["bigram+1"] == "35"
    assert last["unit+0"] is True and last["char+1"] == "</s>" and last["classes"] == "hannum|han|eos"
