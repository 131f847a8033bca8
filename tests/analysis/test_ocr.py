"""Scanned and photographed reports: OCR into the same parser (issue 15).

Few, small pages (OCR costs about a second a page): the full accuracy sweep over the corpus at
150/200/300 DPI, scanned and photographed, is scripts/ocr_sweep.py (docs/ANALYSIS.md, "OCR").
The test data is made here from corpus PDFs (tests/analysis/scans.py); nothing is committed.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import random
import struct
import tempfile
import threading
import time
import zlib
from functools import cache
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from shared.analysis.evaluate import match
from shared.analysis.images import Kind, sniff
from shared.analysis.interpret import CHECK_BELOW
from shared.analysis.layout.lines import build_lines
from shared.analysis.layout.words import PageWords, Word
from shared.analysis.markers import canonical, name_word
from shared.analysis.ocr import drop_graphics, even_heights, keep, read_image
from shared.analysis.ocr_pages import OcrOptions
from shared.analysis.ocrcells import Read, drop_script_column, read_missing_units, reread, value_columns
from shared.analysis.ocrfix import fix_name, fix_word, micro_parts, with_micro
from shared.analysis.parser import parse_words
from shared.analysis.pipeline import analyze_pdf, parse_pdf
from shared.analysis.scanprep import SHARP_EDGES, dark_bands, prepare, skew_angle, steep_edges
from shared.analysis.task import analyze_job
from shared.errors import BlankImage, CorruptImage, ImageTooLarge, NoTextFound, NoTextLayer
from shared.worker.sandbox import Limits, SandboxPool
from shared.worker.slots import PREFIX, hold_slot, remove_orphans, slot_directory
from tests.analysis.conftest import CORPUS, FakeContext, make_settings
from tests.analysis.pdfgen import report_pdf
from tests.analysis.scans import degrade, encode, image_pdf, render_pages

SMALL = "synth-borderless-normal-col-lt-gt"  # one page, 10 results
OCR = OcrOptions(max_pixels=40_000_000)


def truth(name: str) -> list[dict]:
    return json.loads((CORPUS / f"{name}.truth.json").read_text(encoding="utf-8"))


def corpus_pdf(name: str) -> bytes:
    """A corpus file's bytes; the test is skipped where ../shared/corpus is not beside the checkout."""
    path = CORPUS / f"{name}.pdf"
    if not path.is_file():
        pytest.skip(f"corpus file {path} not found")
    return path.read_bytes()


@cache
def page(name: str = SMALL, dpi: int = 200) -> Image.Image:
    return render_pages(corpus_pdf(name), dpi=dpi)[0]


def recall(name: str, biomarkers: list) -> float:
    pairs, _missed, _extra = match(truth(name), biomarkers)
    return len(pairs) / len(truth(name))


# ------------------------------------------------------------------------------ reading scans


def test_a_scanned_pdf_reads_like_its_text_pdf() -> None:
    scan = image_pdf([degrade(page(), "scan", seed=3)], dpi=200)
    report = parse_pdf(scan, ocr=OCR)
    assert recall(SMALL, report.biomarkers) >= 0.9
    assert {b.source for b in report.biomarkers} == {"ocr"}
    assert all(0 < b.confidence <= 1 for b in report.biomarkers)
    with pytest.raises(NoTextLayer):  # without OCR, a scan is still refused as before
        parse_pdf(scan)


def test_a_text_layer_that_cannot_be_decoded_is_read_as_a_scan() -> None:
    """Fonts whose map to Unicode sends the letters to control codes: the page prints fine but its text says
    nothing. With OCR the page is read from its print (source 'ocr'); without, the error says why."""
    rows = [["Hemoglobin", "11.2", "g/dL", "13.0 - 17.0"], ["Glucose", "98", "mg/dL", "70 - 100"],
            ["Platelets", "250", "10^3/uL", "150 - 400"], ["Creatinine", "1.4", "mg/dL", "0.7 - 1.2"],
            ["Sodium", "139", "mmol/L", "135 - 145"], ["Potassium", "4.1", "mmol/L", "3.5 - 5.1"],
            ["Calcium", "9.4", "mg/dL", "8.6 - 10.3"], ["Total Cholesterol", "242", "mg/dL", "0 - 200"],
            ["Triglycerides", "130", "mg/dL", "0 - 150"], ["Ferritin", "85", "ng/mL", "30 - 400"],
            ["Urea", "32", "mg/dL", "17 - 43"], ["Albumin", "4.4", "g/dL", "3.5 - 5.2"]]
    header = ["Test", "Result", "Unit", "Reference Range"]  # (OCR reads a page of a few lines poorly: a dozen rows)
    report = parse_pdf(report_pdf(rows, header=header, garbled=True), ocr=OCR)
    got = {(b.canonical, b.value, b.flag) for b in report.biomarkers}
    assert got >= {("hemoglobin", 11.2, "low"), ("glucose", 98, "normal"), ("creatinine", 1.4, "high"),
                    ("sodium", 139, "normal"), ("total_cholesterol", 242, "high")}
    assert len(report.biomarkers) >= 10 and {b.source for b in report.biomarkers} == {"ocr"}
    with pytest.raises(NoTextLayer, match="cannot be decoded"):
        parse_pdf(report_pdf(rows, header=header, garbled=True))
    plain = parse_pdf(report_pdf(rows, header=header), ocr=OCR)  # a decodable text layer is never OCR'd
    assert {b.source for b in plain.biomarkers} == {"text"} and len(plain.biomarkers) == len(rows)


