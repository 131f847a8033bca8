"""Indian chain-lab report: a patient box full of numbers, 'Observed Value', the method under each test's name."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.people import METHODS, fmt_date
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style
from tests.analysis.layoutgen.table import Cell, Column

# Numbered fields a chain lab prints in its patient box (label, value template): none is a result.
NUMBER_FIELDS = (("Weight", "{w} kg"), ("Height", "{h} cm"), ("Fasting", "{f} hrs"), ("Client Code", "CC{c}"),
                 ("Ref. No.", "{r}"), ("Bill No.", "B/{b}"), ("Centre", "{c} - Main Branch"))


@register
class ObservedValue(TableFamily):
    name = "observed_value"
    summary = ("Indian chain-lab report: a three-column patient box full of numbers (weight, height, fasting hours, "
               "registration / collection / report times, client and bill numbers), Test Name | Observed Value | Unit "
               "| Biological Ref. Interval, the method in small grey type on a second line under each name, "
               "out-of-range values in bold with H/L after them, wide-spaced columns on a landscape page in some")
    rules = ("none", "header", "rows")
    section_styles = ("band", "underline", "bold")
    orders = ("reading", "words", "columns")
    page_sizes = ("A4", "Letter", "A4-landscape")

    def top(self, ctx: Ctx):
        page = ctx.new_page()
        y = blocks.letterhead(ctx, page, ctx.top)
        y = blocks.title(ctx, page, y)
        h = ctx.case.header
        fields = blocks.patient_fields(ctx)[:7]
        nums = {"w": ctx.rng.randint(48, 95), "h": ctx.rng.randint(150, 190), "f": ctx.rng.choice([8, 10, 12, 14]),
                "c": ctx.rng.randint(1000, 9999), "r": h.accession[-7:], "b": ctx.rng.randint(100000, 999999)}
        fields += [(label, value.format(**nums)) for label, value in ctx.rng.sample(NUMBER_FIELDS, 5)]
        fields.append(("Registered", fmt_date(h.collected, ctx.case.lang, time=True)))
        colw = (ctx.right - ctx.left) / 3
        lh = ctx.size + 3
        rows = -(-len(fields) // 3)
        top = y
        for i, (label, value) in enumerate(fields):
            c, r = divmod(i, rows)
            x = ctx.left + 4 + c * colw
            page.text(x, y - lh * (r + 1), f"{label}", ctx.bold, ctx.size - 1)
            page.text(x + colw * 0.42, y - lh * (r + 1), f": {value}", ctx.regular, ctx.size - 1)
        y -= lh * rows + 6
        page.rect(ctx.left, y, ctx.right - ctx.left, top - y)
        return page, y - 8

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        wide = ctx.doc.width > ctx.doc.height
        result = "Observed Value" if ctx.case.lang == "en" and ctx.rng.random() < 0.7 else w["result"]
        return [col("name", w["test"], 30 if wide else 38), col("result", result, 16, "center"),
                col("unit", w["unit"], 14 if not wide else 18), col("range", w["reference"], 26 if not wide else 30)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice([" - ", "-"]))

    def flags(self, ctx: Ctx) -> FlagStyle:
        return FlagStyle("H", "L", "H", "L")

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status) if ctx.opts.setdefault("marks", ctx.rng.random() < 0.6) else ""
        method = f"{ctx.words['method']}: {METHODS[item.result.marker.panel]}"
        value = f"{item.value_text} {mark}".rstrip()
        cells = {"name": Cell([item.name]), "result": Cell([value], ctx.bold if item.status != "normal" else None),
                 "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines) if item.rng else [])}
        return cells | {"method": Cell([method], ctx.italic, GREY, size=ctx.size - 1.5)}, \
            (fs.means(item.status) if mark else None)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        cells, mark = self.cells(ctx, item, fs)
        method = cells.pop("method")
        tw.keep(2 * tw.lh + 2 * tw.pad)
        cells["name"] = Cell([item.name, ""])  # the row is two lines tall: the method under the name
        base = tw.row(cells)
        tw.page.text(tw.left + 3, base - tw.lh + 1, method.lines[0], ctx.italic, ctx.size - 1.5, color=GREY)
        return mark
