# zh-06.docx — two-column layout made with a borderless 2-cell table: shaded sidebar (photo,
# contact, skills, certificates) and a main column (intent, work, projects, education).
from docx import Document
from docx.shared import Pt, Cm
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from common import *

LAT, EA = "Arial", "微软雅黑"


def side_h(cell, text):
    p = cell.add_paragraph()
    set_run_font(p.add_run(text), latin=LAT, east_asia=EA, size=11, bold=True, color="FFFFFF")
    p.paragraph_format.space_before = Pt(10)
    p.paragraph_format.space_after = Pt(3)
    bottom_border(p, "FFFFFF", 6)


def side_line(cell, text, size=9):
    p = cell.add_paragraph()
    set_run_font(p.add_run(text), latin=LAT, east_asia=EA, size=size, color="F2F2F2")
    p.paragraph_format.space_after = Pt(1)


def main_h(cell, text):
    p = cell.add_paragraph()
    set_run_font(p.add_run(text), latin=LAT, east_asia=EA, size=13, bold=True, color="2F4F6F")
    p.paragraph_format.space_before = Pt(10)
    p.paragraph_format.space_after = Pt(4)
    bottom_border(p, "2F4F6F", 8)


def main_line(cell, text, size=9.5, bold=False, color=None, after=1):
    p = cell.add_paragraph()
    set_run_font(p.add_run(text), latin=LAT, east_asia=EA, size=size, bold=bold, color=color)
    p.paragraph_format.space_after = Pt(after)
    return p


def build():
    photo = make_photo(tmp("zh-06-photo.jpg"), bg=(190, 200, 210), fg=(90, 100, 112))
    doc = Document()
    set_default_font(doc, LAT, EA, 9.5)
    margins(doc, 1.0, 1.0, 1.0, 1.0)
    t = doc.add_table(rows=1, cols=2)
    table_borders(t, "nil")
    col_widths(t, [5.6, 13.4])
    left, right = t.cell(0, 0), t.cell(0, 1)
    shade(left, "2F4F6F")
    left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    p = left.paragraphs[0]
    p.alignment = 1
    p.add_run().add_picture(photo, width=Cm(3.2))
    p = left.add_paragraph(); p.alignment = 1
    set_run_font(p.add_run("周启航"), latin=LAT, east_asia=EA, size=20, bold=True, color="FFFFFF")
    p = left.add_paragraph(); p.alignment = 1
    set_run_font(p.add_run("建筑师 · 一级注册建筑师"), latin=LAT, east_asia=EA, size=9.5, color="DDE6EE")

    side_h(left, "基本信息")
    for s in ["性别：男", "年龄：34岁", "现居：上海市徐汇区", "工作年限：9年"]:
        side_line(left, s)
    side_h(left, "联系方式")
    for s in ["☎ 135-2418-7706", "✉ zhou.qihang@example.com", "作品集：qihang-portfolio.example.com"]:
        side_line(left, s)
    side_h(left, "专业技能")
    for s in ["AutoCAD", "Revit", "Rhino + Grasshopper", "SketchUp", "Enscape", "Photoshop", "InDesign"]:
        side_line(left, "▪ " + s)
    side_h(left, "资格证书")
    for s in ["一级注册建筑师", "LEED AP BD+C"]:
        side_line(left, "▪ " + s)
    side_h(left, "语言")
    side_line(left, "英语（IELTS 7.0，可进行工作沟通）")

    right.paragraphs[0].add_run("")
    main_h(right, "求职意向")
    main_line(right, "主创建筑师 / 设计总监（公共建筑、文化教育类项目）　期望城市：上海　期望薪资：面议")

    main_h(right, "工作经历")
    main_line(right, "2021.04 - 至今　　上海筑境建筑设计事务所有限公司　　主创建筑师", bold=True, after=2)
    for s in ["· 负责方案阶段至施工图配合的全过程设计，带领5人设计小组；",
              "· 主持嘉兴某中学新校区（8.6万㎡）、青浦区社区文化中心等项目，其中两项中标实施；",
              "· 建立事务所Revit族库与出图标准，施工图阶段校审时间缩短约30%。"]:
        main_line(right, s)
    main_line(right, "", after=0)
    main_line(right, "2017.07 - 2021.03　　华城建筑设计研究院有限公司上海分院　　建筑师", bold=True, after=2)
    for s in ["· 参与住宅、商业综合体及办公楼项目的方案与施工图设计；",
              "· 负责苏州某商业综合体（12万㎡）立面深化与幕墙顾问对接；",
              "· 2019年起作为专业负责人完成3个项目的施工图出图和现场配合。"]:
        main_line(right, s)

    main_h(right, "项目经历（节选）")
    for s in ["嘉兴某中学新校区　2022–2024　主创建筑师　已建成",
              "青浦区社区文化中心　2023–2025　主创建筑师　施工中",
              "苏州某商业综合体　2018–2020　立面专业负责　已建成"]:
        main_line(right, s)

    main_h(right, "教育背景")
    main_line(right, "2014.09 - 2017.06　　同济大学　　建筑学　　硕士（建筑学硕士）", bold=True, after=1)
    main_line(right, "研究方向：高密度城市中的校园建筑；硕士论文获校级优秀论文。", after=3)
    main_line(right, "2009.09 - 2014.06　　东南大学　　建筑学　　本科（建筑学学士，五年制）", bold=True, after=1)

    main_h(right, "实习经历")
    main_line(right, "2016.06 - 2016.09　　同构建筑工作室（上海）　　设计实习生", after=1)
    main_line(right, "参与竞赛方案的模型制作与分析图绘制。")

    main_h(right, "自我评价")
    main_line(right, "对空间和建造细节有执着，既能做概念也能落地施工图，沟通协调能力强，"
                     "习惯用参数化工具辅助方案推敲。")
    save_docx(doc, out("zh-06.docx"))


if __name__ == "__main__":
    build()
