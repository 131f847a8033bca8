"""Thousands grouped with spaces ('250 000', '4 500'): plain, no-break, narrow no-break or thin spaces."""

from __future__ import annotations

from dataclasses import replace

from tests.analysis.layoutgen.case import NumberStyle
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register, standard_cells
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, TruthRow, choose_range_style, flag_style
from tests.analysis.layoutgen.table import Column

# The space a report groups thousands with: U+0020, no-break U+00A0, narrow no-break U+202F, thin U+2009.
GROUP_SPACES = (" ", "\u00a0", "\u202f", "\u2009")


@register
class SpaceThousands(TableFamily):
    name = "space_thousands"
    summary = ("thousands grouped by a space in values and intervals ('250 000 /mm3', '4 500 – 11 000'): a plain, "
               "no-break, narrow no-break or thin space; intervals glued with an en dash ('3.5–5.1') or spaced, "
               "one-sided as '≤ 5.0' / '≥ 60'; name | result | unit | range | flag (H/L, '*' or arrows)")
    rules = ("none", "header", "rows", "zebra")
    section_styles = ("bold", "band", "underline")
    orders = ("reading", "words", "columns")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        ctx.case = replace(ctx.case, numbers=NumberStyle(ctx.case.numbers.decimal, ctx.rng.choice(GROUP_SPACES)))
        return super().draw(ctx)

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        a = ctx.rng.choice(["right", "center", "left"])
        return [col("name", w["test"], 38), col("result", w["result"], 14, a), col("unit", w["unit"], 13),
                col("range", w["reference"], 24, a), col("flag", w["flag"], 8, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        upto, above = ctx.rng.choice([("≤ {}", "≥ {}"), ("≤{}", "≥{}"), ("< {}", "> {}")])
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice(["–", " – ", " - "]), upto=upto, above=above)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "star", "arrows"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs, bold_marked=True)
