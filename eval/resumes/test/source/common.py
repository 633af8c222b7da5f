"""Shared layout helpers for the test resume corpus.

Only layout lives here (fonts, photo placeholder, table/cell formatting).
Every resume's wording is written by hand in its own build_*.py file.
"""
import os
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Cm, RGBColor

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)            # eval/resumes/test/
BUILD = os.path.join(HERE, "_build")   # intermediate files (photos, docx for PDFs)
os.makedirs(BUILD, exist_ok=True)

CJK_TTC = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def out(name):
    return os.path.join(OUT, name)


def tmp(name):
    return os.path.join(BUILD, name)


# ---------------------------------------------------------------- photo
def make_photo(path, bg=(200, 200, 200), fg=(120, 120, 120), size=(300, 400)):
    """A grey ID-photo placeholder: plain background with a head-and-shoulders silhouette."""
    from PIL import Image, ImageDraw
    w, h = size
    im = Image.new("RGB", size, bg)
    d = ImageDraw.Draw(im)
    d.ellipse([w * 0.32, h * 0.16, w * 0.68, h * 0.52], fill=fg)          # head
    d.ellipse([w * 0.10, h * 0.58, w * 0.90, h * 1.25], fill=fg)          # shoulders
    d.rectangle([w * 0.44, h * 0.48, w * 0.56, h * 0.62], fill=fg)        # neck
    im.save(path, quality=88)
    return path


# ---------------------------------------------------------------- reportlab
def register_cjk(name="WQY"):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    try:
        pdfmetrics.getFont(name)
    except KeyError:
        pdfmetrics.registerFont(TTFont(name, CJK_TTC, subfontIndex=0))
    return name


# ---------------------------------------------------------------- python-docx
def set_run_font(run, latin=None, east_asia=None, size=None, bold=None, color=None, italic=None):
    if latin:
        run.font.name = latin
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    if latin:
        rfonts.set(qn("w:ascii"), latin)
        rfonts.set(qn("w:hAnsi"), latin)
    if east_asia:
        rfonts.set(qn("w:eastAsia"), east_asia)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return run


def set_default_font(doc, latin, east_asia, size):
    st = doc.styles["Normal"]
    st.font.name = latin
    st.font.size = Pt(size)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def para(container, text="", size=None, bold=None, align=None, latin=None, east_asia=None,
         color=None, space_after=None, space_before=None, italic=None, style=None):
    p = container.add_paragraph(style=style) if style else container.add_paragraph()
    if text:
        set_run_font(p.add_run(text), latin=latin, east_asia=east_asia, size=size, bold=bold,
                     color=color, italic=italic)
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    pf = p.paragraph_format
    if space_after is not None:
        pf.space_after = Pt(space_after)
    if space_before is not None:
        pf.space_before = Pt(space_before)
    return p


def cell_text(cell, text, size=None, bold=None, align=None, latin=None, east_asia=None, color=None):
    """Replace a cell's content with text (lines split on \\n become paragraphs)."""
    lines = text.split("\n")
    first = cell.paragraphs[0]
    for r in list(first.runs):
        r._element.getparent().remove(r._element)
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        if line:
            set_run_font(p.add_run(line), latin=latin, east_asia=east_asia, size=size, bold=bold, color=color)
        if align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
    return cell


def shade(cell, hex_fill):
    tcpr = cell._element.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tcpr.append(shd)


def set_cell_width(cell, cm):
    cell.width = Cm(cm)


def table_borders(table, val="single", sz=4, color="000000"):
    """Set all borders of a table (val='nil' removes them)."""
    tbl = table._tbl
    tblpr = tbl.tblPr
    b = tblpr.find(qn("w:tblBorders"))
    if b is not None:
        tblpr.remove(b)
    b = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement("w:" + edge)
        e.set(qn("w:val"), val)
        if val != "nil":
            e.set(qn("w:sz"), str(sz))
            e.set(qn("w:space"), "0")
            e.set(qn("w:color"), color)
        b.append(e)
    tblpr.append(b)


