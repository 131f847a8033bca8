"""Celery peer: Redis broker (kombu), solo pool, 1 worker process.

Reliability: by default Celery acks a message when the worker *receives* it
(early ack), so the task in progress dies with a SIGKILLed worker; the
prefetched, not yet acknowledged messages sit in kombu's "unacked" hash and
are restored only once they are older than ``visibility_timeout`` (default
1 hour). The reliable settings are the ones the Celery docs give for this:
``task_acks_late`` + ``task_reject_on_worker_lost`` and a
``visibility_timeout`` (here a short one, with kombu's restore sweep run
every second so that it can recover inside the test's window).
"""

from __future__ import annotations

from bench.peers import common

PYTHON = common.BENCH_PYTHON
DISTRIBUTIONS = ("celery", "kombu")

RELIABLE_CONF = {
    "task_acks_late": True,
    "task_reject_on_worker_lost": True,
    "broker_transport_options": {
        "visibility_timeout": 5,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    },
}
WORKER_ARGS = ["-P", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"]

SETTINGS = {
    "throughput": "Celery(broker=redis), no result backend (task_ignore_result=True); worker "
    + " ".join(WORKER_ARGS)
    + "; worker_prefetch_multiplier=4 (default)",
    "default": "library defaults: early ack, visibility_timeout=3600 s",
    "reliable": "task_acks_late=True, task_reject_on_worker_lost=True, broker_transport_options="
    "{visibility_timeout: 5 s, unacked_restore_interval: 1 s, unacked_restore_throttle: 1}",
}

_app = None


def make_app():
    global _app
    if _app is not None:
        return _app
    from celery import Celery

    app = Celery("bench", broker=common.redis_url(), set_as_current=True)
    app.conf.update(task_ignore_result=True, broker_connection_retry_on_startup=True)
    if common.variant() == "reliable":
        app.conf.update(RELIABLE_CONF)

    @app.task(name="bench_job")
    def bench_job(tag: str, sleep_ms: int = 0) -> None:
        common.job_sync(tag, sleep_ms)

    _app = app
    return app


def worker_command(variant: str, index: int) -> list[str]:
    return common.runner_worker_command(PYTHON, "celery", variant, index)


def run_worker(variant: str, index: int) -> None:
    """Same as ``celery -A ... worker <WORKER_ARGS>`` (the CLI calls worker_main)."""
    app = make_app()
    app.worker_main(["worker", "-n", f"bench{index}@%h", *WORKER_ARGS])


class _Client:
    def __init__(self):
        self.task = make_app().tasks["bench_job"]

    def enqueue(self, tag: str, sleep_ms: int) -> None:
        self.task.delay(tag, sleep_ms)


def make_client(variant: str) -> _Client:
    return _Client()
