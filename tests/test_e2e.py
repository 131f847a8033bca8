"""End to end with separate processes: redis-server, `uvicorn api.main:app`, `python worker_service.py`,
real lab reports from ../shared/corpus/, and the logs checked for health data."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import CORPUS
from tests.procs import start_api, start_worker, wait_http
from tests.redis_server import RedisServer, free_port

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")]

QUESTION = "Is my cholesterol a problem? zebra-canary-4711"


def poll(http: httpx.Client, job_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = http.get(f"/status/{job_id}")
        assert r.status_code == 200, r.text
        body = r.json()
        if body["status"] in ("completed", "failed", "cancelled"):
            return body
        assert r.headers.get("retry-after")
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


def test_api_and_worker_processes_analyse_a_real_report(redis_server: RedisServer, tmp_path: Path) -> None:
    port = free_port()
    api = start_api(redis_server.url, port, tmp_path / "api.log", KEY_PREFIX="e2e")
    worker = start_worker(redis_server.url, tmp_path / "worker.log", KEY_PREFIX="e2e", WORKER_CONCURRENCY=2)
    try:
        wait_http(f"http://127.0.0.1:{port}/health", proc=api)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            deadline = time.monotonic() + 30
            while http.get("/health/ready").status_code != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
            pdf = (CORPUS / "cardiocare-synthetic.pdf").read_bytes()
            r = http.post("/analyze-async", files={"file": ("cardio.pdf", pdf, "application/pdf")},
                          data={"query": QUESTION, "priority": "high"})  # fmt: skip
            assert r.status_code == 202, r.text
            job_id = r.json()["job_id"]
            done = poll(http, job_id)
            assert done["status"] == "completed", done
            result = done["result"]
            assert result["status"] == "success" and len(result["biomarkers"]) >= 25
            assert result["specialists_consulted"] and result["analysis"] and result["disclaimer"]
            hb = next(b for b in result["biomarkers"] if b["canonical"] == "hemoglobin")
            assert (hb["value"], hb["flag"]) == (12.8, "low")
            # The synchronous form goes through the same queue and workers.
            sync = http.post("/analyze", files={"file": ("cardio.pdf", pdf, "application/pdf")})
            assert sync.status_code == 200 and sync.json()["result"]["biomarkers"] == result["biomarkers"]
            stats = http.get("/queue/stats").json()
            assert stats["completed"] == 2 and stats["backend"] == "redis"
        logs = api.log() + worker.log()
        for line in logs.splitlines():
            if line.startswith("{"):
                json.loads(line)  # structured: one JSON object per line
        assert f'"job_id":"{job_id}"' in worker.log() and '"status":"completed"' in worker.log()
        # No health data in the logs: not the question, not a value, not a patient detail.
        assert "zebra-canary-4711" not in logs and "cholesterol" not in logs.lower()
        patient = {v for v in (result.get("patient") or {}).values() if isinstance(v, str) and len(v) > 3}
        assert not any(p in logs for p in patient), "patient details reached a log"
    finally:
        api.close()
        worker.close()
