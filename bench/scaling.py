#!/usr/bin/env python
"""Worker scaling benchmark: I/O-bound jobs (a simulated 1 s model call) across processes x concurrency.

    .venv/bin/python bench/scaling.py [--quick] [--runs 3] [--processes 1,2,4] [--concurrency 1,8,32]

For every config (P worker processes, WORKER_CONCURRENCY C): start `python worker_service.py`
with WORKER_COUNT=P (WORKER_COUNT=1: the process itself is the worker; more: a supervisor and
P children) against a private redis-server and wait until all P workers heartbeat
(RedisQueue.workers). Then, per run, enqueue N = waves x P x C `sleep` jobs
(payload {"seconds": 1.0}: asyncio.sleep, like waiting on a model) from this process
(64 enqueue calls in flight at a time), and time from just before the first enqueue until the
`completed` counter (RedisQueue.stats, polled every 20 ms) has grown by N.
jobs/s = N / that time; ideal = P x C / seconds; efficiency = jobs/s / ideal.
Each figure is the median of --runs runs (3) with the same workers. Prints one JSON object.
`--quick`: 1 run, 0.2 s jobs, 2 waves, configs 1x1, 1x8 and 2x8.
"""

from __future__ import annotations

import os
import sys

# Run as `python bench/scaling.py`, this folder comes first on sys.path, where bench/queue.py
# would shadow the standard library's `queue` (asyncio and redis-py import it): use the repo root.
sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from bench.common import (  # noqa: E402
    bench_env,
    emit,
    loadavg,
    log,
    machine_info,
    median,
    private_redis,
    redis_version,
    start,
    stop,
    wait_quiet,
)  # fmt: skip
from tests.usage import children_of, cpu_seconds  # noqa: E402

TARGET_EFFICIENCY = 0.90
POLL_S = 0.02


def _queue(url: str) -> Any:
    import redis.asyncio as aioredis

    from shared.queue.redis_queue import RedisQueue

    return RedisQueue(aioredis.Redis.from_url(url, max_connections=128), max_queue_size=10**7)


async def _wait_workers(url: str, n: int, timeout: float, proc: Any) -> float:
    queue = _queue(url)
    t0 = time.perf_counter()
    try:
        while True:
            alive = await queue.workers(window_ms=15_000)
            if len(alive) >= n:
                return time.perf_counter() - t0
            if proc.popen.poll() is not None:
                raise RuntimeError(f"worker service exited: {proc.log()[-2000:]}")
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"only {len(alive)} of {n} workers registered within {timeout:.0f} s: {proc.log()[-2000:]}")
            await asyncio.sleep(0.05)
    finally:
        await queue.close()


async def _one_run(url: str, n: int, seconds: float, timeout: float) -> dict[str, Any]:
    queue = _queue(url)
    payload = json.dumps({"seconds": seconds}).encode()
    try:
        before = await queue.stats(worker_window_ms=15_000)
        base_done = before.counters.get("completed", 0)
        base_failed = before.counters.get("failed", 0)
        sem = asyncio.Semaphore(64)

        async def enqueue_one() -> None:
            async with sem:
                await queue.enqueue(payload, kind="sleep")

        t0 = time.perf_counter()
        await asyncio.gather(*(enqueue_one() for _ in range(n)))
        enqueued_s = time.perf_counter() - t0
        peak_processing = 0
        while True:
            s = await queue.stats(worker_window_ms=15_000)
            done = s.counters.get("completed", 0) - base_done
            peak_processing = max(peak_processing, s.processing)
            if done >= n:
                elapsed = time.perf_counter() - t0
                break
            if s.counters.get("failed", 0) > base_failed:
                raise RuntimeError("a sleep job failed")
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"only {done} of {n} jobs completed within {timeout:.0f} s")
            await asyncio.sleep(POLL_S)
        return {"jobs": n, "seconds": round(elapsed, 3), "enqueue_s": round(enqueued_s, 3),
                "jobs_per_s": round(n / elapsed, 2), "peak_processing": peak_processing}  # fmt: skip
    finally:
        await queue.close()


