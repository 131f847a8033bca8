"""Submitting reports: `POST /analyze-async` (answer at once) and `POST /analyze` (wait)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse

from api.backend import Backend
from api.deps import BackendDep, Caller, CallerDep, SettingsDep
from api.errors import ApiError
from api.events import RESYNC, next_event
from api.schemas import Accepted, ErrorResponse, JobStatusResponse
from api.uploads import FORM_SCHEMA, Submission, read_submission
from api.views import accepted, humanize_seconds, job_status, status_url
from shared.errors import TenantQueueFull
from shared.job import JobRecord, Status
from shared.queue.redis_queue import Enqueued

log = logging.getLogger("bta.api")
router = APIRouter(tags=["analysis"])

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=200, description="Retrying with the same key returns the same job"),
]

_SUBMIT_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or invalid API key"},
    413: {"model": ErrorResponse, "description": "Upload larger than MAX_UPLOAD_MB"},
    415: {"model": ErrorResponse, "description": "Not multipart/form-data, or the file is not a PDF"},
    422: {"model": ErrorResponse, "description": "Empty file, missing/extra fields, bad priority, query too long, "
                                                 "or an Idempotency-Key reused with another file"},
    429: {"model": ErrorResponse, "description": "Rate limit, MAX_QUEUE_SIZE, or this key's MAX_QUEUED_PER_KEY / "
                                                 "MAX_QUEUED_MB_PER_KEY reached; see Retry-After"},
    503: {"model": ErrorResponse, "description": "The queue (Redis) is unreachable"},
}  # fmt: skip


async def _submit(request: Request, backend: Backend, caller: Caller, idempotency_key: str | None) -> tuple[Submission, Enqueued]:
    settings = backend.settings
    if settings.rate_limit_per_minute:
        count = await backend.queue.hit_rate_limit(caller.rate_key, settings.rate_limit_per_minute)
        if count > settings.rate_limit_per_minute:
            wait = str(60 - int(time.time()) % 60)
            raise ApiError(429, f"too many submissions: at most {settings.rate_limit_per_minute} per minute",
                           "rate_limited", {"Retry-After": wait})  # fmt: skip
    submission = await read_submission(request, settings)
    try:
        enqueued = await backend.queue.enqueue(
            submission.pdf,
            query=submission.query,
            priority=submission.priority,
            filename=submission.filename,
            owner=caller.owner,
            tenant=caller.rate_key,
            callback_url=submission.callback_url,
            idempotency_key=idempotency_key,
            patient_reference=submission.patient_reference,
        )
    except TenantQueueFull as exc:
        await backend.eta.refresh(backend.queue)
        raise ApiError(429, str(exc), "too_many_queued", {"Retry-After": str(backend.eta.retry_after_seconds())}) from None
    log.info("job submitted", extra={"job_id": enqueued.job_id, "size": len(submission.pdf),
                                     "priority": submission.priority.value, "new": enqueued.created})  # fmt: skip
    return submission, enqueued


async def _accepted(backend: Backend, submission: Submission, enqueued: Enqueued, mode: str,
                    owner: str | None) -> Accepted:  # fmt: skip
    eta_model = backend.eta
    await eta_model.refresh(backend.queue)
    body = accepted(enqueued, size=len(submission.pdf), filename=submission.filename,
                    received_at=submission.received_at, eta=eta_model.for_position(enqueued.position), mode=mode)  # fmt: skip
    if not enqueued.created:  # a replay: say where the earlier job is now, which may be long finished
        record, position = await backend.queue.get(enqueued.job_id, owner=owner)
        body.status, body.queue_position = record.status, position
        body.eta_seconds = eta_model.for_record(record, position)
        body.estimated_processing_time = humanize_seconds(body.eta_seconds) if not record.status.terminal else "finished"
    return body


@router.post(
    "/analyze-async",
    status_code=202,
    response_model=Accepted,
    responses=_SUBMIT_ERRORS,
    openapi_extra=FORM_SCHEMA,
    summary="Queue a lab report for analysis and return at once",
)
async def analyze_async(
    request: Request, response: Response, backend: BackendDep, caller: CallerDep, idempotency_key: IdempotencyKey = None
) -> Accepted:
    submission, enqueued = await _submit(request, backend, caller, idempotency_key)
    response.headers["Location"] = status_url(enqueued.job_id)
    return await _accepted(backend, submission, enqueued, "asynchronous", caller.owner)


@router.post(
    "/analyze",
    response_model=JobStatusResponse,
    responses={
        202: {"model": Accepted, "description": "Not finished within SYNC_TIMEOUT: poll status_url"},
        409: {"model": ErrorResponse, "description": "The job was cancelled while waiting"},
        **_SUBMIT_ERRORS,
        422: {"model": ErrorResponse, "description": "Bad request, or the document could not be analysed"},
    },
    openapi_extra=FORM_SCHEMA,
    summary="Analyse a lab report and wait for the result (still through the queue)",
)
async def analyze_sync(
    request: Request, backend: BackendDep, settings: SettingsDep, caller: CallerDep, idempotency_key: IdempotencyKey = None
) -> Any:
    submission, enqueued = await _submit(request, backend, caller, idempotency_key)
    record = await wait_for_end(backend, enqueued.job_id, caller.owner, settings.sync_timeout)
    if record.status is Status.COMPLETED:
        return job_status(record, None, None)
    if record.status is Status.FAILED:
        return JSONResponse({"detail": record.error or "the analysis failed", "error": record.error_kind or "failed",
                             "job_id": record.id, "status_url": status_url(record.id)}, status_code=422)  # fmt: skip
    if record.status is Status.CANCELLED:
        return JSONResponse({"detail": "the job was cancelled", "error": "cancelled", "job_id": record.id,
                             "status_url": status_url(record.id)}, status_code=409)  # fmt: skip
    body = await _accepted(backend, submission, enqueued, "synchronous", caller.owner)
    body.status = record.status
    body.message = f"Not finished within {settings.sync_timeout:g} s; poll status_url for the result"
    return JSONResponse(body.model_dump(mode="json"), status_code=202, headers={"Location": status_url(record.id)})


async def wait_for_end(backend: Backend, job_id: str, owner: str | None, timeout: float) -> JobRecord:
    """Wait for the job's terminal state by listening to its events (no polling loop);
    the hash is re-read on a terminal event, after a resync, and every few seconds as a safety net."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with backend.hub.listen(job_id) as events:
        record, _ = await backend.queue.get(job_id, owner=owner)
        while not record.status.terminal and (remaining := deadline - loop.time()) > 0:
            event = await next_event(events, min(remaining, 5.0))
            if event is None or event is RESYNC or event.get("status") in ("completed", "failed", "cancelled"):
                record, _ = await backend.queue.get(job_id, owner=owner)
        return record
