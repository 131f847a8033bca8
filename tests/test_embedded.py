"""Embedded mode: no REDIS_URL, an in-memory Redis (fakeredis) and worker loops inside the API."""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

import httpx
import pytest

from bench.embedded import API_ENV, p99, submit_and_probe
from shared.job import Status
from shared.queue.connection import embedded, embedded_server
from shared.queue.redis_queue import Completion, RedisQueue
from tests.conftest import CORPUS
from tests.procs import start_api, wait_http
from tests.redis_server import free_port


async def test_fakeredis_blpop_blocks_until_a_push() -> None:
    """The worker waits with BLPOP; fakeredis must really block (its async BLMOVE does not)."""
    server = embedded_server()
    waiter, pusher = embedded(server), embedded(server)
    task = asyncio.create_task(waiter.blpop(["k"], timeout=5))
    await asyncio.sleep(0.3)
    assert not task.done()
    await pusher.rpush("k", "1")
    assert await asyncio.wait_for(task, 1) == (b"k", b"1")
    start = time.monotonic()
    assert await waiter.blpop(["k"], timeout=0.5) is None
    assert time.monotonic() - start >= 0.45


async def test_the_protocol_runs_on_the_in_memory_backend() -> None:
    server = embedded_server()
    queue = RedisQueue(embedded(server), blocking=embedded(server), lease_seconds=0.2, backend="memory")
    first = await queue.enqueue(b"%PDF-1", query="a")
    await queue.enqueue(b"%PDF-2", query="b")
    assert await queue.wait_for_work(0.1)
    [job] = await queue.claim("w", 1)
    assert job.id == first.job_id and job.payload == b"%PDF-1"
    await asyncio.sleep(0.25)
    assert (await queue.sweep()).requeued == 1
    [job, other] = await queue.claim("w2", 2)
    assert await queue.progress(job, "parsing", 50) == "ok"
    assert await queue.complete([Completion(job.id, job.token, "completed", "{}")]) == []
    assert await queue.fail(other, "bad", kind="x", permanent=True, backoff_seconds=0) == "failed"
    assert (await queue.get(job.id))[0].status is Status.COMPLETED
    stats = await queue.stats(worker_window_ms=1000)
    assert stats.counters["completed"] == 1 and stats.counters["failed"] == 1


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_embedded_api_analyses_and_stays_responsive(tmp_path: Path) -> None:
    """Seed 000's promise: while the embedded worker processes 8 reports, /health and /status keep
    answering. The API runs as its own process, measured from outside (bench/embedded.py's probes).
    Its 50 ms p99 is a figure for a quiet machine, measured by that benchmark; here the busy p99 is
    held against the same probes on the same API once idle: a loop blocked by an analysis answers
    in the analysis's time, hundreds of ms, whatever the machine's load."""
    port = free_port()
    api = start_api(None, port, tmp_path / "api.log", **API_ENV)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/health", proc=api)
        first_line = api.log().splitlines()[0]
        assert "embedded mode: jobs are lost on restart; set REDIS_URL for production" in first_line
        assert httpx.get(f"{base}/queue/stats").json()["backend"] == "memory"
        reports = sorted(CORPUS.glob("*.pdf"), key=lambda p: p.stat().st_size, reverse=True)[:4] * 2
        got = submit_and_probe(base, reports)
        assert got["statuses"] == ["completed"] * 8, got["statuses"]
        body = httpx.get(f"{base}/status/{got['ids'][0]}").json()
        assert len(body["result"]["biomarkers"]) > 0
    finally:
        api.close()
    busy, idle = got["busy"], got["idle"]
    print(f"embedded: {len(busy)} probes while 8 reports ran: p50 {statistics.median(busy):.1f} ms, p99 {p99(busy):.1f} ms; "
          f"idle: p50 {statistics.median(idle):.1f} ms, p99 {p99(idle):.1f} ms")  # fmt: skip
    assert len(busy) >= 40 and len(idle) >= 40, (len(busy), len(idle))
    assert p99(busy) < max(50.0, 5 * p99(idle)), (p99(busy), p99(idle))
