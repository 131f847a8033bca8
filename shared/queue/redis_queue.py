"""The job protocol on Redis: every operation either side performs, as one method each.

The API enqueues, reads, cancels and reports; workers claim, report progress,
finish, renew their leases and sweep. Every state change is one Lua script
(see `scripts/`), so no reader ever sees half a transition and no two workers
can both believe they own a job. Methods translate a Redis outage into
`QueueUnavailable`; callers decide whether to answer 503 or back off and retry.

Safe to retry across a failover. A call may reach Redis and lose its reply (a dropped
connection, a primary killed mid-call); the client or the worker then repeats it, on the
same server or on the promoted replica. Each state change has the effect of one call:
- enqueue: the job id is chosen here, before the call; a job that exists already is not
  written again (and the API's Idempotency-Key covers a client's own retries);
- complete, fail, progress, renew, release: they act only while the caller's lease token
  is the job's, and each ends or moves the lease, so a repeat finds it gone (a repeated
  completion is recognised by its token and reported done, not lost);
- claim: a claim whose reply was lost leaves its jobs leased to no running attempt; the
  sweep returns them to the queue when the lease runs out;
- cancel: a cancelled job stays cancelled; sweep and stats are idempotent by nature.

Acknowledged writes (REDIS_WAIT_REPLICAS=N): enqueue, complete and fail then send, on the
same connection, the script, an INCR of the `ack` key and `WAIT N timeout`. WAIT waits for
the connection's last write; the INCR makes that write this call's own even when the
script wrote nothing (a repeat that found its work done), so a confirmed WAIT covers every
earlier write on that primary, the original attempt's included. Fewer confirmations than N
raise `NotReplicated`: the API answers 503 (a retry is safe), the worker keeps the
completion and writes it again.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, ParamSpec, TypeVar

from redis import exceptions as rexc
from redis.asyncio.cluster import ClusterPipeline, RedisCluster

from shared.errors import (
    IdempotencyConflict,
    JobNotFound,
    NotReplicated,
    QueueFull,
    QueueMisconfigured,
    QueueUnavailable,
    TenantQueueFull,
)
from shared.job import FAIR_TAG_MAX, PRIORITY_STRIDE, Attempt, ClaimedJob, JobRecord, Priority, Status
from shared.queue.connection import RedisClient, close, connect, is_cluster
from shared.queue.keys import Keys
from shared.queue.lua import Scripts
from shared.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")
log = logging.getLogger("bta.queue")

# Replies that mean "Redis cannot serve us right now", not "we sent a bad command".
_UNAVAILABLE_REPLIES = ("OOM", "READONLY", "LOADING", "MASTERDOWN", "BUSY", "TRYAGAIN", "CLUSTERDOWN")
INDEX_MAX = 10_000  # recent jobs kept in each index (all jobs; each owner's jobs)
SWEEP_BATCH = 200
# A job requeued this many times without charge (its worker died while another job ran untrusted work,
# or while none did: see sweep.lua) fails anyway, so that nothing circulates for ever.
MAX_UNCHARGED_STALLS = 10
NOT_RUNNING = 0  # `progress(running_in=NOT_RUNNING)`: the job's untrusted work is over
_CLAIM_FIELDS = 9


_CLUSTER_NODE = (
    "Redis answered {reply}: REDIS_URL names a Redis Cluster node that does not own the queue's keys. "
    "Set REDIS_MODE=cluster (any node then works as the entry point)"
)
_NOT_A_CLUSTER = (
    "REDIS_MODE=cluster, but the server at REDIS_URL is not a Redis Cluster node ({detail}). "
    "Set REDIS_MODE=standalone (or sentinel) for this server"
)
_MISCONFIGURED_LOG_EVERY = 60.0
_misconfigured_logged_at: dict[str, float] = {}


def _misconfigured(message: str) -> QueueMisconfigured:
    """The error for a deployment that does not match REDIS_MODE, logged once a minute per message."""
    now = time.monotonic()
    if now - _misconfigured_logged_at.get(message, -_MISCONFIGURED_LOG_EVERY) >= _MISCONFIGURED_LOG_EVERY:
        _misconfigured_logged_at[message] = now
        log.error("redis misconfigured: " + message)
    return QueueMisconfigured(message)


def _unavailable(fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Turn connection errors, timeouts and 'cannot serve now' replies into QueueUnavailable,
    and a deployment that does not match REDIS_MODE into QueueMisconfigured."""

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await fn(*args, **kwargs)
        except (rexc.ConnectionError, rexc.TimeoutError, TimeoutError, ConnectionError) as exc:
            raise QueueUnavailable(f"Redis is unreachable ({type(exc).__name__})") from exc
        except rexc.AskError as exc:  # MOVED too (a subclass): a plain client talking to a cluster
            reply = "MOVED" if isinstance(exc, rexc.MovedError) else "ASK"
            raise _misconfigured(_CLUSTER_NODE.format(reply=reply)) from exc
        except rexc.RedisClusterException as exc:
            if "cluster" in str(exc).lower() and "not enabled" in str(exc).lower():
                raise _misconfigured(_NOT_A_CLUSTER.format(detail="cluster support disabled")) from exc
            raise QueueUnavailable(f"Redis Cluster cannot serve requests right now ({type(exc).__name__})") from exc
        except rexc.ResponseError as exc:
            if str(exc).startswith(_UNAVAILABLE_REPLIES):
                raise QueueUnavailable(f"Redis cannot serve requests right now ({str(exc).split()[0]})") from exc
            raise

    return wrapper


