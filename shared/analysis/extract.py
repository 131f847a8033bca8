"""PDF validation and page-by-page extraction of words with their positions.

Engine: pypdfium2 (PDFium). Each page gives its plain text (one call) and its
words with boxes, bold and red (layout/words.py: only the ends of each word are
measured, so extraction with positions costs about 1.6x the plain text). pdfplumber stays
available as `engine="pdfplumber"` for comparison; it yields the same words
from its own character boxes.

PDFium is not thread-safe: every call into it goes through `PDFIUM_LOCK`, one
module-level lock, and every PDFium object is closed explicitly inside the lock
(never left to a garbage-collector finaliser on another thread). The lock is
taken per page, so a second job's extraction can interleave page by page, and
`check_cancelled()` runs between pages, so a cancelled or timed-out job stops
within one page.

Scans: given `ocr` (OcrOptions), a page without a text layer but with an image is rendered
(at its scan's own resolution, 200-300 DPI) and read by OCR (ocr_pages.py) into the same
PageWords, `source="ocr"`; a mixed PDF is read page by page, text where there is text. So is
a page whose text layer cannot be decoded (`undecodable`: fonts without a map to Unicode give
control codes or U+FFFD for most characters), though its print is fine, and a scan whose text is
another program's hidden OCR layer (`hidden_text_scan`: a "searchable PDF"; its errors are not
corrected, ours are: measured in docs/ANALYSIS.md).
`extract_image` reads an uploaded photo or scan (JPEG, PNG, HEIC) as a one-page report.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from shared.analysis.layout.fills import mark_filled, warm_cells
from shared.analysis.layout.words import PageWords, Word, fix_private_use, pdfium_words
from shared.analysis.ocr_pages import OcrOptions, ocr_image_page, ocr_pdf_page
from shared.errors import CorruptPdf, EmptyPdf, EncryptedPdf, NotAPdf, TooManyPages

log = logging.getLogger(__name__)

PDFIUM_LOCK = threading.Lock()
UNDECODABLE_SHARE = 0.5  # of a page's printed characters: more are control codes / U+FFFD / private use: no text
MIN_DECODABLE_CHARS = 20  # fewer printed characters say nothing either way
HIDDEN_SCAN_COVER = 0.5  # an image over this share of the page, under invisible text: a searchable scan

@dataclass(slots=True)
class ExtractedPage:
    text: str  # the page's plain text, in PDFium's order (for the narrative model and "is there text?")
    words: PageWords  # the words with their positions: what the parser reads
    chars: int
    has_images: bool
    blank: bool = False  # a scanned page with nothing on it (OCR pages only)


@dataclass(slots=True)
class Extracted:
    pages: list[ExtractedPage]
    engine: str


PageHook = Callable[[int, int], None]  # (page number, page count), called after each page
CancelHook = Callable[[], None]  # raises JobCancelled


def check_header(pdf: bytes) -> None:
    if not pdf:
        raise EmptyPdf("the uploaded file is empty")
    if b"%PDF-" not in pdf[:1024]:
        raise NotAPdf("this file is not a PDF; please upload the lab report as a PDF")


def _looks_truncated(pdf: bytes) -> bool:
    return b"%%EOF" not in pdf[-4096:]


_ZERO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")
_A_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


def _open_error(exc: Exception, pdf: bytes) -> Exception:
    """Map a PDFium load failure onto the error the uploader should see.

    PDFium's last-error code is process-global and is not always reset (a zero-page
    document can report the previous document's "password" error), so an encryption
    verdict also needs an /Encrypt entry in the file.
    """
    import pypdfium2.raw as raw

    code = getattr(exc, "err_code", None)
    if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY) and b"/Encrypt" in pdf:
        if code == raw.FPDF_ERR_PASSWORD:
            return EncryptedPdf("the PDF is password-protected; remove the password and upload it again")
        return EncryptedPdf("the PDF is encrypted with a security scheme we cannot open; "
                            "save an unprotected copy and upload that")
    if _looks_truncated(pdf):
        return CorruptPdf("the PDF is damaged or truncated (the upload may have been cut off); "
                          "please upload the complete file")
    if _ZERO_PAGES.search(pdf) and not _A_PAGE.search(pdf):
        return EmptyPdf("the PDF has no pages")
    return CorruptPdf("the PDF is damaged and cannot be read; please upload the original file")


# a control code that is no whitespace, U+FFFD, a private-use point (the same classes str.isspace() and the
# characters' code points give; checked over every code point when written)
_UNDECODABLE = re.compile("[\x00-\x08\x0e-\x1b\ufffd\ue000-\uf8ff]")
_SPACE = re.compile(r"\s")


def undecodable(text: str) -> bool:
    """Text whose printed characters are mostly codes without a letter (a font with no, or a broken, map to
    Unicode: PDFium gives control codes, U+FFFD or private-use points that are no symbol font's ASCII)."""
    if _UNDECODABLE.search(text) is None:
        return False  # nearly every text layer: one search, no count (this runs on every report)
    text = fix_private_use(text)
    visible = len(text) - len(_SPACE.findall(text))
    bad = len(_UNDECODABLE.findall(text))
    return visible >= MIN_DECODABLE_CHARS and bad > UNDECODABLE_SHARE * visible


def hidden_text_scan(page, textpage, text: str, sample: int = 12) -> bool:
    """A scanned page with an invisible text layer (a "searchable PDF": a scanner's or OCRmyPDF's OCR under the
    image): the characters sampled across the text are all drawn invisible (render mode 3, or 7: clip only) and
    an image covers most of the page. Call under the PDFium lock."""
    import pypdfium2.raw as raw

    tp = textpage.raw
    aligned = len(text) == raw.FPDFText_CountChars(tp)
    picks = [i for i in range(0, len(text), max(1, len(text) // sample)) if not text[i].isspace()]
    for i in picks:  # a page of visible text answers at its first pick
        obj = raw.FPDFText_GetTextObject(tp, i if aligned else raw.FPDFText_GetCharIndexFromTextIndex(tp, i))
        if not obj or raw.FPDFTextObj_GetTextRenderMode(obj) not in (raw.FPDF_TEXTRENDERMODE_INVISIBLE,
                                                                     raw.FPDF_TEXTRENDERMODE_CLIP):
            return False
    width, height = page.get_size()
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= HIDDEN_SCAN_COVER * width * height:
            return bool(picks)
    return False


def _has_form(doc) -> bool:
    """The PDF is a form (AcroForm or XFA): its filled-in values live in field widgets, outside the page text."""
    import pypdfium2.raw as raw

    return raw.FPDF_GetFormType(doc.raw) != raw.FORMTYPE_NONE


def _flattened(page) -> bool:
    """Draw the page's annotations (a form's filled-in fields: a report typed into a PDF template) into its content,
    as a viewer shows them; True when there were any (the page must then be loaded again)."""
    import pypdfium2.raw as raw

    if raw.FPDFPage_GetAnnotCount(page.raw) == 0:
        return False
    return raw.FPDFPage_Flatten(page.raw, raw.FLAT_NORMALDISPLAY) == raw.FLATTEN_SUCCESS


def _page_has_images(page) -> bool:
    import pypdfium2.raw as raw

    for obj in page.get_objects(max_depth=2):
        if obj.type in (raw.FPDF_PAGEOBJ_IMAGE,):
            return True
    return False


def extract_pdfium(pdf: bytes, *, max_pages: int = 50, on_page: PageHook | None = None,
                   check_cancelled: CancelHook | None = None, ocr: OcrOptions | None = None) -> Extracted:
    import pypdfium2 as pdfium

    check_header(pdf)
    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise _open_error(exc, pdf) from None
    if _looks_truncated(pdf):
        # PDFium rebuilds a cut-off file as far as it can; analysing half a report would mislead.
        with PDFIUM_LOCK:
            doc.close()
        raise CorruptPdf("the PDF is damaged or truncated (the upload may have been cut off); "
                         "please upload the complete file")
    try:
        with PDFIUM_LOCK:
            count = len(doc)
            has_form = _has_form(doc)
        if count == 0:
            raise EmptyPdf("the PDF has no pages")
        if count > max_pages:
            raise TooManyPages(f"the report has {count} pages; reports with more than {max_pages} pages "
                               "are not accepted")
        pages: list[ExtractedPage] = []
        for i in range(count):
            if check_cancelled is not None:
                check_cancelled()
            with PDFIUM_LOCK:
                try:
                    page = doc[i]
                    if has_form and _flattened(page):
                        page.close()
                        page = doc[i]  # reloaded: the form fields' values are now in its content
                except pdfium.PdfiumError:
                    raise CorruptPdf(f"page {i + 1} of the PDF is damaged and cannot be read") from None
                try:
                    width, height = page.get_size()  # as shown: /Rotate applied
                    rotation = page.get_rotation() % 360
                    own_w, own_h = (height, width) if rotation in (90, 270) else (width, height)
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_range()
                        chars = textpage.count_chars()
                        images = _page_has_images(page) if chars == 0 else False
                        by_ocr = ocr is not None and chars > 0 and (undecodable(text)
                                                                     or hidden_text_scan(page, textpage, text))
                        words = pdfium_words(textpage, own_h, text, rotation=rotation, page_width=own_w) \
                            if chars and not by_ocr else []
                        if words:
                            mark_filled(words, warm_cells(page, own_w, own_h, rotation))
                    finally:
                        textpage.close()
                finally:
                    page.close()
            if ocr is not None and ((chars == 0 and images) or by_ocr):  # a scan, or its text is not to be trusted
                ocr_words = ocr_pdf_page(doc, i, ocr, PDFIUM_LOCK)  # OCR runs outside the lock
                pages.append(ExtractedPage(ocr_words.text, ocr_words.words, ocr_words.chars, True, ocr_words.blank))
            else:
                pages.append(ExtractedPage(text, PageWords(i + 1, width, height, words), chars, images))
            if on_page is not None:
                on_page(i + 1, count)
        return Extracted(pages, "pdfium")
    finally:
        with PDFIUM_LOCK:
            doc.close()


def extract_pdfplumber(pdf: bytes, *, max_pages: int = 50, on_page: PageHook | None = None,
                       check_cancelled: CancelHook | None = None) -> Extracted:
    """Reference engine (pdfminer under the hood; pure Python, no PDFium calls for text)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    check_header(pdf)
    try:
        doc = pdfplumber.open(io.BytesIO(pdf))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise EncryptedPdf("the PDF is password-protected; remove the password and upload it again") from None
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many types for damaged files
        if "password" in str(exc).lower():
            raise EncryptedPdf("the PDF is password-protected; remove the password and upload it again") from None
        raise CorruptPdf("the PDF is damaged and cannot be read; please upload the original file") from None
    try:
        count = len(doc.pages)
        if count == 0:
            raise EmptyPdf("the PDF has no pages")
        if count > max_pages:
            raise TooManyPages(f"the report has {count} pages; reports with more than {max_pages} pages "
                               "are not accepted")
        pages = []
        for i, page in enumerate(doc.pages):
            if check_cancelled is not None:
                check_cancelled()
            text = page.extract_text() or ""
            words = [Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]),
                          bold="bold" in str(w.get("fontname", "")).lower())
                     for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["fontname"])]
            pages.append(ExtractedPage(text, PageWords(i + 1, float(page.width), float(page.height), words),
                                       len(page.chars), bool(page.images) and not page.chars))
            page.close()
            if on_page is not None:
                on_page(i + 1, count)
        return Extracted(pages, "pdfplumber")
    finally:
        doc.close()


def extract(pdf: bytes, *, max_pages: int = 50, engine: str = "pdfium", on_page: PageHook | None = None,
            check_cancelled: CancelHook | None = None, ocr: OcrOptions | None = None) -> Extracted:
    if engine == "pdfplumber":
        return extract_pdfplumber(pdf, max_pages=max_pages, on_page=on_page, check_cancelled=check_cancelled)
    return extract_pdfium(pdf, max_pages=max_pages, on_page=on_page, check_cancelled=check_cancelled, ocr=ocr)


def extract_image(data: bytes, ocr: OcrOptions, *, on_page: PageHook | None = None) -> Extracted:
    """An uploaded photo or scan as a one-page report (JPEG, PNG, HEIC)."""
    page = ocr_image_page(data, ocr)
    if on_page is not None:
        on_page(1, 1)
    return Extracted([ExtractedPage(page.text, page.words, page.chars, True, page.blank)], "ocr")
