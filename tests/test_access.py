"""Who sees what, over real HTTP: the patient's jobs (a key's, or a browser's without keys), the
operator's data (an admin key, or this machine without keys), and exactly what answers with no key.

A client "elsewhere" is simulated as a reverse proxy on this machine would present it: uvicorn
takes the client address from X-Forwarded-For when the connection comes from 127.0.0.1 (its
FORWARDED_ALLOW_IPS default)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from api.exposure import bind_host, is_local, warn_if_exposed
from api.views import humanize_seconds
from tests.api_harness import PDF, Api, settings_for, submit, wait_done

ELSEWHERE = {"X-Forwarded-For": "203.0.113.7"}
ALICE_BROWSER, BOB_BROWSER = ({"X-Browser-Id": b * 22} for b in ("a", "b"))
KEYS = {"api_keys": "key-client", "admin_api_keys": "key-admin"}
CLIENT, ADMIN = {"X-API-Key": "key-client"}, {"X-API-Key": "key-admin"}
OPERATOR_DATA = (("GET", "/queue/stats"), ("GET", "/queue/workers"), ("GET", "/queue/jobs"), ("GET", "/metrics"),
                 ("POST", "/queue/pause"), ("POST", "/queue/resume"))  # fmt: skip


async def test_without_keys_each_browser_lists_only_its_own_jobs(api: Api) -> None:
    http = api.http
    mine = (await submit(http, headers=ALICE_BROWSER)).json()["job_id"]
    theirs = (await submit(http, headers=BOB_BROWSER)).json()["job_id"]
    anonymous = (await submit(http)).json()["job_id"]  # curl: no key, no browser id
    for job_id in (mine, theirs, anonymous):
        await wait_done(http, job_id)

    listed = lambda r: [j["job_id"] for j in r.json()["jobs"]]  # noqa: E731
    assert listed(await http.get("/jobs", headers=ALICE_BROWSER)) == [mine]
    assert listed(await http.get("/jobs", headers={**BOB_BROWSER, **ELSEWHERE})) == [theirs]
    # Another browser cannot open it either; the one that sent it can, from anywhere.
    assert (await http.get(f"/status/{mine}", headers=BOB_BROWSER)).status_code == 404
    assert (await http.get(f"/status/{mine}", headers={**ALICE_BROWSER, **ELSEWHERE})).json()["status"] == "completed"
    # Every job, listed for nobody in particular: the operator, on this machine only.
    assert set(listed(await http.get("/jobs"))) == {mine, theirs, anonymous}
    r = await http.get("/jobs", headers=ELSEWHERE)
    assert r.status_code == 403 and "X-Browser-Id" in r.json()["detail"]
    # A malformed browser id is refused, not ignored (which would list nothing, silently).
    assert (await http.get("/jobs", headers={"X-Browser-Id": "short"})).status_code == 422


async def test_without_keys_operator_data_answers_only_this_machine(api: Api) -> None:
    http = api.http
    for method, path in OPERATOR_DATA:
        assert (await http.request(method, path)).status_code == 200, path
        r = await http.request(method, path, headers=ELSEWHERE)
        assert r.status_code == 403 and "ADMIN_API_KEYS" in r.json()["detail"], path
    assert (await http.get("/ops")).status_code == 200
    r = await http.get("/ops", headers=ELSEWHERE)
    assert r.status_code == 403 and "loopback" in r.json()["detail"]
    assert (await http.get("/", headers=ELSEWHERE)).status_code == 200  # the patient page is for everyone


@pytest.mark.parametrize("api", [KEYS], indirect=True)
async def test_with_keys_a_client_key_gets_the_patient_page_but_no_operator_data(api: Api) -> None:
    http = api.http
    for method, path in OPERATOR_DATA:
        assert (await http.request(method, path, headers=CLIENT)).status_code == 403, path
        assert (await http.request(method, path)).status_code == 401, path
        assert (await http.request(method, path, headers={**ADMIN, **ELSEWHERE})).status_code == 200, path
    page = await http.get("/", headers=CLIENT)
    assert page.status_code == 200 and 'src="/static/app.js"' in page.text
    # The operator page holds no data: it loads for anyone and asks for an admin key.
    ops = await http.get("/ops", headers=ELSEWHERE)
    assert ops.status_code == 200 and 'src="/static/ops.js"' in ops.text

    # The operator sees every key's jobs, as state and timing: no file name, question or result.
    job_id = (await submit(http, headers=CLIENT, query="my private question")).json()["job_id"]
    await wait_done(http, job_id, headers=CLIENT)
    jobs = (await http.get("/queue/jobs", headers=ADMIN)).json()["jobs"]
    row = next(j for j in jobs if j["job_id"] == job_id)
    assert row["status"] == "completed" and row["worker"] and row["attempts"] == 1
    assert not {"file_processed", "query", "result", "error"} & set(row)
    assert job_id not in [j["job_id"] for j in (await http.get("/jobs", headers=ADMIN)).json()["jobs"]]


@pytest.mark.parametrize("api", [KEYS], indirect=True)
async def test_exactly_these_answer_without_a_key(api: Api) -> None:
    """The README's Security section lists these; everything else answers 401."""
    http = api.http
    open_paths = ["/health", "/health/ready", "/", "/ops", "/docs", "/openapi.json", "/static/app.js",
                  "/static/common.js", "/static/ops.js", "/static/style.css", "/favicon.ico"]  # fmt: skip
    for path in open_paths:
        assert (await http.get(path)).status_code == 200, path
    schema = (await http.get("/openapi.json")).json()
    for path, methods in schema["paths"].items():
        if path in open_paths:
            continue
        for method in methods:
            url = path.replace("{job_id}", "0123456789abcdef0123456789abcdef")
            assert (await http.request(method.upper(), url)).status_code == 401, (method, path)


