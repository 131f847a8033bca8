"""Report styles beyond a plain table: result cards, and a LIS report with interpretation blocks."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, RED
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import Family, TableFamily, col, first_page, next_page_top, register
from tests.analysis.layoutgen.people import METHODS
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, TruthRow, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column, TableWriter

_STATUS_COLOUR = {"normal": (0.1, 0.5, 0.2), "low": (0.1, 0.3, 0.75), "high": RED, "critical_low": RED,
                  "critical_high": RED}


@register
class ResultCards(Family):
    name = "result_cards"
    summary = ("patient-portal cards, two or three per row: name, then the value with its unit in large type, then "
               "'Ref: 70 - 99 mg/dL', a status word in the corner")
    orders = ("reading", "bottom_up", "columns", "shuffled")
    faces = ("sans", "vera")
    sizes = (8.0, 9.5)

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc = ctx.rng, ctx.loc
        page, y = first_page(ctx, barcode=False)
        ncols = rng.choice([2, 3, 3])
        gap = 10
        width = (ctx.right - ctx.left - gap * (ncols - 1)) / ncols
        rstyle = choose_range_style(rng, loc, zero_low=False)
        fs = flag_style(rng.choice(["word", "WORD"]), loc, rng, with_normal=True)
        intro = rng.choice(loc.ref_intro)
        big = ctx.size + rng.choice([4, 6, 8])
        unit_in_ref = rng.random() < 0.4
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            items = [make_item(r, ctx.case, rstyle) for r in results]
            title_h = ctx.size + 10
            for start in range(0, len(items), ncols):
                chunk = items[start:start + ncols]
                names = [ctx.wrap(it.name, width - 70, ctx.bold)[:3] if " " in it.name else [it.name] for it in chunk]
                h = 14 + max(len(n) for n in names) * (ctx.size + 2) + big + 2 * ctx.size + 12
                need = h + gap + (title_h if start == 0 else 0)
                if y - need < ctx.bottom:
                    page = ctx.new_page()
                    y = next_page_top(ctx, page, patient=False)
                if start == 0:
                    page.text(ctx.left, y - ctx.size - 2, blocks.section_title(ctx, panel), ctx.bold, ctx.size + 2)
                    y -= title_h
                for i, (it, name_lines) in enumerate(zip(chunk, names, strict=True)):
                    x = ctx.left + i * (width + gap)
                    page.rect(x, y - h, width, h, stroke=(0.75, 0.75, 0.75), width=0.8)
                    yy = y - 12
                    for line in name_lines:
                        page.text(x + 8, yy, line, ctx.bold, ctx.size)
                        yy -= ctx.size + 2
                    mark = fs.mark(it.status)
                    page.text(x + width - 8, y - 12, mark, ctx.bold, ctx.size - 1, align="right",
                              color=_STATUS_COLOUR[it.status])
                    yy -= big - ctx.size + 4
                    w = page.text(x + 8, yy, it.value_text, ctx.bold, big)
                    if it.unit:
                        page.text(x + 12 + w, yy, it.unit, ctx.regular, ctx.size)
                    yy -= ctx.size + 6
                    ref = it.rng.text + (f" {it.unit}" if unit_in_ref and it.unit else "")
                    page.text(x + 8, yy, f"{intro} {ref}", ctx.regular, ctx.size - 1, color=GREY)
                    rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
                y -= h + gap
        if y - 60 > ctx.bottom:
            blocks.notes(ctx, page, y - 6)
        blocks.footers(ctx)
        return rows


@register
class LisInterpretation(TableFamily):
    name = "lis_interpretation"
    summary = ("LIS report: Test Name | Results | Units | Bio. Ref. Interval, the method in brackets under each "
               "name, values in bold when out of range, interpretation tables and numbered notes after a panel")
    rules = ("header",)
    section_styles = ("bold",)
    rewrites_names = True
    creator = "Crystal Reports"
    orders = ("reading", "words", "bottom_up")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["boxed"] = ctx.rng.random() < 0.4
        return [col("name", w["test"], 42), col("result", w["result"], 14, "left"), col("unit", w["unit"], 14),
                col("range", w["reference"], 24)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=" - ")

    def item(self, ctx: Ctx, result, rstyle):
        return make_item(result, ctx.case, rstyle, name=result.name.upper())

    def draw_rows(self, ctx: Ctx, tw: TableWriter, item: Item, fs: FlagStyle | None) -> str | None:
        bold = item.status != "normal"
        tw.keep(3 * tw.lh + 4 * tw.pad)
        top = tw.y
        tw.row({"name": Cell([item.name], ctx.bold), "result": Cell([item.value_text], ctx.bold if bold else None),
                "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines))})
        tw.row({"name": Cell([f"({METHODS[item.result.marker.panel]})"], ctx.italic, size=ctx.size - 1.5)})
        if ctx.opts["boxed"]:
            tw.page.rect(tw.left, tw.y + 1, tw.right - tw.left, top - tw.y - 1, width=0.4)
        lines = blocks.risk_lines(ctx, item.result)
        if lines:
            self.interpretation(ctx, tw, lines)
        return None  # bold marks it; the printed interval says which way

    def interpretation(self, ctx: Ctx, tw: TableWriter, lines: list[str]) -> None:
        """A small ruled table of risk bands under the result ('Desirable | < 200')."""
        lh = ctx.size + 4
        top = tw.space(lh * (len(lines) + 1) + 8)
        x0, x1, x2 = tw.left + 20, tw.left + 160, tw.left + 260
        tw.page.text(x0, top - ctx.size - 2, "Interpretation" if ctx.case.lang == "en" else ctx.words["reference"],
                     ctx.bold, ctx.size - 1)
        y = top - lh - 2
        for line in lines:
            word, _, band = line.partition(": ")
            tw.page.line(x0, y, x2, y, 0.3)
            tw.page.text(x0 + 3, y - ctx.size, word, ctx.regular, ctx.size - 1)
            tw.page.text(x1 + 3, y - ctx.size, band, ctx.regular, ctx.size - 1)
            y -= lh
        tw.page.line(x0, y, x2, y, 0.3)
        for x in (x0, x1, x2):
            tw.page.line(x, top - lh - 2, x, y, 0.3)

    def after_panel(self, ctx: Ctx, tw: TableWriter, panel: str, items: list[Item]) -> None:
        if ctx.rng.random() < 0.5:
            text = blocks.notes_text(ctx)
            lines = ctx.wrap(f"1. {text}", tw.right - tw.left - 10, ctx.regular, ctx.size - 1)
            top = tw.space((len(lines) + 1) * (ctx.size + 2) + 4)
            tw.page.text(tw.left, top - ctx.size, "Note" if ctx.case.lang == "en" else "*", ctx.bold, ctx.size - 1)
            for i, line in enumerate(lines, 1):
                tw.page.text(tw.left + 8, top - ctx.size - i * (ctx.size + 2), line, ctx.regular, ctx.size - 1)
