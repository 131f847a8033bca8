"""The worker loop in-process against a real redis-server: outcomes, concurrency, shutdown, outages."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as aioredis

from shared.errors import NotAPdf, QueueUnavailable
from shared.handlers import APP, analysis_errors_are_permanent
from shared.job import Status
from shared.queue.redis_queue import RedisQueue
from shared.settings import Settings
from shared.worker.context import JobContext
from shared.worker.runtime import Worker
from tests.redis_server import RedisServer


def make_settings(url: str, **overrides: Any) -> Settings:
    base: dict[str, Any] = dict(
        redis_url=url, lease_seconds=1, worker_concurrency=4, retry_backoff=0.05, shutdown_grace=5, job_timeout=10
    )
    return Settings(**{**base, **overrides})


def make_queue(client: aioredis.Redis, settings: Settings) -> RedisQueue:
    return RedisQueue(client, lease_seconds=settings.lease_seconds, max_attempts=settings.max_attempts, result_ttl=600)


async def wait_status(queue: RedisQueue, job_id: str, *statuses: Status, timeout: float = 10) -> Any:
    deadline = time.monotonic() + timeout
    record = None
    while time.monotonic() < deadline:
        try:
            record, _ = await queue.get(job_id)
        except QueueUnavailable:  # tests that restart Redis poll through the outage
            await asyncio.sleep(0.1)
            continue
        if record.status in statuses:
            return record
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} still {record and record.status} after {timeout}s")


class Running:
    """A worker running as a task of the test's loop."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.task = asyncio.create_task(worker.run())

    async def stop(self, timeout: float = 15) -> None:
        self.worker.stop()
        await asyncio.wait_for(self.task, timeout)


@pytest.fixture
async def env(redis_server: RedisServer, redis_client: aioredis.Redis) -> AsyncIterator[tuple[Settings, RedisQueue]]:
    settings = make_settings(redis_server.url)
    yield settings, make_queue(redis_client, settings)


async def test_jobs_complete_with_their_results(env: tuple[Settings, RedisQueue]) -> None:
    settings, queue = env

    async def echo(ctx: JobContext) -> dict[str, Any]:
        await ctx.progress("parsing", 50)
        return {"query": ctx.job.query, "size": len(ctx.job.payload)}

    ids = [(await queue.enqueue(b"x" * i, query=f"q{i}", kind="echo")).job_id for i in range(10)]
    running = Running(Worker(queue, {"echo": echo}, settings))
    for i, job_id in enumerate(ids):
        record = await wait_status(queue, job_id, Status.COMPLETED)
        assert record.result == {"query": f"q{i}", "size": i}
    await running.stop()
    assert running.worker.processed == 10


async def test_concurrency_limit_is_respected(env: tuple[Settings, RedisQueue]) -> None:
    settings, queue = env
    active, peak = 0, 0

    async def slow(ctx: JobContext) -> dict[str, Any]:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.05)
        active -= 1
        return {}

    ids = [(await queue.enqueue(b"", kind="slow")).job_id for _ in range(20)]
    running = Running(Worker(queue, {"slow": slow}, settings, concurrency=3))
    for job_id in ids:
        await wait_status(queue, job_id, Status.COMPLETED)
    await running.stop()
    assert peak == 3


async def test_cpu_work_runs_off_the_loop_and_heartbeats_keep_going(env: tuple[Settings, RedisQueue]) -> None:
    settings, queue = env
    loop_thread: list[int] = []

    async def cpu(ctx: JobContext) -> dict[str, Any]:
        def burn() -> int:
            loop_thread.append(threading.get_ident())
            end = time.monotonic() + 1.5  # longer than the lease: only heartbeats keep the job
            while time.monotonic() < end:
                ctx.check_cancelled()
            return 1

        return {"n": await ctx.run_cpu(burn)}

    e = await queue.enqueue(b"", kind="cpu")
    running = Running(Worker(queue, {"cpu": cpu}, settings))
    record = await wait_status(queue, e.job_id, Status.COMPLETED)
    await running.stop()
    assert loop_thread[0] != threading.get_ident()
    assert record.attempts == 1 and record.history.count(" c:") == 1  # never re-claimed


