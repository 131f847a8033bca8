"""Whole-document conventions around a result table: a doctor's letter, a patient portal printed from a
browser, Crystal-Reports bands, stamps / QR codes / watermarks, urinalysis rows among the blood results,
names printed in two languages."""

from __future__ import annotations

import math
import re
from random import Random

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, RED, Page, text_width
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.placement import letter_flags
from tests.analysis.layoutgen.family import Family, TableFamily, col, next_page_top, register, standard_cells
from tests.analysis.layoutgen.locales import LOCALES
from tests.analysis.layoutgen.names import names_for
from tests.analysis.layoutgen.people import fmt_date
from tests.analysis.layoutgen.phrases import phrase
from tests.analysis.layoutgen.printing import (
    FlagStyle,
    Item,
    TruthRow,
    base_flag,
    choose_range_style,
    flag_style,
    make_item,
)
from tests.analysis.layoutgen.styled import NAVY, PALE_BLUE, PALE_GREEN, SLATE, TEAL, WHITE, StyledWriter
from tests.analysis.layoutgen.table import Cell, Column, TableWriter, layout

_TOKENS = re.compile(r"[\x21-\x7e\u00a0-\u024f\u00b5\u03bc\u00b2\u00b3\u2013\u2264\u2265]+|\s+|.")


def wrap_text(ctx: Ctx, text: str, width: float, font: str, size: float) -> list[str]:
    """Word wrap; Chinese text wraps between characters but never inside a number, unit or Latin word."""
    if ctx.case.lang != "zh":
        return ctx.wrap(text, width, font, size)
    lines = [""]
    for tok in _TOKENS.findall(text):
        trial = lines[-1] + tok
        if lines[-1] and ctx.width(trial, font, size) > width:
            lines.append(tok.lstrip())
        else:
            lines[-1] = trial
    return [line.rstrip() for line in lines if line.strip()]


def paragraph(ctx: Ctx, page: Page, y: float, text: str, *, font: str | None = None, gap: float = 1.35) -> float:
    font = font or ctx.regular
    for line in wrap_text(ctx, text, ctx.right - ctx.left, font, ctx.size):
        y -= ctx.size * gap
        page.text(ctx.left, y, line, font, ctx.size)
    return y


def result_table(ctx: Ctx, page: Page, y: float, columns: list[Column], **kw) -> TableWriter:
    cols = layout(columns, ctx.left, ctx.right)
    return TableWriter(ctx, cols, page, y, rules=ctx.rng.choice(["header", "rows", "grid"]), pad=3,
                       on_new_page=lambda p: next_page_top(ctx, p, patient=True), **kw)


