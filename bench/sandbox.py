#!/usr/bin/env python
"""The analysis sandbox end to end: a worker service with ANALYSIS_SANDBOX off and on, in the same run.

    .venv/bin/python bench/sandbox.py [--quick] [--runs 3] [--reports 300] [--latency-reports 60]
                                      [--baseline DIR] [--json-out PATH]

Against a private redis-server, each run starts `python worker_service.py` (WORKER_COUNT=1,
default WORKER_CONCURRENCY 4) once per configuration, in a rotated order:

- before (with --baseline DIR): DIR/worker_service.py, a checkout of the code before the sandbox
  (e.g. `git archive <commit> | tar -x -C DIR`), default settings: today's figures, same run;
- off: ANALYSIS_SANDBOX=false: the analysis in the worker's thread pool (CPU_THREADS=1);
- on, 1 process: ANALYSIS_PROCESSES=1 (one analysis at a time per worker, like CPU_THREADS=1);
- on, 2 processes: the default.
The "on" figures are compared with "before" when it ran, else with "off".

Per configuration, after a warm-up pass over the corpus: throughput (--reports corpus reports,
cycled, enqueued 32 at a time; reports/s from the first enqueue until the completed counter reached
them), the CPU time the worker and its sandbox processes used for them (utime + stime from /proc: CPU ms
per report, a figure other processes' load does not distort, unlike reports/s on a shared machine),
and latency (the smallest corpus report, one at a time, --latency-reports times: from just before
the enqueue until the job's `completed` event arrives on its pub/sub channel; p50).

Then the hostile case (issue 18's target), with the default configuration, twice: a 2 GiB Flate
bomb (tests/analysis/bombs.py; refused by the pre-check), then one the pre-check cannot see
(encrypted: stopped by the memory limit), each enqueued together with 3 good reports (the
smallest corpus file) of another key: when each job ended (from its enqueue), attempts, the good
report's time alone for reference, and the worker's process group RSS peak above its idle
baseline (sampled every 5 ms).

Medians over the runs. Prints one JSON object.
"""

from __future__ import annotations

import os
import sys

# Run as `python bench/sandbox.py`, this folder comes first on sys.path, where bench/queue.py
# would shadow the standard library's `queue`: use the repo root.
sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import redis.asyncio as aioredis  # noqa: E402

from bench.common import (  # noqa: E402
    bench_env,
    corpus_pdfs,
    emit,
    loadavg,
    log,
    machine_info,
    percentile,
    private_redis,
    redis_version,
    start,
    stop,
    wait_quiet,
)  # fmt: skip
from shared.job import Status  # noqa: E402
from shared.queue.redis_queue import RedisQueue  # noqa: E402
from tests.usage import PeakGroupRss, children_of, cpu_seconds, group_rss_mb  # noqa: E402

CONFIGS: dict[str, dict[str, str | int]] = {
    "off": {"ANALYSIS_SANDBOX": "false", "CPU_THREADS": 1},
    "on_1_process": {"ANALYSIS_SANDBOX": "true", "ANALYSIS_PROCESSES": 1},
    "on_2_processes": {"ANALYSIS_SANDBOX": "true", "ANALYSIS_PROCESSES": 2},
}
TARGETS = {"throughput_vs_reference_min": 0.9, "small_report_p50_ms_added_max": 2.0, "bomb_fails_within_s": 10.0}


