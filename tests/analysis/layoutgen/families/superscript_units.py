"""Count units with powers of ten drawn as real superscripts: 'x10' then a raised, smaller '9', then '/L'."""

from __future__ import annotations

from tests.analysis.layoutgen.case import Result
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column

# How a count unit is printed, per unit kind: (before the exponent, the raised exponent, after it); an empty
# exponent is a unit printed in one run ('G/L', '10*3/uL', '×10⁹/L'). The truth unit of a raised form writes the
# exponent with a caret ('x10^9/L'), the way the text reads aloud and the way reports print it without a superscript.
FORMS: dict[str, list[tuple[str, str, str]]] = {
    "10^3/uL": [("x10", "3", "/µL"), ("10", "3", "/µL"), ("x 10", "3", "/uL"), ("", "", "10*3/uL"), ("", "", "K/µL"),
                ("", "", "mil/mm³"), ("x10", "3", "/mm"), ("", "", "×10³/µL")],
    "10^6/uL": [("x10", "6", "/µL"), ("10", "6", "/µL"), ("", "", "10*6/uL"), ("", "", "M/µL"), ("", "", "×10⁶/µL")],
    "10^9/L": [("x10", "9", "/L"), ("×10", "9", "/L"), ("10", "9", "/L"), ("", "", "×10⁹/L"), ("", "", "10^9/L"),
               ("", "", "Giga/L"), ("", "", "G/L")],
    "10^12/L": [("x10", "12", "/L"), ("×10", "12", "/L"), ("10", "12", "/L"), ("", "", "10^12/L"), ("", "", "T/L"),
                ("", "", "Tera/L"), ("", "", "×10¹²/L")],
}


def truth_unit(form: tuple[str, str, str]) -> str:
    a, sup, b = form
    if not sup:
        return b
    if b == "/mm":     # a raised 3 after 'mm' too: written '³'
        return f"{a}^{sup}/mm³"
    return f"{a}^{sup}{b}"


@register
class SuperscriptUnits(TableFamily):
    name = "superscript_units"
    summary = ("count units with the power of ten drawn as a real superscript: 'x10' then a smaller raised '9' then "
               "'/L' (also '10' raised '3' '/µL', 'x10' raised '3' '/mm' raised '3'), or in one run ('×10⁹/L', "
               "'10^12/L', '10*3/uL', 'Giga/L', 'T/L', 'G/L', 'mil/mm³'); name | result | unit | range | flag. "
               "Truth: a raised exponent is written with a caret ('x10^9/L')")
    rules = ("none", "header", "rows", "grid")
    orders = ("reading", "words", "shuffled")
    rewrites_units = True

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["forms"] = {k: ctx.rng.choice(v) for k, v in FORMS.items()}
        return [col("name", w["test"], 40), col("result", w["result"], 14, "right"), col("unit", w["unit"], 16),
                col("range", w["reference"], 22), col("flag", w["flag"], 8, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "arrows", "word"]), ctx.loc, ctx.rng)

    def item(self, ctx: Ctx, result: Result, rstyle: RangeStyle | None) -> Item:
        form = ctx.opts["forms"].get(result.option.kind)
        return make_item(result, ctx.case, rstyle, unit=truth_unit(form) if form else result.unit)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        mark = fs.mark(item.status)
        form = ctx.opts["forms"].get(item.result.option.kind)
        raised = form is not None and form[1] != ""
        cells = {"name": Cell([item.name]), "result": Cell([item.value_text], ctx.bold if mark else None),
                 "flag": Cell([mark], ctx.bold), "unit": Cell(["" if raised else (item.unit or "")]),
                 "range": Cell(list(item.rng.lines) if item.rng else [])}
        base = tw.row(cells)
        if raised:
            a, sup, b = form
            c = next(c for c in tw.columns if c.role == "unit")
            x = c.x + 3
            small = ctx.size * 0.62
            tw.page.text(x, base, a, ctx.regular, ctx.size)
            x += ctx.width(a) + 0.3
            tw.page.text(x, base + ctx.size * 0.4, sup, ctx.regular, small)
            x += ctx.width(sup, size=small) + 0.3
            tw.page.text(x, base, b, ctx.regular, ctx.size)
            if b == "/mm":
                x += ctx.width(b) + 0.3
                tw.page.text(x, base + ctx.size * 0.4, "3", ctx.regular, small)
        return fs.means(item.status)
