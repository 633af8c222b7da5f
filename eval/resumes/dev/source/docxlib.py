"""Small layout helpers for python-docx. They only place text that each resume script writes itself."""
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def new_doc(latin="Calibri", east_asia="微软雅黑", size=10.5, margins_cm=(2.0, 2.0, 2.0, 2.0)):
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = [Cm(m) for m in margins_cm]
    st = doc.styles["Normal"]
    st.font.name = latin
    st.font.size = Pt(size)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    st.paragraph_format.space_after = Pt(2)
    st.paragraph_format.space_before = Pt(0)
    st.paragraph_format.line_spacing = 1.15
    doc._ea_font = east_asia
    return doc


def _font(run, east_asia=None, latin=None):
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


def add_run(p, text, bold=False, italic=False, size=None, color=None, east_asia=None, latin=None, underline=False):
    r = p.add_run(text)
    r.bold, r.italic, r.underline = bold, italic, underline
    if size:
        r.font.size = Pt(size)
    if color:
        r.font.color.rgb = RGBColor.from_string(color)
    if east_asia or latin:
        _font(r, east_asia, latin)
    return r


def para(container, text="", bold=False, italic=False, size=None, color=None, align="left",
         space_before=0, space_after=2, east_asia=None, latin=None, style=None, indent_cm=None):
    """Add a paragraph. `text` may be a str or a list of (text, dict(bold=..., ...)) pieces."""
    p = container.add_paragraph(style=style) if style else container.add_paragraph()
    p.alignment = ALIGN[align]
    pf = p.paragraph_format
    pf.space_before, pf.space_after = Pt(space_before), Pt(space_after)
    if indent_cm is not None:
        pf.left_indent = Cm(indent_cm)
    pieces = text if isinstance(text, list) else [(text, {})]
    for t, kw in pieces:
        opts = dict(bold=bold, italic=italic, size=size, color=color, east_asia=east_asia, latin=latin)
        opts.update(kw)
        add_run(p, t, **opts)
    return p


def first_para(cell, text="", **kw):
    """Write into the empty first paragraph of a fresh table cell."""
    p = cell.paragraphs[0]
    if text or kw:
        pieces = text if isinstance(text, list) else [(text, {})]
        p.alignment = ALIGN[kw.pop("align", "left")]
        p.paragraph_format.space_after = Pt(kw.pop("space_after", 1))
        p.paragraph_format.space_before = Pt(kw.pop("space_before", 0))
        for t, k2 in pieces:
            o = dict(kw)
            o.update(k2)
            add_run(p, t, **o)
    return p


def bottom_border(p, color="2E5C8A", sz=8):
    ppr = p._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    b = OxmlElement("w:bottom")
    b.set(qn("w:val"), "single")
    b.set(qn("w:sz"), str(sz))
    b.set(qn("w:space"), "1")
    b.set(qn("w:color"), color)
    pbdr.append(b)
    ppr.append(pbdr)


def shade(cell, fill):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def table_borders(table, val="single", sz=4, color="000000"):
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), val)
        e.set(qn("w:sz"), str(sz))
        e.set(qn("w:space"), "0")
        e.set(qn("w:color"), color)
        borders.append(e)
    tblpr.append(borders)


def no_borders(table):
    table_borders(table, val="nil")


def col_widths(table, widths_cm):
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def valign(cell, where="center"):
    cell.vertical_alignment = {"center": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
                               "top": WD_CELL_VERTICAL_ALIGNMENT.TOP}[where]


def cell_margins(table, top=0.05, bottom=0.05, left=0.15, right=0.15):
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, v in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:w"), str(int(Cm(v).twips)))
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    tblpr.append(mar)


def picture(cell_or_par, path, width_cm):
    p = cell_or_par.paragraphs[0] if hasattr(cell_or_par, "paragraphs") else cell_or_par
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(str(path), width=Cm(width_cm))
    return p


def center_table(table):
    table.alignment = WD_TABLE_ALIGNMENT.CENTER


def set_core(doc, title="", author=""):
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.comments = ""
