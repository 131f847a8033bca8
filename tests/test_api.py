"""The HTTP API through real HTTP (uvicorn on a free port) against a real redis-server.

The worker runs in the test's loop with a stand-in for the analysis (tests/api_harness.py),
so these tests are about the HTTP contract; the real analysis runs in tests/test_e2e.py.
"""

from __future__ import annotations

import asyncio
import gc
import json
import time
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis

from api.main import create_app
from shared.queue.redis_queue import RedisQueue
from shared.worker.runtime import Worker
from tests.api_harness import PDF, Api, settings_for, stand_in_analysis, submit, wait_done  # noqa: F401
from tests.http_server import serve
from tests.redis_server import RedisServer


async def test_async_submission_answers_202_and_the_job_completes(api: Api) -> None:
    r = await submit(api.http, query="How is my hemoglobin?")
    assert r.status_code == 202
    body = r.json()
    job_id = body["job_id"]
    assert r.headers["location"] == f"/status/{job_id}" == body["status_url"]
    assert body["status"] == "queued" and body["queue_position"] >= 1 and body["file_processed"] == "report.pdf"
    assert body["processing_info"]["mode"] == "asynchronous" and body["processing_info"]["file_size_bytes"] == len(PDF)
    assert {"message", "estimated_processing_time", "events_url"} <= set(body)
    done = await wait_done(api.http, job_id)
    assert done["status"] == "completed" and done["result"]["query"] == "How is my hemoglobin?"
    assert done["progress"] == {"stage": "completed", "percent": 100, "current_page": None, "total_pages": None,
                                "stopped_at": None}
    assert done["attempts"] == 1 and done["started_at"] and done["finished_at"] and done["error"] is None
    assert not await api.queue.redis.exists(api.queue.keys.pdf(job_id))  # the upload is gone


async def test_status_while_queued_has_position_and_retry_after(api: Api) -> None:
    assert api.worker is not None
    await api.queue.pause()
    ids = [(await submit(api.http)).json()["job_id"] for _ in range(3)]
    r = await api.http.get(f"/status/{ids[2]}")
    assert r.status_code == 200 and r.headers["retry-after"] == "2"
    assert r.json()["queue_position"] == 3 and r.json()["status"] == "queued"
    await api.queue.resume()
    done = await wait_done(api.http, ids[2])
    assert "retry-after" not in (await api.http.get(f"/status/{ids[2]}")).headers and done["queue_position"] is None


async def test_priority_is_honoured(api: Api) -> None:
    await api.queue.pause()
    low = (await submit(api.http, priority="low")).json()
    high = (await submit(api.http, priority="high")).json()
    assert high["queue_position"] == 1 and low["queue_position"] == 1
    assert (await api.http.get(f"/status/{low['job_id']}")).json()["queue_position"] == 2
    await api.queue.resume()


async def test_sync_analyze_returns_the_result(api: Api) -> None:
    r = await submit(api.http, path="/analyze", query="sync please")
    assert r.status_code == 200
    assert r.json()["status"] == "completed" and r.json()["result"]["query"] == "sync please"


async def test_sync_analyze_of_a_bad_document_is_422(api: Api) -> None:
    r = await submit(api.http, PDF + b"FAIL", path="/analyze")
    assert r.status_code == 422
    assert r.json()["detail"] == "this does not look like a blood test report" and r.json()["job_id"]


@pytest.mark.parametrize("api", [{"sync_timeout": 0.5}], indirect=True)
async def test_sync_analyze_times_out_into_202(api: Api) -> None:
    r = await submit(api.http, PDF + b"SLOW", path="/analyze")
    assert r.status_code == 202 and r.headers["location"] == r.json()["status_url"]
    assert r.json()["processing_info"]["mode"] == "synchronous"
    assert (await wait_done(api.http, r.json()["job_id"]))["status"] == "completed"


