"""mix-04.pdf: teacher turned Amazon cross-border e-commerce manager (career changer); Chinese text with English
platform/tool names; reportlab single column under a coloured header band."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from pdflib import *

ORANGE = colors.HexColor("#E07A1F")
INK = colors.HexColor("#2B2B2B")

def build(out, assets):
    register_cjk()
    W, H = A4
    band_h = 3.3 * cm

    def header(canv, doc):
        canv.saveState()
        canv.setFillColor(colors.HexColor("#2B2B2B"))
        canv.rect(0, H - band_h, W, band_h, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont("WQY", 24)
        canv.drawString(1.8 * cm, H - 1.55 * cm, "吴倩  Qian Wu")
        canv.setFont("WQY", 10)
        canv.drawString(1.8 * cm, H - 2.3 * cm, "跨境电商运营经理 Amazon Operations Manager  ·  深圳")
        canv.drawString(1.8 * cm, H - 2.85 * cm, "手机 (Mobile)：+86 136 3289 7051    E-mail：WuQian.AMZ@example.com")
        canv.restoreState()

    margin = 1.8 * cm
    doc = BaseDocTemplate(out, pagesize=A4, title="吴倩 简历", author="吴倩")
    fr = Frame(margin, margin, W - 2 * margin, H - band_h - margin - 0.6 * cm, leftPadding=0, rightPadding=0,
               topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(frames=[fr], onPage=header)])
    cw = W - 2 * margin
    hd = style("hd", size=12.5, color=ORANGE, before=10, after=1)
    tx = style("tx", size=9.8, leading=15.5, align="justify", color=INK)
    jb = style("jb", size=10.3, leading=15, before=6, after=1, color=INK)
    bl = style("bl", size=9.6, leading=15, left=12, first=-9, align="justify", color=INK)

    S = []
    def head(t):
        S.extend([Paragraph(t, hd), Rule(cw, ORANGE, 1.0)])
    head("个人简介 Summary")
    S.append(Paragraph("前初中英语教师，2019年转行做亚马逊跨境电商，7年多运营经验，负责过北美站和欧洲站家居、户外类目。"
                       "熟悉 Listing 优化、PPC 广告、FBA 库存规划和品牌备案，英语读写流利，能直接与海外服务商和客户沟通。", tx))
    head("工作经历 Experience")
    S.append(Paragraph("<b>深圳市帆越跨境电商有限公司</b>　｜　Amazon运营经理（US / EU）　｜　06/2021 – 至今", jb))
    for b in ["管理运营团队5人，负责美国站、德国站、英国站共 3 个品牌店铺，年销售额约 2400 万美元；",
              "制定新品开发与上架节奏，2023 年打造 4 个 Best Seller 链接（Home &amp; Kitchen 类目）；",
              "重构 PPC 广告结构（SP/SB/SD），ACoS 从 31% 降到 19%，TACoS 稳定在 9% 左右；",
              "用 Keepa 和 Helium 10 做竞品与关键词分析，建立周度选品评审机制。"]:
        S.append(Paragraph("● " + b, bl))
    S.append(Paragraph("<b>深圳市泽航科技有限公司</b>　｜　Amazon运营专员　｜　03/2019 – 05/2021", jb))
    for b in ["负责美国站户外照明产品 30 余个 ASIN 的日常运营：Listing 撰写、A+ 页面、Review 管理、FBA 补货；",
              "协助处理账号绩效问题，成功申诉恢复 2 个被停售的 ASIN。"]:
        S.append(Paragraph("● " + b, bl))
    S.append(Paragraph("<b>长沙市岳麓区博才中学</b>　｜　初中英语教师　｜　09/2013 – 12/2018", jb))
    for b in ["担任初二、初三英语教学及班主任，所带班级中考英语平均分连续两年全区前五；",
              "2017 年获长沙市初中英语优质课竞赛二等奖。"]:
        S.append(Paragraph("● " + b, bl))
    head("培训经历 Training")
    S.append(Paragraph("10/2018 – 01/2019　雨果跨境 Amazon运营实战训练营（结业，转行前系统学习）", tx))
    head("教育背景 Education")
    S.append(Paragraph("09/2009 – 06/2013　湖南师范大学　英语（师范）　本科 / 文学学士", tx))
    head("技能证书 Skills")
    S.append(Paragraph("工具：Amazon Seller Central、Helium 10、Jungle Scout、Keepa、马帮ERP、Excel、Photoshop", tx))
    S.append(Paragraph("证书：英语专业八级（TEM-8）、高级中学英语教师资格证", tx))
    doc.build(S)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
