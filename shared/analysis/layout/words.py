"""Words with positions: the parser's input, from a PDF text layer (here) or from OCR.

A `Word` is a run of non-space characters with its box in page points, measured
from the top-left corner (y grows downwards), its font size, and two emphasis
signals a report may use instead of a printed H/L: bold type and red ink.

`pdfium_words(textpage)` reads them from PDFium's text page cheaply: the page
text comes in one call, words are cut from it on whitespace, and only the first
and last character of each word are measured (loose boxes, so every glyph of a
font has the same top and bottom). A word whose measured width is far larger
than its letters need, or whose ends sit on different lines, is re-measured
character by character and split where PDFium joined two cells or two lines
without a space. Text drawn at an angle other than the page's dominant one (a
diagonal "SAMPLE" watermark, a group label turned 90° beside a table) is dropped.
"""

from __future__ import annotations

import ctypes
import importlib
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"\S+")
_PUA = re.compile("[\uf020-\uf0ff]")
_PUA_TO_ASCII = {c: c - 0xF000 for c in range(0xF020, 0xF100)}
_DIGIT = re.compile(r"\d")
_ASCII_LETTER = re.compile("[A-Za-z]")


def fix_private_use(text: str) -> str:
    """'Microsoft Print to PDF' symbol-font text: U+F020..U+F0FF is ASCII + 0xF000 (same length)."""
    pua = len(_PUA.findall(text))
    if pua and pua >= 0.3 * (pua + len(_ASCII_LETTER.findall(text))):
        return text.translate(_PUA_TO_ASCII)
    return text


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False
    red: bool = False
    conf: float = 1.0  # 1.0 for a text layer; the engine's confidence for OCR

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, bold: bool = False,
                 red: bool = False, conf: float = 1.0) -> None:
        """The dataclass's own __init__, written out: compiled, it runs as C (the one the dataclass decorator
        writes stays interpreted bytecode even in the compiled module). test_layouts checks it against the fields."""
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        self.bold = bold
        self.red = red
        self.conf = conf

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def emphasised(self) -> bool:
        return self.bold or self.red


@dataclass(slots=True)
class PageWords:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    source: str = "text"  # "text" (PDF text layer) or "ocr"


def _is_red(r: int, g: int, b: int) -> bool:
    return r >= 140 and g <= 0.55 * r and b <= 0.55 * r


_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


class _Calls:
    """The PDFium calls made per character or per word, without ctypes' conversion of each argument (pypdfium2's
    functions declare argtypes, which costs about half of a call): the same C functions, called with arguments
    that are C values already, the text page as a c_void_p, indices as Python ints (C int), out-parameters as
    byref(). About 0.35 instead of 0.75 µs a call; the other PDFium calls stay pypdfium2's."""

    def __init__(self, raw, textpage) -> None:
        self.tp = ctypes.cast(textpage, ctypes.c_void_p)
        self.loose_box, self.angle, self.text_object, self.fill, self.font = _bare_functions(raw)


@lru_cache(maxsize=1)
def _bare_functions(raw) -> tuple:
    def bare(fn, restype):
        f = ctypes.CFUNCTYPE(restype)(ctypes.cast(fn, ctypes.c_void_p).value)
        f.argtypes = None  # no conversion: the callers pass C values
        return f

    return (bare(raw.FPDFText_GetLooseCharBox, ctypes.c_int),  # (tp, index, byref(FS_RECTF))
            bare(raw.FPDFText_GetCharAngle, ctypes.c_float),  # (tp, index)
            bare(raw.FPDFText_GetTextObject, ctypes.c_void_p),  # (tp, index) -> the object's address or None
            bare(raw.FPDFText_GetFillColor, ctypes.c_int),  # (tp, index, byref(r), byref(g), byref(b), byref(a))
            bare(raw.FPDFTextObj_GetFont, ctypes.c_void_p))  # (c_void_p(object)) -> the font's address or None


# PDFium's functions the C loops call (layout/pdfium_c.c), in the order bind() takes them
_C_FUNCTIONS = ("FPDFText_GetLooseCharBox", "FPDFText_GetTextObject", "FPDFPage_CountObjects", "FPDFPage_GetObject",
                "FPDFPageObj_GetType", "FPDFPageObj_GetFillColor", "FPDFPath_GetDrawMode", "FPDFPath_CountSegments",
                "FPDFPageObj_GetBounds", "FPDFText_GetFillColor", "FPDFTextObj_GetFont")


