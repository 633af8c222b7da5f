# zh-12.pdf — fresh graduate (internships only). DOCX single column with a small two-cell header,
# converted with LibreOffice headless.
import shutil
from docx import Document
from docx.shared import Pt, Cm
from common import *

LAT, EA = "Calibri", "微软雅黑"
BLUE = "2E75B6"


def h(doc, text):
    p = para(doc, "", space_before=10, space_after=3)
    set_run_font(p.add_run("▍" + text), latin=LAT, east_asia=EA, size=12, bold=True, color=BLUE)
    bottom_border(p, "BDD7EE", 6)


def line2(doc, left, right, bold=True):
    t = doc.add_table(rows=1, cols=2)
    table_borders(t, "nil")
    cell_text(t.cell(0, 0), left, size=10.5, bold=bold, latin=LAT, east_asia=EA)
    cell_text(t.cell(0, 1), right, size=10, latin=LAT, east_asia=EA, color="555555")
    t.cell(0, 1).paragraphs[0].alignment = 2
    col_widths(t, [12.6, 4.8])


def bullet(doc, text):
    p = para(doc, "• " + text, size=10, latin=LAT, east_asia=EA, space_after=0)
    p.paragraph_format.left_indent = Cm(0.4)


def build():
    doc = Document()
    set_default_font(doc, LAT, EA, 10)
    margins(doc, 1.6, 1.6, 1.8, 1.8)
    para(doc, "杨子涵", size=24, bold=True, latin=LAT, east_asia=EA, color=BLUE, space_after=0)
    para(doc, "求职意向：供应链管理培训生 / 仓储运营 / 物流计划（武汉、长沙）", size=11, latin=LAT, east_asia=EA,
         space_after=4)
    para(doc, "女 ｜ 2004年2月出生 ｜ 中共预备党员 ｜ 手机号码:15012345678 ｜ 邮箱：YangZihan2004@example.com",
         size=9.5, latin=LAT, east_asia=EA, color="444444", space_after=2)

    h(doc, "教育背景")
    line2(doc, "湖北经济学院　｜　物流管理　｜　本科", "2022.09 - 2026.06")
    bullet(doc, "GPA 3.62/4.00（专业前10%）；主修：供应链管理、仓储与配送管理、运输管理、运筹学、物流系统仿真")
    bullet(doc, "毕业论文：基于聚类分析的电商前置仓选址研究（优秀）")

    h(doc, "实习经历")
    line2(doc, "顺达供应链管理（武汉）有限公司　仓储运营实习生", "2025.07 - 2025.12")
    bullet(doc, "在2万㎡电商仓跟岗入库、拣选、出库全流程，协助主管做每日作业量和人效统计；")
    bullet(doc, "用Excel和SQL分析拣货路径，提出库位调整建议，试点区域拣货效率提升约12%；")
    bullet(doc, "参与“双11”大促备货方案，负责临时工排班表和异常订单跟踪。")
    line2(doc, "京通物流（湖北）有限公司　运营助理实习生", "2024.07 - 2024.08")
    bullet(doc, "整理干线运输时效数据，制作周报；协助调度处理超时件和客户投诉工单。")

    h(doc, "校园经历")
    line2(doc, "管理学院学生会　实践部部长", "2023.09 - 2024.06")
    bullet(doc, "组织“物流企业走访”活动4次，对接企业6家，参与学生200余人次。")
    line2(doc, "全国大学生物流设计大赛　队长", "2024.10 - 2025.05")
    bullet(doc, "带领4人团队完成某快消品企业区域配送网络优化方案，获省级二等奖。")

    h(doc, "技能证书")
    para(doc, "技能证书：英语六级（CET-6 526分）、全国计算机二级（MS Office）、C1驾照", size=10, latin=LAT,
         east_asia=EA, space_after=1)
    para(doc, "软件：Excel、SQL、Python、WMS、Visio", size=10, latin=LAT, east_asia=EA, space_after=1)

    h(doc, "获奖情况")
    para(doc, "校级一等奖学金（2023、2024）｜ 全国大学生物流设计大赛湖北赛区二等奖（2025）｜ 优秀学生干部（2024）",
         size=10, latin=LAT, east_asia=EA)

    h(doc, "自我评价")
    para(doc, "对数据敏感，做事有条理，两段物流实习让我熟悉了仓储和运输的一线业务。"
              "能吃苦，接受轮岗和倒班，希望从基层做起，在供应链领域长期发展。", size=10, latin=LAT, east_asia=EA)

    p = tmp("zh-12.docx")
    save_docx(doc, p)
    shutil.move(convert_to_pdf(p, BUILD), out("zh-12.pdf"))


if __name__ == "__main__":
    build()
