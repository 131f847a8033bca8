"""Client / worker runner, executed with a peer's own interpreter.

    python -m bench.peers.run versions <peer>
    python -m bench.peers.run enqueue  <peer> <variant> --count N [--sleep-ms S]
    python -m bench.peers.run latency  <peer> <variant> --count N [--warmup W] [--timeout T]
    python -m bench.peers.run worker   <peer> <variant> <index>

Each command except ``worker`` prints one JSON object on its last stdout line.
The harness (bench/peers/harness.py) runs these with cwd = repository root
and PYTHONPATH = repository root, plus the BENCH_* variables of common.py.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import json
import os
import platform
import sys
import time

from bench.peers import common


def load_peer(name: str):
    return importlib.import_module(f"bench.peers.{name}")


def _versions(peer) -> dict:
    from importlib import metadata

    dists = {}
    for dist in list(getattr(peer, "DISTRIBUTIONS", ())) + ["redis", "hiredis"]:
        try:
            dists[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            dists[dist] = None
    return {
        "python": platform.python_version(),
        "executable": sys.executable,
        "distributions": dists,
    }


def _is_async(client) -> bool:
    return inspect.iscoroutinefunction(client.enqueue)


async def _maybe_await(value):
    if inspect.isawaitable(value):
        return await value
    return value


# ---------------------------------------------------------------- enqueue


async def _enqueue_async(client, count: int, sleep_ms: int, prefix: str) -> float:
    if hasattr(client, "start"):
        await _maybe_await(client.start())
    enqueue = client.enqueue
    t0 = time.perf_counter()
    for i in range(count):
        await enqueue(f"{prefix}{i}", sleep_ms)
    elapsed = time.perf_counter() - t0
    if hasattr(client, "close"):
        await _maybe_await(client.close())
    return elapsed


def _enqueue_sync(client, count: int, sleep_ms: int, prefix: str) -> float:
    if hasattr(client, "start"):
        client.start()
    enqueue = client.enqueue
    t0 = time.perf_counter()
    for i in range(count):
        enqueue(f"{prefix}{i}", sleep_ms)
    elapsed = time.perf_counter() - t0
    if hasattr(client, "close"):
        client.close()
    return elapsed


# ---------------------------------------------------------------- latency


async def _latency_async(client, count, warmup, timeout, first_timeout) -> list[float]:
    import redis.asyncio

    r = redis.asyncio.Redis.from_url(common.redis_url())
    key = common.done_key()
    if hasattr(client, "start"):
        await _maybe_await(client.start())
    samples = []
    for i in range(warmup + count):
        tag = f"lat{i}"
        t0 = time.perf_counter()
        await client.enqueue(tag, 0)
        limit = first_timeout if i == 0 else timeout
        while True:
            got = await r.blpop([key], timeout=limit)
            if got is None:
                raise TimeoutError(f"job {tag} not completed within {limit}s")
            if got[1].decode() == tag:
                break
        t1 = time.perf_counter()
        if i >= warmup:
            samples.append((t1 - t0) * 1000.0)
    if hasattr(client, "close"):
        await _maybe_await(client.close())
    await r.aclose() if hasattr(r, "aclose") else await r.close()
    return samples


def _latency_sync(client, count, warmup, timeout, first_timeout) -> list[float]:
    import redis

    r = redis.Redis.from_url(common.redis_url())
    key = common.done_key()
    if hasattr(client, "start"):
        client.start()
    samples = []
    for i in range(warmup + count):
        tag = f"lat{i}"
        t0 = time.perf_counter()
        client.enqueue(tag, 0)
        limit = first_timeout if i == 0 else timeout
        while True:
            got = r.blpop([key], timeout=limit)
            if got is None:
                raise TimeoutError(f"job {tag} not completed within {limit}s")
            if got[1].decode() == tag:
                break
        t1 = time.perf_counter()
        if i >= warmup:
            samples.append((t1 - t0) * 1000.0)
    if hasattr(client, "close"):
        client.close()
    return samples


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.peers.run")
    sub = p.add_subparsers(dest="cmd", required=True)
    pv = sub.add_parser("versions")
    pv.add_argument("peer")
    pe = sub.add_parser("enqueue")
    pe.add_argument("peer")
    pe.add_argument("variant")
    pe.add_argument("--count", type=int, required=True)
    pe.add_argument("--sleep-ms", type=int, default=0)
    pe.add_argument("--prefix", default="")
    pl = sub.add_parser("latency")
    pl.add_argument("peer")
    pl.add_argument("variant")
    pl.add_argument("--count", type=int, required=True)
    pl.add_argument("--warmup", type=int, default=10)
    pl.add_argument("--timeout", type=float, default=10.0)
    pl.add_argument("--first-timeout", type=float, default=60.0)
    pw = sub.add_parser("worker")
    pw.add_argument("peer")
    pw.add_argument("variant")
    pw.add_argument("index", type=int)
    a = p.parse_args(argv)

    peer = load_peer(a.peer)
    if a.cmd == "versions":
        print(json.dumps(_versions(peer)))
        return 0
    if a.cmd == "worker":
        os.environ[common.ENV_VARIANT] = a.variant
        os.environ[common.ENV_WORKER_INDEX] = str(a.index)
        peer.run_worker(a.variant, a.index)
        return 0

    os.environ[common.ENV_VARIANT] = a.variant
    client = peer.make_client(a.variant)
    if a.cmd == "enqueue":
        if _is_async(client):
            seconds = asyncio.run(_enqueue_async(client, a.count, a.sleep_ms, a.prefix))
        else:
            seconds = _enqueue_sync(client, a.count, a.sleep_ms, a.prefix)
        print(json.dumps({"count": a.count, "seconds": seconds}))
        return 0
    if a.cmd == "latency":
        args = (client, a.count, a.warmup, a.timeout, a.first_timeout)
        if _is_async(client):
            samples = asyncio.run(_latency_async(*args))
        else:
            samples = _latency_sync(*args)
        print(json.dumps({"samples_ms": samples}))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
