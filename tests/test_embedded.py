"""Embedded mode: no REDIS_URL, an in-memory Redis (fakeredis) and worker loops inside the API."""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from pathlib import Path

import httpx
import pytest

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
    """Seed 000's promise: while the embedded worker processes 8 reports, /health and /status
    keep answering with p99 under 50 ms. The API runs as its own process, measured from outside."""
    port = free_port()
    api = start_api(None, port, tmp_path / "api.log", EMBEDDED_WORKERS=1, WORKER_CONCURRENCY=4, CPU_THREADS=1,
                    RATE_LIMIT_PER_MINUTE=0)  # fmt: skip
    try:
        wait_http(f"http://127.0.0.1:{port}/health", proc=api)
        first_line = api.log().splitlines()[0]
        assert "embedded mode: jobs are lost on restart; set REDIS_URL for production" in first_line
        reports = sorted(CORPUS.glob("*.pdf"), key=lambda p: p.stat().st_size, reverse=True)[:4] * 2
        latencies: list[float] = []
        stop = threading.Event()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            assert http.get("/queue/stats").json()["backend"] == "memory"
            ids = [http.post("/analyze-async", files={"file": (p.name, p.read_bytes(), "application/pdf")}).json()["job_id"]
                   for p in reports]  # fmt: skip

            def probe() -> None:
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as c:
                    while not stop.is_set():
                        for path in ("/health", f"/status/{ids[-1]}"):
                            t = time.perf_counter()
                            assert c.get(path).status_code == 200
                            latencies.append((time.perf_counter() - t) * 1000)
                        time.sleep(0.002)

            probers = [threading.Thread(target=probe) for _ in range(2)]
            for prober in probers:
                prober.start()
            deadline = time.monotonic() + 120
            statuses: list[str] = []
            while time.monotonic() < deadline:
                statuses = [http.get(f"/status/{i}").json()["status"] for i in ids]
                if all(s in ("completed", "failed") for s in statuses):
                    break
                time.sleep(0.2)
            stop.set()
            for prober in probers:
                prober.join()
            assert statuses == ["completed"] * 8, statuses
            body = http.get(f"/status/{ids[0]}").json()
            assert len(body["result"]["biomarkers"]) > 0
        p99 = statistics.quantiles(latencies, n=100)[98]
        print(f"embedded: {len(latencies)} probes while 8 reports ran, p50 {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms")
        assert len(latencies) >= 40 and p99 < 50, (len(latencies), p99)
    finally:
        api.close()
