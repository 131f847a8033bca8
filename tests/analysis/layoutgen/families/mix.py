"""The combinatorial family: every report draws each layout dimension independently, so the test data covers
the interactions of layout ideas that no single family combines (a header-less zebra table whose units are glued
to the interval and whose flags are glued to the value, in a decimal-comma language with thousands separators).

`dims(case)` gives the drawn dimensions of one report (from a generator of their own, seeded by the case), and
the family renders them; `python -m tests.analysis.layoutgen.buckets` scores many reports and tabulates recall
and precision by each dimension's value. The building blocks are the other families' (table writer, range and
flag styles, header perturbation, page furniture); only their composition is new here.

Combinations a human reader could not read either are not drawn (each constraint says why where it is made).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from random import Random

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY
from tests.analysis.layoutgen.case import Case, NumberStyle
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.footnote_marks import SUPERSCRIPTS
from tests.analysis.layoutgen.families.side import TwoTables
from tests.analysis.layoutgen.families.space_thousands import GROUP_SPACES
from tests.analysis.layoutgen.families.unit_in_name import UNIT_IN_NAME
from tests.analysis.layoutgen.family import TableFamily, col, first_page, next_page_top, register
from tests.analysis.layoutgen.perturb import retitle
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, TruthRow, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column, TableWriter

# Every dimension and the values a report draws from (uniformly unless `_draw` weighs them).
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "layout": ("table", "table", "table", "side"),
    "order": ("result_first", "range_first"),        # which of value and interval comes first
    "unit_at": ("column", "column", "value", "range", "name"),
    "unit_col": ("after_result", "after_range", "end"),  # where a unit column stands
    "flag": ("col_HL", "col_arrows", "col_star", "col_word", "col_plus", "after", "glued", "before", "bold", "none"),
    "flag_col": ("after_result", "before_result", "end"),
    "extra_col": ("none", "none", "code", "method", "prev", "specimen"),
    "header": ("known", "known", "foreign", "none"),
    "repeat_header": ("yes", "yes", "no"),
    "rules": ("none", "header", "rows", "grid", "zebra"),
    "range_sep": ("hyphen", "spaced_hyphen", "en_dash", "spaced_en_dash", "word"),
    "range_wrap": ("none", "none", "paren", "bracket", "bracket_semicolon"),
    "one_sided": ("symbol", "symbol_glued", "le_ge", "word"),
    "decimal": ("locale", "locale", "flipped"),
    "thousands": ("none", "none", "mark", "space"),
    "sections": ("yes", "yes", "no"),
    "names": ("plain", "plain", "upper", "wrapped"),
    "align": ("left", "right", "center"),
    "footnotes": ("none", "none", "superscript", "raised"),
    "comments": ("none", "none", "under_rows", "between_panels"),
    "narrative": ("none", "before", "after"),
    "noise": ("none", "contacts", "ids"),
}


def dims(case: Case) -> dict[str, str]:
    """The dimensions one report draws (a generator of their own: the same case gives the same report)."""
    rng = Random(f"layoutgen-mix-dims:{case.seed}:{case.lang}:{case.units}")
    d = {k: rng.choice(v) for k, v in DIMENSIONS.items()}
    # Two tables side by side on a page print no comments, sections or narrative between rows (there is no room),
    # and mark flags in a column or not at all: a bold-only mark is not drawn by that writer.
    if d["layout"] == "side":
        d |= {"comments": "none", "sections": "no", "names": "plain"}
        if d["flag"] == "bold":
            d["flag"] = "none"
    # Without a header a previous result's column beside the value is only told apart by convention: drawn only
    # under a header (known or foreign words; a foreign one still has a title over each column).
    if d["extra_col"] == "prev" and d["header"] == "none":
        d["extra_col"] = "none"
    # A value's footnote mark glued to a value with a glued flag ('5.2H¹') is unreadable: the footnote is dropped.
    if d["flag"] == "glued" and d["footnotes"] == "superscript":
        d["footnotes"] = "none"
    # A decimal comma with a comma as thousands mark is impossible; 'mark' is the other of point and comma.
    # Thousands grouped by a space beside an interval spaced with hyphens ('1 500 - 4 000') stays readable.
    return d


def number_style(case: Case, d: dict[str, str], rng: Random) -> NumberStyle:
    decimal = case.numbers.decimal
    if d["decimal"] == "flipped":
        decimal = "," if decimal == "." else "."
    thousands = {"none": "", "mark": "." if decimal == "," else ",",
                 "space": rng.choice(GROUP_SPACES[1:])}[d["thousands"]]
    return NumberStyle(decimal, thousands)


@dataclass
class MixWriter(TableWriter):
    repeat_header: bool = True

    def _ensure(self, height: float, *, header: bool = True) -> None:
        super()._ensure(height, header=header and self.repeat_header)


def _range_style(ctx: Ctx, d: dict[str, str], decimal: str) -> RangeStyle:
    loc = ctx.loc
    sep = {"hyphen": "-", "spaced_hyphen": " - ", "en_dash": "–", "spaced_en_dash": " – ",
           "word": ctx.rng.choice(loc.range_words)}[d["range_sep"]]
    wrap = {"none": ("", ""), "paren": ctx.rng.choice([("(", ")"), ("( ", " )")]), "bracket": ("[", "]"),
            "bracket_semicolon": ("[", "]")}[d["range_wrap"]]
    if d["range_wrap"] == "bracket_semicolon":
        sep = ";" if decimal == "," else ctx.rng.choice([";", "; "])
    upto, above = {"symbol": ("< {}", "> {}"), "symbol_glued": ("<{}", ">{}"), "le_ge": ("≤ {}", "≥ {}"),
                   "word": (loc.upto[0], loc.above[-1])}[d["one_sided"]]
    return choose_range_style(ctx.rng, loc, sep=sep, wrap=wrap, upto=upto, above=above)


def _flag_style(ctx: Ctx, d: dict[str, str]) -> FlagStyle:
    kind = d["flag"]
    if kind.startswith("col_"):
        return flag_style(kind[4:], ctx.loc, ctx.rng)
    if kind in ("after", "glued", "before"):
        # A sign glued to a value ('5.2-') reads as a negative or a range: glued marks are letters, stars or arrows.
        return flag_style(ctx.rng.choice(["HL", "star", "arrows"]), ctx.loc, ctx.rng)
    return FlagStyle("", "", "", "")


def _plan(ctx: Ctx, d: dict[str, str]) -> list[Column]:
    """The columns in the drawn order, their titles as the header dimension says."""
    w, a = ctx.words, d["align"]
    core = [col("result", w["result"], 14, a), col("range", w["reference"], 22, a)]
    if d["order"] == "range_first":
        core.reverse()
    if d["unit_at"] == "column":
        unit = col("unit", w["unit"], 13)
        at = {"after_result": [c.role for c in core].index("result") + 1,
              "after_range": [c.role for c in core].index("range") + 1, "end": len(core)}[d["unit_col"]]
        core.insert(at, unit)
    if d["flag"].startswith("col_"):
        flag = col("flag", w["flag"] if d["flag_col"] != "before_result" else "", 7, "center")
        i = [c.role for c in core].index("result")
        core.insert({"after_result": i + 1, "before_result": i, "end": len(core)}[d["flag_col"]], flag)
    name_w = 22 if d["names"] == "wrapped" else 38
    cols = [col("name", w["test"], name_w)] + core
    extra = d["extra_col"]
    if extra == "code":
        cols.insert(0, col("code", "Code", 8))
    elif extra == "method":
        cols.append(col("method", w["method"], 16))
    elif extra == "prev":
        cols.insert([c.role for c in cols].index("result") + 1, col("prev", w["previous"], 12, a))
    elif extra == "specimen":
        cols.insert(1, col("specimen", w["sample"], 11))
    return cols


def _retitle(ctx: Ctx, d: dict[str, str], cols: list[Column]) -> list[Column]:
    retitle(d["header"], f"mix:{ctx.case.seed}:{ctx.case.lang}:{ctx.case.units}", cols)
    return cols


def _code(item: Item) -> str:
    """A catalogue code for the test (stable per marker)."""
    return f"{sum(map(ord, item.result.key)) * 7 % 9000 + 1000}"


def mix_cells(ctx: Ctx, d: dict[str, str], item: Item, fs: FlagStyle, width: float) -> tuple[dict[str, Cell], str | None]:
    """One result's cells as the drawn dimensions print it, and the flag its marking conveys."""
    mark = fs.mark(item.status)
    unit = item.unit or ""
    value = item.value_text
    if d["footnotes"] == "superscript" and ctx.rng.random() < 0.25:
        value += ctx.rng.choice(SUPERSCRIPTS)
    rng_lines = list(item.rng.lines) if item.rng else []
    unit_at = d["unit_at"] if d["unit_at"] != "range" or rng_lines else "value"
    if unit_at == "value" and unit:
        value += unit if unit == "%" else " " + unit
    elif unit_at == "range" and unit:
        rng_lines[-1] += " " + unit
    if d["flag"] == "after" and mark:
        value = f"{value} {mark}"
    elif d["flag"] == "glued" and mark:
        value = f"{value}{mark}" if unit_at != "value" else f"{value} {mark}"
    elif d["flag"] == "before" and mark:
        value = f"{mark} {value}"
    bold = d["flag"] == "bold" and item.status != "normal"
    name = item.name
    if unit_at == "name" and unit:
        name = ctx.opts.setdefault("joiner", ctx.rng.choice(UNIT_IN_NAME)).format(name=name, unit=unit)  # type: ignore[union-attr]
    name_lines = ctx.wrap(name, width) if d["names"] == "wrapped" and " " in name else [name]
    mid = "center" if len(name_lines) > 1 and ctx.opts.setdefault("mid", ctx.rng.random() < 0.5) else "top"
    cells = {"name": Cell(name_lines), "result": Cell([value], ctx.bold if bold or (mark and ctx.rng.random() < 0.3) else None, valign=mid),
             "flag": Cell([mark], ctx.bold, valign=mid), "unit": Cell([unit], valign=mid),
             "range": Cell(rng_lines, valign=mid), "code": Cell([_code(item)]),
             "method": Cell([ctx.rng.choice(["ECLIA", "Photometry", "ISE", "Flow cytometry", "HPLC"])], color=GREY),
             "prev": Cell([ctx.case.numbers.fmt(item.result.previous[0], item.result.decimals)], color=GREY, valign=mid),
             "specimen": Cell([blocks.specimen(ctx, item.result.marker.panel)])}
    flag = "low" if item.status.endswith("low") else "high" if item.status != "normal" else None
    if d["flag"] == "bold":
        return cells, flag
    return cells, fs.means(item.status)


