# en-08.pdf — reportlab, two columns: left sidebar with "Personal Data" block in the West-African CV
# tradition (DOB, Sex, Marital status, Nationality, State of Origin), contact and skills; main column
# with profile, experience ("Since 2023"), education, selected publications, referees.
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer
from reportlab.lib import colors
from common import *

GREEN = colors.HexColor("#0B5D3B")
s_name = ParagraphStyle("n", fontName="Times-Bold", fontSize=21, leading=25, textColor=GREEN)
s_tag = ParagraphStyle("t", fontName="Times-Italic", fontSize=11.5, leading=15, textColor=colors.HexColor("#444444"),
                       spaceAfter=8)
s_h = ParagraphStyle("h", fontName="Times-Bold", fontSize=12, leading=16, textColor=GREEN, spaceBefore=10, spaceAfter=3)
s_b = ParagraphStyle("b", fontName="Times-Roman", fontSize=10.3, leading=13.6)
s_jt = ParagraphStyle("jt", fontName="Times-Bold", fontSize=10.5, leading=14, spaceBefore=5)
s_li = ParagraphStyle("li", parent=s_b, leftIndent=10, bulletIndent=0)
s_sh = ParagraphStyle("sh", fontName="Helvetica-Bold", fontSize=9, leading=12, textColor=colors.white,
                      spaceBefore=14, spaceAfter=4)
s_sb = ParagraphStyle("sb", fontName="Helvetica", fontSize=8.4, leading=12, textColor=colors.HexColor("#F0F5F2"))


def build():
    side = [Spacer(1, 6), Paragraph("PERSONAL DATA", s_sh)]
    for t in ["DOB: 12/04/1986", "Sex: Female", "Marital status: Married", "Nationality: Nigerian",
              "State of Origin: Enugu State", "LGA: Nsukka"]:
        side.append(Paragraph(t, s_sb))
    side.append(Paragraph("CONTACT", s_sh))
    for t in ["Lekki Phase 1, Lagos", "Phone: +234 803 555 0142",
              "Email: Chiamaka.Eze@Example.org"]:
        side.append(Paragraph(t, s_sb))
    side.append(Paragraph("TECHNICAL SKILLS", s_sh))
    for t in ["Phoenix WinNonlin", "NONMEM", "R", "SAS", "LC-MS/MS bioanalysis", "ICH-GCP", "GLP"]:
        side.append(Paragraph("• " + t, s_sb))
    side.append(Paragraph("MEMBERSHIPS", s_sh))
    for t in ["Pharmacists Council of Nigeria (registered pharmacist)", "West African Society for Pharmacology"]:
        side.append(Paragraph(t, s_sb))
    side.append(Paragraph("HOBBIES", s_sh))
    side.append(Paragraph("Choir music, reading, mentoring young women in STEM", s_sb))

    main = [Paragraph("Dr. Chiamaka N. Eze, Ph.D.", s_name),
            Paragraph("Clinical Pharmacologist", s_tag),
            Paragraph("CAREER OBJECTIVE", s_h),
            Paragraph("To lead clinical pharmacology and bioequivalence programmes in a research organisation "
                      "where rigorous pharmacokinetic science improves access to quality generic medicines "
                      "in Africa.", s_b),
            Paragraph("WORK EXPERIENCE", s_h)]

    def job(title, org, dates, bullets):
        main.append(Paragraph(title + " &nbsp;|&nbsp; " + dates, s_jt))
        main.append(Paragraph("<i>" + org + "</i>", s_b))
        for b in bullets:
            main.append(Paragraph(b, s_li, bulletText="•"))

    job("Principal Scientist, Clinical Pharmacology", "Lagoon BioClinical Research Ltd., Lagos", "Since 2023",
        ["Scientific lead for 11 bioequivalence and two phase I studies for generic manufacturers in "
         "Nigeria, Ghana and Kenya.",
         "Write protocols and PK sections of clinical study reports; defend study design before NAFDAC and "
         "ethics committees.",
         "Supervise a team of 6 (PK analysts, bioanalytical scientists); introduced population-PK modelling "
         "in NONMEM."])
    job("Lecturer II, later Lecturer I, Department of Pharmacology", "Enugu Institute of Health Sciences, Enugu",
        "Oct 2016 – Dec 2022",
        ["Taught pharmacokinetics and clinical pharmacology to B.Pharm. and MBBS students (approx. 400 a year).",
         "Ran the departmental LC-MS/MS laboratory; secured a TETFund research grant (2019) on artemisinin "
         "combination therapies.",
         "Supervised 14 undergraduate and 3 M.Sc. projects."])
    job("Intern Pharmacist", "St. Luke's Specialist Hospital, Enugu", "Nov 2009 – Oct 2010",
        ["Mandatory one-year internship: dispensing, ward rounds, drug information service."])

    main.append(Paragraph("EDUCATION", s_h))
    for t in ["<b>Ph.D., Pharmacology</b> — University of Nigeria, Nsukka, 2016<br/>"
              "Thesis: Population pharmacokinetics of artemether–lumefantrine in pregnant women",
              "<b>B.Pharm.</b> — University of Nigeria, Nsukka, 2009 (Second Class Upper)",
              "<b>WAEC Senior School Certificate</b> — Queen's School, Enugu, 2003"]:
        main.append(Paragraph(t, s_b))
        main.append(Spacer(1, 3))

    main.append(Paragraph("SELECTED PUBLICATIONS", s_h))
    for t in ["Eze CN, Obi KA, Nwankwo PU. Lumefantrine exposure in the third trimester. "
              "<i>Afr J Clin Pharmacol</i>. 2021;9(2):44–52.",
              "Eze CN, Adeyemi T. A bioequivalence study of two amlodipine 10 mg tablets in healthy Nigerian "
              "volunteers. <i>W Afr Pharm Rev</i>. 2024;5(1):12–19."]:
        main.append(Paragraph(t, s_li, bulletText="•"))

    main.append(Paragraph("REFEREES", s_h))
    main.append(Paragraph("Available on request.", s_b))
    rl_two_column(out("en-08.pdf"), 160, "#0B5D3B", side, main, title="CV - Chiamaka N. Eze",
                  author="Chiamaka Eze", top=40)


if __name__ == "__main__":
    build()
