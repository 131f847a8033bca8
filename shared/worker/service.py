"""The worker service: `main(app)` runs an application's workers (`python worker_service.py`
runs this service's, shared/handlers.py).

With WORKER_COUNT=1 the process is the worker. With more, it supervises that
many worker processes: each runs its own asyncio loop (so its own semaphores),
a child that dies is restarted with backoff, and SIGTERM/SIGINT are forwarded
so every child drains gracefully. Exit code 0 after a clean stop.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from shared import logs
from shared.queue.connection import describe_settings
from shared.queue.durability import DataLossWatch, warn_if_not_persistent
from shared.queue.redis_queue import RedisQueue
from shared.settings import ConfigError, Settings, load_settings
from shared.worker.app import WorkerApp
from shared.worker.runtime import WAIT_SECONDS, Worker
from shared.worker.sandbox import SandboxPool

log = logging.getLogger("bta.worker")
ROOT = Path(__file__).resolve().parents[2]


def build_queue(settings: Settings, *, name: str) -> RedisQueue:
    return RedisQueue.connect(settings, name=name, block_seconds=WAIT_SECONDS + 1)  # BLPOP holds its own connection


async def warn_if_evicting(queue: RedisQueue) -> None:
    """An evicting Redis silently drops queued jobs under memory pressure: say so loudly."""
    try:
        policy = await queue.eviction_policy()
    except Exception:  # noqa: BLE001 - unreachable at start: the worker retries on its own
        return
    if policy is not None and policy != "noeviction":
        log.warning(
            "redis maxmemory-policy is not noeviction: queued jobs can be evicted under memory pressure; "
            "set maxmemory-policy noeviction (and appendonly yes) for production",
            extra={"maxmemory_policy": policy},
        )


def start_sandbox(settings: Settings, app: WorkerApp) -> SandboxPool | None:
    """The sandbox of one worker process, starting its processes in the background (None when off)."""
    if not settings.analysis_sandbox:
        return None
    pool = SandboxPool.from_settings(settings, preload=app.sandbox_preload)
    pool.start()
    return pool


async def run_worker(app: WorkerApp, settings: Settings, concurrency: int | None = None) -> None:
    queue = build_queue(settings, name=f"bta-worker-{os.getpid()}")
    sandbox = start_sandbox(settings, app)
    worker = Worker.for_app(app, queue, settings, concurrency=concurrency, sandbox=sandbox)
    worker.install_signal_handlers()
    await warn_if_evicting(queue)
    await warn_if_not_persistent(queue)
    watch = DataLossWatch(queue, role="worker", interval=settings.sweep_seconds)
    watch.start()
    try:
        await worker.run()
    finally:
        await watch.stop()
        if sandbox is not None:
            await sandbox.close()
        await queue.close()


def run_loop(coro: Any) -> None:
    """Run on uvloop when installed (it comes with uvicorn[standard]): fewer µs per job."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover
        asyncio.run(coro)
    else:
        uvloop.run(coro)


