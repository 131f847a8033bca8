"""Our queue (shared/queue + shared/worker), run with the service's venv.

The job body is the same as every peer's (sleep, then RPUSH the tag onto the done
list). The worker is our real `Worker` runtime with the real protocol: leases,
batched claims and completions, heartbeats, sweeps. It runs at LOG_LEVEL=WARNING (at INFO it
writes one JSON line per job transition); of the peers, RQ and arq log per job by default, the
others do not.
"""

from __future__ import annotations

import json
import os

from bench.peers import common

PYTHON = common.SERVICE_PYTHON
DISTRIBUTIONS = ("redis", "uvloop")
CONCURRENCY = int(os.environ.get("BENCH_OURS_CONCURRENCY", "32"))
# REDIS_WAIT_REPLICAS of the client and the workers (bench/queue.py --wait-replicas; needs --replica).
WAIT_REPLICAS = int(os.environ.get("BENCH_OURS_WAIT_REPLICAS", "0"))
# Upload and result sizes in KB (0: the no-op job's few bytes); ~100 and ~5 are a real report's.
PAYLOAD_KB = int(os.environ.get("BENCH_OURS_PAYLOAD_KB", "0"))
RESULT_KB = int(os.environ.get("BENCH_OURS_RESULT_KB", "0"))
RELIABLE_LEASE_S = 5

SETTINGS = {
    "throughput": f"1 worker process (uvloop), WORKER_CONCURRENCY={CONCURRENCY}, claims and completions batched "
    f"up to the free slots per round trip, lease 30 s, LOG_LEVEL=WARNING, REDIS_WAIT_REPLICAS={WAIT_REPLICAS}",
    "default": "defaults: lease 30 s, heartbeat 5 s, sweep 2 s (a dead worker's jobs return after their lease)",
    "reliable": f"lease {RELIABLE_LEASE_S} s (heartbeat and sweep scale with it)",
}


def worker_command(variant: str, index: int) -> list[str]:
    return common.runner_worker_command(PYTHON, "ours", variant, index)


async def bench_job(ctx) -> dict:  # type: ignore[no-untyped-def]
    spec = json.loads(ctx.job.payload)
    await common.job_async(spec["tag"], spec.get("sleep_ms", 0))
    return {"pad": os.urandom(RESULT_KB * 512).hex()} if RESULT_KB else {}  # random: zlib cannot shrink it


def run_worker(variant: str, index: int) -> None:
    from shared import logs
    from shared.queue.connection import connect
    from shared.queue.redis_queue import RedisQueue
    from shared.settings import Settings
    from shared.worker.runtime import WAIT_SECONDS, Worker
    from shared.worker.service import run_loop

    lease = RELIABLE_LEASE_S if variant == "reliable" else 30
    settings = Settings(redis_url=common.redis_url(), worker_concurrency=CONCURRENCY, lease_seconds=lease,
                        log_level="WARNING")  # fmt: skip
    logs.setup(settings.log_level, settings.log_format)

    async def main() -> None:
        queue = RedisQueue(connect(settings), lease_seconds=lease, wait_replicas=WAIT_REPLICAS,
                           blocking=connect(settings, block_seconds=WAIT_SECONDS + 1))  # fmt: skip
        worker = Worker(queue, {"bench": bench_job}, settings)
        worker.install_signal_handlers()
        await worker.run()

    run_loop(main())


class _Client:
    async def start(self) -> None:
        import redis.asyncio as aioredis

        from shared.queue.redis_queue import RedisQueue

        self.redis = aioredis.Redis.from_url(common.redis_url())
        self.queue = RedisQueue(self.redis, max_queue_size=1_000_000, wait_replicas=WAIT_REPLICAS)

    async def enqueue(self, tag: str, sleep_ms: int) -> None:
        spec: dict = {"tag": tag, "sleep_ms": sleep_ms, **({"pad": "x" * (PAYLOAD_KB * 1024)} if PAYLOAD_KB else {})}
        await self.queue.enqueue(json.dumps(spec).encode(), kind="bench")

    async def close(self) -> None:
        await self.redis.aclose()


def make_client(variant: str) -> _Client:
    return _Client()
