"""Lab-software exports that print each result as a record of labelled fields instead of a table row, reference
cells that give an interval per population (adults, children, newborns, pregnancy, each sex), and spreadsheets
printed to PDF."""

from __future__ import annotations

from dataclasses import replace

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, LIGHT, Page
from tests.analysis.layoutgen.case import Result, decimals_of
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.per_test import Blocks
from tests.analysis.layoutgen.family import Family, TableFamily, col, first_page, register
from tests.analysis.layoutgen.phrases import phrase
from tests.analysis.layoutgen.printing import (
    FlagStyle,
    Item,
    RangeStyle,
    TruthRow,
    choose_range_style,
    flag_style,
    make_item,
    sex_interval_text,
)
from tests.analysis.layoutgen.table import Cell, Column, TableWriter


@register
class KeyValueRecords(Family):
    name = "key_value_records"
    summary = ("a LIS export that prints every result as a record of labelled fields, the test's name a field too: "
               "'Test: Hemoglobin' / 'Result: 13.2' / 'Units: g/dL' / 'Reference range: 13.5 - 17.5' / 'Flag: L' "
               "(labels in the report's language, flag field blank or 'N' when normal, the flag field before or after "
               "the reference), one field a line ('Label: value' or labels in a column and values aligned) or in a "
               "small two-cell grid per record; records one under another or two side by side, separated by a rule "
               "or blank space; panel titles between groups")
    faces = ("sans", "serif", "mono", "vera")
    sizes = (7.5, 9.5)
    orders = ("reading", "words", "shuffled")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, w = ctx.rng, ctx.words
        per_band = rng.choice([1, 1, 2])
        form = rng.choice(["colon", "aligned", "grid"])
        flag_first = rng.random() < 0.3
        with_normal = rng.random() < 0.4
        fs = flag_style(rng.choice(["HL", "HL", "word", "WORD", "arrows"]), ctx.loc, rng, with_normal=with_normal)
        sep = rng.choice(["rule", "space", "dashes"])
        unit_field = rng.random() < 0.8          # else the unit follows the value in the result field
        rstyle = choose_range_style(rng, ctx.loc, zero_low=False)
        labels = {"name": w["test"], "result": w["result"], "unit": w["unit"], "range": w["reference"],
                  "flag": w["flag"]}
        order = ["name", "result"] + (["unit"] if unit_field else []) + \
            (["flag", "range"] if flag_first else ["range", "flag"])
        page, y = first_page(ctx)
        flow = Blocks(ctx, page, y)
        gap = 14.0
        width = (ctx.right - ctx.left - gap * (per_band - 1)) / per_band
        lh = ctx.size * (1.6 if form == "grid" else 1.4)
        height = lh * len(order) + ctx.size * 1.2
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            top = flow.take(ctx.size * 2.6)
            flow.page.text(ctx.left, top - ctx.size * 1.5, blocks.section_title(ctx, panel), ctx.bold, ctx.size + 1.5)
            items = [make_item(r, ctx.case, rstyle) for r in results]
            for i in range(0, len(items), per_band):
                top = flow.take(height)
                for j, it in enumerate(items[i:i + per_band]):
                    x = ctx.left + j * (width + gap)
                    self.record(ctx, flow.page, x, top, width, lh, it, fs, order, labels, form, unit_field)
                    rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
                rule_y = top - height + ctx.size * 0.5
                if sep == "rule":
                    flow.page.line(ctx.left, rule_y, ctx.right, rule_y, 0.4, color=GREY)
                elif sep == "dashes":
                    flow.page.line(ctx.left, rule_y, ctx.right, rule_y, 0.4, color=GREY, dash=(2, 2))
        top = flow.take(100)
        y = blocks.notes(ctx, flow.page, top - 6)
        blocks.signature(ctx, flow.page, y)
        blocks.footers(ctx, accession=rng.random() < 0.5)
        return rows

    def record(self, ctx: Ctx, page: Page, x: float, top: float, width: float, lh: float, it: Item, fs: FlagStyle,
               order: list[str], labels: dict[str, str], form: str, unit_field: bool) -> None:
        mark = fs.mark(it.status)
        value = it.value_text if unit_field or not it.unit else f"{it.value_text} {it.unit}"
        values = {"name": it.name, "result": value, "unit": it.unit or "", "range": it.rng.text if it.rng else "",
                  "flag": mark}
        lw = max(ctx.width(labels[k] + ":") for k in order) + 10
        if form == "grid":
            lw = min(lw, width * 0.45)
            page.rect(x, top - lh * len(order) - 2, width, lh * len(order), width=0.4, stroke=GREY)
            page.line(x + lw, top - 2, x + lw, top - lh * len(order) - 2, 0.4, color=GREY)
        for k, key in enumerate(order):
            base = top - lh * (k + 1) + (lh - ctx.size) / 2 if form == "grid" else top - lh * (k + 1)
            font = ctx.bold if key == "name" or (key in ("result", "flag") and mark) else ctx.regular
            if form == "grid":
                if k:
                    page.line(x, top - lh * k - 2, x + width, top - lh * k - 2, 0.3, color=LIGHT)
                page.text(x + 3, base, labels[key], ctx.regular, ctx.size, color=GREY)
                page.text(x + lw + 4, base, values[key], font, ctx.size)
            elif form == "aligned":
                page.text(x, base, labels[key] + ":", ctx.regular, ctx.size, color=GREY)
                page.text(x + lw, base, values[key], font, ctx.size)
            else:
                label_w = page.text(x, base, labels[key] + ":", ctx.regular, ctx.size, color=GREY)
                page.text(x + label_w + ctx.width(" "), base, values[key], font, ctx.size)


