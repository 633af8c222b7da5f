"""zh-07.docx: HR specialist, two-column layout built from a borderless 1x2 table (shaded sidebar with photo)."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *

SIDE = "1F3A5F"
WHITE = "FFFFFF"

def build(out, assets):
    doc = new_doc(latin="Arial", east_asia="微软雅黑", size=10, margins_cm=(1.2, 1.2, 1.2, 1.2))
    set_core(doc, title="简历", author="xmy")
    t = doc.add_table(rows=1, cols=2)
    no_borders(t); cell_margins(t, top=0.3, bottom=0.3, left=0.35, right=0.35)
    col_widths(t, [6.0, 12.6])
    side, main = t.rows[0].cells
    shade(side, SIDE); valign(side, "top"); valign(main, "top")

    # ---- sidebar
    picture(side, assets / "photo_white.jpg", 3.2)
    def side_head(txt):
        p = para(side, txt, bold=True, size=12, color=WHITE, space_before=12, space_after=3)
        bottom_border(p, color="FFFFFF", sz=6)
    def side_line(txt, **kw):
        para(side, txt, color=WHITE, size=9.5, space_after=2, **kw)
    side_head("联系方式")
    side_line("Mobile：177 2190 4536")
    side_line("✉ xu.mengyao@foxmail.com")
    side_line("现居：南京市建邺区")
    side_head("个人信息")
    side_line("性别：女")
    side_line("年龄：29岁")
    side_line("政治面貌：中共党员")
    side_head("技能证书")
    for s in ["企业人力资源管理师（三级）", "北森", "Moka", "钉钉", "Excel", "薪酬核算"]:
        side_line("• " + s)
    side_head("语言")
    side_line("英语 CET-6")
    side_head("兴趣爱好")
    side_line("羽毛球、烘焙、徒步")

    # ---- main column
    first_para(main, "徐梦瑶", bold=True, size=26, color=SIDE, space_after=0)
    para(main, "人力资源专员 / HRBP  ·  期望城市：南京", size=11, color="555555", space_after=10)

    def head(txt):
        p = para(main, txt, bold=True, size=13, color=SIDE, space_before=8, space_after=4)
        bottom_border(p, color=SIDE, sz=8)
    head("个人概述")
    para(main, "7年人力资源工作经验，前3年在人力资源服务公司做招聘，后在科技公司负责招聘、员工关系和绩效落地。"
               "熟悉互联网技术岗招聘和劳动用工合规，做事有条理，沟通顺畅。", align="justify")

    head("工作经历")
    def job(company, title, period, bullets):
        para(main, [(company, {"bold": True}), ("    " + period, {"color": "777777"})], space_before=4, space_after=1)
        para(main, title, italic=True, color="333333", space_after=2)
        for b in bullets:
            para(main, "▪ " + b, size=9.5, indent_cm=0.3, align="justify", space_after=1)
    job("南京云帆智能科技有限公司", "人力资源专员（HRBP）", "2022.08–今", [
        "对接研发、产品两个中心约180人，负责技术岗全流程招聘，年均入职45人，平均到岗周期28天；",
        "搭建校招流程，组织2024、2025届校园招聘，覆盖东南大学、南京大学等8所高校；",
        "负责员工入转调离、劳动合同管理，处理劳动争议2起，均协商解决；",
        "推动绩效系统从Excel迁移到北森，季度考核按时完成率从70%提升到98%。"])
    job("江苏金陵人力资源服务有限公司", "招聘专员", "2019.07–2022.07", [
        "负责制造业客户蓝领及基层管理岗位的批量招聘（RPO），月均交付60人；",
        "维护招聘渠道（BOSS直聘、58同城、劳务合作方），管理人才库约1.2万份简历；",
        "协助核算外包员工工资及社保公积金，每月约400人。"])
    job("南京紫金农商银行", "人力资源部实习生", "2018.07–2018.09", [
        "协助整理员工档案，参与校园招聘宣讲会筹备。"])

    head("教育背景")
    para(main, [("南京审计大学", {"bold": True}), ("    2015.09–2019.06", {"color": "777777"})], space_after=1)
    para(main, "人力资源管理  |  本科  |  管理学学士", space_after=1)
    para(main, "主修课程：组织行为学、劳动法、薪酬管理、绩效管理、招聘与甄选", size=9.5, color="555555")

    head("自我评价")
    para(main, "目标明确、执行力强；对数据敏感，习惯用招聘漏斗和离职数据分析问题。希望在成长型企业继续做HRBP方向。",
         align="justify")
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
