"""en-05.pdf: physicist turned data scientist (career changer), reportlab two-column with a left sidebar,
standard Helvetica fonts (no CJK)."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from pdflib import *

NAVY = colors.HexColor("#0B2545")
GREY = colors.HexColor("#5C677D")

def build(out, assets):
    side_w = 6.0 * cm

    def vline(canv, doc):
        canv.saveState(); canv.setStrokeColor(colors.HexColor("#C9D1DC")); canv.setLineWidth(0.8)
        canv.line(side_w + 0.1 * cm, 1.2 * cm, side_w + 0.1 * cm, A4[1] - 1.2 * cm); canv.restoreState()

    doc = two_column_doc(out, side_w, gap=0.7 * cm, side_pad=0.7 * cm, title="Elena Petrova - CV",
                         author="Elena Petrova", on_page_extra=vline)
    F, FB = "Helvetica", "Helvetica-Bold"
    sh = style("sh", font=FB, size=10, color=NAVY, before=14, after=4, cjk=False)
    st = style("st", font=F, size=8.8, leading=12.5, color=colors.black, cjk=False)
    mh = style("mh", font=FB, size=11, color=NAVY, before=10, after=2, cjk=False)
    mt = style("mt", font=F, size=9.3, leading=13.5, align="justify", cjk=False)
    mj = style("mj", font=FB, size=9.8, leading=13.5, before=6, after=0, cjk=False)
    md = style("md", font="Helvetica-Oblique", size=8.8, leading=12, color=GREY, after=2, cjk=False)
    mb = style("mb", font=F, size=9.2, leading=13, left=9, first=-7, align="justify", cjk=False)

    S = [Spacer(1, 2.3 * cm)]
    S += [Paragraph("CONTACT", sh)]
    for t in ["M: +44 7700 900815", "elena.petrova@example.org", "London, United Kingdom", "linkedin.com/in/epetrova-ds"]:
        S.append(Paragraph(t, st))
    S += [Paragraph("SKILLS", sh)]
    for t in ["Python", "SQL", "PyTorch", "scikit-learn", "Spark", "Docker", "dbt", "Looker"]:
        S.append(Paragraph(t, st))
    S += [Paragraph("LANGUAGES", sh)]
    for t in ["Russian (native)", "English (fluent)", "German (intermediate)"]:
        S.append(Paragraph(t, st))
    S += [Paragraph("INTERESTS", sh), Paragraph("Bouldering, chess (club level), science outreach in schools", st)]
    S.append(FrameBreak())

    S.append(Paragraph("Dr. Elena Petrova", style("n", font=FB, size=24, leading=28, color=NAVY, cjk=False)))
    S.append(Paragraph("Senior Data Scientist  |  Pricing &amp; Risk Modelling",
                       style("s", font=F, size=11.5, leading=15, color=GREY, after=6, cjk=False)))
    S.append(Paragraph("PROFILE", mh))
    S.append(Paragraph("Former computational physicist who moved into industry in 2021. I build and ship pricing and "
                       "claims models end-to-end: from messy tables to monitored services. Comfortable explaining "
                       "uncertainty to actuaries, underwriters and regulators alike.", mt))
    S.append(Paragraph("EXPERIENCE", mh))
    S.append(Paragraph("Data Scientist, promoted to Senior Data Scientist (2023)", mj))
    S.append(Paragraph("Quayside Insurance Group, London  &#183;  November 2021 &#8211; Present", md))
    for b in ["Built the gradient-boosted home-insurance claims-frequency model now used in live pricing "
              "(~1.1M policies); improved Gini by 6 points over the GLM it replaced.",
              "Designed a Bayesian hierarchical model for sparse flood-risk postcodes, adopted by the actuarial team.",
              "Moved model training from notebooks to a Dockerised pipeline with dbt features and drift monitoring.",
              "Line-manage two data scientists; run the internal 'Stats for Analysts' course."]:
        S.append(Paragraph("&#8226; " + b, mb))
    S.append(Paragraph("Postdoctoral Research Associate", mj))
    S.append(Paragraph("School of Physics and Astronomy, University of Manchester  &#183;  Oct 2018 &#8211; Aug 2021", md))
    for b in ["Simulated electron transport in 2D materials; wrote a GPU Monte Carlo code (Python/CUDA) used by 3 groups.",
              "Published 5 peer-reviewed papers; supervised 4 MPhys projects and taught undergraduate statistics."]:
        S.append(Paragraph("&#8226; " + b, mb))
    S.append(Paragraph("TRAINING", mh))
    S.append(Paragraph("Thames Data Science Fellowship (8-week industry transition programme), Sep &#8211; Oct 2021", mt))
    S.append(Paragraph("EDUCATION", mh))
    S.append(Paragraph("PhD in Physics &#8212; University of Edinburgh", mj))
    S.append(Paragraph("2014 &#8211; 2018  &#183;  Thesis: Disorder and correlation effects in graphene heterostructures", md))
    S.append(Paragraph("MSc in Physics &#8212; Lomonosov Moscow State University", mj))
    S.append(Paragraph("2012 &#8211; 2014", md))
    S.append(Paragraph("BSc in Physics &#8212; Lomonosov Moscow State University", mj))
    S.append(Paragraph("2008 &#8211; 2012", md))
    S.append(Paragraph("SELECTED PUBLICATIONS", mh))
    S.append(Paragraph("Petrova E., Hale J. et al., <i>Phys. Rev. B</i> 103, 045412 (2021); "
                       "Petrova E., Murray K., <i>2D Materials</i> 7, 025031 (2020).", mt))
    doc.build(S)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
