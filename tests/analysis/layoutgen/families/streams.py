"""Layouts defined by how their text reaches the PDF: a plain-text LIS report framed with pipes and '=' rules,
every glyph its own text object, every table column one text object."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.lines import _cells, _truncate
from tests.analysis.layoutgen.family import Family, TableFamily, col, first_page, register, standard_cells
from tests.analysis.layoutgen.people import fmt_date
from tests.analysis.layoutgen.phrases import phrase
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.styled import ColumnObjectWriter
from tests.analysis.layoutgen.table import Column


@register
class LisPipes(Family):
    name = "lis_pipes"
    summary = ("plain-text LIS report in a monospaced font: '=' rules, a key : value header, a table framed with "
               "'|' and '+---+' (| Test | Result | Flag | Units | Reference |), section rows '| >> Lipids', names cut "
               "to the column width, '*** END OF REPORT ***'; each line one text object")
    faces = ("mono",)
    sizes = (7.0, 8.5)
    rewrites_names = True
    orders = ("reading", "words", "chars", "bottom_up")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, w = ctx.rng, ctx.words
        rstyle = choose_range_style(rng, ctx.loc, sep=rng.choice([" - ", "-"]), zero_low=False)
        fs = flag_style(rng.choice(["HL", "HL", "star", "WORD"]), ctx.loc, rng)
        name_w = 28
        items: list[tuple[Item, str]] = []
        for r in ctx.case.results:
            it = make_item(r, ctx.case, rstyle, name=_truncate(r.name, name_w))
            items.append((it, fs.mark(it.status)))
        widths = [name_w, max(9, *(_cells(it.value_text) for it, _ in items)),
                  max(4, _cells(w["flag"]), *(_cells(m) for _, m in items)),
                  max(_cells(w["unit"]), *(_cells(it.unit or "") for it, _ in items)),
                  max(_cells(w["reference"]), *(_cells(it.rng.text) for it, _ in items))]

        def row(cells: list[str], right: tuple[int, ...] = (1,)) -> str:
            return "| " + " | ".join(_fit(c, wd, i in right)
                                     for i, (c, wd) in enumerate(zip(cells, widths, strict=True))) + " |"

        total = sum(widths) + 3 * len(widths) + 1
        rule = "+" + "+".join("-" * (wd + 2) for wd in widths) + "+"
        lines: list[tuple[str, bool]] = []
        by_key = {it.result.key: (it, m) for it, m in items}
        for panel, results in ctx.case.panels():
            lines.append((_fit(f"| >> {blocks.section_title(ctx, panel)}", total - 1, False) + "|", True))
            for r in results:
                it, mark = by_key[r.key]
                lines.append((row([it.name, it.value_text, mark, it.unit or "", it.rng.text]), False))
        for e in ctx.case.extras:
            lines.append((row([_truncate(e.name, name_w), e.text, "", e.unit or "", e.ref or ""]), False))
        lines.append((rule, False))
        lines += [(text, False) for text in ctx.wrap(blocks.notes_text(ctx), ctx.width("x") * total, ctx.regular)]
        lines += [("", False), (_fit(phrase(ctx.case.lang, "end"), total, False, centre=True), False)]
        self.pages(ctx, lines, rule, row([w["test"], w["result"], w["flag"], w["unit"], w["reference"]], ()), total)
        return [it.truth(ctx.case.numbers, fs.means(it.status)) for it, _ in items]

    def pages(self, ctx: Ctx, lines: list[tuple[str, bool]], rule: str, head: str, total: int) -> None:
        h, lab, lang = ctx.case.header, ctx.labels, ctx.case.lang
        step = ctx.size * 1.22
        top = [("=" * total, False),
               (_fit(f" {h.lab_name.upper()}", total - 24, False) + f"{phrase(lang, 'printed')}: "
                f"{fmt_date(h.reported, lang)}", True),
               ("=" * total, False),
               (_fit(f" {lab['name']:<10}: {h.patient.full(lang).upper()}", total // 2, False)
                + f"{lab['id']}: {h.patient_id}", False),
               (_fit(f" {lab['dob']:<10}: {fmt_date(h.dob, lang)} ({ctx.loc.age_unit.format(h.age)}) {lab['sex']}: {h.sex}",
                     total // 2, False) + f"{lab['accession']}: {h.accession}", False),
               (_fit(f" {lab['collected']:<10}: {fmt_date(h.collected, lang, time=True)}", total // 2, False)
                + f"{lab['physician']}: {h.doctor}", False),
               ("-" * total, False), (rule, False), (head, True), (rule, False)]
        per_page = int((ctx.top - ctx.bottom) / step) - len(top) - 2
        chunks = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
        for p, chunk in enumerate(chunks, 1):
            page = ctx.new_page()
            y = ctx.top
            page.text(ctx.left + ctx.width("x") * total, y + step, ctx.loc.page[0].format(p=p, n=len(chunks)),
                      ctx.regular, ctx.size, align="right")
            for text, bold in top + chunk:
                page.text(ctx.left, y, text, ctx.bold if bold else ctx.regular, ctx.size)
                y -= step


def _fit(text: str, width: int, right: bool, *, centre: bool = False) -> str:
    """`text` in exactly `width` character cells (cut, or padded left / right / both)."""
    text = _truncate(text, width)
    gap = width - _cells(text)
    if centre:
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return " " * gap + text if right else text + " " * gap


@register
class GlyphObjects(TableFamily):
    name = "glyph_objects"
    summary = ("every glyph its own text object at its own position, spaces not drawn at all (only gaps), slight "
               "letter-spacing on some reports, a letter-spaced title; name | result | flag | unit | range")
    rules = ("none", "header", "rows")
    faces = ("vera", "sans", "serif")
    orders = ("chars", "chars", "chars", "chars_shuffled")

    def top(self, ctx: Ctx):
        page, y = first_page(ctx, barcode=False)
        for run in page.runs:
            if run.text == ctx.doc.title:
                run.char_space = 2.0
                run.x -= len(run.text)       # keep it about centred
        return page, y

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 38), col("result", w["result"], 12, "right"), col("flag", "", 5, "center"),
                col("unit", w["unit"], 14), col("range", w["reference"], 22)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "arrows", "word"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rows = super().draw(ctx)
        spacing = ctx.rng.choice([0.0, 0.0, 0.15, 0.3])
        for page in ctx.doc.pages:
            for run in page.runs:
                if not run.char_space:
                    run.char_space = spacing
        return rows


@register
class ColumnObjects(TableFamily):
    name = "column_objects"
    summary = ("column-major PDF: every table column on a page (its title included) is one text object written top "
               "to bottom with relative line moves, so the content stream holds all names, then all values, then all "
               "units; status words High/Low in the last column")
    writer_type = ColumnObjectWriter
    rules = ("header", "grid", "none")
    orders = ("grouped", "grouped", "grouped", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 38), col("result", w["result"], 13, ctx.rng.choice(["right", "left"])),
                col("unit", w["unit"], 14), col("range", w["reference"], 22), col("flag", w["flag"], 9, "center")]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["word", "WORD", "HL"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)
