"""A blood count with the cells counted on the smear against 100 white cells: 'NRBC  0.4  /100 WBC  0.0 - 0.2'."""

from __future__ import annotations

from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register, standard_cells
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, flag_style, implied_flag
from tests.analysis.layoutgen.table import Cell, Column, TableWriter

# Per language: the names nucleated red cells are printed under, and how '/100 white cells' is written after the
# value. Sources: the CBC reports of those languages' laboratories (NRBC, normoblasts, erythroblasts per 100 WBC).
NAMES: dict[str, tuple[str, ...]] = {
    "en": ("NRBC", "Nucleated RBC", "Nucleated Red Cells"), "es": ("Eritroblastos", "NRBC"),
    "pt": ("Eritroblastos", "NRBC"), "fr": ("Érythroblastes", "NRBC"), "it": ("Eritroblasti", "NRBC"),
    "de": ("Normoblasten", "Erythroblasten", "NRBC"), "id": ("NRBC", "Eritrosit berinti"), "zh": ("有核红细胞(NRBC)",),
}
PER_100: dict[str, tuple[str, ...]] = {
    "en": ("/100 WBC", "/100 WBCs", "/100 WBC"), "es": ("/100 leucocitos", "/100 WBC"), "pt": ("/100 leucócitos",),
    "fr": ("/100 leucocytes", "/100 GB"), "it": ("/100 leucociti", "/100 WBC"), "de": ("/100 Leukozyten", "/100 Leukos"),
    "id": ("/100 lekosit", "/100 WBC"), "zh": ("/100 WBC", "/100白细胞"),
}
# (value, low, high, decimals): none seen, a few within the interval, more than it allows
COUNTS = ((0.0, 0.0, 0.0, 0), (0.0, 0.0, 0.2, 1), (0.1, 0.0, 0.2, 1), (0.4, 0.0, 0.2, 1), (3.0, 0.0, 0.0, 0),
          (1.0, 0.0, 2.0, 0))


@register
class SmearCounts(TableFamily):
    name = "smear_counts"
    summary = ("a blood count with nucleated red cells counted against 100 white cells after the differential "
               "('NRBC  0.4  /100 WBC  0.0 - 0.2', '/100 Leukozyten', '/100 leucocitos'); name | result | unit | "
               "range | flag, H/L or arrows")
    rules = ("none", "header", "rows", "grid")
    orders = ("reading", "words", "columns")
    languages = tuple(NAMES)  # the languages its names and '/100' words are written for

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["extra"] = []
        return [col("name", w["test"], 36), col("result", w["result"], 12, ctx.rng.choice(["right", "left"])),
                col("unit", w["unit"], 18), col("range", w["reference"], 22), col("flag", w["flag"], 8, "center")]

    def flags(self, ctx: Ctx) -> FlagStyle:
        fs = flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)
        ctx.opts["fs"] = fs
        return fs

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)

    def after_panel(self, ctx: Ctx, tw: TableWriter, panel: str, items: list[Item]) -> None:
        panels = [p for p, _ in ctx.case.panels()]
        if panel != ("diff" if "diff" in panels else "cbc" if "cbc" in panels else panels[0]):
            return
        lang = ctx.case.lang
        value, low, high, dec = ctx.rng.choice(COUNTS)
        name, unit = ctx.rng.choice(NAMES[lang]), ctx.rng.choice(PER_100[lang])
        text, lo, hi = ctx.fmt(value, dec), ctx.fmt(low, dec), ctx.fmt(high, dec)
        status = implied_flag(value, low, high)
        fs: FlagStyle = ctx.opts["fs"]  # type: ignore[assignment]
        mark = fs.mark(status)
        tw.row({"name": Cell([name]), "result": Cell([text]), "unit": Cell([unit]),
                "range": Cell([f"{lo} - {hi}"]), "flag": Cell([mark], ctx.bold)})
        ctx.opts["extra"].append(TruthRow(name, value, unit, low, high, status, text, "nrbc"))  # type: ignore[union-attr]

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rows = super().draw(ctx)
        return rows + list(ctx.opts["extra"])  # type: ignore[call-overload]
