"""PROJECT spans without a leading scope word or ordinal (GUIDELINES 32, 52); snippets from the corpus."""
import pytest

from extraction.project_trim import trim_project_leads
from tests.extraction.snippets import spans_of


@pytest.mark.parametrize("text, piece, expected", [
    # held-out 002 (bench fold model of group-4 training): ordinal and scope word taken along
    ("（3）第一届全省政务服务技能大赛共吸引1348名政务服务领域参赛选手", ("PROJECT", "第一届全省政务服务技能大赛"),
     "政务服务技能大赛"),
    ("第五次全国经济普查经费", ("PROJECT", "第五次全国经济普查经费"), "全国经济普查经费"),  # 全国 is part of the name
    ("第三十六届青少年科技创新大赛", ("PROJECT", "第三十六届青少年科技创新大赛"), "青少年科技创新大赛"),
    ("第二轮中央生态环境保护督察问题整改", ("PROJECT", "第二轮中央生态环境保护督察问题整改"), "中央生态环境保护督察问题整改"),
    ("举办全市“匠心杯”技能竞赛", ("PROJECT", "全市“匠心杯”技能竞赛"), "“匠心杯”技能竞赛"),
    # an ordinal inside the name stays (GUIDELINES 32)
    ("粤港澳大湾区第四届职业技能大赛", ("PROJECT", "粤港澳大湾区第四届职业技能大赛"), "粤港澳大湾区第四届职业技能大赛"),
    # too little left to be a name
    ("第一届全省赛", ("PROJECT", "第一届全省赛"), "第一届全省赛"),
    # only PROJECT spans
    ("举办全市职工技能大赛300余场", ("INDICATOR", "全市职工技能大赛"), "全市职工技能大赛"),
])
def test_project_leads(text, piece, expected):
    (trimmed,) = trim_project_leads(text, spans_of(text, piece, score=0.9, source="model"))
    assert trimmed.text == expected == text[trimmed.start:trimmed.end]


def test_the_annotated_corpus_already_follows_the_rule():
    from annotations.tasks import load_corpus

    changed = [(doc.name, before.text, after.text) for doc in load_corpus()
               for before, after in zip(doc.spans, trim_project_leads(doc.text, list(doc.spans))) if before != after]
    assert changed == []
