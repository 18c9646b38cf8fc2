"""Outline of real report lines: heading levels, and where a project mention stands."""
import re

import pytest

from extraction.document import Span
from extraction.sections import Outline, heading_level
from extraction.sentences import sentence_bounds

# Lines of reports 002 and 003 (annotations/corpus), and lines that only look numbered.
LEVELS = [
    ("第一部分 部门概况", 0),
    ("二、项目组织实施情况", 1),
    ("（一）产出指标分析。", 2),
    ("1.数量指标", 3),
    ("2、质量指标", 3),
    ("(1)2024年大赛报名企业数量为252家", 4),
    ("①培训职工2360人次", 5),
    ("1.5万元用于购买慰问品", None),
    ("2024年度工会事业专项补助绩效自评报告", None),
    ("“提高产业工人整体素质和维权建设项目”：(1)2024年大赛报名企业数量为252家", None),
]


@pytest.mark.parametrize("line, level", LEVELS)
def test_heading_level(line, level):
    assert heading_level(line) == level


TEXT = ("2024年度工会事业专项补助绩效自评报告\n三、项目绩效情况\n（一）产出指标分析。\n"
        "“提高产业工人整体素质和维权建设项目”：(1)2024年大赛报名企业数量为252家\n"
        "全年实际支出175.48万元，其中“情暖职工春节活动经费”87.03万元。")

PLACES = [
    # (mention, line, section, opens_line, in_heading)
    ("工会事业专项补助", 0, 0, False, False),
    ("项目绩效情况", 1, 1, True, True),
    ("产出指标", 2, 2, True, True),
    ("提高产业工人整体素质和维权建设项目", 3, 2, True, False),
    ("大赛报名企业数量", 3, 2, False, False),
    ("情暖职工春节活动经费", 4, 2, False, False),
]


@pytest.mark.parametrize("mention, line, section, opens_line, in_heading", PLACES)
def test_place_of_a_mention(mention, line, section, opens_line, in_heading):
    place = Outline(TEXT).place(TEXT.index(mention))
    assert (place.line, place.section, place.opens_line, place.in_heading) == (line, section, opens_line, in_heading)



# Lines of reports 000, 002 and 003 and of synthetic passages, below a title and a heading: does
# the project mention govern the sentences after it (GUIDELINES 56)?
TITLE = "2024年度工会事业专项补助绩效自评报告\n一、基本情况\n"
TOPICS = [
    ("“提高产业工人整体素质和维权建设项目”：(1)2024年大赛报名企业数量为252家。", "提高产业工人整体素质和维权建设项目", True),
    ("全年实际支出175.48万元，其中“情暖职工春节活动经费”87.03万元。", "情暖职工春节活动经费", True),
    ("企业科创水平快速提升。(2)2024年江门市电力系统“领军杯”职业技能大赛包括7大项目。", "“领军杯”职业技能大赛", True),
    ("节能工作取得成效。二是公共机构节能改造专项资金仅覆盖30家。", "公共机构节能改造专项资金", True),
    ("预算已全部下达。2023年退役军人职业技能培训补助资金预算数360万元。", "退役军人职业技能培训补助资金", True),
    ("其余资金由工会经费弥补。安排财政资金发放市直离退休劳动模范荣誉津贴10万元。", "市直离退休劳动模范荣誉津贴", False),
    ("开展活动76场次。参与“科技杯”创新创业大赛，组织30个企业参加。", "“科技杯”创新创业大赛", False),
    # A numbered line that runs on after its heading: the sentence after the heading opens a topic,
    # a name further into the paragraph does not.
    ("（三）公共机构节能。安排公共机构节能改造专项资金260万元，支持17家公共机构实施节能改造。", "公共机构节能改造专项资金", True),
    ("1.大力开展学习二十大精神主题活动。推出走访红色革命基地户外主题党日活动，做到以讲促学；"
     "组织开展“劳模精神光耀橙乡”系列专题宣传活动，号召全社会学习劳模精神。", "“劳模精神光耀橙乡”系列专题宣传活动", False),
    ("1.“劳模精神光耀橙乡”系列专题宣传活动。组织宣讲12场。", "“劳模精神光耀橙乡”系列专题宣传活动", True),
]


@pytest.mark.parametrize("line, project, opens", TOPICS)
def test_a_project_opens_a_topic(line, project, opens):
    text = TITLE + line
    assert Outline(text).opens_topic(text.index(project), sentence_bounds(text)) is opens


def test_the_title_names_the_topic_of_the_report():
    text = TITLE + "其余资金由工会经费弥补。"
    assert Outline(text).opens_topic(text.index("工会事业专项补助"), sentence_bounds(text))


# Report title, then a mention in passing of the same project, then a passing mention of another
# (annotations/passes/synthetic/g4/p11.txt, shortened).
REPEATED = ("某县动物疫病预防控制中心2023年度重大动物疫病监测经费绩效自评报告\n一、项目基本情况\n"
            "（一）项目立项及资金情况。我县地处松嫩平原。县财政将重大动物疫病监测经费列入年度预算，预算金额68万元。"
            "同时统筹使用春季防疫补助8万元。全年实际支出66.37万元。")


@pytest.mark.parametrize("mention, nth, opens", [
    ("重大动物疫病监测经费", 0, True),   # the title
    ("重大动物疫病监测经费", 1, True),   # in passing, but the title's project: still the topic
    ("春季防疫补助", 0, False),          # in passing, named nowhere before
])
def test_a_project_named_again_in_passing_keeps_its_topic(mention, nth, opens):
    spans = [Span(match.start(), match.end(), "PROJECT", name) for name in ("重大动物疫病监测经费", "春季防疫补助")
             for match in re.finditer(name, REPEATED)]
    spans.reverse()  # not in text order: the method must not rely on it
    opening = Outline(REPEATED).projects_opening_topics(spans, sentence_bounds(REPEATED))
    index = sorted((span.start, n) for n, span in enumerate(spans) if span.text == mention)[nth][1]
    assert (index in opening) is opens


# Outside a heading a sentence opens a topic with its first project only (002; g4 p14, shortened).
CONTESTS = (TITLE + "企业科创水平快速提升。(2)2024年江门市电力系统“领军杯”职业技能大赛包括数字创新和新型数智计量7大项目，"
            "其中新型数智计量项目又细分为装表接电组、低压运维组和数据产品开发组。全市电力系统384名选手参加了竞赛。")
STATIONS = ("某市水文中心2023年度水文监测站网运行维护经费绩效自评报告\n一、项目概况\n"
            "（一）项目基本情况。水文监测站网运行维护经费为一级项目，包括水文测站运行维护经费、水文监测设备更新经费2个二级项目。\n"
            "（二）资金情况。水文测站运行维护经费预算268万元。")


@pytest.mark.parametrize("text, names, opening", [
    (CONTESTS, ["“领军杯”职业技能大赛", "新型数智计量项目"], [True, False]),
    (STATIONS, ["水文监测站网运行维护经费", "水文测站运行维护经费", "水文监测设备更新经费", "水文测站运行维护经费"],
     [True, False, False, True]),  # a sub-project opens its topic where its own line starts with it
])
def test_a_sentence_opens_a_topic_with_its_first_project(text, names, opening):
    spans, cursor = [], text.index("\n", text.index("\n") + 1)  # past the title lines
    for name in names:
        start = text.index(name, cursor)
        spans.append(Span(start, start + len(name), "PROJECT", name))
        cursor = start + len(name)
    opened = Outline(text).projects_opening_topics(spans, sentence_bounds(text))
    assert [index in opened for index in range(len(spans))] == opening