def _searchable_pdf(scan: Image.Image, dpi: int, hidden: list[tuple[float, float, str]]) -> bytes:
    """A "searchable PDF" as scanners and OCRmyPDF make it: the scan as the page, and under it another program's
    OCR as invisible text (render mode 3) at the given (x, y from the top, text) places."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    size = (scan.width * 72 / dpi, scan.height * 72 / dpi)
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=size)
    c.drawImage(ImageReader(scan), 0, 0, *size)
    text = c.beginText()
    text.setTextRenderMode(3)
    text.setFont("Helvetica", 9)
    for x, y, words in hidden:
        text.setTextOrigin(x, size[1] - y)
        text.textOut(words)
    c.drawText(text)
    c.save()
    return out.getvalue()


def test_a_scan_with_a_hidden_ocr_layer_is_read_by_our_ocr() -> None:
    """Another program's hidden OCR text under a scan is not trusted when OCR is on: the scan is read as a scan
    (its errors corrected as ours are), and the hidden text only when OCR is off."""
    hidden = [(40, 100 + 14 * i, f"Hemog1obin 7{i}.2 g/dL 13.0 - 17.0") for i in range(12)]  # a misreading layer
    pdf = _searchable_pdf(page(), 200, hidden)
    report = parse_pdf(pdf, ocr=OCR)
    assert {b.source for b in report.biomarkers} == {"ocr"}
    assert recall(SMALL, report.biomarkers) >= 0.9
    assert not any(b.name.startswith("Hemog1obin") for b in report.biomarkers)
    hidden_only = parse_pdf(pdf)  # OCR off: the hidden layer is all there is
    assert {b.source for b in hidden_only.biomarkers} == {"text"} and len(hidden_only.biomarkers) == 12


def test_a_photo_upload_gives_ocr_results_and_a_list_to_check() -> None:
    photo = encode(degrade(page(), "photo", seed=5), "jpeg", quality=70)
    assert sniff(photo) is Kind.JPEG
    result = analyze_pdf(photo, ocr=OCR)
    assert result["biomarkers"] and {b["source"] for b in result["biomarkers"]} == {"ocr"}
    low = [b for b in result["biomarkers"] if b["confidence"] < CHECK_BELOW]
    assert [c["name"] for c in result["to_check"]] == [b["name"] for b in low]
    assert any("scan or photo (OCR)" in n for n in result["notes"])
    if low:
        assert "## Check these against your report" in result["analysis"]


def test_a_page_turned_on_its_side_is_read_upright() -> None:
    turned = page().transpose(Image.Transpose.ROTATE_90)
    report = parse_pdf(encode(turned, "png"), ocr=OCR)
    assert recall(SMALL, report.biomarkers) >= 0.85


def test_a_mixed_pdf_reads_text_pages_as_text_and_scanned_pages_by_ocr() -> None:
    import pypdfium2 as pdfium

    text_pdf = corpus_pdf("synth-ks-multipage-continued")
    scanned = image_pdf([render_pages(text_pdf, dpi=200)[1]], dpi=200)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(text_pdf), [0])
    mixed.import_pages(pdfium.PdfDocument(scanned), [0])
    out = io.BytesIO()
    mixed.save(out)
    report = parse_pdf(out.getvalue(), ocr=OCR)
    sources = {(b.page, b.source) for b in report.biomarkers}
    assert (1, "text") in sources and (2, "ocr") in sources and (1, "ocr") not in sources
    assert recall("synth-ks-multipage-continued", report.biomarkers) >= 0.8


# ------------------------------------------------------------------------------ bad images


def blank_png() -> bytes:
    return encode(Image.new("RGB", (1700, 2200), (250, 250, 248)), "png")


def cat_photo() -> bytes:
    """A photo with no text: soft fur-like texture, an outline, two eyes, uneven light."""
    rng = random.Random(7)
    img = Image.linear_gradient("L").resize((800, 600)).convert("RGB")  # a floor in the light, a dark corner
    img = Image.blend(img, Image.effect_noise((800, 600), 60).convert("RGB").filter(ImageFilter.GaussianBlur(3)), 0.3)
    draw = ImageDraw.Draw(img)
    draw.ellipse((220, 120, 580, 480), fill=(150, 110, 70))
    for x in (320, 460):
        draw.ellipse((x - 25, 240, x + 25, 280), fill=(60, 140, 60))
    for _ in range(400):
        x, y = rng.randint(220, 580), rng.randint(120, 480)
        draw.line((x, y, x + rng.randint(-8, 8), y + rng.randint(4, 12)), fill=(120, 85, 50), width=2)
    return encode(img.filter(ImageFilter.GaussianBlur(1)), "jpeg", quality=80)


@cache
def huge_png(side: int = 20_000) -> bytes:
    """A real 20,000 x 20,000 grey PNG: 400 MP once decoded, about 400 KB as a file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    z = zlib.compressobj(1)
    rows = (b"\x00" + b"\xff" * side) * 500
    idat = b"".join(z.compress(rows) for _ in range(side // 500)) + z.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)) + \
        chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def huge_image_pdf() -> bytes:
    """An image-only PDF whose one image claims 60,000 x 60,000 pixels (a few bytes of data)."""
    from shared.analysis.sandboxed import pdf_file

    image = zlib.compress(b"\xff" * 1000)
    content = b"q 500 0 0 700 40 60 cm /Im1 Do Q"
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(image), image),
    ])  # fmt: skip


BAD_IMAGES = {
    "blank page": (blank_png, BlankImage, "the image is blank"),
    "photo of a cat": (cat_photo, NoTextFound, "no text could be read from this image"),
    "20,000 x 20,000 PNG": (huge_png, ImageTooLarge, "20,000 x 20,000 pixels (400 megapixels)"),
    "truncated JPEG": (lambda: encode(page(), "jpeg")[:30_000], CorruptImage, "truncated"),
    "PNG header only": (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 64, CorruptImage, "damaged"),
    "PDF with a 60,000 x 60,000 image": (huge_image_pdf, ImageTooLarge, "60,000 x 60,000 pixels"),
    "scanned PDF of a blank page": (lambda: image_pdf([Image.new("RGB", (1700, 2200), "white")], dpi=200),
                                    BlankImage, "blank"),
}


@pytest.mark.parametrize("case", list(BAD_IMAGES), ids=list(BAD_IMAGES))
def test_each_bad_image_ends_with_its_own_message(case: str) -> None:
    make, error, message = BAD_IMAGES[case]
    data = make()
    started = time.perf_counter()
    with pytest.raises(error) as info:
        analyze_pdf(data, ocr=OCR)
    assert message in str(info.value)
    if error is ImageTooLarge:
        assert time.perf_counter() - started < 2.0  # refused from the header, never decoded


