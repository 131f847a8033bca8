"""The reference interval printed under the value in the result cell, and comment lines under results."""

from __future__ import annotations

from tests.analysis.layoutgen.canvas import GREY
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.people import fmt_date
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style
from tests.analysis.layoutgen.table import Cell, Column

# Comments a laboratory prints under a result (numbers, dates and units in them; never results).
COMMENTS = ("Result confirmed by repeat analysis on {date}.", "Sample slightly haemolysed (HI 45); interpret with care.",
            "Please note the new reference interval from {date}.", "Previous result {prev} on {date}.",
            "Called to ward 4B at {time} by lab staff ext. 2210.")


@register
class StackedRange(TableFamily):
    name = "stacked_range"
    summary = ("the interval printed under the value in the same cell, smaller and grey ('13.2 L' over "
               "'(13.5 - 17.5)'), the unit in its own column; a grey comment line under some results with dates, "
               "times and earlier values; flag letters or arrows after the value")
    rules = ("rows", "none", "zebra")
    orders = ("reading", "words", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 44), col("result", f"{w['result']} / {w['reference']}", 26, "center"),
                col("unit", w["unit"], 16, "left")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, wrap=ctx.rng.choice([("(", ")"), ("[", "]"), ("", "")]),
                                  zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        mark = fs.mark(item.status)
        value = f"{item.value_text} {mark}".rstrip()
        tw.keep(3 * tw.lh + 2 * tw.pad)
        blank = [""] * len(item.rng.lines)   # the row is as tall as the value and its interval
        base = tw.row({"name": Cell([item.name, *blank]), "result": Cell([value], ctx.bold if mark else None),
                       "unit": Cell([item.unit or ""])})
        col = next(c for c in tw.columns if c.role == "result")
        for i, line in enumerate(item.rng.lines, 1):   # the interval under the value, inside the same row
            tw.page.text(col.x + col.width / 2, base - i * tw.lh, line, ctx.regular, ctx.size - 1.5,
                         align="center", color=GREY)
        if ctx.rng.random() < 0.2:
            h = ctx.case.header
            text = ctx.rng.choice(COMMENTS).format(date=fmt_date(h.collected, ctx.case.lang),
                                                   time=h.collected.strftime("%H:%M"),
                                                   prev=f"{ctx.fmt(item.result.previous[0], item.result.decimals)} "
                                                        f"{item.unit or ''}".strip())
            top = tw.space(ctx.size + 3)
            tw.page.text(tw.left + 14, top - ctx.size, text, ctx.italic, ctx.size - 1, color=GREY)
        return fs.means(item.status)
