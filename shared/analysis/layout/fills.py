"""Cell fills as emphasis: a warm coloured rectangle behind one value (a spreadsheet's conditional format, Excel's
light red #FFC7CE or yellow #FFEB9C presets, or an LIS that shades an out-of-range cell) is the only flag some
reports print. A value word whose box lies in such a fill is marked as red type is (`Word.red`), and the parser's
emphasis rule takes it from there (a flag only where the other values of that table are plain).

Only rectangles about one cell in size count: a fill as wide as half the page, or the fills of one row that
together span half its width (zebra banding, a highlighted header or row), mean nothing. Grey, white and cool
fills (light blue or green bands, Excel's green 'good' preset) are never read. A page without any warm fill is
left after one pass over its top-level objects (type and fill colour only).
"""

from __future__ import annotations

import colorsys
import ctypes
from collections.abc import Iterator
from functools import lru_cache

from shared.analysis.layout.words import Word, _viewer_box, native_calls

_MAX_CELL_WIDTH = 0.35  # of the page's width
_MAX_ROW_SPAN = 0.5  # the fills of one row together, of the page's width
_MAX_CELL_HEIGHT = 40.0  # points
_SLACK = 1.0  # points a word's ends may stick out of its cell


@lru_cache(maxsize=4096)  # a page's fills repeat a few colours (cell borders, bands)
def is_warm_fill(r: int, g: int, b: int) -> bool:
    """Red, pink, orange or yellow, light or strong; not grey, white, green or blue."""
    h, s, v = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
    hue = h * 360
    return s >= 0.15 and v >= 0.55 and (hue <= 65 or hue >= 320)


def warm_cells(page, page_width: float, page_height: float, rotation: int = 0) -> list[tuple[float, float, float, float]]:
    """(x0, x1, top, bottom) of the page's warm cell-sized filled rectangles, as shown (call under the PDFium lock).
    `page_width`/`page_height` are the page's own (unrotated) size."""
    import pypdfium2.raw as raw

    native = native_calls(raw)
    fills = native.path_fills(ctypes.cast(page.raw, ctypes.c_void_p).value) if native is not None \
        else _path_fills(raw, page.raw)
    found: list[tuple[float, float, float, float]] = []
    shown = _viewer_box(rotation % 360, page_width, page_height)
    rect = raw.FS_RECTF()
    shown_width = page_height if rotation % 180 else page_width
    for r, g, b, left, bottom, right, top in fills:
        if not is_warm_fill(r, g, b):
            continue
        rect.left, rect.bottom, rect.right, rect.top = left, bottom, right, top
        x0, x1, y0, y1 = shown(rect)
        if x1 - x0 > _MAX_CELL_WIDTH * shown_width or not 0 < y1 - y0 <= _MAX_CELL_HEIGHT:
            continue
        found.append((x0, x1, y0, y1))
    if not found:
        return found

    def row_span(c: tuple[float, float, float, float]) -> float:
        mid = (c[2] + c[3]) / 2
        return sum(o[1] - o[0] for o in found if o[2] <= mid <= o[3])

    return [c for c in found if row_span(c) <= _MAX_ROW_SPAN * shown_width]


def _path_fills(raw, pg) -> Iterator[tuple[int, int, int, float, float, float, float]]:
    """(r, g, b, left, bottom, right, top) of the page's top-level path objects that are filled with an alpha of 128
    or more, of at most 5 segments (a rectangle: move, three lines, a close; not a gauge's arc), with bounds: the C
    loop's `path_fills` (layout/pdfium_c.c) a ctypes call at a time, keeping only warm colours (the caller's test,
    made here early to spare the other calls)."""
    rgba = [ctypes.c_uint() for _ in range(4)]
    refs = [ctypes.byref(c) for c in rgba]
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(raw.FPDFPage_CountObjects(pg)):
        obj = raw.FPDFPage_GetObject(pg, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetFillColor(obj, *refs) or rgba[3].value < 128:
            continue
        if not is_warm_fill(rgba[0].value, rgba[1].value, rgba[2].value):
            continue
        if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)) or not fill_mode.value:
            continue
        if raw.FPDFPath_CountSegments(obj) > 5:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                                         ctypes.byref(top)):
            continue
        yield rgba[0].value, rgba[1].value, rgba[2].value, left.value, bottom.value, right.value, top.value


def mark_filled(words: list[Word], cells: list[tuple[float, float, float, float]]) -> None:
    """A value word (with a digit) inside a warm cell is emphasised, as red type is."""
    if not cells:
        return
    for w in words:
        if w.red or not any(ch.isdigit() for ch in w.text):
            continue
        mid = w.mid_y
        for x0, x1, top, bottom in cells:
            if top <= mid <= bottom and w.x0 >= x0 - _SLACK and w.x1 <= x1 + _SLACK:
                w.red = True
                break