async def test_bad_images_fail_alone_in_the_sandbox_and_the_next_scan_is_read() -> None:
    """Through the real sandbox: each bad image ends with its own error; the same pool then reads a scan."""
    settings = make_settings(analysis_cpu_seconds=5, analysis_wall_seconds=3, ocr_page_seconds=30)
    pool = SandboxPool(Limits(memory_mb=settings.analysis_memory_limit_mb, cpu_seconds=5, wall_seconds=3, output_mb=4,
                              extension_seconds=settings.analysis_extension_seconds), size=1,
                       preload=["shared.analysis.sandboxed"], log_level="WARNING")  # fmt: skip
    pool.start()
    try:
        await pool.wait_ready()
        for case in ("blank page", "photo of a cat", "20,000 x 20,000 PNG", "truncated JPEG"):
            make, error, message = BAD_IMAGES[case]
            with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
                await analyze_job(FakeContext(make(), settings=settings, sandbox=pool))
        ctx = FakeContext(encode(degrade(page(), "scan", seed=9), "jpeg", quality=70), settings=settings, sandbox=pool)
        result = await analyze_job(ctx)
        assert {b["source"] for b in result["biomarkers"]} == {"ocr"}
        assert ("extracting", 45, 1, 1) in ctx.page_calls  # progress per page
    finally:
        await pool.close()


# ------------------------------------------------------------------------------ the parts


def test_ocr_slots_let_one_page_through_at_a_time(tmp_path: Path) -> None:
    inside, most = 0, 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal inside, most
        with hold_slot(str(tmp_path), 1):
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.05)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 1
    with hold_slot(str(tmp_path), 2) as first, hold_slot(str(tmp_path), 2) as second:
        assert {first, second} == {0, 1}  # two slots: both held at once


def test_a_worker_process_removes_its_slot_folder_at_exit_and_those_of_dead_workers() -> None:
    import subprocess
    import sys

    code = ("from shared.worker.slots import hold_slot, slot_directory\n"
            "d = slot_directory()\n"
            "with hold_slot(d, 2): print(d, flush=True)\n")  # fmt: skip
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60, check=True)
    folder = Path(done.stdout.strip())
    assert folder.name.startswith(PREFIX) and folder.parent == Path(tempfile.gettempdir())
    assert not folder.exists()  # it existed while the slot was held; gone at exit
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    orphan = Path(tempfile.gettempdir()) / f"{PREFIX}{gone.pid}"
    with hold_slot(str(orphan), 1):
        pass
    assert orphan.is_dir()
    assert str(orphan) in remove_orphans()
    assert not orphan.exists()
    assert Path(slot_directory()).name == f"{PREFIX}{os.getpid()}"  # a live worker's folder is kept


def test_deskew_finds_the_angle_a_page_was_turned_by() -> None:
    turned = page().rotate(-1.6, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255)).convert("L")
    assert abs(skew_angle(turned) - 1.6) <= 0.3
    assert abs(skew_angle(page().convert("L"))) <= 0.2


def test_a_page_rendered_sharp_is_softened_and_a_scan_is_not() -> None:
    """A clean 300 DPI render (ink to paper within a pixel) read as it is lost the micro sign of 'x10^3/µl'
    on every row (12 of 20 values); softened it reads like a scan. A scan, soft already, is left as it is."""
    sharp = page("italian-emocromo-fake", dpi=300)
    assert steep_edges(sharp.convert("L")) >= SHARP_EDGES
    for kind in ("scan", "photo"):
        soft = degrade(page("italian-emocromo-fake", dpi=200), kind, seed=0).resize(sharp.size, Image.Resampling.BICUBIC)
        assert steep_edges(soft.convert("L")) < SHARP_EDGES / 2
    assert steep_edges(prepare(sharp, dpi=300, deskew=False, rules=False).gray) < SHARP_EDGES / 2
    parsed = parse_pdf(image_pdf([sharp], dpi=300), ocr=OCR).biomarkers
    assert recall("italian-emocromo-fake", parsed) >= 0.95
    assert not any((b.unit or "").lower().endswith("/ul") for b in parsed)  # "x10^3/µl" as printed, not "ul"


def ruled_table() -> tuple[Image.Image, list[int], list[int]]:
    """A table of thin grey rules (as a 200 DPI scan shows them, upscaled) with text in its cells."""
    from PIL import ImageFont

    img = Image.new("RGB", (1800, 1300), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=34)
    rows, cols = list(range(200, 1101, 100)), [100, 700, 1100, 1700]
    for y in rows:
        draw.line([(cols[0], y), (cols[-1], y)], fill=(80, 80, 80), width=2)
    for x in cols:
        draw.line([(x, rows[0]), (x, rows[-1])], fill=(80, 80, 80), width=2)
    for n, y in enumerate(rows[:-1]):
        for x, text in zip(cols, (f"Marker {n}", f"{n + 3}.{n}", "mg/dL"), strict=False):
            draw.text((x + 30, y + 30), text, fill="black", font=font)
    return img, rows, cols


SHADED_ROWS = (("Hemoglobin", "13.5", "g/dL", "12.0 - 16.0"), ("Glucose", "92", "mg/dL", "70 - 100"),
               ("Sodium", "140", "mmol/L", "136 - 145"), ("Potassium", "4.1", "mmol/L", "3.5 - 5.1"),
               ("Creatinine", "0.9", "mg/dL", "0.6 - 1.2"))  # fmt: skip


def shaded_table(ground: tuple[int, int, int] | None = (46, 62, 80), letters: bool = True) -> Image.Image:
    """A table whose header is printed in white on a dark band (a shaded header row), at 300 DPI."""
    from PIL import ImageFont

    img = Image.new("RGB", (2400, 1100), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=40)
    cols = (150, 900, 1250, 1650)
    if ground is not None:
        draw.rectangle((120, 150, 2100, 240), fill=ground)
    for x, text in zip(cols, ("Test", "Result", "Units", "Reference Range"), strict=True):
        if letters:
            draw.text((x, 172), text, fill="white" if ground is not None else "black", font=font)
    for n, row in enumerate(SHADED_ROWS):
        for x, text in zip(cols, row, strict=True):
            draw.text((x, 290 + 110 * n), text, fill="black", font=font)
    return img


