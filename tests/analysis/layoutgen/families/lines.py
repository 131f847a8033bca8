"""Reports without a table grid: one result per text line, read by its grammar."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import Page
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import Family, first_page, next_page_top, register
from tests.analysis.layoutgen.printing import TruthRow, choose_range_style, flag_style, make_item


class LineFlow:
    """Lines down the page, with a new page (and its top block) when the page is full."""

    def __init__(self, ctx: Ctx, page: Page, y: float, step: float) -> None:
        self.ctx, self.page, self.y, self.step = ctx, page, y, step

    def next(self, extra: float = 0.0) -> float:
        if self.y - self.step - extra < self.ctx.bottom:
            self.page = self.ctx.new_page()
            self.y = next_page_top(self.ctx, self.page, patient=self.ctx.rng.random() < 0.5)
        self.y -= self.step + extra
        return self.y


@register
class ColonLines(Family):
    name = "colon_lines"
    summary = "'Total Cholesterol: 240 mg/dL (Reference: < 200 mg/dL) [HIGH]' lines under section headings"
    orders = ("reading", "words", "words_shuffled")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc = ctx.rng, ctx.loc
        page, y = first_page(ctx)
        flow = LineFlow(ctx, page, y, ctx.size * rng.choice([1.5, 1.7, 2.0]))
        rstyle = choose_range_style(rng, loc)
        intro = rng.choice(loc.ref_intro)
        unit_in_range = rng.random() < 0.5
        fs = flag_style(rng.choice(["WORD", "word"]), loc, rng, with_normal=rng.random() < 0.4)
        wrap = rng.choice(["[{}]", "({})", "- {}", "{}", "** {} **"])
        indent = rng.choice([0, 12])
        rows = []
        for panel, results in ctx.case.panels():
            y = flow.next(extra=ctx.size * 0.6)
            flow.page.text(ctx.left, y, blocks.section_title(ctx, panel).upper() + ":", ctx.bold, ctx.size + 1)
            for r in results:
                it = make_item(r, ctx.case, rstyle)
                unit = f" {it.unit}" if it.unit else ""
                ref = it.rng.text + (unit if unit_in_range else "")
                mark = fs.mark(it.status)
                line = f"{it.name}: {it.value_text}{unit} ({intro} {ref})" + (f" {wrap.format(mark)}" if mark else "")
                y = flow.next()
                flow.page.text(ctx.left + indent, y, line, ctx.regular, ctx.size)
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
        for e in ctx.case.extras:
            y = flow.next()
            ref = f" ({intro} {e.ref})" if e.ref else ""
            flow.page.text(ctx.left + indent, y, f"{e.name}: {e.text}{' ' + e.unit if e.unit else ''}{ref}",
                           ctx.regular, ctx.size)
        if flow.y - 80 > ctx.bottom:
            blocks.notes(ctx, flow.page, flow.y - 16)
        blocks.footers(ctx)
        return rows


@register
class DottedLeaders(Family):
    name = "dotted_leaders"
    summary = "'Glucose ........ 92 mg/dL   70-99': dot leaders from the name to the value, H/L after the value"
    faces = ("mono", "sans", "serif")
    orders = ("reading", "columns", "words")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc = ctx.rng, ctx.loc
        page, y = first_page(ctx)
        flow = LineFlow(ctx, page, y, ctx.size * rng.choice([1.35, 1.5, 1.7]))
        rstyle = choose_range_style(rng, loc, sep=rng.choice(["-", " - "]))
        fs = flag_style(rng.choice(["HL", "star", "arrows"]), loc, rng)
        span = ctx.right - ctx.left
        x_val = ctx.left + span * rng.choice([0.44, 0.48, 0.52])
        x_unit = x_val + span * 0.10
        x_flag = x_val + 4
        x_rng = x_unit + span * 0.16
        dots_apart = rng.random() < 0.5
        leader = rng.choice([".", ". "])
        rows = []
        for panel, results in ctx.case.panels():
            y = flow.next(extra=ctx.size * 0.8)
            title = blocks.section_title(ctx, panel).upper()
            flow.page.text(ctx.left, y, title, ctx.bold, ctx.size)
            flow.page.line(ctx.left, y - 2, ctx.left + ctx.width(title, ctx.bold), y - 2, 0.4)
            for r in results:
                it = make_item(r, ctx.case, rstyle)
                y = flow.next()
                name_w = ctx.width(it.name + " ")
                n_dots = max(3, int((x_val - ctx.left - name_w - 30) / max(ctx.width(leader), 1.0)))
                dots = (leader * n_dots).rstrip()
                if dots_apart:
                    flow.page.text(ctx.left, y, it.name, ctx.regular, ctx.size)
                    flow.page.text(ctx.left + name_w, y, dots, ctx.regular, ctx.size)
                else:
                    flow.page.text(ctx.left, y, f"{it.name} {dots}", ctx.regular, ctx.size)
                flow.page.text(x_val, y, it.value_text, ctx.bold if it.status != "normal" else ctx.regular, ctx.size,
                               align="right")
                mark = fs.mark(it.status)
                if mark:
                    flow.page.text(x_flag, y, mark, ctx.bold, ctx.size)
                flow.page.text(x_unit, y, it.unit or "", ctx.regular, ctx.size)
                flow.page.text(x_rng, y, it.rng.text, ctx.regular, ctx.size)
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
        if flow.y - 80 > ctx.bottom:
            blocks.notes(ctx, flow.page, flow.y - 16)
        blocks.footers(ctx)
        return rows
