"""Table writers for the styled layouts: coloured header bands with white text, titles spanning columns
("Reference" over "Low | High"), extra header rows (a cumulative report's dates and times), dark section
bands, and columns written as one text object each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.analysis.layoutgen.table import Column, TableWriter

WHITE = (1.0, 1.0, 1.0)
NAVY = (0.12, 0.22, 0.40)
TEAL = (0.0, 0.40, 0.45)
SLATE = (0.25, 0.27, 0.30)
PALE_BLUE = (0.90, 0.94, 0.98)
PALE_GREEN = (0.91, 0.97, 0.92)


@dataclass
class StyledWriter(TableWriter):
    header_bg: tuple[float, float, float] | None = None    # a filled header band (its titles in header_fg)
    header_fg: tuple[float, float, float] | None = None
    band_bg: tuple[float, float, float] | None = None      # section titles on a filled band (in band_fg)
    band_fg: tuple[float, float, float] | None = None
    spans: list[tuple[str, str, str]] = field(default_factory=list)        # (title, first role, last role)
    extra_rows: list[dict[str, str]] = field(default_factory=list)         # header rows under the titles

    def _col(self, role: str) -> Column:
        return next(c for c in self.columns if c.role == role)

    def header(self) -> None:
        ctx = self.ctx
        n = (1 if self.spans else 0) + 1 + len(self.extra_rows)
        h = n * self.lh + 2 * self.pad
        self._ensure(h + self.lh * 2, header=False)
        fill = self.header_bg or (None if not self.header_fill else (0.92, 0.92, 0.92))
        if fill:
            self.page.rect(self.left, self.y - h, self.right - self.left, h, stroke=None, fill=fill)
        if self.rules in ("grid", "header", "rows", "zebra"):
            self.page.line(self.left, self.y, self.right, self.y, 0.8)
        if self.rules == "grid":
            self._grid_top = self.y
        fg = self.header_fg
        base = self.y - self.pad - ctx.size
        if self.spans:
            for title, first, last in self.spans:
                a, b = self._col(first), self._col(last)
                x0, x1 = a.x, b.x + b.width
                self.page.text((x0 + x1) / 2, base, title, ctx.bold, ctx.size, align="center", color=fg)
                self.page.line(x0 + 3, base - 3, x1 - 3, base - 3, 0.4, fg or (0, 0, 0))
            base -= self.lh
        for col in self.columns:
            title = col.title.upper() if self.header_upper else col.title
            if title:
                self._place(col, title, base, ctx.bold, fg)
        for row in self.extra_rows:
            base -= self.lh
            for col in self.columns:
                if row.get(col.role):
                    self._place(col, row[col.role], base, ctx.regular, fg)
        self.y -= h
        if self.rules in ("grid", "header", "rows", "zebra"):
            self.page.line(self.left, self.y, self.right, self.y, 0.8)

    def section(self, text: str, *, style: str = "bold") -> None:
        if not self.band_bg:
            super().section(text, style=style)
            return
        h = self.lh + 2 * self.pad
        self._ensure(h + 2 * self.lh)
        self.page.rect(self.left, self.y - h, self.right - self.left, h, stroke=None, fill=self.band_bg)
        self.page.text(self.left + 4, self.y - self.pad - self.ctx.size, text, self.ctx.bold, self.ctx.size,
                       color=self.band_fg)
        self.y -= h


@dataclass
class ColumnObjectWriter(StyledWriter):
    """Every column's cells (its title included) on a page go into one text object, written top to bottom."""

    def _place(self, col: Column, text: str, y: float, font: str, color=None, size: float | None = None) -> None:
        before = len(self.page.runs)
        super()._place(col, text, y, font, color, size)
        for run in self.page.runs[before:]:
            run.group = col.role
