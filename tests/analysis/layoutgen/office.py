"""The generator axis: the same cases written as office documents and printed by LibreOffice (soffice --convert-to pdf).

Laboratories and patients also print results from office software: a spreadsheet (gridlines, the column letters
and row numbers on some prints, the interval's limits in two cells, a flag from a formula such as
=IF(B2<D2;"L";IF(B2>E2;"H";"")), conditional-format fills: Excel's light red #FFC7CE with dark red text #9C0006,
or yellow #FFEB9C with #9C5700; number formats; a merged title cell wider than the columns; title rows repeated
on every page; landscape, fitted to the page's width) or a word processor (a table with a repeated header row,
lines aligned by tab stops, a page header and footer). Each family writes a Case as flat OpenDocument XML
(.fods / .fodt, which LibreOffice reads with no library) in one layout, its seeded choices varying fonts, sizes,
gridlines, flag marking and where the unit goes; the truth rows come from the printed strings, as in printing.py.

`OfficeFamily.render_many(cases)` converts a batch with one soffice process (it is slow to start); the scorer
uses it. The families are registered in family.REGISTRY but listed apart (OFFICE_FAMILIES): the scorer renders
them when named (`--families office_sheet ...`), since they need soffice (LAYOUTGEN_SOFFICE or on PATH).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path
from random import Random
from typing import ClassVar
from xml.sax.saxutils import escape, quoteattr

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.case import Case
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import Family, Rendered, register
from tests.analysis.layoutgen.phrases import phrase
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, choose_range_style, flag_style, make_item

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
      'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2"')
FONTS = ("Liberation Sans", "Liberation Serif", "DejaVu Sans", "Carlito", "Calibri", "Arial", "Times New Roman")
# conditional-format presets: (fill, text colour); Excel's "light red fill with dark red text" and its yellow one
HIGHLIGHTS = {"high": ("#FFC7CE", "#9C0006"), "low": ("#FFEB9C", "#9C5700")}


def soffice() -> str | None:
    return os.environ.get("LAYOUTGEN_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert(docs: list[tuple[str, str]]) -> list[bytes]:
    """(extension, flat XML) documents to PDF bytes, all with one soffice process."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("the office families need LibreOffice (soffice on PATH or LAYOUTGEN_SOFFICE)")
    with tempfile.TemporaryDirectory(prefix="layoutgen-office-") as tmp:
        paths = []
        for i, (ext, xml) in enumerate(docs):
            p = Path(tmp) / f"d{i:04d}.{ext}"
            p.write_text(xml, encoding="utf-8")
            paths.append(p)
        profile = Path(tmp) / "profile"
        subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", tmp, *map(str, paths)],
                       check=True, capture_output=True, timeout=120 + 20 * len(docs))
        return [p.with_suffix(".pdf").read_bytes() for p in paths]


def x(text: str) -> str:
    return escape(text)


def para(text: str, style: str | None = None) -> str:
    """A text:p, tabs as <text:tab/>."""
    attr = f' text:style-name="{style}"' if style else ""
    return f"<text:p{attr}>" + "<text:tab/>".join(x(t) for t in text.split("\t")) + "</text:p>"


