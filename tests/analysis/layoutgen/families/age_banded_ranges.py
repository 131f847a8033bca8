"""Reference cells holding several intervals by age band, one per line; the patient's age in the header."""

from __future__ import annotations

from tests.analysis.layoutgen.case import Result, decimals_of
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column

# Adult age bands a laboratory splits an interval into: (last age of the younger band, first of the older).
SPLITS = ((49, 50), (59, 60), (64, 65))


@register
class AgeBandedRanges(TableFamily):
    name = "age_banded_ranges"
    summary = ("the reference cell holds several intervals by age band, one per line ('1-12 años: 0,30 - 0,70', "
               "'18-49 años: 0,60 - 1,20', '≥ 50 años: 0,70 - 1,30'), the patient's age in the header; "
               "name | result | flag | unit | reference, H/L in the flag column. Truth: the interval of the band "
               "that holds the patient's age (the value, unit and flag right, no band a result of its own)")
    rules = ("none", "header", "rows", "grid")
    orders = ("reading", "words", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 36), col("result", w["result"], 12, "right"), col("flag", w["flag"], 7, "center"),
                col("unit", w["unit"], 14), col("range", w["reference"], 31)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def _bands(self, ctx: Ctx, item: Item) -> list[str] | None:
        """The interval's lines by age band (the patient's band prints the patient's interval), or None."""
        rng = item.rng
        if rng is None or rng.low_text is None or rng.high_text is None or ctx.rng.random() < 0.4:
            return None
        age, unit = ctx.case.header.age, ctx.loc.age_unit
        young, old = ctx.rng.choice(SPLITS)
        sep = ctx.opts["sep"]
        lo, hi = rng.low, rng.high
        dec = max(decimals_of(rng.low_text.replace(",", ".")), decimals_of(rng.high_text.replace(",", ".")))

        def text(a: float, b: float) -> str:
            return f"{ctx.fmt(a, dec)}{sep}{ctx.fmt(b, dec)}"

        own = f"{rng.low_text}{sep}{rng.high_text}"
        other = text(lo * 1.1, hi * 1.1) if age <= young else text(lo * 0.9, hi * 0.9)
        adult = [(unit.format(f"18-{young}"), own if age <= young else other),
                 (unit.format(f"≥ {old}"), other if age <= young else own)]
        lines = [f"{label}: {ivl}" for label, ivl in adult]
        if ctx.rng.random() < 0.5:   # a children's band first
            lines.insert(0, f"{unit.format('1-12')}: {text(lo * 0.6, hi * 0.7)}")
        return lines

    def item(self, ctx: Ctx, result: Result, rstyle: RangeStyle | None) -> Item:
        ctx.opts.setdefault("sep", rstyle.sep if rstyle and rstyle.sep.strip() in ("-", "–") else " - ")
        return make_item(result, ctx.case, rstyle)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        mark = fs.mark(item.status)
        bands = self._bands(ctx, item)
        rng_lines = bands if bands else (list(item.rng.lines) if item.rng else [])
        if bands:
            tw.keep((len(bands) + 1) * tw.lh + 2 * tw.pad)
        tw.row({"name": Cell([item.name]), "result": Cell([item.value_text], ctx.bold if mark else None),
                "flag": Cell([mark], ctx.bold), "unit": Cell([item.unit or ""]), "range": Cell(rng_lines)})
        return fs.means(item.status)
