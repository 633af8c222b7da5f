"""mix-03.pdf: backend engineer, Chinese resume with English tech terms and company names; DOCX with a
two-column table (dark left sidebar with photo) converted to PDF with LibreOffice by build.py."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *

DARK = "263238"
WHITE = "FFFFFF"
ACC = "00897B"

def build(out, assets):
    doc = new_doc(latin="Arial", east_asia="微软雅黑", size=9.5, margins_cm=(1.0, 1.0, 1.0, 1.0))
    set_core(doc, title="Resume - Chen Yuhang", author="cyh")
    t = doc.add_table(rows=1, cols=2)
    no_borders(t); cell_margins(t, top=0.3, bottom=0.3, left=0.35, right=0.35)
    col_widths(t, [5.6, 13.4])
    side, main = t.rows[0].cells
    shade(side, DARK); valign(side, "top"); valign(main, "top")

    picture(side, assets / "photo_grey.jpg", 3.0)
    def sh(txt):
        p = para(side, txt, bold=True, size=11, color="80CBC4", space_before=12, space_after=3)
        bottom_border(p, color="80CBC4", sz=4)
    def sl(txt):
        para(side, txt, size=9, color=WHITE, space_after=2)
    sh("基本信息 Profile")
    sl("性别：男"); sl("出生年月：1994.02"); sl("籍贯：四川绵阳"); sl("现居：深圳南山")
    sh("联系方式 Contact")
    sl("Mobile: +86 158 2817 3306"); sl("Email: yuhang.chen@example.com"); sl("GitHub: github.com/cyh-dev")
    sh("技术栈 Tech Stack")
    for s in ["Go", "Java", "MySQL", "Redis", "Kafka", "Kubernetes", "Docker", "gRPC", "Prometheus"]:
        sl("▸ " + s)
    sh("语言 Languages")
    sl("英语 CET-6，可阅读英文技术文档"); sl("普通话、四川话")

    first_para(main, [("陈宇航", {"bold": True, "size": 24, "color": DARK}),
                      ("  Chen Yuhang", {"size": 13, "color": "777777"})], space_after=0)
    para(main, "高级后端工程师 Senior Backend Engineer ｜ 10年经验 ｜ 期望：深圳 / 远程", color=ACC, size=10.5, space_after=8)

    def head(txt):
        p = para(main, txt, bold=True, size=12, color=DARK, space_before=8, space_after=3)
        bottom_border(p, color=ACC, sz=8)
    def job(period, company, title, bullets):
        para(main, [(company, {"bold": True}), ("  |  " + title, {}), ("    " + period, {"color": "777777"})],
             space_before=5, space_after=1)
        for b in bullets:
            para(main, "• " + b, indent_cm=0.3, space_after=1, align="justify")

    head("工作经历 Experience")
    job("2022/11 – 至今", "深圳星链跃迁科技有限公司", "高级后端工程师", [
        "负责跨境支付网关核心服务（Go + gRPC），日交易笔数峰值 300万，可用性 99.99%；",
        "主导订单系统分库分表改造（MySQL 8 → 64 分片），大促期间写入延迟 P99 从 320ms 降到 45ms；",
        "搭建基于 Prometheus + Grafana 的 SLO 告警体系，误报率降低 70%；",
        "负责后端组 Code Review 和新人培养，带 3 名工程师。"])
    job("2019/04 – 2022/09", "成都极光互娱网络科技有限公司", "后端开发工程师", [
        "负责手游账号、支付和排行榜服务（Java / Spring Boot），注册用户 2000万+；",
        "用 Redis + Kafka 重构排行榜与消息推送，单服承载在线人数提升 3 倍；",
        "推动服务容器化，迁移 40+ 服务到 Kubernetes。"])
    job("2016/07 – 2019/03", "NovaSoft Consulting", "软件工程师（成都）", [
        "为欧洲零售客户开发库存与门店管理系统（Java），参与需求澄清与英文文档编写；",
        "2018 年获公司 “Delivery Excellence” 季度奖。"])

    head("项目经历 Projects")
    para(main, [("多币种清结算平台  ", {"bold": True}), ("2023/03 – 2024/01", {"color": "777777"})], space_after=1)
    para(main, "技术：Go、Kafka、PostgreSQL、Temporal。负责对账引擎设计，支持 18 种币种 T+0 对账，差错自动处理率 95%。",
         indent_cm=0.3, align="justify")

    head("教育经历 Education")
    para(main, [("电子科技大学", {"bold": True}), ("  |  软件工程  |  本科", {}), ("    2012/09 – 2016/06", {"color": "777777"})])
    para(main, "University of Electronic Science and Technology of China, B.Eng. in Software Engineering",
         size=8.5, color="777777")

    head("自我评价 Summary")
    para(main, "十年后端开发经验，熟悉高并发、分布式系统和云原生技术栈；重视可观测性和工程质量，沟通顺畅，"
               "有跨国团队协作经验。", align="justify")
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
