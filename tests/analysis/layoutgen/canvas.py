"""Pages of positioned text runs and rules, written to PDF in a chosen content-stream order.

Families place text where a reader sees it; `Doc.render(order)` decides the order in which the runs
reach the PDF's content stream, since real generators differ: reading order, column by column,
bottom-up, shuffled cells, every word its own text object, every character its own text object (spaces
left out, as glyph-positioning generators do), or a table column written top to bottom as one text object
(runs that share a `group`). A parser must rebuild lines from positions. Runs may be rotated (watermarks,
stamps) and letter-spaced. A page may reach the sheet turned (/Rotate) or as a scaled Form XObject (`Placement`).

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

PAGE_SIZES = {"A4": A4, "Letter": LETTER, "A4-landscape": landscape(A4), "A5-landscape": landscape(A5), "A5": A5,
              "Letter-landscape": landscape(LETTER)}
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
    angle: float = 0.0          # degrees, counter-clockwise about (x, y)
    group: str | None = None    # runs of one group are written as one text object by the "grouped" order
    char_space: float = 0.0     # extra space after every character (PDF Tc)

    @property
    def width(self) -> float:
        return text_width(self.text, self.font, self.size) + self.char_space * len(self.text)


@dataclass
class Shape:
    kind: str           # line (x1 y1 x2 y2) | rect (x y w h) | roundrect (x y w h r) | circle (cx cy r)
    coords: tuple[float, ...]   # | bezier (x1 y1 x2 y2 x3 y3 x4 y4)
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
             color: tuple[float, float, float] | None = None, angle: float = 0.0, group: str | None = None,
             char_space: float = 0.0) -> float:
        """Place `text` with its left edge, right edge or centre at x; returns its width."""
        if not text:
            return 0.0
        w = text_width(text, font, size) + char_space * len(text)
        x0 = x - w if align == "right" else x - w / 2 if align == "center" else x
        self.runs.append(Run(x0, y, text, font, size, color, angle, group, char_space))
        return w

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5,
             color: tuple[float, float, float] = (0, 0, 0), dash: tuple[float, float] | None = None) -> None:
        self.shapes.append(Shape("line", (x1, y1, x2, y2), width, color, None, dash))

    def rect(self, x: float, y: float, w: float, h: float, *, width: float = 0.5,
             stroke: tuple[float, float, float] | None = (0, 0, 0), fill: tuple[float, float, float] | None = None) -> None:
        self.shapes.append(Shape("rect", (x, y, w, h), width, stroke, fill))

    def roundrect(self, x: float, y: float, w: float, h: float, r: float, *, width: float = 0.5,
                  stroke: tuple[float, float, float] | None = (0, 0, 0),
                  fill: tuple[float, float, float] | None = None) -> None:
        self.shapes.append(Shape("roundrect", (x, y, w, h, r), width, stroke, fill))

    def circle(self, cx: float, cy: float, r: float, *, width: float = 0.5,
               stroke: tuple[float, float, float] | None = (0, 0, 0),
               fill: tuple[float, float, float] | None = None) -> None:
        self.shapes.append(Shape("circle", (cx, cy, r), width, stroke, fill))

    def bezier(self, *coords: float, width: float = 0.8, color: tuple[float, float, float] = (0, 0, 0)) -> None:
        self.shapes.append(Shape("bezier", tuple(coords), width, color))


def _split_words(runs: list[Run]) -> list[Run]:
    out = []
    for r in runs:
        if r.angle:
            out.append(r)
            continue
        x = r.x
        for i, word in enumerate(r.text.split(" ")):
            if word:
                out.append(Run(x, r.y, word, r.font, r.size, r.color, char_space=r.char_space))
            x += text_width(word + (" " if i < len(r.text.split(" ")) - 1 else ""), r.font, r.size) \
                + r.char_space * (len(word) + 1)
    return out


def _split_chars(runs: list[Run]) -> list[Run]:
    """Every character its own text object at its own position; spaces are gaps, not characters."""
    out = []
    for r in runs:
        if r.angle:
            out.append(r)
            continue
        x = r.x
        for ch in r.text:
            if not ch.isspace():
                out.append(Run(x, r.y, ch, r.font, r.size, r.color))
            x += text_width(ch, r.font, r.size) + r.char_space
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
    if order == "chars":
        return _split_chars(runs)
    if order == "chars_shuffled":
        out = _split_chars(runs)
        rng.shuffle(out)
        return out
    if order == "grouped":             # drawn by _draw_group: a group's runs, top to bottom, in one text object
        return runs
    raise ValueError(f"unknown content order {order!r}")


ORDERS = ("reading", "bottom_up", "columns", "right_first", "shuffled", "words", "words_shuffled", "chars",
          "chars_shuffled", "grouped")


def _groups(runs: list[Run]) -> list[list[Run]]:
    """Runs gathered by group (a group where its first run is; runs without a group alone), each top to bottom."""
    out: list[list[Run]] = []
    index: dict[str, int] = {}
    for r in runs:
        if r.group is None:
            out.append([r])
        elif r.group in index:
            out[index[r.group]].append(r)
        else:
            index[r.group] = len(out)
            out.append([r])
    return [sorted(g, key=lambda r: -r.y) for g in out]


@dataclass(frozen=True)
class Placement:
    """How a page's drawing reaches the sheet, as print drivers and PDF tools do it.

    rotate=90: a landscape drawing stored on a portrait sheet turned by the page's /Rotate 90 (the text runs
    up the sheet; viewers show it upright). form=True: the drawing is a Form XObject placed on the sheet with
    `scale` and an offset (`sheet`: the sheet size when it differs from the drawing's, e.g. A4 fitted to Letter).
    """

    rotate: int = 0
    form: bool = False
    scale: float = 1.0
    offset: tuple[float, float] = (0.0, 0.0)
    sheet: tuple[float, float] | None = None


class Doc:
    def __init__(self, page_size: str = "A4", *, title: str = "", creator: str = "") -> None:
        _register()
        self.size = PAGE_SIZES[page_size]
        self.title = title
        self.creator = creator
        self.pages: list[Page] = []
        self.placement = Placement()

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
        pl = self.placement
        sheet = pl.sheet or self.size      # with a rotation reportlab writes the MediaBox turned: (height, width)
        c = rl_canvas.Canvas(buf, pagesize=sheet, invariant=1)
        c.setTitle(self.title)
        c.setCreator(self.creator)
        for i, page in enumerate(self.pages):
            if pl.form:
                c.beginForm(f"page{i}", 0, 0, self.width, self.height)
                self._draw_page(c, page, order, rng)
                c.endForm()
            c.saveState()
            if pl.rotate:
                c.setPageRotation(pl.rotate)
                c.transform(0, 1, -1, 0, sheet[1], 0)     # drawing x up the sheet, drawing y leftwards
            if pl.form:
                c.transform(pl.scale, 0, 0, pl.scale, *pl.offset)
                c.doForm(f"page{i}")
            else:
                self._draw_page(c, page, order, rng)
            c.restoreState()
            c.showPage()
        c.save()
        return buf.getvalue()

    @staticmethod
    def _draw_page(c: rl_canvas.Canvas, page: Page, order: str, rng: Random) -> None:
        for s in page.shapes:
            _draw_shape(c, s)
        if order == "grouped":
            for group in _groups(page.runs):
                _draw_group(c, group)
        else:
            for run in _order(page.runs, order, rng, page.width):
                _draw_run(c, run)


def _draw_shape(c: rl_canvas.Canvas, s: Shape) -> None:
    c.saveState()
    c.setLineWidth(s.width)
    if s.stroke:
        c.setStrokeColorRGB(*s.stroke)
    if s.fill:
        c.setFillColorRGB(*s.fill)
    if s.dash:
        c.setDash(*s.dash)
    paint = {"stroke": 1 if s.stroke else 0, "fill": 1 if s.fill else 0}
    if s.kind == "line":
        c.line(*s.coords)
    elif s.kind == "rect":
        c.rect(*s.coords, **paint)
    elif s.kind == "roundrect":
        c.roundRect(*s.coords, **paint)
    elif s.kind == "circle":
        c.circle(*s.coords, **paint)
    elif s.kind == "bezier":
        c.bezier(*s.coords)
    else:
        raise ValueError(f"unknown shape {s.kind!r}")
    c.restoreState()


def _text_out(t, run: Run) -> None:
    if run.color:
        t.setFillColorRGB(*run.color)
    if run.char_space:
        t.setCharSpace(run.char_space)
    for font, piece in segments(run.text, run.font):
        t.setFont(font, run.size)
        t.textOut(piece)
    if run.char_space:
        t.setCharSpace(0)
    if run.color:
        t.setFillColorRGB(0, 0, 0)


def _draw_run(c: rl_canvas.Canvas, run: Run) -> None:
    if run.angle:
        c.saveState()
        c.translate(run.x, run.y)
        c.rotate(run.angle)
        t = c.beginText(0, 0)
        _text_out(t, run)
        c.drawText(t)
        c.restoreState()
        return
    t = c.beginText(run.x, run.y)
    _text_out(t, run)
    c.drawText(t)


def _draw_group(c: rl_canvas.Canvas, runs: list[Run]) -> None:
    """One text object: the first run placed, every next one moved to relative to the line before (Td)."""
    if len(runs) == 1 or any(r.angle for r in runs):
        for r in runs:
            _draw_run(c, r)
        return
    t = c.beginText(runs[0].x, runs[0].y)
    prev = runs[0]
    _text_out(t, prev)
    for r in runs[1:]:
        t.moveCursor(r.x - prev.x, prev.y - r.y)    # reportlab's moveCursor counts dy downwards
        _text_out(t, r)
        prev = r
    c.drawText(t)
