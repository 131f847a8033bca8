"""RQ peer: ``rq worker --worker-class rq.worker.SimpleWorker`` (jobs run in
the worker process, no fork per job), 1 worker process.

Reliability: a running job sits in the queue's StartedJobRegistry with an
expiry of job_timeout + 60 s (SimpleWorker's heartbeat TTL; job_timeout
defaults to 180 s). A worker's registry cleanup (at start-up, then every
``--maintenance-interval``, default 600 s) moves expired entries of dead
workers to the FailedJobRegistry -- or re-queues them if the job was
enqueued with ``retry=Retry(max=N)``, which is what RQ documents for this.
Because of the fixed +60 s, no RQ setting can recover an abandoned job
within a 60 s window.
"""

from __future__ import annotations

from bench.peers import common

PYTHON = common.BENCH_PYTHON
DISTRIBUTIONS = ("rq",)
QUEUE = "bench"

RELIABLE_JOB_TIMEOUT = 1  # seconds; the job runs 50 ms
RELIABLE_RETRIES = 3
RELIABLE_MAINTENANCE_INTERVAL = 1  # seconds

SETTINGS = {
    "throughput": "rq worker --worker-class rq.worker.SimpleWorker, default logging (INFO: 4 lines per job to the log file), "
    "Queue.enqueue(job, ...) one at a time",
    "default": "library defaults: job_timeout=180 s, no retry, maintenance interval 600 s",
    "reliable": f"enqueue(..., retry=Retry(max={RELIABLE_RETRIES}), job_timeout={RELIABLE_JOB_TIMEOUT}), "
    f"worker --maintenance-interval {RELIABLE_MAINTENANCE_INTERVAL}: the abandoned job is still only "
    f"detectable after job_timeout + 60 s",
}


def job(tag: str, sleep_ms: int = 0) -> None:
    """The job function (RQ imports it by name: bench.peers.rq.job)."""
    common.job_sync(tag, sleep_ms)


def worker_command(variant: str, index: int) -> list[str]:
    argv = [
        PYTHON, "-m", "rq.cli", "worker", "--worker-class", "rq.worker.SimpleWorker",
        "--url", common.redis_url(), "--path", str(common.REPO),
    ]  # fmt: skip
    if variant == "reliable":
        argv += ["--maintenance-interval", str(RELIABLE_MAINTENANCE_INTERVAL)]
    return argv + [QUEUE]


class _Client:
    def __init__(self, variant: str):
        import redis
        from rq import Queue, Retry

        self.q = Queue(QUEUE, connection=redis.Redis.from_url(common.redis_url()))
        self.kw = {}
        if variant == "reliable":
            self.kw = {"retry": Retry(max=RELIABLE_RETRIES), "job_timeout": RELIABLE_JOB_TIMEOUT}

    def enqueue(self, tag: str, sleep_ms: int) -> None:
        self.q.enqueue(job, tag, sleep_ms, **self.kw)


def make_client(variant: str) -> _Client:
    return _Client(variant)
