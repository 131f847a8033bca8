"""US patient-portal export (MyChart-like): one small table per panel, Component | Your Value | Standard Range | Flag."""

from __future__ import annotations

from dataclasses import dataclass

from tests.analysis.layoutgen.canvas import GREY
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.langs import family_words
from tests.analysis.layoutgen.people import fmt_date
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style
from tests.analysis.layoutgen.table import Cell, Column, TableWriter

# The portal's column titles and panel status line, per language: component, your value, standard range, status.
PORTAL_WORDS = {
    "en": ("Component", "Your Value", "Standard Range", "Final result", "Collected on {c} · Resulted on {r}"),
    "es": ("Componente", "Su valor", "Rango estándar", "Resultado final", "Recolectado el {c} · Resultado el {r}"),
    "pt": ("Componente", "Seu valor", "Intervalo padrão", "Resultado final", "Coletado em {c} · Liberado em {r}"),
    "fr": ("Composant", "Votre valeur", "Plage normale", "Résultat final", "Prélevé le {c} · Validé le {r}"),
    "it": ("Componente", "Il tuo valore", "Intervallo standard", "Risultato finale", "Prelevato il {c} · Refertato il {r}"),
    "de": ("Komponente", "Ihr Wert", "Standardbereich", "Endergebnis", "Entnommen am {c} · Befundet am {r}"),
    "id": ("Komponen", "Nilai Anda", "Rentang standar", "Hasil akhir", "Diambil {c} · Hasil {r}"),
    "zh": ("项目", "您的结果", "标准范围", "最终结果", "采集于 {c} · 报告于 {r}"),
} | family_words("portal")
# Where the unit is printed: after the value, after the range, or both.
UNIT_PLACES = ("range", "value", "both")


@dataclass
class PortalWriter(TableWriter):
    """A panel title in larger type, then a grey status line with the collection and result dates."""

    status_line: str = ""

    def section(self, text: str, *, style: str = "bold") -> None:
        h = 2 * self.lh + 2 * self.pad + 4
        self._ensure(h + 3 * self.lh, header=False)
        base = self.y - self.pad - self.ctx.size - 2
        self.page.text(self.left, base, text, self.ctx.bold, self.ctx.size + 2)
        self.page.text(self.left, base - self.lh - 1, self.status_line, self.ctx.regular, self.ctx.size - 1,
                       color=GREY)
        self.y -= h


@register
class PortalComponents(TableFamily):
    name = "portal_components"
    summary = ("US patient-portal export (MyChart-like): each panel a title, a grey 'Final result · Collected on …' "
               "line and its own header Component | Your Value | Standard Range | Flag; the unit after the value, "
               "after the range ('4.0 - 10.5 x10E3/uL') or both; one-sided ranges with ≤/≥ or '<=', '>='; flag words")
    header_per_section = True
    rules = ("none", "header", "rows")
    section_styles = ("bold",)
    orders = ("reading", "words", "shuffled")
    writer_type = PortalWriter

    def writer_options(self, ctx: Ctx) -> dict:
        w = PORTAL_WORDS[ctx.case.lang]
        h = ctx.case.header
        dates = w[4].format(c=fmt_date(h.collected, ctx.case.lang, time=True),
                            r=fmt_date(h.reported, ctx.case.lang, time=True))
        return {"status_line": f"{w[3]} · {dates}"}

    def columns(self, ctx: Ctx) -> list[Column]:
        w = PORTAL_WORDS[ctx.case.lang]
        ctx.opts["unit_place"] = place = ctx.rng.choice(UNIT_PLACES)
        align = "left" if place != "range" else ctx.rng.choice(["left", "right"])
        return [col("name", w[0], 34), col("result", w[1], 20, align),
                col("range", w[2], 30), col("flag", ctx.words["flag"], 10)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        upto, above = ctx.rng.choice([("≤{}", "≥{}"), ("≤ {}", "≥ {}"), ("<={}", ">={}"), ("< {}", "> {}")])
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice([" - ", "-"]), upto=upto, above=above,
                                  zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["word", "WORD", "HL"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        place, unit = ctx.opts["unit_place"], item.unit or ""
        value = f"{item.value_text} {unit}".rstrip() if place in ("value", "both") else item.value_text
        rng = item.rng.text if item.rng else ""
        if place in ("range", "both") and unit and rng:
            rng = f"{rng} {unit}"
        mark = fs.mark(item.status) if fs else ""
        return ({"name": Cell([item.name]), "result": Cell([value], ctx.bold if mark else None),
                 "range": Cell([rng]), "flag": Cell([mark], ctx.bold)}, fs.means(item.status) if fs else None)

    def extras(self, ctx: Ctx, tw) -> None:
        for e in ctx.case.extras:
            tw.row({"name": Cell([e.name]), "result": Cell([f"{e.text} {e.unit or ''}".rstrip()]),
                    "range": Cell([e.ref] if e.ref else [])})
