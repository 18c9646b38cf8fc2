"""In a project's own report, what belongs to no project belongs to the project whose scope it lies in
(GUIDELINES 56); the text is cut from report 002, the expectations as annotated there."""
from extraction.document import Relation
from extraction.title_project import link_to_title_project
from tests.extraction.snippets import spans_of

REPORT = ("2024年度工会事业专项补助绩效自评报告\n一、项目概况\n工会事业专项年初预算金额236.98万元。\n三、项目绩效情况\n"
          "“提高产业工人整体素质和维权建设项目”：(1)2024年大赛报名企业108家。(2)“领军杯”职业技能大赛参赛选手320人。"
          "（3）培育涉农领域劳模工匠创新工作室14家。\n五、项目自评结论及得分\n项目自评等次：100分。")
FOUND = (("PROJECT", "工会事业专项补助"), ("PROJECT", "工会事业专项"), ("INDICATOR", "年初预算金额"), ("AMOUNT", "236.98万元"),
         ("PROJECT", "提高产业工人整体素质和维权建设项目"), ("INDICATOR", "大赛报名企业"), ("COUNT", "108家"),
         ("PROJECT", "领军杯”职业技能大赛"), ("INDICATOR", "参赛选手"), ("COUNT", "320人"),
         ("INDICATOR", "涉农领域劳模工匠创新工作室"), ("COUNT", "14家"), ("INDICATOR", "项目自评等次"), ("COUNT", "100分"))
DECODED = [Relation("HAS_VALUE", 2, 3), Relation("HAS_VALUE", 5, 6), Relation("HAS_VALUE", 8, 9),
           Relation("HAS_VALUE", 10, 11), Relation("HAS_VALUE", 12, 13), Relation("BELONGS_TO", 2, 1),
           Relation("BELONGS_TO", 8, 7)]


def test_what_belongs_to_nothing_takes_the_project_whose_scope_it_is_in():
    linked = set(link_to_title_project(REPORT, spans_of(REPORT, *FOUND), DECODED)) - set(DECODED)
    assert {(rel.head, rel.tail) for rel in linked} == {
        (5, 4),    # under the sub-project's heading line
        (10, 4),   # item (3) closes item (2): not the contest
        (12, 1),   # 五、 closes 三、: the report's own project, at its nearest mention
    }


def test_a_report_whose_title_names_no_project_is_left_alone():
    department = REPORT.replace("2024年度工会事业专项补助绩效自评报告", "2024年度部门整体支出绩效自评报告")
    found = tuple(piece for piece in FOUND if piece[1] != "工会事业专项补助")
    relations = [Relation(rel.type, rel.head - 1, rel.tail - 1) for rel in DECODED]
    assert link_to_title_project(department, spans_of(department, *found), relations) == relations


def test_the_annotated_corpus_already_follows_the_rule():
    from annotations.tasks import load_corpus

    changed = [doc.name for doc in load_corpus()
               if set(link_to_title_project(doc.text, doc.spans, doc.relations)) != set(doc.relations)]
    assert changed == []


def test_a_scope_closes_at_the_next_heading_or_item_of_its_level_or_higher():
    from extraction.sentences import sentence_bounds
    from extraction.title_project import scope_ends

    text = "三、绩效情况\n项目总述。(1)报名企业108家。(2)大赛选手320人。（3）工作室14家。\n五、结论\n等次：100分。"
    places = ["项目总述", "报名企业", "大赛选手", "工作室", "等次"]
    ends = scope_ends(text, sentence_bounds(text), [text.index(place) for place in places])
    assert ends == [text.index("五、"), text.index("(2)"), text.index("（3）"), text.index("五、"), len(text)]
