"""Shared constants and helpers for peer modules.

Importable from any interpreter: only the standard library is imported at
module level; redis-py is imported lazily, inside worker / client processes.

The benchmark's completion signal (identical for every peer, ours included):
the job body ends with ``RPUSH <BENCH_DONE_KEY> <tag>`` -- one O(1) Redis
command per job. The harness counts completions with LLEN, finds distinct
completed jobs (crash test) with LRANGE, and the latency client waits for a
job with BLPOP.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

#: Interpreter of the peers' venv (created by scripts/bench-setup).
BENCH_PYTHON = os.environ.get("BENCH_PYTHON", str(REPO / ".venv-bench" / "bin" / "python"))
#: arq 0.28 requires redis-py < 6, the other peers (and the service) use
#: redis-py 8, so arq has a venv of its own.
BENCH_ARQ_PYTHON = os.environ.get(
    "BENCH_ARQ_PYTHON", str(REPO / ".venv-bench-arq" / "bin" / "python")
)
#: The service's venv (for bench/peers/ours.py).
SERVICE_PYTHON = os.environ.get("BENCH_SERVICE_PYTHON", str(REPO / ".venv" / "bin" / "python"))

# Environment the harness gives every client and worker process.
ENV_REDIS_URL = "BENCH_REDIS_URL"  # redis://127.0.0.1:<port>/0 of the harness's own redis-server
ENV_DONE_KEY = "BENCH_DONE_KEY"  # list the job body RPUSHes its tag onto
ENV_STARTED_KEY = "BENCH_STARTED_KEY"  # list a sleeping job RPUSHes its tag onto before sleeping
ENV_VARIANT = "BENCH_VARIANT"  # "default" or "reliable" (crash test); "default" otherwise
ENV_WORKER_INDEX = "BENCH_WORKER_INDEX"  # 0, 1, ... when several workers run at once

DEFAULT_DONE_KEY = "bench:done"
DEFAULT_STARTED_KEY = "bench:started"


def redis_url() -> str:
    return os.environ[ENV_REDIS_URL]


def done_key() -> str:
    return os.environ.get(ENV_DONE_KEY, DEFAULT_DONE_KEY)


def started_key() -> str:
    return os.environ.get(ENV_STARTED_KEY, DEFAULT_STARTED_KEY)


def variant() -> str:
    return os.environ.get(ENV_VARIANT, "default")


def redis_host_port_db() -> tuple[str, int, int]:
    """(host, port, db) parsed from BENCH_REDIS_URL (for libraries that want them)."""
    from urllib.parse import urlparse

    u = urlparse(redis_url())
    db = int((u.path or "/0").lstrip("/") or 0)
    return u.hostname or "127.0.0.1", u.port or 6379, db


# --------------------------------------------------------------------------
# Job body helpers: the whole "work" of a benchmark job.

_sync_client = None
_sync_lock = threading.Lock()


def _sync_redis():
    global _sync_client
    if _sync_client is None:
        with _sync_lock:
            if _sync_client is None:
                import redis

                _sync_client = redis.Redis.from_url(redis_url())
    return _sync_client


def mark_done(tag: str) -> None:
    """Synchronous job body ending: RPUSH the job's tag onto the done list."""
    _sync_redis().rpush(done_key(), tag)


def job_sync(tag: str, sleep_ms: int = 0) -> None:
    """The benchmark job for thread/process based libraries.

    A no-op job (sleep_ms=0: throughput, latency) is one RPUSH onto the done
    list. A sleeping job (crash test) also RPUSHes its tag onto the started
    list first, so that the harness can kill the worker while jobs run."""
    if sleep_ms:
        import time

        _sync_redis().rpush(started_key(), tag)
        time.sleep(sleep_ms / 1000.0)
    mark_done(tag)


_async_clients: dict[int, object] = {}


def _async_redis():
    import asyncio

    loop_id = id(asyncio.get_running_loop())
    client = _async_clients.get(loop_id)
    if client is None:
        import redis.asyncio

        client = redis.asyncio.Redis.from_url(redis_url())
        _async_clients[loop_id] = client
    return client


async def mark_done_async(tag: str) -> None:
    """asyncio job body ending: RPUSH the job's tag onto the done list."""
    await _async_redis().rpush(done_key(), tag)


async def job_async(tag: str, sleep_ms: int = 0) -> None:
    """The benchmark job for asyncio based libraries (see job_sync)."""
    if sleep_ms:
        import asyncio

        await _async_redis().rpush(started_key(), tag)
        await asyncio.sleep(sleep_ms / 1000.0)
    await mark_done_async(tag)


def runner_worker_command(python: str, peer: str, variant: str, index: int) -> list[str]:
    """argv that runs ``run_worker(variant, index)`` of bench/peers/<peer>.py.

    For peers whose worker is started through the library's Python API
    rather than its CLI (see bench/peers/run.py)."""
    return [python, "-m", "bench.peers.run", "worker", peer, variant, str(index)]
