"""One block per test instead of one table row: result cards with a range bar, labelled field blocks
(Brazilian 'laudo' style and 'Result: / Unit: / Reference range: / Status:' lines), and a point-of-care
analyser's thermal-paper printout."""

from __future__ import annotations

from datetime import timedelta

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, RED, Page
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.placement import letter_flags
from tests.analysis.layoutgen.family import Family, first_page, next_page_top, register
from tests.analysis.layoutgen.people import METHODS, fmt_date
from tests.analysis.layoutgen.phrases import phrase
from tests.analysis.layoutgen.printing import FlagStyle, Item, TruthRow, choose_range_style, flag_style, make_item

GREEN = (0.15, 0.55, 0.25)
BLUE = (0.15, 0.30, 0.70)
STATUS_COLOUR = {"normal": GREEN, "high": RED, "low": BLUE, "critical_high": RED, "critical_low": BLUE}


class Blocks:
    """Blocks of a given height down the page, a new page (and its top) when the next one does not fit."""

    def __init__(self, ctx: Ctx, page: Page, y: float) -> None:
        self.ctx, self.page, self.y = ctx, page, y

    def take(self, height: float) -> float:
        """Room for a block of `height`; returns its top."""
        if self.y - height < self.ctx.bottom:
            self.page = self.ctx.new_page()
            self.y = next_page_top(self.ctx, self.page, patient=self.ctx.rng.random() < 0.6)
        top = self.y
        self.y -= height
        return top


def range_bar(ctx: Ctx, page: Page, x0: float, x1: float, y: float, item: Item) -> None:
    """A horizontal bar with the reference zone shaded, its bounds printed under it, a marker at the value."""
    lo, hi, v = item.rng.low, item.rng.high, ctx.case.numbers.read(item.value_text)
    if lo is not None and hi is not None:
        zone, pos = (0.25, 0.75), 0.25 + 0.5 * (v - lo) / ((hi - lo) or 1.0)
    elif hi is not None:
        zone, pos = (0.0, 0.6), 0.6 * v / (hi or 1.0)
    else:
        zone, pos = (0.4, 1.0), 0.4 * v / (lo or 1.0)
    span = x1 - x0
    page.rect(x0, y - 2, span, 4, stroke=None, fill=(0.86, 0.86, 0.86))
    page.rect(x0 + zone[0] * span, y - 2, (zone[1] - zone[0]) * span, 4, stroke=None, fill=(0.62, 0.82, 0.62))
    small = max(5.0, ctx.size - 2)
    for frac, text in ((zone[0] or None, item.rng.low_text), (zone[1] if zone[1] < 1 else None, item.rng.high_text)):
        if frac is not None and text:
            page.text(x0 + frac * span, y - 4 - small, text, ctx.regular, small, align="center", color=GREY)
    px = x0 + min(max(pos, 0.02), 0.98) * span
    page.circle(px, y, 3.2, stroke=(1, 1, 1), fill=STATUS_COLOUR[item.status], width=0.8)


