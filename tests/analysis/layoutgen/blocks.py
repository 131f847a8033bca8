"""Page furniture every report has, and none of it is a result: letterhead, patient block, notes, footer.

These blocks carry the precision traps: identity and accession numbers, dates and times, ages, phone
numbers, postcodes, licence numbers, barcodes, page numbers, instrument names with model numbers,
narrative sentences quoting values with units, interpretation tables, signatures.
"""

from __future__ import annotations

import re

from tests.analysis.layoutgen.canvas import GREY, LIGHT, Page
from tests.analysis.layoutgen.case import Result
from tests.analysis.layoutgen.catalogue import BY_KEY
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.people import fmt_date


def letterhead(ctx: Ctx, page: Page, y: float, *, compact: bool = False) -> float:
    """The laboratory's name, address, phone and licence; returns the y below it."""
    h = ctx.case.header
    big = ctx.size + (3 if compact else ctx.rng.choice([4, 6, 8]))
    style = ctx.rng.randrange(3)
    if style == 0:  # logo box at the left, text beside it
        page.rect(ctx.left, y - 30, 30, 30, stroke=None, fill=(0.15, 0.35, 0.6))
        page.text(ctx.left + 15, y - 20, "".join(w[0] for w in h.lab_name.split()[:2]).upper(), ctx.bold, 12,
                  align="center", color=(1, 1, 1))
        x = ctx.left + 40
        page.text(x, y - 10, h.lab_name, ctx.bold, big)
        page.text(x, y - 10 - big, f"{h.lab_street}, {h.lab_city}", ctx.regular, ctx.size - 1)
        y -= 10 + big + ctx.size
    elif style == 1:  # centred
        mid = (ctx.left + ctx.right) / 2
        page.text(mid, y - big, h.lab_name, ctx.bold, big, align="center")
        page.text(mid, y - big - ctx.size - 2, f"{h.lab_street} · {h.lab_city}", ctx.regular, ctx.size - 1,
                  align="center")
        y -= big + ctx.size + 2
    else:  # name left, contact block right
        page.text(ctx.left, y - big, h.lab_name.upper(), ctx.bold, big)
        page.text(ctx.right, y - 8, h.lab_street, ctx.regular, ctx.size - 1, align="right")
        page.text(ctx.right, y - 8 - ctx.size, h.lab_city, ctx.regular, ctx.size - 1, align="right")
        y -= big + 2
    if not compact:
        y -= ctx.size + 2
        page.text(ctx.left, y, f"{ctx.labels['phone']}: {h.lab_phone}   {h.licence}", ctx.regular, ctx.size - 1,
                  color=GREY)
    y -= 6
    page.line(ctx.left, y, ctx.right, y, 0.8)
    return y - 4


def patient_fields(ctx: Ctx) -> list[tuple[str, str]]:
    h, lab, lang = ctx.case.header, ctx.labels, ctx.case.lang
    sex = ctx.rng.choice(ctx.loc.male if h.sex == "M" else ctx.loc.female)
    ds = ctx.rng.randrange(3)
    return [
        (lab["name"], h.patient.full(lang).upper() if ctx.rng.random() < 0.4 else h.patient.full(lang)),
        (lab["id"], h.patient_id),
        (lab["dob"], fmt_date(h.dob, lang, ds)),
        (lab["age"], ctx.loc.age_unit.format(h.age)),
        (lab["sex"], sex),
        (lab["collected"], fmt_date(h.collected, lang, ds, time=True)),
        (lab["reported"], fmt_date(h.reported, lang, ds, time=True)),
        (lab["physician"], h.doctor),
        (lab["accession"], h.accession),
        (lab["address"], f"{h.street}, {h.city}"),
        (lab["phone"], h.phone),
    ]


