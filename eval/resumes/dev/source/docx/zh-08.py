"""zh-08.docx: executive chef, plain paragraphs only (no tables), ◆ headings, overlapping jobs."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *

def build(out, assets):
    doc = new_doc(latin="宋体", east_asia="宋体", size=11, margins_cm=(2.2, 2.2, 2.5, 2.5))
    set_core(doc, title="个人简历", author="微软用户")
    para(doc, "个人简历", bold=True, size=16, align="center", space_after=10)

    def head(t):
        para(doc, "◆ " + t, bold=True, size=12, space_before=10, space_after=4)

    head("基本情况")
    for line in ["姓名：马志强　　　　性别：男　　　　年龄：41岁",
                 "民族：回族　　　　　籍贯：宁夏吴忠　　婚姻：已婚",
                 "手机/微信：135 0951 2846",
                 "邮箱：mazhiqiang85@163.com",
                 "现住址：宁夏银川市金凤区",
                 "求职岗位：行政总厨 / 厨师长（清真餐饮优先）"]:
        para(doc, line, space_after=2)

    head("工作经历")
    para(doc, "2020年5月 — 至今　　银川市悦海清真大酒店　　行政总厨", bold=True, space_before=4)
    for b in ["全面负责酒店中餐厅、宴会厅和员工餐厅厨房管理，厨房团队42人；",
              "主持菜单研发，每季度更新菜品20道以上，推出的“黄河鲶鱼三吃”“手抓羊肉宴”成为酒店招牌；",
              "建立原料验收、留样和出品标准，2023年通过市场监管部门“明厨亮灶”示范单位验收；",
              "食材成本率从42%降到36%，年宴会接待量3000桌以上。"]:
        para(doc, "　　" + b)
    para(doc, "2014年3月 — 2020年8月　　吴忠市鸿宾楼餐饮有限公司　　厨师长", bold=True, space_before=6)
    for b in ["负责门店后厨日常管理、排班、采购计划和新员工培训；",
              "2019年参加宁夏回族自治区清真烹饪技能大赛，获热菜组金奖；",
              "2020年5月至8月期间已到悦海大酒店上班，同时协助鸿宾楼完成新厨师长交接和新店开业。"]:
        para(doc, "　　" + b)
    para(doc, "2004年9月 — 2014年2月　　吴忠宾馆　　厨师 → 热菜主管", bold=True, space_before=6)
    for b in ["从砧板、打荷做起，2008年上灶，2011年升任热菜主管；",
              "负责政务接待宴席热菜出品，熟悉西北清真菜和淮扬菜基本技法。"]:
        para(doc, "　　" + b)

    head("教育及培训")
    para(doc, "2001年9月 — 2004年7月　　吴忠市职业高级中学　　职高　　专业：烹饪")
    para(doc, "2016年6月　　　　　　　　中国烹饪协会　　　　　　 厨政管理高级研修班（结业）")

    head("职业技能与证书")
    para(doc, "中式烹调师（一级/高级技师）、食品安全管理员证、健康证；擅长西北清真菜、宴席设计、成本核算。")

    head("自我评价")
    para(doc, "从事厨师工作二十多年，吃苦耐劳，重视食品安全和出品稳定性。能带队伍，也能亲自上灶。"
              "希望找一家规模较大的清真餐饮企业或酒店长期发展。", align="justify")
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
