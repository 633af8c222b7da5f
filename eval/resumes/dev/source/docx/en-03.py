"""en-03.docx: Hong Kong hotel front desk supervisor; single column, right-aligned dates via tab stops, personal particulars block."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *
from docx.shared import Cm, Pt
from docx.enum.text import WD_TAB_ALIGNMENT

def build(out, assets):
    doc = new_doc(latin="Georgia", east_asia="PMingLiU", size=10.5, margins_cm=(1.8, 1.8, 2.0, 2.0))
    set_core(doc, title="CV - Karen Chan", author="Karen")
    para(doc, "Karen Chan Ka-yan", bold=True, size=20, align="center", space_after=2)
    para(doc, "Flat 12B, Tower 3, Laguna City, Kwun Tong, Kowloon  |  +852 6128 4093  |  karen.chan.ky@example.com.hk",
         size=9.5, align="center", space_after=8)

    def head(t):
        p = para(doc, t.upper(), bold=True, size=11, space_before=10, space_after=3, color="7A1F2B")
        bottom_border(p, color="7A1F2B", sz=6)

    def dated(left, right, bold=True):
        p = para(doc, [(left, {"bold": bold}), ("\t" + right, {"italic": True})], space_before=4, space_after=1)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(17.4), WD_TAB_ALIGNMENT.RIGHT)
        return p

    def bullet(t):
        para(doc, "•  " + t, indent_cm=0.4, space_after=1)

    head("Personal Particulars")
    para(doc, "Date of Birth: 3 March 1998        Gender: Female        Marital Status: Single")
    para(doc, "Availability: one month's notice    Expected Salary: HK$24,000 per month")

    head("Career Objective")
    para(doc, "Guest-focused front office professional with seven years in four- and five-star hotels, seeking an "
              "Assistant Front Office Manager position where I can lead a team and improve arrival experience.",
         align="justify")

    head("Work Experience")
    dated("Front Desk Supervisor — The Kowloon Harbourview Hotel", "July 2023 – Present")
    for b in ["Supervise a team of 9 Guest Service Agents across three shifts for a 520-room hotel.",
              "Handle VIP arrivals, group check-ins (up to 180 rooms) and escalated guest complaints.",
              "Raised TripAdvisor front-desk mentions from 4.3 to 4.7 average in 18 months.",
              "Prepare shift rosters, night audit hand-overs and daily occupancy / ADR reports."]:
        bullet(b)
    dated("Guest Service Agent — Silverpeak Hotel Causeway Bay", "September 2019 – June 2023")
    for b in ["Check-in / check-out, room allocation and upselling (top upseller of 2022, HK$310k room revenue).",
              "Cashiering and foreign exchange at front desk; reconciled floats with zero variance.",
              "Supported quarantine-hotel operations in 2020–2022, including daily guest welfare calls."]:
        bullet(b)
    dated("Front Office Trainee (Internship) — Silverpeak Hotel Causeway Bay", "June 2018 – August 2018")
    bullet("Concierge desk, luggage handling and telephone operator rotation.")

    head("Education")
    dated("Associate Degree in Hospitality Management — Harbourfront Community College", "2017 – 2019")
    para(doc, "GPA 3.45 / 4.00; Dean's List 2018", indent_cm=0.4)
    dated("Hong Kong Diploma of Secondary Education (HKDSE) — Kwun Tong Methodist Secondary School", "2011 – 2017", bold=False)

    head("Skills & Certificates")
    for b in ["Opera PMS (Oracle Hospitality OPERA 5)", "Micros POS", "Microsoft Office",
              "First Aid Certificate (St. John Ambulance)", "Certificate in Hotel Revenue Management (eCornell)"]:
        bullet(b)

    head("Languages")
    para(doc, "Cantonese (native), English (fluent), Mandarin (fluent), Japanese (basic, JLPT N4)")

    head("References")
    para(doc, "Available upon request.")
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
