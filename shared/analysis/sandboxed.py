"""The analysis as one sandboxed call (see shared/worker/sandbox.py; task.py drives it).

`analyze(pdf, params, channel)` runs in an analysis process, under its memory, CPU and time
limits: the decompression check (inflation.py), extraction, parsing and the local interpretation.
It returns JSON only:

    {"result": <build_result(local), model_dump(mode="json"): the job's result without a narrative>,
     "pages": n, "extract_ms": ms,
     "local": <interpret()'s AnalysisResult, dumped>, "report_text": <page text>}  # the last two if params["narrative"]

and streams events: {"page": i, "pages": n} after each page (droppable: a sandbox process sends at
most ~20 a second), {"stage": "parsing" | "analyzing"} at stage boundaries. params: query (already cleaned), max_pages, max_inflated_mb, narrative, and
ocr: null (scans refused) or {languages, max_pixels, concurrency, slots, page_seconds}: scanned
pages and image uploads are read by OCR, each page in one of `concurrency` slots shared by the
worker's analysis processes (`slots`, a directory), each page extending the call's CPU and wall
limits by `page_seconds` (channel.extend).

`warm_up()` runs once when an analysis process starts (before it takes a report): the first
analysis in a fresh process costs about 40 ms more (PDFium's font setup, the parser's patterns).
"""

from __future__ import annotations

import functools
import time
from typing import Any

from shared.analysis.images import Kind, sniff
from shared.analysis.inflation import check_inflation
from shared.analysis.interpret import interpret
from shared.analysis.ocr_pages import OcrOptions
from shared.analysis.parser import split_lines
from shared.analysis.pipeline import build_result, extract_pages, parse_extracted
from shared.worker.sandbox import Channel
from shared.worker.slots import hold_slot


def ocr_options(ocr: dict[str, Any] | None, channel: Channel) -> OcrOptions | None:
    if not ocr:
        return None
    seconds = float(ocr["page_seconds"])
    return OcrOptions(languages=ocr["languages"], max_pixels=int(ocr["max_pixels"]),
                      slot=functools.partial(hold_slot, ocr["slots"], int(ocr["concurrency"])),
                      budget=functools.partial(channel.extend, seconds))  # fmt: skip


def analyze(pdf: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    started = time.perf_counter()
    if sniff(pdf) is Kind.PDF:
        check_inflation(pdf, params["max_inflated_mb"])

    def on_page(page: int, pages: int) -> None:
        channel.emit({"page": page, "pages": pages}, droppable=True)

    extracted = extract_pages(pdf, max_pages=params["max_pages"], on_page=on_page, check_cancelled=channel.check,
                              ocr=ocr_options(params.get("ocr"), channel))  # fmt: skip
    extract_ms = round((time.perf_counter() - started) * 1000)
    channel.emit({"stage": "parsing"})
    report = parse_extracted(extracted)
    channel.emit({"stage": "analyzing"})
    local = interpret(report, params["query"])
    out: dict[str, Any] = {"result": build_result(local).model_dump(mode="json"), "pages": len(extracted.pages),
                           "extract_ms": extract_ms}  # fmt: skip
    if params.get("narrative"):
        out["local"] = local.model_dump(mode="json")
        out["report_text"] = "\n".join("\n".join(split_lines(p.text)) for p in extracted.pages)
    return out


class _Quiet:
    def emit(self, event: dict[str, Any], *, droppable: bool = False) -> None:
        return None

    def check(self) -> None:
        return None

    def extend(self, seconds: float) -> None:
        return None


def warm_up() -> None:
    analyze(sample_report(), {"query": "warm-up", "max_pages": 1, "max_inflated_mb": 64, "narrative": True}, _Quiet())


def sample_report() -> bytes:
    """A one-page lab report (Helvetica text, uncompressed), built here so no file has to ship."""
    lines = ["Warm-up Laboratory", "Test Result Unit Reference Range", "Hemoglobin 13.5 g/dL 13.0 - 17.0",
             "Ferritin 40 ng/mL 20 - 250", "TSH 2.1 mIU/L 0.4 - 4.0"]  # fmt: skip
    content = "\n".join(f"BT /F1 11 Tf 50 {760 - 18 * i} Td ({line}) Tj ET" for i, line in enumerate(lines)).encode()
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ])  # fmt: skip


def pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of these objects (numbered from 1; the first is the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)
