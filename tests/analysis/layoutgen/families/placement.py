"""Tables that place a result's parts unusually: in one of two value columns, among earlier results in dated
columns, with the interval split into Low and High columns, or with the unit before the value."""

from __future__ import annotations

from datetime import timedelta

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, Page
from tests.analysis.layoutgen.case import _round
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.people import METHODS, fmt_date
from tests.analysis.layoutgen.phrases import phrase
from tests.analysis.layoutgen.printing import (
    FlagStyle,
    Item,
    RangeStyle,
    base_flag,
    choose_range_style,
    flag_style,
    implied_flag,
    make_item,
)
from tests.analysis.layoutgen.styled import StyledWriter
from tests.analysis.layoutgen.table import Cell, Column, TableWriter


def letter_flags(ctx: Ctx) -> FlagStyle:
    """The one-letter marks of the report's language (H/L, A/B, H/B, ↑/↓), the same letter when critical."""
    high, low = ctx.loc.high[2], ctx.loc.low[2]
    return FlagStyle(high, low, high, low)


def info_boxes(ctx: Ctx) -> tuple[Page, float]:
    """Letterhead, then three boxed blocks side by side: patient, specimen and client information."""
    page = ctx.new_page()
    y = blocks.letterhead(ctx, page, ctx.top)
    h, lab, lang = ctx.case.header, ctx.labels, ctx.case.lang
    sex = (ctx.loc.male if h.sex == "M" else ctx.loc.female)[0]
    boxes = [
        (lab["name"], [h.patient.full(lang).upper(), f"{lab['dob']}: {fmt_date(h.dob, lang)}",
                       f"{lab['age']}: {ctx.loc.age_unit.format(h.age)}   {lab['sex']}: {sex}",
                       f"{lab['id']}: {h.patient_id}", f"{lab['phone']}: {h.phone}"]),
        (lab["accession"], [h.accession, f"{lab['collected']}: {fmt_date(h.collected, lang, time=True)}",
                            f"{lab['reported']}: {fmt_date(h.reported, lang, time=True)}",
                            f"{lab['specimen']}: {ctx.loc.specimens[0]}"]),
        (lab["physician"], [h.doctor, h.lab_street, h.lab_city, h.lab_phone]),
    ]
    width = (ctx.right - ctx.left - 16) / 3
    lh = ctx.size + 2.5
    height = lh * 6 + 6
    for i, (title, lines) in enumerate(boxes):
        x = ctx.left + i * (width + 8)
        page.rect(x, y - height, width, height, width=0.6)
        page.rect(x, y - lh - 3, width, lh + 3, stroke=None, fill=(0.88, 0.88, 0.88))
        page.text(x + 4, y - lh, title, ctx.bold, ctx.size - 0.5)
        for j, line in enumerate(lines):
            size = ctx.size - 0.5
            w = ctx.width(line, ctx.regular, size)
            page.text(x + 4, y - lh * (j + 2) - 2, line, ctx.regular, size * min(1.0, (width - 8) / w))
    return page, y - height - 10


