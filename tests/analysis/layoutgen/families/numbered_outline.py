"""Tests numbered as an outline: '1. HAEMATOLOGY', its tests '1.1', '1.2' ... '1.10' or 'a)', 'b)' under it."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.case import Result
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, first_page, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, flag_style
from tests.analysis.layoutgen.table import Cell, Column

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A test's outline number from (panel number, test number): '1.1', '1.1.', '1-1', 'a)', 'a.', '(a)'.
NUMBERINGS = (lambda p, i: f"{p}.{i}", lambda p, i: f"{p}.{i}.", lambda p, i: f"{p}.{i}",
              lambda p, i: f"{LETTERS[i - 1]})", lambda p, i: f"{LETTERS[i - 1]}.", lambda p, i: f"({LETTERS[i - 1]})")
# How a flag is shown: in a column of its own, after the value in its cell, or only by bold type.
FLAG_PLACES = ("column", "column", "after", "after", "bold")


@register
class NumberedOutline(TableFamily):
    name = "numbered_outline"
    summary = ("tests numbered as an outline: a numbered panel heading ('1. HAEMATOLOGY', '2. BIOCHEMISTRY') and its "
               "tests under it as '1.1', '1.2' ... '1.10' or 'a)', 'b)', the number glued before the name or in a "
               "'No.' column of its own; a panel of one test printed as one numbered line with its value "
               "('3. TSH  2.1 mIU/L  0.4-4.0'); long names wrapped in a narrow name column; H/L or arrows in a "
               "column or after the value, or bold type only")
    rules = ("none", "header", "rows", "grid")
    section_styles = ("bold", "band", "underline")
    orders = ("reading", "words", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w, rng = ctx.words, ctx.rng
        ctx.opts["number"] = rng.randrange(len(NUMBERINGS))
        ctx.opts["no_col"] = no_col = rng.random() < 0.4
        ctx.opts["place"] = place = rng.choice(FLAG_PLACES)
        ctx.opts["indent"] = rng.choice(["", "  ", "    "])
        ctx.opts["name_w"] = name_w = rng.choice([26, 32, 40])
        cols = [col("no", rng.choice(["No.", "#", "Nº", ""]), 7)] if no_col else []
        cols += [col("name", w["test"], name_w), col("result", w["result"], 14, rng.choice(["right", "center", "left"]))]
        if place == "column":
            cols.append(col("flag", w["flag"] if rng.random() < 0.5 else "", 7, "center"))
        cols += [col("unit", w["unit"], 14), col("range", w["reference"], 22)]
        return cols

    def flags(self, ctx: Ctx) -> FlagStyle | None:
        if ctx.opts["place"] == "bold":
            return None
        return flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)

    def name_lines(self, ctx: Ctx, tw, number: str, name: str, *, glued: bool) -> tuple[list[str], list[str]]:
        """The 'no' and 'name' cell lines: the number glued before the name or in its own column; a long name
        wrapped to the name column's width."""
        width = next(c.width for c in tw.columns if c.role == "name") - 8
        text = f"{ctx.opts['indent'] if not glued else ''}{number} {name}" if number and glued else name
        lines = ctx.wrap(text, width) if ctx.width(text) > width else [text]
        if not glued:
            return ([number] if number else []), lines
        return [], lines

    def row_cells(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None, number: str, *,
                  heading: bool = False) -> tuple[dict[str, Cell], str | None]:
        mark = fs.mark(item.status) if fs else ""
        marked = item.status != "normal"
        place = ctx.opts["place"]
        value = f"{item.value_text} {mark}".rstrip() if place == "after" else item.value_text
        font = ctx.bold if heading else None
        no, name = self.name_lines(ctx, tw, number, item.name, glued=not ctx.opts["no_col"])
        cells = {"name": Cell(name, font), "result": Cell([value], ctx.bold if (marked or heading) else None),
                 "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines) if item.rng else [])}
        if no:
            cells["no"] = Cell(no, font)
        if place == "column":
            cells["flag"] = Cell([mark], ctx.bold)
        return cells, (fs.means(item.status) if fs else None)

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        page, y = first_page(ctx)
        tw = self.writer(ctx, page, y)
        rstyle, fs = self.range_style(ctx), self.flags(ctx)
        sec_style = ctx.rng.choice(self.section_styles)
        numbering = NUMBERINGS[ctx.opts["number"]]
        tw.header()
        rows: list[TruthRow] = []
        panels: list[tuple[str, list[Result]]] = []
        for panel, results in ctx.case.panels():   # a panel's last test printed as a numbered line of its own
            if len(results) >= 3 and ctx.rng.random() < 0.3:
                panels += [(panel, results[:-1]), ("", results[-1:])]
            else:
                panels.append((panel, results))
        for p, (panel, results) in enumerate(panels, start=1):
            if len(results) == 1 and (not panel or ctx.rng.random() < 0.7):   # '3. TSH  2.1 mIU/L  0.4-4.0'
                it = self.item(ctx, results[0], rstyle)
                cells, mark = self.row_cells(ctx, tw, it, fs, f"{p}.", heading=ctx.rng.random() < 0.5)
                tw.row(cells)
                rows.append(it.truth(ctx.case.numbers, mark))
                continue
            title = blocks.section_title(ctx, panel)
            if ctx.opts["no_col"]:
                tw.keep(3 * tw.lh + 4 * tw.pad)
                tw.row({"no": Cell([f"{p}."], ctx.bold), "name": Cell([title.upper()], ctx.bold)})
            else:
                tw.section(f"{p}. {title.upper() if ctx.rng.random() < 0.5 else title}", style=sec_style)
            for i, r in enumerate(results, start=1):
                it = self.item(ctx, r, rstyle)
                cells, mark = self.row_cells(ctx, tw, it, fs, numbering(p, i))
                tw.row(cells)
                rows.append(it.truth(ctx.case.numbers, mark))
        if self.print_extras:
            self.extras(ctx, tw)
        y = tw.close()
        self.finish(ctx, tw.page, y)
        return rows
