import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extraction.normalize import NORMALIZER_VERSION, Normalized, normalize

# ---------------------------------------------------------------- real snippets, before → after

# Lines 276-336 of corpus report 000 (a 27-characters-per-line PDF with blank lines between the
# lines and a page number "8"), kept verbatim.
REPORT_000_FRAGMENT = (
    "宣讲会、健康讲座、合唱等各类型活动 76 场，超额完成项\n\n目预期的产出指标。\n\n"
    "建立基层网格管理工作队伍1100人。工资集体协商完成\n\n率100%。34名工会律师团律师担任77家规模以上非公企业工\n\n"
    "会法律顾问。建立重点隐患企业台账23个、劳动关系监测点\n\n25个。建立工会工作“三支队伍”（社会化工会工作者145\n\n"
    "人、劳动争议义务调解员812人、职工文体兴趣小组4415人）\n\n工作机制。\n\n2.效益指标\n\n"
    "打造知识型、技能型、创新型产业工人大军。我会新时\n\n期产业工人队伍建设改革工作走在全省前列，是全省“产改”\n\n"
    "试点城市之一。我会坚持立足于市委“1+6+3”工作部署要\n\n\n\n8\n\n"
    "求，围绕重大战略、重大工程、重大项目、重点产业和|“广\n\n东技工”“南粤家政”“粤菜师傅”三大工程，通过举办不同\n\n"
    "行业职工技能竞赛，以赛促训，发现高素质人才，使我市的\n\n技术骨干不断壮大，高技能人才不断涌现，产业工人队伍建\n\n"
    "设的机制体制及综合素质符合建设社会义现代化新侨都的\n\n需要。联合人社部门开展“广东技工”三大工程技能培训，\n\n"
    "2 万名职工获益。投入资金 50.7 万元，推进农民工“劳动创\n\n造幸福——求学圆梦行动”，500 名职工取得技能补贴，107\n\n"
    "人取得学历补贴。推评 14 名个人和 10 个集体受全总、省总\n\n表彰；累计创建劳模和工匠人才创新工作室 177 家。\n\n"
    "推动全社会形成尊重劳模、爱护劳模、学习劳模、争当\n\n劳模的良好风尚。要建设高素质劳动大军，造就一支宏大的\n\n"
    "产业工人队伍，加大制度创新、政策供给、投入力度，提高\n\n技术技能人才社会地位，为全市高质量发展提供有力人才、\n\n"
    "财力和技能保障。\n\n打造共同富裕职工服务体系，困难职工的幸福感、获得\n\n"
    "感、安全感不断增强。巩固解困脱困成果，建立常态化解困"
)

REPORT_000_FRAGMENT_PARAGRAPHS = [
    "宣讲会、健康讲座、合唱等各类型活动76场，超额完成项目预期的产出指标。",
    "建立基层网格管理工作队伍1100人。工资集体协商完成率100%。34名工会律师团律师担任77家规模以上非公企业"
    "工会法律顾问。建立重点隐患企业台账23个、劳动关系监测点25个。建立工会工作“三支队伍”（社会化工会工作者"
    "145人、劳动争议义务调解员812人、职工文体兴趣小组4415人）工作机制。",
    "2.效益指标",
    "打造知识型、技能型、创新型产业工人大军。我会新时期产业工人队伍建设改革工作走在全省前列，是全省“产改”"
    "试点城市之一。我会坚持立足于市委“1+6+3”工作部署要求，围绕重大战略、重大工程、重大项目、重点产业和|"
    "“广东技工”“南粤家政”“粤菜师傅”三大工程，通过举办不同行业职工技能竞赛，以赛促训，发现高素质人才，使我市"
    "的技术骨干不断壮大，高技能人才不断涌现，产业工人队伍建设的机制体制及综合素质符合建设社会义现代化新侨都的"
    "需要。联合人社部门开展“广东技工”三大工程技能培训，2万名职工获益。投入资金50.7万元，推进农民工“劳动创造"
    "幸福——求学圆梦行动”，500名职工取得技能补贴，107人取得学历补贴。推评14名个人和10个集体受全总、省总表彰；"
    "累计创建劳模和工匠人才创新工作室177家。",
    "推动全社会形成尊重劳模、爱护劳模、学习劳模、争当劳模的良好风尚。要建设高素质劳动大军，造就一支宏大的"
    "产业工人队伍，加大制度创新、政策供给、投入力度，提高技术技能人才社会地位，为全市高质量发展提供有力人才、"
    "财力和技能保障。",
    "打造共同富裕职工服务体系，困难职工的幸福感、获得感、安全感不断增强。巩固解困脱困成果，建立常态化解困",
]

