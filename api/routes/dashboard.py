"""The two pages, served as static files (api/static/, no build step, no CDN; states.js, the job's
status and stage names, is made from the service's enums by api/states.py) that talk to the JSON API
from the browser: the patient's page at `/` (here) and the operator's at `/ops`
(api/routes/ops.py). The patient page needs no API key; every call it makes sends the key the
user typed in (X-API-Key), so auth stays where it is, in the API routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from api import states
from api.errors import ApiError

router = APIRouter(include_in_schema=False)

STATIC = Path(__file__).resolve().parents[1] / "static"

# Only these files are served: a fixed map, so no path from the URL ever reaches the file system.
_FILES = {
    "app.js": "text/javascript; charset=utf-8",
    "ops.js": "text/javascript; charset=utf-8",
    "common.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}

# The job's status and stage names, made from the service's enums (api/states.py), not a file.
STATES_JS = states.module()

# Everything a page loads comes from this origin; no inline script, no third party.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")  # fmt: skip
_HEADERS = {
    "Cache-Control": "no-cache",  # revalidate, so a deploy is picked up at once
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def page(name: str) -> FileResponse:
    """An HTML page of api/static with its security headers."""
    headers = {**_HEADERS, "Content-Security-Policy": _CSP, "X-Frame-Options": "DENY"}
    return FileResponse(STATIC / name, media_type="text/html; charset=utf-8", headers=headers)


@router.api_route("/", methods=["GET", "HEAD"])
async def dashboard() -> FileResponse:
    return page("index.html")


@router.api_route("/static/states.js", methods=["GET", "HEAD"])
async def states_js() -> Response:
    return Response(STATES_JS, media_type="text/javascript; charset=utf-8", headers=_HEADERS)


@router.api_route("/static/{name}", methods=["GET", "HEAD"])
async def static_file(name: str) -> FileResponse:
    media_type = _FILES.get(name)
    if media_type is None:
        raise ApiError(404, "no such file", "not_found")
    return FileResponse(STATIC / name, media_type=media_type, headers=_HEADERS)


@router.get("/favicon.ico")
async def favicon() -> FileResponse:
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml", headers=_HEADERS)
