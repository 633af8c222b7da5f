"""zh-10.docx: geotechnical engineer with a PhD; uses Word's built-in Title / Heading styles, no tables."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *
from docx.shared import Pt, RGBColor
from docx.oxml.ns import qn

def build(out, assets):
    doc = new_doc(latin="Times New Roman", east_asia="宋体", size=10.5, margins_cm=(2.5, 2.5, 2.8, 2.8))
    set_core(doc, title="郑博文-简历", author="zbw")
    for name, size in (("Title", 22), ("Heading 1", 13)):
        st = doc.styles[name]
        st.font.size = Pt(size)
        st.font.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
        st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")

    doc.add_paragraph("郑博文", style="Title")
    para(doc, "岩土工程 博士 ｜ 高级工程师 ｜ 注册土木工程师（岩土）", size=11, space_after=2)
    para(doc, "手机：150 2183 7764　　邮箱：zhengbw_geo@163.com　　地址：上海市杨浦区", space_after=6)

    def h(t):
        p = doc.add_paragraph(t, style="Heading 1")
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.space_after = Pt(4)

    h("教育背景")
    para(doc, [("2014年9月—2019年6月　同济大学　岩土工程　博士（硕博连读）", {"bold": True})])
    para(doc, "导师：×××教授；博士论文：《软土地区深基坑开挖对邻近地铁隧道变形影响及控制研究》", indent_cm=0.5)
    para(doc, [("2010年9月—2014年6月　中南大学　土木工程　本科（工学学士）", {"bold": True})], space_before=4)

    h("工作经历")
    para(doc, [("2019年7月—至今　上海中恒岩土工程设计研究院有限公司　岩土工程师 → 高级工程师（2023年评定）", {"bold": True})])
    for b in ["负责软土地区深基坑支护、地基处理和桩基础设计，主持或参与项目40余项，单项基坑最大开挖深度24.6米；",
              "主持上海地铁某线车站邻近深基坑的变形控制专项设计，采用分区分块开挖+伺服钢支撑方案，隧道水平位移控制在6mm以内；",
              "负责院内数值分析组技术工作，建立PLAXIS/FLAC3D标准化建模流程，编写内部技术手册2册；",
              "参与编制上海市工程建设规范1部（参编）；指导新入职工程师8名。"]:
        para(doc, "• " + b, indent_cm=0.5, align="justify")

    h("科研项目")
    for b in ["国家自然科学基金青年项目“软黏土小应变刚度各向异性及其对基坑变形的影响”（2021—2024，主要参与人）",
              "上海市科委科研计划项目“城市更新中既有建筑近接深基坑变形控制技术”（2022—2025，子课题负责人）"]:
        para(doc, "• " + b, indent_cm=0.5, align="justify")

    h("论文与专利")
    for b in ["Zheng B., Wang L. Deformation of adjacent metro tunnels induced by deep excavation in soft clay. "
              "Tunnelling and Underground Space Technology, 2020. (SCI)",
              "郑博文, 等. 伺服钢支撑在紧邻地铁深基坑中的应用. 岩土工程学报, 2022. (EI)",
              "发明专利1项（第二发明人）：一种深基坑伺服支撑轴力自适应调节装置"]:
        para(doc, "• " + b, indent_cm=0.5, align="justify")

    h("专业技能")
    para(doc, "注册土木工程师（岩土）；PLAXIS、FLAC3D、ABAQUS、理正深基坑、AutoCAD；Python（数据处理与监测数据分析）；英语六级")

    h("自我评价")
    para(doc, "理论基础扎实，兼具科研与工程设计经验，擅长把数值分析结果落到设计方案上。"
              "希望加入大型设计院或城投建设单位，从事地下空间与深基坑方向的技术管理工作。", align="justify")
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