# Report 000 (wrapped at ~27 CJK characters, blank line between lines).
TOP_OF_000 = " 江门市总工会整体支出绩效评价\n自评报告\n\n一、部门情况\n\n（一）部门概况\n\n江门市总工会是各市、区总工会和各产业工会及市属基\n\n层工会组织的领导机关，是党联系职工群众的桥梁和纽带。"
LEADING_SPACE_000 = (
    "江门市总工会内设 7 个部室，分别为办公室、人事部、\n\n经济工作部、维权工作部、组织建设和宣传教育工作部、财\n\n"
    "务与资产管理部和经费审查委员会办公室；下属 2 个事业单\n 位，分别为：江门市困难职工帮扶中心（公益一类）、江门\n\n"
    "市工人文化宫（公益二类）。"
)
NUMBERS_000 = (
    "（二）预算编制及执行情况\n\n1.预算编制情况\n\n2021年预算总额1318.10万元，其中基本支出预算\n\n"
    "1001.08万元，占支出预算75.95%；项目支出预算317.02万元，\n 占支出预算24.05%。年初预算由业务部门提出，财务部门汇\n\n"
    "总提出意见后，经党组会议审议通过报财政局。"
)
# Report 002 (one paragraph per line, occasional break at a page end).
BREAK_IN_002 = "“情暖职工春节活动经费”项目预算金额 100.67 万元，年\n\n中压减 13.64 万元，实际核定和使用金额 87.03 万元，资金支出率 100%。"
NO_FULL_STOP_002 = (
    "4个集体获“广东省五一劳动奖状”，14人获“广东省五一劳动奖章”，6个集体获“广东省工人先锋号”\n\n"
    "“困难职工因病致困专项帮扶资金”项目：2024年通过医\n\n疗救助、金秋助学、生活救助、节日慰问等一系列帮扶措施，"
    "对 306 户建档困难职工家庭实施困难职工常态化帮扶，全年帮扶 1952 人次，发放帮扶金 583 万元。"
)
# Report 003 (one paragraph per line, ASCII punctuation, cover page of short title lines).
COVER_003 = (
    "\n\n附件 4\n\n部门整体支出绩效自评报告\n\n评价年度：2024\n\n评价单位（公章）：廉江市总工会\n\n填报日期：2025.07.08\n\n\n\n"
    "现将 2024 年度廉江市总工会整体支出绩效自评情况报告如下:\n\n一、单位基本情况"
)
HEADING_WITH_COMMA_003 = (
    "一、始终坚持党建带工建，工会组织政治性进一步增强\n\n围绕市委的工作部署，严格落实“三会一课”制度。2024 年召开党员大会 6 次、"
    "支委会 16 次，组织党员上党课 4 次，其中\n\n邀请市委宣讲团成员到单位开展主题宣讲 1 次。"
)
RUN_IN_HEADING_003 = "2. 预算执行情况。\n\n2024 年我会收入预算执行完成 100%，其中：一般公共预算执\n\n行完成 100%，政府性基金预算执行完成 100%。"
# Report 004 (wrapped like 000).
LIST_004 = (
    "1.深入学习贯彻习近平新时代中国特色社会主义思想，\n\n强化职工思想政治引领；\n\n2.深化产业工人队伍建设改革，"
    "动员广大职工建功新时\n\n代\n\n3.聚焦新就业形态劳动者，推动基层工会组织建设和工\n\n会工作活力提升；"
)
WRAPPED_HEADING_004 = (
    "（二）各项工作任务绩效目标完成情况分析及主要工作\n\n成效\n\n劳模相关任务绩效目标均已完成，实际参加体检修养的\n\n"
    "劳模为预计数的 85.79%，原因一是受到疫情影响部分退休劳\n\n模对参加集体活动存在顾虑。"
)
LATIN_004 = (
    "获批教育部 1+X证书试点 19个专业；校企合作有新进展，与\n\n华为技术有限公司签署校企共建华为 ICT学院框架合作协议；\n\n"
    "入选广东省职业教育“十三五”产教融合优秀案例 4个。学"
)


