"""The family contract and registry, and the table family most layouts are variations of.

A family renders a Case to PDF bytes and returns the truth rows exactly as printed. Its seeded choices
(fonts, sizes, margins, page size, alignments, content-stream order) come from a generator seeded by
the family name, seed, language and units, so output is deterministic for a seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random
from typing import ClassVar

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import Page
from tests.analysis.layoutgen.case import Case, Result
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.perturb import retitle
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, TruthRow, choose_range_style, make_item
from tests.analysis.layoutgen.table import Cell, Column, TableWriter, layout

REGISTRY: dict[str, Family] = {}


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    rows: list[TruthRow]
    order: str               # the content-stream order used


def register(cls: type[Family]) -> type[Family]:
    if cls.name in REGISTRY:
        raise ValueError(f"duplicate family {cls.name}")
    REGISTRY[cls.name] = cls()
    return cls


class Family:
    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    orders: ClassVar[tuple[str, ...]] = ("reading",)
    faces: ClassVar[tuple[str, ...]] = ("sans", "serif", "vera")
    sizes: ClassVar[tuple[float, float]] = (8.0, 10.0)
    page_sizes: ClassVar[tuple[str, ...]] = ("A4", "Letter")
    creator: ClassVar[str] = ""
    rewrites_names: ClassVar[bool] = False   # prints names differently from the case (upper case, codes)
    rewrites_units: ClassVar[bool] = False   # prints units differently from the case (upper case, glued)
    reorders: ClassVar[bool] = False         # prints results in another order than the case lists them
    languages: ClassVar[tuple[str, ...] | None] = None   # the languages it can print (None: every one)
    own_results: ClassVar[bool] = False      # prints results of its own kind, drawn from the case's seed (blood_gas)

    def render(self, case: Case) -> Rendered:
        rng = Random(f"layoutgen-family:{self.name}:{case.seed}:{case.lang}:{case.units}")
        ctx = Ctx.create(case, rng, faces=self.faces, sizes=self.sizes, page_sizes=self.page_sizes,
                         creator=self.creator)
        rows = self.draw(ctx)
        order = rng.choice(self.orders)
        return Rendered(ctx.doc.render(order, rng), rows, order)

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        raise NotImplementedError


def first_page(ctx: Ctx, *, barcode: bool | None = None, page: Page | None = None) -> tuple[Page, float]:
    """Letterhead, report title, patient block (and a barcode on some reports), on a new page or on `page`."""
    page = page or ctx.new_page()
    y = blocks.letterhead(ctx, page, ctx.top)
    if barcode if barcode is not None else ctx.rng.random() < 0.4:
        blocks.barcode(ctx, page, ctx.right - 120, y - 30, ctx.case.header.accession[-9:])
        y = blocks.title(ctx, page, y)
        y = blocks.patient_block(ctx, page, y - 24, cols=2)
    else:
        y = blocks.title(ctx, page, y)
        y = blocks.patient_block(ctx, page, y)
    return page, y - 6


def next_page_top(ctx: Ctx, page: Page, *, patient: bool = True) -> float:
    """The top of a continuation page: a compact letterhead and (on most reports) the patient block again."""
    y = blocks.letterhead(ctx, page, ctx.top, compact=True)
    if patient:
        y = blocks.patient_block(ctx, page, y, cols=3, boxed=False)
    return y - 6


class TableFamily(Family):
    """A result table: subclasses give the column plan and the cells of one result."""

    rules: ClassVar[tuple[str, ...]] = ("none", "header", "rows", "grid", "zebra")
    section_styles: ClassVar[tuple[str, ...]] = ("bold", "band", "underline")
    header_per_section: ClassVar[bool] = False
    print_extras: ClassVar[bool] = True
    writer_type: ClassVar[type[TableWriter]] = TableWriter

    # --- the per-family parts ---
    def columns(self, ctx: Ctx) -> list[Column]:
        raise NotImplementedError

    def range_style(self, ctx: Ctx) -> RangeStyle | None:
        return choose_range_style(ctx.rng, ctx.loc)

    def flags(self, ctx: Ctx) -> FlagStyle | None:
        return None

    def item(self, ctx: Ctx, result: Result, rstyle: RangeStyle | None) -> Item:
        return make_item(result, ctx.case, rstyle)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None) -> tuple[dict[str, Cell], str | None]:
        """The row's cells and the flag its marking conveys (None when it marks nothing)."""
        raise NotImplementedError

    def order_results(self, ctx: Ctx, results: list[Result]) -> list[Result]:
        return results

    def draw_rows(self, ctx: Ctx, tw: TableWriter, item: Item, fs: FlagStyle | None) -> str | None:
        """Draw one result (one table row by default); returns the flag its marking conveys."""
        cells, mark = self.cells(ctx, item, fs)
        tw.row(cells)
        return mark

    def after_panel(self, ctx: Ctx, tw: TableWriter, panel: str, items: list[Item]) -> None:
        pass

    def top(self, ctx: Ctx) -> tuple[Page, float]:
        """The first page and the y where the table starts."""
        return first_page(ctx)

    def writer_options(self, ctx: Ctx) -> dict:
        """More keyword arguments for `writer_type` (colours, spanning titles)."""
        return {}

    # --- the common flow ---
    def writer(self, ctx: Ctx, page: Page, y: float) -> TableWriter:
        cols = layout(self.columns(ctx), ctx.left, ctx.right)
        repeat_patient = ctx.rng.random() < 0.7
        style = {"rules": ctx.rng.choice(self.rules), "pad": ctx.rng.choice([2, 3, 4, 5]),
                 "header_fill": ctx.rng.random() < 0.4, "header_upper": ctx.rng.random() < 0.3,
                 "continued": ctx.rng.choice(ctx.loc.continued) if ctx.rng.random() < 0.6 else None}
        options = self.writer_options(ctx)
        spans = retitle(ctx.case.titles, f"{self.name}:{ctx.case.seed}:{ctx.case.lang}", cols, options.get("spans"))
        if spans is not None:
            options["spans"] = spans
        return self.writer_type(ctx, cols, page, y, on_new_page=lambda p: next_page_top(ctx, p, patient=repeat_patient),
                                **style, **options)

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        page, y = self.top(ctx)
        tw = self.writer(ctx, page, y)
        rstyle, fs = self.range_style(ctx), self.flags(ctx)
        sec_style = ctx.rng.choice(self.section_styles)
        if not self.header_per_section:
            tw.header()
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            self.draw_section(ctx, tw, panel, sec_style)
            if self.header_per_section:
                tw.header()
            items = [self.item(ctx, r, rstyle) for r in self.order_results(ctx, results)]
            for it in items:
                rows.append(it.truth(ctx.case.numbers, self.draw_rows(ctx, tw, it, fs)))
            self.after_panel(ctx, tw, panel, items)
        if self.print_extras:
            self.extras(ctx, tw)
        y = tw.close()
        self.finish(ctx, tw.page, y)
        return rows

    def draw_section(self, ctx: Ctx, tw: TableWriter, panel: str, style: str) -> None:
        """The panel's section title row."""
        tw.section(blocks.section_title(ctx, panel), style=style)

    def extras(self, ctx: Ctx, tw: TableWriter) -> None:
        """Qualitative and censored results, printed in the same columns (never truth rows)."""
        roles = {c.role for c in tw.columns}
        for e in ctx.case.extras:
            cells = {"name": Cell([e.name]), "result": Cell([e.text])}
            if "unit" in roles and e.unit:
                cells["unit"] = Cell([e.unit])
            if "range" in roles and e.ref:
                cells["range"] = Cell([e.ref])
            tw.row(cells)

    def finish(self, ctx: Ctx, page: Page, y: float) -> None:
        """Notes, signature and footers after the table (on a new page when the last one is full)."""
        if y - 120 < ctx.bottom:
            page = ctx.new_page()
            y = next_page_top(ctx, page, patient=False)
        y = blocks.notes(ctx, page, y - 10)
        if ctx.rng.random() < 0.5:
            y = blocks.instrument_line(ctx, page, y)
        blocks.signature(ctx, page, y)
        blocks.footers(ctx, accession=ctx.rng.random() < 0.5)


def standard_cells(ctx: Ctx, item: Item, fs: FlagStyle | None = None, *, value: str | None = None,
                   bold_marked: bool = False) -> tuple[dict[str, Cell], str | None]:
    """Cells for the usual roles (name, result, flag, unit, range) and the flag the marking conveys;
    a family's column plan decides which of them are printed."""
    mark = fs.mark(item.status) if fs else ""
    cells = {"name": Cell([item.name]),
             "result": Cell([value if value is not None else item.value_text], ctx.bold if bold_marked and mark else None),
             "flag": Cell([mark], ctx.bold), "unit": Cell([item.unit or ""]),
             "range": Cell(list(item.rng.lines) if item.rng else [])}
    return cells, (fs.means(item.status) if fs else None)


def col(role: str, title: str, width: float, align: str = "left") -> Column:
    return Column(role, title, width, align)
