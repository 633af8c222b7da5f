# zh-08.docx — 20+ years procurement manager. Info table without photo, education table
# (起止时间 / 学校 / 专业 / 学历), work table with 离职原因 column, then narrative job descriptions.
from docx import Document
from docx.shared import Pt, Cm
from common import *

LAT, EA = "Times New Roman", "仿宋"


def h(doc, text):
    t = doc.add_table(rows=1, cols=1)
    table_borders(t, "nil")
    c = t.cell(0, 0)
    shade(c, "1F3864")
    cell_text(c, text, size=12, bold=True, color="FFFFFF", east_asia="黑体")
    para(doc, "", space_after=0).paragraph_format.line_spacing = Pt(4)


def grid(doc, rows, widths, header=True):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = "Table Grid"
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            cell_text(t.cell(i, j), v, size=10.5, bold=(header and i == 0), align="center")
            if header and i == 0:
                shade(t.cell(i, j), "D6DCE4")
    col_widths(t, widths)
    return t


def build():
    doc = Document()
    set_default_font(doc, LAT, EA, 11)
    margins(doc, 2.0, 2.0, 2.0, 2.0)
    para(doc, "求 职 简 历", size=22, bold=True, align="center", east_asia="黑体", space_after=2)
    para(doc, "应聘岗位：采购总监 / 供应链经理", size=11, align="center", space_after=10, color="444444")

    h(doc, "一、基本情况")
    t = doc.add_table(rows=5, cols=4)
    t.style = "Table Grid"
    info = [("姓　　名", "马国栋", "性　　别", "男"),
            ("出生日期", "1976年8月21日", "婚育状况", "已婚已育"),
            ("政治面貌", "中共党员", "籍　　贯", "陕西西安"),
            ("联系手机", "189 9127 4408", "E-mail", "MaGuoDong1976@example.com")]
    for i, r in enumerate(info):
        for j, v in enumerate(r):
            cell_text(t.cell(i, j), v, bold=(j % 2 == 0), align="center" if j % 2 == 0 else None)
            if j % 2 == 0:
                shade(t.cell(i, j), "F2F2F2")
    cell_text(t.cell(4, 0), "身份证号", bold=True, align="center"); shade(t.cell(4, 0), "F2F2F2")
    cell_text(t.cell(4, 1).merge(t.cell(4, 3)), "610103197608213515")
    col_widths(t, [2.6, 5.4, 2.6, 6.4])
    para(doc, "")

    h(doc, "二、教育经历")
    grid(doc, [("起止时间", "学校", "专业", "学历"),
               ("2009.09-2012.01", "西安交通大学", "工商管理（MBA）", "硕士研究生（在职）"),
               ("1995.09-1998.07", "陕西工业职业技术学院", "国际贸易", "大专")],
         [3.6, 5.0, 4.2, 4.2])
    para(doc, "")

    h(doc, "三、工作经历")
    grid(doc, [("起止时间", "工作单位", "职务", "离职原因"),
               ("2016.05-至今", "陕西秦川重型汽车零部件有限公司", "采购部经理", "——"),
               ("2008.03-2016.04", "西安华瑞电气设备有限公司", "采购主管、采购经理", "企业整体搬迁至咸阳"),
               ("2001.07-2008.02", "宝鸡长兴机床有限责任公司", "采购员", "个人发展"),
               ("1998.07-2001.06", "西安市五交化贸易公司", "业务员", "单位改制")],
         [3.4, 6.0, 3.6, 4.0])
    para(doc, "")

    h(doc, "四、主要工作内容及业绩")
    blocks = [
        ("陕西秦川重型汽车零部件有限公司　采购部经理",
         ["全面负责公司钢材、铸锻件、标准件及外协加工件的采购，年采购额约6.5亿元，管理团队14人；",
          "推行供应商分级管理和年度招标，建立三家战略供应商，2019—2024年累计降本约4100万元；",
          "主导SAP MM模块上线，实现采购申请、订单、收货、对账全流程线上化；",
          "2021年钢材价格大幅上涨期间，牵头签订锁价协议，保障了全年生产不断供。"]),
        ("西安华瑞电气设备有限公司　采购主管、采购经理（2012年起任经理）",
         ["负责变压器、开关柜用硅钢片、铜材、元器件的采购与供应商开发；",
          "建立原材料价格联动机制，铜材采购成本年均下降3%；",
          "组织供应商现场审核60余家次，淘汰不合格供应商11家。"]),
        ("宝鸡长兴机床有限责任公司　采购员",
         ["负责铸件、轴承、电气元件的询价、下单、跟单和入库对账；",
          "2005年起负责进口数控系统的报关与付汇手续。"]),
        ("西安市五交化贸易公司　业务员",
         ["五金、交电、化工产品的批发销售与进货，积累了最初的供应商资源。"]),
    ]
    for title, items in blocks:
        para(doc, title, bold=True, space_before=4, space_after=2)
        for s in items:
            para(doc, "　　" + s, space_after=0)
    para(doc, "")

    h(doc, "五、证书与技能")
    para(doc, "采购师（二级）；SAP MM模块；用友U8；Excel数据透视表；ISO9001内审员证书；C1驾照", space_after=6)

    h(doc, "六、自我评价")
    para(doc, "从事采购工作二十余年，经历过国企改制、民企扩张和集团化管理，熟悉机械、电气行业的供应市场。"
              "谈判能力强，廉洁自律，注重团队培养，希望在更大的平台上发挥供应链管理经验。")
    save_docx(doc, out("zh-08.docx"))


if __name__ == "__main__":
    build()
