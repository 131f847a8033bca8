#!/usr/bin/env python
"""API load benchmark: one `uvicorn api.main:app` process against a private redis-server.

    .venv/bin/python bench/api_load.py [--quick] [--runs 3] [--duration 10] [--json-out PATH]

(a) POST /analyze-async: a 100 KB PDF (a real corpus report padded with PDF comment lines,
    see bench/common.py padded_pdf), 50 concurrent keep-alive clients for 10 s: requests/s,
    latency p50/p90/p99/max, errors and status codes.
(b) GET /status/<id> at moderate load: 20 concurrent keep-alive clients for 10 s, each waiting a
    random 0-200 ms (mean 100 ms) between its requests, so about 200 requests/s are offered
    (--status-rate), well below what the API can serve; each request asks for a random one of
    200 jobs that stay queued (priority low, behind a normal-priority backlog). This runs WHILE a
    worker service with two processes (WORKER_COUNT=2, WORKER_CONCURRENCY=2) runs real analyses
    of corpus PDFs that a feeder thread keeps enqueueing (normal queue kept >= 32 deep).
    The same 20 clients without pauses (closed loop, saturating the API) give its capacity; their
    latency is then mostly queueing (about clients / throughput).
(c) the same two against ids of completed analyses (the response carries the result JSON).
(d) for reference, (b) paced before the workers start: the API's own latency, without two
    CPU-bound workers on the same 2 cores.
The worker service runs as deployed, at its default WORKER_NICE (10); --worker-nice N sets
WORKER_NICE=N (0: the API's priority). --worker-cpus LIST pins it with `taskset -c LIST` (what
compose's `cpuset` or a separate machine gives: cores the API never shares).

The load generator is wrk (Debian package `wrk`; a Lua script sends the body and prints the
latency percentiles as JSON in done()). Without wrk, an httpx asyncio generator in this process
is used instead, which shares the 2 cores with the server and so understates the API
(`--client httpx` forces it). The API runs exactly as the Procfile starts it (uvicorn defaults:
one process, uvloop + httptools, access log on, to a file) with REDIS_URL,
RATE_LIMIT_PER_MINUTE=0, MAX_QUEUE_SIZE=10000000, MAX_QUEUED_PER_KEY=0, MAX_QUEUED_MB_PER_KEY=0
(one client address sends everything), LOG_LEVEL=WARNING.
Every figure is the median over --runs runs (3; --quick: 1 run of 2 s each). Prints one JSON object.
"""

from __future__ import annotations

import os
import sys

# Run as `python bench/api_load.py`, this folder comes first on sys.path, where bench/queue.py
# would shadow the standard library's `queue` (asyncio and redis-py import it): use the repo root.
sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
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
    percentile,
    private_redis,
    redis_version,
    start,
    stop,
    wait_quiet,
)  # fmt: skip
from shared.settings import Settings  # noqa: E402
from tests.procs import wait_http  # noqa: E402
from tests.redis_server import free_port  # noqa: E402
from tests.usage import CpuWatch, children_of, cpu_seconds  # noqa: E402

TARGETS = {"post_req_per_s_min": 500, "status_p99_ms_max": 20}
PARTS = ("post", "status_no_workers", "status", "status_saturated", "status_completed", "status_completed_saturated")
BOUNDARY = "----benchboundary7MA4YWxkTrZu0gW"