def test_a_header_printed_light_on_a_dark_band_is_read() -> None:
    """White titles on a dark band of a sharp page (a clean render) read as garbage ('TANT' over the value
    column; flattened, the band's letters come out grey on white): the band is found and inverted, and its
    titles read as a header."""
    img = shaded_table()
    words = read_image(img, 1, 576, 264, dpi=300)
    assert {"Test", "Result", "Units", "Reference", "Range"} <= {w.text for w in words.words}
    parsed = parse_pdf(image_pdf([img], dpi=300), ocr=OCR).biomarkers
    assert [(b.name, b.value, b.unit, b.ref_low, b.ref_high) for b in parsed] == [
        (name, float(value), unit, *(float(v) for v in ref.split(" - "))) for name, value, unit, ref in SHADED_ROWS]


def test_a_black_box_or_dark_print_is_no_band_to_invert() -> None:
    """Only a dark band with light letters in it is inverted: not a black box, not a table printed dark on white."""
    assert dark_bands(shaded_table(letters=False).convert("L"), 300) == []
    assert dark_bands(shaded_table(ground=None).convert("L"), 300) == []
    assert dark_bands(shaded_table().convert("L"), 300) == [(120, 150, 2101, 241)]
    from PIL import ImageFont

    logo = Image.new("L", (1200, 900), 255)  # a square block with light marks in it (a logo, a code)
    draw = ImageDraw.Draw(logo)
    draw.rectangle((300, 200, 600, 500), fill=40)
    draw.text((330, 320), "LAB", fill=255, font=ImageFont.load_default(size=60))
    assert dark_bands(logo, 300) == []


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_rules_of_a_scanned_table_are_painted_out_to_their_ends(seed: int) -> None:
    """A scan turned up to 2 degrees and straightened leaves its rules a pixel off straight over their
    length; their ends fall inside a block. Nothing of them may be left: a stub reads as '-'."""
    img, rows, cols = ruled_table()
    gray = prepare(degrade(img, "scan", seed=seed), dpi=300).gray
    ink = gray.point(lambda v: 255 if v < 160 else 0)
    bands = [(cols[0] - 40, y - 8, cols[-1] + 40, y + 9) for y in rows]
    bands += [(x - 8, rows[0] - 40, x + 9, rows[-1] + 40) for x in cols]
    for band in bands:  # a few specks where rules cross, at most (before: 150-630 pixels of each rule left)
        assert ink.crop(band).histogram()[255] <= 64, band
    assert ink.crop((cols[0] + 20, rows[0] + 20, cols[1] - 20, rows[1] - 20)).getbbox() is not None  # the text stays


@pytest.mark.parametrize(("read", "meant"), [("x1043/pl", "x10^3/\u00b5l"), ("X10*12/L", "X10^12/L"),
                                             ("X10°9/L", "X10^9/L"), ("4·5", "4.5"), ("x10^3/uL", "x10^3/uL"),
                                             ("g/dL.", "g/dL"), ("mg/dL", "mg/dL"), ("1043", "1043"),
                                             ("Dr.", "Dr."), ("meg/dL", "mcg/dL"), ("ulU/mL", "uIU/mL"),
                                             ("mlU/L", "mIU/L"), ("mEg/L", "mEq/L"), ("mmoI/L", "mmol/L"),
                                             ("and/or", "and/or"), ("mIU/L", "mIU/L"), ("0.1.-:1.2", "0.1-1.2"),
                                             ("12-14", "12-14"), ("04/04/25", "04/04/25"),
                                             ("x109/L", "x10\u2079/L"), ("X1012/L", "X10\u00b9\u00b2/L"),
                                             ("x103/\u00b5L", "x10\u00b3/\u00b5L"), ("x105/L", "x105/L"),
                                             ("1109/L", "1109/L"), ("X10%12/L", "X10^12/L"), ("27=32", "27-32"),
                                             ("10%", "10%"), (">=7.0", ">=7.0"), ("x10%/L", "x10%/L"),
                                             ("Million/cemm", "Million/cmm"), ("cells/cemm", "cells/cmm"),
                                             ("Albumin/Globulin", "Albumin/Globulin"), ("BUN/Creat", "BUN/Creat"),
                                             ("mg/dLx", "mg/dL"), ("g/dLx", "g/dLx")])  # fmt: skip
def test_ocr_misreadings_of_units_are_corrected_and_nothing_else(read: str, meant: str) -> None:
    assert fix_word(read) == meant


def test_a_range_dash_boxed_tall_and_off_the_row_stays_on_its_row() -> None:
    """Tesseract boxed the '-' of '136 - 145' 47 px tall (digits 29 px) and lower than the digits: it was
    dropped as a drawing, then, kept, started a line of its own."""
    row = [Word("Sodium", 94, 124, 178, 185), Word("142", 261, 275, 178, 185), Word("136", 440, 455, 178, 185),
           Word("-", 459, 461, 177, 189), Word("145", 464, 478, 178, 185), Word("Total", 94, 120, 196, 203),
           Word("Fibrinogen", 94, 140, 214, 221), Word("Albumin", 94, 130, 232, 239)]  # fmt: skip
    kept = drop_graphics(row)
    even_heights(kept)
    assert [w.text for w in build_lines(kept)[0].words] == ["Sodium", "142", "136", "-", "145"]


def test_a_unit_boxed_tall_is_kept_and_a_tall_mark_is_not() -> None:
    """Tesseract boxed the '%' of '1.63 %' 47 px tall (digits 29 px): a short word far taller than the page's
    text is dropped as a drawing, but not a unit read surely; a tall 'oO', or a '%' read unsurely, still is."""
    row = [Word(t, 10 + 40 * i, 40 + 40 * i, 100, 107) for i, t in enumerate(["Monocytes", "1.63", "2-8", "LOW"])]
    rows = row + [Word(t, 10, 40, 120 + 20 * i, 127 + 20 * i) for i, t in enumerate(["Basophils", "0.43", "Total"])]
    tall = [Word("%", 82, 88, 98, 110, conf=0.93), Word("oO", 300, 310, 98, 110, conf=0.93),
            Word("%", 400, 404, 98, 110, conf=0.5)]  # fmt: skip
    kept = drop_graphics(rows + tall)
    assert [(w.text, w.x0) for w in kept if w in tall] == [("%", 82)]
    assert [w.text for w in build_lines(kept)[0].words] == ["Monocytes", "1.63", "%", "2-8", "LOW"]  # on its row


