"""Smoke tests of the benchmark scripts (bench/api_load.py, scaling.py, memory.py, report.py, scripts/bench).

Each script runs once in its quickest mode (a few seconds: --quick, shortened further where
an option allows) and its JSON is checked for the keys bench/report.py and docs/BENCHMARKS.md
rely on. Figures are not checked against targets: that is what the benchmarks are for, on a
quiet machine. Needs redis-server and the corpus; wrk is used when installed, and the httpx
fallback is exercised either way.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.bench,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
    pytest.mark.skipif(not any(CORPUS.glob("*.pdf")), reason=f"no corpus PDFs in {CORPUS}"),
]

MACHINE_KEYS = {"cores", "cpu_model", "python", "redis_server", "date", "loadavg_at_start"}
SUMMARY_KEYS = {"req_per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms", "errors", "runs", "meets_target"}


def run_script(tmp: Path, name: str, *args: str, timeout: float = 120) -> dict[str, Any]:
    out = tmp / f"{name}.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / f"{name}.py"), "--quick", "--quiet-wait", "0", *args, "--json-out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-4000:] + proc.stdout[-2000:]
    data = json.loads(proc.stdout)
    assert json.loads(out.read_text()) == data
    assert MACHINE_KEYS <= set(data["machine"]), data["machine"]
    assert data["machine"]["redis_server"]
    assert data["config"]["quick"] is True
    return data


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return {"dir": tmp_path_factory.mktemp("bench")}


def test_api_load_quick(results: dict[str, Any]) -> None:
    data = run_script(results["dir"], "api_load", "--duration", "1", "--parts", "post,status_no_workers,status,status_completed")
    results["api_load"] = data
    assert data["config"]["client"] == ("wrk" if shutil.which("wrk") else "httpx")
    assert data["config"]["pdf"]["bytes"] == 100 * 1024
    assert data["targets"] == {"post_req_per_s_min": 500, "status_p99_ms_max": 20}
    assert "error" not in data, data.get("error")
    post = data["post_analyze_async"]
    assert SUMMARY_KEYS <= set(post)
    assert post["req_per_s"] > 0 and post["errors"] == 0
    assert 0 < post["p50_ms"] <= post["p99_ms"] <= post["max_ms"]
    assert set(post["runs"][0]["statuses"]) == {"202"}
    for part in ("get_status_queued_no_workers", "get_status_queued", "get_status_completed"):
        st = data[part]
        assert SUMMARY_KEYS | {"load", "api_cpu_cores", "workers_running"} <= set(st), part
        assert st["load"] == "paced" and st["req_per_s"] > 0 and st["errors"] == 0
        assert set(st["runs"][0]["statuses"]) == {"200"}
    for part in ("get_status_queued", "get_status_completed"):
        assert data[part]["workers_running"] and data[part]["workers_cpu_cores"] > 0
        assert data[part]["runs"][0]["analyses_failed_during_run"] == 0
    assert data["get_status_queued_no_workers"]["meets_target"] is None  # the target is for busy workers
    # The workers were analysing while measured (how many finished in a 1 s run is the benchmark's figure).
    assert data["get_status_queued"]["runs"][0]["processing_at_end"] > 0
    assert data["get_status_queued"]["runs"][0]["analyses_completed_during_run"] >= 0
    assert data["get_status_completed"]["runs"][0]["ids"] > 0  # ... and had finished some before: those were polled
    assert data["targets_still_queued"] == 200  # the polled jobs really were queued throughout
    assert data["feeder"]["error"] is None


def test_api_load_httpx_fallback(tmp_path: Path) -> None:
    data = run_script(tmp_path, "api_load", "--client", "httpx", "--duration", "1", "--parts", "post", "--post-clients", "10")
    assert data["config"]["client"] == "httpx" and "note" in data["config"]
    post = data["post_analyze_async"]
    assert post["req_per_s"] > 0 and post["errors"] == 0
    assert set(post["runs"][0]["statuses"]) == {"202"}
    assert "get_status_queued" not in data


def test_scaling_quick(results: dict[str, Any]) -> None:
    data = run_script(results["dir"], "scaling")
    results["scaling"] = data
    assert [f"{c['processes']}x{c['concurrency']}" for c in data["configs"]] == ["1x1", "1x8", "2x8"]
    for c in data["configs"]:
        assert "error" not in c, c["error"]
        assert {"jobs", "ideal_jobs_per_s", "jobs_per_s", "seconds", "efficiency", "meets_target", "runs", "startup_s"} <= set(c)
        assert c["jobs"] == 2 * c["processes"] * c["concurrency"]
        # 2 waves of 0.2 s jobs cannot finish in under 0.4 s: efficiency is at most 100 %
        assert 0 < c["efficiency"] <= 1.0 and c["seconds"] >= 0.4
    assert 0 < data["min_efficiency"] <= 1.0 and isinstance(data["meets_target"], bool)


def test_memory_quick(results: dict[str, Any]) -> None:
    data = run_script(results["dir"], "memory")
    results["memory"] = data
    assert "error" not in data, data.get("error")
    s = data["summary"]
    for key in ("api_idle_rss_mb", "worker_idle_rss_mb", "worker_after_analyses_rss_mb", "queued_job_100kb_pdf_bytes",
                "queued_job_empty_bytes", "per_job_used_memory_delta_bytes", "per_job_queue_zset_bytes",
                "per_job_index_zset_bytes", "finished_noop_bytes", "finished_analysis_bytes"):  # fmt: skip
        assert s[key] is not None and s[key] > 0, key
    assert s["queued_job_100kb_pdf_key_bytes"] >= 100 * 1024
    assert s["queued_job_empty_pdf_key_bytes"] < 200
    run = data["runs"][0]
    assert run["analyses_failed"] == 0
    assert run["finished_analysis"]["pdf_keys_left"] == 0 and run["finished_noop"]["pdf_keys_left"] == 0
    assert "result" in run["finished_analysis"]["median_job"]["largest_values"]
    assert isinstance(s["meets_idle_worker_target"], bool)


def test_report_keeps_the_peers_section(results: dict[str, Any], tmp_path: Path) -> None:
    for name in ("api_load", "scaling", "memory"):
        if name not in results:
            pytest.skip(f"{name} did not run")
        (tmp_path / f"{name}.json").write_text(json.dumps(results[name]))
    md = tmp_path / "BENCHMARKS.md"
    peers = "<!-- bench:queue-peers:start -->\n## Queue peers\n| a | b |\n<!-- bench:queue-peers:end -->"
    md.write_text(f"# Benchmarks\n\nIntro kept.\n\n{peers}\n")
    for _ in range(2):  # the second run replaces the sections in place
        proc = subprocess.run([sys.executable, str(REPO / "bench" / "report.py"), "--dir", str(tmp_path), "--markdown", str(md),
                               "--note", "smoke"], cwd=REPO, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    text = md.read_text()
    assert text.startswith("# Benchmarks\n") and "Intro kept." in text and peers in text
    for name in ("machine", "api-load", "scaling", "memory"):
        assert text.count(f"<!-- bench:{name}:start -->") == 1 and text.count(f"<!-- bench:{name}:end -->") == 1, name
    assert "POST /analyze-async" in text and "GET /status" in text and "Note: smoke" in text
    assert "| 2 | 8 |" in text  # the 2x8 scaling row
    assert "finished real analysis" in text
    assert "analysis:start" not in text  # no analysis.json: no section


def test_scripts_bench_runs_one_benchmark(tmp_path: Path) -> None:
    md = tmp_path / "B.md"
    env = {**os.environ, "VENV": str(Path(sys.executable).parents[1])}
    # memory: the one whose --quick waits for no quiet machine (scaling's waits up to 5 s before each of
    # its 3 configurations, 15 s more on a loaded machine; test_scaling_quick runs it without the wait).
    proc = subprocess.run(["bash", str(REPO / "scripts" / "bench"), "--quick", "--only", "memory", "--out", str(tmp_path),
                           "--markdown", str(md)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-4000:]
    data = json.loads((tmp_path / "memory.json").read_text())
    assert data["config"]["quick"] is True
    text = md.read_text()
    assert "<!-- bench:memory:start -->" in text and "<!-- bench:machine:start -->" in text
    assert "queue-peers" not in text and "bench:scaling:start" not in text  # --only memory: nothing else ran


@pytest.mark.parametrize("script", sorted(p.name for p in (REPO / "bench").glob("*.py") if "__main__" in p.read_text()))
def test_every_benchmark_script_starts(script: str) -> None:
    """Each bench/ script imports and answers --help (bench/sandbox.py once imported a helper that had moved, and no
    test ran it)."""
    proc = subprocess.run([sys.executable, str(REPO / "bench" / script), "--help"], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "usage" in proc.stdout.lower(), proc.stdout[:500]
