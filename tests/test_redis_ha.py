"""Redis that survives its own failure, on real topologies (tests/redis_topologies.py):
a Redis Cluster entered through a node that does not own the queue's slot, a primary with a
replica (acknowledged writes: REDIS_WAIT_REPLICAS), and a sentinel-watched pair whose primary is
SIGKILLed while jobs flow (the lean run of bench/failover.py; the full one is quoted in
docs/BENCHMARKS.md)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
from pydantic import ValidationError

from api.events import RESYNC, EventHub
from api.main import create_app
from shared.errors import NotReplicated, QueueMisconfigured
from shared.queue import lua
from shared.queue.redis_queue import Completion, RedisQueue
from shared.settings import Settings
from shared.worker.context import JobContext
from shared.worker.runtime import Worker
from tests.conftest import CORPUS, ROOT
from tests.http_server import serve
from tests.procs import start_api, start_worker, wait_http
from tests.redis_server import RedisServer, free_port
from tests.redis_topologies import RedisCluster

# ---------------------------------------------------------------- settings and scripts


def test_redis_modes_say_what_they_need() -> None:
    with pytest.raises(ValidationError, match="REDIS_SENTINELS"):
        Settings(redis_mode="sentinel")
    with pytest.raises(ValidationError, match="host:port"):
        Settings(redis_mode="sentinel", redis_sentinels="10.0.0.1")
    with pytest.raises(ValidationError, match="REDIS_MODE=cluster needs REDIS_URL"):
        Settings(redis_mode="cluster")
    sentinel = Settings(redis_mode="sentinel", redis_sentinels="a:26379, b:26379")
    assert sentinel.redis_sentinels == ["a:26379", "b:26379"] and sentinel.uses_redis and sentinel.redis_url is None
    assert not Settings().uses_redis  # standalone without REDIS_URL: embedded mode


def test_scripts_publish_with_spublish_on_a_cluster_only() -> None:
    for name in lua.SCRIPT_NAMES:
        plain, sharded = lua.source(name), lua.source(name, sharded=True)
        assert not re.search(r"redis\.call\('S?PUBLISH'", plain), f"{name} publishes without PUBLISH_COMMAND"
        if "PUBLISH_COMMAND" in plain:
            assert "local PUBLISH_COMMAND = 'PUBLISH'" in plain and "local PUBLISH_COMMAND = 'SPUBLISH'" in sharded
        else:
            assert plain == sharded


# ---------------------------------------------------------------- retry-safe, acknowledged writes


async def test_an_enqueue_repeated_after_a_lost_reply_queues_the_job_once(redis_client: aioredis.Redis) -> None:
    queue = RedisQueue(redis_client, prefix="ha")
    first = await queue.enqueue(b"%PDF-1 report", job_id="a" * 32)
    again = await queue.enqueue(b"%PDF-1 report", job_id="a" * 32)
    assert (first.created, again.created, again.job_id, again.position) == (True, False, "a" * 32, 1)
    assert await redis_client.zcard(queue.keys.queue) == 1
    assert await redis_client.hget(queue.keys.stats, "submitted") == b"1"
    [job] = await queue.claim("w1", 5)
    await queue.enqueue(b"%PDF-1 report", job_id="a" * 32)  # a late repeat must not reset a claimed job
    record, _ = await queue.get(job.id)
    assert record.status == "processing" and await redis_client.zcard(queue.keys.queue) == 0


async def test_a_repeated_completion_is_neither_written_twice_nor_reported_lost(redis_client: aioredis.Redis) -> None:
    queue = RedisQueue(redis_client, prefix="ha")
    await queue.enqueue(b"%PDF-1 report")
    [job] = await queue.claim("w1", 1)
    done = Completion(job.id, job.token, "completed", b'{"n": 1}')
    assert await queue.complete([done]) == []
    assert await queue.complete([done]) == []  # the repeat of a completion whose reply was lost
    assert await redis_client.hget(queue.keys.stats, "completed") == b"1"
    record, _ = await queue.get(job.id)
    assert record.history.count("d:completed") == 1
    # Another attempt's token is still refused.
    assert await queue.complete([Completion(job.id, "w2:1", "completed", b"{}")]) == [(job.id, "w2:1")]


@pytest.fixture
def replicated(tmp_path: Path) -> Iterator[tuple[RedisServer, RedisServer]]:
    primary = RedisServer(tmp_path / "primary")
    replica = RedisServer(tmp_path / "replica", replica_of=primary)  # start() returns once it is in sync
    primary.start()
    replica.start()
    try:
        yield primary, replica
    finally:
        replica.kill()
        primary.kill()


async def test_wait_replicas_acknowledges_only_what_a_replica_has(replicated: tuple[RedisServer, RedisServer]) -> None:
    primary, replica = replicated
    settings = Settings(redis_url=primary.url, redis_wait_replicas=1, redis_wait_timeout=10, key_prefix="ha")
    queue = RedisQueue.connect(settings, name="test")
    reader = aioredis.Redis.from_url(replica.url)
    try:
        enqueued = await queue.enqueue(b"%PDF-1 report")
        assert await reader.exists(queue.keys.job(enqueued.job_id))  # acknowledged = already on the replica
        [job] = await queue.claim("w1", 1)
        assert await queue.complete([Completion(job.id, job.token, "completed", b"{}")]) == []
        assert await reader.hget(queue.keys.job(job.id), "status") == b"completed"

        replica.kill()  # no replica left: writes still happen, but are not acknowledged
        queue.wait_timeout_ms = 200
        with pytest.raises(NotReplicated, match="0 of 1 replica"):
            await queue.enqueue(b"%PDF-1 other", job_id="b" * 32)
        # The client's retry (same job id) is safe: one job, still unacknowledged until a replica has it.
        with pytest.raises(NotReplicated):
            await queue.enqueue(b"%PDF-1 other", job_id="b" * 32)
        assert await queue.redis.hget(queue.keys.stats, "submitted") == b"2"
    finally:
        await reader.aclose()
        await queue.close()


async def test_a_worker_writes_an_unacknowledged_completion_again_until_a_replica_has_it(
    replicated: tuple[RedisServer, RedisServer],
) -> None:
    primary, replica = replicated
    # A replica in sync acknowledges within a generous WAIT (a loaded machine may take a while);
    # once it is gone, each write's WAIT gives up after 0.2 s.
    settings = Settings(redis_url=primary.url, redis_wait_replicas=1, redis_wait_timeout=10, lease_seconds=30,
                        key_prefix="ha")  # fmt: skip
    queue = RedisQueue.connect(settings, name="test", block_seconds=2)
    release = asyncio.Event()

    async def handler(ctx: JobContext) -> dict[str, Any]:
        await release.wait()
        return {"ok": True}

    worker = Worker(queue, {"analyze": handler}, settings, concurrency=1)
    task = asyncio.create_task(worker.run())
    try:
        job_id = (await queue.enqueue(b"%PDF-1 report")).job_id
        replica.kill()  # from now on no write is acknowledged
        queue.wait_timeout_ms = 200
        release.set()
        deadline = time.monotonic() + 10
        while await queue.redis.hget(queue.keys.job(job_id), "status") != b"completed" and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # several unconfirmed attempts (WAIT timeout 0.2 s)
        assert worker.processed == 0  # written on the primary, but not acknowledged: kept, not counted
        replica.start()  # a replica again (in sync when start returns): the next write of the completion is confirmed
        queue.wait_timeout_ms = 10_000
        deadline = time.monotonic() + 30
        while worker.processed == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        reader = aioredis.Redis.from_url(replica.url)
        assert await reader.hget(queue.keys.job(job_id), "status") == b"completed"
        assert worker.processed == 1  # the repeat was recognised as this completion, not as a lost lease
        history = await reader.hget(queue.keys.job(job_id), "history")
        assert history.count(b"d:completed") == 1 and await reader.hget(queue.keys.stats, "completed") == b"1"
        await reader.aclose()
    finally:
        worker.stop()
        worker.stop()
        await asyncio.wait_for(task, 15)
        await queue.close()


async def test_the_api_answers_503_not_replicated_when_no_replica_confirms(redis_server: RedisServer,
                                                                          redis_client: aioredis.Redis) -> None:  # fmt: skip
    settings = Settings(redis_url=redis_server.url, redis_wait_replicas=1, redis_wait_timeout=0.05, log_level="WARNING",
                        rate_limit_per_minute=0)  # fmt: skip
    async with serve(create_app(settings)) as url, httpx.AsyncClient(base_url=url) as http:
        r = await http.post("/analyze-async", files={"file": ("r.pdf", b"%PDF-1.4 x", "application/pdf")})
    assert r.status_code == 503 and r.json()["error"] == "not_replicated" and r.headers["retry-after"]


# ---------------------------------------------------------------- Redis Cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisCluster]:
    """3 primaries, each with a replica (so REDIS_WAIT_REPLICAS=1 can be confirmed)."""
    with RedisCluster(tmp_path_factory.mktemp("cluster"), primaries=3, replicas_each=1) as topology:
        yield topology


async def test_a_plain_client_meeting_moved_says_to_set_redis_mode_cluster(cluster: RedisCluster) -> None:
    url = cluster.entry_url(not_owning="{bta}")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("bta.queue").addHandler(handler)
    queue = RedisQueue.connect(Settings(redis_url=url), name="test")
    try:
        with pytest.raises(QueueMisconfigured, match="REDIS_MODE=cluster"):
            await queue.enqueue(b"%PDF-1 report")
        assert any("MOVED" in r.getMessage() and "REDIS_MODE=cluster" in r.getMessage() for r in records)
        app = create_app(Settings(redis_url=url, log_level="WARNING", rate_limit_per_minute=0))
        async with serve(app) as api, httpx.AsyncClient(base_url=api) as http:
            r = await http.post("/analyze-async", files={"file": ("r.pdf", b"%PDF-1.4 x", "application/pdf")})
        assert r.status_code == 503 and r.json()["error"] == "queue_misconfigured", r.text
    finally:
        logging.getLogger("bta.queue").removeHandler(handler)
        await queue.close()


async def subscribed(cluster: RedisCluster, channel: str, timeout: float) -> None:
    owner = aioredis.Redis(port=cluster.owner(channel).port)
    try:
        deadline = time.monotonic() + timeout
        while (await owner.execute_command("PUBSUB", "SHARDNUMSUB", channel))[1] < 1:
            assert time.monotonic() < deadline, f"nobody subscribed to {channel} within {timeout} s"
            await asyncio.sleep(0.02)
    finally:
        await owner.aclose()


async def test_job_events_reach_listeners_through_sharded_pubsub_on_a_cluster(cluster: RedisCluster) -> None:
    url = cluster.entry_url(not_owning="{hub}")
    queue = RedisQueue.connect(Settings(redis_url=url, redis_mode="cluster", key_prefix="hub"), name="test")
    hub = EventHub(queue.redis, queue.keys, sharded=queue.cluster)
    await hub.start()
    try:
        enqueued = await queue.enqueue(b"%PDF-1 report")
        async with hub.listen(enqueued.job_id) as events:
            # The hub's first subscription waits for its connection, which listen() does not: go on
            # once the shard that owns the job's channel counts the hub's subscription.
            await subscribed(cluster, queue.keys.events(enqueued.job_id), 30)
            [job] = await queue.claim("w1", 1)
            claimed = await asyncio.wait_for(events.get(), 30)
            await queue.complete([Completion(job.id, job.token, "completed", b"{}")])
            done = await asyncio.wait_for(events.get(), 30)
        assert claimed is not RESYNC and done is not RESYNC  # the events themselves, not a reconnection
        assert (claimed["status"], done["status"], done["id"]) == ("processing", "completed", enqueued.job_id)
        assert "SPUBLISH" in lua.source("claim", sharded=True) and queue.cluster
    finally:
        await hub.close()
        await queue.close()


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_cluster_through_a_non_owner_node_completes_every_job(cluster: RedisCluster, tmp_path: Path) -> None:
    """API and worker service as processes, REDIS_MODE=cluster through a node that does not own
    the queue's slot, acknowledged writes; the synchronous form waits on sharded pub/sub."""
    url = cluster.entry_url(not_owning="{bta}")
    env = {"REDIS_MODE": "cluster", "REDIS_WAIT_REPLICAS": 1, "RATE_LIMIT_PER_MINUTE": 0, "WORKER_COUNT": 2}
    port = free_port()
    api = start_api(url, port, tmp_path / "api.log", **env)
    worker = start_worker(url, tmp_path / "worker.log", **env)
    pdf = (CORPUS / "inline-normal-synthetic.pdf").read_bytes()
    try:
        wait_http(f"http://127.0.0.1:{port}/health/ready", proc=api)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            ids = []
            for n in range(20):
                r = http.post("/analyze-async", files={"file": (f"r{n}.pdf", pdf, "application/pdf")})
                assert r.status_code == 202, r.text
                ids.append(r.json()["job_id"])
            sync = http.post("/analyze", files={"file": ("sync.pdf", pdf, "application/pdf")})
            assert sync.status_code == 200 and sync.json()["status"] == "completed", sync.text
            deadline = time.monotonic() + 60
            pending = set(ids)
            while pending and time.monotonic() < deadline:
                pending = {i for i in pending if http.get(f"/status/{i}").json()["status"] != "completed"}
                time.sleep(0.2)
            assert not pending, f"{len(pending)} of {len(ids)} jobs did not complete"
        logs = api.log() + worker.log()
    finally:
        api.close()
        worker.close()
    assert "Traceback" not in logs and '"level":"error"' not in logs, logs[-3000:]