@lru_cache(maxsize=1)
def native_calls(raw) -> Any:
    """The C loops over PDFium's characters and page objects (layout/pdfium_c.c, built by shared.native with the
    compiled parser and found only while that build is in use), bound to the PDFium pypdfium2 loaded; None
    without the build: the same calls are then made one by one through ctypes, with the same results."""
    try:
        module: Any = importlib.import_module("shared.analysis.layout.pdfium_c")
    except ImportError:
        return None
    module.bind(tuple(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value for name in _C_FUNCTIONS))
    return module


class _Chars:
    """The loose box (left, top, right, bottom in PDFium's page space) and the text object of a character by its
    index: from arrays the C loops fill for the whole page in one call each, or else by a ctypes call each. An
    index outside the page gives what PDFium's failed call leaves: the last box read (the ctypes calls write every
    box into one FS_RECTF) and no object."""

    def __init__(self, raw, calls: _Calls, n_chars: int) -> None:
        self.calls = calls
        self.n = n_chars
        self.rect = raw.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.last: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
        self.c = native_calls(raw)
        self.address: int = calls.tp.value or 0
        self.packed: bytes = self.c.loose_boxes(self.address, n_chars) if self.c is not None else b""
        self.boxes: Any = memoryview(self.packed).cast("f") if self.c is not None else None
        self.objects: Any = None

    def box(self, i: int) -> tuple[float, float, float, float]:
        boxes = self.boxes
        if boxes is None:
            self.calls.loose_box(self.calls.tp, i, self.rect_ref)
            r = self.rect
            return r.left, r.top, r.right, r.bottom
        if 0 <= i < self.n:
            k = 4 * i
            self.last = (boxes[k], boxes[k + 1], boxes[k + 2], boxes[k + 3])
        return self.last

    def scrambled(self, text: str, page_height: float) -> bool:
        """_scrambled(text, self, page_height), by the C loop when there is one."""
        if self.c is not None:
            return bool(self.c.scrambled(self.packed, text, page_height, _SCRAMBLED_SAMPLE))
        return _scrambled(text, self, page_height)

    def text_object(self, i: int) -> int:
        """The address of character i's text object, 0 for none."""
        if self.c is None:
            return self.calls.text_object(self.calls.tp, i) or 0
        if self.objects is None:
            self.objects = memoryview(self.c.text_objects(self.address, self.n)).cast("Q")
        return self.objects[i] if 0 <= i < self.n else 0


class _Style:
    """(bold, red) of the text object a character belongs to; cached per object and per font."""

    def __init__(self, raw, textpage, calls: _Calls, chars: _Chars) -> None:
        self.raw = raw
        self.tp = textpage
        self.calls = calls
        self.chars = chars
        self.c = chars.c
        self.fonts: dict[int, bool] = {}
        self.objects: dict[int, tuple[bool, bool]] = {}
        self.buf: Any = None  # for a font's name, made at the first font
        # the fill colour's out-parameters: a failed call leaves the last colour read, by ctypes or by the C call
        self.rgba: tuple[int, int, int, int] = (0, 0, 0, 0)
        self.c_rgba = [ctypes.c_uint() for _ in range(4)] if self.c is None else []
        self.rgba_refs = [ctypes.byref(c) for c in self.c_rgba]

    def of(self, index: int) -> tuple[bool, bool]:
        raw = self.raw
        okey = self.chars.text_object(index)  # the object's address
        hit = self.objects.get(okey)
        if hit is not None:
            return hit
        bold = False
        if okey:
            # the font's address
            fkey = self.c.object_font(okey) if self.c is not None else self.calls.font(ctypes.c_void_p(okey)) or 0
            bold_hit = self.fonts.get(fkey)
            if bold_hit is None:
                if self.buf is None:
                    self.buf = ctypes.create_string_buffer(96)
                font = ctypes.cast(fkey, raw.FPDF_FONT) if fkey else None
                weight = raw.FPDFFont_GetWeight(font) if font else -1
                n = raw.FPDFFont_GetBaseFontName(font, self.buf, len(self.buf)) if font else 0
                name = self.buf.value.decode("latin-1", "replace") if n else ""
                bold_hit = weight >= 600 or bool(_BOLD_NAME.search(name))
                self.fonts[fkey] = bold_hit
            bold = bold_hit
        if self.c is not None:
            self.rgba = self.c.fill_color(self.chars.address, index, self.rgba)
        else:
            self.calls.fill(self.calls.tp, index, *self.rgba_refs)
            rgba = self.c_rgba
            self.rgba = (rgba[0].value, rgba[1].value, rgba[2].value, rgba[3].value)
        red = _is_red(self.rgba[0], self.rgba[1], self.rgba[2])
        hit = (bold, red)
        if okey:
            self.objects[okey] = hit
        return hit