async def test_a_failed_job_says_what_to_do_next(api: Api) -> None:
    job_id = (await submit(api.http, PDF + b"FAIL")).json()["job_id"]
    body = await wait_done(api.http, job_id)
    assert body["status"] == "failed" and body["error_kind"] == "not_a_lab_report"
    failure = body["failure"]
    assert failure["code"] == "not_a_lab_report" and failure["title"] == "This does not look like a blood test report"
    assert failure["message"] == body["error"] and "lab report itself" in failure["next_step"]
    assert body["progress"]["stopped_at"] == "finalizing"  # the stand-in fails after its last stage
    cancelled = (await submit(api.http, PDF + b"SLOW")).json()["job_id"]
    await asyncio.sleep(0.3)
    await api.http.delete(f"/jobs/{cancelled}")
    body = await wait_done(api.http, cancelled)
    assert body["status"] == "cancelled" and body["failure"] is None
    assert body["progress"]["stopped_at"] in ("extracting", "parsing", "analyzing", "finalizing")


async def test_workers_busy_count_is_live(api: Api) -> None:
    """A worker's own in_flight is as old as its last heartbeat; /queue/workers counts held jobs now."""
    job_id = (await submit(api.http, PDF + b"SLOW")).json()["job_id"]
    for _ in range(100):
        if (await api.http.get(f"/status/{job_id}")).json()["status"] == "processing":
            break
        await asyncio.sleep(0.02)
    workers = (await api.http.get("/queue/workers")).json()["workers"]
    assert [w["in_flight"] for w in workers] == [1]
    await wait_done(api.http, job_id)
    assert [w["in_flight"] for w in (await api.http.get("/queue/workers")).json()["workers"]] == [0]


def test_plurals() -> None:
    assert humanize_seconds(1.2) == "about 1 second"
    assert humanize_seconds(0.2) == "about 1 second"
    assert humanize_seconds(7) == "about 7 seconds"
    assert humanize_seconds(80) == "about 80 seconds"
    assert humanize_seconds(100) == "about 2 minutes"


@pytest.mark.parametrize(
    ("argv", "env", "host"),
    [
        (["/venv/bin/uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"], {}, "0.0.0.0"),
        (["/venv/lib/python3.11/site-packages/uvicorn/__main__.py", "api.main:app", "--host=::"], {}, "::"),
        (["/venv/bin/uvicorn", "api.main:app"], {}, "127.0.0.1"),
        (["/venv/bin/uvicorn", "api.main:app"], {"UVICORN_HOST": "10.0.0.5"}, "10.0.0.5"),
        (["/venv/bin/uvicorn", "api.main:app", "--uds", "/run/bta.sock"], {}, None),
        (["/venv/bin/pytest", "tests"], {}, None),
    ],
)
def test_bind_host_reads_uvicorns_command_line(argv: list[str], env: dict[str, str], host: str | None) -> None:
    assert bind_host(argv, env) == host


def test_a_public_bind_without_keys_warns_loudly(caplog: pytest.LogCaptureFixture) -> None:
    assert is_local("127.0.0.1") and is_local("::1") and is_local("localhost")
    assert not is_local("0.0.0.0") and not is_local("::") and not is_local("api.example.com")
    with caplog.at_level(logging.WARNING, logger="bta.api"):
        assert warn_if_exposed(settings_for(None), "0.0.0.0")
        assert not warn_if_exposed(settings_for(None), "127.0.0.1")
        assert not warn_if_exposed(settings_for(None, api_keys="k"), "0.0.0.0")
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["SECURITY"]
    assert "API_KEYS" in caplog.records[0].getMessage()
