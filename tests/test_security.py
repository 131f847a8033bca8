"""Access control, bad documents end to end, fuzzing of the OpenAPI schema, Redis with a password and TLS."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from api.main import create_app
from shared.handlers import APP
from shared.queue.redis_queue import RedisQueue
from shared.worker.runtime import Worker
from tests.analysis.test_bad_documents import CASES, WITH_OCR
from tests.api_harness import PDF, Api, settings_for, submit, wait_done
from tests.conftest import CORPUS
from tests.http_server import serve
from tests.procs import start_api, wait_http
from tests.redis_server import RedisServer, free_port


def corpus_report() -> bytes:
    path = CORPUS / "cardiocare-synthetic.pdf"
    if not path.exists():
        pytest.skip(f"{path} is missing (the corpus sits beside the checkout)")
    return path.read_bytes()


KEYS = {"api_keys": "key-alice,key-bob", "admin_api_keys": "key-admin"}
ALICE, BOB, ADMIN = ({"X-API-Key": k} for k in ("key-alice", "key-bob", "key-admin"))


@pytest.mark.parametrize("api", [KEYS], indirect=True)
async def test_a_job_is_visible_only_to_the_key_that_submitted_it(api: Api) -> None:
    http = api.http
    r = await http.post("/analyze-async", files={"file": ("r.pdf", PDF, "application/pdf")}, headers=ALICE)
    assert r.status_code == 202
    job_id = r.json()["job_id"]
    done = await http.get(f"/status/{job_id}", headers={"Authorization": "Bearer key-alice"})
    assert done.status_code == 200
    for headers in (BOB, ADMIN):  # even an operator key cannot read someone's report
        for method, path in (("GET", f"/status/{job_id}"), ("GET", f"/jobs/{job_id}/events"),
                             ("GET", f"/jobs/{job_id}/fhir"), ("GET", f"/jobs/{job_id}/csv"),
                             ("DELETE", f"/jobs/{job_id}"), ("DELETE", f"/jobs/{job_id}?purge=true")):  # fmt: skip
            r = await http.request(method, path, headers=headers)
            assert r.status_code == 404, (headers, method, path, r.text)
            assert r.json()["error"] == "not_found"
        listed = (await http.get("/jobs", headers=headers)).json()
        assert job_id not in [j["job_id"] for j in listed["jobs"]]
    assert job_id in [j["job_id"] for j in (await http.get("/jobs", headers=ALICE)).json()["jobs"]]
    assert (await http.delete(f"/jobs/{job_id}?purge=true", headers=ALICE)).json()["status"] == "purged"


@pytest.mark.parametrize("api", [KEYS], indirect=True)
async def test_keys_are_required_and_operator_endpoints_need_an_admin_key(api: Api) -> None:
    http = api.http
    assert (await http.get("/health")).status_code == 200  # liveness stays open
    for path in ("/status/0123456789abcdef0123456789abcdef", "/jobs", "/queue/stats"):
        r = await http.get(path)
        assert r.status_code == 401 and r.json()["error"] == "unauthorized" and r.headers["www-authenticate"]
        assert (await http.get(path, headers={"X-API-Key": "wrong"})).status_code == 401
    r = await http.post("/analyze-async", files={"file": ("r.pdf", PDF, "application/pdf")})
    assert r.status_code == 401
    for method, path in (("GET", "/queue/stats"), ("GET", "/queue/workers"), ("GET", "/metrics"),
                         ("POST", "/queue/pause"), ("POST", "/queue/resume")):  # fmt: skip
        assert (await http.request(method, path, headers=ALICE)).status_code == 403
        assert (await http.request(method, path, headers=ADMIN)).status_code == 200
    r = await http.get("/queue/stats", headers={"Authorization": "Bearer key-admin"})
    assert r.status_code == 200


BAD_DOCUMENTS = [case for case in CASES if case not in ("png renamed .pdf", "empty bytes")]  # refused at upload


@pytest.mark.parametrize("api", [{"real_analysis": True, "max_upload_mb": 5}], indirect=True)
async def test_bad_documents_fail_with_their_own_message_and_the_worker_survives(api: Api) -> None:
    ids = {}
    for case in BAD_DOCUMENTS:
        make, _, _ = CASES[case]
        r = await submit(api.http, make())
        assert r.status_code == 202, (case, r.text)
        ids[case] = r.json()["job_id"]
    from tests.analysis.pdfgen import build_pdf, text_page

    thousand = build_pdf([text_page([(50, 700, f"page {i}")]) for i in range(1000)])
    r = await submit(api.http, thousand)
    ids["1000 pages"] = r.json()["job_id"]
    for case, job_id in ids.items():
        body = await wait_done(api.http, job_id, timeout=60)
        assert body["status"] == "failed" and body["attempts"] == 1, (case, body)
        expected = WITH_OCR.get(case, CASES[case])[-1] if case in CASES else "more than 50 pages"
        assert expected in body["error"], (case, body["error"])
        assert "Traceback" not in body["error"] and "File \"" not in body["error"]
    good = (await submit(api.http, corpus_report())).json()
    assert (await wait_done(api.http, good["job_id"]))["status"] == "completed"  # the worker is still fine


async def test_unexpected_errors_answer_a_plain_500(redis_server: RedisServer) -> None:
    app = create_app(settings_for(redis_server.url))

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret detail /etc/passwd")

    async with serve(app) as url, httpx.AsyncClient(base_url=url) as http:
        r = await http.get("/boom")
    assert r.status_code == 500 and r.json() == {"detail": "internal error; the request was not completed",
                                                 "error": "internal_error"}  # fmt: skip


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors_or_schema_violations(tmp_path: Path) -> None:
    """Property-based requests generated from the app's own OpenAPI schema (bounded for CI)."""
    st = Path(sys.executable).parent / "schemathesis"
    if not st.exists():
        pytest.skip("schemathesis is not installed (requirements-dev.txt)")
    port = free_port()
    api = start_api(None, port, tmp_path / "api.log", RATE_LIMIT_PER_MINUTE=0, SYNC_TIMEOUT=5, LOG_LEVEL="WARNING")
    try:
        wait_http(f"http://127.0.0.1:{port}/health", proc=api)
        run = subprocess.run(
            [str(st), "run", f"http://127.0.0.1:{port}/openapi.json", "--checks",
             "not_a_server_error,response_schema_conformance", "--max-examples", "25", "--seed", "20261123",
             "--request-timeout", "20", "--no-color"],
            capture_output=True, text=True, timeout=240,
        )  # fmt: skip
        assert run.returncode == 0, run.stdout[-4000:]
        assert "passed" in run.stdout
    finally:
        api.close()


