"""Reports without a table grid: one result per text line, read by its grammar."""

from __future__ import annotations

import unicodedata

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, Page
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import Family, TableFamily, col, first_page, next_page_top, register
from tests.analysis.layoutgen.people import METHODS, fmt_date
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column
from tests.analysis.layoutgen.units import upper_ascii


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


@register
class CodedNames(Family):
    name = "coded_names"
    summary = ("names carrying codes: 'Haemoglobin (LOINC: 718-7): 13.2 g/dL [Ref: 13.5–17.5] + LOW' "
               "(the code's hyphen looks like a range; the truth name is the name without its code)")
    orders = ("reading", "words", "shuffled")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc = ctx.rng, ctx.loc
        page, y = first_page(ctx)
        flow = LineFlow(ctx, page, y, ctx.size * rng.choice([1.6, 1.8]))
        code_fmt = rng.choice(["(LOINC: {})", "(LOINC {})", "[LOINC {}]", "({})"])
        rstyle = choose_range_style(rng, loc, sep=rng.choice(["–", "-", " – "]), zero_low=False)
        intro = rng.choice(["Ref:", "Ref.", rng.choice(loc.ref_intro)])
        fs = flag_style("WORD", loc, rng)
        prefix = rng.choice(["+ ", "! ", "", "<< "])
        rows = []
        for panel, results in ctx.case.panels():
            y = flow.next(extra=ctx.size * 0.6)
            flow.page.text(ctx.left, y, blocks.section_title(ctx, panel), ctx.bold, ctx.size + 1)
            for r in results:
                it = make_item(r, ctx.case, rstyle)   # the code is printed with the name but is no part of it
                mark = fs.mark(it.status)
                unit = f" {it.unit}" if it.unit else ""
                line = (f"{it.name} {code_fmt.format(r.marker.loinc)}: {it.value_text}{unit} [{intro} {it.rng.text}]"
                        + (f" {prefix}{mark}" if mark else ""))
                flow.page.text(ctx.left + 8, flow.next(), line, ctx.regular, ctx.size)
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
        if flow.y - 80 > ctx.bottom:
            blocks.notes(ctx, flow.page, flow.y - 16)
        blocks.footers(ctx)
        return rows


