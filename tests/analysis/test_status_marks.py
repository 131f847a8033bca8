"""Status marks and decorations beside results (patient portals, wellness reports): ticks and crosses, warning signs,
coloured dots, trend arrows, stars, in a column of their own (titled or not) or before the name.

A tick, cross or warning sign is a flag (lexicon.STATUS_MARKS; the interval gives a cross its direction); a coloured
dot, trend arrow or star is a decoration (lexicon.DECORATION_GLYPHS), dropped like a text gauge (gauges.py). Before,
an untitled column of ticks turned every row away ('the report's layout could not be read'), a warning sign on the
abnormal rows lost exactly those rows, and a mark before a name stayed in it ('✓ Glucose').
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.analysis import parse_pdf
from shared.analysis.gauges import is_gauge_word
from shared.analysis.lexicon import DECORATION_GLYPHS, STATUS_MARKS
from shared.analysis.parser import parse_texts

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # has the marks (fonts-dejavu-core, .ci/run installs it)
ROWS = [("Glucose", "95", "mg/dL", "70 - 99"), ("Ferritin", "8", "ng/mL", "15 - 150"),
        ("Hemoglobin", "13.5", "g/dL", "12.0 - 16.0"), ("Sodium", "139", "mmol/L", "135 - 145"),
        ("Potassium", "5.9", "mmol/L", "3.5 - 5.1")]
EXPECTED = [("Glucose", 95.0, "normal"), ("Ferritin", 8.0, "low"), ("Hemoglobin", 13.5, "normal"),
            ("Sodium", 139.0, "normal"), ("Potassium", 5.9, "high")]


def _out(row: tuple[str, str, str, str]) -> bool:
    lo, hi = (float(x) for x in row[3].split(" - "))
    return not lo <= float(row[1]) <= hi


def _report(mark: Callable[[tuple[str, str, str, str]], str], title: str, before_name: bool) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("DejaVu", 10)
    xs = [70, 220, 290, 370, 50] if before_name else [50, 200, 270, 350, 460]
    for x, text in zip(xs, ("Test", "Result", "Unit", "Reference", title), strict=True):
        c.drawString(x, 760, text)
    for i, row in enumerate(ROWS):
        for x, text in zip(xs, (*row, mark(row)), strict=True):
            c.drawString(x, 744 - 16 * i, text)
    c.save()
    return out.getvalue()


@pytest.mark.parametrize(("mark", "title", "before_name"), [
    (lambda r: "✗" if _out(r) else "✓", "", False),          # ticks and crosses, untitled column
    (lambda r: "⚠" if _out(r) else "", "", False),          # a warning sign on the abnormal rows only
    (lambda r: "●" if _out(r) else "○", "Status", False),    # dots under a title
    (lambda r: "↗" if _out(r) else "→", "Trend", False),     # trend arrows
    (lambda r: "★" if _out(r) else "", "", False),           # stars
    (lambda r: "✗" if _out(r) else "✓", "", True),           # marks before the names
], ids=["ticks", "warning", "dots", "trend", "stars", "before-name"])
def test_a_column_of_marks_beside_the_results(mark, title: str, before_name: bool) -> None:
    got = [(b.name, b.value, b.flag) for b in parse_pdf(_report(mark, title, before_name)).biomarkers]
    assert got == EXPECTED


@pytest.mark.parametrize("mark", ["✅", "⚠️", "❌", "🟢", "🔴", "⭐", "↘"])
def test_emoji_marks_and_their_presentation_selector(mark: str) -> None:
    text = "\n".join(["Test Result Unit Reference"] + [f"{n} {v} {u} {r.replace(' ', '')} {mark}" for n, v, u, r in ROWS])
    got = [(b.name, b.value) for b in parse_texts([text]).biomarkers]
    assert got == [(n, v) for n, v, _ in EXPECTED]


@given(st.text(alphabet=DECORATION_GLYPHS, min_size=1, max_size=6))
def test_a_word_of_decoration_marks_is_a_drawing(word: str) -> None:
    assert is_gauge_word(word)


def test_status_marks_are_flags_not_drawings() -> None:
    for mark in STATUS_MARKS:
        assert not is_gauge_word(mark), mark