def new_job_id() -> str:
    """128 random bits, hex: unguessable, and safe in a key, a URL and a log line."""
    return secrets.token_hex(16)


def _s(value: object) -> str | None:
    """A reply as text (redis-py's replies are typed loosely: bytes here, as no client decodes)."""
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


def _attempts(flat: Sequence[Any]) -> list[Attempt]:
    """A script's flat job id, lease token pairs."""
    return [(_s(flat[i]) or "", _s(flat[i + 1]) or "") for i in range(0, len(flat), 2)]


@dataclass(slots=True)
class Enqueued:
    job_id: str
    position: int
    created: bool  # False: an Idempotency-Key matched an earlier submission


@dataclass(slots=True)
class QueueStats:
    time_ms: int
    queued: dict[str, int]
    delayed: int
    processing: int
    failed_list: int
    workers_alive: int
    paused: bool
    counters: dict[str, int] = field(default_factory=dict)

    @property
    def queued_total(self) -> int:
        return sum(self.queued.values()) + self.delayed


class Lease(enum.StrEnum):
    """A progress call's answer: go on, stop (the job was cancelled), or drop the job (another
    worker holds it now)."""

    OK = "ok"
    CANCEL = "cancel"
    LOST = "lost"


class FailReply(enum.StrEnum):
    RETRY = "retry"  # back in the delayed set, with its backoff
    FAILED = "failed"
    CANCELLED = "cancelled"  # a retryable error after the job's cancel was requested: it ends, no retry
    LOST = "lost"  # the lease was gone: nothing written


@dataclass(slots=True)
class Completion:
    """How a worker ended one attempt, batched into one `complete` call."""

    job_id: str
    token: str
    status: Literal[Status.COMPLETED, Status.CANCELLED]
    payload: bytes | str  # the encoded result (shared.job.encode_result), or the message for a cancelled job

    @property
    def attempt(self) -> Attempt:
        return self.job_id, self.token


@dataclass(slots=True)
class RenewReply:
    lost: list[Attempt]  # attempts whose lease was gone
    cancel: list[Attempt]  # attempts still holding their lease whose job was cancelled


@dataclass(slots=True)
class SweepReply:
    requeued: int
    failed: int
    promoted: int


