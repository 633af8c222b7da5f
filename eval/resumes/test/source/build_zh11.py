# zh-11.pdf — written as DOCX (two-column borderless table: shaded left column with contact,
# research interests, instruments/software, papers; right column with education, work, projects),
# then converted to PDF with LibreOffice headless.
import os, shutil
from docx import Document
from docx.shared import Pt, Cm
from common import *

LAT, EA = "Arial", "宋体"
C = "5A3E85"


def lh(cell, text):
    p = cell.add_paragraph()
    set_run_font(p.add_run(text), latin=LAT, east_asia="黑体", size=11, bold=True, color=C)
    p.paragraph_format.space_before = Pt(10)
    p.paragraph_format.space_after = Pt(3)
    bottom_border(p, C, 6)


def ln(cell, text, size=9, bold=False, after=1, color=None):
    p = cell.add_paragraph()
    set_run_font(p.add_run(text), latin=LAT, east_asia=EA, size=size, bold=bold, color=color)
    p.paragraph_format.space_after = Pt(after)
    return p


def build():
    doc = Document()
    set_default_font(doc, LAT, EA, 9.5)
    margins(doc, 1.3, 1.3, 1.3, 1.3)
    p = para(doc, "", space_after=2)
    set_run_font(p.add_run("苏　晴"), latin=LAT, east_asia="黑体", size=22, bold=True, color=C)
    set_run_font(p.add_run("　　博士 · 锂电正极材料高级研发工程师"), latin=LAT, east_asia=EA, size=11, color="555555")
    bottom_border(p, C, 12)

    t = doc.add_table(rows=1, cols=2)
    table_borders(t, "nil")
    col_widths(t, [6.0, 12.4])
    L, R = t.cell(0, 0), t.cell(0, 1)
    shade(L, "F1ECF7")

    cell_text(L, "")
    lh(L, "联系方式")
    for s in ["手机：+86 187-5102-3364", "邮箱：suqing.chem@example.com", "所在地：江苏常州"]:
        ln(L, s)
    lh(L, "研究方向")
    for s in ["高镍三元正极材料", "单晶化与表面包覆改性", "固态电池界面"]:
        ln(L, "· " + s)
    lh(L, "仪器与软件")
    for s in ["XRD精修", "SEM", "TEM", "XPS", "电化学工作站", "软包电池制备", "Origin", "Materials Studio", "VASP", "Python"]:
        ln(L, "· " + s)
    lh(L, "代表论文（第一作者）")
    for s in ["[1] Su Q., et al. Single-crystal Ni-rich cathodes with Li3PO4 coating. J. Power Sources, 2020.",
              "[2] Su Q., Hu J., et al. Suppressing microcracks in NCM811 by Al/Zr co-doping. ACS Appl. Energy Mater., 2019.",
              "[3] 苏晴, 等. 高镍正极材料表面残碱控制研究进展. 储能科学与技术, 2021."]:
        ln(L, s, size=8, after=3)
    lh(L, "专利")
    ln(L, "授权发明专利3项，申请中5项（第一发明人2项）", size=8.5)

    cell_text(R, "")
    lh(R, "教育背景")
    ln(R, "2015.09 - 2020.12　中国科学技术大学　材料物理与化学　博士（硕博连读）", bold=True)
    ln(R, "导师：胡××教授；博士论文：高镍层状正极材料的结构稳定性调控及机理研究", after=4)
    ln(R, "2011.09 - 2015.06　四川大学　材料化学　本科（理学学士）", bold=True)
    ln(R, "GPA 3.7/4.0，专业排名前5%，保研", after=2)

    lh(R, "工作经历")
    ln(R, "2023.04 - 至今　江苏蓝岸新能源科技有限公司　高级研发工程师（正极材料）", bold=True, after=2)
    for s in ["负责高镍单晶正极（Ni≥90%）的配方与工艺开发，从实验室克级放大到中试吨级；",
              "主导Al/Zr/Ti多元素掺杂方案，循环1000周容量保持率由82%提升至90.5%；",
              "带领4人小组，对接电芯客户的定点验证，2025年一款材料进入量产导入。"]:
        ln(R, "· " + s)
    ln(R, "", after=0)
    ln(R, "2021.01 - 2023.03　浙江省先进材料研究院　博士后研究员", bold=True, after=2)
    for s in ["承担省重点研发计划子课题“固态电池正极界面工程”，任技术负责人；",
              "建立原位XRD/电化学联用测试平台，发表SCI论文4篇。"]:
        ln(R, "· " + s)

    lh(R, "科研项目")
    for s in ["国家自然科学基金青年项目（参与，2021–2023）：富锂锰基正极电压衰减机制",
              "企业横向课题（负责，2022）：低残碱高镍正极材料的水洗与包覆工艺"]:
        ln(R, "· " + s)
    lh(R, "荣誉")
    for s in ["2020　中国科学技术大学优秀毕业生", "2019　博士研究生国家奖学金"]:
        ln(R, s)
    lh(R, "自我评价")
    ln(R, "材料化学背景扎实，兼具学术研究和产业化经验，熟悉正极材料从合成、表征到电芯验证的完整链条；"
          "善于用数据说话，沟通协作能力强。")

    docx_path = tmp("zh-11.docx")
    save_docx(doc, docx_path)
    pdf = convert_to_pdf(docx_path, BUILD)
    shutil.move(pdf, out("zh-11.pdf"))


if __name__ == "__main__":
    build()
