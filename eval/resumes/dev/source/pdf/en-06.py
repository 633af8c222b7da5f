"""en-06.pdf: UK financial controller, name written "Surname, Forename"; plain single-column Word CV with a
declared career break, converted to PDF with LibreOffice by build.py."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *
from docx.shared import Cm
from docx.enum.text import WD_TAB_ALIGNMENT

def build(out, assets):
    doc = new_doc(latin="Cambria", east_asia="SimSun", size=10.5, margins_cm=(2.0, 2.0, 2.3, 2.3))
    set_core(doc, title="Curriculum Vitae", author="T Whitaker")
    para(doc, "Curriculum Vitae", size=10, color="808080", space_after=0)
    para(doc, "WHITAKER, Thomas", bold=True, size=18, space_after=2)
    para(doc, "28 Roundhay Mount, Leeds LS8 4DW  ·  Tel: +44 (0)7700 900277  ·  tom.whitaker@example.co.uk",
         size=10, space_after=10)

    def head(t):
        p = para(doc, t, bold=True, size=11.5, space_before=10, space_after=3)
        bottom_border(p, color="404040", sz=4)

    def role(title, org, dates, bullets):
        p = para(doc, [(title, {"bold": True}), (", " + org, {}), ("\t" + dates, {"italic": True})],
                 space_before=5, space_after=1)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(16.4), WD_TAB_ALIGNMENT.RIGHT)
        for b in bullets:
            para(doc, "–  " + b, indent_cm=0.5, space_after=1, align="justify")

    head("Profile")
    para(doc, "ACCA-qualified finance professional with a background in external audit and manufacturing finance. "
              "I run month-end close, statutory accounts and cash forecasting for an SME engineering group and "
              "enjoy building reporting that the operations team actually uses.", align="justify")

    head("Career History")
    role("Financial Controller", "Millbrook Engineering Ltd, Leeds", "February 2021 – present", [
        "Responsible for the finance function of a £48m-turnover engineering group (3 entities, team of 5).",
        "Cut month-end close from 12 to 6 working days; introduced a 13-week rolling cash-flow forecast.",
        "Led the migration from Sage 200 to SAP Business One and rebuilt management reporting in Power BI.",
        "Prepare FRS 102 statutory accounts and manage the annual audit and R&D tax-credit claims."])
    role("Career break", "travelling in South-East Asia and Australia", "June 2019 – January 2021", [
        "Planned year of travel, extended by COVID-19 travel restrictions; volunteered as treasurer for a "
        "small conservation charity in Queensland (unpaid)."])
    role("Senior Accountant", "Pennine Foods Group plc, Bradford", "March 2016 – May 2019", [
        "Group consolidation and IFRS reporting for a listed food manufacturer; owned fixed assets and leases.",
        "Supported the IFRS 16 implementation and half-year reporting to the audit committee."])
    role("Audit Associate, then Audit Senior", "Clarke Rowe LLP, Leeds", "September 2012 – February 2016", [
        "Ran audit fieldwork for manufacturing, charity and owner-managed clients with turnover up to £60m.",
        "Qualified ACCA through the firm's training contract."])

    head("Education")
    p = para(doc, [("BSc (Hons) Accounting and Finance", {"bold": True}), (", University of Leeds — 2:1", {}),
                   ("\t2009 – 2012", {"italic": True})])
    p.paragraph_format.tab_stops.add_tab_stop(Cm(16.4), WD_TAB_ALIGNMENT.RIGHT)
    p = para(doc, [("A-Levels", {"bold": True}), (": Mathematics (A), Economics (A), History (B) — Ripon Grammar School", {}),
                   ("\t2007 – 2009", {"italic": True})])
    p.paragraph_format.tab_stops.add_tab_stop(Cm(16.4), WD_TAB_ALIGNMENT.RIGHT)

    head("Professional Qualifications")
    para(doc, "ACCA, Association of Chartered Certified Accountants — member since 2015")

    head("Skills")
    para(doc, "Sage 200  ·  Xero  ·  SAP Business One  ·  Microsoft Excel  ·  Power BI  ·  IFRS / FRS 102 reporting")

    head("Interests")
    para(doc, "Fell running, cooking, and volunteering as treasurer for Roundhay Park Runners.")
    para(doc, "References available on request.", italic=True, space_before=8)
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
