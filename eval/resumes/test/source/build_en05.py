# en-05.docx — European (Europass-like) CV: "Résumé of Maria Garcia" title, a two-column
# borderless table with right-aligned grey labels/dates on the left and content on the right.
from docx import Document
from docx.shared import Pt, Cm
from docx.enum.text import WD_ALIGN_PARAGRAPH
from common import *

LAT = "Arial"
GREY = "5B6B7B"


def build():
    doc = Document()
    set_default_font(doc, LAT, "Arial", 10)
    margins(doc, 1.6, 1.6, 1.8, 1.8)
    para(doc, "Résumé of Maria Garcia", size=20, latin=LAT, color="1F3A5F", space_after=2)
    para(doc, "Restaurant General Manager — London", size=11, latin=LAT, color=GREY, space_after=10)

    rows = []

    def section(title):
        rows.append(("§", title))

    def row(label, content, bold=False):
        rows.append((label, content, bold))

    section("PERSONAL INFORMATION")
    row("Address", "Flat 3, 27 Albany Row, Camden, London NW1 8QT, United Kingdom")
    row("Mobile", "+44 7700 900123")
    row("E-mail", "maria.garcia.hosp@example.com")
    row("Date of birth", "14 February 1991")
    row("Nationality", "Spanish (UK settled status)")
    row("Marital status", "Single")
    row("Driving licence", "Full UK licence, category B")

    section("WORK EXPERIENCE")
    row("Oct. 2022 – present", "General Manager\nCasa Lumbre Tapas Bar, Camden, London", True)
    row("", "• Run a 120-cover tapas restaurant with bar, 28 staff, turnover £2.1m.\n"
            "• Raised GP from 68% to 73% by re-costing the menu and renegotiating with two suppliers.\n"
            "• Food Hygiene Rating 5 kept through three inspections; introduced allergen matrix on tablets.")
    row("July 2020 – Sept. 2022", "Assistant Restaurant Manager\nThe Copper Pot Brasserie, Shoreditch, London", True)
    row("", "• Reopened the restaurant after lockdown, rebuilt the front-of-house team (14 new hires).\n"
            "• Ran weekly rota, payroll inputs and stock-takes; cut agency staff spend by 40%.")
    row("Sept. 2016 – June 2020", "Restaurant Supervisor\nGrupo Mar Azul Hostelería, Seville, Spain", True)
    row("", "• Supervised the terrace restaurant of a 4-star beach hotel group (summer peak 300 covers/day).\n"
            "• Trained seasonal staff; handled guest complaints in Spanish, English and French.")
    row("July 2013 – Aug. 2016", "Waitress, then Head Waitress\nHotel Patio de los Naranjos, Seville, Spain", True)
    row("", "• Breakfast and à-la-carte service; wine service after in-house sommelier training.")

    section("EDUCATION AND TRAINING")
    row("Sept. 2009 – June 2013", "B.A. in Tourism (Grado en Turismo)\nUniversidad de Sevilla, Spain", True)
    row("", "Final project: revenue management in small urban hotels.")

    section("PERSONAL SKILLS")
    row("Mother tongue", "Spanish")
    row("Other languages", "English — C1 (IELTS 7.5, 2016)\nFrench — B1")
    row("Job-related skills", "Deputy (rota & payroll)\nLightspeed POS\nOpenTable\nMicrosoft Excel\n"
                              "P&L and GP management\nStaff training and recruitment")
    row("Certificates", "Level 3 Food Hygiene and Safety\nWSET Level 2 Award in Wines\nPersonal Licence (APLH)")

    t = doc.add_table(rows=len(rows), cols=2)
    table_borders(t, "nil")
    for i, r in enumerate(rows):
        left, right = t.cell(i, 0), t.cell(i, 1)
        if r[0] == "§":
            cell_text(left, "")
            cell_text(right, r[1], size=10.5, bold=True, latin=LAT, color="1F3A5F")
            right.paragraphs[0].paragraph_format.space_before = Pt(12)
            bottom_border(right.paragraphs[0], "1F3A5F", 6)
            continue
        label, content, bold = r
        cell_text(left, label, size=9, latin=LAT, color=GREY)
        left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        cell_text(right, content, size=10, latin=LAT)
        if bold:
            right.paragraphs[0].runs[0].font.bold = True
        right.paragraphs[0].paragraph_format.space_before = Pt(3)
    col_widths(t, [4.2, 13.2])
    save_docx(doc, out("en-05.docx"), "Maria")


if __name__ == "__main__":
    build()
