"""Result tables that differ in column order, rules and how they mark a result out of range."""

from __future__ import annotations

from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register, value_cell
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style
from tests.analysis.layoutgen.table import Cell, Column


def _align(ctx: Ctx) -> str:
    return ctx.rng.choice(["left", "center", "right"])


@register
class GridRuled(TableFamily):
    name = "grid_ruled"
    summary = "fully ruled grid, name | result | unit | range; H/L (HH/LL critical) after the value in its cell"
    rules = ("grid",)
    section_styles = ("bold", "band")
    orders = ("reading", "shuffled", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        a = _align(ctx)
        return [col("name", w["test"], 40), col("result", w["result"], 15, a), col("unit", w["unit"], 14, a),
                col("range", w["reference"], 22, a)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status)
        text = f"{item.value_text} {mark}" if mark else item.value_text
        return ({"name": Cell([item.name]), "result": value_cell(text, ctx, bold=bool(mark)),
                 "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines))}, fs.means(item.status))


@register
class FlagColumnUS(TableFamily):
    name = "flag_column_us"
    summary = ("US reference-lab style: Test | Result | Flag | Units | Reference Interval | Lab, borderless, "
               "flag words High/Low (Critical), a performing-lab code column")
    rules = ("none", "header")
    section_styles = ("bold", "underline")
    orders = ("reading", "words", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 38), col("result", w["result"], 12, "right"), col("flag", w["flag"], 13, "center"),
                col("unit", w["unit"], 13), col("range", w["reference"], 20), col("lab", "Lab", 5, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice(["-", " - "]))

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["word", "WORD"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status)
        return ({"name": Cell([item.name]), "result": value_cell(item.value_text, ctx, bold=bool(mark)),
                 "flag": Cell([mark], ctx.bold), "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines)),
                 "lab": Cell(["01"])}, fs.means(item.status))


@register
class FlagFirst(TableFamily):
    name = "flag_first"
    summary = "name | flag | result | unit | range: the flag column (arrows or H/L) before the value"
    rules = ("none", "rows", "zebra")
    orders = ("reading", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 38), col("flag", "", 6, "center"), col("result", w["result"], 13, "right"),
                col("unit", w["unit"], 14), col("range", w["reference"], 22)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["arrows", "HL", "star"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status)
        return ({"name": Cell([item.name]), "flag": Cell([mark], ctx.bold), "result": Cell([item.value_text]),
                 "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines))}, fs.means(item.status))


@register
class RangeBeforeUnit(TableFamily):
    name = "range_before_unit"
    summary = ("Examination | Result | Reference Value | Unit in a ruled grid, centred columns, '*' after an "
               "abnormal value (Indonesian clinic style)")
    rules = ("grid",)
    section_styles = ("bold",)
    orders = ("reading", "columns", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 34, "left"), col("result", w["result"], 20, "center"),
                col("range", w["reference"], 22, "center"), col("unit", w["unit"], 12, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=" - ", above="> {}", upto="< {}",
                                  zero_low=ctx.rng.random() < 0.5)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("star", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status)
        text = f"{item.value_text}  {mark}" if mark else item.value_text
        return ({"name": Cell([item.name]), "result": Cell([text]), "range": Cell(list(item.rng.lines)),
                 "unit": Cell([item.unit or ""])}, fs.means(item.status))


@register
class RangeFirst(TableFamily):
    name = "range_first"
    summary = "name | reference range | result | unit: the interval printed before the value; H/L after the value"
    rules = ("header", "none", "rows")
    orders = ("reading", "bottom_up")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 36), col("range", w["reference"], 22, "center"),
                col("result", w["result"], 16, "right"), col("unit", w["unit"], 14, "left")]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status)
        text = f"{item.value_text} {mark}" if mark else item.value_text
        return ({"name": Cell([item.name]), "range": Cell(list(item.rng.lines)), "result": Cell([text]),
                 "unit": Cell([item.unit or ""])}, fs.means(item.status))

