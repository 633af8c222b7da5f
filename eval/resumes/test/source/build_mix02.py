# mix-02.docx — bilingual 中英文 resume of a freelance interpreter: every heading and entry given
# in Chinese and English; overlapping freelance + contract work; office landline plus mobile.
from docx import Document
from docx.shared import Pt, Cm
from common import *

LAT, EA = "Cambria", "宋体"
ACC = "8B1E3F"


def h(doc, zh, en):
    p = para(doc, "", space_before=12, space_after=4)
    set_run_font(p.add_run(zh + "  "), latin=LAT, east_asia="黑体", size=13, bold=True, color=ACC)
    set_run_font(p.add_run(en), latin=LAT, east_asia=EA, size=12, color=ACC)
    bottom_border(p, ACC, 6)


def entry(doc, dates, zh, en, role_zh, role_en, bullets=()):
    t = doc.add_table(rows=1, cols=2)
    table_borders(t, "nil")
    cell_text(t.cell(0, 0), dates, size=9.5, latin=LAT, color="555555")
    c = t.cell(0, 1)
    cell_text(c, zh, size=10.5, bold=True, latin=LAT, east_asia=EA)
    for line, it in ((en, True), (role_zh + "　" + role_en, False)):
        p = c.add_paragraph()
        set_run_font(p.add_run(line), latin=LAT, east_asia=EA, size=9.5, italic=it)
        p.paragraph_format.space_after = Pt(0)
    for b in bullets:
        p = c.add_paragraph()
        set_run_font(p.add_run("– " + b), latin=LAT, east_asia=EA, size=9.5)
        p.paragraph_format.space_after = Pt(0)
    col_widths(t, [4.2, 12.8])
    para(doc, "", space_after=0)


def build():
    doc = Document()
    set_default_font(doc, LAT, EA, 10)
    margins(doc, 1.6, 1.6, 2.0, 2.0)

    t = doc.add_table(rows=1, cols=2)
    table_borders(t, "nil")
    l, r = t.cell(0, 0), t.cell(0, 1)
    cell_text(l, "Xiaoming Chen (陈晓明)", size=20, bold=True, latin=LAT, east_asia="黑体", color=ACC)
    p = l.add_paragraph()
    set_run_font(p.add_run("会议口译 · 笔译（英↔中）\nConference Interpreter & Translator (EN↔ZH)"),
                 latin=LAT, east_asia=EA, size=10.5, color="333333")
    cell_text(r, "Tel 电话：+86 (0)21 5555 0188（工作室 Studio）\n"
                 "Mobile 手机：+86 139 1658 7702\n"
                 "Email 邮箱：XM.Chen@interpret.example.com\n"
                 "上海市长宁区 Changning District, Shanghai", size=9, latin=LAT, east_asia=EA)
    col_widths(t, [9.5, 7.5])

    h(doc, "个人简介", "Profile")
    para(doc, "十二年口笔译经验，CATTI一级口译。长期为汽车、医药和国际会展客户提供同声传译与交替传译，"
              "累计会议口译800余场。", size=10, space_after=2)
    para(doc, "Twelve years as an interpreter and translator (CATTI Level 1). Simultaneous and consecutive "
              "interpreting for automotive, pharmaceutical and trade-fair clients; 800+ conference days.",
         size=9.5, italic=True, space_after=0)

    h(doc, "工作经历", "Work Experience")
    entry(doc, "2019.01 – 至今\nJan 2019 – Present",
          "陈晓明翻译工作室（自由职业）", "Xiaoming Chen Interpreting Studio (freelance, self-employed)",
          "会议口译、笔译", "Freelance Interpreter & Translator",
          ["为车企技术发布会、医药学术会议提供同传/交传，年均120余个工作日；",
           "Simultaneous interpreting at auto-industry launches and medical congresses, ~120 days a year;",
           "承接药品注册资料、汽车技术手册笔译，累计约300万字。"])
    entry(doc, "2020.03 – 2023.12\nMar 2020 – Dec 2023",
          "上海睿言翻译有限公司", "Shanghai Ruiyan Translation Co., Ltd.",
          "签约译员（远程）", "Contract Translator (remote)",
          ["与自由职业同时进行：负责医药类稿件的翻译与审校，月均8万字；",
           "In parallel with freelance work: translation and revision of pharma documents, ~80k words/month."])
    entry(doc, "2014.07 – 2018.12\nJul 2014 – Dec 2018",
          "上海浦江国际会展服务有限公司", "Shanghai Pujiang International Expo Services Co., Ltd.",
          "专职口译", "In-house Interpreter",
          ["负责展会开幕式、商务洽谈和外宾接待的口译，参与进博会筹备阶段的翻译统筹；",
           "Interpreting for trade-fair openings, B2B negotiations and delegations; coordinated translators "
           "during the preparation of a national import expo."])

    h(doc, "教育背景", "Education")
    entry(doc, "2012.09 – 2014.06\nSep 2012 – Jun 2014",
          "上海外国语大学 高级翻译学院", "Shanghai International Studies University, GIIT",
          "会议口译 硕士", "MA in Conference Interpreting")
    entry(doc, "2008.09 – 2012.06\nSep 2008 – Jun 2012",
          "南京大学 外国语学院", "Nanjing University, School of Foreign Studies",
          "英语 学士", "BA in English")

    h(doc, "证书与技能", "Certificates & Skills")
    for s in ["CATTI 一级口译（交替传译） / CATTI Level 1 Interpreter (Consecutive)",
              "上海市英语高级口译证书 / Shanghai Advanced Interpretation Certificate",
              "SDL Trados Studio",
              "memoQ",
              "Xbench"]:
        para(doc, "■ " + s, size=10, space_after=0)
    save_docx(doc, out("mix-02.docx"))


if __name__ == "__main__":
    build()
