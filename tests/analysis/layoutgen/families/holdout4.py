"""The fourth blind set: whoever works on the parser does not read this module, its descriptions or its PDFs.

Four kinds of report the other families do not print (see BLIND_FAMILIES in ../__init__.py); the scorer
reports their accuracy apart, and no test asserts it. The names are neutral on purpose: they say nothing of the
layout. The truth is computed from the printed strings, as in every family.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, LIGHT, Page
from tests.analysis.layoutgen.case import Result
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import Family, TableFamily, col, first_page, next_page_top, register
from tests.analysis.layoutgen.people import fmt_date
from tests.analysis.layoutgen.printing import (
    FlagStyle,
    Item,
    RangeStyle,
    TruthRow,
    choose_range_style,
    flag_style,
    make_item,
)
from tests.analysis.layoutgen.table import Cell, Column, TableWriter, layout

# The words these layouts print, per language (every language has every key: a self-test checks it).
WORDS: dict[str, dict[str, str]] = {
    "en": {"ward_title": "INPATIENT LABORATORY REPORT", "location": "Location: Ward 7 West, bed 14", "current": "Current",
           "delta": "Delta|Δ|Change", "no_prev": "—|n/a|---",
           "d_note": "D = delta check: change of more than 15 % since the previous result ({date}). Previous "
                     "results are shown for comparison only.",
           "no": "No.", "interp": "Interpretation|Comment|Flag", "units_note": "Units are given in the column headings.",
           "summary": "LABORATORY SUMMARY", "order": "Order"},
    "es": {"ward_title": "INFORME DE LABORATORIO - HOSPITALIZACIÓN", "location": "Ubicación: Planta 7 Oeste, cama 14",
           "current": "Actual", "delta": "Delta|Δ|Variación", "no_prev": "—|n/d|---",
           "d_note": "D = control delta: variación de más del 15 % respecto al resultado anterior ({date}). Los "
                     "resultados anteriores se muestran solo como comparación.",
           "no": "Nº", "interp": "Interpretación|Observación|Indicador",
           "units_note": "Las unidades figuran en el encabezado de cada columna.",
           "summary": "RESUMEN DE LABORATORIO", "order": "Orden"},
    "pt": {"ward_title": "LAUDO LABORATORIAL - INTERNAÇÃO", "location": "Local: Ala 7 Oeste, leito 14",
           "current": "Atual", "delta": "Delta|Δ|Variação", "no_prev": "—|n/d|---",
           "d_note": "D = delta check: variação maior que 15 % em relação ao resultado anterior ({date}). Os "
                     "resultados anteriores são apenas para comparação.",
           "no": "Nº", "interp": "Interpretação|Observação|Indicador",
           "units_note": "As unidades constam no cabeçalho de cada coluna.",
           "summary": "RESUMO LABORATORIAL", "order": "Pedido"},
    "fr": {"ward_title": "COMPTE RENDU DE BIOLOGIE - HOSPITALISATION", "location": "Service : 7 Ouest, lit 14",
           "current": "Actuel", "delta": "Delta|Δ|Variation", "no_prev": "—|n.f.|---",
           "d_note": "D = contrôle delta : variation de plus de 15 % par rapport au résultat précédent ({date}). Les "
                     "antériorités sont données à titre indicatif.",
           "no": "N°", "interp": "Interprétation|Commentaire|Indicateur",
           "units_note": "Les unités figurent dans l'en-tête des colonnes.",
           "summary": "SYNTHÈSE BIOLOGIQUE", "order": "Demande"},
    "it": {"ward_title": "REFERTO DI LABORATORIO - DEGENZA", "location": "Reparto: 7 Ovest, letto 14",
           "current": "Attuale", "delta": "Delta|Δ|Variazione", "no_prev": "—|n.d.|---",
           "d_note": "D = delta check: variazione superiore al 15 % rispetto al risultato precedente ({date}). I "
                     "risultati precedenti sono riportati solo per confronto.",
           "no": "N.", "interp": "Interpretazione|Commento|Indicatore",
           "units_note": "Le unità di misura sono indicate nell'intestazione delle colonne.",
           "summary": "RIEPILOGO DI LABORATORIO", "order": "Richiesta"},
    "de": {"ward_title": "STATIONÄRER LABORBEFUND", "location": "Station 7 West, Bett 14", "current": "Aktuell",
           "delta": "Delta|Δ|Änderung", "no_prev": "—|n.b.|---",
           "d_note": "D = Deltacheck: Änderung um mehr als 15 % gegenüber dem Vorwert ({date}). Vorwerte dienen nur "
                     "dem Vergleich.",
           "no": "Nr.", "interp": "Bewertung|Kommentar|Hinweis",
           "units_note": "Die Einheiten stehen in den Spaltenköpfen.",
           "summary": "LABORÜBERSICHT", "order": "Auftrag"},
    "id": {"ward_title": "HASIL LABORATORIUM RAWAT INAP", "location": "Ruang: Bangsal 7 Barat, tempat tidur 14",
           "current": "Sekarang", "delta": "Delta|Δ|Perubahan", "no_prev": "—|t/a|---",
           "d_note": "D = delta check: perubahan lebih dari 15 % dibanding hasil sebelumnya ({date}). Hasil "
                     "sebelumnya hanya sebagai pembanding.",
           "no": "No.", "interp": "Interpretasi|Keterangan|Tanda",
           "units_note": "Satuan tercantum pada judul kolom.",
           "summary": "RINGKASAN LABORATORIUM", "order": "Permintaan"},
    "zh": {"ward_title": "住院检验报告", "location": "病区: 7西区 14床", "current": "本次", "delta": "差值|Δ|变化",
           "no_prev": "—|无|---",
           "d_note": "D = 差值核查: 与上次结果 ({date}) 相比变化超过 15 %。上次结果仅供对比。",
           "no": "序号", "interp": "提示|结果提示|判断", "units_note": "单位见各列标题。",
           "summary": "检验结果汇总", "order": "申请单"},
}


def _w(ctx: Ctx, key: str) -> str:
    """One of the variants of a word ('a|b|c'), chosen by the report's generator."""
    return ctx.rng.choice(WORDS[ctx.case.lang][key].split("|"))