@pytest.mark.parametrize("original, expected", [
    (TOP_OF_000, "江门市总工会整体支出绩效评价\n自评报告\n一、部门情况\n（一）部门概况\n"
                 "江门市总工会是各市、区总工会和各产业工会及市属基层工会组织的领导机关，是党联系职工群众的桥梁和纽带。"),
    (LEADING_SPACE_000, "江门市总工会内设7个部室，分别为办公室、人事部、经济工作部、维权工作部、组织建设和宣传教育工作部、"
                        "财务与资产管理部和经费审查委员会办公室；下属2个事业单位，分别为：江门市困难职工帮扶中心（公益一类）、"
                        "江门市工人文化宫（公益二类）。"),
    (NUMBERS_000, "（二）预算编制及执行情况\n1.预算编制情况\n2021年预算总额1318.10万元，其中基本支出预算1001.08万元，"
                  "占支出预算75.95%；项目支出预算317.02万元，占支出预算24.05%。年初预算由业务部门提出，财务部门汇总提出意见后，"
                  "经党组会议审议通过报财政局。"),
    (BREAK_IN_002, "“情暖职工春节活动经费”项目预算金额100.67万元，年中压减13.64万元，实际核定和使用金额87.03万元，资金支出率100%。"),
    (NO_FULL_STOP_002, "4个集体获“广东省五一劳动奖状”，14人获“广东省五一劳动奖章”，6个集体获“广东省工人先锋号”\n"
                       "“困难职工因病致困专项帮扶资金”项目：2024年通过医疗救助、金秋助学、生活救助、节日慰问等一系列帮扶措施，"
                       "对306户建档困难职工家庭实施困难职工常态化帮扶，全年帮扶1952人次，发放帮扶金583万元。"),
    (COVER_003, "附件4\n部门整体支出绩效自评报告\n评价年度：2024\n评价单位（公章）：廉江市总工会\n填报日期：2025.07.08\n"
                "现将2024年度廉江市总工会整体支出绩效自评情况报告如下:\n一、单位基本情况"),
    (HEADING_WITH_COMMA_003, "一、始终坚持党建带工建，工会组织政治性进一步增强\n围绕市委的工作部署，严格落实“三会一课”制度。"
                             "2024年召开党员大会6次、支委会16次，组织党员上党课4次，其中邀请市委宣讲团成员到单位开展主题宣讲1次。"),
    (RUN_IN_HEADING_003, "2.预算执行情况。\n2024年我会收入预算执行完成100%，其中：一般公共预算执行完成100%，政府性基金预算执行完成100%。"),
    (LIST_004, "1.深入学习贯彻习近平新时代中国特色社会主义思想，强化职工思想政治引领；\n2.深化产业工人队伍建设改革，"
               "动员广大职工建功新时代\n3.聚焦新就业形态劳动者，推动基层工会组织建设和工会工作活力提升；"),
    (WRAPPED_HEADING_004, "（二）各项工作任务绩效目标完成情况分析及主要工作成效\n劳模相关任务绩效目标均已完成，实际参加体检修养的"
                          "劳模为预计数的85.79%，原因一是受到疫情影响部分退休劳模对参加集体活动存在顾虑。"),
    (LATIN_004, "获批教育部1+X证书试点19个专业；校企合作有新进展，与华为技术有限公司签署校企共建华为ICT学院框架合作协议；"
                "入选广东省职业教育“十三五”产教融合优秀案例4个。学"),
])
def test_real_snippets(original, expected):
    assert normalize(original).text == expected


