"""Noticing that Redis lost the queue, and saying at start when it would.

Redis holds every job; a Redis that restarts without persistence (or is flushed) comes back
empty, and without a check nobody would know: clients get 404s, workers drop results. So:

- At start, `warn_if_not_persistent` logs a warning when Redis has neither AOF nor RDB
  snapshots configured (where CONFIG is allowed; managed Redis often forbids it).
- `DataLossWatch` runs in the API and in every worker process. The first process to see the
  Redis writes a random token to the `epoch` key; each process remembers it and re-reads it
  every few seconds. Gone or different means this Redis no longer holds the data the process
  knew (a restart without persistence when the server's run id changed too, else a flush):
  the process logs an error, and the first process to see a given loss counts it in the
  queue's `stats` hash (`data_loss`, shown by /metrics as `bta_redis_data_loss_events_total`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from typing import Any

from redis import exceptions as rexc
from redis.asyncio.cluster import RedisCluster

from shared.errors import QueueUnavailable
from shared.queue.redis_queue import RedisQueue
from shared.tasks import stop_task

log = logging.getLogger("bta.redis")

LOSS_MARK_TTL = 86_400  # seconds a counted loss stays marked (other processes see it later)


def _s(value: Any) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


async def warn_if_not_persistent(queue: RedisQueue) -> bool:
    """Warn when Redis persists nothing (appendonly no and save ''); True if it warned."""
    try:
        reply = await queue.redis.config_get("appendonly")
        reply.update(await queue.redis.config_get("save"))
    except (rexc.RedisError, OSError):
        return False  # CONFIG not allowed (managed Redis) or unreachable: nothing to say
    config = {_s(k): _s(v) for k, v in reply.items()}
    if config.get("appendonly") == "no" and not (config.get("save") or "").strip():
        log.warning(
            "redis persists nothing (appendonly no, no RDB save points): a Redis restart loses every queued job "
            "and result; set appendonly yes for production",
            extra={"appendonly": config.get("appendonly"), "save": config.get("save")},
        )
        return True
    return False


class DataLossWatch:
    """Re-reads the `epoch` key every `interval` seconds; see the module docstring."""

    def __init__(self, queue: RedisQueue, *, role: str, interval: float) -> None:
        self.queue = queue
        self.role = role
        self.interval = interval
        self.epoch: str | None = None
        self.run_id: str | None = None
        self.losses = 0  # data losses this process has seen
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="data-loss-watch")

    async def stop(self) -> None:
        self._stopping = True  # ends the loop at its next turn even if a cancel is lost (shared/tasks.py)
        await stop_task(self._task)

    async def _run(self) -> None:
        while not self._stopping:
            with contextlib.suppress(QueueUnavailable, rexc.RedisError, OSError):
                await self.check()
            await asyncio.sleep(self.interval)

    async def check(self) -> bool:
        """One look; True when it found the data gone since the last look."""
        redis, keys = self.queue.redis, self.queue.keys
        if isinstance(redis, RedisCluster):  # the node that holds the queue's slot (its run id is the one that matters)
            raw_epoch = await redis.get(keys.epoch)
            info = await redis.info("server", target_nodes=redis.get_node_from_key(keys.epoch))
        else:
            async with redis.pipeline(transaction=False) as pipe:
                pipe.get(keys.epoch)
                pipe.info("server")
                raw_epoch, info = await pipe.execute()
        epoch, run_id = _s(raw_epoch), str(info.get("run_id", ""))
        lost = self.epoch is not None and epoch != self.epoch
        if lost:
            await self._report(run_id)
        if epoch is None:
            await redis.set(keys.epoch, f"{run_id}:{secrets.token_hex(8)}", nx=True)
            epoch = _s(await redis.get(keys.epoch))
        self.epoch, self.run_id = epoch, run_id
        return lost

    async def _report(self, run_id: str) -> None:
        assert self.epoch is not None
        self.losses += 1
        restarted = run_id != self.run_id
        log.error(
            "redis lost the queue: every job, upload and result it held is gone"
            + (" (it restarted without persistence)" if restarted else " (it was flushed)")
            + "; clients get 404 for earlier jobs. Run Redis with appendonly yes",
            extra={"role": self.role, "redis_restarted": restarted, "old_run_id": self.run_id, "run_id": run_id},
        )
        keys = self.queue.keys
        if await self.queue.redis.set(keys.lost(self.epoch), "1", nx=True, ex=LOSS_MARK_TTL):
            await self.queue.redis.hincrby(keys.stats, "data_loss", 1)  # once per loss, whoever saw it first
