"""Smoke test of the peer benchmark harness (bench/compare.py --quick).

Runs one peer (Dramatiq: the quickest to install) through every measurement
on a private redis-server. Skipped when the peer venv is missing
(scripts/bench-setup creates it) or redis-server is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH_PYTHON = Path(os.environ.get("BENCH_PYTHON", REPO / ".venv-bench" / "bin" / "python"))


def _skip_reason() -> str | None:
    if not BENCH_PYTHON.exists():
        return f"{BENCH_PYTHON} missing: run scripts/bench-setup to create the peer-library venv"
    if not (shutil.which("redis-server") or Path("/usr/bin/redis-server").exists()):
        return "redis-server is not installed"
    probe = subprocess.run([str(BENCH_PYTHON), "-c", "import dramatiq, redis"], capture_output=True)
    if probe.returncode != 0:
        return f"{BENCH_PYTHON} lacks dramatiq/redis: run scripts/bench-setup"
    return None


@pytest.mark.slow
@pytest.mark.bench
@pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))
def test_quick_compare_dramatiq(tmp_path):
    md = tmp_path / "BENCHMARKS.md"
    md.write_text("# Benchmarks\n\nintro kept\n")
    # the harness itself needs only the stdlib + redis-py: run it with this interpreter
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "compare.py"), "--quick", "--only", "dramatiq",
         "--markdown", str(md), "--quiet-wait", "0"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-4000:]
    result = json.loads(proc.stdout)

    assert result["machine"]["cores"] >= 1
    assert result["machine"]["redis_server"]
    assert result["config"]["jobs"] == 1000 and result["config"]["runs"] == 1
    d = result["peers"]["dramatiq"]
    assert d["errors"] == []
    assert d["versions"]["distributions"]["dramatiq"]
    t = d["throughput"]
    assert t["enqueue_per_s"] > 0 and t["e2e_per_s_1w"] > 0 and t["e2e_per_s_2w"] > 0
    lat = d["latency"]
    assert 0 < lat["p50_ms"] <= lat["p99_ms"]
    assert lat["runs"][0]["n"] == 50
    for variant in ("default", "reliable"):
        crash = d["crash"][variant]
        assert 0 <= crash["lost"] <= 100
        assert crash["runs"][0]["done_at_kill"] >= 25
        assert crash["runs"][0]["running_at_kill"] >= 1  # killed with jobs in flight
    # Dramatiq's ack-after-processing with a 5 s heartbeat timeout recovers everything
    assert d["crash"]["reliable"]["lost"] == 0

    text = md.read_text()
    assert "intro kept" in text and "| dramatiq |" in text
    assert "<!-- bench:queue-peers:start -->" in text

