# en-04.docx — US "Western" resume: name + title line, Objective / Experience / Education / Skills,
# Word built-in heading and bullet styles, single column.
from docx import Document
from docx.shared import Pt, Cm, RGBColor
from common import *

LAT = "Garamond"


def sect(doc, text):
    p = para(doc, text.upper(), size=11.5, bold=True, latin=LAT, color="1A1A1A", space_before=10, space_after=3)
    bottom_border(p, "1A1A1A", 6)


def job(doc, org, where, title, dates, bullets):
    p = para(doc, "", space_after=0, space_before=4)
    set_run_font(p.add_run(org), latin=LAT, size=11, bold=True)
    set_run_font(p.add_run(", " + where), latin=LAT, size=11)
    p = para(doc, "", space_after=1)
    set_run_font(p.add_run(title), latin=LAT, size=11, italic=True)
    set_run_font(p.add_run("  |  " + dates), latin=LAT, size=11)
    for b in bullets:
        bp = doc.add_paragraph(style="List Bullet")
        set_run_font(bp.add_run(b), latin=LAT, size=10.5)
        bp.paragraph_format.space_after = Pt(0)


def build():
    doc = Document()
    set_default_font(doc, LAT, "Times New Roman", 10.5)
    margins(doc, 1.5, 1.5, 1.9, 1.9)
    para(doc, "David A. Mercer", size=22, bold=False, latin=LAT, align="center", space_after=0)
    para(doc, "Senior Mechanical Engineer, P.E.", size=12, latin=LAT, align="center", color="555555", space_after=2)
    para(doc, "Brooklyn, NY 11215  •  +1 212-555-0147  •  david.mercer.pe@example.com  •  linkedin.com/in/davidmercer-pe",
         size=9.5, latin=LAT, align="center", space_after=6)

    sect(doc, "Objective")
    para(doc, "Licensed mechanical engineer with 13 years in HVAC and building-systems design seeking a lead "
              "or discipline-manager role at a consulting firm working on healthcare and laboratory projects.",
         latin=LAT, size=10.5)

    sect(doc, "Experience")
    job(doc, "Halverson & Pike Engineers", "New York, NY", "Senior Mechanical Engineer", "07/2020 – Present",
        ["Mechanical engineer of record for 9 projects up to $140M construction value, incl. a 220-bed hospital tower.",
         "Designed chilled-water and heat-recovery plants; modeled energy with Trane TRACE 700 for LEED v4 submittals.",
         "Lead a team of 4 engineers and 2 designers; review drawings and coordinate with architects and MEP trades in Revit.",
         "Introduced a CFD workflow (ANSYS Fluent) for operating-room airflow that is now standard in the firm."])
    job(doc, "Tristate Building Systems LLC", "Newark, NJ", "Mechanical Engineer", "09/2016 – 06/2020",
        ["Load calculations (HAP), equipment selection and ductwork design for K-12 and office fit-outs.",
         "Construction administration: submittal review, RFIs, site observation reports, punch lists.",
         "Passed the PE exam in 2018 and began sealing drawings for New York projects."])
    job(doc, "Kessler Thermal Products", "Buffalo, NY", "Design Engineer", "06/2013 – 08/2016",
        ["Designed brazed-plate heat exchangers in SolidWorks; ran thermal and pressure-drop calculations in MATLAB.",
         "Prepared GD&T drawings and first-article inspection plans with the quality team."])
    job(doc, "Kessler Thermal Products", "Buffalo, NY", "Engineering Intern (co-op)", "01/2012 – 08/2012",
        ["Test-rig setup and data reduction for a coil performance study."])

    sect(doc, "Education")
    for deg, school, yr in [("M.Eng., Mechanical Engineering", "Cornell University, Ithaca, NY", "2013"),
                            ("B.S., Mechanical Engineering, cum laude", "University at Buffalo, SUNY", "2012")]:
        p = para(doc, "", space_after=1)
        set_run_font(p.add_run(deg), latin=LAT, size=11, bold=True)
        set_run_font(p.add_run(" — " + school + ", " + yr), latin=LAT, size=11)

    sect(doc, "Skills")
    para(doc, "Software: SolidWorks, AutoCAD MEP, Revit MEP, Trane TRACE 700, ANSYS Fluent, HAP, MATLAB",
         latin=LAT, size=10.5, space_after=1)
    para(doc, "Technical: GD&T (ASME Y14.5)", latin=LAT, size=10.5, space_after=1)
    para(doc, "Licenses: PE (New York); LEED Green Associate", latin=LAT, size=10.5, space_after=1)
    save_docx(doc, out("en-04.docx"), "Microsoft Office User")


if __name__ == "__main__":
    build()