@register
class LetterSummary(Family):
    name = "letter_summary"
    summary = ("a doctor's letter: date and place, 'Re: patient, date of birth', paragraphs that quote several results "
               "with units, intervals and earlier values ('The haemoglobin was 11.2 g/dL (reference 12.0-15.5), below "
               "…; at the previous visit it was 12.4 g/dL'), then the summary table; only the table's rows are truth rows")
    faces = ("serif", "vera", "sans")
    sizes = (9.0, 11.0)
    orders = ("reading", "words", "shuffled")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, h, lang = ctx.rng, ctx.case.header, ctx.case.lang
        letter = phrase(lang, "letter")
        rstyle = choose_range_style(rng, ctx.loc, zero_low=False)
        fs = flag_style(rng.choice(["HL", "word"]), ctx.loc, rng)
        items = [make_item(r, ctx.case, rstyle) for r in ctx.case.results]
        page = ctx.new_page()
        y = blocks.letterhead(ctx, page, ctx.top)
        page.text(ctx.right, y - ctx.size * 1.6, f"{h.lab_city}, {fmt_date(h.reported, lang)}", ctx.regular, ctx.size,
                  align="right")
        y -= ctx.size * 3.2
        for line in (h.doctor, h.lab_street):
            page.text(ctx.left, y, line, ctx.regular, ctx.size)
            y -= ctx.size * 1.3
        y = paragraph(ctx, page, y - ctx.size, letter.regarding.format(patient=h.patient.full(lang), dob=fmt_date(h.dob, lang)),
                      font=ctx.bold)
        y = paragraph(ctx, page, y - ctx.size * 0.6, letter.salutation.format(doctor=h.doctor))
        quoted = self.quoted(rng, items)
        sentences = [letter.intro.format(date=fmt_date(h.collected, lang))]
        for i, it in enumerate(quoted):
            sentences.append(letter.sentence.format(name=it.name, value=it.value_text, unit=it.unit or "",
                                                    range=it.rng.text, status=letter.status[base_flag(it.status)]))
            if i < 2:
                sentences.append(letter.previous.format(prev=ctx.fmt(it.result.previous[0], it.result.decimals),
                                                        unit=it.unit or ""))
        joiner = "" if lang == "zh" else " "
        y = paragraph(ctx, page, y - ctx.size * 0.6, re.sub(r" +", " ", joiner.join(sentences)).replace(" .", "."))
        y = paragraph(ctx, page, y - ctx.size * 0.6, blocks.notes_text(ctx))
        y = paragraph(ctx, page, y - ctx.size * 0.6, letter.closing)
        page.text(ctx.left, y - ctx.size * 3.2, h.validator, ctx.bold, ctx.size)
        page.bezier(ctx.left, y - ctx.size * 2.2, ctx.left + 30, y + 4, ctx.left + 50, y - 30, ctx.left + 110, y - 6)
        y -= ctx.size * 5
        if y - 120 < ctx.bottom:
            page = ctx.new_page()
            y = next_page_top(ctx, page, patient=True)
        page.text(ctx.left, y - ctx.size * 1.4, letter.summary, ctx.bold, ctx.size + 1)
        w = ctx.words
        tw = result_table(ctx, page, y - ctx.size * 2.2, [
            col("name", w["test"], 38), col("result", w["result"], 13, "right"), col("flag", "", 6, "center"),
            col("unit", w["unit"], 14), col("range", w["reference"], 22)])
        tw.header()
        rows = []
        for it in items:
            cells, mark = standard_cells(ctx, it, fs)
            tw.row(cells)
            rows.append(it.truth(ctx.case.numbers, mark))
        for e in ctx.case.extras:
            tw.row({"name": Cell([e.name]), "result": Cell([e.text]), "unit": Cell([e.unit or ""]),
                    "range": Cell([e.ref] if e.ref else [])})
        tw.close()
        blocks.footers(ctx, accession=rng.random() < 0.5)
        return rows

    @staticmethod
    def quoted(rng: Random, items: list[Item]) -> list[Item]:
        """The results a letter writer mentions: the abnormal ones first, then one or two normal ones."""
        abnormal = [it for it in items if it.status != "normal"][:4]
        normal = [it for it in items if it.status == "normal"]
        return abnormal + rng.sample(normal, min(len(normal), rng.choice([1, 2])))


