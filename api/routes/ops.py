"""The operator's page at `/ops`: queue, workers, every recent job, pause and resume.

With API keys set, the page itself is served to anyone (it holds no data) and asks for an admin
key, which its calls to the admin endpoints (/queue/*) need. Without keys, the page and those
endpoints answer only to clients on this machine (loopback), like everything an operator sees.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from api.deps import NOT_LOOPBACK, SettingsDep, is_loopback
from api.errors import ApiError
from api.routes.dashboard import page

router = APIRouter(include_in_schema=False)


@router.api_route("/ops", methods=["GET", "HEAD"])
async def ops_page(request: Request, settings: SettingsDep) -> FileResponse:
    if not settings.auth_enabled and not is_loopback(request.client.host if request.client else ""):
        raise ApiError(403, NOT_LOOPBACK, "forbidden")
    return page("ops.html")
