"""`python -m shared.cli` as a user runs it: a subprocess against the real API (uvicorn on a free
port, the session's redis-server, a worker in the test's loop with a stand-in analysis)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from shared.cli import main as cli_main
from tests.live_service import PATIENT_NAME, PDF, STAGES, LiveApi, live_api, sample_result
from tests.redis_server import RedisServer, free_port

ROOT = Path(__file__).resolve().parents[1]
GIF = b"GIF89a" + b"\0" * 64  # an image kind the service does not read


@dataclass
class Run:
    code: int
    out: str
    err: str

    def clean(self) -> Run:
        """Errors are one clear line, never a traceback."""
        assert "Traceback" not in self.err and "Traceback" not in self.out, self.err
        return self


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BTA_")}
    env.update({"PYTHONUNBUFFERED": "1", "NO_COLOR": "1", "COLUMNS": "100", **extra})
    return env


async def start(url: str, *args: str, env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
    # Asynchronous: the API under test runs in this event loop and must keep answering.
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "shared.cli", "--url", url, *args, cwd=ROOT, env=env or cli_env(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finish(proc: asyncio.subprocess.Process, timeout: float = 20) -> Run:
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    assert proc.returncode is not None
    return Run(proc.returncode, out.decode(), err.decode()).clean()


async def cli(url: str, *args: str, env: dict[str, str] | None = None) -> Run:
    return await finish(await start(url, *args, env=env))


@pytest.fixture
async def service(redis_server: RedisServer, redis_client: aioredis.Redis,
                  request: pytest.FixtureRequest) -> AsyncIterator[LiveApi]:  # fmt: skip
    overrides = getattr(request, "param", {}) or {}
    async with live_api(redis_server.url, delay=0.05, **overrides) as api:
        yield api


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "blood-test.pdf"
    path.write_bytes(PDF)
    return path


async def test_submit_wait_prints_progress_and_a_readable_result(service: LiveApi, tmp_path: Path) -> None:
    pdf = tmp_path / "blood-test.pdf"
    pdf.write_bytes(PDF + b"STEPS")  # the job holds at each stage until its line is out (tests/live_service.py)
    proc = await start(service.url, "submit", str(pdf), "--query", "Is my cholesterol OK?", "--priority", "high", "--wait")
    assert proc.stderr is not None
    shown: list[str] = []
    for stage, _ in STAGES:
        while not any(stage in line for line in shown):
            line = (await asyncio.wait_for(proc.stderr.readline(), 30)).decode()
            assert line, f"the CLI ended before showing {stage}: {shown}"
            shown.append(line)
        service.gate.release(stage)
    run = await finish(proc)
    assert run.code == 0, run.err
    # Progress on stderr, one line per change when not a terminal, through every stage.
    lines = "".join(shown).splitlines() + run.err.splitlines()
    for stage in ("extracting (page 1/1)", "parsing", "analyzing", "finalizing", "completed"):
        assert any(stage in line for line in lines), run.err
    assert lines[-1].strip() == "100%  completed"
    # The result on stdout: flagged biomarkers only, findings, the three specialists, the disclaimer.
    out = run.out
    assert "completed" in out.splitlines()[0] and "Question: Is my cholesterol OK?" in out
    assert "Results outside the range (1 of 4 flagged)" in out
    row = next(line for line in out.splitlines() if "LDL cholesterol" in line and "HIGH" in line)
    assert "4.9 mmol/L" in row and "< 3.0" in row
    assert "Hemoglobin" not in out  # normal results are left out without --all
    assert "Findings" in out and "Cholesterol: LDL cholesterol outside the range" in out
    for label in ("Physician", "Nutritionist", "Exercise physiologist"):
        assert f"  {label}\n" in out
    assert "not a medical diagnosis" in out and PATIENT_NAME in out


async def test_submit_wait_json_prints_the_raw_result(service: LiveApi, pdf: Path) -> None:
    run = await cli(service.url, "submit", str(pdf), "--wait", "--json", "-q", "iron?")
    assert run.code == 0, run.err
    assert json.loads(run.out) == sample_result(PDF, "iron?")


async def test_submit_without_wait_then_status_and_all(service: LiveApi, pdf: Path) -> None:
    run = await cli(service.url, "submit", str(pdf), "--json")
    accepted = json.loads(run.out)
    assert run.code == 0 and accepted["status"] == "queued"
    run = await cli(service.url, "status", accepted["job_id"], "--wait", "--all")
    assert run.code == 0, run.err
    assert f"Job {accepted['job_id']}: completed" in run.out and "Hemoglobin" in run.out  # --all lists every result
    assert "attempts" in run.out and "finished" in run.out


async def test_the_installed_bta_command_is_the_same_cli(service: LiveApi, pdf: Path, tmp_path: Path) -> None:
    # `make install` puts the console script of pyproject.toml's [project.scripts] beside the venv's python;
    # it works from any directory, and its hints name it as the user typed it.
    bta = Path(sys.executable).parent / "bta"
    assert bta.is_file(), f"{bta} is missing: `make install` installs the project (pip install -e .)"

    async def run(*args: str) -> Run:
        proc = await asyncio.create_subprocess_exec(str(bta), "--url", service.url, *args, cwd=tmp_path, env=cli_env(),
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)  # fmt: skip
        return await finish(proc)

    submitted = await run("submit", str(pdf), "--query", "iron?")
    assert submitted.code == 0, submitted.err
    job_id = submitted.out.split()[2]
    assert f"Follow it with: bta status {job_id} --wait" in submitted.out
    done = await run("status", job_id, "--wait", "--json")
    assert done.code == 0 and json.loads(done.out)["result"] == sample_result(PDF, "iron?"), done.err
    usage = await run("--help")
    assert usage.code == 0 and usage.out.startswith("usage: bta ") and "  bta submit report.pdf" in usage.out


async def test_rejected_upload_exits_2_with_the_servers_message(service: LiveApi, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(GIF)
    run = await cli(service.url, "submit", str(scan), "--wait")
    assert run.code == 2 and run.out == ""
    assert run.err.strip() == ("error: the uploaded file is not a PDF or a JPEG/PNG image; upload the lab report as a "
                               "PDF, or a photo or scan of it [HTTP 415]")  # fmt: skip
    run = await cli(service.url, "submit", str(tmp_path / "missing.pdf"))
    assert run.code == 2 and run.err.strip() == f"error: no such file: {tmp_path / 'missing.pdf'}"


async def test_a_failed_job_exits_1_with_its_error(service: LiveApi, tmp_path: Path) -> None:
    bad = tmp_path / "letter.pdf"
    bad.write_bytes(PDF + b"FAIL")
    run = await cli(service.url, "submit", str(bad), "--wait")
    assert run.code == 1 and run.out == ""
    assert "failed: this does not look like a blood test report (not_a_lab_report)" in run.err.splitlines()[-1]


async def test_results_as_fhir_and_csv(service: LiveApi, pdf: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    run = await cli(service.url, "submit", str(pdf), "--wait", "--format", "csv", "--patient-reference", "Patient/7")
    assert run.code == 0, run.err
    assert run.out.startswith("\ufeffname,canonical,value,unit,ucum,range,flag,loinc")
    rows = run.out.splitlines()
    assert len(rows) == 5 and rows[1].startswith("Hemoglobin,hemoglobin,14.1,g/dL,g/dL,13.5 - 17.5,normal,718-7")
    (job,) = await service.queue.recent(limit=1)
    run = await cli(service.url, "status", job.id, "--format", "fhir", "--include-name")
    assert run.code == 0, run.err
    bundle = json.loads(run.out)
    report = bundle["entry"][0]["resource"]
    assert bundle["resourceType"] == "Bundle" and report["subject"] == {"reference": "Patient/7", "display": PATIENT_NAME}
    bad = tmp_path / "letter.pdf"
    bad.write_bytes(PDF + b"FAIL")
    run = await cli(service.url, "submit", str(bad), "--wait", "--format", "csv")
    assert run.code == 1 and run.out == "" and "failed" in run.err
    with pytest.raises(SystemExit) as exit_:
        cli_main(["--url", service.url, "status", job.id, "--json", "--format", "csv"])
    assert exit_.value.code == 2 and "two different outputs" in capsys.readouterr().err


async def test_queued_position_then_cancel_and_purge(service: LiveApi, pdf: Path) -> None:
    await service.queue.pause()
    first = json.loads((await cli(service.url, "submit", str(pdf), "--json")).out)["job_id"]
    waiting = await start(service.url, "submit", str(pdf), "--wait")
    assert waiting.stderr is not None
    line = ""
    while "queued" not in line:  # the waiting client shows its place in the queue
        line = (await asyncio.wait_for(waiting.stderr.readline(), 10)).decode()
    line = (await asyncio.wait_for(waiting.stderr.readline(), 10)).decode()
    assert line.strip().startswith("0%  queued (position 2)"), line

    run = await cli(service.url, "cancel", first)
    assert run.code == 0 and run.out.strip() == f"Job {first}: cancelled - the job was cancelled"
    # The job behind it moved up: the waiting client re-reads its position while queued.
    while "position 1" not in line:
        line = (await asyncio.wait_for(waiting.stderr.readline(), 10)).decode()
    run = await cli(service.url, "status", first)
    assert run.code == 1 and f"Job {first}: cancelled" in run.out
    await service.queue.resume()
    assert (await finish(waiting)).code == 0

    run = await cli(service.url, "cancel", first, "--purge")
    assert run.code == 0 and "purged" in run.out
    run = await cli(service.url, "status", first)
    assert run.code == 2 and "[HTTP 404]" in run.err


async def test_stats_workers_and_jobs(service: LiveApi, pdf: Path) -> None:
    assert (await cli(service.url, "submit", str(pdf), "--wait")).code == 0
    run = await cli(service.url, "stats")
    assert run.code == 0 and run.out.startswith("Queue: healthy (redis)")
    assert any(line.split()[:2] == ["completed", "1"] for line in run.out.splitlines()), run.out
    run = await cli(service.url, "workers")
    assert run.code == 0 and service.worker.id in run.out and "running" in run.out
    run = await cli(service.url, "jobs", "--status", "completed")
    assert run.code == 0 and "completed" in run.out and "blood-test.pdf" in run.out
    run = await cli(service.url, "jobs", "--status", "failed", "--json")
    assert json.loads(run.out) == {"jobs": [], "count": 0}
    run = await cli(service.url, "stats", "--json")
    assert json.loads(run.out)["workers_alive"] == 1


async def test_watch_refreshes_and_ctrl_c_exits_cleanly(service: LiveApi) -> None:
    run = await cli(service.url, "watch", "--count", "2", "--interval", "0.2")
    assert run.code == 0 and run.out.count("Recent jobs") == 2 and run.out.count("Queue: healthy") == 2
    proc = await start(service.url, "watch")
    assert proc.stdout is not None
    await asyncio.wait_for(proc.stdout.readuntil(b"Recent jobs"), 10)
    proc.send_signal(signal.SIGINT)
    run = await finish(proc, 10)
    assert run.code == 0 and run.err == ""


async def test_connection_refused_exits_2_with_a_clear_message() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    for args in (["stats"], ["watch"], ["status", "0" * 32]):
        run = await cli(url, *args)
        assert run.code == 2 and run.out == ""
        assert (
            run.err.strip() == f"error: cannot connect to {url}: connection refused; is the API running? (set --url or BTA_URL)"
        )
    run = await cli("localhost:8000", "stats")
    assert run.code == 2 and "--url must start with http://" in run.err
    run = await cli(url, "submit")  # argparse: usage and exit 2
    assert run.code == 2 and "usage:" in run.err


@pytest.mark.parametrize("service", [{"api_keys": "client-key", "admin_api_keys": "admin-key"}], indirect=True)
async def test_api_keys(service: LiveApi, pdf: Path) -> None:
    run = await cli(service.url, "stats")
    assert run.code == 2 and "an API key is required" in run.err and "BTA_API_KEY" in run.err
    run = await cli(service.url, "stats", "--api-key", "client-key")
    assert run.code == 2 and "admin API key" in run.err and "[HTTP 403]" in run.err
    run = await cli(service.url, "submit", str(pdf), "--wait", env=cli_env(BTA_API_KEY="client-key"))
    assert run.code == 0 and "LDL cholesterol" in run.out  # the stream carries the key too
    run = await cli(service.url, "--api-key", "admin-key", "workers")
    assert run.code == 0 and "running" in run.out