@register
class BrowserPrint(TableFamily):
    name = "browser_print"
    summary = ("patient-portal page printed from a web browser: the browser's date/title line at the top and URL / "
               "'1/3' at the foot, a coloured band with the lab name in white, patient fields as label-over-value "
               "boxes, a table with a dark header row in white type and zebra rows, status badges (High/Low/Normal)")
    writer_type = StyledWriter
    rules = ("zebra",)
    section_styles = ("bold", "underline")
    faces = ("vera", "sans")
    sizes = (8.5, 10.0)
    orders = ("reading", "shuffled", "words")

    def top(self, ctx: Ctx) -> tuple[Page, float]:
        h, lang, rng = ctx.case.header, ctx.case.lang, ctx.rng
        colour = rng.choice([NAVY, TEAL, SLATE])
        ctx.opts.update(colour=colour, domain=rng.choice(["portal.example-lab.com", "results.labnet.example",
                                                          "mychart.example.org"]))
        page = ctx.new_page()
        y = ctx.top
        page.rect(ctx.left, y - 46, ctx.right - ctx.left, 46, stroke=None, fill=colour)
        page.text(ctx.left + 12, y - 22, h.lab_name, ctx.bold, 15, color=WHITE)
        page.text(ctx.left + 12, y - 37, phrase(lang, "portal"), ctx.regular, 9, color=WHITE)
        page.text(ctx.right - 12, y - 37, h.lab_phone, ctx.regular, 9, align="right", color=WHITE)
        y -= 58
        lab = ctx.labels
        fields = [(lab["name"], h.patient.full(lang)), (lab["dob"], fmt_date(h.dob, lang)),
                  (lab["sex"], (ctx.loc.male if h.sex == "M" else ctx.loc.female)[0]), (lab["id"], h.patient_id),
                  (lab["collected"], fmt_date(h.collected, lang, time=True)),
                  (lab["reported"], fmt_date(h.reported, lang, time=True)), (lab["physician"], h.doctor),
                  (lab["accession"], h.accession)]
        bw, bh = (ctx.right - ctx.left - 18) / 4, ctx.size * 3.2
        for i, (label, value) in enumerate(fields):
            r, c = divmod(i, 4)
            x, top = ctx.left + c * (bw + 6), y - r * (bh + 6)
            page.roundrect(x, top - bh, bw, bh, 3, stroke=None, fill=(0.95, 0.95, 0.96))
            page.text(x + 6, top - ctx.size - 2, label, ctx.regular, ctx.size - 1.5, color=GREY)
            size = ctx.size * min(1.0, (bw - 12) / max(ctx.width(value, ctx.bold), 1))
            page.text(x + 6, top - ctx.size * 2.4 - 2, value, ctx.bold, size)
        return page, y - 2 * (bh + 6) - 8

    def writer_options(self, ctx: Ctx) -> dict:
        return {"header_bg": ctx.opts["colour"], "header_fg": WHITE,
                "zebra_fill": ctx.rng.choice([PALE_BLUE, PALE_GREEN, (0.95, 0.95, 0.95)])}

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 36), col("result", w["result"], 12, "right"), col("unit", w["unit"], 13),
                col("range", w["reference"], 20), col("status", w["status"], 13, "center")]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("word", ctx.loc, ctx.rng, with_normal=ctx.rng.random() < 0.5)

    def draw_rows(self, ctx: Ctx, tw: TableWriter, item: Item, fs: FlagStyle | None) -> str | None:
        cells, mark = standard_cells(ctx, item, fs)
        text = fs.mark(item.status)
        cells["status"] = Cell([text], ctx.bold, color=WHITE if item.status != "normal" else (0.1, 0.45, 0.2))
        base = tw.row(cells)
        if text:
            c = next(c for c in tw.columns if c.role == "status")
            w = ctx.width(text, ctx.bold)
            fill = (0.78, 0.16, 0.16) if item.status.endswith("high") else (0.16, 0.32, 0.72) \
                if item.status != "normal" else (0.85, 0.95, 0.87)
            tw.page.roundrect(c.x + c.width / 2 - w / 2 - 5, base - 3, w + 10, ctx.size + 4, 4, stroke=None, fill=fill)
        return mark

    def finish(self, ctx: Ctx, page: Page, y: float) -> None:
        if y - 80 < ctx.bottom:
            page = ctx.new_page()
            y = ctx.top
        blocks.notes(ctx, page, y - 10)
        h, n = ctx.case.header, len(ctx.doc.pages)
        url = f"https://{ctx.opts['domain']}/results/{h.accession}?view=print&lang={ctx.case.lang}"
        stamp = f"{fmt_date(h.reported, ctx.case.lang)}, {h.reported.strftime('%H:%M')}"
        for i, p in enumerate(ctx.doc.pages, 1):
            p.text(ctx.left - 14, p.height - 14, stamp, ctx.regular, 7)
            p.text(p.width / 2, p.height - 14, phrase(ctx.case.lang, "portal"), ctx.regular, 7, align="center")
            p.text(ctx.left - 14, 14, url, ctx.regular, 7)
            p.text(p.width - ctx.left + 14, 14, f"{i}/{n}", ctx.regular, 7, align="right")