async def _wait_done(queue: RedisQueue, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        stats = await queue.stats(worker_window_ms=60_000)
        if stats.counters.get("completed", 0) + stats.counters.get("failed", 0) >= count:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{count} jobs did not finish in {timeout:g} s")
        await asyncio.sleep(0.01)


async def _one_latency(client: aioredis.Redis, queue: RedisQueue, pdf: bytes) -> float:
    job_id = secrets.token_hex(16)
    pubsub = client.pubsub()
    await pubsub.subscribe(queue.keys.events(job_id))
    try:
        t = time.perf_counter()
        await queue.enqueue(pdf, job_id=job_id)
        while time.perf_counter() - t < 30:
            # None also after the (ignored) subscribe confirmation: keep waiting
            msg = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if msg is not None and json.loads(msg["data"]).get("status") in ("completed", "failed"):
                return (time.perf_counter() - t) * 1000
        raise TimeoutError("the job did not finish within 30 s")
    finally:
        await pubsub.aclose()


def group_cpu_seconds(pid: int) -> float:
    """CPU time of the worker process and its live children (the sandbox processes)."""
    return cpu_seconds([pid, *children_of(pid)])


async def measure_config(url: str, prefix: str, pdfs: list[bytes], reports: int, latency_reports: int,
                         worker_pid: int) -> dict[str, Any]:
    client = aioredis.Redis.from_url(url)
    queue = RedisQueue(client, prefix=prefix, max_queue_size=10**7)
    try:
        while (await queue.stats(worker_window_ms=10_000)).workers_alive < 1:
            await asyncio.sleep(0.05)
        for pdf in pdfs:  # warm-up: the sandbox processes' first reports, the worker's imports
            await queue.enqueue(pdf)
        await _wait_done(queue, len(pdfs), 120)
        done = len(pdfs)
        cpu = group_cpu_seconds(worker_pid)
        t = time.perf_counter()
        for start in range(0, reports, 32):  # 32 enqueues in flight: far faster than the worker drains them
            await asyncio.gather(*(queue.enqueue(pdfs[i % len(pdfs)]) for i in range(start, min(reports, start + 32))))
        await _wait_done(queue, done + reports, reports + 120)
        per_s = reports / (time.perf_counter() - t)
        cpu_ms = (group_cpu_seconds(worker_pid) - cpu) * 1000 / reports
        failed = (await queue.stats(worker_window_ms=60_000)).counters.get("failed", 0)
        small = min(pdfs, key=len)
        latencies = sorted([await _one_latency(client, queue, small) for _ in range(latency_reports)])
        return {"reports_per_s": round(per_s, 1), "cpu_ms_per_report": round(cpu_ms, 2), "failed": failed,
                "small_report_p50_ms": round(statistics.median(latencies), 2),
                "small_report_p90_ms": round(percentile(latencies, 90) or 0, 2)}  # fmt: skip
    finally:
        await client.aclose()


async def hostile(url: str, prefix: str, pgid: int, good_pdf: bytes) -> dict[str, Any]:
    from tests.analysis.bombs import flate_bomb

    client = aioredis.Redis.from_url(url)
    queue = RedisQueue(client, prefix=prefix)
    out: dict[str, Any] = {}
    try:
        while (await queue.stats(worker_window_ms=10_000)).workers_alive < 1:
            await asyncio.sleep(0.05)
        for _ in range(3):  # warm-up
            await queue.enqueue(good_pdf, owner="key-b")
        await _wait_done(queue, 3, 60)
        await asyncio.sleep(0.5)
        baseline = max(group_rss_mb(pgid) for _ in range(5))
        out["group_rss_baseline_mb"] = round(baseline, 1)
        out["good_report_alone_ms"] = [round(await _one_latency(client, queue, good_pdf), 1) for _ in range(5)]
        for name, bomb in (("bomb", flate_bomb(2 << 30)), ("hidden_bomb", flate_bomb(2 << 30, encrypted=True))):
            sampler = PeakGroupRss(pgid)
            sampler.start()
            ids = [(await queue.enqueue(bomb, owner="key-a")).job_id]
            ids += [(await queue.enqueue(good_pdf, owner="key-b")).job_id for _ in range(3)]
            deadline = time.monotonic() + 60
            while True:
                records = [(await queue.get(i))[0] for i in ids]
                if all(r.status.terminal for r in records) or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.01)
            sampler.done.set()
            sampler.join()
            ms = [(r.finished_at or 0) - r.created_at for r in records]
            out[name] = {
                "status": records[0].status.value, "attempts": records[0].attempts, "error": records[0].error,
                "ended_after_ms": ms[0], "good_ended_after_ms": ms[1:],
                "good_first_attempt": all(r.status is Status.COMPLETED and r.attempts == 1 for r in records[1:]),
                "group_rss_peak_mb": round(sampler.peak, 1), "group_rss_above_baseline_mb": round(sampler.peak - baseline, 1),
            }  # fmt: skip
            await asyncio.sleep(1.0)  # the replaced sandbox process is back
        return out
    finally:
        await client.aclose()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="1 run, 40 reports, 10 latency reports")
    p.add_argument("--runs", type=int, help="runs; medians reported (3; quick 1)")
    p.add_argument("--reports", type=int, help="reports per throughput measurement (300; quick 40)")
    p.add_argument("--latency-reports", type=int, help="one-at-a-time reports per latency measurement (60; quick 10)")
    p.add_argument("--quiet-wait", type=float, help="before each run wait up to this many s for other processes to use "
                   "< 25%% of the CPU (30; quick 0)")  # fmt: skip
    p.add_argument("--baseline", type=Path, help="a checkout of the code before the sandbox, run as config 'before'")
    p.add_argument("--json-out", help="also write the JSON here")
    a = p.parse_args(argv)
    a.runs = a.runs or (1 if a.quick else 3)
    a.reports = a.reports or (40 if a.quick else 300)
    a.latency_reports = a.latency_reports or (10 if a.quick else 60)
    a.quiet_wait = a.quiet_wait if a.quiet_wait is not None else (0.0 if a.quick else 30.0)
    return a


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-sandbox-"))
    pdfs = [p.read_bytes() for p in corpus_pdfs()]
    result: dict[str, Any] = {
        "benchmark": "sandbox", "targets": TARGETS,
        "config": {"runs": a.runs, "reports": a.reports, "latency_reports": a.latency_reports, "quick": a.quick,
                   "configs": CONFIGS, "worker_env": {"WORKER_COUNT": 1, "WORKER_CONCURRENCY": "default (4)"},
                   "corpus": [p.name for p in corpus_pdfs()], "small_report_bytes": min(len(p) for p in pdfs)},
    }  # fmt: skip
    runs: list[dict[str, Any]] = []
    ok = True
    configs = {**({"before": {}} if a.baseline else {}), **CONFIGS}
    with private_redis() as server:
        result["machine"] = machine_info(redis_version(server.url))
        redis_pid = server.process.pid if server.process else os.getpid()
        try:
            names = list(configs)
            for i in range(a.runs):
                run: dict[str, Any] = {"quiet": wait_quiet(0.25, a.quiet_wait, [redis_pid])}
                for name in names[i % len(names):] + names[: i % len(names)]:
                    prefix = f"sbx{i}{name}"
                    env = bench_env(server.url, WORKER_COUNT=1, KEY_PREFIX=prefix, WORKER_NICE=0, **configs[name])
                    script = (a.baseline if name == "before" else Path(".")) / "worker_service.py"
                    worker = start([sys.executable, str(script)], env, workdir / f"{prefix}.log")
                    try:
                        run[name] = asyncio.run(measure_config(server.url, prefix, pdfs, a.reports, a.latency_reports,
                                                               worker.pid))  # fmt: skip
                    finally:
                        stop(worker)
                    log(f"run {i + 1}/{a.runs} {name}: {run[name]}")
                runs.append(run)
            prefix = "sbxhostile"
            env = bench_env(server.url, WORKER_COUNT=1, KEY_PREFIX=prefix, WORKER_NICE=0)
            worker = start([sys.executable, "worker_service.py"], env, workdir / "hostile.log")
            try:
                result["hostile"] = asyncio.run(hostile(server.url, prefix, worker.pid, min(pdfs, key=len)))
            finally:
                stop(worker)
            log(f"hostile: {result['hostile']}")
        except Exception as exc:  # noqa: BLE001 - recorded, exit status 1
            ok = False
            result["error"] = f"{type(exc).__name__}: {exc}"
            log(f"error: {exc}")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    if runs:
        summary: dict[str, Any] = {}
        for name in configs:
            summary[name] = {k: round(statistics.median(r[name][k] for r in runs), 2)
                             for k in ("reports_per_s", "cpu_ms_per_report", "small_report_p50_ms",
                                       "small_report_p90_ms")}  # fmt: skip
        reference = "before" if a.baseline else "off"
        result["compared_with"] = reference
        off = summary[reference]
        for name in ("on_1_process", "on_2_processes"):
            on = summary[name]
            on["throughput_vs_reference"] = round(on["reports_per_s"] / off["reports_per_s"], 3)
            on["cpu_per_report_vs_reference"] = round(on["cpu_ms_per_report"] / off["cpu_ms_per_report"], 3)
            on["small_report_p50_ms_added"] = round(on["small_report_p50_ms"] - off["small_report_p50_ms"], 2)
            on["meets_throughput_target"] = on["throughput_vs_reference"] >= TARGETS["throughput_vs_reference_min"]
            on["meets_latency_target"] = on["small_report_p50_ms_added"] <= TARGETS["small_report_p50_ms_added_max"]
        result["summary"] = summary
    result["runs"] = runs
    result["loadavg_at_end"] = loadavg()
    emit(result, a.json_out)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
