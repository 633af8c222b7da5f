"""reportlab helpers: CJK font registration, paragraph styles, one- and two-column page templates.
They only lay out text that each resume script writes itself."""
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, Image, KeepTogether, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

rl_config.invariant = 1  # reproducible output (fixed dates/ids)
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
_registered = False


def register_cjk():
    """Embed WenQuanYi Zen Hei (subfont 0) so that the PDF carries a real, extractable CJK text layer."""
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont("WQY", WQY, subfontIndex=0))
        pdfmetrics.registerFontFamily("WQY", normal="WQY", bold="WQY", italic="WQY", boldItalic="WQY")
        _registered = True
    return "WQY"


def style(name, font="WQY", size=10, leading=None, color=colors.black, align="left", before=0, after=2,
          left=0, first=0, cjk=True):
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=leading or size * 1.45, textColor=color,
        alignment={"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}[align],
        spaceBefore=before, spaceAfter=after, leftIndent=left, firstLineIndent=first,
        wordWrap="CJK" if cjk else None)


def two_column_doc(path, side_w, gap=0.6 * cm, margin=1.2 * cm, side_left=True, side_bg=None, pagesize=A4,
                   title="", author="", side_pad=0.5 * cm, on_page_extra=None):
    """Page with a sidebar frame and a main frame; use FrameBreak() to move from the first to the second.
    The first frame filled is the sidebar when side_left, else the main column."""
    W, H = pagesize
    if side_left:
        side_x = 0
        main_x = side_w + gap
    else:
        main_x = margin
        side_x = W - side_w
    main_w = (W - side_w - gap - margin) if side_left else (W - side_w - gap - margin)
    side = Frame(side_x + side_pad, margin, side_w - 2 * side_pad, H - 2 * margin, id="side",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    main = Frame(main_x, margin, main_w, H - 2 * margin, id="main",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def on_page(canv, doc):
        if side_bg is not None:
            canv.saveState()
            canv.setFillColor(side_bg)
            canv.rect(side_x, 0, side_w, H, stroke=0, fill=1)
            canv.restoreState()
        if on_page_extra:
            on_page_extra(canv, doc)

    frames = [side, main] if side_left else [main, side]
    doc = BaseDocTemplate(path, pagesize=pagesize, title=title, author=author,
                          leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin)
    doc.addPageTemplates([PageTemplate(id="two", frames=frames, onPage=on_page)])
    return doc


def one_column_doc(path, margin=2 * cm, pagesize=A4, title="", author="", on_page=None):
    W, H = pagesize
    doc = BaseDocTemplate(path, pagesize=pagesize, title=title, author=author,
                          leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin)
    fr = Frame(margin, margin, W - 2 * margin, H - 2 * margin, id="body",
               leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="one", frames=[fr], onPage=on_page or (lambda c, d: None))])
    return doc


class Rule(Spacer):
    """A thin horizontal line used under section headings."""
    def __init__(self, width, color=colors.grey, thickness=0.6, space=3):
        super().__init__(width, thickness + space)
        self._color, self._thick, self._w = color, thickness, width

    def draw(self):
        self.canv.setStrokeColor(self._color)
        self.canv.setLineWidth(self._thick)
        self.canv.line(0, self._thick, self._w, self._thick)
