"""zh-12.pdf: customer-service supervisor, reportlab single column; the name appears only in the title line
"个人简历 — 李娜"; shaded band section headings."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from pdflib import *

BAND = colors.HexColor("#E8EEF7")
INK = colors.HexColor("#203864")

def build(out, assets):
    register_cjk()
    margin = 2.0 * cm
    doc = one_column_doc(out, margin=margin, title="个人简历", author="")
    W = A4[0] - 2 * margin
    body = style("b", size=10, leading=16, align="justify")
    item = style("i", size=10, leading=16, left=14, first=-10, align="justify")
    job = style("j", size=10.5, leading=16, before=6, after=1)
    S = [Paragraph("个人简历 — 李娜", style("t", size=20, leading=26, align="center", color=INK, after=6)),
         Paragraph("手机：138 8004 1269　｜　邮箱：lina.kf2016@qq.com　｜　现居：成都市武侯区　｜　求职意向：客服经理 / 客服主管",
                   style("c", size=9.5, align="center", color=colors.HexColor("#444444"), after=8))]

    def head(t):
        tb = Table([[Paragraph(t, style("h", size=11.5, color=INK))]], colWidths=[W])
        tb.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), BAND),
                                ("LINEBEFORE", (0, 0), (0, 0), 3, INK),
                                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        S.extend([Spacer(1, 8), tb, Spacer(1, 4)])

    head("工作经历")
    S.append(Paragraph("<b>2021.03–今　　成都速达通信息服务有限公司　　客服主管</b>", job))
    for b in ["负责某头部外卖平台西南区域在线客服项目，管理客服组长4人、客服坐席65人；",
              "制定排班和话务预测，高峰期接起率保持在92%以上，平均响应时长从45秒降到22秒；",
              "建立质检评分表和案例库，项目客户满意度（CSAT）从86%提升到93%；",
              "每月向甲方输出运营分析报告，项目连续两年续约。"]:
        S.append(Paragraph("● " + b, item))
    S.append(Paragraph("<b>2016.07–2021.02　　成都锦城电器商城有限公司　　客服专员 → 客服组长</b>", job))
    for b in ["负责400热线和线上售后咨询，处理安装预约、退换货和投诉，日均接待来电80通；",
              "2018年升任组长，带8人班组，负责新人培训和疑难投诉处理；",
              "参与上线天润融通呼叫中心系统，编写常见问题知识库300余条。"]:
        S.append(Paragraph("● " + b, item))

    head("教育背景")
    S.append(Paragraph("2013.09–2016.06　　四川商务职业学院　　市场营销　　专科", body))

    head("技能证书")
    for b in ["呼叫中心服务管理师（三级）", "普通话二级甲等", "客服系统：天润融通、Zendesk", "Excel"]:
        S.append(Paragraph("● " + b, item))

    head("自我评价")
    S.append(Paragraph("十年客服行业经验，从一线坐席做到主管，熟悉电商和本地生活类客服运营。情绪稳定，抗压能力强，"
                       "擅长带团队和处理客户投诉，重视数据和流程。", body))
    doc.build(S)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
