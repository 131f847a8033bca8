"""Reference-lab chain layout: a Method column at the right, multi-line reference cells, comments under results."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, first_page, register
from tests.analysis.layoutgen.people import METHODS
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column

# Body measurements some check-up reports print under the patient block: (label, value, unit); never results.
VITALS = (("Height", "172", "cm"), ("Weight", "81", "kg"), ("BMI", "27.4", "kg/m²"), ("Waist", "94", "cm"),
          ("BP", "128/84", "mmHg"), ("Pulse", "72", "/min"))


@register
class MethodColumn(TableFamily):
    name = "method_column"
    summary = ("health-package report: Test Name | Result | Unit | Bio. Ref. Interval | Method, the method wrapping "
               "over two lines at the right; lipid/glucose references as risk bands over several lines; height, "
               "weight, BMI and blood pressure printed under the patient block; an italic 'Interpretation' paragraph "
               "with numbers under some results; H/L after the value in bold")
    rules = ("none", "header", "rows")
    section_styles = ("band", "bold", "underline")
    orders = ("reading", "words", "shuffled")
    rewrites_names = True

    def top(self, ctx: Ctx):
        page, y = first_page(ctx)
        if ctx.rng.random() < 0.7:
            parts = [f"{label}: {value} {unit}" for label, value, unit in ctx.rng.sample(VITALS, 4)]
            page.text(ctx.left, y - ctx.size, "    ".join(parts), ctx.regular, ctx.size)
            y -= ctx.size + 8
        return page, y

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["upper"] = ctx.rng.random() < 0.5
        return [col("name", w["test"], 32), col("result", w["result"], 12, "left"), col("unit", w["unit"], 12),
                col("range", w["reference"], 24), col("method", w["method"], 18)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice([" - ", "-"] + ctx.loc.range_words))

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def item(self, ctx: Ctx, result, rstyle):
        name = result.name.upper() if ctx.opts["upper"] else result.name
        risk = blocks.risk_lines(ctx, result)
        return make_item(result, ctx.case, None if risk else rstyle, name=name)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        method_w = (ctx.right - ctx.left) * 18 / 98 - 6
        method = ctx.wrap(METHODS[item.result.marker.panel], method_w, size=ctx.size - 1)
        common = {"name": Cell([item.name]), "unit": Cell([item.unit or ""]),
                  "method": Cell(method, color=GREY, size=ctx.size - 1)}
        if item.rng is None:   # risk bands instead of an interval: no flag printed or implied
            return common | {"result": Cell([item.value_text]),
                             "range": Cell(blocks.risk_lines(ctx, item.result), size=ctx.size - 1)}, None
        mark = fs.mark(item.status)
        value = f"{item.value_text} {mark}".rstrip()
        return common | {"result": Cell([value], ctx.bold if mark else None),
                         "range": Cell(list(item.rng.lines))}, fs.means(item.status)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        mark = super().draw_rows(ctx, tw, item, fs)
        if ctx.rng.random() < 0.2:
            lines = ctx.wrap(blocks.notes_text(ctx), tw.right - tw.left - 12, ctx.italic, ctx.size - 1)
            top = tw.space(len(lines) * (ctx.size + 1) + 4)
            for i, line in enumerate(lines):
                tw.page.text(tw.left + 6, top - (i + 1) * (ctx.size + 1), line, ctx.italic, ctx.size - 1)
        return mark