@register
class Mix(TableFamily):
    name = "mix"
    summary = ("combinatorial: column order, optional columns (code, method, previous, specimen), header known/foreign/"
               "absent, rules, range formats, unit placement, flag styles, number styles, sections, repeated headers, "
               "wrapped names, two tables side by side, footnote marks, comments, narrative and page noise, each drawn "
               "independently per report (families/mix.py DIMENSIONS)")
    rewrites_names = True
    rewrites_units = True
    orders = ("reading", "reading", "words", "shuffled", "columns")
    writer_type = MixWriter

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        d = ctx.opts["dims"] = dims(ctx.case)
        ctx.case = replace(ctx.case, numbers=number_style(ctx.case, d, ctx.rng))
        if d["layout"] == "side":
            return MixSide(d).draw(ctx)
        return super().draw(ctx)

    def columns(self, ctx: Ctx) -> list[Column]:
        d = ctx.opts["dims"]
        return _retitle(ctx, d, _plan(ctx, d))  # type: ignore[arg-type]

    def writer(self, ctx: Ctx, page, y):
        tw = super().writer(ctx, page, y)
        d: dict[str, str] = ctx.opts["dims"]  # type: ignore[assignment]
        tw.rules = d["rules"]
        tw.repeat_header = d["repeat_header"] == "yes"  # type: ignore[attr-defined]
        if d["header"] == "none":   # no header row at all (retitle left an empty band)
            tw.header = lambda: None  # type: ignore[method-assign]
        return tw

    def top(self, ctx: Ctx):
        page, y = super().top(ctx)
        d: dict[str, str] = ctx.opts["dims"]  # type: ignore[assignment]
        y = noise(ctx, page, y, d["noise"])
        if d["narrative"] == "before":
            y = blocks.notes(ctx, page, y)
        return page, y

    def item(self, ctx: Ctx, result, rstyle: RangeStyle | None) -> Item:
        upper = ctx.opts["dims"]["names"] == "upper"  # type: ignore[index]
        return make_item(result, ctx.case, rstyle, name=result.name.upper() if upper else None)

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return _range_style(ctx, ctx.opts["dims"], ctx.case.numbers.decimal)  # type: ignore[arg-type]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return _flag_style(ctx, ctx.opts["dims"])  # type: ignore[arg-type]

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        d: dict[str, str] = ctx.opts["dims"]  # type: ignore[assignment]
        width = (ctx.right - ctx.left) * 0.2
        return mix_cells(ctx, d, item, fs or FlagStyle("", "", "", ""), width)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        d: dict[str, str] = ctx.opts["dims"]  # type: ignore[assignment]
        name_col = next(c for c in tw.columns if c.role == "name")
        cells, mark = mix_cells(ctx, d, item, fs or FlagStyle("", "", "", ""), name_col.width - 6)
        base = tw.row(cells)
        if d["footnotes"] == "raised" and ctx.rng.random() < 0.25:
            c = next(c for c in tw.columns if c.role == "result")
            text = cells["result"].lines[0]
            x = {"left": c.x + 3 + ctx.width(text), "right": c.x + c.width - 3,
                 "center": c.x + (c.width + ctx.width(text)) / 2}[c.align] + 0.6
            tw.page.text(x, base + ctx.size * 0.38, ctx.rng.choice("123abc"), ctx.regular, ctx.size * 0.6)
        if d["comments"] == "under_rows" and ctx.rng.random() < 0.15:
            lines = ctx.wrap(blocks.notes_text(ctx), tw.right - tw.left - 12, ctx.italic, ctx.size - 1)
            top = tw.space(len(lines) * (ctx.size + 1) + 4)
            for i, line in enumerate(lines):
                tw.page.text(tw.left + 6, top - (i + 1) * (ctx.size + 1), line, ctx.italic, ctx.size - 1)
        return mark

    def after_panel(self, ctx: Ctx, tw, panel: str, items: list[Item]) -> None:
        d: dict[str, str] = ctx.opts["dims"]  # type: ignore[assignment]
        if d["comments"] == "between_panels" and ctx.rng.random() < 0.6:
            lines = ctx.wrap(blocks.notes_text(ctx), tw.right - tw.left - 8, ctx.regular, ctx.size - 0.5)
            top = tw.space(len(lines) * (ctx.size + 2) + 4)
            for i, line in enumerate(lines):
                tw.page.text(tw.left + 4, top - (i + 1) * (ctx.size + 2), line, ctx.regular, ctx.size - 0.5)

    def draw_section(self, ctx: Ctx, tw: TableWriter, panel: str, style: str) -> None:
        if ctx.opts["dims"]["sections"] == "yes":  # type: ignore[index]
            super().draw_section(ctx, tw, panel, style)

    def finish(self, ctx: Ctx, page, y: float) -> None:
        d: dict[str, str] = ctx.opts["dims"]  # type: ignore[assignment]
        if d["narrative"] != "after":
            if y - 60 >= ctx.bottom:
                blocks.signature(ctx, page, y)
            blocks.footers(ctx, accession=ctx.rng.random() < 0.5)
            return
        super().finish(ctx, page, y)


