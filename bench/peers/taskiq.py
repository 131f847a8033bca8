"""taskiq peer: taskiq-redis RedisStreamBroker (the broker of taskiq-redis's
README; the only one of its brokers with acknowledgements), CLI worker with
``--workers 1``.

Reliability: messages are read with XREADGROUP and acked (XACK) after the
task ran (``--ack-type when_saved``, the default). Messages a dead consumer
had read stay in the group's pending list until a live consumer XAUTOCLAIMs
them, which needs them idle for ``idle_timeout`` (default 10 min); the
reclaim runs inside the read loop, after a read that returned messages.
"""

from __future__ import annotations

from bench.peers import common

PYTHON = common.BENCH_PYTHON
DISTRIBUTIONS = ("taskiq", "taskiq-redis", "uvloop")

RELIABLE = {"idle_timeout": 5000, "unacknowledged_lock_timeout": 5}

SETTINGS = {
    "throughput": "RedisStreamBroker(url, queue_name='bench'), no result backend; "
    "`taskiq worker bench.peers.taskiq:make_broker --workers 1` (CLI default is 2 processes), "
    "max_async_tasks=100 and ack_type=when_saved (defaults); the CLI runs uvloop when installed (it is)",
    "default": "library defaults: idle_timeout=600000 ms (10 min), unacknowledged_lock_timeout=None, "
    "xread_count=100",
    "reliable": f"idle_timeout={RELIABLE['idle_timeout']} ms, "
    f"unacknowledged_lock_timeout={RELIABLE['unacknowledged_lock_timeout']} s (documented: 'useful when the "
    "worker crashes or gets killed'), ack_type=when_saved",
}

_broker = None


def make_broker():
    """Broker factory, loaded by ``taskiq worker bench.peers.taskiq:make_broker``."""
    global _broker, bench_job
    if _broker is not None:
        return _broker
    from taskiq_redis import RedisStreamBroker

    kw = dict(RELIABLE) if common.variant() == "reliable" else {}
    _broker = RedisStreamBroker(url=common.redis_url(), queue_name="bench", **kw)

    @_broker.task(task_name="bench_job")
    async def bench_job(tag: str, sleep_ms: int = 0) -> None:
        await common.job_async(tag, sleep_ms)

    return _broker


def worker_command(variant: str, index: int) -> list[str]:
    return [PYTHON, "-m", "taskiq", "worker", "bench.peers.taskiq:make_broker", "--workers", "1"]


class _Client:
    def __init__(self):
        self.broker = make_broker()
        self.task = bench_job  # noqa: F821 - defined by make_broker()

    async def start(self) -> None:
        # creates the consumer group (id "$") before the first XADD, so that the
        # jobs enqueued before the worker starts are delivered to it
        await self.broker.startup()

    async def enqueue(self, tag: str, sleep_ms: int) -> None:
        await self.task.kiq(tag, sleep_ms)

    async def close(self) -> None:
        await self.broker.shutdown()


def make_client(variant: str) -> _Client:
    return _Client()
