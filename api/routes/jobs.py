"""Reading, streaming, listing and cancelling jobs."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.responses import StreamingResponse

from api.deps import BackendDep, CallerDep
from api.errors import ApiError
from api.events import next_event
from api.schemas import CancelResponse, ErrorResponse, JobsResponse, JobStatusResponse
from api.views import checked_job_id, job_status, job_summary, retry_after
from shared.errors import JobNotFound
from shared.job import Status

router = APIRouter(tags=["jobs"])

KEEPALIVE_SECONDS = 15.0
POSITION_SECONDS = 2.0  # how often a queued job's position is re-read for its stream
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unknown, expired, purged, or not yours"},
    503: {"model": ErrorResponse, "description": "The queue (Redis) is unreachable"},
}


JobId = Annotated[str, Path(description="The job_id returned on submission", examples=["3f2a9c1e8b7d4a6f9e0c1b2a3d4e5f60"])]


@router.get("/status/{job_id}", response_model=JobStatusResponse, responses=_NOT_FOUND, summary="A job's status and result")
async def get_status(job_id: JobId, response: Response, backend: BackendDep, caller: CallerDep) -> JobStatusResponse:
    record, position = await backend.queue.get(checked_job_id(job_id), owner=caller.owner)
    await backend.eta.refresh(backend.queue)
    if (hint := retry_after(record)) is not None:
        response.headers["Retry-After"] = hint
    return job_status(record, position, backend.eta.for_record(record, position))


@router.delete(
    "/jobs/{job_id}",
    response_model=CancelResponse,
    responses=_NOT_FOUND,
    summary="Cancel a job (queued: at once; running: within a heartbeat, even mid model call); purge=true erases it",
)
async def cancel_job(
    job_id: JobId,
    backend: BackendDep,
    caller: CallerDep,
    purge: Annotated[bool, Query(description="Also erase the job and its result now")] = False,
) -> CancelResponse:
    outcome = await backend.queue.cancel(checked_job_id(job_id), owner=caller.owner, purge=purge)
    messages = {
        "cancelled": "the job was cancelled",
        "cancelling": "the job is running; it stops within a few seconds and ends as cancelled",
        "purged": "the job, its upload and its result were erased",
    }
    return CancelResponse(job_id=job_id, status=outcome,
                          message=messages.get(outcome, f"the job had already ended ({outcome})"))  # fmt: skip


@router.get("/jobs", response_model=JobsResponse, summary="Your recent jobs, newest first (the key's; without keys, the browser's X-Browser-Id)")
async def list_jobs(
    backend: BackendDep,
    caller: CallerDep,
    status: Annotated[Status | None, Query(description="Only jobs in this state")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> JobsResponse:
    if caller.owner is None and not caller.admin:
        raise ApiError(403, "without API keys this lists the jobs of one browser (the dashboard sends its "
                            "X-Browser-Id); every job is listed for operators on this machine only", "forbidden")
    records = await backend.queue.recent(limit=limit, status=status, owner=caller.owner)
    return JobsResponse(jobs=[job_summary(r) for r in records], count=len(records))


@router.get(
    "/jobs/{job_id}/events",
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}, **_NOT_FOUND},
    summary="Stream a job's status and progress (Server-Sent Events)",
    response_class=StreamingResponse,
)
async def job_events(
    job_id: JobId,
    request: Request,
    backend: BackendDep,
    caller: CallerDep,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=20)] = None,
) -> StreamingResponse:
    """Each event is the job's state (`event: status`); its `id` is the job's version, so a client
    that reconnects with Last-Event-ID gets the current state at once and never misses the end."""
    job_id = checked_job_id(job_id)
    await backend.queue.get(job_id, owner=caller.owner)  # 404 before the stream starts
    # ASCII digits only: str.isdigit() also accepts '²' and other digits int() refuses.
    seen = int(last_event_id) if last_event_id and re.fullmatch(r"[0-9]{1,18}", last_event_id) else -1
    return StreamingResponse(
        _stream(backend, job_id, caller.owner, seen, request),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _sse(record: Any, position: int | None, eta: float | None) -> str:
    body = job_status(record, position, eta).model_dump(mode="json")
    return f"id: {record.version}\nevent: status\ndata: {json.dumps(body, separators=(',', ':'))}\n\n"


async def _stream(backend: Any, job_id: str, owner: str | None, seen: int, request: Request) -> AsyncIterator[str]:
    """The job's state on every change, plus (while it waits in the queue) whenever its position
    moves: that changes with other jobs, not with this one, so it is re-read every few seconds."""
    queue = backend.queue
    yield "retry: 2000\n\n"
    shown_position: int | None = None
    async with backend.hub.listen(job_id) as events:
        while True:
            try:
                record, position = await queue.get(job_id, owner=owner)
            except JobNotFound:
                yield 'event: gone\ndata: {"detail":"the job was purged or has expired"}\n\n'
                return
            if record.version > seen or record.status.terminal or position != shown_position:
                seen, shown_position = record.version, position
                yield _sse(record, position, backend.eta.for_record(record, position))
            if record.status.terminal:
                return
            wait = POSITION_SECONDS if position is not None else KEEPALIVE_SECONDS
            while await next_event(events, wait) is None:
                if await request.is_disconnected():
                    return
                yield ": keep-alive\n\n"  # so proxies keep the connection open
                if position is not None:
                    break  # re-read the position