def noise(ctx: Ctx, page, y: float, kind: str) -> float:
    """Header noise under the patient block: contacts (phone, fax, e-mail) or identifiers and dates."""
    h = ctx.case.header
    if kind == "contacts":
        text = f"Tel. {h.lab_phone}   Fax {h.lab_phone[:-2]}99   lab@{h.lab_name.split()[0].lower()}.example"
    elif kind == "ids":
        text = f"{ctx.labels['accession']}: {h.accession}   {ctx.labels['id']}: {h.patient_id}   {h.licence}"
    else:
        return y
    page.text(ctx.left, y - ctx.size, text, ctx.regular, ctx.size - 1, color=GREY)
    return y - ctx.size - 6


class MixSide(TwoTables):
    """The two-tables-per-page flow of families/side.py with the mix's columns and cells."""

    def __init__(self, d: dict[str, str]) -> None:
        self.d = d

    def plan(self, ctx: Ctx) -> list[Column]:
        d = self.d | {"extra_col": "none" if self.d["extra_col"] in ("method", "specimen") else self.d["extra_col"]}
        return _retitle(ctx, d, _plan(ctx, d))

    def top(self, ctx: Ctx, page) -> float:
        if len(ctx.doc.pages) == 1:
            return noise(ctx, page, first_page(ctx, page=page)[1], self.d["noise"])
        return next_page_top(ctx, page)

    def styles(self, ctx: Ctx) -> tuple[RangeStyle, FlagStyle]:
        return _range_style(ctx, self.d, ctx.case.numbers.decimal), _flag_style(ctx, self.d)

    def cells(self, ctx: Ctx, it, fs: FlagStyle, number: int) -> dict[str, Cell]:
        return mix_cells(ctx, self.d, it, fs, 60)[0]

    def bottom_block(self, ctx: Ctx, page, y: float) -> None:
        if self.d["narrative"] != "none":
            blocks.notes(ctx, page, y - 4, width=ctx.right - ctx.left)

