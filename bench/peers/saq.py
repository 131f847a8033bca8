"""SAQ peer: Redis queue, CLI worker (1 process), concurrency 10.

Reliability: SAQ moves a dequeued job to the "active" list (BLMOVE). A job
left there by a dead worker is only picked up by ``Queue.sweep``, which runs
every ``timers["sweep"]`` seconds (default 60, under a lock of the same
length) and re-queues a job when it is ``stuck`` (older than its
``timeout`` / ``heartbeat``) *and* still has retries left (``retries``
defaults to 1, i.e. no retry): otherwise the job is finished as ABORTED.
"""

from __future__ import annotations

from bench.peers import common

PYTHON = common.BENCH_PYTHON
DISTRIBUTIONS = ("saq",)
CONCURRENCY = 10

#: job options for the crash test's "reliable" variant
RELIABLE_JOB = {"timeout": 5, "retries": 3}
RELIABLE_TIMERS = {"sweep": 2}

SETTINGS = {
    "throughput": f"saq.Queue.from_url(...), `saq bench.peers.saq.settings --workers 1`, concurrency={CONCURRENCY} "
    "(library default), default timers and job options",
    "default": "library defaults: job timeout=10 s, heartbeat=0 (off), retries=1, sweep timer 60 s",
    "reliable": f"job timeout={RELIABLE_JOB['timeout']} s, retries={RELIABLE_JOB['retries']}, "
    f"worker timers sweep={RELIABLE_TIMERS['sweep']} s",
}


async def bench_job(ctx, *, tag: str, sleep_ms: int = 0) -> None:
    await common.job_async(tag, sleep_ms)


def _queue():
    from saq import Queue

    return Queue.from_url(common.redis_url(), name="bench")


def settings() -> dict:
    """Worker settings, loaded by ``saq bench.peers.saq.settings``."""
    s = {
        "queue": _queue(),
        "functions": [("bench_job", bench_job)],
        "concurrency": CONCURRENCY,
    }
    if common.variant() == "reliable":
        s["timers"] = dict(RELIABLE_TIMERS)
    return s


def worker_command(variant: str, index: int) -> list[str]:
    return [PYTHON, "-m", "saq", "bench.peers.saq.settings", "--workers", "1"]


class _Client:
    def __init__(self, variant: str):
        self.queue = _queue()
        self.opts = dict(RELIABLE_JOB) if variant == "reliable" else {}

    async def start(self) -> None:
        await self.queue.connect()

    async def enqueue(self, tag: str, sleep_ms: int) -> None:
        await self.queue.enqueue("bench_job", tag=tag, sleep_ms=sleep_ms, **self.opts)

    async def close(self) -> None:
        await self.queue.disconnect()


def make_client(variant: str) -> _Client:
    return _Client(variant)