def _viewer_box(rotation: int, width: float, height: float):
    """Map a PDFium char box (page space, y up) to the page as shown (/Rotate applied): (x0, x1, top, bottom)
    with y down. `width` and `height` are the page's own (unrotated) size."""
    if rotation == 90:
        return lambda r: (r.bottom, r.top, r.left, r.right)
    if rotation == 180:
        return lambda r: (width - r.right, width - r.left, r.bottom, r.top)
    if rotation == 270:
        return lambda r: (height - r.top, height - r.bottom, width - r.right, width - r.left)
    return lambda r: (r.left, r.right, height - r.top, height - r.bottom)


def pdfium_words(textpage, page_height: float, text: str | None = None, *, styles: bool = True,
                 rotation: int = 0, page_width: float = 0.0) -> list[Word]:
    """Words of one PDFium text page (call under the caller's PDFium lock); `text` is its get_text_range().
    `page_width`/`page_height` are the page's own size; a page shown rotated (/Rotate) is read as shown."""
    import pypdfium2.raw as raw

    tp = textpage.raw
    if text is None:
        text = textpage.get_text_range()
    text = fix_private_use(text)
    n_chars = raw.FPDFText_CountChars(tp)
    aligned = len(text) == n_chars  # text index == char index (no surrogate pairs)
    calls = _Calls(raw, tp)
    chars = _Chars(raw, calls, n_chars)
    tpv = calls.tp
    style = _Style(raw, tp, calls, chars) if styles else None
    rotation %= 360
    shown = _viewer_box(rotation, page_width, page_height)
    upright = (4 - rotation // 90) % 4  # PDFium's angle sector of text that reads upright on the shown page

    def box(i: int) -> tuple[float, float, float, float]:
        """Character i's box as shown: (x0, x1, top, bottom), y down (the page is level here)."""
        left, top, right, bottom = chars.box(i)
        return left, right, page_height - top, page_height - bottom

    if rotation:
        rect = raw.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        loose_box = calls.loose_box

        def turned_box(i: int) -> tuple[float, float, float, float]:
            loose_box(tpv, i, rect_ref)
            return shown(rect)

        return _rotated_words(raw, tp, text, aligned, turned_box, upright, style)
    if aligned and chars.scrambled(text, page_height):
        return _words_by_position(raw, tp, text, box, style)

    words: list[Word] = []
    angles: dict[int, int] = {}
    get_angle = calls.angle
    to_char = raw.FPDFText_GetCharIndexFromTextIndex
    digit = _DIGIT.search
    style_of = style.of if style is not None else None
    quarter = math.pi / 2
    sector, off_axis = 0, False
    for m in _WORD.finditer(text):
        s, e = m.span()
        e -= 1
        new_line = s == 0 or text[s - 1] in "\r\n"
        if not aligned:
            s = to_char(tp, s)
            e = to_char(tp, e)
            if s < 0 or e < s:
                continue
        w = m.group()
        if new_line:
            # one angle per line of PDFium's text: a watermark comes as a line of its own
            angle = get_angle(tpv, s)
            sector = round(angle / quarter) % 4 if angle >= 0 else 0
            off_axis = abs(angle - sector * quarter) > 0.05 and abs(angle - 2 * math.pi) > 0.05
        if off_axis:
            continue  # diagonal text: a watermark, never a result
        angles[sector] = angles.get(sector, 0) + len(w)
        if sector:
            continue  # sideways on a level page: a group label or margin note beside the table, never a result
        # typed locals: the compiled module does the arithmetic on C doubles, not on Python floats
        l0, y, r1, y1 = chars.box(s)
        top0 = page_height - y
        bottom0 = page_height - y1
        top1, bottom1 = top0, bottom0
        if e != s:
            _, y, r1, y1 = chars.box(e)
            top1 = page_height - y
            bottom1 = page_height - y1
        h = bottom0 - top0 if bottom0 - top0 > 0.1 else 0.1
        if sector == 0 and (abs(top1 - top0) > 0.5 * h or (r1 - l0) > (len(w) + 1) * h * 1.1 or r1 < l0
                            or abs(bottom1 - bottom0) > 0.25 * h or (w[0] in _POWER_START and _GLUED_POWER.match(w))):
            for piece, ps, pe in _split_by_gaps(w, s, box):  # PDFium joined two cells or two lines
                if abs(top1 - top0) > 0.5 * h and not _level(get_angle(tpv, pe)):
                    continue  # a stamp's, watermark's or sideways label's letters on a line of level text
                words.append(_piece_word(piece, ps, pe, box, style_of))
            continue
        has_digit = digit(w) is not None
        # the pattern needs a digit or a closing sign: most words are spared the search
        if e != s and (has_digit or w[-1] in _SIGNS_AFTER) and _GLUE_SUSPECT.search(w):
            pieces = _split_by_overlap(w, s, box, chars)
            if pieces is not None:  # a cell's text run on over the next cell's ('estimated85', 'm2über')
                words.extend(_piece_word(piece, ps, pe, box, style_of) for piece, ps, pe in pieces)
                continue
        word = Word(w, l0, r1, top0 if top0 < top1 else top1, bottom0 if bottom0 > bottom1 else bottom1)
        if style is not None and has_digit:
            word.bold, word.red = style.of(s)  # emphasis matters for values (a flag some reports print so)
        words.append(word)
    if angles and max(angles, key=lambda k: angles[k]) != 0:
        return []  # a page whose text runs sideways: not read (rare; reported as unread by the caller)
    return words


def _piece_word(piece: str, ps: int, pe: int, box, style_of) -> Word:
    """The word of characters ps..pe cut from a longer one, boxed from its end characters; bold / red for a value."""
    a, b = box(ps), box(pe)
    word = Word(piece, a[0], b[1], min(a[2], b[2]), max(a[3], b[3]))
    if style_of is not None and _DIGIT.search(piece):
        word.bold, word.red = style_of(ps)
    return word


_SCRAMBLED_SAMPLE = 240


def _scrambled(text: str, chars: _Chars, page_height: float, sample: int = _SCRAMBLED_SAMPLE) -> bool:
    """The text's order is not the reading order (glyphs drawn one by one in any order): most neighbours in the
    text are not neighbours on the page. Decided on the first 60 pairs when they are clear either way. For an
    unrotated page (text index == char index). The C loop `scrambled` (layout/pdfium_c.c) is this test."""
    jumps = pairs = 0
    first = True
    prev_x1 = prev_top = 0.0
    for i, ch in enumerate(text[:sample * 4]):
        if ch.isspace():
            continue
        left, y, right, y1 = chars.box(i)
        x0: float = left
        top = page_height - y
        bottom = page_height - y1
        if not first:
            h = bottom - top
            h = 0.1 if 0.1 > h else h  # max(h, 0.1) without the call
            pairs += 1
            jumps += abs(x0 - prev_x1) > 1.5 * h or abs(top - prev_top) > 0.5 * h
            if pairs >= sample or (pairs == 60 and (jumps < 6 or jumps > 30)):
                break
        first = False
        prev_x1, prev_top = right, top
    return pairs >= 20 and jumps > 0.3 * pairs


def _words_by_position(raw, tp, text: str, box, style) -> list[Word]:
    """Words from the characters' positions alone, for pages whose text order says nothing: lines by height,
    characters left to right, a word ending at a gap wider than an eighth of the type's height (loose boxes abut
    inside a word)."""
    chars = []
    for i, ch in enumerate(text):
        if ch.isspace() or _off_axis(raw.FPDFText_GetCharAngle(tp, i)):
            continue
        x0, x1, top, bottom = box(i)
        chars.append((top, bottom, x0, x1, ch, i))
    chars.sort(key=lambda c: (c[0] + c[1]) / 2)
    lines: list[list[tuple]] = []
    for c in chars:
        if lines:
            last = lines[-1][-1]
            h = max(last[1] - last[0], c[1] - c[0], 0.1)
            if abs((c[0] + c[1]) / 2 - (last[0] + last[1]) / 2) <= 0.35 * h:
                lines[-1].append(c)
                continue
        lines.append([c])
    words: list[Word] = []
    for line in lines:
        line.sort(key=lambda c: c[2])
        run = [line[0]]
        for c in line[1:]:
            h = max(c[1] - c[0], 0.1)
            if c[2] - run[-1][3] > 0.12 * h:
                words.append(_word_of(run, style))
                run = []
            run.append(c)
        words.append(_word_of(run, style))
    words.sort(key=lambda w: (round(w.top), w.x0))
    return words


def _word_of(run: list[tuple], style) -> Word:
    word = Word("".join(c[4] for c in run), run[0][2], run[-1][3], min(c[0] for c in run), max(c[1] for c in run))
    if style is not None and _DIGIT.search(word.text):
        word.bold, word.red = style.of(run[0][5])
    return word


def _level(angle: float) -> bool:
    """Text that reads left to right along the page (PDFium gives a level char 0, or 2π just below it)."""
    return angle < 0 or angle <= 0.05 or abs(angle - 2 * math.pi) <= 0.05


def _off_axis(angle: float) -> bool:
    """Text turned by something other than a quarter turn (a diagonal stamp)."""
    sector = round(angle / (math.pi / 2)) % 4 if angle >= 0 else 0
    return abs(angle - sector * math.pi / 2) > 0.05 and abs(angle - 2 * math.pi) > 0.05


def _rotated_words(raw, tp, text: str, aligned: bool, box, upright: int, style) -> list[Word]:
    """The words of a page shown rotated (a landscape report saved with /Rotate): the slower, general path."""
    words: list[Word] = []
    for m in _WORD.finditer(text):
        s, e = m.start(), m.end() - 1
        if not aligned:
            s = raw.FPDFText_GetCharIndexFromTextIndex(tp, s)
            e = raw.FPDFText_GetCharIndexFromTextIndex(tp, e)
            if s < 0 or e < s:
                continue
        angle = raw.FPDFText_GetCharAngle(tp, s)
        if abs(angle - upright * math.pi / 2) > 0.05 and not (upright == 0 and abs(angle - 2 * math.pi) <= 0.05):
            continue  # not upright on the shown page: a watermark or a sideways label
        a, b = box(s), box(e)
        word = Word(m.group(), a[0], b[1], min(a[2], b[2]), max(a[3], b[3]))
        if style is not None and _DIGIT.search(word.text):
            word.bold, word.red = style.of(s)
        words.append(word)
    return words


# A power of ten whose exponent may be a raised run PDFium joined to it ('x103/µL', '109/L'): measured per character.
_POWER_START = "x×*1"
_GLUED_POWER = re.compile(r"^(?:[x×*]10\d{1,2}(?:/|$)|10\d{1,2}/)")


# Words that may be two cells' texts run together: letters against digits ('estimated85', '85mL'), letters against
# a comparison sign ('m2>'), a run of letters after a digit ('m2über'). Only these are checked for overlapping runs.
_GLUE_SUSPECT = re.compile(r"[^\W\d_]{3}\d|\d[^\W\d_]{3}|[^\W_][<>≤≥]$")


def _kind(c: str) -> int:
    return 0 if c.isalpha() else 1 if c.isdigit() else 2


_SIGNS_AFTER = "<>≤≥"  # a comparison sign from another run right after a unit: the next cell's interval ('m2>')


def _split_by_overlap(word: str, start: int, box, chars: _Chars) -> list[tuple[str, int, int]] | None:
    """Cut a word where a character of another text object starts left of the previous character's end, or where a
    comparison sign of another object follows: a cell's text that ran on over or up to the next cell's start
    (fixed-width cells that do not clip, FPDF / TCPDF `Cell`); PDFium puts no space between such runs. Runs that only
    abut stay one word: a CJK name and its digits are often set in two fonts ('建国路108号'). None when nothing is cut."""
    text_object = chars.text_object
    if text_object(start) == text_object(start + len(word) - 1):
        return None
    pieces: list[tuple[str, int, int]] = []
    piece_start = 0
    prev_obj, prev = text_object(start), box(start)
    for k in range(1, len(word)):
        obj, cur = text_object(start + k), box(start + k)
        if obj != prev_obj and (cur[0] < prev[1] - 0.1 * max(prev[3] - prev[2], 0.1)
                                or (word[k] in _SIGNS_AFTER and _kind(word[k - 1]) != 2)):
            pieces.append((word[piece_start:k], start + piece_start, start + k - 1))
            piece_start = k
        prev_obj, prev = obj, cur
    if not pieces:
        return None
    pieces.append((word[piece_start:], start + piece_start, start + len(word) - 1))
    return pieces


def _split_by_gaps(word: str, start: int, box) -> list[tuple[str, int, int]]:
    """Cut a word where consecutive characters are far apart, on different lines, or where smaller type is raised
    or lowered ('x10' and a raised '3' that PDFium joined: lines.py reads it as the power 'x10^3')."""
    pieces: list[tuple[str, int, int]] = []
    piece_start = 0
    prev = box(start)
    for k in range(1, len(word)):
        cur = box(start + k)
        h = max(prev[3] - prev[2], cur[3] - cur[2], 0.1)
        gap = cur[0] - prev[1]
        if gap > 0.6 * h or gap < -2 * h or abs(cur[2] - prev[2]) > 0.5 * h \
                or (abs(cur[3] - prev[3]) > 0.25 * h and abs((cur[3] - cur[2]) - (prev[3] - prev[2])) > 0.2 * h):
            pieces.append((word[piece_start:k], start + piece_start, start + k - 1))
            piece_start = k
        prev = cur
    pieces.append((word[piece_start:], start + piece_start, start + len(word) - 1))
    return [p for p in pieces if p[0]]