# How a report names its populations, per language: adults, children, pregnancy, newborns (the words laboratories
# of that language print before an interval; written for the generator, apart from the parser's lexicon).
POPULATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "en": (("Adults", "Adult"), ("Children", "Child", "Paediatric"), ("Pregnancy", "Pregnant women"),
           ("Newborns", "Neonates")),
    "es": (("Adultos",), ("Niños", "Pediátrico"), ("Embarazadas", "Embarazo"), ("Recién nacidos",)),
    "pt": (("Adultos",), ("Crianças",), ("Gestantes", "Gravidez"), ("Recém-nascidos",)),
    "fr": (("Adultes", "Adulte"), ("Enfants",), ("Grossesse", "Femme enceinte"), ("Nouveau-nés",)),
    "it": (("Adulti",), ("Bambini", "Età pediatrica"), ("Gravidanza", "Gestanti"), ("Neonati",)),
    "de": (("Erwachsene",), ("Kinder",), ("Schwangere", "Schwangerschaft"), ("Neugeborene",)),
    "id": (("Dewasa",), ("Anak", "Anak-anak"), ("Hamil", "Ibu hamil"), ("Bayi baru lahir", "Neonatus")),
    "zh": (("成人",), ("儿童",), ("孕妇", "妊娠期"), ("新生儿",)),
    "nl": (("Volwassenen",), ("Kinderen",), ("Zwangeren", "Zwangerschap"), ("Pasgeborenen",)),
    "pl": (("Dorośli",), ("Dzieci",), ("Ciąża", "Kobiety w ciąży"), ("Noworodki",)),
    "tr": (("Yetişkin", "Yetişkinler"), ("Çocuk", "Çocuklar"), ("Gebelik", "Gebe"), ("Yenidoğan",)),
    "cs": (("Dospělí",), ("Děti",), ("Těhotné", "Těhotenství"), ("Novorozenci",)),
    "ro": (("Adulți",), ("Copii",), ("Gravide", "Sarcină"), ("Nou-născuți",)),
    "sv": (("Vuxna",), ("Barn",), ("Gravida", "Graviditet"), ("Nyfödda",)),
    "ru": (("Взрослые",), ("Дети",), ("Беременные", "Беременность"), ("Новорожденные",)),
    "vi": (("Người lớn",), ("Trẻ em",), ("Phụ nữ có thai", "Thai kỳ"), ("Trẻ sơ sinh",)),
    "da": (("Voksne",), ("Børn",), ("Gravide", "Graviditet"), ("Nyfødte",)),
    "no": (("Voksne",), ("Barn",), ("Gravide", "Svangerskap"), ("Nyfødte",)),
}


