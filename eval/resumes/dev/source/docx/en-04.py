"""en-04.docx: US paralegal; Word-template style with a borderless two-column table (dates left, details right)."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *

GREY = "595959"

def build(out, assets):
    doc = new_doc(latin="Calibri", east_asia="SimSun", size=10.5, margins_cm=(1.9, 1.9, 2.2, 2.2))
    set_core(doc, title="Resume", author="David Zhang")
    para(doc, "Wei (David) Zhang", bold=True, size=22, space_after=0, color="1F3864")
    para(doc, "Senior Paralegal — Commercial Litigation & eDiscovery", size=12, color=GREY, space_after=2)
    para(doc, "San Francisco, CA 94110  •  +1 (415) 555-0132  •  David.Zhang@example.com", size=10, space_after=6)

    def head(t):
        p = para(doc, t, bold=True, size=12, color="1F3864", space_before=10, space_after=3)
        bottom_border(p, color="1F3864", sz=8)

    def rows(items):
        t = doc.add_table(rows=len(items), cols=2)
        no_borders(t); cell_margins(t, top=0.05, bottom=0.1, left=0.05, right=0.15)
        col_widths(t, [3.8, 13.4])
        for i, (left, title, org, bullets) in enumerate(items):
            first_para(t.cell(i, 0), left, color=GREY, size=9.5)
            valign(t.cell(i, 0), "top"); valign(t.cell(i, 1), "top")
            first_para(t.cell(i, 1), [(title, {"bold": True}), (org, {})])
            for b in bullets:
                para(t.cell(i, 1), "• " + b, size=10, space_after=1)

    head("Summary")
    para(doc, "Paralegal with ten years of experience supporting commercial litigation teams from pleadings through "
              "trial. Manages document productions of 2M+ pages, builds trial binders and exhibit lists, and keeps "
              "calendars clean. Fluent in Mandarin; regularly assists with Chinese-language document review.",
         align="justify")

    head("Experience")
    rows([
        ("July 2020 – Present", "Senior Paralegal, ", "Whitford & Lane LLP, San Francisco, CA", [
            "Support four partners on contract, trade-secret and securities litigation in federal and state courts.",
            "Run eDiscovery workflows in Relativity: processing, search terms, privilege logs and productions.",
            "Prepared exhibits and witness binders for two jury trials (N.D. Cal. 2022, S.F. Superior Court 2024).",
            "Train and review work of three junior paralegals; maintain the firm's CompuLaw docketing rules."]),
        ("Sept. 2016 – June 2020", "Legal Assistant, ", "Bayview Legal Aid Society, San Francisco, CA", [
            "Client intake (English/Mandarin) for housing and employment matters, ~60 clients per month.",
            "Drafted declarations, discovery responses and unlawful-detainer answers for attorney review.",
            "Filed documents through e-filing portals and tracked hearing dates."]),
    ])

    head("Education")
    rows([
        ("2017", "Paralegal Studies Certificate (ABA-approved), ", "Golden Gate Paralegal Institute", []),
        ("2012 – 2016", "B.A., Political Science, ", "University of California, Davis", [
            "Minor in Chinese Studies; Mock Trial team (2014–2016)."]),
    ])

    head("Skills")
    para(doc, "Relativity  •  Westlaw  •  LexisNexis  •  iManage  •  CompuLaw  •  Microsoft Excel  •  "
              "Certified Paralegal (NALA)", space_after=2)
    head("Languages")
    para(doc, "English (native), Mandarin Chinese (fluent, reading and writing)")
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
