import pytest

from extraction.project_rules import tag_projects

# real snippets from the corpus with the project span the annotators chose
CASES = [
    ("开展“工会二次医保”职工医疗互助", ["工会二次医保"]),
    ("购买“工会二次医保”67份", ["工会二次医保"]),
    ("落实“困难职工因病致困专项帮扶资金”——", ["困难职工因病致困专项帮扶资金"]),
    ("工会“工会事业专项补助”项目", ["工会事业专项补助"]),
    ("。打响“科技杯”创新创业大赛品牌，", ["“科技杯”创新创业大赛"]),  # 000: quoted modifier + project noun
    ("开展“广东技工”三大工程技能培训，", ["“广东技工”三大工程技能培训"]),
    ("“提高产业工人整体素质和维权建设项目”项目年初预算金额是75万元", ["提高产业工人整体素质和维权建设项目"]),  # 002
    ("按照“十四五”规划要求", []),  # not followed by a project word
    ("坚持“以职工为中心，服务大局”", []),  # a slogan: clause punctuation inside
    ("自评结果为“优秀”", []),
    ("一是做好“迎新春送温暖”等系列走访慰问活动，", []),  # 003: heads an 等-series (GUIDELINES 37)
    # campaigns run by others, served or followed (GUIDELINES 57)
    ("职业技能竞赛助力“百千万工程”，大力弘扬茶艺文化", []),  # 003
    ("创新工作室。围绕“百千万工程”培育黎振乾创新工作室", []),  # 002
    ("展线网优化，推行“公交+定制”服务。", []),
    ("下一步将按照“五有”标准推进服务站规范化建设", []),
    ("一是坚持以头号力度推动“百千万工程”，", []),  # 003
    # inside a document title (guide: policy documents are not PROJECT)
    ("《江门市总工会关于开展2024年“龙腾贺新春·情暖劳动者”新春系列活动的方案》", []),  # 002
    ("《关于实施2023年“青春助学”项目的通知》", []),
    ("印发《通知》，开展“工会二次医保”职工医疗互助", ["工会二次医保"]),  # the title closed before the quote
    # an expenditure category, annotated INDICATOR (GUIDELINES 57)
    ("控支出减少。“三公”经费支出86.4万元，比", []),
    ("7.15%；“三公”经费支出2.86万元，控", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_quoted_project_names(text, expected):
    spans = tag_projects(text)
    assert [span.text for span in spans] == expected
    assert all(text[span.start:span.end] == span.text and span.label == "PROJECT" for span in spans)


def test_rule_projects_fill_only_where_the_model_found_nothing():
    from extraction.document import Span
    from extraction.model import add_rule_projects

    text = "开展“工会二次医保”职工医疗互助，购买“工会二次医保”67份"
    model_span = Span(3, 9, "PROJECT", "工会二次医保", 0.9, "model")
    merged = add_rule_projects(text, [model_span])
    assert [(s.start, s.source) for s in merged] == [(3, "model"), (text.rindex("工会二次医保"), "rules")]


# 002: the model tagged a piece of the quoted name as an INDICATOR
LINE_ITEM = "“提高产业工人整体素质和维权建设项目”：(1)2024年大赛报名企业数量为252家"


@pytest.mark.parametrize("found, replaced", [
    (("INDICATOR", "维权建设项目"), True),                      # a fragment of the name: the name wins
    (("INDICATOR", "提高产业工人整体素质和维权建设项目"), False),  # the whole name: the model's reading stays
    (("PROJECT", "维权建设项目"), False),                       # a project of the model's own
    (("INDICATOR", "维权建设项目”"), False),                    # across the name's edge
])
def test_a_quoted_name_replaces_indicators_cut_out_of_it(found, replaced):
    from extraction.model import add_rule_projects
    from tests.extraction.snippets import spans_of

    model_spans = spans_of(LINE_ITEM, found, ("INDICATOR", "大赛报名企业数量"), score=0.6, source="model")
    merged = add_rule_projects(LINE_ITEM, model_spans)
    if replaced:
        assert [(s.label, s.text, s.source) for s in merged] == [
            ("PROJECT", "提高产业工人整体素质和维权建设项目", "rules"), ("INDICATOR", "大赛报名企业数量", "model")]
    else:
        assert merged == model_spans
