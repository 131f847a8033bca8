"""Tables whose cells spell things unusually: a middle-dot decimal mark ('13·2'), units written out in words
('grams per deciliter'), and an interval's inequality sign in a cell of its own ('<' | '200')."""

from __future__ import annotations

from dataclasses import replace

from tests.analysis.layoutgen.case import NumberStyle
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register, standard_cells
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column

# Units written out as some US and UK reports print them in a 'Units' column, by the catalogue's unit kind; a kind
# missing here keeps its symbol (as real reports do for '%' or 'fL' more often than not).
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "10^3/uL": ("thousand per microliter", "thousand/microliter", "thousand per cubic millimeter"),
    "10^6/uL": ("million per microliter", "million/microliter", "million per cubic millimeter"),
    "10^9/L": ("billion per liter", "billion per litre"),
    "10^12/L": ("trillion per liter", "trillion per litre"),
    "/uL": ("cells per microliter", "per microliter"),
    "g/dL": ("grams per deciliter", "gram per deciliter"),
    "g/L": ("grams per liter", "gram per litre"),
    "mg/dL": ("milligrams per deciliter", "milligram per deciliter"),
    "mmol/L": ("millimoles per liter", "millimole per litre"),
    "mEq/L": ("milliequivalents per liter",),
    "umol/L": ("micromoles per liter", "micromole per litre"),
    "U/L": ("units per liter", "international units per liter"),
    "fL": ("femtoliters", "femtolitres"),
    "pg": ("picograms",),
    "%": ("percent", "%"),
    "ng/mL": ("nanograms per milliliter",),
    "pg/mL": ("picograms per milliliter",),
    "nmol/L": ("nanomoles per liter",),
    "pmol/L": ("picomoles per liter",),
    "mg/L": ("milligrams per liter",),
    "mm/h": ("millimeters per hour",),
    "s": ("seconds",),
}


@register
class MiddleDot(TableFamily):
    name = "middle_dot"
    summary = ("British-style decimal mark: a raised middle dot in every value and interval ('13·2 g/dL', "
               "'3·5 - 5·1', '< 5·0'); name | result | unit | range | flag (H/L, '*' or arrows), some reports "
               "with the flag glued to the value ('15·2H')")
    rules = ("none", "header", "rows", "grid")
    orders = ("reading", "words", "columns")

    def draw(self, ctx: Ctx):
        ctx.case = replace(ctx.case, numbers=NumberStyle("·", ""))
        ctx.opts["glued"] = ctx.rng.random() < 0.3
        return super().draw(ctx)

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        cols = [col("name", w["test"], 38), col("result", w["result"], 14, ctx.rng.choice(["right", "center"])),
                col("unit", w["unit"], 14), col("range", w["reference"], 24, "center")]
        return cols if ctx.opts["glued"] else cols + [col("flag", w["flag"], 8, "center")]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "star", "arrows"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        if ctx.opts["glued"] and fs:
            return standard_cells(ctx, item, fs, value=f"{item.value_text}{fs.mark(item.status)}")
        return standard_cells(ctx, item, fs)


@register
class UnitWords(TableFamily):
    name = "unit_words"
    rewrites_units = True
    summary = ("a 'Units' column with the units written out in words ('thousand per microliter', 'grams per "
               "deciliter', 'millimoles per liter', 'percent'), the symbol where the lab has no words for it; "
               "Test | Result | Flag | Units | Reference Range, flags High/Low or H/L")
    rules = ("none", "header", "rows")
    orders = ("reading", "words", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["words"] = {kind: ctx.rng.choice(spellings) for kind, spellings in UNIT_WORDS.items()}
        return [col("name", w["test"], 36), col("result", w["result"], 11, "right"), col("flag", w["flag"], 8),
                col("unit", w["unit"], 30), col("range", w["reference"], 20)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "word"]), ctx.loc, ctx.rng)

    def item(self, ctx: Ctx, result, rstyle: RangeStyle | None) -> Item:
        words = ctx.opts["words"].get(result.option.kind)
        return make_item(result, ctx.case, rstyle, unit=words if words and result.unit else "")

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)


@register
class SplitQualifier(TableFamily):
    name = "split_qualifier"
    summary = ("inequality signs in cells of their own: a one-sided interval as '<' | '200' or '≥' | '60' in a "
               "narrow column before the limits (a two-sided one fills the limits cell, '3.5 - 5.1'), and a censored "
               "result as '<' | '0.5' in a qualifier column before the value; name | q | result | unit | op | "
               "reference | flag")
    rules = ("grid", "rows", "header", "none")
    orders = ("reading", "words", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["ops"] = ctx.rng.choice([("<", ">"), ("≤", "≥"), ("<=", ">=")])
        return [col("name", w["test"], 36), col("qual", "", 4, "right"), col("result", w["result"], 12, "left"),
                col("unit", w["unit"], 14), col("op", "", 4, "right"), col("range", w["reference"], 20, "left"),
                col("flag", w["flag"], 7, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        lt, gt = ctx.opts["ops"]
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False, upto=f"{lt} {{}}", above=f"{gt} {{}}")

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "star"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        cells, mark = standard_cells(ctx, item, fs)
        r = item.rng
        if r and len(r.lines) == 1 and (r.low_text is None) != (r.high_text is None):
            # one-sided, printed on one line: the sign in its own cell, the bound alone in the range cell
            cells["op"] = Cell([ctx.opts["ops"][0] if r.low_text is None else ctx.opts["ops"][1]])
            cells["range"] = Cell([r.high_text if r.low_text is None else r.low_text])
        return cells, mark

    def extras(self, ctx: Ctx, tw) -> None:
        for e in ctx.case.extras:
            text = e.text.strip()
            qual = text[0] if text[:1] in "<>≤≥" and text[:1] else ""
            cells = {"name": Cell([e.name]), "qual": Cell([qual]), "result": Cell([text[len(qual):].strip()])}
            if e.unit:
                cells["unit"] = Cell([e.unit])
            if e.ref:
                cells["range"] = Cell([e.ref])
            tw.row(cells)


@register
class EllipsisRanges(TableFamily):
    name = "ellipsis_ranges"
    summary = ("intervals whose bounds are joined by dots, as central and eastern European LIS prints have them: "
               "'3.5 .. 5.1', '3,5...5,1', '0.70 … 1.00', '64..83' (spaced or glued, one separator per report); "
               "name | result | unit | range | flag, flags H/L, '+'/'-' or arrows, or none (the interval implies them)")
    rules = ("none", "header", "rows", "grid")
    orders = ("reading", "words", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["flagged"] = ctx.rng.random() < 0.6
        cols = [col("name", w["test"], 38), col("result", w["result"], 14, ctx.rng.choice(["right", "left"])),
                col("unit", w["unit"], 14), col("range", w["reference"], 24)]
        return cols + [col("flag", w["flag"], 8, "center")] if ctx.opts["flagged"] else cols

    def range_style(self, ctx: Ctx) -> RangeStyle:
        dots = ctx.rng.choice(["..", "...", "…"])
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False,
                                  sep=ctx.rng.choice([dots, f" {dots} "]))

    def flags(self, ctx: Ctx) -> FlagStyle | None:
        return flag_style(ctx.rng.choice(["HL", "plus", "arrows"]), ctx.loc, ctx.rng) if ctx.opts["flagged"] else None

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)
