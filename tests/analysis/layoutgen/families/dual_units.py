"""French / Belgian biochemistry report: every result in two unit systems, each value with its own interval."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.analysis.layoutgen.canvas import GREY
from tests.analysis.layoutgen.case import Result
from tests.analysis.layoutgen.catalogue import UnitOption
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.people import fmt_date
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style, print_range
from tests.analysis.layoutgen.table import Cell, Column
from tests.analysis.layoutgen.units import choose_spelling

# Printed in one system only here: HbA1c's NGSP % and IFCC mmol/mol are two scales a report gives as two results.
TWO_SCALES = frozenset({"hba1c"})


def other_unit(ctx: Ctx, result: Result) -> tuple[str, str, list[str]] | None:
    """The result in the other unit system: (value text, unit, interval lines), or None when the unit is the same."""
    m = result.marker
    opt: UnitOption = (m.si if ctx.case.units == "conv" else m.conv)[0]
    if opt.kind == result.option.kind or not opt.kind or m.key in TWO_SCALES:
        return None
    base = (result.value - result.option.offset) / result.option.factor
    value = opt.convert(base)
    dec = opt.decimals
    if dec < 0:
        value = round(value / 10 ** -dec) * 10 ** -dec
    spellings = ctx.opts.setdefault("spellings", {})
    unit = spellings.setdefault(opt.kind, choose_spelling(opt.kind, ctx.case.lang, ctx.rng))
    text = ctx.fmt(value, max(dec, 0))
    lines = list(print_range(replace(result, option=opt), ctx.case, ctx.opts["rstyle"]).lines)
    return text, unit, lines


@register
class DualUnits(TableFamily):
    name = "dual_units"
    summary = ("French/Belgian biochemistry style: each result printed in two unit systems on one row, "
               "'Glycémie à jeun  0,95 g/L  5,27 mmol/L  (0,70-1,10)  (3,89-6,10)', each value with its interval "
               "(or the second value and interval in grey under the first); an 'Antériorités' column with the "
               "previous result and its date on some reports. Truth convention: the FIRST value, unit and interval "
               "are the result; the second system's value is a repeat, never a result of its own")
    rules = ("none", "header", "rows")
    section_styles = ("bold", "underline", "band")
    orders = ("reading", "words", "shuffled")
    sizes = (7.0, 8.5)
    page_sizes = ("A4",)

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["stacked"] = stacked = ctx.rng.random() < 0.35
        ctx.opts["prev"] = prev = ctx.rng.random() < 0.5
        if stacked:
            cols = [col("name", w["test"], 40), col("result", w["result"], 16, "right"), col("unit", w["unit"], 12),
                    col("range", w["reference"], 22)]
        else:
            cols = [col("name", w["test"], 34), col("result", w["result"], 11, "right"), col("unit", "", 10),
                    col("result2", "", 11, "right"), col("unit2", "", 10), col("range", w["reference"], 16),
                    col("range2", "", 16)]
        if prev:
            cols.append(col("prev", w["previous"], 16))
        return cols

    def range_style(self, ctx: Ctx) -> RangeStyle:
        ctx.opts["rstyle"] = style = choose_range_style(ctx.rng, ctx.loc, wrap=ctx.rng.choice([("(", ")"), ("", "")]),
                                                         zero_low=False)
        return style

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["star", "HL", "arrows"]), ctx.loc, ctx.rng)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        mark = fs.mark(item.status)
        value = f"{item.value_text} {mark}".rstrip()
        font = ctx.bold if mark else None
        second = other_unit(ctx, item.result)
        rng_lines = list(item.rng.lines) if item.rng else []
        cells = {"name": Cell([item.name]), "result": Cell([value], font), "unit": Cell([item.unit or ""]),
                 "range": Cell(rng_lines)}
        if ctx.opts["prev"]:
            r = item.result
            d = fmt_date(ctx.case.header.collected - timedelta(days=ctx.rng.randrange(40, 700)), ctx.case.lang)
            prev = ctx.fmt(r.previous[0], r.decimals)
            cells["prev"] = Cell([f"{prev} ({d})"] if ctx.rng.random() < 0.5 else [prev, d], color=GREY)
        if second and not ctx.opts["stacked"]:
            cells.update(result2=Cell([second[0]], font), unit2=Cell([second[1]]), range2=Cell(second[2]))
        if second and ctx.opts["stacked"]:
            cells["name"] = Cell([item.name, ""])   # the row holds a second line
        tw.keep(3 * tw.lh + 2 * tw.pad)
        base = tw.row(cells)
        if second and ctx.opts["stacked"]:   # the other system in grey under the first value and its interval
            y = base - tw.lh
            for role, text in (("result", second[0]), ("unit", second[1]), ("range", "  ".join(second[2]))):
                c = next(c for c in tw.columns if c.role == role)
                if c.align == "right":
                    tw.page.text(c.x + c.width - 3, y, text, ctx.italic, ctx.size - 1, align="right", color=GREY)
                else:
                    tw.page.text(c.x + 3, y, text, ctx.italic, ctx.size - 1, color=GREY)
        return fs.means(item.status)
