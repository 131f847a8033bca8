"""A finished job's result as FHIR R4 (`GET /jobs/{id}/fhir`) or CSV (`GET /jobs/{id}/csv`).

Same rules as `GET /status/{id}`: only the owner (API key, or browser id without keys) reaches
a job, an unknown one is 404. A job without a result to export is 409 with its status
(queued or processing: try again later, with Retry-After; failed or cancelled: never).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.deps import BackendDep, CallerDep
from api.errors import ApiError
from api.routes.jobs import JobId
from api.schemas import ErrorResponse
from api.views import checked_job_id, retry_after
from shared.export import fhir, table
from shared.export.stored import Exportable, NotExportable, exportable
from shared.job import JobRecord, Status, ms_to_iso

router = APIRouter(tags=["exports"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unknown, expired, purged, or not yours"},
    409: {"model": ErrorResponse, "description": "No result yet (queued or processing: see Retry-After), or none ever "
                                                 "(failed or cancelled); `status` says which"},
    503: {"model": ErrorResponse, "description": "The queue (Redis) is unreachable"},
}


async def _finished(backend: Any, caller: Any, job_id: str) -> tuple[JobRecord, Exportable]:
    record, _ = await backend.queue.get(checked_job_id(job_id), owner=caller.owner)
    if record.status is not Status.COMPLETED or not isinstance(record.result, dict):
        ended = record.status.terminal
        detail = (f"the job {record.status.value}: it has no result to export" if ended
                  else f"the job is {record.status.value}: its result is not ready yet")
        hint = retry_after(record)
        raise ApiError(409, detail, "not_completed", {"Retry-After": hint} if hint else None,
                       extra={"status": record.status.value, "job_id": record.id})
    try:
        return record, exportable(record.result)
    except NotExportable:  # a job kind whose result is not an analysis
        raise ApiError(409, "this job's result is not a lab report analysis", "not_exportable",
                       extra={"status": record.status.value, "job_id": record.id}) from None


def _download(body: str, media_type: str, job_id: str, suffix: str) -> Response:
    return Response(body, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="lab-results-{job_id[:8]}.{suffix}"',
        "Cache-Control": "no-store",
    })


@router.get(
    "/jobs/{job_id}/fhir",
    responses={200: {"content": {fhir.MEDIA_TYPE: {}}, "description": "A FHIR R4 Bundle (type collection): one "
                     "DiagnosticReport and one Observation per result, coded with LOINC and UCUM"}, **_ERRORS},
    summary="A finished job's result as FHIR R4 (DiagnosticReport + Observations, LOINC and UCUM)",
    response_class=Response,
)
async def job_fhir(
    job_id: JobId,
    backend: BackendDep,
    caller: CallerDep,
    include_name: Annotated[bool, Query(description="Add the patient name printed on the report as the "
                                                    "subject's display (left out by default)")] = False,
) -> Response:
    """The subject is the `patient_reference` sent with the upload, if any; no Patient resource is made up."""
    record, result = await _finished(backend, caller, job_id)
    ctx = fhir.ExportContext(job_id=record.id, finished_at=ms_to_iso(record.finished_at),
                             patient_reference=record.patient_reference, include_name=include_name)
    body = json.dumps(fhir.bundle(result, ctx), ensure_ascii=False, separators=(",", ":"))
    return _download(body, fhir.MEDIA_TYPE, record.id, "fhir.json")


@router.get(
    "/jobs/{job_id}/csv",
    responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 with a byte-order mark; one row per result: "
                     "name, canonical, value, unit, ucum, range, flag, loinc"}, **_ERRORS},
    summary="A finished job's result as CSV for spreadsheets",
    response_class=Response,
)
async def job_csv(job_id: JobId, backend: BackendDep, caller: CallerDep) -> Response:
    record, result = await _finished(backend, caller, job_id)
    return _download(table.to_csv(result), table.MEDIA_TYPE, record.id, "csv")
