"""Operator endpoints: queue statistics, live workers, every recent job, pause and resume.

All need an admin key (ADMIN_API_KEYS); without any keys configured, a client on this machine."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AdminDep, BackendDep
from api.schemas import OpsJobsResponse, PauseResponse, QueueStatsResponse, WorkerInfo, WorkersResponse
from api.views import ops_job
from shared.job import Status, ms_to_iso

router = APIRouter(prefix="/queue", tags=["operations"])


@router.get("/stats", response_model=QueueStatsResponse, summary="Queue lengths, counters and worker count")
async def queue_stats(backend: BackendDep, _: AdminDep) -> QueueStatsResponse:
    settings = backend.settings
    stats = await backend.queue.stats(worker_window_ms=int(settings.worker_ttl_seconds * 1000))
    c = stats.counters
    mean = c.get("dur_sum_ms", 0) / c["dur_count"] / 1000 if c.get("dur_count") else None
    return QueueStatsResponse(
        queue_enabled=True,
        backend=backend.mode,
        status="healthy" if stats.workers_alive > 0 and not stats.paused else "degraded",
        paused=stats.paused,
        queue_length=stats.queued_total,
        queued=stats.queued,
        retrying=stats.delayed,
        processing=stats.processing,
        submitted=c.get("submitted", 0),
        completed=c.get("completed", 0),
        failed=c.get("failed", 0),
        cancelled=c.get("cancelled", 0),
        retried=c.get("retried", 0),
        stalled=c.get("stalled", 0),
        workers_alive=stats.workers_alive,
        average_duration_seconds=round(mean, 3) if mean is not None else None,
    )


@router.get("/workers", response_model=WorkersResponse, summary="Live workers and what they are doing")
async def queue_workers(backend: BackendDep, _: AdminDep) -> WorkersResponse:
    raw = await backend.queue.workers(window_ms=int(backend.settings.worker_ttl_seconds * 1000))
    busy = await backend.queue.in_flight_by_worker()  # live, not as of the last heartbeat
    workers = [
        WorkerInfo(
            id=w["id"],
            host=w.get("host"),
            pid=int(w["pid"]) if w.get("pid", "").isdigit() else None,
            state=w.get("state"),
            started_at=ms_to_iso(int(w["started_at"])) if w.get("started_at", "").isdigit() else None,
            last_heartbeat=ms_to_iso(int(w["last_heartbeat"])) if w.get("last_heartbeat", "").isdigit() else None,
            concurrency=int(w["concurrency"]) if w.get("concurrency", "").isdigit() else None,
            in_flight=busy.get(w["id"], 0),
            processed=int(w.get("processed") or 0),
            failed=int(w.get("failed") or 0),
        )
        for w in raw
    ]
    return WorkersResponse(workers=workers, count=len(workers))


@router.get("/jobs", response_model=OpsJobsResponse, summary="Every recent job, whoever submitted it (state and timing only)")
async def queue_jobs(
    backend: BackendDep,
    _: AdminDep,
    status: Annotated[Status | None, Query(description="Only jobs in this state")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> OpsJobsResponse:
    records = await backend.queue.recent(limit=limit, status=status)
    return OpsJobsResponse(jobs=[ops_job(r) for r in records], count=len(records))


@router.post("/pause", response_model=PauseResponse, summary="Workers stop taking new jobs; running ones finish")
async def pause(backend: BackendDep, _: AdminDep) -> PauseResponse:
    await backend.queue.pause()
    return PauseResponse(paused=True)


@router.post("/resume", response_model=PauseResponse, summary="Workers take jobs again")
async def resume(backend: BackendDep, _: AdminDep) -> PauseResponse:
    await backend.queue.resume()
    return PauseResponse(paused=False)