class OfficeFamily(Family):
    """A report written as an office document; subclasses write the document (`document`)."""

    creator: ClassVar[str] = "LibreOffice"
    flag_modes: ClassVar[tuple[str, ...]] = ("column", "none")

    def context(self, case: Case) -> Ctx:
        rng = Random(f"layoutgen-family:{self.name}:{case.seed}:{case.lang}:{case.units}")
        ctx = Ctx.create(case, rng, faces=self.faces, sizes=self.sizes, page_sizes=self.page_sizes, creator=self.creator)
        font = "WenQuanYi Micro Hei" if case.lang == "zh" and rng.random() < 0.5 else rng.choice(FONTS)
        ctx.opts.update(font=font, size=rng.choice([9, 10, 10, 11, 12]), flag_mode=rng.choice(self.flag_modes),
                        letter=ctx.doc.width > 600, margin=rng.choice([1.0, 1.5, 2.0]))
        return ctx

    def render(self, case: Case) -> Rendered:
        return self.render_many([case])[0]

    def render_many(self, cases: list[Case]) -> list[Rendered]:
        made = [self.document(self.context(c)) for c in cases]
        pdfs = convert([(ext, xml) for ext, xml, _ in made])
        return [Rendered(pdf, rows, "office") for pdf, (_, _, rows) in zip(pdfs, made, strict=True)]

    def document(self, ctx: Ctx) -> tuple[str, str, list[TruthRow]]:
        """The document's extension ('fods' or 'fodt'), its flat XML and the truth rows."""
        raise NotImplementedError

    # --- shared parts ---
    def items(self, ctx: Ctx, *, sexes: bool = True) -> list[tuple[str, list[Item]]]:
        style = choose_range_style(ctx.rng, ctx.loc)
        if sexes and ctx.rng.random() < 0.2:
            style = replace(style, both_sexes=ctx.rng.choice(ctx.loc.sex_ranges))
        return [(blocks.section_title(ctx, panel), [make_item(r, ctx.case, style) for r in results])
                for panel, results in ctx.case.panels()]

    def flag_style(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "HL", "arrows", "word", "WORD"]), ctx.loc, ctx.rng)

    @staticmethod
    def titles(ctx: Ctx) -> dict[str, str]:
        return {"name": ctx.words["test"], "result": ctx.words["result"], "flag": ctx.words["flag"],
                "unit": ctx.words["unit"], "range": ctx.words["reference"]}

    @staticmethod
    def page_layout(ctx: Ctx, *, landscape: bool, extra: str = "", footer: str = "", header: str = "",
                    master_name: str = "Default") -> tuple[str, str]:
        """The automatic page layout and the master page (header and footer paragraphs)."""
        w, h = ("21.59cm", "27.94cm") if ctx.opts["letter"] else ("21cm", "29.7cm")
        if landscape:
            w, h = h, w
        margin = f'{ctx.opts["margin"]}cm'
        layout = (f'<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="{w}" '
                  f'fo:page-height="{h}" style:print-orientation="{"landscape" if landscape else "portrait"}" '
                  f'fo:margin-top="{margin}" fo:margin-bottom="{margin}" fo:margin-left="{margin}" '
                  f'fo:margin-right="{margin}" {extra}/><style:header-style><style:header-footer-properties fo:min-height="0.5cm" '
                  'fo:margin-bottom="0.3cm"/></style:header-style><style:footer-style><style:header-footer-properties '
                  'fo:min-height="0.5cm" fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>')
        master = (f'<office:master-styles><style:master-page style:name="{master_name}" style:page-layout-name="pm1">'
                  + (f"<style:header>{header}</style:header>" if header else '<style:header style:display="false"/>')
                  + (f"<style:footer>{footer}</style:footer>" if footer else '<style:footer style:display="false"/>')
                  + "</style:master-page></office:master-styles>")
        return layout, master

    @staticmethod
    def page_footer(ctx: Ctx) -> str:
        words = ctx.rng.choice(ctx.loc.page)
        head, _, rest = words.partition("{p}")
        mid, _, tail = rest.partition("{n}")
        return (f"<text:p>{x(ctx.case.header.accession)}<text:tab/>{x(head)}<text:page-number>1</text:page-number>"
                + (f"{x(mid)}<text:page-count>1</text:page-count>{x(tail)}" if "{n}" in words else x(mid)) + "</text:p>")

    @staticmethod
    def fonts(ctx: Ctx) -> str:
        f = quoteattr(str(ctx.opts["font"]))
        return f'<office:font-face-decls><style:font-face style:name={f} svg:font-family={f} ' \
               'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>'

    @staticmethod
    def text_props(ctx: Ctx, *, bold: bool = False, color: str | None = None, scale: float = 1.0) -> str:
        size = f'{ctx.opts["size"] * scale:g}pt'
        return (f'<style:text-properties style:font-name={quoteattr(str(ctx.opts["font"]))} fo:font-size="{size}" '
                f'style:font-name-asian={quoteattr(str(ctx.opts["font"]))} style:font-size-asian="{size}"'
                + (' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else "")
                + (f' fo:color="{color}"' if color else "") + "/>")


# ----------------------------------------------------------------------------------------------- spreadsheets
class SheetFamily(OfficeFamily):
    """A results sheet printed from Calc: title rows, patient rows, a header row repeated on every page, one result a row."""

    flags_by_formula: ClassVar[bool] = True
    highlight: ClassVar[bool] = True

    def document(self, ctx: Ctx) -> tuple[str, str, list[TruthRow]]:
        rng = ctx.rng
        fs = self.flag_style(ctx)
        flag_col = self.flags_by_formula and ctx.opts["flag_mode"] == "column"
        two_cells = rng.random() < 0.75
        unit_col = True     # (a sheet whose unit sits nowhere is no report)
        numbers = rng.random() < 0.7          # values as numeric cells with a number format
        grid = rng.random() < 0.6
        headers = grid and rng.random() < 0.4  # column letters and row numbers printed
        landscape = rng.random() < 0.5
        if not two_cells:
            numbers = numbers and not headers
        t = self.titles(ctx)
        low_t, high_t = rng.choice(phrase(ctx.case.lang, "low_high"))
        cols = ["name", "result"] + (["unit"] if unit_col else []) + (["low", "high"] if two_cells else ["range"]) \
            + (["flag"] if flag_col else [])
        titles = {**t, "low": low_t, "high": high_t}
        letters = {c: "ABCDEFGH"[i] for i, c in enumerate(cols)}
        styles: list[str] = []
        num_styles: dict[int, str] = {}

        def number_style(dec: int) -> str:
            if dec not in num_styles:
                name = f"N{dec}"
                lang = 'number:language="de" number:country="DE"' if ctx.case.numbers.decimal == "," \
                    else 'number:language="en" number:country="US"'
                group = ' number:grouping="true"' if ctx.case.numbers.thousands else ""
                styles.append(f'<number:number-style style:name="{name}" {lang}><number:number number:decimal-places="{dec}" '
                              f'number:min-decimal-places="{dec}" number:min-integer-digits="1"{group}/></number:number-style>')
                num_styles[dec] = name
            return num_styles[dec]

        def decimals(text: str) -> int:
            return len(text.rsplit(ctx.case.numbers.decimal, 1)[1]) if ctx.case.numbers.decimal in text else 0

        def parses(text: str, dec: int) -> bool:
            try:
                return ctx.case.numbers.fmt(ctx.case.numbers.read(text), dec) == text
            except ValueError:
                return False

        cell_styles: dict[tuple[str, str], str] = {}

        def cell_style(kind: str, num: str = "") -> str:
            key = (kind, num)
            if key not in cell_styles:
                name = f"ce{len(cell_styles) + 1}"
                fill, color = HIGHLIGHTS.get(kind, ("", None))
                if kind == "head":
                    fill = rng.choice(["#D9D9D9", "#DDEBF7", "#FFFFFF"])
                props = (f'fo:background-color="{fill}" ' if fill else "") + \
                    ('fo:border="0.5pt solid #000000" ' if grid and kind != "title" else "")
                data = f' style:data-style-name="{num}"' if num else ""
                styles.append(f'<style:style style:name="{name}" style:family="table-cell" style:parent-style-name="Default"{data}>'
                              f'<style:table-cell-properties {props}/>'
                              + self.text_props(ctx, bold=kind in ("head", "title", "section"), color=color,
                                                scale=1.5 if kind == "title" else 1.0) + "</style:style>")
                cell_styles[key] = name
            return cell_styles[key]

        def cell(text: str, kind: str = "plain", *, number: bool = False, formula: str = "", span: int = 1) -> str:
            attrs = f' table:style-name="{cell_style(kind)}"'
            if span > 1:
                attrs += f' table:number-columns-spanned="{span}"'
            if number and text:
                dec = decimals(text)
                if parses(text, dec):
                    value = ctx.case.numbers.read(text)
                    attrs = f' table:style-name="{cell_style(kind, number_style(dec))}" office:value-type="float" ' \
                            f'office:value="{value!r}"'
                    return f"<table:table-cell{attrs}><text:p>{x(text)}</text:p></table:table-cell>"
            if formula:
                attrs += f' table:formula={quoteattr(formula)}'
            if not text:
                return f"<table:table-cell{attrs}/>" + ("<table:covered-table-cell/>" * (span - 1))
            return f'<table:table-cell{attrs} office:value-type="string"><text:p>{x(text)}</text:p></table:table-cell>' \
                + ("<table:covered-table-cell/>" * (span - 1))

        def row(cells: list[str]) -> str:
            return "<table:table-row>" + "".join(cells) + "</table:table-row>"

        h = ctx.case.header
        top = [row([cell(h.lab_name, "title", span=len(cols) + rng.choice([0, 1, 2]))]),
               row([cell(f"{h.lab_street}, {h.lab_city}", span=len(cols))]),
               row([cell(ctx.doc.title, "section", span=len(cols))]), row([cell("")])]
        fields = blocks.patient_fields(ctx)
        half = -(-len(fields) // 2)
        for i in range(half):
            pair = fields[i], fields[i + half] if i + half < len(fields) else ("", "")
            if len(cols) >= 5:
                top.append(row([cell(pair[0][0], "section"), cell(pair[0][1], span=2), cell(pair[1][0], "section"),
                                cell(pair[1][1], span=len(cols) - 3)]))
            else:
                top.extend(row([cell(k, "section"), cell(v, span=len(cols) - 1)]) for k, v in pair if k)
        top.append(row([cell("")]))
        head = row([cell(titles[c], "head") for c in cols]) if ctx.case.titles != "none" else ""
        body: list[str] = []
        rows: list[TruthRow] = []
        n = len(top) + 2
        sections = self.items(ctx, sexes=not two_cells)
        for section, items in sections:
            body.append(row([cell(section, "section", span=len(cols))]))
            n += 1
            for it in items:
                mark = fs.mark(it.status)
                hl = base_status(it.status) if self.highlight and mark and rng.random() < 0.97 else "plain"
                out = {"name": cell(it.name), "result": cell(it.value_text, hl, number=numbers),
                       "unit": cell(it.unit or "")}
                if two_cells:
                    out["low"] = cell(it.rng.low_text or "" if it.rng else "", number=numbers)
                    out["high"] = cell(it.rng.high_text or "" if it.rng else "", number=numbers)
                    if it.rng and it.rng.low_text is None and it.rng.high_text is not None and rng.random() < 0.5:
                        out["high"] = cell(it.rng.lines[0])      # '< 200' in the high cell
                        out["low"] = cell("")
                else:
                    out["range"] = cell(it.rng.text if it.rng else "")
                conveyed = None
                if flag_col:
                    lo, hi = letters.get("low", "X"), letters.get("high", "Y")
                    v = f"[.{letters['result']}{n}]"
                    # a formula where the cells it compares hold numbers (LibreOffice recalculates it on loading)
                    numeric = numbers and all(parses(t, decimals(t)) for t in (it.value_text, it.rng.low_text or "0",
                                                                               it.rng.high_text or "0")) if it.rng else False
                    formula = (f'of:=IF({v}<[.{lo}{n}];"{fs.low}";IF({v}>[.{hi}{n}];"{fs.high}";""))'
                               if two_cells and numeric and it.rng and it.rng.low_text and it.rng.high_text
                               and out["high"].count("float") else "")
                    out["flag"] = cell(mark, formula=formula)
                    conveyed = fs.means(it.status)
                body.append(row([out[c] for c in cols]))
                rows.append(it.truth(ctx.case.numbers, conveyed))
                n += 1
        if rng.random() < 0.5:
            body.append(row([cell("")]))
            body.append(row([cell(blocks.notes_text(ctx), span=len(cols))]))
        # every column as wide as its longest text and its title (a user widens a column rather than print a name,
        # unit or title cut off by the next cell)
        size = float(ctx.opts["size"])

        def longest(texts: list[str]) -> float:
            return max((len(t) * (2 if ctx.case.lang == "zh" else 1) for t in texts), default=6) * size * 0.022 + 0.4

        texts = {"name": [r.name for r in ctx.case.results], "unit": [r.unit or "" for r in ctx.case.results],
                 "range": [] if two_cells else [it.rng.text for _, its in sections for it in its if it.rng]}
        least = {"name": rng.choice([5.0, 6.0]), "result": 2.2, "unit": 2.0, "low": 1.8, "high": 1.8, "range": 3.2,
                 "flag": 1.4}
        widths = {c: max(least[c], longest(texts.get(c, [])), longest([titles[c]]) + 0.2) for c in cols}
        colxml = "".join(f'<style:style style:name="co{c}" style:family="table-column"><style:table-column-properties '
                         f'style:column-width="{widths[c]}cm"/></style:style>' for c in cols)
        printing = ("grid " if grid else "") + ("headers " if headers else "") + "charts drawings objects zero-values"
        # fitted to the page's width (a sheet printed wider than its page leaves its last columns to another page)
        extra = f'style:print="{printing}" style:scale-to-X="1" style:scale-to-Y="0"'
        layout, master = self.page_layout(ctx, landscape=landscape, extra=extra,
                                          footer=self.page_footer(ctx) if rng.random() < 0.6 else "")
        table = ('<table:table table:name="Results" table:style-name="ta1">'
                 + "".join(f'<table:table-column table:style-name="co{c}"/>' for c in cols)
                 + "".join(top) + (f"<table:table-header-rows>{head}</table:table-header-rows>" if head else "")
                 + "".join(body) + "</table:table>")
        doc = (f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} '
               'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">' + self.fonts(ctx)
               + '<office:styles><style:style style:name="Default" style:family="table-cell">' + self.text_props(ctx)
               + "</style:style></office:styles><office:automatic-styles>"
               + '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
                 '<style:table-properties table:display="true"/></style:style>'
               + colxml + "".join(styles) + layout + "</office:automatic-styles>" + master
               + f"<office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document>")
        return "fods", doc, rows


def base_status(status: str) -> str:
    return "low" if status.endswith("low") else "high" if status.endswith("high") else "plain"


@register
class OfficeSheet(SheetFamily):
    name = "office_sheet"
    summary = ("a results sheet printed from LibreOffice Calc: gridlines (column letters and row numbers on some), "
               "limits in two cells, a formula flag column, conditional-format fills on abnormal values")


@register
class OfficeSheetPlain(SheetFamily):
    name = "office_sheet_plain"
    summary = "a results sheet printed from Calc with no flag column and no highlight: values, units and two limit cells"
    flags_by_formula = False
    highlight = False
    flag_modes = ("none",)


# ----------------------------------------------------------------------------------------------- word processor
class WriterFamily(OfficeFamily):
    """A report written in Writer: the letterhead in the page header, a title, patient lines, then the results."""

    flag_modes = ("column", "bold", "none")

    def document(self, ctx: Ctx) -> tuple[str, str, list[TruthRow]]:
        rng = ctx.rng
        h = ctx.case.header
        line = (21.59 if ctx.opts["letter"] else 21.0) - 2 * float(ctx.opts["margin"])
        # (the title line too: its range title after the last stop, in bold, must not wrap)
        zh = 2 if ctx.case.lang == "zh" else 1
        longest = max([len(r.name) * zh + len(r.unit or "") + 14 for r in ctx.case.results]
                      + [len(r.name) * zh + len(r.unit or "") + len(ctx.words["reference"]) * zh * 1.15 + 4
                         for r in ctx.case.results])
        while ctx.opts["size"] > 7 and longest * float(ctx.opts["size"]) * 0.026 + 6.5 > line:
            ctx.opts["size"] = float(ctx.opts["size"]) - 0.5   # the template's font made small enough for its lines
        styles = ['<style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" '
                  'fo:margin-bottom="0.05cm"/>' + self.text_props(ctx) + "</style:style>",
                  '<style:style style:name="B" style:family="paragraph" style:parent-style-name="P">'
                  '<style:paragraph-properties fo:margin-top="0.2cm"/>' + self.text_props(ctx, bold=True) + "</style:style>",
                  '<style:style style:name="T" style:family="paragraph" style:parent-style-name="P">'
                  '<style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.3cm"/>'
                  + self.text_props(ctx, bold=True, scale=1.4) + "</style:style>",
                  '<style:style style:name="R" style:family="text">' + self.text_props(ctx, bold=True, color="#C00000")
                  + "</style:style>"]
        body, rows = self.results(ctx, styles)
        fields = blocks.patient_fields(ctx)
        patient = "".join(para(f"{k}:\t{v}", "PT") for k, v in fields)
        styles.append('<style:style style:name="PT" style:family="paragraph" style:parent-style-name="P">'
                      '<style:paragraph-properties><style:tab-stops><style:tab-stop style:position="4.5cm"/>'
                      '</style:tab-stops></style:paragraph-properties></style:style>')
        header = para(h.lab_name, "B") + para(f"{h.lab_street}, {h.lab_city} · {ctx.labels['phone']}: {h.lab_phone}", "P")
        layout, master = self.page_layout(ctx, landscape=False, header=header, master_name="Standard",
                                          footer=self.page_footer(ctx) if rng.random() < 0.7 else "")
        notes = para(blocks.notes_text(ctx), "P")
        sig = para(f"{rng.choice(ctx.loc.signature)}: {h.validator}", "P")
        doc = (f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} '
               'office:mimetype="application/vnd.oasis.opendocument.text">' + self.fonts(ctx)
               + "<office:automatic-styles>" + "".join(styles) + layout + "</office:automatic-styles>" + master
               + "<office:body><office:text>" + para(ctx.doc.title, "T") + patient + para("", "P") + body
               + para("", "P") + notes + sig + "</office:text></office:body></office:document>")
        return "fodt", doc, rows

    def results(self, ctx: Ctx, styles: list[str]) -> tuple[str, list[TruthRow]]:
        raise NotImplementedError

    @staticmethod
    def value(ctx: Ctx, it: Item, fs: FlagStyle) -> tuple[str, str | None]:
        """The value's paragraph content: bold red where the report marks it (that is no flag of its own)."""
        mark = fs.mark(it.status)
        if ctx.opts["flag_mode"] == "bold" and mark:
            return f'<text:span text:style-name="R">{x(it.value_text)}</text:span>', None
        return x(it.value_text), None


