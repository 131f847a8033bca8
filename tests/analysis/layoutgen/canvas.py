"""Pages of positioned text runs and rules, written to PDF in a chosen content-stream order.

Families place text where a reader sees it; `Doc.render(order)` decides the order in which the runs
reach the PDF's content stream, since real generators differ: reading order, column by column,
bottom-up, shuffled cells, every word its own text object. A parser must rebuild lines from positions.

Fonts: the 14 standard fonts (WinAnsi), reportlab's bundled Bitstream Vera, Debian's DejaVu Sans
(symbols: arrows, Greek mu, superscripts) and WenQuanYi Micro Hei (Chinese; Debian package
fonts-wqy-microhei, which .ci/run installs), both embedded as TrueType subsets with a ToUnicode map.
A run whose characters a font cannot draw is split into segments inside one text object, each in a
font that can, so the text layer always carries the Unicode text. (The non-embedded CID font
STSong-Light is not used: PDFium drops a one-character string set in it, e.g. a lone "↑" or "高".)
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from functools import cache
from random import Random

import reportlab
from reportlab.lib.pagesizes import A4, A5, LETTER, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

PAGE_SIZES = {"A4": A4, "Letter": LETTER, "A4-landscape": landscape(A4), "A5-landscape": landscape(A5)}
CJK = "WQY"
SYMBOLS = "DejaVu"
_RL_FONTS = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
_TTF = {"Vera": os.path.join(_RL_FONTS, "Vera.ttf"), "Vera-Bold": os.path.join(_RL_FONTS, "VeraBd.ttf"),
        "Vera-Italic": os.path.join(_RL_FONTS, "VeraIt.ttf"),
        SYMBOLS: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        CJK: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"}
_APT = {SYMBOLS: "fonts-dejavu-core", CJK: "fonts-wqy-microhei"}
# Regular / bold / italic faces of the families a report may be set in.
FACES = {
    "sans": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "serif": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "mono": ("Courier", "Courier-Bold", "Courier-Oblique"),
    "vera": ("Vera", "Vera-Bold", "Vera-Italic"),
}
RED = (0.80, 0.08, 0.08)
GREY = (0.45, 0.45, 0.45)
LIGHT = (0.92, 0.92, 0.92)


@cache
def _register() -> None:
    for name, path in _TTF.items():
        if not os.path.exists(path):
            raise RuntimeError(f"layoutgen needs the font {path}: apt-get install {_APT[name]}")
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0) if path.endswith(".ttc") else TTFont(name, path))


@cache
def _can_draw(font: str, ch: str) -> bool:
    if font in _TTF:
        return ord(ch) in pdfmetrics.getFont(font).face.charToGlyph
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def segments(text: str, font: str) -> list[tuple[str, str]]:
    """(font, piece) pieces: `font` where it can draw the characters, else DejaVu Sans, else Micro Hei."""
    _register()
    out: list[tuple[str, str]] = []
    for ch in text:
        f = next((f for f in (font, SYMBOLS, CJK) if _can_draw(f, ch)), CJK)
        if out and out[-1][0] == f:
            out[-1] = (f, out[-1][1] + ch)
        else:
            out.append((f, ch))
    return out


def text_width(text: str, font: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(piece, f, size) for f, piece in segments(text, font))


@dataclass
class Run:
    x: float            # left edge
    y: float            # baseline
    text: str
    font: str
    size: float
    color: tuple[float, float, float] | None = None

    @property
    def width(self) -> float:
        return text_width(self.text, self.font, self.size)


@dataclass
class Shape:
    kind: str           # line | rect
    coords: tuple[float, float, float, float]
    width: float = 0.5
    stroke: tuple[float, float, float] | None = (0, 0, 0)
    fill: tuple[float, float, float] | None = None
    dash: tuple[float, float] | None = None


@dataclass
class Page:
    width: float
    height: float
    runs: list[Run] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, font: str, size: float, *, align: str = "left",
             color: tuple[float, float, float] | None = None) -> float:
        """Place `text` with its left edge, right edge or centre at x; returns its width."""
        if not text:
            return 0.0
        w = text_width(text, font, size)
        x0 = x - w if align == "right" else x - w / 2 if align == "center" else x
        self.runs.append(Run(x0, y, text, font, size, color))
        return w

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5,
             color: tuple[float, float, float] = (0, 0, 0), dash: tuple[float, float] | None = None) -> None:
        self.shapes.append(Shape("line", (x1, y1, x2, y2), width, color, None, dash))

    def rect(self, x: float, y: float, w: float, h: float, *, width: float = 0.5,
             stroke: tuple[float, float, float] | None = (0, 0, 0), fill: tuple[float, float, float] | None = None) -> None:
        self.shapes.append(Shape("rect", (x, y, w, h), width, stroke, fill))


def _split_words(runs: list[Run]) -> list[Run]:
    out = []
    for r in runs:
        x = r.x
        for i, word in enumerate(r.text.split(" ")):
            if word:
                out.append(Run(x, r.y, word, r.font, r.size, r.color))
            x += text_width(word + (" " if i < len(r.text.split(" ")) - 1 else ""), r.font, r.size)
    return out


def _order(runs: list[Run], order: str, rng: Random, page_width: float) -> list[Run]:
    if order == "reading":
        return runs
    if order == "bottom_up":              # rows from the bottom, cells left to right (tables side by side interleave)
        return sorted(runs, key=lambda r: (round(r.y, 1), r.x))
    if order == "columns":                # column by column, top to bottom
        return sorted(runs, key=lambda r: (round(r.x / 25), -r.y))
    if order == "right_first":            # the right half of the page before the left half
        return sorted(runs, key=lambda r: (r.x < page_width / 2, -r.y, r.x))
    if order == "shuffled":
        out = list(runs)
        rng.shuffle(out)
        return out
    if order == "words":
        return _split_words(runs)
    if order == "words_shuffled":
        out = _split_words(runs)
        rng.shuffle(out)
        return out
    raise ValueError(f"unknown content order {order!r}")


ORDERS = ("reading", "bottom_up", "columns", "right_first", "shuffled", "words", "words_shuffled")


class Doc:
    def __init__(self, page_size: str = "A4", *, title: str = "", creator: str = "") -> None:
        _register()
        self.size = PAGE_SIZES[page_size]
        self.title = title
        self.creator = creator
        self.pages: list[Page] = []

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    def new_page(self) -> Page:
        page = Page(self.width, self.height)
        self.pages.append(page)
        return page

    def render(self, order: str = "reading", rng: Random | None = None) -> bytes:
        rng = rng or Random(0)
        buf = io.BytesIO()
        c = rl_canvas.Canvas(buf, pagesize=self.size, invariant=1)
        c.setTitle(self.title)
        c.setCreator(self.creator)
        for page in self.pages:
            for s in page.shapes:
                _draw_shape(c, s)
            for run in _order(page.runs, order, rng, page.width):
                _draw_run(c, run)
            c.showPage()
        c.save()
        return buf.getvalue()


def _draw_shape(c: rl_canvas.Canvas, s: Shape) -> None:
    c.saveState()
    c.setLineWidth(s.width)
    if s.stroke:
        c.setStrokeColorRGB(*s.stroke)
    if s.fill:
        c.setFillColorRGB(*s.fill)
    if s.dash:
        c.setDash(*s.dash)
    if s.kind == "line":
        c.line(*s.coords)
    else:
        c.rect(*s.coords, stroke=1 if s.stroke else 0, fill=1 if s.fill else 0)
    c.restoreState()


def _draw_run(c: rl_canvas.Canvas, run: Run) -> None:
    t = c.beginText(run.x, run.y)
    if run.color:
        t.setFillColorRGB(*run.color)
    for font, piece in segments(run.text, run.font):
        t.setFont(font, run.size)
        t.textOut(piece)
    if run.color:
        t.setFillColorRGB(0, 0, 0)
    c.drawText(t)
