"""The queue protocol's cost on Redis, in one process: `python bench/queue_ops.py [--runs 5]
[--jobs 5000] [--replica] [--wait-replicas N] [--payload-kb K --result-kb R]` prints one JSON object.

A private redis-server (tests/redis_server.py; with `--wait-replicas`, plus a replica), one
asyncio client. Per run: `--jobs` submissions (RedisQueue.enqueue, `--concurrency` in flight,
as an API under load sends them), then the jobs claimed and completed in batches of 32 (what a
worker's claim and flush loops send). No worker process, no job body: what is timed is the
Lua scripts, their round trips and, with REDIS_WAIT_REPLICAS, the WAITs, so figures move
with the protocol, not with the machine's other load as much as end-to-end runs do.

Figures (medians over --runs): submits/s, claim+complete jobs/s, e2e jobs/s (both phases),
Redis CPU per job (INFO cpu of the redis-server, user + system, over both phases), jobs/s
one Redis core carries (1 / that), and this client's own CPU per submission and per
claimed+completed job. On a busy machine the CPU figures stay within a few per cent where
the rates swing by 2x: compare code versions by them.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/queue_ops.py`, bench/ comes first on sys.path, where bench/queue.py would
# shadow the standard library's `queue` (which redis-py imports): use the repo root instead.
if Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)

import redis.asyncio as aioredis  # noqa: E402

from bench.common import emit, log, machine_info, median  # noqa: E402
from shared.queue.redis_queue import Completion, RedisQueue  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402

BATCH = 32


async def redis_cpu_s(client: aioredis.Redis) -> float:
    info = await client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


async def one_run(url: str, jobs: int, concurrency: int, wait: int, payload_kb: int, result_kb: int) -> dict[str, Any]:
    client = aioredis.Redis.from_url(url, max_connections=concurrency + 4)
    await client.flushall()
    # main's RedisQueue (a baseline checkout) has no wait_replicas: pass it only when used.
    options = {"wait_replicas": wait} if wait else {}
    queue = RedisQueue(client, prefix="ops", max_queue_size=10 * jobs, **options)
    payload = b"%PDF-1.4 " + b"x" * (payload_kb * 1024)
    result = os.urandom(result_kb * 512).hex().encode() if result_kb else b"{}"
    cpu0 = await redis_cpu_s(client)
    p0 = time.process_time()
    t0 = time.perf_counter()
    left = iter(range(jobs))

    async def submitter() -> None:
        for _ in left:
            await queue.enqueue(payload)

    await asyncio.gather(*(submitter() for _ in range(concurrency)))
    t1, p1 = time.perf_counter(), time.process_time()
    done = 0
    while done < jobs:
        claimed = await queue.claim("bench-worker", BATCH)
        lost = await queue.complete([Completion(j.id, j.token, "completed", result) for j in claimed])
        assert not lost, lost
        done += len(claimed)
    t2, p2 = time.perf_counter(), time.process_time()
    cpu = await redis_cpu_s(client) - cpu0
    await client.aclose()
    return {
        "submit_per_s": jobs / (t1 - t0),
        "claim_complete_per_s": jobs / (t2 - t1),
        "e2e_per_s": jobs / (t2 - t0),
        "redis_cpu_us_per_job": cpu / jobs * 1e6,
        "client_cpu_us_per_submit": (p1 - p0) / jobs * 1e6,
        "client_cpu_us_per_claim_complete": (p2 - p1) / jobs * 1e6,
        "jobs_per_redis_core_s": jobs / cpu if cpu else None,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--jobs", type=int, default=5000)
    p.add_argument("--concurrency", type=int, default=16, help="submissions in flight (16)")
    p.add_argument("--wait-replicas", type=int, default=0, help="REDIS_WAIT_REPLICAS; >0 starts a replica")
    p.add_argument("--replica", action="store_true", help="start a replica (also with --wait-replicas 0)")
    p.add_argument("--payload-kb", type=int, default=0, help="upload size (0: a few bytes; a real report ~100)")
    p.add_argument("--result-kb", type=int, default=0, help="stored result size (0: '{}'; a real report ~5)")
    p.add_argument("--json-out")
    args = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-queue-ops-"))
    primary = RedisServer(tmp / "primary")
    replica = RedisServer(tmp / "replica", replica_of=primary) if args.wait_replicas or args.replica else None
    try:
        primary.start()
        if replica is not None:
            replica.start()  # returns once in sync
        runs = []
        for n in range(args.runs):
            r = asyncio.run(one_run(primary.url, args.jobs, args.concurrency, args.wait_replicas, args.payload_kb,
                                    args.result_kb))  # fmt: skip
            log(f"run {n + 1}/{args.runs}: " + ", ".join(f"{k} {v:,.1f}" for k, v in r.items() if v is not None))
            runs.append(r)
    finally:
        if replica is not None:
            replica.kill()
        primary.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    emit({
        "benchmark": "queue_ops",
        "config": vars(args) | {"batch": BATCH, "wait_supported": "wait_replicas" in inspect.signature(RedisQueue).parameters},
        "median": {k: median([r[k] for r in runs]) for k in runs[0]},
        "runs": runs,
        "machine": machine_info(),
    }, args.json_out)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