@register
class MetricCards(Family):
    name = "metric_cards"
    summary = ("patient-friendly result cards, one to three per row: the name in bold, the value in 13-24 pt type with "
               "its unit, a status word (Normal/High/Low) in colour, a range bar with the bounds printed under it and a "
               "marker at the value, then 'Reference: 4.0 - 11.0' or 'Low 4.0  High 11.0'; A5 pages in some")
    page_sizes = ("A4", "Letter", "A5")
    sizes = (7.5, 9.5)
    faces = ("sans", "vera")
    orders = ("reading", "shuffled", "words")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc, lang = ctx.rng, ctx.loc, ctx.case.lang
        a5 = ctx.doc.width < 450
        per_row = rng.choice([1, 2] if a5 else [1, 2, 3, 3])
        big = rng.choice({1: [18, 22, 24], 2: [15, 18, 20], 3: [13, 15, 16]}[per_row])
        fs = flag_style(rng.choice(["word", "WORD"]), loc, rng, with_normal=True)
        rstyle = choose_range_style(rng, loc, zero_low=False)
        low_high = rng.choice(phrase(lang, "low_high")) if rng.random() < 0.4 else None
        accent = rng.random() < 0.5
        page, y = first_page(ctx, barcode=False)
        flow = Blocks(ctx, page, y)
        gap = 8.0
        width = (ctx.right - ctx.left - gap * (per_row - 1)) / per_row
        height = ctx.size * 1.5 + big * 1.35 + ctx.size * 1.8 + ctx.size * 1.5 + 14
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            top = flow.take(ctx.size * 2.4 + height + gap)
            flow.page.text(ctx.left, top - ctx.size * 1.4, blocks.section_title(ctx, panel), ctx.bold, ctx.size + 2)
            flow.y = top - ctx.size * 2.4
            items = [make_item(r, ctx.case, rstyle) for r in results]
            for i in range(0, len(items), per_row):
                top = flow.take(height + gap)
                for j, it in enumerate(items[i:i + per_row]):
                    self.card(ctx, flow.page, ctx.left + j * (width + gap), top, width, height, it, fs, big,
                              low_high, accent)
                    rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
        for e in ctx.case.extras:
            top = flow.take(ctx.size * 4)
            flow.page.rect(ctx.left, top - ctx.size * 3.4, ctx.right - ctx.left, ctx.size * 3.4, width=0.4,
                           stroke=GREY)
            flow.page.text(ctx.left + 6, top - ctx.size * 1.4, e.name, ctx.bold, ctx.size)
            ref = f"   {ctx.words['reference']}: {e.ref}" if e.ref else ""
            flow.page.text(ctx.left + 6, top - ctx.size * 2.8, f"{e.text} {e.unit or ''}".strip() + ref, ctx.regular,
                           ctx.size)
        top = flow.take(90)
        y = blocks.notes(ctx, flow.page, top - 6)
        blocks.signature(ctx, flow.page, y)
        blocks.footers(ctx, accession=rng.random() < 0.5)
        return rows

    def card(self, ctx: Ctx, page: Page, x: float, top: float, w: float, h: float, it: Item, fs: FlagStyle,
             big: float, low_high: tuple[str, str] | None, accent: bool) -> None:
        page.roundrect(x, top - h, w, h, 4, width=0.5, stroke=(0.7, 0.7, 0.7))
        colour = STATUS_COLOUR[it.status]
        if accent:
            page.rect(x, top - h, 3, h, stroke=None, fill=colour)
        pad = 7
        status = fs.mark(it.status)
        sw = ctx.width(status, ctx.bold)
        name_y = top - pad - ctx.size
        name_w = ctx.width(it.name, ctx.bold)
        room = w - 2 * pad - sw - 6
        page.text(x + pad, name_y, it.name, ctx.bold, ctx.size * min(1.0, room / name_w))
        page.text(x + w - pad, name_y, status, ctx.bold, ctx.size, align="right", color=colour)
        val_y = name_y - big * 1.25
        vw = page.text(x + pad, val_y, it.value_text, ctx.bold, big)
        if it.unit:
            page.text(x + pad + vw + 4, val_y, it.unit, ctx.regular, ctx.size)
        bar_y = val_y - ctx.size * 1.1
        range_bar(ctx, page, x + pad, x + w - pad, bar_y, it)
        ref_y = top - h + pad
        if low_high:
            parts = [f"{word} {text}" for word, text in zip(low_high, (it.rng.low_text, it.rng.high_text),
                                                             strict=True) if text]
            ref = "   ".join(parts)
        else:
            ref = f"{ctx.words['reference']}: {it.rng.text}"
        page.text(x + pad, ref_y, ref, ctx.regular, ctx.size - 0.5, color=(0.25, 0.25, 0.25))


def _dots(ctx: Ctx, label: str, width: float) -> str:
    """'Resultado......:' padded with dots to `width`."""
    dot = max(ctx.width("."), 0.5)
    n = max(2, int((width - ctx.width(label)) / dot))
    return label + "." * n + ":"


