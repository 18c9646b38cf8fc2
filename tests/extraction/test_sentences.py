import pytest

from extraction.sentences import sentence_bounds, sentence_index


@pytest.mark.parametrize("text, sentences", [
    ("预算金额 30 万元，实际使用金额 30 万元。资金支出率 100%。",
     ["预算金额 30 万元，实际使用金额 30 万元。", "资金支出率 100%。"]),
    ("一是压实主体责任；二是强化预算管理", ["一是压实主体责任；", "二是强化预算管理"]),
    ("指标名称 | 年度指标值\n参训人数 | 300\n", ["指标名称 | 年度指标值", "参训人数 | 300"]),
    ("  \n 完成率达100%！ 好吗？\n", ["完成率达100%！", "好吗？"]),
    ("", []),
])
def test_sentence_bounds(text, sentences):
    assert [text[s:e] for s, e in sentence_bounds(text)] == sentences


def test_sentence_index_between_sentences_takes_the_one_before():
    bounds = sentence_bounds("甲。 乙。")
    assert sentence_index(bounds, 0) == 0
    assert sentence_index(bounds, 2) == 0
    assert sentence_index(bounds, 3) == 1