async def test_retryable_error_retries_then_succeeds(env: tuple[Settings, RedisQueue]) -> None:
    settings, queue = env
    calls = 0

    async def flaky(ctx: JobContext) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("model endpoint reset")
        return {"ok": True}

    e = await queue.enqueue(b"", kind="flaky")
    running = Running(Worker(queue, {"flaky": flaky}, settings))
    record = await wait_status(queue, e.job_id, Status.COMPLETED)
    await running.stop()
    assert record.attempts == 2 and record.result == {"ok": True}


async def test_permanent_error_fails_once_with_its_message(env: tuple[Settings, RedisQueue]) -> None:
    settings, queue = env

    async def bad(ctx: JobContext) -> dict[str, Any]:
        raise NotAPdf("this file is not a PDF")

    e = await queue.enqueue(b"", kind="bad")
    running = Running(Worker(queue, {"bad": analysis_errors_are_permanent(bad)}, settings))
    record = await wait_status(queue, e.job_id, Status.FAILED)
    await running.stop()
    assert (record.error, record.error_kind, record.attempts) == ("this file is not a PDF", "not_a_pdf", 1)


async def test_job_timeout_stops_the_job(env: tuple[Settings, RedisQueue], redis_server: RedisServer) -> None:
    settings, queue = env
    settings = make_settings(redis_server.url, job_timeout=0.3)
    stopped = threading.Event()

    async def forever(ctx: JobContext) -> dict[str, Any]:
        def spin() -> None:
            try:
                while True:
                    ctx.check_cancelled()
                    time.sleep(0.01)
            finally:
                stopped.set()

        await ctx.run_cpu(spin)
        return {}

    e = await queue.enqueue(b"", kind="forever")
    running = Running(Worker(queue, {"forever": forever}, settings))
    record = await wait_status(queue, e.job_id, Status.FAILED)
    await running.stop()
    # The runtime's own words name no kind of job; the app's help text (api/failures.py) says what it means.
    assert (record.error, record.error_kind) == ("the job took longer than 0.3 s and was stopped", "job_timed_out")
    assert stopped.wait(2), "the CPU thread kept running after the timeout"


async def test_a_bad_job_does_not_hurt_the_others(env: tuple[Settings, RedisQueue]) -> None:
    settings, queue = env

    async def maybe(ctx: JobContext) -> dict[str, Any]:
        if ctx.job.query == "boom":
            raise ZeroDivisionError
        return {}

    ids = [(await queue.enqueue(b"", kind="maybe", query="boom" if i == 3 else "")).job_id for i in range(8)]
    ids.append((await queue.enqueue(b"", kind="unknown-kind")).job_id)
    running = Running(Worker(queue, {"maybe": maybe}, settings))
    states = [(await wait_status(queue, j, Status.COMPLETED, Status.FAILED, timeout=15)).status for j in ids]
    await running.stop()
    assert states.count(Status.COMPLETED) == 7 and states[3] is Status.FAILED and states[8] is Status.FAILED


async def test_cancelling_a_running_job_stops_it_at_a_stage_boundary(env: tuple[Settings, RedisQueue]) -> None:
    settings, queue = env
    stages: list[int] = []

    async def staged(ctx: JobContext) -> dict[str, Any]:
        for i in range(50):
            await ctx.progress("analyzing", i * 2)
            stages.append(i)
            await asyncio.sleep(0.05)
        return {}

    e = await queue.enqueue(b"", kind="staged")
    running = Running(Worker(queue, {"staged": staged}, settings))
    await wait_status(queue, e.job_id, Status.PROCESSING)
    await asyncio.sleep(0.2)
    assert await queue.cancel(e.job_id) == "cancelling"
    record = await wait_status(queue, e.job_id, Status.CANCELLED, timeout=3)
    await running.stop()
    assert len(stages) < 20 and record.error == "cancelled at your request"


