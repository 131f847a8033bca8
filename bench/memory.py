#!/usr/bin/env python
"""Memory benchmark: process RSS of the API and a worker, and Redis memory per job.

    .venv/bin/python bench/memory.py [--quick] [--runs 3] [--json-out PATH]

Per run, against a private redis-server (fresh processes each run):
- API: `uvicorn api.main:app` with REDIS_URL set, idle; VmRSS from /proc/<pid>/status after
  --idle seconds (3) past its first 200 on /health.
- worker: `python worker_service.py` with WORKER_COUNT=1 (the process itself is the worker;
  default WORKER_CONCURRENCY 4, CPU_THREADS 1), idle --idle s after its first heartbeat; then
  it runs --analyses (100) real analyses of the corpus PDFs (cycled), and VmRSS (and VmHWM, the
  peak) is read again once the last one completed.
- Redis, with `MEMORY USAGE <key> SAMPLES 0` (every field counted):
  * a queued job: the job hash and the pdf key, with the 100 KB PDF (bench/common.py padded_pdf)
    and with an empty payload; both enqueued through RedisQueue.enqueue with the fields the API
    sets (query, filename), no worker running;
  * the per-job share of the queue and index sorted sets: --zset-jobs (1,000) empty-payload jobs
    enqueued on a flushed server: (INFO used_memory after - before) / N is the total per job; the
    zsets' own MEMORY USAGE / N is their share; the rest is the job hashes and pdf keys;
  * a finished job: a completed `noop` job (its pdf key is gone: checked), and each of the
    completed real analyses above (the hash carries the result JSON), with a field-by-field
    breakdown of the median one (what dominates).
Each figure is the median over the runs (within a run, sizes over jobs are the lower median: a real job's size) (3; --quick: 1 run, 1 s idle, 10 analyses, 100 zset jobs).
Prints one JSON object.
"""

from __future__ import annotations

import os
import sys

# Run as `python bench/memory.py`, this folder comes first on sys.path, where bench/queue.py
# would shadow the standard library's `queue` (asyncio and redis-py import it): use the repo root.
sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from bench.common import (  # noqa: E402
    bench_env,
    corpus_pdfs,
    emit,
    loadavg,
    log,
    machine_info,
    median,
    padded_pdf,
    private_redis,
    redis_version,
    start,
    stop,
    wait_quiet,
)  # fmt: skip
from tests.procs import wait_http  # noqa: E402
from tests.redis_server import free_port  # noqa: E402
from tests.usage import children_of, rss_kib  # noqa: E402

TARGETS = {"idle_worker_rss_mb_max": 80, "finished_job_bytes_max": 4096}
QUERY = "Summarise my blood test report"  # what the API stores when the form has no query


def _mb(kib: int | None) -> float | None:
    return None if kib is None else round(kib / 1024, 1)


def _queue(url: str) -> Any:
    import redis.asyncio as aioredis

    from shared.queue.redis_queue import RedisQueue

    return RedisQueue(aioredis.Redis.from_url(url), max_queue_size=10**7)


async def _wait(url: str, pred: Any, timeout: float, what: str, proc: Any = None) -> Any:
    queue = _queue(url)
    t0 = time.monotonic()
    try:
        while True:
            stats = await queue.stats(worker_window_ms=15_000)
            if pred(stats):
                return stats
            if proc is not None and proc.popen.poll() is not None:
                raise RuntimeError(f"process exited while waiting for {what}: {proc.log()[-2000:]}")
            if time.monotonic() - t0 > timeout:
                raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
            await asyncio.sleep(0.05)
    finally:
        await queue.close()


async def _enqueue(url: str, payloads: list[tuple[bytes, str, str | None]], kind: str) -> list[str]:
    queue = _queue(url)
    try:
        return [(await queue.enqueue(pdf, kind=kind, query=QUERY, filename=name)).job_id for pdf, name, _ in payloads]
    finally:
        await queue.close()


def _sync(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url)


def _usage(r: Any, key: str) -> int:
    return int(r.memory_usage(key, samples=0) or 0)


def _job_breakdown(r: Any, prefix: str, job_id: str) -> dict[str, Any]:
    key = f"{{{prefix}}}:job:{job_id}"
    fields = {k.decode(): len(v) for k, v in r.hgetall(key).items()}
    total_values = sum(fields.values())
    top = sorted(fields.items(), key=lambda kv: -kv[1])[:6]
    return {
        "memory_usage_bytes": _usage(r, key),
        "encoding": r.object("encoding", key).decode() if r.exists(key) else None,
        "fields": len(fields),
        "value_bytes_total": total_values,
        "largest_values": dict(top),
        "ttl_s": r.ttl(key),
    }


