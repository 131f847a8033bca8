"""GET /jobs/{id}/fhir and /jobs/{id}/csv through real HTTP against a real redis-server.

The worker runs the real local analysis on a corpus report (in the test's loop), so the export
reads a real stored result. Same tenant rules and errors as GET /status.
"""

from __future__ import annotations

import asyncio
import csv
import io
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from shared.analysis.pipeline import analyze_pdf
from shared.errors import NotALabReport
from shared.worker.context import JobContext
from tests.api_harness import PDF, Api, submit, wait_done
from tests.conftest import CORPUS

REPORT = CORPUS / "cardiocare-synthetic.pdf"


async def local_analysis(ctx: JobContext) -> dict[str, Any]:
    if b"FAIL" in ctx.job.payload:
        raise NotALabReport("this does not look like a blood test report")
    return await asyncio.to_thread(analyze_pdf, ctx.job.payload, ctx.job.query)


ANALYSIS = {"handler": local_analysis}
BROWSER = {"X-Browser-Id": "browser-one-0123456789"}


def report() -> bytes:
    if not REPORT.exists():
        pytest.skip(f"{REPORT} is missing (the corpus sits beside the checkout)")
    return REPORT.read_bytes()


@pytest.mark.parametrize("api", [ANALYSIS], indirect=True)
async def test_a_finished_job_exports_fhir_and_csv(api: Api) -> None:
    r = await submit(api.http, report(), headers=BROWSER, patient_reference="Patient/p-42")
    assert r.status_code == 202, r.text
    job_id = r.json()["job_id"]
    done = await wait_done(api.http, job_id, headers=BROWSER)
    assert done["status"] == "completed", done
    biomarkers = done["result"]["biomarkers"]

    r = await api.http.get(f"/jobs/{job_id}/fhir", headers=BROWSER)
    assert r.status_code == 200 and r.headers["content-type"] == "application/fhir+json"
    assert r.headers["content-disposition"] == f'attachment; filename="lab-results-{job_id[:8]}.fhir.json"'
    body = r.json()
    Bundle.model_validate(body)
    resources = [e["resource"] for e in body["entry"]]
    assert resources[0]["resourceType"] == "DiagnosticReport" and resources[0]["subject"] == {"reference": "Patient/p-42"}
    observations = [x for x in resources if x["resourceType"] == "Observation"]
    assert [o["code"]["text"] for o in observations][: len(biomarkers)] == [b["name"] for b in biomarkers]
    name = done["result"]["patient"]["name"]
    assert name and name not in r.text  # the printed name is left out ...
    named = (await api.http.get(f"/jobs/{job_id}/fhir?include_name=true", headers=BROWSER)).json()
    assert named["entry"][0]["resource"]["subject"] == {"reference": "Patient/p-42", "display": name}  # ... unless asked

    r = await api.http.get(f"/jobs/{job_id}/csv", headers=BROWSER)
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["name", "canonical", "value", "unit", "ucum", "range", "flag", "loinc"]
    assert [row[0] for row in rows[1 : len(biomarkers) + 1]] == [b["name"] for b in biomarkers]

    # Another browser (another owner) gets the same 404 as for /status.
    other = {"X-Browser-Id": "browser-two-0123456789"}
    for path in (f"/jobs/{job_id}/fhir", f"/jobs/{job_id}/csv", f"/status/{job_id}"):
        r = await api.http.get(path, headers=other)
        assert r.status_code == 404 and r.json()["error"] == "not_found", path


@pytest.mark.parametrize("api", [ANALYSIS], indirect=True)
async def test_unfinished_failed_and_unknown_jobs(api: Api) -> None:
    await api.queue.pause()
    queued = (await submit(api.http, report())).json()["job_id"]
    for kind in ("fhir", "csv"):
        r = await api.http.get(f"/jobs/{queued}/{kind}")
        assert r.status_code == 409 and r.headers["retry-after"] == "2"
        assert r.json() == {"detail": "the job is queued: its result is not ready yet", "error": "not_completed",
                            "status": "queued", "job_id": queued}
    await api.queue.resume()
    failed = (await submit(api.http, PDF + b"FAIL")).json()["job_id"]
    assert (await wait_done(api.http, failed))["status"] == "failed"
    r = await api.http.get(f"/jobs/{failed}/fhir")
    assert r.status_code == 409 and r.json()["status"] == "failed" and "retry-after" not in r.headers
    for path in ("/jobs/" + "0" * 32 + "/fhir", "/jobs/not-a-job/csv"):
        r = await api.http.get(path)
        assert r.status_code == 404 and r.json()["error"] == "not_found"


@pytest.mark.parametrize("api", [{"worker": False}], indirect=True)
async def test_a_bad_patient_reference_is_refused_at_upload(api: Api) -> None:
    for reference in ("Observation/1", "Patient/", "Patient/a b", "javascript:alert(1)", "Patient/" + "x" * 600):
        r = await submit(api.http, PDF, patient_reference=reference)
        assert r.status_code == 422 and r.json()["error"] == "invalid_patient_reference", reference
        assert reference not in r.json()["detail"].replace("Patient/<id>", "")  # never echoed
    assert not await api.queue.recent(limit=10)  # nothing was queued


@pytest.mark.parametrize("api", [{"worker": False}], indirect=True)
async def test_patient_reference_is_stored_with_the_job(api: Api) -> None:
    for reference in ("Patient/123", "https://ehr.example.org/fhir/Patient/abc.9/_history/2",
                      "urn:uuid:6f1f4c52-2b1e-4a57-9d43-0f3f1d8e6a10"):
        job_id = (await submit(api.http, PDF, patient_reference=reference)).json()["job_id"]
        record, _ = await api.queue.get(job_id)
        assert record.patient_reference == reference
    job_id = (await submit(api.http, PDF)).json()["job_id"]
    assert (await api.queue.get(job_id))[0].patient_reference is None
