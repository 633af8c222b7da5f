"""zh-09.docx: electrician, 登记表-style key/value table with an empty 照片 placeholder cell, work table 时间/公司/职位/离职原因."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *

def build(out, assets):
    doc = new_doc(latin="宋体", east_asia="宋体", size=10.5, margins_cm=(2.0, 2.0, 2.2, 2.2))
    set_core(doc, title="求职简历", author="Administrator")
    para(doc, "求 职 简 历", bold=True, size=18, align="center", space_after=2)
    para(doc, "应聘岗位：电工 / 物业工程主管", align="center", size=10.5, space_after=8)

    t = doc.add_table(rows=6, cols=7)
    table_borders(t); center_table(t); cell_margins(t, left=0.1, right=0.1)
    col_widths(t, [2.1, 2.6, 1.9, 2.4, 2.1, 2.6, 3.0])
    grid = [
        ["姓名", "李国栋", "性别", "男", "出生日期", "1992-07-15"],
        ["民族", "汉", "籍贯", "湖北武汉", "政治面貌", "群众"],
        ["婚否", "已婚", "身高", "175cm", "学历", "大专"],
    ]
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            first_para(t.cell(i, j), v, bold=(j % 2 == 0), align="center")
    ph = t.cell(0, 6).merge(t.cell(2, 6))
    first_para(ph, "照片", align="center", color="999999")
    r = t.rows[3].cells
    first_para(r[0], "身份证号", bold=True, align="center")
    first_para(r[1].merge(r[3]), "420111199207153316", align="center")
    first_para(r[4], "联系电话", bold=True, align="center")
    first_para(r[5].merge(r[6]), "13886051274", align="center")
    r = t.rows[4].cells
    first_para(r[0], "电子邮箱", bold=True, align="center")
    first_para(r[1].merge(r[3]), "liguodong_dg@qq.com", align="center")
    first_para(r[4], "期望薪资", bold=True, align="center")
    first_para(r[5].merge(r[6]), "7000-9000元/月", align="center")
    r = t.rows[5].cells
    first_para(r[0], "现住址", bold=True, align="center")
    first_para(r[1].merge(r[6]), "湖北省武汉市洪山区关山大道光谷新世界小区", align="left")
    for row in t.rows:
        for c in row.cells:
            valign(c)

    def head(txt):
        p = para(doc, txt, bold=True, size=11.5, space_before=10, space_after=3)
        shade_p(p)
    def shade_p(p):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        ppr = p._p.get_or_add_pPr()
        shd = OxmlElement("w:shd"); shd.set(qn("w:val"), "clear"); shd.set(qn("w:fill"), "DCE6F1")
        ppr.append(shd)

    head("教育经历")
    e = doc.add_table(rows=2, cols=4)
    table_borders(e); center_table(e); cell_margins(e)
    col_widths(e, [4.2, 5.2, 4.0, 3.3])
    for j, h in enumerate(("时间", "学校", "专业", "学历")):
        first_para(e.cell(0, j), h, bold=True, align="center")
    for j, v in enumerate(("2010-09 ~ 2013-06", "武汉船舶职业技术学院", "电气自动化技术", "高职（大专）")):
        first_para(e.cell(1, j), v, align="center")

    head("工作经历")
    w = doc.add_table(rows=4, cols=4)
    table_borders(w); center_table(w); cell_margins(w)
    col_widths(w, [4.0, 6.0, 4.0, 2.7])
    for j, h in enumerate(("时间", "公司", "职位", "离职原因")):
        first_para(w.cell(0, j), h, bold=True, align="center")
    rows = [("2019-05 ~ 至今", "武汉东湖新城物业服务有限公司", "工程部电工领班", "—"),
            ("2016-08 ~ 2019-03", "湖北楚天建设工程有限公司", "电工", "项目结束"),
            ("2013-07 ~ 2016-07", "武汉精工电器制造有限公司", "维修电工", "个人发展")]
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row):
            first_para(w.cell(i, j), v, align="center")

    para(doc, "工作内容：", bold=True, space_before=6)
    for b in ["1. 东湖新城物业：负责两个住宅小区（共3200户）及配套商业的高低压配电、二次供水、电梯、消防联动等设备的"
              "运行维护，带班组6人；编制年度设备保养计划，停电抢修平均到场时间15分钟以内。",
              "2. 楚天建设：在住宅和厂房项目上负责临时用电架设、配电箱安装、桥架和线管敷设、照明及动力配线，"
              "配合调试验收。",
              "3. 精工电器：负责生产线设备（注塑机、冲床、输送线）电气维修和日常点检，参与车间PLC控制柜改造。"]:
        para(doc, b, align="justify", space_after=2)

    head("技能证书")
    para(doc, "低压电工作业证、高压电工作业证、电工高级工职业资格证书、西门子S7-200 PLC、AutoCAD")

    head("自我评价")
    para(doc, "做电工十几年，安全意识强，持证上岗从未发生安全事故；能看懂电气图纸，动手能力强。"
              "为人踏实，服从安排，能接受值班和夜间抢修。", align="justify")
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
