"""Two result tables side by side on one page: a reader goes down the left table, then the right one."""

from __future__ import annotations

import math

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import Family, register
from tests.analysis.layoutgen.people import fmt_date
from tests.analysis.layoutgen.printing import FlagStyle, RangeStyle, TruthRow, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column, TableWriter, layout


def hospital_header(ctx: Ctx, page, y: float) -> float:
    """Hospital title, report title and a 4 x 3 grid of patient fields between two rules."""
    h, lab = ctx.case.header, ctx.labels
    mid = (ctx.left + ctx.right) / 2
    page.text(mid, y - 14, h.lab_name, ctx.bold, 14, align="center")
    page.text(mid, y - 30, ctx.doc.title, ctx.bold, 12, align="center")
    y -= 40
    page.line(ctx.left, y, ctx.right, y, 1.2)
    sex = ctx.loc.male[0] if h.sex == "M" else ctx.loc.female[0]
    fields = [(lab["name"], h.patient.full(ctx.case.lang)), (lab["sex"], sex), (lab["age"], ctx.loc.age_unit.format(h.age)),
              (lab["id"], h.patient_id), (lab["specimen"], ctx.rng.choice(ctx.loc.specimens)),
              (lab["accession"], h.accession), (lab["physician"], h.doctor),
              (lab["collected"], fmt_date(h.collected, ctx.case.lang, time=True)), (lab["phone"], h.phone),
              (lab["dob"], fmt_date(h.dob, ctx.case.lang)), (lab["address"], h.city),
              (lab["reported"], fmt_date(h.reported, ctx.case.lang, time=True))]
    colw = (ctx.right - ctx.left) / 4
    for i, (label, value) in enumerate(fields):
        r, c = divmod(i, 4)
        page.text(ctx.left + 2 + c * colw, y - 12 - r * 13, f"{label}: {value}", ctx.regular, ctx.size)
    y -= 12 + 3 * 13
    page.line(ctx.left, y, ctx.right, y, 1.2)
    return y - 2


class TwoTables(Family):
    """Shared flow: results split into a left and a right table, page by page."""

    gap: float = 14.0

    def plan(self, ctx: Ctx) -> list[Column]:
        raise NotImplementedError

    def top(self, ctx: Ctx, page) -> float:
        raise NotImplementedError

    def bottom_block(self, ctx: Ctx, page, y: float) -> None:
        raise NotImplementedError

    def styles(self, ctx: Ctx) -> tuple[RangeStyle, FlagStyle]:
        raise NotImplementedError

    def cells(self, ctx: Ctx, it, fs: FlagStyle, number: int) -> dict[str, Cell]:
        raise NotImplementedError

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rstyle, fs = self.styles(ctx)
        results = ctx.case.results
        half = (ctx.right - ctx.left - self.gap) / 2
        rows: list[TruthRow] = []
        number = 0
        remaining = list(results)
        while remaining:
            page = ctx.new_page()
            y = self.top(ctx, page)
            writers = []
            for side in range(2):
                x0 = ctx.left + side * (half + self.gap)
                cols = layout(self.plan(ctx), x0, x0 + half)
                writers.append(TableWriter(ctx, cols, page, y, rules="header", pad=1.5, line_gap=1.45))
            for w in writers:
                w.header()
            capacity = max(4, int((writers[0].y - ctx.bottom - 60) / (writers[0].lh + 3)))
            chunk, remaining = remaining[: 2 * capacity], remaining[2 * capacity:]
            k = math.ceil(len(chunk) / 2)
            for w, part in ((writers[0], chunk[:k]), (writers[1], chunk[k:])):
                for r in part:
                    number += 1
                    it = make_item(r, ctx.case, rstyle)
                    w.row(self.cells(ctx, it, fs, number))
                    rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
            y = min(w.close() for w in writers)
            page.line(ctx.left, y - 2, ctx.right, y - 2, 1.0)
            self.bottom_block(ctx, page, y - 4)
        blocks.footers(ctx, accession=False)
        return rows


@register
class SideBySideHospital(TwoTables):
    name = "side_by_side_hospital"
    summary = ("hospital report with two result tables side by side (No | name | result | flag | unit | range), "
               "the content stream bottom-up with the two tables' rows interleaved, or right table first")
    orders = ("bottom_up", "bottom_up", "right_first", "shuffled")
    sizes = (7.0, 8.0)
    page_sizes = ("A4", "A4", "A5-landscape")
    faces = ("sans", "serif")

    def plan(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [Column("no", "No", 5, "right"), Column("name", w["test"], 40), Column("result", w["result"], 13, "right"),
                Column("flag", "", 6, "center"), Column("unit", w["unit"], 15), Column("range", w["reference"], 21)]

    def styles(self, ctx: Ctx) -> tuple[RangeStyle, FlagStyle]:
        rstyle = choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice(["-", "~", "--", " - "]))
        return rstyle, flag_style(ctx.rng.choice(["arrows", "arrows", "HL", "word"]), ctx.loc, ctx.rng)

    def top(self, ctx: Ctx, page) -> float:
        return hospital_header(ctx, page, ctx.top)

    def cells(self, ctx: Ctx, it, fs: FlagStyle, number: int) -> dict[str, Cell]:
        return {"no": Cell([str(number)]), "name": Cell([it.name]), "result": Cell([it.value_text]),
                "flag": Cell([fs.mark(it.status)]), "unit": Cell([it.unit or ""]), "range": Cell(list(it.rng.lines))}

    def bottom_block(self, ctx: Ctx, page, y: float) -> None:
        h, lab = ctx.case.header, ctx.labels
        sig = ctx.loc.signature
        line = (f"{lab['collected']}: {fmt_date(h.collected, ctx.case.lang, time=True)}    "
                f"{lab['reported']}: {fmt_date(h.reported, ctx.case.lang, time=True)}    "
                f"{sig[0]}: {h.doctor}    {sig[-1]}: {h.validator}")
        page.text(ctx.left, y - ctx.size - 2, line, ctx.regular, ctx.size)
        blocks.notes(ctx, page, y - ctx.size - 6)
