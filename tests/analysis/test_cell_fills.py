"""A warm cell fill behind a value (a spreadsheet's conditional format) is a flag cue; zebra bands and header fills are not."""

from __future__ import annotations

import io

from shared.analysis import parse_pdf

ROWS = [["Haemoglobin", "14.1", "g/dL", "13.0 - 17.0"], ["Fasting Glucose", "98", "mg/dL", "70 - 100"],
        ["Total Cholesterol", "180", "mg/dL", "120 - 200"], ["Triglycerides", "140", "mg/dL", "50 - 150"],
        ["Creatinine", "0.9", "mg/dL", "0.7 - 1.3"], ["Sodium", "139", "mmol/L", "135 - 145"]]
XS = [50, 230, 300, 390]


def _sheet(fill_values: dict[int, tuple[float, float, float]], *, band: tuple[float, float, float] | None = None,
           band_per_cell: bool = False, header_fill: tuple[float, float, float] | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("Helvetica-Bold", 13)
    c.drawString(50, 800, "Blood test results")
    top, step = 760, 18
    if header_fill:
        c.setFillColorRGB(*header_fill)
        c.rect(45, top + 4 - 5, 460, step, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 10)
    for x, h in zip(XS, ["Test", "Result", "Unit", "Reference range"], strict=True):
        c.drawString(x, top, h)
    for i, row in enumerate(ROWS):
        y = top - (i + 1) * step
        if band and i % 2 == 1:
            c.setFillColorRGB(*band)
            if band_per_cell:  # one rectangle per cell, as a spreadsheet may print a banded row
                for x0, x1 in zip([45, 225, 295, 385], [225, 295, 385, 505], strict=True):
                    c.rect(x0, y - 5, x1 - x0, step, stroke=0, fill=1)
            else:
                c.rect(45, y - 5, 460, step, stroke=0, fill=1)
        if i in fill_values:
            c.setFillColorRGB(*fill_values[i])
            c.rect(225, y - 5, 70, step, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        for x, cell in zip(XS, row, strict=True):
            c.drawString(x, y, cell)
    c.showPage()
    c.save()
    return buf.getvalue()


LIGHT_RED = (1.0, 0xC7 / 255, 0xCE / 255)  # Excel's 'light red fill' preset
YELLOW = (1.0, 0xEB / 255, 0x9C / 255)
LIGHT_BLUE = (0xDC / 255, 0xE6 / 255, 0xF1 / 255)


def _flags(pdf: bytes) -> list[tuple[str, str | None, str | None]]:
    return [(b.name, b.flag, b.printed_flag) for b in parse_pdf(pdf).biomarkers]


def test_a_warm_fill_behind_a_value_flags_it_by_its_nearest_limit() -> None:
    got = _flags(_sheet({1: LIGHT_RED, 3: YELLOW}))
    assert [g[0] for g in got] == [r[0] for r in ROWS]
    # 98 and 140 are inside the printed intervals: only the fill says they are out, on the side of the nearer limit.
    assert [(f, p) for _, f, p in got] == [("normal", None), ("high", "emphasis"), ("normal", None),
                                           ("high", "emphasis"), ("normal", None), ("normal", None)]


def test_the_same_table_without_fills_has_no_flags() -> None:
    assert [(f, p) for _, f, p in _flags(_sheet({}))] == [("normal", None)] * len(ROWS)


def test_zebra_bands_and_a_header_fill_are_no_flags() -> None:
    for band, per_cell in ((LIGHT_BLUE, False), (YELLOW, False), (YELLOW, True), (LIGHT_RED, True)):
        got = _flags(_sheet({}, band=band, band_per_cell=per_cell, header_fill=LIGHT_RED))
        assert [(f, p) for _, f, p in got] == [("normal", None)] * len(ROWS), (band, per_cell)


def test_a_cool_fill_behind_a_value_is_no_flag() -> None:
    green = (0xC6 / 255, 0xEF / 255, 0xCE / 255)  # Excel's 'good' preset
    assert [(f, p) for _, f, p in _flags(_sheet({1: green, 3: LIGHT_BLUE}))] == [("normal", None)] * len(ROWS)
