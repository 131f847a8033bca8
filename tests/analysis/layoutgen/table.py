"""A result table that flows over pages: columns with roles, rules, sections, wrapped cells, page breaks.

Most table families are a column plan plus a function turning an Item into cells; this engine does the
geometry the way report writers do: header row (repeated on every page, optionally per section), ruled
grid or horizontal rules or none, multi-line cells with their lines aligned at the top, centred or at
the bottom of the row, a "continued" line and the patient header again on the next page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.analysis.layoutgen.canvas import GREY, LIGHT, Page
from tests.analysis.layoutgen.context import Ctx


@dataclass
class Column:
    role: str                 # name, result, flag, unit, range, status, prev, code ...
    title: str
    width: float
    align: str = "left"       # left | right | center
    x: float = 0.0            # left edge, set by `layout`


@dataclass
class Cell:
    lines: list[str]
    font: str | None = None
    color: tuple[float, float, float] | None = None
    valign: str = "top"       # top | center | bottom, within the row's lines
    size: float | None = None


def layout(columns: list[Column], left: float, right: float) -> list[Column]:
    """Scale column widths to fill [left, right] and set their x."""
    total = sum(c.width for c in columns)
    x = left
    for c in columns:
        c.width = c.width * (right - left) / total
        c.x = x
        x += c.width
    return columns


@dataclass
class TableWriter:
    ctx: Ctx
    columns: list[Column]
    page: Page
    y: float
    rules: str = "none"                       # none | grid | rows | header | zebra
    pad: float = 3.0
    header_fill: bool = False
    header_upper: bool = False
    on_new_page: Callable[[Page], float] | None = None   # draws the page top, returns y
    continued: str | None = None              # printed at the bottom of a page the table leaves
    continued_under: bool = False             # ... right under the page's last row instead of at the foot
    line_gap: float = 1.3                     # line height as a multiple of the font size
    zebra_fill: tuple[float, float, float] = LIGHT
    _grid_top: float = field(default=0.0, init=False)
    _rows: int = field(default=0, init=False)
    _last_line: float = field(default=0.0, init=False)

    @property
    def lh(self) -> float:
        return self.ctx.size * self.line_gap

    @property
    def left(self) -> float:
        return self.columns[0].x

    @property
    def right(self) -> float:
        return self.columns[-1].x + self.columns[-1].width

    def _place(self, col: Column, text: str, y: float, font: str, color=None, size: float | None = None) -> None:
        size = size or self.ctx.size
        inset = 3
        w = self.ctx.width(text, font, size)
        if w > col.width - 2 * inset:  # shrink to fit, as report designers' "can shrink" cells do
            size = max(5.0, size * (col.width - 2 * inset) / w)
        if col.align == "right":
            self.page.text(col.x + col.width - inset, y, text, font, size, align="right", color=color)
        elif col.align == "center":
            self.page.text(col.x + col.width / 2, y, text, font, size, align="center", color=color)
        else:
            self.page.text(col.x + inset, y, text, font, size, color=color)

    def header(self) -> None:
        ctx = self.ctx
        titles = [c.title.upper() if self.header_upper else c.title for c in self.columns]
        lines = [(ctx.wrap(t, c.width - 6, ctx.bold) if " " in t else [t]) if t else []
                 for t, c in zip(titles, self.columns, strict=True)]
        n = max(1, max(len(ls) for ls in lines))
        h = n * self.lh + 2 * self.pad
        self._ensure(h + self.lh * 2, header=False)
        if self.header_fill:
            self.page.rect(self.left, self.y - h, self.right - self.left, h, stroke=None, fill=LIGHT)
        if self.rules in ("grid", "header", "rows", "zebra"):
            self.page.line(self.left, self.y, self.right, self.y, 0.8)
        if self.rules == "grid":
            self._grid_top = self.y
        base = self.y - self.pad - self.ctx.size
        for col, ls in zip(self.columns, lines, strict=True):
            for i, t in enumerate(ls):
                self._place(col, t, base - i * self.lh, ctx.bold)
        self.y -= h
        if self.rules in ("grid", "header", "rows", "zebra"):
            self.page.line(self.left, self.y, self.right, self.y, 0.8)

    def section(self, text: str, *, style: str = "bold") -> None:
        """A section title row (bold, a shaded band, or underlined)."""
        h = self.lh + 2 * self.pad
        self._ensure(h + 2 * self.lh)
        if style == "band":
            self.page.rect(self.left, self.y - h, self.right - self.left, h, stroke=None, fill=LIGHT)
        base = self.y - self.pad - self.ctx.size
        self.page.text(self.left + 3, base, text, self.ctx.bold, self.ctx.size + (1 if style == "big" else 0))
        if style == "underline":
            w = self.ctx.width(text, self.ctx.bold)
            self.page.line(self.left + 3, base - 2, self.left + 3 + w, base - 2, 0.5)
        self.y -= h
        if self.rules == "grid":
            self.page.line(self.left, self.y, self.right, self.y, 0.5)

    def row(self, cells: dict[str, Cell]) -> float:
        """Draw one row; returns the baseline of its first line."""
        n = max([len(c.lines) for c in cells.values()] + [1])
        h = n * self.lh + 2 * self.pad
        self._ensure(h)
        if self.rules == "zebra" and self._rows % 2:
            self.page.rect(self.left, self.y - h, self.right - self.left, h, stroke=None, fill=self.zebra_fill)
        base = self.y - self.pad - self.ctx.size
        for col in self.columns:
            cell = cells.get(col.role)
            if not cell:
                continue
            shift = {"top": 0, "center": (n - len(cell.lines)) / 2, "bottom": n - len(cell.lines)}[cell.valign]
            for i, text in enumerate(cell.lines):
                self._place(col, text, base - (i + shift) * self.lh, cell.font or self.ctx.regular, cell.color,
                            cell.size)
        self.y -= h
        self._rows += 1
        self._last_line = base - (n - 1) * self.lh  # the baseline of the row's last line
        if self.rules in ("grid", "rows"):
            self.page.line(self.left, self.y, self.right, self.y, 0.5 if self.rules == "grid" else 0.3,
                           (0, 0, 0) if self.rules == "grid" else GREY)
        return base

    def keep(self, height: float) -> None:
        """Start a new page now unless `height` still fits (keeps a multi-row result together)."""
        self._ensure(height)

    def space(self, height: float) -> float:
        """Reserve `height` (for a block the family draws itself); returns its top y."""
        self._ensure(height)
        top = self.y
        self.y -= height
        return top

    def close(self) -> float:
        if self.rules == "grid":
            self._verticals()
        elif self.rules in ("header", "zebra"):
            self.page.line(self.left, self.y, self.right, self.y, 0.8)
        return self.y

    def _verticals(self) -> None:
        xs = [c.x for c in self.columns] + [self.right]
        for x in xs:
            self.page.line(x, self._grid_top, x, self.y, 0.5)

    def _ensure(self, height: float, *, header: bool = True) -> None:
        if self.y - height >= self.ctx.bottom:
            return
        if self.rules == "grid":
            self._verticals()
        if self.continued:
            y = self._last_line - self.lh if self.continued_under and self._rows else self.ctx.bottom - 6
            self.page.text(self.right, y, self.continued, self.ctx.italic, self.ctx.size - 1, align="right")
        self.page = self.ctx.new_page()
        self.y = self.on_new_page(self.page) if self.on_new_page else self.ctx.top
        if header:
            self.header()