async def test_cancel_queued_and_running_jobs(api: Api) -> None:
    await api.queue.pause()
    queued = (await submit(api.http)).json()["job_id"]
    r = await api.http.delete(f"/jobs/{queued}")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert (await api.http.get(f"/status/{queued}")).json()["status"] == "cancelled"
    await api.queue.resume()
    running = (await submit(api.http, PDF + b"SLOW")).json()["job_id"]
    while (await api.http.get(f"/status/{running}")).json()["status"] != "processing":
        await asyncio.sleep(0.02)
    assert (await api.http.delete(f"/jobs/{running}")).json()["status"] == "cancelling"
    assert (await wait_done(api.http, running))["status"] == "cancelled"
    assert (await api.http.delete(f"/jobs/{running}")).json()["status"] == "cancelled"


async def test_purge_erases_the_job(api: Api) -> None:
    job_id = (await submit(api.http)).json()["job_id"]
    await wait_done(api.http, job_id)
    assert (await api.http.delete(f"/jobs/{job_id}?purge=true")).json()["status"] == "purged"
    assert (await api.http.get(f"/status/{job_id}")).status_code == 404


async def test_events_stream_to_the_terminal_state(api: Api) -> None:
    await api.queue.pause()
    job_id = (await submit(api.http, PDF + b"SLOW")).json()["job_id"]
    seen: list[dict[str, Any]] = []
    ids: list[int] = []

    async def read() -> None:
        async with api.http.stream("GET", f"/jobs/{job_id}/events") as r:
            assert r.headers["content-type"].startswith("text/event-stream")
            async for line in r.aiter_lines():
                if line.startswith("id: "):
                    ids.append(int(line[4:]))
                if line.startswith("data: "):
                    seen.append(json.loads(line[6:]))

    reader = asyncio.create_task(read())
    await asyncio.sleep(0.2)
    await api.queue.resume()
    await asyncio.wait_for(reader, 15)
    stages = [e["progress"]["stage"] for e in seen]
    assert seen[0]["status"] == "queued" and seen[-1]["status"] == "completed" and seen[-1]["result"]
    assert "extracting" in stages and "analyzing" in stages
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    # Reconnecting after the end with the last id still yields the final state.
    r = await api.http.get(f"/jobs/{job_id}/events", headers={"Last-Event-ID": str(ids[-1])})
    assert '"status":"completed"' in r.text


async def test_idempotency_key(api: Api) -> None:
    headers = {"Idempotency-Key": "order-42"}
    files = {"file": ("r.pdf", PDF, "application/pdf")}
    a = await api.http.post("/analyze-async", files=files, headers=headers)
    b = await api.http.post("/analyze-async", files=files, headers=headers)
    assert a.status_code == b.status_code == 202 and a.json()["job_id"] == b.json()["job_id"]
    c = await api.http.post("/analyze-async", files={"file": ("r.pdf", PDF + b"x", "application/pdf")}, headers=headers)
    assert c.status_code == 422 and c.json()["error"] == "idempotency_conflict"


async def test_queue_stats_and_workers(api: Api) -> None:
    job_id = (await submit(api.http)).json()["job_id"]
    await wait_done(api.http, job_id)
    stats = (await api.http.get("/queue/stats")).json()
    assert stats["queue_enabled"] and stats["backend"] == "redis" and stats["status"] == "healthy"
    assert stats["completed"] >= 1 and stats["workers_alive"] == 1 and set(stats["queued"]) == {"high", "normal", "low"}
    workers = (await api.http.get("/queue/workers")).json()
    assert workers["count"] == 1 and workers["workers"][0]["processed"] >= 0
    listed = (await api.http.get("/jobs", params={"status": "completed"})).json()
    assert job_id in [j["job_id"] for j in listed["jobs"]]


async def test_pause_and_resume_endpoints(api: Api) -> None:
    assert (await api.http.post("/queue/pause")).json() == {"paused": True}
    job_id = (await submit(api.http)).json()["job_id"]
    await asyncio.sleep(0.3)
    assert (await api.http.get(f"/status/{job_id}")).json()["status"] == "queued"
    assert (await api.http.get("/queue/stats")).json()["status"] == "degraded"
    assert (await api.http.post("/queue/resume")).json() == {"paused": False}
    assert (await wait_done(api.http, job_id))["status"] == "completed"


async def test_health_and_readiness(api: Api) -> None:
    assert (await api.http.get("/health")).json() == {"status": "ok"}
    r = await api.http.get("/health/ready")
    assert r.status_code == 200 and r.json()["workers_alive"] == 1