LUA_COMMON = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then
      for k, v in pairs(s) do counts[tostring(k)] = (counts[tostring(k)] or 0) + v end
    end
  end
  local parts = {}
  for k, v in pairs(counts) do parts[#parts + 1] = string.format('"%s": %d', k, v) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "p999": %d, "mean": %.1f, "stdev": %.1f, "max": %d}, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.mean, latency.stdev, latency.max, table.concat(parts, ", ")))
end
"""

LUA_POST = (
    r"""
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("BENCH_CTYPE")
"""
    + LUA_COMMON
)

LUA_GET = (
    r"""
local mean_delay = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if mean_delay > 0 then
  -- think time between a connection's requests: uniform 0..2x mean (wrk does not time it)
  delay = function() return math.random(0, 2 * mean_delay) end
end
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
request = function()
  return wrk.format("GET", "/status/" .. ids[math.random(#ids)])
end
"""
    + LUA_COMMON
)


def multipart_body(pdf: bytes, filename: str = "report.pdf") -> tuple[bytes, str]:
    body = (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + pdf
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={BOUNDARY}"


# ---------------------------------------------------------------- load generators


def run_wrk(
    url: str, lua: str, env: dict[str, str], clients: int, duration: float, threads: int, workdir: Path
) -> dict[str, Any]:
    script = workdir / f"bench-{abs(hash(lua)) % 10**8}.lua"
    script.write_text(lua)
    cmd = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{max(1, round(duration))}s", "--timeout", "10s",
           "--latency", "-s", str(script), url]  # fmt: skip
    proc = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, text=True, timeout=duration + 60)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    raw = json.loads(line[len("BENCH_JSON ") :])
    seconds = raw["duration_us"] / 1e6
    lat = {k: round(v / 1000, 3) for k, v in raw["latency_us"].items()}
    errors = raw["errors"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 3),
        "req_per_s": round(raw["requests"] / seconds, 1),
        "p50_ms": lat["p50"], "p90_ms": lat["p90"], "p99_ms": lat["p99"], "p999_ms": lat["p999"],
        "mean_ms": lat["mean"], "max_ms": lat["max"],
        "errors": sum(errors.values()),
        "error_detail": errors,
        "statuses": raw["statuses"],
    }  # fmt: skip


async def _httpx_load(url: str, method: str, make: Any, clients: int, duration: float, delay_ms: float = 0) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    statuses: dict[str, int] = {}
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=10.0) as client:
        stop_at = time.perf_counter() + duration

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < stop_at:
                path, kwargs = make()
                t = time.perf_counter()
                try:
                    r = await client.request(method, path, **kwargs)
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - t)
                statuses[str(r.status_code)] = statuses.get(str(r.status_code), 0) + 1
                if delay_ms:
                    await asyncio.sleep(random.uniform(0, 2 * delay_ms) / 1000)

        t0 = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        seconds = time.perf_counter() - t0
    latencies.sort()
    ms = [round(x * 1000, 3) for x in latencies]
    bad = sum(v for k, v in statuses.items() if int(k) >= 400)
    return {
        "requests": len(ms),
        "seconds": round(seconds, 3),
        "req_per_s": round(len(ms) / seconds, 1),
        "p50_ms": percentile(ms, 50), "p90_ms": percentile(ms, 90), "p99_ms": percentile(ms, 99),
        "p999_ms": percentile(ms, 99.9), "mean_ms": round(sum(ms) / len(ms), 3) if ms else None,
        "max_ms": ms[-1] if ms else None,
        "errors": errors + bad,
        "error_detail": {"transport": errors, "status": bad},
        "statuses": statuses,
    }  # fmt: skip


def run_httpx_post(url: str, body: bytes, ctype: str, clients: int, duration: float) -> dict[str, Any]:
    def make() -> tuple[str, dict[str, Any]]:
        return "/analyze-async", {"content": body, "headers": {"content-type": ctype}}

    return asyncio.run(_httpx_load(url, "POST", make, clients, duration))


def run_httpx_get(url: str, ids: list[str], clients: int, duration: float, delay_ms: float = 0) -> dict[str, Any]:
    def make() -> tuple[str, dict[str, Any]]:
        return f"/status/{random.choice(ids)}", {}

    return asyncio.run(_httpx_load(url, "GET", make, clients, duration, delay_ms))


# ---------------------------------------------------------------- feeder


class Feeder:
    """Keeps the normal-priority queue at least `depth` deep with real analyses, in a thread."""

    def __init__(self, redis_url: str, pdfs: list[bytes], depth: int = 32) -> None:
        self.redis_url, self.pdfs, self.depth = redis_url, pdfs, depth
        self.enqueued = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), name="feeder", daemon=True)
        self.error: BaseException | None = None

    def start(self) -> Feeder:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    async def _run(self) -> None:
        import redis.asyncio as aioredis

        from shared.job import Priority
        from shared.queue.redis_queue import RedisQueue

        queue = RedisQueue(aioredis.Redis.from_url(self.redis_url), max_queue_size=10**7)
        try:
            i = 0
            while not self._stop.is_set():
                stats = await queue.stats(worker_window_ms=10_000)
                missing = self.depth - stats.queued["normal"]
                for _ in range(max(0, missing)):
                    await queue.enqueue(self.pdfs[i % len(self.pdfs)], kind="analyze", priority=Priority.NORMAL)
                    i += 1
                    self.enqueued += 1
                await asyncio.sleep(0.05)
        except BaseException as exc:  # noqa: BLE001 - reported in the JSON
            self.error = exc
        finally:
            await queue.close()


# ---------------------------------------------------------------- helpers


async def _enqueue_targets(redis_url: str, pdf: bytes, n: int) -> list[str]:
    import redis.asyncio as aioredis

    from shared.job import Priority
    from shared.queue.redis_queue import RedisQueue

    queue = RedisQueue(aioredis.Redis.from_url(redis_url), max_queue_size=10**7)
    try:
        return [(await queue.enqueue(pdf, kind="analyze", priority=Priority.LOW)).job_id for _ in range(n)]
    finally:
        await queue.close()


async def _completed_ids(redis_url: str, n: int) -> list[str]:
    import redis.asyncio as aioredis

    from shared.queue.redis_queue import RedisQueue

    queue = RedisQueue(aioredis.Redis.from_url(redis_url))
    try:
        from shared.job import Status

        return [r.id for r in await queue.recent(limit=n, status=Status.COMPLETED)]
    finally:
        await queue.close()


async def _still_queued(redis_url: str, ids: list[str]) -> int:
    import redis.asyncio as aioredis

    from shared.queue.redis_queue import RedisQueue

    queue = RedisQueue(aioredis.Redis.from_url(redis_url))
    try:
        return sum([(await queue.get(i))[0].status.value == "queued" for i in ids])
    finally:
        await queue.close()


async def _counters(redis_url: str) -> dict[str, int]:
    import redis.asyncio as aioredis

    from shared.queue.redis_queue import RedisQueue

    queue = RedisQueue(aioredis.Redis.from_url(redis_url))
    try:
        s = await queue.stats(worker_window_ms=10_000)
        return {**s.counters, "workers_alive": s.workers_alive, "processing": s.processing,
                "queued_normal": s.queued["normal"], "queued_low": s.queued["low"]}  # fmt: skip
    finally:
        await queue.close()


def flushall(redis_url: str) -> None:
    import redis

    c = redis.Redis.from_url(redis_url)
    c.flushall()
    c.close()


def used_memory(redis_url: str) -> int:
    import redis

    c = redis.Redis.from_url(redis_url)
    try:
        return int(c.info("memory")["used_memory"])
    finally:
        c.close()


def _median_summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("req_per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms", "errors")
    out: dict[str, Any] = {k: median([r[k] for r in runs]) for k in keys}
    out["api_cpu_cores"] = median([r.get("api_cpu_cores") for r in runs])
    out["runs"] = runs
    return out


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="1 run of 2 s per part (smoke test)")
    p.add_argument("--runs", type=int, help="runs per figure; the median is reported (3; quick 1)")
    p.add_argument("--duration", type=float, help="seconds per run (10; quick 2)")
    p.add_argument("--post-clients", type=int, default=50)
    p.add_argument("--status-clients", type=int, default=20)
    p.add_argument(
        "--status-rate",
        type=float,
        default=200.0,
        help="requests/s the status clients offer together at moderate load (200): each waits a random "
        "0..2 x clients/rate s between requests",
    )
    p.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto", help="load generator (auto: wrk if installed)")
    p.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (1 is plenty for 50 connections on 2 cores)")
    p.add_argument("--parts", default=",".join(PARTS), help=f"subset of {','.join(PARTS)}")
    p.add_argument("--worker-nice", type=int, help="WORKER_NICE for the worker service (default: its own default, as deployed)")
    p.add_argument("--worker-cpus", default="", help="pin the worker service to these cores with `taskset -c` (default: not pinned)")
    p.add_argument("--no-access-log", action="store_true", help="start uvicorn with --no-access-log (default: as the Procfile)")
    p.add_argument(
        "--quiet-wait",
        type=float,
        help="before each run wait up to this many s for other processes to use < 25%% of the CPU (60; quick 5; 0: off)",
    )
    p.add_argument("--json-out", help="also write the JSON here")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    runs = a.runs or (1 if a.quick else 3)
    duration = a.duration or (2.0 if a.quick else 10.0)
    warmup = 0.5 if a.quick else 2.0
    quiet_wait = a.quiet_wait if a.quiet_wait is not None else (5.0 if a.quick else 60.0)
    parts = [x.strip() for x in a.parts.split(",") if x.strip()]
    client = a.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "httpx"
    if client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install -y wrk), or use --client httpx")
    pdf, pdf_info = padded_pdf()
    worker_nice = a.worker_nice if a.worker_nice is not None else Settings.model_fields["worker_nice"].default
    body, ctype = multipart_body(pdf)
    corpus = [p.read_bytes() for p in corpus_pdfs()]
    workdir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    (workdir / "body.bin").write_bytes(body)
    result: dict[str, Any] = {"benchmark": "api_load", "targets": TARGETS, "config": {
        "runs": runs, "duration_s": duration, "warmup_s": warmup, "post_clients": a.post_clients,
        "status_clients": a.status_clients, "status_rate_offered": a.status_rate,
        "status_think_ms_mean": round(1000 * a.status_clients / a.status_rate, 1), "client": client, "wrk_threads": a.wrk_threads if client == "wrk" else None,
        "quick": a.quick, "quiet_wait_s": quiet_wait, "pdf": pdf_info, "multipart_body_bytes": len(body), "access_log": not a.no_access_log,
        "api_command": "uvicorn api.main:app --host 127.0.0.1 --port <free>" + (" --no-access-log" if a.no_access_log else ""),
        "api_env": {"RATE_LIMIT_PER_MINUTE": 0, "MAX_QUEUE_SIZE": 10_000_000, "MAX_QUEUED_PER_KEY": 0,
                    "MAX_QUEUED_MB_PER_KEY": 0, "LOG_LEVEL": "WARNING"},
        "status_workers": {"WORKER_COUNT": 2, "WORKER_CONCURRENCY": 2, "WORKER_NICE": worker_nice,
                           "cpus": a.worker_cpus or None},
    }}  # fmt: skip
    if client == "httpx":
        result["config"]["note"] = "httpx load generator in the benchmark process: it competes with the server for the 2 cores"
    ok = True
    with private_redis() as redis_server:
        url = redis_server.url
        redis_pid = redis_server.process.pid if redis_server.process else os.getpid()
        result["machine"] = machine_info(redis_version(url))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api_cmd = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)]
        if a.no_access_log:
            api_cmd.append("--no-access-log")
        env = bench_env(url, RATE_LIMIT_PER_MINUTE=0, MAX_QUEUE_SIZE=10_000_000, MAX_QUEUED_PER_KEY=0, MAX_QUEUED_MB_PER_KEY=0)
        api = start(api_cmd, env, workdir / "api.log")
        workers = None
        feeder: Feeder | None = None
        try:
            wait_http(f"{base}/health", 60, api)

            def measure(kind: str, clients: int, seconds: float, ids_file: Path | None = None, ids: list[str] | None = None,
                        delay_ms: float = 0) -> dict[str, Any]:  # fmt: skip
                if client == "wrk":
                    if kind == "post":
                        return run_wrk(f"{base}/analyze-async", LUA_POST, {"BENCH_BODY": str(workdir / "body.bin"), "BENCH_CTYPE": ctype},
                                       clients, seconds, a.wrk_threads, workdir)  # fmt: skip
                    return run_wrk(base, LUA_GET, {"BENCH_IDS": str(ids_file), "BENCH_DELAY_MS": str(round(delay_ms))},
                                   clients, seconds, a.wrk_threads, workdir)  # fmt: skip
                if kind == "post":
                    return run_httpx_post(base, body, ctype, clients, seconds)
                return run_httpx_get(base, ids or [], clients, seconds, delay_ms)

            def timed(kind: str, clients: int, ids_file: Path | None = None, ids: list[str] | None = None,
                      worker_pids: list[int] | None = None, delay_ms: float = 0) -> dict[str, Any]:  # fmt: skip
                own = [api.pid, redis_pid, *(worker_pids or []), *([workers.pid] if workers else [])]
                quiet = wait_quiet(0.25, quiet_wait, own)
                before = asyncio.run(_counters(url))
                api_cpu0, wk_cpu0 = cpu_seconds([api.pid]), cpu_seconds(worker_pids or [])
                window = CpuWatch()
                t0 = time.perf_counter()
                r = measure(kind, clients, duration, ids_file, ids, delay_ms)
                wall = time.perf_counter() - t0
                r["machine_cpu_busy"] = window.machine_busy()
                r["api_cpu_cores"] = round((cpu_seconds([api.pid]) - api_cpu0) / wall, 2)
                after = asyncio.run(_counters(url))
                if worker_pids:
                    r["workers_cpu_cores"] = round((cpu_seconds(worker_pids) - wk_cpu0) / wall, 2)
                    r["analyses_completed_during_run"] = after.get("completed", 0) - before.get("completed", 0)
                    r["analyses_failed_during_run"] = after.get("failed", 0) - before.get("failed", 0)
                    r["processing_at_end"] = after["processing"]
                    r["queued_normal_at_end"] = after["queued_normal"]
                r.update(quiet)
                r["loadavg_after"] = loadavg()
                return r

            # ---------------------------------------------------------------- (a) POST
            if "post" in parts:
                log(f"POST /analyze-async: {a.post_clients} clients, {runs} x {duration:g} s ({client})")
                measure("post", a.post_clients, warmup)  # warm-up: imports, connection pools
                flushall(url)
                post_runs = []
                for i in range(runs):
                    r = timed("post", a.post_clients)
                    r["redis_used_memory_mb"] = round(used_memory(url) / 2**20, 1)
                    post_runs.append(r)
                    log(f"  run {i + 1}: {r['req_per_s']} req/s p50 {r['p50_ms']} ms p99 {r['p99_ms']} ms errors {r['errors']}")
                    flushall(url)
                result["post_analyze_async"] = _median_summary(post_runs)
                result["post_analyze_async"]["meets_target"] = (result["post_analyze_async"]["req_per_s"] or 0) >= TARGETS[
                    "post_req_per_s_min"
                ]

            # ---------------------------------------------------------------- (b), (c) GET /status
            status_parts = [p for p in PARTS if p.startswith("status") and p in parts]
            think_ms = 1000 * a.status_clients / a.status_rate

            def status_part(part: str, ids: list[str], ids_file: Path, worker_pids: list[int]) -> dict[str, Any]:
                paced = not part.endswith("_saturated")
                how = f"~{a.status_rate:g} req/s offered" if paced else "closed loop, no pauses"
                who = "while 2 workers analyse" if worker_pids else "no workers running"
                log(f"GET /status ({part}, {how}): {a.status_clients} clients {who}, {runs} x {duration:g} s")
                part_runs = []
                for i in range(runs):
                    r = timed("get", a.status_clients, ids_file, ids, worker_pids, think_ms if paced else 0)
                    r["ids"] = len(ids)
                    part_runs.append(r)
                    log(f"  run {i + 1}: {r['req_per_s']} req/s p50 {r['p50_ms']} ms p99 {r['p99_ms']} ms"
                        + (f"; workers {r['workers_cpu_cores']} cores, {r['analyses_completed_during_run']} analyses"
                           if worker_pids else ""))  # fmt: skip
                summary = _median_summary(part_runs)
                summary["load"] = "paced" if paced else "saturating"
                summary["offered_req_per_s"] = a.status_rate if paced else None
                summary["workers_running"] = bool(worker_pids)
                if worker_pids:
                    summary["workers_cpu_cores"] = median([r["workers_cpu_cores"] for r in part_runs])
                    summary["analyses_per_s"] = median([r["analyses_completed_during_run"] / r["seconds"] for r in part_runs])
                target_applies = paced and bool(worker_pids)
                summary["meets_target"] = (summary["p99_ms"] or 1e9) < TARGETS["status_p99_ms_max"] if target_applies else None
                return summary

            if status_parts:
                flushall(url)
                # 200 jobs at priority low: with a normal-priority backlog always ahead of them they stay queued.
                targets = asyncio.run(_enqueue_targets(url, min(corpus, key=len), 200))
                queued_file = workdir / "queued-ids.txt"
                queued_file.write_text("\n".join(targets) + "\n")
                measure("get", a.status_clients, warmup, queued_file, targets)  # warm-up
                if "status_no_workers" in status_parts:
                    result["get_status_queued_no_workers"] = status_part("status_no_workers", targets, queued_file, [])
                feeder = Feeder(url, corpus).start()
                deadline = time.monotonic() + 30
                while asyncio.run(_counters(url))["queued_normal"] < feeder.depth and time.monotonic() < deadline:
                    time.sleep(0.05)  # the backlog first, so the workers never reach the low-priority targets
                pin = ["taskset", "-c", a.worker_cpus] if a.worker_cpus else []
                workers = start([*pin, sys.executable, "worker_service.py"],
                                bench_env(url, WORKER_COUNT=2, WORKER_CONCURRENCY=2, WORKER_NICE=worker_nice),
                                workdir / "worker.log")  # fmt: skip
                deadline = time.monotonic() + 60
                while asyncio.run(_counters(url))["workers_alive"] < 2:
                    if time.monotonic() > deadline or workers.popen.poll() is not None:
                        raise RuntimeError(f"workers did not register: {workers.log()[-2000:]}")
                    time.sleep(0.1)
                worker_pids = children_of(workers.pid)
                deadline = time.monotonic() + 120  # the workers get going: a first analysis done, however loaded the machine
                while asyncio.run(_counters(url)).get("completed", 0) < 1:
                    if time.monotonic() > deadline or workers.popen.poll() is not None:
                        raise RuntimeError(f"no analysis completed within 120 s: {workers.log()[-2000:]}")
                    time.sleep(0.1)
                for part in status_parts:
                    if part == "status_no_workers":
                        continue
                    if part.startswith("status_completed"):
                        ids = asyncio.run(_completed_ids(url, 200))
                        if not ids:
                            raise RuntimeError("no completed analyses to poll")
                        ids_file = workdir / "completed-ids.txt"
                        ids_file.write_text("\n".join(ids) + "\n")
                        key = "get_" + part
                    else:
                        ids, ids_file = targets, queued_file
                        key = "get_" + part.replace("status", "status_queued", 1)
                    result[key] = status_part(part, ids, ids_file, worker_pids)
                result["targets_still_queued"] = asyncio.run(_still_queued(url, targets))
        except Exception as exc:  # noqa: BLE001 - recorded, exit status 1
            ok = False
            result["error"] = f"{type(exc).__name__}: {exc}"
            log(f"error: {exc}")
        finally:
            if feeder is not None:
                feeder.stop()
                result["feeder"] = {"enqueued": feeder.enqueued, "error": repr(feeder.error) if feeder.error else None}
            stop(workers)
            stop(api)
            api_log = (workdir / "api.log").read_text(errors="replace") if (workdir / "api.log").exists() else ""
            problems = [ln for ln in api_log.splitlines() if '"level": "ERROR"' in ln or "Traceback" in ln]
            result["api_log_errors"] = problems[:5]
            shutil.rmtree(workdir, ignore_errors=True)
    result["loadavg_at_end"] = loadavg()
    emit(result, a.json_out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
