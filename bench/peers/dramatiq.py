"""Dramatiq peer: RedisBroker, CLI worker with 1 process x 10 threads.

Reliability: Dramatiq's Redis broker acks after the actor returns; a message
fetched by a worker that dies stays in that worker's ack set until another
broker sees the dead worker's heartbeat older than ``heartbeat_timeout``
during "maintenance", which runs on a random ``maintenance_chance`` per
million broker commands.
"""

from __future__ import annotations

from bench.peers import common

PYTHON = common.BENCH_PYTHON
DISTRIBUTIONS = ("dramatiq",)
THREADS = 10

SETTINGS = {
    "throughput": f"RedisBroker (no Results middleware); `dramatiq --processes 1 --threads {THREADS}`; "
    "prefetch = library default (2 x threads); default worker_timeout (1 s idle poll backoff cap)",
    "default": "library defaults: heartbeat_timeout=60000 ms, maintenance_chance=1000 per million commands",
    "reliable": "heartbeat_timeout=5000 ms, maintenance_chance=200000 per million "
    "(so the 2nd worker requeues the dead worker's unacked messages within seconds)",
}


def setup() -> None:
    """Called by the dramatiq CLI (``bench.peers.dramatiq:setup``) and by the client."""
    import dramatiq
    from dramatiq.brokers.redis import RedisBroker

    kw = {}
    if common.variant() == "reliable":
        kw = {"heartbeat_timeout": 5000, "maintenance_chance": 200_000}
    broker = RedisBroker(url=common.redis_url(), **kw)
    dramatiq.set_broker(broker)
    global job
    job = dramatiq.actor(common.job_sync, actor_name="bench_job", queue_name="bench")


def worker_command(variant: str, index: int) -> list[str]:
    return [
        PYTHON,
        "-m",
        "dramatiq",
        "bench.peers.dramatiq:setup",
        "--processes",
        "1",
        "--threads",
        str(THREADS),
        "--path",
        str(common.REPO),
    ]


class _Client:
    def __init__(self):
        setup()
        self.send = job.send

    def enqueue(self, tag: str, sleep_ms: int) -> None:
        self.send(tag, sleep_ms)


def make_client(variant: str) -> _Client:
    return _Client()
