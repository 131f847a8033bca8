"""Holdout families: parser rules are not written from these (see docs/ANALYSIS.md, "Holdout policy").

Whoever works on the parser does not read this module or look at these families' PDFs; their accuracy is
reported apart from the other families'.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import timedelta

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, RED
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import Family, TableFamily, col, first_page, next_page_top, register
from tests.analysis.layoutgen.people import METHODS, fmt_date
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, TruthRow, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column, TableWriter, layout

_STATUS_COLOUR = {"normal": (0.1, 0.5, 0.2), "low": (0.1, 0.3, 0.75), "high": RED, "critical_low": RED,
                  "critical_high": RED}


@register
class InRangeOutOfRange(TableFamily):
    name = "in_out_range_columns"
    summary = ("Test Name | In Range | Out Of Range | Reference Range | Lab: the value in one of two columns, H/L "
               "beside an out-of-range value, the unit printed after the reference range, names in capitals")
    rules = ("header",)
    section_styles = ("bold",)
    rewrites_names = True
    orders = ("reading", "columns", "words_shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w, loc = ctx.words, ctx.loc
        return [col("name", w["test"].upper(), 36), col("in", f"{loc.normal[0]}".upper(), 13, "left"),
                col("out", f"{loc.high[0]} / {loc.low[0]}".upper(), 13, "left"), col("range", w["reference"], 30),
                col("lab", "Lab", 6)]

    def item(self, ctx: Ctx, result, rstyle):
        return make_item(result, ctx.case, rstyle, name=result.name.upper())

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep="-", upto="<{}", above=">{}" if ctx.rng.random() < 0.5 else "> OR = {}",
                                  zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status)
        unit = f" {item.unit}" if item.unit else ""
        cells = {"name": Cell([item.name]), "range": Cell([item.rng.text + unit]),
                 "lab": Cell([ctx.opts.setdefault("lab", ctx.rng.choice(["EN", "Z4M", "SJ", "01"]))])}
        if mark:
            cells["out"] = Cell([f"{item.value_text} {mark}"], ctx.bold)
        else:
            cells["in"] = Cell([item.value_text])
        return cells, fs.means(item.status)

    def extras(self, ctx: Ctx, tw) -> None:
        for e in ctx.case.extras:
            tw.row({"name": Cell([e.name.upper()]), "in": Cell([e.text.upper()]),
                    "range": Cell([(e.ref or "") + (f" {e.unit}" if e.unit else "")])})


@register
class CumulativePrevious(TableFamily):
    name = "cumulative_previous"
    summary = ("cumulative report: the current result beside two earlier results with their dates (current first or "
               "last), H/L on every result column, unit and range at the right")
    rules = ("header", "rows")
    orders = ("reading", "columns", "shuffled")
    page_sizes = ("A4", "Letter", "A4-landscape")

    def columns(self, ctx: Ctx) -> list[Column]:
        w, h, lang = ctx.words, ctx.case.header, ctx.case.lang
        d0 = fmt_date(h.collected, lang)
        d1 = fmt_date(h.collected - timedelta(days=ctx.rng.randrange(60, 200)), lang)
        d2 = fmt_date(h.collected - timedelta(days=ctx.rng.randrange(220, 500)), lang)
        current_first = ctx.rng.random() < 0.6
        ctx.opts["current_first"] = current_first
        cur = col("result", f"{w['result']} {d0}", 14, "right")
        prev = [col("prev1", f"{w['previous']} {d1}", 13, "right"), col("prev2", f"{w['previous']} {d2}", 13, "right")]
        values = [cur, *prev] if current_first else [prev[1], prev[0], cur]
        return [col("name", w["test"], 30), *values, col("unit", w["unit"], 12), col("range", w["reference"], 18)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        r = item.result
        mark = fs.mark(item.status)

        def shown(value: float) -> str:
            text = ctx.fmt(value, r.decimals)
            st = replace(r, value=value, intent="normal").status(ctx.case.sex)
            return f"{text} {fs.mark(st)}".rstrip()

        return ({"name": Cell([item.name]), "result": Cell([f"{item.value_text} {mark}".rstrip()], ctx.bold),
                 "prev1": Cell([shown(r.previous[0])]), "prev2": Cell([shown(r.previous[1])]),
                 "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines))}, fs.means(item.status))


@register
class TwoColumnPage(Family):
    name = "two_column_page"
    summary = ("the page set in two columns like a newspaper: each column a borderless list of sections "
               "(name | value | unit | range), the left column filled first; the content stream column by column "
               "or word by word")
    orders = ("columns", "reading", "words_shuffled", "right_first")
    sizes = (7.0, 8.5)

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng = ctx.rng
        rstyle = choose_range_style(rng, ctx.loc, sep=rng.choice(["-", " - ", "–"]))
        fs = flag_style(rng.choice(["HL", "star", "arrows"]), ctx.loc, rng)
        gap = 18
        half = (ctx.right - ctx.left - gap) / 2
        lh = ctx.size * 1.45
        w = ctx.words
        plan = [Column("name", w["test"], 44), Column("result", w["result"], 18, "right"), Column("unit", w["unit"], 17),
                Column("range", w["reference"], 21)]
        entries: list[tuple[str, object]] = []
        for panel, results in ctx.case.panels():
            entries.append(("title", panel))
            entries.extend(("row", r) for r in results)
        rows: list[TruthRow] = []
        page, y_top = first_page(ctx)
        while entries:
            capacity = int((y_top - ctx.bottom) / lh) - 1
            chunk = entries[: 2 * capacity]
            k = min(capacity, math.ceil(len(chunk) / 2))
            if chunk[k - 1][0] == "title":     # never end a column on a section title
                k -= 1
            for side, part in enumerate((chunk[:k], chunk[k:len(chunk)])):
                x0 = ctx.left + side * (half + gap)
                cols = layout([Column(c.role, c.title, c.width, c.align) for c in plan], x0, x0 + half)
                y = y_top
                for kind, obj in part:
                    y -= lh
                    if kind == "title":
                        page.text(x0, y, blocks.section_title(ctx, obj).upper(), ctx.bold, ctx.size)
                        page.line(x0, y - 3, x0 + half, y - 3, 0.4)
                        continue
                    it = make_item(obj, ctx.case, rstyle)
                    mark = fs.mark(it.status)
                    texts = {"name": it.name, "result": f"{it.value_text} {mark}".rstrip(), "unit": it.unit or "",
                             "range": it.rng.text}
                    for c in cols:
                        x = c.x + c.width - 3 if c.align == "right" else c.x + 2
                        size = min(ctx.size, ctx.size * (c.width - 5) / max(1.0, ctx.width(texts[c.role])))
                        page.text(x, y, texts[c.role], ctx.bold if c.role == "result" and mark else ctx.regular, size,
                                  align=c.align)
                    rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
            page.line(ctx.left + half + gap / 2, y_top, ctx.left + half + gap / 2, y_top - k * lh, 0.4, GREY)
            entries = entries[len(chunk):]
            if entries:
                page = ctx.new_page()
                y_top = next_page_top(ctx, page, patient=rng.random() < 0.5)
        blocks.footers(ctx)
        return rows


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
                names = [ctx.wrap(it.name, width - 70, ctx.bold) if " " in it.name else [it.name] for it in chunk]
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
