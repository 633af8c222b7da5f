# mix-04.pdf — Chinese resume of an automotive SQE at foreign-invested companies (English company
# names, English quality-tool skills, "Cell: 0086 ..." phone). DOCX single column with numbered
# Chinese headings and tilde date ranges, converted with LibreOffice headless.
import shutil
from docx import Document
from docx.shared import Pt, Cm
from common import *

LAT, EA = "Arial", "宋体"
RED = "A61C1C"


def h(doc, text):
    p = para(doc, "", space_before=12, space_after=4)
    set_run_font(p.add_run(text), latin=LAT, east_asia="黑体", size=12.5, bold=True, color=RED)
    bottom_border(p, "999999", 4)


def l(doc, text, bold=False, indent=0, size=10, after=1):
    p = para(doc, "", space_after=after)
    set_run_font(p.add_run(text), latin=LAT, east_asia=EA, size=size, bold=bold)
    if indent:
        p.paragraph_format.left_indent = Cm(indent)
    return p


def build():
    doc = Document()
    set_default_font(doc, LAT, EA, 10)
    margins(doc, 1.8, 1.8, 2.2, 2.2)
    p = para(doc, "", space_after=2)
    set_run_font(p.add_run("郑凯"), latin=LAT, east_asia="黑体", size=22, bold=True)
    set_run_font(p.add_run("  Kevin Zheng"), latin=LAT, east_asia=EA, size=14, color="666666")
    l(doc, "供应商质量工程师（SQE）　｜　天津　｜　11年汽车零部件质量经验", size=10.5)
    l(doc, "Cell: 0086 135 0000 1234　　E-mail: kevin.zheng@example.com", size=10, after=6)

    h(doc, "一、工作经历")
    l(doc, "2019.06 ~ 至今　　Brenner Automotive Systems (Tianjin) Co., Ltd.　　Senior SQE", bold=True)
    for s in ["负责制动系统铸件、冲压件和橡胶件约45家供应商的质量管理，年度PPM由186降至62；",
              "主导新项目供应商APQP与PPAP审批，完成3个平台共420个零件的PPAP；",
              "按VDA 6.3对供应商做过程审核，年均30家次，推动8家高风险供应商整改关闭；",
              "处理客户投诉和供应商8D，用Minitab做SPC和MSA分析，牵头2次批量问题的围堵与召回评估。"]:
        l(doc, "· " + s, indent=0.5)
    l(doc, "", after=0)
    l(doc, "2015.07 ~ 2019.05　　Tianjin Hoshino Precision Parts Co., Ltd.（日资）　　质量工程师 QE", bold=True)
    for s in ["负责转向系统精密冲压件的过程质量，编制控制计划和PFMEA；",
              "推行QC小组活动，课题“降低冲压毛刺不良”获公司一等奖，年节约返工成本约60万元；",
              "作为体系内审员参与IATF 16949换版审核。"]:
        l(doc, "· " + s, indent=0.5)

    h(doc, "二、教育背景")
    l(doc, "2011.09 ~ 2015.06　　河北工业大学　　机械设计制造及其自动化　　本科 / 工学学士", bold=True)

    h(doc, "三、专业技能")
    l(doc, "IATF 16949 | VDA 6.3过程审核员（证书） | PPAP | APQP | 8D | FMEA | SPC | MSA | CATIA V5 | Minitab | CET-6")

    h(doc, "四、培训经历")
    for s in ["2021　VDA 6.3过程审核员培训（德国汽车工业协会授权机构）", "2017　丰田生产方式（TPS）基础培训"]:
        l(doc, s)

    h(doc, "五、自我评价")
    l(doc, "熟悉德系和日系主机厂的质量要求，能用英语和海外总部SQE团队沟通，出差接受度高（约40%）。")

    p = tmp("mix-04.docx")
    save_docx(doc, p)
    shutil.move(convert_to_pdf(p, BUILD), out("mix-04.pdf"))


if __name__ == "__main__":
    build()