@register
class DarkBands(TableFamily):
    name = "dark_bands"
    summary = ("report-writer layout (Crystal Reports style): section titles on dark bands in white type, a dark "
               "header row, pale zebra rows, value and unit in one cell; the flag as 'H 15.2', '15.2 (H)', '15.2↑' "
               "in that cell or as ▲/▼ in a column far to the right")
    writer_type = StyledWriter
    rules = ("zebra", "none")
    faces = ("sans", "vera", "serif")
    orders = ("reading", "columns", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        ctx.opts["qual"] = ctx.rng.choice(["prefix", "paren", "arrow", "far_right"])
        w = ctx.words
        cols = [col("name", w["test"], 38), col("result", w["result"], 22), col("range", w["reference"], 24)]
        if ctx.opts["qual"] == "far_right":
            cols += [col("gap", "", 8), col("flag", w["flag"], 6, "center")]
        return cols

    def writer_options(self, ctx: Ctx) -> dict:
        dark = ctx.rng.choice([NAVY, TEAL, SLATE])
        return {"header_bg": dark, "header_fg": WHITE, "band_bg": ctx.rng.choice([dark, (0.35, 0.35, 0.38)]),
                "band_fg": WHITE, "zebra_fill": ctx.rng.choice([PALE_BLUE, PALE_GREEN])}

    def flags(self, ctx: Ctx) -> FlagStyle:
        q = ctx.opts["qual"]
        if q == "arrow":
            return flag_style("arrows", ctx.loc, ctx.rng)
        if q == "far_right":
            return FlagStyle("▲", "▼", "▲▲", "▼▼")
        return letter_flags(ctx)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        mark, q = fs.mark(item.status), ctx.opts["qual"]
        value = item.value_text
        if mark and q == "prefix":
            value = f"{mark} {value}"
        elif mark and q == "paren":
            value = f"{value} ({mark})"
        elif mark and q == "arrow":
            value = f"{value}{mark}"
        text = f"{value} {item.unit}" if item.unit else value
        cells = {"name": Cell([item.name]), "result": Cell([text], ctx.bold if mark else None),
                 "range": Cell(list(item.rng.lines))}
        if q == "far_right":
            cells["flag"] = Cell([mark], color=RED if item.status.endswith("high") else (0.15, 0.3, 0.7))
        return cells, fs.means(item.status)

    def extras(self, ctx: Ctx, tw: TableWriter) -> None:
        for e in ctx.case.extras:
            tw.row({"name": Cell([e.name]), "result": Cell([f"{e.text} {e.unit or ''}".strip()]),
                    "range": Cell([e.ref] if e.ref else [])})


def qr_block(page: Page, x: float, y: float, seed: str, module: float = 2.0) -> float:
    """A QR-like symbol (three finder squares, seeded modules); returns its size."""
    rng, n = Random(seed), 25
    for r in range(n):
        for c in range(n):
            finder = any(r0 <= r < r0 + 7 and c0 <= c < c0 + 7 for r0, c0 in ((0, 0), (0, n - 7), (n - 7, 0)))
            if finder:
                rr, cc = (r % (n - 7) if r >= n - 7 else r), (c % (n - 7) if c >= n - 7 else c)
                on = rr in (0, 6) or cc in (0, 6) or (2 <= rr <= 4 and 2 <= cc <= 4)
            else:
                on = rng.random() < 0.5
            if on:
                page.rect(x + c * module, y - (r + 1) * module, module, module, stroke=None, fill=(0, 0, 0))
    return n * module


def rotated(page: Page, cx: float, cy: float, text: str, font: str, size: float, angle: float, colour, *,
            under: bool = False) -> None:
    """Text centred on (cx, cy) and turned by `angle` degrees; `under`: written first, below the page's text."""
    w = text_width(text, font, size)
    a = math.radians(angle)
    x = cx - math.cos(a) * w / 2 + math.sin(a) * size / 3
    y = cy - math.sin(a) * w / 2 - math.cos(a) * size / 3
    page.text(x, y, text, font, size, color=colour, angle=angle)
    if under:
        page.runs.insert(0, page.runs.pop())


@register
class StampedWatermark(TableFamily):
    name = "stamped_watermark"
    summary = ("a ruled result table under a light diagonal watermark ('COPY', 'CONFIDENTIAL', the lab's name) in "
               "the text layer, a round rubber stamp with turned text over the signature, a handwritten signature, a "
               "QR code with a verification URL and code; H/L after the value")
    rules = ("grid", "header", "rows")
    orders = ("reading", "shuffled", "words")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 38), col("result", w["result"], 14, "center"), col("unit", w["unit"], 14),
                col("range", w["reference"], 24)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs, value=f"{item.value_text} {fs.mark(item.status)}".rstrip(),
                              bold_marked=True)

    def finish(self, ctx: Ctx, page: Page, y: float) -> None:
        rng, h, lang = ctx.rng, ctx.case.header, ctx.case.lang
        table_end = y
        if y - 190 < ctx.bottom:
            page = ctx.new_page()
            y = table_end = next_page_top(ctx, page, patient=False)
        y = blocks.notes(ctx, page, y - 10)
        sig_y = blocks.signature(ctx, page, y)
        sx = ctx.right - 150
        page.bezier(sx, y - 22, sx + 25, y + 6, sx + 45, y - 34, sx + 95, y - 14, width=1.1, color=(0.1, 0.15, 0.45))
        colour = rng.choice([(0.2, 0.3, 0.75), (0.75, 0.15, 0.2)])
        over_table = rng.random() < 0.4          # stamped over the table's last rows, else over the signature
        cx, cy, angle = ctx.right - (150 if over_table else 70), table_end + 14 if over_table else y - 30, rng.uniform(-18, 18)
        page.circle(cx, cy, 36, width=1.6, stroke=colour)
        page.circle(cx, cy, 31, width=0.6, stroke=colour)
        rotated(page, cx, cy + 12, " ".join(h.lab_name.split()[:2]).upper(), ctx.bold, 6, angle, colour)
        rotated(page, cx, cy, phrase(lang, "stamp"), ctx.bold, 10, angle, colour)
        rotated(page, cx, cy - 12, fmt_date(h.reported, lang), ctx.regular, 7, angle, colour)
        size = qr_block(page, ctx.left, sig_y + 10, h.accession)
        code = f"{h.accession[-4:]}-{rng.randrange(1000, 9999)}"
        page.text(ctx.left + size + 8, sig_y, phrase(lang, "qr"), ctx.regular, ctx.size - 1)
        page.text(ctx.left + size + 8, sig_y - ctx.size - 1, f"https://verify.example-lab.com/r/{h.accession}",
                  ctx.regular, ctx.size - 1, color=(0.1, 0.2, 0.7))
        page.text(ctx.left + size + 8, sig_y - 2 * ctx.size - 2, f"Code: {code}", ctx.bold, ctx.size - 1)
        words = phrase(lang, "watermarks") + [h.lab_name.upper()]
        mark, light = rng.choice(words), (0.86, 0.86, 0.86)
        for p in ctx.doc.pages:
            big = min(60.0, (p.width * 0.9) / max(len(mark), 1) * 1.3)
            rotated(p, p.width / 2, p.height / 2, mark, ctx.bold, big, rng.uniform(30, 55), light,
                    under=rng.random() < 0.7)
        blocks.footers(ctx, accession=rng.random() < 0.5)


