"""Liveness (no I/O) and readiness (Redis reachable and a worker alive)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import BackendDep
from api.schemas import HealthResponse, ReadyResponse
from shared.errors import QueueUnavailable

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse, summary="Liveness: the process answers")
async def health() -> HealthResponse:
    return HealthResponse(status="ok")


@router.get(
    "/health/ready",
    response_model=ReadyResponse,
    responses={503: {"model": ReadyResponse, "description": "Redis unreachable or no live worker"}},
    summary="Readiness: Redis reachable and at least one worker heartbeat",
)
async def ready(backend: BackendDep) -> JSONResponse:
    window = int(backend.settings.worker_ttl_seconds * 1000)
    try:
        stats = await backend.queue.stats(worker_window_ms=window)
    except QueueUnavailable:
        body = ReadyResponse(status="not ready", backend=backend.mode, redis="unreachable", workers_alive=0,
                             reason="redis is unreachable")  # fmt: skip
        return JSONResponse(body.model_dump(), status_code=503)
    if stats.workers_alive == 0:
        body = ReadyResponse(status="not ready", backend=backend.mode, redis="ok", workers_alive=0,
                             reason="no worker heartbeat: start `python worker_service.py`")  # fmt: skip
        return JSONResponse(body.model_dump(), status_code=503)
    body = ReadyResponse(status="ready", backend=backend.mode, redis="ok", workers_alive=stats.workers_alive)
    return JSONResponse(body.model_dump())
