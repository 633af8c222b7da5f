"""zh-13.pdf: industrial sales manager. Built as a DOCX (borderless 1x2 table: main column left, shaded
sidebar right) and converted to PDF with LibreOffice by build.py."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *

INK = "7F3F00"

def build(out, assets):
    doc = new_doc(latin="Arial", east_asia="黑体", size=10, margins_cm=(1.3, 1.3, 1.3, 1.3))
    set_core(doc, title="杨建华简历", author="yjh")
    t = doc.add_table(rows=1, cols=2)
    no_borders(t); cell_margins(t, top=0.2, bottom=0.2, left=0.3, right=0.3)
    col_widths(t, [12.6, 5.8])
    main, side = t.rows[0].cells
    shade(side, "F2F2F2"); valign(main, "top"); valign(side, "top")

    first_para(main, "杨建华", bold=True, size=24, color=INK, space_after=0)
    para(main, "求职意向：销售总监 / 大区销售经理（工业自动化、机械设备）", size=10.5, color="555555", space_after=8)

    def head(cell, txt):
        p = para(cell, txt, bold=True, size=12, color=INK, space_before=8, space_after=3)
        bottom_border(p, color=INK, sz=6)

    head(main, "工作经历")
    def job(period, company, title, bullets):
        para(main, [(company, {"bold": True})], space_before=5, space_after=0)
        para(main, f"{title}　|　{period}", color="555555", space_after=2)
        for b in bullets:
            para(main, "· " + b, indent_cm=0.3, align="justify", space_after=1)
    job("2020年4月–至今", "苏州恒润工业自动化设备有限公司", "华东大区销售经理", [
        "负责江苏、浙江、上海三地销售，管理销售工程师7人，年度销售目标1.2亿元；",
        "2023年完成销售额1.38亿元（达成率115%），新开发汽车零部件行业大客户11家；",
        "主导某新能源电池厂自动化产线项目投标，单笔合同金额2600万元；",
        "推行Salesforce CRM，商机阶段管理和回款跟踪线上化。"])
    job("2014年6月–2020年2月", "昆山精诚机械有限公司", "销售主管", [
        "负责非标自动化设备和工装夹具的销售，重点客户为台资电子厂；",
        "个人年销售额从800万元增长到3200万元，连续四年获公司销售冠军。"])
    job("2010年7月–2014年5月", "苏州佳和贸易有限公司", "销售代表", [
        "代理销售气动元件和传感器，负责苏州工业园区客户的开发和维护，累计开发客户150余家。"])

    head(main, "教育背景")
    para(main, [("苏州科技大学", {"bold": True}), ("　市场营销　本科", {})], space_after=0)
    para(main, "2006年9月–2010年6月", color="555555")

    head(main, "自我评价")
    para(main, "16年To B销售经验，熟悉工业自动化行业客户和项目型销售流程，能独立完成从线索到回款的全流程。"
               "目标感强，善于带团队和做大客户关系。", align="justify")

    # ---- sidebar (right)
    first_para(side, "基本信息", bold=True, size=11.5, color=INK, space_after=3)
    for line in ["性别：男", "出生：1987年4月", "身份证：320583198704112318", "籍贯：江苏昆山", "婚姻：已婚"]:
        para(side, line, size=9.5, space_after=2)
    head(side, "联系方式")
    for line in ["电话：189 1550 7732", "邮箱：YJH_sales@163.com", "地址：苏州市工业园区"]:
        para(side, line, size=9.5, space_after=2)
    head(side, "技能")
    for s in ["大客户开发", "商务谈判", "招投标", "Salesforce CRM", "Office", "C1驾照"]:
        para(side, "■ " + s, size=9.5, space_after=2)
    head(side, "荣誉")
    for s in ["2023年度恒润“销售精英奖”", "2016–2019年精诚机械销售冠军"]:
        para(side, s, size=9.5, space_after=2)
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