@register
class UrinalysisMixed(TableFamily):
    name = "urinalysis_mixed"
    summary = ("blood and urine on one report: a urinalysis section between the blood panels with qualitative "
               "results (Negative, Trace, 1+, Positive, Clear) flagged 'A'/'*' when abnormal and microscopy counts "
               "printed as ranges ('RBC 0-2 /HPF'), none of them truth rows; name | result | flag | unit | range")
    rules = ("none", "header", "rows")
    orders = ("reading", "columns", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        return [col("name", w["test"], 36), col("result", w["result"], 14, "center"), col("flag", "", 6, "center"),
                col("unit", w["unit"], 13), col("range", w["reference"], 22)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "star"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None):
        return standard_cells(ctx, item, fs, bold_marked=True)

    def after_panel(self, ctx: Ctx, tw: TableWriter, panel: str, items: list[Item]) -> None:
        panels = [p for p, _ in ctx.case.panels()]
        if panel != panels[min(1, len(panels) - 1)]:
            return
        lang, rng = ctx.case.lang, ctx.rng
        tw.section(rng.choice(phrase(lang, "urine_title")), style="bold")
        abnormal = phrase(lang, "abnormal")
        for name, choices, ref in phrase(lang, "urine"):
            value = ref if rng.random() < 0.6 and ref in choices else rng.choice(choices)
            tw.row({"name": Cell([name]), "result": Cell([value]), "range": Cell([ref]),
                    "flag": Cell([abnormal if value != ref else ""], ctx.bold)})
        for name, choices, unit, ref in phrase(lang, "urine_micro"):
            value = rng.choice(choices)
            tw.row({"name": Cell([name]), "result": Cell([value]), "unit": Cell([unit or ""]),
                    "range": Cell([ref] if ref else [])})


@register
class BilingualNames(TableFamily):
    name = "bilingual_names"
    summary = ("names in two languages: the report's language on the first line and the English name (Spanish on "
               "English reports) in grey italics under it, bilingual column titles ('Resultado / Result'); the truth "
               "name is the first line")
    rules = ("rows", "header", "grid")
    orders = ("reading", "bottom_up", "words")

    def second(self, ctx: Ctx) -> str:
        return "es" if ctx.case.lang == "en" else "en"

    def columns(self, ctx: Ctx) -> list[Column]:
        other = LOCALES[self.second(ctx)]
        w = ctx.words

        def both(key: str) -> str:
            return f"{w[key]} / {getattr(other, key)[0]}"
        return [col("name", both("test"), 38), col("result", both("result"), 14, "right"), col("flag", "", 5, "center"),
                col("unit", both("unit"), 14), col("range", both("reference"), 24)]

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)

    def draw_rows(self, ctx: Ctx, tw: TableWriter, item: Item, fs: FlagStyle | None) -> str | None:
        cells, mark = standard_cells(ctx, item, fs)
        other = names_for(item.result.key, self.second(ctx), ctx.case.units)[0]
        if other.lower() != item.name.lower():
            cells["name"] = Cell([item.name, ""])
        base = tw.row(cells)
        if other.lower() != item.name.lower():
            c = tw.columns[0]
            tw.page.text(c.x + 3, base - tw.lh, other, ctx.italic, ctx.size - 1, color=GREY)
        return mark
