"""Hospital LIS print: every test on two lines, the name (with a code) full width, the values indented under it."""

from __future__ import annotations

from tests.analysis.layoutgen.canvas import GREY
from tests.analysis.layoutgen.catalogue import MARKERS
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.langs import family_words
from tests.analysis.layoutgen.names import names_for
from tests.analysis.layoutgen.printing import FlagStyle, Item, flag_style
from tests.analysis.layoutgen.table import Cell, Column

# What a result cell holds while the result is not out yet (never a result).
PENDING = {"en": ["Pending", "To follow", "See comment", "---", "Results to follow"],
           "es": ["Pendiente", "Ver comentario", "---", "En proceso"],
           "pt": ["Pendente", "Ver comentário", "---", "Em andamento"],
           "fr": ["En cours", "Voir commentaire", "À suivre", "---"],
           "it": ["In corso", "Vedi commento", "---", "In lavorazione"],
           "de": ["folgt", "siehe Kommentar", "in Arbeit", "---"],
           "id": ["Menyusul", "Lihat catatan", "---", "Dalam proses"],
           "zh": ["待出", "见备注", "---", "检测中"]} | family_words("pending")


@register
class TwoLineRows(TableFamily):
    name = "two_line_rows"
    summary = ("hospital LIS print: each test on two lines, the name on the first line running over the whole width "
               "(after a test code or with the LOINC code after it), the value, flag, unit and interval indented on the "
               "next line under the column titles; 'Pending' / 'To follow' / '---' / 'See comment' rows for tests not "
               "yet resulted (never results)")
    rules = ("none", "header", "rows")
    section_styles = ("bold", "underline")
    orders = ("reading", "words", "shuffled")
    rewrites_names = False

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["code"] = ctx.rng.choice(["none", "before", "after"])
        return [col("name", w["test"], 22), col("result", w["result"], 14, "right"), col("flag", w["flag"], 8, "center"),
                col("unit", w["unit"], 14), col("range", w["reference"], 24)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "word", "WORD"]), ctx.loc, ctx.rng)

    def _name_line(self, ctx: Ctx, tw, text: str, code: str | None) -> None:
        top = tw.space(ctx.size + 4)
        x = tw.left + 3
        base = top - ctx.size - 1
        if code and ctx.opts["code"] == "before":
            tw.page.text(x, base, code, ctx.regular, ctx.size - 0.5, color=GREY)
            x += max(ctx.width(code) + 8, 36)
        tw.page.text(x, base, text, ctx.bold, ctx.size)
        if code and ctx.opts["code"] == "after":
            tw.page.text(x + ctx.width(text, ctx.bold) + 8, base, f"({code})", ctx.regular, ctx.size - 1, color=GREY)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        mark = fs.mark(item.status)
        tw.keep(3 * tw.lh + 2 * tw.pad)
        code = item.result.marker.abbr if ctx.opts["code"] == "before" else item.result.marker.loinc
        self._name_line(ctx, tw, item.name, code)
        tw.row({"result": Cell([item.value_text], ctx.bold if mark else None), "flag": Cell([mark], ctx.bold),
                "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines) if item.rng else [])})
        return fs.means(item.status)

    def after_panel(self, ctx: Ctx, tw, panel: str, items: list[Item]) -> None:
        """A test of this panel not resulted yet: its name line, then a pending word in the result column."""
        if ctx.rng.random() > 0.45:
            return
        shown = {r.key for r in ctx.case.results}
        spare = [m for m in MARKERS if m.panel == panel and m.key not in shown]
        if not spare:
            spare = [m for m in MARKERS if m.key not in shown]
        m = ctx.rng.choice(spare)
        name = names_for(m.key, ctx.case.lang, ctx.case.units)[0]
        tw.keep(3 * tw.lh + 2 * tw.pad)
        self._name_line(ctx, tw, name, m.abbr if ctx.opts["code"] == "before" else m.loinc)
        unit = m.options(ctx.case.units)[0].kind
        cells = {"result": Cell([ctx.rng.choice(PENDING[ctx.case.lang])], ctx.italic)}
        if ctx.rng.random() < 0.5 and unit:
            cells["unit"] = Cell([unit])
        tw.row(cells)

    def extras(self, ctx: Ctx, tw) -> None:
        for e in ctx.case.extras:
            self._name_line(ctx, tw, e.name, None)
            tw.row({"result": Cell([e.text]), "unit": Cell([e.unit or ""]), "range": Cell([e.ref] if e.ref else [])})
