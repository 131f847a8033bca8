"""Immunology and serology results whose reference is a word: 'HBsAg  0.31  S/CO  Negative', 'Anti-TPO  12  IU/mL
Negative' (the index or titre measured, the reference its qualitative reading)."""

from __future__ import annotations

from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register, standard_cells
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, flag_style
from tests.analysis.layoutgen.table import Cell, Column, TableWriter

# (name, unit, lowest, highest value, decimals): an index or a titre below its cut-off
TESTS = (("HBsAg", "S/CO", 0.05, 0.9, 2), ("Anti-HCV", "S/CO", 0.02, 0.8, 2), ("Anti-HIV 1/2", "S/CO", 0.05, 0.6, 2),
         ("HIV Ag/Ab", "COI", 0.1, 0.8, 2), ("Anti-TPO", "IU/mL", 1.0, 30.0, 1), ("ASO", "IU/mL", 20.0, 180.0, 0),
         ("Anti-Tg", "IU/mL", 5.0, 100.0, 0), ("Anti-CCP", "U/mL", 0.5, 15.0, 1), ("Anti-HAV IgM", "S/CO", 0.05, 0.7, 2),
         ("Syphilis TP Ab", "S/CO", 0.03, 0.5, 2))
# The reference as printed, per language: negative and non-reactive readings.
WORDS: dict[str, tuple[str, ...]] = {
    "en": ("Negative", "Non-reactive", "Non Reactive", "Not detected"), "es": ("Negativo", "No reactivo"),
    "pt": ("Negativo", "Não reagente"), "fr": ("Négatif", "Non réactif"), "it": ("Negativo", "Non reattivo"),
    "de": ("Negativ", "Nicht reaktiv"), "id": ("Negatif", "Non reaktif"), "zh": ("阴性",),
}
TITLES = {"en": "Serology", "es": "Serología", "pt": "Sorologia", "fr": "Sérologie", "it": "Sierologia",
          "de": "Serologie", "id": "Serologi", "zh": "血清学"}


@register
class SerologyIndex(TableFamily):
    name = "serology_index"
    summary = ("a serology and immunology section after the panels: an index or titre with its unit and a word as "
               "the reference ('HBsAg  0.31  S/CO  Negative', 'Anti-TPO  12  IU/mL  Non-reactive', '阴性'), no "
               "interval and no flag; name | result | unit | reference | flag. Truth: the value and unit, no flag")
    rules = ("none", "header", "rows", "grid")
    orders = ("reading", "words", "columns")
    languages = tuple(WORDS)

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["extra"] = []
        return [col("name", w["test"], 36), col("result", w["result"], 12, ctx.rng.choice(["right", "left"])),
                col("unit", w["unit"], 14), col("range", w["reference"], 24), col("flag", w["flag"], 8, "center")]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)

    def after_panel(self, ctx: Ctx, tw: TableWriter, panel: str, items: list[Item]) -> None:
        panels = [p for p, _ in ctx.case.panels()]
        if panel != panels[-1]:
            return
        lang = ctx.case.lang
        tw.section(TITLES[lang], style="bold")
        for name, unit, low, high, dec in ctx.rng.sample(TESTS, ctx.rng.randint(3, 6)):
            value = round(ctx.rng.uniform(low, high), dec)
            text = ctx.fmt(value, dec)
            tw.row({"name": Cell([name]), "result": Cell([text]), "unit": Cell([unit]),
                    "range": Cell([ctx.rng.choice(WORDS[lang])]), "flag": Cell([""])})
            ctx.opts["extra"].append(TruthRow(name, float(text.replace(",", ".")), unit, None, None, None, text,  # type: ignore[union-attr]
                                              "serology"))

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rows = super().draw(ctx)
        return rows + list(ctx.opts["extra"])  # type: ignore[call-overload]