@register
class OfficeDocTable(WriterFamily):
    name = "office_doc_table"
    summary = "a Writer table (a header row repeated on every page, section rows merged across), letterhead in the page header"

    def results(self, ctx: Ctx, styles: list[str]) -> tuple[str, list[TruthRow]]:
        rng = ctx.rng
        fs = self.flag_style(ctx)
        unit_col = rng.random() < 0.75
        cols = ["name", "result"] + (["flag"] if ctx.opts["flag_mode"] == "column" else []) \
            + (["unit"] if unit_col else []) + ["range"]
        t = self.titles(ctx)
        border = rng.choice(["grid", "rows", "none"])
        line = "0.5pt solid #000000"
        cellprops = f'fo:border="{line}"' if border == "grid" else f'fo:border-bottom="{line}"' if border == "rows" else ""
        styles.append(f'<style:style style:name="C" style:family="table-cell"><style:table-cell-properties '
                      f'fo:padding="0.05cm" {cellprops}/></style:style>')
        styles.append('<style:style style:name="CH" style:family="table-cell"><style:table-cell-properties '
                      f'fo:padding="0.05cm" fo:background-color="{rng.choice(["#D9D9D9", "#DEEAF6", "transparent"])}" '
                      f'fo:border-bottom="{line}"/></style:style>')
        widths = {"name": rng.choice([6.0, 7.0, 8.0]), "result": 2.4, "flag": 1.5, "unit": 2.6, "range": 3.8}
        styles.append('<style:style style:name="TB" style:family="table"><style:table-properties style:width="'
                      f'{sum(widths[c] for c in cols):.1f}cm" table:align="left"/></style:style>')
        styles.extend(f'<style:style style:name="TC{c}" style:family="table-column"><style:table-column-properties '
                      f'style:column-width="{widths[c]}cm"/></style:style>' for c in cols)

        def tc(content: str, style: str = "C", span: int = 1, pstyle: str = "P") -> str:
            s = f' table:number-columns-spanned="{span}"' if span > 1 else ""
            return (f'<table:table-cell table:style-name="{style}" office:value-type="string"{s}>'
                    f'<text:p text:style-name="{pstyle}">{content}</text:p></table:table-cell>'
                    + "<table:covered-table-cell/>" * (span - 1))

        out = ['<table:table table:name="Results" table:style-name="TB">'
               + "".join(f'<table:table-column table:style-name="TC{c}"/>' for c in cols)]
        if ctx.case.titles != "none":
            out.append("<table:table-header-rows><table:table-row>" + "".join(tc(x(t[c]), "CH", pstyle="B") for c in cols)
                       + "</table:table-row></table:table-header-rows>")
        rows: list[TruthRow] = []
        for section, items in self.items(ctx):
            out.append("<table:table-row>" + tc(x(section), span=len(cols), pstyle="B") + "</table:table-row>")
            for it in items:
                value, _ = self.value(ctx, it, fs)
                mark = fs.mark(it.status)
                cells = {"name": x(it.name), "result": value, "flag": f'<text:span text:style-name="R">{x(mark)}</text:span>',
                         "unit": x(it.unit or ""),
                         "range": "<text:line-break/>".join(x(s) for s in it.rng.lines) + (
                             "" if unit_col or not it.unit else f" {x(it.unit)}") if it.rng else ""}
                if not unit_col and it.unit and not it.rng:
                    cells["result"] += f" {x(it.unit)}"
                out.append("<table:table-row>" + "".join(tc(cells[c]) for c in cols) + "</table:table-row>")
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status) if "flag" in cols else None))
        out.append("</table:table>")
        return "".join(out), rows