@pytest.mark.parametrize("api", [{"worker": False}], indirect=True)
async def test_not_ready_without_a_worker(api: Api) -> None:
    r = await api.http.get("/health/ready")
    assert r.status_code == 503 and "worker" in r.json()["reason"]


GIF = b"GIF89a" + b"\0" * 100  # an image kind we do not read (JPEG, PNG and HEIC are read by OCR)


@pytest.mark.parametrize(
    ("case", "status", "error", "message"),
    [
        ("gif renamed .pdf", 415, "not_a_pdf", "not a PDF"),
        ("empty file", 422, "empty_file", "empty"),
        ("over the size cap", 413, "too_large", "larger than 1 MB"),
        ("missing file field", 422, "missing_file", "no file"),
        ("two files", 422, "too_many_files", "exactly one file"),
        ("unknown field", 422, "unknown_field", "unknown form field"),
        ("bad priority", 422, "invalid_priority", "high, normal, low"),
        ("huge query", 422, "query_too_long", "too long"),
        ("json body", 415, "unsupported_media_type", "multipart/form-data"),
        ("malformed multipart", 400, "malformed_multipart", "could not be read"),
        ("multipart without parts", 422, "missing_file", "no file"),
        ("text in the file field", 422, "missing_file", "file upload"),
        ("bad callback url", 422, "invalid_callback_url", "http(s)"),
    ],
)
async def test_bad_submissions_get_clear_errors(api: Api, case: str, status: int, error: str, message: str) -> None:
    http = api.http
    pdf = ("r.pdf", PDF, "application/pdf")
    if case == "gif renamed .pdf":
        r = await http.post("/analyze-async", files={"file": ("scan.pdf", GIF, "application/pdf")})
    elif case == "empty file":
        r = await http.post("/analyze-async", files={"file": ("r.pdf", b"", "application/pdf")})
    elif case == "over the size cap":
        r = await http.post("/analyze-async", files={"file": ("r.pdf", PDF + b"0" * 2_000_000, "application/pdf")})
    elif case == "missing file field":
        r = await http.post("/analyze-async", data={"query": "hi"}, files={"other": ("x", b"1")})
    elif case == "two files":
        r = await http.post("/analyze-async", files=[("file", pdf), ("file", pdf)])
    elif case == "unknown field":
        r = await http.post("/analyze-async", files={"file": pdf}, data={"colour": "blue"})
    elif case == "bad priority":
        r = await http.post("/analyze-async", files={"file": pdf}, data={"priority": "urgent"})
    elif case == "huge query":
        r = await http.post("/analyze-async", files={"file": pdf}, data={"query": "x" * 5000})
    elif case == "json body":
        r = await http.post("/analyze-async", json={"file": "aGVsbG8="})
    elif case == "malformed multipart":
        r = await http.post("/analyze-async", content=b"--xyz\r\nnonsense", headers={"content-type": "multipart/form-data"})
    elif case == "multipart without parts":
        r = await http.post("/analyze-async", content=b"--xyz\r\nnonsense", headers={"content-type": "multipart/form-data; boundary=xyz"})
    elif case == "text in the file field":
        r = await http.post("/analyze-async", files={"x": ("", b"")}, data={"file": "not a file"})
    else:
        r = await http.post("/analyze-async", files={"file": pdf}, data={"callback_url": "file:///etc/passwd"})
    assert r.status_code == status, (case, r.text)
    body = r.json()
    assert body["error"] == error and message in body["detail"], (case, body)
    assert await api.queue.redis.zcard(api.queue.keys.queue) == 0  # nothing was queued


