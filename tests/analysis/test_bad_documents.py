"""Every kind of unusable upload fails with its own AnalysisError and a message for the uploader."""

from __future__ import annotations

import random
import struct
import zlib

import pytest

from shared.analysis import analyze_pdf, parse_pdf
from shared.analysis.task import analyze_job
from shared.errors import (
    AnalysisError,
    BlankImage,
    CorruptPdf,
    EmptyPdf,
    EncryptedPdf,
    LayoutNotRead,
    NotALabReport,
    NotAPdf,
    NoTextFound,
    NoTextLayer,
    TooManyPages,
)
from tests.analysis.conftest import FakeContext, make_settings
from tests.analysis.pdfgen import build_pdf, report_pdf, text_page

ROWS = [["Hemoglobin", "13.5", "g/dL", "13.0 - 17.0"], ["WBC", "7,400", "/cumm", "4000 - 11000"],
        ["Platelets", "250", "10^3/uL", "150 - 400"], ["Glucose", "92", "mg/dL", "70 - 100"]]
HEADER = ["Test", "Result", "Unit", "Reference Range"]


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def invoice_pdf() -> bytes:
    lines = [(50, 780, "ACME Office Supplies Ltd"), (50, 760, "INVOICE #2024-0117"), (50, 740, "Date: 12/03/2024"),
             (50, 700, "Description Qty Unit price Amount"), (50, 680, "A4 paper, 500 sheets 10 4.50 45.00"),
             (50, 660, "Stapler heavy duty 2 12.00 24.00"), (50, 640, "Toner cartridge 1 89.90 89.90"),
             (50, 600, "Subtotal 158.90"), (50, 580, "VAT 20% 31.78"), (50, 560, "Total due 190.68 EUR"),
             (50, 520, "Payment within 30 days. Thank you for your business.")]
    return build_pdf([text_page(lines)])


def unread_layout_pdf() -> bytes:
    """Lines that name tests and give values, in no layout the parser reads (a chart of six months' values)."""
    lines = [(50, 780, "Monthly chart 2024"), (50, 740, "Hemoglobin 13.5 12.9 13.1 12.7 13.3 12.8"),
             (50, 720, "Glucose 95 101 99 110 104 98"), (50, 700, "Creatinine 0.9 1.0 0.9 1.1 1.0 0.9")]
    return build_pdf([text_page(lines)])


CASES = {
    "png renamed .pdf": (png_bytes, NotAPdf, "not a PDF"),
    "empty bytes": (lambda: b"", EmptyPdf, "empty"),
    "zero pages": (lambda: build_pdf([]), EmptyPdf, "no pages"),
    "truncated": (lambda: report_pdf(ROWS, header=HEADER)[:-700], CorruptPdf, "truncated"),
    "truncated mid-xref": (lambda: report_pdf(ROWS, header=HEADER)[:400], CorruptPdf, "truncated"),
    "encrypted": (lambda: report_pdf(ROWS, header=HEADER, password="secret"), EncryptedPdf, "password-protected"),
    "image only (scanned)": (lambda: build_pdf([], image_pages=2), NoTextLayer, "no text could be read from this PDF"),
    "invoice": (invoice_pdf, NotALabReport, "this does not look like a blood test report"),
    "lab lines in an unknown layout": (unread_layout_pdf, LayoutNotRead, "3 lines name a test and give a value"),
    "blank pages": (lambda: build_pdf([b"", b""]), EmptyPdf, "no text"),
}


# The worker reads images and scans (OCR_ENABLED, the default): these end differently there.
WITH_OCR = {"png renamed .pdf": (BlankImage, "the image is blank"),
            "image only (scanned)": (NoTextFound, "no text could be read from the scanned pages")}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_document(case: str) -> None:
    make, error, message = CASES[case]
    with pytest.raises(error) as info:
        analyze_pdf(make())
    assert message in str(info.value)
    assert isinstance(info.value, AnalysisError)


def test_too_many_pages() -> None:
    pdf = report_pdf(ROWS * 3, header=HEADER, rows_per_page=4)  # 3 pages
    assert parse_pdf(pdf, max_pages=3).pages == 3
    with pytest.raises(TooManyPages) as info:
        parse_pdf(pdf, max_pages=2)
    assert "more than 2 pages" in str(info.value)


def test_encrypted_generator_is_valid() -> None:
    """The hand-written encrypted file really opens with its password (so the test above is meaningful)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(report_pdf(ROWS, header=HEADER, password="secret"), password="secret")
    try:
        page = doc[0]
        tp = page.get_textpage()
        assert "Hemoglobin 13.5" in tp.get_text_range()
        tp.close()
        page.close()
    finally:
        doc.close()


def test_zero_page_error_not_confused_by_previous_password_error() -> None:
    """PDFium keeps its last error across documents; a 0-page file after an encrypted one is still 'no pages'."""
    with pytest.raises(EncryptedPdf):
        parse_pdf(report_pdf(ROWS, header=HEADER, password="secret"))
    with pytest.raises(EmptyPdf):
        parse_pdf(build_pdf([]))


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
async def test_worker_handler_raises_the_analysis_error(case: str) -> None:
    make, error, _ = CASES[case]
    # OCR off: the OCR outcomes (WITH_OCR) are tested in a sandbox process (test_ocr.py, test_security.py).
    # OCR in this process would raise its peak RSS, which sandbox children inherit across exec and which
    # then hides a child's own memory peak from the sandbox's attribution (test_hostile_pdfs.py).
    ctx = FakeContext(make(), settings=make_settings(ocr_enabled=False))
    with pytest.raises(error):
        await analyze_job(ctx)
    # the context can run the next job: nothing was left locked
    ok = FakeContext(report_pdf(ROWS, header=HEADER))
    assert (await analyze_job(ok))["status"] == "success"


async def test_handler_too_many_pages_uses_settings() -> None:
    ctx = FakeContext(report_pdf(ROWS * 3, header=HEADER, rows_per_page=4), settings=make_settings(max_pages=2))
    with pytest.raises(TooManyPages, match="more than 2 pages"):
        await analyze_job(ctx)


def test_mutated_pdfs_never_raise_anything_but_analysis_errors() -> None:
    """Random byte damage: either an analysis or an AnalysisError, never a crash or another exception."""
    base = report_pdf(ROWS, header=HEADER, title=["City Lab", "Patient Name: Jo Bloggs"])
    rnd = random.Random(5)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(40):
        data = bytearray(base)
        for _ in range(rnd.randint(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        try:
            analyze_pdf(bytes(data))
            outcomes["ok"] += 1
        except AnalysisError:
            outcomes["error"] += 1
    assert outcomes["ok"] + outcomes["error"] == 40