def _prev_status(r: Result, value: float, sex: str) -> str:
    return replace(r, value=value, intent="normal").status(sex)


# ---------------------------------------------------------------------------------------------------------------


@register
class Alder(TableFamily):
    name = "alder"
    languages = tuple(WORDS)
    summary = ("inpatient LIS print: Test | Result | Flag | Previous (dated column title) | Delta (signed absolute or "
               "percent change) | Units | Reference; previous values sometimes carry their own H/L; a 'D' delta-check "
               "letter in the flag column beside or instead of H/L; '—' where there is no previous result")
    rules = ("header", "rows", "none")
    section_styles = ("bold", "band")
    orders = ("reading", "columns", "words", "bottom_up")
    faces = ("sans", "vera", "mono")
    sizes = (7.5, 9.0)
    page_sizes = ("A4", "Letter", "A4-landscape")

    def top(self, ctx: Ctx) -> tuple[Page, float]:
        page, y = first_page(ctx, barcode=False)
        h, lang = ctx.case.header, ctx.case.lang
        prev_at = h.collected - timedelta(days=ctx.rng.randrange(1, 4), hours=ctx.rng.randrange(0, 9))
        ctx.opts["prev_at"] = prev_at
        page.text(ctx.left, y - ctx.size, WORDS[lang]["ward_title"], ctx.bold, ctx.size + 1)
        page.text(ctx.right, y - ctx.size, WORDS[lang]["location"], ctx.regular, ctx.size - 0.5, align="right")
        return page, y - ctx.size - 8

    def columns(self, ctx: Ctx) -> list[Column]:
        w, lang = ctx.words, ctx.case.lang
        prev_at = ctx.opts["prev_at"]
        cur_at = ctx.case.header.collected
        dated = ctx.rng.random() < 0.7
        ctx.opts["pct"] = pct = ctx.rng.random() < 0.5
        ctx.opts["minus"] = ctx.rng.choice(["-", "-", "−"])
        ctx.opts["prev_flags"] = ctx.rng.random() < 0.4
        ctx.opts["dcheck"] = ctx.rng.random() < 0.6
        ctx.opts["no_prev"] = _w(ctx, "no_prev")
        cur_title = f"{w['result']} {fmt_date(cur_at, lang, time=True)}" if dated else w["result"]
        prev_title = f"{w['previous']} {fmt_date(prev_at, lang, time=True)}" if dated else w["previous"]
        ctx.opts["pct_cell"] = ctx.rng.choice(["", "%", " %"]) if pct else ""
        delta = _w(ctx, "delta") + (" %" if pct and not ctx.opts["pct_cell"] else "")
        flag_title = w["flag"] if len(w["flag"]) <= 4 else ""
        head = [col("name", w["test"], 30), col("result", cur_title, 13, "right"), col("flag", flag_title, 6, "center")]
        then = [col("prev", prev_title, 13, "right"), col("delta", delta, 9, "center")]
        tail = [col("unit", w["unit"], 12), col("range", w["reference"], 18)]
        return head + (then + tail if ctx.rng.random() < 0.6 else tail + then)

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "HL", "arrows"]), ctx.loc, ctx.rng)

    def _signed(self, ctx: Ctx, value: float, decimals: int) -> str:
        """'+1.2', '-0.4' (or a Unicode minus), '0.0' for no change at the printed decimals."""
        if round(value, decimals) == 0:
            return ctx.fmt(0, decimals)
        return ("+" if value > 0 else str(ctx.opts["minus"])) + ctx.fmt(abs(value), decimals)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None) -> tuple[dict[str, Cell], str | None]:
        assert fs is not None
        r = item.result
        mark = fs.mark(item.status)
        # a test first done today has no previous result (about one in seven)
        has_prev = ctx.rng.random() > 0.15
        prev_text, delta_text, d = str(ctx.opts["no_prev"]), "", False
        if has_prev:
            prev = r.previous[0]
            prev_text = ctx.fmt(prev, r.decimals)
            if ctx.opts["prev_flags"]:
                pm = fs.mark(_prev_status(r, prev, ctx.case.sex))
                prev_text = f"{prev_text} {pm}".rstrip()
            change = (r.value - prev) / prev * 100 if prev else 0.0
            d = bool(prev) and abs(change) > 15
            if ctx.opts["pct"]:
                delta_text = (self._signed(ctx, change, 0) + str(ctx.opts["pct_cell"])) if prev else ""
            else:
                delta_text = self._signed(ctx, r.value - prev, r.decimals)
        flag_text = mark
        if d and ctx.opts["dcheck"]:
            flag_text = f"{mark} D".strip()
        return ({"name": Cell([item.name]), "result": Cell([item.value_text], ctx.bold if mark else None),
                 "flag": Cell([flag_text], ctx.bold), "prev": Cell([prev_text], color=GREY),
                 "delta": Cell([delta_text], color=GREY), "unit": Cell([item.unit or ""]),
                 "range": Cell(list(item.rng.lines) if item.rng else [])}, fs.means(item.status))

    def finish(self, ctx: Ctx, page: Page, y: float) -> None:
        if ctx.opts["dcheck"]:
            text = WORDS[ctx.case.lang]["d_note"].format(date=fmt_date(ctx.opts["prev_at"], ctx.case.lang, time=True))
            lines = ctx.wrap(text, ctx.right - ctx.left, ctx.italic, ctx.size - 1)
            if y - (len(lines) + 1) * ctx.size * 1.3 < ctx.bottom:
                page = ctx.new_page()
                y = next_page_top(ctx, page, patient=False)
            y -= 4
            for line in lines:
                y -= ctx.size * 1.3
                page.text(ctx.left, y, line, ctx.italic, ctx.size - 1)
        super().finish(ctx, page, y - 4)


