"""Preparing a scanned or photographed page for OCR (Pillow only: no numpy, no OpenCV).

Each step is here because it paid on the degraded corpus scans (docs/ANALYSIS.md, "OCR"):

- scale: Tesseract reads best with capitals about 20-40 px tall, i.e. a page at 200-300 DPI. A
  PDF page is rendered in that range (ocr_pages.py); a photo's DPI is estimated as if the page
  were 8.5 inches across and scaled into the range;
- flatten: a phone photo is lit unevenly (dark corners, a shadow): the paper's brightness around
  each pixel (the page at 1/16 size, text removed by a max filter, blurred) is taken away, so the
  paper becomes white everywhere and Tesseract's global threshold works;
- soften: a page rendered sharp (a clean 300 DPI page: ink to paper within a pixel) reads worse than
  the same page scanned ('µl' read 'ul' on every row, small print losing its decimals): Tesseract's
  models read edges a scanner softens. A page whose edges are mostly steep (`steep_edges`) is blurred
  by SOFTEN_INCHES, about 1.25 px at 300 DPI (pages worked on at SOFTEN_MIN_DPI or more: measured there);
  a scan or photo is soft already and is left alone;
- light on dark: a table's header printed in light letters on a dark band (a shaded header row) is
  read as nothing or as garbage ('TANT' over the value column), and flattening makes the band's
  letters grey on white: each such band (`dark_bands`: a rectangle mostly darker than DARK, with
  light letters in it, found before flattening) is inverted, so its letters read as dark ink on paper
  (the rest of the page is left as flattening made it). Sharp pages only (as softening): a scan's band,
  soft already, reads as flattened, and inverted it read worse (200 DPI scans: 2 rows fewer);
- deskew: a page scanned or photographed a few degrees off turns each table row into a slope,
  and the parser groups words into lines by their vertical overlap: the angle whose horizontal
  ink profile is sharpest (text lines and gaps) is measured on a small copy and undone;
- rules: a table's ruling lines, once straight, make Tesseract take whole tables for pictures and
  read none of their cells (a deskewed bordered table: 4 of 19 numbers read; without its lines:
  19): every horizontal or vertical run of ink longer than RULE_INCHES is painted white, with its
  anti-aliased edges. A line left a little off straight by deskewing and the ends of lines are found
  too (`_runs`): what is left of a rule reads as '-' or '—', or splits a row;
- orientation (0/90/180/270) is decided after a first OCR pass (ocr_pages.py): only a page
  that reads badly pays for Tesseract's orientation detection.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, ImageOps

MIN_DPI, MAX_DPI = 200, 300
PAGE_INCHES = 8.5  # a photo's short side, as if it were the page's width
MAX_SKEW = 5.0  # degrees searched either way
SKEW_STEP = 0.2
RULE_INCHES = 0.3  # a straight run of ink this long is a ruling line, not a letter
RUN_PIECES = 6  # a run is found as this many blocks in a row (a line's end is missed by at most one block)
RULE_FILL = 230  # of 255: a block this full of ink is part of a line
EDGE_STEP, STEEP_STEP = 32, 128  # of 255: a step in grey between neighbours this large is an edge, a steep one
SHARP_EDGES = 0.15  # a page whose edges are this often steep is softened (clean 300 DPI: 0.17-0.39)
SOFTEN_INCHES = 1.25 / 300  # the blur a sharp page is given (Gaussian radius)
SOFTEN_MIN_DPI = 250  # measured on 300 DPI pages only: a sharp 200 DPI photo turned on its side no longer read
BAND_GRID = 1 / 75  # inches: the page is searched for dark bands at this grid
BAND_WINDOW = 0.05  # inches (half a side): a band is darker than BAND_MEAN over a window this size (text is not)
BAND_MEAN = 110  # of 255: the mean grey of a window inside a dark band with light letters
DARK = 128  # of 255: a pixel darker than this is the band's ground (or ink)
BAND_SHARE = 0.5  # a band's rows and columns are at least this share dark
BAND_LEAST = (0.3, 0.08)  # inches: the least width and height of a band that holds a line of letters
BAND_MOST = 0.6  # inches: the most height of a band (a line or two of titles)
BAND_ASPECT = 1.2  # a band is wider than high by this (a header cell of one short title too); a code is square
BAND_INSET = 0.03  # inches: a band's top and bottom edges are made paper (a band a little off straight: its edge
#                   inverted would be a dark line); its letters stand further in (its ends: a title may start flush)
LETTERS = (0.005, 0.45)  # the share of a band's inside that is light (DARK or lighter): letters, not a black box


@dataclass(slots=True)
class Prepared:
    gray: Image.Image  # what Tesseract reads
    color: Image.Image | None  # same geometry, RGB, for red ink (None when the page has no colour)
    angle: float  # degrees the page was turned to straighten it


def prepare(image: Image.Image, *, dpi: float | None = None, flatten: bool = True, deskew: bool = True,
            rules: bool = True) -> Prepared:
    """`dpi`: the image's resolution when known (a rendered PDF page: not scaled), else estimated."""
    rgb = image.convert("RGB") if image.mode != "RGB" else image
    if dpi is None:
        estimated = min(rgb.size) / PAGE_INCHES
        factor = max(MIN_DPI, min(MAX_DPI, estimated)) / estimated
        dpi = estimated * factor
        if abs(factor - 1) > 0.1:
            rgb = rgb.resize((round(rgb.width * factor), round(rgb.height * factor)), Image.Resampling.LANCZOS)
    gray = rgb.convert("L")
    sharp = dpi >= SOFTEN_MIN_DPI and steep_edges(gray) >= SHARP_EDGES
    if sharp:
        gray = gray.filter(ImageFilter.GaussianBlur(SOFTEN_INCHES * dpi))
    unflattened = gray if sharp and has_dark_band(gray, dpi) else None
    if flatten:
        gray = flatten_light(gray)
    angle = skew_angle(gray) if deskew else 0.0
    turned = abs(angle) >= SKEW_STEP / 2
    if turned:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        rgb = rgb.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    if unflattened is not None:  # bands are found on the page straight, before flattening (which greys them)
        if turned:
            unflattened = unflattened.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        inset = max(1, round(BAND_INSET * dpi))
        for x0, y0, x1, y1 in dark_bands(unflattened, dpi):
            # inverted, its ground made paper white (the lighter half of the band is its ground once inverted)
            box = (x0, y0 + inset, x1, y1 - inset)
            gray.paste(255, (x0, y0, x1, y1))
            gray.paste(ImageOps.autocontrast(ImageOps.invert(unflattened.crop(box)), cutoff=(0, 50)), box[:2])
    if rules:
        gray = remove_rules(gray, dpi)
    return Prepared(gray, rgb if has_color(rgb) else None, angle)


