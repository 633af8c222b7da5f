# zh-05.docx — classic Chinese 个人简历 form: info grid with photo cell, education table, work table.
from docx import Document
from docx.shared import Pt, Cm
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from common import *

FONT = ("Times New Roman", "宋体")


def build():
    photo = make_photo(tmp("zh-05-photo.jpg"), bg=(222, 228, 236), fg=(110, 118, 130))
    doc = Document()
    set_default_font(doc, *FONT, 10.5)
    margins(doc, 1.6, 1.6, 2.0, 2.0)
    para(doc, "个 人 简 历", size=20, bold=True, align="center", east_asia="黑体", space_after=10)

    t = doc.add_table(rows=8, cols=5)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [
        ("姓　　名", "黄婉婷", "性　　别", "女"),
        ("出生年月", "1998年3月", "民　　族", "汉族"),
        ("政治面貌", "共青团员", "婚姻状况", "未婚"),
        ("籍　　贯", "湖南长沙", "身　　高", "163cm"),
    ]
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            cell_text(t.cell(i, j), v, bold=(j % 2 == 0), align="center")
            if j % 2 == 0:
                shade(t.cell(i, j), "EDEDED")
    ph = t.cell(0, 4).merge(t.cell(3, 4))
    ph.paragraphs[0].add_run().add_picture(photo, width=Cm(2.6))
    ph.paragraphs[0].alignment = 1
    ph.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def wide(row, label, value):
        cell_text(t.cell(row, 0), label, bold=True, align="center")
        shade(t.cell(row, 0), "EDEDED")
        c = t.cell(row, 1).merge(t.cell(row, 4))
        cell_text(c, value)

    wide(4, "身份证号", "43010419980315062X")
    cell_text(t.cell(5, 0), "联系电话", bold=True, align="center"); shade(t.cell(5, 0), "EDEDED")
    cell_text(t.cell(5, 1), "173-0731-5586", align="center")
    cell_text(t.cell(5, 2), "电子邮箱", bold=True, align="center"); shade(t.cell(5, 2), "EDEDED")
    cell_text(t.cell(5, 3).merge(t.cell(5, 4)), "HuangWT0315@example.com")
    wide(6, "现居住地", "湖南省长沙市岳麓区麓谷街道")
    wide(7, "求职意向", "幼儿园主班教师（大班／中班），可兼任年级组长")
    col_widths(t, [2.3, 3.7, 2.3, 3.7, 3.4])
    for r in t.rows:
        row_height(r, 0.85)

    para(doc, "")
    para(doc, "教育经历", size=13, bold=True, east_asia="黑体", space_after=4)
    e = doc.add_table(rows=3, cols=4)
    e.style = "Table Grid"
    edu = [
        ("起止时间", "学校", "专业", "学历"),
        ("2016.09-2020.06", "湖南师范大学", "学前教育", "本科（教育学学士）"),
        ("2013.09-2016.06", "长沙市明德中学", "——", "高中"),
    ]
    for i, r in enumerate(edu):
        for j, v in enumerate(r):
            cell_text(e.cell(i, j), v, bold=(i == 0), align="center")
            if i == 0:
                shade(e.cell(i, j), "D9E2F3")
    col_widths(e, [3.4, 4.6, 3.4, 4.0])

    para(doc, "")
    para(doc, "工作经历", size=13, bold=True, east_asia="黑体", space_after=4)
    w = doc.add_table(rows=4, cols=4)
    w.style = "Table Grid"
    work = [
        ("起止时间", "工作单位", "岗位", "主要工作内容"),
        ("2023.08-至今", "长沙市岳麓区小天鹅幼儿园", "主班教师",
         "担任大班主班，负责班级一日活动组织、主题课程设计和家园沟通；"
         "2024年获区级优质课评比二等奖；带教两名新教师。"),
        ("2020.07-2023.07", "长沙市开福区童心幼儿园", "配班教师",
         "协助主班开展教学活动，负责班级环创、幼儿生活照料和成长档案记录；"
         "参与园本课程《湘味童谣》的编写。"),
        ("2019.09-2019.12", "湖南师范大学附属幼儿园", "实习教师",
         "教育实习，在中班跟岗，独立组织集体教学活动12次。"),
    ]
    for i, r in enumerate(work):
        for j, v in enumerate(r):
            cell_text(w.cell(i, j), v, bold=(i == 0), align="center" if (i == 0 or j < 3) else None)
            if i == 0:
                shade(w.cell(i, j), "D9E2F3")
    col_widths(w, [3.0, 4.0, 2.2, 6.2])

    para(doc, "")
    para(doc, "证书技能", size=13, bold=True, east_asia="黑体", space_after=4)
    for s in ["幼儿园教师资格证", "普通话二级甲等", "钢琴十级", "舞蹈", "简笔画", "PPT课件制作"]:
        para(doc, "◆ " + s, space_after=0)

    para(doc, "")
    para(doc, "获奖情况", size=13, bold=True, east_asia="黑体", space_after=4)
    para(doc, "2024年　岳麓区幼儿园优质课评比二等奖", space_after=0)
    para(doc, "2019年　湖南师范大学“优秀实习生”", space_after=0)

    para(doc, "")
    para(doc, "自我评价", size=13, bold=True, east_asia="黑体", space_after=4)
    para(doc, "性格开朗、有耐心，喜欢孩子。六年一线带班经验，熟悉《3-6岁儿童学习与发展指南》，"
              "擅长音乐和美术活动的设计，与家长沟通顺畅。希望在一所重视课程建设的幼儿园长期发展。")
    save_docx(doc, out("zh-05.docx"))


if __name__ == "__main__":
    build()
