"""Blind holdout families (BLIND_FAMILIES): parser rules are not written from these (docs/ANALYSIS.md, "Holdout policy").

Whoever works on the parser does not read this module, run `--list` for their descriptions or look at their
PDFs; their accuracy is reported apart from every other family's. Each imitates a kind of real report that no
other family does, in the eight languages of locales.py; the truth is computed from the printed strings.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, LIGHT, Page
from tests.analysis.layoutgen.case import decimals_of
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.lines import LineFlow
from tests.analysis.layoutgen.family import Family, TableFamily, col, register, standard_cells
from tests.analysis.layoutgen.people import METHODS, fmt_date
from tests.analysis.layoutgen.phrases import phrase
from tests.analysis.layoutgen.printing import (
    FlagStyle,
    Item,
    RangeStyle,
    TruthRow,
    base_flag,
    choose_range_style,
    flag_style,
    make_item,
    sex_interval_text,
)
from tests.analysis.layoutgen.table import Cell, Column, TableWriter

# The words only these layouts print, in every language of locales.py.
WORDS: dict[str, dict[str, object]] = {
    "en": {"above": "Above high reference limit", "below": "Below low reference limit", "ok": "Normal - no action",
           "abnormal": "Abnormal - patient to be contacted", "filed": "Filed by", "entry": "Pathology result",
           "repeat": "Repeat in {n} weeks", "adults": "Adults", "children": "Children (1-12 years)",
           "newborns": "Newborns (0-28 days)", "series": ("Red cell series", "White cell series", "Platelets"),
           "sheet": "Sheet1", "graph": "Graph", "notes": "Notes", "health_id": "NHS No."},
    "es": {"above": "Por encima del límite superior", "below": "Por debajo del límite inferior",
           "ok": "Normal - sin acciones", "abnormal": "Alterado - citar al paciente", "filed": "Archivado por",
           "entry": "Resultado de laboratorio", "repeat": "Repetir en {n} semanas", "adults": "Adultos",
           "children": "Niños (1-12 años)", "newborns": "Recién nacidos (0-28 días)",
           "series": ("Serie roja", "Serie blanca", "Serie plaquetaria"), "sheet": "Hoja1", "graph": "Gráfico",
           "notes": "Notas", "health_id": "CIP"},
    "pt": {"above": "Acima do limite superior", "below": "Abaixo do limite inferior", "ok": "Normal - sem conduta",
           "abnormal": "Alterado - convocar paciente", "filed": "Arquivado por", "entry": "Resultado laboratorial",
           "repeat": "Repetir em {n} semanas", "adults": "Adultos", "children": "Crianças (1-12 anos)",
           "newborns": "Recém-nascidos (0-28 dias)", "series": ("Eritrograma", "Leucograma", "Plaquetograma"),
           "sheet": "Planilha1", "graph": "Gráfico", "notes": "Notas", "health_id": "CNS"},
    "fr": {"above": "Au-dessus de la limite supérieure", "below": "En dessous de la limite inférieure",
           "ok": "Normal - pas d'action", "abnormal": "Anormal - convoquer le patient", "filed": "Classé par",
           "entry": "Résultat de biologie", "repeat": "À recontrôler dans {n} semaines", "adults": "Adultes",
           "children": "Enfants (1-12 ans)", "newborns": "Nouveau-nés (0-28 jours)",
           "series": ("Lignée rouge", "Lignée blanche", "Plaquettes"), "sheet": "Feuil1", "graph": "Graphique",
           "notes": "Notes", "health_id": "N° sécu"},
    "it": {"above": "Sopra il limite superiore", "below": "Sotto il limite inferiore", "ok": "Normale - nessuna azione",
           "abnormal": "Alterato - contattare il paziente", "filed": "Archiviato da", "entry": "Esito di laboratorio",
           "repeat": "Ripetere tra {n} settimane", "adults": "Adulti", "children": "Bambini (1-12 anni)",
           "newborns": "Neonati (0-28 giorni)", "series": ("Serie rossa", "Serie bianca", "Serie piastrinica"),
           "sheet": "Foglio1", "graph": "Grafico", "notes": "Note", "health_id": "Cod. SSN"},
    "de": {"above": "Über dem oberen Referenzwert", "below": "Unter dem unteren Referenzwert",
           "ok": "Normal - keine Maßnahme", "abnormal": "Auffällig - Patient einbestellen", "filed": "Abgelegt von",
           "entry": "Laborergebnis", "repeat": "Kontrolle in {n} Wochen", "adults": "Erwachsene",
           "children": "Kinder (1-12 Jahre)", "newborns": "Neugeborene (0-28 Tage)",
           "series": ("Rotes Blutbild", "Weißes Blutbild", "Thrombozyten"), "sheet": "Tabelle1", "graph": "Grafik",
           "notes": "Hinweise", "health_id": "Vers.-Nr."},
    "id": {"above": "Di atas batas atas rujukan", "below": "Di bawah batas bawah rujukan",
           "ok": "Normal - tidak perlu tindakan", "abnormal": "Abnormal - hubungi pasien", "filed": "Diarsipkan oleh",
           "entry": "Hasil laboratorium", "repeat": "Ulangi dalam {n} minggu", "adults": "Dewasa",
           "children": "Anak (1-12 tahun)", "newborns": "Bayi baru lahir (0-28 hari)",
           "series": ("Seri eritrosit", "Seri leukosit", "Seri trombosit"), "sheet": "Sheet1", "graph": "Grafik",
           "notes": "Catatan", "health_id": "No. BPJS"},
    "zh": {"above": "高于参考上限", "below": "低于参考下限", "ok": "正常 - 无需处理", "abnormal": "异常 - 通知患者",
           "filed": "归档人", "entry": "检验结果", "repeat": "{n}周后复查", "adults": "成人", "children": "儿童(1-12岁)",
           "newborns": "新生儿(0-28天)", "series": ("红细胞系列", "白细胞系列", "血小板系列"), "sheet": "Sheet1",
           "graph": "图示", "notes": "备注", "health_id": "医保卡号"},
}


def words(ctx: Ctx) -> dict[str, object]:
    return WORDS[ctx.case.lang]


def spaced_id(digits: str) -> str:
    """A ten-digit health-service number printed in groups of 3, 3 and 4 ('943 476 5919')."""
    d = "".join(ch for ch in digits if ch.isdigit()).rjust(10, "4")[-10:]
    return f"{d[:3]} {d[3:6]} {d[6:]}"


# --- 1. record_entries ------------------------------------------------------------------------------------------

@register
class RecordEntries(Family):
    name = "record_entries"
    summary = ("GP clinical-record printout: dated entries, each result a flowing line 'Serum sodium 141 mmol/L "
               "[133 - 146]' (name, value, unit and bracketed range separated by single spaces), a qualifier line "
               "'Above high reference limit' under abnormal results, the clinician's filing comment per entry, a "
               "spaced ten-digit health number in the header")
    orders = ("reading", "words", "shuffled")
    sizes = (8.0, 9.5)

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc, case = ctx.rng, ctx.loc, ctx.case
        w, h = words(ctx), case.header
        page, y = self.top(ctx)
        flow = LineFlow(ctx, page, y, ctx.size * rng.choice([1.35, 1.5, 1.7]))
        rstyle = choose_range_style(rng, loc, sep=rng.choice([" - ", " - ", "-", " – "]), wrap=("[", "]"))
        dated = rng.random() < 0.6           # every result line starts with the entry's date
        ds = 2 if case.lang == "en" and rng.random() < 0.7 else rng.randrange(3)
        date_w = ctx.width(fmt_date(h.collected, case.lang, ds) + "  ") if dated else 0.0
        indent = 14.0
        rows: list[TruthRow] = []
        for n, (panel, results) in enumerate(ctx.case.panels()):
            when = h.collected + timedelta(minutes=n * rng.randrange(0, 3))
            date = fmt_date(when, case.lang, ds)
            yy = flow.next(extra=ctx.size * 0.8)
            head = f"{date} {when.strftime('%H:%M')}   {w['entry']}: {blocks.section_title(ctx, panel)}"
            flow.page.text(ctx.left, yy, head, ctx.bold, ctx.size)
            flow.page.text(ctx.right, yy, h.doctor, ctx.regular, ctx.size - 1, align="right", color=GREY)
            abnormal = False
            for r in results:
                it = make_item(r, case, rstyle)
                parts = [it.name, it.value_text] + ([it.unit] if it.unit else []) + [it.rng.text]
                yy = flow.next()
                if dated:
                    flow.page.text(ctx.left, yy, date, ctx.regular, ctx.size, color=GREY)
                flow.page.text(ctx.left + indent + date_w, yy, " ".join(parts), ctx.regular, ctx.size)
                mark = base_flag(it.status) if it.status != "normal" else None
                if mark:
                    abnormal = True
                    yy = flow.next()
                    flow.page.text(ctx.left + 2 * indent + date_w, yy, str(w["above" if mark == "high" else "below"]),
                                   ctx.italic, ctx.size - 0.5)
                rows.append(it.truth(case.numbers, mark))
            yy = flow.next()
            comment = str(w["abnormal"] if abnormal else w["ok"])
            if abnormal and rng.random() < 0.6:
                comment += ". " + str(w["repeat"]).format(n=rng.choice([2, 4, 6, 12]))
            filed = f"{w['filed']} {h.validator} {fmt_date(h.reported, case.lang, ds, time=True)}"
            flow.page.text(ctx.left + indent + date_w, yy, f"{comment} - {filed}", ctx.italic, ctx.size - 1, color=GREY)
        for e in case.extras:
            yy = flow.next()
            line = " ".join(p for p in (e.name, e.text, e.unit or "", f"[{e.ref}]" if e.ref else "") if p)
            flow.page.text(ctx.left + indent + date_w, yy, line, ctx.regular, ctx.size)
        if flow.y - 70 > ctx.bottom:
            blocks.notes(ctx, flow.page, flow.y - 12)
        blocks.footers(ctx, accession=rng.random() < 0.5)
        return rows

    def top(self, ctx: Ctx) -> tuple[Page, float]:
        """The practice's name, then the patient summary lines a clinical system prints."""
        h, lab, lang = ctx.case.header, ctx.labels, ctx.case.lang
        page = ctx.new_page()
        y = blocks.letterhead(ctx, page, ctx.top)
        y = blocks.title(ctx, page, y)
        sex = ctx.loc.male[0] if h.sex == "M" else ctx.loc.female[0]
        lines = [f"{h.patient.full(lang).upper()}   {lab['dob']}: {fmt_date(h.dob, lang)} ({ctx.loc.age_unit.format(h.age)})"
                 f"   {lab['sex']}: {sex}",
                 f"{words(ctx)['health_id']}: {spaced_id(h.patient_id + h.accession)}   {lab['id']}: {h.patient_id}"
                 f"   {lab['phone']}: {h.phone}",
                 f"{lab['address']}: {h.street}, {h.city}   {lab['physician']}: {h.doctor}"]
        for line in lines:
            y -= ctx.size + 3
            page.text(ctx.left, y, line, ctx.regular, ctx.size)
        y -= 6
        page.line(ctx.left, y, ctx.right, y, 0.6)
        return page, y - 4


