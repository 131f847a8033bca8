"""Fair share between keys: start-time fair queueing within a priority, per-key caps, per-key index.

Against a real redis-server; the HTTP side (429 + Retry-After, the issue's target) at the end."""

from __future__ import annotations

import re

import pytest
import redis.asyncio as aioredis

from shared.errors import TenantQueueFull
from shared.job import FAIR_TIE, PRIORITY_STRIDE, Priority, Status
from shared.queue.keys import Keys
from shared.queue.lua import source
from shared.queue.redis_queue import Completion, RedisQueue
from tests.api_harness import PDF, Api


@pytest.fixture
async def queue(redis_client: aioredis.Redis) -> RedisQueue:
    return RedisQueue(redis_client, lease_seconds=5, result_ttl=600)


async def _enqueue(queue: RedisQueue, tenant: str, n: int, **kw: object) -> list[str]:
    return [(await queue.enqueue(b"%PDF", owner=tenant, **kw)).job_id for _ in range(n)]  # type: ignore[arg-type]


async def _claim_order(queue: RedisQueue, names: dict[str, str]) -> list[str]:
    return [names[j.id] for j in await queue.claim("w", 100)]


async def test_keys_take_turns_within_a_priority(queue: RedisQueue) -> None:
    a = await _enqueue(queue, "alice", 6)
    b = await _enqueue(queue, "bob", 3)
    names = {**{j: f"a{i}" for i, j in enumerate(a)}, **{j: f"b{i}" for i, j in enumerate(b)}}
    assert (await queue.get(b[0]))[1] == 2  # bob's first job goes in right behind alice's first
    assert await _claim_order(queue, names) == ["a0", "b0", "a1", "b1", "a2", "b2", "a3", "a4", "a5"]


async def test_a_key_with_a_backlog_never_delays_a_newcomer_by_more_than_a_turn(queue: RedisQueue) -> None:
    a = await _enqueue(queue, "alice", 50)
    taken = await queue.claim("w", 20)  # the backlog is being worked through
    assert [j.id for j in taken] == a[:20]
    [c] = await _enqueue(queue, "carol", 1)
    assert (await queue.get(c))[1] == 2  # behind alice's job at the head only, not her other 29
    assert [j.id for j in await queue.claim("w", 2)] == [a[20], c]


async def test_each_key_keeps_its_own_order_and_priorities_still_come_first(queue: RedisQueue) -> None:
    a = await _enqueue(queue, "alice", 3)
    [b_low] = await _enqueue(queue, "bob", 1, priority=Priority.LOW)
    [b_high] = await _enqueue(queue, "bob", 1, priority=Priority.HIGH)
    b = await _enqueue(queue, "bob", 2)
    order = [j.id for j in await queue.claim("w", 10)]
    assert order[0] == b_high and order[-1] == b_low
    assert [i for i in order if i in a] == a and [i for i in order if i in b] == b
    stats = await queue.stats(worker_window_ms=1000)
    assert stats.queued == {"high": 0, "normal": 0, "low": 0}


async def test_jobs_without_a_key_stay_fifo(queue: RedisQueue) -> None:
    ids = [(await queue.enqueue(b"x")).job_id for _ in range(5)]
    assert [(await queue.get(i))[1] for i in ids] == [1, 2, 3, 4, 5]
    assert [j.id for j in await queue.claim("w", 10)] == ids


