"""A table without a unit column: the unit printed inside the name cell ('Hemoglobin (g/dL)')."""

from __future__ import annotations

from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style
from tests.analysis.layoutgen.table import Cell, Column

# How the unit joins the name: 'Hemoglobin (g/dL)', 'Hämoglobin [g/dl]', 'Hemoglobin, g/dL', 'Hemoglobin - g/dL'.
UNIT_IN_NAME = ("{name} ({unit})", "{name} [{unit}]", "{name}, {unit}", "{name} - {unit}")


@register
class UnitInName(TableFamily):
    name = "unit_in_name"
    summary = ("no unit column: the unit inside the name cell ('Hemoglobin (g/dL)', 'Hämoglobin [g/l]', "
               "'Glucose, mmol/L'); name | result | range; ranges with an en dash or the language's word "
               "('3.5 – 5.0', '3,5 bis 5,0'); arrows or 'H*'/'L*' glued after the value")
    rewrites_names = True
    rules = ("none", "header", "rows", "grid")
    section_styles = ("bold", "band", "underline")
    orders = ("reading", "words", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["joiner"] = ctx.rng.choice(UNIT_IN_NAME)
        return [col("name", w["test"], 44), col("result", w["result"], 16, ctx.rng.choice(["right", "center"])),
                col("range", w["reference"], 26, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice([" – ", "–"] + ctx.loc.range_words))

    def flags(self, ctx: Ctx) -> FlagStyle:
        kind = ctx.rng.choice(["arrows", "HL*"])
        if kind == "HL*":
            return FlagStyle("H*", "L*", "HH*", "LL*")
        return flag_style(kind, ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status) if fs else ""
        name = ctx.opts["joiner"].format(name=item.name, unit=item.unit) if item.unit else item.name
        value = f"{item.value_text} {mark}".rstrip()
        return ({"name": Cell([name]), "result": Cell([value], ctx.bold if mark else None),
                 "range": Cell(list(item.rng.lines))}, fs.means(item.status) if fs else None)

    def extras(self, ctx: Ctx, tw) -> None:
        for e in ctx.case.extras:
            name = ctx.opts["joiner"].format(name=e.name, unit=e.unit) if e.unit else e.name
            tw.row({"name": Cell([name]), "result": Cell([e.text]), "range": Cell([e.ref] if e.ref else [])})
