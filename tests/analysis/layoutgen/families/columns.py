"""Result tables that differ in column order, rules and how they mark a result out of range."""

from __future__ import annotations

from dataclasses import replace

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import RED
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, next_page_top, register, standard_cells
from tests.analysis.layoutgen.names import names_for
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, base_flag, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column


def _align(ctx: Ctx) -> str:
    return ctx.rng.choice(["left", "center", "right"])


@register
class GridRuled(TableFamily):
    name = "grid_ruled"
    summary = "fully ruled grid, name | result | unit | range; H/L (HH/LL critical) after the value in its cell"
    rules = ("grid",)
    section_styles = ("bold", "band")
    orders = ("reading", "shuffled", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        a = _align(ctx)
        return [col("name", w["test"], 40), col("result", w["result"], 15, a), col("unit", w["unit"], 14, a),
                col("range", w["reference"], 22, a)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs, value=f"{item.value_text} {fs.mark(item.status)}".rstrip(), bold_marked=True)


@register
class FlagColumnUS(TableFamily):
    name = "flag_column_us"
    summary = ("US reference-lab style: Test | Result | Flag | Units | Reference Interval | Lab, borderless, "
               "flag words High/Low (Critical), a performing-lab code column")
    rules = ("none", "header")
    section_styles = ("bold", "underline")
    orders = ("reading", "words", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 38), col("result", w["result"], 12, "right"), col("flag", w["flag"], 13, "center"),
                col("unit", w["unit"], 13), col("range", w["reference"], 20), col("lab", "Lab", 5, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice(["-", " - "]))

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["word", "WORD"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        cells, mark = standard_cells(ctx, item, fs, bold_marked=True)
        return cells | {"lab": Cell(["01"])}, mark


@register
class FlagFirst(TableFamily):
    name = "flag_first"
    summary = "name | flag | result | unit | range: the flag column (arrows or H/L) before the value"
    rules = ("none", "rows", "zebra")
    orders = ("reading", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 38), col("flag", "", 6, "center"), col("result", w["result"], 13, "right"),
                col("unit", w["unit"], 14), col("range", w["reference"], 22)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["arrows", "HL", "star"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)


@register
class RangeBeforeUnit(TableFamily):
    name = "range_before_unit"
    summary = ("Examination | Result | Reference Value | Unit in a ruled grid, centred columns, '*' after an "
               "abnormal value (Indonesian clinic style)")
    rules = ("grid",)
    section_styles = ("bold",)
    orders = ("reading", "columns", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 34, "left"), col("result", w["result"], 20, "center"),
                col("range", w["reference"], 22, "center"), col("unit", w["unit"], 12, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=" - ", above="> {}", upto="< {}",
                                  zero_low=ctx.rng.random() < 0.5)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("star", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs, value=f"{item.value_text}  {fs.mark(item.status)}".rstrip())


@register
class RangeFirst(TableFamily):
    name = "range_first"
    summary = "name | reference range | result | unit: the interval printed before the value; H/L after the value"
    rules = ("header", "none", "rows")
    orders = ("reading", "bottom_up")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 36), col("range", w["reference"], 22, "center"),
                col("result", w["result"], 16, "right"), col("unit", w["unit"], 14, "left")]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs, value=f"{item.value_text} {fs.mark(item.status)}".rstrip())



@register
class SectionsRepeatedHeader(TableFamily):
    name = "sections_repeated_header"
    summary = ("one table per section, each with its own header row (Test | Result | Unit | Range | Status); "
               "status words Normal/High/Low in the report's language")
    header_per_section = True
    rules = ("header", "grid", "rows")
    section_styles = ("big", "band")
    orders = ("reading", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 34), col("result", w["result"], 13, "center"), col("unit", w["unit"], 14),
                col("range", w["reference"], 22), col("status", w["status"], 13, "center")]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["word", "WORD"]), ctx.loc, ctx.rng, with_normal=True)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status)
        color = RED if item.status != "normal" and ctx.rng.random() < 0.5 else None
        return ({"name": Cell([item.name]), "result": Cell([item.value_text]), "unit": Cell([item.unit or ""]),
                 "range": Cell(list(item.rng.lines)), "status": Cell([mark], ctx.bold, color)}, fs.means(item.status))


@register
class ContinuedPages(TableFamily):
    name = "continued_pages"
    summary = ("a long table continued over pages: roomy rows, '(continued)' at the foot or right under the page's "
               "last row, the patient header and "
               "the column header repeated on every page, 'Page 1 of 3'")
    rules = ("rows", "zebra", "header")
    sizes = (9.5, 11.0)
    orders = ("reading", "words")

    def writer(self, ctx: Ctx, page, y):
        tw = super().writer(ctx, page, y)
        tw.line_gap, tw.pad = 1.5, ctx.rng.choice([5, 6, 7])
        tw.continued = ctx.rng.choice(ctx.loc.continued)
        tw.continued_under = ctx.rng.random() < 0.5  # right under the last row, in the range column
        tw.on_new_page = lambda p: self.top_again(ctx, p)
        return tw

    def top_again(self, ctx: Ctx, page) -> float:
        y = next_page_top(ctx, page, patient=True)
        page.text(ctx.left, y - ctx.size, f"{ctx.doc.title} {ctx.loc.continued[0]}", ctx.bold, ctx.size)
        return y - ctx.size - 8

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 36), col("result", w["result"], 14, "right"), col("flag", "", 5, "center"),
                col("unit", w["unit"], 14), col("range", w["reference"], 22)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)