def test_report_fragment_keeps_its_paragraphs_and_drops_the_page_number():
    normalized = normalize(REPORT_000_FRAGMENT)
    assert normalized.text.split("\n") == REPORT_000_FRAGMENT_PARAGRAPHS
    assert_maps_back(REPORT_000_FRAGMENT, normalized)
    assert dropped_lines(REPORT_000_FRAGMENT, normalized) == ["8"]


# ---------------------------------------------------------------- spaces and line ends


@pytest.mark.parametrize("original, expected", [
    ("2021 年预算", "2021年预算"),
    ("资金 30 万元", "资金30万元"),
    ("华为 ICT学院", "华为ICT学院"),
    ("升级到 Windows 10 系统", "升级到Windows 10系统"),
    ("Windows\t\t10", "Windows 10"),
    ("中国梦 劳动美", "中国梦劳动美"),
    ("中国梦\u3000劳动美", "中国梦劳动美"),
    ("组织联系群众; 2、维护职工合法权益", "组织联系群众; 2、维护职工合法权益"),
    ("(一) 单位机构设置", "(一)单位机构设置"),
    ("  \t 预算执行率 100%  \t", "预算执行率100%"),
    ("参训人数 | 300", "参训人数 | 300"),
    ("指标 |  | 目标值", "指标 | | 目标值"),
])
def test_spaces(original, expected):
    assert normalize(original).text == expected


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r", "\u2028"])
def test_line_ends(line_end):
    original = line_end.join([
        "2021年预算总额1318.10万元，其中基本支出预算",
        "1001.08万元，占支出预算75.95%；项目支出预算317.02万元，",
        "占支出预算24.05%。年初预算由业务部门提出，财务部门汇",
        "总提出意见后，经党组会议审议通过报财政局。",
        "2.预算执行情况",
    ]) + line_end
    normalized = normalize(original)
    assert normalized.text == (
        "2021年预算总额1318.10万元，其中基本支出预算1001.08万元，占支出预算75.95%；项目支出预算317.02万元，"
        "占支出预算24.05%。年初预算由业务部门提出，财务部门汇总提出意见后，经党组会议审议通过报财政局。\n2.预算执行情况"
    )
    assert_maps_back(original, normalized)


def test_paragraph_break_maps_to_the_line_break_of_the_original():
    original = "第一段。\r\n\r\n第二段。"
    normalized = normalize(original)
    assert normalized.text == "第一段。\n第二段。"
    assert original[normalized.source_offsets[4]] == "\r"


def test_break_between_latin_words_becomes_a_space():
    assert normalize("机房统一升级到 Microsoft Office 2019 and Windows\n\n10 系统，运行稳定。").text == \
        "机房统一升级到Microsoft Office 2019 and Windows 10系统，运行稳定。"


def test_a_number_wrapped_across_lines_is_joined_without_a_space():
    paragraph = ("全年未发生因洪水造成的人员伤亡，水旱灾害损失率控制在0.5%以内，自来水普及率达到96.8%，全年实际支出1,286万元，"
                 "完成年度计划的105.0%，新增恢复灌溉面积2.4万亩，全市水利工程运行安全平稳有序。")
    wrapped = "\n\n".join(paragraph[k:k + 28] for k in range(0, len(paragraph), 28))  # 0. | 5%, 1,2 | 86, 2 | .4
    assert normalize(wrapped).text == paragraph


# ---------------------------------------------------------------- page numbers and table cells

PROSE_BEFORE = "我会坚持立足于市委“1+6+3”工作部署要求，围绕重大战略、重大工程、重大项目、重点产业和"
PROSE_AFTER = "“广东技工”“南粤家政”“粤菜师傅”三大工程，通过举办不同行业职工技能竞赛，以赛促训，发现高素质人才。"


