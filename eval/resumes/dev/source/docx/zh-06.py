"""zh-06.docx: nurse, classic Chinese 个人简历 form: key/value table with photo, education and work tables."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *

def build(out, assets):
    doc = new_doc(latin="宋体", east_asia="宋体", size=10.5, margins_cm=(1.8, 1.8, 2.0, 2.0))
    set_core(doc, title="个人简历", author="Administrator")
    para(doc, "个 人 简 历", bold=True, size=20, align="center", space_after=8)

    t = doc.add_table(rows=8, cols=5)
    table_borders(t); center_table(t); cell_margins(t)
    col_widths(t, [2.6, 4.4, 2.6, 4.2, 3.4])
    rows = [
        ("姓    名", "黄丽萍", "性    别", "女"),
        ("出生年月", "1993年8月", "民    族", "汉族"),
        ("籍    贯", "山东青岛", "政治面貌", "共青团员"),
        ("婚姻状况", "未婚", "身    高", "163cm"),
    ]
    for i, (a, b, c, d) in enumerate(rows):
        cells = t.rows[i].cells
        for j, txt in enumerate((a, b, c, d)):
            first_para(cells[j], txt, bold=(j % 2 == 0), align="center")
            valign(cells[j])
    ph = t.cell(0, 4).merge(t.cell(3, 4))
    picture(ph, assets / "photo_blue.jpg", 2.6)
    valign(ph)
    # row 4: ID number spans 2 cells, education level at the end
    r = t.rows[4].cells
    first_para(r[0], "身份证号", bold=True, align="center")
    idc = r[1].merge(r[2])
    first_para(idc, "370202199308172326", align="center")
    first_para(r[3], "学    历", bold=True, align="center")
    first_para(r[4], "大专", align="center")
    r = t.rows[5].cells
    first_para(r[0], "联系电话", bold=True, align="center")
    first_para(r[1], "139 6392 0418", align="center")
    first_para(r[2], "电子邮箱", bold=True, align="center")
    first_para(r[3].merge(r[4]), "HuangLP93@163.com", align="center")
    r = t.rows[6].cells
    first_para(r[0], "毕业院校", bold=True, align="center")
    first_para(r[1], "山东医学高等专科学校", align="center")
    first_para(r[2], "专    业", bold=True, align="center")
    first_para(r[3].merge(r[4]), "护理", align="center")
    r = t.rows[7].cells
    first_para(r[0], "求职意向", bold=True, align="center")
    first_para(r[1].merge(r[4]), "心血管内科 / ICU 护师（青岛市内）", align="left")
    for row in t.rows:
        for c in row.cells:
            valign(c)

    def section(title):
        p = para(doc, title, bold=True, size=12, space_before=10, space_after=4)
        bottom_border(p, color="000000", sz=6)

    section("教育经历")
    e = doc.add_table(rows=3, cols=4)
    table_borders(e); center_table(e); cell_margins(e)
    col_widths(e, [4.2, 6.0, 3.2, 3.8])
    for j, h in enumerate(("时间", "学校", "专业", "学历")):
        first_para(e.rows[0].cells[j], h, bold=True, align="center"); shade(e.rows[0].cells[j], "D9D9D9")
    for i, row in enumerate([("2011.09—2014.07", "山东医学高等专科学校", "护理", "大专"),
                             ("2024.03—至今", "青岛大学（高等教育自学考试）", "护理学", "本科（在读）")], start=1):
        for j, v in enumerate(row):
            first_para(e.rows[i].cells[j], v, align="center")

    section("工作经历")
    w = doc.add_table(rows=4, cols=3)
    table_borders(w); center_table(w); cell_margins(w)
    col_widths(w, [4.2, 6.6, 6.4])
    for j, h in enumerate(("时间", "单位", "科室 / 职位")):
        first_para(w.rows[0].cells[j], h, bold=True, align="center"); shade(w.rows[0].cells[j], "D9D9D9")
    for i, row in enumerate([("2018.03—至今", "青岛东海医院", "心血管内科 / 护师（责任组长）"),
                             ("2014.07—2018.02", "青岛市李沧区第二人民医院", "综合内科 / 护士"),
                             ("2013.07—2014.05", "青岛大学附属医院", "临床实习护士（内外科轮转）")], start=1):
        for j, v in enumerate(row):
            first_para(w.rows[i].cells[j], v, align="center")

    para(doc, "主要工作内容：", bold=True, space_before=6)
    for line in [
        "青岛东海医院（2018.03—至今）：负责心内科病区12张床位的责任护理，包括入院评估、用药护理、心电监护、"
        "PCI术前术后护理及出院健康宣教；2021年起任责任组长，带教实习护士及规培护士30余人；参与科室护理质量"
        "控制，所在病区连续三年无护理不良事件。",
        "青岛市李沧区第二人民医院（2014.07—2018.02）：承担综合内科日常护理、静脉输液、采血、危重患者抢救配合"
        "和护理文书书写；参与医院“优质护理服务示范病房”创建。",
    ]:
        para(doc, line, align="justify", space_after=3)

    section("专业技能与证书")
    for i, s in enumerate(["护士执业证书", "护师资格证", "山东省静脉治疗专科护士培训合格证书",
                           "仪器操作：心电监护仪、除颤仪、输液泵", "BLS证书"], start=1):
        para(doc, f"{i}. {s}")

    section("获奖情况")
    para(doc, "2022年度青岛东海医院“优秀护士”；2019年医院护理技能操作竞赛（心肺复苏）一等奖。")

    section("自我评价")
    para(doc, "从事临床护理工作十余年，其中心内科八年，熟悉心血管常见病护理和急救流程。工作认真负责，"
              "有耐心，能与患者及家属良好沟通；身体健康，能适应倒班。目前利用业余时间攻读护理学自考本科。",
         align="justify")
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
