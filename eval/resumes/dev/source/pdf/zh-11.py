"""zh-11.pdf: pharmacist, reportlab two-column (shaded left sidebar with photo, contact, skills), embedded WQY font."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from pdflib import *

TEAL = colors.HexColor("#1D6A6A")

def build(out, assets):
    register_cjk()
    side_w = 6.4 * cm
    doc = two_column_doc(out, side_w, side_bg=colors.HexColor("#E6F0EF"), title="何雨桐的简历", author="何雨桐")
    sh = style("sh", size=11.5, color=TEAL, before=12, after=2)
    st = style("st", size=9, leading=14)
    mh = style("mh", size=12.5, color=TEAL, before=10, after=1)
    mt = style("mt", size=9.5, leading=15, align="justify")
    mj = style("mj", size=10, leading=15, before=5, after=1)
    mb = style("mb", size=9.5, leading=14.5, left=10, first=-8, align="justify")
    side_inner = side_w - 1.0 * cm
    S = []
    S.append(Image(str(assets / "photo_red.png"), width=2.9 * cm, height=3.9 * cm))
    S.append(Spacer(1, 6))
    S += [Paragraph("联系方式", sh), Rule(side_inner, TEAL)]
    for t in ["电话：151-0518-2693", "邮箱：heyutong_pharm@126.com", "地址：南京市鼓楼区"]:
        S.append(Paragraph(t, st))
    S += [Paragraph("个人信息", sh), Rule(side_inner, TEAL)]
    for t in ["出生年月：1993.05", "籍贯：江苏南通", "政治面貌：中共党员"]:
        S.append(Paragraph(t, st))
    S += [Paragraph("专业技能", sh), Rule(side_inner, TEAL)]
    for t in ["处方审核与用药咨询", "GSP质量管理", "药品不良反应监测", "海典ERP", "Office办公软件"]:
        S.append(Paragraph("· " + t, st))
    S += [Paragraph("证书", sh), Rule(side_inner, TEAL)]
    for t in ["执业药师（药学）", "主管药师", "英语六级"]:
        S.append(Paragraph("· " + t, st))
    S.append(FrameBreak())

    main_w = A4[0] - side_w - 0.6 * cm - 1.2 * cm
    S.append(Paragraph("何雨桐", style("name", size=26, leading=32, color=colors.HexColor("#123F3F"))))
    S.append(Paragraph("执业药师 ｜ 临床药学 ｜ 药品质量管理", style("sub", size=11, color=colors.HexColor("#555555"), after=4)))
    S.append(Paragraph("求职意向：医院临床药师 / 连锁药房质量经理（南京）", mt))

    def head(t):
        S.extend([Paragraph(t, mh), Rule(main_w, TEAL, 0.8)])
    head("工作经历")
    S.append(Paragraph("<b>2021.09 – 至今</b>　　江苏康宁大药房连锁有限公司　　质量负责人（执业药师）", mj))
    for b in ["负责全省86家门店的GSP质量管理体系运行，组织年度内审和药监飞行检查迎检，三年无重大缺陷项；",
              "建立处方审核与用药咨询标准话术，培训门店药师200余人次；",
              "牵头处方药线上销售的远程审方流程，日均审方1500张，审方合格率99.2%；",
              "管理药品不良反应上报，年上报ADR报告120余例。"]:
        S.append(Paragraph("● " + b, mb))
    S.append(Paragraph("<b>2018.07 – 2021.08</b>　　南京华泰医院　　药剂科 临床药师", mj))
    for b in ["参与心内科、呼吸科临床查房，开展抗菌药物和抗凝药物的用药监护，年出具会诊意见300余份；",
              "负责门诊处方点评，不合理处方率由4.1%降至1.6%；",
              "参与医院药事管理与药物治疗学委员会日常工作。"]:
        S.append(Paragraph("● " + b, mb))
    head("教育背景")
    S.append(Paragraph("<b>2015.09 – 2018.06</b>　　中国药科大学　　药剂学　　硕士", mj))
    S.append(Paragraph("研究方向：口服缓释制剂；发表中文核心论文2篇", mb))
    S.append(Paragraph("<b>2011.09 – 2015.06</b>　　沈阳药科大学　　药学　　本科", mj))
    head("荣誉奖励")
    S.append(Paragraph("2023年 江苏康宁大药房“年度质量标兵”；2020年 南京华泰医院“优秀青年药师”", mt))
    head("自我评价")
    S.append(Paragraph("兼具医院临床药学和零售药房质量管理经验，熟悉药事法规，工作严谨细致，沟通和培训能力较强。", mt))
    doc.build(S)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