# ---------------------------------------------------------------- Sentinel failover


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_a_sentinel_failover_loses_no_acknowledged_job(tmp_path: Path) -> None:
    """The primary SIGKILLed a third of the way into 60 submissions (2 worker processes,
    REDIS_WAIT_REPLICAS=1): every 202 completes, once, within 60 s of the kill."""
    from bench.failover import run_once

    result = asyncio.run(run_once(tmp_path, wait=1, jobs=60, rate=50, lease=5, run="test"))
    assert result["accepted"] == 60 and result["accepted_before_kill"] >= 20
    assert result["lost"] == 0 and result["unfinished"] == 0, result
    assert result["completed"] == result["accepted"], result
    assert result["completed_twice"] == 0, result
    assert result["complete_within_60s"], result
    assert sum(result["client_retries"].values()) > 0  # the kill was felt: submissions were retried


def test_bench_queue_ops_measures_acknowledged_writes(tmp_path: Path) -> None:
    """The WAIT-cost benchmark runs (a replica, REDIS_WAIT_REPLICAS=1) and reports what it says."""
    out = tmp_path / "ops.json"
    proc = subprocess.run([sys.executable, "bench/queue_ops.py", "--runs", "1", "--jobs", "200", "--wait-replicas", "1",
                           "--json-out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(out.read_text())
    assert result["config"]["wait_replicas"] == 1 and result["config"]["wait_supported"]
    median = result["median"]
    assert median["submit_per_s"] > 0 and median["claim_complete_per_s"] > 0
    assert 0 < median["redis_cpu_us_per_job"] < 100_000 and median["jobs_per_redis_core_s"] > 0


def test_a_free_port_taken_before_the_server_binds_it_is_replaced_once_and_a_restart_keeps_its_port() -> None:
    """free_port's port can be taken by another process before redis-server binds it (CI once lost a benchmark
    run to 'Address already in use'): the first start moves to another free port; a restart does not move."""
    import socket

    from tests.redis_server import RedisServer

    server = RedisServer()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", server.port))
        squatter.listen()
        taken = server.port
        server.start()
        try:
            assert server.port != taken and server.ask("PING") == "PONG"
            server.stop()
            kept = server.port
            server.start()
            assert server.port == kept and server.ask("PING") == "PONG"
        finally:
            server.kill()