@pytest.mark.parametrize("page_line", ["8", " - 8 -", "－8－", "第 8 页", "第8页 共20页", "8/20", "8 / 20", "Page 8"])
def test_page_number_between_text_is_dropped(page_line):
    original = f"{PROSE_BEFORE}\n\n{page_line}\n\n{PROSE_AFTER}"
    normalized = normalize(original)
    assert normalized.text == PROSE_BEFORE + PROSE_AFTER
    assert dropped_lines(original, normalized) == [page_line.strip()]


def test_increasing_page_numbers_are_dropped_and_an_out_of_sequence_number_stays():
    pages = [f"{PROSE_BEFORE}第{n}段。" for n in range(4)]
    original = f"{pages[0]}\n\n2\n\n{pages[1]}\n\n3\n\n{pages[2]}\n\n1\n\n{pages[3]}"
    normalized = normalize(original)
    assert normalized.text.split("\n") == [pages[0], pages[1], pages[2], "1", pages[3]]


@pytest.mark.parametrize("original, expected", [
    # a number under a header cell is a cell, not a page number
    ("工作计划的完成率达到良好。\n\n指标值\n\n8\n\n服务对象满意度达到良好。",
     "工作计划的完成率达到良好。\n指标值\n8\n服务对象满意度达到良好。"),
    # a run of one-cell-per-line table: a metric's name and the values after it make one row again,
    # so that HAS_VALUE (within a sentence) reaches them; the header cells keep their lines
    ("三级指标\n指标值\n实际完成值\n参训人数\n300\n296\n资金支出率\n100%\n94.63%",
     "三级指标\n指标值\n实际完成值\n参训人数|300|296\n资金支出率|100%|94.63%"),
    # PDF text with blank lines between the cells, a category cell before the name (synthetic passage g1)
    ("产出指标\n\n数量指标\n\n资助学前幼儿\n\n≥1200人次\n\n1264人次\n\n质量指标\n\n资助对象识别准确率\n\n100%",
     "产出指标\n数量指标\n资助学前幼儿|≥1200人次|1264人次\n质量指标\n资助对象识别准确率|100%"),
    # a value alone after a sentence or a heading is no cell of a row
    ("全年完成培训任务。\n\n300人\n\n二、绩效目标\n\n100%", "全年完成培训任务。\n300人\n二、绩效目标\n100%"),
    # rows rendered with "|" between cells are never glued to each other or to the text
    ("主要绩效指标如下\n指标名称 | 年度指标值 | 实际完成值\n参训人数 | 300 | 296\n资金支出率 | 100% | 94.63%\n"
     "以上指标均已完成。",
     "主要绩效指标如下\n指标名称 | 年度指标值 | 实际完成值\n参训人数 | 300 | 296\n资金支出率 | 100% | 94.63%\n"
     "以上指标均已完成。"),
])
def test_table_cells_keep_their_lines(original, expected):
    assert normalize(original).text == expected


# ---------------------------------------------------------------- repeated tail

EARLIER_000 = (
    "打造知识型、技能型、创新型产业工人大军。我会新时\n\n期产业工人队伍建设改革工作走在全省前列，是全省“产改”\n\n"
    "试点城市之一。我会坚持立足于市委“1+6+3”工作部署要\n\n求，围绕重大战略。\n\n江门市总工会\n\n2022年5月12日\n\n\n"
)
TAIL_000 = "\t打造知识型、技能型、创新型产业工人大军。我会新时期产业工人队伍建设改革工作走在全省前列，是全省“产改\n"


def test_fragments_repeated_at_the_end_are_dropped():
    normalized = normalize(EARLIER_000 + TAIL_000 + TAIL_000)
    assert normalized.text.endswith("围绕重大战略。\n江门市总工会\n2022年5月12日")


@pytest.mark.parametrize("ending", [
    "\n\n江门市总工会",  # short: a signature repeating a name is kept
    "\n\n产业工人队伍建设改革工作走在全省前列，并获表彰。",  # not a substring of earlier text
    f"\n\n{TAIL_000.strip()}\n\n特此报告。",  # a repeat followed by new text is not at the end
])
def test_endings_that_are_not_a_repeated_tail_stay(ending):
    normalized = normalize(EARLIER_000 + ending)
    assert normalized.text.endswith(ending.split("\n")[-1])
    assert _compact(normalized.text) == _compact(EARLIER_000 + ending)


