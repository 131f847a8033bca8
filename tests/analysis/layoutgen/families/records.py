"""Lab-software exports that print each result as a record of labelled fields instead of a table row, and
spreadsheet exports printed to PDF (a grid with column letters and row numbers)."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, LIGHT, Page
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.per_test import Blocks
from tests.analysis.layoutgen.family import Family, first_page, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, choose_range_style, flag_style, make_item


@register
class KeyValueRecords(Family):
    name = "key_value_records"
    summary = ("a LIS export that prints every result as a record of labelled fields, the test's name a field too: "
               "'Test: Hemoglobin' / 'Result: 13.2' / 'Units: g/dL' / 'Reference range: 13.5 - 17.5' / 'Flag: L' "
               "(labels in the report's language, flag field blank or 'N' when normal, the flag field before or after "
               "the reference), one field a line ('Label: value' or labels in a column and values aligned) or in a "
               "small two-cell grid per record; records one under another or two side by side, separated by a rule "
               "or blank space; panel titles between groups")
    faces = ("sans", "serif", "mono", "vera")
    sizes = (7.5, 9.5)
    orders = ("reading", "words", "shuffled")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, w = ctx.rng, ctx.words
        per_band = rng.choice([1, 1, 2])
        form = rng.choice(["colon", "aligned", "grid"])
        flag_first = rng.random() < 0.3
        with_normal = rng.random() < 0.4
        fs = flag_style(rng.choice(["HL", "HL", "word", "WORD", "arrows"]), ctx.loc, rng, with_normal=with_normal)
        sep = rng.choice(["rule", "space", "dashes"])
        unit_field = rng.random() < 0.8          # else the unit follows the value in the result field
        rstyle = choose_range_style(rng, ctx.loc, zero_low=False)
        labels = {"name": w["test"], "result": w["result"], "unit": w["unit"], "range": w["reference"],
                  "flag": w["flag"]}
        order = ["name", "result"] + (["unit"] if unit_field else []) + \
            (["flag", "range"] if flag_first else ["range", "flag"])
        page, y = first_page(ctx)
        flow = Blocks(ctx, page, y)
        gap = 14.0
        width = (ctx.right - ctx.left - gap * (per_band - 1)) / per_band
        lh = ctx.size * (1.6 if form == "grid" else 1.4)
        height = lh * len(order) + ctx.size * 1.2
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            top = flow.take(ctx.size * 2.6)
            flow.page.text(ctx.left, top - ctx.size * 1.5, blocks.section_title(ctx, panel), ctx.bold, ctx.size + 1.5)
            items = [make_item(r, ctx.case, rstyle) for r in results]
            for i in range(0, len(items), per_band):
                top = flow.take(height)
                for j, it in enumerate(items[i:i + per_band]):
                    x = ctx.left + j * (width + gap)
                    self.record(ctx, flow.page, x, top, width, lh, it, fs, order, labels, form, unit_field)
                    rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
                rule_y = top - height + ctx.size * 0.5
                if sep == "rule":
                    flow.page.line(ctx.left, rule_y, ctx.right, rule_y, 0.4, color=GREY)
                elif sep == "dashes":
                    flow.page.line(ctx.left, rule_y, ctx.right, rule_y, 0.4, color=GREY, dash=(2, 2))
        top = flow.take(100)
        y = blocks.notes(ctx, flow.page, top - 6)
        blocks.signature(ctx, flow.page, y)
        blocks.footers(ctx, accession=rng.random() < 0.5)
        return rows

    def record(self, ctx: Ctx, page: Page, x: float, top: float, width: float, lh: float, it: Item, fs: FlagStyle,
               order: list[str], labels: dict[str, str], form: str, unit_field: bool) -> None:
        mark = fs.mark(it.status)
        value = it.value_text if unit_field or not it.unit else f"{it.value_text} {it.unit}"
        values = {"name": it.name, "result": value, "unit": it.unit or "", "range": it.rng.text if it.rng else "",
                  "flag": mark}
        lw = max(ctx.width(labels[k] + ":") for k in order) + 10
        if form == "grid":
            lw = min(lw, width * 0.45)
            page.rect(x, top - lh * len(order) - 2, width, lh * len(order), width=0.4, stroke=GREY)
            page.line(x + lw, top - 2, x + lw, top - lh * len(order) - 2, 0.4, color=GREY)
        for k, key in enumerate(order):
            base = top - lh * (k + 1) + (lh - ctx.size) / 2 if form == "grid" else top - lh * (k + 1)
            font = ctx.bold if key == "name" or (key in ("result", "flag") and mark) else ctx.regular
            if form == "grid":
                if k:
                    page.line(x, top - lh * k - 2, x + width, top - lh * k - 2, 0.3, color=LIGHT)
                page.text(x + 3, base, labels[key], ctx.regular, ctx.size, color=GREY)
                page.text(x + lw + 4, base, values[key], font, ctx.size)
            elif form == "aligned":
                page.text(x, base, labels[key] + ":", ctx.regular, ctx.size, color=GREY)
                page.text(x + lw, base, values[key], font, ctx.size)
            else:
                label_w = page.text(x, base, labels[key] + ":", ctx.regular, ctx.size, color=GREY)
                page.text(x + label_w + ctx.width(" "), base, values[key], font, ctx.size)
