"""Metrics and callbacks through real HTTP against a real redis-server."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from prometheus_client.parser import text_string_to_metric_families

from api.main import create_app
from api.webhooks import sign
from shared.queue.redis_queue import RedisQueue
from shared.worker.runtime import Worker
from tests.api_harness import PDF, Api, settings_for, stand_in_analysis, submit, wait_done
from tests.http_server import serve
from tests.redis_server import RedisServer


async def test_metrics_exposition(api: Api) -> None:
    ok = (await submit(api.http)).json()["job_id"]
    bad = (await submit(api.http, PDF + b"FAIL")).json()["job_id"]
    await wait_done(api.http, ok)
    await wait_done(api.http, bad)
    r = await api.http.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(r.text)}
    value = {f.name: {(s.name, tuple(sorted(s.labels.items()))): s.value for s in f.samples} for f in families.values()}
    assert value["bta_jobs_submitted"][("bta_jobs_submitted_total", ())] == 2
    assert value["bta_jobs_completed"][("bta_jobs_completed_total", ())] == 1
    assert value["bta_jobs_failed"][("bta_jobs_failed_total", (("reason", "not_a_lab_report"),))] == 1
    assert value["bta_workers_alive"][("bta_workers_alive", ())] == 1
    assert value["bta_queue_depth"][("bta_queue_depth", (("priority", "normal"),))] == 0
    hist = value["bta_job_duration_seconds"]
    assert hist[("bta_job_duration_seconds_count", ())] == 1
    assert hist[("bta_job_duration_seconds_bucket", (("le", "+Inf"),))] == 1


class Receiver:
    """A callback endpoint that fails the first `failures` deliveries."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls: list[tuple[dict[str, str], bytes]] = []
        self.app = FastAPI()

        @self.app.post("/hook")
        async def hook(request: Request) -> JSONResponse:
            self.calls.append((dict(request.headers), await request.body()))
            if len(self.calls) <= self.failures:
                return JSONResponse({"no": "thanks"}, status_code=500)
            return JSONResponse({"ok": True})


async def _api_with_worker(redis_server: RedisServer, **overrides: Any) -> tuple[Any, ...]:
    settings = settings_for(redis_server.url, **overrides)
    worker = Worker(RedisQueue(aioredis.Redis.from_url(redis_server.url), lease_seconds=2), {"analyze": stand_in_analysis}, settings)
    return settings, worker


async def test_callback_is_signed_and_retried(redis_server: RedisServer, redis_client: Any) -> None:
    receiver = Receiver(failures=1)
    settings, worker = await _api_with_worker(redis_server, webhook_secret="s3cret", webhook_allow_private=True)
    task = asyncio.create_task(worker.run())
    async with serve(receiver.app) as hook_url, serve(create_app(settings)) as url, httpx.AsyncClient(base_url=url) as http:
        job_id = (await submit(http, callback_url=f"{hook_url}/hook")).json()["job_id"]
        await wait_done(http, job_id)
        deadline = time.monotonic() + 15
        while len(receiver.calls) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert len(receiver.calls) == 2  # a 500, then a retry that succeeded
        headers, body = receiver.calls[-1]
        t, v1 = (part.split("=", 1)[1] for part in headers["x-bta-signature"].split(","))
        expected = hmac.new(b"s3cret", f"{t}.".encode() + body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(v1, expected) and headers["x-bta-job-id"] == job_id
        assert b'"status":"completed"' in body
        assert await redis_client.hget(f"{{bta}}:job:{job_id}", "webhook") == b"delivered"
        assert (await http.get(f"/status/{job_id}")).json()["status"] == "completed"
    worker.stop()
    await task


async def test_callbacks_to_private_addresses_are_refused_by_default(redis_server: RedisServer, redis_client: Any) -> None:
    receiver = Receiver(failures=0)
    settings, _ = await _api_with_worker(redis_server)
    async with serve(receiver.app) as hook_url, serve(create_app(settings)) as url, httpx.AsyncClient(base_url=url) as http:
        r = await submit(http, callback_url=f"{hook_url}/hook")
        assert r.status_code == 422 and r.json()["error"] == "invalid_callback_url"  # told now, not dropped later
        assert "loopback" in r.json()["detail"] and "WEBHOOK_ALLOW_PRIVATE" in r.json()["detail"]
        assert receiver.calls == []
    # Refusal at delivery time (the address changed after submission): tests/test_callbacks.py.


def test_signature_format() -> None:
    assert sign("k", 1700000000, b"{}") == "t=1700000000,v1=" + hmac.new(b"k", b"1700000000.{}", hashlib.sha256).hexdigest()


@pytest.mark.parametrize("api", [{"worker": False}], indirect=True)
async def test_metrics_without_workers(api: Api) -> None:
    text = (await api.http.get("/metrics")).text
    assert "bta_workers_alive 0.0" in text and 'bta_backend_info{backend="redis"} 1.0' in text
