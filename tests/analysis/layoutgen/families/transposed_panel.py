"""Short panels printed transposed: the test names across the page as column titles, values, units, ranges under them."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register, standard_cells
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, flag_style
from tests.analysis.layoutgen.table import Column, TableWriter

# Panels a laboratory prints across the page when they are short (an electrolyte or renal profile, a lipid panel).
ACROSS = ("electrolytes", "kidney", "lipids", "thyroid", "iron", "coagulation", "diabetes", "vitamins", "hormones")
MAX_ACROSS = 6


@register
class TransposedPanel(TableFamily):
    name = "transposed_panel"
    summary = ("short panels printed transposed: the test names as column titles across the page (Sodium | Potassium | "
               "Chloride | ...), under them a row of values (flag beside the value: '5.6 H', '5.6 ↑'), a row of units "
               "and a row of intervals, each row labelled at the left (Result / Unit / Reference); the other panels "
               "in a normal vertical table name | result | flag | unit | range on the same report")
    rules = ("none", "header", "rows")
    orders = ("reading", "words", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 40), col("result", w["result"], 14, "right"), col("flag", "", 6, "center"),
                col("unit", w["unit"], 14), col("range", w["reference"], 22)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)

    def across(self, ctx: Ctx, tw: TableWriter, items: list[Item], fs: FlagStyle) -> list[str | None]:
        """One panel across the page: a title row of names, then the values, units and intervals."""
        w = ctx.words
        label_w = max(ctx.width(t, ctx.bold) for t in (w["result"], w["unit"], w["reference"])) + 10
        x0 = tw.left + label_w
        cw = (tw.right - x0) / len(items)
        names = [[it.name] for it in items]   # a long name is shrunk to its column
        n_name = max(len(n) for n in names)
        lh = ctx.size + 3
        marks = [fs.mark(it.status) for it in items]
        rows = [("", [[ln for ln in n] for n in names], ctx.bold),
                (w["result"], [[f"{it.value_text} {m}".rstrip()] for it, m in zip(items, marks, strict=True)], None),
                (w["unit"], [[it.unit or ""] for it in items], ctx.regular),
                (w["reference"], [list(it.rng.lines) if it.rng else [] for it in items], ctx.regular)]
        height = (n_name + 3) * lh + 3 * 4 + 8
        top = tw.space(height)
        y = top - ctx.size - 2
        for label, cells, font in rows:
            tw.page.text(tw.left + 3, y, label, ctx.bold, ctx.size, color=GREY)
            depth = 1
            for k, lines in enumerate(cells):
                depth = max(depth, len(lines))
                for i, text in enumerate(lines):
                    f = font or (ctx.bold if marks[k] else ctx.regular)
                    size = min(ctx.size, ctx.size * (cw - 14) / max(ctx.width(text, f), 1.0))  # shrunk to fit
                    tw.page.text(x0 + k * cw + cw / 2, y - i * lh, text, f, size, align="center")
            if label == "":
                tw.page.line(tw.left, y - (depth - 1) * lh - 4, tw.right, y - (depth - 1) * lh - 4, 0.4, GREY)
            y -= depth * lh + 4
        return [fs.means(it.status) for it in items]

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        page, y = self.top(ctx)
        tw = self.writer(ctx, page, y)
        rstyle, fs = self.range_style(ctx), self.flags(ctx)
        sec_style = ctx.rng.choice(self.section_styles)
        rows: list[TruthRow] = []
        header_due = True
        for panel, results in ctx.case.panels():
            items = [self.item(ctx, r, rstyle) for r in results]
            if panel in ACROSS and len(items) <= MAX_ACROSS and (len(items) >= 2) and ctx.rng.random() < 0.85:
                tw.keep(9 * (ctx.size + 3) + 30)
                tw.section(blocks.section_title(ctx, panel), style=sec_style)
                for it, mark in zip(items, self.across(ctx, tw, items, fs), strict=True):
                    rows.append(it.truth(ctx.case.numbers, mark))
                header_due = True
                continue
            if header_due:
                tw.header()
                header_due = False
            tw.section(blocks.section_title(ctx, panel), style=sec_style)
            for it in items:
                rows.append(it.truth(ctx.case.numbers, self.draw_rows(ctx, tw, it, fs)))
        self.extras(ctx, tw)
        y = tw.close()
        self.finish(ctx, tw.page, y)
        return rows