@register
class InOutRangeQuest(TableFamily):
    name = "quest_in_out_range"
    summary = ("US reference-lab report: Test Name | In Range | Out Of Range | Reference Range | Lab, the value in "
               "one of the two value columns with H/L beside it when out, the unit inside the reference cell "
               "('3.8-10.8 Thousand/uL', '> OR = 60 mL/min/1.73m2'), patient/specimen/client boxes on top, a "
               "critical-call note under critical values, the performing site in the footer")
    rules = ("none", "header")
    section_styles = ("bold", "underline")
    orders = ("reading", "words", "columns")
    page_sizes = ("Letter", "Letter", "A4")
    faces = ("sans", "vera")

    def top(self, ctx: Ctx) -> tuple[Page, float]:
        ctx.opts["site"] = ctx.rng.choice(["EN", "Z4M", "SJC", "01"])
        return info_boxes(ctx)

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        inside, outside = ctx.rng.choice(phrase(ctx.case.lang, "in_out"))
        return [col("name", w["test"], 40), col("in", inside, 14, "center"), col("out", outside, 16, "center"),
                col("range", w["reference"], 28), col("lab", "Lab", 6, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        if ctx.case.lang == "en":
            upto, above = ctx.rng.choice(["<{}", "< OR = {}", "<={}"]), ctx.rng.choice([">{}", "> OR = {}", ">={}"])
        else:
            upto, above = ctx.rng.choice(ctx.loc.upto + ["≤ {}"]), ctx.rng.choice(ctx.loc.above + ["≥ {}"])
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice(["-", " - "]), upto=upto, above=above,
                                  zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        return letter_flags(ctx)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status)
        lines = list(item.rng.lines)
        if item.unit:
            lines[-1] = f"{lines[-1]} {item.unit}"
        value = Cell([f"{item.value_text} {mark}" if mark else item.value_text], ctx.bold if mark else None)
        return ({"name": Cell([item.name]), ("out" if mark else "in"): value, "range": Cell(lines),
                 "lab": Cell([ctx.opts["site"]])}, fs.means(item.status))

    def draw_rows(self, ctx: Ctx, tw: TableWriter, item: Item, fs: FlagStyle | None) -> str | None:
        mark = super().draw_rows(ctx, tw, item, fs)
        if item.status.startswith("critical"):   # the call-back note: a time and a date, never a result
            h = ctx.case.header
            note = (f"{ctx.loc.critical[0].upper()}: {h.doctor}, {fmt_date(h.reported, ctx.case.lang)} "
                    f"{(h.collected + timedelta(minutes=95)).strftime('%H:%M')}")
            tw.row({"name": Cell([note], ctx.italic, size=ctx.size - 1)})
        return mark

    def extras(self, ctx: Ctx, tw: TableWriter) -> None:
        for e in ctx.case.extras:
            rng = " ".join(x for x in (e.ref, e.unit) if x)
            tw.row({"name": Cell([e.name]), "in": Cell([e.text]), "range": Cell([rng] if rng else []),
                    "lab": Cell([ctx.opts["site"]])})

    def finish(self, ctx: Ctx, page: Page, y: float) -> None:
        h = ctx.case.header
        site = (f"{ctx.labels['lab'].upper()}: {ctx.opts['site']}  {h.lab_name}, {h.lab_street}, {h.lab_city}  "
                f"{ctx.rng.choice(ctx.loc.signature)}: {h.validator}  {h.licence}")
        for line in ctx.wrap(site, ctx.right - ctx.left, ctx.regular, ctx.size - 1.5):
            y -= ctx.size
            page.text(ctx.left, y, line, ctx.regular, ctx.size - 1.5, color=GREY)
        super().finish(ctx, page, y - 4)


@register
class DatedColumns(TableFamily):
    name = "dated_columns"
    summary = ("cumulative report: today's result and two or three earlier ones in columns headed by request "
               "number, date and time (newest first or newest last, today's column sometimes titled 'Current'), "
               "flags beside every value, '-' where a test was not done, unit and interval at the right; the truth "
               "is today's column")
    writer_type = StyledWriter
    rules = ("header", "none", "grid")
    orders = ("reading", "columns", "shuffled")
    faces = ("mono", "sans", "serif")
    sizes = (7.5, 9.0)

    def draw(self, ctx: Ctx):
        rng, h = ctx.rng, ctx.case.header
        n_prev = rng.choice([2, 2, 3])
        days = sorted(rng.sample(range(14, 400), n_prev))
        when = [h.collected] + [h.collected - timedelta(days=d, minutes=rng.randrange(-90, 90)) for d in days]
        requests = [h.accession] + [h.accession[:2] + rng.choice("ABCDEFGH") + f"{rng.randrange(10**6, 10**7)}"
                                    for _ in days]
        newest_first = rng.random() < 0.5
        order = list(range(n_prev + 1)) if newest_first else list(range(n_prev, -1, -1))
        ctx.opts.update(n_prev=n_prev, when=when, requests=requests, order=order,
                        current_label=rng.random() < 0.5, bold_current=rng.random() < 0.5, date_style=rng.randrange(3))
        return super().draw(ctx)

    def columns(self, ctx: Ctx) -> list[Column]:
        cols = [col("name", ctx.labels["accession"], 30)]
        for k in ctx.opts["order"]:
            cols.append(col(f"v{k}", ctx.opts["requests"][k], 12, "right"))
        return cols + [col("unit", "", 12), col("range", "", 18)]

    def writer_options(self, ctx: Ctx) -> dict:
        lang, w = ctx.case.lang, ctx.words
        when = ctx.opts["when"]
        dates = {f"v{k}": fmt_date(when[k], lang, ctx.opts["date_style"]) for k in range(len(when))}
        times = {f"v{k}": when[k].strftime("%H:%M") for k in range(len(when))}
        dates["name"], times["name"] = ctx.labels["collected"], phrase(lang, "time")
        times["unit"], times["range"] = w["unit"], w["reference"]
        spans = [(phrase(lang, "current"), "v0", "v0")] if ctx.opts["current_label"] else []
        return {"extra_rows": [dates, times], "spans": spans}

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "HL", "star"]), ctx.loc, ctx.rng)

    def _previous(self, ctx: Ctx, item: Item) -> list[float | None]:
        r = item.result
        third = _round(max(r.value * (1 + ctx.rng.gauss(0, 0.09)), 0.0), r.option.decimals)
        values: list[float | None] = [r.previous[0], r.previous[1], third][: ctx.opts["n_prev"]]
        return [None if ctx.rng.random() < 0.08 else v for v in values]

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status)
        cur = ctx.bold if ctx.opts["bold_current"] or mark else None
        cells = {"name": Cell([item.name]), "unit": Cell([item.unit or ""]), "range": Cell(list(item.rng.lines)),
                 "v0": Cell([f"{item.value_text} {mark}".rstrip()], cur)}
        low, high = item.rng.low, item.rng.high
        for k, v in enumerate(self._previous(ctx, item), 1):
            if v is None:
                cells[f"v{k}"] = Cell(["-"])
                continue
            flag = implied_flag(v, low, high)
            prev_mark = fs.mark(flag) if flag in ("low", "high") else ""
            cells[f"v{k}"] = Cell([f"{ctx.fmt(v, item.result.decimals)} {prev_mark}".rstrip()])
        return cells, fs.means(item.status)

    def extras(self, ctx: Ctx, tw: TableWriter) -> None:
        for e in ctx.case.extras:
            tw.row({"name": Cell([e.name]), "v0": Cell([e.text]), "unit": Cell([e.unit or ""]),
                    "range": Cell([e.ref] if e.ref else [])})