def run_config(
    url: str, processes: int, concurrency: int, a: argparse.Namespace, workdir: Path, redis_pid: int
) -> dict[str, Any]:
    n = a.waves * processes * concurrency
    ideal = processes * concurrency / a.seconds
    env = bench_env(url, WORKER_COUNT=processes, WORKER_CONCURRENCY=concurrency)
    import redis

    redis.Redis.from_url(url).flushall()
    proc = start([sys.executable, "worker_service.py"], env, workdir / f"worker-{processes}x{concurrency}.log")
    out: dict[str, Any] = {"processes": processes, "concurrency": concurrency, "jobs": n, "ideal_jobs_per_s": ideal}
    try:
        out["startup_s"] = round(asyncio.run(_wait_workers(url, processes, 60, proc)), 2)
        pids = [proc.pid, *children_of(proc.pid)]
        runs = []
        for i in range(a.runs):
            quiet = wait_quiet(0.25, a.quiet_wait, [*pids, redis_pid])
            cpu0, t0 = cpu_seconds(pids), time.perf_counter()
            r = asyncio.run(_one_run(url, n, a.seconds, timeout=a.waves * a.seconds * 10 + 60))
            r["workers_cpu_cores"] = round((cpu_seconds(pids) - cpu0) / (time.perf_counter() - t0), 2)
            r["efficiency"] = round(r["jobs_per_s"] / ideal, 4)
            r.update(quiet)
            r["loadavg_after"] = loadavg()
            runs.append(r)
            log(f"  {processes}x{concurrency} run {i + 1}: {n} jobs in {r['seconds']} s = {r['jobs_per_s']} jobs/s "
                f"({r['efficiency']:.1%} of {ideal:g})")  # fmt: skip
        out["runs"] = runs
        out["seconds"] = median([r["seconds"] for r in runs])
        out["jobs_per_s"] = median([r["jobs_per_s"] for r in runs])
        out["efficiency"] = median([r["efficiency"] for r in runs])
        out["meets_target"] = (out["efficiency"] or 0) >= TARGET_EFFICIENCY
    except Exception as exc:  # noqa: BLE001 - recorded per config
        out["error"] = f"{type(exc).__name__}: {exc}"
        log(f"  {processes}x{concurrency}: {out['error']}")
    finally:
        stop(proc)
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="1 run, 0.2 s jobs, 2 waves, configs 1x1, 1x8, 2x8")
    p.add_argument("--runs", type=int, help="runs per config; the median is reported (3; quick 1)")
    p.add_argument("--processes", help="comma-separated worker process counts (1,2,4)")
    p.add_argument("--concurrency", help="comma-separated WORKER_CONCURRENCY values (1,8,32)")
    p.add_argument("--seconds", type=float, help="simulated model call per job (1.0; quick 0.2)")
    p.add_argument("--waves", type=int, help="jobs = waves x processes x concurrency (4; quick 2)")
    p.add_argument("--quiet-wait", type=float, help="before each run wait up to this many s for other processes to use "
                   "< 25%% of the CPU (60; quick 5; 0: off)")  # fmt: skip
    p.add_argument("--json-out", help="also write the JSON here")
    a = p.parse_args(argv)
    a.runs = a.runs or (1 if a.quick else 3)
    a.seconds = a.seconds or (0.2 if a.quick else 1.0)
    a.waves = a.waves or (2 if a.quick else 4)
    a.quiet_wait = a.quiet_wait if a.quiet_wait is not None else (5.0 if a.quick else 60.0)
    return a


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    if a.processes or a.concurrency or not a.quick:
        procs = [int(x) for x in (a.processes or "1,2,4").split(",")]
        concs = [int(x) for x in (a.concurrency or "1,8,32").split(",")]
        configs = [(p, c) for p in procs for c in concs]
    else:
        configs = [(1, 1), (1, 8), (2, 8)]
    workdir = Path(tempfile.mkdtemp(prefix="bench-scaling-"))
    result: dict[str, Any] = {
        "benchmark": "scaling",
        "target_efficiency": TARGET_EFFICIENCY,
        "config": {"runs": a.runs, "job_seconds": a.seconds, "waves": a.waves, "quick": a.quick, "poll_ms": POLL_S * 1000,
                   "quiet_wait_s": a.quiet_wait, "configs": [f"{p}x{c}" for p, c in configs],
                   "job": {"kind": "sleep", "payload": {"seconds": a.seconds}}},
        "method": "N = waves x P x C sleep jobs enqueued (64 calls in flight) once all P workers heartbeat; time from just "
                  "before the first enqueue until the completed counter grew by N (polled every 20 ms); "
                  "efficiency = (N / time) / (P x C / job seconds); median of the runs",
        "configs": [],
    }  # fmt: skip
    ok = True
    with private_redis() as server:
        result["machine"] = machine_info(redis_version(server.url))
        redis_pid = server.process.pid if server.process else os.getpid()
        try:
            for p, c in configs:
                log(f"scaling {p} process(es) x concurrency {c}: {a.waves * p * c} jobs of {a.seconds:g} s, {a.runs} run(s)")
                r = run_config(server.url, p, c, a, workdir, redis_pid)
                ok = ok and "error" not in r
                result["configs"].append(r)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    effs = [r["efficiency"] for r in result["configs"] if r.get("efficiency") is not None]
    result["min_efficiency"] = min(effs) if effs else None
    result["meets_target"] = bool(effs) and ok and min(effs) >= TARGET_EFFICIENCY
    result["loadavg_at_end"] = loadavg()
    emit(result, a.json_out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
