#!/usr/bin/env python
"""Export benchmark: what GET /jobs/{id}/fhir and /jobs/{id}/csv cost over GET /status/{id}.

    .venv/bin/python bench/exports.py [--quick] [--markers 70] [--rounds 400] [--json-out PATH]

A private redis-server and the real API process (`uvicorn api.main:app`, REDIS_URL set, no
worker). One completed job is written through the queue protocol (enqueue, claim, complete)
with a real analysis result of --markers (70) biomarkers: the corpus reports' results, analysed
locally, joined until there are enough. One client then asks, --rounds times in turn, for
/status (the baseline, measured in the same run), /fhir and /csv of that job, one request at a
time over a kept-alive connection, and records each request's wall time.

Prints one JSON object: per endpoint the median (p50), p90 and p99 in ms, and the medians'
difference to /status (the target: < 5 ms at p50). Also the export functions alone, in process
(median ms per call), so the HTTP figures can be read against the work itself.
"""

from __future__ import annotations

import os
import sys

sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the repo root, not bench/

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402
import redis.asyncio as aioredis  # noqa: E402

from bench.common import (  # noqa: E402
    bench_env,
    corpus_pdfs,
    emit,
    log,
    machine_info,
    median,
    percentile,
    private_redis,
    redis_version,
    start,
    stop,
)
from shared.analysis.pipeline import analyze_pdf  # noqa: E402
from shared.export import fhir, table  # noqa: E402
from shared.export.stored import exportable  # noqa: E402
from shared.job import encode_result  # noqa: E402
from shared.queue.redis_queue import Completion, RedisQueue  # noqa: E402
from tests.procs import wait_http  # noqa: E402
from tests.redis_server import free_port  # noqa: E402

ENDPOINTS = ("status", "fhir", "csv")


def big_result(markers: int) -> dict[str, Any]:
    """A real analysis result with `markers` biomarkers: the first report's result, its biomarkers
    topped up with the other reports' (in corpus order) and cut to `markers`."""
    results = []
    for pdf in corpus_pdfs():
        try:
            results.append(analyze_pdf(pdf.read_bytes()))
        except Exception:  # refused reports have no result
            continue
        if sum(len(r["biomarkers"]) for r in results) >= markers:
            break
    base = results[0]
    base["biomarkers"] = [b for r in results for b in r["biomarkers"]][:markers]
    if len(base["biomarkers"]) < markers:
        raise SystemExit(f"the corpus has only {len(base['biomarkers'])} biomarkers")
    return base


async def completed_job(redis_url: str, result: dict[str, Any]) -> str:
    queue = RedisQueue(aioredis.Redis.from_url(redis_url), lease_seconds=30)
    try:
        enqueued = await queue.enqueue(b"%PDF-1.4 bench", query="bench", filename="bench.pdf",
                                       patient_reference="Patient/bench")  # fmt: skip
        (job,) = await queue.claim("bench-worker", 1)
        await queue.complete([Completion(job.id, job.token, "completed", encode_result(result))])
        record, _ = await queue.get(enqueued.job_id)
        assert record.status.value == "completed", record.status
        return enqueued.job_id
    finally:
        await queue.close()


def timed_requests(url: str, job_id: str, rounds: int) -> dict[str, list[float]]:
    paths = {"status": f"/status/{job_id}", "fhir": f"/jobs/{job_id}/fhir", "csv": f"/jobs/{job_id}/csv"}
    times: dict[str, list[float]] = {name: [] for name in ENDPOINTS}
    with httpx.Client(base_url=url, timeout=30) as client:
        for path in paths.values():  # warm-up: connection, caches, first imports
            for _ in range(20):
                client.get(path).raise_for_status()
        for _ in range(rounds):
            for name, path in paths.items():  # in turn, so load changes hit every endpoint alike
                t0 = time.perf_counter()
                r = client.get(path)
                elapsed = (time.perf_counter() - t0) * 1000
                r.raise_for_status()
                times[name].append(elapsed)
    return times


def in_process(result: dict[str, Any], job_id: str, calls: int) -> dict[str, float | None]:
    """The export work alone: reading the stored result, building, serialising."""
    def fhir_once() -> None:
        body = fhir.bundle(exportable(result), fhir.ExportContext(job_id=job_id, patient_reference="Patient/bench"))
        json.dumps(body, ensure_ascii=False, separators=(",", ":"))

    def csv_once() -> None:
        table.to_csv(exportable(result))

    out: dict[str, float | None] = {}
    for name, fn in (("fhir", fhir_once), ("csv", csv_once)):
        fn()
        samples = []
        for _ in range(calls):
            t0 = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t0) * 1000)
        out[f"{name}_ms_p50"] = round(median(samples) or 0.0, 3)
    return out


def summary(samples: list[float]) -> dict[str, float | None]:
    s = sorted(samples)
    return {"p50_ms": round(median(s) or 0.0, 3), "p90_ms": percentile(s, 90), "p99_ms": percentile(s, 99),
            "n": len(s)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="100 rounds")
    ap.add_argument("--markers", type=int, default=70)
    ap.add_argument("--rounds", type=int, default=400)
    ap.add_argument("--json-out")
    args = ap.parse_args()
    rounds = 100 if args.quick else args.rounds
    log(f"analysing corpus reports for a {args.markers}-marker result")
    result = big_result(args.markers)
    tmp = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    api = None
    try:
        with private_redis() as redis_server:
            job_id = asyncio.run(completed_job(redis_server.url, result))
            port = free_port()
            api = start([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)],
                        bench_env(redis_server.url), tmp / "api.log")  # fmt: skip
            url = f"http://127.0.0.1:{port}"
            wait_http(f"{url}/health", proc=api)
            log(f"{rounds} rounds of /status, /fhir, /csv")
            times = timed_requests(url, job_id, rounds)
            sizes = {name: len(httpx.get(f"{url}{path}").content) for name, path in
                     (("status", f"/status/{job_id}"), ("fhir", f"/jobs/{job_id}/fhir"), ("csv", f"/jobs/{job_id}/csv"))}
            machine = machine_info(redis_version(redis_server.url))
    finally:
        stop(api)
        shutil.rmtree(tmp, ignore_errors=True)
    stats = {name: {**summary(times[name]), "bytes": sizes[name]} for name in ENDPOINTS}
    base = stats["status"]["p50_ms"] or 0.0
    over = {name: round((stats[name]["p50_ms"] or 0.0) - base, 3) for name in ("fhir", "csv")}
    emit({
        "benchmark": "exports",
        "markers": args.markers,
        "rounds": rounds,
        "endpoints": stats,
        "p50_over_status_ms": over,
        "target_p50_over_status_ms": 5.0,
        "meets_target": all(v < 5.0 for v in over.values()),
        "in_process": in_process(result, job_id, 200),
        "machine": machine,
    }, args.json_out)


if __name__ == "__main__":
    main()