def _cells(text: str) -> int:
    """Character cells a monospaced printer gives `text` (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _truncate(text: str, width: int) -> str:
    while _cells(text) > width:
        text = text[:-1]
    return text.rstrip()


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(1, width - _cells(text))
    return fill + text if right else text + fill


@register
class LinePrinter(Family):
    name = "line_printer"
    summary = ("line-printer report: monospaced lines (each one text object), dashed rules, upper-case names and "
               "units, H/L between value and unit, section titles ending '.....', header repeated on every page")
    faces = ("mono",)
    sizes = (8.0, 9.5)
    rewrites_names = True
    rewrites_units = True
    orders = ("reading", "bottom_up")

    def header_lines(self, ctx: Ctx, page_no: int) -> list[str]:
        h, lab = ctx.case.header, ctx.labels
        sex = (ctx.loc.male if h.sex == "M" else ctx.loc.female)[-1]
        return [
            _pad(f"{lab['id'].upper()}: {h.patient_id}", 34) + _pad(f"{lab['accession'].upper()}: {h.accession}", 34)
            + f"PAGE: {page_no}",
            _pad(f"{lab['name'].upper()}: {h.patient.full(ctx.case.lang).upper()}", 34)
            + _pad(f"{lab['sex'].upper()}: {sex}   {lab['age'].upper()}: {h.age}", 34)
            + f"{lab['collected'].upper()}: {fmt_date(h.collected, ctx.case.lang, time=True)}",
            _pad(f"{lab['dob'].upper()}: {fmt_date(h.dob, ctx.case.lang)}", 34)
            + _pad(f"{lab['physician'].upper()}: {h.doctor.upper()}"[:33], 34)
            + f"{lab['reported'].upper()}: {fmt_date(h.reported, ctx.case.lang, time=True)}",
            f"{h.street.upper()}, {h.city.upper()}   TEL: {h.phone}",
            " " * 24 + "** FINAL REPORT **",
        ]

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng = ctx.rng
        rstyle = choose_range_style(rng, ctx.loc, sep=rng.choice(["-", " - "]), zero_low=False)
        fs = flag_style("HL", ctx.loc, rng)
        w = ctx.words
        widths = (34, 9, 3, 12)
        head = _pad(w["test"].upper(), widths[0]) + _pad(w["result"].upper(), widths[1] + widths[2], right=False) \
            + _pad(w["unit"].upper(), widths[3]) + w["reference"].upper()
        rule = "-" * 90
        step = ctx.size * 1.25
        lines: list[tuple[str, bool]] = []      # (text, bold)
        rows = []
        for panel, results in ctx.case.panels():
            lines.append(("", False))
            lines.append((f"{blocks.section_title(ctx, panel).upper()} .....", True))
            for r in results:
                name = _truncate(r.name.upper(), widths[0] - 1)   # the printer cuts long names, truth keeps the cut
                it = make_item(r, ctx.case, rstyle, name=name, unit=upper_ascii(r.unit) if r.unit else None)
                mark = fs.mark(it.status)
                lines.append((_pad(it.name, widths[0]) + _pad(it.value_text, widths[1] - 1, right=True) + " "
                              + _pad(mark, widths[2]) + _pad(it.unit or "", widths[3]) + it.rng.text, False))
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
        lines.append(("", False))
        lines += [(line, False) for line in ctx.wrap(blocks.notes_text(ctx).upper(), ctx.width("x") * 90, ctx.regular)]
        per_page = int((ctx.top - ctx.bottom - 14 * step) / step)
        pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
        for p, chunk in enumerate(pages, 1):
            page = ctx.new_page()
            y = ctx.top
            page.text((ctx.left + ctx.right) / 2, y, ctx.case.header.lab_name.upper(), ctx.bold, ctx.size + 3,
                      align="center")
            y -= step * 1.4
            page.text((ctx.left + ctx.right) / 2, y, f"{ctx.case.header.lab_street.upper()}  TEL: "
                      f"{ctx.case.header.lab_phone}", ctx.regular, ctx.size, align="center")
            y -= step * 2
            for text in self.header_lines(ctx, p) + [rule, head, rule]:
                page.text(ctx.left, y, text, ctx.regular, ctx.size)
                y -= step
            for text, bold in chunk:
                page.text(ctx.left, y, text, ctx.bold if bold else ctx.regular, ctx.size)
                y -= step
            if p < len(pages):
                page.text(ctx.left + ctx.width("x") * 60, y - step, "CONT'D...", ctx.regular, ctx.size)
        return rows


@register
class WordMethodLines(TableFamily):
    name = "word_method_lines"
    summary = ("word-processor report: 'Sample: …' and 'Method: …' lines between a test's name and its value; "
               "columns result | range | unit")
    rules = ("none", "header")
    section_styles = ("underline", "bold")
    creator = "Microsoft® Word 2019"
    faces = ("vera", "serif", "sans")
    orders = ("reading", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 44), col("result", w["result"], 14, "center"),
                col("range", w["reference"], 22, "center"), col("unit", w["unit"], 14, "center")]

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        ctx.opts["values_own_line"] = ctx.rng.random() < 0.5
        ctx.opts["sample_line"] = ctx.rng.random() < 0.7
        return super().draw(ctx)

    def writer(self, ctx: Ctx, page, y):
        tw = super().writer(ctx, page, y)
        tw.pad = 1.0
        return tw

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "word"]), ctx.loc, ctx.rng)

    def rows_for(self, ctx: Ctx, item: Item, fs: FlagStyle) -> list[dict[str, Cell]]:
        spec = blocks.specimen(ctx, item.result.marker.panel)
        method = METHODS[item.result.marker.panel]
        mark = fs.mark(item.status)
        values = {"result": Cell([f"{item.value_text} {mark}" if mark else item.value_text], ctx.bold if mark else None),
                  "range": Cell(list(item.rng.lines)), "unit": Cell([item.unit or ""])}
        out = [{"name": Cell([item.name], ctx.bold)}]
        if ctx.opts["sample_line"]:
            out.append({"name": Cell([f"{ctx.words['sample']}: {spec}"], ctx.italic, GREY)})
        out.append({"name": Cell([f"{ctx.words['method']}: {method}"], ctx.italic, GREY)})
        if ctx.opts["values_own_line"]:
            out.append(values)
        else:
            out[-1] |= values
        return out

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle) -> str | None:
        rows = self.rows_for(ctx, item, fs)
        tw.keep(len(rows) * (tw.lh + 2 * tw.pad) + ctx.size)
        for cells in rows:
            tw.row(cells)
        tw.space(ctx.size * 0.6)
        return fs.means(item.status)
