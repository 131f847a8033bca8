"""analyze_job through a fake JobContext: stages, isolated call, cancellation, logs, imports, concurrency.

The FakeContext runs the isolated call inline (in a thread, as a worker without a sandbox does);
tests/test_sandbox.py and tests/analysis/test_hostile_pdfs.py run it in real sandbox processes."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from shared.analysis import analyze_pdf, parse_pdf
from shared.analysis.task import analyze_job
from shared.errors import JobCancelled
from tests.analysis.conftest import FakeContext, corpus_files
from tests.analysis.pdfgen import report_pdf

HEADER = ["Test", "Result", "Unit", "Reference Range"]
ROWS = [["Hemoglobin", "13.7", "g/dL", "13.0 - 17.0"], ["Ferritin", "11", "ng/mL", "20 - 250"],
        ["Vitamin D", "14", "ng/mL", "30 - 100"], ["TSH", "2.2", "mIU/L", "0.4 - 4.0"]]
PATIENT = "Zebedee Quuxworth"


def pdf(pages: int = 1) -> bytes:
    return report_pdf(ROWS * pages, header=HEADER, rows_per_page=len(ROWS),
                      title=["Harbour Diagnostics Laboratory", f"Patient Name: {PATIENT}   Age: 41 years"])


async def test_stages_progress_and_isolated_call() -> None:
    ctx = FakeContext(pdf(pages=3), "How is my iron?")
    result = await analyze_job(ctx)
    assert result["status"] == "success" and result["pages"] == 3
    # awaited progress: the start of the isolated call and the end; the stages in between are events
    assert [c[0] for c in ctx.progress_calls] == ["extracting", "finalizing"]
    assert ctx.progress_calls[1][2:] == (3, 3)  # page, pages
    assert [(c[0], c[2]) for c in ctx.page_calls] == [("extracting", 1), ("extracting", 2), ("extracting", 3),
                                                      ("parsing", 3), ("analyzing", 3)]
    percents = [ctx.progress_calls[0][1], *(c[1] for c in ctx.page_calls), ctx.progress_calls[1][1]]
    assert percents == sorted(percents) and all(0 <= p <= 100 for p in percents)
    # all the CPU work is one isolated call (here inline: in a thread, never on the loop's thread)
    assert ctx.isolated_calls == [("shared.analysis.sandboxed:analyze", None)] and ctx.cpu_calls == []
    assert ctx.check_threads and threading.get_ident() not in ctx.check_threads
    assert ctx.checks == 3  # checked before each page
    assert result["patient"]["name"] == PATIENT
    assert result["biomarkers"][0]["canonical"] == "ferritin"  # the question's marker comes first
    json.dumps(result)


async def test_cancellation_stops_within_one_page() -> None:
    ctx = FakeContext(pdf(pages=5), cancel_after_checks=2)
    with pytest.raises(JobCancelled):
        await analyze_job(ctx)
    assert ctx.checks == 3  # pages 1 and 2 read, stopped before page 3
    await asyncio.sleep(0)  # events from the CPU thread reach the loop's callbacks
    assert [c[2] for c in ctx.page_calls] == [1, 2]
    assert [c[0] for c in ctx.progress_calls] == ["extracting"]


async def test_no_patient_data_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    ctx = FakeContext(pdf(), "Is my ferritin low?")
    await analyze_job(ctx)
    assert caplog.records, "the handler logs its stages"
    # the message and every field a log call added; the record's own bookkeeping (times, thread and process ids)
    # is left out: a timestamp may contain '13.7'
    standard = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
    dump = " ".join(f"{r.getMessage()} {[v for k, v in r.__dict__.items() if k not in standard]}"
                    for r in caplog.records)
    for secret in (PATIENT, "Zebedee", "13.7", "Ferritin", "ferritin", "Harbour", "Is my"):
        assert secret not in dump


def test_heavy_libraries_are_imported_lazily() -> None:
    code = ("import sys, shared.analysis, shared.analysis.task; "
            "print(sorted(m for m in ('pdfplumber', 'google.genai', 'pypdfium2', 'pdfminer') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_concurrent_extraction_is_safe_and_identical() -> None:
    files = [p.read_bytes() for p in corpus_files()] or [pdf(pages=2), pdf(pages=3)]

    def snapshot(data: bytes) -> list:
        return [(b.name, b.value, b.unit, b.flag) for b in parse_pdf(data).biomarkers]

    expected = [snapshot(d) for d in files]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(snapshot, files * 3))
    assert got == expected * 3


async def test_concurrent_jobs_share_one_loop() -> None:
    ctxs = [FakeContext(pdf(pages=2)) for _ in range(4)]
    results = await asyncio.gather(*(analyze_job(c) for c in ctxs))
    assert all(r["status"] == "success" for r in results)


def test_analyze_pdf_matches_the_handler_without_gemini() -> None:
    local = analyze_pdf(pdf(), "How is my iron?")
    handled = asyncio.run(analyze_job(FakeContext(pdf(), "How is my iron?")))
    assert local == handled
