"""Panel names printed vertically (turned 90°) in a narrow first column beside their rows."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import Page
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register, standard_cells
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, flag_style
from tests.analysis.layoutgen.table import Column, TableWriter


@register
class VerticalGroups(TableFamily):
    name = "vertical_groups"
    summary = ("no section rows: each panel's name runs vertically (turned 90°) in a narrow first column beside "
               "its rows, split where the panel continues on the next page; name | result | flag | unit | range, "
               "arrows or H/L in the flag column")
    rules = ("grid", "rows", "none")
    orders = ("reading", "words", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("group", "", 5, "center"), col("name", w["test"], 34), col("result", w["result"], 13, "right"),
                col("flag", "", 6, "center"), col("unit", w["unit"], 14), col("range", w["reference"], 22)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["arrows", "HL"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)

    def label(self, ctx: Ctx, tw: TableWriter, page: Page, top: float, bottom: float, text: str) -> None:
        group = tw.columns[0]
        height = top - bottom
        size = ctx.size
        w = ctx.width(text, ctx.bold, size)
        if w > height - 4:
            size = max(5.0, size * (height - 4) / w)
            w = ctx.width(text, ctx.bold, size)
        x = group.x + group.width / 2 + size / 3
        page.text(x, bottom + max((height - w) / 2, 1), text, ctx.bold, size, angle=90)

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        page, y = self.top(ctx)
        tw = self.writer(ctx, page, y)
        rstyle, fs = self.range_style(ctx), self.flags(ctx)
        tw.header()
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            title = blocks.section_title(ctx, panel)
            items = [self.item(ctx, r, rstyle) for r in results]
            tw.keep(min(len(items), 3) * (tw.lh + 2 * tw.pad))
            seg_page, seg_top = tw.page, tw.y
            for it in items:
                cells, mark = self.cells(ctx, it, fs)
                h = max(len(c.lines) for c in cells.values()) * tw.lh + 2 * tw.pad
                bottom = tw.y
                tw.keep(h)
                if tw.page is not seg_page:   # the panel goes on over the page: label the part left behind
                    self.label(ctx, tw, seg_page, seg_top, bottom, title)
                    seg_page, seg_top = tw.page, tw.y
                tw.row(cells)
                rows.append(it.truth(ctx.case.numbers, mark))
            self.label(ctx, tw, seg_page, seg_top, tw.y, title)
            if tw.rules in ("none", "rows"):
                tw.page.line(tw.left, tw.y, tw.right, tw.y, 0.6)
        y = tw.close()
        self.finish(ctx, tw.page, y)
        return rows
