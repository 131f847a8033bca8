#!/usr/bin/env python
"""Embedded mode's responsiveness: /health and /status latency while its worker analyses reports.

    .venv/bin/python bench/embedded.py [--quick] [--runs 3] [--json-out PATH]

The API as a process (`uvicorn api.main:app`, no REDIS_URL: the in-memory queue and one embedded
worker, WORKER_CONCURRENCY=4, CPU_THREADS=1), the 4 largest corpus reports submitted twice; two
clients GET /health and /status in a loop until all 8 are done (busy), then for 2 s more (idle, the
baseline of the same run). Target (seed 000): p99 under 50 ms while busy, on a quiet machine.
tests/test_embedded.py runs the same probes and holds the busy p99 against the idle one.

Prints one JSON object: per run the probes' count, p50 and p99 (ms) busy and idle, the machine's load.
"""

from __future__ import annotations

import os
import sys

sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the repo root, not bench/

import argparse  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402

from bench.common import bench_env, corpus_pdfs, emit, log, machine_info, median, start, stop  # noqa: E402
from tests.procs import wait_http  # noqa: E402
from tests.redis_server import free_port  # noqa: E402
from tests.usage import loadavg  # noqa: E402

TARGET_P99_MS = 50.0
API_ENV: dict[str, str | int | float] = {"EMBEDDED_WORKERS": 1, "WORKER_CONCURRENCY": 4, "CPU_THREADS": 1,
                                         "RATE_LIMIT_PER_MINUTE": 0}  # fmt: skip


def probe(base: str, paths: list[str], stop_probing: threading.Event, threads: int = 2) -> list[float]:
    """Latencies (ms) of GETs to `paths`, from `threads` clients in a loop, until `stop_probing` is set."""
    latencies: list[float] = []

    def run() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            while not stop_probing.is_set():
                for path in paths:
                    t = time.perf_counter()
                    assert c.get(path).status_code == 200
                    latencies.append((time.perf_counter() - t) * 1000)
                time.sleep(0.002)

    clients = [threading.Thread(target=run) for _ in range(threads)]
    for client in clients:
        client.start()
    stop_probing.wait()
    for client in clients:
        client.join()
    return latencies


def p99(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98]


def submit_and_probe(base: str, reports: list[Path], timeout: float = 240, idle_s: float = 2.0) -> dict[str, Any]:
    """Submit `reports`, probe until every job ended (busy), then `idle_s` more (idle)."""
    with httpx.Client(base_url=base, timeout=30) as http:
        ids = [http.post("/analyze-async", files={"file": (p.name, p.read_bytes(), "application/pdf")}).json()["job_id"]
               for p in reports]  # fmt: skip
        paths = ["/health", f"/status/{ids[-1]}"]
        done = threading.Event()
        busy: list[float] = []
        prober = threading.Thread(target=lambda: busy.extend(probe(base, paths, done)))
        prober.start()
        deadline = time.monotonic() + timeout
        statuses: list[str] = []
        try:
            while time.monotonic() < deadline:
                statuses = [http.get(f"/status/{i}").json()["status"] for i in ids]
                if all(s in ("completed", "failed") for s in statuses):
                    break
                time.sleep(0.2)
        finally:
            done.set()
            prober.join()
        enough = threading.Event()
        threading.Timer(idle_s, enough.set).start()
        idle = probe(base, paths, enough)
    return {"ids": ids, "statuses": statuses, "busy": busy, "idle": idle}


def summary(latencies: list[float]) -> dict[str, Any]:
    return {"probes": len(latencies), "p50_ms": round(statistics.median(latencies), 1), "p99_ms": round(p99(latencies), 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="one run")
    p.add_argument("--runs", type=int, help="runs (3; quick 1)")
    p.add_argument("--json-out")
    a = p.parse_args(argv)
    runs = a.runs or (1 if a.quick else 3)
    reports = sorted(corpus_pdfs(), key=lambda path: path.stat().st_size, reverse=True)[:4] * 2
    result: dict[str, Any] = {"benchmark": "embedded", "machine": machine_info(), "target_p99_ms": TARGET_P99_MS,
                              "config": {"runs": runs, "quick": a.quick, "api_env": API_ENV,
                                         "reports": [path.name for path in reports]}, "runs": []}  # fmt: skip
    workdir = Path(tempfile.mkdtemp(prefix="bench-embedded-"))
    for i in range(runs):
        port = free_port()
        api = start([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)],
                    bench_env(None, **API_ENV), workdir / f"api{i}.log")  # fmt: skip
        try:
            wait_http(f"http://127.0.0.1:{port}/health", 60, api)
            got = submit_and_probe(f"http://127.0.0.1:{port}", reports)
        finally:
            stop(api)
        run = {"busy": summary(got["busy"]), "idle": summary(got["idle"]), "statuses": got["statuses"], "loadavg_after": loadavg()}
        log(f"run {i + 1}: busy p99 {run['busy']['p99_ms']} ms, idle p99 {run['idle']['p99_ms']} ms")
        result["runs"].append(run)
    busy_p99 = median([r["busy"]["p99_ms"] for r in result["runs"]])
    result["median"] = {"busy_p99_ms": busy_p99, "idle_p99_ms": median([r["idle"]["p99_ms"] for r in result["runs"]])}
    result["meets_target"] = busy_p99 is not None and busy_p99 < TARGET_P99_MS
    emit(result, a.json_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
