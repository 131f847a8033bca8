"""Blood test report analysis: extraction, parsing, reference ranges, interpretation, optional Gemini narrative.

Public, synchronous entry points (local only, no network):

    analyze_pdf(pdf: bytes, query='Summarise my blood test report', *, max_pages=50) -> dict
    parse_pdf(pdf: bytes, *, max_pages=50) -> ParsedReport

The worker's job handler is `shared.analysis.task.analyze_job(ctx)`. Heavy
libraries (pypdfium2, pdfplumber, google-genai) are imported inside the
functions that use them, so importing this package is cheap.
"""

from shared.analysis.parser import CensoredResult, ParsedMarker, ParsedReport, Patient
from shared.analysis.pipeline import DEFAULT_QUERY, analyze_pdf, parse_pdf

__all__ = ["DEFAULT_QUERY", "CensoredResult", "ParsedMarker", "ParsedReport", "Patient", "analyze_pdf", "parse_pdf"]
