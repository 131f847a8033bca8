"""OCR: a page image -> words with boxes and confidences, for the same parser as a text layer.

Engine: Tesseract 5 through tesserocr (the C++ API in-process: no subprocess and no image
re-encoding per page; chosen over RapidOCR by measurement, docs/ANALYSIS.md "OCR"). Its
language data comes from Debian's `tesseract-ocr-*` packages (TESSDATA_PREFIX or the Debian
path); nothing is downloaded at run time. One engine per process and thread, loaded on first
use (about 0.1 s) and reused for every page after that.

`read_page(image, number, width, height)` returns the page's `PageWords` with `source="ocr"`:
each word's box in points from the top-left (pixels scaled by the page size), top and bottom
at least 0.8 of the page's median word height (a dash or a dot hugs its ink otherwise and would
overlap no line), `conf` Tesseract's word confidence (0..1), `red` when most of its ink is red
(a report that marks out-of-range values in red ink and nothing else), and OCR's typical
misreadings of units corrected (ocrfix.py), and the unsure cells of its value columns read again
alone, as digits (ocrcells.py). Marks that are not text (a bar, a dot, a rule read
as '@', '|', 'oO') are dropped: a sign no report prints, a mark without letters or digits read
with low confidence, or a short word far taller than the page's text.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from shared.analysis.layout.words import PageWords, Word
from shared.analysis.ocrcells import DIGITS, Read, drop_script_column, read_missing_units, reread
from shared.analysis.ocrfix import fix_word, micro_parts, with_micro
from shared.analysis.units import is_unit_token

# Tesseract's OpenMP threads fight the worker's other processes for the cores and make a page
# slower, not faster, on a busy machine; one page is one thread (OCR_CONCURRENCY sets how many).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TESSDATA_CANDIDATES = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                       "/usr/share/tessdata", "/usr/local/share/tessdata")  # fmt: skip
DEFAULT_LANGUAGES = "eng"
_DIGIT = re.compile(r"\d")
_TEXT = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u4e00-\u9fff]")
NOISE_CONF = 0.6  # a mark without letters or digits below this confidence is a graphic, not text
# Page segmentation: 'sparse text' finds words anywhere and leaves the layout to our parser. Tesseract's
# own layout analysis (mode 3) took a straightened, ruled table for a picture and read none of its cells
# (0 of 8 values on a deskewed bordered table; mode 11: 7 of 8; docs/ANALYSIS.md "OCR").
SPARSE_TEXT = 11
SINGLE_LINE = 7  # a value cell read again (ocrcells.py)
CELL_INK = 160  # a cell read again is made black and white at this grey level
NEVER_PRINTED = frozenset("@©®§¢¥¤¶•■□▪▫●○◆◇★☆|¦")  # signs OCR makes of dots, bars and rules
GRAPHIC_HEIGHT = 1.5  # a short word this many times taller than the page's typical word is a drawing
MIN_HEIGHT = 0.8  # share of the page's median word height a word's box is given at least
MIN_CONF = 0.1  # below this Tesseract is guessing: the word is left out
THRESHOLDING = 0  # Tesseract's binarisation: 0 Otsu (global), 1 Leptonica's tiled Otsu, 2 Sauvola (local)
RANGE_SIGNS = frozenset({"-", "–", "<", ">", "≤", "≥", "<=", ">="})  # kept however unsurely read (keep())
TALL_UNIT_CONF = 0.8  # a unit read this surely is kept however tall its box ('%' boxed 1.6 times a digit's height)
GUESS_CONF = 0.5  # a word without digits read below this is left out (measured: +3 points of recall at 200 DPI)


class OcrUnavailable(RuntimeError):
    """Tesseract or its language data is not installed (a deployment fault, not the upload's)."""


def tessdata_dir() -> str:
    configured = os.environ.get("TESSDATA_PREFIX")
    for candidate in ((configured,) if configured else ()) + TESSDATA_CANDIDATES:
        if candidate and (Path(candidate) / "eng.traineddata").is_file():
            return candidate
    raise OcrUnavailable("Tesseract's language data (eng.traineddata) was not found; install tesseract-ocr-eng "
                         "or set TESSDATA_PREFIX")


def available_languages(path: str) -> set[str]:
    return {p.stem for p in Path(path).glob("*.traineddata")}


@dataclass(slots=True)
class _Api:
    api: object
    languages: str


_local = threading.local()


def _api(languages: str, psm: int):
    """This thread's Tesseract engine for `languages` (the missing ones dropped), created once."""
    import tesserocr

    key = (languages, psm)
    cache: dict = getattr(_local, "apis", None) or {}
    _local.apis = cache
    if key not in cache:
        path = tessdata_dir()
        have = available_languages(path)
        wanted = [lang for lang in languages.split("+") if lang in have] or ["eng"]
        api = tesserocr.PyTessBaseAPI(path=path + "/", lang="+".join(wanted), psm=psm,
                                      oem=tesserocr.OEM.LSTM_ONLY)  # fmt: skip
        api.SetVariable("debug_file", "/dev/null")  # Tesseract's warnings would go to stderr
        api.SetVariable("thresholding_method", str(THRESHOLDING))
        cache[key] = _Api(api, "+".join(wanted))
    return cache[key].api


def read_page(image, number: int, width: float, height: float, *, languages: str = DEFAULT_LANGUAGES,
              psm: int = SPARSE_TEXT, color=None) -> PageWords:
    """OCR one page image (PIL, mode 'L' or 'RGB'), its page `width` x `height` points.
    `color` is the RGB original when `image` was prepared (grey, deskewed): red ink is read from it."""
    import tesserocr

    api = _api(languages, psm)
    api.SetImage(image)
    api.Recognize()
    sx, sy = width / image.width, height / image.height
    read: list[Read] = []
    level = tesserocr.RIL.WORD
    for r in tesserocr.iterate_level(api.GetIterator(), level):
        text = (r.GetUTF8Text(level) or "").strip()
        box = r.BoundingBox(level)
        if text and box is not None:
            read.append(Read(text, box, max(0.0, min(1.0, r.Confidence(level) / 100))))
    api.Clear()
    read = reread(read, functools.partial(read_cell, image), image.size)
    read = drop_script_column(read_missing_units(read, functools.partial(read_cell, image, chars=""), image.size))
    words: list[Word] = []
    for one in read:
        fixed = fix_word(one.text)
        if not keep(fixed, one.conf):
            continue
        x0, y0, x1, y1 = one.box
        word = Word(fixed, x0 * sx, x1 * sx, y0 * sy, y1 * sy, conf=round(one.conf, 3))
        if color is not None and _DIGIT.search(fixed):
            word.red = is_red_ink(color, one.box)  # as for a text layer: emphasis matters for values
        words.append(word)
    micro = micro_parts([w.text for w in words])
    for word in words:
        word.text = with_micro(word.text, micro)
    words = drop_graphics(words)
    even_heights(words)
    return PageWords(number, width, height, words, source="ocr")


def read_cell(image, box: tuple[int, int, int, int], chars: str = DIGITS) -> tuple[str, float]:
    """One cell of `image` read alone as a line of `chars` (digits; "": any character, for a unit)
    (ocrcells.py): its text and confidence (0..1)."""
    # black and white at the ink level: on a small crop, grain left by an upscaled noisy scan passes a
    # global threshold and the line reads as letters ('5.1' as 'Seid' at 0.58; thresholded: '5.1' at 0.94)
    cell = image.crop(box).point(lambda v: 255 if v > CELL_INK else 0)
    if cell.getextrema()[0] == 255:
        return "", 0.0  # no ink: an empty cell
    api = _api(DEFAULT_LANGUAGES, SINGLE_LINE)
    api.SetVariable("tessedit_char_whitelist", chars)  # one engine for every kind of cell
    api.SetImage(cell)
    try:
        return (api.GetUTF8Text() or "").strip(), max(0.0, min(1.0, api.MeanTextConf() / 100))
    finally:
        api.Clear()


def keep(text: str, conf: float) -> bool:
    """Whether a word read with `conf` is text worth parsing. A unit the grammar reads and a range's or
    limit's sign are kept even when read unsurely: a row without its unit, its '-' or its '<' reads as
    another row (measured: 'mg/L' at 0.42, 'g/dL.' at 0.49, '-' and '>' below 0.6 on 200 DPI scans)."""
    if conf < MIN_CONF:
        return False
    if text in RANGE_SIGNS or is_unit_token(text):
        return True
    if conf < NOISE_CONF and not _TEXT.search(text):
        return False
    # a word without digits Tesseract guessed at: mostly what it made of another script or a smudge
    return conf >= GUESS_CONF or bool(_DIGIT.search(text))


def drop_graphics(words: list[Word]) -> list[Word]:
    """Leave out what OCR made of a drawing: a dot, a bar end or a logo read as '@', 'oO' or a Chinese
    character, known by being a short word with no digit, far taller than the page's text (but a range's
    sign, or a unit read surely: Tesseract boxed a '%' after '1.63' 47 px tall, digits 29 px), or made only
    of signs a report never prints."""
    heights = sorted(w.height for w in words)
    if not heights:
        return words
    typical = heights[len(heights) // 2]
    kept = []
    for w in words:
        if all(c in NEVER_PRINTED for c in w.text):
            continue
        if len(w.text) <= 3 and not _DIGIT.search(w.text) and w.height > GRAPHIC_HEIGHT * typical \
                and w.text not in RANGE_SIGNS and not (w.conf >= TALL_UNIT_CONF and is_unit_token(w.text)):
            continue  # (a range's dash, a '%', often gets a box far taller than its ink: even_heights trims a dash)
        kept.append(w)
    return kept


def even_heights(words: list[Word]) -> None:
    """Give small marks ('-', '.', 'ee') at least MIN_HEIGHT of the page's typical word height, centred
    where they are: OCR boxes hug the ink, and a dash would otherwise overlap no line. A range sign
    ('-', '<') takes the top and bottom of the nearest word beside it on its row: Tesseract boxes a '-'
    up to twice a digit's height and off the row's middle, and the line builder would start a line of
    its own from it."""
    heights = sorted(w.height for w in words)
    if not heights:
        return
    least = MIN_HEIGHT * heights[len(heights) // 2]
    for w in words:
        if w.text in RANGE_SIGNS and (beside := nearest_beside(w, words)) is not None:
            w.top, w.bottom = beside.top, beside.bottom
        elif w.height < least:
            mid = w.mid_y
            w.top, w.bottom = mid - least / 2, mid + least / 2


def nearest_beside(sign: Word, words: list[Word]) -> Word | None:
    """The word with letters or digits nearest to `sign` left or right whose height spans the sign's middle."""
    mid = sign.mid_y
    best, gap = None, float("inf")
    for w in words:
        if w is sign or not (w.top <= mid <= w.bottom) or not _TEXT.search(w.text):
            continue
        d = max(w.x0 - sign.x1, sign.x0 - w.x1, 0.0)
        if d < gap:
            best, gap = w, d
    return best


def is_red_ink(color, box: tuple[int, int, int, int]) -> bool:
    """Most of the ink inside the word's box is red (r high, g and b well below it)."""
    crop = color.crop(box)
    if crop.width * crop.height == 0:
        return False
    small = crop.resize((max(1, crop.width // 2), max(1, crop.height // 2)))
    ink = red = 0
    for r, g, b in small.get_flattened_data():
        if min(r, g, b) > 170:
            continue  # paper
        ink += 1
        if r >= 120 and g <= 0.6 * r and b <= 0.6 * r:
            red += 1
    return ink > 0 and red >= 0.5 * ink


# ---------------------------------------------------------------------------------- a whole page

GOOD_CONF = 0.8  # a word read this surely counts towards "the page reads well"
GOOD_SHARE = 0.5  # below this share of well-read characters, the page may be turned: ask OSD


def page_quality(page: PageWords) -> float:
    """The share of the page's characters in words read with GOOD_CONF or better (0 for no words)."""
    total = sum(len(w.text) for w in page.words)
    good = sum(len(w.text) for w in page.words if w.conf >= GOOD_CONF)
    return good / total if total else 0.0


def orientation(gray) -> int:
    """Degrees (0/90/180/270, clockwise) the page is turned, by Tesseract's orientation detection;
    0 when it is unsure or OSD data is missing."""
    import tesserocr

    path = tessdata_dir()
    if "osd" not in available_languages(path):
        return 0
    cache: dict = getattr(_local, "apis", None) or {}
    _local.apis = cache
    if "osd" not in cache:
        api = tesserocr.PyTessBaseAPI(path=path + "/", lang="osd", psm=tesserocr.PSM.OSD_ONLY)
        api.SetVariable("debug_file", "/dev/null")
        cache["osd"] = _Api(api, "osd")
    api = cache["osd"].api
    small = gray if max(gray.size) <= 2000 else gray.resize((gray.width // 2, gray.height // 2))
    api.SetImage(small)
    try:
        found = api.DetectOrientationScript()
    except RuntimeError:
        return 0
    finally:
        api.Clear()
    if not found or found.get("orient_conf", 0) < 1.5:
        return 0
    return int(found["orient_deg"]) % 360


def read_image(image, number: int, width: float, height: float, *, languages: str = DEFAULT_LANGUAGES,
               dpi: float | None = None, prepare_page: bool = True, psm: int = SPARSE_TEXT, **prep) -> PageWords:
    """OCR a page image with the preparation that pays (scanprep.py): scaled, flattened, deskewed;
    a page that reads badly is checked for a turn of 90/180/270 degrees and read again turned."""
    from PIL import Image

    from shared.analysis.scanprep import prepare

    prepared = prepare(image, dpi=dpi, **prep) if prepare_page else None
    gray = prepared.gray if prepared else image.convert("L")
    color = prepared.color if prepared else None
    page = read_page(gray, number, width, height, languages=languages, color=color, psm=psm)
    if page_quality(page) >= GOOD_SHARE:
        return page
    turn = orientation(gray)
    if turn == 0:
        return page
    transpose = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}[turn]
    gray = gray.transpose(transpose)
    color = color.transpose(transpose) if color is not None else None
    w, h = (height, width) if turn in (90, 270) else (width, height)
    turned = read_page(gray, number, w, h, languages=languages, color=color, psm=psm)
    return turned if page_quality(turned) > page_quality(page) else page
