"""Dependencies shared by the routes, as `Annotated` aliases: `backend: BackendDep`.

They are `async def` although none awaits: FastAPI runs a plain `def` dependency in its thread
pool, and two thread hops per request cost more than the request itself (and its tail latency
on a busy host, where every hop waits for a core).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
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
    """Who is calling. `owner` scopes jobs to the key that submitted them (None: auth off)."""

    owner: str | None
    admin: bool
    address: str

    @property
    def rate_key(self) -> str:
        return self.owner or f"ip-{self.address}"


def owner_of(key: str) -> str:
    """Jobs store a digest of the key, never the key."""
    return hashlib.sha256(key.encode()).hexdigest()[:24]


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
) -> Caller:
    address = request.client.host if request.client else "unknown"
    if not settings.auth_enabled:
        return Caller(owner=None, admin=True, address=address)
    key = api_key or (bearer.credentials if bearer else None)
    if not key:
        raise ApiError(401, "an API key is required: send it as X-API-Key or Authorization: Bearer", "unauthorized",
                       {"WWW-Authenticate": "Bearer"})  # fmt: skip
    is_admin = _matches(key, settings.admin_api_keys)
    if not (is_admin or _matches(key, settings.api_keys)):
        raise ApiError(401, "this API key is not valid", "unauthorized", {"WWW-Authenticate": "Bearer"})
    return Caller(owner=owner_of(key), admin=is_admin, address=address)


CallerDep = Annotated[Caller, Depends(get_caller)]


async def require_admin(caller: CallerDep) -> Caller:
    if not caller.admin:
        raise ApiError(403, "this endpoint needs an admin API key (ADMIN_API_KEYS)", "forbidden")
    return caller


AdminDep = Annotated[Caller, Depends(require_admin)]