def bottom_border(paragraph, color="444444", sz=8):
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bot = OxmlElement("w:bottom")
    bot.set(qn("w:val"), "single")
    bot.set(qn("w:sz"), str(sz))
    bot.set(qn("w:space"), "1")
    bot.set(qn("w:color"), color)
    pbdr.append(bot)
    ppr.append(pbdr)


def margins(doc, top=1.8, bottom=1.8, left=2.0, right=2.0):
    for s in doc.sections:
        s.top_margin, s.bottom_margin = Cm(top), Cm(bottom)
        s.left_margin, s.right_margin = Cm(left), Cm(right)


def convert_to_pdf(docx_path, outdir):
    """LibreOffice headless conversion; returns the produced pdf path."""
    import subprocess
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", outdir, docx_path],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return os.path.join(outdir, os.path.splitext(os.path.basename(docx_path))[0] + ".pdf")


def col_widths(table, widths_cm):
    """Fix column widths (grid + every cell) so Word and LibreOffice agree."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        gc.set(qn("w:w"), str(int(w * 567)))
    for row in table.rows:
        for tc, w in zip(row._tr.findall(qn("w:tc")), widths_cm):
            pass
    for row in table.rows:
        idx = 0
        for tc in row._tr.findall(qn("w:tc")):
            tcpr = tc.get_or_add_tcPr()
            span = tcpr.find(qn("w:gridSpan"))
            n = int(span.get(qn("w:val"))) if span is not None else 1
            w = sum(widths_cm[idx:idx + n])
            tcw = tcpr.find(qn("w:tcW"))
            if tcw is None:
                tcw = OxmlElement("w:tcW")
                tcpr.insert(0, tcw)
            tcw.set(qn("w:w"), str(int(w * 567)))
            tcw.set(qn("w:type"), "dxa")
            idx += n


def row_height(row, cm, rule="atLeast"):
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    row.height = Cm(cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST if rule == "atLeast" else WD_ROW_HEIGHT_RULE.EXACTLY


# ---------------------------------------------------------------- reportlab two-column page
def rl_two_column(path, side_w, side_color, side_flow, main_flow, title="", author="",
                  side_pad=14, main_pad=22, top=36, bottom=36, pagesize=None, side_right=False):
    """A4 page: coloured sidebar frame on the left, main frame on the right. Sidebar flowables go
    first, then a FrameBreak, then the main column. Extra pages repeat the layout."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, FrameBreak
    from reportlab.lib import colors
    W, H = pagesize or A4

    def bg(canv, doc):
        canv.saveState()
        canv.setFillColor(colors.HexColor(side_color))
        canv.rect(W - side_w if side_right else 0, 0, side_w, H, stroke=0, fill=1)
        canv.restoreState()

    side_x = (W - side_w + side_pad) if side_right else side_pad
    main_x = main_pad if side_right else side_w + main_pad
    side = Frame(side_x, bottom, side_w - 2 * side_pad, H - top - bottom, id="side",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    main = Frame(main_x, bottom, W - side_w - 2 * main_pad, H - top - bottom, id="main",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc = BaseDocTemplate(path, pagesize=(W, H), title=title, author=author)
    doc.addPageTemplates([PageTemplate(id="two", frames=[side, main], onPage=bg)])
    doc.build(list(side_flow) + [FrameBreak()] + list(main_flow))


def save_docx(doc, path, author="Administrator"):
    """Save with ordinary-looking core properties instead of python-docx's defaults."""
    import datetime
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.title = ""
    cp.subject = ""
    cp.comments = ""
    cp.keywords = ""
    cp.created = datetime.datetime(2026, 11, 2, 9, 30)
    cp.modified = datetime.datetime(2026, 11, 28, 21, 15)
    cp.revision = 3
    doc.save(path)
