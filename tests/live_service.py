"""A running service for the dashboard and CLI tests: uvicorn on a free port (real HTTP), the
session's redis-server, and a worker in the test's loop whose stand-in analysis moves through the
real stages at a visible pace and returns a result shaped like the real one (a few biomarkers,
one of them high), so the user-facing parts can be checked without the PDF pipeline.

The result has the fields of issue 14 (answer, urgent, coverage, counts, severity, advice); an upload
containing `URGENT` adds a critical potassium, one containing `LEGACY` leaves those fields out (a
result written before them), `FAIL` fails at the parsing stage like a document that is not a
lab report, `SLOW` spends 2 s in each stage, and `STEPS` holds at each stage until the test releases it
(`LiveApi.gate`): a test that checks a client shows every stage waits for what the client shows, not
for a delay that a loaded machine can outrun."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
import uvicorn
from fastapi import FastAPI

from api.main import create_app
from shared.errors import NotALabReport
from shared.handlers import analysis_errors_are_permanent
from shared.queue.redis_queue import RedisQueue
from shared.settings import Settings
from shared.worker.context import JobContext
from shared.worker.runtime import Worker
from tests.api_harness import stop_worker
from tests.redis_server import free_port

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STAGES = (("extracting", 10), ("parsing", 40), ("analyzing", 70), ("finalizing", 90))
PATIENT_NAME = "Jane Q. Testpatient"  # must never show up in console logs or CLI errors

SAMPLE_RESULT: dict[str, Any] = {
    "status": "success",
    "analysis": "## Summary\nYou asked about **LDL cholesterol** 4.9 mmol/L (high). One of 4 results is outside the "
                "reference range.\n\n"
                "## Findings by panel\n- Lipids: LDL cholesterol above the range\n",
    "specialists_consulted": ["Physician", "Nutritionist", "Exercise physiologist"],
    "biomarkers": [
        {"name": "Hemoglobin", "canonical": "hemoglobin", "value": 14.1, "unit": "g/dL", "ref_low": 13.5,
         "ref_high": 17.5, "ref_text": "13.5 - 17.5", "flag": "normal", "range_source": "report", "panel": "blood",
         "severity": "normal"},
        {"name": "LDL cholesterol", "canonical": "ldl", "value": 4.9, "unit": "mmol/L", "ref_low": None,
         "ref_high": 3.0, "ref_text": "< 3.0", "flag": "high", "range_source": "report", "panel": "lipids",
         "severity": "mild"},
        {"name": "Glucose (fasting)", "canonical": "glucose", "value": 5.1, "unit": "mmol/L", "ref_low": 3.9,
         "ref_high": 5.6, "ref_text": None, "flag": "normal", "range_source": "default", "panel": "diabetes",
         "severity": "normal"},
        {"name": "Lp(a)", "canonical": None, "value": 21, "unit": "nmol/L", "ref_low": None, "ref_high": None,
         "ref_text": None, "flag": None, "range_source": None, "panel": "lipids",
         "severity": None},
    ],
    "answer": {"question": "", "understood": True,
               "text": "Your LDL cholesterol is high: 4.9 mmol/L, above the report's range (below 3.0). "
                       "Talk to your doctor about your overall heart risk."},
    "urgent": [],
    "coverage": {"rows_read": 4, "rows_unread": 0, "complete": True, "note": ""},
    "counts": {"total": 4, "judged": 3, "outside": 1},
    "abnormal": [{"name": "LDL cholesterol", "flag": "high"}],
    "findings": [
        {"panel": "lipids", "title": "Cholesterol: LDL cholesterol outside the range", "markers": ["LDL cholesterol"],
         "explanation": "LDL cholesterol is 4.9 mmol/L, above the range (report range: < 3.0)."},
    ],
    "specialist_views": {
        "physician": "Lipid results are used to estimate long-term heart risk with your doctor.",
        "nutritionist": "Cut saturated fat; add oats, beans, nuts and oily fish.",
        "exercise": "Regular aerobic exercise (150 minutes a week) helps.",
    },
    "advice": [
        {"id": "ldl.high.explain", "role": "explain", "text": "LDL above the range adds to plaque.", "source": "x"},
        {"id": "lipids.physician", "role": "physician", "source": "x",
         "text": "Lipid results are used to estimate long-term heart risk with your doctor."},
        {"id": "lipids.cholesterol.nutrition", "role": "nutrition", "source": "x",
         "text": "Cut saturated fat; add oats, beans, nuts and oily fish."},
    ],
    "patient": {"name": PATIENT_NAME, "age": 47, "sex": "female", "date": "2026-03-02", "lab": "Test Lab"},
    "notes": ["1 result had no range printed on the report; a typical adult range was used instead."],
    "disclaimer": "This analysis is generated automatically for information only and is not a medical diagnosis.",
}  # fmt: skip


LEGACY_FIELDS = ("answer", "urgent", "coverage", "counts", "advice")
# Before `advice`, the doctor's notes named their panel and markers.
LEGACY_VIEWS = {**SAMPLE_RESULT["specialist_views"],
                "physician": "Lipids (LDL cholesterol): estimate long-term heart risk with your doctor."}
POTASSIUM = {"name": "Potassium", "canonical": "potassium", "value": 6.8, "unit": "mmol/L", "ref_low": 3.5,
             "ref_high": 5.1, "ref_text": "3.5 - 5.1", "flag": "critical_high", "range_source": "report",
             "panel": "electrolytes", "severity": "critical"}  # fmt: skip


def _reading(name: str, canonical: str | None, value: float, unit: str, low: float | None, high: float | None,
             flag: str | None, panel: str) -> dict[str, Any]:  # fmt: skip
    text = f"{low} - {high}" if low is not None and high is not None else (f"< {high}" if high is not None else f"> {low}")
    return {"name": name, "canonical": canonical, "value": value, "unit": unit, "ref_low": low, "ref_high": high,
            "ref_text": text, "flag": flag, "range_source": "report", "panel": panel,
            "severity": "mild" if flag in ("low", "high") else "normal"}  # fmt: skip


# 'BARS' in the upload: values for the range bars (issue 16): one at its range's lower bound,
# one in two unit systems, one-sided ranges, values below and above.
BARS = [
    _reading("Hemoglobin", "hemoglobin", 13.5, "g/dL", 13.5, 17.5, "normal", "blood count"),
    _reading("Hemoglobin", "hemoglobin", 8.38, "mmol/L", 8.3, 10.9, "normal", "blood count"),
    _reading("Ferritin", "ferritin", 8.0, "ng/mL", 15.0, 150.0, "low", "iron"),
    _reading("LDL cholesterol", "ldl", 4.9, "mmol/L", None, 3.0, "high", "lipids"),
    _reading("HDL cholesterol", "hdl", 0.8, "mmol/L", 1.0, None, "low", "lipids"),
    _reading("Glucose (fasting)", "glucose", 5.1, "mmol/L", 3.9, 5.6, "normal", "diabetes"),
]


def sample_result(payload: bytes, query: str) -> dict[str, Any]:
    result = {**SAMPLE_RESULT, "query": query}
    if b"BARS" in payload:
        result["biomarkers"] = BARS
        result["counts"] = {"total": len(BARS), "judged": len(BARS), "outside": 3}
    if b"LEGACY" in payload:
        return {**{k: v for k, v in result.items() if k not in LEGACY_FIELDS}, "specialist_views": LEGACY_VIEWS}
    result["answer"] = {**SAMPLE_RESULT["answer"], "question": query} if query else None
    if b"URGENT" in payload:
        result["biomarkers"] = [POTASSIUM, *SAMPLE_RESULT["biomarkers"]]
        result["urgent"] = [{**{k: POTASSIUM[k] for k in ("name", "value", "unit", "flag", "severity")},
                             "action": "Contact a doctor today; if you cannot reach one, go to urgent care."}]
        result["counts"] = {"total": 5, "judged": 4, "outside": 2}
        result["coverage"] = {"rows_read": 5, "rows_unread": 0, "complete": True, "note": ""}
    return result


class StageGate:
    """Where a `STEPS` upload waits: each stage until the test calls `release(stage)`."""

    def __init__(self) -> None:
        self._open = {stage: asyncio.Event() for stage, _ in STAGES}

    def release(self, stage: str) -> None:
        self._open[stage].set()

    async def passed(self, stage: str) -> None:
        await self._open[stage].wait()


def staged_analysis(delay: float, gate: StageGate | None = None) -> Any:
    """The handler: each stage takes `delay` seconds (or waits for `gate` with 'STEPS' in the
    upload); 'FAIL' in the upload fails like a non-report."""

    @analysis_errors_are_permanent
    async def handler(ctx: JobContext) -> dict[str, Any]:
        wait = 2.0 if b"SLOW" in ctx.job.payload else delay
        stepped = gate is not None and b"STEPS" in ctx.job.payload
        for stage, percent in STAGES:
            await ctx.progress(stage, percent, page=1 if stage == "extracting" else None,
                               pages=1 if stage == "extracting" else None)  # fmt: skip
            if stage == "parsing" and b"FAIL" in ctx.job.payload:
                raise NotALabReport("this does not look like a blood test report")
            if stepped:
                assert gate is not None
                await gate.passed(stage)
            else:
                await asyncio.sleep(wait)
        return sample_result(ctx.job.payload, ctx.job.query)

    return handler


def settings_for(redis_url: str, **overrides: Any) -> Settings:
    base: dict[str, Any] = dict(redis_url=redis_url, lease_seconds=2, sync_timeout=10, log_level="WARNING",
                                rate_limit_per_minute=0, max_upload_mb=1)  # fmt: skip
    return Settings(**{**base, **overrides})


@dataclass
class LiveApi:
    url: str
    settings: Settings
    queue: RedisQueue
    worker: Worker
    gate: StageGate


@contextlib.asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[str]:
    """Like tests/http_server.py, but a client that left a stream open (a browser's EventSource, a
    CLI killed mid-wait) cannot hold the shutdown for long: open connections get 2 s, then close."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                            timeout_graceful_shutdown=2)  # fmt: skip
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started or task.done():
            break
        await asyncio.sleep(0.01)
    if not server.started:
        task.cancel()
        raise RuntimeError("uvicorn did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 15)


@contextlib.asynccontextmanager
async def live_api(redis_url: str, *, delay: float = 0.3, **overrides: Any) -> AsyncIterator[LiveApi]:
    settings = settings_for(redis_url, **overrides)
    client = aioredis.Redis.from_url(redis_url)
    gate = StageGate()
    worker = Worker(RedisQueue(aioredis.Redis.from_url(redis_url), lease_seconds=2),
                    {"analyze": staged_analysis(delay, gate)}, settings)  # fmt: skip
    task = asyncio.create_task(worker.run())
    try:
        async with serve(create_app(settings)) as url:
            yield LiveApi(url, settings, RedisQueue(client, lease_seconds=2), worker, gate)
    finally:
        await stop_worker(worker, task)
        await client.aclose()
