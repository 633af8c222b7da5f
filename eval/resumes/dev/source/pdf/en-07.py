"""en-07.pdf: US new graduate (marketing), internships and a part-time job only; centered single-column
Word resume on US Letter, converted to PDF with LibreOffice by build.py."""
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0])
from docxlib import *
from docx.shared import Cm, Inches
from docx.enum.text import WD_TAB_ALIGNMENT

def build(out, assets):
    doc = new_doc(latin="Garamond", east_asia="SimSun", size=11, margins_cm=(1.9, 1.9, 1.9, 1.9))
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Inches(8.5), Inches(11)
    set_core(doc, title="Resume", author="Jordan Mendez")
    para(doc, "JORDAN MÉNDEZ", bold=True, size=20, align="center", space_after=0)
    para(doc, "Austin, TX  |  (512) 555-0178  |  JMendez.mktg@example.com",
         size=10, align="center", space_after=8)

    def head(t):
        p = para(doc, t, bold=True, size=11.5, space_before=8, space_after=2)
        bottom_border(p, color="000000", sz=6)

    def line(left, right, bold=True):
        p = para(doc, [(left, {"bold": bold}), ("\t" + right, {})], space_before=3, space_after=0)
        p.paragraph_format.tab_stops.add_tab_stop(Inches(7.0), WD_TAB_ALIGNMENT.RIGHT)

    def bl(t):
        para(doc, "•  " + t, indent_cm=0.5, space_after=0, align="left")

    head("EDUCATION")
    line("The University of Texas at Austin", "Austin, TX")
    line("Bachelor of Arts in Communication Studies, Minor in Business", "May 2026", bold=False)
    bl("GPA 3.62/4.00; University Honors (4 semesters)")
    bl("Relevant coursework: Consumer Behavior, Digital Marketing Analytics, Persuasion, Brand Strategy")

    head("EXPERIENCE")
    line("Lonestar Outdoor Co. — Marketing Intern", "Jun 2025 – Aug 2025")
    bl("Planned and scheduled 60+ Instagram and TikTok posts for a summer gear campaign; reels averaged 41k views.")
    bl("Built a weekly GA4 + Meta Ads dashboard in Looker Studio for the marketing manager.")
    bl("Wrote product descriptions for 35 SKUs; organic sessions to those pages rose 18% over the internship.")
    line("UT Recreational Sports — Social Media Intern (part-time)", "Sep 2024 – May 2025")
    bl("Grew the department Instagram from 6.2k to 9.8k followers with student-athlete takeover series.")
    bl("Shot and edited short videos in Adobe Premiere Pro; designed event flyers in Canva.")
    line("Cuppa Joe Coffee — Barista (part-time, 20 hrs/week)", "Aug 2022 – May 2024")
    bl("Trained 6 new baristas; ran the shop's loyalty-card promotion on Instagram.")

    head("LEADERSHIP")
    line("American Marketing Association, UT Austin Chapter — VP of Events", "2024 – 2025")
    bl("Organized 9 speaker events and a case competition with 120 participants.")

    head("SKILLS & CERTIFICATIONS")
    para(doc, [("Tools: ", {"bold": True}), ("HubSpot, Google Analytics 4, Meta Business Suite, Canva, Adobe Premiere Pro, Looker Studio", {})], space_after=0)
    para(doc, [("Certifications: ", {"bold": True}), ("Google Analytics Certification; HubSpot Inbound Marketing Certification", {})], space_after=0)

    head("LANGUAGES")
    para(doc, "English and Spanish (bilingual)", space_after=0)
    doc.save(out)

if __name__ == "__main__":
    from pathlib import Path
    build(sys.argv[1], Path(__file__).resolve().parents[1] / "assets")