@register
class LabelledFields(Family):
    name = "labelled_fields"
    summary = ("one block per test under its name: either the 'laudo' form ('Material: Soro  Método: …' then "
               "'Resultado......: 92 mg/dL   Valores de referência: 70 a 99 mg/dL' and a 'Previous results' line with "
               "dates) or labelled lines ('Result: 92' / 'Unit: mg/dL' / 'Reference range: 70 - 99' / 'Status: Normal')")
    rewrites_names = True
    faces = ("sans", "serif", "mono", "vera")
    sizes = (8.0, 10.0)
    orders = ("reading", "words", "shuffled")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng = ctx.rng
        ctx.opts.update(form=rng.choice(["laudo", "fields"]), upper=rng.random() < 0.5,
                        method=rng.random() < 0.7, previous=rng.random() < 0.6, aligned=rng.random() < 0.5,
                        unit_in_range=rng.random() < 0.5, intro=rng.choice(ctx.loc.ref_intro),
                        low_high=rng.choice(phrase(ctx.case.lang, "low_high")) if rng.random() < 0.3 else None)
        rstyle = choose_range_style(rng, ctx.loc, zero_low=False)
        fs = (flag_style("word", ctx.loc, rng, with_normal=True) if ctx.opts["form"] == "fields"
              else letter_flags(ctx) if rng.random() < 0.4 else None)
        page, y = first_page(ctx)
        flow = Blocks(ctx, page, y)
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            top = flow.take(ctx.size * 3)
            title = blocks.section_title(ctx, panel).upper()
            flow.page.text((ctx.left + ctx.right) / 2, top - ctx.size * 1.6, title, ctx.bold, ctx.size + 1, align="center")
            flow.page.line(ctx.left, top - ctx.size * 2.2, ctx.right, top - ctx.size * 2.2, 0.6)
            for r in results:
                it = make_item(r, ctx.case, rstyle, name=r.name.upper() if ctx.opts["upper"] else r.name)
                lines = self.block(ctx, it, fs)
                lh = ctx.size * 1.45
                top = flow.take(lh * (len(lines) + 0.8))
                for k, parts in enumerate(lines):
                    for dx, text, font, colour in parts:
                        size = ctx.size
                        if font == "small":
                            font, size = ctx.italic, ctx.size - 1.5
                        flow.page.text(ctx.left + dx, top - lh * (k + 1), text, font, size, color=colour)
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status) if fs else None))
        for e in ctx.case.extras:
            top = flow.take(ctx.size * 3.2)
            flow.page.text(ctx.left, top - ctx.size * 1.3, e.name.upper() if ctx.opts["upper"] else e.name, ctx.bold, ctx.size)
            ref = f"    {ctx.words['reference']}: {e.ref}" if e.ref else ""
            flow.page.text(ctx.left, top - ctx.size * 2.7, f"{ctx.words['result']}: {e.text} {e.unit or ''}".rstrip() + ref,
                           ctx.regular, ctx.size)
        top = flow.take(100)
        y = blocks.notes(ctx, flow.page, top - 4)
        blocks.signature(ctx, flow.page, y)
        blocks.footers(ctx)
        return rows

    def ref_text(self, ctx: Ctx, it: Item) -> str:
        if ctx.opts["low_high"]:
            parts = [f"{w} {t}" for w, t in zip(ctx.opts["low_high"], (it.rng.low_text, it.rng.high_text), strict=True) if t]
            text = "  ".join(parts)
        else:
            text = it.rng.text
        return f"{text} {it.unit}" if ctx.opts["unit_in_range"] and it.unit else text

    def block(self, ctx: Ctx, it: Item, fs: FlagStyle | None) -> list[list[tuple[float, str, str, object]]]:
        """Lines of (x offset, text, font, colour) parts."""
        w, o = ctx.words, ctx.opts
        span = ctx.right - ctx.left
        lines: list[list[tuple[float, str, str, object]]] = [[(0, it.name, ctx.bold, None)]]
        if o["method"]:
            spec = blocks.specimen(ctx, it.result.marker.panel)
            lines.append([(0, f"{w['sample']}: {spec}", "small", GREY),
                          (span * 0.35, f"{w['method']}: {METHODS[it.result.marker.panel]}", "small", GREY)])
        mark = fs.mark(it.status) if fs else ""
        unit = f" {it.unit}" if it.unit else ""
        if o["form"] == "laudo":
            label = _dots(ctx, w["result"], span * 0.16) if o["aligned"] else w["result"] + ":"
            value = f"{label} {it.value_text}{unit}" + (f"  {mark}" if mark else "")
            lines.append([(12, value, ctx.bold if mark else ctx.regular, None),
                          (span * 0.48, f"{o['intro']} {self.ref_text(ctx, it)}", ctx.regular, None)])
            if o["previous"]:
                h = ctx.case.header
                prev = [f"{ctx.fmt(v, it.result.decimals)}{unit} ({fmt_date(h.collected - timedelta(days=d), ctx.case.lang)})"
                        for v, d in zip(it.result.previous, (63, 187), strict=True)]
                lines.append([(12, f"{ctx.loc.previous[-1]}: " + "   ".join(prev), "small", GREY)])
            return lines
        labels = [(w["result"], it.value_text), (w["unit"], it.unit or "-"), (w["reference"], self.ref_text(ctx, it)),
                  (w["status"], mark)]
        lw = max(ctx.width(lab + ":") for lab, _ in labels) + 8
        for lab, val in labels:
            if o["aligned"]:
                lines.append([(12, lab + ":", ctx.regular, GREY), (12 + lw, val, ctx.regular, None)])
            else:
                lines.append([(12, f"{lab}: {val}", ctx.regular, None)])
        return lines