def _children_rss_mb(pid: int) -> float | None:
    """VmRSS of a worker's sandbox processes (its children), summed."""
    kib = [rss_kib(child)["VmRSS"] for child in children_of(pid)]
    return _mb(sum(k for k in kib if k)) if kib else None


def one_run(url: str, a: argparse.Namespace, workdir: Path, run_no: int, redis_pid: int) -> dict[str, Any]:
    prefix = "bta"
    r = _sync(url)
    r.flushall()
    out: dict[str, Any] = {"quiet": wait_quiet(0.25, a.quiet_wait, [redis_pid])}
    corpus = corpus_pdfs()
    api = worker = None
    try:
        # ---------------------------------------------------------------- idle API
        port = free_port()
        api = start([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)],
                    bench_env(url), workdir / f"api-{run_no}.log")  # fmt: skip
        wait_http(f"http://127.0.0.1:{port}/health", 60, api)
        time.sleep(a.idle)
        rss = rss_kib(api.pid)
        out["api_idle_rss_mb"], out["api_idle_hwm_mb"] = _mb(rss["VmRSS"]), _mb(rss["VmHWM"])
        stop(api)
        api = None

        # ---------------------------------------------------------------- idle worker, then after analyses
        worker = start([sys.executable, "worker_service.py"], bench_env(url, WORKER_COUNT=1), workdir / f"worker-{run_no}.log")
        asyncio.run(_wait(url, lambda s: s.workers_alive >= 1, 60, "the worker's heartbeat", worker))
        time.sleep(a.idle)
        rss = rss_kib(worker.pid)
        out["worker_idle_rss_mb"], out["worker_idle_hwm_mb"] = _mb(rss["VmRSS"]), _mb(rss["VmHWM"])
        out["sandbox_idle_rss_mb"] = _children_rss_mb(worker.pid)
        jobs = [(corpus[i % len(corpus)].read_bytes(), corpus[i % len(corpus)].name, None) for i in range(a.analyses)]
        t0 = time.perf_counter()
        ids = asyncio.run(_enqueue(url, jobs, "analyze"))
        stats = asyncio.run(_wait(url, lambda s: s.counters.get("completed", 0) + s.counters.get("failed", 0) >= a.analyses,
                                  a.analyses * 5 + 60, f"{a.analyses} analyses", worker))  # fmt: skip
        out["analyses_seconds"] = round(time.perf_counter() - t0, 2)
        out["analyses_failed"] = stats.counters.get("failed", 0)
        time.sleep(0.5)
        rss = rss_kib(worker.pid)
        out["worker_after_rss_mb"], out["worker_after_hwm_mb"] = _mb(rss["VmRSS"]), _mb(rss["VmHWM"])
        out["sandbox_after_rss_mb"] = _children_rss_mb(worker.pid)
        out["worker_rss_growth_mb"] = round(out["worker_after_rss_mb"] - out["worker_idle_rss_mb"], 1)

        # ---------------------------------------------------------------- finished jobs
        per_job = []
        for job_id, (_, name, _) in zip(ids, jobs, strict=True):
            b = _job_breakdown(r, prefix, job_id)
            b["file"] = name
            b["pdf_key_exists"] = bool(r.exists(f"{{{prefix}}}:pdf:{job_id}"))
            per_job.append(b)
        sizes = sorted(b["memory_usage_bytes"] for b in per_job)
        mid = sorted(per_job, key=lambda b: b["memory_usage_bytes"])[(len(per_job) - 1) // 2]  # the lower median job
        by_file: dict[str, list[int]] = {}
        for b in per_job:
            by_file.setdefault(b["file"], []).append(b["memory_usage_bytes"])
        out["finished_analysis"] = {
            "median_bytes": statistics.median_low(sizes), "min_bytes": sizes[0], "max_bytes": sizes[-1],
            "by_file_bytes": {k: statistics.median(v) for k, v in sorted(by_file.items())},
            "median_job": mid,
            "result_share_of_values": round(mid["largest_values"].get("result", 0) / max(1, mid["value_bytes_total"]), 3),
            "pdf_keys_left": sum(b["pdf_key_exists"] for b in per_job),
        }  # fmt: skip
        noop_ids = asyncio.run(_enqueue(url, [(b"", "report.pdf", None)] * a.noops, "noop"))
        asyncio.run(_wait(url, lambda s: s.counters.get("completed", 0) >= a.analyses - out["analyses_failed"] + a.noops,
                          60, "the noop jobs", worker))  # fmt: skip
        noop = [_job_breakdown(r, prefix, i) for i in noop_ids]
        out["finished_noop"] = {
            "median_bytes": statistics.median_low([b["memory_usage_bytes"] for b in noop]),
            "example": noop[0],
            "pdf_keys_left": sum(bool(r.exists(f"{{{prefix}}}:pdf:{i}")) for i in noop_ids),
        }
        stop(worker)
        worker = None

        # ---------------------------------------------------------------- queued jobs (no worker)
        r.flushall()
        big, _ = padded_pdf()
        queued = {}
        for label, payload in (("pdf_100kb", big), ("empty_payload", b"")):
            (job_id,) = asyncio.run(_enqueue(url, [(payload, "report.pdf", None)], "analyze"))
            job_bytes = _usage(r, f"{{{prefix}}}:job:{job_id}")
            pdf_bytes = _usage(r, f"{{{prefix}}}:pdf:{job_id}")
            queued[label] = {"payload_bytes": len(payload), "job_hash_bytes": job_bytes, "pdf_key_bytes": pdf_bytes,
                             "total_bytes": job_bytes + pdf_bytes,
                             "job_hash_encoding": r.object("encoding", f"{{{prefix}}}:job:{job_id}").decode()}  # fmt: skip
        out["queued_job"] = queued

        r.flushall()
        # Create the fixed keys first (stats, seq, wake, ...) so the difference is only per-job memory.
        asyncio.run(_enqueue(url, [(b"", "report.pdf", None)], "noop"))
        before = int(r.info("memory")["used_memory"])
        q_before, i_before = _usage(r, f"{{{prefix}}}:queue"), _usage(r, f"{{{prefix}}}:index")
        ids = asyncio.run(_enqueue(url, [(b"", "report.pdf", None)] * a.zset_jobs, "noop"))
        after = int(r.info("memory")["used_memory"])
        q_after, i_after = _usage(r, f"{{{prefix}}}:queue"), _usage(r, f"{{{prefix}}}:index")
        hashes = sum(_usage(r, f"{{{prefix}}}:job:{i}") + _usage(r, f"{{{prefix}}}:pdf:{i}") for i in ids)
        n = a.zset_jobs
        out["per_job_in_queue"] = {
            "jobs": n,
            "used_memory_delta_per_job": round((after - before) / n, 1),
            "queue_zset_per_job": round((q_after - q_before) / n, 1),
            "index_zset_per_job": round((i_after - i_before) / n, 1),
            "job_hash_and_pdf_key_per_job": round(hashes / n, 1),
            "queue_zset_encoding": r.object("encoding", f"{{{prefix}}}:queue").decode(),
        }
        out["per_job_in_queue"]["other_per_job"] = round(
            out["per_job_in_queue"]["used_memory_delta_per_job"]
            - out["per_job_in_queue"]["queue_zset_per_job"]
            - out["per_job_in_queue"]["index_zset_per_job"]
            - out["per_job_in_queue"]["job_hash_and_pdf_key_per_job"],
            1,
        )
        out["loadavg_after"] = loadavg()
    finally:
        stop(worker)
        stop(api)
        r.close()
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="1 run, 1 s idle, 10 analyses, 100 zset jobs")
    p.add_argument("--runs", type=int, help="runs; medians reported (3; quick 1)")
    p.add_argument("--idle", type=float, help="seconds idle before reading RSS (3; quick 1)")
    p.add_argument("--analyses", type=int, help="real analyses the worker runs before its RSS is read again (100; quick 10)")
    p.add_argument("--zset-jobs", type=int, help="jobs enqueued for the used_memory difference (1000; quick 100)")
    p.add_argument("--noops", type=int, default=20, help="completed noop jobs measured (20)")
    p.add_argument("--quiet-wait", type=float, help="before each run wait up to this many s for other processes to use "
                   "< 25%% of the CPU (30; quick 0)")  # fmt: skip
    p.add_argument("--json-out", help="also write the JSON here")
    a = p.parse_args(argv)
    a.runs = a.runs or (1 if a.quick else 3)
    a.idle = a.idle if a.idle is not None else (1.0 if a.quick else 3.0)
    a.analyses = a.analyses or (10 if a.quick else 100)
    a.zset_jobs = a.zset_jobs or (100 if a.quick else 1000)
    a.quiet_wait = a.quiet_wait if a.quiet_wait is not None else (0.0 if a.quick else 30.0)
    return a