async def test_cancelling_interrupts_an_await_in_flight(env: tuple[Settings, RedisQueue]) -> None:
    """A model call of up to GEMINI_TIMEOUT must not hold a cancelled job: the heartbeat that
    learns of the cancel interrupts the handler, which sees CancelledError (its cleanup runs,
    the model-call slot is given back) and the job ends as cancelled, not failed or retried."""
    settings, queue = env  # LEASE_SECONDS=1: a heartbeat every 0.33 s
    seen: list[str] = []

    async def model_call(ctx: JobContext) -> dict[str, Any]:
        await ctx.progress("analyzing", 70)
        async with ctx.state.model_semaphore:
            try:
                await asyncio.sleep(30)  # the model thinking
            except asyncio.CancelledError:
                seen.append("interrupted")
                raise
        return {}

    e = await queue.enqueue(b"", kind="llm")
    worker = Worker(queue, {"llm": model_call}, settings, startup=APP.startup)
    running = Running(worker)
    await wait_status(queue, e.job_id, Status.PROCESSING)
    await asyncio.sleep(0.2)
    start = time.monotonic()
    assert await queue.cancel(e.job_id) == "cancelling"
    record = await wait_status(queue, e.job_id, Status.CANCELLED, timeout=5)
    took = time.monotonic() - start
    assert took < 2, took  # a heartbeat or two, not the 30 s call
    assert seen == ["interrupted"] and record.error == "cancelled at your request" and record.attempts == 1
    assert worker.state.model_semaphore._value == settings.llm_concurrency  # the slot came back
    # The worker goes on: the next job runs normally.
    ok = await queue.enqueue(b"", kind="quick")
    worker.handlers["quick"] = lambda ctx: asyncio.sleep(0, {"ok": True})
    assert (await wait_status(queue, ok.job_id, Status.COMPLETED)).result == {"ok": True}
    await running.stop()


async def test_semaphores_belong_to_the_loop_that_runs_the_worker(env: tuple[Settings, RedisQueue], redis_server: RedisServer) -> None:
    """Seed 003's bug: a semaphore created in one loop and used in another. Run one Worker object
    in two different event loops (threads); both must work."""
    settings, _ = env

    async def uses_llm(ctx: JobContext) -> dict[str, Any]:
        async with ctx.state.model_semaphore:
            await asyncio.sleep(0.01)
        return {}

    def run_in_new_loop(results: list[str]) -> None:
        async def main() -> None:
            client = aioredis.Redis.from_url(redis_server.url)
            queue = make_queue(client, settings)
            e = await queue.enqueue(b"", kind="llm")
            worker = Worker(queue, {"llm": uses_llm}, settings, startup=APP.startup)
            task = asyncio.create_task(worker.run())
            record = await wait_status(queue, e.job_id, Status.COMPLETED, Status.FAILED)
            worker.stop()
            await task
            results.append(record.status.value)
            await client.aclose()

        asyncio.run(main())

    results: list[str] = []
    for _ in range(2):
        thread = threading.Thread(target=run_in_new_loop, args=(results,))
        thread.start()
        thread.join(20)
    assert results == ["completed", "completed"]


async def test_graceful_stop_finishes_in_flight_jobs(env: tuple[Settings, RedisQueue]) -> None:
    settings, queue = env

    async def medium(ctx: JobContext) -> dict[str, Any]:
        await asyncio.sleep(0.5)
        return {"done": True}

    ids = [(await queue.enqueue(b"", kind="m")).job_id for _ in range(3)]
    running = Running(Worker(queue, {"m": medium}, settings))
    for job_id in ids:
        await wait_status(queue, job_id, Status.PROCESSING)
    await running.stop()
    for job_id in ids:
        assert (await queue.get(job_id))[0].status is Status.COMPLETED