# ---------------------------------------------------------------- offsets


@pytest.mark.parametrize("clean, source", [
    ("下属2个事业单位，", "下属 2 个事业单\n 位，"),
    ("7个部室", "7 个部室"),
    ("人事部、经济工作部", "人事部、\n\n经济工作部"),
])
def test_to_source_and_back(clean, source):
    normalized = normalize(LEADING_SPACE_000)
    start = normalized.text.index(clean)
    a, b = normalized.to_source(start, start + len(clean))
    assert LEADING_SPACE_000[a:b] == source
    assert normalized.to_normalized(a, b) == (start, start + len(clean))


def test_to_normalized_of_deleted_characters_is_empty():
    normalized = normalize("资金 30 万元")
    assert normalized.text == "资金30万元"
    assert normalized.to_normalized(2, 3) == (2, 2)  # the deleted space, where it was
    assert normalized.to_normalized(0, 4) == (0, 3)
    assert normalized.to_source(2, 2) == (3, 3)


@pytest.mark.parametrize("start, end", [(-1, 2), (3, 2), (0, 99)])
def test_ranges_outside_the_text_are_refused(start, end):
    normalized = normalize("2021 年")
    with pytest.raises(ValueError):
        normalized.to_source(start, end)
    with pytest.raises(ValueError):
        normalized.to_normalized(start, end)


def test_empty_and_blank_texts():
    assert normalize("") == Normalized("", (0,))
    assert normalize(" \n\r\n\t ") == Normalized("", (6,))


def test_version_is_a_string():
    assert isinstance(NORMALIZER_VERSION, str) and NORMALIZER_VERSION


# ---------------------------------------------------------------- properties

REAL_SNIPPETS = [REPORT_000_FRAGMENT, TOP_OF_000, LEADING_SPACE_000, NUMBERS_000, BREAK_IN_002, NO_FULL_STOP_002,
                 COVER_003, HEADING_WITH_COMMA_003, RUN_IN_HEADING_003, LIST_004, WRAPPED_HEADING_004, LATIN_004,
                 EARLIER_000 + TAIL_000]
WIDE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…]")


def _compact(text: str) -> str:
    return "".join(text.split())


def _with_breaks(original: str, normalized: Normalized) -> str:
    """The normalized text with every "|" that stands for a line break (a rebuilt table row) shown as one."""
    offsets = normalized.source_offsets
    return "".join(" " if char == "|" and original[offsets[index]].isspace() else char
                   for index, char in enumerate(normalized.text))


def dropped_lines(original: str, normalized: Normalized) -> list[str]:
    """The original lines whose visible characters were deleted (page numbers, repeats)."""
    kept = set(normalized.source_offsets[:-1])
    dropped = []
    position = 0
    for line in original.splitlines(keepends=True):
        visible = [position + i for i, char in enumerate(line) if not char.isspace()]
        if visible and not kept.intersection(visible):
            dropped.append(line.strip())
        position += len(line)
    return dropped


def assert_maps_back(original: str, normalized: Normalized) -> None:
    """The offsets invariants for every character, whole-line deletions, and idempotence."""
    text, offsets = normalized.text, normalized.source_offsets
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(original)
    assert all(a < b for a, b in zip(offsets, offsets[1:]))
    for index, char in enumerate(text):
        source = original[offsets[index]]
        # whitespace stays whitespace; a line break may become the "|" of a rebuilt table row
        assert source == char if not (char.isspace() or char == "|") else (source.isspace() or source == char)
        assert char != "|" or source == "|" or source in "\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029"
    # every original line is kept or dropped as a whole
    kept = set(offsets[:-1])
    position = 0
    for line in original.splitlines(keepends=True):
        visible = {position + i for i, char in enumerate(line) if not char.isspace()}
        assert not visible or visible <= kept or not visible & kept, line
        position += len(line)
    assert normalize(text).text == text


