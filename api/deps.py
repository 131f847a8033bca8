"""Dependencies shared by the routes, as `Annotated` aliases: `backend: BackendDep`.

They are `async def` although none awaits: FastAPI runs a plain `def` dependency in its thread
pool, and two thread hops per request cost more than the request itself (and its tail latency
on a busy host, where every hop waits for a core).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.backend import Backend
from api.errors import ApiError
from shared.settings import Settings


async def get_backend(request: Request) -> Backend:
    backend: Backend = request.app.state.backend
    return backend


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


BackendDep = Annotated[Backend, Depends(get_backend)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="Client or admin API key")
_bearer = HTTPBearer(auto_error=False, description="The same key as `Authorization: Bearer <key>`")


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling.

    `owner` scopes jobs: the digest of the API key, or without keys the digest of the browser's own
    id (`X-Browser-Id`, sent by the dashboard), or None (no keys, no browser id: jobs are reached
    by their unguessable ids only). `admin` opens the operator endpoints: an admin key, or without
    keys a client on this machine (loopback). `keyed`: the owner is an API key, so it is also the
    identity for rate limits (a browser id is the client's choice, an address is not)."""

    owner: str | None
    admin: bool
    address: str
    keyed: bool = False

    @property
    def rate_key(self) -> str:
        return self.owner if self.keyed and self.owner else f"ip-{self.address}"


BROWSER_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def owner_of(key: str) -> str:
    """Jobs store a digest of the key, never the key."""
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def is_loopback(address: str) -> bool:
    """127.0.0.0/8, ::1 and ::ffff:127.x; a name or 'unknown' is not (never trust what is unclear)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _matches(candidate: str, keys: list) -> bool:  # type: ignore[type-arg]
    found = False
    for key in keys:  # compare against every key: timing says nothing about which matched
        found |= hmac.compare_digest(candidate.encode(), key.get_secret_value().encode())
    return found


async def get_caller(
    request: Request,
    settings: SettingsDep,
    api_key: Annotated[str | None, Depends(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    browser_id: Annotated[str | None, Header(alias="X-Browser-Id", include_in_schema=False)] = None,
) -> Caller:
    address = request.client.host if request.client else "unknown"
    if not settings.auth_enabled:
        owner = None
        if browser_id is not None:
            if not BROWSER_ID_PATTERN.fullmatch(browser_id):
                raise ApiError(422, "X-Browser-Id must be 16-64 letters, digits, '-' or '_'", "invalid_request")
            owner = "browser-" + owner_of("browser:" + browser_id)
        return Caller(owner=owner, admin=is_loopback(address), address=address)
    key = api_key or (bearer.credentials if bearer else None)
    if not key:
        raise ApiError(401, "an API key is required: send it as X-API-Key or Authorization: Bearer", "unauthorized",
                       {"WWW-Authenticate": "Bearer"})  # fmt: skip
    is_admin = _matches(key, settings.admin_api_keys)
    if not (is_admin or _matches(key, settings.api_keys)):
        raise ApiError(401, "this API key is not valid", "unauthorized", {"WWW-Authenticate": "Bearer"})
    return Caller(owner=owner_of(key), admin=is_admin, address=address, keyed=True)


CallerDep = Annotated[Caller, Depends(get_caller)]


NOT_LOOPBACK = ("without API keys, operator endpoints answer only on this machine (loopback); to reach them "
                "from elsewhere set ADMIN_API_KEYS and send an admin key")  # fmt: skip


async def require_admin(caller: CallerDep) -> Caller:
    if not caller.admin:
        if not caller.keyed:
            raise ApiError(403, NOT_LOOPBACK, "forbidden")
        raise ApiError(403, "this endpoint needs an admin API key (ADMIN_API_KEYS)", "forbidden")
    return caller


AdminDep = Annotated[Caller, Depends(require_admin)]
