"""A summary of the out-of-range results printed apart from the full table: each of them appears twice."""

from __future__ import annotations

from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, first_page, register, standard_cells
from tests.analysis.layoutgen.langs import family_words
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Column, TableWriter, layout

SUMMARY_TITLES = {
    "en": ("Summary of abnormal results", "Results outside the reference range"),
    "es": ("Resumen de resultados alterados", "Resultados fuera de rango"),
    "pt": ("Resumo dos resultados alterados", "Resultados fora do intervalo de referência"),
    "fr": ("Synthèse des résultats anormaux", "Résultats hors normes"),
    "it": ("Riepilogo dei risultati alterati", "Valori fuori dall'intervallo di riferimento"),
    "de": ("Zusammenfassung auffälliger Befunde", "Werte außerhalb des Referenzbereichs"),
    "id": ("Ringkasan hasil abnormal", "Hasil di luar nilai rujukan"),
    "zh": ("异常结果汇总", "超出参考范围的结果"),
} | family_words("summary_titles")


@register
class AbnormalSummary(TableFamily):
    name = "abnormal_summary"
    summary = ("a boxed summary of only the out-of-range results (name | result | flag | unit | range, or one line "
               "per result) above the full report or after it: every abnormal result is printed twice and counted "
               "once; the full table name | result | flag | unit | range with H/L or arrows")
    rules = ("none", "header", "rows", "grid")
    section_styles = ("bold", "band", "underline")
    orders = ("reading", "words", "shuffled")

    def _styles(self, ctx: Ctx) -> tuple[RangeStyle, FlagStyle]:
        if "rstyle" not in ctx.opts:
            ctx.opts["rstyle"] = choose_range_style(ctx.rng, ctx.loc)
            ctx.opts["fs"] = flag_style(ctx.rng.choice(["HL", "arrows", "word"]), ctx.loc, ctx.rng)
        return ctx.opts["rstyle"], ctx.opts["fs"]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return self._styles(ctx)[0]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return self._styles(ctx)[1]

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 38), col("result", w["result"], 13, "right"), col("flag", w["flag"], 9, "center"),
                col("unit", w["unit"], 14), col("range", w["reference"], 22)]

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)

    def _abnormal(self, ctx: Ctx) -> list[Item]:
        rstyle, _ = self._styles(ctx)
        items = [make_item(r, ctx.case, rstyle) for r in ctx.case.results]
        return [it for it in items if it.status != "normal"]

    def _summary(self, ctx: Ctx, page, y: float) -> tuple[object, float]:
        """The boxed summary at y; returns the page and the y under it."""
        _, fs = self._styles(ctx)
        items = self._abnormal(ctx)
        if not items:
            return page, y
        title = ctx.rng.choice(SUMMARY_TITLES[ctx.case.lang])
        as_lines = ctx.rng.random() < 0.4
        need = (len(items) + 3) * ctx.size * 1.4 + 20
        if y - need < ctx.bottom:
            page = ctx.new_page()
            y = ctx.top
        top = y
        page.text(ctx.left + 4, y - ctx.size - 4, title, ctx.bold, ctx.size + 1)
        y -= ctx.size + 10
        if as_lines:
            for it in items:
                y -= ctx.size * 1.4
                rng = f"({it.rng.text})" if it.rng else ""
                page.text(ctx.left + 8, y, f"{it.name}: {it.value_text} {it.unit or ''} {fs.mark(it.status)} {rng}"
                          .replace("  ", " "), ctx.regular, ctx.size)
            y -= 8
        else:
            cols = layout(self.columns(ctx), ctx.left + 4, ctx.right - 4)
            tw = TableWriter(ctx, cols, page, y, rules="header", pad=2)
            tw.header()
            for it in items:
                tw.row(standard_cells(ctx, it, fs)[0])
            y = tw.close() - 6
        page.rect(ctx.left, y, ctx.right - ctx.left, top - y, width=0.8)
        return page, y - 10

    def top(self, ctx: Ctx):
        page, y = first_page(ctx)
        ctx.opts["summary_first"] = first = ctx.rng.random() < 0.7
        if first:
            page, y = self._summary(ctx, page, y)
        return page, y

    def finish(self, ctx: Ctx, page, y: float) -> None:
        if not ctx.opts["summary_first"]:
            page, y = self._summary(ctx, page, y - 10)
        super().finish(ctx, page, y)
