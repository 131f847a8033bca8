"""The generator axis: the same cases written as HTML and printed by headless Chromium (page.pdf).

Web-based laboratory systems print their reports from HTML through a browser, a PDF producer unlike the
canvas of canvas.py: CID fonts with a CJK fallback, one text run per cell, glyphs placed without space
characters, CSS padding, cells that wrap their lines, <br> inside cells, colspan section rows, flags as
bold red spans. Each family here writes a Case as HTML in one layout (its seeded choices vary the fonts,
sizes, padding, flag marking, range style, where the unit goes) and prints it with one Chromium kept open
for the whole process (`printer()`, closed at exit). The truth rows come from the printed strings, as in
printing.py.

The families are registered in family.REGISTRY but listed apart (BROWSER_FAMILIES): the scorer renders
them when named (`--families html_table ...`), since they need /usr/bin/chromium.
"""

from __future__ import annotations

import atexit
import html
import os
from dataclasses import replace
from random import Random
from typing import Any, ClassVar

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import Family, Rendered, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, TruthRow, choose_range_style, flag_style, make_item

CHROMIUM = os.environ.get("LAYOUTGEN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

# CSS font stacks as web reports name them; the machine's fontconfig picks what it has (DejaVu, Liberation ...),
# and Chinese falls back to a CJK face none of them names.
FONTS = ("Arial, Helvetica, sans-serif", "'Times New Roman', Times, serif", "Verdana, Geneva, sans-serif",
         "Tahoma, 'Segoe UI', sans-serif", "'Courier New', monospace", "Georgia, serif", "system-ui, sans-serif")


class _Printer:
    """One headless Chromium for the process: HTML in, PDF bytes out."""

    def __init__(self) -> None:
        self._pw: Any = None
        self._browser: Any = None
        self._page: Any = None

    def pdf(self, doc: str, *, page_format: str, margin: str, footer: str | None) -> bytes:
        if self._page is None:
            from playwright.sync_api import sync_playwright

            self._pw = sync_playwright().start()
            self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            self._page = self._browser.new_page()
            atexit.register(self.close)
        self._page.set_content(doc, wait_until="load")
        opts: dict[str, Any] = {"format": page_format, "print_background": True,
                                "margin": {"top": margin, "bottom": margin if footer is None else "18mm",
                                           "left": margin, "right": margin}}
        if footer is not None:
            opts.update(display_header_footer=True, header_template="<span></span>", footer_template=footer)
        return bytes(self._page.pdf(**opts))

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._pw.stop()
        self._pw = self._browser = self._page = None


_PRINTER = _Printer()


def printer() -> _Printer:
    return _PRINTER


def esc(text: str) -> str:
    return html.escape(text, quote=False)


class HtmlFamily(Family):
    """A report written as HTML; subclasses write the results part (`body`)."""

    creator: ClassVar[str] = "Chromium"
    flag_modes: ClassVar[tuple[str, ...]] = ("column", "bold", "arrow", "none")

    def render(self, case: Any) -> Rendered:
        rng = Random(f"layoutgen-family:{self.name}:{case.seed}:{case.lang}:{case.units}")
        ctx = Ctx.create(case, rng, faces=self.faces, sizes=self.sizes, page_sizes=self.page_sizes, creator=self.creator)
        ctx.opts.update(font=rng.choice(FONTS), size=rng.choice([10, 11, 12, 13, 14]), pad=rng.choice([1, 2, 3, 4, 6]),
                        flag_mode=rng.choice(self.flag_modes))
        # a table cell's vertical alignment (the browser's default is middle: a value level with the middle of a
        # wrapped name); drawn apart, so the other choices stay those of earlier versions
        ctx.opts["valign"] = Random(f"layoutgen-valign:{self.name}:{case.seed}:{case.lang}:{case.units}").choice(
            ["top", "middle", "baseline"])
        body, rows = self.body(ctx)
        doc = self.page(ctx, body)
        page_fmt = "Letter" if ctx.doc.width > 600 else "A4"
        footer = None
        if rng.random() < 0.6:
            words = esc(rng.choice(ctx.loc.page)).replace("{p}", "<span class='pageNumber'></span>") \
                .replace("{n}", "<span class='totalPages'></span>")
            footer = (f"<div style='font-size:8px;width:100%;padding:0 12mm;display:flex;justify-content:space-between'>"
                      f"<span>{esc(ctx.case.header.accession)}</span><span>{words}</span></div>")
        pdf = printer().pdf(doc, page_format=page_fmt, margin=rng.choice(["8mm", "10mm", "12mm", "15mm"]), footer=footer)
        return Rendered(pdf, rows, "html")

    def body(self, ctx: Ctx) -> tuple[str, list[TruthRow]]:
        raise NotImplementedError

    # --- the parts every report has ---
    def page(self, ctx: Ctx, body: str) -> str:
        o, h = ctx.opts, ctx.case.header
        css = (f"body{{font-family:{o['font']};font-size:{o['size']}px;color:#222;margin:0}}"
               "h1{font-size:1.5em;margin:0}h2{font-size:1.2em;text-align:center;margin:8px 0}"
               ".muted{color:#666;font-size:.9em}.hi{color:#c00;font-weight:bold}.sec{font-weight:bold}"
               "table{border-collapse:collapse}.pt td{padding:1px 8px 1px 0}"
               ".notes{font-style:italic;font-size:.9em;margin-top:10px}.sig{margin-top:18px;text-align:right}")
        lab = (f"<div style='display:flex;justify-content:space-between;border-bottom:2px solid #246;padding-bottom:4px'>"
               f"<div><h1>{esc(h.lab_name)}</h1><div class='muted'>{esc(h.lab_street)}, {esc(h.lab_city)}</div></div>"
               f"<div class='muted' style='text-align:right'>{esc(ctx.labels['phone'])}: {esc(h.lab_phone)}<br>"
               f"{esc(h.licence)}</div></div>")
        fields = blocks.patient_fields(ctx)
        cols = ctx.rng.choice([2, 3])
        per = -(-len(fields) // cols)
        cells = []
        for c in range(cols):
            part = fields[c * per:(c + 1) * per]
            cells.append("<td style='vertical-align:top;padding-right:18px'><table class='pt'>" + "".join(
                f"<tr><td><b>{esc(k)}:</b></td><td>{esc(v)}</td></tr>" for k, v in part) + "</table></td>")
        patient = f"<table style='width:100%;margin:6px 0;border:1px solid #bbb'><tr>{''.join(cells)}</tr></table>"
        notes = f"<div class='notes'>{esc(blocks.notes_text(ctx))}</div>"
        sig = (f"<div class='sig'>{esc(ctx.rng.choice(ctx.loc.signature))}: {esc(h.validator)}<br>"
               f"<span class='muted'>{esc(ctx.words['method'])}: {esc(h.instrument)}</span></div>")
        return (f"<!doctype html><html lang='{ctx.case.lang}'><head><meta charset='utf-8'><style>{css}{self.css(ctx)}"
                f"</style></head><body>{lab}<h2>{esc(ctx.doc.title)}</h2>{patient}{body}{notes}{sig}</body></html>")

    def css(self, ctx: Ctx) -> str:
        return ""

    # --- one result's strings ---
    def range_style(self, ctx: Ctx) -> RangeStyle:
        style = choose_range_style(ctx.rng, ctx.loc)
        if ctx.rng.random() < 0.25:
            style = replace(style, both_sexes=ctx.rng.choice(ctx.loc.sex_ranges))
        if ctx.rng.random() < 0.2:
            style = replace(style, wrap=ctx.rng.choice([("(", ")"), ("[", "]")]))
        return style

    def flag_style(self, ctx: Ctx) -> FlagStyle:
        kind = "arrows" if ctx.opts["flag_mode"] == "arrow" else ctx.rng.choice(["HL", "arrows", "word", "WORD", "star"])
        return flag_style(kind, ctx.loc, ctx.rng)

    def items(self, ctx: Ctx, style: RangeStyle | None) -> list[tuple[str, list[Item]]]:
        two = ctx.rng.random() < 0.5
        return [(blocks.section_title(ctx, panel), [make_item(r, ctx.case, style, two_lines=two) for r in results])
                for panel, results in ctx.case.panels()]

    def value_html(self, ctx: Ctx, item: Item, fs: FlagStyle) -> tuple[str, str | None]:
        """The value as printed (with an arrow after it, or bold red) and the flag its marking conveys."""
        mode, mark = ctx.opts["flag_mode"], fs.mark(item.status)
        text = esc(item.value_text)
        if mode == "arrow" and mark:
            return f"<span class='hi'>{text} {esc(mark)}</span>", fs.means(item.status)
        if mode == "bold" and mark:
            return f"<span class='hi'>{text}</span>", None
        return text, None

    def flag_cell(self, ctx: Ctx, item: Item, fs: FlagStyle) -> tuple[str, str | None]:
        if ctx.opts["flag_mode"] != "column":
            return "", None
        mark = fs.mark(item.status)
        return (f"<span class='hi'>{esc(mark)}</span>" if mark else ""), fs.means(item.status)

    @staticmethod
    def range_html(item: Item, unit: bool = False) -> str:
        if not item.rng:
            return ""
        text = "<br>".join(esc(line) for line in item.rng.lines)
        return text + (f" {esc(item.unit)}" if unit and item.unit else "")

    def extras(self, ctx: Ctx) -> list[tuple[str, str, str, str]]:
        return [(e.name, e.text, e.unit or "", e.ref or "") for e in ctx.case.extras]

    # --- tabular families: one cell a role ---
    @staticmethod
    def roles(ctx: Ctx, *, unit_column: bool = True) -> list[str]:
        return ["name", "result"] + (["flag"] if ctx.opts["flag_mode"] == "column" else []) \
            + (["unit"] if unit_column else []) + ["range"]

    @staticmethod
    def nowrap(role: str) -> str:
        """Cells other than the name's do not wrap (a unit 'x 10^9/L' stays on one line); names do."""
        return "" if role == "name" else "white-space:nowrap;"

    @staticmethod
    def titles(ctx: Ctx) -> dict[str, str]:
        return {"name": ctx.words["test"], "result": ctx.words["result"], "flag": ctx.words["flag"],
                "unit": ctx.words["unit"], "range": ctx.words["reference"]}

    def cells(self, ctx: Ctx, it: Item, fs: FlagStyle, unit_place: str = "column") -> tuple[dict[str, str], str | None]:
        """A result's cells by role (the unit in its column, the range cell or the result cell) and its truth flag."""
        value, mark = self.value_html(ctx, it, fs)
        flag, fmark = self.flag_cell(ctx, it, fs)
        unit = f" {esc(it.unit)}" if unit_place == "result" and it.unit else ""
        return ({"name": esc(it.name), "result": value + unit, "flag": flag, "unit": esc(it.unit or ""),
                 "range": self.range_html(it, unit_place == "range")}, mark or fmark)


@register
class HtmlTable(HtmlFamily):
    name = "html_table"
    summary = "HTML <table> with a <th> header, colspan section rows, CSS padding, wrapped names; printed by Chromium"

    def body(self, ctx: Ctx) -> tuple[str, list[TruthRow]]:
        rng = ctx.rng
        style, fs = self.range_style(ctx), self.flag_style(ctx)
        unit_place = rng.choice(["column", "column", "range", "result"])
        roles, titles = self.roles(ctx, unit_column=unit_place == "column"), self.titles(ctx)
        name_w = rng.choice(["auto", "22%", "30%", "40%"])
        grid = rng.choice(["grid", "rows", "zebra", "none"])
        pad = ctx.opts["pad"]
        border = "border:1px solid #999;" if grid == "grid" else "border-bottom:1px solid #ddd;" if grid == "rows" else ""
        css = (f".res{{width:100%;margin-top:6px}}.res th{{text-align:left;background:#e4ebf2;padding:{pad}px {pad + 2}px;"
               f"{border}}}.res td{{padding:{pad}px {pad + 2}px;{border}vertical-align:{ctx.opts['valign']}}}"
               f".res td.sec{{background:#f0f0f0;padding-top:{pad + 4}px}}"
               + (".res tr:nth-child(even) td{background:#f6f8fa}" if grid == "zebra" else ""))
        ctx.opts["css"] = css
        aligns = {r: rng.choice(["left", "right", "center"]) if r in ("result", "flag", "unit") else "left" for r in roles}
        head = "" if ctx.case.titles == "none" else "<thead><tr>" + "".join(
            f"<th style='text-align:{aligns[r]}'" + (f" width='{name_w}'" if r == "name" and name_w != "auto" else "")
            + f">{esc(titles[r])}</th>" for r in roles) + "</tr></thead>"
        rows: list[TruthRow] = []
        body = []
        for section, items in self.items(ctx, style):
            body.append(f"<tr><td class='sec' colspan='{len(roles)}'>{esc(section)}</td></tr>")
            for it in items:
                cells, mark = self.cells(ctx, it, fs, unit_place)
                body.append("<tr>" + "".join(f"<td style='text-align:{aligns[r]};{self.nowrap(r)}'>{cells[r]}</td>"
                                           for r in roles) + "</tr>")
                rows.append(it.truth(ctx.case.numbers, mark))
        if rng.random() < 0.5:
            for name, text, unit, ref in self.extras(ctx):
                cells = {"name": esc(name), "result": esc(text), "flag": "", "unit": esc(unit), "range": esc(ref)}
                body.append("<tr>" + "".join(f"<td>{cells[r]}</td>" for r in roles) + "</tr>")
        return f"<table class='res'>{head}<tbody>{''.join(body)}</tbody></table>", rows

    def css(self, ctx: Ctx) -> str:
        return str(ctx.opts.get("css", ""))


@register
class HtmlGrid(HtmlFamily):
    name = "html_grid"
    summary = "results as CSS grid / flex rows of <div>s (no <table>), a header row of divs, section headings"

    def body(self, ctx: Ctx) -> tuple[str, list[TruthRow]]:
        rng = ctx.rng
        style, fs = self.range_style(ctx), self.flag_style(ctx)
        flex = rng.random() < 0.4
        roles, titles = self.roles(ctx), self.titles(ctx)
        widths = {"name": rng.choice([2.2, 3.0, 4.0]), "result": 1.0, "flag": 0.6, "unit": 1.1, "range": 1.6}
        if flex:
            row_css = "display:flex;"
            cell = {r: f"flex:{widths[r]} 1 0;" for r in roles}
        else:
            row_css = "display:grid;grid-template-columns:" + " ".join(f"{widths[r]}fr" for r in roles) + ";"
            cell = {r: "" for r in roles}
        pad = ctx.opts["pad"]
        ctx.opts["css"] = (f".r{{{row_css}column-gap:6px;border-bottom:1px solid #e3e3e3}}.r>div{{padding:{pad}px 2px}}"
                           ".hd{font-weight:bold;background:#dde6ee}.sh{font-weight:bold;margin-top:8px;"
                           "border-bottom:1px solid #444;text-transform:" + rng.choice(["none", "uppercase"]) + "}")
        out = [] if ctx.case.titles == "none" else [
            "<div class='r hd'>" + "".join(f"<div style='{cell[r]}'>{esc(titles[r])}</div>" for r in roles) + "</div>"]
        rows: list[TruthRow] = []
        for section, items in self.items(ctx, style):
            out.append(f"<div class='sh'>{esc(section)}</div>")
            for it in items:
                cells, mark = self.cells(ctx, it, fs)
                out.append("<div class='r'>" + "".join(f"<div style='{cell[r]}{self.nowrap(r)}'>{cells[r]}</div>"
                                                         for r in roles)
                           + "</div>")
                rows.append(it.truth(ctx.case.numbers, mark))
        return "<div style='margin-top:6px'>" + "".join(out) + "</div>", rows

    def css(self, ctx: Ctx) -> str:
        return str(ctx.opts.get("css", ""))


@register
class HtmlLines(HtmlFamily):
    name = "html_lines"
    summary = "one result a line: 'Name: value unit (ref)' paragraphs, or a <dl> of name / value lines"
    flag_modes = ("bold", "arrow", "none")

    def body(self, ctx: Ctx) -> tuple[str, list[TruthRow]]:
        rng = ctx.rng
        style, fs = self.range_style(ctx), self.flag_style(ctx)
        style = replace(style, both_sexes=None)
        form = rng.choice(["colon", "dl", "dots"])
        intro = rng.choice(ctx.loc.ref_intro)
        paren = rng.random() < 0.6
        out: list[str] = []
        rows: list[TruthRow] = []
        for section, items in self.items(ctx, style):
            out.append(f"<h3 style='font-size:1.05em;margin:10px 0 2px'>{esc(section)}</h3>")
            if form == "dl":
                out.append("<dl style='margin:0'>")
            for it in items:
                value, mark = self.value_html(ctx, it, fs)
                unit = f" {esc(it.unit)}" if it.unit else ""
                ref = ""
                if it.rng:
                    ref = f" ({esc(it.rng.text)})" if paren else f" &nbsp; {esc(intro)} {esc(it.rng.text)}"
                if form == "dl":
                    out.append(f"<dt style='font-weight:bold'>{esc(it.name)}</dt><dd style='margin:0 0 3px 24px'>"
                               f"{value}{unit}{ref}</dd>")
                elif form == "dots":
                    out.append("<div style='display:flex;gap:4px'><span>" + esc(it.name) + "</span><span style='flex:1;"
                               "border-bottom:1px dotted #999;margin-bottom:4px'></span><span>" + value + unit + ref
                               + "</span></div>")
                else:
                    out.append(f"<p style='margin:2px 0'>{esc(it.name)}: <b>{value}</b>{unit}{ref}</p>")
                rows.append(it.truth(ctx.case.numbers, mark))
            if form == "dl":
                out.append("</dl>")
        return "".join(out), rows


@register
class HtmlCards(HtmlFamily):
    name = "html_cards"
    summary = "one card per result in a wrapping flex grid: the name, a big value with its unit, the range, a badge"
    flag_modes = ("column", "bold", "arrow")

    def body(self, ctx: Ctx) -> tuple[str, list[TruthRow]]:
        rng = ctx.rng
        style, fs = self.range_style(ctx), self.flag_style(ctx)
        per_row = rng.choice([2, 3, 4])
        intro = rng.choice(ctx.loc.ref_intro)
        show_intro = rng.random() < 0.6
        out: list[str] = []
        rows: list[TruthRow] = []
        for section, items in self.items(ctx, style):
            out.append(f"<div style='font-weight:bold;margin:10px 0 4px;font-size:1.1em'>{esc(section)}</div>"
                       "<div style='display:flex;flex-wrap:wrap;gap:8px'>")
            for it in items:
                value, mark = self.value_html(ctx, it, fs)
                badge, bmark = self.flag_cell(ctx, it, fs)
                rng_text = self.range_html(it)
                out.append(f"<div style='box-sizing:border-box;width:calc({100 / per_row:.2f}% - 8px);border:1px solid #ccd;"
                           "border-radius:6px;padding:6px;break-inside:avoid'>"
                           f"<div style='font-weight:bold'>{esc(it.name)}</div>"
                           f"<div><span style='font-size:1.6em'>{value}</span> {esc(it.unit or '')} {badge}</div>"
                           + (f"<div class='muted'>{esc(intro) + ' ' if show_intro else ''}{rng_text}</div>" if rng_text
                              else "") + "</div>")
                rows.append(it.truth(ctx.case.numbers, mark or bmark))
            out.append("</div>")
        return "".join(out), rows


@register
class HtmlTwoColumn(HtmlFamily):
    name = "html_two_column"
    summary = "two result tables side by side on the page (panels split between a left and a right column)"
    flag_modes = ("column", "bold", "arrow")

    def body(self, ctx: Ctx) -> tuple[str, list[TruthRow]]:
        rng = ctx.rng
        style, fs = self.range_style(ctx), self.flag_style(ctx)
        style = replace(style, both_sexes=None)
        roles, titles = self.roles(ctx), self.titles(ctx)
        sections = self.items(ctx, style)
        total = sum(len(i) for _, i in sections)
        left: list[tuple[str, list[Item]]] = []
        right: list[tuple[str, list[Item]]] = []
        seen = 0
        for sec in sections:
            (left if seen < total / 2 or not left else right).append(sec)
            seen += len(sec[1])
        pad = ctx.opts["pad"]
        rows: list[TruthRow] = []

        def table(part: list[tuple[str, list[Item]]]) -> str:
            head = "" if ctx.case.titles == "none" else "<tr>" + "".join(
                f"<th style='text-align:left;border-bottom:1px solid #333;padding:{pad}px'>{esc(titles[r])}</th>"
                for r in roles) + "</tr>"
            body = []
            for section, items in part:
                body.append(f"<tr><td colspan='{len(roles)}' style='font-weight:bold;padding-top:6px'>{esc(section)}</td></tr>")
                for it in items:
                    cells, mark = self.cells(ctx, it, fs)
                    body.append("<tr>" + "".join(f"<td style='padding:{pad}px;vertical-align:{ctx.opts['valign']};{self.nowrap(r)}'>{cells[r]}</td>"
                                                 for r in roles) + "</tr>")
                    rows.append(it.truth(ctx.case.numbers, mark))
            return f"<table style='width:100%;font-size:.92em'>{head}{''.join(body)}</table>"

        gap = rng.choice([12, 20, 28])
        return (f"<div style='display:flex;gap:{gap}px;align-items:flex-start'><div style='flex:1'>{table(left)}</div>"
                f"<div style='flex:1'>{table(right)}</div></div>"), rows


BROWSER_FAMILIES: tuple[str, ...] = ("html_table", "html_grid", "html_lines", "html_cards", "html_two_column")
__all__ = ["BROWSER_FAMILIES", "CHROMIUM", "HtmlFamily", "printer"]
