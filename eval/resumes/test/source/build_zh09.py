# zh-09.pdf — reportlab, two columns: dark sidebar (photo, 基本信息, 联系方式, 技能证书) and main
# column; embedded TrueType CJK font (WenQuanYi Zen Hei) so the text layer is real.
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer, Image, Table, TableStyle
from reportlab.lib import colors
from common import *

F = register_cjk()
SIDE = "#23395B"
ACC = "#C8553D"

s_name = ParagraphStyle("n", fontName=F, fontSize=22, leading=28, textColor=colors.white, alignment=1)
s_role = ParagraphStyle("r", fontName=F, fontSize=10, leading=14, textColor=colors.HexColor("#D6E0EE"), alignment=1)
s_sh = ParagraphStyle("sh", fontName=F, fontSize=11.5, leading=16, textColor=colors.white, spaceBefore=12, spaceAfter=4)
s_sb = ParagraphStyle("sb", fontName=F, fontSize=9, leading=14, textColor=colors.HexColor("#EEF2F7"), wordWrap="CJK")
s_mh = ParagraphStyle("mh", fontName=F, fontSize=13, leading=18, textColor=colors.HexColor(SIDE), spaceBefore=10, spaceAfter=4)
s_job = ParagraphStyle("j", fontName=F, fontSize=10, leading=15, textColor=colors.HexColor("#222222"), wordWrap="CJK")
s_body = ParagraphStyle("b", fontName=F, fontSize=9.3, leading=14.5, textColor=colors.HexColor("#333333"),
                        wordWrap="CJK", leftIndent=8, bulletIndent=0)


def rule(color, width):
    t = Table([[""]], colWidths=[width], rowHeights=[2])
    t.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, -1), 1, colors.HexColor(color))]))
    return t


def build():
    photo = make_photo(tmp("zh-09-photo.jpg"), bg=(205, 212, 220), fg=(96, 104, 116))
    side_w = 165
    sw = side_w - 28
    side = [Image(photo, width=92, height=123), Spacer(1, 8),
            Paragraph("邓志强", s_name), Paragraph("高级置业顾问", s_role)]

    def sh(t):
        side.extend([Paragraph(t, s_sh), rule("#FFFFFF", sw), Spacer(1, 3)])

    sh("基本信息")
    for s in ["性别：男", "年龄：31岁", "政治面貌：群众", "现居：深圳市龙岗区布吉街道", "从业：房产经纪8年"]:
        side.append(Paragraph(s, s_sb))
    sh("联系方式")
    for s in ["电话：131-4389-6021<br/>（微信同号）", "邮箱：<br/>dengzq_house@example.com"]:
        side.append(Paragraph(s, s_sb))
    sh("技能证书")
    for s in ["房地产经纪人协理资格证", "C1驾照", "房源录入与VR带看", "按揭贷款流程", "Excel"]:
        side.append(Paragraph("■ " + s, s_sb))
    sh("兴趣爱好")
    side.append(Paragraph("篮球、夜跑、研究各区学位房政策", s_sb))

    mw = 595 - side_w - 44
    main = []

    def mh(t):
        main.extend([Paragraph(t, s_mh), rule(ACC, mw), Spacer(1, 4)])

    def job(left, right, bullets):
        t = Table([[Paragraph(left, s_job), Paragraph(right, s_job)]], colWidths=[mw * 0.62, mw * 0.38])
        t.setStyle(TableStyle([("ALIGN", (1, 0), (1, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        main.append(t)
        for b in bullets:
            main.append(Paragraph(b, s_body, bulletText="•"))
        main.append(Spacer(1, 6))

    mh("求职意向")
    main.append(Paragraph("二手房／新房置业顾问、门店店长助理　｜　工作地点：深圳龙岗、罗湖　｜　期望月薪：底薪8K＋提成", s_job))
    mh("工作经历")
    job("<b>深圳市家和置业房地产经纪有限公司</b>（布吉大芬店）<br/>高级置业顾问", "2021/05 – 至今",
        ["负责布吉、大芬片区二手住宅买卖与租赁，维护业主房源200余套，常年保持门店前三；",
         "2023年成交二手房买卖41套，个人业绩佣金186万元，获公司年度“金牌经纪人”；",
         "带教新人经纪人5名，负责门店抖音房源短视频的拍摄和发布。"])
    job("<b>深圳万诚房产顾问有限公司</b><br/>置业顾问（新房代理）", "2018/03 – 2021/04",
        ["驻场龙岗中心城两个新盘项目，负责来访接待、讲盘、认购签约和按揭资料收取；",
         "2019年个人认购金额约2.3亿元，项目销售冠军3次。"])
    job("<b>东莞市长安镇通达通讯器材店</b><br/>销售员", "2016/07 – 2018/01",
        ["手机及配件门店销售，负责会员登记和售后对接，练就了和顾客打交道的基本功。"])
    mh("教育经历")
    job("<b>广东岭南商贸职业学院</b>　市场营销　大专", "2013/09 – 2016/06",
        ["主修课程：消费者行为学、推销技巧、市场调查与预测、商务谈判。"])
    mh("荣誉奖项")
    for s in ["2023年度 家和置业“金牌经纪人”", "2019年度 万诚房产“销售冠军”（3次月度冠军）"]:
        main.append(Paragraph(s, s_body, bulletText="•"))
    mh("自我评价")
    main.append(Paragraph("熟悉深圳龙岗、罗湖片区的楼盘、学位和交易政策，对商贷、公积金组合贷流程非常熟悉。"
                          "执行力强，能接受加班和节假日带看，重视客户口碑，老客户转介绍占成交的四成以上。", s_job))

    rl_two_column(out("zh-09.pdf"), side_w, SIDE, side, main, title="邓志强-个人简历", author="邓志强")


if __name__ == "__main__":
    build()
