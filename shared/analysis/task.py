"""The worker's job handler for `analyze` jobs.

Stages (progress percent): extracting 5 -> (per page up to 45) -> parsing 50 -> analyzing 65 -> finalizing 95.
Every CPU step runs through `ctx.run_cpu` (the worker's thread pool), never on
the event loop; extraction calls `ctx.check_cancelled()` between pages and
reports per-page progress with `ctx.page_progress`. The optional Gemini call
runs on the loop, inside `ctx.llm_semaphore`. Logs carry stage names, page
counts and durations only.
"""

from __future__ import annotations

import logging
import time

from shared.analysis.interpret import interpret
from shared.analysis.pipeline import build_result, clean_query, extract_pages, parse_extracted
from shared.worker.context import JobContext

log = logging.getLogger(__name__)


async def analyze_job(ctx: JobContext) -> dict:
    settings = ctx.settings
    started = time.perf_counter()
    query = clean_query(ctx.job.query)
    pdf = ctx.job.payload or b""

    await ctx.progress("extracting", 5)

    def on_page(page: int, pages: int) -> None:
        ctx.page_progress("extracting", 5 + (40 * page) // pages, page, pages)

    extracted = await ctx.run_cpu(extract_pages, pdf, max_pages=settings.max_pages, on_page=on_page,
                                  check_cancelled=ctx.check_cancelled)
    pages = len(extracted.pages)
    t_extract = time.perf_counter()
    await ctx.progress("parsing", 50, page=pages, pages=pages)

    report = await ctx.run_cpu(parse_extracted, extracted)
    await ctx.progress("analyzing", 65, page=pages, pages=pages)

    local = await ctx.run_cpu(interpret, report, query)
    narrative = None
    notes: list[str] = []
    if settings.google_api_key is not None and settings.google_api_key.get_secret_value():
        from shared.analysis.gemini import NarrativeFailed, gemini_narrative
        from shared.analysis.parser import split_lines

        report_text = "\n".join("\n".join(split_lines(p.text)) for p in extracted.pages)
        try:
            async with ctx.llm_semaphore:
                narrative = await gemini_narrative(
                    api_key=settings.google_api_key.get_secret_value(), model=settings.gemini_model, query=query,
                    local=local, report_text=report_text, base_url=settings.gemini_base_url,
                    timeout=settings.gemini_timeout, max_retries=settings.gemini_max_retries)
            notes.append("The narrative was written by Gemini from the extracted report and checked against the "
                         "results; biomarkers, flags, findings, the answer and the urgent findings come from the "
                         "local analysis.")
        except NarrativeFailed as exc:
            notes.append(f"The Gemini narrative is not available ({exc.reason}); this is the local analysis.")
        finally:
            del report_text
    del extracted

    await ctx.progress("finalizing", 95, page=pages, pages=pages)
    result = build_result(local, narrative=narrative, extra_notes=notes)
    log.info("analysis finished", extra={
        "stage": "finalizing", "pages": pages,
        "extract_ms": round((t_extract - started) * 1000), "total_ms": round((time.perf_counter() - started) * 1000),
        "narrative_source": result.narrative_source,
    })
    return result.model_dump(mode="json")