def assert_span_maps_back(original: str, normalized: Normalized, start: int, end: int) -> None:
    a, b = normalized.to_source(start, end)
    assert _compact(original[a:b]) == _compact(_with_breaks(original, normalized)[start:end])
    if start < end:
        assert original[a] == normalized.text[start] or original[a].isspace()
        assert original[b - 1] == normalized.text[end - 1] or original[b - 1].isspace()
        assert normalized.to_normalized(a, b) == (start, end)


@pytest.mark.parametrize("original", REAL_SNIPPETS)
def test_real_snippets_map_back(original):
    normalized = normalize(original)
    assert_maps_back(original, normalized)
    if not dropped_lines(original, normalized):
        for start in range(0, len(normalized.text), 7):
            assert_span_maps_back(original, normalized, start, min(len(normalized.text), start + 11))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("预算 执行率。，；：\n\r\t\u3000|-—第页1280%ab")) | st.characters(),
               max_size=200))
def test_any_text_maps_back(original):
    assert_maps_back(original, normalize(original))


WORDS = ["预算", "执行率", "项目支出", "工会", "职工", "开展", "竞赛", "培训", "完成", "资金", "帮扶", "服务",
         "活动", "万元", "万人次", "个", "场", "%", "2021", "30", "1318.10", "100", "ICT", "Windows", "“优秀”",
         "（一）", "、", "，"]
# One distinct character after every word keeps any 16 characters from occurring twice, so that
# nothing reads as a repeated tail.
MARKS = [chr(code) for code in range(0x9F00, 0x9FA0)]


@st.composite
def damaged_reports(draw, page_numbers: bool = False):
    """Report-like text broken the way PDF extraction breaks it, and the inserted page-number lines."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=len(MARKS)))
    paragraph_ends = draw(st.sets(st.integers(0, len(words) - 1), max_size=8))
    clean = ""
    for index, word in enumerate(words):
        clean += word + MARKS[index] + ("。\n" if index in paragraph_ends else "")
    clean = clean.rstrip("\n") + "。"
    spaced = "".join(char + (" " if char.isdigit() and draw(st.booleans()) else "") for char in clean)
    width = draw(st.integers(5, 40))
    lines = [chunk for paragraph in spaced.split("\n") for chunk in _wrap(paragraph, width)]
    # page numbers are looked for in text laid out as a PDF gives it: here, lines apart by blank lines
    line_end = draw(st.sampled_from(["\n\n", "\r\n\r\n"] if page_numbers else ["\n", "\n\n", "\r\n", "\r", "\r\r"]))
    inserted = []
    out = []
    for index, line in enumerate(lines):
        out.append((" " if draw(st.booleans()) else "") + line)
        if page_numbers and index < len(lines) - 1 and draw(st.integers(0, 4)) == 0:
            inserted.append(f"- {len(inserted) + 1} -")
            out.append(inserted[-1])
    assume(not any(re.fullmatch(r"[\d\s.%/-]*", line) for line in lines))
    return line_end.join(out), inserted


def _wrap(paragraph: str, width: int) -> list[str]:
    return [paragraph[i:i + width] for i in range(0, len(paragraph), width)]


@settings(max_examples=150, deadline=None)
@given(damaged_reports(), st.data())
def test_damaged_reports_map_back(report, data):
    original, _ = report
    normalized = normalize(original)
    assert_maps_back(original, normalized)
    assert dropped_lines(original, normalized) == []
    assert _compact(_with_breaks(original, normalized)) == _compact(original)
    assert not re.search(f"{WIDE.pattern} | {WIDE.pattern}", normalized.text)
    assert "\n\n" not in normalized.text and "\r" not in normalized.text
    start = data.draw(st.integers(0, len(normalized.text)))
    end = data.draw(st.integers(start, len(normalized.text)))
    assert_span_maps_back(original, normalized, start, end)


@settings(max_examples=100, deadline=None)
@given(damaged_reports(page_numbers=True))
def test_inserted_page_numbers_are_dropped(report):
    original, inserted = report
    normalized = normalize(original)
    assert dropped_lines(original, normalized) == inserted
    assert_maps_back(original, normalized)
