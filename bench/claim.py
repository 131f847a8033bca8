#!/usr/bin/env python3
"""The cost of the two hot scripts, enqueue and claim: `python bench/claim.py [--jobs N] [--runs R]`.

On a private redis-server (no persistence), per run and per scenario:
  1. enqueue `--jobs` jobs one at a time (owners: one key, or `--keys` keys in turn);
  2. claim them all one at a time (claim n=1), then enqueue again and claim in batches of 32.
Each phase reports Redis's own CPU time per script call (INFO commandstats, EVALSHA
usec_per_call: the server-side cost, unaffected by the client and the network) and the
median round trip seen by the client. Medians over runs; one JSON object on stdout.

To compare two versions of the protocol, run the same file from both checkouts in one session.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import redis.asyncio as aioredis  # noqa: E402

from bench.common import emit, log, machine_info, private_redis, redis_version  # noqa: E402
from shared.queue.redis_queue import RedisQueue  # noqa: E402


async def _server_usec_per_call(redis: aioredis.Redis) -> float | None:
    stats = await redis.info("commandstats")
    entry = stats.get("cmdstat_evalsha")
    return float(entry["usec_per_call"]) if entry else None


async def _phase(redis: aioredis.Redis, calls: list[Any]) -> dict[str, float | None]:
    await redis.config_resetstat()
    times = []
    for call in calls:
        start = time.perf_counter()
        await call()
        times.append((time.perf_counter() - start) * 1e6)
    return {"server_us": await _server_usec_per_call(redis), "client_p50_us": statistics.median(times)}


async def one_run(url: str, jobs: int, owners: list[str]) -> dict[str, dict[str, float | None]]:
    redis = aioredis.Redis.from_url(url)
    queue = RedisQueue(redis, max_queue_size=10**9)
    await redis.flushall()
    payload = b"%PDF-1.4 " + b"x" * 200
    out: dict[str, dict[str, float | None]] = {}

    def enqueues() -> list[Any]:
        return [lambda i=i: queue.enqueue(payload, owner=owners[i % len(owners)]) for i in range(jobs)]

    out["enqueue"] = await _phase(redis, enqueues())
    out["claim_1"] = await _phase(redis, [lambda: queue.claim("w", 1) for _ in range(jobs)])
    await redis.flushall()
    for call in enqueues():
        await call()
    out["claim_32"] = await _phase(redis, [lambda: queue.claim("w", 32) for _ in range(-(-jobs // 32))])
    await redis.aclose()
    return out


async def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jobs", type=int, default=5000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--keys", type=int, default=20, help="owners in the many-keys scenario (20)")
    p.add_argument("--json-out")
    a = p.parse_args(argv)
    scenarios = {"one_key": ["k0"], f"{a.keys}_keys": [f"k{i}" for i in range(a.keys)]}
    with private_redis() as server:
        runs: dict[str, list[dict[str, dict[str, float | None]]]] = {name: [] for name in scenarios}
        for r in range(a.runs):
            for name, owners in scenarios.items():
                runs[name].append(await one_run(server.url, a.jobs, owners))
                log(f"run {r + 1} {name}: {runs[name][-1]}")
        version = redis_version(server.url)
    result: dict[str, Any] = {"jobs": a.jobs, "runs": a.runs, "machine": machine_info(version)}
    for name, rs in runs.items():
        result[name] = {
            phase: {metric: round(statistics.median(r[phase][metric] for r in rs), 2) for metric in rs[0][phase]}  # type: ignore[type-var]
            for phase in rs[0]
        }
    emit(result, a.json_out)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