@pytest.mark.parametrize(("name", "row"), [("synth-ks-grouped-abnormal-section", "Monocytes"),
                                           ("synth-colon-normal-parens-cbc-chem", "RBC Count")])  # fmt: skip
def test_a_scanned_row_keeps_a_unit_boxed_tall_or_smudged(name: str, row: str) -> None:
    """200 DPI scans: '1.63 %' with the '%' boxed 1.6 times a digit's height, and 'Million/cmm' read
    'Million/cemm' at 0.49: the row is read with its unit (each was missed before)."""
    report = parse_pdf(image_pdf([degrade(page(name), "scan", seed=0)], dpi=200), ocr=OCR)
    pairs, _missed, _extra = match([t for t in truth(name) if t["name"] == row], report.biomarkers)
    assert len(pairs) == 1


def test_an_unsure_cell_of_a_value_column_is_read_again_alone() -> None:
    """Three values read surely make a right-aligned column; 'Seid' (read at 0.58 where '5.1' is printed,
    after a label in another script) is read again as a cell, and the sure rows are left alone."""
    words = [Read("15.7", (1253, 1654, 1343, 1681), 0.86), Read("45", (1302, 1705, 1344, 1732), 0.97),
             Read("88", (1302, 1755, 1344, 1783), 0.97), Read("BK", (921, 1603, 950, 1630), 0.58),
             Read("Seid", (1276, 1603, 1343, 1630), 0.58), Read("G/DL", (1521, 1651, 1617, 1683), 0.6)]  # fmt: skip
    assert value_columns(words) == [(1253, 1344)]
    asked = []

    def read_cell(box: tuple[int, int, int, int]) -> tuple[str, float]:
        asked.append(box)
        return "5.1", 0.95

    out = reread(words, read_cell, (2480, 3500))
    assert len(asked) == 1 and asked[0][0] < 1253 and asked[0][2] > 1344  # the column's width, with a margin
    assert ("5.1", 0.95) in [(w.text, w.conf) for w in out] and "Seid" not in [w.text for w in out]
    assert {"BK", "G/DL", "15.7", "45", "88"} <= {w.text for w in out}  # outside the column, or sure
    assert reread(words, lambda box: ("Sat", 0.99), (2480, 3500)) == words  # not a number: nothing changes


@pytest.mark.parametrize(("cell", "meant"), [(("57.3", 0.95), "57.3"), (("5.7", 0.95), "57"), (("57.3", 0.6), "57"),
                                             (("573", 0.95), "57")])  # fmt: skip
def test_a_whole_number_ending_short_of_its_column_is_read_again_for_its_decimals(cell: tuple, meant: str) -> None:
    """Monospaced small print: '57.3' read '57' at 0.96, its box ending two characters before the right edge
    where the column's other numbers end. The cell read alone gives '57.3': taken when sure and it is the
    word's digits and more after a point. A number ending at the edge ('45') is not read again."""
    column = [Read(t, (1344 - 22 * len(t), 1000 + 50 * n, 1344, 1027 + 50 * n), 0.96)
              for n, t in enumerate(["15.7", "45", "12.1", "205"])]  # fmt: skip
    short = Read("57", (1253, 1300, 1294, 1327), 0.96)
    asked = []

    def read_cell(box: tuple[int, int, int, int]) -> tuple[str, float]:
        asked.append(box)
        return cell

    out = reread([*column, short], read_cell, (2480, 3500))
    assert [w.text for w in out if w.box[1] == 1300] == [meant]
    assert len(asked) == 1 and asked[0][1] < 1300 < 1327 < asked[0][3]
    assert [w.text for w in out if w.box[1] < 1300] == ["15.7", "45", "12.1", "205"]


def test_a_unit_tesseract_passed_over_is_read_from_its_cell() -> None:
    """'%' printed in small monospace is often not found at all: a row with a sure value and nothing in the
    unit column (units lined up on three rows) has its unit cell read alone; taken when it is a unit read
    surely. A row whose cell reads no unit, or reads one unsurely, gets none."""
    words = []
    for n, (value, unit) in enumerate([("57.3", "%"), ("31.5", "%"), ("9.2", "%"), ("1.3", ""), ("0.7", ""),
                                       ("2.0", "")]):  # fmt: skip
        y = 2150 + 51 * n
        words += [Read(f"NAME{n}", (150, y, 400, y + 29), 0.96), Read(value, (1300, y, 1344, y + 29), 0.96)]
        if unit:
            words.append(Read(unit, (1510, y, 1532, y + 29), 0.6))
    reads = {2150 + 51 * 3: ("%", 0.9), 2150 + 51 * 4: ("%", 0.5), 2150 + 51 * 5: ("Sa", 0.95)}
    asked = []

    def read_text(box: tuple[int, int, int, int]) -> tuple[str, float]:
        asked.append(box)
        return next((r for y, r in reads.items() if box[1] < y < box[3]), ("", 0.0))

    out = read_missing_units(words, read_text, (2480, 3500))
    assert [(w.text, w.box[1]) for w in out[len(words):]] == [("%", 2150 + 51 * 3)]
    assert len(asked) == 3 and all(box[0] < 1510 < 1532 < box[2] for box in asked)


@pytest.mark.parametrize(("cell", "meant"), [(("0.4-1.1", 0.87), "0.4-1.1"), (("1.1-0.4", 0.9), "4-1"),
                                             (("0.5-2.1", 0.9), "4-1"), (("0.4-1.1", 0.5), "4-1")])  # fmt: skip
