# zh-07.docx — name and contact details only in the page HEADER; skills/certificates inside a
# VML TEXT BOX; body has 个人简历 title without the name.
from docx import Document
from docx.shared import Pt, Cm
from docx.oxml import parse_xml
from common import *

LAT, EA = "Calibri", "宋体"

TEXTBOX = """
<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
     xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
  <w:pict>
    <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">
      <v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/>
    </v:shapetype>
    <v:shape id="SkillBox" o:spid="_x0000_s1026" type="#_x0000_t202"
      style="width:440pt;height:178pt" fillcolor="#F3F7F2" strokecolor="#6A8F5E" strokeweight="1pt">
      <v:textbox inset="8pt,6pt,8pt,6pt">
        <w:txbxContent>{paras}</w:txbxContent>
      </v:textbox>
    </v:shape>
  </w:pict>
</w:r>
"""


def tb_para(text, bold=False, size=21):
    b = "<w:b/>" if bold else ""
    return ('<w:p><w:pPr><w:spacing w:after="40"/></w:pPr><w:r><w:rPr>'
            '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="宋体"/>%s<w:sz w:val="%d"/></w:rPr>'
            '<w:t xml:space="preserve">%s</w:t></w:r></w:p>') % (b, size, text)


def heading(doc, text):
    p = para(doc, text, size=13, bold=True, east_asia="黑体", latin=LAT, color="3D6B35",
             space_before=10, space_after=4)
    bottom_border(p, "6A8F5E", 6)


def build():
    doc = Document()
    set_default_font(doc, LAT, EA, 10.5)
    margins(doc, 2.4, 1.8, 2.2, 2.2)
    sec = doc.sections[0]
    sec.header_distance = Cm(0.9)
    hp = sec.header.paragraphs[0]
    hp.alignment = 1
    set_run_font(hp.add_run("王　雪"), latin=LAT, east_asia="黑体", size=16, bold=True, color="3D6B35")
    hp2 = sec.header.add_paragraph()
    hp2.alignment = 1
    set_run_font(hp2.add_run("执业药师（西药）｜ 电话：139-8810-4532 ｜ 邮箱地址：wangxue.pharm@example.com ｜ 杭州市拱墅区"),
                 latin=LAT, east_asia=EA, size=9, color="555555")
    bottom_border(hp2, "6A8F5E", 6)
    fp = sec.footer.paragraphs[0]
    fp.alignment = 1
    set_run_font(fp.add_run("— 感谢您阅读我的简历 —"), latin=LAT, east_asia=EA, size=8, color="888888")

    para(doc, "个人简历", size=18, bold=True, align="center", east_asia="黑体", space_after=6)
    para(doc, "求职意向：执业药师 / 连锁药店店长 / 医院药师　　期望地点：杭州　　到岗时间：一个月内")

    heading(doc, "工作经历")
    para(doc, "2022年3月至今　　杭州仁和堂大药房连锁有限公司（文三路店）　　执业药师、门店店长",
         bold=True, space_after=2)
    for s in ["负责门店处方审核、用药咨询和药学服务，月均审核处方约1200张；",
              "管理门店8名员工的排班、培训和绩效，门店年销售额约920万元，2024年同比增长14%；",
              "牵头门店GSP合规和飞行检查迎检，近三年检查零缺陷；",
              "建立高血压、糖尿病会员慢病档案300余份，开展每月一次的社区用药讲座。"]:
        para(doc, "• " + s, space_after=0)
    para(doc, "2018年9月—2022年2月　　杭州康乐医院　药剂科　　药师", bold=True, space_before=8, space_after=2)
    for s in ["门诊西药房调剂与发药，参与住院医嘱审核和静配中心轮岗；",
              "参与医院抗菌药物专项点评，每月整理不合理处方分析；",
              "2020年疫情期间负责发热门诊药品的保障与调配。"]:
        para(doc, "• " + s, space_after=0)

    heading(doc, "实习经历")
    para(doc, "2017年7月—2018年4月　　杭州康乐医院药剂科　　实习药师（毕业实习）", space_after=0)

    heading(doc, "教育背景")
    para(doc, "2014年9月—2018年6月　　浙江中医药大学　　药学　　本科（理学学士）", bold=True, space_after=2)
    para(doc, "主修课程：药理学、药物化学、药剂学、药物分析、临床药物治疗学、药事管理学", space_after=0)

    heading(doc, "专业技能与证书")
    items = ["执业药师（西药）资格证书", "GSP", "处方审核", "用药咨询", "慢病管理", "医保系统", "海典ERP", "英语四级"]
    paras = tb_para("专业技能与证书（持证上岗，证书可随时提供原件）", bold=True) + \
        "".join(tb_para("◇ " + s) for s in items)
    p = doc.add_paragraph()
    p._p.append(parse_xml(TEXTBOX.replace("{paras}", paras)))

    heading(doc, "自我评价")
    para(doc, "有三年多医院药剂科和近五年连锁药店的经验，既懂临床合理用药，也懂门店经营。"
              "做事细致，沟通耐心，对老年顾客和慢病患者有很好的服务口碑。")
    save_docx(doc, out("zh-07.docx"))


if __name__ == "__main__":
    build()
