# en-06.pdf — reportlab, two columns with the sidebar on the RIGHT (contact, tools, languages,
# clients); main column has profile + experience only — no education section at all.
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer
from reportlab.lib import colors
from common import *

INK = colors.HexColor("#1E1E1E")
s_name = ParagraphStyle("n", fontName="Helvetica-Bold", fontSize=26, leading=30, textColor=INK)
s_tag = ParagraphStyle("t", fontName="Helvetica", fontSize=11, leading=15, textColor=colors.HexColor("#777777"), spaceAfter=14)
s_h = ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=10.5, leading=14, textColor=colors.HexColor("#B5651D"),
                     spaceBefore=12, spaceAfter=5)
s_b = ParagraphStyle("b", fontName="Helvetica", fontSize=9.5, leading=13.5, textColor=INK)
s_job = ParagraphStyle("j", fontName="Helvetica-Bold", fontSize=10, leading=14, textColor=INK, spaceBefore=6)
s_meta = ParagraphStyle("m", fontName="Helvetica-Oblique", fontSize=9, leading=13, textColor=colors.HexColor("#666666"))
s_li = ParagraphStyle("l", parent=s_b, leftIndent=10, bulletIndent=0)
s_sh = ParagraphStyle("sh", fontName="Helvetica-Bold", fontSize=9.5, leading=13, textColor=colors.HexColor("#B5651D"),
                      spaceBefore=14, spaceAfter=4)
s_sb = ParagraphStyle("sb", fontName="Helvetica", fontSize=8.6, leading=12.5, textColor=INK)


def build():
    main = [Paragraph("LIN Haoyu", s_name),
            Paragraph("Photographer — commercial, food &amp; architecture", s_tag),
            Paragraph("PROFILE", s_h),
            Paragraph("Vancouver-based photographer with thirteen years behind the camera, first on wedding "
                      "shoots, then in a busy commercial studio, and since 2021 on my own. I shoot food for "
                      "restaurant groups and packaged-goods brands, interiors and exteriors for architects and "
                      "developers, and the occasional campaign portrait. I handle the whole job: quote, "
                      "shot list, lighting, capture, retouching and delivery.", s_b),
            Paragraph("EXPERIENCE", s_h)]

    def job(title, org, dates, bullets):
        main.append(Paragraph(title, s_job))
        main.append(Paragraph(org + " &nbsp;·&nbsp; " + dates, s_meta))
        for b in bullets:
            main.append(Paragraph(b, s_li, bulletText="–"))

    job("Freelance Commercial Photographer", "Lin Haoyu Photography (self-employed), Vancouver, BC", "2021 – now",
        ["Around 60 commissions a year; repeat clients include two restaurant groups and a regional grocery chain.",
         "Architecture series for a 14-storey mass-timber residence, published in two design magazines.",
         "Hire and direct assistants, food stylists and retouchers per project; manage licensing and usage terms."])
    job("Studio Photographer", "Northshore Creative Studio Ltd., North Vancouver, BC", "2016 – 2021",
        ["Lead shooter for e-commerce and catalogue work, 300–500 SKUs a week at peak season.",
         "Built the studio's tethered capture and colour-managed workflow (Capture One sessions, ICC profiles).",
         "Trained four junior photographers and ran the studio's equipment budget."])
    job("Photo Assistant, then Second Shooter", "Ming's Wedding Photography, Richmond, BC", "2013 – 2016",
        ["Lighting, gear and client wrangling on 150+ weddings; second shooter from 2014; album layout."])
    main.append(Paragraph("SELECTED PUBLICATIONS &amp; AWARDS", s_h))
    for b in ["Cascadia Photo Awards — Winner, Architecture category, 2024",
              "Pacific Design Review — \"Timber Rising\" feature photography, 2023",
              "Vancouver Food Photo Festival — Jury's Choice, 2019"]:
        main.append(Paragraph(b, s_li, bulletText="–"))

    side = [Spacer(1, 70), Paragraph("CONTACT", s_sh)]
    for t in ["Vancouver, BC, Canada", "Mobile: +1 604 555 0119", "haoyu@linphoto.example.com",
              "linhaoyu.example.com", "Instagram: @haoyu.lin.photo"]:
        side.append(Paragraph(t, s_sb))
    side.append(Paragraph("TOOLS", s_sh))
    for t in ["Capture One", "Lightroom Classic", "Photoshop", "DaVinci Resolve", "Canon EOS R5",
              "Phase One XF", "Profoto strobes", "Advanced RPAS Certificate"]:
        side.append(Paragraph(t, s_sb))
    side.append(Paragraph("LANGUAGES", s_sh))
    for t in ["English", "Mandarin", "Cantonese"]:
        side.append(Paragraph(t, s_sb))
    side.append(Paragraph("CLIENTS (SELECTION)", s_sh))
    for t in ["Harbour &amp; Pine Restaurant Group", "FreshCo-op Markets", "Arbour Lane Architects",
              "Tidewater Developments", "Salt Spring Cider Co."]:
        side.append(Paragraph(t, s_sb))

    rl_two_column(out("en-06.pdf"), 175, "#F1ECE4", side, main, title="LIN Haoyu - Photographer",
                  author="Lin Haoyu", side_right=True, top=42)


if __name__ == "__main__":
    build()