def patient_block(ctx: Ctx, page: Page, y: float, *, cols: int | None = None, boxed: bool | None = None) -> float:
    """Label: value pairs in two or three columns; returns the y below the block."""
    fields = patient_fields(ctx)
    cols = cols or ctx.rng.choice([2, 2, 3])
    boxed = ctx.rng.random() < 0.5 if boxed is None else boxed
    colw = (ctx.right - ctx.left) / cols
    lh = ctx.size + 3
    rows = -(-len(fields) // cols)
    top = y
    y -= lh
    label_w = max(ctx.width(f[0] + ":", ctx.bold, ctx.size - 0.5) for f in fields) + 4
    colon_inline = ctx.rng.random() < 0.5
    for i, (label, value) in enumerate(fields):
        c, r = divmod(i, rows)
        x = ctx.left + 4 + c * colw
        yy = y - r * lh
        if colon_inline:
            _fit(ctx, page, x, yy, f"{label}: {value}", ctx.regular, colw - 8)
        else:
            page.text(x, yy, label, ctx.bold, ctx.size - 0.5)
            off = min(label_w, colw * 0.45)
            _fit(ctx, page, x + off, yy, f": {value}", ctx.regular, colw - off - 8)
    y -= rows * lh
    if boxed:
        page.rect(ctx.left, y + lh - 6, ctx.right - ctx.left, top - y - lh + 8)
    return y - 6


def _fit(ctx: Ctx, page: Page, x: float, y: float, text: str, font: str, width: float) -> None:
    """Text shrunk to fit `width`, as a form field does."""
    size = ctx.size - 0.5
    w = ctx.width(text, font, size)
    page.text(x, y, text, font, size * min(1.0, width / w) if w else size)


def title(ctx: Ctx, page: Page, y: float, text: str | None = None) -> float:
    text = text or ctx.doc.title
    page.text((ctx.left + ctx.right) / 2, y - ctx.size - 4, text, ctx.bold, ctx.size + 3, align="center")
    return y - ctx.size - 14


def barcode(ctx: Ctx, page: Page, x: float, y: float, digits: str) -> None:
    """Bars drawn from the digits, with the digits printed under them (a number that is no result)."""
    pos = x
    for ch in digits * 2:
        w = 0.6 + (ord(ch) % 4) * 0.5
        page.rect(pos, y, w, 22, stroke=None, fill=(0, 0, 0))
        pos += w + 0.9 + (ord(ch) % 3) * 0.4
    page.text((x + pos) / 2, y - 8, digits, ctx.regular, 7, align="center")


def notes(ctx: Ctx, page: Page, y: float, *, width: float | None = None) -> float:
    """A narrative comment quoting values with units (never results); returns the y below it."""
    width = width or (ctx.right - ctx.left)
    for line in ctx.wrap(notes_text(ctx), width, ctx.italic, ctx.size - 1):
        y -= ctx.size + 1
        page.text(ctx.left, y, line, ctx.italic, ctx.size - 1)
    return y - 6


def notes_text(ctx: Ctx) -> str:
    conv = ctx.case.units == "conv"
    glu = f"{ctx.fmt(126, 0)} mg/dL" if conv else f"{ctx.fmt(7.0, 1)} mmol/L"
    ldl = f"{ctx.fmt(55, 0)} mg/dL" if conv else f"{ctx.fmt(1.4, 1)} mmol/L"
    k = f"{ctx.fmt(5.5, 1)} mmol/L"
    h = ctx.case.header
    return ctx.rng.choice(ctx.loc.comments).format(glu=glu, ldl=ldl, k=k, phone=h.lab_phone,
                                                   date=fmt_date(h.collected, ctx.case.lang),
                                                   time=h.collected.strftime("%H:%M"))


def instrument_line(ctx: Ctx, page: Page, y: float) -> float:
    h = ctx.case.header
    page.text(ctx.left, y - ctx.size, f"{ctx.words['method']}: {h.instrument}", ctx.italic, ctx.size - 1, color=GREY)
    return y - ctx.size - 4


def risk_lines(ctx: Ctx, result: Result) -> list[str]:
    """An interpretation table as printed lines ("Desirable < 200"), for markers that have one."""
    bands = BY_KEY[result.key].risk.get(ctx.case.units, [])
    out = []
    for word, band in bands:
        text = band.replace(">=", "≥ ").replace("<", "< ").replace(">", "> ")
        for num in sorted(set(_numbers(band)), key=len, reverse=True):
            text = text.replace(num, ctx.case.numbers.fmt(float(num), len(num.split(".")[1]) if "." in num else 0))
        out.append(f"{ctx.loc.risk_words[word]}: {text}")
    return out


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def signature(ctx: Ctx, page: Page, y: float) -> float:
    h = ctx.case.header
    x = ctx.right - 190
    page.line(x, y - 26, ctx.right, y - 26, 0.4)
    page.text(x, y - 36, f"{ctx.rng.choice(ctx.loc.signature)}: {h.validator}", ctx.regular, ctx.size - 1)
    page.text(x, y - 36 - ctx.size, fmt_date(h.reported, ctx.case.lang, time=True), ctx.regular, ctx.size - 1)
    return y - 44 - ctx.size


def footers(ctx: Ctx, *, accession: bool = True) -> None:
    """Page numbers and the footer line on every page (drawn last: the page count is known then)."""
    n = len(ctx.doc.pages)
    h = ctx.case.header
    page_fmt = ctx.rng.choice(ctx.loc.page)
    printed = fmt_date(h.reported, ctx.case.lang, time=True)
    for i, page in enumerate(ctx.doc.pages, 1):
        y = ctx.margin - 4
        page.line(ctx.left, y + ctx.size + 2, ctx.right, y + ctx.size + 2, 0.3, GREY)
        page.text(ctx.right, y, page_fmt.format(p=i, n=n), ctx.regular, ctx.size - 1, align="right")
        left = f"{h.lab_name} · {h.lab_phone}" if not accession else f"{ctx.labels['accession']}: {h.accession} · {printed}"
        page.text(ctx.left, y, left, ctx.regular, ctx.size - 2, color=GREY)


_SPECIMEN_OF_PANEL = {"cbc": 1, "diff": 1, "inflammation": 1, "coagulation": 2}


def specimen(ctx: Ctx, panel: str) -> str:
    """The specimen a panel is measured in: EDTA blood for counts, citrated plasma for clotting, else serum."""
    return ctx.loc.specimens[_SPECIMEN_OF_PANEL.get(panel, 0)]


def section_title(ctx: Ctx, panel: str) -> str:
    return ctx.rng.choice(ctx.loc.sections[panel])


def shade(page: Page, x: float, y: float, w: float, h: float) -> None:
    page.rect(x, y, w, h, stroke=None, fill=LIGHT)