# ---------------------------------------------------------------------------------------------------------------


@register
class Birch(TableFamily):
    name = "birch"
    languages = tuple(WORDS)
    summary = ("numbered outline: each panel a numbered heading ('1. HEMOGRAMA') with its tests indented under it and "
               "numbered '1.1', '1.2' … '1.12' (or 'a)', 'b)'), a panel of one test a numbered line with its value "
               "('4. Glucose  92  mg/dL  70 - 99'); the number glued before the name or in a No. column; name | result "
               "| unit | range, flags H/L or arrows in a column or after the value, or the value in bold only")
    rules = ("none", "header", "rows")
    orders = ("reading", "words", "shuffled", "columns")
    faces = ("sans", "serif", "vera", "mono")
    print_extras = True

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        rng = ctx.rng
        ctx.opts["no_col"] = no_col = rng.random() < 0.4
        ctx.opts["top_fmt"] = rng.choice(["{}.", "{})", "{}."])
        ctx.opts["sub_fmt"] = rng.choice(["{p}.{i}", "{p}.{i}.", "{a})", "{p}.{i}"])
        ctx.opts["indent"] = rng.choice([10.0, 14.0, 18.0])
        ctx.opts["flag_mode"] = rng.choice(["column", "after", "bold"])
        ctx.opts["upper_panels"] = rng.random() < 0.6
        ctx.opts["number"] = 0
        cols = [col("no", WORDS[ctx.case.lang]["no"], 6)] if no_col else []
        cols += [col("name", w["test"], 38), col("result", w["result"], 13, "right")]
        if ctx.opts["flag_mode"] == "column":
            cols.append(col("flag", "", 5, "center"))
        return cols + [col("unit", w["unit"], 13), col("range", w["reference"], 22)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)

    def _panel_sizes(self, ctx: Ctx) -> list[int]:
        return [len(rs) for _, rs in ctx.case.panels()]

    def draw_section(self, ctx: Ctx, tw: TableWriter, panel: str, style: str) -> None:
        n = int(ctx.opts["number"]) + 1  # type: ignore[call-overload]
        ctx.opts["number"] = n
        ctx.opts["child"] = 0
        size = self._panel_sizes(ctx)[n - 1]
        ctx.opts["single"] = size == 1
        if size == 1:
            return      # a panel of one test: the test's own line carries the number
        title = blocks.section_title(ctx, panel)
        title = title.upper() if ctx.opts["upper_panels"] else title
        number = str(ctx.opts["top_fmt"]).format(n)
        top = tw.space(tw.lh + 2 * tw.pad)
        base = top - tw.pad - ctx.size
        name_col = next(c for c in tw.columns if c.role == "name")
        if ctx.opts["no_col"]:
            no_col = next(c for c in tw.columns if c.role == "no")
            tw.page.text(no_col.x + 3, base, number, ctx.bold, ctx.size)
            tw.page.text(name_col.x + 3, base, title, ctx.bold, ctx.size)
        else:
            tw.page.text(name_col.x + 3, base, f"{number} {title}", ctx.bold, ctx.size)

    def draw_rows(self, ctx: Ctx, tw: TableWriter, item: Item, fs: FlagStyle | None) -> str | None:
        assert fs is not None
        mark = fs.mark(item.status)
        n = int(ctx.opts["number"])  # type: ignore[call-overload]
        if ctx.opts["single"]:
            number, indent = str(ctx.opts["top_fmt"]).format(n), 0.0
        else:
            i = int(ctx.opts["child"]) + 1  # type: ignore[call-overload]
            ctx.opts["child"] = i
            number = str(ctx.opts["sub_fmt"]).format(p=n, i=i, a="abcdefghijklmnopqrstuvwxyz"[(i - 1) % 26])
            indent = float(ctx.opts["indent"])  # type: ignore[arg-type]
        mode = ctx.opts["flag_mode"]
        value = f"{item.value_text} {mark}".rstrip() if mode == "after" else item.value_text
        cells = {"result": Cell([value], ctx.bold if mark else None), "flag": Cell([mark], ctx.bold),
                 "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines) if item.rng else [])}
        name_col = next(c for c in tw.columns if c.role == "name")
        font = ctx.bold if ctx.opts["single"] else ctx.regular
        avail = name_col.width - 6 - indent
        if ctx.opts["no_col"]:
            cells["no"] = Cell([number], font)
            label = item.name
        else:
            label = f"{number} {item.name}"
        wide = ctx.width(label, font) > avail
        lines = ctx.wrap(label, avail, font) if wide and " " in item.name else [label]
        cells["name"] = Cell([""] * len(lines))       # the row is as tall as the wrapped name
        base = tw.row(cells)
        for k, line in enumerate(lines):              # (a name without spaces is set smaller instead)
            size = min(ctx.size, ctx.size * avail / max(1.0, ctx.width(line, font)))
            tw.page.text(name_col.x + 3 + indent, base - k * tw.lh, line, font, size)
        return fs.means(item.status) if mode != "bold" else None

    def extras(self, ctx: Ctx, tw: TableWriter) -> None:
        for e in ctx.case.extras:
            n = int(ctx.opts["number"]) + 1  # type: ignore[call-overload]
            ctx.opts["number"] = n
            number = str(ctx.opts["top_fmt"]).format(n)
            cells = {"result": Cell([e.text]), "unit": Cell([e.unit or ""]), "range": Cell([e.ref] if e.ref else [])}
            if ctx.opts["no_col"]:
                cells |= {"no": Cell([number], ctx.bold), "name": Cell([e.name], ctx.bold)}
            else:
                cells["name"] = Cell([f"{number} {e.name}"], ctx.bold)
            tw.row(cells)


# ---------------------------------------------------------------------------------------------------------------


@register
class Cedar(TableFamily):
    name = "cedar"
    languages = tuple(WORDS)
    summary = ("no unit column: the unit printed in the column headings ('Result (mg/dL)' | 'Reference (mg/dL)'), a "
               "heading row again wherever the unit changes (tests of a panel grouped by unit); the flag as a word in "
               "a trailing column ('HIGH' / 'LOW', 'HIGH (CRITICAL)', 'NORMAL' on some reports)")
    rules = ("header", "rows", "none", "zebra")
    section_styles = ("bold", "band", "underline")
    orders = ("reading", "shuffled", "words", "columns")
    reorders = True

    def columns(self, ctx: Ctx) -> list[Column]:
        w, rng = ctx.words, ctx.rng
        ctx.opts["wrap"] = rng.choice(["({})", "[{}]", "({})"])
        ctx.opts["range_unit"] = rng.random() < 0.6
        ctx.opts["interp"] = _w(ctx, "interp")
        ctx.opts["titles"] = {"result": w["result"], "range": w["reference"]}
        return [col("name", w["test"], 38), col("result", w["result"], 18, "right"),
                col("range", w["reference"], 24, "center"), col("status", ctx.opts["interp"], 16, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["WORD", "WORD", "word"]), ctx.loc, ctx.rng,
                          with_normal=ctx.rng.random() < 0.4)

    def order_results(self, ctx: Ctx, results: list[Result]) -> list[Result]:
        """Tests of a panel grouped by unit (in the order each unit first appears)."""
        first: dict[str | None, int] = {}
        for i, r in enumerate(results):
            first.setdefault(r.unit, i)
        return sorted(results, key=lambda r: first[r.unit])

    def _unit_header(self, ctx: Ctx, tw: TableWriter, unit: str | None) -> None:
        """The heading row with `unit` in its titles (a new page started here prints it as its own heading)."""
        self._set_titles(ctx, tw, unit)
        page = tw.page
        tw.keep(4 * tw.lh + 2 * tw.pad)
        if tw.page is page:
            tw.header()

    def _set_titles(self, ctx: Ctx, tw: TableWriter, unit: str | None) -> None:
        titles = ctx.opts["titles"]
        fmt = str(ctx.opts["wrap"])
        for c in tw.columns:
            if c.role == "result":
                c.title = f"{titles['result']} {fmt.format(unit)}".strip() if unit else titles["result"]  # type: ignore[index]
            elif c.role == "range":
                c.title = (f"{titles['range']} {fmt.format(unit)}".strip()  # type: ignore[index]
                           if unit and ctx.opts["range_unit"] else titles["range"])  # type: ignore[index]

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        page, y = self.top(ctx)
        tw = self.writer(ctx, page, y)
        if ctx.case.titles != "known":   # perturbed titles: the unit stays in the heading
            ctx.opts["titles"] = {"result": next(c.title for c in tw.columns if c.role == "result"),
                                  "range": next(c.title for c in tw.columns if c.role == "range")}
        if tw.header_upper:   # capitals for the words, never for the unit ('RESULT (mg/dL)', not 'MG/DL')
            tw.header_upper = False
            ctx.opts["titles"] = {k: v.upper() for k, v in ctx.opts["titles"].items()}  # type: ignore[attr-defined]
            for c in tw.columns:
                c.title = c.title.upper()
        rstyle, fs = self.range_style(ctx), self.flags(ctx)
        sec_style = ctx.rng.choice(self.section_styles)
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            self.draw_section(ctx, tw, panel, sec_style)
            unit: object = object()
            for r in self.order_results(ctx, results):
                it = self.item(ctx, r, rstyle)
                if it.unit != unit:
                    self._unit_header(ctx, tw, it.unit)
                    unit = it.unit
                mark = fs.mark(it.status)
                tw.row({"name": Cell([it.name]), "result": Cell([it.value_text], ctx.bold if mark and mark != fs.normal
                                                                else None),
                        "range": Cell(list(it.rng.lines) if it.rng else []),
                        "status": Cell([mark], ctx.bold if mark != fs.normal else None)})
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
        self._unit_header(ctx, tw, None)
        for e in ctx.case.extras:
            tw.row({"name": Cell([e.name]), "result": Cell([f"{e.text} {e.unit}" if e.unit else e.text]),
                    "range": Cell([e.ref] if e.ref else [])})
        y = tw.close()
        if ctx.rng.random() < 0.5:
            page = tw.page
            page.text(ctx.left, y - ctx.size - 2, WORDS[ctx.case.lang]["units_note"], ctx.italic, ctx.size - 1,
                      color=GREY)
            y -= ctx.size + 4
        self.finish(ctx, tw.page, y)
        return rows


# ---------------------------------------------------------------------------------------------------------------


@register
class Hazel(Family):
    name = "hazel"
    languages = tuple(WORDS)
    summary = ("landscape summary page in 6.5-8 pt: three narrow column groups side by side, each with its own heading "
               "row (Test | Result | flag | Unit | Reference) and ruled apart, the panels flowing down the first group "
               "then the second and third; long names wrap onto a second line; H/L, arrows or '*'")
    orders = ("reading", "bottom_up", "shuffled", "words", "columns")
    sizes = (6.5, 8.0)
    page_sizes = ("A4-landscape", "Letter-landscape")
    faces = ("sans", "vera", "serif")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, w = ctx.rng, ctx.words
        rstyle = choose_range_style(rng, ctx.loc, sep=rng.choice(["-", " - ", "–", " - "]))
        fs = flag_style(rng.choice(["HL", "arrows", "star"]), ctx.loc, rng)
        ngroups = 3
        gap = rng.choice([10.0, 14.0, 18.0])
        gw = (ctx.right - ctx.left - gap * (ngroups - 1)) / ngroups
        lh = ctx.size * 1.35
        head_fill = rng.random() < 0.5
        plan = [Column("name", w["test"], 40), Column("result", w["result"], 15, "right"),
                Column("flag", "", 6, "center"), Column("unit", w["unit"], 16), Column("range", w["reference"], 23)]
        entries: list[tuple[str, object]] = []
        for panel, results in ctx.case.panels():
            entries.append(("title", blocks.section_title(ctx, panel)))
            entries.extend(("row", r) for r in results)
        for e in ctx.case.extras:
            entries.append(("extra", e))
        rows: list[TruthRow] = []
        page = ctx.new_page()
        y_top = blocks.letterhead(ctx, page, ctx.top, compact=True)
        page.text((ctx.left + ctx.right) / 2, y_top - ctx.size - 2, WORDS[ctx.case.lang]["summary"], ctx.bold,
                  ctx.size + 2, align="center")
        y_top = blocks.patient_block(ctx, page, y_top - ctx.size - 8, cols=3, boxed=True) - 4
        y = y_top
        cols: list[Column] = []

        def start_group(g: int) -> None:
            nonlocal cols, y
            x0 = ctx.left + g * (gw + gap)
            cols = layout([Column(c.role, c.title, c.width, c.align) for c in plan], x0, x0 + gw)
            y = y_top
            if head_fill:
                page.rect(x0, y - lh - 2, gw, lh + 2, stroke=None, fill=LIGHT)
            for c in cols:
                if c.title:
                    x = c.x + c.width - 2 if c.align == "right" else c.x + 2
                    size = min(ctx.size, ctx.size * (c.width - 3) / max(1.0, ctx.width(c.title, ctx.bold)))
                    page.text(x, y - lh + 2, c.title, ctx.bold, size, align="right" if c.align == "right" else "left")
            y -= lh + 2
            page.line(x0, y, x0 + gw, y, 0.6)
            if g:
                xm = x0 - gap / 2
                page.line(xm, y_top, xm, ctx.bottom, 0.4, GREY)

        name_w = (gw * 40 / 100) - 4     # the name column's width (layout() gives it 40 of 100 parts)

        def need(entry: tuple[str, object]) -> int:
            kind, obj = entry
            name = obj.name if kind == "row" else ""  # type: ignore[attr-defined]
            return 2 if " " in name and ctx.width(name) > name_w else 1

        def draw_entry(entry: tuple[str, object]) -> None:
            nonlocal y
            kind, obj = entry
            y -= lh
            if kind == "title":
                page.text(cols[0].x + 2, y, str(obj).upper(), ctx.bold, ctx.size)
            elif kind == "extra":
                texts = {"name": obj.name, "result": obj.text, "unit": obj.unit or "",  # type: ignore[attr-defined]
                         "range": obj.ref or ""}  # type: ignore[attr-defined]
                y = self._cells(ctx, page, cols, y, texts, None, lh)
            else:
                it = make_item(obj, ctx.case, rstyle)  # type: ignore[arg-type]
                mark = fs.mark(it.status)
                texts = {"name": it.name, "result": it.value_text, "flag": mark, "unit": it.unit or "",
                         "range": it.rng.text}
                y = self._cells(ctx, page, cols, y, texts, mark, lh)
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))

        i = 0
        while i < len(entries):     # one page: the entries left shared out over the three groups, balanced
            capacity = int((y_top - lh - 2 - ctx.bottom) / lh)
            left = sum(need(e) for e in entries[i:])
            target = min(capacity, -(-left // ngroups) + 1)
            for g in range(ngroups):
                start_group(g)
                limit = capacity if g == ngroups - 1 else target
                used = 0
                while i < len(entries):
                    n = need(entries[i])
                    if entries[i][0] == "title" and i + 1 < len(entries):
                        n += need(entries[i + 1])   # a section title is never the last line of a group
                    if used + n > limit and used:
                        break
                    if used + n > capacity:
                        break
                    n = need(entries[i])
                    draw_entry(entries[i])
                    used += n
                    i += 1
                if i >= len(entries):
                    break
            if i < len(entries):
                page = ctx.new_page()
                y_top = next_page_top(ctx, page, patient=rng.random() < 0.5)
        blocks.footers(ctx, accession=rng.random() < 0.5)
        return rows

    def _cells(self, ctx: Ctx, page: Page, cols: list[Column], y: float, texts: dict[str, str], mark: str | None,
               lh: float) -> float:
        """One result line (the name wrapped onto a second line when it is too long); returns the last baseline."""
        last = y
        for c in cols:
            text = texts.get(c.role, "")
            if not text:
                continue
            font = ctx.bold if c.role in ("result", "flag") and mark else ctx.regular
            if c.role == "name" and " " in text and ctx.width(text) > c.width - 4:
                lines = ctx.wrap(text, c.width - 4)
                head, tail = lines[0], " ".join(lines[1:])
                page.text(c.x + 2, y, head, font, ctx.size)
                size = min(ctx.size, ctx.size * (c.width - 4) / max(1.0, ctx.width(tail)))
                page.text(c.x + 2, y - lh, tail, font, size)
                last = y - lh
                continue
            size = min(ctx.size, ctx.size * (c.width - 4) / max(1.0, ctx.width(text, font)))
            if c.align == "right":
                page.text(c.x + c.width - 2, y, text, font, size, align="right")
            elif c.align == "center":
                page.text(c.x + c.width / 2, y, text, font, size, align="center")
            else:
                page.text(c.x + 2, y, text, font, size)
        return last
