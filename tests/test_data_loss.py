"""Redis losing the queue: warned about at start, noticed and counted when it happens.

Real redis-servers run without persistence and are restarted on the same port."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path

import httpx
import pytest
import redis.asyncio as aioredis

from shared.queue.connection import connect
from shared.queue.durability import DataLossWatch, warn_if_not_persistent
from shared.queue.redis_queue import RedisQueue
from shared.tasks import stop_task
from tests.api_harness import PDF, settings_for
from tests.procs import start_api, start_worker, wait_http
from tests.redis_server import RedisServer, free_port


async def test_a_redis_that_persists_nothing_is_reported(
    redis_server: RedisServer, redis_client: aioredis.Redis, fresh_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bta.redis"):
        assert await warn_if_not_persistent(RedisQueue(redis_client))  # the test server: --save '' --appendonly no
    assert "redis persists nothing" in caplog.text
    durable = aioredis.Redis.from_url(fresh_redis.url)  # appendonly yes
    assert not await warn_if_not_persistent(RedisQueue(durable))
    await durable.aclose()


async def test_a_restart_without_persistence_is_noticed_and_counted_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = RedisServer(tmp_path / "redis")  # no AOF, no RDB
    server.start()
    try:
        # Clients as the services make them (one reconnect on a connection Redis closed).
        api_side = RedisQueue(connect(settings_for(server.url)))
        worker_side = RedisQueue(connect(settings_for(server.url)))
        watches = [DataLossWatch(api_side, role="api", interval=1), DataLossWatch(worker_side, role="worker", interval=1)]
        job = await api_side.enqueue(b"%PDF")
        assert [await w.check() for w in watches] == [False, False]  # first look: remember the epoch
        assert [await w.check() for w in watches] == [False, False]
        server.kill()
        server.start()
        with caplog.at_level(logging.ERROR, logger="bta.redis"):
            assert [await w.check() for w in watches] == [True, True]
        assert caplog.text.count("redis lost the queue") == 2 and "restarted without persistence" in caplog.text
        assert int(await api_side.redis.hget(api_side.keys.stats, "data_loss")) == 1  # one loss, counted once
        assert [await w.check() for w in watches] == [False, False]  # the new epoch is the normal state now
        assert not await api_side.redis.exists(api_side.keys.job(job.job_id))
        # A flush is the same loss with the same server.
        await api_side.redis.flushall()
        caplog.clear()
        with caplog.at_level(logging.ERROR, logger="bta.redis"):
            assert await watches[1].check()
        assert "it was flushed" in caplog.text
        for queue in (api_side, worker_side):
            await queue.close()
    finally:
        server.kill()


@pytest.mark.slow
def test_api_and_worker_processes_report_a_redis_restart(tmp_path: Path) -> None:
    """The real entry points against a redis-server without persistence that is killed and restarted."""
    server = RedisServer(tmp_path / "redis")
    server.start()
    port = free_port()
    env = {"LEASE_SECONDS": 2, "RATE_LIMIT_PER_MINUTE": 0}  # sweeps, and so the checks, every 0.4 s
    api = start_api(server.url, port, tmp_path / "api.log", **env)
    worker = start_worker(server.url, tmp_path / "worker.log", **env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/health", proc=api)
        job_id = httpx.post(f"{base}/analyze-async", files={"file": ("r.pdf", PDF, "application/pdf")}).json()["job_id"]
        deadline = time.monotonic() + 20
        while '"msg":"worker started"' not in worker.log() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # both have looked at Redis at least once
        server.kill()
        server.start()
        while time.monotonic() < deadline and not all("redis lost the queue" in p.log() for p in (api, worker)):
            time.sleep(0.1)
        for proc in (api, worker):
            log = proc.log()
            assert "redis persists nothing" in log  # the warning at start
            assert '"level":"error"' in log and "redis lost the queue" in log and '"redis_restarted":true' in log
        metrics = httpx.get(f"{base}/metrics").text
        assert "bta_redis_data_loss_events_total 1.0" in metrics
        assert httpx.get(f"{base}/status/{job_id}").status_code == 404
    finally:
        api.close()
        worker.close()
        server.kill()


async def test_stop_task_outlasts_a_lost_cancel() -> None:
    async def stubborn() -> None:
        for _ in range(2):
            with contextlib.suppress(asyncio.CancelledError):  # a cancel lost, as redis-py can on 3.11
                await asyncio.sleep(10)
        await asyncio.sleep(10)

    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    done, _ = await asyncio.wait({asyncio.create_task(stop_task(task, retry_every=0.05))}, timeout=2)
    assert done
    assert task.cancelled()


async def test_the_watch_stops_promptly_even_mid_command(redis_server: RedisServer) -> None:
    queue = RedisQueue(connect(settings_for(redis_server.url)))
    for i in range(30):  # stopped at every moment of its loop, commands in flight included
        watch = DataLossWatch(queue, role="api", interval=0)
        watch.start()
        await asyncio.sleep(0.0003 * (i % 10))
        stopping = asyncio.create_task(watch.stop())
        done, _ = await asyncio.wait({stopping}, timeout=5)
        assert done, f"the watch did not stop (try {i})"
    await queue.close()
