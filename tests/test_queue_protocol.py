"""Each protocol operation against a real redis-server (no mocks of Redis)."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
import redis.asyncio as aioredis

from shared.errors import IdempotencyConflict, JobNotFound, QueueFull
from shared.job import CANCELLED_MESSAGE, ClaimedJob, Priority, Status
from shared.queue.keys import Keys
from shared.queue.lua import source
from shared.queue.redis_queue import NOT_RUNNING, Completion, RedisQueue


@pytest.fixture
async def queue(redis_client: aioredis.Redis) -> RedisQueue:
    return RedisQueue(redis_client, lease_seconds=0.3, result_ttl=600, max_attempts=3)


async def _expire_leases(queue: RedisQueue) -> None:
    await asyncio.sleep(queue.lease_ms / 1000 + 0.05)


async def test_enqueue_stores_job_and_upload_and_reports_position(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    first = await queue.enqueue(b"%PDF-a", query="q1", filename="a.pdf")
    second = await queue.enqueue(b"%PDF-b", query="q2")
    assert (first.position, second.position) == (1, 2)
    assert first.created and len(first.job_id) == 32 and first.job_id != second.job_id
    record, position = await queue.get(second.job_id)
    assert record.status is Status.QUEUED and record.query == "q2" and position == 2
    assert record.size == 6 and record.max_attempts == 3
    assert await redis_client.get(queue.keys.pdf(first.job_id)) == b"%PDF-a"
    assert await redis_client.ttl(queue.keys.job(first.job_id)) == -1  # a queued job never expires


async def test_priority_order_then_fifo_and_positions(queue: RedisQueue) -> None:
    low = await queue.enqueue(b"1", priority=Priority.LOW)
    normal1 = await queue.enqueue(b"2")
    high = await queue.enqueue(b"3", priority=Priority.HIGH)
    normal2 = await queue.enqueue(b"4")
    assert high.position == 1
    positions = [(await queue.get(e.job_id))[1] for e in (high, normal1, normal2, low)]
    assert positions == [1, 2, 3, 4]
    claimed = await queue.claim("w", 10)
    assert [j.id for j in claimed] == [high.job_id, normal1.job_id, normal2.job_id, low.job_id]


async def test_claim_moves_job_in_flight_under_a_lease(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    e = await queue.enqueue(b"%PDF-x", query="hello")
    [job] = await queue.claim("w1", 5)
    assert (job.id, job.token, job.attempts, job.payload, job.query) == (e.job_id, "w1:1", 1, b"%PDF-x", "hello")
    assert await redis_client.zcard(queue.keys.queue) == 0
    expiry = await redis_client.zscore(queue.keys.inflight, e.job_id)
    assert expiry is not None and expiry > time.time() * 1000 - 5000
    record, position = await queue.get(e.job_id)
    assert record.status is Status.PROCESSING and record.worker == "w1" and position is None
    assert await queue.claim("w2", 5) == []


async def test_complete_writes_result_deletes_upload_and_sets_ttl(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    e = await queue.enqueue(b"%PDF")
    [job] = await queue.claim("w1", 1)
    assert await queue.complete([Completion(job.id, job.token, "completed", json.dumps({"x": 1}))]) == []
    record, _ = await queue.get(e.job_id)
    assert record.status is Status.COMPLETED and record.result == {"x": 1} and record.percent == 100
    assert record.finished_at is not None and record.started_at is not None
    assert not await redis_client.exists(queue.keys.pdf(e.job_id))
    assert await redis_client.zscore(queue.keys.inflight, e.job_id) is None
    assert 590 <= await redis_client.ttl(queue.keys.job(e.job_id)) <= 600


async def test_lost_lease_cannot_overwrite_the_new_owner(queue: RedisQueue) -> None:
    e = await queue.enqueue(b"%PDF")
    [old] = await queue.claim("w1", 1)
    await _expire_leases(queue)
    assert (await queue.sweep()).requeued == 1
    [new] = await queue.claim("w2", 1)
    assert new.token == "w2:2"
    # The first worker wakes up: every call it makes is refused.
    assert await queue.progress(old, "parsing", 50) == "lost"
    assert await queue.complete([Completion(old.id, old.token, "completed", '{"by":"w1"}')]) == [(old.id, old.token)]
    assert await queue.fail(old, "boom", kind="error", permanent=True, backoff_seconds=0) == "lost"
    assert (await queue.renew("w1", [old], {}, ttl_ms=1000)).lost == [(old.id, old.token)]
    assert await queue.complete([Completion(new.id, new.token, "completed", '{"by":"w2"}')]) == []
    record, _ = await queue.get(e.job_id)
    assert record.result == {"by": "w2"} and record.attempts == 2


async def _reclaim_on_the_same_worker(queue: RedisQueue, redis_client: aioredis.Redis, worker: str = "w") -> tuple[ClaimedJob, ClaimedJob]:
    """Attempt 1 of a job on `worker`; its lease is made to run out now (no waiting on the clock), the
    sweep requeues the job and the same worker claims attempt 2: both attempts are alive in its memory."""
    await queue.enqueue(b"%PDF", callback_url="http://example.invalid/hook")
    [old] = await queue.claim(worker, 1)
    await redis_client.zadd(queue.keys.inflight, {old.id: 0})
    assert (await queue.sweep()).requeued == 1
    [new] = await queue.claim(worker, 1)
    assert (new.id, old.token, new.token) == (old.id, f"{worker}:1", f"{worker}:2")
    return old, new


async def test_a_stale_attempt_on_the_same_worker_changes_nothing_of_the_new_one(
    queue: RedisQueue, redis_client: aioredis.Redis
) -> None:
    old, new = await _reclaim_on_the_same_worker(queue, redis_client)
    assert await queue.progress(new, "analyzing", 60, running_in=4242) == "ok"
    before = await redis_client.hgetall(queue.keys.job(new.id))
    # Attempt 1 wakes up: its progress, mark, failure and hand-back are refused and write nothing.
    assert await queue.progress(old, "parsing", 10, page=1, pages=3, running_in=4343) == "lost"
    assert await queue.progress(old, "parsing", 10, running_in=NOT_RUNNING) == "lost"
    assert await queue.fail(old, "boom", kind="error", permanent=False, backoff_seconds=0) == "lost"
    assert await queue.release([old]) == 0
    assert await redis_client.hgetall(queue.keys.job(new.id)) == before  # stage, percent, mark, version, lease
    record, _ = await queue.get(new.id)
    assert (record.status, record.stage, record.percent, record.attempts) == (Status.PROCESSING, "analyzing", 60, 2)


async def test_a_stale_heartbeat_does_not_extend_the_new_attempts_lease(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    old, new = await _reclaim_on_the_same_worker(queue, redis_client)
    soon = await queue.server_time_ms() + 50_000
    await redis_client.zadd(queue.keys.inflight, {new.id: soon})
    reply = await queue.renew("w", [old], {}, ttl_ms=1000)
    assert (reply.lost, reply.cancel) == ([(old.id, old.token)], [])
    assert await redis_client.zscore(queue.keys.inflight, new.id) == soon
    # One heartbeat carrying both attempts: only the old one is lost, only the new one is extended.
    reply = await queue.renew("w", [old, new], {}, ttl_ms=1000)
    assert (reply.lost, reply.cancel) == ([(old.id, old.token)], [])
    assert await redis_client.zscore(queue.keys.inflight, new.id) != soon


async def test_a_cancel_is_reported_for_the_new_attempt_only(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    old, new = await _reclaim_on_the_same_worker(queue, redis_client)
    assert await queue.cancel(new.id) == "cancelling"
    reply = await queue.renew("w", [old, new], {}, ttl_ms=1000)
    assert (reply.lost, reply.cancel) == ([(old.id, old.token)], [(new.id, new.token)])
    assert await queue.progress(old, "parsing", 10) == "lost"
    assert await queue.progress(new, "parsing", 10) == "cancel"


async def test_a_stale_completion_is_refused_before_and_after_the_new_one(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    old, new = await _reclaim_on_the_same_worker(queue, redis_client)
    stale = Completion(old.id, old.token, "completed", '{"attempt":1}')
    assert await queue.complete([stale]) == [(old.id, old.token)]
    assert await redis_client.zscore(queue.keys.webhooks, new.id) is None  # no callback for a refused completion
    # Both attempts' completions in one batch (one flush of one worker): only the stale one is lost.
    fresh = Completion(new.id, new.token, "completed", '{"attempt":2}')
    assert await queue.complete([stale, fresh]) == [(old.id, old.token)]
    record, _ = await queue.get(new.id)
    assert record.status is Status.COMPLETED and record.result == {"attempt": 2}
    assert await redis_client.zscore(queue.keys.webhooks, new.id) is not None
    await queue.webhook_done(new.id, "delivered")  # the callback went out once
    version = (await queue.get(new.id))[0].version
    # Attempt 1 finishes later still: refused, no second callback, no second count.
    assert await queue.complete([stale]) == [(old.id, old.token)]
    assert await queue.complete([Completion(old.id, old.token, "cancelled", "cancelled at your request")]) == [(old.id, old.token)]
    assert await redis_client.zscore(queue.keys.webhooks, new.id) is None
    record, _ = await queue.get(new.id)
    assert (record.result, record.version) == ({"attempt": 2}, version)
    assert (await queue.stats(worker_window_ms=1000)).counters["completed"] == 1
    assert await queue.complete([fresh]) == []  # the new attempt's own repeat is still recognised as done


async def test_renew_keeps_the_lease_alive(queue: RedisQueue) -> None:
    await queue.enqueue(b"%PDF")
    [job] = await queue.claim("w1", 1)
    for _ in range(4):
        await asyncio.sleep(queue.lease_ms / 2000)
        assert (await queue.renew("w1", [job], {"pid": 1}, ttl_ms=1000)).lost == []
        assert (await queue.sweep()).requeued == 0
    assert await queue.progress(job, "parsing", 10) == "ok"


async def test_job_that_keeps_stalling_fails_after_max_attempts(redis_client: aioredis.Redis) -> None:
    queue = RedisQueue(redis_client, lease_seconds=0.2, max_attempts=2)
    e = await queue.enqueue(b"%PDF")
    for attempt in (1, 2):
        [job] = await queue.claim(f"w{attempt}", 1)
        assert job.attempts == attempt
        # its untrusted work runs in process 4242 when the worker goes silent: the attempt is charged
        assert await queue.progress(job, "extracting", 5, running_in=4242) == "ok"
        await _expire_leases(queue)
        swept = await queue.sweep()
    assert (swept.requeued, swept.failed) == (0, 1)
    record, _ = await queue.get(e.job_id)
    assert record.status is Status.FAILED and record.error == "stalled too many times"
    assert record.error_kind == "stalled"
    assert not await redis_client.exists(queue.keys.pdf(e.job_id))
    assert await redis_client.lrange(queue.keys.failed, 0, -1) == [e.job_id.encode()]


async def test_a_dead_workers_neighbours_are_requeued_without_charge(redis_client: aioredis.Redis) -> None:
    """Only the job marked as running untrusted work when its worker died pays an attempt (issue 18)."""
    queue = RedisQueue(redis_client, lease_seconds=0.2, max_attempts=3)
    culprit = await queue.enqueue(b"bomb", owner="key-a")
    bystanders = [await queue.enqueue(b"good", owner="key-b") for _ in range(3)]
    for _ in range(3):  # the worker dies three times with the same four jobs claimed
        jobs = {j.id: j for j in await queue.claim("w", 4)}
        assert len(jobs) == 4
        assert await queue.progress(jobs[culprit.job_id], "extracting", 5, running_in=999) == "ok"
        await _expire_leases(queue)
        await queue.sweep()
    record, _ = await queue.get(culprit.job_id)
    assert record.status is Status.FAILED and record.error == "stalled too many times" and record.attempts == 3
    for e in bystanders:
        record, _ = await queue.get(e.job_id)
        assert record.status is Status.QUEUED and record.attempts == 3 and record.max_attempts == 6
    # the mark is cleared once the untrusted work is over: a death after it charges nobody
    [job] = await queue.claim("w", 1)
    assert await queue.progress(job, "extracting", 5, running_in=999) == "ok"
    assert await redis_client.hget(queue.keys.job(job.id), "running_in") == b"999"
    assert await queue.progress(job, "finalizing", 95, running_in=0) == "ok"
    assert await redis_client.hget(queue.keys.job(job.id), "running_in") is None
    await _expire_leases(queue)
    await queue.sweep()
    record, _ = await queue.get(job.id)
    assert record.status is Status.QUEUED and record.attempts == 4 and record.max_attempts == 7


async def test_uncharged_requeues_are_bounded(redis_client: aioredis.Redis) -> None:
    from shared.queue.redis_queue import MAX_UNCHARGED_STALLS

    queue = RedisQueue(redis_client, lease_seconds=0.05, max_attempts=1)
    e = await queue.enqueue(b"%PDF")
    for _ in range(MAX_UNCHARGED_STALLS + 1):
        assert len(await queue.claim("w", 1)) == 1
        await _expire_leases(queue)
        await queue.sweep()
    record, _ = await queue.get(e.job_id)
    assert record.status is Status.FAILED and record.error_kind == "stalled"
    assert record.attempts == MAX_UNCHARGED_STALLS + 1


async def test_retryable_error_waits_out_its_backoff_then_runs_again(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    e = await queue.enqueue(b"%PDF")
    [job] = await queue.claim("w1", 1)
    assert await queue.fail(job, "temporary", kind="error", permanent=False, backoff_seconds=0.4) == "retry"
    record, position = await queue.get(e.job_id)
    assert record.status is Status.QUEUED and record.stage == "retrying" and position is None
    assert (await queue.sweep()).promoted == 0
    assert await queue.claim("w1", 1) == []
    await asyncio.sleep(0.45)
    assert (await queue.sweep()).promoted == 1
    [again] = await queue.claim("w2", 1)
    assert again.attempts == 2 and again.payload == b"%PDF"


async def test_retries_end_in_failure_after_max_attempts(queue: RedisQueue) -> None:
    e = await queue.enqueue(b"%PDF", max_attempts=2)
    [job] = await queue.claim("w", 1)
    assert await queue.fail(job, "t1", kind="error", permanent=False, backoff_seconds=0) == "retry"
    await queue.sweep()
    [job] = await queue.claim("w", 1)
    assert await queue.fail(job, "t2", kind="error", permanent=False, backoff_seconds=0) == "failed"
    record, _ = await queue.get(e.job_id)
    assert record.status is Status.FAILED and record.error == "t2" and record.attempts == 2


async def test_permanent_error_fails_at_once(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    e = await queue.enqueue(b"%PDF")
    [job] = await queue.claim("w", 1)
    assert await queue.fail(job, "this is not a PDF", kind="not_a_pdf", permanent=True, backoff_seconds=5) == "failed"
    record, _ = await queue.get(e.job_id)
    assert (record.status, record.error, record.attempts) == (Status.FAILED, "this is not a PDF", 1)
    stats = await queue.stats(worker_window_ms=1000)
    assert stats.counters["failed"] == 1 and stats.counters["failed:not_a_pdf"] == 1


async def test_cancel_a_queued_job_removes_it_at_once(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    e = await queue.enqueue(b"%PDF")
    other = await queue.enqueue(b"%PDF2")
    assert await queue.cancel(e.job_id) == "cancelled"
    record, _ = await queue.get(e.job_id)
    assert record.status is Status.CANCELLED
    assert not await redis_client.exists(queue.keys.pdf(e.job_id))
    assert (await queue.get(other.job_id))[1] == 1  # the job behind it moved up
    assert [j.id for j in await queue.claim("w", 5)] == [other.job_id]
    assert await queue.cancel(e.job_id) == "cancelled"  # idempotent: reports the final state


async def test_cancel_a_running_job_flags_it_for_its_worker(queue: RedisQueue) -> None:
    e = await queue.enqueue(b"%PDF")
    [job] = await queue.claim("w", 1)
    assert await queue.cancel(e.job_id) == "cancelling"
    assert (await queue.renew("w", [job], {}, ttl_ms=1000)).cancel == [(job.id, job.token)]
    assert await queue.progress(job, "parsing", 30) == "cancel"
    await queue.complete([Completion(job.id, job.token, "cancelled", "cancelled at your request")])
    record, _ = await queue.get(e.job_id)
    assert record.status is Status.CANCELLED and record.finished_at is not None


async def test_a_job_cancelled_while_its_worker_went_silent_is_not_run_again(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    """The cancel flag is for the running attempt; if its lease runs out before any worker acts on it,
    the sweep ends the job as cancelled instead of queueing another attempt that no one asked for."""
    e = await queue.enqueue(b"%PDF", callback_url="http://example.invalid/hook")
    [job] = await queue.claim("w", 1)
    assert await queue.cancel(e.job_id) == "cancelling"
    await redis_client.zadd(queue.keys.inflight, {job.id: 0})  # its lease runs out now
    assert (await queue.sweep()).requeued == 0
    record, position = await queue.get(e.job_id)
    assert (record.status, record.error, position) == (Status.CANCELLED, "cancelled at your request", None)
    assert await queue.claim("w2", 1) == []
    assert await redis_client.zscore(queue.keys.webhooks, e.job_id) is not None  # its callback, once
    assert not await redis_client.exists(queue.keys.pdf(e.job_id))
    assert await queue.complete([Completion(job.id, job.token, "completed", "{}")]) == [(job.id, job.token)]


async def test_a_retryable_error_after_a_cancel_ends_the_job_as_cancelled(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    e = await queue.enqueue(b"%PDF")
    [job] = await queue.claim("w", 1)
    assert await queue.cancel(e.job_id) == "cancelling"
    assert await queue.fail(job, "model endpoint reset", kind="error", permanent=False, backoff_seconds=0) == "cancelled"
    record, _ = await queue.get(e.job_id)
    assert (record.status, record.error, record.attempts) == (Status.CANCELLED, "cancelled at your request", 1)
    assert await redis_client.zcard(queue.keys.delayed) == 0
    assert (await queue.sweep()).promoted == 0 and await queue.claim("w2", 1) == []


async def test_cancel_checks_the_owner(queue: RedisQueue) -> None:
    e = await queue.enqueue(b"%PDF", owner="alice")
    with pytest.raises(JobNotFound):
        await queue.cancel(e.job_id, owner="bob")
    with pytest.raises(JobNotFound):
        await queue.get(e.job_id, owner="bob")
    assert await queue.cancel(e.job_id, owner="alice") == "cancelled"


async def test_purge_erases_everything_about_the_job(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    e = await queue.enqueue(b"%PDF")
    [job] = await queue.claim("w", 1)
    assert await queue.cancel(e.job_id, purge=True) == "purged"
    with pytest.raises(JobNotFound):
        await queue.get(e.job_id)
    assert not await redis_client.exists(queue.keys.job(e.job_id), queue.keys.pdf(e.job_id))
    assert await redis_client.zscore(queue.keys.index, e.job_id) is None
    # The worker that held it finds out, and cannot resurrect it.
    assert await queue.complete([Completion(job.id, job.token, "completed", "{}")]) == [(job.id, job.token)]
    assert not await redis_client.exists(queue.keys.job(e.job_id))


async def test_release_hands_jobs_back_to_the_front_without_counting_an_attempt(queue: RedisQueue) -> None:
    first = await queue.enqueue(b"1")
    second = await queue.enqueue(b"2")
    [job] = await queue.claim("w", 1)
    assert job.id == first.job_id
    assert await queue.release([job]) == 1
    record, position = await queue.get(first.job_id)
    assert record.status is Status.QUEUED and record.attempts == 0 and position == 1
    assert [j.id for j in await queue.claim("w2", 2)] == [first.job_id, second.job_id]


async def test_idempotency_key_returns_the_same_job(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    a = await queue.enqueue(b"%PDF-same", idempotency_key="k1", owner="alice")
    b = await queue.enqueue(b"%PDF-same", idempotency_key="k1", owner="alice")
    assert a.job_id == b.job_id and a.created and not b.created
    assert await redis_client.zcard(queue.keys.queue) == 1
    with pytest.raises(IdempotencyConflict):
        await queue.enqueue(b"%PDF-other", idempotency_key="k1", owner="alice")
    c = await queue.enqueue(b"%PDF-same", idempotency_key="k1", owner="bob")  # keys are per client
    assert c.job_id != a.job_id


async def test_full_queue_refuses_new_jobs(redis_client: aioredis.Redis) -> None:
    queue = RedisQueue(redis_client, max_queue_size=2)
    await queue.enqueue(b"1")
    await queue.enqueue(b"2")
    with pytest.raises(QueueFull):
        await queue.enqueue(b"3")
    await queue.claim("w", 1)
    await queue.enqueue(b"3")


async def test_pause_stops_claims_until_resume(queue: RedisQueue) -> None:
    await queue.enqueue(b"1")
    await queue.pause()
    assert await queue.claim("w", 1) == []
    assert (await queue.stats(worker_window_ms=1000)).paused
    await queue.resume()
    assert len(await queue.claim("w", 1)) == 1


async def test_blocked_worker_wakes_within_milliseconds(queue: RedisQueue, redis_server) -> None:  # type: ignore[no-untyped-def]
    blocking = aioredis.Redis.from_url(redis_server.url)
    waiting = RedisQueue(queue.redis, blocking=blocking)
    await queue.redis.delete(queue.keys.wake)
    waiter = asyncio.create_task(waiting.wait_for_work(5))
    await asyncio.sleep(0.1)
    assert not waiter.done()
    start = time.perf_counter()
    await queue.enqueue(b"1")
    assert await waiter
    assert time.perf_counter() - start < 0.05
    await blocking.aclose()


async def test_wake_marker_never_grows(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    for _ in range(50):
        await queue.enqueue(b"1")
    assert await redis_client.llen(queue.keys.wake) == 1


async def test_claim_passes_the_wake_up_on_while_work_remains(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    for _ in range(3):
        await queue.enqueue(b"1")
    await redis_client.delete(queue.keys.wake)
    await queue.claim("w", 1)
    assert await redis_client.llen(queue.keys.wake) == 1
    await redis_client.delete(queue.keys.wake)
    await queue.claim("w", 5)
    assert await redis_client.llen(queue.keys.wake) == 0


async def test_progress_is_recorded_and_published(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    e = await queue.enqueue(b"%PDF")
    pubsub = redis_client.pubsub()
    await pubsub.subscribe(queue.keys.events(e.job_id))
    [job] = await queue.claim("w", 1)
    assert await queue.progress(job, "extracting", 20, page=2, pages=7) == "ok"
    record, _ = await queue.get(e.job_id)
    assert (record.stage, record.percent, record.page, record.pages) == ("extracting", 20, 2, 7)
    events = []
    deadline = time.monotonic() + 1
    while len(events) < 2 and time.monotonic() < deadline:
        msg = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
        if msg is not None:  # None also stands for the skipped subscribe confirmation
            events.append(json.loads(msg["data"]))
    assert [(ev["status"], ev.get("stage")) for ev in events] == [("processing", "started"), ("processing", "extracting")]
    assert events[1]["page"] == 2 and events[0]["v"] < events[1]["v"]
    await pubsub.aclose()


async def test_stats_snapshot(queue: RedisQueue) -> None:
    await queue.enqueue(b"1", priority=Priority.HIGH)
    await queue.enqueue(b"2")
    await queue.enqueue(b"3")
    await queue.enqueue(b"4", priority=Priority.LOW)
    [job] = await queue.claim("w", 1)
    await queue.renew("w", [job], {"pid": 1}, ttl_ms=5000)
    stats = await queue.stats(worker_window_ms=5000)
    assert stats.queued == {"high": 0, "normal": 2, "low": 1}
    assert (stats.processing, stats.workers_alive, stats.counters["submitted"]) == (1, 1, 4)


async def test_recent_jobs_come_from_the_index(queue: RedisQueue) -> None:
    ids = [(await queue.enqueue(b"x", owner="a" if i % 2 else "b")).job_id for i in range(5)]
    [job] = await queue.claim("w", 1)
    recent = await queue.recent(limit=3)
    assert [r.id for r in recent] == ids[::-1][:3]
    assert [r.id for r in await queue.recent(limit=10, status=Status.PROCESSING)] == [job.id]
    assert {r.owner for r in await queue.recent(limit=10, owner="a")} == {"a"}


async def test_worker_registry_and_expiry(queue: RedisQueue) -> None:
    await queue.renew("w1", [], {"host": "h", "pid": 42}, ttl_ms=300)
    [info] = await queue.workers(window_ms=300)
    assert info["id"] == "w1" and info["pid"] == "42" and "last_heartbeat" in info
    await asyncio.sleep(0.4)
    assert await queue.workers(window_ms=300) == []


async def test_every_key_shares_one_hash_tag(redis_client: aioredis.Redis) -> None:
    queue = RedisQueue(redis_client, prefix="tenant-x", lease_seconds=0.2)
    a = await queue.enqueue(b"1", idempotency_key="k", callback_url="http://example.invalid/hook")
    await queue.enqueue(b"2")
    jobs = await queue.claim("w", 2)
    await queue.renew("w", jobs, {"pid": 1}, ttl_ms=5000)
    await queue.hit_rate_limit("owner", 10)
    await queue.complete([Completion(a.job_id, jobs[0].token, "completed", "{}")])
    await queue.fail(jobs[1], "x", kind="error", permanent=True, backoff_seconds=0)
    keys = [k.decode() async for k in redis_client.scan_iter(count=1000)]
    assert keys and all(k.startswith("{tenant-x}:") for k in keys), keys


def test_lua_and_python_agree_on_key_names() -> None:
    keys = Keys("p")
    lua = source("enqueue")
    for suffix in ("job", "pdf", "events", "worker"):
        assert f"base .. ':{suffix}:' .. id" in lua
    assert keys.job("1") == "{p}:job:1" and keys.pdf("1") == "{p}:pdf:1"
    assert keys.events("1") == "{p}:events:1" and keys.worker("1") == "{p}:worker:1"
    assert f"local CANCELLED_MESSAGE = '{CANCELLED_MESSAGE}'" in source("cancel")  # the runtime's words too


async def test_finished_jobs_expire(redis_client: aioredis.Redis) -> None:
    queue = RedisQueue(redis_client, result_ttl=1)
    e = await queue.enqueue(b"%PDF")
    [job] = await queue.claim("w", 1)
    await queue.complete([Completion(job.id, job.token, "completed", "{}")])
    await asyncio.sleep(1.2)
    with pytest.raises(JobNotFound):
        await queue.get(e.job_id)
    assert await queue.recent(limit=10) == []  # the index skips what expired


async def test_failed_list_is_capped(redis_client: aioredis.Redis) -> None:
    queue = RedisQueue(redis_client, result_ttl=60)
    await redis_client.rpush(queue.keys.failed, *[f"old{i}" for i in range(1000)])
    await queue.enqueue(b"%PDF")
    [job] = await queue.claim("w", 1)
    await queue.fail(job, "bad", kind="error", permanent=True, backoff_seconds=0)
    assert await redis_client.llen(queue.keys.failed) == 1000
    assert await redis_client.lindex(queue.keys.failed, 0) == job.id.encode()


async def test_an_evicting_redis_is_reported(redis_client: aioredis.Redis, caplog: pytest.LogCaptureFixture) -> None:
    from shared.worker.service import warn_if_evicting

    queue = RedisQueue(redis_client)
    await redis_client.config_set("maxmemory-policy", "allkeys-lru")
    try:
        with caplog.at_level("WARNING"):
            await warn_if_evicting(queue)
        assert "maxmemory-policy is not noeviction" in caplog.text
        caplog.clear()
        await redis_client.config_set("maxmemory-policy", "noeviction")
        await warn_if_evicting(queue)
        assert "noeviction" not in caplog.text
    finally:
        await redis_client.config_set("maxmemory-policy", "noeviction")


async def test_large_results_are_stored_compressed(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    from shared.job import encode_result

    big = {"biomarkers": [{"name": f"Marker {i}", "value": i, "unit": "mg/dL", "flag": "normal"} for i in range(80)]}
    small = {"ok": True}
    for result in (big, small):
        e = await queue.enqueue(b"%PDF")
        [job] = await queue.claim("w", 1)
        await queue.complete([Completion(job.id, job.token, "completed", encode_result(result))])
        stored = await redis_client.hget(queue.keys.job(e.job_id), "result")
        assert (await queue.get(e.job_id))[0].result == result
        if result is big:
            assert stored[:1] == b"x" and len(stored) < len(json.dumps(big)) / 4
        else:
            assert stored == b'{"ok":true}'  # small results stay readable with redis-cli


async def test_an_empty_payload_stores_no_upload_key(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    e = await queue.enqueue(b"", kind="noop")
    assert not await redis_client.exists(queue.keys.pdf(e.job_id))
    [job] = await queue.claim("w", 1)
    assert job.payload == b""