def _band_core(gray: Image.Image, dpi: float) -> tuple[Image.Image, int]:
    """The page at BAND_GRID, white where a window of BAND_WINDOW around a point is darker than BAND_MEAN on
    average (inside a dark band; the densest bold print stays lighter), and the grid's step in pixels."""
    step = max(1, round(BAND_GRID * dpi))
    small = gray.resize((max(1, gray.width // step), max(1, gray.height // step)), Image.Resampling.BOX)
    window = max(1, round(BAND_WINDOW * dpi / step))
    return small.filter(ImageFilter.BoxBlur(window)).point(lambda v: 255 if v < BAND_MEAN else 0), step


def has_dark_band(gray: Image.Image, dpi: float) -> bool:
    """Whether any part of the page is dark over a window wider than a letter (a band or a black box)."""
    return _band_core(gray, dpi)[0].getbbox() is not None


def _spans(profile: bytes, least: float) -> list[tuple[int, int]]:
    """The runs (start, end) of a profile's values at `least` or more."""
    out: list[tuple[int, int]] = []
    start = None
    for i, v in enumerate([*profile, -1]):
        if v >= least and start is None:
            start = i
        elif v < least and start is not None:
            out.append((start, i))
            start = None
    return out


def dark_bands(gray: Image.Image, dpi: float) -> list[tuple[int, int, int, int]]:
    """The boxes of the page's dark bands with light letters in them (a shaded header row): where the page is
    dark over a window (`_band_core`), the rectangle whose rows and columns are at least BAND_SHARE dark
    pixels, when LETTERS of its pixels are light (a black box or a photo's dark corner has none)."""
    core, step = _band_core(gray, dpi)
    if core.getbbox() is None:
        return []
    dark = gray.point(lambda v: 255 if v < DARK else 0)
    least = 255 * BAND_SHARE
    grow = max(2, round(BAND_WINDOW * dpi / step)) + 2  # the core lies a window inside the band's edges
    boxes = []
    for a, b in _spans(core.resize((1, core.height), Image.Resampling.BOX).tobytes(), 1):
        for c, d in _spans(core.crop((0, a, core.width, b)).resize((core.width, 1), Image.Resampling.BOX).tobytes(), 1):
            x0, y0 = max(0, (c - grow) * step), max(0, (a - grow) * step)
            x1, y1 = min(gray.width, (d + grow) * step), min(gray.height, (b + grow) * step)
            area = dark.crop((x0, y0, x1, y1))
            rows = _spans(area.resize((1, area.height), Image.Resampling.BOX).tobytes(), least)
            if not rows:
                continue
            top, bottom = rows[0][0], rows[-1][1]
            band = area.crop((0, top, area.width, bottom))
            cols = _spans(band.resize((band.width, 1), Image.Resampling.BOX).tobytes(), least)
            if not cols:
                continue
            box = (x0 + cols[0][0], y0 + top, x0 + cols[-1][1], y0 + bottom)
            width, height = box[2] - box[0], box[3] - box[1]
            if height < BAND_LEAST[1] * dpi or width < BAND_LEAST[0] * dpi:
                continue  # too small to hold a line of letters
            if height > BAND_MOST * dpi or width < BAND_ASPECT * height:
                continue  # a block (a logo, a code, a picture), not a band of letters: inverted, it is no text either
            inset = (box[3] - box[1]) // 8  # its edges, anti-aliased, are no letters
            histogram = dark.crop((box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset)).histogram()
            light = histogram[0] / max(1, sum(histogram))
            if LETTERS[0] <= light <= LETTERS[1]:
                boxes.append(box)
    return boxes


def steep_edges(gray: Image.Image) -> float:
    """How sharp the page's ink edges are: of the steps in grey between horizontal neighbours that are an
    edge (EDGE_STEP or more), the share that are steep (STEEP_STEP or more): ink meets paper within a pixel.
    A clean render at 300 DPI: 0.17-0.39 on the corpus; the same pages scanned at 200 DPI (blur, noise, JPEG,
    upscaled): under 0.02, rendered clean at 200 DPI and upscaled: under 0.09, scanned at 300 DPI: 0.04-0.26."""
    w, h = gray.size
    steps = ImageChops.difference(gray.crop((1, 0, w, h)), gray.crop((0, 0, w - 1, h))).histogram()
    edges = sum(steps[EDGE_STEP:])
    return sum(steps[STEEP_STEP:]) / edges if edges else 0.0


def remove_rules(gray: Image.Image, dpi: float) -> Image.Image:
    """Paint white every horizontal or vertical run of ink longer than RULE_INCHES (a letter's longest
    stroke is far shorter), with its anti-aliased edges (the line found is widened by two pixels across
    itself; only pixels darker than the paper are painted)."""
    ink = gray.point(lambda v: 255 if v < 160 else 0)
    run = max(8, round(RULE_INCHES * dpi))
    mask = Image.new("L", gray.size, 0)
    for horizontal, widen in ((True, (1, 5)), (False, (5, 1))):
        lines = _runs(ink, run, horizontal)
        wide = (max(1, gray.width // widen[0]), max(1, gray.height // widen[1]))
        lines = lines.resize(wide, Image.Resampling.BOX).point(lambda v: 255 if v else 0)
        mask = ImageChops.lighter(mask, lines.resize(gray.size, Image.Resampling.NEAREST))
    mask = ImageChops.darker(mask, gray.point(lambda v: 255 if v < 235 else 0))
    return Image.composite(Image.new("L", gray.size, 255), gray, mask)


def _runs(ink: Image.Image, run: int, horizontal: bool) -> Image.Image:
    """Where `ink` runs straight for `run` pixels or more along rows (`horizontal`) or columns: the page is
    squeezed into blocks of RUN_PIECES-th of the run along that direction, a block full of ink (at least
    RULE_FILL) where the next or previous line across holds it too (a rule a pixel off straight after
    deskewing moves to the next pixel row along its length), and RUN_PIECES full blocks in a row make a
    run. A horizontal run also takes the block on either side of its ends: a line ending in the middle of
    a block leaves a stub, and Tesseract reads a stub as a '-' (a range sign, kept however unsurely)."""
    block = max(1, run // RUN_PIECES)
    squeeze = (block, 1) if horizontal else (1, block)
    small = ink.resize((max(1, ink.width // squeeze[0]), max(1, ink.height // squeeze[1])), Image.Resampling.BOX)
    across = (0, 1) if horizontal else (1, 0)
    small = ImageChops.lighter(small, ImageChops.lighter(_shifted(small, *across), _shifted(small, -across[0], -across[1])))
    full = small.point(lambda v: 255 if v >= RULE_FILL else 0)
    step = (1, 0) if horizontal else (0, 1)
    starts = full
    for k in range(1, RUN_PIECES):
        starts = ImageChops.darker(starts, _shifted(full, -k * step[0], -k * step[1]))
    runs = starts
    for k in range(-1 if horizontal else 1, RUN_PIECES + 1 if horizontal else RUN_PIECES):
        if k:
            runs = ImageChops.lighter(runs, _shifted(starts, k * step[0], k * step[1]))
    big = runs.resize((small.width * squeeze[0], small.height * squeeze[1]), Image.Resampling.NEAREST)
    return big if big.size == ink.size else big.crop((0, 0, *ink.size))


def _shifted(image: Image.Image, dx: int, dy: int) -> Image.Image:
    """`image` moved by (dx, dy), black where nothing moved in."""
    out = Image.new(image.mode, image.size, 0)
    out.paste(image, (dx, dy))
    return out


def flatten_light(gray: Image.Image) -> Image.Image:
    """Take away the local paper brightness: uneven light and grey paper become white, and ink keeps its
    darkness relative to the paper around it (a subtraction in 8 bits: a division would need 32-bit
    images, 60 MB more for a 300 DPI page)."""
    small = gray.resize((max(1, gray.width // 16), max(1, gray.height // 16)), Image.Resampling.BOX)
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(4))
    paper = paper.resize(gray.size, Image.Resampling.BILINEAR)
    out = ImageOps.invert(ImageChops.subtract(paper, gray))
    return ImageOps.autocontrast(out, cutoff=(0.5, 0))


def skew_angle(gray: Image.Image) -> float:
    """The rotation (degrees, counter-clockwise) that makes text lines horizontal: the angle whose
    row profile of ink has the largest variance, searched on a small, inverted copy."""
    small = gray.resize((max(1, gray.width // 4), max(1, gray.height // 4)), Image.Resampling.BOX)
    ink = ImageOps.invert(small).point(lambda v: 255 if v > 96 else 0)
    if ink.getbbox() is None:
        return 0.0

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, expand=False, fillcolor=0)
        profile = list(turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
        mean = sum(profile) / len(profile)
        return sum((v - mean) ** 2 for v in profile)

    steps = int(MAX_SKEW / SKEW_STEP)
    coarse = [i * 1.0 for i in range(-int(MAX_SKEW), int(MAX_SKEW) + 1)]
    best = max(coarse, key=sharpness)
    fine = [best + i * SKEW_STEP for i in range(-int(1 / SKEW_STEP), int(1 / SKEW_STEP) + 1)
            if abs(best + i * SKEW_STEP) <= MAX_SKEW]  # fmt: skip
    angle = max(fine, key=sharpness) if steps else best
    return round(angle, 2) if sharpness(angle) > 1.02 * sharpness(0.0) else 0.0


def has_color(rgb: Image.Image) -> bool:
    """Whether any noticeable part of the page is coloured (else red-ink detection is skipped)."""
    small = rgb.resize((max(1, rgb.width // 8), max(1, rgb.height // 8)), Image.Resampling.BOX)
    saturation = small.convert("HSV").getchannel("S")
    histogram = saturation.histogram()
    return sum(histogram[80:]) > 0.0005 * small.width * small.height
