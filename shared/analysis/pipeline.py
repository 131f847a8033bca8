"""The synchronous analysis pipeline: bytes -> pages -> parsed report -> local analysis -> result.

Each stage is a plain function so the worker can run them one by one through
`ctx.run_cpu` (see task.py) and tests, benchmarks and the CLI can call
`analyze_pdf` / `parse_pdf` directly. Nothing here touches the network.
"""

from __future__ import annotations

import re

from shared.analysis.extract import CancelHook, Extracted, PageHook, extract, extract_image, undecodable
from shared.analysis.images import Kind, sniff
from shared.analysis.interpret import interpret
from shared.analysis.ocr_pages import OcrOptions
from shared.analysis.parser import ParsedReport, parse_words
from shared.analysis.result import AnalysisResult, SpecialistViews
from shared.errors import BlankImage, EmptyPdf, LayoutNotRead, NotALabReport, NoTextFound, NoTextLayer

DEFAULT_QUERY = "Summarise my blood test report"
NOT_A_LAB_REPORT = "this does not look like a blood test report"


def extract_pages(pdf: bytes, *, max_pages: int = 50, engine: str = "pdfium", on_page: PageHook | None = None,
                  check_cancelled: CancelHook | None = None, ocr: OcrOptions | None = None) -> Extracted:
    """A PDF page by page (OCR for pages without text when `ocr` is given), or with `ocr` an image upload."""
    if ocr is not None and sniff(pdf) in (Kind.JPEG, Kind.PNG, Kind.HEIF):
        return extract_image(pdf, ocr, on_page=on_page)
    return extract(pdf, max_pages=max_pages, engine=engine, on_page=on_page, check_cancelled=check_cancelled, ocr=ocr)


def parse_extracted(ex: Extracted) -> ParsedReport:
    """Parse extracted pages; raises NoTextLayer / EmptyPdf / BlankImage / NoTextFound / LayoutNotRead /
    NotALabReport for documents we cannot use."""
    text_chars = 0  # printed characters, counted until there are enough (20)
    for p in ex.pages:
        text_chars += len("".join(p.text.split()))
        if text_chars >= 20:
            break
    scanned = [p for p in ex.pages if p.words.source == "ocr"]
    if scanned and sum(p.chars for p in ex.pages) < 20:
        if all(p.blank for p in scanned):
            raise BlankImage("the scanned pages are blank: nothing is printed on them")
        raise NoTextFound("no text could be read from the scanned pages. If this is your report, scan it again at "
                          "200-300 DPI, straight and in good light, or upload the lab's PDF")
    if text_chars < 20:
        if any(p.has_images for p in ex.pages):
            raise NoTextLayer("no text could be read from this PDF: it has no text layer (it looks like a scan or a photo of the report)")
        raise EmptyPdf("the PDF contains no text (its pages are blank)")
    if not scanned and undecodable("".join(p.text for p in ex.pages)):
        raise NoTextLayer("no text could be read from this PDF: its text cannot be decoded (its fonts map the "
                          "characters to no letters), so it can only be read as a scan")
    report = parse_words([p.words for p in ex.pages])
    # a lab report if at least one result row was read: a known test, or any test printed with a unit and a
    # reference range (names the catalogue does not know are results too), or several rows among lab words
    known = [b for b in report.biomarkers if b.canonical]
    measured = [b for b in report.biomarkers if b.unit and (b.ref_low is not None or b.ref_high is not None)]
    is_lab = bool(known or measured) or (len(report.biomarkers) >= 2 and report.lab_words >= 3)
    if not is_lab:
        if report.rows_unread >= 2:
            raise LayoutNotRead(f"the report's layout could not be read: {report.rows_unread} lines name a test and "
                                f"give a value, but none could be read as a result with certainty")
        if report.lab_words >= 5:
            raise NotALabReport(f"{NOT_A_LAB_REPORT}: no test results with numeric values could be read from it")
        raise NotALabReport(NOT_A_LAB_REPORT)
    return report


def build_result(local: AnalysisResult, *, narrative: tuple[str, SpecialistViews] | None = None,
                 extra_notes: list[str] | None = None) -> AnalysisResult:
    """The job result: the local analysis, with the Gemini narrative (markdown, views) when there is one."""
    update: dict = {"notes": [*local.notes, *(extra_notes or [])]}
    if narrative is not None:
        update |= {"analysis": narrative[0], "specialist_views": narrative[1], "narrative_source": "gemini"}
    return local.model_copy(update=update)


def parse_pdf(pdf: bytes, *, max_pages: int = 50, engine: str = "pdfium", ocr: OcrOptions | None = None) -> ParsedReport:
    """Biomarkers exactly as the report states them (report ranges and flags only) plus the patient header.
    With `ocr`, scanned pages and image uploads are read too."""
    return parse_extracted(extract_pages(pdf, max_pages=max_pages, engine=engine, ocr=ocr))


def analyze_pdf(pdf: bytes, query: str = DEFAULT_QUERY, *, max_pages: int = 50, engine: str = "pdfium",
                ocr: OcrOptions | None = None) -> dict:
    """The whole local analysis (no network): the same result (JSON-ready) a worker returns without Gemini."""
    query = clean_query(query)
    report = parse_pdf(pdf, max_pages=max_pages, engine=engine, ocr=ocr)
    return build_result(interpret(report, query)).model_dump(mode="json")


def clean_query(query: str | None) -> str:
    q = re.sub(r"\s+", " ", query or "").strip()
    return q[:2000] or DEFAULT_QUERY
