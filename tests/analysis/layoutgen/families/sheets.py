"""Pages that reach the sheet transformed: a landscape report on portrait sheets turned by /Rotate, and a
report printed 'fit to page' onto another paper size, each page a scaled Form XObject."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import PAGE_SIZES, Placement
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register, standard_cells
from tests.analysis.layoutgen.people import METHODS
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, flag_style
from tests.analysis.layoutgen.table import Cell, Column


@register
class RotatedLandscape(TableFamily):
    name = "rotated_landscape"
    summary = ("a landscape hospital report (Test | Result | Flag | Unit | Reference | Method | Specimen) stored on "
               "portrait sheets turned by /Rotate 90, as some print drivers save landscape pages: upright on screen, "
               "the text runs up the sheet in PDF coordinates")
    page_sizes = ("A4-landscape", "Letter-landscape")
    sizes = (7.5, 9.0)
    rules = ("grid", "header", "rows")
    orders = ("reading", "shuffled", "columns")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        ctx.doc.placement = Placement(rotate=90)
        return super().draw(ctx)

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 30), col("result", w["result"], 10, "right"), col("flag", w["flag"], 6, "center"),
                col("unit", w["unit"], 11), col("range", w["reference"], 16), col("method", w["method"], 20),
                col("specimen", w["sample"], 12)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        cells, mark = standard_cells(ctx, item, fs)
        panel = item.result.marker.panel
        return cells | {"method": Cell([METHODS[panel]], size=ctx.size - 1),
                        "specimen": Cell([blocks.specimen(ctx, panel)])}, mark


@register
class ShrunkToFit(TableFamily):
    name = "shrunk_to_fit"
    summary = ("an A4 report printed 'fit to page' onto Letter (or Letter onto A4) by a print-to-PDF driver: every "
               "page one Form XObject scaled by 0.84-0.97 and offset, so type sizes and positions come out uneven "
               "(8.46 pt); name | result | unit | range, H/L after the value")
    page_sizes = ("A4", "Letter")
    rules = ("none", "header", "grid")
    orders = ("reading", "words", "bottom_up")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        sheet = PAGE_SIZES["Letter"] if ctx.doc.width < 600 else PAGE_SIZES["A4"]
        fit = min(sheet[0] / ctx.doc.width, sheet[1] / ctx.doc.height)
        scale = round(fit * ctx.rng.uniform(0.88, 1.0), 4)
        offset = ((sheet[0] - ctx.doc.width * scale) / 2 + ctx.rng.uniform(-6, 6),
                  (sheet[1] - ctx.doc.height * scale) / 2 + ctx.rng.uniform(-6, 6))
        ctx.doc.placement = Placement(form=True, scale=scale, offset=offset, sheet=sheet)
        return super().draw(ctx)

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 40), col("result", w["result"], 15, "right"), col("gap", "", 3),
                col("unit", w["unit"], 14), col("range", w["reference"], 24)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs, value=f"{item.value_text} {fs.mark(item.status)}".rstrip())