def make_tls_material(directory: Path, san: str = "IP:127.0.0.1") -> tuple[Path, Path, Path]:
    """A private CA and a server certificate it signed for `san` (openssl): ca.crt, server.crt, server.key."""

    def ssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca", "-keyout", "ca.key", "-out", "ca.crt")
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + san.split(":", 1)[1], "-keyout", "server.key", "-out", "server.csr")
    (directory / "san.cnf").write_text(f"subjectAltName={san}\n")
    ssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", "san.cnf", "-out", "server.crt")  # fmt: skip
    return directory / "ca.crt", directory / "server.crt", directory / "server.key"


async def test_redis_with_password_and_tls(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    ca, cert, key = make_tls_material(tmp_path)
    port = free_port()
    server = RedisServer(tmp_path / "redis", port=free_port())
    server.extra_args = ["--port", "0", "--tls-port", str(port), "--tls-cert-file", str(cert), "--tls-key-file", str(key),
                         "--tls-ca-cert-file", str(ca), "--tls-auth-clients", "no", "--requirepass", "pa55-w0rd!"]  # fmt: skip
    server.start(probe=False)
    url = f"rediss://:pa55-w0rd!@127.0.0.1:{port}/0?ssl_ca_certs={ca}&ssl_cert_reqs=required"
    try:
        caplog.set_level(logging.INFO)
        settings = settings_for(url)
        worker_client = aioredis.Redis.from_url(url)
        worker = Worker.for_app(APP, RedisQueue(worker_client, lease_seconds=2), settings)
        task = asyncio.create_task(worker.run())
        deadline = time.monotonic() + 10
        async with serve(create_app(settings)) as api_url, httpx.AsyncClient(base_url=api_url) as http:
            while (await http.get("/health/ready")).status_code != 200 and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            report = corpus_report()
            job_id = (await submit(http, report)).json()["job_id"]
            assert (await wait_done(http, job_id))["status"] == "completed"
        worker.stop()
        await task
        await worker_client.aclose()
        wrong = aioredis.Redis.from_url(url.replace("pa55-w0rd!", "nope"))
        with pytest.raises(RedisError):  # wrong password: refused
            await wrong.ping()
        await wrong.aclose()
    finally:
        server.kill()
    assert "pa55-w0rd!" not in caplog.text  # the password never reaches a log