@register
class LowHighColumns(TableFamily):
    name = "low_high_columns"
    summary = ("landscape page in 6-7.5 pt type: Code | Test | Result | Unit | Low | High (one 'Reference' title "
               "spanning the two: the interval as two numbers in separate columns, one empty for a one-sided "
               "interval) | Method | Specimen | Validated | Flag, the flag far to the right")
    writer_type = StyledWriter
    page_sizes = ("A4-landscape", "Letter-landscape")
    sizes = (6.0, 7.5)
    rules = ("grid", "header", "zebra")
    orders = ("reading", "columns", "bottom_up", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w, lang = ctx.words, ctx.case.lang
        low, high = ctx.rng.choice(phrase(lang, "low_high"))
        return [col("code", phrase(lang, "code"), 6), col("name", w["test"], 26), col("result", w["result"], 9, "right"),
                col("unit", w["unit"], 10), col("low", low, 7, "right"), col("high", high, 7, "right"),
                col("method", w["method"], 22), col("specimen", w["sample"], 12),
                col("validated", phrase(lang, "validated"), 11), col("flag", w["flag"], 5, "center")]

    def writer_options(self, ctx: Ctx) -> dict:
        return {"spans": [(ctx.words["reference"], "low", "high")]}

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        h, m = ctx.case.header, item.result.marker
        initials = "".join(p[0] for p in h.validator.replace(".", " ").split()[-2:]).upper()
        validated = (h.collected + timedelta(minutes=40 + 7 * len(item.name))).strftime("%H:%M") + f" {initials}"
        cells = {"code": Cell([m.abbr]), "name": Cell([item.name]), "result": Cell([item.value_text]),
                 "unit": Cell([item.unit or ""]), "low": Cell([item.rng.low_text or ""]),
                 "high": Cell([item.rng.high_text or ""]), "method": Cell([METHODS[m.panel]], size=ctx.size - 0.5),
                 "specimen": Cell([blocks.specimen(ctx, m.panel)]), "validated": Cell([validated]),
                 "flag": Cell([fs.mark(item.status)], ctx.bold)}
        return cells, fs.means(item.status)


@register
class UnitBeforeValue(TableFamily):
    name = "unit_before_value"
    summary = ("pathology 'pre' layout: Test | Units | Value | Reference Range, the unit before the value; flags glued "
               "to the value ('0.55+', '0.9--', '5.9H', '7.1*'); differential percentages printed without an interval")
    rules = ("none", "header")
    section_styles = ("bold", "underline")
    faces = ("mono", "mono", "sans")
    orders = ("reading", "words", "bottom_up")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 34), col("unit", w["unit"], 14), col("result", w["result"], 13, "right"),
                col("gap", "", 3), col("range", w["reference"], 22)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, sep=ctx.rng.choice([" - ", "-"]), zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle:
        kind = ctx.rng.choice(["plus", "HL", "star"])
        return flag_style(kind, ctx.loc, ctx.rng)

    def item(self, ctx: Ctx, result, rstyle):
        keys = {r.key for r in ctx.case.results}
        if result.key.endswith("_pct") and result.key.replace("_pct", "_abs") in keys:
            return make_item(result, ctx.case, None)
        return make_item(result, ctx.case, rstyle)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark = fs.mark(item.status) if item.rng else ""
        cells = {"name": Cell([item.name]), "unit": Cell([item.unit or ""]), "result": Cell([item.value_text + mark]),
                 "range": Cell(list(item.rng.lines) if item.rng else [])}
        return cells, (base_flag(item.status) if mark else None)
