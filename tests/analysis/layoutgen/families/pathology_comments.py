"""UK NHS / Australian pathology report: specimen lines per request, results, free-text comments between them."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.langs import family_words
from tests.analysis.layoutgen.people import fmt_date
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style
from tests.analysis.layoutgen.table import Cell, Column

# The request line over each panel: specimen, collection time, lab number (numbers that are no results).
REQUEST = {"en": "Specimen: {s}   Collected: {d}   Lab No: {n}", "es": "Muestra: {s}   Extracción: {d}   Nº: {n}",
           "pt": "Amostra: {s}   Coleta: {d}   Nº: {n}", "fr": "Échantillon : {s}   Prélevé : {d}   N° : {n}",
           "it": "Campione: {s}   Prelievo: {d}   N.: {n}", "de": "Material: {s}   Entnahme: {d}   Nr.: {n}",
           "id": "Spesimen: {s}   Diambil: {d}   No: {n}", "zh": "标本: {s}   采集: {d}   编号: {n}"} | family_words("request")
# A reference-change note quoting an interval and a unit (never a result).
NEW_RANGE = {"en": "Please note new reference range from {d}: {r} {u}.",
             "es": "Atención: nuevo intervalo de referencia desde el {d}: {r} {u}.",
             "pt": "Atenção: novo intervalo de referência a partir de {d}: {r} {u}.",
             "fr": "Nouvel intervalle de référence depuis le {d} : {r} {u}.",
             "it": "Nuovo intervallo di riferimento dal {d}: {r} {u}.",
             "de": "Neuer Referenzbereich ab {d}: {r} {u}.", "id": "Nilai rujukan baru sejak {d}: {r} {u}.",
             "zh": "自{d}起参考区间更新为 {r} {u}。"} | family_words("new_range")


@register
class PathologyComments(TableFamily):
    name = "pathology_comments"
    summary = ("UK NHS / Australian pathology style: no grid, 'Serum sodium   141 mmol/L   (133 - 146)' with value "
               "and unit in one run, H/L between unit and range or after it, a grey 'Specimen: … Collected: … Lab No: …' "
               "line over each panel, free-text comments between panels (numbers, units, a 'new reference range "
               "from …: 30 - 130 U/L' note)")
    rules = ("none", "header")
    section_styles = ("bold", "underline")
    orders = ("reading", "words", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["flag_after"] = ctx.rng.random() < 0.5
        cols = [col("name", w["test"], 40), col("result", w["result"], 20), col("flag", "", 5)]
        cols.append(col("range", w["reference"], 24))
        if ctx.opts["flag_after"]:
            cols = cols[:2] + cols[3:] + cols[2:3]
        return cols

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, wrap=("(", ")"), sep=ctx.rng.choice([" - ", "-"]), zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status)
        value = f"{item.value_text} {item.unit or ''}".rstrip()
        return ({"name": Cell([item.name]), "result": Cell([value], ctx.bold if mark else None),
                 "flag": Cell([mark], ctx.bold), "range": Cell(list(item.rng.lines) if item.rng else [])},
                fs.means(item.status))

    def _text_block(self, ctx: Ctx, tw, lines: list[str], font: str, color=None) -> None:
        top = tw.space(len(lines) * (ctx.size + 2) + 4)
        for i, line in enumerate(lines):
            tw.page.text(tw.left + 4, top - (i + 1) * (ctx.size + 2), line, font, ctx.size - 0.5, color=color)

    def after_panel(self, ctx: Ctx, tw, panel: str, items: list[Item]) -> None:
        h = ctx.case.header
        r = ctx.rng.random()
        if r < 0.3:
            lines = ctx.wrap(blocks.notes_text(ctx), tw.right - tw.left - 8, ctx.regular, ctx.size - 0.5)
            self._text_block(ctx, tw, lines, ctx.regular)
        elif r < 0.45 and items:
            it = ctx.rng.choice(items)
            if it.rng and it.unit:
                note = NEW_RANGE[ctx.case.lang].format(d=fmt_date(h.collected.replace(year=h.collected.year - 1),
                                                                  ctx.case.lang), r=it.rng.text.strip("()"), u=it.unit)
                self._text_block(ctx, tw, ctx.wrap(note, tw.right - tw.left - 8), ctx.italic)
        nxt = REQUEST[ctx.case.lang].format(s=blocks.specimen(ctx, panel), d=fmt_date(h.collected, ctx.case.lang, time=True),
                                            n=h.accession)
        self._text_block(ctx, tw, [nxt], ctx.regular, GREY)