def _med(runs: list[dict[str, Any]], *path: str) -> float | None:
    vals = []
    for r in runs:
        v: Any = r
        for k in path:
            v = v.get(k) if isinstance(v, dict) else None
        vals.append(v)
    return median(vals)


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    result: dict[str, Any] = {
        "benchmark": "memory", "targets": TARGETS,
        "config": {"runs": a.runs, "idle_s": a.idle, "analyses": a.analyses, "zset_jobs": a.zset_jobs, "noops": a.noops,
                   "quick": a.quick, "worker_env": {"WORKER_COUNT": 1, "WORKER_CONCURRENCY": "default (4)", "CPU_THREADS": "default (1)"},
                   "pdf": padded_pdf()[1], "corpus": [p.name for p in corpus_pdfs()]},
    }  # fmt: skip
    ok = True
    runs: list[dict[str, Any]] = []
    with private_redis() as server:
        result["machine"] = machine_info(redis_version(server.url))
        redis_pid = server.process.pid if server.process else os.getpid()
        try:
            for i in range(a.runs):
                log(f"memory run {i + 1}/{a.runs}")
                run = one_run(server.url, a, workdir, i, redis_pid)
                runs.append(run)
                log(f"  API idle {run['api_idle_rss_mb']} MB, worker idle {run['worker_idle_rss_mb']} MB, after "
                    f"{a.analyses} analyses {run['worker_after_rss_mb']} MB; finished analysis "
                    f"{run['finished_analysis']['median_bytes']} B, noop {run['finished_noop']['median_bytes']} B")  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - recorded, exit status 1
            ok = False
            result["error"] = f"{type(exc).__name__}: {exc}"
            log(f"error: {exc}")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    if runs:
        summary = {
            "api_idle_rss_mb": _med(runs, "api_idle_rss_mb"),
            "worker_idle_rss_mb": _med(runs, "worker_idle_rss_mb"),
            "worker_after_analyses_rss_mb": _med(runs, "worker_after_rss_mb"),
            "worker_after_analyses_hwm_mb": _med(runs, "worker_after_hwm_mb"),
            "sandbox_idle_rss_mb": _med(runs, "sandbox_idle_rss_mb"),
            "sandbox_after_analyses_rss_mb": _med(runs, "sandbox_after_rss_mb"),
            "queued_job_100kb_pdf_bytes": _med(runs, "queued_job", "pdf_100kb", "total_bytes"),
            "queued_job_100kb_pdf_hash_bytes": _med(runs, "queued_job", "pdf_100kb", "job_hash_bytes"),
            "queued_job_100kb_pdf_key_bytes": _med(runs, "queued_job", "pdf_100kb", "pdf_key_bytes"),
            "queued_job_empty_bytes": _med(runs, "queued_job", "empty_payload", "total_bytes"),
            "queued_job_empty_hash_bytes": _med(runs, "queued_job", "empty_payload", "job_hash_bytes"),
            "queued_job_empty_pdf_key_bytes": _med(runs, "queued_job", "empty_payload", "pdf_key_bytes"),
            "per_job_used_memory_delta_bytes": _med(runs, "per_job_in_queue", "used_memory_delta_per_job"),
            "per_job_queue_zset_bytes": _med(runs, "per_job_in_queue", "queue_zset_per_job"),
            "per_job_index_zset_bytes": _med(runs, "per_job_in_queue", "index_zset_per_job"),
            "finished_noop_bytes": _med(runs, "finished_noop", "median_bytes"),
            "finished_analysis_bytes": _med(runs, "finished_analysis", "median_bytes"),
            "finished_analysis_max_bytes": _med(runs, "finished_analysis", "max_bytes"),
        }
        summary["meets_idle_worker_target"] = (summary["worker_idle_rss_mb"] or 1e9) < TARGETS["idle_worker_rss_mb_max"]
        summary["meets_finished_noop_target"] = (summary["finished_noop_bytes"] or 1e9) < TARGETS["finished_job_bytes_max"]
        summary["meets_finished_analysis_target"] = (summary["finished_analysis_bytes"] or 1e9) < TARGETS[
            "finished_job_bytes_max"
        ]
        mid = runs[len(runs) // 2]["finished_analysis"]
        largest = ", ".join(f"{k} {v:,} B" for k, v in mid["median_job"]["largest_values"].items())
        summary["finished_analysis_dominated_by"] = (
            f"the result JSON: {mid['result_share_of_values']:.0%} of the median job hash's value bytes "
            f"(largest fields: {largest})"
        )
        result["summary"] = summary
    result["runs"] = runs
    result["loadavg_at_end"] = loadavg()
    emit(result, a.json_out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