async def test_a_drained_priority_forgets_per_key_tags(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    await _enqueue(queue, "alice", 30)
    await queue.claim("w", 30)
    fair = queue.keys.fair(Priority.NORMAL.rank)
    assert await redis_client.hget(fair, "alice") == b"29"
    # Alice's 30 earlier jobs all ran: they do not push her next job behind anyone.
    bob = await _enqueue(queue, "bob", 3)
    assert sorted(await redis_client.hkeys(fair)) == [b"bob", b"max"]
    [a] = await _enqueue(queue, "alice", 1)
    assert (await queue.get(a))[1] == 2
    assert [j.id for j in await queue.claim("w", 5)] == [bob[0], a, *bob[1:]]


async def test_scores_stay_exact_and_inside_their_priority(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    # A clock near the tag ceiling: scores must still be exact integers below the next priority.
    await redis_client.hset(queue.keys.fair(Priority.HIGH.rank), mapping={"max": 2**38 - 2})
    e = await queue.enqueue(b"x", priority=Priority.HIGH, owner="a")
    score = int(await redis_client.zscore(queue.keys.queue, e.job_id))
    assert score < PRIORITY_STRIDE and (score >> 12) == 2**38 - 2
    assert int(await redis_client.hget(queue.keys.job(e.job_id), "score")) == score
    assert (await queue.stats(worker_window_ms=1000)).queued["high"] == 1


async def test_per_key_job_cap(redis_client: aioredis.Redis) -> None:
    queue = RedisQueue(redis_client, max_queued_per_key=3, lease_seconds=5)
    a = await _enqueue(queue, "alice", 3)
    with pytest.raises(TenantQueueFull) as refused:
        await queue.enqueue(b"%PDF", owner="alice")
    assert refused.value.limit == "jobs" and "MAX_QUEUED_PER_KEY" in str(refused.value)
    await _enqueue(queue, "bob", 3)  # another key is unaffected
    # A running job still counts; a finished, cancelled or purged one no longer does.
    [job] = await queue.claim("w", 1)
    assert job.id == a[0]
    with pytest.raises(TenantQueueFull):
        await queue.enqueue(b"%PDF", owner="alice")
    await queue.complete([Completion(job.id, job.token, "completed", "{}")])
    [a3] = await _enqueue(queue, "alice", 1)
    assert await queue.cancel(a[1]) == "cancelled"
    assert await queue.cancel(a[2], purge=True) == "purged"
    await _enqueue(queue, "alice", 2)
    with pytest.raises(TenantQueueFull):
        await queue.enqueue(b"%PDF", owner="alice")
    assert await redis_client.hget(queue.keys.active, "n:alice") == b"3"
    assert a3


async def test_per_key_byte_cap(redis_client: aioredis.Redis) -> None:
    queue = RedisQueue(redis_client, max_queued_bytes_per_key=1000, lease_seconds=5)
    big = await queue.enqueue(b"x" * 1500, owner="alice")  # alone, one upload may exceed the cap
    with pytest.raises(TenantQueueFull) as refused:
        await queue.enqueue(b"x" * 10, owner="alice")
    assert refused.value.limit == "bytes"
    await queue.enqueue(b"x" * 900, owner="bob")
    [job] = await queue.claim("w", 1)
    assert job.id == big.job_id
    assert await queue.fail(job, "bad", kind="invalid_document", permanent=True, backoff_seconds=0) == "failed"
    await queue.enqueue(b"x" * 600, owner="alice")
    assert await redis_client.hget(queue.keys.active, "b:alice") == b"600"


async def test_caps_are_given_back_by_every_way_a_job_ends(redis_client: aioredis.Redis) -> None:
    import asyncio

    queue = RedisQueue(redis_client, max_queued_per_key=10, lease_seconds=0.2, max_attempts=1)
    ids = await _enqueue(queue, "alice", 4)
    jobs = await queue.claim("w", 3)
    await queue.complete([Completion(jobs[0].id, jobs[0].token, "completed", "{}")])
    await queue.fail(jobs[1], "boom", kind="error", permanent=True, backoff_seconds=0)
    await queue.cancel(ids[3])
    await asyncio.sleep(0.3)
    assert (await queue.sweep()).requeued == 1  # jobs[2]: its worker went silent; back in the queue,
    assert await redis_client.hget(queue.keys.active, "n:alice") == b"1"  # so still counted
    [again] = await queue.claim("w2", 1)
    await queue.complete([Completion(again.id, again.token, "completed", "{}")])
    assert await redis_client.hgetall(queue.keys.active) == {}  # nothing left: no entries left behind


async def test_recent_reads_only_the_callers_own_index(queue: RedisQueue, redis_client: aioredis.Redis) -> None:
    mine = await _enqueue(queue, "alice", 3)
    await _enqueue(queue, "bob", 40)
    assert [r.id for r in await queue.recent(limit=10, owner="alice")] == mine[::-1]
    assert await redis_client.zcard(queue.keys.owner_index("alice")) == 3
    assert await queue.cancel(mine[0], purge=True) == "purged"
    assert await redis_client.zscore(queue.keys.owner_index("alice"), mine[0]) is None
    assert len(await queue.recent(limit=100)) == 42  # no owner: the index of every job


def test_lua_and_python_agree_on_the_new_names_and_numbers() -> None:
    keys = Keys("p")
    assert keys.owner_index("o") == "{p}:index:o" and "base .. ':index:' .. owner" in source("cancel")
    assert keys.fair(1) == "{p}:fair:1" and keys.active == "{p}:active"
    assert re.search(r"local TIE = (\d+)", source("enqueue"))[1] == str(FAIR_TIE)  # type: ignore[index]


# --------------------------------------------------------------------------- over HTTP
ALICE, BOB = {"X-API-Key": "key-alice"}, {"X-API-Key": "key-bob"}


@pytest.mark.parametrize("api", [{"api_keys": "key-alice,key-bob", "max_queued_per_key": 20, "worker": False}],
                         indirect=True)  # fmt: skip
async def test_one_key_at_its_cap_leaves_room_for_another(api: Api) -> None:
    """The issue's target: one key holding its cap, another key's submission is still accepted
    and runs before the first key's next 10 jobs."""
    files = {"file": ("r.pdf", PDF, "application/pdf")}
    first = [(await api.http.post("/analyze-async", files=files, headers=ALICE)).json()["job_id"] for _ in range(20)]
    refused = await api.http.post("/analyze-async", files=files, headers=ALICE)
    assert refused.status_code == 429 and refused.json()["error"] == "too_many_queued"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    accepted = await api.http.post("/analyze-async", files=files, headers=BOB)
    assert accepted.status_code == 202 and accepted.json()["queue_position"] == 2
    bob = accepted.json()["job_id"]
    order = [j.id for j in await api.queue.claim("w", 11)]
    assert bob in order and order.index(bob) < 10 and order[:1] == first[:1]
    listed = (await api.http.get("/jobs", headers=BOB)).json()
    assert [j["job_id"] for j in listed["jobs"]] == [bob]
    assert (await api.http.get(f"/status/{bob}", headers=BOB)).json()["status"] == Status.PROCESSING