@register
class OfficeDocTabs(WriterFamily):
    name = "office_doc_tabs"
    summary = "Writer paragraphs aligned by tab stops (name, value at a right or decimal tab, unit, range), bold section lines"

    def results(self, ctx: Ctx, styles: list[str]) -> tuple[str, list[TruthRow]]:
        rng = ctx.rng
        fs = self.flag_style(ctx)
        flag = ctx.opts["flag_mode"] == "column"
        # the name's tab stop past the longest name (a template tuned to its names), the rest within the line
        longest = max((len(r.name) * (2 if ctx.case.lang == "zh" else 1) for r in ctx.case.results), default=10)
        name_w = max(rng.choice([4.0, 5.0]), longest * float(ctx.opts["size"]) * 0.026 + 0.3)
        kind = rng.choice(["right", "decimal", "left"])
        dec = f' style:char="{ctx.case.numbers.decimal}"' if kind == "decimal" else ""
        value_at = name_w + (0.2 if kind == "left" else 1.8)
        stops = [f'<style:tab-stop style:position="{value_at:.2f}cm" style:type="{"char" if kind == "decimal" else kind}"{dec}/>']
        pos = value_at + {"left": 2.0, "decimal": 1.0}.get(kind, 0.5)   # the value ends before the next stop
        if flag:
            stops.append(f'<style:tab-stop style:position="{pos:.1f}cm"/>')
            pos += 1.6
        stops.append(f'<style:tab-stop style:position="{pos:.1f}cm"/>')
        unit_w = max((len(r.unit or "") for r in ctx.case.results), default=6) * float(ctx.opts["size"]) * 0.026 + 0.5
        pos += max(unit_w, 1.5)
        stops.append(f'<style:tab-stop style:position="{pos:.1f}cm"/>')
        styles.append('<style:style style:name="TL" style:family="paragraph" style:parent-style-name="P">'
                      f'<style:paragraph-properties><style:tab-stops>{"".join(stops)}</style:tab-stops>'
                      "</style:paragraph-properties></style:style>")
        styles.append('<style:style style:name="BS" style:family="text">' + self.text_props(ctx, bold=True) + "</style:style>")
        t = self.titles(ctx)
        out = []
        if ctx.case.titles != "none":
            out.append('<text:p text:style-name="TL"><text:span text:style-name="BS">' + "<text:tab/>".join(
                x(w) for w in [t["name"], t["result"]] + ([t["flag"]] if flag else []) + [t["unit"], t["range"]])
                + "</text:span></text:p>")
        rows: list[TruthRow] = []
        for section, items in self.items(ctx, sexes=False):
            out.append(para(section, "B"))
            for it in items:
                value, _ = self.value(ctx, it, fs)
                mark = fs.mark(it.status)
                parts = [x(it.name), value] + ([f'<text:span text:style-name="R">{x(mark)}</text:span>'] if flag else []) \
                    + [x(it.unit or ""), x(it.rng.text) if it.rng else ""]
                out.append('<text:p text:style-name="TL">' + "<text:tab/>".join(parts) + "</text:p>")
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status) if flag else None))
        return "".join(out), rows


OFFICE_FAMILIES: tuple[str, ...] = ("office_sheet", "office_sheet_plain", "office_doc_table", "office_doc_tabs")
__all__ = ["OFFICE_FAMILIES", "OfficeFamily", "convert", "soffice"]
