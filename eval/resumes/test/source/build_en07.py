# en-07.pdf — US insurance agent; DOCX single column (centered header, small-caps section heads,
# competencies in a 3-column borderless table), converted with LibreOffice headless.
import shutil
from docx import Document
from docx.shared import Pt, Cm
from common import *

LAT = "Georgia"
NAVY = "1B2A49"


def h(doc, text):
    p = para(doc, "", space_before=10, space_after=3)
    r = set_run_font(p.add_run(text), latin=LAT, size=11.5, bold=True, color=NAVY)
    r.font.small_caps = True
    bottom_border(p, NAVY, 4)


def job(doc, org, place, title, dates, bullets):
    t = doc.add_table(rows=2, cols=2)
    table_borders(t, "nil")
    cell_text(t.cell(0, 0), org + " — " + place, size=10.5, bold=True, latin=LAT)
    cell_text(t.cell(0, 1), dates, size=10, latin=LAT)
    t.cell(0, 1).paragraphs[0].alignment = 2
    cell_text(t.cell(1, 0).merge(t.cell(1, 1)), title, size=10, latin=LAT, color="444444")
    t.cell(1, 0).paragraphs[0].runs[0].font.italic = True
    col_widths(t, [12.4, 5.0])
    for b in bullets:
        p = doc.add_paragraph(style="List Bullet")
        set_run_font(p.add_run(b), latin=LAT, size=9.8)
        p.paragraph_format.space_after = Pt(0)


def build():
    doc = Document()
    set_default_font(doc, LAT, LAT, 10)
    margins(doc, 1.5, 1.5, 1.8, 1.8)
    para(doc, "KEISHA WASHINGTON", size=20, bold=True, latin=LAT, align="center", color=NAVY, space_after=0)
    para(doc, "Licensed Insurance Agent  ·  Property & Casualty  ·  Life & Health", size=10.5, latin=LAT,
         align="center", color="555555", space_after=2)
    para(doc, "Round Rock, TX  |  +1 (512) 555-0162  |  keisha.washington.ins@example.com", size=9.5, latin=LAT,
         align="center", space_after=4)

    h(doc, "Professional Summary")
    para(doc, "Bilingual (English/Spanish) insurance agent with eight years of licensed production and a "
              "background in auto-dealership F&I. Consistently above 110% of new-premium goal; retention "
              "above 92%. Known for plain-language policy reviews and for staying with clients through claims.",
         size=10, latin=LAT)

    h(doc, "Licenses")
    for s in ["Texas General Lines – Property & Casualty Agent License", "Texas General Lines – Life, Accident & Health Agent License"]:
        p = doc.add_paragraph(style="List Bullet")
        set_run_font(p.add_run(s), latin=LAT, size=10)
        p.paragraph_format.space_after = Pt(0)

    h(doc, "Professional Experience")
    job(doc, "Lone Star Mutual Insurance Agency", "Austin, TX", "Licensed Insurance Agent (P&C and Life)",
        "Jan 2019 – Present",
        ["Book of 1,150 households (auto, home, umbrella, term life); $2.4M written premium in 2025.",
         "113% of new-business goal in 2023, 118% in 2024; agency 'Top Producer' twice.",
         "Rebuilt the renewal-review process in Applied Epic; retention rose from 87% to 92%.",
         "Handle first notice of loss and walk clients through claims; 4.9/5 average client rating."])
    job(doc, "Hill Country Auto Group", "Georgetown, TX", "Finance & Insurance Coordinator",
        "Mar 2015 – Dec 2018",
        ["Prepared retail installment contracts and titling; presented GAP, service contracts and credit life.",
         "Top F&I product penetration among 5 coordinators in 2017."])
    job(doc, "Bluebonnet Wireless", "Round Rock, TX", "Retail Sales Associate", "Jun 2012 – Feb 2015",
        ["Phone plans and device sales; store leader for protection-plan attach rate."])

    h(doc, "Volunteer")
    para(doc, "VITA Volunteer Tax Preparer, Capital Area Free Tax Help, Austin — tax seasons 2020 – present",
         size=10, latin=LAT, space_after=0)

    h(doc, "Education")
    para(doc, "Associate of Arts (A.A.), Business Administration — Austin Community College, Austin, TX, 2012",
         size=10, latin=LAT, space_after=0)

    h(doc, "Core Competencies")
    items = ["Applied Epic", "Salesforce CRM", "Microsoft Office",
             "Needs-based selling", "Claims advocacy", "Bilingual (English/Spanish)"]
    t = doc.add_table(rows=2, cols=3)
    table_borders(t, "nil")
    for i, s in enumerate(items):
        cell_text(t.cell(i // 3, i % 3), "▪ " + s, size=10, latin=LAT)
    col_widths(t, [5.8, 5.8, 5.8])

    p = tmp("en-07.docx")
    save_docx(doc, p, "user")
    shutil.move(convert_to_pdf(p, BUILD), out("en-07.pdf"))


if __name__ == "__main__":
    build()
