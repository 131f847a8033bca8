"""The API under test: uvicorn on a free port, a real redis-server, and a worker in the test's loop
running a stand-in for the analysis (these tests are about the HTTP contract; the real analysis
runs in tests/test_e2e.py). Use the `api` fixture; parametrize it indirectly with setting overrides,
`worker: False` for no worker, `real_analysis: True` for the real analysis handler, `handler: fn`
for another."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from api.main import create_app
from shared.errors import NotALabReport
from shared.handlers import APP, analysis_errors_are_permanent
from shared.queue.redis_queue import RedisQueue
from shared.settings import Settings
from shared.worker.context import JobContext
from shared.worker.runtime import Worker
from tests.http_server import serve
from tests.redis_server import RedisServer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@analysis_errors_are_permanent
async def stand_in_analysis(ctx: JobContext) -> dict[str, Any]:
    """Moves through the real stages; 'FAIL' in the upload fails like a non-report would;
    'SLOW' takes long enough to be cancelled or to outlast a sync wait."""
    slow = b"SLOW" in ctx.job.payload
    for percent, stage in ((10, "extracting"), (40, "parsing"), (70, "analyzing"), (90, "finalizing")):
        await ctx.progress(stage, percent)
        await asyncio.sleep(0.5 if slow else 0.01)
    if b"FAIL" in ctx.job.payload:
        raise NotALabReport("this does not look like a blood test report")
    return {"status": "success", "analysis": "fine", "query": ctx.job.query, "bytes": len(ctx.job.payload)}


@dataclass
class Api:
    url: str
    http: httpx.AsyncClient
    queue: RedisQueue
    settings: Settings
    worker: Worker | None


def settings_for(url: str | None, **overrides: Any) -> Settings:
    base: dict[str, Any] = dict(redis_url=url, lease_seconds=2, sync_timeout=10, log_level="WARNING",
                                rate_limit_per_minute=0, max_upload_mb=1)  # fmt: skip
    return Settings(**{**base, **overrides})


@pytest.fixture
async def api(redis_server: RedisServer, redis_client: aioredis.Redis, request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    overrides = getattr(request, "param", {}) or {}
    with_worker = overrides.pop("worker", True)
    real = overrides.pop("real_analysis", False)
    handler = overrides.pop("handler", None) or (APP.functions["analyze"] if real else stand_in_analysis)
    settings = settings_for(redis_server.url, **overrides)
    queue = RedisQueue(redis_client, lease_seconds=settings.lease_seconds)
    worker = Worker(RedisQueue(aioredis.Redis.from_url(redis_server.url), lease_seconds=2), {"analyze": handler},
                    settings, startup=APP.startup) if with_worker else None  # fmt: skip
    worker_task = asyncio.create_task(worker.run()) if worker else None
    async with serve(create_app(settings)) as url, httpx.AsyncClient(base_url=url, timeout=30) as http:
        yield Api(url, http, queue, settings, worker)
    if worker and worker_task:
        await stop_worker(worker, worker_task)


async def stop_worker(worker: Worker, task: asyncio.Task[None]) -> None:
    """`worker.stop()`, then a wake-up marker, so that an idle worker's claim (a BLPOP of up to
    WAIT_SECONDS, which stop does not cancel) returns at once instead of after ~1 s per test."""
    worker.stop()
    with contextlib.suppress(RedisError, OSError):  # Redis gone (a test stopped it): the BLPOP times out
        await worker.queue.redis.rpush(worker.queue.keys.wake, "1")
    await asyncio.wait_for(task, 20)


async def submit(http: httpx.AsyncClient, data: bytes = PDF, path: str = "/analyze-async",
                 headers: dict[str, str] | None = None, **form: str) -> httpx.Response:  # fmt: skip
    return await http.post(path, files={"file": ("report.pdf", data, "application/pdf")}, data=form, headers=headers)


async def wait_done(http: httpx.AsyncClient, job_id: str, timeout: float = 15,
                    headers: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = (await http.get(f"/status/{job_id}", headers=headers)).json()
        if body["status"] in ("completed", "failed", "cancelled"):
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")