async def test_stop_past_the_grace_hands_jobs_back_at_once(env: tuple[Settings, RedisQueue], redis_server: RedisServer) -> None:
    _, queue = env
    settings = make_settings(redis_server.url, shutdown_grace=0.2, lease_seconds=30)

    async def long(ctx: JobContext) -> dict[str, Any]:
        await asyncio.sleep(60)
        return {}

    ids = [(await queue.enqueue(b"", kind="long")).job_id for _ in range(2)]
    queue.lease_ms = 30_000
    running = Running(Worker(queue, {"long": long}, settings))
    for job_id in ids:
        await wait_status(queue, job_id, Status.PROCESSING)
    start = time.monotonic()
    await running.stop()
    assert time.monotonic() - start < 3  # not after the 30 s lease
    for job_id in ids:
        record, position = await queue.get(job_id)
        assert record.status is Status.QUEUED and record.attempts == 0 and position is not None
        assert record.history.split()[-1].startswith("h@")
    assert await queue.workers(window_ms=60_000) == []  # unregistered


async def test_second_stop_cuts_the_grace_short(env: tuple[Settings, RedisQueue], redis_server: RedisServer) -> None:
    _, queue = env
    settings = make_settings(redis_server.url, shutdown_grace=60)

    async def long(ctx: JobContext) -> dict[str, Any]:
        await asyncio.sleep(60)
        return {}

    e = await queue.enqueue(b"", kind="long")
    running = Running(Worker(queue, {"long": long}, settings))
    await wait_status(queue, e.job_id, Status.PROCESSING)
    running.worker.stop()
    await asyncio.sleep(0.2)
    assert not running.task.done()
    running.worker.stop()
    await asyncio.wait_for(running.task, 5)
    assert (await queue.get(e.job_id))[0].status is Status.QUEUED


async def test_worker_survives_a_redis_restart(fresh_redis: RedisServer) -> None:
    settings = make_settings(fresh_redis.url)
    client = aioredis.Redis.from_url(fresh_redis.url, socket_timeout=1, socket_connect_timeout=1)
    queue = make_queue(client, settings)

    async def slowish(ctx: JobContext) -> dict[str, Any]:
        await asyncio.sleep(0.05)
        return {"n": json.loads(ctx.job.payload)}

    ids = [(await queue.enqueue(json.dumps(i).encode(), kind="s")).job_id for i in range(40)]
    worker_client = aioredis.Redis.from_url(fresh_redis.url, socket_timeout=1, socket_connect_timeout=1)
    running = Running(Worker(make_queue(worker_client, settings), {"s": slowish}, settings, concurrency=2))
    await asyncio.sleep(0.3)
    fresh_redis.stop()  # graceful: appendonly flushed
    await asyncio.sleep(1.0)
    fresh_redis.start()
    for i, job_id in enumerate(ids):
        record = await wait_status(queue, job_id, Status.COMPLETED, timeout=20)
        assert record.result == {"n": i}
    await running.stop()
    await client.aclose()
    await worker_client.aclose()


class Gated:
    """A handler whose attempts the test lets go one at a time: attempt n of the job with query q
    waits for gate `q<n>`, then returns; a first attempt ends as `ending` says: return its result,
    report progress (and return), or raise."""

    def __init__(self, ending: str = "returns") -> None:
        self.ending = ending
        self.started: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.ended: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.gate: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)

    async def __call__(self, ctx: JobContext) -> dict[str, Any]:
        name = f"{ctx.job.query}{ctx.job.attempts}"
        self.started[name].set()
        try:
            await self.gate[name].wait()
            stale = ctx.job.attempts == 1
            if stale and self.ending == "progress":
                await ctx.progress(f"stage of {name}", 99)
            elif stale and self.ending == "raises":
                raise ConnectionError("model endpoint reset")
            return {"attempt": name}
        finally:
            self.ended[name].set()


