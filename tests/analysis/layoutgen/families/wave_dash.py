"""Japanese-style check-up report printed in English: intervals with a wave dash ('3.5～5.0', '～149', '40～')."""

from __future__ import annotations

from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register, standard_cells
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style
from tests.analysis.layoutgen.table import Column

# The wave dash as printed: fullwidth tilde U+FF5E (spaced or not) or the ASCII tilde. (The wave dash U+301C
# is as common, but no font the generator embeds draws it.)
WAVES = ("～", "~", " ～ ", " ~ ")


@register
class WaveDash(TableFamily):
    name = "wave_dash"
    summary = ("Japanese-style report printed in the report's language: Item | Result | H/L | Unit | Reference, "
               "intervals with a wave dash ('3.5～5.0', '3.5 ～ 5.0', '3.5~5.0'), upper-only as '～149' or '≦149', "
               "lower-only as '40～' or '≧40'; H/L in a narrow column after the value, or glued ('15.2H')")
    rules = ("grid", "rows", "header")
    section_styles = ("band", "bold")
    orders = ("reading", "words", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["glued"] = glued = ctx.rng.random() < 0.35
        cols = [col("name", w["test"], 38), col("result", w["result"], 13, "right")]
        if not glued:
            cols.append(col("flag", "H/L", 6, "center"))
        return cols + [col("unit", w["unit"], 14), col("range", w["reference"], 22, ctx.rng.choice(["left", "center"]))]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        wave = ctx.rng.choice(WAVES)
        open_side = ctx.rng.random() < 0.6
        upto, above = (f"{wave.strip()}{{}}", f"{{}}{wave.strip()}") if open_side else ("≦{}", "≧{}")
        return choose_range_style(ctx.rng, ctx.loc, sep=wave, upto=upto, above=above, zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return FlagStyle("H", "L", "H", "L")

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        if ctx.opts["glued"]:
            return standard_cells(ctx, item, fs, value=f"{item.value_text}{fs.mark(item.status)}")
        return standard_cells(ctx, item, fs)
