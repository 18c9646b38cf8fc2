import pytest

from annotations.folds import loro_folds, select
from annotations.tasks import CorpusDoc


def _doc(name, synthetic=False):
    return CorpusDoc(name, "预算100万元。", [], [], {"synthetic": synthetic} if synthetic else {})


DOCS = [_doc("r1"), _doc("r2"), _doc("r3"), _doc("syn_a", True), _doc("syn_b", True)]


def test_one_fold_per_real_report_synthetic_only_trains():
    folds = loro_folds(DOCS)
    assert [fold.eval_name for fold in folds] == ["r1", "r2", "r3"]
    assert folds[0].train_names == ("r2", "r3", "syn_a", "syn_b")
    assert all(fold.eval_name not in fold.train_names for fold in folds)


def test_real_only_folds_leave_synthetic_out():
    folds = loro_folds(DOCS, with_synthetic=False)
    assert folds[1].train_names == ("r1", "r3")


def test_too_few_real_reports_is_an_error():
    with pytest.raises(ValueError, match="at least 2 real reports"):
        loro_folds([_doc("r1"), _doc("syn", True)])


def test_select_keeps_order_and_refuses_unknown_names():
    assert [doc.name for doc in select(DOCS, ["r3", "r1"])] == ["r3", "r1"]
    with pytest.raises(KeyError, match="r9"):
        select(DOCS, ["r9"])
