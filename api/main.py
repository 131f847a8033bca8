"""The HTTP API: `uvicorn api.main:app`.

It validates, enqueues through the protocol in `shared/`, and reads state back;
it never analyses anything itself. Without REDIS_URL it runs in embedded mode
(in-memory queue and worker loops inside this process).
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import errors
from api.backend import EMBEDDED_WARNING, start_backend, stop_backend
from api.exposure import bind_host, warn_if_exposed
from api.hardening import Hardening
from api.routes import analyze, dashboard, docs, exports, health, jobs, metrics, ops, queue
from api.schemas import ErrorResponse
from api.uploads import UploadSizeLimit
from shared import logs
from shared.settings import ConfigError, Settings, load_settings

log = logging.getLogger("bta.api")

DESCRIPTION = """
Upload a blood test report (PDF) and get a structured analysis: every biomarker with its
reference range and flag, the abnormal findings grouped by panel and explained, and a
physician's, a nutritionist's and an exercise physiologist's view.

`POST /analyze-async` answers at once with a `job_id`; follow it with `GET /status/{job_id}`
or the Server-Sent Events of `GET /jobs/{job_id}/events`. `POST /analyze` waits for the result.
This is not medical advice.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    if settings is None:
        try:
            settings = load_settings()
        except ConfigError as exc:
            print(f"api: invalid configuration:\n{exc}", file=sys.stderr)
            raise SystemExit(2) from None
    logs.setup(settings.log_level, settings.log_format)
    if not settings.uses_redis:
        log.warning(EMBEDDED_WARNING)
    warn_if_exposed(settings, bind_host())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.backend = await start_backend(settings)
        # Everything alive now (modules, routes, schemas: ~80k objects) lives as long as the
        # process; frozen, the cyclic GC stops re-scanning it, and its full collections drop
        # from ~60 ms pauses (measured under load) to the size of the requests' own garbage.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await stop_backend(app.state.backend)

    app = FastAPI(
        title="Blood Test Report Analyzer",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # /docs is api/routes/docs.py: pinned Swagger UI with SRI and a CSP
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        # Every error body is {"detail": str, "error": str}, validation errors included.
        responses={422: {"model": ErrorResponse, "description": "Invalid request"}},
    )
    app.state.settings = settings
    errors.install(app)
    app.add_middleware(UploadSizeLimit, limit=settings.max_upload_bytes)
    app.add_middleware(Hardening)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["X-API-Key", "Authorization", "Idempotency-Key", "Last-Event-ID", "X-Browser-Id"])  # fmt: skip
    for module in (analyze, jobs, exports, queue, metrics, health, dashboard, ops, docs):
        app.include_router(module.router)
    return app


app = create_app()