def _die_with_parent() -> None:
    """Linux: a child gets SIGTERM if the supervisor is killed, instead of running orphaned."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:  # pragma: no cover - not Linux
        pass


class Supervisor:
    """Keeps `count` worker processes alive and stops them together."""

    def __init__(self, settings: Settings, count: int, child_command: list[str]) -> None:
        self.settings = settings
        self.count = count
        self.child_command = child_command  # one worker process: the entry point with --single
        self.children: dict[int, subprocess.Popen[bytes]] = {}
        self.started: dict[int, float] = {}
        self.restart_delay: dict[int, float] = {}
        self.signals: list[signal.Signals] = []

    def _spawn(self, slot: int) -> None:
        self.children[slot] = subprocess.Popen(self.child_command, cwd=ROOT, start_new_session=True, preexec_fn=_die_with_parent)
        self.started[slot] = time.monotonic()
        log.info("worker process started", extra={"slot": slot, "pid": self.children[slot].pid})

    def run(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda s, _f: self.signals.append(signal.Signals(s)))
        for slot in range(self.count):
            self._spawn(slot)
        forwarded = 0
        deadline: float | None = None
        next_start: dict[int, float] = {}
        while True:
            if len(self.signals) > forwarded:
                sig = self.signals[forwarded]
                forwarded += 1
                log.info("stopping worker processes", extra={"signal": sig.name, "processes": len(self.children)})
                for child in self.children.values():
                    if child.poll() is None:
                        child.send_signal(signal.SIGTERM)  # a second one cuts the grace short
                deadline = deadline or time.monotonic() + self.settings.shutdown_grace + 15
            stopping = forwarded > 0
            for slot, child in list(self.children.items()):
                code = child.poll()
                if code is None or stopping:
                    continue
                lived = time.monotonic() - self.started[slot]
                delay = 1.0 if lived > 30 else min(30.0, self.restart_delay.get(slot, 0.5) * 2)
                self.restart_delay[slot] = delay
                log.warning("worker process exited; restarting", extra={"slot": slot, "exit_code": code, "restart_in_s": delay})
                del self.children[slot]
                next_start[slot] = time.monotonic() + delay
            for slot, when in list(next_start.items()):
                if not stopping and time.monotonic() >= when:
                    del next_start[slot]
                    self._spawn(slot)
            if stopping and all(child.poll() is not None for child in self.children.values()):
                break
            if deadline is not None and time.monotonic() > deadline:
                for child in self.children.values():
                    if child.poll() is None:
                        log.warning("worker process did not stop in time; killing", extra={"pid": child.pid})
                        child.kill()
                break
            time.sleep(0.1)
        codes = [child.wait() for child in self.children.values()]
        log.info("worker service stopped", extra={"exit_codes": codes})
        return 0 if all(code == 0 for code in codes) else 1


def lower_priority(nice: int) -> int:
    """Raise this process's niceness to at least `nice`; returns the niceness it runs at.

    Measured on 2 shared cores (bench/api_load.py, three sets of 3 runs): with two worker
    processes parsing ~110 reports/s, the API's GET /status p99 was 31-33 ms (queued jobs) and
    45-48 ms (completed) at niceness 0, 14-22 ms and 20-26 ms at 10, with the same analyses per
    second. Niceness only matters when something else wants the cores, so a worker alone on its
    machine loses nothing. Lowering just the parsing threads did not help: the workers' event
    loops compete too.
    """
    current = os.nice(0)
    return os.nice(nice - current) if nice > current else current


def main(app: WorkerApp, argv: list[str] | None = None, *, entry: str = str(ROOT / "worker_service.py")) -> int:
    """Run `app`'s workers as configured; `entry` is the script that calls this (the supervisor runs
    it again, with --single, for each worker process)."""
    parser = argparse.ArgumentParser(prog=Path(entry).name, description="Worker service: runs jobs from the Redis queue")
    parser.add_argument("--concurrency", type=int, help="jobs in flight per process (default WORKER_CONCURRENCY)")
    parser.add_argument("--count", type=int, help="worker processes (default WORKER_COUNT)")
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"worker_service: invalid configuration:\n{exc}", file=sys.stderr)
        return 2
    logs.setup(settings.log_level, settings.log_format)
    if not settings.uses_redis:
        print("worker_service: REDIS_URL is required (the API's embedded mode runs its own worker)", file=sys.stderr)
        return 2
    count = args.count or settings.worker_count
    nice = lower_priority(settings.worker_nice)  # children inherit it
    starting = {"redis": describe_settings(settings), "mode": settings.redis_mode.value,
                "wait_replicas": settings.redis_wait_replicas, "nice": nice}  # fmt: skip
    if args.single or count == 1:
        if not args.single:
            log.info("worker service starting", extra={**starting, "processes": 1})
        run_loop(run_worker(app, settings, args.concurrency))
        return 0
    log.info("worker service starting", extra={**starting, "processes": count})
    child_args = ["--concurrency", str(args.concurrency)] if args.concurrency else []
    return Supervisor(settings, count, [sys.executable, entry, "--single", *child_args]).run()