@register
class PopulationBands(TableFamily):
    name = "population_bands"
    summary = ("the reference cell gives an interval per population, stacked one a line or on one line: 'Adults: "
               "4.0 - 11.0' / 'Children: 5.0 - 14.5' / 'Newborns: …' / 'Pregnancy: …', 'Men: …' / 'Women: …' beside "
               "'Children: …', in a shuffled order (the patient's band not always first), labels in the report's "
               "language with or without a colon; the patient's sex and age (an adult) in the header decide the band; "
               "H/L in a flag column by that band, or no flag column (the band's interval implies the flag)")
    rules = ("none", "header", "rows", "grid")
    orders = ("reading", "words", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts.update(flagged=ctx.rng.random() < 0.5, one_line=ctx.rng.random() < 0.3,
                        colon=ctx.rng.random() < 0.8, words=[ctx.rng.choice(v) for v in POPULATIONS[ctx.case.lang]],
                        sexes=ctx.rng.choice(ctx.loc.sex_ranges))
        flag = [col("flag", w["flag"], 7, "center")] if ctx.opts["flagged"] else []
        return [col("name", w["test"], 34), col("result", w["result"], 12, "right"), *flag,
                col("unit", w["unit"], 13), col("range", w["reference"], 44 if ctx.opts["one_line"] else 30)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def item(self, ctx: Ctx, result: Result, rstyle: RangeStyle | None) -> Item:
        ctx.opts["rstyle"] = rstyle
        ctx.opts.setdefault("sep", rstyle.sep if rstyle and rstyle.sep.strip() in ("-", "–") else " - ")
        return make_item(result, ctx.case, rstyle)

    def _bands(self, ctx: Ctx, item: Item) -> list[str] | None:
        """The reference cell's lines, one per population (the patient's band prints the patient's interval)."""
        rng = item.rng
        if rng is None or rng.low_text is None or rng.high_text is None or ctx.rng.random() < 0.3:
            return None
        o, sep = ctx.opts, ctx.opts["sep"]
        adults, children, pregnancy, newborns = o["words"]
        dec = max(decimals_of(rng.low_text.replace(",", ".")), decimals_of(rng.high_text.replace(",", ".")))
        assert rng.low is not None and rng.high is not None

        def text(a: float, b: float) -> str:
            return f"{ctx.fmt(a, dec)}{sep}{ctx.fmt(b, dec)}"

        def label(word: str) -> str:
            return f"{word}:" if o["colon"] else word

        own = f"{rng.low_text}{sep}{rng.high_text}"
        ref = item.result.option.ref
        if ref.by_sex:
            male_t, female_t = o["sexes"]
            other = sex_interval_text(item.result, ctx.case, ctx.opts["rstyle"], "F" if ctx.case.sex == "M" else "M")
            sexes = [(male_t if ctx.case.sex == "M" else female_t).format(rng.text),
                     (female_t if ctx.case.sex == "M" else male_t).format(other)]
            if ctx.rng.random() < 0.5:
                sexes.reverse()
            lines = sexes
        else:
            lines = [f"{label(adults)} {own}"]
        extra = [f"{label(children)} {text(rng.low * 1.12, rng.high * 1.25)}"]
        if ctx.rng.random() < 0.4:
            extra.append(f"{label(newborns)} {text(rng.low * 1.4, rng.high * 1.6)}")
        if ctx.rng.random() < 0.4:
            extra.append(f"{label(pregnancy)} {text(rng.low * 0.85, rng.high * 0.92)}")
        ctx.rng.shuffle(extra)
        if o["one_line"]:  # on one line: both sexes, or adults and one other population
            extra = extra[:1] if len(lines) == 1 else []
        at = ctx.rng.randrange(len(extra) + 1)
        lines = extra[:at] + lines + extra[at:]
        return ["; ".join(lines)] if o["one_line"] else lines

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        mark = fs.mark(item.status) if fs and ctx.opts["flagged"] else ""
        bands = self._bands(ctx, item)
        rng_lines = bands if bands else (list(item.rng.lines) if item.rng else [])
        if len(rng_lines) > 1:
            tw.keep((len(rng_lines) + 1) * tw.lh + 2 * tw.pad)
        tw.row({"name": Cell([item.name]), "result": Cell([item.value_text], ctx.bold if mark else None),
                "flag": Cell([mark], ctx.bold), "unit": Cell([item.unit or ""]), "range": Cell(rng_lines)})
        return fs.means(item.status) if fs and ctx.opts["flagged"] else None


# A status column's words ('In range' / 'Out of range'), per language; other languages print the English ones.
IN_OUT_WORDS: dict[str, tuple[str, str]] = {
    "en": ("In range", "Out of range"), "es": ("Dentro de rango", "Fuera de rango"),
    "pt": ("Dentro da faixa", "Fora da faixa"), "fr": ("Dans les normes", "Hors normes"),
    "it": ("Nella norma", "Fuori norma"), "de": ("Im Normbereich", "Außerhalb"), "id": ("Dalam rentang", "Di luar rentang"),
    "zh": ("正常", "异常"),
}
SHEET_TABS = ("Sheet1", "Results", "Hoja1", "Tabelle1", "Feuil1", "Foglio1", "Planilha1", "Lembar1")
SHEET_FILES = ("results.xlsx", "lab_results.xlsx", "export.csv", "Resultados.xlsx", "Befunde.xlsx", "analyses.xls")


def sci(value: float, decimals: int, comma: bool) -> str:
    """A spreadsheet's scientific format ('1.32E+01', '4,50E-02'), with as many digits as the value has (two
    decimals at least), so it reads back as the same value."""
    digits = f"{abs(value):.{max(decimals, 0)}f}".replace(".", "").lstrip("0").rstrip("0")
    text = f"{value:.{max(2, len(digits) - 1)}E}"
    mantissa, exp = text.split("E")
    exp = f"{exp[0]}{int(exp[1:]):02d}"
    return (mantissa.replace(".", ",") if comma else mantissa) + "E" + exp


@register
class SpreadsheetExport(TableFamily):
    name = "sheet_export"
    summary = ("a spreadsheet (Excel / CSV export) printed to PDF: a full grid, sometimes the column letters (A, B, "
               "C …) over it and the row numbers down its left, the file name at the top and the sheet's tab name at "
               "the foot; name | result | unit | reference (one cell, or the limits in two cells) | a flag column under "
               "an unusual title or none ('Abnormal?', '!', a blank title, the language's 'Status'), flags H/L, "
               "HIGH/LOW, arrows or 'Out of range' / 'In range'; the result column in the sheet's number format: as "
               "typed, with trailing zeros ('13.20'), or scientific ('1.32E+01', '1,32E+01')")
    rules = ("grid",)
    section_styles = ("bold",)
    faces = ("sans", "vera")
    sizes = (7.5, 9.5)
    orders = ("reading", "words", "shuffled", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        rng, w, lang = ctx.rng, ctx.words, ctx.case.lang
        ctx.opts.update(letters=rng.random() < 0.6, limits=rng.random() < 0.5,
                        number=rng.choice(["general", "general", "zeros", "sci"]),
                        flag_title=rng.choice([w["flag"], w["status"], "!", "", "Abnormal?"]),
                        marks=rng.choice(["HL", "WORD", "arrows", "inout"]), row=1)
        cols = [col("rownum", "", 4, "right")] if ctx.opts["letters"] else []
        cols += [col("name", w["test"], 32), col("result", w["result"], 12, "right"), col("unit", w["unit"], 12)]
        if ctx.opts["limits"]:
            low, high = rng.choice(phrase(lang, "low_high"))
            cols += [col("low", low, 13, "right"), col("high", high, 13, "right")]
        else:
            cols.append(col("range", w["reference"], 20))
        cols.append(col("flag", ctx.opts["flag_title"], 12, "center"))
        return cols

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice([" - ", "-"]), zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        if ctx.opts["marks"] == "inout":
            inside, out = IN_OUT_WORDS.get(ctx.case.lang, IN_OUT_WORDS["en"])
            return FlagStyle(out, out, out, out, inside)
        return flag_style(str(ctx.opts["marks"]), ctx.loc, ctx.rng)

    def _next_row(self, ctx: Ctx) -> str:
        n = int(ctx.opts["row"]) + 1  # type: ignore[call-overload]
        ctx.opts["row"] = n
        return str(n)

    def writer(self, ctx: Ctx, page: Page, y: float) -> TableWriter:
        ctx.doc.title = ctx.rng.choice(SHEET_FILES)
        page.text(ctx.left, ctx.top + 14, ctx.doc.title, ctx.regular, ctx.size - 1, color=GREY)
        tw = super().writer(ctx, page, y)
        if ctx.opts["letters"]:
            letters = {c.role: Cell([chr(ord("A") + k - 1) if k else ""], color=GREY) for k, c in enumerate(tw.columns)}
            tw.row(letters)
        return tw

    def draw_section(self, ctx: Ctx, tw: TableWriter, panel: str, style: str) -> None:
        cells = {"name": Cell([blocks.section_title(ctx, panel)], ctx.bold)}
        if ctx.opts["letters"]:
            cells["rownum"] = Cell([self._next_row(ctx)], color=GREY)
        tw.row(cells)

    def draw_rows(self, ctx: Ctx, tw: TableWriter, item: Item, fs: FlagStyle | None) -> str | None:
        assert fs is not None
        value = item.value_text
        number = ctx.opts["number"]
        if number == "zeros":
            value = ctx.fmt(ctx.case.numbers.read(value), max(2, item.result.decimals))
        elif number == "sci":
            value = sci(ctx.case.numbers.read(value), item.result.decimals, ctx.case.numbers.decimal == ",")
        ctx.opts["printed"].append(value)  # type: ignore[attr-defined]
        cells = {"name": Cell([item.name]), "result": Cell([value]), "unit": Cell([item.unit or ""]),
                 "flag": Cell([fs.mark(item.status)]),
                 "range": Cell([item.rng.text] if item.rng else []),
                 "low": Cell([item.rng.low_text or ""] if item.rng else []),
                 "high": Cell([item.rng.high_text or ""] if item.rng else [])}
        if ctx.opts["letters"]:
            cells["rownum"] = Cell([self._next_row(ctx)], color=GREY)
        tw.row(cells)
        return fs.means(item.status)

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        """The truth rows with the value as the sheet's number format printed it (read back: the same value)."""
        ctx.opts["printed"] = []
        rows = super().draw(ctx)
        return [replace(r, value_text=p) for r, p in zip(rows, ctx.opts["printed"], strict=True)]  # type: ignore[call-overload]

    def finish(self, ctx: Ctx, page: Page, y: float) -> None:
        for p in ctx.doc.pages:
            p.text(ctx.left, ctx.bottom - 20, ctx.rng.choice(SHEET_TABS), ctx.bold, ctx.size - 1, color=GREY)


ZONE_COLOURS = ((0.93, 0.80, 0.55), (0.62, 0.82, 0.62), (0.93, 0.65, 0.60))


@register
class BarGauge(Family):
    name = "bar_gauge"
    summary = ("a patient-portal or wellness print: one row per test, the name and the value with its unit, then a "
               "drawn bar: either three zones with 'Low | Normal | High' printed over them (on every row, or once over "
               "each panel) and the interval's bounds under the zone edges, or a bar that is the interval itself with "
               "its bounds printed at its two ends on the value's line; a marker at the value's place on the bar "
               "(beyond an end when out of range), sometimes the value printed again over the marker; no flag is "
               "printed (the marker's place is the only cue): the truth's flag is the one the interval implies")
    faces = ("sans", "vera")
    sizes = (7.5, 9.5)
    orders = ("reading", "words", "shuffled")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc = ctx.rng, ctx.loc
        ctx.opts.update(style=rng.choice(["zones", "zones", "ends"]), legend_once=rng.random() < 0.4,
                        repeat=rng.random() < 0.25, zones=(rng.choice(loc.low[:2]), rng.choice(loc.normal[:1]),
                                                           rng.choice(loc.high[:2])))
        rstyle = choose_range_style(rng, ctx.loc, zero_low=False)
        page, y = first_page(ctx)
        flow = Blocks(ctx, page, y)
        lh = ctx.size * 1.25
        height = lh * (3.4 if ctx.opts["style"] == "zones" else 2.2)
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            top = flow.take(ctx.size * 2.6 + height)
            flow.page.text(ctx.left, top - ctx.size * 1.5, blocks.section_title(ctx, panel), ctx.bold, ctx.size + 1.5)
            flow.page.line(ctx.left, top - ctx.size * 2.0, ctx.right, top - ctx.size * 2.0, 0.4, color=GREY)
            flow.y = top - ctx.size * 2.6
            for k, r in enumerate(results):
                it = make_item(r, ctx.case, rstyle)
                top = flow.take(height)
                self.gauge_row(ctx, flow.page, top, lh, it, legend=not ctx.opts["legend_once"] or k == 0)
                rows.append(it.truth(ctx.case.numbers))
        top = flow.take(100)
        y = blocks.notes(ctx, flow.page, top - 6)
        blocks.signature(ctx, flow.page, y)
        blocks.footers(ctx, accession=rng.random() < 0.5)
        return rows

    @staticmethod
    def _ends(it: Item) -> tuple[str | None, str | None]:
        """What the bar's two edges print: the bounds, or a one-sided interval with its sign at its one edge."""
        if it.rng is None:
            return None, None
        if it.rng.low_text and it.rng.high_text:
            return it.rng.low_text, it.rng.high_text
        return (None, it.rng.text) if it.rng.high_text else (it.rng.text, None)

    def gauge_row(self, ctx: Ctx, page: Page, top: float, lh: float, it: Item, legend: bool) -> None:
        span = ctx.right - ctx.left
        x_val, x0, x1 = ctx.left + span * 0.36, ctx.left + span * 0.52, ctx.right - span * 0.04
        small = max(5.5, ctx.size - 1.5)
        lo, hi, v = (it.rng.low, it.rng.high, ctx.case.numbers.read(it.value_text)) if it.rng else (None, None, 0.0)
        zones = ctx.opts["style"] == "zones"
        base = top - lh * (2.0 if zones else 1.0)
        room = x_val - ctx.left - 8
        page.text(ctx.left, base, it.name, ctx.bold, ctx.size * min(1.0, room / ctx.width(it.name, ctx.bold)))
        unit = f" {it.unit}" if it.unit else ""
        page.text(x_val, base, f"{it.value_text}{unit}", ctx.regular, ctx.size)
        bar_y, w = base + ctx.size * 0.3, x1 - x0
        if zones:  # three zones, the interval between the inner edges
            edges = (x0 + w / 3, x0 + 2 * w / 3)
            for j, colour in enumerate(ZONE_COLOURS):
                page.rect(x0 + j * w / 3, bar_y - 2.5, w / 3, 5, stroke=None, fill=colour)
            if legend:
                for j, word in enumerate(ctx.opts["zones"]):
                    page.text(x0 + (j + 0.5) * w / 3, base + lh, word, ctx.regular, small, align="center", color=GREY)
            for edge, text in zip(edges, self._ends(it), strict=True):
                if text:
                    page.text(edge, base - lh, text, ctx.regular, small, align="center", color=GREY)
            a, b = edges
        else:  # the bar is the interval: its bounds at its ends
            a, b = x0 + 0.12 * w, x1 - 0.12 * w
            page.rect(a, bar_y - 2.5, b - a, 5, stroke=None, fill=ZONE_COLOURS[1])
            low_end, high_end = self._ends(it)
            if low_end:
                page.text(a - 4, base, low_end, ctx.regular, small, align="right", color=GREY)
            if high_end:
                page.text(b + 4, base, high_end, ctx.regular, small, color=GREY)
        if lo is not None and hi is not None:
            px = a + (b - a) * (v - lo) / ((hi - lo) or 1.0)
        elif hi is not None:
            px = a + (b - a) * min(v / (hi or 1.0), 1.6)
        else:
            px = b * 0.5 + a * 0.5 if lo is None else a + (b - a) * min(v / (lo or 1.0) - 1.0, 1.0)
        px = min(max(px, x0 + 2), x1 - 2)
        page.circle(px, bar_y, 3.0, stroke=(1, 1, 1), fill=(0.1, 0.1, 0.1), width=0.8)
        if ctx.opts["repeat"]:
            page.text(px, bar_y + 5, it.value_text, ctx.bold, small, align="center")
