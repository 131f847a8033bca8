"""arq peer: arq Worker (started like the ``arq`` CLI does, with its default
INFO logging), max_jobs=10 (default), 1 worker process.

arq 0.28 requires redis-py < 6 while the other peers use redis-py 8, so arq
runs from its own venv (.venv-bench-arq, requirements-bench-arq.txt).

Throughput/latency: arq polls its queue (a sorted set) every ``poll_delay``
(default 0.5 s) instead of blocking on it.

Reliability: a job stays in the queue while it runs, guarded by an
"in-progress" key that expires after job_timeout + 10 s (job_timeout defaults
to 300 s); once it has expired another worker runs the job again (up to
``max_tries``, default 5).
"""

from __future__ import annotations

from bench.peers import common

PYTHON = common.BENCH_ARQ_PYTHON
DISTRIBUTIONS = ("arq",)
RELIABLE_JOB_TIMEOUT = 2  # seconds -> in-progress key expires 12 s after the job started

SETTINGS = {
    "throughput": "arq Worker, max_jobs=10, poll_delay=0.5 s (defaults), default arq CLI logging (INFO, "
    "2 lines per job); ArqRedis.enqueue_job one at a time; own venv (redis-py 5.3)",
    "default": "library defaults: job_timeout=300 s (in-progress key 310 s), max_tries=5",
    "reliable": f"job_timeout={RELIABLE_JOB_TIMEOUT} s (in-progress key {RELIABLE_JOB_TIMEOUT + 10} s), "
    "max_tries=5",
}


async def bench_job(ctx, tag: str, sleep_ms: int = 0) -> None:
    await common.job_async(tag, sleep_ms)


def _redis_settings():
    from arq.connections import RedisSettings

    return RedisSettings.from_dsn(common.redis_url())


def worker_command(variant: str, index: int) -> list[str]:
    return common.runner_worker_command(PYTHON, "arq", variant, index)


def run_worker(variant: str, index: int) -> None:
    """What ``arq bench.peers.arq.WorkerSettings`` does: dictConfig(default_log_config) + run_worker."""
    import logging.config

    from arq.logs import default_log_config
    from arq.worker import run_worker as arq_run_worker

    class WorkerSettings:
        functions = [bench_job]
        redis_settings = _redis_settings()

    if variant == "reliable":
        WorkerSettings.job_timeout = RELIABLE_JOB_TIMEOUT

    logging.config.dictConfig(default_log_config(False))
    arq_run_worker(WorkerSettings)


class _Client:
    async def start(self) -> None:
        from arq import create_pool

        self.pool = await create_pool(_redis_settings())

    async def enqueue(self, tag: str, sleep_ms: int) -> None:
        await self.pool.enqueue_job("bench_job", tag, sleep_ms)

    async def close(self) -> None:
        await self.pool.aclose() if hasattr(self.pool, "aclose") else await self.pool.close()


def make_client(variant: str) -> _Client:
    return _Client()
