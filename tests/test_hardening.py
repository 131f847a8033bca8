"""The red-team's Low list (issue 18), each over real HTTP: what a client can send that used to
go wrong, and what the API now answers."""

from __future__ import annotations

import asyncio
import logging
import re
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from api import uploads
from api.main import create_app
from api.routes.docs import CSP
from tests.api_harness import PDF, Api, settings_for, submit, wait_done
from tests.http_server import serve
from tests.procs import start_api, wait_http
from tests.redis_server import RedisServer, free_port


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def api_log() -> Any:
    """Records of the API's loggers (the app replaces the root handlers, so caplog sees nothing)."""
    handler = Collect()
    loggers = [logging.getLogger(name) for name in ("bta.api", "uvicorn.error")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield handler.records
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


async def test_a_unicode_digit_in_last_event_id_is_ignored(api: Api) -> None:
    job_id = (await submit(api.http)).json()["job_id"]
    await wait_done(api.http, job_id)
    for value in (b"\xb2", "²".encode(), b"\xd9\xa3", b"12345678901234567890"):  # '²' (latin-1, UTF-8), Arabic 3
        r = await api.http.get(f"/jobs/{job_id}/events", headers={"Last-Event-ID": value})
        assert r.status_code == 200 and '"status":"completed"' in r.text, (value, r.text[:200])


async def test_an_idempotent_replay_tells_the_job_as_it_is_now(api: Api) -> None:
    headers = {"Idempotency-Key": "order-7"}
    first = await api.http.post("/analyze-async", files={"file": ("r.pdf", PDF, "application/pdf")}, headers=headers)
    job_id = first.json()["job_id"]
    await wait_done(api.http, job_id)
    again = await api.http.post("/analyze-async", files={"file": ("r.pdf", PDF, "application/pdf")}, headers=headers)
    body = again.json()
    assert again.status_code == 202 and body["job_id"] == job_id
    assert body["status"] == "completed" and body["queue_position"] is None and body["eta_seconds"] is None


async def test_results_and_errors_are_never_cached(api: Api) -> None:
    r = await submit(api.http)
    job_id = r.json()["job_id"]
    done = await wait_done(api.http, job_id)
    assert done["result"]
    for response in (r, await api.http.get(f"/status/{job_id}"), await api.http.get("/jobs"),
                     await api.http.get("/status/0123456789abcdef0123456789abcdef"), await api.http.get("/health")):  # fmt: skip
        assert response.headers["cache-control"] == "no-store", response.url
    assert (await api.http.get("/")).headers["cache-control"] == "no-cache"  # the dashboard chooses its own


async def test_too_many_or_too_large_headers_get_431(api: Api) -> None:
    many = {f"x-h{i}": "1" for i in range(120)}
    r = await api.http.get("/health", headers=many)
    assert r.status_code == 431 and r.json()["error"] == "headers_too_large"
    r = await api.http.get("/health", headers={"x-big": "a" * 40_000})
    assert r.status_code == 431
    assert (await api.http.get("/health", headers={f"x-h{i}": "1" for i in range(20)})).status_code == 200


@pytest.mark.parametrize("api", [{"max_upload_mb": 3, "worker": False}], indirect=True)
async def test_uploads_over_1_mb_never_touch_the_disk(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    rolled: list[int] = []
    original = tempfile.SpooledTemporaryFile.rollover

    def rollover(self: Any) -> None:
        rolled.append(1)
        original(self)

    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "rollover", rollover)
    big = PDF + b"%" + b"x" * (2_500_000)
    r = await submit(api.http, big)
    assert r.status_code == 202, r.text
    assert r.json()["processing_info"]["file_size_bytes"] == len(big)
    assert rolled == []  # Starlette's default would have spilled it into a temporary file at 1 MB


async def test_file_names_lose_invisible_and_direction_changing_characters(api: Api) -> None:
    name = "lab\u202efdp.exe\u200b\ufeff report.pdf".encode()
    body = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="' + name + b'"\r\n'
            b"Content-Type: application/pdf\r\n\r\n" + PDF + b"\r\n--b--\r\n")  # fmt: skip
    r = await api.http.post("/analyze-async", content=body, headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 202 and r.json()["file_processed"] == "labfdp.exe report.pdf"


async def _raw_upload(url: str, body_prefix: bytes, declared: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    head = (f"POST /analyze-async HTTP/1.1\r\nHost: {host}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            f"Content-Length: {declared}\r\n\r\n").encode()  # fmt: skip
    writer.write(head + body_prefix)
    await writer.drain()
    return reader, writer


async def test_a_client_that_hangs_up_mid_upload_is_no_error(api: Api, api_log: list[logging.LogRecord]) -> None:
    prefix = b'--b\r\nContent-Disposition: form-data; name="file"; filename="r.pdf"\r\n\r\n' + PDF + b"x" * 1000
    _, writer = await _raw_upload(api.url, prefix, 500_000)
    writer.close()
    await writer.wait_closed()
    await asyncio.sleep(0.5)
    assert (await api.http.get("/health")).status_code == 200
    assert not [r for r in api_log if r.levelno >= logging.ERROR], [r.getMessage() for r in api_log]
    assert any("client disconnected" in r.getMessage() for r in api_log)


async def test_an_upload_that_stalls_gets_408(redis_server: RedisServer, redis_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "BODY_IDLE_SECONDS", 0.5)
    async with serve(create_app(settings_for(redis_server.url))) as url:
        reader, writer = await _raw_upload(url, b'--b\r\nContent-Disposition: form-data; name="file"', 10_000)
        status_line = await asyncio.wait_for(reader.readline(), 5)
        writer.close()
    assert b" 408 " in status_line


async def test_docs_pin_swagger_ui_with_integrity_and_a_csp(api: Api) -> None:
    r = await api.http.get("/docs")
    assert r.status_code == 200 and r.headers["content-security-policy"] == CSP
    assert "default-src 'none'" in CSP and "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    scripts = re.findall(r"<script[^>]*>", r.text)
    assert scripts and all(" src=" in tag for tag in scripts)  # no inline script
    for tag in re.findall(r"<(?:script|link)[^>]*https://[^>]*>", r.text):
        assert re.search(r'integrity="sha384-[A-Za-z0-9+/=]{64}"', tag) and "@5." in tag, tag  # pinned and checked
    init = await api.http.get("/docs/init.js")
    assert init.status_code == 200 and "/openapi.json" in init.text
    assert (await api.http.get("/redoc")).status_code == 404  # it would load another CDN script


@pytest.mark.slow
def test_an_api_key_in_the_query_string_never_reaches_the_access_log(tmp_path: Path) -> None:
    port = free_port()
    api = start_api(None, port, tmp_path / "api.log", API_KEYS="sekrit-key-123")
    try:
        wait_http(f"http://127.0.0.1:{port}/health", proc=api)
        httpx.get(f"http://127.0.0.1:{port}/jobs?api_key=sekrit-key-123&status=failed&limit=5")
        httpx.get(f"http://127.0.0.1:{port}/health?token=sekrit-key-123")
        log = api.log()
        assert "/jobs?api_key=[redacted]&status=failed&limit=5" in log, log[-2000:]
        assert "/health?token=[redacted]" in log and "sekrit-key-123" not in log
    finally:
        api.close()


async def test_a_burst_larger_than_the_pool_waits_for_connections(redis_server: RedisServer) -> None:
    """2,000 concurrent GET /status once got 503 with Redis healthy: waiting for one of the 64 pooled
    connections took longer than REDIS_TIMEOUT. Here: 2 connections, 40 commands holding one for
    50 ms each, REDIS_TIMEOUT 0.2 s; the last waits about a second and must still succeed."""
    from shared.queue.connection import connect

    client = connect(settings_for(redis_server.url, redis_timeout=0.2), max_connections=2)
    try:
        replies = await asyncio.gather(*(client.blpop(["nothing-here"], timeout=0.05) for _ in range(40)),
                                       return_exceptions=True)  # fmt: skip
        assert replies == [None] * 40, {type(r).__name__ for r in replies}
    finally:
        await client.aclose()
