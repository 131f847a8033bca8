"""No unit column: the unit printed in the column headings, one heading row for each run of rows in that unit."""

from __future__ import annotations

from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, first_page, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, TruthRow, choose_range_style, flag_style
from tests.analysis.layoutgen.table import Cell, Column, TableWriter

# How a heading carries the unit: 'Result (mg/dL)', 'Resultado [g/L]', 'Ergebnis / mmol/l', 'Result in mg/dL'.
HEADING_UNIT = ("{title} ({unit})", "{title} [{unit}]", "{title} / {unit}", "{title} ({unit})", "{title}, {unit}")

# One-sided intervals in words as these reports print them: (lower bound only, upper bound only).
WORDED = {"en": [("Greater than {}", "Less than {}"), ("Above {}", "Below {}"), ("More than {}", "Up to {}")],
          "es": [("Mayor de {}", "Menor de {}"), ("Superior a {}", "Inferior a {}")],
          "pt": [("Maior que {}", "Menor que {}"), ("Superior a {}", "Inferior a {}")],
          "fr": [("Supérieur à {}", "Inférieur à {}"), ("Sup. à {}", "Inf. à {}")],
          "it": [("Superiore a {}", "Inferiore a {}"), ("Maggiore di {}", "Minore di {}")],
          "de": [("größer {}", "kleiner {}"), ("über {}", "unter {}"), ("> {}", "bis {}")],
          "id": [("Lebih dari {}", "Kurang dari {}"), ("> {}", "< {}")],
          "zh": [("大于{}", "小于{}"), (">{}", "<{}")]}


@register
class HeaderUnits(TableFamily):
    name = "header_units"
    summary = ("no unit column: the unit printed in the column headings ('Result (mg/dL)', 'Resultado [g/L]', "
               "'Ergebnis / mmol/l', over the reference column too on some reports), tests grouped by unit inside "
               "each section with a new heading row wherever the unit changes (and after a page break); flags as a "
               "trailing word column (HIGH / LOW in the report's language, 'NORMAL' on some, 'HIGH (CRITICAL)'); "
               "one-sided intervals in words ('Greater than 90', 'Supérieur à 90', 'Mayor de 90')")
    rules = ("none", "header", "rows", "grid")
    section_styles = ("bold", "band", "underline")
    orders = ("reading", "words", "columns")
    reorders = True

    def columns(self, ctx: Ctx) -> list[Column]:
        w, rng = ctx.words, ctx.rng
        ctx.opts["form"] = rng.choice(HEADING_UNIT)
        ctx.opts["ref_unit"] = rng.random() < 0.45           # the unit over the reference column too
        ctx.opts["titles"] = {"result": w["result"], "range": w["reference"]}
        cols = [col("name", w["test"], 40), col("result", w["result"], 18, rng.choice(["right", "center", "left"])),
                col("range", w["reference"], 24, rng.choice(["center", "left"]))]
        cols.append(col("flag", w["flag"] if rng.random() < 0.6 else "", 14, rng.choice(["left", "center"])))
        return cols

    def range_style(self, ctx: Ctx) -> RangeStyle:
        above, upto = ctx.rng.choice(WORDED[ctx.case.lang]) if ctx.case.lang in WORDED else ("> {}", "< {}")
        return choose_range_style(ctx.rng, ctx.loc, above=above, upto=upto, zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["word", "WORD"]), ctx.loc, ctx.rng, with_normal=ctx.rng.random() < 0.3)

    def order_results(self, ctx: Ctx, results):
        """Each section's results grouped by unit (in the order the units first appear), as these reports sort them."""
        first = {}
        for i, r in enumerate(results):
            first.setdefault(r.unit, i)
        return sorted(results, key=lambda r: first[r.unit])

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status) if fs else ""
        return ({"name": Cell([item.name]), "result": Cell([item.value_text], ctx.bold if mark else None),
                 "range": Cell(list(item.rng.lines) if item.rng else []), "flag": Cell([mark], ctx.bold if mark else None)},
                fs.means(item.status) if fs else None)

    def set_unit(self, ctx: Ctx, tw: TableWriter, unit: str | None) -> None:
        """Write the unit into the headings (a page break repeats them as they stand)."""
        for c in tw.columns:
            if c.role in ctx.opts["titles"]:
                title = ctx.opts["titles"][c.role]
                with_unit = unit and (c.role == "result" or ctx.opts["ref_unit"])
                c.title = ctx.opts["form"].format(title=title, unit=unit) if with_unit else title

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        page, y = first_page(ctx)
        tw = self.writer(ctx, page, y)
        rstyle, fs = self.range_style(ctx), self.flags(ctx)
        sec_style = ctx.rng.choice(self.section_styles)
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            self.draw_section(ctx, tw, panel, sec_style)
            unit: object = object()
            for r in self.order_results(ctx, results):
                it = self.item(ctx, r, rstyle)
                if it.unit != unit:
                    unit = it.unit
                    self.set_unit(ctx, tw, it.unit)
                    tw.header()
                rows.append(it.truth(ctx.case.numbers, self.draw_rows(ctx, tw, it, fs)))
        self.set_unit(ctx, tw, None)
        if self.print_extras:
            tw.header()
            for e in ctx.case.extras:
                tw.row({"name": Cell([f"{e.name} ({e.unit})" if e.unit else e.name]), "result": Cell([e.text]),
                        "range": Cell([e.ref] if e.ref else [])})
        y = tw.close()
        self.finish(ctx, tw.page, y)
        return rows