def test_a_range_starting_short_of_its_column_is_read_again(cell: tuple, meant: str) -> None:
    """'0.4-1.1' read '4-1' surely, its box starting two characters right of where the column's ranges
    start: the cell is read alone (digits, points, dash) and taken when sure, low <= high, and holding the
    word's digits in their order. Ranges starting at the edge are not read again."""
    column = [Read(t, (1769, 2500 + 51 * n, 1769 + 23 * len(t), 2529 + 51 * n), 0.96)
              for n, t in enumerate(["2.0-7.0", "40-75", "150-400"])]  # fmt: skip
    short = Read("4-1", (1819, 2700, 1885, 2729), 0.95)
    asked = []

    def read_cell(box: tuple[int, int, int, int], chars: str = "") -> tuple[str, float]:
        asked.append((box, chars))
        return cell

    out = reread([*column, short], read_cell, (2480, 3500))
    assert [w.text for w in out if w.box[1] == 2700] == [meant]
    assert len(asked) == 1 and "-" in asked[0][1] and asked[0][0][0] < 1769
    assert [w.text for w in out if w.box[1] < 2700] == ["2.0-7.0", "40-75", "150-400"]


def test_a_range_within_two_range_columns_is_read_again_once() -> None:
    """Two range columns side by side (a range cut short lies within both): it is read again once."""
    words = [Read(t, (x, 2500 + 51 * n, x + 23 * len(t), 2529 + 51 * n), 0.96)
             for x in (1769, 1800) for n, t in enumerate(["2.0-7.0", "40-75", "150-400"], start=3 * (x == 1800))]
    asked = []

    def read_cell(box: tuple[int, int, int, int], chars: str = "") -> tuple[str, float]:
        asked.append(box)
        return "0.4-1.1", 0.9

    out = reread([*words, Read("4-1", (1850, 2200, 1916, 2229), 0.95)], read_cell, (2480, 3500))
    assert len(asked) == 1 and [w.text for w in out if w.box[1] == 2200] == ["0.4-1.1"]


def _range_rows(rows: list[tuple[str, str, float, int]]) -> list[Read]:
    """A name, a value read surely in a right-aligned column, and a range (or nothing) starting at x, per row,
    51 px apart."""
    words = []
    for n, (value, rng, conf, x) in enumerate(rows):
        y = 2500 + 51 * n
        words += [Read(f"NAME{n}", (150, y, 400, y + 29), 0.96), Read(value, (1344 - 22 * len(value), y, 1344, y + 29), 0.96)]
        if rng:
            words.append(Read(rng, (x, y, x + 23 * len(rng), y + 29), conf))
    return words


@pytest.mark.parametrize(("read", "conf", "meant"), [
    ("5-4", 0.88, "1.5-4.5"), ("0-0", 0.95, "0.0-0.7"), ("1156-313", 0.52, "11.6-31.3"),
    ("40-75", 0.96, "40-75")])  # fmt: skip
def test_a_range_no_report_prints_or_read_unsurely_is_read_again(read: str, conf: float, meant: str) -> None:
    """A range column (three plausible ranges read surely, left edges lined up): '1.5-4.5' read '5-4' and
    '0.0-0.7' read '0-0' however surely (low not below high: no report prints them), '11.6-31.3' read
    '1156-313' unsurely, are read again as cells and take the cell's read when it is a plausible range read
    surely (or, holding the word's digits, nearly so); a plausible range read surely is not read again."""
    column = [("2.6", "2.0-7.0", 0.96, 1769), ("57", "40-75", 0.96, 1769), ("205", "150-400", 0.96, 1769)]
    words = _range_rows([*column, ("1.4", read, conf, 1769 if read == meant else 1820 - 50 * (conf < 0.8))])
    reads = {"5-4": ("1.5-4.5", 0.88), "0-0": ("0.0-0.7", 0.84), "1156-313": ("11.6-31.3", 0.87)}
    asked = []

    def read_cell(box: tuple[int, int, int, int], chars: str = "") -> tuple[str, float]:
        asked.append(box)
        return reads.get(read, ("", 0.0)) if "-" in chars else ("", 0.0)

    out = reread(words, read_cell, (2480, 3500))
    assert [w.text for w in out if w.box[1] == 2500 + 51 * 3 and w.box[0] > 1500] == [meant]
    ranges = [box for box in asked if box[1] < 2500 + 51 * 3 < box[3] and box[0] > 1500]
    assert len(ranges) == (read != meant) and all(box[0] < 1769 for box in ranges)  # from the column's edge
    for wrong in (("4.5-1.5", 0.95), ("1.5-4.5", 0.6), ("2.5-3.5", 0.9), ("0.0-0.0", 0.95)):
        kept = reread(words, lambda box, chars="", wrong=wrong: wrong if "-" in chars else ("", 0.0), (2480, 3500))
        text = [w.text for w in kept if w.box[1] == 2500 + 51 * 3 and w.box[0] > 1500]
        # implausible, unsure, or (for a word read surely) not holding its digits: the word stays
        assert text == [read] or (wrong[0] == "2.5-3.5" and conf < 0.8 and text == ["2.5-3.5"])