# --- 2. population_ranges ---------------------------------------------------------------------------------------

_SERIES = {"rbc": 0, "hemoglobin": 0, "hematocrit": 0, "mcv": 0, "mch": 0, "mchc": 0, "rdw": 0, "wbc": 1,
           "platelets": 2, "mpv": 2}
_SUPERSCRIPT = "¹²³⁴⁵⁶⁷⁸⁹"


def _scaled_interval(it: Item, ctx: Ctx, style: RangeStyle, f_lo: float, f_hi: float) -> str:
    """Another population's interval, derived from the adult one (printed with the same decimals)."""
    ivl = it.result.option.ref.for_sex(ctx.case.sex)
    lo = None if ivl.low is None else ctx.fmt(float(ivl.low) * f_lo, decimals_of(ivl.low))
    hi = None if ivl.high is None else ctx.fmt(float(ivl.high) * f_hi, decimals_of(ivl.high))
    if lo is not None and hi is not None:
        return f"{lo}{style.sep}{hi}"
    return style.upto.format(hi) if hi is not None else style.above.format(lo)


@register
class PopulationRanges(TableFamily):
    name = "population_ranges"
    summary = ("Latin-American chemistry sheet: Test | Result | Units | Reference values, the reference cell listing "
               "several populations ('Adults: 70 - 99' / 'Children (1-12 years): 60 - 90' / both sexes), the "
               "patient's one applying; red/white/platelet sub-group rows in the blood count, footnote marks after "
               "some names and numbered footnotes quoting values under the table; letter flags or none")
    rules = ("header", "rows", "none")
    section_styles = ("bold", "band", "underline")
    orders = ("reading", "columns", "words")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["sexes"] = ctx.rng.choice(ctx.loc.sex_ranges)
        ctx.opts["groups"] = ctx.rng.random() < 0.6
        ctx.opts["sup"] = ctx.rng.random() < 0.6
        ctx.opts["notes"] = {}
        return [col("name", w["test"], 32), col("result", w["result"], 12, ctx.rng.choice(["left", "right", "center"])),
                col("unit", w["unit"], 11), col("range", w["reference"], 38)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle | None:
        return flag_style("HL", ctx.loc, ctx.rng) if ctx.rng.random() < 0.5 else None

    def item(self, ctx: Ctx, result, rstyle):
        it = make_item(result, ctx.case, rstyle)
        w, rng = words(ctx), ctx.rng
        ref = result.option.ref
        lines: list[str] = []
        if ref.by_sex and rng.random() < 0.85:
            m_fmt, f_fmt = ctx.opts["sexes"]
            lines = [m_fmt.format(sex_interval_text(result, ctx.case, rstyle, "M")),
                     f_fmt.format(sex_interval_text(result, ctx.case, rstyle, "F"))]
        elif rng.random() < 0.4:
            lines = [f"{w['adults']}: {it.rng.text}"]
        if lines and rng.random() < 0.5:
            extra = [f"{w['children']}: {_scaled_interval(it, ctx, rstyle, 0.85, 0.9)}"]
            if rng.random() < 0.4:
                extra.append(f"{w['newborns']}: {_scaled_interval(it, ctx, rstyle, 0.6, 1.3)}")
            lines = extra + lines if rng.random() < 0.3 else lines + extra
        return replace(it, rng=replace(it.rng, lines=tuple(lines))) if lines else it

    def _footnote(self, ctx: Ctx, panel: str) -> str:
        notes: dict[str, int] = ctx.opts["notes"]  # type: ignore[assignment]
        if panel not in notes:
            notes[panel] = len(notes) + 1
        n = notes[panel]
        return _SUPERSCRIPT[n - 1] if ctx.opts["sup"] else f" ({n})"

    def draw_rows(self, ctx: Ctx, tw: TableWriter, item: Item, fs: FlagStyle | None) -> str | None:
        key = item.result.key
        if ctx.opts["groups"] and key in _SERIES and ctx.opts.get("series") != _SERIES[key]:
            ctx.opts["series"] = _SERIES[key]
            tw.row({"name": Cell(["  " + words(ctx)["series"][_SERIES[key]]], ctx.italic)})  # type: ignore[index]
        panel = item.result.marker.panel
        name = item.name
        if panel in ("diabetes", "lipids", "kidney", "thyroid", "coagulation"):
            name += self._footnote(ctx, panel)
        mark = fs.mark(item.status) if fs else ""
        value = f"{item.value_text}  {mark}" if mark else item.value_text
        tw.row({"name": Cell([name]), "result": Cell([value], ctx.bold if mark else None),
                "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines))})
        return fs.means(item.status) if fs else None

    def finish(self, ctx: Ctx, page: Page, y: float) -> None:
        notes: dict[str, int] = ctx.opts["notes"]  # type: ignore[assignment]
        if notes:
            if y - (len(notes) + 2) * (ctx.size + 2) - 130 < ctx.bottom:
                page = ctx.new_page()
                y = ctx.top
            y -= ctx.size + 6
            page.text(ctx.left, y, str(words(ctx)["notes"]), ctx.bold, ctx.size)
            for panel, n in notes.items():
                mark = _SUPERSCRIPT[n - 1] if ctx.opts["sup"] else f"({n})"
                text = f"{mark} {ctx.words['method']}: {METHODS[panel]}."
                if n == 1:
                    text += " " + blocks.notes_text(ctx)
                for line in ctx.wrap(text, ctx.right - ctx.left, ctx.regular, ctx.size - 1):
                    y -= ctx.size + 1
                    page.text(ctx.left, y, line, ctx.regular, ctx.size - 1)
        super().finish(ctx, page, y)


# --- 3. text_gauge ----------------------------------------------------------------------------------------------

_GAUGES = (("[", "]", ".", "*"), ("|", "|", "-", "+"), ("|", "|", " ", "X"), ("[", "]", "·", "o"))


def gauge(value: float, low: float | None, high: float | None, style: tuple[str, str, str, str], slots: int,
          critical: bool) -> str:
    """A typed bar: the reference interval between the brackets, the value's mark inside or outside them."""
    opn, cls, fill, mark = style
    lo = 0.0 if low is None else low
    hi = 2 * lo if high is None else high
    m = mark * (2 if critical else 1)
    if value < lo:
        return f"{m:>2}{opn}{fill * slots}{cls}  "
    if value > hi:
        return f"  {opn}{fill * slots}{cls}{m:<2}"
    i = min(slots - 1, int((value - lo) / (hi - lo) * slots)) if hi > lo else slots // 2
    return f"  {opn}{fill * i}{mark}{fill * (slots - 1 - i)}{cls}  "


@register
class TextGauge(TableFamily):
    name = "text_gauge"
    summary = ("German 'Befund' with a typed graph column: Parameter | Result | Unit | Graph | Reference, the graph "
               "a monospaced bar '[....*.....]' / '|---+-----|' with the value's mark inside or outside the brackets "
               "(doubled when critical), the graph before or after the interval; H/L or +/- flags or none")
    rules = ("none", "header", "rows")
    section_styles = ("bold", "underline", "band")
    orders = ("reading", "columns", "words_shuffled", "bottom_up")

    def columns(self, ctx: Ctx) -> list[Column]:
        w, rng = ctx.words, ctx.rng
        ctx.opts["gauge"] = rng.choice(_GAUGES)
        ctx.opts["slots"] = rng.choice([9, 10, 11, 14])
        ctx.opts["flagged"] = rng.random() < 0.6
        title = str(words(ctx)["graph"]) if rng.random() < 0.5 else ""
        lead = [col("name", w["test"], 30), col("result", w["result"], 11, "right")]
        if ctx.opts["flagged"]:
            lead.append(col("flag", "", 5, "center"))
        graph, unit, ref = col("graph", title, 22, "center"), col("unit", w["unit"], 11), col("range", w["reference"], 17)
        return lead + (rng.choice([[unit, graph, ref], [unit, ref, graph], [graph, ref, unit]]))

    def flags(self, ctx: Ctx) -> FlagStyle | None:
        return flag_style(ctx.rng.choice(["HL", "plus"]), ctx.loc, ctx.rng) if ctx.opts["flagged"] else None

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        cells, mark = standard_cells(ctx, item, fs, bold_marked=True)
        rng = item.rng
        value = ctx.case.numbers.read(item.value_text)
        bar = gauge(value, rng.low if rng else None, rng.high if rng else None, ctx.opts["gauge"],  # type: ignore[arg-type]
                    ctx.opts["slots"], item.status.startswith("critical"))  # type: ignore[arg-type]
        cells["graph"] = Cell([bar], "Courier")
        return cells, mark


# --- 4. spreadsheet_print ---------------------------------------------------------------------------------------

HEADER_ROW = 7      # the sheet row of the column titles (rows 1-6: the laboratory and the patient)


def general(text: str, decimal: str, thousands: str) -> str:
    """A number as a spreadsheet's General format shows it: no thousands separators, no trailing zeros."""
    t = text.replace(thousands, "") if thousands else text
    if decimal in t:
        t = t.rstrip("0").rstrip(decimal)
    return t


@register
class SpreadsheetPrint(Family):
    name = "spreadsheet_print"
    summary = ("results kept in a spreadsheet and printed with its headings: column letters A-G across the top and "
               "row numbers down the left on every page, grey gridlines, patient cells above the table, Test | Result "
               "| Unit | Min | Max | Flag (| Date), numbers in General format (trailing zeros dropped), the sheet "
               "name and file name in the page header/footer")
    orders = ("reading", "bottom_up", "shuffled", "words")
    faces = ("sans", "vera")
    sizes = (8.0, 9.5)
    page_sizes = ("A4", "Letter", "A4-landscape")
    rewrites_units = False

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc, case = ctx.rng, ctx.loc, ctx.case
        h, lab, w = case.header, ctx.labels, words(ctx)
        nums = case.numbers
        use_general = rng.random() < 0.7
        dated = rng.random() < 0.5
        gridlines = rng.random() < 0.75
        repeat_header = rng.random() < 0.5
        lo_t, hi_t = rng.choice([("Min", "Max"), *phrase(case.lang, "low_high")])
        fs = flag_style(rng.choice(["HL", "word"]), loc, rng)
        widths = [36, 11, 12, 9, 9, 9] + ([13] if dated else [])
        letters = "ABCDEFG"[: len(widths)]
        gutter = 22.0
        rh = ctx.size * 1.55
        span = ctx.right - ctx.left - gutter
        xs = [ctx.left + gutter]
        for wd in widths:
            xs.append(xs[-1] + wd * span / sum(widths))
        date = fmt_date(h.collected, case.lang)
        ds = fmt_date(h.collected, case.lang, time=True)
        book = f"{str(ctx.doc.title).split()[0].lower()}_{h.collected.strftime('%Y-%m-%d')}_{h.patient_id}.xlsx"

        def fix(text: str) -> str:
            return general(text, nums.decimal, nums.thousands) if use_general else text

        header = {0: ctx.words["test"], 1: ctx.words["result"], 2: ctx.words["unit"], 3: lo_t, 4: hi_t,
                  5: ctx.words["flag"], 6: lab["collected"]}
        sheet: list[tuple[dict[int, str], str]] = [
            ({0: h.lab_name}, "title"), ({0: ctx.doc.title}, "bold"),
            ({0: lab["name"], 1: h.patient.full(case.lang), 3: lab["id"], 4: h.patient_id}, "plain"),
            ({0: lab["dob"], 1: fmt_date(h.dob, case.lang), 3: lab["collected"], 4: ds}, "plain"),
            ({0: lab["physician"], 1: h.doctor, 3: lab["phone"], 4: h.phone}, "plain"),
            ({}, "plain"), (header, "header")]
        assert len(sheet) == HEADER_ROW
        truth_at: dict[int, tuple[Item, str | None]] = {}
        for panel, results in case.panels():
            sheet.append(({0: blocks.section_title(ctx, panel)}, "bold"))
            for r in results:
                it = make_item(r, case, choose_range_style(rng, loc, zero_low=False))
                it = replace(it, value_text=fix(it.value_text))
                mark = fs.mark(it.status)
                lo_text = "" if it.rng.low_text is None else fix(it.rng.low_text)
                hi_text = "" if it.rng.high_text is None else fix(it.rng.high_text)
                cells = {0: it.name, 1: it.value_text, 2: it.unit or "", 3: lo_text, 4: hi_text, 5: mark}
                if dated:
                    cells[6] = date
                truth_at[len(sheet)] = (it, fs.means(it.status))
                sheet.append((cells, "result"))
        sheet.append(({}, "plain"))
        for e in case.extras:
            sheet.append(({0: e.name, 1: e.text, 2: e.unit or ""}, "plain"))
        sheet.append(({}, "plain"))
        for line in ctx.wrap(blocks.notes_text(ctx), (xs[-1] - xs[0]) * 0.95, ctx.italic, ctx.size - 0.5):
            sheet.append(({0: line}, "note"))
        sheet.append(({0: f"{ctx.loc.signature[0]}: {h.validator}", 3: fmt_date(h.reported, case.lang, time=True)},
                      "plain"))

        rows: list[TruthRow] = []
        page_fmt = rng.choice(loc.page)
        page: Page | None = None
        y = 0.0
        for number, (cells, kind) in enumerate(sheet, 1):
            if page is None or y - rh < ctx.bottom:
                page = ctx.new_page()
                y = self._headings(ctx, page, xs, letters, rh, book)
                if repeat_header and number > HEADER_ROW + 1:
                    y = self._row(ctx, page, xs, y, rh, HEADER_ROW, header, "header", gridlines)
            y = self._row(ctx, page, xs, y, rh, number, cells, kind, gridlines)
            if number - 1 in truth_at:
                it, means = truth_at[number - 1]
                rows.append(it.truth(nums, means))
        n = len(ctx.doc.pages)
        for i, pg in enumerate(ctx.doc.pages, 1):
            pg.text((ctx.left + ctx.right) / 2, ctx.margin, page_fmt.format(p=i, n=n), ctx.regular, ctx.size - 1,
                    align="center")
            pg.text(ctx.left, ctx.margin, str(w["sheet"]), ctx.regular, ctx.size - 1)
        return rows

    @staticmethod
    def _headings(ctx: Ctx, page: Page, xs: list[float], letters: str, rh: float, book: str) -> float:
        """The page header (the file name) and the column-letter row; returns the y under them."""
        page.text(ctx.right, ctx.top + 4, book, ctx.regular, ctx.size - 1, align="right", color=GREY)
        y = ctx.top - 8
        page.rect(ctx.left, y - rh, xs[-1] - ctx.left, rh, stroke=(0.6, 0.6, 0.6), fill=LIGHT, width=0.4)
        for i, letter in enumerate(letters):
            page.text((xs[i] + xs[i + 1]) / 2, y - rh + 0.3 * rh, letter, ctx.regular, ctx.size - 0.5,
                      align="center", color=GREY)
            page.line(xs[i], y, xs[i], y - rh, 0.4, (0.6, 0.6, 0.6))
        return y - rh

    @staticmethod
    def _row(ctx: Ctx, page: Page, xs: list[float], y: float, rh: float, number: int, cells: dict[int, str],
             kind: str, gridlines: bool) -> float:
        """One sheet row: its number in the grey gutter, its cells (numbers right-aligned, as a sheet shows them)."""
        top, base = y, y - rh + 0.3 * rh
        page.rect(ctx.left, y - rh, xs[0] - ctx.left, rh, stroke=(0.6, 0.6, 0.6), fill=LIGHT, width=0.4)
        page.text(xs[0] - 3, base, str(number), ctx.regular, ctx.size - 0.5, align="right", color=GREY)
        font = {"title": ctx.bold, "bold": ctx.bold, "header": ctx.bold, "note": ctx.italic}.get(kind, ctx.regular)
        size = ctx.size + (3 if kind == "title" else 0)
        for i, text in cells.items():
            if not text or i >= len(xs) - 1:
                continue
            x0, x1 = xs[i], xs[i + 1]
            numeric = kind == "result" and i in (1, 3, 4)
            # text runs on over empty neighbours, as far as the next filled cell (numbers never do)
            stop = next((j for j in range(i + 1, len(xs) - 1) if cells.get(j)), len(xs) - 1)
            room = (x1 if numeric else xs[stop]) - x0 - 4
            s = min(size, size * room / max(1.0, ctx.width(text, font, size)))
            if numeric:
                page.text(x1 - 2, base, text, font, s, align="right")
            else:
                page.text(x0 + 2, base, text, font, s)
        if kind == "header":
            page.rect(xs[0], y - rh, xs[-1] - xs[0], rh, stroke=None, fill=(0.85, 0.90, 0.97))
        if gridlines:
            page.line(xs[0], y - rh, xs[-1], y - rh, 0.3, (0.75, 0.75, 0.75))
            for x in xs:
                page.line(x, top, x, y - rh, 0.3, (0.75, 0.75, 0.75))
        return y - rh