def _longest_name(result, lang: str, units: str) -> str:
    return max(names_for(result.key, lang, units), key=len)


@register
class WrappedNames(TableFamily):
    name = "wrapped_names"
    summary = ("a narrow name column: long names wrap onto two or three lines and the value, unit and range "
               "sit vertically centred between them")
    rewrites_names = True
    rules = ("rows", "grid", "none")
    orders = ("reading", "columns", "bottom_up")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 22), col("result", w["result"], 14, "right"), col("unit", w["unit"], 16, "center"),
                col("range", w["reference"], 22, "center"), col("flag", w["flag"], 8, "center")]

    def item(self, ctx: Ctx, result, rstyle):
        return make_item(result, ctx.case, rstyle, name=_longest_name(result, ctx.case.lang, ctx.case.units))

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        width = (ctx.right - ctx.left) * 22 / 82 - 6
        lines = ctx.wrap(item.name, width) if " " in item.name else [item.name]
        mark = fs.mark(item.status)
        mid = "center"
        return ({"name": Cell(lines), "result": Cell([item.value_text], valign=mid),
                 "unit": Cell([item.unit or ""], valign=mid), "range": Cell(list(item.rng.lines), valign=mid),
                 "flag": Cell([mark], ctx.bold, valign=mid)}, fs.means(item.status))


@register
class SexRanges(TableFamily):
    name = "sex_ranges"
    summary = ("both sexes' intervals printed ('M: 13.5-17.5 F: 12.0-15.5', on one line or two) and the sex in "
               "the patient header; flag column H/L")
    rules = ("header", "grid", "rows")
    orders = ("reading", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 32), col("result", w["result"], 12, "right"), col("flag", w["flag"], 7, "center"),
                col("unit", w["unit"], 13), col("range", w["reference"], 30)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, both_sexes=ctx.rng.choice(ctx.loc.sex_ranges), zero_low=False)

    def item(self, ctx: Ctx, result, rstyle):
        two = ctx.opts.setdefault("two_lines", ctx.rng.random() < 0.5)
        return make_item(result, ctx.case, rstyle, two_lines=bool(two))

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs)


@register
class ParenRangeStar(TableFamily):
    name = "paren_range_star"
    summary = "'Haemoglobin  * 17.2  g/dL  ( 13.0 - 18.0 )': ranges in parentheses, '*' before an abnormal value"
    rules = ("none", "header")
    section_styles = ("underline", "bold")
    orders = ("reading", "words", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 38), col("result", w["result"], 14, "right"), col("unit", w["unit"], 14),
                col("range", w["reference"], 24)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, wrap=ctx.rng.choice([("( ", " )"), ("(", ")")]))

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("star", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs, value=f"{fs.mark(item.status)} {item.value_text}".lstrip())


@register
class BracketRanges(TableFamily):
    name = "bracket_ranges"
    summary = "bordered table with ranges in square brackets '[3.0-22.0]', no flags (the interval implies them)"
    rules = ("grid",)
    section_styles = ("band", "bold")
    orders = ("reading", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 36), col("result", w["result"], 14, "center"), col("unit", w["unit"], 14, "center"),
                col("range", w["reference"], 22, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, wrap=("[", "]"), sep=ctx.rng.choice(["-", " - "]))

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item)