@register
class ThermalReceipt(Family):
    name = "thermal_receipt"
    summary = ("point-of-care analyser printout on 80 mm thermal paper: one long narrow page, monospaced 6.5-8 pt, "
               "analyser abbreviations as names (GLU, BUN, CRE, ALB), H/L after the value, the interval on the line "
               "or under it, disc lot / serial / QC / 'HEM 0 LIP 0 ICT 1' lines full of numbers")
    rewrites_names = True
    faces = ("mono",)
    sizes = (6.5, 8.0)
    orders = ("reading", "words", "chars")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, h, lab, lang = ctx.rng, ctx.case.header, ctx.labels, ctx.case.lang
        ctx.margin = 10
        rstyle = choose_range_style(rng, ctx.loc, sep="-", upto="<{}", above=">{}", zero_low=False)
        fs = flag_style(rng.choice(["HL", "arrows"]), ctx.loc, rng)
        range_below = rng.random() < 0.5
        step = ctx.size * 1.3
        cw = ctx.width("0")
        cols = int((227 - 2 * ctx.margin) / cw)
        lines: list[tuple[str, bool]] = [(h.lab_name, True), (h.lab_phone, False), ("-" * cols, False),
                                         (f"{lab['id']}: {h.patient_id}", False),
                                         (f"{lab['accession']}: {h.accession}", False),
                                         (f"{lab['sex']}: {h.sex}  {lab['age']}: {h.age}", False),
                                         (f"{fmt_date(h.collected, lang)} {h.collected.strftime('%H:%M:%S')}", False),
                                         (f"Sample type: Li-hep WB   Disc lot {rng.randrange(1000, 9999)}AB{rng.randrange(1, 9)}",
                                          False),
                                         (f"SN: 0000P{rng.randrange(10000, 99999)}  Operator: {rng.randrange(1000, 9999)}",
                                          False), ("-" * cols, False)]
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            lines.append((blocks.section_title(ctx, panel).upper(), True))
            for r in results:
                it = make_item(r, ctx.case, rstyle, name=r.marker.abbr.upper())
                mark = fs.mark(it.status)
                head = f"{it.name:<7}{it.value_text:>8} {mark:<2} {it.unit or '':<9}"
                if range_below or len(head) + len(it.rng.text) + 1 > cols:
                    lines += [(head.rstrip(), False), (" " * 10 + it.rng.text, False)]
                else:
                    lines.append((head + it.rng.text, False))
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
        lines += [("-" * cols, False), (f"QC: OK    HEM {rng.randrange(3)}  LIP {rng.randrange(2)}  ICT {rng.randrange(3)}",
                                        False), (f"RQC: {rng.choice(['OK', 'PASS'])}  CHEM: {rng.choice(['OK', 'PASS'])}", False)]
        for text in ctx.wrap(blocks.notes_text(ctx), cols * cw, ctx.regular):
            lines.append((text, False))
        lines += [(f"{ctx.rng.choice(ctx.loc.signature)}:", False), ("", False), ("_" * 20, False)]
        ctx.doc.size = (227.0, max(420.0, step * (len(lines) + 4) + 2 * ctx.margin))
        page = ctx.new_page()
        y = ctx.doc.height - ctx.margin - ctx.size
        for text, bold in lines:
            if bold:
                page.text(113.5, y, text, ctx.bold, ctx.size, align="center")
            else:
                page.text(ctx.margin, y, text, ctx.regular, ctx.size)
            y -= step
        return rows
