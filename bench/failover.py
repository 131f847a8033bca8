"""Sentinel failover under load: `python bench/failover.py [--jobs 200] [--runs 3] [--wait 0,1]`
prints one JSON object (progress on stderr).

Per run: a primary, one replica and 3 sentinels (tests/redis_topologies.py, down-after 1000 ms),
the API (uvicorn) and the worker service (WORKER_COUNT=2), both in REDIS_MODE=sentinel with the
REDIS_WAIT_REPLICAS under test. A client submits --jobs real reports (POST /analyze-async, an
Idempotency-Key each; a 503 or a dropped connection is retried with the same key, as a
well-behaved client does) at --rate per second. Once a third are accepted (202), the primary is
SIGKILLed; with --lag-ms, the replica is first paused (SIGSTOP) that long while submissions go
on, as a replica that fell behind (a network hiccup, a slow disk) would be, and resumed
right after the kill. Once the sentinels have promoted the replica, the killed server starts again as the
new primary's replica (as a sentinel deployment's start-up script does: without it, a WAIT of 1
has no replica left to confirm anything).

Counted per run, from the client's 202s and the surviving Redis:
- accepted: jobs answered 202; completed / failed: their final state;
- lost: accepted, then unknown to the surviving Redis (the 202 was never replicated);
- completed_twice: jobs that two attempts both completed (worker logs), or whose history holds
  two completions: a client may have seen 'completed', then the job run again;
- complete_within_60s: every accepted job completed within 60 s of the kill;
- failover_s: kill to a promoted primary; last_completion_s: kill to the last completion.
Medians over --runs for each REDIS_WAIT_REPLICAS value.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/failover.py`, bench/ comes first on sys.path, where bench/queue.py would
# shadow the standard library's `queue` (which redis-py imports): use the repo root instead.
if Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)

import httpx  # noqa: E402
from redis.sentinel import Sentinel  # noqa: E402

from bench.common import CORPUS, bench_env, emit, log, machine_info, median, start, stop  # noqa: E402
from tests.procs import Proc, wait_http  # noqa: E402
from tests.redis_server import free_port  # noqa: E402
from tests.redis_topologies import MASTER_NAME, SentinelGroup  # noqa: E402

REPORT = "inline-normal-synthetic.pdf"  # a small real report: the analysis is not what is measured
PREFIX = "fo"
DEADLINE_S = 60.0


class Submitter:
    """Submits `jobs` reports at `rate`/s, each retried with its Idempotency-Key until a 202."""

    def __init__(self, url: str, pdf: bytes, jobs: int, rate: float, run: str) -> None:
        self.url, self.pdf, self.jobs, self.rate, self.run = url, pdf, jobs, rate, run
        self.accepted: dict[str, float] = {}  # job id -> time.time() of the 202
        self.retries = Counter[str]()

    async def submit_all(self, stop_at: float) -> None:
        async with httpx.AsyncClient(base_url=self.url, timeout=10) as http:
            tasks = []
            for n in range(self.jobs):
                tasks.append(asyncio.create_task(self._one(http, n, stop_at)))
                await asyncio.sleep(1 / self.rate)
            await asyncio.gather(*tasks)

    async def _one(self, http: httpx.AsyncClient, n: int, stop_at: float) -> None:
        key = f"{self.run}-{n}"
        while time.time() < stop_at:
            try:
                r = await http.post("/analyze-async", files={"file": (REPORT, self.pdf, "application/pdf")},
                                    headers={"Idempotency-Key": key})  # fmt: skip
            except httpx.HTTPError as exc:
                self.retries[type(exc).__name__] += 1
            else:
                if r.status_code == 202:
                    self.accepted[r.json()["job_id"]] = time.time()
                    return
                self.retries[f"{r.status_code} {r.json().get('error', '')}"] += 1
            await asyncio.sleep(0.2)


async def final_states(url: str, ids: list[str], until: float) -> dict[str, dict[str, Any]]:
    """GET /status of every job until each is terminal (or unknown: 404) or `until` passes."""
    states: dict[str, dict[str, Any]] = {}
    async with httpx.AsyncClient(base_url=url, timeout=5) as http:
        while time.time() < until:
            pending = [i for i in ids if i not in states]
            if not pending:
                break
            for job_id in pending:
                with contextlib.suppress(httpx.HTTPError):
                    r = await http.get(f"/status/{job_id}")
                    if r.status_code == 404:
                        states[job_id] = {"status": "lost"}
                    elif r.status_code == 200 and r.json()["status"] in ("completed", "failed", "cancelled"):
                        states[job_id] = r.json()
            await asyncio.sleep(0.5)
    return states


def completions_in_logs(*logs: str) -> Counter[str]:
    """How many attempts of each job a worker completed (its `complete` write succeeded)."""
    done = Counter[str]()
    for text in logs:
        for line in text.splitlines():
            if "job finished" not in line:
                continue
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if entry.get("msg") == "job finished" and entry.get("status") == "completed":
                    done[entry["job_id"]] += 1
    return done


def completions_in_history(group: SentinelGroup, ids: list[str]) -> Counter[str]:
    client = Sentinel([("127.0.0.1", s.port) for s in group.sentinels]).master_for(MASTER_NAME)
    try:
        out = Counter[str]()
        for job_id in ids:
            history = client.hget(f"{{{PREFIX}}}:job:{job_id}", "history") or b""
            out[job_id] = history.count(b"d:completed")
        return out
    finally:
        client.close()


async def run_once(tmp: Path, wait: int, jobs: int, rate: float, lease: float, run: str, lag_ms: float = 0) -> dict[str, Any]:
    pdf = (CORPUS / REPORT).read_bytes()
    with SentinelGroup(tmp / "redis") as group:
        env = bench_env(None, **group.settings_env(), REDIS_WAIT_REPLICAS=wait, KEY_PREFIX=PREFIX, LOG_LEVEL="INFO",
                        RATE_LIMIT_PER_MINUTE=0, LEASE_SECONDS=lease, WORKER_COUNT=2, WORKER_CONCURRENCY=4)  # fmt: skip
        port = free_port()
        api = start([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)],
                    env, tmp / "api.log")  # fmt: skip
        workers = start([sys.executable, "worker_service.py"], env, tmp / "workers.log")
        procs: list[Proc] = [api, workers]
        try:
            url = f"http://127.0.0.1:{port}"
            wait_http(f"{url}/health/ready", timeout=60, proc=api)
            submitter = Submitter(url, pdf, jobs, rate, run)
            t0 = time.time()
            submitting = asyncio.create_task(submitter.submit_all(t0 + DEADLINE_S + 30))
            while len(submitter.accepted) < jobs // 3:
                if submitting.done():
                    raise RuntimeError(f"submission ended before the kill: {submitter.retries}")
                await asyncio.sleep(0.01)
            lagging = [r for r in group.servers if r.process is not None and r.port != group.primary_port()]
            if lag_ms:
                for replica in lagging:
                    os.kill(replica.process.pid, signal.SIGSTOP)  # type: ignore[union-attr]
                await asyncio.sleep(lag_ms / 1000)
            old = await asyncio.to_thread(group.kill_primary)
            killed_at = time.time()
            accepted_before_kill = len(submitter.accepted)
            if lag_ms:
                for replica in lagging:
                    os.kill(replica.process.pid, signal.SIGCONT)  # type: ignore[union-attr]
            await asyncio.to_thread(group.wait_promoted, old, 60)
            promoted_at = time.time()
            await asyncio.to_thread(group.restart, old)
            await asyncio.to_thread(group.wait_ready, 30)
            replica_back_at = time.time()
            await submitting
            ids = list(submitter.accepted)
            states = await final_states(url, ids, killed_at + DEADLINE_S + 30)
            history = await asyncio.to_thread(completions_in_history, group, ids)
        finally:
            for proc in procs:
                stop(proc)
        logged = completions_in_logs(workers.log_path.read_text(errors="replace"))
    finished = [iso_to_epoch(s["finished_at"]) for s in states.values() if s.get("status") == "completed"]
    completed = sum(1 for s in states.values() if s.get("status") == "completed")
    lost = sum(1 for s in states.values() if s.get("status") == "lost")
    unfinished = len(ids) - len(states)
    return {
        "wait_replicas": wait,
        "replica_lag_ms": lag_ms,
        "accepted": len(ids),
        "accepted_before_kill": accepted_before_kill,
        "completed": completed,
        "failed": sum(1 for s in states.values() if s.get("status") == "failed"),
        "lost": lost,
        "unfinished": unfinished,
        "completed_twice": sum(1 for j in ids if logged[j] > 1 or history[j] > 1),
        "completed_twice_in_history": sum(1 for j in ids if history[j] > 1),
        "complete_within_60s": unfinished == 0 and completed == len(ids) and max(finished, default=0) - killed_at <= DEADLINE_S,
        "failover_s": round(promoted_at - killed_at, 2),
        "replica_back_s": round(replica_back_at - killed_at, 2),
        "last_completion_s": round(max(finished, default=killed_at) - killed_at, 2),
        "submission_s": round(max(submitter.accepted.values(), default=t0) - t0, 2),
        "client_retries": dict(submitter.retries),
    }


def iso_to_epoch(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value).timestamp()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jobs", type=int, default=200)
    p.add_argument("--rate", type=float, default=50.0, help="submissions per second (50)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--wait", default="0,1", help="REDIS_WAIT_REPLICAS values to run (0,1)")
    p.add_argument("--lease", type=float, default=30.0, help="LEASE_SECONDS of the workers (30, the default)")
    p.add_argument("--lag-ms", type=float, default=0, help="pause the replica this long before the kill (0)")
    p.add_argument("--json-out")
    args = p.parse_args(argv)
    waits = [int(w) for w in args.wait.split(",")]
    results: dict[str, list[dict[str, Any]]] = {str(w): [] for w in waits}
    for run in range(args.runs):
        for wait in waits:  # interleaved, so both settings see the same machine
            tmp = Path(tempfile.mkdtemp(prefix="bench-failover-"))
            log(f"run {run + 1}/{args.runs}, REDIS_WAIT_REPLICAS={wait}")
            try:
                result = asyncio.run(run_once(tmp, wait, args.jobs, args.rate, args.lease, f"r{run}w{wait}", args.lag_ms))
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            log(json.dumps(result))
            results[str(wait)].append(result)
    keys = ("accepted", "completed", "lost", "completed_twice", "failover_s", "last_completion_s")
    summary = {
        w: {**{k: median([r[k] for r in runs]) for k in keys},
            "lost_total": sum(r["lost"] for r in runs), "accepted_total": sum(r["accepted"] for r in runs),
            "all_runs_complete_within_60s": all(r["complete_within_60s"] for r in runs)}  # fmt: skip
        for w, runs in results.items()
    }
    emit({"benchmark": "failover", "config": vars(args) | {"report": REPORT, "down_after_ms": 1000, "replicas": 1,
                                                           "sentinels": 3, "worker_processes": 2},
          "median": summary, "runs": results, "machine": machine_info()}, args.json_out)  # fmt: skip
    return 0 if all(s["lost_total"] == 0 for w, s in summary.items() if w != "0") else 1


if __name__ == "__main__":
    sys.exit(main())
