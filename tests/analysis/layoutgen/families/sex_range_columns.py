"""Both sexes' intervals in two columns of their own; the patient's sex (in the header) picks one."""

from __future__ import annotations

from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style, sex_interval_text
from tests.analysis.layoutgen.table import Cell, Column


@register
class SexRangeColumns(TableFamily):
    name = "sex_range_columns"
    summary = ("reference intervals in two columns, one per sex ('Nilai Rujukan L | P', 'Male | Female'), the same "
               "interval in both where it does not depend on sex; name | result | unit | male | female; '*' or H/L "
               "after an abnormal value")
    rules = ("grid", "header", "rows")
    section_styles = ("bold", "band")
    orders = ("reading", "columns", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w, loc = ctx.words, ctx.loc
        male, female = ctx.rng.choice(loc.male), ctx.rng.choice(loc.female)
        if ctx.rng.random() < 0.5:
            male, female = f"{w['reference']} {male}", f"{w['reference']} {female}"
        return [col("name", w["test"], 32), col("result", w["result"], 13, "right"), col("unit", w["unit"], 13),
                col("male", male, 19, "center"), col("female", female, 19, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["star", "HL"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status) if fs else ""
        both = {s: sex_interval_text(item.result, ctx.case, ctx.opts["rstyle"], s) for s in ("M", "F")}
        value = f"{item.value_text} {mark}".rstrip()
        return ({"name": Cell([item.name]), "result": Cell([value], ctx.bold if mark else None),
                 "unit": Cell([item.unit or ""]), "male": Cell([both["M"]]),
                 "female": Cell([both["F"]])}, fs.means(item.status) if fs else None)

    def item(self, ctx: Ctx, result, rstyle):
        ctx.opts["rstyle"] = rstyle
        return super().item(ctx, result, rstyle)
