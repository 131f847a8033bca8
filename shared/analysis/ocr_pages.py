"""Pages to OCR: a scanned PDF page rendered, or an uploaded image opened, each checked first.

Before any pixel is decoded:
- an uploaded image's size is read from its header (images.py): more than `max_pixels` ends the
  analysis with ImageTooLarge;
- a PDF page's images are measured from their dictionaries (PDFium renders an image whole, so a
  100,000 x 100,000 image inside a 5 KB PDF would be decoded to 30 GB): the same limit. The page
  is rendered at 300 DPI (a 200 DPI scan upscaled: Tesseract then keeps the decimal points of small
print), lower if the render would pass the limit.

Then each page waits for an OCR slot (`OcrOptions.slot`: OCR_CONCURRENCY per worker process,
shared by its analysis processes), asks for its time (`OcrOptions.budget`: the sandbox extends the
analysis' CPU and wall limits by OCR_PAGE_SECONDS), and is read (ocr.read_image). A page with no
ink is blank and is not read.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from shared.analysis.layout.lines import build_lines
from shared.analysis.layout.words import PageWords
from shared.errors import BlankImage, ImageTooLarge, NoTextFound

MIN_DPI, MAX_DPI, DEFAULT_DPI = 300, 300, 300  # a 200 DPI scan is read upscaled: small print keeps its decimal points
LEAST_DPI = 100  # a page that only fits the pixel limit below this is refused
BLANK_INK_SHARE = 0.0003  # below this share of inked pixels, and
BLANK_STDDEV = 12.0  # with less variation than this (grey levels), a page is blank
MIN_TEXT_CHARS = 20  # letters and digits read with some confidence: fewer is no text
TEXT_CONF = 0.6


@dataclass(frozen=True, slots=True)
class OcrOptions:
    languages: str = "eng"
    max_pixels: int = 40_000_000
    slot: Callable[[], AbstractContextManager[object]] = contextlib.nullcontext  # OCR_CONCURRENCY
    budget: Callable[[], None] = field(default=lambda: None)  # called before each page is read


@dataclass(slots=True)
class OcrPage:
    words: PageWords
    text: str  # the words line by line (for the narrative model)
    chars: int  # letters and digits read with TEXT_CONF or better
    blank: bool = False


def ocr_pdf_page(doc, index: int, options: OcrOptions, lock: threading.Lock) -> OcrPage:
    """Render page `index` of an open PdfDocument (PDFium calls under `lock`) and read it."""
    with lock:
        page = doc[index]
        try:
            width, height = page.get_size()
            dpi = render_dpi(page, width, height, options.max_pixels, index + 1)
            bitmap = page.render(scale=dpi / 72)
            try:
                image = bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
        finally:
            page.close()
    return read(image, index + 1, width, height, options, dpi=dpi)


def render_dpi(page, width: float, height: float, max_pixels: int, number: int) -> float:
    """The scan's own resolution within MIN_DPI..MAX_DPI, lowered to fit `max_pixels`; ImageTooLarge
    for a page holding an image over the limit, or too large to render at LEAST_DPI."""
    import pypdfium2.raw as raw

    native = 0.0
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        px_w, px_h = obj.get_px_size()
        if px_w * px_h > max_pixels:
            raise ImageTooLarge(f"page {number} holds an image of {px_w:,} x {px_h:,} pixels; images up to "
                                f"{max_pixels / 1e6:g} megapixels are read")  # fmt: skip
        left, _bottom, right, _top = obj.get_bounds()
        if right - left > 0:
            native = max(native, px_w / ((right - left) / 72))
    dpi = min(MAX_DPI, max(MIN_DPI, native)) if native else DEFAULT_DPI
    fit = (max_pixels / max(1.0, (width / 72) * (height / 72))) ** 0.5
    if fit < LEAST_DPI:
        raise ImageTooLarge(f"page {number} is {width / 72:.0f} x {height / 72:.0f} inches, too large to read as a scan")
    return min(dpi, fit)


def ocr_image_page(data: bytes, options: OcrOptions) -> OcrPage:
    """An uploaded photo or scan as page 1; BlankImage / NoTextFound when there is nothing to read."""
    from shared.analysis.images import open_image

    image = open_image(data, max_pixels=options.max_pixels)
    page = read(image, 1, *page_points(image.width, image.height), options, dpi=None)
    if page.blank:
        raise BlankImage("the image is blank: nothing is printed or written on it")
    if page.chars < MIN_TEXT_CHARS:
        raise NoTextFound("no text could be read from this image. If it is your report, photograph it again: the "
                          "whole page, flat, in focus and in good light, or upload the lab's PDF")
    return page


def page_points(width_px: int, height_px: int) -> tuple[float, float]:
    """A photo's size in points as if it were a page 8.5 inches across (the parser's scale is relative)."""
    inch = min(width_px, height_px) / 8.5
    return width_px / inch * 72, height_px / inch * 72


def read(image, number: int, width: float, height: float, options: OcrOptions, *, dpi: float | None) -> OcrPage:
    from shared.analysis.ocr import read_image

    if is_blank(image):
        return OcrPage(PageWords(number, width, height, [], source="ocr"), "", 0, blank=True)
    options.budget()
    with options.slot():
        words = read_image(image, number, width, height, languages=options.languages, dpi=dpi)
    lines = build_lines(list(words.words))
    text = "\n".join(line.text for line in lines)
    chars = sum(sum(c.isalnum() for c in w.text) for w in words.words if w.conf >= TEXT_CONF)
    return OcrPage(words, text, chars)


def is_blank(image) -> bool:
    """An even page with no ink: hardly a pixel darker than the paper around it, and little variation
    overall (a photo without text is not blank: it goes to OCR, which finds no text in it)."""
    from PIL import ImageChops, ImageFilter, ImageStat

    small = image.convert("L").resize((max(1, image.width // 4), max(1, image.height // 4)))
    darker = ImageChops.subtract(small.filter(ImageFilter.MaxFilter(9)), small)  # paper minus pixel
    inked = sum(darker.histogram()[60:])
    return inked < BLANK_INK_SHARE * small.width * small.height and ImageStat.Stat(small).stddev[0] < BLANK_STDDEV
