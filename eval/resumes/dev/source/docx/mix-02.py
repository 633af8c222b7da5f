"""mix-02.docx: bilingual 中英文 marketing manager (MBA); bilingual headings, company names in both languages,
education as a bordered table."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *

ACCENT = "B4462B"

def build(out, assets):
    doc = new_doc(latin="Segoe UI", east_asia="微软雅黑", size=10, margins_cm=(1.6, 1.6, 1.9, 1.9))
    set_core(doc, title="Resume 简历", author="Cindy")
    para(doc, [("林晓彤", {"bold": True, "size": 22}), ("   Cindy Lin", {"size": 16, "color": "666666"})], space_after=2)
    para(doc, "品牌市场经理 Brand Marketing Manager", size=11, color=ACCENT, space_after=2)
    para(doc, "手机 Mobile: (+86) 136 2189 0457  |  邮箱 Email: Cindy.Lin@example.com  |  上海 Shanghai",
         size=9.5, space_after=6)

    def head(zh, en):
        p = para(doc, [(zh + "  ", {"bold": True}), (en, {"bold": True, "color": "888888"})],
                 size=12, space_before=10, space_after=3, color=ACCENT)
        bottom_border(p, color=ACCENT, sz=8)

    head("个人简介", "Profile")
    para(doc, "14年品牌与整合营销经验，覆盖公关公司、4A广告公司与国际美妆品牌甲方。擅长新品上市、社交媒体内容营销和"
              "KOL/KOC投放，管理年度营销预算6000万元。", align="justify")
    para(doc, "14 years in brand and integrated marketing across PR agency, advertising agency and an international beauty "
              "brand. Strong in product launches, social content and influencer marketing; manages an annual budget of RMB 60M.",
         align="justify", color="444444", size=9.5)

    head("工作经历", "Work Experience")
    def job(period, zh_co, en_co, title, bullets):
        p = para(doc, [(zh_co, {"bold": True}), ("  " + en_co, {"italic": True, "color": "555555"})],
                 space_before=6, space_after=0)
        para(doc, [(title, {"bold": False}), ("    " + period, {"color": ACCENT})], space_after=2)
        for b in bullets:
            para(doc, "– " + b, indent_cm=0.4, space_after=1, align="justify")
    job("2021.03 – 今 / Mar 2021 – Present", "欧莱诗（中国）化妆品有限公司", "Oléas (China) Cosmetics Co., Ltd.",
        "品牌市场经理 Brand Marketing Manager", [
            "负责护肤线中国市场品牌策略与年度营销计划，带领4人团队；Own China brand plan for the skincare line, team of 4.",
            "2023年精华新品上市，首发月销售额破1.2亿元，小红书相关笔记超3万篇。",
            "搭建KOC种草矩阵，内容投放CPE下降35%；与电商团队共建天猫大促营销日历。"])
    job("2016.05 – 2021.02", "上海蓝鲸广告有限公司", "Blue Whale Advertising Shanghai",
        "高级客户经理 → 客户总监 Senior Account Manager → Account Director", [
            "服务汽车、快消和母婴客户，年服务费2800万元；Led accounts worth RMB 28M in annual fees.",
            "主导某合资汽车品牌新车上市整合传播，获2019年金投赏铜奖。"])
    job("2012.07 – 2016.03", "上海思创公关顾问有限公司", "StratePR Shanghai",
        "客户执行 → 高级客户执行 Account Executive → Senior AE", [
            "负责媒体关系、发布会执行和舆情监测；Media relations, launch events and social listening."])

    head("教育背景", "Education")
    t = doc.add_table(rows=3, cols=4)
    table_borders(t, sz=4, color="BFBFBF"); cell_margins(t)
    col_widths(t, [3.6, 5.8, 4.4, 3.6])
    for j, h in enumerate(("时间 Period", "学校 School", "专业 Major", "学位 Degree")):
        first_para(t.cell(0, j), h, bold=True, align="center"); shade(t.cell(0, j), "F2DCDB")
    data = [("2020.09 – 2022.06", "上海交通大学\nShanghai Jiao Tong University", "工商管理\nBusiness Administration", "MBA（在职）"),
            ("2008.09 – 2012.06", "上海外国语大学\nShanghai International Studies University", "英语\nEnglish", "文学学士 BA")]
    for i, row in enumerate(data, start=1):
        for j, v in enumerate(row):
            lines = v.split("\n")
            first_para(t.cell(i, j), lines[0], align="center")
            for extra in lines[1:]:
                para(t.cell(i, j), extra, align="center", size=8.5, color="666666", space_after=1)
            valign(t.cell(i, j))

    head("技能与证书", "Skills & Certificates")
    para(doc, "工具 Tools: 巨量引擎 / 小红书蒲公英 / 生意参谋 / Google Analytics / Salesforce Marketing Cloud / Excel / PowerPoint")
    para(doc, "证书 Certificates: 英语专业八级（TEM-8）")
    para(doc, "语言 Languages: 普通话（母语）、英语（流利 fluent）、粤语（基础）")
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
