"""Two results on every line: a two-column list without a header ('Sodium 140 mmol/L 136-145   Potassium 4.2 ...')."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.lines import LineFlow
from tests.analysis.layoutgen.family import Family, first_page, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, choose_range_style, flag_style, make_item


@register
class PairedList(Family):
    name = "paired_list"
    summary = ("two results on every line, no column header: each half 'name  value flag  unit  range' "
               "('Sodium 140 mmol/L 136-145     Potassium 4.2 mmol/L 3.5-5.1'), the halves level or with a "
               "vertical rule between them; panel titles across the page; H/L or arrows after the value")
    faces = ("sans", "serif", "vera")
    orders = ("reading", "words", "columns")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc = ctx.rng, ctx.loc
        page, y = first_page(ctx)
        flow = LineFlow(ctx, page, y, ctx.size * rng.choice([1.5, 1.7, 1.9]))
        rstyle = choose_range_style(rng, loc, sep=rng.choice(["-", " - ", " – "]))
        fs = flag_style(rng.choice(["HL", "arrows"]), loc, rng)
        gap = 14.0
        half = (ctx.right - ctx.left - gap) / 2
        rule = rng.random() < 0.5
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            y = flow.next(extra=ctx.size * 0.8)
            flow.page.text(ctx.left, y, blocks.section_title(ctx, panel), ctx.bold, ctx.size + 0.5)
            items = [make_item(r, ctx.case, rstyle) for r in results]
            for i in range(0, len(items), 2):
                y = flow.next()
                for j, it in enumerate(items[i:i + 2]):
                    x0 = ctx.left + j * (half + gap)
                    self.half_row(ctx, flow, x0, half, y, it, fs)
                    rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
                if rule:
                    mid = ctx.left + half + gap / 2
                    flow.page.line(mid, y - ctx.size * 0.4, mid, y + ctx.size * 1.1, 0.4)
        if flow.y - 80 > ctx.bottom:
            blocks.notes(ctx, flow.page, flow.y - 16)
        blocks.footers(ctx)
        return rows

    def half_row(self, ctx: Ctx, flow: LineFlow, x0: float, width: float, y: float, it: Item,
                 fs: FlagStyle) -> None:
        """One result in its half of the line: name, value (right-aligned), flag, unit, range."""
        x_val = x0 + width * 0.50
        x_unit = x_val + width * 0.09
        x_rng = x_unit + width * 0.21
        room = x_val - x0 - ctx.width("0000") - 6
        name_w = ctx.width(it.name)
        flow.page.text(x0, y, it.name, ctx.regular, ctx.size * min(1.0, room / max(name_w, 1.0)))
        mark = fs.mark(it.status)
        flow.page.text(x_val, y, it.value_text, ctx.bold if mark else ctx.regular, ctx.size, align="right")
        if mark:
            flow.page.text(x_val + 2, y, mark, ctx.bold, ctx.size - 1)
        small = ctx.size - 0.5
        for x, text, room in ((x_unit, it.unit or "", x_rng - x_unit - 4), (x_rng, it.rng.text, x0 + width - x_rng)):
            if text:  # a long unit or a two-sex interval printed smaller rather than into its neighbour
                flow.page.text(x, y, text, ctx.regular, small * min(1.0, room / max(ctx.width(text) * small / ctx.size, 1.0)))