@register
class GluedUnits(TableFamily):
    name = "glued_units"
    summary = ("no unit column: the unit glued to the value ('56.3%', '7.2 x10^3/uL') or to the range "
               "('4.5-11.0x10^3/uL'); H/L after the value")
    rules = ("none", "header", "rows")
    orders = ("reading", "words", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["glue_to_range"] = ctx.rng.random() < 0.5
        return [col("name", w["test"], 40), col("result", w["result"], 20, "left"), col("range", w["reference"], 30)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice(["-", " - "]), zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        unit = item.unit or ""
        mark = fs.mark(item.status)
        if ctx.opts["glue_to_range"]:   # a unit that starts with a digit ('10^9/L') keeps its space
            value, rng = item.value_text, [item.rng.text + (" " + unit if unit[:1].isdigit() else unit)]
        else:
            value = item.value_text + (unit if unit == "%" or not unit else " " + unit)
            rng = [item.rng.text]
        return ({"name": Cell([item.name]), "result": Cell([f"{value} {mark}" if mark else value]),
                 "range": Cell(rng)}, fs.means(item.status))


@register
class RedOnly(TableFamily):
    name = "red_only"
    summary = "out-of-range values drawn in red and nothing else marks them; centred columns, 'Up to 200' intervals"
    rules = ("header", "none", "rows")
    page_sizes = ("Letter",)
    orders = ("reading", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 34), col("result", w["result"], 14, "center"), col("unit", w["unit"], 14, "center"),
                col("range", w["reference"], 22, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, upto=ctx.loc.upto[0], zero_low=False)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        red = RED if item.status != "normal" else None
        return ({"name": Cell([item.name]), "result": Cell([item.value_text], color=red), "unit": Cell([item.unit or ""]),
                 "range": Cell(list(item.rng.lines))}, base_flag(item.status) if red else None)


@register
class ThousandsDecimalComma(TableFamily):
    name = "thousands_separators"
    summary = ("thousands separators everywhere they fit ('1.234,5' with a decimal comma, '1,234.5' with a point); "
               "flags +/- (++/-- critical) in their own column (German laboratory style)")
    rules = ("none", "header")
    orders = ("reading", "columns")

    def draw(self, ctx: Ctx):
        numbers = ctx.case.numbers
        ctx.case = replace(ctx.case, numbers=replace(numbers, thousands="." if numbers.decimal == "," else ","))
        return super().draw(ctx)

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 36), col("result", w["result"], 14, "right"), col("flag", "", 5, "center"),
                col("unit", w["unit"], 14), col("range", w["reference"], 24)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("plus", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs, bold_marked=True)


@register
class RiskBandsBold(TableFamily):
    name = "risk_bands_bold"
    summary = ("reference texts with risk bands for lipids, glucose and HbA1c ('Deseable: < 200 / Límite: 200-239 / "
               "Alto: > 240', no interval), plain intervals elsewhere; out-of-range values only in bold")
    rules = ("none", "rows")
    section_styles = ("band", "underline")
    orders = ("reading", "words")
    rewrites_names = True

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["upper"] = ctx.rng.random() < 0.5
        return [col("name", w["test"], 32), col("result", w["result"], 14, "right"), col("unit", w["unit"], 14),
                col("range", w["reference"], 30)]

    def item(self, ctx: Ctx, result, rstyle):
        name = result.name.upper() if ctx.opts["upper"] else result.name
        risk = blocks.risk_lines(ctx, result)
        return make_item(result, ctx.case, None if risk else rstyle, name=name)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        if item.rng is None:  # a risk table instead of an interval: never emphasised, no flag
            lines = blocks.risk_lines(ctx, item.result)
            return ({"name": Cell([item.name]), "result": Cell([item.value_text]), "unit": Cell([item.unit or ""]),
                     "range": Cell(lines, size=ctx.size - 1)}, None)
        bold = item.status != "normal"
        return ({"name": Cell([item.name]), "result": Cell([item.value_text], ctx.bold if bold else None),
                 "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines))},
                base_flag(item.status) if bold else None)


@register
class DualValueDifferential(TableFamily):
    name = "dual_value_differential"
    summary = ("the white-cell differential with the percentage and the absolute count on one row "
               "('Polynucléaires neutrophiles 58,2 % 3,95 G/L (1,80 à 7,50)'), the interval for the count only")
    rules = ("none", "header")
    orders = ("reading", "columns")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 36), col("result", w["result"], 12, "right"), col("unit", "", 9),
                col("result2", "", 12, "right"), col("unit2", "", 12), col("range", w["reference"], 22)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, wrap=ctx.rng.choice([("(", ")"), ("", "")]), zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["star", "HL", "arrows"]), ctx.loc, ctx.rng)

    rewrites_names = True
    reorders = True

    def order_results(self, ctx: Ctx, results: list) -> list:
        """Each percentage followed by its absolute count (they share a row)."""
        keys = {r.key for r in results}
        out = []
        for r in results:
            if r.key.endswith("_abs") and r.key.replace("_abs", "_pct") in keys:
                continue
            out.append(r)
            partner = r.key.replace("_pct", "_abs")
            if r.key.endswith("_pct") and partner in keys:
                out.append(next(x for x in results if x.key == partner))
        return out

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        if item.rng is None and item.result.key.endswith("_pct"):   # held for its count's row
            ctx.opts["pending"] = item
            return None
        pending = ctx.opts.pop("pending", None)
        mark = fs.mark(item.status)
        value = f"{item.value_text} {mark}".rstrip()
        if pending is not None:
            cells = {"name": Cell([pending.name]), "result": Cell([pending.value_text]), "unit": Cell([pending.unit or ""]),
                     "result2": Cell([value]), "unit2": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines))}
        else:
            cells = {"name": Cell([item.name]), "result": Cell([value]), "unit": Cell([item.unit or ""]),
                     "range": Cell(list(item.rng.lines))}
        tw.row(cells)
        return fs.means(item.status)

    def item(self, ctx: Ctx, result, rstyle):
        key = result.key
        keys = {r.key for r in ctx.case.results}
        if key.endswith("_pct") and key.replace("_pct", "_abs") in keys:
            # the percentage: no interval printed; one name (the cell type) for both values
            return make_item(result, ctx.case, None, name=result.name.removesuffix(" %"))
        if key.endswith("_abs") and key.replace("_abs", "_pct") in keys:
            pct = next(r for r in ctx.case.results if r.key == key.replace("_abs", "_pct"))
            return make_item(result, ctx.case, rstyle, name=pct.name.removesuffix(" %"))
        return make_item(result, ctx.case, rstyle)
