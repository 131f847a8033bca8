"""The worker's job handler for `analyze` jobs.

Stages (progress percent): extracting 5 -> (per page up to 45) -> parsing 50 -> analyzing 65 -> finalizing 95.
Extraction (OCR for scans and image uploads, see ocr_params), parsing and the local interpretation
run as one call in a sandbox process
(`ctx.run_isolated` with `sandboxed.analyze`): under hard memory, CPU and time limits, so a hostile
PDF fails alone, with its own message, and is not retried. Its page and stage events become
progress updates; stopping the job (cancel, timeout, lost lease) kills that process. The optional
Gemini call is I/O: it runs here, on the worker's loop, inside the worker's model semaphore
(`ctx.state.model_semaphore`, made by the app's start-up hook, shared/handlers.py), after the
sandbox returned. An upload that cannot be analysed raises its AnalysisError. Logs carry stage names, page counts and durations only.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any, Protocol

from shared.analysis.pipeline import build_result, clean_query
from shared.analysis.result import AnalysisResult
from shared.errors import CpuLimitExceeded, LimitExceeded, MemoryLimitExceeded, OutputLimitExceeded, WallLimitExceeded
from shared.settings import Settings
from shared.worker.context import JobContext
from shared.worker.slots import slot_directory

log = logging.getLogger(__name__)

ANALYZE = "shared.analysis.sandboxed:analyze"
STAGE_PERCENT = {"parsing": 50, "analyzing": 65}

# A broken sandbox limit, told as what it means for an uploaded report ({limit}: the limit's value).
LIMIT_MESSAGES: dict[type[LimitExceeded], str] = {
    MemoryLimitExceeded: "the PDF expands beyond {limit:g} MB when decompressed and read; it cannot be analysed",
    CpuLimitExceeded: "the analysis took more than {limit:g} s of CPU and was stopped; the PDF is too complex to read",
    WallLimitExceeded: "the analysis took more than {limit:g} s and was stopped",
    OutputLimitExceeded: "the PDF holds more than {limit:g} MB of text; it cannot be analysed",
}


def ocr_params(settings: Settings) -> dict[str, Any] | None:
    """What the sandboxed analysis needs to read scans (sandboxed.py), or None with OCR off."""
    if not settings.ocr_enabled:
        return None
    return {"languages": settings.ocr_languages, "max_pixels": int(settings.ocr_max_megapixels * 1e6),
            "concurrency": settings.ocr_concurrency, "slots": slot_directory(os.getpid()),
            "page_seconds": settings.ocr_page_seconds}  # fmt: skip


class ModelSlots(Protocol):
    """What analyze_job needs of the state its worker's jobs share (`ctx.state`)."""

    @property
    def model_semaphore(self) -> asyncio.Semaphore: ...


async def analyze_job(ctx: JobContext[ModelSlots]) -> dict[str, Any]:
    settings = ctx.settings
    started = time.perf_counter()
    query = clean_query(ctx.job.query)
    narrative_wanted = settings.google_api_key is not None and bool(settings.google_api_key.get_secret_value())
    params = {"query": query, "max_pages": settings.max_pages, "max_inflated_mb": settings.analysis_memory_limit_mb,
              "narrative": narrative_wanted, "ocr": ocr_params(settings)}  # fmt: skip
    pages = 0

    def on_event(event: dict[str, Any]) -> None:
        nonlocal pages
        if "page" in event:
            page, pages = int(event["page"]), int(event["pages"])
            ctx.page_progress("extracting", 5 + (40 * page) // pages, page, pages)
        elif (stage := event.get("stage")) in STAGE_PERCENT:
            ctx.page_progress(stage, STAGE_PERCENT[stage], pages, pages)

    try:
        out = await ctx.run_isolated(ANALYZE, ctx.job.payload or b"", params, stage="extracting", percent=5,
                                     on_event=on_event)  # fmt: skip
    except LimitExceeded as exc:
        raise type(exc)(LIMIT_MESSAGES[type(exc)].format(limit=exc.limit), exc.limit) from None
    pages = out["pages"]
    t_local = time.perf_counter()
    if not narrative_wanted:
        await ctx.progress("finalizing", 95, page=pages, pages=pages)
        _log_end(started, t_local, out, "local")
        return out["result"]

    from shared.analysis.gemini import NarrativeFailed, gemini_narrative

    local = AnalysisResult.model_validate(out["local"])
    await ctx.progress("analyzing", 70, page=pages, pages=pages)
    assert settings.google_api_key is not None
    narrative = None
    notes: list[str] = []
    try:
        async with ctx.state.model_semaphore:
            narrative = await gemini_narrative(
                api_key=settings.google_api_key.get_secret_value(), model=settings.gemini_model, query=query,
                local=local, report_text=out["report_text"], base_url=settings.gemini_base_url,
                timeout=settings.gemini_timeout, max_retries=settings.gemini_max_retries)
        notes.append("The narrative was written by Gemini from the extracted report and checked against the "
                     "results; biomarkers, flags, findings, the answer and the urgent findings come from the "
                     "local analysis.")
    except NarrativeFailed as exc:
        notes.append(f"The Gemini narrative is not available ({exc.reason}); this is the local analysis.")
    await ctx.progress("finalizing", 95, page=pages, pages=pages)
    result = build_result(local, narrative=narrative, extra_notes=notes)
    _log_end(started, t_local, out, result.narrative_source)
    return result.model_dump(mode="json")


def _log_end(started: float, t_local: float, out: dict[str, Any], narrative_source: str) -> None:
    log.info("analysis finished", extra={
        "stage": "finalizing", "pages": out["pages"], "extract_ms": out.get("extract_ms"),
        "local_ms": round((t_local - started) * 1000), "total_ms": round((time.perf_counter() - started) * 1000),
        "narrative_source": narrative_source,
    })  # fmt: skip