async def until(event: asyncio.Event, timeout: float = 10) -> None:
    await asyncio.wait_for(event.wait(), timeout)


async def renewed(queue: RedisQueue, redis_client: aioredis.Redis, job_id: str, timeout: float = 5) -> None:
    """Wait until a heartbeat extends the job's lease: its expiry is set back to a mark that the
    worker's renewal (60 s ahead) moves past, and that no sweep reaches."""
    mark = await queue.server_time_ms() + 30_000
    assert await redis_client.zadd(queue.keys.inflight, {job_id: mark}, xx=True, ch=True) == 1
    deadline = time.monotonic() + timeout
    while (expiry := await redis_client.zscore(queue.keys.inflight, job_id)) == mark:
        assert time.monotonic() < deadline, "the running attempt's lease was not renewed"
        await asyncio.sleep(0.02)
    assert expiry is not None and expiry > mark, expiry


async def second_attempt_on_the_same_worker(queue: RedisQueue, redis_client: aioredis.Redis, settings: Settings,
                                            handler: Gated) -> tuple[Running, str]:  # fmt: skip
    """Attempt 1 of job `J` runs on a worker with a free slot; its lease runs out (as when the worker's loop
    stalls past it: made to happen now, not waited for), a sweep requeues it and the same worker claims
    attempt 2. Attempt 1 then ends late, as `handler.ending` says."""
    queue.lease_ms = 60_000  # no lease runs out by itself: the test expires the one it means to
    job_id = (await queue.enqueue(b"", kind="gated", query="J")).job_id
    running = Running(Worker(queue, {"gated": handler}, settings, concurrency=2))
    await until(handler.started["J1"])
    await redis_client.zadd(queue.keys.inflight, {job_id: 0})
    await queue.sweep()  # or the worker's own sweep, whichever comes first
    await until(handler.started["J2"])
    handler.gate["J1"].set()
    await until(handler.ended["J1"])
    return running, job_id


@pytest.mark.parametrize("ending", ["returns", "progress", "raises"])
async def test_a_stale_attempt_ending_late_leaves_the_new_attempt_on_the_same_worker_alone(
    env: tuple[Settings, RedisQueue], redis_client: aioredis.Redis, ending: str
) -> None:
    settings, queue = env  # LEASE_SECONDS=1: a heartbeat every 0.33 s
    handler = Gated(ending)
    running, job_id = await second_attempt_on_the_same_worker(queue, redis_client, settings, handler)
    for _ in range(3):  # attempt 2 is still this worker's: heartbeats keep its lease
        await renewed(queue, redis_client, job_id)
    [info] = await queue.workers(window_ms=60_000)
    assert info["in_flight"] == "1"  # the stale attempt's end freed its own slot, not attempt 2's
    record, _ = await queue.get(job_id)
    assert (record.status, record.stage, record.attempts) == (Status.PROCESSING, "started", 2)
    handler.gate["J2"].set()
    record = await wait_status(queue, job_id, Status.COMPLETED, Status.FAILED)
    await running.stop()
    assert (record.status, record.result, record.attempts) == (Status.COMPLETED, {"attempt": "J2"}, 2)
    assert record.history.count("c:") == 2 and running.worker.processed == 1


async def test_a_cancel_reaches_the_new_attempt_after_a_stale_one_ended(
    env: tuple[Settings, RedisQueue], redis_client: aioredis.Redis
) -> None:
    settings, queue = env
    handler = Gated()
    running, job_id = await second_attempt_on_the_same_worker(queue, redis_client, settings, handler)
    assert await queue.cancel(job_id) == "cancelling"
    record = await wait_status(queue, job_id, Status.CANCELLED, timeout=5)  # attempt 2 waits at its gate: the heartbeat must interrupt it
    await running.stop()
    assert (record.error, record.attempts) == ("cancelled at your request", 2)
    assert handler.ended["J2"].is_set() and not handler.gate["J2"].is_set()
