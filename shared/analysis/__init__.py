"""Blood test report analysis: extraction, parsing, reference ranges, interpretation, optional Gemini narrative.

Public, synchronous entry points (local only, no network):

    analyze_pdf(pdf: bytes, query='Summarise my blood test report', *, max_pages=50) -> dict
    parse_pdf(pdf: bytes, *, max_pages=50) -> ParsedReport

The worker's job handler is `shared.analysis.task.analyze_job(ctx)`. Heavy
libraries (pypdfium2, pdfplumber, google-genai) are imported inside the
functions that use them, and the names below are imported on first use, so
importing this package (or only its result models, `shared.analysis.result`,
as the API does) is cheap.

The parser's modules run compiled (mypyc) when `make native` built them from exactly these sources, else as
pure Python with the same output: see shared/native.py.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from shared import native

native.use()  # the parser's modules compiled with mypyc, when a build matching these sources exists (shared/native.py)

_EXPORTS = {
    "CensoredResult": "shared.analysis.parser", "ParsedMarker": "shared.analysis.parser",
    "ParsedReport": "shared.analysis.parser", "Patient": "shared.analysis.parser",
    "DEFAULT_QUERY": "shared.analysis.pipeline", "analyze_pdf": "shared.analysis.pipeline",
    "parse_pdf": "shared.analysis.pipeline",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