async def test_filenames_are_sanitised(api: Api) -> None:
    # Raw bytes, so the control character reaches the server unescaped.
    body = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="../../etc/pass\x07wd.pdf"\r\n'
            b"Content-Type: application/pdf\r\n\r\n" + PDF + b"\r\n--b--\r\n")
    r = await api.http.post("/analyze-async", content=body, headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 202 and r.json()["file_processed"] == "passwd.pdf"
    r = await api.http.post("/analyze-async", files={"file": ("análisis de sangre ✓.pdf", PDF, "application/pdf")})
    assert r.json()["file_processed"] == "análisis de sangre ✓.pdf"


@pytest.mark.parametrize(
    "path", ["/status/0123456789abcdef0123456789abcdef", "/status/not-a-job", "/status/..%2F..%2Fetc%2Fpasswd",
             "/jobs/0123456789abcdef0123456789abcdef/events"],
)  # fmt: skip
async def test_unknown_job_ids_are_404(api: Api, path: str) -> None:
    r = await api.http.get(path)
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = await api.http.delete(path.replace("/status/", "/jobs/"))
    assert r.status_code in (404, 405) and r.json()["error"] in ("not_found", "method_not_allowed")


@pytest.mark.parametrize("api", [{"max_queue_size": 2, "worker": False}], indirect=True)
async def test_full_queue_answers_429(api: Api) -> None:
    for _ in range(2):
        assert (await submit(api.http)).status_code == 202
    r = await submit(api.http)
    assert r.status_code == 429 and r.headers["retry-after"] and r.json()["error"] == "queue_full"


@pytest.mark.parametrize("api", [{"rate_limit_per_minute": 3, "worker": False}], indirect=True)
async def test_rate_limit_answers_429(api: Api) -> None:
    codes = [(await submit(api.http)).status_code for _ in range(4)]
    assert codes == [202, 202, 202, 429]


async def test_redis_outage_answers_503_fast_and_recovers(fresh_redis: RedisServer) -> None:
    settings = settings_for(fresh_redis.url, redis_timeout=1.0)
    worker_queue = RedisQueue(aioredis.Redis.from_url(fresh_redis.url, socket_timeout=1), lease_seconds=2)
    worker = Worker(worker_queue, {"analyze": stand_in_analysis}, settings)
    worker_task = asyncio.create_task(worker.run())
    async with serve(create_app(settings)) as url, httpx.AsyncClient(base_url=url, timeout=10) as http:
        assert (await wait_done(http, (await submit(http)).json()["job_id"]))["status"] == "completed"
        fresh_redis.stop()
        for call in (lambda: submit(http), lambda: http.get("/status/0123456789abcdef0123456789abcdef"),
                     lambda: http.get("/queue/stats")):  # fmt: skip
            start = time.monotonic()
            r = await call()
            assert r.status_code == 503 and time.monotonic() - start < 2.0
            assert r.json()["error"] == "queue_unavailable" and "redis://" not in r.text
        assert (await http.get("/health")).status_code == 200
        assert (await http.get("/health/ready")).status_code == 503
        fresh_redis.start()
        # Neither the API nor the worker was restarted.
        r = await submit(http)
        assert r.status_code == 202
        assert (await wait_done(http, r.json()["job_id"]))["status"] == "completed"
        assert (await http.get("/health/ready")).status_code == 200
    worker.stop()
    await asyncio.wait_for(worker_task, 20)


async def test_event_stream_reports_queue_position_changes(api: Api) -> None:
    await api.queue.pause()
    first = (await submit(api.http)).json()["job_id"]
    second = (await submit(api.http)).json()["job_id"]
    positions: list[int | None] = []

    async def read() -> None:
        async with api.http.stream("GET", f"/jobs/{second}/events") as r:
            async for line in r.aiter_lines():
                if line.startswith("data: "):
                    positions.append(json.loads(line[6:])["queue_position"])
                    if len(positions) == 2:
                        return

    reader = asyncio.create_task(read())
    await asyncio.sleep(0.3)
    assert await api.queue.cancel(first) == "cancelled"  # the job ahead leaves; `second` itself is unchanged
    await asyncio.wait_for(reader, 10)
    assert positions == [2, 1]
    await api.queue.resume()


async def test_startup_heap_is_frozen_so_full_collections_stay_short(fresh_redis: RedisServer) -> None:
    gc.unfreeze()
    async with serve(create_app(settings_for(fresh_redis.url))) as url, httpx.AsyncClient(base_url=url) as http:
        assert (await http.get("/health")).status_code == 200
        assert gc.get_freeze_count() > 10_000  # modules, routes and schemas, not rescanned by each gen-2 pass
    gc.unfreeze()