def test_a_range_tesseract_passed_over_or_guessed_at_is_read_from_its_cell() -> None:
    """Rows of a range column with a value read surely and no range read surely ('13.0-17.5' passed over
    beside '15.7' and 'G/DL'; '3.2-8.2' read '3:..278:.2' at 0.48) have their range cell read alone: a plausible
    range read surely is taken, in place of the unsure read. A row whose cell reads nothing, or no plausible
    range, gets none, and a row whose range was read surely is not asked."""
    words = _range_rows([("2.6", "2.0-7.0", 0.96, 1769), ("57", "40-75", 0.96, 1769), ("205", "150-400", 0.96, 1769),
                         ("15.7", "", 0, 0), ("5.1", "", 0, 0), ("4.3", "", 0, 0), ("77", "", 0, 0),
                         ("31", "19-49", 0.96, 1770)])
    words.append(Read("3:..278:.2", (1769, 2500 + 51 * 4, 1984, 2529 + 51 * 4), 0.48))
    reads = {3: ("13.0-17.5", 0.9), 4: ("3.2-8.2", 0.91), 5: ("", 0.0), 6: ("7.7-1.2", 0.95)}
    asked = []

    def read_cell(box: tuple[int, int, int, int], chars: str = "") -> tuple[str, float]:
        row = next((n for n in range(8) if box[1] < 2500 + 51 * n + 14 < box[3]), None)
        if "-" not in chars or box[0] < 1500:
            return "", 0.0
        asked.append(row)
        return reads.get(row, ("9-9", 0.99))

    out = reread(words, read_cell, (2480, 3500))
    found = {(w.box[1] - 2500) // 51: w.text for w in out if w.box[0] > 1500}
    assert found == {0: "2.0-7.0", 1: "40-75", 2: "150-400", 3: "13.0-17.5", 4: "3.2-8.2", 7: "19-49"}
    assert sorted(asked) == [3, 4, 5, 6]


def test_a_scanned_range_column_reads_the_ranges_of_its_text_pdf() -> None:
    """A 200 DPI scan of a monospaced report whose small print loses decimal points ('1.5-4.5' read '5-4',
    '13.0-17.5' passed over, '11.6-31.3' read '1156-313'): every result read gets the interval its text PDF
    gives (and so the flag the range implies)."""
    name = "pathlab-johor"
    text = {(b.name, b.value): (b.ref_low, b.ref_high) for b in parse_pdf(corpus_pdf(name)).biomarkers}
    report = parse_pdf(image_pdf([degrade(page(name), "scan", seed=0)], dpi=200), ocr=OCR)
    pairs, _missed, _extra = match(truth(name), report.biomarkers)
    assert len(pairs) >= 20
    assert [(t["name"], (g.ref_low, g.ref_high)) for t, g in pairs
            if (g.ref_low, g.ref_high) != text[(t["name"], t["value"])]] == []  # fmt: skip


def test_a_value_tesseract_passed_over_is_read_from_its_empty_cell() -> None:
    """Sparse-text mode read 'BUN', 'mg/dL' and '7-20' surely and nothing between them: the row's cell in
    the value column (three sure numbers above and below) is read alone; taken when read surely. A row
    outside the column's rows with nothing right of the column (a heading, a comment) is not asked."""
    words = []
    for n, (name, value) in enumerate([("Glucose", "92"), ("Urea", "31"), ("BUN", ""), ("Sodium", "140"),
                                       ("Chloride", "101"), ("Calcium", "")]):  # fmt: skip
        y = 1000 + 50 * n
        words.append(Read(name, (390, y, 470, y + 29), 0.97))
        if value:
            words.append(Read(value, (1095, y, 1135, y + 29), 0.97))
        words.append(Read("mg/dL", (1440, y, 1540, y + 29), 0.94))
    words.append(Read("Comment", (390, 1400, 520, 1429), 0.96))
    asked = []

    def read_cell(box: tuple[int, int, int, int]) -> tuple[str, float]:
        asked.append(box)
        return ("22", 0.96) if box[1] < 1100 + 29 < box[3] else ("4", 0.5)

    out = reread(words, read_cell, (2480, 3500))
    assert [(w.text, w.box[1]) for w in out if w.text in ("22", "4")] == [("22", 1100)]
    assert len(asked) == 2  # BUN's cell, and Calcium's (its read unsure: left out); not the comment's
    assert all(box[0] < 1095 and box[2] > 1135 for box in asked)


@pytest.mark.parametrize(("read", "conf", "meant"), [("3:5", 0.7, "3.5"), ("11..5", 0.6, "11.5"), ("4,5", 0.7, "4.5"),
                                                    ("4;25", 0.5, "4.25"), ("3:5", 0.9, "3:5"), ("4,500", 0.7, "4,500"),
                                                    ("12", 0.5, "12"), ("1:2.5", 0.5, "1:2.5")])  # fmt: skip
def test_a_misread_decimal_mark_takes_the_mark_of_its_column(read: str, conf: float, meant: str) -> None:
    """Sure decimals of a right-aligned column all print '.': an unsure '3:5' on a row of that column (whose
    other cell, the range, was read surely) is '3.5'; a sure one, a thousands comma, an integer are left."""
    words = [Read("15.7", (1253, 1654, 1343, 1681), 0.96), Read("4.5", (1302, 1705, 1344, 1732), 0.97),
             Read("8.8", (1302, 1755, 1344, 1783), 0.97), Read(read, (1290, 1603, 1343, 1630), conf),
             Read("3.5-5.0", (1521, 1603, 1617, 1630), 0.95)]  # fmt: skip
    out = reread(words, lambda box: ("", 0.0), (2480, 3500))
    assert [(w.text, w.conf) for w in out if w.box[1] == 1603 and w.box[0] == 1290] == [(meant, conf)]
    commas = [Read(w.text.replace(".", ","), w.box, w.conf) if w.conf > 0.95 else w for w in words]
    if read == "3:5" and conf < 0.8:  # a column that prints ',' gives ','
        assert "3,5" in [w.text for w in reread(commas, lambda box: ("", 0.0), (2480, 3500))]
    mixed = [*words[:2], Read("8,8", words[2].box, 0.97), *words[3:]]
    assert read in [w.text for w in reread(mixed, lambda box: ("", 0.0), (2480, 3500))]  # no one convention


def test_a_column_of_unsure_short_reads_between_names_and_values_is_left_out() -> None:
    """Labels printed in another script after the English names (pathlab-johor) come out of `eng` as 'AE',
    'ARGH', '8)' read unsurely, lined up on their left edges: they are dropped; a name read unsurely, an
    unsure value, and such a read with a digit on too few rows are not."""
    rows = [("NON-HDL", "AE", 0.77, "2.8"), ("LDL", "ARGH", 0.56, "2.3"), ("TOTAL/HDL", "8)", 0.33, "3.5"),
            ("TRIGLYCERIDES", "", 0, "1.2")]  # fmt: skip
    words = []
    for n, (name, junk, conf, value) in enumerate(rows):
        y = 1000 + 50 * n
        words += [Read(name, (150, y, 400, y + 29), 0.96), Read(value, (1270, y, 1340, y + 29), 0.96)]
        if junk:
            words.append(Read(junk, (830 + 3 * n, y - 2, 830 + 3 * n + 25 * len(junk), y + 27), conf))
    unsure_name = Read("CHOL", (420, 1150, 520, 1179), 0.6)  # the row's name, read unsurely
    unsure_value = Read("1.2", (1500, 1150, 1560, 1179), 0.5)  # no sure number right of it
    units = [Read("g/L", (1400, 1000 + 50 * n, 1460, 1029 + 50 * n), 0.6) for n in range(4)]
    ranges = [Read("3.6", (1600, 1000 + 50 * n, 1660, 1029 + 50 * n), 0.96) for n in range(4)]
    kept = [w.text for w in drop_script_column([*words, unsure_name, unsure_value, *units, *ranges])]
    assert not {"AE", "ARGH", "8)"} & set(kept)
    assert {"NON-HDL", "2.8", "TOTAL/HDL", "3.5", "CHOL", "1.2"} <= set(kept)
    assert kept.count("g/L") == 4  # units between a value and a range column: after a number, kept
    # two rows make no column: the reads of letters are left out each alone (a column's gap from the name), a
    # read with a digit on too few rows stays
    assert not {"AE", "ARGH"} & {w.text for w in drop_script_column(words[:-3])}
    assert "8)" in {w.text for w in drop_script_column(words[6:9] + [*words[:2], *words[3:5]])}


@pytest.mark.parametrize(("read", "meant"), [("lron", "Iron"), ("Free 14", "Free T4"), ("HbA\u20181c", "HbA1c"),
                                             ("Ca1cium", "Calcium"), ("APOLIPOPROTEIN (Apo B)", "APOLIPOPROTEIN (Apo B)"),
                                             ("Glucose", "Glucose"), ("Zorblax", "Zorblax"), ("l0", "l0")])  # fmt: skip
def test_a_name_misread_by_ocr_takes_the_spelling_the_catalogue_knows(read: str, meant: str) -> None:
    """One look-alike swapped, or a stray mark inside a word left out, when that makes a name the catalogue knows
    and the changed word a word of its names ('APOLIPOPROTEIN' never becomes 'APOLlPOPROTEIN')."""
    assert fix_name(read, lambda n: canonical(n) is not None, name_word) == meant


def test_a_scanned_row_with_a_misread_name_is_matched_to_its_test() -> None:
    """'Iron' printed in a sans-serif font reads 'lron' (a lower-case l): the result keeps its test."""
    words = [Word("lron", 100, 130, 100, 110, conf=0.85), Word("45", 250, 262, 100, 110, conf=0.97),
             Word("ug/dL", 320, 350, 100, 110, conf=0.81), Word("60", 400, 412, 100, 110, conf=0.85),
             Word("-", 415, 418, 100, 110, conf=0.85), Word("170", 421, 440, 100, 110, conf=0.97)]
    for source, name in (("ocr", "Iron"), ("text", "lron")):
        parsed = parse_words([PageWords(1, 612, 792, [Word(w.text, w.x0, w.x1, w.top, w.bottom, conf=w.conf)
                                                        for w in words], source=source)]).biomarkers
        assert [(b.name, b.value, b.ref_low, b.ref_high) for b in parsed] == [(name, 45.0, 60.0, 170.0)]
    assert canonical("Iron") is not None


def test_an_unsure_short_read_alone_a_column_right_of_its_name_is_left_out() -> None:
    """Labels in another script between names and values, most read as nothing: 'PF' (0.66) on one row stands
    a column's gap right of 'eGFR' and is left out, though no other read lines up with it. An unsure word a
    word space after the name ('HDL' at 0.7), or one with a digit, stays."""
    words = []
    for n, (name, extra) in enumerate([("eGFR", ("PF", 880)), ("LDL", ("HDL", 412)), ("FREE", ("T3", 880)),
                                       ("SODIUM", None)]):  # fmt: skip
        y = 1000 + 60 * n
        words += [Read(name, (150, y, 400, y + 29), 0.96), Read(f"{n + 1}.5", (1300, y, 1344, y + 29), 0.96)]
        if extra:
            words.append(Read(extra[0], (extra[1], y, extra[1] + 40, y + 29), 0.66 if n != 1 else 0.7))
    out = [w.text for w in drop_script_column(words)]
    assert "PF" not in out and {"HDL", "T3", "eGFR", "LDL"} <= set(out)


def test_a_unit_read_with_u_takes_the_micro_sign_the_page_prints() -> None:
    page = ["x10^6/\u00b5l", "\u03bcg/L", "g/dl", "x10^3/ul", "ug/dL", "mmol/L", "full"]
    parts = micro_parts(page)
    assert [with_micro(t, parts) for t in page] == ["x10^6/\u00b5l", "\u03bcg/L", "g/dl", "x10^3/\u00b5l",
                                                    "\u03bcg/dL", "mmol/L", "full"]  # fmt: skip
    assert micro_parts(["x10^3/ul", "ug/dL"]) == {}  # a page printing 'u' throughout keeps it


@pytest.mark.parametrize(("text", "conf", "kept"), [("mg/L", 0.42, True), ("-", 0.3, True), (">", 0.2, True),
                                                    ("Seid", 0.45, False), ("*", 0.3, False), ("5.1", 0.2, True),
                                                    ("mg/L", 0.05, False), ("Total", 0.55, True)])  # fmt: skip
def test_units_and_range_signs_read_unsurely_are_kept(text: str, conf: float, kept: bool) -> None:
    assert keep(text, conf) is kept


async def test_progress_events_and_limits_with_ocr_off() -> None:
    """OCR_ENABLED=false: a scan is refused as before (no text layer), an image upload as not a PDF."""
    from shared.errors import NotAPdf

    settings = make_settings(ocr_enabled=False)
    with pytest.raises(NoTextLayer):
        await analyze_job(FakeContext(image_pdf([page()], dpi=200), settings=settings))
    with pytest.raises(NotAPdf):
        await analyze_job(FakeContext(encode(page(), "png"), settings=settings))
    assert asyncio.get_running_loop().is_running()
