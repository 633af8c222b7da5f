# zh-10.pdf — reportlab, single column, plain: "个人简历" title with the name on the next line,
# borderless info grid, ◆ section heads, dates like 2020.7—今, an overlapping part-time (兼职) job.
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.lib import colors
from common import *

F = register_cjk()
s_title = ParagraphStyle("t", fontName=F, fontSize=20, leading=26, alignment=1)
s_name = ParagraphStyle("n", fontName=F, fontSize=15, leading=22, alignment=1, spaceAfter=10)
s_h = ParagraphStyle("h", fontName=F, fontSize=12.5, leading=18, spaceBefore=12, spaceAfter=5,
                     textColor=colors.HexColor("#8B0000"))
s = ParagraphStyle("s", fontName=F, fontSize=10, leading=16, wordWrap="CJK")
s_ind = ParagraphStyle("i", parent=s, leftIndent=20)


def build():
    story = [Paragraph("个人简历", s_title), Paragraph("何永强", s_name)]
    info = [["性　　别：男", "民　　族：汉"],
            ["出生日期：1985年11月", "婚姻状况：已婚"],
            ["户　　籍：河南省周口市商水县", "现住址：广州市天河区棠下"],
            ["身份证号码：411623198511070037", "身　　高：178cm"],
            ["联系电话：152 3698 0417（微信同号）", "求职意向：保安主管／物业秩序维护主管"]]
    t = Table([[Paragraph(a, s), Paragraph(b, s)] for a, b in info], colWidths=[250, 230])
    t.setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.HexColor("#8B0000")),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 2)]))
    story.append(t)

    story.append(Paragraph("◆ 工作经历", s_h))
    jobs = [
        ("2020.7—今　　广州市天河区锦绣华庭物业管理有限公司　　秩序维护部主管",
         ["负责锦绣华庭小区（住户2100户）的安保、消防、车辆和门岗管理，管理保安队员26人，三班倒排班；",
          "建立巡更打卡和监控中心交接班制度，小区连续四年无重大治安、消防事故；",
          "组织每季度消防演练，配合街道完成疫情期间封控值守和物资配送。"]),
        ("2021.3—2023.10　兼职：广州速达同城配送服务有限公司　众包骑手（休息日及下班后）",
         ["利用休息时间跑同城配送，补贴家用，不影响本职工作。"]),
        ("2014.4—2020.6　广州安泰保安服务有限公司　保安员、保安班长",
         ["派驻天河区大型商场做保安，2016年起任班长，带班12人；",
          "负责商场开闭店清场、巡逻、处理顾客纠纷和突发事件，协助派出所抓获扒窃嫌疑人2次；",
          "多次获公司“优秀保安员”称号。"]),
        ("2006.3—2014.2　东莞市鸿运鞋业有限公司　成型车间普工、组长",
         ["在鞋厂做成型工序，2010年起当组长，管20多个人的生产和考勤。"]),
    ]
    for head, items in jobs:
        story.append(Paragraph(head, s))
        for it in items:
            story.append(Paragraph("· " + it, s_ind))
        story.append(Spacer(1, 5))

    story.append(Paragraph("◆ 教育经历", s_h))
    story.append(Paragraph("2001.9—2004.7　商水县第一高级中学　高中", s))

    story.append(Paragraph("◆ 资格证书", s_h))
    story.append(Paragraph("保安员证　　消防设施操作员（中级）　　急救员证　　C1驾照", s))

    story.append(Paragraph("◆ 自我评价", s_h))
    story.append(Paragraph("身体健康，无不良嗜好，无违法犯罪记录。做保安和物业秩序工作十二年，熟悉监控、门禁、"
                           "道闸和消防控制室的操作，会处理业主投诉，能带队伍。服从管理，可以长期上夜班。", s))
    doc = SimpleDocTemplate(out("zh-10.pdf"), pagesize=A4, leftMargin=56, rightMargin=56, topMargin=50,
                            bottomMargin=50, title="个人简历", author="")
    doc.build(story)


if __name__ == "__main__":
    build()
