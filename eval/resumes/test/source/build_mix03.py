# mix-03.docx — Chinese resume of an FP&A analyst at foreign companies: English company names,
# English skills; header table with text + photo cell; shaded section bars; per-job 2-row tables.
from docx import Document
from docx.shared import Pt, Cm
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from common import *

LAT, EA = "Calibri", "微软雅黑"
BAR = "0E6E6E"


def bar(doc, text):
    t = doc.add_table(rows=1, cols=1)
    table_borders(t, "nil")
    shade(t.cell(0, 0), BAR)
    cell_text(t.cell(0, 0), text, size=11, bold=True, color="FFFFFF", latin=LAT, east_asia=EA)
    para(doc, "", space_after=0).paragraph_format.line_spacing = Pt(3)


def job(doc, dates, company, title, bullets):
    t = doc.add_table(rows=2, cols=3)
    table_borders(t, "nil")
    cell_text(t.cell(0, 0), dates, size=10, bold=True, latin=LAT, east_asia=EA)
    cell_text(t.cell(0, 1), company, size=10, bold=True, latin=LAT, east_asia=EA)
    cell_text(t.cell(0, 2), title, size=10, latin=LAT, east_asia=EA, color="0E6E6E")
    c = t.cell(1, 0).merge(t.cell(1, 2))
    cell_text(c, "\n".join("· " + b for b in bullets), size=9.5, latin=LAT, east_asia=EA)
    col_widths(t, [3.8, 7.6, 6.0])
    para(doc, "", space_after=0)


def build():
    photo = make_photo(tmp("mix-03-photo.png"), bg=(214, 226, 234), fg=(98, 112, 128), size=(270, 360))
    doc = Document()
    set_default_font(doc, LAT, EA, 10)
    margins(doc, 1.5, 1.5, 1.8, 1.8)

    t = doc.add_table(rows=1, cols=2)
    table_borders(t, "nil")
    l, r = t.cell(0, 0), t.cell(0, 1)
    cell_text(l, "许嘉怡  Jiayi Xu", size=20, bold=True, latin=LAT, east_asia=EA, color=BAR)
    for line in ["财务分析师 | FP&A", "",
                 "性别：女　　出生年月：1994.06　　婚姻状况：已婚",
                 "手机：136 2170 5829　　Email：Jiayi.Xu@example.com",
                 "现居：上海市静安区　　求职状态：在职，可一个月内到岗",
                 "期望职位：FP&A Manager / 高级财务分析师"]:
        p = l.add_paragraph()
        set_run_font(p.add_run(line), latin=LAT, east_asia=EA, size=10, color="333333")
        p.paragraph_format.space_after = Pt(1)
    r.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    r.paragraphs[0].alignment = 2
    r.paragraphs[0].add_run().add_picture(photo, width=Cm(2.8))
    col_widths(t, [13.6, 3.8])

    bar(doc, "教育背景")
    job(doc, "2012.09-2016.06", "上海财经大学", "会计学　本科 / 管理学学士",
        ["ACCA方向班；主修：Financial Accounting, Management Accounting, Corporate Finance, 审计学, 税法",
         "GPA 3.5/4.0，两次获人民奖学金"])

    bar(doc, "工作经历")
    job(doc, "2021.09-至今", "Nordhavn Medical Devices (Shanghai) Co., Ltd.", "Senior Financial Analyst, FP&A",
        ["负责中国区（年收入约18亿元）月度 forecast、年度 budget 与三年 strategic plan 的编制；",
         "搭建 Power BI 销售毛利 dashboard，覆盖6个BU，月结后 T+3 出具管理报告；",
         "支持 Head of Finance 做 pricing review 和 capex 投资回报分析（NPV/IRR）；",
         "2023年参与 SAP S/4HANA 上线，负责 CO 模块的 cost center 结构设计与 UAT。"])
    job(doc, "2018.03-2021.08", "Meridian Consumer Goods (China) Ltd.", "Financial Analyst",
        ["负责华东区 sales & trade spending 分析，跟踪促销费用 ROI；",
         "用 Excel VBA 把月度 variance analysis 从2天缩短到半天；",
         "配合 Big4 年审和集团 internal audit，准备 PBC 清单。"])
    job(doc, "2016.08-2018.02", "上海立衡会计师事务所", "审计助理 Audit Assistant",
        ["参与制造业、零售业客户的年报审计，负责收入、存货、应收循环的实质性程序；",
         "参与两家拟IPO企业的财务尽职调查。"])

    bar(doc, "实习经历")
    job(doc, "2015.07-2015.09", "上海浦银金融服务有限公司", "财务实习生 Finance Intern",
        ["协助费用报销审核和月末凭证整理。"])

    bar(doc, "专业技能")
    for s in ["软件工具：Excel · VBA · Power Query · Power BI · SAP FICO · Oracle Hyperion · Python (pandas)",
              "证书：ACCA（全科通过）· CFA二级 · 初级会计职称"]:
        para(doc, s, size=10, space_after=2)
    bar(doc, "语言能力")
    para(doc, "英语（IELTS 7.5，日常工作语言），普通话，上海话", size=10, space_after=2)

    bar(doc, "自我评价")
    para(doc, "8年+财务经验（审计 + 外企FP&A），对业务敏感，善于把数字讲成故事；能独立对接海外 regional finance team。",
         size=10)
    save_docx(doc, out("mix-03.docx"))


if __name__ == "__main__":
    build()