class RedisQueue:
    """One queue (one key prefix) on one Redis; safe to share across tasks of one loop."""

    def __init__(
        self,
        redis: RedisClient,
        *,
        prefix: str = "bta",
        result_ttl: int = 86_400,
        max_attempts: int = 3,
        max_queue_size: int = 10_000,
        lease_seconds: float = 30.0,
        max_queued_per_key: int = 0,
        max_queued_bytes_per_key: int = 0,
        blocking: RedisClient | None = None,
        backend: str = "redis",
        wait_replicas: int = 0,
        wait_timeout: float = 1.0,
    ) -> None:
        self.redis = redis
        self.blocking = blocking or redis  # BLPOP holds a connection; workers pass a dedicated client
        self.keys = Keys(prefix)
        self.result_ttl = result_ttl
        self.max_attempts = max_attempts
        self.max_queue_size = max_queue_size
        self.max_queued_per_key = max_queued_per_key  # 0: no cap
        self.max_queued_bytes_per_key = max_queued_bytes_per_key
        self.lease_ms = int(lease_seconds * 1000)
        self.backend = backend
        self.wait_replicas = wait_replicas
        self.wait_timeout_ms = max(1, int(wait_timeout * 1000))
        self.cluster = is_cluster(redis)
        self.scripts = Scripts(redis, sharded=self.cluster)  # events by SPUBLISH on a cluster
        k = self.keys
        self._end_keys = [k.queue, k.delayed, k.inflight, k.stats, k.failed, k.webhooks, k.active]

    @classmethod
    def from_settings(cls, settings: Settings, redis: RedisClient, *, blocking: RedisClient | None = None,
                      backend: str = "redis") -> RedisQueue:  # fmt: skip
        """The queue as configured by the environment: one way for the API, workers and tools."""
        return cls(
            redis,
            prefix=settings.key_prefix,
            result_ttl=settings.result_ttl,
            max_attempts=settings.max_attempts,
            max_queue_size=settings.max_queue_size,
            lease_seconds=settings.lease_seconds,
            max_queued_per_key=settings.max_queued_per_key,
            max_queued_bytes_per_key=settings.max_queued_bytes_per_key,
            blocking=blocking,
            backend=backend,
            wait_replicas=settings.redis_wait_replicas,
            wait_timeout=settings.redis_wait_timeout,
        )

    @classmethod
    def connect(cls, settings: Settings, *, name: str, block_seconds: float | None = None) -> RedisQueue:
        """The queue on the configured Redis (REDIS_MODE). `block_seconds`: also a client of its
        own for BLPOP, whose read timeout is that much longer (workers)."""
        blocking = None if block_seconds is None else connect(settings, block_seconds=block_seconds, name=f"{name}-wait")
        return cls.from_settings(settings, connect(settings, name=name), blocking=blocking)

    async def _acknowledged(self, script: Any, keys: list[str], args: list[Any]) -> Any:
        """Run a state-changing script; with wait_replicas, return only once that many replicas
        have its write (see the module's docstring). Raises NotReplicated otherwise."""
        if not self.wait_replicas:
            return await script(keys=keys, args=args)
        for _ in range(3):  # NOSCRIPT (a promoted replica) or MOVED (a resharded slot): once more
            # On a cluster, WAIT must go to the node that ran the script, on the same connection.
            route: dict[str, Any] = {}
            cluster = self.redis if isinstance(self.redis, RedisCluster) else None
            if cluster is not None:
                await cluster.initialize()  # the slot map (a no-op once read)
                route = {"target_nodes": cluster.get_node_from_key(keys[0])}
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.execute_command("EVALSHA", script.sha, len(keys), *keys, *args)  # (a cluster pipeline blocks .evalsha)
                pipe.incr(self.keys.ack)
                pipe.execute_command("WAIT", self.wait_replicas, self.wait_timeout_ms, **route)
                if isinstance(pipe, ClusterPipeline):  # a redirected script would run elsewhere than the WAIT: redo it all
                    reply, _, confirmed = await pipe.execute(raise_on_error=False, allow_redirections=False)
                else:
                    reply, _, confirmed = await pipe.execute(raise_on_error=False)
            if isinstance(reply, rexc.NoScriptError):
                await Scripts.load(self.redis, script)
                continue
            if isinstance(reply, rexc.MovedError) and cluster is not None:
                await cluster.nodes_manager.move_slot(reply)
                continue
            for result in (reply, confirmed):
                if isinstance(result, Exception):
                    raise result
            if int(confirmed) < self.wait_replicas:
                raise NotReplicated(
                    f"the write reached the primary but {int(confirmed)} of {self.wait_replicas} replica(s) "
                    f"confirmed it within {self.wait_timeout_ms} ms (REDIS_WAIT_REPLICAS)"
                )
            return reply
        raise QueueUnavailable("Redis kept redirecting the queue's slot or forgetting its scripts")

    async def close(self) -> None:
        for client in {id(self.redis): self.redis, id(self.blocking): self.blocking}.values():
            await close(client)

    # ------------------------------------------------------------------ producer side
    @_unavailable
    async def enqueue(
        self,
        payload: bytes,
        *,
        query: str = "",
        priority: Priority = Priority.NORMAL,
        kind: str = "analyze",
        filename: str | None = None,
        owner: str | None = None,
        tenant: str | None = None,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
        max_attempts: int | None = None,
        job_id: str | None = None,
        patient_reference: str | None = None,
    ) -> Enqueued:
        """Store the upload and queue the job atomically; position is 1-based.

        `tenant` is who the job counts against for fair queueing and the per-key caps
        (default: the owner; jobs with neither share one tenant and run FIFO)."""
        job_id = job_id or new_job_id()
        k = self.keys
        sha = hashlib.sha256(payload).hexdigest()
        tenant = tenant or owner or "-"
        idem_key = k.idempotency(owner or "-", idempotency_key) if idempotency_key else k.idempotency("-", "-")
        fields: list[str | int] = [
            "kind", kind, "query", query, "priority", priority.value,
            "max_attempts", max_attempts or self.max_attempts, "size", len(payload),
        ]  # fmt: skip
        for name, value in (("filename", filename), ("owner", owner), ("callback_url", callback_url),
                            ("patient_ref", patient_reference)):
            if value:
                fields += [name, value]
        reply = await self._acknowledged(
            self.scripts.enqueue,
            [k.queue, k.seq, k.stats, k.index, k.wake, idem_key, k.fair(priority.rank), k.active,
             k.owner_index(owner) if owner else k.index],
            [
                k.base, job_id, str(priority.rank * PRIORITY_STRIDE), str((priority.rank + 1) * PRIORITY_STRIDE),
                self.max_queue_size, self.result_ttl if idempotency_key else 0, sha, payload, INDEX_MAX,
                tenant, self.max_queued_per_key, self.max_queued_bytes_per_key, FAIR_TAG_MAX, owner or "", *fields,
            ],
        )  # fmt: skip
        outcome = _s(reply[0])
        if outcome == "full":
            raise QueueFull(f"the queue is full ({self.max_queue_size} jobs waiting); try again shortly")
        if outcome == "tenant_full":
            if _s(reply[1]) == "jobs":
                raise TenantQueueFull(f"this API key already has {self.max_queued_per_key} jobs waiting or running "
                                      "(MAX_QUEUED_PER_KEY); submit more as they finish", "jobs")  # fmt: skip
            mb = self.max_queued_bytes_per_key / 1024 / 1024
            raise TenantQueueFull(f"this API key's waiting or running uploads would exceed {mb:g} MB "
                                  "(MAX_QUEUED_MB_PER_KEY); submit more as they finish", "bytes")  # fmt: skip
        if outcome == "conflict":
            raise IdempotencyConflict("this Idempotency-Key was already used with a different file")
        return Enqueued(job_id=_s(reply[1]) or job_id, position=int(reply[2]), created=outcome == "ok")

    @_unavailable
    async def get(self, job_id: str, *, owner: str | None = None) -> tuple[JobRecord, int | None]:
        """The job and, while it is queued, its 1-based position; JobNotFound otherwise."""
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.hgetall(self.keys.job(job_id))
            pipe.zrank(self.keys.queue, job_id)
            raw, rank = await pipe.execute()
        if not raw or b"status" not in raw and "status" not in raw:
            raise JobNotFound(f"no job {job_id}: unknown, expired or already purged")
        record = JobRecord.from_hash(job_id, raw)
        if owner is not None and record.owner != owner:
            raise JobNotFound(f"no job {job_id}: unknown, expired or already purged")
        return record, (rank + 1 if rank is not None else None)

    @_unavailable
    async def cancel(self, job_id: str, *, owner: str | None = None, purge: bool = False) -> str:
        """'cancelled' | 'cancelling' | 'purged' | the terminal status it already had."""
        k = self.keys
        reply = _s(
            await self.scripts.cancel(
                keys=[*self._end_keys, k.index],
                args=[k.base, self.result_ttl, job_id, owner or "", "1" if purge else "0"],
            )
        )
        if reply == "missing":
            raise JobNotFound(f"no job {job_id}: unknown, expired or already purged")
        return reply or "missing"

    @_unavailable
    async def stats(self, *, worker_window_ms: int) -> QueueStats:
        k = self.keys
        r = await self.scripts.stats(
            keys=[k.queue, k.delayed, k.inflight, k.stats, k.failed, k.workers, k.paused],
            args=[PRIORITY_STRIDE, worker_window_ms],
        )
        flat = r[9]
        counters = {_s(flat[i]) or "": int(flat[i + 1]) for i in range(0, len(flat), 2)}
        return QueueStats(
            time_ms=int(r[0]),
            queued={"high": int(r[1]), "normal": int(r[2]), "low": int(r[3])},
            delayed=int(r[4]),
            processing=int(r[5]),
            failed_list=int(r[6]),
            workers_alive=int(r[7]),
            paused=bool(r[8]),
            counters=counters,
        )

    @_unavailable
    async def workers(self, *, window_ms: int) -> list[dict[str, str]]:
        """Workers with a heartbeat inside the window, each with its info hash."""
        now = await self.server_time_ms()
        ids = [_s(w) or "" for w in await self.redis.zrangebyscore(self.keys.workers, now - window_ms, "+inf")]
        async with self.redis.pipeline(transaction=False) as pipe:
            for wid in ids:
                pipe.hgetall(self.keys.worker(wid))
            infos = await pipe.execute()
        out = []
        for wid, info in zip(ids, infos, strict=True):
            if info:
                out.append({"id": wid, **{_s(a) or "": _s(b) or "" for a, b in info.items()}})
        return out

    @_unavailable
    async def in_flight_by_worker(self) -> dict[str, int]:
        """Jobs held right now, per worker id: the in-flight set and each job's `worker` field, so
        the count is live (a worker's own `in_flight` is only as fresh as its last heartbeat)."""
        ids = await self.redis.zrange(self.keys.inflight, 0, -1)
        if not ids:
            return {}
        async with self.redis.pipeline(transaction=False) as pipe:
            for job_id in ids:
                pipe.hget(self.keys.job(_s(job_id) or ""), "worker")
            holders = await pipe.execute()
        counts: dict[str, int] = {}
        for holder in holders:
            if (worker := _s(holder)) is not None:
                counts[worker] = counts.get(worker, 0) + 1
        return counts

    @_unavailable
    async def recent(self, *, limit: int, status: Status | None = None, owner: str | None = None) -> list[JobRecord]:
        """Newest jobs first, from the capped index (never a key scan): one owner's own index when
        `owner` is given, so a key with few jobs reads only those."""
        fields = ("status", "kind", "priority", "query", "created_at", "updated_at", "attempts", "max_attempts",
                  "started_at", "finished_at", "stage", "percent", "filename", "size", "owner", "error", "error_kind",
                  "worker", "stopped_stage")  # fmt: skip
        out: list[JobRecord] = []
        index = self.keys.owner_index(owner) if owner is not None else self.keys.index
        page, start = 200, 0
        while len(out) < limit and start < INDEX_MAX:
            ids = [_s(i) or "" for i in await self.redis.zrevrange(index, start, start + page - 1)]
            if not ids:
                break
            async with self.redis.pipeline(transaction=False) as pipe:
                for job_id in ids:
                    pipe.hmget(self.keys.job(job_id), fields)
                rows = await pipe.execute()
            for job_id, row in zip(ids, rows, strict=True):
                if row[0] is None:
                    continue  # expired or purged; the index is trimmed lazily
                record = JobRecord.from_hash(job_id, {f: v for f, v in zip(fields, row, strict=True) if v is not None})
                if (status is None or record.status == status) and (owner is None or record.owner == owner):
                    out.append(record)
                    if len(out) == limit:
                        break
            start += page
        return out

    @_unavailable
    async def pause(self) -> None:
        await self.redis.set(self.keys.paused, "1")

    @_unavailable
    async def resume(self) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(self.keys.paused)
            pipe.rpush(self.keys.wake, "1")
            await pipe.execute()

    @_unavailable
    async def hit_rate_limit(self, owner: str, limit: int) -> int:
        """Count one submission in the current minute; returns the count so far."""
        minute = int(time.time() // 60)
        key = self.keys.rate(owner, minute)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, 120)
            count, _ = await pipe.execute()
        return int(count)

    @_unavailable
    async def ping(self) -> bool:
        return bool(await self.redis.ping())

    @_unavailable
    async def server_time_ms(self) -> int:
        sec, usec = await self.redis.time()
        return int(sec) * 1000 + int(usec) // 1000

    async def eviction_policy(self) -> str | None:
        """Redis's maxmemory-policy, or None where CONFIG is not allowed (managed Redis)."""
        try:
            reply: dict[Any, Any] = await self.redis.config_get("maxmemory-policy")
        except rexc.RedisError:
            return None
        value = reply.get("maxmemory-policy") or reply.get(b"maxmemory-policy")
        return _s(value)

    # ------------------------------------------------------------------ callbacks (API side)
    @_unavailable
    async def take_webhooks(self, n: int, lease_seconds: float) -> list[str]:
        """Due callback deliveries, leased so one API replica sends each."""
        ids = await self.scripts.webhook_claim(keys=[self.keys.webhooks], args=[n, int(lease_seconds * 1000)])
        return [_s(i) or "" for i in ids]

    @_unavailable
    async def webhook_done(self, job_id: str, outcome: str) -> None:
        """Record the delivery outcome ('delivered' | 'failed') and stop retrying."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrem(self.keys.webhooks, job_id)
            pipe.hset(self.keys.job(job_id), "webhook", outcome)
            pipe.expire(self.keys.job(job_id), self.result_ttl, nx=True)  # never resurrect an expired job for good
            await pipe.execute()

    @_unavailable
    async def webhook_attempt_failed(self, job_id: str) -> int:
        """Count a failed delivery; returns the attempts made so far."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hincrby(self.keys.job(job_id), "webhook_attempts", 1)
            pipe.expire(self.keys.job(job_id), self.result_ttl, nx=True)
            attempts, _ = await pipe.execute()
        return int(attempts)

    @_unavailable
    async def webhook_schedule(self, job_id: str, delay_seconds: float) -> None:
        due = await self.server_time_ms() + int(delay_seconds * 1000)
        await self.redis.zadd(self.keys.webhooks, {job_id: due}, xx=True)

    @_unavailable
    async def forget_webhook(self, job_id: str) -> None:
        await self.redis.zrem(self.keys.webhooks, job_id)

    # ------------------------------------------------------------------ worker side
    def _claim_call(self, worker_id: str, n: int) -> tuple[list[str], list[str | int]]:
        k = self.keys
        return [k.queue, k.inflight, k.paused, k.wake], [k.base, worker_id, n, self.lease_ms]

    @_unavailable
    async def claim(self, worker_id: str, n: int) -> list[ClaimedJob]:
        """Take up to n jobs under a lease, in priority then FIFO order."""
        keys, args = self._claim_call(worker_id, n)
        return self._claimed(await self.scripts.claim(keys=keys, args=args))

    @_unavailable
    async def wait_and_claim(self, worker_id: str, n: int, timeout: float) -> list[ClaimedJob]:
        """Block until a wake-up marker arrives (or `timeout` passes), then claim, in ONE round trip.

        BLPOP and the claim script are pipelined on the blocking connection: Redis runs the
        claim the moment BLPOP returns, so a new job reaches an idle worker without a second
        round trip. The claim itself is still the atomic script."""
        keys, args = self._claim_call(worker_id, n)
        async with self.blocking.pipeline(transaction=False) as pipe:
            pipe.blpop([self.keys.wake], timeout=timeout)
            pipe.execute_command("EVALSHA", self.scripts.claim.sha, len(keys), *keys, *args)
            _, flat = await pipe.execute(raise_on_error=False)
        if isinstance(flat, rexc.NoScriptError):  # Redis restarted or flushed its script cache
            return await self.claim(worker_id, n)
        if isinstance(flat, Exception):
            raise flat
        return self._claimed(flat)

    @staticmethod
    def _claimed(flat: list[Any]) -> list[ClaimedJob]:
        jobs = []
        for i in range(0, len(flat), _CLAIM_FIELDS):
            jid, token, attempts, max_attempts, kind, query, priority, filename, payload = flat[i : i + _CLAIM_FIELDS]
            jobs.append(
                ClaimedJob(
                    id=_s(jid) or "",
                    token=_s(token) or "",
                    attempts=int(attempts),
                    max_attempts=int(max_attempts),
                    kind=_s(kind) or "analyze",
                    query=_s(query) or "",
                    payload=payload if isinstance(payload, bytes) else payload.encode(),
                    priority=_s(priority) or "normal",
                    filename=_s(filename) or None,
                )
            )
        return jobs

    @_unavailable
    async def wait_for_work(self, timeout: float) -> bool:
        """Block until a wake-up marker arrives (True) or the timeout passes (False)."""
        reply = await self.blocking.blpop([self.keys.wake], timeout=timeout)
        return reply is not None

    @_unavailable
    async def progress(self, job: ClaimedJob, stage: str, percent: int, page: int | None = None, pages: int | None = None,
                       *, running_in: int | None = None) -> Lease:
        """Whether the job goes on (see Lease) `running_in`: the pid of the process the job's untrusted work now runs
        in (NOT_RUNNING once it is done; None leaves the mark as it is). The mark decides who is charged
        an attempt if this worker dies (sweep.lua)."""
        mark = "" if running_in is None else "-" if running_in == NOT_RUNNING else str(running_in)
        reply = await self.scripts.progress(
            keys=[self.keys.job(job.id)],
            args=[self.keys.base, job.id, job.token, stage, int(percent), "" if page is None else page,
                  "" if pages is None else pages, mark],
        )  # fmt: skip
        return Lease(_s(reply) or Lease.LOST)

    @_unavailable
    async def complete(self, batch: Sequence[Completion]) -> list[Attempt]:
        """End a batch of jobs in one round trip; returns the attempts whose lease was gone."""
        args: list[bytes | str | int] = [self.keys.base, self.result_ttl]
        for c in batch:
            args += [c.job_id, c.token, c.status, c.payload]
        return _attempts(await self._acknowledged(self.scripts.complete, self._end_keys, args))

    @_unavailable
    async def fail(self, job: ClaimedJob, message: str, *, kind: str, permanent: bool, backoff_seconds: float) -> FailReply:
        reply = await self._acknowledged(
            self.scripts.fail,
            self._end_keys,
            [self.keys.base, self.result_ttl, job.id, job.token, message, kind, "1" if permanent else "0", int(backoff_seconds * 1000)],
        )
        return FailReply(_s(reply) or FailReply.LOST)

    @_unavailable
    async def release(self, jobs: Iterable[ClaimedJob]) -> int:
        """Hand jobs back to the queue now, at their original place."""
        args: list[str] = [self.keys.base]
        for job in jobs:
            args += [job.id, job.token]
        if len(args) == 1:
            return 0
        k = self.keys
        return int(await self.scripts.release(keys=[k.queue, k.inflight, k.stats, k.wake], args=args))

    @_unavailable
    async def renew(self, worker_id: str, jobs: Iterable[ClaimedJob], info: dict[str, str | int], *, ttl_ms: int) -> RenewReply:
        """Heartbeat: keep the worker registered and extend the leases of its jobs."""
        k = self.keys
        args: list[str | int] = [k.base, worker_id, self.lease_ms, ttl_ms, len(info)]
        for name, value in info.items():
            args += [name, value]
        for job in jobs:
            args += [job.id, job.token]
        lost, cancel = await self.scripts.renew(keys=[k.inflight, k.workers, k.worker(worker_id)], args=args)
        return RenewReply(lost=_attempts(lost), cancel=_attempts(cancel))

    @_unavailable
    async def sweep(self) -> SweepReply:
        """Requeue jobs of dead workers and promote retries whose backoff passed."""
        requeued, failed, promoted = await self.scripts.sweep(
            keys=[*self._end_keys, self.keys.wake], args=[self.keys.base, self.result_ttl, SWEEP_BATCH, MAX_UNCHARGED_STALLS]
        )
        return SweepReply(int(requeued), int(failed), int(promoted))

    @_unavailable
    async def unregister_worker(self, worker_id: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrem(self.keys.workers, worker_id)
            pipe.delete(self.keys.worker(worker_id))
            await pipe.execute()

