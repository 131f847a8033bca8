"""Every error the API returns is JSON `{"detail": <for a person>, "error": <code>}`.

No stack trace, Redis error text or file content ever reaches a response: queue
errors map to fixed messages, and anything unexpected becomes a plain 500.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from shared.errors import IdempotencyConflict, JobNotFound, NotReplicated, QueueFull, QueueMisconfigured, QueueUnavailable

log = logging.getLogger("bta.api")


class ApiError(Exception):
    """Raised by routes and dependencies for a deliberate 4xx/5xx answer."""

    def __init__(self, status: int, detail: str, error: str, headers: dict[str, str] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.error = error
        self.headers = headers
        self.extra = extra  # more fields for the body, e.g. a job's status with a 409


def error_response(status: int, detail: str, error: str, headers: Mapping[str, str] | None = None,
                   extra: dict[str, Any] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail, "error": error, **(extra or {})}, status_code=status, headers=headers)


_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                 406: "not_acceptable", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
                 422: "invalid_request", 429: "too_many_requests", 503: "unavailable"}  # fmt: skip


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.detail, exc.error, exc.headers, exc.extra)

    @app.exception_handler(QueueUnavailable)
    async def _unavailable(_: Request, exc: QueueUnavailable) -> JSONResponse:
        log.warning("request failed: queue unavailable")
        return error_response(503, "the job queue is temporarily unavailable; try again shortly", "queue_unavailable",
                              {"Retry-After": "5"})  # fmt: skip

    @app.exception_handler(NotReplicated)
    async def _not_replicated(_: Request, exc: NotReplicated) -> JSONResponse:
        log.warning("request failed: write not confirmed by the replicas", extra={"reason": str(exc)})
        return error_response(503, "the job queue could not confirm the write on its replicas in time; try again "
                              "(with the same Idempotency-Key nothing is done twice)", "not_replicated",
                              {"Retry-After": "2"})  # fmt: skip

    @app.exception_handler(QueueMisconfigured)
    async def _misconfigured(_: Request, exc: QueueMisconfigured) -> JSONResponse:
        # The operator's message (what to set) is logged by the queue; the client learns what happened.
        return error_response(503, "the job queue is misconfigured: the service's REDIS_MODE does not match its Redis "
                              "deployment (details in the server log)", "queue_misconfigured", {"Retry-After": "30"})  # fmt: skip

    @app.exception_handler(QueueFull)
    async def _full(_: Request, exc: QueueFull) -> JSONResponse:
        return error_response(429, str(exc), "queue_full", {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(JobNotFound)
    async def _not_found(_: Request, exc: JobNotFound) -> JSONResponse:
        return error_response(404, str(exc), "not_found")

    @app.exception_handler(IdempotencyConflict)
    async def _conflict(_: Request, exc: IdempotencyConflict) -> JSONResponse:
        return error_response(422, str(exc), "idempotency_conflict")

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, _validation_message(list(exc.errors())), "invalid_request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        return error_response(exc.status_code, detail, _STATUS_CODES.get(exc.status_code, "error"), exc.headers)

    @app.exception_handler(ClientDisconnect)
    async def _gone(_: Request, exc: ClientDisconnect) -> JSONResponse:
        # The client hung up mid-request (usually mid-upload): nothing to answer, nothing broke.
        log.info("client disconnected before the request was read")
        return error_response(400, "the client disconnected before the request was complete", "client_disconnected")

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc)
        return error_response(500, "internal error; the request was not completed", "internal_error")
