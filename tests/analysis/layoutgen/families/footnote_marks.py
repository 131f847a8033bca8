"""Footnote and accreditation marks beside results: raised '¹'/'a' after values, '‡' after names, '†' for out of range."""

from __future__ import annotations

from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.langs import family_words
from tests.analysis.layoutgen.printing import FlagStyle, Item, flag_style
from tests.analysis.layoutgen.table import Cell, Column

# The legend under the table, per language: a footnote, a non-accredited test, a result outside the interval.
LEGEND = {
    "en": ("Result confirmed by repeat analysis", "Test not UKAS accredited", "Result outside the reference interval"),
    "es": ("Resultado confirmado por repetición", "Prueba no acreditada por ENAC", "Resultado fuera del intervalo de referencia"),
    "pt": ("Resultado confirmado por repetição", "Exame não acreditado", "Resultado fora do intervalo de referência"),
    "fr": ("Résultat contrôlé par une seconde analyse", "Analyse hors portée d'accréditation COFRAC",
           "Résultat hors de l'intervalle de référence"),
    "it": ("Risultato confermato da ripetizione", "Esame non accreditato ACCREDIA", "Risultato fuori dall'intervallo di riferimento"),
    "de": ("Ergebnis durch Wiederholung bestätigt", "Nicht akkreditiertes Verfahren", "Ergebnis außerhalb des Referenzbereichs"),
    "id": ("Hasil dikonfirmasi dengan pengulangan", "Pemeriksaan belum terakreditasi KAN", "Hasil di luar nilai rujukan"),
    "zh": ("结果经复检确认", "该项目未获认可", "结果超出参考区间"),
} | family_words("legend")
SUPERSCRIPTS = "¹²³"
NAME_MARKS = ("‡", "§", "^")


@register
class FootnoteMarks(TableFamily):
    name = "footnote_marks"
    summary = ("footnote and accreditation marks: a raised footnote digit or letter after some values (a smaller "
               "run above the baseline, or '¹²³' glued: '5.2¹'), '‡'/'§'/'^' after the names of non-accredited tests, "
               "out-of-range results marked H/L in a flag column or '†' after the value; the legend under the table")
    rules = ("none", "header", "rows", "grid")
    section_styles = ("bold", "underline", "band")
    orders = ("reading", "words", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["dagger"] = dagger = ctx.rng.random() < 0.4
        ctx.opts["name_mark"] = ctx.rng.choice(NAME_MARKS)
        ctx.opts["foot"] = ctx.rng.choice(["raised_digit", "raised_letter", "unicode"])
        cols = [col("name", w["test"], 40), col("result", w["result"], 16)]
        if not dagger:
            cols.append(col("flag", w["flag"], 8, "center"))
        return cols + [col("unit", w["unit"], 14), col("range", w["reference"], 22)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        if ctx.opts["dagger"]:
            return FlagStyle("†", "†", "††", "††")
        return flag_style("HL", ctx.loc, ctx.rng)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        mark = fs.mark(item.status)
        name = f"{item.name} {ctx.opts['name_mark']}" if ctx.rng.random() < 0.2 else item.name
        foot = ctx.rng.random() < 0.25
        value = item.value_text
        if foot and ctx.opts["foot"] == "unicode":
            value += ctx.rng.choice(SUPERSCRIPTS)
        if ctx.opts["dagger"] and mark:
            value = f"{value} {mark}"
        cells = {"name": Cell([name]), "result": Cell([value]), "flag": Cell([mark], ctx.bold),
                 "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines) if item.rng else [])}
        base = tw.row(cells)
        if foot and ctx.opts["foot"] != "unicode":
            c = next(c for c in tw.columns if c.role == "result")
            sup = ctx.rng.choice("123") if ctx.opts["foot"] == "raised_digit" else ctx.rng.choice("abc")
            x = c.x + 3 + ctx.width(value) + 0.6
            tw.page.text(x, base + ctx.size * 0.38, sup, ctx.regular, ctx.size * 0.6)
        return fs.means(item.status)

    def finish(self, ctx: Ctx, page, y: float) -> None:
        legend = LEGEND[ctx.case.lang]
        foot = {"raised_digit": "1", "raised_letter": "a", "unicode": "¹"}[ctx.opts["foot"]]
        lines = [f"{foot} {legend[0]}", f"{ctx.opts['name_mark']} {legend[1]}"]
        if ctx.opts["dagger"]:
            lines.append(f"† {legend[2]}")
        if y - 30 - len(lines) * (ctx.size + 2) < ctx.bottom:
            page = ctx.new_page()
            y = ctx.top
        for line in lines:
            y -= ctx.size + 2
            page.text(ctx.left, y, line, ctx.regular, ctx.size - 1)
        super().finish(ctx, page, y - 4)
